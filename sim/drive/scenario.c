/* scenario.c - `el2sim scenario FILE`: load a stub, install it as a kernel would (or
 * boot its own EL2 entry up to a symbol), then make each declared call from EL1 and
 * check what comes back. Format: README "Scenarios". */
#include "scenario.h"
#include "checker.h"
#include "setup.h"
#include "cpu_model.h"
#include "engine.h"
#include "irq.h"
#include "irq_drive.h"
#include "print.h"
#include "readfile.h"
#include "sysreg.h"
#include "timing.h"
#include "trace_session.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define HARNESS_SYMBOL "el2sim_caller"

static int key_line(const char *text, const char *group, const char *key)
{
    /* line of "[group]" or, with key, of "key =" inside that group */
    int line = 1, gline = 0;
    bool in = false;
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        g_autofree char *l = g_strstrip(g_strndup(p, n));
        if (l[0] == '[') {
            if (in && key)
                break;
            g_autofree char *g = g_strndup(l + 1, strlen(l) > 1 ? strlen(l) - 2 : 0);
            in = !strcmp(g, group);
            if (in) {
                gline = line;
                if (!key)
                    return line;
            }
        } else if (in && key && g_str_has_prefix(l, key)) {
            const char *r = l + strlen(key);
            while (*r == ' ' || *r == '\t')
                r++;
            if (*r == '=')
                return line;
        }
        line++;
        if (!e)
            break;
        p = e + 1;
    }
    return gline;
}

#define BAD(group, key, ...)                                                                  \
    do {                                                                                      \
        g_autofree char *_m = g_strdup_printf(__VA_ARGS__);                                   \
        g_set_error(err, EL2_ERROR, 2, "%s:%d: [%s]%s%s: %s", s->path, key_line(s->text, group, key), \
                    group, (key) ? " " : "", (key) ? (key) : "", _m);                         \
        goto fail;                                                                            \
    } while (0)

static void call_free(gpointer p)
{
    sc_call *c = p;
    g_free(c->name);
    g_free(c->func);
    g_free(c->lands);
    g_strfreev(c->irqs);
    for (int i = 0; i < 31; i++)
        g_free(c->args[i]);
    for (guint i = 0; c->expect && i < c->expect->len; i++) {
        g_free(g_array_index(c->expect, sc_expect, i).what);
        g_free(g_array_index(c->expect, sc_expect, i).value);
    }
    if (c->expect)
        g_array_free(c->expect, TRUE);
    g_free(c);
}

void scenario_free(sc_file *s)
{
    if (!s)
        return;
    g_free(s->path); g_free(s->dir); g_free(s->text);
    g_free(s->cpu); g_free(s->ram); g_free(s->max_insns); g_free(s->cpus); g_free(s->arch);
    g_free(s->base); g_free(s->load); g_strfreev(s->defines);
    g_free(s->mode); g_free(s->entry); g_free(s->stop_at);
    g_free(s->abi); g_free(s->abi_version);
    g_strfreev(s->irqs);
    if (s->images) g_ptr_array_free(s->images, TRUE);
    if (s->set_names) g_ptr_array_free(s->set_names, TRUE);
    if (s->set_values) g_ptr_array_free(s->set_values, TRUE);
    if (s->set_lines) g_array_free(s->set_lines, TRUE);
    if (s->calls) g_ptr_array_free(s->calls, TRUE);
    g_free(s);
}

static bool parse_uint(const char *v, uint64_t max, uint64_t *out)
{
    return parse_u64(v, out) && *out <= max;
}

static bool is_gpr(const char *k, int *n)
{
    int r = abi_reg32(k);      /* r0-r12, sp_svc, lr_usr, ...: AArch32 names of X0-X30 */
    if (r >= 0) {
        *n = r;
        return true;
    }
    if (k[0] != 'x' || !k[1])
        return false;
    char *end;
    long v = strtol(k + 1, &end, 10);
    if (*end || v < 0 || v > 30)
        return false;
    *n = (int)v;
    return true;
}

/* "PE N: " when the run ended on a PE other than the one the calls are made on */
static const char *stop_pe(el2_machine *m)
{
    static char buf[16];
    if (!m->smp || m->cpu->index == 0)
        return "";
    snprintf(buf, sizeof buf, "PE %u: ", m->cpu->index);
    return buf;
}

static const char *const machine_keys[] = { "cpu", "ram", "max-insns", "images", "base", "load", "define",
                                             "abi", "abi-version", "irq", "cpus", "arch", NULL };

/* irq = SPEC; SPEC ... (irq_drive.h): each checked now, symbols resolved when armed. NULL
 * when they are all well formed, else what is wrong with the first bad one (g_free). */
static char *irq_list_problem(char **list, bool in_call)
{
    for (char **p = list; p && *p; p++) {
        irq_spec sp;
        char *why = NULL;
        g_strstrip(*p);
        if (!irq_spec_parse(*p, in_call, &sp, &why)) {
            char *msg = g_strdup_printf("'%s': %s", *p, why);
            g_free(why);
            return msg;
        }
        irq_spec_clear(&sp);
    }
    return NULL;
}
static const char *const setup_keys[] = { "mode", "el", "entry", "stop-at", NULL };

static bool in_list(const char *k, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(k, *list))
            return true;
    return false;
}

