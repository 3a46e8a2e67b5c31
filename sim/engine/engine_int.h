/* engine_int.h - the engine binding's own state (the files in engine/ only). */
#ifndef EL2_ENGINE_INT_H
#define EL2_ENGINE_INT_H
#include "engine.h"
#include "error.h"
#include "exception.h"
#include "uc_facts.h"
#include "ucfast.h"

/* One step of a block's alignment plan (align_block.c): AOP_SET rd = rn + imm;
 * AOP_LIT rd = the size bytes at block + imm; AOP_ACC the access of instruction idx at
 * rn + imm (+ rm extended by option, shifted) must be aligned to size (sp: SP's to 16). */
enum { AOP_SET, AOP_LIT, AOP_ACC };
typedef struct {
    uint8_t kind, rd, rn, rm, size, option, shift;
    bool sp, sign;
    uint16_t idx;
    int64_t imm;
} align_op;

/* Per-block data cached by the block hook (timing, instruction counts, ERET discovery). */
typedef struct el2_block {
    el2_blockinfo info;      /* what observers see: addr, size, ninsns, touches_fp */
    uint32_t cycles;
    uint32_t tail_cost;      /* cost of its last instruction (the HVC, SVC or ERET that ends most) */
    bool eret_direct;        /* closes with an ERET that has no code hook (eret_arm) */
    uint32_t hook_gen;       /* e->hook_gen when eret_direct was last confirmed */
    unsigned real_el;        /* the engine EL it was learned at (mirror mode: another VA space) */
    uint32_t nalign;         /* alignment plan (align_block.c): ops, registers read at entry */
    uint64_t align_entry, align_defined;
    align_op *align;         /* (g_malloc'd; freed when the block is learned again) */
    uint64_t align_memo;     /* the entry registers' low 4 bits (packed) of a run of the plan */
    bool align_memo_ok;      /*   that found every access aligned (align_plan_check) */
    bool align_memo_able;    /* the plan's outcome follows from those bits alone */
} el2_block;

#define EL2_BLOCK_CACHE 4096

typedef struct el2_vtlb {          /* mmu_ctx_host's cache of translated pages */
    uint64_t gen, page;
    unsigned el;
    uint8_t *host;
} el2_vtlb;

typedef struct el2_range { uint64_t base, size; } el2_range;

struct el2_engine {
    uc_engine *uc;
    el2_cpu *cpu;
    GArray *ram;             /* el2_region: guest RAM (the system's list) */
    el2_ucfast fast;         /* the engine's live registers, when ucfast proved them */
    el2_el_hooks el_hooks;   /* the engine's PMU EL-change hooks, taken off (ucfast) */
    const char *el_hooks_why;  /* why they were left on */
    const char *fast_why;    /* why ucfast declined (registers then go through the API) */
    const el2_region *code_region;  /* RAM region of the last instruction fetched (insn_at) */
    bool in_intr;            /* inside the engine's interrupt hook (between blocks) */

    el2_block *blocks;       /* direct-mapped cache */
    uint64_t native_pc;      /* a hooked system instruction the engine may run natively */
    bool parked;             /* hook_intr sent the engine to `until` to end the run (F10) */
    uint64_t parked_pc;      /* the PC it had then */
    GHashTable *code_pages;  /* page -> 1: pages with learned blocks (write-watched) */
    GHashTable *code_lines;  /* several PEs: 64-byte lines any block learned here ever covered (F24) */
    el2_uctlb *tlb;          /* the engine's TLB fill, wrapped (F17); NULL: write hooks */
    const char *tlb_why;     /* why not */
    bool vector_warned;      /* the guest wrote over its VBAR_EL2 table (warned once) */
    bool align_faults;       /* check ordinary load/store alignment (align.c) */

