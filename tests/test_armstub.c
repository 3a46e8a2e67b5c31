/* test_armstub.c - the 32-bit ARM hyp-stubs (tests/stubs/arm-hyp-stub-*.S, issue 21) on
 * the AArch32 Hyp-mode machine under scenario and ABI checker: each generation boots in
 * Hyp mode, installs its vectors and answers every call of its ABI
 * (models/abi/linux-arm-hyp-stub-*.abi) with no finding; each planted bug is one exact
 * finding in 32-bit terms (r4, sp_svc, lr_usr, r0) with its A32 culprit. */
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

typedef struct { char *out, *err; int code; } result;

/* el2sim scenario SCN [ARGS] -I <the test stubs> */
static result scenario(const char *scn, const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)g_getenv("EL2SIM"));
    g_ptr_array_add(argv, "scenario");
    g_ptr_array_add(argv, (char *)scn);
    for (const char *const *a = args; a && *a; a++)
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

static char *scn(const char *name)
{
    return g_build_filename(g_getenv("EL2_SOURCE"), "tests", "scenarios", name, NULL);
}

/* The output without the cycle counts (", N cycles"), which follow the timing model */
static char *no_cycles(const char *out)
{
    g_autoptr(GRegex) re = g_regex_new(", [0-9]+ cycles", 0, 0, NULL);
    return g_regex_replace_literal(re, out, -1, 0, "", 0, NULL);
}

static void expect_clean(const char *name, const char *want)
{
    g_autofree char *f = scn(name);
    result r = scenario(f, NULL);
    g_autofree char *out = no_cycles(r.out);
    cr_assert_eq(r.code, 0, "%s: %s%s", name, r.out, r.err);
    cr_assert_str_eq(out, want, "%s", name);
    cr_assert_str_eq(r.err, "");
    g_free(r.out);
    g_free(r.err);
}

Test(armstub, v4_12_answers_every_call)
{
    expect_clean("arm-hyp-stub-v4.12.scn",
        "PASS boot: reached svc_main at EL1\n"
        "PASS set-vectors (hvc #0, r0=0): returned, r0=0x0, EL1\n"
        "PASS probe-second-table (hvc #0, r0=0x7ab): returned, r0=0xbadca11, EL1\n"
        "PASS reset-vectors (hvc #0, r0=2): returned, r0=0x0, EL1\n"
        "PASS probe-stub-again (hvc #0, r0=0x7ab): returned, r0=0xbadca11, EL1\n"
        "PASS unknown-call (hvc #0, r0=42): returned, r0=0xbadca11, EL1\n"
        "PASS helper-reset-vectors (call __hyp_reset_vectors): returned, r0=0x0, EL1\n"
        "PASS hvc-round-trips (hvc #0, r0=42) [100/100]: returned, r0=0xbadca11, EL1\n"
        "PASS soft-restart (hvc #0, r0=1): landed, r0=0x1, EL2\n"
        "8 passed, 0 failed\n"
        "0 violations of linux-arm-hyp-stub v4.12\n");
}

Test(armstub, gen2012_answers_every_call)
{
    expect_clean("arm-hyp-stub-2012.scn",
        "PASS boot: reached svc_main at EL1\n"
        "PASS get-vectors (hvc #0, r0=0xffffffff): returned, r0=0x40080620, EL1\n"
        "PASS set-vectors (hvc #0, r0=test_vectors2): returned, r0=0x400805a0, EL1\n"
        "PASS get-through-second-table (call __hyp_get_vectors): returned, r0=0x400805a0, EL1\n"
        "PASS set-back (call __hyp_set_vectors): returned, r0=0x40080620, EL1\n"
        "PASS get-again (hvc #0, r0=0xffffffff) [100/100]: returned, r0=0x40080620, EL1\n"
        "5 passed, 0 failed\n"
        "0 violations of linux-arm-hyp-stub 2012\n");
}

