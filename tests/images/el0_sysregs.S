// el0_sysregs: EL0 reads TPIDRRO_EL0 (always allowed), writes it (UNDEFINED at EL0),
// and reads DAIF with SCTLR_EL1.UMA=0 (trapped to EL1, EC 0x18).
    .include "common.inc"
    .include "handlers.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    ldr     x0, =0x30d00800         // UMA (bit 9) = 0
    msr     sctlr_el1, x0
    drop_to_el1 el1_code
el1_code:
    ldr     x0, =0x1234
    msr     tpidrro_el0, x0
    adr     x0, el0_code
    msr     elr_el1, x0
    mov     x0, #SPSR_EL0T
    msr     spsr_el1, x0
    eret
el0_code:
mrs_tpidrro:
    mrs     x3, tpidrro_el0         // allowed at EL0
msr_tpidrro:
    msr     tpidrro_el0, x3         // UNDEFINED at EL0
mrs_daif:
    mrs     x4, daif                // SCTLR_EL1.UMA = 0: trapped to EL1
    svc     #0x1e0
    b       .
    exit_routine
    el2_handlers
    el1_handlers