    uint64_t landing;        /* private page: where unhooked ERETs land */
    uint64_t until;          /* private address the engine never reaches */
    unsigned pa_bits;        /* the engine core's PARange in bits (engine_pa_bits) */
    bool eret_armed;         /* real ELR_EL3 holds a target, restore landing */
    struct {                 /* an unhooked ERET armed at its block start (eret_arm) */
        bool on;
        uint32_t insn;
        uint64_t pc;
        el2_eret_plan plan;  /* plan.elr: where the engine's ERET goes */
    } eret;
    uint32_t hook_gen;       /* bumped when a code hook is added (eret_direct blocks recheck) */
    bool eret_hooks_all;     /* EL2SIM_ERET_HOOKS: no eret_direct blocks (tests compare both) */
    uint64_t erets_direct;   /* ERETs completed by eret_settle */
    uint64_t erets_dropped;  /* armed ERETs dropped (an exception or a stop came first) */
    uint32_t real_spsr_el3;  /* last value el2sim wrote to the engine's SPSR_EL3 */
    GHashTable *eret_hooked; /* addresses with a code hook */
    uc_hook h_intr, h_block, h_mrs, h_msr, h_sys, h_sysl, h_landing, h_unmapped, h_prot;
    GHashTable *qemu_lacks;  /* sysreg key + 1 -> 1: unknown to the engine (skip needs PC move) */
    GHashTable *stop_points; /* uint64_t* addresses: stop before executing them */
    GPtrArray *obs_hooks;    /* engine_hook_* trampolines */

    /* the guest's MMU (mmu_ctx.c) */
    unsigned real_el;        /* the engine core's EL: 3, or in mirror mode the guest's EL1/EL0 */
    bool mirror;             /* the engine translates with the guest's tables */
    bool vhe;                /* mirror mode with HCR_EL2.E2H = 1: guest EL2 at the engine's EL2 */
    uint64_t mmu_gen;        /* el2_cpu.mmu_gen last mirrored */
    uint64_t pan_gen;        /* el2_cpu.pan_gen last given to the engine (mmu_ctx_pan) */
    void (*rebuild_hflags)(void *env);   /* F14; NULL: the MMU cannot be turned on */
    void *env;
    const char *mirror_why;  /* why not */
    uint64_t sctlr_el3_base; /* the engine's SCTLR_EL3 without M and WXN */
    GArray *placeholders;    /* el2_range: virtual ranges mapped for F15 */
    void *placeholder_host;
    el2_vtlb vtlb[64];
    uint64_t vtlb_gen;
    uint64_t refault_pc, refault_va;   /* a fault el2sim's walker did not find, retried once */
    unsigned armed_el;       /* the engine EL whose ELR holds an armed ERET's target */
    bool in_run;             /* inside uc_emu_start */
    bool gic_mapped;         /* the GIC's registers are MMIO regions (mmio.c) */
    uint64_t other_lo, other_hi;   /* code another PE's store overwrote (lo < hi): dropped at the next slice */
    bool tb_flush_pending;   /* the engine's translated code to drop after this run */
    bool ph_pending;         /* a placeholder to map after this engine run (mmu_ctx_place) */
    bool ph_fetch;
    uint64_t ph_addr, ph_pc;
    /* the guest's AArch32 EL1/EL0 (a32.c, uc_facts.h F18) */
    bool a32;                /* the engine executes AArch32 (its PC is R15) */
    const char *a32_why;     /* why it cannot (NULL: it can) */
    void (*sync_32_to_64)(void *env), (*sync_64_to_32)(void *env);
    uint32_t (*cpsr_read)(void *env);
    /* the engine's exclusive monitor, cleared at a turn's end (excl.c, uc_facts.h F20) */
    bool excl_ok;
    const char *excl_why;    /* why it cannot be (NULL: it can) */
    /* the AArch32 Hyp-mode machine (a32.c, uc_facts.h F21) */
    const char *a32_hyp_why; /* why the engine cannot run it (NULL: it can) */
    uint64_t a32_gate;       /* the private page's EL3 ERET into AArch32 */
    bool a32_pending;        /* a32_enter armed the gate, which has not run yet: */
    uint32_t a32_pending_cpsr;  /* the CPSR it will set */
    void (*cpsr_write)(void *env, uint32_t val, uint32_t mask, int write_type);   /* F22 */
    bool a32_ret_on;         /* an AArch32 exception return ran: settle at the next block */
    bool a32_fp_hooks;       /* FP/Advanced SIMD instructions get code hooks (a32_fp_sync) */
    bool a64_fp_hooks;       /* A64 SIMD&FP instructions get code hooks (run.c a64_fp_sync) */
    uint64_t a32_ret_pc;
    uint32_t a32_ret_insn;
    uint32_t a32_ret_cpsr;
    /* T32 IT blocks (a32_it.c, uc_facts.h F23) */
    uint64_t it_blk_addr;    /* the AArch32 block running, */
    unsigned it_blk;         /* and its ITSTATE at its start */
    void *uc_cpu;            /* the engine's CPUState (ucfast.h), for: */
    void (*loop_exit)(void *cpu);   /* its cpu_loop_exit */
};

