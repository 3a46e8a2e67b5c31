/* mmio.c - device registers in the engine's physical address space: regions with no RAM
 * behind them whose loads and stores Unicorn 2.0.1 hands to callbacks (uc_mmio_map) as
 * they execute, in the middle of a block. The one device is the GICv3's distributor and
 * redistributor (arch/gic.c), which only changes what is pending: an interrupt a store
 * makes deliverable is taken at the next block start (arch/irq.c). */
#include "engine_int.h"
#include "gic.h"

static uint64_t gicd_read(uc_engine *uc, uint64_t off, unsigned size, void *user)
{
    return gic_mmio_read(((el2_engine *)user)->cpu, GICD_BASE + off, size);
}

static void gicd_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t v, void *user)
{
    gic_mmio_write(((el2_engine *)user)->cpu, GICD_BASE + off, size, v);
}

static uint64_t gicr_read(uc_engine *uc, uint64_t off, unsigned size, void *user)
{
    return gic_mmio_read(((el2_engine *)user)->cpu, GICR_BASE + off, size);
}

static void gicr_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t v, void *user)
{
    gic_mmio_write(((el2_engine *)user)->cpu, GICR_BASE + off, size, v);
}

bool engine_map_gic(el2_engine *e, GError **err)
{
    if (uc_mmio_map(e->uc, GICD_BASE, GICD_SIZE, gicd_read, e, gicd_write, e) != UC_ERR_OK ||
        uc_mmio_map(e->uc, GICR_BASE, gic_gicr_span(e->cpu), gicr_read, e, gicr_write, e) != UC_ERR_OK) {
        g_set_error(err, EL2_ERROR, 70, "engine: cannot map the GIC's registers at 0x%llx and 0x%llx",
                    (unsigned long long)GICD_BASE, (unsigned long long)GICR_BASE);
        return false;
    }
    e->gic_mapped = true;
    return true;
}

bool eng_is_device(const el2_engine *e, uint64_t pa)
{
    return e->gic_mapped && (pa - GICD_BASE < GICD_SIZE || pa - GICR_BASE < gic_gicr_span(e->cpu));
}