sc_file *scenario_load(const char *path, GError **err)
{
    sysreg_init();
    sc_file *s = g_new0(sc_file, 1);
    s->path = g_strdup(path);
    s->dir = g_path_get_dirname(path);
    s->images = g_ptr_array_new_with_free_func(g_free);
    s->set_names = g_ptr_array_new_with_free_func(g_free);
    s->set_values = g_ptr_array_new_with_free_func(g_free);
    s->set_lines = g_array_new(FALSE, FALSE, sizeof(int));
    s->calls = g_ptr_array_new_with_free_func(call_free);
    GError *e = NULL;
    gsize len, ng = 0;
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_auto(GStrv) groups = NULL;
    if (!read_regular_file(path, &s->text, &len, &e)) {
        g_set_error(err, EL2_ERROR, 2, "%s", e->message);
        g_error_free(e);
        goto fail;
    }
    if (!g_key_file_load_from_data(kf, s->text, len, G_KEY_FILE_NONE, &e)) {
        g_set_error(err, EL2_ERROR, 2, "%s: %s", path, e->message);
        g_error_free(e);
        goto fail;
    }
    if (!keyfile_prescan(path, s->text, len, err))   /* GLib merges repeated groups and keys */
        goto fail;
    groups = g_key_file_get_groups(kf, &ng);
    for (gsize gi = 0; gi < ng; gi++) {
        const char *g = groups[gi];
        gsize nk = 0;
        g_auto(GStrv) keys = g_key_file_get_keys(kf, g, &nk, NULL);
        if (!strcmp(g, "machine")) {
            for (gsize i = 0; i < nk; i++) {
                const char *k = keys[i];
                if (!in_list(k, machine_keys))
                    BAD(g, k, "unknown key (known: cpu, ram, max-insns, images, base, load, define, abi, abi-version, irq, "
                              "cpus, arch)");
            }
            s->arch = g_key_file_get_string(kf, g, "arch", NULL);   /* aarch64 or aarch32 (--arch) */
            if (s->arch && strcmp(s->arch, "aarch64") && strcmp(s->arch, "aarch32"))
                BAD(g, "arch", "'%s' is neither aarch64 nor aarch32", s->arch);
            s->a32 = s->arch && !strcmp(s->arch, "aarch32");
            s->irqs = g_key_file_get_string_list(kf, g, "irq", NULL, NULL);
            s->irq_line = key_line(s->text, g, "irq");
            g_autofree char *irq_bad = irq_list_problem(s->irqs, false);
            if (irq_bad)
                BAD(g, "irq", "%s", irq_bad);
            s->cpu = g_key_file_get_string(kf, g, "cpu", NULL);
            s->ram = g_key_file_get_string(kf, g, "ram", NULL);
            s->max_insns = g_key_file_get_string(kf, g, "max-insns", NULL);
            s->cpus = g_key_file_get_string(kf, g, "cpus", NULL);
            s->base = g_key_file_get_string(kf, g, "base", NULL);
            s->load = g_key_file_get_string(kf, g, "load", NULL);
            s->defines = g_key_file_get_string_list(kf, g, "define", NULL, NULL);
            s->abi = g_key_file_get_string(kf, g, "abi", NULL);
            s->abi_version = g_key_file_get_string(kf, g, "abi-version", NULL);
            g_auto(GStrv) imgs = g_key_file_get_string_list(kf, g, "images", NULL, NULL);
            for (char **p = imgs; p && *p; p++)
                g_ptr_array_add(s->images, g_strdup(g_strstrip(*p)));
        } else if (!strcmp(g, "setup")) {
            for (gsize i = 0; i < nk; i++) {
                const char *k = keys[i];
                if (in_list(k, setup_keys))
                    continue;
                int n;
                if (!is_gpr(k, &n) && g_ascii_strcasecmp(k, "sp") && sysreg_find_name(k) < 0)
                    BAD(g, k, "unknown key: not mode/el/entry/stop-at, a register x0-x30/r0-r12/sp, or a system register "
                              "el2sim models");
                g_ptr_array_add(s->set_names, g_strdup(k));
                g_ptr_array_add(s->set_values, g_key_file_get_string(kf, g, k, NULL));
                int line = key_line(s->text, g, k);
                g_array_append_val(s->set_lines, line);
            }
            s->mode = g_key_file_get_string(kf, g, "mode", NULL);
            if (!s->mode)
                BAD(g, "mode", "missing: 'install' (set registers as a kernel leaves them) or 'boot' (run the image's own EL2 entry)");
            if (strcmp(s->mode, "install") && strcmp(s->mode, "boot"))
                BAD(g, "mode", "'%s' is neither 'install' nor 'boot'", s->mode);
            g_autofree char *el = g_key_file_get_string(kf, g, "el", NULL);
            uint64_t v = 1;
            if (el && !parse_uint(el, 2, &v))
                BAD(g, "el", "'%s': calls come from EL0, EL1 or EL2", el);
            s->el = (int)v;
            s->entry = g_key_file_get_string(kf, g, "entry", NULL);
            s->stop_at = g_key_file_get_string(kf, g, "stop-at", NULL);
            if (!strcmp(s->mode, "boot") && (!s->entry || !s->stop_at))
                BAD(g, s->entry ? "stop-at" : "entry", "mode = boot needs entry and stop-at");
        } else if (g_str_has_prefix(g, "call ")) {
            sc_call *c = g_new0(sc_call, 1);
            g_ptr_array_add(s->calls, c);
            c->name = g_strstrip(g_strdup(g + 5));
            c->line = key_line(s->text, g, NULL);
            c->repeat = 1;
            c->el = -1;
            c->returns = true;
            c->max_insns = 1000000;
            c->expect = g_array_new(FALSE, TRUE, sizeof(sc_expect));
            int kinds = 0;
            for (gsize i = 0; i < nk; i++) {
                const char *k = keys[i];
                g_autofree char *v = g_key_file_get_string(kf, g, k, NULL);
                uint64_t x;
                int n;
                if (!v)
                    BAD(g, k, "bad value");
                if (!strcmp(k, "hvc") || !strcmp(k, "smc") || !strcmp(k, "svc")) {
                    if (!parse_uint(v, 0xffff, &x))
                        BAD(g, k, "'%s' is not an immediate 0-0xffff", v);
                    c->kind = k[0] == 'h' ? CALL_HVC : k[1] == 'm' ? CALL_SMC : CALL_SVC;
                    c->imm = (uint32_t)x;
                    kinds++;
                } else if (!strcmp(k, "call")) {
                    c->kind = CALL_FUNC;
                    c->func = g_strdup(v);
                    kinds++;
                } else if (is_gpr(k, &n)) {
                    c->args[n] = g_strdup(v);
                } else if (!strcmp(k, "el")) {
                    if (!parse_uint(v, 2, &x))
                        BAD(g, k, "'%s': EL 0, 1 or 2", v);
                    c->el = (int)x;
                } else if (!strcmp(k, "repeat")) {
                    if (!parse_uint(v, 1000000, &x) || !x)
                        BAD(g, k, "'%s': a count from 1 to 1000000", v);
                    c->repeat = (unsigned)x;
                } else if (!strcmp(k, "max-insns")) {
                    if (!parse_uint(v, UINT64_MAX, &x) || !x)
                        BAD(g, k, "'%s': a positive instruction count", v);
                    c->max_insns = x;
                } else if (!strcmp(k, "returns")) {
                    if (strcmp(v, "true") && strcmp(v, "false"))
                        BAD(g, k, "'%s': true or false", v);
                    c->returns = !strcmp(v, "true");
                } else if (!strcmp(k, "lands")) {
                    c->lands = g_strdup(v);
                    c->returns = false;
                } else if (!strcmp(k, "irq")) {
                    c->irqs = g_key_file_get_string_list(kf, g, k, NULL, NULL);
                    c->irq_line = key_line(s->text, g, k);
                    g_autofree char *irq_bad = irq_list_problem(c->irqs, true);
                    if (irq_bad)
                        BAD(g, k, "%s", irq_bad);
                } else if (g_str_has_prefix(k, "expect.")) {
                    const char *what = k + 7;
                    if (!is_gpr(what, &n) && strcmp(what, "el") && strcmp(what, "sp") && sysreg_find_name(what) < 0)
                        BAD(g, k, "cannot expect '%s': give x0-x30, r0-r12, sp, el or a system register", what);
                    sc_expect ex = { g_strdup(what), g_strdup(v), key_line(s->text, g, k) };
                    g_array_append_val(c->expect, ex);
                } else {
                    BAD(g, k, "unknown key (known: hvc, smc, svc, call, x0-x30, r0-r12, el, repeat, max-insns, returns, lands, "
                              "irq, expect.REG)");
                }
            }
            if (kinds != 1)
                BAD(g, NULL, "a call needs exactly one of hvc = IMM, smc = IMM, svc = IMM or call = SYMBOL");
        } else {
            BAD(g, NULL, "unknown group (known: [machine], [setup], [call NAME])");
        }
    }
    if (!s->images->len)
        BAD("machine", "images", "missing: the stub image(s) to load");
    if (!s->mode)
        BAD("setup", "mode", "missing [setup] group with mode = install or boot");
    if (!s->calls->len)
        BAD("setup", NULL, "no [call NAME] groups: nothing to run");
    return s;
fail:
    scenario_free(s);
    return NULL;
}

