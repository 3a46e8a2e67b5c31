// pc_align: ERET to a misaligned ELR takes a PC alignment fault (EC 0x22, FAR = the
// address) at the target EL: first EL2 -> EL2, then EL2 -> EL1.
    .include "common.inc"
    .include "handlers.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    adr     x0, t_el2
    add     x0, x0, #2
    msr     elr_el2, x0
    mov     x0, #SPSR_EL2H
    msr     spsr_el2, x0
eret_el2:
    eret                            // to t_el2+2 at EL2
t_el2:
    nop                             // the handler resumes at t_el2+4
    ldr     x0, =STACK_EL1
    msr     sp_el1, x0
    adr     x0, t_el1
    add     x0, x0, #1
    msr     elr_el2, x0
    mov     x0, #SPSR_EL1H
    msr     spsr_el2, x0
eret_el1:
    eret                            // to t_el1+1 at EL1
t_el1:
    nop
    svc     #0x1e0
    b       .
    exit_routine
    el2_handlers
    el1_handlers
