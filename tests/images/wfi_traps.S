// wfi_traps: AArch64.CheckForWFxTrap for WFI at EL0, in the Arm ARM's order: the OS's
// trap (SCTLR_EL1.nTWI == 0, to EL1) is checked before the hypervisor's (HCR_EL2.TWI,
// to EL2); the OS's trap goes to EL2 when HCR_EL2.TGE == 1 (AArch64.WFxTrap); with TGE
// set (and E2H clear: not a VHE host) HCR_EL2.TWI still traps EL0. Each step runs a WFI
// at EL0 under a different configuration set up at EL2; the handlers step over the WFI,
// and EL0 gets back to EL2 with svc #0x102 (to EL1 when TGE is 0, which passes it on
// with hvc #0x102).
    .include "common.inc"
    .include "handlers.inc"
    .equ SCTLR_NTWI, (1 << 16)
    .equ SCTLR_EL1_TRAP, 0x30d00800                 // nTWI = nTWE = 0: EL0 WFI/WFE trapped
    .text
    .global _start

// At EL2: SCTLR_EL1 = \sctlr, then ERET to EL0t at \el0 with HCR_EL2 = \hcr.
.macro el0_step sctlr, hcr, el0
    ldr     x0, =\sctlr
    msr     sctlr_el1, x0
    ldr     x0, =STACK_EL0
    msr     sp_el0, x0
    ldr     x1, =\el0
    mov     x2, #SPSR_EL0T
    ldr     x3, =\hcr
    hvc     #0x102                                  // EL2 -> EL2: ERET to \el0 with HCR_EL2
.endm

// At EL0: back to EL2h at \next with HCR_EL2 = HCR_RW.
.macro back_to_el2 next
    ldr     x1, =\next
    mov     x2, #SPSR_EL2H
    ldr     x3, =HCR_RW
    svc     #0x102
.endm

_start:
    el2_setup el2_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    ldr     x0, =STACK_EL1
    msr     sp_el1, x0
    // 1. SCTLR_EL1.nTWI = 0 and HCR_EL2.TWI = 1: the EL1 trap comes first
    el0_step SCTLR_EL1_TRAP, (HCR_RW | HCR_TWI), el0_1
step2:
    // 2. nTWI = 1, HCR_EL2.TWI = 1: to EL2
    el0_step (SCTLR_EL1_TRAP | SCTLR_NTWI), (HCR_RW | HCR_TWI), el0_2
step3:
    // 3. nTWI = 0, HCR_EL2.TGE = 1, TWI = 0: the EL1 trap, routed to EL2
    el0_step SCTLR_EL1_TRAP, (HCR_RW | HCR_TGE), el0_3
step4:
    // 4. nTWI = 1, HCR_EL2.TGE = 1, TWI = 1 (E2H = 0: not a VHE host): HCR_EL2.TWI traps
    el0_step (SCTLR_EL1_TRAP | SCTLR_NTWI), (HCR_RW | HCR_TGE | HCR_TWI), el0_4
step5:
    semihost_exit 0

el0_1:
wfi_el0_sctlr:
    wfi
    back_to_el2 step2
el0_2:
wfi_el0_hcr:
    wfi
    back_to_el2 step3
el0_3:
wfi_el0_tge:
    wfi
    back_to_el2 step4
el0_4:
wfi_el0_tge_twi:
    wfi
    back_to_el2 step5

    exit_routine
    el2_handlers

// EL1: an SVC from EL0 is passed on to EL2 (hvc #0x102 with the same x1-x3); anything
// else (the WFI traps) is stepped over.
    sync_vectors el1_vectors, el1_sync
el1_sync:
    mrs     x9, esr_el1
    ubfx    x10, x9, #26, #6
    cmp     x10, #0x15
    b.ne    1f
    hvc     #0x102
1:  mrs     x9, elr_el1
    add     x9, x9, #4
    msr     elr_el1, x9
    eret
