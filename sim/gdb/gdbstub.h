/* gdbstub.h - a GDB remote-serial-protocol server over one el2sim machine
 * (`el2sim run --gdb [HOST:]PORT`). Written from the protocol description in GDB's
 * manual, appendix "GDB Remote Serial Protocol". */
#ifndef EL2_GDBSTUB_H
#define EL2_GDBSTUB_H
#include <glib.h>
#include <stdbool.h>
#include "machine.h"

typedef struct el2_gdb el2_gdb;

/* Opens the listening socket for [HOST:]PORT (HOST defaults to 127.0.0.1; PORT 0
 * picks a free port) and prints "el2sim: gdb server listening on HOST:PORT" on
 * stderr. catch_exc: report a stop after every modelled exception entry. */
el2_gdb *gdb_listen(const char *spec, bool catch_exc, GError **err);
/* Waits for gdb, then runs the machine (booted, not yet started) under its control
 * until the run ends; like machine_run, the EV_STOP event is emitted once at the end
 * and the stop kind returned. A lost connection or a detach lets the run go on to
 * completion. */
el2_stop_kind gdb_run(el2_gdb *g, el2_machine *m);
void gdb_free(el2_gdb *g);
#endif
