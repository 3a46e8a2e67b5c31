/* exception.c - AArch64 exception entry and return as the Arm ARM defines them
 * (DDI 0487, shared/functions/exceptions and aarch64/exceptions pseudocode). */
#include "exception.h"
#include "aarch32.h"
#include "abort.h"
#include "sysreg.h"
#include "timing.h"
#include "vmem.h"

unsigned route_sync(el2_cpu *c)
{
    if (c->el == 0)
        return (c->sr[SR_HCR_EL2] & HCR_TGE) ? 2 : 1;
    return c->el;
}

static int elr_of(unsigned el) { return el == 2 ? SR_ELR_EL2 : SR_ELR_EL1; }
static int spsr_of(unsigned el) { return el == 2 ? SR_SPSR_EL2 : SR_SPSR_EL1; }
static int esr_of(unsigned el) { return el == 2 ? SR_ESR_EL2 : SR_ESR_EL1; }
static int far_of(unsigned el) { return el == 2 ? SR_FAR_EL2 : SR_FAR_EL1; }
static int vbar_of(unsigned el) { return el == 2 ? SR_VBAR_EL2 : SR_VBAR_EL1; }
/* The vector base of an AArch64 EL: VBAR_ELx<63:11> (AArch64.TakeException branches to
 * VBAR[]<63:11>:vect_offset<10:0>; bits 10:5 may hold an AArch32 VBAR's base: cpu_life.c) */
static uint64_t vbar_base(const el2_cpu *c, unsigned el) { return c->sr[vbar_of(el)] & ~0x7ffULL; }

/* The part of AArch64.TakeException that chooses the vector table quarter:
 *   if target_el > PSTATE.EL then
 *       (target EL2; EL3 is el2sim's firmware) if IsInHost() && PSTATE.EL == EL0 then
 *       lower_32 = ELUsingAArch32(EL0) else lower_32 = ELUsingAArch32(target_el - 1);
 *       vect_offset += (if lower_32 then 0x600 else 0x400);
 *   elsif PSTATE.SP == '1': 0x200    else: 0x000 */
static uint32_t vector_base(el2_cpu *c, unsigned target_el, bool from_32)
{
    if (target_el > c->el) {
        /* (ELUsingAArch32 of the EL the exception comes from is its current state, which
         * is what an exception from the EL just below, or from EL0 in a host, looks at) */
        bool lower_32 = c->el == target_el - 1 ||
                        (c->el == 0 && (c->sr[SR_HCR_EL2] & HCR_TGE) && sysreg_e2h(c))
                        ? c->aarch32 : el_is_aarch32(c, target_el - 1);
        return lower_32 ? 0x600 : 0x400;
    }
    /* the current EL: SP_ELx or SP_EL0 (PSTATE.SP; an AArch32 current EL is not modelled) */
    return !from_32 && (cpu_pstate(c) & 1) ? 0x200 : 0x000;
}

uint64_t exception_vector(el2_cpu *c, unsigned target_el, uint32_t vect_offset)
{
    return vbar_base(c, target_el) + vector_base(c, target_el, false) + vect_offset;
}

/* A synchronous exception that comes back to the same vector with the same syndrome and
 * the same preferred return, with no exception return since (a vector that faults on
 * itself, a handler that faults before it can return), would repeat until the budget:
 * the run stops at the third in a row, as abort.c does for repeating aborts. Returns true
 * when the exception must not be taken. */
#define EXC_REPEAT_LIMIT 3

static bool exception_repeats(el2_cpu *c, const el2_exc_record *exc, uint64_t vector, uint64_t elr)
{
    if (c->exc_repeats && vector == c->exc_last_vector && exc->syndrome == c->exc_last_esr &&
        elr == c->exc_last_elr) {
        if (++c->exc_repeats >= EXC_REPEAT_LIMIT) {
            cpu_stop(c, STOP_FAULT, 0, "EL%u %s at %s repeats without progress: %u times in a row, "
                     "no ERET between (ESR 0x%08x, vector %s)", c->el, exc_kind_name(exc->kind),
                     cpu_sym(c, exc->pc), c->exc_repeats, exc->syndrome, cpu_sym(c, vector));
            return true;
        }
        return false;
    }
    c->exc_repeats = 1;
    c->exc_last_vector = vector;
    c->exc_last_esr = exc->syndrome;
    c->exc_last_elr = elr;
    return false;
}

