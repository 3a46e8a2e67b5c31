/* excl.c - the engine's local exclusive monitor, cleared from outside (uc_facts.h F20).
 *
 * Several PEs (system/machine.c) run one engine each, in turns. QEMU's LDXR records the
 * address and the value it read in its CPU state (exclusive_addr, exclusive_val) and its
 * STXR is a compare-and-swap against that value, so on its own a store by another PE of
 * the same value between a LDXR and its STXR would go unnoticed. el2sim clears a PE's
 * monitor when its turn ends (machine.c pe_turn; the Arm ARM B2.9 "Synchronization and
 * semaphores" lets an implementation clear a monitor at any time: ClearExclusiveLocal),
 * by storing -1 into exclusive_addr as CLREX does. */
#include "engine_int.h"
#include "uc_facts.h"
#include <string.h>

#define INSN_LDXR_X0_X1   0xc85f7c20u   /* ldxr x0, [x1] */
#define INSN_STXR_W2_X3   0xc8027c23u   /* stxr w2, x3, [x1] */
#define INSN_CLREX        0xd5033f5fu   /* clrex */

static void run_one(el2_engine *e, uint64_t at, uint32_t insn)
{
    uint32_t code = GUINT32_TO_LE(insn);
    uc_mem_write(e->uc, at, &code, sizeof code);
    uc_ctl_remove_cache(e->uc, at, at + 4);
    uc_emu_start(e->uc, at, at + 4, 0, 0);
}

static uint64_t *excl_addr(el2_engine *e) { return (uint64_t *)((uint8_t *)e->env + EXCL_ADDR_OFF); }

/* At start-up (after mmu_ctx_init found the CPU state): a LDXR at the private page from
 * a scratch page below 4 GiB must leave its address and value at the offsets F20 gives,
 * CLREX must store -1 there, and a STXR after el2sim stored -1 must fail and leave the
 * memory as it was (and succeed without). */
bool excl_init(el2_engine *e, uint64_t probe_at)
{
    e->excl_why = "the engine's CPU state was not found (uc_facts.h F4, F14)";
    if (!e->env)
        return false;
    const uint64_t scratch = 0xffffe000, data = scratch + 0x800;
    static uint64_t host[0x1000 / 8] __attribute__((aligned(0x1000)));
    if (uc_mem_map_ptr(e->uc, scratch, 0x1000, UC_PROT_ALL, host) != UC_ERR_OK)
        return false;
    uint64_t saved[4], x1 = data, x3 = 0x5eedULL, w2;
    for (int r = 0; r < 4; r++)
        uc_reg_read(e->uc, UC_ARM64_REG_X0 + r, &saved[r]);
    host[0x800 / 8] = 0x0123456789abcdefULL;
    uc_reg_write(e->uc, UC_ARM64_REG_X1, &x1);
    uc_reg_write(e->uc, UC_ARM64_REG_X3, &x3);
    run_one(e, probe_at, INSN_LDXR_X0_X1);
    const uint64_t *f = excl_addr(e);
    bool ok = f[0] == data && f[1] == 0x0123456789abcdefULL;
    run_one(e, probe_at, INSN_CLREX);
    ok = ok && f[0] == ~0ULL;
    run_one(e, probe_at, INSN_LDXR_X0_X1);          /* el2sim clears it: the STXR fails */
    *excl_addr(e) = ~0ULL;
    run_one(e, probe_at, INSN_STXR_W2_X3);
    uc_reg_read(e->uc, UC_ARM64_REG_X2, &w2);
    ok = ok && (uint32_t)w2 == 1 && host[0x800 / 8] == 0x0123456789abcdefULL;
    run_one(e, probe_at, INSN_LDXR_X0_X1);          /* not cleared: it succeeds */
    run_one(e, probe_at, INSN_STXR_W2_X3);
    uc_reg_read(e->uc, UC_ARM64_REG_X2, &w2);
    ok = ok && (uint32_t)w2 == 0 && host[0x800 / 8] == 0x5eed;
    run_one(e, probe_at, INSN_CLREX);
    uc_mem_unmap(e->uc, scratch, 0x1000);
    for (int r = 0; r < 4; r++)
        uc_reg_write(e->uc, UC_ARM64_REG_X0 + r, &saved[r]);
    e->excl_why = ok ? NULL : "the engine's exclusive monitor is not where uc_facts.h F20 says";
    e->excl_ok = ok;
    return ok;
}

const char *engine_exclusive_why(const el2_engine *e) { return e->excl_ok ? NULL : e->excl_why; }

/* Forward progress (Arm ARM B2.9.5: a LDXR/STXR loop with no other memory access between
 * the two and a short sequence between them must not livelock): a turn does not end while
 * the PE's monitor is Exclusive, for up to EXCL_GRACE instructions past its end
 * (engine/run.c turn_check), so such a loop completes whatever the quantum; a longer
 * sequence between them can still be split, and its STXR then fails. */
bool excl_held(el2_engine *e)
{
    return e->excl_ok && *excl_addr(e) != ~0ULL;
}

/* ClearExclusiveLocal for the engine's PE: true when the monitor was in the Exclusive
 * Access state (an event for the PE's WFE, machine.c). */
bool engine_clear_exclusive(el2_engine *e)
{
    if (!e->excl_ok)
        return false;
    uint64_t *a = excl_addr(e);
    bool was = *a != ~0ULL;
    *a = ~0ULL;
    return was;
}
