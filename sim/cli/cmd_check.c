/* cmd_check.c - `el2sim check IMAGE|SCENARIO --abi NAME`: run and report every ABI
 * violation. An image runs with its own EL1 code (like `run`); a scenario file (*.scn,
 * or any file starting with a [group] line) is driven call by call, and may name its ABI
 * itself (abi = in [machine]; --abi overrides it). */
#include "checker.h"
#include "cli.h"
#include "print.h"
#include "scenario.h"
#include "trace_session.h"
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool looks_like_scenario(const char *path)
{
    if (g_str_has_suffix(path, ".scn"))
        return true;
    /* not blocking on a FIFO: a file that is not regular is no scenario (the image
       loader then refuses it) */
    char buf[4] = { 0 };
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return false;
    struct stat st;
    ssize_t n = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, buf, sizeof buf) : 0;
    close(fd);
    return n >= 1 && (buf[0] == '[' || buf[0] == '#');
}

typedef struct { gboolean verbose; el2_machine *m; el2_observer ob; } check_ctx;

static void on_event(const el2_event *ev, void *user)
{
    check_ctx *c = user;
    if (c->verbose)
        print_event(stdout, c->m->syms, ev);
}

int cmd_check(int argc, char **argv)
{
    el2_cli_opts o = { 0 };
    char *abi_name = NULL, *abi_version = NULL, *report = NULL;
    char **image_path = NULL;
    int fuzz = 0, storm = 0;
    gint64 seed = 1;
    check_ctx cc = { 0 };
    cli_buffer_stdout();
    g_autofree GOptionEntry *entries = cli_machine_entries(&o);
    GOptionEntry own[] = {
        { "abi", 0, 0, G_OPTION_ARG_STRING, &abi_name, "the ABI to check against (models/abi); required unless a scenario names one", "NAME" },
        { "abi-version", 0, 0, G_OPTION_ARG_STRING, &abi_version, "the ABI's version (default: the file's default-version)", "V" },
        { "report", 0, 0, G_OPTION_ARG_FILENAME, &report, "also write the findings as JSON", "FILE" },
        { "fuzz", 0, 0, G_OPTION_ARG_INT, &fuzz, "N more runs with random values in the caller's preserved registers at every call", "N" },
        { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "random seed for --fuzz and --irq-storm (default 1)", "S" },
        { "irq-storm", 0, 0, G_OPTION_ARG_INT, &storm, "(a scenario) run each call N more times, each with IRQ 33 at a random instruction of the call", "N" },
        { "verbose", 'v', 0, G_OPTION_ARG_NONE, &cc.verbose, "print every event", NULL },
        { "image-path", 'I', 0, G_OPTION_ARG_FILENAME_ARRAY, &image_path, "a scenario's images are looked for here too", "DIR" },
        { NULL },
    };
    checker_args beyond = { 0 };
    g_autofree GOptionEntry *beyond_entries = checker_arg_entries(&beyond);
    g_autoptr(GOptionContext) ctx = g_option_context_new("IMAGE...|SCENARIO - report every violation of a calling convention");
    g_option_context_add_main_entries(ctx, own, NULL);
    g_option_context_add_main_entries(ctx, beyond_entries, NULL);
    g_option_context_add_main_entries(ctx, entries, NULL);
    GError *err = NULL;
    int code = EXIT_BAD_INPUT;
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "el2sim check: %s\n", err->message);
        g_error_free(err);
        goto out;
    }
    if (o.gdb) {
        fprintf(stderr, "el2sim check: --gdb serves `el2sim run` only\n");
        goto out;
    }
    if (!cli_use_models(o.models, &err)) {
        fprintf(stderr, "el2sim check: %s\n", err->message);
        g_error_free(err);
        goto out;
    }
    if (fuzz < 0 || storm < 0 || seed < 0 || seed > G_MAXUINT32) {
        fprintf(stderr, "el2sim check: --fuzz, --irq-storm and --seed take non-negative numbers\n");
        goto out;
    }
    if (argc < 2) {
        fprintf(stderr, "el2sim check: no image or scenario given\n");
        goto out;
    }
    if (argc == 2 && looks_like_scenario(argv[1])) {
        sc_file *s = scenario_load(argv[1], &err);
        if (!s) {
            fprintf(stderr, "el2sim check: %s\n", err->message);
            g_error_free(err);
            goto out;
        }
        if (!abi_name && !s->abi) {   /* a scenario may name its ABI (abi = in [machine]) */
            fprintf(stderr, "el2sim check: %s names no ABI: give --abi NAME or abi = NAME in [machine] (ABIs are in %s/abi)\n",
                    argv[1], models_dir());
            scenario_free(s);
            goto out;
        }
        sc_run_opts ro = { .verbose = cc.verbose, .abi = abi_name, .abi_version = abi_version, .report = report,
                           .fuzz = (unsigned)fuzz, .seed = (guint32)seed, .irq_storm = (unsigned)storm,
                           .image_path = image_path,
                           .cpu = o.cpu, .trace = o.trace, .trace_full = o.trace_full,
                           .expect_trace = o.expect_trace, .beyond = &beyond };
        code = scenario_execute(s, &ro);
        scenario_free(s);
        goto out;
    }
    if (storm) {
        fprintf(stderr, "el2sim check: --irq-storm %d: drives a scenario's calls; for an image give --irq\n", storm);
        goto out;
    }
    if (!abi_name) {
        fprintf(stderr, "el2sim check: --abi NAME is required (ABIs are in %s/abi)\n", models_dir());
        goto out;
    }
    abi_model *abi = abi_load(abi_name, abi_version, &err);
    if (!abi) {
        fprintf(stderr, "el2sim check: %s\n", err->message);
        g_error_free(err);
        goto out;
    }
    if (!checker_args_apply_abi(&beyond, abi, &err)) {
        fprintf(stderr, "el2sim check: %s\n", err->message);
        g_error_free(err);
        abi_free(abi);
        goto out;
    }
    checker *all = NULL;
    el2_machine *keep = NULL;
    bool tty = isatty(2);
    int trc = 0;
    for (int run = 0; run <= fuzz; run++) {
        el2_machine *m = cli_build_machine(&o, argv + 1, argc - 1, &err);
        if (!m) {
            fprintf(stderr, "el2sim check: %s\n", err->message);
            g_error_free(err);
            checker_free(all);
            machine_free(keep);
            abi_free(abi);
            goto out;
        }
        cc.m = m;
        cc.ob = (el2_observer){ .event = on_event, .user = &cc };
        machine_observe_last(m, &cc.ob);
        m->cpu->console_echo = cc.verbose && run == 0;
        checker *c = checker_attach(m, abi);
        if (run > 0)
            checker_set_perturb(c, (guint32)seed + (guint32)run - 1);
        if (!checker_args_start(c, m, &beyond, &err)) {
            fprintf(stderr, "el2sim check: %s\n", err->message);
            g_error_free(err);
            checker_free(c);
            machine_free(m);
            checker_free(all);
            machine_free(keep);
            abi_free(abi);
            goto out;
        }
        trace_session *ts = NULL;
        if (run == 0) {
            /* --trace / --expect-trace: the first (unperturbed) run, findings included */
            ts = trace_session_start(m, o.trace, o.trace_full, o.expect_trace, &err);
            if (err) {
                fprintf(stderr, "el2sim check: %s\n", err->message);
                g_error_free(err);
                checker_free(c);
                machine_free(m);
                abi_free(abi);
                goto out;
            }
            if (ts)
                checker_on_finding(c, trace_session_finding, ts);
        }
        if (tty && fuzz)
            fprintf(stderr, "\rel2sim check: run %d/%d", run + 1, fuzz + 1);
        cli_install_signals(m);
        machine_run(m);
        checker_finish(c);
        if (ts) {
            checker_on_finding(c, NULL, NULL);
            trc = trace_session_finish(ts, stdout);
        }
        if (run == 0) {
            if (m->cpu->stop != STOP_SEMIHOST_EXIT && m->cpu->stop != STOP_PSCI_OFF)
                cli_report_stop(m);
            all = c;
            keep = m;
        } else {
            checker_merge(all, c);
            checker_free(c);
            bool sig = m->cpu->stop == STOP_SIGNAL;
            machine_free(m);
            if (sig)
                break;
        }
        if (keep->cpu->stop == STOP_SIGNAL || trc < 0)
            break;
    }
    if (tty && fuzz)
        fprintf(stderr, "\r\033[K");
    checker_print(all, stdout);
    if (beyond.vbar_timeline)
        checker_print_vbar_timeline(all, stdout);
    code = checker_count(all) ? 1 : 0;
    if (report && !checker_write_json(all, report, &err)) {
        fprintf(stderr, "el2sim check: --report %s: %s\n", report, err->message);
        g_error_free(err);
        code = EXIT_BAD_INPUT;
    }
    if (trc > 0)
        code = 1;
    if (keep->cpu->stop == STOP_SIGNAL)
        code = 128 + keep->cpu->stop_status;
    if (trc < 0)                     /* the trace could not be written or read: said on stderr */
        code = EXIT_BAD_INPUT;
    checker_free(all);
    machine_free(keep);
    abi_free(abi);
out:
    g_free(abi_name); g_free(abi_version); g_free(report);
    g_strfreev(image_path);
    checker_args_clear(&beyond);
    return code;
}
