/* uc_facts.h - every assumption el2sim makes about Unicorn 2.0.1's behaviour and
 * internals (Debian 12's libunicorn 2.0.1.post1; shared/reference/unicorn-2.0.1-aarch64.md
 * and README "How el2sim drives Unicorn"), in one place, each with the check that holds
 * it at start-up or in the tests. Only engine/ includes this header. */
#ifndef EL2_UC_FACTS_H
#define EL2_UC_FACTS_H
#include <unicorn/unicorn.h>

/* F1. Exceptions never reach the guest: UC_HOOK_INTR is called with QEMU's exception
 * number (target/arm/cpu.h EXCP_*) and execution goes on at the PC the hook leaves.
 * For SVC/HVC/SMC the PC is already past the instruction; for UDEF and BKPT it is on it.
 * Checked at start-up: uc_facts_selftest runs each on the private page and compares the
 * numbers and PCs (engine_new fails, exit 70, if they differ). */
enum {
    UC_EXCP_UDEF = 1,           /* UNDEFINED instruction (HVC with SCR_EL3.HCE = 0 too) */
    UC_EXCP_SWI = 2,            /* SVC */
    UC_EXCP_PREFETCH_ABORT = 3, /* a fetch beyond the engine core's physical addresses (F11) */
    UC_EXCP_DATA_ABORT = 4,     /* misaligned exclusive or atomic access */
    UC_EXCP_BKPT = 7,           /* BRK */
    UC_EXCP_HVC = 11,
    UC_EXCP_SMC = 13,
};

/* F2. PSTATE written through the API does not change the EL the engine translates for;
 * ERET does. engine_new parks the core at its real EL3 by an ERET from EL1 and checks
 * CurrentEL afterwards ("could not reach EL3", exit 70). */

/* F3. The PC-store rule: a PC written through uc_reg_write ends the engine's run loop
 * (quit_request); a PC stored straight into the register file from the INTR hook
 * (between blocks) is where the loop carries on; a PC written from a code or block hook
 * through the API takes effect before that instruction or block runs; one written from
 * an MRS/MSR/SYS hook is lost. The store from the INTR hook is checked at start-up
 * (uc_facts_pc_store: if it does not hold, el2sim uses the API for every register); the
 * rest by the exception-path tests (tests/test_core.c runs 20+ images both through ucfast
 * and with EL2SIM_ENGINE_API=1 and compares every event). */

/* F4. The register-file layout (engine/ucfast.c): X0-X30, SP, PC, the banked SP_EL0-3 and
 * ELR_EL0-3, V0-V31 and the split PSTATE fields lie in the CPU object reached from the
 * engine handle. Found and proven both ways at start-up by ucfast_attach, which declines
 * (the API is used everywhere) when any of it does not hold. */

/* F5. The engine's PMU: PMCR_EL0.N is written 0 raw (its write function keeps N) and
 * the two EL-change hooks (pmu_pre_el_change_aarch64, pmu_post_el_change_aarch64) are
 * taken off the CPU's hook lists, found by ucfast_drop_el_hooks as the one pair of list
 * heads whose elements name those functions and point back at them; put back before
 * uc_close. Anything else leaves them on (tests/test_core.c checks they come off). */

/* F6. Counting hooks: uc_emu_start with a count installs Unicorn's counting hook, which
 * only blocks translated after it exist see; removing one flushes every translation
 * (so start-up probes use a block hook instead). gdb's step drops translations first
 * (tests/test_gdb.c steps through blocks translated during a continue). */

/* F7. UC_HOOK_INSN with UC_ARM64_INS_MRS/MSR/SYS/SYSL runs before the engine's access
 * check; returning 1 skips the instruction. An encoding the engine does not know ends
 * its block with the PC left on it (probe_engine_registers finds those at start-up). */

/* F8. An access to unmapped memory reaches UC_HOOK_MEM_UNMAPPED with the PC of the block
 * start (the PC is synchronised per block); abort_find_access finds the instruction. */

