/* fuzz_cpu.c - libFuzzer harness: the CPU model parser (cpu_model_load). */
#include "fuzz_common.h"
#include "cpu_model.h"
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".cpu");
    GError *err = NULL;
    el2_cpu_model *c = cpu_model_load(path, &err);
    if (c) {
        cpu_model_free(c);
    } else {
        if (!err || !err->message || strchr(err->message, '\n'))
            abort();
        g_error_free(err);
    }
    return 0;
}
