/* test_loader.c - ELF loader and symbol table tests.
 *
 * Inputs (built by tests/loader/meson.build, paths passed in the environment):
 *   LOADER_RELOCS_O   relocs.o   every supported relocation
 *   LOADER_RELOCS_ELF relocs.elf the same object linked by the system linker
 *                                 where the loader places it (relocs.ld)
 *   LOADER_RANGES_O   ranges.o   one relocation per section, for overflow limits
 *   LOADER_MISC_O     misc.o     common symbols, SHN_ABS, relocations in a
 *                                 section that is not loaded
 *   LOADER_EXEC_ELF   exec.elf   a two-segment executable (exec.ld)
 *   LOADER_VMA_ELF    vma.elf    linked at virtual addresses, loaded at physical
 *                                 ones (vma.ld: AT(), p_vaddr != p_paddr)
 *   EL2SIM            el2sim, to run vma.elf
 */
#include <criterion/criterion.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <elf.h>
#include <glib.h>

#include "loader.h"
#include "symbols.h"

/* ------------------------------------------------------------------ */
/* helpers                                                             */

static const char *input(const char *var)
{
    const char *p = getenv(var);
    cr_assert(p && *p, "environment variable %s (test input path) is not set", var);
    return p;
}

static uint8_t *slurp(const char *path, size_t *len)
{
    gchar *data = NULL;
    gsize n = 0;
    GError *err = NULL;
    cr_assert(g_file_get_contents(path, &data, &n, &err), "reading %s: %s", path, err ? err->message : "?");
    *len = n;
    return (uint8_t *)data;
}

static char *write_tmp(const void *data, size_t len)
{
    char *path = g_build_filename(g_get_tmp_dir(), "el2-loader-XXXXXX", NULL);
    int fd = g_mkstemp(path);
    cr_assert(fd >= 0, "mkstemp: %s", g_strerror(errno));
    const uint8_t *p = data;
    size_t done = 0;
    while (done < len) {
        ssize_t k = write(fd, p + done, len - done);
        cr_assert(k > 0, "write: %s", g_strerror(errno));
        done += (size_t)k;
    }
    close(fd);
    return path;
}

static void drop_tmp(char *path)
{
    unlink(path);
    g_free(path);
}

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16; }
static uint64_t get64(const uint8_t *p) { return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32; }
static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Minimal section lookup in a (valid) test object. */
static uint8_t *shdr(uint8_t *elf, unsigned idx) { return elf + get64(elf + 40) + 64u * idx; }

static unsigned find_section(uint8_t *elf, const char *name)
{
    unsigned shnum = get16(elf + 60), shstrndx = get16(elf + 62);
    const char *names = (const char *)elf + get64(shdr(elf, shstrndx) + 24);
    for (unsigned i = 1; i < shnum; i++)
        if (strcmp(names + get32(shdr(elf, i)), name) == 0)
            return i;
    cr_assert_fail("no section %s in test object", name);
    return 0;
}

static uint8_t *section_data(uint8_t *elf, const char *name)
{
    return elf + get64(shdr(elf, find_section(elf, name)) + 24);
}

/* Loads `path`, expecting failure with exactly "PATH: what". */
static void expect_fail(const char *path, const el2_load_opts *o, const char *what)
{
    el2_image img;
    memset(&img, 0xa5, sizeof img);
    el2_symtab *st = symtab_new();
    GError *err = NULL;
    bool ok = loader_load(path, o, &img, st, &err);
    cr_assert(!ok, "loading %s succeeded, expected: %s", path, what);
    cr_assert(err != NULL);
    cr_assert_eq(err->domain, EL2_LOADER_ERROR);
    char *want = g_strdup_printf("%s: %s", path, what);
    cr_assert_str_eq(err->message, want);
    cr_assert(strchr(err->message, '\n') == NULL);
    cr_assert_null(img.segments, "a failed load leaves a cleared image");
    cr_assert_eq(symtab_count(st), 0, "a failed load adds no symbols");
    g_free(want);
    g_error_free(err);
    symtab_free(st);
}

