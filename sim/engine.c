/* engine.c - drives Unicorn 2.0.1 so that el2sim, not the engine, owns exception
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
 *    it (exception_return_arm, exception_return_settle; eret_direct);
 *  - a hooked ERET runs natively after el2sim has loaded the real ELR_EL3/SPSR_EL3
 *    and SP banks with the modelled return (no restart); an ERET that escaped the
 *    hooks lands on a private landing pad, where the return is modelled;
 *  - an access to unmapped memory reaches the unmapped hook with the PC of the block
 *    start; it is taken as an abort between engine runs (abort.c);
 *  - a guest store over code that ran makes the engine retranslate it, and a write
 *    hook on every page with learned code keeps el2sim's block cache and code hooks
 *    in step (hook_code_write). */
#include "engine.h"
#include "abort.h"
#include "exception.h"
#include "align.h"
#include "excgen.h"
#include "machine.h"
#include "sysinsn.h"
#include "sysreg.h"
#include "timing.h"
#include <stdio.h>
#include <string.h>

#define BOOT_OFF    0x000
#define PARK_OFF    0x080
#define LANDING_OFF 0x100
#define PROBE_OFF   0x200
#define UNTIL_OFF   0xff0

static uint64_t rd(el2_machine *m, int id)
{
    if (id == UC_ARM64_REG_PC && m->fast.pc)
        return *m->fast.pc;
    uint64_t v = 0;
    uc_reg_read(m->uc, id, &v);
    return v;
}

static void hook_special(uc_engine *uc, uint64_t addr, uint32_t size, void *user);

static bool needs_hook(const el2_machine *m, uint32_t insn)
{
    if (insn_is_eret(insn) || insn_is_wfi(insn) ||
        (m->align_faults && (align_checked_insn(insn) || align_sp_based(insn))))
        return true;
    if (!insn_is_system(insn))
        return false;
    unsigned op0 = (insn >> 19) & 3;
    if (op0 == 0)
        return false;                       /* hints, barriers, MSR (immediate) */
    return !sysinsn_always_native(insn);
}

/* A special instruction that gets its code hook as soon as it is seen (at load, or when
 * a store writes it); an ERET waits for block_learn, which may leave it unhooked. */
static bool hooked_on_sight(const el2_machine *m, uint32_t insn)
{
    return needs_hook(m, insn) && (m->eret_hooks_all || !insn_is_plain_eret(insn));
}

static void add_code_hook(el2_machine *m, uint64_t addr)
{
    if (g_hash_table_contains(m->eret_hooked, &addr))
        return;
    uc_hook h;
    uc_hook_add(m->uc, &h, UC_HOOK_CODE, hook_special, m, addr, addr);
    uint64_t *k = g_new(uint64_t, 1);
    *k = addr;
    g_hash_table_add(m->eret_hooked, k);
    m->hook_gen++;
}

void engine_prescan(el2_machine *m, uint64_t addr, uint64_t len)
{
    uint32_t buf[1024];
    for (uint64_t off = 0; off + 4 <= len; off += sizeof buf) {
        uint64_t n = MIN(sizeof buf, len - off) / 4;
        if (!machine_read(m, addr + off, buf, n * 4))
            return;
        for (uint64_t i = 0; i < n; i++)
            if (hooked_on_sight(m, GUINT32_FROM_LE(buf[i])))
                add_code_hook(m, addr + off + 4 * i);
    }
}

void engine_stop_at(el2_machine *m, uint64_t addr)
{
    uint64_t *k = g_new(uint64_t, 1);
    *k = addr;
    g_hash_table_add(m->stop_points, k);
    add_code_hook(m, addr);
    uc_ctl_remove_cache(m->uc, addr, addr + 4);
}

void engine_stop_at_clear(el2_machine *m, uint64_t addr)
{
    g_hash_table_remove(m->stop_points, &addr);
}

/* A guest store into a page with learned code (self-modifying code, or code loaded
 * at run time): the engine retranslates the code it overwrites, but el2sim's block
 * cache and its per-address code hooks must follow. Blocks overlapping the store are
 * forgotten (relearned when they next run) and a word that becomes a special
 * instruction gets its code hook now. A store over the VBAR_EL2 table is reported on
 * stderr, once per run, naming the storing instruction. */
