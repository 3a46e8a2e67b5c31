/* uc_baseline.c - the peer for straight-line MIPS: Unicorn 2.0.1 running the same
 * compute image's loop with no hooks at all (what el2sim is measured against).
 * usage: uc_baseline IMAGE.bin LOAD_ADDR START END -> prints CPU seconds of the run */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unicorn/unicorn.h>

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: uc_baseline IMAGE.bin LOAD_ADDR START END\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    static unsigned char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    uint64_t load = strtoull(argv[2], NULL, 0), start = strtoull(argv[3], NULL, 0), end = strtoull(argv[4], NULL, 0);
    uc_engine *uc;
    if (uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &uc) != UC_ERR_OK || uc_ctl_set_cpu_model(uc, UC_CPU_ARM64_A57))
        return 1;
    uc_mem_map(uc, 0x40000000, 128 << 20, UC_PROT_ALL);
    uc_mem_write(uc, load, buf, n);
    uint64_t sp = 0x40400000;
    uc_reg_write(uc, UC_ARM64_REG_SP, &sp);
    struct timespec a, b;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    uc_err e = uc_emu_start(uc, start, end, 0, 0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    if (e != UC_ERR_OK) {
        fprintf(stderr, "uc_baseline: %s\n", uc_strerror(e));
        return 1;
    }
    printf("%.6f\n", (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
    uc_close(uc);
    return 0;
}
