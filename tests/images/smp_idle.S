// smp_idle: the run ends when no PE can run (run with --cpus 2). The boot PE starts PE 1
// with CPU_ON64 (context ID = x19, 0 unless --reg x19=1) and powers itself off with
// CPU_OFF. PE 1 then executes WFI with nothing that could wake it (DAIF masked, no
// timer: exit 5), or with context ID 1 powers off too (every PE off: exit 5).
    .include "common.inc"
    .equ PSCI_CPU_OFF,  0x84000002
    .equ PSCI_CPU_ON64, 0xc4000003
    .text
    .global _start
_start:
    ldr     x0, =PSCI_CPU_ON64
    mov     x1, #1
    adr     x2, idle_secondary
    mov     x3, x19
idle_on:
    smc     #0
    cbnz    x0, 1f
    ldr     x0, =PSCI_CPU_OFF
idle_off0:
    smc     #0
1:  semihost_exit 1                 // CPU_ON failed, or CPU_OFF returned

idle_secondary:
    cbnz    x0, 2f
idle_wfi:
    wfi
    semihost_exit 2                 // nothing could have woken it
2:  ldr     x0, =PSCI_CPU_OFF
idle_off1:
    smc     #0
    semihost_exit 3
