// hyp32_thumb: the Hyp-mode machine in T32 (issue 21 item 2; --arch aarch32 --cpu
// cortex-a15): a Thumb entry (ELF entry bit 0) boots in Hyp mode with CPSR.T set; HVC in
// Hyp mode (HVBAR + 0x08, HSR.IL 1 for the 32-bit HVC), the T32 ERET (SUBS PC, LR, #0 =
// F3DE 8F00) back to Hyp mode, then to Supervisor mode in T32; a 16-bit SVC there is taken
// ... as semihosting (SVC 0xab: SYS_EXIT_EXTENDED, status 5).
    .syntax unified
    .arch armv7ve
    .text
    .thumb
    .global _start
    .type   _start, %function
_start:
    ldr     r0, =hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      // HVBAR
    mov     r0, #(1 << 30)              // HSCTLR.TE: exceptions taken in T32
    mcr     p15, 4, r0, c1, c0, 0
t32_hvc:
    hvc     #0x77                       // HVBAR + 0x08, HSR 0x4a000077
    ldr     r0, =svc_code + 1
    msr     ELR_hyp, r0
    mov     r0, #0x1f3                  // Supervisor, T, A/I/F masked
    msr     spsr_cxsf, r0
t32_eret:
    eret
    .type   svc_code, %function
svc_code:
    movs    r0, #0x20                   // SYS_EXIT_EXTENDED
    ldr     r1, =exit_block
t32_svc:
    svc     #0xab
    b       .

    .balign 32
hyp_vectors:
    b.w     .                           // 0x00
    b.w     .                           // 0x04
    b.w     hyp_call                    // 0x08
    b.w     .
    b.w     .
    b.w     .
    b.w     .
    b.w     .
hyp_call:
    mrc     p15, 4, r3, c5, c2, 0       // HSR
hyp_call_eret:
    eret
    .pool

    .data
    .balign 4
exit_block:
    .word   0x20026, 5
