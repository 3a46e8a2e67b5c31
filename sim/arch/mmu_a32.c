/* mmu_a32.c - AArch32 translation regimes (mmu_a32.h; issue 21, session 7) */
#include "mmu_a32.h"
#include "hyp32.h"
#include "aarch32.h"
#include "vmem.h"
#include "syndrome.h"
#include "sysreg.h"
#include "exception.h"
#include <string.h>
#include <glib.h>

#define TTBCR_EAE   (1ULL << 31)

/* AArch32.TranslationTableWalkLD for the Hyp regime (Arm ARM G5.5 "The VMSAv8-32
 * Long-descriptor translation table format"; HTCR): one VA range of 2^(32 - T0SZ) bytes,
 * T0SZ = HTCR[2:0]; a 4 KiB granule, the walk starting at level 1 (T0SZ 0-1) or level 2
 * (T0SZ 2-7); the walks' cacheability and shareability IRGN0[9:8], ORGN0[11:10], SH0[13:12];
 * output addresses of 40 bits (descriptor bits [39:12]; "OA[47:40] nonzero": an Address
 * size fault); HPD at bit 24 (FEAT_AA32HPD). The descriptors (AP[2:1] with AP[1] RES1 in
 * Hyp mode, XN, AF, SH, AttrIndx into HMAIR0/1, APTable/XNTable) are those of VMSAv8-64
 * stage 1 in the EL2 regime, so mmu.c's AArch64.TranslationTableWalk with T0SZ = 32 + T0SZ,
 * TG0 = 4 KiB and PS = 40 bits makes the same walk: its start level for a 32 - T0SZ bit
 * input (4 - ceil((inputsize - 12) / 9)) is LPAE's. */
uint64_t mmu_a32_htcr_as_tcr(uint64_t htcr)
{
    uint64_t t0sz = 32 + (htcr & 7);
    return t0sz | (htcr & 0x3f00) | (htcr & (1ULL << 24)) | 2ULL << 16 | 1ULL << 31 | 1ULL << 23;
}

/* AArch32.SecondStageTranslate -> AArch32.TranslationTableWalkLD for stage 2 (VTCR,
 * VTTBR): T0SZ = VTCR[3:0], a signed 4-bit value (VTCR.S, bit 4, is its sign), so the
 * IPA range is 2^(32 - T0SZ) bytes, up to 40 bits; SL0 [7:6]: 0b00 the walk starts at
 * level 2, 0b01 at level 1 (as VTCR_EL2.SL0 for 4 KiB); IRGN0, ORGN0, SH0 [13:8]; the
 * descriptors are VMSAv8-64 stage 2 ones (S2AP, XN, MemAttr, AF); 40-bit output
 * addresses. As a VTCR_EL2: T0SZ = 32 + T0SZ, TG0 = 4 KiB, PS = 40 bits. */
uint64_t mmu_a32_vtcr_as_vtcr(uint64_t vtcr)
{
    int t0sz = (int)(vtcr & 0xf) - ((vtcr & 8) ? 16 : 0);
    return (uint64_t)(32 + t0sz) | (vtcr & 0x3fc0) | 2ULL << 16 | 1ULL << 31;
}

/* AArch32.FaultStatusSD's FS for a fault of a short-descriptor walk (Arm ARM G5 "Fault
 * status encodings"; level 1 = section, level 2 = page): Translation 0b00101/0b00111, Access
 * flag 0b00011/0b00110, Domain 0b01001/0b01011, Permission 0b01101/0b01111, synchronous
 * External abort on the walk 0b01100/0b01110, Alignment 0b00001, else External 0b01000 */
static unsigned sd_fs(const mmu_fault *f)
{
    bool l2 = f->level >= 2;
    switch (f->kind) {
    case MMU_FAULT_TRANSLATION: return l2 ? 0x07 : 0x05;
    case MMU_FAULT_ACCESS_FLAG: return l2 ? 0x06 : 0x03;
    case MMU_FAULT_DOMAIN: return l2 ? 0x0b : 0x09;
    case MMU_FAULT_PERMISSION: return l2 ? 0x0f : 0x0d;
    case MMU_FAULT_EXTERNAL_WALK: return l2 ? 0x0e : 0x0c;
    case MMU_FAULT_ALIGNMENT: return 0x01;
    default: return 0x08;
    }
}

