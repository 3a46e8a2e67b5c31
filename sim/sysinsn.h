/* sysinsn.h - semantics of MRS, MSR (register), SYS, SYSL, WFI and WFE at the
 * modelled EL, run from the code hook placed on each such instruction. */
#ifndef EL2_SYSINSN_H
#define EL2_SYSINSN_H
#include <stdbool.h>
#include <stdint.h>

struct el2_machine;

void sysinsn_exec(struct el2_machine *m, uint64_t pc, uint32_t insn);
void sysinsn_wfx(struct el2_machine *m, uint64_t pc, uint32_t insn);
/* Encodings the engine always runs natively, at every EL (NZCV, FPCR, FPSR,
 * TPIDR_EL0, DC ZVA): they get no code hook. */
bool sysinsn_key_native(uint32_t key);
bool sysinsn_always_native(uint32_t insn);
/* ISS of an EC 0x18 trap for this MRS/MSR/SYS encoding. */
uint32_t sysinsn_iss(uint32_t insn);
#endif
