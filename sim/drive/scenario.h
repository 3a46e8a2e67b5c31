/* scenario.h - scenario files: drive a stub's calls from EL1 without writing EL1 code.
 * The format is documented in README "Scenarios". */
#ifndef EL2_SCENARIO_H
#define EL2_SCENARIO_H
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "machine.h"

typedef enum { CALL_HVC, CALL_SMC, CALL_SVC, CALL_FUNC } call_kind;

typedef struct sc_expect {
    char *what;          /* "x0", "el", a system register name */
    char *value;         /* number or symbol, resolved after loading */
    int line;
} sc_expect;

typedef struct sc_call {
    char *name;
    int line;            /* of the [call ...] header */
    call_kind kind;
    uint32_t imm;        /* hvc/smc immediate */
    char *func;          /* CALL_FUNC: symbol */
    char *args[31];      /* x0..x30 (AArch32: r0-r12 and the banked registers by their X number) values (NULL: the [setup] value, else xN's number in
                          * every byte; README "Scenarios") */
    int el;              /* caller EL (-1: wherever the previous call left the CPU) */
    unsigned repeat;
    bool returns;        /* expected to come back to the call site */
    char *lands;         /* expected landing symbol/address (implies !returns) */
    uint64_t max_insns;
    GArray *expect;      /* sc_expect */
    char **irqs;         /* irq = WHAT@+N; WHAT@SYMBOL (irq_drive.h), raised in each run of the call */
    int irq_line;
} sc_call;


typedef struct sc_file {
    char *path, *dir, *text;
    char *cpu, *ram, *max_insns;
    char *cpus;          /* [machine] cpus = N: PEs (the calls are made on PE 0) */
    char *arch;          /* [machine] arch = aarch64 | aarch32 (the Hyp-mode machine, --arch) */
    GPtrArray *images;   /* char* paths (resolved against the scenario's directory) */
    char *base, *load;
    char **defines;
    char *mode;          /* "install" or "boot" */
    int el;              /* install: EL the calls come from (default 1) */
    char *entry, *stop_at;
    GPtrArray *set_names, *set_values;  /* install: register = value */
    GArray *set_lines;
    GPtrArray *calls;    /* sc_call* */
    char *abi, *abi_version;
    bool a32;            /* [machine] arch = aarch32: the AArch32 Hyp-mode machine; calls are
                          * A32 and set r0-r12 (README "Scenarios") */
    char **irqs;         /* [machine] irq = WHAT@CYCLE|+N|SYMBOL; ... (as --irq) */
    int irq_line;
} sc_file;

typedef struct sc_run_opts {
    bool verbose;
    const char *abi, *abi_version;   /* check every call against this ABI */
    const char *report;              /* JSON findings */
    unsigned fuzz;                   /* run each call this many more times, perturbed */
    guint32 seed;
    unsigned irq_storm;              /* run each call this many more times, each with one
                                      * IRQ (INTID 33) at a random instruction of the call */
    char **image_path;               /* extra directories for the scenario's images */
    const char *cpu;                 /* overrides [machine] cpu */
    const char *trace;               /* --trace FILE */
    bool trace_full;                 /* --trace-full */
    const char *expect_trace;        /* --expect-trace GOLDEN: a divergence fails the run (exit 1) */
    const struct checker_args *beyond;  /* --scramble-clobbers, --reserve, ... (checker.h); may be NULL */
} sc_run_opts;

sc_file *scenario_load(const char *path, GError **err);
/* Runs a loaded scenario; returns the exit code (0 pass, 1 failures/violations, 2 invalid). */
int scenario_execute(sc_file *s, const sc_run_opts *ro);
void scenario_free(sc_file *s);
int cmd_scenario(int argc, char **argv);
#endif
