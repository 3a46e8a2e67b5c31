// minihyp.S - a clean-room mini-hypervisor shaped like KVM's nVHE initialisation, written
// for el2sim's tests from public descriptions only (Linux Documentation/virt/kvm/arm/
// hyp-abi.rst for the stub calls; the published shape of KVM's __kvm_hyp_init and its
// struct kvm_nvhe_init_params for the parameter block). Every line is this file's own.
//
// What it shows: an EL2 that starts with the MMU off, is handed page tables and a
// parameter block by its host, turns on EL2 stage 1 translation (TTBR0_EL2, TCR_EL2,
// MAIR_EL2, SCTLR_EL2), moves itself to hyp virtual addresses (hyp VA = PA + 0x40_0000_0000)
// and serves the host through vectors at a hyp VA; a reset call turns the MMU off again.
//
// Calls: hvc #0 from EL1, x0 = function ID, x1.. = arguments; x0 = result, x1-x3 may hold
// more results. x0-x3 may change, x4-x30 and the caller's EL1 state are preserved
// (SMCCC 1.1 style; models/abi/minihyp.abi).
//   MINIHYP_INIT      0xc6000000  x1 = PA of the parameter block (below). Only the init
//                                 vectors (MMU off) accept it: 0, or -3 when the block is
//                                 invalid (x1 not 8-aligned or 0, pgd not 4 KiB aligned,
//                                 vectors not 2 KiB aligned, stack not 16-aligned, HCR
//                                 without RW or with E2H); the host vectors answer -1.
//   MINIHYP_HYP_VA    0xc6000001  x1 = PA inside the hyp's image -> x1 = its hyp VA,
//                                 computed at hyp VAs (adr at run time minus the link-time
//                                 address); -3 for a PA outside the hyp.
//   MINIHYP_GET_TPIDR 0xc6000002  x1 = TPIDR_EL2 (the per-CPU base the block gave).
//   MINIHYP_SUM       0xc6000003  x1 = hyp VA of 64-bit words inside the hyp's data, x2 =
//                                 how many (1-64) -> x1 = their sum, x2 = how many SUM calls
//                                 so far (a counter at [TPIDR_EL2], kept across resets);
//                                 -3 for a range outside the hyp's data. Uses the hyp
//                                 stack at its hyp VA.
//   HVC_SOFT_RESTART  1           (hyp-stub ABI) x1 = EL2 entry, x2..x4 become its x0..x2;
//                                 MMU off, never returns.
//   HVC_RESET_VECTORS 2           (hyp-stub ABI) MMU off, VBAR_EL2 = the init vectors; 0.
//   anything else                 -1 (SMCCC NOT_SUPPORTED), from either table.
//
// Parameter block (the host writes it, 8-aligned, 80 bytes): mair, tcr, ttbr0 (the pgd's
// PA), sctlr (M, C, I are added by the hyp), hcr, vtcr, vttbr, stack_va (SP_EL2 top),
// vectors_va (VBAR_EL2; also tells the hyp its VA offset), tpidr.
//
// Memory: one .text section, page-aligned regions, all inside one 2 MiB block:
//   __minihyp_idmap_start  the init page: init vectors, INIT, the MMU-off tails (mapped
//                          VA = PA as well, so turning the MMU on or off is safe)
//   __minihyp_text_start   hyp text: host vectors and services  (hyp VA, read-only)
//   __minihyp_data_start   hyp data: the SUM table, the per-CPU counter (hyp VA, RW, XN)
//   __minihyp_stack_start  one page of hyp stack                (hyp VA, RW, XN)
//   the host: _start (EL2 boot), host_main (EL1 driver), the tables and the block.
//
// Driver (`el2sim run minihyp.o --entry _start`, or minihyp.elf under QEMU): _start puts
// VBAR_EL2 at the init vectors (as a boot stub hands over to KVM's init code), drops to EL1,
// host_main builds the tables and the block, reaches host_ready (a scenario's stop-at)
// and makes every call, checking results and that x4..x18 kept their values. Exit 0 = all
// good; otherwise the status names the failed check (table at host_ready); 0x80+n = EL1
// vector n taken, 0xa0+n / 0xb0+n = entry n of the init / host vectors taken at EL2. Assemble with --defsym BUG_CLOBBER=1 (SUM forgets to restore x4) or
// --defsym BUG_RETURNS=1 (SOFT_RESTART returns to its caller) for the broken variants.

    .include "common.inc"

    .equ MINIHYP_INIT,       0xc6000000
    .equ MINIHYP_HYP_VA,     0xc6000001
    .equ MINIHYP_GET_TPIDR,  0xc6000002
    .equ MINIHYP_SUM,        0xc6000003
    .equ HVC_SOFT_RESTART,   1
    .equ HVC_RESET_VECTORS,  2

    .equ HYP_VA_OFFSET,      0x4000000000   // hyp VA = PA + this (bit 38: inside 39-bit VAs)

    // parameter block offsets
    .equ P_MAIR,     0
    .equ P_TCR,      8
    .equ P_TTBR0,    16
    .equ P_SCTLR,    24
    .equ P_HCR,      32
    .equ P_VTCR,     40
    .equ P_VTTBR,    48
    .equ P_STACK,    56
    .equ P_VECTORS,  64
    .equ P_TPIDR,    72
    .equ P_SIZE,     80

    // SCTLR_EL2 bits (Arm ARM, SCTLR_EL2): M (stage 1 MMU), C, I; SA; EE
    .equ SCTLR_M,    (1 << 0)
    .equ SCTLR_C,    (1 << 2)
    .equ SCTLR_I,    (1 << 12)

