/* ucfast.c - finds the engine's live register file and proves it before use.
 *
 * What it relies on (Unicorn 2.0.1.post1 source, read to learn the layout, see
 * README "How el2sim drives Unicorn"): the engine handle (struct uc_struct) holds the
 * addresses of its register accessors, exported as arm64_reg_read_aarch64 and
 * arm64_reg_write_aarch64, followed some words later by the CPU object; the CPU
 * object holds the general registers X0..X30 and SP as 32 consecutive 64-bit words,
 * then the PC, and further on the banked ELR_EL0..3 and SP_EL0..3 arrays. None of
 * this is trusted: the CPU object is found by searching it (through a pipe, so a
 * wrong guess reads as an error, not a crash) for register values just written
 * through the API, and every field is then checked in both directions. */
#define _GNU_SOURCE
#include "ucfast.h"
#include <dlfcn.h>
#include <glib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CPU_SCAN_MAX (512 * 1024)   /* how far into the CPU object to look for X0.. */
#define CHUNK 4096

typedef struct { int fd[2]; } prober;

/* Copies n bytes at p into buf unless p is not readable (write(2) to a pipe fails
 * with EFAULT instead of faulting). n <= CHUNK. The raw system call: the search runs
 * past the CPU object into whatever memory follows it, which is the point of probing
 * (and which a sanitizer's write() wrapper would report as an overflow). */
static bool probe_read(prober *pr, const void *p, void *buf, size_t n)
{
    ssize_t w = syscall(SYS_write, pr->fd[1], p, n);
    if (w <= 0)
        return false;
    ssize_t r = read(pr->fd[0], buf, (size_t)w);   /* drains a partial write too */
    return w == (ssize_t)n && r == w;
}

const int uc_xreg_ids[31] = {
    UC_ARM64_REG_X0, UC_ARM64_REG_X1, UC_ARM64_REG_X2, UC_ARM64_REG_X3, UC_ARM64_REG_X4,
    UC_ARM64_REG_X5, UC_ARM64_REG_X6, UC_ARM64_REG_X7, UC_ARM64_REG_X8, UC_ARM64_REG_X9,
    UC_ARM64_REG_X10, UC_ARM64_REG_X11, UC_ARM64_REG_X12, UC_ARM64_REG_X13, UC_ARM64_REG_X14,
    UC_ARM64_REG_X15, UC_ARM64_REG_X16, UC_ARM64_REG_X17, UC_ARM64_REG_X18, UC_ARM64_REG_X19,
    UC_ARM64_REG_X20, UC_ARM64_REG_X21, UC_ARM64_REG_X22, UC_ARM64_REG_X23, UC_ARM64_REG_X24,
    UC_ARM64_REG_X25, UC_ARM64_REG_X26, UC_ARM64_REG_X27, UC_ARM64_REG_X28, UC_ARM64_REG_X29,
    UC_ARM64_REG_X30,
};

/* The registers ucfast serves, in el2_ucfast order of discovery. */
enum { F_X0 = 0, F_SP = 31, F_PC, F_SP_EL0, F_ELR_EL0 = F_SP_EL0 + 4, F_COUNT = F_ELR_EL0 + 4 };

static int api_id(int f)
{
    if (f < 31)
        return uc_xreg_ids[f];
    if (f == F_SP)
        return UC_ARM64_REG_SP;
    if (f == F_PC)
        return UC_ARM64_REG_PC;
    if (f < F_ELR_EL0)
        return UC_ARM64_REG_SP_EL0 + (f - F_SP_EL0);
    return UC_ARM64_REG_ELR_EL0 + (f - F_ELR_EL0);
}

static uint64_t marker(int f, unsigned round)
{
    return 0x5eed000000000000ULL ^ ((uint64_t)(f + 1) * 0x9e3779b97f4a7c15ULL) ^ ((uint64_t)round << 40);
}

static bool api_write_all(uc_engine *uc, const uint64_t *v)
{
    for (int f = 0; f < F_COUNT; f++)
        if (uc_reg_write(uc, api_id(f), &v[f]) != UC_ERR_OK)
            return false;
    return true;
}

/* Copies up to max bytes from base into buf, CHUNK at a time, up to the first chunk
 * that is not readable; returns how many it copied. */
static size_t probe_span(prober *pr, const uint8_t *base, uint8_t *buf, size_t max)
{
    size_t have = 0;
    while (have < max && probe_read(pr, base + have, buf + have, CHUNK))
        have += CHUNK;
    return have;
}

