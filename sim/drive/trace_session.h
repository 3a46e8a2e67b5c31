/* trace_session.h - --trace / --trace-full / --expect-trace on a machine. */
#ifndef EL2_TRACE_SESSION_H
#define EL2_TRACE_SESSION_H
#include <stdio.h>
#include "machine.h"
#include "trace.h"

typedef struct trace_session trace_session;
/* Attaches to the machine (an observer that sees each event first, registers captured).
 * path and expect may be NULL (then returns NULL without error). The trace is written to
 * a temporary file beside path and renamed to path by trace_session_finish (a device or
 * FIFO is written directly); a path that is one of the images or the golden trace is
 * refused. The first failed write stops the machine (STOP_INTERNAL). */
trace_session *trace_session_start(el2_machine *m, const char *path, bool full, const char *expect,
                                   GError **err);
/* An ABI finding (from checker.c) as an EV_FINDING event (el2_event_fn; user = the session). */
void trace_session_finding(const el2_event *ev, void *session);
/* a and b name the same file (device and inode; false when either does not exist). */
bool trace_same_file(const char *a, const char *b);
/* A write to the trace has failed (the machine was stopped then): the caller stops too. */
bool trace_session_failed(const trace_session *s);
/* Ends the trace and renames it into place; with --expect-trace compares with the golden
 * trace and prints the divergence to OUT. Returns 0 (fine), 1 (divergence) or -1 (the
 * trace could not be written or read: one line on stderr, "el2sim: --trace PATH: write
 * error: REASON"; the caller exits 2). */
int trace_session_finish(trace_session *s, FILE *out);
#endif
