/* num.c - numbers as el2sim's command lines and tools take them. */
#include "num.h"
#include <errno.h>
#include <stdlib.h>

bool parse_u64(const char *s, uint64_t *v)
{
    char *end;
    if (!s || !*s || *s == '-')
        return false;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 0);
    if (errno || end == s)
        return false;
    uint64_t mult = 1;
    if (*end == 'K' || *end == 'k') mult = 1ULL << 10, end++;
    else if (*end == 'M' || *end == 'm') mult = 1ULL << 20, end++;
    else if (*end == 'G' || *end == 'g') mult = 1ULL << 30, end++;
    else if (*end == 'T' || *end == 't') mult = 1ULL << 40, end++;
    if (*end)
        return false;
    if (mult > 1 && x > UINT64_MAX / mult)
        return false;
    *v = x * mult;
    return true;
}
