// hvc_paths: HVC from EL2 (current EL, 0x200), from EL1 (lower EL, 0x400),
// HCR_EL2.HCD=1 making HVC UNDEFINED at EL1, and HVC UNDEFINED at EL0.
    .include "common.inc"
    .include "handlers.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    mov     x0, #0
hvc_el2:
    hvc     #0x11                   // EL2 -> EL2, vector 0x200
    drop_to_el1 el1_code
el1_code:
    mov     x0, #0x55
hvc_el1:
    hvc     #0x22                   // EL1 -> EL2, vector 0x400
    ldr     x1, =(HCR_RW | HCR_HCD)
    hvc     #0x100                  // HCR_EL2 = RW|HCD
hvc_hcd:
    hvc     #0x33                   // UNDEFINED: EL1 -> EL1, vector 0x200
    adr     x0, el0_code
    msr     elr_el1, x0
    mov     x0, #SPSR_EL0T
    msr     spsr_el1, x0
    ldr     x0, =STACK_EL0
    msr     sp_el0, x0
    eret                            // EL1 -> EL0
el0_code:
hvc_el0:
    hvc     #0x44                   // UNDEFINED: EL0 -> EL1, vector 0x400
    svc     #0x1e0                  // exit 0
    b       .
    exit_routine
    el2_handlers
    el1_handlers
