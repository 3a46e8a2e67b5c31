// align_predict.S - alignment faults of accesses whose address el2sim predicts at the
// block's start (sim/engine/align_block.c) and of accesses it cannot predict. Each case
// is one straight-line block; a misaligned access takes an Alignment fault (MMU off:
// Device memory, Arm ARM B2.5.2) at exactly that instruction, after the instructions
// before it ran; the handler skips it and counts it in x20. Exits 0 when x20 = 9.
    .include "common.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    ldr     x0, =buffer
    mov     x20, #0
    mov     x21, #0
    // Each case starts a block (b 1f) with its registers aligned, so a tracker that
    // missed what the block does to them would predict "aligned" and miss the fault.
    // 1. base loaded inside the block: the plan cannot follow it (code hook)
    mov     x1, x0
    b       1f
1:  ldr     x1, [x0, #24]           // x1 = buffer + 3 (ptr)
    add     x21, x21, #1            // ran before the fault
    .global loaded_base
loaded_base:
    ldr     x2, [x1]                // 8 bytes at +3: fault
    // 2. writeback chain: pre-index, post-index
    add     x3, x0, #8
    b       1f
1:  ldr     w5, [x3, #-4]!          // +4; x3 = +4
    ldr     w5, [x3], #2            // +4; x3 = +6
    .global chain_post
chain_post:
    ldr     w6, [x3]                // 4 bytes at +6: fault
    ldrh    w5, [x3, #-2]!          // +4; x3 = +4
    .global chain_pre
chain_pre:
    ldr     w4, [x3, #2]            // 4 bytes at +6: fault
    // 3. ADD/SUB (immediate), MOV, MOVZ and a register offset
    mov     x8, x0
    mov     x10, #0
    b       1f
1:  add     x7, x0, #1
    sub     x7, x7, #1
    mov     x8, x7
    add     x8, x8, #2
    .global add_chain
add_chain:
    ldr     w9, [x8]                // 4 bytes at +2: fault
    movz    x10, #6
    .global reg_offset
reg_offset:
    ldr     w11, [x0, x10]          // 4 bytes at +6: fault
    ldr     w11, [x0, x10, lsl #2]  // 4 bytes at +24: no fault
    // 4. a literal load of the base
    mov     x12, x0
    b       1f
1:  ldr     x12, =buffer + 5
    .global literal_base
literal_base:
    ldrh    w13, [x12]              // 2 bytes at +5: fault
    // 5. the same instruction aligned on one pass and misaligned on the next
    mov     x14, x0
    mov     x15, #2
1:  .global loop_access
loop_access:
    ldr     x16, [x14], #4          // +0, then +4: fault on the second pass
    subs    x15, x15, #1
    b.ne    1b
    // 7. a loop whose plan found every access aligned three times (the block hook then
    //    trusts the low bits of the registers the plan reads: base and index), and a
    //    fourth pass whose index has other low bits
    mov     x14, x0
    mov     x15, #0
    mov     x22, #4
1:  .global memo_index
memo_index:
    ldr     w16, [x14, x15]         // +0 three times, then +2: fault on the fourth pass
    sub     x22, x22, #1
    cmp     x22, #1
    cset    x15, eq
    lsl     x15, x15, #1            // x15 = 2 for the last pass only
    cbnz    x22, 1b
    // 6. a store to code later in the same block does not change what is predicted
    adr     x17, patched
    ldr     w18, movz_x19
    str     w18, [x17]              // patched: nop -> movz x19, #8 (visible after an ISB)
    dsb     ish
    ic      ivau, x17
    dsb     ish
    isb
    bl      patched_fn
    .global after_patch
after_patch:
    ldr     w9, [x0, x19]           // 4 bytes at +8: aligned (x19 = 8 from the patched code)
    mov     x19, #9
    cmp     x21, #1
    b.ne    fail
    cmp     x20, #8
    b.ne    fail
    .global misaligned_final
misaligned_final:
    ldr     w9, [x0, x19]           // 4 bytes at +9: fault (the ninth)
    cmp     x20, #9
    b.ne    fail
    semihost_exit 0
fail:
    semihost_exit 1

    .balign 16
patched_fn:
    mov     x19, #1
patched:
    nop
    ret
movz_x19:
    movz    x19, #8

    .balign 2048
el2_vectors:
    .rept 4
    b       .
    .balign 0x80
    .endr
    mrs     x9, elr_el2             // current EL, SPx, synchronous: the alignment fault
    add     x9, x9, #4
    msr     elr_el2, x9
    add     x20, x20, #1
    eret
    .balign 0x80
    .rept 11
    b       .
    .balign 0x80
    .endr

    .data
    .balign 16
    .global buffer
buffer:
    .quad   0x1111111111111111, 0x2222222222222222, 0x3333333333333333
    .quad   buffer + 3
