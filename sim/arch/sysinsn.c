/* sysinsn.c - system instructions at the modelled EL. */
#include "sysinsn.h"
#include "exception.h"
#include "mmu.h"
#include "sysreg.h"
#include <string.h>

#define K(o0, o1, n, m, o2) SYSREG_KEY(o0, o1, n, m, o2)

bool sysinsn_key_native(uint32_t key)
{
    return key == K(3, 3, 4, 2, 0)      /* NZCV */
        || key == K(3, 3, 4, 4, 0)      /* FPCR */
        || key == K(3, 3, 4, 4, 1)      /* FPSR */
        || key == K(3, 3, 13, 0, 2)     /* TPIDR_EL0 */
        || key == K(1, 3, 7, 4, 1);     /* DC ZVA */
}

static uint32_t insn_key(uint32_t insn)
{
    return SYSREG_KEY((insn >> 19) & 3, (insn >> 16) & 7, (insn >> 12) & 15, (insn >> 8) & 15,
                      (insn >> 5) & 7);
}

bool sysinsn_always_native(uint32_t insn) { return sysinsn_key_native(insn_key(insn)); }

/* An MRS/MSR/SYS trapped to target_el: EC 0x18 with the instruction's fields */
static void trap_to(el2_cpu *c, unsigned target_el, uint64_t pc, uint32_t insn)
{
    el2_exc_record exc = { .kind = EXC_SYSREG_TRAP, .syndrome = syn_aa64_sysregtrap_insn(insn),
                           .pc = pc, .insn = insn };
    AArch64_TakeException(c, target_el, &exc, pc, VECT_SYNC);
}

/* SYS/SYSL (op0 == 1): cache and TLB maintenance, address translation. With no caches
 * and no TLB modelled, maintenance has no effect beyond its access checks; AT walks the
 * translation tables as memory holds them (mmu.c) and reports in PAR_EL1. */
static void sys_op(el2_cpu *c, uint64_t pc, uint32_t insn)
{
    unsigned op1 = (insn >> 16) & 7, crn = (insn >> 12) & 15, crm = (insn >> 8) & 15;
    unsigned op2 = (insn >> 5) & 7, rt = insn & 31;
    bool is_l = (insn >> 21) & 1;
    if (is_l || (crn != 7 && crn != 8)) {
        AArch64_UndefinedFault(c, pc, insn);
        return;
    }
    unsigned need_el = op1 == 4 ? 2 : op1 == 6 ? 3 : 1;
    if (c->el == 0 && op1 == 3 && crn == 7) {
        /* EL0 cache maintenance by VA (DC CVAU/CVAC/CIVAC/CVAP, IC IVAU): SCTLR_EL1.UCI */
        bool va_op = (crm == 11 || crm == 10 || crm == 14 || crm == 12 || crm == 5) && op2 == 1;
        if (va_op && (c->sr[SR_SCTLR_EL1] & SCTLR_UCI))
            return;
        if (va_op) {
            trap_to(c, route_sync(c), pc, insn);
            return;
        }
    }
    if (c->el < need_el || (c->el == 0 && op1 != 3)) {
        AArch64_UndefinedFault(c, pc, insn);
        return;
    }
    if (crn == 7 && (crm == 8 || crm == 9)) {      /* AT: the table walk (mmu.c) into PAR_EL1 */
        if (!mmu_at_insn(c, op1, crm, op2, rt == 31 ? 0 : cpu_x(c, rt), pc, insn))
            AArch64_UndefinedFault(c, pc, insn);
    }
}

bool sysinsn_exec(el2_cpu *c, uint64_t pc, uint32_t insn)
{
    unsigned op0 = (insn >> 19) & 3, rt = insn & 31;
    bool is_read = (insn >> 21) & 1;
    if (op0 == 1) {
        sys_op(c, pc, insn);
        return false;
    }
    uint32_t key = insn_key(insn);
    int idx = sysreg_find_key(key);
    if (idx < 0) {
        char name[32];
        sysreg_encoding_name(key, name, sizeof name);
        g_hash_table_replace(c->unmodelled, g_strdup(name),
                             GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(c->unmodelled, name)) + 1));
        AArch64_UndefinedFault(c, pc, insn);
        return false;
    }
    int res;
    switch (sysreg_check(c, idx, is_read, &res)) {
    case SRA_UNDEF:
        AArch64_UndefinedFault(c, pc, insn);
        return false;
    case SRA_TRAP_EL2:
        trap_to(c, 2, pc, insn);
        return false;
    case SRA_TRAP:
        trap_to(c, route_sync(c), pc, insn);
        return false;
    case SRA_NATIVE:
        return true;
    case SRA_OK:
        break;
    }
    if (is_read) {
        obs_mrs(c->obs, res, pc, insn);
        uint64_t v = sysreg_read(c, res);
        if (rt != 31)
            cpu_set_x(c, rt, v);
    } else {
        sysreg_write(c, res, rt == 31 ? 0 : cpu_x(c, rt), pc, insn);
    }
    return false;
}

/* AArch64.CheckForWFxTrap(target_el, wfxtype): is WFI/WFE at the current EL trapped to
 * target_el? EL1: SCTLR[].nTWI/nTWE == '0' (SCTLR[] of the EL1&0 regime, or SCTLR_EL2
 * in the EL2&0 one: a VHE host's EL0); EL2: HCR_EL2.TWI/TWE == '1'. (EL3's SCR_EL3.TWI/TWE
 * belong to el2sim's own EL3 and are 0.) */
