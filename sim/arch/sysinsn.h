/* sysinsn.h - semantics of MRS, MSR (register), MSR DAIFSet/DAIFClr, SYS, SYSL, WFI and
 * WFE at the modelled EL, run from the code hook the engine places on each such
 * instruction. */
#ifndef EL2_SYSINSN_H
#define EL2_SYSINSN_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"
#include "sysreg.h"

/* Executes the system instruction at pc. Returns true when the engine must run it
 * natively instead (state the engine keeps: NZCV, DAIF, SPSel, FPCR, ...). DC ZVA and
 * MSR DAIFSet/DAIFClr, #imm, once their checks pass, return false: the engine executes
 * them anyway (their INSN hook never skips them). */
bool sysinsn_exec(el2_cpu *c, uint64_t pc, uint32_t insn);
/* WFI, WFE, SEV, SEVL: the traps, the Event Register, the WFI stop. */
void sysinsn_wfx(el2_cpu *c, uint64_t pc, uint32_t insn);
/* AArch64.CheckForWFxTrap(target_el, wfxtype) (also for WFI/WFE executed in AArch32: aarch32.c) */
bool AArch64_CheckForWFxTrap(el2_cpu *c, unsigned target_el, bool wfe);
/* MSR (immediate) to SPSel, PAN, UAO or SSBS (sysinsn_is_msr_imm_hooked). Returns true
 * when the engine must run it natively (SPSel above EL0). */
bool sysinsn_msr_imm(el2_cpu *c, uint64_t pc, uint32_t insn);
/* The MSR (immediate) encodings sysinsn_msr_imm handles: op1:op2 000:011 (UAO), 000:100
 * (PAN), 000:101 (SPSel), 011:001 (SSBS); op0 00, CRn 0100, Rt 11111. */
static inline bool sysinsn_is_msr_imm_hooked(uint32_t insn)
{
    if ((insn & 0xfff8f01fu) != 0xd500401fu)
        return false;
    unsigned op1 = (insn >> 16) & 7, op2 = (insn >> 5) & 7;
    return op1 == 0 ? (op2 >= 3 && op2 <= 5) : (op1 == 3 && op2 == 1);
}
/* WFI, WFE, SEV, SEVL */
static inline bool sysinsn_is_wfx_or_sev(uint32_t insn)
{
    return insn == 0xd503207f || insn == 0xd503205f || insn == 0xd503209f || insn == 0xd50320bf;
}
/* Encodings the engine executes itself, never skipped by its INSN hook (NZCV, FPCR,
 * FPSR, TPIDR_EL0, DC ZVA). */
bool sysinsn_key_native(uint32_t key);
/* ... and of those, the ones that need no access check at any EL, so no code hook (all
 * but DC ZVA). */
bool sysinsn_always_native(uint32_t insn);
/* op0 == 0 (hints, barriers, MSR #imm) forms that need a code hook: MSR DAIFSet/DAIFClr
 * (trapped at EL0 without SCTLR_ELx.UMA). */
bool sysinsn_imm_hooked(uint32_t insn);
/* For MSR DAIFSet/DAIFClr and MSR DAIF, Xt: true, and *daif (PSTATE.DAIF before, SPSR
 * layout) becomes the value the instruction leaves. */
bool sysinsn_daif_write(el2_cpu *c, uint32_t insn, uint32_t *daif);
/* The access check of SYS op1, CRn, CRm, op2 (L = 0) at the current EL: SRA_OK,
 * SRA_UNDEF, SRA_TRAP (as synchronous exceptions are routed) or SRA_TRAP_EL2. */
sysreg_access sysinsn_sys_access(el2_cpu *c, unsigned op1, unsigned crn, unsigned crm, unsigned op2);
#endif
