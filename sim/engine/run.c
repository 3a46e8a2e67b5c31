/* run.c - drives Unicorn 2.0.1 so that el2sim, not the engine, owns exception
 * levels, system registers and exceptions. The facts this relies on are in
 * shared/reference/unicorn-2.0.1-aarch64.md and README "How el2sim drives Unicorn":
 *  - the core is parked at its real EL3 (bootstrap ERET below) and stays there;
 *  - HVC/SMC/SVC/BRK/UNDEF arrive in the INTR hook; el2sim takes the exception
 *    (AArch64.TakeException) and moves the PC. The INTR hook runs between blocks, so
 *    with ucfast the PC is stored directly and the engine's loop runs on at the vector;
 *    through the API (uc_reg_write of the PC) the engine leaves its execution loop
 *    (quit_request) and enters it again, which costs most of a round trip;
 *  - the engine's own PMU walks its event counters at every ERET: its PMCR_EL0.N is
 *    set to 0 (the guest's PMU registers are el2sim's);
 *  - a PC write from an MRS/MSR hook is lost (the block runs on), but one from a
 *    code hook or a block hook takes effect before the instruction or block runs.
 *    So the first time a block is seen, the block hook installs address-bound code
 *    hooks on its ERETs and system instructions and restarts the block; those code
 *    hooks carry the semantics, and the MRS/MSR/SYS hooks only skip the native
 *    instruction;
 *  - an ERET closing a block with no other special instruction has no code hook: the
 *    block hook plans the return at the block start and the next block hook completes
 *    it (eret.c; eret_direct);
 *  - a hooked ERET runs natively after el2sim has loaded the real ELR_EL3/SPSR_EL3
 *    and SP banks with the modelled return (no restart); an ERET that escaped the
 *    hooks lands on a private landing pad, where the return is modelled;
 *  - an access to unmapped memory reaches the unmapped hook with the PC of the block
 *    start; it is taken as an abort between engine runs (abort.c);
 *  - a guest store over code that ran makes the engine retranslate it; the engine's
 *    TLB fill, wrapped (ucfast.c, uc_facts.h F17), reports every store to a page with
 *    code (else a write hook per page does: hook_code_write), which keeps el2sim's
 *    block cache in step (code_stored). */
#include "engine_int.h"
#include "smp.h"
#include "abort.h"
#include "a64_fp.h"
#include "align.h"
#include "excgen.h"
#include "irq.h"
#include "sysinsn.h"
#include "sysreg.h"
#include "timing.h"
#include <stdio.h>
#include <string.h>

#define BOOT_OFF    0x000
#define PARK_OFF    0x080
#define LANDING_OFF 0x100
#define PROBE_OFF   0x200
#define GATE_OFF    0x380       /* a32.c's ERET into AArch32 (uc_facts.h F21) */
#define UNTIL_OFF   0xff0

static void hook_special(uc_engine *uc, uint64_t addr, uint32_t size, void *user);
static void a64_fp_sync(el2_engine *e, uc_engine *uc, uint64_t addr);

/* (the size test first: most runs have no stop point, and it is on every block) */
bool engine_is_stop_point(const el2_engine *e, uint64_t addr)
{
    return g_hash_table_size(e->stop_points) && g_hash_table_contains(e->stop_points, &addr);
}

static bool needs_hook(const el2_engine *e, uint32_t insn)
{
    if (G_UNLIKELY(e->a64_fp_hooks) && a64_fp_insn(insn))
        return true;                        /* CPTR_EL2 can trap SIMD&FP (a64_fp.c) */
    /* (loads and stores get theirs from the block's alignment plan: align_block.c) */
    if (insn_is_eret(insn) || sysinsn_is_wfx_or_sev(insn) || sysinsn_is_msr_imm_hooked(insn))
        return true;
    if (!insn_is_system(insn))
        return false;
    unsigned op0 = (insn >> 19) & 3;
    if (op0 == 0)                           /* hints, barriers, MSR (immediate): */
        return sysinsn_imm_hooked(insn);    /* only MSR DAIFSet/DAIFClr are checked */
    return !sysinsn_always_native(insn);
}

/* A special instruction that gets its code hook as soon as it is seen (at load, or when
 * a store writes it); an ERET waits for block_learn, which may leave it unhooked. */
static bool hooked_on_sight(const el2_engine *e, uint32_t insn)
{
    return needs_hook(e, insn) && (e->eret_hooks_all || !insn_is_plain_eret(insn));
}

static void add_code_hook(el2_engine *e, uint64_t addr)
{
    if (g_hash_table_contains(e->eret_hooked, &addr))
        return;
    uc_hook h;
    uc_hook_add(e->uc, &h, UC_HOOK_CODE, hook_special, e, addr, addr);
    uint64_t *k = g_new(uint64_t, 1);
    *k = addr;
    g_hash_table_add(e->eret_hooked, k);
    e->hook_gen++;
}

void eng_code_hook(el2_engine *e, uint64_t addr) { add_code_hook(e, addr); }

void engine_prescan(el2_engine *e, uint64_t addr, uint64_t len)
{
    uint32_t buf[1024];
    for (uint64_t off = 0; off + 4 <= len; off += sizeof buf) {
        uint64_t n = MIN(sizeof buf, len - off) / 4;
        if (!engine_read(e, addr + off, buf, n * 4))
            return;
        for (uint64_t i = 0; i < n; i++)
            if (hooked_on_sight(e, GUINT32_FROM_LE(buf[i])))
                add_code_hook(e, addr + off + 4 * i);
    }
}

void engine_stop_at(el2_engine *e, uint64_t addr)
{
    uint64_t *k = g_new(uint64_t, 1);
    *k = addr;
    g_hash_table_add(e->stop_points, k);
    add_code_hook(e, addr);
    uc_ctl_remove_cache(e->uc, addr, addr + 4);
}

void engine_stop_at_clear(el2_engine *e, uint64_t addr)
{
    g_hash_table_remove(e->stop_points, &addr);
}

/* A guest store into a page with code (self-modifying code, or code loaded at run
 * time): the engine retranslates the code it overwrites, but el2sim's block cache must
 * follow. Blocks overlapping the store are forgotten (relearned, with the code hooks
 * their instructions need, when they next run). A store over the VBAR_EL2 table is
 * reported on stderr, once per run, naming the storing instruction. Called before the
 * store lands: from the engine's TLB fill (F17), else from a write hook. */
static void code_stored(void *user, uint64_t addr, unsigned size)
{
    el2_engine *e = user;
    uint64_t end = addr + size;
    /* Several PEs: each engine translates its own blocks of the shared memory, and only
     * the storing one retranslates on its own (F24): every other PE's engine drops its
     * translations of the range, and el2sim's blocks there, before it runs again
     * (engine_run_slice) -- the cross-PE form of Arm ARM B2.2.5 "Concurrent modification
     * and execution of instructions": after the writer's cache maintenance (IC IVAU is
     * broadcast to the Inner Shareable domain) and the reader's context synchronization,
     * the reader fetches the new instruction. Ranges pending on one PE merge into one. */
    for (unsigned i = 0; e->cpu->smp && i < e->cpu->smp->n; i++) {
        el2_engine *o = e->cpu->smp->pe[i].eng;
        if (!o || o == e || !o->code_lines)
            continue;
        bool code = false;           /* only lines its blocks ever covered: data beside code costs nothing */
        for (uint64_t l = addr & ~63ULL; l < end && !code; l += 64)
            code = g_hash_table_contains(o->code_lines, GSIZE_TO_POINTER(l));
        if (!code)
            continue;
        if (o->other_lo >= o->other_hi) {
            o->other_lo = addr;
            o->other_hi = end;
        } else {
            o->other_lo = MIN(o->other_lo, addr);
            o->other_hi = MAX(o->other_hi, end);
        }
    }
    for (unsigned i = 0; i < EL2_BLOCK_CACHE; i++) {
        el2_block *b = &e->blocks[i];
        if (b->info.ninsns && b->info.addr < end && addr < b->info.addr + b->info.size)
            b->info.ninsns = 0;
    }
    /* The table's size by EL2's state: AArch64 16 entries of 0x80 (VBAR_EL2<63:11>), the
     * Hyp-mode machine's 8 words at HVBAR<31:5> (AArch32.TakeHypTrapException's vectors) */
    bool hyp = e->cpu->a32_machine;
    uint64_t vsize = hyp ? 0x20 : 0x800;
    uint64_t vbar = e->cpu->sr[SR_VBAR_EL2] & ~(vsize - 1);
    if (!e->vector_warned && vbar && addr < vbar + vsize && end > vbar) {
        uint64_t pc = eng_rd(e, UC_ARM64_REG_PC), at;
        if (abort_find_access(e->cpu, pc, addr, &at))
            pc = at;
        e->vector_warned = true;
        fprintf(stderr, "el2sim: warning: EL%u store at %s writes over the EL2 vector table "
                        "(0x%llx, %s + 0x%llx)\n", e->cpu->el, cpu_sym(e->cpu, pc),
                (unsigned long long)addr, hyp ? "HVBAR" : "VBAR_EL2", (unsigned long long)(addr - vbar));
    }
}

