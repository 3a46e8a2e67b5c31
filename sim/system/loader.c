/* loader.c - ELF64 AArch64 executables, relocatable objects, raw images.
 *
 * The ELF reader is self-contained: every offset and size taken from the file
 * is checked against the file length (overflow-safe) before it is used, and
 * every failure becomes one GError line "PATH: what (where)".
 *
 * Placement rules (see loader.h):
 *  - ET_EXEC / ET_DYN (the latter only without dynamic relocations): each
 *    PT_LOAD with p_memsz > 0 becomes segment "PT_LOAD#n" (n counts PT_LOAD
 *    headers from 0) loaded at p_paddr; p_vaddr is where it runs (a kernel
 *    linked at virtual addresses: a linker script's AT()).  Symbols (st_value)
 *    and the entry (e_entry) are virtual addresses.  With --base everything
 *    (segments' load and link addresses, entry, symbols) moves by
 *    base - lowest p_paddr.
 *  - ET_REL: SHF_ALLOC sections are placed in section-header order from the
 *    base, each at its sh_addralign (at least 4 for SHF_EXECINSTR); empty ones
 *    get an address but no segment and do not move the cursor.  SHN_COMMON
 *    symbols follow in a segment "COMMON"; undefined symbols that an applied
 *    relocation needs and that neither --define nor earlier images provide get
 *    256-byte slots, in symbol-table order, in segment "scratch" at the next
 *    16-byte boundary.  Each non-empty placed section also gets a symbol named
 *    after it when no symbol of the object sits at its start.
 *  - SHN_ABS symbols never enter the symbol table (they are usually constants,
 *    not addresses); in an object they still resolve relocations.
 *  - raw: the file is one executable segment "raw" at load_addr.
 */
#include "loader.h"

#include <elf.h>
#include "elf32.h"
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK(el2-loader-error-quark, el2_loader_error)

#define MAX_FILE_SIZE (UINT64_C(1) << 30)
#define SCRATCH_SLOT 256u
#define EHDR_SIZE 64u
#define SHDR_SIZE 64u
#define PHDR_SIZE 56u
#define SYM_SIZE 24u
#define RELA_SIZE 24u

#define NAME_BUDGET (UINT64_C(256) << 20) /* total symbol/segment name bytes per image */
#define MAX_NAME 4096u                     /* longer symbol names are not added */
#define MAX_SEG_NAME 256u                  /* segment names are cut here */

#define X "0x%" PRIx64
#define NM "%.200s" /* names in messages are cut to keep them readable */

/* ------------------------------------------------------------------ */
/* Errors                                                              */

