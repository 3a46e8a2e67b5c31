/* test_smp.c - several PEs (issue 20, first step): --cpus, --quantum, the interleaving,
 * PSCI CPU_ON/CPU_OFF/AFFINITY_INFO, per-PE event lines and traces (tests/images/smp_*.S). */
#include <criterion/criterion.h>
#include <string.h>
#include <sys/wait.h>
#include "firmware.h"
#include "harness.h"
#include "qemu_smp.h"
#include "qemulog.h"
#include "sysreg.h"
#include "trace.h"

static harness *h;

static void teardown(void) { harness_free(h); h = NULL; }

static harness *run_image(const char *name, const char *const *opts)
{
    g_autofree char *img = image_path(name);
    harness *r = harness_run(img, opts);
    cr_assert_null(r->error, "%s: %s", name, r->error);
    return r;
}

static uint64_t sym(harness *r, const char *name)
{
    uint64_t a = 0;
    cr_assert(symtab_lookup(r->m->syms, name, &a), "no symbol %s", name);
    return a;
}

/* The events of PE cpu (el2_event.cpu = cpu + 1), as indexes into r->ev */
static GArray *of_cpu(harness *r, unsigned cpu)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 0; i < r->ev->len; i++)
        if (hev(r, i)->cpu == cpu + 1)
            g_array_append_val(a, i);
    return a;
}

