/* port.c - the guest's view of registers and memory over the engine: the el2_port that
 * arch/ reaches the CPU through.
 *
 * How guest state maps onto the engine (see README "How el2sim drives Unicorn"): the
 * Unicorn core runs at its own EL3, where every system register is reachable and nothing
 * traps behind el2sim's back, except in mirror mode (mmu_ctx.c: the guest's MMU is on),
 * where guest EL1 and EL0 run at the engine's EL1 and EL0 (e->real_el). The guest's EL
 * (el2_cpu.el) is el2sim's. Guest NZCV, DAIF and PSTATE.SP are the real ones. Guest SP_EL0
 * lives in the real SP_EL0; the guest SP_ELx of the current EL lives in the real SP of the
 * engine's EL (SP_EL3, or SP_EL1); the others are in el2_cpu.sp_bank. */
#include "engine_int.h"
#include <string.h>

static void write_real_cp(el2_engine *e, int op0, int op1, int crn, int crm, int op2, uint64_t v)
{
    uc_arm64_cp_reg r = { .op0 = op0, .op1 = op1, .crn = crn, .crm = crm, .op2 = op2, .val = v };
    uc_err err = uc_reg_write(e->uc, UC_ARM64_REG_CP_REG, &r);
    g_assert(err == UC_ERR_OK);
}

/* In AArch32 state the live registers are R0-R15 of the current mode: X0-X30 are brought
 * up to date from them (the Arm ARM's mapping, which the engine's sync follows) before a
 * read, and a write goes back to them (a32.c) */
static void a32_sync_up(el2_engine *e)
{
    if (G_UNLIKELY(e->a32))
        e->sync_32_to_64(e->env);
}

static uint64_t p_x(void *ctx, int n)
{
    a32_sync_up(ctx);
    return eng_rd(ctx, uc_xreg_ids[n]);
}

static void p_set_x(void *ctx, int n, uint64_t v)
{
    el2_engine *e = ctx;
    a32_sync_up(e);
    eng_wr(e, uc_xreg_ids[n], e->a32 ? (uint32_t)v : v);
    if (G_UNLIKELY(e->a32))
        e->sync_64_to_32(e->env);
}
static uint64_t p_pc(void *ctx) { return eng_rd(ctx, UC_ARM64_REG_PC); }
static void p_set_pc(void *ctx, uint64_t pc) { eng_wr(ctx, UC_ARM64_REG_PC, pc); }
static uint64_t p_sp(void *ctx)
{
    el2_engine *e = ctx;
    if (G_UNLIKELY(e->a32))          /* AArch32: the current mode's R13 (a32.c) */
        return ((uint32_t *)e->env)[13];
    return eng_rd(ctx, UC_ARM64_REG_SP);
}
static uint32_t p_pstate_bits(void *ctx) { return real_pstate(ctx); }

static void p_read_gprs(void *ctx, uint64_t x[31])
{
    el2_engine *e = ctx;
    a32_sync_up(e);
    if (e->fast.x) {
        memcpy(x, e->fast.x, 31 * sizeof *x);
        return;
    }
    void *vals[31];
    for (int i = 0; i < 31; i++)
        vals[i] = &x[i];
    uc_reg_read_batch(e->uc, (int *)uc_xreg_ids, vals, 31);
}

static void p_sp_save(void *ctx)
{
    el2_engine *e = ctx;
    el2_cpu *c = e->cpu;
    uint64_t live = eng_rd(e, UC_ARM64_REG_SP);
    if (real_spsel(e)) {
        if (c->el)
            c->sp_bank[c->el] = live;
        c->sp_bank[0] = eng_rd(e, UC_ARM64_REG_SP_EL0);
    } else {
        c->sp_bank[0] = live;
        if (c->el && e->real_el)
            c->sp_bank[c->el] = eng_rd(e, eng_sp_real(e));
    }
}

