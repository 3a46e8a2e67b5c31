/* firmware.h - the built-in EL3 firmware model behind SMC (PSCI and SMCCC subset). */
#ifndef EL2_FIRMWARE_H
#define EL2_FIRMWARE_H
#include <stdint.h>
#include "cpu.h"


#define SMCCC_VERSION        0x80000000u
#define SMCCC_ARCH_FEATURES  0x80000001u
#define PSCI_VERSION         0x84000000u
#define PSCI_CPU_SUSPEND     0x84000001u
#define PSCI_CPU_SUSPEND64   0xc4000001u
#define PSCI_CPU_OFF         0x84000002u
#define PSCI_CPU_ON          0x84000003u
#define PSCI_CPU_ON64        0xc4000003u
#define PSCI_AFFINITY_INFO   0x84000004u
#define PSCI_AFFINITY_INFO64 0xc4000004u
#define PSCI_SYSTEM_OFF      0x84000008u
#define PSCI_SYSTEM_RESET    0x84000009u
#define PSCI_FEATURES        0x8400000au
#define SMCCC_NOT_SUPPORTED  0xffffffffffffffffULL
/* PSCI return codes (DEN0022 5.2.2) */
#define PSCI_INVALID_PARAMETERS ((uint64_t)-2)
#define PSCI_ALREADY_ON         ((uint64_t)-4)
#define PSCI_ON_PENDING         ((uint64_t)-5)
#define PSCI_INVALID_ADDRESS    ((uint64_t)-9)

/* Handles the SMC at pc (already decided to reach EL3); the PC is past it. */
void firmware_smc(el2_cpu *c, uint64_t pc, uint32_t insn);
/* A PE woken from a PSCI CPU_SUSPEND powerdown state (firmware.c): it starts at entry with
 * x0 = context at the EL CPU_ON starts a PE at (the system calls it for a PE another PE's
 * interrupt woke). */
void psci_suspend_resume(el2_cpu *c, uint64_t entry, uint64_t context);
/* Semihosting call (HLT #0xf000) at pc. */
void semihost_call(el2_cpu *c, uint64_t pc);
/* The same from AArch32 state (SVC 0x123456, T32 SVC 0xab, HLT 0xf000, T32 HLT 0x3c): the
 * instruction and its size */
void semihost_call32(el2_cpu *c, uint64_t pc, uint32_t insn, unsigned size);
#endif