static bool wfx_trapped(el2_cpu *c, unsigned target_el, bool wfe)
{
    if (target_el == 1) {
        bool host = sysreg_e2h(c) && (c->sr[SR_HCR_EL2] & HCR_TGE);
        uint64_t sctlr = c->sr[host ? SR_SCTLR_EL2 : SR_SCTLR_EL1];
        return !(sctlr & (wfe ? SCTLR_nTWE : SCTLR_nTWI));
    }
    return (c->sr[SR_HCR_EL2] & (wfe ? HCR_TWE : HCR_TWI)) != 0;
}

/* AArch64.WFxTrap(wfxtype, target_el): EC 0x01, ISS CV=1 COND=0xE TI, ELR = the WFx;
 *   if target_el == EL1 && EL2Enabled() && HCR_EL2.TGE == '1' then target EL2 */
static void wfx_trap(el2_cpu *c, unsigned target_el, uint64_t pc, uint32_t insn, bool wfe)
{
    if (target_el == 1 && (c->sr[SR_HCR_EL2] & HCR_TGE))
        target_el = 2;
    el2_exc_record exc = { .kind = EXC_WFX_TRAP, .syndrome = syn_wfx(wfe), .pc = pc, .insn = insn };
    AArch64_TakeException(c, target_el, &exc, pc, VECT_SYNC);
}

/* WFI, WFE (Arm ARM C6.2 "WFE", "WFI": SystemHintOp_WFE / SystemHintOp_WFI):
 *   WFE with the Event Register set: clear it, and the WFE completes (no trap check);
 *   if PSTATE.EL == EL0 then AArch64.CheckForWFxTrap(EL1, ...);       -- the OS's trap first
 *   if PSTATE.EL IN {EL0, EL1} && EL2Enabled() && !IsInHost() then
 *       AArch64.CheckForWFxTrap(EL2, ...);                             -- then the hypervisor's
 * IsInHost(): HCR_EL2.E2H == 1 and TGE == 1 at EL0 (FEAT_VHE). Untrapped, with no
 * interrupt source modelled, WFI would sleep forever: the run stops. An untrapped WFE
 * completes at once (no event source is modelled; a WFE may wake up spuriously). SEV and
 * SEVL set the Event Register (there is one PE: SEV's event reaches only it). */
void sysinsn_wfx(el2_cpu *c, uint64_t pc, uint32_t insn)
{
    bool wfe = insn == 0xd503205f;
    if (insn == 0xd503209f || insn == 0xd50320bf) {        /* SEV, SEVL */
        c->event_reg = true;
        cpu_set_pc(c, pc + 4);
        return;
    }
    if (wfe && c->event_reg) {
        c->event_reg = false;
        cpu_set_pc(c, pc + 4);
        return;
    }
    bool in_host = c->el == 0 && sysreg_e2h(c) && (c->sr[SR_HCR_EL2] & HCR_TGE);
    if (c->el == 0 && wfx_trapped(c, 1, wfe)) {
        wfx_trap(c, 1, pc, insn, wfe);
        return;
    }
    if (c->el < 2 && !in_host && wfx_trapped(c, 2, wfe)) {
        wfx_trap(c, 2, pc, insn, wfe);
        return;
    }
    if (wfe) {
        cpu_set_pc(c, pc + 4);
        return;
    }
    cpu_stop(c, STOP_WFI, 0, "EL%u executed WFI at %s with no interrupt source modelled: it would sleep forever",
             c->el, cpu_sym(c, pc));
}

/* MSR (immediate) to the PSTATE fields el2sim keeps or must check (Arm ARM C6.2 "MSR
 * (immediate)"): op1:op2 000:011 UAO, 000:100 PAN, 000:101 SPSel, 011:001 SSBS.
 *   UAO, PAN, SSBS: UNDEFINED without FEAT_UAO, FEAT_PAN, FEAT_SSBS (decode);
 *   AArch64.CheckSystemAccess: op1 == '000' needs EL1 (min_EL), so at EL0 UAO, PAN and
 *   SPSel are UNDEFINED; SSBS (op1 '011') is accessible at EL0;
 *   PSTATE.<field> = CRm<0>.
 * Returns true when the engine must run the instruction itself (SPSel above EL0: the
 * engine holds PSTATE.SP and the SPs). */
bool sysinsn_msr_imm(el2_cpu *c, uint64_t pc, uint32_t insn)
{
    unsigned op1 = (insn >> 16) & 7, op2 = (insn >> 5) & 7;
    uint32_t field = op1 == 0 && op2 == 3 ? PSR_UAO : op1 == 0 && op2 == 4 ? PSR_PAN :
                     op1 == 3 && op2 == 1 ? PSR_SSBS : 0;
    bool spsel = op1 == 0 && op2 == 5;
    if ((!spsel && !(field & c->psr_ext_mask)) || (op1 == 0 && c->el == 0)) {
        AArch64_UndefinedFault(c, pc, insn);
        return false;
    }
    if (spsel)
        return true;
    cpu_set_psr_ext(c, field, (insn >> 8) & 1 ? field : 0);
    cpu_set_pc(c, pc + 4);
    return false;
}
