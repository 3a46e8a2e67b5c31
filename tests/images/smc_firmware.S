// smc_firmware: SMCs from EL2 answered by the EL3 firmware (PSCI/SMCCC), then
// PSCI SYSTEM_OFF ends the run.
    .include "common.inc"
    .include "handlers.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    ldr     x0, =0x84000000         // PSCI_VERSION
smc_psci_version:
    smc     #0
    mov     x19, x0
    ldr     x0, =0x8400000a         // PSCI_FEATURES(PSCI_VERSION)
    ldr     x1, =0x84000000
smc_psci_features:
    smc     #0
    mov     x20, x0
    ldr     x2, =0x10001
    cmp     x19, x2
    b.ne    bad_version
    cbnz    x20, bad_features
    ldr     x0, =0x84000008         // PSCI_SYSTEM_OFF
smc_off:
    smc     #0
    semihost_exit 9                 // not reached
bad_version:
    semihost_exit 1
bad_features:
    semihost_exit 2
    exit_routine
    el2_handlers
