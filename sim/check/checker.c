/* checker.c - the ABI checker. Each call (an HVC, or an SMC trapped to EL2, from the
 * caller into the stub) opens a frame with a snapshot of the caller's state; the
 * exception return that ends it (or the landing address, or the end of the run) closes
 * it and compares. While a frame is open, a code hook diffs the GPRs at every
 * instruction to remember which instruction last wrote each register; MSR writers of
 * system registers are kept by sysreg.c. */
#include "json.h"
#include "checker.h"
#include "disasm.h"
#include "exception.h"
#include "print.h"
#include "sysreg.h"
#include "words.h"
#include <capstone/capstone.h>
#include <inttypes.h>
#include <string.h>

typedef struct frame {
    bool is_call;
    el2_exc_kind exc;
    uint64_t pc;             /* the instruction that took the exception */
    uint32_t insn;
    unsigned from_el;
    uint32_t spsr;           /* caller PSTATE */
    uint64_t fid;
    const abi_func *f;
    uint64_t sp_el0, sp_el1, elr_el1, spsr_el1, tpidr_el1, vbar_el1;
    uint64_t lands;          /* CONTRACT_LANDS: landing address */
    el2_hook_id land_hook;
    bool land_hooked;
    uint32_t perturbed;
    uint64_t fpcr, fpsr;
    bool v_saved;            /* v[] holds V0-V31 as the call found them (saved before the
                              * first block of the call that may change them) */
    /* not cleared when a frame opens (open_frame): written before they are read */
    uint64_t x[31];          /* the caller's registers at the call */
    uint64_t saved[31];      /* --fuzz: the caller's own values to put back (perturbed bits) */
    uint64_t v[32][2];       /* V0-V31 (when the ABI preserves any) */
} frame;

typedef struct vbar_install {
    uint64_t cycles, value, pc;
    uint32_t insn;
    char *via;               /* "HVC_SET_VECTORS from kvm_init+0x8" when installed by a call */
    bool relocated;
} vbar_install;

struct checker {
    el2_machine *m;
    abi_model *abi;
    el2_observer ob;         /* events, blocks and MRS reads of the machine */
    frame *stack;            /* open exception frames, outermost first */
    guint depth, cap;
    GArray *findings;        /* finding */
    el2_hook_id track;
    uint64_t last_x[31];
    bool last_x_is_call;     /* last_x's values are the call frame's x[] (not copied) */
    bool sync_pending;       /* a returning call's last register sync, done only if a
                              * finding needs a culprit (close_sync) */
    uint64_t sync_end;
    uint64_t last_pc;
    uint32_t last_insn;
    uint64_t writer[31];
    uint32_t writer_insn[31];
    bool perturb;
    GRand *rand;
    el2_event_fn on_finding;
    void *finding_user;
    /* FP/SIMD culprit tracking (only when the ABI preserves V registers) */
    bool track_v;
    uint64_t last_v[32][2];
    uint64_t writer_v[32];
    uint32_t writer_v_insn[32];
    /* Per-block tracking (the default): a block hook diffs the registers at each block
     * start and remembers, per register, the range of instructions in which it changed;
     * the writing instruction is found there with Capstone only when a finding needs it.
     * --scramble-clobbers and --relocate-vectors need every instruction (per_insn). */
    bool per_insn;
    uint64_t v_gen;                   /* m->cpu->fp_gen when last_v was read (0: never) */
    uint64_t fpc_gen, fpc[2];         /* FPCR, FPSR as read at m->cpu->fp_gen == fpc_gen */
    uint64_t blk_addr, blk_end;       /* the block being run: [blk_addr, blk_end) */
    bool fresh;                       /* last_x was taken at a call's exception entry and no
                                       * guest instruction ran since (no sync needed) */
    uint64_t wlo[64], whi[64];        /* 0-30 GPRs, 32-63 V: where the last change happened */
    uint64_t wset;                    /* which wlo/whi entries are set (cleared per call) */
    /* beyond the stub */
    checker_opts o;
    uint32_t scr_mask, scr_vmask;   /* scrambled and not yet rewritten by the caller */
    frame scr_call;                 /* the call that returned them */
    unsigned scr_el;
    GArray *vbar;                   /* vbar_install */
    uint64_t vbar_start;
    uint64_t copy;                  /* --relocate-vectors: base of the copy (0: off) */
    GArray *copy_ranges;            /* uint64_t pairs: [lo, hi) of the copy */
    el2_hook_id mem_hook;
    bool *unknown_marked;           /* --unknown-reset: marked and not yet written or read */
};

static const char *kind_names[F_KIND_COUNT] = {
    "clobbered-register", "clobbered-state", "wrong-result", "no-return", "returned",
    "wrong-return-address", "wrong-return-el", "pstate-leak", "wrong-landing",
    "misaligned-vbar", "unmapped-vbar", "exception-in-stub", "bad-function-id",
    "scrambled-read", "stub-gone", "outside-vectors", "unknown-read",
};

const char *finding_kind_name(finding_kind k) { return kind_names[k]; }
guint checker_count(const checker *c) { return c->findings->len; }
const finding *checker_finding(const checker *c, guint i) { return &g_array_index(c->findings, finding, i); }

static void read_x(el2_machine *m, uint64_t *x)
{
    machine_read_gprs(m, x);
}

static void read_v(el2_machine *m, uint64_t v[32][2])
{
    machine_read_v(m, v);
}

static G_GNUC_NO_INLINE void reread_fpcr(checker *c)
{
    el2_machine *m = c->m;
    c->fpc[0] = engine_fpcr(m->eng);
    c->fpc[1] = engine_fpsr(m->eng);
    /* mid-block, the rest of a block that touches them may still change them */
    c->fpc_gen = m->cpu->fp_gen - (m->cpu->cur_blk_fp ? 1 : 0);
}

/* FPCR (sr false) or FPSR, read again only when a block that may change them ran */
static inline uint64_t read_fpcr(checker *c, bool sr)
{
    if (c->fpc_gen != c->m->cpu->fp_gen || c->per_insn)
        reread_fpcr(c);
    return c->fpc[sr];
}

/* Capstone with details, for the registers an instruction reads and writes. */
static csh detail_cs;
static int detail_open;   /* 0 not yet, 1 ok, -1 failed */

static cs_insn *decode_detail(uint64_t pc, uint32_t insn)
{
    if (!detail_open) {
        detail_open = cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &detail_cs) == CS_ERR_OK ? 1 : -1;
        if (detail_open == 1)
            cs_option(detail_cs, CS_OPT_DETAIL, CS_OPT_ON);
    }
    uint8_t b[4] = { insn & 0xff, insn >> 8 & 0xff, insn >> 16 & 0xff, insn >> 24 };
    cs_insn *ci = NULL;
    if (detail_open != 1 || cs_disasm(detail_cs, b, 4, pc, 1, &ci) != 1)
        return NULL;
    return ci;
}

