/* uc_floor.c - the floor under el2sim's HVC round trip: Unicorn 2.0.1 alone, parked at
 * EL3 as el2sim parks it, running `mov x0,#0; hvc #0; subs; b.ne` against a
 * `mov x0,#0; eret` handler, with the least an interrupt hook can do (return address
 * into ELR_EL3, PC to the handler, both stored through ucfast). No block or code hooks.
 * usage: uc_floor N [pmu]   ("pmu": leave the engine's PMCR_EL0.N as Unicorn sets it)
 * prints round trips per second (wall); run under callgrind for instructions. */
#include "ucfast.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static el2_ucfast f;
static const uint64_t handler = 0x40002000;

static void hook_intr(uc_engine *uc, uint32_t intno, void *user)
{
    f.elr_el[3] = *f.pc;          /* past the HVC */
    *f.pc = handler;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: uc_floor N [pmu]\n");
        return 2;
    }
    uint64_t n = strtoull(argv[1], NULL, 0);
    bool pmu = argc > 2 && !strcmp(argv[2], "pmu");
    uc_engine *uc;
    if (uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &uc) != UC_ERR_OK || uc_ctl_set_cpu_model(uc, UC_CPU_ARM64_A57))
        return 1;
    uc_mem_map(uc, 0x40000000, 0x100000, UC_PROT_ALL);
    /* to EL3 the way el2sim does: SCR_EL3 = NS|HCE|RW, SPSR_EL3 = EL3h, ERET from EL1 */
    uint32_t eret = 0xd69f03e0;
    uc_mem_write(uc, 0x40000000, &eret, 4);
    uc_arm64_cp_reg scr = { .op0 = 3, .op1 = 6, .crn = 1, .crm = 1, .op2 = 0, .val = 1 | 1 << 8 | 1 << 10 };
    uc_arm64_cp_reg spsr = { .op0 = 3, .op1 = 6, .crn = 4, .crm = 0, .op2 = 0, .val = 0x3cd };
    uint64_t park = 0x40000080;
    uint32_t ps = 0x3cd;
    uc_reg_write(uc, UC_ARM64_REG_CP_REG, &scr);
    uc_reg_write(uc, UC_ARM64_REG_CP_REG, &spsr);
    uc_reg_write(uc, UC_ARM64_REG_ELR_EL1, &park);
    uc_reg_write(uc, UC_ARM64_REG_PSTATE, &ps);
    uc_emu_start(uc, 0x40000000, park, 0, 0);
    const char *why = NULL;
    if (!ucfast_attach(uc, &f, &why)) {
        fprintf(stderr, "uc_floor: no direct register access: %s\n", why);
        return 1;
    }
    if (!pmu) {
        uc_arm64_cp_reg pmcr = { .op0 = 3, .op1 = 3, .crn = 9, .crm = 12, .op2 = 0, .val = 0 };
        uc_reg_write(uc, UC_ARM64_REG_CP_REG, &pmcr);
    }
    uint32_t loop[] = { 0xd2800000, 0xd4000002, 0xf1000673, 0x54ffffa1, 0xd503201f };
    uint32_t h[] = { 0xd2800000, 0xd69f03e0 };
    uc_mem_write(uc, 0x40001000, loop, sizeof loop);
    uc_mem_write(uc, handler, h, sizeof h);
    uc_hook hh;
    uc_hook_add(uc, &hh, UC_HOOK_INTR, hook_intr, NULL, 1, 0);
    uc_reg_write(uc, UC_ARM64_REG_X19, &n);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    uc_err e = uc_emu_start(uc, 0x40001000, 0x40001010, 0, 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    uint64_t x19 = 1;
    uc_reg_read(uc, UC_ARM64_REG_X19, &x19);
    if (e != UC_ERR_OK || x19 != 0) {
        fprintf(stderr, "uc_floor: the loop did not finish (%s, x19 = %llu)\n", uc_strerror(e),
                (unsigned long long)x19);
        return 1;
    }
    double t = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
    printf("%llu round trips in %.3f s: %.0f k/s\n", (unsigned long long)n, t, (double)n / t / 1e3);
    return 0;
}