/* The PSTATE fields AArch64.TakeException sets beyond EL, SP, DAIF and IL:
 *   if HavePANExt() && (PSTATE.EL == EL1 || (PSTATE.EL == EL2 && ELIsInHost(EL0))) &&
 *      SCTLR[].SPAN == '0' then PSTATE.PAN = '1';
 *   if HaveUAOExt() then PSTATE.UAO = '0';
 *   if HaveSSBSExt() then PSTATE.SSBS = SCTLR[].DSSBS;
 * (SCTLR[] of the target EL; cpu_set_psr_ext leaves out what the CPU does not have) */
static void take_exception_psr_ext(el2_cpu *c, unsigned target_el)
{
    if (!c->psr_ext_mask)              /* none of the features (ARMv8.0 CPUs) */
        return;
    uint64_t sctlr = c->sr[target_el == 2 ? SR_SCTLR_EL2 : SR_SCTLR_EL1];
    bool host = target_el == 2 && sysreg_e2h(c) && (c->sr[SR_HCR_EL2] & HCR_TGE);
    uint32_t v = c->psr_ext & PSR_PAN;
    if ((target_el == 1 || host) && !(sctlr & SCTLR_SPAN))
        v |= PSR_PAN;
    if (sctlr & SCTLR_DSSBS)
        v |= PSR_SSBS;
    cpu_set_psr_ext(c, PSR_PAN | PSR_UAO | PSR_SSBS, v);
}

/* (exception.h) */
void exception_event(el2_cpu *c, el2_event *ev, const el2_exc_record *exc, unsigned from, unsigned to,
                     uint64_t preferred_return, uint32_t spsr, uint32_t vect_offset)
{
    event_clear(ev, EV_EXC);
    ev->pc = exc->pc;
    ev->insn = exc->insn;
    ev->from_el = (uint8_t)from;
    ev->to_el = (uint8_t)to;
    ev->exc = exc->kind;
    ev->esr = exc_reports_syndrome(exc->kind) ? exc->syndrome : 0;
    if (exc_is_async(exc->kind)) {
        ev->value = exc->intid;
        ev->status = exc->source;
    }
    ev->elr = preferred_return;
    ev->spsr = spsr;
    ev->vector_off = vect_offset;
    ev->far = exc->has_far ? exc->vaddress : 0;
    cpu_stamp(c, ev, exc->pc);
    cpu_fill_regs(c, ev);
}

/* AArch64.TakeException(target_el, exception, preferred_exception_return, vect_offset) */
void AArch64_TakeException(el2_cpu *c, unsigned target_el, const el2_exc_record *exc,
                           uint64_t preferred_return, uint32_t vect_offset)
{
    unsigned from = c->el;
    bool from_32 = c->aarch32;
    bool sync = vect_offset == VECT_SYNC;
    if (from_32 && target_el == 1 && el_is_aarch32(c, 1)) {
        /* from AArch32 to an AArch32 EL1 is AArch32.TakeException: aarch32.c takes SVC,
         * UNDEFINED and BKPT there, irq32.c the interrupts, a32_abort.c and mmu_a32.c the
         * aborts, a32_fp.c the FP UNDEFINED; an exception that reaches here from AArch32
         * for an AArch32 EL1 is one none of them takes: the run stops, saying which */
        cpu_stop(c, STOP_FAULT, 0, "%s at %s is taken to EL1 in AArch32 state, which is not modelled yet",
                 exc_kind_name(exc->kind), cpu_sym(c, exc->pc));
        return;
    }
    vect_offset += vector_base(c, target_el, from_32);
    /* GetPSRFromPSTATE(AArch64_NonDebugState), or from AArch32 state the CPSR in the
     * AArch32 SPSR layout (M[4] = 1, T, IT, GE, E, A, I, F, NZCV, Q); the executor puts
     * R0-R14 back into X0-X30 ("Mapping of AArch32 registers to AArch64 registers"):
     * an AArch64 EL2 sees the AArch32 registers there */
    uint32_t spsr = from_32 ? c->port->leave_aarch32(c->port_ctx) : cpu_pstate(c);
    c->aarch32 = false;                   /* PSTATE.nRW = '0' */
    uint64_t vector = vbar_base(c, target_el) + vect_offset;
    if (sync && exception_repeats(c, exc, vector, preferred_return))
        return;

    el2_event ev;
    exception_event(c, &ev, exc, from, target_el, preferred_return, spsr, vect_offset);
    /* IRQ and FIQ have no syndrome: ESR_ELx keeps its value (AArch64.TakeException:
     * "if !(exception.exceptype IN {Exception_IRQ, Exception_FIQ}) then
     *  AArch64.ReportException(exception, target_el)") */
    bool report = exc_reports_syndrome(exc->kind);
    if (from_32 && ev.has_regs)           /* the SP of the AArch32 mode left: its R13 */
        ev.sp = (uint32_t)ev.x[aarch32_reg_x(spsr & 0x1f, 13)];

    if (!from_32)                         /* (AArch32 has no SP_ELx live in the executor) */
        cpu_sp_save(c);
    sysreg_set(c, spsr_of(target_el), spsr);              /* SPSR[] = spsr */
    sysreg_set(c, elr_of(target_el), preferred_return);   /* ELR[] = preferred_exception_return */
    if (report)
        sysreg_set(c, esr_of(target_el), exc->syndrome);  /* ESR[] = exception.syndrome */
    if (exc->has_far)
        sysreg_set(c, far_of(target_el), exc->vaddress);  /* FAR[] = exception.vaddress */
    c->il = false;                        /* PSTATE.IL = '0'; PSTATE.SS = '0' */
    /* PSTATE.EL = target_el; PSTATE.nRW = '0'; PSTATE.SP = '1'; PSTATE.<D,A,I,F> = '1111' */
    cpu_enter_state(c, target_el, (spsr & PSR_NZCV) | PSR_DAIF | 1u);
    take_exception_psr_ext(c, target_el);
    ev.target = vector;
    cpu_set_pc(c, ev.target);             /* BranchTo(VBAR + vect_offset, BranchType_EXCEPTION) */
    c->cycles += c->model->cost[IC_EXC_ENTRY];
    cpu_emit(c, &ev);
}

