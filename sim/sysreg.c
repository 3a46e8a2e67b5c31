/* sysreg.c - access checks, reads and writes over the table in sysreg_table.c. */
#include "sysreg.h"
#include "exception.h"
#include "machine.h"
#include "timing.h"
#include <glib.h>
#include <stdio.h>
#include <string.h>

int SR_HCR_EL2, SR_SCR_EL3, SR_VBAR_EL1, SR_VBAR_EL2, SR_ELR_EL1, SR_ELR_EL2, SR_SPSR_EL1,
    SR_SPSR_EL2, SR_ESR_EL1, SR_ESR_EL2, SR_FAR_EL1, SR_FAR_EL2, SR_SCTLR_EL1, SR_SCTLR_EL2,
    SR_MDCR_EL2, SR_CPTR_EL2, SR_CPACR_EL1, SR_ID_AA64MMFR1, SR_MIDR_EL1, SR_MPIDR_EL1,
    SR_TPIDR_EL1, SR_TPIDR_EL2, SR_SP_EL0, SR_SP_EL1, SR_SP_EL2, SR_CNTFRQ_EL0, SR_ICH_VTR_EL2;

static GHashTable *by_key, *by_name;
static int *e2h_of;    /* EL1 row -> EL2 row reached under E2H, or -1 */
static int *alias_of;  /* EL12 row -> target row, or -1 */
static int sr_cntpct, sr_cntvct, sr_cntvoff, sr_currentel, sr_pmccntr, sr_isr, sr_cnthctl;

static int must(const char *name)
{
    int i = sysreg_find_name(name);
    g_assert(i >= 0);
    return i;
}

void sysreg_init(void)
{
    if (by_key)
        return;
    by_key = g_hash_table_new(g_direct_hash, g_direct_equal);
    by_name = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (int i = 0; i < sysreg_count; i++) {
        const sysreg_def *d = &sysreg_table[i];
        uint32_t key = SYSREG_KEY(d->op0, d->op1, d->crn, d->crm, d->op2);
        g_assert(!g_hash_table_contains(by_key, GUINT_TO_POINTER(key + 1)));
        g_hash_table_insert(by_key, GUINT_TO_POINTER(key + 1), GINT_TO_POINTER(i + 1));
        g_hash_table_insert(by_name, g_ascii_strup(d->name, -1), GINT_TO_POINTER(i + 1));
    }
    gsize n = sysreg_count > 0 ? (gsize)sysreg_count : 0;
    e2h_of = g_new(int, n);
    alias_of = g_new(int, n);
    for (int i = 0; i < sysreg_count; i++)
        e2h_of[i] = alias_of[i] = -1;
    for (int i = 0; i < sysreg_count; i++) {
        const sysreg_def *d = &sysreg_table[i];
        if (d->e2h)
            e2h_of[must(d->e2h)] = i;
        if (d->target)
            alias_of[i] = must(d->target);
    }
    SR_HCR_EL2 = must("HCR_EL2"); SR_SCR_EL3 = must("SCR_EL3");
    SR_VBAR_EL1 = must("VBAR_EL1"); SR_VBAR_EL2 = must("VBAR_EL2");
    SR_ELR_EL1 = must("ELR_EL1"); SR_ELR_EL2 = must("ELR_EL2");
    SR_SPSR_EL1 = must("SPSR_EL1"); SR_SPSR_EL2 = must("SPSR_EL2");
    SR_ESR_EL1 = must("ESR_EL1"); SR_ESR_EL2 = must("ESR_EL2");
    SR_FAR_EL1 = must("FAR_EL1"); SR_FAR_EL2 = must("FAR_EL2");
    SR_SCTLR_EL1 = must("SCTLR_EL1"); SR_SCTLR_EL2 = must("SCTLR_EL2");
    SR_MDCR_EL2 = must("MDCR_EL2"); SR_CPTR_EL2 = must("CPTR_EL2");
    SR_CPACR_EL1 = must("CPACR_EL1"); SR_ID_AA64MMFR1 = must("ID_AA64MMFR1_EL1");
    SR_MIDR_EL1 = must("MIDR_EL1"); SR_MPIDR_EL1 = must("MPIDR_EL1");
    SR_TPIDR_EL1 = must("TPIDR_EL1"); SR_TPIDR_EL2 = must("TPIDR_EL2");
    SR_SP_EL0 = must("SP_EL0"); SR_SP_EL1 = must("SP_EL1"); SR_SP_EL2 = must("SP_EL2");
    SR_CNTFRQ_EL0 = must("CNTFRQ_EL0"); SR_ICH_VTR_EL2 = must("ICH_VTR_EL2");
    sr_cntpct = must("CNTPCT_EL0"); sr_cntvct = must("CNTVCT_EL0");
    sr_cntvoff = must("CNTVOFF_EL2"); sr_currentel = must("CurrentEL");
    sr_pmccntr = must("PMCCNTR_EL0"); sr_isr = must("ISR_EL1");
    sr_cnthctl = must("CNTHCTL_EL2");
}

