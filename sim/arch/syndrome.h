/* syndrome.h - ESR_ELx values, one builder per exception class, named after the ISS
 * encoding it fills (Arm ARM DDI 0487, D17.2.37 "ESR_EL2, Exception Syndrome Register
 * (EL2)", and the ISS encoding sections it links). Every syndrome el2sim reports is made
 * here; call sites pass the fields, never a hand-assembled value. All are for exceptions
 * taken from AArch64 with a 32-bit instruction (IL = 1) unless the builder says so. */
#ifndef EL2_SYNDROME_H
#define EL2_SYNDROME_H
#include <stdbool.h>
#include <stdint.h>

/* Exception classes (ESR_ELx.EC) */
#define EC_UNKNOWN      0x00
#define EC_WFX          0x01
#define EC_CP15RT       0x03    /* MCR/MRC to CP15, from AArch32 */
#define EC_CP15RRT      0x04    /* MCRR/MRRC to CP15 */
#define EC_CP14RT       0x05    /* MCR/MRC to CP14 */
#define EC_FP_ACCESS    0x07    /* FP/Advanced SIMD access trap (CPACR_EL1.FPEN, CPTR_EL2.TFP, HCPTR) */
#define EC_CP10RT       0x08    /* VMRS of an ID register trapped by HCR_EL2.TID0/TID3, from AArch32 */
#define EC_CP14RRT      0x0c    /* MRRC to CP14 */
#define EC_ILLEGAL      0x0e
#define EC_SVC32        0x11
#define EC_HVC32        0x12
#define EC_SMC32        0x13
#define EC_SVC64        0x15
#define EC_HVC64        0x16
#define EC_SMC64        0x17
#define EC_SYSREG       0x18
#define EC_IABT_LOWER   0x20
#define EC_IABT_CUR     0x21
#define EC_PC_ALIGN     0x22
#define EC_DABT_LOWER   0x24
#define EC_DABT_CUR     0x25
#define EC_SP_ALIGN     0x26
#define EC_SERROR       0x2f
#define EC_BKPT32       0x38    /* BKPT from AArch32 */
#define EC_BRK          0x3c

#define ESR_IL (1u << 25)

/* Fault status codes (IFSC/DFSC), as EncodeLDFSC(statuscode, level) gives them (Arm ARM
 * "ISS encoding for an exception from a Data Abort", DFSC; the long-descriptor format).
 * The faults of a translation table walk carry the level of the lookup that faulted,
 * 0-3 (level -1 exists only with FEAT_LPA2, which no CPU model has). */
#define FSC_EXTERNAL   0x10   /* synchronous External abort, not on a table walk */
#define FSC_ALIGNMENT  0x21
#define FSC_DEBUG      0x22   /* a Debug exception (AArch32 HSR, HDCR.TDE/Hyp: BKPT) */

static inline unsigned fsc_address_size(unsigned level) { return 0x00u | (level & 3); }  /* 0b0000LL */
static inline unsigned fsc_translation(unsigned level) { return 0x04u | (level & 3); }   /* 0b0001LL */
/* Access flag and Permission faults at level 0 are reserved encodings without FEAT_LPA2
 * (no level 0 block exists): callers pass 1-3. */
static inline unsigned fsc_access_flag(unsigned level) { return 0x08u | (level & 3); }   /* 0b0010LL */
static inline unsigned fsc_permission(unsigned level) { return 0x0cu | (level & 3); }    /* 0b0011LL */
/* synchronous External abort on a translation table walk, 0b0101LL */
static inline unsigned fsc_external_walk(unsigned level) { return 0x14u | (level & 3); }

/* ISS bits of the Data Abort (EC 0x24/0x25) and Instruction Abort (EC 0x20/0x21) syndromes
 * beyond the FSC, for the *_iss builders below. Instruction Aborts have FnV, EA and S1PTW
 * only; CM and WnR are Data Abort bits. */
