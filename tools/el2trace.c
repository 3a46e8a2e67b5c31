/* el2trace - reads el2sim's binary traces (traces/FORMAT.md): dump, json, stats, filter,
 * diff, export --perfetto, import-qemu. Exit codes: 0 fine (diff: same), 1 the traces
 * differ (diff), or an input is bad: a trace is damaged (the complete events before the
 * damage are still processed; the one-line error goes to stderr), a QEMU log is malformed,
 * an input is not a regular file (a FIFO, /dev/zero); 2 usage or I/O error. */
#include "num.h"
#include "json.h"
#include "disasm.h"
#include "print.h"
#include "qemulog.h"
#include "sysreg.h"
#include "trace.h"
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_DAMAGED 1
#define EXIT_USAGE 2

static void usage(FILE *f)
{
    fprintf(f,
            "usage: el2trace COMMAND [options]\n"
            "  dump TRACE [--regs] [--header]     one line per event (el2sim's output format)\n"
            "  json TRACE                         JSON Lines: one object per event, every field\n"
            "  stats TRACE                        counts per kind and function ID, cycles per call\n"
            "  filter TRACE [--kind K]... [--el N] [--symbol NAME] [--fid ID] [--cycles A:B] [-o OUT]\n"
            "                                     keep matching events; write a trace (-o) or dump them\n"
            "  diff A B [--stamps]                first divergence with context; exit 1 if different\n"
            "  export --perfetto OUT.json TRACE   Chrome trace-event JSON (ui.perfetto.dev)\n"
            "  import-qemu LOG OUT.trace          QEMU log -> trace (exceptions only); record the log with\n"
            "                                     -d int,guest_errors (QEMU logs illegal returns as guest errors)\n");
}

/* Reads a trace; reports damage on stderr (the events before it are kept). NULL on I/O error. */
static el2_trace *load(const char *path, bool *damaged)
{
    GError *err = NULL;
    el2_trace *t = trace_read_file(path, &err);
    if (!t) {
        fprintf(stderr, "el2trace: %s\n", err->message);
        g_error_free(err);
        return NULL;
    }
    if (t->error) {
        fprintf(stderr, "%s\n", t->error);
        *damaged = true;
    }
    return t;
}

static const el2_event *tev(const el2_trace *t, guint i) { return &g_array_index(t->events, el2_event, i); }

/* Function ID of a call (HVC/SMC: x0; firmware SMC: the x0 it saw; SVC: x8); false if none. */
static bool call_fid(const el2_event *ev, uint64_t *fid)
{
    if (ev->kind != EV_EXC)
        return false;
    switch (ev->exc) {
    case EXC_FIRMWARE: *fid = ev->value; return true;
    case EXC_HVC: case EXC_SMC: case EXC_SMC_TRAP:
        if (!ev->has_regs)
            return false;
        *fid = ev->x[0];
        return true;
    case EXC_SVC:
        if (!ev->has_regs)
            return false;
        *fid = ev->x[8];
        return true;
    default: return false;
    }
}

static const char *fid_label(uint64_t fid, char *buf, size_t n)
{
    const char *name = fid >> 32 ? NULL : smccc_fid_name((uint32_t)fid);
    if (name)
        return name;
    snprintf(buf, n, "0x%" PRIx64, fid);
    return buf;
}

#define KIND_IRQ 8      /* filter --kind irq: a bit of its own in the kind mask */

static const char *kind_label(el2_event_kind k)
{
    switch (k) {
    case EV_EXC: return "exc";
    case EV_ERET: return "eret";
    case EV_SYSREG: return "sysreg";
    case EV_STOP: return "stop";
    case EV_FINDING: return "finding";
    case EV_TLBI: return "tlbi";
    }
    return "?";
}

/* Pairs calls with their returns by nesting depth: every exception entry pushes (but
 * semihosting, which returns without an ERET), every ERET pops, a stop empties the stack.
 * The ERET that pops a call closes it when it is legal and goes back to the EL the call
 * came from; one that returns elsewhere (HVC_SOFT_RESTART's ERET to EL2) or is illegal
 * closes nothing. So an exception taken and returned from inside a handler does not end
 * the call around it. For each event index: the index of the call an ERET closes, or -1. */
