/* mmu_ctx.c - running the guest with its MMU on (issue 18; README "How el2sim drives
 * Unicorn", "Translation").
 *
 * While no translation regime of the guest has its MMU on, the engine's core stays
 * parked at its real EL3 with its own MMU off, as it always was ("flat" mode). As soon
 * as the guest turns on stage 1 of EL2 or of EL1&0, or stage 2, the engine switches to
 * "mirror" mode, in which the engine's own MMU translates every access natively, with
 * its own TLB, from the guest's own translation tables:
 *  - guest EL2 (HCR_EL2.E2H = 0) runs at the engine's EL3, whose single-range,
 *    single-privilege regime has the same descriptor formats and permission rules as the
 *    guest's EL2 regime: SCTLR_EL3.M/WXN, TCR_EL3, TTBR0_EL3 and MAIR_EL3 hold the guest's
 *    SCTLR_EL2, TCR_EL2, TTBR0_EL2 and MAIR_EL2;
 *  - guest EL1 and EL0 run at the engine's EL1 and EL0, with the guest's SCTLR_EL1.M/WXN,
 *    TCR_EL1, TTBR0/1_EL1 and MAIR_EL1 (stage 1 of EL1&0: two VA ranges, two privileges),
 *    and the guest's HCR_EL2.VM/DC/PTW, VTTBR_EL2 and VTCR_EL2 for stage 2;
 *  - the engine's other controls are its own: no traps (el2sim models every trap), EL0
 *    allowed what el2sim lets it do, FP enabled.
 * The engine's EL changes with the guest's: downwards by the real ERET the guest's ERET
 * runs as, upwards (exception entry) by storing PSTATE.EL and rebuilding the engine's
 * cached translation flags (uc_facts.h F14), as the engine's own exception entry would.
 * Each engine EL has its own TLB (QEMU's per-regime TLBs), so an HVC round trip from an
 * EL1 with its MMU on to EL2 drops nothing.
 *
 * What the engine's walker finds is what el2sim's walker (arch/mmu.c) finds: when the
 * engine faults (exception 3 or 4 with the PC on the instruction), el2sim decodes the
 * access, walks with its own walker and takes the fault it finds (AArch64.Abort), with
 * the syndrome, FAR and HPFAR the Arm ARM gives. The engine's TLB is dropped whenever a
 * mirrored register changes and at every TLBI (el2_cpu.mmu_gen): a TLB that keeps
 * nothing across maintenance is one the architecture allows.
 *
 * Unicorn 2.0.1 checks every access that misses its TLB against its memory map by the
 * *virtual* address before translating (uc_facts.h F15): el2sim presents each virtual
 * range the guest touches as a "placeholder" mapping (no access rights, backed by a
 * reserved host range nothing ever reads) and lets accesses through it only while the
 * current context translates; the data itself comes from the physical page the
 * translation gives. */
#define _GNU_SOURCE
#include "engine_int.h"
#include "abort.h"
#include "exception.h"
#include "mmu.h"
#include "sysreg.h"
#include <dlfcn.h>
#include <string.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>

#define SCTLR_M_BIT   (1ULL << 0)
#define SCTLR_WXN_BIT (1ULL << 19)
/* The engine's SCTLR_EL1 beside M/WXN: its reset value with EL0 allowed cache
 * maintenance, CTR_EL0, DC ZVA, WFI/WFE and DAIF (UCI, UCT, DZE, nTWE, nTWI, UMA) and
 * PSTATE.PAN left alone on exception entry (SPAN) - el2sim models all of those. */
#define ENGINE_SCTLR_EL1 (0x30d00800ULL | 1ULL << 26 | 1ULL << 18 | 1ULL << 16 | 1ULL << 15 | \
                          1ULL << 14 | 1ULL << 9 | 1ULL << 23)
#define CPACR_FPEN (3ULL << 20)

#define PLACEHOLDER_RESERVE (1ULL << 30)
#ifndef HCR_DC
#define HCR_DC  (1ULL << 12)
#endif
#ifndef HCR_PTW
#define HCR_PTW (1ULL << 2)
#endif

