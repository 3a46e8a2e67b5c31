// hyp32_pcalign_hyp: hyp32_pcalign without its Supervisor-mode part (the PC alignment
// faults to Abort mode), for the QEMU differential on the a15 pair, which cannot import
// QEMU 7.2's log of an exception taken to a PL1 mode: Hyp mode's BX to target + 2 (HVBAR +
// 0x0C, HSR 0x8a000000, HIFAR) and User mode's MOV pc with HCR.TGE (HVBAR + 0x14).
    .equ    PCALIGN_HYP_ONLY, 1
    .include "hyp32_pcalign.S"
