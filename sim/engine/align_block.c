/* align_block.c - alignment checks per block instead of per instruction.
 *
 * A code hook on every load and store (align.c's align_check before each one) costs a
 * call through Unicorn's hook helper per access. Instead, when a block is learned, a small
 * tracker walks it and records how each access's address follows from the registers at
 * the block's start: a base register unchanged since the start, or moved by a writeback
 * (post- or pre-index), ADD/SUB (immediate), MOV (register) or MOVZ earlier in the block,
 * or loaded by a literal load with no store before it; the literal loads' own addresses
 * are known at learning. The block hook, which runs before every block anyway, evaluates
 * that plan from the live registers (align_plan_check): an access it finds misaligned
 * where alignment is required (align_required, align_sp_required) gets its code hook and
 * the block runs again, so the fault is taken by align_check at that instruction, after
 * the instructions before it have run, exactly as with a hook on every access. An access
 * whose address the tracker cannot follow (its base loaded from memory in the block, or
 * written by an instruction it does not model, or after a system instruction that may
 * change SCTLR or SP) keeps a code hook for good (align_plan_learn's hook_at). */
#include "engine_int.h"
#include "align.h"
#include "sysinsn.h"
#include <string.h>

#define R_ZERO 32        /* the constant 0 (XZR as a source, MOVZ) */
#define R_NONE 33        /* no register */

typedef struct {
    el2_block *b;
    uint64_t addr;
    bool known[33];      /* 0-30, 31 = SP, 32 = zero: value follows from the block start */
    bool stored;         /* a store (or anything that may store) ran before: memory unknown */
    uint32_t cap;        /* ops b->align has room for */
} tracker;

static void forget_all(tracker *t)
{
    for (unsigned r = 0; r < 32; r++)
        t->known[r] = false;
}

static void forget(tracker *t, unsigned r)
{
    if (r < 32)
        t->known[r] = false;
}

/* Appends an op; false when the plan is full (the caller then gives up on the value). */
static bool emit(tracker *t, align_op op)
{
    el2_block *b = t->b;
    if (b->nalign >= t->cap) {
        if (t->cap >= 4096)
            return false;
        t->cap = t->cap ? 2 * t->cap : 16;
        b->align = g_renew(align_op, b->align, t->cap);
    }
    b->align[b->nalign++] = op;
    for (unsigned r = 0; r < 32; r++)
        if (((op.kind != AOP_LIT && op.rn == r) || (op.kind == AOP_ACC && op.rm == r)) &&
            !(b->align_defined & (1ULL << r)))
            b->align_entry |= 1ULL << r;     /* read before any op of the plan defines it */
    if (op.kind == AOP_SET || op.kind == AOP_LIT)
        b->align_defined |= 1ULL << op.rd;
    return true;
}

static void set_reg(tracker *t, unsigned rd, unsigned rn, int64_t imm)
{
    if (rd >= 32)
        return;
    t->known[rd] = t->known[rn] &&
                   emit(t, (align_op){ .kind = AOP_SET, .rd = (uint8_t)rd, .rn = (uint8_t)rn, .imm = imm });
}

/* One load or store: the check (or hook_at when the address cannot be followed), the
 * writeback, the registers a load writes. */
