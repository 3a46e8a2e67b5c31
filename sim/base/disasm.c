/* disasm.c - Capstone (AArch64) behind a one-call interface. */
#include "disasm.h"
#include <capstone/capstone.h>
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static csh handle;
static int opened;   /* 0 not yet, 1 ok, -1 failed */

const char *disasm(uint64_t pc, uint32_t insn, char *buf, size_t n)
{
    if (!opened)
        opened = cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &handle) == CS_ERR_OK ? 1 : -1;
    uint8_t bytes[4] = { insn & 0xff, insn >> 8 & 0xff, insn >> 16 & 0xff, insn >> 24 };
    cs_insn *ci = NULL;
    if ((insn >> 16) == 0) {              /* UDF #imm16: permanently undefined (Capstone 4 lacks it) */
        snprintf(buf, n, "udf #%u", insn & 0xffff);
        return buf;
    }
    if (opened == 1 && cs_disasm(handle, bytes, 4, pc, 1, &ci) == 1) {
        if (ci->op_str[0])
            snprintf(buf, n, "%s %s", ci->mnemonic, ci->op_str);
        else
            snprintf(buf, n, "%s", ci->mnemonic);
        cs_free(ci, 1);
    } else {
        snprintf(buf, n, ".inst 0x%08x", insn);
    }
    return buf;
}

/* AArch32 (issue 21): an A32 word, or a T32 instruction as the Arm ARM writes it: a
 * 16-bit one in bits 15:0 (bits 31:16 zero), a 32-bit one as hw1:hw2 (hw1, the halfword
 * at the lower address, in bits 31:16, always 0xe800 or above). */
const char *disasm_a32(uint64_t pc, uint32_t insn, bool thumb, char *buf, size_t n)
{
    static csh h[2];
    static int open32[2];
    int k = thumb ? 1 : 0;
    if (!open32[k])
        open32[k] = cs_open(CS_ARCH_ARM, thumb ? CS_MODE_THUMB : CS_MODE_ARM, &h[k]) == CS_ERR_OK ? 1 : -1;
    uint8_t bytes[4];
    size_t len = 4;
    if (thumb && (insn >> 16) == 0) {
        bytes[0] = insn & 0xff;
        bytes[1] = insn >> 8 & 0xff;
        len = 2;
    } else if (thumb) {
        bytes[0] = insn >> 16 & 0xff;
        bytes[1] = insn >> 24;
        bytes[2] = insn & 0xff;
        bytes[3] = insn >> 8 & 0xff;
    } else {
        bytes[0] = insn & 0xff;
        bytes[1] = insn >> 8 & 0xff;
        bytes[2] = insn >> 16 & 0xff;
        bytes[3] = insn >> 24;
    }
    cs_insn *ci = NULL;
    if (open32[k] == 1 && cs_disasm(h[k], bytes, len, pc, 1, &ci) == 1) {
        if (ci->op_str[0])
            snprintf(buf, n, "%s %s", ci->mnemonic, ci->op_str);
        else
            snprintf(buf, n, "%s", ci->mnemonic);
        cs_free(ci, 1);
    } else if (len == 2) {
        snprintf(buf, n, ".inst.n 0x%04x", insn);
    } else {
        snprintf(buf, n, ".inst%s 0x%08x", thumb ? ".w" : "", insn);
    }
    return buf;
}

/* imm (bits wide) sign-extended, times 4 */
static int64_t branch_offset(uint32_t imm, unsigned bits)
{
    int64_t v = (int64_t)((uint64_t)imm << (64 - bits)) >> (64 - bits);
    return v * 4;
}

bool disasm_branch_target(uint64_t pc, uint32_t insn, uint64_t *target)
{
    int64_t off;
    if ((insn & 0x7c000000) == 0x14000000)                         /* B, BL: imm26 */
        off = branch_offset(insn & 0x3ffffff, 26);
    else if ((insn & 0xff000010) == 0x54000000)                    /* B.cond: imm19 */
        off = branch_offset(insn >> 5 & 0x7ffff, 19);
    else if ((insn & 0x7e000000) == 0x34000000)                    /* CBZ, CBNZ: imm19 */
        off = branch_offset(insn >> 5 & 0x7ffff, 19);
    else if ((insn & 0x7e000000) == 0x36000000)                    /* TBZ, TBNZ: imm14 */
        off = branch_offset(insn >> 5 & 0x3fff, 14);
    else
        return false;
    *target = pc + (uint64_t)off;
    return true;
}

const char *disasm_sym(const el2_symtab *st, uint64_t pc, uint32_t insn, char *buf, size_t n)
{
    disasm(pc, insn, buf, n);
    uint64_t target;
    if (!disasm_branch_target(pc, insn, &target))
        return buf;
    /* Capstone writes the target last, as "#0x40081000" */
    char *hash = strrchr(buf, '#'), *end = NULL;
    if (!hash || strncmp(hash, "#0x", 3) || g_ascii_strtoull(hash + 1, &end, 16) != target || *end)
        return buf;
    char sym[160];
    uint64_t off;
    size_t at = (size_t)(hash - buf);
    if (st && symtab_find(st, target, &off))
        snprintf(hash, n - at, "0x%" PRIx64 " <%s>", target, symtab_format(st, target, sym, sizeof sym));
    else
        snprintf(hash, n - at, "0x%" PRIx64, target);
    return buf;
}
