/* firmware.h - the built-in EL3 firmware model behind SMC (PSCI and SMCCC subset). */
#ifndef EL2_FIRMWARE_H
#define EL2_FIRMWARE_H
#include <stdint.h>
#include "cpu.h"


#define SMCCC_VERSION        0x80000000u
#define SMCCC_ARCH_FEATURES  0x80000001u
#define PSCI_VERSION         0x84000000u
#define PSCI_CPU_OFF         0x84000002u
#define PSCI_SYSTEM_OFF      0x84000008u
#define PSCI_SYSTEM_RESET    0x84000009u
#define PSCI_FEATURES        0x8400000au
#define SMCCC_NOT_SUPPORTED  0xffffffffffffffffULL

/* Handles the SMC at pc (already decided to reach EL3); the PC is past it. */
void firmware_smc(el2_cpu *c, uint64_t pc, uint32_t insn);
/* Semihosting call (HLT #0xf000) at pc. */
void semihost_call(el2_cpu *c, uint64_t pc);
#endif
