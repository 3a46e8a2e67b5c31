/* vmem.c - guest memory by virtual address (vmem.h): each access translated through an
 * EL's translation regime (AArch64.TranslateAddress, mmu.c) and split at 4 KiB
 * boundaries, the smallest translation granule, so every part lies in one page whatever
 * the granule. */
#include "vmem.h"
#include "abort.h"
#include "sysreg.h"

#define VMEM_PAGE 0x1000ULL

bool cpu_translating(el2_cpu *c, unsigned el)
{
    if (el > 2 || !cpu_any_translation(c))
        return false;
    mmu_regime r = mmu_regime_of(c, el);
    return mmu_s1_enabled(c, r) || (r == REGIME_EL10 && mmu_s2_enabled(c));
}

/* The access from el: privileged unless EL0 (mmu_access.el), PSTATE.PAN not applied
 * (vmem.h says why). */
static bool translate(el2_cpu *c, unsigned el, uint64_t va, bool write, bool fetch, bool debug, uint64_t *pa,
                      mmu_fault *fault)
{
    mmu_fault dummy;
    if (!fault)
        fault = &dummy;
    if (!cpu_translating(c, el)) {
        /* AArch64.S1DisabledOutput: the flat map, VA<AddrTop:PAMax> must be zero; the PA is
         * VA<51:0> (a tag the top-byte-ignore lets through is not part of it) */
        if (AArch64_S1OffAddressSizeFault(c, va, fetch)) {
            *fault = (mmu_fault){ .kind = MMU_FAULT_ADDRESS_SIZE, .stage = 1, .write = write, .fetch = fetch,
                                  .vaddress = va };
            return false;
        }
        *pa = va & ((1ULL << 52) - 1);
        return true;
    }
    mmu_access acc = { .regime = mmu_regime_of(c, el), .el = el, .write = write, .fetch = fetch,
                       .pan = false, .debug = debug };
    mmu_result res;
    if (!AArch64_TranslateAddress(c, &acc, va, &res)) {
        *fault = res.fault;
        return false;
    }
    *pa = res.pa;
    return true;
}

bool cpu_va_to_pa(el2_cpu *c, uint64_t va, bool write, bool fetch, uint64_t *pa, mmu_fault *fault)
{
    return translate(c, c->el, va, write, fetch, false, pa, fault);
}

bool cpu_va_to_pa_debug(el2_cpu *c, unsigned el, uint64_t va, uint64_t *pa, mmu_fault *fault)
{
    return translate(c, el, va, false, false, true, pa, fault);
}

/* n bytes at va from el, one page part at a time; write: the access is a store (debug
 * accesses are translated as reads whatever they do). */
static bool vaccess(el2_cpu *c, unsigned el, uint64_t va, void *buf, size_t n, bool write, bool debug)
{
    uint8_t *p = buf;
    uint64_t pa, last;
    if (n && !cpu_translating(c, el)) {
        /* the flat map: one access, once both ends pass the MMU-off check */
        if (!translate(c, el, va, false, false, debug, &pa, NULL) ||
            !translate(c, el, va + n - 1, false, false, debug, &last, NULL) || last - pa != n - 1)
            return false;
        return write ? cpu_write(c, pa, p, n) : cpu_read(c, pa, p, n);
    }
    while (n) {
        size_t part = (size_t)MIN((uint64_t)n, VMEM_PAGE - (va & (VMEM_PAGE - 1)));
        if (!translate(c, el, va, write && !debug, false, debug, &pa, NULL))
            return false;
        if (!(write ? cpu_write(c, pa, p, part) : cpu_read(c, pa, p, part)))
            return false;
        va += part;
        p += part;
        n -= part;
    }
    return true;
}

bool cpu_vread(el2_cpu *c, uint64_t va, void *buf, size_t n) { return vaccess(c, c->el, va, buf, n, false, false); }
bool cpu_vwrite(el2_cpu *c, uint64_t va, const void *buf, size_t n)
{
    return vaccess(c, c->el, va, (void *)buf, n, true, false);
}
bool cpu_vread_debug(el2_cpu *c, uint64_t va, void *buf, size_t n)
{
    return vaccess(c, c->el, va, buf, n, false, true);
}
bool cpu_vwrite_debug(el2_cpu *c, uint64_t va, const void *buf, size_t n)
{
    return vaccess(c, c->el, va, (void *)buf, n, true, true);
}
bool cpu_vread_debug_el(el2_cpu *c, unsigned el, uint64_t va, void *buf, size_t n)
{
    return vaccess(c, el, va, buf, n, false, true);
}

/* An instruction fetch's translation (execute permission) that changes no descriptor:
 * the PE has fetched, or is about to fetch, this instruction itself. */
uint32_t cpu_vinsn_at_el(el2_cpu *c, unsigned el, uint64_t pc)
{
    /* no regime translates: the flat map (an address beyond PAMax has no RAM and reads 0,
     * as the Address size fault of translate() gives) */
    if (!cpu_any_translation(c))
        return cpu_insn_at(c, pc & ((1ULL << 52) - 1));
    uint64_t pa;
    if (!translate(c, el, pc, false, true, true, &pa, NULL))
        return 0;
    return cpu_insn_at(c, pa);
}

uint32_t cpu_vinsn_at(el2_cpu *c, uint64_t pc) { return cpu_vinsn_at_el(c, c->el, pc); }

/* The PA an event's address has from el, when it differs from the address. */
static bool differing_pa(el2_cpu *c, unsigned el, uint64_t va, uint64_t *pa)
{
    return cpu_va_to_pa_debug(c, el, va, pa, NULL) && *pa != va;
}

void cpu_event_pa(el2_cpu *c, el2_event *ev)
{
    if (!cpu_translating(c, ev->from_el))
        return;
    ev->has_pc_pa = differing_pa(c, ev->from_el, ev->pc, &ev->pc_pa);
    bool far = ev->kind == EV_EXC &&
               (ev->exc == EXC_DATA_ABORT || ev->exc == EXC_INSN_ABORT || ev->exc == EXC_PC_ALIGN);
    ev->has_far_pa = far && differing_pa(c, ev->from_el, ev->far, &ev->far_pa);
}

void cpu_emit_translated(el2_cpu *c, const el2_event *ev)
{
    el2_event copy = *ev;
    cpu_event_pa(c, &copy);
    obs_emit(c->obs, &copy);
}
