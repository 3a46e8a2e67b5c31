// hyp32.S - the AArch32 workloads (issue 21), for el2sim --arch aarch32 --cpu cortex-a15 and
// qemu-system-arm -M virt,virtualization=on -cpu cortex-a15. Hyp mode installs HVBAR, then:
//  - default: drops to Supervisor mode, which makes N `hvc #0` round trips through a
//    Hyp Trap handler of 5 instructions (HSR read and test, mov r0, #0; eret);
//  - ZERO=1: stays in Hyp mode and makes N passes zeroing then summing 1 MiB with
//    STM/LDM of 8 words (the A32 counterpart of memory.S's zero + sum).
// Exits by semihosting (A32 SVC 0x123456, SYS_EXIT with ADP_Stopped_ApplicationExit).
    .syntax unified
    .arch armv7ve
    .arch_extension virt
    .ifndef N
    .equ N, 100000
    .endif
    .equ BUF, 0x40200000
    .text
    .arm
    .global _start
_start:
    ldr     r0, =hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      // HVBAR
    .ifdef ZERO
    ldr     r8, =N
    mov     r0, #0
    mov     r1, #0
    mov     r2, #0
    mov     r3, #0
    mov     r4, #0
    mov     r5, #0
    mov     r6, #0
    mov     r7, #0
pass:
    ldr     r9, =BUF
    add     r10, r9, #0x100000
1:  stmia   r9!, {r0-r7}               // zero 1 MiB
    cmp     r9, r10
    bne     1b
    ldr     r9, =BUF
    mov     r11, #0
2:  ldmia   r9!, {r0-r7}               // sum it
    add     r11, r11, r0
    add     r11, r11, r7
    cmp     r9, r10
    bne     2b
    subs    r8, r8, #1
    bne     pass
    b       exit
    .else
    ldr     r0, =svc_main
    msr     ELR_hyp, r0
    mov     r0, #0x1d3                  // Supervisor mode, A/I/F masked
    msr     spsr_cxsf, r0
    eret
svc_main:
    ldr     r8, =N
1:  mov     r0, #0
    hvc     #0
    subs    r8, r8, #1
    bne     1b
    hvc     #1                          // to Hyp mode, which exits
    .endif
exit:
    mov     r0, #0x18                   // SYS_EXIT
    ldr     r1, =0x20026                // ADP_Stopped_ApplicationExit
    svc     #0x123456
    b       .
    .ltorg
    .balign 32
hyp_vectors:
    b       .
    b       .
    b       .
    b       .
    b       .
    b       hyp_trap                    // 0x14: Hyp Trap
    b       .
    b       .
hyp_trap:
    mrc     p15, 4, r1, c5, c2, 0       // HSR: HVC #1 ends the run
    tst     r1, #1
    bne     exit
    mov     r0, #0
    eret
