/* symbols.c - symbol table: sorted by address (lazily), indexed by name.
 *
 * Lookup by address (symtab_find) is O(log n): after a sort we build
 *   - a max segment tree over each symbol's end address (addr + size, or 0 for
 *     symbols without a size), to find the nearest sized symbol containing addr;
 *   - for every index, the nearest symbol without a size at or below it.
 * Among symbols at the same address the sort puts the preferred one last
 * (global, then function, then names not starting with '.'), so "rightmost"
 * searches pick it.  The table sorts itself on the first lookup after an add,
 * so it is not safe to share between threads without a lock.
 */
#include "symbols.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#define NEAR_LIMIT 0x100000u /* an unsized symbol covers at most 1 MiB after it */

struct el2_symtab {
    GPtrArray *syms;      /* el2_symbol*, owned; sorted when 'sorted' */
    GHashTable *by_name;  /* name -> el2_symbol* (borrowed from syms) */
    bool sorted;
    uint64_t *tree;       /* max segment tree over end addresses, 2*leaves */
    size_t leaves;        /* power of two >= count */
    size_t *prev_unsized; /* per index: 1 + index of nearest unsized at or below, 0 none */
};

static void symbol_free(gpointer p)
{
    el2_symbol *s = p;
    if (s) {
        g_free(s->name);
        g_free(s);
    }
}

el2_symtab *symtab_new(void)
{
    el2_symtab *st = g_new0(el2_symtab, 1);
    st->syms = g_ptr_array_new_with_free_func(symbol_free);
    st->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    st->sorted = true;
    return st;
}

static void drop_index(el2_symtab *st)
{
    g_free(st->tree);
    st->tree = NULL;
    st->leaves = 0;
    g_free(st->prev_unsized);
    st->prev_unsized = NULL;
}

void symtab_free(el2_symtab *st)
{
    if (!st)
        return;
    drop_index(st);
    g_hash_table_destroy(st->by_name);
    g_ptr_array_free(st->syms, TRUE);
    g_free(st);
}

void symtab_add(el2_symtab *st, const char *name, uint64_t addr, uint64_t size,
                bool is_func, bool is_global)
{
    if (!st || !name || !name[0] || name[0] == '$')
        return;
    el2_symbol *s = g_new0(el2_symbol, 1);
    s->name = g_strdup(name);
    s->addr = addr;
    s->size = size;
    s->is_func = is_func;
    s->is_global = is_global;
    g_ptr_array_add(st->syms, s);
    st->sorted = false;

    /* Name index: a global symbol replaces a local one; otherwise the first stays. */
    el2_symbol *old = g_hash_table_lookup(st->by_name, s->name);
    if (!old || (s->is_global && !old->is_global))
        g_hash_table_replace(st->by_name, s->name, s);
}

bool symtab_lookup(const el2_symtab *st, const char *name, uint64_t *addr)
{
    if (!st || !name)
        return false;
    const el2_symbol *s = g_hash_table_lookup(st->by_name, name);
    if (!s)
        return false;
    if (addr)
        *addr = s->addr;
    return true;
}

/* Higher rank = preferred among symbols at the same address. */
static int rank(const el2_symbol *s)
{
    return (s->is_global ? 4 : 0) + (s->is_func ? 2 : 0) + (s->name[0] != '.' ? 1 : 0);
}

static gint cmp_syms(gconstpointer a, gconstpointer b)
{
    const el2_symbol *x = *(el2_symbol *const *)a;
    const el2_symbol *y = *(el2_symbol *const *)b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    int rx = rank(x), ry = rank(y);
    if (rx != ry)
        return rx < ry ? -1 : 1; /* preferred last */
    if (x->size != y->size)
        return x->size < y->size ? -1 : 1;
    return strcmp(y->name, x->name); /* alphabetically first name last */
}

static uint64_t end_of(const el2_symbol *s)
{
    if (s->size == 0)
        return 0;
    uint64_t e;
    if (__builtin_add_overflow(s->addr, s->size, &e))
        return UINT64_MAX; /* saturate: covers the rest of the address space */
    return e;
}

static void ensure_sorted(const el2_symtab *cst)
{
    el2_symtab *st = (el2_symtab *)cst; /* lazy sort mutates a logically const table */
    if (st->sorted && (st->tree || st->syms->len == 0))
        return;
    drop_index(st);
    g_ptr_array_sort(st->syms, cmp_syms);
    size_t n = st->syms->len;
    st->sorted = true;
    if (n == 0)
        return;
    size_t leaves = 1;
    while (leaves < n)
        leaves <<= 1;
    st->leaves = leaves;
    st->tree = g_new0(uint64_t, 2 * leaves);
    st->prev_unsized = g_new0(size_t, n);
    size_t last = 0;
    for (size_t i = 0; i < n; i++) {
        const el2_symbol *s = g_ptr_array_index(st->syms, i);
        st->tree[leaves + i] = end_of(s);
        if (s->size == 0)
            last = i + 1;
        st->prev_unsized[i] = last;
    }
    for (size_t k = leaves - 1; k >= 1; k--) {
        uint64_t l = st->tree[2 * k], r = st->tree[2 * k + 1];
        st->tree[k] = l > r ? l : r;
    }
}

