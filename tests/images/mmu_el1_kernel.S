// mmu_el1_kernel: a kernel at EL1 with the EL1&0 stage 1 on (4 KiB granule), its EL2
// stub with the MMU off, as Linux runs on a nVHE hypervisor stub:
//   TTBR0_EL1: T0SZ 25 (39-bit VAs, walk from level 1), an identity 1 GiB block over RAM;
//   TTBR1_EL1: T1SZ 16 (VAs 0xffff_0000_0000_0000 up, walk from level 0), the kernel at
//              KVA = PA + KOFF (0xffff_8000_0000_0000 is PA 0x40000000), VBAR_EL1 there.
// EL1 turns its MMU on at the identity address, branches to its KVA and then:
//   - calls its EL2 stub by HVC #1 with two physical addresses in x0 and x1 (the kernel's
//     virt_to_phys): the stub, MMU off, reads the word at x0, stores it + 1 at x1 and
//     returns ELR_EL2 in x3 and ESR_EL2 in x5; the kernel reads x1's word at its KVA;
//   - takes stage 1 faults at EL1 to VBAR_EL1 (a TTBR1 address) + 0x200, checked there
//     (corner.inc catch_el1): ESR_EL1, FAR_EL1, ELR_EL1 (KVAs):
//       invalid level 2 entry (TTBR1)           Translation fault, level 2   0x96000006
//       write to a read-only page (TTBR1)       Permission fault, level 3    0x9600004f
//       VA beyond T0SZ (bit 39)                 Translation fault, level 0   0x96000004
//       VA between the TTBR0 and TTBR1 ranges   Translation fault, level 0   0x96000004
//       branch to an unmapped KVA               Instruction Abort, Translation, level 2
//                                               0x86000006, FAR = ELR = the target
//   (Arm ARM AArch64.S1Translate: the fault level is the descriptor's; VAs outside both
//   ranges fault at level 0, AArch64.VAIsOutOfRange; ESR_EL1 ISS encodings for a Data
//   Abort / an Instruction Abort, EC 0x25 / 0x21 for the same EL.)
// It exits by HVC #0x1e0 (the stub exits with x0). Exit status 0, or 100 + n for the
// first check n that failed.
    .include "common.inc"
    .include "corner.inc"
    .include "mmu.inc"
    .text
    .global _start

    .equ T0_L1, TABLES
    .equ T1_L0, TABLES + 0x1000
    .equ T1_L1, TABLES + 0x2000
    .equ T1_L2, TABLES + 0x3000       // KVA 0xffff_8000_4000_0000: empty
    .equ T1_L2B, TABLES + 0x4000      // KVA 0xffff_8000_8000_0000
    .equ T1_L3, TABLES + 0x5000
    .equ KBASE, 0xffff800000000000
    .equ KOFF, (KBASE - 0x40000000)
    .equ K_HOLE, (KBASE + 0x40000000)
    .equ K_RO, (KBASE + 0x80000000)   // -> PA RO_PAGE, read-only
    .equ RO_PAGE, 0x40100000
    .equ SRC, 0x40110000              // the HVC's buffers (physical)
    .equ DST, 0x40110100
    .equ TCR_VALUE, (25 | (16 << 16) | TG0_4K | TG1_4K | IPS_40 | TCR_WALK0 | TCR_WALK1)

_start:
    el2_setup stub_vectors
    zero_mem TABLES, 0x6000
    pt_set  T0_L1, 1, 0x40000000 + BLOCK_RW
    pt_set  T1_L0, (KBASE >> 39) & 511, T1_L1 + D_TABLE
    pt_set  T1_L1, 0, 0x40000000 + BLOCK_RW
    pt_set  T1_L1, 1, T1_L2 + D_TABLE
    pt_set  T1_L1, 2, T1_L2B + D_TABLE
    pt_set  T1_L2B, 0, T1_L3 + D_TABLE
    pt_set  T1_L3, 0, RO_PAGE + PAGE_RW + D_RO
    ldr     x0, =SRC
    ldr     x1, =0x4444
    str     x1, [x0]
    ldr     x0, =SCTLR_EL1_MMU - 0x1805 // EL1's MMU off until it turns it on
    msr     sctlr_el1, x0
    drop_to_el1 el1_start

el1_start:                              // EL1, MMU off, at the identity address
    ldr     x0, =MAIR_VALUE
    msr     mair_el1, x0
    ldr     x0, =T0_L1
    msr     ttbr0_el1, x0
    ldr     x0, =T1_L0
    msr     ttbr1_el1, x0
    ldr     x0, =TCR_VALUE
    msr     tcr_el1, x0
    ldr     x0, =catch1 + KOFF
    msr     vbar_el1, x0
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    ldr     x0, =SCTLR_EL1_MMU
    msr     sctlr_el1, x0
    isb
    ldr     x0, =kernel + KOFF
    br      x0

kernel:                                 // EL1 at its KVA
    adr     x0, .
    ldr     x1, =kernel + KOFF
    checkr  x0, x1, 1
    ldr     x0, =SRC + KOFF             // the linear map reads the RAM
    ldr     x1, [x0]
    check   x1, 0x4444, 2

    // the hypervisor call with physical addresses
    ldr     x7, =KOFF                   // virt_to_phys: KVA - KOFF
    ldr     x0, =SRC + KOFF
    sub     x0, x0, x7
    ldr     x1, =DST + KOFF
    sub     x1, x1, x7
    adr     x2, 1f
k_hvc:
    hvc     #1
1:  checkr  x3, x2, 3                   // ELR_EL2 is the KVA after the HVC
    check   x5, 0x5a000001, 4           // ESR_EL2: HVC #1
    ldr     x0, =DST + KOFF
    ldr     x1, [x0]
    check   x1, 0x4445, 5

    dabt_el1 f_hole, K_HOLE + 8, "ldr x6, [x4]", 0x96000000 | FSC_TRANS + 2, 10
    dabt_el1 f_ro, K_RO + 0x10, "str x6, [x4]", 0x96000000 | ISS_WNR | FSC_PERM + 3, 15
    dabt_el1 f_t0, 0x0000008000000000, "ldr x6, [x4]", 0x96000000 | FSC_TRANS + 0, 20
    dabt_el1 f_gap, 0xfff0000000000000, "ldr x6, [x4]", 0x96000000 | FSC_TRANS + 0, 25
    ldr     x0, =K_RO                   // readable
    ldr     x1, [x0, #0x10]
    check   x1, 0, 30

    // an instruction fetch from an unmapped KVA: Instruction Abort to EL1, back to x30
    ldr     x4, =K_HOLE + 0x1000
    adr     x27, 1f
k_call:
    blr     x4
    b       2f
1:  check   x14, 0x200, 35
    check_fault x10, x13, x11, 0x86000000 | FSC_TRANS + 2, x4, x4, 36
    msr     elr_el1, x30
    eret
2:  mov     x0, #0
k_exit:
    hvc     #0x1e0
    b       .
    .ltorg

// The EL2 stub (MMU off): HVC #1 as above; HVC #0x1e0 exits with status x0; anything
// else exits with 99.
stub_hvc:
    mrs     x5, esr_el2
    mrs     x3, elr_el2
    and     x9, x5, #0xffff
    cmp     x9, #1
    b.ne    1f
    ldr     x9, [x0]
    add     x9, x9, #1
    str     x9, [x1]
    eret
1:  hvc_exit_or_fail

    lower_sync_vectors stub_vectors, stub_hvc

    catch_el1 catch1