/* Exception entry and modelled returns: the guest's EL and PSTATE bits; in mirror mode
 * the engine's EL follows the guest's (mmu_ctx.c), with its translation flags rebuilt. */
static void p_enter_state(void *ctx, unsigned el, uint32_t bits)
{
    el2_engine *e = ctx;
    el2_cpu *c = e->cpu;
    unsigned k = mmu_ctx_real_el(e, el);
    bool moved = k != e->real_el;
    unsigned spsel = el && k ? (bits & 1u) : 0;
    c->el = el;
    e->real_el = k;
    uint32_t ps = (bits & (PSR_NZCV | PSR_DAIF)) | k << 2 | spsel;
    if (e->fast.nf)
        ucfast_set_pstate(&e->fast, ps);
    else
        uc_reg_write(e->uc, UC_ARM64_REG_PSTATE, &ps);
    if (spsel) {
        eng_wr(e, UC_ARM64_REG_SP, c->sp_bank[el]);
        eng_wr(e, UC_ARM64_REG_SP_EL0, c->sp_bank[0]);
    } else {
        eng_wr(e, UC_ARM64_REG_SP, c->sp_bank[0]);
        if (el && k)
            eng_wr(e, eng_sp_real(e), c->sp_bank[el]);
    }
    if (moved)
        mmu_ctx_moved(e);
    if (G_UNLIKELY(e->mirror))          /* the PSTATE write above cleared PAN */
        mmu_ctx_pan(e);
}

static void write_real_spsr(el2_engine *e, unsigned k, uint32_t v)
{
    static const int op1[4] = { 0, 0, 4, 6 };
    if (k == 3 && v == e->real_spsr_el3)       /* only el2sim writes it: skip repeats */
        return;
    write_real_cp(e, 3, op1[k], 4, 0, 0, v);   /* SPSR_EL<k> */
    if (k == 3)
        e->real_spsr_el3 = v;
}

/* The real ELR and SPSR of the engine's EL for its next ERET: to pc at engine EL `to`
 * with the bits' NZCV and DAIF and PSTATE.SP = spsel. */
static void load_real_eret(el2_engine *e, uint32_t bits, unsigned to, unsigned spsel, uint64_t pc)
{
    if (G_LIKELY(!e->mirror)) {                  /* flat mode: EL3 to EL3, the hot path */
        eng_wr(e, UC_ARM64_REG_ELR_EL3, pc);
        e->armed_el = 3;
        uint32_t spsr3 = (bits & (PSR_NZCV | PSR_DAIF)) | 0xcu | spsel;
        if (spsr3 != e->real_spsr_el3) {
            write_real_cp(e, 3, 6, 4, 0, 0, spsr3);
            e->real_spsr_el3 = spsr3;
        }
        return;
    }
    eng_wr(e, eng_elr_real(e), pc);
    e->armed_el = e->real_el;
    /* in mirror mode the real ERET restores the guest's PSTATE.PAN too (mmu_ctx_pan) */
    uint32_t pan = e->mirror && (to == 1 || (to == 2 && e->vhe)) ? bits & PSR_PAN : 0;
    write_real_spsr(e, e->real_el, (bits & (PSR_NZCV | PSR_DAIF)) | pan | to << 2 | spsel);
}

/* The ERET about to run natively lands at pc in el with the PSTATE bits (NZCV, DAIF, SP) */
static void p_native_eret(void *ctx, unsigned el, uint32_t bits, uint64_t pc)
{
    el2_engine *e = ctx;
    el2_cpu *c = e->cpu;
    /* The real ERET (from the engine's EL k to its EL j <= k) saves the live SP into the
     * bank of the old PSTATE.SP and loads the bank of the new one; arrange both banks and
     * the live value so that the guest's SP_EL0 and SP_ELx come out where p_sp_save
     * expects. */
    unsigned j = mmu_ctx_real_el(e, el);
    unsigned s_old = real_spsel(e);
    unsigned s_new = el && j ? (bits & 1u) : 0;
    uint64_t cur = el ? c->sp_bank[el] : 0;
    eng_wr(e, UC_ARM64_REG_SP_EL0, c->sp_bank[0]);
    if (j)
        eng_wr(e, UC_ARM64_REG_SP_EL0 + (int)j, cur);
    eng_wr(e, UC_ARM64_REG_SP, s_old ? cur : c->sp_bank[0]);
    load_real_eret(e, bits, j, s_new, pc);
    if (j != e->real_el) {
        e->real_el = j;          /* the real ERET changes the engine's EL and flags itself */
        e->vtlb_gen++;
    }
    c->el = el;
    c->il = false;
    e->eret_armed = true;
}