/* Capstone register -> 0..30 for xN/wN, 32..63 for vN (any width), -1 otherwise. */
static int cs_reg_num(uint16_t r)
{
    if (r >= ARM64_REG_X0 && r <= ARM64_REG_X28)
        return r - ARM64_REG_X0;
    if (r == ARM64_REG_X29)
        return 29;
    if (r == ARM64_REG_X30)
        return 30;
    if (r >= ARM64_REG_W0 && r <= ARM64_REG_W30)
        return r - ARM64_REG_W0;
    static const uint16_t banks[] = { ARM64_REG_V0, ARM64_REG_Q0, ARM64_REG_D0, ARM64_REG_S0, ARM64_REG_H0, ARM64_REG_B0 };
    for (unsigned i = 0; i < G_N_ELEMENTS(banks); i++)
        if (r >= banks[i] && r < banks[i] + 32)
            return 32 + r - banks[i];
    return -1;
}

static bool on_landing_page(const checker *c, uint64_t pc)
{
    return engine_is_private(c->m->eng, pc);
}

static bool in_copy(const checker *c, uint64_t a)
{
    for (guint i = 0; c->copy_ranges && i + 1 < c->copy_ranges->len; i += 2)
        if (a >= g_array_index(c->copy_ranges, uint64_t, i) && a < g_array_index(c->copy_ranges, uint64_t, i + 1))
            return true;
    return false;
}

/* An address in the copy as the same place in the stub's own table (for symbols). */
static uint64_t copy_to_orig(const checker *c, uint64_t a)
{
    return c->copy && in_copy(c, a) ? a - c->copy + c->o.stub_vectors : a;
}

/* A register changed: per instruction, by the last tracked one; per block, somewhere in
 * [blk_addr, end) (resolved by culprit_of). */
static void note_change(checker *c, int n, uint64_t end)
{
    uint64_t *wp = n < 32 ? &c->writer[n] : &c->writer_v[n - 32];
    uint32_t *wi = n < 32 ? &c->writer_insn[n] : &c->writer_v_insn[n - 32];
    if (c->per_insn) {
        if (c->last_pc) {
            *wp = c->last_pc;
            *wi = c->last_insn;
            c->wset |= 1ULL << n;
        }
    } else if (c->blk_addr && end > c->blk_addr) {
        *wp = 0;
        c->wlo[n] = c->blk_addr;
        c->whi[n] = end;
        c->wset |= 1ULL << n;
    }
}

/* V0-V31 into c->last_v unless no block that may change them ran since the last read.
 * block_done: the block the engine is in has finished (a sync at a block start);
 * otherwise its rest may still change them and the next call reads again. */
static bool refresh_v(checker *c, bool block_done)
{
    el2_machine *m = c->m;
    if (c->v_gen == m->cpu->fp_gen && !c->per_insn)
        return false;
    read_v(m, c->last_v);
    c->v_gen = m->cpu->fp_gen - (!block_done && m->cpu->cur_blk_fp ? 1 : 0);
    return true;
}

/* Attributes register changes since the last sync: to the last tracked instruction, or
 * (per block) to the instructions of the current block before `end`. block_done as for
 * refresh_v. */
static void track_sync_blk(checker *c, uint64_t end, bool block_done)
{
    uint64_t buf[31];
    const uint64_t *x = engine_live_gprs(c->m->eng);   /* the engine's registers, when reachable */
    if (!x) {
        read_x(c->m, buf);
        x = buf;
    }
    const uint64_t *last = c->last_x_is_call ? c->stack[0].x : c->last_x;
    uint32_t diff = words_differ(x, last, 31);
    if (diff) {
        for (; diff; diff &= diff - 1)
            note_change(c, __builtin_ctz(diff), end);
        memcpy(c->last_x, x, sizeof c->last_x);
        c->last_x_is_call = false;
    }
    if (c->track_v && (c->v_gen != c->m->cpu->fp_gen || c->per_insn)) {
        uint64_t was[32][2];
        memcpy(was, c->last_v, sizeof was);
        refresh_v(c, block_done);
        if (memcmp(was, c->last_v, sizeof was))
            for (int i = 0; i < 32; i++)
                if (c->last_v[i][0] != was[i][0] || c->last_v[i][1] != was[i][1])
                    note_change(c, 32 + i, end);
    }
}

static void track_sync_to(checker *c, uint64_t end)
{
    track_sync_blk(c, end, false);
}

static void track_sync(checker *c)
{
    track_sync_to(c, c->blk_end);
}

/* The register sync up to the returning instruction that close_call left pending. */
static void close_sync(checker *c)
{
    if (c->sync_pending) {
        c->sync_pending = false;
        track_sync_to(c, c->sync_end);
    }
}

/* The instruction that last wrote register n (0-30 GPRs, 32-63 V) before a finding. */
static void culprit_of(checker *c, int n, uint64_t *pc, uint32_t *insn)
{
    close_sync(c);
    uint64_t *wp = n < 32 ? &c->writer[n] : &c->writer_v[n - 32];
    uint32_t *wi = n < 32 ? &c->writer_insn[n] : &c->writer_v_insn[n - 32];
    if (!*wp && c->whi[n] > c->wlo[n]) {
        /* the last instruction of the block range that writes it (else the range's last) */
        uint64_t found = c->whi[n] - 4;
        for (uint64_t a = c->whi[n]; a > c->wlo[n];) {
            a -= 4;
            uint32_t w = machine_insn_at(c->m, a);
            cs_insn *ci = decode_detail(a, w);
            bool hit = false;
            cs_regs rd, wr;
            uint8_t nrd = 0, nwr = 0;
            if (ci && cs_regs_access(detail_cs, ci, rd, &nrd, wr, &nwr) == CS_ERR_OK)
                for (unsigned k = 0; k < nwr && !hit; k++)
                    hit = cs_reg_num(wr[k]) == n;
            if (ci)
                cs_free(ci, 1);
            if (hit) {
                found = a;
                break;
            }
        }
        *wp = found;
        c->wset |= 1ULL << n;
        *wi = machine_insn_at(c->m, found);
        c->wlo[n] = c->whi[n] = 0;
    }
    *pc = *wp;
    *insn = *wi;
}

static void add(checker *c, const frame *fr, finding_kind k, const char *what, bool has_values,
                uint64_t expected, uint64_t actual, const el2_event *ret, uint64_t culprit, uint32_t culprit_insn,
                const char *detail);
static const char *func_label(const checker *c, const frame *fr, char *buf, size_t n);

