/* machine.c - the simulated system: RAM, images, the PE and its engine binding, boot
 * state. */
#include "machine.h"
#include "hyp32.h"
#include "firmware.h"
#include "abort.h"
#include "gic.h"
#include "irq.h"
#include "sysreg.h"
#include "timing.h"
#include <string.h>
#include <sys/mman.h>

#define PAGE 0x1000ULL

/* ---- PEs ---- */

static unsigned machine_npes(const el2_machine *m) { return m->smp ? m->smp->n : 1; }
static el2_engine *machine_pe_engine(el2_machine *m, unsigned i) { return m->smp ? m->smp->pe[i].eng : m->eng; }

/* MPIDR_EL1 of PE i: the CPU model's, with Aff0 = i (QEMU virt numbers its PEs so, up to
 * 8 in a cluster); VMPIDR_EL2's reset value is MPIDR_EL1's, as the CPU models have it
 * (the Arm ARM leaves it UNKNOWN; QEMU resets it so). */
static void pe_affinity(el2_cpu *c, unsigned i)
{
    c->sr[SR_MPIDR_EL1] = (c->sr[SR_MPIDR_EL1] & ~0xffULL) | i;
    c->sr[SR_VMPIDR_EL2] = c->sr[SR_MPIDR_EL1];
}

static bool add_pes(el2_machine *m, const el2_machine_opts *o, GError **err)
{
    el2_smp *s = m->smp = g_new0(el2_smp, 1);
    s->n = o->cpus;
    s->quantum = o->quantum ? o->quantum : EL2_DEFAULT_QUANTUM;
    s->entry_el = 2;
    for (unsigned i = 0; i < s->n; i++) {
        el2_pe *pe = &s->pe[i];
        pe->cpu = i ? cpu_new(m->model, m->syms, &m->obs) : m->cpu;
        pe->cpu->max_insns = m->cpu->max_insns;
        pe->cpu->smp = s;
        pe->cpu->index = i;
        pe_affinity(pe->cpu, i);
        pe->power = i ? PE_OFF : PE_ON;     /* secondaries wait for CPU_ON */
        pe->was_on = i == 0;
        pe->eng = i ? engine_new(pe->cpu, m->ram, !o->no_align_faults, err) : m->eng;
        if (!pe->eng)
            return false;
        if (engine_exclusive_why(pe->eng)) {     /* turns need it (uc_facts.h F20) */
            g_set_error(err, EL2_ERROR, 70, "engine: --cpus %u needs the engine's exclusive monitor cleared "
                        "at each turn's end, which this Unicorn does not allow: %s", s->n,
                        engine_exclusive_why(pe->eng));
            return false;
        }
    }
    return true;
}

void machine_focus_boot(el2_machine *m)
{
    if (m->smp) {
        m->cpu = m->smp->pe[0].cpu;
        m->eng = m->smp->pe[0].eng;
    }
}

void machine_focus(el2_machine *m, unsigned i)
{
    if (m->smp && i < m->smp->n) {
        m->cpu = m->smp->pe[i].cpu;
        m->eng = m->smp->pe[i].eng;
    }
}

void machine_stop_at(el2_machine *m, uint64_t addr)
{
    for (unsigned k = 0; k < machine_npes(m); k++)
        engine_stop_at(machine_pe_engine(m, k), addr);
}

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
    bool mapped = true;               /* every PE's engine sees the same host memory */
    for (unsigned i = 0; m->smp && i < m->smp->n && mapped; i++)
        mapped = engine_map(m->smp->pe[i].eng, &r, err);
    if (!m->smp)
        mapped = engine_map(m->eng, &r, err);
    if (!mapped) {
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
            for (unsigned k = 0; k < machine_npes(m); k++)
                engine_prescan(machine_pe_engine(m, k), s->addr, s->filesz);
    }
    for (unsigned k = 0; k < machine_npes(m); k++)
        engine_code_changed(machine_pe_engine(m, k), img->lo, img->hi);
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

/* --arch aarch32 (arch/hyp32.h): EL2 is AArch32 Hyp mode, which the CPU model must
 * implement (ID_AA64PFR0_EL1.EL2 == 0b0010: AArch64 and AArch32; an AArch32-only model
 * such as cortex-a15 gives its EL2 field that value too) */
