/* a32_it.c - T32 instructions el2sim traps or completes itself inside an IT block
 * (issue 21; uc_facts.h F23). Inside a translated block the engine keeps ITSTATE in its
 * translator: the CPSR.IT a code hook reads is 0 (the block's start stores 0 when it
 * starts in an IT block), and the engine generates no exit check after a code hook in an
 * IT block, so a PC written there does not end the block. So el2sim follows ITSTATE from
 * the block's start (its IT, read at the block hook, before the block runs), gives the
 * engine the instruction's own ITSTATE before it is trapped or completed (the SPSR of an
 * exception is the CPSR with it), the advanced one after it completed, and leaves the
 * block through the engine's cpu_loop_exit (as its own helpers do to raise an exception),
 * so that the engine goes on at the PC el2sim wrote, with the IT el2sim wrote. */
#include "engine_int.h"
#include "a32_abort.h"
#include "a32_fp.h"
#include "aarch32.h"
#include "it32.h"
#include <dlfcn.h>
#include <string.h>

enum { CPSR_RAW = 2 };     /* QEMU's CPSRWriteType (uc_facts.h F22) */

static void write_it(el2_engine *e, unsigned it);

/* ---- uc_facts.h F23, checked at start-up ---- */

typedef struct { el2_engine *e; uint64_t land; unsigned hooks, intrs; uint32_t intno, r15, r1, r2; } it_probe;

/* The code hook on the MOVEQ in the IT block: the PC to the landing (as eng_wr writes it),
 * IT 0, out of the block */
static void probe_code(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    it_probe *p = user;
    p->hooks++;
    ((uint32_t *)p->e->env)[15] = (uint32_t)p->land;
    uc_reg_write(uc, UC_ARM64_REG_PC, &p->land);
    write_it(p->e, 0);
    p->e->loop_exit(p->e->uc_cpu);
}

static void probe_intr(uc_engine *uc, uint32_t intno, void *user)
{
    it_probe *p = user;
    const uint32_t *regs = p->e->env;
    p->intrs++;
    p->intno = intno;
    p->r15 = regs[15];
    p->r1 = regs[1];
    p->r2 = regs[2];
    uc_emu_stop(uc);
}

/* At probe_at (EL3): ERET to Supervisor mode, T32, at scratch: movs r0, #0; cmp r0, r0;
 * itt eq; moveq r1, #5 (hooked); moveq r2, #7; svc #2; ... at scratch + 0x10: svc #1.
 * The hook must leave the block before the MOVEQs run and the engine go on at the
 * landing: SVC (2) once, R15 past svc #1, R1 and R2 still 0. */
