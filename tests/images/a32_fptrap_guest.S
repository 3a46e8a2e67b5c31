// a32_fptrap_guest.S - the A32 guest of a32_fptrap.S and a32_fpundef.S (assembled for
// AArch32, included as raw bytes at `guest`; every instruction is 32-bit). Offsets from
// the start are fixed (.org) so that the AArch64 EL2s can enter each part.
    .syntax unified
    .arch armv8-a
    .fpu crypto-neon-fp-armv8
    .arm
// 0x000: a32_fptrap's EL1 (Supervisor mode; CPACR = 0, FPEXC.EN = 0 from reset)
    mov     r0, #0x00f00000                 // CPACR.cp10, cp11 = 0b11: full access
    mcr     p15, 0, r0, c1, c0, 2
    isb
    mov     r0, #0x40000000
    vmsr    fpexc, r0                       // FPEXC.EN (el2sim's FPEXC32_EL2)
    vmrs    r1, fpexc
    vmrs    r2, mvfr0                       // the CPU model's
    vmov    s0, r0                          // allowed: runs on the engine
    vmov    r3, s0
    bl      fp_sub                          // 0x24: untrapped: its block is learned without hooks
    hvc     #3                              // EL2 checks r1-r3 and FPEXC32_EL2, sets HCR_EL2.TID0, TID3
    vmrs    r5, mvfr1                       // 0x2c: TID3: EC 0x08 to EL2, stepped over
    vmrs    r4, fpsid                       // 0x30: TID0: EC 0x08
    hvc     #1                              // EL2 clears TID0/TID3, sets CPTR_EL2.TFP
    bl      fp_sub                          // 0x38: the same block, learned again: traps at 0xf0
    vadd.f32 s0, s1, s2                     // 0x3c: EC 0x07 to EL2, stepped over
    vldr    d0, [r0]                        // 0x40
    vmrs    r4, fpscr                       // 0x44
    vmrs    r4, fpexc                       // 0x48: CPTR_EL2.TFP traps FPEXC too
    vadd.i32 q0, q1, q2                     // 0x4c: Advanced SIMD (unconditional: COND 0xE)
    movs    r5, #0                          // Z = 1
    vaddne.f32 s0, s1, s2                   // 0x54: fails its condition: a NOP, not trapped
    mov     r0, #0x00500000                 // CPACR.cp10, cp11 = 0b01: PL1 only
    mcr     p15, 0, r0, c1, c0, 2
    isb
    hvc     #2                              // 0x64: EL2 clears TFP, sets TGE: to 0x100 in User mode
    .org    0xf0
fp_sub:
    vadd.f32 s3, s3, s4                     // 0xf0
    bx      lr
    .org    0x100
// 0x100: a32_fptrap's EL0 (User mode, HCR_EL2.TGE = 1): UNDEFINED to EL2 (EC 0x00)
    vadd.f32 s0, s1, s2                     // 0x100: CPACR.cp10 = 0b01 at EL0
    vmrs    r0, fpexc                       // 0x104: FPEXC at EL0
    svc     #0                              // 0x108: EL2 goes back to EL1 at 0x180, TFP set
    .org    0x180
    vaddeq.f32 s0, s1, s2                   // 0x180: Z = 1 (movs above): passes, trapped: COND 0x0
    hvc     #4                              // 0x184: the end
    .org    0x200
// 0x200: a32_fpundef's EL1 (Supervisor mode): CPACR and FPEXC.EN make FP UNDEFINED,
// taken to the AArch32 EL1's Undefined mode (VBAR + 0x04), whose handler counts in r6
    adr     r0, el1_vectors
    mcr     p15, 0, r0, c12, c0, 0          // VBAR
    mov     r6, #0
    vmrs    r1, fpexc                       // 0x20c: CPACR.cp10 = 0b00: UNDEFINED
    mov     r0, #0x00f00000
    mcr     p15, 0, r0, c1, c0, 2
    isb
    vadd.f32 s0, s1, s2                     // 0x21c: FPEXC.EN = 0: UNDEFINED
    vmrs    r1, fpexc                       // 0x220: not affected by FPEXC.EN: EN clear
    mov     r0, #0x80000000                 // CPACR.ASEDIS
    orr     r0, r0, #0x00f00000
    mcr     p15, 0, r0, c1, c0, 2
    isb
    mov     r0, #0x40000000
    vmsr    fpexc, r0
    vmov    s0, r0                          // 0x23c: floating-point: allowed
    vadd.i32 q0, q1, q2                     // 0x240: Advanced SIMD with ASEDIS: UNDEFINED
    hvc     #5                              // 0x244: EL2 checks r6 = 3, r1 (EN clear)
    .balign 32
el1_vectors:
    b       .
    b       el1_undef                       // +0x04
    .rept 6
    b       .
    .endr
el1_undef:
    add     r6, r6, #1
    movs    pc, lr                          // LR: the instruction + 4
