// corner_pstate_bits: the PSTATE bits of optional features survive an ERET and the next
// exception's SPSR exactly when the CPU has the feature (Arm ARM SetPSTATEFromPSR sets
// PSTATE.PAN/UAO/SSBS/DIT only with FEAT_PAN/FEAT_UAO/FEAT_SSBS/FEAT_DIT; SPSR bits of
// absent features are RES0). The image reads the ID registers (ID_AA64MMFR1_EL1.PAN,
// ID_AA64MMFR2_EL1.UAO, ID_AA64PFR1_EL1.SSBS, ID_AA64PFR0_EL1.DIT) for the bits to
// expect, so it holds on every CPU: on cortex-a57 none survives; neoverse-n1 has PAN, UAO
// and SSBS; QEMU's max has DIT too. ERET with all four set to EL1h (HVC back) and to EL2h
// (BRK). Exit status 100 + n: check n failed.
    .include "common.inc"
    .include "corner.inc"
    .equ PAN, (1 << 22)
    .equ UAO, (1 << 23)
    .equ SSBS, (1 << 12)
    .equ DIT, (1 << 24)
    .text
    .global _start

// x19 |= \bit when bits [\lsb+3:\lsb] of \idreg are non-zero
.macro feature idreg, lsb, bit
    mrs     x0, \idreg
    ubfx    x0, x0, #\lsb, #4
    cbz     x0, 1f
    orr     x19, x19, #\bit
1:
.endm

_start:
    el2_setup catch2
    ldr     x0, =STACK_EL1
    msr     sp_el1, x0
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    isb
    mov     x19, #0
    feature id_aa64mmfr1_el1, 20, PAN
    feature id_aa64mmfr2_el1, 4, UAO
    feature id_aa64pfr1_el1, 4, SSBS
    feature id_aa64pfr0_el1, 48, DIT
    // to EL1h
    adr     x28, 1f
    eret_to el1_code, (SPSR_EL1H | PAN | UAO | SSBS | DIT)
1:  check   x20, 0x5a0000b0, 1
    mov     x3, #SPSR_EL1H
    orr     x3, x3, x19
    checkr  x22, x3, 2
    // to EL2h
    adr     x28, 2f
    eret_to el2_code, (SPSR_EL2H | PAN | UAO | SSBS | DIT)
2:  check   x20, 0xf20000b1, 3
    mov     x3, #SPSR_EL2H
    orr     x3, x3, x19
    checkr  x22, x3, 4
    semihost_exit 0

el1_code:
    hvc     #0xb0
el2_code:
    brk     #0xb1

    catch_el2 catch2