/* ---- running ---- */

typedef struct run_state {
    sc_file *s;
    el2_machine *m;
    checker *chk;
    bool verbose;
    uint64_t harness;
    unsigned passed, failed;
    guint findings_seen;
    el2_observer ob;         /* -v: the event printer */
    uint32_t setup_x;        /* x0-x30 that [setup] sets, to setup_xv[] */
    uint64_t setup_xv[31];
    /* interrupts raised inside the running call (irq =, --irq-storm): tagged IRQ_TAG_CALL,
     * withdrawn when it returns (the caller does not take what the stub left pending) */
    GArray *irq_hooks;       /* uintptr_t: code hooks at the call's irq symbols */
    bool irq_armed;
    uint64_t irq_after;      /* the call's return address */
    GRand *storm;            /* --irq-storm: the random points */
    bool storm_now;          /* this run of the call gets one */
    uint64_t plain_insns;    /* instructions the call's first run took */
} run_state;

#define IRQ_TAG_CALL 1
#define STORM_INTID 33

/* What xN holds at the start of a call that does not set it (and [setup] does not):
 * its number in every byte, as decimal digits read as hex (x19 = 0x1919191919191919,
 * x5 = 0x0505050505050505, x0 = 0). A stub that zeroes or overwrites a register then
 * changes it, whatever it does, and the value says which register it came from. */
static uint64_t call_start_value(int n)
{
    uint64_t byte = (uint64_t)(n / 10) << 4 | (uint64_t)(n % 10);
    return byte * 0x0101010101010101ULL;
}

/* The call's interrupts end with it: withdrawn at the exception return to its return
 * address, before the caller's next instruction could take one still pending. */
