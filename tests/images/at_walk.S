// at_walk: address translation instructions (AT) over translation tables the image
// builds, each PAR_EL1 compared with the value the Arm ARM gives (AArch64.AT, PAR_EL1).
// The exit status is the number of the first check that failed (x19), 0 when all pass,
// so the QEMU differential compares every check. Cortex-A57: PARange 44 bits, 4 KiB and
// 64 KiB granules.
//
// Not here: AT with stage 1 off (flat, Device-nGnRnE for data): the Arm ARM reports SH
// 0b10 (Device is Outer Shareable), QEMU 7.2 0b00 (test_arch.c at::par_el1_both_formats).
//
// Part 1 (EL2, its MMU off): the EL1&0 regime, stage 1 (4 KiB, 39-bit VAs both halves,
//   IPS 48 -> 44 bits): pages, blocks, TTBR1, permissions, Access flag, address size,
//   TBI, EPD; then stage 2 (HCR_EL2.VM, 40-bit IPAs, start level 1): S12E1/S12E0, stage 2
//   permission, Device attributes, a stage 2 fault on a stage 1 walk in PAR.
// Part 2 (EL2, its MMU on with an identity block over the image): the EL2 regime with a
//   64 KiB granule (TCR_EL2.PS 40 bits), AT S1E2R/W.
// Part 3 (EL1, its MMU and stage 2 on, both identity over the image): AT at EL1, then a
//   stage 2 fault on the stage 1 walk of AT S1E1R, taken to EL2 as a Data Abort (ESR_EL2
//   CM, WnR, S1PTW, DFSC 0x07; FAR_EL2; HPFAR_EL2 = the descriptor's IPA).
    .include "common.inc"
    .text
    .global _start

    .equ PAGE, 0x703                // page: AF, Inner Shareable, AttrIndx 0
    .equ BLOCK, 0x701
    .equ TABLE, 3
    .equ D_RO, 0x80                 // AP[2]
    .equ D_EL0, 0x40                // AP[1]
    .equ NO_AF, 0x400
    .equ S2_PAGE, 0x7ff             // stage 2 page: AF, IS, S2AP RW, MemAttr 0b1111
    .equ S2_BLOCK, 0x7fd
    .equ S2_W, 0x80

    .equ L1, 0x40500000             // EL1&0 TTBR0: level 1
    .equ L2, 0x40501000
    .equ L3, 0x40502000
    .equ L1_HI, 0x40503000          // EL1&0 TTBR1: level 1
    .equ S2_L1, 0x40510000          // VTTBR: two concatenated level 1 tables
    .equ S2_L2, 0x40512000
    .equ S2_L3, 0x40513000
    .equ E2_L2, 0x40520000          // TTBR0_EL2 (64 KiB): level 2
    .equ E2_L3, 0x40530000

// *(addr) = value
.macro pte addr, value
    ldr     x0, =\addr
    ldr     x1, =\value
    str     x1, [x0]
.endm

// AT \op of \va; PAR_EL1 must be \expect, else exit with this check's number
.macro check_at op, va, expect
    add     x19, x19, #1
    ldr     x0, =\va
    at      \op, x0
    isb
    mrs     x1, par_el1
    ldr     x2, =\expect
    cmp     x1, x2
    b.ne    fail
.endm

// \reg must be \expect
.macro check_reg reg, expect
    add     x19, x19, #1
    ldr     x2, =\expect
    cmp     \reg, x2
    b.ne    fail
.endm

.macro tlb_sync
    dsb     ish
    tlbi    alle2
    tlbi    vmalls12e1
    dsb     ish
    isb
.endm

