// smp_unmodelled: a register el2sim does not model, read on both PEs (--cpus 2): the note
// at the end of the run counts every PE's accesses. PE 1 reads S3_0_C11_C0_0 twice
// (UNDEFINED: the handler skips the instruction) and powers off; the boot PE reads it
// once, waits until AFFINITY_INFO says PE 1 is off and powers off last (every PE off:
// exit 5, the run ending on the boot PE).
    .include "common.inc"
    .equ PSCI_CPU_OFF,  0x84000002
    .equ PSCI_CPU_ON64, 0xc4000003
    .text
    .global _start
_start:
    adr     x0, un_vectors
    msr     vbar_el2, x0
    isb
    ldr     x0, =PSCI_CPU_ON64
    mov     x1, #1
    adr     x2, un_secondary
    mov     x3, #0
    smc     #0
    mrs     x0, S3_0_C11_C0_0
1:  ldr     x0, =0xc4000004            // AFFINITY_INFO64(1, 0)
    mov     x1, #1
    mov     x2, #0
    smc     #0
    cmp     x0, #1                     // OFF
    b.ne    1b
    ldr     x0, =PSCI_CPU_OFF
    smc     #0
    semihost_exit 1

un_secondary:
    adr     x0, un_vectors
    msr     vbar_el2, x0
    isb
    mrs     x0, S3_0_C11_C0_0
    mrs     x0, S3_0_C11_C0_0
    ldr     x0, =PSCI_CPU_OFF
    smc     #0
    semihost_exit 2

    .balign 2048
un_vectors:
    .rept 4
    semihost_exit 3
    .balign 0x80
    .endr
    mrs     x9, elr_el2                // UNDEF at EL2: skip the instruction
    add     x9, x9, #4
    msr     elr_el2, x9
    eret
    .balign 0x80
    .rept 10
    semihost_exit 4
    .balign 0x80
    .endr
