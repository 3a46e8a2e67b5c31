/* a32_abort.c - memory aborts from AArch32 state (issue 21; Arm ARM DDI 0487
 * aarch32/exceptions: AArch32.Abort, AArch32.TakeDataAbortException,
 * AArch32.TakePrefetchAbortException, AArch32.EnterHypMode, AArch32.FaultStatusSD/LD; and
 * AArch64.TakeException where the target EL uses AArch64). With the MMU off, as abort.c
 * has it, an access to an address with no memory is a synchronous External abort and a
 * misaligned one to Device memory (or with SCTLR.A/HSCTLR.A, or one the instruction
 * always wants aligned: LDM, LDRD, exclusives) an Alignment fault. Taken:
 *  - on the Hyp-mode machine from Hyp mode to HVBAR + 0x10 (Data Abort) / 0x0C (Prefetch:
 *    abort.c's hyp32_fetch_abort), HSR EC 0x25/0x21, HDFAR/HIFAR, ELR_hyp the instruction;
 *    from User mode with HCR.TGE to the Hyp Trap entry 0x14, EC 0x24/0x20;
 *  - otherwise, from PL1 modes (and User mode without TGE), to the AArch32 EL1's Abort
 *    mode: a Data Abort at VBAR + 0x10, LR_abt = the instruction + 8, DFSR/DFAR; a Prefetch
 *    Abort at VBAR + 0x0C, LR_abt = the address + 4, IFSR/IFAR (short-descriptor FSR
 *    unless TTBCR.EAE, then the long-descriptor one with LPAE = 1);
 *  - to an AArch64 EL (EL0 with HCR_EL2.TGE to EL2, an AArch64 EL1 under an AArch32 EL0)
 *    as AArch64.TakeException: EC 0x24/0x20, DFSC/IFSC, WnR, FAR_ELx = the 32-bit VA, ELR
 *    the instruction (the fetch address).
 * ISV is 0: AArch64.FaultSyndrome / AArch32.ReportHypEntry give the instruction syndrome
 * (LSInstructionSyndrome, a32_access_ls_iss) only for a stage 2 fault, and these are not
 * (no stage 2 with the MMU off); so IL is 1. */
#include "a32_abort.h"
#include "a32_access.h"
#include "aarch32.h"
#include "abort.h"
#include "align.h"
#include "exception.h"
#include "hyp32.h"
#include "sysreg.h"
#include <stdio.h>

#define ABORT_REPEAT_LIMIT 3
#define SCTLR_V (1ULL << 13)

static uint32_t reg_reader(void *ctx, unsigned n)
{
    el2_cpu *c = ctx;
    return n == 16 ? aarch32_cpsr(c) : aarch32_r(c, n);
}

static bool thumb_state(el2_cpu *c) { return (aarch32_cpsr(c) & CPSR_T) != 0; }

static bool decode_at(el2_cpu *c, uint64_t pc, bool thumb, a32_access *a, uint32_t *insn, unsigned *len)
{
    *insn = aarch32_insn_at(c, pc, thumb, len);
    return a32_access_decode(*insn, thumb, (uint32_t)pc, reg_reader, c, a);
}

/* The engine reports an access with the PC of the block it is in: the first load/store
 * from there whose access starts at the faulting address, else the first that covers it
 * (a later register of an LDM, the second word of an LDRD). */
static bool find_access(el2_cpu *c, uint64_t from, uint64_t fault, uint64_t *pc)
{
    bool thumb = thumb_state(c);
    uint64_t end = from + 4 * 512;
    if (c->last_blk_addr <= from && from < c->last_blk_addr + c->last_blk_size)
        end = c->last_blk_addr + c->last_blk_size;
    for (int pass = 0; pass < 2; pass++)
        for (uint64_t at = from; at < end;) {
            a32_access a;
            uint32_t insn;
            unsigned len;
            bool ok = decode_at(c, at, thumb, &a, &insn, &len);
            if (ok && (pass == 0 ? a.addr == (uint32_t)fault : (uint32_t)fault - a.addr < a.size)) {
                *pc = at;
                return true;
            }
            at += len;
        }
    return false;
}

/* AArch32.FaultStatusSD (TTBCR.EAE == 0: FS<4> at bit 10, FS<3:0>; sync External abort
 * 0b01000, Alignment 0b00001) or AArch32.FaultStatusLD (EAE == 1: LPAE bit 9, STATUS the
 * long-descriptor code); WnR (bit 11) for a data access that writes; ExT 0 */
