/* test_smpcheck.c - the ABI checker on several PEs (issue 20): calls followed per PE,
 * findings naming their PE, vbar-differs (tests/images/smp_stub.S and its planted bug
 * smp_stub_bug.S), the QEMU -smp 4 comparison of smp_stub, scenario calls on a given PE
 * (cpu = N) and call-on-off-cpu. */
#include <criterion/criterion.h>
#include <string.h>
#include <sys/wait.h>
#include "harness.h"
#include "qemu_smp.h"
#include "qemulog.h"
#include "sysreg.h"
#include "trace.h"

static harness *h;

static void teardown(void) { harness_free(h); h = NULL; }

TestSuite(smpcheck, .fini = teardown);

typedef struct { char *out, *err; int code; } result;

static result spawn(const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)g_getenv("EL2SIM"));
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(argv, (char *)*a);
    g_ptr_array_add(argv, NULL);
    result r = { 0 };
    int st;
    cr_assert(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &r.out, &r.err, &st, NULL));
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    g_ptr_array_free(argv, TRUE);
    return r;
}

static void result_clear(result *r)
{
    g_free(r->out);
    g_free(r->err);
}

static char *tmp_path(const char *name)
{
    return g_build_filename(g_get_tmp_dir(), name, NULL);
}

/* One token per event of PE cpu: the exception kind, ERET, MSR:NAME, STOP:kind */
static char *cpu_seq(harness *r, unsigned cpu)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < r->ev->len; i++) {
        const el2_event *e = hev(r, i);
        if (e->cpu != cpu + 1)
            continue;
        if (s->len)
            g_string_append_c(s, ' ');
        switch (e->kind) {
        case EV_EXC: g_string_append(s, exc_kind_name(e->exc)); break;
        case EV_ERET: g_string_append(s, "ERET"); break;
        case EV_SYSREG: g_string_append_printf(s, "MSR:%s", sysreg_table[e->sysreg].name); break;
        case EV_STOP: g_string_append_printf(s, "STOP:%s", stop_name(e->stop)); break;
        default: g_string_append(s, "?"); break;
        }
    }
    return g_string_free(s, FALSE);
}

#define SECONDARY "MSR:VBAR_EL2 MSR:VBAR_EL2 MSR:HCR_EL2 ERET HVC MSR:VBAR_EL2 ERET HVC MSR:VBAR_EL2 ERET SMC"

/* The done-when image: PE 0 starts PEs 1-3 with CPU_ON64 at EL2; each installs the stub,
 * drops to EL1 and makes HVC_SET_VECTORS (to kvm_vectors) and HVC_RESET_VECTORS (back to
 * the stub), each call answered on its own PE; the secondaries power off, PE 0 exits 0. */
Test(smpcheck, stub_on_every_cpu)
{
    g_autofree char *img = image_path("smp_stub.elf");
    h = harness_run(img, (const char *[]){ "--cpus", "4", NULL });
    cr_assert_null(h->error, "%s", h->error);
    cr_assert_eq(h->exit_code, 0, "exit %d", h->exit_code);
    const char *want[4] = {
        "MSR:VBAR_EL2 SMC ERET SMC ERET SMC ERET MSR:VBAR_EL2 MSR:HCR_EL2 ERET HVC MSR:VBAR_EL2 ERET HVC "
        "MSR:VBAR_EL2 ERET SMC ERET SMC ERET SMC ERET SEMIHOST STOP:semihosting-exit",
        SECONDARY, SECONDARY, SECONDARY,
    };
    uint64_t stub = 0, kvm = 0;
    cr_assert(symtab_lookup(h->m->syms, "__hyp_stub_vectors", &stub));
    cr_assert(symtab_lookup(h->m->syms, "kvm_vectors", &kvm));
    for (unsigned c = 0; c < 4; c++) {
        g_autofree char *got = cpu_seq(h, c);
        cr_assert_str_eq(got, want[c], "CPU %u", c);
        /* each PE's HVCs enter its own vectors: the stub's, then KVM's */
        unsigned n = 0;
        for (guint i = 0; i < h->ev->len; i++) {
            const el2_event *e = hev(h, i);
            if (e->cpu == c + 1 && e->kind == EV_EXC && e->exc == EXC_HVC)
                cr_assert_eq(e->target, (n++ ? kvm : stub) + 0x400, "CPU %u HVC %u: %s", c, n, hline(h, i));
        }
        cr_assert_eq(n, 2);
    }
}