Test(armstub, v5_7_answers_every_call)
{
    expect_clean("arm-hyp-stub-v5.7.scn",
        "PASS boot: reached svc_main at EL1\n"
        "PASS set-vectors-refused (call __hyp_set_vectors): returned, r0=0xbadca11, EL1\n"
        "PASS old-reset-vectors-unknown (hvc #0, r0=2): returned, r0=0xbadca11, EL1\n"
        "PASS unknown-call (hvc #0, r0=42) [100/100]: returned, r0=0xbadca11, EL1\n"
        "PASS soft-restart (hvc #0, r0=1): landed, r0=0x1, EL2\n"
        "4 passed, 0 failed\n"
        "0 violations of linux-arm-hyp-stub v5.7\n");
    expect_clean("arm-hyp-stub-v5.7-zimage.scn",
        "PASS boot: reached svc_main at EL1\n"
        "PASS set-vectors (call __hyp_set_vectors): returned, r0=0x0, EL1\n"
        "PASS set-vectors-by-hvc (hvc #0, r0=0): returned, r0=0x0, EL1\n"
        "PASS old-reset-vectors-unknown (hvc #0, r0=2): returned, r0=0xbadca11, EL1\n"
        "PASS unknown-call (hvc #0, r0=42) [100/100]: returned, r0=0xbadca11, EL1\n"
        "PASS soft-restart (hvc #0, r0=1): landed, r0=0x1, EL2\n"
        "5 passed, 0 failed\n"
        "0 violations of linux-arm-hyp-stub v5.7\n");
}

/* The v4.12 scenario on a planted-bug build of its stub (or, with abi_version, checked
 * against another generation's model): exit 1, and these lines in this order. */
static void expect_findings(const char *image, const char *abi_version, const char *const *lines, const char *summary)
{
    g_autofree char *src = scn("arm-hyp-stub-v4.12.scn");
    g_autofree char *text = NULL;
    cr_assert(g_file_get_contents(src, &text, NULL, NULL));
    g_autofree char *img = g_strdup_printf("images = %s\n", image);
    g_auto(GStrv) parts = g_strsplit(text, "images = arm-hyp-stub-v4.12.elf\n", 2);
    cr_assert_eq(g_strv_length(parts), 2);
    g_autofree char *body = g_strconcat(parts[0], img, parts[1], NULL);
    g_autofree char *path = NULL;
    int fd = g_file_open_tmp("armstub-XXXXXX.scn", &path, NULL);
    cr_assert(fd >= 0);
    close(fd);
    cr_assert(g_file_set_contents(path, body, -1, NULL));
    const char *args[] = { "--abi", "linux-arm-hyp-stub", "--abi-version", abi_version, NULL };
    result r = scenario(path, abi_version ? args : NULL);
    g_unlink(path);
    cr_assert_eq(r.code, 1, "%s%s", r.out, r.err);
    const char *at = r.out;
    for (const char *const *l = lines; *l; l++) {
        const char *hit = strstr(at, *l);
        cr_assert_not_null(hit, "missing (in order) '%s' in:\n%s", *l, r.out);
        at = hit + strlen(*l);
    }
    cr_assert(g_str_has_suffix(r.out, summary), "'%s' does not end:\n%s", summary, r.out);
    g_free(r.out);
    g_free(r.err);
}

Test(armstub, clobbered_r4)
{
    expect_findings("arm-hyp-stub-v4.12-bug-clobber.elf", NULL, (const char *const[]){
        "FAIL set-vectors (hvc #0, r0=0): 1 ABI violation(s):\n"
        "clobbered-register: r4 = 0x40080640, expected 0x44\n"
        "    call     HVC_SET_VECTORS (r0=0x0) by hvc #0 at el2sim_caller, EL1  [linux-arm-hyp-stub v4.12]\n"
        "    returned eret at stub_ok+0x4 -> el2sim_caller+0x4\n"
        "    culprit  stub_set_vectors: mov r4, r1\n", NULL },
        "7 passed, 1 failed\n1 violation of linux-arm-hyp-stub v4.12\n");
}

Test(armstub, wrong_result)
{
    expect_findings("arm-hyp-stub-v4.12-bug-result.elf", NULL, (const char *const[]){
        "FAIL reset-vectors (hvc #0, r0=2): 1 ABI violation(s):\n"
        "wrong-result: r0 = 0x1, expected 0x0\n"
        "    why      result outside the values the ABI allows\n"
        "    call     HVC_RESET_VECTORS (r0=0x2) by hvc #0 at el2sim_caller, EL1  [linux-arm-hyp-stub v4.12]\n"
        "    returned eret at stub_reset_vectors+0xc -> el2sim_caller+0x4\n"
        "    culprit  stub_reset_vectors+0x8: mov r0, #1\n",
        "FAIL helper-reset-vectors (call __hyp_reset_vectors): 1 ABI violation(s):\n"
        "wrong-result: r0 = 0x1, expected 0x0\n", NULL },
        "6 passed, 2 failed\n2 violations of linux-arm-hyp-stub v4.12\n");
}

