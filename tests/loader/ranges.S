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

// Forms without an overflow check (and LD_PREL_LO19): the tests only give
// them bit patterns and check the fields.
        .section .r.ldprel19, "ax"
        ldr     x0, s_ldprel19                  // k=13 LD_PREL_LO19 (checked)
        .section .r.g3, "ax"
        movz    x0, #:abs_g3:s_g3               // k=14 MOVW_UABS_G3
        .section .r.g2nc, "ax"
        movk    x0, #:abs_g2_nc:s_g2nc          // k=15 MOVW_UABS_G2_NC
        .section .r.g1nc, "ax"
        movk    x0, #:abs_g1_nc:s_g1nc          // k=16 MOVW_UABS_G1_NC
        .section .r.g0nc, "ax"
        movk    x0, #:abs_g0_nc:s_g0nc          // k=17 MOVW_UABS_G0_NC
        .section .r.adrpnc, "ax"
        adrp    x0, :pg_hi21_nc:s_adrpnc        // k=18 ADR_PREL_PG_HI21_NC
        .section .r.add, "ax"
        add     x0, x0, :lo12:s_add             // k=19 ADD_ABS_LO12_NC
        .section .r.ldst8, "ax"
        ldrb    w0, [x0, :lo12:s_ldst8]         // k=20 LDST8_ABS_LO12_NC
        .section .r.ldst16, "ax"
        ldrh    w0, [x0, :lo12:s_ldst16]        // k=21 LDST16_ABS_LO12_NC
        .section .r.ldst32, "ax"
        ldr     w0, [x0, :lo12:s_ldst32]        // k=22 LDST32_ABS_LO12_NC
        .section .r.ldst64, "ax"
        ldr     x0, [x0, :lo12:s_ldst64]        // k=23 LDST64_ABS_LO12_NC
        .section .r.ldst128, "ax"
        str     q0, [x0, :lo12:s_ldst128]       // k=24 LDST128_ABS_LO12_NC
        .section .r.abs64, "a"
        .balign 4
        .quad   s_abs64                         // k=25 ABS64 (8 bytes)
        .section .r.prel64, "a"
        .balign 4
        .quad   s_prel64 - .                    // k=26 PREL64 (8 bytes, at +0x6c)
