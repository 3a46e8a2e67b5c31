/* align.h - alignment faults of ordinary loads and stores (align.c). */
#ifndef EL2_ALIGN_H
#define EL2_ALIGN_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"

/* Is insn a load/store whose alignment el2sim checks (register and pair forms, literal
 * loads, SIMD structure loads and stores; not exclusives and atomics, which the engine
 * checks itself)? */
bool align_checked_insn(uint32_t insn);
/* Is insn a load/store (any form, prefetches aside) whose base register is SP? Those
 * check SP's alignment first (CheckSPAlignment), whatever their size. */
bool align_sp_based(uint32_t insn);
/* Before the load/store at pc runs: if its access is misaligned where the architecture
 * requires alignment, notes an alignment fault (the engine stops before the access and
 * abort.c takes the data abort, DFSC 0x21) and returns true. Before that, an access
 * based on a misaligned SP takes an SP alignment fault (EC 0x26) when SCTLR_ELx.SA (SA0
 * at EL0) is set. */
bool align_check(el2_cpu *c, uint64_t pc, uint32_t insn);
#endif
