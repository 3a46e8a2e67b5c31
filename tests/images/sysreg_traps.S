// sysreg_traps: HCR_EL2.TVM traps EL1 writes of SCTLR_EL1 (EC 0x18), TRVM traps
// reads (SCTLR_EL1, TTBR0_EL1), TID3 traps ID register reads, TWI traps WFI (EC 0x01).
    .include "common.inc"
    .include "handlers.inc"
    .equ TRAPS, (HCR_RW | HCR_TVM | (1 << 18) | HCR_TWI | (1 << 30))   // + TID3, TRVM
    .text
    .global _start
_start:
    el2_setup el2_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    ldr     x0, =0x30d00800
    msr     sctlr_el1, x0
    drop_to_el1 el1_code, TRAPS
el1_code:
    ldr     x3, =0x30d00801
msr_sctlr_tvm:
    msr     sctlr_el1, x3           // TVM: trapped write
mrs_sctlr:
    mrs     x7, sctlr_el1           // TRVM: trapped read
mrs_ttbr0_trvm:
    mrs     x4, ttbr0_el1           // TRVM: trapped read
mrs_pfr0_tid3:
    mrs     x5, id_aa64pfr0_el1     // TID3: trapped read
wfi_twi:
    wfi                             // TWI: trapped
    ldr     x1, =HCR_RW
    hvc     #0x100                  // no traps
    ldr     x3, =0x30d00800
msr_sctlr:
    msr     sctlr_el1, x3           // now a plain write (traced)
    svc     #0x1e0
    b       .
    exit_routine
    el2_handlers
    el1_handlers
