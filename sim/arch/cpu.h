/* cpu.h - one processing element (PE) as the architecture sees it: its modelled EL,
 * PSTATE.IL, banked SPs, system registers, the instruction and cycle counters, a
 * pending abort and a pending stop. Everything in arch/ works on an el2_cpu and reaches
 * what the engine holds (general registers, PC, the live PSTATE bits, memory) only
 * through the port below, so arch/ links without Unicorn (tests/test_arch.c runs it over
 * a fake port).
 *
 * Who owns what (README "Layout"): arch/ the architectural state and its rules; engine/
 * the binding of one el2_cpu to Unicorn (implements the port); system/ the machine: RAM,
 * images, symbols, the CPUs and the observers. */
#ifndef EL2_CPU_H
#define EL2_CPU_H
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "cpu_model.h"
#include "sr_index.h"
#include "event.h"
#include "observer.h"
#include "symbols.h"

/* PSTATE bits as an SPSR holds them (Arm ARM C5.2.18 SPSR_EL2) */
#define PSR_NZCV 0xf0000000u
#define PSR_DAIF 0x3c0u
#define PSR_IL   (1u << 20)
#define PSR_SS   (1u << 21)
#define PSR_nRW  (1u << 4)
#define PSR_SSBS (1u << 12)   /* FEAT_SSBS */
#define PSR_PAN  (1u << 22)   /* FEAT_PAN */
#define PSR_UAO  (1u << 23)   /* FEAT_UAO */

/* The seam between arch/ and whatever executes instructions (engine/port.c over Unicorn,
 * tests/fake_port.c in the unit tests). ctx is el2_cpu.port_ctx. The live PSTATE bits are
 * NZCV, DAIF and SPSel (bit 0) in SPSR layout; EL and IL are the el2_cpu's own. */
typedef struct el2_port {
    uint64_t (*x)(void *ctx, int n);                  /* X0..X30 */
    void (*set_x)(void *ctx, int n, uint64_t v);
    void (*read_gprs)(void *ctx, uint64_t x[31]);
    uint64_t (*pc)(void *ctx);
    void (*set_pc)(void *ctx, uint64_t pc);
    uint64_t (*sp)(void *ctx);                        /* the SP in use */
    uint32_t (*pstate_bits)(void *ctx);
    /* SP_ELn as the guest sees it (n = 0..2), and its write */
    uint64_t (*sp_el)(void *ctx, unsigned el);
    void (*set_sp_el)(void *ctx, unsigned el, uint64_t v);
    /* The SPs the engine holds live go to el2_cpu.sp_bank */
    void (*sp_save)(void *ctx);
    /* PSTATE.EL = el, NZCV/DAIF/SPSel from bits; the live SP from sp_bank */
    void (*enter_state)(void *ctx, unsigned el, uint32_t bits);
    /* The exception return the engine is about to execute itself: it must arrive at pc
     * in el with bits (the engine may defer the state change to the instruction). */
    void (*native_eret)(void *ctx, unsigned el, uint32_t bits, uint64_t pc);
    bool (*read)(void *ctx, uint64_t addr, void *buf, size_t n);
    bool (*write)(void *ctx, uint64_t addr, const void *buf, size_t n);
    uint32_t (*insn_at)(void *ctx, uint64_t pc);      /* 0 where nothing is mapped */
    /* Stop executing guest code as soon as possible (a stop or an abort is pending). */
    void (*halt)(void *ctx);
    /* AArch32 EL1/EL0 (issue 21; NULL where the executor has none). eret_aarch32: the
     * ERET about to run natively returns to AArch32 at el with spsr (AArch32 SPSR layout)
     * and pc; NULL when it can, else why not. leave_aarch32: at exception entry from
     * AArch32, R0-R14 of every mode back in X0-X30 (the Arm ARM's mapping) and the
     * executor in AArch64; returns the CPSR (AArch32 SPSR layout). */
    const char *(*eret_aarch32)(void *ctx, unsigned el, uint32_t spsr, uint64_t pc);
    uint32_t (*leave_aarch32)(void *ctx);
    /* The AArch32 Hyp-mode machine (--arch aarch32, hyp32.c; NULL where the executor has
     * none). enter_aarch32: the executor goes on in AArch32 with CPSR cpsr (its mode at
     * el) at pc, ELR_hyp = elr and the SPSR of that mode = spsr (AArch32 SPSR layout);
     * NULL when it can, else why not. hyp_regs: ELR_hyp and the SPSR of the current mode
     * as the guest left them (MSR ELR_hyp / MSR SPSR run on the executor). cpsr: the
     * CPSR while in AArch32. */
    const char *(*enter_aarch32)(void *ctx, unsigned el, uint32_t cpsr, uint64_t pc, uint32_t elr, uint32_t spsr);
    void (*hyp_regs)(void *ctx, uint32_t *elr, uint32_t *spsr);
    uint32_t (*cpsr)(void *ctx);
    /* An exception taken to an AArch32 EL1 (AArch32.EnterMode): the executor stays in
     * AArch32 and enters mode cpsr.M at el with CPSR cpsr, SPSR_<mode> spsr, LR_<mode>
     * lr, at pc. */
    void (*aarch32_enter_mode)(void *ctx, unsigned el, uint32_t cpsr, uint32_t spsr, uint32_t lr, uint64_t pc);
    /* In AArch32: CPSR.<N,Z,C,V> = nzcv<31:28>, the rest of the CPSR kept (an MRC to
     * APSR_nzcv; NULL where the executor cannot). */
    void (*set_nzcv)(void *ctx, uint32_t nzcv);
    /* A register the executor keeps itself (SRK_NATIVE: TPIDR_EL0, TPIDRRO_EL0), read or
     * written for an access el2sim makes (an AArch32 MCR/MRC of TPIDRURW/TPIDRURO);
     * false where the executor does not have it (NULL: none) */
    bool (*native_sr)(void *ctx, int idx, bool write, uint64_t *v);
} el2_port;