int sysreg_find_key(uint32_t key)
{
    return GPOINTER_TO_INT(g_hash_table_lookup(by_key, GUINT_TO_POINTER(key + 1))) - 1;
}

int sysreg_find_name(const char *name)
{
    char *up = g_ascii_strup(name, -1);
    int i = GPOINTER_TO_INT(g_hash_table_lookup(by_name, up)) - 1;
    g_free(up);
    return i;
}

int sysreg_e2h_target(int idx) { return e2h_of[idx]; }
int sysreg_alias_target(int idx) { return alias_of[idx]; }

void sysreg_encoding_name(uint32_t key, char *buf, unsigned n)
{
    snprintf(buf, n, "S%u_%u_C%u_C%u_%u", key >> 14 & 3, key >> 11 & 7, key >> 7 & 15,
             key >> 3 & 15, key & 7);
}

static bool e2h_on(const el2_machine *m)
{
    return m->cpu->vhe && (m->sr[SR_HCR_EL2] & HCR_E2H);
}

/* The access check of MRS/MSR: Arm ARM "AArch64.CheckSystemAccess" and each
 * register's accessibility pseudocode, reduced to the traps el2sim models. */
sysreg_access sysreg_check(el2_machine *m, int idx, bool is_read, int *resolved)
{
    const sysreg_def *d = &sysreg_table[idx];
    unsigned el = m->el;
    uint64_t hcr = m->sr[SR_HCR_EL2];

    *resolved = idx;
    if (m->cpu->absent && g_hash_table_contains(m->cpu->absent, d->name))
        return SRA_UNDEF;
    if (el < d->min_el)
        return SRA_UNDEF;
    if (d->kind == SR_NATIVE)
        return SRA_NATIVE;
    if (is_read && (d->flags & SRF_WO))
        return SRA_UNDEF;
    if (!is_read && (d->flags & SRF_RO))
        return SRA_UNDEF;
    if ((d->flags & SRF_SPSEL1) && !(machine_pstate(m) & 1))
        return SRA_UNDEF;
    if (d->kind == SR_EL12) {
        if (el == 2 && e2h_on(m)) {
            *resolved = alias_of[idx];
            return SRA_OK;
        }
        return SRA_UNDEF;
    }
    if (el == 2 && e2h_on(m) && e2h_of[idx] >= 0) {
        *resolved = e2h_of[idx];
        return SRA_OK;
    }
    if (el == 1) {
        if ((d->flags & SRF_TVM) && !is_read && (hcr & HCR_TVM))
            return SRA_TRAP_EL2;
        if ((d->flags & SRF_TVM) && is_read && (hcr & HCR_TRVM))
            return SRA_TRAP_EL2;
        if ((d->flags & SRF_TID3) && is_read && (hcr & HCR_TID3))
            return SRA_TRAP_EL2;
        if ((d->flags & SRF_TID1) && is_read && (hcr & HCR_TID1))
            return SRA_TRAP_EL2;
    }
    return SRA_OK;
}