_start:
    el2_setup vectors_el2
    mov     x19, #0
    ldr     x0, =HCR_RW                             // EL1 is AArch64: AT walks its AArch64 regime
    msr     hcr_el2, x0

    // ---- EL1&0 stage 1 tables ----
    pte     L1 + 0x00, L2 + TABLE
    pte     L1 + 0x08, 0x40000000 + BLOCK           // 1 GiB identity (the image runs here at EL1)
    pte     L1 + 0x10, 0xc0000000 + BLOCK
    pte     L2 + 0x00, L3 + TABLE
    pte     L2 + 0x08, 0x40200000 + BLOCK           // 2 MiB
    pte     L2 + 0x10, 0x100000000000 + BLOCK       // beyond 44 bits
    pte     L2 + 0x18, 0x40105000 + TABLE           // a table stage 2 does not map
    pte     L3 + 0x08, 0x40010000 + PAGE
    pte     L3 + 0x10, 0x40020000 + PAGE - NO_AF
    pte     L3 + 0x18, 0x40030000 + PAGE + D_RO
    pte     L3 + 0x20, 0x40040000 + PAGE + D_EL0
    pte     L3 + 0x38, 0x40011000 + PAGE
    pte     L3 + 0x40, 0x40100000 + PAGE
    pte     L3 + 0x48, 0x40013000 + PAGE
    // Device and Normal Non-cacheable pages are Outer Shareable whatever SH says, and
    // PAR_EL1.SH reports 0b10 for them (PAR_EL1 description; MemAttrDefaults). QEMU 7.2
    // reports the descriptor's SH for stage 1 alone, so these say 0b10 themselves
    // (tests/test_arch.c mmu::memory_attributes_from_mair covers SH = 0b11).
    pte     L3 + 0x50, 0x40014000 + PAGE - 0x100 + 0x04   // AttrIndx 1: Device-nGnRE, SH 0b10
    pte     L3 + 0x58, 0x40015000 + PAGE - 0x100 + 0x08   // AttrIndx 2: Normal NC, SH 0b10
    pte     L3 + 0x60, 0x40016000 + PAGE + 0x0c     // AttrIndx 3: Normal Write-through
    pte     L1_HI, 0x100000000 + BLOCK

    ldr     x0, =0xbb4404ff                         // MAIR: WB, Device-nGnRE, NC, WT
    msr     mair_el1, x0
    ldr     x0, =L1
    msr     ttbr0_el1, x0
    ldr     x0, =L1_HI
    msr     ttbr1_el1, x0
    // T0SZ = T1SZ = 25, TG0 4K, TG1 4K, IPS 48 bits, walks Inner Shareable WB
    ldr     x0, =(25 | (25 << 16) | (2 << 30) | (5 << 32) | 0x3500 | (0x3500 << 16))
    msr     tcr_el1, x0
    ldr     x0, =0x30d01805                         // SCTLR_EL1: M, C, I
    msr     sctlr_el1, x0
    isb
    tlb_sync

    // ---- part 1: EL1&0 stage 1 from EL2 ----
    check_at s1e1r, 0x1234, 0xff00000040010b80      // page: ATTR, PA, RES1, NS, SH Inner
    check_at s1e1w, 0x1234, 0xff00000040010b80
    check_at s1e1r, 0x40081234, 0xff00000040081b80 // 1 GiB block
    check_at s1e1r, 0x80001234, 0xff000000c0001b80
    check_at s1e1r, 0x234567, 0xff00000040234b80   // 2 MiB block
    check_at s1e1r, 0xffffff8000001234, 0xff00000100001b80   // TTBR1
    check_at s1e1r, 0xffffff7ffffff000, 0x809       // between the ranges: translation, level 0
    check_at s1e1w, 0x3000, 0x81f                   // read-only: permission, level 3
    check_at s1e1r, 0x3000, 0xff00000040030b80
    check_at s1e0r, 0x3000, 0x81f                   // EL1 only
    check_at s1e0w, 0x4000, 0xff00000040040b80      // EL0 read/write
    check_at s1e1r, 0x2000, 0x817                   // Access flag, level 3
    check_at s1e1r, 0x5000, 0x80f                   // invalid: translation, level 3
    check_at s1e1r, 0x400000, 0x805                 // block beyond 44 bits: address size, level 2
    check_at s1e1r, 0x8000000000, 0x809             // beyond 39 bits: translation, level 0
    check_at s1e1r, 0xa000, 0x0400000040014b00      // Device-nGnRE: Outer Shareable
    check_at s1e1r, 0xb000, 0x4400000040015b00      // Normal NC: Outer Shareable
    check_at s1e1r, 0xc000, 0xbb00000040016b80      // Write-through
    check_at s1e1r, 0x5a00000000001234, 0x809       // TBI0 = 0: the tag is address
    ldr     x0, =(25 | (25 << 16) | (2 << 30) | (5 << 32) | 0x3500 | (0x3500 << 16) | (1 << 37))
    msr     tcr_el1, x0
    isb
    check_at s1e1r, 0x5a00000000001234, 0xff00000040010b80   // TBI0 = 1: ignored
    ldr     x0, =(25 | (25 << 16) | (2 << 30) | (5 << 32) | 0x3500 | (0x3500 << 16) | (1 << 7))
    msr     tcr_el1, x0
    isb
    check_at s1e1r, 0x1234, 0x809                   // EPD0: translation, level 0
    check_at s1e1r, 0xffffff8000001234, 0xff00000100001b80
    ldr     x0, =(25 | (25 << 16) | (2 << 30) | (5 << 32) | 0x3500 | (0x3500 << 16))
    msr     tcr_el1, x0
    isb

    // ---- stage 2: IPA 0x40000000-0x7fffffff identity but for a few pages ----
    ldr     x0, =S2_L1 + 8
    ldr     x1, =S2_L2 + TABLE
    str     x1, [x0]
    ldr     x0, =S2_L2
    ldr     x1, =S2_L3 + TABLE
    str     x1, [x0], #8
    ldr     x1, =0x40200000 + S2_BLOCK              // 2 MiB blocks for the rest
    mov     x2, #511
1:  str     x1, [x0], #8
    add     x1, x1, #0x200000
    subs    x2, x2, #1
    b.ne    1b
    ldr     x0, =S2_L3                              // 4 KiB pages for the first 2 MiB
    ldr     x1, =0x40000000 + S2_PAGE
    mov     x2, #512
