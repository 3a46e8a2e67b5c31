// compute.S - straight-line integer work for MIPS: N iterations of a 32-instruction
// ALU/multiply block, at EL2 (ENTRY_EL1 undefined) or after dropping to EL1.
    .ifndef N
    .equ N, 1000000
    .endif
    .text
    .global _start
_start:
    ldr     x0, =0x40400000
    mov     sp, x0
    .ifdef ENTRY_EL1
    mov     x0, #(1 << 31)
    msr     hcr_el2, x0
    adr     x0, work
    msr     elr_el2, x0
    mov     x0, #0x3c5
    msr     spsr_el2, x0
    isb
    eret
    .endif
    .global work
work:
    ldr     x19, =N
    mov     x1, #1
    mov     x2, #3
    mov     x3, #5
1:  .rept 4
    add     x1, x1, x2
    eor     x2, x2, x3, lsl #3
    add     x3, x3, x1, lsr #2
    orr     x4, x1, x3
    mul     x5, x4, x2
    sub     x6, x5, x1
    and     x7, x6, x3
    add     x2, x2, x7
    .endr
    subs    x19, x19, #1
    b.ne    1b
    .global work_end
work_end:
    mov     x0, #0x18
    adr     x1, exit_block
    hlt     #0xf000
    b       .
    .balign 8
exit_block:
    .quad   0x20026, 0
