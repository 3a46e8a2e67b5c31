// addr_faults: with the MMU off, loads, stores and branches to a spread of addresses on a
// CPU with 44-bit physical addresses (cortex-a57, ID_AA64MMFR0_EL1.PARange = 4), each
// taken as the Arm ARM says (AArch64.S1DisabledOutput, AArch64.CheckPCAlignment,
// AArch64.BranchAddr):
//   LDR, STR and BLR to 2^44 (just above PARange), 2^48, 0xffff800008000000 (a kernel
//   VA) and a tagged RAM address with TBI off: Address size fault, level 0 (DFSC/IFSC 0);
//   BLR to RAM code + 2 (whose bytes decode as a NOP and RET): PC alignment fault,
//   ELR = FAR = the target;
//   with TCR_EL2.TBI = 1: BLR to tagged RAM code runs it at the untagged address, BLR
//   to a tagged 2^44 takes the Address size fault at 2^44 (the branch dropped the tag);
//   at EL1, LDR 2^44 (to EL1, EC 0x25); at EL0, LDR 2^44 (EC 0x24) and BLR 2^48 (EC 0x20).
// The handlers skip a faulting load or store and return to x30 from a fetch-side fault.
// Exits with 0.
    .include "common.inc"
    .include "handlers.inc"
    .text
    .global _start
_start:
    el2_setup fault_vectors
    adr     x0, el1_fault_vectors
    msr     vbar_el1, x0
    ldr     x0, =STACK_EL0
    msr     sp_el0, x0
    adr     x20, spread
1:  ldr     x3, [x20], #8
    cbz     x3, 2f
load:
    ldr     x5, [x3]                // Address size fault, DFSC 0
store:
    str     x5, [x3]                // the same with WnR
fetch:
    blr     x3                      // Address size fault, IFSC 0, ELR = FAR = x3
    b       1b
2:  adr     x3, nops
    add     x3, x3, #2
misaligned:
    blr     x3                      // PC alignment fault at nops+2
    mov     x0, #(1 << 20)          // TCR_EL2.TBI: the top byte of EL2 addresses is ignored
    msr     tcr_el2, x0
    isb
    adr     x3, tagged_func
    orr     x3, x3, #0x0f00000000000000
tagged_call:
    blr     x3                      // runs tagged_func at its untagged address
    ldr     x3, =0x3300100000000000
tagged_far:
    blr     x3                      // the PC is 2^44: Address size fault there
    msr     tcr_el2, xzr
    isb
    drop_to_el1 el1_code
el1_code:
    ldr     x3, =0x100000000000
el1_load:
    ldr     x5, [x3]                // EL1 -> EL1
    adr     x1, el0_code
    mov     x2, #SPSR_EL0T
    ldr     x3, =HCR_RW
    hvc     #0x102                  // EL2 returns to EL0
el0_code:
    ldr     x3, =0x100000000000
el0_load:
    ldr     x5, [x3]                // EL0 -> EL1, EC 0x24
    ldr     x3, =0x1000000000000
el0_fetch:
    blr     x3                      // EL0 -> EL1, EC 0x20
    svc     #0x1e0                  // EL1 handler exits with 0
    b       .
    .balign 8
spread:
    .quad   0x100000000000, 0x1000000000000, 0xffff800008000000, 0x0100000040080000, 0
nops:                               // from nops+2: NOP (0xd503201f), RET (0xd65f03c0)
    .hword  0, 0x201f, 0xd503, 0x03c0, 0xd65f, 0
tagged_func:
    mov     x22, #0x77
    adr     x23, .                  // where it ran (untagged)
    ret

    sync_vectors fault_vectors, fault_sync
fault_sync:
    mrs     x9, esr_el2
    ubfx    x10, x9, #26, #6
    cmp     x10, #0x21              // instruction abort
    b.eq    3f
    cmp     x10, #0x22              // PC alignment
    b.eq    3f
    cmp     x10, #0x16              // HVC #0x102 as in handlers.inc
    b.ne    2f
    msr     elr_el2, x1
    msr     spsr_el2, x2
    msr     hcr_el2, x3
    eret
2:  mrs     x9, elr_el2             // data abort: skip the access
    add     x9, x9, #4
    msr     elr_el2, x9
    eret
3:  msr     elr_el2, x30            // fetch side: back to the caller
    eret

    sync_vectors el1_fault_vectors, el1_fault_sync
el1_fault_sync:
    mrs     x9, esr_el1
    ubfx    x10, x9, #26, #6
    cmp     x10, #0x15              // SVC #0x1e0: done
    b.eq    exit_ok
    cmp     x10, #0x20              // instruction abort from EL0: back to the caller
    b.ne    2f
    msr     elr_el1, x30
    eret
2:  mrs     x9, elr_el1
    add     x9, x9, #4
    msr     elr_el1, x9
    eret
    exit_routine
