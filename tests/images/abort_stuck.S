// abort_stuck: a data abort whose handler returns to the faulting instruction
// without fixing anything: el2sim stops after the third abort at the same PC
// (exit 125) instead of looping.
    .include "common.inc"
    .text
    .global _start
_start:
    el2_setup stuck_vectors
    ldr     x3, =0x10000000
stuck_load:
    ldr     x5, [x3]
    semihost_exit 0
    .balign 2048
stuck_vectors:
    .rept 4
    .balign 0x80
    eret                            // ELR still points at the load
    .endr
    .balign 0x80
    eret
