/* a32_fp.c - floating-point and Advanced SIMD instructions in AArch32 state: which
 * instructions they are (Arm ARM DDI 0487 F4 "A32 instruction set encoding" and F3 "T32
 * instruction set encoding": the floating-point and Advanced SIMD groups) and the access
 * controls that make them UNDEFINED or trap (AArch32.CheckAdvSIMDOrFPEnabled,
 * AArch32.CheckFPAdvSIMDTrap, AArch64.CheckFPAdvSIMDTrap, the VMRS/VMSR pseudocode).
 * The executor runs them itself; el2sim hooks them only while a control can stop them
 * (a32_fp_traps_possible), and always hooks VMRS/VMSR of FPEXC and the ID registers,
 * whose values are el2sim's (FPEXC32_EL2, MVFR0-2 of the CPU model). */
#include "a32_fp.h"
#include "it32.h"
#include "aarch32.h"
#include "exception.h"
#include "hyp32.h"
#include "syndrome.h"
#include "sysreg.h"

#define FPEXC_EN      (1ULL << 30)
#define CPACR_ASEDIS  (1ULL << 31)
#define CPTR_TFP      (1ULL << 10)     /* CPTR_EL2.TFP (E2H = 0); HCPTR.TCP10 is the same bit */
#define HCPTR_TASE    (1ULL << 15)
#define HCR_TID0      (1ULL << 15)

/* The coprocessor space of cp10/cp11 in A32 form (cond 1111 for the unconditional and
 * T32 T = 1 forms): F4.1.20 "Floating-point data-processing", "Floating-point load/store
 * and 64-bit register moves", "Advanced SIMD and floating-point 32-bit move" */
static a32_fp_class cp_space(uint32_t w, a32_fp_insn *d)
{
    if (((w >> 9) & 7) != 5)
        return A32FP_NONE;                              /* not coprocessor 10/11 */
    if ((w >> 28) == 0xf)                               /* VSEL, VMAXNM, VRINT*, VCVT{A,N,P,M} */
        return (w & 0x0f000010) == 0x0e000000 ? A32FP_VFP : A32FP_NONE;
    if ((w & 0x0e000000) == 0x0c000000)                 /* VLDR/VSTR/VLDM/VSTM/VPUSH/VPOP, VMOV (two registers) */
        return (w & 0x0fc00000) == 0x0c000000 ? A32FP_NONE : A32FP_VFP;   /* (1100 00xx: unallocated) */
    if ((w & 0x0f000010) == 0x0e000000)
        return A32FP_VFP;                               /* data-processing */
    if ((w & 0x0f000010) != 0x0e000010)
        return A32FP_NONE;
    if (!(w & 0x100)) {                                 /* coprocessor 10: VMOV (single), VMRS, VMSR */
        unsigned a = (w >> 21) & 7;
        if (a == 7) {
            d->reg = (w >> 16) & 15;
            d->rt = (w >> 12) & 15;
            return (w >> 20) & 1 ? A32FP_VMRS : A32FP_VMSR;
        }
        return a == 0 ? A32FP_VFP : A32FP_NONE;
    }
    /* coprocessor 11: VMOV (general-purpose register to scalar / scalar to general-purpose
     * register): its 32-bit form (opc1<1> = 0, opc2 = 00) is a floating-point instruction,
     * the others and VDUP (general-purpose register) Advanced SIMD (CheckAdvSIMDOrVFPEnabled) */
    bool vdup = !((w >> 20) & 1) && ((w >> 23) & 1);
    if (vdup || ((w >> 22) & 1) || ((w >> 5) & 3))
        return A32FP_SIMD;
    return A32FP_VFP;
}

