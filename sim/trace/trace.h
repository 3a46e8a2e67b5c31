/* trace.h - binary event traces (traces/FORMAT.md): the writer el2sim uses for
 * --trace, the reader el2trace and --expect-trace use, and the comparison both share. */
#ifndef EL2_TRACE_H
#define EL2_TRACE_H
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "event.h"
#include "symbols.h"

#define TRACE_VERSION_MAJOR 1
#define TRACE_VERSION_MINOR 4   /* 1.1: event kind 5 (TLBI), the PA extension of event bodies;
                                   1.2: interrupt exception kinds 15-20 (value INTID, status source);
                                   1.3: the number of PEs in the header, each event's PE (written
                                   only for a machine with several PEs: one PE still gives 1.2);
                                   1.4: the Hyp-mode machine (--arch aarch32): header flag
                                   TRACE_AARCH32, each event's AArch32 mode (written only for it) */

/* header flags */
#define TRACE_HAS_REGS   0x01u   /* events carry x0-x30 and sp */
#define TRACE_HAS_STAMPS 0x02u   /* insns and cycles are meaningful */
#define TRACE_HAS_PC     0x04u   /* pc and insn of each event are meaningful */
#define TRACE_FROM_QEMU  0x08u   /* imported from QEMU's -d int log (exception fields only) */
#define TRACE_AARCH32    0x10u   /* (1.4) EL2 is AArch32 (--arch aarch32): registers are 32 bits
                                    wide, R0-R14 of every mode in x0-x30 by the Arm ARM's
                                    mapping; events carry their mode (el2_event.a32) */

/* In a FROM_QEMU trace, an exception entry's `old` field: which optional lines its record
 * in the log had (ESR, ELR, ELs and target are always there). */
#define TRACE_QEMU_LOGGED_FAR  0x1u
#define TRACE_QEMU_LOGGED_SPSR 0x2u
#define TRACE_QEMU_NO_TARGET   0x4u   /* no ELR and target: QEMU 7.2 logs none for an entry to
                                         AArch32 Hyp mode (no '...to EL' line) */

#define TRACE_KEY_INTERVAL 4096   /* a full snapshot at least this often */
#define TRACE_CHECK_INTERVAL 64   /* a checkpoint (CRC-32) at least this often */

/* Exit code of `el2sim run --expect-trace` when the run diverges from the golden trace. */
#define EXIT_TRACE_MISMATCH 6

typedef struct el2_trace_image {
    char *path;
    char sha256[65];
} el2_trace_image;

/* What goes into a trace's header. */
typedef struct el2_trace_meta {
    uint32_t flags;
    const char *cpu;          /* CPU model name ("" if unknown) */
    const char *producer;     /* "el2sim 0.1.0", "el2trace import-qemu" */
    GArray *images;           /* el2_trace_image (may be NULL) */
    const el2_symtab *syms;   /* may be NULL */
    unsigned cpus;            /* PEs (0 or 1: one; more: a 1.3 trace whose events say their PE) */
} el2_trace_meta;

typedef struct el2_trace {
    char *name;               /* file name, for messages */
    unsigned major, minor;
    uint32_t flags;
    char *cpu, *producer;
    unsigned cpus;            /* PEs of the machine traced (1 before 1.3) */
    GArray *images;           /* el2_trace_image */
    el2_symtab *syms;
    GArray *events;           /* el2_event: every complete event (EV_FINDING notes owned by the trace) */
    GPtrArray *strings;       /* owns the notes */
    bool complete;            /* the end record was read and everything checked */
    char *error;              /* one line "NAME: truncated at byte N (...)" / "NAME: corrupt at byte N: what" */
    uint64_t error_offset;
    bool truncated;
} el2_trace;

/* ---- writing ---- */
typedef struct trace_writer trace_writer;

/* Writes the header to F (not closed by the writer; flushed at every stop and
 * checkpoint). full: every event is a full snapshot. */
trace_writer *trace_writer_new(FILE *f, const el2_trace_meta *meta, bool full);
/* false once a write has failed (nothing reaches the file after the first failure) */
bool trace_writer_event(trace_writer *w, const el2_event *ev);
/* Writes the end record and flushes; frees the writer. Returns false on a write error,
 * with errno the first failed write's. */
bool trace_writer_finish(trace_writer *w);
/* A write (or flush) has failed: nothing more is written; errno of the first failure. */
bool trace_writer_failed(const trace_writer *w);
int trace_writer_errno(const trace_writer *w);
uint64_t trace_writer_events(const trace_writer *w);
uint64_t trace_writer_bytes(const trace_writer *w);

/* ---- reading ---- */
/* Reads a trace; *err only for I/O errors ("PATH: cannot open: REASON"). A damaged file
 * still gives a trace with t->error set and every complete event before the damage; a
 * FIFO or a device gives one with no events and t->error "PATH: not a regular file". */
el2_trace *trace_read_file(const char *path, GError **err);
el2_trace *trace_read_mem(const char *name, const uint8_t *data, size_t len);
void trace_free(el2_trace *t);

/* CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320). */
uint32_t trace_crc32(uint32_t crc, const void *data, size_t len);

/* ---- comparing ---- */
/* Events of A and B compared (kinds, ELs, PCs, ESR, targets, registers; stamps when
 * stamps is set; only what both traces have; with a QEMU import, every field QEMU's log
 * gives: ELs, ESR, ELR, FAR and SPSR when logged, target, semihosting operation). Prints the first divergence with three
 * events of context on each side to OUT. Returns 0 when the same, 1 when different. */
int trace_diff(const el2_trace *a, const el2_trace *b, bool stamps, FILE *out);
/* Why two events differ (NULL: same); flags: what both traces have. */
char *trace_event_diff(const el2_event *a, const el2_event *b, uint32_t flags, bool stamps);
/* print_event, plus a line for EV_FINDING. */
void trace_print_event(FILE *f, const el2_symtab *st, const el2_event *ev);

#endif
