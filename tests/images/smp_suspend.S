// smp_suspend: PSCI CPU_SUSPEND woken by another PE's SGI (run with --cpus 2 on a CPU with
// a GICv3: neoverse-n1). PE 1 enables its SGIs with DAIF masked and calls CPU_SUSPEND in a
// standby state: nothing of its own can wake it, PE 0's SGI 1 does and the call returns
// SUCCESS (susp_res[0] = 0); PE 1 acknowledges the SGI and calls CPU_SUSPEND in a powerdown
// state with entry smp_susp_resume and context ID 0x5151: PE 0's SGI 2 wakes it there with
// x0 = 0x5151 (susp_res[1]) at EL2, and it powers off. PE 0 waits for each step (susp_ready)
// and exits 0 once PE 1 is off; 99 without a GICv3.
    .include "common.inc"
    .include "irq.inc"
    .equ PSCI_CPU_SUSPEND64,   0xc4000001
    .equ PSCI_CPU_OFF,         0x84000002
    .equ PSCI_CPU_ON64,        0xc4000003
    .equ PSCI_AFFINITY_INFO64, 0xc4000004
    .equ HCR_IMO, (1 << 4)

    .text
    .global _start
_start:
    ldr     x0, =STACK_EL2
    mov     sp, x0
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
    ldr     x0, =PSCI_CPU_ON64
    mov     x1, #1
    adr     x2, susp_secondary
    mov     x3, #1
    smc     #0
    adr     x9, susp_ready
2:  ldr     w0, [x9]                   // PE 1 is about to suspend (standby)
    cmp     w0, #1
    b.ne    2b
    ldr     x0, =((1 << 24) | (1 << 1))   // SGI 1 to PE 1
smp_susp_sgi1:
    msr     icc_sgi1r_el1, x0
3:  ldr     w0, [x9]                   // it returned, and is about to power down
    cmp     w0, #2
    b.ne    3b
    ldr     x0, =((2 << 24) | (1 << 1))   // SGI 2 to PE 1
smp_susp_sgi2:
    msr     icc_sgi1r_el1, x0
4:  ldr     x0, =PSCI_AFFINITY_INFO64
    mov     x1, #1
    mov     x2, #0
    smc     #0
    cmp     x0, #1                     // OFF
    b.ne    4b
    semihost_exit 0

susp_secondary:
    ldr     x0, =(HCR_RW | HCR_IMO)
    msr     hcr_el2, x0
    ldr     x4, =GICR_BASE
    add     x4, x4, #0x20000           // PE 1's RD_base
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
    adr     x20, susp_res
    adr     x9, susp_ready
    mov     w0, #1
    str     w0, [x9]
    ldr     x0, =PSCI_CPU_SUSPEND64
    mov     x1, #0                     // standby
smp_susp_standby:
    smc     #0
    str     x0, [x20]
    mrs     x0, icc_iar1_el1           // SGI 1: no longer pending
    msr     icc_eoir1_el1, x0
    adr     x9, susp_ready
    mov     w0, #2
    str     w0, [x9]
    ldr     x0, =PSCI_CPU_SUSPEND64
    mov     x1, #(1 << 16)             // powerdown
    adr     x2, smp_susp_resume
    ldr     x3, =0x5151
smp_susp_down:
    smc     #0
    b       .

smp_susp_resume:
    adr     x20, susp_res
    str     x0, [x20, #8]
    ldr     x0, =PSCI_CPU_OFF
    smc     #0
    b       .
    .ltorg

    .data
    .balign 8
susp_ready: .word 0, 0
susp_res:   .quad -1, -1
