/* symbols.h - symbol table: every address el2sim prints goes through here. */
#ifndef EL2_SYMBOLS_H
#define EL2_SYMBOLS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct el2_symbol {
    char *name;
    uint64_t addr;
    uint64_t size;   /* 0 when the ELF gave none */
    bool is_func;
    bool is_global;
} el2_symbol;

typedef struct el2_symtab el2_symtab;

el2_symtab *symtab_new(void);
void symtab_free(el2_symtab *st);
/* Adds a symbol; names starting with "$" (mapping symbols) and empty names are ignored. */
void symtab_add(el2_symtab *st, const char *name, uint64_t addr, uint64_t size,
                bool is_func, bool is_global);
/* Exact lookup by name; global symbols win over local ones of the same name. */
bool symtab_lookup(const el2_symtab *st, const char *name, uint64_t *addr);
/* Nearest symbol at or below addr (within its size when it has one, else within
 * 1 MiB); NULL if none. *off receives addr - sym->addr. */
const el2_symbol *symtab_find(const el2_symtab *st, uint64_t addr, uint64_t *off);
/* "sym+0x10", "sym" or "0x40001000": writes into buf (always NUL-terminated). */
const char *symtab_format(const el2_symtab *st, uint64_t addr, char *buf, size_t n);
size_t symtab_count(const el2_symtab *st);
const el2_symbol *symtab_at(const el2_symtab *st, size_t i); /* sorted by address */

/* Parses "SYMBOL", "SYMBOL+0x10", "0x4000" or decimal into an address. */
bool symtab_resolve(const el2_symtab *st, const char *text, uint64_t *addr);
#endif
