// wfe_traps: WFE and the Event Register (Arm ARM D1.7.1.1; SystemHintOp_WFE,
// AArch64.CheckForWFxTrap). A WFE with the Event Register set clears it and completes
// without a trap check; an exception return, SEV and SEVL set it. Otherwise at EL0 the
// OS's trap (SCTLR_EL1.nTWE == 0, to EL1) comes before HCR_EL2.TWE; at EL1 HCR_EL2.TWE
// traps to EL2. With FEAT_VHE (run on neoverse-n1), in a VHE host (HCR_EL2.E2H = TGE = 1)
// HCR_EL2.TWE does not apply to EL0, SCTLR_EL2.nTWE does, and its trap goes to EL2.
// (QEMU 7.2 never traps WFE: not for the QEMU comparison.)
    .include "common.inc"
    .include "handlers.inc"
    .equ HCR_TWE, (1 << 14)
    .equ SCTLR_NTWE, (1 << 18)
    .equ SCTLR_EL1_TRAP, 0x30d00800                 // nTWI = nTWE = 0: EL0 WFI/WFE trapped
    .equ SCTLR_EL2_HOST, 0x30c50830                 // reset value: nTWI = nTWE = 1
    .text
    .global _start

// At EL2: ERET to \target with SPSR_EL2 = \spsr and HCR_EL2 = \hcr (handlers.inc 0x102).
.macro goto target, spsr, hcr
    ldr     x1, =\target
    mov     x2, #\spsr
    ldr     x3, =\hcr
    hvc     #0x102
.endm

// Below EL2: back to EL2h at \next with HCR_EL2 = \hcr (via EL1 when TGE is 0).
.macro back_to_el2 next, hcr=HCR_RW
    ldr     x1, =\next
    mov     x2, #SPSR_EL2H
    ldr     x3, =\hcr
    svc     #0x102
.endm

_start:
    el2_setup el2_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    ldr     x0, =STACK_EL1
    msr     sp_el1, x0
    ldr     x0, =STACK_EL0
    msr     sp_el0, x0
    ldr     x0, =SCTLR_EL1_TRAP
    msr     sctlr_el1, x0
    // 1. EL0, SCTLR_EL1.nTWE = 0 and HCR_EL2.TWE = 1
    goto    el0_1, SPSR_EL0T, (HCR_RW | HCR_TWE)
step2:
    // 2. EL1, HCR_EL2.TWE = 1
    goto    el1_2, SPSR_EL1H, (HCR_RW | HCR_TWE)
step3:
    mrs     x0, id_aa64mmfr1_el1
    ubfx    x0, x0, #8, #4                          // VH
    cbz     x0, done
    // 3. VHE host EL0: HCR_EL2.TWE = 1 but not applied, SCTLR_EL2.nTWE = 1
    ldr     x0, =SCTLR_EL2_HOST
    msr     sctlr_el2, x0
    goto    el0_3, SPSR_EL0T, (HCR_RW | HCR_E2H | HCR_TGE | HCR_TWE)
step4:
    // 4. VHE host EL0: SCTLR_EL2.nTWE = 0
    ldr     x0, =(SCTLR_EL2_HOST & ~SCTLR_NTWE)
    msr     sctlr_el2, x0
    goto    el0_4, SPSR_EL0T, (HCR_RW | HCR_E2H | HCR_TGE)
done:
    semihost_exit 0

el0_1:
wfe_el0_after_eret:
    wfe                                             // the ERET set the Event Register
wfe_el0_sctlr:
    wfe                                             // the OS's trap, to EL1
    back_to_el2 step2
el1_2:
wfe_el1_after_eret:
    wfe
wfe_el1_hcr:
    wfe                                             // HCR_EL2.TWE, to EL2
wfe_el1_after_trap:
    wfe                                             // the trap's ERET set it again
    sevl
wfe_el1_after_sevl:
    wfe
    sev
wfe_el1_after_sev:
    wfe
wfe_el1_hcr_again:
    wfe                                             // trapped again
    goto    step3, SPSR_EL2H, HCR_RW
el0_3:
    wfe
wfe_host_untrapped:
    wfe                                             // not trapped: completes
    back_to_el2 step4, (HCR_RW | HCR_E2H | HCR_TGE)
el0_4:
    wfe
wfe_host_sctlr_el2:
    wfe                                             // SCTLR_EL2.nTWE = 0: to EL2
    back_to_el2 done, (HCR_RW | HCR_E2H | HCR_TGE)

    exit_routine
    el2_handlers

// EL1: an SVC from EL0 is passed on to EL2 (hvc #0x102 with the same x1-x3); anything
// else (the WFE traps) is stepped over.
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
