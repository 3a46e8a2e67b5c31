// vhe-upgrade.S - today's hyp-stub (hyp-stub-v5.S, assembled here without its own
// self-test) plus a self-test of the HVC_FINALISE_EL2 VHE upgrade:
//   _start (EL2) installs the stub and drops to EL1; EL1 sets VBAR_EL1, TPIDR_EL1 and
//   its SP to known values, fills x1..x18 and calls FINALISE_EL2. The stub's ERET must
//   then land at EL2 (EL2->EL2) with HCR_EL2.E2H set, x0 = 0 and x1..x18 unchanged;
//   EL1's VBAR (read back as VBAR_EL1, which E2H maps to VBAR_EL2), TPIDR (TPIDR_EL2)
//   and SP must have moved to EL2.
// Exit statuses: 0 = CPU has FEAT_VHE and the upgrade worked (e.g. --cpu neoverse-n1);
//   66 = CPU has no FEAT_VHE (ID_AA64MMFR1_EL1.VH == 0, e.g. cortex-a57) and the stub
//        correctly refused with HVC_STUB_ERR, leaving the caller at EL1 (66 rather
//        than a small number: 2-5 are el2sim's own exit codes);
//   others: 10 x0 after FINALISE_EL2 with VHE, 11 x1..x18 (x21 = register),
//   12 CurrentEL not EL2, 13 HCR_EL2.E2H clear, 14 VBAR not carried over,
//   15 TPIDR not carried over, 16 SP not carried over,
//   20 x0 after FINALISE_EL2 without VHE, 21 x1..x18 without VHE, 22 not at EL1;
//   0x80+n = EL1 vector n taken.

    .equ SELFTEST_OFF, 1
    .include "hyp-stub-v5.S"

    .equ TPIDR_MARK, 0x7e1d0001
    .equ SP_MARK,    (STACK_EL1 - 0x40)

    .include "selftest.inc"

    .text
    .global _start
_start:                             // EL2h, DAIF masked
    ldr     x0, =STACK_EL2
    mov     sp, x0
    adrp    x0, __hyp_stub_vectors
    add     x0, x0, :lo12:__hyp_stub_vectors
    msr     vbar_el2, x0
    isb
    drop_to_el1 el1_main

el1_main:
    adr     x0, el1_vectors         // EL1 state the upgrade must carry to EL2
    msr     vbar_el1, x0
    ldr     x0, =TPIDR_MARK
    msr     tpidr_el1, x0
    ldr     x0, =SP_MARK
    mov     sp, x0
    isb
    mrs     x22, id_aa64mmfr1_el1
    ubfx    x22, x22, #8, #4        // VH
    fill_regs 1
    mov     x0, #HVC_FINALISE_EL2
    hvc     #0
finalise_ret:
    cbz     x22, no_vhe

    expect  x0, 0, 10
    check_regs 1, 11
    mrs     x20, currentel
    mov     x19, #12
    cmp     x20, #0x8
    b.ne    fail
    mrs     x20, hcr_el2
    mov     x19, #13
    tbz     x20, #34, fail
    mrs     x20, vbar_el1           // VBAR_EL2 under E2H
    expect  x20, el1_vectors, 14
    mrs     x20, tpidr_el2
    expect  x20, TPIDR_MARK, 15
    mov     x20, sp
    expect  x20, SP_MARK, 16
    semihost_exit 0

no_vhe:
    expect  x0, HVC_STUB_ERR, 20
    check_regs 1, 21
    mrs     x20, currentel
    mov     x19, #22
    cmp     x20, #0x4
    b.ne    fail
    semihost_exit 66

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

    .balign 2048
el1_vectors:                        // dead ends (become EL2's vectors after the upgrade)
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    dead_vector \n
    .endr