/* Counter ticks for the modelled time: cycles at the CPU's clock, counted at CNTFRQ. */
static uint64_t physical_count(const el2_machine *m)
{
    double hz = m->cpu->freq_mhz * 1e6;
    uint64_t frq = m->sr[SR_CNTFRQ_EL0];
    if (hz <= 0 || frq == 0)
        return m->cycles;
    return (uint64_t)((double)machine_cycles_now(m) * (double)frq / hz);
}

uint64_t sysreg_read(el2_machine *m, int idx)
{
    const sysreg_def *d = &sysreg_table[idx];
    if (d->kind == SR_EL12)
        return sysreg_read(m, alias_of[idx]);
    if (d->kind == SR_SPECIAL) {
        if (idx == sr_currentel)
            return (uint64_t)m->el << 2;
        if (idx == SR_SP_EL0)
            return machine_sp_el(m, 0);
        if (idx == SR_SP_EL1)
            return machine_sp_el(m, 1);
        if (idx == SR_SP_EL2)
            return machine_sp_el(m, 2);
        if (idx == sr_cntpct)
            return physical_count(m);
        if (idx == sr_cntvct) {
            /* CNTVCT = CNTPCT - CNTVOFF_EL2, except at EL2 (and EL0 under E2H+TGE) */
            bool no_off = m->el == 2 || (m->el == 0 && e2h_on(m) && (m->sr[SR_HCR_EL2] & HCR_TGE));
            return physical_count(m) - (no_off ? 0 : m->sr[sr_cntvoff]);
        }
        if (idx == sr_pmccntr)
            return machine_cycles_now(m);
        if (idx == sr_isr)
            return 0;
        return 0;
    }
    if (d->kind == SR_NATIVE) {
        uint32_t ps = machine_pstate(m);
        if (!strcmp(d->name, "NZCV"))
            return ps & 0xf0000000u;
        if (!strcmp(d->name, "DAIF"))
            return ps & 0x3c0u;
        if (!strcmp(d->name, "SPSel"))
            return ps & 1u;
        return 0;
    }
    return m->sr[idx];
}

uint64_t sysreg_get(const el2_machine *m, int idx) { return m->sr[idx]; }

void sysreg_set(el2_machine *m, int idx, uint64_t value)
{
    const sysreg_def *d = &sysreg_table[idx];
    m->sr[idx] = (value & ~(d->res0 | m->sr_res0[idx])) | d->res1;
}

uint64_t sysreg_write(el2_machine *m, int idx, uint64_t value, uint64_t pc, uint32_t insn)
{
    const sysreg_def *d = &sysreg_table[idx];
    if (d->kind == SR_EL12)
        return sysreg_write(m, alias_of[idx], value, pc, insn);
    uint64_t old = sysreg_read(m, idx);
    uint64_t v = (value & ~(d->res0 | m->sr_res0[idx])) | d->res1;
    if (d->kind == SR_SPECIAL) {
        if (idx == SR_SP_EL0)
            machine_set_sp_el(m, 0, v);
        else if (idx == SR_SP_EL1)
            machine_set_sp_el(m, 1, v);
        else if (idx == SR_SP_EL2)
            machine_set_sp_el(m, 2, v);
        else if (idx == sr_pmccntr)
            m->cycle_bias += v - machine_cycles_now(m);
    } else {
        m->sr[idx] = v;
    }
    m->sr_written[idx] = true;
    if (pc) {
        m->sr_writer[idx] = pc;
        m->sr_writer_insn[idx] = insn;
    }
    if (pc && (d->flags & SRF_TRACE)) {
        el2_event ev = { .kind = EV_SYSREG, .pc = pc, .insn = insn, .from_el = m->el,
                         .to_el = m->el, .sysreg = idx, .value = v, .old = old, .raw = value };
        machine_stamp(m, &ev, pc);
        machine_fill_regs(m, &ev);
        machine_emit(m, &ev);
    }
    return v;
}
