/* a32.c - the guest's AArch32 EL1/EL0 under its AArch64 EL2 (issue 21, first step;
 * uc_facts.h F18). The engine's core runs AArch32 itself: a guest ERET to AArch32 runs as
 * the engine's own ERET from its EL3 with the guest's AArch32 SPSR (its HCR_EL2.RW = 0
 * for it), which moves R0-R14 of every mode from X0-X30 as the Arm ARM maps them and
 * switches the engine to AArch32 at the guest's EL. An exception the AArch32 code raises
 * (SVC, HVC, SMC, UNDEFINED, BKPT) arrives in the interrupt hook as in AArch64; MCR/MRC and
 * WFI/WFE get code hooks when their block is learned (the engine's MRS/MSR hooks do not
 * see them). Exception entry brings the engine back: R0-R14 into X0-X30
 * (aarch64_sync_32_to_64), the engine's AArch64 flag set, its PSTATE and translation flags
 * rebuilt (F14) by the port's enter_state. While the guest is in AArch32 its PC is the
 * engine's R15 (eng_rd/eng_wr). With the guest's MMU on (mirror mode) see mmu32_ctx.c. */
#include "engine_int.h"
#include "a32_fp.h"
#include "aarch32.h"
#include "a32_abort.h"
#include "a32_access.h"
#include "abort.h"
#include "hyp32.h"
#include "sysreg.h"
#include <dlfcn.h>
#include <string.h>

#define A32_AARCH64_OFF (64 + 32 * 8 + 8 + 4)   /* CPUARMState: regs, xregs, pc, pstate, aarch64 */

uint32_t *aarch64_flag(el2_engine *e) { return (uint32_t *)((uint8_t *)e->env + A32_AARCH64_OFF); }

static void write_cp(el2_engine *e, int op0, int op1, int crn, int crm, int op2, uint64_t v)
{
    uc_arm64_cp_reg r = { .op0 = op0, .op1 = op1, .crn = crn, .crm = crm, .op2 = op2, .val = v };
    uc_reg_write(e->uc, UC_ARM64_REG_CP_REG, &r);
}

/* The engine's HCR_EL2: RW = 0 while the guest runs AArch32 at EL1/EL0 (its ERET to
 * AArch32 EL1 is legal only then), RW = 1 otherwise; the rest is mmu_ctx.c's value (in
 * mirror mode the guest's VM/DC/PTW: stage 2 goes on under an AArch32 EL1) */
void engine_hcr_rw(el2_engine *e, bool rw)
{
    uc_arm64_cp_reg r = { .op0 = 3, .op1 = 4, .crn = 1, .crm = 1, .op2 = 0 };
    uc_reg_read(e->uc, UC_ARM64_REG_CP_REG, &r);
    write_cp(e, 3, 4, 1, 1, 0, rw ? r.val | HCR_RW : r.val & ~HCR_RW);
}

bool a32_thumb(el2_engine *e) { return (a32_cpsr(e) & 0x20) != 0; }

/* ---- the port's AArch32 entries ---- */

const char *a32_eret(void *ctx, unsigned el, uint32_t spsr, uint64_t pc)
{
    el2_engine *e = ctx;
    if (e->a32_why)
        return e->a32_why;
    const char *why = e->mirror ? mmu32_eret_refused(e) : NULL;   /* (mmu32_ctx.c) */
    if (why)
        return why;
    engine_hcr_rw(e, false);
    eng_wr(e, UC_ARM64_REG_ELR_EL3, pc);
    write_cp(e, 3, 6, 4, 0, 0, spsr);          /* SPSR_EL3: the engine's ERET reads it */
    e->real_spsr_el3 = spsr;
    e->armed_el = 3;
    e->eret_armed = true;                      /* the next block hook puts ELR_EL3 back */
    e->a32 = true;
    e->real_el = el;
    e->vtlb_gen++;
    a32_fp_sync(e);
    return NULL;
}

uint32_t a32_leave(void *ctx)
{
    el2_engine *e = ctx;
    uint32_t cpsr = e->cpsr_read(e->env);
    e->sync_32_to_64(e->env);
    *aarch64_flag(e) = 1;
    e->a32 = false;
    engine_hcr_rw(e, true);
    return cpsr;          /* (the port's enter_state moves the engine's EL and flags: F14) */
}