static bool fail_path(GError **err, const char *path, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static bool fail_path(GError **err, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char *msg = g_strdup_printf("%s: %s", path ? path : "(null)", what);
    /* Names come from the file: keep the message valid UTF-8 and on one line. */
    char *valid = g_utf8_make_valid(msg, -1);
    for (char *p = valid; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    if (err && !*err)
        g_set_error_literal(err, EL2_LOADER_ERROR, 0, valid);
    g_free(valid);
    g_free(msg);
    g_free(what);
    return false;
}

/* ------------------------------------------------------------------ */
/* Little-endian access                                                */

static inline uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static inline uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline uint64_t rd64(const uint8_t *p) { return (uint64_t)rd32(p) | ((uint64_t)rd32(p + 4) << 32); }
static inline void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static inline void wr32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static inline void wr64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* ------------------------------------------------------------------ */
/* Parsed file                                                         */

typedef struct {
    uint32_t name, type, link, info;
    uint64_t flags, addr, offset, size, addralign, entsize;
    const char *disp;  /* name for messages and segments: into the file or the arena */
    bool nul_known;    /* string tables: last_nul computed */
    uint64_t last_nul; /* string tables: 1 + offset of the last NUL, 0 if none */
} shdr_t;

typedef struct {
    const char *name; /* points into the file, NUL-terminated */
    uint8_t bind, type;
    uint32_t shndx;   /* section index (SHN_UNDEF for undefined); 0 when special */
    uint32_t special; /* SHN_ABS, SHN_COMMON or another reserved index; 0 if none */
    uint64_t value, size;
} sym_t;

typedef struct {
    const char *path;
    GError **err;
    const uint8_t *buf;
    uint64_t len;

    uint16_t type;
    uint64_t entry, phoff, shoff, phnum, shnum, shstrndx;
    uint16_t phentsize, shentsize;
    shdr_t *sh; /* shnum entries */
    char *unnamed; /* "[i]" names, 24 bytes per section */
    uint64_t name_bytes; /* bytes of names copied so far (bounded by NAME_BUDGET) */
    uint64_t copied;     /* bytes of file data copied into segments so far */

    uint64_t symidx; /* index of SHT_SYMTAB, 0 if none */
    uint64_t nsyms;
    const uint8_t *xindex; /* SHT_SYMTAB_SHNDX contents, or NULL */
    bool arm32;            /* a 32-bit Arm executable rewritten as ELF64 (elf32.c) */
} elf_t;

#define FAIL(e, ...) fail_path((e)->err, (e)->path, __VA_ARGS__)

static bool in_file(const elf_t *e, uint64_t off, uint64_t size)
{
    return off <= e->len && size <= e->len - off;
}

static bool is_pow2(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

static bool align_up(uint64_t v, uint64_t align, uint64_t *out)
{
    uint64_t t;
    if (__builtin_add_overflow(v, align - 1, &t))
        return false;
    *out = t & ~(align - 1);
    return true;
}

static void elf_free(elf_t *e)
{
    g_free(e->sh);
    e->sh = NULL;
    g_free(e->unnamed);
    e->unnamed = NULL;
}

/* File bytes copied into segments may not exceed twice the file (+1 MiB):
 * overlapping file ranges are legitimate only at page edges, and without a
 * bound a small file could name the same bytes millions of times. */
static bool charge_copy(elf_t *e, uint64_t n, const char *what)
{
    uint64_t limit = 2 * e->len + (UINT64_C(1) << 20);
    if (n > limit || e->copied > limit - n)
        return FAIL(e, "loadable contents exceed twice the file size at '" NM "'", what);
    e->copied += n;
    return true;
}

/* Counts copied name bytes against the per-image budget: a crafted file could
 * otherwise make many symbols share one huge name. */
static bool charge_name(elf_t *e, uint64_t n)
{
    e->name_bytes += n + 1;
    if (e->name_bytes > NAME_BUDGET)
        return FAIL(e, "symbol and section names total more than 256 MiB");
    return true;
}

static bool parse_header(elf_t *e)
{
    static const uint8_t magic[4] = {0x7f, 'E', 'L', 'F'};
    const uint8_t *b = e->buf;
    if (e->len == 0)
        return FAIL(e, "empty file");
    if (memcmp(b, magic, e->len < 4 ? e->len : 4) != 0)
        return FAIL(e, "not an ELF file (bad magic)");
    if (e->len < EI_NIDENT)
        return FAIL(e, "truncated ELF header (file size " X ", need 0x40)", e->len);
    if (b[EI_CLASS] != ELFCLASS64)
        return FAIL(e, "not a 64-bit ELF (EI_CLASS %u)", b[EI_CLASS]);
    if (b[EI_DATA] != ELFDATA2LSB)
        return FAIL(e, "not a little-endian ELF (EI_DATA %u)", b[EI_DATA]);
    if (b[EI_VERSION] != EV_CURRENT)
        return FAIL(e, "unsupported ELF version %u (EI_VERSION)", b[EI_VERSION]);
    if (e->len < EHDR_SIZE)
        return FAIL(e, "truncated ELF header (file size " X ", need 0x40)", e->len);
    uint16_t machine = rd16(b + 18);
    if (machine != EM_AARCH64 && !(e->arm32 && machine == EM_ARM))
        return FAIL(e, "not an AArch64 ELF (e_machine %u)", machine);
    e->type = rd16(b + 16);
    if (e->type != ET_REL && e->type != ET_EXEC && e->type != ET_DYN)
        return FAIL(e, "unsupported ELF type %u (e_type)", e->type);
    e->entry = rd64(b + 24);
    e->phoff = rd64(b + 32);
    e->shoff = rd64(b + 40);
    e->phentsize = rd16(b + 54);
    e->phnum = rd16(b + 56);
    e->shentsize = rd16(b + 58);
    e->shnum = rd16(b + 60);
    e->shstrndx = rd16(b + 62);
    return true;
}

/* String `off` of string table section `sec` (already validated: in range,
 * SHT_STRTAB, inside the file). */
static bool get_str(elf_t *e, uint64_t sec, uint64_t off, const char **out)
{
    const shdr_t *s = &e->sh[sec];
    if (off >= s->size)
        return FAIL(e, "string offset " X " is past the end of string table '" NM "' (size " X ")",
                    off, s->disp, s->size);
    if (!s->nul_known) {
        /* A string is terminated iff a NUL follows it somewhere in the table:
         * find the last one once, so each lookup is O(1). */
        shdr_t *w = &e->sh[sec];
        const uint8_t *t = e->buf + s->offset;
        uint64_t k = s->size;
        while (k > 0 && t[k - 1] != 0)
            k--;
        w->last_nul = k;
        w->nul_known = true;
    }
    if (off >= s->last_nul)
        return FAIL(e, "string at offset " X " in string table '" NM "' is not NUL-terminated",
                    off, s->disp);
    *out = (const char *)(e->buf + s->offset + off);
    return true;
}

static bool parse_sections(elf_t *e)
{
    if (e->shoff == 0) {
        e->shnum = 0;
        e->shstrndx = 0;
        return true;
    }
    if (e->shentsize != SHDR_SIZE)
        return FAIL(e, "unsupported section header size 0x%x (e_shentsize, expected 0x40)",
                    e->shentsize);
    if (!in_file(e, e->shoff, SHDR_SIZE))
        return FAIL(e, "section header table at " X " extends past end of file (size " X ")",
                    e->shoff, e->len);
    const uint8_t *sh0 = e->buf + e->shoff;
    if (e->shnum == 0)
        e->shnum = rd64(sh0 + 32); /* extended numbering: count in sh_size of [0] */
    if (e->shstrndx == SHN_XINDEX)
        e->shstrndx = rd32(sh0 + 40);
    if (e->shnum == 0)
        return true;
    uint64_t tsize;
    if (__builtin_mul_overflow(e->shnum, (uint64_t)SHDR_SIZE, &tsize) || !in_file(e, e->shoff, tsize))
        return FAIL(e, "section header table at " X " extends past end of file (size " X ")",
                    e->shoff, e->len);

    e->sh = g_new0(shdr_t, e->shnum);
    e->unnamed = g_malloc(e->shnum * 24);
    for (uint64_t i = 0; i < e->shnum; i++) {
        const uint8_t *p = sh0 + i * SHDR_SIZE;
        shdr_t *s = &e->sh[i];
        s->name = rd32(p);
        s->type = rd32(p + 4);
        s->flags = rd64(p + 8);
        s->addr = rd64(p + 16);
        s->offset = rd64(p + 24);
        s->size = rd64(p + 32);
        s->link = rd32(p + 40);
        s->info = rd32(p + 44);
        s->addralign = rd64(p + 48);
        s->entsize = rd64(p + 56);
        g_snprintf(e->unnamed + 24 * i, 24, "[%" PRIu64 "]", i);
        s->disp = e->unnamed + 24 * i;
    }

    /* The section name table first, so that later messages can name sections;
     * its own name first of all. */
    if (e->shstrndx != SHN_UNDEF) {
        if (e->shstrndx >= e->shnum)
            return FAIL(e, "section name table index %" PRIu64 " out of range (%" PRIu64 " sections)",
                        e->shstrndx, e->shnum);
        const shdr_t *s = &e->sh[e->shstrndx];
        if (s->type != SHT_STRTAB)
            return FAIL(e, "section name table [%" PRIu64 "] is not a string table (type %u)",
                        e->shstrndx, s->type);
        if (!in_file(e, s->offset, s->size))
            return FAIL(e, "section [%" PRIu64 "] (offset " X ", size " X ") extends past end of file (size " X ")",
                        e->shstrndx, s->offset, s->size, e->len);
        for (uint64_t k = 0; k < e->shnum; k++) {
            uint64_t i = k == 0 ? e->shstrndx : k;
            if (k == e->shstrndx)
                continue;
            const char *name;
            if (!get_str(e, e->shstrndx, e->sh[i].name, &name))
                return false;
            if (name[0])
                e->sh[i].disp = name;
        }
    }
    for (uint64_t i = 1; i < e->shnum; i++) {
        const shdr_t *s = &e->sh[i];
        if (s->type == SHT_NULL || s->type == SHT_NOBITS)
            continue;
        if (!in_file(e, s->offset, s->size))
            return FAIL(e, "section '" NM "' (offset " X ", size " X ") extends past end of file (size " X ")",
                        s->disp, s->offset, s->size, e->len);
    }
    return true;
}

static bool parse_symtab(elf_t *e)
{
    for (uint64_t i = 1; i < e->shnum; i++) {
        if (e->sh[i].type == SHT_SYMTAB) {
            e->symidx = i;
            break;
        }
    }
    if (!e->symidx)
        return true;
    const shdr_t *s = &e->sh[e->symidx];
    if (s->entsize != SYM_SIZE)
        return FAIL(e, "symbol table '" NM "' has bad sh_entsize " X " (expected 0x18)", s->disp, s->entsize);
    if (s->size % SYM_SIZE)
        return FAIL(e, "symbol table '" NM "' size " X " is not a multiple of 0x18", s->disp, s->size);
    e->nsyms = s->size / SYM_SIZE;
    if (s->link == 0 || s->link >= e->shnum || e->sh[s->link].type != SHT_STRTAB)
        return FAIL(e, "symbol table '" NM "' has bad sh_link %u (not a string table)", s->disp, s->link);
    if (s->info > e->nsyms)
        return FAIL(e, "symbol table '" NM "' has bad sh_info %u (%" PRIu64 " symbols)", s->disp, s->info,
                    e->nsyms);
    for (uint64_t i = 1; i < e->shnum; i++) {
        const shdr_t *x = &e->sh[i];
        if (x->type != SHT_SYMTAB_SHNDX || x->link != e->symidx)
            continue;
        if (x->size / 4 < e->nsyms)
            return FAIL(e, "extended section index table '" NM "' is too small (size " X ", %" PRIu64 " symbols)",
                        x->disp, x->size, e->nsyms);
        e->xindex = e->buf + x->offset;
        break;
    }
    return true;
}

static bool read_sym(elf_t *e, uint64_t i, sym_t *out)
{
    const shdr_t *s = &e->sh[e->symidx];
    const uint8_t *p = e->buf + s->offset + i * SYM_SIZE;
    if (!get_str(e, s->link, rd32(p), &out->name))
        return false;
    out->bind = p[4] >> 4;
    out->type = p[4] & 0xf;
    out->shndx = rd16(p + 6);
    out->special = 0;
    out->value = rd64(p + 8);
    out->size = rd64(p + 16);
    if (out->shndx == SHN_XINDEX) {
        if (!e->xindex)
            return FAIL(e, "symbol %" PRIu64 " '" NM "' uses SHN_XINDEX but there is no SHT_SYMTAB_SHNDX section",
                        i, out->name);
        out->shndx = rd32(e->xindex + 4 * i); /* a real index, even if >= SHN_LORESERVE */
    } else if (out->shndx >= SHN_LORESERVE) {
        out->special = out->shndx;
        out->shndx = 0;
    }
    return true;
}

/* Symbol kinds that become el2 symbols. */
static bool sym_wanted(const sym_t *s)
{
    if (!s->name[0] || s->name[0] == '$') /* mapping symbols ($x, $d) */
        return false;
    return s->type == STT_NOTYPE || s->type == STT_OBJECT || s->type == STT_FUNC ||
           s->type == STT_GNU_IFUNC || s->type == STT_COMMON;
}

/* A pending symbol for the caller's table (added only when the load succeeds). */
typedef struct {
    char *name;
    uint64_t addr, size;
    bool is_func, is_global;
} pend_sym;

static bool pend_add(elf_t *e, GArray *a, const char *name, uint64_t addr, uint64_t size, bool is_func,
                     bool is_global)
{
    size_t n = strnlen(name, MAX_NAME + 1);
    if (n > MAX_NAME)
        return true; /* absurdly long: not worth a table entry */
    if (!charge_name(e, n))
        return false;
    pend_sym p = {g_strndup(name, n), addr, size, is_func, is_global};
    g_array_append_val(a, p);
    return true;
}

static void pend_free(GArray *a)
{
    if (!a)
        return;
    for (guint i = 0; i < a->len; i++)
        g_free(g_array_index(a, pend_sym, i).name);
    g_array_free(a, TRUE);
}

/* ------------------------------------------------------------------ */
/* Image helpers                                                       */

static void add_segment(el2_image *img, const char *name, uint64_t addr, uint64_t memsz, uint64_t filesz,
                        uint8_t *data, bool exec)
{
    el2_segment seg = {0};
    seg.name = g_strdup(name);
    seg.addr = seg.vaddr = addr;
    seg.memsz = memsz;
    seg.filesz = filesz;
    seg.data = data ? data : g_malloc0(1); /* never NULL, even when filesz is 0 */
    seg.exec = exec;
    g_array_append_val(img->segments, seg);
}

static gint cmp_seg_ptr(gconstpointer a, gconstpointer b)
{
    const el2_segment *x = *(el2_segment *const *)a, *y = *(el2_segment *const *)b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    return 0;
}

static gint cmp_seg_vaddr(gconstpointer a, gconstpointer b)
{
    const el2_segment *x = *(el2_segment *const *)a, *y = *(el2_segment *const *)b;
    if (x->vaddr != y->vaddr)
        return x->vaddr < y->vaddr ? -1 : 1;
    return 0;
}

static uint64_t seg_at(const el2_segment *s, bool virt) { return virt ? s->vaddr : s->addr; }

/* Wrap and overlap checks of the segments' load addresses (virt: of their link
 * addresses); the load addresses' lowest and end go to *lo, *hi. */
static bool check_ranges(GError **err, const char *path, GArray *segs, bool virt, uint64_t *lo, uint64_t *hi)
{
    GPtrArray *order = g_ptr_array_sized_new(segs->len);
    for (guint i = 0; i < segs->len; i++) {
        el2_segment *s = &g_array_index(segs, el2_segment, i);
        uint64_t end;
        if (__builtin_add_overflow(seg_at(s, virt), s->memsz, &end)) {
            g_ptr_array_free(order, TRUE);
            return fail_path(err, path, "segment '" NM "' at " X " size " X " wraps past 2^64", s->name,
                             seg_at(s, virt), s->memsz);
        }
        g_ptr_array_add(order, s);
    }
    g_ptr_array_sort(order, virt ? cmp_seg_vaddr : cmp_seg_ptr);
    const el2_segment *first = g_ptr_array_index(order, 0);
    *lo = seg_at(first, virt);
    *hi = seg_at(first, virt) + first->memsz;
    for (guint i = 1; i < order->len; i++) {
        const el2_segment *p = g_ptr_array_index(order, i - 1);
        const el2_segment *s = g_ptr_array_index(order, i);
        uint64_t pa = seg_at(p, virt), sa = seg_at(s, virt);
        if (sa < pa + p->memsz) {
            bool r = fail_path(err, path, "segments '" NM "' (" X "-" X ") and '" NM "' (" X "-" X ") overlap",
                               p->name, pa, pa + p->memsz, s->name, sa, sa + s->memsz);
            g_ptr_array_free(order, TRUE);
            return r;
        }
        if (sa + s->memsz > *hi)
            *hi = sa + s->memsz;
    }
    g_ptr_array_free(order, TRUE);
    return true;
}

/* Wrap and overlap checks, where segments load and, when it differs, where they are
 * linked (a VA must name one byte); computes lo/hi. */
static bool finish_segments(GError **err, const char *path, el2_image *img, uint64_t empty_at)
{
    GArray *segs = img->segments;
    if (segs->len == 0) {
        img->lo = img->hi = empty_at;
        return true;
    }
    bool linked_elsewhere = false;
    for (guint i = 0; i < segs->len; i++)
        linked_elsewhere |= g_array_index(segs, el2_segment, i).vaddr != g_array_index(segs, el2_segment, i).addr;
    uint64_t vlo, vhi;
    if (linked_elsewhere && !check_ranges(err, path, segs, true, &vlo, &vhi))
        return false;
    return check_ranges(err, path, segs, false, &img->lo, &img->hi);
}

/* ------------------------------------------------------------------ */
/* Executables                                                         */

static bool check_dynamic(elf_t *e, uint64_t off, uint64_t filesz, uint64_t n)
{
    if (!in_file(e, off, filesz))
        return FAIL(e, "PT_DYNAMIC (program header %" PRIu64 ", offset " X ", size " X
                       ") extends past end of file (size " X ")", n, off, filesz, e->len);
    for (uint64_t k = 0; k + 16 <= filesz; k += 16) {
        uint64_t tag = rd64(e->buf + off + k), val = rd64(e->buf + off + k + 8);
        if (tag == DT_NULL)
            break;
        if ((tag == DT_RELASZ || tag == DT_RELSZ || tag == DT_RELRSZ || tag == DT_PLTRELSZ) && val != 0)
            return FAIL(e, "ET_DYN image with dynamic relocations is not supported (link it static, non-PIE)");
    }
    return true;
}

static bool load_exec(elf_t *e, const el2_load_opts *o, el2_image *img, GArray *pend)
{
    if (e->phnum == PN_XNUM && e->shnum > 0)
        e->phnum = rd32(e->buf + e->shoff + 44); /* extended count in sh_info of [0] */
    if (e->phoff == 0 || e->phnum == 0)
        return FAIL(e, "executable has no program headers");
    if (e->phentsize != PHDR_SIZE)
        return FAIL(e, "unsupported program header size 0x%x (e_phentsize, expected 0x38)", e->phentsize);
    uint64_t tsize;
    if (__builtin_mul_overflow(e->phnum, (uint64_t)PHDR_SIZE, &tsize) || !in_file(e, e->phoff, tsize))
        return FAIL(e, "program header table at " X " extends past end of file (size " X ")", e->phoff, e->len);

    uint64_t nload = 0, lowest = UINT64_MAX;
    bool any = false;
    for (uint64_t i = 0; i < e->phnum; i++) {
        const uint8_t *p = e->buf + e->phoff + i * PHDR_SIZE;
        uint32_t type = rd32(p), flags = rd32(p + 4);
        uint64_t off = rd64(p + 8), vaddr = rd64(p + 16), paddr = rd64(p + 24);
        uint64_t filesz = rd64(p + 32), memsz = rd64(p + 40);
        if (type == PT_DYNAMIC && e->type == ET_DYN) {
            if (!check_dynamic(e, off, filesz, i))
                return false;
            continue;
        }
        if (type != PT_LOAD)
            continue;
        uint64_t n = nload++;
        if (filesz > memsz)
            return FAIL(e, "PT_LOAD#%" PRIu64 " has p_filesz " X " larger than p_memsz " X, n, filesz, memsz);
        if (!in_file(e, off, filesz))
            return FAIL(e, "PT_LOAD#%" PRIu64 " (offset " X ", size " X ") extends past end of file (size " X ")",
                        n, off, filesz, e->len);
        if (memsz == 0)
            continue;
        char name[32];
        g_snprintf(name, sizeof name, "PT_LOAD#%" PRIu64, n);
        if (!charge_copy(e, filesz, name))
            return false;
        add_segment(img, name, paddr, memsz, filesz, filesz ? g_memdup2(e->buf + off, filesz) : NULL,
                    (flags & PF_X) != 0);
        g_array_index(img->segments, el2_segment, img->segments->len - 1).vaddr = vaddr;
        if (paddr < lowest)
            lowest = paddr;
        any = true;
    }
    if (!any)
        return FAIL(e, "executable has no loadable segments (no PT_LOAD with p_memsz > 0)");

    uint64_t delta = (o && o->has_base) ? o->base - lowest : 0; /* modular */
    for (guint i = 0; i < img->segments->len; i++) {
        g_array_index(img->segments, el2_segment, i).addr += delta;
        g_array_index(img->segments, el2_segment, i).vaddr += delta;
    }
    img->has_entry = true;
    img->entry = e->entry + delta;

    for (uint64_t i = 1; i < e->nsyms; i++) {
        sym_t s;
        if (!read_sym(e, i, &s))
            return false;
        if (s.shndx == SHN_UNDEF || s.special || !sym_wanted(&s))
            continue;
        if (s.shndx >= e->shnum)
            return FAIL(e, "symbol %" PRIu64 " '" NM "' has section index %u out of range (%" PRIu64 " sections)",
                        i, s.name, s.shndx, e->shnum);
        if (!(e->sh[s.shndx].flags & SHF_ALLOC))
            continue;
        if (!pend_add(e, pend, s.name, s.value + delta, s.size, s.type == STT_FUNC || s.type == STT_GNU_IFUNC,
                      s.bind != STB_LOCAL))
            return false;
    }
    return finish_segments(e->err, e->path, img, 0);
}

/* ------------------------------------------------------------------ */
/* Relocatable objects                                                 */

enum { SYM_RESOLVED, SYM_UNDEF, SYM_SCRATCH, SYM_NONALLOC };

typedef struct {
    elf_t *e;
    const el2_load_opts *o;
    const el2_symtab *syms;
    el2_image *img;
    uint64_t *saddr; /* per section: address, when placed */
    uint8_t **sdata; /* per section: bytes (PROGBITS), owned until moved to a segment */
    bool *placed;
    uint64_t *symval; /* per symbol */
    uint8_t *symstate;
    uint64_t common_lo, common_hi; /* SHN_COMMON symbols' area */
} rel_t;

static const char *reloc_name(uint32_t type)
{
    switch (type) {
    case R_AARCH64_NONE: return "R_AARCH64_NONE";
    case 256: return "R_AARCH64_NONE";
    case R_AARCH64_ABS64: return "R_AARCH64_ABS64";
    case R_AARCH64_ABS32: return "R_AARCH64_ABS32";
    case R_AARCH64_ABS16: return "R_AARCH64_ABS16";
    case R_AARCH64_PREL64: return "R_AARCH64_PREL64";
    case R_AARCH64_PREL32: return "R_AARCH64_PREL32";
    case R_AARCH64_PREL16: return "R_AARCH64_PREL16";
    case R_AARCH64_MOVW_UABS_G0: return "R_AARCH64_MOVW_UABS_G0";
    case R_AARCH64_MOVW_UABS_G0_NC: return "R_AARCH64_MOVW_UABS_G0_NC";
    case R_AARCH64_MOVW_UABS_G1: return "R_AARCH64_MOVW_UABS_G1";
    case R_AARCH64_MOVW_UABS_G1_NC: return "R_AARCH64_MOVW_UABS_G1_NC";
    case R_AARCH64_MOVW_UABS_G2: return "R_AARCH64_MOVW_UABS_G2";
    case R_AARCH64_MOVW_UABS_G2_NC: return "R_AARCH64_MOVW_UABS_G2_NC";
    case R_AARCH64_MOVW_UABS_G3: return "R_AARCH64_MOVW_UABS_G3";
    case R_AARCH64_ADR_PREL_LO21: return "R_AARCH64_ADR_PREL_LO21";
    case R_AARCH64_ADR_PREL_PG_HI21: return "R_AARCH64_ADR_PREL_PG_HI21";
    case R_AARCH64_ADR_PREL_PG_HI21_NC: return "R_AARCH64_ADR_PREL_PG_HI21_NC";
    case R_AARCH64_ADD_ABS_LO12_NC: return "R_AARCH64_ADD_ABS_LO12_NC";
    case R_AARCH64_LDST8_ABS_LO12_NC: return "R_AARCH64_LDST8_ABS_LO12_NC";
    case R_AARCH64_TSTBR14: return "R_AARCH64_TSTBR14";
    case R_AARCH64_CONDBR19: return "R_AARCH64_CONDBR19";
    case R_AARCH64_LD_PREL_LO19: return "R_AARCH64_LD_PREL_LO19";
    case R_AARCH64_JUMP26: return "R_AARCH64_JUMP26";
    case R_AARCH64_CALL26: return "R_AARCH64_CALL26";
    case R_AARCH64_LDST16_ABS_LO12_NC: return "R_AARCH64_LDST16_ABS_LO12_NC";
    case R_AARCH64_LDST32_ABS_LO12_NC: return "R_AARCH64_LDST32_ABS_LO12_NC";
    case R_AARCH64_LDST64_ABS_LO12_NC: return "R_AARCH64_LDST64_ABS_LO12_NC";
    case R_AARCH64_LDST128_ABS_LO12_NC: return "R_AARCH64_LDST128_ABS_LO12_NC";
    default: return NULL;
    }
}

/* Bytes a relocation writes: 0 for none, -1 for an unsupported type. */
static int reloc_width(uint32_t type)
{
    switch (type) {
    case R_AARCH64_NONE:
    case 256:
        return 0;
    case R_AARCH64_ABS64:
    case R_AARCH64_PREL64:
        return 8;
    case R_AARCH64_ABS16:
    case R_AARCH64_PREL16:
        return 2;
    default:
        return reloc_name(type) ? 4 : -1;
    }
}

/* Label of symbol i for messages. */
static void sym_label(rel_t *r, uint64_t i, const sym_t *s, char *buf, size_t n)
{
    if (s->type == STT_SECTION && !s->special && s->shndx < r->e->shnum && s->shndx != SHN_UNDEF)
        g_snprintf(buf, n, "%.200s", r->e->sh[s->shndx].disp);
    else if (s->name[0])
        g_snprintf(buf, n, "%.200s", s->name);
    else
        g_snprintf(buf, n, "symbol #%" PRIu64, i);
}

static bool rel_symbols(rel_t *r, uint64_t *cursor)
{
    elf_t *e = r->e;
    r->symval = g_new0(uint64_t, e->nsyms ? e->nsyms : 1);
    r->symstate = g_new0(uint8_t, e->nsyms ? e->nsyms : 1);
    uint64_t common_lo = 0;
    bool any_common = false;
    for (uint64_t i = 1; i < e->nsyms; i++) {
        sym_t s;
        if (!read_sym(e, i, &s))
            return false;
        if (s.special == SHN_ABS) {
            r->symval[i] = s.value;
        } else if (s.special == SHN_COMMON) {
            uint64_t align = s.value ? s.value : 1, addr, end;
            if (!is_pow2(align))
                return FAIL(e, "common symbol '" NM "' has bad alignment " X, s.name, s.value);
            if (!align_up(*cursor, align, &addr) || __builtin_add_overflow(addr, s.size, &end))
                return FAIL(e, "common symbol '" NM "' (size " X ") does not fit below 2^64", s.name, s.size);
            if (!any_common)
                common_lo = addr;
            any_common = true;
            r->symval[i] = addr;
            *cursor = end;
        } else if (s.special) {
            return FAIL(e, "symbol %" PRIu64 " '" NM "' has unsupported section index 0x%x", i, s.name, s.special);
        } else if (s.shndx == SHN_UNDEF) {
            r->symstate[i] = SYM_UNDEF;
        } else if (s.shndx >= e->shnum) {
            return FAIL(e, "symbol %" PRIu64 " '" NM "' has section index %u out of range (%" PRIu64 " sections)",
                        i, s.name, s.shndx, e->shnum);
        } else if (r->placed[s.shndx]) {
            r->symval[i] = r->saddr[s.shndx] + s.value;
        } else {
            r->symstate[i] = SYM_NONALLOC;
        }
    }
    if (any_common) {
        r->common_lo = common_lo;
        r->common_hi = *cursor;
    }
    return true;
}

/* Resolves an undefined symbol from --define, then earlier images; weak ones
 * fall back to 0, others are marked for a scratch slot. */
static void resolve_undef(rel_t *r, uint64_t i, const sym_t *s)
{
    uint64_t v;
    const uint64_t *d = (r->o && r->o->defines && s->name[0]) ? g_hash_table_lookup(r->o->defines, s->name) : NULL;
    if (d) {
        r->symval[i] = *d;
        r->symstate[i] = SYM_RESOLVED;
    } else if (s->name[0] && r->syms && symtab_lookup(r->syms, s->name, &v)) {
        r->symval[i] = v;
        r->symstate[i] = SYM_RESOLVED;
    } else if (s->bind == STB_WEAK) {
        r->symval[i] = 0;
        r->symstate[i] = SYM_RESOLVED;
    } else {
        r->symstate[i] = SYM_SCRATCH;
    }
}

static bool fits_signed(uint64_t x, int64_t lo, int64_t hi) /* lo <= x < hi */
{
    int64_t v = (int64_t)x;
    return v >= lo && v < hi;
}

static uint32_t put_field(uint32_t insn, uint64_t v, unsigned shift, unsigned bits)
{
    uint32_t mask = (uint32_t)(((UINT64_C(1) << bits) - 1) << shift);
    return (insn & ~mask) | ((uint32_t)(v << shift) & mask);
}

/* Computes and writes one relocation. Returns false only on overflow. */
static bool apply_reloc(uint32_t type, uint64_t S, uint64_t A, uint64_t P, uint8_t *place)
{
    uint64_t X_ = 0;
    uint32_t insn = 0;
    const int64_t K = 1024;
    switch (type) {
    case R_AARCH64_ABS64:
        wr64(place, S + A);
        return true;
    case R_AARCH64_PREL64:
        wr64(place, S + A - P);
        return true;
    case R_AARCH64_ABS32:
    case R_AARCH64_PREL32:
        X_ = type == R_AARCH64_ABS32 ? S + A : S + A - P;
        if (!fits_signed(X_, -(INT64_C(1) << 31), INT64_C(1) << 32))
            return false;
        wr32(place, (uint32_t)X_);
        return true;
    case R_AARCH64_ABS16:
    case R_AARCH64_PREL16:
        X_ = type == R_AARCH64_ABS16 ? S + A : S + A - P;
        if (!fits_signed(X_, -(INT64_C(1) << 15), INT64_C(1) << 16))
            return false;
        wr16(place, (uint16_t)X_);
        return true;
    default:
        break;
    }

    insn = rd32(place);
    X_ = S + A;
    switch (type) {
    case R_AARCH64_MOVW_UABS_G0:
        if (X_ >= (UINT64_C(1) << 16))
            return false;
        /* fall through */
    case R_AARCH64_MOVW_UABS_G0_NC:
        insn = put_field(insn, X_ & 0xffff, 5, 16);
        break;
    case R_AARCH64_MOVW_UABS_G1:
        if (X_ >= (UINT64_C(1) << 32))
            return false;
        /* fall through */
    case R_AARCH64_MOVW_UABS_G1_NC:
        insn = put_field(insn, (X_ >> 16) & 0xffff, 5, 16);
        break;
    case R_AARCH64_MOVW_UABS_G2:
        if (X_ >= (UINT64_C(1) << 48))
            return false;
        /* fall through */
    case R_AARCH64_MOVW_UABS_G2_NC:
        insn = put_field(insn, (X_ >> 32) & 0xffff, 5, 16);
        break;
    case R_AARCH64_MOVW_UABS_G3:
        insn = put_field(insn, X_ >> 48, 5, 16);
        break;
    case R_AARCH64_ADR_PREL_LO21:
        X_ = S + A - P;
        if (!fits_signed(X_, -K * K, K * K))
            return false;
        insn = put_field(insn, X_ & 3, 29, 2);
        insn = put_field(insn, (X_ >> 2) & 0x7ffff, 5, 19);
        break;
    case R_AARCH64_ADR_PREL_PG_HI21:
    case R_AARCH64_ADR_PREL_PG_HI21_NC:
        X_ = ((S + A) & ~UINT64_C(0xfff)) - (P & ~UINT64_C(0xfff));
        if (type == R_AARCH64_ADR_PREL_PG_HI21 && !fits_signed(X_, -(INT64_C(1) << 32), INT64_C(1) << 32))
            return false;
        X_ = (uint64_t)((int64_t)X_ >> 12);
        insn = put_field(insn, X_ & 3, 29, 2);
        insn = put_field(insn, (X_ >> 2) & 0x7ffff, 5, 19);
        break;
    case R_AARCH64_ADD_ABS_LO12_NC:
    case R_AARCH64_LDST8_ABS_LO12_NC:
        insn = put_field(insn, X_ & 0xfff, 10, 12);
        break;
    case R_AARCH64_LDST16_ABS_LO12_NC:
        insn = put_field(insn, (X_ & 0xfff) >> 1, 10, 12);
        break;
    case R_AARCH64_LDST32_ABS_LO12_NC:
        insn = put_field(insn, (X_ & 0xfff) >> 2, 10, 12);
        break;
    case R_AARCH64_LDST64_ABS_LO12_NC:
        insn = put_field(insn, (X_ & 0xfff) >> 3, 10, 12);
        break;
    case R_AARCH64_LDST128_ABS_LO12_NC:
        insn = put_field(insn, (X_ & 0xfff) >> 4, 10, 12);
        break;
    case R_AARCH64_TSTBR14:
        X_ = S + A - P;
        if (!fits_signed(X_, -(INT64_C(1) << 15), INT64_C(1) << 15))
            return false;
        insn = put_field(insn, (X_ >> 2) & 0x3fff, 5, 14);
        break;
    case R_AARCH64_CONDBR19:
    case R_AARCH64_LD_PREL_LO19: /* LDR (literal): same field and range */
        X_ = S + A - P;
        if (!fits_signed(X_, -(INT64_C(1) << 20), INT64_C(1) << 20))
            return false;
        insn = put_field(insn, (X_ >> 2) & 0x7ffff, 5, 19);
        break;
    case R_AARCH64_JUMP26:
    case R_AARCH64_CALL26:
        X_ = S + A - P;
        if (!fits_signed(X_, -(INT64_C(1) << 27), INT64_C(1) << 27))
            return false;
        insn = put_field(insn, (X_ >> 2) & 0x3ffffff, 0, 26);
        break;
    default:
        return true; /* R_AARCH64_NONE; unknown types were rejected earlier */
    }
    wr32(place, insn);
    return true;
}

/* Pass 1 (apply=false): validates every relocation section that targets an
 * allocated section and resolves the undefined symbols they use.
 * Pass 2 (apply=true): writes the values. */
static bool rel_relocs(rel_t *r, bool apply)
{
    elf_t *e = r->e;
    for (uint64_t ri = 1; ri < e->shnum; ri++) {
        const shdr_t *rs = &e->sh[ri];
        if (rs->type != SHT_RELA && rs->type != SHT_REL)
            continue;
        if (rs->info == 0 || rs->info >= e->shnum)
            return FAIL(e, "relocation section '" NM "' has bad sh_info %u (%" PRIu64 " sections)", rs->disp,
                        rs->info, e->shnum);
        const shdr_t *ts = &e->sh[rs->info];
        if (!(ts->flags & SHF_ALLOC) || !r->placed[rs->info])
            continue;
        if (rs->type == SHT_REL)
            return FAIL(e, "relocation section '" NM "' is SHT_REL (only SHT_RELA is supported)", rs->disp);
        if (!e->symidx || rs->link != e->symidx)
            return FAIL(e, "relocation section '" NM "' has bad sh_link %u (not the symbol table)", rs->disp,
                        rs->link);
        if (rs->entsize != RELA_SIZE)
            return FAIL(e, "relocation section '" NM "' has bad sh_entsize " X " (expected 0x18)", rs->disp,
                        rs->entsize);
        if (rs->size % RELA_SIZE)
            return FAIL(e, "relocation section '" NM "' size " X " is not a multiple of 0x18", rs->disp, rs->size);
        if (rs->size && ts->type == SHT_NOBITS)
            return FAIL(e, "relocation section '" NM "' applies to '" NM "', which has no contents (SHT_NOBITS)",
                        rs->disp, ts->disp);
        uint64_t n = rs->size / RELA_SIZE;
        for (uint64_t k = 0; k < n; k++) {
            const uint8_t *p = e->buf + rs->offset + k * RELA_SIZE;
            uint64_t off = rd64(p), info = rd64(p + 8), addend = rd64(p + 16);
            uint32_t type = (uint32_t)info;
            uint64_t si = info >> 32;
            if (!apply) {
                if (si != 0 && si >= e->nsyms)
                    return FAIL(e, "relocation at " NM "+" X " references symbol index %" PRIu64
                                   " out of range (%" PRIu64 " symbols)", ts->disp, off, si, e->nsyms);
                int w = reloc_width(type);
                if (w < 0)
                    return FAIL(e, "unsupported relocation type %u at " NM "+" X, type, ts->disp, off);
                if (off > ts->size || (uint64_t)w > ts->size - off)
                    return FAIL(e, "relocation at " NM "+" X " is outside section '" NM "' (size " X ")",
                                ts->disp, off, ts->disp, ts->size);
            }
            if (type == R_AARCH64_NONE || type == 256)
                continue;
            sym_t s = {.name = ""};
            if (si != 0 && !read_sym(e, si, &s))
                return false;
            uint8_t st = si ? r->symstate[si] : SYM_RESOLVED;
            if (!apply) {
                if (st == SYM_UNDEF)
                    resolve_undef(r, si, &s);
                continue;
            }
            char label[256];
            if (st == SYM_NONALLOC) {
                sym_label(r, si, &s, label, sizeof label);
                return FAIL(e, "relocation %s against '%s' at " NM "+" X " refers to non-allocated section '" NM "'",
                            reloc_name(type), label, ts->disp, off, e->sh[s.shndx].disp);
            }
            uint64_t S = si ? r->symval[si] : 0;
            if (!apply_reloc(type, S, addend, r->saddr[rs->info] + off, r->sdata[rs->info] + off)) {
                sym_label(r, si, &s, label, sizeof label);
                return FAIL(e, "relocation %s against '%s' out of range at " NM "+" X, reloc_name(type), label,
                            ts->disp, off);
            }
        }
    }
    return true;
}

static gint cmp_u64(gconstpointer a, gconstpointer b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static bool load_rel(elf_t *e, const el2_load_opts *o, el2_image *img, el2_symtab *syms, GArray *pend)
{
    rel_t r = {.e = e, .o = o, .syms = syms, .img = img};
    uint64_t n = e->shnum ? e->shnum : 1;
    r.saddr = g_new0(uint64_t, n);
    r.sdata = g_new0(uint8_t *, n);
    r.placed = g_new0(bool, n);
    bool ok = false;
    uint64_t base = o ? (o->has_base ? o->base : o->default_base) : 0;
    uint64_t cursor = base;
    GArray *addrs = NULL;

    /* Sections, in header order. */
    for (uint64_t i = 1; i < e->shnum; i++) {
        const shdr_t *s = &e->sh[i];
        if (!(s->flags & SHF_ALLOC) || s->type == SHT_NULL)
            continue;
        uint64_t align = s->addralign ? s->addralign : 1, addr, end;
        if (!is_pow2(align)) {
            FAIL(e, "section '" NM "' has bad alignment " X " (sh_addralign)", s->disp, s->addralign);
            goto out;
        }
        if ((s->flags & SHF_EXECINSTR) && align < 4)
            align = 4;
        if (!align_up(cursor, align, &addr) || __builtin_add_overflow(addr, s->size, &end)) {
            FAIL(e, "section '" NM "' (size " X ", alignment " X ") does not fit below 2^64 after " X, s->disp,
                 s->size, align, cursor);
            goto out;
        }
        r.saddr[i] = addr;
        r.placed[i] = true;
        if (s->size == 0)
            continue;
        cursor = end;
        if (s->type != SHT_NOBITS) {
            if (!charge_copy(e, s->size, s->disp))
                goto out;
            r.sdata[i] = g_memdup2(e->buf + s->offset, s->size);
        }
    }

    if (!rel_symbols(&r, &cursor) || !rel_relocs(&r, false))
        goto out;

    /* Scratch slots for what stayed undefined. */
    uint64_t nscratch = 0, scratch_at = 0;
    for (uint64_t i = 1; i < e->nsyms; i++)
        if (r.symstate[i] == SYM_SCRATCH)
            nscratch++;
    if (nscratch) {
        uint64_t size, end;
        if (!align_up(cursor, 16, &scratch_at) || __builtin_mul_overflow(nscratch, (uint64_t)SCRATCH_SLOT, &size) ||
            __builtin_add_overflow(scratch_at, size, &end)) {
            FAIL(e, "scratch space for %" PRIu64 " undefined symbols does not fit below 2^64 after " X, nscratch,
                 cursor);
            goto out;
        }
        uint64_t slot = 0;
        for (uint64_t i = 1; i < e->nsyms; i++) {
            if (r.symstate[i] != SYM_SCRATCH)
                continue;
            sym_t s;
            if (!read_sym(e, i, &s))
                goto out;
            if (!s.name[0]) {
                FAIL(e, "undefined symbol #%" PRIu64 " has no name", i);
                goto out;
            }
            r.symval[i] = scratch_at + slot * SCRATCH_SLOT;
            r.symstate[i] = SYM_RESOLVED;
            slot++;
            size_t nl = strnlen(s.name, MAX_NAME);
            if (!charge_name(e, nl) || !pend_add(e, pend, s.name, r.symval[i], SCRATCH_SLOT, false, true))
                goto out;
            g_ptr_array_add(img->undefined, g_strndup(s.name, nl));
        }
    }

    if (!rel_relocs(&r, true))
        goto out;

    /* Segments: sections in placement order, then COMMON, then scratch. */
    for (uint64_t i = 1; i < e->shnum; i++) {
        const shdr_t *s = &e->sh[i];
        if (!r.placed[i] || s->size == 0)
            continue;
        size_t nl = strnlen(s->disp, MAX_SEG_NAME);
        if (!charge_name(e, nl))
            goto out;
        char *name = g_strndup(s->disp, nl);
        add_segment(img, name, r.saddr[i], s->size, s->type == SHT_NOBITS ? 0 : s->size, r.sdata[i],
                    (s->flags & SHF_EXECINSTR) != 0);
        g_free(name);
        r.sdata[i] = NULL; /* owned by the segment now */
    }
    if (r.common_hi > r.common_lo)
        add_segment(img, "COMMON", r.common_lo, r.common_hi - r.common_lo, 0, NULL, false);
    if (nscratch)
        add_segment(img, "scratch", scratch_at, nscratch * SCRATCH_SLOT, 0, NULL, false);

    /* Symbols of the object. */
    for (uint64_t i = 1; i < e->nsyms; i++) {
        sym_t s;
        if (!read_sym(e, i, &s))
            goto out;
        /* SHN_ABS symbols are constants (.equ), not addresses: like the executable path,
         * keep them out of the address table (they still resolve relocations above) */
        if ((s.shndx == SHN_UNDEF && !s.special) || s.special == SHN_ABS || !sym_wanted(&s) ||
            r.symstate[i] != SYM_RESOLVED)
            continue;
        if (!pend_add(e, pend, s.name, r.symval[i], s.size, s.type == STT_FUNC || s.type == STT_GNU_IFUNC,
                      s.bind != STB_LOCAL))
            goto out;
        if (strcmp(s.name, "_start") == 0 && !img->has_entry) {
            img->has_entry = true;
            img->entry = r.symval[i];
        }
    }
    /* Section-start symbols where the object has none. */
    addrs = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    for (guint i = 0; i < pend->len; i++)
        g_array_append_val(addrs, g_array_index(pend, pend_sym, i).addr);
    g_array_sort(addrs, cmp_u64);
    for (uint64_t i = 1; i < e->shnum; i++) {
        const shdr_t *s = &e->sh[i];
        if (!r.placed[i] || s->size == 0 || s->disp[0] == '[')
            continue;
        uint64_t a = r.saddr[i];
        if (addrs->len && bsearch(&a, addrs->data, addrs->len, sizeof(uint64_t), cmp_u64))
            continue;
        if (!pend_add(e, pend, s->disp, a, 0, false, false))
            goto out;
    }

    ok = finish_segments(e->err, e->path, img, base);
out:
    if (addrs)
        g_array_free(addrs, TRUE);
    for (uint64_t i = 0; i < n; i++)
        g_free(r.sdata[i]);
    g_free(r.sdata);
    g_free(r.saddr);
    g_free(r.placed);
    g_free(r.symval);
    g_free(r.symstate);
    return ok;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */

static bool read_whole(const char *path, uint8_t **out, uint64_t *len, GError **err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);   /* a FIFO must not block the open */
    if (fd < 0)
        return fail_path(err, path, "cannot open: %s", g_strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return fail_path(err, path, "cannot stat: %s", g_strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return fail_path(err, path, "not a regular file");
    }
    if ((uint64_t)st.st_size > MAX_FILE_SIZE) {
        close(fd);
        return fail_path(err, path, "file too large (size " X ", limit 1 GiB)", (uint64_t)st.st_size);
    }
    uint64_t cap = (uint64_t)st.st_size;
    uint8_t *buf = g_malloc(cap ? cap : 1);
    uint64_t got = 0;
    while (got < cap) {
        ssize_t k = read(fd, buf + got, cap - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            int e = errno;
            close(fd);
            g_free(buf);
            return fail_path(err, path, "read error: %s", g_strerror(e));
        }
        if (k == 0)
            break;
        got += (uint64_t)k;
    }
    close(fd);
    *out = buf;
    *len = got;
    return true;
}

bool loader_load(const char *path, const el2_load_opts *o, el2_image *img, el2_symtab *syms, GError **err)
{
    g_return_val_if_fail(img != NULL, false);
    memset(img, 0, sizeof *img);
    img->path = g_strdup(path ? path : "");
    img->segments = g_array_new(FALSE, TRUE, sizeof(el2_segment));
    img->undefined = g_ptr_array_new_with_free_func(g_free);
    if (!path) {
        fail_path(err, "(null)", "no file name");
        loader_image_clear(img);
        return false;
    }

    uint8_t *buf = NULL;
    uint64_t len = 0;
    if (!read_whole(path, &buf, &len, err)) {
        loader_image_clear(img);
        return false;
    }
    char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, buf, (gsize)len);
    g_strlcpy(img->sha256, sum, sizeof img->sha256);
    g_free(sum);

    bool ok = false;
    GArray *pend = g_array_new(FALSE, FALSE, sizeof(pend_sym));
    elf_t e = {.path = path, .err = err, .buf = buf, .len = len};
    uint8_t *buf64 = NULL;
    char *why32 = NULL;
    if (!(o && o->raw) && elf32_is_arm(buf, len)) {
        uint64_t len64 = 0;
        if (!elf32_to_elf64(buf, len, &buf64, &len64, &why32)) {
            fail_path(err, path, "%s", why32);
            g_free(why32);
            pend_free(pend);
            g_free(buf);
            loader_image_clear(img);
            return false;
        }
        e.buf = buf64;
        e.len = len64;
        e.arm32 = true;
        img->aarch32 = true;
    }

    if (o && o->raw) {
        img->kind = IMG_RAW;
        if (len == 0) {
            fail_path(err, path, "empty file");
        } else {
            add_segment(img, "raw", o->load_addr, len, len, g_memdup2(buf, len), true);
            img->has_entry = true;
            img->entry = o->load_addr;
            ok = finish_segments(err, path, img, o->load_addr);
        }
    } else if (parse_header(&e) && parse_sections(&e) && parse_symtab(&e)) {
        if (e.type == ET_REL) {
            img->kind = IMG_REL;
            ok = load_rel(&e, o, img, syms, pend);
        } else {
            img->kind = IMG_EXEC;
            ok = load_exec(&e, o, img, pend);
        }
    }

    if (ok && syms) {
        for (guint i = 0; i < pend->len; i++) {
            const pend_sym *p = &g_array_index(pend, pend_sym, i);
            symtab_add(syms, p->name, p->addr, p->size, p->is_func, p->is_global);
        }
    }
    pend_free(pend);
    elf_free(&e);
    g_free(buf);
    g_free(buf64);
    if (!ok)
        loader_image_clear(img);
    return ok;
}

void loader_image_clear(el2_image *img)
{
    if (!img)
        return;
    if (img->segments) {
        for (guint i = 0; i < img->segments->len; i++) {
            el2_segment *s = &g_array_index(img->segments, el2_segment, i);
            g_free(s->name);
            g_free(s->data);
        }
        g_array_free(img->segments, TRUE);
    }
    if (img->undefined)
        g_ptr_array_free(img->undefined, TRUE);
    g_free(img->path);
    memset(img, 0, sizeof *img);
}

bool loader_load_address(const el2_image *img, uint64_t va, uint64_t *pa)
{
    for (guint i = 0; img->segments && i < img->segments->len; i++) {
        const el2_segment *s = &g_array_index(img->segments, el2_segment, i);
        if (va - s->vaddr < s->memsz) {
            *pa = s->addr + (va - s->vaddr);
            return true;
        }
    }
    return false;
}
