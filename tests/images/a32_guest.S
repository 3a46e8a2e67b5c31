// a32_guest: AArch32 code for a32_traps.S and t32_traps.S (issue 21), assembled with
// arm-linux-gnueabihf-as and included as raw bytes (.incbin): position-independent, at
// fixed offsets from its start. EL1 (Supervisor mode) part, then an EL0 (User mode) part
// the EL2 puts it in with HCR_EL2.TGE = 1 after HVC #1.
    .syntax unified
    .arch armv7ve
    .text
    .arm
a32_el1:                                // offset 0x000: A32 at EL1
    movw    r0, #0x1234
    movw    r9, #0x99                   // R9 (X9 at EL2): shared by every mode
    hvc     #0x5a5                      // EC 0x12, ISS 0x5a5
    mcr     p15, 0, r0, c1, c0, 0       // SCTLR write: HCR_EL2.TVM -> EC 0x03
    mrc     p15, 0, r1, c2, c0, 0       // TTBR0 read: HCR_EL2.TRVM -> EC 0x03
    wfi                                 // HCR_EL2.TWI -> EC 0x01
    hvc     #1                          // EL2: on to EL0 with TGE = 1
    b       .
    .balign 0x100
a32_el0:                                // offset 0x100: A32 at EL0
    mov     r2, #0x42
    svc     #0x10042                    // EC 0x11, ISS imm24<15:0> = 0x0042
    b       .

    .balign 0x100
    .thumb
t32_el1:                                // offset 0x200: T32 at EL1
    movw    r0, #0x1234
    movw    r9, #0x99
    hvc     #0x5a5
    mcr     p15, 0, r0, c1, c0, 0
    mrc     p15, 0, r1, c2, c0, 0
    wfi                                 // 16-bit: IL = 0, ELR + 2 to step over
    hvc     #1
    b       .
    .balign 0x100
t32_el0:                                // offset 0x300: T32 at EL0
    movs    r2, #0x42
    svc     #0x42                       // 16-bit: EC 0x11, IL = 0, ISS 0x42
    b       .
