// mmu_granules: the EL2 regime (E2H = 0) with the 64 KiB and the 16 KiB granules.
// Each part runs the image from an identity map, reads the same word through an alias
// (a block at VA 0x60000000 over PA 0x40000000) and takes stage 1 faults at EL2, whose
// levels follow the granule's walk (Arm ARM D8.2 "Translation table walks": the start
// level from TnSZ and the granule; AArch64.S1Walk):
//   64 KiB: T0SZ 22 (42-bit VAs): level 2 (8192 entries, 512 MiB blocks), level 3 (64 KiB
//     pages). Read-only page written: Permission, level 3 (0x9600004f); invalid level 3
//     entry: Translation, level 3 (0x96000007); invalid level 2 entry: level 2
//     (0x96000006); a level 2 block at PA 2^40 (PS 40 bits): Address size, level 2
//     (0x96000002).
//   16 KiB: T0SZ 28 (36-bit VAs): level 2 (2048 entries, 32 MiB blocks), level 3 (16 KiB
//     pages), the same faults but the address size one. Run only when
//     ID_AA64MMFR0_EL1.TGran16 says the granule is there (not on cortex-a57: TGran16 = 0;
//     QEMU's max and neoverse-n1 have it).
// The 4 KiB granule is in the other mmu_* images. Exit status 0, or 100 + n for the first
// check n that failed.
    .include "common.inc"
    .include "corner.inc"
    .include "mmu.inc"
    .text
    .global _start

    .equ G64_L2, TABLES                 // 64 KiB tables, aligned to 64 KiB
    .equ G64_L3, TABLES + 0x10000
    .equ G16_L2, TABLES + 0x20000       // 16 KiB tables
    .equ G16_L3, TABLES + 0x24000
    .equ ALIAS_OFF, 0x20000000          // VA 0x60000000 is PA 0x40000000
    .equ DATA, 0x40100000               // read-only in both parts
    .equ TCR_64K, (TCR_EL2_BASE | TG0_64K | 22)
    .equ TCR_16K, (TCR_EL2_BASE | TG0_16K | 28)

// The EL2 MMU off, TTBR0_EL2/TCR_EL2 = \ttbr/\tcr, TLBs invalidated, the MMU on again.
.macro regime ttbr, tcr
    ldr     x0, =SCTLR_EL2_OFF
    msr     sctlr_el2, x0
    isb
    el2_mmu_on \ttbr, \tcr
.endm

// The word at DATA + 8 through the identity map and the alias must be 0x5555. Checks \st.
.macro alias_reads st
    ldr     x0, =DATA + 8
    ldr     x1, [x0]
    check   x1, 0x5555, \st
    ldr     x0, =DATA + 8 + ALIAS_OFF
    ldr     x1, [x0]
    check   x1, 0x5555, (\st + 1)
.endm

_start:
    el2_setup catch2
    zero_mem TABLES, 0x28000
    pt_set  DATA, 1, 0x5555
    // 64 KiB: L2[2] -> L3 (VA 0x40000000 up, 2048 pages over 128 MiB of RAM), L2[3] the
    // alias, L2[5] beyond PS
    pt_set  G64_L2, 2, G64_L3 + D_TABLE
    pt_set  G64_L2, 3, 0x40000000 + BLOCK_RW
    pt_set  G64_L2, 5, (1 << 40) + BLOCK_RW
    pt_fill G64_L3, 0, 2048, 0x40000000 + PAGE_RW, 0x10000
    pt_set  G64_L3, (DATA - 0x40000000) >> 16, DATA + PAGE_RW + D_RO
    // 16 KiB: L2[0x20] -> L3 (VA 0x40000000 - 0x41ffffff), L2[0x21..0x23] 32 MiB blocks,
    // L2[0x30] the alias; L3[0x41] (VA 0x40104000) invalid
    pt_set  G16_L2, 0x20, G16_L3 + D_TABLE
    pt_fill G16_L2, 0x21, 3, 0x42000000 + BLOCK_RW, 0x2000000
    pt_set  G16_L2, 0x30, 0x40000000 + BLOCK_RW
    pt_fill G16_L3, 0, 2048, 0x40000000 + PAGE_RW, 0x4000
    pt_set  G16_L3, (DATA - 0x40000000) >> 14, DATA + PAGE_RW + D_RO
    pt_set  G16_L3, ((DATA - 0x40000000) >> 14) + 1, 0

    regime  G64_L2, TCR_64K
    alias_reads 1
    dabt_el2 g64_ro, DATA + 0x10, "str x1, [x4]", 0x96000000 | ISS_WNR | FSC_PERM + 3, 5
    dabt_el2 g64_l3, 0x48000000, "ldr x1, [x4]", 0x96000000 | FSC_TRANS + 3, 10
    dabt_el2 g64_l2, 0x80000008, "ldr x1, [x4]", 0x96000000 | FSC_TRANS + 2, 15
    dabt_el2 g64_as, 0xa0000010, "ldr x1, [x4]", 0x96000000 | FSC_ADDR + 2, 20

    mrs     x0, id_aa64mmfr0_el1
    ubfx    x0, x0, #20, #4                 // TGran16: 0 = not implemented
    cbz     x0, no_16k
    regime  G16_L2, TCR_16K
    alias_reads 30
    dabt_el2 g16_ro, DATA + 0x10, "str x1, [x4]", 0x96000000 | ISS_WNR | FSC_PERM + 3, 35
    dabt_el2 g16_l3, DATA + 0x4000, "ldr x1, [x4]", 0x96000000 | FSC_TRANS + 3, 40
    dabt_el2 g16_l2, 0x50000008, "ldr x1, [x4]", 0x96000000 | FSC_TRANS + 2, 45
no_16k:
    semihost_exit 0
    .ltorg

    catch_el2 catch2