/* ---- exceptions taken to an AArch32 EL1 (uc_facts.h F20) ---- */

enum { CPSR_BY_INSTR = 0, CPSR_RAW = 2 };     /* QEMU's CPSRWriteType */
#define MODE_USR 0x10
#define MODE_SYS 0x1f


/* SPSR_<mode> in the engine, written through its AArch64 name (SPSR_EL1 is SPSR_svc;
 * SPSR_irq, _abt, _und, _fiq are op0 3, op1 4, CRn 4, CRm 3, op2 0-3) */
static void write_spsr_bank(el2_engine *e, unsigned mode, uint32_t v)
{
    switch (mode) {
    case 0x13: write_cp(e, 3, 0, 4, 0, 0, v); break;
    case 0x12: write_cp(e, 3, 4, 4, 3, 0, v); break;
    case 0x17: write_cp(e, 3, 4, 4, 3, 1, v); break;
    case 0x1b: write_cp(e, 3, 4, 4, 3, 2, v); break;
    case 0x11: write_cp(e, 3, 4, 4, 3, 3, v); break;
    default: break;
    }
}

/* The engine enters AArch32 mode cpsr.M as AArch32.EnterMode does: its own mode switch
 * (cpsr_write "by instruction") banks R13, R14 and the SPSR and loads the target's; from
 * User mode it first moves to System mode raw (the same registers), and when already in
 * the target mode it leaves it through System mode so that switching back loads the new
 * SPSR. Then LR, the whole CPSR (raw) and the PC; a PC written through the API ends the
 * block (F18). */
static void enter_mode_regs(el2_engine *e, uint32_t cpsr, uint32_t spsr, uint32_t lr)
{
    uint32_t mode = cpsr & 0x1f, cur = e->cpsr_read(e->env) & 0x1f;
    if (cur == MODE_USR)
        e->cpsr_write(e->env, MODE_SYS, 0x1f, CPSR_RAW);
    if (cur == mode)
        e->cpsr_write(e->env, MODE_SYS, 0x1f, CPSR_BY_INSTR);
    write_spsr_bank(e, mode, spsr);
    e->cpsr_write(e->env, mode, 0x1f, CPSR_BY_INSTR);
    ((uint32_t *)e->env)[14] = lr;
    e->cpsr_write(e->env, cpsr, 0xffffffff, CPSR_RAW);
    e->rebuild_hflags(e->env);
}

void a32_enter_mode(void *ctx, unsigned el, uint32_t cpsr, uint32_t spsr, uint32_t lr, uint64_t pc)
{
    el2_engine *e = ctx;
    enter_mode_regs(e, cpsr, spsr, lr);
    e->real_el = el;
    e->vtlb_gen++;
    eng_wr(e, UC_ARM64_REG_PC, pc);
}

/* After an AArch32 exception return the engine ran itself (SUBS PC, LR / MOVS PC, LR /
 * ERET / LDM ^ / RFE at EL1: a32_hook saw it pass its condition), at the first block it
 * reached: its CPSR says where it went */
void a32_ret_settle(el2_engine *e, uint64_t addr)
{
    e->a32_ret_on = false;
    uint32_t cpsr = e->cpsr_read(e->env);
    unsigned el = (cpsr & 0x1f) == MODE_USR ? 0 : 1;
    e->real_el = el;
    e->vtlb_gen++;
    AArch32_ExceptionReturned(e->cpu, e->a32_ret_pc, e->a32_ret_insn, e->a32_ret_cpsr, cpsr, addr, el);
}

/* ---- blocks, hooks, exceptions ---- */

/* FP/Advanced SIMD instructions get code hooks only while an access control can stop
 * them (a32_fp.c). When one starts to, every block is learned again (the hooks are
 * added there); when none can, the hooks stay and let the engine run the instruction. */
void a32_fp_sync(el2_engine *e)
{
    bool want = a32_fp_traps_possible(e->cpu);
    if (want == e->a32_fp_hooks)
        return;
    e->a32_fp_hooks = want;
    if (want)
        for (unsigned i = 0; i < EL2_BLOCK_CACHE; i++)
            e->blocks[i].info.ninsns = 0;
}

/* A block of AArch32 code seen for the first time: its size in instructions, their cost
 * (by class: aarch32_insn_class), and code hooks on what aarch32_needs_hook
 * says. Returns true when hooks were added (the block must be translated again). */
