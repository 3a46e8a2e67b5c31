/* elf32.h - 32-bit Arm ELF executables, rewritten as ELF64 for the ELF reader (elf32.c) */
#ifndef EL2_ELF32_H
#define EL2_ELF32_H
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* Is b an ELF with EI_CLASS ELFCLASS32? */
bool elf32_is_arm(const uint8_t *b, uint64_t len);
/* The ELF64 equivalent of the EM_ARM ET_EXEC file b (g_malloc'd in *out); false with a
 * message (g_malloc'd) in *why */
bool elf32_to_elf64(const uint8_t *b, uint64_t len, uint8_t **out, uint64_t *outlen, char **why);
#endif
