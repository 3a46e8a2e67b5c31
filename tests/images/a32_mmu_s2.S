// a32_mmu_s2: an A32 EL1 (HCR_EL2.RW = 0, its stage 1 off) under an AArch64 EL2 with
// stage 2 on (HCR_EL2.VM; VTCR_EL2: 40-bit IPAs, 4 KiB, the walk starting at level 1 with
// two concatenated tables), as KVM runs a 32-bit guest (issue 21, AArch32 with the MMU
// on). Stage 2 maps RAM identically but for the guest's page 1 (not mapped) and page 2
// (execute-never, XN bit 54). Each stage 2 fault is taken to EL2 at VBAR_EL2 + 0x600
// (lower EL using AArch32; Arm ARM AArch64.Abort, AArch64.InstructionAbort/DataAbort),
// where the image checks ESR_EL2, FAR_EL2 (the 32-bit VA), ELR_EL2, SPSR_EL2 and, for
// Translation faults, HPFAR_EL2 (FIPA = IPA[47:12] in bits [43:4]), then maps the page
// and ERETs to run the instruction again:
//   B to page 1: Instruction Abort from a lower EL, Translation fault level 3, IL = 1
//                                                         ESR 0x82000007
//   B to page 2: Instruction Abort, Permission fault level 3        ESR 0x8200000f
//   HVC #0x33 (EC 0x12): R0-R2 as the guest set them; X4 = the data page for the load
//   LDR r3, [r4]: Data Abort from a lower EL, Translation fault level 3, ISV = 1 with
//     SAS 0b10 (word), SRT 3 (AArch32 LDR immediate, no writeback)  ESR 0x93830007
//   HVC #0x44: R3 = the word at the data page once mapped; exit 0.
// Exit status 0, or 100 + n for the first check n that failed.
    .include "common.inc"
    .include "corner.inc"
    .include "mmu.inc"
    .text
    .global _start

    .equ S2_L1, TABLES                  // two concatenated level 1 tables (8 KiB)
    .equ S2_L2, TABLES + 0x2000         // IPA 0x40000000 - 0x7fffffff
    .equ S2_L3, TABLES + 0x3000         // IPA 0x40000000 - 0x401fffff, 4 KiB pages
    .equ DATA_HOLE, 0x40110000          // not mapped at stage 2 until the Data Abort
    .equ STEP, 0x40112000               // the handler's step count (mapped)
    .equ GUEST, 0x40090000              // the guest's three pages (guest:)
    .equ GUEST_PAGE1, GUEST + 0x1000
    .equ GUEST_PAGE2, GUEST + 0x2000

// EL2: stage 2 entry for \ipa (in S2_L3) = \ipa + \desc, then invalidate what stage 2
// cached of it and the combined entries (Arm ARM D8.13.6: TLBI IPAS2E1, DSB, TLBI VMALLE1).
// Uses X27/X28 (R13_fiq/R14_fiq, which the guest does not use): X0-X14 are its R0-R14.
.macro s2_remap ipa, desc
    ldr     x27, =(S2_L3 + 8 * ((\ipa - 0x40000000) >> 12))
    ldr     x28, =(\ipa + \desc)
    str     x28, [x27]
    dsb     ish
    ldr     x27, =(\ipa >> 12)
    tlbi    ipas2e1, x27
    dsb     ish
    tlbi    vmalle1
    dsb     ish
    isb
.endm

_start:
    el2_setup el2_vectors
    zero_mem TABLES, 0x4000
    pt_set  STEP, 0, 0
    pt_set  DATA_HOLE, 0, 0x600dcafe
    pt_set  S2_L1, 1, S2_L2 + D_TABLE
    pt_set  S2_L2, 0, S2_L3 + D_TABLE
    pt_fill S2_L2, 1, 63, 0x40200000 + S2_BLOCK, 0x200000
    pt_fill S2_L3, 0, 512, 0x40000000 + S2_PAGE, 0x1000
    pt_set  S2_L3, (GUEST_PAGE1 - 0x40000000) >> 12, 0
    pt_set  S2_L3, (GUEST_PAGE2 - 0x40000000) >> 12, GUEST_PAGE2 + S2_PAGE + D_XN
    pt_set  S2_L3, (DATA_HOLE - 0x40000000) >> 12, 0
    ldr     x0, =VTCR_40
    msr     vtcr_el2, x0
    ldr     x0, =S2_L1
    msr     vttbr_el2, x0
    tlb_all
    ldr     x0, =HCR_VM                 // RW = 0: EL1 is AArch32; stage 2 on
    msr     hcr_el2, x0
    ldr     x0, =guest
    msr     elr_el2, x0
    mov     x0, #0x1d3                  // Supervisor mode, A/I/F masked
    msr     spsr_el2, x0
    isb
    eret

lower32_sync:
    mrs     x20, esr_el2
    mrs     x21, elr_el2
    mrs     x22, far_el2
    mrs     x26, hpfar_el2
    mrs     x24, spsr_el2
    ldr     x25, =STEP
    ldr     w23, [x25]
    add     w23, w23, #1
    str     w23, [x25]
    cmp     w23, #1
    b.eq    step1
    cmp     w23, #2
    b.eq    step2
    cmp     w23, #3
    b.eq    step3
    cmp     w23, #4
    b.eq    step4
    b       step5

step1:                                  // the fetch from page 1
    check   x20, 0x82000007, 1
    check   x21, GUEST_PAGE1, 2
    check   x22, GUEST_PAGE1, 3
    check   x26, (GUEST_PAGE1 >> 12 << 4), 4
    check   x24, 0x1d3, 5
    s2_remap GUEST_PAGE1, S2_PAGE
    eret
step2:                                  // the fetch from page 2 (XN)
    check   x20, 0x8200000f, 11
    check   x21, GUEST_PAGE2, 12
    check   x22, GUEST_PAGE2, 13
    check   x24, 0x1d3, 15
    s2_remap GUEST_PAGE2, S2_PAGE
    eret
step3:                                  // HVC #0x33
    check   x20, 0x4a000033, 21
    check   x21, GUEST_PAGE2 + 8, 22
    check   x0, 0x1234, 23
    check   x1, 0x5678, 24
    check   x2, 0x9abc, 25
    ldr     x4, =DATA_HOLE
    eret
step4:                                  // LDR r3, [r4]
    check   x20, 0x93830007, 31
    check   x21, GUEST_PAGE2 + 8, 32
    check   x22, DATA_HOLE, 33
    check   x26, (DATA_HOLE >> 12 << 4), 34
    check   x24, 0x1d3, 35
    s2_remap DATA_HOLE, S2_PAGE
    eret
step5:                                  // HVC #0x44
    check   x20, 0x4a000044, 41
    check   x3, 0x600dcafe, 42
    semihost_exit 0

    a32_el2_vectors lower32_sync

    .org    GUEST - 0x40080000          // (the image starts at 0x40080000)
guest:
    .incbin "a32_mmu_s2_guest.bin"
