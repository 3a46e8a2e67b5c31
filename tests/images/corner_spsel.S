// corner_spsel: CurrentEL and SPSel read at EL2h, EL2t, EL1h, EL1t and EL0; an HVC at
// EL2 with SP_EL0 selected (EL2t) takes vector +0x000 ("current EL with SP_EL0") and
// saves M = EL2t in SPSR_EL2, and exception entry selects SP_EL2 again (PSTATE.SP = 1,
// AArch64.TakeException). At EL0 CurrentEL and SPSel are UNDEFINED (Arm ARM C5.2:
// both are accessible from EL1 and above), taken to EL1 with EC 0x00.
// Exit status 100 + n: check n failed.
    .include "common.inc"
    .include "corner.inc"
    .text
    .global _start
_start:
    el2_setup catch2
    adr     x0, catch1
    msr     vbar_el1, x0
    ldr     x0, =STACK_EL1
    msr     sp_el1, x0
    ldr     x0, =STACK_EL0
    msr     sp_el0, x0
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    isb
    mrs     x1, CurrentEL
    check   x1, 0x8, 1
    mrs     x1, spsel
    check   x1, 1, 2
    msr     spsel, #0               // EL2t
    mrs     x1, spsel
    check   x1, 0, 3
    mrs     x1, CurrentEL
    check   x1, 0x8, 4
    mov     x2, sp
    ldr     x3, =STACK_EL0
    checkr  x2, x3, 5
    adr     x28, 1f
    msr     nzcv, xzr               // `check` compares: clear its flags
hvc_el2t:
    hvc     #0x11
1:  check   x24, 0x000, 6           // current EL, SP_EL0
    check   x22, 0x3c8, 7           // SPSR.M = EL2t
    check   x20, 0x5a000011, 8
    mrs     x1, spsel
    check   x1, 1, 9
    mov     x2, sp
    ldr     x3, =STACK_EL2
    checkr  x2, x3, 10
    // ERET to EL2t
    eret_to 2f, 0x3c8
2:  mrs     x1, spsel
    check   x1, 0, 11
    msr     spsel, #1
    // EL1h
    adr     x28, 3f
    eret_to el1_read, SPSR_EL1H
3:  check   x1, 0x4, 12
    check   x2, 1, 13
    check   x24, 0x400, 14
    check   x22, SPSR_EL1H, 15
    // EL1t
    adr     x28, 4f
    eret_to el1_read, SPSR_EL1T
4:  check   x1, 0x4, 16
    check   x2, 0, 17
    check   x22, SPSR_EL1T, 18
    mov     x2, x3
    ldr     x3, =STACK_EL0
    checkr  x2, x3, 19              // EL1t runs on SP_EL0
    // EL0: CurrentEL, then SPSel, each UNDEFINED (taken to EL1)
    adr     x28, 5f
    eret_to el0_read, SPSR_EL0T
5:  check   x5, 0x02000000, 20      // EC 0x00, IL = 1
    check   x6, 0x3c0, 21           // SPSR_EL1.M = EL0t
    adr     x3, el0_currentel
    checkr  x7, x3, 22
    check   x24, 0x400, 23          // the HVC the EL1 catcher made
    adr     x28, 6f
    eret_to el0_spsel, SPSR_EL0T
6:  check   x5, 0x02000000, 24
    adr     x3, el0_mrs_spsel
    checkr  x7, x3, 25
    semihost_exit 0

el1_read:
    mrs     x1, CurrentEL
    mrs     x2, spsel
    mov     x3, sp
    hvc     #0x12

el0_read:
    adr     x27, el1_report
el0_currentel:
    mrs     x1, CurrentEL
    b       .

el0_spsel:
    adr     x27, el1_report
el0_mrs_spsel:
    mrs     x1, spsel
    b       .

// EL1, from the EL1 catcher: hand ESR_EL1, SPSR_EL1 and ELR_EL1 to EL2
el1_report:
    mov     x5, x10
    mov     x6, x12
    mov     x7, x11
    hvc     #0x13

    catch_el2 catch2
    catch_el1 catch1
