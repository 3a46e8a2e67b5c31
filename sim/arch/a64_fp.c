/* a64_fp.c - CPTR_EL2's trap of AArch64 SIMD&FP instructions (Arm ARM DDI 0487
 * AArch64.CheckFPAdvSIMDTrap, AArch64.AdvSIMDFPAccessTrap). The executor runs SIMD&FP
 * itself; while CPTR_EL2 can trap them (a64_fp_traps_possible) they get code hooks and
 * come here first. */
#include "a64_fp.h"
#include "exception.h"
#include "syndrome.h"
#include "sysreg.h"

#define CPTR_TFP (1ULL << 10)

bool a64_fp_insn(uint32_t insn)
{
    uint32_t op0 = (insn >> 25) & 0xf;
    if ((op0 & 0x7) == 0x7)
        return true;                                   /* SIMD&FP data-processing */
    if ((op0 & 0x5) == 0x4 && (insn & (1u << 26)))
        return true;                                   /* loads and stores, V = 1 */
    return (insn & 0xffdfffc0u) == 0xd51b4400u;        /* MSR/MRS FPCR, FPSR */
}

bool a64_fp_traps_possible(el2_cpu *c)
{
    uint64_t cptr = c->sr[SR_CPTR_EL2];
    if (!sysreg_el2_enabled(c))
        return false;
    return sysreg_e2h(c) ? ((cptr >> 20) & 3) != 3 : (cptr & CPTR_TFP) != 0;
}

/* AArch64.CheckFPAdvSIMDTrap at EL0-EL2 with EL2 enabled: with HCR_EL2.E2H = 1,
 * CPTR_EL2.FPEN 0b00/0b10 traps EL0-EL2 and 0b01 EL0 in a host (HCR_EL2.TGE = 1); else
 * CPTR_EL2.TFP traps them all. AArch64.AdvSIMDFPAccessTrap(EL2): EC 0x07, ISS CV 1,
 * COND 0xE (ConditionSyndrome() for AArch64), preferred return the instruction. */
bool a64_fp_check(el2_cpu *c, uint64_t pc, uint32_t insn)
{
    if (c->el > 2 || !a64_fp_traps_possible(c))
        return false;
    if (sysreg_e2h(c)) {
        unsigned fpen = (c->sr[SR_CPTR_EL2] >> 20) & 3;
        if (fpen == 1 && !(c->el == 0 && (c->sr[SR_HCR_EL2] & HCR_TGE)))
            return false;
    }
    el2_exc_record exc = { .kind = EXC_SYSREG_TRAP, .syndrome = syn_aa64_fp_access(), .pc = pc, .insn = insn };
    AArch64_TakeException(c, 2, &exc, pc, VECT_SYNC);
    return true;
}