/* Without the wrapped TLB fill: a write hook on every page with learned code, which
 * also gives a word that becomes a special instruction its code hook now. */
static void hook_code_write(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                            void *user)
{
    el2_engine *e = user;
    uint64_t end = addr + (uint64_t)size;
    code_stored(e, addr, (unsigned)size);
    for (uint64_t w = addr & ~3ULL; w < end; w += 4) {
        uint8_t bytes[4];
        if (!engine_read(e, w, bytes, 4))
            continue;
        for (unsigned k = 0; k < 4; k++)
            if (w + k >= addr && w + k < end && w + k - addr < 8)
                bytes[k] = (uint8_t)((uint64_t)value >> (8 * (w + k - addr)));
        uint32_t insn = (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 | (uint32_t)bytes[2] << 16 |
                        (uint32_t)bytes[3] << 24;
        if (hooked_on_sight(e, insn))
            add_code_hook(e, w);
    }
}

/* Pages with learned code are watched for stores: by the wrapped TLB fill (F17), which
 * sees every store to a page code was fetched from; without it, by a write hook per page
 * (which sends every load and store of the guest through the engine's slow path: F16). */
static void watch_code_page_of(el2_engine *e, uint64_t addr);
static void watch_code_page(el2_engine *e, uint64_t addr)
{
    watch_code_page_of(e, addr);
    /* several PEs: the others' stores there must reach code_stored too (F24) */
    for (unsigned i = 0; e->cpu->smp && i < e->cpu->smp->n; i++)
        if (e->cpu->smp->pe[i].eng && e->cpu->smp->pe[i].eng != e)
            watch_code_page_of(e->cpu->smp->pe[i].eng, addr);
}

static void watch_code_page_of(el2_engine *e, uint64_t addr)
{
    if (e->tlb)
        return;
    uint64_t page = addr & ~0xfffULL;
    if (!e->code_pages)
        e->code_pages = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    if (g_hash_table_contains(e->code_pages, &page))
        return;
    uint64_t *k = g_new(uint64_t, 1);
    *k = page;
    g_hash_table_add(e->code_pages, k);
    uc_hook h;
    uc_hook_add(e->uc, &h, UC_HOOK_MEM_WRITE, hook_code_write, e, page, page + 0xfff);
}

/* Learns a block the first time it runs: size, cost, and code hooks on its special
 * instructions. Returns true when hooks were added (the block must be retranslated). */
static bool block_learn(el2_engine *e, el2_block *b, uint64_t addr, uint32_t size)
{
    uint32_t n = size / 4;
    uint32_t *insns = g_new0(uint32_t, n ? n : 1);
    bool *align_hook = g_new0(bool, n ? n : 1);
    bool added = false;
    if (G_UNLIKELY(e->mirror) && mmu_ctx_translated(e)) {   /* addr is a virtual address */
        for (uint32_t i = 0; i < n; i++)
            insns[i] = GUINT32_TO_LE(eng_insn_at(e, addr + 4ULL * i));
    } else if (!engine_read(e, addr, insns, n * 4))
        n = 0;
    for (uint32_t i = 0; i < n; i++)
        insns[i] = GUINT32_FROM_LE(insns[i]);
    align_plan_learn(e, b, addr, insns, n, align_hook);
    /* An ERET closing a block with no other special instruction (nor an MSR SPSel,
     * which moves the SPs natively) goes without a code hook: exception_return_arm. */
    bool special = false;
    b->eret_direct = false;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t a = addr + 4ULL * i;
        bool hooked = g_hash_table_contains(e->eret_hooked, &a);
        if (i == n - 1 && insn_is_plain_eret(insns[i]) && !special && !hooked && !e->eret_hooks_all) {
            b->eret_direct = true;
            break;
        }
        if (insn_is_msr_spsel_imm(insns[i]))
            special = true;
        if (needs_hook(e, insns[i]) || align_hook[i]) {
            special = true;
            if (!hooked) {
                add_code_hook(e, a);
                added = true;
            }
        }
    }
    if (n) {
        watch_code_page(e, addr);
        watch_code_page(e, addr + 4ULL * (n - 1));
        if (e->cpu->smp) {           /* what another PE's store must drop (code_stored) */
            if (!e->code_lines)
                e->code_lines = g_hash_table_new(g_direct_hash, g_direct_equal);
            for (uint64_t l = addr & ~63ULL; l < addr + 4ULL * n; l += 64)
                g_hash_table_add(e->code_lines, GSIZE_TO_POINTER(l));
        }
    }
    b->info.addr = addr;
    b->info.size = size;
    b->info.ninsns = n;
    b->real_el = e->real_el;
    b->cycles = timing_block_cost(e->cpu->model, insns, n);
    b->tail_cost = n ? timing_block_cost(e->cpu->model, insns + n - 1, 1) : 0;
    b->info.touches_fp = false;
    for (uint32_t i = 0; i < n && !b->info.touches_fp; i++)
        b->info.touches_fp = insn_touches_fp(insns[i]);
    g_free(insns);
    g_free(align_hook);
    b->hook_gen = e->hook_gen;
    if (added)
        uc_ctl_remove_cache(e->uc, addr, addr + size);
    return added;
}

/* Is the block at addr on the private page the landing of an ERET that ran natively
 * with no code hook (real ELR_EL3 = the landing pad; hook_landing models the return)?
 * Only if no guest ERET was armed to go here (eret_landed) and the block before ends
 * with an ERET that has no code hook: everything else that reaches the page is the
 * guest's own doing. */
static bool el2sim_landing(el2_engine *e, uint64_t addr, bool eret_landed)
{
    el2_cpu *c = e->cpu;
    uint64_t eret_pc = c->last_blk_addr + c->last_blk_size - 4;
    return addr == e->landing && !eret_landed && c->last_blk_size &&
           insn_is_eret(eng_insn_at(e, eret_pc)) && !g_hash_table_contains(e->eret_hooked, &eret_pc);
}

/* Blocks that never run, seen where a block is not in the cache (neither is ever
 * learned, so the hot path pays nothing): a block start with bits 1:0 set (Unicorn 2.0.1
 * fetches from a misaligned PC as from any other; the Arm ARM takes a PC alignment fault
 * on that fetch, AArch64.CheckPCAlignment), and the guest reaching el2sim's private
 * page, which it sees as unmapped memory. Both are taken as an instruction-side abort
 * before the block runs (abort.c: PC alignment fault, else the fetch abort). */
static bool block_refused(el2_engine *e, uint64_t addr, bool eret_landed)
{
    if (G_UNLIKELY(e->a32)) {         /* AArch32: T32 blocks start at any halfword (a32.c) */
        if (!(addr & 3) || a32_thumb(e))
            return false;
        abort_note(e->cpu, ABORT_FETCH, addr, 4, addr);   /* A32 PC alignment fault (a32_pcalign.c) */
        return true;
    }
    if (!(addr & 3) && (!engine_is_private(e, addr) || mmu_ctx_translated(e)))
        return false;
    if (!el2sim_landing(e, addr, eret_landed))
        abort_note(e->cpu, ABORT_FETCH, addr, 4, addr);
    return true;
}

