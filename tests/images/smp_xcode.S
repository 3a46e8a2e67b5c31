// smp_xcode: code written by one PE, run by another (run with --cpus 2). PE 1 calls
// xc_routine (mov x0, #1; ret), on a page of its own that PE 0 never executes, and stores
// what it returned (xc_res[0] = 1); PE 0 then writes `mov x0, #2` over its first
// instruction with the sequence Arm ARM B2.2.5 requires (DC CVAU, DSB ISH, IC IVAU, DSB ISH,
// ISB) and releases PE 1 (xc_go), which executes ISB and calls it again: xc_res[1] = 2.
// Exits 0, or 10 + what the second call returned.
    .include "common.inc"
    .equ PSCI_CPU_ON64,  0xc4000003

    .text
    .global _start
_start:
    ldr     x0, =PSCI_CPU_ON64
    mov     x1, #1
    adr     x2, xc_secondary
    mov     x3, #0
    smc     #0
    adr     x9, xc_ready
1:  ldar    w0, [x9]
    cbz     w0, 1b
    adr     x1, xc_routine
    ldr     w0, =0xd2800040             // mov x0, #2
xc_write:
    str     w0, [x1]
    dc      cvau, x1
    dsb     ish
    ic      ivau, x1
    dsb     ish
    isb
    adr     x9, xc_go
    mov     w0, #1
    stlr    w0, [x9]
    adr     x9, xc_done
2:  ldar    w0, [x9]
    cbz     w0, 2b
    adr     x9, xc_res
    ldr     x0, [x9, #8]
    cmp     x0, #2
    b.ne    3f
    semihost_exit 0
3:  add     x2, x0, #10
    mov     x0, #0x18
    adr     x1, xc_block
    str     x2, [x1, #8]
    hlt     #0xf000
    b       .

xc_secondary:
    ldr     x0, =STACK_EL2 - 0x1000
    mov     sp, x0
    adr     x20, xc_res
    bl      xc_routine
    str     x0, [x20]
    adr     x9, xc_ready
    mov     w0, #1
    stlr    w0, [x9]
    adr     x9, xc_go
1:  ldar    w0, [x9]
    cbz     w0, 1b
    isb
    bl      xc_routine
    str     x0, [x20, #8]
    adr     x9, xc_done
    mov     w0, #1
    stlr    w0, [x9]
2:  b       2b
    .ltorg

    .balign 4096
xc_routine:
    mov     x0, #1
    ret
    .balign 4096

    .data
    .balign 8
xc_block:  .quad 0x20026, 0
xc_res:    .quad -1, -1
xc_ready:  .word 0
xc_go:     .word 0
xc_done:   .word 0
