/* mmu.c - VMSAv8-64 translation (see mmu.h). Each function follows the Arm ARM (DDI 0487)
 * pseudocode function it is named after (aarch64/translation/..., shared/translation/...
 * in the pseudocode library; chapter D8 for the rules in prose). Where the architecture
 * leaves a choice (IMPLEMENTATION DEFINED, CONSTRAINED UNPREDICTABLE) the comment says
 * which one el2sim makes. */
#include "mmu.h"
#include "mmu_a32.h"
#include "exception.h"
#include "syndrome.h"
#include "sysreg.h"
#include <string.h>

/* HCR_EL2 bits the translation regimes depend on (beyond sysreg.h's) */
#define HCR_PTW_BIT (1ULL << 2)    /* protected table walk */
#define HCR_DC_BIT  (1ULL << 12)   /* default cacheability */
#define HCR_CD_BIT  (1ULL << 32)   /* stage 2 data accesses Non-cacheable */
#define HCR_ID_BIT  (1ULL << 33)   /* stage 2 instruction fetches Non-cacheable */
/* SCTLR_ELx */
#define SCTLR_M   (1ULL << 0)
#define SCTLR_C   (1ULL << 2)
#define SCTLR_I   (1ULL << 12)
#define SCTLR_WXN (1ULL << 19)
#define SCTLR_EE  (1ULL << 25)

/* v<hi:lo> */
static inline uint64_t field(uint64_t v, unsigned hi, unsigned lo)
{
    return (v >> lo) & ((2ULL << (hi - lo)) - 1);
}

/* Ones in bits hi..lo */
static inline uint64_t ones(unsigned hi, unsigned lo)
{
    return ((2ULL << hi) - 1) & ~((1ULL << lo) - 1);
}

static const el2_mmu_features *features(el2_cpu *c) { return &c->model->mmu; }

/* ---- regimes and their registers ---- */

typedef struct regime_regs {
    uint64_t sctlr, tcr, mair, ttbr0, ttbr1;
} regime_regs;

static void regime_regs_of(el2_cpu *c, mmu_regime r, regime_regs *rr)
{
    bool el2 = r != REGIME_EL10;
    rr->sctlr = c->sr[el2 ? SR_SCTLR_EL2 : SR_SCTLR_EL1];
    rr->tcr = c->sr[el2 ? SR_TCR_EL2 : SR_TCR_EL1];
    if (el2 && c->a32_machine)          /* Hyp mode: HTCR (mmu_a32.c) */
        rr->tcr = mmu_a32_htcr_as_tcr(rr->tcr);
    else if (!el2 && (rr->tcr & (1ULL << 31)) && el_is_aarch32(c, 1))   /* TTBCR.EAE */
        rr->tcr = mmu_a32_ttbcr_as_tcr(rr->tcr);
    rr->mair = c->sr[el2 ? SR_MAIR_EL2 : SR_MAIR_EL1];
    rr->ttbr0 = c->sr[el2 ? SR_TTBR0_EL2 : SR_TTBR0_EL1];
    rr->ttbr1 = r == REGIME_EL20 ? c->sr[SR_TTBR1_EL2] : r == REGIME_EL10 ? c->sr[SR_TTBR1_EL1] : 0;
}

/* ELIsInHost(EL0): HCR_EL2.{E2H, TGE} = {1, 1} with FEAT_VHE */
static bool in_host(el2_cpu *c)
{
    return sysreg_e2h(c) && (c->sr[SR_HCR_EL2] & HCR_TGE);
}

mmu_regime mmu_regime_of(el2_cpu *c, unsigned el)
{
    if (el == 2)
        return sysreg_e2h(c) ? REGIME_EL20 : REGIME_EL2;
    return el == 0 && in_host(c) ? REGIME_EL20 : REGIME_EL10;
}

/* AArch64.FirstStageTranslate's s1_enabled: HCR_EL2.TGE = 1 or DC = 1 make the PE behave
 * as if SCTLR_EL1.M were 0 (HCR_EL2.DC, TGE descriptions). */
bool mmu_s1_enabled(el2_cpu *c, mmu_regime r)
{
    if (r != REGIME_EL10)
        return c->sr[SR_SCTLR_EL2] & SCTLR_M;
    uint64_t hcr = c->sr[SR_HCR_EL2];
    return (c->sr[SR_SCTLR_EL1] & SCTLR_M) && !(hcr & (HCR_TGE | HCR_DC_BIT));
}

/* AArch64.SecondStageTranslate's s2_enabled = HCR_EL2.VM or DC; with {E2H, TGE} = {1, 1}
 * both behave as 0 (HCR_EL2.VM, DC descriptions). el2sim models a Non-secure EL2 that
 * is always enabled (EL2Enabled()). */
bool mmu_s2_enabled(el2_cpu *c)
{
    return (c->sr[SR_HCR_EL2] & (HCR_VM | HCR_DC_BIT)) && !in_host(c);
}

/* AddrTop(address, IsInstr, el): 55 with top-byte-ignore for the address's half, else 63.
 * (No FEAT_PAuth: TBID does not exist.) */
static unsigned AddrTop(el2_cpu *c, mmu_regime r, uint64_t va)
{
    regime_regs rr;
    regime_regs_of(c, r, &rr);
    bool tbi;
    if (r == REGIME_EL2)
        tbi = rr.tcr >> 20 & 1;                              /* TCR_EL2.TBI */
    else
        tbi = (va >> 55 & 1) ? rr.tcr >> 38 & 1 : rr.tcr >> 37 & 1;   /* TBI1 : TBI0 */
    return tbi ? 55 : 63;
}

/* ---- fault records ---- */

static void fault_set(mmu_fault *f, mmu_fault_kind kind, unsigned level)
{
    f->kind = kind;
    f->level = level;
}

unsigned mmu_fault_fsc(const mmu_fault *f)
{
    switch (f->kind) {
    case MMU_FAULT_ADDRESS_SIZE: return fsc_address_size(f->level);
    case MMU_FAULT_TRANSLATION: return fsc_translation(f->level);
    case MMU_FAULT_ACCESS_FLAG: return fsc_access_flag(f->level);
    case MMU_FAULT_PERMISSION: return fsc_permission(f->level);
    case MMU_FAULT_ALIGNMENT: return FSC_ALIGNMENT;
    case MMU_FAULT_EXTERNAL_WALK: return fsc_external_walk(f->level);
    case MMU_FAULT_DOMAIN: return 0x3c | (f->level & 3);   /* long-descriptor FSC 0b1111LL */
    case MMU_FAULT_NONE: break;
    }
    return 0;
}

/* ---- memory attributes ---- */

/* MemAttrDefaults: Device memory and Normal Non-cacheable (inner and outer) memory are
 * Outer Shareable. */
static void MemAttrDefaults(mmu_memattrs *m)
{
    if (m->device) {
        memset(&m->inner, 0, sizeof m->inner);
        memset(&m->outer, 0, sizeof m->outer);
        m->shareable = m->outershareable = true;
    } else if (m->inner.attrs == MEMATTR_NC && m->outer.attrs == MEMATTR_NC) {
        m->shareable = m->outershareable = true;
    }
}

