// smp.S - the several-PE benchmark (issue 20 item 8): NPES PEs (--defsym NPES=1, 2, 4;
// el2sim --cpus NPES, QEMU -smp NPES) each make N `hvc #0` round trips from EL1 through
// the 2-instruction EL2 handler of hvc-loop.S (6 instructions a round trip). PE 0 starts
// the others with PSCI CPU_ON64 (SMC), runs its own loop, then waits with AFFINITY_INFO
// until each has powered off (CPU_OFF from EL1) and exits by semihosting.
    .ifndef N
    .equ N, 1000000
    .endif
    .ifndef NPES
    .equ NPES, 1
    .endif
    .equ PSCI_CPU_OFF,         0x84000002
    .equ PSCI_CPU_ON64,        0xc4000003
    .equ PSCI_AFFINITY_INFO64, 0xc4000004
    .text
    .global _start
_start:
    mov     x19, #1
1:  cmp     x19, #NPES
    b.hs    pe_start
    ldr     x0, =PSCI_CPU_ON64
    mov     x1, x19
    adr     x2, pe_start
    mov     x3, x19
    smc     #0
    add     x19, x19, #1
    b       1b
// every PE: vectors, HCR_EL2.RW, to EL1 at el1_main (x20 = 0 on PE 0)
pe_start:
    mrs     x20, mpidr_el1
    and     x20, x20, #0xff
    adr     x0, vectors
    msr     vbar_el2, x0
    mov     x0, #(1 << 31)
    msr     hcr_el2, x0
    adr     x0, el1_main
    msr     elr_el2, x0
    mov     x0, #0x3c5
    msr     spsr_el2, x0
    isb
    eret
el1_main:
    ldr     x19, =N
1:  mov     x0, #0
    hvc     #0
    subs    x19, x19, #1
    b.ne    1b
    cbz     x20, 2f
    ldr     x0, =PSCI_CPU_OFF
    smc     #0
    b       .
2:  mov     x19, #1
3:  cmp     x19, #NPES
    b.hs    4f
    ldr     x0, =PSCI_AFFINITY_INFO64
    mov     x1, x19
    mov     x2, #0
    smc     #0
    cmp     x0, #1                  // OFF
    b.eq    5f
    wfe
    b       3b
5:  add     x19, x19, #1
    b       3b
4:  mov     x0, #0x18               // SYS_EXIT, ADP_Stopped_ApplicationExit, status 0
    adr     x1, exit_block
    hlt     #0xf000
    b       .
    .balign 8
exit_block:
    .quad   0x20026, 0
    .balign 2048
vectors:
    .rept 8
    b       .
    .balign 0x80
    .endr
    mov     x0, #0                  // lower EL sync: the 2-instruction handler
    eret
    .balign 0x80
    .rept 7
    b       .
    .balign 0x80
    .endr