#define ISS_ABT_FNV   (1u << 10)  /* FAR not valid (a synchronous External abort only) */
#define ISS_ABT_EA    (1u << 9)   /* External abort type (IMPLEMENTATION DEFINED class) */
#define ISS_DABT_CM   (1u << 8)   /* from a cache maintenance or address translation instruction */
#define ISS_ABT_S1PTW (1u << 7)   /* a stage 2 fault on an access made for a stage 1 table walk */
#define ISS_DABT_WNR  (1u << 6)   /* write not read (always 1 with CM: "for faults on cache
                                     maintenance and address translation instructions") */

static inline uint32_t syn_make(unsigned ec, uint32_t iss)
{
    return (uint32_t)ec << 26 | ESR_IL | (iss & 0x1ffffff);
}

/* EC 0x00: Unknown reason (UNDEFINED instruction); ISS RES0 */
static inline uint32_t syn_uncategorized(void) { return syn_make(EC_UNKNOWN, 0); }

/* EC 0x01: "ISS encoding for an exception from a WFI or WFE instruction": CV[24],
 * COND[23:20], TI[1:0] (0 WFI, 1 WFE). A64 instructions report CV = 1, COND = 0xE. */
static inline uint32_t syn_wfx(bool wfe)
{
    return syn_make(EC_WFX, 1u << 24 | 0xeu << 20 | (wfe ? 1u : 0u));
}

/* EC 0x0E: Illegal Execution state; ISS RES0 */
static inline uint32_t syn_illegal_state(void) { return syn_make(EC_ILLEGAL, 0); }

/* EC 0x15/0x16/0x17: "ISS encoding for an exception from HVC or SVC instruction
 * execution" / "... from SMC instruction execution in AArch64 state": imm16[15:0]. */
static inline uint32_t syn_aa64_svc(uint32_t imm16) { return syn_make(EC_SVC64, imm16 & 0xffff); }
static inline uint32_t syn_aa64_hvc(uint32_t imm16) { return syn_make(EC_HVC64, imm16 & 0xffff); }
static inline uint32_t syn_aa64_smc(uint32_t imm16) { return syn_make(EC_SMC64, imm16 & 0xffff); }

/* ---- exceptions taken from AArch32 state (issue 21) ----
 * IL is 0 for a trapped 16-bit T32 instruction and 1 otherwise ("IL, bit [25]:
 * Instruction Length for synchronous exceptions"). Where the ISS has CV/COND, a trapped
 * conditional instruction is taken only when it passes its condition, so el2sim reports
 * CV = 1 and the A32 instruction's cond (0xE for an unconditional one), and COND = 0xE for
 * T32, which the Arm ARM allows for an implementation that traps only instructions that
 * pass ("ISS encoding for an exception from an MCR or MRC access", COND: "... the COND
 * field can be set to 0xE"), as QEMU does. */
static inline uint32_t syn_aa32_make(unsigned ec, uint32_t iss, bool is_16bit)
{
    return (uint32_t)ec << 26 | (is_16bit ? 0 : ESR_IL) | (iss & 0x1ffffff);
}
static inline uint32_t syn_aa32_cv_cond(unsigned cond) { return 1u << 24 | (cond & 15u) << 20; }

/* EC 0x01 from AArch32: CV[24], COND[23:20], TI[1:0] (0 WFI, 1 WFE) */
static inline uint32_t syn_aa32_wfx(unsigned cond, bool wfe, bool is_16bit)
{
    return syn_aa32_make(EC_WFX, syn_aa32_cv_cond(cond) | (wfe ? 1u : 0u), is_16bit);
}

/* EC 0x03: "ISS encoding for an exception from an MCR or MRC access": CV[24], COND[23:20],
 * Opc2[19:17], Opc1[16:14], CRn[13:10], Rt[9:5], CRm[4:1], Direction[0] (1 = read, MRC).
 * MCR/MRC are 32-bit in both instruction sets. */
