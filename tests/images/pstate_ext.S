// pstate_ext: PSTATE.PAN, UAO and SSBS (FEAT_PAN, FEAT_UAO, FEAT_SSBS). Without them
// (cortex-a57) MSR (immediate) and MRS/MSR of PAN, UAO and SSBS are UNDEFINED. With them
// (neoverse-n1): MSR (immediate) and MSR/MRS (register) set and read them; an exception
// saves them in SPSR, clears UAO, sets SSBS from SCTLR_ELx.DSSBS and, entering EL1 with
// SCTLR_EL1.SPAN = 0, sets PAN; an exception return restores them from SPSR. At EL0 the
// PAN and UAO forms are UNDEFINED (they need EL1), SSBS is not. The handlers read the
// fields into x23-x25 and the SPSR into x26; x27-x29 hold them after the EL2 return
// (tests/test_core.c checks the values).
    .arch   armv8.2-a+ssbs
    .include "common.inc"
    .equ SCTLR_SPAN, (1 << 23)
    .text
    .global _start
_start:
    el2_setup el2_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    mrs     x0, id_aa64mmfr1_el1
    ubfx    x0, x0, #20, #4                 // PAN
    cbnz    x0, have_pan
    // no FEAT_PAN, FEAT_UAO, FEAT_SSBS: each access is UNDEFINED (stepped over at EL2)
undef_msr_pan:
    msr     pan, #1
undef_mrs_pan:
    mrs     x0, pan
undef_msr_uao:
    msr     uao, #1
undef_msr_ssbs:
    msr     ssbs, #1
undef_mrs_ssbs:
    mrs     x0, ssbs
    hvc     #0x1e0                          // exit 0

have_pan:
    msr     pan, #1
    mrs     x20, pan
    msr     uao, #1
    mrs     x21, uao
    msr     ssbs, #1
    mrs     x22, ssbs
hvc_el2:
    hvc     #1                              // SPSR_EL2 with PAN, UAO, SSBS; in the handler PAN 1, UAO 0, SSBS 0
    mrs     x27, pan                        // restored by the ERET
    mrs     x28, uao
    mrs     x29, ssbs
    msr     pan, xzr                        // the register forms
    msr     uao, xzr
    msr     ssbs, xzr
    mrs     x20, pan
    mrs     x21, uao
    mrs     x22, ssbs
    ldr     x0, =(0x30d00800 & ~SCTLR_SPAN) // SPAN = 0: PAN set on entry to EL1
    msr     sctlr_el1, x0
    drop_to_el1 el1_code
el1_code:
    mrs     x20, pan                        // 0, from SPSR_EL2
svc_el1_span0:
    svc     #1                              // PAN set on entry
    mrs     x20, pan                        // 0 again, from SPSR_EL1
    ldr     x0, =0x30d00800                 // SPAN = 1
    msr     sctlr_el1, x0
svc_el1_span1:
    svc     #2                              // PAN left alone
    adr     x0, el0_code
    msr     elr_el1, x0
    mov     x0, #SPSR_EL0T
    msr     spsr_el1, x0
    ldr     x0, =STACK_EL0
    msr     sp_el0, x0
    eret
el0_code:
undef_msr_pan_el0:
    msr     pan, #1                         // UNDEFINED at EL0
undef_mrs_pan_el0:
    mrs     x0, pan                         // UNDEFINED at EL0
    msr     ssbs, #1                        // SSBS is EL0's
    mrs     x22, ssbs
    svc     #0x1e0                          // exit 0
    b       .

exit_ok:
    semihost_exit 0

// EL2: HVC #0x1e0 exits; another HVC reads PAN/UAO/SSBS/SPSR_EL2 into x23-x26 and
// returns; anything else is stepped over.
    .balign 2048
el2_vectors:
    .rept 4
    b       .
    .balign 0x80
    .endr
    b       el2_sync                        // 0x200
    .balign 0x80
    .rept 3
    b       .
    .balign 0x80
    .endr
    b       el2_sync                        // 0x400
    .balign 0x80
    .rept 7
    b       .
    .balign 0x80
    .endr
el2_sync:
    mrs     x9, esr_el2
    ubfx    x10, x9, #26, #6
    cmp     x10, #0x16
    b.ne    1f
    and     x10, x9, #0xffff
    cmp     x10, #0x1e0
    b.eq    exit_ok
    mrs     x23, pan
    mrs     x24, uao
    mrs     x25, ssbs
    mrs     x26, spsr_el2
    eret
1:  mrs     x9, elr_el2
    add     x9, x9, #4
    msr     elr_el2, x9
    eret

// EL1: SVC #0x1e0 exits; another SVC reads PAN/UAO/SSBS/SPSR_EL1 into x23-x26 and
// returns; anything else (EL0's UNDEFs) is stepped over.
    .balign 2048
el1_vectors:
    .rept 4
    b       .
    .balign 0x80
    .endr
    b       el1_sync                        // 0x200
    .balign 0x80
    .rept 3
    b       .
    .balign 0x80
    .endr
    b       el1_sync                        // 0x400
    .balign 0x80
    .rept 7
    b       .
    .balign 0x80
    .endr
el1_sync:
    mrs     x9, esr_el1
    ubfx    x10, x9, #26, #6
    cmp     x10, #0x15
    b.ne    1f
    and     x10, x9, #0xffff
    cmp     x10, #0x1e0
    b.eq    exit_ok
    mrs     x23, pan
    mrs     x24, uao
    mrs     x25, ssbs
    mrs     x26, spsr_el1
    eret
1:  mrs     x9, elr_el1
    add     x9, x9, #4
    msr     elr_el1, x9
    eret
