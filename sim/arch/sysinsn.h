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
void sysinsn_wfx(el2_cpu *c, uint64_t pc, uint32_t insn);
/* Encodings the engine executes itself, never skipped by its INSN hook (NZCV, FPCR,
 * FPSR, TPIDR_EL0, DC ZVA). */
bool sysinsn_key_native(uint32_t key);
/* ... and of those, the ones that need no access check at any EL, so no code hook (all
 * but DC ZVA). */
bool sysinsn_always_native(uint32_t insn);
/* op0 == 0 (hints, barriers, MSR #imm) forms that need a code hook: MSR DAIFSet/DAIFClr
 * (trapped at EL0 without SCTLR_ELx.UMA). */
bool sysinsn_imm_hooked(uint32_t insn);
/* The access check of SYS op1, CRn, CRm, op2 (L = 0) at the current EL: SRA_OK,
 * SRA_UNDEF, SRA_TRAP (as synchronous exceptions are routed) or SRA_TRAP_EL2. */
sysreg_access sysinsn_sys_access(el2_cpu *c, unsigned op1, unsigned crn, unsigned crm, unsigned op2);
#endif