void eng_arm_native_eret(el2_engine *e, uint32_t bits, uint64_t pc)
{
    load_real_eret(e, bits, e->real_el, real_spsel(e) ? 1u : 0u, pc);
}

void eng_restore_landing(el2_engine *e)
{
    if (G_LIKELY(e->armed_el == 3))
        eng_wr(e, UC_ARM64_REG_ELR_EL3, e->landing);
    else
        eng_wr(e, UC_ARM64_REG_ELR_EL0 + (int)e->armed_el, e->landing);
    e->armed_el = e->real_el;
    e->eret_armed = false;
    e->a32_pending = false;          /* (a32_enter's gate has run) */
}

/* SP_ELel, given the engine's PSTATE.SP (spx) */
static inline uint64_t sp_el_at(el2_engine *e, unsigned el, bool spx)
{
    if (el == 0)
        return spx ? eng_rd(e, UC_ARM64_REG_SP_EL0) : eng_rd(e, UC_ARM64_REG_SP);
    if (el == e->cpu->el)
        return spx ? eng_rd(e, UC_ARM64_REG_SP) : e->real_el ? eng_rd(e, eng_sp_real(e)) : e->cpu->sp_bank[el];
    return e->cpu->sp_bank[el];
}

static uint64_t p_sp_el(void *ctx, unsigned el) { return sp_el_at(ctx, el, real_spsel(ctx)); }

void engine_sp_el01(el2_engine *e, uint64_t *sp0, uint64_t *sp1)
{
    bool spx = real_spsel(e);
    *sp0 = sp_el_at(e, 0, spx);
    *sp1 = sp_el_at(e, 1, spx);
}

static void p_set_sp_el(void *ctx, unsigned el, uint64_t v)
{
    el2_engine *e = ctx;
    bool spx = real_spsel(e);
    if (el == 0)
        eng_wr(e, spx ? UC_ARM64_REG_SP_EL0 : UC_ARM64_REG_SP, v);
    else if (el == e->cpu->el)
        if (spx)
            eng_wr(e, UC_ARM64_REG_SP, v);
        else if (e->real_el)
            eng_wr(e, eng_sp_real(e), v);
        else
            e->cpu->sp_bank[el] = v;
    else
        e->cpu->sp_bank[el] = v;
}

/* Host pointer to guest RAM [addr, addr+n) when it lies in one region el2sim allocated. */
uint8_t *eng_ram_ptr(el2_engine *e, uint64_t addr, size_t n)
{
    for (guint i = 0; i < e->ram->len; i++) {
        const el2_region *r = &g_array_index(e->ram, el2_region, i);
        if (r->host && addr >= r->base && addr - r->base <= r->size && n <= r->size - (addr - r->base))
            return r->host + (addr - r->base);
    }
    return NULL;
}

/* Does [addr, addr+n) touch el2sim's private page? Nothing outside engine/ may read or
 * write it (the guest's own accesses fault, and so do gdb's and el2sim's on its behalf). */
static bool hits_private(const el2_engine *e, uint64_t addr, size_t n)
{
    uint64_t page = e->landing & ~0xfffULL;
    return n && (addr - page < 0x1000 || page - addr < n);
}

