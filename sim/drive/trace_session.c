/* trace_session.c - --trace, --trace-full and --expect-trace: a trace writer observing
 * a machine, and the comparison with a golden trace at the end of the run. */
#include "trace_session.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


/* The trace goes to a temporary file beside PATH, renamed to PATH when the run ends (on
 * every stop, signals included): a reader never sees half a trace at PATH, and two runs
 * writing the same PATH each leave a whole trace (the last one's). A PATH that exists and
 * is not a regular file (/dev/null, /dev/full, a FIFO) is written directly. */
struct trace_session {
    el2_machine *m;
    el2_observer ob;
    trace_writer *w;
    FILE *f;
    char *path, *expect;
    char *target, *tmp;        /* with a temporary file: where it goes, and its name */
    char *error;               /* the first write error: "--trace PATH: write error: REASON" */
    char *mem;
    size_t memlen;
};

/* Records the first write error and stops the run at once (el2sim has nowhere to put
 * its events any more). */
static void session_failed(trace_session *s)
{
    if (s->error)
        return;
    s->error = g_strdup_printf("--trace %s: write error: %s", s->path ? s->path : "(memory)",
                               g_strerror(trace_writer_errno(s->w)));
    if (s->m)
        cpu_stop(s->m->cpu, STOP_INTERNAL, 0, "the trace could not be written");
}

static void session_event(const el2_event *ev, void *user)
{
    trace_session *s = user;
    if (G_UNLIKELY(!trace_writer_event(s->w, ev)))
        session_failed(s);
}

void trace_session_finding(const el2_event *ev, void *user)
{
    trace_session *s = user;
    if (s && s->w && !trace_writer_event(s->w, ev))
        session_failed(s);
}

bool trace_session_failed(const trace_session *s)
{
    return s && s->error;
}

bool trace_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* An output that is one of the run's inputs (the same device and inode, through any
 * name) is refused: writing it would destroy what the run reads. */
static bool output_is_input(el2_machine *m, const char *path, const char *expect, GError **err)
{
    for (guint i = 0; i < m->images->len; i++) {
        const char *img = g_array_index(m->images, el2_image, i).path;
        if (trace_same_file(path, img)) {
            g_set_error(err, EL2_ERROR, 2, "--trace %s: the same file as the image %s; not overwriting an input",
                        path, img);
            return true;
        }
    }
    if (trace_same_file(path, expect)) {
        g_set_error(err, EL2_ERROR, 2, "--trace %s: the same file as --expect-trace %s; not overwriting an input",
                    path, expect);
        return true;
    }
    return false;
}

/* Opens the output: a temporary file beside PATH (beside the file a symbolic link names),
 * or PATH itself when it is a device or a FIFO. */
static FILE *open_output(trace_session *s, const char *path, GError **err)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        FILE *f = fopen(path, "wb");
        if (!f)
            g_set_error(err, EL2_ERROR, 2, "--trace %s: %s", path, g_strerror(errno));
        return f;
    }
    char *real = NULL;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
        real = realpath(path, NULL);
    s->target = g_strdup(real ? real : path);
    free(real);
    s->tmp = g_strdup_printf("%s.XXXXXX", s->target);
    int fd = g_mkstemp_full(s->tmp, O_WRONLY | O_CLOEXEC, 0666);      /* 0666 less the umask, as fopen */
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        g_set_error(err, EL2_ERROR, 2, "--trace %s: %s", path, g_strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(s->tmp);
        }
        g_clear_pointer(&s->tmp, g_free);
        g_clear_pointer(&s->target, g_free);
    }
    return f;
}

static void session_free(trace_session *s)
{
    free(s->mem);
    g_free(s->path);
    g_free(s->expect);
    g_free(s->target);
    g_free(s->tmp);
    g_free(s->error);
    g_free(s);
}