static void learn_access(tracker *t, el2_engine *e, uint32_t i, uint32_t insn, bool *hook_at)
{
    align_access a;
    uint64_t pc = t->addr + 4ULL * i;
    bool hooked = g_hash_table_contains(e->eret_hooked, &pc);   /* align_check runs there anyway */
    if (!align_access_info(insn, &a)) {
        if (align_sp_based(insn) && !hooked)
            hook_at[i] = true;         /* an exclusive or atomic on SP: CheckSPAlignment */
        forget_all(t);                 /* exclusives, atomics, ...: writes Rs, Rt, Rt2, memory */
        t->stored = true;
        return;
    }
    if (a.form == ALIGN_LITERAL) {
        uint64_t ea = pc + (uint64_t)a.imm;
        if (a.size > 1 && (ea & (a.size - 1)) && !hooked)
            hook_at[i] = true;         /* whether it faults depends on SCTLR: decided there */
        if (a.rt < 32) {
            t->known[a.rt] = !t->stored && emit(t, (align_op){ .kind = AOP_LIT, .rd = (uint8_t)a.rt,
                             .size = (uint8_t)a.size, .sign = a.sign32, .imm = (int64_t)(ea - t->addr) });
        }
        return;
    }
    bool sp_check = a.rn == 31;
    bool checked = a.size > 1 || sp_check;
    bool follows = t->known[a.rn] && (a.form != ALIGN_REG || a.rm == 31 || t->known[a.rm]);
    if (checked && !hooked) {
        align_op op = { .kind = AOP_ACC, .idx = (uint16_t)i, .rn = (uint8_t)a.rn, .size = (uint8_t)a.size,
                        .sp = sp_check, .imm = a.wb == ALIGN_POST ? 0 : a.imm, .rm = R_NONE };
        if (a.form == ALIGN_REG) {
            op.rm = (uint8_t)(a.rm == 31 ? R_ZERO : a.rm);
            op.option = (uint8_t)a.option;
            op.shift = (uint8_t)a.shift;
            op.imm = 0;
        }
        if (!follows || !emit(t, op))
            hook_at[i] = true;
    }
    if (a.wb == ALIGN_POST || a.wb == ALIGN_PRE)
        set_reg(t, a.rn, a.rn, a.imm);
    else if (a.wb == ALIGN_OTHER)
        forget(t, a.rn);
    if (a.is_load) {
        forget(t, a.rt);
        forget(t, a.rt2);
    } else {
        t->stored = true;
    }
}

/* Any other instruction: what it does to the registers the plan follows. */
static void learn_other(tracker *t, el2_engine *e, uint32_t insn)
{
    unsigned rd = insn & 31, rn = (insn >> 5) & 31;
    if ((insn & 0x1f000000) == 0x11000000) {               /* ADD/SUB (immediate) */
        bool sf = insn >> 31, sub = (insn >> 30) & 1, s = (insn >> 29) & 1;
        int64_t imm = (int64_t)(((insn >> 10) & 0xfff) << (((insn >> 22) & 1) ? 12 : 0));
        unsigned dst = (rd == 31 && s) ? R_NONE : rd;      /* Rd 31: SP, XZR when setting flags */
        if (sf)
            set_reg(t, dst, rn, sub ? -imm : imm);
        else
            forget(t, dst);                                 /* 32-bit result: not followed */
        return;
    }
    if ((insn & 0xffe0ffe0) == 0xaa0003e0) {               /* MOV Xd, Xm (ORR Xd, XZR, Xm) */
        unsigned rm = (insn >> 16) & 31;
        if (rd != 31)
            set_reg(t, rd, rm == 31 ? R_ZERO : rm, 0);
        return;
    }
    if ((insn & 0xff800000) == 0xd2800000) {               /* MOVZ Xd, #imm16, LSL #hw*16 */
        if (rd != 31)
            set_reg(t, rd, R_ZERO, (int64_t)((uint64_t)((insn >> 5) & 0xffff) << (16 * ((insn >> 21) & 3))));
        return;
    }
    if ((insn & 0x1c000000) == 0x10000000 || (insn & 0x0e000000) == 0x0a000000 ||
        (insn & 0x0e000000) == 0x0e000000) {               /* data processing, SIMD&FP: Rd at most */
        forget(t, rd);
        if (rd == 31)
            forget(t, 31);                                  /* some forms write SP */
        return;
    }
    if ((insn & 0x1c000000) == 0x14000000) {               /* branches, exceptions, system */
        if (!insn_is_system(insn)) {
            forget(t, 30);                                  /* BL, BLR: the link (they end the block) */
            return;
        }
        if ((insn & 0xfffff01f) == 0xd503201f || (insn & 0xfffff01f) == 0xd503301f)
            return;                                         /* hints, barriers, CLREX: no register */
        if ((insn & 0xfff00000) == 0xd5300000) {           /* MRS: Xt only */
            forget(t, rd);
            return;
        }
    }
    /* MSR, SYS, SYSL, MSR (immediate) and the rest: may change SP or SCTLR, so nothing
     * after them in the block is predicted */
    forget_all(t);
    (void)e;
}