/* AArch64.UndefinedFault */
void AArch64_UndefinedFault(el2_cpu *c, uint64_t pc, uint32_t insn)
{
    el2_exc_record exc = { .kind = EXC_UNDEF, .syndrome = syn_uncategorized(), .pc = pc, .insn = insn };
    AArch64_TakeException(c, route_sync(c), &exc, pc, VECT_SYNC);
}

/* The Illegal Execution state exception at pc (the first instruction after an illegal
 * return, or any with PSTATE.IL set) */
static void take_illegal_state(el2_cpu *c, uint64_t pc)
{
    el2_exc_record exc = { .kind = EXC_ILLEGAL_STATE, .syndrome = syn_illegal_state(), .pc = pc };
    AArch64_TakeException(c, route_sync(c), &exc, pc, VECT_SYNC);
}

/* The first instruction after a return el2sim completes itself, at pc, with PSTATE (IL
 * included) as the return left it. Arm ARM (DDI 0487) "Prioritization of Synchronous
 * exceptions taken to AArch64 state": a PC alignment fault (2) and an Instruction Abort on
 * the fetch (3) come before the Illegal Execution state exception (6), so an illegal
 * return to a misaligned or unmapped ELR takes those, with SPSR.IL = 1. */
static void first_instruction(el2_cpu *c, uint64_t pc)
{
    uint32_t word;
    uint64_t pa;
    if (pc & 3) {
        el2_exc_record exc = { .kind = EXC_PC_ALIGN, .syndrome = syn_pcalignment(), .has_far = true,
                               .vaddress = pc, .pc = pc };
        AArch64_TakeException(c, route_sync(c), &exc, pc, VECT_SYNC);
    } else if (!cpu_va_to_pa(c, pc, false, true, &pa, NULL) || !cpu_read(c, pa, &word, sizeof word)) {
        /* the PC is a VA of the EL returned to; a fetch that faults is taken as any unmapped
           fetch (abort.c) */
        abort_note(c, ABORT_FETCH, pc, sizeof word, pc);
    } else if (c->il) {
        take_illegal_state(c, pc);
    }
}

/* HaveAArch32EL(el): ID_AA64PFR0_EL1.EL<el> == 0b0010 (AArch64 and AArch32) */
static bool have_aarch32_el(el2_cpu *c, unsigned el)
{
    return ((c->sr[SR_ID_AA64PFR0_EL1] >> (4 * el)) & 0xf) == 2;
}

/* ELFromSPSR(spsr): false when the SPSR names no valid EL; *el the EL it names.
 *   AArch64 (M[4] == 0): EL = M[3:2]; invalid with M[1] == 1 or EL0 with M[0] == 1
 *     (every EL is implemented; EL2 is Non-secure: SCR_EL3.NS is always 1 here).
 *   AArch32: ELFromM32(M[4:0]) with BadMode: User EL0; FIQ, IRQ, Supervisor, Abort,
 *     Undefined, System EL1 (EL3 is AArch64); Hyp EL2; Monitor EL3; each valid only
 *     where that EL implements AArch32 (HaveAArch32EL); every other M is invalid. */