Test(armstub, caller_sp_corrupted)
{
    expect_findings("arm-hyp-stub-v4.12-bug-sp.elf", NULL, (const char *const[]){
        "FAIL set-vectors (hvc #0, r0=0): 1 ABI violation(s):\n"
        "clobbered-register: sp_svc = 0x402ffff0, expected 0x40300000\n"
        "    call     HVC_SET_VECTORS (r0=0x0) by hvc #0 at el2sim_caller, EL1  [linux-arm-hyp-stub v4.12]\n"
        "    returned eret at stub_ok+0x4 -> el2sim_caller+0x4\n"
        "    culprit  stub_set_vectors+0x8: msr sp_svc, r0\n", NULL },
        "7 passed, 1 failed\n1 violation of linux-arm-hyp-stub v4.12\n");
}

/* Hyp mode has no LR of its own: a BL in the stub writes LR_usr */
Test(armstub, bl_in_hyp_mode_clobbers_lr_usr)
{
    expect_findings("arm-hyp-stub-v4.12-bug-lr.elf", NULL, (const char *const[]){
        "FAIL reset-vectors (hvc #0, r0=2): 1 ABI violation(s):\n"
        "clobbered-register: lr_usr = 0x40080758, expected 0x4008ee00\n"
        "    call     HVC_RESET_VECTORS (r0=0x2) by hvc #0 at el2sim_caller, EL1  [linux-arm-hyp-stub v4.12]\n"
        "    returned eret at stub_ok+0x4 -> el2sim_caller+0x4\n"
        "    culprit  stub_reset_vectors: bl #0x40080760\n", NULL },
        "7 passed, 1 failed\n1 violation of linux-arm-hyp-stub v4.12\n");
}

Test(armstub, missing_hvc_stub_err)
{
    expect_findings("arm-hyp-stub-v4.12-bug-noerr.elf", NULL, (const char *const[]){
        "FAIL probe-stub-again (hvc #0, r0=0x7ab): 1 ABI violation(s):\n"
        "wrong-result: r0 = 0x0, expected 0xbadca11\n"
        "    why      an unknown function must return the ABI's error value\n"
        "    call     unknown function 0x7ab (r0=0x7ab) by hvc #0 at el2sim_caller, EL1  [linux-arm-hyp-stub v4.12]\n"
        "    returned eret at stub_ok+0x4 -> el2sim_caller+0x4\n"
        "    culprit  stub_ok: mov r0, #0\n",
        "FAIL unknown-call (hvc #0, r0=42): 1 ABI violation(s):\n"
        "wrong-result: r0 = 0x0, expected 0xbadca11\n", NULL },
        "5 passed, 3 failed\n2 violations of linux-arm-hyp-stub v4.12\n");
}

/* A v4.12 stub under the v5.7 model: HVC_RESET_VECTORS (2) is no function any more, and
 * the stub answers it 0 instead of HVC_STUB_ERR */
Test(armstub, older_generation_against_newer_model)
{
    expect_findings("arm-hyp-stub-v4.12.elf", "v5.7", (const char *const[]){
        "FAIL reset-vectors (hvc #0, r0=2): 1 ABI violation(s):\n"
        "wrong-result: r0 = 0x0, expected 0xbadca11\n"
        "    why      an unknown function must return the ABI's error value\n"
        "    call     unknown function 0x2 (r0=0x2) by hvc #0 at el2sim_caller, EL1  [linux-arm-hyp-stub v5.7]\n", NULL },
        "6 passed, 2 failed\n2 violations of linux-arm-hyp-stub v5.7\n");
}

/* el2sim CMD --arch aarch32 --cpu cortex-a15 STUB [ARGS] */
static result run_stub(const char *cmd, const char *name, const char *const *args)
{
    g_autofree char *img = g_build_filename(g_getenv("EL2_TEST_STUBS"), name, NULL);
    GPtrArray *argv = g_ptr_array_new();
    const char *head[] = { g_getenv("EL2SIM"), cmd, "-q", "--arch", "aarch32", "--cpu", "cortex-a15", img };
    for (unsigned i = 0; i < G_N_ELEMENTS(head); i++)
        if (strcmp(head[i], "-q") || !strcmp(cmd, "run"))
            g_ptr_array_add(argv, (char *)head[i]);
    for (const char *const *a = args; a && *a; a++)
        g_ptr_array_add(argv, (char *)*a);
    g_ptr_array_add(argv, NULL);
    result r = { 0 };
    int st;
    cr_assert(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &r.out, &r.err, &st, NULL));
    r.code = WEXITSTATUS(st);
    g_ptr_array_free(argv, TRUE);
    return r;
}

