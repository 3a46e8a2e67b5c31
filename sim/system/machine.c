/* machine.c - the simulated system: RAM, images, the PE and its engine binding, boot
 * state. */
#include "machine.h"
#include "abort.h"
#include "gic.h"
#include "sysreg.h"
#include <string.h>
#include <sys/mman.h>

#define PAGE 0x1000ULL

/* ---- memory ---- */

static bool region_covers(const el2_machine *m, uint64_t addr)
{
    for (guint i = 0; i < m->ram->len; i++) {
        const el2_region *r = &g_array_index(m->ram, el2_region, i);
        if (addr >= r->base && addr - r->base < r->size)
            return true;
    }
    return false;
}

static bool map_region(el2_machine *m, uint64_t base, uint64_t size, const char *name, GError **err)
{
    /* Memory beyond the CPU's physical address range is not memory (with the MMU off
     * every access there is an Address size fault, abort.c), nor beyond the engine's */
    unsigned pa = AArch64_PAMax(m->cpu), reach = engine_pa_bits(m->eng);
    if ((base + size - 1) >> pa) {
        g_set_error(err, EL2_ERROR, 2, "cannot map %s at 0x%llx size 0x%llx: beyond the %s's %u-bit physical "
                    "address range", name, (unsigned long long)base, (unsigned long long)size, m->model->name, pa);
        return false;
    }
    if ((base + size - 1) >> reach) {
        g_set_error(err, EL2_ERROR, 2, "cannot map %s at 0x%llx size 0x%llx: el2sim's engine reaches %u bits "
                    "of physical address", name, (unsigned long long)base, (unsigned long long)size, reach);
        return false;
    }
    /* el2sim owns the memory (anonymous, committed on first touch) so that hooks read
     * guest memory directly */
    void *host = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (host == MAP_FAILED) {
        g_set_error(err, EL2_ERROR, 2, "cannot allocate %s: 0x%llx bytes", name, (unsigned long long)size);
        return false;
    }
    el2_region r = { base, size, g_strdup(name), host };
    g_array_append_val(m->ram, r);
    if (!engine_map(m->eng, &r, err)) {
        g_array_set_size(m->ram, m->ram->len - 1);
        g_free(r.name);
        munmap(host, size);
        return false;
    }
    return true;
}

bool machine_add_image(el2_machine *m, el2_image *img, GError **err)
{
    for (guint i = 0; i < img->segments->len; i++) {
        el2_segment *s = &g_array_index(img->segments, el2_segment, i);
        if (!s->memsz)
            continue;
        if (s->addr < EL2_PRIVATE_PAGE + PAGE && s->addr + s->memsz > EL2_PRIVATE_PAGE) {
            g_set_error(err, EL2_ERROR, 2, "%s: segment %s (0x%llx-0x%llx) overlaps el2sim's reserved page "
                        "(0x%llx-0x%llx)", img->path, s->name, (unsigned long long)s->addr,
                        (unsigned long long)(s->addr + s->memsz), EL2_PRIVATE_PAGE, EL2_PRIVATE_PAGE + PAGE);
            return false;
        }
        /* map any page of the segment not already RAM */
        uint64_t lo = s->addr & ~(PAGE - 1), hi = (s->addr + s->memsz + PAGE - 1) & ~(PAGE - 1);
        uint64_t run = 0;
        bool in_run = false;
        for (uint64_t p = lo; p <= hi; p += PAGE) {
            bool need = p < hi && !region_covers(m, p);
            if (need && !in_run) {
                run = p;
                in_run = true;
            } else if (!need && in_run) {
                g_autofree char *nm = g_strdup_printf("%s:%s", img->path, s->name);
                if (!map_region(m, run, p - run, nm, err))
                    return false;
                in_run = false;
            }
        }
        /* only the file's bytes: [filesz, memsz) is already zero, as el2sim's memory
         * starts and images do not overlap (cli_build_machine checks) */
        if (s->filesz && !engine_write(m->eng, s->addr, s->data, s->filesz)) {
            g_set_error(err, EL2_ERROR, 2, "%s: cannot write segment %s at 0x%llx", img->path,
                        s->name, (unsigned long long)s->addr);
            return false;
        }
        if (s->exec)
            engine_prescan(m->eng, s->addr, s->filesz);
    }
    engine_code_changed(m->eng, img->lo, img->hi);
    g_array_append_val(m->images, *img);
    memset(img, 0, sizeof *img);
    return true;
}

