/* eret.c - an ERET that closes a block with no other special instruction runs with no
 * code hook (README "How el2sim drives Unicorn"): AArch64.ExceptionReturn is planned at
 * the block start and the engine's ELR_EL3/SPSR_EL3 are loaded with it; the engine runs
 * the ERET itself, and the next block hook (or the end of the engine run) completes the
 * return. Nothing before the ERET in such a block can change what the return does: ELR,
 * SPSR, HCR and the EL change only through hooked instructions or exceptions. */
#include "engine_int.h"

/* Returns false, arming nothing, when the return is not a plain one (ERET at EL0 is
 * UNDEFINED, an illegal return, AArch32, a fault on the next instruction) or lands back
 * in [block, pc]: that ERET needs its code hook. */
bool eret_arm(el2_engine *e, uint64_t block, uint64_t pc, uint32_t insn)
{
    el2_cpu *c = e->cpu;
    if (c->el == 0)
        return false;
    el2_eret_plan p;
    AArch64_ExceptionReturnPlan(c, &p);
    if (p.illegal || p.aarch32 || (p.spsr & PSR_IL) || (p.elr & 3) || (p.elr >= block && p.elr <= pc))
        return false;
    if (mmu_ctx_real_el(e, p.to) != e->real_el)   /* mirror mode: the engine's EL changes */
        return false;
    eng_arm_native_eret(e, p.newps, p.elr);
    e->eret.on = true;
    e->eret.pc = pc;
    e->eret.insn = insn;
    e->eret.plan = p;
    return true;
}

/* An exception or a stop came before the armed ERET ran: the engine's ELR_EL3 goes back
 * to the landing pad. */
void eret_drop(el2_engine *e)
{
    e->eret.on = false;
    eng_restore_landing(e);
    e->erets_dropped++;
}

void engine_state_replaced(el2_engine *e)
{
    if (e->eret.on)
        eret_drop(e);
}

/* The engine stopped or began a block at pc with an ERET armed: the ERET ran when pc is
 * its target (the block before ran to its end), otherwise an exception or a stop came
 * first and the arming is dropped. */
void eret_settle(el2_engine *e, uint64_t pc)
{
    el2_cpu *c = e->cpu;
    if (pc != e->eret.plan.elr) {
        eret_drop(e);
        return;
    }
    e->eret.on = false;
    const el2_eret_plan p = e->eret.plan;
    el2_event ev;
    c->hook_pc = e->eret.pc;
    exception_return_event(c, &p, e->eret.pc, e->eret.insn, &ev);
    /* the engine's ERET (EL3 to EL3, SPSel kept) left the SPs as they were at the ERET:
     * observers see the returning EL's registers, as for a hooked ERET */
    cpu_sp_save(c);
    cpu_emit(c, &ev);
    cpu_enter_state(c, p.to, p.newps);
    c->il = false;
    cpu_set_psr_ext(c, PSR_PAN | PSR_UAO | PSR_SSBS, p.newps);
    eng_restore_landing(e);
    e->erets_direct++;
}
