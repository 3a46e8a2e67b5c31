/* fuzz_common.h - shared by the libFuzzer harnesses in tests/fuzz: most parsers under
 * test take a path, so each input is written to one private temporary file. */
#ifndef EL2_FUZZ_COMMON_H
#define EL2_FUZZ_COMMON_H
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char *fuzz_path;

static void fuzz_unlink(void)
{
    if (fuzz_path)
        unlink(fuzz_path);
}

/* Writes data to this process's temporary file (named ...SUFFIX) and returns its
 * path; the file is removed at exit. */
static const char *fuzz_file(const uint8_t *data, size_t size, const char *suffix)
{
    if (!fuzz_path) {
        GError *e = NULL;
        char *tmpl = g_strdup_printf("el2fuzz-XXXXXX%s", suffix);
        int fd = g_file_open_tmp(tmpl, &fuzz_path, &e);
        g_free(tmpl);
        if (fd < 0) {
            fprintf(stderr, "fuzz: %s\n", e->message);
            abort();
        }
        close(fd);
        atexit(fuzz_unlink);
    }
    if (!g_file_set_contents(fuzz_path, (const char *)data, (gssize)size, NULL))
        abort();
    return fuzz_path;
}
#endif
