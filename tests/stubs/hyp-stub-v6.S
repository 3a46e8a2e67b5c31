// hyp-stub-v6.S - an EL2 hypervisor stub speaking the newest Linux arm64 hyp-stub ABI,
// written for el2sim's tests from the ABI description alone
// (Documentation/virt/kvm/arm/hyp-abi.rst, arch/arm64/include/asm/virt.h):
//   hvc #0 from EL1, x0 = function, x1.. = arguments, x0 = 0 or HVC_STUB_ERR on return.
//   HVC_SET_VECTORS 0 (x1 = table), HVC_SOFT_RESTART 1 (x1 = EL2 entry, x2..x4 -> its
//   x0..x2, never returns), HVC_RESET_VECTORS 2, HVC_FINALISE_EL2 3 (VHE upgrade),
//   HVC_GET_ICH_VTR_EL2 4 (x1 = ICH_VTR_EL2; HVC_STUB_ERR without a GICv3 CPU interface).
// The ABI lets a stub call clobber x0-x18; this stub only ever changes x0 (and x1 where
// a call returns a value there), so a checker sees a stub with no ABI findings.
//
// Shape: like a kernel's hyp-stub.o, a relocatable object with the 2 KiB-aligned vector
// table and its handler in .hyp.text, the EL1 helpers in .text.
//
// Self-test (`el2sim run hyp-stub-v6.o --entry _start`, or the linked .elf under QEMU):
// _start installs the stub at EL2, drops to EL1, and EL1 makes every call, checking x0
// and that x1..x18 kept their values. Exit status 0 = all good; otherwise the status
// names the failed check (see the table at el1_main); 0x80+n = EL1 vector n taken.
// With SELFTEST_OFF defined, only the stub is assembled (as vhe-upgrade.S does with v5).

    .arch   armv8.1-a               // *_EL12 register names (FEAT_VHE)
    .include "common.inc"

    .equ HVC_SET_VECTORS,   0
    .equ HVC_SOFT_RESTART,  1
    .equ HVC_RESET_VECTORS, 2
    .equ HVC_FINALISE_EL2,  3
    .equ HVC_GET_ICH_VTR_EL2, 4
    .equ HVC_STUB_ERR,      0xbadca11

// ---------------------------------------------------------------- the stub (EL2)
    .section .hyp.text, "ax"
    .balign 2048
    .global __hyp_stub_vectors
__hyp_stub_vectors:
    .rept 8                         // 0x000-0x380: current EL (SP0, SPx): dead ends
    .balign 0x80
    b       .
    .endr
    .balign 0x80
    b       stub_el1_sync           // 0x400: lower EL, AArch64, synchronous
    .rept 7                         // 0x480-0x780: lower EL IRQ/FIQ/SError, AArch32
    .balign 0x80
    b       .
    .endr
    .balign 0x80

stub_el1_sync:
    cmp     x0, #HVC_SET_VECTORS
    b.ne    1f
    msr     vbar_el2, x1
    b       stub_ok
1:  cmp     x0, #HVC_SOFT_RESTART
    b.ne    2f
    msr     elr_el2, x1             // enter x1 at EL2h, DAIF masked
    mov     x0, #SPSR_EL2H
    msr     spsr_el2, x0
    mov     x0, x2
    mov     x1, x3
    mov     x2, x4
    eret
2:  cmp     x0, #HVC_RESET_VECTORS
    b.ne    3f
    adr     x0, __hyp_stub_vectors
    msr     vbar_el2, x0
    mrs     x0, sctlr_el2
    tbz     x0, #0, stub_ok         // EL2 MMU already off
    bic     x0, x0, #1
    msr     sctlr_el2, x0
    isb
    b       stub_ok
3:  cmp     x0, #HVC_FINALISE_EL2
    b.eq    stub_vhe_upgrade
    cmp     x0, #HVC_GET_ICH_VTR_EL2
    b.ne    stub_err
    mrs     x0, id_aa64pfr0_el1     // GIC (bits 27:24): system-register GIC interface?
    ubfx    x0, x0, #24, #4
    cbz     x0, stub_err
    mrs     x1, ich_vtr_el2
    b       stub_ok