/* Asynchronous exceptions (arch/irq.c) are taken at instruction boundaries: at a block
 * start, before any of the block runs ... */
static bool irq_at_block(el2_engine *e, uint64_t addr)
{
    el2_cpu *c = e->cpu;
    if (!irq_deliverable(c, c->cycles, cpu_pstate(c) & PSR_DAIF))
        return false;
    c->prev_blk_addr = c->last_blk_addr;
    c->prev_blk_size = c->last_blk_size;
    c->last_blk_addr = addr;           /* nothing of this block ran: stamps at addr */
    c->last_blk_size = 0;
    c->hook_pc = addr;
    irq_take(c, addr);                 /* the PC written from the block hook: the vector */
    return true;
}

/* ... and right after a hooked instruction that may make one deliverable (MSR DAIFClr,
 * MSR DAIF, a system register write: HCR_EL2, a timer), with the instruction's effect
 * (an MSR DAIF's, done here instead of by the engine) and the preferred return address
 * of the next instruction. */
static void irq_after_insn(el2_engine *e, uint64_t addr, uint32_t insn)
{
    el2_cpu *c = e->cpu;
    uint64_t pc = cpu_pc(c);
    if (c->stop != STOP_NONE || c->abort_pending || (pc != addr && pc != addr + 4) || !irq_maybe(c))
        return;                        /* it trapped, or nothing can be pending */
    uint32_t ps = cpu_pstate(c), daif = ps & PSR_DAIF;
    bool daif_write = sysinsn_daif_write(c, insn, &daif);
    if (!irq_deliverable(c, cpu_cycles_at(c, addr + 4), daif))
        return;
    if (daif_write) {
        cpu_sp_save(c);
        cpu_enter_state(c, c->el, (ps & (PSR_NZCV | 1u)) | daif);
    }
    e->native_pc = 0;
    cpu_take_back(c, addr + 4);        /* the rest of the block has not run */
    c->hook_pc = addr + 4;
    irq_take(c, addr + 4);
}

/* Several PEs (system/machine.c): the block would take the PE past max_insns, the end of
 * its turn or its budget (turn_budget). The budget: -1 (max_insns is the budget again, for
 * the message). Else the turn ends before the block (1: the PE resumes there later, its
 * counts and branch penalty as if it had not stopped), unless it is the turn's first
 * block, which runs whole (0: a block longer than the quantum must run some time). */
static int turn_check(el2_engine *e, uint64_t addr, uint32_t ninsns)
{
    el2_cpu *c = e->cpu;
    if (c->insns + ninsns > c->turn_budget) {
        c->max_insns = c->turn_budget;
        return -1;
    }
    if (c->insns == c->turn_start)
        return 0;
    /* between a LDXR and its STXR (its exclusive monitor Exclusive) the turn goes on for up
       to EXCL_GRACE more instructions, as the turn's end clears the monitor (excl.c);
       not after a WFE that waits (sysinsn.c), which ends it */
    if (excl_held(e) && !c->smp->pe[c->index].wfe_wait && c->insns + ninsns <= c->max_insns + EXCL_GRACE)
        return 0;
    if (!smp_others_can_run(c->smp, c->index)) {
        /* alone: the next turn would be this PE's again; it starts here, without the
           engine stopping (a first block, so it runs) */
        c->turn_start = c->insns;
        c->max_insns = MIN(c->turn_budget, c->insns + c->smp->quantum);
        return 0;                          /* within the budget: checked above */
    }
    c->turn_over = true;
    c->turn_pc = addr;                     /* engine_run_slice puts the PC back there */
    uc_emu_stop(e->uc);
    return 1;
}

static void hook_block(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    el2_engine *e = user;
    bool eret_landed = false;     /* a guest ERET brought the engine here */
    if (G_UNLIKELY(e->a32_pending) && addr == e->a32_gate)
        return;                   /* el2sim's ERET into AArch32 (a32_enter): not guest code */
    if (e->eret.on) {
        eret_settle(e, addr);     /* the block before closed with an unhooked ERET */
        eret_landed = true;
    }
    if (e->eret_armed) {
        eng_restore_landing(e);
        eret_landed = true;
    }
    if (G_UNLIKELY(e->a32_ret_on))  /* an AArch32 exception return ran natively (a32.c) */
        a32_ret_settle(e, addr);
    if (G_UNLIKELY(e->cpu->stop != STOP_NONE)) {
        /* A stop asked for in the same engine run as a PC write through the API (a signal
         * or a failed trace write during an event callback) is dropped by the engine,
         * whose quit_request clears stop_request: ask again before this block runs
         * (uc_facts.h F10). */
        e->cpu->last_blk_addr = addr;
        e->cpu->last_blk_size = 0;
        uc_emu_stop(uc);
        return;
    }
    if (G_UNLIKELY(e->a32))
        a32_it_block(e, addr);    /* ITSTATE at the block's start (a32_it.c) */
    el2_block *b = &e->blocks[(addr >> 2) & (EL2_BLOCK_CACHE - 1)];
    if (b->info.addr != addr || b->info.size != size || !b->info.ninsns || b->real_el != e->real_el) {
        if (block_refused(e, addr, eret_landed))
            return;
        if (G_UNLIKELY(e->a32) ? a32_block_learn(e, b, addr, size) : block_learn(e, b, addr, size)) {
            uc_reg_write(uc, UC_ARM64_REG_PC, &addr);   /* rerun with the new hooks */
            return;
        }
    }
    /* a stop point at the block's start stops before any of it runs: not charged */
    if (e->cpu->insns + b->info.ninsns > e->cpu->max_insns &&
        !engine_is_stop_point(e, addr)) {
        int turn = G_UNLIKELY(e->cpu->turn_budget) ? turn_check(e, addr, b->info.ninsns) : -1;
        if (turn > 0)
            return;                        /* the PE's turn is over */
        if (turn == 0)
            goto run;                      /* the first block of a turn runs whole */
        e->cpu->last_blk_addr = addr;      /* stopped at a block start: nothing of it ran */
        e->cpu->last_blk_size = 0;
        cpu_stop(e->cpu, STOP_BUDGET, 0, "instruction budget of %llu exhausted at %s",
                     (unsigned long long)e->cpu->max_insns, cpu_sym(e->cpu, addr));
        return;
    }
run:
    if (G_UNLIKELY(irq_maybe(e->cpu)) && irq_at_block(e, addr))
        return;
    if (b->nalign && !align_plan_memo_hit(e, b)) {
        /* an access the plan finds misaligned gets its code hook, which takes the fault
         * after the instructions before it have run: run the block again with it */
        int64_t k = align_plan_check(e, b, addr);
        if (k >= 0) {
            add_code_hook(e, addr + 4ULL * (uint64_t)k);
            uc_ctl_remove_cache(uc, addr, addr + size);
            uc_reg_write(uc, UC_ARM64_REG_PC, &addr);
            return;
        }
    }
    if (b->eret_direct) {
        uint64_t eret_pc = addr + size - 4;
        if (b->hook_gen != e->hook_gen) {         /* a code hook was added somewhere since */
            b->eret_direct = !g_hash_table_contains(e->eret_hooked, &eret_pc);
            b->hook_gen = e->hook_gen;
        }
        if (b->eret_direct && !eret_arm(e, addr, eret_pc, INSN_ERET)) {
            /* not a plain return: from now on this ERET has its code hook */
            b->eret_direct = false;
            add_code_hook(e, eret_pc);
            uc_ctl_remove_cache(uc, addr, addr + size);
            uc_reg_write(uc, UC_ARM64_REG_PC, &addr);
            return;
        }
    }
    obs_block(e->cpu->obs, &b->info);
    e->cpu->cur_blk_fp = b->info.touches_fp;
    e->cpu->fp_gen += b->info.touches_fp;
    uint32_t cyc = b->cycles;
    if (addr != e->cpu->last_blk_addr + e->cpu->last_blk_size)
        cyc += e->cpu->model->cost[IC_BRANCH_TAKEN];
    e->cpu->prev_blk_addr = e->cpu->last_blk_addr;
    e->cpu->prev_blk_size = e->cpu->last_blk_size;
    e->cpu->last_blk_addr = addr;
    e->cpu->last_blk_size = size;
    e->cpu->tail_pc = addr + size - 4;
    e->cpu->tail_cost = b->tail_cost;
    e->cpu->insns += b->info.ninsns;
    e->cpu->cycles += cyc;
}

