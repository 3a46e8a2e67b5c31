/* sysinsn.c - system instructions at the modelled EL. */
#include "sysinsn.h"
#include "exception.h"
#include "machine.h"
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

/* ESR_ELx.ISS for EC 0x18: Op0[21:20] Op2[19:17] Op1[16:14] CRn[13:10] Rt[9:5] CRm[4:1] dir[0] */
uint32_t sysinsn_iss(uint32_t insn)
{
    uint32_t op0 = (insn >> 19) & 3, op1 = (insn >> 16) & 7, crn = (insn >> 12) & 15;
    uint32_t crm = (insn >> 8) & 15, op2 = (insn >> 5) & 7, rt = insn & 31, rd = (insn >> 21) & 1;
    return op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 | rt << 5 | crm << 1 | rd;
}

static void trap_to(el2_machine *m, unsigned el, uint64_t pc, uint32_t insn)
{
    take_exception(m, el, EXC_SYSREG_TRAP, esr_make(EC_SYSREG, sysinsn_iss(insn)), pc, false, 0,
                   pc, insn);
}

/* SYS/SYSL (op0 == 1): cache and TLB maintenance, address translation. With the MMU
 * off and no caches modelled they have no effect beyond their access checks; AT
 * reports the flat mapping in PAR_EL1. */
static void sys_op(el2_machine *m, uint64_t pc, uint32_t insn)
{
    unsigned op1 = (insn >> 16) & 7, crn = (insn >> 12) & 15, crm = (insn >> 8) & 15;
    unsigned op2 = (insn >> 5) & 7, rt = insn & 31;
    bool is_l = (insn >> 21) & 1;
    if (is_l || (crn != 7 && crn != 8)) {
        take_undef(m, pc, insn);
        return;
    }
    unsigned need_el = op1 == 4 ? 2 : op1 == 6 ? 3 : 1;
    if (m->el == 0 && op1 == 3 && crn == 7) {
        /* EL0 cache maintenance by VA (DC CVAU/CVAC/CIVAC/CVAP, IC IVAU): SCTLR_EL1.UCI */
        bool va_op = (crm == 11 || crm == 10 || crm == 14 || crm == 12 || crm == 5) && op2 == 1;
        if (va_op && (m->sr[SR_SCTLR_EL1] & (1u << 26)))
            return;
        if (va_op) {
            trap_to(m, route_sync(m), pc, insn);
            return;
        }
    }
    if (m->el < need_el || (m->el == 0 && op1 != 3)) {
        take_undef(m, pc, insn);
        return;
    }
    if (crn == 7 && (crm == 8 || crm == 9)) {      /* AT: flat translation, PAR_EL1.F = 0 */
        uint64_t va = rt == 31 ? 0 : machine_x(m, rt);
        m->sr[sysreg_find_name("PAR_EL1")] = va & 0x0000fffffffff000ULL;
    }
}

void sysinsn_exec(el2_machine *m, uint64_t pc, uint32_t insn)
{
    unsigned op0 = (insn >> 19) & 3, rt = insn & 31;
    bool is_read = (insn >> 21) & 1;
    if (op0 == 1) {
        sys_op(m, pc, insn);
        return;
    }
    uint32_t key = insn_key(insn);
    int idx = sysreg_find_key(key);
    if (idx < 0) {
        char name[32];
        sysreg_encoding_name(key, name, sizeof name);
        g_hash_table_replace(m->unmodelled, g_strdup(name),
                             GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(m->unmodelled, name)) + 1));
        take_undef(m, pc, insn);
        return;
    }
    int res;
    switch (sysreg_check(m, idx, is_read, &res)) {
    case SRA_UNDEF:
        take_undef(m, pc, insn);
        return;
    case SRA_TRAP_EL2:
        trap_to(m, 2, pc, insn);
        return;
    case SRA_NATIVE:
        /* DAIF at EL0 needs SCTLR_EL1.UMA (else EC 0x18); TPIDRRO_EL0 is read-only at
         * EL0 (MSR UNDEFINED) and its reads are never trapped; SPSel is UNDEFINED at
         * EL0 (min_el 1). Arm ARM D19 (DDI 0487), DAIF and TPIDRRO_EL0 accessibility
         * pseudocode. */
        if (m->el == 0 && !strcmp(sysreg_table[idx].name, "DAIF") &&
            !(m->sr[SR_SCTLR_EL1] & (1u << 9))) {
            trap_to(m, route_sync(m), pc, insn);
            return;
        }
        if (m->el == 0 && !is_read && !strcmp(sysreg_table[idx].name, "TPIDRRO_EL0")) {
            take_undef(m, pc, insn);
            return;
        }
        m->native_pc = pc;
        return;
    case SRA_OK:
        break;
    }
    if (is_read) {
        if (m->on_sysreg_read)
            m->on_sysreg_read(m, res, pc, insn, m->on_sysreg_read_user);
        uint64_t v = sysreg_read(m, res);
        if (rt != 31)
            machine_set_x(m, rt, v);
    } else {
        sysreg_write(m, res, rt == 31 ? 0 : machine_x(m, rt), pc, insn);
    }
}

/* WFI/WFE: HCR_EL2.TWI/TWE trap EL0/EL1 to EL2 (EC 0x01, ISS CV=1 COND=0xE TI). With no
 * interrupt source modelled, an untrapped WFI would sleep forever: the run stops. WFE
 * completes at once (the event register model has nothing to wait for). */
void sysinsn_wfx(el2_machine *m, uint64_t pc, uint32_t insn)
{
    bool wfe = insn == 0xd503205f;
    uint64_t hcr = m->sr[SR_HCR_EL2];
    bool tge = hcr & HCR_TGE;
    if (m->el < 2 && !(m->el == 0 && tge) && (hcr & (wfe ? HCR_TWE : HCR_TWI))) {
        take_exception(m, 2, EXC_WFX_TRAP, esr_make(EC_WFX, 1u << 24 | 0xeu << 20 | (wfe ? 1 : 0)),
                       pc, false, 0, pc, insn);
        return;
    }
    if (wfe) {
        machine_set_pc(m, pc + 4);
        return;
    }
    machine_stop(m, STOP_WFI, 0, "EL%u executed WFI at %s with no interrupt source modelled: it would sleep forever",
                 m->el, machine_sym(m, pc));
}