/* Registers by Unicorn id, through ucfast where it attached (inline: the hot path) */
/* The engine's own word for a register ucfast serves, else NULL (use the API). */
static inline uint64_t *fast_slot(el2_engine *e, int id)
{
    const el2_ucfast *f = &e->fast;
    if (!f->x)
        return NULL;
    if (id >= UC_ARM64_REG_X0 && id <= UC_ARM64_REG_X28)
        return &f->x[id - UC_ARM64_REG_X0];
    if (id >= UC_ARM64_REG_SP_EL0 && id <= UC_ARM64_REG_SP_EL3)
        return &f->sp_el[id - UC_ARM64_REG_SP_EL0];
    switch (id) {
    case UC_ARM64_REG_X29: return &f->x[29];
    case UC_ARM64_REG_X30: return &f->x[30];
    case UC_ARM64_REG_SP: return &f->x[31];
    case UC_ARM64_REG_PC: return f->pc;
    case UC_ARM64_REG_ELR_EL1: return &f->elr_el[1];
    case UC_ARM64_REG_ELR_EL2: return &f->elr_el[2];
    case UC_ARM64_REG_ELR_EL3: return &f->elr_el[3];
    default: return NULL;
    }
}

static inline uint64_t eng_rd(el2_engine *e, int id)
{
    if (G_UNLIKELY(e->a32) && id == UC_ARM64_REG_PC)     /* AArch32: R15 (a32.c) */
        return ((uint32_t *)e->env)[15];
    uint64_t *p = fast_slot(e, id);
    if (p)
        return *p;
    uint64_t v = 0;
    uc_reg_read(e->uc, id, &v);
    return v;
}

/* A PC written from a code or block hook must stop the block that is running, which
 * only the API does (quit_request); from the interrupt hook, between blocks, a plain
 * store is enough and keeps the engine's run loop going (uc_facts.h F3). */
static inline void eng_wr(el2_engine *e, int id, uint64_t v)
{
    if (G_UNLIKELY(e->a32) && id == UC_ARM64_REG_PC) {
        /* AArch32: R15; outside the interrupt hook the API write (of the unused AArch64
         * PC) still ends the block, as a PC write must (F3) */
        ((uint32_t *)e->env)[15] = (uint32_t)v;
        if (G_UNLIKELY(e->a32_pending)) {     /* the gate's ERET has not run: its target */
            uint64_t *elr3 = fast_slot(e, UC_ARM64_REG_ELR_EL3);
            if (elr3)
                *elr3 = (uint32_t)v;
            else
                uc_reg_write(e->uc, UC_ARM64_REG_ELR_EL3, &v);
            return;
        }
        if (!e->in_intr)
            uc_reg_write(e->uc, UC_ARM64_REG_PC, &v);
        return;
    }
    uint64_t *p = fast_slot(e, id);
    if (p && (id != UC_ARM64_REG_PC || e->in_intr))
        *p = v;
    else
        uc_reg_write(e->uc, id, &v);
}

static inline uint32_t real_pstate(el2_engine *e)
{
    if (e->fast.nf)
        return ucfast_pstate(&e->fast);
    uint32_t v = 0;
    uc_reg_read(e->uc, UC_ARM64_REG_PSTATE, &v);
    return v;
}

