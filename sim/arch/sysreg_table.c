/* sysreg_table.c - the table of system registers, one row per entry of sysreg_list.h
 * (which says what the columns are), indexed by the SR_<NAME> constants. */
#include "sysreg.h"
#include <stddef.h>

#define SYSREG(id, name, o0, o1, n, m, o2, kind, el, fl, rst, r0, r1, e2h, tgt, ops) \
    [SR_##id] = { name, o0, o1, n, m, o2, kind, el, fl, rst, r0, r1, e2h, tgt, ops },
#define P SRK_PLAIN
#define I SRK_ID
#define A SRK_EL12
#define S SRK_SPECIAL
#define N SRK_NATIVE
#define T SRF_TRACE
#define V SRF_TVM
#define U SRF_UNKNOWN
#define Z SRF_SERIAL

const sysreg_def sysreg_table[SR_COUNT] = {
#include "sysreg_list.h"
};
const int sysreg_count = SR_COUNT;
