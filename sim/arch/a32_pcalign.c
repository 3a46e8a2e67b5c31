/* a32_pcalign.c - the PC alignment fault from AArch32 state (issue 21; Arm ARM DDI 0487
 * aarch32/functions/exception: AArch32.CheckPCAlignment, AArch32.Abort,
 * AArch32.TakePrefetchAbortException; aarch64: AArch64.PCAlignmentFault).
 *
 * An A32 fetch from a PC with bit 1 set (a BX, BLX, LDR/POP/LDM of the PC or an ALU
 * write of the PC to an A32 address with bits 1:0 = 0b10: BXWritePC leaves bit 1, which
 * the Arm ARM allows to fault, CONSTRAINED UNPREDICTABLE A32FORCEALIGNPC) takes it before
 * the fetch. T32 PCs always have bit 0 clear (BXWritePC clears it), and exception returns
 * align the PC by the target's T (AArch32.ExceptionReturn, AArch64.ExceptionReturn), so
 * only the interworking branches get here. Routed as AArch32.CheckPCAlignment has it:
 *  - AArch32.GeneralExceptionsToAArch64() (EL0 under an AArch64 EL1, or HCR_EL2.TGE from
 *    EL0 under an AArch64 EL2): AArch64.PCAlignmentFault, EC 0x22, FAR = ELR = the PC;
 *  - else AArch32.Abort(pc, AlignmentFault(AccType_IFETCH)) -> TakePrefetchAbortException:
 *    on the Hyp-mode machine from Hyp mode (HVBAR + 0x0C) and from User mode with HCR.TGE
 *    (the Hyp Trap entry 0x14) with HSR EC 0x22 (the pseudocode's Exception_PCAlignment
 *    syndrome for an Alignment fault on a fetch: IL 1, ISS 0) and HIFAR = ELR_hyp = the PC;
 *    otherwise to the AArch32 EL1's Abort mode at VBAR + 0x0C with IFSR the Alignment
 *    fault (0x001 short-descriptor, 0x221 with TTBCR.EAE), IFAR = the PC, LR_abt = PC + 4. */
#include "a32_pcalign.h"
#include "a32_abort.h"
#include "aarch32.h"
#include "exception.h"
#include "hyp32.h"
#include "sysreg.h"
#include "syndrome.h"
#include <stdio.h>

static bool hyp_vector_mapped(el2_cpu *c, const char *what, uint32_t off)
{
    uint32_t word, vector = ((uint32_t)c->sr[SR_VBAR_EL2] & ~0x1fu) | off;
    if (cpu_read(c, vector, &word, sizeof word))
        return true;
    cpu_stop(c, STOP_FAULT, 0, "%s (vector of the abort itself is unmapped: HVBAR + 0x%x = 0x%x)", what, off, vector);
    return false;
}

bool AArch32_CheckPCAlignment(el2_cpu *c, uint32_t pc, bool thumb)
{
    /* (CurrentInstrSet() == InstrSet_A32 && pc<1> == '1') || pc<0> == '1' */
    if (thumb ? !(pc & 1) : !(pc & 3))
        return false;
    char what[200];
    snprintf(what, sizeof what, "EL%u (%s mode) instruction fetch from misaligned address 0x%x (after %s)", c->el,
             aarch32_mode_name(aarch32_cpsr(c)), pc, cpu_sym(c, c->last_blk_addr));
    bool tge = (c->sr[SR_HCR_EL2] & HCR_TGE) != 0;
    el2_exc_record exc = { .kind = EXC_PC_ALIGN, .syndrome = syn_pcalignment(), .has_far = true,
                           .vaddress = pc, .pc = pc };
    if (hyp32(c)) {
        if (c->el == 2 || (c->el == 0 && tge)) {
            /* AArch32.TakePrefetchAbortException -> AArch32.EnterHypMode(exception, pc, 0x0C / 0x14) */
            uint32_t off = hyp32_vector(c, EXC_PC_ALIGN);
            if (hyp_vector_mapped(c, what, off))
                AArch32_EnterHypMode(c, &exc, pc, off);
            return true;
        }
    } else {
        unsigned target = route_sync(c);            /* AArch32.GeneralExceptionsToAArch64() */
        if (!(target == 1 && el_is_aarch32(c, 1))) {
            uint64_t vector = exception_vector(c, target, VECT_SYNC);
            uint32_t word;
            if (!cpu_read(c, vector, &word, sizeof word)) {
                cpu_stop(c, STOP_FAULT, 0, "%s (vector of the abort itself is unmapped: 0x%llx)", what,
                         (unsigned long long)vector);
                return true;
            }
            AArch64_TakeException(c, target, &exc, pc, VECT_SYNC);     /* AArch64.PCAlignmentFault() */
            return true;
        }
    }
    /* AArch32.TakePrefetchAbortException to Abort mode: IFSR = AArch32.FaultStatusSD/LD(Alignment) */
    const el2_exc_record pabt = { .kind = EXC_INSN_ABORT, .syndrome = syn_insn_abort(false, FSC_ALIGNMENT),
                                  .has_far = true, .vaddress = pc, .pc = pc };
    a32_to_abort_mode(c, &pabt, what);
    return true;
}