/* One token per event of PE cpu: the exception kind, ERET, MSR:NAME, STOP:kind */
static char *cpu_seq(harness *r, unsigned cpu)
{
    g_autoptr(GArray) idx = of_cpu(r, cpu);
    GString *s = g_string_new(NULL);
    for (guint k = 0; k < idx->len; k++) {
        const el2_event *e = hev(r, g_array_index(idx, guint, k));
        if (k)
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

static void assert_cpu_seq(harness *r, unsigned cpu, const char *want)
{
    g_autofree char *got = cpu_seq(r, cpu);
    if (strcmp(got, want))
        harness_dump(r);
    cr_assert_str_eq(got, want, "CPU %u", cpu);
}

#define BOOT_SEQ "MSR:VBAR_EL2 SMC ERET SMC ERET SMC ERET SMC ERET SMC ERET SMC ERET SMC ERET SMC ERET " \
                 "SMC ERET SMC ERET HVC ERET SEMIHOST STOP:semihosting-exit"
#define SECONDARY_SEQ "MSR:VBAR_EL2 HVC ERET SMC"

TestSuite(smp, .fini = teardown);

/* The boot PE brings up three with CPU_ON64; each installs its vectors, makes an HVC call,
 * arrives at the shared counter (LDXR/STXR) and powers off; the boot PE exits 0. */
Test(smp, psci_bring_up)
{
    h = run_image("smp_psci.elf", (const char *[]){ "--cpus", "4", NULL });
    cr_assert_eq(h->exit_code, 0, "exit %d", h->exit_code);
    for (guint i = 0; i < h->ev->len; i++)
        cr_assert(hev(h, i)->cpu >= 1 && hev(h, i)->cpu <= 4, "event %u has no PE", i);
    assert_cpu_seq(h, 0, BOOT_SEQ);
    for (unsigned c = 1; c < 4; c++)
        assert_cpu_seq(h, c, SECONDARY_SEQ);

    /* the firmware's answers to the boot PE, in order (x0 of each EL3 return):
       FEATURES(CPU_ON64), AFFINITY_INFO 3 (OFF), 0 (ON), CPU_ON 1, CPU_ON 1 again
       (ON_PENDING), AFFINITY_INFO 1 (ON_PENDING), CPU_ON 2, 3, CPU_ON of MPIDR 7
       (INVALID_PARAMETERS), of itself (ALREADY_ON) */
    const uint64_t want[] = { 0, 1, 0, 0, PSCI_ON_PENDING, 2, 0, 0, PSCI_INVALID_PARAMETERS, PSCI_ALREADY_ON };
    const char *at[] = { "smp_features", "smp_aff_off", "smp_aff_self", "smp_on1", "smp_on1_again",
                         "smp_aff_pending", "smp_on2", "smp_on3", "smp_on_none", "smp_on_self" };
    g_autoptr(GArray) boot = of_cpu(h, 0);
    for (unsigned k = 0; k < G_N_ELEMENTS(want); k++) {
        const el2_event *call = hev(h, g_array_index(boot, guint, 1 + 2 * k));
        const el2_event *ret = hev(h, g_array_index(boot, guint, 2 + 2 * k));
        cr_assert_eq(call->exc, EXC_FIRMWARE);
        cr_assert_eq(call->pc, sym(h, at[k]), "call %u", k);
        cr_assert_eq(ret->kind, EV_ERET);
        cr_assert_eq(ret->from_el, 3);
        cr_assert_eq(ret->to_el, 2);
        cr_assert_eq(ret->value, want[k], "%s: x0 = 0x%lx, want 0x%lx", at[k], (unsigned long)ret->value,
                     (unsigned long)want[k]);
    }
    /* each secondary: its vectors, an HVC from EL2 to its handler with x0 = 0x200 + N
       (its context ID was N: the image checked MPIDR_EL1 and VMPIDR_EL2 Aff0 = N), then
       CPU_OFF, which never returns */
    for (unsigned c = 1; c < 4; c++) {
        g_autoptr(GArray) idx = of_cpu(h, c);
        const el2_event *msr = hev(h, g_array_index(idx, guint, 0));
        const el2_event *hvc = hev(h, g_array_index(idx, guint, 1));
        const el2_event *eret = hev(h, g_array_index(idx, guint, 2));
        const el2_event *off = hev(h, g_array_index(idx, guint, 3));
        cr_assert_eq(msr->value, sym(h, "smp_vectors"));
        cr_assert_eq(msr->pc, sym(h, "smp_vbar"));
        cr_assert_eq(hvc->exc, EXC_HVC);
        cr_assert_eq(hvc->from_el, 2);
        cr_assert_eq(hvc->to_el, 2);
        cr_assert_eq(hvc->esr, 0x5a000000u);
        cr_assert_eq(hvc->target, sym(h, "smp_hvc_handler"));
        cr_assert_eq(hvc->x[0], 0x200u + c);
        cr_assert_eq(eret->x[0], 0x201u + c);
        cr_assert_eq(eret->target, sym(h, "smp_hvc") + 4);
        cr_assert_eq(off->exc, EXC_FIRMWARE);
        cr_assert_eq(off->value, PSCI_CPU_OFF);
        cr_assert_eq(off->pc, sym(h, "smp_off"));
        /* a PE's stamps are its own: each secondary ran the same code */
        cr_assert_eq(hvc->insns, 25);
    }
    /* the event line says which PE */
    cr_assert(g_str_has_prefix(hline(h, 0), "cpu0 "), "%s", hline(h, 0));
    g_autoptr(GArray) c2 = of_cpu(h, 2);
    cr_assert(g_str_has_prefix(hline(h, g_array_index(c2, guint, 0)), "cpu2 "));
}

/* Each PE's own events are the same whatever the quantum; only their interleaving moves
 * (a quantum of 1 ends a turn at every block start after the first: the turn's first
 * block always runs, or a block longer than the quantum would never run). */
Test(smp, per_cpu_sequences_do_not_depend_on_the_quantum)
{
    const char *quanta[] = { "1", "7", "1000", "1000000" };
    guint first_cpu1[G_N_ELEMENTS(quanta)];
    for (unsigned q = 0; q < G_N_ELEMENTS(quanta); q++) {
        h = run_image("smp_psci.elf", (const char *[]){ "--cpus", "4", "--quantum", quanta[q], NULL });
        cr_assert_eq(h->exit_code, 0, "--quantum %s: exit %d", quanta[q], h->exit_code);
        assert_cpu_seq(h, 0, BOOT_SEQ);
        for (unsigned c = 1; c < 4; c++)
            assert_cpu_seq(h, c, SECONDARY_SEQ);
        g_autoptr(GArray) c1 = of_cpu(h, 1);
        first_cpu1[q] = g_array_index(c1, guint, 0);
        g_autoptr(GArray) c3 = of_cpu(h, 3);
        cr_assert_eq(hev(h, g_array_index(c3, guint, 3))->insns, 45);   /* CPU_OFF: its own count */
        harness_free(h);
        h = NULL;
    }
    /* quantum 1: PE 1 starts right after the boot PE's turn with CPU_ON in it and runs a
       block a turn: its MSR comes after the boot PE's next call (events 9-10), long before
       the boot PE's HVC; with a quantum the boot PE's calls do not use up: after them all */
    cr_assert_eq(first_cpu1[0], 11, "quantum 1: PE 1's first event is event %u", first_cpu1[0]);
    cr_assert_eq(first_cpu1[2], 23, "quantum 1000: PE 1's first event is event %u", first_cpu1[2]);
}

/* No PE can run: PE 1 in WFI with nothing to wake it after the boot PE's CPU_OFF
 * (exit 5, the STOP on PE 1), or every PE off. */
Test(smp, run_ends_when_no_pe_can_run)
{
    h = run_image("smp_idle.elf", (const char *[]){ "--cpus", "2", NULL });
    cr_assert_eq(h->exit_code, 5);
    const el2_event *stop = hev(h, h->ev->len - 1);
    cr_assert_eq(stop->kind, EV_STOP);
    cr_assert_eq(stop->stop, STOP_WFI);
    cr_assert_eq(stop->cpu, 2);
    cr_assert_eq(stop->pc, sym(h, "idle_wfi"));
    cr_assert_str_eq(h->m->cpu->stop_msg, "no PE can run any more: each is off (PSCI CPU_OFF) or waits in WFI "
                     "with nothing to wake it; last to sleep: CPU 1: EL2 executed WFI at idle_wfi with nothing "
                     "to wake it (no interrupt pending, no timer armed, no --irq to come): it would sleep forever");
    assert_cpu_seq(h, 0, "SMC ERET SMC");
    assert_cpu_seq(h, 1, "STOP:wfi");
    harness_free(h);

    h = run_image("smp_idle.elf", (const char *[]){ "--cpus", "2", "--reg", "x19=1", NULL });
    cr_assert_eq(h->exit_code, 5);
    cr_assert_str_eq(h->m->cpu->stop_msg, "no PE can run any more: each is off (PSCI CPU_OFF) or waits in WFI "
                     "with nothing to wake it");
    assert_cpu_seq(h, 0, "SMC ERET SMC");
    assert_cpu_seq(h, 1, "SMC STOP:wfi");
    cr_assert_eq(hev(h, h->ev->len - 2)->value, PSCI_CPU_OFF);
}

/* The budget is each PE's, whatever the turns: reached in the first turn or a later one,
 * the message names it, not the end of a turn. */
Test(smp, budget_per_pe)
{
    h = run_image("smp_psci.elf", (const char *[]){ "--cpus", "4", "--max-insns", "50", NULL });
    cr_assert_eq(h->exit_code, EXIT_BUDGET);
    cr_assert(g_str_has_prefix(h->m->cpu->stop_msg, "instruction budget of 50 exhausted at "), "%s",
              h->m->cpu->stop_msg);
    harness_free(h);
    h = run_image("smp_psci.elf", (const char *[]){ "--cpus", "4", "--quantum", "10", "--max-insns", "50", NULL });
    cr_assert_eq(h->exit_code, EXIT_BUDGET);
    cr_assert(g_str_has_prefix(h->m->cpu->stop_msg, "instruction budget of 50 exhausted at "), "%s",
              h->m->cpu->stop_msg);
    cr_assert_eq(h->m->cpu->index, 0, "the boot PE reaches 50 first");
    cr_assert_leq(h->m->cpu->insns, 50);
}

/* One PE, with or without --cpus 1: the lines as before (no PE number), and the PSCI
 * CPU lifecycle is not there (CPU_ON: NOT_SUPPORTED, as before). */
Test(smp, one_pe_as_before)
{
    h = run_image("smc_firmware.elf", NULL);
    harness *one = run_image("smc_firmware.elf", (const char *[]){ "--cpus", "1", NULL });
    cr_assert_eq(h->lines->len, one->lines->len);
    for (guint i = 0; i < h->lines->len; i++) {
        cr_assert_str_eq(hline(h, i), hline(one, i));
        cr_assert_eq(hev(one, i)->cpu, 0);
        cr_assert(!g_str_has_prefix(hline(one, i), "cpu"));
    }
    cr_assert_null(one->m->smp);
    harness_free(one);
    harness_free(h);
    h = run_image("smp_idle.elf", NULL);
    cr_assert_eq(h->exit_code, 1);
    cr_assert_eq(hev(h, 1)->value, SMCCC_NOT_SUPPORTED);
}

/* ---- the binaries ---- */

typedef struct { char *out, *err; int code; } result;

static result spawn(const char *prog, const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)g_getenv(prog));
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

static void assert_bad(const char *prog, const char *const *args, const char *line)
{
    result r = spawn(prog, args);
    g_autofree char *want = g_strconcat(line, "\n", NULL);
    cr_assert_eq(r.code, 2, "exit %d: %s", r.code, r.err);
    cr_assert_str_eq(r.err, want);
    g_free(r.out);
    g_free(r.err);
}

Test(smp, bad_values)
{
    g_autofree char *img = image_path("smp_psci.elf");
    assert_bad("EL2SIM", (const char *[]){ "run", "--cpus", "0", img, NULL },
               "el2sim run: --cpus 0: expected a number of PEs from 1 to 8");
    assert_bad("EL2SIM", (const char *[]){ "run", "--cpus", "99", img, NULL },
               "el2sim run: --cpus 99: expected a number of PEs from 1 to 8");
    assert_bad("EL2SIM", (const char *[]){ "run", "--cpus", "two", img, NULL },
               "el2sim run: --cpus two: expected a number of PEs from 1 to 8");
    assert_bad("EL2SIM", (const char *[]){ "run", "--cpus", "4", "--quantum", "0", img, NULL },
               "el2sim run: --quantum 0: expected a positive number of instructions");
    assert_bad("EL2SIM", (const char *[]){ "run", "--quantum", "-3", img, NULL },
               "el2sim run: --quantum -3: expected a positive number of instructions");
}

static char *tmp_path(const char *name)
{
    return g_build_filename(g_get_tmp_dir(), name, NULL);
}

/* Same inputs, byte-identical traces; a trace of several PEs is 1.3 and says each event's
 * PE (el2trace dump and filter --cpu); one PE's is still 1.2. */
Test(smp, traces)
{
    g_autofree char *img = image_path("smp_psci.elf");
    g_autofree char *t1 = tmp_path("el2smp-1.trace"), *t2 = tmp_path("el2smp-2.trace");
    g_autofree char *t3 = tmp_path("el2smp-3.trace");
    for (int k = 0; k < 2; k++) {
        result r = spawn("EL2SIM", (const char *[]){ "run", "-q", "--cpus", "4", "--quantum", "5", "--trace",
                                                     k ? t2 : t1, img, NULL });
        cr_assert_eq(r.code, 0, "%s", r.err);
        g_free(r.out);
        g_free(r.err);
    }
    g_autofree char *a = NULL, *b = NULL;
    gsize la, lb;
    cr_assert(g_file_get_contents(t1, &a, &la, NULL) && g_file_get_contents(t2, &b, &lb, NULL));
    cr_assert_eq(la, lb);
    cr_assert(!memcmp(a, b, la), "two runs gave different traces");
    cr_assert_eq((unsigned char)a[9], 3, "format 1.3");

    el2_trace *t = trace_read_file(t1, NULL);
    cr_assert_not_null(t);
    cr_assert_null(t->error, "%s", t->error);
    cr_assert_eq(t->cpus, 4);
    unsigned per[4] = { 0 };
    for (guint i = 0; i < t->events->len; i++) {
        const el2_event *e = &g_array_index(t->events, el2_event, i);
        cr_assert(e->cpu >= 1 && e->cpu <= 4);
        per[e->cpu - 1]++;
    }
    cr_assert_eq(per[0], 25);
    cr_assert_eq(per[1], 4);
    cr_assert_eq(per[2], 4);
    cr_assert_eq(per[3], 4);
    trace_free(t);

    result r = spawn("EL2TRACE", (const char *[]){ "filter", t1, "--cpu", "2", NULL });
    cr_assert_eq(r.code, 0, "%s", r.err);
    g_auto(GStrv) lines = g_strsplit(r.out, "\n", -1);
    cr_assert_eq(g_strv_length(lines), 5, "%s", r.out);
    for (int i = 0; i < 4; i++)
        cr_assert(g_str_has_prefix(lines[i], "cpu2 "), "%s", lines[i]);
    cr_assert(strstr(lines[1], "HVC         EL2->EL2  smp_hvc "), "%s", lines[1]);
    g_free(r.out);
    g_free(r.err);
    assert_bad("EL2TRACE", (const char *[]){ "filter", t1, "--cpu", "4", NULL },
               "el2trace filter: --cpu 4: the trace has 4 PEs (0-3)");
    r = spawn("EL2TRACE", (const char *[]){ "dump", t1, "--header", NULL });
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert(g_str_has_prefix(r.out, "# el2sim trace 1.3 by el2sim "), "%s", r.out);
    cr_assert(strstr(r.out, "\n# 4 PEs\n"), "%s", r.out);
    cr_assert(strstr(r.out, "\ncpu3 "), "%s", r.out);
    g_free(r.out);
    g_free(r.err);
    r = spawn("EL2TRACE", (const char *[]){ "json", t1, NULL });
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert(g_str_has_prefix(r.out, "{\"index\": 0, \"kind\": \"sysreg\", \"cpu\": 0, "), "%s", r.out);
    g_free(r.out);
    g_free(r.err);

    g_autofree char *one = image_path("smc_firmware.elf");
    r = spawn("EL2SIM", (const char *[]){ "run", "-q", "--trace", t3, one, NULL });
    cr_assert_eq(r.code, 0, "%s", r.err);
    g_free(r.out);
    g_free(r.err);
    g_autofree char *c = NULL;
    gsize lc;
    cr_assert(g_file_get_contents(t3, &c, &lc, NULL));
    cr_assert_eq((unsigned char)c[9], 2, "a one-PE trace stays 1.2");
    remove(t1);
    remove(t2);
    remove(t3);
}

/* el2trace pairs each call with its return on its own PE: with a quantum of 1 the PEs'
 * calls and returns interleave (a pairing over all events took another PE's return). */
Test(smp, el2trace_pairs_calls_per_pe)
{
    g_autofree char *img = image_path("smp_psci.elf");
    g_autofree char *t1 = tmp_path("el2smp-q1.trace");
    result r = spawn("EL2SIM", (const char *[]){ "run", "-q", "--cpus", "4", "--quantum", "1", "--trace", t1, img,
                                                 NULL });
    cr_assert_eq(r.code, 0, "%s", r.err);
    g_free(r.out);
    g_free(r.err);
    r = spawn("EL2TRACE", (const char *[]){ "stats", t1, NULL });
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\ncycles per HVC call (4 calls): min 92  median 92  max 92\n"), "%s", r.out);
    cr_assert_null(strstr(r.out, "left out"), "%s", r.out);
    g_free(r.out);
    g_free(r.err);
    r = spawn("EL2TRACE", (const char *[]){ "filter", t1, "--fid", "0x201", NULL });
    cr_assert_eq(r.code, 0, "%s", r.err);
    g_auto(GStrv) lines = g_strsplit(r.out, "\n", -1);
    cr_assert_eq(g_strv_length(lines), 3, "%s", r.out);
    cr_assert(g_str_has_prefix(lines[0], "cpu1 ") && strstr(lines[0], "HVC"), "%s", lines[0]);
    cr_assert(g_str_has_prefix(lines[1], "cpu1 ") && strstr(lines[1], "ERET"), "%s", lines[1]);
    g_free(r.out);
    g_free(r.err);
    /* Perfetto: a process per PE, each PE's HVC call a slice in its own */
    g_autofree char *pj = tmp_path("el2smp-q1.json");
    r = spawn("EL2TRACE", (const char *[]){ "export", "--perfetto", pj, t1, NULL });
    cr_assert_eq(r.code, 0, "%s", r.err);
    g_free(r.out);
    g_free(r.err);
    g_autofree char *json = NULL;
    cr_assert(g_file_get_contents(pj, &json, NULL, NULL));
    cr_assert(strstr(json, "{\"ph\": \"M\", \"name\": \"process_name\", \"pid\": 4, \"tid\": 1, \"args\": "
                           "{\"name\": \"el2sim PE 3\"}}"), "%s", json);
    for (unsigned c = 0; c < 4; c++) {
        g_autofree char *slice = g_strdup_printf("\"cat\": \"hvc\", \"pid\": %u, \"tid\": 1, \"ts\": ", c + 1);
        cr_assert(strstr(json, slice), "no HVC slice of PE %u", c);
    }
    remove(pj);
    remove(t1);
}

/* ---- QEMU: each CPU's own sequence ---- */

/* smp_hvc under QEMU -smp 4 and el2sim --cpus 4, on both CPU pairs of the differential
 * (README "The QEMU differential"): each CPU's own sequence of exceptions and returns
 * must be equal (qemu_smp.c) */
Test(smp, qemu_per_cpu_sequences, .timeout = 240)
{
    g_autofree char *qemu = g_find_program_in_path("qemu-system-aarch64");
    if (!qemu)
        cr_skip_test("qemu-system-aarch64 not installed");
    g_autofree char *img = image_path("smp_hvc.elf");
    for (unsigned p = 0; p < G_N_ELEMENTS(qemu_smp_pairs); p++)
        qemu_smp_compare(qemu, img, &qemu_smp_pairs[p], 4, 2);
}

/* The events of PE cpu but the run's STOP (on the PE that went idle last) */
static GArray *of_cpu_running(harness *r, unsigned cpu)
{
    GArray *a = of_cpu(r, cpu);
    for (guint k = a->len; k-- > 0;)
        if (hev(r, g_array_index(a, guint, k))->kind == EV_STOP)
            g_array_remove_index(a, k);
    return a;
}

/* Each PE's own events, stamps included, are the same whatever the interleaving: two PEs
 * in HVC loops of chained blocks (smp_loop.S). A turn ended by stopping the engine in the
 * block hook left the engine's PC at the block before (the one chained from): that block
 * ran twice (its SUBS too) and the loop came out short. */
Test(smp, turns_resume_at_the_block_that_did_not_run)
{
    const char *quanta[] = { "1", "7", "100", "1000" };
    harness *ref = run_image("smp_loop.elf", (const char *[]){ "--cpus", "2", "--quantum", "1000000", NULL });
    cr_assert_eq(ref->exit_code, 5);
    for (unsigned c = 0; c < 2; c++) {
        g_autoptr(GArray) r = of_cpu_running(ref, c);
        cr_assert_eq(r->len, 1 + 200 * 2 + (c == 0 ? 2 : 0) + 1,
                     "CPU %u: %u events", c, r->len);  /* MSR, 200 HVC+ERET, (CPU_ON + return), CPU_OFF */
    }
    for (unsigned q = 0; q < G_N_ELEMENTS(quanta); q++) {
        h = run_image("smp_loop.elf", (const char *[]){ "--cpus", "2", "--quantum", quanta[q], NULL });
        cr_assert_eq(h->exit_code, 5);
        for (unsigned c = 0; c < 2; c++) {
            g_autoptr(GArray) a = of_cpu_running(h, c), b = of_cpu_running(ref, c);
            cr_assert_eq(a->len, b->len, "--quantum %s, CPU %u: %u events, %u with one turn", quanta[q], c, a->len,
                         b->len);
            for (guint i = 0; i < a->len; i++) {
                const el2_event *x = hev(h, g_array_index(a, guint, i)), *y = hev(ref, g_array_index(b, guint, i));
                cr_assert(x->kind == y->kind && x->pc == y->pc && x->insns == y->insns && x->cycles == y->cycles &&
                          x->x[0] == y->x[0], "--quantum %s, CPU %u, event %u: %s vs %s", quanta[q], c, i,
                          hline(h, g_array_index(a, guint, i)), hline(ref, g_array_index(b, guint, i)));
            }
        }
        harness_free(h);
        h = NULL;
    }
    harness_free(ref);
}

/* The note on registers el2sim does not model counts the accesses of every PE: one on the
 * boot PE, two on PE 1, and the run ends on the boot PE (it gave PE 1's none). */
Test(smp, unmodelled_registers_of_every_pe)
{
    g_autofree char *img = image_path("smp_unmodelled.elf");
    result r = spawn("EL2SIM", (const char *[]){ "run", "-q", "--cpus", "2", img, NULL });
    cr_assert_eq(r.code, 5, "%s", r.err);
    cr_assert_str_eq(r.err, "el2sim: note: guest accessed system register S3_0_C11_C0_0, which el2sim does not "
                     "model, 3 time(s): taken as UNDEFINED\n"
                     "el2sim: stopped: no PE can run any more: each is off (PSCI CPU_OFF) or waits in WFI with "
                     "nothing to wake it (1005 instructions, 95033 cycles)\n");
    g_free(r.out);
    g_free(r.err);
}

/* A scenario with [machine] cpus = 2: its calls are PE 0's, the other PEs run in turns
 * while a call runs (PE 1, started by the first call, stores its context ID during the
 * second and is off by the third); with an ABI too. */
Test(smp, scenario_calls_on_pe0)
{
    const char *text = "[machine]\nimages = smp_scn.elf\ncpus = 2\n\n[setup]\nmode = install\n\n"
                       "[call start]\ncall = start_pe1\nexpect.x0 = 0\n\n"
                       "[call wait]\ncall = wait_seen\nexpect.x0 = 0x77\n\n"
                       "[call off]\ncall = affinity1\nexpect.x0 = 1\n";
    g_autofree char *scn = tmp_path("el2smp.scn");
    cr_assert(g_file_set_contents(scn, text, -1, NULL));
    const char *images = g_getenv("EL2_TEST_IMAGES");
    result r = spawn("EL2SIM", (const char *[]){ "scenario", scn, "-I", images, NULL });
    cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
    cr_assert_str_eq(r.out, "PASS start (call start_pe1): returned, x0=0x0, EL1, 573 cycles\n"
                            "PASS wait (call wait_seen): returned, x0=0x77, EL1, 3504 cycles\n"
                            "PASS off (call affinity1): returned, x0=0x1, EL1, 572 cycles\n"
                            "3 passed, 0 failed\n");
    g_free(r.out);
    g_free(r.err);
    /* PE 1 started at an address with no memory: its fault ends the call that runs while
       it does (naming the PE), and the next call is PE 0's again */
    const char *bad = "[machine]\nimages = smp_scn.elf\ncpus = 2\n\n[setup]\nmode = install\n\n"
                      "[call start]\ncall = start_pe1_bad\nexpect.x0 = 0\n\n[call spin]\ncall = spin_some\n\n"
                      "[call after]\ncall = affinity1\nexpect.x0 = 0\n";
    cr_assert(g_file_set_contents(scn, bad, -1, NULL));
    r = spawn("EL2SIM", (const char *[]){ "scenario", scn, "-I", images, NULL });
    cr_assert_eq(r.code, 1, "%s%s", r.out, r.err);
    cr_assert_str_eq(r.out, "PASS start (call start_pe1_bad): returned, x0=0x0, EL1, 573 cycles\n"
                            "FAIL spin (call spin_some): did not return to the call site (PE 1: EL2 instruction "
                            "fetch from unmapped address 0x1000 (after 0x0) (vector of the abort itself is unmapped: "
                            "VBAR_EL2 + 0x200 = 0x200))\n"
                            "PASS after (call affinity1): returned, x0=0x0, EL1, 572 cycles\n"
                            "2 passed, 1 failed\n");
    g_free(r.out);
    g_free(r.err);
    /* with an ABI the calls are checked on their PE (test_smpcheck.c has the per-PE checks) */
    g_autofree char *abi_text = g_strconcat("[machine]\nabi = smccc\n", text + strlen("[machine]\n"), NULL);
    cr_assert(g_file_set_contents(scn, abi_text, -1, NULL));
    r = spawn("EL2SIM", (const char *[]){ "check", scn, "-I", images, NULL });
    cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
    cr_assert(g_str_has_suffix(r.out, "3 passed, 0 failed\n0 violations of smccc 1.1\n"), "%s", r.out);
    g_free(r.out);
    g_free(r.err);
    remove(scn);
}

static uint32_t mem32(harness *r, const char *name)
{
    uint32_t v = 0;
    cr_assert(engine_read(r->m->eng, sym(r, name), &v, sizeof v), "read %s", name);
    return v;
}

/* Exclusive monitors across PEs (issue 20 item 4): four PEs add 200 each to a counter by
 * LDXR/STXR, 40 delay loops (82 instructions) between the two, with a quantum of 100: turns
 * end between a LDXR and its STXR, the turn's end clears the monitor and that STXR fails
 * (engine/excl.c); the count is exact. With FEAT_LSE (neoverse-n1) the LDADD counter too.
 * PE 1's STXR after PE 0 stored back the value its LDXR read fails (a value-compare monitor
 * would let it succeed). */
Test(smp, exclusive_monitor_cleared_at_turn_end)
{
    h = run_image("smp_excl.elf", (const char *[]){ "--cpus", "4", "--quantum", "100", "--reg", "x25=40",
                                                     "--cpu", "neoverse-n1", NULL });
    cr_assert_eq(h->exit_code, 0, "exit %d", h->exit_code);
    cr_assert_eq(mem32(h, "excl_count"), 800);
    cr_assert_eq(mem32(h, "excl_lse"), 800);
    cr_assert_eq(mem32(h, "excl_aba_status"), 1, "the STXR after another PE's store succeeded");
    cr_assert_eq(mem32(h, "excl_aba"), 0x1234);
    uint64_t fails[4];
    cr_assert(engine_read(h->m->eng, sym(h, "excl_fails"), fails, sizeof fails));
    for (unsigned i = 0; i < 4; i++)
        cr_assert_gt(fails[i], 0, "PE %u: no STXR failed (%lu %lu %lu %lu)", i, fails[0], fails[1], fails[2], fails[3]);
}

/* A LDXR/STXR pair a few instructions apart, split by a block end: the turn does not end
 * between them (up to 32 instructions past its end), so the loop makes progress at any
 * quantum, even 1 (a turn a block), and no STXR of the counter fails; a cortex-a57 has no
 * LDADD (excl_lse stays 0). PE 1's STXR waits for a flag over many turns: it fails. */
Test(smp, exclusive_pairs_progress_at_any_quantum)
{
    const char *quanta[] = { "1", "7", "1000" };
    for (unsigned q = 0; q < G_N_ELEMENTS(quanta); q++) {
        h = run_image("smp_excl.elf", (const char *[]){ "--cpus", "4", "--quantum", quanta[q], "--reg", "x25=0",
                                                         "--max-insns", "1000000", NULL });
        cr_assert_eq(h->exit_code, 0, "--quantum %s: exit %d", quanta[q], h->exit_code);
        cr_assert_eq(mem32(h, "excl_count"), 800);
        cr_assert_eq(mem32(h, "excl_lse"), 0);
        cr_assert_eq(mem32(h, "excl_aba_status"), 1);
        for (unsigned i = 0; i < 4; i++) {
            uint64_t f = 0;
            cr_assert(engine_read(h->m->eng, sym(h, "excl_fails") + 8 * i, &f, sizeof f));
            cr_assert_eq(f, 0, "--quantum %s: PE %u: %lu STXRs failed", quanta[q], i, (unsigned long)f);
        }
        harness_free(h);
        h = NULL;
    }
}

/* SEV wakes another PE's WFE (issue 20 item 4): PE 1's WFE waits (its turns are skipped)
 * until PE 0's SEV, so its loop completes one WFE (before, every WFE completed at once:
 * thousands); PE 0's first WFE completes at once (its own SEV set its Event Register), its
 * second waits for PE 1's SEV. */
Test(smp, sev_wakes_wfe_of_another_pe)
{
    const char *quanta[] = { "1", "1000" };
    /* PE 0: with a quantum of 1 its turn ends after the block with its SEV, PE 1 runs to
       its own SEV before PE 0's first WFE, which then finds sev_done set */
    const uint64_t pe0_wfes[] = { 1, 2 };
    for (unsigned q = 0; q < G_N_ELEMENTS(quanta); q++) {
        h = run_image("smp_sev.elf", (const char *[]){ "--cpus", "2", "--quantum", quanta[q], NULL });
        cr_assert_eq(h->exit_code, 0, "exit %d", h->exit_code);
        uint64_t w[2];
        cr_assert(engine_read(h->m->eng, sym(h, "sev_wakeups"), w, sizeof w));
        cr_assert_eq(w[1], 1, "--quantum %s: PE 1 completed %lu WFEs", quanta[q], (unsigned long)w[1]);
        cr_assert_eq(w[0], pe0_wfes[q], "--quantum %s: PE 0 completed %lu WFEs", quanta[q], (unsigned long)w[0]);
        harness_free(h);
        h = NULL;
    }
}

/* TLBI broadcast (issue 20 item 4): PE 1 has the window page in its engine's TLB; PE 0
 * rewrites the descriptor and issues TLBI VAE2IS + DSB ISH; PE 1's next read gives the new
 * page (before: the old one, exit 102), at any quantum. The TLBI event is PE 0's. */
Test(smp, tlbi_is_reaches_every_pe)
{
    const char *quanta[] = { "1", "1000" };
    for (unsigned q = 0; q < G_N_ELEMENTS(quanta); q++) {
        h = run_image("smp_tlbi.elf", (const char *[]){ "--cpus", "2", "--quantum", quanta[q], NULL });
        cr_assert_eq(h->exit_code, 0, "--quantum %s: exit %d", quanta[q], h->exit_code);
        uint64_t seen[2];
        cr_assert(engine_read(h->m->eng, sym(h, "tlbi_seen"), seen, sizeof seen));
        cr_assert_eq(seen[0], 0x1111);
        cr_assert_eq(seen[1], 0x2222, "--quantum %s: PE 1 read 0x%lx after the TLBI", quanta[q],
                     (unsigned long)seen[1]);
        bool found = false;
        for (guint i = 0; i < h->ev->len; i++)
            if (hev(h, i)->kind == EV_TLBI && hev(h, i)->pc == sym(h, "tlbi_op")) {
                cr_assert_eq(hev(h, i)->cpu, 1);
                cr_assert_eq(hev(h, i)->value, 0x80000);
                found = true;
            }
        cr_assert(found, "no TLBI event at tlbi_op");
        harness_free(h);
        h = NULL;
    }
}

/* SGIs between PEs (issue 20 item 4): PE 0 sends SGI N to PE N by TargetList and SGI 9 to
 * all but itself (IRM = 1); each secondary, asleep in WFI, wakes, takes both at EL2 after
 * its WFI and acknowledges them (ICC_IAR1_EL1 gives the INTID); the image checks each
 * redistributor's GICR_TYPER and that PE 0's SGI 9 is not pending. */
#define SGI_PE_SEQ "MSR:VBAR_EL2 MSR:HCR_EL2 MSR:ICC_SRE_EL2 IRQ ERET IRQ ERET SMC"

Test(smp, sgi_between_pes)
{
    const char *quanta[] = { "1", "1000" };      /* each PE's events: the same whatever the turns */
    for (unsigned q = 0; q < G_N_ELEMENTS(quanta); q++) {
        h = run_image("smp_sgi.elf", (const char *[]){ "--cpus", "4", "--cpu", "neoverse-n1", "--quantum", quanta[q],
                                                        NULL });
        cr_assert_eq(h->exit_code, 0, "--quantum %s: exit %d", quanta[q], h->exit_code);
        for (unsigned c = 1; c < 4; c++) {
            assert_cpu_seq(h, c, SGI_PE_SEQ);
            g_autoptr(GArray) idx = of_cpu(h, c);
            const el2_event *irq1 = hev(h, g_array_index(idx, guint, 3));
            const el2_event *irq2 = hev(h, g_array_index(idx, guint, 5));
            cr_assert_eq(irq1->exc, EXC_IRQ);
            cr_assert_eq(irq1->value, c, "CPU %u: INTID %lu", c, (unsigned long)irq1->value);
            cr_assert_eq(irq1->status, IRQSRC_SGI);
            cr_assert_eq(irq1->from_el, 2);
            cr_assert_eq(irq1->to_el, 2);
            cr_assert_eq(irq1->elr, sym(h, "sgi_wfi") + 4);     /* the WFI completed */
            cr_assert_eq(irq1->target, sym(h, "sgi_vectors") + 0x280);
            cr_assert_eq(irq2->value, 9);
            uint32_t got[2];
            cr_assert(engine_read(h->m->eng, sym(h, "sgi_got") + 16 * c, got, sizeof got));
            cr_assert_eq(got[0], c);
            cr_assert_eq(got[1], 9);
        }
        harness_free(h);
        h = NULL;
    }
    /* on a CPU without a GICv3 the image says so */
    h = run_image("smp_sgi.elf", (const char *[]){ "--cpus", "4", NULL });
    cr_assert_eq(h->exit_code, 99);
}

/* smp_sgi against QEMU -smp 4 with a GICv3: each CPU's exceptions and returns */
Test(smp, qemu_sgi_per_cpu, .timeout = 240)
{
    g_autofree char *qemu = g_find_program_in_path("qemu-system-aarch64");
    if (!qemu)
        cr_skip_test("qemu-system-aarch64 not installed");
    g_autofree char *img = image_path("smp_sgi.elf");
    qemu_smp_compare(qemu, img, &qemu_smp_pairs[1], 4, 2);     /* the GICv3 pair */
}

/* A spin lock's wait (LDAXR, WFE) is woken by its exclusive monitor being cleared at the
 * end of its turn (an event, Arm ARM D1.7.1.1), with no SEV: PE 1 completes one WFE per
 * round of turns until PE 0 (6,000 instructions of spinning: its 7th turn of 1000)
 * releases the lock with a plain store. Without the event PE 1 would wait for ever and
 * PE 0 poll for ever (the budget). */
Test(smp, wfe_woken_by_the_monitor_clear)
{
    h = run_image("smp_wfe_lock.elf", (const char *[]){ "--cpus", "2", "--max-insns", "100000", NULL });
    cr_assert_eq(h->exit_code, 0, "exit %d", h->exit_code);
    uint64_t wfes = 0;
    cr_assert(engine_read(h->m->eng, sym(h, "wl_wfes"), &wfes, sizeof wfes));
    cr_assert_eq(wfes, 6, "PE 1 completed %lu WFEs", (unsigned long)wfes);
}

/* The firmware's returns (ERET events from EL3) of PE cpu + 1 (0: any), in order */
static GArray *firmware_returns(harness *r, unsigned cpu)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(const el2_event *));
    for (guint i = 0; i < r->ev->len; i++) {
        const el2_event *e = hev(r, i);
        if (e->kind == EV_ERET && e->from_el == 3 && (!cpu || e->cpu == cpu))
            g_array_append_val(a, e);
    }
    return a;
}