/* DFSR/IFSR of a stage 1 fault of the PL1&0 regime: with TTBCR.EAE the long-descriptor
 * layout (LPAE bit 9, STATUS [5:0] = the FSC), else the short one (FS[4] at bit 10, FS[3:0];
 * Domain [7:4] left 0: UNKNOWN in the Arm ARM); WnR (bit 11) for a write (AArch32.FaultStatus*) */
uint32_t mmu_a32_fsr(el2_cpu *c, const mmu_fault *f)
{
    uint32_t wnr = !f->fetch && f->write ? 1u << 11 : 0;
    if (c->sr[SR_TCR_EL1] & TTBCR_EAE)
        return wnr | 1u << 9 | mmu_fault_fsc(f);
    unsigned fs = sd_fs(f);
    return wnr | (fs & 0x10) << 6 | (fs & 0xf);
}

/* AArch32.Abort to the AArch32 EL1 (a stage 1 fault of its own regime, HCR.TGE = 0):
 * AArch32.TakeDataAbortException (DFSR = DFSR, DFAR = FAR_EL1<31:0>, Abort mode at VBAR +
 * 0x10, LR = the instruction + 8) or AArch32.TakePrefetchAbortException (IFSR32_EL2,
 * IFAR = FAR_EL1<63:32>, VBAR + 0x0C, LR + 4). A vector the translation does not let the
 * PL1 fetch from would fault forever: the run stops instead. */
void AArch32_EL1Abort(el2_cpu *c, const mmu_fault *f, uint64_t pc, uint32_t insn)
{
    bool data = !f->fetch;
    uint32_t off = data ? 0x10 : 0x0c, va = (uint32_t)f->vaddress;
    uint64_t sctlr = c->sr[SR_SCTLR_EL1];
    uint32_t vector = ((sctlr & (1ULL << 13)) ? 0xffff0000u : (uint32_t)c->sr[SR_VBAR_EL1] & ~0x1fu) + off;
    uint64_t pa;
    unsigned el = c->el;
    c->el = 1;                                  /* (the vector is fetched at PL1) */
    bool ok = cpu_va_to_pa(c, vector, false, true, &pa, NULL);
    c->el = el;
    if (!ok) {
        cpu_stop(c, STOP_FAULT, 0, "the %s at %s (address 0x%x) goes to the AArch32 EL1's vector 0x%x, which its "
                 "translation does not map for a fetch: it would abort forever", data ? "Data Abort" : "Prefetch Abort",
                 cpu_sym(c, pc), va, vector);
        return;
    }
    AArch32_TakeAbortToEL1(c, data ? EXC_DATA_ABORT : EXC_INSN_ABORT, pc, insn, va, mmu_a32_fsr(c, f));
}

/* AArch32.Abort(vaddress, fault) on the Hyp-mode machine (aarch32/exceptions): from Hyp
 * mode AArch32.TakePrefetchAbortException / TakeDataAbortException enter Hyp mode at
 * HVBAR + 0x0C / 0x10 with HSR EC 0x21 / 0x25 (the long-descriptor FSC Hyp mode uses) and
 * HIFAR / HDFAR the VA; from a PL1 or PL0 mode a stage 2 fault, or any fault from User
 * mode with HCR.TGE, enters Hyp mode at the Hyp Trap entry 0x14 with EC 0x20 / 0x24 and
 * HPFAR for an IPA that IPAValid gives; preferred return: the instruction (the fetch).
 * A stage 1 fault of a PL1/PL0 regime goes to Abort mode (AArch32_EL1Abort). */
