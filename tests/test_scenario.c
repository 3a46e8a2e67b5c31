/* test_scenario.c - `el2sim scenario`: every shipped scenario passes with the exact
 * lines; a failing expectation, a malformed scenario and a missing image each give
 * their documented exit code and one exact line. */
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

typedef struct { char *out, *err; int code; } result;

/* el2sim COMMAND ARGS... -I <the test stubs> */
static result run_cmd(const char *command, const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)g_getenv("EL2SIM"));
    g_ptr_array_add(argv, (char *)command);
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(argv, (char *)*a);
    g_ptr_array_add(argv, "-I");
    g_ptr_array_add(argv, (char *)g_getenv("EL2_TEST_STUBS"));
    g_ptr_array_add(argv, NULL);
    result r = { 0 };
    int st;
    cr_assert(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &r.out, &r.err, &st, NULL));
    r.code = WEXITSTATUS(st);
    g_ptr_array_free(argv, TRUE);
    return r;
}

static result run(const char *const *args) { return run_cmd("scenario", args); }

static char *scn(const char *name)
{
    return g_build_filename(g_getenv("EL2_SOURCE"), "tests", "scenarios", name, NULL);
}

static char *write_tmp(const char *text)
{
    char *path = NULL;
    int fd = g_file_open_tmp("bad-XXXXXX.scn", &path, NULL);
    cr_assert(fd >= 0);
    close(fd);
    cr_assert(g_file_set_contents(path, text, -1, NULL));
    return path;
}

Test(scenario, hyp_stub_v5_passes)
{
    g_autofree char *f = scn("hyp-stub-v5.scn");
    result r = run((const char *[]){ f, NULL });
    cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
    cr_assert_str_eq(r.out,
        "PASS set-vectors (call __hyp_set_vectors): returned, x0=0x0, EL1, 204 cycles\n"
        "PASS reset-vectors (call __hyp_reset_vectors): returned, x0=0x0, EL1, 223 cycles\n"
        "PASS unknown-call (hvc #0, x0=42): returned, x0=0xbadca11, EL1, 183 cycles\n"
        "PASS finalise-el2-without-vhe (hvc #0, x0=3): returned, x0=0xbadca11, EL1, 198 cycles\n"
        "PASS hvc-round-trips (hvc #0, x0=42) [1000/1000]: returned, x0=0xbadca11, EL1, 183 cycles\n"
        "PASS soft-restart (hvc #0, x0=1): landed, x0=0x5eed0000, EL2, 229 cycles\n"
        "6 passed, 0 failed\n"
        "0 violations of linux-hyp-stub v5\n");
}

Test(scenario, every_shipped_scenario_passes)
{
    static const char *const names[][2] = {
        { "hyp-stub-2015.scn", "4 passed, 0 failed\n" }, { "hyp-stub-v4.scn", "6 passed, 0 failed\n" },
        { "hyp-stub-v6.scn", "6 passed, 0 failed\n" },   { "psci-stub.scn", "5 passed, 0 failed\n" },
        { "vhe-upgrade.scn", "1 passed, 0 failed\n" },   { "vhe-refused.scn", "1 passed, 0 failed\n" },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *f = scn(names[i][0]);
        result r = run((const char *[]){ f, NULL });
        cr_assert_eq(r.code, 0, "%s:\n%s%s", names[i][0], r.out, r.err);
        cr_assert(strstr(r.out, names[i][1]), "%s:\n%s", names[i][0], r.out);
        cr_assert(strstr(r.out, "\n0 violations of "), "%s:\n%s", names[i][0], r.out);
    }
}

Test(scenario, vhe_upgrade_returns_at_el2)
{
    g_autofree char *f = scn("vhe-upgrade.scn");
    result r = run((const char *[]){ f, NULL });
    cr_assert(strstr(r.out, "PASS finalise-el2 (call __hyp_finalise_el2): returned, x0=0x0, EL2,"), "%s", r.out);
}

Test(scenario, failed_expectation_exits_1)
{
    g_autofree char *dir = g_strdup(g_getenv("EL2_TEST_STUBS"));
    g_autofree char *text = g_strdup_printf(
        "[machine]\nimages = %s/hyp-stub-v5.o\n[setup]\nmode = install\nvbar_el2 = __hyp_stub_vectors\n"
        "hcr_el2 = 0x80000000\nsp_el2 = 0x40400000\n[call unknown]\nhvc = 0\nx0 = 42\nexpect.x0 = 0\n", dir);
    g_autofree char *f = write_tmp(text);
    result r = run((const char *[]){ f, NULL });
    g_unlink(f);
    cr_assert_eq(r.code, 1);
    cr_assert_str_eq(r.out, "FAIL unknown (hvc #0, x0=42): x0 = 0xbadca11, expected 0x0 (0)\n0 passed, 1 failed\n");
}