/* Searches the object at base for the 32 words X0..X30, SP as written. */
static uint64_t *find_xregs(prober *pr, uint8_t *base, const uint64_t *want)
{
    static uint8_t buf[CPU_SCAN_MAX + CHUNK];
    size_t have = probe_span(pr, base, buf, CPU_SCAN_MAX);
    for (size_t off = 0; off + 32 * 8 <= have; off += 8)
        if (memcmp(buf + off, want, 32 * 8) == 0)
            return (uint64_t *)(base + off);
    return NULL;
}

/* Where field f lives: the one word in [x, x + 128) equal to its marker. */
static uint64_t *find_field(uint64_t *x, const uint64_t *v, int f)
{
    uint64_t *hit = NULL;
    for (int i = 0; i < 128; i++)
        if (x[i] == v[f]) {
            if (hit)
                return NULL;
            hit = &x[i];
        }
    return hit;
}

static uint64_t vmarker(int n, unsigned round, int half)
{
    return 0x7ec0000000000000ULL ^ ((uint64_t)(2 * n + half + 1) * 0xc2b2ae3d27d4eb4fULL) ^ ((uint64_t)round << 44);
}

static bool v_write_all(uc_engine *uc, unsigned round)
{
    for (int n = 0; n < 32; n++) {
        uint64_t q[2] = { vmarker(n, round, 0), vmarker(n, round, 1) };
        if (uc_reg_write(uc, UC_ARM64_REG_Q0 + n, q) != UC_ERR_OK)
            return false;
    }
    return true;
}

/* V0..V31 lie after the general registers, at a fixed stride (a scalable vector
 * register each in the engine). */
static bool locate_v(uc_engine *uc, prober *pr, el2_ucfast *f)
{
    static uint64_t buf[(CPU_SCAN_MAX + CHUNK) / 8];
    if (!v_write_all(uc, 1))
        return false;
    size_t have = 0;
    while (have < CPU_SCAN_MAX && probe_read(pr, (uint8_t *)f->x + have, (uint8_t *)buf + have, CHUNK))
        have += CHUNK;
    size_t words = have / 8, v0 = 0, v1 = 0;
    for (size_t i = 0; i + 1 < words; i++)
        if (buf[i] == vmarker(0, 1, 0) && buf[i + 1] == vmarker(0, 1, 1)) {
            v0 = i + 1;                  /* + 1: 0 means not found */
            break;
        }
    for (size_t i = v0; v0 && i + 1 < words; i++)
        if (buf[i] == vmarker(1, 1, 0) && buf[i + 1] == vmarker(1, 1, 1)) {
            v1 = i + 1;
            break;
        }
    if (!v0 || !v1 || v1 <= v0 || (v0 - 1) + 31 * (v1 - v0) + 2 > words)
        return false;
    f->v = f->x + (v0 - 1);
    f->v_stride = (unsigned)(v1 - v0);
    return true;
}

#define PS_WORDS 256     /* 32-bit words searched for the PSTATE fields, from X0 */

static void ps_snapshot(const el2_ucfast *f, uint32_t *w)
{
    memcpy(w, f->x, PS_WORDS * 4);
}

/* The 32-bit words of [x, x + PS_WORDS) that change when PSTATE goes from a to b. */
static int ps_changed(uc_engine *uc, const el2_ucfast *f, uint32_t a, uint32_t b, int *idx, int max)
{
    uint32_t wa[PS_WORDS], wb[PS_WORDS];
    uc_reg_write(uc, UC_ARM64_REG_PSTATE, &a);
    ps_snapshot(f, wa);
    uc_reg_write(uc, UC_ARM64_REG_PSTATE, &b);
    ps_snapshot(f, wb);
    int n = 0;
    for (int i = 0; i < PS_WORDS; i++)
        if (wa[i] != wb[i]) {
            if (n < max)
                idx[n] = i;
            n++;
        }
    return n;
}

/* The one word, other than `except`, that flipping `bits` changes. */
static uint32_t *ps_field(uc_engine *uc, const el2_ucfast *f, uint32_t base, uint32_t bits, int except)
{
    int idx[4];
    int n = ps_changed(uc, f, base, base ^ bits, idx, 4), hit = -1;
    for (int i = 0; i < n && i < 4; i++)
        if (idx[i] != except) {
            if (hit >= 0)
                return NULL;
            hit = idx[i];
        }
    return hit < 0 ? NULL : (uint32_t *)f->x + hit;
}

/* Finds each PSTATE field by flipping its bits through the API (the engine keeps N as
 * the whole written value, so every flip also changes that word: it is found first). */
