/* test_trace.c - binary traces: round trip, el2trace dump/diff/import-qemu, damage
 * reports, determinism, golden traces, --expect-trace, size, SIGINT. */
#include <criterion/criterion.h>
#include "words.h"
#include <criterion/logging.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "disasm.h"
#include "harness.h"
#include "print.h"
#include "sysreg.h"
#include "trace.h"

static const char *env(const char *name)
{
    const char *v = g_getenv(name);
    cr_assert(v, "%s not set", name);
    return v;
}

static char *stub(const char *name) { return g_build_filename(env("EL2_TEST_STUBS"), name, NULL); }
static char *golden(const char *name) { return g_build_filename(env("EL2_SOURCE"), "traces", "golden", name, NULL); }

static char *tmpfile_path(const char *tmpl)
{
    char *p = NULL;
    int fd = g_file_open_tmp(tmpl, &p, NULL);
    cr_assert(fd >= 0);
    close(fd);
    return p;
}

typedef struct { char *out, *err; int code; } proc;

static proc run(const char *const *argv)
{
    proc p = { 0 };
    int status = 0;
    GError *e = NULL;
    cr_assert(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &p.out, &p.err, &status, &e),
              "spawn %s: %s", argv[0], e ? e->message : "");
    p.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return p;
}

static void proc_clear(proc *p)
{
    g_free(p->out);
    g_free(p->err);
}

static el2_trace *read_ok(const char *path)
{
    GError *err = NULL;
    el2_trace *t = trace_read_file(path, &err);
    cr_assert(t, "%s: %s", path, err ? err->message : "");
    cr_assert_null(t->error, "%s", t->error);
    cr_assert(t->complete);
    return t;
}

/* Field-by-field equality; returns the first differing field's name or NULL. */
static const char *ev_differs(const el2_event *a, const el2_event *b)
{
#define F(f) if (a->f != b->f) return #f
    F(kind); F(insns); F(cycles); F(pc); F(insn); F(from_el); F(to_el); F(exc); F(esr); F(elr); F(far);
    F(spsr); F(target); F(vector_off); F(illegal); F(sysreg); F(value); F(old); F(raw); F(stop); F(status);
    F(has_regs); F(sp); F(has_pc_pa); F(pc_pa); F(has_far_pa); F(far_pa);
#undef F
    for (int i = 0; i < 31; i++)
        if (a->x[i] != b->x[i])
            return "x";
    if (g_strcmp0(a->note, b->note))
        return "note";
    return NULL;
}

static void assert_same_events(GArray *want, guint n, const el2_trace *t)
{
    cr_assert_eq(t->events->len, n, "%u events, expected %u", t->events->len, n);
    for (guint i = 0; i < n; i++) {
        const char *f = ev_differs(&g_array_index(want, el2_event, i), &g_array_index(t->events, el2_event, i));
        cr_assert_null(f, "event %u differs in %s", i, f);
    }
}

/* Writes events to memory the way el2sim does; records where each event record starts. */
static uint8_t *write_mem(harness *h, GArray *starts, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    el2_trace_meta meta = { .flags = TRACE_HAS_REGS | TRACE_HAS_STAMPS | TRACE_HAS_PC, .cpu = "cortex-a57",
                            .producer = "test", .syms = h->m->syms };
    trace_writer *w = trace_writer_new(f, &meta, false);
    for (guint i = 0; i < h->ev->len; i++) {
        uint64_t at = trace_writer_bytes(w);
        if (starts)
            g_array_append_val(starts, at);
        trace_writer_event(w, hev(h, i));
    }
    cr_assert(trace_writer_finish(w));
    fclose(f);
    return (uint8_t *)buf;
}

/* h's events written to a trace in memory and read back come out the same. */
static void assert_round_trip(harness *h)
{
    size_t len;
    uint8_t *buf = write_mem(h, NULL, &len);
    el2_trace *t = trace_read_mem("mem", buf, len);
    cr_assert_null(t->error, "%s", t->error);
    assert_same_events(h->ev, h->ev->len, t);
    trace_free(t);
    free(buf);
}

Test(trace, round_trip_in_process)
{
    g_autofree char *img = image_path("hvc_paths.elf");
    harness *h = harness_run(img, NULL);
    cr_assert_null(h->error);
    assert_round_trip(h);
    harness_free(h);
}

/* words_differ (both the AVX2 and the portable version) against a plain loop, for every
 * length and for differences in each word, alone and in random sets. */
Test(trace, words_differ_matches_reference)
{
    GRand *r = g_rand_new_with_seed(7);
    for (int round = 0; round < 2000; round++) {
        uint64_t a[32], b[32];
        for (int i = 0; i < 32; i++)
            a[i] = b[i] = ((uint64_t)g_rand_int(r) << 32) | g_rand_int(r);
        if (round < 32)
            b[round] ^= 1ULL << (round * 2 % 64);            /* one word, one bit */
        else
            for (int i = 0; i < 32; i++)
                if (g_rand_int_range(r, 0, 4) == 0)
                    b[i] ^= (uint64_t)g_rand_int(r) << g_rand_int_range(r, 0, 33);
        for (int n = 0; n <= 32; n++) {
            uint32_t want = 0;
            for (int i = 0; i < n; i++)
                want |= (uint32_t)(a[i] != b[i]) << i;
            cr_assert_eq(words_differ(a, b, n), want, "round %d n %d", round, n);
            cr_assert_eq(words_differ_portable(a, b, n), want, "round %d n %d (portable)", round, n);
        }
    }
    g_rand_free(r);
}

/* Finding notes longer than the encoder's stack buffer (1 KiB) and than the writer's
 * output buffer (16 KiB) take the spill paths; events around them keep their bytes. */
Test(trace, long_notes_round_trip)
{
    g_autofree char *img = image_path("hvc_paths.elf");
    harness *h = harness_run(img, NULL);
    cr_assert_null(h->error);
    GPtrArray *notes = g_ptr_array_new_with_free_func(g_free);
    const size_t sizes[] = { 1000, 1020, 5000, 40000 };
    guint at = 1;
    for (unsigned i = 0; i < G_N_ELEMENTS(sizes); i++, at += 2) {
        char *s = g_malloc(sizes[i] + 1);
        for (size_t k = 0; k < sizes[i]; k++)
            s[k] = (char)('a' + (k * 7 + i) % 26);
        s[sizes[i]] = 0;
        g_ptr_array_add(notes, s);
        el2_event f = { .kind = EV_FINDING, .pc = 0x40080000 + i, .note = s };
        g_array_insert_val(h->ev, at, f);
    }
    assert_round_trip(h);
    g_ptr_array_free(notes, TRUE);
    harness_free(h);
}

/* el2sim run --trace gives the events of the in-process run, field by field, and
 * `el2trace dump` prints exactly el2sim's lines. */
static void run_matches(const char *img, bool full)
{
    harness *h = harness_run(img, NULL);
    cr_assert_null(h->error);
    g_autofree char *tr = tmpfile_path("el2trace-XXXXXX.trace");
    const char *argv[] = { env("EL2SIM"), "run", img, "--trace", tr, full ? "--trace-full" : NULL, NULL };
    proc p = run(argv);
    cr_assert_eq(p.code, h->exit_code, "exit %d, expected %d: %s", p.code, h->exit_code, p.err);
    el2_trace *t = read_ok(tr);
    assert_same_events(h->ev, h->ev->len, t);
    cr_assert(t->images->len == 1 && !strcmp(g_array_index(t->images, el2_trace_image, 0).path, img));
    cr_assert_str_eq(g_array_index(t->images, el2_trace_image, 0).sha256, h->m->images->len ?
                     g_array_index(h->m->images, el2_image, 0).sha256 : "");
    const char *dargv[] = { env("EL2TRACE"), "dump", tr, NULL };
    proc d = run(dargv);
    cr_assert_eq(d.code, 0, "%s", d.err);
    /* el2sim's stdout also carries the guest's semihosting output: compare event lines */
    GString *lines = g_string_new(NULL);
    for (guint i = 0; i < h->lines->len; i++)
        g_string_append_printf(lines, "%s\n", hline(h, i));
    cr_assert_str_eq(d.out, lines->str);
    g_auto(GStrv) sim = g_strsplit(p.out, "\n", -1);
    g_auto(GStrv) dumped = g_strsplit(d.out, "\n", -1);
    guint j = 0;
    for (char **l = sim; *l; l++)
        if (j < h->lines->len && !strcmp(*l, dumped[j]))
            j++;
    cr_assert_eq(j, h->lines->len, "el2sim run's lines do not contain the dump in order");
    g_string_free(lines, TRUE);
    trace_free(t);
    proc_clear(&p);
    proc_clear(&d);
    g_unlink(tr);
    harness_free(h);
}

Test(trace, run_round_trip_and_dump)
{
    const char *imgs[] = { "hvc_paths.elf", "smc_firmware.elf", "sysreg_traps.elf", "illegal_return.elf",
                           "svc_paths.elf" };
    for (unsigned i = 0; i < G_N_ELEMENTS(imgs); i++) {
        g_autofree char *img = image_path(imgs[i]);
        run_matches(img, i == 1);
    }
}

Test(trace, truncated_reports_offset_and_keeps_events)
{
    g_autofree char *img = image_path("hvc_paths.elf");
    harness *h = harness_run(img, NULL);
    GArray *starts = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    size_t len;
    uint8_t *buf = write_mem(h, starts, &len);
    guint n = h->ev->len;
    cr_assert(n > 8);
    guint ks[] = { 0, 1, 5, n / 2, n - 1 };
    g_autofree char *cut = tmpfile_path("el2cut-XXXXXX.trace");
    for (unsigned i = 0; i < G_N_ELEMENTS(ks); i++) {
        for (unsigned d = 1; d <= 3; d += 2) {
            guint k = ks[i];
            size_t at = g_array_index(starts, uint64_t, k) + d;
            el2_trace *t = trace_read_mem("cut.trace", buf, at);
            g_autofree char *want = g_strdup_printf("cut.trace: truncated at byte %zu (inside event %u)", at, k);
            cr_assert_str_eq(t->error, want);
            cr_assert(t->truncated && t->error_offset == at);
            assert_same_events(h->ev, k, t);
            trace_free(t);
            /* el2trace: the same line on stderr, the complete events on stdout, exit 1 */
            cr_assert(g_file_set_contents(cut, (const char *)buf, (gssize)at, NULL));
            const char *argv[] = { env("EL2TRACE"), "dump", cut, NULL };
            proc p = run(argv);
            g_autofree char *line = g_strdup_printf("%s: truncated at byte %zu (inside event %u)\n", cut, at, k);
            cr_assert_str_eq(p.err, line);
            cr_assert_eq(p.code, 1);
            guint nl = 0;
            for (char *c = p.out; *c; c++)
                nl += *c == '\n';
            cr_assert_eq(nl, k);
            proc_clear(&p);
        }
    }
    /* inside the header, and a file without its end record */
    el2_trace *t = trace_read_mem("cut.trace", buf, 12);
    cr_assert_str_eq(t->error, "cut.trace: truncated at byte 12 (inside the file header)");
    trace_free(t);
    t = trace_read_mem("cut.trace", buf, len - 16);
    g_autofree char *want = g_strdup_printf("cut.trace: truncated at byte %zu (after event %u: no end record)",
                                            len - 16, n - 1);
    cr_assert_str_eq(t->error, want);
    assert_same_events(h->ev, n, t);
    trace_free(t);
    g_unlink(cut);
    g_array_free(starts, TRUE);
    free(buf);
    harness_free(h);
}

Test(trace, corrupted_byte_detected)
{
    g_autofree char *img = image_path("hvc_paths.elf");
    harness *h = harness_run(img, NULL);
    GArray *starts = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    size_t len;
    uint8_t *buf = write_mem(h, starts, &len);
    guint n = h->ev->len;
    guint ks[] = { 0, 3, n / 2, n - 1 };
    for (unsigned i = 0; i < G_N_ELEMENTS(ks); i++) {
        for (unsigned d = 1; d <= 4; d++) {
            size_t at = g_array_index(starts, uint64_t, ks[i]) + d;
            for (uint8_t bit = 1; bit; bit <<= 3) {
                uint8_t *copy = g_memdup2(buf, len);
                copy[at] ^= bit;
                el2_trace *t = trace_read_mem("bad.trace", copy, len);
                cr_assert(t->error, "flip 0x%x at byte %zu not detected", bit, at);
                cr_assert(g_str_has_prefix(t->error, "bad.trace: corrupt at byte "), "%s", t->error);
                cr_assert(t->error_offset <= at + 1, "%s (flipped byte %zu)", t->error, at);
                cr_assert(t->events->len <= ks[i]);
                assert_same_events(h->ev, t->events->len, t);
                trace_free(t);
                g_free(copy);
            }
        }
    }
    /* the header and the end record are covered too */
    for (size_t at = 10; at < 40; at += 7) {
        uint8_t *copy = g_memdup2(buf, len);
        copy[at] ^= 0x20;
        el2_trace *t = trace_read_mem("bad.trace", copy, len);
        cr_assert(t->error && !t->truncated, "flip at byte %zu not detected", at);
        trace_free(t);
        g_free(copy);
    }
    uint8_t *copy = g_memdup2(buf, len);
    copy[len - 6] ^= 1;   /* the file CRC */
    el2_trace *t = trace_read_mem("bad.trace", copy, len);
    cr_assert(t->error && strstr(t->error, "file checksum mismatch"), "%s", t->error);
    trace_free(t);
    g_free(copy);
    g_array_free(starts, TRUE);
    free(buf);
    harness_free(h);
}

