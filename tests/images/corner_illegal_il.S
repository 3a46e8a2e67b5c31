// corner_illegal_il: an illegal exception return (Arm ARM AArch64.ExceptionReturn ->
// IllegalExceptionReturn, SetPSTATEFromPSR with illegal_psr_state) keeps PSTATE.EL and
// PSTATE.SP, sets PSTATE.IL and still restores NZCV and DAIF from SPSR; the next
// instruction takes the Illegal Execution state exception (EC 0x0e) at the current EL,
// whose SPSR has IL = 1 and the restored NZCV/DAIF. Returning with SPSR.IL cleared runs
// on normally; a legal return with SPSR.IL = 1 takes the exception at its target.
// Illegal returns here: to EL3 (higher than the current EL: illegal on every CPU, where
// an EL1 target with HCR_EL2.RW = 0 is illegal only if EL1 can be AArch32, as on
// cortex-a57 and QEMU's max but not neoverse-n1; illegal_return.S has that one).
// Exit status 100 + n: check n failed.
    .include "common.inc"
    .include "corner.inc"
    .equ IL, (1 << 20)
    .text
    .global _start
_start:
    el2_setup catch2
    ldr     x0, =STACK_EL1
    msr     sp_el1, x0
    ldr     x0, =STACK_EL0
    msr     sp_el0, x0
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    isb
    // from EL2h: SPSR = EL3h, N and V, A masked
    adr     x28, 1f
    eret_to target_a, 0x9000010d
1:  check   x24, 0x200, 1           // still EL2 with SP_EL2
    check   x20, 0x3a000000, 2      // EC 0x0e, IL = 1
    adr     x3, target_a
    checkr  x21, x3, 3
    check   x22, (0x90000109 | IL), 4   // NZCV and DAIF from SPSR, EL2h, IL
    // return to target_b with SPSR_EL2 as saved but IL cleared: runs normally
    ldr     x0, =0x90000109
    msr     spsr_el2, x0
    adr     x0, target_b
    msr     elr_el2, x0
    adr     x28, fail_5
    eret
target_b:
    mrs     x1, nzcv
    mrs     x2, daif
    msr     daifset, #0xf
    check   x1, 0x90000000, 6
    check   x2, 0x100, 7
    // from EL2t: the illegal return keeps SP_EL0 selected: vector +0x000, SPSR.M = EL2t
    msr     spsel, #0
    adr     x28, 2f
    eret_to target_c, 0x600003cd
2:  check   x24, 0x000, 8
    check   x22, (0x600003c8 | IL), 9
    adr     x3, target_c
    checkr  x21, x3, 10
    mrs     x1, spsel
    check   x1, 1, 11               // the exception selected SP_EL2
    // a legal return to EL2h with SPSR.IL = 1: the exception at the target
    adr     x28, 3f
    eret_to target_d, (0x3c9 | IL)
3:  check   x24, 0x200, 12
    check   x20, 0x3a000000, 13
    adr     x3, target_d
    checkr  x21, x3, 14
    check   x22, (0x3c9 | IL), 15
    semihost_exit 0

target_a:
    b       .
target_c:
    b       .
target_d:
    b       .
fail_5:
    fail    5

    catch_el2 catch2