static mmu_attr_hints attr_hints(uint8_t attrs, uint8_t hints, bool transient)
{
    return (mmu_attr_hints){ .attrs = attrs, .hints = hints, .transient = transient };
}

/* S1CacheDisabled(acctype): SCTLR_ELx.I for instruction fetches, SCTLR_ELx.C otherwise */
static bool S1CacheDisabled(el2_cpu *c, const mmu_access *acc)
{
    regime_regs rr;
    regime_regs_of(c, acc->regime, &rr);
    return !(rr.sctlr & (acc->fetch ? SCTLR_I : SCTLR_C));
}

/* S2CacheDisabled(acctype): HCR_EL2.ID for instruction fetches, HCR_EL2.CD otherwise
 * (a stage 1 table walk is a data access) */
static bool S2CacheDisabled(el2_cpu *c, bool fetch)
{
    return c->sr[SR_HCR_EL2] & (fetch ? HCR_ID_BIT : HCR_CD_BIT);
}

/* LongConvertAttrsHints(attrfield, acctype): one half of a MAIR attribute */
static mmu_attr_hints LongConvertAttrsHints(unsigned a, bool cache_disabled)
{
    if (cache_disabled)
        return attr_hints(MEMATTR_NC, 0, false);
    if ((a & 0xc) == 0)                          /* 0b00RW: Write-through transient */
        return attr_hints(MEMATTR_WT, a & 3, true);
    if (a == 4)                                  /* 0b0100: Non-cacheable */
        return attr_hints(MEMATTR_NC, 0, false);
    if ((a & 0xc) == 4)                          /* 0b01RW: Write-back transient */
        return attr_hints(MEMATTR_WB, a & 3, true);
    return attr_hints(a >> 2, a & 3, false);     /* 0b10RW WT, 0b11RW WB, non-transient */
}

/* AArch64.S1AttrDecode(SH, attr, acctype): MAIR_ELx.Attr<attr> */
static mmu_memattrs AArch64_S1AttrDecode(el2_cpu *c, const mmu_access *acc, unsigned sh, unsigned attr)
{
    regime_regs rr;
    regime_regs_of(c, acc->regime, &rr);
    unsigned a = (unsigned)field(rr.mair, 8 * attr + 7, 8 * attr);
    mmu_memattrs m = { 0 };
    /* Reserved encodings (0b0000ddxx with xx != 0, 0bxxxx0000 with xxxx != 0, the latter
     * including 0xf0 without FEAT_MTE) map to an allocated value, CONSTRAINED
     * UNPREDICTABLE (Unpredictable_RESMAIR): el2sim takes Device-dd for the first and
     * Normal Non-cacheable for the second. */
    if ((a >> 4) == 0) {
        m.device = true;
        m.devtype = (a >> 2) & 3;
    } else if ((a & 0xf) == 0) {
        m.inner = m.outer = attr_hints(MEMATTR_NC, 0, false);
    } else {
        bool cd = S1CacheDisabled(c, acc);
        m.outer = LongConvertAttrsHints(a >> 4, cd);
        m.inner = LongConvertAttrsHints(a & 0xf, cd);
        m.shareable = sh & 2;
        m.outershareable = sh == 2;
    }
    MemAttrDefaults(&m);
    return m;
}

/* S2ConvertAttrsHints(attr, acctype): one half of a stage 2 MemAttr */
static mmu_attr_hints S2ConvertAttrsHints(unsigned a, bool cache_disabled)
{
    if (cache_disabled || a == 1)
        return attr_hints(MEMATTR_NC, 0, false);
    return attr_hints(a == 2 ? MEMATTR_WT : MEMATTR_WB, 3, false);   /* RWA */
}

/* AArch64.S2AttrDecode(SH, attr, acctype): the stage 2 descriptor's MemAttr[3:0] */
static mmu_memattrs AArch64_S2AttrDecode(el2_cpu *c, unsigned sh, unsigned attr, bool fetch)
{
    mmu_memattrs m = { 0 };
    if ((attr >> 2) == 0) {
        m.device = true;
        m.devtype = attr & 3;
    } else if (attr & 3) {
        bool cd = S2CacheDisabled(c, fetch);
        m.outer = S2ConvertAttrsHints(attr >> 2, cd);
        m.inner = S2ConvertAttrsHints(attr & 3, cd);
        m.shareable = sh & 2;
        m.outershareable = sh == 2;
    } else {
        /* 0bxx00 with xx != 00 is reserved: MemoryAttributes UNKNOWN. el2sim takes
         * Normal Non-cacheable. */
        m.inner = m.outer = attr_hints(MEMATTR_NC, 0, false);
    }
    MemAttrDefaults(&m);
    return m;
}

/* CombineS1S2AttrHints: the weaker cacheability, stage 1's allocation hints */
static mmu_attr_hints CombineS1S2AttrHints(mmu_attr_hints s1, mmu_attr_hints s2)
{
    mmu_attr_hints r = s1;
    if (s1.attrs == MEMATTR_NC || s2.attrs == MEMATTR_NC)
        r.attrs = MEMATTR_NC;
    else if (s1.attrs == MEMATTR_WT || s2.attrs == MEMATTR_WT)
        r.attrs = MEMATTR_WT;
    else
        r.attrs = MEMATTR_WB;
    if (r.attrs == MEMATTR_NC) {
        r.hints = 0;
        r.transient = false;
    }
    return r;
}

/* AArch64.CombineS1S2Desc's memory attributes: Device if either is (the stronger Device
 * type, CombineS1S2Device), else Normal with the weaker cacheability and the wider
 * shareability. */
static mmu_memattrs CombineS1S2Attrs(const mmu_memattrs *s1, const mmu_memattrs *s2)
{
    mmu_memattrs m = { 0 };
    if (s1->device || s2->device) {
        m.device = true;
        if (!s1->device)
            m.devtype = s2->devtype;
        else if (!s2->device)
            m.devtype = s1->devtype;
        else
            m.devtype = s1->devtype < s2->devtype ? s1->devtype : s2->devtype;
    } else {
        m.inner = CombineS1S2AttrHints(s1->inner, s2->inner);
        m.outer = CombineS1S2AttrHints(s1->outer, s2->outer);
        m.shareable = s1->shareable || s2->shareable;
        m.outershareable = s1->outershareable || s2->outershareable;
    }
    MemAttrDefaults(&m);
    return m;
}

/* ---- table walks ---- */

/* The walk's parameters for one stage (the register fields AArch64.TranslationTableWalk
 * reads before its loop). */
typedef struct ttw_params {
    uint64_t ttbr;             /* baseregister */
    unsigned inputsize, grainsize, outputsize;
    int level;                 /* start level */
    bool basefound, disabled;
    bool singlepriv;           /* EL2 regime: one privilege level */
    bool hpd;                  /* hierarchical permissions disabled (FEAT_HPDS) */
    bool update_af, update_ap; /* FEAT_HAFDBS with TCR.HA / TCR.HD */
    bool ee;                   /* descriptors big-endian */
} ttw_params;