static bool machine_aarch32(el2_machine *m, const el2_machine_opts *o, GError **err)
{
    el2_cpu *c = m->cpu;
    if (((c->sr[SR_ID_AA64PFR0_EL1] >> 8) & 0xf) != 2) {
        g_set_error(err, EL2_ERROR, 2, "--arch aarch32: CPU model %s has no AArch32 at EL2 (Hyp mode): "
                    "its ID_AA64PFR0_EL1.EL2 is 0x%llx", m->model->name,
                    (unsigned long long)((c->sr[SR_ID_AA64PFR0_EL1] >> 8) & 0xf));
        return false;
    }
    if (o->cpus > 1) {
        g_set_error(err, EL2_ERROR, 2, "--arch aarch32 runs one PE: not with --cpus %u", o->cpus);
        return false;
    }
    const char *why = engine_set_aarch32(m->eng);
    if (why) {
        g_set_error(err, EL2_ERROR, 70, "engine: --arch aarch32: %s", why);
        return false;
    }
    c->a32_machine = true;
    c->sr[SR_SCR_EL3] &= ~(uint64_t)SCR_RW;    /* EL2 and EL1 use AArch32 */
    return true;
}

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
    if (!m->eng || (o->cpus > 1 && !add_pes(m, o, err)) || (o->aarch32 && !machine_aarch32(m, o, err))) {
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
    if (m->cpu->gic && !region_covers(m, GICD_BASE) && !region_covers(m, GICR_BASE))
        for (unsigned k = 0; k < machine_npes(m); k++)     /* every PE reaches the GIC */
            if (!engine_map_gic(machine_pe_engine(m, k), err)) {
                machine_free(m);
                return NULL;
            }
    const el2_region *r0 = &g_array_index(m->ram, el2_region, 0);
    m->next_base = r0->base + 0x80000;
    return m;
}

