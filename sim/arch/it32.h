/* it32.h - AArch32 ITSTATE arithmetic (Arm ARM DDI 0487, aarch32/functions/system:
 * ITAdvance, InITBlock, LastInITBlock, CurrentCond; G1 "ITSTATE"). IT is the 8-bit
 * ITSTATE: IT<7:2> = CPSR<15:10>, IT<1:0> = CPSR<26:25>. IT<7:5> is the base condition,
 * IT<4:0> the condition bit of the next instruction and the mask; IT<3:0> = '0000' is
 * "not in an IT block". Pure arithmetic, no executor. */
#ifndef EL2_IT32_H
#define EL2_IT32_H
#include <stdbool.h>
#include <stdint.h>

#define CPSR_IT_MASK (3u << 25 | 0x3fu << 10)

/* ITSTATE from a CPSR / SPSR, and a CPSR with ITSTATE it */
static inline unsigned it32_of_cpsr(uint32_t cpsr) { return ((cpsr >> 8) & 0xfc) | ((cpsr >> 25) & 3); }
static inline uint32_t it32_cpsr_with(uint32_t cpsr, unsigned it)
{
    return (cpsr & ~CPSR_IT_MASK) | (uint32_t)(it & 0xfc) << 8 | (uint32_t)(it & 3) << 25;
}
/* InITBlock(): IT<3:0> != '0000'; LastInITBlock(): IT<3:0> == '1000' */
static inline bool it32_in_block(unsigned it) { return (it & 0xf) != 0; }
static inline bool it32_last(unsigned it) { return (it & 0xf) == 0x8; }
/* AArch32.ITAdvance(): if IT<2:0> == '000' then IT = '00000000' else IT<4:0> = LSL(IT<4:0>, 1) */
unsigned it32_advance(unsigned it);
/* The condition of a T32 instruction with ITSTATE it (AArch32.CurrentCond() for T32):
 * IT<7:4> in an IT block, '1110' (AL) outside one */
unsigned it32_cond(unsigned it);
/* The ITSTATE the T32 instruction insn (hw1 in bits 15:0 when 16-bit, else hw1:hw2) leaves
 * for the next one when it starts with ITSTATE it and completes: an IT instruction (16-bit
 * 1011 1111 firstcond mask, mask != '0000') sets firstcond:mask; any other advances it */
unsigned it32_after(uint32_t insn, unsigned size, unsigned it);
#endif
