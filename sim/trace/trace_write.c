/* trace_write.c - writes binary traces (traces/FORMAT.md); drive/trace_session.c attaches
 * a writer to a machine. */
#include "trace.h"
#include "trace_codec.h"
#include "sysreg.h"
#include "words.h"
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- CRC-32 ---- */

/* CRC-32 (IEEE 802.3, reflected, as zlib computes it), eight bytes a step: table k
 * holds the CRC of a byte followed by k zero bytes ("slicing-by-8"). */
static uint32_t crc_table[8][256];
static bool crc_ready;

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++)
        for (int t = 1; t < 8; t++)
            crc_table[t][i] = crc_table[0][crc_table[t - 1][i] & 0xff] ^ (crc_table[t - 1][i] >> 8);
    crc_ready = true;
}

uint32_t trace_crc32(uint32_t crc, const void *data, size_t len)
{
    if (!crc_ready)
        crc_init();
    const uint8_t *p = data;
    crc = ~crc;
    for (; len >= 8; len -= 8, p += 8) {
        uint32_t lo = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
        crc = crc_table[7][lo & 0xff] ^ crc_table[6][(lo >> 8) & 0xff] ^ crc_table[5][(lo >> 16) & 0xff] ^
              crc_table[4][lo >> 24] ^ crc_table[3][p[4]] ^ crc_table[2][p[5]] ^ crc_table[1][p[6]] ^
              crc_table[0][p[7]];
    }
    while (len--)
        crc = crc_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

/* ---- primitives ---- */

/* LEB128 (FORMAT.md "Varints") into dst, which has room for 10 bytes; returns the length. */
static inline size_t varint_to(uint8_t *dst, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        dst[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    dst[n++] = (uint8_t)v;
    return n;
}

void tc_put_varint(GByteArray *b, uint64_t v)
{
    uint8_t buf[10];
    g_byte_array_append(b, buf, (guint)varint_to(buf, v));
}

void tc_put_zigzag(GByteArray *b, int64_t v)
{
    tc_put_varint(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

void tc_put_str(GByteArray *b, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    tc_put_varint(b, n);
    if (n)
        g_byte_array_append(b, (const uint8_t *)s, n);
}

void tc_put_u32(GByteArray *b, uint32_t v)
{
    uint8_t x[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
    g_byte_array_append(b, x, 4);
}

void tc_pred_reset(tc_pred *p)
{
    for (int k = 0; k < TC_KINDS; k++)
        g_free(p->note[k]);
    memset(p, 0, sizeof *p);
}

static const char *sysreg_label(int idx, char *buf, size_t n)
{
    if (idx >= 0 && idx < sysreg_count)
        return sysreg_table[idx].name;
    snprintf(buf, n, "#%d", idx);
    return buf;
}

static uint64_t raw_pred(const el2_event *ev)
{
    return ev->kind == EV_SYSREG ? ev->value : 0;
}

/* The encoder writes into LB_CAP bytes of the writer's output buffer; what does not fit (long strings) goes on to a byte array, spill, after
 * the buffered bytes. Everything but the two strings is at most 19 field varints, 33
 * register varints and 3 of the PA extension, of 10 bytes each (LB_RESERVE): a string stays in the buffer only if that
 * still fits after it, so a varint never needs a room check. */
#define LB_CAP 1024
#define LB_RESERVE 550
G_STATIC_ASSERT(LB_RESERVE < LB_CAP);
typedef struct { GByteArray *spill; size_t n; uint8_t *buf; } lbuf;

static inline void lb_flush(lbuf *l)
{
    if (l->n) {
        g_byte_array_append(l->spill, l->buf, (guint)l->n);
        l->n = 0;
    }
}

static inline void lb_varint(lbuf *l, uint64_t v)
{
    l->n += varint_to(l->buf + l->n, v);
}

static inline void lb_zigzag(lbuf *l, int64_t v)
{
    lb_varint(l, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static inline void lb_str(lbuf *l, const char *str)
{
    size_t n = str ? strlen(str) : 0;
    if (l->spill->len == 0 && n + 10 + LB_RESERVE <= LB_CAP - l->n) {
        lb_varint(l, n);
        memcpy(l->buf + l->n, str, n);
        l->n += n;
        return;
    }
    lb_flush(l);
    tc_put_str(l->spill, str);
}

/* Encodes ev's body (FORMAT.md "Event records") against the predictor and updates it. */
static void encode(tc_pred *p, const el2_event *ev, lbuf *out, bool cpus, bool a32)
{
    /* a local copy: stores through the byte buffer cannot alias it, so its length stays
     * in a register instead of being reloaded after every byte */
    lbuf l = *out, *lp = &l;
    int k = ev->kind;
    const el2_event *q = &p->last[k];
    char sb[24];
    lb_zigzag(lp, (int64_t)(ev->insns - p->insns));
    lb_zigzag(lp, (int64_t)(ev->cycles - p->cycles));
    uint32_t bits = 0;
    bool note_differs = (ev->note || p->note[k]) && strcmp(ev->note ? ev->note : "", p->note[k] ? p->note[k] : "");
    /* The common case, an event that repeats the previous one of its kind (the same HVC,
     * the same ERET): every predicted field from pc to status equal (bytes compared; a
     * difference in padding only sends it down the field-by-field path). */
    bool same = !memcmp(&ev->pc, &q->pc, offsetof(el2_event, note) - offsetof(el2_event, pc));
    if (same) {
        bits = (ev->raw != raw_pred(ev) ? 1u << TF_RAW : 0) | (note_differs ? 1u << TF_NOTE : 0);
        lb_varint(lp, bits);
        if (bits & (1u << TF_RAW)) lb_zigzag(lp, (int64_t)(ev->raw - raw_pred(ev)));
        if (bits & (1u << TF_NOTE)) lb_str(lp, ev->note);
        goto regs;
    }
    uint64_t elr_pred = q->elr + (ev->pc - q->pc);
    if (ev->pc != q->pc) bits |= 1u << TF_PC;
    if (ev->insn != q->insn) bits |= 1u << TF_INSN;
    if (ev->from_el != q->from_el) bits |= 1u << TF_FROM_EL;
    if (ev->to_el != q->to_el) bits |= 1u << TF_TO_EL;
    if (ev->exc != q->exc) bits |= 1u << TF_EXC;
    if (ev->esr != q->esr) bits |= 1u << TF_ESR;
    if (ev->elr != elr_pred) bits |= 1u << TF_ELR;
    if (ev->far != q->far) bits |= 1u << TF_FAR;
    if (ev->spsr != q->spsr) bits |= 1u << TF_SPSR;
    if (ev->target != q->target) bits |= 1u << TF_TARGET;
    if (ev->vector_off != q->vector_off) bits |= 1u << TF_VECTOR;
    if (ev->illegal != q->illegal) bits |= 1u << TF_ILLEGAL;
    if (ev->sysreg != q->sysreg) bits |= 1u << TF_SYSREG;
    if (ev->value != q->value) bits |= 1u << TF_VALUE;
    if (ev->old != q->old) bits |= 1u << TF_OLD;
    if (ev->raw != raw_pred(ev)) bits |= 1u << TF_RAW;
    if (ev->stop != q->stop) bits |= 1u << TF_STOP;
    if (ev->status != q->status) bits |= 1u << TF_STATUS;
    if (note_differs)
        bits |= 1u << TF_NOTE;
    lb_varint(lp, bits);
    if (bits & (1u << TF_PC)) lb_zigzag(lp, (int64_t)(ev->pc - q->pc));
    if (bits & (1u << TF_INSN)) lb_varint(lp, ev->insn ^ q->insn);
    if (bits & (1u << TF_FROM_EL)) lb_varint(lp, ev->from_el);
    if (bits & (1u << TF_TO_EL)) lb_varint(lp, ev->to_el);
    if (bits & (1u << TF_EXC)) lb_varint(lp, (uint64_t)ev->exc);
    if (bits & (1u << TF_ESR)) lb_varint(lp, ev->esr ^ q->esr);
    if (bits & (1u << TF_ELR)) lb_zigzag(lp, (int64_t)(ev->elr - elr_pred));
    if (bits & (1u << TF_FAR)) lb_zigzag(lp, (int64_t)(ev->far - q->far));
    if (bits & (1u << TF_SPSR)) lb_varint(lp, ev->spsr ^ q->spsr);
    if (bits & (1u << TF_TARGET)) lb_zigzag(lp, (int64_t)(ev->target - q->target));
    if (bits & (1u << TF_VECTOR)) lb_zigzag(lp, (int64_t)(ev->vector_off - q->vector_off));
    if (bits & (1u << TF_SYSREG)) lb_str(lp, sysreg_label(ev->sysreg, sb, sizeof sb));
    if (bits & (1u << TF_VALUE)) lb_zigzag(lp, (int64_t)(ev->value - q->value));
    if (bits & (1u << TF_OLD)) lb_zigzag(lp, (int64_t)(ev->old - q->old));
    if (bits & (1u << TF_RAW)) lb_zigzag(lp, (int64_t)(ev->raw - raw_pred(ev)));
    if (bits & (1u << TF_STOP)) lb_varint(lp, (uint64_t)ev->stop);
    if (bits & (1u << TF_STATUS)) lb_zigzag(lp, (int64_t)ev->status - (int64_t)q->status);
    if (bits & (1u << TF_NOTE)) lb_str(lp, ev->note);
regs:
    if (ev->has_regs) {
        uint64_t *r = p->regs[k];
        G_STATIC_ASSERT(offsetof(el2_event, sp) == offsetof(el2_event, x) + 31 * sizeof(uint64_t));
        uint32_t mask = words_differ(ev->x, r, 32);
        lb_varint(lp, mask);
        for (uint32_t m = mask & 0x7fffffffu; m; m &= m - 1) {
            int i = __builtin_ctz(m);
            lb_zigzag(lp, (int64_t)(ev->x[i] - r[i]));
            r[i] = ev->x[i];
        }
        if (mask & (1u << 31)) {
            lb_zigzag(lp, (int64_t)(ev->sp - r[31]));
            r[31] = ev->sp;
        }
    }
    bool cpu = cpus && ev->cpu;
    /* the AArch32 mode goes into 1.4 traces (the Hyp-mode machine's); a 1.2/1.3 one of an
     * AArch64 EL2 has no room for an AArch32 EL1's (its exceptions' SPSR gives their ISA) */
    a32 = a32 && ev->a32;
    if (ev->has_pc_pa || ev->has_far_pa || cpu || a32) {    /* the PA extension (1.1): not predicted */
        lb_varint(lp, (ev->has_pc_pa ? TC_PA_PC : 0) | (ev->has_far_pa ? TC_PA_FAR : 0) | (cpu ? TC_PA_CPU : 0) |
                          (a32 ? TC_PA_A32 : 0));
        if (ev->has_pc_pa)
            lb_zigzag(lp, (int64_t)(ev->pc_pa - ev->pc));
        if (ev->has_far_pa)
            lb_zigzag(lp, (int64_t)(ev->far_pa - ev->far));
        if (cpu)                                     /* 1.3: the PE's number */
            lb_varint(lp, ev->cpu - 1u);
        if (a32)                                     /* 1.4: the AArch32 mode and T */
            lb_varint(lp, ev->a32 & 0x7fu);
    }
    p->insns = ev->insns;
    p->cycles = ev->cycles;
    if (!same) {                    /* the predicted fields come before the note */
        memcpy(&p->last[k], ev, offsetof(el2_event, note));
        p->last[k].note = NULL;
    }
    if (bits & (1u << TF_NOTE)) {
        g_free(p->note[k]);
        p->note[k] = g_strdup(ev->note ? ev->note : "");
    }
    *out = l;
}

/* ---- the writer ---- */

/* Records collect in out[] and reach the file 16 KiB at a time; the file and chunk CRCs
 * are folded over what collected (one pass per CRC over many records) before a
 * checkpoint record and before each write. A stop event flushes the file. */
#define OUT_SIZE 16384

struct trace_writer {
    FILE *f;
    bool full, failed;
    bool cpus;                 /* several PEs: a 1.3 trace, events carry their PE */
    bool a32;                  /* a 1.4 trace: events carry their AArch32 mode */
    int err;                   /* errno of the first failed write */
    tc_pred pred;
    uint64_t events, chunk_events, bytes;
    uint32_t file_crc, chunk_crc;
    GByteArray *rec, *body;
    size_t n, folded;          /* bytes in out[]; of them, already in the CRCs */
    uint8_t out[OUT_SIZE];
};

/* The first failed write (or flush) is the one reported; nothing is written after it. */
static void write_failed(trace_writer *w)
{
    if (!w->failed) {
        w->failed = true;
        w->err = errno ? errno : EIO;
    }
}

static void fold(trace_writer *w)
{
    size_t k = w->n - w->folded;
    if (k) {
        w->file_crc = trace_crc32(w->file_crc, w->out + w->folded, k);
        w->chunk_crc = trace_crc32(w->chunk_crc, w->out + w->folded, k);
        w->folded = w->n;
    }
}

static void drain(trace_writer *w)
{
    fold(w);
    if (w->n && !w->failed && fwrite(w->out, 1, w->n, w->f) != w->n)
        write_failed(w);
    w->n = w->folded = 0;
}

static inline void out(trace_writer *w, const void *data, size_t n)
{
    if (w->n + n > OUT_SIZE)
        drain(w);
    if (n > OUT_SIZE) {              /* a record larger than the buffer (long strings) */
        w->file_crc = trace_crc32(w->file_crc, data, n);
        w->chunk_crc = trace_crc32(w->chunk_crc, data, n);
        if (!w->failed && fwrite(data, 1, n, w->f) != n)
            write_failed(w);
    } else {
        memcpy(w->out + w->n, data, n);
        w->n += n;
    }
    w->bytes += n;
}

static void checkpoint(trace_writer *w, bool flush)
{
    if (w->chunk_events) {
        fold(w);
        uint8_t rec[16];
        size_t k = 0;
        rec[k++] = TAG_CHECK;
        k += varint_to(rec + k, w->chunk_events);
        uint32_t crc = w->chunk_crc;
        for (int i = 0; i < 4; i++)
            rec[k++] = (uint8_t)(crc >> (8 * i));
        out(w, rec, k);
        fold(w);
        w->chunk_crc = 0;
        w->chunk_events = 0;
    }
    if (flush) {
        drain(w);
        if (!w->failed && fflush(w->f))
            write_failed(w);
    }
}

trace_writer *trace_writer_new(FILE *f, const el2_trace_meta *meta, bool full)
{
    trace_writer *w = g_new0(trace_writer, 1);
    w->f = f;
    w->full = full;
    w->rec = g_byte_array_new();
    w->body = g_byte_array_new();
    GByteArray *b = w->body;
    tc_put_varint(b, meta->flags);
    tc_put_str(b, meta->cpu);
    tc_put_str(b, meta->producer);
    tc_put_varint(b, full ? 1 : TRACE_KEY_INTERVAL);
    guint nimg = meta->images ? meta->images->len : 0;
    tc_put_varint(b, nimg);
    for (guint i = 0; i < nimg; i++) {
        const el2_trace_image *im = &g_array_index(meta->images, el2_trace_image, i);
        tc_put_str(b, im->path);
        uint8_t sha[32] = { 0 };
        for (int j = 0; j < 32 && strlen(im->sha256) == 64; j++) {
            char hx[3] = { im->sha256[2 * j], im->sha256[2 * j + 1], 0 };
            sha[j] = (uint8_t)strtoul(hx, NULL, 16);
        }
        g_byte_array_append(b, sha, 32);
    }
    size_t nsym = meta->syms ? symtab_count(meta->syms) : 0;
    tc_put_varint(b, nsym);
    for (size_t i = 0; i < nsym; i++) {
        const el2_symbol *s = symtab_at(meta->syms, i);
        tc_put_str(b, s->name);
        tc_put_varint(b, s->addr);
        tc_put_varint(b, s->size);
        uint8_t fl = (s->is_func ? 1 : 0) | (s->is_global ? 2 : 0);
        g_byte_array_append(b, &fl, 1);
    }
    /* one PE: 1.2, byte for byte what el2sim wrote before 1.3 (golden traces) */
    w->cpus = meta->cpus > 1;
    if (w->cpus)
        tc_put_varint(b, meta->cpus);
    /* the Hyp-mode machine: 1.4 (a one-PE AArch64 run still writes 1.2) */
    uint8_t minor = (meta->flags & TRACE_AARCH32) ? 4 : w->cpus ? 3 : 2;
    w->a32 = minor >= 4;
    uint8_t magic[10] = { 'E', 'L', '2', 'T', 'R', 'A', 'C', 'E', TRACE_VERSION_MAJOR, minor };
    GByteArray *r = w->rec;
    g_byte_array_append(r, magic, sizeof magic);
    uint8_t tag = TAG_HEADER;
    g_byte_array_append(r, &tag, 1);
    tc_put_varint(r, b->len);
    g_byte_array_append(r, b->data, b->len);
    tc_put_u32(r, trace_crc32(0, b->data, b->len));
    out(w, r->data, r->len);
    drain(w);
    w->chunk_crc = 0;
    if (!w->failed && fflush(f))
        write_failed(w);
    return w;
}

bool trace_writer_event(trace_writer *w, const el2_event *ev)
{
    if ((unsigned)ev->kind >= TC_KINDS)
        return !w->failed;
    bool key = w->full || w->events % TRACE_KEY_INTERVAL == 0;
    if (key)
        tc_pred_reset(&w->pred);
    /* The body is encoded in place in out[], after room for the tag and a one-byte
     * length (a body of 128 bytes or more moves up for its second length byte). */
    if (OUT_SIZE - w->n < LB_CAP + 3)
        drain(w);
    uint8_t *rec = w->out + w->n;
    lbuf l = { .spill = w->body, .n = 0, .buf = rec + 2 };
    if (w->body->len)
        g_byte_array_set_size(w->body, 0);
    encode(&w->pred, ev, &l, w->cpus, w->a32);
    uint8_t tag = (uint8_t)ev->kind | (ev->has_regs ? TAG_F_REGS : 0) | (key ? TAG_F_KEY : 0);
    if (!w->body->len) {
        size_t len = l.n, h = 1;
        if (len >= 128) {
            uint8_t lb[10];
            h = varint_to(lb, len);                          /* 2: len <= LB_CAP */
            memmove(rec + 1 + h, rec + 2, len);
            memcpy(rec + 1, lb, h);
        } else {
            rec[1] = (uint8_t)len;
        }
        rec[0] = tag;
        w->n += 1 + h + len;
        w->bytes += 1 + h + len;
    } else {                         /* strings that did not fit: the body is in w->body */
        lb_flush(&l);
        uint8_t hdr[11];
        hdr[0] = tag;
        out(w, hdr, 1 + varint_to(hdr + 1, w->body->len));
        out(w, w->body->data, w->body->len);
    }
    w->events++;
    w->chunk_events++;
    if (ev->kind == EV_STOP)
        checkpoint(w, true);
    else if (w->chunk_events >= TRACE_CHECK_INTERVAL)
        checkpoint(w, false);
    return !w->failed;
}

bool trace_writer_finish(trace_writer *w)
{
    checkpoint(w, false);
    fold(w);
    uint8_t foot[16] = { 'E', 'N', 'D', TRACE_VERSION_MAJOR };
    uint32_t n = (uint32_t)w->events, crc = w->file_crc;
    for (int i = 0; i < 4; i++) {
        foot[4 + i] = (n >> (8 * i)) & 0xff;
        foot[8 + i] = (crc >> (8 * i)) & 0xff;
    }
    memcpy(foot + 12, "EL2\n", 4);
    out(w, foot, sizeof foot);
    drain(w);
    if (!w->failed && fflush(w->f))
        write_failed(w);
    bool ok = !w->failed;
    int err = w->err;
    tc_pred_reset(&w->pred);
    g_byte_array_free(w->rec, TRUE);
    g_byte_array_free(w->body, TRUE);
    g_free(w);
    if (!ok)
        errno = err;
    return ok;
}

bool trace_writer_failed(const trace_writer *w) { return w->failed; }
int trace_writer_errno(const trace_writer *w) { return w->err; }
uint64_t trace_writer_events(const trace_writer *w) { return w->events; }
uint64_t trace_writer_bytes(const trace_writer *w) { return w->bytes; }
