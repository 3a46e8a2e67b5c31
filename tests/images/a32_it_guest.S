// a32_it_guest: T32 code for a32_it.S (issue 21): an MRC that HCR_EL2.TID3 traps, inside
// an IT block, which el2sim does not model yet (the run stops saying so).
    .syntax unified
    .arch armv7ve
    .text
    .thumb
t32_it:
    movs    r7, #0
    cmp     r7, r7
    ite     eq
    mrceq   p15, 0, r3, c0, c1, 0       // +0x6: ID_PFR0 in the IT block
    mrcne   p15, 0, r3, c0, c1, 1
    hvc     #4
    b       .
