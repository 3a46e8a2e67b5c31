/* a32_fp.h - floating-point and Advanced SIMD instructions in AArch32 state and their
 * access controls (issue 21: CPACR, FPEXC, CPTR_EL2, HCPTR). Instructions are in
 * aarch32.h's notation (an A32 word; a 32-bit T32 one as hw1:hw2). */
#ifndef EL2_A32_FP_H
#define EL2_A32_FP_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"

typedef enum {
    A32FP_NONE,     /* not an FP/Advanced SIMD instruction */
    A32FP_VFP,      /* floating-point: data-processing, VLDR/VSTR/VLDM/VSTM/VPUSH/VPOP, VMOV core<->FP */
    A32FP_SIMD,     /* Advanced SIMD: data-processing, element/structure loads and stores, VDUP, ... */
    A32FP_VMRS,     /* VMRS: a read of FPSCR, FPSID, FPEXC, MVFR0-2 (reg) into R<rt> */
    A32FP_VMSR,     /* VMSR: a write of R<rt> to one of them */
} a32_fp_class;

typedef struct {
    a32_fp_class cls;
    unsigned reg, rt;     /* VMRS/VMSR: the register (0 FPSID, 1 FPSCR, 5-7 MVFR2-0, 8 FPEXC) and Rt */
    unsigned cond;        /* the condition (0xE for an unconditional A32 or any T32 instruction) */
} a32_fp_insn;

/* VMRS/VMSR register numbers (Arm ARM F6 "VMRS": the reg field) */
enum { FPREG_FPSID = 0, FPREG_FPSCR = 1, FPREG_MVFR2 = 5, FPREG_MVFR1 = 6, FPREG_MVFR0 = 7, FPREG_FPEXC = 8 };

/* The class of an A32 (thumb false) or T32 instruction */
a32_fp_class a32_fp_decode(uint32_t insn, bool thumb, a32_fp_insn *d);

/* Can an FP/Advanced SIMD instruction trap or be UNDEFINED by its access controls now
 * (CPACR cp10/ASEDIS, FPEXC.EN, CPTR_EL2.TFP / FPEN, HCPTR.TCP10/TASE)? Only then the
 * executor hooks them; VMRS/VMSR of the other registers than FPSCR are always hooked
 * (el2sim keeps FPEXC). */
bool a32_fp_traps_possible(el2_cpu *c);
bool a32_fp_needs_hook(uint32_t insn, bool thumb, bool traps_possible);

/* Does el2sim act on this hooked instruction (a trap, an UNDEFINED, or a register it
 * keeps), or does the executor run it (false)? */
bool a32_fp_acts(el2_cpu *c, uint32_t insn, bool thumb, uint32_t cpsr);
/* The hooked FP/Advanced SIMD instruction at pc, before it runs, when a32_fp_acts said
 * so: the exception, or the VMRS/VMSR made (the PC moves past it). */
void a32_fp_exec(el2_cpu *c, uint64_t pc, uint32_t insn, unsigned size, bool thumb, uint32_t cpsr);
#endif
