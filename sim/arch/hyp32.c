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

uint32_t aarch32_r(el2_cpu *c, unsigned n)
{
    return (uint32_t)cpu_x(c, aarch32_reg_x(aarch32_cpsr(c) & 0x1f, n));
}

void aarch32_set_r(el2_cpu *c, unsigned n, uint32_t v)
{
    cpu_set_x(c, aarch32_reg_x(aarch32_cpsr(c) & 0x1f, n), v);
}

/* The row of an AArch32 mode's SPSR (SPSR_hyp = SPSR_EL2, SPSR_svc = SPSR_EL1, SPSR_irq,
 * _abt, _und, _fiq their own); -1 for User and System mode, which have none */
static int spsr_row(unsigned mode)
{
    switch (mode & 0x1f) {
    case M32_HYP: return SR_SPSR_EL2;
    case M32_SVC: return SR_SPSR_EL1;
    case M32_IRQ: return SR_SPSR_IRQ;
    case M32_ABT: return SR_SPSR_ABT;
    case M32_UND: return SR_SPSR_UND;
    case M32_FIQ: return SR_SPSR_FIQ;
    default: return -1;
    }
}

/* The executor to AArch32 mode cpsr at pc: ELR_hyp and the mode's SPSR from the
 * registers' rows (a return from Hyp mode to an IRQ-mode handler that made an HVC, or
 * that an interrupt to Hyp mode preempted, finds its SPSR_irq again) */
static bool enter(el2_cpu *c, uint32_t cpsr, uint64_t pc)
{
    unsigned el = (unsigned)aarch32_mode_el(cpsr);
    int row = spsr_row(cpsr);
    uint32_t spsr = row >= 0 ? (uint32_t)c->sr[row] : 0;
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
    int row = spsr_row(spsr);
    if (from < 2 && row >= 0) {           /* the PL1 mode's SPSR as it left it, for enter() */
        uint32_t elr, live;
        c->port->hyp_regs(c->port_ctx, &elr, &live);
        c->sr[row] = live;
    }
    uint32_t vector = ((uint32_t)c->sr[SR_VBAR_EL2] & ~0x1fu) | (vect_offset & 0x1f);
    bool report = exc_reports_syndrome(exc->kind);

    el2_event ev;
    exception_event(c, &ev, exc, from, 2, preferred_return, spsr, vect_offset);
    ev.far = (uint32_t)ev.far;            /* HDFAR, HIFAR: 32 bits */
    ev.target = vector;

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
    ev.target = to;                          /* the new PC (ELR_hyp<0> cleared for T32) */
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

/* The price class of an A32/T32 instruction (timing.c's classes, by the Arm ARM's top-level
 * encoding groups, F5.1 "A32 instruction set encoding" and F3.1 "T32 instruction set
 * encoding"): loads and stores (single, multiple, literal), branches (B, BL, BLX, BX, CBZ),
 * MCR/MRC as system register accesses, MUL/MLA; everything else ALU. */
el2_insn_class aarch32_insn_class(uint32_t insn, bool thumb)
{
    if (!thumb) {
        unsigned op = (insn >> 25) & 7;
        if ((insn >> 28) == 0xf)
            return op == 5 ? IC_BRANCH : IC_ALU;          /* BLX (immediate); the rest unpriced */
        if (op == 2 || op == 3 || op == 4)                /* LDR/STR(B), LDM/STM: bit 20 L */
            return (op == 3 && (insn & 0x10)) ? IC_ALU : (insn >> 20) & 1 ? IC_LOAD : IC_STORE;
        if (op == 5 || (insn & 0x0ffffff0) == 0x012fff10 || (insn & 0x0ffffff0) == 0x012fff30)
            return IC_BRANCH;                             /* B, BL, BX, BLX (register) */
        if ((insn & 0x0f000010) == 0x0e000010)
            return (insn >> 20) & 1 ? IC_SYSREG_READ : IC_SYSREG_WRITE;
        if ((insn & 0x0fc000f0) == 0x00000090)
            return IC_MUL;                                /* MUL, MLA */
        if ((insn & 0x0e000090) == 0x00000090 && (insn & 0x60))
            return (insn >> 20) & 1 ? IC_LOAD : IC_STORE; /* LDRH/STRH, LDRD/STRD, LDRSB/SH */
        return IC_ALU;
    }
    if (insn <= 0xffff) {                                 /* 16-bit */
        unsigned hi = insn >> 11;
        if (hi == 0x09)                                   /* LDR (literal) */
            return IC_LOAD;
        if ((insn >> 12) == 0x5)                          /* load/store register offset */
            return ((insn >> 9) & 7) >= 3 ? IC_LOAD : IC_STORE;
        if ((insn >> 13) == 0x3 || (insn >> 12) == 0x8 || (insn >> 12) == 0x9 || (insn >> 12) == 0xc)
            return (insn >> 11) & 1 ? IC_LOAD : IC_STORE; /* imm offsets, SP-relative, LDM/STM */
        if ((insn & 0xfe00) == 0xbc00)
            return IC_LOAD;                               /* POP */
        if ((insn & 0xfe00) == 0xb400)
            return IC_STORE;                              /* PUSH */
        if ((insn >> 12) == 0xd || hi == 0x1c || (insn & 0xff00) == 0x4700 || (insn & 0xf500) == 0xb100)
            return IC_BRANCH;                             /* B<c>, B, BX/BLX, CBZ/CBNZ */
        if ((insn & 0xffc0) == 0x4340)
            return IC_MUL;
        return IC_ALU;
    }
    unsigned hw1 = insn >> 16;
    if ((hw1 & 0xfe00) == 0xf800)                         /* load/store single: bit 20 L */
        return (hw1 >> 4) & 1 ? IC_LOAD : IC_STORE;
    if ((hw1 & 0xfe40) == 0xe800 || (hw1 & 0xfe40) == 0xe840)   /* LDM/STM, LDRD/STRD, exclusives */
        return (hw1 >> 4) & 1 ? IC_LOAD : IC_STORE;
    if ((hw1 & 0xf800) == 0xf000 && (insn & 0x8000))
        return IC_BRANCH;                                 /* B, BL, BLX; (HVC/SMC/MSR are priced by their entries) */
    if ((hw1 & 0xef00) == 0xee00 && (insn & 0x10))
        return (hw1 >> 4) & 1 ? IC_SYSREG_READ : IC_SYSREG_WRITE;   /* MCR/MRC */
    if ((hw1 & 0xfff0) == 0xfb00)
        return IC_MUL;
    return IC_ALU;
}
