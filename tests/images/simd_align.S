// simd_align: with the MMU off, the elements of SIMD structure loads and stores (LD1-LD4,
// ST1-ST4, single lanes, LDnR) must be aligned to their size like any Device access
// (Arm ARM B2.5.2): a misaligned one takes an Alignment fault (DFSC 0x21, FAR = the
// address, WnR for stores); byte elements and aligned ones do not. The EL2 handler skips
// each faulting access.
    .include "common.inc"
    .include "handlers.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    ldr     x0, =buffer
    add     x1, x0, #2
misaligned_ld1:
    ld1     {v0.4s}, [x1]               // 4-byte elements at +2: fault
    ld1     {v1.16b}, [x1]              // bytes: never
    add     x2, x0, #6
misaligned_st1_lane:
    st1     {v0.s}[1], [x2]             // one 4-byte lane at +6: fault (a store)
    add     x3, x0, #4
misaligned_ld1r:
    ld1r    {v2.2d}, [x3]               // 8-byte element at +4: fault
    ld2     {v3.4s, v4.4s}, [x0]        // aligned: no fault
    add     x4, x0, #1
misaligned_ld1_post:
    ld1     {v5.8h}, [x4], #16          // 2-byte elements at +1: fault (post-index skipped)
    semihost_exit 0
    exit_routine
    el2_handlers
    .data
    .balign 16
buffer:
    .space  64
