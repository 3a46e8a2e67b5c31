/* sysreg_special.c - the behaviour of registers that are not plain storage: each is a
 * sysreg_ops that a row of sysreg_list.h points at. */
#include "sysreg.h"
#include "sysinsn.h"
#include "irq.h"
#include "timing.h"

/* CurrentEL: EL in bits [3:2] */
static uint64_t currentel_read(el2_cpu *c, int idx) { return (uint64_t)c->el << 2; }
const sysreg_ops ops_currentel = { .read = currentel_read };

/* SP_EL0, SP_EL1, SP_EL2: the banked stack pointers, wherever the engine keeps them */
static unsigned sp_el_of(int idx) { return idx == SR_SP_EL0 ? 0 : idx == SR_SP_EL1 ? 1 : 2; }
static uint64_t sp_el_read(el2_cpu *c, int idx) { return cpu_sp_el(c, sp_el_of(idx)); }
static void sp_el_write(el2_cpu *c, int idx, uint64_t v) { cpu_set_sp_el(c, sp_el_of(idx), v); }
const sysreg_ops ops_sp_el = { .read = sp_el_read, .write = sp_el_write };

/* Counter ticks for the modelled time: cycles at the CPU's clock, counted at CNTFRQ. */
static uint64_t physical_count(el2_cpu *c)
{
    return gtimer_count(c, cpu_cycles_now(c));   /* (irq.c: the timers count the same) */
}

/* Who may read the counters and use the timers below EL2 (Arm ARM D19, the
 * accessibility pseudocode of CNTFRQ_EL0, CNTPCT_EL0, CNTVCT_EL0, CNTP_CTL_EL0 and the
 * other timer registers, before FEAT_ECV):
 *   EL0: if !ELIsInHost(EL0) && CNTKCTL_EL1.<el0_en> == '0': trap to EL1 (EL2 if TGE)
 *        elsif ELIsInHost(EL0) && CNTHCTL_EL2.<el0_en> == '0': trap to EL2
 *   EL0 and EL1 (physical counter and timer only):
 *        if EL2Enabled() && HCR_EL2.E2H == '0' && CNTHCTL_EL2.EL1PCTEN/EL1PCEN == '0',
 *        or ELIsInHost(EL2) && CNTHCTL_EL2.EL1PCTEN/EL1PTEN (bits 10/11) == '0': trap to EL2
 * el0_en may name two bits (CNTFRQ_EL0: either of EL0PCTEN and EL0VCTEN lets EL0 read it). */
static sysreg_access timer_access(el2_cpu *c, uint64_t el0_en, uint64_t el1_e2h0, uint64_t el1_e2h1)
{
    uint64_t cnthctl = c->sr[SR_CNTHCTL_EL2];
    if (c->el >= 2)
        return SRA_OK;
    if (c->el == 0 && sysreg_el0_in_host(c))
        return (cnthctl & el0_en) ? SRA_OK : SRA_TRAP_EL2;
    if (c->el == 0 && !(c->sr[SR_CNTKCTL_EL1] & el0_en))
        return SRA_TRAP;
    if (!sysreg_el2_enabled(c) || !(el1_e2h0 | el1_e2h1))
        return SRA_OK;
    return (cnthctl & (sysreg_e2h(c) ? el1_e2h1 : el1_e2h0)) ? SRA_OK : SRA_TRAP_EL2;
}

static sysreg_access cntfrq_access(el2_cpu *c, int idx, bool is_read)
{
    return timer_access(c, CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN, 0, 0);
}
const sysreg_ops ops_cntfrq = { .access = cntfrq_access };

static sysreg_access cntpct_access(el2_cpu *c, int idx, bool is_read)
{
    return timer_access(c, CNTKCTL_EL0PCTEN, CNTHCTL_EL1PCTEN, CNTHCTL_E2H_EL1PCTEN);
}
static uint64_t cntpct_read(el2_cpu *c, int idx) { return physical_count(c); }
const sysreg_ops ops_cntpct = { .access = cntpct_access, .read = cntpct_read };

/* CNTVCT = CNTPCT - CNTVOFF_EL2. The offset is zero for reads from EL2 with
 * HCR_EL2.E2H == 1 and from EL0 with HCR_EL2.{E2H,TGE} == {1,1} (Arm ARM, "The Generic
 * Timer in AArch64 state", the virtual counter); at EL2 with E2H == 0 it applies. */
static sysreg_access cntvct_access(el2_cpu *c, int idx, bool is_read)
{
    return timer_access(c, CNTKCTL_EL0VCTEN, 0, 0);
}
static uint64_t cntvct_read(el2_cpu *c, int idx)
{
    bool no_off = (c->el == 2 && sysreg_e2h(c)) || (c->el == 0 && sysreg_el0_in_host(c));
    return physical_count(c) - (no_off ? 0 : c->sr[SR_CNTVOFF_EL2]);
}
const sysreg_ops ops_cntvct = { .access = cntvct_access, .read = cntvct_read };

