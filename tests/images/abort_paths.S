// abort_paths: with the MMU off, el2sim models accesses to unmapped memory as
// synchronous external aborts and misaligned accesses (Device memory) as alignment
// faults, taken to the right EL:
//   EL2 read, EL2 write (WnR), EL2 misaligned exclusive load, EL2 fetch (BLR to nowhere),
//   EL1 read (to EL1, EC 0x25), EL0 read (to EL1, EC 0x24), EL0 fetch (EC 0x20).
// The EL2 handler skips the faulting instruction, or for an instruction abort
// returns to the link register. Exits with 0. Not in the QEMU differential: QEMU's
// virt machine has devices and flash where el2sim has nothing.
    .include "common.inc"
    .include "handlers.inc"
    .equ NOWHERE, 0x10000000
    .text
    .global _start
_start:
    el2_setup abort_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    ldr     x0, =STACK_EL0
    msr     sp_el0, x0
    ldr     x3, =NOWHERE
    mov     x4, #0x55
el2_read:
    ldr     x5, [x3]                // data abort, same EL, DFSC 0x10
    mov     x4, #0x66               // runs after the handler, not before
el2_write:
    str     x4, [x3, #8]            // data abort with WnR
    adr     x6, words
    add     x8, x6, #1
el2_misaligned:
    ldxr    x7, [x8]                // alignment fault, DFSC 0x21
el2_fetch:
    blr     x3                      // instruction abort at NOWHERE, handler returns to x30
    drop_to_el1 el1_code
el1_code:
el1_read:
    ldr     x5, [x3, #16]           // EL1 -> EL1 (VBAR_EL1 + 0x200)
    adr     x1, el0_code
    mov     x2, #SPSR_EL0T
    ldr     x3, =HCR_RW
    hvc     #0x102                  // EL2 returns to EL0
el0_code:
    ldr     x3, =NOWHERE
el0_read:
    ldrb    w5, [x3, #24]           // EL0 -> EL1 (VBAR_EL1 + 0x400), EC 0x24
    svc     #0x1e0                  // EL1 handler exits with 0
    b       .
    .balign 8
words:
    .quad   0x1122334455667788, 0

    sync_vectors abort_vectors, abort_sync
abort_sync:
    mrs     x9, esr_el2
    ubfx    x10, x9, #26, #6
    cmp     x10, #0x21              // instruction abort: back to the caller
    b.ne    1f
    msr     elr_el2, x30
    eret
1:  cmp     x10, #0x16              // HVC #0x102 as in handlers.inc
    b.ne    2f
    msr     elr_el2, x1
    msr     spsr_el2, x2
    msr     hcr_el2, x3
    eret
2:  mrs     x9, elr_el2
    add     x9, x9, #4
    msr     elr_el2, x9
    eret
    exit_routine
    el1_handlers
