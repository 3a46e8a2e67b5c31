// gic_vlr: issue 19's hypervisor image. EL2 programs its physical timer (CNTHP, PPI 26),
// takes the timer interrupt at EL2 while its EL1 guest sleeps in WFI, acknowledges and
// EOIs it through ICC_IAR1_EL1 / ICC_EOIR1_EL1, and injects a virtual interrupt into the
// guest through a list register (Arm IHI 0069 4.1.2 "Virtual CPU interface", 12.4
// ICH_LR<n>_EL2); the guest takes the vIRQ at EL1, reads ICC_IAR1_EL1 (the ICV_* view,
// HCR_EL2.IMO = 1) and EOIs it, which deactivates the list register; the list register
// asked for an EOI maintenance interrupt (LR.EOI), so PPI 25 is taken to EL2 right
// after the guest's EOI, and EL2 frees the list register.
//  - EL2: GIC set up (PPIs 25 and 26 enabled, PPI 26 at priority 0xa0), ICH_HCR_EL2.En,
//    HCR_EL2.IMO, CNTHP_TVAL_EL2 = 2000000 ticks, ERET to EL1 with PSTATE.I = 0.
//  - EL1: ICC_PMR_EL1 = 0xf0 and ICC_IGRPEN1_EL1 = 1 reach ICH_VMCR_EL2 (VPMR, VENG1),
//    reads back 0xf0; WFI.
//  - IRQ to EL2 (ELR = the instruction after the WFI): ICC_IAR1_EL1 = 26, ICC_RPR_EL1 =
//    0xa0, HPPIR1 = 1023; the timer is disabled, EOIR1 26 (RPR 0xff); ICH_LR0_EL2 =
//    pending, Group 1, priority 0x80, EOI, vINTID 40; ICH_ELRSR_EL2 = 0xe; ERET.
//  - VIRQ at EL1 at the ERET's target: ICC_IAR1_EL1 = 40, ICC_RPR_EL1 = 0x80, a second
//    IAR1 1023; EOIR1 40: LR0 becomes invalid with EOI set, ICH_MISR_EL2.EOI: the
//    maintenance interrupt is taken to EL2 right after that MSR (PSTATE.I = 1 at EL1 does
//    not mask an interrupt routed to EL2).
//  - IRQ to EL2: IAR1 = 25; ICH_MISR_EL2 = 1 (EOI), ICH_EISR_EL2 = 1, ICH_ELRSR_EL2 =
//    0xe; LR0 cleared: MISR 0, ELRSR 0xf; EOIR1 25; ERET.
//  - EL1: RPR 0xff; HVC #0 to EL2, which exits.
// Exits 0, 99 without a GICv3 CPU interface (ID_AA64PFR0_EL1.GIC = 0), or 100 + the
// failed check.
    .include "common.inc"
    .include "irq.inc"
    .equ HCR_IMO, (1 << 4)
    .equ SGI_BASE, GICR_BASE + 0x10000
    .equ LR_VAL, (1 << 62) | (1 << 60) | (0x80 << 48) | (1 << 41) | 40

.macro expect reg, val, n
    mrs     x9, \reg
    ldr     x10, =\val
    cmp     x9, x10
    b.ne    f\n
.endm

    .text
    .global _start
_start:
    el2_setup el2_irq_vectors
    adr     x0, el1_irq_vectors
    msr     vbar_el1, x0
    mrs     x0, id_aa64pfr0_el1
    ubfx    x0, x0, #24, #4
    cbnz    x0, 1f
    semihost_exit 99
