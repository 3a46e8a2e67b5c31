/* test_robust.c - hostile inputs and misbehaving guests: each gives its one-line
 * message and exit code, never a host crash. Guest aborts (unmapped memory, alignment)
 * are asserted event by event; the CLI cases run the el2sim binary. */
#include <criterion/criterion.h>
#include "harness.h"
#include "cpu.h"
#include "exception.h"
#include "sysreg.h"
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static harness *h;
static void teardown(void) { harness_free(h); h = NULL; }

static harness *run_image(const char *name)
{
    g_autofree char *img = image_path(name);
    harness *r = harness_run(img, NULL);
    cr_assert_null(r->error, "%s: %s", name, r->error);
    return r;
}

static uint64_t sym(const char *name)
{
    uint64_t a = 0;
    cr_assert(symtab_lookup(h->m->syms, name, &a), "no symbol %s", name);
    return a;
}

/* The n-th exception event of the given kind. */
static const el2_event *nth_exc(el2_exc_kind kind, int n)
{
    for (guint i = 0; i < h->ev->len; i++) {
        const el2_event *e = hev(h, i);
        if (e->kind == EV_EXC && e->exc == kind && n-- == 0)
            return e;
    }
    cr_assert_fail("no exception %d of kind %d", n, kind);
    return NULL;
}

Test(abort, unmapped_and_misaligned_accesses, .fini = teardown)
{
    h = run_image("abort_paths.elf");
    harness_dump(h);
    cr_assert_eq(h->exit_code, 0, "exit %d: %s", h->exit_code, h->m->cpu->stop_msg);
    const el2_event *e = nth_exc(EXC_DATA_ABORT, 0);          /* EL2 read */
    cr_assert_eq(e->from_el, 2);
    cr_assert_eq(e->to_el, 2);
    cr_assert_eq(e->esr, 0x96000010u);
    cr_assert_eq(e->far, 0x10000000u);
    cr_assert_eq(e->elr, sym("el2_read"));
    cr_assert_eq(e->target, sym("abort_vectors") + 0x200);
    cr_assert_eq(e->x[4], 0x55u, "the abort came before the instruction after the read");
    e = nth_exc(EXC_DATA_ABORT, 1);                            /* EL2 write: WnR */
    cr_assert_eq(e->esr, 0x96000050u);
    cr_assert_eq(e->far, 0x10000008u);
    cr_assert_eq(e->elr, sym("el2_write"));
    cr_assert_eq(e->x[4], 0x66u);
    e = nth_exc(EXC_DATA_ABORT, 2);                            /* alignment fault */
    cr_assert_eq(e->esr, 0x96000021u);
    cr_assert_eq(e->far, sym("words") + 1);
    cr_assert_eq(e->elr, sym("el2_misaligned"));
    e = nth_exc(EXC_INSN_ABORT, 0);                            /* EL2 fetch */
    cr_assert_eq(e->esr, 0x86000010u);
    cr_assert_eq(e->far, 0x10000000u);
    cr_assert_eq(e->elr, 0x10000000u);
    e = nth_exc(EXC_DATA_ABORT, 3);                            /* EL1 read, to EL1 */
    cr_assert_eq(e->from_el, 1);
    cr_assert_eq(e->to_el, 1);
    cr_assert_eq(e->esr, 0x96000010u);
    cr_assert_eq(e->far, 0x10000010u);
    cr_assert_eq(e->target, sym("el1_vectors") + 0x200);
    e = nth_exc(EXC_DATA_ABORT, 4);                            /* EL0 read, to EL1 (lower) */
    cr_assert_eq(e->from_el, 0);
    cr_assert_eq(e->to_el, 1);
    cr_assert_eq(e->esr, 0x92000010u);
    cr_assert_eq(e->far, 0x10000018u);
    cr_assert_eq(e->elr, sym("el0_read"));
    cr_assert_eq(e->target, sym("el1_vectors") + 0x400);
}

