/* firmware.c - a small EL3 firmware: answers PSCI_VERSION, PSCI_FEATURES,
 * SMCCC_VERSION, SMCCC_ARCH_FEATURES, SYSTEM_OFF and SYSTEM_RESET as TF-A does
 * (Arm DEN0022 PSCI, DEN0028 SMCCC), and on a machine with several PEs CPU_ON, CPU_OFF
 * and AFFINITY_INFO; every other function ID gets NOT_SUPPORTED.
 * Follows SMCCC v1.1: x1-x17 are preserved, the result is in x0. */
#include "firmware.h"
#include "exception.h"
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
    if (a32 && (fid & 0x40000000u))      /* an SMC64 function ID from AArch32 (SMCCC 2.5.2) */
        r = SMCCC_NOT_SUPPORTED;
    cpu_set_x(c, 0, a32 ? (uint32_t)r : r);
    uint32_t fw = c->model->cost[IC_FIRMWARE];   /* the CPU model's [timing] firmware-smc */
    c->cycles += fw;
    c->event_reg = true;                  /* EL3's exception return sets the Event Register */
    el2_event out = { .kind = EV_ERET, .pc = pc, .insn = insn, .from_el = 3, .to_el = from,
                      .spsr = in.spsr, .elr = pc + 4, .target = pc + 4, .value = a32 ? (uint32_t)r : r };
    cpu_stamp(c, &out, pc);
    cpu_fill_regs(c, &out);
    cpu_emit(c, &out);
}
