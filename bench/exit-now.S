// exit-now.S - exits through semihosting at once: start-up cost.
    .text
    .global _start
_start:
    mov     x0, #0x18
    adr     x1, exit_block
    hlt     #0xf000
    b       .
    .balign 8
exit_block:
    .quad   0x20026, 0
