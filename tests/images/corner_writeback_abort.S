// corner_writeback_abort: Data Aborts of loads and stores with base writeback. The
// fault address (FAR) is the address the access used: the base for post-index, base +
// offset for pre-index (Arm ARM C6 LDR (immediate) pseudocode: address computed before
// writeback); the aborted instruction writes nothing back, its base register keeps
// its value (the abort is taken before any register update); ESR.ISV = 0 for an
// access with writeback (Arm ARM ISS encoding for a Data Abort: ISV is 0 for
// instructions that write back the base register). The faults: alignment with
// SCTLR_EL2.A / SCTLR_EL1.A = 1 (DFSC 0x21), and an Address size fault (DFSC 0x00) at
// bit 52, beyond the PARange of every CPU of the differential (44, 48 and 52 bits).
// Exit status 100 + n: check n failed.
    .include "common.inc"
    .include "corner.inc"
    .equ SCTLR_EL2_A, 0x30c50832        // RES1 bits + A, MMU and caches off
    .equ SCTLR_EL1_A, 0x30d00802
    .equ BEYOND_PA, (1 << 52)
    .text
    .global _start

// \insn at EL2 with x1 = \base must abort with ESR \esr and FAR \far; x1 unchanged.
.macro abort_el2 label, base, esr, far, st
    ldr     x1, =\base
    mov     x2, x1
    adr     x28, 1f
    b       \label
1:  check   x24, 0x200, \st
    check   x20, \esr, (\st + 1)
    ldr     x3, =\far
    checkr  x23, x3, (\st + 2)
    adr     x3, \label
    checkr  x21, x3, (\st + 3)
    checkr  x1, x2, (\st + 4)       // no writeback
.endm

_start:
    el2_setup catch2
    adr     x0, catch1
    msr     vbar_el1, x0
    adr     x27, el1_report
    ldr     x0, =STACK_EL1
    msr     sp_el1, x0
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    ldr     x0, =SCTLR_EL2_A
    msr     sctlr_el2, x0
    isb
    abort_el2 ldr_post, (buffer + 1), 0x96000021, (buffer + 1), 1
    abort_el2 ldr_pre, (buffer + 1), 0x96000021, (buffer + 9), 6
    abort_el2 str_post, (buffer + 2), 0x96000061, (buffer + 2), 11
    abort_el2 ldp_post, (buffer + 4), 0x96000021, (buffer + 4), 16
    abort_el2 stp_pre, (buffer + 4), 0x96000061, (buffer - 12), 21
    abort_el2 ldr_post, BEYOND_PA, 0x96000000, BEYOND_PA, 26
    abort_el2 str_pre, (BEYOND_PA - 16), 0x96000040, BEYOND_PA, 31
    // EL1 with SCTLR_EL1.A = 1: the fault at EL1; EL1 reports by HVC #0xa0
    ldr     x0, =SCTLR_EL1_A
    msr     sctlr_el1, x0
    ldr     x1, =(buffer + 3)
    mov     x2, x1
    adr     x28, 2f
    eret_to ldr_post_el1, SPSR_EL1H
2:  check   x20, 0x5a0000a0, 40
    check   x5, 0x96000021, 41
    ldr     x3, =(buffer + 3)
    checkr  x8, x3, 42
    checkr  x1, x2, 43
    adr     x3, ldr_post_el1
    checkr  x7, x3, 44
    semihost_exit 0

ldr_post:
    ldr     x0, [x1], #8
    b       .
ldr_pre:
    ldr     x0, [x1, #8]!
    b       .
str_post:
    str     w0, [x1], #-4
    b       .
ldp_post:
    ldp     x4, x5, [x1], #16
    b       .
stp_pre:
    stp     x4, x5, [x1, #-16]!
    b       .
str_pre:
    str     x0, [x1, #16]!
    b       .
ldr_post_el1:
    ldr     x0, [x1], #8
    b       .

el1_report:
    mov     x5, x10
    mov     x6, x14
    mov     x7, x11
    mov     x8, x13
    hvc     #0xa0

    .balign 16
    .space  32
buffer:
    .space  64

    catch_el2 catch2
    catch_el1 catch1
