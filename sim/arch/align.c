/* align.c - alignment checking of ordinary loads and stores.
 *
 * With the stage 1 MMU off, data accesses are to Device-nGnRnE memory, and an access to
 * Device memory that is not aligned to the size of its element takes an Alignment fault
 * (Arm ARM B2.5.2, "Alignment of data accesses", and D8.x, "The effects of disabling an
 * address translation stage"); SCTLR_ELx.A = 1 requires alignment with the MMU on too.
 * Unicorn 2.0.1 checks only exclusives and atomics, so el2sim decodes the address of
 * every other load/store before it runs (A64 encoding groups "Loads and Stores", C4.1.66). */
#include "align.h"
#include "abort.h"
#include "exception.h"
#include "sysreg.h"

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

bool align_check(el2_cpu *c, uint64_t pc, uint32_t insn)
{
    /* the translation regime of the access: EL2's (also EL0 under E2H+TGE) or EL1&0's */
    uint64_t hcr = c->sr[SR_HCR_EL2];
    bool el2_regime = c->el == 2 || (c->el == 0 && (hcr & HCR_E2H) && (hcr & HCR_TGE) && c->model->vhe);
    uint64_t sctlr = c->sr[el2_regime ? SR_SCTLR_EL2 : SR_SCTLR_EL1];
    /* CheckSPAlignment(): SP as the base register must be 16-byte aligned when SCTLR.SA
     * (SCTLR.SA0 at EL0) of the current regime is set, MMU on or off, any access size */
    if (align_sp_based(insn) && (sctlr & (c->el == 0 ? SCTLR_SA0 : SCTLR_SA)) && (cpu_sp(c) & 15)) {
        el2_exc_record exc = { .kind = EXC_SP_ALIGN, .syndrome = syn_spalignment(), .pc = pc, .insn = insn };
        AArch64_TakeException(c, route_sync(c), &exc, pc, VECT_SYNC);
        return true;
    }
    if ((sctlr & 1) && !(sctlr & 2))                         /* MMU on (Normal memory), A = 0 */
        return false;
    uint64_t ea;
    unsigned size;
    if (!decode(c, pc, insn, &ea, &size) || size < 2 || !(ea & (size - 1)))
        return false;
    abort_note(c, ABORT_ALIGN, ea, (int)size, pc);
    return true;
}