/* TLBRecord: the walk's result */
typedef struct ttw_record {
    uint64_t oa;
    uint64_t descaddr;         /* where the final descriptor is (an IPA for stage 1 of EL1&0
                                  under stage 2) */
    uint64_t desc;
    unsigned level;
    uint64_t blocksize;
    unsigned ap, attrindx, s2ap, s2xn;
    bool xn, pxn, ng;
    bool update_af, update_ap; /* descupdate.AF / .AP */
    mmu_memattrs attrs;
    mmu_fault fault;
} ttw_record;

/* The granule a TGx field selects: 12 (4 KiB), 14 (16 KiB), 16 (64 KiB); 0 for a reserved
 * value. TG1 has its own encoding. */
static unsigned tg0_grain(unsigned tg) { static const unsigned g[4] = { 12, 16, 14, 0 }; return g[tg & 3]; }
static unsigned tg1_grain(unsigned tg) { static const unsigned g[4] = { 0, 14, 12, 16 }; return g[tg & 3]; }

/* A reserved or unimplemented granule size is treated as an implemented one, which one
 * IMPLEMENTATION DEFINED: el2sim takes the smallest the CPU has at that stage. */
static unsigned grain_supported(el2_cpu *c, unsigned grain, bool s2)
{
    const el2_mmu_features *f = features(c);
    bool g4 = s2 ? f->tgran4_s2 : f->tgran4, g16 = s2 ? f->tgran16_s2 : f->tgran16;
    bool g64 = s2 ? f->tgran64_s2 : f->tgran64;
    if ((grain == 12 && g4) || (grain == 14 && g16) || (grain == 16 && g64))
        return grain;
    return g4 ? 12 : g16 ? 14 : 16;
}

/* PAMax() */
static unsigned PAMax(el2_cpu *c) { return features(c)->pa_bits; }

/* The output size a TCR_ELx.{I}PS / VTCR_EL2.PS field selects, at most PAMax(). 0b110
 * is 52 bits only with FEAT_LPA (not modelled): 48; the reserved 0b111 is an
 * IMPLEMENTATION DEFINED size: el2sim takes PAMax(). */
static unsigned decode_ps(el2_cpu *c, unsigned ps)
{
    static const unsigned bits[8] = { 32, 36, 40, 42, 44, 48, 48, 64 };
    unsigned o = bits[ps & 7];
    return o > PAMax(c) ? PAMax(c) : o;
}

/* TxSZ outside 16..39 (input sizes 48..25 bits): whether the walk uses the nearest legal
 * value or gives a level 0 Translation fault is IMPLEMENTATION DEFINED; el2sim faults. */
static bool txsz_ok(unsigned inputsize) { return inputsize >= 25 && inputsize <= 48; }

/* Stage 1 parameters for the regime of acc and inputaddr (AArch64.TranslationTableWalk,
 * the !secondstage branch). */
static void s1_params(el2_cpu *c, const mmu_access *acc, uint64_t va, ttw_params *p)
{
    const el2_mmu_features *f = features(c);
    regime_regs rr;
    regime_regs_of(c, acc->regime, &rr);
    uint64_t tcr = rr.tcr;
    unsigned top = AddrTop(c, acc->regime, va), grain, ps;
    bool ha, hd, in_range;
    memset(p, 0, sizeof *p);
    if (acc->regime == REGIME_EL2) {
        /* TCR_EL2 (E2H = 0): T0SZ[5:0] TG0[15:14] PS[18:16] TBI[20] HA[21] HD[22] HPD[24] */
        p->inputsize = 64 - (unsigned)field(tcr, 5, 0);
        grain = tg0_grain((unsigned)field(tcr, 15, 14));
        ps = (unsigned)field(tcr, 18, 16);
        ha = tcr >> 21 & 1;
        hd = tcr >> 22 & 1;
        p->hpd = f->hpds && (tcr >> 24 & 1);
        p->ttbr = rr.ttbr0;
        p->singlepriv = true;
        in_range = txsz_ok(p->inputsize) && field(va, top, p->inputsize) == 0;
    } else {
        /* TCR_EL1 layout (also TCR_EL2 with E2H = 1): T0SZ[5:0] EPD0[7] TG0[15:14]
         * T1SZ[21:16] EPD1[23] TG1[31:30] IPS[34:32] HA[39] HD[40] HPD0[41] HPD1[42];
         * the address's bit <top> selects TTBR0 (0) or TTBR1 (1). */
        bool upper = va >> top & 1;
        p->inputsize = 64 - (unsigned)(upper ? field(tcr, 21, 16) : field(tcr, 5, 0));
        grain = upper ? tg1_grain((unsigned)field(tcr, 31, 30)) : tg0_grain((unsigned)field(tcr, 15, 14));
        p->disabled = tcr >> (upper ? 23 : 7) & 1;
        p->hpd = f->hpds && (tcr >> (upper ? 42 : 41) & 1);
        p->ttbr = upper ? rr.ttbr1 : rr.ttbr0;
        ps = (unsigned)field(tcr, 34, 32);
        ha = tcr >> 39 & 1;
        hd = tcr >> 40 & 1;
        uint64_t hi = txsz_ok(p->inputsize) ? field(va, top, p->inputsize) : 1;
        in_range = txsz_ok(p->inputsize) &&
                   hi == (upper ? field(~0ULL, top, p->inputsize) : 0);   /* IsOnes : IsZero */
    }
    p->grainsize = grain_supported(c, grain, false);
    p->basefound = in_range;
    p->outputsize = decode_ps(c, ps);
    p->update_af = f->hafdbs >= 1 && ha;
    p->update_ap = f->hafdbs >= 2 && p->update_af && hd;
    p->ee = rr.sctlr & SCTLR_EE;
    /* level = 4 - RoundUp((inputsize - grainsize) / stride) */
    unsigned stride = p->grainsize - 3;
    if (p->basefound)
        p->level = 4 - (int)((p->inputsize - p->grainsize + stride - 1) / stride);
}

/* Stage 2 parameters (AArch64.TranslationTableWalk, the secondstage branch): VTCR_EL2
 * T0SZ[5:0] SL0[7:6] TG0[15:14] PS[18:16] HA[21] HD[22], VTTBR_EL2. */