static void call_irqs_end(run_state *r)
{
    if (!r->irq_armed)
        return;
    irq_inject_withdraw(r->m->cpu, IRQ_TAG_CALL);
    for (guint i = 0; i < r->irq_hooks->len; i++)
        engine_unhook(r->m->eng, g_array_index(r->irq_hooks, uintptr_t, i));
    g_array_set_size(r->irq_hooks, 0);
    r->irq_armed = false;
}

/* Arms the call's irq = list and, for a --irq-storm run, one IRQ at a random instruction
 * of the call (1 to the length of its first run), from the call's instruction count base. */
static bool call_irqs_arm(run_state *r, sc_call *c, uint64_t base, uint64_t after, GError **err)
{
    el2_machine *m = r->m;
    r->irq_after = after;
    for (char **p = c->irqs; p && *p; p++) {
        irq_spec sp;
        char *why = NULL;
        uintptr_t hook;
        GError *e = NULL;
        if (!irq_spec_parse(*p, true, &sp, &why))     /* (checked at load) */
            g_free(why);
        else if (!irq_spec_arm(m, &sp, base, IRQ_TAG_CALL, &hook, &e)) {
            g_set_error(err, EL2_ERROR, 2, "%s:%d: [call %s] irq: %s", r->s->path, c->irq_line, c->name, e->message);
            g_error_free(e);
            irq_spec_clear(&sp);
            r->irq_armed = true;
            call_irqs_end(r);
            return false;
        } else if (hook)
            g_array_append_val(r->irq_hooks, hook);
        irq_spec_clear(&sp);
        r->irq_armed = true;
    }
    if (r->storm_now) {
        uint64_t n = 1 + (uint64_t)g_rand_int_range(r->storm, 0, (gint32)MIN(MAX(r->plain_insns, 1), G_MAXINT32));
        irq_inject_add_at(m->cpu, STORM_INTID, 0, base + n, IRQ_TAG_CALL);
        r->irq_armed = true;
    }
    return true;
}

static void on_event(const el2_event *ev, void *user)
{
    run_state *r = user;
    if (r->irq_armed && ev->kind == EV_ERET && ev->target == r->irq_after)
        call_irqs_end(r);
    if (r->verbose && ev->kind != EV_STOP)
        print_event(stdout, r->m->syms, ev);
}

static bool resolve(run_state *r, const char *text, int line, uint64_t *v, GError **err)
{
    if (symtab_resolve(r->m->syms, text, v))
        return true;
    g_set_error(err, EL2_ERROR, 2, "%s:%d: '%s' is neither a number nor a symbol of the images", r->s->path, line, text);
    return false;
}

static uint64_t expect_actual(el2_machine *m, const char *what)
{
    int n;
    if (is_gpr(what, &n))
        return machine_x(m, n);
    if (!strcmp(what, "el"))
        return m->cpu->el;
    if (!strcmp(what, "sp"))
        return machine_sp(m);
    return sysreg_read(m->cpu, sysreg_find_name(what));
}

/* The call's instruction at the harness site and the branch-to-self after it: A64, or
 * A32 for an AArch32 scenario (Arm ARM encodings: HVC A1 cond 00010100 imm12 0111 imm4,
 * SMC A1 cond 00010110 ... 0111 imm4, SVC A1 cond 1111 imm24, NOP A1 0xe320f000, B A1). */
static void call_code(const sc_file *s, const sc_call *c, uint32_t code[2])
{
    if (s->a32) {
        code[0] = c->kind == CALL_HVC ? 0xe1400070u | (c->imm >> 4) << 8 | (c->imm & 0xf)
                : c->kind == CALL_SMC ? 0xe1600070u | (c->imm & 0xf)
                : c->kind == CALL_SVC ? 0xef000000u | c->imm : 0xe320f000u;
        code[1] = 0xeafffffeu;
        return;
    }
    code[0] = c->kind == CALL_HVC ? 0xd4000002u | c->imm << 5
            : c->kind == CALL_SMC ? 0xd4000003u | c->imm << 5
            : c->kind == CALL_SVC ? 0xd4000001u | c->imm << 5 : 0xd503201fu;   /* NOP for a function call */
    code[1] = 0x14000000u;
}

