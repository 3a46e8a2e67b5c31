// ranges.S - one relocation per section, each against its own undefined
// symbol, so tests can give each symbol a value through --define and check
// the AArch64 ELF ABI overflow limits at both ends.  Every section is 4 bytes
// with alignment 4, so section k sits at base + 4*k.

        .section .r.call26, "ax"
        bl      s_call26                        // k=0  CALL26
        .section .r.jump26, "ax"
        b       s_jump26                        // k=1  JUMP26
        .section .r.condbr19, "ax"
        b.ne    s_condbr19                      // k=2  CONDBR19
        .section .r.tstbr14, "ax"
        tbz     x0, #1, s_tstbr14               // k=3  TSTBR14
        .section .r.adr, "ax"
        adr     x0, s_adr                       // k=4  ADR_PREL_LO21
        .section .r.adrp, "ax"
        adrp    x0, s_adrp                      // k=5  ADR_PREL_PG_HI21
        .section .r.g0, "ax"
        movz    x0, #:abs_g0:s_g0               // k=6  MOVW_UABS_G0
        .section .r.g1, "ax"
        movz    x0, #:abs_g1:s_g1               // k=7  MOVW_UABS_G1
        .section .r.g2, "ax"
        movz    x0, #:abs_g2:s_g2               // k=8  MOVW_UABS_G2
        .section .r.abs32, "a"
        .balign 4
        .word   s_abs32                         // k=9  ABS32
        .section .r.abs16, "a"
        .balign 4
        .hword  s_abs16, 0                      // k=10 ABS16
        .section .r.prel32, "a"
        .balign 4
        .word   s_prel32 - .                    // k=11 PREL32
        .section .r.prel16, "a"
        .balign 4
        .hword  s_prel16 - ., 0                 // k=12 PREL16
