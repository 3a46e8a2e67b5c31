/* a32_access.c - the memory access of an A32/T32 load or store (a32_access.h). The
 * encodings are the Arm ARM's (DDI 0487 F5.1 "A32 instruction set encoding": "Load/Store
 * Word, Unsigned Byte", "Extra load/store", "Synchronization primitives and Load-Acquire/
 * Store-Release", "Load/Store Multiple", "Advanced SIMD and floating-point load/store";
 * F3.1 "T32 instruction set encoding": "Load/store single", "Load/store dual, load/store
 * exclusive, load-acquire/store-release, and table branch", "Load/store multiple" and the
 * 16-bit groups), each instruction's address computation from its pseudocode:
 *   offset_addr = if add then (R[n] + imm32) else (R[n] - imm32);
 *   address = if index then offset_addr else R[n];  wback = !index || W;
 * with the literal forms' base Align(PC, 4), and the alignment its MemA/MemU accesses ask. */
#include "a32_access.h"
#include <string.h>

typedef struct {
    bool thumb;
    uint32_t pc;
    a32_reg_fn reg;
    void *ctx;
} dec;

/* R[n] as the instruction reads it: R15 is the instruction's address + 8 (A32) or + 4 (T32) */
static uint32_t rd(const dec *d, unsigned n)
{
    if (n == 15)
        return d->pc + (d->thumb ? 4 : 8);
    return d->reg ? d->reg(d->ctx, n) : 0;
}

static unsigned log2u(unsigned v) { return (unsigned)__builtin_ctz(v); }

/* One register: the access of esize bytes at R[n] +/- off (index, add, wback as the
 * pseudocode's); alignment as MemU (LDR/STR/LDRH...: none required) unless memA. */
static void single(const dec *d, a32_access *a, unsigned n, uint32_t off, bool index, bool add, bool wback,
                   unsigned esize, bool write, bool sse, unsigned rt)
{
    uint32_t base = n == 15 ? (rd(d, 15) & ~3u) : rd(d, n);
    uint32_t offset_addr = add ? base + off : base - off;
    a->addr = index ? offset_addr : base;
    a->size = a->esize = esize;
    a->align = 1;
    a->write = write;
    a->wback = wback;
    a->sse = sse;
    a->sas = log2u(esize);
    a->rt = rt;
    a->rn = n;
    a->isv = !wback && n != 15 && rt != 15;
}

/* Shift(R[m], type, amount, C) of the register offset forms (DecodeImmShift: LSR/ASR #0
 * are #32, ROR #0 is RRX) */
static uint32_t shifted(const dec *d, unsigned m, unsigned type, unsigned amount)
{
    uint32_t v = rd(d, m);
    switch (type) {
    case 0: return amount ? v << amount : v;
    case 1: return amount ? v >> amount : 0;
    case 2: return (uint32_t)((int32_t)v >> (amount ? amount : 31));
    default:
        if (amount)
            return v >> amount | v << (32 - amount);
        return v >> 1 | ((d->reg ? d->reg(d->ctx, 16) : 0) >> 29 & 1) << 31;   /* RRX: C in */
    }
}

/* LDM/STM: count registers of 4 bytes from R[n] (IA), R[n] + 4 (IB), R[n] - 4 * count + 4
 * (DA), R[n] - 4 * count (DB); MemA[address, 4] each */
static void multiple(const dec *d, a32_access *a, unsigned n, unsigned count, bool before, bool inc, bool wback,
                     bool write, unsigned esize_bytes)
{
    uint32_t base = rd(d, n), len = 4 * count;
    a->addr = inc ? base + (before ? 4 : 0) : base - len + (before ? 0 : 4);
    a->size = len;
    a->esize = a->align = esize_bytes;
    a->write = write;
    a->wback = wback;
    a->rn = n;
    a->sas = 2;
    a->isv = false;
}

/* The exclusives and acquire/release of both ISAs: size bytes at R[n] (+ imm for the
 * T32 word LDREX/STREX), MemA (AArch32.CheckAlignment with an ordered/atomic access) */
