// smp_wfe_lock: a spin lock's wait, LDAXR + WFE, woken without SEV (run with --cpus 2).
// PE 0 holds wl_lock, starts PE 1 and spins SPIN times (several turns), then releases
// the lock with a plain store (no SEV) and polls wl_done. PE 1 waits as Linux's
// spinlocks do: LDAXR the lock; held: WFE and again. Its WFE is woken by its exclusive
// monitor being cleared (Arm ARM D1.7.1.1: "an event is generated when the global
// monitor for the PE is cleared"; el2sim clears it at the end of each of its turns),
// never by an SEV. Once the lock is free PE 1 takes it (STXR), counts its WFEs into
// wl_wfes, sets wl_done and powers off; PE 0 exits 0.
    .include "common.inc"
    .equ PSCI_CPU_OFF,   0x84000002
    .equ PSCI_CPU_ON64,  0xc4000003
    .equ SPIN, 3000

    .text
    .global _start
_start:
    ldr     x0, =PSCI_CPU_ON64
    mov     x1, #1
    adr     x2, wl_secondary
    mov     x3, #1
    smc     #0
    ldr     x21, =SPIN
1:  subs    x21, x21, #1
    b.ne    1b
    adr     x1, wl_lock
wl_release:
    str     wzr, [x1]
    adr     x1, wl_done
2:  ldr     w0, [x1]
    cbz     w0, 2b
    semihost_exit 0

wl_secondary:
    mov     x22, #0
    adr     x1, wl_lock
    mov     w2, #1
1:  ldaxr   w0, [x1]
    cbz     w0, 2f
wl_wfe:
    wfe
    add     x22, x22, #1
    b       1b
2:  stxr    w3, w2, [x1]
    cbnz    w3, 1b
    adr     x1, wl_wfes
    str     x22, [x1]
    adr     x1, wl_done
    mov     w0, #1
    str     w0, [x1]
    ldr     x0, =PSCI_CPU_OFF
    smc     #0
    b       .

    .data
    .balign 8
wl_lock: .word 1
wl_done: .word 0
wl_wfes: .quad 0
