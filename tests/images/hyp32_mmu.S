// hyp32_mmu: Hyp mode with its MMU on (HSCTLR.M) on the AArch32 Hyp-mode machine (issue 21,
// AArch32 with the MMU on; --arch aarch32 --cpu cortex-a15). Hyp mode's stage 1 is always
// the VMSAv8-32 long-descriptor format (Arm ARM G5.5; AArch32.TranslationTableWalkLD):
// HTCR T0SZ 0 (a 32-bit VA range, the walk starting at level 1), HTTBR = a 4-entry level
// 1 table (MCRR), HMAIR0 Attr0 Normal Write-Back, Attr1 Device-nGnRE. Level 1 entry 1
// points to a level 2 table of 2 MiB blocks: VA 0x40000000-0x7fffffff = PA, but for
//   0x40800000 (entry 4) invalid        -> a fetch: Prefetch Abort, HVBAR + 0x0C, HSR
//                                          0x86000006 (EC 0x21, IL, Translation level 2)
//   0x40a00000 (entry 5) XN             -> HSR 0x8600000e (Permission fault, level 2)
//   0x41000000 (entry 8) = PA 0x40000000   an alias of the image: code run there (an HVC,
//                                          ELR_hyp the alias VA + 4) and the semihosting
//                                          parameter block passed by its alias VA.
// HIFAR = ELR_hyp = the VA fetched. Then a post-indexed LDR from 0x40800000: a Data Abort at
// HVBAR + 0x10, HSR 0x96000006 (EC 0x25, ISV 0: writeback), HDFAR = 0x40800000. Exit status 0, or 100 + n for the check n that failed.
// HSR.IL of a Prefetch Abort is 1 in the Arm ARM DDI 0487 (ESR_ELx.IL "RES1 for ... an
// Instruction Abort"), which el2sim follows; on an ARMv7 core it is UNK/SBZP (DDI 0406C
// B3.13.6 "HSR", IL), and QEMU 7.2 clears it for its cortex-a15 (its log shows the
// syndrome before): the handler reads HSR with IL set, so that both exit 0.
    .syntax unified
    .arch armv7ve
    .text
    .arm
    .global _start
    .equ L1, 0x40600000                 // level 1: 4 entries (32-byte aligned)
    .equ L2, 0x40601000                 // level 2 for VA 0x40000000-0x7fffffff
    .equ ALIAS, 0x41000000 - 0x40000000 // VA - PA of the alias
    // block descriptor: bits[1:0] 0b01, AttrIndx 0, AP[2:1] 0b01 (RW, AP[1] RES1 in Hyp
    // mode), SH Inner (0b11), AF
    .equ BLOCK, (1 | (1 << 6) | (3 << 8) | (1 << 10))
    .equ XN_HI, (1 << (54 - 32))        // XN in the descriptor's upper word

