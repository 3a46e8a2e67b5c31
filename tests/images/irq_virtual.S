// irq_virtual: virtual interrupts by HCR_EL2.VI/VF/VSE (AArch64.TakeVirtualIRQException,
// ...FIQException, ...SErrorException), taken at EL1 only with the matching IMO/FMO/AMO
// set and TGE clear, and masked there by PSTATE.I/F/A.
//  1. VI = 1 with IMO = 0: nothing is taken at EL1 with PSTATE.I = 0, and ISR_EL1.I
//     (the physical view) reads 0.
//  2. VI = 1, IMO = 1, EL1 with PSTATE.I = 1: pending (ISR_EL1.I = 1, the virtual view),
//     taken to EL1 (VBAR_EL1 + 0x280) right after MSR DAIFClr, #2; the handler asks EL2
//     (HVC #3) to clear VI.
//  3. VF = 1, FMO = 1: VFIQ taken at EL1 (VBAR_EL1 + 0x300) at the first instruction after
//     the ERET that returns with PSTATE.F = 0; the handler asks EL2 to clear VF.
//  4. VSE = 1, AMO = 1: virtual SError taken at EL1 (VBAR_EL1 + 0x380) at the first
//     instruction after the ERET; ESR_EL1 = EC 0x2F with VSESR_EL2's ISS where FEAT_RAS
//     is implemented (ID_AA64PFR0_EL1.RAS != 0: VSESR_EL2 = 0x1234 was written), ISS 0
//     otherwise; taking it clears HCR_EL2.VSE.
// Exits 0, or the number of the failed check.
    .include "common.inc"
    .include "irq.inc"
    .equ HCR_FMO, (1 << 3)
    .equ HCR_IMO, (1 << 4)
    .equ HCR_AMO, (1 << 5)
    .equ HCR_VF, (1 << 6)
    .equ HCR_VI, (1 << 7)
    .equ HCR_VSE, (1 << 8)

    .text
    .global _start
_start:
    el2_setup el2_irq_vectors
    adr     x0, el1_irq_vectors
    msr     vbar_el1, x0
    mov     x21, #0                     // virtual interrupts taken at EL1
    mrs     x0, id_aa64pfr0_el1
    ubfx    x22, x0, #28, #4            // RAS
    cbz     x22, 1f
    mov     x0, #0x1234
    msr     S3_4_C5_C2_3, x0            // VSESR_EL2
1:  drop_to_el1 el1_code, (HCR_RW | HCR_VI), 0x305
el1_code:
    isb
    mrs     x1, isr_el1
    cbnz    x1, f1                      // IMO = 0: physical view, nothing pending
    cbnz    x21, f2
    msr     daifset, #2
    hvc     #1                          // HCR_EL2 = RW | IMO | VI
    mrs     x1, isr_el1
    tbz     x1, #7, f3                  // the virtual IRQ is pending
    cbnz    x21, f2
t2_unmask:
    msr     daifclr, #2                 // taken here
t2_after:
    cmp     x21, #1
    b.ne    f4
    msr     daifset, #3                 // I and F masked
    hvc     #2                          // HCR_EL2 = RW | FMO | VF; return with PSTATE.F = 0
t3_at:
    cmp     x21, #2
    b.ne    f5
    hvc     #4                          // HCR_EL2 = RW | AMO | VSE; return with PSTATE.A = 0
t4_at:
    cmp     x21, #3
    b.ne    f6
    mrs     x1, esr_el1
    mov     x2, #0xbe000000
    cbz     x22, 2f
    movk    x2, #0x1234
2:  cmp     x1, x2
    b.ne    f7
    hvc     #5                          // EL2 checks HCR_EL2.VSE == 0, exits 0

f1: fail_exit 1
f2: fail_exit 2
f3: fail_exit 3
f4: fail_exit 4
f5: fail_exit 5
f6: fail_exit 6
f7: fail_exit 7
f8: fail_exit 8
f9: fail_exit 9
    fail_routine

// HVC #1: IMO | VI; #2: FMO | VF, ERET with F = 0; #3: VI, VF cleared; #4: AMO | VSE,
// ERET with A = 0; #5: check VSE clear, exit 0
el2_sync:
    mrs     x9, esr_el2
    ubfx    x10, x9, #26, #6
    cmp     x10, #0x16
    b.ne    f8
    and     x10, x9, #0xffff
    mrs     x11, hcr_el2
    cmp     x10, #1
    b.ne    1f
    ldr     x9, =(HCR_RW | HCR_IMO | HCR_VI)
    b       8f
1:  cmp     x10, #2
    b.ne    2f
    mrs     x9, spsr_el2
    bic     x9, x9, #0x40               // return with PSTATE.F = 0
    msr     spsr_el2, x9
    ldr     x9, =(HCR_RW | HCR_FMO | HCR_VF)
    b       8f
2:  cmp     x10, #3
    b.ne    3f
    bic     x9, x11, #(HCR_VI | HCR_VF)
    b       8f
3:  cmp     x10, #4
    b.ne    4f
    mrs     x9, spsr_el2
    bic     x9, x9, #0x100              // return with PSTATE.A = 0
    msr     spsr_el2, x9
    ldr     x9, =(HCR_RW | HCR_AMO | HCR_VSE)
    b       8f
4:  tst     x11, #HCR_VSE
    b.ne    f9
    semihost_exit 0
8:  msr     hcr_el2, x9
    isb
    eret

el1_virq:
el1_vfiq:
    add     x21, x21, #1
    hvc     #3                          // clear VI and VF
    eret
el1_vserr:
    add     x21, x21, #1
    eret

    irq_vectors el2_irq_vectors, el2_sync, f9, f9, f9
    irq_vectors el1_irq_vectors, f9, el1_virq, el1_vfiq, el1_vserr
