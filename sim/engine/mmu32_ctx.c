/* mmu32_ctx.c - the guest's AArch32 EL1/EL0 with translation on (issue 21, session 7;
 * README "Translation", "AArch32 EL1 and EL0"). Mirror mode (mmu_ctx.c) goes on under
 * AArch32: the engine's core runs the AArch32 EL1/EL0 at its own EL1/EL0 with the
 * guest's stage 2 (HCR_EL2.VM/DC/PTW, VTTBR_EL2, VTCR_EL2) mirrored as for an AArch64
 * EL1, so stage 2 translates every fetch, load and store natively; a32.c's ERET into
 * AArch32 keeps the mirrored HCR_EL2 but for RW. A fault of the engine's walker arrives
 * in AArch32 state as exception 3 (R15 = the fetch) or 4 (R15 on the load or store), and
 * el2sim's walker (arch/mmu.c: stage 2 is the VMSAv8-64 one under an AArch64 EL2) decides
 * it: AArch64.Abort to EL2 with EC 0x20/0x24, FAR_EL2 the 32-bit VA, HPFAR_EL2. The
 * engine's walker reads the AArch32 formats itself: uc_facts.h F26. */
#include "engine_int.h"
#include "mmu.h"
#include "sysreg.h"
#include "a32_access.h"
#include "aarch32.h"
#include "hyp32.h"

/* Why an ERET into AArch32 cannot run in mirror mode (NULL: it can) */
const char *mmu32_eret_refused(el2_engine *e)
{
    el2_cpu *c = e->cpu;
    if (e->vhe)
        return "an AArch32 EL1/EL0 under an EL2 with HCR_EL2.E2H = 1 and the MMU on is not modelled yet";
    (void)c;
    return NULL;
}


/* ---- loads and stores the guest's translation faults (a32_access.c decodes them) ---- */

static uint32_t reg_of(void *ctx, unsigned n)
{
    el2_cpu *c = ctx;
    return n == 16 ? aarch32_cpsr(c) : aarch32_r(c, n);
}

/* The A32/T32 load or store at pc (R15 on it: exception 4, or found from the block start
 * for a placeholder) in a translating context: el2sim's walker translates each page it
 * covers (AArch64.TranslateAddress / AArch32's); the first fault is taken as AArch32.Abort
 * / AArch64.Abort routes it, with the access's instruction syndrome (LSInstructionSyndrome)
 * for a stage 2 fault. False when the walker finds no fault (the caller goes on). */
static bool data_access_fault(el2_engine *e, uint64_t pc)
{
    el2_cpu *c = e->cpu;
    bool thumb = a32_thumb(e);
    unsigned len;
    uint32_t insn = aarch32_insn_at(c, pc, thumb, &len);
    a32_access a;
    if (!a32_access_decode(insn, thumb, (uint32_t)pc, reg_of, c, &a)) {
        mmu32_data_unmodelled(e, pc);
        return true;
    }
    mmu_access acc = { .regime = mmu_regime_of(c, c->el), .el = c->el, .write = a.write };
    uint32_t addr = a.addr, end = a.addr + (a.size ? a.size : 1);
    for (;;) {
        mmu_result res;
        if (!AArch64_TranslateAddress(c, &acc, addr, &res)) {
            c->hook_pc = pc;
            res.fault.vaddress = addr;
            uint32_t ls = a32_access_ls_iss(&a, (unsigned)aarch32_reg_x(aarch32_cpsr(c) & 0x1f, a.rt));
            AArch64_AbortLS(c, &res.fault, pc, insn, ls);
            return true;
        }
        uint32_t next = (addr | 0xfff) + 1;
        if (next >= end || next < addr)
            return false;
        addr = next;
    }
}

/* Exception 3 or 4 in AArch32 state (pc: R15). True when taken here: the guest's
 * translation faulted (a fetch: AArch64.Abort through mmu_ctx_fault; a load or store:
 * data_access_fault), false when el2sim's walker finds no fault (exception 4: the engine's
 * own alignment check, uc_facts.h F29, which the caller takes). */
bool mmu32_abort(el2_engine *e, uint32_t intno, uint64_t pc)
{
    if (!e->mirror || !mmu_ctx_translated(e))
        return false;
    if (intno == UC_EXCP_DATA_ABORT)
        return data_access_fault(e, pc);
    return mmu_ctx_fault(e, intno, pc);
}

/* A load or store from AArch32 that the guest's translation stops and el2sim cannot take:
 * one the decoder does not know, or one a virtual range with no mapping in the engine
 * (a placeholder, F15) stops, whose instruction is not looked for yet */
