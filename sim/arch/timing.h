/* timing.h - instruction classes, per-block costs and event stamps. */
#ifndef EL2_TIMING_H
#define EL2_TIMING_H
#include <stdint.h>
#include "cpu.h"
#include "event.h"

el2_insn_class timing_classify(uint32_t insn);
/* Cycles of a straight run of instructions (taken-branch penalty is added by the
 * block hook when the next block is not the fall-through). */
uint32_t timing_block_cost(const el2_cpu_model *c, const uint32_t *insns, uint32_t n);

/* Instructions retired and modelled cycles just before the instruction at pc
 * (pc inside the current block), and the stamps of an event at pc. */
uint64_t cpu_insns_at(const el2_cpu *c, uint64_t pc);
uint64_t cpu_cycles_at(const el2_cpu *c, uint64_t pc);
uint64_t cpu_cycles_now(const el2_cpu *c);
void cpu_stamp(const el2_cpu *c, el2_event *ev, uint64_t pc);
/* The current block was counted whole when it started: take back the part from pc on,
 * which has not run (a stop before pc: gdb, a scenario call's return), so that the counts
 * go on exactly when it does run. */
void cpu_take_back(el2_cpu *c, uint64_t pc);
#endif
