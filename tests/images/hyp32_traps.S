// hyp32_traps: Hyp Trap entries from PL1 and PL0 on the AArch32 Hyp-mode machine (issue 21
// item 2; --arch aarch32 --cpu cortex-a15): HCR.TVM (MCR SCTLR), HSTR.T2 (MRC TTBR0),
// HCR.TSC (SMC), HCR.TWI (WFI) from Supervisor mode, all at HVBAR + 0x14; HCR.TGE (SVC from
// User mode); then an illegal ERET (SPSR.M = Monitor) whose Illegal Execution state
// exception is taken at HVBAR + 0x04 (HSR EC 0x0e); the Undefined handler exits (status 0).
    .syntax unified
    .arch armv7ve
    .text
    .arm
    .global _start
_start:
    ldr     r0, =hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      // HVBAR
    ldr     r0, =(1 << 26) | (1 << 19) | (1 << 13)   // HCR.TVM, TSC, TWI
    mcr     p15, 4, r0, c1, c1, 0
    mov     r0, #(1 << 2)               // HSTR.T2
    mcr     p15, 4, r0, c1, c1, 3
    ldr     r0, =svc_code
    msr     ELR_hyp, r0
    mov     r0, #0x1d3
    msr     spsr_cxsf, r0
    eret
svc_code:
tvm_mcr:
    mcr     p15, 0, r0, c1, c0, 0       // SCTLR write: HSR 0x0fe00400
hstr_mrc:
    mrc     p15, 0, r1, c2, c0, 0       // TTBR0 read: HSR 0x0fe00821
tsc_smc:
    smc     #0                          // HSR 0x4fe00000, ELR = the SMC
twi_wfi:
    wfi                                 // HSR 0x07e00000
to_user:
    hvc     #1                          // Hyp: HCR = TGE, on to User mode
    b       .
usr_code:
tge_svc:
    svc     #0x42                       // HSR 0x46000042
    b       .

    .balign 32
hyp_vectors:
    b       .
    b       hyp_undef                   // 0x04
    b       .
    b       .
    b       .
    b       hyp_trap                    // 0x14
    b       .
    b       .
hyp_trap:
    mrc     p15, 4, r3, c5, c2, 0       // HSR
    lsr     r5, r3, #26                 // EC
    cmp     r5, #0x12
    beq     trap_hvc
    cmp     r5, #0x11
    beq     trap_svc
    mrs     r4, ELR_hyp                 // a trapped instruction: step over it
    add     r4, r4, #4
    msr     ELR_hyp, r4
    eret
trap_hvc:
    mov     r0, #(1 << 27)              // HCR.TGE only
    mcr     p15, 4, r0, c1, c1, 0
    ldr     r0, =usr_code
    msr     ELR_hyp, r0
    mov     r0, #0x1d0                  // User
    msr     spsr_cxsf, r0
    eret
trap_svc:
    mov     r0, #0x1d6                  // Monitor: no such mode below EL3 here
    msr     spsr_cxsf, r0
illegal_eret:
    eret                                // illegal: PSTATE.IL, Hyp mode stays
hyp_undef:
    mrc     p15, 4, r3, c5, c2, 0       // HSR 0x3a000000
    mrs     r4, spsr                    // the IL bit set
    mov     r0, #0x18                   // SYS_EXIT
    ldr     r1, =0x20026
    hlt     #0xf000
