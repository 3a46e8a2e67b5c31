/* irq32.c - asynchronous exceptions taken to AArch32 (issue 21; Arm ARM DDI 0487 aarch32/
 * exceptions pseudocode: AArch32.TakePhysicalIRQException, AArch32.TakePhysicalFIQException,
 * AArch32.TakePhysicalSErrorException, AArch32.TakeVirtualIRQException,
 * AArch32.TakeVirtualFIQException, AArch32.TakeVirtualSErrorException). Which exception is
 * taken, and to which EL, is irq.c's: the route_to_aarch64 / route_to_hyp tests of these
 * functions pick the same EL as AArch64.TakePhysicalIRQException (HCR.IMO/FMO/AMO or TGE
 * to EL2, Hyp mode to itself, else EL1; SCR.IRQ/FIQ/EA are 0 in el2sim's firmware model),
 * and the masking tables are the same for a PE in AArch32 (CPSR.A/I/F are PSTATE.A/I/F).
 * Here only the entry differs: Hyp mode (AArch32.EnterHypMode) or a PL1 mode
 * (AArch32.EnterMode) instead of AArch64.TakeException. */
#include "irq32.h"
#include "aarch32.h"
#include "hyp32.h"
#include "sysreg.h"

/* AArch32 vector offsets of the asynchronous exceptions (Arm ARM G1 "Exception vectors"):
 * IRQ 0x18, FIQ 0x1C, the asynchronous Data Abort (an SError) 0x10 */
#define VEC32_DABT 0x10u
#define VEC32_IRQ  0x18u
#define VEC32_FIQ  0x1cu

static bool is_fiq(el2_exc_kind k) { return k == EXC_FIQ || k == EXC_VFIQ; }
static bool is_serror(el2_exc_kind k) { return k == EXC_SERROR || k == EXC_VSERROR; }

/* Into Hyp mode: IRQ and FIQ at HVBAR + 0x18 / 0x1C whether they come from Hyp mode or
 * from below (AArch32.TakePhysicalIRQException: "AArch32.EnterHypMode(exception,
 * preferred_exception_return, vect_offset)", no Hyp Trap offset), with no HSR written
 * (AArch32.EnterHypMode reports no syndrome for Exception_IRQ/FIQ); an SError as a Data
 * Abort (AArch32.TakePhysicalSErrorException: HSR EC 0x25 in Hyp mode at 0x10, EC 0x24
 * from below at the Hyp Trap entry 0x14; DFSC 0b010001). ELR_hyp = the preferred return. */
static void to_hyp(el2_cpu *c, const el2_exc_record *exc, uint32_t pc)
{
    el2_exc_record e = *exc;
    uint32_t off = is_fiq(e.kind) ? VEC32_FIQ : VEC32_IRQ;
    if (is_serror(e.kind)) {
        e.syndrome = syn_data_abort(c->el == 2, false, FSC_ASYNC_SERROR);
        off = c->el == 2 ? VEC32_DABT : HVEC_TRAP;
    }
    AArch32_EnterHypMode(c, &e, pc, off);
}

/* Into a PL1 mode (AArch32.EnterMode(target_mode, preferred_exception_return, lr_offset,
 * vect_offset)): IRQ mode at 0x18 and FIQ mode at 0x1C with LR = the preferred return + 4;
 * an SError to Abort mode at 0x10 with LR = the preferred return + 8, DFSR the
 * asynchronous External abort (AArch32.ReportDataAbort / AArch32.TakeVirtualSErrorException:
 * the format by TTBCR.EAE; DFAR UNKNOWN: left as it is). CPSR.A/I/F as EnterMode sets them
 * (FIQ: A, I, F; IRQ and Abort: A, I). */
static void to_pl1(el2_cpu *c, const el2_exc_record *exc, uint32_t pc)
{
    if (is_serror(exc->kind)) {
        el2_exc_record e = *exc;
        e.syndrome = 0;                                  /* (the event: no ESR at an AArch32 EL1) */
        bool lpae = (c->sr[SR_TCR_EL1] >> 31) & 1;      /* TTBCR.EAE */
        sysreg_set(c, SR_ESR_EL1, syn_aa32_dfsr_async(lpae));   /* DFSR */
        AArch32_EnterMode(c, M32_ABT, &e, pc, 8, VEC32_DABT);
    } else if (is_fiq(exc->kind)) {
        AArch32_EnterMode(c, M32_FIQ, exc, pc, 4, VEC32_FIQ);
    } else {
        AArch32_EnterMode(c, M32_IRQ, exc, pc, 4, VEC32_IRQ);
    }
}

bool irq32_take(el2_cpu *c, unsigned target_el, const el2_exc_record *exc, uint64_t pc)
{
    if (hyp32(c) && target_el == 2) {
        to_hyp(c, exc, (uint32_t)pc);
        return true;
    }
    /* (from AArch32 to an EL1 using AArch32; an EL0 under an AArch64 EL1 takes it there:
     * "route_to_aarch64 = PSTATE.EL == EL0 && !ELUsingAArch32(EL1)") */
    if (target_el == 1 && c->aarch32 && el_is_aarch32(c, 1)) {
        if (!c->port->aarch32_enter_mode)
            return false;                 /* (AArch64_TakeException says it cannot) */
        to_pl1(c, exc, (uint32_t)pc);
        return true;
    }
    return false;
}