Test(abort, repeating_abort_stops, .fini = teardown)
{
    h = run_image("abort_stuck.elf");
    harness_dump(h);
    cr_assert_eq(h->exit_code, EXIT_GUEST_FAULT);
    cr_assert_str_eq(h->m->cpu->stop_msg, "EL2 read of 8 bytes at unmapped address 0x10000000 by stuck_load "
                                     "(the abort repeats without progress: 3 times in a row)");
    cr_assert_eq(hev(h, h->ev->len - 1)->pc, sym("stuck_load"));
}

Test(abort, unmapped_vector_stops, .fini = teardown)
{
    h = run_image("abort_novector.elf");
    cr_assert_eq(h->exit_code, EXIT_GUEST_FAULT);
    cr_assert_str_eq(h->m->cpu->stop_msg, "EL2 read of 8 bytes at unmapped address 0x10000000 by novector_load "
                                     "(vector of the abort itself is unmapped: VBAR_EL2 + 0x200 = 0x20000200)");
    cr_assert_eq(hev(h, h->ev->len - 1)->kind, EV_STOP);
    cr_assert_eq(hfind(h, EV_EXC, 0), -1, "no exception was taken");
}

Test(abort, fetch_from_unmapped_vector_stops, .fini = teardown)
{
    h = run_image("smoke.elf");
    cr_assert_eq(h->exit_code, EXIT_GUEST_FAULT);
    cr_assert(g_str_has_prefix(h->m->cpu->stop_msg, "EL1 instruction fetch from unmapped address 0x200 (after "),
              "%s", h->m->cpu->stop_msg);
    cr_assert(g_str_has_suffix(h->m->cpu->stop_msg, "(vector of the abort itself is unmapped: VBAR_EL1 + 0x200 = 0x200)"),
              "%s", h->m->cpu->stop_msg);
}

/* ---- addresses the guest cannot use (MMU off) ---- */

/* One expected exception: kind, ELs, ESR, ELR, FAR. */
typedef struct { el2_exc_kind kind; unsigned from, to; uint32_t esr; uint64_t elr, far; } want_exc;

/* The run's exception events (semihosting calls and HVC/SVC included) are exactly `want`,
 * in order; the run exits with 0 and nothing stops it as an internal error. */
static void assert_exceptions(const want_exc *want, guint n)
{
    guint k = 0;
    for (guint i = 0; i < h->ev->len; i++) {
        const el2_event *e = hev(h, i);
        cr_assert_neq(e->stop, STOP_INTERNAL, "%s", hline(h, i));
        if (e->kind != EV_EXC || e->exc == EXC_SEMIHOST)
            continue;
        cr_assert_lt(k, n, "more exceptions than expected: %s", hline(h, i));
        const want_exc *w = &want[k++];
        cr_assert(e->exc == w->kind && e->from_el == w->from && e->to_el == w->to && e->esr == w->esr &&
                  e->elr == w->elr, "exception %u: %s", k - 1, hline(h, i));
        if (w->kind != EXC_HVC && w->kind != EXC_SVC)
            cr_assert_eq(e->far, w->far, "exception %u: %s", k - 1, hline(h, i));
    }
    cr_assert_eq(k, n, "%u exceptions, expected %u", k, n);
    cr_assert_eq(h->exit_code, 0, "exit %d: %s", h->exit_code, h->m->cpu->stop_msg);
}

/* addr_faults.elf's exceptions on a CPU with pa_bits of physical address: an address at
 * or above 2^pa_bits is an Address size fault (FSC 0), below it an unmapped address is
 * an External abort (FSC 0x10). */