/* Each stub's own self-test (boot in Hyp mode, HVBAR, SVC mode calls every function and
 * checks r0-r12, sp, lr) exits 0 through semihosting; under the checker with its own
 * generation's model it has no finding. */
Test(armstub, self_tests_pass_with_no_finding)
{
    static const char *const gens[][2] = {
        { "arm-hyp-stub-2012.elf", "2012" }, { "arm-hyp-stub-v4.12.elf", "v4.12" },
        { "arm-hyp-stub-v5.7.elf", "v5.7" }, { "arm-hyp-stub-v5.7-zimage.elf", "v5.7" },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(gens); i++) {
        result r = run_stub("run", gens[i][0], NULL);
        cr_assert_eq(r.code, 0, "%s: %s%s", gens[i][0], r.out, r.err);
        cr_assert(strstr(r.err, "el2sim: stopped: semihosting exit (reason 0x20026, status 0) at fail+0xc ("),
                  "%s: %s", gens[i][0], r.err);
        g_free(r.out);
        g_free(r.err);
        r = run_stub("check", gens[i][0], (const char *const[]){ "--abi", "linux-arm-hyp-stub", "--abi-version",
                                                                  gens[i][1], NULL });
        g_autofree char *want = g_strdup_printf("0 violations of linux-arm-hyp-stub %s\n", gens[i][1]);
        cr_assert_eq(r.code, 0, "%s: %s%s", gens[i][0], r.out, r.err);
        cr_assert(g_str_has_suffix(r.out, want), "%s: %s", gens[i][0], r.out);
        g_free(r.out);
        g_free(r.err);
    }
}

/* The planted bugs fail the stub's own checks too (exit status = the failed check) */
Test(armstub, bug_self_tests_fail_their_check)
{
    static const struct { const char *bug; int status; } bugs[] = {
        { "clobber", 2 }, { "sp", 2 }, { "result", 6 }, { "noerr", 8 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(bugs); i++) {
        g_autofree char *name = g_strdup_printf("arm-hyp-stub-v4.12-bug-%s.elf", bugs[i].bug);
        result r = run_stub("run", name, NULL);
        cr_assert_eq(r.code, bugs[i].status, "%s: %s%s", name, r.out, r.err);
        g_free(r.out);
        g_free(r.err);
    }
}

/* --reserve takes the model's register names: r12 (ip, caller-saved on arm) made
 * preserved catches the second table's use of it */
Test(armstub, reserve_takes_aarch32_names)
{
    g_autofree char *f = scn("arm-hyp-stub-v4.12.scn");
    result r = scenario(f, (const char *const[]){ "--reserve", "r12", NULL });
    cr_assert_eq(r.code, 1, "%s%s", r.out, r.err);
    cr_assert(strstr(r.out, "FAIL probe-second-table (hvc #0, r0=0x7ab): 1 ABI violation(s):\n"
                            "clobbered-register: r12 = 0xcc, expected 0x12121212\n"
                            "    call     unknown function 0x7ab (r0=0x7ab) by hvc #0 at el2sim_caller, EL1  "
                            "[linux-arm-hyp-stub v4.12]\n"
                            "    returned eret at test2_trap+0x1c -> el2sim_caller+0x4\n"
                            "    culprit  test2_trap+0x18: mov ip, #0xcc\n"), "%s", r.out);
    cr_assert(g_str_has_suffix(r.out, "6 passed, 2 failed\n2 violations of linux-arm-hyp-stub v4.12\n"), "%s", r.out);
    g_free(r.out);
    g_free(r.err);
}

/* The JSON report of a 32-bit finding: register by its AArch32 name, instructions A32 */
Test(armstub, json_report_in_32_bit_terms)
{
    g_autofree char *src = scn("arm-hyp-stub-v4.12.scn");
    g_autofree char *text = NULL;
    cr_assert(g_file_get_contents(src, &text, NULL, NULL));
    g_auto(GStrv) parts = g_strsplit(text, "arm-hyp-stub-v4.12.elf", 2);
    g_autofree char *body = g_strjoinv("arm-hyp-stub-v4.12-bug-sp.elf", parts);
    g_autofree char *path = NULL, *json = NULL;
    int fd = g_file_open_tmp("armstub-XXXXXX.scn", &path, NULL);
    cr_assert(fd >= 0);
    close(fd);
    cr_assert(g_file_set_contents(path, body, -1, NULL));
    g_autofree char *report = g_strconcat(path, ".json", NULL);
    const char *argv[] = { g_getenv("EL2SIM"), "check", path, "-I", g_getenv("EL2_TEST_STUBS"), "--report", report,
                           NULL };
    int st;
    cr_assert(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                           NULL, NULL, NULL, &st, NULL));
    g_unlink(path);
    cr_assert_eq(WEXITSTATUS(st), 1);
    cr_assert(g_file_get_contents(report, &json, NULL, NULL));
    g_unlink(report);
    cr_assert_str_eq(json,
        "{\"abi\": \"linux-arm-hyp-stub\", \"version\": \"v4.12\", \"violations\": 1, \"findings\": [\n"
        "  {\"kind\": \"clobbered-register\", \"what\": \"sp_svc\", \"expected\": \"0x40300000\", \"actual\": "
        "\"0x402ffff0\", \"count\": 1, \"function\": \"HVC_SET_VECTORS\", \"fid\": \"0x0\", \"caller_el\": 1, "
        "\"call\": {\"pc\": \"0x47fff000\", \"symbol\": \"el2sim_caller\", \"insn\": \"hvc #0\"}, \"return\": "
        "{\"pc\": \"0x40080744\", \"symbol\": \"stub_ok+0x4\", \"insn\": \"eret\"}, \"culprit\": {\"pc\": "
        "\"0x40080750\", \"symbol\": \"stub_set_vectors+0x8\", \"insn\": \"msr sp_svc, r0\"}}\n"
        "]}\n");
}

