/* observer.h - who watches a CPU: the event printer, the trace writer, the ABI checker,
 * the gdb server, scenarios and the tests each register one el2_observer in the
 * system's list instead of chaining a single callback slot by hand. Events go to the
 * observers in list order; blocks go to those with a block callback that is not paused. */
#ifndef EL2_OBSERVER_H
#define EL2_OBSERVER_H
#include <stdbool.h>
#include <stdint.h>
#include "event.h"

/* A block of guest code about to run (engine/run.c learns it once). */
typedef struct el2_blockinfo {
    uint64_t addr;
    uint32_t size;
    uint32_t ninsns;
    bool touches_fp;         /* may change V0-V31, FPCR or FPSR (insn_touches_fp) */
} el2_blockinfo;

typedef struct el2_observer {
    /* every event (exception entry and return, traced register write, finding, stop) */
    el2_event_fn event;
    /* the start of every guest block the engine runs (after the instruction budget
     * check, before the block is counted), e.g. for the ABI checker */
    void (*block)(const el2_blockinfo *b, void *user);
    /* an MRS of a modelled register (resolved index), before the read */
    void (*mrs)(int idx, uint64_t pc, uint32_t insn, void *user);
    void *user;
    bool block_paused;       /* the observer has nothing to do at block starts for now */
} el2_observer;

#define EL2_MAX_OBSERVERS 8

typedef struct el2_obslist {
    el2_observer *v[EL2_MAX_OBSERVERS];
    unsigned n;
    unsigned nblock;         /* observers with a block callback that is not paused (hot-path test) */
} el2_obslist;

/* Adds ob at the front (it sees each event before those already there) or at the end. */
void obs_add_first(el2_obslist *l, el2_observer *ob);
void obs_add_last(el2_obslist *l, el2_observer *ob);
void obs_remove(el2_obslist *l, el2_observer *ob);
/* Pauses or resumes ob's block callback. */
void obs_pause_block(el2_obslist *l, el2_observer *ob, bool paused);

static inline void obs_emit(const el2_obslist *l, const el2_event *ev)
{
    for (unsigned i = 0; i < l->n; i++)
        if (l->v[i]->event)
            l->v[i]->event(ev, l->v[i]->user);
}

static inline void obs_block(const el2_obslist *l, const el2_blockinfo *b)
{
    if (!l->nblock)
        return;
    for (unsigned i = 0; i < l->n; i++)
        if (l->v[i]->block && !l->v[i]->block_paused)
            l->v[i]->block(b, l->v[i]->user);
}

static inline void obs_mrs(const el2_obslist *l, int idx, uint64_t pc, uint32_t insn)
{
    for (unsigned i = 0; i < l->n; i++)
        if (l->v[i]->mrs)
            l->v[i]->mrs(idx, pc, insn, l->v[i]->user);
}
#endif
