@ arm-hyp-stub-2012.S - a Hyp-mode stub speaking the first 32-bit ARM Linux hyp-stub ABI
@ (v3.6, 2012, to v4.11), written for el2sim's tests from the ABI description alone
@ (models/abi/linux-arm-hyp-stub-2012.abi): no function IDs yet.
@   HVC #0 from SVC mode; r0 = -1: __hyp_get_vectors, r0 comes back holding HVBAR;
@   any other r0: __hyp_set_vectors, HVBAR = r0 (r0 comes back unchanged).
@ The stub changes nothing but r0 (get) and HVBAR.
@
@ Self-test (`el2sim run --arch aarch32 arm-hyp-stub-2012.o --entry _start`): boots in
@ Hyp mode, installs the stub, drops to SVC mode and makes every call. Exit status 0 = all
@ good, else the failed check (see svc_main); 0x80+n = SVC-mode vector n taken.

    .syntax unified
    .arch   armv8-a
    .arm
    .include "arm-selftest.inc"

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
    cmn     r0, #1                      @ r0 == -1?
    bne     1f
    mrc     p15, 4, r0, c12, c0, 0      @ get: r0 = HVBAR
    eret
1:  mcr     p15, 4, r0, c12, c0, 0      @ set: HVBAR = r0
    eret

@ ---------------------------------------------------------------- SVC-mode helpers
    .text
    .global __hyp_get_vectors           @ returns HVBAR
__hyp_get_vectors:
    mvn     r0, #0
    hvc     #0
    bx      lr

    .global __hyp_set_vectors           @ r0 = new HVBAR
__hyp_set_vectors:
    hvc     #0
    bx      lr

@ ---------------------------------------------------------------- self-test
    .global _start
_start:                                 @ Hyp mode, A32, A/I/F masked
    hyp_boot __hyp_stub_vectors, svc_main

@ Exit statuses: 1-2 get (r0 = the stub's vectors, registers), 3-4 set to a second
@ table (r0 unchanged, registers), 5-6 get through the second table, 7-8 set back,
@ 9-10 get from the stub again. r10 names the register of a failed check.
svc_main:
    svc_setup svc_vectors
    fill_regs 1
    mvn     r0, #0
    hvc     #0
get_ret1:
    expect  r0, __hyp_stub_vectors, 1
    check_regs 1, 2

    fill_regs 1
    ldr     r0, =test_vectors2
    hvc     #0
set_ret1:
    expect  r0, test_vectors2, 3
    check_regs 1, 4

    fill_regs 1
    mvn     r0, #0
    hvc     #0
get_ret2:
    expect  r0, test_vectors2, 5
    check_regs 1, 6

    fill_regs 1
    ldr     r0, =__hyp_stub_vectors
    hvc     #0
set_ret2:
    expect  r0, __hyp_stub_vectors, 7
    check_regs 1, 8

    fill_regs 1
    mvn     r0, #0
    hvc     #0
get_ret3:
    expect  r0, __hyp_stub_vectors, 9
    check_regs 1, 10
    mov     r0, #0
fail:                                   @ exit with status r0 (any mode)
    semihost_exit_reg r0
    .ltorg

@ A second Hyp table, standing in for a hypervisor's: hands every call to the stub.
    .balign 32
test_vectors2:
    .rept 5
    b       .
    .endr
    b       stub_trap
    b       .
    b       .

    .balign 32
svc_vectors:                            @ SVC mode: every entry a dead end, exit 0x80 + n
    .irp n, 0,1,2,3,4,5,6,7
    b       svc_dead\n
    .endr
    .irp n, 0,1,2,3,4,5,6,7
svc_dead\n: dead_vector \n
    .endr
