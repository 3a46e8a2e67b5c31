/* aarch32.c - AArch32 EL1/EL0 under the AArch64 EL2 (issue 21, first step; Arm ARM DDI
 * 0487 shared/exceptions and aarch32/exceptions pseudocode as they route to an AArch64
 * EL2). Exceptions are taken by AArch64.TakeException (exception.c: vector offset 0x600,
 * the CPSR as SPSR, R0-R14 in X0-X30). SVC and UNDEFINED taken to an EL1 that uses
 * AArch32 enter its Supervisor / Undefined mode (AArch32.TakeSVCException,
 * AArch32.TakeUndefInstrException, AArch32.EnterMode), BKPT its Abort mode, memory aborts
 * too (a32_abort.c), interrupts (irq32.c). */
#include "aarch32.h"
#include "a32_at.h"
#include "vmem.h"
#include "exception.h"
#include "firmware.h"
#include "hyp32.h"
#include "irq.h"
#include "it32.h"
#include "sysinsn.h"
#include "sysreg.h"
#include "sysreg_a32.h"
#include "timing.h"
#include <stdio.h>

/* The same through the guest's translation (the MMU on: mmu32_ctx.c), as el2sim looks
 * at code (vmem.h: no Access flag update); 0 where it does not translate */
static uint32_t insn_at_va(el2_cpu *c, uint64_t pc, bool thumb, unsigned *size)
{
    uint16_t hw[2] = { 0, 0 };
    if (!thumb) {
        uint32_t w = 0;
        cpu_vread_debug(c, pc, &w, 4);
        *size = 4;
        return GUINT32_FROM_LE(w);
    }
    cpu_vread_debug(c, pc, &hw[0], 2);
    hw[0] = GUINT16_FROM_LE(hw[0]);
    *size = aarch32_t32_size(hw[0]);
    if (*size == 2)
        return hw[0];
    cpu_vread_debug(c, pc + 2, &hw[1], 2);
    return (uint32_t)hw[0] << 16 | GUINT16_FROM_LE(hw[1]);
}

uint32_t aarch32_insn_at(el2_cpu *c, uint64_t pc, bool thumb, unsigned *size)
{
    if (G_UNLIKELY(cpu_any_translation(c)) && cpu_translating(c, c->el))
        return insn_at_va(c, pc, thumb, size);
    if (!thumb) {
        uint32_t w = 0;
        cpu_read(c, pc, &w, 4);
        *size = 4;
        return GUINT32_FROM_LE(w);
    }
    uint16_t hw[2] = { 0, 0 };
    cpu_read(c, pc, &hw[0], 2);
    hw[0] = GUINT16_FROM_LE(hw[0]);
    *size = aarch32_t32_size(hw[0]);
    if (*size == 2)
        return hw[0];
    cpu_read(c, pc + 2, &hw[1], 2);
    return (uint32_t)hw[0] << 16 | GUINT16_FROM_LE(hw[1]);
}

/* An exception for the AArch32 EL1 el2sim does not take yet */
static void to_aarch32_el1(el2_cpu *c, uint64_t pc, const char *what)
{
    cpu_stop(c, STOP_FAULT, 0, "%s at %s is taken to EL1 in AArch32 state, which is not modelled yet "
             "(only SVC, UNDEFINED, BKPT and the EL0 traps that are UNDEFINED there are)", what, cpu_sym(c, pc));
}

#define CPSR_T   (1u << 5)
#define CPSR_F   (1u << 6)
#define CPSR_I   (1u << 7)
#define CPSR_A   (1u << 8)
#define CPSR_E   (1u << 9)
#define CPSR_IL  (1u << 20)
#define CPSR_SS  (1u << 21)
#define CPSR_IT  (3u << 25 | 0x3fu << 10)
#define SCTLR_V  (1ULL << 13)
#define SCTLR_EE (1ULL << 25)
#define SCTLR_TE (1ULL << 30)

/* The SPSR an AArch32 mode's exceptions write (SPSR_svc is SPSR_EL1) */
static int spsr_of_mode(unsigned mode)
{
    switch (mode) {
    case 0x13: return SR_SPSR_EL1;
    case 0x17: return SR_SPSR_ABT;
    case 0x1b: return SR_SPSR_UND;
    case 0x12: return SR_SPSR_IRQ;
    default:   return SR_SPSR_FIQ;
    }
}

/* AArch32.EnterMode(target_mode, preferred_exception_return, lr_offset, vect_offset) with
 * EL1 using AArch32 under an AArch64 EL2 (AArch32.TakeException):
 *   spsr = GetPSRFromPSTATE(); AArch32.WriteMode(target_mode); SPSR[] = spsr;
 *   R[14] = preferred_exception_return + lr_offset; PSTATE.T = SCTLR.TE; PSTATE.SS = '0';
 *   if target_mode == M32_FIQ then PSTATE.<A,I,F> = '111'
 *   elsif target_mode IN {M32_Abort, M32_IRQ} then PSTATE.<A,I> = '11' else PSTATE.I = '1';
 *   PSTATE.E = SCTLR.EE; PSTATE.IL = '0'; PSTATE.IT = '00000000';
 *   BranchTo(ExcVectorBase()<31:5>:vect_offset<4:0>)
 * ExcVectorBase(): SCTLR.V == '1' ? 0xFFFF0000 (hivecs) : VBAR (VBAR_EL1[31:0]). No
 * FEAT_PAN/FEAT_SSBS on the CPUs whose EL1 has AArch32 here (cortex-a57). The event: ELR
 * the preferred return, SPSR the saved CPSR, ESR 0 (an AArch32 EL1 has no syndrome). */