/* --scramble-clobbers: the caller's first read of each register scrambled at the return. */
static void scramble_watch(checker *c, uint64_t addr)
{
    if (c->depth || c->m->cpu->el != c->scr_el || on_landing_page(c, addr))
        return;
    uint32_t insn = machine_insn_at(c->m, addr);
    cs_insn *ci = decode_detail(addr, insn);
    if (!ci)
        return;
    cs_regs rd, wr;
    uint8_t nrd = 0, nwr = 0;
    if (cs_regs_access(detail_cs, ci, rd, &nrd, wr, &nwr) == CS_ERR_OK) {
        if (ci->id == ARM64_INS_MOVZ || ci->id == ARM64_INS_MOVN)
            nrd = 0;   /* Capstone 4 lists the destination of MOVZ/MOVN as read (only MOVK reads it) */
        for (unsigned i = 0; i < nrd; i++) {
            int n = cs_reg_num(rd[i]);
            bool hit = n >= 0 && (n < 32 ? (c->scr_mask >> n) & 1 : (c->scr_vmask >> (n - 32)) & 1);
            if (!hit)
                continue;
            char w[12], fb[64], d[256];
            snprintf(w, sizeof w, "%c%d", n < 32 ? 'x' : 'v', n < 32 ? n : n - 32);
            snprintf(d, sizeof d, "the caller reads %s after %s returned, but %s %s lets the stub clobber it", w,
                     func_label(c, &c->scr_call, fb, sizeof fb), c->abi->name, c->abi->version);
            uint64_t val = n < 32 ? machine_x(c->m, n) : 0;
            add(c, &c->scr_call, F_SCRAMBLED_READ, w, false, 0, val, NULL, addr, insn, d);
            if (n < 32)
                c->scr_mask &= ~(1u << n);
            else
                c->scr_vmask &= ~(1u << (n - 32));
        }
        for (unsigned i = 0; i < nwr; i++) {
            int n = cs_reg_num(wr[i]);
            if (n >= 0 && n < 32)
                c->scr_mask &= ~(1u << n);
            else if (n >= 32)
                c->scr_vmask &= ~(1u << (n - 32));
        }
    }
    cs_free(ci, 1);
}

/* --relocate-vectors: a fetch at EL2 that leaves the copy (reported at the way out). */
static void relocation_fetch(checker *c, uint64_t addr)
{
    el2_machine *m = c->m;
    if (m->cpu->el != 2 || m->cpu->sr[SR_VBAR_EL2] != c->copy || in_copy(c, addr) || on_landing_page(c, addr))
        return;
    if (c->last_pc && !in_copy(c, c->last_pc))
        return;
    const frame *fr = &c->stack[0];
    char d[256], a[128];
    snprintf(d, sizeof d, "EL2 runs %s, outside the relocated vectors at 0x%" PRIx64 ": the stub must fit in what travels with its vectors",
             symtab_format(m->syms, addr, a, sizeof a), c->copy);
    add(c, fr->is_call ? fr : NULL, F_OUTSIDE_VECTORS, "pc", false, 0, addr, NULL,
        c->last_pc ? copy_to_orig(c, c->last_pc) : addr, c->last_pc ? c->last_insn : machine_insn_at(m, addr), d);
}

static void hook_mem(bool write, uint64_t addr, int size, void *user)
{
    checker *c = user;
    el2_machine *m = c->m;
    if (!c->depth || m->cpu->el != 2 || m->cpu->sr[SR_VBAR_EL2] != c->copy || in_copy(c, addr) ||
        !c->last_pc || !in_copy(c, c->last_pc))
        return;
    cs_insn *ci = decode_detail(c->last_pc, c->last_insn);
    bool via_sp = false;
    if (ci) {
        for (unsigned i = 0; i < ci->detail->arm64.op_count; i++) {
            const cs_arm64_op *op = &ci->detail->arm64.operands[i];
            if (op->type == ARM64_OP_MEM && (op->mem.base == ARM64_REG_SP || op->mem.base == ARM64_REG_WSP))
                via_sp = true;
        }
        cs_free(ci, 1);
    }
    if (via_sp)
        return;
    const frame *fr = &c->stack[0];
    char d[256], a[128];
    snprintf(d, sizeof d, "EL2 %s %s, outside the relocated vectors at 0x%" PRIx64 " and not through SP",
             write ? "writes" : "reads", symtab_format(m->syms, addr, a, sizeof a), c->copy);
    add(c, fr->is_call ? fr : NULL, F_OUTSIDE_VECTORS, "data", false, 0, addr, NULL, copy_to_orig(c, c->last_pc),
        c->last_insn, d);
}

static void on_sysreg_read(int idx, uint64_t pc, uint32_t insn, void *user)
{
    checker *c = user;
    el2_machine *m = c->m;
    if (!c->unknown_marked || !c->unknown_marked[idx])
        return;
    c->unknown_marked[idx] = false;
    if (m->cpu->sr_written[idx])
        return;
    char d[256], a[128];
    snprintf(d, sizeof d, "%s read at %s before any write: its reset value is UNKNOWN", sysreg_table[idx].name,
             symtab_format(m->syms, pc, a, sizeof a));
    const frame *fr = c->depth ? &c->stack[0] : NULL;
    add(c, fr && fr->is_call ? fr : NULL, F_UNKNOWN_READ, sysreg_table[idx].name, false, 0, m->cpu->sr[idx], NULL, pc, insn, d);
}

static void on_block(const el2_blockinfo *b, void *user)
{
    checker *c = user;
    if (!c->per_insn) {
        if (c->depth && !c->fresh)
            track_sync_blk(c, c->blk_end, true);   /* the previous block ran to its end */
        c->fresh = false;
        c->blk_addr = b->addr;
        c->blk_end = b->addr + b->size;
    }
    if (b->touches_fp && c->track_v && c->depth && c->stack[0].is_call && !c->stack[0].v_saved) {
        /* the call's first code that may change V0-V31: until now they are as the call
         * found them, which last_v holds (no such block ran since it was read) */
        refresh_v(c, true);
        memcpy(c->stack[0].v, c->last_v, sizeof c->stack[0].v);
        c->stack[0].v_saved = true;
    }
}

/* Outside a call the checker has nothing to do at block starts: the engine skips it;
 * and stack[0], whose registers last_x may stand for, is free for the next frame. */
static void depth_changed(checker *c)
{
    obs_pause_block(&c->m->obs, &c->ob, c->depth == 0);
    if (c->depth == 0)
        c->last_x_is_call = false;
}

static void hook_track(uint64_t addr, void *user)
{
    checker *c = user;
    if (c->scr_mask | c->scr_vmask)
        scramble_watch(c, addr);
    if (!c->depth)
        return;
    if (c->copy)
        relocation_fetch(c, addr);
    track_sync(c);
    c->last_pc = addr;
    c->last_insn = machine_insn_at(c->m, addr);
}

static const char *func_label(const checker *c, const frame *fr, char *buf, size_t n)
{
    if (fr->f)
        return fr->f->name;
    snprintf(buf, n, "unknown function 0x%" PRIx64, fr->fid);
    return buf;
}

