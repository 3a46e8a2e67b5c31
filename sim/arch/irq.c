/* irq.c - asynchronous exceptions (Arm ARM DDI 0487, D1 "Asynchronous exception types,
 * routing, masking and priorities"; pseudocode AArch64.TakePhysicalIRQException,
 * ...FIQException, ...SErrorException and AArch64.TakeVirtual{IRQ,FIQ,SError}Exception)
 * and the sources el2sim models for them: the generic timers and --irq. See irq.h for
 * what stands in for the GIC until issue 19 item 4. */
#include "irq.h"
#include "exception.h"
#include "gic.h"
#include "irq32.h"
#include "timing.h"

/* The asynchronous exceptions in the order el2sim takes them when several are
 * deliverable at once. The Arm ARM does not order them architecturally (D1
 * "Prioritization of asynchronous exceptions" leaves it IMPLEMENTATION DEFINED apart
 * from the synchronous ones); physical before virtual, FIQ before IRQ is QEMU 7.2's
 * order (arm_cpu_exec_interrupt), which keeps the differential comparable. */
enum { AK_SERROR, AK_FIQ, AK_IRQ, AK_VIRQ, AK_VFIQ, AK_VSERROR, AK_N };

static const struct {
    el2_exc_kind kind;
    uint32_t line;          /* physical: the line; virtual: the HCR_EL2 pending bit */
    uint64_t route;         /* HCR_EL2.AMO/FMO/IMO */
    uint64_t scr;           /* SCR_EL3.EA/FIQ/IRQ */
    uint32_t mask;          /* PSTATE.A/F/I in SPSR layout */
    uint32_t vect;
} ak[AK_N] = {
    [AK_SERROR] = { EXC_SERROR, IRQ_LINE_SERROR, HCR_AMO, SCR_EA, 0x100, VECT_SERROR },
    [AK_FIQ] = { EXC_FIQ, IRQ_LINE_FIQ, HCR_FMO, SCR_FIQ, 0x40, VECT_FIQ },
    [AK_IRQ] = { EXC_IRQ, IRQ_LINE_IRQ, HCR_IMO, SCR_IRQ, 0x80, VECT_IRQ },
    [AK_VIRQ] = { EXC_VIRQ, (uint32_t)HCR_VI, HCR_IMO, 0, 0x80, VECT_IRQ },
    [AK_VFIQ] = { EXC_VFIQ, (uint32_t)HCR_VF, HCR_FMO, 0, 0x40, VECT_FIQ },
    [AK_VSERROR] = { EXC_VSERROR, (uint32_t)HCR_VSE, HCR_AMO, 0, 0x100, VECT_SERROR },
};

/* ---- the generic timers ---- */

static const struct {
    int ctl, cval;
    unsigned intid;
    bool virt;              /* counts CNTPCT - CNTVOFF_EL2 */
    bool vhe;               /* exists with FEAT_VHE only */
} timers[] = {
    { SR_CNTP_CTL_EL0, SR_CNTP_CVAL_EL0, INTID_CNTP, false, false },
    { SR_CNTV_CTL_EL0, SR_CNTV_CVAL_EL0, INTID_CNTV, true, false },
    { SR_CNTHP_CTL_EL2, SR_CNTHP_CVAL_EL2, INTID_CNTHP, false, false },
    { SR_CNTHV_CTL_EL2, SR_CNTHV_CVAL_EL2, INTID_CNTHV, false, true },
};

/* Counter ticks at the modelled clock: cycles at the CPU's clock counted at CNTFRQ. */
uint64_t gtimer_count(const el2_cpu *c, uint64_t clock)
{
    double hz = c->model->freq_mhz * 1e6;
    uint64_t frq = c->sr[SR_CNTFRQ_EL0];
    if (hz <= 0 || frq == 0)
        return clock;
    return (uint64_t)((double)clock * (double)frq / hz);
}

/* The first clock at which the count reaches t (UINT64_MAX: beyond 2^63 cycles). The
 * estimate is corrected against gtimer_count itself, so the interrupt comes exactly
 * when a read of the counter would first show t. */
