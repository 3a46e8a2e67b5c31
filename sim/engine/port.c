/* port.c - the guest's view of registers and memory over the engine: the el2_port that
 * arch/ reaches the CPU through.
 *
 * How guest state maps onto the engine (see README "How el2sim drives Unicorn"): the
 * Unicorn core always runs at its own EL3, where every system register is reachable and
 * nothing traps behind el2sim's back. The guest's EL (el2_cpu.el) is el2sim's. Guest
 * NZCV, DAIF and PSTATE.SP are the real ones. Guest SP_EL0 lives in the real SP_EL0; the
 * guest SP_ELx of the current EL lives in the real SP_EL3; the others are in
 * el2_cpu.sp_bank. */
#include "engine_int.h"
#include <string.h>

static void write_real_cp(el2_engine *e, int op0, int op1, int crn, int crm, int op2, uint64_t v)
{
    uc_arm64_cp_reg r = { .op0 = op0, .op1 = op1, .crn = crn, .crm = crm, .op2 = op2, .val = v };
    uc_err err = uc_reg_write(e->uc, UC_ARM64_REG_CP_REG, &r);
    g_assert(err == UC_ERR_OK);
}

static uint64_t p_x(void *ctx, int n) { return eng_rd(ctx, uc_xreg_ids[n]); }
static void p_set_x(void *ctx, int n, uint64_t v) { eng_wr(ctx, uc_xreg_ids[n], v); }
static uint64_t p_pc(void *ctx) { return eng_rd(ctx, UC_ARM64_REG_PC); }
static void p_set_pc(void *ctx, uint64_t pc) { eng_wr(ctx, UC_ARM64_REG_PC, pc); }
static uint64_t p_sp(void *ctx) { return eng_rd(ctx, UC_ARM64_REG_SP); }
static uint32_t p_pstate_bits(void *ctx) { return real_pstate(ctx); }

static void p_read_gprs(void *ctx, uint64_t x[31])
{
    el2_engine *e = ctx;
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
        if (c->el)
            c->sp_bank[c->el] = eng_rd(e, UC_ARM64_REG_SP_EL3);
    }
}

static void p_enter_state(void *ctx, unsigned el, uint32_t bits)
{
    el2_engine *e = ctx;
    el2_cpu *c = e->cpu;
    unsigned spsel = el ? (bits & 1u) : 0;
    c->el = el;
    uint32_t ps = (bits & (PSR_NZCV | PSR_DAIF)) | 0xcu | spsel;
    if (e->fast.nf)
        ucfast_set_pstate(&e->fast, ps);
    else
        uc_reg_write(e->uc, UC_ARM64_REG_PSTATE, &ps);
    if (spsel) {
        eng_wr(e, UC_ARM64_REG_SP, c->sp_bank[el]);
        eng_wr(e, UC_ARM64_REG_SP_EL0, c->sp_bank[0]);
    } else {
        eng_wr(e, UC_ARM64_REG_SP, c->sp_bank[0]);
        if (el)
            eng_wr(e, UC_ARM64_REG_SP_EL3, c->sp_bank[el]);
    }
}

/* The real ELR_EL3 and SPSR_EL3 for the engine's next ERET (EL3 to EL3): pc, the bits'
 * NZCV and DAIF, and PSTATE.SP = spsel. */
static void load_real_eret(el2_engine *e, uint32_t bits, unsigned spsel, uint64_t pc)
{
    eng_wr(e, UC_ARM64_REG_ELR_EL3, pc);
    uint32_t spsr3 = (bits & (PSR_NZCV | PSR_DAIF)) | 0xcu | spsel;
    if (spsr3 != e->real_spsr_el3) {               /* only el2sim writes it: skip repeats */
        write_real_cp(e, 3, 6, 4, 0, 0, spsr3);     /* SPSR_EL3 */
        e->real_spsr_el3 = spsr3;
    }
}

