// smp_sgi: SGIs between PEs through ICC_SGI1R_EL1 (run with --cpus 4 on a CPU with a GICv3:
// neoverse-n1; QEMU -smp 4 with gic-version=3). PE 0 enables the distributor (GICD_CTLR)
// and starts PEs 1-3 (context ID = N). Each wakes its redistributor (PE N's frames at
// GICR_BASE + N * 0x20000), enables the SGIs, opens ICC_PMR_EL1, ICC_IGRPEN1_EL1, routes
// IRQs to EL2 (HCR_EL2.IMO), unmasks them and waits in WFI. PE 0 checks each
// redistributor's GICR_TYPER (Affinity = N, Processor_Number = N, Last only on PE 3's),
// sends SGI N to PE N by TargetList (bit N, Aff0 = N) and SGI 9 to all but itself (IRM = 1);
// each secondary's handler acknowledges (ICC_IAR1_EL1), records the INTID and EOIs:
// sgi_got[N] = { N, 9 }; after both it powers off. PE 0 waits for them to be off; its own
// SGI 9 must not be pending (IRM = 1 excludes the sender). Exits 0, 99 without a GICv3
// CPU interface, or 100 + the failed check.
    .include "common.inc"
    .include "corner.inc"
    .include "irq.inc"
    .equ PSCI_CPU_OFF,         0x84000002
    .equ PSCI_CPU_ON64,        0xc4000003
    .equ PSCI_AFFINITY_INFO64, 0xc4000004
    .equ HCR_IMO, (1 << 4)

    .text
    .global _start
_start:
    el2_setup sgi_vectors
    mrs     x0, id_aa64pfr0_el1
    ubfx    x0, x0, #24, #4
    cbnz    x0, 1f
    semihost_exit 99
1:  ldr     x0, =GICD_BASE
    mov     w1, #0x12                  // GICD_CTLR: ARE, EnableGrp1
    str     w1, [x0]
    mov     x1, #0xf
    msr     S3_4_C12_C9_5, x1          // ICC_SRE_EL2
    isb
    mov     x19, #1
2:  ldr     x0, =PSCI_CPU_ON64
    mov     x1, x19
    adr     x2, sgi_secondary
    mov     x3, x19
    smc     #0
    add     x19, x19, #1
    cmp     x19, #4
    b.ne    2b
    adr     x9, sgi_ready              // wait for PEs 1-3 to be ready
3:  ldr     w0, [x9]
    cmp     w0, #3
    b.ne    3b
    // GICR_TYPER of each redistributor: Affinity_Value, Processor_Number, Last (QEMU
    // also sets PLPIS and the LPI fields, which el2sim does not model)
    ldr     x5, =0xffffffff00ffff10
    ldr     x4, =GICR_BASE
    ldr     x0, [x4, #8]
    and     x0, x0, x5
    check   x0, 0x0000000000000000, 1
    add     x4, x4, #0x20000
    ldr     x0, [x4, #8]
    and     x0, x0, x5
    check   x0, 0x0000000100000100, 2
    add     x4, x4, #0x20000
    ldr     x0, [x4, #8]
    and     x0, x0, x5
    check   x0, 0x0000000200000200, 3
    add     x4, x4, #0x20000
    ldr     x0, [x4, #8]
    and     x0, x0, x5
    check   x0, 0x0000000300000310, 4
    // SGI N to PE N, then SGI 9 to all but this PE
    ldr     x0, =((1 << 24) | (1 << 1))
sgi_send1:
    msr     icc_sgi1r_el1, x0
    ldr     x0, =((2 << 24) | (1 << 2))
    msr     icc_sgi1r_el1, x0
    ldr     x0, =((3 << 24) | (1 << 3))
    msr     icc_sgi1r_el1, x0
    ldr     x0, =((9 << 24) | (1 << 40))
sgi_send_all:
    msr     icc_sgi1r_el1, x0
    isb
    adr     x9, sgi_done               // wait for PEs 1-3 to have taken both
6:  wfe
    ldr     w0, [x9]
    cmp     w0, #3
    b.ne    6b
    mov     x19, #1
4:  ldr     x0, =PSCI_AFFINITY_INFO64  // then until they are off
    mov     x1, x19
    mov     x2, #0
    smc     #0
    cmp     x0, #1
    b.eq    7f
    wfe                                // not yet: let it finish powering down
    b       4b
7:  add     x19, x19, #1
    cmp     x19, #4
    b.ne    4b
    ldr     x4, =GICR_BASE + 0x10000
    ldr     w0, [x4, #0x200]           // GICR_ISPENDR0 of PE 0
    check   x0, 0, 5
    adr     x4, sgi_got
    ldr     x0, [x4, #16]
    check   x0, 0x0000000900000001, 6
    ldr     x0, [x4, #32]
    check   x0, 0x0000000900000002, 7
    ldr     x0, [x4, #48]
    check   x0, 0x0000000900000003, 8
    semihost_exit 0

sgi_secondary:
    mov     x19, x0
    adr     x0, sgi_vectors
    msr     vbar_el2, x0
    ldr     x0, =(HCR_RW | HCR_IMO)
    msr     hcr_el2, x0
    ldr     x4, =GICR_BASE
    add     x4, x4, x19, lsl #17       // this PE's RD_base
    str     wzr, [x4, #0x14]           // GICR_WAKER: ProcessorSleep = 0
    add     x4, x4, #0x10000           // SGI_base
    mov     w1, #-1
    str     w1, [x4, #0x80]            // GICR_IGROUPR0: Group 1
    mov     w1, #0xffff
    str     w1, [x4, #0x100]           // GICR_ISENABLER0: the SGIs
    mov     x1, #0xf
    msr     S3_4_C12_C9_5, x1          // ICC_SRE_EL2
    isb
    mov     x1, #0xff
    msr     icc_pmr_el1, x1
    mov     x1, #1
    msr     icc_igrpen1_el1, x1
    isb
    adr     x20, sgi_got
    add     x20, x20, x19, lsl #4      // sgi_got[N]: two words
    mov     x21, #0                    // SGIs taken
    adr     x9, sgi_ready
5:  ldaxr   w0, [x9]
    add     w0, w0, #1
    stxr    w1, w0, [x9]
    cbnz    w1, 5b
    msr     daifclr, #2
sgi_wfi:
    wfi
    cmp     x21, #2
    b.ne    sgi_wfi
    msr     daifset, #2
    adr     x9, sgi_done
8:  ldxr    w0, [x9]
    add     w0, w0, #1
    stxr    w1, w0, [x9]
    cbnz    w1, 8b
    ldr     x0, =PSCI_CPU_OFF
    smc     #0
    b       .

sgi_irq:
    mrs     x0, icc_iar1_el1
    str     w0, [x20, x21, lsl #2]
    add     x21, x21, #1
    msr     icc_eoir1_el1, x0
    eret

    irq_vectors sgi_vectors, sgi_dead, sgi_irq, sgi_dead, sgi_dead
sgi_dead:
    mov     x0, #0x18
    adr     x1, 9f
    hlt     #0xf000
    b       .
    .balign 8
9:  .quad   0x20026, 98

    .data
    .balign 8
sgi_ready: .word 0
sgi_done:  .word 0
sgi_got:   .quad 0, 0, 0, 0, 0, 0, 0, 0
