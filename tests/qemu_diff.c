/* qemu_diff.c - see qemu_diff.h */
#include "trace.h"
#include "qemu_diff.h"
#include "exception.h"
#include "print.h"
#include "qemulog.h"
#include "symbols.h"
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

void qemu_run_free(qemu_run *q)
{
    if (!q)
        return;
    if (q->events)
        g_array_free(q->events, TRUE);
    g_free(q->stopped);
    g_free(q->stderr_text);
    g_free(q->cmdline);
    g_free(q);
}

/* Waits up to MS milliseconds for PID; true (and *WS) once it has exited. */
static bool wait_ms(GPid pid, int *ws, int ms)
{
    for (int t = 0; t <= ms; t += 5) {
        pid_t r = waitpid(pid, ws, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR))
            return true;
        g_usleep(5000);
    }
    return false;
}

/* Keeps only whole records of a log that was cut: drops a partial last line, then the
 * last "Taking exception" record, which may have lost its tail. */
static gsize trim_cut_log(const char *text, gsize len)
{
    while (len && text[len - 1] != '\n')
        len--;
    for (gsize i = len; i-- > 0;) {
        if ((i == 0 || text[i - 1] == '\n') && strncmp(text + i, "Taking exception ", 17) == 0)
            return i;
    }
    return len;
}

qemu_run *qemu_diff_run(const char *qemu, const char *machine, const char *cpu, const char *image, double timeout_s,
                        size_t max_log, GError **err)
{
    g_autofree char *logpath = NULL, *errpath = NULL;
    int logfd = g_file_open_tmp("el2diff-XXXXXX.log", &logpath, err);
    if (logfd < 0)
        return NULL;
    close(logfd);
    int errfd = g_file_open_tmp("el2diff-XXXXXX.err", &errpath, err);
    if (errfd < 0) {
        unlink(logpath);
        return NULL;
    }
    int nullfd = open("/dev/null", O_RDWR);
    /* guest_errors is where QEMU reports illegal exception returns */
    const char *argv[] = { qemu, "-M", machine, "-cpu", cpu, "-m", "128M",
                           "-nographic", "-semihosting", "-kernel", image, "-d", "int,guest_errors",
                           "-D", logpath, "-monitor", "none", "-serial", "none", NULL };
    qemu_run *q = g_new0(qemu_run, 1);
    q->cmdline = g_strjoinv(" ", (char **)argv);
    GPid pid;
    bool ok = g_spawn_async_with_fds(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                     nullfd, nullfd, errfd, err);
    close(nullfd);
    close(errfd);
    if (!ok) {
        unlink(logpath);
        unlink(errpath);
        qemu_run_free(q);
        return NULL;
    }
    int ws = 0;
    gint64 t0 = g_get_monotonic_time();
    for (;;) {
        if (wait_ms(pid, &ws, 10))
            break;
        struct stat st;
        double elapsed = (double)(g_get_monotonic_time() - t0) / 1e6;
        if (elapsed > timeout_s)
            q->stopped = g_strdup_printf("still running after %.0f s", timeout_s);
        else if (stat(logpath, &st) == 0 && (size_t)st.st_size > max_log)
            q->stopped = g_strdup_printf("log grew past %zu MiB after %.1f s (looping?)", max_log >> 20, elapsed);
        if (q->stopped) {
            kill(pid, SIGTERM);                 /* QEMU flushes its log on SIGTERM */
            if (!wait_ms(pid, &ws, 3000)) {
                kill(pid, SIGKILL);
                waitpid(pid, &ws, 0);
            }
            break;
        }
    }
    g_spawn_close_pid(pid);
    q->status = !q->stopped && WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
    if (!q->stopped && WIFSIGNALED(ws))
        q->stopped = g_strdup_printf("killed by signal %d", WTERMSIG(ws));
    g_file_get_contents(errpath, &q->stderr_text, NULL, NULL);
    unlink(errpath);

    g_autofree char *text = NULL;
    gsize len = 0;
    if (!g_file_get_contents(logpath, &text, &len, err)) {
        unlink(logpath);
        qemu_run_free(q);
        return NULL;
    }
    if (q->stopped)
        len = trim_cut_log(text, len);
    q->events = g_array_new(FALSE, TRUE, sizeof(el2_event));
    if (!qemulog_parse_named(logpath, text, len, q->events, err)) {
        /* keep the log for a look; the message names it */
        qemu_run_free(q);
        return NULL;
    }
    unlink(logpath);
    return q;
}

static const char *sym(const el2_symtab *st, uint64_t a, char *buf, size_t n)
{
    if (st)
        return symtab_format(st, a, buf, n);
    g_snprintf(buf, n, "0x%" PRIx64, a);
    return buf;
}

