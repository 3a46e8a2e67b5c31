/* sr_index.h - SR_<NAME>: each system register's row (SR_HCR_EL2, SR_CURRENTEL, ...) in
 * sysreg_list.h and el2_cpu.sr, SR_COUNT rows. Apart from sysreg.h so that cpu.h's inline
 * helpers can name rows. */
#ifndef EL2_SR_INDEX_H
#define EL2_SR_INDEX_H
enum {
#define SYSREG(id, ...) SR_##id,
#include "sysreg_list.h"
#undef SYSREG
    SR_COUNT
};
#endif
