/* cpu_life.c - a PE's life cycle: its register file from the register table and the
 * CPU model, at reset. */
#include "cpu.h"
#include "sysreg.h"
#include "gic.h"

el2_cpu *cpu_new(el2_cpu_model *model, el2_symtab *syms, el2_obslist *obs)
{
    sysreg_init();
    el2_cpu *c = g_new0(el2_cpu, 1);
    c->model = model;
    c->syms = syms;
    c->obs = obs;
    c->sr = g_new0(uint64_t, SR_COUNT);
    c->sr_res0 = g_new0(uint64_t, SR_COUNT);
    c->sr_res1 = g_new0(uint64_t, SR_COUNT);
    c->sr_written = g_new0(bool, SR_COUNT);
    c->sr_writer = g_new0(uint64_t, SR_COUNT);
    c->sr_writer_insn = g_new0(uint32_t, SR_COUNT);
    c->fp_gen = 1;
    c->max_insns = 100000000ULL;
    c->unmodelled = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (model->gicv3)
        c->gic = gic_new();
    cpu_reset_sysregs(c);
    return c;
}

void cpu_reset_sysregs(el2_cpu *c)
{
    for (int i = 0; i < SR_COUNT; i++) {
        const sysreg_def *d = &sysreg_table[i];
        const uint64_t *v = g_hash_table_lookup(c->model->values, d->name);
        const uint64_t *r0 = g_hash_table_lookup(c->model->res0, d->name);
        c->sr_res0[i] = r0 ? *r0 : 0;
        c->sr_res1[i] = 0;
        c->sr[i] = v ? *v : d->reset;
        c->sr_written[i] = false;
    }
    /* PSTATE fields by feature: FEAT_PAN (ID_AA64MMFR1_EL1.PAN, bits [23:20]), FEAT_UAO
     * (ID_AA64MMFR2_EL1.UAO, [7:4]), FEAT_SSBS (ID_AA64PFR1_EL1.SSBS, [7:4]); all 0 at reset */
    c->psr_ext_mask = (((c->sr[SR_ID_AA64MMFR1_EL1] >> 20) & 0xf) ? PSR_PAN : 0) |
                      (((c->sr[SR_ID_AA64MMFR2_EL1] >> 4) & 0xf) ? PSR_UAO : 0) |
                      (((c->sr[SR_ID_AA64PFR1_EL1] >> 4) & 0xf) ? PSR_SSBS : 0);
    c->psr_ext = 0;
    /* VBAR_EL1 and VBAR_EL2 bits 10:5 are RES0 in AArch64 but hold the base of the AArch32
     * VBAR and HVBAR (Arm ARM G8 VBAR, HVBAR: bits 31:5, architecturally mapped to
     * VBAR_EL1[31:0], VBAR_EL2[31:0]): kept where that EL can use AArch32
     * (ID_AA64PFR0_EL1.EL1, .EL2 = 0b0010), as QEMU keeps them; RAZ/WI where it cannot */
    if (((c->sr[SR_ID_AA64PFR0_EL1] >> 4) & 0xf) == 1)
        c->sr_res0[SR_VBAR_EL1] |= 0x7e0;
    if (((c->sr[SR_ID_AA64PFR0_EL1] >> 8) & 0xf) == 1)
        c->sr_res0[SR_VBAR_EL2] |= 0x7e0;
    /* HCR_EL2.RW is RAO/WI where EL1 cannot use AArch32 (ID_AA64PFR0_EL1.EL1 == 0b0001:
     * AArch64 only; Arm ARM HCR_EL2.RW: "If EL1 is not capable of using AArch32, this bit
     * is RAO/WI") */
    if (((c->sr[SR_ID_AA64PFR0_EL1] >> 4) & 0xf) == 1) {
        c->sr_res1[SR_HCR_EL2] |= HCR_RW;
        c->sr[SR_HCR_EL2] |= HCR_RW;
    }
    if (c->a32_machine)                /* the Hyp-mode machine: EL2 and EL1 use AArch32 */
        c->sr[SR_SCR_EL3] &= ~(uint64_t)SCR_RW;
    /* translation is off at reset; whatever the engine mirrored goes (engine/mmu_ctx.c) */
    c->mmu_gen++;
    c->pan_gen++;
}

void cpu_free(el2_cpu *c)
{
    if (!c)
        return;
    if (c->unmodelled)
        g_hash_table_destroy(c->unmodelled);
    g_free(c->sr);
    g_free(c->sr_res0);
    g_free(c->sr_res1);
    g_free(c->sr_written);
    g_free(c->sr_writer);
    g_free(c->sr_writer_insn);
    g_free(c->stop_msg);
    if (c->irq_inject)
        g_array_free(c->irq_inject, TRUE);
    gic_free(c->gic);
    g_free(c);
}