bool a32_block_learn(el2_engine *e, el2_block *b, uint64_t addr, uint32_t size)
{
    bool thumb = a32_thumb(e), added = false;
    uint32_t n = 0, cycles = 0, last = 0;
    const uint32_t *cost = e->cpu->model->cost;
    for (uint64_t a = addr; a < addr + size; n++) {
        unsigned len;
        uint32_t insn = aarch32_insn_at(e->cpu, a, thumb, &len);
        last = cost[aarch32_insn_class(insn, thumb)];   /* (hyp32.c: load/store/branch/ALU) */
        cycles += last;
        if ((aarch32_needs_hook(insn, thumb) || a32_fp_needs_hook(insn, thumb, e->a32_fp_hooks) ||
             (e->align_faults && a32_access_alignable(insn, thumb))) &&
            !g_hash_table_contains(e->eret_hooked, &a)) {          /* (loads/stores: a32_abort.c) */
            eng_code_hook(e, a);
            added = true;
        }
        a += len;
    }
    g_free(b->align);
    memset(b, 0, sizeof *b);
    b->info.addr = addr;
    b->info.size = size;
    b->info.ninsns = n;
    b->real_el = e->real_el;
    b->cycles = cycles;
    b->tail_cost = last;
    b->hook_gen = e->hook_gen;
    if (added)
        uc_ctl_remove_cache(e->uc, addr, addr + size);
    return added;
}

/* What a hooked instruction el2sim handled may have changed for the blocks after it: an
 * MCR or VMSR the FP/Advanced SIMD controls (a32_fp.c), an MCR a translation register or
 * TLB (mmu32_ctx.c) */
void a32_after_hook(el2_engine *e, a32_hook_kind kind)
{
    if (kind == A32H_ACCESS)
        return;
    a32_fp_sync(e);
    mmu32_after_hook(e);
}

/* A hooked AArch32 instruction at addr, before it runs: what el2sim does instead (a
 * trap, or the instruction's effect) ends with a PC written through the API, which
 * leaves the block before the engine runs it. */
void a32_hook(el2_engine *e, uint64_t addr)
{
    bool thumb = a32_thumb(e);
    uint32_t cpsr = e->cpsr_read(e->env);
    unsigned size;
    uint32_t insn = aarch32_insn_at(e->cpu, addr, thumb, &size);
    /* an exception return of a PL1 mode runs on the engine and is settled after; Hyp
     * mode's ERET is el2sim's (AArch32.ExceptionReturn in aarch32_hooked, hyp32.c) */
    if (aarch32_is_exc_return(insn, thumb) && !(e->cpu->el == 2 && hyp32(e->cpu))) {
        if (aarch32_cond_passed(insn, thumb, cpsr)) {
            e->a32_ret_on = true;
            e->a32_ret_pc = addr;
            e->a32_ret_insn = insn;
            e->a32_ret_cpsr = cpsr;         /* the mode it returns from */
        }
        return;
    }
    /* an FP/Advanced SIMD access check comes before the access (VLDR, VLDM: also loads) */
    bool fp = a32_fp_decode(insn, thumb, NULL) != A32FP_NONE;
    a32_hook_kind kind = fp && a32_fp_acts(e->cpu, insn, thumb, cpsr) ? A32H_FP
                       : a32_access_alignable(insn, thumb) ? A32H_ACCESS : A32H_SYS;
    if (fp && kind == A32H_SYS)
        return;                                 /* FP/Advanced SIMD allowed: the engine runs it */
    if (thumb && a32_it_hook(e, addr, kind))
        return;                  /* in an IT block (a32_it.c, uc_facts.h F23) */
    if (kind == A32H_ACCESS)                    /* a load/store's alignment (a32_abort.c) */
        a32_align_check(e->cpu, addr, insn, thumb, cpsr);
    else if (kind == A32H_FP)
        a32_fp_exec(e->cpu, addr, insn, size, thumb, cpsr);
    else    /* (true: a condition that failed, the engine skips the instruction itself) */
        aarch32_hooked(e->cpu, addr, thumb, cpsr);
    a32_after_hook(e, kind);
}

/* An exception the engine raised in AArch32 state; pc is its R15 (past SVC, HVC and SMC,
 * on UDF and BKPT: F18). */
