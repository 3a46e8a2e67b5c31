// hyp32_irq: interrupts on the Hyp-mode machine (issue 21; --arch aarch32 --cpu cortex-a15).
// Physical IRQs are the generic timers' PPIs with CVAL = 0 (CNTHP 26, CNTP 30), asserted
// from the MCR that enables them; under QEMU they reach the PE through its GICv2, which
// gic_setup enables there only (el2sim models no GICv2: it tells them apart by ID_PFR1's
// Security field, 0 on QEMU's virt machine without EL3, 1 on el2sim's cortex-a15).
//  1. Hyp mode, HCR.IMO = 0, CPSR.I = 1: CNTHP pending (ISR.I) and masked; taken to Hyp
//     mode (HVBAR + 0x18) after CPSIE I, ELR_hyp the next instruction: in Hyp mode an IRQ
//     is Hyp mode's whatever HCR.IMO says (AArch32.TakePhysicalIRQException: "elsif
//     PSTATE.EL == EL2 || route_to_hyp then AArch32.EnterHypMode"; QEMU 7.2 alike).
//  3. Hyp mode, IMO = 1, I = 1: CNTHP armed with TVAL; WFI wakes on it though it is
//     masked; CPSIE I takes it.
//  4. ERET to Supervisor mode (A, I, F masked), IMO = 1: CNTP is taken to Hyp mode at
//     HVBAR + 0x18 (not the Hyp Trap entry) right after the MCR, CPSR.I no mask for Hyp.
//  5. IMO = 0 (HVC #1): CNTP to IRQ mode (VBAR + 0x18) after CPSIE I, LR_irq = + 4.
//  6. HCR.{VI,IMO} (HVC #2): a virtual IRQ to IRQ mode at the HVC's return.
//  7. HCR.{VF,FMO} (HVC #4): a virtual FIQ to FIQ mode (VBAR + 0x1C) after CPSIE F.
//  8. HCR.{VA,AMO} (HVC #6): a virtual abort to Abort mode (VBAR + 0x10, LR + 8, DFSR
//     0x406) after CPSIE A; taking it clears VA.
//  9. HVC #0: Hyp mode checks the counts, LR_irq/fiq/abt, SPSR_irq and DFSR; exit 0, or
//     SYS_EXIT_EXTENDED with the number of the failed check.
    .syntax unified
    .arch armv7ve
    .arch_extension virt
    .text
    .arm
    .global _start