a32_fp_class a32_fp_decode(uint32_t insn, bool thumb, a32_fp_insn *d)
{
    a32_fp_insn tmp;
    if (!d)
        d = &tmp;
    *d = (a32_fp_insn){ .cond = 0xe };
    uint32_t w = insn;
    if (thumb) {
        if ((insn >> 29) != 7 || !(insn >> 27 & 3))
            return A32FP_NONE;                          /* 16-bit, or not a 32-bit 111xx group */
        if ((insn & 0xef000000) == 0xef000000 || (insn & 0xff100000) == 0xf9000000)
            return d->cls = A32FP_SIMD;                 /* 111U 1111: data-processing; 1111 1001 xxx0: VLDn/VSTn */
        if ((insn & 0xec000000) != 0xec000000)
            return A32FP_NONE;
        w = (insn & 0x0fffffff) | ((insn >> 28) & 1 ? 0xf0000000u : 0xe0000000u);   /* T: 1111, else AL */
    } else {
        if ((w & 0xfe000000) == 0xf2000000 || (w & 0xff100000) == 0xf4000000)
            return d->cls = A32FP_SIMD;                 /* 1111 001U; 1111 0100 xxx0 */
        if ((w >> 28) != 0xf)
            d->cond = w >> 28;
    }
    return d->cls = cp_space(w, d);
}

/* ---- the controls ---- */

bool a32_fp_traps_possible(el2_cpu *c)
{
    uint64_t cpacr = c->sr[SR_CPACR_EL1], cptr = c->sr[SR_CPTR_EL2];
    if (((cpacr >> 20) & 3) != 3 || (cpacr & CPACR_ASEDIS) || !(c->sr[SR_FPEXC32_EL2] & FPEXC_EN))
        return true;
    if (hyp32(c))
        return (cptr & (CPTR_TFP | HCPTR_TASE)) != 0;
    if (!sysreg_el2_enabled(c))
        return false;
    return sysreg_e2h(c) ? ((cptr >> 20) & 3) != 3 : (cptr & CPTR_TFP) != 0;
}

/* VMRS/VMSR of a register other than FPSCR: FPEXC and the ID registers are el2sim's */
static bool own_register(const a32_fp_insn *d)
{
    return (d->cls == A32FP_VMRS || d->cls == A32FP_VMSR) && d->reg != FPREG_FPSCR;
}

bool a32_fp_needs_hook(uint32_t insn, bool thumb, bool traps_possible)
{
    a32_fp_insn d;
    if (a32_fp_decode(insn, thumb, &d) == A32FP_NONE)
        return false;
    return traps_possible || own_register(&d);
}

/* What the controls make of the instruction: nothing (the executor or el2sim runs it) or
 * one of these, in the Arm ARM's order */
typedef enum { FPC_OK, FPC_UNDEF, FPC_AA64_EL1, FPC_AA64_EL2, FPC_HCPTR, FPC_TID_EL2 } fp_check;

/* AArch64.CheckFPEnabled at EL0 under an AArch64 EL1 (CPACR_EL1.FPEN: 0b01 traps EL0,
 * 0b00/0b10 EL0 and EL1; not in a host) */
static bool aa64_fpen_traps(el2_cpu *c)
{
    if (sysreg_el0_in_host(c))
        return false;
    unsigned fpen = (c->sr[SR_CPACR_EL1] >> 20) & 3;
    return fpen != 3;
}

/* AArch64.CheckFPAdvSIMDTrap at EL0-EL2 with an AArch64 EL2: CPTR_EL2.TFP, or with
 * HCR_EL2.E2H = 1 CPTR_EL2.FPEN (0b01 traps EL0 in a host only) */
static bool cptr_el2_traps(el2_cpu *c)
{
    uint64_t cptr = c->sr[SR_CPTR_EL2];
    if (c->el > 2 || !sysreg_el2_enabled(c))
        return false;
    if (!sysreg_e2h(c))
        return (cptr & CPTR_TFP) != 0;
    unsigned fpen = (cptr >> 20) & 3;
    return fpen == 0 || fpen == 2 || (fpen == 1 && c->el == 0 && (c->sr[SR_HCR_EL2] & HCR_TGE));
}

/* AArch32.CheckAdvSIMDOrFPEnabled(fpexc_check, advsimd) then AArch32.CheckFPAdvSIMDTrap:
 *   at EL0 with EL1 using AArch64: AArch64.CheckFPEnabled (the PE behaves as if FPEXC.EN
 *   were 1); else, below EL2: advsimd && CPACR.ASEDIS, or CPACR.cp10 00 / 01 at EL0 /
 *   10 (CONSTRAINED UNPREDICTABLE: el2sim takes it as 00) -> UNDEFINED; fpexc_check &&
 *   FPEXC.EN == 0 -> UNDEFINED; then with an AArch64 EL2 AArch64.CheckFPAdvSIMDTrap
 *   (CPTR_EL2.TFP), with an AArch32 EL2 (advsimd && HCPTR.TASE) || HCPTR.TCP10 -> the
 *   Hyp trap. No NSACR: el2sim's EL3 is AArch64 (the checks that read it need
 *   ELUsingAArch32(EL3)); CPTR_EL3.TFP is the firmware's and clear. */