static void add(checker *c, const frame *fr, finding_kind k, const char *what, bool has_values,
                uint64_t expected, uint64_t actual, const el2_event *ret, uint64_t culprit, uint32_t culprit_insn,
                const char *detail)
{
    char fb[64];
    finding fd = { .kind = k, .what = g_strdup(what), .has_values = has_values, .expected = expected,
                   .actual = actual, .count = 1, .detail = detail ? g_strdup(detail) : NULL };
    if (fr) {
        fd.function = g_strdup(func_label(c, fr, fb, sizeof fb));
        fd.fid = fr->fid;
        fd.call_pc = fr->pc;
        fd.call_insn = fr->insn;
        fd.call_el = fr->from_el;
    }
    if (ret) {
        fd.has_ret = true;
        fd.ret_pc = copy_to_orig(c, ret->pc);
        fd.ret_insn = ret->insn;
        fd.ret_target = ret->target;
    }
    if (culprit) {
        fd.has_culprit = true;
        fd.culprit_pc = copy_to_orig(c, culprit);   /* code in the relocated copy: name it by its original */
        fd.culprit_insn = culprit_insn;
    }
    if (c->on_finding) {
        GString *note = g_string_new(NULL);
        g_string_append_printf(note, "%s: %s", kind_names[k], what);
        if (has_values)
            g_string_append_printf(note, " = 0x%" PRIx64 ", expected 0x%" PRIx64, actual, expected);
        if (fd.function)
            g_string_append_printf(note, " in %s", fd.function);
        if (detail)
            g_string_append_printf(note, " (%s)", detail);
        el2_event ev = { .kind = EV_FINDING, .insns = c->m->cpu->insns, .cycles = c->m->cpu->cycles,
                         .pc = fr ? fd.call_pc : culprit, .insn = fr ? fd.call_insn : culprit_insn,
                         .from_el = c->m->cpu->el, .to_el = c->m->cpu->el, .sysreg = k, .value = actual, .old = expected,
                         .far = fd.fid, .elr = culprit, .target = fd.ret_target, .note = note->str };
        c->on_finding(&ev, c->finding_user);
        g_string_free(note, TRUE);
    }
    /* one report per distinct violation: same kind, register, call site, function, culprit */
    for (guint i = 0; i < c->findings->len; i++) {
        finding *o = &g_array_index(c->findings, finding, i);
        if (o->kind == fd.kind && !g_strcmp0(o->what, fd.what) && o->call_pc == fd.call_pc &&
            o->fid == fd.fid && o->culprit_pc == fd.culprit_pc) {
            o->count++;
            g_free(fd.what); g_free(fd.function); g_free(fd.detail);
            return;
        }
    }
    g_array_append_val(c->findings, fd);
}

static bool is_call(const checker *c, const el2_event *ev)
{
    if (ev->to_el != 2)
        return false;
    if (ev->exc == EXC_HVC)
        return c->abi->hvc;
    if (ev->exc == EXC_SMC_TRAP)
        return c->abi->smc;
    return false;
}

static uint64_t random_value(checker *c)
{
    return (uint64_t)g_rand_int(c->rand) << 32 | g_rand_int(c->rand);
}

static void hook_land(uint64_t addr, void *user);

static void open_frame(checker *c, const el2_event *ev)
{
    el2_machine *m = c->m;
    bool outer = c->depth == 0;
    /* built in place: a frame is large (V registers, --fuzz copies) */
    if (c->depth == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 4;
        c->stack = g_renew(frame, c->stack, c->cap);
    }
    frame *fr = &c->stack[c->depth++];
    depth_changed(c);
    memset(fr, 0, offsetof(frame, x));       /* x[] is filled now, saved[] and v[] before use */
    fr->pc = ev->pc;
    fr->insn = ev->insn;
    fr->from_el = ev->from_el;
    fr->spsr = ev->spsr;
    fr->exc = ev->exc;
    memcpy(fr->x, ev->x, sizeof fr->x);
    fr->is_call = outer && is_call(c, ev);
    if (fr->is_call) {
        fr->fid = abi_fid(c->abi, ev->x[0]);
        fr->f = abi_lookup(c->abi, fr->fid);
        machine_sp_el01(m, &fr->sp_el0, &fr->sp_el1);
        fr->elr_el1 = m->cpu->sr[SR_ELR_EL1];
        fr->spsr_el1 = m->cpu->sr[SR_SPSR_EL1];
        fr->tpidr_el1 = m->cpu->sr[SR_TPIDR_EL1];
        fr->vbar_el1 = m->cpu->sr[SR_VBAR_EL1];
        if (c->track_v) {
            refresh_v(c, false);      /* last_v is V now (see on_block for fr->v) */
        }
        if (c->abi->preserve_state & ST_FPCR)
            fr->fpcr = read_fpcr(c, false);
        if (c->abi->preserve_state & ST_FPSR)
            fr->fpsr = read_fpcr(c, true);
        c->scr_mask = c->scr_vmask = 0;
        uint64_t vbar = m->cpu->sr[SR_VBAR_EL2];
        if (fr->f && c->o.stub_gone && c->o.have_stub_vectors && vbar != c->o.stub_vectors && !(c->copy && vbar == c->copy)) {
            /* a stub call reaching someone else's vectors: the stub is gone */
            char d[512], a[128], b[128], ins[256] = "set before the run", dis[96], fb[64];
            const vbar_install *vi = c->vbar->len ? &g_array_index(c->vbar, vbar_install, c->vbar->len - 1) : NULL;
            if (vi)
                snprintf(ins, sizeof ins, "installed at %s: %s%s%s", symtab_format(m->syms, vi->pc, a, sizeof a),
                         disasm(vi->pc, vi->insn, dis, sizeof dis), vi->via ? ", by " : "", vi->via ? vi->via : "");
            snprintf(d, sizeof d, "%s (x0=%" PRIu64 ") sent while VBAR_EL2 = %s (%s), not the stub's %s",
                     func_label(c, fr, fb, sizeof fb), fr->fid, symtab_format(m->syms, vbar, b, sizeof b), ins,
                     symtab_format(m->syms, c->o.stub_vectors, a, sizeof a));
            add(c, fr, F_STUB_GONE, "VBAR_EL2", true, c->o.stub_vectors, vbar, NULL, vi ? vi->pc : 0,
                vi ? vi->insn : 0, d);
            fr->is_call = false;   /* whoever answers now is not bound by the stub's ABI */
            return;
        }
        const char *bad = abi_fid_problem(c->abi, fr->fid);
        if (bad)
            add(c, fr, F_BAD_FID, "x0", false, 0, fr->fid, NULL, 0, 0, bad);
        if (c->perturb) {
            /* data-dependent clobbers: preserved registers get random values for this call */
            uint32_t mask = c->abi->preserve_gpr & ~(1u << 30) & ~(1u << 29);
            for (int i = 0; i < 31; i++)
                if (mask & (1u << i)) {
                    fr->saved[i] = fr->x[i];
                    fr->x[i] = random_value(c);
                    machine_set_x(m, i, fr->x[i]);
                }
            fr->perturbed = mask;
        }
        if (fr->f && fr->f->contract == CONTRACT_LANDS) {
            /* a stub may land by ERET or by a branch at EL2: watch the address too */
            fr->lands = fr->x[fr->f->lands_reg];
            fr->land_hook = engine_hook_insns(m->eng, fr->lands, fr->lands, hook_land, c);
            fr->land_hooked = true;
        }
        c->last_x_is_call = true;           /* last_x is fr->x until a register changes */
        c->fresh = true;
        c->last_pc = 0;
        for (uint64_t s = c->wset; s; s &= s - 1) {   /* what the last call set */
            int n = __builtin_ctzll(s);
            c->wlo[n] = c->whi[n] = 0;
            if (n < 32)
                c->writer[n] = 0;
            else
                c->writer_v[n - 32] = 0;
        }
        c->wset = 0;
    }
}