/* The T32 build: Hyp mode entered in T32 (HSCTLR.TE); clean, and its culprits are found
 * and shown as T32 (16-bit mov, 32-bit msr banked) */
Test(armstub, t32_stub_and_t32_culprits)
{
    g_autofree char *src = scn("arm-hyp-stub-v4.12.scn");
    g_autofree char *text = NULL;
    cr_assert(g_file_get_contents(src, &text, NULL, NULL));
    static const char *const builds[][2] = {
        { "arm-hyp-stub-v4.12-t32.elf", NULL },
        { "arm-hyp-stub-v4.12-t32-bug-clobber.elf",
          "clobbered-register: r4 = 0x40080660, expected 0x44\n"
          "    call     HVC_SET_VECTORS (r0=0x0) by hvc #0 at el2sim_caller, EL1  [linux-arm-hyp-stub v4.12]\n"
          "    returned eret at stub_ok+0x4 -> el2sim_caller+0x4\n"
          "    culprit  stub_set_vectors: mov r4, r1\n" },
        { "arm-hyp-stub-v4.12-t32-bug-sp.elf",
          "clobbered-register: sp_svc = 0x402ffff0, expected 0x40300000\n"
          "    call     HVC_SET_VECTORS (r0=0x0) by hvc #0 at el2sim_caller, EL1  [linux-arm-hyp-stub v4.12]\n"
          "    returned eret at stub_ok+0x4 -> el2sim_caller+0x4\n"
          "    culprit  stub_set_vectors+0x8: msr sp_svc, r0\n" },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(builds); i++) {
        g_auto(GStrv) parts = g_strsplit(text, "arm-hyp-stub-v4.12.elf", 2);
        g_autofree char *body = g_strjoinv(builds[i][0], parts);
        g_autofree char *path = NULL;
        int fd = g_file_open_tmp("armstub-XXXXXX.scn", &path, NULL);
        cr_assert(fd >= 0);
        close(fd);
        cr_assert(g_file_set_contents(path, body, -1, NULL));
        result r = scenario(path, NULL);
        g_unlink(path);
        if (!builds[i][1]) {
            cr_assert_eq(r.code, 0, "%s: %s%s", builds[i][0], r.out, r.err);
            cr_assert(g_str_has_suffix(r.out, "8 passed, 0 failed\n0 violations of linux-arm-hyp-stub v4.12\n"), "%s",
                      r.out);
        } else {
            cr_assert_eq(r.code, 1, "%s: %s%s", builds[i][0], r.out, r.err);
            cr_assert(strstr(r.out, builds[i][1]), "%s: missing\n%s\nin:\n%s", builds[i][0], builds[i][1], r.out);
            cr_assert(g_str_has_suffix(r.out, "7 passed, 1 failed\n1 violation of linux-arm-hyp-stub v4.12\n"), "%s",
                      r.out);
        }
        g_free(r.out);
        g_free(r.err);
    }
}