char *qemu_diff_format(const el2_symtab *st, const el2_event *ev)
{
    char a[160], b[160];
    switch (ev->kind) {
    case EV_EXC:
        if (ev->exc == EXC_SEMIHOST)
            return g_strdup_printf("%-12s EL%u       op 0x%" PRIx64, "SEMIHOST", ev->from_el, ev->value);
        if (ev->exc == EXC_FIRMWARE)
            return g_strdup_printf("%-12s EL%u->EL3  ESR 0x%08x (call answered by firmware)", "SMC/PSCI",
                                   ev->from_el, ev->esr);
        return g_strdup_printf("%-12s EL%u->EL%u  EC 0x%02x %-14s ESR 0x%08x  ELR %s  -> %s",
                               exc_kind_name(ev->exc), ev->from_el, ev->to_el, ev->esr >> 26, ec_name(ev->esr >> 26),
                               ev->esr, sym(st, ev->elr, a, sizeof a), sym(st, ev->target, b, sizeof b));
    case EV_ERET:
        if (ev->from_el == 3)
            return g_strdup_printf("%-12s EL3->EL%u  (firmware returns)", "ERET", ev->to_el);
        return g_strdup_printf("%-12s EL%u->EL%u  -> %s", ev->illegal ? "ERET-ILLEGAL" : "ERET", ev->from_el,
                               ev->to_el, sym(st, ev->target, a, sizeof a));
    case EV_STOP:
        return g_strdup_printf("%-12s EL%u       %s status=%d", "STOP", ev->from_el, stop_name(ev->stop),
                               ev->status);
    case EV_SYSREG:
        return g_strdup_printf("%-12s EL%u       sysreg %d = 0x%" PRIx64, "MSR", ev->from_el, ev->sysreg, ev->value);
    case EV_FINDING:
        return g_strdup_printf("%-12s EL%u       %s", "FINDING", ev->from_el, ev->note ? ev->note : "");
    case EV_TLBI:
        return g_strdup_printf("%-12s EL%u       0x%08x", "TLBI", ev->from_el, ev->insn);
    }
    return g_strdup("?");
}

/* Why A (el2sim) and B (QEMU) differ, or NULL when they agree: the trace library's
 * comparison of what QEMU's -d int log records (sim/trace_read.c). */
static char *event_diff(const el2_event *a, const el2_event *b)
{
    return trace_event_diff(a, b, TRACE_FROM_QEMU, false);
}

static void side(GString *s, const char *who, const el2_symtab *st, const el2_event *const *ev, guint n, guint at,
                 const char *end)
{
    g_string_append_printf(s, "  %s:\n", who);
    for (guint i = at >= 2 ? at - 2 : 0; i <= at; i++) {
        if (i >= n) {
            g_string_append_printf(s, "  > [%u] %s\n", i, end);
            break;
        }
        g_autofree char *line = qemu_diff_format(st, ev[i]);
        g_string_append_printf(s, "  %s [%u] %s\n", i == at ? ">" : " ", i, line);
    }
}

char *qemu_diff_compare(harness *h, const qemu_run *q)
{
    if (h->error)
        return g_strdup_printf("el2sim could not run the image: %s", h->error);
    const el2_symtab *st = h->m ? h->m->syms : NULL;
    g_autoptr(GPtrArray) a = g_ptr_array_new(), b = g_ptr_array_new();
    GArray *al = g_array_new(FALSE, FALSE, sizeof(guint));   /* index into h->ev */
    const el2_event *stop = NULL;
    for (guint i = 0; i < h->ev->len; i++) {
        const el2_event *e = hev(h, i);
        if (e->kind == EV_STOP)
            stop = e;
        if (e->kind == EV_SYSREG || e->kind == EV_TLBI || e->kind == EV_STOP)
            continue;
        /* QEMU 7.2 logs an AArch32 exception return only when it changes mode (cpsr_write:
           "Exception return from AArch32 hyp to svc"): a Hyp-mode ERET back to Hyp mode is
           not in its log */
        if (e->kind == EV_ERET && e->a32 && e->from_el == 2 && e->to_el == 2 && !e->illegal)
            continue;
        g_ptr_array_add(a, (gpointer)e);
        g_array_append_val(al, i);
    }
    for (guint i = 0; i < q->events->len; i++)
        g_ptr_array_add(b, &g_array_index(q->events, el2_event, i));

    guint n = MAX(a->len, b->len);
    char *result = NULL;
    for (guint i = 0; i < n && !result; i++) {
        g_autofree char *why = NULL;
        if (i >= a->len)
            why = g_strdup("el2sim has no more events");
        else if (i >= b->len)
            why = g_strdup("QEMU has no more events");
        else
            why = event_diff(a->pdata[i], b->pdata[i]);
        if (!why)
            continue;
        GString *s = g_string_new(NULL);
        g_string_append_printf(s, "first divergence at event #%u (el2sim events without MSR/STOP vs QEMU's log): %s\n",
                               i, why);
        g_autofree char *send = NULL, *qend = NULL;
        if (stop) {
            g_autofree char *l = qemu_diff_format(st, stop);
            send = g_strdup_printf("(none: el2sim stopped: %s, exit %d)", l, h->exit_code);
        } else {
            send = g_strdup_printf("(none: el2sim exit %d)", h->exit_code);
        }
        if (q->stopped)
            qend = g_strdup_printf("(none: QEMU's log ends; QEMU was stopped: %s)", q->stopped);
        else
            qend = g_strdup_printf("(none: QEMU exited with status %d)", q->status);
        side(s, "el2sim", st, (const el2_event *const *)a->pdata, a->len, i, send);
        side(s, "QEMU", st, (const el2_event *const *)b->pdata, b->len, i, qend);
        if (i < a->len)
            g_string_append_printf(s, "  el2sim's line: %s\n", hline(h, g_array_index(al, guint, i)));
        g_string_append_printf(s, "  QEMU: %s", q->cmdline);
        result = g_string_free(s, FALSE);
    }
    if (!result && q->stopped)
        result = g_strdup_printf("all %u events agree, but QEMU did not exit (stopped: %s) while el2sim exited with %d",
                                 n, q->stopped, h->exit_code);
    else if (!result && q->status != h->exit_code)
        result = g_strdup_printf("all %u events agree, but QEMU exited with status %d and el2sim with %d%s%s", n,
                                 q->status, h->exit_code, q->stderr_text && *q->stderr_text ? "; QEMU stderr: " : "",
                                 q->stderr_text ? q->stderr_text : "");
    g_array_free(al, TRUE);
    return result;
}
