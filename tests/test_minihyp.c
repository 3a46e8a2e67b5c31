/* test_minihyp.c - the mini-hypervisor of tests/stubs/minihyp.S and its ABI model
 * (models/abi/minihyp.abi): the exact events of its INIT call (the EL2 translation
 * registers from the parameter block, SCTLR_EL2 with M, C, I, then VBAR_EL2 written from
 * the hyp VA it moved to), the results of every call through the shipped scenario, a
 * clean `el2sim check`, and the exact findings for two deliberately broken builds.
 *
 * Everything from INIT on needs el2sim to execute with the EL2 stage 1 MMU on (issue 18);
 * the calls made before INIT (MMU off) are tested on their own and pass without it.
 * Under QEMU 7.2 the driver exits 0 (test_qemu_diff runs minihyp.elf on both pairs). */
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "sysreg.h"

#define HYP_VA_OFFSET UINT64_C(0x4000000000) /* hyp VA = PA + this (minihyp.S) */
#define ESR_HVC0      0x5a000000u

static char *stub_path(const char *name)
{
    const char *dir = g_getenv("EL2_TEST_STUBS");
    cr_assert_not_null(dir, "EL2_TEST_STUBS is not set");
    return g_build_filename(dir, name, NULL);
}

typedef struct { char *out, *err; int code; } result;

/* el2sim ARGS... (-I the stubs for scenario and check) */
static result el2sim(const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)g_getenv("EL2SIM"));
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(argv, (char *)*a);
    if (!strcmp(args[0], "scenario") || !strcmp(args[0], "check")) {
        g_ptr_array_add(argv, "-I");
        g_ptr_array_add(argv, (char *)g_getenv("EL2_TEST_STUBS"));
    }
    g_ptr_array_add(argv, NULL);
    result r = { 0 };
    int st;
    cr_assert(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &r.out, &r.err, &st, NULL));
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    g_ptr_array_free(argv, TRUE);
    return r;
}

static void result_clear(result *r)
{
    g_free(r->out);
    g_free(r->err);
}

static char *scn(const char *name)
{
    return g_build_filename(g_getenv("EL2_SOURCE"), "tests", "scenarios", name, NULL);
}

static char *write_tmp(const char *text)
{
    char *path = NULL;
    int fd = g_file_open_tmp("minihyp-XXXXXX.scn", &path, NULL);
    cr_assert(fd >= 0);
    close(fd);
    cr_assert(g_file_set_contents(path, text, -1, NULL));
    return path;
}

/* A scenario on IMAGE (a file in the stubs' build directory) that boots the driver to
 * host_ready and makes CALLS (the [call] groups). */
static char *boot_scenario(const char *image, const char *calls)
{
    g_autofree char *img = stub_path(image);
    g_autofree char *text = g_strdup_printf("[machine]\ncpu = cortex-a57\nimages = %s\nabi = minihyp\n"
                                            "[setup]\nmode = boot\nentry = _start\nstop-at = host_ready\n%s",
                                            img, calls);
    return write_tmp(text);
}

/* The address of SYMBOL in tests/stubs/IMAGE as el2sim loads it (--entry _start). */
static uint64_t stub_sym(const char *image, const char *symbol)
{
    g_autofree char *img = stub_path(image);
    harness *h = harness_run(img, (const char *[]){ "--entry", "_start", "--max-insns", "1", NULL });
    cr_assert_null(h->error, "%s: %s", image, h->error);
    uint64_t a = 0;
    cr_assert(symtab_lookup(h->m->syms, symbol, &a), "%s: no symbol %s", image, symbol);
    harness_free(h);
    return a;
}

/* Every "N cycles" of a scenario's output as "N cycles": the cycle figures of calls made
 * with the EL2 MMU on are the engine's MMU timing, not this stub's behaviour. */
static char *without_cycles(const char *out)
{
    GRegex *re = g_regex_new("[0-9]+ cycles", 0, 0, NULL);
    char *s = g_regex_replace_literal(re, out, -1, 0, "N cycles", 0, NULL);
    g_regex_unref(re);
    return s;
}

/* ---- the calls made before INIT: the EL2 MMU is off (run today) ------------------------ */