/* Each PE's call pairs with its own ERET: with a quantum of 1 instruction the PEs' calls
 * interleave, and the checker, following them per PE, finds nothing. */
Test(smpcheck, calls_followed_per_pe)
{
    g_autofree char *img = image_path("smp_stub.elf");
    const char *quanta[] = { "1", "3", "1000" };
    for (unsigned q = 0; q < G_N_ELEMENTS(quanta); q++) {
        result r = spawn((const char *[]){ "check", "--cpus", "4", "--quantum", quanta[q], "--abi",
                                           "linux-hyp-stub", img, NULL });
        cr_assert_eq(r.code, 0, "quantum %s: %s%s", quanta[q], r.out, r.err);
        cr_assert_str_eq(r.out, "0 violations of linux-hyp-stub v5\n", "quantum %s", quanta[q]);
        result_clear(&r);
    }
}

/* The planted bug: PE 2 keeps the firmware's vectors. Its first stub call is vbar-differs
 * (once: its VBAR_EL2 stays the same), named by its PE in the text and the JSON. */
Test(smpcheck, planted_old_vectors)
{
    g_autofree char *img = image_path("smp_stub_bug.elf");
    g_autofree char *json = tmp_path("el2smpcheck.json");
    result r = spawn((const char *[]){ "check", "--cpus", "4", "--abi", "linux-hyp-stub", "--report", json, img,
                                       NULL });
    cr_assert_eq(r.code, 1, "%s%s", r.out, r.err);
    cr_assert_str_eq(r.out,
        "cpu2 vbar-differs: VBAR_EL2 = 0x40082800, expected 0x40080800\n"
        "    why      HVC_SET_VECTORS (x0=0) sent on cpu2 while its VBAR_EL2 = boot_vectors (installed at "
        "smp_stub_secondary+0x4: msr vbar_el2, x1), but cpu0 installed __hyp_stub_vectors: linux-hyp-stub v5 "
        "installs the stub on every CPU (per-cpu = every)\n"
        "    call     HVC_SET_VECTORS (x0=0x0) by hvc #0 at stub_call_set, EL1  [linux-hyp-stub v5]\n"
        "    culprit  smp_stub_secondary+0x4: msr vbar_el2, x1\n"
        "1 violation of linux-hyp-stub v5\n");
    result_clear(&r);
    g_autofree char *text = NULL;
    cr_assert(g_file_get_contents(json, &text, NULL, NULL));
    cr_assert(strstr(text, "{\"kind\": \"vbar-differs\", \"cpu\": 2, \"what\": \"VBAR_EL2\", \"expected\": "
                           "\"0x40080800\", \"actual\": \"0x40082800\", "), "%s", text);
    remove(json);
    /* the same image on one PE: nothing to compare with, and a one-PE report has no cpu */
    r = spawn((const char *[]){ "check", "--abi", "linux-hyp-stub", "--report", json, img, NULL });
    cr_assert_str_eq(r.out, "0 violations of linux-hyp-stub v5\n");
    result_clear(&r);
    /* an ABI that makes no claim about other CPUs (per-cpu = any): no finding */
    g_autofree char *abi = tmp_path("el2smpcheck.abi");
    g_autofree char *v5 = NULL;
    g_autofree char *models = g_build_filename(g_getenv("EL2_MODELS"), "abi", "linux-hyp-stub-v5.abi", NULL);
    cr_assert(g_file_get_contents(models, &v5, NULL, NULL), "%s", models);
    GString *any = g_string_new(v5);
    cr_assert(g_string_replace(any, "per-cpu=every", "per-cpu=any", 0) == 1);
    cr_assert(g_file_set_contents(abi, any->str, -1, NULL));
    r = spawn((const char *[]){ "check", "--cpus", "4", "--abi", abi, img, NULL });
    cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
    cr_assert_str_eq(r.out, "0 violations of linux-hyp-stub v5\n");
    result_clear(&r);
    g_string_replace(any, "per-cpu=any", "per-cpu=most", 0);
    cr_assert(g_file_set_contents(abi, any->str, -1, NULL));
    r = spawn((const char *[]){ "check", "--cpus", "4", "--abi", abi, img, NULL });
    cr_assert_eq(r.code, 2, "%s%s", r.out, r.err);
    g_autofree char *want = g_strdup_printf("el2sim check: %s: [abi] per-cpu: 'most' is neither every nor any\n", abi);
    cr_assert_str_eq(r.err, want);
    result_clear(&r);
    g_string_free(any, TRUE);
    remove(abi);
    remove(json);
}

