/* excgen.h - exception-generating instructions (HVC, SMC, SVC, BRK) and UNDEFINED
 * instructions (including HLT #0xf000 semihosting), named after the Arm ARM
 * pseudocode each follows; pc is the instruction. */
#ifndef EL2_EXCGEN_H
#define EL2_EXCGEN_H
#include <stdint.h>
#include "cpu.h"
/* An instruction the engine found UNDEFINED (or that raised the engine's UNDEF) */
void excgen_undefined(el2_cpu *c, uint64_t pc);
void AArch64_CallSupervisor(el2_cpu *c, uint64_t pc);
void AArch64_SoftwareBreakpoint(el2_cpu *c, uint64_t pc);
void AArch64_CallHypervisor(el2_cpu *c, uint64_t pc);
void AArch64_CallSecureMonitor(el2_cpu *c, uint64_t pc);
#endif
