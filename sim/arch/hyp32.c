/* hyp32.c - the AArch32 Hyp-mode machine (--arch aarch32; issue 21 item 2; Arm ARM DDI
 * 0487 G1 "The AArch32 System Level Programmers' Model" and the aarch32/exceptions
 * pseudocode: AArch32.EnterHypMode, AArch32.ReportHypEntry, AArch32.ExceptionReturn,
 * SetPSTATEFromPSR, IllegalExceptionReturn). EL3 is el2sim's firmware (AArch64, as on a
 * PE whose EL3 uses AArch64 with SCR_EL3.RW = 0); EL2 is Hyp mode, EL1 the PL1 modes,
 * EL0 User mode. The executor changes mode through the port's enter_aarch32. */
#include "hyp32.h"
#include "aarch32.h"
#include "sysreg.h"
#include "timing.h"

int aarch32_mode_el(unsigned mode)
{
    switch (mode & 0x1f) {
    case M32_USR: return 0;
    case M32_FIQ: case M32_IRQ: case M32_SVC: case M32_ABT: case M32_UND: case M32_SYS: return 1;
    case M32_HYP: return 2;
    case M32_MON: return 3;
    default: return -1;
    }
}

const char *aarch32_mode_name(unsigned mode)
{
    switch (mode & 0x1f) {
    case M32_USR: return "USR";
    case M32_FIQ: return "FIQ";
    case M32_IRQ: return "IRQ";
    case M32_SVC: return "SVC";
    case M32_MON: return "MON";
    case M32_ABT: return "ABT";
    case M32_HYP: return "Hyp";
    case M32_UND: return "UND";
    case M32_SYS: return "SYS";
    default: return "?";
    }
}

/* "Mapping of AArch32 registers to AArch64 registers": R0-R7 are X0-X7 in every mode;
 * R8-R12 X8-X12 (FIQ: X24-X28); R13 and R14: User/System X13, X14; Hyp X15 (SP_hyp) and
 * X14 (Hyp mode has no banked LR); IRQ X17, X16; SVC X19, X18; Abort X21, X20;
 * Undefined X23, X22; FIQ X29, X30. */
int aarch32_xreg(unsigned mode, unsigned n)
{
    if (n < 8)
        return (int)n;
    if ((mode & 0x1f) == M32_FIQ)
        return (int)n + 16;
    if (n < 13)
        return (int)n;
    switch (mode & 0x1f) {
    case M32_HYP: return n == 13 ? 15 : 14;
    case M32_IRQ: return n == 13 ? 17 : 16;
    case M32_SVC: return n == 13 ? 19 : 18;
    case M32_ABT: return n == 13 ? 21 : 20;
    case M32_UND: return n == 13 ? 23 : 22;
    default: return (int)n;
    }
}

uint32_t aarch32_r(el2_cpu *c, unsigned n)
{
    return (uint32_t)cpu_x(c, aarch32_xreg(aarch32_cpsr(c), n));
}

void aarch32_set_r(el2_cpu *c, unsigned n, uint32_t v)
{
    cpu_set_x(c, aarch32_xreg(aarch32_cpsr(c), n), v);
}

/* The executor to AArch32 mode cpsr at pc: ELR_hyp and the mode's SPSR from the
 * registers' rows (SPSR_hyp = SPSR_EL2, SPSR_svc = SPSR_EL1) */
static bool enter(el2_cpu *c, uint32_t cpsr, uint64_t pc)
{
    unsigned el = (unsigned)aarch32_mode_el(cpsr);
    uint32_t spsr = (cpsr & 0x1f) == M32_HYP ? (uint32_t)c->sr[SR_SPSR_EL2]
                    : (cpsr & 0x1f) == M32_SVC ? (uint32_t)c->sr[SR_SPSR_EL1] : 0;
    const char *why = c->port->enter_aarch32 ? NULL : "no AArch32 executor here";
    if (!why)
        why = c->port->enter_aarch32(c->port_ctx, el, cpsr, pc, (uint32_t)c->sr[SR_ELR_EL2], spsr);
    if (why) {
        cpu_stop(c, STOP_FAULT, 0, "AArch32 %s mode at %s cannot run: %s", aarch32_mode_name(cpsr),
                 cpu_sym(c, pc), why);
        return false;
    }
    c->el = el;
    c->aarch32 = true;
    c->il = (cpsr & PSR_IL) != 0;
    return true;
}