/* PSCI CPU_SUSPEND on one PE (DEN0022 5.4; psci_suspend.S): PSCI_FEATURES 0 for both forms,
 * INVALID_PARAMETERS for PowerLevel 1 and a reserved bit, INVALID_ADDRESS for a powerdown
 * entry point not 4-byte aligned; a standby state returns SUCCESS once the armed timer fired
 * (the clock moved on to it); a powerdown state returns to its entry point with the context
 * ID in x0, at EL2h, DAIF masked, SCTLR_EL2.C clear, and not after its SMC; a standby state
 * nothing can wake sleeps forever: exit 5. Before, every CPU_SUSPEND was NOT_SUPPORTED. */
Test(smp, cpu_suspend_one_pe)
{
    h = run_image("psci_suspend.elf", NULL);
    cr_assert_eq(h->exit_code, 5, "exit %d", h->exit_code);
    cr_assert_str_eq(h->m->cpu->stop_msg, "EL2 called PSCI CPU_SUSPEND (standby) at susp_forever with nothing to "
                     "wake it (no interrupt pending, no timer armed, no --irq to come): it would sleep forever");
    uint64_t step = 0;
    cr_assert(engine_read(h->m->eng, sym(h, "susp_step"), &step, sizeof step));
    cr_assert_eq(step, 6, "step %lu", (unsigned long)step);
    g_autoptr(GArray) rets = firmware_returns(h, 0);
    const uint64_t want[] = { 0, 0, PSCI_INVALID_PARAMETERS, PSCI_INVALID_PARAMETERS, PSCI_INVALID_ADDRESS, 0,
                              0xc0ffee, 0 };
    cr_assert_eq(rets->len, G_N_ELEMENTS(want), "%u returns", rets->len);
    for (unsigned i = 0; i < G_N_ELEMENTS(want); i++)
        cr_assert_eq(g_array_index(rets, const el2_event *, i)->value, want[i], "return %u: 0x%lx", i,
                     (unsigned long)g_array_index(rets, const el2_event *, i)->value);
    const el2_event *down = g_array_index(rets, const el2_event *, 6);
    cr_assert_eq(down->target, sym(h, "susp_resume"));
    cr_assert_eq(down->to_el, 2);
    cr_assert_eq(g_array_index(rets, const el2_event *, 5)->target, sym(h, "susp_standby") + 4);
    /* the standby waited for the timer: its return is stamped before the wait, the next
       event (the MSR after it) after the timer's 1000 ticks */
    cr_assert_gt(h->m->cpu->cycles, 10000);
}