static void cp_write(el2_engine *e, int op0, int op1, int crn, int crm, int op2, uint64_t v)
{
    uc_arm64_cp_reg r = { .op0 = op0, .op1 = op1, .crn = crn, .crm = crm, .op2 = op2, .val = v };
    uc_reg_write(e->uc, UC_ARM64_REG_CP_REG, &r);
}

/* Drops the engine's TLB entries of every regime. uc_ctl_flush_tlb is Unicorn 2.0.1's
 * UC_CTL_TB_FLUSH, which drops translated code (and must not run inside a block): the
 * TLB goes by the engine's own TLBI ALLE1, ALLE2 and ALLE3, written as system registers
 * (their write functions flush; uc_facts.h F14). */
static void tlb_flush_all(el2_engine *e)
{
    cp_write(e, 1, 4, 8, 7, 4, 0);     /* TLBI ALLE1 */
    cp_write(e, 1, 4, 8, 7, 0, 0);     /* TLBI ALLE2 */
    cp_write(e, 1, 6, 8, 7, 0, 0);     /* TLBI ALLE3 */
}

static uint64_t cp_read(el2_engine *e, int op0, int op1, int crn, int crm, int op2)
{
    uc_arm64_cp_reg r = { .op0 = op0, .op1 = op1, .crn = crn, .crm = crm, .op2 = op2 };
    uc_reg_read(e->uc, UC_ARM64_REG_CP_REG, &r);
    return r.val;
}

/* The engine's EL for the guest at el */

/* Does the guest's regime at el translate (stage 1 or stage 2 on)? */
static bool ctx_translates(el2_cpu *c, unsigned el)
{
    mmu_regime r = mmu_regime_of(c, el);
    return mmu_s1_enabled(c, r) || (r == REGIME_EL10 && mmu_s2_enabled(c));
}

bool mmu_ctx_translated(el2_engine *e)
{
    return e->mirror && ctx_translates(e->cpu, e->cpu->el);
}

/* PSTATE.PAN of the guest in the engine's own PSTATE where the engine runs the guest's EL1
 * (or EL2&0) with its MMU on: privileged accesses to EL0-accessible pages then fault in the
 * engine's walker as AArch64.CheckPermission has them fault with PAN. True when the
 * engine's flags changed (a code hook caller must end the block). */
bool mmu_ctx_pan(el2_engine *e)
{
    el2_cpu *c = e->cpu;
    e->pan_gen = c->pan_gen;
    if (!e->mirror || !e->rebuild_hflags)
        return false;
    bool want = (c->psr_ext & PSR_PAN) && (e->real_el == 1 || (e->real_el == 2 && e->vhe));
    uint32_t ps = 0;
    uc_reg_read(e->uc, UC_ARM64_REG_PSTATE, &ps);
    if (!!(ps & PSR_PAN) == want)
        return false;
    ps = want ? ps | PSR_PAN : ps & ~PSR_PAN;
    uc_reg_write(e->uc, UC_ARM64_REG_PSTATE, &ps);
    e->rebuild_hflags(e->env);
    return true;
}

/* The engine's PSTATE.EL was stored: rebuild its translation flags (F14) */
void mmu_ctx_moved(el2_engine *e)
{
    e->rebuild_hflags(e->env);
    e->vtlb_gen++;
}