/* PSTATE.SP of the engine (the guest's SPSel when the guest is above EL0) */
static inline bool real_spsel(el2_engine *e)
{
    return e->fast.ps ? (*e->fast.ps & 1u) : (real_pstate(e) & 1u);
}

/* a32.c: AArch32 EL1/EL0 (uc_facts.h F18) */
bool a32_init(el2_engine *e, uint64_t probe_at);
bool excl_init(el2_engine *e, uint64_t probe_at);   /* excl.c, uc_facts.h F20 */
/* Is the engine's exclusive monitor in the Exclusive Access state (a LDXR without its
 * STXR or CLREX yet)? A turn then goes on for up to EXCL_GRACE instructions more. */
bool excl_held(el2_engine *e);
#define EXCL_GRACE 32
const char *a32_eret(void *ctx, unsigned el, uint32_t spsr, uint64_t pc);
uint32_t a32_leave(void *ctx);
bool a32_thumb(el2_engine *e);
bool a32_block_learn(el2_engine *e, el2_block *b, uint64_t addr, uint32_t size);
void a32_hook(el2_engine *e, uint64_t addr);
void a32_fp_sync(el2_engine *e);
void a32_intr(el2_engine *e, uint32_t intno, uint64_t pc);
bool a32_hyp_init(el2_engine *e, uint64_t gate);
const char *a32_enter(void *ctx, unsigned el, uint32_t cpsr, uint64_t pc, uint32_t elr, uint32_t spsr);
void a32_hyp_regs(void *ctx, uint32_t *elr, uint32_t *spsr);
uint32_t a32_cpsr(void *ctx);
void a32_set_nzcv(void *ctx, uint32_t nzcv);
void a32_enter_mode(void *ctx, unsigned el, uint32_t cpsr, uint32_t spsr, uint32_t lr, uint64_t pc);
void a32_ret_settle(el2_engine *e, uint64_t addr);
/* a32_it.c: T32 IT blocks (uc_facts.h F23) */
bool a32_it_init(el2_engine *e, void *uc_cpu, uint64_t probe_at);
uint32_t *aarch64_flag(el2_engine *e);           /* (a32.c, for a32_it.c's probe) */
void engine_hcr_rw(el2_engine *e, bool rw);
void a32_it_block(el2_engine *e, uint64_t addr);
unsigned a32_it_at(el2_engine *e, uint64_t addr);
/* what a hooked AArch32 instruction is to a32_hook: a system instruction el2sim traps or
 * completes (aarch32.c), an FP/Advanced SIMD one a32_fp.c acts on, a load/store whose
 * alignment a32_abort.c checks */
typedef enum { A32H_SYS, A32H_FP, A32H_ACCESS } a32_hook_kind;
bool a32_it_hook(el2_engine *e, uint64_t addr, a32_hook_kind kind);
void a32_after_hook(el2_engine *e, a32_hook_kind kind);
void a32_it_stop(el2_engine *e, uint64_t addr);
unsigned a32_it_intr(el2_engine *e, uint32_t intno, uint64_t pc);
void a32_it_intr_done(el2_engine *e, uint32_t intno, uint64_t pc, unsigned it);
/* run.c: a code hook on the instruction at addr (once) */
void eng_code_hook(el2_engine *e, uint64_t addr);

/* port.c: the el2_port over the engine */
extern const el2_port engine_port;
void eng_restore_landing(el2_engine *e);
/* Loads the real ELR_EL3/SPSR_EL3 so that the engine's next ERET goes to pc with the
 * PSTATE bits' NZCV and DAIF and the SPSel it has now (the SPs stay as they are). */
void eng_arm_native_eret(el2_engine *e, uint32_t bits, uint64_t pc);
uint32_t eng_insn_at(el2_engine *e, uint64_t pc);

