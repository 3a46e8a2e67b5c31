/* exception.c - AArch64 exception entry and return as the Arm ARM defines them
 * (DDI 0487, shared/functions/exceptions and aarch64/exceptions pseudocode). */
#include "exception.h"
#include "engine.h"
#include "machine.h"
#include "sysreg.h"
#include "timing.h"

unsigned route_sync(el2_machine *m)
{
    if (m->el == 0)
        return (m->sr[SR_HCR_EL2] & HCR_TGE) ? 2 : 1;
    return m->el;
}

static int elr_of(unsigned el) { return el == 2 ? SR_ELR_EL2 : SR_ELR_EL1; }
static int spsr_of(unsigned el) { return el == 2 ? SR_SPSR_EL2 : SR_SPSR_EL1; }
static int esr_of(unsigned el) { return el == 2 ? SR_ESR_EL2 : SR_ESR_EL1; }
static int far_of(unsigned el) { return el == 2 ? SR_FAR_EL2 : SR_FAR_EL1; }
static int vbar_of(unsigned el) { return el == 2 ? SR_VBAR_EL2 : SR_VBAR_EL1; }

/* AArch64.TakeException(target_el, exception, preferred_exception_return, vect_offset) */
void take_exception(el2_machine *m, unsigned target_el, el2_exc_kind kind, uint32_t esr,
                    uint64_t preferred_return, bool has_far, uint64_t far, uint64_t pc,
                    uint32_t insn)
{
    unsigned from = m->el;
    uint32_t spsr = machine_pstate(m);    /* GetPSRFromPSTATE(AArch64_NonDebugState) */
    uint64_t vect_offset;

    if (target_el > from)
        vect_offset = 0x400;              /* lower EL, using AArch64 */
    else if (spsr & 1)
        vect_offset = 0x200;              /* current EL with SP_ELx */
    else
        vect_offset = 0x000;              /* current EL with SP_EL0 */

    el2_event ev;
    event_clear(&ev, EV_EXC);
    ev.pc = pc;
    ev.insn = insn;
    ev.from_el = (uint8_t)from;
    ev.to_el = (uint8_t)target_el;
    ev.exc = kind;
    ev.esr = esr;
    ev.elr = preferred_return;
    ev.spsr = spsr;
    ev.vector_off = vect_offset;
    ev.far = has_far ? far : 0;
    machine_stamp(m, &ev, pc);
    machine_fill_regs(m, &ev);

    machine_sp_save(m);
    sysreg_set(m, spsr_of(target_el), spsr);
    sysreg_set(m, elr_of(target_el), preferred_return);
    sysreg_set(m, esr_of(target_el), esr);
    if (has_far)
        sysreg_set(m, far_of(target_el), far);
    m->il = false;                        /* PSTATE.IL = '0'; PSTATE.SS = '0' */
    /* PSTATE.EL = target_el; PSTATE.nRW = '0'; PSTATE.SP = '1'; PSTATE.<D,A,I,F> = '1111' */
    machine_enter_state(m, target_el, (spsr & PSR_NZCV) | PSR_DAIF | 1u);
    uint64_t vbar = m->sr[vbar_of(target_el)];
    ev.target = vbar + vect_offset;
    machine_set_pc(m, ev.target);         /* BranchTo(VBAR + vect_offset, BranchType_EXCEPTION) */
    m->cycles += m->cpu->cost[IC_EXC_ENTRY];
    machine_emit(m, &ev);
}

void take_undef(el2_machine *m, uint64_t pc, uint32_t insn)
{
    take_exception(m, route_sync(m), EXC_UNDEF, esr_make(EC_UNKNOWN, 0), pc, false, 0, pc, insn);
}

/* IllegalExceptionReturn(spsr) for a return to AArch64; sets *aarch32 when the SPSR
 * asks for AArch32 state, which el2sim does not execute. */
