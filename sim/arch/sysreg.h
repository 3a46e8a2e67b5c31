/* sysreg.h - the system-register model: one table row per register (sysreg_list.h) with
 * its encoding, reset value, write mask, lowest EL, kind and behaviour. Aliases (*_EL12)
 * and E2H-redirected views are their own kinds, resolved in one place (sysreg_check),
 * never special-cased elsewhere; a register with side effects (the clock, the SPs, the
 * PSTATE fields) carries them in its row's sysreg_ops. */
#ifndef EL2_SYSREG_H
#define EL2_SYSREG_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"

typedef enum {
    SRK_PLAIN,    /* storage in the CPU; read returns it, write masks and stores */
    SRK_ID,       /* read-only; value from the CPU model (models/cpu/NAME.cpu) */
    SRK_EL12,     /* *_EL12 / *_EL02 alias: at EL2 with HCR_EL2.E2H=1 reaches the EL1/EL0
                     register `target`; UNDEF otherwise */
    SRK_SPECIAL,  /* value lives in PSTATE, a banked SP or the modelled clock (its ops) */
    SRK_NATIVE,   /* EL0-visible state the engine keeps in the real CPU (NZCV, DAIF,
                     FPCR, FPSR, TPIDR_EL0, ...): the instruction runs natively */
} sysreg_kind;

enum {
    SRF_RO      = 1 << 0,  /* writes UNDEF */
    SRF_WO      = 1 << 1,  /* reads UNDEF */
    SRF_TRACE   = 1 << 2,  /* writes are trace events (all EL2 registers, EL1 VM regs) */
    SRF_TVM     = 1 << 3,  /* HCR_EL2.TVM traps EL1 writes, TRVM traps EL1 reads */
    SRF_TID3    = 1 << 4,  /* HCR_EL2.TID3 traps EL1 reads */
    SRF_UNKNOWN = 1 << 5,  /* architecturally UNKNOWN at reset (--unknown-reset) */
    SRF_SERIAL  = 1 << 6,  /* context-synchronising / serialising write (timing) */
    SRF_SPSEL1  = 1 << 7,  /* SP_EL0: accessible only with PSTATE.SP == 1 */
    SRF_TID1    = 1 << 8,  /* HCR_EL2.TID1 traps EL1 reads (REVIDR, AIDR) */
    SRF_TID2    = 1 << 9,  /* HCR_EL2.TID2 traps EL1 accesses (CTR, CCSIDR, CLIDR, CSSELR) */
    SRF_TACR    = 1 << 10, /* HCR_EL2.TACR traps EL1 accesses (ACTLR_EL1) */
    SRF_VHE     = 1 << 11, /* exists only with FEAT_VHE (UNDEFINED on other CPUs) */
};

typedef enum {
    SRA_OK,        /* access proceeds on register *resolved */
    SRA_UNDEF,     /* UNDEFINED at this EL / state */
    SRA_TRAP_EL2,  /* trapped to EL2 (EC 0x18) */
    SRA_TRAP,      /* trapped to the EL synchronous exceptions are routed to (EC 0x18) */
    SRA_NATIVE,    /* let the real CPU execute it */
} sysreg_access;

/* A register's behaviour beyond storage (NULL members: the generic behaviour). */
typedef struct sysreg_ops {
    /* after the generic checks passed at the current EL: SRA_OK, or what happens instead */
    sysreg_access (*access)(el2_cpu *c, int idx, bool is_read);
    /* side-effect-free read */
    uint64_t (*read)(el2_cpu *c, int idx);
    /* the write of v (RES0/RES1 applied) with its side effects, instead of storing it */
    void (*write)(el2_cpu *c, int idx, uint64_t v);
    /* the register an access at the current EL reaches instead of this one (MIDR_EL1 at
     * EL1 reads VPIDR_EL2), or idx */
    int (*resolve)(el2_cpu *c, int idx);
    /* a read by MRS with its side effects (ICC_IAR1_EL1 acknowledges an interrupt);
     * NULL: the read above */
    uint64_t (*mrs)(el2_cpu *c, int idx);
} sysreg_ops;

typedef struct sysreg_def {
    const char *name;
    uint8_t op0, op1, crn, crm, op2;
    sysreg_kind kind;
    uint8_t min_el;        /* lowest EL that may access it at all */
    uint16_t flags;
    uint64_t reset;
    uint64_t res0, res1;   /* stored value = (v & ~res0) | res1 */
    const char *e2h;       /* *_EL1 name used at EL2 with E2H=1 reaches this register */
    const char *target;    /* SRK_EL12: the register it reaches */
    const sysreg_ops *ops;
} sysreg_def;

