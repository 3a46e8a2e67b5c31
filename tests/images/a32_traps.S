// a32_traps: an A32 EL1 under the AArch64 EL2 (a32_traps.inc): HVC, CP15 MCR/MRC trapped
// by TVM/TRVM, WFI trapped by TWI, then an A32 EL0 whose SVC goes to EL2 with TGE = 1.
    .include "a32_traps.inc"
    a32_el2 0x000, 0x100, 0