/* F10. A stop requested (uc_emu_stop) in the same engine run as a PC write through the
 * API is dropped: quit_request clears stop_request. The block hook asks again at the next
 * block start while a stop is pending (tests/test_robust.c signals with the API); an
 * exception raised again at the same PC with a stop or an abort pending (no block start
 * in between) leaves the loop by a PC write through the API, which always does
 * (tests/test_robust.c fuzz_guest_regressions; found by tests/fuzz/fuzz_guest.c). */

/* F9. After uc_mem_write over code that already ran the engine may execute the stale
 * translation: every el2sim write of guest code goes through engine_code_changed
 * (uc_ctl_remove_cache). */

/* F11. The engine fetches from a misaligned PC as from any other (QEMU 5.0 has no PC
 * alignment check): block_refused takes the PC alignment fault at such a block start.
 * Held by tests/test_robust.c abort.address_size_and_pc_alignment_faults (a BLR to code + 2
 * whose halfwords decode as NOP; RET shows no PC-ALIGN event if it runs). */

/* F12. The engine's core has its own physical address size (its ID_AA64MMFR0_EL1.PARange,
 * read at start-up: 44 bits, 40 on the A53): a fetch beyond it raises exception 3 with the
 * PC on the fetch address; an unmapped data access beyond reaches the unmapped hook (F8);
 * mapped memory beyond would raise exception 4, so machine.c maps none (engine_pa_bits).
 * Held by abort.address_size_and_pc_alignment_faults and cli.ram_beyond_the_physical_address_range. */

/* F13. uc_mem_protect(UC_PROT_EXEC) on the private page: a guest load or store there reaches
 * UC_HOOK_MEM_READ_PROT/WRITE_PROT (called only for the refused access) with the PC of the
 * block start, like F8; uc_mem_read/write ignore the protection. uc_emu_start's `until`
 * address ends the run without a block (no block hook). Loads and stores are refused only
 * on the engine's slow path (load_helper/store_helper check the protection, the TLB entry
 * does not): the wrapped TLB fill (F17) marks the page's entries invalid for loads and
 * stores so that every access takes it (without F17, the write hooks of run.c force it on
 * every access: F16). Held by abort.private_page_is_unmapped_to_the_guest. */

/* F14. The engine's EL can be moved up: PSTATE.EL stored (through the API or ucfast) and
 * the engine's exported arm_rebuild_hflags_aarch64 called on its CPU state, whose address is
 * 64 bytes (uint32_t regs[16]) before X0 and 256 before the PC ucfast finds (F4); every
 * translation register written through UC_ARM64_REG_CP_REG goes in raw (no TLB flush), so
 * the TLB is dropped by writing TLBI ALLE1/ALLE2/ALLE3 as system registers (their write
 * functions flush; uc_ctl_flush_tlb is UC_CTL_TB_FLUSH, a translated-code flush that must
 * not run inside a block). Checked at start-up by mmu_ctx_init (MRS CurrentEL at EL1, then
 * EL3); without it a guest that turns its MMU on stops with one line (exit 125). Held by
 * tests/test_mmu.c and tests/test_minihyp.c, also with EL2SIM_ENGINE_API=1. */

/* F15. Unicorn 2.0.1 checks every access that misses its TLB against its memory map by the
 * virtual address (cputlb.c load_helper/store_helper: memory_mapping(uc, addr)) before the
 * engine's walker translates it; mapping memory from the unmapped hook leaves load_helper
 * with a TLB word it read before the map flushed the TLB (a host SIGSEGV fetching code):
 * mmu_ctx.c maps "placeholders" between engine runs. Held by test_mmu (the kernel at TTBR1
 * addresses, the hyp VAs of test_minihyp). */

