/* excgen.c - exception-generating instructions (Arm ARM C6.2: HVC, SMC, SVC, BRK)
 * and UNDEFINED instructions, routed as AArch64 routes synchronous exceptions. */
#include "excgen.h"
#include "exception.h"
#include "firmware.h"
#include "sysreg.h"
#include "vmem.h"

static uint32_t imm16(uint32_t insn) { return (insn >> 5) & 0xffff; }

static void take_sync(el2_cpu *c, unsigned target_el, el2_exc_kind kind, uint32_t syndrome,
                      uint64_t preferred_return, uint64_t pc, uint32_t insn)
{
    el2_exc_record exc = { .kind = kind, .syndrome = syndrome, .pc = pc, .insn = insn };
    AArch64_TakeException(c, target_el, &exc, preferred_return, VECT_SYNC);
}

void excgen_undefined(el2_cpu *c, uint64_t pc)
{
    uint32_t insn = cpu_vinsn_at(c, pc);
    if (insn == 0xd45e0000 && c->el > 0) {       /* HLT #0xf000: A64 semihosting trap */
        semihost_call(c, pc);
        return;
    }
    if (pc & 3) {                                /* the fetch itself: PC alignment fault */
        el2_exc_record exc = { .kind = EXC_PC_ALIGN, .syndrome = syn_pcalignment(), .has_far = true,
                               .vaddress = pc, .pc = pc };
        AArch64_TakeException(c, route_sync(c), &exc, pc, VECT_SYNC);
        return;
    }
    AArch64_UndefinedFault(c, pc, insn);
}

/* AArch64.CallSupervisor: EL0 -> EL1 (EL2 when HCR_EL2.TGE), EL1 -> EL1, EL2 -> EL2 */
void AArch64_CallSupervisor(el2_cpu *c, uint64_t pc)
{
    uint32_t insn = cpu_vinsn_at(c, pc);
    take_sync(c, route_sync(c), EXC_SVC, syn_aa64_svc(imm16(insn)), pc + 4, pc, insn);
}

/* AArch64.SoftwareBreakpoint: routed to EL2 from EL0/EL1 when HCR_EL2.TGE or
 * MDCR_EL2.TDE; preferred return is the BRK itself. */
void AArch64_SoftwareBreakpoint(el2_cpu *c, uint64_t pc)
{
    uint32_t insn = cpu_vinsn_at(c, pc);
    unsigned target = c->el;
    if (c->el < 2) {
        bool to2 = (c->sr[SR_HCR_EL2] & HCR_TGE) || (c->sr[SR_MDCR_EL2] & MDCR_TDE);
        target = to2 ? 2 : 1;
    }
    take_sync(c, target, EXC_BRK, syn_aa64_bkpt(imm16(insn)), pc, pc, insn);
}

/* AArch64.CallHypervisor; HVC is UNDEFINED at EL0, with SCR_EL3.HCE == 0, and with
 * HCR_EL2.HCD == 1 (at EL1 and EL2). */
void AArch64_CallHypervisor(el2_cpu *c, uint64_t pc)
{
    uint32_t insn = cpu_vinsn_at(c, pc);
    if (c->el == 0 || !(c->sr[SR_SCR_EL3] & SCR_HCE) || (c->sr[SR_HCR_EL2] & HCR_HCD)) {
        AArch64_UndefinedFault(c, pc, insn);
        return;
    }
    take_sync(c, 2, EXC_HVC, syn_aa64_hvc(imm16(insn)), pc + 4, pc, insn);
}

/* AArch64.CallSecureMonitor: SMC is UNDEFINED at EL0; trapped to EL2 from EL1 by
 * HCR_EL2.TSC (preferred return is the SMC itself); UNDEFINED with SCR_EL3.SMD; else
 * the EL3 firmware model. */
void AArch64_CallSecureMonitor(el2_cpu *c, uint64_t pc)
{
    uint32_t insn = cpu_vinsn_at(c, pc);
    if (c->el == 0) {
        AArch64_UndefinedFault(c, pc, insn);
        return;
    }
    if (c->el == 1 && (c->sr[SR_HCR_EL2] & HCR_TSC)) {
        take_sync(c, 2, EXC_SMC_TRAP, syn_aa64_smc(imm16(insn)), pc, pc, insn);
        return;
    }
    if (c->sr[SR_SCR_EL3] & SCR_SMD) {
        AArch64_UndefinedFault(c, pc, insn);
        return;
    }
    firmware_smc(c, pc, insn);
}