static GArray *match_returns(const el2_trace *t)
{
    GArray *closes = g_array_new(FALSE, TRUE, sizeof(int));
    g_array_set_size(closes, t->events->len);
    /* one nesting per PE: the PEs of a trace of several (1.3) interleave their events */
    GArray *stacks[256] = { NULL };
    for (guint i = 0; i < t->events->len; i++) {
        const el2_event *e = tev(t, i);
        GArray **sp = &stacks[e->cpu];
        if (!*sp)
            *sp = g_array_new(FALSE, FALSE, sizeof(int));
        GArray *stack = *sp;
        int v = -1;
        if (e->kind == EV_EXC && e->exc != EXC_SEMIHOST) {
            int ii = (int)i;
            g_array_append_val(stack, ii);
        } else if (e->kind == EV_ERET && stack->len) {
            int c = g_array_index(stack, int, stack->len - 1);
            g_array_set_size(stack, stack->len - 1);
            if (!e->illegal && e->to_el == tev(t, c)->from_el)
                v = c;
        } else if (e->kind == EV_STOP) {
            g_array_set_size(stack, 0);
        }
        g_array_index(closes, int, i) = v;
    }
    for (unsigned k = 0; k < G_N_ELEMENTS(stacks); k++)
        if (stacks[k])
            g_array_free(stacks[k], TRUE);
    return closes;
}

/* Ends a trace written to F (PATH) and closes F; false after one line on stderr naming
 * the first write error. */
static bool finish_output(trace_writer *w, FILE *f, const char *cmd, const char *path)
{
    bool ok = trace_writer_finish(w);
    int e = errno;
    if (fclose(f) && ok) {
        ok = false;
        e = errno;
    }
    if (!ok)
        fprintf(stderr, "el2trace %s: %s: write error: %s\n", cmd, path, g_strerror(e));
    return ok;
}

/* ---- dump ---- */