void AArch32_HypAbort(el2_cpu *c, const mmu_fault *f, uint64_t pc, uint32_t insn, int64_t ls)
{
    bool to_hyp = c->el == 2 || f->stage == 2 || (c->el == 0 && (c->sr[SR_HCR_EL2] & HCR_TGE));
    if (!to_hyp) {
        AArch32_EL1Abort(c, f, pc, insn);
        return;
    }
    if (c->el != 2 && mmu_ipa_valid(f))
        c->sr[SR_HPFAR_EL2] = mmu_hpfar(f->ipaddress);
    uint32_t syn = AArch64_FaultSyndrome(f, c->el == 2);
    /* HSR.ISV with the instruction syndrome for a stage 2 fault not on a stage 1 walk */
    if (!f->fetch && f->stage == 2 && !f->s1ptw && ls > 0)
        syn = syn_data_abort_isv(false, syn & 0x3f, syn & 0x7c0, (uint32_t)ls);
    el2_exc_record exc = { .kind = f->fetch ? EXC_INSN_ABORT : EXC_DATA_ABORT, .syndrome = syn,
                           .has_far = true, .vaddress = (uint32_t)f->vaddress, .pc = pc, .insn = insn };
    AArch32_EnterHypMode(c, &exc, (uint32_t)pc, hyp32_vector(c, exc.kind));
}

/* ---- the VMSAv8-32 short-descriptor format (an AArch32 EL1&0 with TTBCR.EAE = 0) ---- */

#define SCTLR_AFE   (1ULL << 29)
#define SCTLR_TRE   (1ULL << 28)
#define SCTLR32_WXN (1ULL << 19)

/* One short descriptor's grant, gathered by the walk */
typedef struct sd_leaf {
    uint64_t pa, size;
    unsigned level, domain, ap;        /* AP[2:0] */
    bool xn, pxn, ng;
    unsigned tex, c, b, s;
} sd_leaf;

/* The 32-bit descriptor at ipa (through stage 2: S1PTW); false with res->fault */
static bool sd_read(el2_cpu *c, const mmu_access *acc, uint64_t ipa, uint64_t va, unsigned level,
                    uint32_t *desc, mmu_result *res)
{
    uint64_t pa;
    mmu_fault f = { 0 };
    if (!mmu_s1_walk_pa(c, acc, ipa, va, &pa, &f)) {
        res->fault = f;
        res->fault.vaddress = va;
        return false;
    }
    uint32_t raw;
    if (!cpu_read(c, pa, &raw, sizeof raw)) {
        res->fault = (mmu_fault){ .kind = MMU_FAULT_EXTERNAL_WALK, .level = level, .stage = 1,
                                  .write = acc->write, .fetch = acc->fetch, .vaddress = va };
        return false;
    }
    *desc = (c->sr[SR_SCTLR_EL1] & (1ULL << 25)) ? GUINT32_FROM_BE(raw) : GUINT32_FROM_LE(raw);
    return true;
}

static void sd_fault(mmu_result *res, const mmu_access *acc, mmu_fault_kind kind, unsigned level, uint64_t va)
{
    res->fault = (mmu_fault){ .kind = kind, .level = level, .stage = 1, .write = acc->write,
                              .fetch = acc->fetch, .at = acc->at, .vaddress = va };
}

/* AArch32.TranslationTableWalkSD: TTBCR.N splits the VA space (TTBR0 below 2^(32 - N)
 * unless N = 0, TTBR1 above; TTBCR.PD0/PD1 disable a walk: a level 1 Translation fault);
 * level 1: Fault, Page table (PXN bit 2, Domain [8:5], base [31:10]), Section (1 MiB: B,
 * C, XN 4, Domain, AP[1:0] 11:10, TEX 14:12, AP[2] 15, S 16, nG 17, PXN bit 0) or
 * Supersection (bit 18: 16 MiB, PA[39:32] from bits [8:5] and [23:20], Domain 0); level 2:
 * Fault, Large page (64 KiB: XN 15, TEX 14:12) or Small page (4 KiB: XN 0, TEX 8:6), with
 * B 2, C 3, AP[1:0] 5:4, AP[2] 9, S 10, nG 11. */
