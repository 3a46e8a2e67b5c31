/* fuzz_qemulog.c - libFuzzer harness: the QEMU `-d int` log parser (qemulog_parse),
 * which takes a buffer that need not be NUL-terminated. */
#include "fuzz_common.h"
#include "qemulog.h"
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a private copy of exactly size bytes, so ASan sees any read past the end */
    char *text = g_malloc(size ? size : 1);
    memcpy(text, data, size);
    GArray *ev = g_array_new(FALSE, TRUE, sizeof(el2_event));
    GError *err = NULL;
    if (!qemulog_parse(text, size, ev, &err)) {
        if (!err || !err->message || strchr(err->message, '\n'))
            abort();
        g_error_free(err);
    }
    g_array_free(ev, TRUE);
    g_free(text);
    return 0;
}
