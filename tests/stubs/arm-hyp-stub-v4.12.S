@ arm-hyp-stub-v4.12.S - a Hyp-mode stub speaking the 32-bit ARM Linux hyp-stub ABI of
@ v4.12-v5.6, written for el2sim's tests from the ABI description alone
@ (models/abi/linux-arm-hyp-stub-v4.12.abi; Linux Documentation/virtual/kvm/arm/hyp-abi.txt,
@ arch/arm/include/asm/virt.h):
@   HVC #0 from SVC mode, r0 = function, r1 = argument, r0 = 0 or HVC_STUB_ERR on return.
@   HVC_SET_VECTORS 0 (r1 = new HVBAR), HVC_SOFT_RESTART 1 (r1 = address entered in Hyp
@   mode, never returns), HVC_RESET_VECTORS 2 (HVBAR = the stub's vectors again).
@ The ABI lets a call clobber r0-r3 and r12; this stub only ever changes r0.
@
@ Shape: the Hyp vector table (HVBAR, 32-byte aligned) and its handler in .hyp.text, the
@ SVC-mode helpers in .text. Hyp vectors: +0x14 is the Hyp trap entry, where an HVC from
@ a non-Hyp mode arrives (Arm ARM G1, "The Hyp exception vector table").
@
@ Self-test (`el2sim run --arch aarch32 arm-hyp-stub-v4.12.o --entry _start`): _start boots
@ in Hyp mode, installs the stub, drops to SVC mode, and SVC makes every call, checking
@ r0 and that r1-r12, sp and lr kept their values. Exit status 0 = all good; otherwise
@ the status names the failed check (see svc_main); 0x80+n = SVC-mode vector n taken.
@
@ Planted bugs (--defsym, for the ABI checker's tests; objects only):
@   BUG_CLOBBER  HVC_SET_VECTORS uses r4 (preserved) as its scratch register
@   BUG_RESULT   HVC_RESET_VECTORS answers 1 instead of 0
@   BUG_SP       HVC_SET_VECTORS pushes a frame on the caller's stack (SP_svc) and leaves it
@   BUG_LR       HVC_RESET_VECTORS calls a helper with BL: Hyp mode's LR is LR_usr
@   BUG_NOERR    an unknown function answers 0 instead of HVC_STUB_ERR
@ THUMB (--defsym) builds the Hyp side as T32: HSCTLR.TE set at boot, so Hyp mode is
@ entered in T32 (AArch32.EnterHypMode: PSTATE.T = HSCTLR.TE) and both Hyp tables hold
@ 32-bit T32 branches.

    .syntax unified
    .arch   armv8-a                     @ AArch32 with the Virtualization Extensions, HLT
    .arm
    .include "arm-selftest.inc"

    .equ HVC_SET_VECTORS,   0
    .equ HVC_SOFT_RESTART,  1
    .equ HVC_RESET_VECTORS, 2

@ One 4-byte Hyp vector entry: B (A32) or B.W (T32)
.macro vec target
.ifdef THUMB
    b.w     \target
.else
    b       \target
.endif
.endm

@ ---------------------------------------------------------------- the stub (Hyp mode)
    .section .hyp.text, "ax"
.ifdef THUMB
    .thumb
.endif
    .balign 32
    .global __hyp_stub_vectors
__hyp_stub_vectors:
    vec     .                           @ 0x00: not used
    vec     .                           @ 0x04: Undefined Instruction in Hyp mode
    vec     .                           @ 0x08: HVC in Hyp mode
    vec     .                           @ 0x0c: Prefetch Abort
    vec     .                           @ 0x10: Data Abort
    vec     stub_trap                   @ 0x14: Hyp trap (HVC from SVC mode)
    vec     .                           @ 0x18: IRQ
    vec     .                           @ 0x1c: FIQ

stub_trap:
    cmp     r0, #HVC_SET_VECTORS
    beq     stub_set_vectors
    cmp     r0, #HVC_SOFT_RESTART
    beq     stub_soft_restart
    cmp     r0, #HVC_RESET_VECTORS
    beq     stub_reset_vectors
.ifdef BUG_NOERR
    b       stub_ok                     @ BUG: no HVC_STUB_ERR for an unknown function
.endif
stub_err:
    ldr     r0, =HVC_STUB_ERR
    eret
stub_ok:
    mov     r0, #0
    eret

stub_set_vectors:
.ifdef BUG_SP
    mrs     r0, sp_svc                  @ BUG: a frame on the caller's stack, never popped
    sub     r0, r0, #16
    msr     sp_svc, r0
.endif
.ifdef BUG_CLOBBER
    mov     r4, r1                      @ BUG: r4 belongs to the caller
    mcr     p15, 4, r4, c12, c0, 0      @ HVBAR = r1
.else
    mcr     p15, 4, r1, c12, c0, 0      @ HVBAR = r1
.endif
    b       stub_ok

stub_soft_restart:                      @ enter r1 in Hyp mode, leave the rest as it is
    bx      r1

stub_reset_vectors:
.ifdef BUG_LR
    bl      stub_vectors_base           @ BUG: BL in Hyp mode writes LR_usr
.else
    ldr     r0, =__hyp_stub_vectors
.endif
    mcr     p15, 4, r0, c12, c0, 0
.ifdef BUG_RESULT
    mov     r0, #1                      @ BUG: success is 0
    eret
.endif
    b       stub_ok
.ifdef BUG_LR
stub_vectors_base:
    ldr     r0, =__hyp_stub_vectors
    bx      lr
.endif
    .ltorg

@ ---------------------------------------------------------------- SVC-mode helpers
    .text
    .arm
    .global __hyp_set_vectors           @ r0 = new HVBAR
__hyp_set_vectors:
    mov     r1, r0
    mov     r0, #HVC_SET_VECTORS
    hvc     #0
    bx      lr

    .global __hyp_reset_vectors
__hyp_reset_vectors:
    mov     r0, #HVC_RESET_VECTORS
    hvc     #0
    bx      lr

    .global __hyp_soft_restart          @ r0 = address to enter in Hyp mode
__hyp_soft_restart:
    mov     r1, r0
    mov     r0, #HVC_SOFT_RESTART
    hvc     #0
    bx      lr                          @ not reached

@ ---------------------------------------------------------------- self-test
    .equ PROBE, 0x7ab                   @ unknown to both tables: HVC_STUB_ERR; test_vectors2
    .equ PROBE_MARK, 0x7ab2             @ also leaves this mark in r1 (may be clobbered), the stub not
    .equ RESTART_R2, 0x5eed2222
    .equ RESTART_R3, 0x5eed3333

    .global _start
_start:                                 @ Hyp mode, A32, A/I/F masked
.ifdef THUMB
    mrc     p15, 4, r0, c1, c0, 0       @ HSCTLR.TE (bit 30): Hyp mode entered in T32
    orr     r0, r0, #(1 << 30)
    mcr     p15, 4, r0, c1, c0, 0
.endif
    hyp_boot __hyp_stub_vectors, svc_main

@ Exit statuses: 1-3 SET_VECTORS (r0, registers, r1), 4-5 probe of the
@ second table, 6-7 RESET_VECTORS, 8-9 probe answered by the stub again, 10-11 unknown
@ call 42, 14-16 soft-restart entry (mode, r2, r3), 18 SOFT_RESTART returned.
@ r10 names the register of a failed register check (13 = sp, 14 = lr).
svc_main:
    svc_setup svc_vectors
    fill_regs 2                         @ SET_VECTORS to a second table
    mov     r1, #0x11
    mov     r0, #HVC_SET_VECTORS
    ldr     r1, =test_vectors2
    hvc     #0
set_ret:
    expect  r0, 0, 1
    expect  r1, test_vectors2, 3
    check_regs 2, 2

    fill_regs 1                         @ the second table is live
    ldr     r0, =PROBE
    hvc     #0
probe_ret1:
    expect  r0, HVC_STUB_ERR, 4
    expect  r1, PROBE_MARK, 4
    check_regs 2, 5

    fill_regs 1                         @ RESET_VECTORS (the second table passes it on)
    mov     r0, #HVC_RESET_VECTORS
    hvc     #0
reset_ret:
    expect  r0, 0, 6
    check_regs 1, 7

    fill_regs 1                         @ the stub's own table is back
    ldr     r0, =PROBE
    hvc     #0
probe_ret2:
    expect  r0, HVC_STUB_ERR, 8
    check_regs 1, 9

    fill_regs 1                         @ unknown function
    mov     r0, #42
    hvc     #0
unknown_ret:
    expect  r0, HVC_STUB_ERR, 10
    check_regs 1, 11

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

@ A second Hyp table, standing in for a hypervisor's: answers PROBE itself (HVC_STUB_ERR,
@ and PROBE_MARK in r1) and hands every other call to the stub, as a kernel's own vectors
@ pass stub calls on.
.ifdef THUMB
    .thumb
.endif
    .balign 32
test_vectors2:
    .rept 5
    vec     .
    .endr
    vec     test2_trap
    vec     .
    vec     .
test2_trap:
    ldr     r12, =PROBE                 @ r12 (ip) may be clobbered: not checked here
    cmp     r0, r12
.ifdef THUMB
    mov     r12, #0xcc                  @ ...but the stub passes it back as it was
.else
    movne   r12, #0xcc                 @ ...but the stub passes it back as it was
.endif
    bne     stub_trap
    ldr     r0, =HVC_STUB_ERR
    ldr     r1, =PROBE_MARK
    mov     r12, #0xcc
    eret
    .ltorg
    .arm

    .balign 32
svc_vectors:                            @ SVC mode: every entry a dead end, exit 0x80 + n
    .irp n, 0,1,2,3,4,5,6,7
    b       svc_dead\n
    .endr
    .irp n, 0,1,2,3,4,5,6,7
svc_dead\n: dead_vector \n
    .endr