static fp_check check_enabled(el2_cpu *c, bool fpexc_check, bool advsimd)
{
    if (c->el == 0 && !el_is_aarch32(c, 1) && !hyp32(c)) {
        if (aa64_fpen_traps(c))
            return FPC_AA64_EL1;
    } else {
        uint64_t cpacr = c->sr[SR_CPACR_EL1];
        if (c->el != 2) {
            if (advsimd && (cpacr & CPACR_ASEDIS))
                return FPC_UNDEF;
            unsigned cp10 = (cpacr >> 20) & 3;
            if (cp10 == 0 || cp10 == 2 || (cp10 == 1 && c->el == 0))
                return FPC_UNDEF;
        }
        if (fpexc_check && !(c->sr[SR_FPEXC32_EL2] & FPEXC_EN))
            return FPC_UNDEF;
    }
    if (hyp32(c)) {
        uint64_t hcptr = c->sr[SR_CPTR_EL2];
        return (advsimd && (hcptr & HCPTR_TASE)) || (hcptr & CPTR_TFP) ? FPC_HCPTR : FPC_OK;
    }
    return cptr_el2_traps(c) ? FPC_AA64_EL2 : FPC_OK;
}

/* The VMRS ID-register traps at EL1 (HCR_EL2.TID0: FPSID; TID3: MVFR0-2; D13 "HCR_EL2",
 * reported with EC 0x08); HCR with an AArch32 EL2 likewise */
static bool tid_traps(el2_cpu *c, const a32_fp_insn *d)
{
    if (d->cls != A32FP_VMRS || c->el != 1 || !sysreg_el2_enabled(c))
        return false;
    uint64_t hcr = c->sr[SR_HCR_EL2];
    if (d->reg == FPREG_FPSID)
        return (hcr & HCR_TID0) != 0;
    return d->reg >= FPREG_MVFR2 && d->reg <= FPREG_MVFR0 && (hcr & HCR_TID3);
}

/* The whole check of a decoded instruction (the VMRS/VMSR pseudocode: FPSCR with
 * CheckVFPEnabled(TRUE); the other registers UNDEFINED at EL0, then
 * CheckVFPEnabled(FALSE): FPEXC.EN does not apply; then the ID group traps) */
static fp_check check(el2_cpu *c, const a32_fp_insn *d)
{
    if (own_register(d)) {
        if (c->el == 0)
            return FPC_UNDEF;
        fp_check r = check_enabled(c, false, false);
        if (r == FPC_OK && tid_traps(c, d))
            return FPC_TID_EL2;
        return r;
    }
    return check_enabled(c, true, d->cls == A32FP_SIMD);
}

bool a32_fp_acts(el2_cpu *c, uint32_t insn, bool thumb, uint32_t cpsr)
{
    a32_fp_insn d;
    if (a32_fp_decode(insn, thumb, &d) == A32FP_NONE || !aarch32_cond_passed(insn, thumb, cpsr))
        return false;              /* (a failed condition: a NOP, which the executor skips too) */
    if (check(c, &d) != FPC_OK)
        return true;
    /* allowed: FPEXC and the MVFRs are el2sim's; FPSCR, FPSID and the encodings the
     * executor finds UNDEFINED are the executor's */
    return own_register(&d) && (d.reg == FPREG_FPEXC || (d.reg >= FPREG_MVFR2 && d.reg <= FPREG_MVFR0));
}

/* VMRS/VMSR of FPEXC (FPEXC32_EL2) and VMRS of MVFR0-2 (the CPU model's; a VMSR to one
 * of them is CONSTRAINED UNPREDICTABLE: el2sim takes it as UNDEFINED) */