1:  gic_setup
    ldr     x0, =SGI_BASE
    mov     w1, #(1 << 25)
    str     w1, [x0, #0x100]            // GICR_ISENABLER0: the maintenance interrupt
    mov     w1, #0xa0
    strb    w1, [x0, #0x41a]            // GICR_IPRIORITYR: PPI 26
    mov     x0, #1
    msr     ich_hcr_el2, x0             // En
    mov     x20, #0                     // interrupts taken at EL2
    mov     x21, #0                     // virtual interrupts taken at EL1
    ldr     x0, =2000000                // 32 ms of QEMU's 62.5 MHz count: no host timing
    msr     cnthp_tval_el2, x0
    mov     x0, #1
    msr     cnthp_ctl_el2, x0
    drop_to_el1 el1_code, (HCR_RW | HCR_IMO), 0x305   // EL1h, PSTATE.I = 0
el1_code:
    mov     x0, #0xf0
    msr     icc_pmr_el1, x0             // ICV_PMR_EL1: ICH_VMCR_EL2.VPMR
    mov     x0, #1
    msr     icc_igrpen1_el1, x0         // ICV_IGRPEN1_EL1: VENG1
    isb
    expect  icc_pmr_el1, 0xf0, 1
t_wfi:
    wfi                                 // the timer's IRQ is taken to EL2 after it
t_woken:                                // and the vIRQ here, at the ERET's target
    cmp     x21, #1
    b.ne    f2
    cmp     x20, #2
    b.ne    f3
    expect  icc_rpr_el1, 0xff, 4
    hvc     #0

f1: fail_exit 101
f2: fail_exit 102
f3: fail_exit 103
f4: fail_exit 104
f10: fail_exit 110
f11: fail_exit 111
f12: fail_exit 112
f13: fail_exit 113
f14: fail_exit 114
f15: fail_exit 115
f20: fail_exit 120
f21: fail_exit 121
f22: fail_exit 122
f23: fail_exit 123
f24: fail_exit 124
f25: fail_exit 125
f30: fail_exit 130
f31: fail_exit 131
f32: fail_exit 132
f33: fail_exit 133
f34: fail_exit 134
f35: fail_exit 135
    fail_routine
    .ltorg

el2_sync:                               // HVC #0 from the guest: done
    semihost_exit 0

el2_irq:
    add     x20, x20, #1
    mrs     x11, icc_iar1_el1
    cmp     x11, #25
    b.eq    maint
    cmp     x11, #26
    b.ne    f10
    expect  icc_rpr_el1, 0xa0, 11
    expect  icc_hppir1_el1, 1023, 12
    msr     cnthp_ctl_el2, xzr          // the timer's level goes
    msr     icc_eoir1_el1, x11
    isb
    expect  icc_rpr_el1, 0xff, 13
    ldr     x0, =LR_VAL
    msr     ich_lr0_el2, x0             // inject vINTID 40
    isb
    expect  ich_elrsr_el2, 0xe, 14
    eret
maint:
    expect  ich_misr_el2, 1, 20         // EOI
    expect  ich_eisr_el2, 1, 21
    expect  ich_elrsr_el2, 0xe, 22      // LR0 invalid, but its EOI request stands
    msr     ich_lr0_el2, xzr
    isb
    expect  ich_misr_el2, 0, 23
    expect  ich_elrsr_el2, 0xf, 24
    msr     icc_eoir1_el1, x11
    isb
    expect  icc_rpr_el1, 0xff, 25
    eret

el1_irq:
    add     x21, x21, #1
    mrs     x11, icc_iar1_el1           // ICV_IAR1_EL1
    cmp     x11, #40
    b.ne    f30
    expect  icc_rpr_el1, 0x80, 31
    expect  icc_iar1_el1, 1023, 32
    cmp     x20, #1
    b.ne    f33
t_eoi:
    msr     icc_eoir1_el1, x11          // the maintenance interrupt is taken right after
t_after_eoi:
    cmp     x20, #2
    b.ne    f34
    expect  icc_rpr_el1, 0xff, 35
    eret

    irq_vectors el2_irq_vectors, el2_sync, el2_irq, f15, f15
    irq_vectors el1_irq_vectors, f15, el1_irq, f15, f15