/* smp_stub under QEMU 7.2 -smp 4 and el2sim --cpus 4, on both CPU pairs of the
 * differential: each CPU's own sequence of exceptions and returns must be equal (as
 * smp::qemu_per_cpu_sequences does for smp_hvc; the interleavings differ; qemu_smp.c). */
Test(smpcheck, qemu_per_cpu_sequences, .timeout = 240)
{
    g_autofree char *qemu = g_find_program_in_path("qemu-system-aarch64");
    if (!qemu)
        cr_skip_test("qemu-system-aarch64 not installed");
    g_autofree char *img = image_path("smp_stub.elf");
    for (unsigned p = 0; p < G_N_ELEMENTS(qemu_smp_pairs); p++)
        qemu_smp_compare(qemu, img, &qemu_smp_pairs[p], 4, 4);
}

/* ---- scenarios: cpu = N ---- */

static const char scn_cpu[] =
    "[machine]\nimages = smp_scn_cpu.elf\ncpus = 3\n\n"
    "[setup]\nmode = install\nvbar_el2 = park_vectors\nhcr_el2 = 0x80000000\n\n"
    "[call start1]\ncall = start_pe\nx1 = 1\nexpect.x0 = 0\n\n"
    "[call early1]\ncpu = 1\nhvc = 0\nx0 = 0\n\n"
    "[call spin]\ncall = spin_some\n\n"
    "[call on1]\ncpu = 1\nel = 1\nhvc = 0\nx0 = 0\nexpect.x1 = 1\n\n"
    "[call on0]\nhvc = 0\nx0 = 0\nexpect.x1 = 0\n\n"
    "[call again1]\ncpu = 1\nhvc = 0\nx0 = 0\nexpect.x1 = 1\n\n"
    "[call off2]\ncpu = 2\nhvc = 0\nx0 = 0\n";

/* A call runs on the PE cpu = N names (its vectors answer with its MPIDR Aff0 in x1); the
 * PE whose call returned waits there while other PEs' calls run. A PE whose CPU_ON has not
 * taken effect, or that was never started, cannot take a call: the call fails (and under
 * an ABI it is call-on-off-cpu, on that PE) and the next call goes on. */
