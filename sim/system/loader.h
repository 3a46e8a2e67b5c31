/* loader.h - ELF64 AArch64 executables, relocatable objects, raw images. */
#ifndef EL2_LOADER_H
#define EL2_LOADER_H
#include <glib.h>
#include <stdint.h>
#include "symbols.h"

typedef enum { IMG_EXEC, IMG_REL, IMG_RAW } el2_image_kind;

typedef struct el2_segment {
    char *name;        /* section name for IMG_REL, "PT_LOAD#n" for IMG_EXEC, "raw" */
    uint64_t addr;     /* guest physical address: where it is loaded (ELF p_paddr) */
    uint64_t vaddr;    /* where it is linked to run (ELF p_vaddr; addr for anything else) */
    uint64_t memsz;    /* bytes to map; [filesz, memsz) is zero */
    uint64_t filesz;
    uint8_t *data;     /* filesz bytes (owned) */
    bool exec;         /* executable (SHF_EXECINSTR / PF_X) */
} el2_segment;

typedef struct el2_image {
    char *path;
    el2_image_kind kind;
    GArray *segments;          /* el2_segment */
    bool has_entry;
    uint64_t entry;
    uint64_t lo, hi;           /* lowest address, one past the highest, over all segments */
    char sha256[65];           /* of the file as read */
    GPtrArray *undefined;      /* char*: undefined symbols bound to scratch (warned) */
    bool aarch32;              /* a 32-bit Arm ELF (elf32.c): A32/T32 code, --arch aarch32 */
} el2_image;

typedef struct el2_load_opts {
    bool has_base;      /* --base: rebase an executable so its lowest PT_LOAD sits here;
                           for a relocatable object, where its first section goes */
    uint64_t base;
    bool raw;           /* --load ADDR given: the file is a raw binary at load_addr */
    uint64_t load_addr;
    GHashTable *defines; /* char* -> uint64_t* : --define SYM=ADDR (may be NULL) */
    uint64_t default_base; /* where a relocatable object goes without --base */
} el2_load_opts;

/* Loads one image, adding its symbols to syms (undefined symbols of a relocatable
 * object resolve from defines, then from syms, else to zero-filled scratch placed
 * after the image: one 256-byte slot each, recorded in img->undefined).
 * On failure returns false with a one-line message "PATH: what (where)" in err. */
bool loader_load(const char *path, const el2_load_opts *o, el2_image *img,
                 el2_symtab *syms, GError **err);
void loader_image_clear(el2_image *img);
/* Where the byte at virtual address va of img is loaded: through the segment whose
 * [vaddr, vaddr + memsz) holds it. False when no segment does. */
bool loader_load_address(const el2_image *img, uint64_t va, uint64_t *pa);

GQuark el2_loader_error_quark(void);
#define EL2_LOADER_ERROR el2_loader_error_quark()
#endif
