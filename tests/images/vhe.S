// vhe: HCR_EL2.E2H=1 at EL2. With FEAT_VHE (neoverse-n1) *_EL1 names reach the
// EL2 registers and *_EL12 the EL1 ones; without it (cortex-a57) E2H is RES0 and
// *_EL12 accesses are UNDEFINED at EL2.
    .arch armv8.1-a
    .include "common.inc"
    .include "handlers.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    ldr     x0, =0x30d00800
    msr     sctlr_el1, x0
    ldr     x0, =(HCR_RW | HCR_E2H)
set_e2h:
    msr     hcr_el2, x0
    isb
    mrs     x20, hcr_el2
    tbz     x20, #34, no_vhe
    adr     x1, el2_vectors
msr_vbar_el1:
    msr     vbar_el1, x1            // VBAR_EL2
    mrs     x21, vbar_el2
    adr     x2, el1_vectors
msr_vbar_el12:
    msr     vbar_el12, x2           // the real VBAR_EL1
    mrs     x22, vbar_el12
    mrs     x23, sctlr_el1          // SCTLR_EL2
    mrs     x24, sctlr_el2
    adr     x3, el1_vectors
msr_elr_el1:
    msr     elr_el1, x3             // ELR_EL2
    mrs     x25, elr_el2
    mrs     x26, elr_el12           // the real ELR_EL1
    hvc     #0x1e0                  // exit 0
no_vhe:
    adr     x2, el1_vectors
msr_vbar_el12_undef:
    msr     vbar_el12, x2           // UNDEFINED without FEAT_VHE
mrs_sctlr_el12_undef:
    mrs     x21, sctlr_el12         // UNDEFINED
    mrs     x23, sctlr_el1          // the real SCTLR_EL1
    hvc     #0x1e0
    b       .
    exit_routine
    el2_handlers
    el1_handlers
