/* machine.c - one simulated CPU: memory, images, boot state and the guest's view of
 * registers over the engine.
 *
 * How guest state maps onto the engine (see README "How el2sim drives Unicorn"):
 * the Unicorn core always runs at its own EL3, where every system register is
 * reachable and nothing traps behind el2sim's back. The guest's EL (m->el) is
 * el2sim's. Guest NZCV, DAIF and PSTATE.SP are the real ones. Guest SP_EL0 lives in
 * the real SP_EL0; the guest SP_ELx of the current EL lives in the real SP_EL3; the
 * others are in m->sp_bank. */
#include "machine.h"
#include "engine.h"
#include "exception.h"
#include "print.h"
#include "sysreg.h"
#include "timing.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

G_DEFINE_QUARK(el2-error-quark, el2_error)

#define PRIVATE_PAGE 0xffffff0000ULL     /* bootstrap + landing pad: top page below 40 bits, inside every model's PA range */
#define PAGE 0x1000ULL


/* The engine's own word for a register ucfast serves, else NULL (use the API). */
static uint64_t *fast_slot(el2_machine *m, int id)
{
    const el2_ucfast *f = &m->fast;
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
    case UC_ARM64_REG_ELR_EL3: return &f->elr_el[3];
    default: return NULL;
    }
}

static uint64_t rd(el2_machine *m, int id)
{
    uint64_t *p = fast_slot(m, id);
    if (p)
        return *p;
    uint64_t v = 0;
    uc_reg_read(m->uc, id, &v);
    return v;
}

/* A PC written from a code or block hook must stop the block that is running, which
 * only the API does (quit_request); from the interrupt hook, between blocks, a plain
 * store is enough and keeps the engine's run loop going. */
static void wr(el2_machine *m, int id, uint64_t v)
{
    uint64_t *p = fast_slot(m, id);
    if (p && (id != UC_ARM64_REG_PC || m->in_intr))
        *p = v;
    else
        uc_reg_write(m->uc, id, &v);
}

static uint32_t real_pstate(el2_machine *m)
{
    if (m->fast.nf)
        return ucfast_pstate(&m->fast);
    uint32_t v = 0;
    uc_reg_read(m->uc, UC_ARM64_REG_PSTATE, &v);
    return v;
}

static void write_real_cp(el2_machine *m, int op0, int op1, int crn, int crm, int op2, uint64_t v)
{
    uc_arm64_cp_reg r = { .op0 = op0, .op1 = op1, .crn = crn, .crm = crm, .op2 = op2, .val = v };
    uc_err e = uc_reg_write(m->uc, UC_ARM64_REG_CP_REG, &r);
    g_assert(e == UC_ERR_OK);
}

/* PSTATE.SP of the engine (the guest's SPSel when the guest is above EL0) */
static bool real_spsel(el2_machine *m)
{
    return m->fast.ps ? (*m->fast.ps & 1u) : (real_pstate(m) & 1u);
}

uint64_t machine_x(el2_machine *m, int n) { return rd(m, uc_xreg_ids[n]); }
void machine_set_x(el2_machine *m, int n, uint64_t v) { wr(m, uc_xreg_ids[n], v); }
uint64_t machine_pc(el2_machine *m) { return rd(m, UC_ARM64_REG_PC); }
void machine_set_pc(el2_machine *m, uint64_t pc) { wr(m, UC_ARM64_REG_PC, pc); }
uint64_t machine_sp(el2_machine *m) { return rd(m, UC_ARM64_REG_SP); }

uint32_t machine_pstate(el2_machine *m)
{
    uint32_t real = real_pstate(m);
    uint32_t ps = (real & (PSR_NZCV | PSR_DAIF)) | (m->el << 2);
    if (m->el)
        ps |= real & 1u;
    if (m->il)
        ps |= PSR_IL;
    return ps;
}

void machine_sp_save(el2_machine *m)
{
    uint64_t live = rd(m, UC_ARM64_REG_SP);
    if (real_spsel(m)) {
        if (m->el)
            m->sp_bank[m->el] = live;
        m->sp_bank[0] = rd(m, UC_ARM64_REG_SP_EL0);
    } else {
        m->sp_bank[0] = live;
        if (m->el)
            m->sp_bank[m->el] = rd(m, UC_ARM64_REG_SP_EL3);
    }
}