static uint32_t a32_fsr(el2_cpu *c, unsigned fsc, bool write)
{
    uint32_t wnr = write ? 1u << 11 : 0;
    if ((c->sr[SR_TCR_EL1] >> 31) & 1)                  /* TTBCR.EAE */
        return wnr | 1u << 9 | (fsc & 0x3f);
    unsigned fs = fsc == FSC_ALIGNMENT ? 0x01 : 0x08;
    return wnr | (fs & 0x10) << 6 | (fs & 0xf);
}

/* The vector the exception goes to must hold an instruction, else it aborts forever */
static bool vector_mapped(el2_cpu *c, const char *what, const char *base_name, uint32_t base, uint32_t off)
{
    uint32_t word, vector = base | off;
    if (cpu_read(c, vector, &word, sizeof word))
        return true;
    cpu_stop(c, STOP_FAULT, 0, "%s (vector of the abort itself is unmapped: %s + 0x%x = 0x%x)", what, base_name,
             off, vector);
    return false;
}

/* The same instruction faulting on the same address again and again: stop (abort.c's rule) */
static bool repeating(el2_cpu *c, const char *what)
{
    if (c->abort_pc == c->abort_last_pc && c->abort_addr == c->abort_last_addr) {
        if (++c->abort_repeats >= ABORT_REPEAT_LIMIT) {
            cpu_stop(c, STOP_FAULT, 0, "%s (the abort repeats without progress: %u times in a row)", what,
                     c->abort_repeats);
            return true;
        }
    } else {
        c->abort_repeats = 1;
    }
    c->abort_last_pc = c->abort_pc;
    c->abort_last_addr = c->abort_addr;
    return false;
}

/* AArch32.TakeDataAbortException / AArch32.TakePrefetchAbortException to the AArch32
 * EL1: AArch32.EnterMode(M32_Abort, ThisInstrAddr(), lr_offset 8 / 4, vect_offset 0x10 /
 * 0x0C); DFSR and DFAR (FAR_EL1<31:0>) or IFSR (IFSR32_EL2) and IFAR (FAR_EL1<63:32>). */
void a32_to_abort_mode(el2_cpu *c, const el2_exc_record *exc, const char *what)
{
    bool data = exc->kind == EXC_DATA_ABORT;
    uint32_t off = data ? 0x10 : 0x0c;
    uint64_t sctlr = c->sr[SR_SCTLR_EL1];
    uint32_t base = (sctlr & SCTLR_V) ? 0xffff0000u : (uint32_t)c->sr[SR_VBAR_EL1] & ~0x1fu;
    if (!vector_mapped(c, what, (sctlr & SCTLR_V) ? "hivecs 0xffff0000" : "VBAR", base, off))
        return;
    uint32_t fsr = a32_fsr(c, exc->syndrome & 0x3f, data && ((exc->syndrome >> 6) & 1));
    AArch32_TakeAbortToEL1(c, exc->kind, exc->pc, exc->insn, (uint32_t)exc->vaddress, fsr);
}

/* The abort exc (its syndrome built for a lower EL) from the current mode to where the
 * pseudocode routes it */
static void route(el2_cpu *c, el2_exc_record *exc, const char *what)
{
    bool tge = (c->sr[SR_HCR_EL2] & HCR_TGE) != 0, data = exc->kind == EXC_DATA_ABORT;
    uint32_t iss = exc->syndrome & 0x1ffffff;
    if (hyp32(c)) {
        if (c->el == 2 || (c->el == 0 && tge)) {        /* AArch32.EnterHypMode */
            uint32_t off = hyp32_vector(c, exc->kind);
            if (!vector_mapped(c, what, "HVBAR", (uint32_t)c->sr[SR_VBAR_EL2] & ~0x1fu, off))
                return;
            exc->syndrome = data ? syn_data_abort_iss(c->el == 2, iss & 0x3f, iss) : syn_insn_abort(c->el == 2, iss & 0x3f);
            AArch32_EnterHypMode(c, exc, (uint32_t)exc->pc, off);
            return;
        }
        a32_to_abort_mode(c, exc, what);
        return;
    }
    unsigned target = route_sync(c);
    if (target == 1 && el_is_aarch32(c, 1)) {
        a32_to_abort_mode(c, exc, what);
        return;
    }
    uint64_t vbar = c->sr[target == 2 ? SR_VBAR_EL2 : SR_VBAR_EL1] & ~0x7ffULL;
    uint64_t vector = exception_vector(c, target, VECT_SYNC);
    uint32_t word;
    if (!cpu_read(c, vector, &word, sizeof word)) {
        cpu_stop(c, STOP_FAULT, 0, "%s (vector of the abort itself is unmapped: VBAR_EL%u + 0x%llx = 0x%llx)", what,
                 target, (unsigned long long)(vector - vbar), (unsigned long long)vector);
        return;
    }
    exc->syndrome = data ? syn_data_abort_iss(false, iss & 0x3f, iss) : syn_insn_abort(false, iss & 0x3f);
    AArch64_TakeException(c, target, exc, exc->pc, VECT_SYNC);
}