void AArch32_EnterMode(el2_cpu *c, unsigned mode, const el2_exc_record *exc, uint32_t preferred,
                       unsigned lr_offset, unsigned vect_offset)
{
    uint32_t spsr = c->port->cpsr(c->port_ctx);
    uint64_t sctlr = c->sr[SR_SCTLR_EL1];
    uint32_t cpsr = (spsr & ~(0x1fu | CPSR_T | CPSR_IT | CPSR_E | CPSR_IL | CPSR_SS)) | mode | CPSR_I;
    if (mode == 0x11)
        cpsr |= CPSR_A | CPSR_F;
    else if (mode == 0x17 || mode == 0x12)
        cpsr |= CPSR_A;
    if (sctlr & SCTLR_TE)
        cpsr |= CPSR_T;
    if (sctlr & SCTLR_EE)
        cpsr |= CPSR_E;
    uint32_t base = (sctlr & SCTLR_V) ? 0xffff0000u : (uint32_t)c->sr[SR_VBAR_EL1];
    uint32_t vector = (base & ~0x1fu) | vect_offset;

    el2_event ev;
    exception_event(c, &ev, exc, c->el, 1, preferred, spsr, vect_offset);
    ev.target = vector;

    sysreg_set(c, spsr_of_mode(mode), spsr);
    c->port->aarch32_enter_mode(c->port_ctx, 1, cpsr, spsr, preferred + lr_offset, vector);
    c->el = 1;
    c->il = false;
    c->cycles += c->model->cost[IC_EXC_ENTRY];
    cpu_emit(c, &ev);
}

static void aarch32_enter_mode(el2_cpu *c, unsigned mode, el2_exc_kind kind, uint64_t pc, uint32_t insn,
                               uint32_t preferred, unsigned lr_offset, unsigned vect_offset)
{
    const el2_exc_record exc = { .kind = kind, .pc = pc, .insn = insn };   /* no syndrome, no FAR */
    AArch32_EnterMode(c, mode, &exc, preferred, lr_offset, vect_offset);
}

/* AArch32.TakeDataAbortException / AArch32.TakePrefetchAbortException to the AArch32 EL1
 * once the fault status is known (a32_abort.c, mmu_a32.c): DFSR = fsr and DFAR = va
 * (FAR_EL1<31:0>), or IFSR (IFSR32_EL2) and IFAR (FAR_EL1<63:32>); then
 * AArch32.EnterMode(M32_Abort, ThisInstrAddr(), lr_offset 8 / 4, vect_offset 0x10 / 0x0C).
 * The event has no syndrome (an AArch32 EL1 has none) and the DFAR/IFAR as its FAR. */
void AArch32_TakeAbortToEL1(el2_cpu *c, el2_exc_kind kind, uint64_t pc, uint32_t insn, uint32_t va, uint32_t fsr)
{
    bool data = kind == EXC_DATA_ABORT;
    uint64_t far = c->sr[SR_FAR_EL1];
    if (data) {
        sysreg_set(c, SR_ESR_EL1, fsr);
        far = (far & ~0xffffffffULL) | va;
    } else {
        sysreg_set(c, SR_IFSR32_EL2, fsr);
        far = (far & 0xffffffffULL) | (uint64_t)va << 32;
    }
    sysreg_set(c, SR_FAR_EL1, far);
    if (!c->port->aarch32_enter_mode) {
        to_aarch32_el1(c, pc, data ? "a Data Abort" : "a Prefetch Abort");
        return;
    }
    const el2_exc_record rec = { .kind = kind, .pc = pc, .insn = insn, .has_far = true, .vaddress = va };
    AArch32_EnterMode(c, 0x17, &rec, (uint32_t)pc, data ? 8 : 4, data ? 0x10 : 0x0c);
}

/* What the AArch32 EL1 takes: SVC (AArch32.TakeSVCException: Supervisor mode, LR the
 * next instruction, offset 0x08) and what is UNDEFINED there (AArch32.TakeUndefInstrException:
 * Undefined mode, LR the instruction + 4 (A32) or + 2 (T32), offset 0x04) — which is also
 * how an AArch32 EL1 takes EL0's WFI/WFE with SCTLR.nTWI/nTWE = 0 (AArch32.CheckForWFxTrap)
 * and EL0's timer accesses CNTKCTL forbids (AArch32.CheckSystemAccess: UNDEFINED). */