void machine_enter_state(el2_machine *m, unsigned el, uint32_t bits)
{
    unsigned spsel = el ? (bits & 1u) : 0;
    m->el = el;
    uint32_t ps = (bits & (PSR_NZCV | PSR_DAIF)) | 0xcu | spsel;
    if (m->fast.nf)
        ucfast_set_pstate(&m->fast, ps);
    else
        uc_reg_write(m->uc, UC_ARM64_REG_PSTATE, &ps);
    if (spsel) {
        wr(m, UC_ARM64_REG_SP, m->sp_bank[el]);
        wr(m, UC_ARM64_REG_SP_EL0, m->sp_bank[0]);
    } else {
        wr(m, UC_ARM64_REG_SP, m->sp_bank[0]);
        if (el)
            wr(m, UC_ARM64_REG_SP_EL3, m->sp_bank[el]);
    }
}

/* The real ELR_EL3 and SPSR_EL3 for the engine's next ERET (EL3 to EL3): pc, the bits'
 * NZCV and DAIF, and PSTATE.SP = spsel. */
static void load_real_eret(el2_machine *m, uint32_t bits, unsigned spsel, uint64_t pc)
{
    wr(m, UC_ARM64_REG_ELR_EL3, pc);
    uint32_t spsr3 = (bits & (PSR_NZCV | PSR_DAIF)) | 0xcu | spsel;
    if (spsr3 != m->real_spsr_el3) {               /* only el2sim writes it: skip repeats */
        write_real_cp(m, 3, 6, 4, 0, 0, spsr3);     /* SPSR_EL3 */
        m->real_spsr_el3 = spsr3;
    }
}

void machine_prepare_native_eret(el2_machine *m, unsigned el, uint32_t bits, uint64_t pc)
{
    /* The real ERET (EL3 -> EL3) saves the live SP into the bank of the old PSTATE.SP
     * and loads the bank of the new one; arrange both banks and the live value so
     * that the guest's SP_EL0 and SP_ELx come out where machine_sp_save expects. */
    unsigned s_old = real_spsel(m);
    unsigned s_new = el ? (bits & 1u) : 0;
    uint64_t cur = el ? m->sp_bank[el] : 0;
    wr(m, UC_ARM64_REG_SP_EL0, m->sp_bank[0]);
    wr(m, UC_ARM64_REG_SP_EL3, cur);
    wr(m, UC_ARM64_REG_SP, s_old ? cur : m->sp_bank[0]);
    load_real_eret(m, bits, s_new, pc);
    m->el = el;
    m->il = false;
    m->eret_armed = true;
}

void machine_arm_native_eret(el2_machine *m, uint32_t bits, uint64_t pc)
{
    load_real_eret(m, bits, real_spsel(m) ? 1u : 0u, pc);
}

void machine_restore_landing(el2_machine *m)
{
    wr(m, UC_ARM64_REG_ELR_EL3, m->landing);
    m->eret_armed = false;
}

/* SP_ELel, given the engine's PSTATE.SP (spx) */
static inline uint64_t sp_el_at(el2_machine *m, unsigned el, bool spx)
{
    if (el == 0)
        return spx ? rd(m, UC_ARM64_REG_SP_EL0) : rd(m, UC_ARM64_REG_SP);
    if (el == m->el)
        return spx ? rd(m, UC_ARM64_REG_SP) : rd(m, UC_ARM64_REG_SP_EL3);
    return m->sp_bank[el];
}

uint64_t machine_sp_el(el2_machine *m, unsigned el)
{
    return sp_el_at(m, el, real_spsel(m));
}

void machine_sp_el01(el2_machine *m, uint64_t *sp0, uint64_t *sp1)
{
    bool spx = real_spsel(m);
    *sp0 = sp_el_at(m, 0, spx);
    *sp1 = sp_el_at(m, 1, spx);
}

void machine_set_sp_el(el2_machine *m, unsigned el, uint64_t v)
{
    bool spx = real_spsel(m);
    if (el == 0)
        wr(m, spx ? UC_ARM64_REG_SP_EL0 : UC_ARM64_REG_SP, v);
    else if (el == m->el)
        wr(m, spx ? UC_ARM64_REG_SP : UC_ARM64_REG_SP_EL3, v);
    else
        m->sp_bank[el] = v;
}