/* Loads the guest's translation registers into the engine's and drops its TLB. */
static void mirror_registers(el2_engine *e)
{
    el2_cpu *c = e->cpu;
    const uint64_t *sr = c->sr;
    uint64_t hcr = sr[SR_HCR_EL2];
    bool tge = hcr & HCR_TGE;
    /* guest EL2 -> engine EL3 (SCTLR_EL3, TCR_EL3, TTBR0_EL3, MAIR_EL3); the Hyp-mode
     * machine's EL2 runs at the engine's own AArch32 EL2 (mmu32_ctx.c), its EL3 stays flat */
    bool hyp = c->a32_machine;
    cp_write(e, 3, 6, 1, 0, 0, e->sctlr_el3_base | (hyp ? 0 : sr[SR_SCTLR_EL2] & (SCTLR_M_BIT | SCTLR_WXN_BIT)));
    if (hyp)
        mmu32_mirror_hyp(e);
    cp_write(e, 3, 6, 2, 0, 2, sr[SR_TCR_EL2]);
    cp_write(e, 3, 6, 2, 0, 0, sr[SR_TTBR0_EL2]);
    cp_write(e, 3, 6, 10, 2, 0, sr[SR_MAIR_EL2]);
    /* guest EL1&0 -> engine EL1&0; TGE turns stage 1 of EL1&0 off for EL0 */
    bool m1 = (sr[SR_SCTLR_EL1] & SCTLR_M_BIT) && !tge;
    cp_write(e, 3, 0, 1, 0, 0, ENGINE_SCTLR_EL1 | (m1 ? SCTLR_M_BIT : 0) | (sr[SR_SCTLR_EL1] & SCTLR_WXN_BIT));
    if (el_is_aarch32(c, 1))
        mmu32_mirror_el1(e, m1);      /* the AArch32 SCTLR layout, DACR (mmu32_ctx.c) */
    cp_write(e, 3, 0, 2, 0, 2, sr[SR_TCR_EL1]);
    cp_write(e, 3, 0, 2, 0, 0, sr[SR_TTBR0_EL1]);
    cp_write(e, 3, 0, 2, 0, 1, sr[SR_TTBR1_EL1]);
    cp_write(e, 3, 0, 10, 2, 0, sr[SR_MAIR_EL1]);
    /* stage 2: the guest's VM/DC/PTW (not under TGE), nothing that traps */
    uint64_t ehcr = HCR_RW | (tge ? 0 : hcr & (HCR_VM | HCR_DC | HCR_PTW));
    if (e->a32 && !hyp)
        ehcr &= ~HCR_RW;              /* the engine runs the AArch32 EL1/EL0 (a32.c) */
    e->vhe = hcr & HCR_E2H;
    if (e->vhe) {
        /* guest EL2&0 -> the engine's EL2&0 (its core has FEAT_VHE: engine = max): the
         * guest's SCTLR_EL2.M/WXN, TCR_EL2, TTBR0/1_EL2, MAIR_EL2; EL0 in the host with
         * E2H and TGE, as the guest has them; FP never trapped (CPTR_EL2 in its CPACR
         * layout) */
        ehcr |= HCR_E2H | (hcr & HCR_TGE);
        cp_write(e, 3, 4, 1, 1, 0, ehcr);
        cp_write(e, 3, 4, 1, 1, 2, CPACR_FPEN);
        cp_write(e, 3, 4, 1, 0, 0, ENGINE_SCTLR_EL1 | (sr[SR_SCTLR_EL2] & (SCTLR_M_BIT | SCTLR_WXN_BIT)));
        cp_write(e, 3, 4, 2, 0, 2, sr[SR_TCR_EL2]);
        cp_write(e, 3, 4, 2, 0, 0, sr[SR_TTBR0_EL2]);
        cp_write(e, 3, 4, 2, 0, 1, sr[SR_TTBR1_EL2]);
        cp_write(e, 3, 4, 10, 2, 0, sr[SR_MAIR_EL2]);
    }
    cp_write(e, 3, 4, 1, 1, 0, ehcr);
    cp_write(e, 3, 4, 2, 1, 0, sr[SR_VTTBR_EL2]);
    cp_write(e, 3, 4, 2, 1, 2, sr[SR_VTCR_EL2]);
    tlb_flush_all(e);
    e->vtlb_gen++;
    eng_blocks_drop(e);       /* other code may now be at the same virtual addresses */
}

/* Something translation depends on changed (or may have): mirror it, choose flat or
 * mirror mode, and put the engine at the guest's EL for it. True when the engine's EL
 * changed (a code hook caller must then end the block: the PC through the API). */