static bool probe(el2_engine *e, uint64_t probe_at)
{
    const uint64_t scratch = 0xfffff000;
    static uint8_t host[0x1000] __attribute__((aligned(0x1000)));
    static const uint16_t t32[] = { 0x2000, 0x4280, 0xbf04, 0x2105, 0x2207, 0xdf02, 0xe7fe, 0xbf00, 0xdf01, 0xe7fe };
    for (unsigned i = 0; i < G_N_ELEMENTS(t32); i++) {
        uint16_t le = GUINT16_TO_LE(t32[i]);
        memcpy(host + 2 * i, &le, 2);
    }
    if (uc_mem_map_ptr(e->uc, scratch, 0x1000, UC_PROT_ALL, host) != UC_ERR_OK)
        return false;
    int ids[] = { UC_ARM64_REG_X0, UC_ARM64_REG_X1, UC_ARM64_REG_X2, UC_ARM64_REG_ELR_EL3 };
    uint64_t saved[4], zero = 0, target = scratch;
    for (unsigned i = 0; i < 4; i++)
        uc_reg_read(e->uc, ids[i], &saved[i]);
    uint32_t eret = GUINT32_TO_LE(INSN_ERET);
    uc_mem_write(e->uc, probe_at, &eret, 4);
    uc_ctl_remove_cache(e->uc, probe_at, probe_at + 4);
    uc_reg_write(e->uc, UC_ARM64_REG_X1, &zero);
    uc_reg_write(e->uc, UC_ARM64_REG_X2, &zero);
    uc_reg_write(e->uc, UC_ARM64_REG_ELR_EL3, &target);
    uc_arm64_cp_reg spsr = { .op0 = 3, .op1 = 6, .crn = 4, .crm = 0, .op2 = 0, .val = 0x1f3 };  /* SPSR_EL3 */
    uc_reg_write(e->uc, UC_ARM64_REG_CP_REG, &spsr);
    engine_hcr_rw(e, false);
    it_probe p = { .e = e, .land = scratch + 0x10 };
    uc_hook hc, hi;
    uc_hook_add(e->uc, &hc, UC_HOOK_CODE, probe_code, &p, scratch + 6, scratch + 6);
    uc_hook_add(e->uc, &hi, UC_HOOK_INTR, probe_intr, &p, 1, 0);
    uc_err ue = uc_emu_start(e->uc, probe_at, probe_at + 4, 0, 0);
    uc_hook_del(e->uc, hc);
    uc_hook_del(e->uc, hi);
    bool ok = ue == UC_ERR_OK && p.hooks == 1 && p.intrs == 1 && p.intno == UC_EXCP_SWI &&
              p.r15 == scratch + 0x12 && p.r1 == 0 && p.r2 == 0;
    /* back to AArch64 EL3 as a32_init leaves it */
    e->sync_32_to_64(e->env);
    *aarch64_flag(e) = 1;
    engine_hcr_rw(e, true);
    uint32_t ps = 0x3cd;
    uc_reg_write(e->uc, UC_ARM64_REG_PSTATE, &ps);
    e->rebuild_hflags(e->env);
    uc_mem_unmap(e->uc, scratch, 0x1000);
    uc_ctl_remove_cache(e->uc, scratch, scratch + 0x1000);
    spsr.val = e->real_spsr_el3;
    uc_reg_write(e->uc, UC_ARM64_REG_CP_REG, &spsr);
    for (unsigned i = 0; i < 4; i++)
        uc_reg_write(e->uc, ids[i], &saved[i]);
    return ok;
}

/* The engine's cpu_loop_exit and CPUState (ucfast's, F4), checked by the probe; without
 * them a hooked T32 instruction in an IT block stops the run (a32_it_hook) */
bool a32_it_init(el2_engine *e, void *uc_cpu, uint64_t probe_at)
{
    e->uc_cpu = uc_cpu;
    e->loop_exit = (void (*)(void *))dlsym(RTLD_DEFAULT, "cpu_loop_exit_aarch64");
    if (e->uc_cpu && e->loop_exit && probe(e, probe_at))
        return true;
    e->loop_exit = NULL;
    return false;
}

/* The block hook of AArch32 code: ITSTATE at the block's start (the engine's CPSR before
 * the block runs is exact: it translated the block with it) */
void a32_it_block(el2_engine *e, uint64_t addr)
{
    uint32_t cpsr = e->cpsr_read(e->env);
    e->it_blk_addr = addr;
    e->it_blk = (cpsr & 0x20) ? it32_of_cpsr(cpsr) : 0;   /* (T32 only) */
}

/* ITSTATE of the T32 instruction at addr in the current block: the block's, then
 * it32_after of each instruction before it (AArch32.ITAdvance; an IT sets it) */
unsigned a32_it_at(el2_engine *e, uint64_t addr)
{
    uint64_t a = e->it_blk_addr;
    unsigned it = e->it_blk;
    if (a > addr || addr - a > 4096)
        return 0;
    while (a < addr) {
        unsigned len;
        uint32_t insn = aarch32_insn_at(e->cpu, a, true, &len);
        it = it32_after(insn, len, it);
        a += len;
    }
    return it;
}

static void write_it(el2_engine *e, unsigned it)
{
    e->cpsr_write(e->env, it32_cpsr_with(0, it), CPSR_IT_MASK, CPSR_RAW);
}

/* After el2sim handled the T32 instruction at pc (size bytes) that started with ITSTATE
 * it in the engine: when it completed (the engine still in the same AArch32 state, its
 * IT untouched, the PC on the next instruction) the engine's IT advances (ITAdvance). An
 * exception entry changed the state or wrote the CPSR's IT (AArch32.EnterMode and
 * AArch32.EnterHypMode clear it; AArch64 entry leaves AArch32). */
