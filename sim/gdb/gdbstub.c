/* gdbstub.c - GDB remote-serial-protocol server for `el2sim run --gdb [HOST:]PORT`.
 * Written from GDB's manual, appendix "GDB Remote Serial Protocol" (packets, stop
 * replies, qXfer target descriptions, "AArch64 Features").
 *
 * How it rides on the engine without disturbing the trace or the ABI checker:
 *  - breakpoints (Z0/Z1) are el2sim's own stop points (engine_stop_at): an address-
 *    bound code hook that stops before the instruction, never a BRK in guest memory.
 *    Because the engine's hook on a system instruction or ERET is the same hook, a
 *    breakpoint there stops before the modelled semantics run;
 *  - a single step is uc_emu_start with count 1: Unicorn puts its counting hook at the
 *    head of the code-hook list, so it stops before the next instruction and before
 *    any of el2sim's hooks on it. The hook is only called where the translator put a
 *    call, so the engine's translations are dropped when stepping begins (blocks
 *    translated during a continue have no call on their plain instructions). An
 *    exception taken by the stepped instruction moves the PC to the vector (el2sim
 *    restarts the engine), so the step ends there;
 *  - Ctrl-C and "stop after each exception entry" stop at the start of the next block,
 *    from a block hook of our own that also polls the socket now and then;
 *  - the engine counts a whole block when it starts; a debug stop in the middle of a
 *    block takes back the part that did not run (cpu_take_back), so the instruction and
 *    cycle stamps of every event come out as in a run without gdb;
 *  - nothing here emits events: the EV_STOP event is emitted once, by machine_run,
 *    when the run really ends. */
#include "gdbstub.h"
#include "setup.h"
#include "engine.h"
#include "exception.h"
#include "hyp32.h"
#include "sysreg.h"
#include "timing.h"
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_PKT     16384        /* advertised as PacketSize */
#define POLL_EVERY  1024         /* blocks between looks at the socket while running */

/* Register numbers of the target description below. */
#define REG_SP    31
#define REG_PC    32
#define REG_CPSR  33
#define REG_V0    34
#define REG_FPSR  66
#define REG_FPCR  67
#define REG_SYS0  68
/* The `arm` target description (an AArch32-only PE, --arch aarch32): r0-r12, sp, lr, pc,
 * cpsr, 32 bits each */
#define A32_SP    13
#define A32_LR    14
#define A32_PC    15
#define A32_CPSR  16
#define A32_NREGS 17

/* breakpoint masks */
#define BP_SW   1u
#define BP_HW   2u
#define BP_USER 0x80u            /* also a --stop-at point: hitting it ends the run */

typedef enum { R_NONE, R_STEP, R_SW, R_HW, R_INT, R_EXC } stop_reason;
typedef enum { A_NONE, A_CONT, A_STEP, A_DETACH, A_KILL } action;

struct el2_gdb {
    int lfd, fd;
    char *host;
    bool catch_exc, noack, connected, swbreak;
    bool phys;                   /* monitor phys on: m/M/X take physical addresses */
    bool arm;                    /* the `arm` target description (gdb_arm_target) */
    el2_machine *m;
    uint8_t in[4096];
    size_t in_pos, in_len;
    GString *last;               /* last packet sent, for a NAK */
    GString *xml;                /* target description */
    GArray *sysregs;             /* int: sysreg_table rows exposed, from REG_SYS0 */
    GHashTable *bps;             /* uint64_t* address -> mask */
    el2_hook_id h_block[EL2_MAX_PES];   /* one per PE's engine */
    bool h_block_on;
    bool idle;                   /* several PEs: none can run any more (the run is over) */
    unsigned poll_ctr;
    bool interrupt_req, exc_pending;
    bool counting;               /* the last engine run counted instructions (a step) */
    stop_reason reason;
    char *exc_note;
    char stop_reply[32];
    el2_observer ob;             /* --gdb-catch exc: after the other observers */
};

/* ---- bytes and packets ------------------------------------------------------------ */

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void drop_connection(el2_gdb *g, const char *why)
{
    if (g->fd >= 0) {
        close(g->fd);
        g->fd = -1;
    }
    if (g->connected && why)
        fprintf(stderr, "el2sim: gdb: %s\n", why);
    g->connected = false;
}

static bool write_all(el2_gdb *g, const char *p, size_t n)
{
    while (n && g->fd >= 0) {
        ssize_t w = send(g->fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            drop_connection(g, "connection lost while sending");
            return false;
        }
        p += w;
        n -= (size_t)w;
    }
    return g->fd >= 0;
}

static void send_packet(el2_gdb *g, const char *data, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    GString *s = g->last;
    g_string_truncate(s, 0);
    g_string_append_c(s, '$');
    uint8_t sum = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t c = (uint8_t)data[i];
        if (c == '$' || c == '#' || c == '}' || c == '*') {
            g_string_append_c(s, '}');
            sum += '}';
            c ^= 0x20;
        }
        g_string_append_c(s, (char)c);
        sum += c;
    }
    g_string_append_c(s, '#');
    g_string_append_c(s, hex[sum >> 4]);
    g_string_append_c(s, hex[sum & 15]);
    write_all(g, s->str, s->len);
}

static void send_str(el2_gdb *g, const char *s) { send_packet(g, s, strlen(s)); }

/* Console output to gdb ("O" packet, hex). */
static void send_console(el2_gdb *g, const char *text)
{
    GString *o = g_string_new("O");
    for (const char *p = text; *p; p++)
        g_string_append_printf(o, "%02x", (uint8_t)*p);
    send_packet(g, o->str, o->len);
    g_string_free(o, TRUE);
}

/* One byte: 0..255, -1 connection closed or failed, -2 a signal stopped the machine. */
static int get_byte(el2_gdb *g)
{
    while (g->in_pos == g->in_len) {
        if (g->fd < 0)
            return -1;
        ssize_t r = recv(g->fd, g->in, sizeof g->in, 0);
        if (r < 0 && errno == EINTR) {
            if (g->m->cpu->stop != STOP_NONE)
                return -2;
            continue;
        }
        if (r <= 0)
            return -1;
        g->in_pos = 0;
        g->in_len = (size_t)r;
    }
    return g->in[g->in_pos++];
}

