// mmu_hafdbs: hardware Access flag and dirty state (FEAT_HAFDBS: the vhe pair) with the
// EL2 stage 1 on, TCR_EL2.HA = HD = 1 (Arm ARM D8.4 "Hardware updates of the Access flag
// and dirty state"; AArch64.S1Walk, AArch64.SetAccessFlag / dirty state via DBM):
//   eight pages with AF = 0 read by one load in a loop: no fault, AF set in each descriptor;
//   a page with DBM = 1 and AP[2] = 1 (writable-clean) written: no fault, AP[2] cleared.
// Exit status 0, or 100 + n for the first check n that failed; 99 without HAFDBS >= 2.
    .include "common.inc"
    .include "corner.inc"
    .include "mmu.inc"
    .text
    .global _start

    .equ L0, TABLES
    .equ L1, TABLES + 0x1000
    .equ L2, TABLES + 0x2000
    .equ L3, TABLES + 0x3000
    .equ AF_PAGES, 0x40100000          // 8 pages, AF = 0
    .equ DBM_PAGE, 0x40110000          // writable-clean
    .equ D_DBM, (1 << 51)
    .equ TCR_HA_HD, ((1 << 21) | (1 << 22))
    .equ TCR_VALUE, (TCR_EL2_BASE | TG0_4K | 16 | TCR_HA_HD)

_start:
    el2_setup catch2
    mrs     x0, id_aa64mmfr1_el1
    ubfx    x0, x0, #0, #4              // HAFDBS
    cmp     x0, #2
    b.ge    1f
    fail    99
1:  zero_mem TABLES, 0x4000
    pt_set  L0, 0, L1 + D_TABLE
    pt_set  L1, 1, L2 + D_TABLE
    pt_set  L2, 0, L3 + D_TABLE
    pt_fill L2, 1, 63, 0x40200000 + BLOCK_RW, 0x200000
    pt_fill L3, 0, 512, 0x40000000 + PAGE_RW, 0x1000
    pt_fill L3, (AF_PAGES - 0x40000000) >> 12, 8, AF_PAGES + PAGE_RW - D_AF, 0x1000
    pt_set  L3, (DBM_PAGE - 0x40000000) >> 12, DBM_PAGE + PAGE_RW + D_RO + D_DBM
    el2_mmu_on L0, TCR_VALUE

    ldr     x4, =AF_PAGES
    mov     x5, #8
2:  ldr     x1, [x4]                    // one instruction, eight Access flag updates
    add     x4, x4, #0x1000
    subs    x5, x5, #1
    b.ne    2b
    ldr     x6, =L3 + ((AF_PAGES - 0x40000000) >> 12) * 8
    mov     x5, #8
3:  ldr     x1, [x6], #8
    tst     x1, #D_AF
    b.ne    4f
    fail    1
4:  subs    x5, x5, #1
    b.ne    3b

    ldr     x4, =DBM_PAGE
    ldr     x1, =0x5151
    str     x1, [x4]                    // writable-clean -> dirty: AP[2] cleared
    ldr     x2, [x4]
    check   x2, 0x5151, 2
    ldr     x6, =L3 + ((DBM_PAGE - 0x40000000) >> 12) * 8
    ldr     x1, [x6]
    tst     x1, #D_RO
    b.eq    5f
    fail    3
5:  check   x24, 0, 4                   // no exception came to catch2
    semihost_exit 0
    .ltorg

    catch_el2 catch2
