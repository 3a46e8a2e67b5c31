/* abort.c - guest accesses el2sim cannot complete. el2sim does not model stage-1 or
 * stage-2 translation: every access is as with the MMU off, where data accesses are
 * to Device-nGnRnE memory. So, as the Arm ARM defines it for that state
 * (AArch64.S1DisabledOutput: the VA is the PA; an address with any bit set between
 * AddrTop and PAMax is an Address size fault, checked before alignment, and an access
 * the memory system cannot complete is an External abort):
 *  - an instruction fetch from unmapped memory is a synchronous External abort on
 *    instruction fetch: EC 0x20 (from a lower EL) or 0x21 (same EL), IFSC 0x10,
 *    FAR = ELR = the address;
 *  - a data access to unmapped memory is a synchronous External abort: EC 0x24/0x25,
 *    DFSC 0x10, WnR for writes, FAR = the address, ELR = the instruction;
 *  - a fetch or data access beyond the CPU model's physical address range
 *    (ID_AA64MMFR0_EL1.PARange; the top byte ignored where TBI applies) is an Address
 *    size fault at level 0 (IFSC/DFSC 0b000000), likewise for a misaligned access;
 *  - a fetch from a PC with bits 1:0 set is a PC alignment fault (EC 0x22, FAR = ELR =
 *    the PC), which comes before any fault of the fetch itself;
 *  - a misaligned exclusive or atomic access is an Alignment fault, DFSC 0x21 (the
 *    engine raises it as exception 4; the address is recomputed from the instruction
 *    with Capstone).
 * Not modelled: a tagged data address (TBI on) whose untagged address is RAM, which
 * the architecture completes at the untagged address: el2sim stops, saying so.
 * The SP alignment check (SCTLR_ELx.SA, EC 0x26) and ordinary misaligned accesses are
 * align.c's (a code hook decodes each load/store before it runs).
 * The abort is routed like other synchronous exceptions (EL0 to EL1, or EL2 with
 * HCR_EL2.TGE). When it cannot help - its own vector is unmapped, or the same
 * instruction faults on the same address three times in a row - the run stops
 * (STOP_FAULT) with a one-line message naming the instruction. */
#include "abort.h"
#include "a32_abort.h"
#include "a32_pcalign.h"
#include "hyp32.h"
#include "mmu.h"
#include "exception.h"
#include "sysreg.h"
#include "vmem.h"
#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ABORT_REPEAT_LIMIT 3

/* ID_AA64MMFR0_EL1.PARange in bits (0b0000 32 bits, 36, 40, 42, 44, 48, 0b0110 52 bits) */
unsigned parange_bits(uint64_t id_aa64mmfr0)
{
    static const unsigned bits[] = { 32, 36, 40, 42, 44, 48, 52 };
    unsigned r = (unsigned)(id_aa64mmfr0 & 0xf);
    return r < G_N_ELEMENTS(bits) ? bits[r] : 48;
}

/* AArch64.PAMax(): the physical address size, as the model's ID_AA64MMFR0_EL1.PARange
 * reports it */
unsigned AArch64_PAMax(const el2_cpu *c)
{
    return parange_bits(c->sr[SR_ID_AA64MMFR0_EL1]);
}

/* FEAT_PAuth: ID_AA64ISAR1_EL1.APA (7:4), API (11:8) */
static bool have_pauth(const el2_cpu *c)
{
    return (c->sr[SR_ID_AA64ISAR1_EL1] & 0xff0) != 0;
}

/* EffectiveTBI(address, IsInstr, PSTATE.EL): the stage 1 translation regime's TBI for the
 * half of the address space va is in, and TBID keeps tags out of instruction addresses
 * (with FEAT_PAuth). Regime EL2 uses TCR_EL2.TBI (bit 20) / TBID (29); EL2&0 (E2H, and
 * EL0 under E2H+TGE) and EL1&0 use TBI0/TBI1 (bits 37/38) and TBID0/TBID1 (51/52) of
 * TCR_EL2 or TCR_EL1 by va<55>. These apply with stage 1 disabled too. */