bool mmu_ctx_sync(el2_engine *e)
{
    el2_cpu *c = e->cpu;
    if (c->mmu_gen == e->mmu_gen)
        return false;
    e->mmu_gen = c->mmu_gen;
    const uint64_t *sr = c->sr;
    bool e2h = sr[SR_HCR_EL2] & HCR_E2H;
    bool want = (sr[SR_SCTLR_EL2] & SCTLR_M_BIT) || ctx_translates(c, 1) || ctx_translates(c, 0);
    if (want && !e->rebuild_hflags) {
        cpu_stop(c, STOP_FAULT, 0, "the guest turned its MMU on, which this engine cannot run (%s)",
                 e->mirror_why);
        return false;
    }
    unsigned before = e->real_el;
    if (want || e->mirror)
        mirror_registers(e);
    /* (the engine keeps HCR_EL2.E2H only on a core with FEAT_VHE; el2sim's CPU models with
     * FEAT_VHE name such an engine, so this is a model file that does not) */
    if (want && e2h && !(cp_read(e, 3, 4, 1, 1, 0) & HCR_E2H)) {
        cpu_stop(c, STOP_FAULT, 0, "EL2 with HCR_EL2.E2H = 1 and translation on needs an engine core with "
                 "FEAT_VHE (the CPU model's engine = max)");
        return false;
    }
    e->mirror = e->mirror || want;   /* mirror mode stays: the guest's MMU may come back on */
    /* (in AArch32 state the engine is at the guest's EL whatever the mode: a32.c) */
    if (mmu_ctx_real_el(e, c->el) != before && !e->a32) {
        /* the guest's EL and PSTATE as they are, at the engine's new EL (port.c enter_state:
         * PSTATE, the SPs' layout, the rebuilt flags) */
        cpu_sp_save(c);
        cpu_enter_state(c, c->el, cpu_pstate(c));
    }
    return e->real_el != before;
}

/* ---- virtual addresses el2sim itself reads (instructions by PC) ---- */

/* Host pointer for the guest virtual address va in the current context (fetch: an
 * instruction fetch), or NULL when it does not translate to RAM. A 64-entry cache of
 * pages, dropped with the engine's TLB and at every change of engine EL. */
uint8_t *mmu_ctx_host(el2_engine *e, uint64_t va, bool fetch)
{
    el2_cpu *c = e->cpu;
    uint64_t page = va & ~0xfffULL;
    unsigned slot = (unsigned)(page >> 12) & 63;
    el2_vtlb *t = &e->vtlb[slot];
    if (t->gen == e->vtlb_gen && t->page == page && t->el == c->el && t->host)
        return t->host + (va & 0xfff);
    mmu_access acc = { .regime = mmu_regime_of(c, c->el), .el = c->el, .fetch = fetch };
    mmu_result res;
    if (!AArch64_TranslateAddress(c, &acc, page, &res))
        return NULL;
    uint8_t *host = eng_ram_ptr(e, res.pa, 0x1000);
    if (!host)
        return NULL;
    *t = (el2_vtlb){ .gen = e->vtlb_gen, .page = page, .el = c->el, .host = host };
    return host + (va & 0xfff);
}

static mmu_access guest_access(const el2_cpu *c, bool fetch, uint32_t insn);

/* ---- placeholders: the virtual ranges the engine's memory map must cover (F15) ---- */

static bool map_placeholder(el2_engine *e, uint64_t va)
{
    static const uint64_t sizes[] = { 1ULL << 30, 2ULL << 20, 4096 };
    for (unsigned i = 0; i < G_N_ELEMENTS(sizes); i++) {
        uint64_t base = va & ~(sizes[i] - 1);
        if (uc_mem_map_ptr(e->uc, base, sizes[i], UC_PROT_NONE, e->placeholder_host) == UC_ERR_OK) {
            el2_range r = { base, sizes[i] };
            g_array_append_val(e->placeholders, r);
            return true;
        }
    }
    return false;
}

bool mmu_ctx_is_placeholder(const el2_engine *e, uint64_t addr)
{
    for (guint i = 0; e->placeholders && i < e->placeholders->len; i++) {
        const el2_range *r = &g_array_index(e->placeholders, el2_range, i);
        if (addr - r->base < r->size)
            return true;
    }
    return false;
}

/* The engine found no mapping at the virtual address addr in a translating context.
 * It is covered with a placeholder between engine runs (mapping memory inside the hook
 * leaves the engine's load helper with a TLB entry it has just flushed: F15), and the
 * access runs again, translated (the engine's walker's faults come back as exceptions 3
 * and 4, with the exact PC). pc: the PC the engine reports (the block start for a load
 * or store, F8). False when the context does not translate. */
bool mmu_ctx_unmapped(el2_engine *e, uint64_t addr, bool fetch, uint64_t pc)
{
    if (!mmu_ctx_translated(e))
        return false;
    e->ph_pending = true;
    e->ph_addr = addr;
    e->ph_fetch = fetch;
    e->ph_pc = pc;
    uc_emu_stop(e->uc);
    return true;
}