static bool el_from_spsr(el2_cpu *c, uint32_t spsr, unsigned *el)
{
    if (!(spsr & PSR_nRW)) {
        *el = (spsr >> 2) & 3;
        return !(spsr & 2) && !(*el == 0 && (spsr & 1));
    }
    switch (spsr & 0x1f) {
    case 0x10: *el = 0; break;                                        /* User */
    case 0x11: case 0x12: case 0x13: case 0x17: case 0x1b: case 0x1f:
        *el = 1; break;                                               /* FIQ IRQ SVC ABT UND SYS */
    case 0x1a: *el = 2; break;                                        /* Hyp */
    case 0x16: *el = 3; break;                                        /* Monitor */
    default: return false;
    }
    return have_aarch32_el(c, *el);
}

/* ELStateUsingAArch32K(el, secure = FALSE) seen from an AArch64 EL above el: *known is
 * false for EL0 when EL1 uses AArch64 (the SPSR then decides).
 *   if !HaveAArch32EL(el) then aarch32 = FALSE;
 *   aarch32_below_el3 = SCR_EL3.RW == '0';
 *   aarch32_at_el1 = aarch32_below_el3 ||
 *                    (HCR_EL2.RW == '0' && !(HCR_EL2.{E2H,TGE} == '11' && FEAT_VHE));
 *   if el == EL0 && !aarch32_at_el1 then known = FALSE;
 *   else aarch32 = (aarch32_below_el3 && el != EL3) || (aarch32_at_el1 && el IN {EL1, EL0})
 * (HaveAArch32EL(el) is looked at last: it only matters where aarch32 would be TRUE) */
static bool el_using_aarch32(el2_cpu *c, unsigned el, bool *known)
{
    uint64_t hcr = c->sr[SR_HCR_EL2];
    bool below_el3 = !(c->sr[SR_SCR_EL3] & SCR_RW);
    /* (HCR_EL2.RW is RAO/WI where EL1 cannot use AArch32: cpu_life.c) */
    bool at_el1 = below_el3 || (!(hcr & HCR_RW) && have_aarch32_el(c, 1) &&
                                !(sysreg_e2h(c) && (hcr & HCR_TGE)));
    *known = el != 0 || at_el1 || !have_aarch32_el(c, 0);
    return ((below_el3 && el != 3) || (at_el1 && el <= 1)) && have_aarch32_el(c, el);
}

bool el_is_aarch32(el2_cpu *c, unsigned el)
{
    bool known, aarch32 = el_using_aarch32(c, el, &known);
    return known ? aarch32 : c->aarch32;
}

/* IllegalExceptionReturn(spsr) from the current (AArch64) EL; *target is the EL the
 * SPSR names when it names one:
 *   (valid, target) = ELFromSPSR(spsr); if !valid then return TRUE;
 *   if UInt(target) > UInt(PSTATE.EL) then return TRUE;
 *   (known, target_el_is_aarch32) = ELUsingAArch32K(target);
 *   if known && spsr_mode_is_aarch32 != target_el_is_aarch32 then return TRUE;
 *   if EL2Enabled() && target == EL1 && HCR_EL2.TGE == '1' then return TRUE;
 *   return FALSE; */
static bool illegal_exception_return(el2_cpu *c, uint32_t spsr, unsigned *target)
{
    bool known, aarch32;
    if (!el_from_spsr(c, spsr, target))
        return true;
    if (*target > c->el)
        return true;
    aarch32 = el_using_aarch32(c, *target, &known);
    if (known && ((spsr & PSR_nRW) != 0) != aarch32)
        return true;
    if (*target == 1 && (c->sr[SR_HCR_EL2] & HCR_TGE))
        return true;
    return false;
}

void AArch64_ExceptionReturnPlan(el2_cpu *c, el2_eret_plan *p)
{
    unsigned target = 0;
    p->from = c->el;
    p->spsr = (uint32_t)c->sr[spsr_of(p->from)];
    p->elr = c->sr[elr_of(p->from)];
    p->illegal = illegal_exception_return(c, p->spsr, &target);
    /* a legal return to AArch32 state: el2sim does not execute AArch32 */
    p->aarch32 = !p->illegal && (p->spsr & PSR_nRW);
    p->to = p->illegal ? p->from : target;
    /* SetPSTATEFromPSR: NZCV, DAIF, SP (not at EL0), and PAN, UAO, SSBS where implemented */
    p->newps = (p->spsr & (PSR_NZCV | PSR_DAIF | PSR_PAN | PSR_UAO | PSR_SSBS)) |
               (p->to == 0 ? 0 : (p->spsr & 1u));
}