static bool sd_walk(el2_cpu *c, const mmu_access *acc, uint32_t va, sd_leaf *l, mmu_result *res)
{
    uint64_t ttbcr = c->sr[SR_TCR_EL1];
    unsigned n = ttbcr & 7;
    bool ttbr1 = n && (va >> (32 - n)) != 0;
    if (ttbcr & (ttbr1 ? 1u << 5 : 1u << 4)) {                  /* PD1 / PD0 */
        sd_fault(res, acc, MMU_FAULT_TRANSLATION, 1, va);
        return false;
    }
    uint32_t ttbr = (uint32_t)c->sr[ttbr1 ? SR_TTBR1_EL1 : SR_TTBR0_EL1];
    unsigned top = ttbr1 ? 14 : 14 - n;                          /* base: TTBR[31:14-N] */
    uint64_t base = ttbr & ~((1u << top) - 1);
    uint32_t index = ttbr1 ? va >> 20 : (va << n) >> (20 + n);
    uint32_t d1;
    if (!sd_read(c, acc, base | index << 2, va, 1, &d1, res))
        return false;
    memset(l, 0, sizeof *l);
    switch (d1 & 3) {
    case 0:
        sd_fault(res, acc, MMU_FAULT_TRANSLATION, 1, va);
        return false;
    case 1: {                                                    /* Page table */
        uint32_t d2;
        l->domain = d1 >> 5 & 15;
        l->pxn = d1 >> 2 & 1;
        if (!sd_read(c, acc, (d1 & 0xfffffc00u) | ((va >> 12) & 0xff) << 2, va, 2, &d2, res))
            return false;
        l->level = 2;
        if (!(d2 & 3)) {
            sd_fault(res, acc, MMU_FAULT_TRANSLATION, 2, va);
            l->level = 2;
            return false;
        }
        if ((d2 & 3) == 1) {                                     /* Large page */
            l->size = 0x10000;
            l->pa = (d2 & 0xffff0000u) | (va & 0xffff);
            l->xn = d2 >> 15 & 1;
            l->tex = d2 >> 12 & 7;
        } else {                                                 /* Small page */
            l->size = 0x1000;
            l->pa = (d2 & 0xfffff000u) | (va & 0xfff);
            l->xn = d2 & 1;
            l->tex = d2 >> 6 & 7;
        }
        l->b = d2 >> 2 & 1;
        l->c = d2 >> 3 & 1;
        l->ap = (d2 >> 4 & 3) | (d2 >> 9 & 1) << 2;
        l->s = d2 >> 10 & 1;
        l->ng = d2 >> 11 & 1;
        return true;
    }
    default:                                                     /* Section, Supersection */
        l->level = 1;
        l->pxn = d1 & 1;
        l->b = d1 >> 2 & 1;
        l->c = d1 >> 3 & 1;
        l->xn = d1 >> 4 & 1;
        l->ap = (d1 >> 10 & 3) | (d1 >> 15 & 1) << 2;
        l->tex = d1 >> 12 & 7;
        l->s = d1 >> 16 & 1;
        l->ng = d1 >> 17 & 1;
        if (d1 >> 18 & 1) {
            l->size = 16u << 20;
            l->pa = (d1 & 0xff000000u) | (va & 0xffffff) | (uint64_t)(d1 >> 20 & 15) << 32 |
                    (uint64_t)(d1 >> 5 & 15) << 36;
            l->domain = 0;
        } else {
            l->size = 1u << 20;
            l->pa = (d1 & 0xfff00000u) | (va & 0xfffff);
            l->domain = d1 >> 5 & 15;
        }
        return true;
    }
}

/* AArch32.RemappedTEXDecode / DefaultTEXDecode, to the extent el2sim uses attributes
 * (Device or Normal, cacheability): with SCTLR.TRE the region type PRRR.TR<n> and NMRR's
 * IR<n>/OR<n> for n = TEX[0]:C:B (PRRR is MAIR_EL1[31:0], NMRR MAIR_EL1[63:32]); without,
 * TEX[2] = 1 Normal (inner C:B, outer TEX[1:0]), TEX:C:B 000:0x Device, 000:1x Normal WT/WB,
 * 001:00 Normal NC, 001:11 Normal WB, 010:00 Device. */
