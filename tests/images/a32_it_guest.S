// a32_it_guest: T32 code for a32_it.S (issue 21; uc_facts.h F23): instructions el2sim
// traps or completes itself inside IT blocks. Uses R0-R9 only (R10-R17 are the EL2
// handler's X10-X17).
    .syntax unified
    .arch armv7ve
    .text
    .thumb
t32_it:
    movs    r7, #0
    cmp     r7, r7                      // Z = 1, C = 1
    .inst.n 0xbfe8                      // IT AL (gas refuses an MRC after "it al")
    mrc     p15, 0, r3, c0, c1, 0       // +0x6: ID_PFR0 (TID3) trapped, COND 0xE, SPSR.IT 0xe8
    // an MCR el2sim completes inside an IT block: the conditions after it still apply
    movs    r1, #0x55
    movs    r2, #0
    movs    r4, #0
    movs    r5, #0
    movs    r0, #1                      // Z = 0
    itete   ne
    mcrne   p15, 0, r1, c13, c0, 1      // CONTEXTIDR = 0x55
    moveq   r2, #1                      // skipped
    addne   r4, r4, #7                  // runs: R4 = 7
    moveq   r5, #9                      // skipped
    mrc     p15, 0, r6, c13, c0, 1      // R6 = 0x55
    // WFE el2sim completes inside an IT block (untrapped)
    ite     ne
    wfene
    addeq   r4, r4, #0x10               // skipped: R4 stays 7
    // a trapped MRC inside ITE EQ: COND 0x0, SPSR.IT 0x0c; the EL2 handler returns past it
    // with ITSTATE advanced, so that the else branch is not executed (nor trapped)
    cmp     r7, r7                      // Z = 1
    ite     eq
    mrceq   p15, 0, r3, c0, c1, 0       // +0x2e
    mrcne   p15, 0, r3, c0, c1, 1       // +0x32: not executed
    // a WFI that HCR_EL2.TWI traps in an IT block: EC 0x01, COND 0x0, 16-bit, SPSR.IT 0x08
    it      eq
    wfieq                               // +0x38
    // SMC that HCR_EL2.TSC traps, last in an IT block: EC 0x13, COND 0x0, SPSR.IT 0x08
    itt     eq
    moveq   r9, #3
    smceq   #0                          // +0x3e
    hvc     #4                          // +0x42
    b       .