/* Each call starts with every x0-x30 it does not set at the [setup] value or, failing
 * that, at the register's number in every byte (x5 = 0x0505050505050505, x30 =
 * 0x3030303030303030, x0 = 0); nothing carries over from the call before. */
Test(scenario, call_registers_start_known)
{
    g_autofree char *text = g_strdup_printf(
        "[machine]\nimages = %s/hyp-stub-v5.o\n[setup]\nmode = install\nvbar_el2 = __hyp_stub_vectors\n"
        "hcr_el2 = 0x80000000\nsp_el2 = 0x40400000\nx19 = 0x1234\n"
        "[call first]\nhvc = 0\nx0 = 42\nx5 = 7\nx19 = 0x77\nexpect.x5 = 7\nexpect.x19 = 0x77\n"
        "[call second]\nhvc = 0\nx0 = 42\nexpect.x1 = 0x0101010101010101\nexpect.x5 = 0x0505050505050505\n"
        "expect.x19 = 0x1234\nexpect.x29 = 0x2929292929292929\nexpect.x30 = 0x3030303030303030\n"
        "[call third]\nhvc = 0\nx1 = __hyp_stub_vectors\nexpect.x0 = 0\n", g_getenv("EL2_TEST_STUBS"));
    g_autofree char *f = write_tmp(text);
    result r = run((const char *[]){ f, NULL });
    g_unlink(f);
    cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
    cr_assert_str_eq(r.out,
        "PASS first (hvc #0, x0=42): returned, x0=0xbadca11, EL1, 183 cycles\n"
        "PASS second (hvc #0, x0=42): returned, x0=0xbadca11, EL1, 183 cycles\n"
        "PASS third (hvc #0, x0=-): returned, x0=0x0, EL1, 199 cycles\n"
        "3 passed, 0 failed\n");
}

static void expect_bad(const char *text, const char *suffix)
{
    g_autofree char *f = write_tmp(text);
    result r = run((const char *[]){ f, NULL });
    g_autofree char *want = g_strdup_printf("el2sim scenario: %s:%s\n", f, suffix);
    g_unlink(f);
    cr_assert_eq(r.code, 2, "%s%s", r.out, r.err);
    cr_assert_str_eq(r.err, want);
    cr_assert_str_eq(r.out, "");
}

Test(scenario, malformed_scenarios_exit_2_naming_file_line_key)
{
    expect_bad("[machine]\nimages = x.o\ncolour = blue\n", "3: [machine] colour: unknown key (known: cpu, ram, max-insns, images, base, load, define, abi, abi-version, irq, cpus, arch)");
    expect_bad("[machine]\nimages = x.o\n[setup]\nmode = teleport\n", "4: [setup] mode: 'teleport' is neither 'install' nor 'boot'");
    expect_bad("[machine]\nimages = x.o\n[setup]\nmode = install\n[call a]\nhvc = 0x10000\n", "6: [call a] hvc: '0x10000' is not an immediate 0-0xffff");
    expect_bad("[machine]\nimages = x.o\n[setup]\nmode = install\n[call a]\nx0 = 1\n", "5: [call a]: a call needs exactly one of hvc = IMM, smc = IMM, svc = IMM or call = SYMBOL");
    expect_bad("[machine]\nimages = x.o\n[setup]\nmode = install\n[call a]\nhvc = 0\nexpect.q7 = 1\n", "7: [call a] expect.q7: cannot expect 'q7': give x0-x30, sp, el or a system register");
    expect_bad("[machine]\nimages = x.o\n[setup]\nmode = install\nfoo_el9 = 1\n", "5: [setup] foo_el9: unknown key: not mode/el/entry/stop-at, a register x0-x30/sp, or a system register el2sim models");
    expect_bad("[mashine]\n", "1: [mashine]: unknown group (known: [machine], [setup], [call NAME])");
    /* GLib merged these: the repeated group said "a call needs exactly one of hvc...", the key took the last value */
    expect_bad("[machine]\nimages = x.o\n[setup]\nmode = install\n[call x]\nhvc = 0\n[call x]\nhvc = 1\n",
               "7: duplicate group [call x] (first at line 5)");
    expect_bad("[machine]\nimages = x.o\n[setup]\nmode = install\n[call a]\nhvc = 0\nx0 = 1\nx0 = 2\n",
               "8: [call a] x0: duplicate key (first at line 7)");

}

