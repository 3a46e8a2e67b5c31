/* fuzz_scenario.c - libFuzzer harness: the scenario parser (scenario_load) on
 * arbitrary text. Loading only: running needs images. */
#include "fuzz_common.h"
#include "scenario.h"
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".scn");
    GError *err = NULL;
    sc_file *s = scenario_load(path, &err);
    if (s) {
        scenario_free(s);
    } else {
        if (!err || !err->message || strchr(err->message, '\n'))
            abort();
        g_error_free(err);
    }
    return 0;
}