bool AArch64_EffectiveTBI(const el2_cpu *c, uint64_t va, bool is_instr)
{
    bool e2h = sysreg_e2h(c);
    bool el2_regime = c->el == 2 || (c->el == 0 && e2h && (c->sr[SR_HCR_EL2] & HCR_TGE));
    uint64_t tcr = c->sr[el2_regime ? SR_TCR_EL2 : SR_TCR_EL1];
    bool tbi, tbid;
    if (el2_regime && !e2h) {
        tbi = tcr >> 20 & 1;
        tbid = tcr >> 29 & 1;
    } else {
        unsigned upper = va >> 55 & 1;
        tbi = tcr >> (37 + upper) & 1;
        tbid = tcr >> (51 + upper) & 1;
    }
    return tbi && (!have_pauth(c) || !tbid || !is_instr);
}

/* AddrTop(): the most significant bit of the address, 55 when the top byte is ignored */
static unsigned addr_top(const el2_cpu *c, uint64_t va, bool is_instr)
{
    return AArch64_EffectiveTBI(c, va, is_instr) ? 55 : 63;
}

/* AArch64.BranchAddr(): what a branch to va writes to the PC - with the top byte ignored,
 * the tag goes (sign-extended from bit 55 at EL0/EL1 and in the EL2&0 host regime,
 * zero-extended at EL2). */
uint64_t AArch64_BranchAddr(const el2_cpu *c, uint64_t va)
{
    if (addr_top(c, va, true) == 63)
        return va;
    bool sext = c->el < 2 || sysreg_e2h(c);
    uint64_t low = va & ((1ULL << 56) - 1);
    return sext && (va >> 55 & 1) ? low | 0xff00000000000000ULL : low;
}

/* AArch64.S1DisabledOutput(): !IsZero(va<AddrTop:PAMax>) is an Address size fault
 * (fault.level = 0), before the alignment check. */
bool AArch64_S1OffAddressSizeFault(const el2_cpu *c, uint64_t va, bool is_instr)
{
    unsigned top = addr_top(c, va, is_instr), pamax = AArch64_PAMax(c);
    uint64_t upto_top = top == 63 ? ~0ULL : (1ULL << (top + 1)) - 1;
    return (va & upto_top) >> pamax != 0;
}

void abort_note(el2_cpu *c, int kind, uint64_t addr, int size, uint64_t pc)
{
    if (c->stop != STOP_NONE)
        return;
    if (c->abort_pending) {
        /* noted before and the executor ran on: its stop was dropped (uc_facts.h F10: a
         * PC write in the same run), so ask again rather than let it go round (the guest
         * fetching from el2sim's private page spun forever in the block hook) */
        c->port->halt(c->port_ctx);
        return;
    }
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
bool abort_access_address(el2_cpu *c, uint64_t pc, uint64_t *addr)
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
    uint32_t insn = GUINT32_TO_LE(cpu_vinsn_at(c, pc));
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
            if (!abort_access_address(c, a, &x))
                continue;
            if (pass == 0 ? x == fault : fault - x < 64) {
                *pc = a;
                return true;
            }
        }
    return false;
}

/* What the architecture makes of the noted access, with the MMU off */
typedef enum { AF_EXTERNAL, AF_ADDR_SIZE, AF_ALIGNMENT, AF_PC_ALIGN } abort_fault;

static abort_fault classify(el2_cpu *c)
{
    bool fetch = c->abort_kind == ABORT_FETCH;
    /* AArch64.CheckPCAlignment() comes before the fetch and so before its faults */
    if (fetch && (c->abort_addr & 3))
        return AF_PC_ALIGN;
    /* with translation on, the address was translated (mmu.c gave the faults it has):
     * what is left is the External abort of an output address with no memory */
    mmu_regime r = mmu_regime_of(c, c->el);
    bool translated = mmu_s1_enabled(c, r) || (r == REGIME_EL10 && mmu_s2_enabled(c));
    if (!translated && AArch64_S1OffAddressSizeFault(c, c->abort_addr, fetch))
        return AF_ADDR_SIZE;
    return c->abort_kind == ABORT_ALIGN ? AF_ALIGNMENT : AF_EXTERNAL;
}

