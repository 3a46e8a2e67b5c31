// smp_tlbi: TLBI broadcast (run with --cpus 2). Both PEs translate with the same EL2
// tables (E2H = 0, 4 KiB): a window page at VA W maps PA1 (0x1111). PE 1 reads W (0x1111,
// now in its TLB) and waits; PE 0 rewrites W's level 3 descriptor to PA2 (0x2222) and
// issues TLBI VAE2IS (at tlbi_op) + DSB ISH: the invalidation reaches
// every PE in the Inner Shareable domain (Arm ARM D8.13.2 "TLB maintenance instructions":
// the IS forms apply to all PEs of the domain; completed by the DSB), so PE 1's next read
// of W must give 0x2222. PE 1 stores what it read into tlbi_seen[0..1]. Exit 0, or 100 + n
// for the check n that failed (101: PE 1's first read, 102: its read after the TLBI).
    .include "common.inc"
    .include "corner.inc"
    .include "mmu.inc"
    .equ PSCI_CPU_OFF,         0x84000002
    .equ PSCI_CPU_ON64,        0xc4000003
    .equ PSCI_AFFINITY_INFO64, 0xc4000004
    .equ L1, TABLES
    .equ L2, TABLES + 0x1000
    .equ L3, TABLES + 0x2000
    .equ L2W, TABLES + 0x3000
    .equ L3W, TABLES + 0x4000
    .equ W, 0x80000000
    .equ PA1, 0x40140000
    .equ PA2, 0x40141000
    .equ TCR_EL2_VALUE, (TCR_EL2_BASE | TG0_4K | 25)

    .text
    .global _start
_start:
    el2_setup vectors
    zero_mem TABLES, 0x5000
    pt_set  PA1, 0, 0x1111
    pt_set  PA2, 0, 0x2222
    pt_set  L1, 1, L2 + D_TABLE
    pt_set  L1, 2, L2W + D_TABLE
    pt_set  L2, 0, L3 + D_TABLE
    pt_fill L2, 1, 63, 0x40200000 + BLOCK_RW, 0x200000
    pt_fill L3, 0, 512, 0x40000000 + PAGE_RW, 0x1000
    pt_set  L2W, 0, L3W + D_TABLE
    pt_set  L3W, 0, PA1 + PAGE_RW
    el2_mmu_on L1, TCR_EL2_VALUE
    ldr     x0, =PSCI_CPU_ON64
    mov     x1, #1
    adr     x2, tlbi_secondary
    mov     x3, #1
    smc     #0
    adr     x9, tlbi_flag
1:  ldr     w0, [x9]                   // PE 1 has W in its TLB
    cmp     w0, #1
    b.ne    1b
    ldr     x7, =L3W
    ldr     x1, =PA2 + PAGE_RW
    str     x1, [x7]
    dsb     ish
    ldr     x1, =(W >> 12)
tlbi_op:
    tlbi    vae2is, x1
    dsb     ish
    isb
    mov     w0, #2
    str     w0, [x9]
    mov     x19, #1
2:  ldr     x0, =PSCI_AFFINITY_INFO64  // wait until PE 1 is off
    mov     x1, #1
    mov     x2, #0
    smc     #0
    cmp     x0, #1
    b.ne    2b
    adr     x1, tlbi_seen
    ldr     x6, [x1]
    check   x6, 0x1111, 1
    ldr     x6, [x1, #8]
    check   x6, 0x2222, 2
    semihost_exit 0

tlbi_secondary:
    el2_mmu_on L1, TCR_EL2_VALUE       // its own TLBIs (not IS) only drop its own TLB
    ldr     x8, =W
    adr     x9, tlbi_flag
    adr     x10, tlbi_seen
    ldr     x6, [x8]
    str     x6, [x10]
    mov     w0, #1
    str     w0, [x9]
1:  ldr     w0, [x9]
    cmp     w0, #2
    b.ne    1b
    ldr     x6, [x8]
    str     x6, [x10, #8]
    ldr     x0, =PSCI_CPU_OFF
    smc     #0
    b       .

    .balign 2048
vectors:
    .rept 16
    dead_vector 0
    .endr

    .data
    .balign 8
tlbi_flag: .word 0, 0
tlbi_seen: .quad 0, 0
