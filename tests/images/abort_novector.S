// abort_novector: VBAR_EL2 points at unmapped memory, then a load from unmapped
// memory: the abort's own vector cannot be fetched, el2sim stops (exit 125).
    .include "common.inc"
    .text
    .global _start
_start:
    ldr     x0, =STACK_EL2
    mov     sp, x0
    ldr     x0, =0x20000000
    msr     vbar_el2, x0
    isb
    ldr     x3, =0x10000000
novector_load:
    ldr     x5, [x3]
    semihost_exit 0