static void to_aarch32_el1_take(el2_cpu *c, el2_exc_kind kind, uint64_t ret, uint64_t pc, uint32_t insn,
                                const char *what)
{
    if (!c->port->aarch32_enter_mode) {
        to_aarch32_el1(c, pc, what);
        return;
    }
    bool thumb = (c->port->cpsr(c->port_ctx) & CPSR_T) != 0;
    switch (kind) {
    case EXC_SVC:
        aarch32_enter_mode(c, 0x13, kind, pc, insn, (uint32_t)ret, 0, 0x08);
        return;
    case EXC_UNDEF:
    case EXC_WFX_TRAP:
    case EXC_SYSREG_TRAP:
        aarch32_enter_mode(c, 0x1b, EXC_UNDEF, pc, insn, (uint32_t)pc, thumb ? 2 : 4, 0x04);
        return;
    default:
        to_aarch32_el1(c, pc, what);
    }
}

/* The target of what routes like UNDEFINED: EL1, or EL2 from EL0 with HCR_EL2.TGE
 * (AArch32.TakeUndefInstrException: "route_to_el2 = EL2Enabled() && PSTATE.EL == EL0 &&
 * HCR_EL2.TGE == '1'"); an EL1 using AArch64 takes it as AArch64.TakeException does, one
 * using AArch32 as AArch32.TakeException does. */
static void take(el2_cpu *c, unsigned target, el2_exc_kind kind, uint32_t syndrome, uint64_t ret,
                 uint64_t pc, uint32_t insn, const char *what)
{
    if (target == 1 && el_is_aarch32(c, 1)) {
        to_aarch32_el1_take(c, kind, ret, pc, insn, what);
        return;
    }
    el2_exc_record exc = { .kind = kind, .syndrome = syndrome, .pc = pc, .insn = insn };
    if (hyp32(c)) {                       /* EL2 is Hyp mode (hyp32.c) */
        AArch32_EnterHypMode(c, &exc, (uint32_t)ret, hyp32_vector(c, kind));
        return;
    }
    AArch64_TakeException(c, target, &exc, ret, VECT_SYNC);
}

/* AArch32.ExceptionReturn as the executor ran it: PSTATE.EL from the new mode (User:
 * EL0), the ERET event; an exception return sets the Event Register as ERET does */
void AArch32_ExceptionReturned(el2_cpu *c, uint64_t pc, uint32_t insn, uint32_t from, uint32_t cpsr, uint64_t target,
                               unsigned el)
{
    el2_event ev;
    event_clear(&ev, EV_ERET);
    ev.pc = pc;
    ev.insn = insn;
    ev.from_el = (uint8_t)c->el;
    ev.to_el = (uint8_t)el;
    ev.spsr = cpsr;
    ev.elr = ev.target = target;
    cpu_stamp(c, &ev, pc);
    if (ev.a32)              /* the engine has switched mode: the event's is the one left */
        ev.a32 = (uint8_t)((ev.a32 & ~0x3fu) | (from & 0x3fu));
    c->el = el;
    cpu_fill_regs(c, &ev);
    c->cycles += c->model->cost[IC_ERET];
    c->event_reg = true;
    c->exc_repeats = 0;
    cpu_emit(c, &ev);
}

/* AArch32.CallSupervisor(immediate): routed as UNDEFINED; preferred return the next
 * instruction; ISS imm16 = an A32 SVC's imm24<15:0>, a T32 SVC's imm8 (16-bit). */
void AArch32_CallSupervisor(el2_cpu *c, uint64_t pc, bool thumb)
{
    unsigned size;
    uint32_t insn = aarch32_insn_at(c, pc, thumb, &size);
    /* the AArch32 semihosting calls QEMU accepts (translate.c trans_SVC: A32 SVC 0x123456,
     * T32 SVC 0xab; not from EL0 without its userspace option) */
    if (c->el > 0 && (thumb ? (insn & 0xff) == 0xab : (insn & 0xffffff) == 0x123456)) {
        semihost_call32(c, pc, insn, size);
        return;
    }
    uint32_t imm = thumb ? insn & 0xff : insn & 0xffff;
    take(c, route_sync(c), EXC_SVC, syn_aa32_svc(imm, size == 2), (pc + size) & 0xffffffff, pc, insn, "SVC");
}

/* AArch32.CallHypervisor(immediate): HVC is UNDEFINED at EL0, with SCR_EL3.HCE == 0 and
 * with HCR_EL2.HCD == 1; else to EL2, preferred return the next instruction; imm16 is
 * A32 imm12:imm4 (bits 19:8, 3:0), T32 imm4:imm12 (hw1 3:0, hw2 11:0). */