static bool illegal_exception_return(el2_machine *m, uint32_t spsr, bool *aarch32)
{
    uint64_t hcr = m->sr[SR_HCR_EL2];
    unsigned target = (spsr >> 2) & 3;
    bool e2h_tge = m->cpu->vhe && (hcr & HCR_E2H) && (hcr & HCR_TGE);

    *aarch32 = false;
    if (spsr & PSR_nRW) {
        /* IllegalExceptionReturn with an AArch32 SPSR (Arm ARM DDI 0487, shared pseudocode
         * ELFromSPSR / ELUsingAArch32K): M[4:0] names the mode and so the EL. */
        unsigned mode = spsr & 0x1f, el32;
        switch (mode) {
        case 0x10: el32 = 0; break;                                   /* User */
        case 0x11: case 0x12: case 0x13: case 0x17: case 0x1b: case 0x1f:
            el32 = 1; break;                                          /* FIQ IRQ SVC ABT UND SYS */
        case 0x1a: el32 = 2; break;                                   /* Hyp */
        default: return true;                                         /* Monitor, reserved */
        }
        if (el32 > m->el || el32 == m->el)
            return true;              /* higher EL, or the current EL, which is AArch64 */
        if (el32 == 2)
            return true;              /* EL2 is AArch64 */
        if (el32 == 1)                /* EL1 is AArch32 only with HCR_EL2.RW == 0 */
            return m->el != 2 || (hcr & HCR_RW) || (hcr & HCR_TGE);
        /* EL0: AArch32 under an AArch32 EL1, or under an AArch64 EL1 (or EL2 with
         * E2H+TGE) when the CPU implements AArch32 at EL0 (ID_AA64PFR0_EL1.EL0 == 2) */
        bool el1_aa32 = m->el == 2 && !(hcr & HCR_RW) && !e2h_tge;
        if (!el1_aa32 && (m->sr[sysreg_find_name("ID_AA64PFR0_EL1")] & 0xf) != 2)
            return true;
        *aarch32 = true;
        return false;
    }
    if (spsr & 2)                      /* M[1] set: reserved encoding */
        return true;
    if (target == 0 && (spsr & 1))     /* EL0 with SP_ELx: reserved */
        return true;
    if (target > m->el)                /* return to a higher EL */
        return true;
    if (target == 1 && (hcr & HCR_TGE))/* EL1 with HCR_EL2.TGE == 1 */
        return true;
    /* ELUsingAArch32(target) must match nRW: EL1 (and EL0 under it) is AArch64
     * only with HCR_EL2.RW == 1 */
    if (m->el == 2 && target == 1 && !(hcr & HCR_RW))
        return true;
    if (m->el == 2 && target == 0 && !e2h_tge && !(hcr & HCR_RW))
        return true;
    return false;
}

typedef el2_eret_plan eret_plan;

static void eret_plan_make(el2_machine *m, eret_plan *p)
{
    p->from = m->el;
    p->spsr = (uint32_t)m->sr[spsr_of(p->from)];
    p->elr = m->sr[elr_of(p->from)];
    p->illegal = illegal_exception_return(m, p->spsr, &p->aarch32);
    p->to = p->illegal ? p->from : (p->spsr >> 2) & 3;
    p->newps = (p->spsr & (PSR_NZCV | PSR_DAIF)) | (p->to == 0 ? 0 : (p->spsr & 1u));
}

/* The EV_ERET event of the return planned in p, for the ERET at pc (stamped there). */
static void eret_event(el2_machine *m, const eret_plan *p, uint64_t pc, uint32_t insn, el2_event *ev)
{
    event_clear(ev, EV_ERET);
    ev->pc = pc;
    ev->insn = insn;
    ev->from_el = (uint8_t)p->from;
    ev->to_el = (uint8_t)p->to;
    ev->spsr = p->spsr;
    ev->elr = p->elr;
    ev->target = p->elr;
    ev->illegal = p->illegal;
    machine_stamp(m, ev, pc);
    machine_fill_regs(m, ev);
    m->cycles += m->cpu->cost[IC_ERET];
}

