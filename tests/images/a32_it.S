// a32_it: a T32 EL1 (SPSR 0x1f3) whose trapped and completed instructions are in IT
// blocks (issue 21; uc_facts.h F23; guest in a32_it_guest.S). HCR_EL2.RW = 0 with TID3,
// TWI and TSC. Each trap is stepped over as a hypervisor does it for AArch32: ELR + 2 or 4
// (ESR.IL) and SPSR_EL2.IT advanced (AArch32.ITAdvance), so the guest resumes inside its
// IT block with the conditions left. The HVC checks the guest's registers: exit 0, or
// 100 + n when check n fails.
    .include "common.inc"
    .equ HCR_TWI, (1 << 13)
    .equ HCR_TID3, (1 << 18)
    .equ HCR_TSC, (1 << 19)
    .text
    .global _start
_start:
    el2_setup el2_vectors
    ldr     x0, =(HCR_TID3 | HCR_TWI | HCR_TSC)     // RW = 0: EL1 is AArch32
    msr     hcr_el2, x0
    adr     x0, guest
    msr     elr_el2, x0
    mov     x0, #0x1f3                              // Supervisor mode, T32, A/I/F masked
    msr     spsr_el2, x0
    isb
    eret
lower32_sync:
    mrs     x10, esr_el2
    lsr     x11, x10, #26
    cmp     x11, #0x12
    b.eq    done
    mrs     x12, elr_el2                            // step over: 2 or 4 bytes (IL)
    tst     x10, #(1 << 25)
    mov     x13, #2
    mov     x14, #4
    csel    x13, x14, x13, ne
    add     x12, x12, x13
    msr     elr_el2, x12
    mrs     x15, spsr_el2                           // AArch32.ITAdvance on SPSR_EL2.IT
    ubfx    x16, x15, #10, #6
    lsl     x16, x16, #2
    ubfx    x17, x15, #25, #2
    orr     x16, x16, x17                           // IT<7:0>
    and     x17, x16, #0xe0
    lsl     x14, x16, #1
    and     x14, x14, #0x1f
    orr     x17, x17, x14                           // IT<7:5>:LSL(IT<4:0>, 1)
    tst     x16, #7
    csel    x16, xzr, x17, eq                       // IT<2:0> == '000': the block ends
    and     x15, x15, #~0xfc00
    and     x15, x15, #~0x6000000
    ubfx    x17, x16, #2, #6
    orr     x15, x15, x17, lsl #10
    and     x17, x16, #3
    orr     x15, x15, x17, lsl #25
    msr     spsr_el2, x15
    eret
done:
    cbnz    x2, fail1                               // MOVEQ after the MCR skipped
    cmp     x4, #7                                  // ADDNE ran, ADDEQ after the WFE skipped
    b.ne    fail2
    cbnz    x5, fail3
    cmp     x6, #0x55                               // CONTEXTIDR as the MCR wrote it
    b.ne    fail4
    cmp     x9, #3                                  // MOVEQ before the SMC ran
    b.ne    fail5
    semihost_exit 0
fail1:
    semihost_exit 101
fail2:
    semihost_exit 102
fail3:
    semihost_exit 103
fail4:
    semihost_exit 104
fail5:
    semihost_exit 105
    a32_el2_vectors lower32_sync
    .balign 0x100
guest:
    .incbin "a32_it_guest.bin"