static uint64_t clock_of_count(const el2_cpu *c, uint64_t t)
{
    double hz = c->model->freq_mhz * 1e6;
    uint64_t frq = c->sr[SR_CNTFRQ_EL0];
    if (hz <= 0 || frq == 0)
        return t;
    double est = (double)t * hz / (double)frq;
    if (est >= 9.2e18)
        return UINT64_MAX;
    uint64_t x = (uint64_t)est;
    for (int i = 0; i < 64 && gtimer_count(c, x) < t; i++)
        x++;
    for (int i = 0; i < 64 && x && gtimer_count(c, x - 1) >= t; i++)
        x--;
    return x;
}

/* The timer condition of timer t at cycle count now (Arm ARM D11 "The Generic Timer",
 * the timers: "TimerConditionMet = (CountValue - Offset) >= CompareValue", unsigned);
 * *at: the cycle count at which it will be met (now if it is, UINT64_MAX: never). */
static bool timer_met(const el2_cpu *c, unsigned t, uint64_t now, uint64_t *at)
{
    uint64_t clock = now + c->cycle_bias;
    uint64_t phys = gtimer_count(c, clock);
    uint64_t count = phys - (timers[t].virt ? c->sr[SR_CNTVOFF_EL2] : 0);
    uint64_t cval = c->sr[timers[t].cval];
    if (count >= cval) {
        *at = now;
        return true;
    }
    uint64_t target = phys + (cval - count);
    uint64_t when = target < phys ? UINT64_MAX : clock_of_count(c, target);
    *at = when == UINT64_MAX || when < c->cycle_bias ? UINT64_MAX : when - c->cycle_bias;
    return false;
}

static bool timer_exists(const el2_cpu *c, unsigned t) { return !timers[t].vhe || c->model->vhe; }

bool gtimer_istatus(el2_cpu *c, int ctl)
{
    for (unsigned t = 0; t < G_N_ELEMENTS(timers); t++) {
        uint64_t at;
        if (timers[t].ctl == ctl)
            return (c->sr[ctl] & CNT_CTL_ENABLE) && timer_met(c, t, cpu_cycles_now(c) - c->cycle_bias, &at);
    }
    return false;
}

/* ---- the sources ---- */

/* el2_cpu.irq_inject: sorted by cycle (instruction conditions keep their order of addition
 * among entries with cycle 0) */
typedef struct { uint64_t cycle; uint64_t intid; uint64_t insns; unsigned tag; uint64_t pc; } irq_injected;

bool irq_inject_add_at(el2_cpu *c, unsigned what, uint64_t cycle, uint64_t insns, unsigned tag)
{
    /* PPIs 16-31, SPIs 32-1019 (GICv3 INTID ranges), or a physical FIQ or SError */
    if ((what < 16 || what > 1019) && what != IRQ_WHAT_FIQ && what != IRQ_WHAT_SERROR)
        return false;
    irq_injected e = { cycle, what, insns, tag, 0 };
    guint i = 0;
    if (!c->irq_inject)
        c->irq_inject = g_array_new(FALSE, FALSE, sizeof(irq_injected));
    while (i < c->irq_inject->len && g_array_index(c->irq_inject, irq_injected, i).cycle <= cycle)
        i++;
    g_array_insert_val(c->irq_inject, i, e);
    irq_touch(c);
    return true;
}

/* Waiting for a PC: never due (cycle UINT64_MAX, at the end) until irq_inject_reached. */
bool irq_inject_at_pc(el2_cpu *c, unsigned what, uint64_t pc, unsigned tag)
{
    if (!irq_inject_add_at(c, what, UINT64_MAX, 0, tag))
        return false;
    g_array_index(c->irq_inject, irq_injected, c->irq_inject->len - 1).pc = pc | 1;   /* (bit 0: armed) */
    return true;
}

