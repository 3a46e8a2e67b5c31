/* test_install.c - `meson install` gives a working el2sim: models/ is installed under
 * DATADIR/el2sim/models and the installed binary reads it from there, found from its own
 * location, with the source tree's models/ (its built-in fallback) never consulted.
 *
 * The build directory is installed with DESTDIR into a temporary directory, the
 * installed prefix is then moved elsewhere (so neither the configured prefix nor the
 * source tree can be what the binary finds), and the binary runs from a working
 * directory outside the tree with EL2_MODELS and EL2SIM_MODELS unset. The default CPU
 * model is then broken in the installed copy only: the run must report the installed
 * file, which it cannot do if it read the source tree's. */
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *env(const char *name)
{
    const char *v = g_getenv(name);
    cr_assert(v && *v, "%s not set", name);
    return v;
}

typedef struct { char *out, *err; int code; } result;

static void result_clear(result *r)
{
    g_free(r->out);
    g_free(r->err);
}

/* Runs argv in cwd with the environment minus the models variables, plus the
 * NAME=VALUE pairs in extra (NULL-terminated, may be NULL). */
static result spawn(const char *cwd, const char *const *argv, const char *const *extra)
{
    char **envp = g_get_environ();
    envp = g_environ_unsetenv(envp, "EL2_MODELS");
    envp = g_environ_unsetenv(envp, "EL2SIM_MODELS");
    for (const char *const *e = extra; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        g_autofree char *name = g_strndup(*e, eq - *e);
        envp = g_environ_setenv(envp, name, eq + 1, TRUE);
    }
    result r = { 0 };
    int st = 0;
    GError *err = NULL;
    cr_assert(g_spawn_sync(cwd, (char **)argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &r.out, &r.err, &st, &err),
              "%s: %s", argv[0], err ? err->message : "");
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    g_strfreev(envp);
    return r;
}

static void assert_result(result r, int code, const char *out, const char *err_line)
{
    g_autofree char *want_err = g_strconcat(err_line, "\n", NULL);
    cr_assert_str_eq(r.err, want_err);
    if (out)
        cr_assert_str_eq(r.out, out);
    cr_assert_eq(r.code, code, "exit %d, want %d", r.code, code);
}

/* What the tests below share: a fresh install, moved out of its prefix. */
static char *tmp, *prefix_dir, *bin, *models;

static void remove_tree(const char *dir)
{
    const char *argv[] = { "rm", "-rf", dir, NULL };
    int st = 0;
    g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &st, NULL);
}

static void install(void)
{
    const char *bindir = env("EL2_INSTALL_BINDIR"), *datadir = env("EL2_INSTALL_DATADIR");
    if (g_path_is_absolute(bindir) || g_path_is_absolute(datadir))
        cr_skip_test("bindir or datadir is absolute: the installed tree cannot be moved");
    g_autofree char *t = g_dir_make_tmp("el2install-XXXXXX", NULL);
    cr_assert(t);
    tmp = realpath(t, NULL);      /* /proc/self/exe names the real path */
    cr_assert(tmp);
    g_autofree char *destdir = g_strconcat("DESTDIR=", tmp, NULL);
    const char *argv[] = { env("MESON"), "install", "-C", env("EL2_BUILD_ROOT"), "--no-rebuild", "--quiet", NULL };
    result r = spawn(tmp, argv, (const char *[]){ destdir, NULL });
    cr_assert_eq(r.code, 0, "meson install: exit %d: %s%s", r.code, r.out, r.err);
    result_clear(&r);

    /* move PREFIX out of the way: only a lookup relative to the binary can find it now */
    g_autofree char *installed_prefix = g_build_filename(tmp, env("EL2_INSTALL_PREFIX"), NULL);
    prefix_dir = g_build_filename(tmp, "moved", NULL);
    cr_assert_eq(g_rename(installed_prefix, prefix_dir), 0, "rename %s: %s", installed_prefix, g_strerror(errno));
    bin = g_build_filename(prefix_dir, bindir, "el2sim", NULL);
    models = g_build_filename(prefix_dir, datadir, "el2sim", "models", NULL);
}