/* Host pointer to guest RAM [addr, addr+n) when it lies in one region el2sim allocated. */
static uint8_t *ram_ptr(el2_machine *m, uint64_t addr, size_t n)
{
    for (guint i = 0; i < m->ram->len; i++) {
        const el2_region *r = &g_array_index(m->ram, el2_region, i);
        if (r->host && addr >= r->base && addr - r->base <= r->size && n <= r->size - (addr - r->base))
            return r->host + (addr - r->base);
    }
    return NULL;
}

bool machine_read(el2_machine *m, uint64_t addr, void *buf, size_t n)
{
    uint8_t *p = ram_ptr(m, addr, n);
    if (p) {
        memcpy(buf, p, n);
        return true;
    }
    return uc_mem_read(m->uc, addr, buf, n) == UC_ERR_OK;
}

uint32_t machine_insn_at(el2_machine *m, uint64_t pc)
{
    const el2_region *r = m->code_region;      /* where the last fetch was */
    if (r && pc - r->base <= r->size - 4 && r->size >= 4) {
        uint32_t w;
        memcpy(&w, r->host + (pc - r->base), 4);
        return GUINT32_FROM_LE(w);
    }
    for (guint i = 0; i < m->ram->len; i++) {
        r = &g_array_index(m->ram, el2_region, i);
        if (r->host && pc - r->base <= r->size - 4 && r->size >= 4) {
            m->code_region = r;
            return machine_insn_at(m, pc);
        }
    }
    uint32_t insn = 0;
    if (!machine_read(m, pc, &insn, 4))
        return 0;
    return GUINT32_FROM_LE(insn);
}

const char *machine_sym(el2_machine *m, uint64_t addr)
{
    static char bufs[8][160];
    static unsigned next;
    char *b = bufs[next++ % 8];
    return symtab_format(m->syms, addr, b, sizeof bufs[0]);
}

void machine_read_gprs(el2_machine *m, uint64_t *x /* [31] */)
{
    if (m->fast.x) {
        memcpy(x, m->fast.x, 31 * sizeof *x);
        return;
    }
    void *vals[31];
    for (int i = 0; i < 31; i++)
        vals[i] = &x[i];
    uc_reg_read_batch(m->uc, (int *)uc_xreg_ids, vals, 31);
}

void machine_read_v(el2_machine *m, uint64_t v[32][2])
{
    if (m->fast.v) {
        for (int i = 0; i < 32; i++)
            memcpy(v[i], ucfast_v(&m->fast, i), 16);
        return;
    }
    int regs[32];
    void *vals[32];
    for (int i = 0; i < 32; i++) {
        regs[i] = UC_ARM64_REG_Q0 + i;
        vals[i] = v[i];
    }
    uc_reg_read_batch(m->uc, regs, vals, 32);
}

void machine_set_v(el2_machine *m, int n, const uint64_t q[2])
{
    if (m->fast.v)
        memcpy(ucfast_v(&m->fast, n), q, 16);
    else
        uc_reg_write(m->uc, UC_ARM64_REG_Q0 + n, q);
    m->fp_gen++;
}

void machine_fill_regs(el2_machine *m, el2_event *ev)
{
    if (!m->capture_regs)
        return;
    ev->has_regs = true;
    machine_read_gprs(m, ev->x);
    ev->sp = machine_sp(m);
}

void machine_emit(el2_machine *m, el2_event *ev)
{
    if (m->on_event)
        m->on_event(m, ev, m->on_event_user);
}

void machine_stop(el2_machine *m, el2_stop_kind k, int status, const char *fmt, ...)
{
    if (m->stop != STOP_NONE)
        return;
    va_list ap;
    va_start(ap, fmt);
    m->stop = k;
    m->stop_status = status;
    m->stop_msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    uc_emu_stop(m->uc);
}

/* ---- memory ---- */

static bool region_covers(const el2_machine *m, uint64_t addr)
{
    for (guint i = 0; i < m->ram->len; i++) {
        const el2_region *r = &g_array_index(m->ram, el2_region, i);
        if (addr >= r->base && addr - r->base < r->size)
            return true;
    }
    return false;
}

