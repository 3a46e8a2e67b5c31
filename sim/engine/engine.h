/* engine.h - the binding of one el2_cpu (arch/cpu.h) to Unicorn 2.0.1: memory mappings,
 * hooks, block learning, the run loop, native ERETs and the port the architecture code
 * reaches registers and memory through. This header names no Unicorn type: only
 * the files in engine/ include <unicorn/unicorn.h> (uc_facts.h lists what they assume of it). */
#ifndef EL2_ENGINE_H
#define EL2_ENGINE_H
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"

/* A host buffer presented to the engine at a guest physical address (guest RAM). */
typedef struct el2_region { uint64_t base, size; char *name; uint8_t *host; } el2_region;

typedef struct el2_engine el2_engine;

/* el2sim's own page in the engine's address space (bootstrap, landing pad): the top page
 * below 40 bits, inside every model's PA range. No RAM or image may cover it; images must
 * lie below it. */
#define EL2_PRIVATE_PAGE 0xffffff0000ULL

/* Opens the engine for the CPU's model, maps el2sim's private page, parks the core at
 * its real EL3, installs the hooks and attaches itself as c's port. ram (el2_region,
 * owned by the caller) is where guest RAM will be listed; align_faults: check ordinary
 * load/store alignment (arch/align.c) with a code hook on each. */
el2_engine *engine_new(el2_cpu *c, GArray *ram, bool align_faults, GError **err);
void engine_free(el2_engine *e);
/* Maps a region of ram (already appended to the array given to engine_new). */
bool engine_map(el2_engine *e, const el2_region *r, GError **err);

/* Maps the GICv3's distributor and redistributor registers (arch/gic.h: GICD_BASE,
 * GICR_BASE) as device memory of the engine (mmio.c). */
bool engine_map_gic(el2_engine *e, GError **err);

/* Guest memory through the engine (RAM directly; other mappings through the API). A
 * write drops the translations and learned blocks it covers. */
bool engine_read(el2_engine *e, uint64_t addr, void *buf, size_t n);
bool engine_write(el2_engine *e, uint64_t addr, const void *buf, size_t n);
/* Guest code in [lo, hi) changed behind the engine's back: forget its translations and
 * learned blocks (they are learned again, with their code hooks, when they run). */
void engine_code_changed(el2_engine *e, uint64_t lo, uint64_t hi);
/* el2sim replaced the guest's state behind the engine (the checker ends a call): an ERET
 * the engine armed to run at the end of the current block is dropped. */
void engine_state_replaced(el2_engine *e);
/* Drops every translation (gdb's single step needs blocks translated with its count). */
void engine_flush_translations(el2_engine *e);
/* Installs code hooks on the ERETs and system instructions found in [addr, addr+len). */
void engine_prescan(el2_engine *e, uint64_t addr, uint64_t len);
/* Is addr in el2sim's private page (never guest code)? */
bool engine_is_private(const el2_engine *e, uint64_t addr);
/* The physical address bits the engine's own core has (its ID_AA64MMFR0_EL1.PARange): it
 * faults fetches and accesses beyond them whatever the CPU model says, so guest memory
 * must lie below. */
unsigned engine_pa_bits(const el2_engine *e);

/* The Hyp-mode machine (--arch aarch32): the engine's EL2 and EL1 use AArch32 from now on
 * (its SCR_EL3.RW = 0); the guest enters AArch32 through the port's enter_aarch32.
 * Returns NULL, or why the engine cannot (uc_facts.h F21). */
const char *engine_set_aarch32(el2_engine *e);   /* NULL, or why it cannot */

/* Stops before executing the instruction at addr (STOP_AT); clear removes it. */
void engine_stop_at(el2_engine *e, uint64_t addr);
void engine_stop_at_clear(el2_engine *e, uint64_t addr);
bool engine_is_stop_point(const el2_engine *e, uint64_t addr);
/* One engine run from the current PC (count > 0: at most that many instructions): takes a
 * pending guest abort, turns engine errors into stops. */
void engine_run_slice(el2_engine *e, uint64_t count);
/* Runs until a stop, emits the STOP event; returns the stop kind. */
el2_stop_kind engine_run(el2_engine *e);
/* Stops the engine as soon as possible (async-signal-safe). */
void engine_halt(el2_engine *e);
/* ClearExclusiveLocal for the engine's PE (excl.c): true when its monitor was Exclusive */
bool engine_clear_exclusive(el2_engine *e);
/* NULL when the engine's monitor can be cleared (uc_facts.h F20), else why not */
const char *engine_exclusive_why(const el2_engine *e);