void a32_intr(el2_engine *e, uint32_t intno, uint64_t pc)
{
    el2_cpu *c = e->cpu;
    bool thumb = a32_thumb(e);
    unsigned back = 4;
    if (thumb && intno == UC_EXCP_SWI)
        back = 2;                               /* SVC is 16-bit in T32; HVC and SMC 32-bit */
    uint64_t at = intno == UC_EXCP_UDEF || intno == UC_EXCP_BKPT ? pc : pc - back;
    unsigned it = thumb ? a32_it_intr(e, intno, at) : 0;   /* (a32_it.c) */
    switch (intno) {
    case UC_EXCP_SWI:
        c->hook_pc = pc - back;
        AArch32_CallSupervisor(c, pc - back, thumb);
        break;
    case UC_EXCP_HVC:
        c->hook_pc = pc - back;
        AArch32_CallHypervisor(c, pc - back, thumb);
        break;
    case UC_EXCP_SMC:
        c->hook_pc = pc - back;
        AArch32_CallSecureMonitor(c, pc - back, thumb);
        break;
    case UC_EXCP_UDEF:
        c->hook_pc = pc;
        AArch32_Undefined(c, pc, thumb);
        break;
    case UC_EXCP_BKPT:
        c->hook_pc = pc;
        AArch32_SoftwareBreakpoint(c, pc, thumb);
        break;
    case UC_EXCP_PREFETCH_ABORT:
    case UC_EXCP_DATA_ABORT:
        if (mmu32_abort(e, intno, pc))         /* the guest's translation faulted (mmu32_ctx.c) */
            break;
        if (intno == UC_EXCP_DATA_ABORT) {     /* its own alignment check (LDREX, LDRD, LDM): uc_facts.h F29 */
            c->hook_pc = pc;
            abort_note(c, ABORT_ALIGN, 0, 0, pc);
            break;
        }
        /* fall through */
    default:
        cpu_stop(c, STOP_FAULT, 0, "the engine raised exception %u at %s in AArch32 state, which el2sim "
                 "does not model yet", intno, cpu_sym(c, pc));
    }
    if (thumb)
        a32_it_intr_done(e, intno, at, it);
}

/* ---- uc_facts.h F18, checked at start-up ---- */

typedef struct { el2_engine *e; uint32_t intno, r15, r0, aarch64; unsigned calls; } a32_probe;

static void probe_intr(uc_engine *uc, uint32_t intno, void *user)
{
    a32_probe *p = user;
    uint32_t *regs = p->e->env;
    p->intno = intno;
    p->r15 = regs[15];
    p->r0 = regs[0];
    p->aarch64 = *aarch64_flag(p->e);
    p->calls++;
    uc_emu_stop(uc);
}

/* At probe_at (el2sim's page, at the engine's EL3): ERET; at scratch (below 4 GiB, A32):
 * mov r0, #5; vmov s0, r0; svc #0x12; b . -- then back in AArch64 EL3: mrs x0, CurrentEL.
 * F28: the engine's FPEXC (FPEXC32_EL2) has EN set, so that it runs the AArch32
 * FP/Advanced SIMD instructions el2sim lets through (the guest's FPEXC is el2sim's, a32_fp.c). */
