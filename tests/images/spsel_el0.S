// spsel_el0: MSR SPSel, #imm is UNDEFINED at EL0 (Arm ARM "MSR (immediate)": op1 '000'
// fields need EL1, AArch64.CheckSystemAccess), so EL0 stays on SP_EL0; at EL1 the same
// instruction switches stacks. The image checks the SPs itself: exit 0, else 1.
    .include "common.inc"
    .include "handlers.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    drop_to_el1 el1_code
el1_code:
    msr     spsel, #0                       // EL1t: on SP_EL0
    ldr     x0, =STACK_EL0
    mov     sp, x0
    msr     spsel, #1                       // EL1h: back on SP_EL1
    mov     x20, sp
    ldr     x0, =STACK_EL1
    cmp     x20, x0
    b.ne    fail_el1
    adr     x0, el0_code
    msr     elr_el1, x0
    mov     x0, #SPSR_EL0T
    msr     spsr_el1, x0
    eret
el0_code:
msr_spsel_el0:
    msr     spsel, #1                       // UNDEFINED: EL0 -> EL1, vector 0x400
    mov     x21, sp
    ldr     x0, =STACK_EL0
    cmp     x21, x0
    b.ne    fail_el0
    svc     #0x1e0                          // exit 0
fail_el0:
    svc     #0x1e1                          // exit 1
fail_el1:
    semihost_exit 1

    exit_routine
    el2_handlers

// EL1: SVC #0x1e0 exits 0, SVC #0x1e1 exits 1; anything else is stepped over.
    sync_vectors el1_vectors, el1_sync
el1_sync:
    mrs     x9, esr_el1
    ubfx    x10, x9, #26, #6
    cmp     x10, #0x15
    b.ne    1f
    and     x10, x9, #0xffff
    cmp     x10, #0x1e0
    b.eq    exit_ok
    semihost_exit 1
1:  mrs     x9, elr_el1
    add     x9, x9, #4
    msr     elr_el1, x9
    eret