unsigned irq_inject_reached(el2_cpu *c, uint64_t pc)
{
    unsigned n = 0;
    for (guint i = 0; c->irq_inject && i < c->irq_inject->len;) {
        irq_injected e = g_array_index(c->irq_inject, irq_injected, i);
        if (e.pc != (pc | 1)) {
            i++;
            continue;
        }
        g_array_remove_index(c->irq_inject, i);
        irq_inject_add_at(c, (unsigned)e.intid, 0, 0, e.tag);     /* due now, once */
        n++;
    }
    return n;
}

bool irq_inject_add(el2_cpu *c, unsigned intid, uint64_t cycle)
{
    return intid <= 1019 && irq_inject_add_at(c, intid, cycle, 0, 0);
}

unsigned irq_inject_withdraw(el2_cpu *c, unsigned tag)
{
    unsigned n = 0;
    for (guint i = 0; c->irq_inject && i < c->irq_inject->len;) {
        if (g_array_index(c->irq_inject, irq_injected, i).tag == tag) {
            g_array_remove_index(c->irq_inject, i);
            n++;
        } else {
            i++;
        }
    }
    irq_touch(c);
    return n;
}

void irq_set_line(el2_cpu *c, uint32_t line, bool on)
{
    c->irq_ext = on ? (c->irq_ext | line) : (c->irq_ext & ~line);
    irq_touch(c);
}

bool irq_sysreg_relevant(int idx)
{
    switch (idx) {
    case SR_CNTP_CTL_EL0: case SR_CNTP_CVAL_EL0: case SR_CNTP_TVAL_EL0:
    case SR_CNTV_CTL_EL0: case SR_CNTV_CVAL_EL0: case SR_CNTV_TVAL_EL0:
    case SR_CNTHP_CTL_EL2: case SR_CNTHP_CVAL_EL2: case SR_CNTHP_TVAL_EL2:
    case SR_CNTHV_CTL_EL2: case SR_CNTHV_CVAL_EL2: case SR_CNTHV_TVAL_EL2:
    case SR_CNTVOFF_EL2: case SR_CNTFRQ_EL0: case SR_PMCCNTR_EL0: case SR_HCR_EL2:
        return true;
    default:
        return false;
    }
}

/* The instruction count at the boundary whose cycle count is now: at a block start
 * (now = el2_cpu.cycles) the count before the block; right after a hooked instruction in
 * mid-block (now is less: the rest of the block is not counted) the count before the
 * next one, c->hook_pc being that instruction. (With every cost 0, --no-timing, a
 * mid-block boundary looks like a block start and counts the whole block.) */
static uint64_t injected_insns_now(const el2_cpu *c, uint64_t now)
{
    return now >= c->cycles ? c->insns : cpu_insns_at(c, c->hook_pc + 4);
}

/* Looks at every source at cycle count now: the physical lines, the INTID that drives
 * IRQ and the next cycle at which a source changes by itself. Without a GIC in use (gic.h)
 * an asserted PPI or SPI drives IRQ directly, naming the lowest INTID asserted (no
 * priorities to tell them apart); with one, the sources are the GIC's inputs (the timers'
 * PPIs and the maintenance interrupt levels, --irq an edge latched when it comes) and
 * IRQ is the physical CPU interface's output. The virtual CPU interface's vIRQ (its list
 * registers) is IRQ_LINE_VIRQ. */
