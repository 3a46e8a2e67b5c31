// mmu_s2: EL1 with its stage 1 on (TTBR0_EL1, T0SZ 25, 4 KiB) under stage 2
// (HCR_EL2.VM = 1; VTCR_EL2: T0SZ 24 = 40-bit IPAs, 4 KiB, SL0 = 1: the walk starts at
// level 1 with two concatenated tables; PS 40 bits). Both stages map RAM identically but
// for the pages under test. Each stage 2 fault is taken to EL2 (vector 0x400: lower EL),
// where the image checks ESR_EL2, FAR_EL2 (the VA), ELR_EL2 and HPFAR_EL2 (FIPA =
// IPA[47:12] in bits [43:4]: IPA >> 12 << 4), then maps the page and ERETs to retry:
//   LDR x1 of an IPA stage 2 does not map   Translation fault, level 3, ISV = 1 with
//     SAS 0b11 SRT 1 SF 1 (a 64-bit GPR load)              ESR 0x93c18007
//   LDR x1 whose stage 1 walk reads a table at an IPA stage 2 does not map: S1PTW = 1,
//     ISV = 0, Translation fault level 3; HPFAR = the table's IPA    ESR 0x92000087
//   STR x2 to a stage 2 read-only page (S2AP 0b01): Permission fault, level 3, WnR,
//     ISV with SRT 2                                        ESR 0x93c2804f
//   BLR to a stage 2 execute-never page (XN, bit 54): Instruction Abort from a lower EL,
//     Permission fault, level 3                             ESR 0x8200000f
// (Arm ARM AArch64.S2Translate, AArch64.S2Walk; ESR_EL2 "ISS encoding for an exception
// from a Data Abort": ISV is 1 for stage 2 aborts on single GPR loads/stores, 0 when
// S1PTW; HPFAR_EL2.FIPA.) Then a stage 1 fault (invalid level 2 entry) at EL1 with stage 2
// on goes to EL1, not EL2 (AArch64.DataAbort routing: stage 1 faults to EL1 when
// HCR_EL2.TGE = 0): ESR_EL1 0x96000006.
// Exit status 0, or 100 + n for the first check n that failed.
    .include "common.inc"
    .include "corner.inc"
    .include "mmu.inc"
    .text
    .global _start

    .equ S2_L1, TABLES                  // two concatenated level 1 tables (8 KiB)
    .equ S2_L2, TABLES + 0x2000         // IPA 0x40000000 - 0x7fffffff
    .equ S2_L3, TABLES + 0x3000         // IPA 0x40000000 - 0x401fffff, 4 KiB pages
    .equ S1_L1, TABLES + 0x4000
    .equ S1_L2, TABLES + 0x5000         // VA 0x40000000 - 0x7fffffff
    .equ S1_L3, TABLES + 0x6000         // VA 0x40000000 - 0x401fffff
    .equ S2_HOLE, 0x40110000            // not mapped at stage 2 until the fault
    .equ S1_L3B, 0x40120000             // stage 1 table for VA 0x40400000: not at stage 2
    .equ S1_L3B_OUT, 0x40130000         // what S1_L3B maps VA 0x40400000 to
    .equ S2_RO, 0x40140000              // read-only at stage 2
    .equ S2_XN, 0x40150000              // execute-never at stage 2
    .equ TCR_VALUE, (25 | TG0_4K | EPD1 | TG1_4K | IPS_40 | TCR_WALK0)

// EL2: the stage 2 fault just taken (catch_el2 record) must have ESR \esr, FAR x4, ELR
// x5, HPFAR_EL2 \hpfar and come to vector 0x400. Checks \st to \st + 4.
.macro check_s2 esr, hpfar, st
    mrs     x26, hpfar_el2
    check   x24, 0x400, \st
    check_fault x20, x23, x21, \esr, x4, x5, (\st + 1)
    check   x26, \hpfar, (\st + 4)
.endm

// The same for a stage 2 Permission fault, where HPFAR_EL2 is UNKNOWN (Arm ARM IPAValid():
// only Translation, Access flag and Address size faults at stage 2, or any of them and a
// Permission fault on a stage 1 walk, give it; Linux's KVM translates FAR itself for
// Permission faults). QEMU 7.2 writes the IPA; el2sim leaves the register as it was.
.macro check_s2_perm esr, st
    check   x24, 0x400, \st
    check_fault x20, x23, x21, \esr, x4, x5, (\st + 1)
.endm

// EL2: stage 2 entry for \ipa (in S2_L3) = \desc, then invalidate what stage 2 cached of it
// and the combined stage 1+2 entries (Arm ARM D8.13.6: TLBI IPAS2E1, DSB, TLBI VMALLE1).
.macro s2_remap ipa, desc
    pt_set  S2_L3, (\ipa - 0x40000000) >> 12, \ipa + \desc
    dsb     ish
    ldr     x0, =(\ipa >> 12)
    tlbi    ipas2e1, x0
    dsb     ish
    tlbi    vmalle1
    dsb     ish
    isb