static mmu_attr_hints sd_cache(unsigned rgn)
{
    static const uint8_t a[4] = { MEMATTR_NC, MEMATTR_WB, MEMATTR_WT, MEMATTR_WB };
    return (mmu_attr_hints){ .attrs = a[rgn & 3], .hints = rgn & 3 ? 3 : 0 };
}

static void sd_attrs(el2_cpu *c, const sd_leaf *l, mmu_memattrs *m)
{
    memset(m, 0, sizeof *m);
    if (c->sr[SR_SCTLR_EL1] & SCTLR_TRE) {
        unsigned n = (l->tex & 1) << 2 | l->c << 1 | l->b;
        uint64_t mair = c->sr[SR_MAIR_EL1];
        unsigned tr = (unsigned)(mair >> (2 * n)) & 3;
        if (tr != 2) {
            m->device = true;
            m->devtype = tr == 0 ? DEVICE_nGnRnE : DEVICE_nGnRE;
        } else {
            m->inner = sd_cache((unsigned)(mair >> (32 + 2 * n)));
            m->outer = sd_cache((unsigned)(mair >> (48 + 2 * n)));
            m->shareable = l->s;
        }
    } else if (l->tex & 4) {
        m->inner = sd_cache(l->c << 1 | l->b);
        m->outer = sd_cache(l->tex & 3);
        m->shareable = l->s;
    } else if ((l->tex == 0 && !l->c) || (l->tex == 2 && !l->c && !l->b)) {
        m->device = true;
        m->devtype = l->b && l->tex == 0 ? DEVICE_nGnRE : DEVICE_nGnRnE;
    } else {
        unsigned rgn = l->tex == 1 ? (l->c ? 1 : 0) : (l->b ? 1 : 2);   /* WB : WT */
        m->inner = m->outer = sd_cache(rgn == 1 ? 3 : rgn);
        m->shareable = l->s;
    }
    if (m->device || (m->inner.attrs == MEMATTR_NC && m->outer.attrs == MEMATTR_NC))
        m->shareable = m->outershareable = true;
}

/* AArch32.CheckDomain and AArch32.CheckPermission (short descriptors): DACR.D<domain>
 * 0b00 (and the reserved 0b10) No access: a Domain fault; 0b11 Manager: no permission
 * check; 0b01 Client: with SCTLR.AFE, AP[0] is the Access flag (0: an Access flag fault)
 * and AP[2:1] the AArch64 way (AP[1]: PL0 access, AP[2]: read-only); without, AP[2:0]
 * 000 none, 001 PL1 RW, 010 PL1 RW PL0 RO, 011 RW, 101 PL1 RO, 11x RO (100 reserved: none).
 * XN, PXN for a privileged fetch, SCTLR.WXN make fetches fault. */
static void sd_permission(el2_cpu *c, const mmu_access *acc, const sd_leaf *l, mmu_result *res)
{
    unsigned d = (unsigned)(c->sr[SR_DACR32_EL2] >> (2 * l->domain)) & 3;
    uint64_t sctlr = c->sr[SR_SCTLR_EL1];
    bool priv = acc->el != 0;
    res->may_read = res->may_write = res->may_exec = true;
    if (d == 0 || d == 2) {
        res->may_read = res->may_write = res->may_exec = false;
        sd_fault(res, acc, MMU_FAULT_DOMAIN, l->level, res->va);
        return;
    }
    bool r = true, w = true;
    if (d == 1) {
        if ((sctlr & SCTLR_AFE) && !(l->ap & 1)) {
            sd_fault(res, acc, MMU_FAULT_ACCESS_FLAG, l->level, res->va);
            return;
        }
        unsigned ap = (sctlr & SCTLR_AFE) ? (l->ap | 1) : l->ap;
        switch (ap) {
        case 0: case 4: r = w = false; break;
        case 1: r = w = priv; break;
        case 2: r = true; w = priv; break;
        case 3: break;
        case 5: r = priv; w = false; break;
        default: w = false; break;
        }
    }
    bool x = r && !l->xn && !(priv && l->pxn) && !((sctlr & SCTLR32_WXN) && w);
    res->may_read = r;
    res->may_write = w;
    res->may_exec = x;
    if (acc->fetch ? !x : acc->write ? !w : !r)
        sd_fault(res, acc, MMU_FAULT_PERMISSION, l->level, res->va);
}

