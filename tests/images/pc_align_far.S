// pc_align_far: a branch to a misaligned address beyond the physical address range
// (2^48 + 2 on cortex-a57's 44 bits) takes the PC alignment fault (EC 0x22, ELR = FAR =
// the target), not the Address size fault its fetch would give: the PC alignment check
// comes first (Arm ARM AArch64.CheckPCAlignment() before the fetch; "Prioritization of
// Synchronous exceptions taken to AArch64 state": PC alignment fault exceptions, then
// Instruction Abort exceptions). The same branch aligned (2^48) then takes the Address
// size fault. Exits with 0. Not in the QEMU differential: QEMU 7.2 looks the page up
// before its own PC alignment check and takes the instruction abort.
    .include "common.inc"
    .include "handlers.inc"
    .text
    .global _start
_start:
    el2_setup far_vectors
    ldr     x3, =0x1000000000002
misaligned_far:
    blr     x3                      // PC alignment fault at 2^48 + 2
    ldr     x3, =0x1000000000000
aligned_far:
    blr     x3                      // Address size fault at 2^48
    semihost_exit 0

    sync_vectors far_vectors, far_sync
far_sync:
    msr     elr_el2, x30            // both fetch-side faults: back to the caller
    eret
