/* sysreg_list.h - every system register el2sim models, one row each (an X-macro list:
 * sysreg.h makes the SR_<NAME> index constants of it, sysreg_table.c the table).
 * Encodings: Arm ARM (DDI 0487) D19/D23 "AArch64 System Register Descriptions",
 * Table "Instruction encodings for non-Debug System register accesses".
 * Columns: identifier, name, op0 op1 CRn CRm op2, kind, lowest EL, flags, reset, RES0,
 * RES1, E2H view (the *_EL1 or EL0 timer name that reaches this EL2 register when
 * HCR_EL2.E2H=1: at EL2, and at EL0 in a host for the timers), alias target (*_EL12),
 * behaviour (sysreg_ops: access check, read, write side effects, redirection; NULL for a
 * plain stored register). CPU models (models/cpu) supply ID values and may override
 * reset values and RES0 masks per CPU. Kinds and flags are the one-letter shorthands
 * sysreg_table.c defines (P plain, I ID, A *_EL12 alias, S special, N native; T traced,
 * V TVM-trapped, U UNKNOWN at reset, Z serialising), and SRF_* flags spelt out (TID1/2/3,
 * TACR: the HCR_EL2 bit that traps EL1's accesses; VHE: exists only with FEAT_VHE). */
/* ---- identification (read-only; values per CPU model) ---- */
SYSREG(MIDR_EL1,        "MIDR_EL1",         3,0, 0, 0,0, I,1, SRF_RO,             0, 0, 0, NULL, NULL, &ops_midr)
SYSREG(MPIDR_EL1,       "MPIDR_EL1",        3,0, 0, 0,5, I,1, SRF_RO,             0, 0, 0, NULL, NULL, &ops_mpidr)
SYSREG(REVIDR_EL1,      "REVIDR_EL1",       3,0, 0, 0,6, I,1, SRF_RO|SRF_TID1,    0, 0, 0, NULL, NULL, NULL)
/* The ID register space op0 3, op1 0, CRn 0, CRm 1-7: AArch32 and AArch64 feature
 * registers (values per CPU model) and the reserved encodings between them, which the
 * Arm ARM defines as RAZ ("Instruction encodings for non-Debug System register
 * accesses", the ID register encodings; named S3_0_C0_Cm_n here). All are trapped by
 * HCR_EL2.TID3 from EL1 (the TID3 description lists the reserved encodings too) and
 * UNDEFINED at EL0 (no FEAT_IDST). */
