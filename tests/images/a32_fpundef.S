// a32_fpundef: FP/Advanced SIMD made UNDEFINED by CPACR and FPEXC for an A32 EL1 under
// the AArch64 EL2 (issue 21; guest in a32_fptrap_guest.S, its part at 0x200): VMRS FPEXC
// with CPACR.cp10 = 0b00, VADD with FPEXC.EN = 0 and VADD.I32 with CPACR.ASEDIS are taken
// to the AArch32 EL1's Undefined mode (its handler counts them in R6 and returns past
// them); VMRS FPEXC with EN clear is not. HVC #5 checks R6 = 3 and that R1 (FPEXC) has EN
// clear: exit 0, or 100 + n when check n failed.
    .include "common.inc"

    .text
    .global _start
_start:
    el2_setup el2_vectors
    mov     x0, #0                                   // RW = 0: EL1 is AArch32
    msr     hcr_el2, x0
    adr     x0, guest + 0x200
    msr     elr_el2, x0
    mov     x0, #0x1d3                               // Supervisor mode, A/I/F masked
    msr     spsr_el2, x0
    isb
    eret

lower32_sync:
    cmp     x6, #3
    b.ne    fail1
    tst     x1, #0x40000000
    b.ne    fail2
    semihost_exit 0
fail1:
    semihost_exit 101
fail2:
    semihost_exit 102

    a32_el2_vectors lower32_sync

    .balign 0x100
guest:
    .incbin "a32_fptrap_guest.bin"
