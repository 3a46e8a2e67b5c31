/* gic_smp.c - the GICv3 of a machine with several PEs (issue 20 item 4; Arm IHI 0069).
 * Each PE keeps its el2_gic (gic.h): its CPU interface, its redistributor (SGIs and PPIs)
 * and a copy of the distributor's registers, which every GICD write updates on each PE
 * (so the copies stay equal: one distributor). The redistributors lie one frame pair per
 * PE from GICR_BASE (RD_base, SGI_base: 128 KiB each, QEMU virt's layout), PE n's at
 * GICR_BASE + n * 0x20000, whichever PE accesses them (IHI 0069 12.10 "The GIC
 * Redistributor register map"). ICC_SGI1R_EL1 makes an SGI pending in the target PEs'
 * redistributors (gic_cpuif.c); a target in WFI or WFE is woken to look at it. A one-PE
 * machine has one frame pair, as before. */
#include "gic.h"
#include "irq.h"
#include "smp.h"

unsigned gic_pe_count(const el2_cpu *c) { return c->smp ? c->smp->n : 1; }

el2_cpu *gic_pe(el2_cpu *c, unsigned i) { return c->smp ? c->smp->pe[i].cpu : c; }

uint64_t gic_gicr_span(const el2_cpu *c) { return GICR_SIZE * gic_pe_count(c); }

el2_cpu *gic_gicr_owner(el2_cpu *c, uint64_t *off, unsigned *index)
{
    uint64_t k = *off / GICR_SIZE;
    if (k >= gic_pe_count(c))
        return NULL;
    *off -= k * GICR_SIZE;
    *index = (unsigned)k;
    return gic_pe(c, (unsigned)k);
}

/* The SGI is pending in the target's redistributor at once (IHI 0069 4.4 "Software
 * Generated Interrupts"); the target takes it at its next block start once it runs. A
 * target waiting in WFI (asleep: nothing of its own could wake it) or in WFE is marked
 * for the round robin to look at again (system/machine.c): an interrupt pending is a WFI
 * wake-up event, and a WFE one if it would be taken (Arm ARM D1.7.1.2, D1.7.2). */
void gic_sgi_to(el2_cpu *from, el2_cpu *to, unsigned intid)
{
    gic_raise(to, intid, IRQSRC_SGI);
    if (to != from && to->smp)
        to->smp->pe[to->index].kick = true;
}