static void own_access(el2_cpu *c, uint64_t pc, uint32_t insn, unsigned size, bool thumb, const a32_fp_insn *d,
                       uint32_t cpsr)
{
    int idx = d->reg == FPREG_FPEXC ? SR_FPEXC32_EL2 : d->reg == FPREG_MVFR0 ? SR_MVFR0_EL1
            : d->reg == FPREG_MVFR1 ? SR_MVFR1_EL1 : SR_MVFR2_EL1;
    int xt = aarch32_reg_x(cpsr & 0x1f, d->rt);
    if (d->cls == A32FP_VMRS) {
        if (d->rt == 15) {             /* VMRS APSR_nzcv is FPSCR's only */
            AArch32_Undefined(c, pc, thumb);
            return;
        }
        cpu_set_x(c, xt, sysreg_read(c, idx) & 0xffffffff);
    } else if (idx == SR_FPEXC32_EL2 && d->rt != 15) {
        sysreg_write(c, idx, cpu_x(c, xt) & 0xffffffff, pc, insn);
    } else {
        AArch32_Undefined(c, pc, thumb);
        return;
    }
    cpu_set_pc(c, (pc + size) & 0xffffffff);
}

void a32_fp_exec(el2_cpu *c, uint64_t pc, uint32_t insn, unsigned size, bool thumb, uint32_t cpsr)
{
    a32_fp_insn d;
    a32_fp_decode(insn, thumb, &d);
    if (thumb)      /* a T32 instruction's condition is its IT block's (AArch32.CurrentCond) */
        d.cond = it32_cond(it32_of_cpsr(cpsr));
    bool advsimd = d.cls == A32FP_SIMD;
    el2_exc_record exc = { .kind = EXC_SYSREG_TRAP, .pc = pc, .insn = insn };
    switch (check(c, &d)) {
    case FPC_OK:
        own_access(c, pc, insn, size, thumb, &d, cpsr);
        return;
    case FPC_UNDEF:
        AArch32_Undefined(c, pc, thumb);
        return;
    case FPC_AA64_EL1:
        /* AArch64.AdvSIMDFPAccessTrap(EL1): with HCR_EL2.TGE routed to EL2 as Uncategorized */
        if (sysreg_el2_enabled(c) && (c->sr[SR_HCR_EL2] & HCR_TGE)) {
            exc.kind = EXC_UNDEF;
            exc.syndrome = syn_uncategorized();
            AArch64_TakeException(c, 2, &exc, pc & 0xffffffff, VECT_SYNC);
        } else {
            exc.syndrome = syn_aa32_fp_access(d.cond);
            AArch64_TakeException(c, 1, &exc, pc & 0xffffffff, VECT_SYNC);
        }
        return;
    case FPC_AA64_EL2:
        /* AArch64.AdvSIMDFPAccessTrap(EL2): EC 0x07, ConditionSyndrome() */
        exc.syndrome = syn_aa32_fp_access(d.cond);
        AArch64_TakeException(c, 2, &exc, pc & 0xffffffff, VECT_SYNC);
        return;
    case FPC_HCPTR:
        /* AArch32.CheckFPAdvSIMDTrap: HSR EC 0x07 with TA (Advanced SIMD) or coproc 0xA;
         * from Hyp mode AArch32.TakeUndefInstrException (HVBAR + 0x04), else
         * AArch32.TakeHypTrapException (0x14); preferred return the instruction */
        exc.syndrome = syn_aa32_hcptr(d.cond, advsimd);
        AArch32_EnterHypMode(c, &exc, (uint32_t)pc, c->el == 2 ? HVEC_UNDEF : HVEC_TRAP);
        return;
    case FPC_TID_EL2:
        /* HCR_EL2.TID0/TID3 (or HCR's): EC 0x08 with the MRC form of the VMRS
         * (coproc 10, opc1 7, CRn = reg, CRm 0, opc2 0) */
        exc.syndrome = syn_aa32_vmrs(d.cond, d.reg, d.rt);
        if (hyp32(c))
            AArch32_EnterHypMode(c, &exc, (uint32_t)pc, HVEC_TRAP);
        else
            AArch64_TakeException(c, 2, &exc, pc & 0xffffffff, VECT_SYNC);
        return;
    }
}
