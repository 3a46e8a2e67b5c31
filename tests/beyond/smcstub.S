// smcstub.S - a minimal SMCCC v1.1 responder at EL2 (every function NOT_SUPPORTED, -1 in
// x0), correct as written; with --defsym BUG_xxx=1 it breaks the convention one way,
// marked by the global label bug_site:
//   BUG_FP     uses v8 as scratch: FP/SIMD state belongs to the caller
//              (TF-A 15dd6f19d/18fa43f75, 2022: secure calls corrupted normal-world FP registers)
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
