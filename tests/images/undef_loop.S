// undef_loop: an EL2 vector table whose synchronous entry is itself UNDEFINED. Each
// UNDEF is taken to that entry again, with no ERET between: el2sim stops at the third
// identical one (exit 125) instead of looping until the instruction budget.
// (QEMU loops forever: not for the QEMU comparison.)
    .include "common.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
first_undef:
    udf     #0
    semihost_exit 9                 // not reached

    .balign 2048
el2_vectors:
    .rept 4
    b       .
    .balign 0x80
    .endr
vector_undef:
    udf     #1                      // 0x200: current EL with SP_ELx
    .balign 0x80
    .rept 11
    b       .
    .balign 0x80
    .endr
