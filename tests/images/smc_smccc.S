// smc_smccc: SMCCC_VERSION and an unknown function ID answered by el2sim's EL3
// firmware model (TF-A behaviour: v1.1, NOT_SUPPORTED = -1).
    .include "common.inc"
    .include "handlers.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    ldr     x0, =0x80000000         // SMCCC_VERSION
    mov     x1, #0x77
smc_smccc_version:
    smc     #0
    mov     x19, x0
    ldr     x0, =0x8400ff00         // no such function
smc_unknown:
    smc     #0
    mov     x20, x0
    ldr     x2, =0x10001
    cmp     x19, x2
    b.ne    bad_version
    cmn     x20, #1
    b.ne    bad_unknown
    semihost_exit 0
bad_version:
    semihost_exit 1
bad_unknown:
    semihost_exit 2
    exit_routine
    el2_handlers
