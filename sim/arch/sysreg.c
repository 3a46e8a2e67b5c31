/* sysreg.c - access checks, reads and writes over the table in sysreg_table.c. */
#include "sysreg.h"
#include "exception.h"
#include "irq.h"
#include "timing.h"
#include <glib.h>
#include <stdio.h>
#include <string.h>

static GHashTable *by_key, *by_name;
static int e2h_of[SR_COUNT];    /* EL1 row -> EL2 row reached under E2H, or -1 */
static int alias_of[SR_COUNT];  /* EL12 row -> target row, or -1 */

static int must(const char *name)
{
    int i = sysreg_find_name(name);
    g_assert(i >= 0);
    return i;
}

/* What a write to each register means beside its value (sysreg_set, sysreg_write): built
 * once, looked up on every write (exception entry writes ESR, ELR, SPSR, FAR). */
uint8_t sysreg_effects[SR_COUNT];
static bool sysreg_translation(int idx);

void sysreg_init(void)
{
    if (by_key)
        return;
    for (int i = 0; i < SR_COUNT; i++)
        sysreg_effects[i] = (sysreg_translation(i) ? EFF_MMU : 0) | (irq_sysreg_relevant(i) ? EFF_IRQ : 0);
    by_key = g_hash_table_new(g_direct_hash, g_direct_equal);
    by_name = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (int i = 0; i < SR_COUNT; i++) {
        const sysreg_def *d = &sysreg_table[i];
        uint32_t key = SYSREG_KEY(d->op0, d->op1, d->crn, d->crm, d->op2);
        g_assert(!g_hash_table_contains(by_key, GUINT_TO_POINTER(key + 1)));
        g_hash_table_insert(by_key, GUINT_TO_POINTER(key + 1), GINT_TO_POINTER(i + 1));
        g_hash_table_insert(by_name, g_ascii_strup(d->name, -1), GINT_TO_POINTER(i + 1));
    }
    for (int i = 0; i < SR_COUNT; i++)
        e2h_of[i] = alias_of[i] = -1;
    for (int i = 0; i < SR_COUNT; i++) {
        const sysreg_def *d = &sysreg_table[i];
        if (d->e2h)
            e2h_of[must(d->e2h)] = i;
        if (d->target)
            alias_of[i] = must(d->target);
    }
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

bool sysreg_e2h(const el2_cpu *c)
{
    return c->model->vhe && (c->sr[SR_HCR_EL2] & HCR_E2H);
}

bool sysreg_el2_enabled(const el2_cpu *c)
{
    return (c->sr[SR_SCR_EL3] & SCR_NS) != 0;
}

bool sysreg_el0_in_host(const el2_cpu *c)
{
    return sysreg_el2_enabled(c) && sysreg_e2h(c) && (c->sr[SR_HCR_EL2] & HCR_TGE);
}

uint64_t sysreg_el0_sctlr(const el2_cpu *c)
{
    return sysreg_el0_in_host(c) ? c->sr[SR_SCTLR_EL2] : c->sr[SR_SCTLR_EL1];
}

/* HCR_EL2 trap bits that apply to an EL1 access of a register with flags fl: the
 * accessibility pseudocode's "if EL2Enabled() && HCR_EL2.<bit> == '1' then
 * AArch64.SystemAccessTrap(EL2, 0x18)" for TVM/TRVM (writes/reads of the VM
 * registers), TID1, TID2, TID3 (reads of ID registers; TID2 also CSSELR writes) and
 * TACR (ACTLR_EL1). */
static bool el1_trapped(const el2_cpu *c, uint16_t fl, bool is_read)
{
    uint64_t hcr = c->sr[SR_HCR_EL2];
    if (!sysreg_el2_enabled(c))
        return false;
    if ((fl & SRF_TVM) && (hcr & (is_read ? HCR_TRVM : HCR_TVM)))
        return true;
    if ((fl & SRF_TID3) && is_read && (hcr & HCR_TID3))
        return true;
    if ((fl & SRF_TID1) && is_read && (hcr & HCR_TID1))
        return true;
    if ((fl & SRF_TID2) && (hcr & HCR_TID2))
        return true;
    return (fl & SRF_TACR) && (hcr & HCR_TACR);
}

/* The access check of MRS/MSR: Arm ARM "AArch64.CheckSystemAccess" and each
 * register's accessibility pseudocode, reduced to the traps el2sim models. The
 * register's own check (its sysreg_ops access) runs on the name the instruction gives,
 * before any redirection: at EL0 in a VHE host CNTP_CTL_EL0 is checked against
 * CNTHCTL_EL2.EL0PTEN, then reaches CNTHP_CTL_EL2. */
sysreg_access sysreg_check(el2_cpu *c, int idx, bool is_read, int *resolved)
{
    const sysreg_def *d = &sysreg_table[idx];
    unsigned el = c->el;

    *resolved = idx;
    if (c->model->absent && g_hash_table_contains(c->model->absent, d->name))
        return SRA_UNDEF;
    if (el < d->min_el)
        return SRA_UNDEF;
    if (d->kind == SRK_NATIVE) {
        sysreg_access a = d->ops && d->ops->access ? d->ops->access(c, idx, is_read) : SRA_OK;
        return a == SRA_OK ? SRA_NATIVE : a;
    }
    if (is_read && (d->flags & SRF_WO))
        return SRA_UNDEF;
    if (!is_read && (d->flags & SRF_RO))
        return SRA_UNDEF;
    if ((d->flags & SRF_SPSEL1) && !(cpu_pstate(c) & 1))
        return SRA_UNDEF;
    if (d->kind == SRK_EL12) {
        if (el == 2 && sysreg_e2h(c)) {
            *resolved = alias_of[idx];
            return SRA_OK;
        }
        return SRA_UNDEF;
    }
    if (el == 1 && el1_trapped(c, d->flags, is_read))
        return SRA_TRAP_EL2;
    if (d->ops && d->ops->access) {
        sysreg_access a = d->ops->access(c, idx, is_read);
        if (a != SRA_OK)
            return a;
    }
    /* E2H: at EL2 the *_EL1 (and EL0 timer) names reach the EL2 registers; at EL0 in a
     * host the EL0 timer names reach the EL2 timers (CNTP_CTL_EL0 accessibility
     * pseudocode: "elsif ELIsInHost(EL0) ... X[t] = CNTHP_CTL_EL2") */
    if (e2h_of[idx] >= 0 && ((el == 2 && sysreg_e2h(c)) || (el == 0 && sysreg_el0_in_host(c)))) {
        *resolved = e2h_of[idx];
        return SRA_OK;
    }
    if (d->ops && d->ops->resolve)
        *resolved = d->ops->resolve(c, idx);
    return SRA_OK;
}

uint64_t sysreg_read(el2_cpu *c, int idx)
{
    const sysreg_def *d = &sysreg_table[idx];
    if (d->kind == SRK_EL12)
        return sysreg_read(c, alias_of[idx]);
    if (d->ops && d->ops->read)
        return d->ops->read(c, idx);
    uint64_t v = 0;
    if (d->kind == SRK_NATIVE && c->port->native_sr && c->port->native_sr(c->port_ctx, idx, false, &v))
        return v;                  /* the executor's own (TPIDR_EL0, TPIDRRO_EL0) */
    if (d->kind == SRK_SPECIAL || d->kind == SRK_NATIVE)
        return 0;                  /* state el2sim does not see (FPCR, FPSR) */
    return c->sr[idx];
}

uint64_t sysreg_mrs(el2_cpu *c, int idx)
{
    const sysreg_def *d = &sysreg_table[idx];
    return d->ops && d->ops->mrs ? d->ops->mrs(c, idx) : sysreg_read(c, idx);
}

/* The registers translation depends on (cpu.h mmu_gen) */
static bool sysreg_translation(int idx)
{
    switch (idx) {
    case SR_SCTLR_EL1: case SR_TCR_EL1: case SR_TTBR0_EL1: case SR_TTBR1_EL1: case SR_MAIR_EL1:
    case SR_SCTLR_EL2: case SR_TCR_EL2: case SR_TTBR0_EL2: case SR_TTBR1_EL2: case SR_MAIR_EL2:
    case SR_HCR_EL2: case SR_VTTBR_EL2: case SR_VTCR_EL2:
    case SR_DACR32_EL2:           /* an AArch32 EL1's short-descriptor domains (mmu_a32.c) */
        return true;
    default:
        return false;
    }
}

void sysreg_set_effects(el2_cpu *c, int idx)
{
    uint8_t f = sysreg_effects[idx];
    c->mmu_gen += f & EFF_MMU;
    if (f & EFF_IRQ)
        irq_touch(c);
}

void sysreg_set_slow(el2_cpu *c, int idx, uint64_t value)
{
    sysreg_set_effects(c, idx);
    c->sr[idx] = sysreg_masked(c, idx, value);
}

uint64_t sysreg_write(el2_cpu *c, int idx, uint64_t value, uint64_t pc, uint32_t insn)
{
    const sysreg_def *d = &sysreg_table[idx];
    if (d->kind == SRK_EL12)
        return sysreg_write(c, alias_of[idx], value, pc, insn);
    uint64_t old = sysreg_read(c, idx);
    uint64_t v = sysreg_masked(c, idx, value);
    if (d->ops && d->ops->write)
        d->ops->write(c, idx, v);
    else if (d->kind == SRK_NATIVE && c->port->native_sr && c->port->native_sr(c->port_ctx, idx, true, &v))
        ;                          /* the executor keeps it: an AArch32 MCR's TPIDRURW reaches TPIDR_EL0 */
    else if (d->kind != SRK_SPECIAL)
        c->sr[idx] = v;
    c->sr_written[idx] = true;
    if (G_UNLIKELY(sysreg_effects[idx]))
        sysreg_set_effects(c, idx);
    if (pc) {
        c->sr_writer[idx] = pc;
        c->sr_writer_insn[idx] = insn;
    }
    if (pc && (d->flags & SRF_TRACE)) {
        el2_event ev = { .kind = EV_SYSREG, .pc = pc, .insn = insn, .from_el = c->el,
                         .to_el = c->el, .sysreg = idx, .value = v, .old = old, .raw = value };
        cpu_stamp(c, &ev, pc);
        cpu_fill_regs(c, &ev);
        cpu_emit(c, &ev);
    }
    return v;
}