static inline uint32_t syn_aa32_cp15_rt(unsigned cond, unsigned opc1, unsigned crn, unsigned crm,
                                        unsigned opc2, unsigned rt, bool is_read)
{
    return syn_aa32_make(EC_CP15RT, syn_aa32_cv_cond(cond) | (uint32_t)(opc2 & 7) << 17 |
                                        (uint32_t)(opc1 & 7) << 14 | (uint32_t)(crn & 15) << 10 |
                                        (uint32_t)(rt & 31) << 5 | (uint32_t)(crm & 15) << 1 |
                                        (is_read ? 1u : 0u), false);
}

/* EC 0x05 (CP14 MCR/MRC): the same ISS as EC 0x03 ("ISS encoding for an exception from
 * an MCR or MRC access" covers both) */
static inline uint32_t syn_aa32_cp14_rt(unsigned cond, unsigned opc1, unsigned crn, unsigned crm,
                                        unsigned opc2, unsigned rt, bool is_read)
{
    return (syn_aa32_cp15_rt(cond, opc1, crn, crm, opc2, rt, is_read) & ~(0x3fu << 26)) | (uint32_t)EC_CP14RT << 26;
}

/* EC 0x04 (CP15) / 0x0C (CP14): "ISS encoding for an exception from an MCRR or MRRC
 * access": CV[24], COND[23:20], Opc1[19:16], Rt2[14:10], Rt[9:5], CRm[4:1], Direction[0]
 * (1 = read, MRRC) */
static inline uint32_t syn_aa32_cp_rrt(bool cp14, unsigned cond, unsigned opc1, unsigned crm, unsigned rt,
                                       unsigned rt2, bool is_read)
{
    return syn_aa32_make(cp14 ? EC_CP14RRT : EC_CP15RRT, syn_aa32_cv_cond(cond) | (uint32_t)(opc1 & 15) << 16 |
                                        (uint32_t)(rt2 & 31) << 10 | (uint32_t)(rt & 31) << 5 |
                                        (uint32_t)(crm & 15) << 1 | (is_read ? 1u : 0u), false);
}

/* EC 0x07 from AArch32 to an AArch64 EL: "ISS encoding for an exception from an access to
 * SIMD or floating-point functionality, resulting from the FPEN and TFP traps": CV[24],
 * COND[23:20] (ConditionSyndrome()), the rest RES0; FP instructions are 32-bit. */
static inline uint32_t syn_aa32_fp_access(unsigned cond)
{
    return syn_aa32_make(EC_FP_ACCESS, syn_aa32_cv_cond(cond), false);
}
/* EC 0x07 in HSR (AArch32.CheckFPAdvSIMDTrap, an HCPTR trap): CV, COND, TA[5] = 1 for
 * Advanced SIMD, else coproc[3:0] = 0b1010 ("coproc field, always 0xA") */
static inline uint32_t syn_aa32_hcptr(unsigned cond, bool advsimd)
{
    return syn_aa32_fp_access(cond) | (advsimd ? 1u << 5 : 0xau);
}
/* EC 0x08: a VMRS trapped by the ID group (HCR_EL2.TID0/TID3), with the ISS of an MRC
 * ("ISS encoding for an exception from an MCR or MRC access"): VMRS <Rt>, <reg> is
 * MRC p10, 7, <Rt>, c<reg>, c0, 0 */
static inline uint32_t syn_aa32_vmrs(unsigned cond, unsigned reg, unsigned rt)
{
    return (syn_aa32_cp15_rt(cond, 7, reg, 0, 0, rt, true) & ~(0x3fu << 26)) | (uint32_t)EC_CP10RT << 26;
}
/* EC 0x07 from AArch64 (AArch64.AdvSIMDFPAccessTrap): CV = 1, COND = 0xE */
static inline uint32_t syn_aa64_fp_access(void) { return syn_make(EC_FP_ACCESS, 1u << 24 | 0xeu << 20); }

