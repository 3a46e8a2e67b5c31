@ arm-hyp-stub-v5.7.S - a Hyp-mode stub speaking the 32-bit ARM Linux hyp-stub ABI of
@ v5.7 onwards (after KVM/arm32 was removed), written for el2sim's tests from the ABI
@ description alone (models/abi/linux-arm-hyp-stub-v5.7.abi; Linux
@ Documentation/virt/kvm/arm/hyp-abi.rst, arch/arm/include/asm/virt.h):
@   HVC #0 from SVC mode, r0 = function, r1 = argument, r0 = 0 or HVC_STUB_ERR on return.
@   HVC_SET_VECTORS 0: only the zImage decompressor's stub (ZIMAGE defined) sets HVBAR =
@   r1; the kernel's stub answers HVC_STUB_ERR. HVC_SOFT_RESTART 1: r1 entered in Hyp
@   mode, never returns. Everything else (HVC_RESET_VECTORS 2 included): HVC_STUB_ERR.
@
@ Self-test (`el2sim run --arch aarch32 arm-hyp-stub-v5.7.o --entry _start`): boots in
@ Hyp mode, installs the stub, drops to SVC mode and makes every call. Exit status 0 = all
@ good, else the failed check (see svc_main); 0x80+n = SVC-mode vector n taken.

    .syntax unified
    .arch   armv8-a
    .arm
    .include "arm-selftest.inc"

    .equ HVC_SET_VECTORS,   0
    .equ HVC_SOFT_RESTART,  1
    .equ OLD_RESET_VECTORS, 2           @ v4.12-v5.6's HVC_RESET_VECTORS: unknown now

@ ---------------------------------------------------------------- the stub (Hyp mode)
    .section .hyp.text, "ax"
    .balign 32
    .global __hyp_stub_vectors
__hyp_stub_vectors:
    b       .                           @ 0x00: not used
    b       .                           @ 0x04: Undefined Instruction in Hyp mode
    b       .                           @ 0x08: HVC in Hyp mode
    b       .                           @ 0x0c: Prefetch Abort
    b       .                           @ 0x10: Data Abort
    b       stub_trap                   @ 0x14: Hyp trap (HVC from SVC mode)
    b       .                           @ 0x18: IRQ
    b       .                           @ 0x1c: FIQ

stub_trap:
.ifdef ZIMAGE
    cmp     r0, #HVC_SET_VECTORS
    bne     1f
    mcr     p15, 4, r1, c12, c0, 0      @ HVBAR = r1
    mov     r0, #0
    eret
1:
.endif
    cmp     r0, #HVC_SOFT_RESTART
    bne     2f
    bx      r1                          @ enter r1 in Hyp mode
2:  ldr     r0, =HVC_STUB_ERR
    eret
    .ltorg

@ ---------------------------------------------------------------- SVC-mode helpers
    .text
    .global __hyp_set_vectors           @ r0 = new HVBAR
__hyp_set_vectors:
    mov     r1, r0
    mov     r0, #HVC_SET_VECTORS
    hvc     #0
    bx      lr

    .global __hyp_soft_restart          @ r0 = address to enter in Hyp mode
__hyp_soft_restart:
    mov     r1, r0
    mov     r0, #HVC_SOFT_RESTART
    hvc     #0
    bx      lr                          @ not reached

@ ---------------------------------------------------------------- self-test
    .equ RESTART_R2, 0x5eed2222
    .equ RESTART_R3, 0x5eed3333

    .global _start
_start:                                 @ Hyp mode, A32, A/I/F masked
    hyp_boot __hyp_stub_vectors, svc_main

@ Exit statuses: 1-2 SET_VECTORS refused (r0, registers), 3-4 the old RESET_VECTORS
@ number is unknown, 5-6 unknown call 42, 14-16 soft-restart entry (mode, r2, r3),
@ 18 SOFT_RESTART returned. r10 names the register of a failed check.
svc_main:
    svc_setup svc_vectors
    fill_regs 2
    mov     r0, #HVC_SET_VECTORS
    ldr     r1, =__hyp_stub_vectors
    hvc     #0
set_ret:
.ifdef ZIMAGE
    expect  r0, 0, 1
.else
    expect  r0, HVC_STUB_ERR, 1
.endif
    check_regs 2, 2

    fill_regs 1
    mov     r0, #OLD_RESET_VECTORS
    hvc     #0
reset_ret:
    expect  r0, HVC_STUB_ERR, 3
    check_regs 1, 4

    fill_regs 1
    mov     r0, #42
    hvc     #0
unknown_ret:
    expect  r0, HVC_STUB_ERR, 5
    check_regs 1, 6

    ldr     r1, =restart_hyp            @ SOFT_RESTART: never returns
    ldr     r2, =RESTART_R2
    ldr     r3, =RESTART_R3
    mov     r0, #HVC_SOFT_RESTART
    hvc     #0
restart_ret:                            @ not reached
    mov     r0, #18
    b       fail

restart_hyp:                            @ entered in Hyp mode by HVC_SOFT_RESTART
    mrs     r4, cpsr
    and     r4, r4, #0x1f
    cmp     r4, #PSR_MODE_HYP
    movne   r0, #14
    bne     fail
    expect  r2, RESTART_R2, 15
    expect  r3, RESTART_R3, 16
    mov     r0, #0
fail:                                   @ exit with status r0 (any mode)
    semihost_exit_reg r0
    .ltorg

    .balign 32
svc_vectors:                            @ SVC mode: every entry a dead end, exit 0x80 + n
    .irp n, 0,1,2,3,4,5,6,7
    b       svc_dead\n
    .endr
    .irp n, 0,1,2,3,4,5,6,7
svc_dead\n: dead_vector \n
    .endr