static void s2_params(el2_cpu *c, uint64_t ipa, ttw_params *p)
{
    const el2_mmu_features *f = features(c);
    uint64_t vtcr = c->sr[SR_VTCR_EL2];
    if (c->a32_machine)                 /* EL2 in AArch32: VTCR (mmu_a32.c) */
        vtcr = mmu_a32_vtcr_as_vtcr(vtcr);
    memset(p, 0, sizeof *p);
    p->inputsize = 64 - (unsigned)field(vtcr, 5, 0);
    p->grainsize = grain_supported(c, tg0_grain((unsigned)field(vtcr, 15, 14)), true);
    unsigned sl0 = (unsigned)field(vtcr, 7, 6), stride = p->grainsize - 3;
    p->ttbr = c->sr[SR_VTTBR_EL2];
    p->singlepriv = true;
    p->outputsize = decode_ps(c, (unsigned)field(vtcr, 18, 16));
    p->update_af = f->hafdbs >= 1 && (vtcr >> 21 & 1);
    p->update_ap = f->hafdbs >= 2 && p->update_af && (vtcr >> 22 & 1);
    p->ee = c->sr[SR_SCTLR_EL2] & SCTLR_EE;
    p->basefound = txsz_ok(p->inputsize) && field(ipa, 63, p->inputsize) == 0;
    int level = p->grainsize == 12 ? 2 - (int)sl0 : 3 - (int)sl0;
    p->level = level;
    /* Limits on the start level by the implemented PA size: 64 KiB level 1 and 16 KiB
     * level 1 need more than 42 / 40 bits, 4 KiB level 0 more than 42; level 0 does not
     * exist for the larger granules. */
    unsigned pamax = PAMax(c);
    if (p->grainsize == 16 && (level == 0 || (level == 1 && pamax <= 42)))
        p->basefound = false;
    if (p->grainsize == 14 && (level == 0 || (level == 1 && pamax <= 40)))
        p->basefound = false;
    if (p->grainsize == 12 && (level < 0 || (level == 0 && pamax <= 42)))
        p->basefound = false;
    /* An input size beyond PAMax() is CONSTRAINED UNPREDICTABLE (Unpredictable_LARGEIPA):
     * el2sim takes Constraint_FAULT, a level 0 Translation fault. */
    if (p->inputsize > pamax)
        p->basefound = false;
    /* The start level's table: at least 2 entries, at most 16 concatenated pages */
    int startsizecheck = (int)p->inputsize - ((3 - level) * (int)stride + (int)p->grainsize);
    if (startsizecheck < 1 || startsizecheck > (int)stride + 4)
        p->basefound = false;
}

static bool s2_walks(el2_cpu *c, const mmu_access *acc, bool secondstage)
{
    return !secondstage && acc->regime == REGIME_EL10 && mmu_s2_enabled(c);
}

static void SecondStageTranslate(el2_cpu *c, const mmu_access *acc, mmu_result *res, bool s2fs1walk,
                                 bool hwupdatewalk);

/* AArch64.SecondStageWalk: the stage 2 translation of a stage 1 descriptor's IPA, checked
 * as a read (as a write for a hardware descriptor update). */
static bool AArch64_SecondStageWalk(el2_cpu *c, const mmu_access *acc, uint64_t ipa, uint64_t va,
                                    bool hwupdatewalk, uint64_t *pa, mmu_fault *fault)
{
    mmu_result w;
    memset(&w, 0, sizeof w);
    w.va = va;
    w.ipa = w.pa = ipa;
    /* the walk's own stage 1 attributes (WalkAttrDecode of TCR.IRGN/ORGN/SH) only matter
     * combined with stage 2's, which decide whether it reaches Device memory */
    w.attrs.inner = w.attrs.outer = attr_hints(MEMATTR_WB, 3, false);
    SecondStageTranslate(c, acc, &w, true, hwupdatewalk);
    if (w.fault.kind != MMU_FAULT_NONE) {
        *fault = w.fault;
        return false;
    }
    *pa = w.pa;
    return true;
}

bool mmu_s1_walk_pa(el2_cpu *c, const mmu_access *acc, uint64_t ipa, uint64_t va, uint64_t *pa, mmu_fault *fault)
{
    if (!s2_walks(c, acc, false)) {
        *pa = ipa;
        return true;
    }
    return AArch64_SecondStageWalk(c, acc, ipa, va, false, pa, fault);
}

/* _Mem[] of a descriptor: little-endian unless SCTLR_ELx.EE (reversedescriptors) */
static bool read_desc(el2_cpu *c, uint64_t pa, bool ee, uint64_t *desc)
{
    uint64_t raw;
    if (!cpu_read(c, pa, &raw, sizeof raw))
        return false;
    *desc = ee ? GUINT64_FROM_BE(raw) : GUINT64_FROM_LE(raw);
    return true;
}

static bool write_desc(el2_cpu *c, uint64_t pa, bool ee, uint64_t desc)
{
    uint64_t raw = ee ? GUINT64_TO_BE(desc) : GUINT64_TO_LE(desc);
    return cpu_write(c, pa, &raw, sizeof raw);
}

/* The stage 1 results of a block or page descriptor, with the table attributes gathered
 * on the way down (AArch64.TranslationTableWalk after its loop, !secondstage). */
static void s1_leaf(el2_cpu *c, const mmu_access *acc, const ttw_params *p, uint64_t desc,
                    unsigned ap_table, bool xn_table, bool pxn_table, ttw_record *rec)
{
    unsigned ap = (unsigned)field(desc, 7, 6);               /* AP[2:1] */
    if (rec->update_ap)
        ap &= 1;                                             /* writable-clean: AP[2] as 0 */
    rec->xn = (desc >> 54 & 1) || xn_table;
    rec->ap = (ap & 2) | (ap_table & 2);                     /* APTable[1]: read-only */
    if (!p->singlepriv) {
        rec->ap |= (ap & 1) & ~(ap_table & 1);               /* APTable[0]: privileged only */
        rec->pxn = (desc >> 53 & 1) || pxn_table;
        rec->ng = desc >> 11 & 1;
    } else {
        rec->ap |= 1;
    }
    rec->attrindx = (unsigned)field(desc, 4, 2);
    rec->attrs = AArch64_S1AttrDecode(c, acc, (unsigned)field(desc, 9, 8), rec->attrindx);
}

static void s2_leaf(el2_cpu *c, const mmu_access *acc, uint64_t desc, bool s2fs1walk, ttw_record *rec)
{
    rec->s2ap = (unsigned)field(desc, 7, 6);
    if (rec->update_ap)
        rec->s2ap |= 2;                                      /* writable-clean: S2AP[1] as 1 */
    rec->s2xn = (unsigned)((desc >> 54 & 1) << 1 | (features(c)->xnx ? desc >> 53 & 1 : 0));
    /* a stage 1 walk is a data access (AccType_PTW) */
    rec->attrs = AArch64_S2AttrDecode(c, (unsigned)field(desc, 9, 8), (unsigned)field(desc, 5, 2),
                                      acc->fetch && !s2fs1walk);
}

/* AArch64.TranslationTableWalk(ipaddress, vaddress, acctype, iswrite, secondstage,
 * s2fs1walk): one stage's walk from its base register to a block or page. Faults, in the
 * pseudocode's order: Translation at level 0 (address out of range, walk disabled),
 * Address size at level 0 (base register beyond the output size), then per level
 * Translation (invalid descriptor), Address size (next table beyond the output size);
 * after the loop Translation (block at a level that has none), Address size (output
 * address), Access flag. */
