// a32_irq: interrupts from an AArch32 EL1 under the AArch64 EL2 (issue 21; guest in
// a32_irq_guest.S, whose header lists the steps). HCR_EL2.RW = 0; the generic timer's
// CNTP (PPI 30, CVAL = 0) is the physical IRQ, HCR_EL2.VI/VF/VSE the virtual ones.
// IRQs from the AArch32 EL1 with IMO = 1 come to VBAR_EL2 + 0x680 (lower EL, AArch32);
// the EL2 counts them in X20. HVC #n sets/clears the HCR_EL2 bits; HVC #0 checks the
// guest's registers (exit 100 + n when check n fails, 0 when all pass). Under QEMU the
// timer reaches the PE through its GICv2 (irq.inc's gic_setup).
    .include "common.inc"
    .include "irq.inc"
    .equ HCR_FMO, (1 << 3)
    .equ HCR_IMO, (1 << 4)
    .equ HCR_AMO, (1 << 5)
    .equ HCR_VF, (1 << 6)
    .equ HCR_VI, (1 << 7)
    .equ HCR_VSE, (1 << 8)

    .text
    .global _start
_start:
    el2_setup el2_vectors
    gic_setup
    msr     cntp_cval_el0, xzr
    mov     x0, #HCR_IMO                             // RW = 0: EL1 is AArch32; TGE = 0
    msr     hcr_el2, x0
    adr     x0, guest
    msr     vbar_el1, x0
    add     x0, x0, #0x20
    msr     elr_el2, x0
    mov     x0, #0x1d3                               // Supervisor mode, A/I/F masked
    msr     spsr_el2, x0
    isb
    eret

lower32_irq:
    adr     x10, el2_irqs                            // (X0-X30 all hold AArch32 registers:
    ldr     x11, [x10]                               //  the count is in memory)
    add     x11, x11, #1
    str     x11, [x10]
    msr     cntp_ctl_el0, xzr
    msr     hcr_el2, xzr                             // IMO = 0: from now on to EL1
    isb
    eret

lower32_sync:
    mrs     x10, esr_el2
    and     x11, x10, #0xffff
    mrs     x12, hcr_el2
    cmp     x11, #0
    b.eq    checks
    cmp     x11, #1
    b.ne    1f
    mov     x13, #(HCR_IMO | HCR_VI)
    orr     x12, x12, x13
1:  cmp     x11, #2
    b.ne    1f
    bic     x12, x12, #HCR_VI
1:  cmp     x11, #3
    b.ne    1f
    mov     x13, #(HCR_FMO | HCR_VF)
    orr     x12, x12, x13
1:  cmp     x11, #4
    b.ne    1f
    bic     x12, x12, #HCR_VF
1:  cmp     x11, #5
    b.ne    1f
    mov     x13, #(HCR_AMO | HCR_VSE)
    orr     x12, x12, x13
1:  msr     hcr_el2, x12
    isb
    eret
checks:
    adr     x10, el2_irqs
    ldr     x11, [x10]
    cmp     x11, #1                                  // one IRQ taken to EL2
    b.ne    fail1
    adr     x10, guest
    add     x11, x10, #0x84
    cmp     x16, x11                                 // R14_irq (X16): the virtual IRQ's + 4
    b.ne    fail6
    add     x11, x10, #0x9c
    cmp     x30, x11                                 // R14_fiq (X30): the FIQ's + 4
    b.ne    fail7
    add     x11, x10, #0xb8
    cmp     x20, x11                                 // R14_abt (X20): the SError's + 8
    b.ne    fail8
    mrs     x11, spsr_abt
    ldr     x12, =0x60000013                         // Supervisor mode, A/I/F clear, Z, C
    cmp     x11, x12
    b.ne    fail9
    mrs     x11, spsr_fiq
    ldr     x12, =0x60000113                         // F clear, A set
    cmp     x11, x12
    b.ne    fail9
    cmp     x5, #3                                   // R5: three IRQs taken to IRQ mode
    b.ne    fail2
    cmp     x7, #1                                   // R7: one FIQ taken to FIQ mode
    b.ne    fail3
    cmp     x8, #0x406                               // R8: DFSR of the virtual SError
    b.ne    fail4
    mrs     x12, hcr_el2
    tst     x12, #HCR_VSE                            // taking it cleared VSE
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
fail6:
    semihost_exit 106
fail7:
    semihost_exit 107
fail8:
    semihost_exit 108
fail9:
    semihost_exit 109
    .ltorg
    .balign 8
el2_irqs:
    .quad   0

    a32_el2_vectors lower32_sync, lower32_irq

    .balign 0x100
guest:
    .incbin "a32_irq_guest.bin"
