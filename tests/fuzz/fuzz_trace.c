/* fuzz_trace.c - libFuzzer harness: the binary trace reader (trace_read_mem) on
 * arbitrary bytes: a damaged trace must give every complete event before the damage
 * and a one-line error, never a crash. */
#include "fuzz_common.h"
#include "trace.h"
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = g_malloc(size ? size : 1);   /* exactly size bytes for ASan */
    memcpy(copy, data, size);
    el2_trace *t = trace_read_mem("fuzz.trace", copy, size);
    if (t) {
        if (t->error && strchr(t->error, '\n'))
            abort();
        if (t->complete && t->error)
            abort();
        trace_free(t);
    }
    g_free(copy);
    return 0;
}