/* Access kinds of a pending abort (abort.c) */
enum { ABORT_FETCH, ABORT_READ, ABORT_WRITE, ABORT_ALIGN };

typedef struct el2_cpu {
    const el2_port *port;
    void *port_ctx;
    el2_cpu_model *model;
    el2_symtab *syms;          /* for messages (owned by the system) */
    el2_obslist *obs;          /* who sees events and blocks (owned by the system) */
    bool capture_regs;         /* events carry x0-x30 and sp */

    /* modelled architectural state */
    uint64_t *sr;              /* one slot per sysreg_table row */
    uint64_t *sr_res0;         /* per-CPU extra RES0 per row */
    uint64_t *sr_res1;         /* per-CPU extra RES1 per row (RAO/WI bits) */
    bool *sr_written;          /* written since reset (for --unknown-reset) */
    uint64_t *sr_writer;       /* PC of the last MSR that wrote each register (0: none) */
    uint32_t *sr_writer_insn;
    unsigned el;               /* PSTATE.EL */
    bool aarch32;              /* PSTATE.nRW: EL1/EL0 executing AArch32 (issue 21) */
    bool a32_machine;          /* --arch aarch32: EL2 is AArch32 (Hyp mode; hyp32.c) */
    bool il;                   /* PSTATE.IL */
    /* PSTATE.PAN, UAO and SSBS in SPSR layout: el2sim keeps them (the engine runs at its
     * own EL3, where they mean nothing), only those the CPU model implements (psr_ext_mask:
     * ID_AA64MMFR1_EL1.PAN, ID_AA64MMFR2_EL1.UAO, ID_AA64PFR1_EL1.SSBS; set at reset) */
    uint32_t psr_ext, psr_ext_mask;
    bool event_reg;            /* the Event Register (Arm ARM D1.7.1.1): WFE, SEV, SEVL, ERET */
    uint64_t sp_bank[3];       /* SP_EL0..SP_EL2 when not live in the engine */

    /* counters (timing.c): the current block is counted whole when it starts */
    uint64_t insns, cycles;
    uint64_t cycle_bias;       /* PMCCNTR writes */
    uint64_t hook_pc;          /* instruction being handled (for stamps) */
    uint64_t max_insns;
    uint64_t last_blk_addr, prev_blk_addr;
    uint32_t last_blk_size, prev_blk_size;
    uint64_t tail_pc;          /* the last instruction of the current block, and its cost */
    uint32_t tail_cost;

    /* a guest access that cannot complete, taken as an abort between engine runs */
    bool abort_pending;
    int abort_kind, abort_size;    /* ABORT_*, bytes */
    uint64_t abort_addr, abort_pc;
    uint64_t abort_last_pc, abort_last_addr;   /* the last abort taken, and how many times in a row */
    unsigned abort_repeats;
    /* the last synchronous exception taken (vector, ESR, ELR) and how many times in a row
     * with no exception return between (exception.c: a vector that faults on itself) */
    uint64_t exc_last_vector, exc_last_elr;
    uint32_t exc_last_esr;
    unsigned exc_repeats;

    /* stop */
    el2_stop_kind stop;
    int stop_status;
    char *stop_msg;

    GHashTable *unmodelled;    /* encoding name -> count: registers accessed but not modelled */
    bool console_echo;         /* semihosting console output goes to stdout */
    /* Bumped whenever V0-V31, FPCR or FPSR may have changed: a block that touches them
     * starts (bumped after the block observers), or el2sim or gdb writes them. */
    uint64_t fp_gen;
    bool cur_blk_fp;           /* the block now running touches them */
    /* Bumped whenever what translation depends on may have changed: a write to a
     * translation register (SCTLR, TCR, TTBRn, MAIR of EL1 and EL2, HCR_EL2, VTTBR_EL2,
     * VTCR_EL2) or a TLB maintenance instruction. The engine mirrors those registers into
     * its own core and drops its TLB when it sees a new value (engine/mmu_ctx.c). */
    uint64_t mmu_gen;
    uint64_t pan_gen;          /* bumped when PSTATE.PAN changes (engine/mmu_ctx.c) */

    /* asynchronous exceptions (irq.c): the physical lines asserted when the sources were
     * last looked at, lines held from outside, the IRQ's INTID and source then, the
     * cycle count at which they must be looked at again (0: a register changed), and
     * the --irq interrupts still to come or pending (irq_inject: sorted by cycle) */
    uint32_t irq_lines, irq_ext;
    uint32_t irq_intid;
    int irq_source;
    uint64_t irq_next;
    uint64_t irq_next_insns;    /* ... and the instruction count (an --irq INTID@+N) */
    GArray *irq_inject;
    /* the last instruction that cleared one of PSTATE.{A,I,F} (MSR DAIFClr, MSR DAIF: the
     * ABI checker names it when an interrupt it let in overwrote a call's return state) */
    uint64_t unmask_pc;
    uint32_t unmask_insn;
    int irq_kind;               /* what irq_deliverable found (irq.c), and its target EL */
    unsigned irq_target;
    struct el2_gic *gic;        /* the GICv3 (gic.h), NULL on CPUs without one */

    /* several PEs (smp.h; NULL on a one-PE machine): this PE's number, and its turn of the
     * interleaving (system/machine.c): while turn_budget is set, max_insns is the end of
     * the turn and turn_budget the real budget; the engine ends the turn at a block start
     * (turn_over) */
    struct el2_smp *smp;
    unsigned index;
    uint64_t turn_start, turn_budget;
    uint64_t turn_pc;          /* the block the turn ended before: the PE resumes there */
    bool turn_over;
    unsigned boot_el;          /* the EL it booted at (machine_boot): PSCI CPU_SUSPEND's resume on one PE */
} el2_cpu;