/* FP/SIMD state the engine keeps: V0-V31 as {low, high}, FPCR, FPSR. */
void engine_read_v(el2_engine *e, uint64_t v[32][2]);
void engine_set_v(el2_engine *e, int n, const uint64_t q[2]);
uint64_t engine_fpcr(el2_engine *e);
uint64_t engine_fpsr(el2_engine *e);
void engine_set_fpcr(el2_engine *e, uint64_t v);
void engine_set_fpsr(el2_engine *e, uint64_t v);
/* X0-X30 as the engine holds them, live (NULL when only the API reaches them): the
 * checker's per-block register diff reads them in place */
const uint64_t *engine_live_gprs(el2_engine *e);
/* SP_EL0 and SP_EL1 together (the checker's hot read) */
void engine_sp_el01(el2_engine *e, uint64_t *sp0, uint64_t *sp1);

/* Observer hooks finer than blocks (the checker's per-instruction tracking, gdb's step):
 * fn runs before every instruction in [lo, hi] (lo > hi: everywhere), at every block
 * start, or at every data access in [lo, hi]. Returns a handle for engine_unhook. */
typedef uintptr_t el2_hook_id;
el2_hook_id engine_hook_insns(el2_engine *e, uint64_t lo, uint64_t hi, void (*fn)(uint64_t pc, void *user), void *user);
el2_hook_id engine_hook_blocks(el2_engine *e, void (*fn)(uint64_t addr, uint32_t size, void *user), void *user);
el2_hook_id engine_hook_data(el2_engine *e, uint64_t lo, uint64_t hi,
                             void (*fn)(bool write, uint64_t addr, int size, void *user), void *user);
void engine_unhook(el2_engine *e, el2_hook_id h);

/* What the engine binding found at start-up and did since (tests, README figures). */
typedef struct el2_engine_info {
    bool direct_regs;           /* ucfast reached the register file */
    const char *direct_why;     /* why not */
    bool pmu_hooks_dropped;     /* the engine's PMU EL-change hooks are off the CPU */
    const char *pmu_hooks_why;  /* why not */
    uint64_t erets_direct;      /* ERETs completed with no code hook */
    uint64_t erets_dropped;     /* armed ERETs dropped (an exception or a stop came first) */
    bool tlb_wrapped;           /* the engine's TLB fill is wrapped (uc_facts.h F17) */
    const char *tlb_why;        /* why not (then a write hook watches each code page) */
    uint64_t code_stores;       /* guest stores to pages with code, seen by the fill */
    uint64_t tlb_fills, tlb_lost;  /* fills wrapped; entries not where F17 says (0) */
} el2_engine_info;
void engine_info(const el2_engine *e, el2_engine_info *out);

/* Instruction shapes the engine treats specially */
#define INSN_ERET 0xd69f03e0u
static inline bool insn_is_eret(uint32_t insn)
{
    return insn == INSN_ERET || insn == 0xd69f0bff || insn == 0xd69f0fff; /* ERET, ERETAA/AB */
}
static inline bool insn_is_plain_eret(uint32_t insn) { return insn == INSN_ERET; }
/* MSR SPSel, #imm (a PSTATE write the engine runs natively above EL0, after its code hook) */
static inline bool insn_is_msr_spsel_imm(uint32_t insn) { return (insn & 0xfffff0ffu) == 0xd50040bfu; }
static inline bool insn_is_system(uint32_t insn) { return (insn & 0xffc00000) == 0xd5000000; }
static inline bool insn_is_wfi(uint32_t insn) { return insn == 0xd503207f; }
static inline bool insn_is_wfe(uint32_t insn) { return insn == 0xd503205f; }
/* May the instruction change V0-V31, FPCR or FPSR? SIMD&FP data processing (op0 x111),
 * SIMD&FP loads (loads and stores with V = 1), MSR FPCR/FPSR. Conservative: stores and
 * reads count too. */
static inline bool insn_touches_fp(uint32_t insn)
{
    uint32_t op0 = (insn >> 25) & 0xf;
    if ((op0 & 0x7) == 0x7)
        return true;
    if ((op0 & 0x5) == 0x4 && (insn & (1u << 26)))
        return true;
    return (insn & 0xffffffc0u) == 0xd51b4400u;   /* MSR FPCR / FPSR, Xt */
}
#endif