_start:
    ldr     r0, =hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      // HVBAR
    ldr     r0, =svc_vectors
    mcr     p15, 0, r0, c12, c0, 0      // VBAR
    mrc     p15, 0, r0, c0, c1, 1       // ID_PFR1
    ubfx    r0, r0, #4, #4              // Security: 0 under QEMU's virt machine
    cmp     r0, #0
    bne     1f
    ldr     r0, =0x08000000             // GICD
    mov     r1, #1
    str     r1, [r0]                    // GICD_CTLR: enable
    ldr     r1, =(1 << 26) | (1 << 30)
    str     r1, [r0, #0x100]            // GICD_ISENABLER0: CNTHP, CNTP
    ldr     r0, =0x08010000             // GICC
    mov     r1, #0xff
    str     r1, [r0, #4]                // GICC_PMR
    mov     r1, #1
    str     r1, [r0]                    // GICC_CTLR: enable
1:  mov     r0, #0
    mov     r1, #0
    mcrr    p15, 6, r0, r1, c14         // CNTHP_CVAL = 0
    mcrr    p15, 2, r0, r1, c14         // CNTP_CVAL = 0
    mcr     p15, 4, r0, c1, c1, 0       // HCR = 0
    ldr     r2, =hyp_irqs
    mov     r0, #1
    .global t1_arm
t1_arm:
    mcr     p15, 4, r0, c14, c2, 1      // CNTHP_CTL = ENABLE: pending, masked by I
    isb
    mrc     p15, 0, r1, c12, c1, 0      // ISR
    tst     r1, #0x80                   // I: an IRQ pending
    beq     fail1
    ldr     r3, [r2]
    cmp     r3, #0
    bne     fail2
    cpsie   i                           // taken after it, though HCR.IMO = 0
    .global t1_after
t1_after:
    ldr     r3, [r2]
    cmp     r3, #1
    bne     fail3
    mov     r0, #0x10                   // HCR.IMO
    mcr     p15, 4, r0, c1, c1, 0
    cpsid   i
    ldr     r0, =1000
    mcr     p15, 4, r0, c14, c2, 0      // CNTHP_TVAL = 1000 ticks
    mov     r0, #1
    mcr     p15, 4, r0, c14, c2, 1      // CNTHP_CTL = ENABLE
    .global t3_wfi
t3_wfi:
    wfi                                 // woken, though masked
    ldr     r3, [r2]
    cmp     r3, #1
    bne     fail5
    cpsie   i
    .global t3_after
t3_after:
    ldr     r3, [r2]
    cmp     r3, #2
    bne     fail5
    cpsid   i
    ldr     r0, =svc_code
    msr     ELR_hyp, r0
    mov     r0, #0x1d3                  // Supervisor mode, A/I/F masked
    msr     spsr_cxsf, r0
    eret

    .global svc_code
svc_code:
    ldr     sp, =0x40310000
    mov     r4, #0                      // IRQs taken in IRQ mode
    mov     r5, #0                      // FIQs taken in FIQ mode
    mov     r6, #0                      // DFSR of the virtual abort
    mov     r0, #1
    mcr     p15, 0, r0, c14, c2, 1      // CNTP_CTL = ENABLE: to Hyp mode (IMO)
    .global t4_after
t4_after:
    hvc     #1                          // IMO = 0
    mov     r0, #1
    mcr     p15, 0, r0, c14, c2, 1      // CNTP: pending, masked by I
    isb
    cpsie   i
    .global t5_after
t5_after:
    hvc     #2                          // VI, IMO
    .global t6_at
t6_at:
    hvc     #4                          // VF, FMO
    cpsie   f
    .global t7_after
t7_after:
    hvc     #6                          // VA, AMO
    cpsie   a
    .global t8_after
t8_after:
    hvc     #0                          // the checks
    b       .

    .balign 32
    .global svc_vectors
svc_vectors:
    b       .
    b       .
    b       .
    b       .
    b       svc_abt                     // 0x10: Data Abort (the virtual abort)
    b       .
    b       svc_irq                     // 0x18
    b       svc_fiq                     // 0x1c
svc_irq:
    add     r4, r4, #1
    mov     r0, #0
    mcr     p15, 0, r0, c14, c2, 1      // CNTP off
    hvc     #3                          // VI off
    subs    pc, lr, #4
svc_fiq:
    add     r5, r5, #1
    hvc     #5                          // VF off
    subs    pc, lr, #4
svc_abt:
    mrc     p15, 0, r6, c5, c0, 0       // DFSR
    subs    pc, lr, #8

    .balign 32
    .global hyp_vectors
hyp_vectors:
    b       .
    b       .
    b       .
    b       .
    b       .
    b       hyp_trap                    // 0x14
    b       hyp_irq                     // 0x18
    b       .
hyp_irq:
    ldr     r11, =hyp_irqs
    ldr     r12, [r11]
    add     r12, r12, #1
    str     r12, [r11]
    mov     r12, #0
    mcr     p15, 4, r12, c14, c2, 1     // CNTHP off
    mcr     p15, 0, r12, c14, c2, 1     // CNTP off
    eret
hyp_trap:
    mrc     p15, 4, r11, c5, c2, 0      // HSR
    ubfx    r12, r11, #0, #16           // the HVC's imm16
    mrc     p15, 4, r10, c1, c1, 0      // HCR
    cmp     r12, #0
    beq     checks
    cmp     r12, #1
    biceq   r10, r10, #0x10             // IMO
    cmp     r12, #2
    orreq   r10, r10, #0x90             // VI, IMO
    cmp     r12, #3
    biceq   r10, r10, #0x80             // VI
    cmp     r12, #4
    orreq   r10, r10, #0x48             // VF, FMO
    cmp     r12, #5
    biceq   r10, r10, #0x40             // VF
    cmp     r12, #6
    orreq   r10, r10, #0x120            // VA, AMO
    mcr     p15, 4, r10, c1, c1, 0
    isb
    eret
checks:
    ldr     r11, =hyp_irqs
    ldr     r12, [r11]
    cmp     r12, #3                     // three IRQs taken to Hyp mode
    bne     fail6
    cmp     r4, #2                      // two to IRQ mode
    bne     fail7
    cmp     r5, #1                      // one FIQ
    bne     fail8
    ldr     r12, =0x406                 // DFSR: asynchronous external abort
    cmp     r6, r12
    bne     fail9
    tst     r10, #0x100                 // HCR.VA cleared by taking it
    bne     fail10
    mrs     r12, LR_irq
    ldr     r11, =t6_at + 4
    cmp     r12, r11
    bne     fail11
    mrs     r12, LR_fiq
    ldr     r11, =t7_after + 4
    cmp     r12, r11
    bne     fail11
    mrs     r12, LR_abt
    ldr     r11, =t8_after + 8
    cmp     r12, r11
    bne     fail11
    mrs     r12, SPSR_irq               // Supervisor mode, I clear, A and F set
    and     r12, r12, #0xff
    cmp     r12, #0x53
    bne     fail12
    mov     r0, #0x18                   // SYS_EXIT
    ldr     r1, =0x20026                // ADP_Stopped_ApplicationExit
    svc     #0x123456
    b       .
fail1:  mov r3, #1
        b   fail
fail2:  mov r3, #2
        b   fail
fail3:  mov r3, #3
        b   fail
fail4:  mov r3, #4
        b   fail
fail5:  mov r3, #5
        b   fail
fail6:  mov r3, #6
        b   fail
fail7:  mov r3, #7
        b   fail
fail8:  mov r3, #8
        b   fail
fail9:  mov r3, #9
        b   fail
fail10: mov r3, #10
        b   fail
fail11: mov r3, #11
        b   fail
fail12: mov r3, #12
fail:
    ldr     r1, =exit_block
    str     r3, [r1, #4]
    mov     r0, #0x20                   // SYS_EXIT_EXTENDED
    svc     #0x123456
    b       .
    .pool

    .data
    .balign 4
hyp_irqs:
    .word   0
exit_block:
    .word   0x20026, 0