static bool locate_pstate(uc_engine *uc, el2_ucfast *f)
{
    const uint32_t base = 0x3cd;                   /* EL3h, DAIF masked, NZCV clear */
    int idx[2];
    if (ps_changed(uc, f, base, base ^ 0x80000000u, idx, 2) != 1)
        return false;
    f->nf = (uint32_t *)f->x + idx[0];
    f->zf = ps_field(uc, f, base, 0x40000000u, idx[0]);
    f->cf = ps_field(uc, f, base, 0x20000000u, idx[0]);
    f->vf = ps_field(uc, f, base, 0x10000000u, idx[0]);
    f->ps = ps_field(uc, f, base, 0x1u, idx[0]);
    uint32_t *d = ps_field(uc, f, base, 0x3c0u, idx[0]);
    if (!f->zf || !f->cf || !f->vf || !f->ps || !d || ((uintptr_t)d & 7))
        return false;
    f->daif = (uint64_t *)d;
    /* every NZCV, DAIF and SP combination reads back as the API composes it */
    for (uint32_t nzcv = 0; nzcv < 16; nzcv++)
        for (uint32_t k = 0; k < 4; k++) {
            uint32_t v = nzcv << 28 | (k & 1 ? 0x3c0u : 0x140u) | 0xcu | (k >> 1), got = 0;
            uc_reg_write(uc, UC_ARM64_REG_PSTATE, &v);
            uc_reg_read(uc, UC_ARM64_REG_PSTATE, &got);
            if (ucfast_pstate(f) != (got & 0xf00003cfu) || ucfast_pstate(f) != v)
                return false;
            /* and a direct write reads back through the API as written */
            uint32_t w = v ^ 0xf0000001u;
            ucfast_set_pstate(f, w);
            uc_reg_read(uc, UC_ARM64_REG_PSTATE, &got);
            if (got != w)
                return false;
        }
    return true;
}

static bool locate(uc_engine *uc, prober *pr, el2_ucfast *f, const char **why)
{
    void *rr = dlsym(RTLD_DEFAULT, "arm64_reg_read_aarch64");
    void *rw = dlsym(RTLD_DEFAULT, "arm64_reg_write_aarch64");
    if (!rr || !rw) {
        *why = "the engine does not export its AArch64 register accessors";
        return false;
    }
    uint64_t v[F_COUNT];
    for (int i = 0; i < F_COUNT; i++)
        v[i] = marker(i, 1);
    if (!api_write_all(uc, v)) {
        *why = "a register write through the API failed";
        return false;
    }
    uint64_t words[512];
    int anchor = -1;
    for (int i = 0; i < 512 && anchor < 0; i += CHUNK / 8) {
        if (!probe_read(pr, (uint64_t *)uc + i, words + i, CHUNK))
            break;
        for (int k = i; k < i + CHUNK / 8 - 1; k++)
            if (words[k] == (uint64_t)(uintptr_t)rr && words[k + 1] == (uint64_t)(uintptr_t)rw) {
                anchor = k;
                break;
            }
    }
    if (anchor < 0) {
        *why = "the engine handle does not hold its register accessors where expected";
        return false;
    }
    /* 2.0.1.post1 keeps the CPU pointer 31 words after reg_read; try that first, then
     * any word of the following 64 that leads to the registers */
    uint64_t *x = NULL;
    for (int d = 0; d < 64 && !x; d++) {
        int k = anchor + (d == 0 ? 31 : d);
        if (k >= 512 || (d == 31))
            continue;
        uint64_t p = words[k];
        if (p < 0x10000 || (p & 7) || p >> 47)
            continue;
        x = find_xregs(pr, (uint8_t *)(uintptr_t)p, v);
        f->cpu = (void *)(uintptr_t)p;
    }
    if (!x) {
        *why = "the engine's registers were not found in its CPU object";
        return false;
    }
    f->x = x;
    uint64_t *pc = find_field(x, v, F_PC), *sp0 = find_field(x, v, F_SP_EL0),
             *elr0 = find_field(x, v, F_ELR_EL0);
    if (!pc || !sp0 || !elr0) {
        *why = "the engine's PC or banked registers were not found";
        return false;
    }
    for (int i = 1; i < 4; i++)
        if (find_field(x, v, F_SP_EL0 + i) != sp0 + i || find_field(x, v, F_ELR_EL0 + i) != elr0 + i) {
            *why = "the engine's banked registers are not laid out as arrays";
            return false;
        }
    f->pc = pc;
    f->sp_el = sp0;
    f->elr_el = elr0;
    if (!locate_v(uc, pr, f)) {
        *why = "the engine's vector registers were not found";
        return false;
    }
    if (!locate_pstate(uc, f)) {
        *why = "the engine's PSTATE fields were not found";
        return false;
    }
    return true;
}

