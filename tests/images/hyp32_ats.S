// hyp32_ats: the AArch32 address translation instructions on the AArch32 Hyp-mode machine
// (issue 21; --arch aarch32 --cpu cortex-a15; AArch32.AT, PAR in the Arm ARM G8).
//  1. Supervisor mode, PL1&0 stage 1 off, TTBCR.EAE = 0: ATS1CPR of 0x40001234 writes the
//     short-descriptor PAR: PA[31:12] = the VA's, LPAE 0, F 0, NS 1. Its attribute bits
//     (Strongly-ordered: SH 1, Inner 0b001) are left out of the check: QEMU 7.2 reports
//     no attributes in a short-descriptor PAR. r9 keeps the whole PAR (0x40001290).
//  2. Hyp mode, HSCTLR.M and C with the long-descriptor tables of hyp32_mmu (HMAIR0 Attr0 0xff,
//     2 MiB blocks PA = VA, SH Inner, entry 4 (VA 0x40800000) invalid): ATS1HR of
//     0x40a00123 -> 64-bit PAR (MRRC p15, 0, c7) 0xff000000:0x40a00b80 (ATTR 0xff, LPAE,
//     NS, SH 0b11, PA); ATS1HW of 0x40800000 -> 0x00000000:0x0000080d (LPAE, FST 0b000110
//     Translation fault level 2, F). r6:r7 and r10:r11 keep them.
// Exit status 0, or 100 + n for the check n that failed.
    .syntax unified
    .arch armv7ve
    .text
    .arm
    .global _start
    .equ L1, 0x40600000
    .equ L2, 0x40601000
    .equ BLOCK, (1 | (1 << 6) | (3 << 8) | (1 << 10))

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
    ldr     r0, =svc_code
    msr     ELR_hyp, r0
    mov     r0, #0x1d3
    msr     spsr_cxsf, r0
    eret

svc_code:                               // Supervisor mode, stage 1 off
    ldr     r0, =0x40001234
ats1cpr:
    mcr     p15, 0, r0, c7, c8, 0       // ATS1CPR
    isb
    mrc     p15, 0, r9, c7, c4, 0       // PAR (32-bit)
    hvc     #1
    b       .

hyp_part:
    bic     r1, r9, #0x1fc              // attributes: see above
    check   r1, 0x40001200, 1
    // level 1: entry 1 -> L2, the others invalid; level 2: 2 MiB blocks PA = VA
    ldr     r0, =L1
    mov     r1, #0
    mov     r3, #8
1:  str     r1, [r0], #4
    subs    r3, r3, #1
    bne     1b
    ldr     r0, =L1
    ldr     r2, =(L2 + 3)
    str     r2, [r0, #8]
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
    dsb
    ldr     r0, =0x000004ff
    mcr     p15, 4, r0, c10, c2, 0      // HMAIR0
    ldr     r0, =0x80003500             // HTCR: T0SZ 0
    mcr     p15, 4, r0, c2, c0, 2
    ldr     r0, =L1
    mov     r1, #0
    mcrr    p15, 4, r0, r1, c2          // HTTBR
    mcr     p15, 4, r0, c8, c7, 0       // TLBIALLH
    dsb
    isb
    mrc     p15, 4, r0, c1, c0, 0       // HSCTLR
    orr     r0, r0, #5                  // M, C (with C = 0 data accesses, and so ATS1H*,
                                        // see Normal memory as Non-cacheable: ATTR 0x44)
    mcr     p15, 4, r0, c1, c0, 0
    isb
    ldr     r0, =0x40a00123
ats1hr:
    mcr     p15, 4, r0, c7, c8, 0       // ATS1HR
    isb
    mrrc    p15, 0, r6, r7, c7          // PAR (64-bit)
    ldr     r0, =0x40800000
ats1hw:
    mcr     p15, 4, r0, c7, c8, 1       // ATS1HW
    isb
    mrrc    p15, 0, r10, r11, c7
    check   r6, 0x40a00b80, 2
    check   r7, 0xff000000, 3
    check   r10, 0x0000080d, 4
    check   r11, 0, 5
    mov     r0, #0x20                   // SYS_EXIT_EXTENDED
    ldr     r1, =exit_ok
    hlt     #0xf000
    b       .
    .ltorg

    .balign 32
hyp_vectors:
    b       .
    b       .
    b       .
    b       .
    b       .
    b       hyp_part                    // 0x14 (Hyp Trap): the HVC from Supervisor mode
    b       .
    b       .

    .balign 8
exit_ok:
    .word   0x20026, 0
exit_block:
    .word   0, 0
