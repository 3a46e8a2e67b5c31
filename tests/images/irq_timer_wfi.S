// irq_timer_wfi: the EL2 physical timer (CNTHP, PPI 26) on the modelled clock, and WFI
// woken by it. At EL2 with HCR_EL2.IMO = 1 and PSTATE.I = 1: CNTHP_TVAL_EL2 = 2000000 ticks,
// enabled, ISTATUS still 0; WFI waits until the timer fires (the wake-up event does not
// depend on PSTATE.I); CNTHP_CTL_EL2 then reads ENABLE | ISTATUS and ISR_EL1.I = 1; the
// IRQ is taken right after MSR DAIFClr, #2; the handler checks ISTATUS, moves CVAL
// far ahead (the condition, and the interrupt, go away: ISTATUS 0) and disables the
// timer. A WFI with no timer armed and nothing else pending would then sleep forever:
// the image exits instead. Exits 0, or the number of the failed check.
    .include "common.inc"
    .include "irq.inc"
    .equ HCR_IMO, (1 << 4)

    .text
    .global _start
_start:
    el2_setup el2_irq_vectors
    gic_setup
    ldr     x0, =(HCR_RW | HCR_IMO)
    msr     hcr_el2, x0
    mov     x20, #0
    ldr     x0, =2000000                // 32 ms of QEMU's 62.5 MHz real-time count: the
    msr     cnthp_tval_el2, x0          // check below must not see it fire under load
    mov     x0, #1
    msr     cnthp_ctl_el2, x0
    isb
    mrs     x1, cnthp_ctl_el2
    cmp     x1, #1                      // not yet: ENABLE only
    b.ne    f1
t_wfi:
    wfi
    mrs     x1, cnthp_ctl_el2
    cmp     x1, #5                      // fired: ENABLE | ISTATUS
    b.ne    f2
    mrs     x1, isr_el1
    tbz     x1, #7, f3
    cbnz    x20, f4
t_unmask:
    msr     daifclr, #2                 // taken here
t_after:
    cmp     x20, #1
    b.ne    f5
    mrs     x1, isr_el1
    cbnz    x1, f6
    semihost_exit 0

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
    .ltorg

el2_irq:
    add     x20, x20, #1
    mrs     x9, cnthp_ctl_el2
    tbz     x9, #2, f7                  // ISTATUS
    mov     x9, #-1
    msr     cnthp_cval_el2, x9          // condition no longer met
    isb
    mrs     x9, cnthp_ctl_el2
    cmp     x9, #1
    b.ne    f8
    msr     cnthp_ctl_el2, xzr
    isb
    eret

    irq_vectors el2_irq_vectors, f9, el2_irq, f9, f9