/* Rightmost leaf index in [lo, hi) of node k, and <= limit, whose end > addr; -1 if none. */
static ptrdiff_t rightmost_covering(const el2_symtab *st, size_t k, size_t lo, size_t hi,
                                    size_t limit, uint64_t addr)
{
    if (lo > limit || st->tree[k] <= addr)
        return -1;
    if (hi - lo == 1)
        return (ptrdiff_t)lo;
    size_t mid = lo + (hi - lo) / 2;
    ptrdiff_t r = rightmost_covering(st, 2 * k + 1, mid, hi, limit, addr);
    if (r >= 0)
        return r;
    return rightmost_covering(st, 2 * k, lo, mid, limit, addr);
}

const el2_symbol *symtab_find(const el2_symtab *st, uint64_t addr, uint64_t *off)
{
    if (!st)
        return NULL;
    ensure_sorted(st);
    size_t n = st->syms->len;
    /* first index whose address is > addr */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const el2_symbol *s = g_ptr_array_index(st->syms, mid);
        if (s->addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    size_t i = lo - 1;

    const el2_symbol *best = NULL;
    ptrdiff_t j = rightmost_covering(st, 1, 0, st->leaves, i, addr);
    if (j >= 0) {
        best = g_ptr_array_index(st->syms, (size_t)j);
    } else if (st->prev_unsized[i]) {
        const el2_symbol *s = g_ptr_array_index(st->syms, st->prev_unsized[i] - 1);
        if (addr - s->addr < NEAR_LIMIT)
            best = s;
    }
    if (best && off)
        *off = addr - best->addr;
    return best;
}

/* Hex digits of v, ending just before end; returns the first. */
static char *hex_before(uint64_t v, char *end)
{
    char *p = end;
    do {
        *--p = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    return p;
}

/* Written by hand, not with snprintf: every event line formats two or three addresses,
 * and snprintf's format parsing cost more than the lookup itself. Truncates like
 * snprintf would. */
const char *symtab_format(const el2_symtab *st, uint64_t addr, char *buf, size_t n)
{
    if (!buf || n == 0)
        return buf;
    uint64_t off = 0;
    const el2_symbol *s = symtab_find(st, addr, &off);
    char tail[24];                      /* "+0x" or "0x" and up to 16 digits */
    char *end = tail + sizeof tail, *t = end;
    const char *name = s ? s->name : "";
    if (!s || off) {
        t = hex_before(s ? off : addr, end);
        *--t = 'x';
        *--t = '0';
        if (s)
            *--t = '+';
    }
    size_t ln = strlen(name), lt = (size_t)(end - t);
    if (ln > n - 1)
        ln = n - 1;
    if (lt > n - 1 - ln)
        lt = n - 1 - ln;
    memcpy(buf, name, ln);
    memcpy(buf + ln, t, lt);
    buf[ln + lt] = 0;
    return buf;
}

size_t symtab_count(const el2_symtab *st)
{
    return st ? st->syms->len : 0;
}

const el2_symbol *symtab_at(const el2_symtab *st, size_t i)
{
    if (!st || i >= st->syms->len)
        return NULL;
    ensure_sorted(st);
    return g_ptr_array_index(st->syms, i);
}

/* A whole-string number: "0x..." / "0X..." hex, otherwise decimal digits. */
static bool parse_number(const char *s, uint64_t *out)
{
    int base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (!s[0])
        return false;
    for (const char *c = s; *c; c++)
        if (base == 16 ? !g_ascii_isxdigit(*c) : !g_ascii_isdigit(*c))
            return false;
    char *end = NULL;
    errno = 0;
    guint64 v = g_ascii_strtoull(s, &end, base);
    if (errno != 0 || !end || *end != '\0')
        return false;
    *out = v;
    return true;
}

bool symtab_resolve(const el2_symtab *st, const char *text, uint64_t *addr)
{
    if (!text || !text[0])
        return false;
    uint64_t v;
    if (g_ascii_isdigit(text[0])) {
        if (!parse_number(text, &v))
            return false;
        if (addr)
            *addr = v;
        return true;
    }
    if (symtab_lookup(st, text, &v)) {
        if (addr)
            *addr = v;
        return true;
    }
    const char *plus = strrchr(text, '+');
    if (!plus || plus == text)
        return false;
    uint64_t off;
    if (!parse_number(plus + 1, &off))
        return false;
    char *name = g_strndup(text, (gsize)(plus - text));
    bool ok = symtab_lookup(st, name, &v);
    g_free(name);
    if (!ok || __builtin_add_overflow(v, off, &v))
        return false;
    if (addr)
        *addr = v;
    return true;
}
