/* words.h - which of up to 32 64-bit words differ between two arrays: the register
 * comparison the trace encoder and the ABI checker make at every event. */
#ifndef EL2_WORDS_H
#define EL2_WORDS_H
#include <stdint.h>

/* Bit i set when a[i] != b[i], for n <= 32. */
uint32_t words_differ(const uint64_t *a, const uint64_t *b, int n);
/* The same without AVX2 (what hosts without it run; for tests). */
uint32_t words_differ_portable(const uint64_t *a, const uint64_t *b, int n);

#endif