2:  str     x1, [x0], #8
    add     x1, x1, #0x1000
    subs    x2, x2, #1
    b.ne    2b
    pte     S2_L3 + 8 * 0x10, 0x40050000 + S2_PAGE  // IPA 0x40010000 -> PA 0x40050000
    pte     S2_L3 + 8 * 0x11, 0x40011000 + S2_PAGE - S2_W   // read-only
    pte     S2_L3 + 8 * 0x13, 0x40013000 + S2_PAGE - 0x38   // MemAttr 0b0001: Device-nGnRE
    pte     S2_L3 + 8 * 0x100, 0                    // IPA 0x40100000 unmapped
    pte     S2_L3 + 8 * 0x105, 0                    // the stage 1 table at 0x40105000 too
    ldr     x0, =0x80043558                         // VTCR: T0SZ 24, SL0 1, 4K, PS 44 bits
    msr     vtcr_el2, x0
    ldr     x0, =S2_L1
    msr     vttbr_el2, x0
    ldr     x0, =(HCR_RW | 1)                       // VM
    msr     hcr_el2, x0
    isb
    tlb_sync

    check_at s1e1r, 0x1234, 0xff00000040010b80     // stage 1 only: the IPA
    check_at s12e1r, 0x1234, 0xff00000040050b80    // stage 1 and 2: the PA
    check_at s12e1w, 0x7000, 0xa1f                 // stage 2 read-only: permission, level 3, S
    check_at s12e1r, 0x7000, 0xff00000040011b80
    check_at s12e0r, 0x7000, 0x81f                 // stage 1 refuses EL0 first
    check_at s12e0w, 0x4000, 0xff00000040040b80
    check_at s12e1r, 0x8000, 0xa0f                 // IPA unmapped: translation, level 3, S
    check_at s12e1r, 0x9000, 0x0400000040013b00    // Device at stage 2 wins
    check_at s1e1r, 0x600000, 0xb0f                // stage 2 fault on the stage 1 walk: PTW, S

    // ---- part 2: the EL2 regime, 64 KiB granule, with the EL2 MMU on ----
    pte     E2_L2 + 0x00, E2_L3 + TABLE
    pte     E2_L2 + 0x10, 0x40000000 + BLOCK        // 512 MiB identity over the image
    pte     E2_L2 + 0x18, 0x10000000000 + BLOCK     // 2^40: beyond PS
    pte     E2_L3 + 0x08, 0x40050000 + PAGE + D_RO
    pte     E2_L3 + 0x10, 0x40060000 + PAGE - NO_AF
    ldr     x0, =0xbb4404ff
    msr     mair_el2, x0
    ldr     x0, =E2_L2
    msr     ttbr0_el2, x0
    ldr     x0, =0x80827516                         // TCR_EL2: T0SZ 22, 64K, PS 40 bits
    msr     tcr_el2, x0
    isb
    tlb_sync
    ldr     x0, =0x30c51835                         // SCTLR_EL2: M, C, I
    msr     sctlr_el2, x0
    isb
    check_at s1e2r, 0x11234, 0xff00000040051b80
    check_at s1e2w, 0x11234, 0x81f                  // read-only
    check_at s1e2r, 0x21234, 0x817                  // Access flag
    check_at s1e2r, 0x60001234, 0x805               // beyond PS: address size, level 2
    check_at s1e2r, 0x20000000, 0x80d               // invalid: translation, level 2
    check_at s1e2r, 0x40081234, 0xff00000040081b80
    ldr     x0, =0x30c50830                         // MMU off again
    msr     sctlr_el2, x0
    isb

    // ---- part 3: AT at EL1 under stage 2 ----
    drop_to_el1 el1_entry, (HCR_RW | 1)
el1_entry:
    check_at s1e1r, 0x1234, 0xff00000040010b80
    check_at s1e0w, 0x4000, 0xff00000040040b80
    add     x19, x19, #1
    ldr     x0, =0x600000
at_s1ptw:
    at      s1e1r, x0                               // taken to EL2 (vectors_el2 + 0x400)
    b       fail

// The Data Abort from AT at EL1
el2_abort:
    mrs     x3, esr_el2
    check_reg x3, 0x920001c7                        // EC 0x24, IL, CM, S1PTW, WnR, DFSC 0x07
    mrs     x3, far_el2
    check_reg x3, 0x600000
    mrs     x3, hpfar_el2
    check_reg x3, 0x401050                          // IPA 0x40105000 >> 12 << 4
    mrs     x3, elr_el2                             // the AT
    adr     x4, at_s1ptw
    add     x19, x19, #1
    cmp     x3, x4
    b.ne    fail
    mov     x19, #0
fail:
    mov     x0, #0x18
    adr     x1, exit_block
    str     x19, [x1, #8]
    hlt     #0xf000
    b       .
    .balign 8
exit_block:
    .quad   0x20026, 0
    .ltorg

    .balign 2048
vectors_el2:
    dead_vector 0
    dead_vector 1
    dead_vector 2
    dead_vector 3
    dead_vector 4
    dead_vector 5
    dead_vector 6
    dead_vector 7
    .balign 0x80
    b       el2_abort                               // 0x400: lower EL, synchronous
    dead_vector 9
    dead_vector 10
    dead_vector 11
    dead_vector 12
    dead_vector 13
    dead_vector 14
    dead_vector 15
