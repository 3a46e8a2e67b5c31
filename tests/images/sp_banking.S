// sp_banking: SPSel=0 at EL2 (EL2t): SP is SP_EL0, exceptions use vector 0x000 and
// SPSR 0x3c8, MRS SP_EL0 is UNDEFINED; EL1t: HVC to EL2 with SPSR 0x3c4 (0x400),
// SVC to EL1 vector 0x000.
    .include "common.inc"
    .include "handlers.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    ldr     x0, =STACK_EL0
    msr     sp_el0, x0
    msr     spsel, #0
    mov     x19, sp                 // SP_EL0
mrs_sp_el0_t:
    mrs     x0, sp_el0              // UNDEFINED with SPSel=0: EL2 -> EL2, vector 0x000
hvc_el2t:
    hvc     #1                      // EL2t -> EL2h, vector 0x000
    msr     spsel, #1
    mov     x20, sp                 // SP_EL2
    mrs     x21, sp_el0
    drop_to_el1 el1_code, HCR_RW, SPSR_EL1T
el1_code:
    mov     x22, sp                 // SP_EL0 at EL1t
hvc_el1t:
    hvc     #2                      // EL1t -> EL2, vector 0x400, SPSR 0x3c4
svc_el1t:
    svc     #3                      // EL1t -> EL1h, vector 0x000 of VBAR_EL1
    svc     #0x1e0
    b       .
    exit_routine
    el2_handlers
    el1_handlers
