// smcstub.S - a minimal SMCCC v1.1 responder at EL2 (every function NOT_SUPPORTED, -1 in
// x0), correct as written; with --defsym BUG_xxx=1 it breaks the convention one way,
// marked by the global label bug_site:
//   BUG_FP     uses v8 as scratch: FP/SIMD state belongs to the caller
//              (TF-A 15dd6f19d/18fa43f75, 2022: secure calls corrupted normal-world FP registers)
//   BUG_FPLOAD loads v9 from its stack in a block of its own, then branches on: the
//              clobber is found across blocks (el2sim re-reads V only after FP code)
//   BUG_FPCR   sets FPCR.RMode to round towards zero and returns with it
//   BUG_TRUNC  truncates x4 to 32 bits for an SMC64/HVC64 call (TF-A 11578303f, 2021)
//   BUG_RES32  returns NOT_SUPPORTED as 32 bits for an SMC64/HVC64 call (upper half lost)
    .section .hyp.text, "ax"
    .balign 2048
    .global smc_vectors
smc_vectors:
    .rept 8
    .balign 0x80
    b       .
    .endr
    .balign 0x80
    b       smc_sync
    .rept 7
    .balign 0x80
    b       .
    .endr

    .text
smc_sync:
.ifdef BUG_FP
    .global bug_site
bug_site:
    fmov    d8, x1                  // scratch register that is not ours
.endif
.ifdef BUG_FPLOAD
    .global bug_site
    mov     x3, sp                  // x1-x3 are result registers: free to use
    mov     x2, #0x2222
    str     x2, [x3, #-16]
bug_site:
    ldr     q9, [x3, #-16]          // FP/SIMD registers are not ours to load into
    b       1f
1:  mov     x2, #0
    mov     x3, #0
.endif
.ifdef BUG_FPCR
    .global bug_site
    mov     x2, #(3 << 22)          // RMode = round towards zero
bug_site:
    msr     fpcr, x2
    mov     x2, #0
.endif
.ifdef BUG_TRUNC
    tbz     w0, #30, 1f             // SMC64/HVC64 function ID?
    .global bug_site
bug_site:
    mov     w4, w4                  // loses the argument's upper 32 bits
1:
.endif
.ifdef BUG_RES32
    .global bug_site
bug_site:
    mov     w0, #-1                 // NOT_SUPPORTED, but only 32 bits of it
.else
    mov     x0, #-1                 // NOT_SUPPORTED
.endif
    eret
