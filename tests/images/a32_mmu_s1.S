// a32_mmu_s1: an A32 EL1 (HCR_EL2.RW = 0) that turns its own stage 1 on, under an AArch64
// EL2 without stage 2 (issue 21, AArch32 with the MMU on). The EL2 builds a VMSAv8-32
// short-descriptor level 1 table at 0x40600000 (16 KiB, TTBCR.N = 0; Arm ARM G5.4 "The
// VMSAv8-32 Short-descriptor translation table format"): 1 MiB sections, domain 0,
// AP[2:0] 0b011 (read/write at PL1 and PL0), C = B = 1, mapping VA 0x40000000-0x407fffff
// to the same PAs and VA 0x80000000 to PA 0x40000000 (an alias of the image), the rest
// Fault. The guest (a32_mmu_s1_guest.S at 0x40090000) writes TTBR0, TTBCR, DACR and
// SCTLR.M by MCR, runs at the alias: HVC #0x11 (EC 0x12) with ELR_EL2 = the alias VA,
// a load of 0x5a5a1234 through the alias (HVC #0x22: R3 checked), a load from VA
// 0x90000000 (no section: a Data Abort to Abort mode, DFSR 0x5, DFAR; its handler's HVC
// #0x34 lets the EL2 check them, then SUBS PC, LR, #4 goes on), switches to the
// long-descriptor format (TTBCR.EAE = 1, TTBR0 by MCRR, MAIR0; G5.5) and makes HVC #0x23
// at the alias, then a fetch from VA 0xc0000000, a stage 1 Translation fault (level 1)
// taken to the AArch32 EL1 (Abort mode: IFSR 0x205, IFAR). Exit status 0 from an Abort-mode handler (not modelled yet by el2sim: the run
// stops there), or 100 + n for the first check n that failed.
    .include "common.inc"
    .include "corner.inc"
    .text
    .global _start
    .equ L1, 0x40600000
    .equ GUEST, 0x40090000
    .equ LPAE_L1, 0x40608000
    .equ LPAE_L2, 0x40609000
    .equ SECT, (2 | 0xc | (3 << 10))    // section, C B, AP[1:0] 0b11, domain 0

_start:
    el2_setup el2_vectors
    ldr     x0, =L1                     // zero the 16 KiB table
    mov     x1, #(16384 / 16)
1:  stp     xzr, xzr, [x0], #16
    subs    x1, x1, #1
    b.ne    1b
    ldr     x0, =(L1 + 4 * 0x400)       // VA 0x40000000-0x407fffff = PA
    ldr     w1, =(0x40000000 + SECT)
    mov     x2, #8
1:  str     w1, [x0], #4
    add     w1, w1, #0x100000
    subs    x2, x2, #1
    b.ne    1b
    ldr     x0, =(L1 + 4 * 0x800)       // VA 0x80000000: PA 0x40000000
    ldr     w1, =(0x40000000 + SECT)
    str     w1, [x0]
    // the LPAE tables (TTBCR.EAE = 1, T0SZ 0: a 4-entry level 1 table; G5.5): level 1
    // entry 1 -> level 2 (2 MiB blocks 0x40000000-0x407fffff = PA), entry 2 a 1 GiB block
    // at PA 0x40000000 (the alias), AttrIndx 0, AF, Inner Shareable, AP PL1 read/write
    ldr     x0, =LPAE_L1
    stp     xzr, xzr, [x0]
    stp     xzr, xzr, [x0, #16]
    ldr     x1, =(LPAE_L2 + 3)
    str     x1, [x0, #8]
    ldr     x1, =(0x40000000 + 0x701)
    str     x1, [x0, #16]
    ldr     x0, =LPAE_L2
    ldr     x1, =(0x40000000 + 0x701)
    mov     x2, #4
1:  str     x1, [x0], #8
    add     x1, x1, #0x200000
    subs    x2, x2, #1
    b.ne    1b
    dsb     ish
    mov     x0, xzr                     // RW = 0: EL1 is AArch32; no stage 2
    msr     hcr_el2, x0
    ldr     x0, =GUEST
    msr     elr_el2, x0
    mov     x0, #0x1d3
    msr     spsr_el2, x0
    ldr     x0, =STEP
    str     xzr, [x0]
    isb
    eret

    .equ STEP, 0x40112000
lower32_sync:                           // (X8-X11: R8-R11, which the guest leaves; X20 is
                                        // R14_abt, which its Abort-mode handler returns by)
    mrs     x8, esr_el2
    mrs     x9, elr_el2
    ldr     x10, =STEP
    ldr     w11, [x10]
    add     w11, w11, #1
    str     w11, [x10]
    cmp     w11, #1
    b.ne    2f
    check   x8, 0x4a000011, 1          // HVC #0x11 at the alias
    check   x9, 0x80090040, 2
    eret
2:  cmp     w11, #2
    b.ne    3f
    check   x8, 0x4a000022, 3
    check   x3, 0x5a5a1234, 4
    eret
3:  cmp     w11, #3
    b.ne    5f
    check   x8, 0x4a000034, 11         // from the Data Abort handler (Abort mode)
    mrs     x0, esr_el1
    check   x0, 0x5, 12                 // DFSR: FS 0b00101, Translation fault (section)
    mrs     x0, far_el1
    and     x0, x0, #0xffffffff
    check   x0, 0x90000000, 13          // DFAR = FAR_EL1[31:0]
    eret
5:  cmp     w11, #4
    b.ne    4f
    check   x8, 0x4a000023, 9          // HVC #0x23 with the long-descriptor format
    check   x9, 0x800900bc, 10
    eret
4:  check   x8, 0x4a000033, 5          // from the Prefetch Abort handler (Abort mode)
    mrs     x0, ifsr32_el2
    check   x0, 0x205, 6                // IFSR: LPAE (bit 9), STATUS 0b000101 level 1
    mrs     x0, far_el1
    lsr     x0, x0, #32
    check   x0, 0xc0000000, 7           // IFAR = FAR_EL1[63:32]
    semihost_exit 0

    a32_el2_vectors lower32_sync

    .org    GUEST - 0x40080000
guest:
    .incbin "a32_mmu_s1_guest.bin"
