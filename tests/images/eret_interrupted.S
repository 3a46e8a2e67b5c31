// eret_interrupted: an ERET armed at the start of its block (no code hook: the block
// `ldrb w5, [x3]; eret` has no other special instruction; a byte load is not alignment-
// checked) whose block is cut short by a data abort on the load. The abort must win: the
// armed return is dropped, the abort taken to EL2, and the ERET, reached again by a
// branch from the abort handler (which put back the HVC's ELR/SPSR), returns to EL1.
// Exits with 0 when x0 = 0 and x5 is untouched at EL1. Not in the QEMU differential
// (NOWHERE is flash in QEMU's virt machine).
    .include "common.inc"
    .equ NOWHERE, 0x10000000
    .text
    .global _start
_start:
    el2_setup vectors
    drop_to_el1 el1_code
el1_code:
    ldr     x3, =NOWHERE
    mov     x5, #0x55
    mov     x0, #7
    hvc     #0
after_hvc:
    cbnz    x0, bad
    cmp     x5, #0x55
    b.ne    bad
    semihost_exit 0
bad:
    semihost_exit 1

    .balign 2048
vectors:
    b       .                       // 0x000
    .balign 0x200
    b       abort_el2               // 0x200 current EL, SP_ELx: the data abort
    .balign 0x400
    b       lower_sync              // 0x400 lower EL, AArch64: the HVC
    .balign 0x80
lower_sync:
    mrs     x20, elr_el2            // the HVC's return, kept across the abort
    mrs     x21, spsr_el2
    mov     x0, #0
    b       load
load:
    ldrb    w5, [x3]                // data abort at EL2 before the armed ERET runs
ret_to_el1:
    eret
abort_el2:
    msr     elr_el2, x20
    msr     spsr_el2, x21
    adr     x9, ret_to_el1          // the ERET again, reached by a branch
    br      x9
