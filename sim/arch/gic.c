/* gic.c - the GICv3 distributor and redistributor of one PE (Arm IHI 0069 chapter 12
 * "GIC register descriptions", the GICD_* and GICR_* registers a hypervisor's init and
 * EOI paths touch) and the physical CPU interface's signalling (IHI 0069 4.7 "Priority
 * masking", 4.8 "Preemption"). The CPU interface's registers are in gic_cpuif.c. */
#include "gic.h"
#include "irq.h"
#include "sysreg.h"
#include <glib.h>

el2_gic *gic_new(void)
{
    el2_gic *g = g_new0(el2_gic, 1);
    g->waker = 2;
    return g;
}

void gic_free(el2_gic *g) { g_free(g); }

static void note_pending(el2_gic *g, unsigned intid)
{
    if (intid + 1 > g->hi)
        g->hi = intid + 1;
}

void gic_set_level(el2_cpu *c, unsigned intid, bool on, int source)
{
    el2_gic *g = c->gic;
    if (!g || intid >= GIC_NINTID || g->level[intid] == on)
        return;
    g->level[intid] = on;
    if (on) {
        g->source[intid] = (uint8_t)source;
        note_pending(g, intid);
    }
}

void gic_raise(el2_cpu *c, unsigned intid, int source)
{
    el2_gic *g = c->gic;
    if (!g || intid >= GIC_NINTID)
        return;
    g->latch[intid] = true;
    g->source[intid] = (uint8_t)source;
    note_pending(g, intid);
    irq_touch(c);
}

/* The PE's affinity (MPIDR_EL1.Aff3:Aff2:Aff1:Aff0 as GICD_IROUTER and ICC_SGI1R_EL1
 * lay them out: Aff3 at [39:32], Aff2..Aff0 at [23:0]) */
static uint64_t pe_affinity(const el2_cpu *c)
{
    uint64_t mpidr = c->sr[SR_MPIDR_EL1];
    return (mpidr & 0xffffffULL) | (((mpidr >> 32) & 0xff) << 32);
}

/* An SPI reaches this PE when GICD_IROUTER<n>.Interrupt_Routing_Mode is 1 (any PE) or
 * its affinity is this PE's (IHI 0069 12.9.22 GICD_IROUTER<n>); SGIs and PPIs are the
 * redistributor's own. */
static bool routed_here(const el2_cpu *c, unsigned intid)
{
    uint64_t r = c->gic->irouter[intid];
    return intid < 32 || (r & (1ULL << 31)) || (r & 0xff00ffffffULL) == pe_affinity(c);
}

/* The highest priority pending interrupt (IHI 0069 4.1.1 "Physical CPU interface": an
 * interrupt that is enabled, pending and not active, of an enabled group; ties go to
 * the lowest INTID, as QEMU 7.2 chooses). All interrupts are Group 1 (gic.h). */
static unsigned hppi(el2_cpu *c, uint8_t *prio)
{
    el2_gic *g = c->gic;
    unsigned best = INTID_SPURIOUS;
    *prio = 0xff;
    if (!(g->gicd_ctlr & 2))                /* GICD_CTLR.EnableGrp1 */
        return best;
    for (unsigned i = 0; i < g->hi; i++) {
        if (!g->enabled[i] || g->active[i] || !(g->latch[i] || g->level[i]) || !routed_here(c, i))
            continue;
        if (g->prio[i] < *prio) {
            *prio = g->prio[i];
            best = i;
        }
    }
    return best;
}

/* ICC_CTLR_EL1.PRIbits: 5 bits of priority (the low 3 bits of every priority RAZ/WI) */
#define PRIO_MASK 0xf8u

/* The running priority (ICC_RPR_EL1): the highest active group priority, idle 0xff */
uint8_t gic_running_priority(const el2_gic *g)
{
    return g->apr ? (uint8_t)(__builtin_ctz(g->apr) << 3) : 0xff;
}

/* The group priority of prio under ICC_BPR1_EL1 (IHI 0069 4.8.3 "Priority grouping":
 * for Group 1 the binary point n keeps bits [7:n]) */