static void AArch64_TranslationTableWalk(el2_cpu *c, const mmu_access *acc, uint64_t inputaddr, uint64_t va,
                                         bool secondstage, bool s2fs1walk, ttw_record *rec)
{
    ttw_params p;
    memset(rec, 0, sizeof *rec);
    rec->fault = (mmu_fault){ .stage = secondstage ? 2 : 1, .s1ptw = s2fs1walk, .write = acc->write,
                              .fetch = acc->fetch, .at = acc->at, .vaddress = va,
                              .ipaddress = secondstage ? inputaddr : 0 };
    if (secondstage)
        s2_params(c, inputaddr, &p);
    else
        s1_params(c, acc, inputaddr, &p);
    if (!p.basefound || p.disabled) {
        fault_set(&rec->fault, MMU_FAULT_TRANSLATION, 0);
        return;
    }
    if (p.outputsize < 48 && field(p.ttbr, 47, p.outputsize)) {
        fault_set(&rec->fault, MMU_FAULT_ADDRESS_SIZE, 0);
        return;
    }
    unsigned stride = p.grainsize - 3, level = (unsigned)p.level;
    /* the base register's bits below the start table's alignment are RES0: ignored */
    unsigned baselowerbound = 3 + p.inputsize - ((3 - level) * stride + p.grainsize);
    uint64_t base = p.ttbr & ones(47, baselowerbound);
    unsigned addrselecttop = p.inputsize - 1, addrselectbottom;
    unsigned ap_table = 0;
    bool xn_table = false, pxn_table = false, via_s2 = s2_walks(c, acc, secondstage);
    uint64_t desc;
    for (;;) {
        addrselectbottom = (3 - level) * stride + p.grainsize;
        uint64_t descaddr = base | field(inputaddr, addrselecttop, addrselectbottom) << 3, descpa = descaddr;
        if (via_s2 && !AArch64_SecondStageWalk(c, acc, descaddr, va, false, &descpa, &rec->fault))
            return;
        if (!read_desc(c, descpa, p.ee, &desc)) {
            fault_set(&rec->fault, MMU_FAULT_EXTERNAL_WALK, level);
            return;
        }
        rec->descaddr = descaddr;
        /* Fault (0bx0), or Block (0b01) at level 3 */
        if (!(desc & 1) || ((desc & 3) == 1 && level == 3)) {
            fault_set(&rec->fault, MMU_FAULT_TRANSLATION, level);
            return;
        }
        if ((desc & 3) == 1 || level == 3)                  /* Block or Page */
            break;
        /* Table */
        if (p.outputsize < 48 && field(desc, 47, p.outputsize)) {
            fault_set(&rec->fault, MMU_FAULT_ADDRESS_SIZE, level);
            return;
        }
        base = desc & ones(47, p.grainsize);
        if (!secondstage && !p.hpd) {
            ap_table |= (unsigned)(desc >> 62 & 1) << 1;     /* APTable[1] */
            xn_table |= desc >> 60 & 1;                      /* XNTable / UXNTable */
            if (!p.singlepriv) {
                ap_table |= (unsigned)(desc >> 61 & 1);      /* APTable[0] */
                pxn_table |= desc >> 59 & 1;
            }
        }
        level++;
        addrselecttop = addrselectbottom - 1;
    }
    /* blocks exist from level 1 (4 KiB) or 2 (16 and 64 KiB) without FEAT_LPA(2) */
    unsigned firstblocklevel = p.grainsize == 12 ? 1 : 2;
    if (level < firstblocklevel) {
        fault_set(&rec->fault, MMU_FAULT_TRANSLATION, level);
        return;
    }
    uint64_t oa = (desc & ones(47, addrselectbottom)) | field(inputaddr, addrselectbottom - 1, 0);
    if (p.outputsize < 48 && field(oa, 47, p.outputsize)) {
        fault_set(&rec->fault, MMU_FAULT_ADDRESS_SIZE, level);
        return;
    }
    /* Access flag: with hardware management it is set instead (descupdate.AF) */
    if (!(desc >> 10 & 1)) {
        if (!p.update_af) {
            fault_set(&rec->fault, MMU_FAULT_ACCESS_FLAG, level);
            return;
        }
        rec->update_af = true;
    }
    /* Dirty state (DBM, bit 51): a read-only-for-now page is writable, made dirty by the
     * first write (descupdate.AP) */
    if (p.update_ap && (desc >> 51 & 1) && ((desc >> 7 & 1) == (secondstage ? 0u : 1u)))
        rec->update_ap = true;
    rec->desc = desc;
    rec->oa = oa;
    rec->level = level;
    rec->blocksize = 1ULL << addrselectbottom;
    if (secondstage)
        s2_leaf(c, acc, desc, s2fs1walk, rec);
    else
        s1_leaf(c, acc, &p, desc, ap_table, xn_table, pxn_table, rec);
}

/* AArch64.CheckAndUpdateDescriptor: the hardware Access flag and dirty state updates of
 * the walk, made when the access has no fault (an update despite a fault is CONSTRAINED
 * UNPREDICTABLE, Unpredictable_AFUPDATE: el2sim makes none). AT may set the Access flag
 * but never makes a page dirty. The descriptor is rewritten in memory, through stage 2
 * (as a write) for a stage 1 descriptor of EL1&0 under stage 2. */
static void AArch64_CheckAndUpdateDescriptor(el2_cpu *c, const mmu_access *acc, const ttw_record *rec,
                                             bool secondstage, bool s2fs1walk, bool hwupdatewalk,
                                             mmu_fault *fault)
{
    if (fault->kind != MMU_FAULT_NONE || acc->debug)   /* a debugger looks without touching */
        return;
    bool upd_af = rec->update_af;
    bool upd_ap = rec->update_ap && ((acc->write && !s2fs1walk && !acc->at) || hwupdatewalk);
    if (!upd_af && !upd_ap)
        return;
    uint64_t pa = rec->descaddr, desc;
    if (s2_walks(c, acc, secondstage) && !AArch64_SecondStageWalk(c, acc, rec->descaddr, fault->vaddress,
                                                                  true, &pa, fault))
        return;
    bool ee = c->sr[secondstage || acc->regime != REGIME_EL10 ? SR_SCTLR_EL2 : SR_SCTLR_EL1] & SCTLR_EE;
    if (!read_desc(c, pa, ee, &desc)) {
        fault_set(fault, MMU_FAULT_EXTERNAL_WALK, rec->level);
        return;
    }
    if (upd_af)
        desc |= 1ULL << 10;
    if (upd_ap)
        desc = secondstage ? desc | 1ULL << 7 : desc & ~(1ULL << 7);
    write_desc(c, pa, ee, desc);
}

/* ---- permissions ---- */

/* AArch64.CheckPermission: stage 1. Two privilege levels (EL1&0, EL2&0): AP[1] opens a
 * page to EL0, AP[2] makes it read-only; PXN, UXN; WXN makes writable pages execute-never;
 * a page EL0 can write is never executable at the privileged level; PAN takes privileged
 * loads and stores (and AT S1E1RP/WP) away from pages EL0 can read. One privilege level
 * (EL2): AP[2] and XN (and WXN) only. */
