/* a32_pcalign.h - the PC alignment fault from AArch32 state (issue 21; a32_pcalign.c). */
#ifndef EL2_A32_PCALIGN_H
#define EL2_A32_PCALIGN_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"

/* AArch32.CheckPCAlignment for an instruction fetch at pc in the current state (thumb: T32):
 * false when pc is aligned for it; else the fault is taken (or the PE stopped, its vector
 * not mapped) and true. */
bool AArch32_CheckPCAlignment(el2_cpu *c, uint32_t pc, bool thumb);
#endif