uint8_t gic_group_priority(uint8_t prio, uint64_t bpr1)
{
    return (uint8_t)(prio & (0xffu << (bpr1 & 7)));
}

/* The HPPI with sufficient priority to be signalled: ICC_IGRPEN1_EL1.Enable, priority
 * higher than ICC_PMR_EL1 (numerically lower) and group priority higher than the
 * running priority. */
unsigned gic_hppi_signalled(el2_cpu *c, uint8_t *prio)
{
    el2_gic *g = c->gic;
    unsigned id = hppi(c, prio);
    if (id == INTID_SPURIOUS || !(c->sr[SR_ICC_IGRPEN1_EL1] & 1) || *prio >= (c->sr[SR_ICC_PMR_EL1] & 0xff))
        return INTID_SPURIOUS;
    uint8_t rpr = gic_running_priority(g);
    if (rpr != 0xff && gic_group_priority(*prio, c->sr[SR_ICC_BPR1_EL1]) >= rpr)
        return INTID_SPURIOUS;
    return id;
}

unsigned gic_hppir1(el2_cpu *c)
{
    uint8_t prio;
    unsigned id = hppi(c, &prio);
    return (c->sr[SR_ICC_IGRPEN1_EL1] & 1) ? id : INTID_SPURIOUS;
}

bool gic_irq_signalled(el2_cpu *c, unsigned *intid, int *source)
{
    uint8_t prio;
    unsigned id = gic_hppi_signalled(c, &prio);
    if (id == INTID_SPURIOUS)
        return false;
    *intid = id;
    *source = c->gic->source[id];
    return true;
}

/* Acknowledge (ICC_IAR1_EL1 read): the interrupt becomes active (an edge's pending state
 * goes, a level's stays while its input is asserted: active and pending) and its group
 * priority is the running priority (IHI 0069 4.1.1, ICC_AP1R<n>_EL1). */
void gic_acknowledge(el2_cpu *c, unsigned intid, uint8_t prio)
{
    el2_gic *g = c->gic;
    g->latch[intid] = false;
    g->active[intid] = true;
    g->apr |= 1u << (gic_group_priority(prio, c->sr[SR_ICC_BPR1_EL1]) >> 3);
    irq_touch(c);
}

/* Priority drop (ICC_EOIR1_EL1): the highest active priority goes; false if none was
 * active (CONSTRAINED UNPREDICTABLE: el2sim ignores the write, as QEMU 7.2 does) */
bool gic_priority_drop(el2_cpu *c)
{
    el2_gic *g = c->gic;
    if (!g->apr)
        return false;
    g->apr &= g->apr - 1;
    irq_touch(c);
    return true;
}

void gic_deactivate(el2_cpu *c, unsigned intid)
{
    if (intid < GIC_NINTID) {
        c->gic->active[intid] = false;
        irq_touch(c);
    }
}

/* ---- MMIO: GICD (IHI 0069 12.9) and GICR (12.10, 12.11) ---- */

#define GICD_CTLR_ARE 0x10u        /* affinity routing: RAO/WI (no legacy operation) */
#define GICD_CTLR_DS  0x40u        /* one Security state: RAO/WI */
#define PIDR2_GICV3   0x30u        /* ArchRev [7:4] = 3: GICv3 */

/* A bank of one bit per INTID (ISENABLER, ICENABLER, ISPENDR, ICPENDR): 32 INTIDs per
 * word from first */
static uint32_t bits_read(el2_cpu *c, unsigned first, int what)
{
    el2_gic *g = c->gic;
    uint32_t v = 0;
    for (unsigned i = 0; i < 32 && first + i < GIC_NINTID; i++) {
        bool b = what == 0 ? g->enabled[first + i] : (g->latch[first + i] || g->level[first + i]);
        v |= (uint32_t)b << i;
    }
    return v;
}