/* After the engine run that mmu_ctx_unmapped stopped: map the placeholder and put the
 * PC on the access (a fetch: its address; a load or store: the instruction that made
 * it, found from the block start as for an abort). */
void mmu_ctx_place(el2_engine *e)
{
    el2_cpu *c = e->cpu;
    e->ph_pending = false;
    uint64_t pc = e->ph_addr;
    if (G_UNLIKELY(e->a32) && !e->ph_fetch) {     /* (no A32/T32 access decode yet) */
        mmu32_data_unmodelled(e, e->ph_pc);
        return;
    }
    if (!e->ph_fetch && !abort_find_access(c, e->ph_pc, e->ph_addr, &pc)) {
        cpu_stop(c, STOP_INTERNAL, 0, "engine: the access to 0x%llx after %s was not found",
                 (unsigned long long)e->ph_addr, cpu_sym(c, e->ph_pc));
        return;
    }
    if (G_UNLIKELY(e->a32))
        eng_wr(e, UC_ARM64_REG_PC, pc);          /* AArch32: R15 (a32.c) */
    else
        uc_reg_write(e->uc, UC_ARM64_REG_PC, &pc);
    /* el2sim's walker first: a fault it finds is taken here (the engine's walker does not
     * check every output address against the PA size, F15), and a translation to no
     * memory is the access's External abort */
    uint32_t insn = e->ph_fetch ? 0 : eng_insn_at(e, pc);
    mmu_access acc = guest_access(c, e->ph_fetch, insn);
    mmu_result res;
    if (!AArch64_TranslateAddress(c, &acc, e->ph_addr, &res)) {
        c->hook_pc = pc;
        AArch64_Abort(c, &res.fault, pc, insn);
        return;
    }
    if (!eng_ram_ptr(e, res.pa, 1) && !eng_is_device(e, res.pa)) {
        abort_note(c, e->ph_fetch ? ABORT_FETCH : acc.write ? ABORT_WRITE : ABORT_READ, e->ph_addr, 1, pc);
        abort_take(c);
        return;
    }
    if (!map_placeholder(e, e->ph_addr))
        cpu_stop(c, STOP_INTERNAL, 0, "engine: cannot cover virtual address 0x%llx with a mapping",
                 (unsigned long long)e->ph_addr);
}

/* ---- faults the engine's walker raised ---- */

/* Does the load/store insn write (a permission fault's WnR)? Atomics and DC ZVA do;
 * loads (literal ones too) do not; elsewhere bit 22 is L. */
static bool insn_writes(uint32_t insn)
{
    if ((insn & 0xfffff000) == 0xd50b7000)             /* SYS CRn 7 op1 3: DC ZVA and friends */
        return true;
    if ((insn & 0x3b000000) == 0x18000000)             /* load register (literal) */
        return false;
    if ((insn & 0x3f200c00) == 0x38200000)             /* atomic memory operations, SWP */
        return true;
    if ((insn & 0x3f000000) == 0x08000000)             /* exclusives, acquire/release: L is bit 22 */
        return !(insn >> 22 & 1);
    return !(insn >> 22 & 1);
}

/* LDTR/STTR and their sizes (load/store register, unprivileged) */
static bool insn_unprivileged(uint32_t insn)
{
    return (insn & 0x3b200c00) == 0x38000800;
}

/* Do LDTR/STTR make unprivileged accesses here? At EL1, and at EL2 in a host (E2H and
 * TGE), unless PSTATE.UAO is set (Arm ARM LDTR: AccType_UNPRIV; FEAT_UAO). */
static bool unpriv_applies(const el2_cpu *c)
{
    uint64_t h = c->sr[SR_HCR_EL2] & (HCR_E2H | HCR_TGE);
    return !(c->psr_ext & PSR_UAO) && (c->el == 1 || (c->el == 2 && h == (HCR_E2H | HCR_TGE)));
}

/* The access the guest's instruction makes, as the walker is to check it: a fetch, or the
 * load/store insn (write or not; LDTR/STTR unprivileged), from the current EL with PAN */
