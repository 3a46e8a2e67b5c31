/* irq.h - asynchronous exceptions: physical IRQ, FIQ and SError (routing by SCR_EL3 and
 * HCR_EL2, masking by PSTATE.{A,I,F}), virtual IRQ, FIQ and SError (HCR_EL2.VI/VF/VSE),
 * and the interrupt sources el2sim models: the generic timers' outputs and --irq.
 *
 * With a GICv3 in use (gic.h: the CPU model has one and the guest set
 * GICD_CTLR.EnableGrp1) the sources are the GIC's inputs and IRQ its CPU interface's
 * output. Otherwise an asserted PPI or SPI drives the PE's physical IRQ line directly:
 * a timer's PPI is a level (asserted while ENABLE = 1, IMASK = 0 and the timer condition
 * is met); an --irq interrupt stays pending until the PE takes an IRQ exception for it,
 * which stands for the acknowledge (ICC_IAR1_EL1) a GIC would need. */
#ifndef EL2_IRQ_H
#define EL2_IRQ_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"
#include "sysreg.h"

/* Physical interrupt lines (el2_cpu.irq_lines, irq_ext) */
#define IRQ_LINE_IRQ    1u
#define IRQ_LINE_FIQ    2u
#define IRQ_LINE_SERROR 4u
#define IRQ_LINE_VIRQ   8u      /* the GIC's virtual CPU interface signals a vIRQ (gic.h) */

/* The timers' PPIs, as QEMU's virt machine wires them (Arm's Server Base System
 * Architecture numbers) */
#define INTID_CNTHP 26
#define INTID_CNTV  27
#define INTID_CNTHV 28
#define INTID_CNTP  30

/* CNTx_CTL bits (Arm ARM D19 "CNTP_CTL_EL0") */
#define CNT_CTL_ENABLE  1u
#define CNT_CTL_IMASK   2u
#define CNT_CTL_ISTATUS 4u

/* --irq: raise PPI or SPI intid at modelled cycle `cycle`. false: not a PPI or SPI. */
bool irq_inject_add(el2_cpu *c, unsigned intid, uint64_t cycle);
/* What an injected interrupt raises: a PPI or SPI INTID (16-1019, the IRQ), or the
 * physical FIQ or SError line (no GIC group 0 is modelled: they go to the PE directly). */
#define IRQ_WHAT_FIQ    0x10000u
#define IRQ_WHAT_SERROR 0x20000u
/* The general form: `what` (an INTID or IRQ_WHAT_*) raised once the modelled cycle count
 * has reached cycle and the instruction count insns (0: no condition), tagged (tag: who
 * raised it, for irq_inject_withdraw). false: what is not one of those. An instruction
 * condition is looked at where interrupts are (block starts, after system-register
 * writes), so the interrupt is raised at the first of those at or after it. */
bool irq_inject_add_at(el2_cpu *c, unsigned what, uint64_t cycle, uint64_t insns, unsigned tag);
/* Drops the injected interrupts tagged tag that are still to come or still pending (not
 * those already latched by a GIC: an edge there stays pending). Returns how many. */
unsigned irq_inject_withdraw(el2_cpu *c, unsigned tag);
/* `what` raised when execution reaches pc (once): irq_inject_reached(c, pc), from a code
 * hook the driver places there, makes it due. */
bool irq_inject_at_pc(el2_cpu *c, unsigned what, uint64_t pc, unsigned tag);
unsigned irq_inject_reached(el2_cpu *c, uint64_t pc);
/* Drive a physical line from outside (tests; FIQ and SError have no modelled source). */
void irq_set_line(el2_cpu *c, uint32_t line, bool on);

/* Writes to these registers change what the sources assert (sysreg.c calls irq_touch). */
bool irq_sysreg_relevant(int idx);
static inline void irq_touch(el2_cpu *c) { c->irq_next = 0; }

/* Cheap test at a block start: might an asynchronous exception be pending? */
static inline bool irq_maybe(const el2_cpu *c)
{
    return c->irq_lines || (c->sr[SR_HCR_EL2] & (HCR_VF | HCR_VI | HCR_VSE)) || c->cycles >= c->irq_next ||
           c->insns >= c->irq_next_insns;
}

/* At an instruction boundary, modelled cycle count `now` (el2_cpu.cycles' scale) and
 * PSTATE.DAIF = daif: is an asynchronous exception to be taken? */
bool irq_deliverable(el2_cpu *c, uint64_t now, uint32_t daif);
/* Takes what irq_deliverable found, with preferred return pc (the next instruction). */
void irq_take(el2_cpu *c, uint64_t pc);

/* WFI: the cycle count at which a WFI wake-up event is pending (<= now: already), or
 * UINT64_MAX when nothing modelled can ever wake the PE. */
uint64_t irq_wfi_wake(el2_cpu *c, uint64_t now);
/* ISR_EL1 at the current EL and time */
uint64_t irq_isr_el1(el2_cpu *c, uint64_t now);

/* The generic timers: the physical count at modelled clock `clock` (cycles + PMCCNTR
 * bias: el2sim's counter follows PMCCNTR writes, as CNTPCT_EL0 reads do), and
 * CNTx_CTL.ISTATUS of the timer whose CTL row is ctl at cpu_cycles_now. */
uint64_t gtimer_count(const el2_cpu *c, uint64_t clock);
bool gtimer_istatus(el2_cpu *c, int ctl);
#endif
