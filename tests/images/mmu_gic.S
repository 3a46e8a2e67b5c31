// mmu_gic: a device el2sim models reached through a translation that is not the identity
// (the vhe pair: el2sim's GICv3 on neoverse-n1, QEMU max's). EL2 stage 1 on: RAM by
// identity (a 1 GiB block), and the GIC distributor's first and last 4 KiB pages (PA
// 0x08000000, 0x0800f000) mapped Device-nGnRE at VA 0x10_0000_0000 up. Through them it
// reads GICD_TYPER (non-zero: ITLinesNumber) and GICD_PIDR2.ArchRev (3: GICv3).
// Exit status 0, or 100 + n for the first check n that failed; 99 without a GICv3
// (ID_AA64PFR0_EL1.GIC = 0).
    .include "common.inc"
    .include "corner.inc"
    .include "mmu.inc"
    .text
    .global _start

    .equ L0, TABLES
    .equ L1, TABLES + 0x1000
    .equ L2, TABLES + 0x2000
    .equ L3, TABLES + 0x3000
    .equ DEV_VA, 0x1000000000
    .equ GICD, 0x08000000
    .equ TCR_VALUE, (TCR_EL2_BASE | TG0_4K | 16)

_start:
    el2_setup catch2
    mrs     x0, id_aa64pfr0_el1
    ubfx    x0, x0, #24, #4             // GIC: system register interface
    cbnz    x0, 1f
    fail    99
1:  zero_mem TABLES, 0x4000
    pt_set  L0, 0, L1 + D_TABLE
    pt_set  L1, 1, 0x40000000 + BLOCK_RW
    pt_set  L1, (DEV_VA >> 30) & 511, L2 + D_TABLE
    pt_set  L2, 0, L3 + D_TABLE
    pt_set  L3, 0, GICD + PAGE_DEV
    pt_set  L3, 15, GICD + 0xf000 + PAGE_DEV
    el2_mmu_on L0, TCR_VALUE

    ldr     x4, =DEV_VA
    ldr     w1, [x4, #4]                // GICD_TYPER
    cbnz    w1, 2f
    fail    1
2:  ldr     x4, =DEV_VA + 0xf000
    ldr     w1, [x4, #0xfe8]            // GICD_PIDR2
    ubfx    x1, x1, #4, #4              // ArchRev
    check   x1, 3, 2
    check   x24, 0, 3                   // no exception came to catch2
    semihost_exit 0
    .ltorg

    catch_el2 catch2