/* A PE of the model, reset (registers from the table and the CPU model). */
el2_cpu *cpu_new(el2_cpu_model *model, el2_symtab *syms, el2_obslist *obs);
void cpu_free(el2_cpu *c);
void cpu_reset_sysregs(el2_cpu *c);
void cpu_attach_port(el2_cpu *c, const el2_port *port, void *ctx);

static inline uint64_t cpu_x(el2_cpu *c, int n) { return c->port->x(c->port_ctx, n); }
static inline void cpu_set_x(el2_cpu *c, int n, uint64_t v) { c->port->set_x(c->port_ctx, n, v); }
static inline uint64_t cpu_pc(el2_cpu *c) { return c->port->pc(c->port_ctx); }
static inline void cpu_set_pc(el2_cpu *c, uint64_t pc) { c->port->set_pc(c->port_ctx, pc); }
static inline uint64_t cpu_sp(el2_cpu *c) { return c->port->sp(c->port_ctx); }
static inline uint64_t cpu_sp_el(el2_cpu *c, unsigned el) { return c->port->sp_el(c->port_ctx, el); }
static inline void cpu_set_sp_el(el2_cpu *c, unsigned el, uint64_t v) { c->port->set_sp_el(c->port_ctx, el, v); }
static inline void cpu_sp_save(el2_cpu *c) { c->port->sp_save(c->port_ctx); }
static inline void cpu_enter_state(el2_cpu *c, unsigned el, uint32_t bits) { c->port->enter_state(c->port_ctx, el, bits); }
static inline bool cpu_read(el2_cpu *c, uint64_t addr, void *buf, size_t n) { return c->port->read(c->port_ctx, addr, buf, n); }
static inline bool cpu_write(el2_cpu *c, uint64_t addr, const void *buf, size_t n) { return c->port->write(c->port_ctx, addr, buf, n); }
static inline uint32_t cpu_insn_at(el2_cpu *c, uint64_t pc) { return c->port->insn_at(c->port_ctx, pc); }

