/* exception.c - AArch64 exception entry and return as the Arm ARM defines them
 * (DDI 0487, shared/functions/exceptions and aarch64/exceptions pseudocode). */
#include "exception.h"
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

/* AArch64.ExceptionReturn(new_pc, spsr) */
void exception_return(el2_machine *m, uint64_t pc, uint32_t insn, bool native)
{
    unsigned from = m->el;
    if (from == 0) {                   /* ERET is UNDEFINED at EL0 */
        take_undef(m, pc, insn);
        return;
    }
    uint32_t spsr = (uint32_t)m->sr[spsr_of(from)];
    uint64_t elr = m->sr[elr_of(from)];
    bool aarch32;
    bool illegal = illegal_exception_return(m, spsr, &aarch32);
    unsigned to = illegal ? from : (spsr >> 2) & 3;

    el2_event ev;
    event_clear(&ev, EV_ERET);
    ev.pc = pc;
    ev.insn = insn;
    ev.from_el = (uint8_t)from;
    ev.to_el = (uint8_t)to;
    ev.spsr = spsr;
    ev.elr = elr;
    ev.target = elr;
    ev.illegal = illegal;
    machine_stamp(m, &ev, pc);
    machine_fill_regs(m, &ev);
    m->cycles += m->cpu->cost[IC_ERET];

    if (aarch32) {
        machine_emit(m, &ev);
        machine_stop(m, STOP_FAULT, 0, "ERET at %s to AArch32 state (SPSR 0x%x): AArch32 is not modelled",
                     machine_sym(m, pc), spsr);
        return;
    }
    machine_sp_save(m);
    if (illegal) {
        /* PSTATE.IL = 1; EL, SP and nRW unchanged; the rest from SPSR; PC = ELR */
        uint32_t keep_sp = machine_pstate(m) & 1u;
        machine_enter_state(m, from, (spsr & (PSR_NZCV | PSR_DAIF)) | keep_sp);
        m->il = true;
        machine_emit(m, &ev);
        /* The next instruction takes the Illegal Execution state exception. */
        take_exception(m, route_sync(m), EXC_ILLEGAL_STATE, esr_make(EC_ILLEGAL, 0), elr,
                       false, 0, elr, 0);
        return;
    }
    uint32_t newps = (spsr & (PSR_NZCV | PSR_DAIF)) | (to == 0 ? 0 : (spsr & 1u));
    bool fault_next = (spsr & PSR_IL) || (elr & 3);
    /* observers see the state before the return (the returning EL's registers) */
    machine_emit(m, &ev);
    if (native && !fault_next) {
        machine_prepare_native_eret(m, to, newps, elr);
        return;
    }
    machine_enter_state(m, to, newps);
    m->il = (spsr & PSR_IL) != 0;
    machine_set_pc(m, elr);
    if (m->il)
        take_exception(m, route_sync(m), EXC_ILLEGAL_STATE, esr_make(EC_ILLEGAL, 0), elr,
                       false, 0, elr, 0);
    else if (elr & 3)                  /* PC alignment fault on the next fetch */
        take_exception(m, route_sync(m), EXC_PC_ALIGN, esr_make(EC_PC_ALIGN, 0), elr, true,
                       elr, elr, 0);
}
