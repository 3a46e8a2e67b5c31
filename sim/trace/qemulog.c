/* qemulog.c - see qemulog.h. The wording parsed here is what QEMU's target/arm code logs
 * (arm_log_exception, arm_cpu_do_interrupt*, the exception-return helper and the
 * semihosting hook); it was learned from QEMU 7.2's logs and source, not copied. */
#include "qemulog.h"
#include "exception.h"
#include "readfile.h"
#include "trace.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK(qemulog-error-quark, qemulog_error)

/* QEMU's exception numbers (target/arm/cpu.h EXCP_*) that matter here */
#define QEXC_UDEF      1
#define QEXC_SWI       2
#define QEXC_PABT      3
#define QEXC_DABT      4
#define QEXC_BKPT      7
#define QEXC_HVC       11
#define QEXC_SMC       13
#define QEXC_SEMIHOST  16
#define QEXC_IRQ       5
#define QEXC_FIQ       6
#define QEXC_VIRQ      14
#define QEXC_VFIQ      15
#define QEXC_VSERR     24

typedef struct {
    bool open;              /* a "Taking exception" record is being read */
    unsigned line;          /* its first line */
    int num;                /* QEMU's exception number */
    char name[64];
    bool semihost;
    bool have_from, have_esr, have_elr, have_far, have_spsr;
    unsigned from, to;
    uint32_t esr;
    uint64_t elr, far, op;
    uint32_t spsr;
    int cpu;                /* "... on CPU N" (else the current CPU) */
} record;

typedef struct {
    const char *name;
    GArray *events;
    GError **err;
    unsigned line;
    record r;
    /* a QEMU-handled PSCI call of CPU n awaits its synthesized return (made before CPU n's
       next event: none if it has none, as after CPU_OFF or SYSTEM_OFF) */
    bool psci_ret[256];
    unsigned psci_el[256];
    /* -smp N: the CPU the lines are about (from "Trace N:" lines of -d exec, and "Taking
       exception ... on CPU N") and the one the next event is of; multi once a CPU other
       than 0 was named (then events carry their CPU) */
    int cpu, ev_cpu;
    bool multi;
    bool at_end;            /* the log has ended (the last record must be complete) */
} parser;

