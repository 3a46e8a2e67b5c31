// vma.S - position-independent code linked at a virtual address (vma.ld): with the MMU
// off el2sim starts it at its load address, where it exits through semihosting with
// status 0x5a (the exit block is found PC-relative, so it works at either address).
        .text
        .globl  _start
        .type   _start, %function
_start:
        adr     x1, exit_block
        mov     x0, #0x20                       // SYS_EXIT_EXTENDED
        hlt     #0xf000
        b       .
        .size   _start, . - _start
        .balign 8
exit_block:
        .quad   0x20026, 0x5a                   // ADP_Stopped_ApplicationExit, status

        .data
        .globl  data_word
        .type   data_word, %object
data_word:
        .word   0x600dcafe
        .size   data_word, 4
