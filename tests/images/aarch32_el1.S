// aarch32_el1: with HCR_EL2.RW = 0, EL1 uses AArch32 (Cortex-A57 implements AArch32 at
// EL1), so an ERET from EL2 with SPSR.M = System (0x1df) is a legal return to AArch32
// EL1. Its A32 WFI has nothing to wake it: el2sim stops (exit 5), QEMU sleeps forever
// (not for the QEMU comparison).
    .include "common.inc"
    .text
    .global _start
_start:
    ldr     x0, =STACK_EL2
    mov     sp, x0
    mov     x0, #0                          // RW = 0: lower ELs are AArch32
    msr     hcr_el2, x0
    adr     x0, a32_code
    msr     elr_el2, x0
    mov     x0, #0x1df                      // AArch32 System mode, A/I/F masked
    msr     spsr_el2, x0
    isb
eret_a32:
    eret
    semihost_exit 9                         // not reached
a32_code:
    .word   0xe320f003                      // wfi (A32)
