// stubkit.S - a minimal hyp-stub (Linux hyp-stub ABI v5 subset: SET_VECTORS 0,
// SOFT_RESTART 1, RESET_VECTORS 2, unknown -> HVC_STUB_ERR) that is correct as written;
// assembled with --defsym BUG_xxx=1 it breaks the ABI in exactly one way, marked
// by a global label "bug_site" on the culprit instruction. The ABI checker tests
// (tests/test_abi.c) drive each variant with a scenario and expect one finding.
    .section .hyp.text, "ax"
    .balign 2048
    .global stub_vectors
stub_vectors:
    .rept 4                      // current EL, SP_EL0
    b       .
    .balign 0x80
    .endr
.ifdef BUG_RECURSE
    b       recurse_step         // current EL, SP_ELx, synchronous: the handler faults again
    .balign 0x80
    .rept 3
    b       .
    .balign 0x80
    .endr
.else
    .rept 4                      // current EL, SP_ELx: an exception inside the stub stops here
    b       .
    .balign 0x80
    .endr
.endif
    b       stub_sync            // lower EL, AArch64, synchronous
    .balign 0x80
    .rept 7
    b       .
    .balign 0x80
    .endr

    .text
stub_sync:
    cmp     x0, #0
    b.eq    set_vectors
    cmp     x0, #1
    b.eq    soft_restart
    cmp     x0, #2
    b.eq    reset_vectors
.ifdef BUG_CPUOFF
    movz    x1, #0x0002
    movk    x1, #0x8400, lsl #16
    cmp     x0, x1
    b.ne    unknown
    .global bug_site
bug_site:
    mov     x0, #0               // PSCI CPU_OFF must not return
    eret
.endif
unknown:
.ifdef BUG_RESULT
    .global bug_site
bug_site:
    mov     x0, #0               // must be HVC_STUB_ERR
.else
    movz    x0, #0xca11
    movk    x0, #0xbad, lsl #16
.endif
    eret

set_vectors:
.ifdef BUG_CLOBBER
    .global bug_site
bug_site:
    mov     x19, #0              // x19 is callee-saved
.endif
.ifdef BUG_STATE
    .global bug_site
bug_site:
    msr     tpidr_el1, xzr       // the caller's TPIDR_EL1
.endif
.ifdef BUG_DATADEP
    tbz     x20, #40, 1f         // clobbers x20 only when its bit 40 is set
    .global bug_site
bug_site:
    and     x20, x20, #0xffff
1:
.endif
.ifdef BUG_NORETURN
    .global bug_site
bug_site:
    b       .
.endif
.ifdef BUG_UNDEF
    .global bug_site
bug_site:
    udf     #0
.endif
.ifdef BUG_RECURSE
    udf     #0                   // into the handler that faults again, recursively
.endif
.ifdef BUG_RETADDR
    mrs     x2, elr_el2
    add     x2, x2, #4
    .global bug_site
bug_site:
    msr     elr_el2, x2          // skips the caller's next instruction
.endif
.ifdef BUG_RETEL
    mov     x2, #0x3c9
    .global bug_site
bug_site:
    msr     spsr_el2, x2         // returns at EL2
.endif
.ifdef BUG_DAIF
    mrs     x2, spsr_el2
    bic     x2, x2, #0x80
    .global bug_site
bug_site:
    msr     spsr_el2, x2         // unmasks the caller's IRQs
.endif
    .global set_vectors_msr
set_vectors_msr:
    msr     vbar_el2, x1
    mov     x0, #0
    eret

reset_vectors:
    adr     x1, stub_vectors
    msr     vbar_el2, x1
    mov     x0, #0
    eret

soft_restart:
.ifdef BUG_LANDBR
    mov     x0, x2               // as Linux's hyp-stub: land by a branch at EL2
    mov     x2, x4
    mov     x4, x1
    mov     x1, x3
    .global bug_site
bug_site:
    mov     x0, xzr              // the landing must receive the caller's x2
    br      x4
.endif
    msr     elr_el2, x1
    mov     x0, x2
    mov     x1, x3
    mov     x2, x4
.ifdef BUG_LANDING
    .global bug_site
bug_site:
    mov     x0, xzr              // the landing must receive the caller's x2
.endif
    mov     x4, #0x3c9
    msr     spsr_el2, x4
    eret

    .global restart_target
restart_target:
    b       .

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