/* SR_<NAME> row numbers: sr_index.h (cpu.h includes it) */

extern const sysreg_def sysreg_table[SR_COUNT];
extern const int sysreg_count;
/* the behaviour rows refer to (sysreg_special.c) */
extern const sysreg_ops ops_currentel, ops_sp_el, ops_cntpct, ops_cntvct, ops_pmccntr, ops_isr,
    ops_pstate_field, ops_daif, ops_tpidrro_el0, ops_pstate_ext, ops_midr, ops_mpidr, ops_ctr, ops_dczid,
    ops_cntfrq, ops_cntp, ops_cntv, ops_cntp_tval, ops_cntv_tval, ops_cnth_tval,
    ops_cntp_ctl, ops_cntv_ctl, ops_cnth_ctl, ops_vsesr, ops_icc, ops_ich;

#define SYSREG_KEY(op0, op1, crn, crm, op2) \
    ((uint32_t)(op0) << 14 | (uint32_t)(op1) << 11 | (uint32_t)(crn) << 7 | (uint32_t)(crm) << 3 | (op2))

void sysreg_init(void);                 /* builds the lookup indexes (idempotent) */
int sysreg_find_key(uint32_t key);      /* -1 when not modelled */
int sysreg_find_name(const char *name); /* case-insensitive; -1 when unknown */
int sysreg_e2h_target(int idx);         /* EL2 register an EL1 name reaches under E2H, or -1 */
int sysreg_alias_target(int idx);       /* SRK_EL12 target, or -1 */
/* "S3_4_C1_C1_0" style name of an encoding (for unmodelled registers). */
void sysreg_encoding_name(uint32_t key, char *buf, unsigned n);

/* The access check of an MRS/MSR at the CPU's current EL: applies lowest EL,
 * read-only/write-only, E2H redirection, *_EL12 aliasing, HCR_EL2 traps and the row's
 * own check. On SRA_OK *resolved is the register actually reached. */
sysreg_access sysreg_check(el2_cpu *c, int idx, bool is_read, int *resolved);
/* Side-effect-free read of the register's current value. */
uint64_t sysreg_read(el2_cpu *c, int idx);
/* The read an MRS makes, with its side effects (sysreg_ops.mrs) */
uint64_t sysreg_mrs(el2_cpu *c, int idx);
/* Write with the register's mask and side effects; returns the value stored.
 * pc/insn name the writing instruction (0 for el2sim's own writes: no event). */
uint64_t sysreg_write(el2_cpu *c, int idx, uint64_t value, uint64_t pc, uint32_t insn);
/* Raw store without events or side effects (reset, model loading, exception entry). */
/* What writing a register does beside its value: EFF_MMU (translation depends on it:
 * el2_cpu.mmu_gen), EFF_IRQ (an interrupt source or routing: irq.c) */
enum { EFF_MMU = 1, EFF_IRQ = 2 };
extern uint8_t sysreg_effects[SR_COUNT];
void sysreg_set_effects(el2_cpu *c, int idx);
void sysreg_set_slow(el2_cpu *c, int idx, uint64_t value);
/* value with the register's RES0 bits clear and RES1 bits set (the table's and the CPU's) */
static inline uint64_t sysreg_masked(const el2_cpu *c, int idx, uint64_t value)
{
    const sysreg_def *d = &sysreg_table[idx];
    return (value & ~(d->res0 | c->sr_res0[idx])) | d->res1 | c->sr_res1[idx];
}
static inline void sysreg_set(el2_cpu *c, int idx, uint64_t value)
{
    if (G_UNLIKELY(sysreg_effects[idx])) {
        sysreg_set_slow(c, idx, value);
        return;
    }
    c->sr[idx] = sysreg_masked(c, idx, value);
}
static inline uint64_t sysreg_get(const el2_cpu *c, int idx) { return c->sr[idx]; }
/* HCR_EL2.E2H in effect (FEAT_VHE implemented and the bit set) */
bool sysreg_e2h(const el2_cpu *c);
/* EL2Enabled(): EL2 is enabled in the current Security state (el2sim's EL2 is
 * Non-secure only, so SCR_EL3.NS) */