void mmu32_data_unmodelled(el2_engine *e, uint64_t pc)
{
    cpu_stop(e->cpu, STOP_FAULT, 0, "a load or store at %s in AArch32 state needs a Data Abort from the guest's "
             "translation, which el2sim does not model yet", cpu_sym(e->cpu, pc));
}

/* ---- the Hyp-mode machine (--arch aarch32) ---- */

/* Hyp mode runs at the engine's AArch32 EL2, whose regime is Hyp mode's (QEMU's EL2
 * regime with EL2 in AArch32 uses the long-descriptor format always): the guest's
 * HSCTLR.M/WXN over the engine's own SCTLR_EL2, HTCR, HTTBR and HMAIR0/1 as TCR_EL2,
 * TTBR0_EL2 and MAIR_EL2 (the AArch32 registers are their rows: Arm ARM G8). */
void mmu32_mirror_hyp(el2_engine *e)
{
    const uint64_t *sr = e->cpu->sr;
    const uint64_t mw = 1ULL | 1ULL << 19;         /* M, WXN */
    uc_arm64_cp_reg r = { .op0 = 3, .op1 = 4, .crn = 1, .crm = 0, .op2 = 0 };
    uc_reg_read(e->uc, UC_ARM64_REG_CP_REG, &r);
    r.val = (r.val & ~mw) | (sr[SR_SCTLR_EL2] & mw);
    uc_reg_write(e->uc, UC_ARM64_REG_CP_REG, &r);
    r = (uc_arm64_cp_reg){ .op0 = 3, .op1 = 4, .crn = 2, .crm = 0, .op2 = 2, .val = sr[SR_TCR_EL2] };
    uc_reg_write(e->uc, UC_ARM64_REG_CP_REG, &r);
    r = (uc_arm64_cp_reg){ .op0 = 3, .op1 = 4, .crn = 2, .crm = 0, .op2 = 0, .val = sr[SR_TTBR0_EL2] };
    uc_reg_write(e->uc, UC_ARM64_REG_CP_REG, &r);
    r = (uc_arm64_cp_reg){ .op0 = 3, .op1 = 4, .crn = 10, .crm = 2, .op2 = 0, .val = sr[SR_MAIR_EL2] };
    uc_reg_write(e->uc, UC_ARM64_REG_CP_REG, &r);
}

/* After a hooked AArch32 instruction (an MCR to a translation register, a TLB
 * maintenance operation): mirror what changed before the next block, which the PC write
 * of the hooked instruction starts */
void mmu32_after_hook(el2_engine *e)
{
    if (e->cpu->mmu_gen != e->mmu_gen && e->cpu->stop == STOP_NONE)
        mmu_ctx_sync(e);
}

/* ---- an AArch32 EL1&0 with its own stage 1 (SCTLR.M) ---- */

/* The engine's SCTLR_EL1 is the guest's AArch32 SCTLR where it changes the walk: M, AFE
 * (bit 29: AP[0] is the Access flag), TRE (28: TEX remap through PRRR/NMRR), EE (25: the
 * descriptors' endianness), UWXN (20) and WXN (19); the rest is mmu_ctx.c's (bits 28 and
 * 29, RES1 in the AArch64 layout, would otherwise turn TEX remap and AFE on). TTBCR,
 * TTBR0/1 and PRRR/NMRR are TCR_EL1, TTBR0/1_EL1 and MAIR_EL1 (mmu_ctx.c writes them);
 * DACR is DACR32_EL2. */
void mmu32_mirror_el1(el2_engine *e, bool m)
{
    const uint64_t *sr = e->cpu->sr;
    const uint64_t mine = 1ULL | 1ULL << 19 | 1ULL << 20 | 1ULL << 25 | 1ULL << 28 | 1ULL << 29;
    uc_arm64_cp_reg r = { .op0 = 3, .op1 = 0, .crn = 1, .crm = 0, .op2 = 0 };
    uc_reg_read(e->uc, UC_ARM64_REG_CP_REG, &r);
    r.val = (r.val & ~mine) | (sr[SR_SCTLR_EL1] & mine & ~1ULL) | (m ? 1 : 0);
    uc_reg_write(e->uc, UC_ARM64_REG_CP_REG, &r);
    r = (uc_arm64_cp_reg){ .op0 = 3, .op1 = 4, .crn = 3, .crm = 0, .op2 = 0, .val = sr[SR_DACR32_EL2] };
    uc_reg_write(e->uc, UC_ARM64_REG_CP_REG, &r);
}
