// timer_access: the generic timer below EL2 with HCR_EL2.E2H = 0. At EL2, CNTVCT_EL0 is
// CNTPCT_EL0 - CNTVOFF_EL2 (the offset is zero only with E2H = 1). With CNTHCTL_EL2 = 0
// (EL1PCTEN and EL1PCEN clear) EL1's reads of CNTPCT_EL0 and accesses to CNTP_CTL/CVAL/
// TVAL_EL0 trap to EL2 (EC 0x18) while the virtual counter, its timer and CNTFRQ_EL0 stay
// open; with only EL1PCEN set the counter still traps and the timer no longer does.
// EL0 (CNTKCTL_EL1 open) gets the same EL2 traps with CNTHCTL_EL2 = 0. (EL0 with only
// EL1PCEN set is in test_arch: QEMU 7.2 checks EL1PCEN for EL0's counter reads, a bug
// QEMU fixed in 8.2 after the CNTPCT_EL0 accessibility pseudocode.) A wrong value
// exits with its check's status.
    .include "common.inc"
    .include "handlers.inc"
    .equ CNTHCTL_EL1PCEN, 2

    .text
    .global _start
_start:
    el2_setup el2x_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    ldr     x0, =STACK_EL0
    msr     sp_el0, x0
    mov     x0, #(1 << 40)
    msr     cntvoff_el2, x0
    isb
    mrs     x1, cntpct_el0
    mrs     x2, cntvct_el0
    sub     x3, x1, x2                      // 2^40 minus the ticks between the reads
    mov     x19, #1
    cmp     x3, x0
    b.hi    fail
    sub     x4, x0, x3
    cmp     x4, #(1 << 20)
    b.hs    fail
    msr     cnthctl_el2, xzr
    mov     x0, #0x303                      // EL0: every counter and timer open
    msr     cntkctl_el1, x0
    drop_to_el1 el1_code
el1_code:
t_cntpct:
    mrs     x0, cntpct_el0                  // EL1PCTEN = 0
t_cntp_ctl:
    mrs     x0, cntp_ctl_el0                // EL1PCEN = 0
t_cntp_cval:
    msr     cntp_cval_el0, xzr
t_cntp_tval:
    mrs     x0, cntp_tval_el0
    mrs     x0, cntvct_el0                  // virtual counter and timer: open
    mrs     x0, cntv_ctl_el0
    mrs     x0, cntfrq_el0
    mov     x1, #CNTHCTL_EL1PCEN
    hvc     #0x103                          // CNTHCTL_EL2 = x1
t_cntpct2:
    mrs     x0, cntpct_el0                  // EL1PCTEN = 0 still
    mrs     x0, cntp_ctl_el0                // EL1PCEN = 1: open
    mov     x1, #0
    hvc     #0x103
    adr     x0, el0_code
    msr     elr_el1, x0
    mov     x0, #SPSR_EL0T
    msr     spsr_el1, x0
    eret
el0_code:
t_el0_cntpct:
    mrs     x0, cntpct_el0                  // CNTHCTL_EL2.EL1PCTEN traps EL0 too
t_el0_cntp_ctl:
    mrs     x0, cntp_ctl_el0                // and EL1PCEN
    mrs     x0, cntvct_el0
    svc     #0x1e0
    b       .

fail:
    mov     x0, #0x18
    adr     x1, 9f
    str     x19, [x1, #8]
    hlt     #0xf000
    b       .
    .balign 8
9:  .quad   0x20026, 0

// EL2 vectors: HVC #0x103 sets CNTHCTL_EL2 = x1; the rest as el2_sync
    sync_vectors el2x_vectors, el2x_sync
el2x_sync:
    mrs     x9, esr_el2
    ubfx    x10, x9, #26, #6
    cmp     x10, #0x16
    b.ne    el2_sync
    and     x10, x9, #0xffff
    cmp     x10, #0x103
    b.ne    el2_sync
    msr     cnthctl_el2, x1
    isb
    eret

    exit_routine
    el2_handlers
    el1_handlers