Test(scenario, missing_image_exits_2)
{
    g_autofree char *f = write_tmp("[machine]\nimages = no-such.o\n[setup]\nmode = install\n[call a]\nhvc = 0\n");
    result r = run((const char *[]){ f, NULL });
    g_autofree char *want = g_strdup_printf("el2sim: %s:2: [machine] images: 'no-such.o' not found beside the scenario, in --image-path or in $EL2_IMAGE_PATH\n", f);
    g_unlink(f);
    cr_assert_eq(r.code, 2);
    cr_assert_str_eq(r.err, want);
}

Test(scenario, unresolvable_symbol_exits_2)
{
    g_autofree char *text = g_strdup_printf(
        "[machine]\nimages = %s/hyp-stub-v5.o\n[setup]\nmode = install\nvbar_el2 = __hyp_stub_vectors\n"
        "[call a]\nhvc = 0\nx1 = no_such_symbol\n", g_getenv("EL2_TEST_STUBS"));
    g_autofree char *f = write_tmp(text);
    result r = run((const char *[]){ f, NULL });
    g_autofree char *want = g_strdup_printf("el2sim: %s:6: 'no_such_symbol' is neither a number nor a symbol of the images\n", f);
    g_unlink(f);
    cr_assert_eq(r.code, 2, "%s%s", r.out, r.err);
    cr_assert_str_eq(r.err, want);
}

/* `el2sim check SCENARIO` without --abi: the scenario's own `abi =` is enough (issue 16). */
static result run_check(const char *const *args) { return run_cmd("check", args); }

Test(scenario, check_takes_the_scenarios_abi)
{
    g_autofree char *f = scn("hyp-stub-v4.scn");
    result r = run_check((const char *[]){ f, NULL });
    cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
    cr_assert_str_eq(r.err, "");
    cr_assert(g_str_has_suffix(r.out, "6 passed, 0 failed\n0 violations of linux-hyp-stub v4\n"), "%s", r.out);
    /* --abi still overrides it */
    result o = run_check((const char *[]){ f, "--abi", "linux-hyp-stub", "--abi-version", "v5", NULL });
    cr_assert(g_str_has_suffix(o.out, "violations of linux-hyp-stub v5\n"), "%s%s", o.out, o.err);
}

Test(scenario, check_needs_an_abi_from_somewhere)
{
    g_autofree char *text = g_strdup_printf(
        "[machine]\nimages = %s/hyp-stub-v5.o\n[setup]\nmode = install\nvbar_el2 = __hyp_stub_vectors\n"
        "[call a]\nhvc = 0\nx0 = 42\n", g_getenv("EL2_TEST_STUBS"));
    g_autofree char *f = write_tmp(text);
    result r = run_check((const char *[]){ f, NULL });
    g_autofree char *want = g_strdup_printf("el2sim check: %s names no ABI: give --abi NAME or abi = NAME in [machine] "
                                            "(ABIs are in %s/abi)\n", f, g_getenv("EL2_MODELS"));
    g_unlink(f);
    cr_assert_eq(r.code, 2, "%s%s", r.out, r.err);
    cr_assert_str_eq(r.err, want);
    cr_assert_str_eq(r.out, "");
}

/* [setup] el = 0: a call without its own el = comes from EL0 (it came from EL1, so this
 * SVC went to the EL1 vector for the current EL, which spins) */
Test(scenario, setup_el0_calls_come_from_el0)
{
    g_autofree char *text = g_strdup_printf(
        "[machine]\nimages = %s/null-syscall.o\n[setup]\nmode = install\nel = 0\nhcr_el2 = 0x80000000\n"
        "vbar_el1 = null_vectors\nsp_el1 = 0x40300000\nsp_el0 = 0x40200000\n"
        "[call a]\nsvc = 0\nx0 = 7\nmax-insns = 1000\nexpect.x0 = 7\nexpect.el = 0\n", g_getenv("EL2_TEST_CALIB"));
    g_autofree char *f = write_tmp(text);
    result r = run((const char *[]){ f, NULL });
    g_unlink(f);
    cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
    cr_assert_str_eq(r.out, "PASS a (svc #0, x0=7): returned, x0=0x7, EL0, 249 cycles\n1 passed, 0 failed\n");
}

/* A call's max-insns is its own budget: a call that needs exactly N instructions passes
 * with max-insns = N (the sentinel branch at the return site was charged too), and one
 * that runs out says so with its own N (it said the machine's running total + N). */