static void bits_write(el2_cpu *c, unsigned first, int what, bool set, uint32_t v)
{
    el2_gic *g = c->gic;
    for (unsigned i = 0; i < 32 && first + i < GIC_NINTID; i++) {
        if (!(v & (1u << i)))
            continue;
        unsigned id = first + i;
        if (what == 0) {
            g->enabled[id] = set;
        } else {
            g->latch[id] = set;         /* (a level input stays asserted: ICPENDR) */
            if (set) {
                g->source[id] = IRQSRC_SPEND;
                note_pending(g, id);
            }
        }
    }
    irq_touch(c);
}

/* The registers common to GICD (SPIs, first = 32 * n) and GICR's SGI_base frame
 * (SGIs and PPIs: n = 0 only): IGROUPR RAO/WI (Group 1 only), ISENABLER, ICENABLER,
 * ISPENDR, ICPENDR, IPRIORITYR (byte-accessible). off is within the frame. */
static bool bank_read(el2_cpu *c, uint64_t off, unsigned size, unsigned lo, unsigned hi, uint64_t *v)
{
    unsigned n = (unsigned)(off & 0x7f) / 4, first = n * 32;
    if (off >= 0x400 && off < 0x800) {
        uint64_t r = 0;
        for (unsigned b = 0; b < size; b++) {
            unsigned id = (unsigned)(off - 0x400) + b;
            if (id >= lo && id < hi)
                r |= (uint64_t)c->gic->prio[id] << (8 * b);
        }
        *v = r;
        return true;
    }
    if (off >= 0x80 && off < 0x300 && (first < lo || first >= hi)) {
        *v = 0;
        return true;
    }
    switch (off & ~0x7fULL) {
    case 0x080: *v = 0xffffffffu; return true;      /* GICx_IGROUPR<n>: Group 1 */
    case 0x100: case 0x180: *v = bits_read(c, first, 0); return true;
    case 0x200: case 0x280: *v = bits_read(c, first, 1); return true;
    }
    return false;
}

static bool bank_write(el2_cpu *c, uint64_t off, unsigned size, unsigned lo, unsigned hi, uint64_t v)
{
    unsigned n = (unsigned)(off & 0x7f) / 4, first = n * 32;
    if (off >= 0x400 && off < 0x800) {
        for (unsigned b = 0; b < size; b++) {
            unsigned id = (unsigned)(off - 0x400) + b;
            if (id >= lo && id < hi)
                c->gic->prio[id] = (uint8_t)(v >> (8 * b)) & PRIO_MASK;
        }
        irq_touch(c);
        return true;
    }
    if (off >= 0x80 && off < 0x300 && (first < lo || first >= hi))
        return true;
    switch (off & ~0x7fULL) {
    case 0x080: return true;
    case 0x100: bits_write(c, first, 0, true, (uint32_t)v); return true;
    case 0x180: bits_write(c, first, 0, false, (uint32_t)v); return true;
    case 0x200: bits_write(c, first, 1, true, (uint32_t)v); return true;
    case 0x280: bits_write(c, first, 1, false, (uint32_t)v); return true;
    }
    return false;
}

/* GICD_IROUTER<n> (n = 32..1019) at 0x6000 + 8n: Aff3 [39:32], Interrupt_Routing_Mode
 * [31], Aff2..Aff0 [23:0]; 32-bit halves or the whole */
#define IROUTER_MASK 0xff80ffffffULL

static uint64_t gicd_read(el2_cpu *c, uint64_t off, unsigned size)
{
    el2_gic *g = c->gic;
    uint64_t v;
    if (off >= 0x6100 && off < 0x6000 + 8 * GIC_NINTID) {
        uint64_t r = g->irouter[(off - 0x6000) / 8];
        return (off & 4) ? r >> 32 : size == 8 ? r : (uint32_t)r;
    }
    if (bank_read(c, off, size, 32, GIC_NINTID, &v))
        return v;
    switch (off) {
    case 0x0000: return g->gicd_ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
    /* GICD_TYPER: ITLinesNumber 31 (1024 INTIDs), IDbits 15 (16 bits of INTID) */
    case 0x0004: return 31u | (15u << 19);
    case 0xffe8: return PIDR2_GICV3;
    }
    return 0;
}