.macro fail n
    mov     r0, #0x20                   // SYS_EXIT_EXTENDED
    ldr     r1, =0x20026
    mov     r2, #(100 + \n)
    ldr     r3, =exit_block
    str     r1, [r3]
    str     r2, [r3, #4]
    mov     r1, r3
    hlt     #0xf000
.endm
.macro check reg, value, n
    ldr     r12, =\value
    cmp     \reg, r12
    beq     9f
    fail    \n
9:
.endm

_start:
    ldr     r0, =hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      // HVBAR
    // level 1: entry 1 -> L2 (table), the others invalid
    ldr     r0, =L1
    mov     r1, #0
    str     r1, [r0]
    str     r1, [r0, #4]
    ldr     r2, =(L2 + 3)
    str     r2, [r0, #8]
    str     r1, [r0, #12]
    str     r1, [r0, #16]
    str     r1, [r0, #20]
    str     r1, [r0, #24]
    str     r1, [r0, #28]
    // level 2: 512 blocks, PA = VA
    ldr     r0, =L2
    ldr     r2, =(0x40000000 + BLOCK)
    mov     r3, #512
1:  str     r2, [r0], #4
    str     r1, [r0], #4
    add     r2, r2, #0x200000
    subs    r3, r3, #1
    bne     1b
    ldr     r0, =L2
    str     r1, [r0, #(4 * 8)]          // entry 4 (VA 0x40800000): invalid
    mov     r2, #XN_HI
    str     r2, [r0, #(5 * 8 + 4)]      // entry 5 (VA 0x40a00000): XN
    ldr     r2, =(0x40000000 + BLOCK)
    str     r2, [r0, #(8 * 8)]          // entry 8 (VA 0x41000000): PA 0x40000000
    dsb
    // HMAIR0, HTCR, HTTBR, then HSCTLR.M
    ldr     r0, =0x000004ff
    mcr     p15, 4, r0, c10, c2, 0      // HMAIR0
    ldr     r0, =0x80003500             // HTCR: T0SZ 0, Inner Shareable Write-Back walks
    mcr     p15, 4, r0, c2, c0, 2
    ldr     r0, =L1
    mov     r1, #0
    mcrr    p15, 4, r0, r1, c2          // HTTBR
    mcr     p15, 4, r0, c8, c7, 0       // TLBIALLH
    dsb
    isb
    mrc     p15, 4, r0, c1, c0, 0       // HSCTLR
    orr     r0, r0, #1                  // M
    mcr     p15, 4, r0, c1, c0, 0
    isb
    mov     r8, #0                      // the Prefetch Abort handler's step
    ldr     r0, =0x40800000
fetch_invalid:
    bx      r0                          // Translation fault, level 2
after1:
    ldr     r0, =0x40a00000
fetch_xn:
    bx      r0                          // Permission fault, level 2
after2:
    ldr     r0, =0x40800000
dabt_load:
    ldr     r1, [r0], #4                // Data Abort: Translation fault level 2 (writeback: ISV 0)
after3:
    ldr     r0, =(alias_code + ALIAS)
    bx      r0                          // runs at the alias

alias_code:
    hvc     #0x77                       // ELR_hyp: alias_code + ALIAS + 4
    b       .

    .balign 32
hyp_vectors:
    b       .
    b       .
    b       hyp_hvc                     // 0x08
    b       hyp_pabt                    // 0x0C
    b       hyp_dabt                    // 0x10
    b       .
    b       .
    b       .
hyp_pabt:
    mrc     p15, 4, r3, c5, c2, 0       // HSR
    orr     r3, r3, #(1 << 25)          // IL: see below
    mrc     p15, 4, r4, c6, c0, 2       // HIFAR
    mrs     r5, ELR_hyp
    cmp     r8, #0
    bne     2f
    check   r3, 0x86000006, 1
    check   r4, 0x40800000, 2
    check   r5, 0x40800000, 3
    ldr     r5, =after1
    b       3f
2:  check   r3, 0x8600000e, 4
    check   r4, 0x40a00000, 5
    check   r5, 0x40a00000, 6
    ldr     r5, =after2
3:  add     r8, r8, #1
    msr     ELR_hyp, r5
    eret
hyp_dabt:
    mrc     p15, 4, r3, c5, c2, 0       // HSR
    orr     r3, r3, #(1 << 25)          // IL (see above: QEMU 7.2 clears it for ISV 0 on ARMv7)
    mrc     p15, 4, r4, c6, c0, 0       // HDFAR
    mrs     r5, ELR_hyp
    check   r3, 0x96000006, 9
    check   r4, 0x40800000, 10
    check   r5, dabt_load, 11
    ldr     r5, =after3
    msr     ELR_hyp, r5
    eret
hyp_hvc:
    mrc     p15, 4, r3, c5, c2, 0       // HSR
    mrs     r5, ELR_hyp
    check   r3, 0x4a000077, 7
    check   r5, (alias_code + ALIAS + 4), 8
    mov     r0, #0x20                   // SYS_EXIT_EXTENDED, its block read through the alias
    ldr     r1, =(exit_ok + ALIAS)
    hlt     #0xf000
    b       .

    .balign 8
exit_ok:
    .word   0x20026, 0
exit_block:
    .word   0, 0
