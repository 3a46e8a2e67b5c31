// smp_scn_cpu: functions for scenarios that make calls on a given PE (cpu = N; test_smpcheck
// smpcheck::scenario_cpu). start_pe starts PE x1 with CPU_ON64 at pe_park, which installs
// park_vectors in VBAR_EL2, sets HCR_EL2.RW and spins there (a holding pen) until a call
// moves it; spin_some gives the other PEs turns. park_vectors answers an HVC from a lower
// EL with x0 = 0 and x1 = the PE's number (MPIDR_EL1.Aff0): which PE the call ran on.
    .include "common.inc"
    .text
    .global _start
_start:
    b       .

    .global start_pe
start_pe:
    ldr     x0, =0xc4000003            // CPU_ON64(x1, pe_park, 0)
    adr     x2, pe_park
    mov     x3, #0
    smc     #0
    ret

    .global spin_some
spin_some:
    mov     x0, #3000
1:  subs    x0, x0, #1
    b.ne    1b
    ret

pe_park:
    adr     x0, park_vectors
    msr     vbar_el2, x0
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    isb
    .global pe_pen
pe_pen:
    b       .

    .balign 2048
    .global park_vectors
park_vectors:
    .rept 8
    b       .
    .balign 0x80
    .endr
    mrs     x1, mpidr_el1              // 0x400: lower EL, AArch64, synchronous
    and     x1, x1, #0xff
    mov     x0, #0
    eret
    .balign 0x80
    .rept 7
    b       .
    .balign 0x80
    .endr
