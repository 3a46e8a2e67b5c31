// mmu_align: alignment with the EL2 stage 1 on (AArch64.CheckAlignment; Arm ARM B2.5.2):
// with SCTLR_EL2.A = 0 a misaligned load from Normal memory completes and one from Device
// memory (MAIR Attr1, Device-nGnRE) takes an Alignment fault (DFSC 0b100001, ESR
// 0x96000021, FAR = the address); with SCTLR_EL2.A = 1 the Normal load faults too. The
// identity map is 4 KiB pages over the first 2 MiB of RAM (one of them Device), 2 MiB blocks
// above. Exit status 0, or 100 + n for the first check n that failed.
    .include "common.inc"
    .include "corner.inc"
    .include "mmu.inc"
    .text
    .global _start

    .equ L0, TABLES
    .equ L1, TABLES + 0x1000
    .equ L2, TABLES + 0x2000
    .equ L3, TABLES + 0x3000
    .equ NORMAL_PAGE, 0x40100000
    .equ DEV_PAGE, 0x40103000
    .equ TCR_VALUE, (TCR_EL2_BASE | TG0_4K | 16)

_start:
    el2_setup catch2
    zero_mem TABLES, 0x4000
    pt_set  L0, 0, L1 + D_TABLE
    pt_set  L1, 1, L2 + D_TABLE
    pt_set  L2, 0, L3 + D_TABLE
    pt_fill L2, 1, 63, 0x40200000 + BLOCK_RW, 0x200000
    pt_fill L3, 0, 512, 0x40000000 + PAGE_RW, 0x1000
    pt_set  L3, (DEV_PAGE - 0x40000000) >> 12, DEV_PAGE + PAGE_DEV
    ldr     x0, =NORMAL_PAGE
    ldr     x1, =0x1122334455667788
    str     x1, [x0]
    str     x1, [x0, #8]
    el2_mmu_on L0, TCR_VALUE

    ldr     x4, =NORMAL_PAGE + 1        // Normal, A = 0: completes
    ldr     x1, [x4]
    ldr     x2, =0x8811223344556677
    checkr  x1, x2, 1
    dabt_el2 a_dev, DEV_PAGE + 4, "ldr x6, [x4]", 0x96000021, 10
    ldr     x0, =SCTLR_EL2_MMU | 2      // SCTLR_EL2.A
    msr     sctlr_el2, x0
    isb
    dabt_el2 a_norm, NORMAL_PAGE + 2, "ldr w6, [x4]", 0x96000021, 20
    ldr     x0, =SCTLR_EL2_MMU
    msr     sctlr_el2, x0
    isb
    semihost_exit 0
    .ltorg

    catch_el2 catch2
