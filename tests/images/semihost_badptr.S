// semihost_badptr: SYS_EXIT whose x1 points at unmapped memory. Like QEMU, el2sim
// returns -1 in x0 and the guest goes on; the image then exits with status 0 when it
// saw -1, else 1 (el2sim used to stop here with status 1).
    .include "common.inc"
    .text
    .global _start
_start:
    mov     x0, #0x18               // SYS_EXIT
    ldr     x1, =0x5000000000       // no memory there (nor in QEMU's virt machine)
    .global bad_exit
bad_exit:
    hlt     #0xf000
    cmn     x0, #1
    b.ne    not_minus_one
    semihost_exit 0
not_minus_one:
    semihost_exit 1
