// hvc-loop.S - the round-trip benchmark: the EL2 entry installs vectors and drops to EL1;
// EL1 makes N `hvc #0` round trips through a 2-instruction EL2 handler, then exits by
// semihosting. N comes from --defsym N=... (bench/run.sh builds several).
    .ifndef N
    .equ N, 1000000
    .endif
    .text
    .global _start
_start:
    ldr     x0, =0x40400000
    mov     sp, x0
    adr     x0, vectors
    msr     vbar_el2, x0
    mov     x0, #(1 << 31)          // HCR_EL2.RW
    msr     hcr_el2, x0
    ldr     x0, =0x40300000
    msr     sp_el1, x0
    adr     x0, el1_main
    msr     elr_el2, x0
    mov     x0, #0x3c5
    msr     spsr_el2, x0
    isb
    eret
el1_main:
    ldr     x19, =N
1:  mov     x0, #0               // HVC_SET_VECTORS: the handler's 0 is its ABI result
    hvc     #0
    subs    x19, x19, #1
    b.ne    1b
    mov     x0, #0x18               // SYS_EXIT, ADP_Stopped_ApplicationExit, status 0
    adr     x1, exit_block
    hlt     #0xf000
    b       .
    .balign 8
exit_block:
    .quad   0x20026, 0
    .balign 2048
vectors:
    .rept 8
    b       .
    .balign 0x80
    .endr
    mov     x0, #0                  // lower EL sync: the 2-instruction handler
    eret
    .balign 0x80
    .rept 7
    b       .
    .balign 0x80
    .endr
