// hyp32_basic: the AArch32 Hyp-mode machine (issue 21 item 2; --arch aarch32 --cpu
// cortex-a15). Boots in Hyp mode, takes HVC, UDF and SVC in Hyp mode (HVBAR + 0x08,
// + 0x04, + 0x08), ERETs to Supervisor mode, whose HVCs take the Hyp Trap entry
// (HVBAR + 0x14); the second one ends the run (semihosting SYS_EXIT, status 0).
    .syntax unified
    .arch armv7ve
    .text
    .arm
    .global _start
_start:                                 // Hyp mode, A/I/F masked
    ldr     r0, =hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      // HVBAR
    ldr     sp, =hyp_stack_top
hvc_in_hyp:
    hvc     #0x1                        // HVBAR + 0x08, HSR 0x4a000001
undef_in_hyp:
    udf     #0x12                       // HVBAR + 0x04, HSR 0x02000000, ELR = the UDF
svc_in_hyp:
    svc     #0x55                       // HVBAR + 0x08, HSR 0x46000055
    ldr     r0, =svc_code
    msr     ELR_hyp, r0
    mov     r0, #0x1d3                  // Supervisor, A/I/F masked
    msr     spsr_cxsf, r0
eret_to_svc:
    eret
svc_code:
    mov     r1, #7
hvc_from_svc:
    hvc     #0x12                       // Hyp Trap: HVBAR + 0x14, HSR 0x4a000012
    mov     r2, #9
hvc_last:
    hvc     #0x34                       // Hyp Trap; the handler exits
    b       .

    .balign 32
hyp_vectors:
    b       .                           // 0x00 (not used)
    b       hyp_undef                   // 0x04 Undefined Instruction
    b       hyp_call                    // 0x08 Hypervisor Call (HVC/SVC in Hyp mode)
    b       .                           // 0x0c Prefetch Abort
    b       .                           // 0x10 Data Abort
    b       hyp_trap                    // 0x14 Hyp Trap
    b       .                           // 0x18 IRQ
    b       .                           // 0x1c FIQ
hyp_undef:
    mrs     r4, ELR_hyp
    add     r4, r4, #4                  // past the UDF
    msr     ELR_hyp, r4
    eret
hyp_call:
    mrc     p15, 4, r3, c5, c2, 0       // HSR
    eret
hyp_trap:
    mrc     p15, 4, r3, c5, c2, 0       // HSR
    mrs     r4, ELR_hyp
    and     r5, r3, #0xff
    cmp     r5, #0x34
    beq     hyp_done
    eret
hyp_done:
    mov     r0, #0x18                   // SYS_EXIT
    ldr     r1, =0x20026                // ADP_Stopped_ApplicationExit: status 0
    hlt     #0xf000
    b       .

    .data
    .balign 16
    .space  256
hyp_stack_top:
