/* checker.c - the ABI checker. Each call (an HVC, or an SMC trapped to EL2, from the
 * caller into the stub) opens a frame with a snapshot of the caller's state; the
 * exception return that ends it (or the landing address, or the end of the run) closes
 * it and compares. While a frame is open, a code hook diffs the GPRs at every
 * instruction to remember which instruction last wrote each register; MSR writers of
 * system registers are kept by sysreg.c. */
#include "checker.h"
#include "disasm.h"
#include "exception.h"
#include "print.h"
#include "sysreg.h"
#include <inttypes.h>
#include <string.h>

typedef struct frame {
    bool is_call;
    el2_exc_kind exc;
    uint64_t pc;             /* the instruction that took the exception */
    uint32_t insn;
    unsigned from_el;
    uint32_t spsr;           /* caller PSTATE */
    uint64_t x[31];
    uint64_t fid;
    const abi_func *f;
    uint64_t sp_el0, sp_el1, elr_el1, spsr_el1, tpidr_el1, vbar_el1;
    uint64_t lands;          /* CONTRACT_LANDS: landing address */
    uc_hook land_hook;
    bool land_hooked;
    uint64_t saved[31];      /* --fuzz: the caller's own values to put back */
    uint32_t perturbed;
} frame;

struct checker {
    el2_machine *m;
    abi_model *abi;
    el2_event_fn prev;
    void *prev_user;
    GArray *frames;          /* frame */
    GArray *findings;        /* finding */
    uc_hook track;
    uint64_t last_x[31];
    uint64_t last_pc;
    uint32_t last_insn;
    uint64_t writer[31];
    uint32_t writer_insn[31];
    bool perturb;
    GRand *rand;
    el2_event_fn on_finding;
    void *finding_user;
};

static const char *kind_names[F_KIND_COUNT] = {
    "clobbered-register", "clobbered-state", "wrong-result", "no-return", "returned",
    "wrong-return-address", "wrong-return-el", "pstate-leak", "wrong-landing",
    "misaligned-vbar", "unmapped-vbar", "exception-in-stub", "bad-function-id",
};

const char *finding_kind_name(finding_kind k) { return kind_names[k]; }
guint checker_count(const checker *c) { return c->findings->len; }
const finding *checker_finding(const checker *c, guint i) { return &g_array_index(c->findings, finding, i); }

static void read_x(el2_machine *m, uint64_t *x)
{
    machine_read_gprs(m, x);
}

/* Attributes register changes since the last tracked instruction to it. */
static void track_sync(checker *c)
{
    uint64_t x[31];
    read_x(c->m, x);
    for (int i = 0; i < 31; i++)
        if (x[i] != c->last_x[i] && c->last_pc) {
            c->writer[i] = c->last_pc;
            c->writer_insn[i] = c->last_insn;
        }
    memcpy(c->last_x, x, sizeof x);
}