static const char pre_init_calls[] =
    "[call init-misaligned-block]\nhvc = 0\nx0 = 0xc6000000\nx1 = minihyp_params+4\n"
    "expect.x0 = 0xfffffffffffffffd\nexpect.sctlr_el2 = 0x30c50830\nexpect.vbar_el2 = __minihyp_init_vectors\n"
    "[call init-null-block]\nhvc = 0\nx0 = 0xc6000000\nx1 = 0\nexpect.x0 = 0xfffffffffffffffd\n"
    "[call tpidr-before-init]\nhvc = 0\nx0 = 0xc6000002\nexpect.x0 = 0xffffffffffffffff\n"
    "[call unknown]\nhvc = 0\nx0 = 0xc6000009\nexpect.x0 = 0xffffffffffffffff\n"
    "[call reset-before-init]\nhvc = 0\nx0 = 2\nexpect.x0 = 0\nexpect.vbar_el2 = __minihyp_init_vectors\n"
    "[call soft-restart]\nhvc = 0\nx0 = 1\nx1 = restart_el2\nx2 = 0x5eed0000\nx3 = 0x5eed1111\nx4 = 0x5eed2222\n"
    "lands = restart_el2\nexpect.el = 2\nexpect.x0 = 0x5eed0000\nexpect.x1 = 0x5eed1111\nexpect.x2 = 0x5eed2222\n";

Test(minihyp, calls_before_init)
{
    g_autofree char *f = boot_scenario("minihyp.o", pre_init_calls);
    result r = el2sim((const char *[]){ "check", f, NULL });
    g_unlink(f);
    g_autofree char *out = without_cycles(r.out);
    cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
    cr_assert_str_eq(out,
        "PASS boot: reached host_ready at EL1, N cycles\n"
        "PASS init-misaligned-block (hvc #0, x0=0xc6000000): returned, x0=0xfffffffffffffffd, EL1, N cycles\n"
        "PASS init-null-block (hvc #0, x0=0xc6000000): returned, x0=0xfffffffffffffffd, EL1, N cycles\n"
        "PASS tpidr-before-init (hvc #0, x0=0xc6000002): returned, x0=0xffffffffffffffff, EL1, N cycles\n"
        "PASS unknown (hvc #0, x0=0xc6000009): returned, x0=0xffffffffffffffff, EL1, N cycles\n"
        "PASS reset-before-init (hvc #0, x0=2): returned, x0=0x0, EL1, N cycles\n"
        "PASS soft-restart (hvc #0, x0=1): landed, x0=0x5eed0000, EL2, N cycles\n"
        "6 passed, 0 failed\n"
        "0 violations of minihyp 1\n");
    cr_assert_str_eq(r.err, "");
    result_clear(&r);
}

/* HVC_SOFT_RESTART must never come back: the BUG_RETURNS build ERETs to its caller. */
Test(minihyp, soft_restart_that_returns_before_init)
{
    g_autofree char *f = boot_scenario("minihyp-bug-returns.o",
        "[call soft-restart]\nhvc = 0\nx0 = 1\nx1 = restart_el2\nx2 = 0x5eed0000\nx3 = 0x5eed1111\n"
        "x4 = 0x5eed2222\nlands = restart_el2\n");
    result r = el2sim((const char *[]){ "check", f, NULL });
    g_unlink(f);
    uint64_t restart = stub_sym("minihyp-bug-returns.o", "restart_el2");
    g_autofree char *want = g_strdup_printf(
        "PASS boot: reached host_ready at EL1, N cycles\n"
        "FAIL soft-restart (hvc #0, x0=1): 1 ABI violation(s):\n"
        "wrong-landing: pc = 0x47fff004, expected 0x%" PRIx64 "\n"
        "    why      must land at the caller's x1 at EL2\n"
        "    call     HVC_SOFT_RESTART (x0=0x1) by hvc #0 at el2sim_caller, EL1  [minihyp 1]\n"
        "    returned eret at idmap_soft_restart+0x28 -> el2sim_caller+0x4\n"
        "0 passed, 1 failed\n"
        "1 violation of minihyp 1\n", restart);
    g_autofree char *out = without_cycles(r.out);
    cr_assert_eq(r.code, 1, "%s%s", r.out, r.err);
    cr_assert_str_eq(out, want);
    result_clear(&r);
}

/* ---- INIT and after: need EL2 stage 1 translation in the engine ---------------------- */