stub_err:
    movz    x0, #(HVC_STUB_ERR & 0xffff)
    movk    x0, #(HVC_STUB_ERR >> 16), lsl #16
    eret
stub_ok:
    mov     x0, #0
    eret

// Turn the EL1 caller into an EL2 host (VHE): refused if the EL2 MMU is on or the CPU
// has no FEAT_VHE (ID_AA64MMFR1_EL1.VH, bits 11:8). Uses x0 only.
stub_vhe_upgrade:
    mrs     x0, sctlr_el2
    tbnz    x0, #0, stub_err
    mrs     x0, id_aa64mmfr1_el1
    ubfx    x0, x0, #8, #4
    cbz     x0, stub_err
    movz    x0, #((HCR_RW | HCR_TGE) >> 16), lsl #16
    movk    x0, #(HCR_E2H >> 32), lsl #32
    msr     hcr_el2, x0             // E2H | TGE | RW
    isb
    // With E2H set, *_EL12 reach the EL1 registers and *_EL1 reach EL2's.
    mrs     x0, sctlr_el12
    msr     sctlr_el1, x0
    mrs     x0, cpacr_el12
    msr     cpacr_el1, x0
    mrs     x0, vbar_el12
    msr     vbar_el1, x0
    mrs     x0, tcr_el12
    msr     tcr_el1, x0
    mrs     x0, ttbr0_el12
    msr     ttbr0_el1, x0
    mrs     x0, ttbr1_el12
    msr     ttbr1_el1, x0
    mrs     x0, mair_el12
    msr     mair_el1, x0
    mrs     x0, sp_el1
    mov     sp, x0
    mrs     x0, tpidr_el1
    msr     tpidr_el2, x0
    mrs     x0, spsr_el2            // return to the caller at EL2h, same DAIF
    bic     x0, x0, #0xf
    orr     x0, x0, #0x8            // M[3:0] = 0b1001, EL2h
    orr     x0, x0, #0x1
    msr     spsr_el2, x0
    isb
    b       stub_ok

// ---------------------------------------------------------------- EL1 helpers
    .text
    .global __hyp_set_vectors       // x0 = new EL2 vector table
__hyp_set_vectors:
    mov     x1, x0
    mov     x0, #HVC_SET_VECTORS
    hvc     #0
    ret

    .global __hyp_reset_vectors
__hyp_reset_vectors:
    mov     x0, #HVC_RESET_VECTORS
    hvc     #0
    ret

    .global __hyp_finalise_el2
__hyp_finalise_el2:
    mov     x0, #HVC_FINALISE_EL2
    hvc     #0
    ret

    .global __hyp_get_ich_vtr_el2   // returns x0 = 0 or HVC_STUB_ERR, x1 = ICH_VTR_EL2
__hyp_get_ich_vtr_el2:
    mov     x0, #HVC_GET_ICH_VTR_EL2
    hvc     #0
    ret

.ifndef SELFTEST_OFF
// ---------------------------------------------------------------- self-test
    .equ PROBE, 0x7ab               // unknown to both tables: HVC_STUB_ERR; test_vectors2 also
    .equ PROBE_MARK, 0x7ab2         // leaves this mark in x1 (caller-saved), the stub does not
    .equ RESTART_X0, 0x5eed0000
    .equ RESTART_X1, 0x5eed1111
    .equ RESTART_X2, 0x5eed2222

    .include "selftest.inc"

    .global _start
_start:                             // EL2h, DAIF masked
    ldr     x0, =STACK_EL2
    mov     sp, x0
    adrp    x0, __hyp_stub_vectors  // install the stub
    add     x0, x0, :lo12:__hyp_stub_vectors
    msr     vbar_el2, x0
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    isb
    drop_to_el1 el1_main

