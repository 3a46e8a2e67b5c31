/* excgen.c - exception-generating instructions (Arm ARM C6.2: HVC, SMC, SVC, BRK)
 * and UNDEFINED instructions, routed as AArch64 routes synchronous exceptions. */
#include "excgen.h"
#include "exception.h"
#include "firmware.h"
#include "machine.h"
#include "sysreg.h"

static uint32_t imm16(uint32_t insn) { return (insn >> 5) & 0xffff; }

void engine_undef(el2_machine *m, uint64_t pc)
{
    uint32_t insn = machine_insn_at(m, pc);
    if (insn == 0xd45e0000 && m->el > 0) {       /* HLT #0xf000: A64 semihosting trap */
        semihost_call(m, pc);
        return;
    }
    if (pc & 3) {
        take_exception(m, route_sync(m), EXC_PC_ALIGN, esr_make(EC_PC_ALIGN, 0), pc, true, pc, pc, 0);
        return;
    }
    take_undef(m, pc, insn);
}

/* AArch64.CallSupervisor: EL0 -> EL1 (EL2 when HCR_EL2.TGE), EL1 -> EL1, EL2 -> EL2 */
void engine_svc(el2_machine *m, uint64_t pc)
{
    uint32_t insn = machine_insn_at(m, pc);
    take_exception(m, route_sync(m), EXC_SVC, esr_make(EC_SVC64, imm16(insn)), pc + 4, false, 0, pc, insn);
}

/* AArch64.SoftwareBreakpoint: routed to EL2 from EL0/EL1 when HCR_EL2.TGE or
 * MDCR_EL2.TDE; preferred return is the BRK itself. */
void engine_brk(el2_machine *m, uint64_t pc)
{
    uint32_t insn = machine_insn_at(m, pc);
    unsigned target = m->el;
    if (m->el < 2) {
        bool to2 = (m->sr[SR_HCR_EL2] & HCR_TGE) || (m->sr[SR_MDCR_EL2] & MDCR_TDE);
        target = to2 ? 2 : 1;
    }
    take_exception(m, target, EXC_BRK, esr_make(EC_BRK, imm16(insn)), pc, false, 0, pc, insn);
}

/* AArch64.CallHypervisor; HVC is UNDEFINED at EL0, with SCR_EL3.HCE == 0, and with
 * HCR_EL2.HCD == 1 (at EL1 and EL2). */
void engine_hvc(el2_machine *m, uint64_t pc)
{
    uint32_t insn = machine_insn_at(m, pc);
    if (m->el == 0 || !(m->sr[SR_SCR_EL3] & SCR_HCE) || (m->sr[SR_HCR_EL2] & HCR_HCD)) {
        take_undef(m, pc, insn);
        return;
    }
    take_exception(m, 2, EXC_HVC, esr_make(EC_HVC64, imm16(insn)), pc + 4, false, 0, pc, insn);
}

/* SMC: UNDEFINED at EL0; trapped to EL2 from EL1 by HCR_EL2.TSC (preferred return is
 * the SMC itself); UNDEFINED with SCR_EL3.SMD; else the EL3 firmware model. */
void engine_smc(el2_machine *m, uint64_t pc)
{
    uint32_t insn = machine_insn_at(m, pc);
    if (m->el == 0) {
        take_undef(m, pc, insn);
        return;
    }
    if (m->el == 1 && (m->sr[SR_HCR_EL2] & HCR_TSC)) {
        take_exception(m, 2, EXC_SMC_TRAP, esr_make(EC_SMC64, imm16(insn)), pc, false, 0, pc, insn);
        return;
    }
    if (m->sr[SR_SCR_EL3] & SCR_SMD) {
        take_undef(m, pc, insn);
        return;
    }
    firmware_smc(m, pc, insn);
}