void exception_return_event(el2_cpu *c, const el2_eret_plan *p, uint64_t pc, uint32_t insn, el2_event *ev)
{
    event_clear(ev, EV_ERET);
    ev->pc = pc;
    ev->insn = insn;
    ev->from_el = (uint8_t)p->from;
    ev->to_el = (uint8_t)p->to;
    ev->spsr = p->spsr;
    ev->elr = p->elr;
    ev->target = p->elr;
    if (p->aarch32)       /* AArch64.ExceptionReturn to AArch32: the PC that runs is ELR<31:0> with
                             "if spsr<5> == '1' then new_pc<0> = '0' else new_pc<1:0> = '00'" */
        ev->target = p->elr & ((p->spsr & 0x20) ? 0xfffffffeULL : 0xfffffffcULL);
    ev->illegal = p->illegal;
    cpu_stamp(c, ev, pc);
    cpu_fill_regs(c, ev);
    c->cycles += c->model->cost[IC_ERET];
    /* Every ERET that executes passes here: it sets the Event Register (Arm ARM D1.7.1.1)
     * and ends a run of repeating exceptions (exception_repeats). */
    c->event_reg = true;
    c->exc_repeats = 0;
}

/* AArch64.ExceptionReturn(new_pc, spsr) */
void AArch64_ExceptionReturn(el2_cpu *c, uint64_t pc, uint32_t insn, bool native)
{
    if (c->el == 0) {                  /* ERET is UNDEFINED at EL0 */
        AArch64_UndefinedFault(c, pc, insn);
        return;
    }
    el2_eret_plan p;
    AArch64_ExceptionReturnPlan(c, &p);
    el2_event ev;
    exception_return_event(c, &p, pc, insn, &ev);

    if (p.aarch32) {
        /* A legal return to AArch32 EL1 or EL0: SetPSTATEFromPSR for an AArch32 SPSR
         * (PSTATE.nRW = 1; M, T, IT, GE, E, A, I, F, NZCV, Q from it; IL and SS are 0 here)
         * and "if spsr<5> == '1' then new_pc<0> = '0' else new_pc<1:0> = '00'", of the
         * low 32 bits of ELR (BranchTo(new_pc<31:0>)); the executor runs the ERET itself. */
        const char *why = native && c->port->eret_aarch32 ? NULL : "no AArch32 executor here";
        cpu_emit(c, &ev);
        cpu_sp_save(c);
        uint64_t to = p.elr & ((p.spsr & 0x20) ? 0xfffffffeULL : 0xfffffffcULL);
        if (!why)
            why = c->port->eret_aarch32(c->port_ctx, p.to, p.spsr & ~(PSR_IL | (1u << 21)), to);
        if (why) {
            cpu_stop(c, STOP_FAULT, 0, "ERET at %s to AArch32 state (SPSR 0x%x) cannot run: %s",
                     cpu_sym(c, pc), p.spsr, why);
            return;
        }
        c->el = p.to;
        c->il = false;
        c->aarch32 = true;
        return;
    }
    cpu_sp_save(c);
    if (p.illegal) {
        /* SetPSTATEFromPSR(spsr, illegal_psr_state = TRUE): PSTATE.IL = 1; EL, SP and nRW
         * unchanged; NZCV, DAIF and PAN from the SPSR; UAO and SSBS UNKNOWN (kept); PC = ELR */
        uint32_t keep_sp = cpu_pstate(c) & 1u;
        cpu_enter_state(c, p.from, (p.spsr & (PSR_NZCV | PSR_DAIF)) | keep_sp);
        cpu_set_psr_ext(c, PSR_PAN, p.spsr);
        c->il = true;
        cpu_set_pc(c, p.elr);
        cpu_emit(c, &ev);
        first_instruction(c, p.elr);   /* the Illegal Execution state exception, or a fetch fault */
        return;
    }
    bool fault_next = (p.spsr & PSR_IL) || (p.elr & 3);
    /* observers see the state before the return (the returning EL's registers) */
    cpu_emit(c, &ev);
    cpu_set_psr_ext(c, PSR_PAN | PSR_UAO | PSR_SSBS, p.newps);
    if (native && !fault_next) {
        c->port->native_eret(c->port_ctx, p.to, p.newps, p.elr);
        return;
    }
    cpu_enter_state(c, p.to, p.newps);
    c->il = (p.spsr & PSR_IL) != 0;
    cpu_set_pc(c, p.elr);
    first_instruction(c, p.elr);
}
