// mmu_asid: two EL1&0 address spaces with different code at the same virtual address
// (as a kernel's processes have): VA 0x10000000 is, through table set A, a function
// returning 1 and, through table set B (TTBR0_EL1 switched, TLBI VMALLE1), one returning
// TPIDR_EL1 by MRS. Both run from the same call site, twice each, alternating; each must
// return its own value (Arm ARM D8.13: after the TTBR0 write and the TLBI, the new
// translation is used). Exit status 0, or 100 + n for the first check n that failed.
    .include "common.inc"
    .include "corner.inc"
    .include "mmu.inc"
    .text
    .global _start

    .equ TA_L1, TABLES                 // set A: L1 (1 GiB identity block) + L2 -> L3
    .equ TA_L2, TABLES + 0x1000
    .equ TA_L3, TABLES + 0x2000
    .equ TB_L1, TABLES + 0x3000        // set B: the same, another L3
    .equ TB_L2, TABLES + 0x4000
    .equ TB_L3, TABLES + 0x5000
    .equ FUNC_VA, 0x10000000
    .equ CODE_A, 0x40110000
    .equ CODE_B, 0x40111000
    .equ TCR_VALUE, (25 | EPD1 | TG0_4K | TG1_4K | IPS_40 | TCR_WALK0)

_start:
    el2_setup stub_vectors
    zero_mem TABLES, 0x6000
    pt_set  TA_L1, 1, 0x40000000 + BLOCK_RW
    pt_set  TA_L1, 0, TA_L2 + D_TABLE
    pt_set  TA_L2, 0x80, TA_L3 + D_TABLE       // VA 0x10000000: L2 index 0x80
    pt_set  TA_L3, 0, CODE_A + PAGE_RW
    pt_set  TB_L1, 1, 0x40000000 + BLOCK_RW
    pt_set  TB_L1, 0, TB_L2 + D_TABLE
    pt_set  TB_L2, 0x80, TB_L3 + D_TABLE
    pt_set  TB_L3, 0, CODE_B + PAGE_RW
    // CODE_A: mov x0, #1; ret     CODE_B: mrs x0, tpidr_el1; ret
    ldr     x0, =CODE_A
    ldr     w1, =0xd2800020
    str     w1, [x0]
    ldr     w1, =0xd65f03c0
    str     w1, [x0, #4]
    ldr     x0, =CODE_B
    ldr     w1, =0xd538d080
    str     w1, [x0]
    ldr     w1, =0xd65f03c0
    str     w1, [x0, #4]
    dsb     sy
    ic      iallu
    isb
    ldr     x0, =SCTLR_EL1_MMU - 0x1805
    msr     sctlr_el1, x0
    drop_to_el1 el1_start

el1_start:
    ldr     x0, =MAIR_VALUE
    msr     mair_el1, x0
    ldr     x0, =TCR_VALUE
    msr     tcr_el1, x0
    ldr     x0, =0x1234
    msr     tpidr_el1, x0
    ldr     x0, =TA_L1
    msr     ttbr0_el1, x0
    isb
    ldr     x0, =SCTLR_EL1_MMU
    msr     sctlr_el1, x0
    isb
    mov     x19, #0                     // round
1:  ldr     x0, =TA_L1
    msr     ttbr0_el1, x0
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    mov     x0, #0
    bl      call_func
    check   x0, 1, 1
    ldr     x0, =TB_L1
    msr     ttbr0_el1, x0
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    mov     x0, #0
    bl      call_func
    check   x0, 0x1234, 2
    add     x19, x19, #1
    cmp     x19, #2
    b.ne    1b
    mov     x0, #0
a_exit:
    hvc     #0x1e0
    b       .

call_func:                              // one call site for both address spaces
    ldr     x1, =FUNC_VA
    br      x1
    .ltorg

stub_hvc:
    mrs     x5, esr_el2
    and     x9, x5, #0xffff
    hvc_exit_or_fail

    lower_sync_vectors stub_vectors, stub_hvc