bool a32_init(el2_engine *e, uint64_t probe_at)
{
    e->a32_why = "the engine's CPU state or its exported helpers were not found (uc_facts.h F18)";
    if (!e->env || !e->rebuild_hflags)
        return false;
    e->sync_32_to_64 = (void (*)(void *))dlsym(RTLD_DEFAULT, "aarch64_sync_32_to_64_aarch64");
    e->sync_64_to_32 = (void (*)(void *))dlsym(RTLD_DEFAULT, "aarch64_sync_64_to_32_aarch64");
    e->cpsr_read = (uint32_t (*)(void *))dlsym(RTLD_DEFAULT, "cpsr_read_aarch64");
    e->cpsr_write = (void (*)(void *, uint32_t, uint32_t, int))dlsym(RTLD_DEFAULT, "cpsr_write_aarch64");
    if (!e->sync_32_to_64 || !e->sync_64_to_32 || !e->cpsr_read || !e->cpsr_write)
        return false;
    const uint64_t scratch = 0xfffff000;       /* no guest RAM is mapped yet */
    static uint8_t host[0x1000] __attribute__((aligned(0x1000)));
    if (uc_mem_map_ptr(e->uc, scratch, 0x1000, UC_PROT_ALL, host) != UC_ERR_OK)
        return false;
    uint32_t a64[2] = { GUINT32_TO_LE(INSN_ERET), GUINT32_TO_LE(0xd5384240) };   /* eret; mrs x0, CurrentEL */
    uint32_t a32[4] = { GUINT32_TO_LE(0xe3a00005), GUINT32_TO_LE(0xee000a10), GUINT32_TO_LE(0xef000012),
                        GUINT32_TO_LE(0xeafffffe) };
    write_cp(e, 3, 4, 5, 3, 0, 1u << 30);       /* FPEXC32_EL2.EN (F28) */
    uc_mem_write(e->uc, probe_at, a64, sizeof a64);
    uc_ctl_remove_cache(e->uc, probe_at, probe_at + 8);
    memcpy(host, a32, sizeof a32);
    uint64_t x0 = 0, elr = 0, target = scratch;
    uc_reg_read(e->uc, UC_ARM64_REG_ELR_EL3, &elr);
    uc_reg_read(e->uc, UC_ARM64_REG_X0, &x0);
    uint64_t saved_x0 = x0, saved_x22 = 0, saved_d0 = 0;
    uc_reg_read(e->uc, UC_ARM64_REG_X22, &saved_x22);      /* R14_und, which F22's check writes */
    uc_reg_read(e->uc, UC_ARM64_REG_D0, &saved_d0);        /* S0, which F28's VMOV writes */
    engine_hcr_rw(e, false);
    write_cp(e, 3, 6, 4, 0, 0, 0x1d3);          /* AArch32 Supervisor mode, A/I/F masked */
    uc_reg_write(e->uc, UC_ARM64_REG_ELR_EL3, &target);
    a32_probe p = { .e = e };
    uc_hook h;
    uc_hook_add(e->uc, &h, UC_HOOK_INTR, probe_intr, &p, 1, 0);
    uc_err ue = uc_emu_start(e->uc, probe_at, probe_at + 4, 0, 0);
    uc_hook_del(e->uc, h);
    bool ok = ue == UC_ERR_OK && p.calls == 1 && p.intno == UC_EXCP_SWI && p.r15 == scratch + 12 &&
              p.r0 == 5 && p.aarch64 == 0 && (e->cpsr_read(e->env) & 0x1f) == 0x13;
    /* F22: into Undefined mode as a32_enter_mode does, and back to Supervisor mode by
     * the engine's own switch: LR_und and SPSR_und as written, LR_svc as it was */
    uint32_t *regs = e->env;
    uint32_t lr_svc = regs[14];
    enter_mode_regs(e, 0x1db, 0x600001d3, 0x1234);
    ok = ok && (e->cpsr_read(e->env) & 0x1ff) == 0x1db && regs[14] == 0x1234;
    e->cpsr_write(e->env, 0x13, 0x1f, CPSR_BY_INSTR);
    uc_arm64_cp_reg und = { .op0 = 3, .op1 = 4, .crn = 4, .crm = 3, .op2 = 2 };
    uc_reg_read(e->uc, UC_ARM64_REG_CP_REG, &und);
    ok = ok && regs[14] == lr_svc && und.val == 0x600001d3 && (e->cpsr_read(e->env) & 0x1f) == 0x13;
    /* back to AArch64 EL3 as a32_leave and enter_state do it */
    e->sync_32_to_64(e->env);
    uc_reg_read(e->uc, UC_ARM64_REG_X0, &x0);
    ok = ok && x0 == 5;
    *aarch64_flag(e) = 1;
    engine_hcr_rw(e, true);
    uint32_t ps = 0x3cd;
    uc_reg_write(e->uc, UC_ARM64_REG_PSTATE, &ps);
    e->rebuild_hflags(e->env);
    x0 = 0;
    uc_reg_write(e->uc, UC_ARM64_REG_X0, &x0);
    ue = uc_emu_start(e->uc, probe_at + 4, probe_at + 8, 0, 0);
    uc_reg_read(e->uc, UC_ARM64_REG_X0, &x0);
    ok = ok && ue == UC_ERR_OK && x0 == 0xc;
    uc_mem_unmap(e->uc, scratch, 0x1000);
    write_cp(e, 3, 6, 4, 0, 0, e->real_spsr_el3);
    uc_reg_write(e->uc, UC_ARM64_REG_ELR_EL3, &elr);
    uc_reg_write(e->uc, UC_ARM64_REG_X0, &saved_x0);
    uc_reg_write(e->uc, UC_ARM64_REG_X22, &saved_x22);
    uc_reg_write(e->uc, UC_ARM64_REG_D0, &saved_d0);
    e->a32_why = ok ? NULL : p.intno == UC_EXCP_UDEF ? "the engine did not run an AArch32 VFP instruction with its "
                 "FPEXC.EN set (uc_facts.h F28)" : "the engine did not run AArch32 code as uc_facts.h F18 says";
    if (ok)
        a32_it_init(e, e->uc_cpu, probe_at);
    return ok;
}

