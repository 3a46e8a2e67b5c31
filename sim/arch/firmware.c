/* firmware.c - a small EL3 firmware: answers PSCI_VERSION, PSCI_FEATURES,
 * SMCCC_VERSION, SMCCC_ARCH_FEATURES, SYSTEM_OFF and SYSTEM_RESET as TF-A does
 * (Arm DEN0022 PSCI, DEN0028 SMCCC), CPU_SUSPEND, and on a machine with several PEs CPU_ON,
 * CPU_OFF and AFFINITY_INFO; every other function ID gets NOT_SUPPORTED.
 * Follows SMCCC v1.1: x1-x17 are preserved, the result is in x0. */
#include "firmware.h"
#include "exception.h"
#include "irq.h"
#include "smp.h"
#include "sysreg.h"
#include "timing.h"

/* The PE whose MPIDR_EL1 affinity fields (Aff3..Aff0, DEN0022 5.1.4 "target_cpu") are
 * mpidr, or -1. */
static int pe_by_mpidr(el2_smp *s, uint64_t mpidr)
{
    const uint64_t aff = 0xff00ffffffULL;
    for (unsigned i = 0; i < s->n; i++)
        if ((s->pe[i].cpu->sr[SR_MPIDR_EL1] & aff) == (mpidr & aff))
            return (int)i;
    return -1;
}

/* CPU_ON (DEN0022 5.1.4): the target powers up at entry with x0 = context, at the EL the
 * boot PE booted at (EL2: the firmware hands a PE to the hypervisor, as TF-A does with
 * SCR_EL3.HCE set), MMU off (6.4.3 "Entry state"); the system (machine.c) starts it at its
 * next turn, until then AFFINITY_INFO says ON_PENDING. */
static uint64_t psci_cpu_on(el2_cpu *c, uint64_t target, uint64_t entry, uint64_t context)
{
    int t = pe_by_mpidr(c->smp, target);
    if (t < 0)
        return PSCI_INVALID_PARAMETERS;
    el2_pe *pe = &c->smp->pe[t];
    if (pe->power == PE_ON)
        return PSCI_ALREADY_ON;
    if (pe->power == PE_ON_PENDING)
        return PSCI_ON_PENDING;
    if (entry & 3)                      /* A64 code: an entry no instruction can be at */
        return PSCI_INVALID_ADDRESS;
    pe->power = PE_ON_PENDING;
    pe->entry = entry;
    pe->context = context;
    return 0;
}

/* AFFINITY_INFO (DEN0022 5.1.5) at affinity level 0, the only one el2sim has PEs at. */
static uint64_t psci_affinity_info(el2_cpu *c, uint64_t target, uint64_t level)
{
    int t = pe_by_mpidr(c->smp, target);
    if (t < 0 || level != 0)
        return PSCI_INVALID_PARAMETERS;
    return (uint64_t)c->smp->pe[t].power;
}

/* CPU_SUSPEND's power_state (DEN0022 5.4.2.2) in the original format, the one
 * PSCI_FEATURES(CPU_SUSPEND) announces (flags bit 1 = 0; 5.15.2): StateID [15:0]
 * (IMPLEMENTATION DEFINED: any), StateType [16] (0 standby or retention, 1 powerdown),
 * PowerLevel [25:24]; the other bits are reserved, zero. el2sim's PEs are at affinity level
 * 0 only (as AFFINITY_INFO), so PowerLevel must be 0: every other bit but StateID and
 * StateType set is INVALID_PARAMETERS (as QEMU 7.2's check of bits 31:17). */
#define PSCI_PS_POWERDOWN (1u << 16)
#define PSCI_PS_VALID     0x1ffffu

/* The EL CPU_ON starts a PE at (the boot PE's boot EL, EL2 by default); CPU_SUSPEND's
 * powerdown resumes there too. */
static unsigned psci_entry_el(const el2_cpu *c)
{
    if (c->smp)
        return c->smp->entry_el;
    return c->boot_el ? c->boot_el : 2;
}

/* The wake-up from a powerdown state (DEN0022 5.4.1, 6.4.3 "Entry state"): the PE's context
 * is lost and it starts as CPU_ON starts one: at psci_entry_el in handler mode, DAIF masked,
 * the MMU and data cache of that EL off (SCTLR.M = C = 0), PC = entry, x0 = context. What woke
 * it (its interrupt controller's and timers' state) is kept: el2sim keeps the PE's other
 * system registers and general registers (their values are UNKNOWN to the caller). The
 * return from EL3 is an ERET event to the entry point. */
