// corner_hvc_imm: the immediate of HVC and SVC lands in ESR.ISS[15:0] (Arm ARM
// AArch64.CallHypervisor / AArch64.CallSupervisor: ISS = imm16): HVC #0, #1, #0x7fff,
// #0x8000, #0xffff from EL1 and from EL2; SVC #0xffff at EL2 (taken to EL2, EC 0x15);
// SVC #0x8001 at EL1 (to EL1); HVC at EL1 with HCR_EL2.HCD=1 and at EL0 are UNDEFINED
// (to EL1, EC 0x00, ISS 0).
// Exit status 100 + n: check n failed.
    .include "common.inc"
    .include "corner.inc"
    .text
    .global _start

.macro hvc_el2 imm, st
    adr     x28, 1f
    hvc     #\imm
1:  check   x20, (0x5a000000 | \imm), \st
    check   x24, 0x200, (\st + 1)
.endm

.macro hvc_el1 imm, st
    adr     x28, 1f
    eret_to 2f, SPSR_EL1H
2:  hvc     #\imm
1:  check   x20, (0x5a000000 | \imm), \st
    check   x24, 0x400, (\st + 1)
.endm

_start:
    el2_setup catch2
    adr     x0, catch1
    msr     vbar_el1, x0
    ldr     x0, =STACK_EL1
    msr     sp_el1, x0
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    isb
    hvc_el2 0, 1
    hvc_el2 1, 3
    hvc_el2 0x7fff, 5
    hvc_el2 0x8000, 7
    hvc_el2 0xffff, 9
    hvc_el1 0, 11
    hvc_el1 1, 13
    hvc_el1 0x7fff, 15
    hvc_el1 0x8000, 17
    hvc_el1 0xffff, 19
    adr     x28, 1f
    svc     #0xffff
1:  check   x20, 0x5600ffff, 21
    check   x24, 0x200, 22
    // SVC at EL1 goes to EL1; the EL1 catcher reports with HVC #0x30
    adr     x28, 2f
    eret_to el1_svc, SPSR_EL1H
2:  check   x5, 0x56008001, 23
    check   x6, 0x200, 24
    // HCD=1: HVC at EL1 is UNDEFINED; EL1 reports by an SMC trapped with TSC=1
    ldr     x0, =(HCR_RW | HCR_HCD | HCR_TSC)
    msr     hcr_el2, x0
    adr     x28, 3f
    eret_to el1_hvc, SPSR_EL1H
3:  check   x5, 0x02000000, 25
    adr     x3, el1_hvc_insn
    checkr  x7, x3, 26
    check   x20, 0x5e000000, 29     // the trapped SMC: EC 0x17
    // HCD=0 again: HVC at EL0 is UNDEFINED, to EL1
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    adr     x28, 4f
    adr     x27, el1_report
    eret_to el0_hvc, SPSR_EL0T
4:  check   x5, 0x02000000, 27
    check   x6, 0x400, 28
    semihost_exit 0

el1_svc:
    adr     x27, el1_report
    svc     #0x8001
    b       .
el1_hvc:
    adr     x27, el1_report_smc
el1_hvc_insn:
    hvc     #0x31
    b       .
el0_hvc:
    hvc     #0x32                   // x27 = el1_report still
    b       .

// EL1: hand ESR_EL1, the vector offset and ELR_EL1 to EL2 (by HVC, or with HCD=1 by
// an SMC that TSC traps to EL2).
el1_report:
    mov     x5, x10
    mov     x6, x14
    mov     x7, x11
    hvc     #0x30
el1_report_smc:
    mov     x5, x10
    mov     x6, x14
    mov     x7, x11
    smc     #0

    catch_el2 catch2
    catch_el1 catch1