/* A call that lands elsewhere: the landing address (the caller's register), EL and
 * the registers the landing receives. ev is the ERET, or a synthetic event for a
 * landing by branch. */
static void check_landing(checker *c, frame *fr, const el2_event *ev)
{
    const abi_func *f = fr->f;
    char d[160];
    snprintf(d, sizeof d, "must land at the caller's x%d at EL%d", f->lands_reg, f->lands_el);
    if (ev->target != fr->lands || ev->to_el != (unsigned)f->lands_el) {
        add(c, fr, F_LANDING, "pc", true, fr->lands, ev->target, ev->pc ? ev : NULL, 0, 0, d);
        return;
    }
    for (int i = 0; i < 31; i++)
        if (f->lands_from[i] >= 0 && ev->x[i] != fr->x[f->lands_from[i]]) {
            char w[8], d2[96];
            snprintf(w, sizeof w, "x%d", i);
            snprintf(d2, sizeof d2, "at the landing, x%d must be the caller's x%d", i, f->lands_from[i]);
            uint64_t cp;
            uint32_t ci;
            culprit_of(c, i, &cp, &ci);
            add(c, fr, F_LANDING, w, true, fr->x[f->lands_from[i]], ev->x[i], ev->pc ? ev : NULL, cp, ci, d2);
        }
}

static void drop_land_hook(checker *c, frame *fr)
{
    if (fr->land_hooked) {
        engine_unhook(c->m->eng, fr->land_hook);
        fr->land_hooked = false;
    }
}

/* The landing address was reached without an exception return (a branch at EL2). */
static void hook_land(uint64_t addr, void *user)
{
    checker *c = user;
    if (c->depth != 1)
        return;
    frame *fr = &c->stack[0];
    if (!fr->is_call || !fr->land_hooked || fr->lands != addr)
        return;
    track_sync_to(c, addr);
    el2_event ev = { .kind = EV_ERET, .target = addr, .to_el = c->m->cpu->el };
    read_x(c->m, ev.x);
    check_landing(c, fr, &ev);
    drop_land_hook(c, fr);
    c->depth = 0;
    depth_changed(c);
}

/* Compares the caller's state with what the call hands back at an exception return. */
/* A caller register the ABI preserves (when `preserved`): named by its sysreg row. */
static inline void state_kept(checker *c, const frame *fr, const el2_event *ev, bool preserved, int sr,
                              uint64_t before, uint64_t after)
{
    if (preserved && before != after)
        add(c, fr, F_STATE, sysreg_table[sr].name, true, before, after, ev, c->m->cpu->sr_writer[sr],
            c->m->cpu->sr_writer_insn[sr], NULL);
}

static void close_call(checker *c, frame *fr, const el2_event *ev)
{
    el2_machine *m = c->m;
    const abi_func *f = fr->f;
    abi_contract con = f ? f->contract : CONTRACT_RETURNS;
    uint64_t site = fr->exc == EXC_SMC_TRAP ? fr->pc + 4 : fr->pc + 4;
    bool to_site = ev->target == site;
    /* The sync up to the returning instruction only serves culprits: done when a finding
     * needs one (culprit_of), or before V0-V31 are compared (it reads them). */
    c->sync_pending = true;
    c->sync_end = ev->pc ? ev->pc : c->blk_end;

    if (con == CONTRACT_NEVER) {
        if (to_site)
            add(c, fr, F_RETURNED, "pc", false, 0, ev->target, ev, 0, 0, "returned to the caller, but this call never returns");
        return;
    }
    if (con == CONTRACT_LANDS) {
        check_landing(c, fr, ev);
        return;
    }
    if (!to_site)
        add(c, fr, F_RETURN_ADDR, "pc", true, site, ev->target, ev, m->cpu->sr_writer[SR_ELR_EL2],
            m->cpu->sr_writer_insn[SR_ELR_EL2], "a returning call comes back to the call site + 4");
    bool el_ok = ev->to_el == fr->from_el ? (!f || f->return_el_caller) : (f && f->return_el_2 && ev->to_el == 2);
    if (!el_ok)
        add(c, fr, F_RETURN_EL, "el", true, fr->from_el, ev->to_el, ev, m->cpu->sr_writer[SR_SPSR_EL2],
            m->cpu->sr_writer_insn[SR_SPSR_EL2], "returned to another exception level than the caller's");
    if (!abi_result_ok(c->abi, f, fr->fid, ev->x[0])) {
        uint64_t want = f ? (f->results_ok->len ? g_array_index(f->results_ok, uint64_t, 0) : 0) : c->abi->unknown_result;
        uint64_t cp;
        uint32_t ci;
        culprit_of(c, 0, &cp, &ci);
        add(c, fr, F_RESULT, "x0", true, want, ev->x[0], ev, cp, ci,
            f ? "result outside the values the ABI allows" : "an unknown function must return the ABI's error value");
    }
    uint32_t preserved = c->abi->preserve_gpr & ~(f ? f->results_mask : 0);
    for (uint32_t d = words_differ(ev->x, fr->x, 31) & preserved; d; d &= d - 1) {
        int i = __builtin_ctz(d);
        char w[8];
        snprintf(w, sizeof w, "x%d", i);
        uint64_t cp;
        uint32_t ci;
        culprit_of(c, i, &cp, &ci);
        add(c, fr, F_CLOBBER, w, true, fr->x[i], ev->x[i], ev, cp, ci, NULL);
    }
    if (c->track_v && fr->v_saved)
        close_sync(c);
    if (c->track_v && fr->v_saved && memcmp(c->last_v, fr->v, sizeof fr->v)) {
        uint64_t (*v)[2] = c->last_v;      /* read by close_sync */
        for (int i = 0; i < 32; i++)
            if ((c->abi->preserve_v & (1u << i)) && (v[i][0] != fr->v[i][0] || v[i][1] != fr->v[i][1])) {
                char w[8], d[96];
                snprintf(w, sizeof w, "v%d", i);
                snprintf(d, sizeof d, "%s was 0x%016" PRIx64 "%016" PRIx64 ", now 0x%016" PRIx64 "%016" PRIx64, w,
                         fr->v[i][1], fr->v[i][0], v[i][1], v[i][0]);
                uint64_t cp;
                uint32_t ci;
                culprit_of(c, 32 + i, &cp, &ci);
                add(c, fr, F_CLOBBER, w, true, fr->v[i][0], v[i][0], ev, cp, ci, d);
            }
    }
    for (int k = 0; k < 2; k++) {
        unsigned bit = k ? ST_FPSR : ST_FPCR;
        if (!(c->abi->preserve_state & bit))
            continue;
        uint64_t now = read_fpcr(c, k), was = k ? fr->fpsr : fr->fpcr;
        if (now != was)
            add(c, fr, F_STATE, k ? "FPSR" : "FPCR", true, was, now, ev, 0, 0, NULL);
    }
    if (c->o.scramble && to_site && ev->to_el == fr->from_el) {
        /* caller audit: what the callee may clobber and does not return becomes a marked pattern */
        uint32_t mask = c->abi->may_clobber & ~c->abi->results_gpr & ~(f ? f->results_mask : 0);
        for (int i = 0; i < 31; i++)
            if (mask & (1u << i))
                machine_set_x(m, i, 0x5c5c5c5c00000000ULL | (uint64_t)i);
        for (int i = 0; i < 32; i++)
            if (c->abi->may_clobber_v & (1u << i)) {
                uint64_t q[2] = { 0x5c5c5c5c00000000ULL | (uint64_t)(32 + i), 0x5c5c5c5c5c5c5c5cULL };
                machine_set_v(m, i, q);
            }
        c->scr_mask = mask;
        c->scr_vmask = c->abi->may_clobber_v;
        c->scr_call = *fr;
        c->scr_el = fr->from_el;
    }
    /* caller state (EL1 registers): only meaningful when the call returns to the caller's EL */
    if (ev->to_el == fr->from_el) {
        unsigned ps = c->abi->preserve_state;
        uint64_t sp0 = 0, sp1 = 0;
        if (ps & (ST_SP_EL0 | ST_SP_EL1))
            machine_sp_el01(m, &sp0, &sp1);
        state_kept(c, fr, ev, ps & ST_SP_EL0, SR_SP_EL0, fr->sp_el0, sp0);
        state_kept(c, fr, ev, ps & ST_SP_EL1, SR_SP_EL1, fr->sp_el1, sp1);
        state_kept(c, fr, ev, ps & ST_ELR_EL1, SR_ELR_EL1, fr->elr_el1, m->cpu->sr[SR_ELR_EL1]);
        state_kept(c, fr, ev, ps & ST_SPSR_EL1, SR_SPSR_EL1, fr->spsr_el1, m->cpu->sr[SR_SPSR_EL1]);
        state_kept(c, fr, ev, ps & ST_TPIDR_EL1, SR_TPIDR_EL1, fr->tpidr_el1, m->cpu->sr[SR_TPIDR_EL1]);
        state_kept(c, fr, ev, ps & ST_VBAR_EL1, SR_VBAR_EL1, fr->vbar_el1, m->cpu->sr[SR_VBAR_EL1]);
        if ((c->abi->preserve_state & ST_DAIF) && (ev->spsr & PSR_DAIF) != (fr->spsr & PSR_DAIF))
            add(c, fr, F_PSTATE, "DAIF", true, fr->spsr & PSR_DAIF, ev->spsr & PSR_DAIF, ev,
                m->cpu->sr_writer[SR_SPSR_EL2], m->cpu->sr_writer_insn[SR_SPSR_EL2], "the returned SPSR changes the caller's interrupt masks");
        if ((c->abi->preserve_state & ST_SPSEL) && (ev->spsr & 1u) != (fr->spsr & 1u))
            add(c, fr, F_PSTATE, "SPSel", true, fr->spsr & 1u, ev->spsr & 1u, ev,
                m->cpu->sr_writer[SR_SPSR_EL2], m->cpu->sr_writer_insn[SR_SPSR_EL2], "the returned SPSR changes the caller's stack pointer selection");
    }
}