/* F16. Memory hooks and the engine's load/store fast path (read in the source of
 * 2.0.1.post1): qemu/tcg/i386/tcg-target.inc.c tcg_out_tlb_load emits, for every guest
 * load and store of a block being translated, an unconditional jump to the slow path
 * (the load_helper/store_helper call of qemu/accel/tcg/cputlb.c) whenever
 * HOOK_EXISTS(UC_HOOK_MEM_READ) or HOOK_EXISTS(UC_HOOK_MEM_WRITE) — any such hook,
 * whatever its address range; the helpers then walk the hook list per access
 * (HOOK_BOUND_CHECK). So run.c's write hook on each page with learned code
 * (watch_code_page) puts every load and store of the guest on the slow path. Besides,
 * cpu_physical_memory_is_clean() is `return true` in 2.0.1 (qemu/include/exec/ram_addr.h),
 * so every RAM TLB entry carries TLB_NOTDIRTY and every guest store takes the slow path
 * and notdirty_write (page_collection_lock, a GTree allocated per store) with or without
 * hooks; it is also the engine's only way to see a store over translated code
 * (notdirty_write -> tb_invalidate_phys_page_fast: cpu_physical_memory_test_and_clear_dirty
 * and the rest of the dirty tracking are stubs too). Two consequences for removing the
 * write hooks: the UC_HOOK_MEM_READ_PROT of F13 is reached only from the slow path, so a
 * guest load from the execute-only private page succeeds silently once no memory hook
 * exists (abort::private_page_is_unmapped_to_the_guest then fails); and a store that
 * UC_HOOK_MEM_WRITE_PROT handles on a page made read-only by uc_mem_protect is dropped
 * (TLB_DISCARD_WRITE), so such a hook must store it itself. F17 is how el2sim does without
 * both the hooks and the per-store notdirty_write. Held by the bench (bench/run.sh
 * "memory-heavy") and, for the private page, by that test. */

/* F17. The engine's TLB fill can be wrapped (engine/ucfast.c ucfast_tlb_attach, which says
 * what it relies on): the CPU object holds its own class (CPUState.cc), whose tlb_fill
 * (arm_cpu_tlb_fill_aarch64, exported) every TLB miss of a load, store or fetch calls,
 * and the TLB's fast part (12 x {mask, table}) lies just before the CPU state; the
 * engine's target page is 1 KiB (uc_ctl_get_page_size), an entry {addr_read, addr_write,
 * addr_code, addend} sits at table + ((va >> 10) & (mask >> 5)) and its flags are bits
 * 9..4 (TLB_INVALID_MASK 0x200, TLB_NOTDIRTY 0x100). After each fill: an entry for RAM no
 * code was ever fetched from (in 4 KiB units) loses TLB_NOTDIRTY — its stores take the
 * engine's fast path and no longer go through notdirty_write (F16) — and its execute
 * right, so a fetch there fills again; a fetch fill makes its 4 KiB code (for good) and
 * puts TLB_NOTDIRTY back on every entry mapping it (tlb_reset_dirty_aarch64, the engine's
 * own, by host address: other virtual addresses and MMU indexes too), so the engine keeps
 * invalidating code the guest overwrites; an entry for code gets TLB_INVALID_MASK on its
 * write side, so every store there calls the fill first, which reports it to el2sim
 * (run.c code_stored: blocks overlapping it are forgotten and relearned) without filling
 * again; the private page's entries get TLB_INVALID_MASK on both data sides (F13). Each fill
 * checks that it finds its entry where this says (else it leaves it and counts it:
 * engine_info tlb_lost). Checked at start-up by uc_facts_tlb on a scratch page (a store
 * there is not reported, code fetched from it afterwards runs, a store over that code is
 * reported once and the engine runs the new instruction); otherwise, or with
 * EL2SIM_WRITE_HOOKS=1, el2sim watches code pages with write hooks (F16's slow path).
 * Held by engine.tlb_fill_wrapped, smc.code_and_data_on_one_page, smc.* and
 * abort.private_page_is_unmapped_to_the_guest, also with EL2SIM_ENGINE_API=1, and with
 * the guest's MMU on by test_mmu and test_minihyp (entries filled by the engine's walker). */