static void evaluate(el2_cpu *c, uint64_t now)
{
    uint64_t next = UINT64_MAX;
    unsigned best = 1024;
    int src = IRQSRC_NONE;
    bool gic = gic_in_use(c);
    for (unsigned t = 0; t < G_N_ELEMENTS(timers); t++) {
        uint64_t ctl = c->sr[timers[t].ctl], at;
        bool on = false;
        /* the timer's interrupt: ENABLE == 1, IMASK == 0 and the condition met (a masked
           timer changes only by a register write, which looks again) */
        if (timer_exists(c, t) && (ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) == CNT_CTL_ENABLE) {
            on = timer_met(c, t, now, &at);
            if (!on && at < next)
                next = at;
        }
        if (gic)
            gic_set_level(c, timers[t].intid, on, IRQSRC_TIMER);
        else if (on && timers[t].intid < best) {
            best = timers[t].intid;
            src = IRQSRC_TIMER;
        }
    }
    bool maint = gic_maint_asserted(c);
    if (gic)
        gic_set_level(c, INTID_MAINT, maint, IRQSRC_MAINT);
    else if (maint && INTID_MAINT < best) {
        best = INTID_MAINT;
        src = IRQSRC_MAINT;
    }
    uint64_t next_insns = UINT64_MAX, insns = injected_insns_now(c, now);
    uint32_t inj_lines = 0;
    for (guint i = 0; c->irq_inject && i < c->irq_inject->len;) {
        const irq_injected *e = &g_array_index(c->irq_inject, irq_injected, i);
        if (e->cycle > now) {
            next = MIN(next, e->cycle);
            break;
        }
        if (e->insns > insns) {        /* not yet: an instruction condition */
            next_insns = MIN(next_insns, e->insns);
            i++;
            continue;
        }
        if (e->intid == IRQ_WHAT_FIQ || e->intid == IRQ_WHAT_SERROR) {
            /* the PE's own FIQ or SError input, held until the exception is taken */
            inj_lines |= e->intid == IRQ_WHAT_FIQ ? IRQ_LINE_FIQ : IRQ_LINE_SERROR;
            i++;
            continue;
        }
        if (gic) {                     /* an edge: latched pending in the GIC */
            gic_raise(c, (unsigned)e->intid, IRQSRC_INJECT);
            g_array_remove_index(c->irq_inject, i);
            continue;
        }
        if (e->intid < best) {
            best = (unsigned)e->intid;
            src = IRQSRC_INJECT;
        }
        i++;
    }
    if (gic && !gic_irq_signalled(c, &best, &src))
        best = 1024;
    c->irq_lines = c->irq_ext | inj_lines | (best < 1024 ? IRQ_LINE_IRQ : 0) | (gic_virq_signalled(c) ? IRQ_LINE_VIRQ : 0);
    c->irq_intid = best < 1024 ? best : 0;
    c->irq_source = src;
    c->irq_next = next;
    c->irq_next_insns = next_insns;
}

/* ---- routing and masking ---- */

/* The EL a physical interrupt of kind k goes to from the current EL, after
 * AArch64.TakePhysicalIRQException (FIQ and SError alike, with FMO and AMO):
 *   route_to_el3 = HaveEL(EL3) && SCR_EL3.IRQ == '1';
 *   route_to_el2 = PSTATE.EL IN {EL0, EL1} && EL2Enabled() &&
 *                  (HCR_EL2.TGE == '1' || HCR_EL2.IMO == '1');
 *   if route_to_el3 then EL3 elsif PSTATE.EL == EL2 || route_to_el2 then EL2 else EL1
 * That function runs only for an interrupt that is taken: at EL2 with
 * HCR_EL2.{TGE,IMO} = {0,0} the tables "Physical interrupt target and masking" say the
 * interrupt is not taken (it stays pending for EL1), which 1 (< PSTATE.EL) stands for
 * here. el2sim's EL3 is its firmware model, which keeps SCR_EL3.{EA,FIQ,IRQ} = 0
 * (firmware.c; the guest cannot write SCR_EL3): 3 would leave the interrupt pending. */
static unsigned physical_target(el2_cpu *c, unsigned k)
{
    uint64_t hcr = c->sr[SR_HCR_EL2];
    if (c->sr[SR_SCR_EL3] & ak[k].scr)
        return 3;
    if ((sysreg_el2_enabled(c) && (hcr & (HCR_TGE | ak[k].route))) || irq32_hyp_keeps(c))
        return 2;
    return 1;
}

