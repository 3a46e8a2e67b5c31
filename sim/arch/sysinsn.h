/* sysinsn.h - semantics of MRS, MSR (register), SYS, SYSL, WFI and WFE at the
 * modelled EL, run from the code hook the engine places on each such instruction. */
#ifndef EL2_SYSINSN_H
#define EL2_SYSINSN_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"

/* Executes the system instruction at pc. Returns true when the engine must run it
 * natively instead (state the engine keeps: NZCV, DAIF, SPSel, FPCR, ...). */
bool sysinsn_exec(el2_cpu *c, uint64_t pc, uint32_t insn);
void sysinsn_wfx(el2_cpu *c, uint64_t pc, uint32_t insn);
/* Encodings the engine always runs natively, at every EL (NZCV, FPCR, FPSR,
 * TPIDR_EL0, DC ZVA): they get no code hook. */
bool sysinsn_key_native(uint32_t key);
bool sysinsn_always_native(uint32_t insn);
#endif