/* After the system instruction at addr ran in its code hook: a translation register, a
 * TLBI or PSTATE.PAN changed (mmu_ctx.c mirrors them); the block, translated under the old
 * state, ends and the engine goes on after the instruction. */
static void mmu_state_changed(el2_engine *e, uc_engine *uc, uint64_t addr)
{
    el2_cpu *c = e->cpu;
    if (c->mmu_gen == e->mmu_gen && c->pan_gen == e->pan_gen)
        return;
    uint64_t pc = cpu_pc(c);       /* (MSR PAN, #imm moves the PC itself; an exception elsewhere) */
    if (c->stop != STOP_NONE || (pc != addr && pc != addr + 4))
        return;
    mmu_ctx_sync(e);
    if (!mmu_ctx_pan(e) && !e->mirror)
        return;                       /* flat mode: nothing the engine translates changed */
    uint64_t next = addr + 4;
    cpu_take_back(c, next);           /* the rest of the block runs as a new block */
    uc_reg_write(uc, UC_ARM64_REG_PC, &next);
}

/* After an MSR at addr (CPTR_EL2, HCR_EL2): when CPTR_EL2 starts to be able to trap
 * SIMD&FP, every block is learned again with code hooks on them (a64_fp.c), and this one,
 * translated without, ends after the MSR. When it no longer can, the hooks stay and let
 * the engine run the instructions. */
static void a64_fp_sync(el2_engine *e, uc_engine *uc, uint64_t addr)
{
    el2_cpu *c = e->cpu;
    bool want = a64_fp_traps_possible(c);
    if (G_LIKELY(want == e->a64_fp_hooks))
        return;
    e->a64_fp_hooks = want;
    if (!want)
        return;
    for (unsigned i = 0; i < EL2_BLOCK_CACHE; i++)
        e->blocks[i].info.ninsns = 0;
    uint64_t pc = cpu_pc(c);
    if (c->stop != STOP_NONE || (pc != addr && pc != addr + 4))
        return;                           /* (an exception moved the PC) */
    uint64_t next = addr + 4;
    cpu_take_back(c, next);
    uc_reg_write(uc, UC_ARM64_REG_PC, &next);
}

static void hook_special(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    el2_engine *e = user;
    if (e->cpu->stop != STOP_NONE)
        return;
    e->cpu->hook_pc = addr;
    if (engine_is_stop_point(e, addr)) {
        cpu_stop(e->cpu, STOP_AT, 0, "reached %s", cpu_sym(e->cpu, addr));
        if (G_UNLIKELY(e->a32))
            a32_it_stop(e, addr);         /* inside an IT block the block must be left (a32_it.c) */
        return;
    }
    if (G_UNLIKELY(e->a32)) {             /* MCR/MRC, WFI/WFE in AArch32 (a32.c) */
        a32_hook(e, addr);
        return;
    }
    uint32_t insn = eng_insn_at(e, addr);
    if (G_UNLIKELY(e->a64_fp_hooks) && a64_fp_insn(insn)) {
        if (a64_fp_check(e->cpu, addr, insn) || insn_is_system(insn))
            return;                        /* trapped; or MRS/MSR FPCR/FPSR: native */
    }
    if (insn_is_eret(insn))
        AArch64_ExceptionReturn(e->cpu, addr, insn, true);
    else if (sysinsn_is_wfx_or_sev(insn))
        sysinsn_wfx(e->cpu, addr, insn);
    else if (sysinsn_is_msr_imm_hooked(insn)) {
        sysinsn_msr_imm(e->cpu, addr, insn);   /* true (SPSel above EL0): the engine runs it */
        mmu_state_changed(e, uc, addr);
    }
    else if (insn_is_system(insn)) {
        if (sysinsn_exec(e->cpu, addr, insn))
            e->native_pc = addr;           /* hook_sys lets the engine run it */
        else
            a64_fp_sync(e, uc, addr);
        mmu_state_changed(e, uc, addr);
        irq_after_insn(e, addr, insn);
    } else if (e->align_faults && (align_checked_insn(insn) || align_sp_based(insn)))
        align_check(e->cpu, addr, insn);
}

static void landing_reached(el2_engine *e)
{
    uc_engine *uc = e->uc;
    /* The guest reached the page: hook_block has noted the abort */
    if (e->cpu->abort_pending || e->cpu->stop != STOP_NONE)
        return;
    /* An ERET ran natively without its hook: it ended the block before this one (the
     * block hook does not count blocks on the private page, so that is the last one) */
    uint64_t eret_pc = e->cpu->last_blk_addr + e->cpu->last_blk_size - 4;
    uint32_t insn = eng_insn_at(e, eret_pc);
    if (!insn_is_eret(insn)) {           /* el2sim_landing said it was: a bug of el2sim's */
        cpu_stop(e->cpu, STOP_INTERNAL, 0, "engine: exception return from an unknown place (after %s)",
                 cpu_sym(e->cpu, e->cpu->last_blk_addr));
        return;
    }
    add_code_hook(e, eret_pc);
    uc_ctl_remove_cache(uc, eret_pc, eret_pc + 4);
    e->cpu->hook_pc = eret_pc;
    AArch64_ExceptionReturn(e->cpu, eret_pc, insn, false);
}

/* MRS/MSR/SYS/SYSL: the semantics ran in the code hook; skip the native instruction
 * unless el2sim let it run natively. */
static uint32_t hook_sys(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *user)
{
    el2_engine *e = user;
    uint32_t key = SYSREG_KEY(cp->op0, cp->op1, cp->crn, cp->crm, cp->op2);
    if (sysinsn_key_native(key))
        return 0;
    uint64_t pc = eng_rd(e, UC_ARM64_REG_PC);
    if (pc == e->native_pc) {
        e->native_pc = 0;
        return 0;
    }
    if (e->cpu->stop != STOP_NONE)
        return 1;
    /* The engine ends the block at an encoding it does not know, leaving the PC on it:
     * move past it (a PC write is honoured on that path). */
    if (g_hash_table_contains(e->qemu_lacks, GUINT_TO_POINTER(key + 1))) {
        pc += 4;
        uc_reg_write(uc, UC_ARM64_REG_PC, &pc);
    }
    return 1;
}

static uint32_t probe_skip(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *user)
{
    return 1;
}

/* An encoding the engine does not know ends its block with the PC left on it, so the
 * block starts again at the same address: stop there. (Unicorn's own instruction count
 * would do, but dropping its counting hook afterwards flushes every translation.) */
static void probe_block(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    unsigned *seen = user;
    if (++*seen > 1)
        uc_emu_stop(uc);
}

/* Which modelled encodings does the engine itself not know? Run each, skipped by an
 * INSN hook, on the private page: a known one falls through to the NOP after it; an
 * unknown one leaves the PC on itself. */
static void probe_engine_registers(el2_engine *e, uint64_t page)
{
    uint64_t at = page + PROBE_OFF;
    unsigned seen = 0;
    uc_hook h, h2, hb;
    uc_hook_add(e->uc, &h, UC_HOOK_INSN, probe_skip, e, at, at + 8, UC_ARM64_INS_MRS);
    uc_hook_add(e->uc, &h2, UC_HOOK_INSN, probe_skip, e, at, at + 8, UC_ARM64_INS_MSR);
    uc_hook_add(e->uc, &hb, UC_HOOK_BLOCK, probe_block, &seen, at, at);
    for (int i = 0; i < sysreg_count; i++) {
        const sysreg_def *d = &sysreg_table[i];
        if (d->kind == SRK_NATIVE)
            continue;
        uint32_t enc = 0xd5000000u | (uint32_t)(d->op0 & 3) << 19 | (uint32_t)d->op1 << 16 |
                       (uint32_t)d->crn << 12 | (uint32_t)d->crm << 8 | (uint32_t)d->op2 << 5;
        enc |= (d->flags & SRF_WO) ? 0 : (1u << 21);        /* MRS x0 (or MSR for write-only) */
        uint32_t code[2] = { GUINT32_TO_LE(enc), GUINT32_TO_LE(0xd503201f) };
        uc_mem_write(e->uc, at, code, sizeof code);
        uc_ctl_remove_cache(e->uc, at, at + 8);
        seen = 0;
        uc_emu_start(e->uc, at, at + 8, 0, 0);
        if (eng_rd(e, UC_ARM64_REG_PC) == at)
            g_hash_table_add(e->qemu_lacks,
                             GUINT_TO_POINTER(SYSREG_KEY(d->op0, d->op1, d->crn, d->crm, d->op2) + 1));
    }
    uc_hook_del(e->uc, h);
    uc_hook_del(e->uc, h2);
    uc_hook_del(e->uc, hb);
}