static uint64_t *slot(el2_ucfast *f, int i)
{
    if (i <= F_SP)
        return &f->x[i];
    if (i == F_PC)
        return f->pc;
    if (i < F_ELR_EL0)
        return &f->sp_el[i - F_SP_EL0];
    return &f->elr_el[i - F_ELR_EL0];
}

/* Both directions, with fresh values: API write -> direct read, direct write -> API read. */
static bool verify(uc_engine *uc, el2_ucfast *f, const char **why)
{
    uint64_t v[F_COUNT];
    for (int i = 0; i < F_COUNT; i++)
        v[i] = marker(i, 2);
    if (!api_write_all(uc, v))
        return false;
    for (int i = 0; i < F_COUNT; i++)
        if (*slot(f, i) != v[i]) {
            *why = "an API write did not reach the field found for it";
            return false;
        }
    for (int i = 0; i < F_COUNT; i++)
        *slot(f, i) = marker(i, 3);
    for (int i = 0; i < F_COUNT; i++) {
        uint64_t got = 0;
        uc_reg_read(uc, api_id(i), &got);
        if (got != marker(i, 3)) {
            *why = "a direct write was not seen by the API";
            return false;
        }
    }
    if (!v_write_all(uc, 2))
        return false;
    for (int n = 0; n < 32; n++) {
        uint64_t *q = ucfast_v(f, n);
        if (q[0] != vmarker(n, 2, 0) || q[1] != vmarker(n, 2, 1)) {
            *why = "an API write of a vector register did not reach the field found for it";
            return false;
        }
        q[0] = vmarker(n, 3, 0);
        q[1] = vmarker(n, 3, 1);
    }
    for (int n = 0; n < 32; n++) {
        uint64_t got[2] = { 0, 0 };
        uc_reg_read(uc, UC_ARM64_REG_Q0 + n, got);
        if (got[0] != vmarker(n, 3, 0) || got[1] != vmarker(n, 3, 1)) {
            *why = "a direct vector register write was not seen by the API";
            return false;
        }
    }
    return true;
}

static bool ucfast_find(uc_engine *uc, el2_ucfast *f, const char **why);

bool ucfast_attach(uc_engine *uc, el2_ucfast *f, const char **why)
{
    memset(f, 0, sizeof *f);
    const char *force = g_getenv("EL2SIM_ENGINE_API");
    if (force && *force && strcmp(force, "0") != 0) {
        *why = "EL2SIM_ENGINE_API is set";
        return false;
    }
    return ucfast_find(uc, f, why);
}

/* The register file found and proven, whatever EL2SIM_ENGINE_API says (the MMU's engine
 * EL switch needs the CPU state's address even when registers go through the API). */
bool ucfast_locate(uc_engine *uc, el2_ucfast *f, const char **why)
{
    memset(f, 0, sizeof *f);
    return ucfast_find(uc, f, why);
}

static bool ucfast_find(uc_engine *uc, el2_ucfast *f, const char **why)
{
    uint64_t saved[F_COUNT], saved_v[32][2];
    for (int i = 0; i < F_COUNT; i++)
        uc_reg_read(uc, api_id(i), &saved[i]);
    for (int n = 0; n < 32; n++)
        uc_reg_read(uc, UC_ARM64_REG_Q0 + n, saved_v[n]);
    uint32_t saved_ps = 0;
    uc_reg_read(uc, UC_ARM64_REG_PSTATE, &saved_ps);
    prober pr;
    if (pipe(pr.fd) != 0) {
        *why = "no pipe to probe memory with";
        return false;
    }
    bool ok = locate(uc, &pr, f, why) && verify(uc, f, why);
    close(pr.fd[0]);
    close(pr.fd[1]);
    uc_reg_write(uc, UC_ARM64_REG_PSTATE, &saved_ps);
    api_write_all(uc, saved);
    for (int n = 0; n < 32; n++)
        uc_reg_write(uc, UC_ARM64_REG_Q0 + n, saved_v[n]);
    if (!ok)
        memset(f, 0, sizeof *f);
    return ok;
}

/* The CPU object holds, after the register file, two list heads side by side: the
 * hooks called before and after an exception-level change. With a PMU, Unicorn
 * registers exactly one in each, pmu_pre_el_change and pmu_post_el_change (both
 * exported), with a NULL argument. A list element is { function, argument, next,
 * address of the pointer to it }: the heads are found as the one pair of words that
 * lead to those two elements and that the elements point back to. Anything else
 * (other hooks, another layout) leaves the engine as it is. */