/* The address and size of the section `name` in the first loaded image that has it. */
bool machine_section(el2_machine *m, const char *name, uint64_t *addr, uint64_t *size)
{
    for (guint i = 0; i < m->images->len; i++) {
        const el2_image *im = &g_array_index(m->images, el2_image, i);
        for (guint k = 0; im->segments && k < im->segments->len; k++) {
            const el2_segment *s = &g_array_index(im->segments, el2_segment, k);
            if (s->name && !strcmp(s->name, name)) {
                *addr = s->vaddr;      /* where its code runs and its symbols are */
                *size = s->memsz;
                return true;
            }
        }
    }
    return false;
}

/* ---- life cycle ---- */

el2_machine *machine_new(const el2_machine_opts *o, GError **err)
{
    el2_machine *m = g_new0(el2_machine, 1);
    m->model = cpu_model_load(o->cpu ? o->cpu : "cortex-a57", err);
    if (!m->model) {
        g_free(m);
        return NULL;
    }
    m->syms = symtab_new();
    m->images = g_array_new(FALSE, TRUE, sizeof(el2_image));
    m->ram = g_array_new(FALSE, TRUE, sizeof(el2_region));
    m->cpu = cpu_new(m->model, m->syms, &m->obs);
    if (o->max_insns)
        m->cpu->max_insns = o->max_insns;
    m->eng = engine_new(m->cpu, m->ram, !o->no_align_faults, err);
    if (!m->eng) {
        machine_free(m);
        return NULL;
    }
    if (o->ram && o->ram->len) {
        for (guint i = 0; i < o->ram->len; i++) {
            const el2_region *r = &g_array_index(o->ram, el2_region, i);
            if (!map_region(m, r->base, r->size, r->name ? r->name : "ram", err)) {
                machine_free(m);
                return NULL;
            }
        }
    } else if (!map_region(m, 0x40000000ULL, 128ULL << 20, "ram", err)) {
        machine_free(m);
        return NULL;
    }
    /* the GICv3's registers where QEMU virt has them, unless --ram put memory there */
    if (m->cpu->gic && !region_covers(m, GICD_BASE) && !region_covers(m, GICR_BASE) &&
        !engine_map_gic(m->eng, err)) {
        machine_free(m);
        return NULL;
    }
    const el2_region *r0 = &g_array_index(m->ram, el2_region, 0);
    m->next_base = r0->base + 0x80000;
    return m;
}

void machine_boot(el2_machine *m, unsigned el, uint64_t entry)
{
    cpu_sp_save(m->cpu);
    cpu_enter_state(m->cpu, el, PSR_DAIF | 1u);   /* ELxh, interrupts masked, as at reset */
    cpu_set_pc(m->cpu, entry);
}

void machine_teleport(el2_machine *m, unsigned el, uint64_t pc)
{
    cpu_sp_save(m->cpu);
    m->cpu->il = false;
    cpu_enter_state(m->cpu, el, PSR_DAIF | 1u);
    cpu_set_pc(m->cpu, pc);
}

void machine_free(el2_machine *m)
{
    if (!m)
        return;
    for (guint i = 0; m->images && i < m->images->len; i++)
        loader_image_clear(&g_array_index(m->images, el2_image, i));
    if (m->images) g_array_free(m->images, TRUE);
    engine_free(m->eng);
    for (guint i = 0; m->ram && i < m->ram->len; i++) {
        el2_region *r = &g_array_index(m->ram, el2_region, i);
        g_free(r->name);
        if (r->host)
            munmap(r->host, r->size);
    }
    if (m->ram) g_array_free(m->ram, TRUE);
    cpu_free(m->cpu);
    if (m->syms) symtab_free(m->syms);
    cpu_model_free(m->model);
    g_free(m);
}
