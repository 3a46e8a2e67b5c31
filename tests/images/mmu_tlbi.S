// mmu_tlbi: TLB maintenance. A window page at VA W maps PA1 (holding 0x1111); the image
// reads it, rewrites the level 3 descriptor to PA2 (0x2222) or PA3 (0x3333) and reads it
// again: without a TLBI the read may give the old or the new page (Arm ARM D8.13: a TLB
// may hold the old translation until it is invalidated; changing the output address of a
// valid entry needs break-before-make on hardware that could hold both, D8.14.1, which
// neither QEMU nor el2sim model), so that read is only checked to be one of the two; after
// TLBI + DSB + ISB it must be the new page:
//   EL2 regime (E2H = 0, 4 KiB, T0SZ 25): TLBI VAE2 (by VA), TLBI ALLE2;
//   EL1&0 regime, at EL1: TLBI VMALLE1, TLBI VAE1; then EL2's TLBI VMALLS12E1 on EL1's
//   behalf (EL1 rewrites the descriptor and calls HVC #1).
// Exit status 0, or 100 + n for the first check n that failed.
    .include "common.inc"
    .include "corner.inc"
    .include "mmu.inc"
    .text
    .global _start

    .equ L1, TABLES                     // EL2 regime
    .equ L2, TABLES + 0x1000
    .equ L3, TABLES + 0x2000
    .equ L2W, TABLES + 0x3000
    .equ L3W, TABLES + 0x4000
    .equ E1_L1, TABLES + 0x5000         // EL1&0 regime
    .equ E1_L2W, TABLES + 0x6000
    .equ E1_L3W, TABLES + 0x7000
    .equ W, 0x80000000                  // the window VA
    .equ PA1, 0x40140000
    .equ PA2, 0x40141000
    .equ PA3, 0x40142000
    .equ TCR_EL2_VALUE, (TCR_EL2_BASE | TG0_4K | 25)
    .equ TCR_EL1_VALUE, (25 | TG0_4K | EPD1 | TG1_4K | IPS_40 | TCR_WALK0)

// The window's descriptor (x7 = its address) = \pa as a page; DSB; ISB.
.macro window pa
    ldr     x1, =\pa + PAGE_RW
    str     x1, [x7]
    dsb     ish
    isb
.endm

// x6 = the word at W, which must be \old or \new (no TLBI yet). Check \st.
.macro read_either old, new, st
    ldr     x6, [x8]
    ldr     x16, =\old
    cmp     x6, x16
    b.eq    9994f
    check   x6, \new, \st
9994:
.endm

// x6 = the word at W, which must be \value. Check \st.
.macro read_is value, st
    ldr     x6, [x8]
    check   x6, \value, \st
.endm

_start:
    el2_setup vectors
    zero_mem TABLES, 0x8000
    pt_set  PA1, 0, 0x1111
    pt_set  PA2, 0, 0x2222
    pt_set  PA3, 0, 0x3333
    pt_set  L1, 1, L2 + D_TABLE
    pt_set  L1, 2, L2W + D_TABLE
    pt_set  L2, 0, L3 + D_TABLE
    pt_fill L2, 1, 63, 0x40200000 + BLOCK_RW, 0x200000
    pt_fill L3, 0, 512, 0x40000000 + PAGE_RW, 0x1000
    pt_set  L2W, 0, L3W + D_TABLE
    pt_set  L3W, 0, PA1 + PAGE_RW
    pt_set  E1_L1, 1, 0x40000000 + BLOCK_RW
    pt_set  E1_L1, 2, E1_L2W + D_TABLE
    pt_set  E1_L2W, 0, E1_L3W + D_TABLE
    pt_set  E1_L3W, 0, PA1 + PAGE_RW
    el2_mmu_on L1, TCR_EL2_VALUE

    // EL2 regime
    ldr     x7, =L3W
    ldr     x8, =W
    read_is 0x1111, 1
    window  PA2
    read_either 0x1111, 0x2222, 2
    ldr     x0, =(W >> 12)
    tlbi    vae2, x0
    dsb     ish
    isb
    read_is 0x2222, 3
    window  PA3
    read_either 0x2222, 0x3333, 4
    tlbi    alle2
    dsb     ish
    isb
    read_is 0x3333, 5

    // EL1&0 regime
    ldr     x0, =MAIR_VALUE
    msr     mair_el1, x0
    ldr     x0, =E1_L1
    msr     ttbr0_el1, x0
    ldr     x0, =TCR_EL1_VALUE
    msr     tcr_el1, x0
    ldr     x0, =SCTLR_EL1_MMU
    msr     sctlr_el1, x0
    drop_to_el1 el1_start
el1_start:
    ldr     x7, =E1_L3W
    ldr     x8, =W
    read_is 0x1111, 10
    window  PA2
    read_either 0x1111, 0x2222, 11
    tlbi    vmalle1
    dsb     ish
    isb
    read_is 0x2222, 12
    window  PA3
    read_either 0x2222, 0x3333, 13
    ldr     x0, =(W >> 12)
    tlbi    vae1, x0
    dsb     ish
    isb
    read_is 0x3333, 14
    window  PA1
    read_either 0x3333, 0x1111, 15
t_hvc:
    hvc     #1                          // EL2: TLBI VMALLS12E1
    read_is 0x1111, 16
t_exit:
    hvc     #0x1e0

// Lower EL HVC: #1 invalidates the EL1&0 regime's entries; #0x1e0 exits with 0.
el2_hvc:
    mrs     x9, esr_el2
    check   x9, 0x5a000001, 20
    tlbi    vmalls12e1
    dsb     ish
    isb
    eret
el2_hvc_exit:
    semihost_exit 0
el2_lower:
    mrs     x9, esr_el2
    ldr     x10, =0x5a0001e0
    cmp     x9, x10
    b.eq    el2_hvc_exit
    b       el2_hvc
    .ltorg

    .balign 2048
vectors:
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7
    dead_vector \n
    .endr
    .balign 0x80
    b       el2_lower                   // 0x400: lower EL, synchronous
    .irp n, 9, 10, 11, 12, 13, 14, 15
    dead_vector \n
    .endr