static int cmd_dump(int argc, char **argv)
{
    gboolean regs = FALSE, header = FALSE;
    GOptionEntry e[] = {
        { "regs", 0, 0, G_OPTION_ARG_NONE, &regs, "print the registers with every event", NULL },
        { "header", 0, 0, G_OPTION_ARG_NONE, &header, "print the header first", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("TRACE - one line per event");
    g_option_context_add_main_entries(ctx, e, NULL);
    GError *err = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc != 2) {
        fprintf(stderr, "el2trace dump: %s\n", err ? err->message : "expected one TRACE");
        g_clear_error(&err);
        return EXIT_USAGE;
    }
    bool damaged = false;
    el2_trace *t = load(argv[1], &damaged);
    if (!t)
        return EXIT_USAGE;
    if (header) {
        printf("# el2sim trace %u.%u by %s, CPU %s, flags%s%s%s%s%s\n", t->major, t->minor, t->producer,
               *t->cpu ? t->cpu : "-", t->flags & TRACE_HAS_REGS ? " regs" : "",
               t->flags & TRACE_HAS_STAMPS ? " stamps" : "", t->flags & TRACE_HAS_PC ? " pc" : "",
               t->flags & TRACE_FROM_QEMU ? " qemu-import" : "", t->flags & TRACE_AARCH32 ? " aarch32" : "");
        if (t->cpus > 1)                /* 1.3: a machine of several PEs */
            printf("# %u PEs\n", t->cpus);
        for (guint i = 0; i < t->images->len; i++) {
            const el2_trace_image *im = &g_array_index(t->images, el2_trace_image, i);
            printf("# image %s sha256 %s\n", im->path, *im->sha256 ? im->sha256 : "-");
        }
        printf("# %zu symbols, %u events%s\n", symtab_count(t->syms), t->events->len,
               t->complete ? "" : " (incomplete)");
    }
    for (guint i = 0; i < t->events->len; i++) {
        print_event(stdout, t->syms, tev(t, i));
        if (regs)
            print_regs(stdout, tev(t, i));
    }
    trace_free(t);
    return damaged ? EXIT_DAMAGED : 0;
}

/* ---- json ---- */


static void json_hex(GString *s, const char *key, uint64_t v)
{
    g_string_append_printf(s, ", \"%s\": \"0x%" PRIx64 "\"", key, v);
}

static void json_event(GString *s, const el2_trace *t, guint i, const el2_event *ev)
{
    char b[160], dis[256];
    g_string_append_printf(s, "{\"index\": %u, \"kind\": \"%s\"", i, kind_label(ev->kind));
    if (ev->cpu)                        /* a trace of several PEs (1.3) */
        g_string_append_printf(s, ", \"cpu\": %u", ev->cpu - 1u);
    if (t->flags & TRACE_HAS_STAMPS)
        g_string_append_printf(s, ", \"insns\": %" PRIu64 ", \"cycles\": %" PRIu64, ev->insns, ev->cycles);
    if (t->flags & TRACE_HAS_PC) {
        json_hex(s, "pc", ev->pc);
        g_string_append(s, ", \"symbol\": ");
        json_append_string(s, symtab_format(t->syms, ev->pc, b, sizeof b));
        g_string_append_printf(s, ", \"insn\": \"0x%08x\", \"disasm\": ", ev->insn);
        if (!ev->insn)
            dis[0] = 0;
        else if (ev->a32)               /* the Hyp-mode machine (1.4): A32 or T32 */
            disasm_a32(ev->pc, ev->insn, ev->a32 & 0x20, dis, sizeof dis);
        else
            disasm_sym(t->syms, ev->pc, ev->insn, dis, sizeof dis);
        json_append_string(s, dis);
    }
    if (ev->a32)                        /* 1.4: the AArch32 mode (CPSR.M) and state */
        g_string_append_printf(s, ", \"mode\": \"0x%02x\", \"isa\": \"%s\"", ev->a32 & 0x1fu,
                               ev->a32 & 0x20 ? "T32" : "A32");
    g_string_append_printf(s, ", \"from_el\": %u, \"to_el\": %u", ev->from_el, ev->to_el);
    switch (ev->kind) {
    case EV_EXC: {
        g_string_append(s, ", \"exc\": ");
        json_append_string(s, exc_kind_name(ev->exc));
        g_string_append_printf(s, ", \"esr\": \"0x%08x\", \"ec\": \"%s\"", ev->esr, ec_name(ev->esr >> 26));
        json_hex(s, "elr", ev->elr);
        json_hex(s, "far", ev->far);
        g_string_append_printf(s, ", \"spsr\": \"0x%x\"", ev->spsr);
        json_hex(s, "target", ev->target);
        g_string_append(s, ", \"target_symbol\": ");
        json_append_string(s, symtab_format(t->syms, ev->target, b, sizeof b));
        json_hex(s, "vector_offset", ev->vector_off);
        json_hex(s, "value", ev->value);
        if (exc_is_async(ev->exc)) {     /* interrupts: INTID (physical IRQ) and source */
            static const char *const src[] = { "line", "timer", "--irq", "HCR_EL2", "SGI", "maintenance",
                                               "list register", "set pending" };
            g_string_append_printf(s, ", \"intid\": %" PRIu64 ", \"source\": \"%s\"", ev->value,
                                   ev->status >= 0 && ev->status < 8 ? src[ev->status] : "?");
        }
        uint64_t fid;
        if (call_fid(ev, &fid)) {
            json_hex(s, "fid", fid);
            g_string_append(s, ", \"fid_name\": ");
            json_append_string(s, fid_label(fid, b, sizeof b));
        }
        break;
    }
    case EV_ERET:
        g_string_append_printf(s, ", \"spsr\": \"0x%x\"", ev->spsr);
        json_hex(s, "elr", ev->elr);
        json_hex(s, "target", ev->target);
        g_string_append(s, ", \"target_symbol\": ");
        json_append_string(s, symtab_format(t->syms, ev->target, b, sizeof b));
        g_string_append_printf(s, ", \"illegal\": %s", ev->illegal ? "true" : "false");
        json_hex(s, "value", ev->value);
        break;
    case EV_SYSREG:
        g_string_append(s, ", \"sysreg\": ");
        json_append_string(s, ev->sysreg >= 0 && ev->sysreg < sysreg_count ? sysreg_table[ev->sysreg].name : "?");
        json_hex(s, "value", ev->value);
        json_hex(s, "old", ev->old);
        json_hex(s, "written", ev->raw);
        break;
    case EV_STOP:
        g_string_append(s, ", \"stop\": ");
        json_append_string(s, stop_name(ev->stop));
        g_string_append_printf(s, ", \"status\": %d", ev->status);
        break;
    case EV_FINDING:
        g_string_append(s, ", \"finding\": ");
        json_append_string(s, ev->note);
        g_string_append_printf(s, ", \"finding_kind\": %d", ev->sysreg);
        json_hex(s, "actual", ev->value);
        json_hex(s, "expected", ev->old);
        json_hex(s, "fid", ev->far);
        json_hex(s, "culprit", ev->elr);
        break;
    case EV_TLBI:
        json_hex(s, "operand", ev->value);
        break;
    }
    if (ev->has_pc_pa)
        json_hex(s, "pc_pa", ev->pc_pa);
    if (ev->has_far_pa)
        json_hex(s, "far_pa", ev->far_pa);
    if (ev->has_regs) {
        g_string_append(s, ", \"x\": [");
        for (int r = 0; r < 31; r++)
            g_string_append_printf(s, "%s\"0x%" PRIx64 "\"", r ? ", " : "", ev->x[r]);
        g_string_append(s, "]");
        json_hex(s, "sp", ev->sp);
    }
    g_string_append(s, "}\n");
}

static int cmd_json(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "el2trace json: expected one TRACE\n");
        return EXIT_USAGE;
    }
    bool damaged = false;
    el2_trace *t = load(argv[1], &damaged);
    if (!t)
        return EXIT_USAGE;
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < t->events->len; i++) {
        g_string_truncate(s, 0);
        json_event(s, t, i, tev(t, i));
        fputs(s->str, stdout);
    }
    g_string_free(s, TRUE);
    trace_free(t);
    return damaged ? EXIT_DAMAGED : 0;
}

