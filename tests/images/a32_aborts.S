// a32_aborts: memory aborts from an AArch32 EL1 and EL0 under this AArch64 EL2 (issue 21;
// guest in a32_aborts_guest.S). HCR_EL2.RW = 0, TGE = 0: the EL1's Data Aborts (External
// abort at 0x50000000, where neither el2sim nor QEMU has memory; Alignment faults of a
// misaligned LDR to Device memory, LDREX and LDM) and its fetch abort go to its own Abort
// mode, which logs DFSR/IFSR, DFAR/IFAR and LR_abt. Its HVC #1 comes here: TGE = 1 and on
// at EL0, whose aborts come to VBAR_EL2 + 0x600 (EC 0x24, FAR_EL2 the 32-bit address,
// ELR_EL2 the instruction); its SVC ends the run: exit 0 when the logs hold what the Arm
// ARM gives, 100 + n at the first entry n that does not.
    .include "common.inc"

    .text
    .global _start
_start:
    el2_setup el2_vectors
    msr     hcr_el2, xzr                             // RW = 0: EL1 is AArch32; TGE = 0
    adr     x0, guest
    msr     vbar_el1, x0
    add     x0, x0, #0x20
    msr     elr_el2, x0
    mov     x0, #0x1d3                               // Supervisor mode, A/I/F masked
    msr     spsr_el2, x0
    adr     x0, el2_log
    msr     tpidr_el2, x0                            // the EL2 log's pointer (X0-X30 hold the guest's R0-R14)
    isb
    eret

lower32_sync:
    mrs     x10, esr_el2
    lsr     x11, x10, #26
    cmp     x11, #0x12
    b.eq    to_el0
    cmp     x11, #0x24
    b.eq    el0_abort
    cmp     x11, #0x11
    b.eq    check
    semihost_exit 99
to_el0:                                              // HVC #1 from EL1: TGE = 1, EL0 at R1
    mov     x0, #HCR_TGE
    msr     hcr_el2, x0
    msr     elr_el2, x1
    mov     x0, #0x10                                // User mode
    msr     spsr_el2, x0
    isb
    eret
el0_abort:                                           // log ESR, FAR, ELR; on after it
    mrs     x11, far_el2
    mrs     x12, elr_el2
    mrs     x13, tpidr_el2
    stp     x10, x11, [x13], #16
    str     x12, [x13], #8
    msr     tpidr_el2, x13
    add     x12, x12, #4
    msr     elr_el2, x12
    eret

// Each expected word: (value, kind): kind bit 0: relative to the guest's base; bit 1: in
// the EL2 log (64-bit words), else in the guest's (32-bit); kind 4 ends the table
check:
    adr     x1, guest
    adr     x2, expected
    adr     x3, guest + 0xc0                         // the guest's log
    adr     x9, el2_log
    mov     x5, #101
1:  ldp     x6, x7, [x2], #16
    cmp     x7, #4
    b.eq    done
    tbz     x7, #0, 2f
    add     x6, x6, x1
2:  tbnz    x7, #1, 3f
    ldr     w8, [x3], #4
    b       4f
3:  ldr     x8, [x9], #8
4:  cmp     x8, x6
    b.ne    fail
    add     x5, x5, #1
    b       1b
fail:                                                // exit 101 + the word that differs
    mov     x0, #0x18
    adr     x1, exit_block
    str     x5, [x1, #8]
    hlt     #0xf000
    b       .
done:
    semihost_exit 0

    .balign 8
exit_block:
    .quad   0x20026, 0
expected:
    .quad   0x008, 0, 0x50000000, 0, 0x40, 1             // d1: DFSR, DFAR, LR_abt
    .quad   0x808, 0, 0x50000004, 0, 0x44, 1             // d2: WnR
    .quad   0x001, 0, 0xb1, 1, 0x48, 1                   // d3: Alignment (Device)
    .quad   0x001, 0, 0xb2, 1, 0x4c, 1                   // d4: LDREX
    .quad   0x001, 0, 0xb2, 1, 0x50, 1                   // d5: LDM
    .quad   0x008, 0, 0x50000000, 0, 0x50000004, 0       // p1: IFSR, IFAR, LR_abt
    .quad   0xa10, 0, 0x50000008, 0, 0x68, 1             // d6: TTBCR.EAE: long-descriptor DFSR
    .quad   0x92000010, 2, 0x50000000, 2, 0x6c, 3        // e1: ESR_EL2, FAR_EL2, ELR_EL2
    .quad   0x92000021, 2, 0xb1, 3, 0x70, 3              // e2
    .quad   0x92000050, 2, 0x5000000c, 2, 0x74, 3        // e3
    .quad   0, 4

    a32_el2_vectors lower32_sync

    .balign 8
el2_log:
    .space  3 * 24

    .balign 0x100
guest:
    .incbin "a32_aborts_guest.bin"