static const char *mode_text(el2_cpu *c, char *buf, size_t n)
{
    snprintf(buf, n, "EL%u (%s mode)", c->el, aarch32_mode_name(aarch32_cpsr(c)));
    return buf;
}

void a32_abort_take(el2_cpu *c)
{
    char what[400], mode[32];
    mode_text(c, mode, sizeof mode);
    uint32_t va = (uint32_t)c->abort_addr;
    if (c->abort_kind == ABORT_FETCH) {
        snprintf(what, sizeof what, "%s instruction fetch from unmapped address 0x%x (after %s)", mode, va,
                 cpu_sym(c, c->last_blk_addr));
        c->abort_pc = va;
        if (repeating(c, what))
            return;
        el2_exc_record exc = { .kind = EXC_INSN_ABORT, .syndrome = syn_insn_abort(false, FSC_EXTERNAL),
                               .has_far = true, .vaddress = va, .pc = va };
        route(c, &exc, what);
        return;
    }
    bool thumb = thumb_state(c);
    uint64_t pc = c->abort_pc;
    a32_access a;
    uint32_t insn;
    unsigned len;
    if (c->abort_kind == ABORT_ALIGN && c->abort_size == 0) {
        /* the engine's own alignment check (LDREX, LDRD, LDM, ...), on the instruction */
        if (!decode_at(c, pc, thumb, &a, &insn, &len)) {
            cpu_stop(c, STOP_FAULT, 0, "%s alignment fault at %s (address not decodable)", mode, cpu_sym(c, pc));
            return;
        }
        c->abort_addr = va = a.addr;
    } else if (c->abort_kind != ABORT_ALIGN) {
        if (!find_access(c, c->abort_pc, c->abort_addr, &pc)) {
            cpu_stop(c, STOP_FAULT, 0, "%s %s of %d bytes at unmapped address 0x%x (the accessing instruction was not "
                     "found)", mode, c->abort_kind == ABORT_WRITE ? "write" : "read", c->abort_size, va);
            return;
        }
        c->abort_pc = pc;
        decode_at(c, pc, thumb, &a, &insn, &len);
    } else {
        decode_at(c, pc, thumb, &a, &insn, &len);
    }
    cpu_set_pc(c, pc);
    bool align = c->abort_kind == ABORT_ALIGN;
    bool write = align ? a.write : c->abort_kind == ABORT_WRITE;
    if (align)
        snprintf(what, sizeof what, "%s misaligned access at 0x%x by %s", mode, va, cpu_sym(c, pc));
    else
        snprintf(what, sizeof what, "%s %s of %d bytes at unmapped address 0x%x by %s", mode,
                 write ? "write" : "read", c->abort_size, va, cpu_sym(c, pc));
    if (repeating(c, what))
        return;
    el2_exc_record exc = { .kind = EXC_DATA_ABORT,
                           .syndrome = syn_data_abort(false, write, align ? FSC_ALIGNMENT : FSC_EXTERNAL),
                           .has_far = true, .vaddress = va, .pc = pc, .insn = insn };
    route(c, &exc, what);
}

/* AArch32.CheckAlignment (MemA: the instruction's own alignment, any memory) and the
 * alignment Device memory and SCTLR.A / HSCTLR.A ask of every element (align_required:
 * with the MMU off every data access is to Device memory) */
bool a32_align_check(el2_cpu *c, uint64_t pc, uint32_t insn, bool thumb, uint32_t cpsr)
{
    a32_access a;
    if (!aarch32_cond_passed(insn, thumb, cpsr) ||
        !a32_access_decode(insn, thumb, (uint32_t)pc, reg_reader, c, &a))
        return false;
    bool bad = (a.align > 1 && (a.addr & (a.align - 1))) ||
               (a.esize > 1 && (a.addr & (a.esize - 1)) && align_required(c, a.addr, a.esize));
    if (!bad)
        return false;
    /* taken at once, as the executor's other hooked instructions are: the exception entry
     * writes the PC, so the access never runs (a stop noted from this hook would not keep
     * the engine from running it: the engine checks for a stop only at a block start) */
    c->abort_kind = ABORT_ALIGN;
    c->abort_addr = a.addr;
    c->abort_size = (int)a.esize;
    c->abort_pc = pc;
    a32_abort_take(c);
    return true;
}
