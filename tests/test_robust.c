/* test_robust.c - hostile inputs and misbehaving guests: each gives its one-line
 * message and exit code, never a host crash. Guest aborts (unmapped memory, alignment)
 * are asserted event by event; the CLI cases run the el2sim binary. */
#include <criterion/criterion.h>
#include "harness.h"
#include "abi.h"
#include "cpu.h"
#include "exception.h"
#include "sysreg.h"
#include <glib/gstdio.h>
#include <signal.h>
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
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

static result el2sim_in(const char *cwd, const char *const *args);

static result el2sim(const char *const *args)
{
    return el2sim_in(NULL, args);
}

/* el2sim with the working directory cwd (NULL: this one), setup run in the child */
static result el2sim_spawn(const char *cwd, GSpawnChildSetupFunc setup, const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)g_getenv("EL2SIM"));
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(argv, (char *)*a);
    g_ptr_array_add(argv, NULL);
    result r = { 0 };
    int st;
    cr_assert(g_spawn_sync(cwd, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, setup, NULL, &r.out, &r.err,
                           &st, NULL));
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    g_ptr_array_free(argv, TRUE);
    return r;
}

static result el2sim_in(const char *cwd, const char *const *args) { return el2sim_spawn(cwd, NULL, args); }

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
    g_autofree char *clash = g_strdup_printf("el2sim run: %s: segment PT_LOAD#0 (0xfffffef000-0xfffffff010) overlaps "
                                             "el2sim's reserved page (0xffffff0000-0xffffff1000)", img);
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

static result el2sim_limited(const char *const *args);

/* Guest programs found by tests/fuzz/fuzz_guest.c, run as that harness runs them: each
 * ends within seconds with a stop that is the guest's (no internal error) and one stop
 * line. fetch-fault-loop-after-illegal-eret: an illegal ERET to an address beyond the
 * physical range spun forever (the engine raised its fetch fault again and again with a
 * stop pending, ignoring the budget and SIGTERM). private-page-fetch-after-illegal-eret: a
 * fetch from el2sim's private page after an illegal ERET went round in the block hook
 * forever (the abort was noted once, its stop dropped, and never asked for again). */
