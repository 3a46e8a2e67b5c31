// hyp32_s2: stage 2 for the PL1 modes on the AArch32 Hyp-mode machine (issue 21, AArch32
// with the MMU on; --arch aarch32 --cpu cortex-a15). Hyp mode (its own MMU off) sets VTCR
// (T0SZ 0: 32-bit IPAs; SL0 0b01: the walk starts at level 1, 4 entries), VTTBR (MCRR)
// and HCR.VM, and ERETs to Supervisor mode (its stage 1 off: VA = IPA). Stage 2 maps RAM
// identically (VMSAv8-32 long-descriptor stage 2 descriptors: MemAttr, S2AP, SH, AF) but
// for the page of hole_code. Supervisor mode branches there: the fetch's stage 2
// Translation fault is taken to Hyp mode at the Hyp Trap entry HVBAR + 0x14
// (AArch32.Abort -> AArch32.TakePrefetchAbortException with a stage 2 fault: EC 0x20,
// Translation fault level 3, HSR 0x82000007), HIFAR = ELR_hyp = the VA, HPFAR = IPA[39:12]
// in bits [31:4]. Hyp mode maps the page, invalidates (TLBIALLNSNH) and ERETs to run the
// fetch again: hole_code's HVC #0x55 (EC 0x12) ends the run with status 0, or 100 + n for
// the check n that failed. HSR.IL: see hyp32_mmu.S (QEMU 7.2 clears it on an ARMv7 core).
    .syntax unified
    .arch armv7ve
    .text
    .arm
    .global _start
    .equ S2_L1, 0x40600000              // 4 entries
    .equ S2_L2, 0x40601000              // IPA 0x40000000-0x7fffffff
    .equ S2_L3, 0x40602000              // IPA 0x40000000-0x401fffff
    .equ S2_PAGE, 0x7ff                 // page: MemAttr 0b1111, S2AP RW, SH Inner, AF
    .equ S2_BLOCK, 0x7fd

.macro fail n
    mov     r0, #0x20                   // SYS_EXIT_EXTENDED
    ldr     r1, =0x20026
    mov     r2, #(100 + \n)
    ldr     r3, =exit_block
    str     r1, [r3]
    str     r2, [r3, #4]
    mov     r1, r3
    hlt     #0xf000
.endm
.macro check reg, value, n
    ldr     r12, =\value
    cmp     \reg, r12
    beq     9f
    fail    \n
9:
.endm

// \reg = the address of hole_code's entry in S2_L3
.macro hole_entry reg
    ldr     \reg, =hole_code
    sub     \reg, \reg, #0x40000000
    lsr     \reg, \reg, #12
    ldr     r12, =S2_L3
    add     \reg, r12, \reg, lsl #3
.endm

_start:
    ldr     r0, =hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      // HVBAR
    mov     r1, #0
    ldr     r0, =S2_L1
    str     r1, [r0]
    str     r1, [r0, #4]
    ldr     r2, =(S2_L2 + 3)
    str     r2, [r0, #8]
    str     r1, [r0, #12]
    str     r1, [r0, #16]
    str     r1, [r0, #20]
    str     r1, [r0, #24]
    str     r1, [r0, #28]
    ldr     r0, =S2_L2                  // [0] -> L3, [1..511] 2 MiB blocks
    ldr     r2, =(S2_L3 + 3)
    str     r2, [r0], #4
    str     r1, [r0], #4
    ldr     r2, =(0x40200000 + S2_BLOCK)
    ldr     r3, =511
1:  str     r2, [r0], #4
    str     r1, [r0], #4
    add     r2, r2, #0x200000
    subs    r3, r3, #1
    bne     1b
    ldr     r0, =S2_L3                  // 512 pages
    ldr     r2, =(0x40000000 + S2_PAGE)
    mov     r3, #512
1:  str     r2, [r0], #4
    str     r1, [r0], #4
    add     r2, r2, #0x1000
    subs    r3, r3, #1
    bne     1b
    hole_entry r0
    str     r1, [r0]                    // hole_code's page: not mapped
    dsb
    ldr     r0, =0x80003540             // VTCR: T0SZ 0, SL0 1, Inner Shareable WB walks
    mcr     p15, 4, r0, c2, c1, 2
    ldr     r0, =S2_L1
    mcrr    p15, 6, r0, r1, c2          // VTTBR (VMID 0)
    mov     r0, #1                      // HCR.VM
    mcr     p15, 4, r0, c1, c1, 0
    mcr     p15, 4, r0, c8, c7, 4       // TLBIALLNSNH
    dsb
    isb
    mov     r8, #0                      // the trap handler's step
    ldr     r0, =svc_code
    msr     ELR_hyp, r0
    mov     r0, #0x1d3
    msr     spsr_cxsf, r0
    eret
    .ltorg

    .balign 32
hyp_vectors:
    b       .
    b       .
    b       .
    b       .
    b       .
    b       hyp_trap                    // 0x14
    b       .
    b       .
hyp_trap:
    mrc     p15, 4, r3, c5, c2, 0       // HSR
    mrc     p15, 4, r4, c6, c0, 2       // HIFAR
    mrc     p15, 4, r6, c6, c0, 4       // HPFAR
    mrs     r5, ELR_hyp
    mrs     r7, spsr
    cmp     r8, #0
    bne     2f
    orr     r3, r3, #(1 << 25)          // IL (hyp32_mmu.S)
    check   r3, 0x82000007, 1
    check   r4, hole_code, 2
    check   r5, hole_code, 3
    check   r7, 0x1d3, 4
    ldr     r12, =hole_code
    lsr     r12, r12, #12
    lsl     r12, r12, #4
    cmp     r6, r12
    beq     3f
    fail    5
3:  hole_entry r0
    ldr     r2, =(hole_code + S2_PAGE)
    str     r2, [r0]
    dsb
    mcr     p15, 4, r0, c8, c7, 4       // TLBIALLNSNH
    dsb
    isb
    add     r8, r8, #1
    eret                                // the fetch again
2:  check   r3, 0x4a000055, 6
    check   r5, hole_code + 4, 7
    mov     r0, #0x20
    ldr     r1, =exit_ok
    hlt     #0xf000
    b       .
    .ltorg

    .balign 8
exit_ok:
    .word   0x20026, 0
exit_block:
    .word   0, 0

    .balign 4096
svc_code:                               // Supervisor mode, stage 1 off
    ldr     r0, =hole_code
fetch_hole:
    bx      r0
    .ltorg
    .balign 4096
hole_code:                              // stage 2 maps this page only after the fault
    hvc     #0x55
    b       .