static void hook_track(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    checker *c = user;
    if (!c->frames->len)
        return;
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
        fd.ret_pc = ret->pc;
        fd.ret_insn = ret->insn;
        fd.ret_target = ret->target;
    }
    if (culprit) {
        fd.has_culprit = true;
        fd.culprit_pc = culprit;
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
        el2_event ev = { .kind = EV_FINDING, .insns = c->m->insns, .cycles = c->m->cycles,
                         .pc = fr ? fd.call_pc : culprit, .insn = fr ? fd.call_insn : culprit_insn,
                         .from_el = c->m->el, .to_el = c->m->el, .sysreg = k, .value = actual, .old = expected,
                         .far = fd.fid, .elr = culprit, .target = fd.ret_target, .note = note->str };
        c->on_finding(c->m, &ev, c->finding_user);
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

static void hook_land(uc_engine *uc, uint64_t addr, uint32_t size, void *user);

static void open_frame(checker *c, const el2_event *ev)
{
    el2_machine *m = c->m;
    frame fr = { .pc = ev->pc, .insn = ev->insn, .from_el = ev->from_el, .spsr = ev->spsr, .exc = ev->exc };
    memcpy(fr.x, ev->x, sizeof fr.x);
    bool outer = c->frames->len == 0;
    fr.is_call = outer && is_call(c, ev);
    if (fr.is_call) {
        fr.fid = abi_fid(c->abi, ev->x[0]);
        fr.f = abi_lookup(c->abi, fr.fid);
        fr.sp_el0 = machine_sp_el(m, 0);
        fr.sp_el1 = machine_sp_el(m, 1);
        fr.elr_el1 = m->sr[SR_ELR_EL1];
        fr.spsr_el1 = m->sr[SR_SPSR_EL1];
        fr.tpidr_el1 = m->sr[SR_TPIDR_EL1];
        fr.vbar_el1 = m->sr[SR_VBAR_EL1];
        const char *bad = abi_fid_problem(c->abi, fr.fid);
        if (bad)
            add(c, &fr, F_BAD_FID, "x0", false, 0, fr.fid, NULL, 0, 0, bad);
        if (c->perturb) {
            /* data-dependent clobbers: preserved registers get random values for this call */
            uint32_t mask = c->abi->preserve_gpr & ~(1u << 30) & ~(1u << 29);
            for (int i = 0; i < 31; i++)
                if (mask & (1u << i)) {
                    fr.saved[i] = fr.x[i];
                    fr.x[i] = random_value(c);
                    machine_set_x(m, i, fr.x[i]);
                }
            fr.perturbed = mask;
        }
        if (fr.f && fr.f->contract == CONTRACT_LANDS) {
            /* a stub may land by ERET or by a branch at EL2: watch the address too */
            fr.lands = fr.x[fr.f->lands_reg];
            uc_hook_add(m->uc, &fr.land_hook, UC_HOOK_CODE, hook_land, c, fr.lands, fr.lands);
            uc_ctl_remove_cache(m->uc, fr.lands, fr.lands + 4);
            fr.land_hooked = true;
        }
        memcpy(c->last_x, fr.x, sizeof c->last_x);
        c->last_pc = 0;
        memset(c->writer, 0, sizeof c->writer);
    }
    g_array_append_val(c->frames, fr);
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
            add(c, fr, F_LANDING, w, true, fr->x[f->lands_from[i]], ev->x[i], ev->pc ? ev : NULL, c->writer[i],
                c->writer_insn[i], d2);
        }
}

static void drop_land_hook(checker *c, frame *fr)
{
    if (fr->land_hooked) {
        uc_hook_del(c->m->uc, fr->land_hook);
        fr->land_hooked = false;
    }
}

/* The landing address was reached without an exception return (a branch at EL2). */
static void hook_land(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    checker *c = user;
    if (c->frames->len != 1)
        return;
    frame *fr = &g_array_index(c->frames, frame, 0);
    if (!fr->is_call || !fr->land_hooked || fr->lands != addr)
        return;
    track_sync(c);
    el2_event ev = { .kind = EV_ERET, .target = addr, .to_el = c->m->el };
    read_x(c->m, ev.x);
    check_landing(c, fr, &ev);
    drop_land_hook(c, fr);
    g_array_set_size(c->frames, 0);
}