Test(fuzz_regressions, guest_programs, .timeout = 60)
{
    g_autofree char *dir = g_build_filename(g_getenv("EL2_SOURCE"), "tests", "fuzz", "regressions", "guest", NULL);
    GDir *d = g_dir_open(dir, 0, NULL);
    cr_assert_not_null(d);
    const char *name;
    int n = 0;
    while ((name = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(dir, name, NULL);
        gsize len = 0;
        g_autofree char *bytes = NULL;
        cr_assert(g_file_get_contents(p, &bytes, &len, NULL));
        const char *el = len && (bytes[0] & 1) ? "1" : "2";    /* as fuzz_guest.c chooses */
        result r = el2sim_limited((const char *[]){ "run", "-q", "--load", "0x40080000", "--entry", "0x40080800",
                                                    "--max-insns", "20000", "--reg", "vbar_el2=0x40080000",
                                                    "--reg", "vbar_el1=0x40080000", "--reg", "x1=0xffffff0000",
                                                    "--reg", "x2=0x1000000000000", "--reg", "x3=0x40080802",
                                                    "--reg", "x4=0xffff800008000000", "--reg", "x5=0x40081000",
                                                    "--el", el, p, NULL });
        cr_assert(r.code == 0 || r.code == 124 || r.code == 125 || r.code == 5, "%s: exit %d: %s", name, r.code, r.err);
        cr_assert(g_str_has_prefix(r.err, "el2sim: stopped: ") && strchr(r.err, '\n')[1] == 0,
                  "%s: %s", name, r.err);
        g_free(r.out);
        g_free(r.err);
        n++;
    }
    g_dir_close(d);
    cr_assert_gt(n, 0);
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

/* A page holding code and the data its loop stores 1000 times, and a store patching an
 * instruction later in its own block: every store lands and the patch runs on the next
 * pass (a regression test for watching code pages other than by write hooks); the same
 * with a write hook per code page (EL2SIM_WRITE_HOOKS=1, uc_facts.h F17's fallback). */
Test(smc, code_and_data_on_one_page)
{
    g_autofree char *img = image_path("smc_mixed.elf");
    for (int hooks = 0; hooks < 2; hooks++) {
        if (hooks)
            g_setenv("EL2SIM_WRITE_HOOKS", "1", TRUE);
        result r = el2sim((const char *[]){ "run", "-q", img, NULL });
        g_unsetenv("EL2SIM_WRITE_HOOKS");
        cr_assert_eq(r.code, 0, "%s", r.err);
        cr_assert(strstr(r.err, "semihosting exit (reason 0x20026, status 0) at ok+0x10 (4036 instructions"), "%s", r.err);
        g_free(r.out);
        g_free(r.err);
    }
}

/* The store over dead vector 15 (its 4 KiB page holds vectors that ran) is reported, seen
 * by the wrapped TLB fill (F17) or by the page's write hook */
Test(smc, vector_table_store_warns_once)
{
    g_autofree char *img = image_path("smc_patch.elf");
    for (int hooks = 0; hooks < 2; hooks++) {
        if (hooks)
            g_setenv("EL2SIM_WRITE_HOOKS", "1", TRUE);
        result r = el2sim((const char *[]){ "run", "-q", img, NULL });
        g_unsetenv("EL2SIM_WRITE_HOOKS");
        cr_assert_eq(r.code, 0, "%s", r.err);
        cr_assert(g_str_has_prefix(r.err, "el2sim: warning: EL2 store at vector_store writes over the EL2 vector "
                                          "table (0x"), "%s", r.err);
        cr_assert(strstr(r.err, ", VBAR_EL2 + 0x780)\nel2sim: stopped: semihosting exit"), "%s", r.err);
        g_free(r.out);
        g_free(r.err);
    }
}

/* Runs el2sim run -q IMAGE, reading its stdout (counted, not kept); returns the exit
 * status, the byte count and the child's peak RSS in KiB (wait4: this child only). */
static int run_counting(const char *image, uint64_t *bytes, long *maxrss_kib)
{
    g_autofree char *img = image_path(image);
    const char *argv[] = { g_getenv("EL2SIM"), "run", "-q", img, NULL };
    GPid pid;
    int outfd;
    cr_assert(g_spawn_async_with_pipes(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
                                       G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, NULL, &outfd, NULL, NULL));
    static char buf[1 << 16];
    *bytes = 0;
    ssize_t k;
    while ((k = read(outfd, buf, sizeof buf)) != 0) {
        if (k < 0 && errno == EINTR)
            continue;
        cr_assert_gt(k, 0, "read: %s", g_strerror(errno));
        *bytes += (uint64_t)k;
    }
    close(outfd);
    int st;
    struct rusage ru;
    cr_assert_eq(wait4(pid, &st, 0, &ru), pid);
    *maxrss_kib = ru.ru_maxrss;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Semihosting console output goes out as the guest writes it and is not kept: a guest
 * writing 64 MiB peaks within 16 MiB of el2sim running an image that writes nothing
 * (keeping the output cost its size; so did a 1 MiB buffer per write under ASan's
 * quarantine), and every byte arrives. */
Test(cli, console_output_is_streamed, .timeout = 60)
{
    uint64_t bytes;
    long base, flood;
    cr_assert_eq(run_counting("hvc_paths.elf", &bytes, &base), 0);
    cr_assert_eq(run_counting("console_flood.elf", &bytes, &flood), 0);
    cr_assert_eq(bytes, 64u << 20, "%llu bytes of console output", (unsigned long long)bytes);
    cr_assert_lt(flood, base + 16 * 1024, "peak RSS %ld KiB for 64 MiB of console output, %ld KiB for none",
                 flood, base);
}

/* A copy of a test image with PT_LOAD#0's p_memsz replaced (a .bss that large). */
static char *with_memsz(const char *name, uint64_t memsz)
{
    g_autofree char *img = image_path(name);
    g_autofree char *data = NULL;
    gsize len;
    cr_assert(g_file_get_contents(img, &data, &len, NULL));
    uint64_t phoff;
    memcpy(&phoff, data + 32, 8);                       /* e_phoff */
    phoff = GUINT64_FROM_LE(phoff);
    cr_assert_lt(phoff + 56, len);
    uint64_t v = GUINT64_TO_LE(memsz);
    memcpy(data + phoff + 40, &v, 8);                   /* p_memsz of the first PT_LOAD */
    return write_tmp(".elf", data, len);
}

/* A segment far larger than RAM is refused before anything is allocated (512 GiB ended
 * in a GLib abort, 3 GiB in "cannot write segment: UC_ERR_ARG"). */
Test(cli, huge_segment_is_refused)
{
    static const struct { uint64_t memsz; const char *size, *outside; } cases[] = {
        { 0x8000000000, "0x8000000000 (512 GiB)", "0x7ff8070000" },
        { 0xc0000000, "0xc0000000 (3 GiB)", "0xb8070000" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *p = with_memsz("hvc_paths.elf", cases[i].memsz);
        g_autofree char *want = g_strdup_printf(
            "el2sim run: %s: segment 'PT_LOAD#0' at 0x40070000 size %s has %s bytes outside RAM; el2sim maps "
            "at most 1 GiB outside RAM for a segment (give --ram BASE:SIZE covering it)", p, cases[i].size,
            cases[i].outside);
        assert_one_line(el2sim((const char *[]){ "run", "-q", p, NULL }), 2, want, "");
        g_unlink(p);
    }
}

/* The same 3 GiB segment inside RAM given with --ram loads and runs (its zero part is
 * the RAM's own zeros: nothing of that size is allocated or written). */
Test(cli, big_segment_inside_ram_runs)
{
    g_autofree char *p = with_memsz("hvc_paths.elf", 0xc0000000);
    result r = el2sim((const char *[]){ "run", "-q", "--ram", "0x40000000:4G", p, NULL });
    g_unlink(p);
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert(g_str_has_prefix(r.err, "el2sim: stopped: semihosting exit (reason 0x20026, status 0)"), "%s", r.err);
    g_free(r.out);
    g_free(r.err);
}

/* Two images over the same addresses: the second would overwrite the first. */
Test(cli, overlapping_images_are_refused)
{
    g_autofree char *a = image_path("hvc_paths.elf");
    g_autofree char *b = image_path("smoke.elf");
    g_autofree char *want = g_strdup_printf("el2sim run: %s: segment 'PT_LOAD#0' (0x40070000-0x40081010) overlaps "
                                            "segment 'PT_LOAD#0' (0x40070000-0x40082068) of %s", b, a);
    assert_one_line(el2sim((const char *[]){ "run", "-q", a, b, NULL }), 2, want, "");
}

/* ---- model files: nonsense GLib would accept, each one line naming file, group, key ---- */

typedef struct { char *path, *text; } variant;

/* A shipped model (models/REL) with the first `from` replaced by `to` (tolen bytes, NULs
 * allowed), written to a temporary file; *at is where the replacement starts. */
static variant model_variant(const char *rel, const char *from, const char *to, gsize tolen, gsize *at)
{
    g_autofree char *src = g_build_filename(g_getenv("EL2_SOURCE"), "models", rel, NULL);
    g_autofree char *text = NULL;
    cr_assert(g_file_get_contents(src, &text, NULL, NULL), "%s", src);
    const char *hit = strstr(text, from);
    cr_assert_not_null(hit, "%s: no '%s'", rel, from);
    GString *v = g_string_new_len(text, hit - text);
    g_string_append_len(v, to, (gssize)tolen);
    g_string_append(v, hit + strlen(from));
    if (at)
        *at = (gsize)(hit - text);
    variant r = { write_tmp(strrchr(rel, '.'), v->str, (gssize)v->len), NULL };
    r.text = g_string_free(v, FALSE);
    return r;
}

static int line_at(const char *text, gsize at)
{
    int n = 1;
    for (gsize i = 0; i < at; i++)
        n += text[i] == '\n';
    return n;
}

static int line_of(const char *text, const char *needle)
{
    const char *hit = strstr(text, needle);
    cr_assert_not_null(hit, "no '%s'", needle);
    return line_at(text, (gsize)(hit - text));
}

/* Runs `run` (CPU model) or `check` (ABI model) with the variant and expects exit 2
 * and one line: "el2sim CMD: PATH" followed by what. */
static void expect_model_error(variant v, const char *what)
{
    g_autofree char *img = image_path("smoke.elf");
    bool cpu = g_str_has_suffix(v.path, ".cpu");
    g_autofree char *want = g_strdup_printf("el2sim %s: %s%s", cpu ? "run" : "check", v.path, what);
    result r = cpu ? el2sim((const char *[]){ "run", "-q", img, "--cpu", v.path, NULL })
                   : el2sim((const char *[]){ "check", img, "--abi", v.path, NULL });
    g_unlink(v.path);
    assert_one_line(r, 2, want, "");
    g_free(v.path);
    g_free(v.text);
}

#define CPU_VARIANT(from, to) model_variant("cpu/cortex-a57.cpu", from, to, sizeof to - 1, NULL)
#define ABI_VARIANT(from, to) model_variant("abi/linux-hyp-stub-v5.abi", from, to, sizeof to - 1, NULL)

Test(models, cpu_clock_must_be_sane)
{
    static const char *const bad[] = { "nan", "inf", "1e-7", "-900", "0", "9e9" };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *to = g_strdup_printf("freq-mhz=%s", bad[i]);
        g_autofree char *what = g_strdup_printf(": [cpu] freq-mhz: '%s' is not a clock from 1 to 100000 MHz", bad[i]);
        expect_model_error(model_variant("cpu/cortex-a57.cpu", "freq-mhz=900", to, strlen(to), NULL), what);
    }
}

Test(models, cpu_duplicates_and_nul)
{
    variant v = CPU_VARIANT("isb=22\n", "isb=22\nisb=1\n");
    int l = line_of(v.text, "isb=22");
    g_autofree char *w1 = g_strdup_printf(":%d: [timing] isb: duplicate key (first at line %d)", l + 1, l);
    expect_model_error(v, w1);

    v = CPU_VARIANT("[timing-source]", "[timing]\nfp=3\n[timing-source]");
    int first = line_of(v.text, "[timing]"), again = line_of(v.text, "[timing]\nfp=3\n[timing-source]");
    g_autofree char *w2 = g_strdup_printf(":%d: duplicate group [timing] (first at line %d)", again, first);
    expect_model_error(v, w2);

    gsize at;
    v = model_variant("cpu/cortex-a57.cpu", "name=cortex-a57", "name=cortex\0-a57", 16, &at);
    g_autofree char *w3 = g_strdup_printf(":%d: [cpu] name: NUL byte in the value", line_at(v.text, at));
    expect_model_error(v, w3);

    /* the same register twice, in two cases (GLib keys differ, the register does not) */
    expect_model_error(CPU_VARIANT("MIDR_EL1=0x411fd070\n", "MIDR_EL1=0x411fd070\nmidr_el1=0x1\n"),
                       ": [registers] midr_el1: MIDR_EL1 is given twice");
    expect_model_error(CPU_VARIANT("vhe=false\n", "vhe=false\nvhe-enabled=true\n"),
                       ": [cpu] vhe-enabled: unknown key (known: name, description, engine, vhe, gicv3, freq-mhz, absent)");
}

Test(models, abi_keys_and_values)
{
    expect_model_error(ABI_VARIANT("result.x0=0\n", "result.x0=0\nresult.x99=0\n"),
                       ": [function HVC_SET_VECTORS] result.x99: unknown key: allowed values are given for x0 only "
                       "(result.x0)");
    expect_model_error(ABI_VARIANT("lands.x2=x4", "lands.x2=x4\nlands.x40=x4"),
                       ": [function HVC_SOFT_RESTART] lands.x40: 'x40' is not a register x0-x30");
    expect_model_error(ABI_VARIANT("return-el=caller|2", "return-el=caller|9"),
                       ": [function HVC_FINALISE_EL2] return-el: '9' is neither caller nor 2 (the ELs it may return "
                       "to, |-separated)");
    expect_model_error(ABI_VARIANT("[function HVC_RESET_VECTORS]\nid=2", "[function HVC_RESET_VECTORS]\nid=0"),
                       ": [function HVC_RESET_VECTORS] id: 0x0 is also the id of [function HVC_SET_VECTORS]");
    expect_model_error(ABI_VARIANT("conduit=hvc", "conduit=hvcsmc"),
                       ": [abi] conduit: 'hvcsmc' is not hvc, smc or hvc|smc");
}

/* width=32 (the 32-bit ARM hyp-stub models): AArch32 register names only, r0 for the ID
 * and the result, IDs that fit r0, at most one id=other. */
#define ARM_ABI_VARIANT(file, from, to) model_variant("abi/" file, from, to, sizeof to - 1, NULL)
Test(models, abi_width32_keys_and_values)
{
    expect_model_error(ARM_ABI_VARIANT("linux-arm-hyp-stub-v5.7.abi", "preserve=r4-r11", "preserve=r4-r11;x19"),
                       ": [abi] preserve: 'x19' is not a register, range or known state (width=32: r0-r12, sp_MODE, "
                       "lr_MODE, r8_fiq-r12_fiq)");
    expect_model_error(ARM_ABI_VARIANT("linux-arm-hyp-stub-v5.7.abi", "width=32", "width=16"),
                       ": [abi] width: '16' is neither 32 (an AArch32 caller, registers r0-r12, sp_MODE, lr_MODE) "
                       "nor 64");
    expect_model_error(ARM_ABI_VARIANT("linux-arm-hyp-stub-v5.7.abi", "function-id=r0", "function-id=x0"),
                       ": [abi] function-id: r0 (width=32)");
    expect_model_error(ARM_ABI_VARIANT("linux-arm-hyp-stub-v5.7.abi", "result.r0=0|", "result.x0=0|"),
                       ": [function HVC_SET_VECTORS] result.x0: unknown key: allowed values are given for r0 only "
                       "(result.r0)");
    expect_model_error(ARM_ABI_VARIANT("linux-arm-hyp-stub-v5.7.abi", "lands.r2=r2", "lands.r2=x2"),
                       ": [function HVC_SOFT_RESTART] lands.r2: 'x2' is not a caller register");
    expect_model_error(ARM_ABI_VARIANT("linux-arm-hyp-stub-v5.7.abi", "lands.r3=r3", "lands.r3=r3\nlands.r13=r3"),
                       ": [function HVC_SOFT_RESTART] lands.r13: 'r13' is not a register r0-r12, sp_MODE or lr_MODE");
    expect_model_error(ARM_ABI_VARIANT("linux-arm-hyp-stub-2012.abi", "id=0xffffffff", "id=other"),
                       ": [function __hyp_set_vectors] id: 'other' is also the id of [function __hyp_get_vectors]");
    expect_model_error(ARM_ABI_VARIANT("linux-arm-hyp-stub-2012.abi", "id=0xffffffff", "id=0x1ffffffff"),
                       ": [function __hyp_get_vectors] id: '0x1ffffffff' does not fit r0 (32 bits)");
}

Test(models, abi_duplicates_and_nul)
{
    variant v = ABI_VARIANT("[function HVC_RESET_VECTORS]", "[function HVC_SET_VECTORS]");
    int first = line_of(v.text, "[function HVC_SET_VECTORS]");
    int again = line_of(strstr(v.text, "[function HVC_SET_VECTORS]") + 1, "[function HVC_SET_VECTORS]") + first - 1;
    g_autofree char *w1 = g_strdup_printf(":%d: duplicate group [function HVC_SET_VECTORS] (first at line %d)",
                                          again, first);
    expect_model_error(v, w1);

    v = ABI_VARIANT("conduit=hvc\n", "conduit=hvc\nconduit=smc\n");
    int l = line_of(v.text, "conduit=hvc");
    g_autofree char *w2 = g_strdup_printf(":%d: [abi] conduit: duplicate key (first at line %d)", l + 1, l);
    expect_model_error(v, w2);

    gsize at;
    v = model_variant("abi/linux-hyp-stub-v5.abi", "version=v5", "version=v\0" "5", 10, &at);
    g_autofree char *w3 = g_strdup_printf(":%d: [abi] version: NUL byte in the value", line_at(v.text, at));
    expect_model_error(v, w3);
}

/* ---- misleading lines ---- */

/* A name ending in .abi or .cpu is a file (it suggested nosuch.abi.abi), found from the
 * working directory like any relative path. */
Test(cli, model_file_names)
{
    g_autofree char *img = image_path("smoke.elf");
    const char *models = g_getenv("EL2_MODELS");
    assert_one_line(el2sim((const char *[]){ "check", img, "--abi", "nosuch.abi", NULL }), 2,
                    "el2sim check: unknown ABI 'nosuch.abi' (no nosuch.abi)", "");
    g_autofree char *want = g_strdup_printf("el2sim run: unknown CPU model 'nosuch.cpu' (no nosuch.cpu; models are "
                                            "in %s/cpu)", models);
    assert_one_line(el2sim((const char *[]){ "run", img, "--cpu", "nosuch.cpu", NULL }), 2, want, "");
    /* a copy of a shipped ABI, named relative to the working directory */
    variant v = ABI_VARIANT("version=v5", "version=v5-copy");
    g_autofree char *dir = g_path_get_dirname(v.path), *base = g_path_get_basename(v.path);
    result r = el2sim_in(dir, (const char *[]){ "check", img, "--abi", base, NULL });
    g_unlink(v.path);
    cr_assert(strstr(r.out, " of linux-hyp-stub v5-copy\n"), "%s%s", r.out, r.err);
    g_free(r.out); g_free(r.err); g_free(v.path); g_free(v.text);
}

/* The stop line of --stop-at counted the instructions of the block it stopped in that
 * never ran (38 instructions, 496 cycles, where the STOP event said 37 and 495). */
Test(cli, stop_at_line_counts_what_ran)
{
    g_autofree char *img = image_path("hvc_paths.elf");
    result r = el2sim((const char *[]){ "run", img, "--stop-at", "hvc_el1", NULL });
    cr_assert(strstr(r.out, "       37        497  STOP        EL1       hvc_el1 "), "%s", r.out);
    g_free(r.out);
    r.out = g_strdup("");
    assert_one_line(r, 3, "el2sim: stopped: reached hvc_el1 (37 instructions, 497 cycles)", "");
}

/* SYS_EXIT with an unreadable parameter block: a warning, -1 to the guest, which goes on */
Test(cli, semihost_exit_bad_pointer_warns)
{
    g_autofree char *img = image_path("semihost_badptr.elf");
    result r = el2sim((const char *[]){ "run", "-q", img, NULL });
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert(g_str_has_prefix(r.err, "el2sim: warning: semihosting SYS_EXIT at bad_exit: its parameter block at "
                                      "0x5000000000 is not readable; x0 = -1 and the guest goes on (as under QEMU)\n"
                                      "el2sim: stopped: semihosting exit (reason 0x20026, status 0)"), "%s", r.err);
    g_free(r.out);
    g_free(r.err);
}

/* The first ```ini block of models/REL (a Markdown file), in a temporary file. */
static char *readme_example(const char *rel, const char *suffix)
{
    g_autofree char *path = g_build_filename(g_getenv("EL2_SOURCE"), "models", rel, NULL);
    g_autofree char *text = NULL;
    cr_assert(g_file_get_contents(path, &text, NULL, NULL), "%s", path);
    const char *start = strstr(text, "\n```ini\n");
    cr_assert_not_null(start, "%s: no ```ini block", rel);
    start += 8;
    const char *end = strstr(start, "\n```\n");
    cr_assert_not_null(end, "%s", rel);
    return write_tmp(suffix, start, end - start + 1);
}

/* The format examples in models/cpu/README.md and models/abi/README.md are key files
 * with no comment inside a value (GLib takes "vhe=false   # FEAT_VHE" as the value
 * "false   # FEAT_VHE"); the ABI example is a whole model that loads. */
Test(models, readme_examples_parse)
{
    static const char *const docs[][2] = { { "cpu/README.md", ".cpu" }, { "abi/README.md", ".abi" } };
    for (size_t i = 0; i < G_N_ELEMENTS(docs); i++) {
        g_autofree char *p = readme_example(docs[i][0], docs[i][1]);
        g_autoptr(GKeyFile) kf = g_key_file_new();
        GError *err = NULL;
        cr_assert(g_key_file_load_from_file(kf, p, G_KEY_FILE_NONE, &err), "%s: %s", docs[i][0], err->message);
        g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
        for (char **g = groups; *g; g++) {
            g_auto(GStrv) keys = g_key_file_get_keys(kf, *g, NULL, NULL);
            for (char **k = keys; *k; k++) {
                g_autofree char *v = g_key_file_get_value(kf, *g, *k, NULL);
                cr_assert_null(strchr(v, '#'), "%s: [%s] %s = '%s'", docs[i][0], *g, *k, v);
            }
        }
        if (!strcmp(docs[i][1], ".abi")) {
            abi_model *a = abi_load(p, NULL, &err);
            cr_assert_not_null(a, "%s: %s", docs[i][0], err->message);
            cr_assert_eq(a->funcs->len, g_strv_length(groups) - 1, "one function per [function NAME] group");
            abi_free(a);
        }
        g_unlink(p);
    }
}

/* A command that would read /dev/zero or wait on a FIFO forever (the code before the fix)
 * is cut short: SIGALRM after 20 s, and no more than 2 GiB of address space (el2sim with
 * its engine needs about 1.5). */
static void limited_child(gpointer data)
{
    (void)data;
    alarm(20);
#ifndef __SANITIZE_ADDRESS__     /* ASan reserves terabytes of address space for its shadow */
    struct rlimit rl = { 2ul << 30, 2ul << 30 };
    setrlimit(RLIMIT_AS, &rl);
#endif
}

static result el2sim_limited(const char *const *args) { return el2sim_spawn(NULL, limited_child, args); }

/* A FIFO or a device as an input file: one line naming it, exit 2, nothing read
 * (regression: a scenario or --expect-trace on /dev/zero was read until memory ran out,
 * and every input opened from a FIFO with no writer waited forever). */
Test(cli, non_regular_inputs_refused, .timeout = 120)
{
    g_autofree char *dir = g_dir_make_tmp("el2fifo-XXXXXX", NULL);
    g_autofree char *fifo = g_build_filename(dir, "in.fifo", NULL);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    g_autofree char *img = image_path("hvc_paths.elf");
    assert_one_line(el2sim_limited((const char *[]){ "scenario", "/dev/zero", NULL }), 2,
                    "el2sim scenario: /dev/zero: not a regular file", "");
    g_autofree char *want = g_strdup_printf("el2sim scenario: %s: not a regular file", fifo);
    assert_one_line(el2sim_limited((const char *[]){ "scenario", fifo, NULL }), 2, want, "");
    g_free(want);
    want = g_strdup_printf("el2sim run: %s: not a regular file", fifo);
    assert_one_line(el2sim_limited((const char *[]){ "run", fifo, NULL }), 2, want, "");
    g_free(want);
    want = g_strdup_printf("el2sim check: %s: not a regular file", fifo);
    assert_one_line(el2sim_limited((const char *[]){ "check", fifo, "--abi", "smccc", NULL }), 2, want, "");
    assert_one_line(el2sim_limited((const char *[]){ "run", img, "-q", "--expect-trace", "/dev/zero", NULL }),
                    2, "el2sim run: --expect-trace: /dev/zero: not a regular file", "");
    /* the CPU and ABI models too (they hung on a FIFO) */
    g_autofree char *cpu_fifo = g_build_filename(dir, "x.cpu", NULL), *abi_fifo = g_build_filename(dir, "x.abi", NULL);
    cr_assert_eq(mkfifo(cpu_fifo, 0600), 0);
    cr_assert_eq(mkfifo(abi_fifo, 0600), 0);
    g_free(want);
    want = g_strdup_printf("el2sim run: %s: not a regular file", cpu_fifo);
    assert_one_line(el2sim_limited((const char *[]){ "run", img, "--cpu", cpu_fifo, NULL }), 2, want, "");
    g_free(want);
    want = g_strdup_printf("el2sim check: %s: not a regular file", abi_fifo);
    assert_one_line(el2sim_limited((const char *[]){ "check", img, "--abi", abi_fifo, NULL }), 2, want, "");
    g_unlink(cpu_fifo);
    g_unlink(abi_fifo);
    g_unlink(fifo);
    g_rmdir(dir);
}
