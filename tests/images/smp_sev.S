// smp_sev: SEV wakes another PE's WFE (run with --cpus 2). PE 1 waits in a WFE loop for
// sev_flag, counting its wake-ups; PE 0 spins SPIN times (several turns), sets sev_flag
// and executes SEV, then waits the same way for sev_done, which PE 1 sets (then SEV and
// CPU_OFF). sev_wakeups holds each PE's count of WFEs completed: PE 1's first WFE waits
// for PE 0's SEV (1); PE 0's first completes at once (its own SEV set its Event Register),
// its second waits for PE 1's SEV (2). Exits 0.
    .include "common.inc"
    .equ PSCI_CPU_OFF,   0x84000002
    .equ PSCI_CPU_ON64,  0xc4000003
    .equ SPIN, 5000

    .text
    .global _start
_start:
    ldr     x0, =PSCI_CPU_ON64
    mov     x1, #1
    adr     x2, sev_secondary
    mov     x3, #1
    smc     #0
    ldr     x21, =SPIN
1:  subs    x21, x21, #1
    b.ne    1b
    adr     x1, sev_flag
    mov     w0, #1
    str     w0, [x1]
sev_pe0:
    sev
    mov     x22, #0
    adr     x1, sev_done
2:  wfe
    add     x22, x22, #1
    ldr     w0, [x1]
    cbz     w0, 2b
    adr     x1, sev_wakeups
    str     x22, [x1]
    semihost_exit 0

sev_secondary:
    mov     x22, #0
    adr     x1, sev_flag
1:  wfe
    add     x22, x22, #1
    ldr     w0, [x1]
    cbz     w0, 1b
    adr     x1, sev_wakeups
    str     x22, [x1, #8]
    adr     x1, sev_done
    mov     w0, #1
    str     w0, [x1]
sev_pe1:
    sev
    ldr     x0, =PSCI_CPU_OFF
    smc     #0
    b       .

    .data
    .balign 8
sev_flag:    .word 0
sev_done:    .word 0
sev_wakeups: .quad 0, 0
