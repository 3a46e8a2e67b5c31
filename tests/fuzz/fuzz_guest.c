/* fuzz_guest.c - libFuzzer harness: arbitrary guest code (issue 17: "guest programs that
 * branch and access anywhere, nested exceptions"). The input is a raw image at 0x40080000
 * that is also the vector table of EL1 and EL2; execution starts at +0x800 at EL2 (or EL1,
 * by the input's first byte) with registers pointing all over the address space. Whatever
 * the code does, the run ends with a stop that is the guest's (never an internal error),
 * within its instruction budget, with a one-line message. */
#include "fuzz_common.h"
#include "setup.h"
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 0x4000)
        return 0;
    const char *path = fuzz_file(data, size, ".bin");
    char *regs[] = { "vbar_el2=0x40080000", "vbar_el1=0x40080000", "x1=0xffffff0000", "x2=0x1000000000000",
                     "x3=0x40080802", "x4=0xffff800008000000", "x5=0x40081000", NULL };
    el2_cli_opts o = { .load = "0x40080000", .entry = "0x40080800", .regs = regs, .max_insns = "20000",
                       .el = size && (data[0] & 1) ? "1" : "2" };
    char *images[] = { (char *)path, NULL };
    GError *err = NULL;
    el2_machine *m = cli_build_machine(&o, images, 1, &err);
    if (!m) {
        if (!err || !err->message || strchr(err->message, '\n'))
            abort();
        g_error_free(err);
        return 0;
    }
    machine_run(m);
    el2_cpu *c = m->cpu;
    if (c->stop == STOP_INTERNAL || c->stop == STOP_NONE || c->insns > 20000 + 4096 ||
        (c->stop_msg && strchr(c->stop_msg, '\n')))
        abort();
    machine_free(m);
    return 0;
}
