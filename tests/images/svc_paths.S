// svc_paths: SVC EL1 -> EL1 (0x200 of VBAR_EL1), EL0 -> EL2 with HCR_EL2.TGE=1
// (0x400 of VBAR_EL2; HVC at EL0 is then an UNDEF taken to EL2 too), and
// EL0 -> EL1 (0x400 of VBAR_EL1) with TGE=0.
    .include "common.inc"
    .include "handlers.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    ldr     x0, =STACK_EL0
    msr     sp_el0, x0
    drop_to_el1 el1_code
el1_code:
svc_el1:
    svc     #0x11                   // EL1 -> EL1, vector 0x200
    adr     x1, el0_tge
    mov     x2, #SPSR_EL0T
    ldr     x3, =(HCR_RW | HCR_TGE)
    hvc     #0x102                  // EL2 returns to EL0 with TGE=1
el0_tge:
svc_el0_tge:
    svc     #0x33                   // EL0 -> EL2, vector 0x400
hvc_el0_tge:
    hvc     #0x44                   // UNDEFINED at EL0, routed to EL2 by TGE
    adr     x1, el0_plain
    mov     x2, #SPSR_EL0T
    ldr     x3, =HCR_RW
    svc     #0x102                  // EL2 returns to EL0 with TGE=0
el0_plain:
svc_el0:
    svc     #0x22                   // EL0 -> EL1, vector 0x400
    svc     #0x1e0                  // EL1 handler exits with 0
    b       .
    exit_routine
    el2_handlers
    el1_handlers
