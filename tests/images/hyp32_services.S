// hyp32_services: PSCI over SMC and semihosting on the AArch32 Hyp-mode machine (issue 21
// item 2; --arch aarch32 --cpu cortex-a15). Hyp mode: PSCI_VERSION, an SMC64 function ID
// (NOT_SUPPORTED from AArch32), SYS_WRITE0 by HLT 0xf000; Supervisor mode: PSCI_FEATURES,
// SYS_WRITEC by SVC 0x123456, then T32: SYS_EXIT_EXTENDED by SVC 0xab with status 3.
// Entry exit_plain: SYS_EXIT (reason in R1) by HLT 0xf000, status 0.
    .syntax unified
    .arch armv7ve
    .text
    .arm
    .global _start
_start:
    ldr     r0, =0x84000000             // PSCI_VERSION
smc_version:
    smc     #0
    mov     r6, r0                      // 0x10001
    ldr     r0, =0xc4000003             // CPU_ON (SMC64)
smc_64:
    smc     #0
    mov     r7, r0                      // 0xffffffff
    mov     r0, #4                      // SYS_WRITE0
    ldr     r1, =hello
hlt_write0:
    hlt     #0xf000
    ldr     r0, =svc_code
    msr     ELR_hyp, r0
    mov     r0, #0x1d3
    msr     spsr_cxsf, r0
    eret
svc_code:
    ldr     r0, =0x8400000a             // PSCI_FEATURES
    ldr     r1, =0x84000000             // of PSCI_VERSION
smc_features:
    smc     #0
    mov     r8, r0                      // 0
    mov     r0, #3                      // SYS_WRITEC
    ldr     r1, =newline
svc_writec:
    svc     #0x123456
    ldr     r0, =t32_exit + 1
    bx      r0
exit_plain:
    mov     r0, #0x18                   // SYS_EXIT
    ldr     r1, =0x20026                // ADP_Stopped_ApplicationExit
hlt_exit:
    hlt     #0xf000
    b       .

    .thumb
    .type   t32_exit, %function
t32_exit:
    movs    r0, #0x20                   // SYS_EXIT_EXTENDED
    ldr     r1, =exit_block
svc_exit:
    svc     #0xab
    b       .
    .pool

    .data
hello:
    .asciz  "hyp32"
newline:
    .byte   10
    .balign 4
exit_block:
    .word   0x20026, 3