static guint addr_faults_expected(unsigned pa_bits, want_exc *w)
{
    static const uint64_t spread[] = { 0x100000000000ULL, 0x1000000000000ULL, 0xffff800008000000ULL,
                                       0x0100000040080000ULL };
    guint n = 0;
    uint64_t p44 = 0x100000000000ULL, p48 = 0x1000000000000ULL;
    uint32_t fsc44 = pa_bits > 44 ? 0x10 : 0;
    for (unsigned i = 0; i < G_N_ELEMENTS(spread); i++) {
        uint32_t fsc = spread[i] == p44 ? fsc44 : 0;
        w[n++] = (want_exc){ EXC_DATA_ABORT, 2, 2, 0x96000000u | fsc, sym("load"), spread[i] };
        w[n++] = (want_exc){ EXC_DATA_ABORT, 2, 2, 0x96000040u | fsc, sym("store"), spread[i] };
        w[n++] = (want_exc){ EXC_INSN_ABORT, 2, 2, 0x86000000u | fsc, spread[i], spread[i] };
    }
    w[n++] = (want_exc){ EXC_PC_ALIGN, 2, 2, 0x8a000000u, sym("nops") + 2, sym("nops") + 2 };
    w[n++] = (want_exc){ EXC_INSN_ABORT, 2, 2, 0x86000000u | fsc44, p44, p44 };      /* tagged_far */
    w[n++] = (want_exc){ EXC_DATA_ABORT, 1, 1, 0x96000000u | fsc44, sym("el1_load"), p44 };
    w[n++] = (want_exc){ EXC_HVC, 1, 2, 0x5a000102u, sym("el0_code"), 0 };
    w[n++] = (want_exc){ EXC_DATA_ABORT, 0, 1, 0x92000000u | fsc44, sym("el0_load"), p44 };
    w[n++] = (want_exc){ EXC_INSN_ABORT, 0, 1, 0x82000000u, p48, p48 };
    w[n++] = (want_exc){ EXC_SVC, 0, 1, 0x560001e0u, sym("el0_fetch") + 8, 0 };
    return n;
}

/* Loads, stores and branches to a spread of addresses: each takes the exception the Arm
 * ARM gives with the MMU off (AArch64.S1DisabledOutput: Address size fault beyond PAMax,
 * with TBI as TCR_ELx says; AArch64.CheckPCAlignment on every branch target), never an
 * internal stop (regression: a fetch beyond the engine's 44 bits ended the run with
 * "engine raised exception 3"; loads there were External aborts; a BLR to code + 2 ran the
 * misaligned words). */
Test(abort, address_size_and_pc_alignment_faults, .fini = teardown)
{
    h = run_image("addr_faults.elf");
    harness_dump(h);
    want_exc w[32];
    guint n = addr_faults_expected(44, w);
    assert_exceptions(w, n);
    /* with TCR_EL2.TBI the tagged BLR ran tagged_func at its untagged address */
    int pc_align = -1;
    for (guint i = 0; i < h->ev->len && pc_align < 0; i++)
        if (hev(h, i)->kind == EV_EXC && hev(h, i)->exc == EXC_PC_ALIGN)
            pc_align = (int)i;
    cr_assert_geq(pc_align, 0);
    const el2_event *after = NULL;
    for (guint i = pc_align + 1; i < h->ev->len && !after; i++)
        if (hev(h, i)->kind == EV_EXC)
            after = hev(h, i);
    cr_assert_eq(after->x[22], 0x77u);
    cr_assert_eq(after->x[23], sym("tagged_func") + 4, "ran untagged");
}

/* neoverse-n1 has 48 bits: 2^44 is inside the range (an unmapped address: External
 * abort), 2^48 and above are not. */
Test(abort, address_size_faults_follow_the_model, .fini = teardown)
{
    g_autofree char *img = image_path("addr_faults.elf");
    h = harness_run(img, (const char *[]){ "--cpu", "neoverse-n1", NULL });
    cr_assert_null(h->error, "%s", h->error);
    want_exc w[32];
    guint n = addr_faults_expected(48, w);
    assert_exceptions(w, n);
}

/* A misaligned branch target beyond PAMax: the PC alignment fault comes before the
 * fetch's Address size fault. */
