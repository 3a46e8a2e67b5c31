/* smp.h - several PEs (issue 20): each PE's power state as the PSCI firmware model keeps
 * it (Arm DEN0022 PSCI, 5.1.4 CPU_ON, 5.1.5 AFFINITY_INFO), the pending CPU_ON, and the
 * interleaving's parameters. The system (system/machine.c) owns it and runs the PEs;
 * the firmware (firmware.c) changes the power states. A one-PE machine has none
 * (el2_cpu.smp == NULL). */
#ifndef EL2_SMP_H
#define EL2_SMP_H
#include <stdbool.h>
#include <stdint.h>

#define EL2_MAX_PES 8

/* AFFINITY_INFO's answers are these values (DEN0022 5.1.5) */
typedef enum { PE_ON = 0, PE_OFF = 1, PE_ON_PENDING = 2 } el2_pe_power;

struct el2_cpu;
struct el2_engine;

typedef struct el2_pe {
    struct el2_cpu *cpu;
    struct el2_engine *eng;
    el2_pe_power power;
    bool asleep;               /* in WFI with nothing of its own to wake it (an SGI may: in_wfi), or stopped */
    bool wfe_wait;             /* in WFE with its Event Register clear: waits for an event */
    bool in_wfi;               /* asleep in WFI: an interrupt from another PE may wake it */
    bool kick;                 /* another PE raised an interrupt for it (gic_smp.c): look again */
    uint64_t wfi_next;         /* the instruction after its WFI (0: run the WFI again) */
    bool was_on;               /* has run: a new CPU_ON resets it first */
    uint64_t entry, context;   /* a pending CPU_ON: where it starts and its x0 (also CPU_SUSPEND's) */
    bool suspended;            /* asleep in a CPU_SUSPEND powerdown state: wakes at entry (firmware.c) */
} el2_pe;

typedef struct el2_smp {
    unsigned n;                /* PEs, 2..EL2_MAX_PES */
    uint64_t quantum;          /* instructions a PE runs per turn (at block boundaries) */
    unsigned entry_el;         /* the EL CPU_ON starts a PE at: the boot PE's boot EL */
    el2_pe pe[EL2_MAX_PES];
    bool halt;                 /* a debugger asked the running turn to end (gdb's Ctrl-C) */
} el2_smp;

/* Can PE i run its next turn: on (or powering up), not asleep, and not waiting in WFE
 * unless an event came for it (machine.c wakes it then)? */
static inline bool smp_pe_can_run(const el2_smp *s, unsigned i);

/* Could a PE other than self run (on and awake, or powering up)? If not, the round robin
 * would give self its next turn at once, and its turn just goes on (engine/run.c). */
static inline bool smp_others_can_run(const el2_smp *s, unsigned self)
{
    for (unsigned i = 0; i < s->n; i++)
        if (i != self && smp_pe_can_run(s, i))
            return true;
    return false;
}

/* needs el2_cpu (cpu.h) for the Event Register */
#include "cpu.h"
static inline bool smp_pe_can_run(const el2_smp *s, unsigned i)
{
    const el2_pe *pe = &s->pe[i];
    return pe->power != PE_OFF && (!pe->asleep || (pe->in_wfi && pe->kick)) &&
           (!pe->wfe_wait || pe->cpu->event_reg || pe->kick);
}

/* SEV (Arm ARM C6.2 "SEV", SendEvent()): an event to every PE of the system, which sets
 * each one's Event Register (D1.7.1.1 "The Event Register": "the execution of an SEV
 * instruction on any PE in the multiprocessor system") and wakes one waiting in WFE. */
static inline void smp_send_event(el2_smp *s)
{
    for (unsigned i = 0; i < s->n; i++)
        if (s->pe[i].power == PE_ON)
            s->pe[i].cpu->event_reg = true;
}
#endif
