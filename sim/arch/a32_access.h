/* a32_access.h - the memory accesses of an A32/T32 load or store (issue 21: aborts from
 * AArch32). Plain C, no CPU: the caller passes the instruction and a register reader.
 *
 * Instructions are in the Arm ARM's notation (as aarch32.h): an A32 word; a T32 16-bit one
 * in bits 15:0, a 32-bit one as hw1:hw2. The decoder covers LDR/STR (B, H, SB, SH, D, T
 * forms; immediate, register, literal; offset, pre- and post-indexed), LDREX/STREX
 * (B, H, D), LDA/STL and LDAEX/STLEX (B, H, D), LDM/STM (IA, IB, DA, DB), PUSH/POP,
 * TBB/TBH, VLDR/VSTR and VLDM/VSTM/VPUSH/VPOP, in A32 and T32. Not decoded (false):
 * everything else, including preload hints (PLD, PLI), SRS/RFE, LDC/STC and the Advanced
 * SIMD element and structure loads (VLD1-4/VST1-4).
 *
 * One access per instruction: its lowest address and the number of bytes it covers (LDM
 * and LDRD cover several registers), the element size alignment is checked against, the
 * alignment the instruction requires whatever the memory (MemA in the pseudocode), and
 * the fields of the AArch32 LSInstructionSyndrome (SAS, SSE, SRT, AR) with whether the
 * Arm ARM lets ISV be 1 for it (a single register: LDR, LDA, LDRT, LDRSH, LDRSHT, LDRH,
 * LDAH, LDRHT, LDRSB, LDRSBT, LDRB, LDAB, LDRBT, STR, STL, STRT, STRH, STLH, STRHT, STRB,
 * STLB, STRBT; no writeback; R15 neither the register nor the base: ESR_ELx.ISV). */
#ifndef EL2_A32_ACCESS_H
#define EL2_A32_ACCESS_H
#include <stdbool.h>
#include <stdint.h>

/* The register reader: R<n> (0-14) of the current mode, as the instruction sees it; n = 16
 * asks for the CPSR (its C flag is RRX's carry in). */
typedef uint32_t (*a32_reg_fn)(void *ctx, unsigned n);

typedef struct {
    uint32_t addr;        /* the lowest byte accessed */
    unsigned size;        /* bytes covered in all (LDM: 4 per register, LDRD 8) */
    unsigned esize;       /* bytes of one element: the alignment Device memory and SCTLR.A ask */
    unsigned align;       /* alignment required on any memory (MemA: LDM, LDRD, exclusives,
                           * LDA/STL, VLDR; 1: none, MemU) */
    bool write;           /* a store (WnR); a store exclusive is a write */
    bool exclusive;       /* LDREX/STREX family */
    bool wback;           /* the base register is written back */
    bool isv;             /* the ISS instruction syndrome may be valid (see above) */
    unsigned sas;         /* SAS: log2 of the size of the single register access */
    bool sse;             /* SSE: the load sign-extends */
    bool ar;              /* AR: acquire/release */
    unsigned rt;          /* Rt, the AArch32 register (SRT is the X register of the current
                           * mode that holds it: aarch32_reg_x) */
    unsigned rn;          /* the base register (15: PC-relative) */
} a32_access;

/* The access of insn at pc (thumb: T32; R15 reads as pc + 8 in A32, pc + 4 in T32, and
 * Align(PC, 4) as a literal base). False when insn is no load/store the decoder knows;
 * with reg NULL only whether it is one (a's addresses are then 0). */
bool a32_access_decode(uint32_t insn, bool thumb, uint32_t pc, a32_reg_fn reg, void *ctx, a32_access *a);

/* Whether insn is a load/store whose alignment can fault (an element or required
 * alignment above 1 byte): the ones a code hook checks. */
bool a32_access_alignable(uint32_t insn, bool thumb);

/* LSInstructionSyndrome() for the access: ISS bits 24:14 (ISV, SAS, SSE, SRT = srt, SF 0,
 * AR), 0 when ISV must be 0. srt: the X register of the current mode holding Rt. */
uint32_t a32_access_ls_iss(const a32_access *a, unsigned srt);
#endif
