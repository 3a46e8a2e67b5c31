/* cmd_run.c - `el2sim run IMAGE... [options]`. */
#include "cli.h"
#include "gdbstub.h"
#include "print.h"
#include "trace_session.h"
#include <stdio.h>
#include <string.h>

typedef struct { el2_cli_opts *o; el2_machine *m; el2_observer ob; } run_ctx;

static void on_event(const el2_event *ev, void *user)
{
    run_ctx *c = user;
    if (c->o->quiet)
        return;
    print_event(stdout, c->m->syms, ev);
    if (c->o->show_regs)
        print_regs(stdout, ev);
}

int cmd_run(int argc, char **argv)
{
    el2_cli_opts o = { 0 };
    cli_buffer_stdout();
    g_autofree GOptionEntry *entries = cli_machine_entries(&o);
    g_autoptr(GOptionContext) ctx = g_option_context_new("IMAGE... - run AArch64 images under el2sim's EL1/EL2 model");
    g_option_context_add_main_entries(ctx, entries, NULL);
    GError *err = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "el2sim run: %s\n", err->message);
        g_error_free(err);
        return EXIT_BAD_INPUT;
    }
    el2_machine *m = cli_use_models(o.models, &err) ? cli_build_machine(&o, argv + 1, argc - 1, &err) : NULL;
    if (!m) {
        fprintf(stderr, "el2sim run: %s\n", err->message);
        g_error_free(err);
        return EXIT_BAD_INPUT;
    }
    el2_gdb *gs = NULL;
    if (o.gdb || o.gdb_catch) {
        if (o.gdb_catch && strcmp(o.gdb_catch, "exc"))
            g_set_error(&err, EL2_ERROR, 2, "--gdb-catch %s: expected 'exc'", o.gdb_catch);
        else if (!o.gdb)
            g_set_error(&err, EL2_ERROR, 2, "--gdb-catch needs --gdb");
        else
            gs = gdb_listen(o.gdb, o.gdb_catch != NULL, &err);
        if (!gs) {
            fprintf(stderr, "el2sim run: %s\n", err->message);
            g_error_free(err);
            machine_free(m);
            return EXIT_BAD_INPUT;
        }
    }
    run_ctx rc = { &o, m, { .event = on_event } };
    rc.ob.user = &rc;
    machine_observe_last(m, &rc.ob);
    m->cpu->console_echo = true;
    trace_session *ts = trace_session_start(m, o.trace, o.trace_full, o.expect_trace, &err);
    if (err) {
        fprintf(stderr, "el2sim run: %s\n", err->message);
        g_error_free(err);
        gdb_free(gs);
        machine_free(m);
        return EXIT_BAD_INPUT;
    }
    cli_install_signals(m);
    if (gs) {
        gdb_run(gs, m);
        gdb_free(gs);
    } else
        machine_run(m);
    fflush(stdout);
    cli_report_stop(m);
    int code = cli_exit_code(m);
    int trc = trace_session_finish(ts, stdout);
    fflush(stdout);
    if (trc > 0)
        code = EXIT_TRACE_MISMATCH;
    else if (trc < 0)               /* the trace could not be written or read: said on stderr */
        code = EXIT_BAD_INPUT;
    machine_free(m);
    return code;
}
