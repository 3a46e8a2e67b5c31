/* qemu_smp.c - see qemu_smp.h */
#include "qemu_smp.h"
#include <criterion/criterion.h>
#include <sys/wait.h>
#include <unistd.h>
#include "qemulog.h"
#include "trace.h"

const qemu_smp_pair qemu_smp_pairs[2] = {
    { "virt,virtualization=on", "cortex-a57", "cortex-a57" },
    { "virt,virtualization=on,gic-version=3", "max", "neoverse-n1" },
};

/* The events of PE cpu that QEMU's -d int log can show (no MSR, TLBI or STOP) */
static GPtrArray *comparable(GArray *events, unsigned cpu)
{
    GPtrArray *a = g_ptr_array_new();
    for (guint i = 0; i < events->len; i++) {
        el2_event *e = &g_array_index(events, el2_event, i);
        if (e->cpu == cpu + 1 && e->kind != EV_SYSREG && e->kind != EV_TLBI && e->kind != EV_STOP)
            g_ptr_array_add(a, e);
    }
    return a;
}

/* QEMU's events for IMAGE: -d int names the CPU on exception entries, -d exec's
 * "Trace N:" lines say whose the returns are (qemulog.c) */
static GArray *qemu_events(const char *qemu, const char *image, const qemu_smp_pair *pair, unsigned ncpus)
{
    g_autofree char *base = g_path_get_basename(image);
    /* test programs run at once: one log per program, image and CPU */
    g_autofree char *name = g_strdup_printf("el2qsmp-%d-%s-%s.log", (int)getpid(), base, pair->qcpu);
    g_autofree char *log = g_build_filename(g_get_tmp_dir(), name, NULL);
    g_autofree char *n = g_strdup_printf("%u", ncpus);
    const char *argv[] = { "timeout", "120", qemu, "-M", pair->machine, "-cpu", pair->qcpu, "-smp", n,
                           "-accel", "tcg,thread=single", "-m", "128M", "-nographic", "-semihosting",
                           "-kernel", image, "-d", "int,exec,nochain", "-D", log, "-monitor", "none",
                           "-serial", "none", NULL };
    int st = 0;
    g_autofree char *qerr = NULL;
    cr_assert(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                           NULL, NULL, &qerr, &st, NULL));
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: QEMU status 0x%x: %s", pair->qcpu, st, qerr);
    GArray *qev = g_array_new(FALSE, TRUE, sizeof(el2_event));
    GError *err = NULL;
    cr_assert(qemulog_parse_file(log, qev, &err), "%s", err ? err->message : "");
    remove(log);
    return qev;
}

void qemu_smp_compare(const char *qemu, const char *image, const qemu_smp_pair *pair, unsigned ncpus,
                      unsigned min_events)
{
    g_autoptr(GArray) qev = qemu_events(qemu, image, pair, ncpus);
    g_autofree char *n = g_strdup_printf("%u", ncpus);
    harness *h = harness_run(image, (const char *[]){ "--cpus", n, "--cpu", pair->cpu, NULL });
    cr_assert_null(h->error, "%s", h->error);
    cr_assert_eq(h->exit_code, 0);
    for (unsigned c = 0; c < ncpus; c++) {
        g_autoptr(GPtrArray) a = comparable(h->ev, c), b = comparable(qev, c);
        cr_assert_gt(a->len, min_events, "%s, CPU %u has its events", pair->cpu, c);
        cr_assert_eq(a->len, b->len, "%s, CPU %u: el2sim %u events, QEMU %u", pair->cpu, c, a->len, b->len);
        for (guint i = 0; i < a->len; i++) {
            g_autofree char *why = trace_event_diff(a->pdata[i], b->pdata[i], TRACE_FROM_QEMU, false);
            cr_assert_null(why, "%s, CPU %u, event %u (%s): %s", pair->cpu, c, i,
                           hline(h, (guint)(((el2_event *)a->pdata[i]) - &g_array_index(h->ev, el2_event, 0))),
                           why);
        }
    }
    harness_free(h);
}