Test(abort, pc_alignment_before_the_fetch, .fini = teardown)
{
    h = run_image("pc_align_far.elf");
    const want_exc w[] = {
        { EXC_PC_ALIGN, 2, 2, 0x8a000000u, 0x1000000000002ULL, 0x1000000000002ULL },
        { EXC_INSN_ABORT, 2, 2, 0x86000000u, 0x1000000000000ULL, 0x1000000000000ULL },
    };
    assert_exceptions(w, G_N_ELEMENTS(w));
}

/* With TCR_EL2.TBI the top byte of a data address is ignored with the MMU off too: a
 * tagged address whose untagged address is unmapped is an External abort (not an Address
 * size fault), one into RAM stops the run, saying so (el2sim does not complete it). */
Test(abort, tagged_data_addresses, .fini = teardown)
{
    h = run_image("tbi_access.elf");
    const el2_event *e = nth_exc(EXC_DATA_ABORT, 0);
    cr_assert_eq(e->esr, 0x96000010u);
    cr_assert_eq(e->far, 0x0100000010000000ULL);
    cr_assert_eq(e->elr, sym("tagged_unmapped"));
    cr_assert_eq(h->exit_code, EXIT_GUEST_FAULT);
    g_autofree char *msg = g_strdup_printf("EL2 read of 8 bytes at 0x%llx by tagged_ram: the top byte is ignored "
                                           "(TBI) and 0x%llx is RAM; el2sim does not complete accesses through "
                                           "tagged addresses", (unsigned long long)(sym("data") | 0x0200000000000000ULL),
                                           (unsigned long long)sym("data"));
    cr_assert_str_eq(h->m->cpu->stop_msg, msg);
    cr_assert_eq(hev(h, h->ev->len - 1)->pc, sym("tagged_ram"));
}

/* el2sim's private page (EL2_PRIVATE_PAGE: the ERET landing pad, the engine's stop
 * address) is unmapped memory to the guest: loads, stores, branches and ERETs there take
 * External aborts (regression: loads read el2sim's code, stores overwrote it, a branch
 * ended the run with "exception return from an unknown place", and one to a branch-to-self
 * there spun with the budget ignored - the timeout catches that). */
Test(abort, private_page_is_unmapped_to_the_guest, .fini = teardown, .timeout = 30)
{
    h = run_image("private_page.elf");
    harness_dump(h);
    static const uint64_t page = 0xffffff0000ULL, off[] = { 0, 0x100, 0x800, 0xff0 };
    want_exc w[16];
    guint n = 0;
    for (unsigned i = 0; i < G_N_ELEMENTS(off); i++) {
        w[n++] = (want_exc){ EXC_DATA_ABORT, 2, 2, 0x96000010u, sym("load"), page + off[i] };
        w[n++] = (want_exc){ EXC_DATA_ABORT, 2, 2, 0x96000050u, sym("store"), page + off[i] };
        w[n++] = (want_exc){ EXC_INSN_ABORT, 2, 2, 0x86000010u, page + off[i], page + off[i] };
    }
    w[n++] = (want_exc){ EXC_INSN_ABORT, 2, 2, 0x86000010u, page + 0x100, page + 0x100 };
    w[n++] = (want_exc){ EXC_INSN_ABORT, 2, 2, 0x86000010u, page + 0xff0, page + 0xff0 };
    assert_exceptions(w, n);
    int erets = 0;
    for (guint i = 0; i < h->ev->len; i++)
        if (hev(h, i)->kind == EV_ERET && (hev(h, i)->pc == sym("eret_landing") || hev(h, i)->pc == sym("eret_stop")))
            erets++;
    cr_assert_eq(erets, 2, "both ERETs to the page completed before their aborts");
    uint32_t word;
    cr_assert_not(machine_read(h->m, page, &word, 4), "el2sim's page is not guest memory");
}

/* ---- the el2sim binary ---- */

typedef struct { char *out, *err; int code; } result;

