/* irq_drive.c - interrupts raised by the command line and scenarios (irq_drive.h). */
#include "irq_drive.h"
#include "engine.h"
#include "irq.h"
#include "num.h"
#include <string.h>

static bool parse_what(const char *w, unsigned *what)
{
    uint64_t v;
    if (!g_ascii_strcasecmp(w, "fiq")) {
        *what = IRQ_WHAT_FIQ;
        return true;
    }
    if (!g_ascii_strcasecmp(w, "serror")) {
        *what = IRQ_WHAT_SERROR;
        return true;
    }
    if (!parse_u64(w, &v) || v < 16 || v > 1019)
        return false;
    *what = (unsigned)v;
    return true;
}

bool irq_spec_parse(const char *text, bool in_call, irq_spec *out, char **why)
{
    memset(out, 0, sizeof *out);
    const char *at = strchr(text, '@');
    g_autofree char *w = at ? g_strstrip(g_strndup(text, (gsize)(at - text))) : NULL;
    g_autofree char *when = at ? g_strstrip(g_strdup(at + 1)) : NULL;
    if (!at || !*w || !*when) {
        *why = g_strdup(in_call ? "expected WHAT@+N or WHAT@SYMBOL (WHAT: an INTID 16-1019, fiq or serror; e.g. 33@+5)"
                                : "expected WHAT@CYCLE, WHAT@+N or WHAT@SYMBOL (WHAT: an INTID 16-1019, fiq or serror; "
                                  "e.g. 33@1000)");
        return false;
    }
    if (!parse_what(w, &out->what)) {
        *why = g_strdup_printf("'%s' is not a PPI (16-31), an SPI (32-1019), fiq or serror", w);
        return false;
    }
    uint64_t n;
    if (when[0] == '+') {
        if (!parse_u64(when + 1, &n)) {
            *why = g_strdup_printf("'%s': expected +N, a number of instructions", when);
            return false;
        }
        out->when = IRQW_INSNS;
        out->n = n;
    } else if (parse_u64(when, &n)) {
        if (in_call) {
            *why = g_strdup_printf("'%s': in a call, give +N (instructions into the call) or a SYMBOL", when);
            return false;
        }
        out->when = IRQW_CYCLE;
        out->n = n;
    } else if (g_ascii_isdigit(when[0])) {
        *why = g_strdup_printf("'%s' is not a number", when);
        return false;
    } else {
        out->when = IRQW_SYMBOL;
        out->symbol = g_strdup(when);
    }
    return true;
}

void irq_spec_clear(irq_spec *s)
{
    g_free(s->symbol);
    s->symbol = NULL;
}

/* The code hook at an interrupt's symbol: execution reached it */
static void reached(uint64_t pc, void *user)
{
    el2_machine *m = user;
    irq_inject_reached(m->cpu, pc);
}

bool irq_spec_arm(el2_machine *m, const irq_spec *s, uint64_t insns_base, unsigned tag, uintptr_t *hook,
                  GError **err)
{
    *hook = 0;
    switch (s->when) {
    case IRQW_CYCLE:
        return irq_inject_add_at(m->cpu, s->what, s->n, 0, tag);
    case IRQW_INSNS:
        /* (+0 at the run's start: 0, no condition, due at once) */
        return irq_inject_add_at(m->cpu, s->what, 0, insns_base + s->n, tag);
    case IRQW_SYMBOL: {
        uint64_t pc;
        if (!symtab_resolve(m->syms, s->symbol, &pc)) {
            g_set_error(err, EL2_ERROR, 2, "'%s' is neither a number nor a symbol of the images", s->symbol);
            return false;
        }
        irq_inject_at_pc(m->cpu, s->what, pc, tag);
        *hook = engine_hook_insns(m->eng, pc, pc, reached, m);
        return true;
    }
    }
    return false;
}