Test(smpcheck, scenario_cpu)
{
    g_autofree char *scn = tmp_path("el2smpcheck.scn");
    cr_assert(g_file_set_contents(scn, scn_cpu, -1, NULL));
    const char *images = g_getenv("EL2_TEST_IMAGES");
    result r = spawn((const char *[]){ "scenario", scn, "-I", images, NULL });
    cr_assert_eq(r.code, 1, "%s%s", r.out, r.err);
    cr_assert_str_eq(r.out,
        "PASS start1 (call start_pe): returned, x0=0x0, EL1, 572 cycles\n"
        "FAIL early1 (hvc #0, x0=0): CPU 1 is powering up (its PSCI CPU_ON has not taken effect yet): a call cannot "
        "be made on a PE before it is on\n"
        "PASS spin (call spin_some): returned, x0=0x0, EL1, 12004 cycles\n"
        "PASS on1 (hvc #0, x0=0): returned, x0=0x0, EL1, 170 cycles\n"
        "PASS on0 (hvc #0, x0=0): returned, x0=0x0, EL1, 170 cycles\n"
        "PASS again1 (hvc #0, x0=0): returned, x0=0x0, EL1, 170 cycles\n"
        "FAIL off2 (hvc #0, x0=0): CPU 2 was never started (PSCI CPU_ON): a call cannot be made on a PE that is off\n"
        "5 passed, 2 failed\n");
    result_clear(&r);
    g_autofree char *json = tmp_path("el2smpcheck-scn.json");
    r = spawn((const char *[]){ "check", scn, "-I", images, "--abi", "linux-hyp-stub", "--report", json, NULL });
    cr_assert_eq(r.code, 1, "%s%s", r.out, r.err);
    cr_assert(strstr(r.out, "FAIL off2 (hvc #0, x0=0): 1 ABI violation(s):\n"
                            "cpu2 call-on-off-cpu: off2 (hvc #0, x0=0)\n"
                            "    why      CPU 2 was never started (PSCI CPU_ON): a call cannot be made on a PE that is "
                            "off\n5 passed, 2 failed\n2 violations of linux-hyp-stub v5\n"), "%s", r.out);
    cr_assert(strstr(r.out, "PASS on1 (hvc #0, x0=0): returned, x0=0x0, EL1, 170 cycles\n"), "%s", r.out);
    result_clear(&r);
    g_autofree char *text = NULL;
    cr_assert(g_file_get_contents(json, &text, NULL, NULL));
    cr_assert(strstr(text, "{\"kind\": \"call-on-off-cpu\", \"cpu\": 1, \"what\": \"early1 (hvc #0, x0=0)\", "
                           "\"count\": 1, \"detail\": \"CPU 1 is powering up "), "%s", text);
    remove(json);
    remove(scn);
}

/* cpu = N outside the machine's PEs: one line with file:line, exit 2 */
Test(smpcheck, scenario_cpu_bad)
{
    g_autofree char *scn = tmp_path("el2smpcheck-bad.scn");
    const char *images = g_getenv("EL2_TEST_IMAGES");
    struct { const char *from, *to, *cmd, *line; } cases[] = {
        { "cpus = 3\n", "cpus = 2\n", "scenario", "%s:42: [call off2] cpu: '2': the machine has 2 PEs (cpu = 0 to 1)" },
        { "cpus = 3\n", "", "scenario",
          "%s:15: [call early1] cpu: '1': the machine has one PE (cpu = 0); [machine] cpus = N gives it more" },
        { "cpu = 2\n", "cpu = two\n", "check", "%s:42: [call off2] cpu: 'two': the machine has 3 PEs (cpu = 0 to 2)" },
    };
    for (unsigned k = 0; k < G_N_ELEMENTS(cases); k++) {
        GString *t = g_string_new(scn_cpu);
        cr_assert_eq(g_string_replace(t, cases[k].from, cases[k].to, 1), 1);
        cr_assert(g_file_set_contents(scn, t->str, -1, NULL));
        g_string_free(t, TRUE);
        result r = spawn((const char *[]){ cases[k].cmd, scn, "-I", images, "--abi", "linux-hyp-stub", NULL });
        g_autofree char *line = g_strdup_printf(cases[k].line, scn);
        g_autofree char *want = g_strdup_printf("el2sim %s: %s\n", cases[k].cmd, line);
        cr_assert_eq(r.code, 2, "%s%s", r.out, r.err);
        cr_assert_str_eq(r.err, want);
        cr_assert_str_eq(r.out, "");
        result_clear(&r);
    }
    remove(scn);
}

/* The beyond-the-stub options run per PE: --stub-vectors finds on every PE the
 * HVC_RESET_VECTORS that KVM's vectors answer (stub-gone, each on its PE);
 * --relocate-vectors is refused with several PEs (one copy of the table for all is not
 * modelled yet). */