static bool fail(parser *p, unsigned line, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static bool fail(parser *p, unsigned line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(p->err, QEMULOG_ERROR, QEMULOG_ERROR_PARSE, "%s:%u: %s", p->name, line, what);
    return false;
}

/* Skips spaces and tabs. */
static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* If S starts with PREFIX, returns what follows it, else NULL. */
static const char *after(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(s, prefix, n) == 0 ? s + n : NULL;
}

/* A hex number "0x..." at *S ending at whitespace, '/', ':', ',' or end of line. */
static bool hex(parser *p, const char **s, uint64_t *out, const char *what)
{
    const char *t = skip_ws(*s), *e = t;
    while (*e && *e != ' ' && *e != '\t' && *e != '/' && *e != ':' && *e != ',')
        e++;
    size_t n = (size_t)(e - t);
    bool ok = n > 2 && n <= 18 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X');
    uint64_t v = 0;
    for (size_t i = 2; ok && i < n; i++) {
        int d = g_ascii_xdigit_value(t[i]);
        if (d < 0)
            ok = false;
        else
            v = v << 4 | (uint64_t)d;
    }
    if (!ok) {
        if (n == 0)
            return fail(p, p->line, "missing hex number in %s", what);
        return fail(p, p->line, "malformed hex number '%.*s' in %s", (int)MIN(n, 40), t, what);
    }
    *out = v;
    *s = e;
    return true;
}

/* "EL<digit>" at *S. */
static bool el(parser *p, const char **s, unsigned *out, const char *what)
{
    const char *t = skip_ws(*s);
    if (t[0] != 'E' || t[1] != 'L' || t[2] < '0' || t[2] > '3' || g_ascii_isalnum(t[3]))
        return fail(p, p->line, "expected EL0..EL3 in %s", what);
    *out = (unsigned)(t[2] - '0');
    *s = t + 3;
    return true;
}

/* A decimal number at *S. */
static bool dec(parser *p, const char **s, int *out, const char *what)
{
    const char *t = skip_ws(*s);
    char *end;
    errno = 0;
    long v = strtol(t, &end, 10);
    if (end == t || errno || v < 0 || v > 1000000)
        return fail(p, p->line, "expected a decimal number in %s", what);
    *out = (int)v;
    *s = end;
    return true;
}

static bool expect(parser *p, const char **s, const char *word, const char *what)
{
    const char *t = skip_ws(*s);
    const char *r = after(t, word);
    if (!r)
        return fail(p, p->line, "expected '%s' in %s", word, what);
    *s = r;
    return true;
}

static void emit(parser *p, const el2_event *ev)
{
    el2_event e = *ev;
    e.cpu = (uint8_t)(p->ev_cpu + 1);      /* cleared at the end unless the log is of several */
    g_array_append_vals(p->events, &e, 1);
}

/* A CPU number at s (0-254); -1 if there is none. */
static int cpu_number(const char *s)
{
    if (!g_ascii_isdigit(*s))
        return -1;
    long n = strtol(s, NULL, 10);
    return n >= 0 && n < 255 ? (int)n : -1;
}

/* "Trace N: 0x... [...]" (-d exec): CPU N runs the lines that follow */
static void line_trace(parser *p, const char *s)
{
    int n = cpu_number(s);
    if (n < 0)
        return;
    p->cpu = n;
    p->multi |= n > 0;
}

static void flush_psci(parser *p)
{
    if (!p->psci_ret[p->cpu])
        return;
    el2_event ev = { .kind = EV_ERET, .from_el = 3, .to_el = (uint8_t)p->psci_el[p->cpu] };
    p->ev_cpu = p->cpu;
    emit(p, &ev);
    p->psci_ret[p->cpu] = false;
}

/* The el2sim exception kind of an exception QEMU took. */
static bool classify(parser *p, const record *r, unsigned to, el2_exc_kind *k)
{
    /* interrupts by number: QEMU 7.2 logs the ESR of an earlier exception with IRQ and FIQ
       (which write none) and with a virtual SError (whose ESR it writes after logging):
       the import keeps no ESR for them */
    switch (r->num) {
    case QEXC_IRQ: *k = EXC_IRQ; return true;
    case QEXC_FIQ: *k = EXC_FIQ; return true;
    case QEXC_VIRQ: *k = EXC_VIRQ; return true;
    case QEXC_VFIQ: *k = EXC_VFIQ; return true;
    case QEXC_VSERR: *k = EXC_VSERROR; return true;
    }
    if (r->have_esr) {
        unsigned ec = r->esr >> 26;
        switch (ec) {
        case EC_UNKNOWN: *k = EXC_UNDEF; return true;
        case EC_WFX: *k = EXC_WFX_TRAP; return true;
        case EC_ILLEGAL: *k = EXC_ILLEGAL_STATE; return true;
        case EC_SVC64: case EC_SVC32: *k = EXC_SVC; return true;
        case EC_HVC64: case EC_HVC32: *k = EXC_HVC; return true;
        case EC_SMC64: *k = to == 3 ? EXC_SMC : EXC_SMC_TRAP; return true;
        case EC_SMC32: *k = EXC_SMC_TRAP; return true;
        case EC_SYSREG: case EC_CP15RT: case EC_CP15RRT: case EC_CP14RT: case EC_CP14RRT: case EC_FP_ACCESS:
        case EC_CP10RT:
            *k = EXC_SYSREG_TRAP; return true;
        case EC_IABT_LOWER: case EC_IABT_CUR: *k = EXC_INSN_ABORT; return true;
        case EC_PC_ALIGN: *k = EXC_PC_ALIGN; return true;
        case EC_DABT_LOWER: case EC_DABT_CUR: *k = EXC_DATA_ABORT; return true;
        case EC_SP_ALIGN: *k = EXC_SP_ALIGN; return true;
        case EC_BRK: case EC_BKPT32: *k = EXC_BRK; return true;
        }
        return fail(p, r->line, "exception %d [%s] with EC 0x%x (%s) has no el2sim exception kind", r->num,
                    r->name, ec, ec_name(ec));
    }
    switch (r->num) {
    case QEXC_UDEF: *k = EXC_UNDEF; return true;
    case QEXC_SWI: *k = EXC_SVC; return true;
    case QEXC_PABT: *k = EXC_INSN_ABORT; return true;
    case QEXC_DABT: *k = EXC_DATA_ABORT; return true;
    case QEXC_BKPT: *k = EXC_BRK; return true;
    case QEXC_HVC: *k = EXC_HVC; return true;
    case QEXC_SMC: *k = to == 3 ? EXC_SMC : EXC_SMC_TRAP; return true;
    }
    return fail(p, r->line, "exception %d [%s] has no ESR line and no el2sim exception kind", r->num, r->name);
}

/* An interrupt by QEMU's exception number (IRQ, FIQ, virtual IRQ, FIQ, SError) */
static bool is_interrupt(int num)
{
    return num == QEXC_IRQ || num == QEXC_FIQ || num == QEXC_VIRQ || num == QEXC_VFIQ || num == QEXC_VSERR;
}

/* Ends the open record at a line that is not part of it (or at the end of the log). */
static bool close_record(parser *p)
{
    record *r = &p->r;
    if (!r->open)
        return true;
    r->open = false;
    if (r->semihost && r->have_from) {
        el2_event ev = { .kind = EV_EXC, .exc = EXC_SEMIHOST, .from_el = (uint8_t)r->from,
                         .to_el = (uint8_t)r->from, .value = r->op };
        p->ev_cpu = r->cpu;
        emit(p, &ev);
        return true;
    }
    /* QEMU 7.2 logs an entry to AArch32 Hyp mode, and an interrupt taken to an AArch32
       EL1's IRQ, FIQ or Abort mode, with its ELs and ESR only (no '...to EL' line): such a
       record ends at the next record's first line, not at the log's end. The ESR it logs
       with an interrupt is an earlier exception's (classify): none is kept. */
    if (r->have_from && r->have_esr && !p->at_end &&
        (r->to == 2 || (r->to == 1 && r->from <= 1 && is_interrupt(r->num)))) {
        el2_exc_kind k = EXC_UNDEF;
        if (!classify(p, r, r->to, &k))
            return false;
        el2_event ev = { .kind = EV_EXC, .exc = k, .from_el = (uint8_t)r->from, .to_el = (uint8_t)r->to,
                         .esr = exc_is_async(k) ? 0 : r->esr, .old = TRACE_QEMU_NO_TARGET };
        p->ev_cpu = r->cpu;
        emit(p, &ev);
        return true;
    }
    return fail(p, r->line, "exception record %d [%s] ends before its '%s' line (truncated log?)", r->num,
                r->name, r->have_from ? "...to EL" : "...from EL");
}

static bool line_taking(parser *p, const char *s)
{
    if (!close_record(p))
        return false;
    const char *on = strstr(s, " on CPU ");
    int n = on ? cpu_number(on + 8) : -1;
    if (n >= 0) {
        p->cpu = n;
        p->multi |= n > 0;
    }
    flush_psci(p);
    record *r = &p->r;
    memset(r, 0, sizeof *r);
    r->open = true;
    r->line = p->line;
    if (!dec(p, &s, &r->num, "'Taking exception' line"))
        return false;
    s = skip_ws(s);
    if (*s == '[') {
        const char *e = strchr(s, ']');
        if (!e)
            return fail(p, p->line, "unterminated exception name in 'Taking exception' line");
        g_strlcpy(r->name, s + 1, MIN(sizeof r->name, (size_t)(e - s)));
    }
    r->cpu = p->cpu;
    r->semihost = r->num == QEXC_SEMIHOST || strcmp(r->name, "Semihosting call") == 0;
    return true;
}

static bool line_dots(parser *p, const char *s)
{
    record *r = &p->r;
    const char *t;
    uint64_t v;
    if (!r->open)
        return true;                               /* detail of a record we do not track */
    if ((t = after(s, "from "))) {
        if (!el(p, &t, &r->from, "'...from' line") || !expect(p, &t, "to", "'...from' line") ||
            !el(p, &t, &r->to, "'...from' line"))
            return false;
        r->have_from = true;
        return true;
    }
    if (!r->have_from)
        return fail(p, p->line, "'...%.20s' line before the record's '...from EL' line", s);
    if ((t = after(s, "with ESR "))) {
        uint64_t first;
        if (!hex(p, &t, &first, "'...with ESR' line"))
            return false;
        if (*t == '/') {
            t++;
            if (!hex(p, &t, &v, "'...with ESR' line"))
                return false;
            if (v >> 26 != first)
                return fail(p, p->line, "ESR 0x%" G_GINT64_MODIFIER "x does not have EC 0x%" G_GINT64_MODIFIER "x",
                            v, first);
        } else {
            v = first;                                 /* older QEMUs: the syndrome alone */
        }
        if (v > 0xffffffffu)
            return fail(p, p->line, "ESR 0x%" G_GINT64_MODIFIER "x wider than 32 bits", v);
        r->esr = (uint32_t)v;
        r->have_esr = true;
        return true;
    }
    if ((t = after(s, "with ELR "))) {
        if (!hex(p, &t, &r->elr, "'...with ELR' line"))
            return false;
        r->have_elr = true;
        return true;
    }
    if ((t = after(s, "with SPSR "))) {
        if (!hex(p, &t, &v, "'...with SPSR' line"))
            return false;
        r->spsr = (uint32_t)v;
        r->have_spsr = true;
        return true;
    }
    if ((t = after(s, "with FAR "))) {
        if (!hex(p, &t, &r->far, "'...with FAR' line"))
            return false;
        r->have_far = true;
        return true;
    }
    if (after(s, "handled as PSCI call")) {
        el2_event ev = { .kind = EV_EXC, .exc = EXC_FIRMWARE, .from_el = (uint8_t)r->from, .to_el = 3,
                         .esr = r->esr };
        p->ev_cpu = r->cpu;
        emit(p, &ev);
        r->open = false;
        p->psci_ret[r->cpu] = true;
        p->psci_el[r->cpu] = r->from;
        return true;
    }
    if ((t = after(s, "handling as semihosting call "))) {
        if (!hex(p, &t, &r->op, "'...handling as semihosting call' line"))
            return false;
        r->semihost = true;
        return close_record(p);
    }
    if ((t = after(s, "to "))) {
        unsigned to;
        if (!el(p, &t, &to, "'...to EL' line") || !expect(p, &t, "PC", "'...to EL' line") ||
            !hex(p, &t, &v, "'...to EL' line"))
            return false;
        if (to != r->to)
            return fail(p, p->line, "record goes to EL%u but '...from' said EL%u", to, r->to);
        el2_exc_kind k = EXC_UNDEF;
        if (!classify(p, r, to, &k))
            return false;
        bool no_esr = exc_is_async(k);
        el2_event ev = { .kind = EV_EXC, .exc = k, .from_el = (uint8_t)r->from, .to_el = (uint8_t)to,
                         .esr = no_esr ? 0 : r->esr, .elr = r->elr, .far = r->far, .spsr = r->spsr, .target = v,
                         .old = (r->have_far ? TRACE_QEMU_LOGGED_FAR : 0) | (r->have_spsr ? TRACE_QEMU_LOGGED_SPSR : 0) };
        /* The log has no PC of the instruction: SVC/HVC (and an SMC taken to EL3) return after
         * themselves, everything else returns to itself. */
        ev.pc = r->elr;
        if (k == EXC_IRQ || k == EXC_FIQ || k == EXC_VIRQ || k == EXC_VFIQ || k == EXC_VSERROR)
            ev.status = k == EXC_IRQ || k == EXC_FIQ ? IRQSRC_NONE : IRQSRC_HCR;
        if (k == EXC_SVC || k == EXC_HVC || k == EXC_SMC)
            ev.pc = r->elr - 4;
        p->ev_cpu = r->cpu;
        emit(p, &ev);
        r->open = false;
        return true;
    }
    return true;                                       /* other details (AArch32 HSR/DFSR, ...) */
}

/* An AArch32 mode as QEMU names it (target/arm aarch32_mode_name: usr, fiq, irq, svc, mon,
 * abt, hyp, und, sys) and its EL */
static bool mode32(parser *p, const char **s, unsigned *el, const char *what)
{
    static const struct { const char *name; unsigned el; } modes[] = {
        { "usr", 0 }, { "fiq", 1 }, { "irq", 1 }, { "svc", 1 }, { "abt", 1 }, { "und", 1 }, { "sys", 1 },
        { "hyp", 2 }, { "mon", 3 },
    };
    const char *t = skip_ws(*s);
    for (size_t i = 0; i < G_N_ELEMENTS(modes); i++)
        if (!strncmp(t, modes[i].name, 3) && (t[3] == ' ' || !t[3])) {
            *el = modes[i].el;
            *s = t + 3;
            return true;
        }
    return fail(p, p->line, "expected an AArch32 mode (usr, svc, hyp, ...) in %s", what);
}

/* "Exception return from AArch64 ELa to AArch64 ELb PC 0x..." (the target may be AArch32);
 * from AArch32 Hyp mode "Exception return from AArch32 hyp to svc PC 0x..." */
static bool line_return(parser *p, const char *s)
{
    if (!close_record(p))
        return false;
    flush_psci(p);
    unsigned from, to;
    uint64_t pc;
    const char *w = "'Exception return' line";
    s = skip_ws(s);
    const char *a = after(s, "AArch64");
    if (a) {
        s = a;
        if (!el(p, &s, &from, w))
            return false;
    } else if ((a = after(s, "AArch32"))) {   /* from AArch32 Hyp mode: "AArch32 hyp to svc PC" */
        s = a;
        if (!mode32(p, &s, &from, w) || !expect(p, &s, "to", w) || !mode32(p, &s, &to, w) ||
            !expect(p, &s, "PC", w) || !hex(p, &s, &pc, w))
            return false;
        /* QEMU 7.2 logs R15 before cpsr_write_eret clears its bit 0 for a T32 return:
           the new PC is without it */
        el2_event ev = { .kind = EV_ERET, .from_el = (uint8_t)from, .to_el = (uint8_t)to, .target = pc & ~1ULL };
        p->ev_cpu = p->cpu;
        emit(p, &ev);
        return true;
    } else {
        return fail(p, p->line, "expected 'AArch64' or 'AArch32' in %s", w);
    }
    if (!expect(p, &s, "to", w))
        return false;
    s = skip_ws(s);
    a = after(s, "AArch64");
    if (!a)
        a = after(s, "AArch32");
    if (!a)
        return fail(p, p->line, "expected 'AArch64' or 'AArch32' in %s", w);
    s = a;
    if (!el(p, &s, &to, w) || !expect(p, &s, "PC", w) || !hex(p, &s, &pc, w))
        return false;
    el2_event ev = { .kind = EV_ERET, .from_el = (uint8_t)from, .to_el = (uint8_t)to, .target = pc };
    p->ev_cpu = p->cpu;                   /* the CPU of the last "Trace N:" line */
    emit(p, &ev);
    return true;
}

/* "Illegal exception return at ELa: resuming execution at 0x..." */
static bool line_illegal(parser *p, const char *s)
{
    if (!close_record(p))
        return false;
    flush_psci(p);
    unsigned at;
    uint64_t pc;
    const char *w = "'Illegal exception return' line";
    if (!el(p, &s, &at, w) || !expect(p, &s, ":", w) || !expect(p, &s, "resuming execution at", w) ||
        !hex(p, &s, &pc, w))
        return false;
    el2_event ev = { .kind = EV_ERET, .from_el = (uint8_t)at, .to_el = (uint8_t)at, .target = pc,
                     .illegal = true };
    p->ev_cpu = p->cpu;
    emit(p, &ev);
    return true;
}

static bool parse_line(parser *p, const char *s)
{
    const char *t;
    s = skip_ws(s);
    if ((t = after(s, "Taking exception ")))
        return line_taking(p, t);
    if ((t = after(s, "...")))
        return line_dots(p, t);
    if ((t = after(s, "Exception return from ")))
        return line_return(p, t);
    if ((t = after(s, "Illegal exception return at ")))
        return line_illegal(p, t);
    if ((t = after(s, "Trace ")))
        line_trace(p, t);
    return true;
}

bool qemulog_parse_named(const char *name, const char *text, size_t len, GArray *events, GError **err)
{
    parser p = { .name = name, .events = events, .err = err };
    guint start = events->len;
    size_t i = 0;
    GString *buf = g_string_new(NULL);
    bool ok = true;
    while (ok && i < len) {
        size_t j = i;
        while (j < len && text[j] != '\n')
            j++;
        size_t n = j - i;
        if (n && text[i + n - 1] == '\r')
            n--;
        g_string_truncate(buf, 0);
        g_string_append_len(buf, text + i, (gssize)n);
        p.line++;
        if (memchr(buf->str, 0, buf->len))
            ok = fail(&p, p.line, "NUL byte in the log");
        else
            ok = parse_line(&p, buf->str);
        i = j + 1;
    }
    if (ok) {
        p.line++;
        p.at_end = true;
        ok = close_record(&p);
    }
    /* a PSCI call that is the last thing in the log did not come back (SYSTEM_OFF): no return */
    g_string_free(buf, TRUE);
    for (guint k = start; !p.multi && k < events->len; k++)   /* one CPU: no CPU numbers */
        g_array_index(events, el2_event, k).cpu = 0;
    if (!ok)
        g_array_set_size(events, start);
    return ok;
}

bool qemulog_parse(const char *text, size_t len, GArray *events, GError **err)
{
    return qemulog_parse_named("log", text, len, events, err);
}

bool qemulog_parse_file(const char *path, GArray *events, GError **err)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!read_regular_file(path, &text, &len, &e)) {
        bool bad = g_error_matches(e, READFILE_ERROR, READFILE_ERROR_NOT_REGULAR);
        g_set_error(err, QEMULOG_ERROR, bad ? QEMULOG_ERROR_NOT_REGULAR : QEMULOG_ERROR_READ, "%s", e->message);
        g_error_free(e);
        return false;
    }
    return qemulog_parse_named(path, text, len, events, err);
}
