/* excgen.h - exception-generating instructions as the engine reports them:
 * HVC, SMC, SVC, BRK, UNDEFINED (including HLT #0xf000 semihosting). */
#ifndef EL2_EXCGEN_H
#define EL2_EXCGEN_H
#include <stdint.h>
struct el2_machine;
void engine_undef(struct el2_machine *m, uint64_t pc);
void engine_svc(struct el2_machine *m, uint64_t pc);
void engine_brk(struct el2_machine *m, uint64_t pc);
void engine_hvc(struct el2_machine *m, uint64_t pc);
void engine_smc(struct el2_machine *m, uint64_t pc);
#endif
