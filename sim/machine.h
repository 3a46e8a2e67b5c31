/* machine.h - one simulated CPU: the engine, memory, images, the modelled EL1/EL2
 * state and the event stream. */
#ifndef EL2_MACHINE_H
#define EL2_MACHINE_H
#include <glib.h>
#include <stdbool.h>
#include "ucfast.h"
#include <stdint.h>
#include <unicorn/unicorn.h>
#include "cpu.h"
#include "event.h"
#include "loader.h"
#include "symbols.h"

typedef struct el2_region { uint64_t base, size; char *name; uint8_t *host; } el2_region;
struct el2_machine;

typedef void (*el2_event_fn)(struct el2_machine *m, const el2_event *ev, void *user);

/* The outcome of AArch64.ExceptionReturn(ELR_ELx, SPSR_ELx) at the current EL, planned
 * with no state changed (exception.c): the target EL, the PSTATE bits it gets, and
 * whether the return is illegal or to AArch32. */
typedef struct el2_eret_plan {
    unsigned from, to;
    uint32_t spsr, newps;
    uint64_t elr;
    bool illegal, aarch32;
} el2_eret_plan;

/* Per-block data cached by the block hook (timing, instruction counts, ERET discovery). */
typedef struct el2_block {
    uint64_t addr;
    uint32_t size;
    uint32_t ninsns;
    uint32_t cycles;
    uint32_t tail_cost;      /* cost of its last instruction (the HVC, SVC or ERET that ends most) */
    bool touches_fp;         /* may change V0-V31, FPCR or FPSR (insn_touches_fp) */
    bool eret_direct;        /* closes with an ERET that has no code hook (exception_return_arm) */
    uint32_t hook_gen;       /* m->hook_gen when eret_direct was last confirmed */
} el2_block;

#define EL2_BLOCK_CACHE 4096

typedef struct el2_machine {
    uc_engine *uc;
    el2_ucfast fast;         /* the engine's live registers, when ucfast proved them */
    el2_el_hooks el_hooks;   /* the engine's PMU EL-change hooks, taken off (ucfast) */
    const char *el_hooks_why;  /* why they were left on */
    const el2_region *code_region;  /* RAM region of the last instruction fetched (machine_insn_at) */
    bool in_intr;            /* inside the engine's interrupt hook (between blocks) */
    const char *fast_why;    /* why ucfast declined (registers then go through the API) */
    el2_cpu_model *cpu;
    el2_symtab *syms;
    GArray *images;          /* el2_image */
    GArray *ram;             /* el2_region: RAM the guest may use */
    uint64_t next_base;      /* where the next relocatable object goes */

    /* modelled architectural state */
    uint64_t *sr;            /* one slot per sysreg_table row */
    uint64_t *sr_res0;       /* per-CPU extra RES0 per row */
    bool *sr_written;        /* written since reset (for --unknown-reset) */
    uint64_t *sr_writer;     /* PC of the last MSR that wrote each register (0: none) */
    uint32_t *sr_writer_insn;
    unsigned el;             /* PSTATE.EL */
    bool il;                 /* PSTATE.IL */
    uint64_t sp_bank[3];     /* SP_EL0..SP_EL2 when not live in the engine */

    /* counters */
    uint64_t insns, cycles;  /* at the start of the current block, whole block added */
    uint64_t cycle_bias;     /* PMCCNTR writes */
    uint64_t hook_pc;        /* instruction being handled by a hook (for stamps) */
    uint64_t max_insns;
    el2_block *blocks;       /* direct-mapped cache */
    uint64_t last_blk_addr, prev_blk_addr;
    uint32_t last_blk_size, prev_blk_size;
    uint64_t tail_pc;        /* the last instruction of the current block, and its cost */
    uint32_t tail_cost;
    uint64_t native_pc;      /* a hooked system instruction the engine may run natively */
    /* aborts (engine.c): an access to unmapped memory or a misaligned access, noted by
     * a hook and taken as an exception between engine runs */
    bool abort_pending;
    int abort_kind, abort_size;  /* ABORT_* (abort.h), bytes */
    uint64_t abort_addr, abort_pc;
    uint64_t abort_last_pc, abort_last_addr;  /* the last abort taken, and how many times in a row */
    unsigned abort_repeats;
    GHashTable *code_pages;  /* page -> 1: pages with learned blocks (write-watched) */
    bool vector_warned;      /* the guest wrote over its VBAR_EL2 table (warned once) */

    /* engine glue */
    uint64_t landing;        /* private page: where unhooked ERETs land */
    uint64_t until;          /* private address the engine never reaches */
    bool eret_armed;         /* real ELR_EL3 holds a target, restore landing */
    struct {                 /* an unhooked ERET armed at its block start (exception_return_arm) */
        bool on;
        uint32_t insn;
        uint64_t pc;
        el2_eret_plan plan;  /* plan.elr: where the engine's ERET goes */
    } eret;
    uint32_t hook_gen;       /* bumped when a code hook is added (eret_direct blocks recheck) */
    bool eret_hooks_all;     /* EL2SIM_ERET_HOOKS: no eret_direct blocks (tests compare both) */
    uint64_t erets_direct;   /* ERETs completed by exception_return_settle */
    uint64_t erets_dropped;  /* armed ERETs dropped (an exception or a stop came first) */
    uint32_t real_spsr_el3;  /* last value el2sim wrote to the engine's SPSR_EL3 */
    bool align_faults;       /* check ordinary load/store alignment (align.c) */
    GHashTable *eret_hooked; /* addresses with an ERET code hook */
    uc_hook h_intr, h_block, h_mrs, h_msr, h_sys, h_sysl, h_landing, h_unmapped, h_stop;
    GHashTable *qemu_lacks;  /* sysreg index -> 1: unknown to the engine (skip needs PC move) */

    /* stop */
    el2_stop_kind stop;
    int stop_status;
    char *stop_msg;
    GHashTable *stop_points; /* uint64_t* addresses: stop before executing them */

    /* reporting */
    el2_event_fn on_event;
    void *on_event_user;
    bool capture_regs;
    /* Called at the start of every guest block the engine runs (after the instruction
     * budget check, before the block is accounted), e.g. for the ABI checker. */
    void (*on_block)(struct el2_machine *m, const el2_block *b, void *user);
    void *on_block_user;
    bool on_block_paused;    /* the observer has nothing to do for now (the checker outside a call) */
    /* Bumped whenever V0-V31, FPCR or FPSR may have changed: a block that touches them
     * starts (bumped after on_block), or el2sim or gdb writes them. */
    uint64_t fp_gen;
    bool cur_blk_fp;         /* the block now running touches them */
    /* MRS of a modelled register (resolved index), before the read (--unknown-reset) */
    void (*on_sysreg_read)(struct el2_machine *m, int idx, uint64_t pc, uint32_t insn, void *user);
    void *on_sysreg_read_user;
    GHashTable *unmodelled;  /* encoding name -> count: registers accessed but not modelled */
    GString *console;        /* semihosting output */
    bool console_echo;       /* also write it to stdout */
} el2_machine;

