// hyp32_it: T32 instructions el2sim traps or completes itself inside IT blocks on the
// Hyp-mode machine (issue 21; uc_facts.h F23; --arch aarch32 --cpu cortex-a15). In Hyp
// mode: an MCR (HTPIDR) el2sim completes inside ITETE NE and a WFE inside ITE NE, the
// conditional instructions after them checked; UDF and SVC inside ITETE EQ, the SVC
// handler's ERETEQ last in an ITT EQ block. Then Supervisor mode in T32 with HCR.TID3
// and HCR.TWI: an MRC trapped in IT AL, an MRCEQ trapped in ITE EQ (the Hyp trap at
// HVBAR + 0x14 steps over it: ELR_hyp + 2 or 4 by HSR.IL, SPSR_hyp.IT advanced as
// AArch32.ITAdvance, so the MRCNE after it is not executed), a WFIEQ trapped in IT EQ,
// then HVC #5: exit 0 (semihosting), or 1 when a register check fails.
    .syntax unified
    .arch armv7ve
    .text
    .thumb
    .global _start
    .type   _start, %function
_start:
    ldr     r0, =hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      // HVBAR
    mov     r0, #(1 << 30)              // HSCTLR.TE: exceptions taken in T32
    mcr     p15, 4, r0, c1, c0, 0
    mov     r0, #(1 << 13)
    mcr     p15, 4, r0, c1, c1, 0       // HCR.TWI
    mov     r0, #(1 << 0)
    mcr     p15, 4, r0, c1, c1, 3       // HSTR.T0: CP15 accesses with CRn 0 from PL1
    movs    r1, #0x66
    movs    r2, #0
    movs    r4, #0
    movs    r5, #0
    movs    r0, #1                      // Z = 0
    itete   ne
hyp_mcr:
    mcrne   p15, 4, r1, c13, c0, 2      // HTPIDR = 0x66, completed by el2sim
    moveq   r2, #1                      // skipped
    addne   r4, r4, #7                  // runs
    moveq   r5, #9                      // skipped
    mrc     p15, 4, r6, c13, c0, 2      // R6 = HTPIDR
    ite     ne
    wfene                               // completed by el2sim
    addeq   r4, r4, #0x10               // skipped
    cmp     r2, #0
    bne     fail
    cmp     r4, #7
    bne     fail
    cmp     r5, #0
    bne     fail
    cmp     r6, #0x66
    bne     fail
    // exceptions taken from inside an IT block: UDF (HVBAR + 0x04, SPSR_hyp.IT its own
    // ITSTATE 0x0b, stepped over by hyp_trap) and SVC (HVBAR + 0x08: SPSR_hyp.IT the
    // advanced 0x18, AArch32.TakeSVCException's ITAdvance; ELR_hyp the next instruction)
    movs    r3, #0                      // Z = 1
    itete   eq
hyp_udf:
    .inst.w 0xf7f0a007                  // UDF.W #7 (EQ)
    addne   r3, r3, #1                  // skipped
hyp_svc:
    svceq   #0x11
    addne   r3, r3, #2                  // skipped
    cmp     r3, #0
    bne     fail
    ldr     r0, =svc_code + 1
    msr     ELR_hyp, r0
    mov     r0, #0x1f3                  // Supervisor, T, A/I/F masked
    msr     spsr_cxsf, r0
    eret
    .type   svc_code, %function
svc_code:
    movs    r7, #0
    cmp     r7, r7                      // Z = 1, C = 1
    .inst.n 0xbfe8                      // IT AL (gas refuses an MRC after "it al")
svc_mrc_al:
    mrc     p15, 0, r3, c0, c1, 0       // ID_PFR0 (TID3): HSR COND 0xE, SPSR_hyp.IT 0xe8
    cmp     r7, r7
    ite     eq
svc_mrceq:
    mrceq   p15, 0, r3, c0, c1, 0       // HSR COND 0x0, SPSR_hyp.IT 0x0c
    mrcne   p15, 0, r3, c0, c1, 1       // not executed
    it      eq
svc_wfieq:
    wfieq                               // TWI: HSR EC 0x01, COND 0x0, IL 0, SPSR_hyp.IT 0x08
svc_hvc:
    hvc     #5
    b       .

hyp_trap:                               // HVBAR + 0x14: R8-R12 are the handler's
    mrc     p15, 4, r8, c5, c2, 0       // HSR
    lsr     r9, r8, #26
    cmp     r9, #0x12
    beq     done
    mrs     r10, ELR_hyp                // step over: 2 or 4 bytes (HSR.IL)
    adds    r10, r10, #2
    tst     r8, #(1 << 25)
    beq     1f
    adds    r10, r10, #2
1:  msr     ELR_hyp, r10
it_advance:
    mrs     r10, spsr                   // AArch32.ITAdvance on SPSR_hyp.IT
    ubfx    r11, r10, #10, #6
    lsl     r11, r11, #2
    ubfx    r12, r10, #25, #2
    orr     r11, r11, r12               // IT<7:0>
    ands    r12, r11, #7
    beq     2f                          // IT<2:0> == '000': the block ends
    and     r12, r11, #0xe0
    lsl     r9, r11, #1
    and     r9, r9, #0x1f
    orr     r11, r12, r9                // IT<7:5>:LSL(IT<4:0>, 1)
    b       3f
2:  mov     r11, #0
3:  bic     r10, r10, #0xfc00
    bic     r10, r10, #0x06000000
    ubfx    r12, r11, #2, #6
    orr     r10, r10, r12, lsl #10
    and     r12, r11, #3
    orr     r10, r10, r12, lsl #25
    msr     spsr_cxsf, r10
    eret
hyp_svc_entry:                          // HVBAR + 0x08: the Hyp-mode ERET, last in an IT block
    cmp     r8, r8                      // Z = 1 (SPSR_hyp gives the flags back)
    itt     eq
    moveq   r8, #0
hyp_eret_eq:
    ereteq
hyp_undef:                              // HVBAR + 0x04: step over the 32-bit UDF (HSR.IL
    mrs     r10, ELR_hyp                // is UNK/SBZP for EC 0x00 on ARMv7: QEMU clears it)
    adds    r10, r10, #4
    msr     ELR_hyp, r10
    b       it_advance
done:
    movs    r0, #0x20                   // SYS_EXIT_EXTENDED, status 0
    ldr     r1, =exit_ok
    svc     #0xab
    b       .
fail:
    movs    r0, #0x20                   // status 1
    ldr     r1, =exit_fail
    svc     #0xab
    b       .

    .balign 32
hyp_vectors:
    b.w     .                           // 0x00
    b.w     hyp_undef                   // 0x04
    b.w     hyp_svc_entry               // 0x08
    b.w     .                           // 0x0c
    b.w     .                           // 0x10
    b.w     hyp_trap                    // 0x14
    b.w     .
    b.w     .
    .pool

    .data
    .balign 4
exit_ok:
    .word   0x20026, 0
exit_fail:
    .word   0x20026, 1
