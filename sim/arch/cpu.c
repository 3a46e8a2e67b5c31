/* cpu.c - a PE's port and its stop. */
#include "cpu.h"
#include <stdarg.h>

void cpu_attach_port(el2_cpu *c, const el2_port *port, void *ctx)
{
    c->port = port;
    c->port_ctx = ctx;
}

void cpu_stop(el2_cpu *c, el2_stop_kind k, int status, const char *fmt, ...)
{
    if (c->stop != STOP_NONE)
        return;
    va_list ap;
    va_start(ap, fmt);
    c->stop = k;
    c->stop_status = status;
    c->stop_msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (c->port)
        c->port->halt(c->port_ctx);
}

void cpu_resume(el2_cpu *c)
{
    c->stop = STOP_NONE;
    c->stop_status = 0;
    g_clear_pointer(&c->stop_msg, g_free);
    c->exc_repeats = 0;        /* a new run (a scenario call, a gdb continue) starts afresh */
}

const char *cpu_sym(el2_cpu *c, uint64_t addr)
{
    static char bufs[8][160];
    static unsigned next;
    char *b = bufs[next++ % 8];
    return symtab_format(c->syms, addr, b, sizeof bufs[0]);
}

/* An event of one PE of several: it carries the PE's number (el2_event.cpu), written in
 * place (every producer's event is its own local, not a const object; a copy of the whole
 * event cost about 70 host instructions per event). */
void cpu_emit_pe(el2_cpu *c, const el2_event *ev)
{
    ((el2_event *)ev)->cpu = (uint8_t)(c->index + 1);
    if (cpu_translating(c, ev->from_el))
        cpu_emit_translated(c, ev);
    else
        obs_emit(c->obs, ev);
}
