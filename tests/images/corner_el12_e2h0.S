// corner_el12_e2h0: on a CPU with FEAT_VHE but HCR_EL2.E2H=0, MRS/MSR of ELR_EL12 and
// SPSR_EL12 at EL2 are UNDEFINED (Arm ARM, the accessibility pseudocode of ELR_EL12 and
// SPSR_EL12: at EL2 "if HCR_EL2.E2H == '1' then ... else UNDEFINED"), taken to EL2 with
// EC 0x00. QEMU 7.2 performs the access instead (its *_EL12 access check does not look
// at E2H): a known QEMU 7.2 difference (tests/meson.build, qemu_diff_known).
// Runs on the VHE pair only (without FEAT_VHE corner_el12.S covers it).
// Exit status 100 + n: check n failed.
    .arch armv8.1-a
    .include "common.inc"
    .include "corner.inc"
    .text
    .global _start
_start:
    el2_setup catch2
    has_vhe x19
    cbnz    x19, 1f
    fail    1                 // not a VHE CPU
1:  ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    isb
    adr     x28, 2f
mrs_elr12:
    mrs     x1, elr_el12
    b       fell_through
2:  check   x24, 0x200, 2
    check   x20, 0x02000000, 3
    adr     x3, mrs_elr12
    checkr  x21, x3, 4
    adr     x28, 3f
msr_spsr12:
    msr     spsr_el12, x1
    b       fell_through
3:  check   x20, 0x02000000, 5
    adr     x3, msr_spsr12
    checkr  x21, x3, 6
    semihost_exit 0
fell_through:
    fail    7                 // the access completed

    catch_el2 catch2