/* CNTP_CTL_EL0, CNTP_CVAL_EL0 (stored) and CNTV_CTL_EL0, CNTV_CVAL_EL0: their access
 * checks only */
static sysreg_access cntp_access(el2_cpu *c, int idx, bool is_read)
{
    return timer_access(c, CNTKCTL_EL0PTEN, CNTHCTL_EL1PCEN, CNTHCTL_E2H_EL1PTEN);
}
const sysreg_ops ops_cntp = { .access = cntp_access };
static sysreg_access cntv_access(el2_cpu *c, int idx, bool is_read)
{
    return timer_access(c, CNTKCTL_EL0VTEN, 0, 0);
}
const sysreg_ops ops_cntv = { .access = cntv_access };

/* CNTP_CTL_EL0, CNTV_CTL_EL0, CNTHP_CTL_EL2, CNTHV_CTL_EL2: ENABLE and IMASK are stored;
 * ISTATUS (RO) is the timer condition now, while ENABLE is 1 (0 otherwise, as QEMU 7.2
 * reads it; the Arm ARM makes it UNKNOWN then). irq.c raises the timer's PPI from them. */
static uint64_t ctl_read(el2_cpu *c, int idx)
{
    return (c->sr[idx] & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) | (gtimer_istatus(c, idx) ? CNT_CTL_ISTATUS : 0);
}
static void ctl_write(el2_cpu *c, int idx, uint64_t v)
{
    c->sr[idx] = v & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
}
const sysreg_ops ops_cntp_ctl = { .access = cntp_access, .read = ctl_read, .write = ctl_write };
const sysreg_ops ops_cntv_ctl = { .access = cntv_access, .read = ctl_read, .write = ctl_write };
const sysreg_ops ops_cnth_ctl = { .read = ctl_read, .write = ctl_write };

/* VSESR_EL2 exists with FEAT_RAS (ID_AA64PFR0_EL1.RAS, bits [31:28]) only */
static sysreg_access vsesr_access(el2_cpu *c, int idx, bool is_read)
{
    return ((c->sr[SR_ID_AA64PFR0_EL1] >> 28) & 0xf) ? SRA_OK : SRA_UNDEF;
}
const sysreg_ops ops_vsesr = { .access = vsesr_access };

/* TVAL: a 32-bit view of CVAL against the count its timer compares with (Arm ARM, "The
 * Generic Timer in AArch64 state", timers; CNTP_TVAL_EL0.TimerValue): a read gives (CVAL - count)[31:0],
 * bits [63:32] RES0; a write sets CVAL = count + SignExtend(TimerValue). The EL1 virtual
 * timer counts CNTPCT - CNTVOFF_EL2; the EL1 physical timer and the EL2 timers
 * (CNTHP_*, and CNTHV_* of FEAT_VHE) count the physical count. */
static int tval_cval(int idx)
{
    switch (idx) {
    case SR_CNTP_TVAL_EL0: return SR_CNTP_CVAL_EL0;
    case SR_CNTV_TVAL_EL0: return SR_CNTV_CVAL_EL0;
    case SR_CNTHP_TVAL_EL2: return SR_CNTHP_CVAL_EL2;
    default: return SR_CNTHV_CVAL_EL2;
    }
}
static uint64_t timer_count(el2_cpu *c, int cval)
{
    return physical_count(c) - (cval == SR_CNTV_CVAL_EL0 ? c->sr[SR_CNTVOFF_EL2] : 0);
}
static uint64_t tval_read(el2_cpu *c, int idx)
{
    int cv = tval_cval(idx);
    return (uint32_t)(c->sr[cv] - timer_count(c, cv));
}
static void tval_write(el2_cpu *c, int idx, uint64_t v)
{
    int cv = tval_cval(idx);
    c->sr[cv] = timer_count(c, cv) + (uint64_t)(int64_t)(int32_t)v;
}
const sysreg_ops ops_cntp_tval = { .access = cntp_access, .read = tval_read, .write = tval_write };
const sysreg_ops ops_cntv_tval = { .access = cntv_access, .read = tval_read, .write = tval_write };
const sysreg_ops ops_cnth_tval = { .read = tval_read, .write = tval_write };

/* PMCCNTR_EL0: the modelled cycle count; a write moves it */
static uint64_t pmccntr_read(el2_cpu *c, int idx) { return cpu_cycles_now(c); }
static void pmccntr_write(el2_cpu *c, int idx, uint64_t v) { c->cycle_bias += v - cpu_cycles_now(c); }
const sysreg_ops ops_pmccntr = { .read = pmccntr_read, .write = pmccntr_write };

/* ISR_EL1: the pending interrupts (irq.c) */
static uint64_t isr_read(el2_cpu *c, int idx) { return irq_isr_el1(c, cpu_cycles_now(c) - c->cycle_bias); }
const sysreg_ops ops_isr = { .read = isr_read };

