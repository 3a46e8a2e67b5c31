/* a64_fp.h - CPTR_EL2's FP/Advanced SIMD trap of AArch64 code (AArch64.CheckFPAdvSIMDTrap;
 * issue 21 session 7, the AArch64 side of a32_fp.c). CPACR_EL1.FPEN is not modelled for
 * AArch64 code (el2sim's EL1/EL0 FP is always enabled). */
#ifndef EL2_A64_FP_H
#define EL2_A64_FP_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"

/* An A64 SIMD&FP instruction: data-processing (op0 x111), loads and stores with V = 1,
 * MRS/MSR of FPCR and FPSR */
bool a64_fp_insn(uint32_t insn);
/* Can CPTR_EL2 trap AArch64 FP/Advanced SIMD now (TFP, or FPEN with HCR_EL2.E2H)? Only
 * then the executor hooks these instructions. */
bool a64_fp_traps_possible(el2_cpu *c);
/* The hooked SIMD&FP instruction at pc, before it runs: true when CPTR_EL2 traps it (the
 * exception is taken: EC 0x07 to EL2), false when the executor runs it. */
bool a64_fp_check(el2_cpu *c, uint64_t pc, uint32_t insn);
#endif
