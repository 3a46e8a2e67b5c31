// hyp32_mrc_nzcv: MRC to APSR_nzcv (Rt = 15) on the AArch32 Hyp-mode machine (issue 21;
// --arch aarch32 --cpu cortex-a15). The Arm ARM's MRC: PSTATE.<N,Z,C,V> = value<31:28>
// (for a register AArch32.SysRegReadCanWriteAPSR names; UNKNOWN for the others, where
// el2sim and QEMU 7.2 take value<31:28> too), R0-R14 untouched. Hyp mode, A32: MIDR
// 0x412fc0f1 -> NZCV 0b0100 (Z); HTPIDR written 0xa0000000 -> 0b1010 (N, C); then in T32
// HTPIDR 0x50000000 -> 0b0101 (Z, V). Exit 0 when each NZCV and r1 are as given, 100 + n
// for the check n that is not.
    .syntax unified
    .arch armv7ve
    .text
    .arm
    .global _start
_start:
    mov     r1, #0x11
    msr     APSR_nzcvq, #0xf0000000     // N, Z, C, V all set first
nzcv_midr:
    mrc     p15, 0, APSR_nzcv, c0, c0, 0
    mrs     r2, APSR
    and     r2, r2, #0xf0000000
    cmp     r2, #0x40000000
    movne   r0, #101
    bne     fail
    mov     r3, #0xa0000000
    mcr     p15, 4, r3, c13, c0, 2      // HTPIDR
nzcv_htpidr:
    mrc     p15, 4, APSR_nzcv, c13, c0, 2
    mrs     r2, APSR
    and     r2, r2, #0xf0000000
    cmp     r2, #0xa0000000
    movne   r0, #102
    bne     fail
    cmp     r1, #0x11                   // R1 (and the others) untouched
    movne   r0, #103
    bne     fail
    ldr     r0, =t32_part + 1
    bx      r0
    .thumb
    .type   t32_part, %function
t32_part:
    mov     r3, #0x50000000
    mcr     p15, 4, r3, c13, c0, 2
nzcv_t32:
    mrc     p15, 4, APSR_nzcv, c13, c0, 2
    mrs     r2, APSR
    and     r2, r2, #0xf0000000
    cmp     r2, #0x50000000
    ite     ne
    movne   r0, #104
    moveq   r0, #0
    ldr     r1, =fail
    bx      r1
    .arm
fail:
    ldr     r1, =exit_block
    str     r0, [r1, #4]
    mov     r0, #0x20                   // SYS_EXIT_EXTENDED
    hlt     #0xf000
    .ltorg
    .balign 8
exit_block:
    .word   0x20026, 0
