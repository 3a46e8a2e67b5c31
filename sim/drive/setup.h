/* setup.h - command-line front end shared by `el2sim run`, `scenario` and `check`. */
#ifndef EL2_SETUP_H
#define EL2_SETUP_H
#include <glib.h>
#include "machine.h"
#include "num.h"

/* Exit codes (README "Exit codes") */
#define EXIT_BAD_INPUT   2
#define EXIT_STOP_AT     3
#define EXIT_PSCI_RESET  4
#define EXIT_WFI         5
#define EXIT_INTERNAL    70
#define EXIT_BUDGET      124
#define EXIT_GUEST_FAULT 125

typedef struct el2_cli_opts {
    char *cpu;
    char **ram;        /* BASE:SIZE */
    char *base;
    char *load;
    char **defines;    /* SYM=ADDR */
    char *arch;                 /* --arch aarch64|aarch32 */
    char *el;          /* 1 or 2 (default 2) */
    char *entry;
    char **regs;       /* NAME=VALUE */
    char **stop_at;
    char **irqs;       /* --irq WHAT@CYCLE|+N|SYMBOL */
    char *max_insns;
    char *cpus;        /* --cpus N: PEs (1..8) */
    char *quantum;     /* --quantum N: instructions per turn with several PEs */
    gboolean show_regs;
    gboolean quiet;
    gboolean no_timing;       /* count instructions only: every cost 0 (benchmarks) */
    gboolean no_align_faults; /* do not check ordinary load/store alignment */
    gboolean allow_no_entry;  /* scenarios place the PC themselves */
    char *gdb;                /* --gdb [HOST:]PORT: serve the GDB remote protocol (sim/gdbstub.c) */
    char *gdb_catch;          /* --gdb-catch exc: stop after each exception entry */
    char *trace;              /* --trace FILE: binary trace (traces/FORMAT.md) */
    gboolean trace_full;      /* --trace-full: every event a full register snapshot */
    char *expect_trace;       /* --expect-trace GOLDEN: fail at the first divergence */
    char *models;             /* --models DIR: CPU models and ABIs (cli_use_models) */
} el2_cli_opts;

/* GOption entries for the options above (shared by the subcommands). */
GOptionEntry *cli_machine_entries(el2_cli_opts *o);
/* Builds a machine from the options and images (positional arguments): CPU, RAM,
 * images (with warnings for undefined symbols on stderr), boot state, registers,
 * stop points. Errors are one line in *err. */
el2_machine *cli_build_machine(el2_cli_opts *o, char **images, int nimages, GError **err);

/* --models DIR: read CPU models and ABIs from DIR (which must be a directory) instead of
 * the default order (models_dir). NULL: nothing to do. */
bool cli_use_models(const char *dir, GError **err);

/* NAME=VALUE: x0-x30, sp, sp_el0-2 or a system register; VALUE a number or symbol. */
bool cli_set_register(el2_machine *m, const char *spec, GError **err);
int cli_exit_code(el2_machine *m);
/* SIGINT, SIGTERM, SIGPIPE and SIGHUP (unless ignored at start, as nohup does) stop the
 * machine cleanly (the trace stays valid); the exit code is then 128 + the signal. */
void cli_install_signals(el2_machine *m);

void cli_report_stop(el2_machine *m);
/* Before the first output: stdout to a file or pipe is written in 64 KiB blocks
 * (a terminal keeps line buffering). */
void cli_buffer_stdout(void);
#endif
