// corner_el12: ELR_EL12 and SPSR_EL12 (Arm ARM D13.2: accessible at EL2 only with
// HCR_EL2.E2H=1, then naming ELR_EL1/SPSR_EL1, while ELR_EL1/SPSR_EL1 at EL2 name
// ELR_EL2/SPSR_EL2). With FEAT_VHE (ID_AA64MMFR1_EL1.VH = 1): writes through both names
// land in the right registers (an ERET through the *_EL1 names goes to EL1, which reads
// its own ELR_EL1/SPSR_EL1), the *_EL12 names are UNDEFINED at EL1 (at EL2 with E2H=0:
// corner_el12_e2h0.S).
// Without FEAT_VHE (cortex-a57) the *_EL12 names are UNDEFINED at EL2 (EC 0x00) and E2H
// is RES0.
// Exit status 100 + n: check n failed.
    .arch armv8.1-a
    .include "common.inc"
    .include "corner.inc"
    .text
    .global _start

// Expect an UNDEFINED at EL2 from the instruction at \insn, current-EL vector.
.macro undef_el2 insn, st
    check   x24, 0x200, \st
    check   x20, 0x02000000, (\st + 1)
    adr     x3, \insn
    checkr  x21, x3, (\st + 2)
.endm

_start:
    el2_setup catch2
    adr     x0, catch1
    msr     vbar_el1, x0
    adr     x27, el1_report
    ldr     x0, =STACK_EL1
    msr     sp_el1, x0
    has_vhe x19
    ldr     x0, =(HCR_RW | HCR_E2H)
    msr     hcr_el2, x0
    isb
    mrs     x1, hcr_el2
    cbnz    x19, vhe
    // no FEAT_VHE
    check   x1, HCR_RW, 1           // E2H is RES0
    adr     x28, 1f
a57_msr:
    msr     elr_el12, x1
1:  undef_el2 a57_msr, 2
    adr     x28, 2f
a57_mrs:
    mrs     x1, spsr_el12
2:  undef_el2 a57_mrs, 5
    semihost_exit 0

vhe:
    check   x1, (HCR_RW | HCR_E2H), 1
    ldr     x1, =0x40081110
    msr     elr_el12, x1            // ELR_EL1
    ldr     x2, =0x40082220
    msr     elr_el1, x2             // ELR_EL2
    mrs     x3, elr_el2
    check   x3, 0x40082220, 10
    mrs     x3, elr_el12
    check   x3, 0x40081110, 11
    ldr     x1, =0x600003c4
    msr     spsr_el12, x1           // SPSR_EL1
    ldr     x2, =0x900003c9
    msr     spsr_el1, x2            // SPSR_EL2
    mrs     x3, spsr_el2
    check   x3, 0x900003c9, 12
    mrs     x3, spsr_el12
    check   x3, 0x600003c4, 13
    // ERET through the E2H names: ELR_EL1/SPSR_EL1 at EL2 are ELR_EL2/SPSR_EL2
    adr     x0, el1_read
    msr     elr_el1, x0
    mov     x0, #SPSR_EL1H
    msr     spsr_el1, x0
    adr     x28, 3f
    eret
3:  check   x20, 0x5a000050, 14     // EL1's HVC #0x50
    check   x1, 0x40081110, 15      // EL1 read its ELR_EL1
    check   x2, 0x600003c4, 16      // and SPSR_EL1
    // ELR_EL12 at EL1: UNDEFINED, to EL1
    adr     x28, 4f
    eret_to el1_el12, SPSR_EL1H
4:  check   x5, 0x02000000, 17
    adr     x3, el1_el12
    checkr  x7, x3, 18
    semihost_exit 0

el1_read:
    mrs     x1, elr_el1
    mrs     x2, spsr_el1
    hvc     #0x50
el1_el12:
    mrs     x1, elr_el12
    b       .

el1_report:
    mov     x5, x10
    mov     x6, x14
    mov     x7, x11
    hvc     #0x51

    catch_el2 catch2
    catch_el1 catch1