/* Reads the next well-formed packet into pkt (raw, escapes kept): 1, or 0 when the
 * connection is gone, -2 when a signal stopped the machine. Acknowledges, NAKs bad
 * checksums (gdb retransmits), answers an overlong packet with an empty reply. */
static int get_packet(el2_gdb *g, GString *pkt)
{
    for (;;) {
        int c = get_byte(g);
        if (c < 0)
            return c == -2 ? -2 : 0;
        if (c == '-' && !g->noack && g->last->len) {
            write_all(g, g->last->str, g->last->len);
            continue;
        }
        if (c != '$')
            continue;                       /* '+', a stray ^C while stopped, garbage */
        bool overlong = false;
        uint8_t sum = 0;
        g_string_truncate(pkt, 0);
        for (;;) {
            c = get_byte(g);
            if (c < 0)
                return c == -2 ? -2 : 0;
            if (c == '#')
                break;
            if (c == '$') {                 /* a new packet starts: drop the broken one */
                g_string_truncate(pkt, 0);
                sum = 0;
                overlong = false;
                continue;
            }
            sum += (uint8_t)c;
            if (pkt->len < MAX_PKT)
                g_string_append_c(pkt, (char)c);
            else
                overlong = true;
        }
        int h1 = get_byte(g), h2 = h1 < 0 ? h1 : get_byte(g);
        if (h1 < 0 || h2 < 0)
            return (h1 == -2 || h2 == -2) ? -2 : 0;
        int want = hexval(h1) >= 0 && hexval(h2) >= 0 ? hexval(h1) << 4 | hexval(h2) : -1;
        if (want != sum) {
            if (!g->noack)
                write_all(g, "-", 1);
            continue;
        }
        if (!g->noack)
            write_all(g, "+", 1);
        if (overlong) {
            send_str(g, "");
            continue;
        }
        return 1;
    }
}

/* ---- parsing helpers ----------------------------------------------------------------- */

static bool parse_hex(const char **p, uint64_t *v)
{
    const char *s = *p;
    uint64_t x = 0;
    int n = 0;
    while (hexval(*s) >= 0 && n < 16) {
        x = x << 4 | (uint64_t)hexval(*s++);
        n++;
    }
    if (!n || hexval(*s) >= 0)
        return false;
    *p = s;
    *v = x;
    return true;
}

static bool decode_hex(const char *s, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int a = hexval(s[2 * i]), b = a < 0 ? -1 : hexval(s[2 * i + 1]);
        if (a < 0 || b < 0)
            return false;
        out[i] = (uint8_t)(a << 4 | b);
    }
    return true;
}

static void append_hex(GString *s, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(s, "%02x", b[i]);
}

/* ---- registers ---------------------------------------------------------------------- */

static int nregs(el2_gdb *g) { return g->arm ? A32_NREGS : REG_SYS0 + (int)g->sysregs->len; }

/* Several PEs (issue 20): gdb's threads are the PEs, thread id = PE number + 1; the
 * selected one (Hg) is the machine's current PE (m->cpu, m->eng), whose registers and
 * memory view the packets use. One PE: one thread, as before. */
static unsigned npes(const el2_gdb *g) { return g->m->smp ? g->m->smp->n : 1; }
static el2_engine *pe_eng(el2_gdb *g, unsigned i) { return g->m->smp ? g->m->smp->pe[i].eng : g->m->eng; }

/* Breakpoints are stop points of every PE's engine */
static void stop_at_all(el2_gdb *g, uint64_t addr, bool on)
{
    for (unsigned i = 0; i < npes(g); i++) {
        if (on)
            engine_stop_at(pe_eng(g, i), addr);
        else
            engine_stop_at_clear(pe_eng(g, i), addr);
    }
}

static int reg_size(el2_gdb *g, int n)
{
    if (g->arm)
        return 4;
    if (n == REG_CPSR || n == REG_FPSR || n == REG_FPCR)
        return 4;
    if (n >= REG_V0 && n < REG_V0 + 32)
        return 16;
    return 8;
}

static void put_le(uint8_t *b, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *b, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | b[i];
    return v;
}

/* The PE is AArch32-only (--arch aarch32: EL2 is Hyp mode): gdb gets the `arm` target
 * description; a mixed machine (AArch64 EL2, AArch32 EL1) keeps `aarch64`, whose X
 * registers hold the AArch32 ones. */
static bool gdb_arm_target(el2_machine *m)
{
    return hyp32(m->cpu);
}

/* The CPSR of an AArch32-only PE */
static uint32_t gdb_a32_cpsr(el2_machine *m)
{
    return aarch32_cpsr(m->cpu);
}

/* AArch32: R13 and R14 of the mode in CPSR.M, by their AArch64 numbers (Arm ARM,
 * "Mapping of the AArch32 general-purpose registers to AArch64 registers"); Hyp mode
 * has its own SP (X15) and uses LR_usr (X14). r0-r12 are X0-X12 (FIQ's banked r8-r12
 * are not shown: no el2sim guest runs in FIQ mode). */
