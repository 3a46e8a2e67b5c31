// irqstub.S - an SMCCC v1.1 responder at EL2 (every function NOT_SUPPORTED, -1 in x0)
// that lets interrupts in while it works (issue 19 item 6): it saves ELR_EL2 and
// SPSR_EL2 on its stack, unmasks IRQ (msr daifclr), works, masks again and restores them
// before its ERET; its IRQ handler at EL2 saves and restores what it uses. Correct as
// written; with --defsym BUG_xxx=1 it breaks one way, at the global label bug_site:
//   BUG_UNMASK   unmasks IRQ while ELR_EL2/SPSR_EL2 still hold the caller's return state
//                and keeps them only there: an interrupt taken while unmasked overwrites
//                them, and the ERET returns into the stub instead of to the caller
//   BUG_HCLOBBER the IRQ handler uses x19 without saving it: an interrupt during a call
//                breaks the call's contract (x19 is preserved under SMCCC)
// Run with HCR_EL2.IMO = 1 (at EL2 an IRQ is taken only when routed there) and an
// interrupt raised inside the call (a scenario's irq = 33@+N or irq = 33@irq_window).
    .section .hyp.text, "ax"
    .balign 2048
    .global irq_vectors
irq_vectors:
    .rept 5
    .balign 0x80
    b       .
    .endr
    .balign 0x80
    b       stub_irq                // 0x280: IRQ at EL2 (SP_EL2)
    .rept 2
    .balign 0x80
    b       .
    .endr
    .balign 0x80
    b       stub_sync               // 0x400: HVC from EL1
    .rept 7
    .balign 0x80
    b       .
    .endr

    .text
    .global irq_window
stub_sync:
    stp     x1, x2, [sp, #-16]!
.ifndef BUG_UNMASK
    mrs     x1, elr_el2             // the caller's return state, kept on the stack while
    mrs     x2, spsr_el2            // an interrupt may overwrite the registers
    stp     x1, x2, [sp, #-16]!
    msr     daifclr, #2
.else
    .global bug_site
bug_site:
    msr     daifclr, #2             // ELR_EL2/SPSR_EL2 hold the caller's return state only
.endif
irq_window:
    mov     x1, #20
1:  subs    x1, x1, #1
    b.ne    1b
    msr     daifset, #2
.ifndef BUG_UNMASK
    ldp     x1, x2, [sp], #16
    msr     elr_el2, x1
    msr     spsr_el2, x2
.endif
    ldp     x1, x2, [sp], #16
    mov     x0, #-1                 // NOT_SUPPORTED
    eret

stub_irq:
    stp     x0, x1, [sp, #-16]!
.ifdef BUG_HCLOBBER
    .global bug_site
bug_site:
    mov     x19, #0x33              // not saved: the interrupted call's x19
.endif
    mov     x0, #0x33               // (would acknowledge INTID 33 at a GIC)
    ldr     x1, =irq_count
    ldr     x0, [x1]
    add     x0, x0, #1
    str     x0, [x1]
    ldp     x0, x1, [sp], #16
    eret

    .data
    .balign 8
    .global irq_count
irq_count:
    .quad   0
