/* a32_abort.h - memory aborts from AArch32 state (issue 21): the pending abort of
 * abort.c taken as the aarch32 pseudocode routes it, and the alignment check of A32/T32
 * loads and stores (a32_abort.c). */
#ifndef EL2_A32_ABORT_H
#define EL2_A32_ABORT_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"
#include "exception.h"

/* Takes the pending abort (abort_take's, with c->aarch32): a Data Abort or Prefetch Abort
 * into Hyp mode, an AArch32 EL1's Abort mode or an AArch64 EL2/EL1; stops the PE when it
 * cannot be taken usefully. */
void a32_abort_take(el2_cpu *c);
/* The executor's hook before the load/store insn at pc runs (a32_access_alignable says
 * which): takes the Alignment fault when its address must be aligned and is not (then
 * true: the exception entry moved the PC, the access does not run). cpsr: the CPSR (an
 * A32 instruction that fails its condition makes no access). */
bool a32_align_check(el2_cpu *c, uint64_t pc, uint32_t insn, bool thumb, uint32_t cpsr);
/* AArch32.TakeDataAbortException / TakePrefetchAbortException to the AArch32 EL1's Abort
 * mode for exc (kind EXC_DATA_ABORT or an instruction-side one; its syndrome's FSC gives
 * DFSR/IFSR); stops the PE with what when the vector is not mapped. */
void a32_to_abort_mode(el2_cpu *c, const el2_exc_record *exc, const char *what);
#endif
