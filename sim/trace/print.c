/* print.c - the event line format (README "Reading el2sim's output"). */
#include "print.h"
#include "disasm.h"
#include "sysreg.h"
#include "sysreg_a32.h"
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

const char *smccc_fid_name(uint32_t fid)
{
    switch (fid) {
    case 0x80000000: return "SMCCC_VERSION";
    case 0x80000001: return "SMCCC_ARCH_FEATURES";
    case 0x80008000: return "SMCCC_ARCH_SOC_ID";
    case 0x80008000 | 0x3fff: return "SMCCC_ARCH_WORKAROUND_1";
    case 0x84000000: return "PSCI_VERSION";
    case 0x84000001: return "PSCI_CPU_SUSPEND";
    case 0xc4000001: return "PSCI_CPU_SUSPEND64";
    case 0x84000002: return "PSCI_CPU_OFF";
    case 0x84000003: return "PSCI_CPU_ON";
    case 0xc4000003: return "PSCI_CPU_ON64";
    case 0x84000004: return "PSCI_AFFINITY_INFO";
    case 0xc4000004: return "PSCI_AFFINITY_INFO64";
    case 0x84000006: return "PSCI_MIGRATE_INFO_TYPE";
    case 0x84000008: return "PSCI_SYSTEM_OFF";
    case 0x84000009: return "PSCI_SYSTEM_RESET";
    case 0x8400000a: return "PSCI_FEATURES";
    default: return NULL;
    }
}

static const char *semihost_name(uint64_t op)
{
    switch (op) {
    case 0x01: return "SYS_OPEN";
    case 0x02: return "SYS_CLOSE";
    case 0x03: return "SYS_WRITEC";
    case 0x04: return "SYS_WRITE0";
    case 0x05: return "SYS_WRITE";
    case 0x10: return "SYS_CLOCK";
    case 0x11: return "SYS_TIME";
    case 0x13: return "SYS_ERRNO";
    case 0x15: return "SYS_GETCMDLINE";
    case 0x16: return "SYS_HEAPINFO";
    case 0x18: return "SYS_EXIT";
    case 0x20: return "SYS_EXIT_EXTENDED";
    case 0x30: return "SYS_ELAPSED";
    case 0x31: return "SYS_TICKFREQ";
    default: return "SYS_?";
    }
}

/* Event lines disassemble the same few instructions over and over (every HVC of a loop
 * comes from one call site) and Capstone costs about 2,000 host instructions a call:
 * remember the text by symbol table, PC and encoding (a branch target is named from the
 * symbols), one slot per PC modulo DIS_SLOTS words (a clash, or new code at the PC, only
 * means disassembling again). Symbols are all added before a run starts. */
#define DIS_SLOTS 256
static struct dis_slot {
    const el2_symtab *st;
    uint64_t pc;
    uint32_t insn;
    bool used;
    char text[160];
} dis_cache[DIS_SLOTS];

static const char *dis_cached(const el2_symtab *st, uint64_t pc, uint32_t insn, char *buf, size_t n)
{
    struct dis_slot *s = &dis_cache[(pc >> 2) % DIS_SLOTS];
    if (!s->used || s->pc != pc || s->insn != insn || s->st != st) {
        disasm_sym(st, pc, insn, s->text, sizeof s->text);   /* branch targets named from st */
        s->pc = pc;
        s->insn = insn;
        s->st = st;
        s->used = true;
    }
    g_strlcpy(buf, s->text, n);
    return buf;
}

/* An event line is built in memory and written with one fwrite: glibc's fprintf spent
 * about 5,000 host instructions per line parsing formats and padding, more than the
 * rest of the simulation of an HVC round trip. lprintf knows what the formats below
 * use: the flags '-' and '0', a width, the 'l' and 'll' sizes, and s, d, u and x. */
typedef struct {
    FILE *f;
    size_t len;
    char buf[512];
} line_buf;

static void lflush(line_buf *l)
{
    fwrite(l->buf, 1, l->len, l->f);
    l->len = 0;
}

static inline void lput(line_buf *l, const char *s, size_t n)
{
    if (l->len + n > sizeof l->buf) {
        lflush(l);
        if (n > sizeof l->buf) {          /* a long note: straight through */
            fwrite(s, 1, n, l->f);
            return;
        }
    }
    memcpy(l->buf + l->len, s, n);
    l->len += n;
}