/* CPU_SUSPEND woken by another PE's SGI (smp_suspend.S, 2 PEs, neoverse-n1): PE 1's standby
 * returns SUCCESS after PE 0's SGI 1, its powerdown state resumes at smp_susp_resume with
 * x0 = 0x5151 after SGI 2, at any quantum. Without the wake-up each would sleep forever. */
Test(smp, cpu_suspend_woken_by_sgi)
{
    const char *quanta[] = { "1", "1000" };
    for (unsigned q = 0; q < G_N_ELEMENTS(quanta); q++) {
        h = run_image("smp_suspend.elf", (const char *[]){ "--cpus", "2", "--cpu", "neoverse-n1", "--quantum",
                                                           quanta[q], NULL });
        cr_assert_eq(h->exit_code, 0, "--quantum %s: exit %d", quanta[q], h->exit_code);
        uint64_t res[2];
        cr_assert(engine_read(h->m->eng, sym(h, "susp_res"), res, sizeof res));
        cr_assert_eq(res[0], 0, "--quantum %s: standby returned 0x%lx", quanta[q], (unsigned long)res[0]);
        cr_assert_eq(res[1], 0x5151, "--quantum %s: resumed with x0 = 0x%lx", quanta[q], (unsigned long)res[1]);
        g_autoptr(GArray) rets = firmware_returns(h, 2);
        cr_assert_eq(rets->len, 2, "--quantum %s: PE 1 had %u returns", quanta[q], rets->len);
        cr_assert_eq(g_array_index(rets, const el2_event *, 0)->target, sym(h, "smp_susp_standby") + 4);
        cr_assert_eq(g_array_index(rets, const el2_event *, 1)->target, sym(h, "smp_susp_resume"));
        cr_assert_eq(g_array_index(rets, const el2_event *, 1)->value, 0x5151);
        harness_free(h);
        h = NULL;
    }
}