/* Masking of a physical interrupt (Arm ARM D1 "Asynchronous exception masking", the
 * tables "Physical interrupt target and masking" with SCR_EL3.{EA,FIQ,IRQ} = 0): routed
 * below the current EL it is not taken ("n/a"); taken to the current EL it is masked by
 * PSTATE.{A,I,F} ("C"); taken to a higher EL it is not ("A"), except to EL1 from EL0,
 * and to EL2 from EL0 in a VHE host (HCR_EL2.{E2H,TGE} = {1,1}: EL0 and EL2 form one
 * regime, "C"). EL3 would ignore the masks; el2sim has no EL3 handler to take it. */
static bool physical_masked(el2_cpu *c, unsigned k, unsigned target, uint32_t daif)
{
    if (target == 3 || target < c->el)
        return true;
    if (target > c->el && target == 2 && !sysreg_el0_in_host(c))
        return false;
    return (daif & ak[k].mask) != 0;
}

/* A virtual interrupt is enabled at EL1 and EL0 only, with HCR_EL2.TGE == 0 and the
 * matching IMO/FMO/AMO == 1 (AArch64.TakeVirtualIRQException: "assert PSTATE.EL IN
 * {EL0, EL1} && EL2Enabled(); assert HCR_EL2.TGE == '0' && HCR_EL2.IMO == '1'"), and
 * masked by PSTATE.{A,I,F} there. */
static bool virtual_enabled(el2_cpu *c, unsigned k)
{
    uint64_t hcr = c->sr[SR_HCR_EL2];
    return c->el < 2 && sysreg_el2_enabled(c) && !(hcr & HCR_TGE) && (hcr & ak[k].route);
}

/* Pending: a physical line; a virtual one by HCR_EL2.VI/VF/VSE, and the virtual IRQ
 * also by the GIC's virtual CPU interface (the Arm ARM's IsVirtualIRQPending combines
 * HCR_EL2.VI with the GIC's virtual interrupt signal) */
static bool pending(el2_cpu *c, unsigned k)
{
    if (k == AK_VIRQ && (c->irq_lines & IRQ_LINE_VIRQ))
        return true;
    return k >= AK_VIRQ ? (c->sr[SR_HCR_EL2] & ak[k].line) != 0 : (c->irq_lines & ak[k].line) != 0;
}

bool irq_deliverable(el2_cpu *c, uint64_t now, uint32_t daif)
{
    evaluate(c, now);
    for (unsigned k = 0; k < AK_N; k++) {
        if (!pending(c, k))
            continue;
        if (k >= AK_VIRQ) {
            if (!virtual_enabled(c, k) || (daif & ak[k].mask))
                continue;
            c->irq_target = 1;
        } else {
            unsigned target = physical_target(c, k);
            if (physical_masked(c, k, target, daif))
                continue;
            c->irq_target = target;
        }
        c->irq_kind = (int)k;
        return true;
    }
    return false;
}

/* The syndrome of a virtual SError (AArch64.TakeVirtualSErrorException): with FEAT_RAS
 * (ID_AA64PFR0_EL1.RAS != 0) VSESR_EL2.{IDS,ISS}; without it IMPLEMENTATION DEFINED,
 * which el2sim makes ISS 0 (as QEMU 7.2, whose VSESR_EL2 reads 0 there). A physical
 * SError has no modelled source and gets ISS 0. */
static uint32_t serror_syndrome(el2_cpu *c, unsigned k)
{
    bool ras = ((c->sr[SR_ID_AA64PFR0_EL1] >> 28) & 0xf) != 0;
    return syn_serror(k == AK_VSERROR && ras ? (uint32_t)c->sr[SR_VSESR_EL2] : 0);
}

/* Taking a physical FIQ or SError consumes the first injected one that is due (the
 * exception stands for its acknowledge, as for an --irq IRQ without a GIC): its source,
 * IRQSRC_INJECT, or IRQSRC_NONE when a line held from outside (irq_set_line) raised it. */
