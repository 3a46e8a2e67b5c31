// corner_wfx: which EL a trapped WFI goes to (Arm ARM AArch64.CheckForWFxTrap and its
// callers): at EL1 HCR_EL2.TWI traps to EL2; at EL0 SCTLR_EL1.nTWI = 0 traps to EL1
// first, ahead of HCR_EL2.TWI; with HCR_EL2.TGE = 1 that EL1 trap goes to EL2 instead;
// with nTWI = 1 HCR_EL2.TWI traps to EL2. ESR: EC 0x01, ISS.TI = 0 (WFI). Every WFI here
// is trapped (an untrapped one would sleep). WFE: corner_wfe.S.
// Exit status 100 + n: check n failed.
    .include "common.inc"
    .include "corner.inc"
    .equ SCTLR_NTWI, (1 << 16)
    .equ SCTLR_EL1_BASE, 0x30d00800     // RES1 bits, MMU and caches off
    .text
    .global _start

// SCTLR_EL1 = base | \sctlr, HCR_EL2 = \hcr; ERET to \code at \spsr; the trap must reach
// EL2 directly, with ISS.TI = \ti.
.macro wfx_el2 sctlr, hcr, code, spsr, ti, st
    ldr     x0, =(SCTLR_EL1_BASE | \sctlr)
    msr     sctlr_el1, x0
    ldr     x0, =\hcr
    msr     hcr_el2, x0
    adr     x28, 1f
    eret_to \code, \spsr
1:  check   x24, 0x400, \st
    check_field x20, 26, 6, 0x01, (\st + 1)
    check_field x20, 0, 2, \ti, (\st + 2)
    adr     x3, \code
    checkr  x21, x3, (\st + 3)
.endm

// ... the trap must reach EL1 (which reports by HVC #0x70).
.macro wfx_el1 sctlr, hcr, code, ti, st
    ldr     x0, =(SCTLR_EL1_BASE | \sctlr)
    msr     sctlr_el1, x0
    ldr     x0, =\hcr
    msr     hcr_el2, x0
    adr     x28, 1f
    eret_to \code, SPSR_EL0T
1:  check   x20, 0x5a000070, \st
    check_field x5, 26, 6, 0x01, (\st + 1)
    check_field x5, 0, 2, \ti, (\st + 2)
    adr     x3, \code
    checkr  x7, x3, (\st + 3)
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
    // EL1: TWI to EL2
    wfx_el2 0, (HCR_RW | HCR_TWI), el1_wfi, SPSR_EL1H, 0, 1
    // EL0, nTWI = 1: TWI traps to EL2
    wfx_el2 SCTLR_NTWI, (HCR_RW | HCR_TWI), el0_wfi, SPSR_EL0T, 0, 5
    // EL0 with TGE = 1: nTWI = 0's trap goes to EL2 (TWI = 0)
    wfx_el2 0, (HCR_RW | HCR_TGE), el0_wfi, SPSR_EL0T, 0, 9
    // EL0, nTWI = 0 and TWI = 1: the EL1 trap comes first
    wfx_el1 0, (HCR_RW | HCR_TWI), el0_wfi, 0, 13
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    semihost_exit 0

el0_wfi:
    wfi
    b       .
el1_wfi:
    wfi
    b       .

el1_report:
    mov     x5, x10
    mov     x6, x14
    mov     x7, x11
    hvc     #0x70

    catch_el2 catch2
    catch_el1 catch1