/* Code written by one PE, run by another (smp_xcode.S, issue 20): PE 1 ran xc_routine (a
 * page PE 0 never executes), PE 0 writes a new instruction over it with DC CVAU, DSB, IC
 * IVAU, DSB, ISB and releases PE 1, whose second call must run the new one (2). Before,
 * PE 1's engine kept its translation and returned 1 (exit 11): PE 0's store was not even
 * reported (the page was code only to PE 1's engine), and had it been, only PE 0's engine
 * would have dropped its translations. Also with write hooks instead of the wrapped TLB
 * fill (uc_facts.h F17's fallback). */
Test(smp, code_written_by_another_pe)
{
    const char *quanta[] = { "1", "1000" };
    for (unsigned w = 0; w < 2; w++) {
        if (w)
            g_setenv("EL2SIM_WRITE_HOOKS", "1", TRUE);
        for (unsigned q = 0; q < G_N_ELEMENTS(quanta); q++) {
            h = run_image("smp_xcode.elf", (const char *[]){ "--cpus", "2", "--quantum", quanta[q], NULL });
            uint64_t res[2];
            cr_assert(engine_read(h->m->eng, sym(h, "xc_res"), res, sizeof res));
            cr_assert_eq(res[0], 1);
            cr_assert_eq(res[1], 2, "--quantum %s%s: PE 1 ran the old instruction (x0 = %lu)", quanta[q],
                         w ? " (write hooks)" : "", (unsigned long)res[1]);
            cr_assert_eq(h->exit_code, 0, "exit %d", h->exit_code);
            harness_free(h);
            h = NULL;
        }
    }
    g_unsetenv("EL2SIM_WRITE_HOOKS");
}