static void uninstall(void)
{
    if (tmp)
        remove_tree(tmp);
    free(tmp);
    g_free(prefix_dir); g_free(bin); g_free(models);
    tmp = prefix_dir = bin = models = NULL;
}

TestSuite(install, .init = install, .fini = uninstall, .timeout = 120);

Test(install, models_are_installed)
{
    const char *files[] = { "cpu/cortex-a57.cpu", "cpu/cortex-a53.cpu", "cpu/cortex-a72.cpu", "cpu/neoverse-n1.cpu",
                            "cpu/README.md", "abi/linux-hyp-stub-v5.abi", "abi/psci.abi", "abi/smccc.abi",
                            "abi/README.md" };
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        g_autofree char *p = g_build_filename(models, files[i], NULL);
        cr_assert(g_file_test(p, G_FILE_TEST_IS_REGULAR), "%s is not installed", p);
    }
    g_autofree char *el2trace = g_build_filename(prefix_dir, env("EL2_INSTALL_BINDIR"), "el2trace", NULL);
    cr_assert(g_file_test(el2trace, G_FILE_TEST_IS_EXECUTABLE), "%s is not installed", el2trace);
}

/* The installed binary runs an image as the build tree's does, from outside the tree. */
Test(install, installed_binary_runs)
{
    g_autofree char *img = g_build_filename(env("EL2_TEST_IMAGES"), "hvc_paths.elf", NULL);
    g_autofree char *src_models = g_strconcat("EL2_MODELS=", env("EL2_SOURCE"), "/models", NULL);
    result ref = spawn(tmp, (const char *[]){ env("EL2SIM"), "run", img, NULL }, (const char *[]){ src_models, NULL });
    cr_assert_eq(ref.code, 0, "%s", ref.err);
    result r = spawn(tmp, (const char *[]){ bin, "run", img, NULL }, NULL);
    cr_assert_str_eq(r.out, ref.out);
    cr_assert_str_eq(r.err, ref.err);
    cr_assert_eq(r.code, 0);
    result_clear(&r);
    result_clear(&ref);
}

/* Every error that names the models directory names the installed one. */
Test(install, installed_models_are_the_ones_read)
{
    g_autofree char *img = g_build_filename(env("EL2_TEST_IMAGES"), "hvc_paths.elf", NULL);
    g_autofree char *cpu_line = g_strdup_printf("el2sim run: unknown CPU model 'nosuch' (no %s/cpu/nosuch.cpu; "
                                                "models are in %s/cpu)", models, models);
    result r = spawn(tmp, (const char *[]){ bin, "run", "--cpu", "nosuch", img, NULL }, NULL);
    assert_result(r, 2, "", cpu_line);
    result_clear(&r);

    g_autofree char *abi_line = g_strdup_printf("el2sim check: unknown ABI 'nosuch' (no %s/abi/nosuch.abi)", models);
    r = spawn(tmp, (const char *[]){ bin, "check", "--abi", "nosuch", img, NULL }, NULL);
    assert_result(r, 2, "", abi_line);
    result_clear(&r);

    /* break the default model in the installed copy only: the run reads that file */
    g_autofree char *a57 = g_build_filename(models, "cpu", "cortex-a57.cpu", NULL);
    g_autofree char *text = NULL;
    cr_assert(g_file_get_contents(a57, &text, NULL, NULL));
    g_autoptr(GRegex) re = g_regex_new("^freq-mhz=.*$", G_REGEX_MULTILINE, 0, NULL);
    g_autofree char *broken = g_regex_replace_literal(re, text, -1, 0, "freq-mhz=0", 0, NULL);
    cr_assert(broken && strcmp(broken, text), "no freq-mhz line in %s", a57);
    cr_assert(g_file_set_contents(a57, broken, -1, NULL));
    g_autofree char *freq_line = g_strdup_printf("el2sim run: %s: [cpu] freq-mhz: '0' is not a clock from 1 to 100000 MHz", a57);
    r = spawn(tmp, (const char *[]){ bin, "run", img, NULL }, NULL);
    assert_result(r, 2, "", freq_line);
    result_clear(&r);
}

/* --models beats $EL2SIM_MODELS, which beats $EL2_MODELS, which beats the installed copy;
 * on run, check and scenario. */
