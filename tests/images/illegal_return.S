// illegal_return: a legal ERET EL2 -> EL2h, then illegal returns from EL2 (to EL3,
// to EL1 with HCR_EL2.RW=0, a reserved M encoding, EL0 with SP_ELx, EL1 with
// HCR_EL2.TGE=1), each followed by the Illegal Execution state exception at EL2;
// last, a legal return to EL1 with SPSR.IL=1 takes that exception at EL1.
    .include "common.inc"
    .text
    .global _start

// ERET from EL2 to \target with SPSR_EL2 = \spsr; x28 = where the EL2 handler resumes.
.macro try_eret spsr, target, resume
    adr     x28, \resume
    adr     x0, \target
    msr     elr_el2, x0
    ldr     x0, =\spsr
    msr     spsr_el2, x0
    eret
.endm

_start:
    el2_setup el2_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    ldr     x0, =STACK_EL1
    msr     sp_el1, x0
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    isb
eret_legal:
    try_eret SPSR_EL2H, t_legal, 0f
t_legal:
0:
eret_el3:
    try_eret 0x3cd, t_el3, 1f       // EL3h: higher than EL2
t_el3:
    b       .
1:  mov     x0, #0
    msr     hcr_el2, x0             // RW=0: EL1 would be AArch32
    isb
eret_rw0:
    try_eret SPSR_EL1H, t_rw0, 2f
t_rw0:
    b       .
2:  ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    isb
eret_m1:
    try_eret 0x3c6, t_m1, 3f        // M = 0b0110: M[1] set, reserved
t_m1:
    b       .
3:
eret_el0h:
    try_eret 0x3c1, t_el0h, 4f      // M = 0b0001: EL0 with SP_ELx, reserved
t_el0h:
    b       .
4:  ldr     x0, =(HCR_RW | HCR_TGE)
    msr     hcr_el2, x0
    isb
eret_tge:
    try_eret SPSR_EL1H, t_tge, 5f   // EL1 while TGE=1
t_tge:
    b       .
5:  ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    isb
eret_il:
    try_eret (SPSR_EL1H | (1 << 20)), t_il, 6f   // legal, but SPSR.IL = 1
t_il:
    b       .
6:  semihost_exit 9                 // not reached

    .balign 2048
el2_vectors:
    .rept 4                         // 0x000-0x180
    b       .
    .balign 0x80
    .endr
    // 0x200: current EL with SP_ELx: the Illegal Execution state exceptions
    mrs     x9, esr_el2
    mrs     x10, spsr_el2
    mov     x9, #SPSR_EL2H
    msr     spsr_el2, x9
    msr     elr_el2, x28
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
    // 0x200: the Illegal Execution state exception after the return with IL set
    mrs     x9, esr_el1
    mrs     x10, spsr_el1
    semihost_exit 0
    .balign 0x80
    .rept 11
    b       .
    .balign 0x80
    .endr