/* ---- the AArch32 Hyp-mode machine (arch/hyp32.c, uc_facts.h F21) ---- */

/* CPUARMState after `aarch64` (F18): hflags, uncached_cpsr, spsr (the current mode's SPSR
 * while in AArch32); checked at start-up by a32_hyp_init */
#define A32_SPSR_OFF (A32_AARCH64_OFF + 12)
static uint32_t *spsr_slot(el2_engine *e) { return (uint32_t *)((uint8_t *)e->env + A32_SPSR_OFF); }

/* The engine from AArch32 back to its AArch64 EL3 (R0-R14 of every mode into X0-X30,
 * F18), without a guest EL change */
static void to_el3(el2_engine *e)
{
    if (e->a32) {
        e->sync_32_to_64(e->env);
        *aarch64_flag(e) = 1;
        e->a32 = false;
    }
    uint32_t ps = 0x3cd;
    if (e->fast.nf)
        ucfast_set_pstate(&e->fast, ps);
    else
        uc_reg_write(e->uc, UC_ARM64_REG_PSTATE, &ps);
    e->rebuild_hflags(e->env);
}

/* The port's enter_aarch32: the engine goes on in AArch32 mode cpsr at pc through its
 * own ERET from EL3 (F21: SCR_EL3.RW = 0 makes EL2 AArch32, so SPSR_EL3.M = Hyp lands in
 * Hyp mode), the gate on the private page: its EL3 ERET reads ELR_EL3 = pc and
 * SPSR_EL3 = cpsr. ELR_hyp is the engine's ELR_EL2 (its AArch32 ERET and MRS ELR_hyp
 * read it); the mode's SPSR is stored where its MRS SPSR and ERET read it. */
const char *a32_enter(void *ctx, unsigned el, uint32_t cpsr, uint64_t pc, uint32_t elr, uint32_t spsr)
{
    el2_engine *e = ctx;
    if (e->a32_hyp_why)
        return e->a32_hyp_why;
    to_el3(e);
    e->sync_64_to_32(e->env);                  /* R0-R15 consistent with X0-X30 until the gate */
    eng_wr(e, UC_ARM64_REG_ELR_EL2, elr);
    eng_wr(e, UC_ARM64_REG_ELR_EL3, pc);
    write_cp(e, 3, 6, 4, 0, 0, cpsr);          /* SPSR_EL3 */
    e->real_spsr_el3 = cpsr;
    *spsr_slot(e) = spsr;
    e->armed_el = 3;
    e->eret_armed = true;                      /* the block after the gate puts ELR_EL3 back */
    uint64_t gate = e->a32_gate;
    if (e->in_intr && e->fast.pc)
        *e->fast.pc = gate;                    /* between blocks: the loop goes on there (F3) */
    else
        uc_reg_write(e->uc, UC_ARM64_REG_PC, &gate);
    ((uint32_t *)e->env)[15] = (uint32_t)pc;   /* what the PC reads until the gate runs */
    e->a32 = true;
    e->a32_pending = true;                     /* the CPSR is cpsr from now on */
    e->a32_pending_cpsr = cpsr;
    e->real_el = el;
    e->vtlb_gen++;
    a32_fp_sync(e);
    return NULL;
}

void a32_hyp_regs(void *ctx, uint32_t *elr, uint32_t *spsr)
{
    el2_engine *e = ctx;
    *elr = (uint32_t)eng_rd(e, UC_ARM64_REG_ELR_EL2);
    *spsr = e->a32 ? *spsr_slot(e) : 0;
}

uint32_t a32_cpsr(void *ctx)
{
    el2_engine *e = ctx;
    if (e->a32_pending)
        return e->a32_pending_cpsr;
    return e->a32 ? e->cpsr_read(e->env) : 0;
}

