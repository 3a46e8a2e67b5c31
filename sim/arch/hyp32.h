/* hyp32.h - the AArch32 Hyp-mode machine (--arch aarch32, issue 21 item 2): EL2 is
 * AArch32 (SCR_EL3.RW = 0 and the CPU's EL2 implements AArch32), the PE boots in Hyp
 * (or Supervisor) mode, exceptions to EL2 enter Hyp mode (AArch32.EnterHypMode) and the
 * ERET of Hyp mode returns (AArch32.ExceptionReturn). The Hyp registers are the rows of
 * their AArch64 views (Arm ARM G8 "architectural mapping"): HSR = ESR_EL2,
 * ELR_hyp = ELR_EL2<31:0>, SPSR_hyp = SPSR_EL2, HVBAR = VBAR_EL2<31:0>,
 * HDFAR = FAR_EL2<31:0>, HIFAR = FAR_EL2<63:32>, HPFAR = HPFAR_EL2<31:0>, HCR = HCR_EL2<31:0>,
 * HSCTLR = SCTLR_EL2<31:0>. */
#ifndef EL2_HYP32_H
#define EL2_HYP32_H
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"
#include "exception.h"

/* AArch32 modes (CPSR.M) */
enum { M32_USR = 0x10, M32_FIQ = 0x11, M32_IRQ = 0x12, M32_SVC = 0x13, M32_MON = 0x16,
       M32_ABT = 0x17, M32_HYP = 0x1a, M32_UND = 0x1b, M32_SYS = 0x1f };
#define CPSR_T  (1u << 5)
#define CPSR_AIF 0x1c0u

/* Hyp vector offsets (Arm ARM G1.11 "The Hyp mode vector table", HVBAR) */
#define HVEC_UNDEF     0x04u   /* Undefined Instruction from Hyp mode */
#define HVEC_HVC       0x08u   /* Hypervisor Call (HVC or SVC from Hyp mode) */
#define HVEC_PABT      0x0cu   /* Prefetch Abort from Hyp mode */
#define HVEC_DABT      0x10u   /* Data Abort from Hyp mode */
#define HVEC_TRAP      0x14u   /* Hyp Trap: everything taken from a PL1 or PL0 mode */
#define HVEC_IRQ       0x18u
#define HVEC_FIQ       0x1cu

/* The mode's EL (ELFromM32 for the modes a PE without EL3 in AArch32 has); -1: no mode */
int aarch32_mode_el(unsigned mode);
/* The mode's name ("Hyp", "SVC", ...; "?" for none) */
const char *aarch32_mode_name(unsigned mode);
/* The CPSR while the PE is in AArch32 state */
static inline uint32_t aarch32_cpsr(el2_cpu *c) { return c->port->cpsr(c->port_ctx); }
uint32_t aarch32_r(el2_cpu *c, unsigned n);
void aarch32_set_r(el2_cpu *c, unsigned n, uint32_t v);

/* Does EL2 use AArch32 (the Hyp-mode machine)? */
static inline bool hyp32(const el2_cpu *c) { return c->a32_machine; }

/* Boots the PE in Hyp mode (el 2) or Supervisor mode (el 1) at entry, A, I and F masked
 * (T from entry bit 0); false with a stopped PE when the executor cannot. */
bool hyp32_boot(el2_cpu *c, unsigned el, uint64_t entry);

/* AArch32.EnterHypMode(exception, preferred_exception_return, vect_offset) */
void AArch32_EnterHypMode(el2_cpu *c, const el2_exc_record *exc, uint32_t preferred_return,
                          uint32_t vect_offset);
/* The offset of an exception of kind taken to Hyp mode from the current mode: Hyp Trap
 * 0x14 from PL1/PL0, else the kind's own vector in Hyp mode. */
uint32_t hyp32_vector(el2_cpu *c, el2_exc_kind kind);

/* ERET (A32 cond 0001 0110 0000 0000 0000 0110 1110; T32 F3DE 8F00) */
bool aarch32_is_eret(uint32_t insn, bool thumb);
/* The ERET at pc executed in Hyp mode: AArch32.ExceptionReturn(ELR_hyp, SPSR_hyp) */
void AArch32_HypExceptionReturn(el2_cpu *c, uint64_t pc, uint32_t insn, unsigned size);
/* The timing class of an A32/T32 instruction (load, store, branch, MCR/MRC, MUL, else ALU) */
el2_insn_class aarch32_insn_class(uint32_t insn, bool thumb);
#endif
