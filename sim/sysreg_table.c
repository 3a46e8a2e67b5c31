/* sysreg_table.c - every system register el2sim models, one row each.
 * Encodings: Arm ARM (DDI 0487) D19/D23 "AArch64 System Register Descriptions",
 * Table "Instruction encodings for non-Debug System register accesses".
 * Columns: name, op0 op1 CRn CRm op2, kind, lowest EL, flags, reset, RES0, RES1,
 * E2H view (the *_EL1 name that reaches this EL2 register when HCR_EL2.E2H=1),
 * alias target (*_EL12). CPU models (models/cpu) supply ID values and may
 * override reset values and RES0 masks per CPU. */
#include "sysreg.h"
#include <stddef.h>

#define R(name, o0, o1, n, m, o2, kind, el, fl, rst, r0, r1, e2h, tgt) \
    { name, o0, o1, n, m, o2, kind, el, fl, rst, r0, r1, e2h, tgt }
#define P SR_PLAIN
#define I SR_ID
#define A SR_EL12
#define S SR_SPECIAL
#define N SR_NATIVE
#define T SRF_TRACE
#define V SRF_TVM
#define U SRF_UNKNOWN
#define Z SRF_SERIAL


const sysreg_def sysreg_table[] = {
/* ---- identification (read-only; values per CPU model) ---- */
R("MIDR_EL1",         3,0, 0, 0,0, I,1, SRF_RO,             0, 0, 0, NULL, NULL),
R("MPIDR_EL1",        3,0, 0, 0,5, I,1, SRF_RO,             0, 0, 0, NULL, NULL),
R("REVIDR_EL1",       3,0, 0, 0,6, I,1, SRF_RO|SRF_TID1,    0, 0, 0, NULL, NULL),
R("ID_AA64PFR0_EL1",  3,0, 0, 4,0, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL),
R("ID_AA64PFR1_EL1",  3,0, 0, 4,1, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL),
R("ID_AA64ZFR0_EL1",  3,0, 0, 4,4, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL),
R("ID_AA64DFR0_EL1",  3,0, 0, 5,0, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL),
R("ID_AA64DFR1_EL1",  3,0, 0, 5,1, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL),
R("ID_AA64AFR0_EL1",  3,0, 0, 5,4, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL),
R("ID_AA64AFR1_EL1",  3,0, 0, 5,5, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL),
R("ID_AA64ISAR0_EL1", 3,0, 0, 6,0, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL),
R("ID_AA64ISAR1_EL1", 3,0, 0, 6,1, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL),
R("ID_AA64MMFR0_EL1", 3,0, 0, 7,0, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL),
R("ID_AA64MMFR1_EL1", 3,0, 0, 7,1, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL),
R("ID_AA64MMFR2_EL1", 3,0, 0, 7,2, I,1, SRF_RO|SRF_TID3,    0, 0, 0, NULL, NULL),
R("CCSIDR_EL1",       3,1, 0, 0,0, I,1, SRF_RO,             0, 0, 0, NULL, NULL),
R("CLIDR_EL1",        3,1, 0, 0,1, I,1, SRF_RO,             0, 0, 0, NULL, NULL),
R("AIDR_EL1",         3,1, 0, 0,7, I,1, SRF_RO|SRF_TID1,    0, 0, 0, NULL, NULL),
R("CSSELR_EL1",       3,2, 0, 0,0, P,1, 0,                  0, ~0xfULL, 0, NULL, NULL),
R("CTR_EL0",          3,3, 0, 0,1, I,1, SRF_RO,             0, 0, 0, NULL, NULL),
R("DCZID_EL0",        3,3, 0, 0,7, I,0, SRF_RO,             0, 0, 0, NULL, NULL),
R("PMCR_EL0",         3,3, 9,12,0, P,1, 0,                  0, 0, 0, NULL, NULL),
/* ---- EL1 ---- */
R("SCTLR_EL1",        3,0, 1, 0,0, P,1, V|Z|T,     0x30d00800, 0, 0, NULL, NULL),
R("ACTLR_EL1",        3,0, 1, 0,1, P,1, 0,                  0, 0, 0, NULL, NULL),
R("CPACR_EL1",        3,0, 1, 0,2, P,1, Z|T,                0, 0, 0, NULL, NULL),
R("TTBR0_EL1",        3,0, 2, 0,0, P,1, V|U|T,              0, 0, 0, NULL, NULL),
R("TTBR1_EL1",        3,0, 2, 0,1, P,1, V|U|T,              0, 0, 0, NULL, NULL),
R("TCR_EL1",          3,0, 2, 0,2, P,1, V|U|T,              0, 0, 0, NULL, NULL),
R("SPSR_EL1",         3,0, 4, 0,0, P,1, U,                  0, 0, 0, NULL, NULL),
R("ELR_EL1",          3,0, 4, 0,1, P,1, U,                  0, 0, 0, NULL, NULL),
R("SP_EL0",           3,0, 4, 1,0, S,1, SRF_SPSEL1,         0, 0, 0, NULL, NULL),
R("SPSel",            3,0, 4, 2,0, N,1, 0,                  0, 0, 0, NULL, NULL),
R("CurrentEL",        3,0, 4, 2,2, S,1, SRF_RO,             0, 0, 0, NULL, NULL),
R("AFSR0_EL1",        3,0, 5, 1,0, P,1, V|T,                0, 0, 0, NULL, NULL),
R("AFSR1_EL1",        3,0, 5, 1,1, P,1, V|T,                0, 0, 0, NULL, NULL),
R("ESR_EL1",          3,0, 5, 2,0, P,1, V|U|T,              0, 0xffffffe000000000ULL, 0, NULL, NULL),
R("FAR_EL1",          3,0, 6, 0,0, P,1, V|U|T,              0, 0, 0, NULL, NULL),
R("PAR_EL1",          3,0, 7, 4,0, P,1, 0,                  0, 0, 0, NULL, NULL),
R("MAIR_EL1",         3,0,10, 2,0, P,1, V|U|T,              0, 0, 0, NULL, NULL),
R("AMAIR_EL1",        3,0,10, 3,0, P,1, V|T,                0, 0, 0, NULL, NULL),
R("VBAR_EL1",         3,0,12, 0,0, P,1, U|T|Z,              0, 0x7ff, 0, NULL, NULL),
R("ISR_EL1",          3,0,12, 1,0, S,1, SRF_RO,             0, 0, 0, NULL, NULL),
R("ICC_SRE_EL1",      3,0,12,12,5, P,1, 0,                  0, ~0x7ULL, 0, NULL, NULL),
R("CONTEXTIDR_EL1",   3,0,13, 0,1, P,1, V|T,                0, 0xffffffff00000000ULL, 0, NULL, NULL),
R("TPIDR_EL1",        3,0,13, 0,4, P,1, U|T,                0, 0, 0, NULL, NULL),
R("CNTKCTL_EL1",      3,0,14, 1,0, P,1, T,                  0, 0, 0, NULL, NULL),
R("MDSCR_EL1",        2,0, 0, 2,2, P,1, 0,                  0, 0, 0, NULL, NULL),
R("OSLAR_EL1",        2,0, 1, 0,4, P,1, SRF_WO,             0, 0, 0, NULL, NULL),
R("OSLSR_EL1",        2,0, 1, 1,4, P,1, SRF_RO,           0xa, 0, 0, NULL, NULL),
R("OSDLR_EL1",        2,0, 1, 3,4, P,1, 0,                  0, 0, 0, NULL, NULL),
R("SP_EL1",           3,4, 4, 1,0, S,2, 0,                  0, 0, 0, NULL, NULL),
/* ---- EL0-visible state kept in the real CPU ---- */
R("NZCV",             3,3, 4, 2,0, N,0, 0,                  0, 0, 0, NULL, NULL),
R("DAIF",             3,3, 4, 2,1, N,0, 0,                  0, 0, 0, NULL, NULL),
R("FPCR",             3,3, 4, 4,0, N,0, 0,                  0, 0, 0, NULL, NULL),
R("FPSR",             3,3, 4, 4,1, N,0, 0,                  0, 0, 0, NULL, NULL),
R("TPIDR_EL0",        3,3,13, 0,2, N,0, 0,                  0, 0, 0, NULL, NULL),
R("TPIDRRO_EL0",      3,3,13, 0,3, N,0, 0,                  0, 0, 0, NULL, NULL),
/* ---- generic timer and cycle counter: read the modelled clock ---- */
R("CNTFRQ_EL0",       3,3,14, 0,0, P,0, 0,           62500000, 0xffffffff00000000ULL, 0, NULL, NULL),
R("CNTPCT_EL0",       3,3,14, 0,1, S,0, SRF_RO,             0, 0, 0, NULL, NULL),
R("CNTVCT_EL0",       3,3,14, 0,2, S,0, SRF_RO,             0, 0, 0, NULL, NULL),
R("CNTP_CTL_EL0",     3,3,14, 2,1, P,0, 0,                  0, ~0x7ULL, 0, NULL, NULL),
R("CNTP_CVAL_EL0",    3,3,14, 2,2, P,0, 0,                  0, 0, 0, NULL, NULL),
R("CNTV_CTL_EL0",     3,3,14, 3,1, P,0, 0,                  0, ~0x7ULL, 0, NULL, NULL),
R("CNTV_CVAL_EL0",    3,3,14, 3,2, P,0, 0,                  0, 0, 0, NULL, NULL),
R("PMCCNTR_EL0",      3,3, 9,13,0, S,1, 0,                  0, 0, 0, NULL, NULL),
/* ---- EL2 ---- */
R("VPIDR_EL2",        3,4, 0, 0,0, P,2, U|T,                0, 0xffffffff00000000ULL, 0, NULL, NULL),
R("VMPIDR_EL2",       3,4, 0, 0,5, P,2, U|T,                0, 0, 0, NULL, NULL),
R("SCTLR_EL2",        3,4, 1, 0,0, P,2, T|Z,       0x30c50830, 0, 0, "SCTLR_EL1", NULL),
R("ACTLR_EL2",        3,4, 1, 0,1, P,2, U|T,                0, 0, 0, NULL, NULL),
R("HCR_EL2",          3,4, 1, 1,0, P,2, U|T|Z,              0, 0, 0, NULL, NULL),
R("MDCR_EL2",         3,4, 1, 1,1, P,2, U|T,                0, 0, 0, NULL, NULL),
R("CPTR_EL2",         3,4, 1, 1,2, P,2, T|Z,           0x33ff, 0, 0, "CPACR_EL1", NULL),
R("HSTR_EL2",         3,4, 1, 1,3, P,2, U|T,                0, 0xffffffffffff0000ULL, 0, NULL, NULL),
R("HACR_EL2",         3,4, 1, 1,7, P,2, U|T,                0, 0, 0, NULL, NULL),
R("TTBR0_EL2",        3,4, 2, 0,0, P,2, U|T,              0, 0, 0, "TTBR0_EL1", NULL),
R("TTBR1_EL2",        3,4, 2, 0,1, P,2, U|T,              0, 0, 0, "TTBR1_EL1", NULL),
R("TCR_EL2",          3,4, 2, 0,2, P,2, U|T,              0, 0, 0, "TCR_EL1", NULL),
R("VTTBR_EL2",        3,4, 2, 1,0, P,2, U|T,              0, 0, 0, NULL, NULL),
R("VTCR_EL2",         3,4, 2, 1,2, P,2, U|T,              0, 0, 0, NULL, NULL),
R("SPSR_EL2",         3,4, 4, 0,0, P,2, U,                  0, 0, 0, "SPSR_EL1", NULL),
R("ELR_EL2",          3,4, 4, 0,1, P,2, U,                  0, 0, 0, "ELR_EL1", NULL),
R("AFSR0_EL2",        3,4, 5, 1,0, P,2, U|T,                0, 0, 0, "AFSR0_EL1", NULL),
R("AFSR1_EL2",        3,4, 5, 1,1, P,2, U|T,                0, 0, 0, "AFSR1_EL1", NULL),
R("ESR_EL2",          3,4, 5, 2,0, P,2, U|T,              0, 0xffffffe000000000ULL, 0, "ESR_EL1", NULL),
R("FAR_EL2",          3,4, 6, 0,0, P,2, U|T,              0, 0, 0, "FAR_EL1", NULL),
R("HPFAR_EL2",        3,4, 6, 0,4, P,2, U|T,              0, 0, 0, NULL, NULL),
R("MAIR_EL2",         3,4,10, 2,0, P,2, U|T,              0, 0, 0, "MAIR_EL1", NULL),
R("AMAIR_EL2",        3,4,10, 3,0, P,2, U|T,                0, 0, 0, "AMAIR_EL1", NULL),
R("VBAR_EL2",         3,4,12, 0,0, P,2, U|T|Z,            0, 0x7ff, 0, "VBAR_EL1", NULL),
R("ICC_SRE_EL2",      3,4,12, 9,5, P,2, T,                  0, ~0xfULL, 0, NULL, NULL),
R("ICH_HCR_EL2",      3,4,12,11,0, P,2, T,                  0, 0, 0, NULL, NULL),
R("ICH_VTR_EL2",      3,4,12,11,1, I,2, SRF_RO,             0, 0, 0, NULL, NULL),
R("CONTEXTIDR_EL2",   3,4,13, 0,1, P,2, U|T,                0, 0xffffffff00000000ULL, 0, "CONTEXTIDR_EL1", NULL),
R("TPIDR_EL2",        3,4,13, 0,2, P,2, U|T,              0, 0, 0, NULL, NULL),
R("CNTVOFF_EL2",      3,4,14, 0,3, P,2, U|T,              0, 0, 0, NULL, NULL),
R("CNTHCTL_EL2",      3,4,14, 1,0, P,2, U|T,                0, 0, 0, "CNTKCTL_EL1", NULL),
R("CNTHP_CTL_EL2",    3,4,14, 2,1, P,2, T,                  0, ~0x7ULL, 0, NULL, NULL),
R("CNTHP_CVAL_EL2",   3,4,14, 2,2, P,2, U|T,                0, 0, 0, NULL, NULL),
R("SP_EL2",           3,6, 4, 1,0, S,3, 0,                  0, 0, 0, NULL, NULL),
/* ---- *_EL12 / *_EL02 aliases (FEAT_VHE) ---- */
R("SCTLR_EL12",       3,5, 1, 0,0, A,2, 0, 0, 0, 0, NULL, "SCTLR_EL1"),
R("CPACR_EL12",       3,5, 1, 0,2, A,2, 0, 0, 0, 0, NULL, "CPACR_EL1"),
R("TTBR0_EL12",       3,5, 2, 0,0, A,2, 0, 0, 0, 0, NULL, "TTBR0_EL1"),
R("TTBR1_EL12",       3,5, 2, 0,1, A,2, 0, 0, 0, 0, NULL, "TTBR1_EL1"),
R("TCR_EL12",         3,5, 2, 0,2, A,2, 0, 0, 0, 0, NULL, "TCR_EL1"),
R("SPSR_EL12",        3,5, 4, 0,0, A,2, 0, 0, 0, 0, NULL, "SPSR_EL1"),
R("ELR_EL12",         3,5, 4, 0,1, A,2, 0, 0, 0, 0, NULL, "ELR_EL1"),
R("AFSR0_EL12",       3,5, 5, 1,0, A,2, 0, 0, 0, 0, NULL, "AFSR0_EL1"),
R("AFSR1_EL12",       3,5, 5, 1,1, A,2, 0, 0, 0, 0, NULL, "AFSR1_EL1"),
R("ESR_EL12",         3,5, 5, 2,0, A,2, 0, 0, 0, 0, NULL, "ESR_EL1"),
R("FAR_EL12",         3,5, 6, 0,0, A,2, 0, 0, 0, 0, NULL, "FAR_EL1"),
R("MAIR_EL12",        3,5,10, 2,0, A,2, 0, 0, 0, 0, NULL, "MAIR_EL1"),
R("AMAIR_EL12",       3,5,10, 3,0, A,2, 0, 0, 0, 0, NULL, "AMAIR_EL1"),
R("VBAR_EL12",        3,5,12, 0,0, A,2, 0, 0, 0, 0, NULL, "VBAR_EL1"),
R("CONTEXTIDR_EL12",  3,5,13, 0,1, A,2, 0, 0, 0, 0, NULL, "CONTEXTIDR_EL1"),
R("CNTKCTL_EL12",     3,5,14, 1,0, A,2, 0, 0, 0, 0, NULL, "CNTKCTL_EL1"),
R("CNTP_CTL_EL02",    3,5,14, 2,1, A,2, 0, 0, 0, 0, NULL, "CNTP_CTL_EL0"),
R("CNTP_CVAL_EL02",   3,5,14, 2,2, A,2, 0, 0, 0, 0, NULL, "CNTP_CVAL_EL0"),
R("CNTV_CTL_EL02",    3,5,14, 3,1, A,2, 0, 0, 0, 0, NULL, "CNTV_CTL_EL0"),
R("CNTV_CVAL_EL02",   3,5,14, 3,2, A,2, 0, 0, 0, 0, NULL, "CNTV_CVAL_EL0"),
/* ---- EL3: only its effects are visible to EL2 code; accesses from EL2 UNDEF ---- */
R("SCR_EL3",          3,6, 1, 1,0, P,3, 0, SCR_NS|SCR_HCE|SCR_RW|0x30, 0, 0, NULL, NULL),
};
const int sysreg_count = sizeof(sysreg_table) / sizeof(sysreg_table[0]);
