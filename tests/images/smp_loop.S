// smp_loop: two PEs (--cpus 2) each make 200 HVC round trips from EL2 in a loop of
// chained blocks (subs; b.ne), then power off: every PE off ends the run (exit 5). Each
// PE's own events, counts and cycles included, must not depend on the interleaving: a
// turn that ends between two chained blocks must resume at the block that did not run.
    .include "common.inc"
    .equ PSCI_CPU_OFF,  0x84000002
    .equ PSCI_CPU_ON64, 0xc4000003
    .text
    .global _start
_start:
    ldr     x0, =PSCI_CPU_ON64
    mov     x1, #1
    adr     x2, loop_entry
    mov     x3, #1
loop_on:
    smc     #0
loop_entry:
    mrs     x1, mpidr_el1
    and     x1, x1, #0xff
    ldr     x2, =STACK_EL2
    sub     x2, x2, x1, lsl #12
    mov     sp, x2
    adr     x0, loop_vectors
    msr     vbar_el2, x0
    isb
    mov     x19, #200
1:  mov     x0, x19
loop_hvc:
    hvc     #0
    subs    x19, x19, #1
    b.ne    1b
    ldr     x0, =PSCI_CPU_OFF
loop_off:
    smc     #0
    semihost_exit 1                    // CPU_OFF returned

    .balign 2048
loop_vectors:
    .rept 4
    semihost_exit 2
    .balign 0x80
    .endr
    add     x0, x0, #1                 // HVC from EL2, SP_EL2
    eret
    .balign 0x80
    .rept 10
    semihost_exit 3
    .balign 0x80
    .endr