static harness *h;
static guint cur;
static void teardown(void) { harness_free(h); h = NULL; }

static uint64_t sym(const char *name)
{
    uint64_t a = 0;
    cr_assert(symtab_lookup(h->m->syms, name, &a), "no symbol %s", name);
    return a;
}

static const el2_event *next(el2_event_kind kind)
{
    cr_assert_lt(cur, h->ev->len, "event %u: ran out of events", cur);
    const el2_event *e = hev(h, cur);
    cr_assert_eq(e->kind, kind, "event %u: kind %d, want %d: %s", cur, e->kind, kind, hline(h, cur));
    cur++;
    return e;
}

static void expect_msr(const char *reg, uint64_t value, uint64_t pc)
{
    const el2_event *e = next(EV_SYSREG);
    int idx = sysreg_find_name(reg);
    cr_assert_geq(idx, 0, "unknown register %s", reg);
    cr_assert_eq(e->sysreg, idx, "event %u: wrote %s, want %s: %s", cur - 1, sysreg_table[e->sysreg].name, reg,
                 hline(h, cur - 1));
    cr_assert_eq(e->value, value, "event %u: %s = %#llx, want %#llx", cur - 1, reg, (unsigned long long)e->value,
                 (unsigned long long)value);
    if (pc)
        cr_assert_eq(e->pc, pc, "event %u: %s written at %#llx, want %#llx", cur - 1, reg, (unsigned long long)e->pc,
                     (unsigned long long)pc);
}

/* The driver's INIT call (its third HVC), event by event: the HVC into the init vectors
 * (a PA), the registers the parameter block gives in the order the hyp writes them, the
 * MMU switched on from the idmap page, VBAR_EL2 written from the hyp VA of
 * hyp_init_continue, the ERET to the caller with x0 = 0; the next HVC enters the host
 * vectors at their hyp VA. */
Test(minihyp, init_call_events, .fini = teardown)
{
    g_autofree char *img = stub_path("minihyp.o");
    h = harness_run(img, (const char *[]){ "--entry", "_start", NULL });
    cr_assert_null(h->error, "%s", h->error);
    int at = hfind(h, EV_EXC, 2);
    cr_assert_geq(at, 0, "fewer than three exceptions");
    cur = (guint)at;
    const el2_event *e = next(EV_EXC);
    cr_assert_eq(e->exc, EXC_HVC, "%s", hline(h, cur - 1));
    cr_assert_eq(e->from_el, 1);
    cr_assert_eq(e->to_el, 2);
    cr_assert_eq(e->esr, ESR_HVC0);
    cr_assert_eq(e->elr, sym("host_init_ret"));
    cr_assert_eq(e->target, sym("__minihyp_init_vectors") + 0x400);
    cr_assert_eq(e->x[0], 0xc6000000u);
    cr_assert_eq(e->x[1], sym("minihyp_params"));
    uint64_t init = sym("init_hvc");
    expect_msr("MAIR_EL2", 0x4ff, init + 0x5c);
    expect_msr("TCR_EL2", 0x80823519, init + 0x64);
    expect_msr("TTBR0_EL2", sym("minihyp_pgd"), init + 0x6c);
    expect_msr("HCR_EL2", 0x80000000, init + 0x74);
    expect_msr("VTCR_EL2", 0x80023558, init + 0x7c);
    expect_msr("VTTBR_EL2", 0, init + 0x84);
    expect_msr("TPIDR_EL2", sym("minihyp_percpu") + HYP_VA_OFFSET, init + 0x8c);
    e = next(EV_TLBI);                 /* TLBI ALLE2 before the MMU goes on */
    cr_assert_eq(e->pc, init + 0xb0, "%s", hline(h, cur - 1));
    cr_assert_eq(e->insn, 0xd50c871fu, "%s", hline(h, cur - 1));
    expect_msr("SCTLR_EL2", 0x30c5183d, init + 0xcc);
    expect_msr("VBAR_EL2", sym("__minihyp_vectors") + HYP_VA_OFFSET, sym("hyp_init_continue") + HYP_VA_OFFSET);
    e = next(EV_ERET);
    cr_assert_eq(e->from_el, 2, "%s", hline(h, cur - 1));
    cr_assert_eq(e->to_el, 1);
    cr_assert_not(e->illegal);
    cr_assert_eq(e->pc, sym("hyp_init_continue") + HYP_VA_OFFSET + 0xc);
    cr_assert_eq(e->target, sym("host_init_ret"));
    cr_assert_eq(e->x[0], 0);
    e = next(EV_EXC);
    cr_assert_eq(e->exc, EXC_HVC, "%s", hline(h, cur - 1));
    cr_assert_eq(e->x[0], 0xc6000001u);
    cr_assert_eq(e->target, sym("__minihyp_vectors") + HYP_VA_OFFSET + 0x400);
}

