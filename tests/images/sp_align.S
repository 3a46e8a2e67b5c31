// sp_align: with SCTLR_ELx.SA set, a load or store whose base register is SP takes an SP
// alignment fault (EC 0x26, preferred return = the access) when SP is not 16-byte aligned
// (Arm ARM CheckSPAlignment), whatever the access size; with SA clear, with an aligned
// SP, or with another base register, it does not. At EL2, then at EL1 (SCTLR_EL1.SA).
// The handlers skip each faulting access.
    .include "common.inc"
    .include "handlers.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    sub     sp, sp, #8              // SP misaligned by 8
    ldr     x1, [sp]                // SA = 0: no fault
    mrs     x0, sctlr_el2
    orr     x0, x0, #(1 << 3)       // SCTLR_EL2.SA
    msr     sctlr_el2, x0
    isb
sp_ldr_el2:
    ldr     x1, [sp]                // SP alignment fault
sp_ldrb_el2:
    ldrb    w1, [sp, #1]            // a byte: the check is on SP, not on the access
    mov     x2, sp
    ldr     x1, [x2]                // another base register: no fault
    add     sp, sp, #8              // aligned again
    stp     x1, x2, [sp, #-16]!     // no fault
    ldp     x1, x2, [sp], #16
    mrs     x0, sctlr_el1
    orr     x0, x0, #(1 << 3)       // SCTLR_EL1.SA
    msr     sctlr_el1, x0
    drop_to_el1 el1_code
el1_code:
    sub     sp, sp, #4
sp_str_el1:
    str     x1, [sp, #4]            // SP alignment fault at EL1 (SP misaligned, address aligned)
    add     sp, sp, #4
    str     x1, [sp]                // aligned: no fault
    svc     #0x1e0
    b       .
    exit_routine
    el2_handlers
    el1_handlers