static result el2sim(const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)g_getenv("EL2SIM"));
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(argv, (char *)*a);
    g_ptr_array_add(argv, NULL);
    result r = { 0 };
    int st;
    cr_assert(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &r.out, &r.err,
                           &st, NULL));
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    g_ptr_array_free(argv, TRUE);
    return r;
}

static char *write_tmp(const char *suffix, const void *data, gssize len)
{
    char *path = NULL;
    g_autofree char *tmpl = g_strdup_printf("el2robust-XXXXXX%s", suffix);
    int fd = g_file_open_tmp(tmpl, &path, NULL);
    cr_assert(fd >= 0);
    close(fd);
    cr_assert(g_file_set_contents(path, data, len, NULL));
    return path;
}

/* stderr is exactly one line, "PREFIX...SUFFIX\n", and the exit code is code */
static void assert_one_line(result r, int code, const char *prefix, const char *suffix)
{
    cr_assert_eq(r.code, code, "exit %d (want %d): %s", r.code, code, r.err);
    cr_assert(g_str_has_suffix(r.err, "\n") && !strchr(r.err, '\n')[1], "not one line: %s", r.err);
    cr_assert(g_str_has_prefix(r.err, prefix), "%s", r.err);
    g_autofree char *want = g_strconcat(suffix, "\n", NULL);
    cr_assert(g_str_has_suffix(r.err, want), "%s", r.err);
    g_free(r.out);
    g_free(r.err);
}

Test(cli, malformed_elf)
{
    g_autofree char *p = write_tmp(".elf", "not an elf at all", -1);
    g_autofree char *want = g_strdup_printf("el2sim run: %s: not an ELF file (bad magic)", p);
    assert_one_line(el2sim((const char *[]){ "run", p, NULL }), 2, want, "");
}

Test(cli, truncated_elf)
{
    g_autofree char *img = image_path("smoke.elf");
    g_autofree char *data = NULL;
    gsize len;
    cr_assert(g_file_get_contents(img, &data, &len, NULL));
    g_autofree char *p = write_tmp(".elf", data, 100);
    g_autofree char *want = g_strdup_printf("el2sim run: %s: section header table at ", p);
    assert_one_line(el2sim((const char *[]){ "run", p, NULL }), 2, want, "extends past end of file (size 0x64)");
}

Test(cli, malformed_cpu_model)
{
    g_autofree char *img = image_path("smoke.elf");
    g_autofree char *p = write_tmp(".cpu", "[cpu\nname=x\n", -1);
    g_autofree char *want = g_strdup_printf("el2sim run: %s: Key file contains line", p);
    assert_one_line(el2sim((const char *[]){ "run", img, "--cpu", p, NULL }), 2, want,
                    "which is not a key-value pair, group, or comment");
}

Test(cli, incomplete_abi_model)
{
    g_autofree char *img = image_path("smoke.elf");
    g_autofree char *p = write_tmp(".abi", "[abi]\nname=x\n", -1);
    g_autofree char *want = g_strdup_printf("el2sim check: %s: [abi] name and version are required", p);
    assert_one_line(el2sim((const char *[]){ "check", img, "--abi", p, NULL }), 2, want, "");
}

Test(cli, bad_option_and_register)
{
    g_autofree char *img = image_path("smoke.elf");
    assert_one_line(el2sim((const char *[]){ "run", img, "--bogus", NULL }), 2,
                    "el2sim run: Unknown option --bogus", "");
    assert_one_line(el2sim((const char *[]){ "run", img, "--reg", "foo_el2=1", NULL }), 2,
                    "el2sim run: --reg foo_el2=1: unknown register 'foo_el2'", "");
    assert_one_line(el2sim((const char *[]){ "bogus", NULL }), 2,
                    "el2sim: unknown command 'bogus' (try 'el2sim help')", "");
}

/* A raw image at a misaligned --load address is bad input (regression: it ran from the
 * misaligned entry, executing misaligned words) */
