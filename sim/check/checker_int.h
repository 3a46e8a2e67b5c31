/* checker_int.h - what the ABI checker's files share (not for use outside them).
 * The checker is split by concern:
 *   checker.c         attaching to a machine, options, freeing
 *   checker_frames.c  the event dispatch and call frames: opened at an HVC/SMC into EL2, followed through nested
 *                     exceptions, closed and compared at the return or the landing
 *   checker_regs.c    register tracking (which instruction last wrote each register) and
 *                     the culprit search
 *   checker_beyond.c  beyond the stub: stub-gone, VBAR_EL2 installs, relocated vectors,
 *                     --unknown-reset, --scramble-clobbers
 *   checker_report.c  findings: adding and merging them, text and JSON reports
 * audit.c holds the command-line options of the beyond-the-stub checks. */
#ifndef EL2_CHECKER_INT_H
#define EL2_CHECKER_INT_H
#include "checker.h"
#include "machine.h"
#include <capstone/capstone.h>

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
    /* the caller's return state (ELR_EL2, SPSR_EL2 the call wrote), what the registers
     * hold now (MSR events, nested exception entries), and the interrupt that overwrote
     * them while they held it (lost: not put back since) with the instruction that had
     * unmasked it (checker_frames.c unmasked_return) */
    uint64_t ret_elr, cur_elr;
    uint32_t ret_spsr, cur_spsr;
    bool lost;
    el2_exc_kind lost_exc;
    int lost_source;
    uint64_t lost_pc, lost_intid, unmask_pc;
    uint32_t unmask_insn;
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
    guint overflow;          /* exceptions nested beyond CHECKER_MAX_NESTED outside a call
                              * (not followed; their returns are matched first) */
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
    /* several PEs (issue 20): the checker attached to the machine keeps one checker per PE
     * in pe[] (pe[0] is itself) and hands each event, block and MRS to its PE's; each
     * follows its own PE's calls and adds to the attached one's findings (root).
     * npe == 0 and root == NULL on a one-PE machine. */
    struct checker *root;
    struct checker *pe[EL2_MAX_PES];
    unsigned npe, index;
    el2_cpu *end_cpu;               /* checker_finish: the PE whose stop ended the run */
    bool differs_reported;          /* vbar-differs reported for VBAR_EL2 = differs_vbar */
    uint64_t differs_vbar;
};

/* The checker of the PE the machine runs now (c itself on a one-PE machine) */
static inline checker *pe_checker(checker *c)
{
    return c->npe ? c->pe[c->m->cpu->index] : c;
}

extern const char *kind_names[F_KIND_COUNT];

static inline void read_x(el2_machine *m, uint64_t *x)
{
    machine_read_gprs(m, x);
}

static inline void read_v(el2_machine *m, uint64_t v[32][2])
{
    machine_read_v(m, v);
}

/* checker_regs.c */
void reread_fpcr(checker *c);

/* FPCR (sr false) or FPSR, read again only when a block that may change them ran */
static inline uint64_t read_fpcr(checker *c, bool sr)
{
    if (c->fpc_gen != c->m->cpu->fp_gen || c->per_insn)
        reread_fpcr(c);
    return c->fpc[sr];
}

/* V0-V31 into c->last_v unless no block that may change them ran since the last read.
 * block_done: the block the engine is in has finished (a sync at a block start);
 * otherwise its rest may still change them and the next call reads again. */
static inline bool refresh_v(checker *c, bool block_done)
{
    el2_machine *m = c->m;
    if (c->v_gen == m->cpu->fp_gen && !c->per_insn)
        return false;
    read_v(m, c->last_v);
    c->v_gen = m->cpu->fp_gen - (!block_done && m->cpu->cur_blk_fp ? 1 : 0);
    return true;
}

extern csh detail_cs;
cs_insn *decode_detail(uint64_t pc, uint32_t insn);
int cs_reg_num(uint16_t r);
void track_sync_to(checker *c, uint64_t end);
void close_sync(checker *c);
void culprit_of(checker *c, int n, uint64_t *pc, uint32_t *insn);
void on_block(const el2_blockinfo *b, void *user);
void hook_track(uint64_t addr, void *user);

