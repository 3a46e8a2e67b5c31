// corner_eret_el0: ERET from EL2 to EL0 (AArch64, EL0t) under every HCR_EL2.{E2H,TGE}
// combination the CPU has, and where EL0's exceptions go (Arm ARM AArch64.TakeException
// routing: with TGE = 1 EL0's synchronous exceptions go to EL2, with TGE = 0 to EL1):
// SVC, UDF and BRK at EL0. With TGE = 1 (E2H = 0 or 1) an ERET to EL1 is an illegal
// return (Arm ARM IllegalExceptionReturn: EL1 target while HCR_EL2.TGE = 1). The E2H = 1
// runs need FEAT_VHE (ID_AA64MMFR1_EL1.VH) and are skipped without it.
// Exit status 100 + n: check n failed.
    .include "common.inc"
    .include "corner.inc"
    .text
    .global _start

// HCR_EL2 = \hcr; ERET to \code at EL0t; expect the EL2 catcher with ESR \esr at \off.
.macro el0_to_el2 hcr, code, esr, st
    ldr     x0, =\hcr
    msr     hcr_el2, x0
    adr     x28, 1f
    eret_to \code, SPSR_EL0T
1:  check   x24, 0x400, \st
    check   x20, \esr, (\st + 1)
    check   x22, SPSR_EL0T, (\st + 2)
.endm

// The same, but EL0's exception goes to EL1, which reports by HVC #0x60.
.macro el0_to_el1 hcr, code, esr, st
    ldr     x0, =\hcr
    msr     hcr_el2, x0
    adr     x28, 1f
    eret_to \code, SPSR_EL0T
1:  check   x20, 0x5a000060, \st
    check   x6, 0x400, (\st + 1)
    check   x5, \esr, (\st + 2)
.endm

// HCR_EL2 = \hcr; an ERET to EL1h must be illegal: the Illegal Execution state
// exception at EL2 on the target's first instruction.
.macro eret_el1_illegal hcr, st
    ldr     x0, =\hcr
    msr     hcr_el2, x0
    adr     x28, 1f
    eret_to el1_target, SPSR_EL1H
1:  check   x20, 0x3a000000, \st
    adr     x3, el1_target
    checkr  x21, x3, (\st + 1)
    check   x24, 0x200, (\st + 2)
.endm

_start:
    el2_setup catch2
    adr     x0, catch1
    msr     vbar_el1, x0
    adr     x27, el1_report
    ldr     x0, =STACK_EL1
    msr     sp_el1, x0
    ldr     x0, =STACK_EL0
    msr     sp_el0, x0
    el0_to_el1 HCR_RW, el0_svc, 0x56000061, 1
    el0_to_el1 HCR_RW, el0_udf, 0x02000000, 4
    el0_to_el2 (HCR_RW | HCR_TGE), el0_svc, 0x56000061, 7
    el0_to_el2 (HCR_RW | HCR_TGE), el0_udf, 0x02000000, 10
    el0_to_el2 (HCR_RW | HCR_TGE), el0_brk, 0xf2000062, 13
    eret_el1_illegal (HCR_RW | HCR_TGE), 16
    has_vhe x19
    cbz     x19, done
    el0_to_el1 (HCR_RW | HCR_E2H), el0_svc, 0x56000061, 20
    el0_to_el2 (HCR_RW | HCR_E2H | HCR_TGE), el0_svc, 0x56000061, 23
    el0_to_el2 (HCR_RW | HCR_E2H | HCR_TGE), el0_udf, 0x02000000, 26
    el0_to_el2 (HCR_RW | HCR_E2H | HCR_TGE), el0_brk, 0xf2000062, 29
    eret_el1_illegal (HCR_RW | HCR_E2H | HCR_TGE), 32
done:
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    isb
    semihost_exit 0

el0_svc:
    svc     #0x61
    b       .
el0_udf:
    udf     #0
    b       .
el0_brk:
    brk     #0x62
    b       .
el1_target:
    b       .

el1_report:
    mov     x5, x10
    mov     x6, x14
    mov     x7, x11
    hvc     #0x60

    catch_el2 catch2
    catch_el1 catch1