/* F18. The engine's core executes AArch32 (probed on Debian 12's 2.0.1 with cortex-a57, whose
 * EL1 and EL0 implement AArch32): from its EL3 (AArch64), an ERET with SPSR_EL3.M[4] = 1
 * (Supervisor 0x13, System, User; T = SPSR bit 5 for T32) and the engine's HCR_EL2.RW = 0
 * lands in AArch32 at EL1 (EL0), runs A32 and T32, and moves X0-X30 into R0-R14 of every mode
 * as the Arm ARM maps them (R13_svc = X19, R14_svc = X18 seen). In AArch32 state the live
 * registers are CPUARMState.regs[16] (uint32_t, 64 bytes before X0: F14), the PC is regs[15]
 * (the API's PC, env->pc, is stale: uc_emu_start writes it and the engine ignores it, going on
 * at regs[15]; a PC written through the API still ends the block), and the word after
 * PSTATE (env->aarch64, 268 bytes after X0) is 0. Exceptions reach UC_HOOK_INTR with the same
 * numbers as in AArch64 (F1): SVC 2, HVC 11, SMC 13 with R15 past the instruction (2 bytes
 * for a 16-bit T32 SVC, 4 otherwise), UDF 1 and BKPT 7 with R15 on it; UC_HOOK_CODE and
 * UC_HOOK_BLOCK fire with the instruction's size (2 or 4). Back to AArch64: the exported
 * aarch64_sync_32_to_64_aarch64 (R0-R14 of every mode into X0-X30), env->aarch64 = 1,
 * PSTATE written and arm_rebuild_hflags_aarch64 (F14); cpsr_read_aarch64 gives the CPSR
 * (M, T, IT, GE, E, A, I, F, NZCV, Q) for SPSR_EL2. Checked at start-up by a32_init (an A32
 * MOV R0, #5; SVC at EL1 below 4 GiB: exception 2, R15 past it, env->aarch64 0, CPSR.M =
 * Supervisor, then X0 = 5 after the sync and MRS CurrentEL = EL3 after the way back); when
 * it does not hold a return to AArch32 stops the run (exit 125) with the reason. Held by
 * aarch32::a32_el1_el0_traps_to_el2, aarch32::t32_el1_el0_traps_to_el2 (and the QEMU
 * differential of a32_traps, t32_traps on the a57 pair). */

/* F19. MCR/MRC, MCRR/MRRC and WFI/WFE in AArch32 state never reach the UC_HOOK_INSN
 * MRS/MSR/SYS hooks (those are in the A64 translator only); the engine runs an MCR/MRC to
 * CP15 against its own registers (an MRC of SCTLR at the engine's EL1 read the engine's
 * SCTLR_EL1 0xc50838), and an untrapped WFI as a NOP. So a32.c gives them code hooks when
 * their block is learned (aarch32_needs_hook), whose PC write through the API ends the
 * block before the engine runs them. Held by the same tests (the TVM/TRVM/TWI traps). */

/* F20. The engine's local exclusive monitor lies in its CPU state (CPUARMState, F14):
 * exclusive_addr (the virtual address a LDXR/LDAXR marked, -1 when the monitor is Open)
 * EXCL_ADDR_OFF bytes after the state's start and exclusive_val (the value it read, which
 * STXR compares memory with) right after it; CLREX stores -1 into exclusive_addr, and a
 * STXR that finds -1 there fails (status 1) and stores nothing. el2sim stores -1 there to
 * clear a PE's monitor when its turn ends (excl.c, system/machine.c). Checked at start-up
 * by excl_init (a LDXR, CLREX and STXR on a scratch page); when it does not hold, --cpus
 * N > 1 is refused (one line, exit 70: machine.c add_pes). Held by
 * smp::exclusive_* (tests/images/smp_excl.S). */
#define EXCL_ADDR_OFF 0x2f00

