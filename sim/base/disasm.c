/* disasm.c - Capstone (AArch64) behind a one-call interface. */
#include "disasm.h"
#include <capstone/capstone.h>
#include <stdio.h>

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