void a32_set_nzcv(void *ctx, uint32_t nzcv)
{
    el2_engine *e = ctx;
    if (e->a32_pending)
        e->a32_pending_cpsr = (e->a32_pending_cpsr & 0x0fffffffu) | (nzcv & 0xf0000000u);
    else if (e->a32)
        e->cpsr_write(e->env, nzcv & 0xf0000000u, 0xf0000000u, CPSR_RAW);
}

/* The engine's SCR_EL3 for the Hyp-mode machine: NS | HCE, RW = 0 (EL2 and EL1 AArch32) */
const char *engine_set_aarch32(el2_engine *e)
{
    if (e->a32_hyp_why)
        return e->a32_hyp_why;
    write_cp(e, 3, 6, 1, 1, 0, SCR_NS | SCR_HCE);
    return NULL;
}

/* ---- uc_facts.h F21, checked at start-up ---- */

/* At the gate (EL3): ERET; at scratch (A32, Hyp mode): mrs r0, spsr; mrs r1, ELR_hyp;
 * hvc #0x12 -- the engine must raise HVC (11) in Hyp mode with R0 = the SPSR planted,
 * R1 = the ELR_EL2 planted and R15 past the HVC. */
bool a32_hyp_init(el2_engine *e, uint64_t gate)
{
    e->a32_gate = gate;
    e->a32_hyp_why = "the engine did not enter AArch32 Hyp mode as uc_facts.h F21 says";
    if (e->a32_why)
        return false;
    const uint64_t scratch = 0xfffff000;
    static uint8_t host[0x1000] __attribute__((aligned(0x1000)));
    if (uc_mem_map_ptr(e->uc, scratch, 0x1000, UC_PROT_ALL, host) != UC_ERR_OK)
        return false;
    uint32_t a32[4] = { GUINT32_TO_LE(0xe14f0000), GUINT32_TO_LE(0xe10e1300), GUINT32_TO_LE(0xe1400172),
                        GUINT32_TO_LE(0xeafffffe) };
    memcpy(host, a32, sizeof a32);
    uint64_t elr3 = 0;
    uc_reg_read(e->uc, UC_ARM64_REG_ELR_EL3, &elr3);
    uint64_t saved[2];
    uc_reg_read(e->uc, UC_ARM64_REG_X0, &saved[0]);
    uc_reg_read(e->uc, UC_ARM64_REG_X1, &saved[1]);
    write_cp(e, 3, 6, 1, 1, 0, SCR_NS | SCR_HCE);
    e->a32_hyp_why = NULL;
    a32_enter(e, 2, 0x1da, scratch, 0x1234568, 0x600001d3);
    e->eret_armed = false;
    e->a32_pending = false;
    a32_probe p = { .e = e };
    uc_hook h;
    uc_hook_add(e->uc, &h, UC_HOOK_INTR, probe_intr, &p, 1, 0);
    uc_err ue = uc_emu_start(e->uc, gate, scratch + 0xc, 0, 0);
    uc_hook_del(e->uc, h);
    uint32_t r1 = ((uint32_t *)e->env)[1];
    bool ok = ue == UC_ERR_OK && p.calls == 1 && p.intno == UC_EXCP_HVC && p.r15 == scratch + 12 &&
              p.r0 == 0x600001d3 && r1 == 0x1234568 && (e->cpsr_read(e->env) & 0x1f) == 0x1a;
    to_el3(e);
    uc_mem_unmap(e->uc, scratch, 0x1000);
    uc_ctl_remove_cache(e->uc, gate, gate + 4);
    write_cp(e, 3, 6, 1, 1, 0, SCR_NS | SCR_HCE | SCR_RW);
    write_cp(e, 3, 6, 4, 0, 0, 0x3cd);
    e->real_spsr_el3 = 0x3cd;
    e->real_el = 3;
    uc_reg_write(e->uc, UC_ARM64_REG_ELR_EL3, &elr3);
    uc_reg_write(e->uc, UC_ARM64_REG_X0, &saved[0]);
    uc_reg_write(e->uc, UC_ARM64_REG_X1, &saved[1]);
    e->a32_hyp_why = ok ? NULL : "the engine did not enter AArch32 Hyp mode as uc_facts.h F21 says";
    return ok;
}