static inline void lpad(line_buf *l, char c, int n)
{
    if (n <= 0)
        return;
    if (l->len + (size_t)n > sizeof l->buf) {
        lflush(l);
        for (; n > (int)sizeof l->buf; n -= (int)sizeof l->buf) {
            memset(l->buf, c, sizeof l->buf);
            fwrite(l->buf, 1, sizeof l->buf, l->f);
        }
    }
    memset(l->buf + l->len, c, (size_t)n);
    l->len += (size_t)n;
}

static void lprintf(line_buf *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    while (*fmt) {
        const char *lit = fmt;
        while (*fmt && *fmt != '%')
            fmt++;
        if (fmt > lit)
            lput(l, lit, (size_t)(fmt - lit));
        if (!*fmt)
            break;
        fmt++;
        bool left = false;
        char fill = ' ';
        for (;; fmt++) {
            if (*fmt == '-')
                left = true;
            else if (*fmt == '0')
                fill = '0';
            else
                break;
        }
        int width = 0, size = 0;
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l') {
            size++;
            fmt++;
        }
        char num[24], *end = num + sizeof num, *p = end;
        const char *text;
        size_t n;
        bool neg = false;
        switch (*fmt) {
        case 's':
            text = va_arg(ap, const char *);
            if (!text)
                text = "(null)";
            n = strlen(text);
            break;
        case 'd': {
            long long v = size == 2 ? va_arg(ap, long long) : size == 1 ? va_arg(ap, long) : va_arg(ap, int);
            unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
            neg = v < 0;
            do { *--p = (char)('0' + u % 10); u /= 10; } while (u);
            text = p;
            n = (size_t)(end - p);
            break;
        }
        case 'u':
        case 'x': {
            unsigned long long u = size == 2 ? va_arg(ap, unsigned long long)
                                 : size == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
            if (*fmt == 'x')
                do { *--p = "0123456789abcdef"[u & 15]; u >>= 4; } while (u);
            else
                do { *--p = (char)('0' + u % 10); u /= 10; } while (u);
            text = p;
            n = (size_t)(end - p);
            break;
        }
        default:                           /* '%%' and anything this file does not use */
            text = fmt;
            n = *fmt ? 1 : 0;
            break;
        }
        if (*fmt)
            fmt++;
        int pad = width - (int)n - (neg ? 1 : 0);
        if (left || fill != '0') {
            if (!left)
                lpad(l, ' ', pad);
            if (neg)
                lput(l, "-", 1);
        } else {
            if (neg)
                lput(l, "-", 1);
            lpad(l, '0', pad);
        }
        lput(l, text, n);
        if (left)
            lpad(l, ' ', pad);
    }
    va_end(ap);
}

/* ---- the Hyp-mode machine (--arch aarch32): modes instead of ELs, A32/T32 disassembly ---- */

static const char *mode_name(unsigned m)
{
    static const char *const names[32] = { [0x10] = "USR", [0x11] = "FIQ", [0x12] = "IRQ", [0x13] = "SVC",
                                           [0x16] = "MON", [0x17] = "ABT", [0x1a] = "Hyp", [0x1b] = "UND",
                                           [0x1f] = "SYS" };
    return names[m & 0x1f] ? names[m & 0x1f] : "?";
}

/* Where the event happened: "EL2", or on the Hyp-mode machine the mode ("Hyp", "SVC") */
/* On the Hyp-mode machine (ev->a32: the event's mode), the AArch32 name of the register an
 * MCR or MCRR wrote (HVBAR, not VBAR_EL2), from the instruction's coprocessor fields
 * (A32 cccc 1110 opc1 0 CRn Rt coproc opc2 1 CRm; MCRR cccc 1100 0100 Rt2 Rt coproc opc1
 * CRm; T32 the same in its two halfwords), when its row maps to the register written;
 * NULL otherwise (the AArch64 name stays). */
static const char *a32_sysreg_name(const el2_event *ev)
{
    uint32_t i = ev->insn;
    const sysreg_a32_def *d = NULL;
    if ((i & 0x0f100010) == 0x0e000010)
        d = sysreg_a32_find((i >> 8) & 15, (i >> 21) & 7, (i >> 16) & 15, i & 15, (i >> 5) & 7);
    else if ((i & 0x0ff00000) == 0x0c400000)
        d = sysreg_a32_find64((i >> 8) & 15, (i >> 4) & 15, i & 15);
    return d && d->sr == ev->sysreg ? d->name : NULL;
}