static int a32_banked(uint32_t cpsr, int r)
{
    static const struct { uint8_t mode, sp, lr; } banks[] = {
        { 0x10, 13, 14 }, { 0x1f, 13, 14 }, { 0x11, 29, 30 }, { 0x12, 17, 16 },
        { 0x13, 19, 18 }, { 0x17, 21, 20 }, { 0x1b, 23, 22 }, { 0x1a, 15, 14 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(banks); i++)
        if ((cpsr & 0x1f) == banks[i].mode)
            return r == A32_SP ? banks[i].sp : banks[i].lr;
    return r;
}

static bool a32_read_reg(el2_gdb *g, int n, uint8_t *buf)
{
    el2_machine *m = g->m;
    uint32_t cpsr = gdb_a32_cpsr(m);
    uint64_t v;
    if (n < A32_SP)
        v = machine_x(m, n);
    else if (n <= A32_LR)
        v = machine_x(m, a32_banked(cpsr, n));
    else if (n == A32_PC)
        v = machine_pc(m);
    else if (n == A32_CPSR)
        v = cpsr;
    else
        return false;
    put_le(buf, v, 4);
    return true;
}

/* CPSR writes are refused unless they change nothing: a mode change would need the
 * banked registers moved, which is the exception model's job, not gdb's */
static bool a32_write_reg(el2_gdb *g, int n, const uint8_t *buf)
{
    el2_machine *m = g->m;
    uint32_t v = (uint32_t)get_le(buf, 4), cpsr = gdb_a32_cpsr(m);
    if (n < A32_SP)
        machine_set_x(m, n, v);
    else if (n <= A32_LR)
        machine_set_x(m, a32_banked(cpsr, n), v);
    else if (n == A32_PC)
        machine_set_pc(m, v);
    else if (n != A32_CPSR || v != cpsr)
        return false;
    return true;
}

static bool read_reg(el2_gdb *g, int n, uint8_t *buf)
{
    el2_machine *m = g->m;
    uint64_t v = 0;
    if (g->arm)
        return a32_read_reg(g, n, buf);
    if (n < 31)
        v = machine_x(m, n);
    else if (n == REG_SP)
        v = machine_sp(m);
    else if (n == REG_PC)
        v = machine_pc(m);
    else if (n == REG_CPSR)
        v = machine_pstate(m);
    else if (n >= REG_V0 && n < REG_V0 + 32) {
        uint64_t q[2] = { 0, 0 };
        uint64_t v32[32][2];
        machine_read_v(m, v32);
        q[0] = v32[n - REG_V0][0];
        q[1] = v32[n - REG_V0][1];
        put_le(buf, q[0], 8);
        put_le(buf + 8, q[1], 8);
        return true;
    } else if (n == REG_FPSR || n == REG_FPCR)
        v = n == REG_FPSR ? engine_fpsr(m->eng) : engine_fpcr(m->eng);
    else if (n >= REG_SYS0 && n < nregs(g))
        v = sysreg_read(m->cpu, g_array_index(g->sysregs, int, n - REG_SYS0));
    else
        return false;
    put_le(buf, v, reg_size(g, n));
    return true;
}

static bool write_reg(el2_gdb *g, int n, const uint8_t *buf)
{
    el2_machine *m = g->m;
    if (g->arm)
        return a32_write_reg(g, n, buf);
    uint64_t v = get_le(buf, reg_size(g, n) > 8 ? 8 : reg_size(g, n));
    if (n < 31)
        machine_set_x(m, n, v);
    else if (n == REG_SP)
        machine_set_sp_el(m, (machine_pstate(m) & 1u) ? m->cpu->el : 0, v);
    else if (n == REG_PC)
        machine_set_pc(m, v);
    else if (n == REG_CPSR) {
        unsigned el = (v >> 2) & 3;
        if (el == 3 || (v & PSR_nRW))
            return false;                   /* el2sim models EL0-EL2 in AArch64 */
        machine_sp_save(m);
        machine_enter_state(m, el, (uint32_t)v);
        m->cpu->il = (v & PSR_IL) != 0;
        cpu_set_psr_ext(m->cpu, PSR_PAN | PSR_UAO | PSR_SSBS, (uint32_t)v);   /* where the CPU has them */
    } else if (n >= REG_V0 && n < REG_V0 + 32) {
        uint64_t q[2] = { get_le(buf, 8), get_le(buf + 8, 8) };
        machine_set_v(m, n - REG_V0, q);
    } else if (n == REG_FPSR || n == REG_FPCR) {
        if (n == REG_FPSR)
            engine_set_fpsr(m->eng, v);
        else
            engine_set_fpcr(m->eng, v);
    } else if (n >= REG_SYS0 && n < nregs(g)) {
        int idx = g_array_index(g->sysregs, int, n - REG_SYS0);
        const sysreg_def *d = &sysreg_table[idx];
        if ((d->flags & SRF_RO) || d->kind == SRK_ID)
            return false;
        if (sysreg_read(m->cpu, idx) != v)
            sysreg_write(m->cpu, idx, v, 0, 0);  /* pc 0: el2sim's own write, no event */
    } else
        return false;
    return true;
}

/* GDB's "ARM Features": org.gnu.gdb.arm.core holds r0-r12, sp, lr, pc and cpsr. */
static void build_xml_arm(el2_gdb *g)
{
    GString *x = g_string_new("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                              "<target version=\"1.0\">\n<architecture>arm</architecture>\n"
                              "<feature name=\"org.gnu.gdb.arm.core\">\n");
    for (int i = 0; i < A32_SP; i++)
        g_string_append_printf(x, "<reg name=\"r%d\" bitsize=\"32\" type=\"uint32\" regnum=\"%d\"/>\n", i, i);
    g_string_append_printf(x, "<reg name=\"sp\" bitsize=\"32\" type=\"data_ptr\" regnum=\"%d\"/>\n"
                              "<reg name=\"lr\" bitsize=\"32\" type=\"uint32\" regnum=\"%d\"/>\n"
                              "<reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\" regnum=\"%d\"/>\n"
                              "<reg name=\"cpsr\" bitsize=\"32\" type=\"uint32\" regnum=\"%d\"/>\n"
                              "</feature>\n</target>\n", A32_SP, A32_LR, A32_PC, A32_CPSR);
    g->xml = x;
}

static void build_xml(el2_gdb *g)
{
    if (g->arm) {
        build_xml_arm(g);
        return;
    }
    GString *x = g_string_new("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                              "<target version=\"1.0\">\n<architecture>aarch64</architecture>\n"
                              "<feature name=\"org.gnu.gdb.aarch64.core\">\n");
    for (int i = 0; i < 31; i++)
        g_string_append_printf(x, "<reg name=\"x%d\" bitsize=\"64\" type=\"int\" regnum=\"%d\"/>\n", i, i);
    g_string_append(x, "<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"31\"/>\n"
                       "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>\n"
                       "<flags id=\"cpsr_flags\" size=\"4\">\n"
                       "<field name=\"SP\" start=\"0\" end=\"0\"/>\n"
                       "<field name=\"EL\" start=\"2\" end=\"3\"/>\n"
                       "<field name=\"nRW\" start=\"4\" end=\"4\"/>\n"
                       "<field name=\"F\" start=\"6\" end=\"6\"/>\n"
                       "<field name=\"I\" start=\"7\" end=\"7\"/>\n"
                       "<field name=\"A\" start=\"8\" end=\"8\"/>\n"
                       "<field name=\"D\" start=\"9\" end=\"9\"/>\n"
                       "<field name=\"IL\" start=\"20\" end=\"20\"/>\n"
                       "<field name=\"SS\" start=\"21\" end=\"21\"/>\n"
                       "<field name=\"V\" start=\"28\" end=\"28\"/>\n"
                       "<field name=\"C\" start=\"29\" end=\"29\"/>\n"
                       "<field name=\"Z\" start=\"30\" end=\"30\"/>\n"
                       "<field name=\"N\" start=\"31\" end=\"31\"/>\n"
                       "</flags>\n"
                       "<reg name=\"cpsr\" bitsize=\"32\" type=\"cpsr_flags\" regnum=\"33\"/>\n"
                       "</feature>\n<feature name=\"org.gnu.gdb.aarch64.fpu\">\n");
    for (int i = 0; i < 32; i++)
        g_string_append_printf(x, "<reg name=\"v%d\" bitsize=\"128\" type=\"uint128\" regnum=\"%d\"/>\n",
                               i, REG_V0 + i);
    g_string_append_printf(x, "<reg name=\"fpsr\" bitsize=\"32\" type=\"int\" regnum=\"%d\"/>\n"
                              "<reg name=\"fpcr\" bitsize=\"32\" type=\"int\" regnum=\"%d\"/>\n"
                              "</feature>\n<feature name=\"org.el2sim.sysregs\">\n", REG_FPSR, REG_FPCR);
    for (guint i = 0; i < g->sysregs->len; i++) {
        const sysreg_def *d = &sysreg_table[g_array_index(g->sysregs, int, i)];
        g_autofree char *name = g_ascii_strdown(d->name, -1);
        bool code = g_str_has_prefix(name, "vbar_") || g_str_has_prefix(name, "elr_");
        g_string_append_printf(x, "<reg name=\"%s\" bitsize=\"64\" type=\"%s\" group=\"system\" regnum=\"%u\"/>\n",
                               name, code ? "code_ptr" : "uint64", REG_SYS0 + i);
    }
    g_string_append(x, "</feature>\n</target>\n");
    g->xml = x;
}

/* ---- memory ------------------------------------------------------------------------- */

/* After gdb wrote guest memory (machine_write dropped the stale translations and block
 * data): hook any new system instruction or ERET. */
static void mem_written(el2_gdb *g, uint64_t addr, uint64_t len)
{
    el2_machine *m = g->m;
    engine_prescan(m->eng, addr & ~3ULL, ((addr + len + 3) & ~3ULL) - (addr & ~3ULL));
}

/* The PA of gdb's address: itself with `monitor phys on`, else translated through the
 * current EL's regime as a debugger's read (vmem.h: no Access flag update; writes are
 * checked as reads, so gdb may patch read-only code). */
static bool gdb_pa(el2_gdb *g, uint64_t addr, uint64_t *pa)
{
    if (g->phys) {
        *pa = addr;
        return true;
    }
    return cpu_va_to_pa_debug(g->m->cpu, g->m->cpu->el, addr, pa, NULL);
}

/* Up to the end of addr's 4 KiB page (the smallest granule: one translation holds) */
static uint64_t page_part(uint64_t addr, uint64_t len)
{
    return MIN(len, 0x1000 - (addr & 0xfff));
}

/* As many bytes from addr as can be read (a page that faults ends it) */
static size_t read_mem(el2_gdb *g, uint64_t addr, uint8_t *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        uint64_t pa, n = g->phys ? len - got : page_part(addr + got, len - got);
        if (!gdb_pa(g, addr + got, &pa))
            break;
        if (!machine_read(g->m, pa, buf + got, n)) {
            for (uint64_t i = 0; i < n && machine_read(g->m, pa + i, buf + got, 1); i++)
                got++;
            break;
        }
        got += n;
    }
    return got;
}