static char *scenario_trace(const char *tr, const char *extra)
{
    g_autofree char *scn = g_build_filename(env("EL2_SOURCE"), "tests", "scenarios", "hyp-stub-v5.scn", NULL);
    const char *argv[] = { env("EL2SIM"), "scenario", scn, "-I", env("EL2_TEST_STUBS"), "--trace", tr, extra, NULL };
    proc p = run(argv);
    cr_assert_eq(p.code, 0, "%s%s", p.out, p.err);
    char *out = p.out;
    g_free(p.err);
    return out;
}

Test(trace, deterministic)
{
    g_autofree char *a = tmpfile_path("el2det-XXXXXX.trace"), *b = tmpfile_path("el2det-XXXXXX.trace");
    g_free(scenario_trace(a, NULL));
    g_free(scenario_trace(b, NULL));
    g_autofree char *da = NULL, *db = NULL;
    gsize la, lb;
    cr_assert(g_file_get_contents(a, &da, &la, NULL) && g_file_get_contents(b, &db, &lb, NULL));
    cr_assert(la == lb && !memcmp(da, db, la), "two runs gave different traces");
    g_unlink(a);
    g_unlink(b);
}

Test(trace, size_on_hvc_loop)
{
    g_autofree char *tr = tmpfile_path("el2size-XXXXXX.trace");
    g_free(scenario_trace(tr, NULL));
    el2_trace *t = read_ok(tr);
    GStatBuf st;
    cr_assert(g_stat(tr, &st) == 0);
    guint n = t->events->len, with_regs = 0;
    for (guint i = 0; i < n; i++)
        with_regs += g_array_index(t->events, el2_event, i).has_regs;
    cr_assert(n > 3000 && with_regs == n);
    double per = (double)st.st_size / n;
    cr_log_info("hyp-stub-v5 scenario: %lld bytes, %u events, %.2f bytes/event\n", (long long)st.st_size, n, per);
    cr_assert(per <= 48.0, "%.2f bytes per event", per);
    trace_free(t);
    /* --trace-full: every event a snapshot, still readable */
    g_free(scenario_trace(tr, "--trace-full"));
    t = read_ok(tr);
    cr_assert_eq(t->events->len, n);
    trace_free(t);
    g_unlink(tr);
}

/* Each golden trace against a fresh run (same events; stamps not compared). */
static void golden_matches(const char *name, const char *const *argv_head, int code)
{
    g_autofree char *tr = tmpfile_path("el2gold-XXXXXX.trace");
    const char *argv[16];
    int n = 0;
    for (const char *const *a = argv_head; *a; a++)
        argv[n++] = *a;
    argv[n++] = "--trace";
    argv[n++] = tr;
    argv[n] = NULL;
    proc p = run(argv);
    cr_assert_eq(p.code, code, "%s: exit %d: %s%s", name, p.code, p.out, p.err);
    g_autofree char *g = golden(name);
    el2_trace *want = read_ok(g), *got = read_ok(tr);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int d = trace_diff(want, got, false, f);
    fclose(f);
    cr_assert_eq(d, 0, "%s: the run no longer matches the golden trace (traces/README.md):\n%s", name, buf);
    free(buf);
    trace_free(want);
    trace_free(got);
    proc_clear(&p);
    g_unlink(tr);
}

Test(trace, golden_traces_match)
{
    g_autofree char *v5 = stub("hyp-stub-v5.o");
    g_autofree char *hvc = image_path("hvc_paths.elf");
    g_autofree char *scn = g_build_filename(env("EL2_SOURCE"), "tests", "scenarios", "hyp-stub-v5.scn", NULL);
    g_autofree char *clob = g_build_filename(env("EL2_SOURCE"), "traces", "scenarios", "abi-clobber.scn", NULL);
    golden_matches("hyp-stub-v5.trace", (const char *[]){ env("EL2SIM"), "run", v5, "--entry", "_start", "-q", NULL }, 0);
    golden_matches("hvc_paths.trace", (const char *[]){ env("EL2SIM"), "run", hvc, "-q", NULL }, 0);
    golden_matches("hyp-stub-v5-scenario.trace",
                   (const char *[]){ env("EL2SIM"), "scenario", scn, "-I", env("EL2_TEST_STUBS"), NULL }, 0);
    golden_matches("abi-clobber.trace", (const char *[]){ env("EL2SIM"), "check", clob, "--abi", "linux-hyp-stub",
                                                          "-I", env("EL2_TEST_ABI"), NULL }, 1);
    /* the finding is an event of the trace */
    g_autofree char *g = golden("abi-clobber.trace");
    el2_trace *t = read_ok(g);
    bool found = false;
    for (guint i = 0; i < t->events->len; i++) {
        const el2_event *e = &g_array_index(t->events, el2_event, i);
        if (e->kind == EV_FINDING && g_str_has_prefix(e->note, "clobbered-register: x19 = 0x0, expected 0x1919"))
            found = true;
    }
    cr_assert(found);
    trace_free(t);
    /* --expect-trace agrees with the golden trace */
    const char *argv[] = { env("EL2SIM"), "run", v5, "--entry", "_start", "-q", "--expect-trace", NULL, NULL };
    g_autofree char *gv5 = golden("hyp-stub-v5.trace");
    argv[7] = gv5;
    proc p = run(argv);
    cr_assert_eq(p.code, 0, "%s%s", p.out, p.err);
    cr_assert_str_eq(p.out, "");
    proc_clear(&p);
}

Test(trace, expect_trace_fails_on_modified_golden)
{
    g_autofree char *g = golden("hyp-stub-v5.trace");
    el2_trace *t = read_ok(g);
    cr_assert(t->events->len > 6);
    g_array_index(t->events, el2_event, 5).target += 4;
    g_autofree char *mod = tmpfile_path("el2mod-XXXXXX.trace");
    FILE *f = fopen(mod, "wb");
    el2_trace_meta meta = { .flags = t->flags, .cpu = t->cpu, .producer = t->producer, .images = t->images,
                            .syms = t->syms };
    trace_writer *w = trace_writer_new(f, &meta, false);
    for (guint i = 0; i < t->events->len; i++)
        trace_writer_event(w, &g_array_index(t->events, el2_event, i));
    cr_assert(trace_writer_finish(w));
    fclose(f);
    trace_free(t);
    g_autofree char *v5 = stub("hyp-stub-v5.o");
    const char *argv[] = { env("EL2SIM"), "run", v5, "--entry", "_start", "-q", "--expect-trace", mod, NULL };
    proc p = run(argv);
    cr_assert_eq(p.code, EXIT_TRACE_MISMATCH, "exit %d: %s%s", p.code, p.out, p.err);
    cr_assert(g_str_has_prefix(p.out, "first divergence at event 5: target "), "%s", p.out);
    cr_assert(strstr(p.out, "  > [5] "), "%s", p.out);
    proc_clear(&p);
    /* scenario and check exit 1 */
    g_autofree char *scn = g_build_filename(env("EL2_SOURCE"), "tests", "scenarios", "hyp-stub-v5.scn", NULL);
    const char *sargv[] = { env("EL2SIM"), "scenario", scn, "-I", env("EL2_TEST_STUBS"), "--expect-trace", mod, NULL };
    p = run(sargv);
    cr_assert_eq(p.code, 1, "%s%s", p.out, p.err);
    cr_assert(strstr(p.out, "first divergence at event 0: "), "%s", p.out);
    proc_clear(&p);
    g_unlink(mod);
}

/* A damaged golden trace is bad input (exit 2, one line, before the run), not a mismatch. */
Test(trace, expect_trace_damaged_golden_is_bad_input)
{
    g_autofree char *g = golden("hyp-stub-v5.trace");
    gchar *bytes = NULL;
    gsize len = 0;
    cr_assert(g_file_get_contents(g, &bytes, &len, NULL));
    g_autofree char *cut = tmpfile_path("el2cut-XXXXXX.trace");
    cr_assert(g_file_set_contents(cut, bytes, 40, NULL));
    g_free(bytes);
    g_autofree char *v5 = stub("hyp-stub-v5.o");
    const char *argv[] = { env("EL2SIM"), "run", v5, "--entry", "_start", "-q", "--expect-trace", cut, NULL };
    proc p = run(argv);
    g_autofree char *want = g_strdup_printf("el2sim run: --expect-trace: %s: truncated at byte 40 (inside the file header)\n", cut);
    cr_assert_eq(p.code, 2, "exit %d: %s%s", p.code, p.out, p.err);
    cr_assert_str_eq(p.err, want);
    cr_assert_str_eq(p.out, "");
    proc_clear(&p);
    g_unlink(cut);
}

Test(trace, diff_reports_first_divergence)
{
    g_autofree char *a = golden("hyp-stub-v5.trace"), *b = golden("hvc_paths.trace");
    const char *argv[] = { env("EL2TRACE"), "diff", a, b, NULL };
    proc p = run(argv);
    cr_assert_eq(p.code, 1, "%s%s", p.out, p.err);
    cr_assert(g_str_has_prefix(p.out, "first divergence at event 0: "), "%s", p.out);
    cr_assert(strstr(p.out, "  A (") && strstr(p.out, "  B ("), "%s", p.out);
    /* three events of context after the divergence, on each side */
    cr_assert(strstr(p.out, "    [3] "), "%s", p.out);
    proc_clear(&p);
    const char *same[] = { env("EL2TRACE"), "diff", a, a, NULL };
    p = run(same);
    cr_assert_eq(p.code, 0, "%s%s", p.out, p.err);
    proc_clear(&p);
}

static void import_and_diff(const char *log, const char *el2trace, int want, const char *why)
{
    g_autofree char *q = tmpfile_path("el2q-XXXXXX.trace");
    const char *argv[] = { env("EL2TRACE"), "import-qemu", log, q, NULL };
    proc p = run(argv);
    cr_assert_eq(p.code, 0, "%s", p.err);
    proc_clear(&p);
    el2_trace *t = read_ok(q);
    cr_assert(t->flags & TRACE_FROM_QEMU);
    cr_assert(!(t->flags & (TRACE_HAS_REGS | TRACE_HAS_STAMPS)));
    trace_free(t);
    const char *dargv[] = { env("EL2TRACE"), "diff", el2trace, q, NULL };
    p = run(dargv);
    cr_assert_eq(p.code, want, "%s%s", p.out, p.err);
    if (why)
        cr_assert(strstr(p.out, why), "%s", p.out);
    proc_clear(&p);
    g_unlink(q);
}

Test(trace, import_qemu_agrees)
{
    g_autofree char *img = image_path("hvc_paths.elf");
    g_autofree char *tr = tmpfile_path("el2sim-XXXXXX.trace");
    const char *argv[] = { env("EL2SIM"), "run", img, "-q", "--trace", tr, NULL };
    proc p = run(argv);
    cr_assert_eq(p.code, 0, "%s", p.err);
    proc_clear(&p);
    /* the log checked in (QEMU 7.2), then one from QEMU now if it is installed */
    g_autofree char *lit = g_build_filename(env("EL2_SOURCE"), "tests", "traces", "hvc_paths.qemu.log", NULL);
    import_and_diff(lit, tr, 0, NULL);
    /* a log that disagrees: one ELR changed */
    g_autofree char *text = NULL;
    cr_assert(g_file_get_contents(lit, &text, NULL, NULL));
    char *elr = strstr(text, "...with ELR 0x40080054");
    cr_assert(elr);
    elr[strlen("...with ELR 0x4008005")] = '8';
    g_autofree char *bad = tmpfile_path("el2q-XXXXXX.log");
    cr_assert(g_file_set_contents(bad, text, -1, NULL));
    import_and_diff(bad, tr, 1, "ELR 0x40080054 vs 0x40080058");
    g_unlink(bad);
    g_autofree char *qemu = g_find_program_in_path("qemu-system-aarch64");
    if (qemu) {
        g_autofree char *log = tmpfile_path("el2q-XXXXXX.log");
        const char *qargv[] = { qemu, "-M", "virt,virtualization=on", "-cpu", "cortex-a57", "-m", "128M",
                                "-nographic", "-semihosting", "-kernel", img, "-d", "int,guest_errors", "-D", log,
                                "-monitor", "none", "-serial", "none", NULL };
        p = run(qargv);
        cr_assert_eq(p.code, 0, "%s", p.err);
        proc_clear(&p);
        import_and_diff(log, tr, 0, NULL);
        g_unlink(log);
    }
    g_unlink(tr);
}

