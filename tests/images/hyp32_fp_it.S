// hyp32_fp_it: an FP instruction HCPTR traps inside a T32 IT block (issue 21; a32_fp.c
// through a32_it.c, uc_facts.h F23). Hyp mode enables CPACR and FPEXC, sets HCPTR.TCP10/11
// and enters Supervisor mode in T32, where an ITE EQ block holds VADDEQ (its condition
// passes: the Hyp Trap, HSR EC 0x07 with CV 1 and COND 0x0 = ITSTATE<7:4>, SPSR_hyp.IT =
// the VADDEQ's ITSTATE 0x0c) and VADDNE (fails: not executed, not trapped). The handler
// checks HSR and SPSR_hyp.IT, steps over the VADDEQ with the ITSTATE advanced (0x18,
// AArch32.ITAdvance) and returns; HVC #2 ends the run: exit 0, or 100 + n when check n failed.
    .syntax unified
    .arch armv7ve
    .fpu neon-vfpv4
    .text
    .arm
    .global _start
_start:
    ldr     r0, =hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      // HVBAR
    mov     r0, #0x00f00000             // CPACR.cp10, cp11: full access
    mcr     p15, 0, r0, c1, c0, 2
    isb
    mov     r0, #0x40000000
    vmsr    fpexc, r0                   // FPEXC.EN
    mrc     p15, 4, r0, c1, c1, 2       // HCPTR
    orr     r0, r0, #0xc00              // TCP10, TCP11
    mcr     p15, 4, r0, c1, c1, 2
    isb
    mov     r6, #0
    ldr     r0, =t32_code + 1
    msr     ELR_hyp, r0
    mov     r0, #0x1f3                  // Supervisor, T32
    msr     spsr_cxsf, r0
    eret
    .thumb
    .thumb_func
t32_code:
    cmp     r0, r0                      // EQ
    ite     eq
    .global it_vadd
it_vadd:
    vaddeq.f32 s0, s1, s2               // trapped: Hyp Trap
    .global it_vaddne
it_vaddne:
    vaddne.f32 s0, s1, s2               // not executed
    .global it_after
it_after:
    hvc     #2
    b       .
    .arm

hyp_trap:
    mrc     p15, 4, r3, c5, c2, 0       // HSR
    lsr     r4, r3, #26
    cmp     r4, #0x12
    beq     done
    ldr     r4, =0x1f00000a             // EC 0x07, IL, CV 1, COND 0x0 (EQ), coproc 0xA
    cmp     r3, r4
    bne     fail1
    mrs     r2, spsr
    ldr     r4, =0x0600fc00
    and     r5, r2, r4
    cmp     r5, #0xc00                  // SPSR_hyp.IT = 0x0c (ITE EQ, first instruction)
    bne     fail2
    bic     r2, r2, r4
    orr     r2, r2, #0x1800             // ITAdvance: 0x18
    msr     spsr_cxsf, r2
    mrs     r2, ELR_hyp
    add     r2, r2, #4                  // over the 32-bit VADDEQ
    msr     ELR_hyp, r2
    add     r6, r6, #1
    eret
done:
    cmp     r6, #1
    bne     fail3
    mov     r0, #0x18
    ldr     r1, =0x20026
    svc     #0x123456
    b       .
fail1:
    mov     r2, #101
    b       fail
fail2:
    mov     r2, #102
    b       fail
fail3:
    mov     r2, #103
fail:
    ldr     r1, =fail_block
    str     r2, [r1, #4]
    ldr     r2, =0x20026
    str     r2, [r1]
    mov     r0, #0x20                   // SYS_EXIT_EXTENDED
    svc     #0x123456
    b       .
    .balign 32
hyp_vectors:
    b       .
    b       .
    b       .
    b       .
    b       .
    b       hyp_trap                    // 0x14
    b       .
    b       .
    .data
fail_block:
    .word   0, 0
