/* checker_beyond.c - checks beyond the stub's own calls (README "Caller audits, FP/SIMD,
 * VBAR_EL2 ownership, relocated vectors, UNKNOWN state"): stub calls sent after the stub
 * is gone, VBAR_EL2 installs, the stub run from a relocated copy of its vectors,
 * registers UNKNOWN at reset read before a write, and the caller's reads of registers
 * scrambled at a return. */
#include "checker_int.h"
#include "disasm.h"
#include "sysreg.h"
#include <inttypes.h>
#include <string.h>

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
uint64_t copy_to_orig(const checker *c, uint64_t a)
{
    return c->copy && in_copy(c, a) ? a - c->copy + c->o.stub_vectors : a;
}

/* --scramble-clobbers: the caller's first read of each register scrambled at the return. */
void scramble_watch(checker *c, uint64_t addr)
{
    if (c->depth || c->m->cpu->el != c->scr_el || on_landing_page(c, addr))
        return;
    uint32_t insn = machine_vinsn_at(c->m, addr);
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
void relocation_fetch(checker *c, uint64_t addr)
{
    el2_machine *m = c->m;
    if (m->cpu->el != 2 || m->cpu->sr[SR_VBAR_EL2] != c->copy || in_copy(c, addr) || on_landing_page(c, addr))
        return;
    if (c->last_pc && !in_copy(c, c->last_pc))
        return;
    const frame *fr = &c->stack[0];
    char d[384], a[128];
    snprintf(d, sizeof d, "EL2 runs %s, outside the relocated vectors at 0x%" PRIx64 ": the stub must fit in what travels with its vectors%s",
             symtab_format(m->syms, addr, a, sizeof a), c->copy, fr->is_call ? CALL_ENDED : "");
    add(c, fr->is_call ? fr : NULL, F_OUTSIDE_VECTORS, "pc", false, 0, addr, NULL,
        c->last_pc ? copy_to_orig(c, c->last_pc) : addr, c->last_pc ? c->last_insn : machine_vinsn_at(m, addr), d);
    if (fr->is_call)
        end_call(c);   /* what runs there after a kexec is not the stub: the call has nowhere to go */
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

static void on_mrs(int idx, uint64_t pc, uint32_t insn, void *user)
{
    checker *c = pe_checker(user);
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

/* A stub call reaching someone else's vectors: the stub is gone. Reported; true then. */
bool stub_gone(checker *c, const frame *fr)
{
    el2_machine *m = c->m;
    uint64_t vbar = m->cpu->sr[SR_VBAR_EL2];
    if (!c->o.have_stub_vectors || vbar == c->o.stub_vectors || (c->copy && vbar == c->copy))
        return false;
    char d[768], a[128], b[128], ins[512] = "set before the run", dis[256], fb[64];
    const vbar_install *vi = c->vbar->len ? &g_array_index(c->vbar, vbar_install, c->vbar->len - 1) : NULL;
    if (vi)
        snprintf(ins, sizeof ins, "installed at %s: %s%s%s", symtab_format(m->syms, vi->pc, a, sizeof a),
                 disasm_sym(m->syms, vi->pc, vi->insn, dis, sizeof dis), vi->via ? ", by " : "", vi->via ? vi->via : "");
    snprintf(d, sizeof d, "%s (x0=%" PRIu64 ") sent while VBAR_EL2 = %s (%s), not the stub's %s",
             func_label(c, fr, fb, sizeof fb), fr->fid, symtab_format(m->syms, vbar, b, sizeof b), ins,
             symtab_format(m->syms, c->o.stub_vectors, a, sizeof a));
    add(c, fr, F_STUB_GONE, "VBAR_EL2", true, c->o.stub_vectors, vbar, NULL, vi ? vi->pc : 0,
        vi ? vi->insn : 0, d);
    return true;
}

/* A PE's boot table: the last VBAR_EL2 it installed itself, outside any call (its boot
 * code's msr, as head.S installs the stub); false when it installed none. */
static bool boot_table(const checker *c, uint64_t *v)
{
    for (guint k = c->vbar->len; k-- > 0;) {
        const vbar_install *vi = &g_array_index(c->vbar, vbar_install, k);
        if (!vi->via) {
            *v = vi->value;
            return true;
        }
    }
    return false;
}

/* per-cpu = every (issue 20): the ABI says every PE's boot code installs the stub, so a
 * stub call must find on its PE the table the other PEs' boot code installed. Compared:
 * this PE's VBAR_EL2, unless a call installed it (HVC_SET_VECTORS: the table came through
 * the ABI, and PEs go through such calls one by one), with the boot tables of the other
 * PEs that are on; when one of them has this PE's value it is not this PE that is odd.
 * Reported once while this PE's VBAR_EL2 stays what it is, with the table most of the
 * others have (the lowest PE's of a tie) as expected and this PE's last install as culprit. */
bool vbar_differs(checker *c, const frame *fr)
{
    checker *r = c->root;
    el2_machine *m = c->m;
    if (!r || !c->abi->every_cpu)
        return false;
    const vbar_install *vi = c->vbar->len ? &g_array_index(c->vbar, vbar_install, c->vbar->len - 1) : NULL;
    uint64_t mine = m->cpu->sr[SR_VBAR_EL2], val[EL2_MAX_PES];
    unsigned who[EL2_MAX_PES], n = 0;
    if ((vi && vi->via) || (c->differs_reported && c->differs_vbar == mine))
        return false;
    for (unsigned i = 0; i < r->npe; i++) {
        uint64_t v;
        if (i == c->index || m->smp->pe[i].power != PE_ON || !boot_table(r->pe[i], &v))
            continue;
        if (v == mine)
            return false;
        who[n] = i;
        val[n++] = v;
    }
    if (!n)
        return false;
    unsigned best = 0, best_k = 0;
    for (unsigned j = 0; j < n; j++) {
        unsigned k = 0;
        for (unsigned l = 0; l < n; l++)
            k += val[l] == val[j];
        if (k > best_k) {
            best_k = k;
            best = j;
        }
    }
    GString *cpus = g_string_new(NULL);
    for (unsigned j = 0; j < n; j++)
        if (val[j] == val[best])
            g_string_append_printf(cpus, "%scpu%u", cpus->len ? ", " : "", who[j]);
    char d[1024], a[128], b[128], ins[512] = "set before the run", dis[256], fb[64];
    if (vi)
        snprintf(ins, sizeof ins, "installed at %s: %s", symtab_format(m->syms, vi->pc, a, sizeof a),
                 disasm_sym(m->syms, vi->pc, vi->insn, dis, sizeof dis));
    snprintf(d, sizeof d, "%s (x0=%" PRIu64 ") sent on cpu%u while its VBAR_EL2 = %s (%s), but %s installed %s: "
             "%s %s installs the stub on every CPU (per-cpu = every)", func_label(c, fr, fb, sizeof fb), fr->fid,
             c->index, symtab_format(m->syms, mine, b, sizeof b), ins, cpus->str,
             symtab_format(m->syms, val[best], a, sizeof a), c->abi->name, c->abi->version);
    g_string_free(cpus, TRUE);
    c->differs_reported = true;
    c->differs_vbar = mine;
    add(c, fr, F_VBAR_DIFFERS, "VBAR_EL2", true, val[best], mine, NULL, vi ? vi->pc : 0, vi ? vi->insn : 0, d);
    return true;
}

void checker_cpu_off(checker *c, unsigned cpu, const char *what, const char *why)
{
    add(c->npe && cpu < c->npe ? c->pe[cpu] : c, NULL, F_CPU_OFF, what, false, 0, cpu, NULL, 0, 0, why);
}

/* --scramble-clobbers, at a call's return to its caller: what the callee may clobber and
 * does not return becomes a marked pattern, and the caller's reads of it are watched. */
void scramble_returned(checker *c, const frame *fr)
{
    el2_machine *m = c->m;
    const abi_func *f = fr->f;
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

/* --unknown-reset: exception entry writes the syndrome registers of the target EL */
void unknown_exception_entry(checker *c, const el2_event *ev)
{
    int el2[] = { SR_ESR_EL2, SR_ELR_EL2, SR_SPSR_EL2, SR_FAR_EL2 }, el1[] = { SR_ESR_EL1, SR_ELR_EL1, SR_SPSR_EL1, SR_FAR_EL1 };
    for (int i = 0; i < 4; i++)
        c->unknown_marked[ev->to_el == 2 ? el2[i] : el1[i]] = false;
}

/* A VBAR_EL2 write: one line of the timeline; with --relocate-vectors, the stub's table
 * written is replaced by the copy. */
void vbar_installed(checker *c, const el2_event *ev)
{
    el2_machine *m = c->m;
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

/* A VBAR_EL2 or VBAR_EL1 write: the table must be aligned and mapped. */
void vbar_checked(checker *c, const el2_event *ev)
{
    el2_machine *m = c->m;
    const frame *fr = c->depth ? &c->stack[0] : NULL;
    const char *name = sysreg_table[ev->sysreg].name;
    if (hvbar_checked(c, ev))
        return;
    if (ev->raw & 0x7ff)
        add(c, fr && fr->is_call ? fr : NULL, F_VBAR_ALIGN, name, true, ev->raw & ~0x7ffULL, ev->raw, NULL, ev->pc,
            ev->insn, "vector tables are 2 KiB aligned: bits 10:0 are RES0 and the entries would not be where the code is");
    /* the table is at a VA of the EL whose vectors it holds */
    unsigned el = ev->sysreg == SR_VBAR_EL2 ? 2 : 1;
    uint32_t probe;
    if (!machine_vread_el(m, el, ev->value, &probe, 4) || !machine_vread_el(m, el, ev->value + 0x7fc, &probe, 4))
        add(c, fr && fr->is_call ? fr : NULL, F_VBAR_UNMAPPED, name, false, 0, ev->value, NULL, ev->pc, ev->insn,
            "the vector table is not in mapped memory");
}

void checker_call_start(checker *c)
{
    c = pe_checker(c);
    c->scr_mask = c->scr_vmask = 0;
}

static bool pe_configure(checker *c, const checker_opts *o, GError **err);

bool checker_configure(checker *c, const checker_opts *o, GError **err)
{
    if (!c->npe)
        return pe_configure(c, o, err);
    if (o->relocate) {
        g_set_error(err, EL2_ERROR, 2, "--relocate-vectors: not with several PEs (--cpus %u) yet", c->npe);
        return false;
    }
    /* each PE's checker, with the machine focused on that PE (its registers, its engine's hooks) */
    el2_machine *m = c->m;
    el2_cpu *cur = m->cpu;
    bool ok = true;
    for (unsigned i = 0; i < c->npe && ok; i++) {
        machine_focus(m, i);
        ok = pe_configure(c->pe[i], o, err);
    }
    machine_focus(m, cur->index);
    if (o->unknown_reset)
        c->ob.mrs = on_mrs;          /* the attached checker's observer hands it on */
    return ok;
}

static bool pe_configure(checker *c, const checker_opts *o, GError **err)
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
        c->ob.mrs = on_mrs;
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
            if (!machine_vread_el(m, 2, addr, buf, size)) {   /* symbols are EL2's VAs */
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
