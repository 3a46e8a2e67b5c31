// smp_stub: the Linux hyp-stub on four PEs (issue 20; run with --cpus 4, QEMU -smp 4).
// Every PE enters at EL2 as the kernel does (the boot PE at _start, PEs 1-3 started by
// the boot PE with PSCI CPU_ON64 at smp_stub_secondary, context ID = the PE's number):
// the boot firmware's vectors are in VBAR_EL2 (boot_vectors), head.S installs the stub's
// (__hyp_stub_vectors) and drops to EL1, and EL1 calls the stub the way KVM does on each
// CPU: HVC_SET_VECTORS (x1 = kvm_vectors: init), then HVC_RESET_VECTORS, which KVM's
// vectors answer by putting the stub back (teardown). Each PE checks x0 = 0 after each
// call, counts itself in (LDXR/STXR); the secondaries power off with CPU_OFF from EL1, the
// boot PE waits for the count and for AFFINITY_INFO to say each is OFF, and exits 0.
// Failures exit 1-9.
//
// With BUG_OLD_VECTORS defined (smp_stub_bug), PE 2's head.S skips installing the stub:
// it keeps the firmware's vectors, which answer every HVC with x0 = 0, so the PE itself
// notices nothing; `el2sim check --cpus 4 --abi linux-hyp-stub` reports vbar-differs at
// its first stub call.
    .include "common.inc"
    .equ PSCI_CPU_OFF,         0x84000002
    .equ PSCI_CPU_ON64,        0xc4000003
    .equ PSCI_AFFINITY_INFO64, 0xc4000004
    .equ HVC_SET_VECTORS,      0
    .equ HVC_RESET_VECTORS,    2
    .equ NPES, 4

    .text
    .global _start
_start:
    adr     x0, boot_vectors           // what the firmware left in VBAR_EL2
    msr     vbar_el2, x0
    mov     x19, #1
1:  ldr     x0, =PSCI_CPU_ON64
    mov     x1, x19
    adr     x2, smp_stub_secondary
    mov     x3, x19
stub_cpu_on:
    smc     #0
    mov     x20, #1
    cbnz    x0, stub_fail
    add     x19, x19, #1
    cmp     x19, #NPES
    b.ne    1b
    mov     x0, #0
    b       head

smp_stub_secondary:                    // x0 = this PE's number
    adr     x1, boot_vectors
    msr     vbar_el2, x1

// head.S at EL2 (x0 = the PE's number): install the stub, drop to EL1 at kernel_el1
head:
    mov     x19, x0
    ldr     x1, =STACK_EL2
    sub     x1, x1, x19, lsl #12
    mov     sp, x1
.ifdef BUG_OLD_VECTORS
    cmp     x19, #2                    // the bug: PE 2 keeps the firmware's vectors
    b.eq    1f
.endif
    adr     x1, __hyp_stub_vectors
stub_install:
    msr     vbar_el2, x1
1:  isb
    ldr     x1, =HCR_RW
    msr     hcr_el2, x1
    ldr     x1, =STACK_EL1
    sub     x1, x1, x19, lsl #12
    msr     sp_el1, x1
    adr     x1, kernel_el1
    msr     elr_el2, x1
    mov     x1, #SPSR_EL1H
    msr     spsr_el2, x1
    eret

// EL1, x19 = the PE's number: KVM's init and teardown through the stub
kernel_el1:
    mov     x0, #HVC_SET_VECTORS
    adr     x1, kvm_vectors
stub_call_set:
    hvc     #0
    mov     x20, #2
    cbnz    x0, stub_fail
    mov     x0, #HVC_RESET_VECTORS
stub_call_reset:
    hvc     #0
    mov     x20, #3
    cbnz    x0, stub_fail
    adr     x1, stub_count             // count this PE in
2:  ldxr    w2, [x1]
    add     w2, w2, #1
    stxr    w3, w2, [x1]
    cbnz    w3, 2b
    sev
    cbnz    x19, stub_off
3:  wfe                                // the boot PE: wait for the others
    ldr     w2, [x1]
    cmp     w2, #NPES
    b.lo    3b
    mov     x19, #1
4:  ldr     x0, =PSCI_AFFINITY_INFO64
    mov     x1, x19
    mov     x2, #0
stub_aff:
    smc     #0
    cmp     x0, #1                     // OFF
    b.eq    5f
    wfe
    b       4b
5:  add     x19, x19, #1
    cmp     x19, #NPES
    b.ne    4b
    semihost_exit 0
stub_off:
    ldr     x0, =PSCI_CPU_OFF
    smc     #0
    mov     x20, #4
    b       stub_fail

stub_fail:
    mov     x0, #0x18
    adr     x1, 9f
    str     x20, [x1, #8]
    hlt     #0xf000
    b       .
    .balign 8
9:  .quad   0x20026, 0

// A 2 KiB table whose lower-EL AArch64 synchronous entry branches to \handler; every
// other entry exits with status \dead
.macro vectors name, handler, dead
    .balign 2048
\name:
    .rept 8
    mov     x20, #\dead
    b       stub_fail
    .balign 0x80
    .endr
    b       \handler
    .balign 0x80
    .rept 7
    mov     x20, #\dead
    b       stub_fail
    .balign 0x80
    .endr
.endm

// The stub (linux-hyp-stub v5's HVC_SET_VECTORS and HVC_RESET_VECTORS; others: error)
    vectors __hyp_stub_vectors, stub_sync, 5
stub_sync:
    cmp     x0, #HVC_SET_VECTORS
    b.ne    1f
    msr     vbar_el2, x1
    b       2f
1:  cmp     x0, #HVC_RESET_VECTORS
    b.ne    3f
    adr     x0, __hyp_stub_vectors
    msr     vbar_el2, x0
2:  mov     x0, #0
    eret
3:  movz    x0, #0xa11
    movk    x0, #0xbadc, lsl #16
    eret

// KVM's vectors: HVC_RESET_VECTORS puts the stub back (anything else: error)
    vectors kvm_vectors, kvm_sync, 6
kvm_sync:
    cmp     x0, #HVC_RESET_VECTORS
    b.ne    1f
    adr     x0, __hyp_stub_vectors
    msr     vbar_el2, x0
    mov     x0, #0
    eret
1:  movz    x0, #0xa11
    movk    x0, #0xbadc, lsl #16
    eret

// The boot firmware's vectors: an HVC is answered with x0 = 0 and nothing done
    vectors boot_vectors, boot_sync, 7
boot_sync:
    mov     x0, #0
    eret

    .data
    .balign 8
stub_count:
    .word   0
