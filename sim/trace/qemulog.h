/* qemulog.h - reads the exception log QEMU writes with `-d int` (and `-d guest_errors`,
 * which is where QEMU reports illegal exception returns) into el2sim events, so a QEMU
 * run can be compared with an el2sim run event by event.
 *
 * Lines understood (QEMU 7.2 wording; older and newer variants tolerated):
 *   Taking exception N [NAME] on CPU C         starts an exception record
 *   ...from ELa to ELb
 *   ...with ESR 0xEC/0xSYNDROME   (or ...with ESR 0xSYNDROME)
 *   ...with ELR 0x...   ...with SPSR 0x...   ...with FAR 0x...
 *   ...to ELb PC 0x... PSTATE 0x...             ends an exception record
 *   ...handled as PSCI call                     QEMU's own PSCI firmware answered an SMC/HVC
 *   ...handling as semihosting call 0xOP        semihosting (exception 16) operation
 *   Exception return from AArch64 ELa to AArch64 ELb PC 0x...
 *   Illegal exception return at ELa: resuming execution at 0x...
 * Every other line is ignored.
 *
 * Events produced (only the fields the log gives; the rest are 0):
 *   exception      EV_EXC  from_el, to_el, exc, esr, elr, spsr, far, target; old says which of
 *                  the optional FAR and SPSR lines the record had (TRACE_QEMU_LOGGED_*)
 *   semihosting    EV_EXC  exc = EXC_SEMIHOST, from_el == to_el, value = operation
 *   PSCI by QEMU   EV_EXC  exc = EXC_FIRMWARE, to_el = 3, esr; then EV_ERET from_el = 3 back
 *                  to the caller's EL (target unknown: 0). A PSCI call that is the last record
 *                  of the log (SYSTEM_OFF, or the run was cut) gets no EV_ERET.
 *   return         EV_ERET from_el, to_el, target
 *   illegal return EV_ERET illegal = true, from_el == to_el, target
 * The exception kind comes from the ESR's EC; without an ESR line, from QEMU's exception
 * number. */
#ifndef EL2_QEMULOG_H
#define EL2_QEMULOG_H
#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include "event.h"

#define QEMULOG_ERROR qemulog_error_quark()
GQuark qemulog_error_quark(void);
enum {
    QEMULOG_ERROR_PARSE = 1,        /* the log is malformed: "NAME:LINE: what" */
    QEMULOG_ERROR_READ = 2,         /* the file cannot be read: "PATH: cannot open: REASON" */
    QEMULOG_ERROR_NOT_REGULAR = 3,  /* a FIFO, a device: "PATH: not a regular file" */
};

/* Parses TEXT (LEN bytes, need not be NUL-terminated) and appends el2_event records to
 * EVENTS. On error returns false with a one-line message "log:LINE: what". A log of
 * several CPUs (QEMU -smp N) names CPUs other than 0 ("Taking exception ... on CPU N";
 * with -d exec, "Trace N:" before each block the CPU runs, which is where an exception
 * return's CPU comes from): its events then carry their CPU (el2_event.cpu = N + 1), as
 * el2sim's do with several PEs; a log that names CPU 0 only gives events without one. */
bool qemulog_parse(const char *text, size_t len, GArray *events /* el2_event */, GError **err);
/* The same, naming the log NAME in messages ("NAME:LINE: what"). */
bool qemulog_parse_named(const char *name, const char *text, size_t len, GArray *events, GError **err);
/* Reads and parses the file PATH (a regular file); messages are "PATH:LINE: what". */
bool qemulog_parse_file(const char *path, GArray *events, GError **err);
#endif