/* Compares the caller's state with what the call hands back at an exception return. */
static void close_call(checker *c, frame *fr, const el2_event *ev)
{
    el2_machine *m = c->m;
    const abi_func *f = fr->f;
    abi_contract con = f ? f->contract : CONTRACT_RETURNS;
    uint64_t site = fr->exc == EXC_SMC_TRAP ? fr->pc + 4 : fr->pc + 4;
    bool to_site = ev->target == site;
    track_sync(c);

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
        add(c, fr, F_RETURN_ADDR, "pc", true, site, ev->target, ev, m->sr_writer[SR_ELR_EL2],
            m->sr_writer_insn[SR_ELR_EL2], "a returning call comes back to the call site + 4");
    bool el_ok = ev->to_el == fr->from_el ? (!f || f->return_el_caller) : (f && f->return_el_2 && ev->to_el == 2);
    if (!el_ok)
        add(c, fr, F_RETURN_EL, "el", true, fr->from_el, ev->to_el, ev, m->sr_writer[SR_SPSR_EL2],
            m->sr_writer_insn[SR_SPSR_EL2], "returned to another exception level than the caller's");
    if (!abi_result_ok(c->abi, f, fr->fid, ev->x[0])) {
        uint64_t want = f ? (f->results_ok->len ? g_array_index(f->results_ok, uint64_t, 0) : 0) : c->abi->unknown_result;
        add(c, fr, F_RESULT, "x0", true, want, ev->x[0], ev, c->writer[0], c->writer_insn[0],
            f ? "result outside the values the ABI allows" : "an unknown function must return the ABI's error value");
    }
    uint32_t preserved = c->abi->preserve_gpr & ~(f ? f->results_mask : 0);
    for (int i = 0; i < 31; i++)
        if ((preserved & (1u << i)) && ev->x[i] != fr->x[i]) {
            char w[8];
            snprintf(w, sizeof w, "x%d", i);
            add(c, fr, F_CLOBBER, w, true, fr->x[i], ev->x[i], ev, c->writer[i], c->writer_insn[i], NULL);
        }
    /* caller state (EL1 registers): only meaningful when the call returns to the caller's EL */
    if (ev->to_el == fr->from_el) {
        struct { unsigned bit; const char *name; uint64_t before, after; int sr; } st[] = {
            { ST_SP_EL0, "SP_EL0", fr->sp_el0, machine_sp_el(m, 0), SR_SP_EL0 },
            { ST_SP_EL1, "SP_EL1", fr->sp_el1, machine_sp_el(m, 1), SR_SP_EL1 },
            { ST_ELR_EL1, "ELR_EL1", fr->elr_el1, m->sr[SR_ELR_EL1], SR_ELR_EL1 },
            { ST_SPSR_EL1, "SPSR_EL1", fr->spsr_el1, m->sr[SR_SPSR_EL1], SR_SPSR_EL1 },
            { ST_TPIDR_EL1, "TPIDR_EL1", fr->tpidr_el1, m->sr[SR_TPIDR_EL1], SR_TPIDR_EL1 },
            { ST_VBAR_EL1, "VBAR_EL1", fr->vbar_el1, m->sr[SR_VBAR_EL1], SR_VBAR_EL1 },
        };
        for (unsigned i = 0; i < G_N_ELEMENTS(st); i++)
            if ((c->abi->preserve_state & st[i].bit) && st[i].before != st[i].after)
                add(c, fr, F_STATE, st[i].name, true, st[i].before, st[i].after, ev, m->sr_writer[st[i].sr],
                    m->sr_writer_insn[st[i].sr], NULL);
        if ((c->abi->preserve_state & ST_DAIF) && (ev->spsr & PSR_DAIF) != (fr->spsr & PSR_DAIF))
            add(c, fr, F_PSTATE, "DAIF", true, fr->spsr & PSR_DAIF, ev->spsr & PSR_DAIF, ev,
                m->sr_writer[SR_SPSR_EL2], m->sr_writer_insn[SR_SPSR_EL2], "the returned SPSR changes the caller's interrupt masks");
        if ((c->abi->preserve_state & ST_SPSEL) && (ev->spsr & 1u) != (fr->spsr & 1u))
            add(c, fr, F_PSTATE, "SPSel", true, fr->spsr & 1u, ev->spsr & 1u, ev,
                m->sr_writer[SR_SPSR_EL2], m->sr_writer_insn[SR_SPSR_EL2], "the returned SPSR changes the caller's stack pointer selection");
    }
}

static void put_back(checker *c, frame *fr)
{
    /* --fuzz: the caller continues with its own values */
    for (int i = 0; i < 31; i++)
        if (fr->perturbed & (1u << i))
            machine_set_x(c->m, i, fr->saved[i]);
}

static void on_event(el2_machine *m, const el2_event *ev, void *user)
{
    checker *c = user;
    if (ev->kind == EV_EXC && ev->to_el == 2 && ev->exc != EXC_SEMIHOST) {
        open_frame(c, ev);
    } else if (ev->kind == EV_ERET && ev->from_el == 2 && c->frames->len) {
        frame fr = g_array_index(c->frames, frame, c->frames->len - 1);
        g_array_remove_index(c->frames, c->frames->len - 1);
        if (fr.is_call) {
            close_call(c, &fr, ev);
            drop_land_hook(c, &fr);
            put_back(c, &fr);
        }
    } else if (ev->kind == EV_SYSREG && (ev->sysreg == SR_VBAR_EL2 || ev->sysreg == SR_VBAR_EL1)) {
        const frame *fr = c->frames->len ? &g_array_index(c->frames, frame, 0) : NULL;
        const char *name = sysreg_table[ev->sysreg].name;
        if (ev->raw & 0x7ff)
            add(c, fr && fr->is_call ? fr : NULL, F_VBAR_ALIGN, name, true, ev->raw & ~0x7ffULL, ev->raw, NULL, ev->pc,
                ev->insn, "vector tables are 2 KiB aligned: bits 10:0 are RES0 and the entries would not be where the code is");
        uint32_t probe;
        if (!machine_read(m, ev->value, &probe, 4) || !machine_read(m, ev->value + 0x7fc, &probe, 4))
            add(c, fr && fr->is_call ? fr : NULL, F_VBAR_UNMAPPED, name, false, 0, ev->value, NULL, ev->pc, ev->insn,
                "the vector table is not in mapped memory");
    }
    if (c->prev)
        c->prev(m, ev, c->prev_user);
}

