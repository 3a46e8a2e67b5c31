/* aarch32.h - AArch32 EL1/EL0 under the AArch64 EL2 (issue 21, first step): the
 * exceptions AArch32 code raises and the instructions the executor hooks, taken into
 * AArch64 as AArch64.TakeException has them from a lower EL using AArch32. Instructions
 * are in the Arm ARM's notation: an A32 word; a T32 16-bit one in bits 15:0, a 32-bit one
 * as hw1:hw2. pc is the instruction's address; thumb is CPSR.T; cpsr the CPSR. */
#ifndef EL2_AARCH32_H
#define EL2_AARCH32_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"
#include "exception.h"

/* The instruction at pc and its size (2 or 4) */
uint32_t aarch32_insn_at(el2_cpu *c, uint64_t pc, bool thumb, unsigned *size);
/* The size of the T32 instruction whose first halfword is hw1 */
static inline unsigned aarch32_t32_size(uint16_t hw1) { return (hw1 >> 11) >= 0x1d ? 4 : 2; }

/* The executor raised these (pc: the instruction) */
void AArch32_CallSupervisor(el2_cpu *c, uint64_t pc, bool thumb);
void AArch32_CallHypervisor(el2_cpu *c, uint64_t pc, bool thumb);
void AArch32_CallSecureMonitor(el2_cpu *c, uint64_t pc, bool thumb);
void AArch32_Undefined(el2_cpu *c, uint64_t pc, bool thumb);
void AArch32_SoftwareBreakpoint(el2_cpu *c, uint64_t pc, bool thumb);

/* AArch32.EnterMode(mode, preferred_exception_return, lr_offset, vect_offset) into the
 * AArch32 EL1 (exc: the event's kind, PC, instruction, and an interrupt's INTID/source) */
void AArch32_EnterMode(el2_cpu *c, unsigned mode, const el2_exc_record *exc, uint32_t preferred,
                       unsigned lr_offset, unsigned vect_offset);
/* AArch32.Take{Data,Prefetch}AbortException to the AArch32 EL1's Abort mode (kind
 * EXC_DATA_ABORT, else a Prefetch Abort) of the instruction insn at pc: DFSR/DFAR or
 * IFSR/IFAR = fsr/va, then AArch32.EnterMode (aarch32.c) */
void AArch32_TakeAbortToEL1(el2_cpu *c, el2_exc_kind kind, uint64_t pc, uint32_t insn, uint32_t va, uint32_t fsr);

/* The X register holding R<n> (0-14) of AArch32 mode `mode` (CPSR.M) */
int aarch32_reg_x(unsigned mode, unsigned n);

/* An AArch32 exception return (A32 SUBS PC, LR / MOVS PC, LR and other data-processing
 * with S to the PC, ERET, LDM with ^ and the PC, RFE; T32 SUBS PC, LR, #imm8 (ERET), RFE) */
bool aarch32_is_exc_return(uint32_t insn, bool thumb);
/* ConditionPassed() of an A32 instruction (T32 ones: true) */
bool aarch32_cond_passed(uint32_t insn, bool thumb, uint32_t cpsr);
/* The executor ran the exception return insn at pc itself and is now at target in el
 * with CPSR cpsr: PSTATE.EL, the ERET event */
void AArch32_ExceptionReturned(el2_cpu *c, uint64_t pc, uint32_t insn, uint32_t from, uint32_t cpsr, uint64_t target,
                               unsigned el);

/* Does the executor hook this instruction (MCR/MRC/MCRR/MRRC to CP15 or CP14, WFI, WFE)? */
bool aarch32_needs_hook(uint32_t insn, bool thumb);
/* The hooked instruction at pc, before it runs: traps, or its effect. Returns true when
 * the executor must run it itself. */
bool aarch32_hooked(el2_cpu *c, uint64_t pc, bool thumb, uint32_t cpsr);
#endif
