// hyp32_sysregs: Hyp-mode CP15 writes on the AArch32 Hyp-mode machine (issue 21 item 2;
// --arch aarch32 --cpu cortex-a15): MCR HSCTLR with only TE (0x40000000) keeps HSCTLR's
// RES1 bits (Arm ARM G8 "HSCTLR": 29:28, 23:22, 18, 16, 11, 4:3), so the MRC reads
// 0x70c50818 (r3); the MCR HVBAR event names HVBAR. Exits by semihosting (status 0).
    .syntax unified
    .arch armv7ve
    .text
    .arm
    .global _start
_start:
    ldr     r0, =hyp_vectors
hvbar_mcr:
    mcr     p15, 4, r0, c12, c0, 0      // HVBAR
    mov     r0, #0x40000000             // HSCTLR.TE only
hsctlr_mcr:
    mcr     p15, 4, r0, c1, c0, 0       // HSCTLR
    mrc     p15, 4, r3, c1, c0, 0       // 0x70c50818
    mov     r0, #0x18                   // SYS_EXIT
    ldr     r1, =0x20026
    hlt     #0xf000

    .balign 32
hyp_vectors:
    .rept 8
    b       .
    .endr
