// hyp32_vecstore: stores beside and over Hyp mode's vector table (--arch aarch32). The
// AArch32 table is 8 words at HVBAR (HVBAR<4:0> RES0): a store to HVBAR + 0x40, data past
// the table in the same page as code that ran, is no store over it; one to HVBAR + 0x1c
// (the FIQ entry) is, and el2sim warns once. Exits with semihosting SYS_EXIT, status 0.
    .syntax unified
    .arch armv7ve
    .text
    .arm
    .global _start
_start:                                 // Hyp mode, A/I/F masked
    ldr     r0, =hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      // HVBAR
    isb
    mov     r1, #0x55
data_store:
    str     r1, [r0, #0x40]             // after_table: not the table
vector_store:
    str     r1, [r0, #0x1c]             // the FIQ entry: warned
    mov     r0, #0x18                   // SYS_EXIT
    ldr     r1, =0x20026                // ADP_Stopped_ApplicationExit: status 0
    hlt     #0xf000
    b       .

    .balign 32
hyp_vectors:
    .rept 8
    b       .
    .endr
    .space  0x20
after_table:
    .word   0
