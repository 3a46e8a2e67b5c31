// mmu_el2_s1: the EL2 translation regime (HCR_EL2.E2H = 0) with its stage 1 on, 4 KiB
// granule, 48-bit VAs (T0SZ 16, the walk starts at level 0), PS 40 bits. The image runs
// from an identity map, then from an alias at VA 0x0000_4000_0000_0000 + (PA - 0x40000000)
// whose permissions differ (the data page RO_PAGE is read-only in the identity map and
// writable in the alias; XN_PAGE is execute-never in the identity map and executable in
// the alias). From the alias it takes, at EL2, each kind of stage 1 fault; the catcher
// (corner.inc catch_el2) records ESR/ELR/FAR and the image checks them, then ERETs past
// the faulting instruction:
//   write to a read-only page          Permission fault, level 3, WnR   ESR 0x9600004f
//   branch to an execute-never page    Instruction Abort, Permission, level 3  0x8600000f
//   VA beyond T0SZ (bit 48)            Translation fault, level 0       0x96000004
//   invalid level 0 / 1 / 2 / 3 entry  Translation fault, level 0..3    0x96000004..7
//   page with AF = 0                   Access flag fault, level 3       0x9600000b
//   1 GiB block at PA 2^40 (PS 40)     Address size fault, level 1      0x96000001
// (Arm ARM AArch64.S1Translate / AArch64.S1Walk: the level is the one of the descriptor
// that faults; a VA outside the range of TTBR0 is a level 0 Translation fault:
// AArch64.S1InvalidTxSZ/AArch64.VAIsOutOfRange; ISS encoding for a Data Abort / an
// Instruction Abort.) Data Aborts taken to EL2 from stage 1 have ISV = 0 (Arm ARM); QEMU 7.2
// sets ISV there, so the image masks ISS[24:14] (mmu.inc ISS_ISV_MASK).
// It also reads a page mapped Device-nGnRE (MAIR Attr1) and the XN page (readable).
// Exit status 0, or 100 + n for the first check n that failed.
    .include "common.inc"
    .include "corner.inc"
    .include "mmu.inc"
    .text
    .global _start

    .equ L0, TABLES
    .equ L1A, TABLES + 0x1000        // VA 0 - 512 GiB
    .equ L2A, TABLES + 0x2000        // VA 1 - 2 GiB
    .equ L3A, TABLES + 0x3000        // VA 0x40000000 - 0x401fffff, 4 KiB pages
    .equ L1B, TABLES + 0x4000        // the alias: VA 0x0000_4000_0000_0000 up
    .equ L2B, TABLES + 0x5000
    .equ L3B, TABLES + 0x6000
    .equ ALIAS, 0x0000400000000000
    .equ ALIAS_OFF, (ALIAS - 0x40000000)
    .equ XN_PAGE, 0x40090000         // in the image (.org below)
    .equ RO_PAGE, 0x40100000
    .equ AF_PAGE, 0x40101000
    .equ HOLE_PAGE, 0x40102000       // invalid level 3 entry
    .equ DEV_PAGE, 0x40103000        // RAM, mapped Device-nGnRE
    .equ TCR_VALUE, (TCR_EL2_BASE | TG0_4K | 16)

