/* trace_read.c - reads binary traces (traces/FORMAT.md), checking every byte, and
 * compares two traces event by event (el2trace diff, --expect-trace). */
#include "trace.h"
#include "trace_codec.h"
#include "print.h"
#include "readfile.h"
#include "sysreg.h"
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- bounded input ---- */

typedef enum { RD_OK, RD_EOF, RD_BAD } rd_status;

typedef struct rd {
    const uint8_t *d;
    size_t pos, end;
    rd_status st;
} rd;

static uint64_t get_varint(rd *r)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (r->pos >= r->end) {
            if (r->st == RD_OK)
                r->st = RD_EOF;
            return 0;
        }
        uint8_t b = r->d[r->pos++];
        if (shift == 63 && (b & 0x7e)) {
            r->st = RD_BAD;
            return 0;
        }
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
    r->st = RD_BAD;
    return 0;
}

static int64_t get_zigzag(rd *r)
{
    uint64_t u = get_varint(r);
    return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

static bool get_bytes(rd *r, void *out, size_t n)
{
    if (r->st != RD_OK)
        return false;
    if (r->end - r->pos < n) {
        r->st = RD_EOF;
        return false;
    }
    memcpy(out, r->d + r->pos, n);
    r->pos += n;
    return true;
}

static uint32_t get_u32(rd *r)
{
    uint8_t b[4] = { 0 };
    get_bytes(r, b, 4);
    return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

static char *get_str(rd *r)
{
    uint64_t n = get_varint(r);
    if (r->st != RD_OK)
        return NULL;
    if (n > r->end - r->pos) {
        r->st = RD_EOF;
        return NULL;
    }
    char *s = g_strndup((const char *)r->d + r->pos, n);
    r->pos += n;
    return s;
}

/* ---- decoding ---- */

static bool decode(tc_pred *p, el2_trace *t, int kind, bool has_regs, rd *r, el2_event *ev, const char **why)
{
    const el2_event *q = &p->last[kind];
    memset(ev, 0, sizeof *ev);
    ev->kind = kind;
    ev->insns = p->insns + (uint64_t)get_zigzag(r);
    ev->cycles = p->cycles + (uint64_t)get_zigzag(r);
    uint64_t bits = get_varint(r);
    if (r->st != RD_OK)
        goto bad;
    if (bits >> TF_COUNT) {
        *why = "unknown field bits";
        return false;
    }
#define HAS(f) (bits & (1u << (f)))
    ev->pc = HAS(TF_PC) ? q->pc + (uint64_t)get_zigzag(r) : q->pc;
    ev->insn = HAS(TF_INSN) ? q->insn ^ (uint32_t)get_varint(r) : q->insn;
    ev->from_el = HAS(TF_FROM_EL) ? (uint8_t)get_varint(r) : q->from_el;
    ev->to_el = HAS(TF_TO_EL) ? (uint8_t)get_varint(r) : q->to_el;
    ev->exc = HAS(TF_EXC) ? (el2_exc_kind)get_varint(r) : q->exc;
    ev->esr = HAS(TF_ESR) ? q->esr ^ (uint32_t)get_varint(r) : q->esr;
    uint64_t elr_pred = q->elr + (ev->pc - q->pc);
    ev->elr = HAS(TF_ELR) ? elr_pred + (uint64_t)get_zigzag(r) : elr_pred;
    ev->far = HAS(TF_FAR) ? q->far + (uint64_t)get_zigzag(r) : q->far;
    ev->spsr = HAS(TF_SPSR) ? q->spsr ^ (uint32_t)get_varint(r) : q->spsr;
    ev->target = HAS(TF_TARGET) ? q->target + (uint64_t)get_zigzag(r) : q->target;
    ev->vector_off = HAS(TF_VECTOR) ? q->vector_off + (uint64_t)get_zigzag(r) : q->vector_off;
    ev->illegal = HAS(TF_ILLEGAL) ? !q->illegal : q->illegal;
    ev->sysreg = q->sysreg;
    if (HAS(TF_SYSREG)) {
        g_autofree char *name = get_str(r);
        if (r->st != RD_OK)
            goto bad;
        if (name[0] == '#') {
            ev->sysreg = atoi(name + 1);
        } else {
            ev->sysreg = sysreg_find_name(name);
            if (ev->sysreg < 0) {
                *why = "unknown system register name";
                return false;
            }
        }
    }
    ev->value = HAS(TF_VALUE) ? q->value + (uint64_t)get_zigzag(r) : q->value;
    ev->old = HAS(TF_OLD) ? q->old + (uint64_t)get_zigzag(r) : q->old;
    uint64_t raw_pred = kind == EV_SYSREG ? ev->value : 0;
    ev->raw = HAS(TF_RAW) ? raw_pred + (uint64_t)get_zigzag(r) : raw_pred;
    ev->stop = HAS(TF_STOP) ? (el2_stop_kind)get_varint(r) : q->stop;
    ev->status = q->status;
    if (HAS(TF_STATUS)) {
        /* the writer stores the difference of two ints: anything that does not land in
         * int's range is damage (and must not overflow here) */
        int64_t d = get_zigzag(r);
        if (d < (int64_t)INT_MIN - q->status || d > (int64_t)INT_MAX - q->status) {
            *why = "status out of range";
            return false;
        }
        ev->status = (int)(q->status + d);
    }
    if (HAS(TF_NOTE)) {
        char *note = get_str(r);
        if (r->st != RD_OK)
            goto bad;
        g_free(p->note[kind]);
        p->note[kind] = note;
    }
#undef HAS
    if (p->note[kind] && *p->note[kind]) {
        char *copy = g_strdup(p->note[kind]);
        g_ptr_array_add(t->strings, copy);
        ev->note = copy;
    }
    if (has_regs) {
        uint64_t *rg = p->regs[kind];
        uint64_t mask = get_varint(r);
        if (mask >> 32) {
            *why = "bad register mask";
            return false;
        }
        for (int i = 0; i < 32; i++)
            if (mask & (1ull << i))
                rg[i] += (uint64_t)get_zigzag(r);
        ev->has_regs = true;
        memcpy(ev->x, rg, sizeof ev->x);
        ev->sp = rg[31];
    }
    if (t->minor >= 1 && r->st == RD_OK && r->pos < r->end) {   /* the PA extension (1.1) */
        uint64_t pa = get_varint(r);
        uint64_t known = TC_PA_PC | TC_PA_FAR | (t->minor >= 3 ? TC_PA_CPU : 0) | (t->minor >= 4 ? TC_PA_A32 : 0);
        if (r->st == RD_OK && (pa & ~known) && t->minor <= TRACE_VERSION_MINOR) {
            *why = "unknown PA extension bits";
            return false;
        }
        ev->has_pc_pa = pa & TC_PA_PC;
        ev->has_far_pa = pa & TC_PA_FAR;
        if (ev->has_pc_pa)
            ev->pc_pa = ev->pc + (uint64_t)get_zigzag(r);
        if (ev->has_far_pa)
            ev->far_pa = ev->far + (uint64_t)get_zigzag(r);
        if (pa & known & TC_PA_CPU) {           /* 1.3: the event's PE */
            uint64_t n = get_varint(r);
            if (r->st == RD_OK && n >= t->cpus) {
                *why = "PE number out of range";
                return false;
            }
            ev->cpu = (uint8_t)(n + 1);
        }
        if (pa & known & TC_PA_A32) {           /* 1.4: the event's AArch32 mode and T */
            uint64_t m = get_varint(r);
            if (r->st == RD_OK && (m > 0x7f || !(m & 0x10))) {
                *why = "AArch32 mode out of range";
                return false;
            }
            ev->a32 = (uint8_t)(0x80u | m);
        }
    }
    if (r->st != RD_OK)
        goto bad;
    if (ev->from_el > 3 || ev->to_el > 3) {
        *why = "exception level out of range";
        return false;
    }
    p->insns = ev->insns;
    p->cycles = ev->cycles;
    p->last[kind] = *ev;
    p->last[kind].note = NULL;
    p->last[kind].has_regs = false;
    return true;
bad:
    *why = r->st == RD_BAD ? "malformed number" : "event body shorter than its fields";
    return false;
}

/* ---- the file ---- */

static void set_error(el2_trace *t, bool truncated, uint64_t off, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
static void set_error(el2_trace *t, bool truncated, uint64_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    t->truncated = truncated;
    t->error_offset = off;
    if (truncated)
        t->error = g_strdup_printf("%s: truncated at byte %" PRIu64 " (%s)", t->name, off, what);
    else
        t->error = g_strdup_printf("%s: corrupt at byte %" PRIu64 ": %s", t->name, off, what);
}

static el2_trace *trace_new(const char *name)
{
    el2_trace *t = g_new0(el2_trace, 1);
    t->name = g_strdup(name);
    t->images = g_array_new(FALSE, TRUE, sizeof(el2_trace_image));
    t->syms = symtab_new();
    t->events = g_array_new(FALSE, TRUE, sizeof(el2_event));
    t->strings = g_ptr_array_new_with_free_func(g_free);
    t->cpu = g_strdup("");
    t->producer = g_strdup("");
    return t;
}

void trace_free(el2_trace *t)
{
    if (!t)
        return;
    for (guint i = 0; i < t->images->len; i++)
        g_free(g_array_index(t->images, el2_trace_image, i).path);
    g_array_free(t->images, TRUE);
    symtab_free(t->syms);
    g_array_free(t->events, TRUE);
    g_ptr_array_free(t->strings, TRUE);
    g_free(t->name); g_free(t->cpu); g_free(t->producer); g_free(t->error);
    g_free(t);
}

static bool parse_header(el2_trace *t, const uint8_t *d, size_t len, size_t at)
{
    rd r = { d, 0, len, RD_OK };
    t->flags = (uint32_t)get_varint(&r);
    char *cpu = get_str(&r), *prod = get_str(&r);
    if (cpu) { g_free(t->cpu); t->cpu = cpu; }
    if (prod) { g_free(t->producer); t->producer = prod; }
    get_varint(&r);   /* key interval */
    uint64_t n = get_varint(&r);
    for (uint64_t i = 0; i < n && r.st == RD_OK; i++) {
        el2_trace_image im = { .path = get_str(&r) };
        uint8_t sha[32];
        if (!get_bytes(&r, sha, 32)) {
            g_free(im.path);
            break;
        }
        bool zero = true;
        for (int j = 0; j < 32; j++)
            zero = zero && !sha[j];
        for (int j = 0; j < 32 && !zero; j++)
            snprintf(im.sha256 + 2 * j, 3, "%02x", sha[j]);
        g_array_append_val(t->images, im);
    }
    n = r.st == RD_OK ? get_varint(&r) : 0;
    for (uint64_t i = 0; i < n && r.st == RD_OK; i++) {
        g_autofree char *name = get_str(&r);
        uint64_t addr = get_varint(&r), size = get_varint(&r);
        uint8_t fl = 0;
        if (!get_bytes(&r, &fl, 1))
            break;
        symtab_add(t->syms, name, addr, size, fl & 1, fl & 2);
    }
    t->cpus = 1;
    if (t->minor >= 3 && r.st == RD_OK && r.pos < r.end) {   /* 1.3: the number of PEs */
        uint64_t n = get_varint(&r);
        t->cpus = n >= 1 && n <= 255 ? (unsigned)n : 0;
        if (!t->cpus && r.st == RD_OK) {
            set_error(t, false, at + r.pos, "malformed header");
            return false;
        }
    }
    if (r.st != RD_OK) {
        set_error(t, false, at + r.pos, "malformed header");
        return false;
    }
    return true;
}

static bool is_footer(const uint8_t *f, unsigned major)
{
    return f[0] == 'E' && f[1] == 'N' && f[2] == 'D' && f[3] == major && !memcmp(f + 12, "EL2\n", 4);
}

el2_trace *trace_read_mem(const char *name, const uint8_t *d, size_t len)
{
    static const uint8_t magic[8] = { 'E', 'L', '2', 'T', 'R', 'A', 'C', 'E' };
    el2_trace *t = trace_new(name);
    sysreg_init();
    if (len < 10) {
        if (!memcmp(d, magic, MIN(len, 8)))
            set_error(t, true, len, "inside the file header");
        else
            set_error(t, false, 0, "not an el2sim trace (bad magic)");
        return t;
    }
    if (memcmp(d, magic, 8)) {
        set_error(t, false, 0, "not an el2sim trace (bad magic)");
        return t;
    }
    t->major = d[8];
    t->minor = d[9];
    if (t->major != TRACE_VERSION_MAJOR) {
        set_error(t, false, 8, "format version %u.%u, this reader reads %u.x", t->major, t->minor,
                  TRACE_VERSION_MAJOR);
        return t;
    }
    bool footer = len >= 10 + TC_FOOTER && is_footer(d + len - TC_FOOTER, t->major);
    size_t end = footer ? len - TC_FOOTER : len;
    /* where a record that runs past `end` is reported: truncation, or corruption when
       the file has its end record */
#define RAN_OUT(at, ...)                                                         \
    do {                                                                         \
        if (footer)                                                              \
            set_error(t, false, (at), "record runs into the end record");        \
        else                                                                     \
            set_error(t, true, len, __VA_ARGS__);                                \
        return t;                                                                \
    } while (0)

    rd r = { d, 10, end, RD_OK };
    if (r.pos >= end)
        RAN_OUT(10, "inside the file header");
    if (d[r.pos] != TAG_HEADER) {
        set_error(t, false, r.pos, "expected the header record, found tag 0x%02x", d[r.pos]);
        return t;
    }
    r.pos++;
    uint64_t hlen = get_varint(&r);
    if (r.st == RD_BAD) {
        set_error(t, false, 11, "malformed header length");
        return t;
    }
    if (r.st == RD_EOF || hlen > end - r.pos || end - r.pos - hlen < 4)
        RAN_OUT(11, "inside the file header");
    size_t hstart = r.pos;
    r.pos += hlen;
    uint32_t hcrc = get_u32(&r);
    if (hcrc != trace_crc32(0, d + hstart, hlen)) {
        set_error(t, false, 10, "header checksum mismatch");
        return t;
    }
    if (!parse_header(t, d + hstart, hlen, hstart))
        return t;

    tc_pred p = { 0 };
    size_t chunk_start = r.pos;
    guint chunk_first = 0;
    bool ok = true;
    while (r.pos < end && ok) {
        size_t at = r.pos;
        uint8_t tag = d[at];
        guint k = t->events->len;
        if (tag == TAG_CHECK) {
            r.pos++;
            uint64_t n = get_varint(&r);
            uint32_t crc = get_u32(&r);
            if (r.st == RD_BAD) {
                set_error(t, false, at, "malformed checkpoint");
                ok = false;
            } else if (r.st == RD_EOF) {
                RAN_OUT(at, "inside the checkpoint after event %u", k ? k - 1 : 0);
            } else if (crc != trace_crc32(0, d + chunk_start, at - chunk_start) || n != k - chunk_first) {
                set_error(t, false, chunk_start, "checksum mismatch in bytes %zu..%zu (events %u..%u)", chunk_start,
                          at - 1, chunk_first, k ? k - 1 : 0);
                g_array_set_size(t->events, chunk_first);
                ok = false;
            } else {
                chunk_start = r.pos;
                chunk_first = k;
            }
        } else if (tag < 0x40 && (tag & 7) < TC_KINDS && !(tag & 0xe0)) {
            r.pos++;
            uint64_t blen = get_varint(&r);
            if (r.st == RD_BAD) {
                set_error(t, false, at, "event %u: malformed length", k);
                ok = false;
                break;
            }
            if (r.st == RD_EOF || blen > end - r.pos)
                RAN_OUT(at, "inside event %u", k);
            if (tag & TAG_F_KEY)
                tc_pred_reset(&p);
            rd body = { d, r.pos, r.pos + blen, RD_OK };
            el2_event ev;
            const char *why = NULL;
            if (!decode(&p, t, tag & 7, tag & TAG_F_REGS, &body, &ev, &why)) {
                set_error(t, false, at, "event %u: %s", k, why);
                ok = false;
                break;
            }
            if (body.pos != body.end && t->minor <= TRACE_VERSION_MINOR) {
                set_error(t, false, at, "event %u: %zu unexplained bytes at its end", k, body.end - body.pos);
                ok = false;
                break;
            }
            r.pos += blen;
            g_array_append_val(t->events, ev);
        } else if (tag == TAG_END && !footer && len - at < TC_FOOTER) {
            set_error(t, true, len, "inside the end record");
            ok = false;
        } else {
            set_error(t, false, at, "unknown record tag 0x%02x", tag);
            ok = false;
        }
    }
    if (ok && footer) {
        const uint8_t *f = d + end;
        uint32_t n = f[4] | f[5] << 8 | f[6] << 16 | (uint32_t)f[7] << 24;
        uint32_t crc = f[8] | f[9] << 8 | f[10] << 16 | (uint32_t)f[11] << 24;
        if (chunk_start != end)
            set_error(t, false, chunk_start, "events after the last checkpoint");
        else if (crc != trace_crc32(0, d, end))
            set_error(t, false, end, "file checksum mismatch");
        else if (n != t->events->len)
            set_error(t, false, end, "end record counts %u events, the file has %u", n, t->events->len);
        else
            t->complete = true;
    } else if (ok) {
        guint k = t->events->len;
        if (k)
            set_error(t, true, len, "after event %u: no end record", k - 1);
        else
            set_error(t, true, len, "no events and no end record");
    }
    tc_pred_reset(&p);
    return t;
#undef RAN_OUT
}

el2_trace *trace_read_file(const char *path, GError **err)
{
    g_autofree char *data = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!read_regular_file(path, &data, &len, &e)) {
        if (!g_error_matches(e, READFILE_ERROR, READFILE_ERROR_NOT_REGULAR)) {
            g_propagate_error(err, e);
            return NULL;
        }
        /* not a trace at all: bad input, like a damaged one (no events) */
        el2_trace *t = trace_new(path);
        t->error = g_strdup(e->message);
        g_error_free(e);
        return t;
    }
    return trace_read_mem(path, (const uint8_t *)data, len);
}

/* ---- printing and comparing ---- */

void trace_print_event(FILE *f, const el2_symtab *st, const el2_event *ev)
{
    print_event(f, st, ev);
}

static char *line_of(const el2_symtab *st, const el2_event *ev)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    trace_print_event(f, st, ev);
    fclose(f);
    while (len && buf[len - 1] == '\n')
        buf[--len] = 0;
    char *s = g_strdup(buf);
    free(buf);
    return s;
}

#define DIFF_NUM(field, label, fmt)                                                                  \
    if (a->field != b->field)                                                                        \
        return g_strdup_printf(label " " fmt " vs " fmt, a->field, b->field)

/* Events of which one (or both) comes from QEMU's -d int log: every field that log gives.
 * An imported exception entry's `old` says which of its optional lines the log had
 * (TRACE_QEMU_LOGGED_*); el2sim's own entries have 0 there, so a field is compared when
 * the imported side logged it. */
/* A divergence that is QEMU 7.2's: for a Data Abort taken to EL2 that is not a stage 2
 * abort, QEMU reports an instruction syndrome (ISV = 1 and ISS[23:14]: arm_deliver_fault
 * keeps it for every data abort whose target is EL2), where the Arm ARM (DDI 0487, ESR_EL2,
 * "ISS encoding for an exception from a Data Abort", ISV) has ISV = 0 for every fault
 * reported in ESR_EL2 except stage 2 aborts. el2sim (a: ISV = 0) and QEMU (b) agree when
 * that syndrome is taken out of QEMU's value. */
static bool qemu_isv_at_el2(const el2_event *a, const el2_event *b)
{
    unsigned ec = a->esr >> 26;
    const uint32_t iss_isv = 0x01ffc000u;      /* ISV[24], SAS SSE SRT SF AR [23:14] */
    return a->to_el == 2 && (ec == 0x24 || ec == 0x25) && !(a->esr & (1u << 24)) && (b->esr & (1u << 24)) &&
           (b->esr & ~iss_isv) == a->esr;
}

/* The other divergence that is QEMU 7.2's: in the ISS of a trapped MSR (immediate) (Op0 0,
 * CRn 4: MSR DAIFSet/DAIFClr at EL0 without SCTLR_ELx.UMA) it swaps Op1 and Op2; the Arm
 * ARM's ISS for EC 0x18 is Op0[21:20] Op2[19:17] Op1[16:14] CRn[13:10] Rt[9:5] CRm[4:1]
 * Direction[0], with the instruction's own op1 and op2 (MSR DAIFSet: op1 011, op2 110). */
static bool qemu_msr_imm_op_swap(const el2_event *a, const el2_event *b)
{
    uint32_t ia = a->esr & 0x1ffffffu, ib = b->esr & 0x1ffffffu;
    if ((a->esr >> 26) != 0x18 || (b->esr >> 26) != 0x18 || (a->esr >> 25) != (b->esr >> 25) ||
        (ia >> 20) != 0 || ((ia >> 10) & 15) != 4)
        return false;
    uint32_t op2 = (ia >> 17) & 7, op1 = (ia >> 14) & 7;
    uint32_t swapped = (ia & ~(0x3fu << 14)) | op1 << 17 | op2 << 14;
    return ib == swapped;
}

static char *qemu_event_diff(const el2_event *a, const el2_event *b)
{
    if (a->kind == EV_EXC) {
        bool sa = a->exc == EXC_SEMIHOST, sb = b->exc == EXC_SEMIHOST;
        bool fa = a->exc == EXC_FIRMWARE, fb = b->exc == EXC_FIRMWARE;
        if (sa != sb)
            return g_strdup("only one side is a semihosting call");
        if (fa != fb)
            return g_strdup("only one side is an SMC answered by firmware");
        DIFF_NUM(from_el, "from EL", "%u");
        if (exc_is_async(a->exc) || exc_is_async(b->exc))
            DIFF_NUM(exc, "exception", "%d");      /* (IRQ and FIQ have no ESR to tell them apart) */
        if (sa) {
            DIFF_NUM(value, "semihosting operation", "0x%" PRIx64);
            return NULL;
        }
        /* (an interrupt's ESR is not in QEMU 7.2's log: qemulog.c) */
        if (a->esr != b->esr && !exc_is_async(a->exc) && !qemu_isv_at_el2(a, b) && !qemu_msr_imm_op_swap(a, b))
            DIFF_NUM(esr, "ESR", "0x%08x");
        if (fa)
            return NULL;
        DIFF_NUM(to_el, "to EL", "%u");
        uint64_t logged = a->old | b->old;
        if (logged & TRACE_QEMU_NO_TARGET)       /* an AArch32 Hyp entry: kind, ELs, ESR */
            return NULL;
        DIFF_NUM(elr, "ELR", "0x%" PRIx64);
        if (logged & TRACE_QEMU_LOGGED_FAR)
            DIFF_NUM(far, "FAR", "0x%" PRIx64);
        if (logged & TRACE_QEMU_LOGGED_SPSR)
            DIFF_NUM(spsr, "SPSR", "0x%x");
        DIFF_NUM(target, "target", "0x%" PRIx64);
        return NULL;
    }
    bool fa = a->from_el == 3, fb = b->from_el == 3;
    if (fa != fb)
        return g_strdup_printf("return from EL%u vs EL%u", a->from_el, b->from_el);
    DIFF_NUM(from_el, "from EL", "%u");
    DIFF_NUM(to_el, "to EL", "%u");
    if (fa)
        return NULL;
    DIFF_NUM(illegal, "illegal", "%d");
    DIFF_NUM(target, "target", "0x%" PRIx64);
    return NULL;
}

char *trace_event_diff(const el2_event *a, const el2_event *b, uint32_t flags, bool stamps)
{
    if (a->kind != b->kind)
        return g_strdup_printf("event kind %d vs %d", a->kind, b->kind);
    if (flags & TRACE_FROM_QEMU)
        return qemu_event_diff(a, b);
    if (a->cpu != b->cpu)               /* several PEs: the PE (none: a one-PE trace) */
        return g_strdup_printf("CPU %d vs %d", a->cpu - 1, b->cpu - 1);
    DIFF_NUM(from_el, "from EL", "%u");
    DIFF_NUM(to_el, "to EL", "%u");
    if (flags & TRACE_HAS_PC) {
        DIFF_NUM(pc, "pc", "0x%" PRIx64);
        DIFF_NUM(insn, "insn", "0x%08x");
    }
    if (stamps && (flags & TRACE_HAS_STAMPS)) {
        DIFF_NUM(insns, "insns", "%" PRIu64);
        DIFF_NUM(cycles, "cycles", "%" PRIu64);
    }
    DIFF_NUM(exc, "exception", "%d");
    DIFF_NUM(esr, "ESR", "0x%08x");
    DIFF_NUM(elr, "ELR", "0x%" PRIx64);
    DIFF_NUM(far, "FAR", "0x%" PRIx64);
    DIFF_NUM(spsr, "SPSR", "0x%x");
    DIFF_NUM(target, "target", "0x%" PRIx64);
    DIFF_NUM(vector_off, "vector offset", "0x%" PRIx64);
    DIFF_NUM(illegal, "illegal", "%d");
    DIFF_NUM(sysreg, "system register", "%d");
    DIFF_NUM(value, "value", "0x%" PRIx64);
    DIFF_NUM(old, "old value", "0x%" PRIx64);
    DIFF_NUM(raw, "written value", "0x%" PRIx64);
    DIFF_NUM(stop, "stop", "%d");
    DIFF_NUM(status, "status", "%d");
    DIFF_NUM(pc_pa, "PA of pc", "0x%" PRIx64);
    DIFF_NUM(far_pa, "PA of FAR", "0x%" PRIx64);
    if (g_strcmp0(a->note, b->note))
        return g_strdup_printf("finding '%s' vs '%s'", a->note ? a->note : "", b->note ? b->note : "");
    if ((flags & TRACE_HAS_REGS) && a->has_regs && b->has_regs) {
        for (int i = 0; i < 31; i++)
            if (a->x[i] != b->x[i])
                return g_strdup_printf("x%d 0x%" PRIx64 " vs 0x%" PRIx64, i, a->x[i], b->x[i]);
        DIFF_NUM(sp, "sp", "0x%" PRIx64);
    }
    return NULL;
}

static void side(FILE *out, const char *who, const el2_trace *t, GPtrArray *ev, guint at)
{
    fprintf(out, "  %s (%s):\n", who, t->name);
    guint from = at >= 3 ? at - 3 : 0;
    for (guint i = from; i <= at + 3; i++) {
        if (i >= ev->len) {
            fprintf(out, "  %s [%u] (no more events)\n", i == at ? ">" : " ", i);
            break;
        }
        g_autofree char *l = line_of(t->syms, ev->pdata[i]);
        fprintf(out, "  %s [%u] %s\n", i == at ? ">" : " ", i, l);
    }
}

int trace_diff(const el2_trace *a, const el2_trace *b, bool stamps, FILE *out)
{
    uint32_t flags = a->flags & b->flags & (TRACE_HAS_REGS | TRACE_HAS_STAMPS | TRACE_HAS_PC);
    bool qemu = (a->flags | b->flags) & TRACE_FROM_QEMU;
    if (qemu)
        flags |= TRACE_FROM_QEMU;
    g_autoptr(GPtrArray) ea = g_ptr_array_new(), eb = g_ptr_array_new();
    for (int s = 0; s < 2; s++) {
        const el2_trace *t = s ? b : a;
        GPtrArray *dst = s ? eb : ea;
        for (guint i = 0; i < t->events->len; i++) {
            el2_event *e = &g_array_index(t->events, el2_event, i);
            if (qemu && e->kind != EV_EXC && e->kind != EV_ERET)
                continue;
            g_ptr_array_add(dst, e);
        }
    }
    guint n = MAX(ea->len, eb->len);
    for (guint i = 0; i < n; i++) {
        g_autofree char *why = NULL;
        if (i >= ea->len)
            why = g_strdup_printf("%s has no more events", a->name);
        else if (i >= eb->len)
            why = g_strdup_printf("%s has no more events", b->name);
        else
            why = trace_event_diff(ea->pdata[i], eb->pdata[i], flags, stamps);
        if (!why)
            continue;
        fprintf(out, "first divergence at event %u%s: %s\n", i,
                qemu ? " (exceptions and returns only: one trace is a QEMU import)" : "", why);
        side(out, "A", a, ea, i);
        side(out, "B", b, eb, i);
        return 1;
    }
    return 0;
}
