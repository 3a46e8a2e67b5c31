// id_regs: the ID register space (op0 3, op1 0, CRn 0, CRm 1-7) and its traps, on
// cortex-a57. At EL2: the AArch32 ID registers and MVFR0-2 read the CPU's values and
// the reserved encodings read as zero; VPIDR_EL2 and VMPIDR_EL2 reset to MIDR_EL1 and
// MPIDR_EL1. At EL1 (EL2 enabled) MIDR_EL1 and MPIDR_EL1 read VPIDR_EL2 and VMPIDR_EL2.
// With HCR_EL2.TID3 every read in the space traps to EL2, with TID2 CTR_EL0, CCSIDR_EL1,
// CLIDR_EL1 and CSSELR_EL1 (both directions) do, also CTR_EL0 from EL0, and with TACR
// ACTLR_EL1 does. A value that differs exits with the status of its check (1-99).
// ID_PFR1 and ID_DFR0 are left to test_core: QEMU clears their EL3 fields (its virt
// machine has no EL3), el2sim's CPUs have one.
    .include "common.inc"
    .include "handlers.inc"
    .equ HCR_TID2, (1 << 17)
    .equ HCR_TID3, (1 << 18)
    .equ HCR_TACR, (1 << 21)
    .equ SCTLR_UCT, (1 << 15)

// mrs \reg, expect \val, else exit with status \st
.macro expect reg, val, st
    mrs     x1, \reg
    ldr     x2, =\val
    mov     x19, #\st
    cmp     x1, x2
    b.ne    fail
.endm

    .text
    .global _start
_start:
    el2_setup el2_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    expect  vpidr_el2, 0x411fd070, 1
    expect  vmpidr_el2, 0x80000000, 2
    expect  id_pfr0_el1, 0x131, 3
    expect  id_afr0_el1, 0, 4
    expect  id_mmfr0_el1, 0x10101105, 5
    expect  id_mmfr1_el1, 0x40000000, 6
    expect  id_mmfr2_el1, 0x01260000, 7
    expect  id_mmfr3_el1, 0x02102211, 8
    expect  id_isar0_el1, 0x02101110, 9
    expect  id_isar1_el1, 0x13112111, 10
    expect  id_isar2_el1, 0x21232042, 11
    expect  id_isar3_el1, 0x01112131, 12
    expect  id_isar4_el1, 0x00011142, 13
    expect  id_isar5_el1, 0x00011121, 14
    expect  s3_0_c0_c2_6, 0, 15             // ID_MMFR4_EL1 (ARMv8.0: none)
    expect  s3_0_c0_c2_7, 0, 16             // ID_ISAR6_EL1
    expect  mvfr0_el1, 0x10110222, 17
    expect  mvfr1_el1, 0x12111111, 18
    expect  mvfr2_el1, 0x43, 19
    expect  s3_0_c0_c3_3, 0, 20             // reserved: RAZ
    expect  s3_0_c0_c3_4, 0, 21             // ID_PFR2_EL1
    expect  s3_0_c0_c3_5, 0, 22             // ID_DFR1_EL1
    expect  s3_0_c0_c3_6, 0, 23             // ID_MMFR5_EL1
    expect  s3_0_c0_c3_7, 0, 24
    expect  s3_0_c0_c4_2, 0, 25
    expect  s3_0_c0_c4_3, 0, 26
    expect  s3_0_c0_c4_5, 0, 27
    expect  s3_0_c0_c4_6, 0, 28
    expect  s3_0_c0_c4_7, 0, 29
    expect  s3_0_c0_c5_2, 0, 30
    expect  s3_0_c0_c5_3, 0, 31
    expect  s3_0_c0_c5_6, 0, 32
    expect  s3_0_c0_c5_7, 0, 33
    expect  s3_0_c0_c6_2, 0, 34
    expect  s3_0_c0_c6_3, 0, 35
    expect  s3_0_c0_c6_4, 0, 36
    expect  s3_0_c0_c6_5, 0, 37
    expect  s3_0_c0_c6_6, 0, 38
    expect  s3_0_c0_c6_7, 0, 39
    expect  s3_0_c0_c7_3, 0, 40
    expect  s3_0_c0_c7_4, 0, 41
    expect  s3_0_c0_c7_5, 0, 42
    expect  s3_0_c0_c7_6, 0, 43
    expect  s3_0_c0_c7_7, 0, 44
    mrs     x20, id_pfr1_el1                // for test_core
    mrs     x21, id_dfr0_el1
    // what EL1 will see as its MIDR and MPIDR
    ldr     x0, =0x410fd0f1
    msr     vpidr_el2, x0
    ldr     x0, =0x80000102
    msr     vmpidr_el2, x0
    ldr     x0, =(0x30d00800 | SCTLR_UCT)   // EL0 may read CTR_EL0
    msr     sctlr_el1, x0
    drop_to_el1 el1_code
el1_code:
    expect  midr_el1, 0x410fd0f1, 50
    expect  mpidr_el1, 0x80000102, 51
    expect  ctr_el0, 0x8444c004, 52         // untrapped (TID2 = 0)
    ldr     x1, =(HCR_RW | HCR_TID3 | HCR_TID2 | HCR_TACR)
    hvc     #0x100
mrs_pfr0_tid3:
    mrs     x5, id_pfr0_el1                 // TID3: every read in the space traps
mrs_mvfr2_tid3:
    mrs     x5, mvfr2_el1
mrs_res_c3_3:
    mrs     x5, s3_0_c0_c3_3
mrs_res_c7_7:
    mrs     x5, s3_0_c0_c7_7
mrs_ctr_tid2:
    mrs     x5, ctr_el0                     // TID2
mrs_ccsidr_tid2:
    mrs     x5, ccsidr_el1
mrs_clidr_tid2:
    mrs     x5, clidr_el1
mrs_csselr_tid2:
    mrs     x5, csselr_el1
msr_csselr_tid2:
    msr     csselr_el1, xzr
mrs_actlr_tacr:
    mrs     x5, actlr_el1                   // TACR
msr_actlr_tacr:
    msr     actlr_el1, x5
    expect  midr_el1, 0x410fd0f1, 53        // no trap: EL1 reads VPIDR_EL2
    adr     x0, el0_code
    msr     elr_el1, x0
    mov     x0, #SPSR_EL0T
    msr     spsr_el1, x0
    eret
el0_code:
mrs_ctr_el0_tid2:
    mrs     x5, ctr_el0                     // SCTLR_EL1.UCT = 1, TID2: to EL2
    svc     #0x1e0
    b       .
fail:
    mov     x0, #0x18
    adr     x1, 9f
    str     x19, [x1, #8]
    hlt     #0xf000
    b       .
    .balign 8
9:  .quad   0x20026, 0
    exit_routine
    el2_handlers
    el1_handlers