/* EC 0x11/0x12: "ISS encoding for an exception from HVC or SVC instruction execution":
 * imm16[15:0] — an A32 SVC's imm24[15:0], a T32 SVC's imm8 (a 16-bit instruction), an
 * HVC's imm16 (A32 imm12:imm4, T32 imm4:imm12; always 32-bit). */
static inline uint32_t syn_aa32_svc(uint32_t imm16, bool is_16bit)
{
    return syn_aa32_make(EC_SVC32, imm16 & 0xffff, is_16bit);
}
static inline uint32_t syn_aa32_hvc(uint32_t imm16) { return syn_aa32_make(EC_HVC32, imm16 & 0xffff, false); }

/* EC 0x13: "ISS encoding for an exception from SMC instruction execution in AArch32
 * state": CV[24], COND[23:20], CCKNOWNPASS[19] (0: "the instruction was unconditional,
 * or was conditional and passed its condition code check", which is always so here: an
 * SMC that fails its condition is a NOP and not trapped), the rest RES0. */
static inline uint32_t syn_aa32_smc(unsigned cond)
{
    return syn_aa32_make(EC_SMC32, syn_aa32_cv_cond(cond), false);
}

/* EC 0x18: "ISS encoding for an exception from MSR, MRS, or System instruction
 * execution in AArch64 state": Op0[21:20] Op2[19:17] Op1[16:14] CRn[13:10] Rt[9:5]
 * CRm[4:1] Direction[0] (1 = read). */
static inline uint32_t syn_aa64_sysregtrap(unsigned op0, unsigned op1, unsigned crn, unsigned crm,
                                           unsigned op2, unsigned rt, bool is_read)
{
    return syn_make(EC_SYSREG, (uint32_t)op0 << 20 | (uint32_t)op2 << 17 | (uint32_t)op1 << 14 |
                                   (uint32_t)crn << 10 | (uint32_t)rt << 5 | (uint32_t)crm << 1 |
                                   (is_read ? 1u : 0u));
}
/* The same, decoded from the trapped MRS/MSR/SYS/SYSL encoding. */
static inline uint32_t syn_aa64_sysregtrap_insn(uint32_t insn)
{
    return syn_aa64_sysregtrap((insn >> 19) & 3, (insn >> 16) & 7, (insn >> 12) & 15,
                               (insn >> 8) & 15, (insn >> 5) & 7, insn & 31, (insn >> 21) & 1);
}

/* EC 0x20/0x21: "ISS encoding for an exception from an Instruction Abort": FnV[10],
 * EA[9], S1PTW[7], IFSC[5:0]; flags are ISS_ABT_* (CM and WnR do not exist here and are
 * dropped). */
static inline uint32_t syn_insn_abort_iss(bool same_el, unsigned ifsc, uint32_t flags)
{
    flags &= ISS_ABT_FNV | ISS_ABT_EA | ISS_ABT_S1PTW;
    return syn_make(same_el ? EC_IABT_CUR : EC_IABT_LOWER, flags | (ifsc & 0x3f));
}
/* The same with no flags: IFSC only. */
static inline uint32_t syn_insn_abort(bool same_el, unsigned ifsc)
{
    return syn_insn_abort_iss(same_el, ifsc, 0);
}

/* EC 0x24/0x25: "ISS encoding for an exception from a Data Abort": FnV[10], EA[9], CM[8],
 * S1PTW[7], WnR[6], DFSC[5:0], with ISV[24] = 0 (no instruction syndrome); flags are
 * ISS_ABT_* and ISS_DABT_*. */
