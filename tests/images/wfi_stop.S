// wfi_stop: an untrapped WFI at EL1 with no interrupt source: el2sim stops (exit 5).
// (Under QEMU this sleeps forever: not for the QEMU comparison.)
    .include "common.inc"
    .text
    .global _start
_start:
    ldr     x0, =STACK_EL2
    mov     sp, x0
    drop_to_el1 el1_code
el1_code:
wfi_el1:
    wfi
    semihost_exit 9