static mmu_access guest_access(const el2_cpu *c, bool fetch, uint32_t insn)
{
    mmu_access acc = { .regime = mmu_regime_of((el2_cpu *)c, c->el), .el = c->el, .fetch = fetch,
                       .pan = c->psr_ext & PSR_PAN };
    if (fetch || !insn)
        return acc;
    acc.write = insn_writes(insn);
    if (insn_unprivileged(insn) && unpriv_applies(c))
        acc.el = 0;                    /* LDTR/STTR: AccType_UNPRIV */
    return acc;
}

/* Exclusives, acquire/release and atomic memory operations */
static bool insn_exclusive_or_atomic(uint32_t insn)
{
    return (insn & 0x3f000000) == 0x08000000 || (insn & 0x3f200c00) == 0x38200000;
}

/* Bytes an access may span from its address (enough to find a page it crosses into) */
static unsigned insn_span(uint32_t insn)
{
    if ((insn & 0xfffff000) == 0xd50b7000)
        return 4;                                       /* DC ZVA: its block is aligned */
    if ((insn & 0x3a000000) == 0x28000000)             /* pairs: two elements */
        return (insn >> 26 & 1) ? 8u << (insn >> 30) : (insn >> 31 ? 16 : 8);
    if ((insn & 0xbf000000) == 0x0c000000 || (insn & 0xbf000000) == 0x0d000000)
        return 64;                                      /* SIMD structures: up to 4 registers */
    if ((insn >> 26 & 1) && (insn & 0x3b000000) != 0x18000000 && ((insn >> 22) & 2) && !(insn >> 30))
        return 16;                                      /* Q register */
    return 1u << (insn >> 30);
}

/* Exception 3 (PC = the fetch) or 4 (PC on the load/store) in a translating context.
 * Takes the fault el2sim's walker finds; false when it finds none (the caller goes on
 * as with the MMU off: an alignment fault of an exclusive or atomic, or a fetch beyond
 * the engine's physical range). */
bool mmu_ctx_fault(el2_engine *e, uint32_t intno, uint64_t pc)
{
    el2_cpu *c = e->cpu;
    if (!mmu_ctx_translated(e))
        return false;
    mmu_access acc = guest_access(c, false, 0);
    uint64_t va = pc;
    unsigned span = 4;
    uint32_t insn = 0;
    if (intno == UC_EXCP_PREFETCH_ABORT) {
        acc.fetch = true;
    } else {
        uint8_t *p = mmu_ctx_host(e, pc, true);
        if (!p)
            return false;
        memcpy(&insn, p, 4);
        insn = GUINT32_FROM_LE(insn);
        if ((insn & 0xfffff000) == 0xd50b7000) {
            uint64_t bs = 4ULL << (c->sr[SR_DCZID_EL0] & 15);
            va = cpu_x(c, (int)(insn & 31)) & ~(bs - 1);
        } else if (!abort_access_address(c, pc, &va)) {
            return false;
        }
        acc = guest_access(c, false, insn);
        span = insn_span(insn);
    }
    mmu_result res;
    uint64_t a = va;
    for (;;) {
        if (!AArch64_TranslateAddress(c, &acc, a, &res)) {
            c->hook_pc = pc;
            res.fault.vaddress = a;
            AArch64_Abort(c, &res.fault, pc, insn);
            return true;
        }
        if (!eng_ram_ptr(e, res.pa, 1) && !eng_is_device(e, res.pa)) {
            /* translated to no memory: the synchronous External abort of the access */
            c->hook_pc = pc;
            abort_note(c, acc.fetch ? ABORT_FETCH : acc.write ? ABORT_WRITE : ABORT_READ, a, (int)span, pc);
            return true;
        }
        uint64_t next = (a | 0xfff) + 1;
        if (next - va >= span || next < a)
            break;
        a = next;
    }
    /* el2sim's walker finds no fault where the engine's did: the engine's TLB kept what
     * the guest changed without TLBI (either may be used), or el2sim's walker has just set
     * the Access flag or dirty state in the descriptor (FEAT_HAFDBS, TCR_ELx.HA/HD: QEMU
     * 5.0's walker faults instead): drop the TLB and run the access again, once per
     * instruction and address */
    if (e->refault_pc != pc || e->refault_va != va) {
        e->refault_pc = pc;
        e->refault_va = va;
        tlb_flush_all(e);
        return true;
    }
    e->refault_pc = 0;
    /* what is left is the engine's own alignment check of an exclusive or atomic access
     * (uc_facts.h F1, exception 4), which the caller takes */
    if (intno == UC_EXCP_DATA_ABORT && (va & (span - 1)) && insn_exclusive_or_atomic(insn))
        return false;
    cpu_stop(c, STOP_INTERNAL, 0, "engine: the engine's walker faulted at %s on 0x%llx where el2sim's "
             "walker finds no fault", cpu_sym(c, pc), (unsigned long long)va);
    return true;
}


