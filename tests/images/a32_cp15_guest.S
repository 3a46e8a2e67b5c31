// a32_cp15_guest: AArch32 EL1 code for a32_cp15.S (issue 21), assembled with
// arm-linux-gnueabihf-as and included as raw bytes. Untrapped MCR/MRC/MCRR/MRRC reach
// the AArch64 registers they are mapped to; then one access per trap kind (EC 0x03 by
// HCR_EL2.TID3 and HSTR_EL2.T9, 0x04 by HSTR_EL2.T7, 0x05 by MDCR_EL2.TDOSA, a
// conditional one with COND 0), SMC with HCR_EL2.TSC (0x13), HVC #2 for EL2's checks,
// then WFE with HCR_EL2.TWE (the first consumes the Event Register the ERET set), then
// TPIDRURW/TPIDRURO/TPIDRPRW written and read back (HVC #3: EL2 checks them, exits).
    .syntax unified
    .arch armv7ve
    .arch_extension sec
    .text
    .arm
cp_el1:
    mrc     p15, 0, r0, c0, c0, 0       // MIDR: reads VPIDR_EL2 at EL1
    movw    r1, #0x2000
    mcr     p15, 0, r1, c12, c0, 0      // VBAR := 0x2000 (VBAR_EL1)
    mrc     p15, 0, r2, c6, c0, 2       // IFAR: FAR_EL1[63:32]
    mrc     p15, 0, r3, c6, c0, 0       // DFAR: FAR_EL1[31:0]
    movw    r4, #0x4000
    movt    r4, #0x4000
    mov     r5, #0x10000
    mcrr    p15, 0, r4, r5, c2          // TTBR0 (64-bit) := 0x00010000_40004000
    mrrc    p15, 0, r6, r7, c2          // and back
    movw    r8, #0x5555
    mcr     p15, 0, r8, c3, c0, 0       // DACR := 0x5555 (DACR32_EL2)
    mrc     p15, 0, r3, c0, c1, 0       // ID_PFR0: TID3 -> EC 0x03
    mcr     p15, 0, r0, c9, c12, 0      // PMCR: HSTR_EL2.T9 -> EC 0x03
    mrrc    p15, 0, r10, r11, c7        // PAR (64-bit): HSTR_EL2.T7 -> EC 0x04
    mrc     p14, 0, r12, c1, c1, 4      // DBGOSLSR: MDCR_EL2.TDOSA -> EC 0x05
    cmp     r0, r0                      // Z = 1
    mrceq   p15, 0, r3, c0, c1, 1       // ID_PFR1, passes: EC 0x03, CV 1, COND 0
    mrcne   p15, 0, r3, c0, c1, 1       // fails its condition: no trap
    smceq   #0                          // HCR_EL2.TSC: EC 0x13, COND 0
    hvc     #2                          // EL2 checks R0-R8 and the registers
    wfe                                 // the ERET's event: completes
    wfe                                 // HCR_EL2.TWE: EC 0x01, TI 1
    movw    r4, #0x5678
    movt    r4, #0x1234
    mcr     p15, 0, r4, c13, c0, 2      // TPIDRURW := R4 (TPIDR_EL0[31:0], the engine's)
    mrc     p15, 0, r5, c13, c0, 2      // and back
    add     r4, r4, #1
    mcr     p15, 0, r4, c13, c0, 3      // TPIDRURO := R4 + 1 (TPIDRRO_EL0, the engine's)
    mrc     p15, 0, r6, c13, c0, 3
    add     r4, r4, #1
    mcr     p15, 0, r4, c13, c0, 4      // TPIDRPRW := R4 + 2 (TPIDR_EL1)
    mrc     p15, 0, r7, c13, c0, 4
    hvc     #3                          // EL2 checks R5-R7 and TPIDR_EL0, then exits
    b       .
