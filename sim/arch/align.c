/* align.c - alignment checking of ordinary loads and stores.
 *
 * With the stage 1 MMU off, data accesses are to Device-nGnRnE memory, and an access to
 * Device memory that is not aligned to the size of its element takes an Alignment fault
 * (Arm ARM B2.5.2, "Alignment of data accesses", and D8.x, "The effects of disabling an
 * address translation stage"); SCTLR_ELx.A = 1 requires alignment with the MMU on too.
 * Unicorn 2.0.1 checks only exclusives and atomics, so el2sim decodes the address of
 * every other load/store before it runs (A64 encoding groups "Loads and Stores", C4.1.66). */
#include "align.h"
#include "mmu.h"
#include "abort.h"
#include "exception.h"
#include "sysreg.h"
#include <string.h>

static inline int64_t sext(uint64_t v, unsigned bits)
{
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static uint64_t xreg_or_sp(el2_cpu *c, unsigned n)
{
    return n == 31 ? cpu_sp(c) : cpu_x(c, (int)n);
}

/* Element size and address of the access; false when not a form el2sim checks. */
static bool decode(el2_cpu *c, uint64_t pc, uint32_t insn, uint64_t *ea, unsigned *size)
{
    unsigned rn = (insn >> 5) & 31;
    bool v = (insn >> 26) & 1;
    if ((insn & 0x3b000000) == 0x18000000) {              /* load register (literal) */
        unsigned opc = insn >> 30;
        if (!v && opc == 3)
            return false;                                   /* PRFM (literal) */
        *size = v ? 4u << opc : (opc == 1 ? 8 : 4);
        if (ea)
            *ea = pc + (uint64_t)(sext((insn >> 5) & 0x7ffff, 19) * 4);
        return true;
    }
    if ((insn & 0x3a000000) == 0x28000000) {              /* load/store pair, all index forms */
        unsigned opc = insn >> 30;
        if (opc == 3)
            return false;
        *size = v ? 4u << opc : (opc == 2 ? 8 : 4);
        if (ea) {
            unsigned mode = (insn >> 23) & 3;               /* 0 no-allocate, 1 post, 2 offset, 3 pre */
            int64_t off = mode == 1 ? 0 : sext((insn >> 15) & 0x7f, 7) * (int64_t)*size;
            *ea = xreg_or_sp(c, rn) + (uint64_t)off;
        }
        return true;
    }
    if ((insn & 0x3b000000) == 0x39000000 || (insn & 0x3b200000) == 0x38000000 ||
        (insn & 0x3b200c00) == 0x38200800) {              /* load/store register forms */
        unsigned sz = insn >> 30, opc = (insn >> 22) & 3;
        if (!v && sz == 3 && opc == 2)
            return false;                                   /* PRFM */
        *size = (v && sz == 0 && (opc & 2)) ? 16 : 1u << sz;
        if (!ea)
            return true;
        uint64_t base = xreg_or_sp(c, rn);
        if ((insn & 0x3b000000) == 0x39000000) {           /* unsigned immediate offset */
            *ea = base + (((insn >> 10) & 0xfff) * (uint64_t)*size);
        } else if ((insn & 0x3b200c00) == 0x38200800) {    /* register offset */
            unsigned rm = (insn >> 16) & 31, option = (insn >> 13) & 7;
            uint64_t idx = rm == 31 ? 0 : cpu_x(c, (int)rm);
            if (option == 2)
                idx = (uint32_t)idx;                        /* UXTW */
            else if (option == 6)
                idx = (uint64_t)(int64_t)(int32_t)idx;      /* SXTW */
            else if (option != 3 && option != 7)
                return false;
            if ((insn >> 12) & 1)
                idx <<= __builtin_ctz(*size);
            *ea = base + idx;
        } else {                                            /* unscaled, post, unprivileged, pre */
            unsigned mode = (insn >> 10) & 3;
            *ea = base + (mode == 1 ? 0 : (uint64_t)sext((insn >> 12) & 0x1ff, 9));
        }
        return true;
    }
    if ((insn & 0xbfbf0000) == 0x0c000000 || (insn & 0xbfa00000) == 0x0c800000) {
        *size = 1u << ((insn >> 10) & 3);                   /* LD1-LD4/ST1-ST4 (multiple structures) */
        if (ea)
            *ea = xreg_or_sp(c, rn);                        /* elements follow at multiples of size */
        return true;
    }
    if ((insn & 0xbf9f0000) == 0x0d000000 || (insn & 0xbf800000) == 0x0d800000) {
        unsigned opcode = (insn >> 13) & 7, sz = (insn >> 10) & 3;   /* single structure, LDnR */
        static const unsigned lane_size[4] = { 1, 2, 4, 0 };
        *size = opcode >= 6 ? 1u << sz : (opcode >> 1) == 2 && (sz & 1) ? 8 : lane_size[opcode >> 1];
        if (ea)
            *ea = xreg_or_sp(c, rn);
        return true;
    }
    return false;
}

static bool is_prefetch(uint32_t insn)
{
    return (insn & 0xffc00000) == 0xf9800000 ||            /* PRFM (immediate) */
           (insn & 0xffe00c00) == 0xf8a00800 ||            /* PRFM (register) */
           (insn & 0xffe00c00) == 0xf8800000;              /* PRFUM */
}

bool align_sp_based(uint32_t insn)
{
    if ((insn & 0x0a000000) != 0x08000000)                 /* not in the loads-and-stores group */
        return false;
    if ((insn & 0x3b000000) == 0x18000000)                 /* literal: PC-relative, no base */
        return false;
    return ((insn >> 5) & 31) == 31 && !is_prefetch(insn);  /* Rn, bits 9:5, in every other form */
}

bool align_checked_insn(uint32_t insn)
{
    unsigned size;
    if ((insn & 0x0a000000) != 0x08000000)                 /* not in the loads-and-stores group */
        return false;
    return decode(NULL, 0, insn, NULL, &size) && size > 1;
}

/* SCTLR_ELx of the translation regime of the current EL's accesses: EL2's (also EL0
 * under E2H+TGE) or EL1&0's */
#define HCR_DC_BIT (1ULL << 12)

static uint64_t regime_sctlr(const el2_cpu *c)
{
    uint64_t hcr = c->sr[SR_HCR_EL2];
    bool el2_regime = c->el == 2 || (c->el == 0 && (hcr & HCR_E2H) && (hcr & HCR_TGE) && c->model->vhe);
    return c->sr[el2_regime ? SR_SCTLR_EL2 : SR_SCTLR_EL1];
}

bool align_sp_required(const el2_cpu *c)
{
    /* CheckSPAlignment(): SP as the base register must be 16-byte aligned when SCTLR.SA
     * (SCTLR.SA0 at EL0) of the current regime is set, MMU on or off, any access size */
    return (regime_sctlr(c) & (c->el == 0 ? SCTLR_SA0 : SCTLR_SA)) != 0;
}

bool align_required(const el2_cpu *c, uint64_t va, unsigned size)
{
    if (size < 2)
        return false;
    /* AArch64.CheckAlignment: SCTLR_ELx.A requires alignment of every access; otherwise
     * only accesses to Device memory must be aligned (B2.5.2). With stage 1 off every data
     * access is to Device-nGnRnE memory (AArch64.S1DisabledOutput), except in EL1&0 with
     * HCR_EL2.DC, where it is Normal; with stage 1 on the memory type is the translation's
     * (MAIR_ELx by AttrIndx, combined with stage 2). A translation that faults gives its
     * fault first: no alignment check. */
    uint64_t sctlr = regime_sctlr(c);
    if (sctlr & 2)
        return true;
    el2_cpu *cpu = (el2_cpu *)c;          /* the walk below changes nothing (debug access) */
    mmu_regime r = mmu_regime_of(cpu, c->el);
    if (!(sctlr & 1))
        return !(r == REGIME_EL10 && (c->sr[SR_HCR_EL2] & HCR_DC_BIT) && !(c->sr[SR_HCR_EL2] & HCR_TGE));
    mmu_access acc = { .regime = r, .el = c->el, .debug = true };
    mmu_result res;
    if (!AArch64_TranslateAddress(cpu, &acc, va, &res))
        return false;
    return res.attrs.device;
}

bool align_check(el2_cpu *c, uint64_t pc, uint32_t insn)
{
    if (align_sp_based(insn) && align_sp_required(c) && (cpu_sp(c) & 15)) {
        el2_exc_record exc = { .kind = EXC_SP_ALIGN, .syndrome = syn_spalignment(), .pc = pc, .insn = insn };
        AArch64_TakeException(c, route_sync(c), &exc, pc, VECT_SYNC);
        return true;
    }
    uint64_t ea;
    unsigned size;
    if (!decode(c, pc, insn, &ea, &size) || size < 2 || !(ea & (size - 1)) || !align_required(c, ea, size))
        return false;
    abort_note(c, ABORT_ALIGN, ea, (int)size, pc);
    return true;
}

/* The static shape of an access (align_access_info): decode()'s fields without a CPU. */
bool align_access_info(uint32_t insn, align_access *a)
{
    memset(a, 0, sizeof *a);
    if ((insn & 0x0a000000) != 0x08000000 || is_prefetch(insn))
        return false;
    unsigned size;
    if (!decode(NULL, 0, insn, NULL, &size))
        return false;
    bool v = (insn >> 26) & 1;
    a->size = size;
    a->rn = (insn >> 5) & 31;
    a->rt = insn & 31;
    a->rt2 = 32;
    if ((insn & 0x3b000000) == 0x18000000) {               /* literal */
        unsigned opc = insn >> 30;
        a->form = ALIGN_LITERAL;
        a->imm = sext((insn >> 5) & 0x7ffff, 19) * 4;
        a->rn = 32;
        a->is_load = true;
        a->sign32 = !v && opc == 2;                          /* LDRSW (literal) */
        a->rt = v ? 32 : a->rt;
        return true;
    }
    if ((insn & 0x3a000000) == 0x28000000) {               /* pair */
        unsigned mode = (insn >> 23) & 3;
        a->form = ALIGN_IMM;
        a->imm = sext((insn >> 15) & 0x7f, 7) * (int64_t)size;
        a->wb = mode == 1 ? ALIGN_POST : mode == 3 ? ALIGN_PRE : ALIGN_NONE;
        a->is_load = (insn >> 22) & 1;
        a->rt = v ? 32 : a->rt;
        a->rt2 = v ? 32 : (insn >> 10) & 31;
        return true;
    }
    if ((insn & 0x3b000000) == 0x39000000 || (insn & 0x3b200000) == 0x38000000 ||
        (insn & 0x3b200c00) == 0x38200800) {
        unsigned opc = (insn >> 22) & 3;
        a->is_load = opc != 0;
        a->rt = v ? 32 : a->rt;
        if ((insn & 0x3b000000) == 0x39000000) {
            a->form = ALIGN_IMM;
            a->imm = (int64_t)(((insn >> 10) & 0xfff) * (uint64_t)size);
        } else if ((insn & 0x3b200c00) == 0x38200800) {
            a->form = ALIGN_REG;
            a->rm = (insn >> 16) & 31;
            a->option = (insn >> 13) & 7;
            a->shift = ((insn >> 12) & 1) ? (unsigned)__builtin_ctz(size) : 0;
        } else {
            unsigned mode = (insn >> 10) & 3;
            a->form = ALIGN_IMM;
            a->imm = sext((insn >> 12) & 0x1ff, 9);
            a->wb = mode == 1 ? ALIGN_POST : mode == 3 ? ALIGN_PRE : ALIGN_NONE;
        }
        return true;
    }
    /* SIMD structure loads and stores: the address is the base; a post-index form
     * writes the base back (the engine's tracker gives up on it) */
    a->form = ALIGN_IMM;
    a->is_load = (insn >> 22) & 1;
    a->rt = 32;
    a->wb = (insn >> 23) & 1 ? ALIGN_OTHER : ALIGN_NONE;
    return true;
}