static const char *at_name(const el2_event *ev, char *buf)
{
    if (ev_hyp32(ev) && ev->from_el < 3)
        return mode_name(ev->a32);
    snprintf(buf, 8, "EL%u", ev->from_el);
    return buf;
}

/* The PL1 mode an exception of kind k enters (AArch32.EnterMode as the aarch32/exceptions
 * pseudocode calls it: SVC to Supervisor, UNDEFINED to Undefined, aborts, BKPT and SErrors
 * to Abort, IRQ and FIQ to their own modes) */
static const char *pl1_mode_of(el2_exc_kind k)
{
    switch (k) {
    case EXC_SVC: return "SVC";
    case EXC_IRQ: case EXC_VIRQ: return "IRQ";
    case EXC_FIQ: case EXC_VFIQ: return "FIQ";
    case EXC_BRK: case EXC_INSN_ABORT: case EXC_DATA_ABORT: case EXC_PC_ALIGN: case EXC_SERROR: case EXC_VSERROR:
        return "ABT";
    default: return "UND";
    }
}

/* An exception taken to an AArch32 EL1 (a PL1 mode): on the Hyp-mode machine any entry to
 * EL1; under an AArch64 EL2 one from AArch32 (SPSR.M[4]) to an AArch32 vector (VBAR + 0x04
 * to + 0x1C; an AArch64 EL1's are at + 0x600 and above for a lower AArch32 EL) */
static bool a32_el1_entry(const el2_event *ev)
{
    return ev->kind == EV_EXC && ev->to_el == 1 && ev->exc != EXC_FIRMWARE &&
           (ev_hyp32(ev) || ((ev->spsr & 0x10) && ev->vector_off < 0x20));
}

/* "EL1->EL2", or the modes on the Hyp-mode machine ("SVC->Hyp", "Hyp->EL3", "EL3->SVC",
 * "SVC->IRQ"): an exception enters Hyp mode at EL2, the kind's PL1 mode at EL1; a return
 * goes to its SPSR's mode (an illegal one stays) */
static const char *from_to(const el2_event *ev, char *buf)
{
    if (!ev_hyp32(ev)) {            /* (by hand: an snprintf on every event line is dear) */
        memcpy(buf, "EL0->EL0", 9);
        buf[2] = (char)('0' + (ev->from_el & 7));
        buf[7] = (char)('0' + (ev->to_el & 7));
        return buf;
    }
    char a[8], b[8];
    const char *from = at_name(ev, a), *to = b;
    if (ev->kind == EV_ERET && ev->from_el == 3)
        from = "EL3";
    snprintf(b, sizeof b, "EL%u", ev->to_el);
    if (ev->kind == EV_EXC && ev->to_el == 2)
        to = "Hyp";
    else if (ev->kind == EV_EXC && ev->to_el == 1)
        to = pl1_mode_of(ev->exc);
    else if (ev->kind == EV_ERET && (ev->spsr & 0x10))
        to = ev->illegal ? from : mode_name(ev->spsr);
    snprintf(buf, 24, "%s->%s", from, to);
    return buf;
}

/* The event's instruction: A32/T32 for an event in AArch32 state (ev->a32: its T), or for
 * an exception taken from AArch32 (SPSR.M[4]: A32, or T32 with SPSR.T), else A64 */
static const char *dis_event(const el2_symtab *st, const el2_event *ev, char *buf, size_t n)
{
    if (ev->a32 && (ev->insn == 0xe10f0070 || ev->insn == 0xbabc)) {   /* (Capstone lacks HLT) */
        snprintf(buf, n, "hlt #%s", ev->insn == 0xbabc ? "0x3c" : "0xf000");
        return buf;
    }
    if (ev->a32)
        return disasm_a32(ev->pc, ev->insn, ev->a32 & 0x20, buf, n);
    if (ev->kind == EV_EXC && (ev->spsr & 0x10))
        return disasm_a32(ev->pc, ev->insn, ev->spsr & 0x20, buf, n);
    return dis_cached(st, ev->pc, ev->insn, buf, n);
}

