// a32_it: a T32 EL1 (SPSR 0x1f3) whose TID3-trapped MRC is in an IT block (issue 21;
// guest in a32_it_guest.S): el2sim stops there (exit 125) rather than take it with a
// CPSR.IT it cannot see (uc_facts.h F21).
    .include "common.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    ldr     x0, =(1 << 18)
    msr     hcr_el2, x0
    adr     x0, guest
    msr     elr_el2, x0
    mov     x0, #0x1f3
    msr     spsr_el2, x0
    isb
    eret
lower32_sync:
    mrs     x10, esr_el2
    lsr     x11, x10, #26
    cmp     x11, #0x12
    b.eq    done
    mrs     x12, elr_el2
    add     x12, x12, #4
    msr     elr_el2, x12
    eret
done:
    semihost_exit 0
    .balign 2048
el2_vectors:
    .rept 12
    b       .
    .balign 0x80
    .endr
    b       lower32_sync
    .balign 0x80
    .rept 3
    b       .
    .balign 0x80
    .endr
    .balign 0x100
guest:
    .incbin "a32_it_guest.bin"
