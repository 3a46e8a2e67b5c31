// relocs.S - test object for the ELF loader: every supported AArch64
// relocation, against local and global symbols, across sections, plus an
// undefined symbol (bound to scratch), one satisfied by --define, a weak one.
// tests/loader/relocs.ld links the same object where the loader places it.

        .text
        .globl  _start
        .type   _start, %function
_start:
        // MOVW, absolute: global symbol in .data, local one in .rodata
        movz    x0, #:abs_g3:global_data        // MOVW_UABS_G3
        movk    x0, #:abs_g2_nc:global_data     // MOVW_UABS_G2_NC
        movk    x0, #:abs_g1_nc:global_data     // MOVW_UABS_G1_NC
        movk    x0, #:abs_g0_nc:global_data     // MOVW_UABS_G0_NC
        movz    x1, #:abs_g2:ro_local           // MOVW_UABS_G2 (checked)
        movz    x1, #:abs_g1:ro_local + 8       // MOVW_UABS_G1 (checked)
        movz    x2, #:abs_g0:small_val          // MOVW_UABS_G0 (checked, --define)
        // page + low 12 bits
        adrp    x3, global_data                 // ADR_PREL_PG_HI21
        add     x3, x3, :lo12:global_data       // ADD_ABS_LO12_NC
        adrp    x4, :pg_hi21_nc:data_vars       // ADR_PREL_PG_HI21_NC
        ldrb    w5, [x4, :lo12:byte_var]        // LDST8_ABS_LO12_NC
        strb    w5, [x4, :lo12:byte_var + 1]
        ldrh    w5, [x4, :lo12:half_var]        // LDST16_ABS_LO12_NC
        strh    w5, [x4, :lo12:half_var]
        ldr     w5, [x4, :lo12:word_var]        // LDST32_ABS_LO12_NC
        str     w5, [x4, :lo12:word_var]
        ldr     x5, [x4, :lo12:dword_var]       // LDST64_ABS_LO12_NC
        str     x5, [x4, :lo12:dword_var]
        ldr     q0, [x4, :lo12:quad_var]        // LDST128_ABS_LO12_NC
        str     q0, [x4, :lo12:quad_var]
        ldr     x6, [x4, :lo12:bss_var]         // into .bss
        // PC-relative to other sections
        adr     x6, hyp_local                   // ADR_PREL_LO21 (local, other section)
        adr     x7, global_data + 4             // ADR_PREL_LO21 (global)
        b.eq    hyp_local                       // CONDBR19
        b.ne    hyp_func                        // CONDBR19 (global)
        cbz     x0, hyp_local + 4               // CONDBR19 (cbz)
        cbnz    w1, idmap_entry                 // CONDBR19 (cbnz)
        tbz     x0, #3, hyp_local               // TSTBR14
        ldr     x10, ro_local + 8               // LD_PREL_LO19 (literal load, other section)
        tbnz    w1, #0, hyp_func                // TSTBR14 (global)
        bl      hyp_func                        // CALL26 (global)
        bl      idmap_entry                     // CALL26 (local)
        bl      undef_func                      // CALL26 -> scratch
        bl      defined_func                    // CALL26 -> --define
        adrp    x8, undef_data                  // scratch symbol, page
        add     x8, x8, :lo12:undef_data
        movz    x9, #:abs_g1:undef_data
        movk    x9, #:abs_g0_nc:undef_data
        b       hyp_vectors                     // JUMP26 (global)
        .size   _start, . - _start

        .data
        .balign 16
        .globl  global_data
        .type   global_data, %object
global_data:
        .quad   _start                          // ABS64 global
        .quad   hyp_local + 8                   // ABS64 local (section + addend)
        .quad   undef_data                      // ABS64 scratch
        .quad   weak_undef                      // ABS64 weak undefined -> 0
        .quad   defined_func + 0x10             // ABS64 --define
        .quad   small_val
        .word   hyp_func                        // ABS32
        .word   ro_local - 4                    // ABS32 local
        .hword  small_val                       // ABS16
        .hword  ro_local - .                    // PREL16 (local)
        .word   _start - .                      // PREL32 (global, backwards)
        .word   ro_local + 12 - .               // PREL32 (local, forwards)
        .quad   hyp_func - .                    // PREL64
        .quad   idmap_entry - . + 0x100         // PREL64 (local)
        .reloc  ., R_AARCH64_NONE, _start       // R_AARCH64_NONE
        .word   0x11223344
        .size   global_data, . - global_data
        .balign 16
data_vars:
byte_var:  .byte 1, 2
        .balign 2
half_var:  .hword 0x1234
        .balign 4
word_var:  .word 0x12345678
        .balign 8
dword_var: .quad 0x123456789abcdef0
        .balign 16
quad_var:  .quad 1, 2

        .bss
        .balign 8
bss_var: .space 0x48

        .section .hyp.text, "ax"
        .balign 2048
        .globl  hyp_vectors
hyp_vectors:
        b       hyp_local                       // resolved by the assembler
        .balign 0x80
hyp_local:
        adr     x0, global_data                 // ADR_PREL_LO21 back to .data
        adrp    x1, ro_local
        ldr     x1, [x1, :lo12:ro_local]
        b       _start                          // JUMP26 back to .text
        .globl  hyp_func
        .type   hyp_func, %function
hyp_func:
        tbz     x2, #63, _start                 // TSTBR14 backwards
        b.hi    global_data                     // CONDBR19 to .data
        ret
        .size   hyp_func, . - hyp_func

        .section .rodata, "a"
        .balign 8
ro_local:
        .quad   0xfeedfacecafebeef
        .quad   hyp_vectors
        .quad   ro_local
        .hword  global_data - .                 // PREL16 (backwards)
        .hword  0

        .section .idmap.text, "ax"
idmap_entry:
        adr     x0, ro_local
        b       hyp_vectors
        bl      undef_func
        ret

        .weak   weak_undef