static void put_back(checker *c, frame *fr)
{
    /* --fuzz: the caller continues with its own values */
    for (int i = 0; fr->perturbed && i < 31; i++)
        if (fr->perturbed & (1u << i))
            machine_set_x(c->m, i, fr->saved[i]);
}

static void on_event(const el2_event *ev, void *user)
{
    checker *c = user;
    el2_machine *m = c->m;
    if (ev->kind == EV_EXC && c->depth && !c->per_insn) {
        /* an exception inside the stub: its block ran only up to the instruction that took it */
        track_sync_to(c, ev->pc);
        c->blk_end = c->blk_addr;
    }
    if (ev->kind == EV_EXC && c->unknown_marked) {
        /* exception entry writes the syndrome registers of the target EL */
        int el2[] = { SR_ESR_EL2, SR_ELR_EL2, SR_SPSR_EL2, SR_FAR_EL2 }, el1[] = { SR_ESR_EL1, SR_ELR_EL1, SR_SPSR_EL1, SR_FAR_EL1 };
        for (int i = 0; i < 4; i++)
            c->unknown_marked[ev->to_el == 2 ? el2[i] : el1[i]] = false;
    }
    if (ev->kind == EV_SYSREG && ev->sysreg == SR_VBAR_EL2) {
        vbar_install vi = { .cycles = ev->cycles, .value = ev->value, .pc = copy_to_orig(c, ev->pc), .insn = ev->insn };
        const frame *fr = c->depth ? &c->stack[0] : NULL;
        if (fr && fr->is_call) {
            char fb[64], a[128];
            vi.via = g_strdup_printf("%s from %s", func_label(c, fr, fb, sizeof fb), symtab_format(m->syms, fr->pc, a, sizeof a));
        }
        if (c->copy && ev->value == c->o.stub_vectors) {
            sysreg_set(m->cpu, SR_VBAR_EL2, c->copy);   /* the copy is the table in force */
            vi.relocated = true;
        }
        g_array_append_val(c->vbar, vi);
    }
    if (ev->kind == EV_EXC && ev->to_el == 2 && ev->exc != EXC_SEMIHOST) {
        open_frame(c, ev);
    } else if (ev->kind == EV_ERET && ev->from_el == 2 && c->depth) {
        frame *fr = &c->stack[c->depth - 1];
        if (fr->is_call) {
            close_call(c, fr, ev);
            c->sync_pending = false;          /* no culprit needed it */
            drop_land_hook(c, fr);
            put_back(c, fr);
        }
        c->depth--;
        depth_changed(c);
    } else if (ev->kind == EV_SYSREG && (ev->sysreg == SR_VBAR_EL2 || ev->sysreg == SR_VBAR_EL1)) {
        const frame *fr = c->depth ? &c->stack[0] : NULL;
        const char *name = sysreg_table[ev->sysreg].name;
        if (ev->raw & 0x7ff)
            add(c, fr && fr->is_call ? fr : NULL, F_VBAR_ALIGN, name, true, ev->raw & ~0x7ffULL, ev->raw, NULL, ev->pc,
                ev->insn, "vector tables are 2 KiB aligned: bits 10:0 are RES0 and the entries would not be where the code is");
        uint32_t probe;
        if (!machine_read(m, ev->value, &probe, 4) || !machine_read(m, ev->value + 0x7fc, &probe, 4))
            add(c, fr && fr->is_call ? fr : NULL, F_VBAR_UNMAPPED, name, false, 0, ev->value, NULL, ev->pc, ev->insn,
                "the vector table is not in mapped memory");
    }
}