_start:
    el2_setup catch2
    zero_mem TABLES, 0x7000
    // identity: L0[0] -> L1A[1] -> L2A[0] -> L3A (pages), L2A[1..63] 2 MiB blocks
    pt_set  L0, 0, L1A + D_TABLE
    pt_set  L1A, 1, L2A + D_TABLE
    pt_set  L1A, 3, (1 << 40) + BLOCK_RW        // beyond PS: address size fault
    pt_set  L2A, 0, L3A + D_TABLE
    pt_fill L2A, 1, 63, 0x40200000 + BLOCK_RW, 0x200000
    pt_fill L3A, 0, 512, 0x40000000 + PAGE_RW, 0x1000
    pt_set  L3A, (XN_PAGE - 0x40000000) >> 12, XN_PAGE + PAGE_RW + D_XN
    pt_set  L3A, (RO_PAGE - 0x40000000) >> 12, RO_PAGE + PAGE_RW + D_RO
    pt_set  L3A, (AF_PAGE - 0x40000000) >> 12, AF_PAGE + PAGE_RW - D_AF
    pt_set  L3A, (HOLE_PAGE - 0x40000000) >> 12, 0
    pt_set  L3A, (DEV_PAGE - 0x40000000) >> 12, DEV_PAGE + PAGE_DEV
    // the alias: L0[0x80] -> L1B[0] -> L2B[0] -> L3B, every page writable and executable
    pt_set  L0, ALIAS >> 39, L1B + D_TABLE
    pt_set  L1B, 0, L2B + D_TABLE
    pt_set  L2B, 0, L3B + D_TABLE
    pt_fill L3B, 0, 512, 0x40000000 + PAGE_RW, 0x1000
    ldr     x0, =RO_PAGE
    ldr     x1, =0x1111
    str     x1, [x0, #8]                        // before the MMU: RO_PAGE + 8 = 0x1111
    ldr     x0, =DEV_PAGE
    ldr     x1, =0x2222
    str     x1, [x0]
    el2_mmu_on L0, TCR_VALUE

    // identity map: the data pages read as they were written
    ldr     x0, =RO_PAGE
    ldr     x1, [x0, #8]
    check   x1, 0x1111, 1
    ldr     x0, =DEV_PAGE                       // Device-nGnRE, aligned: reads the RAM
    ldr     x1, [x0]
    check   x1, 0x2222, 2
    ldr     x0, =XN_PAGE                        // XN does not stop data reads
    ldr     w1, [x0]
    check   x1, 0xd65f03c0, 3                   // RET

    // to the alias
    ldr     x0, =ALIAS_OFF
    adr     x1, in_alias
    add     x1, x1, x0
    br      x1
in_alias:
    adr     x0, .
    ldr     x1, =in_alias + ALIAS_OFF
    checkr  x0, x1, 4
    ldr     x0, =RO_PAGE + ALIAS_OFF            // writable through the alias
    ldr     x1, =0x3333
    str     x1, [x0, #8]
    ldr     x0, =RO_PAGE
    ldr     x1, [x0, #8]
    check   x1, 0x3333, 5
    ldr     x0, =XN_PAGE + ALIAS_OFF            // executable through the alias
    mov     x1, #0
    blr     x0
    cbz     x1, 4f
    fail    6
4:
    dabt_el2 f_ro, RO_PAGE + 8, "str x1, [x4]", 0x96000000 | ISS_WNR | FSC_PERM + 3, 10
    dabt_el2 f_t0, 0x0001000000000000, "ldr x6, [x4]", 0x96000000 | FSC_TRANS + 0, 15
    dabt_el2 f_l0, 0x0000008000000000, "ldr x6, [x4]", 0x96000000 | FSC_TRANS + 0, 20
    dabt_el2 f_l1, 0x80000000, "ldr x6, [x4]", 0x96000000 | FSC_TRANS + 1, 25
    dabt_el2 f_l2, 0x48000010, "ldr x6, [x4]", 0x96000000 | FSC_TRANS + 2, 30
    dabt_el2 f_l3, HOLE_PAGE + 0x18, "ldr w6, [x4]", 0x96000000 | FSC_TRANS + 3, 35
    dabt_el2 f_af, AF_PAGE + 0x20, "ldrb w6, [x4]", 0x96000000 | FSC_AF + 3, 40
    dabt_el2 f_as, 0xc0000040, "ldr x6, [x4]", 0x96000000 | FSC_ADDR + 1, 45
    dabt_el2 f_stp, RO_PAGE + 0x30, "stp x1, x2, [x4]", 0x96000000 | ISS_WNR | FSC_PERM + 3, 50
    ldr     x0, =RO_PAGE                        // the faulting stores wrote nothing
    ldr     x1, [x0, #8]
    check   x1, 0x3333, 55
    ldr     x1, [x0, #0x30]
    check   x1, 0, 56

    // an instruction fetch from the XN page: Instruction Abort at EL2 (EC 0x21), FAR = ELR
    // = the branch target; the continuation returns to the caller (x30)
    ldr     x4, =XN_PAGE
    adr     x28, 1f
    mov     x1, #1
x_call:
    blr     x4
    b       5f
1:  check   x24, 0x200, 60
    check_fault x20, x23, x21, 0x86000000 | FSC_PERM + 3, x4, x4, 61
    msr     elr_el2, x30
    eret
5:  check   x1, 1, 64                           // the XN page did not run

    // back to the identity map to exit
    ldr     x0, =ALIAS_OFF
    adr     x1, done
    sub     x1, x1, x0
    br      x1
done:
    adr     x0, .
    ldr     x1, =done
    checkr  x0, x1, 65
    semihost_exit 0
    .ltorg

    catch_el2 catch2

    .org XN_PAGE - 0x40080000
xn_func:
    ret