Test(cli, misaligned_load_address)
{
    g_autofree char *p = write_tmp(".bin", "\x1f\x20\x03\xd5\x1f\x20\x03\xd5", 8);   /* two NOPs */
    assert_one_line(el2sim((const char *[]){ "run", "-q", p, "--load", "0x40080002", NULL }), 2,
                    "el2sim run: --load 0x40080002: not 4-byte aligned (A64 instructions are)", "");
    assert_one_line(el2sim((const char *[]){ "run", "-q", p, "--load", "0x40080004", "--max-insns", "2", NULL }),
                    124, "el2sim: stopped: instruction budget of 2 exhausted", "");
}

/* RAM the CPU could never address (beyond its PARange, where every access is an Address
 * size fault), or the engine could not run (neoverse-n1 has 48 bits, the engine's core
 * 44), is bad input (regression: it was mapped; on neoverse-n1 loads there were taken as
 * alignment faults and fetches as External aborts) */
Test(cli, ram_beyond_the_physical_address_range)
{
    g_autofree char *img = image_path("smoke.elf");
    assert_one_line(el2sim((const char *[]){ "run", "-q", img, "--ram", "0x40000000:128M", "--ram",
                                             "0x100000000000:4K", NULL }), 2,
                    "el2sim run: cannot map ram at 0x100000000000 size 0x1000: beyond the cortex-a57's 44-bit "
                    "physical address range", "");
    assert_one_line(el2sim((const char *[]){ "run", "-q", img, "--cpu", "neoverse-n1", "--ram", "0x40000000:128M",
                                             "--ram", "0x200000000000:4K", NULL }), 2,
                    "el2sim run: cannot map ram at 0x200000000000 size 0x1000: el2sim's engine reaches 44 bits of "
                    "physical address", "");
}

/* An image may lie anywhere in the physical address range but on el2sim's page
 * (regression: every segment at or above the page was refused, 2^43 included) */
Test(cli, image_placement)
{
    g_autofree char *img = image_path("spin.elf");
    assert_one_line(el2sim((const char *[]){ "run", "-q", img, "--base", "0x80000000000", "--max-insns", "100", NULL }),
                    124, "el2sim: stopped: instruction budget of 100 exhausted at here (100 instructions", "");
    g_autofree char *far = g_strdup_printf("el2sim run: cannot map %s:PT_LOAD#0 at 0x100000000000 size 0x11000: "
                                           "beyond the cortex-a57's 44-bit physical address range", img);
    assert_one_line(el2sim((const char *[]){ "run", "-q", img, "--base", "0x100000000000", NULL }), 2, far, "");
    g_autofree char *clash = g_strdup_printf("el2sim run: %s: segment PT_LOAD#0 at 0xfffffef000 lies in el2sim's "
                                             "reserved page", img);
    assert_one_line(el2sim((const char *[]){ "run", "-q", img, "--base", "0xfffffef000", NULL }), 2, clash, "");
}

Test(cli, guest_abort_stop_line)
{
    g_autofree char *img = image_path("abort_novector.elf");
    assert_one_line(el2sim((const char *[]){ "run", "-q", img, NULL }), 125,
                    "el2sim: stopped: EL2 read of 8 bytes at unmapped address 0x10000000 by novector_load "
                    "(vector of the abort itself is unmapped: VBAR_EL2 + 0x200 = 0x20000200) (",
                    " instructions, 72 cycles)");   /* three LDR (literal) at 4 cycles each */
}

