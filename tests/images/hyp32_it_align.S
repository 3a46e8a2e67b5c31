// hyp32_it_align: a misaligned T32 load inside an IT block in Hyp mode (issue 21; the
// executor's alignment check through the IT-block path, a32_it.c A32H_ACCESS). With the MMU
// off every data access is to Device memory, so the LDREQ.W at an odd address of an ITE EQ
// block (its condition passes) takes the Alignment fault into Hyp mode (HVBAR + 0x10, HSR
// 0x96000021: EC 0x25, IL 1, DFSC 0x21) with SPSR_hyp.IT = its own ITSTATE 0x0c; the handler
// checks HSR and the IT bits, steps over it with ITSTATE advanced to 0x18 (AArch32.ITAdvance),
// and the LDRNE.W after it fails its condition (no access, no fault). Exit 0, or 100 + n when
// check n failed.
    .syntax unified
    .arch armv7ve
    .arch_extension virt
    .text
    .arm
    .global _start
_start:
    ldr     r0, =hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      // HVBAR
    mov     r6, #0
    ldr     r0, =tcode + 1
    bx      r0
    .thumb
    .type   tcode, %function
tcode:
    ldr     r3, =word
    cmp     r0, r0                      // EQ
    ite     eq
    .global it_ldr
it_ldr:
    ldreq.w r1, [r3, #1]                // misaligned: Alignment fault, SPSR_hyp.IT 0x0c
    .global it_ldrne
it_ldrne:
    ldrne.w r1, [r3, #3]                // fails its condition: no access
    .global it_after
it_after:
    cmp     r6, #1
    bne     fail3
    movs    r0, #0x18                   // SYS_EXIT
    ldr     r1, =0x20026
    hlt     #0x3c
fail3:
    movs    r2, #103
    b       fail
    .ltorg
    .arm
    .balign 32
hyp_vectors:
    b       .
    b       .
    b       .
    b       .
    b       hyp_dabt                    // 0x10
    b       .
    b       .
    b       .
hyp_dabt:
    mrc     p15, 4, r3, c5, c2, 0       // HSR
    ldr     r4, =0x96000021
    cmp     r3, r4
    bne     fail1
    mrs     r2, spsr
    ldr     r4, =0x0600fc00
    and     r5, r2, r4
    cmp     r5, #0xc00                  // SPSR_hyp.IT = 0x0c
    bne     fail2
    bic     r2, r2, r4
    orr     r2, r2, #0x1800             // ITAdvance: 0x18
    msr     spsr_cxsf, r2
    mrs     r7, ELR_hyp
    add     r7, r7, #4                  // over the 32-bit LDREQ.W
    msr     ELR_hyp, r7
    ldr     r3, =word                   // (r3 was the HSR)
    add     r6, r6, #1
    eret
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
    .ltorg
    .balign 4
word:
    .word   0x11223344, 0x55667788
    .data
fail_block:
    .word   0, 0