static bool map_region(el2_machine *m, uint64_t base, uint64_t size, const char *name, GError **err)
{
    /* el2sim owns the memory (anonymous, committed on first touch) so that hooks read
     * guest memory directly */
    void *host = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (host == MAP_FAILED) {
        g_set_error(err, EL2_ERROR, 2, "cannot allocate %s: 0x%llx bytes", name, (unsigned long long)size);
        return false;
    }
    uc_err e = uc_mem_map_ptr(m->uc, base, size, UC_PROT_ALL, host);
    if (e != UC_ERR_OK) {
        munmap(host, size);
        g_set_error(err, EL2_ERROR, 2, "cannot map %s at 0x%llx size 0x%llx: %s", name,
                    (unsigned long long)base, (unsigned long long)size, uc_strerror(e));
        return false;
    }
    el2_region r = { base, size, g_strdup(name), host };
    g_array_append_val(m->ram, r);
    m->code_region = NULL;            /* the array may have moved */
    return true;
}

bool machine_add_image(el2_machine *m, el2_image *img, GError **err)
{
    for (guint i = 0; i < img->segments->len; i++) {
        el2_segment *s = &g_array_index(img->segments, el2_segment, i);
        if (!s->memsz)
            continue;
        if (s->addr >= PRIVATE_PAGE || s->addr + s->memsz > PRIVATE_PAGE) {
            g_set_error(err, EL2_ERROR, 2, "%s: segment %s at 0x%llx lies in el2sim's reserved page",
                        img->path, s->name, (unsigned long long)s->addr);
            return false;
        }
        /* map any page of the segment not already RAM */
        uint64_t lo = s->addr & ~(PAGE - 1), hi = (s->addr + s->memsz + PAGE - 1) & ~(PAGE - 1);
        uint64_t run = 0;
        bool in_run = false;
        for (uint64_t p = lo; p <= hi; p += PAGE) {
            bool need = p < hi && !region_covers(m, p);
            if (need && !in_run) {
                run = p;
                in_run = true;
            } else if (!need && in_run) {
                g_autofree char *nm = g_strdup_printf("%s:%s", img->path, s->name);
                if (!map_region(m, run, p - run, nm, err))
                    return false;
                in_run = false;
            }
        }
        uint8_t *buf = g_malloc0(s->memsz);
        memcpy(buf, s->data, s->filesz);
        uc_err e = uc_mem_write(m->uc, s->addr, buf, s->memsz);
        g_free(buf);
        if (e != UC_ERR_OK) {
            g_set_error(err, EL2_ERROR, 2, "%s: cannot write segment %s at 0x%llx: %s", img->path,
                        s->name, (unsigned long long)s->addr, uc_strerror(e));
            return false;
        }
        if (s->exec)
            engine_prescan(m, s->addr, s->memsz);
    }
    uc_ctl_remove_cache(m->uc, img->lo, img->hi);
    g_array_append_val(m->images, *img);
    memset(img, 0, sizeof *img);
    return true;
}

/* The address and size of the section `name` in the first loaded image that has it. */
bool machine_section(el2_machine *m, const char *name, uint64_t *addr, uint64_t *size)
{
    for (guint i = 0; i < m->images->len; i++) {
        const el2_image *im = &g_array_index(m->images, el2_image, i);
        for (guint k = 0; im->segments && k < im->segments->len; k++) {
            const el2_segment *s = &g_array_index(im->segments, el2_segment, k);
            if (s->name && !strcmp(s->name, name)) {
                *addr = s->addr;
                *size = s->memsz;
                return true;
            }
        }
    }
    return false;
}

/* ---- life cycle ---- */

static void reset_sysregs(el2_machine *m)
{
    for (int i = 0; i < sysreg_count; i++) {
        const sysreg_def *d = &sysreg_table[i];
        const uint64_t *v = g_hash_table_lookup(m->cpu->values, d->name);
        const uint64_t *r0 = g_hash_table_lookup(m->cpu->res0, d->name);
        m->sr_res0[i] = r0 ? *r0 : 0;
        m->sr[i] = v ? *v : d->reset;
        m->sr_written[i] = false;
    }
}

