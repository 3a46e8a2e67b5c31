// a32_mmu_s1_guest: the A32 EL1 (Supervisor mode) of a32_mmu_s1.S (issue 21, AArch32 with
// the MMU on), included as raw bytes at 0x40090000 (its PA; VA = PA until its MMU is on).
// It turns its own stage 1 on with MCRs (the short-descriptor format: TTBR0 = the level 1
// table its EL2 built at 0x40600000, TTBCR 0 (N = 0, EAE = 0), DACR D0 client, SCTLR.M),
// branches to the alias VA 0x80000000 + its offset (a section mapping PA 0x40000000), makes
// an HVC there and a load through the alias, switches to the long-descriptor format
// (TTBCR.EAE = 1) with an HVC at the alias again, then fetches from VA 0xc0000000, which no
// level 1 entry maps (a stage 1 Translation fault, taken to this AArch32 EL1: Abort mode at
// VBAR + 0x0C, whose HVC #0x33 ends the run).
    .syntax unified
    .arch armv7ve
    .text
    .arm
    .equ ALIAS, 0x40000000              // VA - PA of the alias section
start:
    adr     r0, vectors
    mcr     p15, 0, r0, c12, c0, 0      // VBAR (VA = PA: mapped by the identity sections)
    ldr     r0, =0x40600000
    mcr     p15, 0, r0, c2, c0, 0       // TTBR0
    mov     r0, #0
    mcr     p15, 0, r0, c2, c0, 2       // TTBCR: N 0, EAE 0
    mov     r0, #1
    mcr     p15, 0, r0, c3, c0, 0       // DACR: domain 0 client
    mrc     p15, 0, r0, c1, c0, 0       // SCTLR
    orr     r0, r0, #1                  // M
    mcr     p15, 0, r0, c1, c0, 0
    isb
    adr     r0, at_alias
    add     r0, r0, #ALIAS
    bx      r0
at_alias:                               // offset 0x3c, VA 0x8009003c
    hvc     #0x11                       // ELR_EL2: VA 0x80090040
    adr     r2, word                    // (the alias VA: PC-relative)
    ldr     r3, [r2]                    // 0x5a5a1234 through the alias
    hvc     #0x22
    ldr     r0, =0x90000000
dabt_sd:
    ldr     r1, [r0]                    // stage 1 Translation fault (section): Abort mode, DFSR 0x5
    // the long-descriptor format (TTBCR.EAE = 1): at the identity VA, with the MMU off
    // (a TLB may hold either format's entries until the TLBI), TTBR0 (64-bit, MCRR) = the
    // EL2's LPAE level 1 table at 0x40608000, MAIR0 Attr0 Normal WB, Attr1 Device-nGnRE,
    // TTBCR, TLBIALL, the MMU on again; then to the alias, which its level 1 block 2 maps
    // (1 GiB at PA 0x40000000)
    adr     r0, lpae_switch
    sub     r0, r0, #ALIAS
    bx      r0
lpae_switch:
    mrc     p15, 0, r0, c1, c0, 0
    bic     r0, r0, #1
    mcr     p15, 0, r0, c1, c0, 0       // SCTLR.M = 0
    isb
    ldr     r0, =0x40608000
    mov     r1, #0
    mcrr    p15, 0, r0, r1, c2          // TTBR0
    ldr     r0, =0x000004ff
    mcr     p15, 0, r0, c10, c2, 0      // MAIR0
    ldr     r0, =0x80003500             // TTBCR: EAE, T0SZ 0, Inner Shareable WB walks
    mcr     p15, 0, r0, c2, c0, 2
    isb
    mcr     p15, 0, r0, c8, c7, 0       // TLBIALL
    dsb
    isb
    mrc     p15, 0, r0, c1, c0, 0
    orr     r0, r0, #1
    mcr     p15, 0, r0, c1, c0, 0       // SCTLR.M = 1
    isb
    adr     r0, lpae_alias
    add     r0, r0, #ALIAS
    bx      r0
lpae_alias:
    hvc     #0x23                       // ELR_EL2: the alias VA
    ldr     r0, =0xc0000000
fetch_fault:
    bx      r0                          // stage 1 Translation fault, level 1 (LPAE)
    b       .
word:
    .word   0x5a5a1234
    .ltorg
dabt_handler:
    hvc     #0x34                       // EL2 checks DFSR, DFAR
    subs    pc, lr, #4                  // LR_abt = the load + 8: on after it
    .balign 32
vectors:                                // VBAR: the AArch32 EL1's own exceptions
    b       .
    b       .
    b       .
    hvc     #0x33                       // 0x0C Prefetch Abort (Abort mode): to EL2, the end
    b       dabt_handler                // 0x10 Data Abort (Abort mode)
    b       .
    b       .
    b       .