#define HOOK_SCAN (256 * 1024)

/* Four words at addr: from the copy of [base, base + have) when they lie in it, else
 * probed (a system call). */
static bool words4(prober *pr, const uint8_t *base, const uint8_t *copy, size_t have, uint64_t addr, uint64_t *w)
{
    uintptr_t b = (uintptr_t)base;
    if (have >= 4 * sizeof *w && addr >= b && addr - b <= have - 4 * sizeof *w) {
        memcpy(w, copy + (addr - b), 4 * sizeof *w);
        return true;
    }
    return probe_read(pr, (const void *)(uintptr_t)addr, w, 4 * sizeof *w);
}

bool ucfast_drop_el_hooks(const el2_ucfast *f, el2_el_hooks *h, const char **why)
{
    memset(h, 0, sizeof *h);
    void *pre = dlsym(RTLD_DEFAULT, "pmu_pre_el_change_aarch64");
    void *post = dlsym(RTLD_DEFAULT, "pmu_post_el_change_aarch64");
    if (!f->x || !pre || !post) {
        *why = !f->x ? "no direct register access" : "the engine does not export its PMU hooks";
        return false;
    }
    prober pr;
    if (pipe(pr.fd) != 0) {
        *why = "no pipe to probe memory with";
        return false;
    }
    static uint64_t buf[HOOK_SCAN / 8];
    uint8_t *base = (uint8_t *)f->x;
    size_t have = probe_span(&pr, base, (uint8_t *)buf, HOOK_SCAN);
    void **found = NULL;
    int hits = 0;
    for (size_t i = 0; i + 1 < have / 8; i++) {
        uint64_t a = buf[i], b = buf[i + 1];
        if (a < 0x10000 || b < 0x10000 || (a & 7) || (b & 7) || a >> 47 || b >> 47)
            continue;
        uint64_t ea[4], eb[4];
        void **head = (void **)(base + 8 * i);
        /* the second element is read only when the first is the PMU's, and words inside
         * the scanned copy are read from it: few probes (system calls) at start-up */
        if (!words4(&pr, base, (const uint8_t *)buf, have, a, ea) || ea[0] != (uint64_t)(uintptr_t)pre ||
            !words4(&pr, base, (const uint8_t *)buf, have, b, eb))
            continue;
        if (ea[1] == 0 && ea[2] == 0 && ea[3] == (uint64_t)(uintptr_t)head &&
            eb[0] == (uint64_t)(uintptr_t)post && eb[1] == 0 && eb[2] == 0 && eb[3] == (uint64_t)(uintptr_t)(head + 1)) {
            found = head;
            hits++;
        }
    }
    close(pr.fd[0]);
    close(pr.fd[1]);
    if (hits != 1) {
        *why = hits ? "more than one candidate for the CPU's hook lists" : "the CPU's hook lists were not found";
        return false;
    }
    h->head = found;
    h->saved[0] = found[0];
    h->saved[1] = found[1];
    found[0] = NULL;
    found[1] = NULL;
    return true;
}

void ucfast_restore_el_hooks(el2_el_hooks *h)
{
    if (!h->head)
        return;
    h->head[0] = h->saved[0];
    h->head[1] = h->saved[1];
    h->head = NULL;
}

/* The engine's TLB fill, wrapped (uc_facts.h F17). What it relies on (Unicorn
 * 2.0.1.post1: qemu/include/exec/cpu-defs.h, cpu-all.h, accel/tcg/cputlb.c): the CPU
 * object starts with its CPUState, whose `cc` points to the CPU's own class (a copy per
 * CPU, inside the same object), holding do_interrupt and tlb_fill as its 3rd and 10th
 * function pointers; the TLB's fast part, {mask, table} per MMU index (12 of them), lies
 * just before the CPU state (env, 64 bytes before X0: F14); an entry is {addr_read,
 * addr_write, addr_code, addend}, 32 bytes, at table + ((va >> 12) & (mask >> 5)); its
 * flags sit in bits 9..4 of each address word (TARGET_PAGE_BITS_MIN is 10). Every entry
 * is filled through cc->tlb_fill, at the index of the page it maps (cputlb.c
 * tlb_set_page_with_attrs); RAM entries carry TLB_NOTDIRTY on their write side, as
 * cpu_physical_memory_is_clean() is `return true` (F16). Each fill is checked: an entry
 * not found where this says is left as the engine made it and counted (`lost`). */
