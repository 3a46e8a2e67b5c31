/* exception.h - the AArch64 exception model: entry (AArch64.TakeException), return
 * (AArch64.ExceptionReturn) and the routing of synchronous exceptions. Syndromes are
 * built in syndrome.h. */
#ifndef EL2_EXCEPTION_H
#define EL2_EXCEPTION_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"
#include "event.h"
#include "syndrome.h"

/* vect_offset of AArch64.TakeException by exception type, added to the base of the
 * vector table part that TakeException chooses (current EL with SP_EL0 0x000, with
 * SP_ELx 0x200, lower EL using AArch64 0x400, lower EL using AArch32 0x600). */
#define VECT_SYNC   0x000u
#define VECT_IRQ    0x080u
#define VECT_FIQ    0x100u
#define VECT_SERROR 0x180u

/* ExceptionRecord: what an exception carries into TakeException. */
typedef struct el2_exc_record {
    el2_exc_kind kind;     /* exceptype (for the event) */
    uint32_t syndrome;     /* ESR_ELx (syndrome.h) */
    bool has_far;          /* vaddress valid: FAR_ELx is written */
    uint64_t vaddress;
    uint64_t pc;           /* the instruction that caused it, and its encoding (events) */
    uint32_t insn;
    uint32_t intid;        /* asynchronous exceptions: the INTID and source (events) */
    int source;            /* el2_irq_source */
} el2_exc_record;

/* Targets for synchronous exceptions that are routed like UNDEFINED: EL0 goes to EL1,
 * or EL2 when HCR_EL2.TGE == 1; EL1 and EL2 stay. */
unsigned route_sync(el2_cpu *c);

/* ELUsingAArch32(el) seen from the AArch64 EL2 (HCR_EL2.RW, SCR_EL3.RW, the CPU's
 * ID_AA64PFR0_EL1); EL0 follows the current state when EL1 uses AArch64. */
bool el_is_aarch32(el2_cpu *c, unsigned el);

/* The vector address TakeException would branch to for target_el and vect_offset, from
 * the current state (no state changed). */
uint64_t exception_vector(el2_cpu *c, unsigned target_el, uint32_t vect_offset);

/* AArch64.TakeException(target_el, exception, preferred_exception_return, vect_offset) */
/* The event of an exception entry, as every entry path reports it (AArch64.TakeException,
 * AArch32.EnterHypMode, AArch32.EnterMode): what was taken at which instruction, from
 * and to which EL, the syndrome (none for IRQ and FIQ: ESR keeps its value), the
 * interrupt's INTID and source, ELR, SPSR, the vector's offset, FAR, stamps and
 * registers. The caller sets the target and anything of its own. */
void exception_event(el2_cpu *c, el2_event *ev, const el2_exc_record *exc, unsigned from, unsigned to,
                     uint64_t preferred_return, uint32_t spsr, uint32_t vect_offset);
/* Does the exception write a syndrome (all but IRQ, FIQ and their virtual forms)? */
static inline bool exc_reports_syndrome(el2_exc_kind k)
{
    return k != EXC_IRQ && k != EXC_FIQ && k != EXC_VIRQ && k != EXC_VFIQ;
}
void AArch64_TakeException(el2_cpu *c, unsigned target_el, const el2_exc_record *exc,
                           uint64_t preferred_return, uint32_t vect_offset);

/* AArch64.UndefinedFault: the instruction at pc is UNDEFINED, routed. */
void AArch64_UndefinedFault(el2_cpu *c, uint64_t pc, uint32_t insn);

/* The outcome of AArch64.ExceptionReturn(ELR_ELx, SPSR_ELx) at the current EL, planned
 * with no state changed: the target EL, the PSTATE bits it gets, and whether the return
 * is illegal or to AArch32. */
typedef struct el2_eret_plan {
    unsigned from, to;
    uint32_t spsr, newps;
    uint64_t elr;
    bool illegal, aarch32;
} el2_eret_plan;

void AArch64_ExceptionReturnPlan(el2_cpu *c, el2_eret_plan *p);
/* The EV_ERET event of the return planned in p, for the ERET at pc (stamped there; the
 * ERET's cost is counted). */
void exception_return_event(el2_cpu *c, const el2_eret_plan *p, uint64_t pc, uint32_t insn, el2_event *ev);

/* AArch64.ExceptionReturn for the ERET at pc. native = true: the engine executes the
 * ERET itself right after (port native_eret); false: the return is completed here. */
void AArch64_ExceptionReturn(el2_cpu *c, uint64_t pc, uint32_t insn, bool native);
#endif