/* Does [addr, addr+n) touch a placeholder (mmu_ctx.c: virtual ranges, no memory)? */
static bool hits_placeholder(const el2_engine *e, uint64_t addr, size_t n)
{
    return e->placeholders && e->placeholders->len && n &&
           (mmu_ctx_is_placeholder(e, addr) || mmu_ctx_is_placeholder(e, addr + n - 1));
}

bool engine_read(el2_engine *e, uint64_t addr, void *buf, size_t n)
{
    uint8_t *p = eng_ram_ptr(e, addr, n);
    if (p) {
        memcpy(buf, p, n);
        return true;
    }
    return !hits_private(e, addr, n) && !hits_placeholder(e, addr, n) &&
           uc_mem_read(e->uc, addr, buf, n) == UC_ERR_OK;
}

/* Forgets every learned block (mirror mode: a change of translation may put other code
 * at the same virtual addresses); they are learned again when they next run. */
void eng_blocks_drop(el2_engine *e)
{
    for (unsigned i = 0; i < EL2_BLOCK_CACHE; i++) {
        el2_block *b = &e->blocks[i];
        if (b->info.size) {
            g_free(b->align);
            memset(b, 0, sizeof *b);
        }
    }
}

void engine_code_changed(el2_engine *e, uint64_t lo, uint64_t hi)
{
    if (G_UNLIKELY(e->mirror)) {
        /* lo..hi is physical, blocks and the engine's translations go by virtual address
         * (uc_ctl_remove_cache translates its argument as one): drop all of them, the
         * engine's between runs (its code flush must not run inside a block) */
        eng_blocks_drop(e);
        if (e->in_run)
            e->tb_flush_pending = true;
        else
            uc_ctl_flush_tlb(e->uc);
        return;
    }
    for (unsigned i = 0; i < EL2_BLOCK_CACHE; i++) {
        el2_block *b = &e->blocks[i];
        if (b->info.size && b->info.addr < hi && lo < b->info.addr + b->info.size) {
            g_free(b->align);
            memset(b, 0, sizeof *b);
        }
    }
    uc_ctl_remove_cache(e->uc, lo & ~3ULL, (hi + 3) & ~3ULL);
}

bool engine_write(el2_engine *e, uint64_t addr, const void *buf, size_t n)
{
    if (!n)
        return true;
    if (hits_private(e, addr, n) || hits_placeholder(e, addr, n) || uc_mem_write(e->uc, addr, buf, n) != UC_ERR_OK)
        return false;
    engine_code_changed(e, addr, addr + n);
    return true;
}

static bool p_read(void *ctx, uint64_t addr, void *buf, size_t n) { return engine_read(ctx, addr, buf, n); }
static bool p_write(void *ctx, uint64_t addr, const void *buf, size_t n) { return engine_write(ctx, addr, buf, n); }

/* The instruction word at physical address pa (the port's insn_at: arch/vmem.c translates
 * guest PCs before it asks) */
static uint32_t insn_at_pa(el2_engine *e, uint64_t pc)
{
    const el2_region *r = e->code_region;      /* where the last fetch was */
    if (r && pc - r->base <= r->size - 4 && r->size >= 4) {
        uint32_t w;
        memcpy(&w, r->host + (pc - r->base), 4);
        return GUINT32_FROM_LE(w);
    }
    for (guint i = 0; i < e->ram->len; i++) {
        r = &g_array_index(e->ram, el2_region, i);
        if (r->host && pc - r->base <= r->size - 4 && r->size >= 4) {
            e->code_region = r;
            return insn_at_pa(e, pc);
        }
    }
    uint32_t insn = 0;
    if (!engine_read(e, pc, &insn, 4))
        return 0;
    return GUINT32_FROM_LE(insn);
}

/* The instruction at the guest PC pc, as the engine fetches it now: through the guest's
 * translation in mirror mode (mmu_ctx.c) */