static int ack_injected_line(el2_cpu *c, unsigned what)
{
    if (c->irq_ext & (what == IRQ_WHAT_FIQ ? IRQ_LINE_FIQ : IRQ_LINE_SERROR))
        return IRQSRC_NONE;
    for (guint i = 0; c->irq_inject && i < c->irq_inject->len; i++) {
        const irq_injected *e = &g_array_index(c->irq_inject, irq_injected, i);
        if (e->intid == what && e->cycle <= c->cycles && e->insns <= c->insns) {
            g_array_remove_index(c->irq_inject, i);
            return IRQSRC_INJECT;
        }
    }
    return IRQSRC_NONE;
}

void irq_take(el2_cpu *c, uint64_t pc)
{
    unsigned k = (unsigned)c->irq_kind;
    el2_exc_record exc = { .kind = ak[k].kind, .pc = pc, .insn = 0 };
    if (k == AK_IRQ) {
        exc.intid = c->irq_intid;
        exc.source = c->irq_source;
        /* without a GIC in use the IRQ exception acknowledges an --irq interrupt (irq.h;
           with one, ICC_IAR1_EL1 does) */
        for (guint i = 0; !gic_in_use(c) && c->irq_source == IRQSRC_INJECT && i < c->irq_inject->len; i++) {
            const irq_injected *e = &g_array_index(c->irq_inject, irq_injected, i);
            if (e->intid == c->irq_intid && e->cycle <= c->cycles && e->insns <= c->insns) {
                g_array_remove_index(c->irq_inject, i);
                break;
            }
        }
    } else if (k == AK_VIRQ && !(c->sr[SR_HCR_EL2] & HCR_VI)) {
        exc.source = IRQSRC_LR;          /* the GIC's list registers: the vINTID */
        exc.intid = c->gic->virq_intid;
    } else if (k >= AK_VIRQ) {
        exc.source = IRQSRC_HCR;
    }
    if (k == AK_FIQ || k == AK_SERROR)
        exc.source = ack_injected_line(c, k == AK_FIQ ? IRQ_WHAT_FIQ : IRQ_WHAT_SERROR);
    if (k == AK_SERROR || k == AK_VSERROR)
        exc.syndrome = serror_syndrome(c, k);
    /* ClearPendingVirtualSError(): HCR_EL2.VSE = '0' (the virtual IRQ and FIQ stay
     * pending until EL2 clears VI/VF) */
    if (k == AK_VSERROR)
        c->sr[SR_HCR_EL2] &= ~HCR_VSE;
    irq_touch(c);
    if (irq32_take(c, c->irq_target, &exc, pc))   /* to Hyp mode or an AArch32 EL1 */
        return;
    AArch64_TakeException(c, c->irq_target, &exc, pc, ak[k].vect);
}

/* WFI wake-up events (Arm ARM D1 "Wait for Interrupt"): a physical IRQ, FIQ or SError
 * whatever PSTATE.{A,I,F} say, and at EL1 or EL0 a virtual one HCR_EL2 enables. */
uint64_t irq_wfi_wake(el2_cpu *c, uint64_t now)
{
    evaluate(c, now);
    if (c->irq_lines)
        return now;
    for (unsigned k = AK_VIRQ; k < AK_N; k++)
        if (pending(c, k) && virtual_enabled(c, k))
            return now;
    return c->irq_next;
}

/* ISR_EL1.{A,I,F} (bits 8, 7, 6): read at EL1 with HCR_EL2.TGE == 0 and AMO/IMO/FMO == 1
 * each shows the virtual interrupt pending (HCR_EL2.VSE/VI/VF), otherwise the physical
 * one (Arm ARM D19 "ISR_EL1"). */
uint64_t irq_isr_el1(el2_cpu *c, uint64_t now)
{
    evaluate(c, now);
    static const unsigned phys[3] = { AK_SERROR, AK_IRQ, AK_FIQ }, virt[3] = { AK_VSERROR, AK_VIRQ, AK_VFIQ };
    static const unsigned bit[3] = { 8, 7, 6 };
    uint64_t v = 0;
    for (unsigned i = 0; i < 3; i++) {
        unsigned k = c->el == 1 && virtual_enabled(c, virt[i]) ? virt[i] : phys[i];
        if (pending(c, k))
            v |= 1ULL << bit[i];
    }
    return v;
}