SYSREG(ID_PFR0_EL1,     "ID_PFR0_EL1",      3,0, 0, 1,0, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_PFR1_EL1,     "ID_PFR1_EL1",      3,0, 0, 1,1, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_DFR0_EL1,     "ID_DFR0_EL1",      3,0, 0, 1,2, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_AFR0_EL1,     "ID_AFR0_EL1",      3,0, 0, 1,3, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_MMFR0_EL1,    "ID_MMFR0_EL1",     3,0, 0, 1,4, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_MMFR1_EL1,    "ID_MMFR1_EL1",     3,0, 0, 1,5, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_MMFR2_EL1,    "ID_MMFR2_EL1",     3,0, 0, 1,6, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_MMFR3_EL1,    "ID_MMFR3_EL1",     3,0, 0, 1,7, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_ISAR0_EL1,    "ID_ISAR0_EL1",     3,0, 0, 2,0, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_ISAR1_EL1,    "ID_ISAR1_EL1",     3,0, 0, 2,1, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_ISAR2_EL1,    "ID_ISAR2_EL1",     3,0, 0, 2,2, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_ISAR3_EL1,    "ID_ISAR3_EL1",     3,0, 0, 2,3, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_ISAR4_EL1,    "ID_ISAR4_EL1",     3,0, 0, 2,4, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_ISAR5_EL1,    "ID_ISAR5_EL1",     3,0, 0, 2,5, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_MMFR4_EL1,    "ID_MMFR4_EL1",     3,0, 0, 2,6, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_ISAR6_EL1,    "ID_ISAR6_EL1",     3,0, 0, 2,7, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(MVFR0_EL1,       "MVFR0_EL1",        3,0, 0, 3,0, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(MVFR1_EL1,       "MVFR1_EL1",        3,0, 0, 3,1, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(MVFR2_EL1,       "MVFR2_EL1",        3,0, 0, 3,2, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C3_3,     "S3_0_C0_C3_3",     3,0, 0, 3,3, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_PFR2_EL1,     "ID_PFR2_EL1",      3,0, 0, 3,4, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_DFR1_EL1,     "ID_DFR1_EL1",      3,0, 0, 3,5, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_MMFR5_EL1,    "ID_MMFR5_EL1",     3,0, 0, 3,6, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C3_7,     "S3_0_C0_C3_7",     3,0, 0, 3,7, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_AA64PFR0_EL1, "ID_AA64PFR0_EL1",  3,0, 0, 4,0, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_AA64PFR1_EL1, "ID_AA64PFR1_EL1",  3,0, 0, 4,1, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C4_2,     "S3_0_C0_C4_2",     3,0, 0, 4,2, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C4_3,     "S3_0_C0_C4_3",     3,0, 0, 4,3, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_AA64ZFR0_EL1, "ID_AA64ZFR0_EL1",  3,0, 0, 4,4, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C4_5,     "S3_0_C0_C4_5",     3,0, 0, 4,5, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C4_6,     "S3_0_C0_C4_6",     3,0, 0, 4,6, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C4_7,     "S3_0_C0_C4_7",     3,0, 0, 4,7, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_AA64DFR0_EL1, "ID_AA64DFR0_EL1",  3,0, 0, 5,0, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_AA64DFR1_EL1, "ID_AA64DFR1_EL1",  3,0, 0, 5,1, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C5_2,     "S3_0_C0_C5_2",     3,0, 0, 5,2, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C5_3,     "S3_0_C0_C5_3",     3,0, 0, 5,3, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_AA64AFR0_EL1, "ID_AA64AFR0_EL1",  3,0, 0, 5,4, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_AA64AFR1_EL1, "ID_AA64AFR1_EL1",  3,0, 0, 5,5, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C5_6,     "S3_0_C0_C5_6",     3,0, 0, 5,6, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C5_7,     "S3_0_C0_C5_7",     3,0, 0, 5,7, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_AA64ISAR0_EL1, "ID_AA64ISAR0_EL1", 3,0, 0, 6,0, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_AA64ISAR1_EL1, "ID_AA64ISAR1_EL1", 3,0, 0, 6,1, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C6_2,     "S3_0_C0_C6_2",     3,0, 0, 6,2, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C6_3,     "S3_0_C0_C6_3",     3,0, 0, 6,3, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C6_4,     "S3_0_C0_C6_4",     3,0, 0, 6,4, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C6_5,     "S3_0_C0_C6_5",     3,0, 0, 6,5, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C6_6,     "S3_0_C0_C6_6",     3,0, 0, 6,6, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C6_7,     "S3_0_C0_C6_7",     3,0, 0, 6,7, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_AA64MMFR0_EL1, "ID_AA64MMFR0_EL1", 3,0, 0, 7,0, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_AA64MMFR1_EL1, "ID_AA64MMFR1_EL1", 3,0, 0, 7,1, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_AA64MMFR2_EL1, "ID_AA64MMFR2_EL1", 3,0, 0, 7,2, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C7_3,     "S3_0_C0_C7_3",     3,0, 0, 7,3, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C7_4,     "S3_0_C0_C7_4",     3,0, 0, 7,4, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C7_5,     "S3_0_C0_C7_5",     3,0, 0, 7,5, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C7_6,     "S3_0_C0_C7_6",     3,0, 0, 7,6, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(ID_RAZ_C7_7,     "S3_0_C0_C7_7",     3,0, 0, 7,7, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL, NULL)
SYSREG(CCSIDR_EL1,      "CCSIDR_EL1",       3,1, 0, 0,0, I,1, SRF_RO|SRF_TID2,    0, 0, 0, NULL, NULL, NULL)
SYSREG(CLIDR_EL1,       "CLIDR_EL1",        3,1, 0, 0,1, I,1, SRF_RO|SRF_TID2,    0, 0, 0, NULL, NULL, NULL)
SYSREG(AIDR_EL1,        "AIDR_EL1",         3,1, 0, 0,7, I,1, SRF_RO|SRF_TID1,    0, 0, 0, NULL, NULL, NULL)
SYSREG(CSSELR_EL1,      "CSSELR_EL1",       3,2, 0, 0,0, P,1, SRF_TID2,           0, ~0xfULL, 0, NULL, NULL, NULL)
SYSREG(CTR_EL0,         "CTR_EL0",          3,3, 0, 0,1, I,0, SRF_RO|SRF_TID2,    0, 0, 0, NULL, NULL, &ops_ctr)
SYSREG(DCZID_EL0,       "DCZID_EL0",        3,3, 0, 0,7, I,0, SRF_RO,             0, 0, 0, NULL, NULL, &ops_dczid)
SYSREG(PMCR_EL0,        "PMCR_EL0",         3,3, 9,12,0, P,1, 0,                  0, 0, 0, NULL, NULL, NULL)
/* ---- EL1 ---- */
SYSREG(SCTLR_EL1,       "SCTLR_EL1",        3,0, 1, 0,0, P,1, V|Z|T,     0x30d00800, 0, 0, NULL, NULL, NULL)
SYSREG(ACTLR_EL1,       "ACTLR_EL1",        3,0, 1, 0,1, P,1, SRF_TACR,           0, 0, 0, NULL, NULL, NULL)
SYSREG(CPACR_EL1,       "CPACR_EL1",        3,0, 1, 0,2, P,1, Z|T,                0, 0, 0, NULL, NULL, NULL)
SYSREG(TTBR0_EL1,       "TTBR0_EL1",        3,0, 2, 0,0, P,1, V|U|T,              0, 0, 0, NULL, NULL, NULL)
SYSREG(TTBR1_EL1,       "TTBR1_EL1",        3,0, 2, 0,1, P,1, V|U|T,              0, 0, 0, NULL, NULL, NULL)
SYSREG(TCR_EL1,         "TCR_EL1",          3,0, 2, 0,2, P,1, V|U|T,              0, 0, 0, NULL, NULL, NULL)
SYSREG(SPSR_EL1,        "SPSR_EL1",         3,0, 4, 0,0, P,1, U,                  0, 0, 0, NULL, NULL, NULL)
SYSREG(ELR_EL1,         "ELR_EL1",          3,0, 4, 0,1, P,1, U,                  0, 0, 0, NULL, NULL, NULL)
SYSREG(SP_EL0,          "SP_EL0",           3,0, 4, 1,0, S,1, SRF_SPSEL1,         0, 0, 0, NULL, NULL, &ops_sp_el)
SYSREG(SPSEL,           "SPSel",            3,0, 4, 2,0, N,1, 0,                  0, 0, 0, NULL, NULL, &ops_pstate_field)
SYSREG(CURRENTEL,       "CurrentEL",        3,0, 4, 2,2, S,1, SRF_RO,             0, 0, 0, NULL, NULL, &ops_currentel)
SYSREG(PAN,             "PAN",              3,0, 4, 2,3, S,1, 0,                  0, 0, 0, NULL, NULL, &ops_pstate_ext)
SYSREG(UAO,             "UAO",              3,0, 4, 2,4, S,1, 0,                  0, 0, 0, NULL, NULL, &ops_pstate_ext)
SYSREG(AFSR0_EL1,       "AFSR0_EL1",        3,0, 5, 1,0, P,1, V|T,                0, 0, 0, NULL, NULL, NULL)
SYSREG(AFSR1_EL1,       "AFSR1_EL1",        3,0, 5, 1,1, P,1, V|T,                0, 0, 0, NULL, NULL, NULL)
SYSREG(ESR_EL1,         "ESR_EL1",          3,0, 5, 2,0, P,1, V|U|T,              0, 0xffffffe000000000ULL, 0, NULL, NULL, NULL)
SYSREG(FAR_EL1,         "FAR_EL1",          3,0, 6, 0,0, P,1, V|U|T,              0, 0, 0, NULL, NULL, NULL)
SYSREG(PAR_EL1,         "PAR_EL1",          3,0, 7, 4,0, P,1, 0,                  0, 0, 0, NULL, NULL, NULL)
SYSREG(MAIR_EL1,        "MAIR_EL1",         3,0,10, 2,0, P,1, V|U|T,              0, 0, 0, NULL, NULL, NULL)
SYSREG(AMAIR_EL1,       "AMAIR_EL1",        3,0,10, 3,0, P,1, V|T,                0, 0, 0, NULL, NULL, NULL)
SYSREG(VBAR_EL1,        "VBAR_EL1",         3,0,12, 0,0, P,1, U|T|Z,              0, 0x1f, 0,  NULL, NULL, NULL)
SYSREG(ISR_EL1,         "ISR_EL1",          3,0,12, 1,0, S,1, SRF_RO,             0, 0, 0, NULL, NULL, &ops_isr)
/* GICv3 CPU interface (IHI 0069 12.2; gic_cpuif.c): with HCR_EL2.IMO at EL1 the ICC_*
 * names reach the virtual interface (ICV_*). Group 1 only. ICC_SRE_EL1.{SRE,DFB,DIB}
 * RAO/WI: no legacy (memory-mapped) operation, as QEMU 7.2's GICv3 reads it. The EL3
 * registers (ICC_SRE_EL3, ICC_CTLR_EL3, ICC_IGRPEN1_EL3) are not modelled: UNDEFINED
 * below EL3, as the architecture makes them. */
SYSREG(ICC_PMR_EL1,     "ICC_PMR_EL1",      3,0, 4, 6,0, P,1, 0,                  0, ~0xffULL, 0, NULL, NULL, &ops_icc)
SYSREG(ICC_DIR_EL1,     "ICC_DIR_EL1",      3,0,12,11,1, S,1, SRF_WO,             0, 0, 0, NULL, NULL, &ops_icc)
SYSREG(ICC_RPR_EL1,     "ICC_RPR_EL1",      3,0,12,11,3, S,1, SRF_RO,             0, 0, 0, NULL, NULL, &ops_icc)
SYSREG(ICC_SGI1R_EL1,   "ICC_SGI1R_EL1",    3,0,12,11,5, S,1, SRF_WO,             0, 0, 0, NULL, NULL, &ops_icc)
SYSREG(ICC_IAR1_EL1,    "ICC_IAR1_EL1",     3,0,12,12,0, S,1, SRF_RO,             0, 0, 0, NULL, NULL, &ops_icc)
SYSREG(ICC_EOIR1_EL1,   "ICC_EOIR1_EL1",    3,0,12,12,1, S,1, SRF_WO,             0, 0, 0, NULL, NULL, &ops_icc)
SYSREG(ICC_HPPIR1_EL1,  "ICC_HPPIR1_EL1",   3,0,12,12,2, S,1, SRF_RO,             0, 0, 0, NULL, NULL, &ops_icc)
SYSREG(ICC_BPR1_EL1,    "ICC_BPR1_EL1",     3,0,12,12,3, P,1, 0,                  3, ~0x7ULL, 0, NULL, NULL, &ops_icc)
/* ICC_CTLR_EL1: A3V [15], IDbits [13:11] = 1 (24 bits), PRIbits [10:8] = 4 (5 bits), as
 * QEMU 7.2 resets it; EOImode [1] writable */
SYSREG(ICC_CTLR_EL1,    "ICC_CTLR_EL1",     3,0,12,12,4, P,1, 0,             0x8c00, 0, 0, NULL, NULL, &ops_icc)
SYSREG(ICC_SRE_EL1,     "ICC_SRE_EL1",      3,0,12,12,5, P,1, 0,                0x7, ~0x7ULL, 0x7, NULL, NULL, NULL)
SYSREG(ICC_IGRPEN1_EL1, "ICC_IGRPEN1_EL1",  3,0,12,12,7, P,1, 0,                  0, ~0x1ULL, 0, NULL, NULL, &ops_icc)
SYSREG(CONTEXTIDR_EL1,  "CONTEXTIDR_EL1",   3,0,13, 0,1, P,1, V|T,                0, 0xffffffff00000000ULL, 0, NULL, NULL, NULL)
SYSREG(TPIDR_EL1,       "TPIDR_EL1",        3,0,13, 0,4, P,1, U|T,                0, 0, 0, NULL, NULL, NULL)
SYSREG(CNTKCTL_EL1,     "CNTKCTL_EL1",      3,0,14, 1,0, P,1, T,                  0, 0, 0, NULL, NULL, NULL)
SYSREG(MDSCR_EL1,       "MDSCR_EL1",        2,0, 0, 2,2, P,1, 0,                  0, 0, 0, NULL, NULL, NULL)
SYSREG(OSLAR_EL1,       "OSLAR_EL1",        2,0, 1, 0,4, P,1, SRF_WO,             0, 0, 0, NULL, NULL, NULL)
SYSREG(OSLSR_EL1,       "OSLSR_EL1",        2,0, 1, 1,4, P,1, SRF_RO,           0xa, 0, 0, NULL, NULL, NULL)
SYSREG(OSDLR_EL1,       "OSDLR_EL1",        2,0, 1, 3,4, P,1, 0,                  0, 0, 0, NULL, NULL, NULL)
SYSREG(SP_EL1,          "SP_EL1",           3,4, 4, 1,0, S,2, 0,                  0, 0, 0, NULL, NULL, &ops_sp_el)
/* ---- EL0-visible state kept in the real CPU ---- */
SYSREG(NZCV,            "NZCV",             3,3, 4, 2,0, N,0, 0,                  0, 0, 0, NULL, NULL, &ops_pstate_field)
SYSREG(DAIF,            "DAIF",             3,3, 4, 2,1, N,0, 0,                  0, 0, 0, NULL, NULL, &ops_daif)
SYSREG(SSBS,            "SSBS",             3,3, 4, 2,6, S,0, 0,                  0, 0, 0, NULL, NULL, &ops_pstate_ext)
SYSREG(FPCR,            "FPCR",             3,3, 4, 4,0, N,0, 0,                  0, 0, 0, NULL, NULL, NULL)
SYSREG(FPSR,            "FPSR",             3,3, 4, 4,1, N,0, 0,                  0, 0, 0, NULL, NULL, NULL)
SYSREG(TPIDR_EL0,       "TPIDR_EL0",        3,3,13, 0,2, N,0, 0,                  0, 0, 0, NULL, NULL, NULL)
SYSREG(TPIDRRO_EL0,     "TPIDRRO_EL0",      3,3,13, 0,3, N,0, 0,                  0, 0, 0, NULL, NULL, &ops_tpidrro_el0)
/* ---- generic timer and cycle counter: read the modelled clock ---- */
SYSREG(CNTFRQ_EL0,      "CNTFRQ_EL0",       3,3,14, 0,0, P,0, 0,           62500000, 0xffffffff00000000ULL, 0, NULL, NULL, &ops_cntfrq)
SYSREG(CNTPCT_EL0,      "CNTPCT_EL0",       3,3,14, 0,1, S,0, SRF_RO,             0, 0, 0, NULL, NULL, &ops_cntpct)
SYSREG(CNTVCT_EL0,      "CNTVCT_EL0",       3,3,14, 0,2, S,0, SRF_RO,             0, 0, 0, NULL, NULL, &ops_cntvct)
SYSREG(CNTP_TVAL_EL0,   "CNTP_TVAL_EL0",    3,3,14, 2,0, S,0, 0,                  0, 0xffffffff00000000ULL, 0, NULL, NULL, &ops_cntp_tval)
SYSREG(CNTP_CTL_EL0,    "CNTP_CTL_EL0",     3,3,14, 2,1, P,0, 0,                  0, ~0x7ULL, 0, NULL, NULL, &ops_cntp_ctl)
SYSREG(CNTP_CVAL_EL0,   "CNTP_CVAL_EL0",    3,3,14, 2,2, P,0, 0,                  0, 0, 0, NULL, NULL, &ops_cntp)
SYSREG(CNTV_TVAL_EL0,   "CNTV_TVAL_EL0",    3,3,14, 3,0, S,0, 0,                  0, 0xffffffff00000000ULL, 0, NULL, NULL, &ops_cntv_tval)
SYSREG(CNTV_CTL_EL0,    "CNTV_CTL_EL0",     3,3,14, 3,1, P,0, 0,                  0, ~0x7ULL, 0, NULL, NULL, &ops_cntv_ctl)
SYSREG(CNTV_CVAL_EL0,   "CNTV_CVAL_EL0",    3,3,14, 3,2, P,0, 0,                  0, 0, 0, NULL, NULL, &ops_cntv)
SYSREG(PMCCNTR_EL0,     "PMCCNTR_EL0",      3,3, 9,13,0, S,1, 0,                  0, 0, 0, NULL, NULL, &ops_pmccntr)
/* ---- EL2 ---- */
SYSREG(VPIDR_EL2,       "VPIDR_EL2",        3,4, 0, 0,0, P,2, U|T,                0, 0xffffffff00000000ULL, 0, NULL, NULL, NULL)
SYSREG(VMPIDR_EL2,      "VMPIDR_EL2",       3,4, 0, 0,5, P,2, U|T,                0, 0, 0, NULL, NULL, NULL)
SYSREG(SCTLR_EL2,       "SCTLR_EL2",        3,4, 1, 0,0, P,2, T|Z,       0x30c50830, 0, 0, "SCTLR_EL1", NULL, NULL)
SYSREG(ACTLR_EL2,       "ACTLR_EL2",        3,4, 1, 0,1, P,2, U|T,                0, 0, 0, NULL, NULL, NULL)
SYSREG(HCR_EL2,         "HCR_EL2",          3,4, 1, 1,0, P,2, U|T|Z,              0, 0, 0, NULL, NULL, NULL)
SYSREG(MDCR_EL2,        "MDCR_EL2",         3,4, 1, 1,1, P,2, U|T,                0, 0, 0, NULL, NULL, NULL)
SYSREG(CPTR_EL2,        "CPTR_EL2",         3,4, 1, 1,2, P,2, T|Z,           0x33ff, 0, 0, "CPACR_EL1", NULL, NULL)
SYSREG(HSTR_EL2,        "HSTR_EL2",         3,4, 1, 1,3, P,2, U|T,                0, 0xffffffffffffe000ULL, 0, NULL, NULL, NULL)
SYSREG(HACR_EL2,        "HACR_EL2",         3,4, 1, 1,7, P,2, U|T,                0, 0, 0, NULL, NULL, NULL)
SYSREG(TTBR0_EL2,       "TTBR0_EL2",        3,4, 2, 0,0, P,2, U|T,              0, 0, 0, "TTBR0_EL1", NULL, NULL)
SYSREG(TTBR1_EL2,       "TTBR1_EL2",        3,4, 2, 0,1, P,2, U|T|SRF_VHE,      0, 0, 0, "TTBR1_EL1", NULL, NULL)
SYSREG(TCR_EL2,         "TCR_EL2",          3,4, 2, 0,2, P,2, U|T,              0, 0, 0, "TCR_EL1", NULL, NULL)
SYSREG(VTTBR_EL2,       "VTTBR_EL2",        3,4, 2, 1,0, P,2, U|T,              0, 0, 0, NULL, NULL, NULL)
SYSREG(VTCR_EL2,        "VTCR_EL2",         3,4, 2, 1,2, P,2, U|T,              0, 0, 0, NULL, NULL, NULL)
SYSREG(SPSR_EL2,        "SPSR_EL2",         3,4, 4, 0,0, P,2, U,                  0, 0, 0, "SPSR_EL1", NULL, NULL)
SYSREG(ELR_EL2,         "ELR_EL2",          3,4, 4, 0,1, P,2, U,                  0, 0, 0, "ELR_EL1", NULL, NULL)
SYSREG(AFSR0_EL2,       "AFSR0_EL2",        3,4, 5, 1,0, P,2, U|T,                0, 0, 0, "AFSR0_EL1", NULL, NULL)
SYSREG(AFSR1_EL2,       "AFSR1_EL2",        3,4, 5, 1,1, P,2, U|T,                0, 0, 0, "AFSR1_EL1", NULL, NULL)
SYSREG(ESR_EL2,         "ESR_EL2",          3,4, 5, 2,0, P,2, U|T,              0, 0xffffffe000000000ULL, 0, "ESR_EL1", NULL, NULL)
/* VSESR_EL2 (FEAT_RAS): the syndrome of a virtual SError (irq.c); UNDEFINED without RAS */
SYSREG(VSESR_EL2,       "VSESR_EL2",        3,4, 5, 2,3, P,2, U|T,                0, 0xfffffffffe000000ULL, 0, NULL, NULL, &ops_vsesr)
SYSREG(FAR_EL2,         "FAR_EL2",          3,4, 6, 0,0, P,2, U|T,              0, 0, 0, "FAR_EL1", NULL, NULL)
SYSREG(HPFAR_EL2,       "HPFAR_EL2",        3,4, 6, 0,4, P,2, U|T,              0, 0, 0, NULL, NULL, NULL)
SYSREG(MAIR_EL2,        "MAIR_EL2",         3,4,10, 2,0, P,2, U|T,              0, 0, 0, "MAIR_EL1", NULL, NULL)
SYSREG(AMAIR_EL2,       "AMAIR_EL2",        3,4,10, 3,0, P,2, U|T,                0, 0, 0, "AMAIR_EL1", NULL, NULL)
SYSREG(VBAR_EL2,        "VBAR_EL2",         3,4,12, 0,0, P,2, U|T|Z,            0, 0x1f, 0,  "VBAR_EL1", NULL, NULL)
/* ICC_SRE_EL2.{Enable,DIB,DFB,SRE} RAO/WI (no legacy operation; QEMU 7.2 reads 0xf) */
SYSREG(ICC_SRE_EL2,     "ICC_SRE_EL2",      3,4,12, 9,5, P,2, T,                0xf, ~0xfULL, 0xf, NULL, NULL, NULL)
/* GICv3 virtual interface control (IHI 0069 12.4; gic_cpuif.c). ICH_AP0R0_EL2 is
 * storage (Group 0 is not modelled; it still counts in the virtual running priority);
 * with 5 bits of preemption there are no ICH_AP{0,1}R{1,2,3}_EL2. */
SYSREG(ICH_AP0R0_EL2,   "ICH_AP0R0_EL2",    3,4,12, 8,0, P,2, T,                  0, 0xffffffff00000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_AP1R0_EL2,   "ICH_AP1R0_EL2",    3,4,12, 9,0, P,2, T,                  0, 0xffffffff00000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_HCR_EL2,     "ICH_HCR_EL2",      3,4,12,11,0, P,2, T,                  0, 0xffffffff07ff8300ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_VTR_EL2,     "ICH_VTR_EL2",      3,4,12,11,1, I,2, SRF_RO,             0, 0, 0, NULL, NULL, NULL)
SYSREG(ICH_MISR_EL2,    "ICH_MISR_EL2",     3,4,12,11,2, S,2, SRF_RO,             0, 0, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_EISR_EL2,    "ICH_EISR_EL2",     3,4,12,11,3, S,2, SRF_RO,             0, 0, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_ELRSR_EL2,   "ICH_ELRSR_EL2",    3,4,12,11,5, S,2, SRF_RO,             0, 0, 0, NULL, NULL, &ops_ich)
/* ICH_VMCR_EL2 at reset: VBPR0 = 2, VBPR1 = 3 (the minimum binary points), VFIQEn */
SYSREG(ICH_VMCR_EL2,    "ICH_VMCR_EL2",     3,4,12,11,7, P,2, T,           0x4c0008, 0xffffffff0003fde0ULL, 0, NULL, NULL, &ops_ich)
/* ICH_LR<n>_EL2: vINTID [31:0], pINTID [44:32] (EOI [41] with HW = 0), Priority
 * [55:48], Group [60], HW [61], State [63:62]; those beyond ICH_VTR_EL2.ListRegs are
 * UNDEFINED */
SYSREG(ICH_LR0_EL2,    "ICH_LR0_EL2",     3,4,12,12,0, P,2, T,                  0, 0x0f00e00000000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_LR1_EL2,    "ICH_LR1_EL2",     3,4,12,12,1, P,2, T,                  0, 0x0f00e00000000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_LR2_EL2,    "ICH_LR2_EL2",     3,4,12,12,2, P,2, T,                  0, 0x0f00e00000000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_LR3_EL2,    "ICH_LR3_EL2",     3,4,12,12,3, P,2, T,                  0, 0x0f00e00000000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_LR4_EL2,    "ICH_LR4_EL2",     3,4,12,12,4, P,2, T,                  0, 0x0f00e00000000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_LR5_EL2,    "ICH_LR5_EL2",     3,4,12,12,5, P,2, T,                  0, 0x0f00e00000000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_LR6_EL2,    "ICH_LR6_EL2",     3,4,12,12,6, P,2, T,                  0, 0x0f00e00000000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_LR7_EL2,    "ICH_LR7_EL2",     3,4,12,12,7, P,2, T,                  0, 0x0f00e00000000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_LR8_EL2,    "ICH_LR8_EL2",     3,4,12,13,0, P,2, T,                  0, 0x0f00e00000000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_LR9_EL2,    "ICH_LR9_EL2",     3,4,12,13,1, P,2, T,                  0, 0x0f00e00000000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_LR10_EL2,   "ICH_LR10_EL2",    3,4,12,13,2, P,2, T,                  0, 0x0f00e00000000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_LR11_EL2,   "ICH_LR11_EL2",    3,4,12,13,3, P,2, T,                  0, 0x0f00e00000000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_LR12_EL2,   "ICH_LR12_EL2",    3,4,12,13,4, P,2, T,                  0, 0x0f00e00000000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_LR13_EL2,   "ICH_LR13_EL2",    3,4,12,13,5, P,2, T,                  0, 0x0f00e00000000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_LR14_EL2,   "ICH_LR14_EL2",    3,4,12,13,6, P,2, T,                  0, 0x0f00e00000000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(ICH_LR15_EL2,   "ICH_LR15_EL2",    3,4,12,13,7, P,2, T,                  0, 0x0f00e00000000000ULL, 0, NULL, NULL, &ops_ich)
SYSREG(CONTEXTIDR_EL2,  "CONTEXTIDR_EL2",   3,4,13, 0,1, P,2, U|T|SRF_VHE,        0, 0xffffffff00000000ULL, 0, "CONTEXTIDR_EL1", NULL, NULL)
SYSREG(TPIDR_EL2,       "TPIDR_EL2",        3,4,13, 0,2, P,2, U|T,              0, 0, 0, NULL, NULL, NULL)
SYSREG(CNTVOFF_EL2,     "CNTVOFF_EL2",      3,4,14, 0,3, P,2, U|T,              0, 0, 0, NULL, NULL, NULL)
/* CNTHCTL_EL2 is UNKNOWN at reset; el2sim resets it as QEMU 7.2 does, EL1PCTEN and EL1PCEN
 * set (EL1 may read the counter and use its timer until EL2 says otherwise) */
SYSREG(CNTHCTL_EL2,     "CNTHCTL_EL2",      3,4,14, 1,0, P,2, U|T,                3, 0, 0, "CNTKCTL_EL1", NULL, NULL)
/* the EL2 physical timer, and the EL2 virtual timer of FEAT_VHE: with E2H=1 the EL0 timer
 * names reach them at EL2, and at EL0 in a host */
SYSREG(CNTHP_TVAL_EL2,  "CNTHP_TVAL_EL2",   3,4,14, 2,0, S,2, T,                  0, 0xffffffff00000000ULL, 0, "CNTP_TVAL_EL0", NULL, &ops_cnth_tval)
SYSREG(CNTHP_CTL_EL2,   "CNTHP_CTL_EL2",    3,4,14, 2,1, P,2, T,                  0, ~0x7ULL, 0, "CNTP_CTL_EL0", NULL, &ops_cnth_ctl)
SYSREG(CNTHP_CVAL_EL2,  "CNTHP_CVAL_EL2",   3,4,14, 2,2, P,2, U|T,                0, 0, 0, "CNTP_CVAL_EL0", NULL, NULL)
SYSREG(CNTHV_TVAL_EL2,  "CNTHV_TVAL_EL2",   3,4,14, 3,0, S,2, T|SRF_VHE,          0, 0xffffffff00000000ULL, 0, "CNTV_TVAL_EL0", NULL, &ops_cnth_tval)
SYSREG(CNTHV_CTL_EL2,   "CNTHV_CTL_EL2",    3,4,14, 3,1, P,2, T|SRF_VHE,          0, ~0x7ULL, 0, "CNTV_CTL_EL0", NULL, &ops_cnth_ctl)
SYSREG(CNTHV_CVAL_EL2,  "CNTHV_CVAL_EL2",   3,4,14, 3,2, P,2, U|T|SRF_VHE,        0, 0, 0, "CNTV_CVAL_EL0", NULL, NULL)
SYSREG(SP_EL2,          "SP_EL2",           3,6, 4, 1,0, S,3, 0,                  0, 0, 0, NULL, NULL, &ops_sp_el)
/* ---- *_EL12 / *_EL02 aliases (FEAT_VHE) ---- */
SYSREG(SCTLR_EL12,      "SCTLR_EL12",       3,5, 1, 0,0, A,2, 0, 0, 0, 0, NULL, "SCTLR_EL1", NULL)
SYSREG(CPACR_EL12,      "CPACR_EL12",       3,5, 1, 0,2, A,2, 0, 0, 0, 0, NULL, "CPACR_EL1", NULL)
SYSREG(TTBR0_EL12,      "TTBR0_EL12",       3,5, 2, 0,0, A,2, 0, 0, 0, 0, NULL, "TTBR0_EL1", NULL)
SYSREG(TTBR1_EL12,      "TTBR1_EL12",       3,5, 2, 0,1, A,2, 0, 0, 0, 0, NULL, "TTBR1_EL1", NULL)
SYSREG(TCR_EL12,        "TCR_EL12",         3,5, 2, 0,2, A,2, 0, 0, 0, 0, NULL, "TCR_EL1", NULL)
SYSREG(SPSR_EL12,       "SPSR_EL12",        3,5, 4, 0,0, A,2, 0, 0, 0, 0, NULL, "SPSR_EL1", NULL)
SYSREG(ELR_EL12,        "ELR_EL12",         3,5, 4, 0,1, A,2, 0, 0, 0, 0, NULL, "ELR_EL1", NULL)
SYSREG(AFSR0_EL12,      "AFSR0_EL12",       3,5, 5, 1,0, A,2, 0, 0, 0, 0, NULL, "AFSR0_EL1", NULL)
SYSREG(AFSR1_EL12,      "AFSR1_EL12",       3,5, 5, 1,1, A,2, 0, 0, 0, 0, NULL, "AFSR1_EL1", NULL)
SYSREG(ESR_EL12,        "ESR_EL12",         3,5, 5, 2,0, A,2, 0, 0, 0, 0, NULL, "ESR_EL1", NULL)
SYSREG(FAR_EL12,        "FAR_EL12",         3,5, 6, 0,0, A,2, 0, 0, 0, 0, NULL, "FAR_EL1", NULL)
SYSREG(MAIR_EL12,       "MAIR_EL12",        3,5,10, 2,0, A,2, 0, 0, 0, 0, NULL, "MAIR_EL1", NULL)
SYSREG(AMAIR_EL12,      "AMAIR_EL12",       3,5,10, 3,0, A,2, 0, 0, 0, 0, NULL, "AMAIR_EL1", NULL)
SYSREG(VBAR_EL12,       "VBAR_EL12",        3,5,12, 0,0, A,2, 0, 0, 0, 0, NULL, "VBAR_EL1", NULL)
SYSREG(CONTEXTIDR_EL12, "CONTEXTIDR_EL12",  3,5,13, 0,1, A,2, 0, 0, 0, 0, NULL, "CONTEXTIDR_EL1", NULL)
SYSREG(CNTKCTL_EL12,    "CNTKCTL_EL12",     3,5,14, 1,0, A,2, 0, 0, 0, 0, NULL, "CNTKCTL_EL1", NULL)
SYSREG(CNTP_TVAL_EL02,  "CNTP_TVAL_EL02",   3,5,14, 2,0, A,2, 0, 0, 0, 0, NULL, "CNTP_TVAL_EL0", NULL)
SYSREG(CNTP_CTL_EL02,   "CNTP_CTL_EL02",    3,5,14, 2,1, A,2, 0, 0, 0, 0, NULL, "CNTP_CTL_EL0", NULL)
SYSREG(CNTP_CVAL_EL02,  "CNTP_CVAL_EL02",   3,5,14, 2,2, A,2, 0, 0, 0, 0, NULL, "CNTP_CVAL_EL0", NULL)
SYSREG(CNTV_TVAL_EL02,  "CNTV_TVAL_EL02",   3,5,14, 3,0, A,2, 0, 0, 0, 0, NULL, "CNTV_TVAL_EL0", NULL)
SYSREG(CNTV_CTL_EL02,   "CNTV_CTL_EL02",    3,5,14, 3,1, A,2, 0, 0, 0, 0, NULL, "CNTV_CTL_EL0", NULL)
SYSREG(CNTV_CVAL_EL02,  "CNTV_CVAL_EL02",   3,5,14, 3,2, A,2, 0, 0, 0, 0, NULL, "CNTV_CVAL_EL0", NULL)
/* ---- EL3: only its effects are visible to EL2 code; accesses from EL2 UNDEF ---- */
SYSREG(SCR_EL3,         "SCR_EL3",          3,6, 1, 1,0, P,3, 0, SCR_NS|SCR_HCE|SCR_RW|0x30, 0, 0, NULL, NULL, NULL)
/* ---- the AArch32 EL1's registers with no AArch64 EL1 counterpart (Arm ARM D19
 * "DACR32_EL2", "IFSR32_EL2": AArch32 DACR and IFSR are architecturally mapped to them;
 * sysreg_a32.c). Rows last so that earlier SR_ numbers stay as they were. ---- */
SYSREG(DACR32_EL2,      "DACR32_EL2",       3,4, 3, 0,0, P,2, U|T,                0, 0xffffffff00000000ULL, 0, NULL, NULL, NULL)
SYSREG(IFSR32_EL2,      "IFSR32_EL2",       3,4, 5, 0,1, P,2, U|T,                0, 0xffffffffffffe000ULL, 0, NULL, NULL, NULL)
/* ---- the AArch32 SPSRs of Abort, Undefined, IRQ and FIQ modes (Arm ARM D19 "SPSR_abt",
 * "SPSR_und", "SPSR_irq", "SPSR_fiq"; SPSR_svc is SPSR_EL1): written when an exception is
 * taken to an AArch32 EL1 (aarch32.c) ---- */
SYSREG(SPSR_IRQ,        "SPSR_irq",         3,4, 4, 3,0, P,2, 0,                  0, 0xffffffff00000000ULL, 0, NULL, NULL, NULL)
SYSREG(SPSR_ABT,        "SPSR_abt",         3,4, 4, 3,1, P,2, 0,                  0, 0xffffffff00000000ULL, 0, NULL, NULL, NULL)
SYSREG(SPSR_UND,        "SPSR_und",         3,4, 4, 3,2, P,2, 0,                  0, 0xffffffff00000000ULL, 0, NULL, NULL, NULL)
SYSREG(SPSR_FIQ,        "SPSR_fiq",         3,4, 4, 3,3, P,2, 0,                  0, 0xffffffff00000000ULL, 0, NULL, NULL, NULL)
/* ---- FPEXC32_EL2 (Arm ARM D19 "FPEXC32_EL2"; AArch32 FPEXC is mapped to it): EN (bit 30)
 * enables the AArch32 FP/Advanced SIMD instructions (a32_fp.c); no trapped floating-point
 * exceptions on the modelled CPUs (EX, DEX, the IDF..IOF bits RES0), VECITR RES1 ---- */
SYSREG(FPEXC32_EL2,     "FPEXC32_EL2",      3,4, 5, 3,0, P,2, T,              0x700, ~0x40000700ULL, 0x700, NULL, NULL, NULL)
