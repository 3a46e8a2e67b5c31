// irq_drive: interrupts raised by --irq's other forms (issue 19 item 5; el2sim only: QEMU
// has no such input). Run with --irq fiq@+20 --irq serror@t_serr --irq 45@t_irq.
// Everything runs at EL2 with HCR_EL2.{IMO,FMO,AMO} = 1 (at EL2 an interrupt is taken only
// when routed there) and PSTATE.{A,I,F} clear:
//  - fiq@+20: the physical FIQ is raised once 20 instructions have run; it is taken at
//    the first block start after that, in the wait loop (ELR = t_fiq_wait), and taking it
//    acknowledges it, so the handler returns into a loop that now ends;
//  - serror@t_serr: the physical SError is raised when execution reaches t_serr, and taken
//    at the next block start (ELR = t_serr_wait), with ISS 0;
//  - 45@t_irq: IRQ INTID 45 when execution reaches t_irq (ELR = t_irq_wait).
// Each handler counts in its own register; exit 0 when each ran exactly once.
    .include "common.inc"
    .include "irq.inc"
    .equ HCR_RW, (1 << 31)
    .equ HCR_AMO_FMO_IMO, (7 << 3)

    .text
    .global _start
_start:
    el2_setup el2_irq_vectors
    mov     x20, #0
    mov     x21, #0
    mov     x22, #0
    ldr     x0, =(HCR_RW | HCR_AMO_FMO_IMO)
    msr     hcr_el2, x0
    isb
    msr     daifclr, #0xf
t_fiq_wait:
    cbz     x21, t_fiq_wait
t_serr:
    nop
t_serr_wait:
    cbz     x22, t_serr_wait
t_irq:
    nop
t_irq_wait:
    cbz     x20, t_irq_wait
    mov     x0, #0
    cmp     x20, #1
    ccmp    x21, #1, #0, eq
    ccmp    x22, #1, #0, eq
    b.ne    f1
    semihost_exit 0

f1: fail_exit 1
f9: fail_exit 9
    fail_routine

el2_irq:
    add     x20, x20, #1
    eret
el2_fiq:
    add     x21, x21, #1
    eret
el2_serr:
    add     x22, x22, #1
    eret

    irq_vectors el2_irq_vectors, f9, el2_irq, el2_fiq, el2_serr