trace_session *trace_session_start(el2_machine *m, const char *path, bool full, const char *expect, GError **err)
{
    if (!path && !expect)
        return NULL;
    trace_session *s = g_new0(trace_session, 1);
    s->m = m;
    s->path = g_strdup(path);
    s->expect = g_strdup(expect);
    if (expect) {
        /* read the golden trace now so a missing file fails before the run */
        el2_trace *g = trace_read_file(expect, err);
        if (!g)
            goto fail;
        if (g->error) {             /* a damaged golden trace is bad input, not a mismatch */
            g_set_error(err, EL2_ERROR, 2, "--expect-trace: %s", g->error);
            trace_free(g);
            goto fail;
        }
        trace_free(g);
    }
    if (path) {
        if (output_is_input(m, path, expect, err))
            goto fail;
        s->f = open_output(s, path, err);
        if (!s->f)
            goto fail;
    } else {
        s->f = open_memstream(&s->mem, &s->memlen);
    }
    GArray *imgs = g_array_new(FALSE, TRUE, sizeof(el2_trace_image));
    for (guint i = 0; i < m->images->len; i++) {
        const el2_image *im = &g_array_index(m->images, el2_image, i);
        el2_trace_image ti = { .path = im->path };
        memcpy(ti.sha256, im->sha256, sizeof ti.sha256);
        g_array_append_val(imgs, ti);
    }
    el2_trace_meta meta = { .flags = TRACE_HAS_REGS | TRACE_HAS_STAMPS | TRACE_HAS_PC |
                                     (m->cpu->a32_machine ? TRACE_AARCH32 : 0),
                            .cpu = m->model && m->model->name ? m->model->name : "",
                            .producer = "el2sim " EL2_VERSION, .images = imgs, .syms = m->syms,
                            .cpus = m->smp ? m->smp->n : 1 };
    s->w = trace_writer_new(s->f, &meta, full);
    g_array_free(imgs, TRUE);
    if (trace_writer_failed(s->w)) {            /* not even the header was written: no run */
        g_set_error(err, EL2_ERROR, 2, "--trace %s: write error: %s", path ? path : "(memory)",
                    g_strerror(trace_writer_errno(s->w)));
        trace_writer_finish(s->w);
        fclose(s->f);
        if (s->tmp)
            unlink(s->tmp);
        goto fail;
    }
    s->ob = (el2_observer){ .event = session_event, .user = s };
    machine_observe_first(m, &s->ob);    /* the trace has each event before later observers act on it */
    m->cpu->capture_regs = true;
    return s;
fail:
    session_free(s);
    return NULL;
}

int trace_session_finish(trace_session *s, FILE *outf)
{
    if (!s)
        return 0;
    int rc = 0;
    if (s->m)
        machine_unobserve(s->m, &s->ob);
    s->m = NULL;                                 /* the run is over: nothing to stop */
    if (!trace_writer_finish(s->w) && !s->error)
        s->error = g_strdup_printf("--trace %s: write error: %s", s->path ? s->path : "(memory)", g_strerror(errno));
    if (fclose(s->f) && !s->error)
        s->error = g_strdup_printf("--trace %s: write error: %s", s->path ? s->path : "(memory)", g_strerror(errno));
    /* renamed even after a write error: what was written stays readable up to its last event */
    if (s->tmp && rename(s->tmp, s->target) != 0 && !s->error)
        s->error = g_strdup_printf("--trace %s: cannot rename %s to it: %s", s->path, s->tmp, g_strerror(errno));
    if (s->error) {
        fprintf(stderr, "el2sim: %s\n", s->error);
        rc = -1;
    }
    if (rc == 0 && s->expect) {
        GError *err = NULL;
        el2_trace *golden = trace_read_file(s->expect, &err);
        el2_trace *run = s->path ? trace_read_file(s->path, &err)
                                 : trace_read_mem("(this run)", (const uint8_t *)s->mem, s->memlen);
        if (!golden || !run) {
            fprintf(stderr, "el2sim: --expect-trace: %s\n", err ? err->message : "cannot read the traces");
            g_clear_error(&err);
            rc = -1;
        } else if (golden->error) {
            fprintf(stderr, "el2sim: --expect-trace: %s\n", golden->error);
            rc = -1;
        } else {
            rc = trace_diff(golden, run, false, outf) ? 1 : 0;
        }
        trace_free(golden);
        trace_free(run);
    }
    session_free(s);
    return rc;
}