/* All len bytes at addr, page by page; false when a page faults or is not memory */
static bool write_mem(el2_gdb *g, uint64_t addr, const uint8_t *buf, size_t len)
{
    for (size_t done = 0; done < len;) {
        uint64_t pa, n = g->phys ? len - done : page_part(addr + done, len - done);
        if (!gdb_pa(g, addr + done, &pa) || !machine_write(g->m, pa, buf + done, n))
            return false;
        mem_written(g, pa, n);
        done += n;
    }
    return true;
}

static void cmd_read_mem(el2_gdb *g, const char *p)
{
    uint64_t addr, len;
    if (!parse_hex(&p, &addr) || *p++ != ',' || !parse_hex(&p, &len) || *p) {
        send_str(g, "E01");
        return;
    }
    len = MIN(len, (uint64_t)(MAX_PKT / 2 - 16));
    uint8_t *buf = g_malloc(len ? len : 1);
    size_t got = read_mem(g, addr, buf, len);
    if (!got && len)
        send_str(g, "E14");
    else {
        GString *s = g_string_sized_new(2 * got);
        append_hex(s, buf, got);
        send_packet(g, s->str, s->len);
        g_string_free(s, TRUE);
    }
    g_free(buf);
}

static void cmd_write_mem(el2_gdb *g, const char *p, size_t plen, bool binary)
{
    const char *end = p + plen;
    uint64_t addr, len;
    if (!parse_hex(&p, &addr) || *p++ != ',' || !parse_hex(&p, &len) || *p++ != ':' || len > MAX_PKT) {
        send_str(g, "E01");
        return;
    }
    uint8_t *buf = g_malloc(len ? len : 1);
    bool ok = true;
    if (binary) {
        size_t n = 0;
        while (p < end && n < len) {
            uint8_t c = (uint8_t)*p++;
            if (c == '}' && p < end)
                c = (uint8_t)*p++ ^ 0x20;
            buf[n++] = c;
        }
        ok = n == len && p == end;
    } else
        ok = (size_t)(end - p) == 2 * len && decode_hex(p, buf, len);
    if (!ok)
        send_str(g, "E01");
    else if (len && !write_mem(g, addr, buf, len))
        send_str(g, "E14");
    else
        send_str(g, "OK");
    g_free(buf);
}

/* ---- breakpoints -------------------------------------------------------------------- */

static unsigned bp_mask(el2_gdb *g, uint64_t addr)
{
    return GPOINTER_TO_UINT(g_hash_table_lookup(g->bps, &addr));
}

static void bp_set(el2_gdb *g, uint64_t addr, unsigned mask)
{
    el2_machine *m = g->m;
    unsigned old = bp_mask(g, addr);
    if (!old && mask) {
        if (engine_is_stop_point(m->eng, addr))
            mask |= BP_USER;
        else
            stop_at_all(g, addr, true);
    } else if (old && !(mask & (BP_SW | BP_HW))) {
        if (!(old & BP_USER))
            stop_at_all(g, addr, false);
        g_hash_table_remove(g->bps, &addr);
        return;
    }
    if (!mask)
        return;
    uint64_t *k = g_new(uint64_t, 1);
    *k = addr;
    g_hash_table_replace(g->bps, k, GUINT_TO_POINTER(mask | (old & BP_USER)));
}