checker *checker_attach(el2_machine *m, abi_model *abi)
{
    checker *c = g_new0(checker, 1);
    c->m = m;
    c->abi = abi;
    c->findings = g_array_new(FALSE, TRUE, sizeof(finding));
    c->vbar = g_array_new(FALSE, TRUE, sizeof(vbar_install));
    c->vbar_start = m->cpu->sr[SR_VBAR_EL2];
    c->track_v = abi->preserve_v != 0;
    m->cpu->capture_regs = true;
    /* the checker sees each event before the observers already there (the printer) */
    c->ob = (el2_observer){ .event = on_event, .block = on_block, .user = c };
    machine_observe_first(m, &c->ob);
    depth_changed(c);
    return c;
}

void checker_on_finding(checker *c, el2_event_fn fn, void *user)
{
    c->on_finding = fn;
    c->finding_user = user;
}

void checker_set_perturb(checker *c, guint32 seed)
{
    c->perturb = true;
    c->rand = g_rand_new_with_seed(seed);
}

void checker_finish(checker *c)
{
    el2_machine *m = c->m;
    char d[256];
    /* an exception stuck inside the stub is the root cause: report it, not "no return" */
    bool nested = c->depth > 1;
    for (guint i = 0; i < c->depth; i++) {
        frame *fr = &c->stack[i];
        const char *why = m->cpu->stop_msg ? m->cpu->stop_msg : stop_name(m->cpu->stop);
        if (fr->is_call && nested) {
            drop_land_hook(c, fr);
        } else if (fr->is_call) {
            abi_contract con = fr->f ? fr->f->contract : CONTRACT_RETURNS;
            drop_land_hook(c, fr);
            if (con == CONTRACT_RETURNS) {
                snprintf(d, sizeof d, "the run ended inside the call: %s", why);
                add(c, fr, F_NO_RETURN, "pc", false, 0, machine_pc(m), NULL, 0, 0, d);
            } else if (con == CONTRACT_LANDS) {
                uint64_t pc = machine_pc(m);
                if (!(m->cpu->stop == STOP_AT && pc == fr->lands)) {
                    snprintf(d, sizeof d, "never reached the landing address 0x%" PRIx64 ": %s", fr->lands, why);
                    add(c, fr, F_LANDING, "pc", true, fr->lands, pc, NULL, 0, 0, d);
                }
            }
        } else {
            const frame *call = &c->stack[0];
            snprintf(d, sizeof d, "%s taken at EL%u inside the stub was never returned from (%s)",
                     exc_kind_name(fr->exc), fr->from_el, why);
            add(c, call->is_call ? call : NULL, F_EXC_IN_STUB, exc_kind_name(fr->exc), false, 0, fr->pc, NULL,
                fr->pc, fr->insn, d);
        }
    }
    c->depth = 0;
    depth_changed(c);
}

void checker_free(checker *c)
{
    if (!c)
        return;
    machine_unobserve(c->m, &c->ob);
    for (guint i = 0; i < c->findings->len; i++) {
        finding *f = &g_array_index(c->findings, finding, i);
        g_free(f->what); g_free(f->function); g_free(f->detail);
    }
    g_array_free(c->findings, TRUE);
    g_free(c->stack);
    for (guint i = 0; i < c->vbar->len; i++)
        g_free(g_array_index(c->vbar, vbar_install, i).via);
    g_array_free(c->vbar, TRUE);
    if (c->copy_ranges)
        g_array_free(c->copy_ranges, TRUE);
    g_free(c->unknown_marked);
    if (c->rand)
        g_rand_free(c->rand);
    g_free(c);
}

void finding_print(const checker *c, const finding *fd, FILE *f)
{
    const el2_symtab *st = c->m->syms;
    char a[160], b[160], dis[96];
    fprintf(f, "%s: %s", kind_names[fd->kind], fd->what);
    if (fd->has_values)
        fprintf(f, " = 0x%" PRIx64 ", expected 0x%" PRIx64, fd->actual, fd->expected);
    else if (fd->kind == F_VBAR_UNMAPPED || fd->kind == F_BAD_FID || fd->kind == F_SCRAMBLED_READ ||
             fd->kind == F_OUTSIDE_VECTORS || fd->kind == F_UNKNOWN_READ)
        fprintf(f, " = 0x%" PRIx64, fd->actual);
    if (fd->count > 1)
        fprintf(f, "  (x%u)", fd->count);
    fprintf(f, "\n");
    if (fd->detail)
        fprintf(f, "    why      %s\n", fd->detail);
    if (fd->function)
        fprintf(f, "    call     %s (x0=0x%" PRIx64 ") by %s at %s, EL%u  [%s %s]\n", fd->function, fd->fid,
                disasm(fd->call_pc, fd->call_insn, dis, sizeof dis), symtab_format(st, fd->call_pc, a, sizeof a),
                fd->call_el, c->abi->name, c->abi->version);
    if (fd->has_ret)
        fprintf(f, "    returned %s at %s -> %s\n", disasm(fd->ret_pc, fd->ret_insn, dis, sizeof dis),
                symtab_format(st, fd->ret_pc, a, sizeof a), symtab_format(st, fd->ret_target, b, sizeof b));
    if (fd->has_culprit)
        fprintf(f, "    culprit  %s: %s\n", symtab_format(st, fd->culprit_pc, a, sizeof a),
                disasm(fd->culprit_pc, fd->culprit_insn, dis, sizeof dis));
}

void checker_print(const checker *c, FILE *f)
{
    for (guint i = 0; i < c->findings->len; i++)
        finding_print(c, &g_array_index(c->findings, finding, i), f);
    fprintf(f, "%u violation%s of %s %s\n", c->findings->len, c->findings->len == 1 ? "" : "s", c->abi->name,
            c->abi->version);
}


static void json_addr(GString *s, const char *key, const el2_symtab *st, uint64_t pc, uint32_t insn)
{
    char a[160], dis[96];
    g_string_append_printf(s, ", \"%s\": {\"pc\": \"0x%" PRIx64 "\", \"symbol\": ", key, pc);
    json_append_string(s, symtab_format(st, pc, a, sizeof a));
    g_string_append(s, ", \"insn\": ");
    json_append_string(s, disasm(pc, insn, dis, sizeof dis));
    g_string_append(s, "}");
}

bool checker_write_json(const checker *c, const char *path, GError **err)
{
    const el2_symtab *st = c->m->syms;
    GString *s = g_string_new("{\"abi\": ");
    json_append_string(s, c->abi->name);
    g_string_append(s, ", \"version\": ");
    json_append_string(s, c->abi->version);
    g_string_append_printf(s, ", \"violations\": %u, \"findings\": [", c->findings->len);
    for (guint i = 0; i < c->findings->len; i++) {
        const finding *fd = &g_array_index(c->findings, finding, i);
        g_string_append(s, i ? ",\n  {" : "\n  {");
        g_string_append(s, "\"kind\": ");
        json_append_string(s, kind_names[fd->kind]);
        g_string_append(s, ", \"what\": ");
        json_append_string(s, fd->what);
        if (fd->has_values)
            g_string_append_printf(s, ", \"expected\": \"0x%" PRIx64 "\", \"actual\": \"0x%" PRIx64 "\"", fd->expected,
                                   fd->actual);
        g_string_append_printf(s, ", \"count\": %u", fd->count);
        if (fd->detail) {
            g_string_append(s, ", \"detail\": ");
            json_append_string(s, fd->detail);
        }
        if (fd->function) {
            g_string_append(s, ", \"function\": ");
            json_append_string(s, fd->function);
            g_string_append_printf(s, ", \"fid\": \"0x%" PRIx64 "\", \"caller_el\": %u", fd->fid, fd->call_el);
            json_addr(s, "call", st, fd->call_pc, fd->call_insn);
        }
        if (fd->has_ret)
            json_addr(s, "return", st, fd->ret_pc, fd->ret_insn);
        if (fd->has_culprit)
            json_addr(s, "culprit", st, fd->culprit_pc, fd->culprit_insn);
        g_string_append(s, "}");
    }
    g_string_append(s, "\n]}\n");
    bool ok = g_file_set_contents(path, s->str, (gssize)s->len, err);
    g_string_free(s, TRUE);
    return ok;
}

