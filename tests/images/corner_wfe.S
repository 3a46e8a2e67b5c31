// corner_wfe: WFE traps, as corner_wfx.S for WFI (Arm ARM AArch64.CheckForWFxTrap): at
// EL1 HCR_EL2.TWE traps to EL2; at EL0 SCTLR_EL1.nTWE = 1 lets HCR_EL2.TWE trap to EL2,
// TGE = 1 sends the nTWE = 0 trap to EL2, and nTWE = 0 traps to EL1 ahead of TWE. ESR:
// EC 0x01, ISS.TI = 1 (WFE). A WFE checks its traps only with the Event Register clear
// (Arm ARM, WFE: "if IsEventRegisterSet() then ClearEventRegister() else ... trap
// checks"), and the ERET that enters each test sets it (AArch64.ExceptionReturn:
// SendEventLocal), so each test runs WFE twice: the first clears the register, the
// second traps. QEMU 7.2 does not trap WFE at all (its WFE is a yield): a
// known QEMU 7.2 difference (tests/meson.build, qemu_diff_known). An untrapped WFE falls
// through to an HVC (EL1) or SVC (EL0), so the image still ends with a failed check.
// Exit status 100 + n: check n failed.
    .include "common.inc"
    .include "corner.inc"
    .equ HCR_TWE, (1 << 14)
    .equ SCTLR_NTWE, (1 << 18)
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
    adr     x3, \code + 4
    checkr  x21, x3, (\st + 3)
.endm

// ... the trap must reach EL1 (which reports by HVC #0x71).
.macro wfx_el1 sctlr, hcr, code, ti, st
    ldr     x0, =(SCTLR_EL1_BASE | \sctlr)
    msr     sctlr_el1, x0
    ldr     x0, =\hcr
    msr     hcr_el2, x0
    adr     x28, 1f
    eret_to \code, SPSR_EL0T
1:  check   x20, 0x5a000071, \st
    check_field x5, 26, 6, 0x01, (\st + 1)
    check_field x5, 0, 2, \ti, (\st + 2)
    adr     x3, \code + 4
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
    // EL1: TWE to EL2
    wfx_el2 0, (HCR_RW | HCR_TWE), el1_wfe, SPSR_EL1H, 1, 1
    // EL0, nTWE = 1: TWE traps to EL2
    wfx_el2 SCTLR_NTWE, (HCR_RW | HCR_TWE), el0_wfe, SPSR_EL0T, 1, 5
    // EL0 with TGE = 1: nTWE = 0's trap goes to EL2 (TWE = 0)
    wfx_el2 0, (HCR_RW | HCR_TGE), el0_wfe, SPSR_EL0T, 1, 9
    // EL0, nTWE = 0 and TWE = 1: the EL1 trap comes first
    wfx_el1 0, (HCR_RW | HCR_TWE), el0_wfe, 1, 13
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    semihost_exit 0

el0_wfe:
    wfe                             // clears the Event Register the ERET set
    wfe
    svc     #0x7e                   // not trapped
el1_wfe:
    wfe
    wfe
    hvc     #0x7e                   // not trapped

el1_report:
    mov     x5, x10
    mov     x6, x14
    mov     x7, x11
    hvc     #0x71

    catch_el2 catch2
    catch_el1 catch1
