/* mmu_a32.h - address translation where the regime uses AArch32 (issue 21, session 7):
 * the VMSAv8-32 long-descriptor format of Hyp mode's stage 1 (HTCR, HTTBR, HMAIR0/1 as
 * the rows of TCR_EL2, TTBR0_EL2, MAIR_EL2: Arm ARM G5 "The AArch32 Virtual Memory System
 * Architecture", aarch32/translation pseudocode AArch32.TranslationTableWalkLD), walked by
 * mmu.c's long-descriptor walker with the HTCR's parameters, and the aborts the faults are
 * taken as on the Hyp-mode machine (AArch32.Abort). */
#ifndef EL2_MMU_A32_H
#define EL2_MMU_A32_H
#include <stdint.h>
#include "cpu.h"
#include "mmu.h"

/* The TCR_EL2 (E2H = 0 layout) whose walk equals the Hyp-mode walk of htcr (HTCR) */
uint64_t mmu_a32_htcr_as_tcr(uint64_t htcr);
/* The VTCR_EL2 (AArch64 layout) whose stage 2 walk equals that of vtcr (AArch32 VTCR) */
uint64_t mmu_a32_vtcr_as_vtcr(uint64_t vtcr);
/* AArch32.FirstStageTranslate for an EL1&0 regime that uses AArch32: the short-descriptor
 * walk (TTBCR.EAE = 0) into res (stage 1 result or fault); with TTBCR.EAE = 1 the VA in the
 * TTBR0 or TTBR1 half the AArch64 walk of mmu_a32_ttbcr_as_tcr selects (*walk_va, false:
 * mmu.c walks it), or true with a Translation fault for a VA in neither range. */
bool AArch32_FirstStageTranslate(el2_cpu *c, const mmu_access *acc, uint64_t va, mmu_result *res,
                                 uint64_t *walk_va);
/* The TCR_EL1 whose walk equals the long-descriptor walk of ttbcr (TTBCR with EAE = 1) */
uint64_t mmu_a32_ttbcr_as_tcr(uint64_t ttbcr);
/* DFSR/IFSR for a stage 1 fault of the PL1&0 regime (TTBCR.EAE: long or short format) */
uint32_t mmu_a32_fsr(el2_cpu *c, const mmu_fault *f);
/* AArch32.Abort of a fault taken to the AArch32 EL1 (Abort mode) */
void AArch32_EL1Abort(el2_cpu *c, const mmu_fault *f, uint64_t pc, uint32_t insn);
/* AArch32.Abort on the Hyp-mode machine for the fault f of the instruction at pc */
void AArch32_HypAbort(el2_cpu *c, const mmu_fault *f, uint64_t pc, uint32_t insn, int64_t ls);
#endif
