// hyp32_t32_abort: Data Aborts of T32 loads in Hyp mode on the AArch32 Hyp-mode machine
// (issue 21; --arch aarch32 --cpu cortex-a15): the A32/T32 access decode finds 16-bit and
// 32-bit T32 loads. A 16-bit LDR from 0x50000000 (External abort, HSR 0x96000010: IL 1,
// as ISV is 0), a misaligned LDR.W and a misaligned 16-bit LDRH to Device memory (MMU
// off: Alignment fault, 0x96000021), an aligned LDRH (no fault) and a POP with SP_hyp = 0
// (no memory there: 0x96000010, HDFAR 0). The handler (A32: HSCTLR.TE = 0) steps over the
// T32 instruction by its size. Not in the QEMU differential: QEMU 7.2 does not fault on
// misaligned accesses to Device memory and sets ISV for Hyp mode's own stage 1 aborts
// (tests/meson.build, hyp32_pl1_abort).
    .syntax unified
    .arch armv7ve
    .arch_extension virt
    .text
    .arm
    .global _start
_start:
    ldr     r0, =hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      // HVBAR
    mov     sp, #0
    ldr     r0, =tcode + 1
    bx      r0
    .thumb
    .type   tcode, %function
tcode:
    ldr     r2, =0x50000000
    ldr     r3, =word
t1: ldr     r1, [r2]                    // 16-bit: HSR 0x96000010
t2: ldr.w   r1, [r3, #1]                // 32-bit, misaligned: 0x96000021
t3: ldrh    r1, [r3, #2]                // aligned: no fault
    adds    r3, #1
t4: ldrh    r1, [r3, #0]                // 16-bit, misaligned: 0x96000021
t5: pop     {r4}                        // SP_hyp = 0: 0x96000010, HDFAR 0
    movs    r0, #0x18                   // SYS_EXIT
    ldr     r1, =0x20026
    hlt     #0x3c
    .ltorg
    .arm
    .balign 32
hyp_vectors:
    b       .
    b       .
    b       .
    b       .
    b       hyp_dabt                    // 0x10
    b       .
    b       .
    b       .
hyp_dabt:                               // ELR_hyp + the T32 instruction's size
    mrs     r7, ELR_hyp
    ldrh    r6, [r7]
    add     r7, r7, #2
    lsr     r6, r6, #11
    cmp     r6, #0x1d
    addge   r7, r7, #2
    msr     ELR_hyp, r7
    eret
    .balign 4
word:
    .word   0x11223344, 0x55667788
