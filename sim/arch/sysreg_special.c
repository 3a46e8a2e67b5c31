/* sysreg_special.c - the behaviour of registers that are not plain storage: each is a
 * sysreg_ops that a row of sysreg_list.h points at. */
#include "sysreg.h"
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
    double hz = c->model->freq_mhz * 1e6;
    uint64_t frq = c->sr[SR_CNTFRQ_EL0];
    if (hz <= 0 || frq == 0)
        return c->cycles;
    return (uint64_t)((double)cpu_cycles_now(c) * (double)frq / hz);
}

static uint64_t cntpct_read(el2_cpu *c, int idx) { return physical_count(c); }
const sysreg_ops ops_cntpct = { .read = cntpct_read };

/* CNTVCT = CNTPCT - CNTVOFF_EL2, except at EL2 (and EL0 under E2H+TGE) */
static uint64_t cntvct_read(el2_cpu *c, int idx)
{
    bool no_off = c->el == 2 || (c->el == 0 && sysreg_e2h(c) && (c->sr[SR_HCR_EL2] & HCR_TGE));
    return physical_count(c) - (no_off ? 0 : c->sr[SR_CNTVOFF_EL2]);
}
const sysreg_ops ops_cntvct = { .read = cntvct_read };

/* PMCCNTR_EL0: the modelled cycle count; a write moves it */
static uint64_t pmccntr_read(el2_cpu *c, int idx) { return cpu_cycles_now(c); }
static void pmccntr_write(el2_cpu *c, int idx, uint64_t v) { c->cycle_bias += v - cpu_cycles_now(c); }
const sysreg_ops ops_pmccntr = { .read = pmccntr_read, .write = pmccntr_write };

/* ISR_EL1: no interrupt is ever pending */
static uint64_t isr_read(el2_cpu *c, int idx) { return 0; }
const sysreg_ops ops_isr = { .read = isr_read };

/* NZCV, SPSel: fields of PSTATE the engine keeps */
static uint64_t pstate_field_read(el2_cpu *c, int idx)
{
    uint32_t ps = cpu_pstate(c);
    return idx == SR_NZCV ? (ps & PSR_NZCV) : (ps & 1u);
}
const sysreg_ops ops_pstate_field = { .read = pstate_field_read };

/* DAIF: at EL0 accessible only with SCTLR_EL1.UMA, else trapped (EC 0x18) as other
 * synchronous exceptions are routed (Arm ARM D19, DAIF accessibility pseudocode) */
static uint64_t daif_read(el2_cpu *c, int idx) { return cpu_pstate(c) & PSR_DAIF; }
static sysreg_access daif_access(el2_cpu *c, int idx, bool is_read)
{
    return c->el == 0 && !(c->sr[SR_SCTLR_EL1] & SCTLR_UMA) ? SRA_TRAP : SRA_OK;
}
const sysreg_ops ops_daif = { .access = daif_access, .read = daif_read };

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