static void hook_landing(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    landing_reached(user);
}

/* Accesses through a placeholder (mmu_ctx.c, F15): let through while the context
 * translates; otherwise the address is unmapped memory to the guest. */
static bool hook_placeholder(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                             void *user)
{
    el2_engine *e = user;
    if (!mmu_ctx_is_placeholder(e, addr))
        return false;
    if (mmu_ctx_translated(e))
        return true;
    if (type == UC_MEM_FETCH_PROT)
        abort_note(e->cpu, ABORT_FETCH, addr, size, addr);
    else
        abort_note(e->cpu, type == UC_MEM_WRITE_PROT ? ABORT_WRITE : ABORT_READ, addr, size,
                   eng_rd(e, UC_ARM64_REG_PC));
    return false;
}

static void hook_intr_take(el2_engine *e, uint32_t intno, uint64_t pc);

static void hook_intr(uc_engine *uc, uint32_t intno, void *user)
{
    el2_engine *e = user;
    uint64_t pc = eng_rd(e, UC_ARM64_REG_PC);
    if (G_UNLIKELY(e->mirror) && pc == e->until && intno == UC_EXCP_PREFETCH_ABORT) {
        uc_emu_stop(uc);          /* the run's end, which the guest's tables do not map */
        return;
    }
    /* an exception before the armed ERET ran (dropped), or the fetch at its target
     * faulted (the ERET ran: settled) */
    if (e->eret.on)
        eret_settle(e, pc);
    if (e->cpu->stop != STOP_NONE || e->cpu->abort_pending) {
        /* A stop or an abort is already pending and the engine raised again, at a PC
         * that raises again without reaching a block start (a fetch beyond its physical
         * addresses): its uc_emu_stop was dropped (uc_facts.h F10). The engine is sent to
         * the run's end address, where its loop ends, and the PC is put back after the
         * run (engine_run_slice). */
        if (!e->parked) {
            e->parked = true;
            e->parked_pc = pc;
        }
        uc_reg_write(uc, UC_ARM64_REG_PC, &e->until);
        return;
    }
    e->in_intr = true;
    if (G_UNLIKELY(e->a32))
        a32_intr(e, intno, pc);
    else
        hook_intr_take(e, intno, pc);
    e->in_intr = false;
}

static void hook_intr_take(el2_engine *e, uint32_t intno, uint64_t pc)
{
    el2_cpu *c = e->cpu;
    switch (intno) {
    case UC_EXCP_UDEF:         /* PC on the instruction */
        c->hook_pc = pc;
        excgen_undefined(c, pc);
        break;
    case UC_EXCP_SWI:          /* PC past the SVC */
        c->hook_pc = pc - 4;
        AArch64_CallSupervisor(c, pc - 4);
        break;
    case UC_EXCP_BKPT:         /* PC on the BRK */
        c->hook_pc = pc;
        AArch64_SoftwareBreakpoint(c, pc);
        break;
    case UC_EXCP_HVC:          /* PC past the HVC */
        c->hook_pc = pc - 4;
        AArch64_CallHypervisor(c, pc - 4);
        break;
    case UC_EXCP_SMC:          /* PC past the SMC */
        c->hook_pc = pc - 4;
        AArch64_CallSecureMonitor(c, pc - 4);
        break;
    case UC_EXCP_DATA_ABORT:   /* a misaligned exclusive or atomic access, PC on it */
        if (G_UNLIKELY(e->mirror) && mmu_ctx_fault(e, intno, pc))
            break;             /* the guest's translation faulted (mmu_ctx.c) */
        c->hook_pc = pc;
        abort_note(c, ABORT_ALIGN, 0, 0, pc);
        break;
    case UC_EXCP_PREFETCH_ABORT:   /* the engine's own address-size check: PC = the fetch */
        if (G_UNLIKELY(e->mirror) && pc == e->landing && mmu_ctx_translated(e)) {
            landing_reached(e);    /* an unhooked ERET, with the guest's tables in use */
            break;
        }
        if (G_UNLIKELY(e->mirror) && mmu_ctx_fault(e, intno, pc))
            break;
        c->hook_pc = pc;
        abort_note(c, ABORT_FETCH, pc, 4, pc);
        break;
    default:
        cpu_stop(e->cpu, STOP_INTERNAL, 0, "engine raised exception %u at %s, which el2sim does not model",
                     intno, cpu_sym(e->cpu, pc));
    }
}

static bool hook_unmapped(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                          void *user)
{
    el2_engine *e = user;
    if (G_UNLIKELY(e->mirror) && type != UC_MEM_READ_PROT && type != UC_MEM_WRITE_PROT &&
        mmu_ctx_unmapped(e, addr, type == UC_MEM_FETCH_UNMAPPED, eng_rd(e, UC_ARM64_REG_PC)))
        return false;         /* covered after the run, then the access runs again */
    /* taken as an abort between engine runs (abort.c); the private page is execute-only
     * for the engine, so a guest load or store there comes here too (as *_PROT) */
    if (type == UC_MEM_FETCH_UNMAPPED)
        abort_note(e->cpu, ABORT_FETCH, addr, size, addr);
    else
        abort_note(e->cpu, type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT ? ABORT_WRITE : ABORT_READ,
                   addr, size, eng_rd(e, UC_ARM64_REG_PC));
    return false;
}

/* uc_facts.h F1: the exception numbers and PCs the INTR hook sees, checked on the
 * private page before any guest code runs. */
typedef struct { uint32_t intno; uint64_t pc; unsigned calls; } facts_probe;

static void facts_intr(uc_engine *uc, uint32_t intno, void *user)
{
    facts_probe *p = user;
    p->intno = intno;
    uc_reg_read(uc, UC_ARM64_REG_PC, &p->pc);
    p->calls++;
    uc_emu_stop(uc);
}

bool uc_facts_selftest(el2_engine *e, uint64_t at, const char **why)
{
    static const struct { uint32_t insn; uint32_t intno; unsigned pc_off; const char *what; } cases[] = {
        { 0xd4000001, UC_EXCP_SWI, 4, "SVC #0" },
        { 0xd4000002, UC_EXCP_HVC, 4, "HVC #0" },
        { 0xd4000003, UC_EXCP_SMC, 4, "SMC #0" },
        { 0xd4200000, UC_EXCP_BKPT, 0, "BRK #0" },
        { 0x00000000, UC_EXCP_UDEF, 0, "UDF #0" },
    };
    facts_probe p;
    uc_hook h;
    uc_hook_add(e->uc, &h, UC_HOOK_INTR, facts_intr, &p, 1, 0);
    bool ok = true;
    for (unsigned i = 0; i < G_N_ELEMENTS(cases) && ok; i++) {
        uint32_t code[2] = { GUINT32_TO_LE(cases[i].insn), GUINT32_TO_LE(0xd503201f) };
        uc_mem_write(e->uc, at, code, sizeof code);
        uc_ctl_remove_cache(e->uc, at, at + 8);
        memset(&p, 0, sizeof p);
        uc_emu_start(e->uc, at, at + 4, 0, 0);
        if (p.calls != 1 || p.intno != cases[i].intno || p.pc != at + cases[i].pc_off) {
            *why = cases[i].what;
            ok = false;
        }
    }
    uc_hook_del(e->uc, h);
    return ok;
}

