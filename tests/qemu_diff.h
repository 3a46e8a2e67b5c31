/* qemu_diff.h - runs an image under qemu-system-aarch64 with `-d int` and compares the
 * exceptions QEMU logs with the events el2sim reports for the same image. */
#ifndef EL2_TEST_QEMU_DIFF_H
#define EL2_TEST_QEMU_DIFF_H
#include <glib.h>
#include <stdbool.h>
#include "harness.h"

#define QEMU_PROGRAM "qemu-system-aarch64"

typedef struct qemu_run {
    GArray *events;      /* el2_event parsed from QEMU's log */
    int status;          /* QEMU's exit status; -1 if it was stopped by us or died of a signal */
    char *stopped;       /* why QEMU was stopped (timeout, log too big), or NULL if it exited */
    char *stderr_text;   /* what QEMU wrote to stderr */
    char *cmdline;       /* the command line, for messages */
} qemu_run;

/* Runs IMAGE under QEMU (-M MACHINE, e.g. the virt machine with EL2, -cpu CPU, semihosting), giving up
 * after TIMEOUT_S seconds or once the log exceeds MAX_LOG bytes; parses the log. A log
 * cut short loses its last (possibly partial) record. Returns NULL with ERR set when QEMU
 * could not be started or the log could not be read or parsed. */
qemu_run *qemu_diff_run(const char *qemu, const char *machine, const char *cpu, const char *image, double timeout_s,
                        size_t max_log, GError **err);
void qemu_run_free(qemu_run *q);

/* One event as the comparison sees it (the compared fields, symbolised with ST if given). */
char *qemu_diff_format(const el2_symtab *st, const el2_event *ev);

/* Compares el2sim's run H (EV_SYSREG and EV_STOP skipped) with QEMU's run Q, then the
 * exit statuses. Returns NULL when they agree, else a multi-line report of the first
 * divergence: its index and both sides' events with two events of context. */
char *qemu_diff_compare(harness *h, const qemu_run *q);
#endif