void AArch32_CallHypervisor(el2_cpu *c, uint64_t pc, bool thumb)
{
    unsigned size;
    uint32_t insn = aarch32_insn_at(c, pc, thumb, &size);
    if (c->el == 0 || !(c->sr[SR_SCR_EL3] & SCR_HCE) || (c->sr[SR_HCR_EL2] & HCR_HCD)) {
        AArch32_Undefined(c, pc, thumb);
        return;
    }
    uint32_t imm = thumb ? ((insn >> 16) & 0xf) << 12 | (insn & 0xfff) : ((insn >> 8) & 0xfff) << 4 | (insn & 0xf);
    take(c, 2, EXC_HVC, syn_aa32_hvc(imm), (pc + size) & 0xffffffff, pc, insn, "HVC");
}

/* The condition of the T32 instruction being executed: its IT block's (it32.c) */
static unsigned t32_cond(el2_cpu *c)
{
    return it32_cond(c->port->cpsr ? it32_of_cpsr(c->port->cpsr(c->port_ctx)) : 0);
}

/* AArch32.CallSecureMonitor / AArch64.AArch32SMCTrap: SMC is UNDEFINED at EL0; trapped
 * to EL2 from EL1 by HCR_EL2.TSC (preferred return the SMC itself, EC 0x13); else
 * UNDEFINED with SCR_EL3.SMD, or the EL3 firmware model. */
void AArch32_CallSecureMonitor(el2_cpu *c, uint64_t pc, bool thumb)
{
    unsigned size;
    uint32_t insn = aarch32_insn_at(c, pc, thumb, &size);
    if (c->el == 0) {
        AArch32_Undefined(c, pc, thumb);
        return;
    }
    if (c->el == 1 && (c->sr[SR_HCR_EL2] & HCR_TSC)) {
        take(c, 2, EXC_SMC_TRAP, syn_aa32_smc(thumb ? t32_cond(c) : insn >> 28), pc & 0xffffffff, pc, insn, "SMC");
        return;
    }
    if (c->sr[SR_SCR_EL3] & SCR_SMD) {
        AArch32_Undefined(c, pc, thumb);
        return;
    }
    /* the EL3 firmware model (firmware.c) with the SMC32 calling convention: function ID
     * in R0, arguments in R1-R3, the result in R0 (SMCCC "AArch32 SMC calling convention");
     * R15 is already past the SMC */
    firmware_smc(c, pc, insn);
}

/* AArch32.UndefinedFault: EC 0x00, preferred return the instruction */
void AArch32_Undefined(el2_cpu *c, uint64_t pc, bool thumb)
{
    unsigned size;
    uint32_t insn = aarch32_insn_at(c, pc, thumb, &size);
    /* HLT 0xf000 (A32), HLT 0x3c (T32): semihosting as QEMU's trans_HLT accepts it */
    if (c->el > 0 && (thumb ? insn == 0xbabc : insn == 0xe10f0070)) {
        semihost_call32(c, pc, insn, size);
        return;
    }
    take(c, route_sync(c), EXC_UNDEF, syn_uncategorized(), pc & 0xffffffff, pc, insn, "UNDEFINED instruction");
}

/* AArch32.SoftwareBreakpoint(immediate): with an AArch64 EL2 and HCR_EL2.TGE or
 * MDCR_EL2.TDE, or with EL1 using AArch64, AArch64.SoftwareBreakpoint (EC 0x38, Comment
 * imm16: A32 imm12:imm4, T32 imm8; preferred return the BKPT); else AArch32.Abort of a
 * debug fault: a Prefetch Abort taken to Abort mode (AArch32.TakePrefetchAbortException:
 * LR the BKPT + 4, vector offset 0x0C) with IFSR the debug event (short-descriptor FS
 * 0b00010, or with TTBCR.EAE the long-descriptor STATUS 0b100010 and LPAE = 1); IFAR is
 * UNKNOWN (left) and DBGDSCRext.MOE is not modelled. */
void AArch32_SoftwareBreakpoint(el2_cpu *c, uint64_t pc, bool thumb)
{
    unsigned size;
    uint32_t insn = aarch32_insn_at(c, pc, thumb, &size);
    uint32_t imm = thumb ? insn & 0xff : ((insn >> 8) & 0xfff) << 4 | (insn & 0xf);
    bool to2 = sysreg_el2_enabled(c) && ((c->sr[SR_HCR_EL2] & HCR_TGE) || (c->sr[SR_MDCR_EL2] & MDCR_TDE));
    /* Hyp mode (hyp32.c): AArch32.Abort of the debug fault -> AArch32.TakePrefetchAbortException:
     * in Hyp mode, or routed to Hyp by HDCR.TDE (IsDebugException) or from User mode by
     * HCR.TGE, AArch32.EnterHypMode at 0x0C (in Hyp mode) or 0x14 with HSR EC 0x21/0x20,
     * IFSC 0b100010 (Debug exception), IL 1, ELR_hyp the BKPT; HIFAR UNKNOWN (the
     * SoftwareBreakpoint's vaddress is UNKNOWN: left). */
    if (hyp32(c) && (c->el == 2 || to2)) {
        el2_exc_record exc = { .kind = EXC_BRK, .syndrome = syn_insn_abort(c->el == 2, FSC_DEBUG), .pc = pc,
                               .insn = insn };
        AArch32_EnterHypMode(c, &exc, (uint32_t)pc, hyp32_vector(c, EXC_BRK));
        return;
    }
    if (to2 || !el_is_aarch32(c, 1)) {
        el2_exc_record exc = { .kind = EXC_BRK, .syndrome = syn_aa32_bkpt(imm, size == 2), .pc = pc, .insn = insn };
        AArch64_TakeException(c, to2 ? 2 : 1, &exc, pc & 0xffffffff, VECT_SYNC);
        return;
    }
    if (!c->port->aarch32_enter_mode) {
        to_aarch32_el1(c, pc, "BKPT");
        return;
    }
    bool lpae = (c->sr[SR_TCR_EL1] >> 31) & 1;      /* TTBCR.EAE */
    sysreg_set(c, SR_IFSR32_EL2, lpae ? (1u << 9 | 0x22) : 0x2);
    aarch32_enter_mode(c, 0x17, EXC_BRK, pc, insn, (uint32_t)pc, 4, 0x0c);
}

