/* sysreg_a32.c - the AArch32 CP15/CP14 encodings el2sim models and the AArch64 registers
 * they are architecturally mapped to (sysreg_a32.h). Sources (Arm ARM DDI 0487):
 * G7.3 "Organization of the CP15 System register space" / "Functional grouping",
 * G8 "AArch32 System Register Descriptions" (each register's "Architectural mapping",
 * "Configurations" and "Accessing" sections: the encoding, the lowest PL, the HCR_EL2 /
 * HSTR_EL2 traps), G8 "Cache maintenance ... instructions", "TLB maintenance
 * instructions" and "Address translation instructions"; the trap groups are those
 * D13 "HCR_EL2" lists for TID0-TID3, TVM/TRVM, TACR, TSW, TPCP, TPU and TTLB.
 * Columns of R (MCR/MRC): name, coproc, opc1, CRn, CRm, opc2, kind, lowest PL, AArch64
 * register, part, flags; W (MCRR/MRRC): name, coproc, opc1, CRm, kind, lowest PL,
 * AArch64 register, part, flags. */
#include "sysreg_a32.h"
#include "sysreg.h"
#include <string.h>

#define R(nm, cp, o1, n, m, o2, k, pl, sr, pt, fl) { nm, cp, o1, n, m, o2, false, k, pl, pt, sr, fl },
#define W(nm, cp, o1, m, k, pl, sr, pt, fl)        { nm, cp, o1, 0, m, 0, true, k, pl, pt, sr, fl },
#define REG A32K_REG
#define RAZ A32K_RAZ
#define CACHE A32K_CACHE
#define TLBI A32K_TLBI
#define AT A32K_AT
#define LO A32P_LO
#define HI A32P_HI
#define ALL A32P_ALL
#define RO A32F_RO
#define WO A32F_WO
#define NONE (-1)