/* port.c */
uint8_t *eng_ram_ptr(el2_engine *e, uint64_t addr, size_t n);
void eng_blocks_drop(el2_engine *e);
/* mmio.c: is physical address pa a device register el2sim models (MMIO)? */
bool eng_is_device(const el2_engine *e, uint64_t pa);
static inline int eng_sp_real(const el2_engine *e) { return UC_ARM64_REG_SP_EL0 + (int)e->real_el; }
static inline int eng_elr_real(const el2_engine *e) { return UC_ARM64_REG_ELR_EL0 + (int)e->real_el; }

/* mmu_ctx.c: running with the guest's MMU on */
bool mmu_ctx_init(el2_engine *e, uint64_t probe_at);
void mmu_ctx_free(el2_engine *e);
/* The engine's EL for the guest at el: 3 in flat mode; in mirror mode the guest's, but EL3
 * for EL2 with E2H = 0 (its regime is the EL3 one's shape) */
static inline unsigned mmu_ctx_real_el(const el2_engine *e, unsigned el)
{
    if (G_LIKELY(!e->mirror))
        return 3;
    if (G_UNLIKELY(e->cpu->a32_machine))
        return el;                 /* Hyp mode at the engine's AArch32 EL2 (mmu32_ctx.c) */
    if (el == 2)
        return e->vhe ? 2 : 3;     /* EL2&0 (E2H = 1) at the engine's own EL2&0 */
    return el;
}
bool mmu_ctx_translated(el2_engine *e);
void mmu_ctx_moved(el2_engine *e);
bool mmu_ctx_pan(el2_engine *e);
bool mmu_ctx_sync(el2_engine *e);
uint8_t *mmu_ctx_host(el2_engine *e, uint64_t va, bool fetch);
bool mmu_ctx_is_placeholder(const el2_engine *e, uint64_t addr);
bool mmu_ctx_unmapped(el2_engine *e, uint64_t addr, bool fetch, uint64_t pc);
void mmu_ctx_place(el2_engine *e);
bool mmu_ctx_fault(el2_engine *e, uint32_t intno, uint64_t pc);
/* mmu32_ctx.c: an AArch32 EL1/EL0 with the MMU on */
const char *mmu32_eret_refused(el2_engine *e);
bool mmu32_abort(el2_engine *e, uint32_t intno, uint64_t pc);
void mmu32_data_unmodelled(el2_engine *e, uint64_t pc);
void mmu32_mirror_hyp(el2_engine *e);
void mmu32_mirror_el1(el2_engine *e, bool m);
void mmu32_after_hook(el2_engine *e);
/* align_block.c: alignment checks planned per block. learn sets hook_at[i] for an
 * access whose alignment only a code hook can check; check returns the index of an
 * access that faults (it needs its code hook now), else -1. */
void align_plan_learn(el2_engine *e, el2_block *b, uint64_t addr, const uint32_t *insns, uint32_t n,
                      bool *hook_at);
int64_t align_plan_check(el2_engine *e, el2_block *b, uint64_t addr);
/* A register a block's plan reads at its entry: X0-X30, 31 = the live SP */
static inline uint64_t align_entry_reg(el2_engine *e, unsigned r)
{
    if (e->fast.x)
        return e->fast.x[r];                                /* x[31] is the live SP */
    return eng_rd(e, r == 31 ? UC_ARM64_REG_SP : uc_xreg_ids[r]);
}
/* The block's plan entry registers' low 4 bits, packed (align_block.c's memo) */
static inline uint64_t align_plan_memo(el2_engine *e, const el2_block *b)
{
    uint64_t memo = 0;
    for (uint64_t m = b->align_entry; m; m &= m - 1)
        memo = memo << 4 | (align_entry_reg(e, (unsigned)__builtin_ctzll(m)) & 15);
    return memo;
}
/* Does the plan find every access aligned as on its last run with the same low bits? */
static inline bool align_plan_memo_hit(el2_engine *e, const el2_block *b)
{
    return b->align_memo_ok && align_plan_memo(e, b) == b->align_memo;
}

/* eret.c: the ERET that closes a block with no code hook */
bool eret_arm(el2_engine *e, uint64_t block, uint64_t pc, uint32_t insn);
void eret_settle(el2_engine *e, uint64_t pc);
void eret_drop(el2_engine *e);
#endif