/* ---- stats ---- */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void count(GHashTable *h, const char *key)
{
    gpointer v = g_hash_table_lookup(h, key);
    g_hash_table_replace(h, g_strdup(key), GINT_TO_POINTER(GPOINTER_TO_INT(v) + 1));
}

static void print_counts(const char *title, GHashTable *h)
{
    GList *keys = g_list_sort(g_hash_table_get_keys(h), (GCompareFunc)strcmp);
    printf("%s\n", title);
    for (GList *l = keys; l; l = l->next)
        printf("  %-32s %8d\n", (char *)l->data, GPOINTER_TO_INT(g_hash_table_lookup(h, l->data)));
    g_list_free(keys);
}

/* min/median/max and a 10-bin histogram of n >= 1 values (sorted in place). Every
 * width is computed without overflow: values may span all of 0..2^64-1. */
static void print_cycles(uint64_t *v, guint n)
{
    qsort(v, n, sizeof *v, cmp_u64);
    uint64_t lo = v[0], hi = v[n - 1];
    uint64_t med = n % 2 ? v[n / 2] : v[n / 2 - 1] + (v[n / 2] - v[n / 2 - 1]) / 2;
    printf("cycles per HVC call (%u calls): min %" PRIu64 "  median %" PRIu64 "  max %" PRIu64 "\n", n, lo,
           med, hi);
    enum { BINS = 10, WIDTH = 50 };
    unsigned hist[BINS] = { 0 }, top = 0;
    /* step = ceil((hi - lo + 1) / BINS), written so that hi - lo + 1 = 2^64 cannot wrap */
    uint64_t w = hi - lo, step = w / BINS + 1;
    unsigned nb = (unsigned)(w / step) + 1;
    for (guint i = 0; i < n; i++) {
        unsigned k = (unsigned)((v[i] - lo) / step);
        hist[k]++;
        top = MAX(top, hist[k]);
    }
    for (unsigned k = 0; k < nb; k++) {
        uint64_t a = lo + k * step, z = hi - a < step - 1 ? hi : a + step - 1;
        unsigned bar = (unsigned)(((uint64_t)hist[k] * WIDTH + top - 1) / top);
        printf("  %8" PRIu64 "-%-8" PRIu64 " %7u |", a, z, hist[k]);
        for (unsigned j = 0; j < bar; j++)
            putchar('#');
        putchar('\n');
    }
}

static int cmd_stats(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "el2trace stats: expected one TRACE\n");
        return EXIT_USAGE;
    }
    bool damaged = false;
    el2_trace *t = load(argv[1], &damaged);
    if (!t)
        return EXIT_USAGE;
    g_autoptr(GHashTable) kinds = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GHashTable) fids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char b[64], key[128];
    for (guint i = 0; i < t->events->len; i++) {
        const el2_event *e = tev(t, i);
        if (e->kind == EV_EXC)
            snprintf(key, sizeof key, "exc %s", exc_kind_name(e->exc));
        else if (e->kind == EV_STOP)
            snprintf(key, sizeof key, "stop %s", stop_name(e->stop));
        else if (e->kind == EV_SYSREG)
            snprintf(key, sizeof key, "sysreg %s",
                     e->sysreg >= 0 && e->sysreg < sysreg_count ? sysreg_table[e->sysreg].name : "?");
        else
            snprintf(key, sizeof key, "%s", kind_label(e->kind));
        count(kinds, key);
        uint64_t fid;
        if (call_fid(e, &fid)) {
            snprintf(key, sizeof key, "%s %s", exc_kind_name(e->exc), fid_label(fid, b, sizeof b));
            count(fids, key);
        }
    }
    printf("%u events%s\n", t->events->len, t->complete ? "" : " (trace incomplete)");
    print_counts("events by kind:", kinds);
    print_counts("calls by function ID:", fids);
    /* cycles per HVC call: its entry to the ERET that returns from it */
    g_autoptr(GArray) closes = match_returns(t);
    g_autoptr(GArray) cyc = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    guint backwards = 0, first_backwards = 0;
    for (guint i = 0; i < t->events->len; i++) {
        int c = g_array_index(closes, int, i);
        if (c < 0 || tev(t, c)->exc != EXC_HVC)
            continue;
        if (tev(t, i)->cycles < tev(t, c)->cycles) {   /* a damaged or hand-made trace */
            if (!backwards++)
                first_backwards = i;
            continue;
        }
        uint64_t d = tev(t, i)->cycles - tev(t, c)->cycles;
        g_array_append_val(cyc, d);
    }
    if (!(t->flags & TRACE_HAS_STAMPS))
        printf("cycles per HVC call: no stamps in this trace\n");
    else if (!cyc->len)
        printf("cycles per HVC call: no HVC calls returned\n");
    else
        print_cycles((uint64_t *)cyc->data, cyc->len);
    if ((t->flags & TRACE_HAS_STAMPS) && backwards)
        printf("cycles per HVC call: %u call%s left out: the return is stamped before the call (first: event %u)\n",
               backwards, backwards == 1 ? "" : "s", first_backwards);
    trace_free(t);
    return damaged ? EXIT_DAMAGED : 0;
}

