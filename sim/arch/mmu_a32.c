/* mmu_a32.c - AArch32 translation regimes (mmu_a32.h; issue 21, session 7) */
#include "mmu_a32.h"
#include "hyp32.h"
#include "syndrome.h"
#include "sysreg.h"

/* AArch32.TranslationTableWalkLD for the Hyp regime (Arm ARM G5.5 "The VMSAv8-32
 * Long-descriptor translation table format"; HTCR): one VA range of 2^(32 - T0SZ) bytes,
 * T0SZ = HTCR[2:0]; a 4 KiB granule, the walk starting at level 1 (T0SZ 0-1) or level 2
 * (T0SZ 2-7); the walks' cacheability and shareability IRGN0[9:8], ORGN0[11:10], SH0[13:12];
 * output addresses of 40 bits (descriptor bits [39:12]; "OA[47:40] nonzero": an Address
 * size fault); HPD at bit 24 (FEAT_AA32HPD). The descriptors (AP[2:1] with AP[1] RES1 in
 * Hyp mode, XN, AF, SH, AttrIndx into HMAIR0/1, APTable/XNTable) are those of VMSAv8-64
 * stage 1 in the EL2 regime, so mmu.c's AArch64.TranslationTableWalk with T0SZ = 32 + T0SZ,
 * TG0 = 4 KiB and PS = 40 bits makes the same walk: its start level for a 32 - T0SZ bit
 * input (4 - ceil((inputsize - 12) / 9)) is LPAE's. */
uint64_t mmu_a32_htcr_as_tcr(uint64_t htcr)
{
    uint64_t t0sz = 32 + (htcr & 7);
    return t0sz | (htcr & 0x3f00) | (htcr & (1ULL << 24)) | 2ULL << 16 | 1ULL << 31 | 1ULL << 23;
}

/* AArch32.SecondStageTranslate -> AArch32.TranslationTableWalkLD for stage 2 (VTCR,
 * VTTBR): T0SZ = VTCR[3:0], a signed 4-bit value (VTCR.S, bit 4, is its sign), so the
 * IPA range is 2^(32 - T0SZ) bytes, up to 40 bits; SL0 [7:6]: 0b00 the walk starts at
 * level 2, 0b01 at level 1 (as VTCR_EL2.SL0 for 4 KiB); IRGN0, ORGN0, SH0 [13:8]; the
 * descriptors are VMSAv8-64 stage 2 ones (S2AP, XN, MemAttr, AF); 40-bit output
 * addresses. As a VTCR_EL2: T0SZ = 32 + T0SZ, TG0 = 4 KiB, PS = 40 bits. */
uint64_t mmu_a32_vtcr_as_vtcr(uint64_t vtcr)
{
    int t0sz = (int)(vtcr & 0xf) - ((vtcr & 8) ? 16 : 0);
    return (uint64_t)(32 + t0sz) | (vtcr & 0x3fc0) | 2ULL << 16 | 1ULL << 31;
}

/* AArch32.Abort(vaddress, fault) on the Hyp-mode machine (aarch32/exceptions): from Hyp
 * mode AArch32.TakePrefetchAbortException / TakeDataAbortException enter Hyp mode at
 * HVBAR + 0x0C / 0x10 with HSR EC 0x21 / 0x25 (the long-descriptor FSC Hyp mode uses) and
 * HIFAR / HDFAR the VA; from a PL1 or PL0 mode a stage 2 fault, or any fault from User
 * mode with HCR.TGE, enters Hyp mode at the Hyp Trap entry 0x14 with EC 0x20 / 0x24 and
 * HPFAR for an IPA that IPAValid gives; preferred return: the instruction (the fetch).
 * A stage 1 fault of a PL1/PL0 regime goes to Abort mode, not modelled yet. */
void AArch32_HypAbort(el2_cpu *c, const mmu_fault *f, uint64_t pc, uint32_t insn)
{
    bool to_hyp = c->el == 2 || f->stage == 2 || (c->el == 0 && (c->sr[SR_HCR_EL2] & HCR_TGE));
    if (!to_hyp) {
        cpu_stop(c, STOP_FAULT, 0, "the %s at %s is taken to Abort mode, which is not modelled yet",
                 f->fetch ? "Prefetch Abort" : "Data Abort", cpu_sym(c, pc));
        return;
    }
    if (c->el != 2 && mmu_ipa_valid(f))
        c->sr[SR_HPFAR_EL2] = mmu_hpfar(f->ipaddress);
    el2_exc_record exc = { .kind = f->fetch ? EXC_INSN_ABORT : EXC_DATA_ABORT,
                           .syndrome = AArch64_FaultSyndrome(f, c->el == 2),
                           .has_far = true, .vaddress = (uint32_t)f->vaddress, .pc = pc, .insn = insn };
    AArch32_EnterHypMode(c, &exc, (uint32_t)pc, hyp32_vector(c, exc.kind));
}