Test(trace, sigint_leaves_valid_trace)
{
    g_autofree char *img = image_path("spin.elf");
    g_autofree char *tr = tmpfile_path("el2int-XXXXXX.trace");
    const char *argv[] = { env("EL2SIM"), "run", img, "-q", "--max-insns", "100000000000", "--trace", tr, NULL };
    GPid pid;
    GError *e = NULL;
    cr_assert(g_spawn_async(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                            NULL, &pid, &e), "%s", e ? e->message : "");
    g_usleep(300000);
    kill(pid, SIGINT);
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    g_spawn_close_pid(pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGINT, "status 0x%x", status);
    el2_trace *t = read_ok(tr);
    cr_assert(t->events->len >= 1);
    const el2_event *last = &g_array_index(t->events, el2_event, t->events->len - 1);
    cr_assert_eq(last->kind, EV_STOP);
    cr_assert_eq(last->stop, STOP_SIGNAL);
    trace_free(t);
    const char *dargv[] = { env("EL2TRACE"), "dump", tr, NULL };
    proc p = run(dargv);
    cr_assert_eq(p.code, 0);
    cr_assert_str_eq(p.err, "");
    cr_assert(strstr(p.out, " signal\n"), "%s", p.out);
    proc_clear(&p);
    g_unlink(tr);
}