/* NZCV, SPSel: fields of PSTATE the engine keeps */
static uint64_t pstate_field_read(el2_cpu *c, int idx)
{
    uint32_t ps = cpu_pstate(c);
    return idx == SR_NZCV ? (ps & PSR_NZCV) : (ps & 1u);
}
const sysreg_ops ops_pstate_field = { .read = pstate_field_read };

/* DAIF: at EL0 accessible only with SCTLR_EL1.UMA (SCTLR_EL2.UMA in a VHE host), else
 * trapped (EC 0x18) as other synchronous exceptions are routed (Arm ARM D19, DAIF
 * accessibility pseudocode) */
static uint64_t daif_read(el2_cpu *c, int idx) { return cpu_pstate(c) & PSR_DAIF; }
static sysreg_access daif_access(el2_cpu *c, int idx, bool is_read)
{
    return c->el == 0 && !(sysreg_el0_sctlr(c) & SCTLR_UMA) ? SRA_TRAP : SRA_OK;
}
const sysreg_ops ops_daif = { .access = daif_access, .read = daif_read };

/* MIDR_EL1, MPIDR_EL1: "elsif PSTATE.EL == EL1 then if EL2Enabled() then return
 * VPIDR_EL2 (VMPIDR_EL2)" (accessibility pseudocode): EL1 sees the values EL2 gives it */
static int midr_resolve(el2_cpu *c, int idx)
{
    return c->el == 1 && sysreg_el2_enabled(c) ? SR_VPIDR_EL2 : idx;
}
static int mpidr_resolve(el2_cpu *c, int idx)
{
    return c->el == 1 && sysreg_el2_enabled(c) ? SR_VMPIDR_EL2 : idx;
}
const sysreg_ops ops_midr = { .resolve = midr_resolve };
const sysreg_ops ops_mpidr = { .resolve = mpidr_resolve };

/* CTR_EL0 at EL0 (accessibility pseudocode): SCTLR_EL1.UCT == '0' traps to EL1 (EL2 if
 * TGE), SCTLR_EL2.UCT in a VHE host to EL2; then HCR_EL2.TID2 traps to EL2 unless in a
 * host. At EL1, TID2 is the row's SRF_TID2. */
static sysreg_access ctr_access(el2_cpu *c, int idx, bool is_read)
{
    if (c->el != 0)
        return SRA_OK;
    if (!(sysreg_el0_sctlr(c) & SCTLR_UCT))
        return SRA_TRAP;
    if (sysreg_el2_enabled(c) && !sysreg_el0_in_host(c) && (c->sr[SR_HCR_EL2] & HCR_TID2))
        return SRA_TRAP_EL2;
    return SRA_OK;
}
const sysreg_ops ops_ctr = { .access = ctr_access };

/* DCZID_EL0.DZP (bit 4) reads 1 when DC ZVA would not execute at the reading EL
 * (SCTLR_ELx.DZE at EL0, HCR_EL2.TDZ: Arm ARM D19 DCZID_EL0); BS from the CPU model */
#define DCZID_DZP (1ULL << 4)
static uint64_t dczid_read(el2_cpu *c, int idx)
{
    bool prohibited = sysinsn_sys_access(c, 3, 7, 4, 1) != SRA_OK;   /* DC ZVA */
    return (c->sr[idx] & ~DCZID_DZP) | (prohibited ? DCZID_DZP : 0);
}
const sysreg_ops ops_dczid = { .read = dczid_read };

/* TPIDRRO_EL0: read-only at EL0 (MSR UNDEFINED there); its reads are never trapped */
static sysreg_access tpidrro_access(el2_cpu *c, int idx, bool is_read)
{
    return c->el == 0 && !is_read ? SRA_UNDEF : SRA_OK;
}
const sysreg_ops ops_tpidrro_el0 = { .access = tpidrro_access };

/* PAN, UAO, SSBS: PSTATE fields el2sim keeps (el2_cpu.psr_ext), in their SPSR bit
 * positions (22, 23, 12) as MRS and MSR move them; UNDEFINED on a CPU without the
 * feature (Arm ARM D19 "PAN", "UAO", "SSBS": present only with FEAT_PAN, FEAT_UAO,
 * FEAT_SSBS; PAN and UAO from EL1, SSBS from EL0). */
static uint32_t pstate_ext_bit(int idx) { return idx == SR_PAN ? PSR_PAN : idx == SR_UAO ? PSR_UAO : PSR_SSBS; }
static sysreg_access pstate_ext_access(el2_cpu *c, int idx, bool is_read)
{
    return (c->psr_ext_mask & pstate_ext_bit(idx)) ? SRA_OK : SRA_UNDEF;
}
static uint64_t pstate_ext_read(el2_cpu *c, int idx) { return c->psr_ext & pstate_ext_bit(idx); }
static void pstate_ext_write(el2_cpu *c, int idx, uint64_t v)
{
    cpu_set_psr_ext(c, pstate_ext_bit(idx), (uint32_t)v);
}
const sysreg_ops ops_pstate_ext = { .access = pstate_ext_access, .read = pstate_ext_read,
                                    .write = pstate_ext_write };
