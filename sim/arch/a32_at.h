/* a32_at.h - the AArch32 address translation instructions (ATS1C*, ATS12NSO*, ATS1H*;
 * issue 21, session 7; a32_at.c). */
#ifndef EL2_A32_AT_H
#define EL2_A32_AT_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"
#include "mmu.h"

/* AArch32.EncodePARSD: the 32-bit short-descriptor PAR of a translation (supersection: a
 * 16 MiB Supersection gave it) */
uint64_t a32_par_sd(el2_cpu *c, const mmu_result *r, bool supersection);
/* AArch32.AT for the MCR p15, <opc1>, <Rt>, c7, c8, <opc2> at pc with va = R<t>: writes
 * PAR (short or long-descriptor format) and returns true, or takes the abort AArch32.AT
 * takes (External abort on the walk; from PL1 a stage 2 fault on the stage 1 walk) and
 * returns false. The caller has made the accessibility checks. */
bool AArch32_AT(el2_cpu *c, unsigned opc1, unsigned opc2, uint32_t va, uint64_t pc, uint32_t insn);
#endif