.endm

_start:
    el2_setup catch2
    zero_mem TABLES, 0x7000
    zero_mem S1_L3B, 0x1000
    // stage 2
    pt_set  S2_L1, 1, S2_L2 + D_TABLE
    pt_set  S2_L2, 0, S2_L3 + D_TABLE
    pt_fill S2_L2, 1, 63, 0x40200000 + S2_BLOCK, 0x200000
    pt_fill S2_L3, 0, 512, 0x40000000 + S2_PAGE, 0x1000
    pt_set  S2_L3, (S2_HOLE - 0x40000000) >> 12, 0
    pt_set  S2_L3, (S1_L3B - 0x40000000) >> 12, 0
    pt_set  S2_L3, (S2_RO - 0x40000000) >> 12, S2_RO + S2_PAGE_RO
    pt_set  S2_L3, (S2_XN - 0x40000000) >> 12, S2_XN + S2_PAGE + D_XN
    // stage 1
    pt_set  S1_L1, 1, S1_L2 + D_TABLE
    pt_set  S1_L2, 0, S1_L3 + D_TABLE
    pt_fill S1_L2, 1, 63, 0x40200000 + BLOCK_RW, 0x200000
    pt_set  S1_L2, 2, S1_L3B + D_TABLE
    pt_set  S1_L2, 511, 0                // VA 0x7fe00000: a stage 1 fault
    pt_fill S1_L3, 0, 512, 0x40000000 + PAGE_RW, 0x1000
    pt_set  S1_L3B, 0, S1_L3B_OUT + PAGE_RW
    // the data the accesses read, and a RET at S2_XN
    pt_set  S2_HOLE, 1, 0x1111
    pt_set  S1_L3B_OUT, 2, 0x2222
    ldr     x0, =S2_XN
    ldr     w1, =0xd65f03c0
    str     w1, [x0]
    dc      cvau, x0
    dsb     ish
    ic      iallu
    dsb     ish

    ldr     x0, =VTCR_40
    msr     vtcr_el2, x0
    ldr     x0, =S2_L1
    msr     vttbr_el2, x0
    ldr     x0, =MAIR_VALUE
    msr     mair_el1, x0
    ldr     x0, =S1_L1
    msr     ttbr0_el1, x0
    ldr     x0, =TCR_VALUE
    msr     tcr_el1, x0
    ldr     x0, =SCTLR_EL1_MMU
    msr     sctlr_el1, x0
    adr     x0, catch1
    msr     vbar_el1, x0
    tlb_all
    drop_to_el1 el1_start, (HCR_RW | HCR_VM)

el1_start:
    // stage 2 Translation fault on a data access
    ldr     x4, =S2_HOLE + 8
    adr     x28, 1f
    adr     x5, s2_ld
s2_ld:
    ldr     x1, [x4]
    b       3f
1:  check_s2 0x93c18007, 0x401100, 1
    s2_remap S2_HOLE, S2_PAGE
    eret
3:  check   x1, 0x1111, 6

    // stage 2 fault on the stage 1 walk
    ldr     x4, =0x40400010
    adr     x28, 1f
    adr     x5, s1ptw_ld
s1ptw_ld:
    ldr     x1, [x4]
    b       3f
1:  check_s2 0x92000087, 0x401200, 10
    s2_remap S1_L3B, S2_PAGE
    eret
3:  check   x1, 0x2222, 15

    // stage 2 Permission fault on a write
    ldr     x4, =S2_RO + 0x18
    adr     x28, 1f
    adr     x5, s2_st
    ldr     x2, =0x3333
s2_st:
    str     x2, [x4]
    b       3f
1:  check_s2_perm 0x93c2804f, 20
    s2_remap S2_RO, S2_PAGE
    eret
3:  ldr     x1, [x4]
    check   x1, 0x3333, 25

    // stage 2 execute-never: Instruction Abort to EL2, FAR = ELR = the target
    ldr     x4, =S2_XN
    mov     x5, x4
    adr     x28, 1f
s2_call:
    blr     x4
    b       3f
1:  check_s2_perm 0x8200000f, 30
    s2_remap S2_XN, S2_PAGE
    eret
3:
    // a stage 1 fault goes to EL1
    ldr     x4, =0x7fe00008
    adr     x27, 1f
    adr     x5, s1_ld
s1_ld:
    ldr     x1, [x4]
    fail    35
1:  check   x14, 0x200, 36
    check_fault x10, x13, x11, 0x96000006, x4, x5, 37

    adr     x28, 4f
s2_exit:
    hvc     #0
4:  check   x24, 0x400, 40
    check   x20, 0x5a000000, 41
    semihost_exit 0
    .ltorg

    catch_el2 catch2
    catch_el1 catch1