#define TLBF_INVALID  0x200u       /* TLB_INVALID_MASK: fill again on every access */
#define TLBF_NOTDIRTY 0x100u       /* TLB_NOTDIRTY: stores go through notdirty_write */
#define TLBF_ALL      0x3f0u       /* INVALID, NOTDIRTY, MMIO, WATCHPOINT, BSWAP, DISCARD_WRITE */
#define TLB_MODES     12           /* NB_MMU_MODES */
#define TLB_EMPTY     (~0ULL)
enum { ACC_LOAD, ACC_STORE, ACC_FETCH };   /* MMUAccessType */

typedef struct { uint64_t addr_read, addr_write, addr_code; uintptr_t addend; } uc_tlb_entry;
typedef struct { uintptr_t mask; uc_tlb_entry *table; } uc_tlb_fast;
typedef bool (*uc_tlb_fill_fn)(void *cs, uint64_t va, int size, int access, int mmu_idx, bool probe,
                               uintptr_t retaddr);

struct el2_uctlb {
    void *cs;
    void **slot;                /* the class's tlb_fill */
    uc_tlb_fill_fn orig;
    uc_tlb_fast *fast;          /* [TLB_MODES] */
    unsigned page_bits;         /* the engine's target page: 1 KiB in 2.0.1 (uc_ctl_get_page_size) */
    uint64_t page_mask;
    void (*reset_dirty)(void *cs, uintptr_t host, uintptr_t len);   /* tlb_reset_dirty */
    GHashTable *code;           /* host pages code was fetched from (never shrinks) */
    uint64_t private_va;
    el2_code_store_fn stored;
    void *user;
    el2_uctlb_stats st;
};

#define TLB_ATTACHED_MAX 16
static el2_uctlb *tlb_attached[TLB_ATTACHED_MAX];
static uc_tlb_fill_fn tlb_engine_fill;     /* the engine's own (for a CPU not attached) */

static el2_uctlb *tlb_of(void *cs)
{
    for (int i = 0; i < TLB_ATTACHED_MAX; i++)
        if (tlb_attached[i] && tlb_attached[i]->cs == cs)
            return tlb_attached[i];
    return NULL;
}

static bool tlb_maps(const el2_uctlb *t, uint64_t word, uint64_t page)
{
    return word != TLB_EMPTY && (word & t->page_mask) == page;
}

/* The entry the engine just filled for va at mmu_idx, or NULL */
static uc_tlb_entry *tlb_entry_of(el2_uctlb *t, int mmu_idx, uint64_t va)
{
    if (mmu_idx < 0 || mmu_idx >= TLB_MODES)
        return NULL;
    const uc_tlb_fast *f = &t->fast[mmu_idx];
    uc_tlb_entry *te = f->table + ((va >> t->page_bits) & (f->mask >> 5));
    uint64_t page = va & t->page_mask;
    if (!tlb_maps(t, te->addr_read, page) && !tlb_maps(t, te->addr_write, page) && !tlb_maps(t, te->addr_code, page))
        return NULL;
    return te;
}

static bool tlb_is_code(const el2_uctlb *t, uintptr_t host)
{
    return g_hash_table_contains(t->code, (void *)host);
}

/* A page code is fetched from for the first time: the 4 KiB around it (the smallest
 * translation granule, and the unit el2sim watched before; the engine's own pages are
 * 1 KiB) become code pages, and entries that map them with fast stores (through another
 * address or MMU index) get TLB_NOTDIRTY back, as the engine's own tlb_protect_code would
 * have done with working dirty tracking. */
static void tlb_add_code_to(el2_uctlb *t, uintptr_t base)
{
    uintptr_t step = (uintptr_t)1 << t->page_bits;
    for (uintptr_t p = base; p < base + 0x1000; p += step)
        g_hash_table_add(t->code, (void *)p);
    t->reset_dirty(t->cs, base, 0x1000);
}

/* The page becomes code for every attached engine too (F24): the PEs of a machine map the
 * same host memory, and a store by one PE over code only another fetched must reach
 * el2sim (run.c code_stored), which drops the other's translations. An engine of another
 * machine only reports stores it did not need to (its blocks there are relearned). */
static void tlb_add_code(el2_uctlb *t, uintptr_t host)
{
    if (tlb_is_code(t, host))
        return;
    uintptr_t base = host & ~(uintptr_t)0xfff;
    tlb_add_code_to(t, base);
    t->st.code_pages++;
    for (int i = 0; i < TLB_ATTACHED_MAX; i++)
        if (tlb_attached[i] && tlb_attached[i] != t && !tlb_is_code(tlb_attached[i], base))
            tlb_add_code_to(tlb_attached[i], base);
}

