// smc_patch: self-modifying code. patchme returns 1, is run, then rewritten to
// return 2 and run again; sysfn (a NOP) is run, then rewritten into MSR HCR_EL2, x3
// (which needs el2sim's code hook) and run again; hvcfn (a NOP) becomes HVC #0x77.
// Last, a store over the EL2 vector table (a dead entry), which el2sim reports.
// Exits with 0 when every rewritten instruction took effect, else 1.
    .include "common.inc"
    .include "handlers.inc"
    .text
    .global _start
_start:
    el2_setup el2_vectors
    bl      patchme
    mov     x20, x0                 // 1
    adr     x1, patchme
    ldr     w2, new_mov
    bl      patch
    bl      patchme
    mov     x21, x0                 // 2: the new instruction ran
    bl      sysfn                   // NOP the first time
    adr     x1, sysfn
    ldr     w2, new_msr
    bl      patch
    ldr     x3, =(HCR_RW | HCR_TWI)
    bl      sysfn                   // now MSR HCR_EL2, x3
    mrs     x22, hcr_el2
    bl      hvcfn
    adr     x1, hvcfn
    ldr     w2, new_hvc
    bl      patch
    mov     x23, #0
    bl      hvcfn                   // HVC #0x77 (the handler returns)
    adr     x1, el2_vectors + 0x780
vector_store:
    str     wzr, [x1]               // over dead_vector 15
    cmp     x20, #1
    b.ne    bad
    cmp     x21, #2
    b.ne    bad
    ldr     x3, =(HCR_RW | HCR_TWI)
    cmp     x22, x3
    b.ne    bad
    semihost_exit 0
bad:
    semihost_exit 1

// patch: store w2 at x1, then make it visible to instruction fetch
patch:
    str     w2, [x1]
    dc      cvau, x1
    dsb     ish
    ic      ivau, x1
    dsb     ish
    isb
    ret

    .balign 16
patchme:
    mov     x0, #1
    ret
sysfn:
    nop
    ret
hvcfn:
    nop
    ret
    .balign 4
new_mov:
    mov     x0, #2
new_msr:
    msr     hcr_el2, x3
new_hvc:
    hvc     #0x77
    exit_routine
    el2_handlers
