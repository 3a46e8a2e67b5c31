/* trace_session.c - --trace, --trace-full and --expect-trace: a trace writer observing
 * a machine, and the comparison with a golden trace at the end of the run. */
#include "trace_session.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


struct trace_session {
    el2_machine *m;
    el2_observer ob;
    trace_writer *w;
    FILE *f;
    char *path, *expect;
    char *mem;
    size_t memlen;
};

static void session_event(const el2_event *ev, void *user)
{
    trace_session *s = user;
    trace_writer_event(s->w, ev);
}

void trace_session_finding(const el2_event *ev, void *user)
{
    trace_session *s = user;
    if (s && s->w)
        trace_writer_event(s->w, ev);
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
        s->f = fopen(path, "wb");
        if (!s->f) {
            g_set_error(err, EL2_ERROR, 2, "--trace %s: %s", path, g_strerror(errno));
            goto fail;
        }
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
    el2_trace_meta meta = { .flags = TRACE_HAS_REGS | TRACE_HAS_STAMPS | TRACE_HAS_PC,
                            .cpu = m->model && m->model->name ? m->model->name : "",
                            .producer = "el2sim " EL2_VERSION, .images = imgs, .syms = m->syms };
    s->w = trace_writer_new(s->f, &meta, full);
    g_array_free(imgs, TRUE);
    s->ob = (el2_observer){ .event = session_event, .user = s };
    machine_observe_first(m, &s->ob);    /* the trace has each event before later observers act on it */
    m->cpu->capture_regs = true;
    return s;
fail:
    g_free(s->path);
    g_free(s->expect);
    g_free(s);
    return NULL;
}

int trace_session_finish(trace_session *s, FILE *outf)
{
    if (!s)
        return 0;
    int rc = 0;
    machine_unobserve(s->m, &s->ob);
    bool ok = trace_writer_finish(s->w);
    if (fclose(s->f))
        ok = false;
    if (!ok) {
        fprintf(stderr, "el2sim: --trace %s: write error\n", s->path ? s->path : "(memory)");
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
    free(s->mem);
    g_free(s->path);
    g_free(s->expect);
    g_free(s);
    return rc;
}