static void format_event(line_buf *l, const el2_symtab *st, const el2_event *ev)
{
    char ft[24], at[8];
    char pcs[160], tgt[160], elr[160], dis[256];
    symtab_format(st, ev->pc, pcs, sizeof pcs);
    if (ev->cpu)                       /* several PEs: which one; its own counts follow */
        lprintf(l, "cpu%u ", ev->cpu - 1u);
    lprintf(l, "%9" PRIu64 " %10" PRIu64 "  ", ev->insns, ev->cycles);
    switch (ev->kind) {
    case EV_EXC:
        dis_event(st, ev, dis, sizeof dis);
        if (ev->exc == EXC_SEMIHOST) {
            lprintf(l, "%-11s %-3s       %-28s %-22s %s(0x%" PRIx64 ")\n", "SEMIHOST", at_name(ev, at), pcs,
                    ev_hyp32(ev) ? dis : "hlt #0xf000", semihost_name(ev->value), ev->value);
            return;
        }
        if (!ev->insn && ev->exc != EXC_UNDEF)
            dis[0] = 0;
        symtab_format(st, ev->elr, elr, sizeof elr);
        if (ev->exc == EXC_FIRMWARE) {
            const char *fn = smccc_fid_name((uint32_t)ev->value);
            lprintf(l, "%-11s %s->EL3  %-28s %-22s ESR 0x%08x %s  x0=0x%" PRIx64 "%s%s%s\n", "SMC", at_name(ev, at),
                    pcs, dis, ev->esr, ec_name(ev->esr >> 26), ev->value, fn ? " (" : "", fn ? fn : "",
                    fn ? ")" : "");
            return;
        }
        symtab_format(st, ev->target, tgt, sizeof tgt);
        if (exc_is_async(ev->exc)) {
            /* an interrupt: PC (= ELR) is the instruction it came before; IRQ and FIQ
               write no ESR, SError shows the one it wrote */
            char src[64];
            lprintf(l, "%-11s %s  %-28s %-22s %s", exc_kind_name(ev->exc), from_to(ev, ft), pcs, "",
                    irq_source_text(ev->exc, ev->status, ev->value, src, sizeof src));
            if (ev->exc == EXC_SERROR || ev->exc == EXC_VSERROR)
                lprintf(l, "  ESR 0x%08x %s", ev->esr, ec_name(ev->esr >> 26));
            lprintf(l, "  ELR %s  SPSR 0x%x  -> %s\n", elr, ev->spsr, tgt);
            return;
        }
        /* (lprintf's own formatter: a snprintf per event line costs the text output a third) */
        if (a32_el1_entry(ev))          /* AArch32.EnterMode: no syndrome register is written */
            lprintf(l, "%-11s %s  %-28s %-22s %s mode, no ESR        ELR %s  SPSR 0x%x", exc_kind_name(ev->exc),
                    from_to(ev, ft), pcs, dis, pl1_mode_of(ev->exc), elr, ev->spsr);   /* 22 wide */
        else
            lprintf(l, "%-11s %s  %-28s %-22s ESR 0x%08x %s  ELR %s  SPSR 0x%x", exc_kind_name(ev->exc),
                    from_to(ev, ft), pcs, dis, ev->esr, ec_name(ev->esr >> 26), elr, ev->spsr);
        if (ev->exc == EXC_PC_ALIGN || ev->exc == EXC_DATA_ABORT || ev->exc == EXC_INSN_ABORT) {
            lprintf(l, "  FAR 0x%" PRIx64, ev->far);
            if (ev->has_far_pa)
                lprintf(l, " (PA 0x%" PRIx64 ")", ev->far_pa);
        }
        lprintf(l, "  -> %s\n", tgt);
        return;
    case EV_ERET:
        symtab_format(st, ev->target, tgt, sizeof tgt);
        if (ev->from_el == 3) {
            lprintf(l, "%-11s %s  %-28s %-22s x0=0x%" PRIx64 "  -> %s\n", "ERET", from_to(ev, ft), "firmware",
                    "", ev->value, tgt);
            return;
        }
        dis_event(st, ev, dis, sizeof dis);
        lprintf(l, "%-11s %s  %-28s %-22s SPSR 0x%x  -> %s%s\n", ev->illegal ? "ERET-ILLEGAL" : "ERET",
                from_to(ev, ft), pcs, dis, ev->spsr, tgt,
                ev->illegal ? "  (illegal return: PSTATE.IL set, EL unchanged)" : "");
        return;
    case EV_SYSREG: {
        dis_event(st, ev, dis, sizeof dis);
        symtab_format(st, ev->value, tgt, sizeof tgt);
        const char *name = ev->sysreg >= 0 && ev->sysreg < sysreg_count ? sysreg_table[ev->sysreg].name : "?";
        if (ev_hyp32(ev) && a32_sysreg_name(ev))
            name = a32_sysreg_name(ev);
        lprintf(l, "%-11s %-3s       %-28s %-22s %s = 0x%" PRIx64, "MSR", at_name(ev, at), pcs, dis, name, ev->value);
        if (tgt[0] != '0')
            lprintf(l, " (%s)", tgt);
        lprintf(l, "  [was 0x%" PRIx64 "]\n", ev->old);
        return;
    }
    case EV_STOP:
        lprintf(l, "%-11s %-3s       %-28s %s", "STOP", at_name(ev, at), pcs, stop_name(ev->stop));
        if (ev->stop == STOP_SEMIHOST_EXIT)
            lprintf(l, " status=%d", ev->status);
        lprintf(l, "\n");
        return;
    case EV_FINDING:
        lprintf(l, "%-11s %-3s       %-28s %s\n", "FINDING", at_name(ev, at), pcs, ev->note ? ev->note : "");
        return;
    case EV_TLBI:
        dis_cached(st, ev->pc, ev->insn, dis, sizeof dis);
        if ((ev->insn & 31) != 31)                 /* Rt: the operand (VA, IPA, ASID) */
            lprintf(l, "%-11s EL%u       %-28s %-22s x%u = 0x%" PRIx64 "\n", "TLBI", ev->from_el, pcs, dis,
                    ev->insn & 31, ev->value);
        else
            lprintf(l, "%-11s EL%u       %-28s %s\n", "TLBI", ev->from_el, pcs, dis);
        return;
    }
}

