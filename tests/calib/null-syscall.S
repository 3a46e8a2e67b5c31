// null-syscall.S - an EL1 kernel entry that does what a microkernel's null system call
// costs in hardware terms: take the SVC from EL0, save the user's 31 general-purpose
// registers, restore them, return. Used to reproduce sel4bench's null-syscall figures
// (tests/calib/sel4-null-syscall.scn, README "Timing calibration").
    .section .text.vectors, "ax"
    .balign 2048
    .global null_vectors
null_vectors:
    .rept 8
    b       .
    .balign 0x80
    .endr
    // 0x400: synchronous exception from EL0 (AArch64)
    sub     sp, sp, #256
    stp     x0, x1, [sp, #0]
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    b       null_syscall
    .balign 0x80
    .rept 7
    b       .
    .balign 0x80
    .endr

    .text
null_syscall:
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    str     x30, [sp, #240]
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
    ldr     x30, [sp, #240]
    add     sp, sp, #256
    eret
