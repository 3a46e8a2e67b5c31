/* firmware.c - a small EL3 firmware: answers PSCI_VERSION, PSCI_FEATURES,
 * SMCCC_VERSION, SMCCC_ARCH_FEATURES, SYSTEM_OFF and SYSTEM_RESET as TF-A does
 * (Arm DEN0022 PSCI, DEN0028 SMCCC); every other function ID gets NOT_SUPPORTED.
 * Follows SMCCC v1.1: x1-x17 are preserved, the result is in x0. */
#include "firmware.h"
#include "exception.h"
#include "timing.h"


void firmware_smc(el2_cpu *c, uint64_t pc, uint32_t insn)
{
    uint64_t x0 = cpu_x(c, 0);
    uint32_t fid = (uint32_t)x0;
    uint32_t imm = (insn >> 5) & 0xffff;
    unsigned from = c->el;
    el2_event in = { .kind = EV_EXC, .pc = pc, .insn = insn, .from_el = from, .to_el = 3,
                     .exc = EXC_FIRMWARE, .esr = syn_aa64_smc(imm), .elr = pc + 4,
                     .spsr = cpu_pstate(c), .value = x0 };
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
        break;
    }
    case PSCI_SYSTEM_OFF:
        cpu_stop(c, STOP_PSCI_OFF, 0, "PSCI SYSTEM_OFF from EL%u at %s", from, cpu_sym(c, pc));
        return;
    case PSCI_SYSTEM_RESET:
        cpu_stop(c, STOP_PSCI_RESET, 0, "PSCI SYSTEM_RESET from EL%u at %s", from, cpu_sym(c, pc));
        return;
    }
    cpu_set_x(c, 0, r);
    uint32_t fw = c->model->cost[IC_FIRMWARE];   /* the CPU model's [timing] firmware-smc */
    c->cycles += fw;
    c->event_reg = true;                  /* EL3's exception return sets the Event Register */
    el2_event out = { .kind = EV_ERET, .pc = pc, .insn = insn, .from_el = 3, .to_el = from,
                      .spsr = in.spsr, .elr = pc + 4, .target = pc + 4, .value = r };
    cpu_stamp(c, &out, pc);
    cpu_fill_regs(c, &out);
    cpu_emit(c, &out);
}
