// smp_scn: functions a scenario with [machine] cpus = 2 calls on PE 0 (test_smp,
// smp::scenario_calls_on_pe0): start_pe1 starts PE 1 with CPU_ON64 (context ID 0x77);
// wait_seen spins until PE 1 has stored its context ID and returns it; affinity1 returns
// AFFINITY_INFO64 of PE 1. PE 1 stores x0 and powers off. start_pe1_bad starts PE 1 at an
// address with no memory (its fetch faults with VBAR_EL2 = 0, unmapped too: the run
// stops); spin_some runs 3000 iterations, time for PE 1's turns.
    .include "common.inc"
    .text
    .global _start
_start:
    b       .

    .global start_pe1
start_pe1:
    ldr     x0, =0xc4000003            // CPU_ON64
    mov     x1, #1
    adr     x2, pe1_entry
    mov     x3, #0x77
    smc     #0
    ret

    .global wait_seen
wait_seen:
    adr     x1, pe1_seen
1:  ldr     x0, [x1]
    cbz     x0, 1b
    ret

    .global start_pe1_bad
start_pe1_bad:
    ldr     x0, =0xc4000003            // CPU_ON64
    mov     x1, #1
    mov     x2, #0x1000
    mov     x3, #0
    smc     #0
    ret

    .global spin_some
spin_some:
    mov     x0, #3000
1:  subs    x0, x0, #1
    b.ne    1b
    ret

    .global affinity1
affinity1:
    ldr     x0, =0xc4000004            // AFFINITY_INFO64(1, 0)
    mov     x1, #1
    mov     x2, #0
    smc     #0
    ret

pe1_entry:
    adr     x1, pe1_seen
    str     x0, [x1]
    ldr     x0, =0x84000002            // CPU_OFF
    smc     #0
    b       .

    .data
    .balign 8
pe1_seen:
    .quad   0