checker *checker_attach(el2_machine *m, abi_model *abi)
{
    checker *c = g_new0(checker, 1);
    c->m = m;
    c->abi = abi;
    c->prev = m->on_event;
    c->prev_user = m->on_event_user;
    c->frames = g_array_new(FALSE, TRUE, sizeof(frame));
    c->findings = g_array_new(FALSE, TRUE, sizeof(finding));
    m->on_event = on_event;
    m->on_event_user = c;
    m->capture_regs = true;
    uc_hook_add(m->uc, &c->track, UC_HOOK_CODE, hook_track, c, 1, 0);
    /* code already translated (nothing but el2sim's own page, normally) gets the hook too */
    for (guint i = 0; i < m->ram->len; i++) {
        const el2_region *r = &g_array_index(m->ram, el2_region, i);
        uc_ctl_remove_cache(m->uc, r->base, r->base + r->size);
    }
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
    bool nested = c->frames->len > 1;
    for (guint i = 0; i < c->frames->len; i++) {
        frame *fr = &g_array_index(c->frames, frame, i);
        const char *why = m->stop_msg ? m->stop_msg : stop_name(m->stop);
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
                if (!(m->stop == STOP_AT && pc == fr->lands)) {
                    snprintf(d, sizeof d, "never reached the landing address 0x%" PRIx64 ": %s", fr->lands, why);
                    add(c, fr, F_LANDING, "pc", true, fr->lands, pc, NULL, 0, 0, d);
                }
            }
        } else {
            const frame *call = &g_array_index(c->frames, frame, 0);
            snprintf(d, sizeof d, "%s taken at EL%u inside the stub was never returned from (%s)",
                     exc_kind_name(fr->exc), fr->from_el, why);
            add(c, call->is_call ? call : NULL, F_EXC_IN_STUB, exc_kind_name(fr->exc), false, 0, fr->pc, NULL,
                fr->pc, fr->insn, d);
        }
    }
    g_array_set_size(c->frames, 0);
}

void checker_free(checker *c)
{
    if (!c)
        return;
    for (guint i = 0; i < c->findings->len; i++) {
        finding *f = &g_array_index(c->findings, finding, i);
        g_free(f->what); g_free(f->function); g_free(f->detail);
    }
    g_array_free(c->findings, TRUE);
    g_array_free(c->frames, TRUE);
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
    else if (fd->kind == F_VBAR_UNMAPPED || fd->kind == F_BAD_FID)
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

static void json_str(GString *s, const char *v)
{
    g_string_append_c(s, '"');
    for (const char *p = v ? v : ""; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_printf(s, "\\%c", *p);
        else if ((unsigned char)*p < 0x20)
            g_string_append_printf(s, "\\u%04x", *p);
        else
            g_string_append_c(s, *p);
    }
    g_string_append_c(s, '"');
}

static void json_addr(GString *s, const char *key, const el2_symtab *st, uint64_t pc, uint32_t insn)
{
    char a[160], dis[96];
    g_string_append_printf(s, ", \"%s\": {\"pc\": \"0x%" PRIx64 "\", \"symbol\": ", key, pc);
    json_str(s, symtab_format(st, pc, a, sizeof a));
    g_string_append(s, ", \"insn\": ");
    json_str(s, disasm(pc, insn, dis, sizeof dis));
    g_string_append(s, "}");
}

bool checker_write_json(const checker *c, const char *path, GError **err)
{
    const el2_symtab *st = c->m->syms;
    GString *s = g_string_new("{\"abi\": ");
    json_str(s, c->abi->name);
    g_string_append(s, ", \"version\": ");
    json_str(s, c->abi->version);
    g_string_append_printf(s, ", \"violations\": %u, \"findings\": [", c->findings->len);
    for (guint i = 0; i < c->findings->len; i++) {
        const finding *fd = &g_array_index(c->findings, finding, i);
        g_string_append(s, i ? ",\n  {" : "\n  {");
        g_string_append(s, "\"kind\": ");
        json_str(s, kind_names[fd->kind]);
        g_string_append(s, ", \"what\": ");
        json_str(s, fd->what);
        if (fd->has_values)
            g_string_append_printf(s, ", \"expected\": \"0x%" PRIx64 "\", \"actual\": \"0x%" PRIx64 "\"", fd->expected,
                                   fd->actual);
        g_string_append_printf(s, ", \"count\": %u", fd->count);
        if (fd->detail) {
            g_string_append(s, ", \"detail\": ");
            json_str(s, fd->detail);
        }
        if (fd->function) {
            g_string_append(s, ", \"function\": ");
            json_str(s, fd->function);
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
