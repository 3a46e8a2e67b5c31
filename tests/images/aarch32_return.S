// aarch32_return: ERETs from EL2 with AArch32 SPSRs that are illegal: SVC mode (EL1)
// while HCR_EL2.RW=1, Hyp mode (EL2 is AArch64) with RW=0, Monitor mode (EL3).
    .include "common.inc"
    .text
    .global _start

.macro try_eret spsr, target, resume
    adr     x28, \resume
    adr     x0, \target
    msr     elr_el2, x0
    ldr     x0, =\spsr
    msr     spsr_el2, x0
    eret
.endm

_start:
    ldr     x0, =STACK_EL2
    mov     sp, x0
    adr     x0, el2_vectors
    msr     vbar_el2, x0
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    isb
eret_svc_rw1:
    try_eret 0x1d3, t_svc, 1f       // AArch32 SVC mode: EL1 is AArch64 (RW=1)
t_svc:
    b       .
1:  mov     x0, #0
    msr     hcr_el2, x0
    isb
eret_hyp:
    try_eret 0x1da, t_hyp, 2f       // AArch32 Hyp mode: EL2 is AArch64
t_hyp:
    b       .
2:
eret_mon:
    try_eret 0x1d6, t_mon, 3f       // AArch32 Monitor mode: EL3
t_mon:
    b       .
3:  semihost_exit 0

    .balign 2048
el2_vectors:
    .rept 4
    b       .
    .balign 0x80
    .endr
    // 0x200: Illegal Execution state exceptions: resume at x28 in EL2h
    mrs     x9, esr_el2
    mov     x10, #SPSR_EL2H
    msr     spsr_el2, x10
    msr     elr_el2, x28
    eret
    .balign 0x80
    .rept 11
    b       .
    .balign 0x80
    .endr