bool hyp32_boot(el2_cpu *c, unsigned el, uint64_t entry)
{
    uint32_t cpsr = (el == 2 ? M32_HYP : M32_SVC) | CPSR_AIF | ((entry & 1) ? CPSR_T : 0);
    return enter(c, cpsr, entry & ~1ULL);
}

uint32_t hyp32_vector(el2_cpu *c, el2_exc_kind kind)
{
    if (c->el < 2)
        return HVEC_TRAP;
    switch (kind) {
    case EXC_SVC: case EXC_HVC: return HVEC_HVC;
    case EXC_INSN_ABORT: case EXC_PC_ALIGN: case EXC_BRK: return HVEC_PABT;
    case EXC_DATA_ABORT: case EXC_SP_ALIGN: return HVEC_DABT;
    case EXC_IRQ: case EXC_VIRQ: return HVEC_IRQ;
    case EXC_FIQ: case EXC_VFIQ: return HVEC_FIQ;
    default: return HVEC_UNDEF;
    }
}

/* AArch32.EnterHypMode(exception, preferred_exception_return, vect_offset):
 *   spsr = GetPSRFromPSTATE(AArch32_NonDebugState);
 *   if !(exception.exceptype IN {Exception_IRQ, Exception_FIQ}) then AArch32.ReportHypEntry(exception);
 *   AArch32.WriteMode(M32_Hyp); SPSR[] = spsr; ELR_hyp = preferred_exception_return;
 *   PSTATE.T = HSCTLR.TE; PSTATE.SS = '0';
 *   if !HaveEL(EL3) || SCR_GEN[].EA == '0' then PSTATE.A = '1'; (IRQ: I, FIQ: F likewise)
 *   PSTATE.E = HSCTLR.EE; PSTATE.IL = '0'; PSTATE.IT = '00000000';
 *   BranchTo(HVBAR<31:5>:vect_offset<4:0>, BranchType_EXCEPTION);
 * AArch32.ReportHypEntry: HSR = syndrome; an Instruction Abort or PC alignment fault
 * writes HIFAR (FAR_EL2<63:32>), a Data Abort HDFAR (FAR_EL2<31:0>). */
void AArch32_EnterHypMode(el2_cpu *c, const el2_exc_record *exc, uint32_t preferred_return,
                          uint32_t vect_offset)
{
    unsigned from = c->el;
    uint32_t spsr = aarch32_cpsr(c) | (c->il ? PSR_IL : 0);
    uint64_t hsctlr = c->sr[SR_SCTLR_EL2], scr = c->sr[SR_SCR_EL3];
    uint32_t vector = ((uint32_t)c->sr[SR_VBAR_EL2] & ~0x1fu) | (vect_offset & 0x1f);
    bool report = exc->kind != EXC_IRQ && exc->kind != EXC_FIQ && exc->kind != EXC_VIRQ &&
                  exc->kind != EXC_VFIQ;

    el2_event ev;
    event_clear(&ev, EV_EXC);
    ev.pc = exc->pc;
    ev.insn = exc->insn;
    ev.from_el = (uint8_t)from;
    ev.to_el = 2;
    ev.exc = exc->kind;
    ev.esr = report ? exc->syndrome : 0;
    if (exc_is_async(exc->kind)) {
        ev.value = exc->intid;
        ev.status = exc->source;
    }
    ev.elr = preferred_return;
    ev.spsr = spsr;
    ev.vector_off = vect_offset;
    ev.far = exc->has_far ? (uint32_t)exc->vaddress : 0;
    ev.target = vector;
    cpu_stamp(c, &ev, exc->pc);
    cpu_fill_regs(c, &ev);

    if (report) {
        sysreg_set(c, SR_ESR_EL2, exc->syndrome);
        if (exc->has_far && exc->kind == EXC_DATA_ABORT)
            sysreg_set(c, SR_FAR_EL2, (c->sr[SR_FAR_EL2] & ~0xffffffffULL) | (uint32_t)exc->vaddress);
        else if (exc->has_far)
            sysreg_set(c, SR_FAR_EL2, (c->sr[SR_FAR_EL2] & 0xffffffffULL) | (uint64_t)(uint32_t)exc->vaddress << 32);
    }
    sysreg_set(c, SR_SPSR_EL2, spsr);
    sysreg_set(c, SR_ELR_EL2, preferred_return);
    /* IT (bits 26:25, 15:10), J (24), SS (21), IL (20), E (9), T (5) and M go; NZCV, Q, GE stay */
    uint32_t cpsr = (spsr & ~(0x0700fe3fu | PSR_SS | PSR_IL)) | M32_HYP;
    if (hsctlr & (1u << 30))               /* HSCTLR.TE */
        cpsr |= CPSR_T;
    if (hsctlr & (1u << 25))               /* HSCTLR.EE */
        cpsr |= 1u << 9;
    if (!(scr & (1u << 3)))                /* SCR.EA */
        cpsr |= 1u << 8;
    if (!(scr & (1u << 1)))                /* SCR.IRQ */
        cpsr |= 1u << 7;
    if (!(scr & (1u << 2)))                /* SCR.FIQ */
        cpsr |= 1u << 6;
    c->cycles += c->model->cost[IC_EXC_ENTRY];
    if (!enter(c, cpsr, vector))
        return;
    cpu_emit(c, &ev);
}

