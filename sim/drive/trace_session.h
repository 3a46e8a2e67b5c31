/* trace_session.h - --trace / --trace-full / --expect-trace on a machine. */
#ifndef EL2_TRACE_SESSION_H
#define EL2_TRACE_SESSION_H
#include <stdio.h>
#include "machine.h"
#include "trace.h"

typedef struct trace_session trace_session;
/* Attaches to the machine (an observer that sees each event first, registers
 * captured). path and expect may be NULL (then returns NULL without error). */
trace_session *trace_session_start(el2_machine *m, const char *path, bool full, const char *expect,
                                   GError **err);
/* An ABI finding (from checker.c) as an EV_FINDING event (el2_event_fn; user = the session). */
void trace_session_finding(const el2_event *ev, void *session);
/* Ends the trace; with --expect-trace compares with the golden trace and prints the
 * divergence to OUT. Returns 0 (fine), 1 (divergence) or -1 (error, message on stderr). */
int trace_session_finish(trace_session *s, FILE *out);
#endif