/* uc_facts.h F3: a PC stored straight into the register file from the INTR hook is where
 * the engine's loop carries on (the exception entry path with ucfast relies on it). */
typedef struct { el2_ucfast *f; uint64_t to; unsigned calls; } pc_store_probe;

static void pc_store_intr(uc_engine *uc, uint32_t intno, void *user)
{
    pc_store_probe *p = user;
    if (p->calls++ == 0)
        *p->f->pc = p->to;
    else
        uc_emu_stop(uc);
}

bool uc_facts_pc_store(el2_engine *e, uint64_t at, const char **why)
{
    /* at: svc #0; svc #0 (reached only if the stored PC was lost); at + 16: nop; until */
    uint32_t code[6] = { GUINT32_TO_LE(0xd4000001), GUINT32_TO_LE(0xd4000001), GUINT32_TO_LE(0xd503201f),
                         GUINT32_TO_LE(0xd503201f), GUINT32_TO_LE(0xd503201f), GUINT32_TO_LE(0xd503201f) };
    pc_store_probe p = { &e->fast, at + 16, 0 };
    uc_hook h;
    uc_mem_write(e->uc, at, code, sizeof code);
    uc_ctl_remove_cache(e->uc, at, at + sizeof code);
    uc_hook_add(e->uc, &h, UC_HOOK_INTR, pc_store_intr, &p, 1, 0);
    uc_err ue = uc_emu_start(e->uc, at, at + 20, 0, 0);
    uc_hook_del(e->uc, h);
    uint64_t pc = 0;
    uc_reg_read(e->uc, UC_ARM64_REG_PC, &pc);
    if (ue != UC_ERR_OK || p.calls != 1 || pc != at + 20) {
        *why = "the engine did not go on at a PC stored from its interrupt hook (uc_facts.h F3)";
        return false;
    }
    return true;
}

/* uc_facts.h F17: with the engine's TLB fill wrapped, a store to a page with no code
 * is not reported, code fetched from that page afterwards runs, a store over it is
 * reported once and the engine runs the new instruction. On a scratch page (host memory
 * of el2sim's own, which no guest page ever uses) mapped for the probe. */
static uint8_t tlb_probe_page[0x1000] __attribute__((aligned(0x1000)));

static bool uc_facts_tlb(el2_engine *e, uint64_t at, uint64_t scratch, const char **why)
{
    /* at: str w1, [x2]; blr x2; mov x4, x0; str w3, [x2]; blr x2; (until)
     * scratch: (mov x0, #1, then mov x0, #2); ret */
    uint32_t code[6] = { GUINT32_TO_LE(0xb9000041), GUINT32_TO_LE(0xd63f0040), GUINT32_TO_LE(0xaa0003e4),
                         GUINT32_TO_LE(0xb9000043), GUINT32_TO_LE(0xd63f0040), GUINT32_TO_LE(0xd503201f) };
    uint32_t ret = GUINT32_TO_LE(0xd65f03c0);
    memset(tlb_probe_page, 0, sizeof tlb_probe_page);
    memcpy(tlb_probe_page + 4, &ret, 4);
    if (uc_mem_map_ptr(e->uc, scratch, 0x1000, UC_PROT_ALL, tlb_probe_page) != UC_ERR_OK) {
        *why = "no scratch page for the TLB probe";
        return false;
    }
    static const int used[] = { UC_ARM64_REG_X0, UC_ARM64_REG_X1, UC_ARM64_REG_X2, UC_ARM64_REG_X3,
                                UC_ARM64_REG_X4, UC_ARM64_REG_X30 };
    uint64_t saved[G_N_ELEMENTS(used)];
    for (unsigned i = 0; i < G_N_ELEMENTS(used); i++)
        uc_reg_read(e->uc, used[i], &saved[i]);
    uc_mem_write(e->uc, at, code, sizeof code);
    uc_ctl_remove_cache(e->uc, at, at + sizeof code);
    uint64_t x1 = 0xd2800020, x2 = scratch, x3 = 0xd2800040, x0 = 0, x4 = 0;   /* mov x0, #1 / #2 */
    uc_reg_write(e->uc, UC_ARM64_REG_X1, &x1);
    uc_reg_write(e->uc, UC_ARM64_REG_X2, &x2);
    uc_reg_write(e->uc, UC_ARM64_REG_X3, &x3);
    el2_uctlb_stats before = ucfast_tlb_stats(e->tlb);
    uc_err ue = uc_emu_start(e->uc, at, at + 20, 0, 0);
    el2_uctlb_stats after = ucfast_tlb_stats(e->tlb);
    uc_reg_read(e->uc, UC_ARM64_REG_X0, &x0);
    uc_reg_read(e->uc, UC_ARM64_REG_X4, &x4);
    uc_mem_unmap(e->uc, scratch, 0x1000);
    for (unsigned i = 0; i < G_N_ELEMENTS(used); i++)    /* the guest starts as without the probe */
        uc_reg_write(e->uc, used[i], &saved[i]);
    if (ue != UC_ERR_OK || x4 != 1 || x0 != 2 || after.stores - before.stores != 1 || after.lost ||
        after.fills == before.fills) {
        *why = "the engine's TLB fill did not behave as uc_facts.h F17 says";
        return false;
    }
    return true;
}

static uc_cpu_arm64 uc_core(el2_core core)
{
    switch (core) {
    case CORE_CORTEX_A53: return UC_CPU_ARM64_A53;
    case CORE_CORTEX_A72: return UC_CPU_ARM64_A72;
    case CORE_MAX: return UC_CPU_ARM64_MAX;
    case CORE_CORTEX_A57: default: return UC_CPU_ARM64_A57;
    }
}

/* Maps el2sim's private page, parks the core at its real EL3, checks the engine is the
 * one uc_facts.h describes, installs the hooks. */
