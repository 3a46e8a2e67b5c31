// a32_el1_exc: exceptions taken to an AArch32 EL1 (issue 21; guest in
// a32_el1_exc_guest.S). HCR_EL2.RW = 0, TGE = 0; VBAR_EL1 = the guest's vectors. The
// guest's SVCs and UNDEFINED instructions go to its own Supervisor and Undefined modes
// (AArch32.TakeException), never to EL2; its HVC #1 (from its SVC handler, after the
// SVC from User mode) comes to VBAR_EL2 + 0x600, where the banked registers are checked
// in X0-X30 (exit 100 + n when check n fails, 0 when all pass).
    .include "common.inc"

    .text
    .global _start
_start:
    el2_setup el2_vectors
    msr     hcr_el2, xzr                             // RW = 0: EL1 is AArch32; TGE = 0
    adr     x0, guest
    msr     vbar_el1, x0
    add     x0, x0, #0x20
    msr     elr_el2, x0
    mov     x0, #0x1d3                               // Supervisor mode, A/I/F masked
    msr     spsr_el2, x0
    isb
    eret

lower32_sync:
    mrs     x10, esr_el2
    lsr     x11, x10, #26
    cmp     x11, #0x12
    b.ne    fail1
    adr     x12, guest
    cmp     x0, #0x10                                // R0: the User mode the EL1 set up
    b.ne    fail2
    cmp     x2, #0x42                                // R2 at EL0
    b.ne    fail3
    cmp     x3, #0x10                                // R3: SPSR_svc of the SVC from User mode
    b.ne    fail4
    cmp     x5, #3                                   // R5: three UNDEFINED exceptions
    b.ne    fail5
    add     x13, x12, #0x54
    cmp     x18, x13                                 // R14_svc (X18): after the EL0 SVC
    b.ne    fail6
    add     x13, x12, #0x50
    cmp     x22, x13                                 // R14_und (X22): after the EL0 UDF
    b.ne    fail7
    mrs     x13, spsr_und                            // SPSR_und: User mode, from EL0
    cmp     x13, #0x10
    b.ne    fail8
    add     x13, x12, #0x38
    cmp     x20, x13                                 // R14_abt (X20): after the BKPT
    b.ne    fail9
    cmp     x6, #2                                   // R6: IFSR, FS 0b00010 (debug event)
    b.ne    fail10
    mov     x13, #0x8000
    cmp     x19, x13                                 // R13_svc (X19)
    b.ne    fail11
    semihost_exit 0
fail1:
    semihost_exit 101
fail2:
    semihost_exit 102
fail3:
    semihost_exit 103
fail4:
    semihost_exit 104
fail5:
    semihost_exit 105
fail6:
    semihost_exit 106
fail7:
    semihost_exit 107
fail8:
    semihost_exit 108
fail9:
    semihost_exit 109
fail10:
    semihost_exit 110
fail11:
    semihost_exit 111

    a32_el2_vectors lower32_sync

    .balign 0x100
guest:
    .incbin "a32_el1_exc_guest.bin"