/* Regression inputs found by tests/fuzz/run.sh: each must load or fail with one line. */
Test(fuzz_regressions, cpu_models)
{
    g_autofree char *dir = g_build_filename(g_getenv("EL2_SOURCE"), "tests", "fuzz", "regressions", "cpu", NULL);
    GDir *d = g_dir_open(dir, 0, NULL);
    cr_assert_not_null(d);
    const char *name;
    int n = 0;
    while ((name = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(dir, name, NULL);
        GError *err = NULL;
        el2_cpu_model *c = cpu_model_load(p, &err);
        if (c) {
            cpu_model_free(c);
        } else {
            cr_assert_not_null(err, "%s", name);
            cr_assert_null(strchr(err->message, '\n'), "%s: %s", name, err->message);
            g_error_free(err);
        }
        n++;
    }
    g_dir_close(d);
    cr_assert_gt(n, 0);
}

/* SIGINT ends a runaway run cleanly: exit 130 and the stop line. */
Test(cli, sigint_stops_cleanly, .timeout = 60)
{
    g_autofree char *img = image_path("spin.elf");
    const char *argv[] = { g_getenv("EL2SIM"), "run", "-q", img, "--max-insns", "10000000000", NULL };
    GPid pid;
    int errfd;
    cr_assert(g_spawn_async_with_pipes(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
                                       G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &pid, NULL, NULL, &errfd, NULL));
    g_usleep(700 * 1000);
    kill(pid, SIGINT);
    char buf[4096];
    size_t got = 0;
    ssize_t k;
    while (got < sizeof buf - 1 && (k = read(errfd, buf + got, sizeof buf - 1 - got)) > 0)
        got += (size_t)k;
    buf[got] = 0;
    close(errfd);
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFEXITED(st), "killed by signal %d", WTERMSIG(st));
    cr_assert_eq(WEXITSTATUS(st), 130, "%s", buf);
    cr_assert(g_str_has_prefix(buf, "el2sim: stopped: interrupted by a signal ("), "%s", buf);
    cr_assert_eq(strchr(buf, '\n'), buf + got - 1, "one line: %s", buf);
}

/* The same inputs give the same output, byte for byte. */
Test(cli, deterministic_output)
{
    const char *images[] = { "hvc_paths.elf", "abort_paths.elf", "smc_firmware.elf" };
    for (size_t i = 0; i < G_N_ELEMENTS(images); i++) {
        g_autofree char *img = image_path(images[i]);
        result a = el2sim((const char *[]){ "run", "--regs", img, NULL });
        result b = el2sim((const char *[]){ "run", "--regs", img, NULL });
        cr_assert_eq(a.code, b.code);
        cr_assert_gt(strlen(a.out), 100, "%s: %s", images[i], a.err);
        cr_assert_str_eq(a.out, b.out, "%s: stdout differs", images[i]);
        cr_assert_str_eq(a.err, b.err, "%s: stderr differs", images[i]);
        g_free(a.out); g_free(a.err); g_free(b.out); g_free(b.err);
    }
}

/* Self-modifying code: rewritten instructions run as rewritten, including ones that
 * need el2sim's code hooks (MSR) and exception-generating ones; a store over the
 * VBAR_EL2 table is reported once on stderr. */
Test(smc, rewritten_instructions_take_effect, .fini = teardown)
{
    h = run_image("smc_patch.elf");
    harness_dump(h);
    cr_assert_eq(h->exit_code, 0, "exit %d", h->exit_code);
    int i = hfind(h, EV_SYSREG, 1);
    cr_assert_geq(i, 0);
    cr_assert_eq(hev(h, i)->sysreg, SR_HCR_EL2);
    cr_assert_eq(hev(h, i)->pc, sym("sysfn"));
    const el2_event *e = nth_exc(EXC_HVC, 0);
    cr_assert_eq(e->pc, sym("hvcfn"));
    cr_assert_eq(e->esr, 0x5a000077u);
}

Test(smc, vector_table_store_warns_once)
{
    g_autofree char *img = image_path("smc_patch.elf");
    result r = el2sim((const char *[]){ "run", "-q", img, NULL });
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert(g_str_has_prefix(r.err, "el2sim: warning: EL2 store at vector_store writes over the EL2 vector "
                                      "table (0x"), "%s", r.err);
    cr_assert(strstr(r.err, ", VBAR_EL2 + 0x780)\nel2sim: stopped: semihosting exit"), "%s", r.err);
    g_free(r.out);
    g_free(r.err);
}
