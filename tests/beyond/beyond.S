// beyond.S - a Linux-style hyp-stub (v6 subset: HVC_SET_VECTORS 0, HVC_GET_ICH_VTR_EL2 4,
// unknown -> HVC_STUB_ERR) with its own EL2 boot code and EL1 "kernel", for the checks
// beyond the stub (tests/test_beyond.c). Correct as written: clean under every option.
// Assembled with --defsym BUG_xxx=1 it reproduces one known bug in miniature, marked by
// the global label bug_site:
//   BUG_CALLER  the caller keeps a value in x3 across hvc #0 (Jailhouse 5d84afa4/0abce56a):
//               --scramble-clobbers reports the read
//   BUG_X18     the stub clobbers x18: fine for the plain ABI, a clobber under --reserve x18
//               (KVM hosts with a shadow call stack, 2019)
//   BUG_KVM     EL1 installs its own "KVM" vectors through HVC_SET_VECTORS, then sends
//               HVC_GET_ICH_VTR_EL2 (pKVM a79f7b4aeb8e; kvm_call_hyp() after teardown, 2016)
//   BUG_HELPER  the handler jumps to a helper in .text (not self-contained: --relocate-vectors)
//   BUG_LITERAL the handler loads its result from .data (same)
//   BUG_E2H     el2_setup tests HCR_EL2.E2H before initialising HCR_EL2 (Linux b3320142f3db):
//               --unknown-reset reports the read
//   BUG_RECURSE el2_setup takes an UNDEF whose handler (current EL, SP_ELx, synchronous)
//               is itself undefined: a recursion at EL2 outside any call (issue 17)
// Exit status 0 when the run ends normally.

    .include "common.inc"

    .equ HVC_SET_VECTORS, 0
    .equ HVC_GET_ICH_VTR_EL2, 4

// ---------------------------------------------------------------- the stub (EL2)
    .section .hyp.text, "ax"
    .balign 2048
    .global __hyp_stub_vectors
__hyp_stub_vectors:
.ifdef BUG_RECURSE
    .rept 4                         // current EL, SP_EL0: dead ends
    .balign 0x80
    b       .
    .endr
    .balign 0x80
    b       recurse_step            // current EL, SP_ELx, synchronous: faults again
    .rept 3
    .balign 0x80
    b       .
    .endr
.else
    .rept 8                         // current EL: dead ends
    .balign 0x80
    b       .
    .endr
.endif
    .balign 0x80
    .global stub_sync
stub_sync:                          // 0x400: lower EL, AArch64, synchronous; fits its slot
    cmp     x0, #HVC_SET_VECTORS
    b.ne    1f
    .global stub_set_vectors
stub_set_vectors:
    msr     vbar_el2, x1
    mov     x0, #0
    eret
1:  cmp     x0, #HVC_GET_ICH_VTR_EL2
    b.ne    2f
    mov     x1, xzr                 // no GICv3 here: ICH_VTR_EL2 reads as 0
    mov     x0, #0
    eret
2:
.ifdef BUG_X18
    .global bug_site
bug_site:
    mov     x18, #0                 // the ABI lets the stub clobber x18 ... unless reserved
.endif
.ifdef BUG_HELPER
    .global bug_site
bug_site:
    ldr     x2, =stub_helper        // absolute: the helper stays behind when the vectors move
    br      x2
.endif
.ifdef BUG_LITERAL
    ldr     x2, =stub_err_value
    .global bug_site
bug_site:
    ldr     x0, [x2]                // HVC_STUB_ERR kept in .data, outside the vectors
    eret
.endif
    movz    x0, #0xca11
    movk    x0, #0xbad, lsl #16
    eret
    .ltorg
    .rept 7
    .balign 0x80
    b       .
    .endr
    .balign 0x80

    .text
    .global _start
_start:
    ldr     x0, =STACK_EL2
    mov     sp, x0
    .global el2_setup
el2_setup:
    isb
.ifndef BUG_E2H
    mov     x0, #HCR_RW
    msr     hcr_el2, x0
.endif
    mrs     x0, hcr_el2             // BUG_E2H: read before any write
    tbz     x0, #34, 1f             // E2H: a VHE host would take another path here
    nop
1:  adr     x0, __hyp_stub_vectors
    msr     vbar_el2, x0
    isb
.ifdef BUG_RECURSE
    udf     #0
.endif
    drop_to_el1 el1_main

stub_helper:
    movz    x0, #0xca11
    movk    x0, #0xbad, lsl #16
    eret

// ---------------------------------------------------------------- the "kernel" (EL1)
    .global el1_main
el1_main:
    mov     x18, #0x1818
    mov     x19, #0x1919
    mov     x3, #0x33               // a value the caller needs after the call
    mov     x0, #HVC_SET_VECTORS
    adr     x1, __hyp_stub_vectors
    .global caller_hvc
caller_hvc:
    hvc     #0
.ifdef BUG_CALLER
    .global bug_site
bug_site:
    add     x4, x3, #1              // x3 was not declared as clobbered by the hvc
.else
    mov     x3, #0x33               // reloaded: the call may have changed it
    add     x4, x3, #1
.endif
    mov     x0, #42                 // an unknown call: HVC_STUB_ERR
    hvc     #0
.ifdef BUG_KVM
    bl      kvm_init
    mov     x0, #HVC_GET_ICH_VTR_EL2
    .global kvm_stub_call
kvm_stub_call:
    hvc     #0                      // the stub is gone: kvm_vectors answers
.else
    mov     x0, #HVC_GET_ICH_VTR_EL2
    hvc     #0
.endif
    semihost_exit 0

    .global kvm_init
kvm_init:
    mov     x0, #HVC_SET_VECTORS
    adr     x1, kvm_vectors
    hvc     #0
    ret

    .balign 2048
    .global kvm_vectors
kvm_vectors:
    .rept 8
    .balign 0x80
    b       .
    .endr
    .balign 0x80
    mov     x0, #0                  // "KVM" answers anything with 0
    eret
    .rept 7
    .balign 0x80
    b       .
    .endr

.ifdef BUG_RECURSE
// The handler that faults again, at one of two UDFs in turn (counted in TPIDR_EL2): no two
// nested UNDEFs in a row have the same ELR, so the recursion goes on until the ABI
// checker's nesting bound (a UDF at one address stops the run at its third repeat).
    .section .text.recurse, "ax"
recurse_step:
    mrs     x10, tpidr_el2
    add     x10, x10, #4
    and     x10, x10, #0x4
    msr     tpidr_el2, x10
    adr     x11, bug_site
    add     x11, x11, x10
    br      x11
    .global bug_site
bug_site:
    udf     #1
    udf     #1
.endif

    .data
    .balign 8
stub_err_value:
    .quad   0xbadca11
