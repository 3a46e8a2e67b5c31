// t32_traps: a32_traps in T32 (SPSR.T = 1): a 32-bit HVC, MCR and MRC, a 16-bit WFI
// (ESR.IL = 0, ELR + 2) and a 16-bit SVC at EL0.
    .include "a32_traps.inc"
    a32_el2 0x200, 0x300, 0x20