typedef struct el2_machine_opts {
    const char *cpu;          /* model name, default cortex-a57 */
    GArray *ram;              /* el2_region, default 0x40000000 + 128 MiB */
    uint64_t max_insns;       /* 0: default 100 million */
    bool no_align_faults;     /* do not check load/store alignment (speed, QEMU 7.2 parity) */
} el2_machine_opts;

el2_machine *machine_new(const el2_machine_opts *o, GError **err);
void machine_free(el2_machine *m);
/* Maps the image's segments (RAM or automatically added regions), writes them. */
bool machine_add_image(el2_machine *m, el2_image *img, GError **err);
/* Where the section `name` of the first loaded image that has it lies. */
bool machine_section(el2_machine *m, const char *name, uint64_t *addr, uint64_t *size);
/* Sets the boot state: EL (1 or 2, h), entry PC, SP for that EL. */
void machine_boot(el2_machine *m, unsigned el, uint64_t entry);
/* Runs until a stop; returns the stop kind. */
el2_stop_kind machine_run(el2_machine *m);
/* Clears the stop so machine_run can go on (scenarios run call after call). */
void machine_resume(el2_machine *m);
/* Puts the CPU at el (SPSel 1, DAIF masked) at pc, as a harness would. */
void machine_teleport(el2_machine *m, unsigned el, uint64_t pc);

/* register access (guest view) */
uint64_t machine_x(el2_machine *m, int n);        /* n = 0..30 */
void machine_set_x(el2_machine *m, int n, uint64_t v);
uint64_t machine_pc(el2_machine *m);
void machine_set_pc(el2_machine *m, uint64_t pc);
uint64_t machine_sp(el2_machine *m);               /* current SP */
uint32_t machine_pstate(el2_machine *m);           /* guest PSTATE in SPSR layout */
uint64_t machine_sp_el(el2_machine *m, unsigned el);
void machine_sp_el01(el2_machine *m, uint64_t *sp0, uint64_t *sp1);   /* both at once */
void machine_set_sp_el(el2_machine *m, unsigned el, uint64_t v);
bool machine_read(el2_machine *m, uint64_t addr, void *buf, size_t n);
uint32_t machine_insn_at(el2_machine *m, uint64_t pc);

/* engine-level helpers used by exception.c */
void machine_sp_save(el2_machine *m);                  /* live SPs -> sp_bank */
void machine_enter_state(el2_machine *m, unsigned el, uint32_t pstate_bits); /* EL, SPSel, DAIF, NZCV */
void machine_emit(el2_machine *m, el2_event *ev);
void machine_stop(el2_machine *m, el2_stop_kind k, int status, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
void machine_fill_regs(el2_machine *m, el2_event *ev);
void machine_read_gprs(el2_machine *m, uint64_t *x /* [31] */);
void machine_read_v(el2_machine *m, uint64_t v[32][2]);     /* V0-V31 as {low, high} */
void machine_set_v(el2_machine *m, int n, const uint64_t q[2]);
/* Arranges the real CPU so the ERET about to run natively lands at pc in the given
 * EL with the given PSTATE bits (NZCV, DAIF, SP). */
void machine_prepare_native_eret(el2_machine *m, unsigned el, uint32_t bits, uint64_t pc);
/* Loads the real ELR_EL3/SPSR_EL3 so that the engine's next ERET goes to pc with the
 * PSTATE bits' NZCV and DAIF and the SPSel it has now (the SPs stay as they are). */
void machine_arm_native_eret(el2_machine *m, uint32_t bits, uint64_t pc);
/* Symbolised address in a rotating static buffer (valid for a few calls). */
const char *machine_sym(el2_machine *m, uint64_t addr);

GQuark el2_error_quark(void);
#define EL2_ERROR el2_error_quark()
#endif