/* Makes one call; returns -1 on invalid scenario (err set), 0 fail, 1 pass. */
static int run_call(run_state *r, sc_call *c, unsigned iter, GError **err)
{
    el2_machine *m = r->m;
    uint64_t site = r->harness, after = r->harness + 4, target = site, lands = 0;
    uint32_t insn[2];
    call_code(r->s, c, insn);
    if (c->kind == CALL_FUNC && !resolve(r, c->func, c->line, &target, err))
        return -1;
    if (c->lands && !resolve(r, c->lands, c->line, &lands, err))
        return -1;
    if (r->chk)
        checker_call_start(r->chk);
    machine_focus_boot(m);               /* several PEs: the calls are PE 0's */
    uint32_t code[2] = { GUINT32_TO_LE(insn[0]), GUINT32_TO_LE(insn[1]) };
    machine_write(m, site, code, sizeof code);
    unsigned el = c->el >= 0 ? (unsigned)c->el : m->cpu->el;   /* where [setup] or the last call left it */
    if (r->s->a32 && el != m->cpu->el) {
        g_set_error(err, EL2_ERROR, 2, "%s:%d: [call %s] el: an AArch32 scenario's calls come from the mode its "
                    "boot left the PE in (EL%u)", r->s->path, c->line, c->name, m->cpu->el);
        return -1;
    }
    if (r->s->a32)
        cpu_set_pc(m->cpu, target);      /* the mode (SVC) and its banked registers stay */
    else
        machine_teleport(m, el, target);
    /* every call starts from known registers: nothing carries over from the call before
     * (AArch32: r0-r12; the banked SP/LR of every mode stay as the boot left them) */
    for (int i = 0; i < 31; i++) {
        uint64_t v = r->setup_x & (1u << i) ? r->setup_xv[i] : call_start_value(i);
        if (r->s->a32)
            v = (uint32_t)v;
        if (c->args[i] && !resolve(r, c->args[i], c->line, &v, err))
            return -1;
        if (!r->s->a32 || i <= 12 || c->args[i])
            machine_set_x(m, i, v);
    }
    if (c->kind == CALL_FUNC)            /* LR: X30; AArch32 SVC mode's LR_svc is X18, else LR_usr X14 */
        machine_set_x(m, !r->s->a32 ? 30 : el == 1 ? 18 : 14, after);
    engine_stop_at(m->eng, after);
    if (lands)
        engine_stop_at(m->eng, lands);
    uint64_t c0 = m->cpu->cycles, budget = m->cpu->max_insns, i0 = m->cpu->insns;
    if (!call_irqs_arm(r, c, i0, after, err))
        return -1;
    m->cpu->max_insns = m->cpu->insns + c->max_insns;
    machine_resume(m);
    machine_run(m);
    call_irqs_end(r);                     /* (a call that did not return) */
    if (iter == 0)
        r->plain_insns = m->cpu->insns - i0;
    if (m->cpu->stop == STOP_AT)          /* the return site's (or landing's) block did not run */
        cpu_take_back(m->cpu, machine_pc(m));
    m->cpu->max_insns = budget;
    if (m->cpu->stop == STOP_BUDGET) {    /* the engine's message has the running total */
        g_free(m->cpu->stop_msg);
        m->cpu->stop_msg = g_strdup_printf("instruction budget of %llu (max-insns) exhausted at %s",
                                           (unsigned long long)c->max_insns, machine_sym(m, machine_pc(m)));
    }
    engine_stop_at_clear(m->eng, after);
    if (lands)
        engine_stop_at_clear(m->eng, lands);
    uint64_t pc = machine_pc(m);
    bool returned = m->cpu->stop == STOP_AT && pc == after;
    bool landed = lands && m->cpu->stop == STOP_AT && pc == lands;

    GString *why = g_string_new(NULL);
    if (r->chk && !returned)
        checker_finish(r->chk);           /* a call that does not return closes here */
    if ((c->returns && !returned) || (c->lands && !landed))
        machine_teleport(m, el, after);   /* the next call starts where this one should have
                                           * come back, not inside the stub */
    if (r->chk && checker_count(r->chk) > r->findings_seen) {
        g_string_append_printf(why, "%u ABI violation(s):\n", checker_count(r->chk) - r->findings_seen);
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        for (guint i = r->findings_seen; i < checker_count(r->chk); i++)
            finding_print(r->chk, checker_finding(r->chk, i), f);
        fclose(f);
        g_string_append(why, buf);
        free(buf);
        while (why->len && why->str[why->len - 1] == '\n')
            g_string_truncate(why, why->len - 1);
        r->findings_seen = checker_count(r->chk);
    } else if (c->returns && !returned)
        g_string_append_printf(why, "did not return to the call site (%s%s)", stop_pe(m),
                               m->cpu->stop_msg ? m->cpu->stop_msg : stop_name(m->cpu->stop));
    else if (c->lands && !landed)
        g_string_append_printf(why, "did not land at %s (%s%s)", c->lands, stop_pe(m),
                               m->cpu->stop_msg ? m->cpu->stop_msg : stop_name(m->cpu->stop));
    else if (!c->returns && !c->lands && returned)
        g_string_append(why, "returned, but this call must never return");
    for (guint i = 0; why->len == 0 && i < c->expect->len; i++) {
        sc_expect *ex = &g_array_index(c->expect, sc_expect, i);
        uint64_t want;
        if (!resolve(r, ex->value, ex->line, &want, err)) {
            g_string_free(why, TRUE);
            return -1;
        }
        uint64_t got = expect_actual(m, ex->what);
        int gn;
        if (r->s->a32 && is_gpr(ex->what, &gn))
            got = (uint32_t)got;         /* an AArch32 register is 32 bits */
        if (got != want)
            g_string_append_printf(why, "%s = 0x%llx, expected 0x%llx (%s)", ex->what, (unsigned long long)got,
                                   (unsigned long long)want, ex->value);
    }
    char label[200];
    const char *how = c->kind == CALL_HVC ? "hvc" : c->kind == CALL_SMC ? "smc" : c->kind == CALL_SVC ? "svc" : "call";
    if (c->kind == CALL_FUNC)
        snprintf(label, sizeof label, "%s (call %s)", c->name, c->func);
    else
        snprintf(label, sizeof label, "%s (%s #%u, %s=%s)", c->name, how, c->imm, r->s->a32 ? "r0" : "x0",
                 c->args[0] ? c->args[0] : "-");
    bool ok = why->len == 0;
    if (c->repeat == 1 || !ok || iter + 1 == c->repeat) {
        printf("%s %s", ok ? "PASS" : "FAIL", label);
        if (c->repeat > 1)
            printf(" [%u/%u]", iter + 1, c->repeat);
        if (ok)
            printf(": %s, %s=0x%llx, EL%u, %llu cycles\n", returned ? "returned" : landed ? "landed" : "did not return",
                   r->s->a32 ? "r0" : "x0", (unsigned long long)machine_x(m, 0), m->cpu->el,
                   (unsigned long long)(m->cpu->cycles - c0));
        else
            printf(": %s\n", why->str);
    }
    g_string_free(why, TRUE);
    return ok;
}