static void cmd_breakpoint(el2_gdb *g, const char *p, bool insert)
{
    uint64_t type, addr, kind;
    if (!parse_hex(&p, &type) || *p++ != ',' || !parse_hex(&p, &addr) || *p++ != ',' ||
        !parse_hex(&p, &kind)) {
        send_str(g, "E01");
        return;
    }
    if (type > 1) {
        send_str(g, "");                    /* watchpoints: not supported */
        return;
    }
    unsigned bit = type ? BP_HW : BP_SW, mask = bp_mask(g, addr);
    bp_set(g, addr, insert ? mask | bit : mask & ~bit);
    send_str(g, "OK");
}

/* Forget every breakpoint and stop request (detach, lost connection). */
static void release_target(el2_gdb *g)
{
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, g->bps);
    while (g_hash_table_iter_next(&it, &k, &v))
        if (!(GPOINTER_TO_UINT(v) & BP_USER))
            stop_at_all(g, *(uint64_t *)k, false);
    g_hash_table_remove_all(g->bps);
    g->catch_exc = false;
    g->exc_pending = false;
    g->interrupt_req = false;
}

/* ---- running ------------------------------------------------------------------------ */

static void poll_input(el2_gdb *g)
{
    struct pollfd pf = { .fd = g->fd, .events = POLLIN };
    if (g->fd < 0 || poll(&pf, 1, 0) <= 0)
        return;
    uint8_t buf[256];
    ssize_t r = recv(g->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN)) {
        drop_connection(g, "connection closed by peer");
        release_target(g);
        return;
    }
    for (ssize_t i = 0; i < r; i++)
        if (buf[i] == 0x03)
            g->interrupt_req = true;
}

/* Runs after the engine's block hook: polls gdb and stops at the start of a block
 * the engine has counted (cpu_take_back takes it back). */
static void hook_block(uint64_t addr, uint32_t size, void *user)
{
    el2_gdb *g = user;
    if (g->connected && ++g->poll_ctr >= POLL_EVERY) {
        g->poll_ctr = 0;
        poll_input(g);
    }
    if (!g->interrupt_req && !g->exc_pending)
        return;
    el2_machine *m = g->m;
    if (m->cpu->stop != STOP_NONE || m->cpu->last_blk_addr != addr || m->cpu->last_blk_size != size)
        return;                             /* not counted (landing pad, block relearned) */
    g->reason = g->interrupt_req ? R_INT : R_EXC;
    engine_halt(m->eng);
    if (m->smp)
        m->smp->halt = true;                /* the turn ends here (machine.c pe_turn) */
}

static void on_event(const el2_event *ev, void *user)
{
    el2_gdb *g = user;
    el2_machine *m = g->m;
    if (ev->kind == EV_EXC && ev->exc != EXC_SEMIHOST && g->catch_exc && g->connected) {
        g->exc_pending = true;
        g_free(g->exc_note);
        g->exc_note = g_strdup_printf("el2sim: exception %s (ESR 0x%08x) from EL%u at %s taken to EL%u at %s\n",
                                      ec_name(ev->esr >> 26), ev->esr, ev->from_el, machine_sym(m, ev->pc),
                                      ev->to_el, machine_sym(m, ev->target));
        if (m->smp)
            m->smp->halt = true;            /* stop on this PE, not at another's next block */
    }
}

/* machine_run's loop (engine slices) with an optional one-instruction count and gdb's
 * stop requests. */
static void run_loop(el2_gdb *g, bool step)
{
    el2_machine *m = g->m;
    if (m->smp && !step) {                  /* several PEs: the round robin, all running */
        unsigned from = m->cpu->index;
        while (m->cpu->stop == STOP_NONE && g->reason == R_NONE) {
            m->smp->halt = false;
            if (!machine_smp_round(m, from)) {
                g->idle = true;             /* none can run: the run ends (gdb_run) */
                break;
            }
            from = 0;
            if (g->exc_pending)
                g->reason = R_EXC;
        }
        m->smp->halt = false;
        return;
    }
    if (m->smp && m->smp->pe[m->cpu->index].power != PE_ON) {
        g->reason = R_STEP;                 /* a PE that is off does not step */
        return;
    }
    while (m->cpu->stop == STOP_NONE && g->reason == R_NONE) {
        uint64_t pc0 = machine_pc(m), n0 = m->cpu->insns;
        /* Unicorn counts an instruction from a call the translator puts before it while
         * its counting hook exists; blocks translated before the first step have none
         * and would run whole: they are translated again */
        if (step && !g->counting)
            engine_flush_translations(m->eng);
        g->counting = step;
        engine_run_slice(m->eng, step ? 1 : 0);
        if (m->cpu->stop != STOP_NONE)
            break;
        uint64_t pc = machine_pc(m);
        if (g->exc_pending)
            g->reason = R_EXC;
        else if (step && !engine_is_private(m->eng, pc) && !(m->cpu->insns == n0 && pc == pc0))
            g->reason = R_STEP;             /* else nothing ran: the block was relearned */
    }
}

static void resume(el2_gdb *g, bool step)
{
    el2_machine *m = g->m;
    g->reason = R_NONE;
    g->exc_pending = false;
    g->interrupt_req = false;
    uint64_t pc = machine_pc(m);
    unsigned mask = bp_mask(g, pc);
    bool lift = mask && !(mask & BP_USER);  /* step off our own breakpoint first */
    if (lift)
        engine_stop_at_clear(m->eng, pc);
    if (step || lift)
        run_loop(g, true);
    if (lift && bp_mask(g, pc))
        engine_stop_at(m->eng, pc);
    if (!step && (!lift || g->reason == R_STEP)) {
        g->reason = R_NONE;
        run_loop(g, false);
    }
    pc = machine_pc(m);
    mask = bp_mask(g, pc);
    if (m->cpu->stop == STOP_AT && mask && !(mask & BP_USER)) {
        machine_resume(m);
        g->reason = (mask & BP_SW) ? R_SW : R_HW;
    }
    if (m->cpu->stop == STOP_NONE)
        cpu_take_back(m->cpu, pc);
    g->exc_pending = false;
    g->interrupt_req = false;
}

