// a32_mmu_s2_guest: the A32 EL1 (Supervisor mode) of a32_mmu_s2.S (issue 21, AArch32 with
// the MMU on), assembled with arm-linux-gnueabihf-as and included as raw bytes: three
// pages, position-independent. Its stage 1 is off (SCTLR.M = 0: VA = IPA); the AArch64
// EL2 runs it under stage 2, where page 1 is not mapped and page 2 is execute-never until
// the faults they take. R4 holds the address of a data page stage 2 does not map (the EL2
// sets X4 before the ERET after HVC #0x33).
    .syntax unified
    .arch armv7ve
    .text
    .arm
page0:                                  // offset 0x0000
    movw    r0, #0x1234
    b       page1                       // Instruction Abort: stage 2 Translation fault
    .balign 0x1000
page1:                                  // offset 0x1000
    movw    r1, #0x5678
    b       page2                       // Instruction Abort: stage 2 Permission fault (XN)
    .balign 0x1000
page2:                                  // offset 0x2000
    movw    r2, #0x9abc
    hvc     #0x33                       // EL2 checks R0-R2, sets R4
data_load:                              // offset 0x2008
    ldr     r3, [r4]                    // Data Abort: stage 2 Translation fault
    hvc     #0x44                       // EL2 checks R3: the end
    b       .
