// el0_controls: EL0's access controls in SCTLR_EL1 and CNTKCTL_EL1. Part A, all clear:
// CTR_EL0 (UCT), DAIF and MSR DAIFSet/DAIFClr (UMA), DC ZVA (DZE; DCZID_EL0.DZP reads 1),
// DC CVAU/CIVAC and IC IVAU (UCI), and the counters and timers (CNTKCTL_EL1.EL0PCTEN,
// EL0VCTEN, EL0PTEN, EL0VTEN) trap to EL1 (EC 0x18). Part B, all set: the same accesses
// run and DZP reads 0 (DC ZVA itself is left out: with the MMU off memory is Device and
// the Arm ARM makes it an Alignment fault, which neither el2sim nor QEMU 7.2 models).
// Part C, HCR_EL2.TGE = 1 and the controls clear again: the traps go to EL2. A wrong
// value exits with its check's status.
    .include "common.inc"
    .include "handlers.inc"
    .equ SCTLR_UMA, (1 << 9)
    .equ SCTLR_DZE, (1 << 14)
    .equ SCTLR_UCT, (1 << 15)
    .equ SCTLR_UCI, (1 << 26)
    .equ SCTLR_OFF, 0x30d00800
    .equ SCTLR_ON, (SCTLR_OFF | SCTLR_UMA | SCTLR_DZE | SCTLR_UCT | SCTLR_UCI)
    .equ CNTKCTL_ON, 0x303                  // EL0PCTEN, EL0VCTEN, EL0VTEN, EL0PTEN

.macro fail_if cond, st
    mov     x19, #\st
    b.\cond fail
.endm

    .text
    .global _start
_start:
    el2_setup el2_vectors
    adr     x0, stage_vectors
    msr     vbar_el1, x0
    ldr     x0, =SCTLR_OFF
    msr     sctlr_el1, x0
    msr     cntkctl_el1, xzr
    ldr     x0, =STACK_EL0
    msr     sp_el0, x0
    drop_to_el1 el1_code
el1_code:
    adr     x0, el0_a
    msr     elr_el1, x0
    mov     x0, #SPSR_EL0T
    msr     spsr_el1, x0
    eret

el0_a:
    adr     x1, zva_buf
a_ctr:
    mrs     x0, ctr_el0                     // UCT = 0
a_daif:
    mrs     x0, daif                        // UMA = 0
a_daifset:
    msr     daifset, #2
a_daifclr:
    msr     daifclr, #4
a_zva:
    dc      zva, x1                         // DZE = 0
    mrs     x20, dczid_el0                  // never trapped; DZP = 1
a_cvau:
    dc      cvau, x1                        // UCI = 0
a_civac:
    dc      civac, x1
a_ivau:
    ic      ivau, x1
a_cntpct:
    mrs     x0, cntpct_el0                  // EL0PCTEN = 0
a_cntvct:
    mrs     x0, cntvct_el0                  // EL0VCTEN = 0
a_cntfrq:
    mrs     x0, cntfrq_el0                  // both clear
a_cntp_ctl:
    mrs     x0, cntp_ctl_el0                // EL0PTEN = 0
a_cntp_tval:
    mrs     x0, cntp_tval_el0
a_cntv_cval:
    msr     cntv_cval_el0, x1               // EL0VTEN = 0
    adr     x1, el1_b
    svc     #0x10                           // EL1 continues at x1

el1_b:
    ldr     x0, =SCTLR_ON
    msr     sctlr_el1, x0
    mov     x0, #CNTKCTL_ON
    msr     cntkctl_el1, x0
    adr     x0, el0_b
    msr     elr_el1, x0
    mov     x0, #SPSR_EL0T
    msr     spsr_el1, x0
    eret

el0_b:
    adr     x1, zva_buf
    mrs     x0, ctr_el0
    mrs     x0, daif
    msr     daifset, #2
    msr     daifclr, #2
    mrs     x21, dczid_el0                  // DZP = 0
    dc      cvau, x1
    dc      civac, x1
    ic      ivau, x1
    mrs     x0, cntpct_el0
    mrs     x0, cntvct_el0
    mrs     x0, cntfrq_el0
    mrs     x0, cntp_ctl_el0
    mrs     x0, cntp_tval_el0
    msr     cntv_cval_el0, x1
    mrs     x2, cntv_cval_el0
    cmp     x1, x2
    fail_if ne, 3
    adr     x1, el1_c
    svc     #0x10

el1_c:
    ldr     x0, =SCTLR_OFF
    msr     sctlr_el1, x0
    msr     cntkctl_el1, xzr
    adr     x1, el0_c
    mov     x2, #SPSR_EL0T
    ldr     x3, =(HCR_RW | HCR_TGE)
    hvc     #0x102                          // EL2 returns to EL0 with TGE = 1

el0_c:
    adr     x1, zva_buf
c_ctr:
    mrs     x0, ctr_el0                     // UCT = 0: to EL2 (TGE)
c_daifset:
    msr     daifset, #1
c_zva:
    dc      zva, x1
c_ivau:
    ic      ivau, x1
c_cntvct:
    mrs     x0, cntvct_el0
    svc     #0x1e0                          // to EL2 (TGE), exit 0
    b       .

fail:
    mov     x0, #0x18
    adr     x1, 9f
    str     x19, [x1, #8]
    hlt     #0xf000
    b       .
    .balign 8
9:  .quad   0x20026, 0

// EL1 vectors: SVC #0x10 continues at EL1 at x1, SVC #0x1e0 exits, other exceptions
// skip the instruction that took them
    sync_vectors stage_vectors, stage_sync
stage_sync:
    mrs     x9, esr_el1
    ubfx    x10, x9, #26, #6
    cmp     x10, #0x15
    b.ne    1f
    and     x10, x9, #0xffff
    cmp     x10, #0x1e0
    b.eq    exit_ok
    cmp     x10, #0x10
    b.ne    2f
    br      x1
1:  mrs     x9, elr_el1
    add     x9, x9, #4
    msr     elr_el1, x9
2:  eret

    exit_routine
    el2_handlers

    .data
    .balign 64
zva_buf:
    .fill   8, 8, 0x1111111111111111
