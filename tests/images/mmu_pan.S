// mmu_pan: PSTATE.PAN with the EL1&0 stage 1 on (FEAT_PAN: the vhe pair, neoverse-n1 /
// QEMU max). EL1 maps RAM by identity (4 KiB pages over the first 2 MiB, 2 MiB blocks
// above) with one data page EL0-accessible (AP[1] = 1), then:
//   PAN = 0: EL1 reads the EL0 page                          no fault
//   MSR PAN, #1: the same read is a Permission fault, level 3 0x9600000f (Arm ARM
//     AArch64.CheckPermission: a privileged data access to a page EL0 can access, with
//     PSTATE.PAN set, faults)
//   MSR PAN, Xt (PAN = 0) again: no fault; MSR PAN, #1 then the load through an
//     unprivileged LDTR: no fault (PAN applies to privileged accesses only)
//   a privileged read of a page EL0 cannot access, PAN set: no fault
// It exits by HVC #0x1e0. Exit status 0, or 100 + n for the first check n that failed;
// 99 without FEAT_PAN (ID_AA64MMFR1_EL1.PAN = 0).
    .arch   armv8.1-a
    .include "common.inc"
    .include "corner.inc"
    .include "mmu.inc"
    .text
    .global _start

    .equ T0_L1, TABLES
    .equ T0_L2, TABLES + 0x1000
    .equ T0_L3, TABLES + 0x2000
    .equ EL0_PAGE, 0x40100000          // page 0x100 of the first 2 MiB
    .equ TCR_VALUE, (25 | EPD1 | TG0_4K | TG1_4K | IPS_40 | TCR_WALK0)

_start:
    el2_setup stub_vectors
    mrs     x0, id_aa64mmfr1_el1
    ubfx    x0, x0, #20, #4             // PAN
    cbnz    x0, 1f
    fail    99
1:  zero_mem TABLES, 0x3000
    pt_set  T0_L1, 1, T0_L2 + D_TABLE
    pt_set  T0_L2, 0, T0_L3 + D_TABLE
    pt_fill T0_L2, 1, 511, 0x40200000 + BLOCK_RW, 0x200000
    pt_fill T0_L3, 0, 512, 0x40000000 + PAGE_RW, 0x1000
    pt_set  T0_L3, 0x100, EL0_PAGE + PAGE_RW + D_EL0
    ldr     x0, =EL0_PAGE
    ldr     x1, =0x7a7a
    str     x1, [x0]
    ldr     x0, =SCTLR_EL1_MMU - 0x1805 // EL1's MMU off until it turns it on
    msr     sctlr_el1, x0
    drop_to_el1 el1_start

el1_start:
    ldr     x0, =MAIR_VALUE
    msr     mair_el1, x0
    ldr     x0, =T0_L1
    msr     ttbr0_el1, x0
    ldr     x0, =TCR_VALUE
    msr     tcr_el1, x0
    ldr     x0, =catch1
    msr     vbar_el1, x0
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    ldr     x0, =SCTLR_EL1_MMU
    msr     sctlr_el1, x0
    isb

    msr     pan, #0
    ldr     x4, =EL0_PAGE
    ldr     x1, [x4]
    check   x1, 0x7a7a, 1
    msr     pan, #1
    dabt_el1 p_on, EL0_PAGE, "ldr x6, [x4]", 0x96000000 | FSC_PERM + 3, 10
    mov     x0, #0
    msr     pan, x0
    ldr     x4, =EL0_PAGE
    ldr     x1, [x4, #0]
    check   x1, 0x7a7a, 20
    msr     pan, #1
    ldtr    x1, [x4]
    check   x1, 0x7a7a, 21
    ldr     x4, =EL0_PAGE + 0x1000      // EL1 only: PAN does not apply
    ldr     x1, [x4]
    mrs     x2, pan
    check   x2, 0x400000, 22
    msr     pan, #0
    mov     x0, #0
p_exit:
    hvc     #0x1e0
    b       .
    .ltorg

// The EL2 stub (MMU off): HVC #0x1e0 exits with status x0; anything else exits with 99.
stub_hvc:
    mrs     x5, esr_el2
    and     x9, x5, #0xffff
    hvc_exit_or_fail

    lower_sync_vectors stub_vectors, stub_hvc

    catch_el1 catch1
