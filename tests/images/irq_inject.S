// irq_inject: interrupts raised by --irq INTID@CYCLE (el2sim only: QEMU has no such
// input). Run with --irq 40@3000 --irq 33@3000 --irq 50@40000. EL1 runs with
// HCR_EL2.IMO = 1 and PSTATE.I = 1 (masked at EL1, which does not mask an interrupt routed
// to EL2):
//  - a spin loop at EL1 waits for two interrupts: both are pending from cycle 3000 on and
//    the lower INTID (33) is taken first (no GIC: no priorities but the INTID), then 40,
//    each at a block start of the loop (ELR = t_spin); the IRQ exception acknowledges an
//    --irq interrupt, so each is taken once;
//  - WFI waits until cycle 40000, when INTID 50 comes; it is taken to EL2 right after the
//    WFI (ELR = t_woken);
//  - the last WFI has nothing left to wake it (no timer armed, no --irq to come): the run
//    stops with exit 5.
    .include "common.inc"
    .include "irq.inc"
    .equ HCR_IMO, (1 << 4)

    .text
    .global _start
_start:
    el2_setup el2_irq_vectors
    mov     x20, #0
    drop_to_el1 el1_code, (HCR_RW | HCR_IMO), 0x3c5
el1_code:
t_spin:
    cmp     x20, #2
    b.ne    t_spin
t_wfi:
    wfi
t_woken:
    cmp     x20, #3
    b.ne    f1
t_wfi_forever:
    wfi
    fail_exit 2

f1: fail_exit 1
f9: fail_exit 9
    fail_routine

el2_irq:
    add     x20, x20, #1
    eret

    irq_vectors el2_irq_vectors, f9, el2_irq, f9, f9
