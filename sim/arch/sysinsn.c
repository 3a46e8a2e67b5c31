/* sysinsn.c - system instructions at the modelled EL. */
#include "sysinsn.h"
#include "exception.h"
#include "irq.h"
#include "mmu.h"
#include "smp.h"
#include "sysreg.h"
#include "timing.h"
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

/* DC ZVA runs natively but may be trapped (SCTLR_ELx.DZE at EL0, HCR_EL2.TDZ): it has a
 * code hook for its check like every other system instruction. */
bool sysinsn_always_native(uint32_t insn)
{
    uint32_t key = insn_key(insn);
    return sysinsn_key_native(key) && key != K(1, 3, 7, 4, 1);
}

/* MSR DAIFSet/DAIFClr, #imm (op0 0, op1 3, CRn 4, op2 6/7) are trapped at EL0 without
 * SCTLR_ELx.UMA, so they get a code hook; other hints, barriers and PSTATE writes run
 * natively without one. */
static bool is_msr_daif_imm(uint32_t insn)
{
    return (insn & 0xfffff0dfu) == 0xd50340dfu;
}

bool sysinsn_imm_hooked(uint32_t insn) { return is_msr_daif_imm(insn); }

/* MSR DAIFSet/DAIFClr, #imm (op2 6/7: PSTATE.DAIF |= or &= ~ imm << 6) and MSR DAIF, Xt
 * (Arm ARM C5.2 "DAIF"): the PSTATE.DAIF the instruction leaves, from *daif before it. */
bool sysinsn_daif_write(el2_cpu *c, uint32_t insn, uint32_t *daif)
{
    if (is_msr_daif_imm(insn)) {
        uint32_t bits = ((insn >> 8) & 0xfu) << 6;
        *daif = ((insn >> 5) & 7) == 6 ? (*daif | bits) : (*daif & ~bits);
        return true;
    }
    if ((insn & 0xffffffe0u) == 0xd51b4220u) {           /* MSR DAIF, Xt */
        unsigned rt = insn & 31;
        *daif = (uint32_t)(rt == 31 ? 0 : cpu_x(c, (int)rt)) & PSR_DAIF;
        return true;
    }
    return false;
}

/* An MRS/MSR/SYS trapped to target_el: EC 0x18 with the instruction's fields */
static void trap_to(el2_cpu *c, unsigned target_el, uint64_t pc, uint32_t insn)
{
    el2_exc_record exc = { .kind = EXC_SYSREG_TRAP, .syndrome = syn_aa64_sysregtrap_insn(insn),
                           .pc = pc, .insn = insn };
    AArch64_TakeException(c, target_el, &exc, pc, VECT_SYNC);
}

/* The SYS instructions with access controls beyond the EL their op1 names (Arm ARM C5,
 * the A64 cache maintenance and TLB maintenance instructions, each with its
 * accessibility pseudocode): the SCTLR_ELx bit that lets EL0 execute it (0: UNDEFINED
 * at EL0) and the HCR_EL2 bit that traps it to EL2 from EL1 and EL0. ANY matches any
 * CRm or op2. */
#define ANY 0xff
typedef struct {
    uint8_t op1, crn, crm, op2;
    uint64_t el0_enable;          /* SCTLR_ELx bit */
    uint64_t hcr_trap;            /* HCR_EL2 bit */
} sys_insn_rule;

static const sys_insn_rule sys_rules[] = {
    { 0, 7, 1, 0, 0, HCR_TPU },                 /* IC IALLUIS */
    { 0, 7, 5, 0, 0, HCR_TPU },                 /* IC IALLU */
    { 3, 7, 5, 1, SCTLR_UCI, HCR_TPU },         /* IC IVAU */
    { 0, 7, 6, 1, 0, HCR_TPCP },                /* DC IVAC */
    { 0, 7, 6, 2, 0, HCR_TSW },                 /* DC ISW */
    { 3, 7, 4, 1, SCTLR_DZE, HCR_TDZ },         /* DC ZVA */
    { 3, 7, 10, 1, SCTLR_UCI, HCR_TPCP },       /* DC CVAC */
    { 0, 7, 10, 2, 0, HCR_TSW },                /* DC CSW */
    { 3, 7, 11, 1, SCTLR_UCI, HCR_TPU },        /* DC CVAU */
    { 3, 7, 12, 1, SCTLR_UCI, HCR_TPCP },       /* DC CVAP */
    { 3, 7, 13, 1, SCTLR_UCI, HCR_TPCP },       /* DC CVADP */
    { 3, 7, 14, 1, SCTLR_UCI, HCR_TPCP },       /* DC CIVAC */
    { 0, 7, 14, 2, 0, HCR_TSW },                /* DC CISW */
    { 0, 8, ANY, ANY, 0, HCR_TTLB },            /* TLBI ... (EL1) */
};