void psci_suspend_resume(el2_cpu *c, uint64_t entry, uint64_t context)
{
    unsigned el = psci_entry_el(c);
    el2_event out = { .kind = EV_ERET, .pc = entry, .from_el = 3, .to_el = el,
                      .spsr = PSR_DAIF | (el << 2) | 1u, .elr = entry, .target = entry, .value = context };
    cpu_sp_save(c);
    cpu_enter_state(c, el, PSR_DAIF | 1u);
    c->sr[el == 2 ? SR_SCTLR_EL2 : SR_SCTLR_EL1] &= ~((1ULL << 0) | (1ULL << 2));   /* M, C */
    c->mmu_gen++;                 /* the engine drops what it mirrored (as pe_power_on) */
    cpu_set_pc(c, entry);
    cpu_set_x(c, 0, context);
    cpu_stamp(c, &out, entry);
    cpu_fill_regs(c, &out);
    cpu_emit(c, &out);
}

/* CPU_SUSPEND (DEN0022 5.4) after its SMC event: a standby state is a WFI (the PE returns
 * SUCCESS and waits for a WFI wake-up event as el2sim's WFI does, sysinsn.c: the clock moves
 * on to it; nothing that can ever come makes it a WFI that sleeps forever, which another PE's
 * interrupt may still wake); a powerdown state waits the same way and then starts at entry
 * (psci_suspend_resume). True when the SMC's return is left to the caller (standby). */
static bool psci_cpu_suspend(el2_cpu *c, uint64_t pc, uint32_t ps, uint64_t entry, uint64_t context)
{
    bool down = ps & PSCI_PS_POWERDOWN;
    uint64_t now = cpu_cycles_at(c, pc + 4);
    uint64_t wake = irq_wfi_wake(c, now);
    if (wake == UINT64_MAX) {
        if (c->smp) {              /* another PE's SGI may wake it (system/machine.c) */
            el2_pe *pe = &c->smp->pe[c->index];
            pe->wfi_next = pc + 4;
            pe->suspended = down;
            pe->entry = entry;
            pe->context = context;
        }
        cpu_stop(c, STOP_WFI, 0, "EL%u called PSCI CPU_SUSPEND (%s) at %s with nothing to wake it (no interrupt "
                 "pending, no timer armed, no --irq to come): it would sleep forever", c->el,
                 down ? "powerdown" : "standby", cpu_sym(c, pc));
        return !down;
    }
    if (wake > now)
        c->cycles += wake - now;
    if (!down)
        return true;
    psci_suspend_resume(c, entry, context);
    return false;
}

