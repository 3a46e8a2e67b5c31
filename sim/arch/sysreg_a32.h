/* sysreg_a32.h - the AArch32 view of the system registers (issue 21): one row per CP15 /
 * CP14 encoding an AArch32 EL0/EL1 (or Hyp mode) reaches by MCR/MRC (coproc, opc1, CRn,
 * CRm, opc2) or MCRR/MRRC (coproc, opc1, CRm), naming the AArch64 register it is
 * architecturally mapped to (Arm ARM DDI 0487, G8 "AArch32 System Register
 * Descriptions": each register's "Architectural mapping" — e.g. "AArch32 System register
 * DFAR[31:0] is architecturally mapped to AArch64 System register FAR_EL1[31:0]") and
 * which of its bits. Rows are data (sysreg_a32.c); the access checks and traps that use
 * them are in aarch32.c. */
#ifndef EL2_SYSREG_A32_H
#define EL2_SYSREG_A32_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"

typedef enum {
    A32P_LO,      /* bits [31:0] of the AArch64 register */
    A32P_HI,      /* bits [63:32] */
    A32P_ALL,     /* the whole 64 bits (MCRR/MRRC), or a 32-bit register on all of a
                     32-bit AArch64 one */
} a32_part;

typedef enum {
    A32K_REG,     /* a register mapped on the AArch64 row sr */
    A32K_RAZ,     /* RAZ/WI (the trivial Jazelle registers) */
    A32K_CACHE,   /* cache, branch predictor maintenance, CP15 barriers: no effect */
    A32K_TLBI,    /* TLB maintenance: drops el2sim's TLB (as an AArch64 TLBI) */
    A32K_AT,      /* address translation (ATS*): AArch32.AT (a32_at.c) */
} a32_kind;

enum {
    A32F_RO    = 1 << 0,   /* MCR is UNDEFINED */
    A32F_WO    = 1 << 1,   /* MRC is UNDEFINED */
    A32F_PL0RO = 1 << 2,   /* PL0 may read only (TPIDRURO, CNTFRQ) */
    A32F_TID0  = 1 << 3,   /* HCR_EL2.TID0 traps EL0/EL1 reads (JIDR) */
    A32F_TID1  = 1 << 4,   /* HCR_EL2.TID1 traps EL1 reads */
    A32F_TID2  = 1 << 5,   /* HCR_EL2.TID2 traps EL0/EL1 accesses (CTR at EL0 too) */
    A32F_TID3  = 1 << 6,   /* HCR_EL2.TID3 traps EL1 reads */
    A32F_TVM   = 1 << 7,   /* HCR_EL2.TVM traps EL1 writes, TRVM EL1 reads */
    A32F_TACR  = 1 << 8,   /* HCR_EL2.TACR traps EL1 accesses (ACTLR, ACTLR2) */
    A32F_TSW   = 1 << 9,   /* HCR_EL2.TSW: set/way cache maintenance */
    A32F_TPC   = 1 << 10,  /* HCR_EL2.TPCP: to the Point of Coherency */
    A32F_TPU   = 1 << 11,  /* HCR_EL2.TPU: to the Point of Unification */
    A32F_TTLB  = 1 << 12,  /* HCR_EL2.TTLB: TLB maintenance */
    A32F_CP15B = 1 << 13,  /* a CP15 barrier: at PL0 only with SCTLR.CP15BEN */
    A32F_AA64  = 1 << 14,  /* PL0/PL1 access also goes through the AArch64 row's own
                              check (sysreg_check: CNTKCTL/CNTHCTL for the timers) */
    A32F_TDOSA = 1 << 15,  /* MDCR_EL2.TDOSA (or TDE) traps EL0/EL1 accesses (OS lock) */
    A32F_TDA   = 1 << 16,  /* MDCR_EL2.TDA (or TDE) traps EL0/EL1 accesses (debug) */
};

typedef struct sysreg_a32_def {
    const char *name;          /* the Arm ARM's AArch32 name */
    uint8_t cp;                /* 14 or 15 */
    uint8_t opc1, crn, crm, opc2;
    bool wide;                 /* MCRR/MRRC (crn, opc2 0) */
    uint8_t kind;              /* a32_kind */
    uint8_t pl;                /* lowest PL that may access it (0, 1, 2 = Hyp) */
    uint8_t part;              /* a32_part */
    int16_t sr;                /* SR_<NAME> it maps to, or -1 */
    uint32_t flags;            /* A32F_* */
} sysreg_a32_def;

extern const sysreg_a32_def sysreg_a32_table[];
extern const int sysreg_a32_count;

/* The row of an MCR/MRC encoding, or NULL when el2sim does not model it */
const sysreg_a32_def *sysreg_a32_find(unsigned cp, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2);
/* The row of an MCRR/MRRC encoding, or NULL */
const sysreg_a32_def *sysreg_a32_find64(unsigned cp, unsigned opc1, unsigned crm);
/* The row of an AArch32 name (case-insensitive; "TTBR0" is the 32-bit one, "TTBR0_64"
 * the MCRR one), or NULL */
const sysreg_a32_def *sysreg_a32_find_name(const char *name);

/* The AArch32 register's value: its part of the AArch64 register (sysreg_read; MIDR at
 * EL1 reads VPIDR_EL2 as the AArch64 row resolves it), 0 for RAZ and operations */
uint64_t sysreg_a32_read(el2_cpu *c, const sysreg_a32_def *d);
/* Writes v into its part of the AArch64 register (the rest kept) through sysreg_write,
 * with that write's effects (translation, interrupts, events; pc/insn the writer) */
void sysreg_a32_write(el2_cpu *c, const sysreg_a32_def *d, uint64_t v, uint64_t pc, uint32_t insn);
#endif