static const sys_insn_rule *sys_rule(unsigned op1, unsigned crn, unsigned crm, unsigned op2)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(sys_rules); i++) {
        const sys_insn_rule *r = &sys_rules[i];
        if (r->op1 == op1 && r->crn == crn && (r->crm == ANY || r->crm == crm) &&
            (r->op2 == ANY || r->op2 == op2))
            return r;
    }
    return NULL;
}

/* The access check of SYS (L = 0) with these fields at the current EL, after the
 * pattern of the DC CVAU / DC ZVA / TLBI VMALLE1 accessibility pseudocode:
 *   EL0: if !ELIsInHost(EL0) && SCTLR_EL1.<en> == '0': trap to EL1 (EL2 if TGE)
 *        elsif ELIsInHost(EL0) && SCTLR_EL2.<en> == '0': trap to EL2
 *        elsif EL2Enabled() && HCR_EL2.<E2H,TGE> != '11' && HCR_EL2.<trap> == '1': to EL2
 *   EL1: if EL2Enabled() && HCR_EL2.<trap> == '1': trap to EL2
 * Encodings without a rule in CRn 7 or 8 need the EL op1 names (EL1 for 0 and 3, EL2
 * for 4, EL3 for 6); EL0 may use no other. */
sysreg_access sysinsn_sys_access(el2_cpu *c, unsigned op1, unsigned crn, unsigned crm, unsigned op2)
{
    const sys_insn_rule *r = crn == 7 || crn == 8 ? sys_rule(op1, crn, crm, op2) : NULL;
    bool el2_traps = sysreg_el2_enabled(c) && r && (c->sr[SR_HCR_EL2] & r->hcr_trap);
    unsigned need_el = op1 == 4 ? 2 : op1 == 6 ? 3 : 1;
    if (crn != 7 && crn != 8)
        return SRA_UNDEF;
    if (c->el == 0) {
        if (!r || !r->el0_enable)
            return SRA_UNDEF;
        if (!(sysreg_el0_sctlr(c) & r->el0_enable))
            return SRA_TRAP;
        return el2_traps && !sysreg_el0_in_host(c) ? SRA_TRAP_EL2 : SRA_OK;
    }
    if (c->el < need_el)
        return SRA_UNDEF;
    return c->el == 1 && el2_traps ? SRA_TRAP_EL2 : SRA_OK;
}

/* A TLBI that executed: an EV_TLBI event with its operand (translation changes show up in
 * traces next to the SCTLR/TCR/TTBR/MAIR/VTCR/VTTBR writes, which are EV_SYSREG). */
static void tlbi_event(el2_cpu *c, uint64_t pc, uint32_t insn, uint64_t xt)
{
    el2_event ev;
    event_clear(&ev, EV_TLBI);
    ev.pc = pc;
    ev.insn = insn;
    ev.from_el = ev.to_el = (uint8_t)c->el;
    ev.value = xt;
    cpu_stamp(c, &ev, pc);
    cpu_fill_regs(c, &ev);
    cpu_emit(c, &ev);
}