/* F21. The engine's core runs AArch32 Hyp mode (the --arch aarch32 machine, a32.c): with its
 * SCR_EL3 = NS | HCE (RW = 0: QEMU's arm_el_is_aa64(env, 2) is SCR_EL3.RW with EL3 present
 * and NS = 1), an ERET from its EL3 with SPSR_EL3.M = Hyp (0x1a) lands in AArch32 Hyp mode
 * at ELR_EL3 (R0-R14 from X0-X30 as F18). The ERET's CPSR write is raw (no register
 * banking of the SPSR), so the SPSR of the mode entered is the word CPUARMState.spsr, 12
 * bytes after env->aarch64 (hflags and uncached_cpsr between), which the mode's MRS SPSR
 * and ERET read; ELR_hyp is the engine's ELR_EL2 (env->elr_el[2]: MRS/MSR ELR_hyp and the
 * Hyp-mode ERET use it). HVC in Hyp mode reaches UC_HOOK_INTR as 11 with R15 past it (F1).
 * el2sim models every Hyp-mode entry and the Hyp-mode ERET itself (code hook) and moves the
 * engine through that ERET, from a gate on the private page (GATE_OFF), each time. Checked
 * at start-up by a32_hyp_init (mrs r0, spsr; mrs r1, ELR_hyp; hvc #0x12 in Hyp mode after the
 * gate with planted values: exception 11, R15 past it, R0 and R1 the planted values, CPSR.M
 * Hyp); when it does not hold, --arch aarch32 is refused (exit 70) with the reason. Held by
 * hyp32::* in tests/test_hyp32.c (also with EL2SIM_ENGINE_API=1). */

/* F22. The engine's exported cpsr_write_aarch64(env, val, mask, type) (QEMU's cpsr_write;
 * CPSRWriteType 0 = by instruction, 2 = raw) switches AArch32 modes as the Arm ARM banks
 * them when written "by instruction" from a mode other than User (R13, R14 and the SPSR of
 * the old mode saved, the new mode's loaded: QEMU's switch_mode), and only changes CPSR.M
 * when raw; the SPSRs of the modes are the AArch64 SPSR_EL1 (svc) and SPSR_irq/_abt/_und/
 * _fiq (op0 3, op1 4, CRn 4, CRm 3, op2 0-3) through UC_ARM64_REG_CP_REG. a32.c's
 * a32_enter_mode (an exception taken to an AArch32 EL1) goes User -> System raw, leaves
 * the target mode through System when already in it, writes the target's SPSR, switches
 * in by instruction, then writes R14 (regs[14]), the whole CPSR raw and the PC. An AArch32
 * exception return (MOVS PC, LR, SUBS PC, LR, ERET, LDM ^, RFE) runs in the engine, which
 * ends the block; its mode change is read at the next block (a32_ret_settle). Checked at
 * start-up by a32_init (Supervisor -> Undefined mode with LR 0x1234 and SPSR 0x600001d3,
 * then back: LR_svc as it was, SPSR_und read back). Held by
 * aarch32::a32_el1_takes_svc_and_undefined. */

