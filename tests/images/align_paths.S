// align_paths.S - with the MMU off, data accesses are to Device memory and must be
// aligned to their element size (Arm ARM B2.5.2): a misaligned LDR, STR or LDP takes an
// Alignment fault (data abort, DFSC 0x21, FAR = the address, ELR = the access); a byte
// access never does. The handlers skip the faulting access and count it in x20.
    .include "common.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    ldr     x0, =buffer
    mov     x20, #0
    .global misaligned_ldr
misaligned_ldr:
    ldr     x1, [x0, #4]            // 8 bytes at +4: fault
    .global misaligned_str
misaligned_str:
    str     w1, [x0, #2]            // 4 bytes at +2: fault (WnR)
    .global byte_access
byte_access:
    ldrb    w1, [x0, #1]            // 1 byte: never faults
    add     x2, x0, #4
    .global misaligned_ldp
misaligned_ldp:
    ldp     x3, x4, [x2]            // 8-byte elements at +4: fault
    .global aligned_ldr
aligned_ldr:
    ldr     x5, [x0, #8]            // aligned: no fault
    cmp     x20, #3
    b.ne    fail
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    drop_to_el1 el1_code
el1_code:
    ldr     x0, =buffer
    mov     x20, #0
    .global misaligned_ldrh_el1
misaligned_ldrh_el1:
    ldrh    w1, [x0, #1]            // 2 bytes at +1, EL1 with SCTLR_EL1.M = 0: fault to EL1
    cmp     x20, #1
    b.ne    fail
    semihost_exit 0
fail:
    semihost_exit 1

skip_and_count:                     // shared tail: ELR += 4, x20++
    add     x20, x20, #1
    ret

    .balign 2048
el2_vectors:
    .rept 4
    b       .
    .balign 0x80
    .endr
    mrs     x9, elr_el2             // current EL, SPx, synchronous: the alignment fault
    add     x9, x9, #4
    msr     elr_el2, x9
    add     x20, x20, #1
    eret
    .balign 0x80
    .rept 11
    b       .
    .balign 0x80
    .endr

    .balign 2048
el1_vectors:
    .rept 4
    b       .
    .balign 0x80
    .endr
    mrs     x9, elr_el1
    add     x9, x9, #4
    msr     elr_el1, x9
    add     x20, x20, #1
    eret
    .balign 0x80
    .rept 11
    b       .
    .balign 0x80
    .endr

    .data
    .balign 16
    .global buffer
buffer:
    .quad   0x1111111111111111, 0x2222222222222222, 0x3333333333333333
