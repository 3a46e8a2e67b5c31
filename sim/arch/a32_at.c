/* a32_at.c - the AArch32 address translation instructions (Arm ARM G5 "Address
 * translation instructions", aarch32/translation pseudocode AArch32.AT, PAR in G8):
 * ATS1CPR/CPW/CUR/CUW (stage 1 of the PL1&0 regime), ATS12NSOPR/PW/UR/UW (stages 1 and 2
 * of it) and ATS1HR/HW (Hyp mode's stage 1). The translation is mmu.c's
 * AArch64_TranslateAddress, which walks the AArch32 regimes with their own formats
 * (mmu_a32.c); here are the choice of regime and stage, the PAR format and its encoding. */
#include "a32_at.h"
#include "mmu_a32.h"
#include "sysreg.h"

#define TTBCR_EAE (1ULL << 31)

/* AArch32.PARInnerAttrs (PAR.Inner[2:0]): 000 Non-cacheable, 001 Strongly-ordered
 * (Device-nGnRnE), 011 Device, 101 Write-Back Write-Allocate, 110 Write-Through, 111
 * Write-Back no Write-Allocate */
static unsigned par_inner(const mmu_memattrs *m)
{
    if (m->device)
        return m->devtype == DEVICE_nGnRnE ? 1 : 3;
    switch (m->inner.attrs) {
    case MEMATTR_WT: return 6;
    case MEMATTR_WB: return (m->inner.hints & 1) ? 5 : 7;
    default:         return 0;
    }
}

/* AArch32.PAROuterAttrs (PAR.Outer[1:0]): 00 Non-cacheable (and Device), 01 Write-Back
 * Write-Allocate, 10 Write-Through, 11 Write-Back no Write-Allocate */
static unsigned par_outer(const mmu_memattrs *m)
{
    if (m->device)
        return 0;
    switch (m->outer.attrs) {
    case MEMATTR_WT: return 2;
    case MEMATTR_WB: return (m->outer.hints & 1) ? 1 : 3;
    default:         return 0;
    }
}

/* AArch32.EncodePARSD (G8 "PAR", short-descriptor format). F = 0: PA[31:12] (of a
 * Supersection: PA[31:24], bits 23:12 zero, SS[1] = 1), NOS[10] (0 Outer Shareable),
 * NS[9] (UNKNOWN for Non-secure state: el2sim reports 1, the output address space, as for
 * PAR_EL1), SH[7], Inner[6:4], Outer[3:2]; Device memory and memory Non-cacheable inside
 * and outside report Outer Shareable. F = 1: FS[6:1] = the short-descriptor fault status
 * (DFSR bits 12, 10, 3:0), LPAE[11] = 0. */
uint64_t a32_par_sd(el2_cpu *c, const mmu_result *r, bool supersection)
{
    if (r->fault.kind != MMU_FAULT_NONE) {
        uint32_t fsr = mmu_a32_fsr(c, &r->fault);
        unsigned fs = (fsr >> 12 & 1) << 5 | (fsr >> 10 & 1) << 4 | (fsr & 15);
        return (uint64_t)fs << 1 | 1;
    }
    const mmu_memattrs *m = &r->attrs;
    bool osh = m->device || (m->inner.attrs == MEMATTR_NC && m->outer.attrs == MEMATTR_NC) ||
               (m->shareable && m->outershareable);
    bool sh = osh || m->shareable;
    uint64_t pa = supersection ? (r->pa & 0xff000000u) | 1u << 1 : r->pa & 0xfffff000u;
    return pa | (osh ? 0 : 1u << 10) | (r->ns ? 1u << 9 : 0) | (sh ? 1u << 7 : 0) | par_inner(m) << 4 |
           par_outer(m) << 2;
}

/* AArch32.AT(vaddress, stage, el, ataccess). opc1 4 (ATS1HR/HW): Regime_EL2, always the
 * long-descriptor PAR. opc1 0, opc2 0-3 (ATS1CPR/CPW/CUR/CUW): stage 1 of Regime_EL10 for
 * PL1 (opc2 0-1) or PL0; opc2 4-7 (ATS12NSOPR/PW/UR/UW): stage 1 then stage 2 (which passes
 * the address through when HCR.VM and HCR.DC are 0). PAR: AArch32.EncodePARLD when
 * TTBCR.EAE = 1, for ATS12NSO* with HCR.{VM,DC} not 0, and for ATS1C* from Hyp mode; else
 * AArch32.EncodePARSD (ATS12NSO* from Hyp mode with HCR.{VM,DC} 0 too). A fault that is an External abort, or from PL1 a stage 2 fault on
 * the stage 1 walk, is taken (AArch32.Abort; PAR UNKNOWN: left as it was). */
bool AArch32_AT(el2_cpu *c, unsigned opc1, unsigned opc2, uint32_t va, uint64_t pc, uint32_t insn)
{
    bool hyp = opc1 == 4, stage12 = !hyp && opc2 >= 4;
    mmu_access acc = { .regime = hyp ? REGIME_EL2 : REGIME_EL10, .el = hyp ? 2 : (opc2 & 2) ? 0 : 1,
                       .write = opc2 & 1, .at = true, .stage1_only = !stage12 };
    bool eae = hyp || (c->sr[SR_TCR_EL1] & TTBCR_EAE);
    bool ld = eae || (stage12 && mmu_s2_enabled(c)) || (!hyp && !stage12 && c->el == 2);
    mmu_result res;
    if (!AArch64_TranslateAddress(c, &acc, va, &res) &&
        (res.fault.kind == MMU_FAULT_EXTERNAL_WALK || (c->el == 1 && res.fault.s1ptw))) {
        AArch64_Abort(c, &res.fault, pc, insn);
        return false;
    }
    bool supersection = !eae && res.fault.kind == MMU_FAULT_NONE && res.s1_enabled && res.size == 16u << 20;
    c->sr[SR_PAR_EL1] = ld ? mmu_par(&res) : a32_par_sd(c, &res, supersection);
    return true;
}
