/* irq32.h - asynchronous exceptions taken to an Exception level that uses AArch32 (issue
 * 21): to Hyp mode on the AArch32 Hyp-mode machine, and to the IRQ, FIQ and Abort modes of
 * an AArch32 EL1 (under an AArch64 EL2 or under Hyp mode). irq.c finds what is taken and
 * where (routing and masking are the same tables for both states); irq32_take takes it. */
#ifndef EL2_IRQ32_H
#define EL2_IRQ32_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"
#include "exception.h"

/* In Hyp mode a physical IRQ, FIQ or SError is Hyp mode's whatever HCR.IMO/FMO/AMO say
 * (AArch32.TakePhysicalIRQException: "elsif PSTATE.EL == EL2 || route_to_hyp then
 * AArch32.EnterHypMode", FIQ and SError alike; masked there by CPSR.I/F/A), where an
 * AArch64 EL2 with IMO = 0 leaves it pending for EL1 (irq.c, physical_target). */
static inline bool irq32_hyp_keeps(const el2_cpu *c) { return c->el == 2 && c->a32_machine; }

/* The asynchronous exception exc (EXC_IRQ, EXC_FIQ, EXC_SERROR or a virtual one, with its
 * INTID and source) at preferred return pc, routed to target_el: taken here and true when
 * target_el uses AArch32, false when it is AArch64's to take (AArch64.TakeException). */
bool irq32_take(el2_cpu *c, unsigned target_el, const el2_exc_record *exc, uint64_t pc);
#endif
