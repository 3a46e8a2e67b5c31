// corner_sysreg_undef: system register accesses that are UNDEFINED (EC 0x00, taken to
// the current EL, or to EL1 from EL0 with TGE = 0), per each register's accessibility
// pseudocode in the Arm ARM: EL3 registers (SCR_EL3, ELR_EL3, SPSR_EL3, VBAR_EL3) at EL2
// and at EL1; EL2 registers (HCR_EL2, VBAR_EL2) at EL1; SP_EL2 at EL2 (EL3 only);
// SP_EL1 at EL1 (EL2 and up); SP_EL0 at EL1 and at EL2 while SPSel = 0 (SP_EL0 is then
// the current SP); SCTLR_EL1 at EL0. Exit status 100 + n: check n failed.
    .include "common.inc"
    .include "corner.inc"
    .text
    .global _start

// \insn at EL2 must be UNDEFINED at EL2 (vector \off)
.macro undef_el2 label, off, st
    adr     x28, 1f
    b       \label
1:  check   x20, 0x02000000, \st
    adr     x3, \label
    checkr  x21, x3, (\st + 1)
    check   x24, \off, (\st + 2)
.endm

// \label entered at EL (\spsr) must be UNDEFINED there, taken to EL1 (vector \off),
// which reports by HVC #0x90: x5 = ESR_EL1, x6 = offset, x7 = ELR_EL1.
.macro undef_el1 label, spsr, off, st
    adr     x28, 1f
    eret_to \label, \spsr
1:  check   x20, 0x5a000090, \st
    check   x5, 0x02000000, (\st + 1)
    adr     x3, \label
    checkr  x7, x3, (\st + 2)
    check   x6, \off, (\st + 3)
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
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    isb
    undef_el2 el2_scr_w, 0x200, 1
    undef_el2 el2_elr3_r, 0x200, 4
    undef_el2 el2_spsr3_r, 0x200, 7
    undef_el2 el2_vbar3_w, 0x200, 10
    undef_el2 el2_sp2_r, 0x200, 13
    msr     spsel, #0
    undef_el2 el2_sp0_w, 0x000, 16
    msr     spsel, #1
    undef_el1 el1_scr_r, SPSR_EL1H, 0x200, 20
    undef_el1 el1_hcr_r, SPSR_EL1H, 0x200, 24
    undef_el1 el1_vbar2_w, SPSR_EL1H, 0x200, 28
    undef_el1 el1_sp1_r, SPSR_EL1H, 0x200, 32
    undef_el1 el1_sp0_r, SPSR_EL1T, 0x000, 36
    undef_el1 el0_sctlr_r, SPSR_EL0T, 0x400, 40
    semihost_exit 0

el2_scr_w:
    msr     scr_el3, xzr
    b       .
el2_elr3_r:
    mrs     x1, elr_el3
    b       .
el2_spsr3_r:
    mrs     x1, spsr_el3
    b       .
el2_vbar3_w:
    msr     vbar_el3, xzr
    b       .
el2_sp2_r:
    mrs     x1, sp_el2
    b       .
el2_sp0_w:
    msr     sp_el0, xzr
    b       .
el1_scr_r:
    mrs     x1, scr_el3
    b       .
el1_hcr_r:
    mrs     x1, hcr_el2
    b       .
el1_vbar2_w:
    msr     vbar_el2, xzr
    b       .
el1_sp1_r:
    mrs     x1, sp_el1
    b       .
el1_sp0_r:
    mrs     x1, sp_el0
    b       .
el0_sctlr_r:
    mrs     x1, sctlr_el1
    b       .

el1_report:
    mov     x5, x10
    mov     x6, x14
    mov     x7, x11
    hvc     #0x90

    catch_el2 catch2
    catch_el1 catch1
