// irq_routing: physical IRQ routing and masking (Arm ARM D1 "Asynchronous exception
// masking", tables "Physical interrupt target and masking"; AArch64.TakePhysicalIRQException),
// one table row per step. Each interrupt is a generic timer's PPI with CVAL = 0, whose
// condition holds from the moment the timer is enabled, so it is asserted at a known
// instruction (under QEMU through its GIC: irq.inc).
//  1. EL2, HCR_EL2.{TGE,IMO} = {0,0}, PSTATE.I = 0, CNTHP (PPI 26): pending (ISR_EL1.I = 1,
//     CNTHP_CTL_EL2 reads ENABLE | ISTATUS) but not taken (routed to EL1, below EL2);
//     taken to EL2 (VBAR_EL2 + 0x280) right after the MSR HCR_EL2 that sets IMO,
//     ELR = the next instruction.
//  2. EL2, IMO = 1, PSTATE.I = 1: CNTHP pending and masked; taken right after
//     MSR DAIFClr, #2.
//  3. EL1, IMO = 0, PSTATE.I = 0: CNTP (PPI 30) is taken to EL1 (VBAR_EL1 + 0x280) right
//     after the MSR CNTP_CTL_EL0 that enables it.
//  4. EL1, IMO = 1, PSTATE.I = 1: CNTP is taken to EL2 (VBAR_EL2 + 0x480) right after that
//     MSR: EL1's PSTATE.I does not mask an interrupt routed to EL2.
//  5. EL0, HCR_EL2.TGE = 1 (E2H = 0, IMO = 0), PSTATE.I = 1: CNTHP, asserted at EL2 while
//     masked there, is taken to EL2 at the first EL0 instruction after the ERET.
// Each handler turns the timers off (CTL = 0), which takes the interrupt away. Exits 0,
// or the number of the failed check.
    .include "common.inc"
    .include "irq.inc"
    .equ HCR_IMO, (1 << 4)

    .text
    .global _start
_start:
    el2_setup el2_irq_vectors
    adr     x0, el1_irq_vectors
    msr     vbar_el1, x0
    gic_setup
    msr     cnthp_cval_el2, xzr
    msr     cntp_cval_el0, xzr
    mov     x20, #0                     // interrupts taken at EL2
    mov     x21, #0                     // interrupts taken at EL1
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    isb
    msr     daifclr, #2
    mov     x0, #1
t1_arm:
    msr     cnthp_ctl_el2, x0           // asserted now, not taken (IMO = 0)
    isb
    mrs     x1, isr_el1
    tbz     x1, #7, f1
    mrs     x1, cnthp_ctl_el2
    cmp     x1, #5                      // ISTATUS | ENABLE
    b.ne    f2
    cbnz    x20, f3
    ldr     x0, =(HCR_RW | HCR_IMO)
t1_route:
    msr     hcr_el2, x0                 // taken here
t1_after:
    cmp     x20, #1
    b.ne    f4
    msr     daifset, #2
    mov     x0, #1
t2_arm:
    msr     cnthp_ctl_el2, x0           // asserted, masked by PSTATE.I
    isb
    cmp     x20, #1
    b.ne    f4
t2_unmask:
    msr     daifclr, #2                 // taken here
t2_after:
    cmp     x20, #2
    b.ne    f4
    msr     daifset, #2
    drop_to_el1 el1_code, HCR_RW, 0x305 // EL1h, PSTATE.I = 0
el1_code:
    mov     x0, #1
t3_arm:
    msr     cntp_ctl_el0, x0            // taken to EL1 here
t3_after:
    cmp     x21, #1
    b.ne    f5
    msr     daifset, #2
    hvc     #1                          // HCR_EL2.IMO = 1
    mov     x0, #1
t4_arm:
    msr     cntp_ctl_el0, x0            // taken to EL2 here, PSTATE.I = 1
t4_after:
    cmp     x20, #3
    b.ne    f6
    hvc     #2                          // TGE = 1, CNTHP asserted, ERET to EL0 with I = 1
el0_code:
    cmp     x20, #4
    b.ne    f7
    svc     #0                          // to EL2 (TGE): exits 0

f1: fail_exit 1
f2: fail_exit 2
f3: fail_exit 3
f4: fail_exit 4
f5: fail_exit 5
f6: fail_exit 6
f7: fail_exit 7
f8: fail_exit 8
f9: fail_exit 9
    fail_routine

el2_sync:
    mrs     x9, esr_el2
    ubfx    x10, x9, #26, #6
    cmp     x10, #0x15                  // SVC from EL0 under TGE
    b.eq    exit_ok
    cmp     x10, #0x16
    b.ne    f8
    and     x10, x9, #0xffff
    cmp     x10, #1
    b.ne    1f
    ldr     x9, =(HCR_RW | HCR_IMO)
    msr     hcr_el2, x9
    isb
    eret
1:  ldr     x9, =(HCR_RW | HCR_TGE)
    msr     hcr_el2, x9
    mov     x9, #1
    msr     cnthp_ctl_el2, x9           // asserted, masked here (PSTATE.I = 1)
    adr     x9, el0_code
    msr     elr_el2, x9
    mov     x9, #SPSR_EL0T
    msr     spsr_el2, x9
    ldr     x9, =STACK_EL0
    msr     sp_el0, x9
    isb
t5_eret:
    eret
el2_irq:
    add     x20, x20, #1
    msr     cnthp_ctl_el2, xzr
    msr     cntp_ctl_el0, xzr
    isb
    eret
el1_irq:
    add     x21, x21, #1
    msr     cntp_ctl_el0, xzr
    isb
    eret
exit_ok:
    semihost_exit 0

    irq_vectors el2_irq_vectors, el2_sync, el2_irq, f9, f9
    irq_vectors el1_irq_vectors, f9, el1_irq, f9, f9