/* ---- filter ---- */

static int cmd_filter(int argc, char **argv)
{
    char **kinds = NULL, *symbol = NULL, *fid_s = NULL, *cycles = NULL, *out = NULL, *cpu_s = NULL;
    int el = -1;
    GOptionEntry e[] = {
        { "kind", 0, 0, G_OPTION_ARG_STRING_ARRAY, &kinds, "exc, irq (interrupts only), eret, sysreg, stop, finding or tlbi (repeatable)", "K" },
        { "el", 0, 0, G_OPTION_ARG_INT, &el, "events at or into EL N (from or to)", "N" },
        { "symbol", 0, 0, G_OPTION_ARG_STRING, &symbol, "events whose PC is inside this symbol", "NAME" },
        { "fid", 0, 0, G_OPTION_ARG_STRING, &fid_s, "calls with this function ID and the returns from them", "ID" },
        { "cycles", 0, 0, G_OPTION_ARG_STRING, &cycles, "events with A <= cycles <= B (either may be left out)", "A:B" },
        { "cpu", 0, 0, G_OPTION_ARG_STRING, &cpu_s, "events of PE N (a trace of several PEs; 0 keeps all of a one-PE trace)", "N" },
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "write a trace here instead of dumping", "OUT" },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("TRACE - keep the matching events");
    g_option_context_add_main_entries(ctx, e, NULL);
    GError *err = NULL;
    int code = EXIT_USAGE;
    el2_trace *t = NULL;
    GArray *closes = NULL, *keep = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc != 2) {
        fprintf(stderr, "el2trace filter: %s\n", err ? err->message : "expected one TRACE");
        g_clear_error(&err);
        goto done;
    }
    unsigned kmask = 0;
    for (char **k = kinds; k && *k; k++) {
        int i;
        for (i = 0; i <= EV_TLBI && strcmp(*k, kind_label(i)); i++)
            ;
        if (!strcmp(*k, "irq"))          /* interrupts: the asynchronous exception entries */
            i = KIND_IRQ;
        else if (i > EV_TLBI) {
            fprintf(stderr, "el2trace filter: --kind %s: expected exc, irq, eret, sysreg, stop, finding or tlbi\n", *k);
            goto done;
        }
        kmask |= 1u << i;
    }
    uint64_t fid = 0, c_lo = 0, c_hi = UINT64_MAX;
    if (fid_s && !parse_u64(fid_s, &fid)) {
        fprintf(stderr, "el2trace filter: --fid %s: expected a number\n", fid_s);
        goto done;
    }
    if (cycles) {
        char *colon = strchr(cycles, ':');
        g_autofree char *a = colon ? g_strndup(cycles, colon - cycles) : NULL;
        if (!colon || (*a && !parse_u64(a, &c_lo)) || (colon[1] && !parse_u64(colon + 1, &c_hi))) {
            fprintf(stderr, "el2trace filter: --cycles %s: expected A:B\n", cycles);
            goto done;
        }
    }
    uint64_t cpu = 0;
    if (cpu_s && (!parse_u64(cpu_s, &cpu) || cpu > 254)) {
        fprintf(stderr, "el2trace filter: --cpu %s: expected a PE number\n", cpu_s);
        goto done;
    }
    bool damaged = false;
    t = load(argv[1], &damaged);
    if (!t)
        goto done;
    if (cpu_s && cpu >= t->cpus) {
        fprintf(stderr, "el2trace filter: --cpu %s: the trace has %u PE%s (0-%u)\n", cpu_s, t->cpus,
                t->cpus == 1 ? "" : "s", t->cpus - 1);
        goto done;
    }
    uint64_t s_lo = 0, s_hi = 0;
    if (symbol) {
        bool found = false;
        for (size_t i = 0; i < symtab_count(t->syms) && !found; i++) {
            const el2_symbol *s = symtab_at(t->syms, i);
            if (!strcmp(s->name, symbol)) {
                found = true;
                s_lo = s->addr;
                s_hi = s->addr + (s->size ? s->size : 1);
                /* without a size: up to the next symbol */
                for (size_t j = i + 1; !s->size && j < symtab_count(t->syms); j++)
                    if (symtab_at(t->syms, j)->addr > s->addr) {
                        s_hi = symtab_at(t->syms, j)->addr;
                        break;
                    }
            }
        }
        if (!found) {
            fprintf(stderr, "el2trace filter: --symbol %s: no such symbol in the trace\n", symbol);
            goto done;
        }
    }
    closes = match_returns(t);
    keep = g_array_new(FALSE, FALSE, sizeof(el2_event));
    for (guint i = 0; i < t->events->len; i++) {
        const el2_event *ev = tev(t, i);
        bool irq = ev->kind == EV_EXC && exc_is_async(ev->exc);
        if (kmask && !(kmask & (1u << ev->kind)) && !(irq && (kmask & (1u << KIND_IRQ))))
            continue;
        if (el >= 0 && ev->from_el != el && ev->to_el != el)
            continue;
        if (symbol && (ev->pc < s_lo || ev->pc >= s_hi))
            continue;
        if (cycles && (ev->cycles < c_lo || ev->cycles > c_hi))
            continue;
        if (cpu_s && t->cpus > 1 && ev->cpu != cpu + 1)
            continue;
        if (fid_s) {
            uint64_t f;
            int c = g_array_index(closes, int, i);
            const el2_event *call = c >= 0 ? tev(t, c) : ev;
            if (!call_fid(call, &f) || f != fid)
                continue;
        }
        g_array_append_val(keep, *ev);
    }
    if (out) {
        FILE *f = fopen(out, "wb");
        if (!f) {
            fprintf(stderr, "el2trace filter: %s: %s\n", out, g_strerror(errno));
            goto done;
        }
        el2_trace_meta meta = { .flags = t->flags, .cpu = t->cpu, .producer = t->producer,
                                .images = t->images, .syms = t->syms, .cpus = t->cpus };
        trace_writer *w = trace_writer_new(f, &meta, false);
        for (guint i = 0; i < keep->len; i++)
            trace_writer_event(w, &g_array_index(keep, el2_event, i));
        if (!finish_output(w, f, "filter", out))
            goto done;
    } else {
        for (guint i = 0; i < keep->len; i++)
            print_event(stdout, t->syms, &g_array_index(keep, el2_event, i));
    }
    code = damaged ? EXIT_DAMAGED : 0;
