// vhe_timers: FEAT_VHE's timers and a host's EL0 (neoverse-n1). At EL2 with
// HCR_EL2.E2H = 1 the EL0 timer names reach the EL2 timers (CNTP_* -> CNTHP_*, CNTV_* ->
// CNTHV_*), *_EL02 the EL1 ones, TVAL is CVAL minus the count, and CNTVCT_EL0 has no
// CNTVOFF_EL2. At EL0 in the host (E2H = TGE = 1) the timer names reach the EL2 timers
// too, and EL0's access controls are SCTLR_EL2's (UCT, UMA, DZE) and CNTHCTL_EL2's
// (EL0PTEN, EL0VTEN), whatever SCTLR_EL1 and CNTKCTL_EL1 say. Without FEAT_VHE
// (cortex-a57) CNTHV_* are UNDEFINED.
    .arch armv8.1-a
    .include "common.inc"
    .include "handlers.inc"
    .equ SCTLR_UMA, (1 << 9)
    .equ SCTLR_DZE, (1 << 14)
    .equ SCTLR_UCT, (1 << 15)
    .equ EL0_OPEN, (SCTLR_UMA | SCTLR_DZE | SCTLR_UCT)

    .text
    .global _start
_start:
    el2_setup el2x_vectors
    ldr     x0, =STACK_EL0
    msr     sp_el0, x0
    mov     x0, #0x1000
    msr     cntvoff_el2, x0
    ldr     x0, =(HCR_RW | HCR_E2H)
    msr     hcr_el2, x0
    isb
    mrs     x0, hcr_el2
    tbz     x0, #34, no_vhe
    ldr     x1, =0x1234000
w_cntp_cval:
    msr     cntp_cval_el0, x1               // CNTHP_CVAL_EL2
    ldr     x2, =0x5678000
w_cntv_cval:
    msr     cntv_cval_el0, x2               // CNTHV_CVAL_EL2
    mov     x3, #1
    msr     cntp_ctl_el0, x3                // CNTHP_CTL_EL2
    mov     x3, #3
    msr     cntv_ctl_el0, x3                // CNTHV_CTL_EL2
    mrs     x21, cnthp_cval_el2
    mrs     x22, cnthv_cval_el2
    mrs     x23, cnthv_ctl_el2
    ldr     x4, =0xabc000
    msr     cntp_cval_el02, x4              // the EL1 physical timer
    mrs     x24, cntp_cval_el02
    mrs     x25, cntp_cval_el0              // CNTHP_CVAL_EL2 again
    mov     x5, #1000
w_cntv_tval:
    msr     cntv_tval_el0, x5               // CNTHV_CVAL_EL2 = count + 1000
    mrs     x26, cntv_tval_el0              // 1000 less the ticks since
    mrs     x27, cnthv_cval_el2
    mrs     x10, cntpct_el0
    mrs     x11, cntvct_el0                 // no CNTVOFF_EL2 at EL2 with E2H = 1
    sub     x28, x11, x10
    // the host's EL0: SCTLR_EL2 and CNTHCTL_EL2 open it, SCTLR_EL1 and CNTKCTL_EL1 not
    ldr     x0, =0x30d00800
    msr     sctlr_el12, x0
    msr     cntkctl_el12, xzr
    ldr     x0, =(0x30c50830 | EL0_OPEN)
    msr     sctlr_el1, x0                   // SCTLR_EL2
    mov     x0, #0x303                      // EL0PCTEN, EL0VCTEN, EL0VTEN, EL0PTEN
    msr     cntkctl_el1, x0                 // CNTHCTL_EL2
    adr     x1, host_el0
    mov     x2, #SPSR_EL0T
    ldr     x3, =(HCR_RW | HCR_E2H | HCR_TGE)
    hvc     #0x102
host_el0:
    mrs     x0, ctr_el0                     // SCTLR_EL2.UCT = 1
    mrs     x0, daif                        // SCTLR_EL2.UMA = 1
    msr     daifset, #0
    mrs     x12, dczid_el0                  // SCTLR_EL2.DZE = 1: DZP = 0
    mrs     x13, cntp_ctl_el0               // CNTHP_CTL_EL2
    mrs     x14, cntv_cval_el0              // CNTHV_CVAL_EL2
    mrs     x15, cntpct_el0
    mrs     x16, cntvct_el0                 // no CNTVOFF_EL2 in the host's EL0
    ldr     x1, =0x30c50830
    svc     #0x104                          // SCTLR_EL2 = x1: UCT, UMA, DZE clear
h_ctr:
    mrs     x0, ctr_el0                     // to EL2 (SCTLR_EL1.UCT does not count)
h_daif:
    mrs     x0, daif
h_daifclr:
    msr     daifclr, #1
    mrs     x17, dczid_el0                  // DZP = 1
    mov     x1, #3
    svc     #0x103                          // CNTHCTL_EL2 = 3: EL0PTEN, EL0VTEN clear
h_cntp_ctl:
    mrs     x0, cntp_ctl_el0                // to EL2
h_cntv_tval:
    mrs     x0, cntv_tval_el0
    mrs     x0, cntpct_el0                  // EL0PCTEN = 1
    svc     #0x1e0
    b       .

no_vhe:
u_cnthv_ctl:
    mrs     x0, s3_4_c14_c3_1               // CNTHV_CTL_EL2: UNDEFINED without FEAT_VHE
u_cnthv_cval:
    msr     s3_4_c14_c3_2, xzr              // CNTHV_CVAL_EL2
    mrs     x0, cnthp_ctl_el2
    hvc     #0x1e0
    b       .

// EL2 vectors: HVC/SVC #0x103 sets CNTHCTL_EL2 = x1, #0x104 SCTLR_EL2 = x1; the rest
// as el2_sync
    sync_vectors el2x_vectors, el2x_sync
el2x_sync:
    mrs     x9, esr_el2
    ubfx    x10, x9, #26, #6
    cmp     x10, #0x16
    b.eq    1f
    cmp     x10, #0x15
    b.ne    el2_sync
1:  and     x10, x9, #0xffff
    cmp     x10, #0x103
    b.eq    2f
    cmp     x10, #0x104
    b.ne    el2_sync
    msr     sctlr_el2, x1
    isb
    eret
2:  msr     cnthctl_el2, x1
    isb
    eret

    exit_routine
    el2_handlers
    el1_handlers
