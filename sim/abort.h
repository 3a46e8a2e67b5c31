/* abort.h - guest accesses el2sim cannot complete, taken as the aborts the
 * architecture defines with the MMU off (abort.c). */
#ifndef EL2_ABORT_H
#define EL2_ABORT_H
#include <stdbool.h>
#include <stdint.h>
struct el2_machine;
/* Access kinds for abort_note */
enum { ABORT_FETCH, ABORT_READ, ABORT_WRITE, ABORT_ALIGN };
/* From an engine hook: the access of kind at addr by the instruction at pc (for a
 * fetch, pc == addr) cannot complete. Stops the engine; machine_run then calls
 * abort_take. For ABORT_ALIGN addr is ignored (found by decoding the instruction). */
void abort_note(struct el2_machine *m, int kind, uint64_t addr, int size, uint64_t pc);
/* The load/store at or after from (in the block being run) that accesses fault: the
 * engine reports accesses with the PC of the block start. */
bool abort_find_access(struct el2_machine *m, uint64_t from, uint64_t fault, uint64_t *pc);
/* Takes the noted abort (or stops the machine when it cannot be taken usefully). */
void abort_take(struct el2_machine *m);
#endif