static void gicd_write(el2_cpu *c, uint64_t off, unsigned size, uint64_t v)
{
    el2_gic *g = c->gic;
    if (off >= 0x6100 && off < 0x6000 + 8 * GIC_NINTID) {
        uint64_t *r = &g->irouter[(off - 0x6000) / 8];
        if (size == 8)
            *r = v & IROUTER_MASK;
        else if (off & 4)
            *r = ((*r & 0xffffffffULL) | (v << 32)) & IROUTER_MASK;
        else
            *r = ((*r & ~0xffffffffULL) | (uint32_t)v) & IROUTER_MASK;
        irq_touch(c);
        return;
    }
    if (bank_write(c, off, size, 32, GIC_NINTID, v))
        return;
    if (off == 0x0000) {
        g->gicd_ctlr = (uint32_t)v & 3;   /* EnableGrp0, EnableGrp1 */
        if (v & 2)
            g->used = true;
        irq_touch(c);
    }
}

static uint64_t gicr_read(el2_cpu *c, uint64_t off, unsigned size, unsigned index)
{
    uint64_t v;
    if (off >= 0x10000) {
        if (bank_read(c, off - 0x10000, size, 0, 32, &v) && (off - 0x10000) < 0x800)
            return v;
        return 0;
    }
    switch (off) {
    /* GICR_TYPER: Affinity_Value [63:32] (Aff3.Aff2.Aff1.Aff0), Processor_Number [23:8]
     * (the PE's number), Last [4] (the last redistributor of the span) */
    case 0x0008: {
        uint64_t a = pe_affinity(c);
        uint64_t last = index + 1 == gic_pe_count(c) ? 0x10 : 0;
        uint64_t typer = (((a >> 32) << 24 | (a & 0xffffff)) << 32) | (uint64_t)index << 8 | last;
        return size == 8 ? typer : (uint32_t)typer;
    }
    case 0x000c: {
        uint64_t a = pe_affinity(c);
        return (a >> 32) << 24 | (a & 0xffffff);
    }
    /* GICR_WAKER: ProcessorSleep [1], ChildrenAsleep [2] follows it at once */
    case 0x0014: return c->gic->waker ? 6u : 0u;
    case 0xffe8: return PIDR2_GICV3;
    }
    return 0;
}

static void gicr_write(el2_cpu *c, uint64_t off, unsigned size, uint64_t v)
{
    if (off >= 0x10000) {
        if (off - 0x10000 < 0x800)
            bank_write(c, off - 0x10000, size, 0, 32, v);
        return;
    }
    if (off == 0x0014)
        c->gic->waker = (uint32_t)v & 2;
}

uint64_t gic_mmio_read(el2_cpu *c, uint64_t addr, unsigned size)
{
    if (!c->gic)
        return 0;
    if (addr >= GICD_BASE && addr - GICD_BASE < GICD_SIZE)
        return gicd_read(c, addr - GICD_BASE, size);
    uint64_t off = addr - GICR_BASE;
    unsigned index;
    el2_cpu *rd = addr >= GICR_BASE ? gic_gicr_owner(c, &off, &index) : NULL;
    return rd ? gicr_read(rd, off, size, index) : 0;
}

void gic_mmio_write(el2_cpu *c, uint64_t addr, unsigned size, uint64_t value)
{
    if (!c->gic)
        return;
    if (addr >= GICD_BASE && addr - GICD_BASE < GICD_SIZE) {
        /* one distributor: every PE's copy of its registers (gic_smp.c) */
        for (unsigned i = 0; i < gic_pe_count(c); i++)
            gicd_write(gic_pe(c, i), addr - GICD_BASE, size, value);
        return;
    }
    uint64_t off = addr - GICR_BASE;
    unsigned index;
    el2_cpu *rd = addr >= GICR_BASE ? gic_gicr_owner(c, &off, &index) : NULL;
    if (rd)
        gicr_write(rd, off, size, value);
}
