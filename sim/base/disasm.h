/* disasm.h - Capstone wrapper: one A64 instruction to text. */
#ifndef EL2_DISASM_H
#define EL2_DISASM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "symbols.h"
const char *disasm(uint64_t pc, uint32_t insn, char *buf, size_t n);
/* One A32 (thumb false) or T32 instruction: a 16-bit T32 one in bits 15:0, a 32-bit one
 * as hw1:hw2 (the first halfword in bits 31:16), as the Arm ARM writes encodings. */
const char *disasm_a32(uint64_t pc, uint32_t insn, bool thumb, char *buf, size_t n);
/* Where a PC-relative branch (B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ) at pc goes; false for
 * any other instruction. */
bool disasm_branch_target(uint64_t pc, uint32_t insn, uint64_t *target);
/* disasm, with a branch target written as objdump does, "b 0x40081000 <elx_sync>"
 * (symbolised through st; the bare address when no symbol covers it). Every
 * disassembly el2sim prints goes through here: event lines, findings, el2trace. */
const char *disasm_sym(const el2_symtab *st, uint64_t pc, uint32_t insn, char *buf, size_t n);
#endif
