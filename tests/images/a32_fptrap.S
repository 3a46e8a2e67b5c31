// a32_fptrap: FP/Advanced SIMD access traps of an A32 EL1 and EL0 under the AArch64 EL2
// (issue 21; guest in a32_fptrap_guest.S). HCR_EL2.RW = 0. EL1 enables CPACR and FPEXC
// (HVC #3: EL2 checks the VMRS reads and sets HCR_EL2.TID0/TID3, which trap VMRS MVFR1
// and FPSID with EC 0x08), then with CPTR_EL2.TFP (HVC #1) its VFP, VLDR,
// VMRS FPSCR and FPEXC and an Advanced SIMD instruction trap with EC 0x07 (stepped over:
// ELR + 4); a VADDNE failing its condition does not. HVC #2: CPACR.cp10 = 0b01, TFP clear,
// TGE = 1, EL0: its VADD and VMRS FPEXC are UNDEFINED, to EL2 as EC 0x00; its SVC returns to
// EL1 with TFP set for a VADDEQ that passes (COND 0x0); HVC #4 ends the run: exit 0, or
// 100 + n when check n failed.
    .include "common.inc"
    .equ CPTR_TFP, (1 << 10)
    .equ HCR_TID0, (1 << 15)
    .equ HCR_TID3, (1 << 18)

    .text
    .global _start
_start:
    el2_setup el2_vectors
    mov     x0, #0                                   // RW = 0: EL1 is AArch32
    msr     hcr_el2, x0
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
    cmp     x11, #0x11
    b.eq    on_svc
    mrs     x12, elr_el2                             // EC 0x07 or 0x00: step over
    add     x12, x12, #4
    msr     elr_el2, x12
    eret
on_hvc:
    and     x12, x10, #0xffff
    cmp     x12, #1
    b.eq    set_tfp
    cmp     x12, #2
    b.eq    to_el0
    cmp     x12, #4
    b.eq    done
    tst     x1, #0x40000000                          // #3: R1 = FPEXC with EN
    b.eq    fail1
    ldr     x13, =0x10110222
    cmp     x2, x13                                  // R2 = MVFR0
    b.ne    fail2
    mov     x13, #0x40000000
    cmp     x3, x13                                  // R3: the VMOV round trip
    b.ne    fail3
    mrs     x13, fpexc32_el2
    tst     x13, #0x40000000
    b.eq    fail4
    ldr     x13, =(HCR_TID0 | HCR_TID3)
    msr     hcr_el2, x13
    eret
set_tfp:
    msr     hcr_el2, xzr
    mrs     x13, cptr_el2
    orr     x13, x13, #CPTR_TFP
    msr     cptr_el2, x13
    isb
    eret
to_el0:
    mrs     x13, cptr_el2
    bic     x13, x13, #CPTR_TFP
    msr     cptr_el2, x13
    ldr     x0, =(HCR_TGE)                           // RW = 0, TGE = 1: EL0 AArch32
    msr     hcr_el2, x0
    adr     x0, guest + 0x100
    msr     elr_el2, x0
    mov     x0, #0x1d0                               // User mode
    msr     spsr_el2, x0
    isb
    eret
on_svc:
    mrs     x13, cptr_el2
    orr     x13, x13, #CPTR_TFP
    msr     cptr_el2, x13
    msr     hcr_el2, xzr
    adr     x0, guest + 0x180
    msr     elr_el2, x0
    ldr     x0, =0x400001d3                          // Supervisor mode, Z set
    msr     spsr_el2, x0
    isb
    eret
done:
    semihost_exit 0
fail1:
    semihost_exit 101
fail2:
    semihost_exit 102
fail3:
    semihost_exit 103
fail4:
    semihost_exit 104

    a32_el2_vectors lower32_sync

    .balign 0x100
guest:
    .incbin "a32_fptrap_guest.bin"
