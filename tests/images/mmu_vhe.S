// mmu_vhe: the EL2&0 regime (HCR_EL2.E2H = 1, FEAT_VHE: the vhe pair, QEMU max and
// neoverse-n1). TCR_EL2 has the TCR_EL1 layout (T0SZ = T1SZ = 25, 4 KiB granules) and
// TTBR1_EL2 is live (Arm ARM D8.1.1: the EL2&0 regime has two VA ranges):
//   TTBR0_EL2: VA 0x40000000 = PA, a 1 GiB block for EL2 only (AP[1] = 0, UXN), and
//              VA 0x80000000 -> PA 0x40000000, a block EL0 may read, write and run (PXN);
//   TTBR1_EL2: the image at HVA = 0xffff_ff80_0000_0000 + PA (VBAR_EL2 there).
// EL2 runs from its HVA and takes stage 1 faults at EL2 (catch_el2, vector 0x200):
//   invalid level 1 entry in the TTBR1 range   Translation fault, level 1   0x96000005
//   VA beyond T0SZ (bit 39)                    Translation fault, level 0   0x96000004
//   VA between the two ranges                  Translation fault, level 0   0x96000004
// Then a host EL0 (HCR_EL2.TGE = 1) runs at its alias and reads the EL2-only block: the
// stage 1 Permission fault (level 1, the block's level) goes to EL2, not EL1 (Arm ARM
// AArch64.DataAbort: with TGE = 1 exceptions from EL0 are routed to EL2), as EC 0x24
// 0x9200000d with FAR the VA; EL2 returns past it and EL0 reports what it read by SVC
// (EC 0x15 to EL2 under TGE). Data Aborts at EL2 from stage 1: ISS[24:14] masked (mmu.inc
// ISS_ISV_MASK). Exit status 0, or 100 + n for the first check n that failed.
    .arch armv8.1-a
    .include "common.inc"
    .include "corner.inc"
    .include "mmu.inc"
    .text
    .global _start

    .equ L1, TABLES                     // TTBR0_EL2
    .equ H_L1, TABLES + 0x1000          // TTBR1_EL2
    .equ HBASE, 0xffffff8000000000
    .equ HOFF, HBASE                    // HVA = PA + HOFF (H_L1[1] is PA 0x40000000)
    .equ EL0OFF, 0x40000000             // EL0 VA = PA + EL0OFF
    .equ DATA, 0x40100000
    .equ TCR_VALUE, (25 | (25 << 16) | TG0_4K | TG1_4K | IPS_40 | TCR_WALK0 | TCR_WALK1)

_start:
    el2_setup catch2
    has_vhe x0
    cbnz    x0, 1f
    semihost_exit 99                    // not a VHE CPU
1:  zero_mem TABLES, 0x2000
    pt_set  L1, 1, 0x40000000 + BLOCK_RW + D_XN
    pt_set  L1, 2, 0x40000000 + BLOCK_RW + D_EL0 + D_PXN
    pt_set  H_L1, 1, 0x40000000 + BLOCK_RW
    pt_set  DATA, 0, 0x6666
    ldr     x0, =(HCR_RW | HCR_E2H)
    msr     hcr_el2, x0
    isb
    ldr     x0, =MAIR_VALUE
    msr     mair_el2, x0
    ldr     x0, =L1
    msr     ttbr0_el2, x0
    ldr     x0, =H_L1
    msr     ttbr1_el2, x0
    ldr     x0, =TCR_VALUE
    msr     tcr_el2, x0
    tlb_all
    ldr     x0, =SCTLR_EL1_MMU              // SCTLR_EL2 has the SCTLR_EL1 layout with E2H
    msr     sctlr_el2, x0
    isb
    ldr     x0, =DATA                       // the TTBR0 identity
    ldr     x1, [x0]
    check   x1, 0x6666, 1
    ldr     x0, =catch2 + HOFF
    msr     vbar_el2, x0
    ldr     x0, =high + HOFF
    br      x0
high:
    adr     x0, .
    ldr     x1, =high + HOFF
    checkr  x0, x1, 2
    ldr     x0, =DATA + HOFF                // the same word through TTBR1
    ldr     x1, [x0]
    check   x1, 0x6666, 3
    dabt_el2 f_l1, HBASE + 0x80000008, "ldr x1, [x4]", 0x96000000 | FSC_TRANS + 1, 5
    dabt_el2 f_t0, 0x0000008000000000, "ldr x1, [x4]", 0x96000000 | FSC_TRANS + 0, 10
    dabt_el2 f_gap, 0xffff000000000000, "ldr x1, [x4]", 0x96000000 | FSC_TRANS + 0, 15

    // the host EL0
    ldr     x0, =(HCR_RW | HCR_E2H | HCR_TGE)
    msr     hcr_el2, x0
    ldr     x0, =el0_code + EL0OFF
    msr     elr_el2, x0
    mov     x0, #SPSR_EL0T
    msr     spsr_el2, x0
    adr     x28, 1f
    isb
    eret
1:  check   x24, 0x400, 20
    ldr     x4, =DATA
    ldr     x5, =el0_fault + EL0OFF
    check_fault x20, x23, x21, 0x92000000 | FSC_PERM + 1, x4, x5, 21, 1
    add     x0, x21, #4
    msr     elr_el2, x0
    adr     x28, 2f
    eret
2:  check   x24, 0x400, 25
    check   x20, 0x56000055, 26
    check   x1, 0x6666, 27                  // EL0 read DATA through its alias
    check   x2, 0x7777, 28                  // and not through the EL2-only block
    ldr     x0, =el0_svc + EL0OFF + 4
    checkr  x21, x0, 29
    semihost_exit 0
    .ltorg

el0_code:                                   // EL0, at its alias (VA = PA + EL0OFF)
    ldr     x0, =DATA + EL0OFF
    ldr     x1, [x0]
    ldr     x4, =DATA
    ldr     x2, =0x7777
el0_fault:
    ldr     x2, [x4]                        // EL2 only: Permission fault
el0_svc:
    svc     #0x55
    b       .
    .ltorg

    catch_el2 catch2
