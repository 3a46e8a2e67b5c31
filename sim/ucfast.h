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
    uint64_t *x;       /* X0..X30, then [31] = the live SP */
    uint64_t *pc;
    uint64_t *sp_el;   /* banked SP_EL0..SP_EL3 (the live one is x[31]) */
    uint64_t *elr_el;  /* ELR_EL0 (unused)..ELR_EL3 */
} el2_ucfast;

/* Finds and verifies the fields; false (with *why) when this engine is not the one
 * whose layout ucfast knows, or when EL2SIM_ENGINE_API is set. The engine must not be
 * running. Register values are left as they were. */
bool ucfast_attach(uc_engine *uc, el2_ucfast *f, const char **why);

#endif