static void sync_access(const dec *d, a32_access *a, unsigned n, uint32_t imm, unsigned size, bool write, bool excl,
                        bool ar, unsigned rt)
{
    a->addr = rd(d, n) + imm;
    a->size = a->esize = a->align = size;
    a->write = write;
    a->exclusive = excl;
    a->ar = ar;
    a->rt = rt;
    a->rn = n;
    a->sas = log2u(size);
    a->isv = !excl && size < 8 && rt != 15 && n != 15;      /* LDA/STL family only */
    if (size == 8) {
        a->esize = 8;
        a->sas = 3;
    }
}

/* VLDR/VSTR, VLDM/VSTM (coprocessor 10/11 encodings, the same in A32 and T32):
 * cond/1110 110P UDWL Rn Vd 101x imm8 */
static bool vfp(const dec *d, uint32_t insn, a32_access *a)
{
    bool p = insn >> 24 & 1, u = insn >> 23 & 1, w = insn >> 21 & 1, l = insn >> 20 & 1;
    unsigned n = insn >> 16 & 15, imm8 = insn & 0xff;
    bool dbl = insn >> 8 & 1;
    if ((insn >> 9 & 7) != 5)
        return false;
    if (p && !w) {                                       /* VLDR/VSTR: MemA[address, 4] words */
        bool half = (insn >> 8 & 3) == 1;                /* (the FP16 form: MemA[address, 2]) */
        single(d, a, n, imm8 << (half ? 1 : 2), true, u, false, half ? 2 : (dbl ? 8 : 4), !l, false, 0);
        a->esize = a->align = half ? 2 : 4;
        a->isv = false;
        return true;
    }
    if (!p && !u && !w)
        return false;                                    /* 64-bit transfers to core registers */
    if (p == u && w)
        return false;                                    /* UNDEFINED */
    unsigned words = imm8;                               /* (FLDMX: an odd imm8 of words) */
    if (!words)
        return false;
    multiple(d, a, n, words, p, u, w, !l, 4);
    (void)dbl;
    return true;
}

/* ---- A32 ---- */

static bool a32(const dec *d, uint32_t insn, a32_access *a)
{
    unsigned cond = insn >> 28, n = insn >> 16 & 15, t = insn >> 12 & 15, m = insn & 15;
    bool p = insn >> 24 & 1, u = insn >> 23 & 1, w = insn >> 21 & 1, l = insn >> 20 & 1;
    if (cond == 15)
        return false;                                    /* PLD, SRS, RFE, ...: not decoded */
    switch (insn >> 25 & 7) {
    case 2:                                              /* LDR/STR/LDRB/STRB (immediate, literal) */
    case 3: {                                            /* (register); bit 4 set: media */
        bool reg = insn >> 25 & 1;
        if (reg && (insn >> 4 & 1))
            return false;
        uint32_t off = reg ? shifted(d, m, insn >> 5 & 3, insn >> 7 & 31) : (insn & 0xfff);
        single(d, a, n, off, p, u, !p || w, (insn >> 22 & 1) ? 1 : 4, !l, false, t);
        return true;
    }
    case 4: {                                            /* LDM/STM (incl. PUSH/POP, the ^ forms) */
        unsigned count = (unsigned)__builtin_popcount(insn & 0xffff);
        if (!count)
            return false;
        multiple(d, a, n, count, p, u, w, !l, 4);
        return true;
    }
    case 6:
        return vfp(d, insn, a);
    case 0:
        break;
    default:
        return false;
    }
    /* Synchronization primitives, Load-Acquire/Store-Release:
     * cond 0001 1 sz(2) L Rn xxxx 11 ex ord 1001 xxxx */
    if ((insn & 0x0f8000f0) == 0x01800090 && (insn >> 10 & 3) == 3) {
        static const unsigned sizes[4] = { 4, 8, 1, 2 };
        unsigned size = sizes[insn >> 21 & 3], rt = l ? t : m;
        bool excl = insn >> 9 & 1, ordered = !(insn >> 8 & 1);
        if ((!excl && size == 8) || (!excl && !ordered))
            return false;
        sync_access(d, a, n, 0, size, !l, excl, ordered, rt);
        return true;
    }
    /* Extra load/store: cond 000P UIWL Rn Rt imm4H 1 op2(2) 1 imm4L/Rm, op2 != 00 */
    if ((insn & 0x90) != 0x90 || !(insn >> 5 & 3))
        return false;
    unsigned op2 = insn >> 5 & 3;
    bool imm = insn >> 22 & 1;
    uint32_t off = imm ? ((insn >> 4 & 0xf0) | m) : rd(d, m);
    bool wb = !p || w;
    if (op2 == 1) {                                      /* STRH/LDRH(T) */
        single(d, a, n, off, p, u, wb, 2, !l, false, t);
    } else if (l) {                                      /* LDRSB, LDRSH(T) */
        single(d, a, n, off, p, u, wb, op2 == 2 ? 1 : 2, false, true, t);
    } else {                                             /* LDRD (op2 10), STRD (11): MemA[, 4] twice */
        if (t & 1)
            return false;                                /* UNDEFINED */
        single(d, a, n, off, p, u, wb, 4, op2 == 3, false, t);
        a->size = 8;
        a->align = 4;
        a->isv = false;
    }
    return true;
}

