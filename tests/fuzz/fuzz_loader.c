/* fuzz_loader.c - libFuzzer harness: the ELF loader (executables, relocatable objects
 * with relocations, symbols) on arbitrary bytes. Also checks the promise of
 * loader.h: on failure a one-line message, on success a consistent image. */
#include "fuzz_common.h"
#include "loader.h"
#include "symbols.h"
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".o");
    el2_symtab *syms = symtab_new();
    el2_image img;
    GError *err = NULL;
    el2_load_opts o = { .default_base = 0x40080000 };
    /* the first byte picks the options, as --base does on the command line */
    if (size && (data[0] & 1)) {
        o.has_base = true;
        o.base = 0x40000000;
    }
    if (loader_load(path, &o, &img, syms, &err)) {
        for (guint i = 0; i < img.segments->len; i++) {
            const el2_segment *s = &g_array_index(img.segments, el2_segment, i);
            if (s->filesz > s->memsz || (s->filesz && !s->data))
                abort();
            if (s->memsz && (s->addr < img.lo || s->addr + s->memsz > img.hi))
                abort();
        }
        loader_image_clear(&img);
    } else {
        if (!err || !err->message || strchr(err->message, '\n'))
            abort();
        g_error_free(err);
    }
    symtab_free(syms);
    return 0;
}