static bool engine_init(el2_engine *e, uint64_t page, GError **err)
{
    uc_engine *uc = e->uc;
    uint32_t code[0x1000 / 4];
    for (unsigned i = 0; i < G_N_ELEMENTS(code); i++)
        code[i] = GUINT32_TO_LE(0x14000000);     /* b . */
    code[BOOT_OFF / 4] = GUINT32_TO_LE(INSN_ERET);
    code[PARK_OFF / 4] = GUINT32_TO_LE(0xd503201f);  /* nop */
    code[LANDING_OFF / 4] = GUINT32_TO_LE(0xd503201f);
    code[GATE_OFF / 4] = GUINT32_TO_LE(INSN_ERET);
    if (uc_mem_map(uc, page, 0x1000, UC_PROT_ALL) != UC_ERR_OK ||
        uc_mem_write(uc, page, code, sizeof code) != UC_ERR_OK) {
        g_set_error(err, EL2_ERROR, 70, "engine: cannot map el2sim's private page");
        return false;
    }
    /* Park the core at its real EL3: SCR_EL3 = NS|HCE|RW, then ERET from EL1 to EL3h
     * (the engine starts at EL1h and ERET is the one thing that changes its EL: F2). */
    uc_arm64_cp_reg scr = { .op0 = 3, .op1 = 6, .crn = 1, .crm = 1, .op2 = 0,
                            .val = SCR_NS | SCR_HCE | SCR_RW };
    uc_arm64_cp_reg spsr3 = { .op0 = 3, .op1 = 6, .crn = 4, .crm = 0, .op2 = 0, .val = 0x3cd };
    uint64_t park = page + PARK_OFF;
    uint32_t ps = 0x3cd;   /* PSTATE says EL3 (the ERET reads SPSR_EL3), translation is still EL1 */
    uc_reg_write(uc, UC_ARM64_REG_CP_REG, &scr);
    uc_reg_write(uc, UC_ARM64_REG_CP_REG, &spsr3);
    e->real_spsr_el3 = 0x3cd;
    uc_reg_write(uc, UC_ARM64_REG_ELR_EL1, &park);
    uc_reg_write(uc, UC_ARM64_REG_PSTATE, &ps);
    uc_err ue = uc_emu_start(uc, page + BOOT_OFF, park, 0, 0);
    uc_reg_read(uc, UC_ARM64_REG_PSTATE, &ps);
    if (ue != UC_ERR_OK || (ps & 0xc) != 0xc) {
        g_set_error(err, EL2_ERROR, 70, "engine: could not reach EL3 (PSTATE 0x%x, %s)", ps, uc_strerror(ue));
        return false;
    }
    const char *why = NULL;
    if (!uc_facts_selftest(e, page + PROBE_OFF, &why)) {
        g_set_error(err, EL2_ERROR, 70, "engine: this Unicorn does not report %s as uc_facts.h says "
                    "(el2sim needs Debian 12's libunicorn 2.0.1)", why);
        return false;
    }
    e->landing = page + LANDING_OFF;
    e->until = page + UNTIL_OFF;
    uc_arm64_cp_reg mmfr0 = { .op0 = 3, .op1 = 0, .crn = 0, .crm = 7, .op2 = 0 };   /* ID_AA64MMFR0_EL1 */
    uc_reg_read(uc, UC_ARM64_REG_CP_REG, &mmfr0);
    e->pa_bits = parange_bits(mmfr0.val);
    eng_restore_landing(e);
    e->eret_hooked = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    e->qemu_lacks = g_hash_table_new(g_direct_hash, g_direct_equal);
    e->stop_points = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    const char *eh = g_getenv("EL2SIM_ERET_HOOKS");   /* every ERET through its code hook (tests) */
    e->eret_hooks_all = eh && *eh && strcmp(eh, "0") != 0;
    probe_engine_registers(e, page);
    /* The engine's own PMU (F5): every ERET (an EL change for the engine) walks its event
     * counters, about a quarter of an HVC round trip. The guest's PMCR_EL0 and cycle
     * counter are el2sim's (sysreg table, timing.c), so the engine's PMCR_EL0 is set
     * to N = 0 counters, written raw (the register's write function keeps N). */
    uc_arm64_cp_reg pmcr = { .op0 = 3, .op1 = 3, .crn = 9, .crm = 12, .op2 = 0, .val = 0 };
    uc_reg_write(uc, UC_ARM64_REG_CP_REG, &pmcr);
    if (!ucfast_attach(uc, &e->fast, &why) || !uc_facts_pc_store(e, page + PROBE_OFF, &why)) {
        memset(&e->fast, 0, sizeof e->fast);
        e->fast_why = why;
    }
    /* What N = 0 leaves: the PMU's exception-level change hooks still run on every ERET
     * (the cycle counter's clock read and the enable checks), about 180 host
     * instructions; with the register file found they are taken off the CPU. */
    else if (!ucfast_drop_el_hooks(&e->fast, &e->el_hooks, &why))
        e->el_hooks_why = why;

    /* the guest's MMU (mmu_ctx.c): the engine's EL must follow the guest's (F14) */
    if (!mmu_ctx_init(e, page + PROBE_OFF))
        e->rebuild_hflags = NULL;
    /* the guest's AArch32 EL1/EL0 run on the engine's own AArch32 (F18) */
    a32_init(e, page + PROBE_OFF);
    /* another PE's store between a LDXR and its STXR (excl.c, F20) */
    excl_init(e, page + PROBE_OFF);
    /* ... and the AArch32 Hyp mode (F21) through the EL3 ERET at GATE_OFF */
    a32_hyp_init(e, page + GATE_OFF);
    /* Stores off the engine's slow path (F16, F17): its TLB fill wrapped, so that only
     * stores to pages with code take notdirty_write, and el2sim sees those, without a
     * memory hook (whose mere presence sends every access to the slow path).
     * EL2SIM_WRITE_HOOKS=1 keeps the write hooks (tests compare both). */
    const char *wh = g_getenv("EL2SIM_WRITE_HOOKS");
    el2_ucfast loc = e->fast;
    if (wh && *wh && strcmp(wh, "0") != 0)
        e->tlb_why = "EL2SIM_WRITE_HOOKS is set";
    else if (!loc.x && !ucfast_locate(uc, &loc, &why))
        e->tlb_why = why;
    else if (!(e->tlb = ucfast_tlb_attach(uc, &loc, page, code_stored, e, &why)))
        e->tlb_why = why;
    else if (!uc_facts_tlb(e, page + PROBE_OFF, page + 0x1000, &why)) {
        ucfast_tlb_detach(e->tlb);
        e->tlb = NULL;
        e->tlb_why = why;
    }
    uc_hook_add(uc, &e->h_intr, UC_HOOK_INTR, hook_intr, e, 1, 0);
    uc_hook_add(uc, &e->h_block, UC_HOOK_BLOCK, hook_block, e, 1, 0);
    uc_hook_add(uc, &e->h_mrs, UC_HOOK_INSN, hook_sys, e, 1, 0, UC_ARM64_INS_MRS);
    uc_hook_add(uc, &e->h_msr, UC_HOOK_INSN, hook_sys, e, 1, 0, UC_ARM64_INS_MSR);
    uc_hook_add(uc, &e->h_sys, UC_HOOK_INSN, hook_sys, e, 1, 0, UC_ARM64_INS_SYS);
    uc_hook_add(uc, &e->h_sysl, UC_HOOK_INSN, hook_sys, e, 1, 0, UC_ARM64_INS_SYSL);
    uc_hook_add(uc, &e->h_landing, UC_HOOK_CODE, hook_landing, e, e->landing, e->landing);
    uc_hook_add(uc, &e->h_unmapped, UC_HOOK_MEM_UNMAPPED, hook_unmapped, e, 1, 0);
    /* The guest must not see the private page: loads and stores there fail as on
     * unmapped memory (the engine calls *_PROT hooks only on a refused access, so other
     * accesses pay nothing); fetches are refused at the block start (block_refused). */
    if (uc_mem_protect(uc, page, 0x1000, UC_PROT_EXEC) != UC_ERR_OK) {
        g_set_error(err, EL2_ERROR, 70, "engine: cannot protect el2sim's private page");
        return false;
    }
    uc_hook_add(uc, &e->h_prot, UC_HOOK_MEM_READ_PROT | UC_HOOK_MEM_WRITE_PROT, hook_unmapped, e, page,
                page + 0xfff);
    uc_hook hp;
    uc_hook_add(uc, &hp, UC_HOOK_MEM_READ_PROT | UC_HOOK_MEM_WRITE_PROT | UC_HOOK_MEM_FETCH_PROT,
                hook_placeholder, e, 1, 0);
    return true;
}

el2_engine *engine_new(el2_cpu *c, GArray *ram, bool align_faults, GError **err)
{
    el2_engine *e = g_new0(el2_engine, 1);
    e->cpu = c;
    e->real_el = e->armed_el = 3;   /* parked at EL3 (flat mode, mmu_ctx.c) */
    e->ram = ram;
    e->align_faults = align_faults;
    e->blocks = g_new0(el2_block, EL2_BLOCK_CACHE);
    e->obs_hooks = g_ptr_array_new_with_free_func(g_free);
    uc_err ue = uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &e->uc);
    if (ue == UC_ERR_OK)
        ue = uc_ctl_set_cpu_model(e->uc, uc_core(c->model->core));
    if (ue != UC_ERR_OK) {
        g_set_error(err, EL2_ERROR, 70, "cannot start the engine: %s", uc_strerror(ue));
        engine_free(e);
        return NULL;
    }
    cpu_attach_port(c, &engine_port, e);
    if (!engine_init(e, EL2_PRIVATE_PAGE, err)) {
        engine_free(e);
        return NULL;
    }
    return e;
}

bool engine_map(el2_engine *e, const el2_region *r, GError **err)
{
    uc_err ue = uc_mem_map_ptr(e->uc, r->base, r->size, UC_PROT_ALL, r->host);
    if (ue != UC_ERR_OK) {
        g_set_error(err, EL2_ERROR, 2, "cannot map %s at 0x%llx size 0x%llx: %s", r->name,
                    (unsigned long long)r->base, (unsigned long long)r->size, uc_strerror(ue));
        return false;
    }
    e->code_region = NULL;            /* the region array may have moved */
    return true;
}