static void send_stop_reply(el2_gdb *g)
{
    if (g->reason == R_EXC && g->exc_note)
        send_console(g, g->exc_note);
    const char *r = g->reason == R_INT ? "T02"
                  : g->reason == R_SW && g->swbreak ? "T05swbreak:;"
                  : g->reason == R_HW && g->swbreak ? "T05hwbreak:;" : "T05";
    if (g->m->smp)                          /* the PE that stopped: gdb selects its thread */
        snprintf(g->stop_reply, sizeof g->stop_reply, "%sthread:%x;", r, g->m->cpu->index + 1);
    else
        g_strlcpy(g->stop_reply, r, sizeof g->stop_reply);
    send_str(g, g->stop_reply);
}

/* ---- commands ----------------------------------------------------------------------- */

static void cmd_monitor(el2_gdb *g, const char *hex)
{
    size_t n = strlen(hex) / 2;
    g_autofree char *cmd = g_malloc0(n + 1);
    if (strlen(hex) % 2 || !decode_hex(hex, (uint8_t *)cmd, n)) {
        send_str(g, "E01");
        return;
    }
    g_strstrip(cmd);
    el2_machine *m = g->m;
    g_autofree char *out = NULL;
    if (!strcmp(cmd, "catch exceptions on") || !strcmp(cmd, "catch exceptions off")) {
        g->catch_exc = !strcmp(cmd + 17, "on");
        out = g_strdup_printf("el2sim: stopping after each exception entry: %s\n", g->catch_exc ? "on" : "off");
    } else if (!strcmp(cmd, "catch exceptions") || !strcmp(cmd, "catch")) {
        out = g_strdup_printf("el2sim: stopping after each exception entry: %s\n", g->catch_exc ? "on" : "off");
    } else if (!strcmp(cmd, "phys on") || !strcmp(cmd, "phys off") || !strcmp(cmd, "phys")) {
        if (cmd[4])
            g->phys = !strcmp(cmd + 5, "on");
        out = g_strdup_printf("el2sim: memory addresses are %s\n", g->phys ? "physical"
                              : "virtual (through the current EL's translation regime)");
    } else if (!strcmp(cmd, "info")) {
        out = g_strdup_printf("el2sim: EL%u%s at %s, %llu instructions, %llu cycles\n", m->cpu->el,
                              m->cpu->el ? ((machine_pstate(m) & 1u) ? "h" : "t") : "", machine_sym(m, machine_pc(m)),
                              (unsigned long long)m->cpu->insns, (unsigned long long)m->cpu->cycles);
    } else if (!strcmp(cmd, "help")) {
        out = g_strdup("el2sim monitor commands:\n"
                       "  catch exceptions on|off  stop (SIGTRAP) right after each exception entry\n"
                       "  info                     exception level, PC, instructions and cycles so far\n"
                       "  phys on|off              memory addresses are physical, or virtual (the default)\n");
    } else {
        out = g_strdup_printf("el2sim: unknown monitor command '%s' (try 'monitor help')\n", cmd);
    }
    send_console(g, out);
    send_str(g, "OK");
}

static void cmd_xfer_features(el2_gdb *g, const char *p)
{
    const char *annex = "target.xml:";
    uint64_t off, len;
    if (strncmp(p, annex, strlen(annex))) {
        send_str(g, "E00");
        return;
    }
    p += strlen(annex);
    if (!parse_hex(&p, &off) || *p++ != ',' || !parse_hex(&p, &len) || *p) {
        send_str(g, "E01");
        return;
    }
    if (off >= g->xml->len) {
        send_str(g, "l");
        return;
    }
    len = MIN(len, (uint64_t)(MAX_PKT / 2));
    uint64_t n = MIN(len, g->xml->len - off);
    GString *r = g_string_new(off + n < g->xml->len ? "m" : "l");
    g_string_append_len(r, g->xml->str + off, (gssize)n);
    send_packet(g, r->str, r->len);
    g_string_free(r, TRUE);
}

/* Hg/Hc TID (select a PE: registers and memory; 0 and -1: keep) and T TID (is it
 * alive: every PE is a thread, on or off) */
static void cmd_thread(el2_gdb *g, const char *p)
{
    const char *q = p[0] == 'H' ? p + 2 : p + 1;
    uint64_t tid = 0;
    if (p[0] == 'H' && (!p[1] || !strcmp(q, "-1") || !strcmp(q, "0"))) {
        send_str(g, "OK");
        return;
    }
    if (!parse_hex(&q, &tid) || *q || tid < 1 || tid > npes(g)) {
        send_str(g, "E01");
        return;
    }
    if (p[0] == 'H' && p[1] == 'g')
        machine_focus(g->m, (unsigned)tid - 1);
    send_str(g, "OK");
}

/* qThreadExtraInfo,TID: what `info threads` shows beside a thread */
static void cmd_thread_info(el2_gdb *g, const char *p)
{
    uint64_t tid;
    if (!parse_hex(&p, &tid) || *p || tid < 1 || tid > npes(g)) {
        send_str(g, "E01");
        return;
    }
    el2_machine *m = g->m;
    const el2_cpu *c = m->smp ? m->smp->pe[tid - 1].cpu : m->cpu;
    el2_pe_power pw = m->smp ? m->smp->pe[tid - 1].power : PE_ON;
    g_autofree char *text = g_strdup_printf("CPU %u, %s", (unsigned)tid - 1, pw == PE_ON ? "" : pw == PE_OFF ? "off"
                                            : "powering up");
    if (pw == PE_ON) {
        g_free(text);
        text = g_strdup_printf("CPU %u, EL%u", (unsigned)tid - 1, c->el);
    }
    GString *r = g_string_new(NULL);
    append_hex(r, (const uint8_t *)text, strlen(text));
    send_packet(g, r->str, r->len);
    g_string_free(r, TRUE);
}

