// tbi_access: with TCR_EL2.TBI = 1 and the MMU off, the top byte of an EL2 data address is
// ignored (EffectiveTBI applies with stage 1 disabled, AArch64.S1DisabledOutput): a load
// through a tagged address whose untagged address is unmapped takes the External abort
// (DFSC 0x10, FAR = the tagged address), not an Address size fault; a load through a
// tagged address into RAM would complete at the untagged address, which el2sim does not
// do: the run stops there (exit 125). Not in the QEMU differential: QEMU completes the
// access, and 0x10000000 is flash in its virt machine.
    .include "common.inc"
    .include "handlers.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    mov     x0, #(1 << 20)          // TCR_EL2.TBI
    msr     tcr_el2, x0
    isb
    ldr     x3, =0x0100000010000000
tagged_unmapped:
    ldr     x5, [x3]                // External abort at the untagged 0x10000000
    adr     x3, data
    orr     x3, x3, #0x0200000000000000
tagged_ram:
    ldr     x5, [x3]                // RAM through a tag: el2sim stops
    semihost_exit 0
    .balign 8
data:
    .quad   0x1234
    exit_routine
    el2_handlers
