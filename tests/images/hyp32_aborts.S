// hyp32_aborts: Prefetch Aborts into Hyp mode on the AArch32 Hyp-mode machine (issue 21
// item 2; --arch aarch32 --cpu cortex-a15): BKPT in Hyp mode (HVBAR + 0x0C, HSR
// 0x86000022: EC 0x21, IFSC Debug), a fetch from 0x30000000 (no memory) in Hyp mode (HVBAR +
// 0x0C, HSR 0x86000010: External abort, HIFAR = ELR_hyp = 0x30000000), then BKPT in
// Supervisor mode with HDCR.TDE (the Hyp Trap entry HVBAR + 0x14, HSR 0x82000022: EC 0x20);
// the trap handler exits by semihosting (status 0) with the HSR in r3.
    .syntax unified
    .arch armv7ve
    .text
    .arm
    .global _start
_start:
    ldr     r0, =hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      // HVBAR
    mov     r8, #0
bkpt_hyp:
    bkpt    #0x12                       // HVBAR + 0x0C, ELR_hyp = the BKPT
    ldr     r0, =0x30000000
pabt_hyp:
    bx      r0                          // the fetch at 0x30000000 aborts
after_pabt:
    mov     r0, #(1 << 8)               // HDCR.TDE
    mcr     p15, 4, r0, c1, c1, 1
    ldr     r0, =svc_code
    msr     ELR_hyp, r0
    mov     r0, #0x1d3
    msr     spsr_cxsf, r0
    eret
svc_code:
bkpt_svc:
    bkpt    #0x34                       // Hyp Trap, HSR 0x82000022
    b       .

    .balign 32
hyp_vectors:
    b       .
    b       .
    b       .
    b       hyp_pabt                    // 0x0C
    b       .
    b       hyp_trap                    // 0x14
    b       .
    b       .
hyp_pabt:
    mrc     p15, 4, r3, c5, c2, 0       // HSR
    mrc     p15, 4, r4, c6, c0, 2       // HIFAR
    mrs     r5, ELR_hyp
    cmp     r8, #0
    addeq   r5, r5, #4                  // BKPT: step over it
    ldrne   r5, =after_pabt             // the fetch abort: on after the BX
    add     r8, r8, #1
    msr     ELR_hyp, r5
    eret
hyp_trap:
    mrc     p15, 4, r3, c5, c2, 0       // HSR
    mrs     r4, ELR_hyp
    mov     r0, #0x18                   // SYS_EXIT
    ldr     r1, =0x20026
    hlt     #0xf000