/* Does the TLBI (op1, CRm, op2) reach every PE of the Inner (or Outer) Shareable domain?
 * Arm ARM C5.5 "A64 system instructions for TLB maintenance": the IS forms are CRm 3
 * (VMALLE1IS, VAE1IS, ..., ALLE2IS, VAE2IS, ALLE1IS, VMALLS12E1IS, ...), CRm 0
 * (IPAS2E1IS, IPAS2LE1IS) and CRm 2 (the range forms RVAE1IS, ...); the OS forms
 * (FEAT_TLBIOS) CRm 1, CRm 5 and CRm 4 with op2 0 or 4 (IPAS2E1OS, IPAS2LE1OS). An EL1 TLBI
 * with HCR_EL2.FB = 1 is broadcast too (D13.2.48 HCR_EL2.FB: "Force broadcast", outside
 * a VHE host). Several PEs share one domain: an IS TLBI drops every PE's TLB
 * (D8.13.2; with turns, each PE's engine drops it before its next turn, so the DSB that
 * completes it on this PE finds it done for every other observer). */
static bool tlbi_broadcast(el2_cpu *c, unsigned op1, unsigned crm, unsigned op2)
{
    if (crm == 0 || crm == 1 || crm == 2 || crm == 3 || crm == 5 || (crm == 4 && (op2 == 0 || op2 == 4)))
        return true;
    bool host = sysreg_e2h(c) && (c->sr[SR_HCR_EL2] & HCR_TGE);
    return c->el == 1 && op1 == 0 && !host && (c->sr[SR_HCR_EL2] & HCR_FB);
}

/* SYS/SYSL (op0 == 1): cache and TLB maintenance, address translation. With no caches
 * and no TLB modelled, maintenance has no effect beyond its access checks; AT walks the
 * translation tables as memory holds them (mmu.c) and reports in PAR_EL1; DC ZVA is
 * executed by the engine. */
static void sys_op(el2_cpu *c, uint64_t pc, uint32_t insn)
{
    unsigned op1 = (insn >> 16) & 7, crn = (insn >> 12) & 15, crm = (insn >> 8) & 15;
    unsigned op2 = (insn >> 5) & 7, rt = insn & 31;
    bool is_l = (insn >> 21) & 1;
    switch (is_l ? SRA_UNDEF : sysinsn_sys_access(c, op1, crn, crm, op2)) {
    case SRA_UNDEF:
        AArch64_UndefinedFault(c, pc, insn);
        return;
    case SRA_TRAP:
        trap_to(c, route_sync(c), pc, insn);
        return;
    case SRA_TRAP_EL2:
        trap_to(c, 2, pc, insn);
        return;
    default:
        break;
    }
    if (crn == 8) {     /* TLBI: el2sim's TLB is the engine's, dropped whole (mmu_gen); traced */
        c->mmu_gen++;
        if (c->smp && tlbi_broadcast(c, op1, crm, op2))
            for (unsigned i = 0; i < c->smp->n; i++)
                c->smp->pe[i].cpu->mmu_gen++;   /* each engine drops its TLB before it runs on */
        tlbi_event(c, pc, insn, rt == 31 ? 0 : cpu_x(c, rt));
        return;
    }
    if (crn == 7 && (crm == 8 || crm == 9)) {      /* AT: the table walk (mmu.c) into PAR_EL1 */
        if (!mmu_at_insn(c, op1, crm, op2, rt == 31 ? 0 : cpu_x(c, rt), pc, insn))
            AArch64_UndefinedFault(c, pc, insn);
    }
}

/* MSR DAIFSet/DAIFClr, #imm at EL0 without SCTLR_EL1.UMA (SCTLR_EL2.UMA in a host):
 * AArch64.SystemAccessTrap to EL1, or EL2 with TGE (Arm ARM C6 "MSR (immediate)" and
 * C5.2 "DAIFSet", "DAIFClr"), EC 0x18 with ISS Op0 0, Op2, Op1, CRn 4, CRm = the
 * immediate, Rt 0b11111, direction 0; otherwise the engine executes it. */
static void msr_imm(el2_cpu *c, uint64_t pc, uint32_t insn)
{
    if (is_msr_daif_imm(insn) && c->el == 0 && !(sysreg_el0_sctlr(c) & SCTLR_UMA))
        trap_to(c, route_sync(c), pc, insn);
}

