// smp_hvc: the QEMU-comparable bring-up (run with --cpus 4; QEMU -smp 4). The boot PE
// starts PEs 1-3 with PSCI CPU_ON64 at smp_hvc_secondary (context ID = the PE's number);
// each installs its own vectors, makes an HVC call to them from EL2 (x0 = 0x300 + N,
// returned + 1), adds itself to a shared counter with LDXR/STXR and powers off with
// CPU_OFF. The boot PE makes its own HVC call, adds itself, waits (WFE: QEMU then runs
// the other PEs) for the counter to reach 4, waits until AFFINITY_INFO says each other
// PE is OFF, and exits 0. Unlike smp_psci it asks nothing whose answer depends on when
// a PE powers up (QEMU 7.2 has no ON_PENDING). Failures exit 1-9.
    .include "common.inc"
    .equ PSCI_CPU_OFF,         0x84000002
    .equ PSCI_CPU_ON64,        0xc4000003
    .equ PSCI_AFFINITY_INFO64, 0xc4000004
    .equ NPES, 4

    .text
    .global _start
_start:
    el2_setup hvc_vectors
    mov     x19, #1
1:  ldr     x0, =PSCI_CPU_ON64
    mov     x1, x19
    adr     x2, smp_hvc_secondary
    mov     x3, x19
hvc_cpu_on:
    smc     #0
    mov     x20, #1
    cbnz    x0, hvc_fail
    add     x19, x19, #1
    cmp     x19, #NPES
    b.ne    1b
    mov     x0, #0x300
hvc_boot_call:
    hvc     #0
    cmp     x0, #0x301
    mov     x20, #2
    b.ne    hvc_fail
    bl      hvc_arrive
    adr     x1, hvc_count
2:  wfe
    ldr     w2, [x1]
    cmp     w2, #NPES
    b.lo    2b
    mov     x19, #1
3:  ldr     x0, =PSCI_AFFINITY_INFO64
    mov     x1, x19
    mov     x2, #0
hvc_aff:
    smc     #0
    cmp     x0, #1                     // OFF
    b.eq    4f
    wfe                                // not yet: let it finish powering down
    b       3b
4:  add     x19, x19, #1
    cmp     x19, #NPES
    b.ne    3b
    semihost_exit 0

smp_hvc_secondary:
    mov     x19, x0
    ldr     x1, =STACK_EL2
    sub     x1, x1, x19, lsl #12
    mov     sp, x1
    adr     x0, hvc_vectors
hvc_vbar:
    msr     vbar_el2, x0
    isb
    add     x0, x19, #0x300
hvc_call:
    hvc     #0
    add     x1, x19, #0x301
    cmp     x0, x1
    mov     x20, #3
    b.ne    hvc_fail
    bl      hvc_arrive
    ldr     x0, =PSCI_CPU_OFF
hvc_off:
    smc     #0
    mov     x20, #4
    b       hvc_fail

hvc_arrive:
    adr     x1, hvc_count
1:  ldxr    w2, [x1]
    add     w2, w2, #1
    stxr    w3, w2, [x1]
    cbnz    w3, 1b
    sev
    ret

hvc_fail:
    mov     x0, #0x18
    adr     x1, 9f
    str     x20, [x1, #8]
    hlt     #0xf000
    b       .
    .balign 8
9:  .quad   0x20026, 0

    .balign 2048
hvc_vectors:
    .rept 4
    mov     x20, #5
    b       hvc_fail
    .balign 0x80
    .endr
hvc_handler:
    add     x0, x0, #1
    eret
    .balign 0x80
    .rept 10
    mov     x20, #6
    b       hvc_fail
    .balign 0x80
    .endr

    .data
    .balign 8
hvc_count:
    .word   0