/* ---- T32 ---- */

static bool t16(const dec *d, uint32_t insn, a32_access *a)
{
    unsigned op = insn >> 11, lo = insn & 7, n3 = insn >> 3 & 7, imm5 = insn >> 6 & 31;
    if (op == 0x09) {                                    /* LDR (literal) Rt, [PC, #imm8 * 4] */
        single(d, a, 15, (insn & 0xff) * 4, true, true, false, 4, false, false, insn >> 8 & 7);
        return true;
    }
    if ((insn >> 12) == 5) {                             /* register offset */
        static const unsigned size[8] = { 4, 2, 1, 1, 4, 2, 1, 2 };
        unsigned o = insn >> 9 & 7;
        single(d, a, n3, rd(d, insn >> 6 & 7), true, true, false, size[o], o < 3, o == 3 || o == 7, lo);
        return true;
    }
    if ((insn >> 13) == 3) {                             /* STR/LDR/STRB/LDRB (immediate) */
        bool byte = insn >> 12 & 1;
        single(d, a, n3, imm5 << (byte ? 0 : 2), true, true, false, byte ? 1 : 4, !(insn >> 11 & 1), false, lo);
        return true;
    }
    if ((insn >> 12) == 8) {                             /* STRH/LDRH (immediate) */
        single(d, a, n3, imm5 << 1, true, true, false, 2, !(insn >> 11 & 1), false, lo);
        return true;
    }
    if ((insn >> 12) == 9) {                             /* STR/LDR Rt, [SP, #imm8 * 4] */
        single(d, a, 13, (insn & 0xff) * 4, true, true, false, 4, !(insn >> 11 & 1), false, insn >> 8 & 7);
        return true;
    }
    if ((insn & 0xf600) == 0xb400) {                     /* PUSH (1011 010M), POP (1011 110P) */
        bool pop = insn >> 11 & 1;
        unsigned count = (unsigned)__builtin_popcount(insn & 0x1ff);
        if (!count)
            return false;
        multiple(d, a, 13, count, !pop, pop, true, !pop, 4);
        return true;
    }
    if ((insn >> 12) == 0xc) {                           /* STM/LDM Rn!, {list} (LDM: no ! with Rn in it) */
        unsigned n = insn >> 8 & 7, count = (unsigned)__builtin_popcount(insn & 0xff);
        bool load = insn >> 11 & 1;
        if (!count)
            return false;
        multiple(d, a, n, count, false, true, !load || !(insn >> n & 1), !load, 4);
        return true;
    }
    return false;
}

