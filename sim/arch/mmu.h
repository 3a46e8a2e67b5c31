/* mmu.h - VMSAv8-64 address translation: the stage 1 and stage 2 translation table
 * walks, their permission checks and memory attributes, and the AT instructions, as the
 * Arm ARM (DDI 0487) chapter D8 "The AArch64 Virtual Memory System Architecture" and its
 * pseudocode define them. Functions are named after that pseudocode
 * (AArch64.TranslateAddress, AArch64.FirstStageTranslate, AArch64.SecondStageTranslate,
 * AArch64.TranslationTableWalk, AArch64.CheckPermission, AArch64.CheckS2Permission,
 * AArch64.S1AttrDecode, AArch64.S2AttrDecode, AArch64.CombineS1S2Desc, AArch64.AT).
 *
 * Regimes: EL1&0 (TTBR0/TTBR1_EL1, TCR_EL1), EL2 (TTBR0_EL2, TCR_EL2 in its own layout)
 * and EL2&0 with HCR_EL2.E2H = 1 (TTBR0/TTBR1_EL2, TCR_EL2 in the TCR_EL1 layout); stage 2
 * of EL1&0 when HCR_EL2.VM (or DC) = 1, with the stage 1 table walk addresses translated
 * by stage 2 too. Granules 4, 16 and 64 KiB as the CPU model has them; PA sizes from its
 * ID_AA64MMFR0_EL1.PARange; FEAT_HAFDBS, FEAT_HPDS, FEAT_PAN/PAN2 and FEAT_XNX when the
 * model has them.
 *
 * The walker reads descriptors from physical memory through the port (cpu_read) and
 * writes them back only for hardware Access flag / dirty state updates (TCR.HA/HD on a
 * CPU with FEAT_HAFDBS). It keeps no TLB: every call walks the tables as memory holds
 * them now. Nothing here changes how the engine executes: it still runs with the MMU
 * treated as off; AT uses the walker.
 *
 * Not modelled: FEAT_LPA/LVA/LPA2 (52-bit addresses), FEAT_TTST, FEAT_BBM, FEAT_S2FWB,
 * FEAT_PAuth's TBID, FEAT_MTE tagged attributes, Secure state (every output address is
 * Non-secure), the contiguous bit (a TLB hint; the walk gives the same result without
 * it). IMPLEMENTATION DEFINED and CONSTRAINED UNPREDICTABLE choices are named where they
 * are made in mmu.c. */
#ifndef EL2_MMU_H
#define EL2_MMU_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"

/* Translation regimes (Regime_EL10, Regime_EL20, Regime_EL2; EL3's is not modelled) */
typedef enum { REGIME_EL10, REGIME_EL20, REGIME_EL2 } mmu_regime;

/* FaultRecord.statuscode for the faults a translation gives */
typedef enum {
    MMU_FAULT_NONE,
    MMU_FAULT_ADDRESS_SIZE,
    MMU_FAULT_TRANSLATION,
    MMU_FAULT_ACCESS_FLAG,
    MMU_FAULT_PERMISSION,
    MMU_FAULT_ALIGNMENT,       /* a misaligned data access to Device memory */
    MMU_FAULT_EXTERNAL_WALK,   /* a descriptor read found no memory: synchronous External
                                  abort on a translation table walk */
    MMU_FAULT_DOMAIN,          /* VMSAv8-32 short-descriptor format: DACR says No access */
} mmu_fault_kind;

/* FaultRecord */
typedef struct mmu_fault {
    mmu_fault_kind kind;
    unsigned level;            /* lookup level of a walk fault */
    unsigned stage;            /* 1, or 2 (secondstage) */
    bool s1ptw;                /* s2fs1walk: a stage 2 fault on a stage 1 table walk access */
    bool write;                /* the faulting access wrote (for the permission check that failed) */
    bool fetch;                /* an instruction fetch: reported as an Instruction Abort */
    bool at;                   /* made by an AT instruction (ISS.CM = 1, WnR = 1) */
    uint64_t vaddress;
    uint64_t ipaddress;        /* stage 2 faults: the IPA being translated (with s1ptw, that of
                                  the stage 1 descriptor): HPFAR_EL2 */
} mmu_fault;

/* MemoryAttributes. attrs: MemAttr_NC '00', MemAttr_WT '10', MemAttr_WB '11';
 * hints: bit 1 read-allocate, bit 0 write-allocate. */
enum { MEMATTR_NC = 0, MEMATTR_WT = 2, MEMATTR_WB = 3 };
enum { DEVICE_nGnRnE, DEVICE_nGnRE, DEVICE_nGRE, DEVICE_GRE };
typedef struct mmu_attr_hints {
    uint8_t attrs, hints;
    bool transient;
} mmu_attr_hints;
typedef struct mmu_memattrs {
    bool device;
    uint8_t devtype;           /* DEVICE_* */
    mmu_attr_hints inner, outer;
    bool shareable, outershareable;
} mmu_memattrs;

/* One access to translate (AccessDescriptor and the arguments of AArch64.TranslateAddress). */
typedef struct mmu_access {
    mmu_regime regime;
    unsigned el;               /* 0: unprivileged (EL0, AT S1E0*), else privileged */
    bool write, fetch;
    bool at;                   /* AccType_AT */
    bool ats1xp;               /* AT S1E1RP/S1E1WP: PSTATE.PAN applies to it */
    bool pan;                  /* PSTATE.PAN (ignored without FEAT_PAN) */
    bool stage1_only;          /* AT S1E0*, S1E1*: the result is the IPA */
    bool misaligned;           /* a data access not aligned to its size */
    bool debug;                /* a debugger's access (vmem.c): no Access flag or dirty state update */
} mmu_access;

