/* irq_drive.h - driving interrupts from the command line and from scenarios (issue 19
 * item 5): `--irq WHAT@WHEN`, a scenario's `irq =` keys and `--irq-storm N`. WHAT is an
 * INTID (a PPI 16-31 or an SPI 32-1019: the physical IRQ), `fiq` or `serror` (the PE's
 * physical FIQ or SError input); WHEN a modelled cycle, `+N` (N instructions: from the
 * run's start, or in a scenario call from the call's start) or a symbol (when execution
 * reaches it, once). The interrupts themselves are arch/irq.c's injected sources. */
#ifndef EL2_IRQ_DRIVE_H
#define EL2_IRQ_DRIVE_H
#include <glib.h>
#include "machine.h"

typedef enum { IRQW_CYCLE, IRQW_INSNS, IRQW_SYMBOL } irq_when;

typedef struct irq_spec {
    unsigned what;        /* INTID, IRQ_WHAT_FIQ or IRQ_WHAT_SERROR (irq.h) */
    irq_when when;
    uint64_t n;           /* the cycle or instruction count */
    char *symbol;         /* IRQW_SYMBOL: the symbol or address text (resolved when armed) */
} irq_spec;

/* Parses one WHAT@WHEN. in_call: a scenario call's key, where WHEN is +N or a symbol only.
 * On error returns false with *why (g_free) saying what is wrong with it. */
bool irq_spec_parse(const char *text, bool in_call, irq_spec *out, char **why);
void irq_spec_clear(irq_spec *s);
/* Arms s on m: a cycle as is, +N at insns_base + N, a symbol by a code hook (its id in
 * *hook, 0 otherwise; engine_unhook it when the interrupt is withdrawn). Interrupts are
 * tagged tag (irq_inject_withdraw). false (err set: "'SYM' is neither a number nor a
 * symbol of the images") when the symbol does not resolve. */
bool irq_spec_arm(el2_machine *m, const irq_spec *s, uint64_t insns_base, unsigned tag, uintptr_t *hook,
                  GError **err);
#endif
