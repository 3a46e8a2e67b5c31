// counters.S - the generic timer and the cycle counter read modelled time: x1/x2/x3 =
// PMCCNTR_EL0, CNTPCT_EL0, CNTVCT_EL0 before a 1000-iteration loop, x4/x5/x6 after.
// CNTVOFF_EL2 = 100 makes CNTVCT lag CNTPCT, at EL2 too (HCR_EL2.E2H = 0).
    .text
    .global _start
_start:
    mov     x0, #100
    msr     cntvoff_el2, x0
    mrs     x1, pmccntr_el0
    mrs     x2, cntpct_el0
    mrs     x3, cntvct_el0
    mov     x10, #1000
1:  sub     x10, x10, #1
    cbnz    x10, 1b
    mrs     x4, pmccntr_el0
    mrs     x5, cntpct_el0
    mrs     x6, cntvct_el0
    .global done
done:
    b       .