/* ---- start-up (uc_facts.h F14, F15) ---- */

/* Can the engine change EL by a PSTATE store and a rebuild of its translation flags? The
 * probe runs MRS x0, CurrentEL on the private page at EL1 and back at EL3. */
bool mmu_ctx_init(el2_engine *e, uint64_t probe_at)
{
    e->real_el = 3;
    e->placeholders = g_array_new(FALSE, FALSE, sizeof(el2_range));
    el2_ucfast loc = e->fast;
    const char *why = NULL;
    if (!loc.x && !ucfast_locate(e->uc, &loc, &why)) {
        e->mirror_why = "the engine's CPU state was not found (uc_facts.h F4)";
        return false;
    }
    /* CPUARMState begins with uint32_t regs[16], then xregs[32], then pc */
    uint8_t *env = (uint8_t *)loc.x - 64;
    if ((uint8_t *)loc.pc != env + 64 + 32 * 8) {
        e->mirror_why = "the engine's CPU state is not laid out as uc_facts.h F14 says";
        return false;
    }
    void (*rebuild)(void *) = (void (*)(void *))dlsym(RTLD_DEFAULT, "arm_rebuild_hflags_aarch64");
    if (!rebuild) {
        e->mirror_why = "the engine does not export arm_rebuild_hflags_aarch64 (uc_facts.h F14)";
        return false;
    }
    e->placeholder_host = mmap(NULL, PLACEHOLDER_RESERVE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (e->placeholder_host == MAP_FAILED) {
        e->placeholder_host = NULL;
        e->mirror_why = "no host address space for placeholder mappings";
        return false;
    }
    e->sctlr_el3_base = cp_read(e, 3, 6, 1, 0, 0) & ~(SCTLR_M_BIT | SCTLR_WXN_BIT);
    cp_write(e, 3, 0, 1, 0, 2, CPACR_FPEN);          /* the engine's EL1/EL0 FP: never trapped */
    cp_write(e, 3, 0, 1, 0, 0, ENGINE_SCTLR_EL1);
    cp_write(e, 3, 4, 1, 1, 0, HCR_RW);
    /* the probe: MRS x0, CurrentEL; NOP at EL1, then at EL3 */
    uint32_t code[2] = { GUINT32_TO_LE(0xd5384240), GUINT32_TO_LE(0xd503201f) };
    uc_mem_write(e->uc, probe_at, code, sizeof code);
    uc_ctl_remove_cache(e->uc, probe_at, probe_at + 8);
    unsigned got[2];
    static const unsigned els[2] = { 1, 3 };
    for (unsigned i = 0; i < 2; i++) {
        uint32_t ps = 0x3c0u | els[i] << 2 | 1u;
        uint64_t x0 = 0;
        uc_reg_write(e->uc, UC_ARM64_REG_PSTATE, &ps);
        rebuild(env);
        uc_reg_write(e->uc, UC_ARM64_REG_X0, &x0);
        uc_emu_start(e->uc, probe_at, probe_at + 4, 0, 0);
        uc_reg_read(e->uc, UC_ARM64_REG_X0, &x0);
        got[i] = (unsigned)(x0 >> 2) & 3;
    }
    if (got[0] != 1 || got[1] != 3) {
        e->mirror_why = "the engine's EL did not follow PSTATE after a rebuild of its flags (uc_facts.h F14)";
        return false;
    }
    e->env = env;
    e->uc_cpu = loc.cpu;                 /* (a32_it.c: the engine's cpu_loop_exit) */
    e->rebuild_hflags = rebuild;
    return true;
}

void mmu_ctx_free(el2_engine *e)
{
    if (e->placeholder_host)
        munmap(e->placeholder_host, PLACEHOLDER_RESERVE);
    if (e->placeholders)
        g_array_free(e->placeholders, TRUE);
}
