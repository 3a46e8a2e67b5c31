// corner_nested: an exception taken inside the EL2 handler. EL1 makes HVC #0x21; the
// handler at VBAR_EL2+0x400 executes UDF before saving anything, so the UNDEFINED
// exception (EC 0x00) goes to VBAR_EL2+0x200 (current EL, SP_EL2) and overwrites
// ELR_EL2 (now the UDF's address) and SPSR_EL2 (now EL2h with D, A, I, F masked, as the
// handler ran): AArch64.TakeException writes both unconditionally. Then an SVC and a BRK
// in an EL2 handler do the same.
// Exit status 100 + n: check n failed.
    .include "common.inc"
    .include "corner.inc"
    .text
    .global _start
_start:
    el2_setup vec2
    ldr     x0, =STACK_EL1
    msr     sp_el1, x0
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    isb
    adr     x28, 1f
    eret_to el1_code, SPSR_EL1H
1:  check   x24, 0x200, 1
    check   x20, 0x02000000, 2          // EC 0x00 (UDF), IL = 1
    adr     x3, nested_udf
    checkr  x21, x3, 3                  // ELR_EL2: the UDF, not the HVC
    check   x22, 0x3c9, 4               // SPSR_EL2: EL2h, DAIF masked, NZCV clear
    // SVC #0x22 in the EL2 handler of an SVC at EL2: the second SVC overwrites ELR_EL2
    adr     x28, 2f
    msr     nzcv, xzr
    svc     #0x22
2:  check   x24, 0x200, 5
    check   x20, 0x56000023, 6          // the handler's SVC #0x23
    adr     x3, nested_svc + 12
    checkr  x21, x3, 7
    // BRK in the handler of an HVC at EL2
    adr     x28, 3f
    msr     nzcv, xzr
    hvc     #0x24
3:  check   x24, 0x200, 8
    check   x20, 0xf2000025, 9          // EC 0x3c, BRK #0x25
    adr     x3, nested_brk + 8
    checkr  x21, x3, 10
    check   x22, 0x3c9, 11
    semihost_exit 0

el1_code:
    msr     nzcv, xzr
    hvc     #0x21
    b       .

    .balign 2048
vec2:
    .rept 4
    b       .
    .balign 0x80
    .endr
    // 0x200: current EL, SP_EL2: the SVC and HVC at EL2 nest once (x26 = 1 while
    // nested); everything else is caught
    cbnz    x26, record
    mrs     x9, esr_el2
    ubfx    x9, x9, #26, #6
    cmp     x9, #0x15
    b.eq    nested_svc
    cmp     x9, #0x16
    b.eq    nested_brk
    mov     x24, #0x200
    b       record
    .balign 0x80
    .rept 3
    b       .
    .balign 0x80
    .endr
    // 0x400: lower EL, AArch64: the HVC from EL1; the handler's first instruction is UDF
nested_udf:
    udf     #0x21
    .balign 0x80
    .rept 11
    b       .
    .balign 0x80
    .endr
nested_svc:
    mov     x26, #1
    msr     nzcv, xzr
    svc     #0x23                       // taken to 0x200 again, caught there
nested_brk:
    mov     x26, #1
    msr     nzcv, xzr
    brk     #0x25
record:
    mov     x26, #0
    mrs     x20, esr_el2
    mrs     x21, elr_el2
    mrs     x22, spsr_el2
    br      x28
