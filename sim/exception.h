/* exception.h - the AArch64 exception model: entry (AArch64.TakeException),
 * return (AArch64.ExceptionReturn), routing and syndromes. */
#ifndef EL2_EXCEPTION_H
#define EL2_EXCEPTION_H
#include <stdbool.h>
#include <stdint.h>
#include "event.h"

struct el2_machine;

/* Exception classes (ESR_ELx.EC), Arm ARM D17.2.37 */
#define EC_UNKNOWN      0x00
#define EC_WFX          0x01
#define EC_ILLEGAL      0x0e
#define EC_SVC64        0x15
#define EC_HVC64        0x16
#define EC_SMC64        0x17
#define EC_SYSREG       0x18
#define EC_IABT_LOWER   0x20
#define EC_IABT_CUR     0x21
#define EC_PC_ALIGN     0x22
#define EC_DABT_LOWER   0x24
#define EC_DABT_CUR     0x25
#define EC_SP_ALIGN     0x26
#define EC_BRK          0x3c

#define ESR_IL (1u << 25)
static inline uint32_t esr_make(unsigned ec, uint32_t iss) { return (uint32_t)ec << 26 | ESR_IL | (iss & 0x1ffffff); }

/* Targets for synchronous exceptions that are routed like UNDEFINED: EL0 goes to EL1,
 * or EL2 when HCR_EL2.TGE == 1; EL1 and EL2 stay. */
unsigned route_sync(struct el2_machine *m);

/* AArch64.TakeException: target EL, kind (for the event), syndrome, preferred return
 * address, FAR (when has_far), the PC and encoding of the instruction that caused it. */
void take_exception(struct el2_machine *m, unsigned target_el, el2_exc_kind kind, uint32_t esr,
                    uint64_t preferred_return, bool has_far, uint64_t far, uint64_t pc, uint32_t insn);

/* Convenience: UNDEFINED instruction at pc, routed. */
void take_undef(struct el2_machine *m, uint64_t pc, uint32_t insn);

/* AArch64.ExceptionReturn for the ERET at pc. native = true: prepare the engine so the
 * real ERET about to execute lands in the right state (no restart); false: the return is
 * completed here by a PC write. */
void exception_return(struct el2_machine *m, uint64_t pc, uint32_t insn, bool native);
/* An ERET with no code hook, closing the block that starts at `block`: plans the return
 * at the block start and loads the engine with it (false: not a plain return, hook it). */
bool exception_return_arm(struct el2_machine *m, uint64_t block, uint64_t pc, uint32_t insn);
/* Completes the armed return if the engine is at its target (pc), else drops it. */
void exception_return_settle(struct el2_machine *m, uint64_t pc);
/* Drops the armed return (an exception or a stop came first). */
void exception_return_drop(struct el2_machine *m);

/* SPSR layout of guest PSTATE */
#define PSR_NZCV 0xf0000000u
#define PSR_DAIF 0x3c0u
#define PSR_IL   (1u << 20)
#define PSR_SS   (1u << 21)
#define PSR_nRW  (1u << 4)
#endif
