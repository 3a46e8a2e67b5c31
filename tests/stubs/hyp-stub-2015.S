// hyp-stub-2015.S - an EL2 hypervisor stub speaking the first (around 2015) Linux arm64
// hyp-stub ABI, written for el2sim's tests from the ABI description alone
// (Documentation/virt/kvm/arm/hyp-abi.rst, arch/arm64/include/asm/virt.h of that time):
//   hvc #0 from EL1, x0 = function: HVC_GET_VECTORS 0 (returns x0 = VBAR_EL2),
//   HVC_SET_VECTORS 1 (x1 = new table; the C helper takes it in x0 and moves it).
// That ABI defined no error value; this stub answers unknown calls with today's
// HVC_STUB_ERR and SET_VECTORS with 0. It only ever changes x0.
//
// Shape: the 2 KiB-aligned vector table and handler in .hyp.text, helpers in .text.
// Self-test (`el2sim run hyp-stub-2015.o --entry _start`, or the .elf under QEMU):
// exit 0 = all checks passed, else the status names the failed check (table at
// el1_main); 0x80+n = EL1 vector n taken.

    .include "common.inc"

    .equ HVC_GET_VECTORS, 0
    .equ HVC_SET_VECTORS, 1
    .equ HVC_STUB_ERR,    0xbadca11

// ---------------------------------------------------------------- the stub (EL2)
    .section .hyp.text, "ax"
    .balign 2048
    .global __hyp_stub_vectors
__hyp_stub_vectors:
    .rept 8                         // current EL: dead ends
    .balign 0x80
    b       .
    .endr
    .balign 0x80
    b       stub_el1_sync           // 0x400: lower EL, AArch64, synchronous
    .rept 7
    .balign 0x80
    b       .
    .endr
    .balign 0x80

stub_el1_sync:
    cmp     x0, #HVC_GET_VECTORS
    b.ne    1f
    mrs     x0, vbar_el2
    eret
1:  cmp     x0, #HVC_SET_VECTORS
    b.ne    stub_err
    msr     vbar_el2, x1
    mov     x0, #0
    eret
stub_err:
    movz    x0, #(HVC_STUB_ERR & 0xffff)
    movk    x0, #(HVC_STUB_ERR >> 16), lsl #16
    eret

// ---------------------------------------------------------------- EL1 helpers
    .text
    .global __hyp_get_vectors       // returns the current EL2 vector table
__hyp_get_vectors:
    mov     x0, #HVC_GET_VECTORS
    hvc     #0
    ret

    .global __hyp_set_vectors       // x0 = new EL2 vector table
__hyp_set_vectors:
    mov     x1, x0
    mov     x0, #HVC_SET_VECTORS
    hvc     #0
    ret

    .global __hyp_reset_vectors     // not a call of this ABI: SET_VECTORS(own table)
__hyp_reset_vectors:
    adrp    x0, __hyp_stub_vectors
    add     x0, x0, :lo12:__hyp_stub_vectors
    b       __hyp_set_vectors

    .include "selftest.inc"

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

// Exit statuses: 1-2 GET_VECTORS (x0 = the stub's table, x1..x18), 3-5 SET_VECTORS to a
// second table (x0, x2..x18, x1), 6-7 GET_VECTORS through it (x0 = second table),
// 8-9 SET_VECTORS back, 10-11 GET_VECTORS (x0 = the stub's table), 12-13 unknown call 42.
el1_main:
    fill_regs 1
    mov     x0, #HVC_GET_VECTORS
    hvc     #0
get_ret1:
    expect  x0, __hyp_stub_vectors, 1
    check_regs 1, 2

    fill_regs 2
    adr     x0, test_vectors2
    bl      __hyp_set_vectors
    expect  x0, 0, 3
    check_regs 2, 4
    expect  x1, test_vectors2, 5

    fill_regs 1
    mov     x0, #HVC_GET_VECTORS
    hvc     #0
get_ret2:
    expect  x0, test_vectors2, 6
    check_regs 1, 7

    fill_regs 2
    bl      __hyp_reset_vectors
    expect  x0, 0, 8
    check_regs 2, 9

    fill_regs 1
    bl      __hyp_get_vectors
    expect  x0, __hyp_stub_vectors, 10
    check_regs 1, 11

    fill_regs 1
    mov     x0, #42
    hvc     #0
unknown_ret:
    expect  x0, HVC_STUB_ERR, 12
    check_regs 1, 13

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

// A second EL2 table, standing in for a hypervisor's: hands every call to the stub.
    .balign 2048
test_vectors2:
    .rept 8
    .balign 0x80
    b       .
    .endr
    .balign 0x80
    b       __hyp_stub_vectors + 0x400
    .rept 7
    .balign 0x80
    b       .
    .endr
    .balign 0x80

    .balign 2048
el1_vectors:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    dead_vector \n
    .endr