/* F23. Inside a block of T32 code the engine keeps ITSTATE in its translator: its CPSR.IT
 * (cpsr_read, env->condexec_bits) is exact only before the block runs (the block hook,
 * which the engine generates before the block's own code), and the block's first code
 * stores 0 there when it starts inside an IT block, so a code hook reads IT 0. A code hook
 * fires only when the instruction passes its IT condition (the translator's skip jumps
 * over it), and for an instruction in an IT block the engine generates no exit check
 * after the hook (2.0.1's no_exit_request: "treat the whole IT block as a single
 * instruction"): a PC written there does not end the block, which goes on with the
 * engine's own version of the instruction and the rest of the block (seen: an MRC trapped
 * inside ITE EQ took the trap, then the engine ran EL2's vector as T32). The engine's
 * exported cpu_loop_exit_aarch64(CPUState *) leaves the running block for its CPU loop
 * (a longjmp, as its own helpers raise exceptions; the hook's helper call is made with
 * the CPU state written back, flags 0), which goes on at the PC and with the CPSR.IT in
 * the CPU state; a pending stop still ends the run there. So a32_it.c reads ITSTATE at
 * the block hook, follows it through the block (AArch32.ITAdvance, it32.c), writes the
 * instruction's own ITSTATE into the engine (cpsr_write, F22) before el2sim traps or
 * completes it, the advanced one after it completed, and leaves the block through
 * cpu_loop_exit (the CPUState is ucfast's, F4). The engine raises SVC, HVC and SMC with
 * the advanced ITSTATE and UDF, BKPT with the instruction's (its exception generation
 * stores them); an SMC, whose preferred return can be itself, is given its own. Checked
 * at start-up by a32_it_init (T32 at EL1: ITT EQ with a code hook on its first MOVEQ that
 * writes the PC to a landing SVC and calls cpu_loop_exit: one hook, one SVC past the
 * landing, neither MOVEQ run); when it does not hold, a hooked T32 instruction in an IT
 * block stops the run (exit 125) with the reason. Held by aarch32::t32_it_block_traps_and_completions and hyp32::t32_it_blocks
 * (also with EL2SIM_ENGINE_API=1) and the QEMU differential of a32_it (a57) and
 * hyp32_it (a15). */

/* F24. Each engine (uc_open) of a machine with several PEs has its own translated blocks
 * and code-page tracking over the same host memory, and a store retranslates only in the
 * engine that made it (QEMU's tb_invalidate_phys_range runs in the storing CPU's own TB
 * tables). So a page one engine fetched from is made code in every attached engine too
 * (ucfast.c tlb_add_code; without the wrapped fill, watch_code_page hooks it in every PE's
 * engine), every reported store (run.c code_stored) marks the range on each other PE's
 * engine whose blocks ever covered its 64-byte lines (code_lines: data beside code costs
 * nothing), and that engine drops its translations and el2sim's blocks there
 * (engine_code_changed: uc_ctl_remove_cache, or everything with the MMU on) at the start
 * of its next slice, never inside another engine's run. Held by
 * smp::code_written_by_another_pe (with and without EL2SIM_WRITE_HOOKS=1, and under
 * EL2SIM_ENGINE_API=1 by the suite run): without it the other PE runs the old
 * instruction. */

/* F26. The engine's core translates AArch32 code with its own walker from the registers
 * mmu_ctx.c / mmu32_ctx.c mirror (issue 21, AArch32 with the MMU on): at its EL1/EL0 with
 * HCR_EL2.RW = 0, TCR_EL1 as TTBCR (EAE = 0: the short-descriptor format with DACR32_EL2 and
 * SCTLR_EL1's AArch32 M, AFE, TRE, EE bits, PRRR/NMRR in MAIR_EL1; EAE = 1: long
 * descriptors, MAIR0/1), and its stage 2 from VTTBR_EL2/VTCR_EL2; in AArch32 Hyp mode (its
 * SCR_EL3.RW = 0) SCTLR_EL2, TCR_EL2, TTBR0_EL2 and MAIR_EL2 as HSCTLR, HTCR, HTTBR and
 * HMAIR0/1 (long descriptors) and VTCR_EL2 in the AArch32 VTCR layout. Its faults reach
 * UC_HOOK_INTR in AArch32 state as exception 3 (R15 = the fetch) and 4 (R15 on the load
 * or store), as in AArch64 (F1). Its HCR_EL2.RW must stay 0 while it runs an AArch32 EL1:
 * with RW = 1 its walker reads the tables in the AArch64 format (seen: a mirror written
 * from inside AArch32 with RW = 1 broke the short-descriptor walk), so mirror_registers
 * clears RW while the engine is in AArch32. Held by mmu::a32_s2, mmu::a32_s1,
 * hyp32::hyp_mode_mmu_on, hyp32::pl1_stage2 and the QEMU differential of a32_mmu_s2,
 * hyp32_mmu, hyp32_s2 (also with EL2SIM_ENGINE_API=1 by the suite run). */