void machine_boot(el2_machine *m, unsigned el, uint64_t entry)
{
    if (m->smp)
        m->smp->entry_el = el;       /* where CPU_ON starts the others (firmware.c) */
    m->cpu->boot_el = el;            /* where CPU_SUSPEND resumes it from powerdown */
    if (m->cpu->a32_machine) {       /* Hyp or Supervisor mode (hyp32.c) */
        hyp32_boot(m->cpu, el, entry);
        return;
    }
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
    if (m->smp) {                    /* the boot PE's are freed below */
        m->cpu = m->smp->pe[0].cpu;
        m->eng = m->smp->pe[0].eng;
        for (unsigned i = 1; i < m->smp->n; i++) {
            engine_free(m->smp->pe[i].eng);
            cpu_free(m->smp->pe[i].cpu);
        }
        g_free(m->smp);
    }
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

/* ---- several PEs: the interleaving ---- */

/* CPU_ON's power-up (firmware.c, DEN0022 6.4.3 "Entry state"): at the boot PE's EL,
 * handler mode, DAIF masked, MMU off (the registers' reset values), x0 = the context ID.
 * A PE that ran before (then CPU_OFF) is reset first. */
static void pe_power_on(el2_smp *s, el2_pe *pe)
{
    el2_cpu *c = pe->cpu;
    if (pe->was_on) {
        cpu_reset_sysregs(c);
        pe_affinity(c, c->index);
        c->il = false;
        c->event_reg = false;
        c->mmu_gen++;                /* the engine drops what it mirrored */
        c->pan_gen++;
    }
    pe->was_on = true;
    pe->wfe_wait = false;
    pe->suspended = false;
    cpu_sp_save(c);
    cpu_enter_state(c, s->entry_el, PSR_DAIF | 1u);
    cpu_set_pc(c, pe->entry);
    cpu_set_x(c, 0, pe->context);
    pe->power = PE_ON;
}

/* One turn of PE i: up to the quantum, ended at a block start (engine/run.c turn_check),
 * by a stop, a CPU_OFF or a WFI nothing can wake. */
static void pe_turn(el2_machine *m, el2_pe *pe)
{
    el2_cpu *c = pe->cpu;
    uint64_t budget = c->max_insns;
    m->cpu = c;                      /* the current PE: signals stop it (setup.c) */
    m->eng = pe->eng;
    c->turn_start = c->insns;
    c->turn_budget = budget;
    c->turn_over = false;
    c->max_insns = MIN(budget, c->insns + m->smp->quantum);
    while (c->stop == STOP_NONE && !c->turn_over && pe->power == PE_ON && !m->smp->halt)
        engine_run_slice(pe->eng, 0);
    c->max_insns = budget;
    c->turn_budget = 0;
    /* The turn's end clears the PE's exclusive monitor (engine/excl.c, uc_facts.h F20): an
     * implementation may clear a monitor at any time (Arm ARM B2.9.5 "Clear-exclusive
     * operation", ClearExclusiveLocal), and so another PE's store between this PE's LDXR
     * and STXR (it can only come in another PE's turn) always makes the STXR fail, even
     * of the value the LDXR read. A monitor leaving the Exclusive Access state generates
     * an event for the PE (D1.7.1.1 "The Event Register": "an event is generated when the
     * global monitor for the PE is cleared"), which wakes its WFE. */
    if (engine_clear_exclusive(pe->eng))
        c->event_reg = true;
}

/* A PE waiting in WFE (sysinsn.c) runs again at a WFE wake-up event (Arm ARM D1.7.1.2):
 * its Event Register set (SEV on any PE, its exclusive monitor cleared), which the wake
 * consumes, or an interrupt it would take. */
static bool pe_wfe_woken(el2_pe *pe)
{
    el2_cpu *c = pe->cpu;
    if (c->event_reg)
        c->event_reg = false;
    else if (!irq_deliverable(c, c->cycles, cpu_pstate(c) & PSR_DAIF))
        return false;
    pe->wfe_wait = false;
    return true;
}

/* Another PE raised an interrupt for a PE asleep in WFI (gic_smp.c): a WFI wake-up event
 * (Arm ARM D1.7.2, whatever PSTATE's masks): the WFI completes and the PE goes on after
 * it, where it takes the interrupt if it is not masked (an AArch32 WFI runs again). */
static void pe_wfi_woken(el2_pe *pe)
{
    pe->asleep = pe->in_wfi = false;
    if (pe->suspended) {             /* a CPU_SUSPEND powerdown state: it starts at its entry */
        pe->suspended = false;
        psci_suspend_resume(pe->cpu, pe->entry, pe->context);
    } else if (pe->wfi_next)
        cpu_set_pc(pe->cpu, pe->wfi_next);
    pe->wfi_next = 0;
}

/* No PE could run, and some wait in WFE: nothing can send them an event any more, so their
 * WFEs complete (spuriously, as on one PE). False when none waits. */
static bool wfe_wake_all(el2_smp *s)
{
    bool any = false;
    for (unsigned i = 0; i < s->n; i++)
        if (s->pe[i].wfe_wait && s->pe[i].power == PE_ON && !s->pe[i].asleep) {
            s->pe[i].wfe_wait = false;
            any = true;
        }
    return any;
}

/* Round robin over the PEs in number order, a quantum each; a PE that is off or asleep
 * is skipped. The first stop other than a WFI nothing can wake ends the run (its PE's STOP
 * event); when no PE can run any more (each off or asleep) the run ends as a WFI with
 * nothing to wake it does on one PE (exit 5), on the PE that went idle last. */
el2_stop_kind machine_run_smp(el2_machine *m)
{
    el2_smp *s = m->smp;
    el2_pe *last = &s->pe[0];
    g_autofree char *why = NULL;
    for (unsigned i = 1; i < s->n; i++) {        /* what observers asked of the boot PE */
        s->pe[i].cpu->capture_regs = s->pe[0].cpu->capture_regs;
        s->pe[i].cpu->console_echo = s->pe[0].cpu->console_echo;
    }
    for (;;) {
        bool ran = false;
        for (unsigned i = 0; i < s->n; i++) {
            el2_pe *pe = &s->pe[i];
            if (pe->power == PE_ON_PENDING)
                pe_power_on(s, pe);
            if (pe->asleep && pe->in_wfi && pe->kick)   /* pe_wfi_woken */
                pe_wfi_woken(pe);
            pe->kick = false;
            if (pe->power != PE_ON || pe->asleep || (pe->wfe_wait && !pe_wfe_woken(pe)))
                continue;
            ran = true;
            pe_turn(m, pe);
            el2_cpu *c = pe->cpu;
            if (c->stop == STOP_WFI) {           /* it sleeps (an SGI may wake it); the others go on */
                pe->asleep = pe->in_wfi = true;
                g_free(why);
                why = g_strdup_printf("CPU %u: %s", i, c->stop_msg ? c->stop_msg : "WFI");
                cpu_resume(c);
                last = pe;
            } else if (c->stop != STOP_NONE) {
                /* another PE's stop ends the run, and that PE for good (a scenario's next
                   call runs the others on) */
                pe->asleep = i != 0;
                return engine_run(pe->eng);      /* emits its STOP event */
            } else if (pe->power == PE_OFF) {
                last = pe;
            }
        }
        if (!ran && !wfe_wake_all(s))
            break;
    }
    m->cpu = last->cpu;
    m->eng = last->eng;
    cpu_stop(last->cpu, STOP_WFI, 0, "no PE can run any more: each is off (PSCI CPU_OFF) or waits in WFI with "
             "nothing to wake it%s%s", why ? "; last to sleep: " : "", why ? why : "");
    return engine_run(last->eng);
}

/* gdb (several PEs): one round of the round robin as machine_run_smp makes it, from PE
 * `from` on, that ends early at the first PE that stops (anything but a WFI nothing can
 * wake: that PE sleeps, as in a run) or when smp->halt is set; m->cpu is then that PE,
 * its stop left for the debugger (no STOP event: the run goes on). False when no PE could
 * run: the run is over (machine_run then ends it as it ends one). */
bool machine_smp_round(el2_machine *m, unsigned from)
{
    el2_smp *s = m->smp;
    bool ran = false;
    for (unsigned k = 0; k < s->n; k++) {
        el2_pe *pe = &s->pe[(from + k) % s->n];
        if (pe->power == PE_ON_PENDING)
            pe_power_on(s, pe);
        if (pe->power != PE_ON || pe->asleep)
            continue;
        ran = true;
        pe_turn(m, pe);
        if (pe->cpu->stop == STOP_WFI) {
            pe->asleep = true;
            cpu_resume(pe->cpu);
        } else if (pe->cpu->stop != STOP_NONE || s->halt) {
            return true;
        }
    }
    return ran;
}

