/* aarch32.c - AArch32 EL1/EL0 under the AArch64 EL2 (issue 21, first step; Arm ARM DDI
 * 0487 shared/exceptions and aarch32/exceptions pseudocode as they route to an AArch64
 * EL2). Exceptions are taken by AArch64.TakeException (exception.c: vector offset 0x600,
 * the CPSR as SPSR, R0-R14 in X0-X30). What would be taken to an EL1 that uses AArch32
 * (AArch32.TakeUndefInstrException, AArch32.TakeSVCException, ...) is not modelled yet:
 * the run stops, exit 125, saying so. */
#include "aarch32.h"
#include "exception.h"
#include "firmware.h"
#include "hyp32.h"
#include "irq.h"
#include "sysinsn.h"
#include "sysreg.h"
#include "timing.h"

uint32_t aarch32_insn_at(el2_cpu *c, uint64_t pc, bool thumb, unsigned *size)
{
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

/* An exception for the AArch32 EL1 (the EL1 uses AArch32): not modelled yet */
static void to_aarch32_el1(el2_cpu *c, uint64_t pc, const char *what)
{
    cpu_stop(c, STOP_FAULT, 0, "%s at %s is taken to EL1 in AArch32 state, which is not modelled yet "
             "(only exceptions to the AArch64 EL2 are)", what, cpu_sym(c, pc));
}

/* The target of what routes like UNDEFINED: EL1, or EL2 from EL0 with HCR_EL2.TGE
 * (AArch32.TakeUndefInstrException: "route_to_el2 = EL2Enabled() && PSTATE.EL == EL0 &&
 * HCR_EL2.TGE == '1'"); an EL1 using AArch64 takes it as AArch64.TakeException does. */
static void take(el2_cpu *c, unsigned target, el2_exc_kind kind, uint32_t syndrome, uint64_t ret,
                 uint64_t pc, uint32_t insn, const char *what)
{
    if (target == 1 && el_is_aarch32(c, 1)) {
        to_aarch32_el1(c, pc, what);
        return;
    }
    el2_exc_record exc = { .kind = kind, .syndrome = syndrome, .pc = pc, .insn = insn };
    if (hyp32(c)) {                       /* EL2 is Hyp mode (hyp32.c) */
        AArch32_EnterHypMode(c, &exc, (uint32_t)ret, hyp32_vector(c, kind));
        return;
    }
    AArch64_TakeException(c, target, &exc, ret, VECT_SYNC);
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
    if (c->sr[SR_HCR_EL2] & HCR_TSC) {
        take(c, 2, EXC_SMC_TRAP, syn_aa32_smc(thumb ? 0xe : insn >> 28), pc & 0xffffffff, pc, insn, "SMC");
        return;
    }
    if (c->sr[SR_SCR_EL3] & SCR_SMD) {
        AArch32_Undefined(c, pc, thumb);
        return;
    }
    /* the EL3 firmware model (firmware.c) with the SMC32 calling convention: function ID
     * in R0, arguments in R1-R3, the result in R0 (SMCCC 2.x "AArch32 SMC calling
     * convention"); R15 is already past the SMC */
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

void AArch32_SoftwareBreakpoint(el2_cpu *c, uint64_t pc, bool thumb)
{
    cpu_stop(c, STOP_FAULT, 0, "BKPT at %s in AArch32 state: its Prefetch Abort (debug) exception is not "
             "modelled yet", cpu_sym(c, pc));
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

bool aarch32_needs_hook(uint32_t insn, bool thumb)
{
    bool cp = thumb ? (insn >> 28) == 0xe : (insn >> 28) != 0xf;   /* (not MCR2/MRC2) */
    return (cp && (is_mcr_mrc(insn) || is_mcrr_mrrc(insn))) || wfx_kind(insn, thumb) >= 0 ||
           aarch32_is_eret(insn, thumb);
}

/* ConditionPassed() for an A32 instruction's cond (T32: the instructions el2sim hooks
 * are taken as unconditional; IT blocks are not looked at yet) */
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

/* The 32-bit CP15 registers HCR_EL2.TVM (writes) and TRVM (reads) trap from EL1
 * (Arm ARM D13.2.48 HCR_EL2, TVM/TRVM: SCTLR, TTBR0, TTBR1, TTBCR, TTBCR2, DACR, DFSR,
 * IFSR, DFAR, IFAR, ADFSR, AIFSR, PRRR/MAIR0, NMRR/MAIR1, AMAIR0, AMAIR1, CONTEXTIDR),
 * as {opc1, CRn, CRm, opc2} */
static const uint8_t tvm_regs[][4] = {
    { 0, 1, 0, 0 }, { 0, 2, 0, 0 }, { 0, 2, 0, 1 }, { 0, 2, 0, 2 }, { 0, 2, 0, 3 }, { 0, 3, 0, 0 },
    { 0, 5, 0, 0 }, { 0, 5, 0, 1 }, { 0, 5, 1, 0 }, { 0, 5, 1, 1 }, { 0, 6, 0, 0 }, { 0, 6, 0, 2 },
    { 0, 10, 2, 0 }, { 0, 10, 2, 1 }, { 0, 10, 3, 0 }, { 0, 10, 3, 1 }, { 0, 13, 0, 1 },
};

static bool is_tvm_reg(unsigned opc1, unsigned crn, unsigned crm, unsigned opc2)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(tvm_regs); i++)
        if (tvm_regs[i][0] == opc1 && tvm_regs[i][1] == crn && tvm_regs[i][2] == crm && tvm_regs[i][3] == opc2)
            return true;
    return false;
}

/* MCR/MRC to CP15 at EL1 (AArch64.CheckAArch32SystemAccess as it applies with an AArch64
 * EL2): HSTR_EL2.T<CRn> traps EL1 and EL0 accesses to primary register CRn (not T4 and
 * T14, RES0), then HCR_EL2.TVM/TRVM trap EL1's accesses to the virtual memory controls;
 * both are EC 0x03 to EL2, preferred return the instruction. What is not trapped is not
 * modelled yet (the run stops naming the register), as are CP14 and 64-bit MCRR/MRRC. */
static void cp15_access(el2_cpu *c, uint64_t pc, uint32_t insn, bool thumb, uint32_t cpsr)
{
    unsigned cond = thumb ? 0xe : insn >> 28;
    unsigned opc1 = (insn >> 21) & 7, crn = (insn >> 16) & 15, rt = (insn >> 12) & 15;
    unsigned opc2 = (insn >> 5) & 7, crm = insn & 15;
    bool read = (insn >> 20) & 1;
    bool cp15 = ((insn >> 8) & 15) == 15;
    if (!cp15 || is_mcrr_mrrc(insn)) {
        cpu_stop(c, STOP_FAULT, 0, "%s at %s in AArch32 state is not modelled yet", cp15 ? "MCRR/MRRC" : "CP14 access",
                 cpu_sym(c, pc));
        return;
    }
    if (c->el == 2 && hyp32(c) && hyp32_cp15(c, pc, insn))
        return;                    /* Hyp mode's own registers (hyp32.c) */
    if (c->el == 0) {              /* the EL0-accessible CP15 registers are not modelled yet */
        cpu_stop(c, STOP_FAULT, 0, "EL0 CP15 access at %s (p15, %u, c%u, c%u, %u) is not modelled yet",
                 cpu_sym(c, pc), opc1, crn, crm, opc2);
        return;
    }
    bool hstr = c->el < 2 && crn != 4 && crn != 14 && ((c->sr[SR_HSTR_EL2] >> crn) & 1);
    bool tvm = c->el < 2 && is_tvm_reg(opc1, crn, crm, opc2) &&
               (c->sr[SR_HCR_EL2] & (read ? HCR_TRVM : HCR_TVM));
    if (hstr || tvm) {
        take(c, 2, EXC_SYSREG_TRAP, syn_aa32_cp15_rt(cond, opc1, crn, crm, opc2, rt, read), pc & 0xffffffff, pc,
             insn, read ? "MRC" : "MCR");
        return;
    }
    cpu_stop(c, STOP_FAULT, 0, "%s at %s (p15, %u, c%u, c%u, %u) in AArch32 state: CP15 registers are not "
             "modelled yet (only their traps to EL2)", read ? "MRC" : "MCR", cpu_sym(c, pc), opc1, crn, crm, opc2);
    (void)cpsr;
}

/* WFI, WFE in AArch32 (AArch32.CheckForWFxTrap with an AArch64 EL2): at EL0 the EL1
 * trap (SCTLR.nTWI/nTWE == '0') first, to EL1 or with HCR_EL2.TGE to EL2; then
 * HCR_EL2.TWI/TWE to EL2 (AArch64.WFxTrap: EC 0x01, CV/COND/TI, preferred return the
 * instruction). Untrapped: a WFE with the Event Register set clears it; otherwise both
 * complete as the AArch64 ones do (WFI after waiting for an interrupt). */
static void wfx(el2_cpu *c, uint64_t pc, uint32_t insn, unsigned size, bool thumb, bool wfe)
{
    unsigned cond = thumb ? 0xe : insn >> 28;
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
    if (!thumb && !cond_passed(insn >> 28, cpsr))
        return true;               /* a NOP: the executor skips it too */
    int w = wfx_kind(insn, thumb);
    if (aarch32_is_eret(insn, thumb)) {
        if (c->el != 2 || !hyp32(c))
            return true;           /* ERET in a PL1 mode: the executor's (SUBS PC, LR, #0) */
        AArch32_HypExceptionReturn(c, pc, insn, size);
    } else if (w >= 0)
        wfx(c, pc, insn, size, thumb, w == 1);
    else if (aarch32_needs_hook(insn, thumb))
        cp15_access(c, pc, insn, thumb, cpsr);
    else
        return true;
    return false;
}
