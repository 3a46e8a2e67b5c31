/* engine.h - Unicorn glue: hooks, block learning, the run loop. */
#ifndef EL2_ENGINE_H
#define EL2_ENGINE_H
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

struct el2_machine;

/* Maps el2sim's private page, parks the core at its real EL3, installs the hooks. */
bool engine_init(struct el2_machine *m, uint64_t private_page, GError **err);
/* Installs code hooks on the ERETs and system instructions found in [addr, addr+len). */
void engine_prescan(struct el2_machine *m, uint64_t addr, uint64_t len);
/* Stops before executing the instruction at addr (STOP_AT); clear removes it. */
void engine_stop_at(struct el2_machine *m, uint64_t addr);
void engine_stop_at_clear(struct el2_machine *m, uint64_t addr);
void machine_restore_landing(struct el2_machine *m);
/* One engine run from the current PC (count > 0: at most that many instructions): takes a
 * pending guest abort, turns engine errors into stops. machine_run and the gdb server's
 * loop are made of these. */
void engine_run_slice(struct el2_machine *m, uint64_t count);

#define INSN_ERET 0xd69f03e0u
static inline bool insn_is_eret(uint32_t insn)
{
    return insn == INSN_ERET || insn == 0xd69f0bff || insn == 0xd69f0fff; /* ERET, ERETAA/AB */
}
static inline bool insn_is_plain_eret(uint32_t insn) { return insn == INSN_ERET; }
/* MSR SPSel, #imm (a PSTATE write the engine runs natively, no code hook) */
static inline bool insn_is_msr_spsel_imm(uint32_t insn) { return (insn & 0xfffff0ffu) == 0xd50040bfu; }
static inline bool insn_is_system(uint32_t insn) { return (insn & 0xffc00000) == 0xd5000000; }
static inline bool insn_is_wfi(uint32_t insn) { return insn == 0xd503207f; }
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
static inline bool insn_is_wfe(uint32_t insn) { return insn == 0xd503205f; }
#endif