bool aarch32_is_eret(uint32_t insn, bool thumb)
{
    return thumb ? insn == 0xf3de8f00 : (insn & 0x0fffffff) == 0x0160006e && (insn >> 28) != 0xf;
}

/* IllegalExceptionReturn(spsr) in Hyp mode (everything below EL3 is AArch32 here):
 * a mode that names no EL or an EL above EL2 (Monitor: EL3 is AArch64), an AArch64 SPSR
 * (UsingAArch32() && !spsr_mode_is_aarch32), and EL1 with HCR.TGE == '1'. */
static bool illegal_return32(el2_cpu *c, uint32_t spsr, unsigned *target)
{
    int el = aarch32_mode_el(spsr);
    if (!(spsr & PSR_nRW) || el < 0 || el > 2)
        return true;
    *target = (unsigned)el;
    return el == 1 && (c->sr[SR_HCR_EL2] & HCR_TGE);
}

/* AArch32.ExceptionReturn(ELR_hyp, SPSR_hyp) for the ERET at pc in Hyp mode:
 *   SetPSTATEFromPSR(spsr): an illegal return sets PSTATE.IL and keeps the mode (and EL),
 *   a legal one takes M, IL; both take NZCV, Q, IT, GE, E, A, I, F and T from the SPSR;
 *   if PSTATE.IL == '1' then new_pc<1:0> UNKNOWN (el2sim: as for the new T) else
 *   if PSTATE.T == '1' then new_pc<0> = '0' else new_pc<1:0> = '00';
 *   BranchTo(new_pc, BranchType_ERET).
 * With PSTATE.IL set, the next instruction takes the Illegal Execution state exception
 * (AArch32.TakeUndefInstrException, EC 0x0E), at the Undefined vector of Hyp mode. */
