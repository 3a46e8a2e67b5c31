// smc_mixed: a page holding both code and the data it writes (a counter stored 1000
// times by a loop on the same page), and a store that patches an instruction later in
// its own block: the patched instruction runs as patched on the next pass (after an
// ISB), the counter holds every store (whatever way el2sim watches pages with learned
// code for stores). Exits 0 when both hold.
    .include "common.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    hvc     #0                      // the engine's run restarts here (EL2SIM_ENGINE_API=1)
    adr     x1, counter
    mov     x2, #1000
    mov     x3, #0
1:  add     x3, x3, #1
    str     x3, [x1]                // data on the loop's own page
    subs    x2, x2, #1
    b.ne    1b
    ldr     x4, [x1]
    cmp     x4, #1000
    b.ne    fail
    mov     x5, #0                  // passes
    mov     x6, #0
    adr     x7, patched
    ldr     w8, add_x6_10
    .global patch_loop
patch_loop:
    str     w8, [x7]                // patches an instruction of this block
    add     x5, x5, #1
    .global patched
patched:
    add     x6, x6, #1              // becomes add x6, x6, #10
    isb
    cmp     x5, #2
    b.ne    patch_loop
    // first pass: +1 or +10 (no ISB between the store and the fetch); second: +10
    cmp     x6, #11
    b.eq    ok
    cmp     x6, #20
    b.ne    fail
ok:
    semihost_exit 0
fail:
    semihost_exit 1
add_x6_10:
    add     x6, x6, #10
    .balign 8
    .global counter
counter:
    .quad   0

    .balign 2048
el2_vectors:
    .rept 4
    b       .
    .balign 0x80
    .endr
    eret                            // current EL, SPx, synchronous: the HVC
    .balign 0x80
    .rept 11
    b       .
    .balign 0x80
    .endr