/* Handles one packet; returns what the caller must do. */
static action handle(el2_gdb *g, GString *pkt)
{
    const char *p = pkt->str;
    el2_machine *m = g->m;
    uint8_t buf[16];
    switch (p[0]) {
    case '?':
        send_str(g, g->stop_reply);
        return A_NONE;
    case 'g': {
        GString *s = g_string_new(NULL);
        for (int n = 0; n < nregs(g); n++) {
            read_reg(g, n, buf);
            append_hex(s, buf, reg_size(g, n));
        }
        send_packet(g, s->str, s->len);
        g_string_free(s, TRUE);
        return A_NONE;
    }
    case 'G': {
        size_t off = 1;
        for (int n = 0; n < nregs(g) && off + 2 * reg_size(g, n) <= pkt->len; n++) {
            if (decode_hex(p + off, buf, reg_size(g, n))) {
                uint8_t cur[16];
                read_reg(g, n, cur);
                if (memcmp(cur, buf, reg_size(g, n)))
                    write_reg(g, n, buf);
            }
            off += 2 * reg_size(g, n);
        }
        send_str(g, "OK");
        return A_NONE;
    }
    case 'p': {
        const char *q = p + 1;
        uint64_t n;
        if (!parse_hex(&q, &n) || *q || n >= (uint64_t)nregs(g)) {
            send_str(g, "E01");
            return A_NONE;
        }
        read_reg(g, (int)n, buf);
        GString *s = g_string_new(NULL);
        append_hex(s, buf, reg_size(g, (int)n));
        send_packet(g, s->str, s->len);
        g_string_free(s, TRUE);
        return A_NONE;
    }
    case 'P': {
        const char *q = p + 1;
        uint64_t n;
        if (!parse_hex(&q, &n) || *q++ != '=' || n >= (uint64_t)nregs(g) ||
            strlen(q) != 2 * (size_t)reg_size(g, (int)n) || !decode_hex(q, buf, reg_size(g, (int)n)) ||
            !write_reg(g, (int)n, buf)) {
            send_str(g, "E01");
            return A_NONE;
        }
        send_str(g, "OK");
        return A_NONE;
    }
    case 'm':
        cmd_read_mem(g, p + 1);
        return A_NONE;
    case 'M':
        cmd_write_mem(g, p + 1, pkt->len - 1, false);
        return A_NONE;
    case 'X':
        cmd_write_mem(g, p + 1, pkt->len - 1, true);
        return A_NONE;
    case 'Z':
    case 'z':
        cmd_breakpoint(g, p + 1, p[0] == 'Z');
        return A_NONE;
    case 'c':
    case 's': {
        const char *q = p + 1;
        uint64_t a;
        if (*q && parse_hex(&q, &a) && !*q)
            machine_set_pc(m, a);
        return p[0] == 's' ? A_STEP : A_CONT;
    }
    case 'C':
    case 'S':
        return p[0] == 'S' ? A_STEP : A_CONT;   /* signals mean nothing to el2sim */
    case 'D':
        send_str(g, "OK");
        return A_DETACH;
    case 'k':
        return A_KILL;
    case 'H':
    case 'T':
        cmd_thread(g, p);
        return A_NONE;
    case 'v':
        if (!strcmp(p, "vCont?")) {
            send_str(g, "vCont;c;C;s;S");
            return A_NONE;
        }
        if (g_str_has_prefix(p, "vCont;")) {
            char a = p[6];
            const char *t = strstr(p, ":");
            uint64_t tid;                   /* vCont;s:TID: step that PE (others stay) */
            if (t && (a == 's' || a == 'S') && (t++, parse_hex(&t, &tid)) && tid >= 1 && tid <= npes(g))
                machine_focus(m, (unsigned)tid - 1);
            if (a == 's' || a == 'S')
                return A_STEP;
            if (a == 'c' || a == 'C')
                return A_CONT;
            send_str(g, "E01");
            return A_NONE;
        }
        if (g_str_has_prefix(p, "vKill")) {
            send_str(g, "OK");
            return A_KILL;
        }
        send_str(g, "");                    /* vMustReplyEmpty and the rest */
        return A_NONE;
    case 'q':
        if (g_str_has_prefix(p, "qSupported")) {
            g->swbreak = strstr(p, "swbreak+") != NULL;
            send_str(g, "PacketSize=4000;qXfer:features:read+;QStartNoAckMode+;swbreak+;hwbreak+;vContSupported+");
        } else if (g_str_has_prefix(p, "qXfer:features:read:"))
            cmd_xfer_features(g, p + strlen("qXfer:features:read:"));
        else if (!strcmp(p, "qAttached") || g_str_has_prefix(p, "qAttached:"))
            send_str(g, "1");
        else if (!strcmp(p, "qC")) {
            char r[16];
            snprintf(r, sizeof r, "QC%x", m->cpu->index + 1);
            send_str(g, r);
        } else if (!strcmp(p, "qfThreadInfo")) {
            GString *r = g_string_new("m1");
            for (unsigned i = 1; i < npes(g); i++)
                g_string_append_printf(r, ",%x", i + 1);
            send_packet(g, r->str, r->len);
            g_string_free(r, TRUE);
        } else if (g_str_has_prefix(p, "qThreadExtraInfo,"))
            cmd_thread_info(g, p + strlen("qThreadExtraInfo,"));
        else if (!strcmp(p, "qsThreadInfo"))
            send_str(g, "l");
        else if (!strcmp(p, "qSymbol::"))
            send_str(g, "OK");
        else if (g_str_has_prefix(p, "qRcmd,"))
            cmd_monitor(g, p + 6);
        else
            send_str(g, "");
        return A_NONE;
    case 'Q':
        if (!strcmp(p, "QStartNoAckMode")) {
            send_str(g, "OK");
            g->noack = true;
        } else
            send_str(g, "");
        return A_NONE;
    default:
        send_str(g, "");
        return A_NONE;
    }
}

/* Serves packets until the run ends, gdb detaches or kills, or the connection is lost. */
static void session(el2_gdb *g)
{
    el2_machine *m = g->m;
    GString *pkt = g_string_sized_new(MAX_PKT);
    g_strlcpy(g->stop_reply, m->smp ? "T05thread:1;" : "S05", sizeof g->stop_reply);   /* PE 0 boots */
    while (g->connected && m->cpu->stop == STOP_NONE && !g->idle) {
        int r = get_packet(g, pkt);
        if (r == 0) {
            drop_connection(g, "connection closed by peer");
            break;
        }
        if (r < 0)
            break;                          /* a signal ended the run */
        switch (handle(g, pkt)) {
        case A_NONE:
            break;
        case A_DETACH:
            drop_connection(g, "detached; running on to completion");
            break;
        case A_KILL:
            cpu_stop(m->cpu, STOP_SIGNAL, SIGKILL, "killed by gdb");
            drop_connection(g, NULL);
            break;
        case A_CONT:
        case A_STEP:
            resume(g, pkt->str[0] == 's' || pkt->str[0] == 'S' || g_str_has_prefix(pkt->str, "vCont;s") ||
                          g_str_has_prefix(pkt->str, "vCont;S"));
            if (g->connected && m->cpu->stop == STOP_NONE && !g->idle)
                send_stop_reply(g);
            break;
        }
    }
    g_string_free(pkt, TRUE);
}

