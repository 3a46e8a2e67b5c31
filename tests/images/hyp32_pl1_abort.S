// hyp32_pl1_abort: memory aborts of the PL1 and User modes on the AArch32 Hyp-mode machine
// (issue 21; --arch aarch32 --cpu cortex-a15), and Hyp mode's own load without writeback.
// Hyp mode: LDR from 0x50000000 (no memory): HVBAR + 0x10, HSR 0x96000010 (ISV 0: not a
// stage 2 fault). Supervisor mode, HCR.TGE = 0: LDR from 0x50000000 to Abort mode
// (AArch32.TakeDataAbortException: VBAR + 0x10, LR_abt = the LDR + 8, DFSR 0x008, DFAR), a
// branch to 0x50000000 to Abort mode (AArch32.TakePrefetchAbortException: VBAR + 0x0C,
// LR_abt = 0x50000004, IFSR 0x008, IFAR); its HVC #0 (Hyp Trap) sets HCR.TGE and goes on in
// User mode, whose LDR from 0x50000008 comes to the Hyp Trap entry HVBAR + 0x14 (HSR
// 0x92000010, HDFAR 0x50000008), where the run ends: exit 0 when the HSRs, DFSR, IFSR,
// DFAR, IFAR and LR_abt logged are as the Arm ARM gives, 100 + n at the first that is not.
    .syntax unified
    .arch armv7ve
    .arch_extension virt
    .text
    .arm
    .global _start
_start:
    ldr     r0, =hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      // HVBAR
    ldr     r0, =svc_vectors
    mcr     p15, 0, r0, c12, c0, 0      // VBAR
    ldr     r2, =0x50000000
    ldr     r9, =log
hyp_ldr:
    ldr     r1, [r2]                    // HVBAR + 0x10, HSR 0x96000010
    ldr     r0, =svc_code
    msr     ELR_hyp, r0
    mov     r0, #0x1d3                  // Supervisor mode
    msr     spsr_cxsf, r0
    eret
svc_code:
    cps     #0x17
    ldr     sp, =abt_stack
    cps     #0x13
svc_ldr:
    ldr     r1, [r2]                    // Abort mode, DFSR 0x008
    adr     r8, after_pabt
svc_blx:
    blx     r2                          // Abort mode, IFSR 0x008, IFAR 0x50000000
after_pabt:
    hvc     #0                          // Hyp Trap: TGE, on in User mode
usr_code:
usr_ldr:
    ldr     r1, [r2, #8]                // Hyp Trap, HSR 0x92000010
    b       .

    .balign 32
svc_vectors:
    b       .
    b       .
    b       .
    b       pabt                        // 0x0C
    b       dabt                        // 0x10
    b       .
    b       .
    b       .
dabt:
    mrc     p15, 0, r10, c5, c0, 0      // DFSR
    mrc     p15, 0, r11, c6, c0, 0      // DFAR
    stmia   r9!, {r10, r11, lr}
    subs    pc, lr, #4
pabt:
    mrc     p15, 0, r10, c5, c0, 1      // IFSR
    mrc     p15, 0, r11, c6, c0, 2      // IFAR
    stmia   r9!, {r10, r11, lr}
    movs    pc, r8

    .balign 32
hyp_vectors:
    b       .
    b       .
    b       .
    b       .
    b       hyp_dabt                    // 0x10
    b       hyp_trap                    // 0x14
    b       .
    b       .
hyp_dabt:
    mrc     p15, 4, r10, c5, c2, 0      // HSR
    mrc     p15, 4, r11, c6, c0, 0      // HDFAR
    mrs     r12, ELR_hyp
    stmia   r9!, {r10, r11, r12}
    add     r12, r12, #4
    msr     ELR_hyp, r12
    eret
hyp_trap:
    mrc     p15, 4, r10, c5, c2, 0      // HSR
    lsr     r11, r10, #26
    cmp     r11, #0x12                  // the HVC: TGE = 1, User mode
    bne     1f
    mov     r0, #(1 << 27)
    mcr     p15, 4, r0, c1, c1, 0
    ldr     r0, =usr_code
    msr     ELR_hyp, r0
    mov     r0, #0x10
    msr     spsr_cxsf, r0
    eret
1:  mrc     p15, 4, r11, c6, c0, 0      // HDFAR
    mrs     r12, ELR_hyp
    stmia   r9!, {r10, r11, r12}
    ldr     r9, =log                    // compare with what the Arm ARM gives
    ldr     r10, =expected
    mov     r11, #100
2:  ldr     r0, [r10], #4
    cmp     r0, #0
    beq     done
    ldr     r1, [r9], #4
    add     r11, r11, #1
    cmp     r0, r1
    beq     2b
    ldr     r1, =exit_block             // exit 100 + the word that differs
    str     r11, [r1, #4]
    mov     r0, #0x20                   // SYS_EXIT_EXTENDED
    hlt     #0xf000
done:
    mov     r0, #0x18                   // SYS_EXIT
    ldr     r1, =0x20026
    hlt     #0xf000
    .ltorg
    .balign 8
exit_block:
    .word   0x20026, 0
expected:
    .word   0x96000010, 0x50000000, hyp_ldr
    .word   0x008, 0x50000000, svc_ldr + 8
    .word   0x008, 0x50000000, 0x50000004
    .word   0x92000010, 0x50000008, usr_ldr
    .word   0
    .balign 4096
log:
    .space  4 * 12
    .space  64
abt_stack:
