// corner_eret_pstate: ERET restores PSTATE.{N,Z,C,V} and PSTATE.{D,A,I,F} from SPSR_EL2
// (Arm ARM AArch64.ExceptionReturn -> SetPSTATEFromPSR) for several combinations, to EL2h
// and to EL1h; an exception taken back to EL2 saves them in SPSR_EL2 unchanged and masks
// all of D, A, I, F (AArch64.TakeException).
// Exit status 100 + n: check n failed.
    .include "common.inc"
    .include "corner.inc"
    .text
    .global _start

// ERET to EL2h with SPSR = \spsr, then check NZCV = \nzcv and DAIF = \daif.
.macro ret_el2 spsr, nzcv, daif, st
    eret_to 1f, \spsr
1:  mrs     x1, nzcv
    mrs     x2, daif
    msr     daifset, #0xf
    check   x1, \nzcv, \st
    check   x2, \daif, (\st + 1)
.endm

// ERET to EL1h with SPSR = \spsr; EL1 reads NZCV and DAIF and makes an HVC; EL2 checks
// them and SPSR_EL2 (= \spsr again), ESR and ELR of the HVC, and DAIF masked on entry.
.macro ret_el1 spsr, nzcv, daif, st
    adr     x28, 2f
    eret_to 1f, \spsr
1:  mrs     x1, nzcv
    mrs     x2, daif
3:  hvc     #\st
2:  check   x1, \nzcv, \st
    check   x2, \daif, (\st + 1)
    check   x22, \spsr, (\st + 2)
    check   x20, (0x5a000000 | \st), (\st + 3)
    adr     x3, 3b + 4
    checkr  x21, x3, (\st + 4)
    check   x25, 0x3c0, (\st + 5)
    check   x24, 0x400, (\st + 6)
.endm

_start:
    el2_setup catch2
    ldr     x0, =STACK_EL1
    msr     sp_el1, x0
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    isb
    ret_el2 0xa0000289, 0xa0000000, 0x280, 1
    ret_el2 0x50000149, 0x50000000, 0x140, 3
    ret_el2 0xf00003c9, 0xf0000000, 0x3c0, 5
    ret_el2 0x00000009, 0x00000000, 0x000, 7
    ret_el2 0x10000209, 0x10000000, 0x200, 9
    ret_el1 0x90000345, 0x90000000, 0x340, 20
    ret_el1 0x60000085, 0x60000000, 0x080, 30
    ret_el1 0x00000005, 0x00000000, 0x000, 40
    ret_el1 0xf00003c5, 0xf0000000, 0x3c0, 50
    semihost_exit 0

    catch_el2 catch2