/* F27. In AArch32 the engine ends its translation block after CPS (CPSIE/CPSID; seen on
 * 2.0.1: the next instruction starts a block of its own), so an interrupt that
 * CPSIE unmasks is looked at, by el2sim's block hook (run.c irq_at_block), at the very next
 * instruction, which is then the preferred return; and a PC written from that block hook
 * (a32_enter_mode: the IRQ, FIQ or Abort mode's vector) is where the engine goes on, as in
 * AArch64. Held by irq::aarch32_el1_interrupts (the IRQ after CPSIE I at guest + 0x44 has
 * ELR guest + 0x48, as in QEMU 7.2's run of the same image in the differential) and
 * hyp32::interrupts_to_hyp_and_pl1_modes (the interrupts at t1_after, t3_after, t5_after,
 * t7_after and t8_after, each right after its CPSIE). */
/* F28. The engine's AArch32 floating-point and Advanced SIMD instructions obey its own
 * FPEXC (vfp.xregs[FPEXC], the FPEXC32_EL2 cp register), which resets to 0 on 2.0.1: with
 * EN clear every VFP/NEON instruction of AArch32 EL0/EL1/Hyp code raised UDEF (the
 * engine checks FPEXC.EN, not CPACR: its CPACR_EL1.FPEN is 0b11, its CPTR_EL2/EL3 clear).
 * el2sim keeps the guest's FPEXC as FPEXC32_EL2 and applies CPACR, FPEXC, CPTR_EL2 and
 * HCPTR itself (arch/a32_fp.c: hooked instructions), so a32_init sets the engine's
 * FPEXC.EN once, and its start-up probe runs a VMOV s0, r0 in AArch32 Supervisor mode
 * before the SVC it expects (a UDEF instead: "... uc_facts.h F28", exit 70). Held at
 * start-up and by aarch32::a32_fp_traps. */
/* F29. Memory aborts in AArch32 state (a32.c, arch/a32_abort.c): an access to unmapped
 * memory reaches UC_HOOK_MEM_UNMAPPED with R15 the block's start (as F8); the engine's own
 * alignment check (LDREX/STREX, LDRD/STRD, LDM/STM, with its SCTLR.A clear) raises
 * UC_EXCP_DATA_ABORT with R15 on the instruction; and, unlike A64 code, a uc_emu_stop from a
 * code hook on an A32/T32 instruction does not keep that instruction from running (the
 * AArch32 translator has no exit check after the hook). So the Alignment fault of a hooked
 * load/store is taken inside its hook (the entry writes the PC: F3), never noted for later.
 * Held by aarch32::a32_aborts (the LDREX and LDM faults' ELR; EL0's misaligned LDRH taken
 * before the store after it runs) and hyp32::data_aborts_in_hyp_mode. */
/* F30. F11 holds in AArch32 state too: after a BX (or LDR/POP/MOV of the PC) to an A32
 * address with bit 1 set the engine stays in A32 and fetches from the misaligned PC (the
 * PC alignment check of QEMU 6.2+'s translator, helper_exception_pc_alignment, is not in
 * 2.0.1: the halfwords at PC run as an A32 instruction). block_refused notes a fetch abort at
 * such a block start in A32 state (a T32 PC never has bit 0 set) and abort_take makes it
 * AArch32.CheckPCAlignment's fault (arch/a32_pcalign.c). Held by hyp32::pc_alignment_faults
 * (Hyp, Supervisor and User mode BX/POP/MOV to target + 2: an UNDEFINED entry at target + 2
 * instead of the PC alignment fault if the engine ran it). */

/* The start-up check of F1 (run.c); false with *why when the engine differs. */
struct el2_engine;
bool uc_facts_selftest(struct el2_engine *e, uint64_t page_at, const char **why);
/* The start-up check of F3 with ucfast attached (run.c). */
bool uc_facts_pc_store(struct el2_engine *e, uint64_t page_at, const char **why);
#endif