void align_plan_learn(el2_engine *e, el2_block *b, uint64_t addr, const uint32_t *insns, uint32_t n,
                      bool *hook_at)
{
    g_free(b->align);
    b->align = NULL;
    b->nalign = 0;
    b->align_entry = b->align_defined = 0;
    b->align_memo_ok = b->align_memo_able = false;
    if (!e->align_faults)
        return;
    tracker t = { .b = b, .addr = addr };
    for (unsigned r = 0; r < 33; r++)
        t.known[r] = true;
    for (uint32_t i = 0; i < n; i++) {
        if ((insns[i] & 0x0a000000) == 0x08000000)
            learn_access(&t, e, i, insns[i], hook_at);
        else
            learn_other(&t, e, insns[i]);
    }
    /* ops after the last check are of no use (a block with no access to check has no
     * plan, and the block hook does nothing for it) */
    while (b->nalign && b->align[b->nalign - 1].kind != AOP_ACC)
        b->nalign--;
    /* the registers the plan reads before defining them, now that it is shorter (emit
     * counted those of the ops just dropped: a loop counter's SUBS) */
    b->align_entry = b->align_defined = 0;
    for (unsigned k = 0; k < b->nalign; k++) {
        const align_op *op = &b->align[k];
        uint64_t reads = (op->kind != AOP_LIT && op->rn < 32 ? 1ULL << op->rn : 0) |
                         (op->kind == AOP_ACC && op->rm < 32 ? 1ULL << op->rm : 0);
        b->align_entry |= reads & ~b->align_defined;
        if (op->kind != AOP_ACC)
            b->align_defined |= 1ULL << op->rd;
    }
    /* Whether any access is misaligned at all follows from the low 4 bits of the entry
     * registers alone when no value comes from memory (a literal) and no access is wider
     * than 16 bytes: ADD/SUB (immediate), writebacks, the index's extend and shift keep
     * the low bits of a sum a function of its operands' low bits. Up to 16 entry
     * registers fit the memo's 64 bits. */
    bool able = __builtin_popcountll(b->align_entry) <= 16;
    for (unsigned k = 0; able && k < b->nalign; k++)
        able = b->align[k].kind != AOP_LIT && (b->align[k].kind != AOP_ACC || b->align[k].size <= 16);
    b->align_memo_able = able;
}


static uint64_t extend_index(uint64_t v, unsigned option, unsigned shift)
{
    if (option == 2)
        v = (uint32_t)v;                                    /* UXTW */
    else if (option == 6)
        v = (uint64_t)(int64_t)(int32_t)v;                  /* SXTW */
    return v << shift;
}

int64_t align_plan_check(el2_engine *e, el2_block *b, uint64_t addr)
{
    /* (the block hook asks align_plan_memo_hit first: with the same low bits as a run that
     * found every access aligned, so is this one: a loop walking an array by its element
     * size, a stack frame at the same SP alignment) */
    uint64_t val[33], memo = align_plan_memo(e, b);
    val[R_ZERO] = 0;
    for (uint64_t m = b->align_entry; m; m &= m - 1) {
        unsigned r = (unsigned)__builtin_ctzll(m);
        val[r] = align_entry_reg(e, r);
    }
    bool misaligned = false;      /* any access misaligned, whether or not it must fault */
    for (unsigned k = 0; k < b->nalign; k++) {
        const align_op *op = &b->align[k];
        switch (op->kind) {
        case AOP_SET:
            val[op->rd] = val[op->rn] + (uint64_t)op->imm;
            break;
        case AOP_LIT: {
            uint64_t v = 0;
            engine_read(e, addr + (uint64_t)op->imm, &v, op->size);
            v = GUINT64_FROM_LE(v);
            val[op->rd] = op->sign ? (uint64_t)(int64_t)(int32_t)v : v;
            break;
        }
        default: {                                          /* AOP_ACC */
            uint64_t base = val[op->rn];
            uint64_t ea = base + (uint64_t)op->imm;
            if (op->rm != R_NONE)
                ea += extend_index(val[op->rm], op->option, op->shift);
            bool sp_off = op->sp && (base & 15), ea_off = op->size > 1 && (ea & (op->size - 1u));
            misaligned |= sp_off || ea_off;
            bool bad = (sp_off && align_sp_required(e->cpu)) ||
                       (ea_off && align_required(e->cpu, ea, op->size));
            if (bad) {
                uint64_t pc = addr + 4ULL * op->idx;
                if (!g_hash_table_contains(e->eret_hooked, &pc))
                    return (int64_t)op->idx;                /* give it its code hook: it faults there */
            }
        }
        }
    }
    if (b->align_memo_able && !misaligned) {
        b->align_memo = memo;
        b->align_memo_ok = true;
    }
    return -1;
}
