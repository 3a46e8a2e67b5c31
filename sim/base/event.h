/* event.h - what the simulator reports: one record per exception entry, exception
 * return, EL2/EL1 system-register write and stop. Printed as text by print.c,
 * compared by the tests, imported from QEMU's -d int log by qemulog.c. */
#ifndef EL2_EVENT_H
#define EL2_EVENT_H
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

typedef enum {
    EV_EXC,       /* exception entry (any kind; exc says which) */
    EV_ERET,      /* exception return (legal or illegal) */
    EV_SYSREG,    /* write to a traced system register */
    EV_STOP,      /* end of run */
    EV_FINDING,   /* an ABI finding (checker.c), in traces: sysreg = finding_kind, value = actual,
                     old = expected, far = function ID, elr = culprit PC, target = return target,
                     pc = the call (HVC/SMC), note = the finding as text */
    EV_TLBI,      /* a TLB maintenance instruction that executed (not trapped): pc, insn,
                     from_el = to_el, value = its Xt operand (0 when it has none) */
} el2_event_kind;

/* Exception kinds el2sim takes; each maps to an EC. */
typedef enum {
    EXC_UNDEF, EXC_SVC, EXC_HVC, EXC_SMC, EXC_SMC_TRAP, EXC_BRK, EXC_ILLEGAL_STATE,
    EXC_SYSREG_TRAP, EXC_WFX_TRAP, EXC_PC_ALIGN, EXC_SP_ALIGN, EXC_INSN_ABORT,
    EXC_DATA_ABORT, EXC_FIRMWARE, /* SMC handled by the built-in EL3 model */
    EXC_SEMIHOST, /* HLT #0xf000 handled by el2sim (no guest exception) */
    /* asynchronous exceptions (arch/irq.c): value = the INTID (physical IRQ), status = the
       source (el2_irq_source); IRQ and FIQ write no ESR */
    EXC_IRQ, EXC_FIQ, EXC_SERROR, EXC_VIRQ, EXC_VFIQ, EXC_VSERROR,
} el2_exc_kind;

/* What raised an asynchronous exception (el2_event.status of EXC_IRQ..EXC_VSERROR) */
typedef enum {
    IRQSRC_NONE,     /* (FIQ, SError: no source is modelled yet; tests hold the line) */
    IRQSRC_TIMER,    /* a generic timer's PPI (value: 26 CNTHP, 27 CNTV, 28 CNTHV, 30 CNTP) */
    IRQSRC_INJECT,   /* --irq INTID@CYCLE */
    IRQSRC_HCR,      /* a virtual interrupt pending by HCR_EL2.VI/VF/VSE */
    IRQSRC_SGI,      /* an SGI (ICC_SGI1R_EL1) */
    IRQSRC_MAINT,    /* the GICv3 maintenance interrupt (PPI 25, ICH_MISR_EL2) */
    IRQSRC_LR,       /* a virtual IRQ from a GICv3 list register (value: the vINTID) */
    IRQSRC_SPEND,    /* made pending by a GICD_ISPENDR/GICR_ISPENDR0 write */
} el2_irq_source;

typedef enum {
    STOP_NONE = 0, STOP_SEMIHOST_EXIT, STOP_PSCI_OFF, STOP_PSCI_RESET, STOP_AT,
    STOP_BUDGET, STOP_FAULT, STOP_WFI, STOP_SIGNAL, STOP_INTERNAL,
} el2_stop_kind;

typedef struct el2_event {
    el2_event_kind kind;
    uint64_t insns;        /* instructions retired before the event */
    uint64_t cycles;       /* modelled cycles before the event */
    uint64_t pc;           /* the instruction that caused it (HVC itself, ERET, MSR, ...) */
    uint32_t insn;         /* its encoding (0 if unknown) */
    uint8_t from_el, to_el;
    /* EV_EXC */
    el2_exc_kind exc;
    uint32_t esr;
    uint64_t elr, far;
    uint32_t spsr;         /* SPSR written (EV_EXC) or read (EV_ERET) */
    uint64_t target;       /* new PC */
    uint64_t vector_off;   /* EV_EXC: offset within VBAR */
    bool illegal;          /* EV_ERET: illegal return (PSTATE.IL set) */
    /* EV_SYSREG */
    int sysreg;            /* index into the sysreg table */
    uint64_t value, old;
    uint64_t raw;          /* EV_SYSREG: the value the instruction wrote, before RES0/RES1 masks */
    /* EV_STOP */
    el2_stop_kind stop;
    int status;            /* guest status for semihosting exit */
    /* EV_FINDING */
    const char *note;      /* owned by the producer (valid during the callback) or the trace */
    /* With the MMU on (stage 1 or 2 translating the event's from_el), the PA of pc, and of
     * far for an abort or PC alignment fault, when it differs from the address (vmem.c) */
    bool has_pc_pa, has_far_pa;
    uint64_t pc_pa, far_pa;
    /* On a machine with several PEs, the number of the PE the event happened on plus one;
     * 0 on a one-PE machine (its lines and traces carry no CPU number) */
    uint8_t cpu;
    /* An event that happened in AArch32 state: 0x80 | the CPSR's T (bit 5) and M[4:0] of
     * the PE at the event (the mode it happened in, its instruction set), | EV_A32_UNDER_A64
     * when EL2 is AArch64 (an AArch32 EL1/EL0; the line keeps ELs: ev_hyp32); 0 in AArch64 */
    uint8_t a32;
    /* GPRs at the event (x0..x30, sp) when captured */
    bool has_regs;
    uint64_t x[31];
    uint64_t sp;
} el2_event;

#define EV_A32_UNDER_A64 0x40u
/* The event is on the AArch32 Hyp-mode machine (its lines name modes) */
static inline bool ev_hyp32(const el2_event *ev) { return ev->a32 && !(ev->a32 & EV_A32_UNDER_A64); }

/* Zeroes an event up to its registers (x[], sp: filled by machine_fill_regs, or left
 * unset with has_regs false) and sets its kind: the hot producers' initialiser. */
static inline void event_clear(el2_event *ev, el2_event_kind kind)
{
    memset(ev, 0, offsetof(el2_event, x));
    ev->kind = kind;
}

/* An observer's event callback (arch/observer.h). */
typedef void (*el2_event_fn)(const el2_event *ev, void *user);

const char *ec_name(unsigned ec);
const char *stop_name(el2_stop_kind k);
/* The event line's name of an exception kind (UNDEF, HVC, ILLEGAL, ...) */
const char *exc_kind_name(el2_exc_kind k);
/* EXC_IRQ .. EXC_VSERROR */
static inline bool exc_is_async(el2_exc_kind k) { return k >= EXC_IRQ && k <= EXC_VSERROR; }
/* The source of an asynchronous exception as event text: "INTID 26 (CNTHP timer)",
 * "INTID 40 (--irq)", "HCR_EL2.VI" (buf of n bytes) */
const char *irq_source_text(el2_exc_kind k, int source, uint64_t intid, char *buf, size_t n);
#endif