static inline uint32_t syn_data_abort_iss(bool same_el, unsigned dfsc, uint32_t flags)
{
    flags &= ISS_ABT_FNV | ISS_ABT_EA | ISS_DABT_CM | ISS_ABT_S1PTW | ISS_DABT_WNR;
    return syn_make(same_el ? EC_DABT_CUR : EC_DABT_LOWER, flags | (dfsc & 0x3f));
}
/* EC 0x24/0x25 with the instruction syndrome: ISV[24] = 1, SAS[23:22], SSE[21], SRT[20:16],
 * SF[15], AR[14] (from LSInstructionSyndrome, mmu.c) beside the flags above. */
static inline uint32_t syn_data_abort_isv(bool same_el, unsigned dfsc, uint32_t flags, uint32_t ls_iss)
{
    return syn_data_abort_iss(same_el, dfsc, flags) | (1u << 24) | (ls_iss & 0x00ffc000u);
}
/* The same with WnR as the only flag. */
static inline uint32_t syn_data_abort(bool same_el, bool wnr, unsigned dfsc)
{
    return syn_data_abort_iss(same_el, dfsc, wnr ? ISS_DABT_WNR : 0);
}

/* EC 0x20/0x21 and 0x24/0x25 with IFSC/DFSC 0b0000LL: "Address size fault, level LL"
 * (with the MMU off always level 0: AArch64.S1DisabledOutput sets fault.level = 0). */
static inline uint32_t syn_insn_abort_addr_size(bool same_el, unsigned level)
{
    return syn_insn_abort(same_el, fsc_address_size(level));
}
static inline uint32_t syn_data_abort_addr_size(bool same_el, bool wnr, unsigned level)
{
    return syn_data_abort(same_el, wnr, fsc_address_size(level));
}

/* EC 0x22 / 0x26: PC and SP alignment faults; ISS RES0 */
static inline uint32_t syn_pcalignment(void) { return syn_make(EC_PC_ALIGN, 0); }
static inline uint32_t syn_spalignment(void) { return syn_make(EC_SP_ALIGN, 0); }

/* EC 0x38: "ISS encoding for an exception from a BKPT instruction" (AArch32):
 * Comment[15:0] (A32 imm12:imm4, T32 imm8; IL 0 for the 16-bit T32 BKPT) */
static inline uint32_t syn_aa32_bkpt(uint32_t imm16, bool is_16bit)
{
    return syn_aa32_make(EC_BKPT32, imm16 & 0xffff, is_16bit);
}

/* EC 0x3C: "ISS encoding for an exception from a BRK instruction": Comment[15:0]. */
/* SError interrupt (EC 0x2F): ISS = IDS (bit 24) and the syndrome below it; for a virtual
 * SError VSESR_EL2.{IDS,ISS} where FEAT_RAS is implemented (AArch64.TakeVirtualSErrorException) */
static inline uint32_t syn_serror(uint32_t ids_iss) { return syn_make(EC_SERROR, ids_iss & 0x1ffffff); }
/* An asynchronous External abort (an SError interrupt) reported to AArch32 (irq32.c):
 * EncodeLDFSC(Fault_AsyncExternal) = 0b010001, the DFSC of the HSR's Data Abort syndrome
 * (AArch32.AbortSyndrome) in Hyp mode; in a PL1 mode's DFSR (AArch32.ReportDataAbort,
 * AArch32.TakeVirtualSErrorException) the long-descriptor format (TTBCR.EAE = 1) sets
 * LPAE[9] and STATUS 0b010001, the short-descriptor one FS[10,3:0] = 0b10110 (EncodeSDFSC);
 * ExT[12] is 0 (IMPLEMENTATION DEFINED without FEAT_RAS, as QEMU 7.2 has it). */
#define FSC_ASYNC_SERROR 0x11
static inline uint32_t syn_aa32_dfsr_async(bool long_format) { return long_format ? (1u << 9 | 0x11u) : (1u << 10 | 0x6u); }

static inline uint32_t syn_aa64_bkpt(uint32_t imm16) { return syn_make(EC_BRK, imm16 & 0xffff); }
#endif
