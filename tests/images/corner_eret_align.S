// corner_eret_align: ERET to a misaligned ELR (Arm ARM AArch64.ExceptionReturn keeps
// ELR[1:0]; the next fetch's AArch64.CheckPCAlignment takes the PC alignment fault, EC
// 0x22, ELR = FAR = the misaligned address) beyond pc_align.S: to EL0, where the fault
// goes to EL1 (TGE = 0) or to EL2 (TGE = 1); to EL2t, where it takes vector +0x000; and
// a legal return with SPSR.IL = 1 to a misaligned address, where the PC alignment fault
// comes before the Illegal Execution state exception (the Arm ARM's prioritization of
// synchronous exceptions taken to AArch64: PC alignment above Illegal Execution state).
// Exit status 100 + n: check n failed.
    .include "common.inc"
    .include "corner.inc"
    .equ IL, (1 << 20)
    .text
    .global _start

// ERET to \target + \mis at \spsr: the PC alignment fault at EL2, vector \off
.macro misaligned_el2 target, mis, spsr, off, st
    adr     x28, 1f
    adr     x0, \target
    add     x0, x0, #\mis
    msr     elr_el2, x0
    ldr     x0, =\spsr
    msr     spsr_el2, x0
    eret
1:  check   x24, \off, \st
    check   x20, 0x8a000000, (\st + 1)      // EC 0x22, IL = 1
    adr     x3, \target + \mis
    checkr  x21, x3, (\st + 2)
    checkr  x23, x3, (\st + 3)
.endm

_start:
    el2_setup catch2
    adr     x0, catch1
    msr     vbar_el1, x0
    adr     x27, el1_report
    ldr     x0, =STACK_EL1
    msr     sp_el1, x0
    ldr     x0, =STACK_EL0
    msr     sp_el0, x0
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    isb
    // EL0 with TGE = 0: the fault goes to EL1, which reports by HVC #0x80
    adr     x28, 1f
    adr     x0, target
    add     x0, x0, #2
    msr     elr_el2, x0
    mov     x0, #SPSR_EL0T
    msr     spsr_el2, x0
    eret
1:  check   x20, 0x5a000080, 1
    check   x6, 0x400, 2
    check   x5, 0x8a000000, 3
    adr     x3, target + 2
    checkr  x7, x3, 4
    checkr  x8, x3, 5
    // EL0 with TGE = 1: to EL2
    ldr     x0, =(HCR_RW | HCR_TGE)
    msr     hcr_el2, x0
    misaligned_el2 target, 1, SPSR_EL0T, 0x400, 10
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    // EL2t: current EL with SP_EL0
    misaligned_el2 target, 3, 0x3c8, 0x000, 20
    // EL2h with SPSR.IL = 1: PC alignment first
    misaligned_el2 target, 2, (0x3c9 | IL), 0x200, 30
    check   x22, (0x3c9 | IL), 34
    semihost_exit 0

    .balign 16
target:
    nop
    nop
    b       .

el1_report:
    mov     x5, x10
    mov     x6, x14
    mov     x7, x11
    mov     x8, x13
    hvc     #0x80

    catch_el2 catch2
    catch_el1 catch1
