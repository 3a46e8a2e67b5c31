    .text
    .global _start
_start:
    adr     x0, vectors
    msr     vbar_el2, x0
    mov     x0, #(1 << 31)
    msr     hcr_el2, x0
    adr     x0, el1_entry
    msr     elr_el2, x0
    mov     x0, #0x3c5
    msr     spsr_el2, x0
    ldr     x0, =0x40100000
    mov     sp, x0
    ldr     x0, =0x40200000
    msr     sp_el1, x0
    eret
el1_entry:
    mov     x0, #0x1234
    hvc     #0
    hvc     #7
    mov     x5, sp
    mrs     x6, currentel
    svc     #3
    mov     x0, #0x18
    adr     x1, exit_block
    hlt     #0xf000
    .balign 8
exit_block:
    .quad 0x20026, 0
    .balign 2048
vectors:
    .rept 8
    b .
    .balign 0x80
    .endr
    // 0x400 lower EL sync
    mrs     x1, esr_el2
    add     x0, x0, #1
    eret
    .balign 0x80
    .rept 7
    b .
    .balign 0x80
    .endr