void firmware_smc(el2_cpu *c, uint64_t pc, uint32_t insn)
{
    uint64_t x0 = cpu_x(c, 0);
    uint32_t fid = (uint32_t)x0;
    uint32_t imm = (insn >> 5) & 0xffff;
    unsigned from = c->el;
    /* from AArch32 (R0-R3 are X0-X3; SMC is 4 bytes in A32 and T32): the syndrome of an
     * SMC32 (EC 0x13, the condition; T32 0xe), the CPSR as SPSR */
    bool a32 = c->aarch32;
    uint32_t esr = a32 ? syn_aa32_smc(((insn >> 16) & 0xfff0) == 0xf7f0 ? 0xe : insn >> 28) : syn_aa64_smc(imm);
    el2_event in = { .kind = EV_EXC, .pc = pc, .insn = insn, .from_el = from, .to_el = 3,
                     .exc = EXC_FIRMWARE, .esr = esr, .elr = pc + 4,
                     .spsr = a32 ? c->port->cpsr(c->port_ctx) : cpu_pstate(c), .value = x0 };
    cpu_stamp(c, &in, pc);
    cpu_fill_regs(c, &in);
    cpu_emit(c, &in);

    uint64_t r = SMCCC_NOT_SUPPORTED;
    uint32_t suspend = 0;                 /* a valid CPU_SUSPEND's power_state, bit 17 set */
    switch (fid) {
    case SMCCC_VERSION:
        r = 0x10001;                    /* SMCCC v1.1 */
        break;
    case SMCCC_ARCH_FEATURES:
        r = (uint32_t)cpu_x(c, 1) == SMCCC_VERSION ? 0 : SMCCC_NOT_SUPPORTED;
        break;
    case PSCI_VERSION:
        r = 0x10001;                    /* PSCI 1.1 */
        break;
    case PSCI_FEATURES: {
        uint32_t q = (uint32_t)cpu_x(c, 1);
        r = (q == PSCI_VERSION || q == PSCI_FEATURES || q == PSCI_SYSTEM_OFF ||
             q == PSCI_SYSTEM_RESET || q == SMCCC_VERSION) ? 0 : SMCCC_NOT_SUPPORTED;
        if (q == PSCI_CPU_SUSPEND || q == PSCI_CPU_SUSPEND64)
            r = c->a32_machine ? SMCCC_NOT_SUPPORTED : 0;   /* flags: original format, platform-coordinated */
        if (c->smp && (q == PSCI_CPU_ON || q == PSCI_CPU_ON64 || q == PSCI_CPU_OFF ||
                       q == PSCI_AFFINITY_INFO || q == PSCI_AFFINITY_INFO64))
            r = 0;
        break;
    }
    case PSCI_CPU_ON:
    case PSCI_CPU_ON64:
        if (c->smp) {                   /* the SMC32 form takes 32-bit arguments */
            uint64_t w = fid == PSCI_CPU_ON ? 0xffffffffULL : ~0ULL;
            r = psci_cpu_on(c, cpu_x(c, 1) & w, cpu_x(c, 2) & w, cpu_x(c, 3) & w);
        }
        break;
    case PSCI_CPU_SUSPEND:
    case PSCI_CPU_SUSPEND64:
        if (!c->a32_machine) {          /* the SMC32 form takes 32-bit arguments */
            uint64_t w = fid == PSCI_CPU_SUSPEND ? 0xffffffffULL : ~0ULL;
            uint32_t ps = (uint32_t)cpu_x(c, 1);
            uint64_t entry = cpu_x(c, 2) & w;
            r = 0;
            if (ps & ~PSCI_PS_VALID)
                r = PSCI_INVALID_PARAMETERS;
            else if ((ps & PSCI_PS_POWERDOWN) && (entry & 3))
                r = PSCI_INVALID_ADDRESS;
            else
                suspend = ps | (1u << 17);   /* bit 17: asked; the wait comes after the SMC */
        }
        break;
    case PSCI_AFFINITY_INFO:
    case PSCI_AFFINITY_INFO64:
        if (c->smp)
            r = psci_affinity_info(c, cpu_x(c, 1) & (fid == PSCI_AFFINITY_INFO ? 0xffffffffULL : ~0ULL),
                                   cpu_x(c, 2) & 0xffffffffULL);
        break;
    case PSCI_CPU_OFF:
        if (c->smp) {
            /* the PE powers down and never returns (DEN0022 5.1.3): its turn ends here */
            c->smp->pe[c->index].power = PE_OFF;
            c->port->halt(c->port_ctx);
            return;
        }
        break;
    case PSCI_SYSTEM_OFF:
        cpu_stop(c, STOP_PSCI_OFF, 0, "PSCI SYSTEM_OFF from EL%u at %s", from, cpu_sym(c, pc));
        return;
    case PSCI_SYSTEM_RESET:
        cpu_stop(c, STOP_PSCI_RESET, 0, "PSCI SYSTEM_RESET from EL%u at %s", from, cpu_sym(c, pc));
        return;
    }
    if (a32 && (fid & 0x40000000u)) {    /* an SMC64 function ID from AArch32 (SMCCC 2.5.2) */
        r = SMCCC_NOT_SUPPORTED;
        suspend = 0;
    }
    if ((suspend & PSCI_PS_POWERDOWN) &&
        !psci_cpu_suspend(c, pc, suspend, cpu_x(c, 2) & (fid == PSCI_CPU_SUSPEND ? 0xffffffffULL : ~0ULL),
                          cpu_x(c, 3) & (fid == PSCI_CPU_SUSPEND ? 0xffffffffULL : ~0ULL)))
        return;                           /* powered down: no return to the caller */
    cpu_set_x(c, 0, a32 ? (uint32_t)r : r);
    uint32_t fw = c->model->cost[IC_FIRMWARE];   /* the CPU model's [timing] firmware-smc */
    c->cycles += fw;
    c->event_reg = true;                  /* EL3's exception return sets the Event Register */
    el2_event out = { .kind = EV_ERET, .pc = pc, .insn = insn, .from_el = 3, .to_el = from,
                      .spsr = in.spsr, .elr = pc + 4, .target = pc + 4, .value = a32 ? (uint32_t)r : r };
    cpu_stamp(c, &out, pc);
    cpu_fill_regs(c, &out);
    cpu_emit(c, &out);
    if (suspend && !(suspend & PSCI_PS_POWERDOWN))
        psci_cpu_suspend(c, pc, suspend, 0, 0);   /* standby: returned SUCCESS, waits as WFI */
}