/* ---- life cycle --------------------------------------------------------------------- */

el2_gdb *gdb_listen(const char *spec, bool catch_exc, GError **err)
{
    const char *colon = strrchr(spec, ':');
    g_autofree char *host = colon ? g_strndup(spec, colon - spec) : g_strdup("127.0.0.1");
    const char *port = colon ? colon + 1 : spec;
    if (host[0] == '[' && host[strlen(host) - 1] == ']') {
        memmove(host, host + 1, strlen(host));
        host[strlen(host) - 1] = 0;
    }
    if (!*host) {
        g_free(host);
        host = g_strdup("127.0.0.1");
    }
    uint64_t pn;
    if (!parse_u64(port, &pn) || pn > 65535) {
        g_set_error(err, EL2_ERROR, 2, "--gdb %s: expected [HOST:]PORT", spec);
        return NULL;
    }
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV };
    struct addrinfo *ai = NULL;
    int rc = getaddrinfo(host, port, &hints, &ai);
    if (rc) {
        g_set_error(err, EL2_ERROR, 2, "--gdb %s: %s", spec, gai_strerror(rc));
        return NULL;
    }
    int fd = -1, e = 0;
    for (struct addrinfo *a = ai; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            e = errno;
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, a->ai_addr, a->ai_addrlen) || listen(fd, 1)) {
            e = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(ai);
    if (fd < 0) {
        g_set_error(err, EL2_ERROR, 2, "--gdb %s: cannot listen: %s", spec, g_strerror(e));
        return NULL;
    }
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    unsigned actual = (unsigned)pn;
    if (!getsockname(fd, (struct sockaddr *)&ss, &sl))
        actual = ss.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&ss)->sin6_port)
                                          : ntohs(((struct sockaddr_in *)&ss)->sin_port);
    el2_gdb *g = g_new0(el2_gdb, 1);
    g->lfd = fd;
    g->fd = -1;
    g->catch_exc = catch_exc;
    g->host = g_strdup(host);
    g->last = g_string_new(NULL);
    g->bps = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    g->sysregs = g_array_new(FALSE, FALSE, sizeof(int));
    fprintf(stderr, "el2sim: gdb server listening on %s%s%s:%u\n", strchr(host, ':') ? "[" : "", host,
            strchr(host, ':') ? "]" : "", actual);
    fflush(stderr);
    return g;
}

static bool accept_client(el2_gdb *g)
{
    for (;;) {
        int fd = accept(g->lfd, NULL, NULL);
        if (fd >= 0) {
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            g->fd = fd;
            g->connected = true;
            close(g->lfd);
            g->lfd = -1;
            fprintf(stderr, "el2sim: gdb: client connected\n");
            return true;
        }
        if (errno == EINTR && g->m->cpu->stop == STOP_NONE)
            continue;
        if (errno != EINTR)
            fprintf(stderr, "el2sim: gdb: accept failed: %s\n", g_strerror(errno));
        return false;
    }
}

el2_stop_kind gdb_run(el2_gdb *g, el2_machine *m)
{
    g->m = m;
    sysreg_init();
    g_array_set_size(g->sysregs, 0);
    for (int i = 0; i < sysreg_count; i++)
        if (sysreg_table[i].kind != SRK_EL12 && sysreg_table[i].kind != SRK_NATIVE)
            g_array_append_val(g->sysregs, i);
    g->arm = gdb_arm_target(m);
    build_xml(g);
    g->ob = (el2_observer){ .event = on_event, .user = g };
    machine_observe_last(m, &g->ob);
    for (unsigned i = 0; i < npes(g); i++)
        g->h_block[i] = engine_hook_blocks(pe_eng(g, i), hook_block, g);
    g->h_block_on = true;
    for (unsigned i = 1; m->smp && i < m->smp->n; i++) {   /* as machine_run_smp does */
        m->smp->pe[i].cpu->capture_regs = m->cpu->capture_regs;
        m->smp->pe[i].cpu->console_echo = m->cpu->console_echo;
    }

    if (m->cpu->stop == STOP_NONE && accept_client(g))
        session(g);
    release_target(g);
    for (unsigned i = 0; i < npes(g); i++)
        engine_unhook(pe_eng(g, i), g->h_block[i]);
    g->h_block_on = false;
    el2_stop_kind k = machine_run(m);        /* on to completion after a detach; emits EV_STOP */
    if (g->connected) {
        g_autofree char *msg = g_strdup_printf("el2sim: stopped: %s\n", m->cpu->stop_msg ? m->cpu->stop_msg : stop_name(m->cpu->stop));
        send_console(g, msg);
        char r[8];
        if (m->cpu->stop == STOP_SIGNAL)
            snprintf(r, sizeof r, "X%02x", m->cpu->stop_status & 0xff);
        else
            snprintf(r, sizeof r, "W%02x", cli_exit_code(m) & 0xff);
        send_str(g, r);
        if (!g->noack) {                    /* let gdb acknowledge before the socket goes */
            struct pollfd pf = { .fd = g->fd, .events = POLLIN };
            if (g->fd >= 0 && poll(&pf, 1, 1000) > 0)
                get_byte(g);
        }
        drop_connection(g, NULL);
    }
    machine_unobserve(m, &g->ob);
    return k;
}

void gdb_free(el2_gdb *g)
{
    if (!g)
        return;
    if (g->fd >= 0)
        close(g->fd);
    if (g->lfd >= 0)
        close(g->lfd);
    g_free(g->host);
    g_free(g->exc_note);
    if (g->last) g_string_free(g->last, TRUE);
    if (g->xml) g_string_free(g->xml, TRUE);
    if (g->bps) g_hash_table_destroy(g->bps);
    if (g->sysregs) g_array_free(g->sysregs, TRUE);
    g_free(g);
}
