// gic_sgi_pmr: the GICv3 physical CPU interface at EL2 (Arm IHI 0069 4.1 "Interrupt
// lifecycle", 4.7 "Priority masking", 4.8 "Preemption"), with SGIs sent to self through
// ICC_SGI1R_EL1. HCR_EL2.IMO = 1, PSTATE.I = 1 except where said. SGI 3 has priority
// 0x80, SGI 5 0x40.
//  1. ICC_RPR_EL1 reads 0xff (idle), ICC_HPPIR1_EL1 and ICC_IAR1_EL1 1023 (nothing pending).
//  2. ICC_PMR_EL1 = 0x40; SGIs 3 and 5 sent: both pending, neither has sufficient
//     priority: ISR_EL1.I = 0, HPPIR1 = 5 (the highest priority pending, whatever the
//     mask), IAR1 = 1023 (no acknowledge).
//  3. PMR = 0xff (reads 0xf8: 5 bits of priority): ISR_EL1.I = 1; MSR DAIFClr takes the
//     IRQ (SGI 5 first). The handler acknowledges 5 (RPR = 0x40); SGI 3 cannot preempt
//     (ISR_EL1.I = 0, HPPIR1 = 3, IAR1 = 1023); EOIR1 5 drops the priority (RPR = 0xff,
//     ISR_EL1.I = 1); the ERET, unmasking, takes SGI 3 at once at its return address.
//  4. ICC_CTLR_EL1.EOImode = 1: SGI 3 is taken; EOIR1 only drops the priority: SGI 3 sent
//     again stays pending behind the active one (HPPIR1 = 1023) until ICC_DIR_EL1
//     deactivates it (HPPIR1 = 3); it is acknowledged in the handler and EOIed + DIRed.
// Exits 0, 99 without a GICv3 CPU interface (ID_AA64PFR0_EL1.GIC = 0), or 100 + the
// failed check.
    .include "common.inc"
    .include "irq.inc"
    .equ HCR_IMO, (1 << 4)
    .equ SGI_BASE, GICR_BASE + 0x10000

.macro expect reg, val, n
    mrs     x9, \reg
    ldr     x10, =\val
    cmp     x9, x10
    b.ne    f\n
.endm
.macro sgi intid
    ldr     x0, =((\intid << 24) | 1)     // TargetList bit 0: Aff0 = 0, this PE
    msr     icc_sgi1r_el1, x0
    isb
.endm

    .text
    .global _start
_start:
    el2_setup el2_irq_vectors
    mrs     x0, id_aa64pfr0_el1
    ubfx    x0, x0, #24, #4
    cbnz    x0, 1f
    semihost_exit 99
1:  gic_setup
    ldr     x0, =SGI_BASE
    mov     w1, #((1 << 3) | (1 << 5))
    str     w1, [x0, #0x100]            // GICR_ISENABLER0: SGIs 3, 5
    mov     w1, #0x80
    strb    w1, [x0, #0x403]            // GICR_IPRIORITYR: SGI 3
    mov     w1, #0x40
    strb    w1, [x0, #0x405]            // SGI 5
    ldr     x0, =(HCR_RW | HCR_IMO)
    msr     hcr_el2, x0
    isb
    mov     x20, #0                     // interrupts taken
    mov     x21, #0                     // INTIDs acknowledged, one byte each, in order
    expect  icc_rpr_el1, 0xff, 1
    expect  icc_hppir1_el1, 1023, 2
    expect  icc_iar1_el1, 1023, 3
// 2.
    mov     x0, #0x40
    msr     icc_pmr_el1, x0
    sgi     3
    sgi     5
    mrs     x1, isr_el1
    tbnz    x1, #7, f4
    expect  icc_hppir1_el1, 5, 5
    expect  icc_iar1_el1, 1023, 6
// 3.
    mov     x0, #0xff
    msr     icc_pmr_el1, x0
    isb
    expect  icc_pmr_el1, 0xf8, 7
    mrs     x1, isr_el1
    tbz     x1, #7, f8
t3_unmask:
    msr     daifclr, #2                 // SGI 5 taken here, SGI 3 at the handler's return
t3_after:
    msr     daifset, #2
    cmp     x20, #2
    b.ne    f9
    ldr     x0, =0x0503                 // 5, then 3
    cmp     x21, x0
    b.ne    f10
// 4.
    mov     x0, #2
    msr     icc_ctlr_el1, x0            // EOImode = 1
    isb
    mov     x22, #1                     // the handler's EOImode path
    mov     x21, #0
    sgi     3
t4_unmask:
    msr     daifclr, #2                 // taken here
t4_after:
    msr     daifset, #2
    cmp     x20, #3
    b.ne    f11
    ldr     x0, =0x0303
    cmp     x21, x0
    b.ne    f12
    expect  icc_rpr_el1, 0xff, 13
    expect  icc_hppir1_el1, 1023, 14
    semihost_exit 0

f1: fail_exit 101
f2: fail_exit 102
f3: fail_exit 103
f4: fail_exit 104
f5: fail_exit 105
f6: fail_exit 106
f7: fail_exit 107
f8: fail_exit 108
f9: fail_exit 109
f10: fail_exit 110
f11: fail_exit 111
f12: fail_exit 112
f13: fail_exit 113
f14: fail_exit 114
f20: fail_exit 120
f21: fail_exit 121
f22: fail_exit 122
f23: fail_exit 123
f24: fail_exit 124
f25: fail_exit 125
f26: fail_exit 126
f27: fail_exit 127
f28: fail_exit 128
f29: fail_exit 129
f30: fail_exit 130
    fail_routine
    .ltorg

el2_irq:
    add     x20, x20, #1
    mrs     x11, icc_iar1_el1
    lsl     x21, x21, #8
    orr     x21, x21, x11
    cbnz    x22, eoimode1
    cmp     x11, #5
    b.ne    2f
    expect  icc_rpr_el1, 0x40, 20       // SGI 5 running
    mrs     x1, isr_el1
    tbnz    x1, #7, f21                 // SGI 3 cannot preempt it
    expect  icc_hppir1_el1, 3, 22
    expect  icc_iar1_el1, 1023, 23
    msr     icc_eoir1_el1, x11
    isb
    expect  icc_rpr_el1, 0xff, 24
    mrs     x1, isr_el1
    tbz     x1, #7, f25                 // SGI 3 is signalled now
    eret                                // and taken at the return address
2:  expect  icc_rpr_el1, 0x80, 26       // SGI 3
    msr     icc_eoir1_el1, x11
    eret
eoimode1:
    msr     icc_eoir1_el1, x11          // priority drop only
    isb
    expect  icc_rpr_el1, 0xff, 27
    sgi     3                           // pending again, behind the active one
    expect  icc_hppir1_el1, 1023, 28
    msr     icc_dir_el1, x11            // deactivated: the pending one is a candidate
    isb
    expect  icc_hppir1_el1, 3, 29
    mrs     x11, icc_iar1_el1           // acknowledged here (PSTATE.I = 1)
    cmp     x11, #3
    b.ne    f30
    lsl     x21, x21, #8
    orr     x21, x21, x11
    msr     icc_eoir1_el1, x11
    msr     icc_dir_el1, x11
    isb
    eret

    irq_vectors el2_irq_vectors, f20, el2_irq, f20, f20
