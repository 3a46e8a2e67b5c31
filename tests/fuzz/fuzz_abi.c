/* fuzz_abi.c - libFuzzer harness: the ABI model parser (abi_load) on arbitrary text,
 * then the lookups a checker makes with the model. */
#include "fuzz_common.h"
#include "abi.h"
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".abi");
    GError *err = NULL;
    abi_model *a = abi_load(path, NULL, &err);
    if (a) {
        static const uint64_t fids[] = { 0, 1, 2, 0x80000000, 0x84000000, 0xc4000003, ~0ULL };
        for (size_t i = 0; i < G_N_ELEMENTS(fids); i++) {
            uint64_t fid = abi_fid(a, fids[i]);
            const abi_func *f = abi_lookup(a, fid);
            if (f)
                (void)abi_result_ok(a, f, fid, 0);
            (void)abi_fid_problem(a, fid);
        }
        abi_free(a);
    } else {
        if (!err || !err->message || strchr(err->message, '\n'))
            abort();
        g_error_free(err);
    }
    return 0;
}
