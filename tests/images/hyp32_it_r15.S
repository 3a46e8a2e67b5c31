// hyp32_it_r15: an instruction el2sim does not model inside an IT block (uc_facts.h F23):
// MCREQ with R15 (UNPREDICTABLE; an MRC to APSR_nzcv is modelled: hyp32_mrc_nzcv) in Hyp
// mode, T32, after an MCR el2sim completed in the same
// IT block. The run stops there (exit 125, one line saying what and where), the events
// before it kept.
    .syntax unified
    .arch armv7ve
    .text
    .thumb
    .global _start
    .type   _start, %function
_start:
    movs    r1, #0x77
    cmp     r1, r1                      // Z = 1
    itt     eq
    mcreq   p15, 4, r1, c13, c0, 2      // HTPIDR = 0x77: completed
it_r15:
    .inst.w 0xee0dff50                  // mcreq p15, 0, r15, c13, c0, 2 (gas refuses R15)
    b       .
