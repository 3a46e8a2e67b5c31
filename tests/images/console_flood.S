// console_flood: 64 MiB of semihosting console output (SYS_WRITE of 1 MiB to stdout, 64
// times), then exit 0; exit 1 when a write is refused. el2sim must stream the output,
// not keep it (tests/test_robust.c checks the child's peak RSS).
    .include "common.inc"
    .text
    .global _start
_start:
    mov     x19, #64
write_loop:
    mov     x0, #0x05               // SYS_WRITE: x1 -> { fd, buffer, length }
    adr     x1, write_block
    hlt     #0xf000
    cbnz    x0, write_failed        // x0 = bytes not written
    subs    x19, x19, #1
    b.ne    write_loop
    semihost_exit 0
write_failed:
    semihost_exit 1

    .balign 8
write_block:
    .quad   1, 0x40000000, 0x100000 // stdout, the start of RAM (zeros), 1 MiB
