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

/* Must a data access of size bytes at va be aligned to its size, at the current EL?
 * The one place that decides it (the engine's block plans ask it too). */
bool align_required(const el2_cpu *c, uint64_t va, unsigned size);
/* Must SP be 16-byte aligned when it is a load/store's base (SCTLR_ELx.SA/SA0)? */
bool align_sp_required(const el2_cpu *c);

/* The static shape of a load/store, for predicting its address (the engine's block
 * plans): register numbers 0-30, 31 = SP for rn, 32 = none (rt/rt2 of SIMD&FP
 * registers, rn of a literal). */
typedef enum { ALIGN_IMM, ALIGN_REG, ALIGN_LITERAL } align_form;
typedef enum { ALIGN_NONE, ALIGN_POST, ALIGN_PRE, ALIGN_OTHER } align_wb;
typedef struct {
    align_form form;
    align_wb wb;             /* POST: rn += imm after; PRE: rn = address; OTHER: unknown */
    unsigned size;           /* element size in bytes */
    unsigned rn, rt, rt2;    /* rt/rt2: general registers a load writes (32: none) */
    unsigned rm, option, shift;   /* ALIGN_REG: index register, extend (2 UXTW, 3/7 LSL/SXTX, 6 SXTW), shift */
    int64_t imm;             /* offset (literal: from the PC) */
    bool is_load, sign32;    /* sign32: LDRSW (literal) */
} align_access;
/* False for anything but the loads and stores align_check decodes (exclusives, atomics,
 * prefetches and the rest are left out). */
bool align_access_info(uint32_t insn, align_access *a);
#endif
