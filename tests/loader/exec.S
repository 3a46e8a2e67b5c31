// exec.S - a small executable for the ET_EXEC path (linked by exec.ld).
        .text
        .globl  _start
        .type   _start, %function
_start:
        adrp    x0, data_word
        ldr     w1, [x0, :lo12:data_word]
        b       .
        .size   _start, . - _start

        .data
        .globl  data_word
        .type   data_word, %object
data_word:
        .word   0xdeadbeef
        .size   data_word, 4

        .bss
        .globl  bss_buf
bss_buf:
        .space  0x100