/* The fill the engine calls (through its class) on every TLB miss */
static bool tlb_fill_wrapped(void *cs, uint64_t va, int size, int access, int mmu_idx, bool probe,
                             uintptr_t retaddr)
{
    el2_uctlb *t = tlb_of(cs);
    if (G_UNLIKELY(!t))
        return tlb_engine_fill(cs, va, size, access, mmu_idx, probe, retaddr);
    uint64_t page = va & t->page_mask;
    bool private = (va & ~0xfffULL) == t->private_va;
    uc_tlb_entry *te;
    if (access == ACC_STORE && (te = tlb_entry_of(t, mmu_idx, va)) && tlb_maps(t, te->addr_write, page) &&
        (te->addr_write & TLBF_INVALID) && !private && tlb_is_code(t, te->addend + page)) {
        /* a store to a page with code, whose entry is there: nothing to fill again (a
         * refill of the same entry would also count it again in the TLB's sizing) */
        t->st.stores++;
        t->stored(t->user, va, (unsigned)size);
        return true;
    }
    if (!t->orig(cs, va, size, access, mmu_idx, probe, retaddr))
        return false;
    t->st.fills++;
    if (!(te = tlb_entry_of(t, mmu_idx, va))) {
        t->st.lost++;
        return true;
    }
    uintptr_t host = te->addend + page;
    if (private) {
        /* loads and stores there reach the engine's permission check (F13) */
        if (te->addr_read != TLB_EMPTY)
            te->addr_read |= TLBF_INVALID;
        if (te->addr_write != TLB_EMPTY)
            te->addr_write |= TLBF_INVALID;
        return true;
    }
    if (access == ACC_FETCH)
        tlb_add_code(t, host);
    if (tlb_is_code(t, host)) {
        if (te->addr_write != TLB_EMPTY)
            te->addr_write |= TLBF_INVALID;
        if (access == ACC_STORE) {
            t->st.stores++;
            t->stored(t->user, va, (unsigned)size);
        }
    } else {
        te->addr_code = TLB_EMPTY;      /* a fetch there fills again (and finds code) */
        if (te->addr_write != TLB_EMPTY && (te->addr_write & TLBF_ALL) == TLBF_NOTDIRTY)
            te->addr_write &= ~(uint64_t)TLBF_NOTDIRTY;
    }
    return true;
}

/* The class: the one word after the register file holding the engine's tlb_fill, with
 * its do_interrupt 7 words before, and whose start the CPUState's `cc` points to (in
 * 2.0.1.post1 it lies 13 KiB after X0, the CPU object's start 38 KiB before it). */
#define CLASS_SCAN (64 * 1024)

static void **find_fill_slot(prober *pr, const el2_ucfast *f, void *fill, void *intr)
{
    static uint64_t buf[(CPU_SCAN_MAX + CHUNK) / 8];
    uint8_t *base = (uint8_t *)f->x;
    size_t have = probe_span(pr, base, (uint8_t *)buf, CLASS_SCAN);
    void **slot = NULL;
    for (size_t i = 7; i < have / 8; i++)
        if (buf[i] == (uint64_t)(uintptr_t)fill && buf[i - 7] == (uint64_t)(uintptr_t)intr) {
            if (slot)
                return NULL;
            slot = (void **)(base + 8 * i);
        }
    if (!slot)
        return NULL;
    uint64_t cls = (uint64_t)(uintptr_t)(slot - 9);
    size_t span = (size_t)((uint8_t *)f->x - (uint8_t *)f->cpu);
    if ((uint8_t *)f->x < (uint8_t *)f->cpu || span > CPU_SCAN_MAX)
        return NULL;
    have = probe_span(pr, (uint8_t *)f->cpu, (uint8_t *)buf, span);
    int refs = 0;
    for (size_t i = 0; i < MIN(have, span) / 8; i++)
        refs += buf[i] == cls;
    return refs == 1 ? slot : NULL;
}

static bool tlb_fast_plausible(const uc_tlb_fast *f)
{
    for (int i = 0; i < TLB_MODES; i++) {
        uintptr_t n = (f[i].mask >> 5) + 1, tb = (uintptr_t)f[i].table;
        if ((f[i].mask & 31) != 0 || n < 64 || n > (1u << 22) || (n & (n - 1)) || !tb || (tb & 7) ||
            tb >> 47)
            return false;
    }
    return true;
}

/* The TLB's fast part: the one plausible {mask, table} x 12 array ending within 256
 * bytes before the CPU state (icount_decr and alignment lie between). */