static void hook_code_write(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                            void *user)
{
    el2_machine *m = user;
    uint64_t end = addr + (uint64_t)size;
    for (unsigned i = 0; i < EL2_BLOCK_CACHE; i++) {
        el2_block *b = &m->blocks[i];
        if (b->ninsns && b->addr < end && addr < b->addr + b->size)
            b->ninsns = 0;
    }
    for (uint64_t w = addr & ~3ULL; w < end; w += 4) {
        uint8_t bytes[4];
        if (!machine_read(m, w, bytes, 4))
            continue;
        for (unsigned k = 0; k < 4; k++)
            if (w + k >= addr && w + k < end && w + k - addr < 8)
                bytes[k] = (uint8_t)((uint64_t)value >> (8 * (w + k - addr)));
        uint32_t insn = (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 | (uint32_t)bytes[2] << 16 |
                        (uint32_t)bytes[3] << 24;
        if (hooked_on_sight(m, insn))
            add_code_hook(m, w);
    }
    uint64_t vbar = m->sr[SR_VBAR_EL2];
    if (!m->vector_warned && vbar && addr < vbar + 0x800 && end > vbar) {
        uint64_t pc = rd(m, UC_ARM64_REG_PC), at;
        if (abort_find_access(m, pc, addr, &at))
            pc = at;
        m->vector_warned = true;
        fprintf(stderr, "el2sim: warning: EL%u store at %s writes over the EL2 vector table "
                        "(0x%llx, VBAR_EL2 + 0x%llx)\n", m->el, machine_sym(m, pc),
                (unsigned long long)addr, (unsigned long long)(addr - vbar));
    }
}

static void watch_code_page(el2_machine *m, uint64_t addr)
{
    uint64_t page = addr & ~0xfffULL;
    if (!m->code_pages)
        m->code_pages = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    if (g_hash_table_contains(m->code_pages, &page))
        return;
    uint64_t *k = g_new(uint64_t, 1);
    *k = page;
    g_hash_table_add(m->code_pages, k);
    uc_hook h;
    uc_hook_add(m->uc, &h, UC_HOOK_MEM_WRITE, hook_code_write, m, page, page + 0xfff);
}

/* Learns a block the first time it runs: size, cost, and code hooks on its special
 * instructions. Returns true when hooks were added (the block must be retranslated). */
static bool block_learn(el2_machine *m, el2_block *b, uint64_t addr, uint32_t size)
{
    uint32_t n = size / 4;
    uint32_t *insns = g_new0(uint32_t, n ? n : 1);
    bool added = false;
    if (!machine_read(m, addr, insns, n * 4))
        n = 0;
    /* An ERET closing a block with no other special instruction (nor an MSR SPSel,
     * which moves the SPs natively) goes without a code hook: exception_return_arm. */
    bool special = false;
    b->eret_direct = false;
    for (uint32_t i = 0; i < n; i++) {
        insns[i] = GUINT32_FROM_LE(insns[i]);
        uint64_t a = addr + 4ULL * i;
        bool hooked = g_hash_table_contains(m->eret_hooked, &a);
        if (i == n - 1 && insn_is_plain_eret(insns[i]) && !special && !hooked && !m->eret_hooks_all) {
            b->eret_direct = true;
            break;
        }
        if (insn_is_msr_spsel_imm(insns[i]))
            special = true;
        if (needs_hook(m, insns[i])) {
            special = true;
            if (!hooked) {
                add_code_hook(m, a);
                added = true;
            }
        }
    }
    if (n) {
        watch_code_page(m, addr);
        watch_code_page(m, addr + 4ULL * (n - 1));
    }
    b->addr = addr;
    b->size = size;
    b->ninsns = n;
    b->cycles = timing_block_cost(m->cpu, insns, n);
    b->tail_cost = n ? timing_block_cost(m->cpu, insns + n - 1, 1) : 0;
    b->touches_fp = false;
    for (uint32_t i = 0; i < n && !b->touches_fp; i++)
        b->touches_fp = insn_touches_fp(insns[i]);
    g_free(insns);
    b->hook_gen = m->hook_gen;
    if (added)
        uc_ctl_remove_cache(m->uc, addr, addr + size);
    return added;
}

static void hook_block(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    el2_machine *m = user;
    if (m->eret.on)
        exception_return_settle(m, addr);     /* the block before closed with an unhooked ERET */
    if (m->eret_armed)
        machine_restore_landing(m);
    if ((addr & ~0xfffULL) == (m->landing & ~0xfffULL))
        return;                               /* el2sim's own page: not guest work */
    el2_block *b = &m->blocks[(addr >> 2) & (EL2_BLOCK_CACHE - 1)];
    if (b->addr != addr || b->size != size || !b->ninsns) {
        if (block_learn(m, b, addr, size)) {
            uc_reg_write(uc, UC_ARM64_REG_PC, &addr);   /* rerun with the new hooks */
            return;
        }
    }
    if (m->insns + b->ninsns > m->max_insns) {
        m->last_blk_addr = addr;      /* stopped at a block start: nothing of it ran */
        m->last_blk_size = 0;
        machine_stop(m, STOP_BUDGET, 0, "instruction budget of %llu exhausted at %s",
                     (unsigned long long)m->max_insns, machine_sym(m, addr));
        return;
    }
    if (b->eret_direct) {
        uint64_t eret_pc = addr + size - 4;
        if (b->hook_gen != m->hook_gen) {         /* a code hook was added somewhere since */
            b->eret_direct = !g_hash_table_contains(m->eret_hooked, &eret_pc);
            b->hook_gen = m->hook_gen;
        }
        if (b->eret_direct && !exception_return_arm(m, addr, eret_pc, INSN_ERET)) {
            /* not a plain return: from now on this ERET has its code hook */
            b->eret_direct = false;
            add_code_hook(m, eret_pc);
            uc_ctl_remove_cache(uc, addr, addr + size);
            uc_reg_write(uc, UC_ARM64_REG_PC, &addr);
            return;
        }
    }
    if (m->on_block && !m->on_block_paused)
        m->on_block(m, b, m->on_block_user);
    m->cur_blk_fp = b->touches_fp;
    m->fp_gen += b->touches_fp;
    uint32_t cyc = b->cycles;
    if (addr != m->last_blk_addr + m->last_blk_size)
        cyc += m->cpu->cost[IC_BRANCH_TAKEN];
    m->prev_blk_addr = m->last_blk_addr;
    m->prev_blk_size = m->last_blk_size;
    m->last_blk_addr = addr;
    m->last_blk_size = size;
    m->tail_pc = addr + size - 4;
    m->tail_cost = b->tail_cost;
    m->insns += b->ninsns;
    m->cycles += cyc;
}

static void hook_special(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    el2_machine *m = user;
    if (m->stop != STOP_NONE)
        return;
    m->hook_pc = addr;
    if (g_hash_table_size(m->stop_points) && g_hash_table_contains(m->stop_points, &addr)) {
        machine_stop(m, STOP_AT, 0, "reached %s", machine_sym(m, addr));
        return;
    }
    uint32_t insn = machine_insn_at(m, addr);
    if (insn_is_eret(insn))
        exception_return(m, addr, insn, true);
    else if (insn_is_wfi(insn) || insn_is_wfe(insn))
        sysinsn_wfx(m, addr, insn);
    else if (insn_is_system(insn))
        sysinsn_exec(m, addr, insn);
    else if (m->align_faults && (align_checked_insn(insn) || align_sp_based(insn)))
        align_check(m, addr, insn);
}

static void hook_landing(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    el2_machine *m = user;
    /* An ERET ran natively without its hook: it ended the block before this one. */
    uint64_t eret_pc = m->prev_blk_addr + m->prev_blk_size - 4;
    uint32_t insn = machine_insn_at(m, eret_pc);
    if (!insn_is_eret(insn)) {
        machine_stop(m, STOP_INTERNAL, 0, "engine: exception return from an unknown place (after %s)",
                     machine_sym(m, m->prev_blk_addr));
        return;
    }
    m->last_blk_addr = m->prev_blk_addr;
    m->last_blk_size = m->prev_blk_size;
    add_code_hook(m, eret_pc);
    uc_ctl_remove_cache(uc, eret_pc, eret_pc + 4);
    m->hook_pc = eret_pc;
    exception_return(m, eret_pc, insn, false);
}

/* MRS/MSR/SYS/SYSL: the semantics ran in the code hook; skip the native instruction
 * unless el2sim let it run natively. */
static uint32_t hook_sys(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *user)
{
    el2_machine *m = user;
    uint32_t key = SYSREG_KEY(cp->op0, cp->op1, cp->crn, cp->crm, cp->op2);
    if (sysinsn_key_native(key))
        return 0;
    uint64_t pc = rd(m, UC_ARM64_REG_PC);
    if (pc == m->native_pc) {
        m->native_pc = 0;
        return 0;
    }
    if (m->stop != STOP_NONE)
        return 1;
    /* The engine ends the block at an encoding it does not know, leaving the PC on it:
     * move past it (a PC write is honoured on that path). */
    if (g_hash_table_contains(m->qemu_lacks, GUINT_TO_POINTER(key + 1))) {
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
static void probe_engine_registers(el2_machine *m, uint64_t page)
{
    uint64_t at = page + PROBE_OFF;
    unsigned seen = 0;
    uc_hook h, h2, hb;
    uc_hook_add(m->uc, &h, UC_HOOK_INSN, probe_skip, m, at, at + 8, UC_ARM64_INS_MRS);
    uc_hook_add(m->uc, &h2, UC_HOOK_INSN, probe_skip, m, at, at + 8, UC_ARM64_INS_MSR);
    uc_hook_add(m->uc, &hb, UC_HOOK_BLOCK, probe_block, &seen, at, at);
    for (int i = 0; i < sysreg_count; i++) {
        const sysreg_def *d = &sysreg_table[i];
        if (d->kind == SR_NATIVE)
            continue;
        uint32_t enc = 0xd5000000u | (uint32_t)(d->op0 & 3) << 19 | (uint32_t)d->op1 << 16 |
                       (uint32_t)d->crn << 12 | (uint32_t)d->crm << 8 | (uint32_t)d->op2 << 5;
        enc |= (d->flags & SRF_WO) ? 0 : (1u << 21);        /* MRS x0 (or MSR for write-only) */
        uint32_t code[2] = { GUINT32_TO_LE(enc), GUINT32_TO_LE(0xd503201f) };
        uc_mem_write(m->uc, at, code, sizeof code);
        uc_ctl_remove_cache(m->uc, at, at + 8);
        seen = 0;
        uc_emu_start(m->uc, at, at + 8, 0, 0);
        if (rd(m, UC_ARM64_REG_PC) == at)
            g_hash_table_add(m->qemu_lacks,
                             GUINT_TO_POINTER(SYSREG_KEY(d->op0, d->op1, d->crn, d->crm, d->op2) + 1));
    }
    uc_hook_del(m->uc, h);
    uc_hook_del(m->uc, h2);
    uc_hook_del(m->uc, hb);
}

static void hook_intr_take(el2_machine *m, uint32_t intno, uint64_t pc);

static void hook_intr(uc_engine *uc, uint32_t intno, void *user)
{
    el2_machine *m = user;
    uint64_t pc = rd(m, UC_ARM64_REG_PC);
    if (m->eret.on)                   /* an exception before the armed ERET ran */
        exception_return_drop(m);
    if (m->stop != STOP_NONE)
        return;
    m->in_intr = true;
    hook_intr_take(m, intno, pc);
    m->in_intr = false;
}

static void hook_intr_take(el2_machine *m, uint32_t intno, uint64_t pc)
{
    switch (intno) {
    case 1:  /* EXCP_UDEF: PC on the instruction */
        m->hook_pc = pc;
        engine_undef(m, pc);
        break;
    case 2:  /* EXCP_SWI: PC past the SVC */
        m->hook_pc = pc - 4;
        engine_svc(m, pc - 4);
        break;
    case 7:  /* EXCP_BKPT: PC on the BRK */
        m->hook_pc = pc;
        engine_brk(m, pc);
        break;
    case 11: /* EXCP_HVC: PC past the HVC */
        m->hook_pc = pc - 4;
        engine_hvc(m, pc - 4);
        break;
    case 13: /* EXCP_SMC: PC past the SMC */
        m->hook_pc = pc - 4;
        engine_smc(m, pc - 4);
        break;
    case 4:  /* EXCP_DATA_ABORT: a misaligned exclusive or atomic access, PC on it */
        m->hook_pc = pc;
        abort_note(m, ABORT_ALIGN, 0, 0, pc);
        break;
    default:
        machine_stop(m, STOP_INTERNAL, 0, "engine raised exception %u at %s, which el2sim does not model",
                     intno, machine_sym(m, pc));
    }
}

static bool hook_unmapped(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                          void *user)
{
    el2_machine *m = user;
    /* taken as an abort between engine runs (abort.c) */
    if (type == UC_MEM_FETCH_UNMAPPED)
        abort_note(m, ABORT_FETCH, addr, size, addr);
    else
        abort_note(m, type == UC_MEM_WRITE_UNMAPPED ? ABORT_WRITE : ABORT_READ, addr, size,
                   rd(m, UC_ARM64_REG_PC));
    return false;
}

bool engine_init(el2_machine *m, uint64_t page, GError **err)
{
    uc_engine *uc = m->uc;
    uint32_t code[0x1000 / 4];
    for (unsigned i = 0; i < G_N_ELEMENTS(code); i++)
        code[i] = GUINT32_TO_LE(0x14000000);     /* b . */
    code[BOOT_OFF / 4] = GUINT32_TO_LE(INSN_ERET);
    code[PARK_OFF / 4] = GUINT32_TO_LE(0xd503201f);  /* nop */
    code[LANDING_OFF / 4] = GUINT32_TO_LE(0xd503201f);
    if (uc_mem_map(uc, page, 0x1000, UC_PROT_ALL) != UC_ERR_OK ||
        uc_mem_write(uc, page, code, sizeof code) != UC_ERR_OK) {
        g_set_error(err, EL2_ERROR, 70, "engine: cannot map el2sim's private page");
        return false;
    }
    /* Park the core at its real EL3: SCR_EL3 = NS|HCE|RW, then ERET from EL1 to EL3h
     * (the engine starts at EL1h and ERET is the one thing that changes its EL). */
    uc_arm64_cp_reg scr = { .op0 = 3, .op1 = 6, .crn = 1, .crm = 1, .op2 = 0,
                            .val = SCR_NS | SCR_HCE | SCR_RW };
    uc_arm64_cp_reg spsr3 = { .op0 = 3, .op1 = 6, .crn = 4, .crm = 0, .op2 = 0, .val = 0x3cd };
    uint64_t park = page + PARK_OFF;
    uint32_t ps = 0x3cd;   /* PSTATE says EL3 (the ERET reads SPSR_EL3), translation is still EL1 */
    uc_reg_write(uc, UC_ARM64_REG_CP_REG, &scr);
    uc_reg_write(uc, UC_ARM64_REG_CP_REG, &spsr3);
    m->real_spsr_el3 = 0x3cd;
    uc_reg_write(uc, UC_ARM64_REG_ELR_EL1, &park);
    uc_reg_write(uc, UC_ARM64_REG_PSTATE, &ps);
    uc_err e = uc_emu_start(uc, page + BOOT_OFF, park, 0, 0);
    uc_reg_read(uc, UC_ARM64_REG_PSTATE, &ps);
    if (e != UC_ERR_OK || (ps & 0xc) != 0xc) {
        g_set_error(err, EL2_ERROR, 70, "engine: could not reach EL3 (PSTATE 0x%x, %s)", ps, uc_strerror(e));
        return false;
    }
    m->landing = page + LANDING_OFF;
    m->until = page + UNTIL_OFF;
    machine_restore_landing(m);
    m->eret_hooked = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    m->qemu_lacks = g_hash_table_new(g_direct_hash, g_direct_equal);
    m->stop_points = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    const char *eh = g_getenv("EL2SIM_ERET_HOOKS");   /* every ERET through its code hook (tests) */
    m->eret_hooks_all = eh && *eh && strcmp(eh, "0") != 0;
    probe_engine_registers(m, page);
    /* The engine's own PMU: every ERET (an EL change for the engine) walks its event
     * counters, about a quarter of an HVC round trip. The guest's PMCR_EL0 and cycle
     * counter are el2sim's (sysreg table, timing.c), so the engine's PMCR_EL0 is set
     * to N = 0 counters, written raw (the register's write function keeps N). */
    uc_arm64_cp_reg pmcr = { .op0 = 3, .op1 = 3, .crn = 9, .crm = 12, .op2 = 0, .val = 0 };
    uc_reg_write(uc, UC_ARM64_REG_CP_REG, &pmcr);
    const char *why = NULL;
    if (!ucfast_attach(uc, &m->fast, &why))
        m->fast_why = why;
    /* What N = 0 leaves: the PMU's exception-level change hooks still run on every ERET
     * (the cycle counter's clock read and the enable checks), about 180 host
     * instructions; with the register file found they are taken off the CPU. */
    else if (!ucfast_drop_el_hooks(&m->fast, &m->el_hooks, &why))
        m->el_hooks_why = why;

    uc_hook_add(uc, &m->h_intr, UC_HOOK_INTR, hook_intr, m, 1, 0);
    uc_hook_add(uc, &m->h_block, UC_HOOK_BLOCK, hook_block, m, 1, 0);
    uc_hook_add(uc, &m->h_mrs, UC_HOOK_INSN, hook_sys, m, 1, 0, UC_ARM64_INS_MRS);
    uc_hook_add(uc, &m->h_msr, UC_HOOK_INSN, hook_sys, m, 1, 0, UC_ARM64_INS_MSR);
    uc_hook_add(uc, &m->h_sys, UC_HOOK_INSN, hook_sys, m, 1, 0, UC_ARM64_INS_SYS);
    uc_hook_add(uc, &m->h_sysl, UC_HOOK_INSN, hook_sys, m, 1, 0, UC_ARM64_INS_SYSL);
    uc_hook_add(uc, &m->h_landing, UC_HOOK_CODE, hook_landing, m, m->landing, m->landing);
    uc_hook_add(uc, &m->h_unmapped, UC_HOOK_MEM_UNMAPPED, hook_unmapped, m, 1, 0);
    return true;
}

void machine_resume(el2_machine *m)
{
    m->stop = STOP_NONE;
    m->stop_status = 0;
    g_clear_pointer(&m->stop_msg, g_free);
}

void engine_run_slice(el2_machine *m, uint64_t count)
{
    uint64_t pc = machine_pc(m);
    uc_err e = uc_emu_start(m->uc, pc, m->until, 0, count);
    if (m->eret.on)                    /* the engine stopped around an armed ERET */
        exception_return_settle(m, machine_pc(m));
    if (m->stop != STOP_NONE)
        return;
    if (m->abort_pending) {          /* an access the guest must take as an abort */
        abort_take(m);
        return;
    }
    pc = machine_pc(m);
    if (e != UC_ERR_OK)
        machine_stop(m, STOP_FAULT, 0, "engine error at %s: %s", machine_sym(m, pc), uc_strerror(e));
    else if (pc == m->until)
        machine_stop(m, STOP_INTERNAL, 0, "engine: guest reached el2sim's private page");
}

el2_stop_kind machine_run(el2_machine *m)
{
    while (m->stop == STOP_NONE)
        engine_run_slice(m, 0);
    el2_event ev = { .kind = EV_STOP, .stop = m->stop, .status = m->stop_status,
                     .pc = machine_pc(m), .from_el = m->el, .to_el = m->el };
    /* stamped at the PC: a stop before an instruction does not count the rest of its block */
    machine_stamp(m, &ev, ev.pc);
    machine_fill_regs(m, &ev);
    machine_emit(m, &ev);
    return m->stop;
}
