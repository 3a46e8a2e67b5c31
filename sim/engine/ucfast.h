/* ucfast.h - direct access to the engine's live register file (Unicorn 2.0.1).
 *
 * The public API reads and writes registers through a call and a switch per register,
 * and a PC written through it ends the engine's run loop (quit_request), which the
 * next uc_emu_start must rebuild. Exception entry writes the PC on every HVC, so
 * that restart was most of an HVC round trip. ucfast finds the engine's general
 * registers, PC, banked SPs and ELRs in memory once, at start-up, verifies every
 * field both ways against the public API, and otherwise declines (el2sim then uses
 * the API everywhere; EL2SIM_ENGINE_API=1 forces that). */
#ifndef EL2_UCFAST_H
#define EL2_UCFAST_H
#include <stdbool.h>
#include <stdint.h>
#include <unicorn/unicorn.h>

typedef struct el2_ucfast {
    void *cpu;         /* the engine's CPU object (its CPUState), where X0.. was found */
    uint64_t *x;       /* X0..X30, then [31] = the live SP */
    uint64_t *pc;
    uint64_t *sp_el;   /* banked SP_EL0..SP_EL3 (the live one is x[31]) */
    uint64_t *elr_el;  /* ELR_EL0 (unused)..ELR_EL3 */
    uint64_t *v;       /* V0 as two words (low, high); Vn is at v + n * v_stride */
    unsigned v_stride; /* in 64-bit words */
    /* PSTATE, kept split by the engine: N in bit 31 of nf, Z set when zf == 0, C in bit
     * 0 of cf, V in bit 31 of vf, D/A/I/F in place in daif, M[3:0] (EL, SP) in ps */
    uint32_t *nf, *zf, *cf, *vf, *ps;
    uint64_t *daif;
} el2_ucfast;

/* Writes PSTATE as the API does for a value with only NZCV, DAIF and M[3:0] set (the
 * other PSTATE bits are cleared; BTYPE, which no modelled CPU implements, is left). */
static inline void ucfast_set_pstate(el2_ucfast *f, uint32_t v)
{
    *f->nf = v;
    *f->zf = ~v & 0x40000000u;
    *f->cf = (v >> 29) & 1u;
    *f->vf = (v << 3) & 0x80000000u;
    *f->daif = v & 0x3c0u;
    *f->ps = v & 0xfu;
}

/* NZCV, DAIF and M[3:0] of the engine's PSTATE (the bits el2sim uses) */
static inline uint32_t ucfast_pstate(const el2_ucfast *f)
{
    return (*f->nf & 0x80000000u) | (*f->zf ? 0 : 0x40000000u) | (*f->cf & 1u) << 29 |
           (*f->vf & 0x80000000u) >> 3 | ((uint32_t)*f->daif & 0x3c0u) | (*f->ps & 0xfu);
}

/* Vn as {low, high} */
static inline uint64_t *ucfast_v(const el2_ucfast *f, int n) { return f->v + (size_t)n * f->v_stride; }

/* Unicorn's register ids for X0..X30 (not one contiguous range in its enum) */
extern const int uc_xreg_ids[31];

/* The engine's exception-level change hooks (Unicorn 2.0.1: its PMU's, called on every
 * ERET to update counters el2sim does not use), taken off the CPU by
 * ucfast_drop_el_hooks and put back by ucfast_restore_el_hooks before uc_close. */
typedef struct el2_el_hooks {
    void **head;       /* the CPU's two list heads (pre, post); NULL: not dropped */
    void *saved[2];
} el2_el_hooks;

bool ucfast_drop_el_hooks(const el2_ucfast *f, el2_el_hooks *h, const char **why);
void ucfast_restore_el_hooks(el2_el_hooks *h);

/* Finds and verifies the fields; false (with *why) when this engine is not the one
 * whose layout ucfast knows, or when EL2SIM_ENGINE_API is set. The engine must not be
 * running. Register values are left as they were. */
bool ucfast_locate(uc_engine *uc, el2_ucfast *f, const char **why);
bool ucfast_attach(uc_engine *uc, el2_ucfast *f, const char **why);

/* The engine's TLB fill, wrapped (uc_facts.h F17): after each fill, the entry of a page
 * no code was ever fetched from loses TLB_NOTDIRTY (its stores take the fast path) and
 * its execute right (a fetch there fills again); the entry of a page code was fetched
 * from keeps TLB_NOTDIRTY (the engine's own invalidation of written code) and gets
 * TLB_INVALID_MASK on its write side, so that every store there comes through the fill
 * again and is reported to `stored` first (virtual address, size); the entry of the page
 * at private_va gets TLB_INVALID_MASK on both data sides, so that every load and store
 * there reaches the engine's permission check. Attached at start-up, before guest code
 * runs; ucfast_tlb_detach puts the engine's own fill back (before uc_close). */
typedef struct el2_uctlb el2_uctlb;
typedef void (*el2_code_store_fn)(void *user, uint64_t va, unsigned size);
el2_uctlb *ucfast_tlb_attach(uc_engine *uc, const el2_ucfast *f, uint64_t private_va, el2_code_store_fn stored,
                             void *user, const char **why);
void ucfast_tlb_detach(el2_uctlb *t);
/* fills wrapped, code-page stores reported, entries not where the layout says (never,
 * when it is right), pages code was fetched from */
typedef struct { uint64_t fills, stores, lost, code_pages; } el2_uctlb_stats;
el2_uctlb_stats ucfast_tlb_stats(const el2_uctlb *t);

#endif