static uc_tlb_fast *find_tlb_fast(prober *pr, const el2_ucfast *f)
{
    uint8_t *env = (uint8_t *)f->x - 64;
    uint8_t buf[TLB_MODES * 16 + 256];
    uint8_t *lo = env - sizeof buf;
    if (!probe_read(pr, lo, buf, sizeof buf))
        return NULL;
    uc_tlb_fast *hit = NULL;
    for (size_t end = sizeof buf; end >= TLB_MODES * 16 && end > sizeof buf - 256; end -= 16) {
        uc_tlb_fast cand[TLB_MODES];
        memcpy(cand, buf + end - TLB_MODES * 16, sizeof cand);
        if (((uintptr_t)(lo + end - TLB_MODES * 16) & 15) || !tlb_fast_plausible(cand))
            continue;
        if (hit)
            return NULL;
        hit = (uc_tlb_fast *)(lo + end - TLB_MODES * 16);
    }
    return hit;
}

el2_uctlb *ucfast_tlb_attach(uc_engine *uc, const el2_ucfast *f, uint64_t private_va, el2_code_store_fn stored,
                             void *user, const char **why)
{
    void *fill = dlsym(RTLD_DEFAULT, "arm_cpu_tlb_fill_aarch64");
    void *intr = dlsym(RTLD_DEFAULT, "arm_cpu_do_interrupt_aarch64");
    void *reset = dlsym(RTLD_DEFAULT, "tlb_reset_dirty_aarch64");
    void (*flush)(void *) = (void (*)(void *))dlsym(RTLD_DEFAULT, "tlb_flush_aarch64");
    if (!f->x || !f->cpu) {
        *why = "the engine's CPU object was not found";
        return NULL;
    }
    if (!fill || !intr || !reset || !flush) {
        *why = "the engine does not export its TLB functions";
        return NULL;
    }
    uint32_t page_size = 0;
    unsigned page_bits = 0;
    /* uc_ctl_get_page_size, spelled out: unicorn.h's UC_CTL_READ shifts the int 2 by 30
     * (undefined behaviour, which UBSan reports) */
    if (uc_ctl(uc, (uc_control_type)(UC_CTL_UC_PAGE_SIZE | 1u << 26 | 2u << 30), &page_size) != UC_ERR_OK || page_size < 1024 || page_size > 4096 ||
        (page_size & (page_size - 1))) {
        *why = "the engine's page size is not 1-4 KiB";
        return NULL;
    }
    while ((1u << page_bits) < page_size)
        page_bits++;
    int free_at = -1;
    for (int i = TLB_ATTACHED_MAX - 1; i >= 0; i--)
        if (!tlb_attached[i])
            free_at = i;
    if (free_at < 0) {
        *why = "too many engines";
        return NULL;
    }
    prober pr;
    if (pipe(pr.fd) != 0) {
        *why = "no pipe to probe memory with";
        return NULL;
    }
    void **slot = find_fill_slot(&pr, f, fill, intr);
    uc_tlb_fast *fast = slot ? find_tlb_fast(&pr, f) : NULL;
    close(pr.fd[0]);
    close(pr.fd[1]);
    if (!slot || !fast) {
        *why = !slot ? "the CPU's class was not found" : "the TLB was not found before the CPU state";
        return NULL;
    }
    el2_uctlb *t = g_new0(el2_uctlb, 1);
    t->cs = f->cpu;
    t->slot = slot;
    t->orig = (uc_tlb_fill_fn)fill;
    t->fast = fast;
    t->reset_dirty = (void (*)(void *, uintptr_t, uintptr_t))reset;
    t->code = g_hash_table_new(g_direct_hash, g_direct_equal);
    t->private_va = private_va & ~0xfffULL;
    t->page_bits = page_bits;
    t->page_mask = ~(((uint64_t)1 << page_bits) - 1);
    t->stored = stored;
    t->user = user;
    tlb_attached[free_at] = t;
    tlb_engine_fill = t->orig;
    *slot = (void *)tlb_fill_wrapped;
    flush(t->cs);                  /* entries filled before it go */
    return t;
}

void ucfast_tlb_detach(el2_uctlb *t)
{
    if (!t)
        return;
    *t->slot = (void *)t->orig;
    for (int i = 0; i < TLB_ATTACHED_MAX; i++)
        if (tlb_attached[i] == t)
            tlb_attached[i] = NULL;
    g_hash_table_destroy(t->code);
    g_free(t);
}

el2_uctlb_stats ucfast_tlb_stats(const el2_uctlb *t)
{
    return t->st;
}
