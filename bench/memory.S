// memory.S - the memory-heavy benchmarks (issue 18), built by bench/run.sh:
//   --defsym SAVE=1: EL1 makes N `hvc #0` round trips; the EL2 handler saves x0-x30 on the
//                    EL2 stack and restores them (16 STP + 16 LDP), as a host-call vector does;
//   otherwise:       at EL2, N passes over 1 MiB: zero it with STP, then sum it with LDP.
// Both exit by semihosting with status 0.
    .ifndef N
    .equ N, 100
    .endif
    .equ BUF, 0x40200000
    .equ BUF_SIZE, 0x100000
    .text
    .global _start
_start:
    ldr     x0, =0x40400000
    mov     sp, x0
.ifdef SAVE
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
1:  mov     x0, #0
    hvc     #0
    subs    x19, x19, #1
    b.ne    1b
.else
    ldr     x19, =N
pass:
    ldr     x1, =BUF
    mov     x2, #(BUF_SIZE / 16)
1:  stp     xzr, xzr, [x1], #16
    subs    x2, x2, #1
    b.ne    1b
    ldr     x1, =BUF
    mov     x2, #(BUF_SIZE / 16)
    mov     x3, #0
2:  ldp     x4, x5, [x1], #16
    add     x3, x3, x4
    add     x3, x3, x5
    subs    x2, x2, #1
    b.ne    2b
    cbnz    x3, .                   // the buffer was zeroed: a sum other than 0 is a bug
    subs    x19, x19, #1
    b.ne    pass
.endif
    mov     x0, #0x18               // SYS_EXIT, ADP_Stopped_ApplicationExit, status 0
    adr     x1, exit_block
    hlt     #0xf000
    b       .
    .balign 8
exit_block:
    .quad   0x20026, 0
.ifdef SAVE
save_restore:                       // the host-call vector's save and restore of x0-x30
    sub     sp, sp, #256
    stp     x0, x1, [sp, #0]
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    stp     x30, xzr, [sp, #240]
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldp     x30, xzr, [sp, #240]
    add     sp, sp, #256
    mov     x0, #0
    eret
    .balign 2048
vectors:
    .rept 8
    b       .
    .balign 0x80
    .endr
    b       save_restore            // lower EL sync
    .balign 0x80
    .rept 7
    b       .
    .balign 0x80
    .endr
.endif
