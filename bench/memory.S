// memory.S - the memory-heavy benchmarks (issue 18), built by bench/run.sh:
//   --defsym SAVE=1: EL1 makes N `hvc #0` round trips; the EL2 handler saves x0-x30 on the
//                    EL2 stack and restores them (16 STP + 16 LDP), as a host-call vector does;
//   otherwise:       at EL2, N passes over 1 MiB: zero it with STP, then sum it with LDP.
// Both exit by semihosting with status 0.
// MMU-on variants (issue 18 item 5), the same loops with translation on; identity maps of
// RAM in 2 MiB blocks (Normal Write-Back), tables at 0x40600000:
//   --defsym MMU_EL2=1: EL2's stage 1 on (TCR_EL2 4 KiB, T0SZ 25): the zero loop and the
//                       save/restore handler run translated; the HVC caller at EL1 does not;
//   --defsym MMU_S2=1:  EL1's stage 1 and stage 2 on (HCR_EL2.VM, VTCR_EL2 40-bit IPAs): the
//                       HVC caller runs at EL1 under both stages (its EL2 handler with the
//                       MMU off), and the zero loop runs at EL1 under both stages.
    .ifndef N
    .equ N, 100
    .endif
    .equ BUF, 0x40200000
    .equ BUF_SIZE, 0x100000
    .text
    .global _start
    .equ S1_L1, 0x40600000
    .equ S1_L2, 0x40601000
    .equ S2_L1, 0x40604000          // two concatenated level 1 tables (VTCR SL0 1, T0SZ 24)
    .equ S2_L2, 0x40606000

// \count 2 MiB blocks of attributes \attr from PA 0x40000000 into the level 2 table \l2,
// and entry 1 (VA 1-2 GiB) of the level 1 table \l1 pointing at it
.macro identity l1, l2, attr
    ldr     x0, =\l1
    ldr     x1, =\l2 + 3
    str     x1, [x0, #8]
    ldr     x0, =\l2
    ldr     x1, =0x40000000 + \attr
    mov     x2, #64                 // 128 MiB of RAM
9:  str     x1, [x0], #8
    add     x1, x1, #0x200000
    subs    x2, x2, #1
    b.ne    9b
.endm

_start:
    ldr     x0, =0x40400000
    mov     sp, x0
.ifdef MMU_EL2
    identity S1_L1, S1_L2, 0x701    // AF, Inner Shareable, AttrIndx 0
    mov     x0, #0xff               // MAIR Attr0: Normal Write-Back
    msr     mair_el2, x0
    ldr     x0, =S1_L1
    msr     ttbr0_el2, x0
    ldr     x0, =0x80823519         // TCR_EL2: T0SZ 25, 4 KiB, WB IS walks, PS 40 bits
    msr     tcr_el2, x0
    dsb     ish
    tlbi    alle2
    dsb     ish
    isb
    ldr     x0, =0x30c51805         // SCTLR_EL2: M, C, I
    msr     sctlr_el2, x0
    isb
.endif
.ifdef MMU_S2
    identity S1_L1, S1_L2, 0x701
    identity S2_L1, S2_L2, 0x7fd    // stage 2: AF, IS, S2AP RW, MemAttr Normal WB
    ldr     x0, =0x80023558         // VTCR_EL2: T0SZ 24, SL0 1, 4 KiB, PS 40 bits
    msr     vtcr_el2, x0
    ldr     x0, =S2_L1
    msr     vttbr_el2, x0
    mov     x0, #0xff
    msr     mair_el1, x0
    ldr     x0, =S1_L1
    msr     ttbr0_el1, x0
    ldr     x0, =0x200803519        // TCR_EL1: T0SZ 25, EPD1, 4 KiB, IPS 40 bits
    msr     tcr_el1, x0
    ldr     x0, =0x30d01805         // SCTLR_EL1: M, C, I
    msr     sctlr_el1, x0
    dsb     ish
    tlbi    vmalls12e1
    dsb     ish
    isb
    .equ HCR, (1 << 31) | 1         // RW, VM
.else
    .equ HCR, (1 << 31)             // RW
.endif
.ifdef SAVE
    .equ EL1_LOOP, 1
.endif
.ifdef MMU_S2
    .equ EL1_LOOP, 1
.endif
.ifdef EL1_LOOP
.ifdef SAVE
    adr     x0, vectors
    msr     vbar_el2, x0
.endif
    ldr     x0, =HCR
    msr     hcr_el2, x0
    ldr     x0, =0x40300000
    msr     sp_el1, x0
    adr     x0, el1_main
    msr     elr_el2, x0
    mov     x0, #0x3c5
    msr     spsr_el2, x0
    isb
    eret
el1_main:
.endif
.ifdef SAVE
    ldr     x19, =N
1:  mov     x0, #0
    hvc     #0
    subs    x19, x19, #1
    b.ne    1b
.else
    ldr     x19, =N
pass:
    ldr     x1, =BUF
    mov     x2, #(BUF_SIZE / 16)
1:  stp     xzr, xzr, [x1], #16
    subs    x2, x2, #1
    b.ne    1b
    ldr     x1, =BUF
    mov     x2, #(BUF_SIZE / 16)
    mov     x3, #0
2:  ldp     x4, x5, [x1], #16
    add     x3, x3, x4
    add     x3, x3, x5
    subs    x2, x2, #1
    b.ne    2b
    cbnz    x3, .                   // the buffer was zeroed: a sum other than 0 is a bug
    subs    x19, x19, #1
    b.ne    pass
.endif
    mov     x0, #0x18               // SYS_EXIT, ADP_Stopped_ApplicationExit, status 0
    adr     x1, exit_block
    hlt     #0xf000
    b       .
    .balign 8
exit_block:
    .quad   0x20026, 0
.ifdef SAVE
save_restore:                       // the host-call vector's save and restore of x0-x30
    sub     sp, sp, #256
    stp     x0, x1, [sp, #0]
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    stp     x30, xzr, [sp, #240]
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldp     x30, xzr, [sp, #240]
    add     sp, sp, #256
    mov     x0, #0
    eret
    .balign 2048
vectors:
    .rept 8
    b       .
    .balign 0x80
    .endr
    b       save_restore            // lower EL sync
    .balign 0x80
    .rept 7
    b       .
    .balign 0x80
    .endr
.endif
