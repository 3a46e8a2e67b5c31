// private_page: el2sim keeps a page of its own in the engine's address space (the ERET
// landing pad and the address the engine stops at, EL2_PRIVATE_PAGE = 0xffffff0000,
// inside the 44-bit physical address range). The guest must see it as unmapped memory:
// LDR, STR and BLR to its start, to the landing pad (+0x100), to a word in the middle
// (+0x800, a branch-to-self in el2sim's copy) and to the engine's stop address (+0xff0)
// each take the External abort of an unmapped address (DFSC/IFSC 0x10, FAR = the
// address), and an ERET whose ELR is the landing pad or the stop address completes and
// then takes the instruction abort there. The handlers skip a faulting load or store and
// return to x30 from an instruction abort. Exits with 0. Not in the QEMU differential:
// QEMU's virt machine has its high PCIe window at that address.
    .include "common.inc"
    .include "handlers.inc"
    .equ PRIVATE, 0xffffff0000
    .text
    .global _start
_start:
    el2_setup page_vectors
    adr     x20, targets
1:  ldr     x3, [x20], #8
    cbz     x3, 2f
load:
    ldr     x5, [x3]                // External abort, DFSC 0x10
store:
    str     x5, [x3]                // the same with WnR
fetch:
    blr     x3                      // External abort on the fetch, IFSC 0x10
    b       1b
2:  ldr     x3, =PRIVATE + 0x100
    adr     x30, 3f                 // the handler returns to x30
    msr     elr_el2, x3
    mov     x0, #SPSR_EL2H
    msr     spsr_el2, x0
eret_landing:
    eret                            // returns, then the fetch at the landing pad aborts
3:  ldr     x3, =PRIVATE + 0xff0
    adr     x30, 4f
    msr     elr_el2, x3
eret_stop:
    eret                            // the same at the engine's stop address
4:  semihost_exit 0
    .balign 8
targets:
    .quad   PRIVATE, PRIVATE + 0x100, PRIVATE + 0x800, PRIVATE + 0xff0, 0

    sync_vectors page_vectors, page_sync
page_sync:
    mrs     x9, esr_el2
    ubfx    x10, x9, #26, #6
    cmp     x10, #0x21              // instruction abort: back to the caller
    b.ne    1f
    msr     elr_el2, x30
    eret
1:  mrs     x9, elr_el2             // data abort: skip the access
    add     x9, x9, #4
    msr     elr_el2, x9
    eret