/* The driver makes every call and checks every result itself: exit 0 (as under QEMU). */
Test(minihyp, driver_self_checks)
{
    g_autofree char *obj = stub_path("minihyp.o");
    g_autofree char *elf = stub_path("minihyp.elf");
    result r = el2sim((const char *[]){ "run", "-q", obj, "--entry", "_start", NULL });
    cr_assert_eq(r.code, 0, "minihyp.o: exit %d: %s", r.code, r.err);
    cr_assert(g_str_has_prefix(r.err, "el2sim: stopped: semihosting exit (reason 0x20026, status 0) at restart_el2+"),
              "%s", r.err);
    result_clear(&r);
    r = el2sim((const char *[]){ "run", "-q", elf, NULL });
    cr_assert_eq(r.code, 0, "minihyp.elf: exit %d: %s", r.code, r.err);
    result_clear(&r);
}

/* The shipped scenario: every call passes, x0 (and x1, x2) as the ABI says. */
Test(minihyp, scenario_passes)
{
    g_autofree char *f = scn("minihyp.scn");
    result r = el2sim((const char *[]){ "scenario", f, NULL });
    g_autofree char *out = without_cycles(r.out);
    cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
    cr_assert_str_eq(out,
        "PASS boot: reached host_ready at EL1, N cycles\n"
        "PASS init-misaligned-block (hvc #0, x0=0xc6000000): returned, x0=0xfffffffffffffffd, EL1, N cycles\n"
        "PASS tpidr-before-init (hvc #0, x0=0xc6000002): returned, x0=0xffffffffffffffff, EL1, N cycles\n"
        "PASS init (hvc #0, x0=0xc6000000): returned, x0=0x0, EL1, N cycles\n"
        "PASS hyp-va (hvc #0, x0=0xc6000001): returned, x0=0x0, EL1, N cycles\n"
        "PASS get-tpidr (hvc #0, x0=0xc6000002): returned, x0=0x0, EL1, N cycles\n"
        "PASS sum (hvc #0, x0=0xc6000003): returned, x0=0x0, EL1, N cycles\n"
        "PASS sum-of-a-pa (hvc #0, x0=0xc6000003): returned, x0=0xfffffffffffffffd, EL1, N cycles\n"
        "PASS init-again (hvc #0, x0=0xc6000000): returned, x0=0xffffffffffffffff, EL1, N cycles\n"
        "PASS reset-vectors (hvc #0, x0=2): returned, x0=0x0, EL1, N cycles\n"
        "PASS reinit (hvc #0, x0=0xc6000000): returned, x0=0x0, EL1, N cycles\n"
        "PASS sum-after-reset (hvc #0, x0=0xc6000003): returned, x0=0x0, EL1, N cycles\n"
        "PASS soft-restart (hvc #0, x0=1): landed, x0=0x5eed0000, EL2, N cycles\n"
        "12 passed, 0 failed\n"
        "0 violations of minihyp 1\n");
    result_clear(&r);
}

/* `el2sim check` finds nothing: on the scenario (its own abi = minihyp) and on the
 * driver's own calls. */
Test(minihyp, check_reports_no_violation)
{
    g_autofree char *f = scn("minihyp.scn");
    result r = el2sim((const char *[]){ "check", f, NULL });
    cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
    cr_assert(g_str_has_suffix(r.out, "12 passed, 0 failed\n0 violations of minihyp 1\n"), "%s", r.out);
    cr_assert_str_eq(r.err, "");
    result_clear(&r);
    g_autofree char *obj = stub_path("minihyp.o");
    r = el2sim((const char *[]){ "check", obj, "--entry", "_start", "--abi", "minihyp", NULL });
    cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
    cr_assert_str_eq(r.out, "0 violations of minihyp 1\n");
    result_clear(&r);
}