// Exit statuses: 1-3 SET_VECTORS (x0, x2..x18, x1), 4-5 probe of the second table,
// 6-7 RESET_VECTORS, 8-9 probe answered by the stub again, 10-11 unknown call 42,
// 12-13 FINALISE_EL2 without VHE, 14-17 soft-restart entry (CurrentEL, x0, x1, x2),
// 18 SOFT_RESTART returned, 19-21 GET_ICH_VTR_EL2 (x0, x1..x18 / x2..x18, x1 unchanged
// after success). x21 names the register of a failed x1..x18 check.
el1_main:
    fill_regs 2                     // SET_VECTORS to a second table, via the helper
    adr     x0, test_vectors2
    bl      __hyp_set_vectors
    expect  x0, 0, 1
    check_regs 2, 2
    adr     x20, test_vectors2
    mov     x19, #3
    cmp     x1, x20
    b.ne    fail

    fill_regs 1                     // the second table is live
    mov     x0, #PROBE
    hvc     #0
probe_ret1:
    expect  x0, HVC_STUB_ERR, 4
    expect  x1, PROBE_MARK, 4
    check_regs 2, 5

    fill_regs 1                     // RESET_VECTORS (second table passes it on)
    bl      __hyp_reset_vectors
    expect  x0, 0, 6
    check_regs 1, 7

    fill_regs 1                     // the stub's own table is back
    mov     x0, #PROBE
    hvc     #0
probe_ret2:
    expect  x0, HVC_STUB_ERR, 8
    check_regs 1, 9

    fill_regs 1                     // unknown function
    mov     x0, #42
    hvc     #0
unknown_ret:
    expect  x0, HVC_STUB_ERR, 10
    check_regs 1, 11

    mrs     x20, id_aa64mmfr1_el1   // FINALISE_EL2 must refuse without FEAT_VHE
    ubfx    x20, x20, #8, #4        // (with VHE it would succeed: vhe-upgrade.S tests that)
    cbnz    x20, 1f
    fill_regs 1
    mov     x0, #HVC_FINALISE_EL2
    hvc     #0
finalise_ret:
    expect  x0, HVC_STUB_ERR, 12
    check_regs 1, 13
1:
    mrs     x22, id_aa64pfr0_el1    // GET_ICH_VTR_EL2: HVC_STUB_ERR without a GICv3
    ubfx    x22, x22, #24, #4       // CPU interface, else x0 = 0 and x1 = ICH_VTR_EL2
    fill_regs 1
    mov     x0, #HVC_GET_ICH_VTR_EL2
    hvc     #0
ich_ret:
    cbnz    x22, 2f
    expect  x0, HVC_STUB_ERR, 19
    check_regs 1, 20
    b       3f
2:  expect  x0, 0, 19
    check_regs 2, 20
    mov     x19, #21
    cmp     x1, #0x701
    b.eq    fail
3:
    adr     x1, restart_el2         // SOFT_RESTART: never returns
    ldr     x2, =RESTART_X0
    ldr     x3, =RESTART_X1
    ldr     x4, =RESTART_X2
    mov     x0, #HVC_SOFT_RESTART
    hvc     #0
restart_ret:                        // not reached
    mov     x19, #18
    b       fail

restart_el2:                        // entered at EL2 by HVC_SOFT_RESTART
    mrs     x20, currentel
    mov     x19, #14
    cmp     x20, #0x8
    b.ne    fail
    expect  x0, RESTART_X0, 15
    expect  x1, RESTART_X1, 16
    expect  x2, RESTART_X2, 17
    semihost_exit 0

fail:                               // exit with status x19 (any EL)
    mov     x0, #0x18
    adr     x1, fail_block
    str     x19, [x1, #8]
    hlt     #0xf000
    b       .
    .balign 8
fail_block:
    .quad   0x20026, 0
    .ltorg

// A second EL2 table, standing in for a hypervisor's: answers PROBE with 2 and hands
// every other call to the stub, as a kernel's own vectors pass stub calls on.
    .balign 2048
test_vectors2:
    .rept 8
    .balign 0x80
    b       .
    .endr
    .balign 0x80
    cmp     x0, #PROBE
    b.ne    1f
    movz    x0, #(HVC_STUB_ERR & 0xffff)
    movk    x0, #(HVC_STUB_ERR >> 16), lsl #16
    mov     x1, #PROBE_MARK
    eret
1:  b       __hyp_stub_vectors + 0x400
    .rept 7
    .balign 0x80
    b       .
    .endr
    .balign 0x80

    .balign 2048
el1_vectors:                        // EL1: every entry a dead end, exit 0x80 + n
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    dead_vector \n
    .endr
.endif