/* With the MMU on, the PA of the event's PC when it differs from the PC: the line ends
 * with "  PC-PA 0x...". (MMU-off lines are unchanged.) */
static void format_pc_pa(line_buf *l, const el2_event *ev)
{
    if (!ev->has_pc_pa || !l->len || l->buf[l->len - 1] != '\n')
        return;
    l->len--;
    lprintf(l, "  PC-PA 0x%" PRIx64 "\n", ev->pc_pa);
}

/* R<n> of AArch32 mode m: the X register the Arm ARM maps it to ("Mapping of AArch32
 * registers to AArch64 registers"; R13/R14 banked per mode, R8-R14 for FIQ) */
static int a32_x(unsigned m, int n)
{
    if (n < 8 || (n < 13 && m != 0x11))
        return n;
    switch (m) {
    case 0x11: return n + 16;
    case 0x12: return n == 13 ? 17 : 16;
    case 0x13: return n == 13 ? 19 : 18;
    case 0x17: return n == 13 ? 21 : 20;
    case 0x1b: return n == 13 ? 23 : 22;
    case 0x1a: return n == 13 ? 15 : 14;
    default: return n;
    }
}

static void format_regs(line_buf *l, const el2_event *ev)
{
    if (!ev->has_regs)
        return;
    if (ev_hyp32(ev)) {                /* the 32-bit registers of the event's mode */
        static const char *const nm[15] = { "r0 ", "r1 ", "r2 ", "r3 ", "r4 ", "r5 ", "r6 ", "r7 ", "r8 ",
                                            "r9 ", "r10", "r11", "r12", "sp ", "lr " };
        for (int i = 0; i < 15; i++)
            lprintf(l, "%s %s=%08" PRIx32 "%s", i % 8 == 0 ? "                     " : "", nm[i],
                    (uint32_t)ev->x[a32_x(ev->a32 & 0x1f, i)], i % 8 == 7 || i == 14 ? "\n" : "");
        return;
    }
    for (int i = 0; i < 31; i++)
        lprintf(l, "%s x%-2d=%016" PRIx64 "%s", i % 4 == 0 ? "                     " : "", i, ev->x[i],
                i % 4 == 3 ? "\n" : "");
    lprintf(l, " sp =%016" PRIx64 "\n", ev->sp);
}

void print_event(FILE *f, const el2_symtab *st, const el2_event *ev)
{
    line_buf l = { .f = f };
    format_event(&l, st, ev);
    format_pc_pa(&l, ev);
    fwrite(l.buf, 1, l.len, f);
}

void print_regs(FILE *f, const el2_event *ev)
{
    line_buf l = { .f = f };
    format_regs(&l, ev);
    fwrite(l.buf, 1, l.len, f);
}
