/* harness.h - runs an image through el2sim's library and keeps every event, for
 * Criterion tests that assert exact events. */
#ifndef EL2_TEST_HARNESS_H
#define EL2_TEST_HARNESS_H
#include <glib.h>
#include "setup.h"
#include "machine.h"

typedef struct harness {
    el2_machine *m;
    GArray *ev;          /* el2_event, in order, EV_STOP last */
    GPtrArray *lines;    /* char*: each event as print_event formats it (no newline) */
    int exit_code;       /* what `el2sim run` would exit with */
    char *error;         /* set when the machine could not be built (bad input) */
    el2_observer ob;     /* collects the events */
} harness;

/* Path of a test image built by tests/images/meson.build (NAME.elf or NAME.o). */
char *image_path(const char *name);
/* Runs IMAGE with CLI-style options, e.g. (const char *[]){"--cpu", "neoverse-n1", NULL}.
 * Registers are captured with every event. */
harness *harness_run(const char *image, const char *const *opts);
void harness_free(harness *h);
const el2_event *hev(harness *h, guint i);
const char *hline(harness *h, guint i);
/* Index of the n-th (0-based) event of the given kind, or -1. */
int hfind(harness *h, el2_event_kind kind, int n);
/* Dumps all lines to stderr (for failing tests). */
void harness_dump(harness *h);
#endif
