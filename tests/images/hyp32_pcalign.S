// hyp32_pcalign: the PC alignment fault from AArch32 on the Hyp-mode machine (issue 21;
// --arch aarch32 --cpu cortex-a15; AArch32.CheckPCAlignment -> AArch32.Abort ->
// AArch32.TakePrefetchAbortException). Hyp mode: BX to an A32 address with bit 1 set
// (target + 2) takes HVBAR + 0x0C with HSR 0x8a000000 (EC 0x22, IL 1, ISS 0), HIFAR =
// ELR_hyp = target + 2. Supervisor mode, HCR.TGE = 0: the same BX to Abort mode (VBAR +
// 0x0C, IFSR 0x001: Alignment fault, IFAR = target + 2, LR_abt = target + 6); then LPAE
// (TTBCR.EAE = 1): a POP {pc} of target + 2, IFSR 0x221. Its HVC #0 (Hyp Trap) sets
// HCR.TGE and goes on in User mode, whose MOV pc, r2 (an A32 ALU write of the PC is
// BXWritePC) comes to the Hyp Trap entry HVBAR + 0x14 with HSR 0x8a000000 and HIFAR,
// where the run ends: exit 0 when every HSR, IFSR, IFAR, HIFAR, ELR_hyp and LR_abt logged
// is as the Arm ARM gives, 100 + n at the first that is not. HSR.IL is 1 for EC 0x22 in
// DDI 0487 (ESR_ELx.IL RES1 but for the EC values with an instruction length); QEMU 7.2
// clears it on its ARMv7 cortex-a15 (its log shows the syndrome before, 0x8a000000), so the
// handlers read HSR with IL set, as hyp32_mmu does, and both exit 0.
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
    ldr     r2, =target + 2
    ldr     r9, =log
hyp_bx:
    bx      r2                          // HVBAR + 0x0C, HSR 0x8a000000, HIFAR target + 2
hyp_after:
    ldr     r0, =svc_code
    msr     ELR_hyp, r0
    mov     r0, #0x1d3                  // Supervisor mode
    msr     spsr_cxsf, r0
    eret
svc_code:
.ifdef PCALIGN_HYP_ONLY
    b       svc_after2
.endif
    cps     #0x17
    ldr     sp, =abt_stack
    cps     #0x13
    ldr     sp, =svc_stack
    adr     r8, svc_after
svc_bx:
    bx      r2                          // Abort mode, IFSR 0x001, IFAR target + 2
svc_after:
    mov     r0, #0x80000000             // TTBCR.EAE: the long-descriptor IFSR
    mcr     p15, 0, r0, c2, c0, 2
    adr     r8, svc_after2
    push    {r2}
svc_pop:
    pop     {pc}                        // Abort mode, IFSR 0x221
svc_after2:
    hvc     #0                          // Hyp Trap: TGE, on in User mode
usr_code:
usr_mov:
    mov     pc, r2                      // Hyp Trap, HSR 0x8a000000
    b       .

    .balign 16
target:
    nop
    nop
    b       .

    .balign 32
svc_vectors:
    b       .
    b       .
    b       .
    b       pabt                        // 0x0C
    b       .
    b       .
    b       .
    b       .
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
    b       hyp_pabt                    // 0x0C
    b       .
    b       hyp_trap                    // 0x14
    b       .
    b       .
hyp_pabt:
    mrc     p15, 4, r10, c5, c2, 0      // HSR
    orr     r10, r10, #(1 << 25)        // IL: see above
    mrc     p15, 4, r11, c6, c0, 2      // HIFAR
    mrs     r12, ELR_hyp
    stmia   r9!, {r10, r11, r12}
    ldr     r12, =hyp_after
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
1:  orr     r10, r10, #(1 << 25)        // IL: see above
    mrc     p15, 4, r11, c6, c0, 2      // HIFAR
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
    .word   0x8a000000, target + 2, target + 2
.ifndef PCALIGN_HYP_ONLY
    .word   0x001, target + 2, target + 6
    .word   0x221, target + 2, target + 6
.endif
    .word   0x8a000000, target + 2, target + 2
    .word   0
    .balign 4096
log:
    .space  4 * 12
    .space  64
abt_stack:
    .space  64
svc_stack:
