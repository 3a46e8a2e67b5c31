/* machine.h - the simulated system: guest RAM and the images in it, their symbols, the
 * CPU model, the observers, and its PE (arch/cpu.h) with that PE's engine binding
 * (engine/engine.h). Everything above the engine (checker, scenarios, gdb, the CLI)
 * works on an el2_machine. */
#ifndef EL2_MACHINE_H
#define EL2_MACHINE_H
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"
#include "engine.h"
#include "error.h"
#include "event.h"
#include "loader.h"
#include "observer.h"
#include "smp.h"
#include "symbols.h"
#include "vmem.h"

typedef struct el2_machine {
    el2_cpu_model *model;
    el2_symtab *syms;
    GArray *images;          /* el2_image */
    GArray *ram;             /* el2_region: RAM the guest may use (and image mappings) */
    uint64_t next_base;      /* where the next relocatable object goes */
    el2_obslist obs;         /* who sees events and blocks */
    el2_cpu *cpu;            /* the PE: the boot PE, or while several run the current one
                                (after a run, the one whose stop ended it) */
    el2_engine *eng;         /* its engine binding */
    el2_smp *smp;            /* several PEs (--cpus N > 1), each with its own engine; NULL: one */
} el2_machine;

typedef struct el2_machine_opts {
    const char *cpu;          /* model name, default cortex-a57 */
    GArray *ram;              /* el2_region, default 0x40000000 + 128 MiB */
    uint64_t max_insns;       /* 0: default 100 million */
    bool no_align_faults;     /* do not check load/store alignment (speed, QEMU 7.2 parity) */
    unsigned cpus;            /* PEs, 1..EL2_MAX_PES (0: 1) */
    uint64_t quantum;         /* with several: instructions per turn (0: EL2_DEFAULT_QUANTUM) */
    bool aarch32;             /* --arch aarch32: the AArch32 Hyp-mode machine (arch/hyp32.h) */
} el2_machine_opts;

/* The interleaving's default turn (README "How el2sim drives Unicorn", several PEs) */
#define EL2_DEFAULT_QUANTUM 1000

el2_machine *machine_new(const el2_machine_opts *o, GError **err);
void machine_free(el2_machine *m);
/* Maps the image's segments (RAM or automatically added regions), writes them. The
 * image must not overlap an earlier one (cli_build_machine checks). */
bool machine_add_image(el2_machine *m, el2_image *img, GError **err);
/* Where the section `name` of the first loaded image that has it lies. */
bool machine_section(el2_machine *m, const char *name, uint64_t *addr, uint64_t *size);
/* Sets the boot state: EL (1 or 2, h), entry PC, SP for that EL. */
void machine_boot(el2_machine *m, unsigned el, uint64_t entry);
/* Puts the CPU at el (SPSel 1, DAIF masked) at pc, as a harness would. */
void machine_teleport(el2_machine *m, unsigned el, uint64_t pc);
/* Runs until a stop; returns the stop kind. Several PEs run in turns (machine.c). */
el2_stop_kind machine_run_smp(el2_machine *m);
static inline el2_stop_kind machine_run(el2_machine *m) { return m->smp ? machine_run_smp(m) : engine_run(m->eng); }
/* gdb: one round of turns that ends at the first PE that stops (machine.c) */
bool machine_smp_round(el2_machine *m, unsigned from);
/* --stop-at on every PE */
void machine_stop_at(el2_machine *m, uint64_t addr);
/* m->cpu and m->eng back to the boot PE (after a run of several PEs ended on another). */
void machine_focus_boot(el2_machine *m);
/* m->cpu and m->eng to PE i (several PEs; i == 0 on one): what a scenario call, the
 * checker or gdb then reads and writes */
void machine_focus(el2_machine *m, unsigned i);
/* Clears the stop so machine_run can go on (scenarios run call after call). */
static inline void machine_resume(el2_machine *m) { cpu_resume(m->cpu); }
/* Observers: ob sees events before (first) or after (last) those already there. */
static inline void machine_observe_first(el2_machine *m, el2_observer *ob) { obs_add_first(&m->obs, ob); }
static inline void machine_observe_last(el2_machine *m, el2_observer *ob) { obs_add_last(&m->obs, ob); }
static inline void machine_unobserve(el2_machine *m, el2_observer *ob) { obs_remove(&m->obs, ob); }

/* The guest's registers and memory (the PE's view) */
static inline uint64_t machine_x(el2_machine *m, int n) { return cpu_x(m->cpu, n); }
static inline void machine_set_x(el2_machine *m, int n, uint64_t v) { cpu_set_x(m->cpu, n, v); }
static inline uint64_t machine_pc(el2_machine *m) { return cpu_pc(m->cpu); }
static inline void machine_set_pc(el2_machine *m, uint64_t pc) { cpu_set_pc(m->cpu, pc); }
static inline uint64_t machine_sp(el2_machine *m) { return cpu_sp(m->cpu); }
static inline uint32_t machine_pstate(el2_machine *m) { return cpu_pstate(m->cpu); }
static inline uint64_t machine_sp_el(el2_machine *m, unsigned el) { return cpu_sp_el(m->cpu, el); }
static inline void machine_set_sp_el(el2_machine *m, unsigned el, uint64_t v) { cpu_set_sp_el(m->cpu, el, v); }
static inline void machine_sp_el01(el2_machine *m, uint64_t *sp0, uint64_t *sp1) { engine_sp_el01(m->eng, sp0, sp1); }
static inline void machine_read_gprs(el2_machine *m, uint64_t *x) { m->cpu->port->read_gprs(m->cpu->port_ctx, x); }
static inline void machine_read_v(el2_machine *m, uint64_t v[32][2]) { engine_read_v(m->eng, v); }
static inline void machine_set_v(el2_machine *m, int n, const uint64_t q[2]) { engine_set_v(m->eng, n, q); }
static inline bool machine_read(el2_machine *m, uint64_t addr, void *buf, size_t n) { return engine_read(m->eng, addr, buf, n); }
static inline bool machine_write(el2_machine *m, uint64_t addr, const void *buf, size_t n) { return engine_write(m->eng, addr, buf, n); }
static inline uint32_t machine_insn_at(el2_machine *m, uint64_t pc) { return cpu_insn_at(m->cpu, pc); }
/* by virtual address, as el2sim looks at the guest (vmem.h): the instruction at a PC of the
 * current EL (or of el), and a read from el that changes nothing */
static inline uint32_t machine_vinsn_at(el2_machine *m, uint64_t pc) { return cpu_vinsn_at(m->cpu, pc); }
static inline uint32_t machine_vinsn_at_el(el2_machine *m, unsigned el, uint64_t pc) { return cpu_vinsn_at_el(m->cpu, el, pc); }
static inline bool machine_vread_el(el2_machine *m, unsigned el, uint64_t va, void *buf, size_t n) { return cpu_vread_debug_el(m->cpu, el, va, buf, n); }
static inline void machine_sp_save(el2_machine *m) { cpu_sp_save(m->cpu); }
static inline void machine_enter_state(el2_machine *m, unsigned el, uint32_t bits) { cpu_enter_state(m->cpu, el, bits); }
static inline const char *machine_sym(el2_machine *m, uint64_t addr) { return cpu_sym(m->cpu, addr); }
#endif
