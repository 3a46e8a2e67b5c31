// aarch32_el0: a legal ERET from an AArch64 EL1 to AArch32 User mode (Cortex-A57
// implements AArch32 at EL0). Its A32 WFI traps to the AArch64 EL1 (SCTLR_EL1.nTWI = 0)
// at VBAR_EL1 + 0x600, where nothing is mapped: the run stops there (not for the QEMU
// comparison, whose fault loops).
    .include "common.inc"
    .text
    .global _start
_start:
    ldr     x0, =STACK_EL2
    mov     sp, x0
    drop_to_el1 el1_code
el1_code:
    adr     x0, a32_code
    msr     elr_el1, x0
    mov     x0, #0x1d0              // AArch32 User, A/I/F masked
    msr     spsr_el1, x0
eret_a32:
    eret
a32_code:
    .word   0xe320f003              // wfi (A32)