el2_machine *machine_new(const el2_machine_opts *o, GError **err)
{
    sysreg_init();
    el2_machine *m = g_new0(el2_machine, 1);
    m->cpu = cpu_model_load(o->cpu ? o->cpu : "cortex-a57", err);
    if (!m->cpu) {
        g_free(m);
        return NULL;
    }
    m->syms = symtab_new();
    m->images = g_array_new(FALSE, TRUE, sizeof(el2_image));
    m->ram = g_array_new(FALSE, TRUE, sizeof(el2_region));
    m->sr = g_new0(uint64_t, sysreg_count);
    m->sr_res0 = g_new0(uint64_t, sysreg_count);
    m->sr_written = g_new0(bool, sysreg_count);
    m->sr_writer = g_new0(uint64_t, sysreg_count);
    m->sr_writer_insn = g_new0(uint32_t, sysreg_count);
    m->blocks = g_new0(el2_block, EL2_BLOCK_CACHE);
    m->fp_gen = 1;
    m->max_insns = o->max_insns ? o->max_insns : 100000000ULL;
    m->align_faults = !o->no_align_faults;
    m->unmodelled = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    m->console = g_string_new(NULL);
    reset_sysregs(m);

    uc_err e = uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &m->uc);
    if (e == UC_ERR_OK)
        e = uc_ctl_set_cpu_model(m->uc, m->cpu->uc_cpu);
    if (e != UC_ERR_OK) {
        g_set_error(err, EL2_ERROR, 70, "cannot start the engine: %s", uc_strerror(e));
        machine_free(m);
        return NULL;
    }
    if (o->ram && o->ram->len) {
        for (guint i = 0; i < o->ram->len; i++) {
            const el2_region *r = &g_array_index(o->ram, el2_region, i);
            if (!map_region(m, r->base, r->size, r->name ? r->name : "ram", err)) {
                machine_free(m);
                return NULL;
            }
        }
    } else if (!map_region(m, 0x40000000ULL, 128ULL << 20, "ram", err)) {
        machine_free(m);
        return NULL;
    }
    const el2_region *r0 = &g_array_index(m->ram, el2_region, 0);
    m->next_base = r0->base + 0x80000;
    if (!engine_init(m, PRIVATE_PAGE, err)) {
        machine_free(m);
        return NULL;
    }
    return m;
}

void machine_boot(el2_machine *m, unsigned el, uint64_t entry)
{
    machine_sp_save(m);
    machine_enter_state(m, el, PSR_DAIF | 1u);   /* ELxh, interrupts masked, as at reset */
    machine_set_pc(m, entry);
}

void machine_teleport(el2_machine *m, unsigned el, uint64_t pc)
{
    machine_sp_save(m);
    m->il = false;
    machine_enter_state(m, el, PSR_DAIF | 1u);
    machine_set_pc(m, pc);
}

void machine_free(el2_machine *m)
{
    if (!m)
        return;
    for (guint i = 0; m->images && i < m->images->len; i++)
        loader_image_clear(&g_array_index(m->images, el2_image, i));
    if (m->images) g_array_free(m->images, TRUE);
    if (m->uc) {
        ucfast_restore_el_hooks(&m->el_hooks);   /* the engine frees them */
        uc_close(m->uc);
        m->uc = NULL;
    }
    for (guint i = 0; m->ram && i < m->ram->len; i++) {
        el2_region *r = &g_array_index(m->ram, el2_region, i);
        g_free(r->name);
        if (r->host)
            munmap(r->host, r->size);
    }
    if (m->ram) g_array_free(m->ram, TRUE);
    if (m->syms) symtab_free(m->syms);
    if (m->eret_hooked) g_hash_table_destroy(m->eret_hooked);
    if (m->stop_points) g_hash_table_destroy(m->stop_points);
    if (m->qemu_lacks) g_hash_table_destroy(m->qemu_lacks);
    if (m->code_pages) g_hash_table_destroy(m->code_pages);
    if (m->unmodelled) g_hash_table_destroy(m->unmodelled);
    if (m->console) g_string_free(m->console, TRUE);
    cpu_model_free(m->cpu);
    g_free(m->sr); g_free(m->sr_res0); g_free(m->sr_written); g_free(m->blocks);
    g_free(m->sr_writer); g_free(m->sr_writer_insn);
    g_free(m->stop_msg);
    g_free(m);
}