void checker_merge(checker *dst, const checker *src)
{
    for (guint i = 0; i < src->findings->len; i++) {
        const finding *f = &g_array_index(src->findings, finding, i);
        bool dup = false;
        for (guint j = 0; j < dst->findings->len && !dup; j++) {
            finding *o = &g_array_index(dst->findings, finding, j);
            if (o->kind == f->kind && !g_strcmp0(o->what, f->what) && o->call_pc == f->call_pc && o->fid == f->fid &&
                o->culprit_pc == f->culprit_pc) {
                o->count += f->count;
                dup = true;
            }
        }
        if (!dup) {
            finding copy = *f;
            copy.what = g_strdup(f->what);
            copy.function = g_strdup(f->function);
            copy.detail = g_strdup(f->detail);
            g_array_append_val(dst->findings, copy);
        }
    }
}

void checker_call_start(checker *c)
{
    c->scr_mask = c->scr_vmask = 0;
}

bool checker_configure(checker *c, const checker_opts *o, GError **err)
{
    el2_machine *m = c->m;
    c->o = *o;
    c->vbar_start = m->cpu->sr[SR_VBAR_EL2];
    if ((o->scramble || o->relocate) && !c->per_insn) {
        /* these watch every instruction: track per instruction too */
        c->per_insn = true;
        c->track = engine_hook_insns(m->eng, 1, 0, hook_track, c);
    }
    if (o->unknown_reset) {
        /* registers the architecture leaves UNKNOWN at reset start with a marked value */
        c->unknown_marked = g_new0(bool, sysreg_count);
        for (int i = 0; i < sysreg_count; i++) {
            const sysreg_def *d = &sysreg_table[i];
            const uint64_t *cv = g_hash_table_lookup(m->model->values, d->name);
            if (!(d->flags & SRF_UNKNOWN) || d->kind != SRK_PLAIN || m->cpu->sr_written[i] || m->cpu->sr[i] != (cv ? *cv : d->reset))
                continue;
            sysreg_set(m->cpu, i, 0xa5a5a5a5a5a5a5a5ULL);
            c->unknown_marked[i] = true;
        }
        c->ob.sysreg_read = on_sysreg_read;
    }
    if (o->relocate) {
        if (!o->have_stub_vectors) {
            g_set_error(err, EL2_ERROR, 2, "--relocate-vectors: the stub's vector table is unknown (no __hyp_stub_vectors; give --stub-vectors)");
            return false;
        }
        const el2_region *ram0 = &g_array_index(m->ram, el2_region, 0);
        uint64_t copy = (ram0->base + ram0->size - 0x100000) & ~0x7ffULL;
        c->copy_ranges = g_array_new(FALSE, FALSE, sizeof(uint64_t));
        /* the 2 KiB table, and what the ABI says travels with it, at the same offsets */
        GPtrArray *items = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(items, g_strdup_printf("0x%" PRIx64 ":0x800", o->stub_vectors));
        for (char **t = c->abi->travels; t && *t; t++)
            g_ptr_array_add(items, g_strstrip(g_strdup(*t)));
        for (guint i = 0; i < items->len; i++) {
            char *it = g_ptr_array_index(items, i), *colon = strrchr(it, ':'), *end = NULL;
            uint64_t addr = 0, size = colon ? g_ascii_strtoull(colon + 1, &end, 0) : 0;
            bool named = false;
            if (colon) {
                *colon = 0;
                named = end && !*end && symtab_resolve(m->syms, it, &addr);
            } else {
                named = machine_section(m, it, &addr, &size);   /* a whole section */
            }
            /* items keep their offset from the table, before or after it (up to 960 KiB) */
            int64_t off = 0;
            bool ok = named && size && size < 0xf0000;
            if (ok) {
                off = (int64_t)(addr - o->stub_vectors);
                ok = off > -0xf0000 && off + (int64_t)size < 0xf0000;
            }
            if (!ok) {
                g_set_error(err, EL2_ERROR, 2, "--relocate-vectors: travels item '%s' must be SYMBOL:SIZE or a section name, within 960 KiB of the vectors", it);
                g_ptr_array_free(items, TRUE);
                return false;
            }
            uint8_t *buf = g_malloc((gsize)(size & 0xfffff));
            if (!machine_read(m, addr, buf, size)) {
                g_set_error(err, EL2_ERROR, 2, "--relocate-vectors: 0x%" PRIx64 "+0x%" PRIx64 " is not in memory", addr, size);
                g_free(buf);
                g_ptr_array_free(items, TRUE);
                return false;
            }
            uint64_t dst = copy + (uint64_t)off, hi = dst + size;
            machine_write(m, dst, buf, size);
            g_free(buf);
            g_array_append_val(c->copy_ranges, dst);
            g_array_append_val(c->copy_ranges, hi);
        }
        g_ptr_array_free(items, TRUE);
        c->copy = copy;
        symtab_add(m->syms, "el2sim_vectors_copy", copy, 0x800, false, true);
        if (m->cpu->sr[SR_VBAR_EL2] == o->stub_vectors)
            sysreg_set(m->cpu, SR_VBAR_EL2, copy);
        c->mem_hook = engine_hook_data(m->eng, 1, 0, hook_mem, c);
    }
    return true;
}

void checker_print_vbar_timeline(const checker *c, FILE *f)
{
    const el2_symtab *st = c->m->syms;
    char a[128], b[128], dis[96];
    fprintf(f, "VBAR_EL2 timeline (cycles, table, installer):\n");
    fprintf(f, "    %10s  %s  at reset or set by el2sim\n", "start", symtab_format(st, c->vbar_start, a, sizeof a));
    for (guint i = 0; i < c->vbar->len; i++) {
        const vbar_install *vi = &g_array_index(c->vbar, vbar_install, i);
        fprintf(f, "    %10" PRIu64 "  %s  installed at %s: %s%s%s%s\n", vi->cycles, symtab_format(st, vi->value, a, sizeof a),
                symtab_format(st, vi->pc, b, sizeof b), disasm(vi->pc, vi->insn, dis, sizeof dis), vi->via ? ", by " : "",
                vi->via ? vi->via : "", vi->relocated ? " (relocated: the copy is in force)" : "");
    }
}
