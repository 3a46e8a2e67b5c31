/* gic.h - a GICv3 for one PE or several (gic_smp.c; Arm IHI 0069, "GIC architecture
 * specification, GICv3 and GICv4"): the CPU interface as system registers (ICC_*, with the virtual interface
 * ICV_* that EL1 reaches with HCR_EL2.IMO and the hypervisor controls ICH_*), and a
 * minimal distributor and redistributor at QEMU virt's addresses, reached as MMIO.
 *
 * What is modelled (README "Interrupts"): Group 1 only (Non-secure; el2sim has no Secure
 * state, GICD_CTLR.DS reads 1); affinity routing only (ARE reads 1); 5 bits of priority
 * and of preemption, as ICH_VTR_EL2 of the CPU models says (Neoverse N1, QEMU max);
 * SGIs, PPIs and SPIs 32-1019; no LPIs, ITS, GICv2 compatibility or EL3 registers.
 * The timers' PPIs are level-sensitive, SGIs and --irq interrupts edge-triggered.
 *
 * Until the guest sets GICD_CTLR.EnableGrp1 the GIC is not "in use": the first step's
 * behaviour holds (an asserted PPI or SPI drives the PE's IRQ line directly, irq.h), so
 * images that never set the GIC up keep running as they did. */
#ifndef EL2_GIC_H
#define EL2_GIC_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"

#define GIC_NINTID     1020        /* SGIs 0-15, PPIs 16-31, SPIs 32-1019 */
#define INTID_MAINT    25          /* the GICv3 maintenance interrupt (QEMU virt: PPI 9) */
#define INTID_SPURIOUS 1023

/* QEMU virt's GICv3 (hw/arm/virt.c memmap: VIRT_GIC_DIST, VIRT_GIC_REDIST) */
#define GICD_BASE 0x08000000ULL
#define GICD_SIZE 0x10000ULL
#define GICR_BASE 0x080a0000ULL
#define GICR_SIZE 0x20000ULL       /* RD_base and SGI_base frames of a PE: PE n's at
                                      GICR_BASE + n * GICR_SIZE (several PEs, gic_smp.c) */

typedef struct el2_gic {
    bool used;                     /* GICD_CTLR.EnableGrp1 was set: interrupts go through the GIC */
    uint32_t gicd_ctlr;            /* EnableGrp0, EnableGrp1 */
    uint32_t waker;                /* GICR_WAKER.ProcessorSleep */
    unsigned hi;                   /* 1 + the highest INTID ever pending (the scans stop there) */
    uint8_t prio[GIC_NINTID];
    bool enabled[GIC_NINTID];
    bool latch[GIC_NINTID];        /* edge or software pending state */
    bool level[GIC_NINTID];        /* level-sensitive input asserted (timers, maintenance) */
    bool active[GIC_NINTID];
    uint8_t source[GIC_NINTID];    /* el2_irq_source of the pending state (events) */
    uint64_t irouter[GIC_NINTID];
    uint32_t apr;                  /* physical active priorities: bit (group priority >> 3) */
    unsigned virq_intid;           /* the vINTID the virtual interface signals (events) */
} el2_gic;

/* A GIC at reset (GICR_WAKER.ProcessorSleep = 1, everything disabled); the PE's is
 * c->gic, NULL where the CPU model has no GICv3 CPU interface */
el2_gic *gic_new(void);
void gic_free(el2_gic *g);
static inline bool gic_in_use(const el2_cpu *c) { return c->gic && c->gic->used; }

/* Inputs: a level-sensitive interrupt's line (the timers' PPIs, the maintenance
 * interrupt), and an edge (--irq, SGIs) with its source. */
void gic_set_level(el2_cpu *c, unsigned intid, bool on, int source);
void gic_raise(el2_cpu *c, unsigned intid, int source);

/* The physical CPU interface's IRQ output: the highest priority pending interrupt can
 * be signalled (IHI 0069 4.8 "Preemption", 4.7 "Priority masking"); *intid, *source. */
bool gic_irq_signalled(el2_cpu *c, unsigned *intid, int *source);
/* The virtual CPU interface's virtual IRQ (list registers); the vINTID in g->virq_intid */
bool gic_virq_signalled(el2_cpu *c);
/* The maintenance interrupt's level: ICH_HCR_EL2.En and ICH_MISR_EL2 != 0 */
bool gic_maint_asserted(el2_cpu *c);

/* The physical CPU interface (gic_cpuif.c uses them): the running priority, a group
 * priority under ICC_BPR1_EL1, the HPPI that can be signalled (1023: none) and
 * ICC_HPPIR1_EL1's value; acknowledge, priority drop (false: nothing was active),
 * deactivation */
uint8_t gic_running_priority(const el2_gic *g);
uint8_t gic_group_priority(uint8_t prio, uint64_t bpr1);
unsigned gic_hppi_signalled(el2_cpu *c, uint8_t *prio);
unsigned gic_hppir1(el2_cpu *c);
void gic_acknowledge(el2_cpu *c, unsigned intid, uint8_t prio);
bool gic_priority_drop(el2_cpu *c);
void gic_deactivate(el2_cpu *c, unsigned intid);

/* Several PEs (gic_smp.c): the redistributors' span (a frame pair per PE); the PE whose
 * redistributor holds GICR offset *off (made frame-relative), or NULL; the PEs a
 * distributor write reaches (each keeps a copy of the distributor's registers); an SGI
 * raised on another PE (it wakes from WFI or WFE) */
uint64_t gic_gicr_span(const el2_cpu *c);
el2_cpu *gic_gicr_owner(el2_cpu *c, uint64_t *off, unsigned *index);
unsigned gic_pe_count(const el2_cpu *c);
el2_cpu *gic_pe(el2_cpu *c, unsigned i);
void gic_sgi_to(el2_cpu *from, el2_cpu *to, unsigned intid);

/* MMIO: the distributor and redistributor registers at physical address addr */
uint64_t gic_mmio_read(el2_cpu *c, uint64_t addr, unsigned size);
void gic_mmio_write(el2_cpu *c, uint64_t addr, unsigned size, uint64_t value);
#endif
