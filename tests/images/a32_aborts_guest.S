// a32_aborts_guest: memory aborts from an AArch32 EL1 and EL0 (a32_aborts.S; issue 21),
// assembled with arm-linux-gnueabihf-as and included as raw bytes. HCR_EL2.TGE = 0: the
// EL1's Data Aborts go to its Abort mode (vector 0x10, LR_abt = the instruction + 8,
// DFSR/DFAR), its fetch abort likewise (vector 0x0C, LR_abt = the address + 4, IFSR/IFAR).
// The handlers log FSR, FAR and LR_abt at SP_abt (the log below) and go on after the
// instruction. Then an HVC #1 asks EL2 for EL0 with TGE = 1, where the aborts go to EL2.
    .syntax unified
    .arch armv7ve
    .arch_extension virt
    .arch_extension sec
    .text
    .arm
vectors:                                // 0x00: VBAR_EL1
    b       .
    b       .
    b       .
    b       pabt_handler                // 0x0c Prefetch Abort
    b       dabt_handler                // 0x10 Data Abort
    b       .
    b       .
    b       .
el1_start:                              // 0x20
    cps     #0x17                       // Abort mode: SP_abt = the log
    adr     sp, log
    cps     #0x13
    ldr     r2, =0x50000000             // no memory there (el2sim's and QEMU's RAM: 0x40000000, 128 MiB)
    adr     r3, data
    add     r4, r3, #2
d1: ldr     r1, [r2]                    // 0x38: External abort, read: DFSR 0x008
d2: str     r1, [r2, #4]                // 0x3c: write: DFSR 0x808, DFAR 0x50000004
d3: ldr     r1, [r3, #1]                // 0x40: misaligned to Device memory (MMU off): Alignment, DFSR 0x001
d4: ldrex   r1, [r4]                    // 0x44: LDREX misaligned (the engine's check): DFSR 0x001
d5: ldm     r4, {r5, r6}                // 0x48: LDM misaligned: DFSR 0x001
    adr     r8, after_pabt
p1: blx     r2                          // 0x50: the fetch at 0x50000000 aborts: IFSR 0x008
after_pabt:                             // 0x54
    mrc     p15, 0, r0, c2, c0, 2       // TTBCR.EAE = 1: long-descriptor FSRs
    orr     r0, r0, #0x80000000
    mcr     p15, 0, r0, c2, c0, 2
d6: str     r1, [r2, #8]                // 0x60: DFSR 0xa10 (WnR, LPAE, STATUS 0x10)
    adr     r1, el0_start
    hvc     #1                          // 0x68: EL2: TGE = 1, on at EL0 (R1)
el0_start:                              // 0x6c
e1: ldr     r1, [r2]                    // 0x6c: to EL2: ESR 0x92000010, FAR 0x50000000
e2: ldrh    r1, [r3, #1]                // 0x70: to EL2: ESR 0x92000021, FAR data + 1
e3: strb    r1, [r2, #0xc]              // 0x74: to EL2: ESR 0x92000050, FAR 0x5000000c
    svc     #0                          // 0x78: EL2 checks and exits
    b       .
dabt_handler:                           // 0x80
    mrc     p15, 0, r10, c5, c0, 0      // DFSR
    str     r10, [sp], #4
    mrc     p15, 0, r10, c6, c0, 0      // DFAR
    str     r10, [sp], #4
    str     lr, [sp], #4
    subs    pc, lr, #4                  // LR_abt - 8 + 4: the next instruction
pabt_handler:                           // 0x98
    mrc     p15, 0, r10, c5, c0, 1      // IFSR
    str     r10, [sp], #4
    mrc     p15, 0, r10, c6, c0, 2      // IFAR
    str     r10, [sp], #4
    str     lr, [sp], #4
    movs    pc, r8                      // back to SVC mode after the BLX
    .ltorg
    .balign 16
data:
    .word   0x11223344, 0x55667788
    .balign 16
log:                                    // 7 entries of FSR, FAR, LR_abt
    .space  7 * 12
