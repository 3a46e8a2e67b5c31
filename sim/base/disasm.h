/* disasm.h - Capstone wrapper: one A64 instruction to text. */
#ifndef EL2_DISASM_H
#define EL2_DISASM_H
#include <stddef.h>
#include <stdint.h>
const char *disasm(uint64_t pc, uint32_t insn, char *buf, size_t n);
#endif