/* An image path is absolute, relative to the scenario's directory, or found in the
 * --image-path directories, then in $EL2_IMAGE_PATH (colon-separated). */
static char *find_image(const sc_file *s, const char *name, const sc_run_opts *ro)
{
    if (g_path_is_absolute(name))
        return g_strdup(name);
    char *p = g_build_filename(s->dir, name, NULL);
    if (g_file_test(p, G_FILE_TEST_EXISTS))
        return p;
    g_free(p);
    for (char **d = ro->image_path; d && *d; d++) {
        p = g_build_filename(*d, name, NULL);
        if (g_file_test(p, G_FILE_TEST_EXISTS))
            return p;
        g_free(p);
    }
    const char *env = g_getenv("EL2_IMAGE_PATH");
    g_auto(GStrv) dirs = env ? g_strsplit(env, ":", -1) : NULL;
    for (char **d = dirs; d && *d; d++) {
        p = g_build_filename(*d, name, NULL);
        if (**d && g_file_test(p, G_FILE_TEST_EXISTS))
            return p;
        g_free(p);
    }
    return NULL;
}

int scenario_execute(sc_file *s, const sc_run_opts *ro)
{
    GError *err = NULL;
    g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < s->images->len; i++) {
        const char *name = g_ptr_array_index(s->images, i);
        char *p = find_image(s, name, ro);
        if (!p) {
            fprintf(stderr, "el2sim: %s:%d: [machine] images: '%s' not found beside the scenario, in --image-path "
                            "or in $EL2_IMAGE_PATH\n", s->path, key_line(s->text, "machine", "images"), name);
            return EXIT_BAD_INPUT;
        }
        g_ptr_array_add(images, p);
    }
    bool verbose = ro->verbose;
    el2_cli_opts o = { .cpu = ro->cpu ? (char *)ro->cpu : s->cpu, .base = s->base, .load = s->load, .defines = s->defines,
                       .max_insns = s->max_insns, .cpus = s->cpus, .arch = s->arch, .allow_no_entry = TRUE };
    char *ram[2] = { s->ram, NULL };
    if (s->ram)
        o.ram = ram;
    if (!strcmp(s->mode, "boot"))
        o.entry = s->entry;
    run_state r = { .s = s, .verbose = verbose };
    g_autoptr(GArray) irq_hooks = g_array_new(FALSE, FALSE, sizeof(uintptr_t));
    r.irq_hooks = irq_hooks;
    int code = EXIT_BAD_INPUT;
    const char *abi_name = ro->abi ? ro->abi : s->abi;
    const char *abi_ver = ro->abi ? ro->abi_version : s->abi_version;
    abi_model *abi = NULL;
    if (abi_name && !(abi = abi_load(abi_name, abi_ver, &err))) {
        fprintf(stderr, "el2sim: %s: %s\n", s->path, err->message);
        g_error_free(err);
        return EXIT_BAD_INPUT;
    }
    if (abi && ro->beyond && !checker_args_apply_abi(ro->beyond, abi, &err)) {
        fprintf(stderr, "el2sim: %s\n", err->message);
        g_error_free(err);
        abi_free(abi);
        return EXIT_BAD_INPUT;
    }
    r.m = cli_build_machine(&o, (char **)images->pdata, (int)images->len, &err);
    if (!r.m) {
        fprintf(stderr, "el2sim: %s: %s\n", s->path, err->message);
        g_error_free(err);
        abi_free(abi);
        return EXIT_BAD_INPUT;
    }
    el2_machine *m = r.m;
    if (abi && m->smp) {                 /* per-PE checks are issue 20's next step */
        fprintf(stderr, "el2sim: %s:%d: [machine] cpus = %s: the ABI checker follows one PE (run the scenario "
                        "without an ABI)\n", s->path, key_line(s->text, "machine", "cpus"), s->cpus);
        machine_free(m);
        abi_free(abi);
        return EXIT_BAD_INPUT;
    }
    const el2_region *ram0 = &g_array_index(m->ram, el2_region, 0);
    r.harness = ram0->base + ram0->size - 0x1000;
    symtab_add(m->syms, HARNESS_SYMBOL, r.harness, 8, true, true);
    for (char **p = s->irqs; p && *p; p++) {    /* [machine] irq: for the whole run, as --irq */
        irq_spec sp;
        char *why = NULL;
        uintptr_t hook;
        if (!irq_spec_parse(*p, false, &sp, &why)) {
            g_free(why);
            continue;
        }
        bool ok = irq_spec_arm(m, &sp, 0, 0, &hook, &err);
        irq_spec_clear(&sp);
        if (!ok) {
            fprintf(stderr, "el2sim: %s:%d: [machine] irq: %s\n", s->path, s->irq_line, err->message);
            g_error_free(err);
            machine_free(m);
            abi_free(abi);
            return EXIT_BAD_INPUT;
        }
    }
    if (ro->irq_storm)
        r.storm = g_rand_new_with_seed(ro->seed);
    r.ob = (el2_observer){ .event = on_event, .user = &r };
    machine_observe_last(m, &r.ob);
    m->cpu->console_echo = verbose;
    if (abi)
        r.chk = checker_attach(m, abi);
    if (r.chk && ro->fuzz)
        checker_set_perturb(r.chk, ro->seed);
    trace_session *ts = NULL;
    if (trace_same_file(ro->trace, s->path)) {   /* the images and the golden trace: trace_session_start */
        fprintf(stderr, "el2sim: --trace %s: the same file as the scenario %s; not overwriting an input\n", ro->trace,
                s->path);
        goto out;
    }
    ts = trace_session_start(m, ro->trace, ro->trace_full, ro->expect_trace, &err);
    if (err) {
        fprintf(stderr, "el2sim: %s\n", err->message);
        g_error_free(err);
        goto out;
    }
    if (ts && r.chk)
        checker_on_finding(r.chk, trace_session_finding, ts);
    cli_install_signals(m);

    if (!strcmp(s->mode, "boot")) {
        uint64_t stop;
        if (!symtab_resolve(m->syms, s->stop_at, &stop)) {
            fprintf(stderr, "el2sim: %s:%d: [setup] stop-at: no such symbol '%s'\n", s->path,
                    key_line(s->text, "setup", "stop-at"), s->stop_at);
            goto out;
        }
        engine_stop_at(m->eng, stop);
        machine_run(m);
        if (m->cpu->stop == STOP_AT)
            cpu_take_back(m->cpu, machine_pc(m));
        engine_stop_at_clear(m->eng, stop);
        if (m->cpu->stop != STOP_AT) {
            printf("FAIL boot: did not reach %s (%s)\n", s->stop_at, m->cpu->stop_msg ? m->cpu->stop_msg : stop_name(m->cpu->stop));
            printf("0 passed, 1 failed\n");
            code = 1;
            goto out;
        }
        printf("PASS boot: reached %s at EL%u, %llu cycles\n", s->stop_at, m->cpu->el, (unsigned long long)m->cpu->cycles);
        if (r.chk)
            r.findings_seen = checker_count(r.chk);
        /* AArch32: [setup] registers (r0-r12, sp_svc, ...) on top of what the boot left */
        for (guint i = 0; s->a32 && i < s->set_names->len; i++) {
            int n, line = g_array_index(s->set_lines, int, i);
            uint64_t v;
            if (!is_gpr(g_ptr_array_index(s->set_names, i), &n)) {
                fprintf(stderr, "el2sim: %s:%d: [setup] %s: an AArch32 boot scenario sets registers r0-r12 and "
                                "sp_MODE/lr_MODE only\n", s->path, line, (char *)g_ptr_array_index(s->set_names, i));
                goto out;
            }
            if (!resolve(&r, g_ptr_array_index(s->set_values, i), line, &v, &err)) {
                fprintf(stderr, "el2sim: %s\n", err->message);
                g_error_free(err);
                goto out;
            }
            machine_set_x(m, n, (uint32_t)v);
            r.setup_x |= 1u << n;
            r.setup_xv[n] = (uint32_t)v;
        }
    } else {
        machine_teleport(m, (unsigned)s->el, r.harness);
        for (guint i = 0; i < s->set_names->len; i++) {
            g_autofree char *spec = g_strdup_printf("%s=%s", (char *)g_ptr_array_index(s->set_names, i),
                                                     (char *)g_ptr_array_index(s->set_values, i));
            if (!cli_set_register(m, spec, &err)) {
                fprintf(stderr, "el2sim: %s:%d: [setup] %s\n", s->path, g_array_index(s->set_lines, int, i),
                        err->message);
                g_error_free(err);
                goto out;
            }
            int n;
            if (is_gpr(g_ptr_array_index(s->set_names, i), &n)) {
                r.setup_x |= 1u << n;
                r.setup_xv[n] = machine_x(m, n);
            }
        }
    }
    if (r.chk && ro->beyond && !checker_args_start(r.chk, m, ro->beyond, &err)) {
        fprintf(stderr, "el2sim: %s\n", err->message);
        g_error_free(err);
        goto out;
    }
    bool tty = isatty(2);
    for (guint i = 0; i < s->calls->len; i++) {
        sc_call *c = g_ptr_array_index(s->calls, i);
        unsigned plain = c->repeat + (r.chk ? ro->fuzz : 0);
        unsigned total = plain + ro->irq_storm;
        unsigned saved = c->repeat;
        c->repeat = total;
        for (unsigned it = 0; it < total; it++) {
            r.storm_now = it >= plain;
            if (tty && ro->fuzz && it >= saved)
                fprintf(stderr, "\rel2sim: fuzz %s: %u/%u", c->name, it + 1 - saved, ro->fuzz);
            int res = run_call(&r, c, it, &err);
            if (res < 0) {
                c->repeat = saved;
                fprintf(stderr, "el2sim: %s\n", err->message);
                g_error_free(err);
                goto out;
            }
            if (!res) {
                r.failed++;
                break;
            }
            if (it + 1 == total)
                r.passed++;
            if (m->cpu->stop == STOP_SIGNAL || trace_session_failed(ts))
                break;
        }
        if (tty && ro->fuzz)
            fprintf(stderr, "\r\033[K");
        c->repeat = saved;
        if (m->cpu->stop == STOP_SIGNAL || trace_session_failed(ts))
            break;
    }
    if (r.chk)
        checker_finish(r.chk);
    printf("%u passed, %u failed\n", r.passed, r.failed);
    if (r.chk) {
        for (guint i = r.findings_seen; i < checker_count(r.chk); i++)
            finding_print(r.chk, checker_finding(r.chk, i), stdout);
        printf("%u violation%s of %s %s\n", checker_count(r.chk), checker_count(r.chk) == 1 ? "" : "s",
               abi->name, abi->version);
        if (ro->beyond && ro->beyond->vbar_timeline)
            checker_print_vbar_timeline(r.chk, stdout);
        if (ro->report && !checker_write_json(r.chk, ro->report, &err)) {
            fprintf(stderr, "el2sim: --report %s: %s\n", ro->report, err->message);
            g_error_free(err);
            goto out;
        }
    }
    code = m->cpu->stop == STOP_SIGNAL ? 128 + m->cpu->stop_status
         : (r.failed || (r.chk && checker_count(r.chk))) ? 1 : 0;
