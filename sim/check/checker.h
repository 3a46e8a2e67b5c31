/* checker.h - follows every call into EL2 (and SMC into EL3) and reports how it broke
 * the declared ABI, with the instruction that did it. */
#ifndef EL2_CHECKER_H
#define EL2_CHECKER_H
#include <glib.h>
#include <stdio.h>
#include "abi.h"
#include "machine.h"

typedef enum {
    F_CLOBBER,        /* a preserved GPR changed */
    F_STATE,          /* preserved caller state changed (SP_EL0, SP_EL1, ELR_EL1, ...) */
    F_RESULT,         /* wrong or missing result */
    F_NO_RETURN,      /* a call that must return never did */
    F_RETURNED,       /* a call that must not return did */
    F_RETURN_ADDR,    /* returned somewhere other than the call site + 4 */
    F_RETURN_EL,      /* returned to another EL than the caller's */
    F_PSTATE,         /* DAIF / SPSel leaked to the caller */
    F_LANDING,        /* a call that lands elsewhere landed wrongly */
    F_VBAR_ALIGN,     /* VBAR_ELx written with bits 10:0 set */
    F_VBAR_UNMAPPED,  /* VBAR_ELx points at unmapped memory */
    F_EXC_IN_STUB,    /* exception taken inside the stub and never returned from */
    F_BAD_FID,        /* function ID breaks the convention's rules */
    F_SCRAMBLED_READ, /* --scramble-clobbers: the caller read a register the call may clobber */
    F_STUB_GONE,      /* a stub function ID sent while VBAR_EL2 is no longer the stub's table */
    F_OUTSIDE_VECTORS,/* --relocate-vectors: EL2 fetched or referenced memory outside the copy */
    F_UNKNOWN_READ,   /* --unknown-reset: a register read before any write */
    F_EXC_RECURSION,  /* more exceptions nested inside the stub than the checker follows */
    F_UNMASKED_RETURN,/* an interrupt the stub let in overwrote ELR_EL2/SPSR_EL2 while they
                       * held the caller's return state, and the call returned wrongly */
    F_VBAR_DIFFERS,   /* a stub call on a PE whose VBAR_EL2 differs from the other PEs' (per-cpu = every) */
    F_CPU_OFF,        /* a scenario call on a PE that is off */
    F_KIND_COUNT
} finding_kind;

/* The instruction set a finding's instruction is in (how it is disassembled) */
typedef enum { ISA_A64, ISA_A32, ISA_T32 } finding_isa;

typedef struct finding {
    finding_kind kind;
    char *what;              /* register or state name */
    bool has_values;
    uint64_t expected, actual;
    char *function;          /* function name ("unknown 0x2a" when not in the ABI) */
    uint64_t fid;
    uint64_t call_pc;        /* the HVC/SMC */
    uint32_t call_insn;
    unsigned call_el;
    bool has_ret;
    uint64_t ret_pc;         /* the instruction that returned (ERET) */
    uint32_t ret_insn;
    uint64_t ret_target;
    bool has_culprit;
    uint64_t culprit_pc;     /* the instruction that last wrote the register */
    uint32_t culprit_insn;
    char *detail;
    unsigned count;          /* identical findings merged */
    int cpu;                 /* the PE (several PEs), -1 on a one-PE machine */
    finding_isa call_isa, stub_isa;   /* the call's; the return's and the culprit's */
    bool width32;            /* values are an AArch32 caller's (printed as 32 bits) */
} finding;

typedef struct checker checker;

/* Attaches to a machine (chains its event callback; captures registers). */
checker *checker_attach(el2_machine *m, abi_model *abi);
/* End of run: calls still open become findings. */
void checker_finish(checker *c);
void checker_free(checker *c);
guint checker_count(const checker *c);
const finding *checker_finding(const checker *c, guint i);
const char *finding_kind_name(finding_kind k);
void checker_print(const checker *c, FILE *f);
void finding_print(const checker *c, const finding *fd, FILE *f);
bool checker_write_json(const checker *c, const char *path, GError **err);
/* --fuzz: before each call, give the caller's preserved registers random values
 * (restored after the call returns), from a deterministic seed. */
void checker_set_perturb(checker *c, guint32 seed);
/* Calls fn with an EV_FINDING event (event.h) for every finding as it is made (also for
 * repeats that merge into an earlier one), e.g. to put it into a trace. */
void checker_on_finding(checker *c, el2_event_fn fn, void *user);
/* Beyond the stub (README "Bugs el2sim catches"). */
typedef struct checker_opts {
    bool scramble;            /* --scramble-clobbers: scramble may-clobber registers at every return */
    bool have_stub_vectors;   /* --stub-vectors (default: the symbol __hyp_stub_vectors) */
    uint64_t stub_vectors;
    bool stub_gone;           /* report stub calls sent while VBAR_EL2 is not the stub's table */
    bool relocate;            /* --relocate-vectors: run the stub from a copy of its vectors */
    bool unknown_reset;       /* --unknown-reset: UNKNOWN registers start marked, reads before writes reported */
} checker_opts;
/* Applies the options; call once the machine's start state is set (after a scenario's
 * [setup]). Returns false with err set when the stub's vectors cannot be relocated. */
bool checker_configure(checker *c, const checker_opts *o, GError **err);
/* A scenario call starts (on the machine's current PE): scrambled registers the harness
 * reloads are no longer tracked. */
void checker_call_start(checker *c);
/* A scenario call named a PE that is off (never started, or powered down): reported as
 * call-on-off-cpu with what (the call's label) and why. */
void checker_cpu_off(checker *c, unsigned cpu, const char *what, const char *why);
/* --vbar-timeline: one line per VBAR_EL2 install. */
void checker_print_vbar_timeline(const checker *c, FILE *f);
/* The command-line side of the above (sim/audit.c), shared by check and scenario. */
typedef struct checker_args {
    gboolean scramble, relocate, unknown_reset, vbar_timeline;
    char **reserve;           /* --reserve xN (repeatable, or x18,x19) */
    char *stub_vectors;       /* --stub-vectors SYM|ADDR */
} checker_args;
/* Option entries for a GOptionContext (g_free the array). */
GOptionEntry *checker_arg_entries(checker_args *a);
/* --reserve: applied to the loaded ABI. */
bool checker_args_apply_abi(const checker_args *a, abi_model *abi, GError **err);
/* Resolves --stub-vectors and configures c (call when the start state is set). */
bool checker_args_start(checker *c, el2_machine *m, const checker_args *a, GError **err);
void checker_args_clear(checker_args *a);
/* Adds src's findings to dst (merging identical ones). */
void checker_merge(checker *dst, const checker *src);
#endif
