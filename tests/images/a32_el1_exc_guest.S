// a32_el1_exc_guest: an AArch32 EL1 that takes its own exceptions (a32_el1_exc.S;
// issue 21), assembled with arm-linux-gnueabihf-as and included as raw bytes. HCR_EL2.TGE
// = 0: SVC goes to Supervisor mode (vector 0x08, LR the next instruction), UDF and an
// MRC of an encoding el2sim does not model to Undefined mode (vector 0x04, LR the
// instruction + 4); the handlers return with MOVS PC, LR (SPSR to CPSR). MOVS PC, LR with
// SPSR_svc = User mode goes to EL0; BKPT is a Prefetch Abort to Abort mode (vector 0x0c), whose UDF and SVC come back to EL1; the SVC from User
// mode makes an HVC #1 for the AArch64 EL2's checks.
    .syntax unified
    .arch armv7ve
    .arch_extension virt
    .text
    .arm
vectors:                                // offset 0x00: VBAR_EL1
    b       .                           // 0x00
    b       und_handler                 // 0x04 Undefined Instruction
    b       svc_handler                 // 0x08 Supervisor Call
    b       pabt_handler                // 0x0c Prefetch Abort
    b       .                           // 0x10 Data Abort
    b       .
    b       .
    b       .
el1_start:                              // offset 0x20
    mov     sp, #0x8000                 // R13_svc (X19): the SP events from here carry
    mov     r5, #0
    svc     #0x21                       // 0x28: to Supervisor mode, LR_svc 0x2c
    udf     #7                          // 0x2c: to Undefined mode, LR_und 0x30
    mrc     p15, 0, r1, c15, c0, 0      // 0x30: not modelled: UNDEFINED, LR_und 0x34
    bkpt    #0x1234                     // 0x34: Prefetch Abort (debug) to Abort mode, LR_abt 0x38
    mov     r0, #0x10                   // User mode, A/I/F clear
    msr     spsr_cxsf, r0
    adr     lr, el0_start
    movs    pc, lr                      // 0x44: exception return to EL0
el0_start:                              // 0x48
    mov     r2, #0x42
    udf     #8                          // 0x4c: EL0 to Undefined mode, LR_und 0x50
    svc     #0x22                       // 0x50: EL0 to Supervisor mode, LR_svc 0x54
    b       .
svc_handler:                            // 0x58
    mrs     r3, spsr
    and     r4, r3, #0x1f
    cmp     r4, #0x10
    bne     1f
    hvc     #1                          // from User mode: EL2 checks
1:  movs    pc, lr
und_handler:
    add     r5, r5, #1                  // UNDEFINED count
    movs    pc, lr
pabt_handler:
    mrc     p15, 0, r6, c5, c0, 1       // IFSR: the debug event
    subs    pc, lr, #0                  // LR_abt is the BKPT + 4: the next instruction