static void it_done(el2_engine *e, uint64_t pc, unsigned size, unsigned it)
{
    if (!e->a32 || e->a32_pending || e->cpu->stop != STOP_NONE)
        return;
    if (it32_of_cpsr(e->cpsr_read(e->env)) != it || cpu_pc(e->cpu) != ((pc + size) & 0xffffffff))
        return;
    write_it(e, it32_advance(it));
}

/* The hooked T32 instruction at addr (kind: a32_hook's) when it is in an IT block:
 * el2sim traps or completes it with its own ITSTATE, or lets the engine run it; true then */
bool a32_it_hook(el2_engine *e, uint64_t addr, a32_hook_kind kind)
{
    unsigned it = a32_it_at(e, addr);
    if (!it32_in_block(it))
        return false;
    if (!e->loop_exit) {
        cpu_stop(e->cpu, STOP_FAULT, 0, "the T32 instruction at %s is in an IT block, which el2sim cannot "
                 "trap or complete on this engine (uc_facts.h F23)", cpu_sym(e->cpu, addr));
        return true;
    }
    unsigned size;
    uint32_t insn = aarch32_insn_at(e->cpu, addr, true, &size);
    write_it(e, it);                             /* the instruction's own ITSTATE */
    uint32_t cpsr = e->cpsr_read(e->env);
    bool engine_runs = false;
    if (kind == A32H_ACCESS)                     /* (an Alignment fault, or the access runs) */
        engine_runs = !a32_align_check(e->cpu, addr, insn, true, cpsr);
    else if (kind == A32H_FP)
        a32_fp_exec(e->cpu, addr, insn, size, true, cpsr);
    else
        engine_runs = aarch32_hooked(e->cpu, addr, true, cpsr);
    if (engine_runs) {
        write_it(e, 0);                          /* the engine runs it: its IT as it was (F23) */
        return true;
    }
    a32_after_hook(e, kind);                     /* (FP controls, translation: a32.c) */
    it_done(e, addr, size, it);
    e->loop_exit(e->uc_cpu);                     /* leaves the block: no return */
    return true;
}

/* A stop point at addr (the run stops before it): in an IT block the engine's block is
 * left as at a hooked instruction, with the instruction's own ITSTATE, so that the run
 * stops with the PC on it and goes on from there with its conditions */
void a32_it_stop(el2_engine *e, uint64_t addr)
{
    if (!a32_thumb(e) || !e->loop_exit)
        return;
    unsigned it = a32_it_at(e, addr);
    if (!it32_in_block(it))
        return;
    write_it(e, it);
    e->loop_exit(e->uc_cpu);                     /* no return */
}

/* An exception the engine raised in T32 state at the instruction at pc: the engine
 * wrote the ITSTATE it left (the instruction's for UDF and BKPT; advanced for SVC, HVC
 * and SMC, whose exception the engine generates after the instruction). An SMC's
 * preferred return can be the SMC itself (a trap, or UNDEFINED), so it is given its own
 * ITSTATE; what the engine gave is returned for a32_it_intr_done. */
unsigned a32_it_intr(el2_engine *e, uint32_t intno, uint64_t pc)
{
    if (intno == UC_EXCP_SMC) {
        unsigned it = a32_it_at(e, pc);
        write_it(e, it);
        return it;
    }
    return it32_of_cpsr(e->cpsr_read(e->env));
}

/* The exception of a32_it_intr was handled: an instruction el2sim completed whose engine
 * ITSTATE was the instruction's own (an SMC the firmware model answered, a semihosting
 * HLT) advances it */
void a32_it_intr_done(el2_engine *e, uint32_t intno, uint64_t pc, unsigned it)
{
    if (intno != UC_EXCP_SMC && intno != UC_EXCP_UDEF)
        return;
    unsigned size;
    aarch32_insn_at(e->cpu, pc, true, &size);
    if (it32_in_block(it))
        it_done(e, pc, size, it);
}