done:
    if (closes)
        g_array_free(closes, TRUE);
    if (keep)
        g_array_free(keep, TRUE);
    trace_free(t);
    g_strfreev(kinds);
    g_free(symbol); g_free(fid_s); g_free(cycles); g_free(out); g_free(cpu_s);
    return code;
}

/* ---- diff ---- */

static int cmd_diff(int argc, char **argv)
{
    gboolean stamps = FALSE;
    GOptionEntry e[] = {
        { "stamps", 0, 0, G_OPTION_ARG_NONE, &stamps, "also compare instruction counts and cycles", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("A B - first divergence between two traces");
    g_option_context_add_main_entries(ctx, e, NULL);
    GError *err = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc != 3) {
        fprintf(stderr, "el2trace diff: %s\n", err ? err->message : "expected two traces A B");
        g_clear_error(&err);
        return EXIT_USAGE;
    }
    bool damaged = false;
    el2_trace *a = load(argv[1], &damaged), *b = a ? load(argv[2], &damaged) : NULL;
    int code = EXIT_USAGE;
    if (a && b) {
        code = trace_diff(a, b, stamps, stdout);
        if (!code)
            printf("same: %u events\n", a->events->len);
        if (damaged)
            code = EXIT_DAMAGED;
    }
    trace_free(a);
    trace_free(b);
    return code;
}

/* ---- export --perfetto ---- */

/* An interrupt on its own track (tid 3, category "irq"), named by its kind and INTID
 * ("IRQ 33", "VIRQ 40" for a list register's vINTID; "FIQ", "VSERROR" when there is none),
 * with its source as the event line gives it. */
static void perfetto_interrupt(GString *s, const el2_trace *t, const el2_event *ev, uint64_t ts)
{
    char name[48], src[64], b[160];
    bool has_intid = ev->status != IRQSRC_NONE && ev->status != IRQSRC_HCR &&
                     !(ev->status == IRQSRC_INJECT && (ev->exc == EXC_FIQ || ev->exc == EXC_SERROR));
    if (has_intid)
        snprintf(name, sizeof name, "%s %" PRIu64, exc_kind_name(ev->exc), ev->value);
    else
        snprintf(name, sizeof name, "%s", exc_kind_name(ev->exc));
    g_string_append(s, ",\n{\"ph\": \"i\", \"s\": \"t\", \"name\": ");
    json_append_string(s, name);
    g_string_append_printf(s, ", \"cat\": \"irq\", \"pid\": %u, \"tid\": 3, \"ts\": %" PRIu64 ", \"args\": {",
                           ev->cpu ? ev->cpu : 1u, ts);
    if (has_intid)
        g_string_append_printf(s, "\"intid\": %" PRIu64 ", ", ev->value);
    g_string_append(s, "\"source\": ");
    json_append_string(s, irq_source_text(ev->exc, ev->status, ev->value, src, sizeof src));
    g_string_append(s, ", \"pc\": ");
    json_append_string(s, symtab_format(t->syms, ev->pc, b, sizeof b));
    g_string_append_printf(s, ", \"from_el\": %u, \"to_el\": %u}}", ev->from_el, ev->to_el);
}

static int cmd_export(int argc, char **argv)
{
    char *perfetto = NULL;
    GOptionEntry e[] = {
        { "perfetto", 0, 0, G_OPTION_ARG_FILENAME, &perfetto, "Chrome trace-event JSON for ui.perfetto.dev", "OUT.json" },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("TRACE - export to another tool's format");
    g_option_context_add_main_entries(ctx, e, NULL);
    GError *err = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc != 2 || !perfetto) {
        fprintf(stderr, "el2trace export: %s\n", err ? err->message : "expected --perfetto OUT.json TRACE");
        g_clear_error(&err);
        g_free(perfetto);
        return EXIT_USAGE;
    }
    bool damaged = false;
    el2_trace *t = load(argv[1], &damaged);
    if (!t) {
        g_free(perfetto);
        return EXIT_USAGE;
    }
    /* one cycle = one microsecond of trace time; without stamps, one event = one unit */
    bool st = t->flags & TRACE_HAS_STAMPS;
    GString *s = g_string_new("{\"displayTimeUnit\": \"ns\", \"otherData\": {\"producer\": ");
    json_append_string(s, t->producer);
    g_string_append(s, ", \"time_unit\": ");
    json_append_string(s, st ? "1 us = 1 modelled cycle" : "1 us = 1 event");
    g_string_append(s, "}, \"traceEvents\": [\n");
    /* one process per PE (pid = PE + 1; a one-PE trace: pid 1, "el2sim CPU", as before),
     * each with its calls, exceptions and interrupts tracks */
    for (unsigned k = 0; k < MAX(t->cpus, 1u); k++) {
        g_autofree char *pname = t->cpus > 1 ? g_strdup_printf("el2sim PE %u", k) : g_strdup("el2sim CPU");
        g_string_append_printf(s, "%s{\"ph\": \"M\", \"name\": \"process_name\", \"pid\": %u, \"tid\": 1, \"args\": "
                                  "{\"name\": \"%s\"}},\n"
                                  "{\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": %u, \"tid\": 1, \"args\": {\"name\": \"calls\"}},\n"
                                  "{\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": %u, \"tid\": 2, \"args\": {\"name\": \"exceptions\"}},\n"
                                  "{\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": %u, \"tid\": 3, \"args\": {\"name\": \"interrupts\"}}",
                               k ? ",\n" : "", k + 1, pname, k + 1, k + 1, k + 1);
    }
    g_autoptr(GArray) closes = match_returns(t);
    char b[160], fb[64];
    for (guint i = 0; i < t->events->len; i++) {
        const el2_event *ev = tev(t, i);
        uint64_t ts = st ? ev->cycles : i;
        unsigned pid = ev->cpu ? ev->cpu : 1u;     /* the PE's process */
        if (ev->kind == EV_EXC || ev->kind == EV_ERET || i == 0)
            g_string_append_printf(s, ",\n{\"ph\": \"C\", \"name\": \"EL\", \"pid\": %u, \"ts\": %" PRIu64
                                      ", \"args\": {\"EL\": %u}}", pid, ts, ev->to_el);
        int c = g_array_index(closes, int, i);
        uint64_t fid;
        if (c >= 0 && tev(t, c)->exc == EXC_HVC) {
            const el2_event *call = tev(t, c);
            uint64_t t0 = st ? call->cycles : (uint64_t)c;
            const char *name = call_fid(call, &fid) ? fid_label(fid, fb, sizeof fb) : "HVC";
            g_string_append(s, ",\n{\"ph\": \"X\", \"name\": ");
            json_append_string(s, name);
            g_string_append_printf(s, ", \"cat\": \"hvc\", \"pid\": %u, \"tid\": 1, \"ts\": %" PRIu64 ", \"dur\": %" PRIu64
                                      ", \"args\": {\"call\": ", pid, t0, ts - t0);
            json_append_string(s, symtab_format(t->syms, call->pc, b, sizeof b));
            g_string_append_printf(s, ", \"from_el\": %u, \"returns_to\": ", call->from_el);
            json_append_string(s, symtab_format(t->syms, ev->target, b, sizeof b));
            g_string_append(s, "}}");
        } else if (ev->kind == EV_EXC && exc_is_async(ev->exc)) {
            perfetto_interrupt(s, t, ev, ts);
        } else if ((ev->kind == EV_EXC && ev->exc != EXC_HVC) || ev->kind == EV_FINDING || ev->kind == EV_STOP) {
            const char *name = ev->kind == EV_FINDING ? "finding"
                             : ev->kind == EV_STOP ? stop_name(ev->stop) : exc_kind_name(ev->exc);
            g_string_append(s, ",\n{\"ph\": \"i\", \"s\": \"t\", \"name\": ");
            json_append_string(s, name);
            g_string_append_printf(s, ", \"pid\": %u, \"tid\": 2, \"ts\": %" PRIu64 ", \"args\": {\"pc\": ", pid, ts);
            json_append_string(s, symtab_format(t->syms, ev->pc, b, sizeof b));
            if (ev->kind == EV_EXC && call_fid(ev, &fid)) {
                g_string_append(s, ", \"fid\": ");
                json_append_string(s, fid_label(fid, fb, sizeof fb));
            }
            if (ev->note) {
                g_string_append(s, ", \"finding\": ");
                json_append_string(s, ev->note);
            }
            g_string_append_printf(s, ", \"from_el\": %u, \"to_el\": %u}}", ev->from_el, ev->to_el);
        }
    }
    g_string_append(s, "\n]}\n");
    int code = damaged ? EXIT_DAMAGED : 0;
    if (!g_file_set_contents(perfetto, s->str, (gssize)s->len, &err)) {
        fprintf(stderr, "el2trace export: %s\n", err->message);
        g_error_free(err);
        code = EXIT_USAGE;
    }
    g_string_free(s, TRUE);
    trace_free(t);
    g_free(perfetto);
    return code;
}

/* ---- import-qemu ---- */

/* QEMU logs an illegal exception return only under -d guest_errors. An illegal execution
 * state exception is taken at the first instruction after the return that set PSTATE.IL,
 * so its ELR is that return's target: when the event before it is no return to there,
 * the log lacks the return, and the diff would report a divergence there. Says so once. */
static void note_missing_returns(const char *log, GArray *events)
{
    for (guint i = 0; i < events->len; i++) {
        const el2_event *e = &g_array_index(events, el2_event, i);
        if (e->kind != EV_EXC || e->exc != EXC_ILLEGAL_STATE)
            continue;
        const el2_event *prev = i ? &g_array_index(events, el2_event, i - 1) : NULL;
        if (prev && prev->kind == EV_ERET && prev->target == e->elr)
            continue;
        fprintf(stderr, "el2trace import-qemu: note: %s: event %u is an illegal execution state exception at 0x%" PRIx64
                        " with no exception return to there before it: QEMU logs illegal returns only with "
                        "-d int,guest_errors\n", log, i, e->elr);
        return;
    }
}

static int cmd_import_qemu(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "el2trace import-qemu: expected LOG OUT.trace\n");
        return EXIT_USAGE;
    }
    GError *err = NULL;
    g_autoptr(GArray) events = g_array_new(FALSE, TRUE, sizeof(el2_event));
    if (!qemulog_parse_file(argv[1], events, &err)) {
        /* a log that is malformed or no file at all is bad input, like a damaged trace */
        int code = g_error_matches(err, QEMULOG_ERROR, QEMULOG_ERROR_READ) ? EXIT_USAGE : EXIT_DAMAGED;
        fprintf(stderr, "el2trace import-qemu: %s\n", err->message);
        g_error_free(err);
        return code;
    }
    FILE *f = fopen(argv[2], "wb");
    if (!f) {
        fprintf(stderr, "el2trace import-qemu: %s: %s\n", argv[2], g_strerror(errno));
        return EXIT_USAGE;
    }
    note_missing_returns(argv[1], events);
    el2_trace_meta meta = { .flags = TRACE_FROM_QEMU, .cpu = "", .producer = "el2trace import-qemu" };
    for (guint i = 0; i < events->len; i++)   /* a log of several CPUs (-smp N, -d int,exec) */
        meta.cpus = MAX(meta.cpus, g_array_index(events, el2_event, i).cpu);
    trace_writer *w = trace_writer_new(f, &meta, false);
    for (guint i = 0; i < events->len; i++) {
        el2_event ev = g_array_index(events, el2_event, i);
        ev.has_regs = false;
        trace_writer_event(w, &ev);
    }
    return finish_output(w, f, "import-qemu", argv[2]) ? 0 : EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    sysreg_init();
    const char *cmd = argv[1];
    if (!strcmp(cmd, "dump"))
        return cmd_dump(argc - 1, argv + 1);
    if (!strcmp(cmd, "json"))
        return cmd_json(argc - 1, argv + 1);
    if (!strcmp(cmd, "stats"))
        return cmd_stats(argc - 1, argv + 1);
    if (!strcmp(cmd, "filter"))
        return cmd_filter(argc - 1, argv + 1);
    if (!strcmp(cmd, "diff"))
        return cmd_diff(argc - 1, argv + 1);
    if (!strcmp(cmd, "export"))
        return cmd_export(argc - 1, argv + 1);
    if (!strcmp(cmd, "import-qemu"))
        return cmd_import_qemu(argc - 1, argv + 1);
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "el2trace: unknown command '%s'\n", cmd);
    usage(stderr);
    return EXIT_USAGE;
}
