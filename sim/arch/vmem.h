/* vmem.h - guest memory by virtual address: what semihosting, the exception model's
 * instruction reads, the checker, scenarios, gdb and the event PAs use. Each address is
 * translated through the translation regime of an EL (by default the current one,
 * TranslationRegime(PSTATE.EL)) with AArch64.TranslateAddress (mmu.c), then reached
 * through the port (cpu_read/cpu_write/cpu_insn_at take physical addresses). With
 * stage 1 and stage 2 both off the address is its own PA after the MMU-off check
 * (AArch64.S1DisabledOutput: an Address size fault above PAMax, the top byte ignored
 * where TBI says so). Accesses that cross a 4 KiB boundary (the smallest granule) are
 * split and each part is translated on its own.
 *
 * Choices (the architecture defines no such "access on behalf of the guest"):
 *  - privilege: that of the EL (unprivileged at EL0, as LDTR/STTR would be; privileged
 *    at EL1 and EL2), so a page EL0 cannot touch is refused to EL0's semihosting calls;
 *  - PSTATE.PAN is ignored (el2sim does not keep it for these accesses; a semihosting
 *    call from EL1 may read a buffer in EL0 memory, as the debugger that serves it would);
 *  - guest-style accesses (cpu_vread, cpu_vwrite: semihosting) are checked for the
 *    permission they need and update the Access flag / dirty state as the hardware
 *    would (TCR.HA/HD with FEAT_HAFDBS); instruction reads (cpu_vinsn_at) need execute
 *    permission and update nothing;
 *  - debugger accesses (the _debug forms, gdb) are checked as reads, reads and writes
 *    alike (a debugger may patch read-only code), and change no descriptor. */
#ifndef EL2_VMEM_H
#define EL2_VMEM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cpu.h"
#include "mmu.h"
#include "sysreg.h"

/* Stage 1 or stage 2 translation is on for accesses from el (its regime's SCTLR_ELx.M,
 * HCR_EL2.VM/DC for EL1&0): addresses may differ from PAs. */
bool cpu_translating(el2_cpu *c, unsigned el);
/* (cpu_any_translation, the cheap test before it: cpu.h) */

/* The PA of va for an access (write, fetch) from the current EL. False with *fault
 * (fault may be NULL) when the translation faults. */
bool cpu_va_to_pa(el2_cpu *c, uint64_t va, bool write, bool fetch, uint64_t *pa, mmu_fault *fault);
/* The same from el, as a debugger sees it (a read; no descriptor update). */
bool cpu_va_to_pa_debug(el2_cpu *c, unsigned el, uint64_t va, uint64_t *pa, mmu_fault *fault);

/* n bytes at va, page by page; false when a page faults or has no memory behind it
 * (what went before may have been written). */
bool cpu_vread(el2_cpu *c, uint64_t va, void *buf, size_t n);
bool cpu_vwrite(el2_cpu *c, uint64_t va, const void *buf, size_t n);
/* The instruction at pc as a fetch from the current EL (or from el) sees it, 0 when it
 * faults or nothing is there. Translated with execute permission but without Access flag
 * or dirty updates: the PE fetches it itself; this is el2sim looking at it. */
uint32_t cpu_vinsn_at(el2_cpu *c, uint64_t pc);
uint32_t cpu_vinsn_at_el(el2_cpu *c, unsigned el, uint64_t pc);
/* Debugger accesses from the current EL (or from el): gdb, the checker's probes */
bool cpu_vread_debug(el2_cpu *c, uint64_t va, void *buf, size_t n);
bool cpu_vwrite_debug(el2_cpu *c, uint64_t va, const void *buf, size_t n);
bool cpu_vread_debug_el(el2_cpu *c, unsigned el, uint64_t va, void *buf, size_t n);

/* Fills ev->pc_pa (and ev->far_pa for an abort or PC alignment fault) when translation
 * is on for ev->from_el and the PA differs from the address. */
void cpu_event_pa(el2_cpu *c, el2_event *ev);
#endif