Test(install, models_option_and_variables)
{
    g_autofree char *img = g_build_filename(env("EL2_TEST_IMAGES"), "hvc_paths.elf", NULL);
    g_autofree char *a = g_build_filename(tmp, "a", NULL);
    g_autofree char *b = g_build_filename(tmp, "b", NULL);
    g_autofree char *c = g_build_filename(tmp, "c", NULL);
    cr_assert_eq(g_mkdir(a, 0755), 0);
    cr_assert_eq(g_mkdir(b, 0755), 0);
    cr_assert_eq(g_mkdir(c, 0755), 0);
    g_autofree char *env_a = g_strconcat("EL2SIM_MODELS=", a, NULL);
    g_autofree char *env_b = g_strconcat("EL2_MODELS=", b, NULL);
    struct { const char *const *env; const char *opt; const char *dir; } cases[] = {
        { (const char *[]){ env_b, NULL }, NULL, b },
        { (const char *[]){ env_a, env_b, NULL }, NULL, a },
        { (const char *[]){ env_a, env_b, NULL }, c, c },
        { NULL, c, c },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const char *run_argv[] = { bin, "run", "--cpu", "nosuch", img, NULL, NULL, NULL };
        if (cases[i].opt) {
            run_argv[5] = "--models";
            run_argv[6] = cases[i].opt;
        }
        g_autofree char *want = g_strdup_printf("el2sim run: unknown CPU model 'nosuch' (no %s/cpu/nosuch.cpu; "
                                                "models are in %s/cpu)", cases[i].dir, cases[i].dir);
        result r = spawn(tmp, run_argv, cases[i].env);
        assert_result(r, 2, "", want);
        result_clear(&r);
    }

    g_autofree char *check_line = g_strdup_printf("el2sim check: unknown ABI 'nosuch' (no %s/abi/nosuch.abi)", c);
    result r = spawn(tmp, (const char *[]){ bin, "check", "--models", c, "--abi", "nosuch", img, NULL },
                     (const char *[]){ env_a, NULL });
    assert_result(r, 2, "", check_line);
    result_clear(&r);

    g_autofree char *scn = g_build_filename(tmp, "cpu.scn", NULL);
    g_autofree char *scn_text = g_strdup_printf("[machine]\ncpu=nosuch\nimages=%s\n\n[setup]\nmode=install\n\n"
                                                "[call one]\nhvc=0\n", img);
    cr_assert(g_file_set_contents(scn, scn_text, -1, NULL));
    g_autofree char *scn_line = g_strdup_printf("el2sim: %s: unknown CPU model 'nosuch' (no %s/cpu/nosuch.cpu; "
                                                "models are in %s/cpu)", scn, c, c);
    r = spawn(tmp, (const char *[]){ bin, "scenario", "--models", c, scn, NULL }, (const char *[]){ env_a, NULL });
    assert_result(r, 2, "", scn_line);
    result_clear(&r);

    const char *const *bad[] = {
        (const char *[]){ bin, "run", "--models", "/nonexistent/models", img, NULL },
        (const char *[]){ bin, "check", "--models", "/nonexistent/models", "--abi", "psci", img, NULL },
        (const char *[]){ bin, "scenario", "--models", "/nonexistent/models", scn, NULL },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *want = g_strdup_printf("el2sim %s: --models /nonexistent/models: not a directory", bad[i][1]);
        r = spawn(tmp, bad[i], NULL);
        assert_result(r, 2, "", want);
        result_clear(&r);
    }
}

/* The build tree's binary, with no variable set, still uses the source tree's models/
 * (nothing is installed beside it). */
Test(install, build_tree_falls_back_to_source)
{
    g_autofree char *img = g_build_filename(env("EL2_TEST_IMAGES"), "hvc_paths.elf", NULL);
    g_autofree char *src = g_build_filename(env("EL2_SOURCE"), "models", NULL);
    g_autofree char *want = g_strdup_printf("el2sim run: unknown CPU model 'nosuch' (no %s/cpu/nosuch.cpu; "
                                            "models are in %s/cpu)", src, src);
    result r = spawn(tmp, (const char *[]){ env("EL2SIM"), "run", "--cpu", "nosuch", img, NULL }, NULL);
    assert_result(r, 2, "", want);
    result_clear(&r);
}
