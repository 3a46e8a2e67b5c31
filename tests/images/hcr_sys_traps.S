// hcr_sys_traps: HCR_EL2 traps of SYS instructions (EC 0x18 to EL2, ISS Op0 1, Rt,
// direction 0). From EL1: TTLB traps TLBI, TSW DC ISW/CSW/CISW, TPCP DC IVAC/CVAC/CIVAC,
// TPU IC IALLU/IALLUIS/IVAU and DC CVAU, TDZ DC ZVA (DCZID_EL0.DZP reads 1); an EL2
// TLBI stays UNDEFINED. Without the traps they run (DZP reads 0). From EL0, with
// SCTLR_EL1.UCI and DZE set, TPU, TPCP and TDZ trap DC CVAU, IC IVAU, DC CIVAC and DC ZVA
// to EL2 (DZP reads 1) and a set/way operation is UNDEFINED. A wrong DCZID_EL0 exits
// with its check's status.
    .include "common.inc"
    .include "handlers.inc"
    .equ HCR_TSW,  (1 << 22)
    .equ HCR_TPCP, (1 << 23)
    .equ HCR_TPU,  (1 << 24)
    .equ HCR_TTLB, (1 << 25)
    .equ HCR_TDZ,  (1 << 28)
    .equ SCTLR_DZE, (1 << 14)
    .equ SCTLR_UCI, (1 << 26)
    .equ EL1_TRAPS, (HCR_RW | HCR_TTLB | HCR_TSW | HCR_TPCP | HCR_TPU | HCR_TDZ)
    .equ EL0_TRAPS, (HCR_RW | HCR_TPCP | HCR_TPU | HCR_TDZ)

.macro expect reg, val, st
    mrs     x1, \reg
    mov     x19, #\st
    cmp     x1, #\val
    b.ne    fail
.endm

    .text
    .global _start
_start:
    el2_setup el2_vectors
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    ldr     x0, =(0x30d00800 | SCTLR_DZE | SCTLR_UCI)
    msr     sctlr_el1, x0
    drop_to_el1 el1_code, EL1_TRAPS
el1_code:
    adr     x1, buf
t_tlbi_vmalle1:
    tlbi    vmalle1
t_tlbi_vae1:
    tlbi    vae1, x1
t_tlbi_vmalle1is:
    tlbi    vmalle1is
t_dc_isw:
    dc      isw, x1
t_dc_csw:
    dc      csw, x1
t_dc_cisw:
    dc      cisw, x1
t_dc_ivac:
    dc      ivac, x1
t_dc_cvac:
    dc      cvac, x1
t_dc_civac:
    dc      civac, x1
t_ic_iallu:
    ic      iallu
t_ic_ialluis:
    ic      ialluis
t_ic_ivau:
    ic      ivau, x1
t_dc_cvau:
    dc      cvau, x1
t_dc_zva:
    dc      zva, x1
    expect  dczid_el0, 0x14, 1              // DZP: TDZ prohibits DC ZVA
t_tlbi_alle2:
    tlbi    alle2                           // EL2 only: UNDEFINED at EL1
    ldr     x1, =HCR_RW
    hvc     #0x100
    adr     x1, buf
    expect  dczid_el0, 0x4, 2               // DZP = 0
t_tlbi_untrapped:
    tlbi    vmalle1                         // runs: a TLBI event
    dc      cisw, x1
    dc      ivac, x1
    dc      civac, x1
    ic      iallu
    ic      ivau, x1
    dc      cvau, x1
    ldr     x1, =EL0_TRAPS
    hvc     #0x100
    adr     x0, el0_code
    msr     elr_el1, x0
    mov     x0, #SPSR_EL0T
    msr     spsr_el1, x0
    eret
el0_code:
    adr     x1, buf
t0_dc_cvau:
    dc      cvau, x1                        // UCI = 1, TPU: to EL2
t0_ic_ivau:
    ic      ivau, x1
t0_dc_civac:
    dc      civac, x1                       // TPCP
t0_dc_zva:
    dc      zva, x1                         // DZE = 1, TDZ
    mrs     x20, dczid_el0                  // checked by test_core: 0x14
t0_dc_isw:
    dc      isw, x1                         // UNDEFINED at EL0
    svc     #0x1e0
    b       .

fail:
    mov     x0, #0x18
    adr     x1, 9f
    str     x19, [x1, #8]
    hlt     #0xf000
    b       .
    .balign 8
9:  .quad   0x20026, 0
    exit_routine
    el2_handlers
    el1_handlers

    .data
    .balign 64
buf:
    .fill   8, 8, 0