/* The outcome: an address and its attributes, or a fault. */
typedef struct mmu_result {
    uint64_t va;
    uint64_t ipa;              /* stage 1 output; the PA when stage 2 does not apply */
    uint64_t pa;
    bool ns;                   /* output address space (always Non-secure) */
    mmu_memattrs attrs;        /* final: stage 1 combined with stage 2 */
    bool s1_enabled, s2_enabled;
    /* stage 1 when enabled: the block or page descriptor and what it grants */
    unsigned level;
    uint64_t size;             /* block or page size */
    unsigned attrindx;         /* MAIR_ELx.Attr<n> */
    unsigned ap;               /* AP[2:1] after APTable; AP[1] reads 1 in the EL2 regime. With
                                  dirty state management a writable-clean page shows AP[2] = 0 */
    bool xn, pxn;              /* UXN (XN in the EL2 regime) and PXN, after XNTable/PXNTable */
    bool ng;
    /* stage 2 when enabled */
    unsigned s2_level;
    uint64_t s2_size;
    unsigned s2ap;             /* S2AP[1:0]: bit 1 write, bit 0 read */
    unsigned s2xn;             /* XN[1:0] (XN[0] only with FEAT_XNX) */
    /* what the access's privilege may do here, both stages (before a permission fault) */
    bool may_read, may_write, may_exec;
    mmu_fault fault;
} mmu_result;

/* The PA of a stage 1 descriptor at ipa (stage 2 translated for EL1&0 when on, S1PTW
 * faults in *fault), for the AArch32 walks of mmu_a32.c; false with *fault. */
bool mmu_s1_walk_pa(el2_cpu *c, const mmu_access *acc, uint64_t ipa, uint64_t va, uint64_t *pa, mmu_fault *fault);

/* TranslationRegime(el) */
mmu_regime mmu_regime_of(el2_cpu *c, unsigned el);
/* Stage 1 of the regime in use (SCTLR_ELx.M; for EL1&0 also HCR_EL2.TGE/DC) */
bool mmu_s1_enabled(el2_cpu *c, mmu_regime r);
/* Stage 2 of EL1&0 in use (HCR_EL2.VM or DC, not under E2H+TGE) */
bool mmu_s2_enabled(el2_cpu *c);

/* AArch64.TranslateAddress: stage 1 then, for EL1&0 with stage 2 and unless
 * acc->stage1_only, stage 2. True when res->pa is valid; false with res->fault. */
bool AArch64_TranslateAddress(el2_cpu *c, const mmu_access *acc, uint64_t va, mmu_result *res);

/* EncodeLDFSC: the DFSC/IFSC of a fault (syndrome.h fsc_*) */
unsigned mmu_fault_fsc(const mmu_fault *f);
/* ESR_ELx of the abort for f taken to an EL (same_el: from that EL): AArch64.FaultSyndrome
 * with the Data Abort or Instruction Abort class. */
uint32_t AArch64_FaultSyndrome(const mmu_fault *f, bool same_el);
/* IPAValid(fault): HPFAR_EL2 is written for it */
bool mmu_ipa_valid(const mmu_fault *f);
/* HPFAR_EL2 for an IPA: FIPA[39:4] = IPA[47:12] (Non-secure: NS = 0) */
static inline uint64_t mmu_hpfar(uint64_t ipa) { return (ipa >> 12 & 0xfffffffffULL) << 4; }
/* AArch64.Abort for the instruction at pc: routes the fault (EL2 for stage 2, from EL2, or
 * with HCR_EL2.TGE; else EL1), writes HPFAR_EL2 when it goes to EL2 with a valid IPA, and
 * takes the Data or Instruction Abort with FAR = the faulting virtual address. */
void AArch64_Abort(el2_cpu *c, const mmu_fault *f, uint64_t pc, uint32_t insn);
/* The same with the instruction syndrome given: ls = ISS[23:14] (SAS, SSE, SRT, SF, AR) of
 * an access ISV may be 1 for, 0 for none, -1 to decode the A64 insn (AArch64_Abort). An
 * AArch32 load or store's comes from its decoder (a32_access.c). */
void AArch64_AbortLS(el2_cpu *c, const mmu_fault *f, uint64_t pc, uint32_t insn, int64_t ls);

/* EncodePARAttrs: PAR_EL1.ATTR of memory attributes */
uint8_t mmu_par_attrs(const mmu_memattrs *m);
/* PAR_EL1 for a translation: F = 0 with PA, ATTR, SH, NS; F = 1 with FST, PTW, S. */
uint64_t mmu_par(const mmu_result *r);

/* AT <op> for the SYS instruction at pc (op1, CRm, op2 of its encoding; CRn = 7):
 * AArch64.AT at the current EL. Writes PAR_EL1, or takes the abort AArch64.AT takes (a
 * synchronous External abort on the walk; a stage 2 fault on a stage 1 walk from EL1).
 * False for an encoding that is no AT instruction on this CPU (the caller UNDEFs); the
 * caller has checked the EL. */
bool mmu_at_insn(el2_cpu *c, unsigned op1, unsigned crm, unsigned op2, uint64_t va,
                 uint64_t pc, uint32_t insn);
#endif
