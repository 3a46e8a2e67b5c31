// misc.S - common symbols, an absolute symbol, and relocations in a section
// that is not loaded (they must be ignored, and an undefined symbol used only
// there must not get a scratch slot).
        .text
        .globl  entry_fn
        .type   entry_fn, %function
entry_fn:
        adrp    x0, common_buf
        add     x0, x0, :lo12:common_buf
        ret
        .size   entry_fn, . - entry_fn

        .data
        .quad   common_buf
        .quad   abs_sym + 4
        .quad   common_small

        .globl  abs_sym
        .set    abs_sym, 0x5000
        .comm   common_buf, 0x40, 16
        .comm   common_small, 4, 4

        .section .debug_misc, "", %progbits
        .quad   entry_fn
        .quad   only_in_debug
