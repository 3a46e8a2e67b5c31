/* qemu_smp.h - the per-CPU QEMU comparison of the several-PE tests (test_smp, test_smpcheck):
 * an image under qemu-system-aarch64 -smp N and under el2sim --cpus N, each CPU's own
 * sequence of exceptions and returns compared (the interleavings differ: QEMU runs its
 * CPUs round robin with -accel tcg,thread=single). */
#ifndef EL2_TEST_QEMU_SMP_H
#define EL2_TEST_QEMU_SMP_H
#include "harness.h"

/* The two CPU pairs of the differential (README "The QEMU differential") */
typedef struct qemu_smp_pair { const char *machine, *qcpu, *cpu; } qemu_smp_pair;
extern const qemu_smp_pair qemu_smp_pairs[2];

/* Runs IMAGE (a path) under QEMU on PAIR with -smp NCPUS and under el2sim with --cpus NCPUS
 * --cpu PAIR->cpu; asserts both exit 0 and that each CPU has more than MIN_EVENTS
 * comparable events (no MSR, TLBI or STOP), the same number and the same events on both. */
void qemu_smp_compare(const char *qemu, const char *image, const qemu_smp_pair *pair, unsigned ncpus,
                      unsigned min_events);
#endif
