// illegal_priority: the first instruction after an illegal exception return (PSTATE.IL
// set, EL kept, PC = ELR) is at ELR, and a PC alignment fault or an Instruction Abort on
// its fetch comes before the Illegal Execution state exception (Arm ARM "Prioritization
// of Synchronous exceptions taken to AArch64 state"); each is taken at EL2 with SPSR.IL
// set. Then a legal return with SPSR.IL = 1 to a misaligned ELR: the PC alignment fault
// comes first there too.
    .include "common.inc"
    .text
    .global _start

    .equ UNMAPPED, 0x48000000       // past the 128 MiB of RAM at 0x40000000 (el2sim and QEMU)

// ERET from EL2 with ELR_EL2 = \elr and SPSR_EL2 = \spsr; x28 = where the handler resumes.
.macro try_eret spsr, elr, resume
    adr     x28, \resume
    ldr     x0, =\elr
    msr     elr_el2, x0
    ldr     x0, =\spsr
    msr     spsr_el2, x0
    eret
.endm

_start:
    el2_setup el2_vectors
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    isb
eret_misaligned:
    try_eret 0x3cd, (t_misaligned + 2), 1f     // illegal (EL3), ELR misaligned: PC alignment fault
t_misaligned:
    b       .
1:
eret_unmapped:
    try_eret 0x3cd, UNMAPPED, 2f               // illegal, ELR unmapped: Instruction Abort
2:
eret_mapped:
    try_eret 0x3cd, t_mapped, 3f               // illegal, ELR fine: Illegal Execution state
t_mapped:
    b       .
3:
eret_il_misaligned:
    try_eret (SPSR_EL2H | (1 << 20)), (t_il + 1), 4f   // legal, SPSR.IL = 1, ELR misaligned
t_il:
    b       .
4:  semihost_exit 0

    .balign 2048
el2_vectors:
    .rept 4                         // 0x000-0x180
    b       .
    .balign 0x80
    .endr
    // 0x200: current EL with SP_ELx: every fault above; x9/x10 = ESR/SPSR as taken
    mrs     x9, esr_el2
    mrs     x10, spsr_el2
    mov     x11, #SPSR_EL2H
    msr     spsr_el2, x11
    msr     elr_el2, x28
    eret
    .balign 0x80
    .rept 11
    b       .
    .balign 0x80
    .endr
