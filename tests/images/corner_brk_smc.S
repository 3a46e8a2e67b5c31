// corner_brk_smc: routing of BRK and SMC.
// BRK (Arm ARM AArch64.SoftwareBreakpoint): from EL0/EL1 it goes to EL2 when
// HCR_EL2.TGE=1 or MDCR_EL2.TDE=1, else to EL1; at EL2 it stays at EL2; ESR = EC 0x3c
// with the immediate, ELR = the BRK itself.
// SMC (AArch64.CheckForSMCUndefOrTrap): at EL0 UNDEFINED (to EL1 with TGE=0); at EL1 with
// HCR_EL2.TSC=1 trapped to EL2 (EC 0x17, ISS = imm16, ELR = the SMC itself); TSC does
// not apply at EL2, whose SMC reaches the firmware (PSCI_VERSION here), as does an SMC at
// EL1 with TSC=0.
// Exit status 100 + n: check n failed.
    .include "common.inc"
    .include "corner.inc"
    .equ PSCI_VERSION, 0x84000000
    .text
    .global _start

// Run \code at EL (\spsr) with HCR_EL2 = \hcr, MDCR_EL2 = \mdcr; expect an exception
// at EL2 vector \off with ESR \esr and ELR = \code.
.macro to_el2 code, spsr, hcr, mdcr, off, esr, st
    ldr     x0, =\hcr
    msr     hcr_el2, x0
    ldr     x0, =\mdcr
    msr     mdcr_el2, x0
    adr     x28, 1f
    eret_to \code, \spsr
1:  check   x24, \off, \st
    check   x20, \esr, (\st + 1)
    adr     x3, \code
    checkr  x21, x3, (\st + 2)
.endm

// The same, but the exception goes to EL1, whose catcher reports by HVC #0x40:
// x5 = ESR_EL1, x6 = vector offset, x7 = ELR_EL1.
.macro to_el1 code, spsr, hcr, mdcr, off, esr, st
    ldr     x0, =\hcr
    msr     hcr_el2, x0
    ldr     x0, =\mdcr
    msr     mdcr_el2, x0
    adr     x28, 1f
    eret_to \code, \spsr
1:  check   x20, 0x5a000040, \st
    check   x6, \off, (\st + 1)
    check   x5, \esr, (\st + 2)
    adr     x3, \code
    checkr  x7, x3, (\st + 3)
.endm

    .equ TDE, (1 << 8)
_start:
    el2_setup catch2
    adr     x0, catch1
    msr     vbar_el1, x0
    adr     x27, el1_report
    ldr     x0, =STACK_EL1
    msr     sp_el1, x0
    ldr     x0, =STACK_EL0
    msr     sp_el0, x0
    to_el2  brk_a, SPSR_EL1H, HCR_RW, TDE, 0x400, 0xf2000042, 1
    to_el2  brk_b, SPSR_EL0T, HCR_RW, TDE, 0x400, 0xf2000043, 4
    to_el1  brk_c, SPSR_EL0T, HCR_RW, 0, 0x400, 0xf2000044, 7
    to_el1  brk_d, SPSR_EL1H, HCR_RW, 0, 0x200, 0xf2000045, 11
    to_el2  brk_e, SPSR_EL0T, (HCR_RW | HCR_TGE), 0, 0x400, 0xf2000046, 15
    // BRK at EL2 with TDE=1
    adr     x28, 2f
brk_el2:
    brk     #0x47
2:  check   x24, 0x200, 18
    check   x20, 0xf2000047, 19
    adr     x3, brk_el2
    checkr  x21, x3, 20
    mov     x0, #0
    msr     mdcr_el2, x0
    // SMC
    to_el2  smc_a, SPSR_EL1H, (HCR_RW | HCR_TSC), 0, 0x400, 0x5e001234, 21
    to_el1  smc_b, SPSR_EL0T, (HCR_RW | HCR_TSC), 0, 0x400, 0x02000000, 24
    ldr     x0, =PSCI_VERSION
smc_el2:
    smc     #0                      // TSC is still 1: no trap at EL2
    ldr     x1, =PSCI_VERSION
    cmp     x0, x1
    b.ne    3f
    fail    28                // the firmware did not answer
3:  ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    adr     x28, 4f
    eret_to smc_c, SPSR_EL1H
4:  check   x20, 0x5a000041, 29
    ldr     x1, =PSCI_VERSION
    cmp     x0, x1
    b.ne    5f
    fail    30
5:  semihost_exit 0

brk_a:  brk #0x42
brk_b:  brk #0x43
brk_c:  brk #0x44
brk_d:  brk #0x45
brk_e:  brk #0x46
smc_a:  smc #0x1234
smc_b:  smc #0x99
smc_c:
    ldr     x0, =PSCI_VERSION
    smc     #0
    hvc     #0x41

el1_report:
    mov     x5, x10
    mov     x6, x14
    mov     x7, x11
    hvc     #0x40

    catch_el2 catch2
    catch_el1 catch1
