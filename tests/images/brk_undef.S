// brk_undef: BRK at EL1 -> EL1 and (MDCR_EL2.TDE=1) -> EL2; UDF, an EL2 register
// and an unallocated register encoding read at EL1 are UNDEFINED at EL1.
    .include "common.inc"
    .include "handlers.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    mov     x0, #0
    msr     mdcr_el2, x0
    drop_to_el1 el1_code
el1_code:
brk_el1:
    brk     #0x12                   // EL1 -> EL1, EC 0x3c, ELR = the BRK
udf_el1:
    udf     #0                      // EL1 -> EL1, EC 0
mrs_hcr_el1:
    mrs     x0, hcr_el2             // EL2 register at EL1: UNDEFINED
mrs_unalloc_el1:
    mrs     x0, s3_0_c11_c0_0       // unallocated encoding: UNDEFINED
    mov     x1, #(1 << 8)           // MDCR_EL2.TDE
    hvc     #0x101
brk_tde:
    brk     #0x34                   // EL1 -> EL2
    svc     #0x1e0
    b       .
    exit_routine
    el2_handlers
    el1_handlers
