// psci-stub.S - an EL2 stub answering SMC Calling Convention (Arm DEN0028) function IDs
// over the HVC conduit, the way a minimal hypervisor or firmware shim would, written for
// el2sim's tests from the SMCCC and PSCI (Arm DEN0022) specifications:
//   SMCCC_VERSION       0x80000000 -> 0x10001 (v1.1)
//   SMCCC_ARCH_FEATURES 0x80000001 -> 0 for SMCCC_VERSION / SMCCC_ARCH_FEATURES, else -1
//   PSCI_VERSION        0x84000000 -> 0x10001 (PSCI 1.1)
//   PSCI_FEATURES       0x8400000A -> 0 for PSCI_VERSION / PSCI_FEATURES / SMCCC_VERSION,
//                                     else -1 (NOT_SUPPORTED)
//   anything else       -> -1 (NOT_SUPPORTED)
// SMCCC v1.1: x1-x17 preserved (this stub changes x0 only), x18-x30 and SP preserved.
// Function IDs are taken from W0 (all calls here are 32-bit fast calls).
//
// Self-test (`el2sim run psci-stub.o --entry _start`, or the .elf under QEMU): exit 0 =
// all checks passed, else the status names the failed check; 0x80+n = EL1 vector n.

    .include "common.inc"

    .equ SMCCC_VERSION,       0x80000000
    .equ SMCCC_ARCH_FEATURES, 0x80000001
    .equ PSCI_VERSION,        0x84000000
    .equ PSCI_FEATURES,       0x8400000a
    .equ PSCI_CPU_ON64,       0xc4000003
    .equ VERSION_1_1,         0x10001

// ---------------------------------------------------------------- the stub (EL2)
    .section .hyp.text, "ax"
    .balign 2048
    .global __hyp_stub_vectors
__hyp_stub_vectors:
    .rept 8
    .balign 0x80
    b       .
    .endr
    .balign 0x80
    b       smccc_el1_sync          // 0x400: lower EL, AArch64, synchronous
    .rept 7
    .balign 0x80
    b       .
    .endr
    .balign 0x80

// Decodes W0 with x0 alone: W0 ^ 0x80000000 is the Arm Architecture Service function
// number; a further ^ 0x04000000 gives the Standard Secure Service (PSCI) one.
smccc_el1_sync:
    eor     w0, w0, #0x80000000
    cbz     w0, smccc_version
    cmp     w0, #1
    b.eq    smccc_arch_features
    eor     w0, w0, #0x04000000
    cbz     w0, psci_version
    cmp     w0, #0xa
    b.eq    psci_features
not_supported:
    mov     x0, #-1
    eret
smccc_version:
psci_version:
    movz    x0, #(VERSION_1_1 >> 16), lsl #16
    movk    x0, #(VERSION_1_1 & 0xffff)
    eret
smccc_arch_features:                // w1 = queried function ID
    mov     w0, #SMCCC_VERSION
    cmp     w1, w0
    b.eq    supported
    add     w0, w0, #1              // SMCCC_ARCH_FEATURES
    cmp     w1, w0
    b.eq    supported
    b       not_supported
psci_features:                      // w1 = queried function ID
    mov     w0, #SMCCC_VERSION
    cmp     w1, w0
    b.eq    supported
    mov     w0, #PSCI_VERSION
    cmp     w1, w0
    b.eq    supported
    add     w0, w0, #0xa            // PSCI_FEATURES
    cmp     w1, w0
    b.eq    supported
    b       not_supported
supported:
    mov     x0, #0
    eret

// ---------------------------------------------------------------- EL1 helpers
    .text
    .global __hyp_set_vectors       // not offered over SMCCC: EL2 keeps its table
__hyp_set_vectors:
    mov     x0, #-1
    ret
    .global __hyp_reset_vectors
__hyp_reset_vectors:
    mov     x0, #-1
    ret
    .global smccc_hvc               // x0 = function ID, x1.. = arguments
smccc_hvc:
    hvc     #0
    ret

    .include "selftest.inc"
// One call: x0 = \fid, x1 = \arg (or the fill value), expect x0 = \result, x1..x18
// unchanged. Statuses \status (x0) and \status + 1 (registers).
.macro call fid, arg, result, status
    fill_regs 1
    .ifnb \arg
    ldr     x1, =\arg
    .endif
    ldr     x0, =\fid
    hvc     #0
call_ret\status:
    expect  x0, \result, \status
    .ifnb \arg
    expect  x1, \arg, (\status + 1)
    check_regs 2, (\status + 1)
    .else
    check_regs 1, (\status + 1)
    .endif
.endm

    .global _start
_start:                             // EL2h, DAIF masked
    ldr     x0, =STACK_EL2
    mov     sp, x0
    adrp    x0, __hyp_stub_vectors
    add     x0, x0, :lo12:__hyp_stub_vectors
    msr     vbar_el2, x0
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    isb
    drop_to_el1 el1_main

// Exit statuses (x0 check, registers check): SMCCC_VERSION 1-2, PSCI_VERSION 3-4,
// PSCI_FEATURES(PSCI_VERSION) 5-6, PSCI_FEATURES(CPU_ON) 7-8,
// SMCCC_ARCH_FEATURES(SMCCC_ARCH_FEATURES) 9-10, SMCCC_ARCH_FEATURES(0x80008000) 11-12,
// unknown 0x86000000 13-14, unknown 0x82000000 (SiP) 15-16.
el1_main:
    call    SMCCC_VERSION, , VERSION_1_1, 1
    call    PSCI_VERSION, , VERSION_1_1, 3
    call    PSCI_FEATURES, PSCI_VERSION, 0, 5
    call    PSCI_FEATURES, PSCI_CPU_ON64, -1, 7
    call    SMCCC_ARCH_FEATURES, SMCCC_ARCH_FEATURES, 0, 9
    call    SMCCC_ARCH_FEATURES, 0x80008000, -1, 11
    call    0x86000000, , -1, 13
    call    0x82000000, , -1, 15
    semihost_exit 0

fail:                               // exit with status x19
    mov     x0, #0x18
    adr     x1, fail_block
    str     x19, [x1, #8]
    hlt     #0xf000
    b       .
    .balign 8
fail_block:
    .quad   0x20026, 0
    .ltorg

    .balign 2048
el1_vectors:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    dead_vector \n
    .endr
