/* harness.c - see harness.h */
#include "harness.h"
#include "print.h"
#include <stdio.h>
#include <string.h>

char *image_path(const char *name)
{
    const char *dir = g_getenv("EL2_TEST_IMAGES");
    g_assert(dir);
    return g_build_filename(dir, name, NULL);
}

static void collect(const el2_event *ev, void *user)
{
    harness *h = user;
    g_array_append_val(h->ev, *ev);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    print_event(f, h->m->syms, ev);
    fclose(f);
    if (len && buf[len - 1] == '\n')
        buf[len - 1] = 0;
    g_ptr_array_add(h->lines, buf);
}

harness *harness_run(const char *image, const char *const *opts)
{
    harness *h = g_new0(harness, 1);
    h->ev = g_array_new(FALSE, TRUE, sizeof(el2_event));
    h->lines = g_ptr_array_new_with_free_func(free);
    GPtrArray *args = g_ptr_array_new();
    g_ptr_array_add(args, "run");
    for (const char *const *o = opts; o && *o; o++)
        g_ptr_array_add(args, (char *)*o);
    g_ptr_array_add(args, (char *)image);
    int argc = args->len;
    char **argv = g_new0(char *, argc + 1);
    for (int i = 0; i < argc; i++)
        argv[i] = g_strdup(g_ptr_array_index(args, i));
    char **argv_keep = g_memdup2(argv, sizeof(char *) * (argc + 1));
    g_ptr_array_free(args, TRUE);

    el2_cli_opts o = { 0 };
    g_autofree GOptionEntry *entries = cli_machine_entries(&o);
    GOptionContext *ctx = g_option_context_new(NULL);
    g_option_context_add_main_entries(ctx, entries, NULL);
    GError *err = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        h->error = g_strdup(err->message);
        h->exit_code = EXIT_BAD_INPUT;
    } else {
        h->m = cli_build_machine(&o, argv + 1, argc - 1, &err);
        if (!h->m) {
            h->error = g_strdup(err->message);
            h->exit_code = EXIT_BAD_INPUT;
        } else {
            h->m->cpu->capture_regs = true;
            h->ob = (el2_observer){ .event = collect, .user = h };
            machine_observe_last(h->m, &h->ob);
            machine_run(h->m);
            h->exit_code = cli_exit_code(h->m);
        }
    }
    if (err)
        g_error_free(err);
    g_option_context_free(ctx);
    g_strfreev(argv_keep);
    g_free(argv);
    return h;
}

void harness_free(harness *h)
{
    if (!h)
        return;
    machine_free(h->m);
    g_array_free(h->ev, TRUE);
    g_ptr_array_free(h->lines, TRUE);
    g_free(h->error);
    g_free(h);
}

const el2_event *hev(harness *h, guint i)
{
    g_assert(i < h->ev->len);
    return &g_array_index(h->ev, el2_event, i);
}

const char *hline(harness *h, guint i)
{
    g_assert(i < h->lines->len);
    return g_ptr_array_index(h->lines, i);
}

int hfind(harness *h, el2_event_kind kind, int n)
{
    for (guint i = 0; i < h->ev->len; i++)
        if (hev(h, i)->kind == kind && n-- == 0)
            return (int)i;
    return -1;
}

void harness_dump(harness *h)
{
    if (h->error)
        fprintf(stderr, "error: %s\n", h->error);
    for (guint i = 0; i < h->lines->len; i++)
        fprintf(stderr, "  [%u] %s\n", i, hline(h, i));
}
