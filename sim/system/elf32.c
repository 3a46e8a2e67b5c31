/* elf32.c - a 32-bit Arm ELF executable (EM_ARM, ELFCLASS32, little-endian: what
 * arm-linux-gnueabihf-ld makes for --arch aarch32) rewritten as the equivalent ELF64
 * file, so that the one ELF reader (loader.c) checks and loads both. The original bytes
 * are kept whole at a shift that preserves every segment's offset modulo its alignment;
 * the 64-bit header, program and section headers and symbol tables follow them. Thumb
 * function symbols (STT_FUNC with bit 0 set) name their code's address (bit 0 clear);
 * the entry keeps its bit 0 (Thumb entry). Only ET_EXEC: relocatable objects and
 * shared objects are refused. */
#include "elf32.h"
#include <elf.h>
#include <string.h>

static uint16_t r16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t r32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static void w16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void w32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void w64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i)); }

static bool fits(uint64_t len, uint64_t off, uint64_t n) { return off <= len && n <= len - off; }

bool elf32_is_arm(const uint8_t *b, uint64_t len)
{
    return len >= EI_NIDENT && memcmp(b, ELFMAG, SELFMAG) == 0 && b[EI_CLASS] == ELFCLASS32;
}

bool elf32_to_elf64(const uint8_t *b, uint64_t len, uint8_t **out, uint64_t *outlen, char **why)
{
    if (len < 52) {
        *why = g_strdup_printf("truncated ELF32 header (file size 0x%llx, need 0x34)", (unsigned long long)len);
        return false;
    }
    if (b[EI_DATA] != ELFDATA2LSB) {
        *why = g_strdup_printf("not a little-endian ELF (EI_DATA %u)", b[EI_DATA]);
        return false;
    }
    if (r16(b + 18) != EM_ARM) {
        *why = g_strdup_printf("not an Arm ELF (32-bit, e_machine %u)", r16(b + 18));
        return false;
    }
    if (r16(b + 16) != ET_EXEC) {
        *why = g_strdup_printf("a 32-bit ELF must be an executable (e_type %u): link it first", r16(b + 16));
        return false;
    }
    uint32_t phoff = r32(b + 28), shoff = r32(b + 32);
    uint16_t phentsize = r16(b + 42), phnum = r16(b + 44), shentsize = r16(b + 46), shnum = r16(b + 48);
    if ((phnum && (phentsize != 32 || !fits(len, phoff, (uint64_t)phnum * 32))) ||
        (shnum && (shentsize != 40 || !fits(len, shoff, (uint64_t)shnum * 40)))) {
        *why = g_strdup("ELF32 program or section headers outside the file");
        return false;
    }
    /* the shift: a multiple of every segment's alignment (at least 64 KiB) */
    uint64_t shift = 0x10000;
    for (unsigned i = 0; i < phnum; i++) {
        uint32_t align = r32(b + phoff + 32 * i + 28);
        if (align > shift && !(align & (align - 1)) && align <= (1u << 24))
            shift = align;
    }
    /* symbol tables grow from 16 to 24 bytes an entry */
    uint64_t symbytes = 0;
    for (unsigned i = 0; i < shnum; i++) {
        const uint8_t *s = b + shoff + 40 * i;
        if (r32(s + 4) == SHT_SYMTAB || r32(s + 4) == SHT_DYNSYM) {
            if (!fits(len, r32(s + 16), r32(s + 20))) {
                *why = g_strdup_printf("ELF32 symbol table (section %u) outside the file", i);
                return false;
            }
            symbytes += (uint64_t)r32(s + 20) / 16 * 24 + 8;
        }
    }
    uint64_t ph64 = shift + len, sh64 = ph64 + (uint64_t)phnum * 56, sym64 = sh64 + (uint64_t)shnum * 64;
    uint64_t n = sym64 + symbytes;
    uint8_t *o = g_malloc0(n);
    memcpy(o, b, EI_NIDENT);
    o[EI_CLASS] = ELFCLASS64;
    w16(o + 16, ET_EXEC);
    w16(o + 18, EM_ARM);
    w32(o + 20, r32(b + 20));
    w64(o + 24, r32(b + 24));                       /* e_entry (bit 0: Thumb) */
    w64(o + 32, phnum ? ph64 : 0);
    w64(o + 40, shnum ? sh64 : 0);
    w32(o + 48, r32(b + 36));                       /* e_flags */
    w16(o + 52, 64);
    w16(o + 54, 56);
    w16(o + 56, phnum);
    w16(o + 58, 64);
    w16(o + 60, shnum);
    w16(o + 62, r16(b + 50));
    memcpy(o + shift, b, len);
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *p = b + phoff + 32 * i;
        uint8_t *q = o + ph64 + 56 * i;
        w32(q, r32(p));                             /* p_type */
        w32(q + 4, r32(p + 24));                    /* p_flags */
        w64(q + 8, (uint64_t)r32(p + 4) + shift);   /* p_offset */
        w64(q + 16, r32(p + 8));
        w64(q + 24, r32(p + 12));
        w64(q + 32, r32(p + 16));
        w64(q + 40, r32(p + 20));
        w64(q + 48, r32(p + 28));
    }
    uint64_t at = sym64;
    for (unsigned i = 0; i < shnum; i++) {
        const uint8_t *s = b + shoff + 40 * i;
        uint8_t *q = o + sh64 + 64 * i;
        uint32_t type = r32(s + 4), off = r32(s + 16), size = r32(s + 20);
        w32(q, r32(s));
        w32(q + 4, type);
        w64(q + 8, r32(s + 8));                     /* sh_flags */
        w64(q + 16, r32(s + 12));                   /* sh_addr */
        w64(q + 24, type == SHT_NOBITS ? off : (uint64_t)off + shift);
        w64(q + 32, size);
        w32(q + 40, r32(s + 24));                   /* sh_link */
        w32(q + 44, r32(s + 28));                   /* sh_info */
        w64(q + 48, r32(s + 32));
        w64(q + 56, r32(s + 36));
        if (type != SHT_SYMTAB && type != SHT_DYNSYM)
            continue;
        uint32_t count = size / 16;
        at = (at + 7) & ~7ULL;
        w64(q + 24, at);
        w64(q + 32, (uint64_t)count * 24);
        w64(q + 48, 8);
        w64(q + 56, 24);
        for (uint32_t k = 0; k < count; k++) {
            const uint8_t *y = b + off + 16 * k;
            uint8_t *z = o + at + 24 * k;
            uint32_t value = r32(y + 4);
            if ((y[12] & 0xf) == STT_FUNC)
                value &= ~1u;                       /* a Thumb function's address */
            w32(z, r32(y));                         /* st_name */
            z[4] = y[12];                           /* st_info */
            z[5] = y[13];                           /* st_other */
            w16(z + 6, r16(y + 14));                /* st_shndx */
            w64(z + 8, value);
            w64(z + 16, r32(y + 8));
        }
        at += (uint64_t)count * 24;
    }
    *out = o;
    *outlen = n;
    return true;
}