Test(trace, el2trace_tools)
{
    g_autofree char *g = golden("hyp-stub-v5-scenario.trace");
    proc p = run((const char *[]){ env("EL2TRACE"), "stats", g, NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    cr_assert(strstr(p.out, "HVC 0x2a ") && strstr(p.out, "cycles per HVC call (1004 calls): min "), "%s", p.out);
    proc_clear(&p);
    p = run((const char *[]){ env("EL2TRACE"), "json", g, NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    cr_assert(g_str_has_prefix(p.out, "{\"index\": 0, \"kind\": \"exc\""), "%.200s", p.out);
    cr_assert(strstr(p.out, "\"fid_name\": \"0x2a\""));
    proc_clear(&p);
    g_autofree char *out = tmpfile_path("el2f-XXXXXX.trace");
    p = run((const char *[]){ env("EL2TRACE"), "filter", g, "--kind", "sysreg", "-o", out, NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    proc_clear(&p);
    el2_trace *t = read_ok(out);
    cr_assert_eq(t->events->len, 2);
    trace_free(t);
    p = run((const char *[]){ env("EL2TRACE"), "filter", g, "--fid", "0", NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    cr_assert(strstr(p.out, "HVC ") && strstr(p.out, "ERET        EL2->EL1"), "%s", p.out);
    proc_clear(&p);
    /* HVC_SOFT_RESTART (x0 = 1) lands at EL2 by ERET EL2->EL2: the call never returns */
    p = run((const char *[]){ env("EL2TRACE"), "filter", g, "--fid", "1", NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    cr_assert(strstr(p.out, "HVC ") && !strstr(p.out, "ERET "), "%s", p.out);
    proc_clear(&p);
    p = run((const char *[]){ env("EL2TRACE"), "filter", g, "--symbol", "stub_el1_sync", "--el", "2", NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    cr_assert(strstr(p.out, "MSR "), "%s", p.out);
    proc_clear(&p);
    p = run((const char *[]){ env("EL2TRACE"), "export", "--perfetto", out, g, NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    proc_clear(&p);
    g_autofree char *json = NULL;
    cr_assert(g_file_get_contents(out, &json, NULL, NULL));
    cr_assert(strstr(json, "\"ph\": \"X\", \"name\": \"0x2a\"") && strstr(json, "\"name\": \"EL\""));
    g_unlink(out);
}

/* el2trace filter takes unsigned numbers only (regression: "-5" used to wrap around). */
Test(trace, filter_rejects_negative_numbers)
{
    g_autofree char *g = golden("hyp-stub-v5.trace");
    const char *a1[] = { env("EL2TRACE"), "filter", g, "--fid", "-5", NULL };
    proc p = run(a1);
    cr_assert_eq(p.code, 2, "%s%s", p.out, p.err);
    cr_assert_str_eq(p.err, "el2trace filter: --fid -5: expected a number\n");
    proc_clear(&p);
    const char *a2[] = { env("EL2TRACE"), "filter", g, "--cycles", "5:-1", NULL };
    p = run(a2);
    cr_assert_eq(p.code, 2, "%s%s", p.out, p.err);
    cr_assert_str_eq(p.err, "el2trace filter: --cycles 5:-1: expected A:B\n");
    proc_clear(&p);
}

/* Branch targets are printed as objdump does, "b 0x40081000 <elx_sync>", by the one
 * function behind event lines, findings and `el2trace dump` (issue 16). */
Test(trace, branch_targets_symbolised)
{
    el2_symtab *st = symtab_new();
    symtab_add(st, "vectors", 0x40080800, 0x800, false, true);
    symtab_add(st, "elx_sync", 0x40081000, 0x40, true, true);
    static const struct { uint64_t pc; uint32_t insn; const char *text; } cases[] = {
        { 0x40080c00, 0x14000100, "b 0x40081000 <elx_sync>" },                 /* B, forward */
        { 0x40081008, 0x97fffffe, "bl 0x40081000 <elx_sync>" },                /* BL, backward */
        { 0x40080ff0, 0x54000081, "b.ne 0x40081000 <elx_sync>" },              /* B.cond */
        { 0x40080fe0, 0xb4000100, "cbz x0, 0x40081000 <elx_sync>" },           /* CBZ */
        { 0x40080c00, 0xb7402014, "tbnz x20, #0x28, 0x40081000 <elx_sync>" },  /* TBNZ: the bit keeps its # */
        { 0x40081000, 0x14000400, "b 0x40082000" },                             /* no symbol there */
        { 0x40081000, 0xd65f03c0, "ret" },                                      /* not a PC-relative branch */
    };
    char buf[256];
    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++)
        cr_assert_str_eq(disasm_sym(st, cases[i].pc, cases[i].insn, buf, sizeof buf), cases[i].text, "case %u", i);

    /* an event line, printed by el2sim and by el2trace dump from a trace */
    el2_event ev = { .kind = EV_EXC, .exc = EXC_UNDEF, .pc = 0x40080c00, .insn = 0x14000100, .from_el = 2, .to_el = 2,
                     .esr = 0x02000000, .elr = 0x40080c00, .spsr = 0x3c9, .target = 0x40080a00 };
    char *line = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&line, &len);
    print_event(f, st, &ev);
    fclose(f);
    cr_assert(strstr(line, " vectors+0x400                b 0x40081000 <elx_sync> ESR 0x02000000"), "%s", line);
    g_autofree char *tr = tmpfile_path("el2sym-XXXXXX.trace");
    FILE *tf = fopen(tr, "wb");
    el2_trace_meta meta = { .flags = TRACE_HAS_STAMPS | TRACE_HAS_PC, .cpu = "cortex-a57", .producer = "test",
                            .syms = st };
    trace_writer *w = trace_writer_new(tf, &meta, false);
    trace_writer_event(w, &ev);
    cr_assert(trace_writer_finish(w));
    fclose(tf);
    proc d = run((const char *[]){ env("EL2TRACE"), "dump", tr, NULL });
    cr_assert_eq(d.code, 0, "%s", d.err);
    cr_assert_str_eq(d.out, line);
    proc_clear(&d);
    g_unlink(tr);
    free(line);
    symtab_free(st);
}

/* ------------------------------------------------------------------ */
/* event lines (print.c): the text README "Reading el2sim's output" documents; print.c
 * formats it by hand (lprintf) and caches disassembly, so every shape is pinned here. */

static char *line_of(const el2_symtab *st, const el2_event *ev)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert(f);
    print_event(f, st, ev);
    if (ev->has_regs)
        print_regs(f, ev);
    fclose(f);
    return text;
}

static el2_event *next_event(el2_event *evs, int *n, el2_event_kind kind)
{
    el2_event *e = &evs[(*n)++];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    return e;
}

Test(print, every_line_shape)
{
    sysreg_init();
    el2_symtab *st = symtab_new();
    symtab_add(st, "el1_main", 0x40080040, 0, true, true);
    symtab_add(st, "vectors", 0x40080800, 0x800, false, true);
    el2_event evs[20], *e;
    int n = 0;
    e = next_event(evs, &n, EV_EXC);
    e->insns = 16; e->cycles = 248; e->pc = 0x40080048; e->insn = 0xd4000002; e->from_el = 1; e->to_el = 2;
    e->exc = EXC_HVC; e->esr = 0x5a000000; e->elr = 0x4008004c; e->spsr = 0x3c5; e->target = 0x40080c00;
    e = next_event(evs, &n, EV_EXC);   /* counters wider than their columns; FAR */
    e->insns = 1234567890123ULL; e->cycles = 98765432109876ULL; e->pc = 0x40080050; e->insn = 0xf9400020;
    e->from_el = 1; e->to_el = 2; e->exc = EXC_DATA_ABORT; e->esr = 0x96000010; e->elr = 0x40080050;
    e->far = 0xdead0000beef; e->spsr = 0x200003c5; e->target = 0x40080a00;
    e = next_event(evs, &n, EV_EXC);   /* no symbol; encoding 0 of an UNDEF is still shown */
    e->pc = 0x10; e->from_el = 1; e->to_el = 1; e->exc = EXC_UNDEF; e->esr = 0x2000000; e->elr = 0x10;
    e->spsr = 0x3c5;
    e = next_event(evs, &n, EV_EXC);   /* unknown encoding of anything else: blank */
    e->pc = 0x40080044; e->from_el = 0; e->to_el = 1; e->exc = EXC_SVC; e->esr = 0x56000000; e->elr = 0x40080048;
    e->target = 0x40080400;
    e = next_event(evs, &n, EV_EXC);
    e->pc = 0x40080060; e->insn = 0xd4000003; e->from_el = 2; e->to_el = 3; e->exc = EXC_FIRMWARE;
    e->esr = 0x5e000000; e->value = 0x84000000;
    e = next_event(evs, &n, EV_EXC);
    e->pc = 0x40080060; e->insn = 0xd4000003; e->from_el = 1; e->to_el = 3; e->exc = EXC_FIRMWARE;
    e->esr = 0x5e000000; e->value = 0xc2001234;
    e = next_event(evs, &n, EV_EXC);
    e->pc = 0x40080070; e->insn = 0xd45e0000; e->from_el = 2; e->to_el = 2; e->exc = EXC_SEMIHOST; e->value = 0x18;
    e = next_event(evs, &n, EV_ERET);
    e->pc = 0x40080c04; e->insn = 0xd69f03e0; e->from_el = 2; e->to_el = 1; e->spsr = 0x3c5; e->target = 0x4008004c;
    e = next_event(evs, &n, EV_ERET);
    e->pc = 0x40080c04; e->insn = 0xd69f03e0; e->from_el = 2; e->to_el = 2; e->spsr = 0x3c9; e->target = 0x40090000;
    e->illegal = true;
    e = next_event(evs, &n, EV_ERET);
    e->from_el = 3; e->to_el = 2; e->value = 0x10000; e->target = 0x40080064;
    e = next_event(evs, &n, EV_SYSREG);
    e->pc = 0x4008000c; e->insn = 0xd51cc000; e->from_el = 2; e->sysreg = sysreg_find_name("VBAR_EL2");
    e->value = 0x40080800;
    e = next_event(evs, &n, EV_SYSREG);
    e->pc = 0x40080014; e->insn = 0xd51c1100; e->from_el = 2; e->sysreg = sysreg_find_name("HCR_EL2");
    e->value = 0x80000000; e->old = UINT64_MAX;
    e = next_event(evs, &n, EV_SYSREG);
    e->pc = 0x40080014; e->insn = 0xd51c1100; e->from_el = 2; e->sysreg = -1; e->value = 0x5;
    e = next_event(evs, &n, EV_STOP);
    e->insns = 42; e->cycles = 7; e->pc = 0x40080074; e->from_el = 2; e->stop = STOP_SEMIHOST_EXIT; e->status = -3;
    e = next_event(evs, &n, EV_STOP);
    e->pc = 0x40080074; e->from_el = 1; e->stop = STOP_BUDGET;
    e = next_event(evs, &n, EV_FINDING);
    e->pc = 0x40080048; e->from_el = 2; e->note = "clobbered-register: x19 = 0x0, expected 0x1919";
    e = next_event(evs, &n, EV_FINDING);
    e->pc = 0x40080048; e->from_el = 2;
    const char *want[] = {
        "       16        248  HVC         EL1->EL2  el1_main+0x8                 hvc #0                 ESR 0x5a000000 HVC64  ELR el1_main+0xc  SPSR 0x3c5  -> vectors+0x400\n",
        "1234567890123 98765432109876  DABORT      EL1->EL2  el1_main+0x10                ldr x0, [x1]           ESR 0x96000010 DABT_CUR  ELR el1_main+0x10  SPSR 0x200003c5  FAR 0xdead0000beef  -> vectors+0x200\n",
        "        0          0  UNDEF       EL1->EL1  0x10                         udf #0                 ESR 0x02000000 UNKNOWN  ELR 0x10  SPSR 0x3c5  -> 0x0\n",
        "        0          0  SVC         EL0->EL1  el1_main+0x4                                        ESR 0x56000000 SVC64  ELR el1_main+0x8  SPSR 0x0  -> el1_main+0x3c0\n",
        "        0          0  SMC         EL2->EL3  el1_main+0x20                smc #0                 ESR 0x5e000000 SMC64  x0=0x84000000 (PSCI_VERSION)\n",
        "        0          0  SMC         EL1->EL3  el1_main+0x20                smc #0                 ESR 0x5e000000 SMC64  x0=0xc2001234\n",
        "        0          0  SEMIHOST    EL2       el1_main+0x30                hlt #0xf000            SYS_EXIT(0x18)\n",
        "        0          0  ERET        EL2->EL1  vectors+0x404                eret                   SPSR 0x3c5  -> el1_main+0xc\n",
        "        0          0  ERET-ILLEGAL EL2->EL2  vectors+0x404                eret                   SPSR 0x3c9  -> el1_main+0xffc0  (illegal return: PSTATE.IL set, EL unchanged)\n",
        "        0          0  ERET        EL3->EL2  firmware                                            x0=0x10000  -> el1_main+0x24\n",
        "        0          0  MSR         EL2       0x4008000c                   msr vbar_el2, x0       VBAR_EL2 = 0x40080800 (vectors)  [was 0x0]\n",
        "        0          0  MSR         EL2       0x40080014                   msr hcr_el2, x0        HCR_EL2 = 0x80000000  [was 0xffffffffffffffff]\n",
        "        0          0  MSR         EL2       0x40080014                   msr hcr_el2, x0        ? = 0x5  [was 0x0]\n",
        "       42          7  STOP        EL2       el1_main+0x34                semihosting-exit status=-3\n",
        "        0          0  STOP        EL1       el1_main+0x34                budget\n",
        "        0          0  FINDING     EL2       el1_main+0x8                 clobbered-register: x19 = 0x0, expected 0x1919\n",
        "        0          0  FINDING     EL2       el1_main+0x8                 \n",
    };
    cr_assert_eq(n, (int)G_N_ELEMENTS(want));
    for (int round = 0; round < 2; round++)      /* the second time from the disassembly cache */
        for (int i = 0; i < n; i++) {
            g_autofree char *got = line_of(st, &evs[i]);
            cr_assert_str_eq(got, want[i], "event %d, round %d", i, round);
        }

    /* --regs: the block under the line */
    el2_event r = evs[0];
    r.has_regs = true;
    for (int i = 0; i < 31; i++)
        r.x[i] = (uint64_t)i * 0x1111111111111111ULL;
    r.sp = 0x40400000;
    g_autofree char *regs = line_of(st, &r);
    g_autofree char *want_regs = g_strconcat(want[0],
        "                      x0 =0000000000000000 x1 =1111111111111111 x2 =2222222222222222 x3 =3333333333333333\n"
        "                      x4 =4444444444444444 x5 =5555555555555555 x6 =6666666666666666 x7 =7777777777777777\n"
        "                      x8 =8888888888888888 x9 =9999999999999999 x10=aaaaaaaaaaaaaaaa x11=bbbbbbbbbbbbbbbb\n"
        "                      x12=cccccccccccccccc x13=dddddddddddddddd x14=eeeeeeeeeeeeeeee x15=ffffffffffffffff\n"
        "                      x16=1111111111111110 x17=2222222222222221 x18=3333333333333332 x19=4444444444444443\n"
        "                      x20=5555555555555554 x21=6666666666666665 x22=7777777777777776 x23=8888888888888887\n"
        "                      x24=9999999999999998 x25=aaaaaaaaaaaaaaa9 x26=bbbbbbbbbbbbbbba x27=cccccccccccccccb\n"
        "                      x28=dddddddddddddddc x29=eeeeeeeeeeeeeeed x30=fffffffffffffffe sp =0000000040400000\n", NULL);
    cr_assert_str_eq(regs, want_regs);
    symtab_free(st);
}

/* Lines longer than print.c's line buffer: a long symbol (cut at 159 characters, as
 * before) and a note of 2,000 characters come out whole and in order. */
Test(print, long_lines)
{
    el2_symtab *st = symtab_new();
    char name[300];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = 0;
    symtab_add(st, name, 0x1000, 0, true, true);
    char note[2001];
    for (int i = 0; i < 2000; i++)
        note[i] = (char)('a' + i % 26);
    note[2000] = 0;
    el2_event e = { .kind = EV_FINDING, .pc = 0x1000, .from_el = 2, .note = note };
    g_autofree char *got = line_of(st, &e);
    g_autofree char *want = g_strdup_printf("        0          0  FINDING     EL2       %.159s %s\n", name, note);
    cr_assert_str_eq(got, want);
    e = (el2_event){ .kind = EV_STOP, .pc = 0x1004, .from_el = 1, .stop = STOP_FAULT };
    g_autofree char *stop = line_of(st, &e);
    g_autofree char *want_stop = g_strdup_printf("        0          0  STOP        EL1       %.159s guest-fault\n", name);
    cr_assert_str_eq(stop, want_stop);
    symtab_free(st);
}

/* The disassembly cache is keyed by PC and encoding: new code at the same PC (a guest
 * rewriting its vectors) and a PC-relative instruction at another PC both disassemble
 * afresh. */
Test(print, disassembly_follows_pc_and_encoding)
{
    el2_symtab *st = symtab_new();
    el2_event e = { .kind = EV_SYSREG, .from_el = 2, .sysreg = -1 };
    struct { uint64_t pc; uint32_t insn; const char *dis; } seq[] = {
        { 0x40080000, 0x14000004, "b 0x40080010" },
        { 0x40080000, 0xd503201f, "nop" },
        { 0x40080000, 0x14000004, "b 0x40080010" },
        { 0x40081000, 0x14000004, "b 0x40081010" },
        { 0x40080000, 0x14000004, "b 0x40080010" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(seq); i++) {
        e.pc = seq[i].pc;
        e.insn = seq[i].insn;
        g_autofree char *got = line_of(st, &e);
        g_autofree char *want = g_strdup_printf("        0          0  MSR         EL2       0x%-26llx %-22s ? = 0x0  [was 0x0]\n",
                                                (unsigned long long)seq[i].pc, seq[i].dis);
        cr_assert_str_eq(got, want, "step %zu", i);
    }
    symtab_free(st);
}

/* ---- JSON output for names that are not UTF-8 ---- */

#include "json.h"

static char *json_of(const char *v)
{
    GString *s = g_string_new(NULL);
    json_append_string(s, v);
    return g_string_free(s, FALSE);
}

/* Every byte that is not part of valid UTF-8 becomes \ufffd; valid UTF-8 is kept. */
Test(json, invalid_utf8_replaced)
{
    const char *cases[][2] = {
        { "bug\xff\xfesite", "\"bug\\ufffd\\ufffdsite\"" },
        { "caf\xc3\xa9", "\"caf\xc3\xa9\"" },                    /* valid two-byte sequence */
        { "\xe2\x82\xac", "\"\xe2\x82\xac\"" },                  /* valid three-byte sequence */
        { "\xc0\xaf", "\"\\ufffd\\ufffd\"" },                    /* overlong '/' */
        { "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },         /* a UTF-16 surrogate */
        { "x\xe2\x82", "\"x\\ufffd\\ufffd\"" },                  /* cut short at the end */
        { "\"\\\x01", "\"\\\"\\\\\\u0001\"" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *got = json_of(cases[i][0]);
        cr_assert_str_eq(got, cases[i][1], "case %zu", i);
        cr_assert(g_utf8_validate(got, -1, NULL), "case %zu", i);
    }
}

static void write_trace_file(const char *path, const el2_trace_meta *meta, const el2_event *ev, guint n)
{
    FILE *f = fopen(path, "wb");
    cr_assert(f, "%s", path);
    trace_writer *w = trace_writer_new(f, meta, false);
    for (guint i = 0; i < n; i++)
        trace_writer_event(w, &ev[i]);
    cr_assert(trace_writer_finish(w));
    cr_assert_eq(fclose(f), 0);
}

/* A trace whose symbol name has the bytes 0xff 0xfe: el2trace json and export --perfetto
 * still write valid UTF-8, with the bytes as \ufffd. */
Test(json, el2trace_output_with_bad_symbol_is_utf8)
{
    el2_symtab *st = symtab_new();
    symtab_add(st, "hyp\xff\xfe", 0x40080000, 0x100, true, true);
    el2_trace_meta meta = { .flags = TRACE_HAS_STAMPS | TRACE_HAS_PC, .cpu = "cortex-a57",
                            .producer = "test \xff", .syms = st };
    el2_event ev[] = {
        { .kind = EV_EXC, .exc = EXC_HVC, .cycles = 10, .pc = 0x40080000, .insn = 0xd4000002, .from_el = 1,
          .to_el = 2, .esr = 0x5a000000, .elr = 0x40080004, .target = 0x40080040 },
        { .kind = EV_FINDING, .cycles = 20, .pc = 0x40080000, .from_el = 2, .to_el = 2,
          .note = "wrong-result in hyp\xff\xfe" },
        { .kind = EV_ERET, .cycles = 30, .pc = 0x40080044, .insn = 0xd69f03e0, .from_el = 2, .to_el = 1,
          .target = 0x40080004 },
        { .kind = EV_STOP, .stop = STOP_AT, .cycles = 40, .pc = 0x40080004, .from_el = 1, .to_el = 1 },
    };
    g_autofree char *tr = tmpfile_path("el2json-XXXXXX.trace");
    write_trace_file(tr, &meta, ev, G_N_ELEMENTS(ev));
    symtab_free(st);
    proc p = run((const char *[]){ env("EL2TRACE"), "json", tr, NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    cr_assert(g_utf8_validate(p.out, -1, NULL), "not UTF-8: %s", p.out);
    cr_assert(strstr(p.out, "\"symbol\": \"hyp\\ufffd\\ufffd\""), "%s", p.out);
    cr_assert(strstr(p.out, "\"target_symbol\": \"hyp\\ufffd\\ufffd+0x40\""), "%s", p.out);
    cr_assert(strstr(p.out, "\"finding\": \"wrong-result in hyp\\ufffd\\ufffd\""), "%s", p.out);
    proc_clear(&p);
    g_autofree char *out = tmpfile_path("el2json-XXXXXX.json");
    p = run((const char *[]){ env("EL2TRACE"), "export", "--perfetto", out, tr, NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    proc_clear(&p);
    g_autofree char *json = NULL;
    cr_assert(g_file_get_contents(out, &json, NULL, NULL));
    cr_assert(g_utf8_validate(json, -1, NULL), "not UTF-8: %s", json);
    cr_assert(strstr(json, "{\"producer\": \"test \\ufffd\""), "%s", json);
    cr_assert(strstr(json, "\"args\": {\"call\": \"hyp\\ufffd\\ufffd\""), "%s", json);
    cr_assert(strstr(json, "\"finding\": \"wrong-result in hyp\\ufffd\\ufffd\""), "%s", json);
    g_unlink(out);
    g_unlink(tr);
}

/* el2sim check --report on an object whose culprit symbol is "bug\xff\xfeite". */
Test(json, check_report_with_bad_symbol_is_utf8)
{
    g_autofree char *obj = g_build_filename(env("EL2_TEST_ABI"), "stub-clobber.o", NULL);
    g_autofree char *data = NULL;
    gsize len = 0;
    cr_assert(g_file_get_contents(obj, &data, &len, NULL));
    char *name = NULL;                                         /* "bug_site" and its NUL */
    for (gsize i = 0; !name && i + 9 <= len; i++)
        if (!memcmp(data + i, "bug_site", 9))
            name = data + i;
    cr_assert(name);
    name[3] = (char)0xff;
    name[4] = (char)0xfe;
    g_autofree char *dir = g_dir_make_tmp("el2json-XXXXXX", NULL);
    g_autofree char *bad = g_build_filename(dir, "stub-bad.o", NULL);
    g_autofree char *scn = g_build_filename(dir, "bad.scn", NULL);
    g_autofree char *report = g_build_filename(dir, "report.json", NULL);
    cr_assert(g_file_set_contents(bad, data, (gssize)len, NULL));
    cr_assert(g_file_set_contents(scn, "[machine]\nimages = stub-bad.o\n[setup]\nmode = install\n"
                                       "vbar_el2 = stub_vectors\nhcr_el2 = 0x80000000\nsp_el1 = 0x40300000\n"
                                       "sp_el2 = 0x40400000\n[call set-vectors]\nhvc = 0\nx0 = 0\n"
                                       "x1 = stub_vectors\nx19 = 0x1919\n", -1, NULL));
    proc p = run((const char *[]){ env("EL2SIM"), "check", scn, "--abi", "linux-hyp-stub", "--report", report, NULL });
    cr_assert_eq(p.code, 1, "%s%s", p.out, p.err);
    proc_clear(&p);
    g_autofree char *json = NULL;
    cr_assert(g_file_get_contents(report, &json, NULL, NULL));
    cr_assert(g_utf8_validate(json, -1, NULL), "not UTF-8: %s", json);
    cr_assert(strstr(json, "\"culprit\": {\"pc\": \"0x40080024\", \"symbol\": \"bug\\ufffd\\ufffdite\""), "%s", json);
    g_unlink(report);
    g_unlink(scn);
    g_unlink(bad);
    g_rmdir(dir);
}

/* ---- el2trace stats, filter, export: calls paired with their returns ---- */

/* el2trace stats's section from "cycles per HVC call" to the end. */
static char *stats_cycles(const char *tr)
{
    proc p = run((const char *[]){ env("EL2TRACE"), "stats", tr, NULL });
    cr_assert_eq(p.code, 0, "exit %d: %s", p.code, p.err);
    const char *at = strstr(p.out, "cycles per HVC call");
    cr_assert(at, "%s", p.out);
    char *s = g_strdup(at);
    proc_clear(&p);
    return s;
}

static const el2_trace_meta stamps_meta = { .flags = TRACE_HAS_REGS | TRACE_HAS_STAMPS | TRACE_HAS_PC,
                                            .cpu = "cortex-a57", .producer = "test" };

static el2_event hvc_at(uint64_t cycles, uint64_t fid)
{
    el2_event e = { .kind = EV_EXC, .exc = EXC_HVC, .cycles = cycles, .pc = 0x40080000, .insn = 0xd4000002,
                    .from_el = 1, .to_el = 2, .esr = 0x5a000000, .elr = 0x40080004, .target = 0x40080400,
                    .has_regs = true };
    e.x[0] = fid;
    return e;
}

static el2_event eret_at(uint64_t cycles, unsigned from, unsigned to)
{
    el2_event e = { .kind = EV_ERET, .cycles = cycles, .pc = 0x40080440, .insn = 0xd69f03e0, .from_el = from,
                    .to_el = to, .target = 0x40080004, .has_regs = true };
    return e;
}

/* A return stamped before its call (regression: the duration wrapped around and the
 * histogram's bin width became 0: SIGFPE) is left out and counted. */
Test(stats, return_stamped_before_call)
{
    el2_event ev[] = { hvc_at(100, 0), eret_at(90, 2, 1), hvc_at(200, 0), eret_at(200, 2, 1) };
    g_autofree char *tr = tmpfile_path("el2stats-XXXXXX.trace");
    write_trace_file(tr, &stamps_meta, ev, G_N_ELEMENTS(ev));
    g_autofree char *s = stats_cycles(tr);
    cr_assert_str_eq(s, "cycles per HVC call (1 calls): min 0  median 0  max 0\n"
                        "         0-0              1 |##################################################\n"
                        "cycles per HVC call: 1 call left out: the return is stamped before the call (first: event 1)\n");
    g_unlink(tr);
}

/* Durations 0 and 2^64-1: the histogram spans all of uint64 (regression: SIGFPE). */
Test(stats, histogram_spans_every_value)
{
    el2_event ev[] = { hvc_at(0, 0), eret_at(0, 2, 1), hvc_at(0, 0), eret_at(UINT64_MAX, 2, 1) };
    g_autofree char *tr = tmpfile_path("el2stats-XXXXXX.trace");
    write_trace_file(tr, &stamps_meta, ev, G_N_ELEMENTS(ev));
    g_autofree char *s = stats_cycles(tr);
    /* ten bins of 1844674407370955162 (the last one shorter), the two calls in the first and the last */
    GString *want = g_string_new("cycles per HVC call (2 calls): min 0  median 9223372036854775807  "
                                 "max 18446744073709551615\n");
    const uint64_t step = 1844674407370955162u;
    for (unsigned k = 0; k < 10; k++) {
        uint64_t a = k * step, z = k == 9 ? UINT64_MAX : a + step - 1;
        g_string_append_printf(want, "  %8" PRIu64 "-%-8" PRIu64 " %7u |%s\n", a, z, k == 0 || k == 9,
                               k == 0 || k == 9 ? "##################################################" : "");
    }
    cr_assert_str_eq(s, want->str);
    g_string_free(want, TRUE);
    g_unlink(tr);
}

/* An HVC whose handler takes and returns from an exception of its own (a data abort at
 * EL2, returned from by ERET EL2->EL2) ends at the ERET back to EL1, not at that inner
 * ERET: stats, filter --fid and the Perfetto slice agree. */
Test(stats, nested_exception_inside_call)
{
    el2_event dabt = { .kind = EV_EXC, .exc = EXC_DATA_ABORT, .cycles = 120, .pc = 0x40080408, .insn = 0xf9400000,
                       .from_el = 2, .to_el = 2, .esr = 0x96000010, .elr = 0x40080408, .far = 0x10000000,
                       .target = 0x40080200, .has_regs = true };
    el2_event inner = eret_at(130, 2, 2);
    inner.pc = 0x40080240;
    inner.target = 0x4008040c;
    el2_event stop = { .kind = EV_STOP, .stop = STOP_AT, .cycles = 170, .pc = 0x40080004, .from_el = 1, .to_el = 1,
                       .has_regs = true };
    el2_event ev[] = { hvc_at(100, 5), dabt, inner, eret_at(160, 2, 1), stop };
    g_autofree char *tr = tmpfile_path("el2nest-XXXXXX.trace");
    write_trace_file(tr, &stamps_meta, ev, G_N_ELEMENTS(ev));
    g_autofree char *s = stats_cycles(tr);
    cr_assert(g_str_has_prefix(s, "cycles per HVC call (1 calls): min 60  median 60  max 60\n"), "%s", s);
    /* filter --fid 5: the call and its return, not the handler's inner ERET */
    proc p = run((const char *[]){ env("EL2TRACE"), "filter", tr, "--fid", "5", NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    GString *want = g_string_new(NULL);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    print_event(f, NULL, &ev[0]);
    print_event(f, NULL, &ev[3]);
    fclose(f);
    g_string_append(want, buf);
    free(buf);
    cr_assert_str_eq(p.out, want->str);
    g_string_free(want, TRUE);
    proc_clear(&p);
    /* the Perfetto slice lasts from the HVC to the ERET to EL1 */
    g_autofree char *out = tmpfile_path("el2nest-XXXXXX.json");
    p = run((const char *[]){ env("EL2TRACE"), "export", "--perfetto", out, tr, NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    proc_clear(&p);
    g_autofree char *json = NULL;
    cr_assert(g_file_get_contents(out, &json, NULL, NULL));
    cr_assert(strstr(json, "\"ph\": \"X\", \"name\": \"0x5\", \"cat\": \"hvc\", \"pid\": 1, \"tid\": 1, \"ts\": 100, "
                           "\"dur\": 60, "), "%s", json);
    g_unlink(out);
    g_unlink(tr);
}

/* ---- hand-made bytes ---- */

#include "trace_codec.h"

/* A trace file around the given event records (each counted as one event): magic,
 * a header without images or symbols, the records, one checkpoint and the end record,
 * every CRC right. *first is where the records start. */
static GByteArray *raw_trace(const GByteArray *records, guint nevents, size_t *first)
{
    GByteArray *f = g_byte_array_new(), *hdr = g_byte_array_new();
    const uint8_t magic[10] = { 'E', 'L', '2', 'T', 'R', 'A', 'C', 'E', TRACE_VERSION_MAJOR, TRACE_VERSION_MINOR };
    g_byte_array_append(f, magic, sizeof magic);
    tc_put_varint(hdr, TRACE_HAS_STAMPS | TRACE_HAS_PC);
    tc_put_str(hdr, "");
    tc_put_str(hdr, "test");
    tc_put_varint(hdr, TRACE_KEY_INTERVAL);
    tc_put_varint(hdr, 0);
    tc_put_varint(hdr, 0);
    uint8_t tag = TAG_HEADER;
    g_byte_array_append(f, &tag, 1);
    tc_put_varint(f, hdr->len);
    g_byte_array_append(f, hdr->data, hdr->len);
    tc_put_u32(f, trace_crc32(0, hdr->data, hdr->len));
    g_byte_array_free(hdr, TRUE);
    *first = f->len;
    g_byte_array_append(f, records->data, records->len);
    uint32_t chunk = trace_crc32(0, f->data + *first, f->len - *first);
    tag = TAG_CHECK;
    g_byte_array_append(f, &tag, 1);
    tc_put_varint(f, nevents);
    tc_put_u32(f, chunk);
    const uint8_t end[4] = { 'E', 'N', 'D', TRACE_VERSION_MAJOR };
    uint32_t crc = trace_crc32(0, f->data, f->len);
    g_byte_array_append(f, end, 4);
    tc_put_u32(f, nevents);
    tc_put_u32(f, crc);
    g_byte_array_append(f, (const uint8_t *)"EL2\n", 4);
    return f;
}

/* Two stop events: the first (a key event) with status 5, the second with status 5 + d. */
static GByteArray *two_stops(int64_t d, size_t *second)
{
    GByteArray *rec = g_byte_array_new(), *body = g_byte_array_new();
    for (int i = 0; i < 2; i++) {
        if (i)
            *second = rec->len;
        g_byte_array_set_size(body, 0);
        tc_put_zigzag(body, 0);                       /* insns, cycles */
        tc_put_zigzag(body, 0);
        tc_put_varint(body, 1u << TF_STATUS);
        tc_put_zigzag(body, i ? d : 5);
        uint8_t tag = EV_STOP | (i ? 0 : TAG_F_KEY);
        g_byte_array_append(rec, &tag, 1);
        tc_put_varint(rec, body->len);
        g_byte_array_append(rec, body->data, body->len);
    }
    g_byte_array_free(body, TRUE);
    return rec;
}

/* A stop event's status is an int: a difference that takes it outside int's range is
 * damage, reported at the event (regression: the sum overflowed, UBSan's signed overflow). */
Test(trace, status_out_of_range_is_corrupt)
{
    size_t first, second;
    GByteArray *rec = two_stops(-3, &second), *f = raw_trace(rec, 2, &first);
    el2_trace *t = trace_read_mem("ok.trace", f->data, f->len);      /* the bytes are right */
    cr_assert_null(t->error, "%s", t->error);
    cr_assert(t->complete && t->events->len == 2);
    cr_assert_eq(g_array_index(t->events, el2_event, 1).status, 2);
    trace_free(t);
    g_byte_array_free(f, TRUE);
    g_byte_array_free(rec, TRUE);
    const int64_t bad[] = { INT64_MAX, (int64_t)INT_MAX - 4, (int64_t)INT_MIN - 6, INT64_MIN };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        rec = two_stops(bad[i], &second);
        f = raw_trace(rec, 2, &first);
        t = trace_read_mem("big.trace", f->data, f->len);
        g_autofree char *want = g_strdup_printf("big.trace: corrupt at byte %zu: event 1: status out of range",
                                                first + second);
        cr_assert_str_eq(t->error, want, "difference %" PRId64, bad[i]);
        cr_assert_eq(t->events->len, 1);
        cr_assert_eq(g_array_index(t->events, el2_event, 0).status, 5);
        trace_free(t);
        if (i == 0) {                     /* el2trace dump: the line, the event before it, exit 1 */
            g_autofree char *path = tmpfile_path("el2big-XXXXXX.trace");
            cr_assert(g_file_set_contents(path, (const char *)f->data, f->len, NULL));
            proc p = run((const char *[]){ env("EL2TRACE"), "dump", path, NULL });
            g_autofree char *line = g_strdup_printf("%s: corrupt at byte %zu: event 1: status out of range\n", path,
                                                    first + second);
            cr_assert_eq(p.code, 1);
            cr_assert_str_eq(p.err, line);
            char *buf = NULL;
            size_t len = 0;
            FILE *mf = open_memstream(&buf, &len);
            print_event(mf, NULL, &(el2_event){ .kind = EV_STOP, .status = 5 });
            fclose(mf);
            cr_assert_str_eq(p.out, buf);
            free(buf);
            proc_clear(&p);
            g_unlink(path);
        }
        g_byte_array_free(f, TRUE);
        g_byte_array_free(rec, TRUE);
    }
    /* the edges of int's range still fit */
    const int64_t edge[] = { (int64_t)INT_MAX - 5, (int64_t)INT_MIN - 5 };
    for (size_t i = 0; i < G_N_ELEMENTS(edge); i++) {
        rec = two_stops(edge[i], &second);
        f = raw_trace(rec, 2, &first);
        t = trace_read_mem("edge.trace", f->data, f->len);
        cr_assert_null(t->error, "%s", t->error);
        cr_assert_eq(g_array_index(t->events, el2_event, 1).status, (int)(5 + edge[i]));
        trace_free(t);
        g_byte_array_free(f, TRUE);
        g_byte_array_free(rec, TRUE);
    }
}

/* ---- el2trace diff against a QEMU import: every field QEMU logs ---- */

/* The el2sim trace of a test image. */
static char *image_trace(const char *name)
{
    g_autofree char *img = image_path(name);
    char *tr = tmpfile_path("el2img-XXXXXX.trace");
    proc p = run((const char *[]){ env("EL2SIM"), "run", img, "-q", "--trace", tr, NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    proc_clear(&p);
    return tr;
}

static char *qemu_log(const char *name)
{
    g_autofree char *path = g_build_filename(env("EL2_SOURCE"), "tests", "traces", name, NULL);
    char *text = NULL;
    cr_assert(g_file_get_contents(path, &text, NULL, NULL), "%s", path);
    return text;
}

/* text with the first `from` replaced by `to` */
static char *replaced(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    cr_assert(at, "no '%s'", from);
    return g_strdup_printf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

/* Imports log text and diffs the el2sim trace with it: the diff's exit code and first
 * line; *note gets import-qemu's stderr. */
static int diff_with_log(const char *el2, const char *text, char **first_line, char **note)
{
    g_autofree char *log = tmpfile_path("el2q-XXXXXX.log"), *q = tmpfile_path("el2q-XXXXXX.trace");
    cr_assert(g_file_set_contents(log, text, -1, NULL));
    proc p = run((const char *[]){ env("EL2TRACE"), "import-qemu", log, q, NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    if (note)
        *note = g_strdup(p.err);
    proc_clear(&p);
    p = run((const char *[]){ env("EL2TRACE"), "diff", el2, q, NULL });
    *first_line = g_strndup(p.out, strcspn(p.out, "\n"));
    int code = p.code;
    proc_clear(&p);
    g_unlink(log);
    g_unlink(q);
    return code;
}

#define QDIFF " (exceptions and returns only: one trace is a QEMU import): "

Test(qemu_import, full_esr_compared)
{
    g_autofree char *tr = image_trace("hvc_paths.elf");
    g_autofree char *text = qemu_log("hvc_paths.qemu.log");
    g_autofree char *line = NULL;
    cr_assert_eq(diff_with_log(tr, text, &line, NULL), 0, "%s", line);
    g_free(line);
    /* hvc #0x22 logged as hvc #0x21: the same EC, another ESR */
    g_autofree char *hvc = replaced(text, "...with ESR 0x16/0x5a000022", "...with ESR 0x16/0x5a000021");
    cr_assert_eq(diff_with_log(tr, hvc, &line, NULL), 1);
    cr_assert_str_eq(line, "first divergence at event 3" QDIFF "ESR 0x5a000022 vs 0x5a000021");
}

/* SPSR is compared when the log has a "...with SPSR" line (QEMU 7.2 writes none for
 * AArch64), and not otherwise. */
Test(qemu_import, spsr_compared_when_logged)
{
    g_autofree char *tr = image_trace("hvc_paths.elf");
    el2_trace *t = read_ok(tr);
    uint32_t spsr = 0;
    guint k = 0;                          /* its index among exceptions and returns */
    for (guint i = 0; i < t->events->len && !spsr; i++) {
        const el2_event *e = &g_array_index(t->events, el2_event, i);
        if (e->kind == EV_EXC && e->elr == 0x40080054)
            spsr = e->spsr;
        else if (e->kind == EV_EXC || e->kind == EV_ERET)
            k++;
    }
    cr_assert(spsr);
    trace_free(t);
    g_autofree char *text = qemu_log("hvc_paths.qemu.log");
    g_autofree char *good_line = g_strdup_printf("...with ELR 0x40080054\n...with SPSR 0x%x\n", spsr);
    g_autofree char *bad_line = g_strdup_printf("...with ELR 0x40080054\n...with SPSR 0x%x\n", spsr ^ 1);
    g_autofree char *good = replaced(text, "...with ELR 0x40080054\n", good_line);
    g_autofree char *bad = replaced(text, "...with ELR 0x40080054\n", bad_line);
    g_autofree char *line = NULL;
    cr_assert_eq(diff_with_log(tr, good, &line, NULL), 0, "%s", line);
    g_free(line);
    cr_assert_eq(diff_with_log(tr, bad, &line, NULL), 1);
    g_autofree char *want = g_strdup_printf("first divergence at event %u" QDIFF "SPSR 0x%x vs 0x%x", k, spsr,
                                            spsr ^ 1);
    cr_assert_str_eq(line, want);
}

/* FAR is compared when the log has a "...with FAR" line (QEMU writes one for aborts,
 * PC alignment faults included). */
Test(qemu_import, far_compared_when_logged)
{
    g_autofree char *tr = image_trace("pc_align.elf");
    g_autofree char *text = qemu_log("pc_align.qemu.log");
    g_autofree char *line = NULL;
    cr_assert_eq(diff_with_log(tr, text, &line, NULL), 0, "%s", line);
    g_free(line);
    g_autofree char *far = replaced(text, "...with FAR 0x40080061", "...with FAR 0x40080065");
    cr_assert_eq(diff_with_log(tr, far, &line, NULL), 1);
    cr_assert(g_str_has_suffix(line, QDIFF "FAR 0x40080061 vs 0x40080065"), "%s", line);
    g_free(line);
    g_autofree char *nofar = replaced(text, "...with FAR 0x40080061\n", "");
    cr_assert_eq(diff_with_log(tr, nofar, &line, NULL), 0, "%s", line);
}

/* A log recorded with -d int alone lacks the illegal returns (QEMU logs them as guest
 * errors): import-qemu says so in one line and still writes the trace. */
Test(qemu_import, missing_illegal_returns_noted)
{
    g_autofree char *tr = image_trace("illegal_return.elf");
    g_autofree char *text = qemu_log("illegal_return.qemu.log");
    g_autofree char *line = NULL, *note = NULL;
    cr_assert_eq(diff_with_log(tr, text, &line, &note), 0, "%s", line);
    cr_assert_str_eq(note, "");
    g_free(line);
    g_free(note);
    /* the same log without its guest_errors lines */
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    GString *intonly = g_string_new(NULL);
    for (char **l = lines; *l; l++)
        if (!g_str_has_prefix(*l, "Illegal exception return at "))
            g_string_append_printf(intonly, "%s%s", *l, l[1] ? "\n" : "");
    cr_assert_eq(diff_with_log(tr, intonly->str, &line, &note), 1);
    cr_assert(g_str_has_prefix(note, "el2trace import-qemu: note: "), "%s", note);
    cr_assert(g_str_has_suffix(note, ".log: event 1 is an illegal execution state exception at 0x40080060 with no "
                                     "exception return to there before it: QEMU logs illegal returns only with "
                                     "-d int,guest_errors\n"), "%s", note);
    cr_assert_eq(strchr(note, '\n')[1], 0, "one line: %s", note);
    g_string_free(intonly, TRUE);
}

/* ---- inputs that are not regular files ---- */

#include <sys/resource.h>
#include <sys/stat.h>

/* Cuts short a command that reads /dev/zero or waits on a FIFO forever (the code before
 * the fix): SIGALRM after 20 s, at most 1 GiB of address space. */
static void limited_child(gpointer data)
{
    (void)data;
    alarm(20);
#ifndef __SANITIZE_ADDRESS__     /* ASan reserves terabytes of address space for its shadow */
    struct rlimit rl = { 1ul << 30, 1ul << 30 };
    setrlimit(RLIMIT_AS, &rl);
#endif
}

static proc run_limited(const char *const *argv)
{
    proc p = { 0 };
    int status = 0;
    cr_assert(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, limited_child, NULL, &p.out, &p.err, &status,
                           NULL));
    p.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return p;
}

static void assert_refused(const char *const *argv, int code, const char *line)
{
    proc p = run_limited(argv);
    cr_assert_eq(p.code, code, "%s: exit %d: %s", argv[1], p.code, p.err);
    cr_assert_str_eq(p.err, line);
    cr_assert_str_eq(p.out, "");
    proc_clear(&p);
}

/* el2trace refuses a FIFO or a device as a trace or a QEMU log: one line, exit 1 (its
 * bad-input code), nothing written (regression: /dev/zero was read until memory ran out,
 * a FIFO with no writer waited forever). */
Test(trace, non_regular_inputs_refused, .timeout = 120)
{
    g_autofree char *dir = g_dir_make_tmp("el2fifo-XXXXXX", NULL);
    g_autofree char *fifo = g_build_filename(dir, "in.fifo", NULL);
    g_autofree char *out = g_build_filename(dir, "out.trace", NULL);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    g_autofree char *fifo_line = g_strdup_printf("%s: not a regular file\n", fifo);
    assert_refused((const char *[]){ env("EL2TRACE"), "dump", "/dev/zero", NULL }, 1, "/dev/zero: not a regular file\n");
    assert_refused((const char *[]){ env("EL2TRACE"), "dump", fifo, NULL }, 1, fifo_line);
    assert_refused((const char *[]){ env("EL2TRACE"), "json", fifo, NULL }, 1, fifo_line);
    assert_refused((const char *[]){ env("EL2TRACE"), "import-qemu", "/dev/zero", out, NULL }, 1,
                   "el2trace import-qemu: /dev/zero: not a regular file\n");
    g_autofree char *imp = g_strdup_printf("el2trace import-qemu: %s", fifo_line);
    assert_refused((const char *[]){ env("EL2TRACE"), "import-qemu", fifo, out, NULL }, 1, imp);
    cr_assert_not(g_file_test(out, G_FILE_TEST_EXISTS));
    /* a malformed log is bad input too (exit 1); a missing one an I/O error (exit 2) */
    g_autofree char *bad = g_build_filename(dir, "bad.log", NULL);
    cr_assert(g_file_set_contents(bad, "Taking exception 11 [Hypervisor Call] on CPU 0\n...from EL7 to EL2\n", -1, NULL));
    g_autofree char *bad_line = g_strdup_printf("el2trace import-qemu: %s:2: expected EL0..EL3 in '...from' line\n", bad);
    assert_refused((const char *[]){ env("EL2TRACE"), "import-qemu", bad, out, NULL }, 1, bad_line);
    g_autofree char *none = g_build_filename(dir, "none.log", NULL);
    g_autofree char *none_line = g_strdup_printf("el2trace import-qemu: %s: cannot open: No such file or directory\n", none);
    assert_refused((const char *[]){ env("EL2TRACE"), "import-qemu", none, out, NULL }, 2, none_line);
    g_unlink(bad);
    g_unlink(fifo);
    g_rmdir(dir);
}

/* ---- SIGPIPE and SIGHUP stop a run as SIGINT does ---- */

/* child setup: the signal given (as a pointer) gets its default action, the rest as
 * inherited; a child that hangs is ended by SIGALRM after 30 s */
static void default_signal(gpointer sig)
{
    signal(GPOINTER_TO_INT(sig), SIG_DFL);
    alarm(30);
}

static void ignore_signal(gpointer sig)
{
    signal(GPOINTER_TO_INT(sig), SIG_IGN);
    alarm(30);
}

/* The trace at tr is complete and ends with a stop by signal sig. */
static void assert_stopped_by(const char *tr, int sig)
{
    el2_trace *t = read_ok(tr);
    cr_assert(t->events->len >= 1);
    const el2_event *last = &g_array_index(t->events, el2_event, t->events->len - 1);
    cr_assert_eq(last->kind, EV_STOP);
    cr_assert_eq(last->stop, STOP_SIGNAL);
    cr_assert_eq(last->status, sig);
    trace_free(t);
}

/* stdout is a pipe nobody reads (`el2sim run ... | head -1` once head has gone): el2sim
 * stops at the write that fails, with a complete trace and exit 141 (regression: SIGPIPE
 * killed it and the trace had only its header). */
Test(signals, sigpipe_stops_cleanly, .timeout = 60)
{
    g_autofree char *flood = image_path("console_flood.elf");
    g_autofree char *tr = tmpfile_path("el2pipe-XXXXXX.trace");
    g_autofree char *errpath = tmpfile_path("el2pipe-XXXXXX.err");
    /* 64 MiB of console output: far more than stdout's buffer, so the first write comes in
     * mid-run */
    const char *argv[] = { env("EL2SIM"), "run", flood, "--trace", tr, NULL };
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    close(fds[0]);                                   /* the reader is gone before el2sim writes */
    int errfd = open(errpath, O_WRONLY | O_TRUNC);
    cr_assert(errfd >= 0);
    GPid pid;
    GError *e = NULL;
    cr_assert(g_spawn_async_with_fds(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, default_signal,
                                     GINT_TO_POINTER(SIGPIPE), &pid, -1, fds[1], errfd, &e), "%s",
              e ? e->message : "");
    close(fds[1]);
    close(errfd);
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    g_spawn_close_pid(pid);
    g_autofree char *err = NULL;
    cr_assert(g_file_get_contents(errpath, &err, NULL, NULL));
    cr_assert(WIFEXITED(status), "killed by signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    cr_assert_eq(WEXITSTATUS(status), 128 + SIGPIPE, "%s", err);
    cr_assert(g_str_has_prefix(err, "el2sim: stopped: interrupted by a signal ("), "%s", err);
    cr_assert_eq(strchr(err, '\n')[1], 0, "one line: %s", err);
    assert_stopped_by(tr, SIGPIPE);
    g_unlink(errpath);
    g_unlink(tr);
}

/* Spawns a run that spins until stopped, sends sig after 300 ms (then SIGINT after
 * another 300 ms when it is still running) and returns the wait status. */
static int spin_and_signal(const char *tr, int sig, GSpawnChildSetupFunc setup)
{
    g_autofree char *img = image_path("spin.elf");
    const char *argv[] = { env("EL2SIM"), "run", img, "-q", "--max-insns", "100000000000", "--trace", tr, NULL };
    GPid pid;
    GError *e = NULL;
    cr_assert(g_spawn_async(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL, setup,
                            GINT_TO_POINTER(sig), &pid, &e), "%s", e ? e->message : "");
    g_usleep(300000);
    kill(pid, sig);
    g_usleep(300000);
    int status;
    if (waitpid(pid, &status, WNOHANG) != pid) {
        kill(pid, SIGINT);
        cr_assert_eq(waitpid(pid, &status, 0), pid);
    }
    g_spawn_close_pid(pid);
    return status;
}

/* SIGHUP (the terminal went away) stops the run: complete trace, exit 129; with SIGHUP
 * ignored when el2sim starts (nohup), it is ignored. */
Test(signals, sighup_stops_cleanly, .timeout = 60)
{
    g_autofree char *tr = tmpfile_path("el2hup-XXXXXX.trace");
    int status = spin_and_signal(tr, SIGHUP, default_signal);
    cr_assert(WIFEXITED(status), "killed by signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    cr_assert_eq(WEXITSTATUS(status), 128 + SIGHUP);
    assert_stopped_by(tr, SIGHUP);
    status = spin_and_signal(tr, SIGHUP, ignore_signal);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGINT, "status 0x%x", status);
    assert_stopped_by(tr, SIGINT);
    g_unlink(tr);
}

/* ---- where --trace writes ---- */

/* --trace naming an input (the image itself, a hard link to it, the golden trace) is
 * refused before the run: one line, exit 2, the input untouched (regression: the image
 * was overwritten by the trace). */
Test(trace_output, input_refused)
{
    g_autofree char *dir = g_dir_make_tmp("el2out-XXXXXX", NULL);
    g_autofree char *src = image_path("hvc_paths.elf");
    g_autofree char *img = g_build_filename(dir, "img.elf", NULL), *hard = g_build_filename(dir, "link.elf", NULL);
    g_autofree char *data = NULL;
    gsize len;
    cr_assert(g_file_get_contents(src, &data, &len, NULL));
    cr_assert(g_file_set_contents(img, data, (gssize)len, NULL));
    cr_assert_eq(link(img, hard), 0);
    const char *outs[] = { img, hard };
    for (int i = 0; i < 2; i++) {
        proc p = run((const char *[]){ env("EL2SIM"), "run", img, "-q", "--trace", outs[i], NULL });
        g_autofree char *want = g_strdup_printf("el2sim run: --trace %s: the same file as the image %s; not "
                                                "overwriting an input\n", outs[i], img);
        cr_assert_eq(p.code, 2, "exit %d: %s", p.code, p.err);
        cr_assert_str_eq(p.err, want);
        proc_clear(&p);
        g_autofree char *now = NULL;
        gsize nlen;
        cr_assert(g_file_get_contents(img, &now, &nlen, NULL));
        cr_assert(nlen == len && !memcmp(now, data, len), "the image changed");
    }
    g_autofree char *g = g_build_filename(dir, "golden.trace", NULL);
    proc p = run((const char *[]){ env("EL2SIM"), "run", img, "-q", "--trace", g, NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    proc_clear(&p);
    p = run((const char *[]){ env("EL2SIM"), "run", img, "-q", "--trace", g, "--expect-trace", g, NULL });
    g_autofree char *want = g_strdup_printf("el2sim run: --trace %s: the same file as --expect-trace %s; not "
                                            "overwriting an input\n", g, g);
    cr_assert_eq(p.code, 2, "exit %d: %s", p.code, p.err);
    cr_assert_str_eq(p.err, want);
    proc_clear(&p);
    /* the scenario file itself (scenario and check) */
    g_autofree char *src_scn = g_build_filename(env("EL2_SOURCE"), "tests", "scenarios", "hyp-stub-v5.scn", NULL);
    g_autofree char *scn = g_build_filename(dir, "s.scn", NULL), *text = NULL;
    cr_assert(g_file_get_contents(src_scn, &text, NULL, NULL));
    cr_assert(g_file_set_contents(scn, text, -1, NULL));
    const char *cmds[] = { "scenario", "check" };
    for (int i = 0; i < 2; i++) {
        p = run((const char *[]){ env("EL2SIM"), cmds[i], scn, "-I", env("EL2_TEST_STUBS"), "--trace", scn,
                                  i ? "--abi" : NULL, "linux-hyp-stub", NULL });
        g_autofree char *line = g_strdup_printf("el2sim: --trace %s: the same file as the scenario %s; not "
                                                "overwriting an input\n", scn, scn);
        cr_assert_eq(p.code, 2, "%s: exit %d: %s", cmds[i], p.code, p.err);
        cr_assert_str_eq(p.err, line);
        cr_assert_str_eq(p.out, "");
        proc_clear(&p);
        g_autofree char *now = NULL;
        cr_assert(g_file_get_contents(scn, &now, NULL, NULL));
        cr_assert_str_eq(now, text, "the scenario changed");
    }
    g_unlink(scn);
    g_unlink(g);
    g_unlink(hard);
    g_unlink(img);
    g_rmdir(dir);
}

/* Two runs writing one trace path: the one that ends last leaves its whole trace there,
 * and no temporary file is left (regression: the long run wrote its end over the short
 * run's trace, a mixed file). */
Test(trace_output, two_runs_one_path, .timeout = 60)
{
    g_autofree char *dir = g_dir_make_tmp("el2out-XXXXXX", NULL);
    g_autofree char *tr = g_build_filename(dir, "t.trace", NULL);
    g_autofree char *spin = image_path("spin.elf"), *hvc = image_path("hvc_paths.elf");
    const char *argv[] = { env("EL2SIM"), "run", spin, "-q", "--max-insns", "100000000000", "--trace", tr, NULL };
    GPid pid;
    GError *e = NULL;
    cr_assert(g_spawn_async(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                            NULL, &pid, &e), "%s", e ? e->message : "");
    g_usleep(300000);                          /* the long run has written its header */
    proc p = run((const char *[]){ env("EL2SIM"), "run", hvc, "-q", "--trace", tr, NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    proc_clear(&p);
    el2_trace *t = read_ok(tr);                /* the short run's, whole */
    cr_assert_eq(g_array_index(t->events, el2_event, t->events->len - 1).stop, STOP_SEMIHOST_EXIT);
    trace_free(t);
    kill(pid, SIGINT);
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    g_spawn_close_pid(pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGINT, "status 0x%x", status);
    assert_stopped_by(tr, SIGINT);             /* the long run's, whole */
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    int n = 0;
    while ((name = g_dir_read_name(d)))
        n++;
    g_dir_close(d);
    cr_assert_eq(n, 1, "temporary files left in %s", dir);
    g_unlink(tr);
    g_rmdir(dir);
}

/* A write that fails stops the run with the reason, exit 2: /dev/full fails at the
 * header, before the run (regression: reported after the whole run as exit 70 "write
 * error" without a reason). */
Test(trace_output, write_error_at_start)
{
    g_autofree char *img = image_path("hvc_paths.elf");
    proc p = run((const char *[]){ env("EL2SIM"), "run", img, "-q", "--trace", "/dev/full", NULL });
    cr_assert_eq(p.code, 2, "exit %d: %s", p.code, p.err);
    cr_assert_str_eq(p.err, "el2sim run: --trace /dev/full: write error: No space left on device\n");
    proc_clear(&p);
    /* a device is written directly, and /dev/null takes everything */
    p = run((const char *[]){ env("EL2SIM"), "run", img, "-q", "--trace", "/dev/null", NULL });
    cr_assert_eq(p.code, 0, "exit %d: %s", p.code, p.err);
    proc_clear(&p);
    /* el2trace's outputs name the reason too */
    g_autofree char *log = g_build_filename(env("EL2_SOURCE"), "tests", "traces", "hvc_paths.qemu.log", NULL);
    p = run((const char *[]){ env("EL2TRACE"), "import-qemu", log, "/dev/full", NULL });
    cr_assert_eq(p.code, 2, "exit %d: %s", p.code, p.err);
    cr_assert_str_eq(p.err, "el2trace import-qemu: /dev/full: write error: No space left on device\n");
    proc_clear(&p);
}

/* child setup: files no larger than 8 KiB, and a write past that fails (EFBIG) instead
 * of raising SIGXFSZ; works as root too */
static void small_files(gpointer data)
{
    (void)data;
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = { 8192, 8192 };
    setrlimit(RLIMIT_FSIZE, &rl);
    alarm(30);
}

/* A write that fails in the middle of a run stops it at once with the reason, exit 2;
 * the trace keeps what was written, readable up to its last complete event. */
Test(trace_output, write_error_mid_run, .timeout = 60)
{
    g_autofree char *dir = g_dir_make_tmp("el2out-XXXXXX", NULL);
    g_autofree char *tr = g_build_filename(dir, "t.trace", NULL);
    g_autofree char *scn = g_build_filename(env("EL2_SOURCE"), "tests", "scenarios", "hyp-stub-v5.scn", NULL);
    const char *modes[] = { "scenario", "check" };
    for (int i = 0; i < 2; i++) {
        const char *argv[] = { env("EL2SIM"), modes[i], scn, "-I", env("EL2_TEST_STUBS"), "--trace", tr,
                               i ? "--abi" : NULL, "linux-hyp-stub", NULL };
        proc p = { 0 };
        int status;
        cr_assert(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, small_files, NULL, &p.out, &p.err, &status,
                               NULL));
        cr_assert(WIFEXITED(status), "%s: killed by signal %d", modes[i], WTERMSIG(status));
        cr_assert_eq(WEXITSTATUS(status), 2, "%s: exit %d: %s%s", modes[i], WEXITSTATUS(status), p.out, p.err);
        g_autofree char *want = g_strdup_printf("el2sim: --trace %s: write error: File too large\n", tr);
        cr_assert_str_eq(p.err, want);
        cr_assert_null(strstr(p.out, "soft-restart"), "%s: the run went on: %s", modes[i], p.out);
        proc_clear(&p);
        GError *err = NULL;
        el2_trace *t = trace_read_file(tr, &err);
        cr_assert(t, "%s", err ? err->message : "");
        g_autofree char *trunc = g_strdup_printf("%s: truncated at byte 8192 (", tr);
        cr_assert(t->error && g_str_has_prefix(t->error, trunc), "%s", t->error);
        cr_assert_gt(t->events->len, 100);
        trace_free(t);
        g_unlink(tr);
    }
    /* one long run: the write fails inside an event, and the run stops right there.
     * A raw image looping on hvc #0 at EL2, whose handler (VBAR_EL2 + 0x200) returns. */
    g_autofree char *raw = g_build_filename(dir, "loop.bin", NULL);
    uint32_t code[0x1204 / 4] = { 0 };
    code[0] = 0xd4000002;                       /* hvc #0 */
    code[1] = 0x17ffffff;                       /* b . - 4 */
    code[0x1200 / 4] = 0xd69f03e0;              /* eret */
    cr_assert(g_file_set_contents(raw, (const char *)code, sizeof code, NULL));
    const char *argv[] = { env("EL2SIM"), "run", "-q", raw, "--load", "0x40080000", "--reg", "vbar_el2=0x40081000",
                           "--trace", tr, NULL };
    proc p = { 0 };
    int status;
    cr_assert(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, small_files, NULL, &p.out, &p.err, &status,
                           NULL));
    cr_assert(WIFEXITED(status), "killed by signal %d", WTERMSIG(status));
    cr_assert_eq(WEXITSTATUS(status), 2, "exit %d: %s", WEXITSTATUS(status), p.err);
    g_autofree char *want = g_strdup_printf(" cycles)\nel2sim: --trace %s: write error: File too large\n", tr);
    cr_assert(g_str_has_prefix(p.err, "el2sim: stopped: the trace could not be written (") &&
              g_str_has_suffix(p.err, want) && strchr(p.err, '\n') + 1 == strstr(p.err, "el2sim: --trace"),
              "%s", p.err);
    proc_clear(&p);
    el2_trace *t = trace_read_file(tr, NULL);
    g_autofree char *trunc = g_strdup_printf("%s: truncated at byte 8192 (", tr);
    cr_assert(t && t->error && g_str_has_prefix(t->error, trunc), "%s", t ? t->error : "");
    trace_free(t);
    g_unlink(tr);
    g_unlink(raw);
    g_rmdir(dir);
}

/* QEMU 7.2 gives a Data Abort taken to EL2 from stage 1 (or with the MMU off) an
 * instruction syndrome (ISV = 1); the Arm ARM has ISV = 0 there (ESR_EL2, Data Abort ISS:
 * only stage 2 aborts set it). The QEMU comparison takes that syndrome out of QEMU's value,
 * and only that: another DFSC, or the same at EL1, still differs. */
Test(qemu_import, isv_at_el2_is_qemus)
{
    el2_event a = { .kind = EV_EXC, .exc = EXC_DATA_ABORT, .from_el = 2, .to_el = 2, .esr = 0x96000000,
                    .elr = 0x40080000, .target = 0x40080a00 };
    el2_event b = a;
    b.esr = 0x97c58000;                             /* ISV, SAS 3, SRT 5, SF: QEMU 7.2 */
    char *d = trace_event_diff(&a, &b, TRACE_FROM_QEMU, false);
    cr_assert_null(d, "%s", d);
    b.esr = 0x97c58001;                             /* another DFSC */
    d = trace_event_diff(&a, &b, TRACE_FROM_QEMU, false);
    cr_assert_not_null(d);
    g_free(d);
    a.to_el = b.to_el = 1;
    a.esr = 0x96000000;
    b.esr = 0x97c58000;
    d = trace_event_diff(&a, &b, TRACE_FROM_QEMU, false);
    cr_assert_not_null(d, "EL1: compared whole");
    g_free(d);
    a.to_el = b.to_el = 2;
    a.esr = 0x97c58000;                             /* el2sim with a syndrome: compared whole */
    b.esr = 0x97c48000;
    d = trace_event_diff(&a, &b, TRACE_FROM_QEMU, false);
    cr_assert_not_null(d);
    g_free(d);
}

/* QEMU 7.2 swaps Op1 and Op2 in the ISS of a trapped MSR DAIFSet/DAIFClr (EC 0x18); the
 * QEMU comparison takes exactly that swap as agreement, nothing else. */
Test(qemu_import, msr_imm_op_swap_is_qemus)
{
    el2_event a = { .kind = EV_EXC, .exc = EXC_SYSREG_TRAP, .from_el = 0, .to_el = 1, .esr = 0x620cd3e4,
                    .elr = 0x40080000, .target = 0x40080400 };
    el2_event b = a;
    b.esr = 0x620793e4;                             /* msr daifset, #2 with Op1/Op2 swapped */
    char *d = trace_event_diff(&a, &b, TRACE_FROM_QEMU, false);
    cr_assert_null(d, "%s", d);
    b.esr = 0x620793e6;                             /* and another CRm */
    d = trace_event_diff(&a, &b, TRACE_FROM_QEMU, false);
    cr_assert_not_null(d);
    g_free(d);
    a.esr = 0x62300c01;                             /* an MRS trap: compared whole */
    b.esr = 0x62300c01 ^ (7u << 14);
    d = trace_event_diff(&a, &b, TRACE_FROM_QEMU, false);
    cr_assert_not_null(d);
    g_free(d);
}

/* Format 1.1: a TLBI event (kind 5) and the PA extension (the PA of pc, and of FAR) come
 * back from a trace as they went in; el2trace dump, json and filter show them; events
 * without PAs are written as in 1.0, and a 1.0 trace (the golden ones) still reads. */
Test(trace, format_1_1_tlbi_and_physical_addresses)
{
    sysreg_init();
    el2_symtab *st = symtab_new();
    symtab_add(st, "el1_code", 0xffff000000001000ULL, 0x100, true, true);
    el2_event evs[4], *e;
    int n = 0;
    e = next_event(evs, &n, EV_EXC);                  /* a Data Abort with the MMU on at EL1 */
    e->insns = 10; e->cycles = 20; e->pc = 0xffff000000001008ULL; e->insn = 0xf9400020; e->from_el = 1;
    e->to_el = 2; e->exc = EXC_DATA_ABORT; e->esr = 0x92000047; e->elr = e->pc; e->far = 0xffff000000402010ULL;
    e->spsr = 0x3c5; e->target = 0x40000400;
    e->has_pc_pa = true; e->pc_pa = 0x40081008; e->has_far_pa = true; e->far_pa = 0x40402010;
    e = next_event(evs, &n, EV_TLBI);
    e->insns = 11; e->cycles = 22; e->pc = 0xffff000000001010ULL; e->insn = 0xd5088723; e->from_el = 1; e->to_el = 1;
    e->value = 0x0012000000040000ULL; e->has_pc_pa = true; e->pc_pa = 0x40081010;
    e = next_event(evs, &n, EV_TLBI);                 /* no operand, MMU off: no PA */
    e->insns = 12; e->cycles = 24; e->pc = 0x40001000; e->insn = 0xd50c87df; e->from_el = 2; e->to_el = 2;
    e = next_event(evs, &n, EV_STOP);
    e->insns = 13; e->cycles = 26; e->pc = 0x40001004; e->from_el = 2; e->to_el = 2; e->stop = STOP_AT;
    g_autofree char *tr = tmpfile_path("el2v11-XXXXXX.trace");
    FILE *f = fopen(tr, "wb");
    cr_assert(f);
    el2_trace_meta meta = { .flags = TRACE_HAS_STAMPS | TRACE_HAS_PC, .cpu = "cortex-a57", .producer = "test",
                            .syms = st };
    trace_writer *w = trace_writer_new(f, &meta, false);
    for (int i = 0; i < n; i++)
        trace_writer_event(w, &evs[i]);
    cr_assert(trace_writer_finish(w));
    fclose(f);
    el2_trace *t = read_ok(tr);
    cr_assert_eq(t->major, 1);
    cr_assert_geq(t->minor, 1, "1.1 or later (1.2 adds interrupt kinds)");
    GArray *want = g_array_new(FALSE, FALSE, sizeof(el2_event));
    g_array_append_vals(want, evs, n);
    assert_same_events(want, n, t);
    g_array_free(want, TRUE);
    trace_free(t);
    /* the text of each (print.c) */
    g_autofree char *l0 = line_of(st, &evs[0]), *l1 = line_of(st, &evs[1]), *l2 = line_of(st, &evs[2]);
    cr_assert_str_eq(l0, "       10         20  DABORT      EL1->EL2  el1_code+0x8                 ldr x0, [x1]           "
                         "ESR 0x92000047 DABT_LOW  ELR el1_code+0x8  SPSR 0x3c5  FAR 0xffff000000402010 (PA 0x40402010)"
                         "  -> 0x40000400  PC-PA 0x40081008\n");
    cr_assert_str_eq(l1, "       11         22  TLBI        EL1       el1_code+0x10                tlbi vae1, x3          "
                         "x3 = 0x12000000040000  PC-PA 0x40081010\n");
    cr_assert_str_eq(l2, "       12         24  TLBI        EL2       0x40001000                   tlbi vmalls12e1\n");
    /* el2trace: dump prints them, json has the PAs, filter --kind tlbi keeps the two */
    proc p = run((const char *[]){ env("EL2TRACE"), "dump", tr, NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    cr_assert(strstr(p.out, l0) && strstr(p.out, l1) && strstr(p.out, l2), "%s", p.out);
    proc_clear(&p);
    p = run((const char *[]){ env("EL2TRACE"), "json", tr, NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    cr_assert(strstr(p.out, "\"far_pa\": \"0x40402010\"") && strstr(p.out, "\"pc_pa\": \"0x40081008\""), "%s", p.out);
    cr_assert(strstr(p.out, "\"kind\": \"tlbi\"") && strstr(p.out, "\"operand\": \"0x12000000040000\""), "%s", p.out);
    proc_clear(&p);
    p = run((const char *[]){ env("EL2TRACE"), "filter", tr, "--kind", "tlbi", NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    cr_assert(strstr(p.out, l1) && strstr(p.out, l2) && !strstr(p.out, "DABORT"), "%s", p.out);
    proc_clear(&p);
    g_unlink(tr);
    symtab_free(st);
    /* a 1.0 trace */
    g_autofree char *g = golden("hvc_paths.trace");
    t = read_ok(g);
    cr_assert_eq(t->minor, 0);
    cr_assert_gt(t->events->len, 10);
    trace_free(t);
}

/* Format 1.2: interrupt entries (IRQ, VIRQ, VFIQ, VSERROR) with their INTID (value) and
 * source (status) survive a trace and its dump; filter --kind irq keeps only them. */
Test(trace, format_1_2_interrupts)
{
    g_autofree char *img = image_path("irq_routing.elf");
    run_matches(img, false);
    g_autofree char *vimg = image_path("irq_virtual.elf");
    run_matches(vimg, false);
    g_autofree char *tr = tmpfile_path("el2trace-XXXXXX.trace");
    const char *argv[] = { env("EL2SIM"), "run", img, "-q", "--trace", tr, NULL };
    proc p = run(argv);
    cr_assert_eq(p.code, 0, "%s", p.err);
    const char *fargv[] = { env("EL2TRACE"), "filter", tr, "--kind", "irq", NULL };
    proc f = run(fargv);
    cr_assert_eq(f.code, 0, "%s", f.err);
    g_auto(GStrv) lines = g_strsplit(f.out, "\n", -1);
    cr_assert_eq(g_strv_length(lines), 6, "five IRQs: %s", f.out);
    for (int i = 0; i < 5; i++)
        cr_assert(strstr(lines[i], "  IRQ  ") && strstr(lines[i], "timer)"), "%s", lines[i]);
    el2_trace *t = read_ok(tr);
    cr_assert_eq(t->minor, 2);
    trace_free(t);
    unlink(tr);
}

/* Interrupts in el2trace (issue 19 item 7): filter --kind irq keeps the FIQ, SError and
 * IRQ of irq_drive.S; export --perfetto puts them on their own "interrupts" track, named
 * by kind and INTID, with their source. */
Test(trace, interrupts_filter_and_perfetto)
{
    g_autofree char *img = image_path("irq_drive.elf");
    g_autofree char *tr = tmpfile_path("el2irq-XXXXXX.trace");
    const char *argv[] = { env("EL2SIM"), "run", img, "-q", "--irq", "fiq@+20", "--irq", "serror@t_serr", "--irq",
                           "45@t_irq", "--trace", tr, NULL };
    proc p = run(argv);
    cr_assert_eq(p.code, 0, "%s", p.err);
    proc_clear(&p);
    const char *fargv[] = { env("EL2TRACE"), "filter", tr, "--kind", "irq", NULL };
    proc f = run(fargv);
    cr_assert_eq(f.code, 0, "%s", f.err);
    g_auto(GStrv) lines = g_strsplit(f.out, "\n", -1);
    cr_assert_eq(g_strv_length(lines), 4, "%s", f.out);
    cr_assert(strstr(lines[0], "  FIQ  ") && strstr(lines[0], "  --irq  ELR t_fiq_wait"), "%s", lines[0]);
    cr_assert(strstr(lines[1], "  SERROR  ") && strstr(lines[1], "  --irq  ESR 0xbe000000"), "%s", lines[1]);
    cr_assert(strstr(lines[2], "  IRQ  ") && strstr(lines[2], "INTID 45 (--irq)  ELR t_irq_wait"), "%s", lines[2]);
    proc_clear(&f);
    g_autofree char *out = tmpfile_path("el2irq-XXXXXX.json");
    p = run((const char *[]){ env("EL2TRACE"), "export", "--perfetto", out, tr, NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    proc_clear(&p);
    g_autofree char *json = NULL;
    cr_assert(g_file_get_contents(out, &json, NULL, NULL));
    cr_assert(strstr(json, "\"tid\": 3, \"args\": {\"name\": \"interrupts\"}"), "%s", json);
    cr_assert(strstr(json, "{\"ph\": \"i\", \"s\": \"t\", \"name\": \"IRQ 45\", \"cat\": \"irq\", \"pid\": 1, \"tid\": 3, "
                           "\"ts\": 470, \"args\": {\"intid\": 45, \"source\": \"INTID 45 (--irq)\", \"pc\": \"t_irq_wait\", "
                           "\"from_el\": 2, \"to_el\": 2}}"), "%s", json);
    cr_assert(strstr(json, "\"name\": \"FIQ\", \"cat\": \"irq\", \"pid\": 1, \"tid\": 3, \"ts\": 134, \"args\": "
                           "{\"source\": \"--irq\", \"pc\": \"t_fiq_wait\""), "%s", json);
    cr_assert(strstr(json, "\"name\": \"SERROR\", \"cat\": \"irq\""), "%s", json);
    cr_assert_null(strstr(json, "\"name\": \"IRQ\", \"pid\""), "no interrupt left on the exceptions track");
    g_unlink(out);
    g_unlink(tr);
}
