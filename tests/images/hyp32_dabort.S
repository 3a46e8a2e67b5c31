// hyp32_dabort: Data Aborts in Hyp mode on the AArch32 Hyp-mode machine (issue 21; --arch
// aarch32 --cpu cortex-a15): AArch32.TakeDataAbortException -> AArch32.EnterHypMode at
// HVBAR + 0x10, HSR EC 0x25, HDFAR the address, ELR_hyp the instruction (which the handler
// steps over). A post-indexed load and a pre-indexed store at 0x50000000 (no memory there:
// External abort, HSR 0x96000010 / 0x96000050; FAR the base / base + offset, no
// writeback), a misaligned LDREX (Alignment fault, 0x96000021), a post-indexed misaligned
// LDR with HSCTLR.A = 1 (0x96000021). (Writeback forms: ISV is 0 for them in the Arm ARM
// and in QEMU 7.2 alike; for the plain forms see hyp32_pl1_abort.) Exit 0 when every
// HSR/HDFAR/ELR_hyp and base register was as the Arm ARM gives, 100 + n at the first that
// was not.
    .syntax unified
    .arch armv7ve
    .arch_extension virt
    .text
    .arm
    .global _start
_start:
    ldr     r0, =hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      // HVBAR
    ldr     r2, =0x50000000
    ldr     r3, =word
    add     r4, r3, #2
    ldr     r9, =log
da1:
    ldr     r1, [r2], #4                // HSR 0x96000010, HDFAR 0x50000000
da2:
    str     r1, [r2, #4]!               // HSR 0x96000050 (WnR), HDFAR 0x50000004
da3:
    ldrex   r1, [r4]                    // HSR 0x96000021
    mrc     p15, 4, r0, c1, c0, 0       // HSCTLR.A = 1
    orr     r0, r0, #2
    mcr     p15, 4, r0, c1, c0, 0
    add     r5, r3, #1
da4:
    ldr     r1, [r5], #4                // HSR 0x96000021, HDFAR word + 1
    bic     r0, r0, #2
    mcr     p15, 4, r0, c1, c0, 0
    stmia   r9!, {r2, r5}               // the bases: not written back
    b       check

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
hyp_dabt:                               // log HSR, HDFAR, ELR_hyp; on after the access
    mrc     p15, 4, r6, c5, c2, 0       // HSR, without IL: DDI 0487 makes it 1 (RES1 for a Data
    bic     r6, r6, #(1 << 25)          // Abort with ISV 0), QEMU 7.2 writes 0 (ARMv7's UNKNOWN);
                                        // the tests check el2sim's exact HSR
    mrc     p15, 4, r7, c6, c0, 0       // HDFAR
    mrs     r8, ELR_hyp
    stmia   r9!, {r6, r7, r8}
    add     r8, r8, #4
    msr     ELR_hyp, r8
    eret
check:
    ldr     r9, =log                    // compare with what the Arm ARM gives
    ldr     r10, =expected
    mov     r11, #100
1:  ldr     r0, [r10], #4
    cmp     r0, #0
    beq     done
    ldr     r1, [r9], #4
    add     r11, r11, #1
    cmp     r0, r1
    beq     1b
    ldr     r1, =exit_block             // exit 100 + the word that differs
    str     r11, [r1, #4]
    mov     r0, #0x20                   // SYS_EXIT_EXTENDED
    hlt     #0xf000
done:
    mov     r0, #0x18                   // SYS_EXIT
    ldr     r1, =0x20026
    hlt     #0xf000
    .ltorg
    .balign 8
exit_block:
    .word   0x20026, 0
word:
    .word   0x11223344, 0x55667788
expected:
    .word   0x94000010, 0x50000000, da1
    .word   0x94000050, 0x50000004, da2
    .word   0x94000021, word + 2, da3
    .word   0x94000021, word + 1, da4
    .word   0x50000000, word + 1                // r2, r5: the bases as they were
    .word   0
    .balign 4096                        // (away from HVBAR: el2sim warns of stores within 2 KiB of it)
log:
    .space  4 * 12 + 8
