/* abort.c - guest accesses el2sim cannot complete. el2sim does not model stage-1 or
 * stage-2 translation: every access is as with the MMU off, where data accesses are
 * to Device-nGnRnE memory. So, as the Arm ARM defines it for that state:
 *  - an instruction fetch from unmapped memory is a synchronous External abort on
 *    instruction fetch: EC 0x20 (from a lower EL) or 0x21 (same EL), IFSC 0x10,
 *    FAR = ELR = the address;
 *  - a data access to unmapped memory is a synchronous External abort: EC 0x24/0x25,
 *    DFSC 0x10, WnR for writes, FAR = the address, ELR = the instruction;
 *  - a misaligned exclusive or atomic access is an Alignment fault, DFSC 0x21 (the
 *    engine raises it as exception 4; the address is recomputed from the instruction
 *    with Capstone).
 * Not modelled: a misaligned ordinary load/store, which with the MMU off (Device
 * memory) is an Alignment fault too, completes as on Normal memory: Unicorn 2.0.1
 * (QEMU 5.0) never checks the alignment of ordinary accesses, not even with the real
 * SCTLR_EL3.A set (tried), and a check in a hook on every access would cost too much.
 * Likewise the SP alignment check (SCTLR_ELx.SA, EC 0x26): QEMU 5.0 does not do it.
 * The abort is routed like other synchronous exceptions (EL0 to EL1, or EL2 with
 * HCR_EL2.TGE). When it cannot help - its own vector is unmapped, or the same
 * instruction faults on the same address three times in a row - the run stops
 * (STOP_FAULT) with a one-line message naming the instruction. */
#include "abort.h"
#include "exception.h"
#include "sysreg.h"
#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ABORT_REPEAT_LIMIT 3

void abort_note(el2_cpu *c, int kind, uint64_t addr, int size, uint64_t pc)
{
    if (c->stop != STOP_NONE || c->abort_pending)
        return;
    c->abort_pending = true;
    c->abort_kind = kind;
    c->abort_addr = addr;
    c->abort_size = size;
    c->abort_pc = pc;
    c->port->halt(c->port_ctx);
}

/* Xn/Wn/SP/XZR named by Capstone, read from the guest. */
static bool reg_value(el2_cpu *c, csh cs, unsigned reg, uint64_t *v)
{
    const char *n = cs_reg_name(cs, reg);
    if (!n)
        return false;
    if (!strcmp(n, "sp") || !strcmp(n, "wsp")) {
        *v = cpu_sp(c);
    } else if (!strcmp(n, "xzr") || !strcmp(n, "wzr")) {
        *v = 0;
    } else if ((n[0] == 'x' || n[0] == 'w') && n[1] >= '0' && n[1] <= '9') {
        int i = atoi(n + 1);
        if (i > 30)
            return false;
        *v = cpu_x(c, i);
        if (n[0] == 'w')
            *v &= 0xffffffffu;
    } else {
        return false;
    }
    return true;
}

/* The address a load/store at pc accesses: base + (extended, shifted index) + offset
 * (post-indexed forms access the base). False when the encoding is not understood. */
static bool access_address(el2_cpu *c, uint64_t pc, uint64_t *addr)
{
    static csh cs;
    static int opened;
    if (!opened) {
        opened = cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &cs) == CS_ERR_OK ? 1 : -1;
        if (opened == 1)
            cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
    }
    if (opened != 1)
        return false;
    uint32_t insn = GUINT32_TO_LE(cpu_insn_at(c, pc));
    cs_insn *ci = NULL;
    if (cs_disasm(cs, (const uint8_t *)&insn, 4, pc, 1, &ci) != 1)
        return false;
    bool ok = false;
    const cs_arm64 *d = &ci->detail->arm64;
    for (int i = 0; i < d->op_count && !ok; i++) {
        const cs_arm64_op *op = &d->operands[i];
        if (op->type != ARM64_OP_MEM)
            continue;
        uint64_t base = 0, index = 0;
        if (!reg_value(c, cs, op->mem.base, &base))
            break;
        if (op->mem.index != ARM64_REG_INVALID) {
            if (!reg_value(c, cs, op->mem.index, &index))
                break;
            switch (op->ext) {
            case ARM64_EXT_UXTW: index = (uint32_t)index; break;
            case ARM64_EXT_SXTW: index = (uint64_t)(int64_t)(int32_t)index; break;
            default: break;
            }
            if (op->shift.type == ARM64_SFT_LSL)
                index <<= op->shift.value;
        }
        *addr = base + index + (uint64_t)(int64_t)op->mem.disp;
        ok = true;
    }
    cs_free(ci, 1);
    return ok;
}

/* The engine reports an unmapped data access with the PC of the block it is in (the
 * PC is synchronised per block), the registers as the faulting instruction sees them.
 * Finds that instruction: the first load/store from the block start whose address
 * is the faulting one (or within 64 bytes below it: a pair, a vector access, the
 * second page of a crossing access). False when none matches. */
