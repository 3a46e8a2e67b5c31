/* abort.h - guest accesses el2sim cannot complete, taken as the aborts the
 * architecture defines with the MMU off (abort.c). */
#ifndef EL2_ABORT_H
#define EL2_ABORT_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"

/* (access kinds: ABORT_* in cpu.h) */
/* From an engine hook: the access of kind at addr by the instruction at pc (for a
 * fetch, pc == addr) cannot complete. Halts the engine; its run loop then calls
 * abort_take. For ABORT_ALIGN addr is ignored (found by decoding the instruction). */
void abort_note(el2_cpu *c, int kind, uint64_t addr, int size, uint64_t pc);
/* The load/store at or after from (in the block being run) that accesses fault: the
 * engine reports accesses with the PC of the block start. */
bool abort_find_access(el2_cpu *c, uint64_t from, uint64_t fault, uint64_t *pc);
/* The MMU-off address checks (Arm ARM shared pseudocode, abort.c): PAMax from
 * ID_AA64MMFR0_EL1.PARange; EffectiveTBI for the current EL's regime; the PC a branch
 * to va writes; whether va is an Address size fault with stage 1 disabled. */
unsigned parange_bits(uint64_t id_aa64mmfr0);
unsigned AArch64_PAMax(const el2_cpu *c);
bool AArch64_EffectiveTBI(const el2_cpu *c, uint64_t va, bool is_instr);
uint64_t AArch64_BranchAddr(const el2_cpu *c, uint64_t va);
bool AArch64_S1OffAddressSizeFault(const el2_cpu *c, uint64_t va, bool is_instr);
/* The address the load/store at pc accesses (its first byte); false when not decodable */
bool abort_access_address(el2_cpu *c, uint64_t pc, uint64_t *addr);
/* Takes the noted abort (or stops the machine when it cannot be taken usefully). */
void abort_take(el2_cpu *c);
#endif