void AArch32_HypExceptionReturn(el2_cpu *c, uint64_t pc, uint32_t insn, unsigned size)
{
    uint32_t elr, spsr;
    c->port->hyp_regs(c->port_ctx, &elr, &spsr);
    c->sr[SR_ELR_EL2] = elr;                 /* (MSR ELR_hyp, MSR SPSR ran on the executor) */
    c->sr[SR_SPSR_EL2] = spsr;
    el2_eret_plan p = { .from = c->el, .spsr = spsr, .elr = elr };
    p.illegal = illegal_return32(c, spsr, &p.to);
    if (p.illegal)
        p.to = c->el;
    p.aarch32 = true;
    el2_event ev;
    exception_return_event(c, &p, pc, insn, &ev);
    uint32_t cpsr = spsr & ~(PSR_SS | (1u << 24));
    if (p.illegal)
        cpsr = (cpsr & ~0x1fu) | (aarch32_cpsr(c) & 0x1f) | PSR_IL;
    uint64_t to = elr & ((cpsr & CPSR_T) ? ~1ULL : ~3ULL);
    cpu_emit(c, &ev);
    if (!enter(c, cpsr, to))
        return;
    if (c->il) {
        bool thumb = (cpsr & CPSR_T) != 0;
        unsigned n;
        uint32_t next = aarch32_insn_at(c, to, thumb, &n);
        el2_exc_record exc = { .kind = EXC_ILLEGAL_STATE, .syndrome = syn_illegal_state(), .pc = to,
                               .insn = next };
        if (c->el == 2)
            AArch32_EnterHypMode(c, &exc, (uint32_t)to, hyp32_vector(c, EXC_ILLEGAL_STATE));
        else
            cpu_stop(c, STOP_FAULT, 0, "the Illegal Execution state exception at %s is taken to %s mode, "
                     "which is not modelled yet", cpu_sym(c, to), aarch32_mode_name(cpsr));
    }
    (void)size;
}

/* ---- stand-in: the Hyp registers by their CP15 encodings (Arm ARM G8.2) ---- */

typedef struct { uint8_t opc1, crn, crm, opc2; int row; bool high; } hyp32_reg;

bool hyp32_cp15(el2_cpu *c, uint64_t pc, uint32_t insn)
{
    const hyp32_reg regs[] = {
        { 4, 12, 0, 0, SR_VBAR_EL2, false },   /* HVBAR */
        { 4, 1, 1, 0, SR_HCR_EL2, false },     /* HCR */
        { 4, 1, 0, 0, SR_SCTLR_EL2, false },   /* HSCTLR */
        { 4, 5, 2, 0, SR_ESR_EL2, false },     /* HSR */
        { 4, 6, 0, 0, SR_FAR_EL2, false },     /* HDFAR */
        { 4, 6, 0, 2, SR_FAR_EL2, true },      /* HIFAR */
        { 4, 6, 0, 4, SR_HPFAR_EL2, false },   /* HPFAR */
        { 4, 13, 0, 2, SR_TPIDR_EL2, false },  /* HTPIDR */
        { 4, 1, 1, 3, SR_HSTR_EL2, false },    /* HSTR */
        { 4, 1, 1, 2, SR_CPTR_EL2, false },    /* HCPTR */
        { 4, 1, 1, 1, SR_MDCR_EL2, false },    /* HDCR */
        { 0, 0, 0, 0, SR_MIDR_EL1, false },    /* MIDR */
        { 0, 0, 0, 5, SR_MPIDR_EL1, false },   /* MPIDR */
    };
    unsigned opc1 = (insn >> 21) & 7, crn = (insn >> 16) & 15, rt = (insn >> 12) & 15;
    unsigned opc2 = (insn >> 5) & 7, crm = insn & 15;
    bool read = (insn >> 20) & 1;
    if ((insn & 0x0f000010) != 0x0e000010 || ((insn >> 8) & 15) != 15 || rt == 15)
        return false;
    for (unsigned i = 0; i < G_N_ELEMENTS(regs); i++) {
        const hyp32_reg *r = &regs[i];
        if (r->opc1 != opc1 || r->crn != crn || r->crm != crm || r->opc2 != opc2)
            continue;
        uint64_t v = c->sr[r->row];
        if (read) {
            aarch32_set_r(c, rt, (uint32_t)(r->high ? v >> 32 : v));
        } else {
            uint64_t w = aarch32_r(c, rt);
            w = r->high ? (v & 0xffffffffULL) | w << 32 : (v & ~0xffffffffULL) | w;
            sysreg_write(c, r->row, w, pc, insn);
            if (r->row == SR_VBAR_EL2)     /* HVBAR<4:0> are RES0 (VBAR_EL2's 10:0) */
                c->sr[r->row] = (v & ~0xffffffffULL) | (w & 0xffffffe0u);
        }
        unsigned size;
        aarch32_insn_at(c, pc, (aarch32_cpsr(c) & CPSR_T) != 0, &size);
        cpu_set_pc(c, (pc + size) & 0xffffffff);
        return true;
    }
    return false;
}