static const char *access_text(el2_cpu *c, abort_fault f, char *buf, size_t n)
{
    unsigned long long a = (unsigned long long)c->abort_addr;
    char beyond[64] = "";            /* ", beyond the N-bit physical address range" */
    if (f == AF_ADDR_SIZE)
        snprintf(beyond, sizeof beyond, ", beyond the %u-bit physical address range", AArch64_PAMax(c));
    switch (c->abort_kind) {
    case ABORT_FETCH:
        snprintf(buf, n, "EL%u instruction fetch from %s0x%llx%s (after %s)", c->el,
                 f == AF_PC_ALIGN ? "misaligned address " : f == AF_ADDR_SIZE ? "" : "unmapped address ", a,
                 beyond, cpu_sym(c, c->last_blk_addr));
        break;
    case ABORT_ALIGN:
        snprintf(buf, n, "EL%u misaligned access at 0x%llx%s%s by %s", c->el, a, beyond, *beyond ? "," : "",
                 cpu_sym(c, c->abort_pc));
        break;
    default:
        snprintf(buf, n, "EL%u %s of %d bytes at %s0x%llx%s%s by %s", c->el,
                 c->abort_kind == ABORT_WRITE ? "write" : "read", c->abort_size,
                 f == AF_ADDR_SIZE ? "" : "unmapped address ", a, beyond, *beyond ? "," : "",
                 cpu_sym(c, c->abort_pc));
    }
    return buf;
}

/* A data access through a tagged address (TBI on) whose untagged address is RAM: the
 * architecture completes it there; the engine has no mapping at the tagged address. */
static bool tagged_ram_access(el2_cpu *c)
{
    uint64_t untagged = c->abort_addr & ((1ULL << 56) - 1);
    uint8_t b;
    return untagged != c->abort_addr && AArch64_EffectiveTBI(c, c->abort_addr, false) &&
           cpu_read(c, untagged, &b, 1);
}

/* A fetch from an address with no memory on the Hyp-mode machine (MMU off: the External
 * abort, IFSC 0b010000 in the long-descriptor format Hyp mode uses), by
 * AArch32.TakePrefetchAbortException: in Hyp mode AArch32.EnterHypMode at 0x0C with HSR
 * EC 0x21, from User mode with HCR.TGE at the Hyp Trap entry 0x14 with EC 0x20; IL 1,
 * HIFAR = ELR_hyp = the address (preferred return ThisInstrAddr()). A fetch from a PL1
 * mode (Abort mode, IFSR/IFAR) is left to the caller's stop; false then. */
static bool hyp32_fetch_abort(el2_cpu *c)
{
    bool tge = (c->sr[SR_HCR_EL2] & HCR_TGE) != 0;
    if (c->el == 1 || (c->el == 0 && !tge))
        return false;
    uint32_t va = (uint32_t)c->abort_addr, off = hyp32_vector(c, EXC_INSN_ABORT);
    uint32_t vector = ((uint32_t)c->sr[SR_VBAR_EL2] & ~0x1fu) | off, word;
    if (!cpu_read(c, vector, &word, sizeof word)) {      /* it would abort again, forever */
        cpu_stop(c, STOP_FAULT, 0, "%s mode instruction fetch from unmapped address 0x%x (vector of the abort "
                 "itself is unmapped: HVBAR + 0x%x = 0x%x)", c->el == 2 ? "Hyp" : "User", va, off, vector);
        return true;
    }
    el2_exc_record exc = { .kind = EXC_INSN_ABORT, .syndrome = syn_insn_abort(c->el == 2, FSC_EXTERNAL),
                           .has_far = true, .vaddress = va, .pc = va };
    AArch32_EnterHypMode(c, &exc, va, off);
    return true;
}