/* ---- hooked instructions ---- */

/* MCR/MRC (A32 cond 1110 opc1 L CRn Rt coproc opc2 1 CRm; T32 the same as hw1:hw2 under
 * 1110 1110), coproc 14 or 15; MCRR/MRRC (cond 1100 010L ...) likewise */
static bool is_mcr_mrc(uint32_t insn) { return (insn & 0x0f000010) == 0x0e000010 && ((insn >> 9) & 7) == 7; }
static bool is_mcrr_mrrc(uint32_t insn) { return (insn & 0x0fe00000) == 0x0c400000 && ((insn >> 9) & 7) == 7; }

static int wfx_kind(uint32_t insn, bool thumb)   /* 0 WFI, 1 WFE, -1 neither */
{
    if (thumb) {
        if (insn == 0xbf30 || insn == 0xf3af8003)
            return 0;
        return insn == 0xbf20 || insn == 0xf3af8002 ? 1 : -1;
    }
    if ((insn & 0x0fffffff) == 0x0320f003)
        return 0;
    return (insn & 0x0fffffff) == 0x0320f002 ? 1 : -1;
}

static bool is_cp_access(uint32_t insn, bool thumb)
{
    bool cp = thumb ? (insn >> 28) == 0xe : (insn >> 28) != 0xf;   /* (not MCR2/MRC2) */
    return cp && (is_mcr_mrc(insn) || is_mcrr_mrrc(insn));
}

/* The exception returns of an AArch32 EL1 (Arm ARM F5 "SUBS PC, LR and related
 * instructions", "ERET", "LDM (exception return)", "RFE"), which el2sim must see to follow
 * PSTATE.EL (a return to User mode is one to EL0) */
bool aarch32_is_exc_return(uint32_t insn, bool thumb)
{
    if (thumb)
        return (insn & 0xffffff00) == 0xf3de8f00 ||                    /* SUBS PC, LR, #imm8; ERET */
               (insn & 0xffd0ffff) == 0xe810c000 || (insn & 0xffd0ffff) == 0xe990c000;   /* RFE */
    if ((insn >> 28) == 0xf)
        return (insn & 0xfe50ffff) == 0xf8100a00;                      /* RFE */
    if ((insn & 0x0fffffff) == 0x0160006e || (insn & 0x0e508000) == 0x08508000)
        return true;                                                   /* ERET; LDM ^ with the PC */
    /* data-processing with S = 1 and Rd = PC (not TST/TEQ/CMP/CMN, not the multiplies and
     * extra loads/stores of the same space) */
    bool dp = (insn & 0x0c10f000) == 0x0010f000 && ((insn >> 23) & 3) != 2 &&
              !(!(insn & (1u << 25)) && (insn & 0x90) == 0x90);
    return dp;
}

bool aarch32_needs_hook(uint32_t insn, bool thumb)
{
    return is_cp_access(insn, thumb) || wfx_kind(insn, thumb) >= 0 || aarch32_is_eret(insn, thumb) ||
           aarch32_is_exc_return(insn, thumb);
}

/* ConditionPassed() for an instruction's cond (A32: its cond field; T32: its IT block's,
 * AArch32.CurrentCond via it32_cond) */
static bool cond_passed(unsigned cond, uint32_t cpsr)
{
    bool n = cpsr >> 31 & 1, z = cpsr >> 30 & 1, cc = cpsr >> 29 & 1, v = cpsr >> 28 & 1;
    bool r;
    switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = cc; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = cc && !z; break;
    case 5: r = n == v; break;
    case 6: r = n == v && !z; break;
    default: return true;          /* AL (and 0b1111, not hooked) */
    }
    return (cond & 1) ? !r : r;
}

bool aarch32_cond_passed(uint32_t insn, bool thumb, uint32_t cpsr)
{
    return thumb || cond_passed(insn >> 28, cpsr);
}

/* ---- MCR/MRC/MCRR/MRRC to CP15 and CP14 (sysreg_a32.c's rows) ---- */

