/* test_trace.c - binary traces: round trip, el2trace dump/diff/import-qemu, damage
 * reports, determinism, golden traces, --expect-trace, size, SIGINT. */
#include <criterion/criterion.h>
#include "words.h"
#include <criterion/logging.h>
#include <glib.h>
#include <glib/gstdio.h>
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
    F(has_regs); F(sp);
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
    cr_assert(strstr(p.out, "HVC 0x2a ") && strstr(p.out, "cycles per HVC call (1005 calls): min "), "%s", p.out);
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
    p = run((const char *[]){ env("EL2TRACE"), "filter", g, "--fid", "1", NULL });
    cr_assert_eq(p.code, 0, "%s", p.err);
    cr_assert(strstr(p.out, "HVC ") && strstr(p.out, "ERET "), "%s", p.out);
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