Test(scenario, per_call_budget)
{
    g_autofree char *head = g_strdup_printf(
        "[machine]\nimages = %s/hyp-stub-v5.o\n[setup]\nmode = install\nvbar_el2 = __hyp_stub_vectors\n"
        "hcr_el2 = 0x80000000\nsp_el2 = 0x40400000\n[call a]\nhvc = 0\nx0 = 42\n[call b]\nhvc = 0\nx0 = 42\n",
        g_getenv("EL2_TEST_STUBS"));
    /* HVC, 11 instructions of the stub's handler, ERET: 13 */
    g_autofree char *exact = g_strconcat(head, "max-insns = 13\n", NULL);
    g_autofree char *f = write_tmp(exact);
    result r = run((const char *[]){ f, NULL });
    g_unlink(f);
    cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
    cr_assert(strstr(r.out, "PASS b (hvc #0, x0=42): returned, x0=0xbadca11, EL1, "), "%s", r.out);

    g_autofree char *short_ = g_strconcat(head, "max-insns = 12\n", NULL);
    g_autofree char *f2 = write_tmp(short_);
    r = run((const char *[]){ f2, NULL });
    g_unlink(f2);
    cr_assert_eq(r.code, 1, "%s%s", r.out, r.err);
    cr_assert(strstr(r.out, "FAIL b (hvc #0, x0=42): did not return to the call site (instruction budget of 12 "
                            "(max-insns) exhausted at stub_el1_sync)\n"), "%s", r.out);
}

/* The first ```ini block of a Markdown file under the source root. */
static char *ini_block(const char *rel)
{
    g_autofree char *path = g_build_filename(g_getenv("EL2_SOURCE"), rel, NULL);
    g_autofree char *text = NULL;
    cr_assert(g_file_get_contents(path, &text, NULL, NULL), "%s", path);
    const char *start = strstr(text, "\n```ini\n");
    cr_assert_not_null(start, "%s: no ```ini block", rel);
    start += 8;
    const char *end = strstr(start, "\n```\n");
    cr_assert_not_null(end, "%s: the ```ini block does not end", rel);
    return g_strndup(start, (gsize)(end - start) + 1);
}

/* README's scenario example is a scenario: it parses and its calls pass (its inline
 * '# comments' were part of the values: "el = 1   # EL the calls come from" was refused) */
Test(scenario, readme_example_runs)
{
    g_autofree char *text = ini_block("README.md");
    g_autofree char *f = write_tmp(text);
    result r = run((const char *[]){ f, NULL });
    g_unlink(f);
    unsigned calls = 0;
    for (const char *p = text; (p = strstr(p, "\n[call ")); p++)
        calls++;
    cr_assert_gt(calls, 0);
    g_autofree char *want = g_strdup_printf("\n%u passed, 0 failed\n0 violations of linux-hyp-stub v5\n", calls);
    cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
    cr_assert(g_str_has_suffix(r.out, want), "%s", r.out);
    cr_assert_str_eq(r.err, "");
}

/* README's demo output (Quick start) is what el2sim prints: every line shown under
 * "== el2sim run hyp-stub-v5.o --entry _start" and under the scenario run is in the real
 * output ("..." stands for lines left out) (issue 17: the demo's cycle stamps were stale). */
static void readme_block_in(const char *text, const char *head, const char *out)
{
    const char *b = strstr(text, head);
    cr_assert_not_null(b, "README: no '%s'", head);
    b = strchr(b, '\n') + 1;
    const char *end = strstr(b, "    == exit status");
    cr_assert_not_null(end);
    g_autofree char *block = g_strndup(b, (gsize)(end - b));
    g_auto(GStrv) lines = g_strsplit(block, "\n", -1);
    unsigned n = 0;
    for (char **l = lines; *l; l++) {
        const char *t = *l;
        while (*t == ' ')
            t++;
        if (!*t || !strcmp(t, "..."))
            continue;
        cr_assert(g_str_has_prefix(*l, "    "), "README demo line not indented: %s", *l);
        cr_assert(strstr(out, *l + 4), "README demo line not in el2sim's output:\n%s\n--- output:\n%s", *l + 4, out);
        n++;
    }
    cr_assert_gt(n, 5);
}

Test(scenario, readme_demo_output_is_real)
{
    g_autofree char *path = g_build_filename(g_getenv("EL2_SOURCE"), "README.md", NULL);
    g_autofree char *text = NULL;
    cr_assert(g_file_get_contents(path, &text, NULL, NULL));
    g_autofree char *img = g_build_filename(g_getenv("EL2_TEST_STUBS"), "hyp-stub-v5.o", NULL);
    const char *argv[] = { g_getenv("EL2SIM"), "run", img, "--entry", "_start", NULL };
    g_autofree char *out = NULL, *err = NULL;
    int st;
    cr_assert(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &st, NULL));
    g_autofree char *both = g_strconcat(out, err, NULL);
    readme_block_in(text, "    == el2sim run hyp-stub-v5.o --entry _start\n", both);
    g_autofree char *scn_path = scn("hyp-stub-v5.scn");
    result r = run((const char *[]){ scn_path, NULL });
    readme_block_in(text, "    == el2sim scenario tests/scenarios/hyp-stub-v5.scn", r.out);
    g_free(r.out);
    g_free(r.err);
}