// A vector entry the hyp never expects to take: semihosting SYS_EXIT with \status. The
// exit block is read, never written (the hyp's text is read-only once the MMU is on), so
// this works at EL2 with the MMU on or off.
.macro hyp_dead_vector status
    .balign 0x80
    mov     x0, #0x18
    adr     x1, 9992f
    hlt     #0xf000
    b       .
    .balign 8
9992:
    .quad   0x20026, \status
.endm

// ==================================================================== the init page
    .text
    .balign 4096
    .global __minihyp_idmap_start
__minihyp_idmap_start:
    .global __minihyp_init_vectors
    .type   __minihyp_init_vectors, %function    // named before the region markers at its address
__minihyp_init_vectors:             // VBAR_EL2 before INIT and after RESET (a PA)
    .irp n, 0,1,2,3,4,5,6,7         // 0x000-0x380: current EL: exit 0xa0 + n
    hyp_dead_vector 0xa0 + \n
    .endr
    .balign 0x80
    b       init_hvc                // 0x400: lower EL, AArch64, synchronous
    .irp n, 9,10,11,12,13,14,15
    hyp_dead_vector 0xa0 + \n
    .endr
    .balign 0x80

// Runs at its PA with the EL2 MMU off. x0 = function ID, x1 = argument; uses x0-x3 only.
init_hvc:
    cmp     x0, #HVC_SOFT_RESTART
    b.eq    idmap_soft_restart
    cmp     x0, #HVC_RESET_VECTORS
    b.eq    idmap_reset
    movz    x2, #(MINIHYP_INIT >> 16), lsl #16
    cmp     x0, x2
    b.ne    init_not_supported
    // validate the block before touching anything
    cbz     x1, init_invalid
    tst     x1, #7
    b.ne    init_invalid
    ldr     x2, [x1, #P_TTBR0]
    tst     x2, #0xfff
    b.ne    init_invalid
    ldr     x2, [x1, #P_VECTORS]
    tst     x2, #0x7ff
    b.ne    init_invalid
    ldr     x2, [x1, #P_STACK]
    tst     x2, #0xf
    b.ne    init_invalid
    ldr     x2, [x1, #P_HCR]
    tbz     x2, #31, init_invalid   // HCR_EL2.RW: the host's EL1 stays AArch64
    tbnz    x2, #34, init_invalid   // HCR_EL2.E2H: this is an nVHE hypervisor
    // program the EL2 translation regime and the rest of the block
    ldr     x2, [x1, #P_MAIR]
    msr     mair_el2, x2
    ldr     x2, [x1, #P_TCR]
    msr     tcr_el2, x2
    ldr     x2, [x1, #P_TTBR0]
    msr     ttbr0_el2, x2
    ldr     x2, [x1, #P_HCR]
    msr     hcr_el2, x2
    ldr     x2, [x1, #P_VTCR]
    msr     vtcr_el2, x2
    ldr     x2, [x1, #P_VTTBR]
    msr     vttbr_el2, x2
    ldr     x2, [x1, #P_TPIDR]
    msr     tpidr_el2, x2
    ldr     x2, [x1, #P_STACK]      // SP_EL2 is only a register until the MMU is on:
    mov     sp, x2                  // the block is not mapped afterwards
    ldr     x3, [x1, #P_VECTORS]
    ldr     x2, [x1, #P_SCTLR]
    orr     x2, x2, #SCTLR_M
    orr     x2, x2, #SCTLR_C
    orr     x2, x2, #SCTLR_I
    // no stale EL2 translations may survive the switch (Arm ARM D8.13, TLB maintenance)
    isb
    tlbi    alle2
    dsb     ish
    isb
    adr     x1, __minihyp_vectors   // PA of the host vectors:
    sub     x1, x3, x1              // x1 = hyp VA - PA
    adr     x0, hyp_init_continue
    add     x0, x0, x1              // the continuation's hyp VA
    msr     sctlr_el2, x2           // MMU on: this page keeps running through its idmap
    isb
    br      x0

init_not_supported:
    mov     x0, #-1                 // SMCCC NOT_SUPPORTED
    eret
init_invalid:
    mov     x0, #-3                 // SMCCC INVALID_PARAMETER
    eret

// MMU off (it may already be): SCTLR_EL2.M, C, I cleared, then the EL2 TLB emptied.
// Uses x0 only. Reached at its PA (idmap) with the MMU on or off.
.macro mmu_off
    mrs     x0, sctlr_el2
    bic     x0, x0, #SCTLR_M
    bic     x0, x0, #SCTLR_C
    bic     x0, x0, #SCTLR_I
    msr     sctlr_el2, x0
    isb
    tlbi    alle2
    dsb     ish
    isb
.endm

    .global idmap_reset
idmap_reset:                        // HVC_RESET_VECTORS
    mmu_off
    adr     x0, __minihyp_init_vectors
    msr     vbar_el2, x0
    isb
    mov     x0, #0
    eret

    .global idmap_soft_restart
idmap_soft_restart:                 // HVC_SOFT_RESTART: x1 = EL2 entry, x2..x4 -> x0..x2
    mmu_off
.ifdef BUG_RETURNS
    mov     x0, #0                  // broken: comes back to the caller
    eret
.else
    msr     elr_el2, x1
    mov     x0, #SPSR_EL2H          // EL2h, DAIF masked
    msr     spsr_el2, x0
    mov     x0, x2
    mov     x1, x3
    mov     x2, x4
    eret
.endif
    .ltorg
    .balign 4096
    .global __minihyp_idmap_end
__minihyp_idmap_end:

// ==================================================================== hyp text (hyp VA)
    .global __minihyp_text_start
__minihyp_text_start:
    .global __minihyp_vectors
    .type   __minihyp_vectors, %function    // named before the region markers at its address
__minihyp_vectors:                  // VBAR_EL2 after INIT (its hyp VA): exit 0xb0 + n
    .irp n, 0,1,2,3,4,5,6,7
    hyp_dead_vector 0xb0 + \n
    .endr
    .balign 0x80
    b       host_hvc                // 0x400: lower EL, AArch64, synchronous
    .irp n, 9,10,11,12,13,14,15
    hyp_dead_vector 0xb0 + \n
    .endr
    .balign 0x80

// Entered from the INIT call's idmap page, now at hyp VAs: x3 = VBAR_EL2 to install.
hyp_init_continue:
    msr     vbar_el2, x3
    isb
    mov     x0, #0
    eret

// The host calls, at hyp VAs with SP_EL2 = the hyp stack. x0 = function ID.
host_hvc:
    cmp     x0, #HVC_SOFT_RESTART
    b.eq    hyp_to_idmap
    cmp     x0, #HVC_RESET_VECTORS
    b.eq    hyp_to_idmap
    stp     x29, x30, [sp, #-16]!
    mov     x29, sp
    movz    x3, #(MINIHYP_INIT >> 16), lsl #16
    sub     x3, x0, x3              // function number within 0xc6000000
    cmp     x3, #(MINIHYP_HYP_VA - MINIHYP_INIT)
    b.eq    svc_hyp_va
    cmp     x3, #(MINIHYP_GET_TPIDR - MINIHYP_INIT)
    b.eq    svc_get_tpidr
    cmp     x3, #(MINIHYP_SUM - MINIHYP_INIT)
    b.eq    svc_sum
    mov     x0, #-1                 // INIT again, or unknown: NOT_SUPPORTED
    b       host_ret
host_invalid:
    mov     x0, #-3
host_ret:
    ldp     x29, x30, [sp], #16
    eret

// The reset and restart tails run at their PA: only the idmap survives the MMU going off.
// Uses x0 only: x1-x4 are SOFT_RESTART's arguments.
hyp_to_idmap:
    cmp     x0, #HVC_RESET_VECTORS
    b.eq    1f
    ldr     x0, =idmap_soft_restart // link-time address = PA
    br      x0
1:  ldr     x0, =idmap_reset
    br      x0

// x3 = hyp VA - PA, computed where we run: adr gives the hyp VA, the literal the PA.
hyp_va_offset:
    adr     x3, __minihyp_vectors
    ldr     x0, =__minihyp_vectors
    sub     x3, x3, x0
    ret

svc_hyp_va:                         // x1 = PA inside the hyp -> its hyp VA
    ldr     x2, =__minihyp_text_start
    cmp     x1, x2
    b.lo    host_invalid
    ldr     x2, =__minihyp_stack_end
    cmp     x1, x2
    b.hs    host_invalid
    bl      hyp_va_offset
    add     x1, x1, x3
    mov     x0, #0
    b       host_ret

svc_get_tpidr:
    mrs     x1, tpidr_el2
    mov     x0, #0
    b       host_ret

svc_sum:                            // x1 = hyp VA, x2 = count
    stp     x4, x5, [sp, #-16]!
    cbz     x2, 9f
    cmp     x2, #64
    b.hi    9f
    tst     x1, #7
    b.ne    9f
    bl      hyp_va_offset           // x3 = offset
    ldr     x4, =__minihyp_data_start
    add     x4, x4, x3              // hyp VA of the data's start
    cmp     x1, x4
    b.lo    9f
    ldr     x4, =__minihyp_data_end
    add     x4, x4, x3
    add     x5, x1, x2, lsl #3      // end of the range
    cmp     x5, x4
    b.hi    9f
    bl      sum_words               // x4 = sum of x2 words at x1
    mov     x1, x4
    mrs     x3, tpidr_el2           // count this call in the per-CPU area
    ldr     x2, [x3]
    add     x2, x2, #1
    str     x2, [x3]
    mov     x0, #0
    b       8f
9:  mov     x0, #-3
8:
.ifdef BUG_CLOBBER
    add     sp, sp, #16             // broken: x4 and x5 are not restored
.else
    ldp     x4, x5, [sp], #16
.endif
    b       host_ret

// x4 = sum of x2 64-bit words at x1 (hyp VA); uses x3, x5.
sum_words:
    mov     x4, #0
    mov     x5, x1
    mov     x3, x2
1:  ldr     x0, [x5], #8
    add     x4, x4, x0
    subs    x3, x3, #1
    b.ne    1b
    ret
    .ltorg
    .balign 4096
    .global __minihyp_text_end
__minihyp_text_end:

// ==================================================================== hyp data (hyp VA)
    .global __minihyp_data_start
__minihyp_data_start:
    .global minihyp_table
minihyp_table:                      // SUM's words: 0x1111 * 1..16
    .irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16
    .quad   0x1111 * \n
    .endr
    .global minihyp_percpu
minihyp_percpu:                     // TPIDR_EL2 points here: [0] = SUM calls
    .quad   0
    .balign 4096
    .global __minihyp_data_end
__minihyp_data_end:
    .global __minihyp_stack_start
__minihyp_stack_start:
    .skip   4096
    .global __minihyp_stack_end
__minihyp_stack_end:

// ==================================================================== the host
// EL2 stage 1, 4 KiB granule, 39-bit VAs: the walk starts at level 1 (Arm ARM D8.2,
// translation granule and starting level for TnSZ = 25).
    .equ TCR_VALUE,  (1 << 31) | (1 << 23) | (2 << 16) | (3 << 12) | (1 << 10) | (1 << 8) | 25
                                    // RES1 31, 23; PS 40 bits; SH0 inner; ORGN0/IRGN0 WBWA; T0SZ 25
    .equ MAIR_VALUE, 0x04ff         // Attr0 Normal WB RW-allocate, Attr1 Device-nGnRE
    .equ SCTLR_BASE, 0x30c50838     // SCTLR_EL2 RES1 bits, SA; M, C, I come from the hyp
    .equ VTCR_VALUE, (1 << 31) | (2 << 16) | (3 << 12) | (1 << 10) | (1 << 8) | (1 << 6) | 24
                                    // for a later guest (HCR_EL2.VM stays 0): 40-bit IPA, SL0 1
    // descriptors (Arm ARM D8.3): table = PA | 3; page = PA | 3 | AttrIndx 0 | AP | SH
    // inner (3 << 8) | AF (1 << 10), data also XN (1 << 54). In the EL2 regime (one
    // privilege level) AP[1] is RES1: AP = 0b11 read-only, 0b01 read/write.
    .equ DESC_TABLE, 3
    .equ PAGE_TEXT,  3 | (3 << 6) | (3 << 8) | (1 << 10)
    .equ PAGE_DATA,  3 | (1 << 6) | (3 << 8) | (1 << 10) | (1 << 54)

    .global _start
    .type   _start, %function    // named before the region markers at its address
_start:                             // EL2h, MMU off, DAIF masked
    ldr     x0, =STACK_EL2
    mov     sp, x0
    adr     x0, __minihyp_init_vectors
    msr     vbar_el2, x0
    adr     x0, host_el1_vectors
    msr     vbar_el1, x0
    isb
    drop_to_el1 host_main

// ---- page tables: L1 (the pgd) -> L2 -> L3, one L2/L3 pair for the idmap and one for
// the hyp VAs. x0-x7 only, no stack (EL1, MMU off: every access aligned).

// x0 = VA: point L1 and L2 at the L2 and L3 tables x1, x2 (a leaf function).
link_tables:
    adr     x3, minihyp_pgd
    ubfx    x4, x0, #30, #9         // L1 index
    orr     x5, x1, #DESC_TABLE
    str     x5, [x3, x4, lsl #3]
    ubfx    x4, x0, #21, #9         // L2 index
    orr     x5, x2, #DESC_TABLE
    str     x5, [x1, x4, lsl #3]
    ret

// Map [x0, x1) (PAs, page-aligned) in the L3 table x2 at VA = PA + x3, attributes x6.
map_pages:
1:  add     x4, x0, x3
    ubfx    x4, x4, #12, #9         // L3 index
    orr     x5, x0, x6
    str     x5, [x2, x4, lsl #3]
    add     x0, x0, #4096
    cmp     x0, x1
    b.lo    1b
    ret

build_tables:
    mov     x7, x30
    adr     x0, minihyp_tables      // zero all five tables
    add     x1, x0, #(5 * 4096)
1:  stp     xzr, xzr, [x0], #16
    cmp     x0, x1
    b.lo    1b
    // every hyp page must lie in the 2 MiB block of the first (one L3 table each)
    adr     x0, __minihyp_idmap_start
    adr     x1, __minihyp_stack_end - 1
    eor     x0, x0, x1
    mov     x19, #90
    cmp     x0, #(1 << 21)
    b.hs    fail
    // the idmap: the init page at VA = PA
    adr     x0, __minihyp_idmap_start
    adr     x1, minihyp_l2_id
    adr     x2, minihyp_l3_id
    bl      link_tables
    adr     x0, __minihyp_idmap_start
    adr     x1, __minihyp_idmap_end
    adr     x2, minihyp_l3_id
    mov     x3, #0
    ldr     x6, =PAGE_TEXT
    bl      map_pages
    // the hyp: text read-only, data and stack read/write, never executable
    adr     x0, __minihyp_text_start
    ldr     x3, =HYP_VA_OFFSET
    add     x0, x0, x3
    adr     x1, minihyp_l2_hyp
    adr     x2, minihyp_l3_hyp
    bl      link_tables
    adr     x0, __minihyp_text_start
    adr     x1, __minihyp_text_end
    adr     x2, minihyp_l3_hyp
    ldr     x3, =HYP_VA_OFFSET
    ldr     x6, =PAGE_TEXT
    bl      map_pages
    adr     x0, __minihyp_data_start
    adr     x1, __minihyp_stack_end
    ldr     x6, =PAGE_DATA
    bl      map_pages
    mov     x30, x7
    ret

build_params:
    adr     x0, minihyp_params
    ldr     x1, =MAIR_VALUE
    str     x1, [x0, #P_MAIR]
    ldr     x1, =TCR_VALUE
    str     x1, [x0, #P_TCR]
    adr     x1, minihyp_pgd
    str     x1, [x0, #P_TTBR0]
    ldr     x1, =SCTLR_BASE
    str     x1, [x0, #P_SCTLR]
    ldr     x1, =HCR_RW
    str     x1, [x0, #P_HCR]
    ldr     x1, =VTCR_VALUE
    str     x1, [x0, #P_VTCR]
    str     xzr, [x0, #P_VTTBR]     // no guest yet
    ldr     x2, =HYP_VA_OFFSET
    adr     x1, __minihyp_stack_end
    add     x1, x1, x2
    str     x1, [x0, #P_STACK]
    adr     x1, __minihyp_vectors
    add     x1, x1, x2
    str     x1, [x0, #P_VECTORS]
    adr     x1, minihyp_percpu
    add     x1, x1, x2
    str     x1, [x0, #P_TPIDR]
    ret

// Clean the tables and the block to the point of coherency: the walker and EL2 with
// the MMU on read them as cacheable memory, written here with EL1's MMU off.
clean_to_poc:
    adr     x0, minihyp_params
    add     x1, x0, #P_SIZE
1:  dc      civac, x0
    add     x0, x0, #64
    cmp     x0, x1
    b.lo    1b
    adr     x0, minihyp_tables
    add     x1, x0, #(5 * 4096)
2:  dc      civac, x0
    add     x0, x0, #64
    cmp     x0, x1
    b.lo    2b
    dsb     sy
    ret

    .include "selftest.inc"

    .equ NOT_SUPPORTED, 0xffffffffffffffff
    .equ INVALID,       0xfffffffffffffffd
    .equ SUM8,          0x1111 * 36     // 1 + 2 + ... + 8
    .equ RESTART_X0,    0x5eed0000
    .equ RESTART_X1,    0x5eed1111
    .equ RESTART_X2,    0x5eed2222

host_main:                          // EL1h, MMU off
    bl      build_tables
    bl      build_params
    bl      clean_to_poc
    .global host_ready
host_ready:                         // tables and block ready; a scenario stops here
// Exit statuses: 1-2 INIT with a misaligned block, 3 GET_TPIDR before INIT, 4-5 INIT,
// 6-8 HYP_VA, 9-10 GET_TPIDR, 11-14 SUM, 15 SUM of a PA, 16 INIT again, 17 HYP_VA of a
// host address, 18-19 RESET_VECTORS, 20 INIT after the reset, 21 SUM after it,
// 22 SOFT_RESTART returned, 23-27 at the restart entry (CurrentEL, x0, x1, x2,
// SCTLR_EL2.M), 90 the image spans two 2 MiB blocks. x21 names the register of a failed
// x4..x18 check.
    fill_regs 2
    movz    x0, #(MINIHYP_INIT >> 16), lsl #16
    adr     x1, minihyp_params + 4
    hvc     #0
    expect  x0, INVALID, 1
    check_regs 4, 2

    movz    x0, #(MINIHYP_GET_TPIDR >> 16), lsl #16
    movk    x0, #(MINIHYP_GET_TPIDR & 0xffff)
    hvc     #0
    expect  x0, NOT_SUPPORTED, 3

    fill_regs 2
    movz    x0, #(MINIHYP_INIT >> 16), lsl #16
    adr     x1, minihyp_params
    hvc     #0
    .global host_init_ret
host_init_ret:
    expect  x0, 0, 4
    check_regs 4, 5

    fill_regs 2
    movz    x0, #(MINIHYP_HYP_VA >> 16), lsl #16
    movk    x0, #(MINIHYP_HYP_VA & 0xffff)
    adr     x1, __minihyp_vectors
    hvc     #0
    expect  x0, 0, 6
    expect  x1, __minihyp_vectors + HYP_VA_OFFSET, 7
    check_regs 4, 8

    movz    x0, #(MINIHYP_GET_TPIDR >> 16), lsl #16
    movk    x0, #(MINIHYP_GET_TPIDR & 0xffff)
    hvc     #0
    expect  x0, 0, 9
    expect  x1, minihyp_percpu + HYP_VA_OFFSET, 10

    fill_regs 3
    movz    x0, #(MINIHYP_SUM >> 16), lsl #16
    movk    x0, #(MINIHYP_SUM & 0xffff)
    ldr     x1, =minihyp_table + HYP_VA_OFFSET
    mov     x2, #8
    hvc     #0
    expect  x0, 0, 11
    expect  x1, SUM8, 12
    expect  x2, 1, 13
    check_regs 4, 14

    movz    x0, #(MINIHYP_SUM >> 16), lsl #16
    movk    x0, #(MINIHYP_SUM & 0xffff)
    adr     x1, minihyp_table       // a PA: not the hyp's to read
    mov     x2, #8
    hvc     #0
    expect  x0, INVALID, 15

    movz    x0, #(MINIHYP_INIT >> 16), lsl #16
    adr     x1, minihyp_params
    hvc     #0
    expect  x0, NOT_SUPPORTED, 16

    movz    x0, #(MINIHYP_HYP_VA >> 16), lsl #16
    movk    x0, #(MINIHYP_HYP_VA & 0xffff)
    adr     x1, host_main
    hvc     #0
    expect  x0, INVALID, 17

    fill_regs 1
    mov     x0, #HVC_RESET_VECTORS
    hvc     #0
    expect  x0, 0, 18
    check_regs 4, 19

    movz    x0, #(MINIHYP_INIT >> 16), lsl #16
    adr     x1, minihyp_params
    hvc     #0
    expect  x0, 0, 20

    movz    x0, #(MINIHYP_SUM >> 16), lsl #16
    movk    x0, #(MINIHYP_SUM & 0xffff)
    ldr     x1, =minihyp_table + HYP_VA_OFFSET
    mov     x2, #8
    hvc     #0
    expect  x2, 2, 21

    adr     x1, restart_el2         // SOFT_RESTART: never returns
    ldr     x2, =RESTART_X0
    ldr     x3, =RESTART_X1
    ldr     x4, =RESTART_X2
    mov     x0, #HVC_SOFT_RESTART
    hvc     #0
    mov     x19, #22
    b       fail

    .global restart_el2
restart_el2:                        // entered at EL2 by HVC_SOFT_RESTART, MMU off
    mrs     x20, currentel
    mov     x19, #23
    cmp     x20, #0x8
    b.ne    fail
    expect  x0, RESTART_X0, 24
    expect  x1, RESTART_X1, 25
    expect  x2, RESTART_X2, 26
    mrs     x20, sctlr_el2
    mov     x19, #27
    tbnz    x20, #0, fail
    semihost_exit 0

fail:                               // exit with status x19 (EL1, or EL2 with the MMU off)
    mov     x0, #0x18
    adr     x1, fail_block
    str     x19, [x1, #8]
    hlt     #0xf000
    b       .
    .balign 8
fail_block:
    .quad   0x20026, 0
    .ltorg

    .balign 2048
host_el1_vectors:                   // EL1: every entry a dead end, exit 0x80 + n
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    dead_vector \n
    .endr

    .balign 64
    .global minihyp_params
minihyp_params:
    .skip   P_SIZE

    .balign 4096
    .global minihyp_tables
minihyp_tables:
    .global minihyp_pgd
minihyp_pgd:    .skip 4096          // level 1
minihyp_l2_id:  .skip 4096
minihyp_l3_id:  .skip 4096
minihyp_l2_hyp: .skip 4096
minihyp_l3_hyp: .skip 4096