/* The guest's PSTATE in SPSR layout: GetPSRFromPSTATE(AArch64_NonDebugState) for the
 * bits el2sim models (NZCV, DAIF, IL, EL, SP, and PAN, UAO, SSBS where implemented). */
static inline uint32_t cpu_pstate(el2_cpu *c)
{
    uint32_t real = c->port->pstate_bits(c->port_ctx);
    uint32_t ps = (real & (PSR_NZCV | PSR_DAIF)) | (c->el << 2) | c->psr_ext;
    if (c->el)
        ps |= real & 1u;
    if (c->il)
        ps |= PSR_IL;
    return ps;
}

/* PSTATE.PAN/UAO/SSBS from the bits of psr (SPSR layout) selected by which, for the
 * fields the CPU implements. */
static inline void cpu_set_psr_ext(el2_cpu *c, uint32_t which, uint32_t psr)
{
    which &= c->psr_ext_mask;
    if (!which)                        /* nothing to do on CPUs without the features */
        return;
    uint32_t v = (c->psr_ext & ~which) | (psr & which);
    c->pan_gen += (v ^ c->psr_ext) & PSR_PAN ? 1 : 0;   /* the engine's PSTATE.PAN follows */
    c->psr_ext = v;
}

/* Fills ev's registers when observers want them. */
static inline void cpu_fill_regs(el2_cpu *c, el2_event *ev)
{
    if (!c->capture_regs)
        return;
    ev->has_regs = true;
    c->port->read_gprs(c->port_ctx, ev->x);
    ev->sp = cpu_sp(c);
}

/* vmem.c: whether translation is on for accesses from el, and the emission of an event
 * with the PAs of its PC and FAR (el2_event.pc_pa, far_pa) */
bool cpu_translating(el2_cpu *c, unsigned el);
/* Is any translation regime on (the cheap test before cpu_translating, inline: nothing
 * translates in the usual case)? SCTLR_EL1.M, SCTLR_EL2.M, HCR_EL2.VM or DC. */
static inline bool cpu_any_translation(const el2_cpu *c)
{
    return ((c->sr[SR_SCTLR_EL1] | c->sr[SR_SCTLR_EL2]) & 1) || (c->sr[SR_HCR_EL2] & ((1ULL << 0) | (1ULL << 12)));
}
void cpu_emit_translated(el2_cpu *c, const el2_event *ev);
void cpu_emit_pe(el2_cpu *c, const el2_event *ev);
static inline void cpu_emit(el2_cpu *c, const el2_event *ev)
{
    if (G_UNLIKELY(c->smp)) {          /* several PEs: the event says which (cpu.c) */
        cpu_emit_pe(c, ev);
        return;
    }
    if (G_UNLIKELY(cpu_any_translation(c)) && cpu_translating(c, ev->from_el))
        cpu_emit_translated(c, ev);
    else
        obs_emit(c->obs, ev);
}

/* Ends the run at the next chance (first stop wins). */
void cpu_stop(el2_cpu *c, el2_stop_kind k, int status, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
void cpu_resume(el2_cpu *c);
/* Symbolised address in a rotating static buffer (valid for a few calls). */
const char *cpu_sym(el2_cpu *c, uint64_t addr);
#endif
