/* num.h - numbers as el2sim's command lines and tools take them. */
#ifndef EL2_NUM_H
#define EL2_NUM_H
#include <stdbool.h>
#include <stdint.h>
/* Decimal, 0x hex or 0 octal, optionally followed by K, M, G or T (binary multiples); no sign. */
bool parse_u64(const char *s, uint64_t *v);
#endif