Test(smpcheck, beyond_options_per_pe)
{
    g_autofree char *img = image_path("smp_stub.elf");
    result r = spawn((const char *[]){ "check", "--cpus", "4", "--abi", "linux-hyp-stub", "--stub-vectors",
                                       "__hyp_stub_vectors", img, NULL });
    cr_assert_eq(r.code, 1, "%s%s", r.out, r.err);
    for (unsigned c = 0; c < 4; c++) {
        g_autofree char *want = g_strdup_printf("cpu%u stub-gone: VBAR_EL2 = 0x40081800, expected 0x40080800\n"
                                                "    why      HVC_RESET_VECTORS (x0=2) sent while VBAR_EL2 = "
                                                "kvm_vectors (installed at stub_sync+0x8: msr vbar_el2, x1, by "
                                                "HVC_SET_VECTORS from stub_call_set), ", c);
        cr_assert(strstr(r.out, want), "%s", r.out);
    }
    cr_assert(g_str_has_suffix(r.out, "\n4 violations of linux-hyp-stub v5\n"), "%s", r.out);
    result_clear(&r);
    r = spawn((const char *[]){ "check", "--cpus", "4", "--abi", "linux-hyp-stub", "--relocate-vectors", img, NULL });
    cr_assert_eq(r.code, 2, "%s%s", r.out, r.err);
    cr_assert_str_eq(r.err, "el2sim check: --relocate-vectors: not with several PEs (--cpus 4) yet\n");
    result_clear(&r);
}

/* A call on a PE that powered itself down (PSCI CPU_OFF; smp_scn's PE 1 stores its
 * context ID and calls CPU_OFF) fails with that reason. */
Test(smpcheck, scenario_cpu_after_cpu_off)
{
    g_autofree char *scn = tmp_path("el2smpcheck-off.scn");
    cr_assert(g_file_set_contents(scn, "[machine]\nimages = smp_scn.elf\ncpus = 2\n\n[setup]\nmode = install\n\n"
                                       "[call start]\ncall = start_pe1\n\n[call wait]\ncall = wait_seen\n"
                                       "expect.x0 = 0x77\n\n[call off]\ncall = affinity1\nexpect.x0 = 1\n\n"
                                       "[call on1]\ncpu = 1\nhvc = 0\n", -1, NULL));
    result r = spawn((const char *[]){ "scenario", scn, "-I", g_getenv("EL2_TEST_IMAGES"), NULL });
    cr_assert_eq(r.code, 1, "%s%s", r.out, r.err);
    cr_assert(g_str_has_suffix(r.out, "PASS off (call affinity1): returned, x0=0x1, EL1, 572 cycles\n"
                                      "FAIL on1 (hvc #0, x0=-): CPU 1 is off (PSCI CPU_OFF): a call cannot be made on "
                                      "a PE that is off\n3 passed, 1 failed\n"), "%s", r.out);
    result_clear(&r);
    remove(scn);
}

/* --trace with several PEs: a finding made on PE 2 is an event of PE 2 in the trace (the
 * PEs' checkers report through the attached checker's finding observer; PE 2's was not
 * heard before) */
Test(smpcheck, findings_in_the_trace_per_pe)
{
    g_autofree char *img = image_path("smp_stub_bug.elf");
    g_autofree char *t = tmp_path("el2smpcheck.trace");
    result r = spawn((const char *[]){ "check", "--cpus", "4", "--abi", "linux-hyp-stub", "--trace", t, img, NULL });
    cr_assert_eq(r.code, 1, "%s%s", r.out, r.err);
    result_clear(&r);
    el2_trace *tr = trace_read_file(t, NULL);
    cr_assert_not_null(tr);
    cr_assert_null(tr->error, "%s", tr->error);
    unsigned n = 0;
    for (guint i = 0; i < tr->events->len; i++) {
        const el2_event *e = &g_array_index(tr->events, el2_event, i);
        if (e->kind != EV_FINDING)
            continue;
        n++;
        cr_assert_eq(e->cpu, 3, "the finding is PE 2's");
        cr_assert(g_str_has_prefix(e->note, "vbar-differs: VBAR_EL2 = 0x40082800, expected 0x40080800 in "
                                            "HVC_SET_VECTORS ("), "%s", e->note);
    }
    cr_assert_eq(n, 1);
    trace_free(tr);
    remove(t);
}