#define HCR_TID0 (1ULL << 15)
#define SCTLR_CP15BEN (1ULL << 5)
#define MDCR_TDA   (1ULL << 9)
#define MDCR_TDOSA (1ULL << 10)

/* The X register that holds R<n> of AArch32 mode `mode` (Arm ARM D1 "Mapping of AArch32
 * registers to AArch64 registers": R8-R12 of FIQ mode X24-X28; R13/R14 of irq X17/X16,
 * svc X19/X18, abt X21/X20, und X23/X22, fiq X29/X30, hyp's R13 X15; usr/sys X13/X14) */
int aarch32_reg_x(unsigned mode, unsigned n)
{
    if (n < 8)
        return (int)n;
    if (mode == 0x11 && n <= 14)
        return (int)n + 16;                                 /* FIQ: X24-X30 */
    if (n <= 12)
        return (int)n;
    switch (mode) {
    case 0x12: return n == 13 ? 17 : 16;                   /* IRQ */
    case 0x13: return n == 13 ? 19 : 18;                   /* Supervisor */
    case 0x17: return n == 13 ? 21 : 20;                   /* Abort */
    case 0x1b: return n == 13 ? 23 : 22;                   /* Undefined */
    case 0x1a: return n == 13 ? 15 : 14;                   /* Hyp: R13_hyp; its R14 is R14_usr */
    default:   return (int)n;                               /* User, System */
    }
}

/* One decoded coprocessor access */
typedef struct {
    bool wide, read, cp14;
    unsigned cond, opc1, crn, crm, opc2, rt, rt2;
    uint32_t insn;
    unsigned size;
} cp_insn;

static cp_insn cp_decode(uint32_t insn, bool thumb, unsigned size, uint32_t cpsr)
{
    cp_insn d = { .insn = insn, .size = size, .cond = thumb ? it32_cond(it32_of_cpsr(cpsr)) : insn >> 28 };
    d.wide = is_mcrr_mrrc(insn);
    d.read = (insn >> 20) & 1;
    d.cp14 = ((insn >> 8) & 15) == 14;
    d.rt = (insn >> 12) & 15;
    d.crm = insn & 15;
    if (d.wide) {
        d.opc1 = (insn >> 4) & 15;
        d.rt2 = (insn >> 16) & 15;
    } else {
        d.opc1 = (insn >> 21) & 7;
        d.crn = (insn >> 16) & 15;
        d.opc2 = (insn >> 5) & 7;
    }
    return d;
}

/* The trap's syndrome: EC 0x03/0x05 (MCR/MRC to CP15/CP14), 0x04/0x0C (MCRR/MRRC) */
static uint32_t cp_syndrome(const cp_insn *d)
{
    if (d->wide)
        return syn_aa32_cp_rrt(d->cp14, d->cond, d->opc1, d->crm, d->rt, d->rt2, d->read);
    return d->cp14 ? syn_aa32_cp14_rt(d->cond, d->opc1, d->crn, d->crm, d->opc2, d->rt, d->read)
                   : syn_aa32_cp15_rt(d->cond, d->opc1, d->crn, d->crm, d->opc2, d->rt, d->read);
}

/* The HCR_EL2 bit that traps this row's access from EL1 (D13 "HCR_EL2": TID0-TID3 reads,
 * TVM writes / TRVM reads, TACR, TSW, TPCP, TPU, TTLB), or 0 */
static uint64_t hcr_trap_bit(const sysreg_a32_def *r, bool read)
{
    uint32_t f = r->flags;
    if (f & A32F_TID0) return read ? HCR_TID0 : 0;
    if (f & A32F_TID1) return read ? HCR_TID1 : 0;
    if (f & A32F_TID2) return HCR_TID2;
    if (f & A32F_TID3) return read ? HCR_TID3 : 0;
    if (f & A32F_TVM)  return read ? HCR_TRVM : HCR_TVM;
    if (f & A32F_TACR) return HCR_TACR;
    if (f & A32F_TSW)  return HCR_TSW;
    if (f & A32F_TPC)  return HCR_TPCP;
    if (f & A32F_TPU)  return HCR_TPU;
    if (f & A32F_TTLB) return HCR_TTLB;
    return 0;
}

/* The access check of an MCR/MRC/MCRR/MRRC at EL0/EL1 with an AArch64 EL2, in the order
 * of the registers' accessibility pseudocode (AArch64.CheckAArch32SystemAccess; QEMU's
 * access_check_cp_reg has the same order): UNDEFINED below the register's PL, for a
 * write of a read-only one or a read of a write-only one (CP15 barriers at PL0 without
 * SCTLR.CP15BEN); then HSTR_EL2.T<n> (n = CRn, CRm for MCRR/MRRC; T4 and T14 RES0; not
 * in a host, HCR_EL2.{E2H,TGE} = {1,1}) to EL2; then the HCR_EL2 trap group of the row
 * at EL1 (TID0 also at EL0), MDCR_EL2.TDOSA/TDA (or TDE) for the debug registers
 * (D13 "MDCR_EL2"); then the AArch64 row's own check (the timers' CNTKCTL /
 * CNTHCTL controls at EL0 and EL1). */
