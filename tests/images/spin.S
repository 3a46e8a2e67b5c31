// spin: a runaway loop for the instruction budget and --stop-at.
    .include "common.inc"
    .text
    .global _start
_start:
    mov     x0, #1
    mov     x1, #2
here:
    add     x0, x0, #1
    b       here