/* Remembers an MSR DAIFClr or MSR DAIF, Xt that clears one of PSTATE.{A,I,F} (C5.2
 * "DAIFClr": PSTATE.{D,A,I,F} AND NOT imm; "DAIF"), once its access checks passed: from
 * then on an asynchronous exception of that kind may be taken at the current EL
 * (D1 "Asynchronous exception masking"). */
static void note_unmask(el2_cpu *c, uint64_t pc, uint32_t insn)
{
    uint32_t before = cpu_pstate(c) & PSR_DAIF, after = before;
    if (sysinsn_daif_write(c, insn, &after) && (before & ~after & 0x1c0u)) {
        c->unmask_pc = pc;
        c->unmask_insn = insn;
    }
}

bool sysinsn_exec(el2_cpu *c, uint64_t pc, uint32_t insn)
{
    unsigned op0 = (insn >> 19) & 3, rt = insn & 31;
    bool is_read = (insn >> 21) & 1;
    if (op0 == 0) {
        unsigned el = c->el;
        msr_imm(c, pc, insn);
        if (c->el == el)                      /* not trapped (an EL0 trap goes up) */
            note_unmask(c, pc, insn);
        return false;
    }
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
        if (!is_read)
            note_unmask(c, pc, insn);
        return true;
    case SRA_OK:
        break;
    }
    if (is_read) {
        obs_mrs(c->obs, res, pc, insn);
        uint64_t v = sysreg_mrs(c, res);
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

bool AArch64_CheckForWFxTrap(el2_cpu *c, unsigned target_el, bool wfe)
{
    return wfx_trapped(c, target_el, wfe);
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
 * IsInHost(): HCR_EL2.E2H == 1 and TGE == 1 at EL0 (FEAT_VHE). Untrapped, WFI waits
 * for an interrupt (below). An untrapped WFE
 * completes at once on one PE (its only event source would be itself; a WFE may wake up
 * spuriously) and waits for an event with several (below). SEV and
 * SEVL set the Event Register (SEV every PE's: smp.h smp_send_event). */
void sysinsn_wfx(el2_cpu *c, uint64_t pc, uint32_t insn)
{
    bool wfe = insn == 0xd503205f;
    if (insn == 0xd503209f || insn == 0xd50320bf) {        /* SEV, SEVL */
        if (insn == 0xd503209f && c->smp)
            smp_send_event(c->smp);                        /* SEV: every PE */
        c->event_reg = true;                               /* SEVL: this PE (SendEventLocal) */
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
        /* WaitForEvent() with several PEs: the WFE completes, and the PE waits for an event
         * before it runs again (system/machine.c: SEV on any PE, its exclusive monitor
         * cleared, an interrupt it would take); its turn ends at the next block start.
         * When no other PE could run, nothing could send one: it completes at once, as on
         * one PE (a WFE may complete spuriously). */
        if (c->smp && smp_others_can_run(c->smp, c->index)) {
            c->smp->pe[c->index].wfe_wait = true;
            cpu_take_back(c, pc + 4);          /* the instructions after it: a new block */
            c->max_insns = c->insns;           /* engine/run.c turn_check ends the turn */
        }
        cpu_set_pc(c, pc + 4);
        return;
    }
    /* WFI waits for a WFI wake-up event (irq_wfi_wake): the modelled clock moves on to
     * it, the WFI completes and a deliverable interrupt is taken at the next instruction
     * (the engine checks at the block start there). Nothing that can ever come (no timer
     * armed, no --irq still to come) would make it sleep forever: the run stops. */
    uint64_t now = cpu_cycles_at(c, pc + 4);
    uint64_t wake = irq_wfi_wake(c, now);
    if (wake == UINT64_MAX) {
        if (c->smp)                    /* another PE's SGI may wake it (system/machine.c) */
            c->smp->pe[c->index].wfi_next = pc + 4;
        cpu_stop(c, STOP_WFI, 0, "EL%u executed WFI at %s with nothing to wake it (no interrupt pending, "
                 "no timer armed, no --irq to come): it would sleep forever", c->el, cpu_sym(c, pc));
        return;
    }
    cpu_take_back(c, pc + 4);          /* the instructions after it run in a new block */
    if (wake > now)
        c->cycles += wake - now;
    cpu_set_pc(c, pc + 4);
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