void engine_free(el2_engine *e)
{
    if (!e)
        return;
    if (e->cpu && e->cpu->port_ctx == e)
        cpu_attach_port(e->cpu, NULL, NULL);
    if (e->uc) {
        ucfast_restore_el_hooks(&e->el_hooks);   /* the engine frees them */
        ucfast_tlb_detach(e->tlb);
        uc_close(e->uc);
    }
    if (e->eret_hooked) g_hash_table_destroy(e->eret_hooked);
    if (e->stop_points) g_hash_table_destroy(e->stop_points);
    if (e->qemu_lacks) g_hash_table_destroy(e->qemu_lacks);
    if (e->code_pages) g_hash_table_destroy(e->code_pages);
    if (e->code_lines) g_hash_table_destroy(e->code_lines);
    mmu_ctx_free(e);
    g_ptr_array_free(e->obs_hooks, TRUE);
    for (unsigned i = 0; e->blocks && i < EL2_BLOCK_CACHE; i++)
        g_free(e->blocks[i].align);
    g_free(e->blocks);
    g_free(e);
}

void engine_run_slice(el2_engine *e, uint64_t count)
{
    el2_cpu *c = e->cpu;
    if (c->mmu_gen != e->mmu_gen)      /* el2sim, gdb or a scenario wrote a translation register */
        mmu_ctx_sync(e);
    if (c->pan_gen != e->pan_gen)
        mmu_ctx_pan(e);
    if (G_UNLIKELY(e->other_lo < e->other_hi)) {   /* another PE wrote code (code_stored) */
        engine_code_changed(e, e->other_lo, e->other_hi);
        e->other_lo = e->other_hi = 0;
    }
    if (c->stop != STOP_NONE)
        return;
    /* (a32_enter's gate not run yet: the engine starts there, in AArch64) */
    uint64_t pc = G_UNLIKELY(e->a32_pending) ? e->a32_gate : eng_rd(e, UC_ARM64_REG_PC);
    e->in_run = true;
    uc_err ue = uc_emu_start(e->uc, pc, e->until, 0, count);
    e->in_run = false;
    if (G_UNLIKELY(c->turn_over))      /* the engine left its PC at the block chained from */
        eng_wr(e, UC_ARM64_REG_PC, c->turn_pc);
    if (e->tb_flush_pending) {         /* el2sim wrote code with the MMU on (engine_code_changed) */
        e->tb_flush_pending = false;
        uc_ctl_flush_tlb(e->uc);
    }
    if (e->parked) {                   /* hook_intr sent the engine to the end (F10) */
        e->parked = false;
        eng_wr(e, UC_ARM64_REG_PC, e->parked_pc);
    }
    if (e->eret.on)                    /* the engine stopped around an armed ERET */
        eret_settle(e, eng_rd(e, UC_ARM64_REG_PC));
    if (c->stop != STOP_NONE)
        return;
    if (e->ph_pending) {               /* a virtual range to cover (mmu_ctx.c, F15) */
        mmu_ctx_place(e);
        return;
    }
    if (c->abort_pending) {            /* an access the guest must take as an abort */
        abort_take(c);
        return;
    }
    pc = eng_rd(e, UC_ARM64_REG_PC);
    if (ue != UC_ERR_OK) {
        cpu_stop(c, STOP_FAULT, 0, "engine error at %s: %s", cpu_sym(c, pc), uc_strerror(ue));
    } else if (pc == e->until) {
        /* the guest branched to the private address the engine stops at (no block
         * starts there): the fetch from el2sim's page that block_refused takes elsewhere */
        abort_note(c, ABORT_FETCH, pc, 4, pc);
        abort_take(c);
    }
}

el2_stop_kind engine_run(el2_engine *e)
{
    el2_cpu *c = e->cpu;
    while (c->stop == STOP_NONE)
        engine_run_slice(e, 0);
    el2_event ev = { .kind = EV_STOP, .stop = c->stop, .status = c->stop_status,
                     .pc = cpu_pc(c), .from_el = c->el, .to_el = c->el };
    /* stamped at the PC: a stop before an instruction does not count the rest of its block */
    cpu_stamp(c, &ev, ev.pc);
    cpu_fill_regs(c, &ev);
    cpu_emit(c, &ev);
    return c->stop;
}

void engine_halt(el2_engine *e) { uc_emu_stop(e->uc); }

bool engine_is_private(const el2_engine *e, uint64_t addr)
{
    return (addr & ~0xfffULL) == (e->landing & ~0xfffULL);
}

unsigned engine_pa_bits(const el2_engine *e) { return e->pa_bits; }

void engine_flush_translations(el2_engine *e) { uc_ctl_flush_tlb(e->uc); }



void engine_info(const el2_engine *e, el2_engine_info *out)
{
    out->direct_regs = e->fast.x != NULL;
    out->direct_why = e->fast_why;
    out->pmu_hooks_dropped = e->el_hooks.head != NULL;
    out->pmu_hooks_why = e->el_hooks_why;
    out->erets_direct = e->erets_direct;
    out->erets_dropped = e->erets_dropped;
    out->tlb_wrapped = e->tlb != NULL;
    out->tlb_why = e->tlb_why;
    el2_uctlb_stats st = { 0 };
    if (e->tlb)
        st = ucfast_tlb_stats(e->tlb);
    out->code_stores = st.stores;
    out->tlb_fills = st.fills;
    out->tlb_lost = st.lost;
}

/* ---- observer hooks (engine_hook_*) ---- */

typedef struct obs_hook {
    uc_hook h;
    void (*insn)(uint64_t pc, void *user);
    void (*block)(uint64_t addr, uint32_t size, void *user);
    void (*data)(bool write, uint64_t addr, int size, void *user);
    void *user;
} obs_hook;

static void tramp_insn(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    obs_hook *o = user;
    o->insn(addr, o->user);
}

static void tramp_block(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    obs_hook *o = user;
    o->block(addr, size, o->user);
}

static void tramp_data(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *user)
{
    obs_hook *o = user;
    o->data(type == UC_MEM_WRITE, addr, size, o->user);
}

static el2_hook_id add_obs_hook(el2_engine *e, obs_hook *o, int type, void *cb, uint64_t lo, uint64_t hi)
{
    uc_hook_add(e->uc, &o->h, type, cb, o, lo, hi);
    g_ptr_array_add(e->obs_hooks, o);
    return (el2_hook_id)o;
}

el2_hook_id engine_hook_insns(el2_engine *e, uint64_t lo, uint64_t hi, void (*fn)(uint64_t pc, void *user), void *user)
{
    obs_hook *o = g_new0(obs_hook, 1);
    o->insn = fn;
    o->user = user;
    el2_hook_id id = add_obs_hook(e, o, UC_HOOK_CODE, tramp_insn, lo, hi);
    /* code translated before the hook existed has no call to it */
    if (lo <= hi)
        uc_ctl_remove_cache(e->uc, lo, hi + 1);
    else
        for (guint i = 0; i < e->ram->len; i++) {
            const el2_region *r = &g_array_index(e->ram, el2_region, i);
            uc_ctl_remove_cache(e->uc, r->base, r->base + r->size);
        }
    return id;
}

el2_hook_id engine_hook_blocks(el2_engine *e, void (*fn)(uint64_t addr, uint32_t size, void *user), void *user)
{
    obs_hook *o = g_new0(obs_hook, 1);
    o->block = fn;
    o->user = user;
    return add_obs_hook(e, o, UC_HOOK_BLOCK, tramp_block, 1, 0);
}

el2_hook_id engine_hook_data(el2_engine *e, uint64_t lo, uint64_t hi,
                             void (*fn)(bool write, uint64_t addr, int size, void *user), void *user)
{
    obs_hook *o = g_new0(obs_hook, 1);
    o->data = fn;
    o->user = user;
    return add_obs_hook(e, o, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, tramp_data, lo, hi);
}

void engine_unhook(el2_engine *e, el2_hook_id id)
{
    obs_hook *o = (obs_hook *)id;
    if (!o)
        return;
    uc_hook_del(e->uc, o->h);
    g_ptr_array_remove(e->obs_hooks, o);
}