void abort_take(el2_cpu *c)
{
    if (!c->abort_pending)
        return;
    c->abort_pending = false;
    /* AArch32.CheckPCAlignment() comes before the fetch and so before its faults */
    if (c->aarch32 && c->abort_kind == ABORT_FETCH &&
        AArch32_CheckPCAlignment(c, (uint32_t)c->abort_addr, (aarch32_cpsr(c) & CPSR_T) != 0))
        return;
    if (c->aarch32 && hyp32(c) && c->abort_kind == ABORT_FETCH && hyp32_fetch_abort(c))
        return;
    if (c->aarch32) {                  /* aborts from AArch32 (a32_abort.c) */
        a32_abort_take(c);
        return;
    }
    char what[400];
    if (c->abort_kind == ABORT_FETCH) {
        /* AArch64.BranchTo() wrote AArch64.BranchAddr(target) to the PC: with the top
         * byte ignored the tag never reached it, and the fetch is from the untagged PC */
        uint64_t pc = AArch64_BranchAddr(c, c->abort_addr);
        if (pc != c->abort_addr) {
            cpu_set_pc(c, pc);
            return;
        }
    }
    /* the engine's alignment faults (exclusives, atomics) come without an address (size 0);
     * align.c's come with it */
    if (c->abort_kind == ABORT_ALIGN && c->abort_size == 0 && !abort_access_address(c, c->abort_pc, &c->abort_addr)) {
        cpu_stop(c, STOP_FAULT, 0, "EL%u alignment fault at %s (address not decodable)", c->el,
                     cpu_sym(c, c->abort_pc));
        return;
    }
    abort_fault f = classify(c);
    if (c->abort_kind == ABORT_READ || c->abort_kind == ABORT_WRITE) {
        uint64_t pc;
        if (!abort_find_access(c, c->abort_pc, c->abort_addr, &pc)) {
            access_text(c, f, what, sizeof what);
            cpu_stop(c, STOP_FAULT, 0, "%s (the accessing instruction was not found)", what);
            return;
        }
        c->abort_pc = pc;
        cpu_set_pc(c, pc);
        if (f == AF_EXTERNAL && tagged_ram_access(c)) {
            cpu_stop(c, STOP_FAULT, 0, "EL%u %s of %d bytes at 0x%llx by %s: the top byte is ignored (TBI) and "
                     "0x%llx is RAM; el2sim does not complete accesses through tagged addresses", c->el,
                     c->abort_kind == ABORT_WRITE ? "write" : "read", c->abort_size,
                     (unsigned long long)c->abort_addr, cpu_sym(c, c->abort_pc),
                     (unsigned long long)(c->abort_addr & ((1ULL << 56) - 1)));
            return;
        }
    }
    access_text(c, f, what, sizeof what);

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
    uint64_t vbar = c->sr[target == 2 ? SR_VBAR_EL2 : SR_VBAR_EL1] & ~0x7ffULL;   /* VBAR_ELx<63:11> */
    uint64_t vector = exception_vector(c, target, VECT_SYNC);
    uint32_t word;
    mmu_regime tr = mmu_regime_of(c, target);
    if (!mmu_s1_enabled(c, tr) && !cpu_read(c, vector, &word, sizeof word)) {
        cpu_stop(c, STOP_FAULT, 0, "%s (vector of the abort itself is unmapped: VBAR_EL%u + 0x%llx = 0x%llx)",
                     what, target, (unsigned long long)(vector - vbar), (unsigned long long)vector);
        return;
    }
    if (f == AF_PC_ALIGN) {
        /* PC alignment fault: FAR = ELR = the misaligned PC */
        el2_exc_record exc = { .kind = EXC_PC_ALIGN, .syndrome = syn_pcalignment(), .has_far = true,
                               .vaddress = c->abort_addr, .pc = c->abort_addr };
        AArch64_TakeException(c, target, &exc, c->abort_addr, VECT_SYNC);
    } else if (c->abort_kind == ABORT_FETCH) {
        uint32_t syn = f == AF_ADDR_SIZE ? syn_insn_abort_addr_size(!lower, 0) : syn_insn_abort(!lower, FSC_EXTERNAL);
        el2_exc_record exc = { .kind = EXC_INSN_ABORT, .syndrome = syn, .has_far = true,
                               .vaddress = c->abort_addr, .pc = c->abort_addr };
        AArch64_TakeException(c, target, &exc, c->abort_addr, VECT_SYNC);
    } else {
        uint32_t insn = cpu_vinsn_at(c, c->abort_pc);
        bool literal = (insn & 0x3b000000) == 0x18000000;   /* load (literal): always a read */
        /* loads and stores: bit 22 is L */
        bool wnr = c->abort_kind == ABORT_WRITE || (c->abort_kind == ABORT_ALIGN && !literal && !(insn >> 22 & 1));
        uint32_t syn = f == AF_ADDR_SIZE ? syn_data_abort_addr_size(!lower, wnr, 0)
                     : syn_data_abort(!lower, wnr, f == AF_ALIGNMENT ? FSC_ALIGNMENT : FSC_EXTERNAL);
        el2_exc_record exc = { .kind = EXC_DATA_ABORT, .syndrome = syn, .has_far = true,
                               .vaddress = c->abort_addr, .pc = c->abort_pc, .insn = insn };
        AArch64_TakeException(c, target, &exc, c->abort_pc, VECT_SYNC);
    }
}