static const char init_call[] = "[call init]\nhvc = 0\nx0 = 0xc6000000\nx1 = minihyp_params\nexpect.x0 = 0\n";

/* BUG_CLOBBER: MINIHYP_SUM drops its saved x4 and x5 instead of restoring them. The ABI
 * preserves x4-x30, so both are reported, x4 with the instruction that last wrote it (the
 * sum loop's add, at its hyp VA) and x5 with the loop's post-indexed load. */
Test(minihyp, clobbered_register_in_sum)
{
    g_autofree char *calls = g_strconcat(init_call,
        "[call sum]\nhvc = 0\nx0 = 0xc6000003\nx1 = minihyp_table+0x4000000000\nx2 = 8\nexpect.x1 = 0x26664\n", NULL);
    g_autofree char *f = boot_scenario("minihyp-bug-clobber.o", calls);
    result r = el2sim((const char *[]){ "check", f, NULL });
    g_unlink(f);
    uint64_t table = stub_sym("minihyp-bug-clobber.o", "minihyp_table");
    const char *x4 = "clobbered-register: x4 = 0x26664, expected 0x404040404040404\n";
    g_autofree char *x5 = g_strdup_printf("clobbered-register: x5 = 0x%" PRIx64 ", expected 0x505050505050505\n",
                                          table + HYP_VA_OFFSET + 64);
    cr_assert_eq(r.code, 1, "%s%s", r.out, r.err);
    const char *p4 = strstr(r.out, x4), *p5 = strstr(r.out, x5);
    cr_assert_not_null(p4, "no '%s' in:\n%s", x4, r.out);
    cr_assert_not_null(p5, "no '%s' in:\n%s", x5, r.out);
    cr_assert(strstr(p4, "    call     MINIHYP_SUM (x0=0xc6000003) by hvc #0 at el2sim_caller, EL1  [minihyp 1]\n"),
              "%s", r.out);
    const char *c4 = strstr(p4, "    culprit  ");
    cr_assert_not_null(c4, "%s", r.out);
    g_autofree char *line = g_strndup(c4, (gsize)(strchr(c4, '\n') - c4));
    cr_assert(g_str_has_suffix(line, ": add x4, x4, x0"), "x4's culprit is not the sum loop's add: %s", line);
    cr_assert(strstr(r.out, "FAIL sum (hvc #0, x0=0xc6000003): 2 ABI violation(s):\n"), "%s", r.out);
    cr_assert(g_str_has_suffix(r.out, "\n1 passed, 1 failed\n2 violations of minihyp 1\n"), "%s", r.out);
    result_clear(&r);
}

/* BUG_RETURNS after INIT: HVC_SOFT_RESTART sent through the host vectors (at hyp VAs)
 * reaches the same idmap tail, turns the MMU off and comes back instead of landing. */
Test(minihyp, soft_restart_that_returns_after_init)
{
    g_autofree char *calls = g_strconcat(init_call,
        "[call soft-restart]\nhvc = 0\nx0 = 1\nx1 = restart_el2\nx2 = 0x5eed0000\nx3 = 0x5eed1111\n"
        "x4 = 0x5eed2222\nlands = restart_el2\n", NULL);
    g_autofree char *f = boot_scenario("minihyp-bug-returns.o", calls);
    result r = el2sim((const char *[]){ "check", f, NULL });
    g_unlink(f);
    uint64_t restart = stub_sym("minihyp-bug-returns.o", "restart_el2");
    g_autofree char *want = g_strdup_printf(
        "FAIL soft-restart (hvc #0, x0=1): 1 ABI violation(s):\n"
        "wrong-landing: pc = 0x47fff004, expected 0x%" PRIx64 "\n"
        "    why      must land at the caller's x1 at EL2\n"
        "    call     HVC_SOFT_RESTART (x0=0x1) by hvc #0 at el2sim_caller, EL1  [minihyp 1]\n"
        "    returned eret at idmap_soft_restart+0x28 -> el2sim_caller+0x4\n"
        "1 passed, 1 failed\n"
        "1 violation of minihyp 1\n", restart);
    cr_assert_eq(r.code, 1, "%s%s", r.out, r.err);
    cr_assert(g_str_has_suffix(r.out, want), "want the suffix:\n%s--- got:\n%s", want, r.out);
    result_clear(&r);
}