static void AArch64_CheckPermission(el2_cpu *c, const mmu_access *acc, mmu_result *res)
{
    regime_regs rr;
    regime_regs_of(c, acc->regime, &rr);
    bool wxn = rr.sctlr & SCTLR_WXN, r, w, xn;
    if (acc->regime != REGIME_EL2) {
        bool priv_r = true, priv_w = !(res->ap & 2), user_r = res->ap & 1, user_w = res->ap == 1;
        bool ispriv = acc->el != 0;
        bool user_xn = res->xn || (user_w && wxn);
        bool priv_xn = res->pxn || (priv_w && wxn) || user_w;
        bool is_ldst = !acc->at && !acc->fetch;
        if (features(c)->pan && acc->pan && user_r && ispriv && (is_ldst || acc->ats1xp))
            priv_r = priv_w = false;
        r = ispriv ? priv_r : user_r;
        w = ispriv ? priv_w : user_w;
        xn = ispriv ? priv_xn : user_xn;
    } else {
        r = true;
        w = !(res->ap & 2);
        xn = res->xn || (w && wxn);
    }
    res->may_read = r;
    res->may_write = w;
    res->may_exec = !xn;
    bool fail = acc->fetch ? xn : acc->write ? !w : !r;
    if (fail) {
        res->fault.kind = MMU_FAULT_PERMISSION;
        res->fault.level = res->level;
        res->fault.write = acc->write && !acc->fetch;        /* !failedread */
    }
}

/* AArch64.CheckS2Permission: S2AP[0] read, S2AP[1] write, XN (with FEAT_XNX, XN[1:0]:
 * 01 execute-never at EL1, 11 at EL0). A stage 1 walk is checked as a read (as a write
 * for its hardware update). */
static void AArch64_CheckS2Permission(el2_cpu *c, const mmu_access *acc, const ttw_record *s2,
                                      bool s2fs1walk, bool hwupdatewalk, mmu_result *res)
{
    bool r = s2->s2ap & 1, w = s2->s2ap & 2, xn;
    switch (s2->s2xn) {
    case 0: xn = false; break;
    case 1: xn = acc->el == 1; break;
    case 2: xn = true; break;
    default: xn = acc->el == 0; break;
    }
    bool fail, failedread;
    if (acc->fetch && !s2fs1walk) {
        fail = xn;
        failedread = true;
    } else if (acc->write && !s2fs1walk) {
        fail = !w;
        failedread = false;
    } else if (hwupdatewalk) {
        fail = !w;
        failedread = !acc->write;
    } else {
        fail = !r;
        failedread = !acc->write;
    }
    if (!s2fs1walk) {
        res->may_read &= r;
        res->may_write &= w;
        res->may_exec &= !xn;
    }
    if (fail) {
        res->fault = s2->fault;
        res->fault.kind = MMU_FAULT_PERMISSION;
        res->fault.level = s2->level;
        res->fault.write = !failedread;
    }
}

/* ---- the stages ---- */

/* AArch64.SecondStageTranslate(S1, vaddress, acctype, iswrite, wasaligned, s2fs1walk,
 * size, hwupdatewalk): res holds stage 1's output (res->ipa) and gets the PA. */
static void SecondStageTranslate(el2_cpu *c, const mmu_access *acc, mmu_result *res, bool s2fs1walk,
                                 bool hwupdatewalk)
{
    ttw_record s2;
    AArch64_TranslationTableWalk(c, acc, res->ipa, res->va, true, s2fs1walk, &s2);
    res->s2_enabled = true;
    if (s2.fault.kind != MMU_FAULT_NONE) {
        res->fault = s2.fault;
        return;
    }
    res->s2_level = s2.level;
    res->s2_size = s2.blocksize;
    res->s2ap = s2.s2ap;
    res->s2xn = s2.s2xn;
    if (acc->misaligned && !acc->fetch && !s2fs1walk && s2.attrs.device) {
        res->fault = s2.fault;
        fault_set(&res->fault, MMU_FAULT_ALIGNMENT, 0);
        return;
    }
    AArch64_CheckS2Permission(c, acc, &s2, s2fs1walk, hwupdatewalk, res);
    /* Protected table walk: a stage 1 walk that stage 2 makes Device memory is a stage 2
     * Permission fault */
    if (res->fault.kind == MMU_FAULT_NONE && s2fs1walk && (c->sr[SR_HCR_EL2] & HCR_PTW_BIT) && s2.attrs.device) {
        res->fault = s2.fault;
        fault_set(&res->fault, MMU_FAULT_PERMISSION, s2.level);
    }
    /* An instruction fetch from Device memory that is not execute-never is CONSTRAINED
     * UNPREDICTABLE (AArch64.InstructionDevice): el2sim takes Constraint_NONE, the memory
     * is treated as Normal Non-cacheable (as for stage 1 below). */
    if (acc->fetch && !s2fs1walk && s2.attrs.device) {
        s2.attrs = (mmu_memattrs){ .inner = attr_hints(MEMATTR_NC, 0, false),
                                   .outer = attr_hints(MEMATTR_NC, 0, false) };
        MemAttrDefaults(&s2.attrs);
    }
    AArch64_CheckAndUpdateDescriptor(c, acc, &s2, true, s2fs1walk, hwupdatewalk, &res->fault);
    if (res->fault.kind != MMU_FAULT_NONE)
        return;
    res->pa = s2.oa;
    res->attrs = CombineS1S2Attrs(&res->attrs, &s2.attrs);
}

/* AArch64.TranslateAddressS1Off: the flat mapping (the address must fit in PAMax()
 * below its top bit, else an Address size fault at level 0). Data accesses are to
 * Device-nGnRnE memory, instruction fetches to Normal memory (Write-through with
 * SCTLR_ELx.I, else Non-cacheable); with HCR_EL2.DC for EL1&0, Normal Write-back
 * Non-shareable memory. */
static void AArch64_TranslateAddressS1Off(el2_cpu *c, const mmu_access *acc, uint64_t va, mmu_result *res)
{
    unsigned top = AddrTop(c, acc->regime, va);
    if (field(va, top, PAMax(c))) {
        res->fault = (mmu_fault){ .kind = MMU_FAULT_ADDRESS_SIZE, .level = 0, .stage = 1, .write = acc->write,
                                  .fetch = acc->fetch, .at = acc->at, .vaddress = va };
        return;
    }
    mmu_memattrs *m = &res->attrs;
    memset(m, 0, sizeof *m);
    if (acc->regime == REGIME_EL10 && (c->sr[SR_HCR_EL2] & HCR_DC_BIT) && !in_host(c)) {
        m->inner = m->outer = attr_hints(MEMATTR_WB, 3, false);
    } else if (!acc->fetch) {
        m->device = true;
        m->devtype = DEVICE_nGnRnE;
    } else {
        regime_regs rr;
        regime_regs_of(c, acc->regime, &rr);
        m->inner = (rr.sctlr & SCTLR_I) ? attr_hints(MEMATTR_WT, 2, false) : attr_hints(MEMATTR_NC, 0, false);
        m->outer = m->inner;
        m->shareable = m->outershareable = true;
    }
    MemAttrDefaults(m);
    res->ipa = res->pa = field(va, 51, 0);
    res->may_read = res->may_write = res->may_exec = true;
}

static void first_stage_walk(el2_cpu *c, const mmu_access *acc, uint64_t va, mmu_result *res);

