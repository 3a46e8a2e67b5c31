// psci_suspend: PSCI CPU_SUSPEND on one PE (Arm DEN0022 5.4; firmware.c). PSCI_FEATURES
// answers 0 for CPU_SUSPEND and CPU_SUSPEND64 (original power_state format); a power_state
// with PowerLevel 1 or a reserved bit is INVALID_PARAMETERS (-2); a powerdown state with an
// entry point not 4-byte aligned INVALID_ADDRESS (-9). A standby state with the EL2 timer
// armed returns SUCCESS once it fired (CNTHP_CTL_EL2 = ENABLE | ISTATUS). A powerdown state
// with the timer armed resumes at susp_resume with x0 = the context ID, at EL2h, DAIF masked,
// SCTLR_EL2.C cleared, and never returns after its SMC. A last standby with nothing armed
// sleeps forever: exit 5. susp_step counts the checks passed (6); a failed one exits with
// its number.
    .include "common.inc"
    .include "irq.inc"
    .equ HCR_IMO, (1 << 4)
    .equ PSCI_CPU_SUSPEND,   0x84000001
    .equ PSCI_CPU_SUSPEND64, 0xc4000001
    .equ PSCI_FEATURES,      0x8400000a

    .text
    .global _start
_start:
    ldr     x0, =STACK_EL2
    mov     sp, x0
    gic_setup
    ldr     x0, =(HCR_RW | HCR_IMO)
    msr     hcr_el2, x0
    adr     x20, susp_step
    ldr     x0, =PSCI_FEATURES
    ldr     x1, =PSCI_CPU_SUSPEND
    smc     #0
    cbnz    x0, f1
    ldr     x0, =PSCI_FEATURES
    ldr     x1, =PSCI_CPU_SUSPEND64
    smc     #0
    cbnz    x0, f1
    mov     x0, #1
    str     x0, [x20]
    ldr     x0, =PSCI_CPU_SUSPEND64
    mov     x1, #(1 << 24)              // PowerLevel 1: no PEs there
    smc     #0
    cmn     x0, #2
    b.ne    f2
    ldr     x0, =PSCI_CPU_SUSPEND
    mov     x1, #(1 << 30)              // reserved
    smc     #0
    cmn     x0, #2
    b.ne    f2
    mov     x0, #2
    str     x0, [x20]
    ldr     x0, =PSCI_CPU_SUSPEND64
    mov     x1, #(1 << 16)              // powerdown
    adr     x2, susp_resume + 2
    smc     #0
    cmn     x0, #9
    b.ne    f3
    mov     x0, #3
    str     x0, [x20]
    mov     x0, #1000
    msr     cnthp_tval_el2, x0
    mov     x0, #1
    msr     cnthp_ctl_el2, x0
    isb
    ldr     x0, =PSCI_CPU_SUSPEND
    mov     x1, #0x2a                   // standby, StateID 0x2a
susp_standby:
    smc     #0
    cbnz    x0, f4
    mrs     x1, cnthp_ctl_el2
    cmp     x1, #5                      // it fired
    b.ne    f4
    mov     x0, #4
    str     x0, [x20]
    mov     x0, #1000
    msr     cnthp_tval_el2, x0
    mrs     x1, sctlr_el2
    orr     x1, x1, #(1 << 2)           // C: the resume clears it
    msr     sctlr_el2, x1
    isb
    ldr     x0, =PSCI_CPU_SUSPEND64
    ldr     x1, =0x10007                // powerdown, StateID 7
    adr     x2, susp_resume
    ldr     x3, =0xc0ffee
susp_down:
    smc     #0
    b       f5                          // a powerdown state does not return here

susp_resume:
    ldr     x1, =0xc0ffee
    cmp     x0, x1
    b.ne    f5
    mrs     x1, CurrentEL
    cmp     x1, #8
    b.ne    f5
    mrs     x1, daif
    cmp     x1, #0x3c0
    b.ne    f5
    mrs     x1, spsel
    cmp     x1, #1
    b.ne    f5
    mrs     x1, sctlr_el2
    tbnz    x1, #2, f5
    mov     x0, #5
    adr     x20, susp_step
    str     x0, [x20]
    msr     cnthp_ctl_el2, xzr
    isb
    mov     x0, #6
    str     x0, [x20]
    ldr     x0, =PSCI_CPU_SUSPEND
    mov     x1, #0
susp_forever:
    smc     #0
    b       f6

f1: fail_exit 11
f2: fail_exit 12
f3: fail_exit 13
f4: fail_exit 14
f5: fail_exit 15
f6: fail_exit 16
    fail_routine
    .ltorg

    .data
    .balign 8
susp_step: .quad 0