static sysreg_access cp_check(el2_cpu *c, const sysreg_a32_def *r, const cp_insn *d)
{
    uint64_t hcr = c->sr[SR_HCR_EL2];
    if (c->el < r->pl || (d->read && (r->flags & A32F_WO)) || (!d->read && (r->flags & A32F_RO)) ||
        (c->el == 0 && !d->read && (r->flags & A32F_PL0RO)))
        return SRA_UNDEF;
    if (c->el == 0 && (r->flags & A32F_CP15B) && !(c->sr[SR_SCTLR_EL1] & SCTLR_CP15BEN))
        return SRA_UNDEF;
    if (c->el >= 2 || !sysreg_el2_enabled(c))
        return SRA_OK;
    unsigned n = d->wide ? d->crm : d->crn;
    bool host = (hcr & (HCR_E2H | HCR_TGE)) == (HCR_E2H | HCR_TGE);
    if (!d->cp14 && n != 4 && n != 14 && !host && ((c->sr[SR_HSTR_EL2] >> n) & 1))
        return SRA_TRAP_EL2;
    uint64_t bit = hcr_trap_bit(r, d->read);
    if (bit && (hcr & bit) && (c->el == 1 || (bit == HCR_TID0 && !(hcr & HCR_TGE))))
        return SRA_TRAP_EL2;
    uint64_t mdcr = c->sr[SR_MDCR_EL2];
    if (((r->flags & A32F_TDOSA) && (mdcr & (MDCR_TDOSA | MDCR_TDE))) ||
        ((r->flags & A32F_TDA) && (mdcr & (MDCR_TDA | MDCR_TDE))))
        return SRA_TRAP_EL2;
    if (r->flags & A32F_AA64) {
        int res;
        return sysreg_check(c, r->sr, d->read, &res);
    }
    return SRA_OK;
}

static void note_unmodelled(el2_cpu *c, const cp_insn *d)
{
    char name[48];
    if (d->wide)
        snprintf(name, sizeof name, "p%u, %u, c%u (AArch32 MCRR/MRRC)", d->cp14 ? 14 : 15, d->opc1, d->crm);
    else
        snprintf(name, sizeof name, "p%u, %u, c%u, c%u, %u (AArch32)", d->cp14 ? 14 : 15, d->opc1, d->crn, d->crm,
                 d->opc2);
    g_hash_table_replace(c->unmodelled, g_strdup(name),
                         GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(c->unmodelled, name)) + 1));
}

/* The access, once allowed: the register's part in and out of R<t> (R<t2>:R<t> for the
 * 64-bit ones) of the current mode, with the AArch64 write's effects; cache maintenance
 * and barriers do nothing (no caches modelled); TLB maintenance drops el2sim's TLB */
static void cp_do(el2_cpu *c, uint64_t pc, const sysreg_a32_def *r, const cp_insn *d, uint32_t cpsr)
{
    unsigned mode = cpsr & 0x1f;
    bool to_apsr = d->read && !d->wide && d->rt == 15 && c->port->set_nzcv;
    if ((d->rt == 15 && !to_apsr) || (d->wide && d->rt2 == 15)) {
        cpu_stop(c, STOP_FAULT, 0, "%s at %s (%s) in AArch32 state is not modelled yet", d->read ? "MRC" : "MCR",
                 cpu_sym(c, pc), "R15 as its register");
        return;
    }
    int xt = aarch32_reg_x(mode, d->rt), xt2 = aarch32_reg_x(mode, d->rt2);
    if (r->kind == A32K_AT) {           /* AArch32.AT (a32_at.c); an abort it takes moved the PC */
        if (!AArch32_AT(c, d->opc1, d->opc2, (uint32_t)cpu_x(c, xt), pc, d->insn))
            return;
    } else if (d->read) {
        uint64_t v = r->kind == A32K_REG ? sysreg_a32_read(c, r) : 0;
        if (to_apsr)        /* MRC: "elsif AArch32.SysRegReadCanWriteAPSR(...) then PSTATE.<N,Z,C,V> =
                             * value<31:28>", else bits(4) UNKNOWN: el2sim (as QEMU 7.2) takes
                             * value<31:28> for every register */
            c->port->set_nzcv(c->port_ctx, (uint32_t)v);
        else
            cpu_set_x(c, xt, v & 0xffffffff);
        if (d->wide)
            cpu_set_x(c, xt2, v >> 32);
    } else if (r->kind == A32K_REG) {
        uint64_t v = cpu_x(c, xt) & 0xffffffff;
        if (d->wide)
            v |= (cpu_x(c, xt2) & 0xffffffff) << 32;
        sysreg_a32_write(c, r, v, pc, d->insn);     /* (translation: engine/mmu32_ctx.c) */
    } else if (r->kind == A32K_TLBI) {
        c->mmu_gen++;
    }
    cpu_set_pc(c, (pc + d->size) & 0xffffffff);
}

