// a64_fptrap: CPTR_EL2.TFP traps AArch64 SIMD&FP (AArch64.CheckFPAdvSIMDTrap; issue 21
// session 7, the AArch64 side of a32_fptrap). EL1 runs FMOV once untrapped; EL2 sets TFP
// (HVC #1): EL1's FMOV (the same block, learned again), LDR Q, ADD (vector), MSR FPCR and
// MRS FPSR trap to EL2 with EC 0x07 (ESR 0x1fe00000, ELR the instruction; stepped over);
// HVC #2: EL2 runs an FMOV of its own, which TFP traps to EL2 itself (vector + 0x200),
// then clears TFP and its FMOV runs; exit 0, or 100 + n when check n failed.
    .include "common.inc"
    .equ CPTR_TFP, (1 << 10)

    .text
    .global _start
_start:
    el2_setup el2_vectors
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    mov     x0, #(3 << 20)                          // CPACR_EL1.FPEN: EL1/EL0 FP enabled
    msr     cpacr_el1, x0
    adr     x0, el1_code
    msr     elr_el2, x0
    mov     x0, #0x3c5                              // EL1h, DAIF masked
    msr     spsr_el2, x0
    isb
    eret

el1_code:
    mov     x1, #7
    mov     x9, #0
    bl      fp_sub                                  // untrapped
    hvc     #1
    bl      fp_sub                                  // trapped at fp_sub (stepped over)
    adr     x2, buffer
    .global el1_ldr
el1_ldr:
    ldr     q0, [x2]
    .global el1_add
el1_add:
    add     v0.4s, v1.4s, v2.4s
    .global el1_msr
el1_msr:
    msr     fpcr, xzr
    .global el1_mrs
el1_mrs:
    mrs     x3, fpsr
    hvc     #2
    b       .
    .global fp_sub
fp_sub:
    fmov    d0, x1
    ret

lower_sync:
    mrs     x10, esr_el2
    lsr     x11, x10, #26
    cmp     x11, #0x16
    b.eq    on_hvc
    cmp     x11, #0x07
    b.ne    fail1
    add     x9, x9, #1                              // count the EL1 traps
step:
    mrs     x12, elr_el2
    add     x12, x12, #4
    msr     elr_el2, x12
    eret
on_hvc:
    and     x12, x10, #0xffff
    cmp     x12, #1
    b.ne    el2_part
    mrs     x13, cptr_el2
    orr     x13, x13, #CPTR_TFP
    msr     cptr_el2, x13
    isb
    eret
el2_part:
    cmp     x9, #5
    b.ne    fail2
    mov     x9, #0
    .global el2_fmov
el2_fmov:
    fmov    d1, x1                                  // EL2's own: trapped to EL2 (current EL)
    cmp     x9, #1
    b.ne    fail3
    mrs     x13, cptr_el2
    bic     x13, x13, #CPTR_TFP
    msr     cptr_el2, x13
    isb
    fmov    d2, x1                                  // runs
    fmov    x4, d2
    cmp     x4, #7
    b.ne    fail4
    semihost_exit 0

cur_sync:                                           // EL2's own trap
    mrs     x10, esr_el2
    lsr     x11, x10, #26
    cmp     x11, #0x07
    b.ne    fail5
    add     x9, x9, #1
    b       step
fail1:
    semihost_exit 101
fail2:
    semihost_exit 102
fail3:
    semihost_exit 103
fail4:
    semihost_exit 104
fail5:
    semihost_exit 105

    .balign 2048
el2_vectors:
    .rept 4
    b       .
    .balign 0x80
    .endr
    b       cur_sync                                // 0x200: current EL with SPx, synchronous
    .balign 0x80
    .rept 3
    b       .
    .balign 0x80
    .endr
    b       lower_sync                              // 0x400: lower EL using AArch64
    .balign 0x80
    .rept 7
    b       .
    .balign 0x80
    .endr
    .data
    .balign 16
buffer:
    .quad   1, 2