/* The ERET about to run natively lands at pc in el with the PSTATE bits (NZCV, DAIF, SP) */
static void p_native_eret(void *ctx, unsigned el, uint32_t bits, uint64_t pc)
{
    el2_engine *e = ctx;
    el2_cpu *c = e->cpu;
    /* The real ERET (EL3 -> EL3) saves the live SP into the bank of the old PSTATE.SP
     * and loads the bank of the new one; arrange both banks and the live value so
     * that the guest's SP_EL0 and SP_ELx come out where p_sp_save expects. */
    unsigned s_old = real_spsel(e);
    unsigned s_new = el ? (bits & 1u) : 0;
    uint64_t cur = el ? c->sp_bank[el] : 0;
    eng_wr(e, UC_ARM64_REG_SP_EL0, c->sp_bank[0]);
    eng_wr(e, UC_ARM64_REG_SP_EL3, cur);
    eng_wr(e, UC_ARM64_REG_SP, s_old ? cur : c->sp_bank[0]);
    load_real_eret(e, bits, s_new, pc);
    c->el = el;
    c->il = false;
    e->eret_armed = true;
}

void eng_arm_native_eret(el2_engine *e, uint32_t bits, uint64_t pc)
{
    load_real_eret(e, bits, real_spsel(e) ? 1u : 0u, pc);
}

void eng_restore_landing(el2_engine *e)
{
    eng_wr(e, UC_ARM64_REG_ELR_EL3, e->landing);
    e->eret_armed = false;
}

/* SP_ELel, given the engine's PSTATE.SP (spx) */
static inline uint64_t sp_el_at(el2_engine *e, unsigned el, bool spx)
{
    if (el == 0)
        return spx ? eng_rd(e, UC_ARM64_REG_SP_EL0) : eng_rd(e, UC_ARM64_REG_SP);
    if (el == e->cpu->el)
        return spx ? eng_rd(e, UC_ARM64_REG_SP) : eng_rd(e, UC_ARM64_REG_SP_EL3);
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
        eng_wr(e, spx ? UC_ARM64_REG_SP : UC_ARM64_REG_SP_EL3, v);
    else
        e->cpu->sp_bank[el] = v;
}

/* Host pointer to guest RAM [addr, addr+n) when it lies in one region el2sim allocated. */
static uint8_t *ram_ptr(el2_engine *e, uint64_t addr, size_t n)
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

bool engine_read(el2_engine *e, uint64_t addr, void *buf, size_t n)
{
    uint8_t *p = ram_ptr(e, addr, n);
    if (p) {
        memcpy(buf, p, n);
        return true;
    }
    return !hits_private(e, addr, n) && uc_mem_read(e->uc, addr, buf, n) == UC_ERR_OK;
}

void engine_code_changed(el2_engine *e, uint64_t lo, uint64_t hi)
{
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
    if (hits_private(e, addr, n) || uc_mem_write(e->uc, addr, buf, n) != UC_ERR_OK)
        return false;
    engine_code_changed(e, addr, addr + n);
    return true;
}

static bool p_read(void *ctx, uint64_t addr, void *buf, size_t n) { return engine_read(ctx, addr, buf, n); }
static bool p_write(void *ctx, uint64_t addr, const void *buf, size_t n) { return engine_write(ctx, addr, buf, n); }

uint32_t eng_insn_at(el2_engine *e, uint64_t pc)
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
            return eng_insn_at(e, pc);
        }
    }
    uint32_t insn = 0;
    if (!engine_read(e, pc, &insn, 4))
        return 0;
    return GUINT32_FROM_LE(insn);
}

static uint32_t p_insn_at(void *ctx, uint64_t pc) { return eng_insn_at(ctx, pc); }
static void p_halt(void *ctx) { uc_emu_stop(((el2_engine *)ctx)->uc); }

const el2_port engine_port = {
    .x = p_x, .set_x = p_set_x, .read_gprs = p_read_gprs, .pc = p_pc, .set_pc = p_set_pc,
    .sp = p_sp, .pstate_bits = p_pstate_bits, .sp_el = p_sp_el, .set_sp_el = p_set_sp_el,
    .sp_save = p_sp_save, .enter_state = p_enter_state, .native_eret = p_native_eret,
    .read = p_read, .write = p_write, .insn_at = p_insn_at, .halt = p_halt,
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