/* checker_frames.c */
/* Exceptions nested inside a call (or, outside any call, exceptions to EL2 taken with
 * none returned from) that the checker follows; one more is a recursion: the
 * exception-recursion finding. */
#define CHECKER_MAX_NESTED 64
void on_event(const el2_event *ev, void *user);
/* A stub call on a PE whose VBAR_EL2 is not the other PEs' (ABI per-cpu = every):
 * reported; true then (checker_beyond.c) */
bool vbar_differs(checker *c, const frame *fr);
/* A finding left the open call nowhere to go (its detail ends with CALL_ENDED): the call
 * ends, the caller's state comes back and it resumes after the call. */
void end_call(checker *c);
#define CALL_ENDED "; the call is ended: the caller resumes after it, its registers as they were"

/* checker_beyond.c */
uint64_t copy_to_orig(const checker *c, uint64_t a);
void scramble_watch(checker *c, uint64_t addr);
void relocation_fetch(checker *c, uint64_t addr);
bool stub_gone(checker *c, const frame *fr);
void scramble_returned(checker *c, const frame *fr);
void unknown_exception_entry(checker *c, const el2_event *ev);
void vbar_installed(checker *c, const el2_event *ev);
void vbar_checked(checker *c, const el2_event *ev);

/* checker_a32.c: the 32-bit side (ABI width=32, an AArch32 caller) */
/* Which of the 31 registers differ: all 64 bits, or the low 32 for a width=32 ABI */
uint32_t gprs_differ(const checker *c, const uint64_t *a, const uint64_t *b);
static inline uint64_t gpr_value(const checker *c, uint64_t v)
{
    return c->abi->width == 32 ? (uint32_t)v : v;
}
/* The ISA of the caller (from its SPSR) and of the stub's code now */
finding_isa caller_isa(const checker *c, uint32_t spsr);
finding_isa stub_isa(const checker *c);
/* Does the AArch32 instruction at pc (in the stub, Hyp mode) write register n (X0-X30
 * numbering: R0-R12, the banked SP/LR as the Arm ARM maps them)? */
bool a32_writes(const checker *c, uint64_t pc, uint32_t insn, int n);
/* The culprit search of an AArch32 stub (A32 or T32): the last instruction in [lo, hi)
 * that writes register n (else the range's last); *insn in the Arm ARM's notation */
uint64_t a32_last_writer(checker *c, uint64_t lo, uint64_t hi, int n, uint32_t *insn);
/* A VBAR_EL2 write on the AArch32 Hyp-mode machine is HVBAR's: 32-byte aligned table of
 * 8 words; checked here (true) instead of as VBAR_EL2 */
bool hvbar_checked(checker *c, const el2_event *ev);
/* Text of a finding's instruction in its instruction set */
const char *finding_insn_text(const el2_symtab *st, finding_isa isa, uint64_t pc, uint32_t insn, char *buf, size_t n);

/* checker_report.c */
void add(checker *c, const frame *fr, finding_kind k, const char *what, bool has_values,
         uint64_t expected, uint64_t actual, const el2_event *ret, uint64_t culprit, uint32_t culprit_insn,
         const char *detail);
const char *func_label(const checker *c, const frame *fr, char *buf, size_t n);

/* Outside a call the checker has nothing to do at block starts: the engine skips it;
 * and stack[0], whose registers last_x may stand for, is free for the next frame. */
static inline void depth_changed(checker *c)
{
    checker *r = c->root ? c->root : c;
    bool idle = true;                 /* several PEs: no PE's call is open */
    for (unsigned i = 0; i < r->npe; i++)
        idle = idle && (!r->pe[i] || r->pe[i]->depth == 0);
    obs_pause_block(&c->m->obs, &r->ob, idle && c->depth == 0);
    if (c->depth == 0)
        c->last_x_is_call = false;
}
#endif
