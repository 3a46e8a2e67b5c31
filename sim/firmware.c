/* firmware.c - a small EL3 firmware: answers PSCI_VERSION, PSCI_FEATURES,
 * SMCCC_VERSION, SMCCC_ARCH_FEATURES, SYSTEM_OFF and SYSTEM_RESET as TF-A does
 * (Arm DEN0022 PSCI, DEN0028 SMCCC); every other function ID gets NOT_SUPPORTED.
 * Follows SMCCC v1.1: x1-x17 are preserved, the result is in x0. */
#include "firmware.h"
#include "exception.h"
#include "machine.h"
#include "timing.h"


void firmware_smc(el2_machine *m, uint64_t pc, uint32_t insn)
{
    uint64_t x0 = machine_x(m, 0);
    uint32_t fid = (uint32_t)x0;
    uint32_t imm = (insn >> 5) & 0xffff;
    unsigned from = m->el;
    el2_event in = { .kind = EV_EXC, .pc = pc, .insn = insn, .from_el = from, .to_el = 3,
                     .exc = EXC_FIRMWARE, .esr = esr_make(EC_SMC64, imm), .elr = pc + 4,
                     .spsr = machine_pstate(m), .value = x0 };
    machine_stamp(m, &in, pc);
    machine_fill_regs(m, &in);
    machine_emit(m, &in);

    uint64_t r = SMCCC_NOT_SUPPORTED;
    switch (fid) {
    case SMCCC_VERSION:
        r = 0x10001;                    /* SMCCC v1.1 */
        break;
    case SMCCC_ARCH_FEATURES:
        r = (uint32_t)machine_x(m, 1) == SMCCC_VERSION ? 0 : SMCCC_NOT_SUPPORTED;
        break;
    case PSCI_VERSION:
        r = 0x10001;                    /* PSCI 1.1 */
        break;
    case PSCI_FEATURES: {
        uint32_t q = (uint32_t)machine_x(m, 1);
        r = (q == PSCI_VERSION || q == PSCI_FEATURES || q == PSCI_SYSTEM_OFF ||
             q == PSCI_SYSTEM_RESET || q == SMCCC_VERSION) ? 0 : SMCCC_NOT_SUPPORTED;
        break;
    }
    case PSCI_SYSTEM_OFF:
        machine_stop(m, STOP_PSCI_OFF, 0, "PSCI SYSTEM_OFF from EL%u at %s", from, machine_sym(m, pc));
        return;
    case PSCI_SYSTEM_RESET:
        machine_stop(m, STOP_PSCI_RESET, 0, "PSCI SYSTEM_RESET from EL%u at %s", from, machine_sym(m, pc));
        return;
    }
    machine_set_x(m, 0, r);
    uint32_t fw = m->cpu->cost[IC_FIRMWARE];   /* the CPU model's [timing] firmware-smc */
    m->cycles += fw;
    el2_event out = { .kind = EV_ERET, .pc = pc, .insn = insn, .from_el = 3, .to_el = from,
                      .spsr = in.spsr, .elr = pc + 4, .target = pc + 4, .value = r };
    machine_stamp(m, &out, pc);
    machine_fill_regs(m, &out);
    machine_emit(m, &out);
}
