// hyp32_pl1: the Hyp-mode machine's PL1 modes take their own exceptions (HCR.TGE = 0):
// SVC and UDF in Supervisor mode go to VBAR + 0x08 and + 0x04 (AArch32.TakeSVCException,
// AArch32.TakeUndefInstrException), with VBAR 32-byte but not 2 KiB aligned (VBAR bits
// 10:5 are the base's: Arm ARM G8 VBAR); MOVS PC, LR returns; an HVC ends the run (exit 0).
    .syntax unified
    .arch armv7ve
    .text
    .arm
    .global _start
_start:
    ldr     r0, =hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0
    ldr     r0, =svc_vectors
    mcr     p15, 0, r0, c12, c0, 0      // VBAR
    ldr     r0, =svc_code
    msr     ELR_hyp, r0
    mov     r0, #0x1d3
    msr     spsr_cxsf, r0
    eret
svc_code:
    ldr     sp, =0x40300000
    .global svc_call
svc_call:
    svc     #0x21                       // Supervisor mode, VBAR + 0x08
    .global udf_call
udf_call:
    udf     #3                          // Undefined mode, VBAR + 0x04
    hvc     #0x34
    b       .
    .balign 32
    .global svc_vectors
svc_vectors:
    b       .
    b       und_h
    b       svc_h
    b       .
    b       .
    b       .
    b       .
    b       .
und_h:
    movs    pc, lr
svc_h:
    movs    pc, lr
    .balign 32
hyp_vectors:
    .rept 5
    b       .
    .endr
    b       hyp_trap
    b       .
    b       .
hyp_trap:
    mov     r0, #0x18
    ldr     r1, =0x20026
    svc     #0x123456
    b       .