bool sysreg_el2_enabled(const el2_cpu *c);
/* ELIsInHost(EL0): HCR_EL2.{E2H,TGE} == {1,1} with EL2 enabled: EL0 belongs to the EL2&0
 * regime, so its access controls are SCTLR_EL2's and CNTHCTL_EL2's */
bool sysreg_el0_in_host(const el2_cpu *c);
/* The SCTLR that controls EL0's accesses (UCT, UMA, DZE, UCI): SCTLR_EL2 in a VHE
 * host, else SCTLR_EL1 */
uint64_t sysreg_el0_sctlr(const el2_cpu *c);

/* HCR_EL2 bits */
#define HCR_VM   (1ULL << 0)
#define HCR_SWIO (1ULL << 1)
#define HCR_FMO  (1ULL << 3)
#define HCR_IMO  (1ULL << 4)
#define HCR_AMO  (1ULL << 5)
#define HCR_VF   (1ULL << 6)
#define HCR_VI   (1ULL << 7)
#define HCR_VSE  (1ULL << 8)
#define HCR_FB   (1ULL << 9)
#define HCR_TWI  (1ULL << 13)
#define HCR_TWE  (1ULL << 14)
#define HCR_TID1 (1ULL << 16)
#define HCR_TID2 (1ULL << 17)
#define HCR_TID3 (1ULL << 18)
#define HCR_TSC  (1ULL << 19)
#define HCR_TACR (1ULL << 21)
#define HCR_TSW  (1ULL << 22)
#define HCR_TPCP (1ULL << 23)
#define HCR_TPU  (1ULL << 24)
#define HCR_TTLB (1ULL << 25)
#define HCR_TVM  (1ULL << 26)
#define HCR_TGE  (1ULL << 27)
#define HCR_TDZ  (1ULL << 28)
#define HCR_HCD  (1ULL << 29)
#define HCR_TRVM (1ULL << 30)
#define HCR_RW   (1ULL << 31)
#define HCR_E2H  (1ULL << 34)
/* SCR_EL3 bits */
#define SCR_NS  (1ULL << 0)
#define SCR_IRQ (1ULL << 1)
#define SCR_FIQ (1ULL << 2)
#define SCR_EA  (1ULL << 3)
#define SCR_SMD (1ULL << 7)
#define SCR_HCE (1ULL << 8)
#define SCR_RW  (1ULL << 10)
/* MDCR_EL2 */
#define MDCR_TDE (1ULL << 8)
/* SCTLR_ELx: SP alignment checks (SA0: for EL0), EL0 access controls */
#define SCTLR_SA  (1ULL << 3)
#define SCTLR_SA0 (1ULL << 4)
#define SCTLR_UMA (1ULL << 9)
#define SCTLR_DZE (1ULL << 14)
#define SCTLR_UCT (1ULL << 15)
#define SCTLR_UCI (1ULL << 26)
/* SCTLR_ELx: WFI/WFE at EL0 not trapped (EL1, and EL2 in a VHE host), PSTATE.PAN left
 * alone on exception entry (FEAT_PAN), PSTATE.SSBS on exception entry (FEAT_SSBS) */
#define SCTLR_nTWI  (1ULL << 16)
#define SCTLR_nTWE  (1ULL << 18)
#define SCTLR_SPAN  (1ULL << 23)
#define SCTLR_DSSBS (1ULL << 44)
/* CNTKCTL_EL1, and CNTHCTL_EL2 when HCR_EL2.E2H == 1: EL0 access to the counters and
 * timers (Arm ARM D19 "CNTKCTL_EL1", "CNTHCTL_EL2") */
#define CNTKCTL_EL0PCTEN (1ULL << 0)
#define CNTKCTL_EL0VCTEN (1ULL << 1)
#define CNTKCTL_EL0VTEN  (1ULL << 8)
#define CNTKCTL_EL0PTEN  (1ULL << 9)
/* CNTHCTL_EL2: EL1 (and EL0) access to the physical counter and timer; the bits move
 * with HCR_EL2.E2H */
#define CNTHCTL_EL1PCTEN     (1ULL << 0)    /* E2H == 0 */
#define CNTHCTL_EL1PCEN      (1ULL << 1)    /* E2H == 0 */
#define CNTHCTL_E2H_EL1PCTEN (1ULL << 10)   /* E2H == 1 */
#define CNTHCTL_E2H_EL1PTEN  (1ULL << 11)   /* E2H == 1 */
#endif