/* AArch64.ExceptionReturn(new_pc, spsr) */
void exception_return(el2_machine *m, uint64_t pc, uint32_t insn, bool native)
{
    if (m->el == 0) {                  /* ERET is UNDEFINED at EL0 */
        take_undef(m, pc, insn);
        return;
    }
    eret_plan p;
    eret_plan_make(m, &p);
    el2_event ev;
    eret_event(m, &p, pc, insn, &ev);

    if (p.aarch32) {
        machine_emit(m, &ev);
        machine_stop(m, STOP_FAULT, 0, "ERET at %s to AArch32 state (SPSR 0x%x): AArch32 is not modelled",
                     machine_sym(m, pc), p.spsr);
        return;
    }
    machine_sp_save(m);
    if (p.illegal) {
        /* PSTATE.IL = 1; EL, SP and nRW unchanged; the rest from SPSR; PC = ELR */
        uint32_t keep_sp = machine_pstate(m) & 1u;
        machine_enter_state(m, p.from, (p.spsr & (PSR_NZCV | PSR_DAIF)) | keep_sp);
        m->il = true;
        machine_emit(m, &ev);
        /* The next instruction takes the Illegal Execution state exception. */
        take_exception(m, route_sync(m), EXC_ILLEGAL_STATE, esr_make(EC_ILLEGAL, 0), p.elr,
                       false, 0, p.elr, 0);
        return;
    }
    bool fault_next = (p.spsr & PSR_IL) || (p.elr & 3);
    /* observers see the state before the return (the returning EL's registers) */
    machine_emit(m, &ev);
    if (native && !fault_next) {
        machine_prepare_native_eret(m, p.to, p.newps, p.elr);
        return;
    }
    machine_enter_state(m, p.to, p.newps);
    m->il = (p.spsr & PSR_IL) != 0;
    machine_set_pc(m, p.elr);
    if (m->il)
        take_exception(m, route_sync(m), EXC_ILLEGAL_STATE, esr_make(EC_ILLEGAL, 0), p.elr,
                       false, 0, p.elr, 0);
    else if (p.elr & 3)                /* PC alignment fault on the next fetch */
        take_exception(m, route_sync(m), EXC_PC_ALIGN, esr_make(EC_PC_ALIGN, 0), p.elr, true,
                       p.elr, p.elr, 0);
}

/* AArch64.ExceptionReturn around an ERET the engine runs natively, with no code hook:
 * at the start of a block whose only special instruction is its closing ERET, nothing
 * before the ERET can change what the return does (ELR, SPSR, HCR and the EL change only
 * through hooked instructions or exceptions), so it is planned here and the engine's
 * ELR_EL3/SPSR_EL3 are loaded with it. exception_return_settle completes it once the
 * engine has run the ERET. Returns false, arming nothing, when the return is not a plain
 * one (ERET at EL0 is UNDEFINED, an illegal return, AArch32, a fault on the next
 * instruction) or lands back in [block, pc]; that ERET needs its code hook. */
bool exception_return_arm(el2_machine *m, uint64_t block, uint64_t pc, uint32_t insn)
{
    if (m->el == 0)
        return false;
    eret_plan p;
    eret_plan_make(m, &p);
    if (p.illegal || p.aarch32 || (p.spsr & PSR_IL) || (p.elr & 3) || (p.elr >= block && p.elr <= pc))
        return false;
    machine_arm_native_eret(m, p.newps, p.elr);
    m->eret.on = true;
    m->eret.pc = pc;
    m->eret.insn = insn;
    m->eret.plan = p;
    return true;
}

/* An exception or a stop came before the armed ERET ran: the engine's ELR_EL3 goes back
 * to the landing pad. */
void exception_return_drop(el2_machine *m)
{
    m->eret.on = false;
    machine_restore_landing(m);
    m->erets_dropped++;
}

/* The engine stopped or began a block at pc with an ERET armed: the ERET ran when pc is
 * its target (the block before ran to its end), otherwise an exception or a stop came
 * first and the arming is dropped. */
void exception_return_settle(el2_machine *m, uint64_t pc)
{
    if (pc != m->eret.plan.elr) {
        exception_return_drop(m);
        return;
    }
    m->eret.on = false;
    const eret_plan p = m->eret.plan;
    el2_event ev;
    m->hook_pc = m->eret.pc;
    eret_event(m, &p, m->eret.pc, m->eret.insn, &ev);
    /* the engine's ERET (EL3 to EL3, SPSel kept) left the SPs as they were at the ERET:
     * observers see the returning EL's registers, as for a hooked ERET */
    machine_sp_save(m);
    machine_emit(m, &ev);
    machine_enter_state(m, p.to, p.newps);
    m->il = false;
    machine_restore_landing(m);
    m->erets_direct++;
}