/* ---- the VMSAv8-32 long-descriptor format at EL1&0 (TTBCR.EAE = 1) ---- */

/* AArch32.TranslationTableWalkLD for EL1&0: TTBCR T0SZ [2:0] and T1SZ [18:16] (3 bits: VA
 * ranges of 2^(32 - TxSZ) bytes), EPD0 7, IRGN0/ORGN0/SH0 [13:8], A1 22, EPD1 23,
 * IRGN1/ORGN1/SH1 [29:24]; 4 KiB granule; 40-bit output addresses; TTBR0/TTBR1 64-bit (ASID
 * [55:48] with A1), MAIR0/MAIR1 = MAIR_EL1. The descriptors (AP[2:1] with AP[1] the PL0
 * access, PXN, XN, AF, SH, AttrIndx) are VMSAv8-64 stage 1 ones of EL1&0. As a TCR_EL1:
 * T0SZ/T1SZ + 32, TG0 4 KiB, TG1 0b10 (4 KiB), IPS 40 bits, no TBI. */
uint64_t mmu_a32_ttbcr_as_tcr(uint64_t ttbcr)
{
    uint64_t t0 = 32 + (ttbcr & 7), t1 = 32 + (ttbcr >> 16 & 7);
    return t0 | (ttbcr & 0x3f80) | t1 << 16 | (ttbcr & 0x3fc00000) | 2ULL << 30 | 2ULL << 32;
}

/* Which TTBR translates va (AArch32.TranslationTableWalkLD, as the Arm ARM's VMSAv8-32
 * "Selecting between TTBR0 and TTBR1" has it): TTBR0 when T0SZ > 0 and VA[31:32-T0SZ] is
 * zero, else TTBR1 when T1SZ > 0 and VA[31:32-T1SZ] is all ones, else TTBR0 when T0SZ = 0,
 * else TTBR1 when T1SZ = 0; otherwise neither (a level 1 Translation fault). The AArch64
 * walk finds TTBR1 for a VA with bits [63:32] set. */
static bool ld_walk_va(uint64_t ttbcr, uint32_t va, uint64_t *walk_va)
{
    unsigned t0 = ttbcr & 7, t1 = ttbcr >> 16 & 7;
    bool ttbr1;
    if (t0 && !(va >> (32 - t0)))
        ttbr1 = false;
    else if (t1 && (va >> (32 - t1)) == (1u << t1) - 1)
        ttbr1 = true;
    else if (!t0)
        ttbr1 = false;
    else if (!t1)
        ttbr1 = true;
    else
        return false;
    *walk_va = ttbr1 ? va | 0xffffffff00000000ULL : va;
    return true;
}

bool AArch32_FirstStageTranslate(el2_cpu *c, const mmu_access *acc, uint64_t va, mmu_result *res,
                                 uint64_t *walk_va)
{
    if (c->sr[SR_TCR_EL1] & TTBCR_EAE) {
        if (ld_walk_va(c->sr[SR_TCR_EL1], (uint32_t)va, walk_va))
            return false;
        sd_fault(res, acc, MMU_FAULT_TRANSLATION, 1, va);
        return true;
    }
    sd_leaf l;
    uint32_t va32 = (uint32_t)va;
    if (!sd_walk(c, acc, va32, &l, res))
        return true;
    res->ipa = res->pa = l.pa;
    res->level = l.level;
    res->size = l.size;
    res->ap = l.ap;
    res->xn = l.xn;
    res->pxn = l.pxn;
    res->ng = l.ng;
    sd_attrs(c, &l, &res->attrs);
    sd_permission(c, acc, &l, res);
    if (res->fault.kind == MMU_FAULT_NONE && acc->misaligned && !acc->fetch && res->attrs.device)
        sd_fault(res, acc, MMU_FAULT_ALIGNMENT, 0, va);
    return true;
}
