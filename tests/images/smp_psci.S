// smp_psci: four PEs (run with --cpus 4; QEMU -smp 4). The boot PE asks PSCI (SMC
// conduit, as QEMU's virt gives an EL2 guest) about the others, brings PEs 1-3 up
// with CPU_ON64 at smp_secondary (context ID = the PE's number), and checks the
// error cases: CPU_ON of a PE already on (ALREADY_ON) or still powering up
// (ON_PENDING; QEMU may have it on by then: ALREADY_ON), of an MPIDR no PE has
// (INVALID_PARAMETERS), AFFINITY_INFO of a PE off, on, pending. Each secondary
// checks its entry state (EL2, MMU off, x0 = its context ID = MPIDR_EL1.Aff0 =
// VMPIDR_EL2.Aff0), installs its own vectors, makes an HVC call, adds itself to a
// shared counter with LDXR/STXR and powers off with CPU_OFF. The boot PE makes its
// own HVC call, adds itself, waits for the counter to reach 4 and exits 0.
// Failures exit with the status of the check (1-20).
    .include "common.inc"
    .equ PSCI_FEATURES,        0x8400000a
    .equ PSCI_CPU_OFF,         0x84000002
    .equ PSCI_CPU_ON64,        0xc4000003
    .equ PSCI_AFFINITY_INFO64, 0xc4000004
    .equ NPES, 4

// x0 = PSCI function \fid, x1-x3 = \a1-\a3; SMC at label \at; x0 must be \ok (or \ok2)
.macro psci at, fid, a1, a2, a3, status, ok, ok2=0x7fffffff
    ldr     x0, =\fid
    ldr     x1, =\a1
    ldr     x2, =\a2
    ldr     x3, =\a3
\at:
    smc     #0
    ldr     x4, =\ok
    cmp     x0, x4
    b.eq    9998f
    ldr     x4, =\ok2
    cmp     x0, x4
    b.eq    9998f
    mov     x20, #\status
    b       fail
9998:
.endm

    .text
    .global _start
_start:
    el2_setup smp_vectors
    psci    smp_features, PSCI_FEATURES, PSCI_CPU_ON64, 0, 0, 1, 0
    psci    smp_aff_off, PSCI_AFFINITY_INFO64, 3, 0, 0, 2, 1          // OFF
    psci    smp_aff_self, PSCI_AFFINITY_INFO64, 0, 0, 0, 3, 0         // ON
    psci    smp_on1, PSCI_CPU_ON64, 1, smp_secondary, 1, 4, 0
    psci    smp_on1_again, PSCI_CPU_ON64, 1, smp_secondary, 1, 5, -5, -4   // ON_PENDING (ALREADY_ON)
    psci    smp_aff_pending, PSCI_AFFINITY_INFO64, 1, 0, 0, 6, 2, 0   // ON_PENDING (ON)
    psci    smp_on2, PSCI_CPU_ON64, 2, smp_secondary, 2, 7, 0
    psci    smp_on3, PSCI_CPU_ON64, 3, smp_secondary, 3, 8, 0
    psci    smp_on_none, PSCI_CPU_ON64, 7, smp_secondary, 7, 9, -2    // INVALID_PARAMETERS
    psci    smp_on_self, PSCI_CPU_ON64, 0, smp_secondary, 0, 10, -4   // ALREADY_ON
    mov     x0, #0x100
smp_hvc0:
    hvc     #0
    cmp     x0, #0x101
    mov     x20, #11
    b.ne    fail
    bl      arrive
    adr     x1, smp_count
1:  ldr     w2, [x1]
    cmp     w2, #NPES
    b.ne    1b
    semihost_exit 0

// A PE's first instruction after CPU_ON: EL2h, MMU off, x0 = context ID
smp_secondary:
    mov     x19, x0
    ldr     x1, =STACK_EL2
    sub     x1, x1, x19, lsl #12       // a stack each
    mov     sp, x1
    mrs     x1, CurrentEL
    cmp     x1, #8
    mov     x20, #12
    b.ne    fail
    mrs     x1, sctlr_el2
    mov     x20, #13
    tbnz    x1, #0, fail
    mrs     x1, mpidr_el1
    and     x1, x1, #0xff
    cmp     x1, x19
    mov     x20, #14
    b.ne    fail
    mrs     x1, vmpidr_el2
    and     x1, x1, #0xff
    cmp     x1, x19
    mov     x20, #15
    b.ne    fail
    adr     x0, smp_vectors
smp_vbar:
    msr     vbar_el2, x0
    isb
    add     x0, x19, #0x200
smp_hvc:
    hvc     #0
    add     x1, x19, #0x201
    cmp     x0, x1
    mov     x20, #16
    b.ne    fail
    bl      arrive
    ldr     x0, =PSCI_CPU_OFF
smp_off:
    smc     #0
    mov     x20, #17                   // CPU_OFF returned
    b       fail

// the shared counter: one more PE arrived
arrive:
    adr     x1, smp_count
1:  ldxr    w2, [x1]
    add     w2, w2, #1
    stxr    w3, w2, [x1]
    cbnz    w3, 1b
    ret

fail:
    mov     x0, #0x18
    adr     x1, 9f
    str     x20, [x1, #8]
    hlt     #0xf000
    b       .
    .balign 8
9:  .quad   0x20026, 0

// HVC from EL2 to EL2 (current EL, SP_ELx): x0 + 1
    .balign 2048
smp_vectors:
    .rept 4
    mov     x20, #18
    b       fail
    .balign 0x80
    .endr
smp_hvc_handler:
    mrs     x9, esr_el2
    lsr     x9, x9, #26
    cmp     x9, #0x16
    mov     x20, #19
    b.ne    fail
    add     x0, x0, #1
    eret
    .balign 0x80
    .rept 10
    mov     x20, #20
    b       fail
    .balign 0x80
    .endr

    .data
    .balign 8
smp_count:
    .word   0
