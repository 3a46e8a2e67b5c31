// hyp32_fptrap: HCPTR's FP/Advanced SIMD traps on the Hyp-mode machine (issue 21;
// AArch32.CheckFPAdvSIMDTrap). Hyp mode enables CPACR and FPEXC (a VMOV runs), then sets
// HCPTR.TCP10/TCP11: its own VADD and VMRS FPEXC are UNDEFINED into Hyp mode (HVBAR +
// 0x04, HSR EC 0x07 with coproc 0xA); in Supervisor mode VADD (A32, then T32) takes the
// Hyp Trap (0x14, the same HSR); HVC #1: Hyp mode sets HCPTR.TASE only, so that the T32
// VADD.F32 runs and VADD.I32 (Advanced SIMD) traps with HSR.TA; HVC #2 ends the run: exit 0, or 100 + n
// when check n failed. Every trap is stepped over (ELR_hyp + 4).
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
    vmov    s0, r0                      // runs
    mrc     p15, 4, r0, c1, c1, 2       // HCPTR
    orr     r0, r0, #0xc00              // TCP10, TCP11
    mcr     p15, 4, r0, c1, c1, 2
    isb
    mov     r6, #0
    .global hyp_vadd
hyp_vadd:
    vadd.f32 s0, s1, s2                 // Undefined into Hyp mode (0x04)
    .global hyp_fpexc
hyp_fpexc:
    vmrs    r1, fpexc                   // likewise: HCPTR traps FPEXC too
    cmp     r6, #2
    bne     fail1
    ldr     r0, =svc_code
    msr     ELR_hyp, r0
    mov     r0, #0x1d3
    msr     spsr_cxsf, r0
    eret
svc_code:
    .global svc_vadd
svc_vadd:
    vadd.f32 s0, s1, s2                 // Hyp Trap (0x14)
    adr     r0, t32_code + 1
    bx      r0                          // on in T32
    .thumb
t32_code:
    .global t32_vadd
t32_vadd:
    vadd.f32 s0, s1, s2                 // T32: Hyp Trap, the same HSR (IL 1: 32-bit)
    hvc     #1
    .global svc_vadd2
svc_vadd2:
    vadd.f32 s0, s1, s2                 // HCPTR.TASE only: runs
    .global svc_simd
svc_simd:
    vadd.i32 q0, q1, q2                 // T32 Advanced SIMD: Hyp Trap, HSR.TA
    hvc     #2
    b       .
    .arm

hyp_undef:                              // EC 0x07 from Hyp mode: count, step over
    mrc     p15, 4, r3, c5, c2, 0       // HSR
    ldr     r4, =0x1fe0000a
    cmp     r3, r4
    bne     fail2
    add     r6, r6, #1
    mrs     r2, ELR_hyp
    add     r2, r2, #4
    msr     ELR_hyp, r2
    eret
hyp_trap:
    mrc     p15, 4, r3, c5, c2, 0       // HSR
    lsr     r4, r3, #26
    cmp     r4, #0x12
    beq     on_hvc
    mrs     r2, ELR_hyp                 // EC 0x07: step over
    add     r2, r2, #4
    msr     ELR_hyp, r2
    eret
on_hvc:
    ubfx    r4, r3, #0, #16
    cmp     r4, #2
    beq     done
    mrc     p15, 4, r0, c1, c1, 2       // HCPTR: TCP10, TCP11 clear; TASE
    bic     r0, r0, #0xc00
    orr     r0, r0, #0x8000
    mcr     p15, 4, r0, c1, c1, 2
    isb
    eret
done:
    mov     r0, #0x18
    ldr     r1, =0x20026
    svc     #0x123456
    b       .
fail1:
    mov     r2, #101
    b       fail
fail2:
    mov     r2, #102
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
    b       hyp_undef                   // 0x04
    b       .
    b       .
    b       .
    b       hyp_trap                    // 0x14
    b       .
    b       .
    .data
fail_block:
    .word   0, 0
