// smc_trap: HCR_EL2.TSC=1 traps SMC at EL1 to EL2 (EC 0x17, ELR = the SMC);
// SMC at EL0 is UNDEFINED (to EL1).
    .include "common.inc"
    .include "handlers.inc"
    .equ HCR_RW_TSC, (HCR_RW | HCR_TSC)
    .text
    .global _start
_start:
    el2_setup el2_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    drop_to_el1 el1_code, HCR_RW_TSC
el1_code:
    mov     x0, #0
smc_el1:
    smc     #0x5                    // trapped: EL1 -> EL2, vector 0x400
    adr     x0, el0_code
    msr     elr_el1, x0
    mov     x0, #SPSR_EL0T
    msr     spsr_el1, x0
    eret
el0_code:
smc_el0:
    smc     #0x6                    // UNDEFINED: EL0 -> EL1, vector 0x400
    svc     #0x1e0
    b       .
    exit_routine
    el2_handlers
    el1_handlers