/* AArch64.FirstStageTranslate(vaddress, acctype, iswrite, wasaligned, size); an EL1&0
 * using AArch32 is AArch32.FirstStageTranslate (mmu_a32.c): its short-descriptor walk, or
 * its long-descriptor one as this walker's with the VA placed in the TTBR's half */
static void AArch64_FirstStageTranslate(el2_cpu *c, const mmu_access *acc, uint64_t va, mmu_result *res)
{
    res->s1_enabled = mmu_s1_enabled(c, acc->regime);
    if (!res->s1_enabled) {
        AArch64_TranslateAddressS1Off(c, acc, va, res);
        return;
    }
    uint64_t wva = va;
    if (acc->regime == REGIME_EL10 && el_is_aarch32(c, 1) && AArch32_FirstStageTranslate(c, acc, va, res, &wva))
        return;
    first_stage_walk(c, acc, wva, res);
    res->fault.vaddress = va;
    if (wva != va && res->fault.kind != MMU_FAULT_NONE && res->fault.level == 0)
        res->fault.level = 1;         /* (AArch32 reports a walk that finds no base at level 1) */
}

static void first_stage_walk(el2_cpu *c, const mmu_access *acc, uint64_t va, mmu_result *res)
{
    ttw_record s1;
    AArch64_TranslationTableWalk(c, acc, va, va, false, false, &s1);
    if (s1.fault.kind != MMU_FAULT_NONE) {
        res->fault = s1.fault;
        return;
    }
    res->ipa = res->pa = s1.oa;
    res->attrs = s1.attrs;
    res->level = s1.level;
    res->size = s1.blocksize;
    res->attrindx = s1.attrindx;
    res->ap = s1.ap;
    res->xn = s1.xn;
    res->pxn = s1.pxn;
    res->ng = s1.ng;
    res->fault = s1.fault;
    if (acc->misaligned && !acc->fetch && s1.attrs.device) {
        fault_set(&res->fault, MMU_FAULT_ALIGNMENT, 0);
        return;
    }
    AArch64_CheckPermission(c, acc, res);
    /* Instruction fetch from Device memory (not execute-never, or it would have faulted):
     * Constraint_NONE of AArch64.InstructionDevice, Normal Non-cacheable. */
    if (res->fault.kind == MMU_FAULT_NONE && acc->fetch && res->attrs.device) {
        res->attrs = (mmu_memattrs){ .inner = attr_hints(MEMATTR_NC, 0, false),
                                     .outer = attr_hints(MEMATTR_NC, 0, false) };
        MemAttrDefaults(&res->attrs);
    }
    AArch64_CheckAndUpdateDescriptor(c, acc, &s1, false, false, false, &res->fault);
}

bool AArch64_TranslateAddress(el2_cpu *c, const mmu_access *acc, uint64_t va, mmu_result *res)
{
    memset(res, 0, sizeof *res);
    res->va = va;
    res->ns = true;
    AArch64_FirstStageTranslate(c, acc, va, res);
    if (res->fault.kind == MMU_FAULT_NONE && !acc->stage1_only && acc->regime == REGIME_EL10 &&
        mmu_s2_enabled(c))
        SecondStageTranslate(c, acc, res, false, false);
    /* AArch64.TranslationTableWalk: "if !basefound || disabled then level = 0; // AArch32
     * reports this as a level 1 fault" (and no AArch32 walk starts at level 0) */
    if (c->a32_machine && res->fault.kind != MMU_FAULT_NONE && res->fault.level == 0)
        res->fault.level = 1;
    return res->fault.kind == MMU_FAULT_NONE;
}

/* ---- syndromes and aborts ---- */

uint32_t AArch64_FaultSyndrome(const mmu_fault *f, bool same_el)
{
    uint32_t flags = f->s1ptw ? ISS_ABT_S1PTW : 0;
    if (f->fetch)
        return syn_insn_abort_iss(same_el, mmu_fault_fsc(f), flags);
    /* cache maintenance and address translation instructions: CM = 1, WnR = 1 */
    if (f->at)
        flags |= ISS_DABT_CM | ISS_DABT_WNR;
    else if (f->write)
        flags |= ISS_DABT_WNR;
    return syn_data_abort_iss(same_el, mmu_fault_fsc(f), flags);
}

/* IPAValid(fault): a stage 2 Translation, Access flag or Address size fault, or any of
 * those and a Permission fault on a stage 1 walk. */
bool mmu_ipa_valid(const mmu_fault *f)
{
    if (f->stage != 2)
        return false;
    switch (f->kind) {
    case MMU_FAULT_TRANSLATION:
    case MMU_FAULT_ACCESS_FLAG:
    case MMU_FAULT_ADDRESS_SIZE:
        return true;
    case MMU_FAULT_PERMISSION:
        return f->s1ptw;
    default:
        return false;
    }
}

/* AArch64.Abort -> AArch64.DataAbort / AArch64.InstructionAbort: from EL0/EL1 to EL2 for
 * a stage 2 fault or with HCR_EL2.TGE, from EL2 to EL2, otherwise to EL1. (HCR_EL2.TEA
 * and SCR_EL3.EA routing of External aborts are not modelled.) */
/* LSInstructionSyndrome: ISS[23:14] (SAS, SSE, SRT, SF, AR) of a load or store of one
 * general-purpose register with no writeback - LDR/STR (immediate, unscaled, register,
 * unprivileged) of any size and sign, LDAR/STLR - else false (pairs, writeback forms,
 * SIMD&FP, exclusives, atomics: ISV = 0). Arm ARM ESR_ELx "ISS encoding for an exception
 * from a Data Abort", ISV. */
static bool LSInstructionSyndrome(uint32_t insn, uint32_t *iss)
{
    unsigned size = insn >> 30, rt = insn & 31, opc = (insn >> 22) & 3;
    bool ar = false;
    if ((insn & 0x3fa08000) == 0x08808000) {              /* LDAR, STLR (o2 = 1, o1 = 0, o0 = 1) */
        ar = true;
        opc = (insn >> 22) & 1;                             /* L */
    } else if ((insn & 0x3f000000) == 0x39000000 ||        /* unsigned immediate */
               (insn & 0x3f200c00) == 0x38000000 ||        /* unscaled immediate */
               (insn & 0x3f200c00) == 0x38000800 ||        /* unprivileged */
               (insn & 0x3f200c00) == 0x38200800) {        /* register offset */
        if (opc == 2 && size == 3)
            return false;                                   /* PRFM */
        if (opc == 3 && size >= 2)
            return false;                                   /* unallocated */
    } else {
        return false;
    }
    bool sse = opc >= 2;                                   /* LDRS*: sign-extending loads */
    bool sf = opc == 2 || (opc < 2 && size == 3);          /* the register is 64 bits wide */
    *iss = size << 22 | (sse ? 1u << 21 : 0) | rt << 16 | (sf ? 1u << 15 : 0) | (ar ? 1u << 14 : 0);
    return true;
}

