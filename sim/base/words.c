/* words.c - words_differ, with AVX2 where the host has it (chosen once, at load). */
#include "words.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
#endif

static uint32_t tail(const uint64_t *a, const uint64_t *b, int i, int n, uint32_t diff)
{
    for (; i < n; i++)
        diff |= (uint32_t)(a[i] != b[i]) << i;
    return diff;
}

/* SSE2 (every x86-64): registers mostly repeat between events, so four words at a
 * time are tested for any difference first. */
static uint32_t differ_generic(const uint64_t *a, const uint64_t *b, int n)
{
    uint32_t diff = 0;
    int i = 0;
#ifdef __SSE2__
    for (; i + 4 <= n; i += 4) {
        __m128i x = _mm_or_si128(_mm_xor_si128(_mm_loadu_si128((const __m128i *)(a + i)),
                                               _mm_loadu_si128((const __m128i *)(b + i))),
                                 _mm_xor_si128(_mm_loadu_si128((const __m128i *)(a + i + 2)),
                                               _mm_loadu_si128((const __m128i *)(b + i + 2))));
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_setzero_si128())) == 0xffff)
            continue;
        diff = tail(a, b, i, i + 4, diff);
    }
#endif
    return tail(a, b, i, n, diff);
}

#ifdef HAVE_AVX2_PATH
/* AVX2: four words compared per instruction, no branches; the register file's sizes
 * (31 and 32 words) unrolled. */
__attribute__((target("avx2"))) static inline uint32_t same4(const uint64_t *a, const uint64_t *b)
{
    __m256i e = _mm256_cmpeq_epi64(_mm256_loadu_si256((const __m256i *)a), _mm256_loadu_si256((const __m256i *)b));
    return (uint32_t)_mm256_movemask_pd(_mm256_castsi256_pd(e));
}

__attribute__((target("avx2"))) static uint32_t differ_avx2(const uint64_t *a, const uint64_t *b, int n)
{
    if (n >= 28) {
        uint32_t same = same4(a, b) | same4(a + 4, b + 4) << 4 | same4(a + 8, b + 8) << 8 |
                        same4(a + 12, b + 12) << 12 | same4(a + 16, b + 16) << 16 |
                        same4(a + 20, b + 20) << 20 | same4(a + 24, b + 24) << 24;
        /* words 28..n-1 from the four that end at n (overlapping what is done) */
        same |= same4(a + n - 4, b + n - 4) << (n - 4);
        uint32_t all = n == 32 ? 0xffffffffu : (1u << n) - 1;
        return ~same & all;
    }
    uint32_t diff = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4)
        diff |= (~same4(a + i, b + i) & 0xfu) << i;
    return tail(a, b, i, n, diff);
}
#endif

static uint32_t (*differ)(const uint64_t *, const uint64_t *, int) = differ_generic;

#ifdef HAVE_AVX2_PATH
__attribute__((constructor)) static void pick(void)
{
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2"))
        differ = differ_avx2;
}
#endif

uint32_t words_differ(const uint64_t *a, const uint64_t *b, int n)
{
    return differ(a, b, n);
}

uint32_t words_differ_portable(const uint64_t *a, const uint64_t *b, int n)
{
    return differ_generic(a, b, n);
}