static void expect_fail_bytes(const void *data, size_t len, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void expect_fail_bytes(const void *data, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char *path = write_tmp(data, len);
    el2_load_opts o = {.default_base = 0x40000000};
    expect_fail(path, &o, what);
    drop_tmp(path);
    g_free(what);
}

static void load_ok(const char *path, const el2_load_opts *o, el2_image *img, el2_symtab *st)
{
    GError *err = NULL;
    bool ok = loader_load(path, o, img, st, &err);
    cr_assert(ok, "loading %s: %s", path, err ? err->message : "(no error)");
    cr_assert_null(err);
}

static const el2_segment *seg(const el2_image *img, guint i)
{
    cr_assert(i < img->segments->len, "segment %u missing (image has %u)", i, img->segments->len);
    return &g_array_index(img->segments, el2_segment, i);
}

static void check_seg(const el2_image *img, guint i, const char *name, uint64_t addr, uint64_t memsz,
                      uint64_t filesz, bool exec)
{
    const el2_segment *s = seg(img, i);
    cr_assert_str_eq(s->name, name, "segment %u", i);
    cr_assert_eq(s->addr, addr, "segment %s addr 0x%" PRIx64 " != 0x%" PRIx64, name, s->addr, addr);
    cr_assert_eq(s->memsz, memsz, "segment %s memsz 0x%" PRIx64 " != 0x%" PRIx64, name, s->memsz, memsz);
    cr_assert_eq(s->filesz, filesz, "segment %s filesz 0x%" PRIx64 " != 0x%" PRIx64, name, s->filesz, filesz);
    cr_assert_eq(s->exec, exec, "segment %s exec", name);
    cr_assert_not_null(s->data);
}

/* Byte of an image at addr (zero fill beyond filesz); false if unmapped. */
static bool img_byte(const el2_image *img, uint64_t addr, uint8_t *out)
{
    for (guint i = 0; i < img->segments->len; i++) {
        const el2_segment *s = &g_array_index(img->segments, el2_segment, i);
        if (addr >= s->addr && addr - s->addr < s->memsz) {
            uint64_t o = addr - s->addr;
            *out = o < s->filesz ? s->data[o] : 0;
            return true;
        }
    }
    return false;
}

static uint32_t img_word(const el2_image *img, uint64_t addr)
{
    uint8_t b[4];
    for (int i = 0; i < 4; i++)
        cr_assert(img_byte(img, addr + i, &b[i]), "0x%" PRIx64 " not mapped", addr + i);
    return get32(b);
}

static GHashTable *defines_new(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

static void define(GHashTable *d, const char *name, uint64_t v)
{
    uint64_t *p = g_new(uint64_t, 1);
    *p = v;
    g_hash_table_insert(d, g_strdup(name), p);
}

static int64_t sext(uint64_t v, unsigned bits)
{
    uint64_t m = UINT64_C(1) << (bits - 1);
    v &= (UINT64_C(1) << bits) - 1;
    return (int64_t)((v ^ m) - m);
}

static char *sha256_of_file(const char *path)
{
    size_t len;
    uint8_t *b = slurp(path, &len);
    char *s = g_compute_checksum_for_data(G_CHECKSUM_SHA256, b, len);
    g_free(b);
    return s;
}

/* ------------------------------------------------------------------ */
/* relocatable object vs the system linker                             */

#define RBASE UINT64_C(0x40080000)

static GHashTable *relocs_defines(void)
{
    GHashTable *d = defines_new();
    define(d, "defined_func", 0x40100000); /* same as --defsym in meson.build */
    define(d, "small_val", 0x1234);
    return d;
}

Test(loader_rel, layout)
{
    GHashTable *d = relocs_defines();
    el2_load_opts o = {.has_base = true, .base = RBASE, .defines = d, .default_base = 0x1000};
    el2_image img;
    el2_symtab *st = symtab_new();
    const char *path = input("LOADER_RELOCS_O");
    load_ok(path, &o, &img, st);

    cr_assert_eq(img.kind, IMG_REL);
    cr_assert_str_eq(img.path, path);
    cr_assert_eq(img.segments->len, 7);
    check_seg(&img, 0, ".text", 0x40080000, 0x9c, 0x9c, true);
    check_seg(&img, 1, ".data", 0x400800a0, 0x80, 0x80, false);
    check_seg(&img, 2, ".bss", 0x40080120, 0x48, 0, false);
    check_seg(&img, 3, ".hyp.text", 0x40080800, 0x9c, 0x9c, true);
    check_seg(&img, 4, ".rodata", 0x400808a0, 0x1c, 0x1c, false);
    check_seg(&img, 5, ".idmap.text", 0x400808bc, 0x10, 0x10, true);
    check_seg(&img, 6, "scratch", 0x400808d0, 0x200, 0, false);
    cr_assert(img.has_entry);
    cr_assert_eq(img.entry, 0x40080000);
    cr_assert_eq(img.lo, 0x40080000);
    cr_assert_eq(img.hi, 0x40080ad0);

    cr_assert_eq(img.undefined->len, 2);
    cr_assert_str_eq(g_ptr_array_index(img.undefined, 0), "undef_func");
    cr_assert_str_eq(g_ptr_array_index(img.undefined, 1), "undef_data");

    char *sum = sha256_of_file(path);
    cr_assert_str_eq(img.sha256, sum);
    g_free(sum);

    uint64_t a;
    cr_assert(symtab_lookup(st, "undef_func", &a));
    cr_assert_eq(a, 0x400808d0);
    cr_assert(symtab_lookup(st, "undef_data", &a));
    cr_assert_eq(a, 0x400809d0);
    cr_assert(symtab_lookup(st, "hyp_func", &a));
    cr_assert_eq(a, 0x40080890);
    cr_assert(!symtab_lookup(st, "$x", &a));
    cr_assert(!symtab_lookup(st, "weak_undef", &a));
    cr_assert(!symtab_lookup(st, "defined_func", &a), "defines are the caller's symbols");
    char buf[64];
    cr_assert_str_eq(symtab_format(st, 0x40080894, buf, sizeof buf), "hyp_func+0x4");
    cr_assert_str_eq(symtab_format(st, 0x40080884, buf, sizeof buf), "hyp_local+0x4");
    cr_assert_str_eq(symtab_format(st, 0x40080010, buf, sizeof buf), "_start+0x10");

    loader_image_clear(&img);
    cr_assert_null(img.segments);
    loader_image_clear(&img); /* idempotent */
    symtab_free(st);
    g_hash_table_destroy(d);
}

Test(loader_rel, matches_system_linker)
{
    GHashTable *d = relocs_defines();
    el2_load_opts o = {.has_base = true, .base = RBASE, .defines = d};
    el2_load_opts eo = {0};
    el2_image rel, exe;
    el2_symtab *rs = symtab_new(), *es = symtab_new();
    load_ok(input("LOADER_RELOCS_O"), &o, &rel, rs);
    load_ok(input("LOADER_RELOCS_ELF"), &eo, &exe, es);
    cr_assert_eq(exe.kind, IMG_EXEC);

    /* Every placed section, byte for byte, against the linked image. */
    size_t compared = 0;
    for (guint i = 0; i < rel.segments->len; i++) {
        const el2_segment *s = seg(&rel, i);
        if (strcmp(s->name, "scratch") == 0)
            continue;
        for (uint64_t k = 0; k < s->memsz; k++) {
            uint8_t want, got = k < s->filesz ? s->data[k] : 0;
            cr_assert(img_byte(&exe, s->addr + k, &want), "%s+0x%" PRIx64 " not in the linked image", s->name, k);
            cr_assert_eq(got, want, "%s+0x%" PRIx64 " (0x%" PRIx64 "): loader 0x%02x, ld 0x%02x", s->name, k,
                         s->addr + k, got, want);
            compared++;
        }
    }
    cr_assert_eq(compared, 0x9c + 0x80 + 0x48 + 0x9c + 0x1c + 0x10);

    /* Every symbol the linked image has, at the same address. */
    size_t n = symtab_count(es);
    cr_assert_eq(n, 16);
    for (size_t i = 0; i < n; i++) {
        const el2_symbol *e = symtab_at(es, i);
        uint64_t a = 0;
        cr_assert(symtab_lookup(rs, e->name, &a), "symbol %s missing from the loaded object", e->name);
        uint64_t ea = 0;
        symtab_lookup(es, e->name, &ea);
        cr_assert_eq(a, ea, "symbol %s: loader 0x%" PRIx64 ", ld 0x%" PRIx64, e->name, a, ea);
    }
    cr_assert_eq(rel.entry, exe.entry);

    loader_image_clear(&rel);
    loader_image_clear(&exe);
    symtab_free(rs);
    symtab_free(es);
    g_hash_table_destroy(d);
}

Test(loader_rel, default_base_and_earlier_symbols)
{
    GHashTable *d = relocs_defines();
    g_hash_table_remove(d, "defined_func");
    el2_load_opts o = {.defines = d, .default_base = 0x50000000};
    el2_image img;
    el2_symtab *st = symtab_new();
    /* symbols of an image loaded earlier satisfy undefined references */
    symtab_add(st, "undef_func", 0x50100000, 0, true, true);
    symtab_add(st, "defined_func", 0x50200000, 0, true, true);
    load_ok(input("LOADER_RELOCS_O"), &o, &img, st);

    check_seg(&img, 0, ".text", 0x50000000, 0x9c, 0x9c, true);
    check_seg(&img, 3, ".hyp.text", 0x50000800, 0x9c, 0x9c, true);
    cr_assert_eq(img.undefined->len, 1);
    cr_assert_str_eq(g_ptr_array_index(img.undefined, 0), "undef_data");
    check_seg(&img, 6, "scratch", 0x500008d0, 0x100, 0, false);

    /* bl undef_func at .text+0x80, bl defined_func at .text+0x84 */
    uint32_t bl1 = img_word(&img, 0x50000080), bl2 = img_word(&img, 0x50000084);
    cr_assert_eq(bl1 >> 26, 0x25);
    cr_assert_eq(0x50000080 + sext(bl1, 26) * 4, 0x50100000);
    cr_assert_eq(0x50000084 + sext(bl2, 26) * 4, 0x50200000);
    uint64_t a;
    cr_assert(symtab_lookup(st, "undef_data", &a));
    cr_assert_eq(a, 0x500008d0);
    loader_image_clear(&img);
    symtab_free(st);
    g_hash_table_destroy(d);
}

Test(loader_rel, none_256_is_ignored)
{
    size_t len;
    uint8_t *b = slurp(input("LOADER_RELOCS_O"), &len);
    uint8_t *sh = shdr(b, find_section(b, ".rela.data"));
    uint8_t *r = b + get64(sh + 24);
    uint64_t n = get64(sh + 32) / 24;
    bool patched = false;
    for (uint64_t i = 0; i < n; i++) {
        uint8_t *e = r + 24 * i;
        if ((uint32_t)get64(e + 8) == 0) {
            put64(e + 8, (get64(e + 8) & ~UINT64_C(0xffffffff)) | 256);
            patched = true;
        }
    }
    cr_assert(patched);
    char *path = write_tmp(b, len);
    GHashTable *d = relocs_defines();
    el2_load_opts o = {.has_base = true, .base = RBASE, .defines = d};
    el2_image img;
    load_ok(path, &o, &img, NULL);
    cr_assert_eq(img.segments->len, 7);
    loader_image_clear(&img);
    g_hash_table_destroy(d);
    drop_tmp(path);
    g_free(b);
}

Test(loader_rel, common_abs_and_unloaded_sections)
{
    el2_load_opts o = {.has_base = true, .base = 0x10000000};
    el2_image img;
    el2_symtab *st = symtab_new();
    load_ok(input("LOADER_MISC_O"), &o, &img, st);
    cr_assert_eq(img.segments->len, 3);
    check_seg(&img, 0, ".text", 0x10000000, 0xc, 0xc, true);
    check_seg(&img, 1, ".data", 0x1000000c, 0x18, 0x18, false);
    check_seg(&img, 2, "COMMON", 0x10000030, 0x44, 0, false);
    cr_assert_eq(img.undefined->len, 0, "only_in_debug is used only by an unloaded section");
    cr_assert(!img.has_entry);
    cr_assert_eq(img.lo, 0x10000000);
    cr_assert_eq(img.hi, 0x10000074);
    const uint8_t *d = seg(&img, 1)->data;
    cr_assert_eq(get64(d), 0x10000030, "common_buf, 16-aligned after .data");
    cr_assert_eq(get64(d + 8), 0x5004, "SHN_ABS symbol + addend");
    cr_assert_eq(get64(d + 16), 0x10000070, "common_small");
    cr_assert_eq(img_word(&img, 0x10000000), 0x90000000, "adrp x0, same page");
    cr_assert_eq(img_word(&img, 0x10000004), 0x9100c000, "add x0, x0, #0x30");
    uint64_t a;
    cr_assert(!symtab_lookup(st, "abs_sym", &a), "SHN_ABS symbols are constants, not addresses");
    cr_assert(symtab_lookup(st, "common_small", &a));
    cr_assert_eq(a, 0x10000070);
    cr_assert(symtab_lookup(st, ".data", &a), "section-start symbol where the object has none");
    cr_assert_eq(a, 0x1000000c);
    cr_assert(!symtab_lookup(st, ".text", &a), "entry_fn already marks .text");
    cr_assert(!symtab_lookup(st, "only_in_debug", &a));
    char buf[64];
    cr_assert_str_eq(symtab_format(st, 0x10000044, buf, sizeof buf), "common_buf+0x14");
    cr_assert_str_eq(symtab_format(st, 0x10000010, buf, sizeof buf), ".data+0x4");
    cr_assert_eq(symtab_count(st), 4);
    loader_image_clear(&img);
    symtab_free(st);
}

Test(loader_rel, reloc_against_unloaded_section)
{
    /* point .rela.data's first entry at the .debug_misc section symbol */
    size_t len;
    uint8_t *b = slurp(input("LOADER_MISC_O"), &len);
    uint8_t *r = b + get64(shdr(b, find_section(b, ".rela.data")) + 24);
    put64(r + 8, (UINT64_C(5) << 32) | 257);
    el2_load_opts o = {.default_base = 0x10000000};
    char *path = write_tmp(b, len);
    expect_fail(path, &o, "relocation R_AARCH64_ABS64 against '.debug_misc' at .data+0x0 refers to non-allocated "
                          "section '.debug_misc'");
    drop_tmp(path);
    g_free(b);
}

/* ------------------------------------------------------------------ */
/* overflow limits (ranges.o)                                          */

#define QBASE UINT64_C(0x40000000)

enum kind { B26, B19, B14, ADR, ADRP, G0, G1, G2, D32, D16, P32, P16, /* checked */
            G3, G2NC, G1NC, G0NC, ADRPNC, LO12, LO12S1, LO12S2, LO12S3, LO12S4, D64, P64 };

typedef struct {
    const char *sym, *sec, *rname;
    enum kind kind;
    uint64_t off; /* section address - QBASE */
} range_row;

static const range_row range_rows[] = {
    {"s_call26", ".r.call26", "R_AARCH64_CALL26", B26, 0x00},
    {"s_jump26", ".r.jump26", "R_AARCH64_JUMP26", B26, 0x04},
    {"s_condbr19", ".r.condbr19", "R_AARCH64_CONDBR19", B19, 0x08},
    {"s_tstbr14", ".r.tstbr14", "R_AARCH64_TSTBR14", B14, 0x0c},
    {"s_adr", ".r.adr", "R_AARCH64_ADR_PREL_LO21", ADR, 0x10},
    {"s_adrp", ".r.adrp", "R_AARCH64_ADR_PREL_PG_HI21", ADRP, 0x14},
    {"s_g0", ".r.g0", "R_AARCH64_MOVW_UABS_G0", G0, 0x18},
    {"s_g1", ".r.g1", "R_AARCH64_MOVW_UABS_G1", G1, 0x1c},
    {"s_g2", ".r.g2", "R_AARCH64_MOVW_UABS_G2", G2, 0x20},
    {"s_abs32", ".r.abs32", "R_AARCH64_ABS32", D32, 0x24},
    {"s_abs16", ".r.abs16", "R_AARCH64_ABS16", D16, 0x28},
    {"s_prel32", ".r.prel32", "R_AARCH64_PREL32", P32, 0x2c},
    {"s_prel16", ".r.prel16", "R_AARCH64_PREL16", P16, 0x30},
    {"s_ldprel19", ".r.ldprel19", "R_AARCH64_LD_PREL_LO19", B19, 0x34},
    {"s_g3", ".r.g3", "R_AARCH64_MOVW_UABS_G3", G3, 0x38},
    {"s_g2nc", ".r.g2nc", "R_AARCH64_MOVW_UABS_G2_NC", G2NC, 0x3c},
    {"s_g1nc", ".r.g1nc", "R_AARCH64_MOVW_UABS_G1_NC", G1NC, 0x40},
    {"s_g0nc", ".r.g0nc", "R_AARCH64_MOVW_UABS_G0_NC", G0NC, 0x44},
    {"s_adrpnc", ".r.adrpnc", "R_AARCH64_ADR_PREL_PG_HI21_NC", ADRPNC, 0x48},
    {"s_add", ".r.add", "R_AARCH64_ADD_ABS_LO12_NC", LO12, 0x4c},
    {"s_ldst8", ".r.ldst8", "R_AARCH64_LDST8_ABS_LO12_NC", LO12, 0x50},
    {"s_ldst16", ".r.ldst16", "R_AARCH64_LDST16_ABS_LO12_NC", LO12S1, 0x54},
    {"s_ldst32", ".r.ldst32", "R_AARCH64_LDST32_ABS_LO12_NC", LO12S2, 0x58},
    {"s_ldst64", ".r.ldst64", "R_AARCH64_LDST64_ABS_LO12_NC", LO12S3, 0x5c},
    {"s_ldst128", ".r.ldst128", "R_AARCH64_LDST128_ABS_LO12_NC", LO12S4, 0x60},
    {"s_abs64", ".r.abs64", "R_AARCH64_ABS64", D64, 0x64},
    {"s_prel64", ".r.prel64", "R_AARCH64_PREL64", P64, 0x6c},
};
#define NROWS (sizeof range_rows / sizeof range_rows[0])
#define RANGES_END 0x74

static bool is_checked(enum kind k) { return k <= P16; }
static bool is_abs(enum kind k) { return (k >= G0 && k <= D16) || (k >= G3 && k <= G0NC) || (k >= LO12 && k <= D64); }

/* v[0..2] must fit (for checked forms: the largest, the smallest, a bit
 * pattern); v[3], v[4] must not (checked forms only). */
static void range_values(enum kind k, uint64_t P, uint64_t v[5])
{
    const uint64_t pg = P & ~UINT64_C(0xfff), M = UINT64_MAX, one = 1;
    v[3] = v[4] = 0;
    switch (k) {
    case B26: v[0] = P + (one << 27) - 4; v[1] = P - (one << 27); v[2] = P - 0x1234568; v[3] = P + (one << 27); v[4] = P - (one << 27) - 4; break;
    case B19: v[0] = P + (one << 20) - 4; v[1] = P - (one << 20); v[2] = P + 0x2468c; v[3] = P + (one << 20); v[4] = P - (one << 20) - 4; break;
    case B14: v[0] = P + (one << 15) - 4; v[1] = P - (one << 15); v[2] = P + 0x1234; v[3] = P + (one << 15); v[4] = P - (one << 15) - 4; break;
    case ADR: v[0] = P + (one << 20) - 1; v[1] = P - (one << 20); v[2] = P - 0x12345; v[3] = P + (one << 20); v[4] = P - (one << 20) - 1; break;
    case ADRP:
        v[0] = pg + (one << 32) - 1; v[1] = pg - (one << 32); v[2] = pg + 0x9abcd123;
        v[3] = pg + (one << 32); v[4] = pg - (one << 32) - 1;
        break;
    case G0: v[0] = 0xffff; v[1] = 0; v[2] = 0x8421; v[3] = 0x10000; v[4] = M; break;
    case G1: v[0] = 0xffffffff; v[1] = 0; v[2] = 0x84211248; v[3] = one << 32; v[4] = M; break;
    case G2: v[0] = (one << 48) - 1; v[1] = 0; v[2] = 0x842112484812; v[3] = one << 48; v[4] = M; break;
    case D32: v[0] = 0xffffffff; v[1] = -(one << 31); v[2] = 0x89abcdef; v[3] = one << 32; v[4] = -(one << 31) - 1; break;
    case D16: v[0] = 0xffff; v[1] = -UINT64_C(0x8000); v[2] = 0x9876; v[3] = 0x10000; v[4] = -UINT64_C(0x8001); break;
    case P32: v[0] = P + 0xffffffff; v[1] = P - (one << 31); v[2] = P + 0x7654321; v[3] = P + (one << 32); v[4] = P - (one << 31) - 1; break;
    case P16: v[0] = P + 0xffff; v[1] = P - 0x8000; v[2] = P - 0x1234; v[3] = P + 0x10000; v[4] = P - 0x8001; break;
    default:
        v[0] = UINT64_C(0xfedcba9876543210); v[1] = UINT64_C(0x0123456789abcdef); v[2] = M;
        if (k == ADRPNC || k == P64) {
            v[0] = P + UINT64_C(0x123456789abc);
            v[1] = P - UINT64_C(0x5555aaaa5000);
        }
        break;
    }
}

static uint64_t img_dword(const el2_image *img, uint64_t addr)
{
    return (uint64_t)img_word(img, addr) | (uint64_t)img_word(img, addr + 4) << 32;
}

/* Checks the encoded field and that the other bits are untouched. */
static void check_encoding(enum kind k, uint64_t P, uint64_t S, const uint8_t *orig, const el2_image *img)
{
    uint32_t w = img_word(img, P), o = get32(orig), mask = 0;
    uint32_t imm16 = (w >> 5) & 0xffff, imm12 = (w >> 10) & 0xfff;
    int64_t imm21 = sext(((w >> 5) & 0x7ffff) << 2 | ((w >> 29) & 3), 21);
    switch (k) {
    case B26: mask = 0x3ffffff; cr_assert_eq(P + sext(w, 26) * 4, S); break;
    case B19: mask = 0x7ffff << 5; cr_assert_eq(P + sext(w >> 5, 19) * 4, S); break;
    case B14: mask = 0x3fff << 5; cr_assert_eq(P + sext(w >> 5, 14) * 4, S); break;
    case ADR: mask = (3u << 29) | (0x7ffffu << 5); cr_assert_eq(P + imm21, S); break;
    case ADRP:
        mask = (3u << 29) | (0x7ffffu << 5);
        cr_assert_eq((P & ~UINT64_C(0xfff)) + imm21 * 4096, S & ~UINT64_C(0xfff));
        break;
    case ADRPNC:
        mask = (3u << 29) | (0x7ffffu << 5);
        cr_assert_eq((uint64_t)imm21 & 0x1fffff, (((S & ~UINT64_C(0xfff)) - (P & ~UINT64_C(0xfff))) >> 12) & 0x1fffff);
        break;
    case G0: case G0NC: mask = 0xffff << 5; cr_assert_eq(imm16, S & 0xffff); break;
    case G1: case G1NC: mask = 0xffff << 5; cr_assert_eq(imm16, (S >> 16) & 0xffff); break;
    case G2: case G2NC: mask = 0xffff << 5; cr_assert_eq(imm16, (S >> 32) & 0xffff); break;
    case G3: mask = 0xffff << 5; cr_assert_eq(imm16, S >> 48); break;
    case LO12: mask = 0xfff << 10; cr_assert_eq(imm12, S & 0xfff); break;
    case LO12S1: mask = 0xfff << 10; cr_assert_eq(imm12, (S & 0xfff) >> 1); break;
    case LO12S2: mask = 0xfff << 10; cr_assert_eq(imm12, (S & 0xfff) >> 2); break;
    case LO12S3: mask = 0xfff << 10; cr_assert_eq(imm12, (S & 0xfff) >> 3); break;
    case LO12S4: mask = 0xfff << 10; cr_assert_eq(imm12, (S & 0xfff) >> 4); break;
    case D32: cr_assert_eq(w, (uint32_t)S); return;
    case D16: cr_assert_eq(w & 0xffff, (uint16_t)S); cr_assert_eq(w >> 16, 0); return;
    case P32: cr_assert_eq(w, (uint32_t)(S - P)); return;
    case P16: cr_assert_eq(w & 0xffff, (uint16_t)(S - P)); cr_assert_eq(w >> 16, 0); return;
    case D64: cr_assert_eq(img_dword(img, P), S); return;
    case P64: cr_assert_eq(img_dword(img, P), S - P); return;
    }
    cr_assert_eq(w & ~mask, o & ~mask, "instruction bits outside the field changed: %08x vs %08x", w, o);
}

/* Defines every symbol of ranges.o at a harmless value. */
static GHashTable *range_defines(void)
{
    GHashTable *d = defines_new();
    for (size_t i = 0; i < NROWS; i++)
        define(d, range_rows[i].sym, is_abs(range_rows[i].kind) ? 0x10 : QBASE + range_rows[i].off);
    return d;
}

Test(loader_ranges, abi_limits_and_fields)
{
    const char *path = input("LOADER_RANGES_O");
    size_t len;
    uint8_t *obj = slurp(path, &len);
    for (size_t i = 0; i < NROWS; i++) {
        const range_row *r = &range_rows[i];
        uint64_t P = QBASE + r->off, v[5];
        range_values(r->kind, P, v);
        int nv = is_checked(r->kind) ? 5 : 3;
        for (int j = 0; j < nv; j++) {
            GHashTable *d = range_defines();
            define(d, r->sym, v[j]);
            el2_load_opts o = {.has_base = true, .base = QBASE, .defines = d};
            if (j < 3) {
                el2_image img;
                load_ok(path, &o, &img, NULL);
                uint64_t sz = (r->kind == D64 || r->kind == P64) ? 8 : 4;
                check_seg(&img, i, r->sec, P, sz, sz, i < 9 || (i >= 13 && i < 25));
                check_encoding(r->kind, P, v[j], section_data(obj, r->sec), &img);
                cr_assert_eq(img.undefined->len, 0);
                loader_image_clear(&img);
            } else {
                char *what = g_strdup_printf("relocation %s against '%s' out of range at %s+0x0", r->rname, r->sym,
                                             r->sec);
                expect_fail(path, &o, what);
                g_free(what);
            }
            g_hash_table_destroy(d);
        }
    }
    g_free(obj);
}

Test(loader_ranges, call26_256mib)
{
    const char *path = input("LOADER_RANGES_O");
    GHashTable *d = range_defines();
    define(d, "s_call26", QBASE + 0x10000000);
    el2_load_opts o = {.has_base = true, .base = QBASE, .defines = d};
    expect_fail(path, &o, "relocation R_AARCH64_CALL26 against 's_call26' out of range at .r.call26+0x0");
    g_hash_table_destroy(d);
}

Test(loader_ranges, section_start_symbols)
{
    GHashTable *d = range_defines();
    el2_load_opts o = {.has_base = true, .base = QBASE, .defines = d};
    el2_image img;
    el2_symtab *st = symtab_new();
    load_ok(input("LOADER_RANGES_O"), &o, &img, st);
    cr_assert_eq(img.segments->len, NROWS);
    cr_assert(!img.has_entry, "no _start: no entry");
    cr_assert_eq(img.lo, QBASE);
    cr_assert_eq(img.hi, QBASE + RANGES_END);
    uint64_t a;
    cr_assert(symtab_lookup(st, ".r.adr", &a));
    cr_assert_eq(a, QBASE + 0x10);
    char buf[64];
    cr_assert_str_eq(symtab_format(st, QBASE + 0x10, buf, sizeof buf), ".r.adr");
    cr_assert_str_eq(symtab_format(st, QBASE + 0x13, buf, sizeof buf), ".r.adr+0x3");
    cr_assert_str_eq(symtab_format(st, QBASE + 0x30, buf, sizeof buf), ".r.prel16");
    cr_assert_eq(symtab_count(st), NROWS);
    loader_image_clear(&img);
    symtab_free(st);
    g_hash_table_destroy(d);
}

Test(loader_ranges, undefined_without_define_goes_to_scratch)
{
    el2_load_opts o = {.default_base = QBASE};
    el2_image img;
    el2_symtab *st = symtab_new();
    GError *err = NULL;
    /* G0 against a scratch slot (an address far above 0xffff) must overflow */
    cr_assert(!loader_load(input("LOADER_RANGES_O"), &o, &img, st, &err));
    char *want = g_strdup_printf("%s: relocation R_AARCH64_MOVW_UABS_G0 against 's_g0' out of range at .r.g0+0x0",
                                 input("LOADER_RANGES_O"));
    cr_assert_str_eq(err->message, want);
    g_free(want);
    g_error_free(err);
    symtab_free(st);
}

/* ------------------------------------------------------------------ */
/* malformed input                                                     */

Test(loader_bad, missing_file)
{
    el2_load_opts o = {0};
    expect_fail("/nonexistent/el2/none.o", &o, "cannot open: No such file or directory");
}

Test(loader_bad, file_too_large)
{
    char *path = write_tmp("", 0);
    cr_assert_eq(truncate(path, (off_t)(UINT64_C(1) << 30) + 1), 0, "truncate: %s", g_strerror(errno));
    el2_load_opts o = {.raw = true, .load_addr = 0x1000};
    expect_fail(path, &o, "file too large (size 0x40000001, limit 1 GiB)");
    o.raw = false;
    expect_fail(path, &o, "file too large (size 0x40000001, limit 1 GiB)");
    drop_tmp(path);
}

Test(loader_bad, empty_file) { expect_fail_bytes("", 0, "empty file"); }

Test(loader_bad, bad_magic) { expect_fail_bytes("MZ\x90\x00 this is not ELF", 20, "not an ELF file (bad magic)"); }

Test(loader_bad, short_magic) { expect_fail_bytes("\x7f" "EL", 3, "truncated ELF header (file size 0x3, need 0x40)"); }

static uint8_t *relocs_copy(size_t *len) { return slurp(input("LOADER_RELOCS_O"), len); }

Test(loader_bad, elfclass32)
{
    size_t len;
    uint8_t *b = relocs_copy(&len);
    b[4] = 1;
    /* a 32-bit ELF is read as a 32-bit Arm executable (elf32.c, --arch aarch32): this one
       is an AArch64 object with its class changed */
    expect_fail_bytes(b, len, "not an Arm ELF (32-bit, e_machine 183)");
    g_free(b);
}

Test(loader_bad, big_endian)
{
    size_t len;
    uint8_t *b = relocs_copy(&len);
    b[5] = 2;
    expect_fail_bytes(b, len, "not a little-endian ELF (EI_DATA 2)");
    g_free(b);
}

Test(loader_bad, x86_64_object)
{
    uint8_t h[64] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
    h[16] = 1;  /* ET_REL */
    h[18] = 62; /* EM_X86_64 */
    h[20] = 1;
    h[52] = 64;
    h[58] = 64;
    expect_fail_bytes(h, sizeof h, "not an AArch64 ELF (e_machine 62)");
}

Test(loader_bad, truncated_header)
{
    size_t len;
    uint8_t *b = relocs_copy(&len);
    expect_fail_bytes(b, 40, "truncated ELF header (file size 0x28, need 0x40)");
    g_free(b);
}

Test(loader_bad, truncated_section_headers)
{
    size_t len;
    uint8_t *b = relocs_copy(&len);
    uint64_t shoff = get64(b + 40);
    cr_assert_eq(shoff + 64 * get16(b + 60), len, "gas puts the section headers last");
    size_t cut = shoff + 64 * 5;
    expect_fail_bytes(b, cut, "section header table at 0x%" PRIx64 " extends past end of file (size 0x%zx)", shoff, cut);
    g_free(b);
}

Test(loader_bad, section_past_eof)
{
    size_t len;
    uint8_t *b = relocs_copy(&len);
    uint8_t *sh = shdr(b, find_section(b, ".text"));
    put64(sh + 24, len - 0x10);
    expect_fail_bytes(b, len, "section '.text' (offset 0x%zx, size 0x9c) extends past end of file (size 0x%zx)",
                      len - 0x10, len);
    put64(sh + 24, UINT64_MAX - 4); /* offset + size wraps */
    expect_fail_bytes(b, len, "section '.text' (offset 0xfffffffffffffffb, size 0x9c) extends past end of file (size 0x%zx)",
                      len);
    g_free(b);
}

Test(loader_bad, symtab_bad_link)
{
    size_t len;
    uint8_t *b = relocs_copy(&len);
    put32(shdr(b, find_section(b, ".symtab")) + 40, 1);
    expect_fail_bytes(b, len, "symbol table '.symtab' has bad sh_link 1 (not a string table)");
    put32(shdr(b, find_section(b, ".symtab")) + 40, 500);
    expect_fail_bytes(b, len, "symbol table '.symtab' has bad sh_link 500 (not a string table)");
    g_free(b);
}

Test(loader_bad, rela_bad_info)
{
    size_t len;
    uint8_t *b = relocs_copy(&len);
    put32(shdr(b, find_section(b, ".rela.text")) + 44, 99);
    expect_fail_bytes(b, len, "relocation section '.rela.text' has bad sh_info 99 (15 sections)");
    g_free(b);
}

static uint8_t *first_text_rela(uint8_t *b)
{
    return b + get64(shdr(b, find_section(b, ".rela.text")) + 24);
}

Test(loader_bad, reloc_symbol_out_of_range)
{
    size_t len;
    uint8_t *b = relocs_copy(&len);
    uint8_t *r = first_text_rela(b);
    put64(r + 8, (UINT64_C(999) << 32) | (uint32_t)get64(r + 8));
    expect_fail_bytes(b, len, "relocation at .text+0x0 references symbol index 999 out of range (32 symbols)");
    g_free(b);
}

Test(loader_bad, reloc_unknown_type)
{
    size_t len;
    uint8_t *b = relocs_copy(&len);
    uint8_t *r = first_text_rela(b) + 24; /* second entry: .text+0x4 */
    put64(r + 8, (get64(r + 8) & ~UINT64_C(0xffffffff)) | 1234);
    expect_fail_bytes(b, len, "unsupported relocation type 1234 at .text+0x4");
    g_free(b);
}

Test(loader_bad, reloc_offset_outside_section)
{
    size_t len;
    uint8_t *b = relocs_copy(&len);
    uint8_t *r = first_text_rela(b);
    put64(r, 0x9a); /* 4-byte field at 0x9a of a 0x9c-byte section */
    expect_fail_bytes(b, len, "relocation at .text+0x9a is outside section '.text' (size 0x9c)");
    put64(r, UINT64_MAX - 1);
    expect_fail_bytes(b, len, "relocation at .text+0xfffffffffffffffe is outside section '.text' (size 0x9c)");
    g_free(b);
}

Test(loader_bad, string_not_terminated)
{
    size_t len;
    uint8_t *b = relocs_copy(&len);
    uint8_t *sh = shdr(b, find_section(b, ".strtab"));
    uint64_t size = get64(sh + 32);
    const char *tab = (const char *)b + get64(sh + 24);
    uint64_t last = size - 2; /* start of the last string */
    while (last > 0 && tab[last - 1] != '\0')
        last--;
    put64(sh + 32, size - 1); /* cut the table before the last NUL */
    expect_fail_bytes(b, len, "string at offset 0x%" PRIx64 " in string table '.strtab' is not NUL-terminated", last);
    g_free(b);
}

Test(loader_bad, section_name_out_of_table)
{
    size_t len;
    uint8_t *b = relocs_copy(&len);
    put32(shdr(b, 1), 0x7fff0000);
    expect_fail_bytes(b, len, "string offset 0x7fff0000 is past the end of string table '.shstrtab' (size 0x63)");
    g_free(b);
}

Test(loader_bad, control_characters_in_names)
{
    size_t len;
    uint8_t *b = relocs_copy(&len);
    uint8_t *sh = shdr(b, find_section(b, ".text"));
    char *name = (char *)b + get64(shdr(b, get16(b + 62)) + 24) + get32(sh);
    name[2] = '\n'; /* ".t\nxt" */
    put64(sh + 24, len);
    expect_fail_bytes(b, len, "section '.t?xt' (offset 0x%zx, size 0x9c) extends past end of file (size 0x%zx)", len, len);
    g_free(b);
}

/* ------------------------------------------------------------------ */
/* executables                                                         */

Test(loader_exec, segments_and_entry)
{
    el2_load_opts o = {.default_base = 0x1234};
    el2_image img;
    el2_symtab *st = symtab_new();
    const char *path = input("LOADER_EXEC_ELF");
    load_ok(path, &o, &img, st);
    cr_assert_eq(img.kind, IMG_EXEC);
    cr_assert_eq(img.segments->len, 2);
    check_seg(&img, 0, "PT_LOAD#0", 0x40000000, 0xc, 0xc, true);
    check_seg(&img, 1, "PT_LOAD#1", 0x40010000, 0x104, 0x4, false);
    cr_assert_eq(get32(seg(&img, 1)->data), 0xdeadbeef);
    cr_assert_eq(get32(seg(&img, 0)->data + 8), 0x14000000, "b .");
    cr_assert(img.has_entry);
    cr_assert_eq(img.entry, 0x40000000);
    cr_assert_eq(img.lo, 0x40000000);
    cr_assert_eq(img.hi, 0x40010104);
    cr_assert_eq(img.undefined->len, 0);
    char *sum = sha256_of_file(path);
    cr_assert_str_eq(img.sha256, sum);
    g_free(sum);

    cr_assert_eq(symtab_count(st), 3);
    char buf[64];
    cr_assert_str_eq(symtab_format(st, 0x40000008, buf, sizeof buf), "_start+0x8");
    cr_assert_str_eq(symtab_format(st, 0x4000000c, buf, sizeof buf), "0x4000000c", "past _start's size");
    cr_assert_str_eq(symtab_format(st, 0x40010000, buf, sizeof buf), "data_word");
    cr_assert_str_eq(symtab_format(st, 0x40010010, buf, sizeof buf), "bss_buf+0xc");
    const el2_symbol *s = symtab_at(st, 0);
    cr_assert_str_eq(s->name, "_start");
    cr_assert(s->is_func && s->is_global);
    cr_assert_eq(s->size, 12);
    loader_image_clear(&img);
    symtab_free(st);
}

Test(loader_exec, rebase)
{
    el2_load_opts o = {.has_base = true, .base = 0x80000000};
    el2_image img;
    el2_symtab *st = symtab_new();
    load_ok(input("LOADER_EXEC_ELF"), &o, &img, st);
    check_seg(&img, 0, "PT_LOAD#0", 0x80000000, 0xc, 0xc, true);
    check_seg(&img, 1, "PT_LOAD#1", 0x80010000, 0x104, 0x4, false);
    cr_assert_eq(img.entry, 0x80000000);
    cr_assert_eq(img.lo, 0x80000000);
    cr_assert_eq(img.hi, 0x80010104);
    uint64_t a;
    cr_assert(symtab_lookup(st, "_start", &a));
    cr_assert_eq(a, 0x80000000);
    cr_assert(symtab_lookup(st, "data_word", &a));
    cr_assert_eq(a, 0x80010000);
    cr_assert(symtab_lookup(st, "bss_buf", &a));
    cr_assert_eq(a, 0x80010004);
    loader_image_clear(&img);

    /* downwards too */
    o.base = 0x1000;
    load_ok(input("LOADER_EXEC_ELF"), &o, &img, NULL);
    check_seg(&img, 1, "PT_LOAD#1", 0x11000, 0x104, 0x4, false);
    cr_assert_eq(img.entry, 0x1000);
    loader_image_clear(&img);
    symtab_free(st);
}

static uint8_t *phdr(uint8_t *b, unsigned i) { return b + get64(b + 32) + 56u * i; }

Test(loader_exec, overlapping_segments)
{
    size_t len;
    uint8_t *b = slurp(input("LOADER_EXEC_ELF"), &len);
    put64(phdr(b, 1) + 16, 0x40000008);
    expect_fail_bytes(b, len,
                      "segments 'PT_LOAD#0' (0x40000000-0x4000000c) and 'PT_LOAD#1' (0x40000008-0x4000010c) overlap");
    g_free(b);
}

/* segments load at p_paddr: load addresses that overlap are refused too (link addresses
 * apart) */
Test(loader_exec, overlapping_load_addresses)
{
    size_t len;
    uint8_t *b = slurp(input("LOADER_EXEC_ELF"), &len);
    put64(phdr(b, 1) + 24, 0x40000008);
    expect_fail_bytes(b, len,
                      "segments 'PT_LOAD#0' (0x40000000-0x4000000c) and 'PT_LOAD#1' (0x40000008-0x4000010c) overlap");
    put64(phdr(b, 1) + 24, 0xffffffffffffff00);
    expect_fail_bytes(b, len, "segment 'PT_LOAD#1' at 0xffffffffffffff00 size 0x104 wraps past 2^64");
    g_free(b);
}

Test(loader_exec, segment_wraps)
{
    size_t len;
    uint8_t *b = slurp(input("LOADER_EXEC_ELF"), &len);
    put64(phdr(b, 1) + 16, 0xffffffffffffff00);
    expect_fail_bytes(b, len, "segment 'PT_LOAD#1' at 0xffffffffffffff00 size 0x104 wraps past 2^64");
    g_free(b);
}

Test(loader_exec, filesz_beyond_memsz_and_eof)
{
    size_t len;
    uint8_t *b = slurp(input("LOADER_EXEC_ELF"), &len);
    put64(phdr(b, 0) + 32, 0x10);
    expect_fail_bytes(b, len, "PT_LOAD#0 has p_filesz 0x10 larger than p_memsz 0xc");
    put64(phdr(b, 0) + 32, 0xc);
    put64(phdr(b, 0) + 8, len - 4);
    expect_fail_bytes(b, len, "PT_LOAD#0 (offset 0x%zx, size 0xc) extends past end of file (size 0x%zx)", len - 4, len);
    put64(phdr(b, 0) + 8, 0x1000);
    put64(b + 32, len - 8); /* e_phoff */
    expect_fail_bytes(b, len, "program header table at 0x%zx extends past end of file (size 0x%zx)", len - 8, len);
    g_free(b);
}

Test(loader_exec, et_dyn)
{
    size_t len;
    uint8_t *b = slurp(input("LOADER_EXEC_ELF"), &len);
    b[16] = ET_DYN;
    char *path = write_tmp(b, len);
    el2_load_opts o = {0};
    el2_image img;
    load_ok(path, &o, &img, NULL);
    cr_assert_eq(img.kind, IMG_EXEC);
    check_seg(&img, 1, "PT_LOAD#1", 0x40010000, 0x104, 0x4, false);
    loader_image_clear(&img);
    drop_tmp(path);

    /* with dynamic relocations: turn PT_LOAD#1 into a PT_DYNAMIC whose
     * entries {DT_RELASZ, 0x18}, {DT_NULL} sit at the end of the file */
    uint8_t *big = g_malloc0(len + 32);
    memcpy(big, b, len);
    put32(phdr(big, 1), PT_DYNAMIC);
    put64(phdr(big, 1) + 8, len);
    put64(phdr(big, 1) + 32, 32);
    put64(big + len, DT_RELASZ);
    put64(big + len + 8, 0x18);
    expect_fail_bytes(big, len + 32, "ET_DYN image with dynamic relocations is not supported (link it static, non-PIE)");
    g_free(big);
    g_free(b);
}

/* ------------------------------------------------------------------ */
/* raw                                                                 */

Test(loader_raw, whole_file_at_address)
{
    uint8_t bytes[20];
    for (unsigned i = 0; i < sizeof bytes; i++)
        bytes[i] = (uint8_t)(i * 7 + 1);
    char *path = write_tmp(bytes, sizeof bytes);
    el2_load_opts o = {.raw = true, .load_addr = 0x48000000, .has_base = true, .base = 0x1000};
    el2_image img;
    el2_symtab *st = symtab_new();
    load_ok(path, &o, &img, st);
    cr_assert_eq(img.kind, IMG_RAW);
    cr_assert_eq(img.segments->len, 1);
    check_seg(&img, 0, "raw", 0x48000000, 20, 20, true);
    cr_assert_eq(memcmp(seg(&img, 0)->data, bytes, sizeof bytes), 0);
    cr_assert(img.has_entry);
    cr_assert_eq(img.entry, 0x48000000);
    cr_assert_eq(img.lo, 0x48000000);
    cr_assert_eq(img.hi, 0x48000014);
    cr_assert_eq(symtab_count(st), 0);
    char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, bytes, sizeof bytes);
    cr_assert_str_eq(img.sha256, sum);
    g_free(sum);
    loader_image_clear(&img);

    /* an ELF file given with --load is still raw */
    o.load_addr = 0x2000;
    load_ok(input("LOADER_RELOCS_O"), &o, &img, st);
    cr_assert_eq(img.kind, IMG_RAW);
    cr_assert_eq(seg(&img, 0)->data[1], 'E');
    loader_image_clear(&img);

    o.load_addr = UINT64_MAX - 8;
    expect_fail(path, &o, "segment 'raw' at 0xfffffffffffffff7 size 0x14 wraps past 2^64");
    symtab_free(st);
    drop_tmp(path);
}

Test(loader_raw, empty)
{
    char *path = write_tmp("", 0);
    el2_load_opts o = {.raw = true, .load_addr = 0x1000};
    expect_fail(path, &o, "empty file");
    drop_tmp(path);
}

/* ------------------------------------------------------------------ */
/* robustness: truncations and random corruption must fail cleanly     */

static void load_any(const uint8_t *b, size_t len, GHashTable *d)
{
    char *path = write_tmp(b, len);
    el2_load_opts o = {.has_base = true, .base = RBASE, .defines = d};
    el2_image img;
    el2_symtab *st = symtab_new();
    GError *err = NULL;
    if (loader_load(path, &o, &img, st, &err)) {
        cr_assert_null(err);
        loader_image_clear(&img);
    } else {
        cr_assert_not_null(err);
        cr_assert(g_str_has_prefix(err->message, path));
        cr_assert_null(strchr(err->message, '\n'));
        cr_assert(g_utf8_validate(err->message, -1, NULL));
        g_error_free(err);
    }
    symtab_free(st);
    drop_tmp(path);
}

Test(loader_fuzz, truncations, .timeout = 120)
{
    size_t len;
    uint8_t *b = relocs_copy(&len);
    GHashTable *d = relocs_defines();
    for (size_t cut = 0; cut < len; cut += 7)
        load_any(b, cut, d);
    g_hash_table_destroy(d);
    g_free(b);
}

Test(loader_fuzz, corruption, .timeout = 120)
{
    const char *inputs[] = {input("LOADER_RELOCS_O"), input("LOADER_EXEC_ELF"), input("LOADER_RANGES_O")};
    GRand *rng = g_rand_new_with_seed(0xe12);
    GHashTable *d = relocs_defines();
    for (unsigned f = 0; f < 3; f++) {
        size_t len;
        uint8_t *orig = slurp(inputs[f], &len);
        uint8_t *b = g_malloc(len);
        for (int iter = 0; iter < 600; iter++) {
            memcpy(b, orig, len);
            int n = g_rand_int_range(rng, 1, 9);
            for (int k = 0; k < n; k++) {
                size_t at = (size_t)g_rand_int_range(rng, 0, (gint32)len);
                switch (g_rand_int_range(rng, 0, 3)) {
                case 0: b[at] = (uint8_t)g_rand_int(rng); break;
                case 1: b[at] ^= (uint8_t)(1u << g_rand_int_range(rng, 0, 8)); break;
                default: b[at] = g_rand_boolean(rng) ? 0xff : 0x00; break;
                }
            }
            load_any(b, len, d);
        }
        g_free(b);
        g_free(orig);
    }
    g_hash_table_destroy(d);
    g_rand_free(rng);
}

/* ------------------------------------------------------------------ */
/* symbol table                                                        */

Test(symbols, format_and_find)
{
    el2_symtab *st = symtab_new();
    symtab_add(st, "foo", 0x1000, 0x20, true, true);
    symtab_add(st, "label", 0x200000, 0, false, false);
    symtab_add(st, "far", 0x800000, 0, false, true);
    char buf[64];
    cr_assert_str_eq(symtab_format(st, 0x1000, buf, sizeof buf), "foo");
    cr_assert_str_eq(symtab_format(st, 0x101c, buf, sizeof buf), "foo+0x1c");
    cr_assert_str_eq(symtab_format(st, 0x1020, buf, sizeof buf), "0x1020", "past foo's size");
    cr_assert_str_eq(symtab_format(st, 0xfff, buf, sizeof buf), "0xfff", "below every symbol");
    cr_assert_str_eq(symtab_format(st, 0x200000, buf, sizeof buf), "label");
    cr_assert_str_eq(symtab_format(st, 0x2fffff, buf, sizeof buf), "label+0xfffff");
    cr_assert_str_eq(symtab_format(st, 0x300000, buf, sizeof buf), "0x300000", "1 MiB past an unsized symbol");
    cr_assert_str_eq(symtab_format(st, UINT64_MAX, buf, sizeof buf), "0xffffffffffffffff");
    uint64_t off = 99;
    const el2_symbol *s = symtab_find(st, 0x1004, &off);
    cr_assert_not_null(s);
    cr_assert_str_eq(s->name, "foo");
    cr_assert_eq(off, 4);
    cr_assert_null(symtab_find(st, 0x1020, &off));
    /* truncation keeps a terminator */
    char small[5];
    cr_assert_str_eq(symtab_format(st, 0x101c, small, sizeof small), "foo+");
    cr_assert_str_eq(symtab_format(st, 0x1000, small, sizeof small), "foo");
    cr_assert_str_eq(symtab_format(st, 0x12345, small, sizeof small), "0x12");
    cr_assert_str_eq(symtab_format(st, 0x101c, small, 3), "fo", "cut inside the name");
    cr_assert_str_eq(symtab_format(st, 0x101c, small, 1), "");
    char exact[9];
    cr_assert_str_eq(symtab_format(st, 0x101c, exact, sizeof exact), "foo+0x1c", "exactly fits");
    cr_assert_str_eq(symtab_format(st, 0x200000, buf, sizeof buf), "label", "the buffer is overwritten");
    symtab_free(st);
}

Test(symbols, containing_sized_symbol_wins)
{
    el2_symtab *st = symtab_new();
    symtab_add(st, "outer", 0x5000, 0x1000, true, true);
    symtab_add(st, "inner_label", 0x5100, 0, false, false);
    symtab_add(st, "small", 0x5200, 0x10, false, false);
    char buf[64];
    cr_assert_str_eq(symtab_format(st, 0x5110, buf, sizeof buf), "outer+0x110");
    cr_assert_str_eq(symtab_format(st, 0x5208, buf, sizeof buf), "small+0x8", "innermost sized symbol");
    cr_assert_str_eq(symtab_format(st, 0x5210, buf, sizeof buf), "outer+0x210");
    cr_assert_str_eq(symtab_format(st, 0x6000, buf, sizeof buf), "inner_label+0xf00", "past outer: nearest unsized");
    symtab_free(st);
}

Test(symbols, same_address_preference)
{
    el2_symtab *st = symtab_new();
    char buf[64];
    symtab_add(st, ".text", 0x100, 0, false, false);
    symtab_add(st, "start", 0x100, 0, false, false);
    cr_assert_str_eq(symtab_format(st, 0x104, buf, sizeof buf), "start+0x4", "section-ish names lose");
    symtab_add(st, "fn", 0x100, 0, true, false);
    cr_assert_str_eq(symtab_format(st, 0x104, buf, sizeof buf), "fn+0x4", "functions beat other symbols");
    symtab_add(st, "glob", 0x100, 0, false, true);
    cr_assert_str_eq(symtab_format(st, 0x100, buf, sizeof buf), "glob", "globals beat locals");
    symtab_add(st, "glob_fn", 0x100, 0, true, true);
    cr_assert_str_eq(symtab_format(st, 0x100, buf, sizeof buf), "glob_fn");
    cr_assert_eq(symtab_count(st), 5);
    symtab_free(st);
}

Test(symbols, lookup_global_beats_local)
{
    el2_symtab *st = symtab_new();
    uint64_t a = 0;
    symtab_add(st, "dup", 0x10, 0, false, false);
    cr_assert(symtab_lookup(st, "dup", &a));
    cr_assert_eq(a, 0x10);
    symtab_add(st, "dup", 0x20, 0, false, true);
    symtab_add(st, "dup", 0x30, 0, false, false);
    symtab_add(st, "dup", 0x40, 0, false, true);
    cr_assert(symtab_lookup(st, "dup", &a));
    cr_assert_eq(a, 0x20, "first global wins");
    cr_assert(!symtab_lookup(st, "nope", &a));
    symtab_add(st, "$x", 0x50, 0, false, false);
    symtab_add(st, "$d.1", 0x50, 0, false, false);
    symtab_add(st, "", 0x50, 0, false, false);
    symtab_add(st, NULL, 0x50, 0, false, false);
    cr_assert_eq(symtab_count(st), 4, "mapping symbols and empty names are ignored");
    symtab_free(st);
}

Test(symbols, resolve)
{
    el2_symtab *st = symtab_new();
    symtab_add(st, "foo", 0x1000, 0x20, true, true);
    symtab_add(st, "a+b", 0x3000, 0, false, true);
    uint64_t a = 0;
    cr_assert(symtab_resolve(st, "0x4000", &a));
    cr_assert_eq(a, 0x4000);
    cr_assert(symtab_resolve(st, "0XfFfF", &a));
    cr_assert_eq(a, 0xffff);
    cr_assert(symtab_resolve(st, "4096", &a));
    cr_assert_eq(a, 4096);
    cr_assert(symtab_resolve(st, "010", &a));
    cr_assert_eq(a, 10, "decimal, not octal");
    cr_assert(symtab_resolve(st, "0", &a));
    cr_assert_eq(a, 0);
    cr_assert(symtab_resolve(st, "0xffffffffffffffff", &a));
    cr_assert_eq(a, UINT64_MAX);
    cr_assert(symtab_resolve(st, "foo", &a));
    cr_assert_eq(a, 0x1000);
    cr_assert(symtab_resolve(st, "foo+0x10", &a));
    cr_assert_eq(a, 0x1010);
    cr_assert(symtab_resolve(st, "foo+16", &a));
    cr_assert_eq(a, 0x1010);
    cr_assert(symtab_resolve(st, "a+b", &a));
    cr_assert_eq(a, 0x3000);
    cr_assert(symtab_resolve(st, "a+b+0x4", &a));
    cr_assert_eq(a, 0x3004);
    a = 0x77;
    const char *bad[] = {"", "nosuch", "foo+", "foo+0x", "foo+bar", "0x", "12abc", "0x0x10", "-5", "+5",
                         " 5", "0x10000000000000000", "18446744073709551616", "nosuch+4", "+0x10"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert(!symtab_resolve(st, bad[i], &a), "'%s' must not resolve", bad[i]);
    cr_assert_eq(a, 0x77, "failed resolve leaves the output alone");
    cr_assert(!symtab_resolve(NULL, "foo", &a));
    cr_assert(symtab_resolve(NULL, "0x10", &a));
    symtab_free(st);
}

Test(symbols, lazy_sort_and_order)
{
    el2_symtab *st = symtab_new();
    cr_assert_null(symtab_find(st, 0x1000, NULL));
    cr_assert_null(symtab_at(st, 0));
    symtab_add(st, "c", 0x3000, 0, false, true);
    symtab_add(st, "a", 0x1000, 0, false, true);
    char buf[32];
    cr_assert_str_eq(symtab_format(st, 0x2000, buf, sizeof buf), "a+0x1000");
    symtab_add(st, "b", 0x2000, 0, false, true);
    cr_assert_str_eq(symtab_format(st, 0x2000, buf, sizeof buf), "b", "re-sorted after an add");
    cr_assert_str_eq(symtab_at(st, 0)->name, "a");
    cr_assert_str_eq(symtab_at(st, 1)->name, "b");
    cr_assert_str_eq(symtab_at(st, 2)->name, "c");
    cr_assert_null(symtab_at(st, 3));
    symtab_free(st);
    symtab_free(NULL);
}

Test(symbols, many_against_linear_scan, .timeout = 60)
{
    el2_symtab *st = symtab_new();
    GRand *rng = g_rand_new_with_seed(7);
    enum { N = 3000 };
    static el2_symbol ref[N];
    for (int i = 0; i < N; i++) {
        char name[32];
        g_snprintf(name, sizeof name, "s%d", i);
        uint64_t addr = (uint64_t)g_rand_int_range(rng, 0, 1 << 24) * 4;
        uint64_t size = g_rand_boolean(rng) ? (uint64_t)g_rand_int_range(rng, 1, 1 << 16) : 0;
        bool glob = g_rand_boolean(rng), fn = g_rand_boolean(rng);
        symtab_add(st, name, addr, size, fn, glob);
        ref[i] = (el2_symbol){NULL, addr, size, fn, glob};
    }
    for (int q = 0; q < 4000; q++) {
        uint64_t addr = (uint64_t)g_rand_int_range(rng, 0, (1 << 26) + 0x1000);
        /* reference: nearest containing sized symbol, else nearest unsized within 1 MiB */
        int64_t best_sized = -1, best_unsized = -1;
        for (int i = 0; i < N; i++) {
            if (ref[i].addr > addr)
                continue;
            if (ref[i].size && addr - ref[i].addr < ref[i].size &&
                (best_sized < 0 || ref[i].addr > ref[best_sized].addr))
                best_sized = i;
            if (!ref[i].size && addr - ref[i].addr < 0x100000 &&
                (best_unsized < 0 || ref[i].addr > ref[best_unsized].addr))
                best_unsized = i;
        }
        uint64_t off;
        const el2_symbol *s = symtab_find(st, addr, &off);
        int64_t want = best_sized >= 0 ? best_sized : best_unsized;
        if (want < 0) {
            cr_assert_null(s, "0x%" PRIx64, addr);
        } else {
            cr_assert_not_null(s, "0x%" PRIx64, addr);
            cr_assert_eq(s->addr, ref[want].addr, "0x%" PRIx64 ": got %s@0x%" PRIx64, addr, s->name, s->addr);
            cr_assert_eq(off, addr - s->addr);
            cr_assert_eq(s->size != 0, ref[want].size != 0);
        }
    }
    g_rand_free(rng);
    symtab_free(st);
}

/* p_vaddr != p_paddr: segments load at p_paddr, symbols and the entry are virtual, and
 * loader_load_address maps a VA to where it is loaded. */
Test(loader_exec, linked_at_virtual_loaded_at_physical)
{
    el2_load_opts o = {0};
    el2_image img;
    el2_symtab *st = symtab_new();
    load_ok(input("LOADER_VMA_ELF"), &o, &img, st);
    cr_assert_eq(img.segments->len, 2);
    check_seg(&img, 0, "PT_LOAD#0", 0x40080000, 0x20, 0x20, true);
    check_seg(&img, 1, "PT_LOAD#1", 0x40090000, 0x4, 0x4, false);
    cr_assert_eq(seg(&img, 0)->vaddr, 0xffff000000080000ULL);
    cr_assert_eq(seg(&img, 1)->vaddr, 0xffff000000090000ULL);
    cr_assert_eq(get32(seg(&img, 1)->data), 0x600dcafe);
    cr_assert_eq(img.lo, 0x40080000, "the image occupies physical memory");
    cr_assert_eq(img.hi, 0x40090004);
    cr_assert_eq(img.entry, 0xffff000000080000ULL, "e_entry is virtual");
    uint64_t a;
    cr_assert(symtab_lookup(st, "_start", &a));
    cr_assert_eq(a, 0xffff000000080000ULL);
    cr_assert(symtab_lookup(st, "data_word", &a));
    cr_assert_eq(a, 0xffff000000090000ULL);
    char buf[64];
    cr_assert_str_eq(symtab_format(st, 0xffff000000080008ULL, buf, sizeof buf), "_start+0x8");
    uint64_t pa = 0;
    cr_assert(loader_load_address(&img, img.entry, &pa));
    cr_assert_eq(pa, 0x40080000);
    cr_assert(loader_load_address(&img, 0xffff000000090003ULL, &pa));
    cr_assert_eq(pa, 0x40090003);
    cr_assert(!loader_load_address(&img, 0xffff000000090004ULL, &pa), "past the data");
    cr_assert(!loader_load_address(&img, 0x40080000, &pa), "a PA is no VA of this image");
    loader_image_clear(&img);
    /* --base moves both: the lowest load address goes to the base */
    o = (el2_load_opts){ .has_base = true, .base = 0x41000000 };
    load_ok(input("LOADER_VMA_ELF"), &o, &img, NULL);
    check_seg(&img, 0, "PT_LOAD#0", 0x41000000, 0x20, 0x20, true);
    cr_assert_eq(seg(&img, 0)->vaddr, 0xffff000000080000ULL + 0x41000000 - 0x40080000);
    cr_assert_eq(img.entry, 0xffff000000080000ULL + 0x41000000 - 0x40080000);
    loader_image_clear(&img);
    symtab_free(st);
}

/* With the MMU off at the start, el2sim starts the image at its entry's load address
 * (the virtual entry is beyond the physical address range): it runs and exits 0x5a. */
Test(loader_exec, virtual_entry_starts_at_its_load_address)
{
    const char *argv[] = { input("EL2SIM"), "run", input("LOADER_VMA_ELF"), NULL };
    char *out = NULL, *err = NULL;
    int st = 0;
    GError *e = NULL;
    cr_assert(g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL, &out, &err, &st, &e), "%s", e ? e->message : "");
    cr_assert(WIFEXITED(st));
    cr_assert_eq(WEXITSTATUS(st), 0x5a, "stdout:\n%s\nstderr:\n%s", out, err);
    cr_assert(strstr(out, "SEMIHOST    EL2       0x40080008 "), "%s", out);
    g_free(out);
    g_free(err);
}