bool abort_find_access(el2_cpu *c, uint64_t from, uint64_t fault, uint64_t *pc)
{
    uint64_t end = from + 4 * 512;
    if (c->last_blk_addr <= from && from < c->last_blk_addr + c->last_blk_size)
        end = c->last_blk_addr + c->last_blk_size;
    for (int pass = 0; pass < 2; pass++)
        for (uint64_t a = from; a < end; a += 4) {
            uint64_t x;
            if (!access_address(c, a, &x))
                continue;
            if (pass == 0 ? x == fault : fault - x < 64) {
                *pc = a;
                return true;
            }
        }
    return false;
}

static const char *access_text(el2_cpu *c, char *buf, size_t n)
{
    switch (c->abort_kind) {
    case ABORT_FETCH:
        snprintf(buf, n, "EL%u instruction fetch from unmapped address 0x%llx (after %s)", c->el,
                 (unsigned long long)c->abort_addr, cpu_sym(c, c->last_blk_addr));
        break;
    case ABORT_ALIGN:
        snprintf(buf, n, "EL%u misaligned access at 0x%llx by %s", c->el,
                 (unsigned long long)c->abort_addr, cpu_sym(c, c->abort_pc));
        break;
    default:
        snprintf(buf, n, "EL%u %s of %d bytes at unmapped address 0x%llx by %s", c->el,
                 c->abort_kind == ABORT_WRITE ? "write" : "read", c->abort_size,
                 (unsigned long long)c->abort_addr, cpu_sym(c, c->abort_pc));
    }
    return buf;
}

void abort_take(el2_cpu *c)
{
    if (!c->abort_pending)
        return;
    c->abort_pending = false;
    char what[400];
    /* the engine's alignment faults (exclusives, atomics) come without an address (size 0);
     * align.c's come with it */
    if (c->abort_kind == ABORT_ALIGN && c->abort_size == 0 && !access_address(c, c->abort_pc, &c->abort_addr)) {
        cpu_stop(c, STOP_FAULT, 0, "EL%u alignment fault at %s (address not decodable)", c->el,
                     cpu_sym(c, c->abort_pc));
        return;
    }
    if (c->abort_kind == ABORT_READ || c->abort_kind == ABORT_WRITE) {
        uint64_t pc;
        if (!abort_find_access(c, c->abort_pc, c->abort_addr, &pc)) {
            access_text(c, what, sizeof what);
            cpu_stop(c, STOP_FAULT, 0, "%s (the accessing instruction was not found)", what);
            return;
        }
        c->abort_pc = pc;
        cpu_set_pc(c, pc);
    }
    access_text(c, what, sizeof what);

    if (c->abort_pc == c->abort_last_pc && c->abort_addr == c->abort_last_addr) {
        if (++c->abort_repeats >= ABORT_REPEAT_LIMIT) {
            cpu_stop(c, STOP_FAULT, 0, "%s (the abort repeats without progress: %u times in a row)",
                         what, c->abort_repeats);
            return;
        }
    } else {
        c->abort_repeats = 1;
    }
    c->abort_last_pc = c->abort_pc;
    c->abort_last_addr = c->abort_addr;

    unsigned target = route_sync(c);
    bool lower = target > c->el;
    uint64_t vbar = c->sr[target == 2 ? SR_VBAR_EL2 : SR_VBAR_EL1];
    uint64_t vector = exception_vector(c, target, VECT_SYNC);
    uint32_t word;
    if (!cpu_read(c, vector, &word, sizeof word)) {
        cpu_stop(c, STOP_FAULT, 0, "%s (vector of the abort itself is unmapped: VBAR_EL%u + 0x%llx = 0x%llx)",
                     what, target, (unsigned long long)(vector - vbar), (unsigned long long)vector);
        return;
    }
    if (c->abort_kind == ABORT_FETCH) {
        el2_exc_record exc = { .kind = EXC_INSN_ABORT, .syndrome = syn_insn_abort(!lower, FSC_EXTERNAL),
                               .has_far = true, .vaddress = c->abort_addr, .pc = c->abort_addr };
        AArch64_TakeException(c, target, &exc, c->abort_addr, VECT_SYNC);
    } else {
        unsigned fsc = c->abort_kind == ABORT_ALIGN ? FSC_ALIGNMENT : FSC_EXTERNAL;
        uint32_t insn = cpu_insn_at(c, c->abort_pc);
        bool literal = (insn & 0x3b000000) == 0x18000000;   /* load (literal): always a read */
        /* loads and stores: bit 22 is L */
        bool wnr = c->abort_kind == ABORT_WRITE || (c->abort_kind == ABORT_ALIGN && !literal && !(insn >> 22 & 1));
        el2_exc_record exc = { .kind = EXC_DATA_ABORT, .syndrome = syn_data_abort(!lower, wnr, fsc),
                               .has_far = true, .vaddress = c->abort_addr, .pc = c->abort_pc, .insn = insn };
        AArch64_TakeException(c, target, &exc, c->abort_pc, VECT_SYNC);
    }
}