static bool t32(const dec *d, uint32_t insn, a32_access *a)
{
    uint32_t hw1 = insn >> 16, hw2 = insn & 0xffff;
    unsigned n = hw1 & 15, t = hw2 >> 12;
    if ((hw1 & 0xfe40) == 0xe800) {                      /* load/store multiple: 1110 100 op 0 W L Rn */
        unsigned op = hw1 >> 7 & 3, count = (unsigned)__builtin_popcount(hw2 & 0xdfff);
        if ((op != 1 && op != 2) || !count)
            return false;                                /* SRS, RFE */
        multiple(d, a, n, count, op == 2, op == 1, hw1 >> 5 & 1, !(hw1 >> 4 & 1), 4);
        return true;
    }
    if ((hw1 & 0xfe40) == 0xe840) {                      /* dual, exclusive, acquire/release, TBB/TBH */
        bool p = hw1 >> 8 & 1, u = hw1 >> 7 & 1, w = hw1 >> 5 & 1, l = hw1 >> 4 & 1;
        if (p || w) {                                    /* LDRD/STRD (immediate, literal) */
            single(d, a, n, (hw2 & 0xff) * 4, p, u, w, 4, !l, false, t);
            a->size = 8;
            a->align = 4;
            a->isv = false;
            return true;
        }
        if (!u) {                                        /* LDREX / STREX Rd, Rt, [Rn, #imm8 * 4] */
            sync_access(d, a, n, (hw2 & 0xff) * 4, 4, !l, true, false, t);
            return true;
        }
        unsigned op3 = hw2 >> 4 & 15;
        if (l && op3 < 2) {                              /* TBB [Rn, Rm] / TBH [Rn, Rm, LSL #1] */
            uint32_t idx = rd(d, hw2 & 15) << op3;
            single(d, a, n, idx, true, true, false, op3 ? 2 : 1, false, false, 15);
            return true;
        }
        static const unsigned sizes[4] = { 1, 2, 4, 8 };
        if (op3 < 4 || op3 == 6 || op3 == 0xb)
            return false;
        unsigned size = sizes[op3 & 3];
        bool excl = op3 >= 0xc || op3 < 8, ordered = op3 >= 8;
        if (!excl && size == 8)
            return false;
        sync_access(d, a, n, 0, size, !l, excl, ordered, t);
        return true;
    }
    if ((hw1 & 0xfe00) == 0xf800) {                      /* load/store single: 1111 100 S Y sz L Rn */
        bool s = hw1 >> 8 & 1, y = hw1 >> 7 & 1, l = hw1 >> 4 & 1;
        unsigned sz = hw1 >> 5 & 3;
        if (sz == 3 || (s && !l))
            return false;
        unsigned size = 1u << sz;
        if (l && t == 15 && sz < 2)
            return false;                                /* PLD, PLI and the hints */
        if (n == 15) {                                   /* literal: [PC, #+/-imm12] */
            single(d, a, 15, hw2 & 0xfff, true, y, false, size, false, s, t);
            return true;
        }
        if (y) {                                         /* [Rn, #imm12] */
            single(d, a, n, hw2 & 0xfff, true, true, false, size, !l, s, t);
            return true;
        }
        if (hw2 >> 11 & 1) {                             /* imm8: 1 P U W imm8 (P U W 110: the T forms) */
            bool pi = hw2 >> 10 & 1, ui = hw2 >> 9 & 1, wi = hw2 >> 8 & 1;
            if (!pi && !wi)
                return false;
            single(d, a, n, hw2 & 0xff, pi, ui, !pi || wi, size, !l, s, t);
            return true;
        }
        if ((hw2 >> 6 & 0x3f) == 0) {                    /* [Rn, Rm, LSL #imm2] */
            single(d, a, n, rd(d, hw2 & 15) << (hw2 >> 4 & 3), true, true, false, size, !l, s, t);
            return true;
        }
        return false;
    }
    if ((hw1 & 0xee00) == 0xec00)                        /* VLDR/VSTR/VLDM/VSTM (hw1 111x 110x) */
        return (hw1 >> 12 & 1) == 0 && vfp(d, insn, a);
    return false;
}

bool a32_access_decode(uint32_t insn, bool thumb, uint32_t pc, a32_reg_fn reg, void *ctx, a32_access *a)
{
    dec d = { .thumb = thumb, .pc = pc, .reg = reg, .ctx = ctx };
    memset(a, 0, sizeof *a);
    if (!thumb)
        return a32(&d, insn, a);
    return (insn >> 16) ? t32(&d, insn, a) : t16(&d, insn, a);
}

bool a32_access_alignable(uint32_t insn, bool thumb)
{
    a32_access a;
    return a32_access_decode(insn, thumb, 0, NULL, NULL, &a) && (a.esize > 1 || a.align > 1);
}

/* LSInstructionSyndrome() (shared/functions/aborts): ISV[24], SAS[23:22], SSE[21],
 * SRT[20:16], SF[15] = 0 (AArch32), AR[14] */
uint32_t a32_access_ls_iss(const a32_access *a, unsigned srt)
{
    if (!a->isv)
        return 0;
    return 1u << 24 | (a->sas & 3) << 22 | (a->sse ? 1u : 0) << 21 | (srt & 31) << 16 | (a->ar ? 1u : 0) << 14;
}