const sysreg_a32_def sysreg_a32_table[] = {
    /* ---- identification (c0): MIDR/MPIDR read VPIDR_EL2/VMPIDR_EL2 at EL1 as the
     * AArch64 rows resolve them; TID1/TID2/TID3 per HCR_EL2 ---- */
    R("MIDR",       15, 0,  0,  0, 0, REG, 1, SR_MIDR_EL1,      LO,  RO)
    R("CTR",        15, 0,  0,  0, 1, REG, 1, SR_CTR_EL0,       LO,  RO|A32F_TID2)
    R("MPIDR",      15, 0,  0,  0, 5, REG, 1, SR_MPIDR_EL1,     LO,  RO)
    R("REVIDR",     15, 0,  0,  0, 6, REG, 1, SR_REVIDR_EL1,    LO,  RO|A32F_TID1)
    R("ID_PFR0",    15, 0,  0,  1, 0, REG, 1, SR_ID_PFR0_EL1,   LO,  RO|A32F_TID3)
    R("ID_PFR1",    15, 0,  0,  1, 1, REG, 1, SR_ID_PFR1_EL1,   LO,  RO|A32F_TID3)
    R("ID_DFR0",    15, 0,  0,  1, 2, REG, 1, SR_ID_DFR0_EL1,   LO,  RO|A32F_TID3)
    R("ID_AFR0",    15, 0,  0,  1, 3, REG, 1, SR_ID_AFR0_EL1,   LO,  RO|A32F_TID3)
    R("ID_MMFR0",   15, 0,  0,  1, 4, REG, 1, SR_ID_MMFR0_EL1,  LO,  RO|A32F_TID3)
    R("ID_MMFR1",   15, 0,  0,  1, 5, REG, 1, SR_ID_MMFR1_EL1,  LO,  RO|A32F_TID3)
    R("ID_MMFR2",   15, 0,  0,  1, 6, REG, 1, SR_ID_MMFR2_EL1,  LO,  RO|A32F_TID3)
    R("ID_MMFR3",   15, 0,  0,  1, 7, REG, 1, SR_ID_MMFR3_EL1,  LO,  RO|A32F_TID3)
    R("ID_ISAR0",   15, 0,  0,  2, 0, REG, 1, SR_ID_ISAR0_EL1,  LO,  RO|A32F_TID3)
    R("ID_ISAR1",   15, 0,  0,  2, 1, REG, 1, SR_ID_ISAR1_EL1,  LO,  RO|A32F_TID3)
    R("ID_ISAR2",   15, 0,  0,  2, 2, REG, 1, SR_ID_ISAR2_EL1,  LO,  RO|A32F_TID3)
    R("ID_ISAR3",   15, 0,  0,  2, 3, REG, 1, SR_ID_ISAR3_EL1,  LO,  RO|A32F_TID3)
    R("ID_ISAR4",   15, 0,  0,  2, 4, REG, 1, SR_ID_ISAR4_EL1,  LO,  RO|A32F_TID3)
    R("ID_ISAR5",   15, 0,  0,  2, 5, REG, 1, SR_ID_ISAR5_EL1,  LO,  RO|A32F_TID3)
    R("ID_MMFR4",   15, 0,  0,  2, 6, REG, 1, SR_ID_MMFR4_EL1,  LO,  RO|A32F_TID3)
    R("ID_ISAR6",   15, 0,  0,  2, 7, REG, 1, SR_ID_ISAR6_EL1,  LO,  RO|A32F_TID3)
    R("ID_PFR2",    15, 0,  0,  3, 4, REG, 1, SR_ID_PFR2_EL1,   LO,  RO|A32F_TID3)
    R("ID_DFR1",    15, 0,  0,  3, 5, REG, 1, SR_ID_DFR1_EL1,   LO,  RO|A32F_TID3)
    R("ID_MMFR5",   15, 0,  0,  3, 6, REG, 1, SR_ID_MMFR5_EL1,  LO,  RO|A32F_TID3)
    R("CCSIDR",     15, 1,  0,  0, 0, REG, 1, SR_CCSIDR_EL1,    LO,  RO|A32F_TID2)
    R("CLIDR",      15, 1,  0,  0, 1, REG, 1, SR_CLIDR_EL1,     LO,  RO|A32F_TID2)
    R("AIDR",       15, 1,  0,  0, 7, REG, 1, SR_AIDR_EL1,      LO,  RO|A32F_TID1)
    R("CSSELR",     15, 2,  0,  0, 0, REG, 1, SR_CSSELR_EL1,    LO,  A32F_TID2)
    R("VPIDR",      15, 4,  0,  0, 0, REG, 2, SR_VPIDR_EL2,     LO,  0)
    R("VMPIDR",     15, 4,  0,  0, 5, REG, 2, SR_VMPIDR_EL2,    LO,  0)
    /* ---- system control (c1) ---- */
    R("SCTLR",      15, 0,  1,  0, 0, REG, 1, SR_SCTLR_EL1,     LO,  A32F_TVM)
    R("ACTLR",      15, 0,  1,  0, 1, REG, 1, SR_ACTLR_EL1,     LO,  A32F_TACR)
    R("CPACR",      15, 0,  1,  0, 2, REG, 1, SR_CPACR_EL1,     LO,  0)
    R("ACTLR2",     15, 0,  1,  0, 3, REG, 1, SR_ACTLR_EL1,     HI,  A32F_TACR)
    R("HSCTLR",     15, 4,  1,  0, 0, REG, 2, SR_SCTLR_EL2,     LO,  0)
    R("HACTLR",     15, 4,  1,  0, 1, REG, 2, SR_ACTLR_EL2,     LO,  0)
    R("HACTLR2",    15, 4,  1,  0, 3, REG, 2, SR_ACTLR_EL2,     HI,  0)
    R("HCR",        15, 4,  1,  1, 0, REG, 2, SR_HCR_EL2,       LO,  0)
    R("HDCR",       15, 4,  1,  1, 1, REG, 2, SR_MDCR_EL2,      LO,  0)
    R("HCPTR",      15, 4,  1,  1, 2, REG, 2, SR_CPTR_EL2,      LO,  0)
    R("HSTR",       15, 4,  1,  1, 3, REG, 2, SR_HSTR_EL2,      LO,  0)
    R("HCR2",       15, 4,  1,  1, 4, REG, 2, SR_HCR_EL2,       HI,  0)
    R("HACR",       15, 4,  1,  1, 7, REG, 2, SR_HACR_EL2,      LO,  0)
    /* ---- translation table base and control (c2, c3) ---- */
    R("TTBR0",      15, 0,  2,  0, 0, REG, 1, SR_TTBR0_EL1,     LO,  A32F_TVM)
    R("TTBR1",      15, 0,  2,  0, 1, REG, 1, SR_TTBR1_EL1,     LO,  A32F_TVM)
    R("TTBCR",      15, 0,  2,  0, 2, REG, 1, SR_TCR_EL1,       LO,  A32F_TVM)
    R("TTBCR2",     15, 0,  2,  0, 3, REG, 1, SR_TCR_EL1,       HI,  A32F_TVM)
    R("HTCR",       15, 4,  2,  0, 2, REG, 2, SR_TCR_EL2,       LO,  0)
    R("VTCR",       15, 4,  2,  1, 2, REG, 2, SR_VTCR_EL2,      LO,  0)
    R("DACR",       15, 0,  3,  0, 0, REG, 1, SR_DACR32_EL2,    LO,  A32F_TVM)
    /* ---- faults (c5, c6) ---- */
    R("DFSR",       15, 0,  5,  0, 0, REG, 1, SR_ESR_EL1,       LO,  A32F_TVM)
    R("IFSR",       15, 0,  5,  0, 1, REG, 1, SR_IFSR32_EL2,    LO,  A32F_TVM)
    R("ADFSR",      15, 0,  5,  1, 0, REG, 1, SR_AFSR0_EL1,     LO,  A32F_TVM)
    R("AIFSR",      15, 0,  5,  1, 1, REG, 1, SR_AFSR1_EL1,     LO,  A32F_TVM)
    R("HADFSR",     15, 4,  5,  1, 0, REG, 2, SR_AFSR0_EL2,     LO,  0)
    R("HAIFSR",     15, 4,  5,  1, 1, REG, 2, SR_AFSR1_EL2,     LO,  0)
    R("HSR",        15, 4,  5,  2, 0, REG, 2, SR_ESR_EL2,       LO,  0)
    R("DFAR",       15, 0,  6,  0, 0, REG, 1, SR_FAR_EL1,       LO,  A32F_TVM)
    R("IFAR",       15, 0,  6,  0, 2, REG, 1, SR_FAR_EL1,       HI,  A32F_TVM)
    R("HDFAR",      15, 4,  6,  0, 0, REG, 2, SR_FAR_EL2,       LO,  0)
    R("HIFAR",      15, 4,  6,  0, 2, REG, 2, SR_FAR_EL2,       HI,  0)
    R("HPFAR",      15, 4,  6,  0, 4, REG, 2, SR_HPFAR_EL2,     LO,  0)
    /* ---- GIC CPU interface (c4, c12; IHI 0069 "AArch32 System register descriptions") ---- */
    R("ICC_PMR",    15, 0,  4,  6, 0, REG, 1, SR_ICC_PMR_EL1,   LO,  0)
    /* ---- cache maintenance, CP15 barriers, PAR, address translation (c7) ---- */
    R("ICIALLUIS",  15, 0,  7,  1, 0, CACHE, 1, NONE,           LO,  WO|A32F_TPU)
    R("BPIALLIS",   15, 0,  7,  1, 6, CACHE, 1, NONE,           LO,  WO)
    R("PAR",        15, 0,  7,  4, 0, REG, 1, SR_PAR_EL1,       LO,  0)
    R("ICIALLU",    15, 0,  7,  5, 0, CACHE, 1, NONE,           LO,  WO|A32F_TPU)
    R("ICIMVAU",    15, 0,  7,  5, 1, CACHE, 1, NONE,           LO,  WO|A32F_TPU)
    R("CP15ISB",    15, 0,  7,  5, 4, CACHE, 0, NONE,           LO,  WO|A32F_CP15B)
    R("BPIALL",     15, 0,  7,  5, 6, CACHE, 1, NONE,           LO,  WO)
    R("BPIMVA",     15, 0,  7,  5, 7, CACHE, 1, NONE,           LO,  WO)
    R("DCIMVAC",    15, 0,  7,  6, 1, CACHE, 1, NONE,           LO,  WO|A32F_TPC)
    R("DCISW",      15, 0,  7,  6, 2, CACHE, 1, NONE,           LO,  WO|A32F_TSW)
    R("ATS1CPR",    15, 0,  7,  8, 0, AT,    1, NONE,           LO,  WO)
    R("ATS1CPW",    15, 0,  7,  8, 1, AT,    1, NONE,           LO,  WO)
    R("ATS1CUR",    15, 0,  7,  8, 2, AT,    1, NONE,           LO,  WO)
    R("ATS1CUW",    15, 0,  7,  8, 3, AT,    1, NONE,           LO,  WO)
    R("ATS12NSOPR", 15, 0,  7,  8, 4, AT,    2, NONE,           LO,  WO)
    R("ATS12NSOPW", 15, 0,  7,  8, 5, AT,    2, NONE,           LO,  WO)
    R("ATS12NSOUR", 15, 0,  7,  8, 6, AT,    2, NONE,           LO,  WO)
    R("ATS12NSOUW", 15, 0,  7,  8, 7, AT,    2, NONE,           LO,  WO)
    R("ATS1HR",     15, 4,  7,  8, 0, AT,    2, NONE,           LO,  WO)
    R("ATS1HW",     15, 4,  7,  8, 1, AT,    2, NONE,           LO,  WO)
    R("DCCMVAC",    15, 0,  7, 10, 1, CACHE, 1, NONE,           LO,  WO|A32F_TPC)
    R("DCCSW",      15, 0,  7, 10, 2, CACHE, 1, NONE,           LO,  WO|A32F_TSW)
    R("CP15DSB",    15, 0,  7, 10, 4, CACHE, 0, NONE,           LO,  WO|A32F_CP15B)
    R("CP15DMB",    15, 0,  7, 10, 5, CACHE, 0, NONE,           LO,  WO|A32F_CP15B)
    R("DCCMVAU",    15, 0,  7, 11, 1, CACHE, 1, NONE,           LO,  WO|A32F_TPU)
    R("DCCIMVAC",   15, 0,  7, 14, 1, CACHE, 1, NONE,           LO,  WO|A32F_TPC)
    R("DCCISW",     15, 0,  7, 14, 2, CACHE, 1, NONE,           LO,  WO|A32F_TSW)
    /* ---- TLB maintenance (c8): PL1 ones trapped by TTLB; Hyp ones PL2 ---- */
    R("TLBIALLIS",  15, 0,  8,  3, 0, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("TLBIMVAIS",  15, 0,  8,  3, 1, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("TLBIASIDIS", 15, 0,  8,  3, 2, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("TLBIMVAAIS", 15, 0,  8,  3, 3, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("TLBIMVALIS", 15, 0,  8,  3, 5, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("TLBIMVAALIS", 15, 0, 8,  3, 7, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("ITLBIALL",   15, 0,  8,  5, 0, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("ITLBIMVA",   15, 0,  8,  5, 1, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("ITLBIASID",  15, 0,  8,  5, 2, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("DTLBIALL",   15, 0,  8,  6, 0, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("DTLBIMVA",   15, 0,  8,  6, 1, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("DTLBIASID",  15, 0,  8,  6, 2, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("TLBIALL",    15, 0,  8,  7, 0, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("TLBIMVA",    15, 0,  8,  7, 1, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("TLBIASID",   15, 0,  8,  7, 2, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("TLBIMVAA",   15, 0,  8,  7, 3, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("TLBIMVAL",   15, 0,  8,  7, 5, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("TLBIMVAAL",  15, 0,  8,  7, 7, TLBI, 1, NONE,            LO,  WO|A32F_TTLB)
    R("TLBIIPAS2IS", 15, 4, 8,  0, 1, TLBI, 2, NONE,            LO,  WO)
    R("TLBIIPAS2LIS", 15, 4, 8, 0, 5, TLBI, 2, NONE,            LO,  WO)
    R("TLBIALLHIS", 15, 4,  8,  3, 0, TLBI, 2, NONE,            LO,  WO)
    R("TLBIMVAHIS", 15, 4,  8,  3, 1, TLBI, 2, NONE,            LO,  WO)
    R("TLBIALLNSNHIS", 15, 4, 8, 3, 4, TLBI, 2, NONE,           LO,  WO)
    R("TLBIMVALHIS", 15, 4, 8,  3, 5, TLBI, 2, NONE,            LO,  WO)
    R("TLBIIPAS2",  15, 4,  8,  4, 1, TLBI, 2, NONE,            LO,  WO)
    R("TLBIIPAS2L", 15, 4,  8,  4, 5, TLBI, 2, NONE,            LO,  WO)
    R("TLBIALLH",   15, 4,  8,  7, 0, TLBI, 2, NONE,            LO,  WO)
    R("TLBIMVAH",   15, 4,  8,  7, 1, TLBI, 2, NONE,            LO,  WO)
    R("TLBIALLNSNH", 15, 4, 8,  7, 4, TLBI, 2, NONE,            LO,  WO)
    R("TLBIMVALH",  15, 4,  8,  7, 5, TLBI, 2, NONE,            LO,  WO)
    /* ---- performance monitors (c9): el2sim has no PMUSERENR, so PL0 access (which
     * PMUSERENR.EN allows) is not given ---- */
    R("PMCR",       15, 0,  9, 12, 0, REG, 1, SR_PMCR_EL0,      LO,  0)
    R("PMCCNTR",    15, 0,  9, 13, 0, REG, 1, SR_PMCCNTR_EL0,   LO,  0)
    /* ---- memory attributes (c10): PRRR/NMRR with TTBCR.EAE == 0 are the same
     * encodings as MAIR0/MAIR1, both mapped on MAIR_EL1 ---- */
    R("MAIR0",      15, 0, 10,  2, 0, REG, 1, SR_MAIR_EL1,      LO,  A32F_TVM)
    R("MAIR1",      15, 0, 10,  2, 1, REG, 1, SR_MAIR_EL1,      HI,  A32F_TVM)
    R("AMAIR0",     15, 0, 10,  3, 0, REG, 1, SR_AMAIR_EL1,     LO,  A32F_TVM)
    R("AMAIR1",     15, 0, 10,  3, 1, REG, 1, SR_AMAIR_EL1,     HI,  A32F_TVM)
    R("HMAIR0",     15, 4, 10,  2, 0, REG, 2, SR_MAIR_EL2,      LO,  0)
    R("HMAIR1",     15, 4, 10,  2, 1, REG, 2, SR_MAIR_EL2,      HI,  0)
    R("HAMAIR0",    15, 4, 10,  3, 0, REG, 2, SR_AMAIR_EL2,     LO,  0)
    R("HAMAIR1",    15, 4, 10,  3, 1, REG, 2, SR_AMAIR_EL2,     HI,  0)
    /* ---- vectors, interrupt status, GIC (c12) ---- */
    R("VBAR",       15, 0, 12,  0, 0, REG, 1, SR_VBAR_EL1,      LO,  0)
    R("ISR",        15, 0, 12,  1, 0, REG, 1, SR_ISR_EL1,       LO,  RO)
    R("ICC_DIR",    15, 0, 12, 11, 1, REG, 1, SR_ICC_DIR_EL1,   LO,  WO)
    R("ICC_RPR",    15, 0, 12, 11, 3, REG, 1, SR_ICC_RPR_EL1,   LO,  RO)
    R("ICC_IAR1",   15, 0, 12, 12, 0, REG, 1, SR_ICC_IAR1_EL1,  LO,  RO)
    R("ICC_EOIR1",  15, 0, 12, 12, 1, REG, 1, SR_ICC_EOIR1_EL1, LO,  WO)
    R("ICC_HPPIR1", 15, 0, 12, 12, 2, REG, 1, SR_ICC_HPPIR1_EL1, LO, RO)
    R("ICC_BPR1",   15, 0, 12, 12, 3, REG, 1, SR_ICC_BPR1_EL1,  LO,  0)
    R("ICC_CTLR",   15, 0, 12, 12, 4, REG, 1, SR_ICC_CTLR_EL1,  LO,  0)
    R("ICC_SRE",    15, 0, 12, 12, 5, REG, 1, SR_ICC_SRE_EL1,   LO,  0)
    R("ICC_IGRPEN1", 15, 0, 12, 12, 7, REG, 1, SR_ICC_IGRPEN1_EL1, LO, 0)
    R("HVBAR",      15, 4, 12,  0, 0, REG, 2, SR_VBAR_EL2,      LO,  0)
    R("ICH_AP0R0",  15, 4, 12,  8, 0, REG, 2, SR_ICH_AP0R0_EL2, LO,  0)
    R("ICH_AP1R0",  15, 4, 12,  9, 0, REG, 2, SR_ICH_AP1R0_EL2, LO,  0)
    R("ICC_HSRE",   15, 4, 12,  9, 5, REG, 2, SR_ICC_SRE_EL2,   LO,  0)
    R("ICH_HCR",    15, 4, 12, 11, 0, REG, 2, SR_ICH_HCR_EL2,   LO,  0)
    R("ICH_VTR",    15, 4, 12, 11, 1, REG, 2, SR_ICH_VTR_EL2,   LO,  RO)
    R("ICH_MISR",   15, 4, 12, 11, 2, REG, 2, SR_ICH_MISR_EL2,  LO,  RO)
    R("ICH_EISR",   15, 4, 12, 11, 3, REG, 2, SR_ICH_EISR_EL2,  LO,  RO)
    R("ICH_ELRSR",  15, 4, 12, 11, 5, REG, 2, SR_ICH_ELRSR_EL2, LO,  RO)
    R("ICH_VMCR",   15, 4, 12, 11, 7, REG, 2, SR_ICH_VMCR_EL2,  LO,  0)
#define LR(n, m, o2) \
    R("ICH_LR" #n,  15, 4, 12, m, o2, REG, 2, SR_ICH_LR##n##_EL2, LO, 0) \
    R("ICH_LRC" #n, 15, 4, 12, m + 2, o2, REG, 2, SR_ICH_LR##n##_EL2, HI, 0)
    LR(0, 12, 0) LR(1, 12, 1) LR(2, 12, 2) LR(3, 12, 3) LR(4, 12, 4) LR(5, 12, 5) LR(6, 12, 6) LR(7, 12, 7)
    LR(8, 13, 0) LR(9, 13, 1) LR(10, 13, 2) LR(11, 13, 3) LR(12, 13, 4) LR(13, 13, 5) LR(14, 13, 6)
    LR(15, 13, 7)
#undef LR
    /* ---- process, context and thread ID (c13) ---- */
    R("CONTEXTIDR", 15, 0, 13,  0, 1, REG, 1, SR_CONTEXTIDR_EL1, LO, A32F_TVM)
    R("TPIDRURW",   15, 0, 13,  0, 2, REG, 0, SR_TPIDR_EL0,     LO,  0)
    R("TPIDRURO",   15, 0, 13,  0, 3, REG, 0, SR_TPIDRRO_EL0,   LO,  A32F_PL0RO)
    R("TPIDRPRW",   15, 0, 13,  0, 4, REG, 1, SR_TPIDR_EL1,     LO,  0)
    R("HTPIDR",     15, 4, 13,  0, 2, REG, 2, SR_TPIDR_EL2,     LO,  0)
    /* ---- generic timer (c14): PL0 access per CNTKCTL/CNTHCTL, as the AArch64 rows
     * check it ---- */
    R("CNTFRQ",     15, 0, 14,  0, 0, REG, 0, SR_CNTFRQ_EL0,    LO,  A32F_PL0RO|A32F_AA64)
    R("CNTKCTL",    15, 0, 14,  1, 0, REG, 1, SR_CNTKCTL_EL1,   LO,  0)
    R("CNTP_TVAL",  15, 0, 14,  2, 0, REG, 0, SR_CNTP_TVAL_EL0, LO,  A32F_AA64)
    R("CNTP_CTL",   15, 0, 14,  2, 1, REG, 0, SR_CNTP_CTL_EL0,  LO,  A32F_AA64)
    R("CNTV_TVAL",  15, 0, 14,  3, 0, REG, 0, SR_CNTV_TVAL_EL0, LO,  A32F_AA64)
    R("CNTV_CTL",   15, 0, 14,  3, 1, REG, 0, SR_CNTV_CTL_EL0,  LO,  A32F_AA64)
    R("CNTHCTL",    15, 4, 14,  1, 0, REG, 2, SR_CNTHCTL_EL2,   LO,  0)
    R("CNTHP_TVAL", 15, 4, 14,  2, 0, REG, 2, SR_CNTHP_TVAL_EL2, LO, 0)
    R("CNTHP_CTL",  15, 4, 14,  2, 1, REG, 2, SR_CNTHP_CTL_EL2, LO,  0)
    /* ---- CP14: debug (G8 "Debug registers"), trivial Jazelle (JIDR RAZ, trapped by
     * TID0; JOSCR, JMCR RAZ/WI at PL1) ---- */
    R("DBGDSCRext", 14, 0,  0,  2, 2, REG, 1, SR_MDSCR_EL1,     LO,  A32F_TDA)
    R("DBGOSLAR",   14, 0,  1,  0, 4, REG, 1, SR_OSLAR_EL1,     LO,  WO|A32F_TDOSA)
    R("DBGOSLSR",   14, 0,  1,  1, 4, REG, 1, SR_OSLSR_EL1,     LO,  RO|A32F_TDOSA)
    R("DBGOSDLR",   14, 0,  1,  3, 4, REG, 1, SR_OSDLR_EL1,     LO,  A32F_TDOSA)
    R("JIDR",       14, 7,  0,  0, 0, RAZ, 0, NONE,             LO,  RO|A32F_TID0)
    R("JOSCR",      14, 7,  1,  0, 0, RAZ, 1, NONE,             LO,  0)
    R("JMCR",       14, 7,  2,  0, 0, RAZ, 1, NONE,             LO,  0)
    /* ---- 64-bit registers (MCRR/MRRC) ---- */
    W("TTBR0_64",   15, 0,  2, REG, 1, SR_TTBR0_EL1,     ALL, A32F_TVM)
    W("TTBR1_64",   15, 1,  2, REG, 1, SR_TTBR1_EL1,     ALL, A32F_TVM)
    W("HTTBR",      15, 4,  2, REG, 2, SR_TTBR0_EL2,     ALL, 0)
    W("VTTBR",      15, 6,  2, REG, 2, SR_VTTBR_EL2,     ALL, 0)
    W("PAR_64",     15, 0,  7, REG, 1, SR_PAR_EL1,       ALL, 0)
    W("PMCCNTR_64", 15, 0,  9, REG, 1, SR_PMCCNTR_EL0,   ALL, 0)
    W("ICC_SGI1R",  15, 0, 12, REG, 1, SR_ICC_SGI1R_EL1, ALL, WO)
    W("CNTPCT",     15, 0, 14, REG, 0, SR_CNTPCT_EL0,    ALL, RO|A32F_AA64)
    W("CNTVCT",     15, 1, 14, REG, 0, SR_CNTVCT_EL0,    ALL, RO|A32F_AA64)
    W("CNTP_CVAL",  15, 2, 14, REG, 0, SR_CNTP_CVAL_EL0, ALL, A32F_AA64)
    W("CNTV_CVAL",  15, 3, 14, REG, 0, SR_CNTV_CVAL_EL0, ALL, A32F_AA64)
    W("CNTVOFF",    15, 4, 14, REG, 2, SR_CNTVOFF_EL2,   ALL, 0)
    W("CNTHP_CVAL", 15, 6, 14, REG, 2, SR_CNTHP_CVAL_EL2, ALL, 0)
};
const int sysreg_a32_count = G_N_ELEMENTS(sysreg_a32_table);

/* The table indexed by encoding, built once: an MCR/MRC encoding (cp 14/15, opc1, CRn, CRm,
 * opc2: 15 bits) and an MCRR/MRRC one (cp, opc1, CRm: 9 bits) give the row's index + 1, 0
 * for none (the first row of an encoding wins, as the linear search it replaces did). A
 * trapped or emulated MCR/MRC is looked up on every execution (a Hyp-mode handler's MRC of
 * HSR each time round). */
#define A32_KEY(cp, opc1, crn, crm, opc2) \
    (((cp) & 1u) << 14 | ((opc1) & 7u) << 11 | ((crn) & 15u) << 7 | ((crm) & 15u) << 3 | ((opc2) & 7u))
#define A32_KEY64(cp, opc1, crm) (((cp) & 1u) << 8 | ((opc1) & 15u) << 4 | ((crm) & 15u))
static uint16_t a32_index[1u << 15], a32_index64[1u << 9];

static void a32_index_build(void)
{
    static gsize done;
    if (!g_once_init_enter(&done))
        return;
    for (int i = sysreg_a32_count - 1; i >= 0; i--) {
        const sysreg_a32_def *d = &sysreg_a32_table[i];
        if (d->wide)
            a32_index64[A32_KEY64(d->cp, d->opc1, d->crm)] = (uint16_t)(i + 1);
        else
            a32_index[A32_KEY(d->cp, d->opc1, d->crn, d->crm, d->opc2)] = (uint16_t)(i + 1);
    }
    g_once_init_leave(&done, 1);
}

const sysreg_a32_def *sysreg_a32_find(unsigned cp, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2)
{
    if ((cp != 14 && cp != 15) || opc1 > 7 || crn > 15 || crm > 15 || opc2 > 7)
        return NULL;
    a32_index_build();
    unsigned i = a32_index[A32_KEY(cp, opc1, crn, crm, opc2)];
    return i ? &sysreg_a32_table[i - 1] : NULL;
}

const sysreg_a32_def *sysreg_a32_find64(unsigned cp, unsigned opc1, unsigned crm)
{
    if ((cp != 14 && cp != 15) || opc1 > 15 || crm > 15)
        return NULL;
    a32_index_build();
    unsigned i = a32_index64[A32_KEY64(cp, opc1, crm)];
    return i ? &sysreg_a32_table[i - 1] : NULL;
}

const sysreg_a32_def *sysreg_a32_find_name(const char *name)
{
    for (int i = 0; i < sysreg_a32_count; i++)
        if (g_ascii_strcasecmp(sysreg_a32_table[i].name, name) == 0)
            return &sysreg_a32_table[i];
    return NULL;
}

/* The AArch64 register an access reaches (MIDR_EL1 at EL1: VPIDR_EL2) */
static int reached(el2_cpu *c, const sysreg_a32_def *d)
{
    const sysreg_ops *o = sysreg_table[d->sr].ops;
    return o && o->resolve ? o->resolve(c, d->sr) : d->sr;
}

/* The AArch32 register's own RES1 bits where its AArch64 view's differ: HSCTLR (Arm ARM
 * G8 "HSCTLR": bits 29:28, 23:22, 18, 16, 11 and, without FEAT_LSMAOC, 4:3 are RES1),
 * whose view SCTLR_EL2 has no RES1 column (its bits 5:4 are RES1 in AArch64 and 3 is SA):
 * an MCR keeps them set and an MRC reads them as 1, also before the first write. */
static uint32_t a32_res1(const sysreg_a32_def *d)
{
    return d->sr == SR_SCTLR_EL2 && d->part == A32P_LO ? 0x30c50818u : 0;
}

uint64_t sysreg_a32_read(el2_cpu *c, const sysreg_a32_def *d)
{
    if (d->kind != A32K_REG || d->sr < 0)
        return 0;
    uint64_t v = sysreg_mrs(c, reached(c, d));
    switch (d->part) {
    case A32P_LO: return (v & 0xffffffffu) | a32_res1(d);
    case A32P_HI: return v >> 32;
    default:      return v;
    }
}

void sysreg_a32_write(el2_cpu *c, const sysreg_a32_def *d, uint64_t v, uint64_t pc, uint32_t insn)
{
    if (d->kind != A32K_REG || d->sr < 0)
        return;
    int idx = reached(c, d);
    uint64_t old = d->part == A32P_ALL ? 0 : sysreg_read(c, idx);
    switch (d->part) {
    case A32P_LO: v = (old & ~0xffffffffULL) | (v & 0xffffffffu) | a32_res1(d); break;
    case A32P_HI: v = (old & 0xffffffffULL) | v << 32; break;
    default: break;
    }
    sysreg_write(c, idx, v, pc, insn);
}
