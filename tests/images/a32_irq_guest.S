// a32_irq_guest: an AArch32 EL1 taking interrupts (a32_irq.S; issue 21), assembled with
// arm-linux-gnueabihf-as and included as raw bytes. Each step is one row of the routing
// (AArch32.TakePhysicalIRQException and friends under an AArch64 EL2):
//  1. HCR_EL2.IMO = 1, CPSR.I = 1: CNTP (CVAL = 0) enabled by MCR CNTP_CTL is taken to EL2
//     (VBAR_EL2 + 0x680) right after the MCR: I does not mask an IRQ routed to EL2.
//  2. IMO = 0, I = 1: CNTP pending, masked; CPSIE I takes it to IRQ mode (VBAR + 0x18,
//     LR_irq = the next instruction + 4, SPSR_irq the CPSR).
//  3. I = 1: CNTP armed with TVAL; WFI wakes on it though it is masked; CPSIE I takes it.
//  4. HCR_EL2.{IMO,VI} = {1,1} (HVC #1): a virtual IRQ to IRQ mode at the HVC's return.
//  5. HCR_EL2.{FMO,VF} = {1,1} (HVC #3): a virtual FIQ, masked by F until CPSIE F, to FIQ
//     mode (VBAR + 0x1C, A, I, F set).
//  6. HCR_EL2.{AMO,VSE} = {1,1} (HVC #5): a virtual SError, masked by A until CPSIE A,
//     to Abort mode (VBAR + 0x10, LR_abt = preferred return + 8, DFSR 0x406: the
//     short-descriptor asynchronous external abort, FS 0b10110).
//  7. HVC #0: the EL2 checks R5 (IRQs taken at EL1), R7 (FIQs), R8 (DFSR) and exits.
// The IRQ handler turns CNTP off and asks the EL2 (HVC #2) to clear VI.
    .syntax unified
    .arch armv7ve
    .arch_extension virt
    .text
    .arm
vectors:                                // offset 0x00: VBAR_EL1
    b       .                           // 0x00
    b       .                           // 0x04 Undefined Instruction
    b       .                           // 0x08 Supervisor Call
    b       .                           // 0x0c Prefetch Abort
    b       abt_handler                 // 0x10 Data Abort (the virtual SError)
    b       .                           // 0x14
    b       irq_handler                 // 0x18 IRQ
    b       fiq_handler                 // 0x1c FIQ
el1_start:                              // offset 0x20: Supervisor mode, A/I/F masked, IMO = 1
    mov     sp, #0x8000
    mov     r5, #0
    mov     r7, #0
    mov     r8, #0
    mov     r0, #1
    mcr     p15, 0, r0, c14, c2, 1      // 0x34: CNTP_CTL = ENABLE: to EL2 after it
    mov     r0, #1                      // 0x38 (t1_after); the EL2 cleared IMO
    mcr     p15, 0, r0, c14, c2, 1      // 0x3c: pending, masked by I
    nop                                 // 0x40
    cpsie   i                           // 0x44: taken after it
    cmp     r5, #1                      // 0x48 (t2_after)
    bne     .
    cpsid   i                           // 0x50
    ldr     r0, =1000
    mcr     p15, 0, r0, c14, c2, 0      // 0x58: CNTP_TVAL = 1000 ticks
    mov     r0, #1
    mcr     p15, 0, r0, c14, c2, 1      // 0x60: CNTP_CTL = ENABLE
    wfi                                 // 0x64: woken by the masked IRQ
    cmp     r5, #1                      // 0x68: not taken yet
    bne     .
    cpsie   i                           // 0x70
    cmp     r5, #2                      // 0x74 (t3_after)
    bne     .
    hvc     #1                          // 0x7c: VI, IMO
    cmp     r5, #3                      // 0x80 (t4_at): the virtual IRQ is taken here
    bne     .
    hvc     #3                          // 0x88: VF, FMO
    cmp     r7, #0                      // 0x8c: masked by F
    bne     .
    cpsie   f                           // 0x94
    cmp     r7, #1                      // 0x98 (t5_after)
    bne     .
    hvc     #5                          // 0xa0: VSE, AMO
    cmp     r8, #0                      // 0xa4: masked by A
    bne     .
    cpsie   a                           // 0xac
    cmp     r8, #0                      // 0xb0 (t6_after)
    beq     .
    hvc     #0                          // 0xb8: the EL2's checks
    b       .
irq_handler:
    add     r5, r5, #1
    mov     r0, #0
    mcr     p15, 0, r0, c14, c2, 1      // CNTP_CTL = 0: the PPI goes away
    hvc     #2                          // the EL2 clears HCR_EL2.VI
    subs    pc, lr, #4
fiq_handler:
    add     r7, r7, #1
    hvc     #4                          // the EL2 clears HCR_EL2.VF
    subs    pc, lr, #4
abt_handler:
    mrc     p15, 0, r8, c5, c0, 0       // DFSR
    subs    pc, lr, #8
    .ltorg