out:
    if (ts) {
        if (r.chk)
            checker_on_finding(r.chk, NULL, NULL);
        fflush(stdout);
        int trc = trace_session_finish(ts, stdout);
        if (trc < 0)                 /* the trace could not be written or read: said on stderr */
            code = EXIT_BAD_INPUT;
        else if (trc > 0 && (code == 0 || code == 1))
            code = 1;
    }
    fflush(stdout);
    checker_free(r.chk);
    machine_free(m);
    abi_free(abi);
    if (r.storm)
        g_rand_free(r.storm);
    return code;
}

int cmd_scenario(int argc, char **argv)
{
    gboolean verbose = FALSE;
    sc_run_opts ro = { 0 };
    char *abi = NULL, *abi_version = NULL, *report = NULL, *cpu = NULL, *models = NULL;
    int fuzz = 0, storm = 0;
    gint64 seed = 1;
    char *trace = NULL, *expect_trace = NULL;
    gboolean trace_full = FALSE;
    GOptionEntry entries[] = {
        { "trace", 0, 0, G_OPTION_ARG_FILENAME, &trace, "write a binary trace of every event (traces/FORMAT.md)", "FILE" },
        { "trace-full", 0, 0, G_OPTION_ARG_NONE, &trace_full, "with --trace: every event carries all registers", NULL },
        { "expect-trace", 0, 0, G_OPTION_ARG_FILENAME, &expect_trace, "compare the events with a golden trace; a divergence fails the run (exit 1)", "GOLDEN" },
        { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "print every event as the calls run", NULL },
        { "abi", 0, 0, G_OPTION_ARG_STRING, &abi, "check every call against this ABI (models/abi)", "NAME" },
        { "abi-version", 0, 0, G_OPTION_ARG_STRING, &abi_version, "the ABI's version", "V" },
        { "report", 0, 0, G_OPTION_ARG_FILENAME, &report, "write the ABI findings as JSON", "FILE" },
        { "fuzz", 0, 0, G_OPTION_ARG_INT, &fuzz, "with an ABI: run each call N more times with random preserved registers", "N" },
        { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "random seed for --fuzz and --irq-storm (default 1)", "S" },
        { "irq-storm", 0, 0, G_OPTION_ARG_INT, &storm, "run each call N more times, each with IRQ 33 raised at a random instruction of the call", "N" },
        { "image-path", 'I', 0, G_OPTION_ARG_FILENAME_ARRAY, &ro.image_path, "look for the scenario's images here too (repeatable)", "DIR" },
        { "cpu", 0, 0, G_OPTION_ARG_STRING, &cpu, "CPU model, overriding the scenario's [machine] cpu", "NAME" },
        { "models", 0, 0, G_OPTION_ARG_FILENAME, &models, "read CPU models and ABIs from DIR/cpu and DIR/abi (default: $EL2SIM_MODELS, else the installed ones)", "DIR" },
        { NULL },
    };
    checker_args beyond = { 0 };
    g_autofree GOptionEntry *beyond_entries = checker_arg_entries(&beyond);
    ro.beyond = &beyond;
    g_autoptr(GOptionContext) ctx = g_option_context_new("FILE - run a scenario's calls against a stub");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_add_main_entries(ctx, beyond_entries, NULL);
    GError *err = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc != 2 || fuzz < 0 || storm < 0 || seed < 0 ||
        seed > G_MAXUINT32) {
        fprintf(stderr, "el2sim scenario: %s\n", err ? err->message
                : argc != 2 ? "expected one scenario FILE" : "--fuzz, --irq-storm and --seed take non-negative numbers");
        g_clear_error(&err);
        checker_args_clear(&beyond);
        return EXIT_BAD_INPUT;
    }
    bool models_ok = cli_use_models(models, &err);
    g_free(models);
    if (!models_ok) {
        fprintf(stderr, "el2sim scenario: %s\n", err->message);
        g_error_free(err);
        checker_args_clear(&beyond);
        return EXIT_BAD_INPUT;
    }
    sc_file *s = scenario_load(argv[1], &err);
    if (!s) {
        fprintf(stderr, "el2sim scenario: %s\n", err->message);
        g_error_free(err);
        checker_args_clear(&beyond);
        return EXIT_BAD_INPUT;
    }
    ro.verbose = verbose;
    ro.abi = abi;
    ro.abi_version = abi_version;
    ro.report = report;
    ro.fuzz = (unsigned)fuzz;
    ro.seed = (guint32)seed;
    ro.irq_storm = (unsigned)storm;
    ro.cpu = cpu;
    ro.trace = trace;
    ro.trace_full = trace_full;
    ro.expect_trace = expect_trace;
    int code = scenario_execute(s, &ro);
    g_free(trace); g_free(expect_trace);
    scenario_free(s);
    g_free(abi); g_free(abi_version); g_free(report);
    g_strfreev(ro.image_path);
    g_free(cpu);
    checker_args_clear(&beyond);
    return code;
}
