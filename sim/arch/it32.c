/* it32.c - AArch32 ITSTATE arithmetic (it32.h; Arm ARM aarch32/functions pseudocode) */
#include "it32.h"

/* AArch32.ITAdvance():
 *   if PSTATE.IT<2:0> == '000' then PSTATE.IT = '00000000';
 *   else PSTATE.IT<4:0> = LSL(PSTATE.IT<4:0>, 1); */
unsigned it32_advance(unsigned it)
{
    if ((it & 7) == 0)
        return 0;
    return (it & 0xe0) | ((it << 1) & 0x1f);
}

/* AArch32.CurrentCond() for T32: "if InITBlock() then cond = PSTATE.IT<7:4> else '1110'" */
unsigned it32_cond(unsigned it)
{
    return it32_in_block(it) ? (it >> 4) & 0xf : 0xe;
}

/* IT (T1: 1011 1111 firstcond mask; mask == '0000' is a hint, NOP/YIELD/WFE/WFI/SEV):
 * "ITSTATE.IT<7:0> = firstcond:mask" when it executes; every other instruction that
 * completes calls ITAdvance() */
unsigned it32_after(uint32_t insn, unsigned size, unsigned it)
{
    if (size == 2 && (insn & 0xff00) == 0xbf00 && (insn & 0xf))
        return insn & 0xff;
    return it32_advance(it);
}
