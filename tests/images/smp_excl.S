// smp_excl: exclusive monitors across PEs (run with --cpus 4 and a small --quantum).
// Each of the four PEs adds 1 to a shared counter ITER times with a LDXR/STXR loop whose
// LDXR and STXR are in different blocks, x25 (--reg x25=N on PE 0) loops of 2 instructions
// apart (a turn can end between them), and counts its
// failed STXRs; on a CPU with FEAT_LSE it then adds 1 ITER times to a second counter with
// LDADD. The ABA case: PE 1's LDXR marks excl_aba, PE 0 stores the value it holds back to
// it, and PE 1's STXR must fail (excl_aba_status = 1). PE 0 waits for the others to be off
// and exits 0; the test reads the counters (excl_count = excl_lse = 4 * ITER).
    .include "common.inc"
    .equ PSCI_CPU_OFF,         0x84000002
    .equ PSCI_CPU_ON64,        0xc4000003
    .equ PSCI_AFFINITY_INFO64, 0xc4000004
    .equ ITER, 200

    .text
    .global _start
_start:
    ldr     x0, =STACK_EL2
    mov     sp, x0
    adr     x1, excl_delay             // x25 (--reg): the delay between LDXR and STXR
    str     x25, [x1]
    mov     x19, #1
1:  ldr     x0, =PSCI_CPU_ON64          // PEs 1-3 at excl_secondary, context ID = N
    mov     x1, x19
    adr     x2, excl_secondary
    mov     x3, x19
    smc     #0
    add     x19, x19, #1
    cmp     x19, #4
    b.ne    1b
    mov     x19, #0
    bl      excl_work
    // the ABA case: PE 1 has marked excl_aba (excl_flag_a = 1) and waits for excl_flag_b
    adr     x1, excl_flag_a
2:  ldr     w0, [x1]
    cbz     w0, 2b
    adr     x1, excl_aba
    ldr     w0, [x1]
excl_aba_store:
    str     w0, [x1]                   // the same value: a store all the same
    adr     x1, excl_flag_b
    mov     w0, #1
    str     w0, [x1]
    // wait until PEs 1-3 are off
    mov     x19, #1
3:  ldr     x0, =PSCI_AFFINITY_INFO64
    mov     x1, x19
    mov     x2, #0
    smc     #0
    cmp     x0, #1                     // OFF
    b.ne    3b
    add     x19, x19, #1
    cmp     x19, #4
    b.ne    3b
    semihost_exit 0

excl_secondary:
    mov     x19, x0
    cmp     x19, #1
    b.ne    1f
    // PE 1: LDXR excl_aba, let PE 0 store to it, then STXR
    adr     x1, excl_aba
    ldxr    w0, [x1]
    adr     x4, excl_flag_a
    mov     w5, #1
    str     w5, [x4]
    adr     x4, excl_flag_b
2:  ldr     w5, [x4]
    cbz     w5, 2b
    adr     x1, excl_aba
    add     w0, w0, #1
excl_aba_stxr:
    stxr    w3, w0, [x1]
    adr     x4, excl_aba_status
    str     w3, [x4]
1:  bl      excl_work
    ldr     x0, =PSCI_CPU_OFF
    smc     #0
    b       .

// PE x19: ITER increments of excl_count by LDXR/STXR (failures into excl_fails[x19]),
// then, with FEAT_LSE, ITER of excl_lse by LDADD
excl_work:
    adr     x1, excl_count
    mov     x21, #ITER
    mov     x22, #0
    ldr     x6, excl_delay
excl_loop:
    ldxr    w2, [x1]
    mov     x5, x6
    b       1f                         // a block ends here: a turn may end between the two
6:  sub     x5, x5, #1                 // the delay: 2 instructions an iteration
1:  cbnz    x5, 6b
    add     w2, w2, #1
    stxr    w3, w2, [x1]
    cbz     w3, 2f
    add     x22, x22, #1
    b       excl_loop
2:  subs    x21, x21, #1
    b.ne    excl_loop
    adr     x1, excl_fails
    str     x22, [x1, x19, lsl #3]
    mrs     x0, id_aa64isar0_el1
    ubfx    x0, x0, #20, #4            // Atomic: LDADD and the rest (FEAT_LSE)
    cbz     x0, 4f
    adr     x1, excl_lse
    mov     x21, #ITER
    mov     w2, #1
3:  .inst   0xb822003f                 // stadd w2, [x1] (LDADD w2, wzr, [x1])
    b       5f
5:  subs    x21, x21, #1
    b.ne    3b
4:  ret

    .data
    .balign 8
excl_count:      .word 0
excl_lse:        .word 0
excl_aba:        .word 0x1234
excl_aba_status: .word 0xff
excl_flag_a:     .word 0
excl_flag_b:     .word 0
    .balign 8
excl_fails:      .quad 0, 0, 0, 0
excl_delay:      .quad 0