uint32_t eng_insn_at(el2_engine *e, uint64_t pc)
{
    if (G_UNLIKELY(e->mirror) && mmu_ctx_translated(e)) {     /* pc is a virtual address */
        uint8_t *p = mmu_ctx_host(e, pc, true);
        uint32_t w = 0;
        if (p && (pc & 0xfff) <= 0xffc)
            memcpy(&w, p, 4);
        return GUINT32_FROM_LE(w);
    }
    return insn_at_pa(e, pc);
}

static uint32_t p_insn_at(void *ctx, uint64_t pc) { return insn_at_pa(ctx, pc); }
static void p_halt(void *ctx) { uc_emu_stop(((el2_engine *)ctx)->uc); }

/* TPIDR_EL0 and TPIDRRO_EL0 live in the engine (AArch64 MRS/MSR of them run natively);
 * el2sim's AArch32 accesses (TPIDRURW, TPIDRURO: their AArch32 views, Arm ARM G8) reach
 * the same registers */
static bool p_native_sr(void *ctx, int idx, bool write, uint64_t *v)
{
    int id = idx == SR_TPIDR_EL0 ? UC_ARM64_REG_TPIDR_EL0 : idx == SR_TPIDRRO_EL0 ? UC_ARM64_REG_TPIDRRO_EL0 : -1;
    if (id < 0)
        return false;
    if (write)
        eng_wr(ctx, id, *v);
    else
        *v = eng_rd(ctx, id);
    return true;
}

const el2_port engine_port = {
    .x = p_x, .set_x = p_set_x, .read_gprs = p_read_gprs, .pc = p_pc, .set_pc = p_set_pc,
    .sp = p_sp, .pstate_bits = p_pstate_bits, .sp_el = p_sp_el, .set_sp_el = p_set_sp_el,
    .sp_save = p_sp_save, .enter_state = p_enter_state, .native_eret = p_native_eret,
    .read = p_read, .write = p_write, .insn_at = p_insn_at, .halt = p_halt,
    .eret_aarch32 = a32_eret, .leave_aarch32 = a32_leave,
    .enter_aarch32 = a32_enter, .hyp_regs = a32_hyp_regs, .cpsr = a32_cpsr, .set_nzcv = a32_set_nzcv,
    .aarch32_enter_mode = a32_enter_mode, .native_sr = p_native_sr,
};

const uint64_t *engine_live_gprs(el2_engine *e) { return e->fast.x; }

void engine_read_v(el2_engine *e, uint64_t v[32][2])
{
    if (e->fast.v) {
        for (int i = 0; i < 32; i++)
            memcpy(v[i], ucfast_v(&e->fast, i), 16);
        return;
    }
    int regs[32];
    void *vals[32];
    for (int i = 0; i < 32; i++) {
        regs[i] = UC_ARM64_REG_Q0 + i;
        vals[i] = v[i];
    }
    uc_reg_read_batch(e->uc, regs, vals, 32);
}

void engine_set_v(el2_engine *e, int n, const uint64_t q[2])
{
    if (e->fast.v)
        memcpy(ucfast_v(&e->fast, n), q, 16);
    else
        uc_reg_write(e->uc, UC_ARM64_REG_Q0 + n, q);
    e->cpu->fp_gen++;
}

uint64_t engine_fpcr(el2_engine *e)
{
    uint64_t v = 0;
    uc_reg_read(e->uc, UC_ARM64_REG_FPCR, &v);
    return v;
}

uint64_t engine_fpsr(el2_engine *e)
{
    uint64_t v = 0;
    uc_reg_read(e->uc, UC_ARM64_REG_FPSR, &v);
    return v;
}

void engine_set_fpcr(el2_engine *e, uint64_t v)
{
    uc_reg_write(e->uc, UC_ARM64_REG_FPCR, &v);
    e->cpu->fp_gen++;
}

void engine_set_fpsr(el2_engine *e, uint64_t v)
{
    uc_reg_write(e->uc, UC_ARM64_REG_FPSR, &v);
    e->cpu->fp_gen++;
}