void AArch64_Abort(el2_cpu *c, const mmu_fault *f, uint64_t pc, uint32_t insn)
{
    AArch64_AbortLS(c, f, pc, insn, -1);
}

void AArch64_AbortLS(el2_cpu *c, const mmu_fault *f, uint64_t pc, uint32_t insn, int64_t ls)
{
    if (c->a32_machine) {               /* EL2 is Hyp mode: AArch32.Abort (mmu_a32.c) */
        AArch32_HypAbort(c, f, pc, insn, ls);
        return;
    }
    bool to_el2 = c->el == 2 || f->stage == 2 || (c->sr[SR_HCR_EL2] & HCR_TGE);
    unsigned target = to_el2 ? 2 : 1;
    if (target == 1 && c->aarch32 && el_is_aarch32(c, 1)) {
        AArch32_EL1Abort(c, f, pc, insn);     /* AArch32.Abort: Abort mode (mmu_a32.c) */
        return;
    }
    if (target == 2 && mmu_ipa_valid(f))
        c->sr[SR_HPFAR_EL2] = mmu_hpfar(f->ipaddress);
    uint32_t syn = AArch64_FaultSyndrome(f, target == c->el);
    /* AArch64.FaultSyndrome: the instruction syndrome for a stage 2 fault that is not on a
     * stage 1 walk (an External abort is not one here); an A64 one (from AArch32 insn is
     * an A32/T32 instruction, which this decoder does not read) */
    uint32_t ils = 0;
    bool isv = ls >= 0 ? ls > 0 : !c->aarch32 && LSInstructionSyndrome(insn, &ils);
    if (ls > 0)
        ils = (uint32_t)ls;
    if (!f->fetch && !f->at && f->stage == 2 && !f->s1ptw && isv)
        syn = syn_data_abort_isv(target == c->el, syn & 0x3f, syn & 0x7c0, ils);
    el2_exc_record exc = { .kind = f->fetch ? EXC_INSN_ABORT : EXC_DATA_ABORT,
                           .syndrome = syn,
                           .has_far = true, .vaddress = f->vaddress, .pc = pc, .insn = insn };
    AArch64_TakeException(c, target, &exc, pc, VECT_SYNC);
}

/* ---- PAR_EL1 and AT ---- */

static unsigned par_attr_half(const mmu_attr_hints *h)
{
    switch (h->attrs) {
    case MEMATTR_WT: return (h->transient ? 0x0u : 0x8u) | h->hints;
    case MEMATTR_WB: return (h->transient ? 0x4u : 0xcu) | h->hints;
    default: return 0x4;                                 /* Non-cacheable */
    }
}

/* EncodePARAttrs(memattrs): Device 0b0000dd00; Normal outer:inner as in MAIR */
uint8_t mmu_par_attrs(const mmu_memattrs *m)
{
    if (m->device)
        return (uint8_t)(m->devtype << 2);
    return (uint8_t)(par_attr_half(&m->outer) << 4 | par_attr_half(&m->inner));
}

/* PAR_EL1 (Arm ARM D19 "PAR_EL1, Physical Address Register"), bit 11 RES1 in both formats.
 * F = 0: ATTR[63:56] PA[47:12] NS[9] SH[8:7] (PAREncodeShareability: 0b10 for Device and
 * for Normal Non-cacheable, else 0b11 Inner / 0b10 Outer / 0b00 Non-shareable; NS is
 * UNKNOWN for a Non-secure regime: el2sim reports 1, the output address space, as QEMU
 * does). F = 1: S[9] (stage 2 fault) PTW[8] (on a stage 1 walk) FST[6:1]; bits 63:56
 * IMPLEMENTATION DEFINED: 0. */
uint64_t mmu_par(const mmu_result *r)
{
    if (r->fault.kind != MMU_FAULT_NONE)
        return 1ULL << 11 | (r->fault.stage == 2 ? 1ULL << 9 : 0) | (r->fault.s1ptw ? 1ULL << 8 : 0) |
               (uint64_t)mmu_fault_fsc(&r->fault) << 1 | 1;
    unsigned sh = !r->attrs.shareable ? 0 : r->attrs.outershareable ? 2 : 3;
    return (uint64_t)mmu_par_attrs(&r->attrs) << 56 | (r->pa & ones(47, 12)) | 1ULL << 11 |
           (r->ns ? 1ULL << 9 : 0) | (uint64_t)sh << 7;
}

/* AArch64.AT(address, stage, el, ataccess): translate as an access of el would (stage 1
 * of TranslationRegime(el), or EL1&0 stage 1 and 2 for S12E*), as a read or a write, and
 * report the outcome in PAR_EL1. A synchronous External abort on the walk, and from EL1 a
 * stage 2 fault on the stage 1 walk, are taken as Data Aborts instead (PAR_EL1 is then
 * UNKNOWN: left as it was). */
static void AArch64_AT(el2_cpu *c, uint64_t va, bool stage12, unsigned el, bool write, bool ats1xp,
                       uint64_t pc, uint32_t insn)
{
    mmu_access acc = { .regime = stage12 ? REGIME_EL10 : mmu_regime_of(c, el), .el = el, .write = write,
                       .at = true, .ats1xp = ats1xp, .stage1_only = !stage12 };
    /* PSTATE.PAN is not part of el2sim's state yet (no MSR PAN): it reads as 0, so AT
     * S1E1RP/WP give what S1E1R/W give. */
    acc.pan = false;
    mmu_result res;
    if (!AArch64_TranslateAddress(c, &acc, va, &res) &&
        (res.fault.kind == MMU_FAULT_EXTERNAL_WALK || (c->el == 1 && res.fault.s1ptw))) {
        AArch64_Abort(c, &res.fault, pc, insn);
        return;
    }
    c->sr[SR_PAR_EL1] = mmu_par(&res);
}

/* The AT encodings (op0 1, CRn 7): op1 0 CRm 8: S1E1R/W, S1E0R/W (op2 0-3); op1 0 CRm 9:
 * S1E1RP/WP (op2 0-1, FEAT_PAN2); op1 4 CRm 8: S1E2R/W (op2 0-1), S12E1R/W, S12E0R/W
 * (op2 4-7). Op1 6 (S1E3R/W) needs EL3, which the caller has refused. */
bool mmu_at_insn(el2_cpu *c, unsigned op1, unsigned crm, unsigned op2, uint64_t va, uint64_t pc, uint32_t insn)
{
    bool write = op2 & 1;
    if (op1 == 0 && crm == 8 && op2 < 4) {
        AArch64_AT(c, va, false, op2 < 2 ? 1 : 0, write, false, pc, insn);
        return true;
    }
    if (op1 == 0 && crm == 9 && op2 < 2 && features(c)->pan >= 2) {
        AArch64_AT(c, va, false, 1, write, true, pc, insn);
        return true;
    }
    if (op1 == 4 && crm == 8 && (op2 < 2 || op2 >= 4)) {
        if (op2 < 2)
            AArch64_AT(c, va, false, 2, write, false, pc, insn);
        else
            AArch64_AT(c, va, true, op2 < 6 ? 1 : 0, write, false, pc, insn);
        return true;
    }
    return false;
}
