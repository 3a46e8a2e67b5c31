// a32_cp15: CP15/CP14 accesses of an A32 EL1 under the AArch64 EL2 (issue 21; guest in
// a32_cp15_guest.S). HCR_EL2.RW = 0 with TID3, TSC, TWE; HSTR_EL2.T7 and T9;
// MDCR_EL2.TDOSA; VPIDR_EL2 and FAR_EL1 set for the guest to read. Every trap comes to
// VBAR_EL2 + 0x600 and is stepped over (ELR + 4); HVC #2 checks what the untrapped
// accesses did (exit 100 + n when check n fails), HVC #3 ends the run with exit 0.
    .include "common.inc"
    .equ HCR_TID3, (1 << 18)
    .equ HCR_TSC, (1 << 19)
    .equ HCR_TWE, (1 << 14)

    .text
    .global _start
_start:
    el2_setup el2_vectors
    ldr     x0, =(HCR_TID3 | HCR_TSC | HCR_TWE)     // RW = 0: EL1 is AArch32
    msr     hcr_el2, x0
    mov     x0, #((1 << 9) | (1 << 7))               // HSTR_EL2.T9, T7
    msr     hstr_el2, x0
    mov     x0, #(1 << 10)                           // MDCR_EL2.TDOSA
    msr     mdcr_el2, x0
    ldr     x0, =0x410fd0a5
    msr     vpidr_el2, x0
    ldr     x0, =0x1234567889abcdef
    msr     far_el1, x0
    adr     x0, guest
    msr     elr_el2, x0
    mov     x0, #0x1d3                               // Supervisor mode, A/I/F masked
    msr     spsr_el2, x0
    isb
    eret

lower32_sync:
    mrs     x10, esr_el2
    lsr     x11, x10, #26
    cmp     x11, #0x12
    b.eq    on_hvc
    mrs     x12, elr_el2                             // a trap: step over (all 32-bit)
    add     x12, x12, #4
    msr     elr_el2, x12
    eret
on_hvc:
    and     x12, x10, #0xffff
    cmp     x12, #3
    b.eq    done
    ldr     x13, =0x410fd0a5
    cmp     x0, x13                                  // R0: MIDR read VPIDR_EL2
    b.ne    fail1
    mrs     x13, vbar_el1
    cmp     x13, #0x2000
    b.ne    fail2
    ldr     x13, =0x12345678
    cmp     x2, x13                                  // R2: IFAR = FAR_EL1[63:32]
    b.ne    fail3
    ldr     x13, =0x89abcdef
    cmp     x3, x13                                  // R3: DFAR = FAR_EL1[31:0]
    b.ne    fail4
    mrs     x13, ttbr0_el1
    ldr     x14, =0x0001000040004000
    cmp     x13, x14
    b.ne    fail5
    ldr     x14, =0x40004000
    cmp     x6, x14                                  // R6:R7 read back
    b.ne    fail6
    cmp     x7, #0x10000
    b.ne    fail6
    mrs     x13, dacr32_el2
    mov     x14, #0x5555
    cmp     x13, x14
    b.ne    fail7
    eret
done:                                                // R5-R7: TPIDRURW/URO/PRW read back
    ldr     x13, =0x12345678
    cmp     x5, x13
    b.ne    fail8
    mrs     x14, tpidr_el0                           // the AArch64 view of TPIDRURW
    cmp     x14, x13
    b.ne    fail8
    add     x13, x13, #1
    cmp     x6, x13
    b.ne    fail9
    mrs     x14, tpidrro_el0
    cmp     x14, x13
    b.ne    fail9
    add     x13, x13, #1
    cmp     x7, x13
    b.ne    fail10
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
fail6:
    semihost_exit 106
fail7:
    semihost_exit 107
fail8:
    semihost_exit 108
fail9:
    semihost_exit 109
fail10:
    semihost_exit 110

    a32_el2_vectors lower32_sync

    .balign 0x100
guest:
    .incbin "a32_cp15_guest.bin"