/* MCR/MRC/MCRR/MRRC to CP15/CP14 at EL0/EL1: an encoding el2sim does not model is
 * UNDEFINED (noted on stderr at the end, as for AArch64 registers); traps are EC
 * 0x03/0x04/0x05/0x0C with the instruction's fields, preferred return the instruction
 * (AArch64.AArch32SystemAccessTrap); else the access is made. */
static void cp_access(el2_cpu *c, uint64_t pc, uint32_t insn, unsigned size, bool thumb, uint32_t cpsr)
{
    cp_insn d = cp_decode(insn, thumb, size, cpsr);
    unsigned cp = d.cp14 ? 14 : 15;
    const sysreg_a32_def *r = d.wide ? sysreg_a32_find64(cp, d.opc1, d.crm)
                                     : sysreg_a32_find(cp, d.opc1, d.crn, d.crm, d.opc2);
    if (!r) {
        note_unmodelled(c, &d);
        AArch32_Undefined(c, pc, thumb);
        return;
    }
    switch (cp_check(c, r, &d)) {
    case SRA_UNDEF:
        AArch32_Undefined(c, pc, thumb);
        return;
    case SRA_TRAP:
        take(c, route_sync(c), EXC_SYSREG_TRAP, cp_syndrome(&d), pc & 0xffffffff, pc, insn,
             "a trapped coprocessor access");
        return;
    case SRA_TRAP_EL2:
        take(c, 2, EXC_SYSREG_TRAP, cp_syndrome(&d), pc & 0xffffffff, pc, insn, "a trapped coprocessor access");
        return;
    default:
        cp_do(c, pc, r, &d, cpsr);
    }
}

/* WFI, WFE in AArch32 (AArch32.CheckForWFxTrap with an AArch64 EL2): at EL0 the EL1
 * trap (SCTLR.nTWI/nTWE == '0') first, to EL1 or with HCR_EL2.TGE to EL2; then
 * HCR_EL2.TWI/TWE to EL2 (AArch64.WFxTrap: EC 0x01, CV/COND/TI, preferred return the
 * instruction). Untrapped: a WFE with the Event Register set clears it; otherwise both
 * complete as the AArch64 ones do (WFI after waiting for an interrupt). */
static void wfx(el2_cpu *c, uint64_t pc, uint32_t insn, unsigned size, bool thumb, bool wfe, uint32_t cpsr)
{
    unsigned cond = thumb ? it32_cond(it32_of_cpsr(cpsr)) : insn >> 28;
    uint64_t next = (pc + size) & 0xffffffff;
    if (wfe && c->event_reg) {
        c->event_reg = false;
        cpu_set_pc(c, next);
        return;
    }
    unsigned target = 0;
    if (c->el == 0 && AArch64_CheckForWFxTrap(c, 1, wfe))
        target = (c->sr[SR_HCR_EL2] & HCR_TGE) ? 2 : 1;
    else if (c->el < 2 && AArch64_CheckForWFxTrap(c, 2, wfe))
        target = 2;
    if (target) {
        take(c, target, EXC_WFX_TRAP, syn_aa32_wfx(cond, wfe, size == 2), pc & 0xffffffff, pc, insn,
             wfe ? "WFE trap" : "WFI trap");
        return;
    }
    if (!wfe) {
        uint64_t now = cpu_cycles_at(c, next);
        uint64_t wake = irq_wfi_wake(c, now);
        if (wake == UINT64_MAX) {
            cpu_stop(c, STOP_WFI, 0, "EL%u executed WFI at %s with nothing to wake it (no interrupt pending, "
                     "no timer armed, no --irq to come): it would sleep forever", c->el, cpu_sym(c, pc));
            return;
        }
        cpu_take_back(c, next);
        if (wake > now)
            c->cycles += wake - now;
    }
    cpu_set_pc(c, next);
}

bool aarch32_hooked(el2_cpu *c, uint64_t pc, bool thumb, uint32_t cpsr)
{
    unsigned size;
    uint32_t insn = aarch32_insn_at(c, pc, thumb, &size);
    /* ConditionPassed(): a NOP when it fails (the executor skips it too); a T32 one takes
     * its condition from ITSTATE (the CPSR's IT is the instruction's own: uc_facts.h F23) */
    if (!cond_passed(thumb ? it32_cond(it32_of_cpsr(cpsr)) : insn >> 28, cpsr))
        return true;
    int w = wfx_kind(insn, thumb);
    if (aarch32_is_eret(insn, thumb)) {
        if (c->el != 2 || !hyp32(c))
            return true;           /* ERET in a PL1 mode: the executor's (SUBS PC, LR, #0) */
        AArch32_HypExceptionReturn(c, pc, insn, size);
    } else if (w >= 0)
        wfx(c, pc, insn, size, thumb, w == 1, cpsr);
    else if (is_cp_access(insn, thumb))
        cp_access(c, pc, insn, size, thumb, cpsr);
    else
        return true;
    return false;
}
