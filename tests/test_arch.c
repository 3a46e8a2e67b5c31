/* test_arch.c - the architecture model (sim/arch) on its own, over a fake port: no engine,
 * no Unicorn (this program links only sim/arch and sim/base). Exception entry and return,
 * routing, syndromes, system-register access and the translation table walks (stage 1
 * and 2, AT and PAR_EL1; the tables are built in the fake RAM), each checked field by
 * field against the Arm ARM pseudocode they follow. */
#include <criterion/criterion.h>
#include <string.h>
#include "a32_access.h"
#include "a32_at.h"
#include "a32_fp.h"
#include "a64_fp.h"
#include "aarch32.h"
#include "abort.h"
#include "cpu.h"
#include "excgen.h"
#include "exception.h"
#include "firmware.h"
#include "it32.h"
#include "mmu.h"
#include "mmu_a32.h"
#include "smp.h"
#include "sysinsn.h"
#include "sysreg.h"
#include "sysreg_a32.h"
#include "syndrome.h"
#include "vmem.h"

/* ---- the fake port: registers in an array, all SPs in the CPU's banks, 1 MiB of RAM ---- */

#define INSN_ERET_FOR_TEST 0xd69f03e0u
#define RAM_BASE 0x40000000ULL
#define RAM_SIZE 0x100000ULL

typedef struct fake {
    el2_cpu *c;
    uint64_t x[31], pc;
    uint32_t bits;                 /* NZCV, DAIF, SPSel */
    uint32_t cpsr;                 /* in AArch32 state */
    uint8_t ram[RAM_SIZE];
    unsigned halts, native_erets;
} fake;

static uint64_t f_x(void *ctx, int n) { return ((fake *)ctx)->x[n]; }
static void f_set_x(void *ctx, int n, uint64_t v) { ((fake *)ctx)->x[n] = v; }
static void f_read_gprs(void *ctx, uint64_t x[31]) { memcpy(x, ((fake *)ctx)->x, sizeof ((fake *)ctx)->x); }
static uint64_t f_pc(void *ctx) { return ((fake *)ctx)->pc; }
static void f_set_pc(void *ctx, uint64_t pc) { ((fake *)ctx)->pc = pc; }
static uint32_t f_bits(void *ctx) { return ((fake *)ctx)->bits; }
static uint64_t f_sp_el(void *ctx, unsigned el) { return ((fake *)ctx)->c->sp_bank[el]; }
static void f_set_sp_el(void *ctx, unsigned el, uint64_t v) { ((fake *)ctx)->c->sp_bank[el] = v; }
static uint64_t f_sp(void *ctx)
{
    fake *f = ctx;
    return f->c->sp_bank[(f->bits & 1) ? f->c->el : 0];
}
static void f_sp_save(void *ctx) { }
static void f_enter_state(void *ctx, unsigned el, uint32_t bits)
{
    fake *f = ctx;
    f->c->el = el;
    f->bits = (bits & (PSR_NZCV | PSR_DAIF)) | (el ? (bits & 1u) : 0);
}
static void f_native_eret(void *ctx, unsigned el, uint32_t bits, uint64_t pc)
{
    fake *f = ctx;
    f_enter_state(ctx, el, bits);
    f->c->il = false;
    f->pc = pc;
    f->native_erets++;
}
static bool f_read(void *ctx, uint64_t a, void *buf, size_t n)
{
    fake *f = ctx;
    if (a < RAM_BASE || a - RAM_BASE > RAM_SIZE || n > RAM_SIZE - (a - RAM_BASE))
        return false;
    memcpy(buf, f->ram + (a - RAM_BASE), n);
    return true;
}
static bool f_write(void *ctx, uint64_t a, const void *buf, size_t n)
{
    fake *f = ctx;
    if (a < RAM_BASE || a - RAM_BASE > RAM_SIZE || n > RAM_SIZE - (a - RAM_BASE))
        return false;
    memcpy(f->ram + (a - RAM_BASE), buf, n);
    return true;
}
static uint32_t f_insn_at(void *ctx, uint64_t pc)
{
    uint32_t w = 0;
    return f_read(ctx, pc, &w, 4) ? GUINT32_FROM_LE(w) : 0;
}
static void f_halt(void *ctx) { ((fake *)ctx)->halts++; }
static uint32_t f_cpsr(void *ctx) { return ((fake *)ctx)->cpsr; }
static uint32_t f_leave_aarch32(void *ctx) { return ((fake *)ctx)->cpsr; }

static const el2_port fake_port = {
    .x = f_x, .set_x = f_set_x, .read_gprs = f_read_gprs, .pc = f_pc, .set_pc = f_set_pc, .sp = f_sp,
    .pstate_bits = f_bits, .sp_el = f_sp_el, .set_sp_el = f_set_sp_el, .sp_save = f_sp_save,
    .enter_state = f_enter_state, .native_eret = f_native_eret, .read = f_read, .write = f_write,
    .insn_at = f_insn_at, .halt = f_halt, .cpsr = f_cpsr, .leave_aarch32 = f_leave_aarch32,
};

/* ---- fixture ---- */

static fake *F;
static el2_cpu *C;
static el2_cpu_model *model;
static el2_symtab *syms;
static el2_obslist obs;
static el2_observer collector;
static GArray *events;

static void collect(const el2_event *ev, void *user) { g_array_append_val(events, *ev); }

static void setup_model(const char *name)
{
    GError *err = NULL;
    model = cpu_model_load(name, &err);
    cr_assert_not_null(model, "%s", err ? err->message : "");
    memset(&obs, 0, sizeof obs);
    events = g_array_new(FALSE, TRUE, sizeof(el2_event));
    collector = (el2_observer){ .event = collect };
    obs_add_last(&obs, &collector);
    syms = symtab_new();
    C = cpu_new(model, syms, &obs);
    F = g_new0(fake, 1);
    F->c = C;
    cpu_attach_port(C, &fake_port, F);
    C->sr[SR_SCR_EL3] |= SCR_HCE;
}

static void setup_a57(void) { setup_model("cortex-a57"); }
static void setup_n1(void) { setup_model("neoverse-n1"); }

static void teardown(void)
{
    cpu_free(C);
    cpu_model_free(model);
    symtab_free(syms);
    g_free(F);
    g_array_free(events, TRUE);
}

/* Puts the PE at el (SPSel spx, DAIF clear) at pc with the given instruction there. */
static void at(unsigned el, bool spx, uint64_t pc, uint32_t insn)
{
    C->el = el;
    F->bits = spx ? 1u : 0u;
    F->pc = pc;
    uint32_t w = GUINT32_TO_LE(insn);
    f_write(F, pc, &w, 4);
}

static const el2_event *ev(guint i)
{
    cr_assert_lt(i, events->len);
    return &g_array_index(events, el2_event, i);
}

/* ---- syndromes: each builder against the ISS layout of its exception class ---- */

Test(syndrome, builders)
{
    cr_assert_eq(syn_uncategorized(), 0x02000000u);
    cr_assert_eq(syn_aa64_hvc(0x1234), 0x5a001234u);
    cr_assert_eq(syn_aa64_svc(0xffff), 0x5600ffffu);
    cr_assert_eq(syn_aa64_smc(0), 0x5e000000u);
    cr_assert_eq(syn_aa64_bkpt(7), 0xf2000007u);
    cr_assert_eq(syn_wfx(false), 0x07e00000u);           /* CV=1 COND=0xE TI=0 */
    cr_assert_eq(syn_wfx(true), 0x07e00001u);
    cr_assert_eq(syn_illegal_state(), 0x3a000000u);
    cr_assert_eq(syn_pcalignment(), 0x8a000000u);
    cr_assert_eq(syn_spalignment(), 0x9a000000u);
    cr_assert_eq(syn_insn_abort(false, FSC_EXTERNAL), 0x82000010u);
    cr_assert_eq(syn_insn_abort(true, FSC_EXTERNAL), 0x86000010u);
    cr_assert_eq(syn_data_abort(true, true, FSC_ALIGNMENT), 0x96000061u);
    cr_assert_eq(syn_data_abort(false, false, FSC_EXTERNAL), 0x92000010u);
    cr_assert_eq(syn_insn_abort_addr_size(true, 0), 0x86000000u);    /* IFSC 0b000000: level 0 */
    cr_assert_eq(syn_insn_abort_addr_size(false, 3), 0x82000003u);
    cr_assert_eq(syn_data_abort_addr_size(true, true, 0), 0x96000040u);
    cr_assert_eq(syn_data_abort_addr_size(false, false, 1), 0x92000001u);
    /* MRS x3, SCTLR_EL1 (op0 3, op1 0, CRn 1, CRm 0, op2 0, Rt 3, read) */
    cr_assert_eq(syn_aa64_sysregtrap_insn(0xd5381003), 0x62300461u);
    cr_assert_eq(syn_aa64_sysregtrap(3, 0, 1, 0, 0, 3, true), 0x62300461u);
}

/* ---- AArch64.TakeException ---- */

Test(take_exception, hvc_from_el1_lower_aarch64, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_VBAR_EL2] = 0x40001000;
    C->sr[SR_HCR_EL2] = HCR_RW;
    at(1, true, 0x40000100, 0xd4000002 | 0x2a << 5);      /* hvc #0x2a */
    F->bits |= 0x80000000u;                                /* N set: kept in SPSR and PSTATE */
    AArch64_CallHypervisor(C, 0x40000100);
    cr_assert_eq(C->el, 2);
    cr_assert_eq(F->pc, 0x40001400, "lower EL, AArch64: VBAR + 0x400 + 0x000");
    cr_assert_eq(F->bits, 0x800003c1u, "PSTATE.SP = 1, DAIF = 1111, NZCV kept");
    cr_assert_eq(C->sr[SR_ELR_EL2], 0x40000104);
    cr_assert_eq(C->sr[SR_SPSR_EL2], 0x80000005u, "EL1h, N");
    cr_assert_eq(C->sr[SR_ESR_EL2], 0x5a00002au);
    cr_assert_eq(events->len, 1);
    const el2_event *e = ev(0);
    cr_assert_eq(e->kind, EV_EXC);
    cr_assert_eq(e->exc, EXC_HVC);
    cr_assert_eq(e->from_el, 1);
    cr_assert_eq(e->to_el, 2);
    cr_assert_eq(e->vector_off, 0x400);
    cr_assert_eq(e->target, 0x40001400);
    cr_assert_eq(e->elr, 0x40000104);
    cr_assert_eq(e->pc, 0x40000100);
}

Test(take_exception, current_el_sp0_and_spx, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_VBAR_EL2] = 0x40002000;
    at(2, false, 0x40000200, 0xd4000001);                  /* svc #0 at EL2t */
    AArch64_CallSupervisor(C, 0x40000200);
    cr_assert_eq(F->pc, 0x40002000, "current EL with SP_EL0: + 0x000");
    cr_assert_eq(C->sr[SR_SPSR_EL2], 0x8u, "EL2t");
    at(2, true, 0x40000300, 0xd4000001);                   /* svc #0 at EL2h */
    AArch64_CallSupervisor(C, 0x40000300);
    cr_assert_eq(F->pc, 0x40002200, "current EL with SP_ELx: + 0x200");
    cr_assert_eq(C->sr[SR_ESR_EL2], 0x56000000u);
    cr_assert_eq(C->sr[SR_ELR_EL2], 0x40000304);
}

/* The vect_offset a caller passes is added to the quarter TakeException chooses: the
 * shape IRQ (0x080), FIQ (0x100) and SError (0x180) use. */
Test(take_exception, vect_offset_added_to_the_chosen_quarter, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_VBAR_EL2] = 0x40003000;
    at(1, true, 0x40000400, 0xd503201f);
    cr_assert_eq(exception_vector(C, 2, VECT_IRQ), 0x40003480);
    el2_exc_record irq = { .kind = EXC_UNDEF, .syndrome = 0, .pc = 0x40000400 };
    AArch64_TakeException(C, 2, &irq, 0x40000400, VECT_IRQ);
    cr_assert_eq(F->pc, 0x40003480);
    cr_assert_eq(ev(0)->vector_off, 0x480);
    at(2, true, 0x40000500, 0xd503201f);
    cr_assert_eq(exception_vector(C, 2, VECT_SERROR), 0x40003380);
    AArch64_TakeException(C, 2, &irq, 0x40000500, VECT_FIQ);
    cr_assert_eq(F->pc, 0x40003300);
}

Test(take_exception, far_written_only_with_a_vaddress, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_VBAR_EL1] = 0x40004000;
    C->sr[SR_FAR_EL1] = 0x1111;
    at(1, true, 0x40000600, 0);
    el2_exc_record undef = { .kind = EXC_UNDEF, .syndrome = syn_uncategorized(), .pc = 0x40000600 };
    AArch64_TakeException(C, 1, &undef, 0x40000600, VECT_SYNC);
    cr_assert_eq(C->sr[SR_FAR_EL1], 0x1111, "no vaddress: FAR_EL1 unchanged");
    at(1, true, 0x40000602, 0);
    el2_exc_record pca = { .kind = EXC_PC_ALIGN, .syndrome = syn_pcalignment(), .has_far = true,
                           .vaddress = 0x40000602, .pc = 0x40000602 };
    AArch64_TakeException(C, 1, &pca, 0x40000602, VECT_SYNC);
    cr_assert_eq(C->sr[SR_FAR_EL1], 0x40000602);
    cr_assert_eq(C->sr[SR_ESR_EL1], 0x8a000000u);
    cr_assert_eq(F->pc, 0x40004200);
}

/* ---- the MMU-off address checks (abort.c) ---- */

/* AArch64.PAMax from ID_AA64MMFR0_EL1.PARange; AArch64.S1DisabledOutput: bits AddrTop..PAMax
 * of the address must be zero, else an Address size fault. */
Test(mmu_off, pamax_and_address_size, .init = setup_a57, .fini = teardown)
{
    C->el = 2;
    cr_assert_eq(AArch64_PAMax(C), 44);                     /* PARange 4 */
    cr_assert_not(AArch64_S1OffAddressSizeFault(C, 0xfffffffffffULL, false));
    cr_assert(AArch64_S1OffAddressSizeFault(C, 0x100000000000ULL, false));
    cr_assert(AArch64_S1OffAddressSizeFault(C, 0x100000000000ULL, true));
    cr_assert(AArch64_S1OffAddressSizeFault(C, 0xffff800008000000ULL, true));
    cr_assert(AArch64_S1OffAddressSizeFault(C, 0x0100000040000000ULL, false), "TBI off: the tag counts");
    C->sr[SR_ID_AA64MMFR0_EL1] = (C->sr[SR_ID_AA64MMFR0_EL1] & ~0xfULL) | 2;
    cr_assert_eq(AArch64_PAMax(C), 40);
    cr_assert(AArch64_S1OffAddressSizeFault(C, 0x10000000000ULL, false));
}

Test(mmu_off, pamax_48_bits, .init = setup_n1, .fini = teardown)
{
    C->el = 2;
    cr_assert_eq(AArch64_PAMax(C), 48);                     /* PARange 5 */
    cr_assert_not(AArch64_S1OffAddressSizeFault(C, 0x100000000000ULL, false));
    cr_assert(AArch64_S1OffAddressSizeFault(C, 0x1000000000000ULL, true));
}

/* EffectiveTBI with stage 1 disabled: TCR_EL2.TBI at EL2, TCR_EL1.TBI0/TBI1 by bit 55 at
 * EL1; AddrTop 55 then, and AArch64.BranchAddr drops the tag (zero-extended at EL2,
 * sign-extended from bit 55 at EL1). */
Test(mmu_off, top_byte_ignore, .init = setup_a57, .fini = teardown)
{
    C->el = 2;
    cr_assert_eq(AArch64_BranchAddr(C, 0x0f00000040000000ULL), 0x0f00000040000000ULL, "TBI off");
    C->sr[SR_TCR_EL2] = 1ULL << 20;                         /* TBI */
    cr_assert(AArch64_EffectiveTBI(C, 0x0f00000040000000ULL, true));
    cr_assert_not(AArch64_S1OffAddressSizeFault(C, 0x0f00000040000000ULL, false));
    cr_assert(AArch64_S1OffAddressSizeFault(C, 0x0f00100000000000ULL, false), "bits 55:44 still count");
    cr_assert(AArch64_S1OffAddressSizeFault(C, 0x0080000000000000ULL, false), "bit 55 counts");
    cr_assert_eq(AArch64_BranchAddr(C, 0x0f00000040000000ULL), 0x40000000ULL);
    cr_assert_eq(AArch64_BranchAddr(C, 0xff80000040000000ULL), 0x0080000040000000ULL);
    C->el = 1;
    cr_assert_not(AArch64_EffectiveTBI(C, 0x0f00000040000000ULL, false), "EL1 uses TCR_EL1");
    C->sr[SR_TCR_EL1] = 1ULL << 38;                         /* TBI1 only */
    cr_assert_not(AArch64_EffectiveTBI(C, 0x0f00000040000000ULL, false));
    cr_assert(AArch64_EffectiveTBI(C, 0x0f80000040000000ULL, false));
    cr_assert_eq(AArch64_BranchAddr(C, 0x0f80000040000000ULL), 0xff80000040000000ULL);
    cr_assert(AArch64_S1OffAddressSizeFault(C, 0x0f80000040000000ULL, true), "bit 55 set: beyond PAMax");
}

/* abort_take classifies a noted fetch: PC alignment first, then the address size, then
 * the External abort of an unmapped address; a tag under TBI only moves the PC. */
Test(mmu_off, fetch_faults, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_VBAR_EL2] = 0x40008000;
    at(2, true, 0x40000100, 0);
    abort_note(C, ABORT_FETCH, 0x1000000000002ULL, 4, 0x1000000000002ULL);
    abort_take(C);
    cr_assert_eq(ev(0)->exc, EXC_PC_ALIGN);
    cr_assert_eq(C->sr[SR_ESR_EL2], 0x8a000000u);
    cr_assert_eq(C->sr[SR_FAR_EL2], 0x1000000000002ULL);
    cr_assert_eq(C->sr[SR_ELR_EL2], 0x1000000000002ULL);
    abort_note(C, ABORT_FETCH, 0x1000000000000ULL, 4, 0x1000000000000ULL);
    abort_take(C);
    cr_assert_eq(ev(1)->exc, EXC_INSN_ABORT);
    cr_assert_eq(C->sr[SR_ESR_EL2], 0x86000000u, "Address size fault, level 0");
    cr_assert_eq(C->sr[SR_FAR_EL2], 0x1000000000000ULL);
    abort_note(C, ABORT_FETCH, 0x20000000ULL, 4, 0x20000000ULL);
    abort_take(C);
    cr_assert_eq(C->sr[SR_ESR_EL2], 0x86000010u, "External abort");
    C->sr[SR_TCR_EL2] = 1ULL << 20;
    F->pc = 0;
    abort_note(C, ABORT_FETCH, 0x0f00000040000100ULL, 4, 0x0f00000040000100ULL);
    abort_take(C);
    cr_assert_eq(events->len, 3, "no exception for the tag");
    cr_assert_eq(F->pc, 0x40000100, "the branch dropped the tag");
    cr_assert_eq(F->halts, 4);
}

/* A load beyond PAMax: Address size fault, DFSC 0, ELR = the load, FAR = the address; the
 * same load from EL0 goes to EL1 as a lower-EL abort. */
Test(mmu_off, data_address_size_fault, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_VBAR_EL2] = 0x40008000;
    C->sr[SR_VBAR_EL1] = 0x40009000;
    at(2, true, 0x40000200, 0xf9400065);                   /* ldr x5, [x3] */
    F->x[3] = 0x100000000008ULL;
    abort_note(C, ABORT_READ, 0x100000000008ULL, 8, 0x40000200);
    abort_take(C);
    cr_assert_eq(C->sr[SR_ESR_EL2], 0x96000000u);
    cr_assert_eq(C->sr[SR_FAR_EL2], 0x100000000008ULL);
    cr_assert_eq(C->sr[SR_ELR_EL2], 0x40000200);
    at(0, false, 0x40000300, 0xf9000065);                  /* str x5, [x3] */
    abort_note(C, ABORT_WRITE, 0x100000000008ULL, 8, 0x40000300);
    abort_take(C);
    cr_assert_eq(C->el, 1);
    cr_assert_eq(C->sr[SR_ESR_EL1], 0x92000040u, "lower EL, WnR, DFSC 0");
    cr_assert_eq(F->pc, 0x40009400);
}

/* ---- routing ---- */

Test(routing, undefined_from_el0_by_tge, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_VBAR_EL1] = 0x40005000;
    C->sr[SR_VBAR_EL2] = 0x40006000;
    at(0, false, 0x40000700, 0);
    cr_assert_eq(route_sync(C), 1);
    AArch64_UndefinedFault(C, 0x40000700, 0);
    cr_assert_eq(C->el, 1);
    cr_assert_eq(F->pc, 0x40005400);
    C->sr[SR_HCR_EL2] = HCR_TGE | HCR_RW;
    at(0, false, 0x40000700, 0);
    cr_assert_eq(route_sync(C), 2);
    AArch64_UndefinedFault(C, 0x40000700, 0);
    cr_assert_eq(C->el, 2);
    cr_assert_eq(F->pc, 0x40006400);
    cr_assert_eq(C->sr[SR_ESR_EL2], 0x02000000u);
}

Test(routing, hvc_undefined_at_el0_and_with_hcd, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_VBAR_EL1] = 0x40005000;
    at(0, false, 0x40000800, 0xd4000002);
    AArch64_CallHypervisor(C, 0x40000800);
    cr_assert_eq(ev(0)->exc, EXC_UNDEF);
    cr_assert_eq(C->el, 1);
    C->sr[SR_HCR_EL2] = HCR_HCD | HCR_RW;
    at(1, true, 0x40000800, 0xd4000002);
    AArch64_CallHypervisor(C, 0x40000800);
    cr_assert_eq(ev(1)->exc, EXC_UNDEF);
    cr_assert_eq(C->el, 1);
    cr_assert_eq(C->sr[SR_ELR_EL1], 0x40000800, "UNDEFINED: preferred return is the HVC");
}

/* ---- AArch64.ExceptionReturn ---- */

Test(exception_return, to_el1h, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_HCR_EL2] = HCR_RW;
    C->sr[SR_SPSR_EL2] = 0x600003c5;
    C->sr[SR_ELR_EL2] = 0x40000904;
    at(2, true, 0x40000a00, INSN_ERET_FOR_TEST);
    AArch64_ExceptionReturn(C, 0x40000a00, 0xd69f03e0, false);
    cr_assert_eq(C->el, 1);
    cr_assert_eq(F->pc, 0x40000904);
    cr_assert_eq(F->bits, 0x600003c5u & (PSR_NZCV | PSR_DAIF | 1u));
    cr_assert_eq(ev(0)->kind, EV_ERET);
    cr_assert_not(ev(0)->illegal);
    cr_assert_eq(ev(0)->to_el, 1);
    /* native: the port is asked to arrange the engine's own ERET */
    C->sr[SR_SPSR_EL2] = 0x3c5;
    at(2, true, 0x40000a00, INSN_ERET_FOR_TEST);
    AArch64_ExceptionReturn(C, 0x40000a00, 0xd69f03e0, true);
    cr_assert_eq(F->native_erets, 1);
    cr_assert_eq(C->el, 1);
}

/* A return to T32 (SPSR.T) with ELR<0> set: the event's target is the PC that runs,
 * new_pc<0> = '0' (AArch64.ExceptionReturn), as QEMU 7.2 shows it; to A32 new_pc<1:0> = '00';
 * ELR keeps the register's value (the target showed guest+0x1) */
Test(exception_return, to_aarch32_target_aligned, .init = setup_a57, .fini = teardown)
{
    static const struct { uint32_t spsr; uint64_t elr, target; } cases[] = {
        { 0x1f3, 0x40001001, 0x40001000 },      /* Supervisor mode, T32 */
        { 0x1d3, 0x40001002, 0x40001000 },      /* Supervisor mode, A32 */
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_array_set_size(events, 0);
        C->sr[SR_HCR_EL2] = 0;                  /* EL1 AArch32 */
        C->sr[SR_SPSR_EL2] = cases[i].spsr;
        C->sr[SR_ELR_EL2] = cases[i].elr;
        at(2, true, 0x40000a00, INSN_ERET_FOR_TEST);
        AArch64_ExceptionReturn(C, 0x40000a00, 0xd69f03e0, true);
        cr_assert_eq(ev(0)->kind, EV_ERET, "case %u", i);
        cr_assert_not(ev(0)->illegal, "case %u", i);
        cr_assert_eq(ev(0)->to_el, 1, "case %u", i);
        cr_assert_eq(ev(0)->target, cases[i].target, "case %u", i);
        cr_assert_eq(ev(0)->elr, cases[i].elr, "case %u", i);
        cr_assert_eq(ev(0)->spsr, cases[i].spsr, "case %u: SPSR.T kept", i);
        C->stop = STOP_NONE;
    }
}

/* IllegalExceptionReturn: EL1 with HCR_EL2.RW = 0 (AArch32 EL1 asked of an AArch64 SPSR),
 * a higher EL, reserved M[1]: PSTATE.IL set, EL kept, then the Illegal Execution state
 * exception (EC 0x0E) at the ELR. */
Test(exception_return, illegal_returns, .init = setup_a57, .fini = teardown)
{
    static const struct { uint64_t hcr; uint32_t spsr; } cases[] = {
        { 0, 0x3c5 },                 /* EL1h with HCR_EL2.RW = 0 */
        { HCR_RW, 0x3cd },            /* EL3 from EL2 */
        { HCR_RW, 0x3c7 },            /* M[1] set */
        { HCR_RW | HCR_TGE, 0x3c5 },  /* EL1 with TGE */
        { HCR_RW, 0x3c1 },            /* EL0 with SP_ELx */
    };
    C->sr[SR_VBAR_EL2] = 0x40007000;
    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_array_set_size(events, 0);
        C->sr[SR_HCR_EL2] = cases[i].hcr;
        C->sr[SR_SPSR_EL2] = cases[i].spsr;
        C->sr[SR_ELR_EL2] = 0x40000b00;
        at(2, true, 0x40000a00, INSN_ERET_FOR_TEST);
        AArch64_ExceptionReturn(C, 0x40000a00, 0xd69f03e0, true);
        cr_assert_eq(events->len, 2, "case %u", i);
        cr_assert(ev(0)->illegal, "case %u", i);
        cr_assert_eq(ev(0)->to_el, 2, "case %u", i);
        cr_assert_eq(ev(1)->exc, EXC_ILLEGAL_STATE, "case %u", i);
        cr_assert_eq(ev(1)->esr, 0x3a000000u, "case %u", i);
        cr_assert_eq(C->el, 2, "case %u", i);
        cr_assert_eq(F->pc, 0x40007200, "case %u: current EL with SP_ELx", i);
        cr_assert_eq(C->sr[SR_ELR_EL2], 0x40000b00, "case %u", i);
        cr_assert_eq(F->native_erets, 0, "case %u", i);
    }
}

/* My reading of IllegalExceptionReturn / ELFromSPSR (ELFromM32, BadMode) /
 * ELUsingAArch32K for an ERET from EL2 on Cortex-A57 (AArch64 and AArch32 at every EL,
 * SCR_EL3.RW = 1 so EL2 and EL3 are AArch64, no FEAT_VHE), SPSR.M[4:0] = m: true when the
 * return is legal, with *to its EL and *a32 whether it is to AArch32.
 *   AArch64 (M[4] = 0): M[1] = 1, or EL0 with M[0] = 1: reserved; EL3: higher. EL2 is
 *     AArch64. EL1 is AArch64 only with HCR_EL2.RW = 1, and with TGE = 1 a return to EL1
 *     is illegal. EL0: with RW = 0 it is AArch32 (as EL1), else the SPSR decides.
 *   AArch32: User is EL0 (AArch32 with RW = 0, else the SPSR decides): legal. FIQ, IRQ,
 *     Supervisor, Abort, Undefined, System are EL1: AArch32 exactly when RW = 0, and not
 *     with TGE. Hyp is EL2 (AArch64: mismatch), Monitor EL3 (higher); the other M values
 *     are no mode. */
static bool eret_from_el2_legal(unsigned m, bool rw, bool tge, unsigned *to, bool *a32)
{
    *a32 = (m & 0x10) != 0;
    if (!*a32) {
        *to = (m >> 2) & 3;
        if ((m & 2) || (*to == 0 && (m & 1)) || *to == 3)
            return false;
        if (*to == 2)
            return true;
        return *to == 1 ? rw && !tge : rw;
    }
    switch (m) {
    case 0x10:
        *to = 0;
        return true;
    case 0x11: case 0x12: case 0x13: case 0x17: case 0x1b: case 0x1f:
        *to = 1;
        return !rw && !tge;
    default:
        return false;
    }
}

/* Every SPSR.M[4:0] (32) x HCR_EL2.RW x TGE x SPSR.IL: 256 ERETs from EL2, each checked
 * against eret_from_el2_legal. An illegal return keeps EL2, sets PSTATE.IL and takes the
 * Illegal Execution state exception at the ELR; a legal one to AArch32 stops the run
 * ("AArch32 is not modelled") with the ERET event naming the AArch32 mode's EL; a legal
 * one to AArch64 goes there (and with SPSR.IL = 1 takes the Illegal Execution state
 * exception at the target). */
Test(exception_return, all_modes_rw_tge_il_from_el2, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_VBAR_EL1] = 0x40009000;
    C->sr[SR_VBAR_EL2] = 0x4000a000;
    unsigned legal = 0, stops = 0;
    for (unsigned k = 0; k < 256; k++) {
        unsigned m = k & 0x1f, to;
        bool rw = k & 0x20, tge = k & 0x40, il = k & 0x80, a32;
        bool ok = eret_from_el2_legal(m, rw, tge, &to, &a32);
        uint32_t spsr = m | 0x1c0 | (il ? PSR_IL : 0);      /* A, I, F masked */
        g_array_set_size(events, 0);
        cpu_resume(C);
        F->native_erets = 0;
        C->il = false;
        C->sr[SR_HCR_EL2] = (rw ? HCR_RW : 0) | (tge ? HCR_TGE : 0);
        C->sr[SR_SPSR_EL2] = spsr;
        C->sr[SR_ELR_EL2] = 0x40000b00;
        at(2, true, 0x40000a00, INSN_ERET_FOR_TEST);
        AArch64_ExceptionReturn(C, 0x40000a00, INSN_ERET_FOR_TEST, true);
        cr_assert_geq(events->len, 1, "M 0x%x RW %d TGE %d IL %d", m, rw, tge, il);
        const el2_event *r = ev(0);
        cr_assert_eq(r->kind, EV_ERET);
        cr_assert_eq(r->illegal, !ok, "M 0x%x RW %d TGE %d IL %d: %s return expected", m, rw, tge, il,
                     ok ? "a legal" : "an illegal");
        if (!ok) {
            cr_assert_eq(r->to_el, 2, "M 0x%x: EL kept", m);
            cr_assert_eq(events->len, 2, "M 0x%x RW %d TGE %d IL %d", m, rw, tge, il);
            cr_assert_eq(ev(1)->exc, EXC_ILLEGAL_STATE);
            cr_assert_eq(ev(1)->elr, 0x40000b00);
            cr_assert_eq(ev(1)->spsr, 0x1c0u | 0x9u | PSR_IL, "M 0x%x: DAIF from SPSR, EL2h, IL", m);
            cr_assert_eq(C->el, 2);
            cr_assert_eq(F->pc, 0x4000a200);
            cr_assert_eq(C->stop, STOP_NONE);
            continue;
        }
        legal++;
        cr_assert_eq(r->to_el, to, "M 0x%x RW %d TGE %d IL %d: to EL%u, want EL%u", m, rw, tge, il, r->to_el, to);
        if (a32) {
            stops++;
            cr_assert_eq(events->len, 1);
            cr_assert_eq(C->stop, STOP_FAULT, "M 0x%x RW %d TGE %d IL %d", m, rw, tge, il);
            g_autofree char *msg = g_strdup_printf("ERET at 0x40000a00 to AArch32 state (SPSR 0x%x) cannot "
                                                   "run: no AArch32 executor here", spsr);
            cr_assert_str_eq(C->stop_msg, msg);
            cr_assert_eq(C->el, 2, "M 0x%x: nothing returned", m);
            cr_assert_eq(F->native_erets, 0);
        } else if (il) {
            cr_assert_eq(events->len, 2, "M 0x%x RW %d TGE %d IL %d", m, rw, tge, il);
            cr_assert_eq(ev(1)->exc, EXC_ILLEGAL_STATE);
            cr_assert_eq(ev(1)->from_el, to);
            cr_assert_eq(ev(1)->to_el, to == 0 ? (tge ? 2 : 1) : to);
            cr_assert_eq(C->stop, STOP_NONE);
        } else {
            cr_assert_eq(events->len, 1);
            cr_assert_eq(F->native_erets, 1);
            cr_assert_eq(C->el, to);
            cr_assert_eq(C->stop, STOP_NONE);
        }
    }
    /* AArch64: EL2t/EL2h 2 x 8, EL1t/EL1h 2 x 2 (RW, no TGE), EL0t 4 (RW); AArch32: User 8,
     * the six EL1 modes 6 x 2 (RW = 0, no TGE) */
    cr_assert_eq(legal, 16 + 4 + 4 + 8 + 12);
    cr_assert_eq(stops, 8 + 12);
}

Test(exception_return, undefined_at_el0, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_VBAR_EL1] = 0x40008000;
    at(0, false, 0x40000c00, INSN_ERET_FOR_TEST);
    AArch64_ExceptionReturn(C, 0x40000c00, 0xd69f03e0, true);
    cr_assert_eq(ev(0)->exc, EXC_UNDEF);
    cr_assert_eq(C->el, 1);
    cr_assert_eq(F->pc, 0x40008400);
}

/* The first instruction after an illegal return is at ELR with PSTATE.IL set: a PC
 * alignment fault, or an Instruction Abort on its fetch, comes before the Illegal
 * Execution state exception (Arm ARM "Prioritization of Synchronous exceptions taken to
 * AArch64 state"). The abort is noted for abort.c and taken with SPSR.IL set. */
Test(exception_return, illegal_return_fetch_faults_first, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_VBAR_EL2] = 0x40007000;
    C->sr[SR_HCR_EL2] = HCR_RW;
    C->sr[SR_SPSR_EL2] = 0x3cd;                           /* EL3: illegal */
    C->sr[SR_ELR_EL2] = 0x40000b02;
    at(2, true, 0x40000a00, INSN_ERET_FOR_TEST);
    AArch64_ExceptionReturn(C, 0x40000a00, INSN_ERET_FOR_TEST, true);
    cr_assert_eq(events->len, 2);
    cr_assert(ev(0)->illegal);
    cr_assert_eq(ev(1)->exc, EXC_PC_ALIGN);
    cr_assert_eq(ev(1)->esr, 0x8a000000u);
    cr_assert_eq(ev(1)->far, 0x40000b02);
    cr_assert_eq(ev(1)->spsr, 0x1003c9u, "SPSR.IL set");
    cr_assert_eq(F->pc, 0x40007200);

    g_array_set_size(events, 0);
    C->sr[SR_ELR_EL2] = 0x50000000;                       /* outside the fake RAM */
    at(2, true, 0x40000a00, INSN_ERET_FOR_TEST);
    AArch64_ExceptionReturn(C, 0x40000a00, INSN_ERET_FOR_TEST, true);
    cr_assert_eq(events->len, 1, "only the return: the abort is taken between engine runs");
    cr_assert(C->abort_pending);
    cr_assert_eq(C->abort_kind, ABORT_FETCH);
    cr_assert_eq(C->abort_addr, 0x50000000);
    cr_assert(C->il);
    abort_take(C);
    cr_assert_eq(events->len, 2);
    cr_assert_eq(ev(1)->exc, EXC_INSN_ABORT);
    cr_assert_eq(ev(1)->esr, 0x86000010u, "EC 0x21 (current EL), IFSC 0x10");
    cr_assert_eq(ev(1)->elr, 0x50000000);
    cr_assert_eq(ev(1)->far, 0x50000000);
    cr_assert_eq(ev(1)->spsr, 0x1003c9u);
    cr_assert_not(C->il);
}

/* ---- PSTATE.PAN, UAO, SSBS ---- */

/* AArch64.TakeException on a CPU with FEAT_PAN/UAO/SSBS: SPSR gets them; UAO is cleared;
 * SSBS = SCTLR_ELx.DSSBS; PAN is set entering EL1, or EL2 in a VHE host (E2H = TGE = 1),
 * when SCTLR_ELx.SPAN = 0, and otherwise kept. */
Test(pstate, take_exception_pan_uao_ssbs, .init = setup_n1, .fini = teardown)
{
    cr_assert_eq(C->psr_ext_mask, PSR_PAN | PSR_UAO | PSR_SSBS);
    C->sr[SR_VBAR_EL2] = 0x40001000;
    C->sr[SR_SCTLR_EL2] &= ~SCTLR_SPAN;
    C->sr[SR_SCTLR_EL2] |= SCTLR_DSSBS;
    C->sr[SR_HCR_EL2] = HCR_RW | HCR_TGE;                 /* not a host: E2H = 0 */
    at(0, false, 0x40000100, 0xd4000001);                 /* svc #0 at EL0 */
    C->psr_ext = PSR_UAO;
    AArch64_CallSupervisor(C, 0x40000100);
    cr_assert_eq(ev(0)->spsr, PSR_UAO, "SPSR: EL0t with UAO");
    cr_assert_eq(C->psr_ext, PSR_SSBS, "EL2, not a host: PAN kept (0), UAO 0, SSBS = DSSBS");
    C->sr[SR_HCR_EL2] = HCR_RW | HCR_TGE | HCR_E2H;       /* a VHE host */
    at(0, false, 0x40000100, 0xd4000001);
    AArch64_CallSupervisor(C, 0x40000100);
    cr_assert_eq(ev(1)->spsr, PSR_SSBS);
    cr_assert_eq(C->psr_ext, PSR_PAN | PSR_SSBS, "EL2 in a host with SPAN = 0: PAN set");
    /* the return restores them from SPSR_EL2 (here EL0t, no PAN/UAO/SSBS) */
    C->sr[SR_SPSR_EL2] = PSR_UAO;
    C->sr[SR_ELR_EL2] = 0x40000104;
    at(2, true, 0x40000200, INSN_ERET_FOR_TEST);
    AArch64_ExceptionReturn(C, 0x40000200, INSN_ERET_FOR_TEST, false);
    cr_assert_eq(C->el, 0);
    cr_assert_eq(C->psr_ext, PSR_UAO);
    cr_assert_eq(cpu_pstate(C) & (PSR_PAN | PSR_UAO | PSR_SSBS), PSR_UAO);
}

/* An illegal return restores PAN from the SPSR (SetPSTATEFromPSR: "regardless of illegal
 * exception return") and leaves UAO and SSBS (UNKNOWN: el2sim keeps them). */
Test(pstate, illegal_return_restores_pan_only, .init = setup_n1, .fini = teardown)
{
    C->sr[SR_VBAR_EL2] = 0x40001000;
    C->sr[SR_HCR_EL2] = HCR_RW;
    C->sr[SR_SPSR_EL2] = 0x3cd | PSR_PAN;                 /* EL3: illegal */
    C->sr[SR_ELR_EL2] = 0x40000b00;
    C->psr_ext = PSR_UAO | PSR_SSBS;
    at(2, true, 0x40000a00, INSN_ERET_FOR_TEST);
    AArch64_ExceptionReturn(C, 0x40000a00, INSN_ERET_FOR_TEST, true);
    cr_assert(ev(0)->illegal);
    cr_assert_eq(ev(1)->spsr, 0x3c9u | PSR_IL | PSR_PAN | PSR_UAO | PSR_SSBS);
}

/* Without the features (Cortex-A57) nothing is kept: the bits never appear. */
Test(pstate, absent_on_cortex_a57, .init = setup_a57, .fini = teardown)
{
    cr_assert_eq(C->psr_ext_mask, 0);
    cpu_set_psr_ext(C, PSR_PAN | PSR_UAO | PSR_SSBS, ~0u);
    cr_assert_eq(C->psr_ext, 0);
    C->sr[SR_SPSR_EL2] = 0x3c9 | PSR_PAN | PSR_UAO | PSR_SSBS;
    C->sr[SR_ELR_EL2] = 0x40000b00;
    at(2, true, 0x40000a00, INSN_ERET_FOR_TEST);
    AArch64_ExceptionReturn(C, 0x40000a00, INSN_ERET_FOR_TEST, false);
    cr_assert_eq(cpu_pstate(C), 0x3c9u);
    int res;
    C->el = 1;
    cr_assert_eq(sysreg_check(C, SR_PAN, true, &res), SRA_UNDEF);
    cr_assert_eq(sysreg_check(C, SR_UAO, false, &res), SRA_UNDEF);
    C->el = 0;
    cr_assert_eq(sysreg_check(C, SR_SSBS, true, &res), SRA_UNDEF);
}

/* MSR (immediate): PAN, UAO need EL1 (UNDEFINED at EL0, as is SPSel); SSBS is EL0's; the
 * engine runs SPSel above EL0 itself. */
Test(pstate, msr_immediate, .init = setup_n1, .fini = teardown)
{
    C->sr[SR_VBAR_EL1] = 0x40005000;
    cr_assert(sysinsn_is_msr_imm_hooked(0xd50041bf), "msr spsel, #1");
    cr_assert(sysinsn_is_msr_imm_hooked(0xd500419f), "msr pan, #1");
    cr_assert(sysinsn_is_msr_imm_hooked(0xd500407f), "msr uao, #0");
    cr_assert(sysinsn_is_msr_imm_hooked(0xd503413f), "msr ssbs, #1");
    cr_assert_not(sysinsn_is_msr_imm_hooked(0xd50342df), "msr daifset, #2");
    cr_assert_not(sysinsn_is_msr_imm_hooked(0xd500401f), "cfinv");
    cr_assert_not(sysinsn_is_msr_imm_hooked(0xd503415f), "msr dit, #1");
    at(1, true, 0x40000300, 0xd50041bf);
    cr_assert(sysinsn_msr_imm(C, 0x40000300, 0xd50041bf), "SPSel at EL1: native");
    cr_assert_eq(events->len, 0);
    at(1, true, 0x40000300, 0xd500419f);
    cr_assert_not(sysinsn_msr_imm(C, 0x40000300, 0xd500419f));
    cr_assert_eq(C->psr_ext, PSR_PAN);
    cr_assert_eq(F->pc, 0x40000304);
    static const uint32_t el0_undef[] = { 0xd50041bf, 0xd500419f, 0xd500417f };
    for (unsigned i = 0; i < G_N_ELEMENTS(el0_undef); i++) {
        uint64_t pc = 0x40000400 + 4 * i;
        g_array_set_size(events, 0);
        at(0, false, pc, el0_undef[i]);
        cr_assert_not(sysinsn_msr_imm(C, pc, el0_undef[i]));
        cr_assert_eq(ev(0)->exc, EXC_UNDEF, "0x%08x", el0_undef[i]);
        cr_assert_eq(ev(0)->elr, pc);
    }
    g_array_set_size(events, 0);
    at(0, false, 0x40000400, 0xd503413f);
    cr_assert_not(sysinsn_msr_imm(C, 0x40000400, 0xd503413f));
    cr_assert_eq(events->len, 0);
    cr_assert(C->psr_ext & PSR_SSBS);
}

/* ---- WFI, WFE ---- */

/* In a VHE host (E2H = TGE = 1) EL0's WFI trap is SCTLR_EL2.nTWI's, to EL2, and
 * HCR_EL2.TWI does not apply (IsInHost). */
Test(wfx, wfi_in_a_vhe_host, .init = setup_n1, .fini = teardown)
{
    C->sr[SR_VBAR_EL2] = 0x40001000;
    C->sr[SR_HCR_EL2] = HCR_RW | HCR_E2H | HCR_TGE | HCR_TWI;
    C->sr[SR_SCTLR_EL1] &= ~SCTLR_nTWI;                   /* not the host's register */
    C->sr[SR_SCTLR_EL2] |= SCTLR_nTWI;
    at(0, false, 0x40000100, 0xd503207f);
    sysinsn_wfx(C, 0x40000100, 0xd503207f);
    cr_assert_eq(events->len, 0);
    cr_assert_eq(C->stop, STOP_WFI, "not trapped: would sleep forever");
    cpu_resume(C);
    C->sr[SR_SCTLR_EL2] &= ~SCTLR_nTWI;
    sysinsn_wfx(C, 0x40000100, 0xd503207f);
    cr_assert_eq(ev(0)->exc, EXC_WFX_TRAP);
    cr_assert_eq(ev(0)->to_el, 2);
    cr_assert_eq(ev(0)->esr, 0x07e00000u);
    cr_assert_eq(F->pc, 0x40001400);
}

/* The Event Register: a WFE that finds it set clears it and is not trapped; SEVL and an
 * exception return set it. */
Test(wfx, wfe_event_register, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_VBAR_EL2] = 0x40001000;
    C->sr[SR_HCR_EL2] = HCR_RW | HCR_TWE;
    at(1, true, 0x40000100, 0xd503205f);
    C->event_reg = false;
    sysinsn_wfx(C, 0x40000100, 0xd50320bf);               /* sevl */
    cr_assert(C->event_reg);
    cr_assert_eq(F->pc, 0x40000104);
    sysinsn_wfx(C, 0x40000104, 0xd503205f);               /* wfe: consumes it */
    cr_assert_not(C->event_reg);
    cr_assert_eq(events->len, 0);
    cr_assert_eq(F->pc, 0x40000108);
    sysinsn_wfx(C, 0x40000108, 0xd503205f);               /* wfe: trapped */
    cr_assert_eq(ev(0)->exc, EXC_WFX_TRAP);
    cr_assert_eq(ev(0)->esr, 0x07e00001u);
    cr_assert_eq(C->el, 2);
    C->sr[SR_SPSR_EL2] = 0x3c5;
    C->sr[SR_ELR_EL2] = 0x4000010c;
    AArch64_ExceptionReturn(C, 0x40001400, INSN_ERET_FOR_TEST, false);
    cr_assert(C->event_reg, "an exception return sets it");
}

/* ---- exceptions repeating without progress ---- */

/* The third synchronous exception in a row to the same vector with the same ESR and
 * ELR, with no ERET between, stops the run (STOP_FAULT) instead of being taken; an ERET
 * or a different ELR starts the count again; a resumed run starts afresh. */
Test(repeat, same_exception_three_times_stops, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_VBAR_EL2] = 0x40001000;
    for (unsigned i = 0; i < 2; i++) {
        at(2, true, 0x40001200, 0);
        AArch64_UndefinedFault(C, 0x40001200, 0);
        cr_assert_eq(C->stop, STOP_NONE, "%u", i);
    }
    C->sr[SR_SPSR_EL2] = 0x3c9;                           /* an ERET between */
    C->sr[SR_ELR_EL2] = 0x40001200;
    AArch64_ExceptionReturn(C, 0x40001200, INSN_ERET_FOR_TEST, false);
    for (unsigned i = 0; i < 2; i++) {
        at(2, true, 0x40001200, 0);
        AArch64_UndefinedFault(C, 0x40001200, 0);
    }
    at(2, true, 0x40001204, 0);                           /* another ELR */
    AArch64_UndefinedFault(C, 0x40001204, 0);
    at(2, true, 0x40001200, 0);
    AArch64_UndefinedFault(C, 0x40001200, 0);
    at(2, true, 0x40001200, 0);
    AArch64_UndefinedFault(C, 0x40001200, 0);
    cr_assert_eq(C->stop, STOP_NONE);
    cr_assert_eq(events->len, 8);
    at(2, true, 0x40001200, 0);
    AArch64_UndefinedFault(C, 0x40001200, 0);
    cr_assert_eq(events->len, 8, "the third in a row is not taken");
    cr_assert_eq(C->stop, STOP_FAULT);
    cr_assert_str_eq(C->stop_msg, "EL2 UNDEF at 0x40001200 repeats without progress: 3 times in a row, "
                                  "no ERET between (ESR 0x02000000, vector 0x40001200)");
    cr_assert_eq(F->pc, 0x40001200);
    cpu_resume(C);
    AArch64_UndefinedFault(C, 0x40001200, 0);
    cr_assert_eq(events->len, 9, "a resumed run starts counting again");
}

/* ---- system registers: access checks and behaviour rows ---- */

Test(sysreg, e2h_redirects_el1_names_and_el12_aliases, .init = setup_n1, .fini = teardown)
{
    int res;
    C->el = 2;
    F->bits = 1;
    cr_assert_eq(sysreg_check(C, SR_VBAR_EL1, false, &res), SRA_OK);
    cr_assert_eq(res, SR_VBAR_EL1, "E2H = 0: VBAR_EL1 is VBAR_EL1");
    cr_assert_eq(sysreg_check(C, SR_VBAR_EL12, false, &res), SRA_UNDEF, "E2H = 0: *_EL12 UNDEFINED");
    C->sr[SR_HCR_EL2] = HCR_E2H | HCR_RW;
    cr_assert_eq(sysreg_check(C, SR_VBAR_EL1, false, &res), SRA_OK);
    cr_assert_eq(res, SR_VBAR_EL2, "E2H = 1 at EL2: the EL1 name reaches VBAR_EL2");
    cr_assert_eq(sysreg_check(C, SR_VBAR_EL12, true, &res), SRA_OK);
    cr_assert_eq(res, SR_VBAR_EL1, "VBAR_EL12 reaches VBAR_EL1");
    C->el = 1;
    cr_assert_eq(sysreg_check(C, SR_VBAR_EL1, false, &res), SRA_OK);
    cr_assert_eq(res, SR_VBAR_EL1, "at EL1 no redirection");
    cr_assert_eq(sysreg_check(C, SR_HCR_EL2, true, &res), SRA_UNDEF, "EL2 register at EL1");
}

Test(sysreg, e2h_is_res0_without_vhe, .init = setup_a57, .fini = teardown)
{
    int res;
    C->el = 2;
    C->sr[SR_HCR_EL2] = HCR_E2H | HCR_RW;
    cr_assert_not(sysreg_e2h(C));
    cr_assert_eq(sysreg_check(C, SR_VBAR_EL1, false, &res), SRA_OK);
    cr_assert_eq(res, SR_VBAR_EL1);
    cr_assert_eq(sysreg_check(C, SR_VBAR_EL12, false, &res), SRA_UNDEF);
}

Test(sysreg, tvm_traps_el1_writes_with_their_iss, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_HCR_EL2] = HCR_TVM | HCR_RW;
    C->sr[SR_VBAR_EL2] = 0x40009000;
    at(1, true, 0x40000d00, 0xd5181000);                  /* msr sctlr_el1, x0 */
    F->x[0] = 0x30d00801;
    uint64_t before = C->sr[SR_SCTLR_EL1];
    cr_assert_not(sysinsn_exec(C, 0x40000d00, 0xd5181000));
    cr_assert_eq(C->sr[SR_SCTLR_EL1], before, "trapped: not written");
    cr_assert_eq(ev(0)->exc, EXC_SYSREG_TRAP);
    cr_assert_eq(C->sr[SR_ESR_EL2], 0x62300400u, "EC 0x18, op0 3, CRn 1, Rt 0, write");
    cr_assert_eq(C->sr[SR_ELR_EL2], 0x40000d00);
    cr_assert_eq(F->pc, 0x40009400);
    /* TRVM clear: the read is not trapped and reads the register */
    at(1, true, 0x40000d04, 0xd5381001);                  /* mrs x1, sctlr_el1 */
    cr_assert_not(sysinsn_exec(C, 0x40000d04, 0xd5381001));
    cr_assert_eq(F->x[1], before);
}

Test(sysreg, behaviour_rows, .init = setup_a57, .fini = teardown)
{
    C->el = 2;
    F->bits = 1;
    cr_assert_eq(sysreg_read(C, SR_CURRENTEL), 0x8);
    C->sp_bank[1] = 0x40001230;
    cr_assert_eq(sysreg_read(C, SR_SP_EL1), 0x40001230);
    sysreg_write(C, SR_SP_EL1, 0x40004560, 0, 0);
    cr_assert_eq(C->sp_bank[1], 0x40004560);
    C->cycles = 1000;
    sysreg_write(C, SR_PMCCNTR_EL0, 5000, 0, 0);
    cr_assert_eq(sysreg_read(C, SR_PMCCNTR_EL0), 5000);
    /* DAIF at EL0 without SCTLR_EL1.UMA traps as routed (EC 0x18); TPIDRRO_EL0 writes at EL0 UNDEF */
    int res;
    C->el = 0;
    C->sr[SR_SCTLR_EL1] &= ~SCTLR_UMA;
    cr_assert_eq(sysreg_check(C, SR_DAIF, true, &res), SRA_TRAP);
    C->sr[SR_SCTLR_EL1] |= SCTLR_UMA;
    cr_assert_eq(sysreg_check(C, SR_DAIF, true, &res), SRA_NATIVE);
    cr_assert_eq(sysreg_check(C, SR_TPIDRRO_EL0, false, &res), SRA_UNDEF);
    cr_assert_eq(sysreg_check(C, SR_TPIDRRO_EL0, true, &res), SRA_NATIVE);
}

/* VBAR_EL1/VBAR_EL2 bits 10:5: RES0 (RAZ/WI) where the EL cannot use AArch32 (Neoverse
 * N1: ID_AA64PFR0_EL1.EL1 = EL2 = 0b0001), the base of VBAR/HVBAR where it can (A57; an
 * AArch32 EL1 whose vectors were 32-byte but not 2 KiB aligned took its SVC at the wrong
 * address before) */
Test(sysreg, vbar_bits_10_5_raz_without_aarch32, .init = setup_n1, .fini = teardown)
{
    C->el = 2;
    cr_assert_eq(sysreg_write(C, SR_VBAR_EL2, 0x40010fff, 0, 0), 0x40010800);
    cr_assert_eq(sysreg_write(C, SR_VBAR_EL1, 0x40010fff, 0, 0), 0x40010800);
}

Test(sysreg, vbar_bits_10_5_kept_with_aarch32, .init = setup_a57, .fini = teardown)
{
    C->el = 2;
    cr_assert_eq(sysreg_write(C, SR_VBAR_EL2, 0x40010fff, 0, 0), 0x40010fe0);
    cr_assert_eq(sysreg_write(C, SR_VBAR_EL1, 0x40010fff, 0, 0), 0x40010fe0);
    /* ... and an AArch64 exception still branches to VBAR_EL2<63:11>:vect_offset
     * (AArch64.TakeException): the kept bits are not part of its vector */
    uint64_t at_el2 = exception_vector(C, 2, VECT_SYNC);
    sysreg_write(C, SR_VBAR_EL2, 0x40010800, 0, 0);
    cr_assert_eq(at_el2, exception_vector(C, 2, VECT_SYNC));
    cr_assert_eq(at_el2 & ~0x7ffULL, 0x40010800);
}

/* A traced register write is an event with the old and new value and the raw write. */
Test(sysreg, traced_write_event, .init = setup_a57, .fini = teardown)
{
    C->el = 2;
    F->bits = 1;
    uint64_t v = sysreg_write(C, SR_VBAR_EL2, 0x40010fff, 0x40000e00, 0xd51cc000);
    /* bits 4:0 are RES0; 10:5 hold HVBAR's where EL2 can use AArch32, as on the A57 */
    cr_assert_eq(v, 0x40010fe0, "bits 4:0 are RES0");
    cr_assert_eq(events->len, 1);
    cr_assert_eq(ev(0)->kind, EV_SYSREG);
    cr_assert_eq(ev(0)->sysreg, SR_VBAR_EL2);
    cr_assert_eq(ev(0)->value, 0x40010fe0);
    cr_assert_eq(ev(0)->raw, 0x40010fff);
    cr_assert_eq(C->sr_writer[SR_VBAR_EL2], 0x40000e00);
}

/* ---- translation table walks (sim/arch/mmu.c): tables built in the fake RAM ---- */

#define D_TABLE   3ULL                     /* table (levels 0-2), page (level 3) */
#define D_BLOCK   1ULL
#define D_ATTR(i) ((uint64_t)(i) << 2)     /* stage 1 AttrIndx */
#define D_EL0     (1ULL << 6)              /* AP[1] */
#define D_RO      (1ULL << 7)              /* AP[2] */
#define D_SH_IS   (3ULL << 8)
#define D_AF      (1ULL << 10)
#define D_DBM     (1ULL << 51)
#define D_PXN     (1ULL << 53)
#define D_UXN     (1ULL << 54)             /* XN in the EL2 regime, XN[1] at stage 2 */
#define D_XNTABLE (1ULL << 60)
#define D_APTABLE_RO (1ULL << 62)
#define S2_R      (1ULL << 6)              /* S2AP[0] */
#define S2_W      (1ULL << 7)              /* S2AP[1] */
#define S2_ATTR(a) ((uint64_t)(a) << 2)    /* stage 2 MemAttr[3:0] */
#define PAGE      (D_TABLE | D_AF | D_SH_IS)   /* Attr0, EL1 read/write */
#define BLOCK     (D_BLOCK | D_AF | D_SH_IS)
#define S2_PAGE   (D_TABLE | D_AF | D_SH_IS | S2_R | S2_W | S2_ATTR(0xf))

#define SCTLR_MCI   0x1005ULL             /* M, C, I */
#define SCTLR_WXN_B (1ULL << 19)
#define SCTLR_EE_B  (1ULL << 25)
#define TCR_EPD0    (1ULL << 7)
#define TCR_EPD1    (1ULL << 23)
#define TCR_TBI0    (1ULL << 37)
#define TCR_TBI1    (1ULL << 38)
#define TCR_HA      (1ULL << 39)
#define TCR_HD      (1ULL << 40)
#define TCR_HPD0    (1ULL << 41)
/* T0SZ = T1SZ = 25 (39-bit VAs), TG0 4 KiB, TG1 4 KiB (0b10), IPS 0b101 (48 bits) */
#define TCR_4K      (25ULL | 25ULL << 16 | 2ULL << 30 | 5ULL << 32)
/* MAIR: Attr0 Normal WB RW-allocate, Attr1 Device-nGnRE, Attr2 Normal NC, Attr3 WT */
#define MAIR_TEST   0xbb4404ffULL

static void put64(uint64_t pa, uint64_t v)
{
    uint64_t w = GUINT64_TO_LE(v);
    cr_assert(f_write(F, pa, &w, 8), "descriptor at 0x%llx outside the fake RAM", (unsigned long long)pa);
}

static uint64_t get64(uint64_t pa)
{
    uint64_t w = 0;
    cr_assert(f_read(F, pa, &w, 8));
    return GUINT64_FROM_LE(w);
}

/* The 4 KiB layout (EL1&0 unless moved to EL2&0):
 *   TTBR0 L1 0x40080000: [0] -> L2 0x40081000, [1] 1 GiB block at 0x80000000,
 *                        [3] -> table at 0x100000000000 (beyond 44 bits)
 *   L2 0x40081000: [0] -> L3 0x40082000, [1] 2 MiB block at 0x40200000,
 *                  [2] 2 MiB block at 0x100000000000 (beyond 44 bits), [3] -> L3 0x40085000,
 *                  [4] -> L3 0x40086000 through a table with APTable read-only and XNTable,
 *                  [5] 2 MiB block at 0x10000000000 (2^40)
 *   L3 0x40082000: [1] 0x40010000 EL1 RW, [2] 0x40020000 with AF = 0, [3] 0x40030000 EL1 RO,
 *                  [4] 0x40040000 EL0 RW, [5] 0x40041000 EL0 RO UXN, [6] 0x40042000 PXN,
 *                  [7] 0x40011000, [8] 0x40100000, [9] 0x40013000, [10] 0x40012000,
 *                  [11] 0x40043000 read-only with DBM
 *   L3 0x40085000: [0] 0x40014000        L3 0x40086000: [0] 0x40015000 EL0 RW
 *   TTBR1 L1 0x40083000: [0] 1 GiB block at 0x100000000 */
static void build_4k_tables(void)
{
    put64(0x40080000, 0x40081000 | D_TABLE);
    put64(0x40080008, 0x80000000 | BLOCK);
    put64(0x40080018, 0x100000000000ULL | D_TABLE);
    put64(0x40081000, 0x40082000 | D_TABLE);
    put64(0x40081008, 0x40200000 | BLOCK);
    put64(0x40081010, 0x100000000000ULL | BLOCK);
    put64(0x40081018, 0x40085000 | D_TABLE);
    put64(0x40081020, 0x40086000 | D_TABLE | D_APTABLE_RO | D_XNTABLE);
    put64(0x40081028, 0x10000000000ULL | BLOCK);
    put64(0x40082008, 0x40010000 | PAGE);
    put64(0x40082010, 0x40020000 | (PAGE & ~D_AF));
    put64(0x40082018, 0x40030000 | PAGE | D_RO);
    put64(0x40082020, 0x40040000 | PAGE | D_EL0);
    put64(0x40082028, 0x40041000 | PAGE | D_EL0 | D_RO | D_UXN);
    put64(0x40082030, 0x40042000 | PAGE | D_PXN);
    put64(0x40082038, 0x40011000 | PAGE);
    put64(0x40082040, 0x40100000 | PAGE);
    put64(0x40082048, 0x40013000 | PAGE);
    put64(0x40082050, 0x40012000 | PAGE);
    put64(0x40082058, 0x40043000 | PAGE | D_RO | D_DBM);
    put64(0x40085000, 0x40014000 | PAGE);
    put64(0x40086000, 0x40015000 | PAGE | D_EL0);
    put64(0x40083000, 0x100000000ULL | BLOCK);
}

static void setup_el1_4k(void)
{
    build_4k_tables();
    C->sr[SR_TTBR0_EL1] = 0x40080000;
    C->sr[SR_TTBR1_EL1] = 0x40083000;
    C->sr[SR_TCR_EL1] = TCR_4K;
    C->sr[SR_MAIR_EL1] = MAIR_TEST;
    C->sr[SR_SCTLR_EL1] = 0x30d00800 | SCTLR_MCI;
    C->sr[SR_HCR_EL2] = HCR_RW;
}

/* Stage 2 over the 4 KiB layout: VTCR_EL2 T0SZ 24 (40-bit IPAs), SL0 1 (start at level 1,
 * two concatenated tables), 4 KiB, PS 44 bits; VTTBR 0x40090000. IPAs 0x40000000-0x401fffff
 * map to themselves (L2 0x40092000, L3 0x40093000) except: 0x40010000 -> 0x40050000,
 * 0x40011000 read-only, 0x40012000 XN, 0x40013000 Device-nGnRE, 0x40085000 (a stage 1
 * table) and 0x40100000 unmapped. */
static void setup_stage2(void)
{
    put64(0x40090008, 0x40092000 | D_TABLE);
    put64(0x40092000, 0x40093000 | D_TABLE);
    for (uint64_t i = 0; i < 512; i++)
        put64(0x40093000 + 8 * i, (0x40000000 + (i << 12)) | S2_PAGE);
    put64(0x40093000 + 8 * 0x10, 0x40050000 | S2_PAGE);
    put64(0x40093000 + 8 * 0x11, 0x40011000 | (S2_PAGE & ~S2_W));
    put64(0x40093000 + 8 * 0x12, 0x40012000 | S2_PAGE | D_UXN);
    put64(0x40093000 + 8 * 0x13, 0x40013000 | (S2_PAGE & ~S2_ATTR(0xf)) | S2_ATTR(0x1));
    put64(0x40093000 + 8 * 0x85, 0);
    put64(0x40093000 + 8 * 0x100, 0);
    C->sr[SR_VTCR_EL2] = 24 | 1 << 6 | 4 << 16;
    C->sr[SR_VTTBR_EL2] = 0x40090000;
    C->sr[SR_HCR_EL2] = HCR_RW | HCR_VM;
}

static mmu_result xl_acc(mmu_access a, uint64_t va)
{
    mmu_result r;
    bool ok = AArch64_TranslateAddress(C, &a, va, &r);
    cr_assert_eq(ok, r.fault.kind == MMU_FAULT_NONE);
    return r;
}

/* kind: 'r' read, 'w' write, 'x' instruction fetch */
static mmu_result xl(mmu_regime regime, unsigned el, char kind, uint64_t va)
{
    return xl_acc((mmu_access){ .regime = regime, .el = el, .write = kind == 'w', .fetch = kind == 'x' }, va);
}

static void assert_pa(mmu_result r, uint64_t pa, unsigned level, uint64_t size)
{
    cr_assert_eq(r.fault.kind, MMU_FAULT_NONE, "fault %d level %u at 0x%llx", r.fault.kind, r.fault.level,
                 (unsigned long long)r.va);
    cr_assert_eq(r.pa, pa, "VA 0x%llx: PA 0x%llx, expected 0x%llx", (unsigned long long)r.va,
                 (unsigned long long)r.pa, (unsigned long long)pa);
    cr_assert_eq(r.level, level, "VA 0x%llx: level %u", (unsigned long long)r.va, r.level);
    cr_assert_eq(r.size, size, "VA 0x%llx: size 0x%llx", (unsigned long long)r.va, (unsigned long long)r.size);
}

static void assert_fault(mmu_result r, mmu_fault_kind kind, unsigned level, unsigned stage, unsigned fsc)
{
    cr_assert_eq(r.fault.kind, kind, "VA 0x%llx: fault kind %d, expected %d", (unsigned long long)r.va,
                 r.fault.kind, kind);
    cr_assert_eq(r.fault.level, level, "VA 0x%llx: level %u, expected %u", (unsigned long long)r.va,
                 r.fault.level, level);
    cr_assert_eq(r.fault.stage, stage, "VA 0x%llx: stage %u", (unsigned long long)r.va, r.fault.stage);
    cr_assert_eq(mmu_fault_fsc(&r.fault), fsc, "VA 0x%llx: FSC 0x%x, expected 0x%x", (unsigned long long)r.va,
                 mmu_fault_fsc(&r.fault), fsc);
    cr_assert_eq(r.fault.vaddress, r.va);
}

Test(syndrome, aarch32_async_abort)
{
    /* an SError reported to AArch32 (irq32.c): DFSR short-descriptor FS 0b10110 (FS[4] is
       bit 10), long-descriptor LPAE | STATUS 0b010001; HSR: a Data Abort, DFSC 0x11 */
    cr_assert_eq(syn_aa32_dfsr_async(false), 0x406u);
    cr_assert_eq(syn_aa32_dfsr_async(true), 0x211u);
    cr_assert_eq(syn_data_abort(false, false, FSC_ASYNC_SERROR), 0x92000011u);
    cr_assert_eq(syn_data_abort(true, false, FSC_ASYNC_SERROR), 0x96000011u);
}

Test(syndrome, fault_status_codes_and_abort_iss)
{
    cr_assert_eq(fsc_address_size(0), 0x00);
    cr_assert_eq(fsc_address_size(3), 0x03);
    cr_assert_eq(fsc_translation(0), 0x04);
    cr_assert_eq(fsc_translation(3), 0x07);
    cr_assert_eq(fsc_access_flag(1), 0x09);
    cr_assert_eq(fsc_access_flag(3), 0x0b);
    cr_assert_eq(fsc_permission(2), 0x0e);
    cr_assert_eq(fsc_permission(3), 0x0f);
    cr_assert_eq(fsc_external_walk(1), 0x15);
    /* Data Abort from a lower EL: CM[8] S1PTW[7] WnR[6], DFSC translation level 3 */
    cr_assert_eq(syn_data_abort_iss(false, fsc_translation(3), ISS_DABT_CM | ISS_ABT_S1PTW | ISS_DABT_WNR),
                 0x920001c7u);
    cr_assert_eq(syn_data_abort_iss(true, FSC_EXTERNAL, ISS_ABT_FNV | ISS_ABT_EA), 0x96000610u);
    /* Instruction Aborts have no CM or WnR */
    cr_assert_eq(syn_insn_abort_iss(false, fsc_permission(3), ISS_ABT_S1PTW | ISS_DABT_CM | ISS_DABT_WNR),
                 0x8200008fu);
    /* the old builders give what they gave */
    cr_assert_eq(syn_data_abort(true, true, FSC_ALIGNMENT), 0x96000061u);
    cr_assert_eq(syn_insn_abort(true, FSC_EXTERNAL), 0x86000010u);
}

Test(mmu, cpu_model_features_decoded, .init = setup_a57, .fini = teardown)
{
    cr_assert_eq(model->mmu.pa_bits, 44, "A57 ID_AA64MMFR0_EL1.PARange 4");
    cr_assert(model->mmu.tgran4 && model->mmu.tgran64 && !model->mmu.tgran16);
    cr_assert(model->mmu.tgran4_s2 && model->mmu.tgran64_s2 && !model->mmu.tgran16_s2);
    cr_assert_eq(model->mmu.hafdbs, 0);
    cr_assert_eq(model->mmu.pan, 0);
    el2_cpu_model *n1 = cpu_model_load("neoverse-n1", NULL), *a53 = cpu_model_load("cortex-a53", NULL);
    cr_assert_eq(n1->mmu.pa_bits, 48);
    cr_assert(n1->mmu.tgran16);
    cr_assert_eq(n1->mmu.hafdbs, 2);
    cr_assert_eq(n1->mmu.pan, 2);
    cr_assert(n1->mmu.hpds && n1->mmu.xnx);
    cr_assert_eq(a53->mmu.pa_bits, 40);
    cpu_model_free(n1);
    cpu_model_free(a53);
}

Test(mmu, granule_4k_page_and_blocks_at_levels_1_and_2, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    mmu_result r = xl(REGIME_EL10, 1, 'r', 0x1234);
    assert_pa(r, 0x40010234, 3, 0x1000);
    cr_assert(r.s1_enabled && !r.s2_enabled);
    cr_assert_eq(r.attrindx, 0);
    cr_assert(!r.attrs.device);
    cr_assert_eq(r.attrs.inner.attrs, MEMATTR_WB);
    cr_assert_eq(r.attrs.inner.hints, 3);
    cr_assert(r.attrs.shareable && !r.attrs.outershareable, "SH 0b11: Inner Shareable");
    cr_assert_eq(r.ap, 0);
    cr_assert(r.may_read && r.may_write && r.may_exec);
    cr_assert_eq(mmu_par(&r), 0xff00000040010b80ULL, "PAR: ATTR 0xff, PA, RES1, NS, SH 0b11");
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x40001234), 0x80001234, 1, 1ULL << 30);
    assert_pa(xl(REGIME_EL10, 1, 'w', 0x234567), 0x40234567, 2, 2ULL << 20);
    /* a 4 KiB level 0 block does not exist: 48-bit VAs start at level 0 */
    C->sr[SR_TCR_EL1] = (TCR_4K & ~63ULL) | 16;
    C->sr[SR_TTBR0_EL1] = 0x40087000;
    put64(0x40087000, BLOCK);
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x1234), MMU_FAULT_TRANSLATION, 0, 1, 0x04);
    put64(0x40087000, 0x40080000 | D_TABLE);          /* level 0 -> the level 1 table */
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x1234), 0x40010234, 3, 0x1000);
    /* invalid descriptors fault at their level; a level 3 "block" is reserved */
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x8000000000ULL), MMU_FAULT_TRANSLATION, 0, 1, 0x04);
    assert_fault(xl(REGIME_EL10, 1, 'r', 2ULL << 30), MMU_FAULT_TRANSLATION, 1, 1, 0x05);
    put64(0x40082060, 0x40044000 | (PAGE & ~D_TABLE) | D_BLOCK);
    assert_fault(xl(REGIME_EL10, 1, 'r', 0xc000), MMU_FAULT_TRANSLATION, 3, 1, 0x07);
}

Test(mmu, memory_attributes_from_mair, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    put64(0x40082048, 0x40013000 | PAGE | D_ATTR(1));     /* Device-nGnRE */
    put64(0x40082050, 0x40012000 | PAGE | D_ATTR(2));     /* Normal Non-cacheable */
    put64(0x40082060, 0x40044000 | PAGE | D_ATTR(3));     /* Write-through */
    mmu_result r = xl(REGIME_EL10, 1, 'r', 0x9000);
    cr_assert(r.attrs.device);
    cr_assert_eq(r.attrs.devtype, DEVICE_nGnRE);
    cr_assert_eq(mmu_par(&r), 0x0400000040013b00ULL, "Device: Outer Shareable whatever SH says");
    r = xl(REGIME_EL10, 1, 'r', 0xa000);
    cr_assert_eq(mmu_par(&r), 0x4400000040012b00ULL, "Normal NC: Outer Shareable");
    r = xl(REGIME_EL10, 1, 'r', 0xc000);
    cr_assert_eq(mmu_par(&r), 0xbb00000040044b80ULL);
    /* SCTLR_EL1.C = 0: data accesses see Normal memory as Non-cacheable (S1CacheDisabled) */
    C->sr[SR_SCTLR_EL1] &= ~4ULL;
    r = xl(REGIME_EL10, 1, 'r', 0x1000);
    cr_assert_eq(mmu_par(&r), 0x4400000040010b00ULL);
    /* stage 1 off: data is Device-nGnRnE, the address flat */
    C->sr[SR_SCTLR_EL1] &= ~1ULL;
    r = xl(REGIME_EL10, 1, 'r', 0x40001234);
    cr_assert(!r.s1_enabled);
    cr_assert_eq(r.pa, 0x40001234);
    cr_assert_eq(mmu_par(&r), 0x0000000040001b00ULL);
}

Test(mmu, ttbr1_high_addresses_and_epd, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    assert_pa(xl(REGIME_EL10, 1, 'r', 0xffffff8000001234ULL), 0x100001234ULL, 1, 1ULL << 30);
    /* bit 63 set but not all of 63:39: in neither range */
    assert_fault(xl(REGIME_EL10, 1, 'r', 0xffffff7ffffff000ULL), MMU_FAULT_TRANSLATION, 0, 1, 0x04);
    /* T1SZ 16: 48-bit upper range, level 0 (index 511 of a fresh table) */
    C->sr[SR_TCR_EL1] = (TCR_4K & ~(63ULL << 16)) | 16ULL << 16;
    C->sr[SR_TTBR1_EL1] = 0x40087000;
    put64(0x40087000 + 8 * 511, 0x40080000 | D_TABLE);
    assert_pa(xl(REGIME_EL10, 1, 'r', 0xffffff8000001234ULL), 0x40010234, 3, 0x1000);
    C->sr[SR_TCR_EL1] = TCR_4K;
    C->sr[SR_TTBR1_EL1] = 0x40083000;
    /* EPD1 stops walks from TTBR1 only, EPD0 from TTBR0 only: Translation faults at level 0 */
    C->sr[SR_TCR_EL1] = TCR_4K | TCR_EPD1;
    assert_fault(xl(REGIME_EL10, 1, 'r', 0xffffff8000001234ULL), MMU_FAULT_TRANSLATION, 0, 1, 0x04);
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x1234), 0x40010234, 3, 0x1000);
    C->sr[SR_TCR_EL1] = TCR_4K | TCR_EPD0;
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x1234), MMU_FAULT_TRANSLATION, 0, 1, 0x04);
    assert_pa(xl(REGIME_EL10, 1, 'r', 0xffffff8000001234ULL), 0x100001234ULL, 1, 1ULL << 30);
}

Test(mmu, top_byte_ignore, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x5a00000000001234ULL), MMU_FAULT_TRANSLATION, 0, 1, 0x04);
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x12ffff8000001234ULL), MMU_FAULT_TRANSLATION, 0, 1, 0x04);
    C->sr[SR_TCR_EL1] = TCR_4K | TCR_TBI0;
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x5a00000000001234ULL), 0x40010234, 3, 0x1000);
    /* TBI0 says nothing about the upper range: bit 63 = 0 selects TTBR0 there */
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x12ffff8000001234ULL), MMU_FAULT_TRANSLATION, 0, 1, 0x04);
    C->sr[SR_TCR_EL1] = TCR_4K | TCR_TBI1;
    /* with TBI1, bit 55 selects TTBR1 */
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x12ffff8000001234ULL), 0x100001234ULL, 1, 1ULL << 30);
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x5a00000000001234ULL), MMU_FAULT_TRANSLATION, 0, 1, 0x04);
}

Test(mmu, access_flag_fault_without_hafdbs, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    C->sr[SR_TCR_EL1] = TCR_4K | TCR_HA;                 /* HA is RES0 without FEAT_HAFDBS */
    mmu_result r = xl(REGIME_EL10, 1, 'r', 0x2010);
    assert_fault(r, MMU_FAULT_ACCESS_FLAG, 3, 1, 0x0b);
    cr_assert(!r.fault.write);
    cr_assert(xl(REGIME_EL10, 1, 'w', 0x2010).fault.write);
    cr_assert_eq(get64(0x40082010), 0x40020000 | (PAGE & ~D_AF), "descriptor untouched");
    /* an access flag fault on a block */
    put64(0x40081008, 0x40200000 | (BLOCK & ~D_AF));
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x234567), MMU_FAULT_ACCESS_FLAG, 2, 1, 0x0a);
}

Test(mmu, hardware_access_flag_and_dirty_state, .init = setup_n1, .fini = teardown)
{
    setup_el1_4k();
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x2010), MMU_FAULT_ACCESS_FLAG, 3, 1, 0x0b);
    C->sr[SR_TCR_EL1] = TCR_4K | TCR_HA;
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x2010), 0x40020010, 3, 0x1000);
    cr_assert_eq(get64(0x40082010), 0x40020000 | PAGE, "the walk set the Access flag");
    /* DBM without HD: a read-only page */
    assert_fault(xl(REGIME_EL10, 1, 'w', 0xb000), MMU_FAULT_PERMISSION, 3, 1, 0x0f);
    C->sr[SR_TCR_EL1] = TCR_4K | TCR_HA | TCR_HD;
    uint64_t clean = 0x40043000 | PAGE | D_RO | D_DBM;
    mmu_result r = xl(REGIME_EL10, 1, 'r', 0xb000);
    cr_assert(r.may_write, "writable-clean");
    cr_assert_eq(get64(0x40082058), clean, "a read leaves it clean");
    r = xl_acc((mmu_access){ .regime = REGIME_EL10, .el = 1, .write = true, .at = true }, 0xb000);
    cr_assert_eq(r.fault.kind, MMU_FAULT_NONE);
    cr_assert_eq(get64(0x40082058), clean, "AT never makes a page dirty");
    assert_pa(xl(REGIME_EL10, 1, 'w', 0xb008), 0x40043008, 3, 0x1000);
    cr_assert_eq(get64(0x40082058), clean & ~D_RO, "the write made it dirty: AP[2] = 0");
}

Test(mmu, permissions_ap_el0_el1_pxn_uxn, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    /* [3] EL1 read-only, no EL0 access */
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x3000), 0x40030000, 3, 0x1000);
    mmu_result r = xl(REGIME_EL10, 1, 'w', 0x3008);
    assert_fault(r, MMU_FAULT_PERMISSION, 3, 1, 0x0f);
    cr_assert(r.fault.write);
    r = xl(REGIME_EL10, 0, 'r', 0x3000);
    assert_fault(r, MMU_FAULT_PERMISSION, 3, 1, 0x0f);
    cr_assert(!r.fault.write);
    /* [4] EL0 read/write: both ELs may read and write, EL1 may not execute it */
    cr_assert_eq(xl(REGIME_EL10, 0, 'w', 0x4000).fault.kind, MMU_FAULT_NONE);
    cr_assert_eq(xl(REGIME_EL10, 1, 'w', 0x4000).fault.kind, MMU_FAULT_NONE);
    cr_assert_eq(xl(REGIME_EL10, 0, 'x', 0x4000).fault.kind, MMU_FAULT_NONE);
    r = xl(REGIME_EL10, 1, 'x', 0x4000);
    assert_fault(r, MMU_FAULT_PERMISSION, 3, 1, 0x0f);
    cr_assert(r.fault.fetch && !r.fault.write);
    /* [5] EL0 read-only, UXN */
    cr_assert_eq(xl(REGIME_EL10, 0, 'r', 0x5000).fault.kind, MMU_FAULT_NONE);
    assert_fault(xl(REGIME_EL10, 0, 'w', 0x5000), MMU_FAULT_PERMISSION, 3, 1, 0x0f);
    assert_fault(xl(REGIME_EL10, 0, 'x', 0x5000), MMU_FAULT_PERMISSION, 3, 1, 0x0f);
    cr_assert_eq(xl(REGIME_EL10, 1, 'x', 0x5000).fault.kind, MMU_FAULT_NONE);
    /* [6] PXN */
    assert_fault(xl(REGIME_EL10, 1, 'x', 0x6000), MMU_FAULT_PERMISSION, 3, 1, 0x0f);
    cr_assert_eq(xl(REGIME_EL10, 1, 'r', 0x6000).fault.kind, MMU_FAULT_NONE);
    /* WXN: writable means execute-never */
    cr_assert_eq(xl(REGIME_EL10, 1, 'x', 0x1000).fault.kind, MMU_FAULT_NONE);
    C->sr[SR_SCTLR_EL1] |= SCTLR_WXN_B;
    assert_fault(xl(REGIME_EL10, 1, 'x', 0x1000), MMU_FAULT_PERMISSION, 3, 1, 0x0f);
    cr_assert_eq(xl(REGIME_EL10, 1, 'x', 0x3000).fault.kind, MMU_FAULT_NONE, "read-only stays executable");
    cr_assert_eq(xl(REGIME_EL10, 0, 'x', 0x5000).fault.kind, MMU_FAULT_PERMISSION);
}

Test(mmu, table_attributes, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    /* VA 0x800000: L2[4] has APTable read-only and XNTable over an EL0 RW page */
    cr_assert_eq(xl(REGIME_EL10, 0, 'r', 0x800000).fault.kind, MMU_FAULT_NONE);
    assert_fault(xl(REGIME_EL10, 0, 'w', 0x800000), MMU_FAULT_PERMISSION, 3, 1, 0x0f);
    assert_fault(xl(REGIME_EL10, 0, 'x', 0x800000), MMU_FAULT_PERMISSION, 3, 1, 0x0f);
    /* no FEAT_HPDS on the A57: TCR_EL1.HPD0 does nothing */
    C->sr[SR_TCR_EL1] = TCR_4K | TCR_HPD0;
    assert_fault(xl(REGIME_EL10, 0, 'w', 0x800000), MMU_FAULT_PERMISSION, 3, 1, 0x0f);
}

Test(mmu, hierarchical_permission_disable, .init = setup_n1, .fini = teardown)
{
    setup_el1_4k();
    assert_fault(xl(REGIME_EL10, 0, 'w', 0x800000), MMU_FAULT_PERMISSION, 3, 1, 0x0f);
    C->sr[SR_TCR_EL1] = TCR_4K | TCR_HPD0;
    cr_assert_eq(xl(REGIME_EL10, 0, 'w', 0x800000).fault.kind, MMU_FAULT_NONE);
    cr_assert_eq(xl(REGIME_EL10, 0, 'x', 0x800000).fault.kind, MMU_FAULT_NONE);
}

Test(mmu, pan, .init = setup_n1, .fini = teardown)
{
    setup_el1_4k();
    mmu_access a = { .regime = REGIME_EL10, .el = 1, .pan = true };
    assert_fault(xl_acc(a, 0x4000), MMU_FAULT_PERMISSION, 3, 1, 0x0f);      /* EL0-readable page */
    cr_assert_eq(xl_acc(a, 0x1000).fault.kind, MMU_FAULT_NONE);            /* EL1-only page */
    a.at = true;                                                           /* AT S1E1R: no PAN */
    cr_assert_eq(xl_acc(a, 0x4000).fault.kind, MMU_FAULT_NONE);
    a.ats1xp = true;                                                       /* AT S1E1RP */
    assert_fault(xl_acc(a, 0x4000), MMU_FAULT_PERMISSION, 3, 1, 0x0f);
    a = (mmu_access){ .regime = REGIME_EL10, .el = 1, .fetch = true, .pan = true };
    assert_fault(xl_acc(a, 0x4000), MMU_FAULT_PERMISSION, 3, 1, 0x0f);      /* EL0-writable: PXN anyway */
    a = (mmu_access){ .regime = REGIME_EL10, .el = 1, .fetch = true, .pan = true };
    cr_assert_eq(xl_acc(a, 0x5000).fault.kind, MMU_FAULT_NONE, "PAN is for loads and stores only");
}

Test(mmu, pan_needs_the_feature, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    mmu_access a = { .regime = REGIME_EL10, .el = 1, .pan = true };
    cr_assert_eq(xl_acc(a, 0x4000).fault.kind, MMU_FAULT_NONE);
}

Test(mmu, address_size_faults, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    /* IPS 48 bits is more than the A57's PARange (44): 44 */
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x400000), MMU_FAULT_ADDRESS_SIZE, 2, 1, 0x02);       /* block */
    assert_fault(xl(REGIME_EL10, 1, 'r', 0xc0000000), MMU_FAULT_ADDRESS_SIZE, 1, 1, 0x01);     /* table */
    assert_pa(xl(REGIME_EL10, 1, 'r', 0xa00000), 0x10000000000ULL, 2, 2ULL << 20);            /* 2^40 fits */
    /* IPS 32 bits: the 4 GiB block of TTBR1 is beyond it */
    C->sr[SR_TCR_EL1] = TCR_4K & ~(7ULL << 32);
    assert_fault(xl(REGIME_EL10, 1, 'r', 0xffffff8000001234ULL), MMU_FAULT_ADDRESS_SIZE, 1, 1, 0x01);
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x1234), 0x40010234, 3, 0x1000);
    /* the base register beyond the output size: level 0 */
    C->sr[SR_TCR_EL1] = TCR_4K;
    C->sr[SR_TTBR0_EL1] = 0x100040080000ULL;
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x1234), MMU_FAULT_ADDRESS_SIZE, 0, 1, 0x00);
    /* bits 63:48 of a TTBR are the ASID, not address */
    C->sr[SR_TTBR0_EL1] = 0x1234000040080000ULL;
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x1234), 0x40010234, 3, 0x1000);
    /* stage 1 off: the address itself must fit in PARange */
    C->sr[SR_SCTLR_EL1] &= ~1ULL;
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x100000000000ULL), MMU_FAULT_ADDRESS_SIZE, 0, 1, 0x00);
    cr_assert_eq(xl(REGIME_EL10, 1, 'r', 0xfff00000000ULL).pa, 0xfff00000000ULL);
}

Test(mmu, descriptors_big_endian_with_ee, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    C->sr[SR_TTBR0_EL1] = 0x40087000;
    put64(0x40087000, GUINT64_SWAP_LE_BE(0x80000000 | BLOCK));
    C->sr[SR_SCTLR_EL1] |= SCTLR_EE_B;
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x1234), 0x80001234, 1, 1ULL << 30);
}

Test(mmu, granule_16k, .init = setup_n1, .fini = teardown)
{
    /* T0SZ 28 (36-bit VAs), TG0 16 KiB: start at level 2 (index 35:25), level 3 (24:14) */
    C->sr[SR_TCR_EL1] = 28 | 2ULL << 14 | 5ULL << 32 | TCR_EPD1;
    C->sr[SR_TTBR0_EL1] = 0x40080000;
    C->sr[SR_MAIR_EL1] = MAIR_TEST;
    C->sr[SR_SCTLR_EL1] = 0x30d00800 | SCTLR_MCI;
    put64(0x40080000, 0x40084000 | D_TABLE);
    put64(0x40080008, 0x42000000 | BLOCK);
    put64(0x40084008, 0x40014000 | PAGE);
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x4123), 0x40014123, 3, 0x4000);
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x2000456), 0x42000456, 2, 32ULL << 20);
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x8000), MMU_FAULT_TRANSLATION, 3, 1, 0x07);
    /* T0SZ 17 (47 bits): start at level 1, where a 16 KiB granule has no blocks */
    C->sr[SR_TCR_EL1] = 17 | 2ULL << 14 | 5ULL << 32 | TCR_EPD1;
    C->sr[SR_TTBR0_EL1] = 0x40088000;
    put64(0x40088000, 0x40000000 | BLOCK);
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x4123), MMU_FAULT_TRANSLATION, 1, 1, 0x05);
    put64(0x40088000, 0x40080000 | D_TABLE);
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x4123), 0x40014123, 3, 0x4000);
}

/* The A57 has no 16 KiB granule: TG0 = 16 KiB is walked as 4 KiB (the IMPLEMENTATION
 * DEFINED choice: the smallest granule the CPU has). */
Test(mmu, unimplemented_granule_is_the_smallest_implemented, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    C->sr[SR_TCR_EL1] = TCR_4K | 2ULL << 14;
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x1234), 0x40010234, 3, 0x1000);
}

/* EL2 without VHE, 64 KiB granule: TCR_EL2 T0SZ 22 (42 bits) starts at level 2 (index
 * 41:29), level 3 (28:16); PS 40 bits; one privilege level. */
Test(mmu, el2_regime_granule_64k, .init = setup_a57, .fini = teardown)
{
    C->el = 2;
    C->sr[SR_TCR_EL2] = 1ULL << 31 | 1ULL << 23 | 22 | 1ULL << 14 | 2ULL << 16;
    C->sr[SR_TTBR0_EL2] = 0x400a0000;
    C->sr[SR_MAIR_EL2] = MAIR_TEST;
    C->sr[SR_SCTLR_EL2] = 0x30c50830 | SCTLR_MCI;
    put64(0x400a0000, 0x400b0000 | D_TABLE);
    put64(0x400a0008, 0x60000000 | BLOCK);
    put64(0x400a0010, 0x10000000000ULL | BLOCK);
    put64(0x400b0008, 0x40050000 | PAGE | D_EL0);
    put64(0x400b0010, 0x40060000 | PAGE | D_RO | D_UXN);
    cr_assert_eq(mmu_regime_of(C, 2), REGIME_EL2);
    mmu_result r = xl(REGIME_EL2, 2, 'r', 0x11234);
    assert_pa(r, 0x40051234, 3, 0x10000);
    cr_assert_eq(r.ap, 1, "AP[1] reads as 1 in a single-privilege regime");
    cr_assert(r.may_exec, "AP[1] does not make it EL0-writable here");
    assert_pa(xl(REGIME_EL2, 2, 'w', 0x20001234), 0x60001234, 2, 512ULL << 20);
    cr_assert_eq(xl(REGIME_EL2, 2, 'r', 0x21234).fault.kind, MMU_FAULT_NONE);
    assert_fault(xl(REGIME_EL2, 2, 'w', 0x21234), MMU_FAULT_PERMISSION, 3, 1, 0x0f);
    assert_fault(xl(REGIME_EL2, 2, 'x', 0x21234), MMU_FAULT_PERMISSION, 3, 1, 0x0f);
    assert_fault(xl(REGIME_EL2, 2, 'r', 0x40000000), MMU_FAULT_ADDRESS_SIZE, 2, 1, 0x02);
    /* one VA range: above 2^42 is out of it; TCR_EL2.TBI (bit 20) drops the top byte */
    assert_fault(xl(REGIME_EL2, 2, 'r', 0xab00000000011234ULL), MMU_FAULT_TRANSLATION, 0, 1, 0x04);
    C->sr[SR_TCR_EL2] |= 1ULL << 20;
    assert_pa(xl(REGIME_EL2, 2, 'r', 0xab00000000011234ULL), 0x40051234, 3, 0x10000);
}

/* Hyp mode's stage 1 on the Hyp-mode machine (mmu_a32.c; AArch32.TranslationTableWalkLD):
 * HTCR T0SZ 0 (32-bit VAs, the walk from level 1, 4 entries), HTTBR 0x40080000, 40-bit
 * output addresses; then T0SZ 2 (a 1 GiB range, the walk from level 2). Exact PAs, levels,
 * fault kinds and long-descriptor FSCs. */
Test(mmu_a32, hyp_long_descriptor_walk, .fini = teardown)
{
    setup_model("cortex-a15");
    C->a32_machine = true;
    C->el = 2;
    C->sr[SR_TCR_EL2] = 0x80003500;              /* HTCR: T0SZ 0, IRGN0/ORGN0 WB, SH0 Inner */
    cr_assert_eq(mmu_a32_htcr_as_tcr(0x80003502), 0x80823522ULL, "T0SZ 32 + 2, PS 40 bits");
    C->sr[SR_TTBR0_EL2] = 0x40080000;             /* HTTBR */
    C->sr[SR_MAIR_EL2] = MAIR_TEST;               /* HMAIR0/1 */
    C->sr[SR_SCTLR_EL2] = 0x30c50830 | SCTLR_MCI; /* HSCTLR.M */
    put64(0x40080008, 0x40081000 | D_TABLE);                  /* L1[1] -> L2 */
    put64(0x40080010, 0x80000000 | BLOCK);                    /* L1[2]: 1 GiB block */
    put64(0x40080018, 0x10000000000ULL | BLOCK);              /* L1[3]: OA bit 40 set */
    put64(0x40081000, 0x40082000 | D_TABLE);                  /* L2[0] -> L3 */
    put64(0x40081008, 0x40200000 | BLOCK | D_UXN);            /* L2[1]: 2 MiB, XN */
    put64(0x40082008, 0x40010000 | PAGE);                     /* L3[1] */
    put64(0x40082010, 0x40020000 | (PAGE & ~D_AF));           /* L3[2]: AF = 0 */
    put64(0x40082018, 0x40030000 | PAGE | D_RO);              /* L3[3]: AP[2] read-only */
    cr_assert_eq(mmu_regime_of(C, 2), REGIME_EL2);
    cr_assert(mmu_s1_enabled(C, REGIME_EL2));
    assert_pa(xl(REGIME_EL2, 2, 'x', 0x40001234), 0x40010234, 3, 0x1000);
    assert_pa(xl(REGIME_EL2, 2, 'w', 0x80001234), 0x80001234, 1, 1ULL << 30);
    assert_pa(xl(REGIME_EL2, 2, 'r', 0x40201234), 0x40201234, 2, 2ULL << 20);
    assert_fault(xl(REGIME_EL2, 2, 'x', 0x40201234), MMU_FAULT_PERMISSION, 2, 1, 0x0e);
    assert_fault(xl(REGIME_EL2, 2, 'r', 0x40002000), MMU_FAULT_ACCESS_FLAG, 3, 1, 0x0b);
    assert_pa(xl(REGIME_EL2, 2, 'r', 0x40003000), 0x40030000, 3, 0x1000);
    assert_fault(xl(REGIME_EL2, 2, 'w', 0x40003000), MMU_FAULT_PERMISSION, 3, 1, 0x0f);
    assert_fault(xl(REGIME_EL2, 2, 'r', 0x00001000), MMU_FAULT_TRANSLATION, 1, 1, 0x05);
    assert_fault(xl(REGIME_EL2, 2, 'r', 0x40400000), MMU_FAULT_TRANSLATION, 2, 1, 0x06);
    assert_fault(xl(REGIME_EL2, 2, 'r', 0xc0000000), MMU_FAULT_ADDRESS_SIZE, 1, 1, 0x01);
    /* T0SZ 2: VAs below 2^30, HTTBR at a level 2 table; above the range: level 1 (AArch32
     * reports the walk that finds no base as a level 1 fault) */
    C->sr[SR_TCR_EL2] = 0x80003502;
    C->sr[SR_TTBR0_EL2] = 0x40081000;
    assert_pa(xl(REGIME_EL2, 2, 'r', 0x00001234), 0x40010234, 3, 0x1000);
    assert_pa(xl(REGIME_EL2, 2, 'r', 0x00201234), 0x40201234, 2, 2ULL << 20);
    assert_fault(xl(REGIME_EL2, 2, 'r', 0x40000000), MMU_FAULT_TRANSLATION, 1, 1, 0x05);
}

/* Stage 2 of the PL1 modes on the Hyp-mode machine: the AArch32 VTCR (T0SZ a signed 4-bit
 * value: -8 gives 40-bit IPAs; SL0 1: the walk from level 1, here two concatenated tables)
 * over setup_stage2's tables, with the PL1 stage 1 off: exact PAs and stage 2 faults. */
Test(mmu_a32, pl1_stage2_with_aarch32_vtcr, .fini = teardown)
{
    setup_model("cortex-a15");
    C->a32_machine = true;
    C->el = 1;
    cr_assert_eq(mmu_a32_vtcr_as_vtcr(0x80003558), 0x80023558ULL, "T0SZ -8: 40-bit IPAs");
    cr_assert_eq(mmu_a32_vtcr_as_vtcr(0x80003540), 0x80023560ULL, "T0SZ 0: 32-bit IPAs");
    setup_stage2();
    C->sr[SR_VTCR_EL2] = 0x80003558;
    C->sr[SR_HCR_EL2] = HCR_VM;
    C->sr[SR_SCTLR_EL1] = 0;
    mmu_result r = xl(REGIME_EL10, 1, 'r', 0x40010234);
    cr_assert_eq(r.fault.kind, MMU_FAULT_NONE);
    cr_assert_eq(r.pa, 0x40050234, "PA 0x%llx", (unsigned long long)r.pa);
    cr_assert_eq(r.s2_level, 3);
    r = xl(REGIME_EL10, 1, 'x', 0x40100000);
    cr_assert_eq(r.fault.kind, MMU_FAULT_TRANSLATION);
    cr_assert_eq(r.fault.stage, 2);
    cr_assert_eq(r.fault.level, 3);
    cr_assert_eq(r.fault.ipaddress, 0x40100000);
    cr_assert_eq(mmu_fault_fsc(&r.fault), 0x07);
    r = xl(REGIME_EL10, 1, 'w', 0x40011000);
    cr_assert_eq(r.fault.kind, MMU_FAULT_PERMISSION);
    cr_assert_eq(r.fault.stage, 2);
    cr_assert_eq(mmu_fault_fsc(&r.fault), 0x0f);
    /* T0SZ 0: 32-bit IPAs, the same level 1 table (its first 4 entries) */
    C->sr[SR_VTCR_EL2] = 0x80003540;
    r = xl(REGIME_EL10, 1, 'r', 0x40010234);
    cr_assert_eq(r.pa, 0x40050234, "PA 0x%llx", (unsigned long long)r.pa);
}

/* The short-descriptor format of an AArch32 EL1&0 (mmu_a32.c, AArch32.TranslationTableWalkSD)
 * over hand-built tables: TTBCR.N = 1 (TTBR0 below 0x80000000, an 8 KiB level 1 table at
 * 0x40080000; TTBR1 above, 16 KiB at 0x40084000), DACR D0 D1 client, D2 no access, D3
 * manager; sections, supersection, small and large pages, AP[2:0] (SCTLR.AFE = 0, then 1),
 * XN, PXN, PD1. Exact PAs, levels and fault kinds (FSCs in the long-descriptor encoding). */
static void put32(uint64_t pa, uint32_t v)
{
    uint32_t w = GUINT32_TO_LE(v);
    cr_assert(f_write(F, pa, &w, 4));
}

#define SD_SECT(pa, ap, dom) ((uint32_t)(pa) | ((ap) & 3) << 10 | ((ap) >> 2) << 15 | (dom) << 5 | 0xc | 2)

Test(mmu_a32, el1_short_descriptor_walk, .init = setup_a57, .fini = teardown)
{
    C->el = 1;
    C->aarch32 = true;
    C->sr[SR_HCR_EL2] = 0;                        /* RW = 0: EL1 uses AArch32 */
    C->sr[SR_TCR_EL1] = 1;                        /* TTBCR: EAE 0, N 1 */
    C->sr[SR_TTBR0_EL1] = 0x40080000;
    C->sr[SR_TTBR1_EL1] = 0x40084000;
    C->sr[SR_DACR32_EL2] = 0xc5;
    C->sr[SR_SCTLR_EL1] = 0x00c50079;             /* M, TRE = AFE = 0 */
    uint64_t l1 = 0x40080000;
    put32(l1 + 4 * 0x400, SD_SECT(0x40000000, 3, 0));           /* VA 0x40000000: RW */
    put32(l1 + 4 * 0x401, 0x40088000 | 1 << 5 | 1);             /* VA 0x40100000: page table */
    put32(l1 + 4 * 0x402, SD_SECT(0x40000000, 3, 2));           /* domain 2: no access */
    put32(l1 + 4 * 0x403, SD_SECT(0x40000000, 0, 3));           /* domain 3: manager */
    put32(l1 + 4 * 0x404, SD_SECT(0x40000000, 3, 0) | 1);       /* PXN */
    put32(l1 + 4 * 0x405, SD_SECT(0x40000000, 3, 0) | 1 << 4);  /* XN */
    for (unsigned i = 0; i < 16; i++)                             /* VA 0x41000000: supersection */
        put32(l1 + 4 * (0x410 + i), 0x42000000 | 1 << 20 | 1 << 18 | 3 << 10 | 0xc | 2);
    put32(0x40088000, 0x40050000 | 1 << 4 | 0xc | 2);           /* small page, AP 001 */
    for (unsigned i = 0; i < 16; i++)                             /* large page, AP 010, XN */
        put32(0x40088000 + 4 * (0x10 + i), 0x40060000 | 1 << 15 | 2 << 4 | 0xc | 1);
    put32(0x40084000 + 4 * 0xc00, SD_SECT(0x40000000, 5, 0));   /* TTBR1: VA 0xc0000000, AP 101 */
    cr_assert(mmu_s1_enabled(C, REGIME_EL10));
    assert_pa(xl(REGIME_EL10, 1, 'w', 0x40012345), 0x40012345, 1, 1u << 20);
    assert_pa(xl(REGIME_EL10, 0, 'x', 0x40012345), 0x40012345, 1, 1u << 20);
    assert_pa(xl(REGIME_EL10, 1, 'w', 0x40100abc), 0x40050abc, 2, 0x1000);
    assert_fault(xl(REGIME_EL10, 0, 'r', 0x40100abc), MMU_FAULT_PERMISSION, 2, 1, 0x0e);
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x40101000), MMU_FAULT_TRANSLATION, 2, 1, 0x06);
    assert_pa(xl(REGIME_EL10, 0, 'r', 0x4011abcd), 0x4006abcd, 2, 0x10000);
    assert_fault(xl(REGIME_EL10, 0, 'w', 0x4011abcd), MMU_FAULT_PERMISSION, 2, 1, 0x0e);
    assert_fault(xl(REGIME_EL10, 1, 'x', 0x4011abcd), MMU_FAULT_PERMISSION, 2, 1, 0x0e);
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x40200000), MMU_FAULT_DOMAIN, 1, 1, 0x3d);
    assert_pa(xl(REGIME_EL10, 0, 'w', 0x40300010), 0x40000010, 1, 1u << 20);   /* manager: AP ignored */
    assert_fault(xl(REGIME_EL10, 1, 'x', 0x40400000), MMU_FAULT_PERMISSION, 1, 1, 0x0d);
    assert_pa(xl(REGIME_EL10, 0, 'x', 0x40400000), 0x40000000, 1, 1u << 20);   /* PXN: PL0 may */
    assert_fault(xl(REGIME_EL10, 0, 'x', 0x40500000), MMU_FAULT_PERMISSION, 1, 1, 0x0d);
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x41abcdef), 0x142abcdefULL, 1, 16u << 20);
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x00001000), MMU_FAULT_TRANSLATION, 1, 1, 0x05);
    assert_pa(xl(REGIME_EL10, 1, 'r', 0xc0000040), 0x40000040, 1, 1u << 20);
    assert_fault(xl(REGIME_EL10, 1, 'w', 0xc0000040), MMU_FAULT_PERMISSION, 1, 1, 0x0d);
    assert_fault(xl(REGIME_EL10, 0, 'r', 0xc0000040), MMU_FAULT_PERMISSION, 1, 1, 0x0d);
    C->sr[SR_TCR_EL1] = 1 | 1 << 5;               /* PD1: no TTBR1 walks */
    assert_fault(xl(REGIME_EL10, 1, 'r', 0xc0000040), MMU_FAULT_TRANSLATION, 1, 1, 0x05);
    /* SCTLR.AFE: AP[0] is the Access flag (the small page's AP[0] is 1, the section's 1) */
    C->sr[SR_SCTLR_EL1] |= 1u << 29;
    put32(l1 + 4 * 0x400, SD_SECT(0x40000000, 2, 0));           /* AP[0] = 0 */
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x40012345), MMU_FAULT_ACCESS_FLAG, 1, 1, 0x09);
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x40100abc), 0x40050abc, 2, 0x1000);
}

/* The long-descriptor format of an AArch32 EL1&0 (TTBCR.EAE = 1; mmu_a32.c): T0SZ 1 and
 * T1SZ 1 split the 32-bit VA space at 2^31 between TTBR0 (level 1 table of 2 entries at
 * 0x40080000) and TTBR1 (0x40083000); AP[1] PL0 access, AP[2] read-only; T0SZ = T1SZ = 2
 * leaves a gap; EPD1 disables TTBR1 walks. Exact PAs, levels and FSCs. */
Test(mmu_a32, el1_long_descriptor_walk, .init = setup_a57, .fini = teardown)
{
    C->el = 1;
    C->aarch32 = true;
    C->sr[SR_HCR_EL2] = 0;
    C->sr[SR_TCR_EL1] = 1ULL << 31 | 1 | 1 << 16 | 0x3500;     /* EAE, T0SZ 1, T1SZ 1 */
    cr_assert_eq(mmu_a32_ttbcr_as_tcr(C->sr[SR_TCR_EL1]), 0x280213521ULL);
    C->sr[SR_TTBR0_EL1] = 0x40080000;
    C->sr[SR_TTBR1_EL1] = 0x40083000;
    C->sr[SR_MAIR_EL1] = MAIR_TEST;                             /* MAIR0, MAIR1 */
    C->sr[SR_SCTLR_EL1] = 0x00c50079;
    put64(0x40080008, 0x40081000 | D_TABLE);                   /* TTBR0 L1[1]: VA 0x40000000 */
    put64(0x40081000, 0x40082000 | D_TABLE);
    put64(0x40081008, 0x40200000 | BLOCK);                      /* 2 MiB, PL1 only */
    put64(0x40082008, 0x40010000 | PAGE | D_EL0);               /* VA 0x40001000 */
    put64(0x40083000, 0x80000000 | BLOCK | D_EL0 | D_RO);       /* TTBR1 L1[0]: VA 0x80000000 */
    assert_pa(xl(REGIME_EL10, 0, 'w', 0x40001234), 0x40010234, 3, 0x1000);
    assert_pa(xl(REGIME_EL10, 1, 'w', 0x40201234), 0x40201234, 2, 2u << 20);
    assert_fault(xl(REGIME_EL10, 0, 'r', 0x40201234), MMU_FAULT_PERMISSION, 2, 1, 0x0e);
    assert_pa(xl(REGIME_EL10, 0, 'r', 0x80001234), 0x80001234, 1, 1u << 30);
    assert_fault(xl(REGIME_EL10, 1, 'w', 0x80001234), MMU_FAULT_PERMISSION, 1, 1, 0x0d);
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x40400000), MMU_FAULT_TRANSLATION, 2, 1, 0x06);
    C->sr[SR_TCR_EL1] = 1ULL << 31 | 2 | 2 << 16 | 0x3500;     /* T0SZ 2, T1SZ 2: a gap */
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x40001234), MMU_FAULT_TRANSLATION, 1, 1, 0x05);
    C->sr[SR_TCR_EL1] = 1ULL << 31 | 1 | 1 << 16 | 1 << 23;    /* EPD1 */
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x80001234), MMU_FAULT_TRANSLATION, 1, 1, 0x05);
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x40001234), 0x40010234, 3, 0x1000);
}

/* DFSR/IFSR of stage 1 faults of an AArch32 EL1 (AArch32.FaultStatusSD / FaultStatusLD),
 * and AArch32.Abort to its Abort mode stopping when the vector is not mapped for a fetch
 * (it would abort forever): one line, exact text. */
Test(mmu_a32, el1_fault_status_and_unmapped_vector, .init = setup_a57, .fini = teardown)
{
    C->el = 1;
    C->aarch32 = true;
    C->sr[SR_HCR_EL2] = 0;
    C->sr[SR_TCR_EL1] = 0;                        /* TTBCR: N 0, EAE 0 */
    mmu_fault f = { .kind = MMU_FAULT_TRANSLATION, .level = 1, .stage = 1, .vaddress = 0x40001000 };
    cr_assert_eq(mmu_a32_fsr(C, &f), 0x005);
    f.level = 2;
    cr_assert_eq(mmu_a32_fsr(C, &f), 0x007);
    f.kind = MMU_FAULT_PERMISSION;
    f.write = true;
    cr_assert_eq(mmu_a32_fsr(C, &f), 0x80f, "Permission fault, page, WnR");
    f.kind = MMU_FAULT_DOMAIN;
    f.level = 1;
    f.write = false;
    cr_assert_eq(mmu_a32_fsr(C, &f), 0x009);
    f.kind = MMU_FAULT_ACCESS_FLAG;
    cr_assert_eq(mmu_a32_fsr(C, &f), 0x003);
    f.kind = MMU_FAULT_EXTERNAL_WALK;
    f.level = 2;
    cr_assert_eq(mmu_a32_fsr(C, &f), 0x00e, "External abort on the walk, level 2: FS 0b01110");
    C->sr[SR_TCR_EL1] = 1ULL << 31;               /* EAE: LPAE bit 9 and the FSC */
    f.kind = MMU_FAULT_TRANSLATION;
    f.level = 3;
    cr_assert_eq(mmu_a32_fsr(C, &f), 0x207);
    /* the short-descriptor regime mapping nothing: VBAR + 0x0C cannot be fetched */
    C->sr[SR_TCR_EL1] = 0;
    C->sr[SR_TTBR0_EL1] = 0x40080000;             /* a zeroed level 1 table */
    C->sr[SR_DACR32_EL2] = 1;
    C->sr[SR_SCTLR_EL1] = 0x00c50079;
    C->sr[SR_VBAR_EL1] = 0x40002000;
    f = (mmu_fault){ .kind = MMU_FAULT_TRANSLATION, .level = 1, .stage = 1, .fetch = true, .vaddress = 0x40001000 };
    AArch64_Abort(C, &f, 0x40001000, 0);
    cr_assert_eq(C->stop, STOP_FAULT);
    cr_assert_str_eq(C->stop_msg, "the Prefetch Abort at 0x40001000 (address 0x40001000) goes to the AArch32 EL1's "
                     "vector 0x4000200c, which its translation does not map for a fetch: it would abort forever");
}

/* EL2&0 (E2H = 1): TCR_EL2 in the TCR_EL1 layout, TTBR1_EL2 for the upper range, two
 * privilege levels. */
Test(mmu, el20_regime_vhe, .init = setup_n1, .fini = teardown)
{
    build_4k_tables();
    C->el = 2;
    C->sr[SR_HCR_EL2] = HCR_RW | HCR_E2H;
    C->sr[SR_TCR_EL2] = TCR_4K;
    C->sr[SR_TTBR0_EL2] = 0x40080000;
    C->sr[SR_TTBR1_EL2] = 0x40083000;
    C->sr[SR_MAIR_EL2] = MAIR_TEST;
    C->sr[SR_SCTLR_EL2] = 0x30c50830 | SCTLR_MCI;
    cr_assert_eq(mmu_regime_of(C, 2), REGIME_EL20);
    cr_assert_eq(mmu_regime_of(C, 0), REGIME_EL10, "EL0 is in the host only with TGE");
    C->sr[SR_HCR_EL2] |= HCR_TGE;
    cr_assert_eq(mmu_regime_of(C, 0), REGIME_EL20);
    assert_pa(xl(REGIME_EL20, 2, 'r', 0xffffff8000001234ULL), 0x100001234ULL, 1, 1ULL << 30);
    assert_pa(xl(REGIME_EL20, 2, 'r', 0x1234), 0x40010234, 3, 0x1000);
    assert_fault(xl(REGIME_EL20, 2, 'x', 0x4000), MMU_FAULT_PERMISSION, 3, 1, 0x0f);  /* EL0-writable */
    assert_fault(xl(REGIME_EL20, 0, 'r', 0x3000), MMU_FAULT_PERMISSION, 3, 1, 0x0f);  /* EL2 only */
    cr_assert_eq(xl(REGIME_EL20, 0, 'w', 0x4000).fault.kind, MMU_FAULT_NONE);
}

Test(mmu, stage2_translation_permissions_attributes, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    setup_stage2();
    mmu_result r = xl(REGIME_EL10, 1, 'r', 0x1234);
    assert_pa(r, 0x40050234, 3, 0x1000);
    cr_assert_eq(r.ipa, 0x40010234);
    cr_assert(r.s2_enabled);
    cr_assert_eq(r.s2_level, 3);
    cr_assert_eq(r.s2ap, 3);
    cr_assert_eq(mmu_par(&r), 0xff00000040050b80ULL, "WB and WB: WB, Inner Shareable");
    r = xl_acc((mmu_access){ .regime = REGIME_EL10, .el = 1, .stage1_only = true }, 0x1234);
    assert_pa(r, 0x40010234, 3, 0x1000);
    /* S2AP read-only */
    cr_assert_eq(xl(REGIME_EL10, 1, 'r', 0x7000).fault.kind, MMU_FAULT_NONE);
    r = xl(REGIME_EL10, 1, 'w', 0x7010);
    assert_fault(r, MMU_FAULT_PERMISSION, 3, 2, 0x0f);
    cr_assert(r.fault.write && !r.fault.s1ptw);
    cr_assert_eq(r.fault.ipaddress, 0x40011010);
    cr_assert(!mmu_ipa_valid(&r.fault), "HPFAR_EL2 is not written for a stage 2 permission fault");
    cr_assert_eq(AArch64_FaultSyndrome(&r.fault, false), 0x9200004fu);
    /* XN: execute-never for both ELs (no FEAT_XNX on the A57: bit 53 is ignored) */
    cr_assert_eq(xl(REGIME_EL10, 1, 'r', 0xa000).fault.kind, MMU_FAULT_NONE);
    r = xl(REGIME_EL10, 0, 'x', 0xa000);
    cr_assert_eq(xl(REGIME_EL10, 1, 'x', 0xa000).fault.kind, MMU_FAULT_PERMISSION);
    put64(0x40093000 + 8 * 0x12, 0x40012000 | S2_PAGE | D_PXN);
    cr_assert_eq(xl(REGIME_EL10, 1, 'x', 0xa000).fault.kind, MMU_FAULT_NONE);
    /* an unmapped IPA: stage 2 Translation fault, IPA reported */
    r = xl(REGIME_EL10, 1, 'r', 0x8abc);
    assert_fault(r, MMU_FAULT_TRANSLATION, 3, 2, 0x07);
    cr_assert_eq(r.fault.ipaddress, 0x40100abc);
    cr_assert(mmu_ipa_valid(&r.fault));
    cr_assert_eq(mmu_hpfar(r.fault.ipaddress), 0x401000);
    /* an IPA beyond the 40-bit stage 2 input range: level 0 */
    assert_fault(xl(REGIME_EL10, 1, 'r', 0xa00000), MMU_FAULT_TRANSLATION, 0, 2, 0x04);
    /* Device at stage 2 makes Normal stage 1 memory Device */
    r = xl(REGIME_EL10, 1, 'r', 0x9000);
    cr_assert(r.attrs.device);
    cr_assert_eq(r.attrs.devtype, DEVICE_nGnRE);
    cr_assert_eq(mmu_par(&r), 0x0400000040013b00ULL);
    /* HCR_EL2.VM = 0: no stage 2 */
    C->sr[SR_HCR_EL2] = HCR_RW;
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x1234), 0x40010234, 3, 0x1000);
}

Test(mmu, stage2_xnx, .init = setup_n1, .fini = teardown)
{
    setup_el1_4k();
    setup_stage2();
    /* FEAT_XNX: XN[1:0] = 01 execute-never at EL1 only, 11 at EL0 only */
    put64(0x40093000 + 8 * 0x12, 0x40012000 | S2_PAGE | D_PXN);
    cr_assert_eq(xl(REGIME_EL10, 1, 'x', 0xa000).fault.kind, MMU_FAULT_PERMISSION);
    cr_assert_eq(xl(REGIME_EL10, 0, 'x', 0xa000).fault.kind, MMU_FAULT_NONE);
    put64(0x40082050, 0x40012000 | PAGE | D_EL0 | D_RO);
    put64(0x40093000 + 8 * 0x12, 0x40012000 | S2_PAGE | D_PXN | D_UXN);
    cr_assert_eq(xl(REGIME_EL10, 1, 'x', 0xa000).fault.kind, MMU_FAULT_NONE);
    cr_assert_eq(xl(REGIME_EL10, 0, 'x', 0xa000).fault.kind, MMU_FAULT_PERMISSION);
}

/* A stage 1 table at an IPA stage 2 does not map: the stage 2 fault is on the stage 1
 * walk (S1PTW), at the IPA of the descriptor, whatever the access. */
Test(mmu, stage2_fault_on_stage1_walk, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    setup_stage2();
    mmu_result r = xl(REGIME_EL10, 1, 'w', 0x600123);
    assert_fault(r, MMU_FAULT_TRANSLATION, 3, 2, 0x07);
    cr_assert(r.fault.s1ptw);
    cr_assert(r.fault.write, "WnR of the access the walk was for");
    cr_assert_eq(r.fault.ipaddress, 0x40085000, "the descriptor's IPA (L3 index 0)");
    cr_assert(mmu_ipa_valid(&r.fault));
    cr_assert_eq(AArch64_FaultSyndrome(&r.fault, false), 0x920000c7u, "S1PTW, WnR, DFSC 0x07");
    r = xl(REGIME_EL10, 1, 'x', 0x600123);
    cr_assert_eq(AArch64_FaultSyndrome(&r.fault, false), 0x82000087u, "Instruction Abort with S1PTW");
    cr_assert_eq(mmu_par(&r), 0xb0fULL, "PAR: F, FST 0x07, PTW, S");
    /* stage 2 read-only is enough for a walk; no read access is not */
    put64(0x40093000 + 8 * 0x85, 0x40085000 | (S2_PAGE & ~S2_W));
    assert_pa(xl(REGIME_EL10, 1, 'w', 0x600123), 0x40014123, 3, 0x1000);
    put64(0x40093000 + 8 * 0x85, 0x40085000 | (S2_PAGE & ~(S2_W | S2_R)));
    r = xl(REGIME_EL10, 1, 'r', 0x600123);
    assert_fault(r, MMU_FAULT_PERMISSION, 3, 2, 0x0f);
    cr_assert(r.fault.s1ptw);
    cr_assert(mmu_ipa_valid(&r.fault), "a permission fault on a walk has a valid IPA");
    /* HCR_EL2.PTW: a walk into stage 2 Device memory is a stage 2 permission fault */
    put64(0x40093000 + 8 * 0x85, 0x40085000 | (S2_PAGE & ~S2_ATTR(0xf)) | S2_ATTR(0x1));
    assert_pa(xl(REGIME_EL10, 1, 'r', 0x600123), 0x40014123, 3, 0x1000);
    C->sr[SR_HCR_EL2] |= 1ULL << 2;
    r = xl(REGIME_EL10, 1, 'r', 0x600123);
    assert_fault(r, MMU_FAULT_PERMISSION, 3, 2, 0x0f);
    cr_assert(r.fault.s1ptw);
}

Test(mmu, stage2_start_level_checks, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    setup_stage2();
    /* SL0 = 0 (level 2) with 40-bit IPAs would need 512 concatenated tables: level 0 fault */
    C->sr[SR_VTCR_EL2] = 24 | 4 << 16;
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x1234), MMU_FAULT_TRANSLATION, 0, 2, 0x04);
    /* the VTTBR beyond PS (32 bits) */
    C->sr[SR_VTCR_EL2] = 24 | 1 << 6 | 0 << 16;
    C->sr[SR_VTTBR_EL2] = 0x140090000ULL;
    assert_fault(xl(REGIME_EL10, 1, 'r', 0x1234), MMU_FAULT_ADDRESS_SIZE, 0, 2, 0x00);
}

/* ---- AT and PAR_EL1 ---- */

#define AT_S1E1R  0xd5087800u
#define AT_S1E1W  0xd5087820u
#define AT_S1E0R  0xd5087840u
#define AT_S1E0W  0xd5087860u
#define AT_S1E1RP 0xd5087900u
#define AT_S1E2R  0xd50c7800u
#define AT_S1E2W  0xd50c7820u
#define AT_S12E1R 0xd50c7880u
#define AT_S12E1W 0xd50c78a0u
#define AT_S12E0R 0xd50c78c0u
#define AT_S12E0W 0xd50c78e0u

/* AT <op>, x3 with x3 = va at el; returns PAR_EL1 */
/* ---- guest memory by virtual address (sim/arch/vmem.c) ---- */

static uint64_t va_pa(uint64_t va, bool write, bool fetch)
{
    uint64_t pa = 0;
    mmu_fault f;
    cr_assert(cpu_va_to_pa(C, va, write, fetch, &pa, &f), "VA 0x%llx: fault %d", (unsigned long long)va, f.kind);
    return pa;
}

Test(vmem, identity_with_the_mmu_off, .init = setup_a57, .fini = teardown)
{
    C->el = 2;
    cr_assert(!cpu_translating(C, 2) && !cpu_translating(C, 1));
    cr_assert_eq(va_pa(0x40001234, false, false), 0x40001234);
    cr_assert_eq(va_pa(0xfffffffffffULL, true, false), 0xfffffffffffULL, "the top of 44 bits");
    /* beyond PAMax (44 bits on the A57): Address size fault at level 0, as a fetch would take */
    uint64_t pa = 1;
    mmu_fault f;
    cr_assert(!cpu_va_to_pa(C, 1ULL << 44, false, true, &pa, &f));
    cr_assert_eq(f.kind, MMU_FAULT_ADDRESS_SIZE);
    cr_assert_eq(f.level, 0);
    cr_assert(f.fetch);
    cr_assert_eq(mmu_fault_fsc(&f), 0x00);
    /* a tag with TCR_EL2.TBI: the PA is the untagged address */
    cr_assert(!cpu_va_to_pa(C, 0x5a00000040001234ULL, false, false, &pa, NULL));
    C->sr[SR_TCR_EL2] |= 1ULL << 20;
    cr_assert_eq(va_pa(0x5a00000040001234ULL, false, false), 0x40001234);
    /* reads and writes reach the fake RAM; 0 where nothing is mapped */
    uint32_t w = 0xd503201f, r = 0;
    cr_assert(cpu_vwrite(C, 0x40000ffe, &w, 4));
    cr_assert(cpu_vread(C, 0x40000ffe, &r, 4));
    cr_assert_eq(r, 0xd503201f);
    cr_assert(!cpu_vread(C, 0x3ffffffe, &r, 4), "the part below RAM");
    cr_assert_eq(cpu_vinsn_at(C, 0x20000000), 0);
}

Test(vmem, stage1_el1_ttbr0_ttbr1_and_el0, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    C->el = 1;
    cr_assert(cpu_translating(C, 1));
    cr_assert(!cpu_translating(C, 2), "SCTLR_EL2.M is 0");
    cr_assert_eq(va_pa(0x1234, false, false), 0x40010234);
    cr_assert_eq(va_pa(0xffffff8000001234ULL, false, false), 0x100001234ULL, "TTBR1's 1 GiB block");
    /* the instruction at a VA comes from its PA */
    uint32_t insn = GUINT32_TO_LE(0xd4000002);                 /* hvc #0 */
    put64(0x40010100, insn);
    cr_assert_eq(cpu_vinsn_at(C, 0x1100), 0xd4000002);
    cr_assert_eq(cpu_insn_at(C, 0x1100), 0, "the port takes PAs");
    /* a Translation fault at level 3 (L3 entry 0 is invalid) */
    mmu_fault f;
    uint64_t pa;
    cr_assert(!cpu_va_to_pa(C, 0x10, false, false, &pa, &f));
    cr_assert_eq(f.kind, MMU_FAULT_TRANSLATION);
    cr_assert_eq(f.level, 3);
    cr_assert_eq(f.vaddress, 0x10);
    uint64_t v;
    cr_assert(!cpu_vread(C, 0x10, &v, 8));
    /* EL1 read-only page: read yes, write no (a permission fault at level 3) */
    cr_assert_eq(va_pa(0x3008, false, false), 0x40030008);
    cr_assert(!cpu_va_to_pa(C, 0x3008, true, false, &pa, &f));
    cr_assert_eq(f.kind, MMU_FAULT_PERMISSION);
    cr_assert(!cpu_vwrite(C, 0x3008, &v, 8));
    /* EL0 is unprivileged: the EL1-only page is refused, its own page is not */
    C->el = 0;
    cr_assert(!cpu_va_to_pa(C, 0x1234, false, false, &pa, &f));
    cr_assert_eq(f.kind, MMU_FAULT_PERMISSION);
    cr_assert_eq(va_pa(0x4010, true, false), 0x40040010);
    /* EL2 (SCTLR_EL2.M = 0) sees physical addresses */
    C->el = 2;
    cr_assert_eq(va_pa(0x1234, false, false), 0x1234);
}

Test(vmem, page_crossing_accesses_split_per_page, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    C->el = 1;
    /* VA 0x3ffc..0x4003: the last 4 bytes of PA 0x40030000's page (EL1 read-only) and the
     * first 4 of PA 0x40040000's (EL0 read/write) */
    put64(0x40030ff8, 0x1122334455667788ULL);
    put64(0x40040000, 0x99aabbccddeeff00ULL);
    uint64_t v = 0;
    cr_assert(cpu_vread(C, 0x3ffc, &v, 8));
    cr_assert_eq(v, 0xddeeff0011223344ULL, "the two pages, not PA 0x40030ffc..0x40031003");
    /* a store across the read-only page fails; the debugger may write it */
    uint64_t w = 0x0102030405060708ULL;
    cr_assert(!cpu_vwrite(C, 0x3ffc, &w, 8));
    cr_assert(cpu_vwrite_debug(C, 0x3ffc, &w, 8));
    cr_assert_eq(get64(0x40030ff8), 0x0506070855667788ULL);
    cr_assert_eq(get64(0x40040000), 0x99aabbcc01020304ULL);
    cr_assert(cpu_vread_debug(C, 0x3ffc, &v, 8));
    cr_assert_eq(v, w);
    /* a read whose second page faults (VA 0x0ffc..0x1003: L3 entry 0 is invalid) */
    cr_assert(!cpu_vread(C, 0xffc, &v, 8));
}

Test(vmem, stage2_under_stage1, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    setup_stage2();
    C->el = 1;
    cr_assert_eq(va_pa(0x1234, false, false), 0x40050234, "IPA 0x40010234 -> PA 0x40050234");
    /* stage 2 alone (SCTLR_EL1.M = 0): the VA is the IPA */
    C->sr[SR_SCTLR_EL1] &= ~1ULL;
    cr_assert(cpu_translating(C, 1));
    cr_assert_eq(va_pa(0x40010234, false, false), 0x40050234);
    mmu_fault f;
    uint64_t pa;
    cr_assert(!cpu_va_to_pa(C, 0x40100abc, false, false, &pa, &f), "IPA unmapped at stage 2");
    cr_assert_eq(f.kind, MMU_FAULT_TRANSLATION);
    cr_assert_eq(f.stage, 2);
    cr_assert_eq(f.ipaddress, 0x40100abc);
    /* EL2 is not translated by stage 2 */
    C->el = 2;
    cr_assert(!cpu_translating(C, 2));
    cr_assert_eq(va_pa(0x40010234, false, false), 0x40010234);
}

Test(vmem, debugger_accesses_leave_the_access_flag, .init = setup_n1, .fini = teardown)
{
    setup_el1_4k();
    C->el = 1;
    C->sr[SR_TCR_EL1] = TCR_4K | TCR_HA;
    uint64_t v;
    cr_assert(cpu_vread_debug(C, 0x2010, &v, 8));
    cr_assert_eq(get64(0x40082010), 0x40020000 | (PAGE & ~D_AF), "gdb's read changed no descriptor");
    cr_assert(cpu_vread(C, 0x2010, &v, 8));
    cr_assert_eq(get64(0x40082010), 0x40020000 | PAGE, "a guest-style read sets the Access flag");
}

/* Semihosting's parameter block and buffers are VAs of the caller's EL (SYS_HEAPINFO:
 * x1 -> { block address }, 4 words written there) */
Test(vmem, semihosting_blocks_are_virtual_addresses, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    at(1, true, 0x40010200, 0xd45e0000);                    /* hlt #0xf000 */
    put64(0x40010100, 0x4010);                               /* VA 0x1100: the block's address */
    for (int i = 0; i < 4; i++)
        put64(0x40040010 + 8 * i, ~0ULL);
    F->x[0] = 0x16;
    F->x[1] = 0x1100;
    semihost_call(C, 0x200);
    cr_assert_eq(F->x[0], 0, "SYS_HEAPINFO answered");
    for (int i = 0; i < 4; i++)
        cr_assert_eq(get64(0x40040010 + 8 * i), 0, "word %d written at VA 0x4010 = PA 0x40040010", i);
    /* the same call with stage 1 off: VA 0x1100 is not memory */
    C->sr[SR_SCTLR_EL1] &= ~1ULL;
    F->x[0] = 0x16;
    semihost_call(C, 0x40010200);
    cr_assert_eq(F->x[0], (uint64_t)-1);
}

/* The exception model reads the instruction at a PC through the PC's EL regime: an HVC
 * at EL1's VA 0x1100 (PA 0x40010100) has its immediate in the ESR, and the event has
 * the PA of the PC. */
Test(vmem, exception_instruction_read_by_virtual_pc, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    C->sr[SR_VBAR_EL2] = 0x40000000;
    at(1, true, 0x40010100, 0xd4000242);                    /* hvc #0x12, at PA 0x40010100 */
    F->pc = 0x1100;
    AArch64_CallHypervisor(C, 0x1100);
    cr_assert_eq(events->len, 1);
    cr_assert_eq(ev(0)->kind, EV_EXC);
    cr_assert_eq(ev(0)->exc, EXC_HVC);
    cr_assert_eq(ev(0)->insn, 0xd4000242);
    cr_assert_eq(ev(0)->esr, 0x5a000012u);
    cr_assert_eq(ev(0)->elr, 0x1104);
    cr_assert(ev(0)->has_pc_pa);
    cr_assert_eq(ev(0)->pc_pa, 0x40010100);
}

/* The writes that change translation are MSR events and TLBI instructions TLBI events,
 * each with its values (traces record them: traces/FORMAT.md kinds 2 and 5) */
Test(vmem, translation_register_writes_and_tlbi_are_events, .init = setup_n1, .fini = teardown)
{
    static const struct { unsigned el; uint32_t insn; int sr; } w[] = {
        { 1, 0xd5181001, SR_SCTLR_EL1 },  { 1, 0xd5182001, SR_TTBR0_EL1 }, { 1, 0xd5182021, SR_TTBR1_EL1 },
        { 1, 0xd5182041, SR_TCR_EL1 },    { 1, 0xd518a201, SR_MAIR_EL1 },  { 2, 0xd51c2101, SR_VTTBR_EL2 },
        { 2, 0xd51c2141, SR_VTCR_EL2 },   { 2, 0xd51c2021, SR_TTBR1_EL2 },
    };
    C->sr[SR_HCR_EL2] = HCR_RW;
    for (unsigned i = 0; i < G_N_ELEMENTS(w); i++) {
        C->el = w[i].el;
        F->x[1] = 0x40001000 + i;
        uint64_t pc = 0x40002000 + 4 * i;
        sysinsn_exec(C, pc, w[i].insn);
        cr_assert_eq(events->len, i + 1, "write %u: one event", i);
        const el2_event *e = ev(i);
        cr_assert_eq(e->kind, EV_SYSREG);
        cr_assert_eq(e->sysreg, w[i].sr, "write %u: %s", i, sysreg_table[e->sysreg].name);
        cr_assert_eq(e->pc, pc);
        cr_assert_eq(e->insn, w[i].insn);
        cr_assert_eq(e->from_el, w[i].el);
        cr_assert_eq(e->raw, 0x40001000 + i);
    }
    /* TLBI VAE1, x3 at EL1 and TLBI VMALLS12E1 at EL2 */
    C->el = 1;
    F->x[3] = 0x0012000000040000ULL;                        /* ASID 0x12, VA page 0x40000000 */
    sysinsn_exec(C, 0x40003000, 0xd5088723);
    C->el = 2;
    sysinsn_exec(C, 0x40003004, 0xd50c87df);
    cr_assert_eq(events->len, G_N_ELEMENTS(w) + 2);
    const el2_event *t = ev(G_N_ELEMENTS(w));
    cr_assert_eq(t->kind, EV_TLBI);
    cr_assert_eq(t->pc, 0x40003000);
    cr_assert_eq(t->insn, 0xd5088723);
    cr_assert_eq(t->from_el, 1);
    cr_assert_eq(t->to_el, 1);
    cr_assert_eq(t->value, 0x0012000000040000ULL);
    t = ev(G_N_ELEMENTS(w) + 1);
    cr_assert_eq(t->kind, EV_TLBI);
    cr_assert_eq(t->insn, 0xd50c87df);
    cr_assert_eq(t->from_el, 2);
    cr_assert_eq(t->value, 0);
    /* trapped by HCR_EL2.TTLB: a trap, no TLBI event */
    C->el = 1;
    C->sr[SR_HCR_EL2] = HCR_RW | (1ULL << 25);
    C->sr[SR_VBAR_EL2] = 0x40000000;
    sysinsn_exec(C, 0x40003008, 0xd5088723);
    cr_assert_eq(events->len, G_N_ELEMENTS(w) + 3);
    cr_assert_eq(ev(G_N_ELEMENTS(w) + 2)->kind, EV_EXC);
    cr_assert_eq(ev(G_N_ELEMENTS(w) + 2)->exc, EXC_SYSREG_TRAP);
}

Test(vmem, events_carry_the_pa_of_pc_and_far, .init = setup_a57, .fini = teardown)
{
    /* MMU off: no PA */
    el2_event e = { .kind = EV_SYSREG, .pc = 0x40001000, .from_el = 2, .to_el = 2 };
    cpu_emit(C, &e);
    cr_assert(!ev(0)->has_pc_pa && !ev(0)->has_far_pa);
    setup_el1_4k();
    /* EL1 with stage 1: the PC's PA, and FAR's for a Data Abort */
    e = (el2_event){ .kind = EV_EXC, .exc = EXC_DATA_ABORT, .pc = 0x1008, .far = 0x4010, .from_el = 1, .to_el = 2 };
    cpu_emit(C, &e);
    cr_assert(ev(1)->has_pc_pa);
    cr_assert_eq(ev(1)->pc_pa, 0x40010008);
    cr_assert(ev(1)->has_far_pa);
    cr_assert_eq(ev(1)->far_pa, 0x40040010);
    /* a FAR that does not translate has none; the PC of an EL2 event is untranslated */
    e.far = 0x10;
    cpu_emit(C, &e);
    cr_assert(ev(2)->has_pc_pa && !ev(2)->has_far_pa);
    e = (el2_event){ .kind = EV_ERET, .pc = 0x40001000, .from_el = 2, .to_el = 1 };
    cpu_emit(C, &e);
    cr_assert(!ev(3)->has_pc_pa);
    /* translation on but the PA equals the VA: nothing to say (L1 entry 2: a 1 GiB block
     * mapping VA 0x80000000 to itself) */
    put64(0x40080010, 0x80000000 | BLOCK);
    e = (el2_event){ .kind = EV_SYSREG, .pc = 0x80000010, .from_el = 1, .to_el = 1 };
    cpu_emit(C, &e);
    cr_assert(!ev(4)->has_pc_pa);
}

static uint64_t run_at(unsigned el, uint32_t insn, uint64_t va)
{
    at(el, true, 0x40000100, insn | 3);
    F->x[3] = va;
    C->sr[SR_PAR_EL1] = 0x5555;
    cr_assert_not(sysinsn_exec(C, 0x40000100, insn | 3));
    return C->sr[SR_PAR_EL1];
}

Test(at, par_el1_both_formats, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    setup_stage2();
    cr_assert_eq(run_at(2, AT_S1E1R, 0x1234), 0xff00000040010b80ULL, "S1E1: the IPA");
    cr_assert_eq(run_at(2, AT_S12E1R, 0x1234), 0xff00000040050b80ULL, "S12E1: the PA");
    cr_assert_eq(run_at(2, AT_S12E1R, 0x9000), 0x0400000040013b00ULL, "Device at stage 2");
    cr_assert_eq(run_at(2, AT_S1E1W, 0x3000), 0x81fULL, "stage 1 permission fault, level 3");
    cr_assert_eq(run_at(2, AT_S1E1R, 0x3000), 0xff00000040030b80ULL);
    cr_assert_eq(run_at(2, AT_S1E0R, 0x3000), 0x81fULL, "EL0 has no access");
    cr_assert_eq(run_at(2, AT_S1E0W, 0x4000), 0xff00000040040b80ULL);
    cr_assert_eq(run_at(2, AT_S12E1W, 0x7000), 0xa1fULL, "stage 2 permission fault: S");
    cr_assert_eq(run_at(2, AT_S12E0R, 0x4000), 0xff00000040040b80ULL);
    cr_assert_eq(run_at(2, AT_S12E0R, 0x7000), 0x81fULL, "EL1-only page");
    cr_assert_eq(run_at(2, AT_S12E0W, 0x3000), 0x81fULL);
    cr_assert_eq(run_at(2, AT_S1E1R, 0x600000), 0xb0fULL, "from EL2: a stage 2 fault on the walk goes to PAR");
    cr_assert_eq(run_at(2, AT_S1E1R, 0x2000), 0x817ULL, "access flag fault, level 3");
    cr_assert_eq(run_at(2, AT_S1E1R, 0x8000000000ULL), 0x809ULL, "translation fault, level 0");
    cr_assert_eq(run_at(1, AT_S1E1R, 0x1234), 0xff00000040010b80ULL, "at EL1");
    cr_assert_eq(events->len, 0, "no exception");
    /* stage 1 off: flat, Device-nGnRnE */
    C->sr[SR_SCTLR_EL1] &= ~1ULL;
    cr_assert_eq(run_at(2, AT_S1E1R, 0x40001234), 0x0000000040001b00ULL);
    cr_assert_eq(run_at(2, AT_S1E2R, 0x40001234), 0x0000000040001b00ULL, "SCTLR_EL2.M = 0");
}

Test(at, s1e2_walks_the_el2_regime, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_TCR_EL2] = 1ULL << 31 | 1ULL << 23 | 22 | 1ULL << 14 | 2ULL << 16;
    C->sr[SR_TTBR0_EL2] = 0x400a0000;
    C->sr[SR_MAIR_EL2] = MAIR_TEST;
    C->sr[SR_SCTLR_EL2] = 0x30c50830 | SCTLR_MCI;
    put64(0x400a0000, 0x400b0000 | D_TABLE);
    put64(0x400b0008, 0x40050000 | PAGE | D_RO);
    cr_assert_eq(run_at(2, AT_S1E2R, 0x11234), 0xff00000040051b80ULL);
    cr_assert_eq(run_at(2, AT_S1E2W, 0x11234), 0x81fULL);
    cr_assert_eq(run_at(2, AT_S1E2R, 0x20000), 0x80fULL, "translation fault, level 3");
}

Test(at, undefined_encodings, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_VBAR_EL2] = 0x4000a000;
    C->sr[SR_VBAR_EL1] = 0x4000b000;
    run_at(2, 0xd50c7840u, 0x1000);                        /* op1 4, CRm 8, op2 2: none */
    cr_assert_eq(ev(0)->exc, EXC_UNDEF);
    cr_assert_eq(C->sr[SR_PAR_EL1], 0x5555);
    run_at(1, AT_S1E1RP, 0x1000);                          /* FEAT_PAN2 only */
    cr_assert_eq(ev(1)->exc, EXC_UNDEF);
    run_at(1, AT_S12E1R, 0x1000);                          /* EL2 only */
    cr_assert_eq(ev(2)->exc, EXC_UNDEF);
    cr_assert_eq(C->el, 1);
}

Test(at, s1e1rp_with_pan2, .init = setup_n1, .fini = teardown)
{
    setup_el1_4k();
    /* PSTATE.PAN is not modelled (reads 0): S1E1RP gives what S1E1R gives */
    cr_assert_eq(run_at(1, AT_S1E1RP, 0x4000), 0xff00000040040b80ULL);
    cr_assert_eq(events->len, 0);
}

/* From EL1, a stage 2 fault on the stage 1 walk is a Data Abort to EL2 (CM = 1, WnR = 1,
 * S1PTW = 1) with HPFAR_EL2 = the descriptor's IPA; PAR_EL1 is not written. */
Test(at, stage2_fault_on_walk_from_el1_is_taken_to_el2, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    setup_stage2();
    C->sr[SR_VBAR_EL2] = 0x4000a000;
    uint64_t par = run_at(1, AT_S1E0R, 0x600123);
    cr_assert_eq(par, 0x5555, "PAR_EL1 untouched");
    cr_assert_eq(events->len, 1);
    cr_assert_eq(ev(0)->exc, EXC_DATA_ABORT);
    cr_assert_eq(C->el, 2);
    cr_assert_eq(F->pc, 0x4000a400);
    cr_assert_eq(C->sr[SR_ESR_EL2], 0x920001c7u);
    cr_assert_eq(C->sr[SR_FAR_EL2], 0x600123);
    cr_assert_eq(C->sr[SR_HPFAR_EL2], 0x400850);
    cr_assert_eq(C->sr[SR_ELR_EL2], 0x40000100);
}

/* A descriptor where there is no memory: a synchronous External abort on the walk, taken
 * (not reported in PAR) to the EL that translation faults of the AT go to. */
Test(at, external_abort_on_walk_is_taken, .init = setup_a57, .fini = teardown)
{
    setup_el1_4k();
    C->sr[SR_VBAR_EL1] = 0x4000b000;
    C->sr[SR_TTBR0_EL1] = 0x50000000;
    cr_assert_eq(run_at(1, AT_S1E1R, 0x1234), 0x5555);
    cr_assert_eq(ev(0)->exc, EXC_DATA_ABORT);
    cr_assert_eq(C->el, 1);
    cr_assert_eq(C->sr[SR_ESR_EL1], 0x96000155u, "EC 0x25, CM, WnR, DFSC 0x15 (level 1)");
    cr_assert_eq(C->sr[SR_FAR_EL1], 0x1234);
}

/* ---- the ID register space (Arm ARM D19.2, op0 3, op1 0, CRn 0, CRm 1-7) ---- */

/* Every encoding of the space is a register: named ones with the CPU's value, reserved
 * ones RAZ; all read-only, UNDEFINED at EL0, trapped by HCR_EL2.TID3 from EL1. */
Test(idspace, every_encoding_is_modelled_and_tid3_trapped, .init = setup_a57, .fini = teardown)
{
    int res;
    for (unsigned crm = 1; crm <= 7; crm++) {
        for (unsigned op2 = 0; op2 <= 7; op2++) {
            int idx = sysreg_find_key(SYSREG_KEY(3, 0, 0, crm, op2));
            cr_assert_geq(idx, 0, "S3_0_C0_C%u_%u has no row", crm, op2);
            const sysreg_def *d = &sysreg_table[idx];
            cr_assert_eq(d->kind, SRK_ID, "%s", d->name);
            cr_assert(d->flags & SRF_TID3, "%s", d->name);
            C->el = 1;
            C->sr[SR_HCR_EL2] = HCR_RW;
            cr_assert_eq(sysreg_check(C, idx, true, &res), SRA_OK, "%s", d->name);
            cr_assert_eq(sysreg_check(C, idx, false, &res), SRA_UNDEF, "%s is read-only", d->name);
            C->sr[SR_HCR_EL2] = HCR_RW | HCR_TID3;
            cr_assert_eq(sysreg_check(C, idx, true, &res), SRA_TRAP_EL2, "%s", d->name);
            C->el = 2;
            cr_assert_eq(sysreg_check(C, idx, true, &res), SRA_OK, "TID3 does not apply at EL2");
            C->el = 0;
            cr_assert_eq(sysreg_check(C, idx, true, &res), SRA_UNDEF, "%s at EL0", d->name);
        }
    }
    /* reserved encodings read as zero, AArch32 registers the model's values */
    cr_assert_eq(sysreg_read(C, sysreg_find_name("S3_0_C0_C3_3")), 0);
    cr_assert_eq(sysreg_read(C, sysreg_find_name("S3_0_C0_C6_2")), 0);
    cr_assert_eq(sysreg_read(C, SR_MVFR1_EL1), 0x12111111);
    cr_assert_eq(sysreg_read(C, SR_ID_ISAR5_EL1), 0x00011121);
    cr_assert_eq(sysreg_read(C, SR_ID_PFR1_EL1), 0x00011011);
}

Test(idspace, aarch32_ids_of_neoverse_n1, .init = setup_n1, .fini = teardown)
{
    cr_assert_eq(sysreg_read(C, SR_ID_PFR0_EL1), 0x10010131);
    cr_assert_eq(sysreg_read(C, SR_ID_PFR2_EL1), 0x11);
    cr_assert_eq(sysreg_read(C, SR_ID_MMFR4_EL1), 0x00021110);
    cr_assert_eq(sysreg_read(C, SR_ID_ISAR6_EL1), 0x10);
    cr_assert_eq(sysreg_read(C, SR_MVFR1_EL1), 0x13211111);
}

/* HCR_EL2.TID2: CTR_EL0, CCSIDR_EL1, CLIDR_EL1 and CSSELR_EL1 (both directions) from
 * EL1; TACR: ACTLR_EL1 (both directions). */
Test(idspace, tid2_and_tacr_from_el1, .init = setup_a57, .fini = teardown)
{
    int res;
    C->el = 1;
    C->sr[SR_HCR_EL2] = HCR_RW | HCR_TID2;
    cr_assert_eq(sysreg_check(C, SR_CTR_EL0, true, &res), SRA_TRAP_EL2);
    cr_assert_eq(sysreg_check(C, SR_CCSIDR_EL1, true, &res), SRA_TRAP_EL2);
    cr_assert_eq(sysreg_check(C, SR_CLIDR_EL1, true, &res), SRA_TRAP_EL2);
    cr_assert_eq(sysreg_check(C, SR_CSSELR_EL1, true, &res), SRA_TRAP_EL2);
    cr_assert_eq(sysreg_check(C, SR_CSSELR_EL1, false, &res), SRA_TRAP_EL2);
    cr_assert_eq(sysreg_check(C, SR_ACTLR_EL1, false, &res), SRA_OK, "TACR clear");
    C->sr[SR_HCR_EL2] = HCR_RW | HCR_TACR;
    cr_assert_eq(sysreg_check(C, SR_CTR_EL0, true, &res), SRA_OK, "TID2 clear");
    cr_assert_eq(sysreg_check(C, SR_ACTLR_EL1, true, &res), SRA_TRAP_EL2);
    cr_assert_eq(sysreg_check(C, SR_ACTLR_EL1, false, &res), SRA_TRAP_EL2);
}

/* MIDR_EL1 and MPIDR_EL1 at EL1 with EL2 enabled read VPIDR_EL2 and VMPIDR_EL2 (their
 * accessibility pseudocode); at EL2 the real ones. The virtual ones reset to them. */
Test(idspace, midr_mpidr_at_el1_are_vpidr_vmpidr, .init = setup_a57, .fini = teardown)
{
    int res;
    cr_assert_eq(C->sr[SR_VPIDR_EL2], 0x411fd070, "VPIDR_EL2 resets to MIDR_EL1");
    cr_assert_eq(C->sr[SR_VMPIDR_EL2], 0x80000000, "VMPIDR_EL2 resets to MPIDR_EL1");
    C->sr[SR_VPIDR_EL2] = 0x410fd0f1;
    C->sr[SR_VMPIDR_EL2] = 0x80000102;
    C->el = 1;
    cr_assert_eq(sysreg_check(C, SR_MIDR_EL1, true, &res), SRA_OK);
    cr_assert_eq(res, SR_VPIDR_EL2);
    cr_assert_eq(sysreg_check(C, SR_MPIDR_EL1, true, &res), SRA_OK);
    cr_assert_eq(res, SR_VMPIDR_EL2);
    at(1, true, 0x40000f00, 0xd5380000);                  /* mrs x0, midr_el1 */
    cr_assert_not(sysinsn_exec(C, 0x40000f00, 0xd5380000));
    cr_assert_eq(F->x[0], 0x410fd0f1);
    C->el = 2;
    cr_assert_eq(sysreg_check(C, SR_MIDR_EL1, true, &res), SRA_OK);
    cr_assert_eq(res, SR_MIDR_EL1);
    C->el = 1;
    C->sr[SR_SCR_EL3] &= ~SCR_NS;                         /* EL2 not enabled (Secure) */
    cr_assert_eq(sysreg_check(C, SR_MIDR_EL1, true, &res), SRA_OK);
    cr_assert_eq(res, SR_MIDR_EL1);
}

/* ---- the generic timer ---- */

/* 900 MHz core, CNTFRQ 62.5 MHz: 900,000 cycles are 62,500 ticks. */
#define TICKS_62500 900000

/* TVAL = (CVAL - count)[31:0]; a write sets CVAL = count + SignExtend(TVAL). The EL1
 * virtual timer counts CNTPCT - CNTVOFF_EL2. */
Test(timer, tval_is_a_view_of_cval, .init = setup_a57, .fini = teardown)
{
    C->el = 2;
    C->cycles = TICKS_62500;
    C->sr[SR_CNTP_CVAL_EL0] = 62500 + 1000;
    cr_assert_eq(sysreg_read(C, SR_CNTP_TVAL_EL0), 1000);
    C->sr[SR_CNTP_CVAL_EL0] = 62500 - 16;
    cr_assert_eq(sysreg_read(C, SR_CNTP_TVAL_EL0), 0xfffffff0, "bits [63:32] RES0");
    sysreg_write(C, SR_CNTP_TVAL_EL0, 0xffffffff00000000ULL | 0xfffffc18, 0, 0);   /* -1000 */
    cr_assert_eq(C->sr[SR_CNTP_CVAL_EL0], 62500 - 1000);
    C->sr[SR_CNTVOFF_EL2] = 500;
    sysreg_write(C, SR_CNTV_TVAL_EL0, 100, 0, 0);
    cr_assert_eq(C->sr[SR_CNTV_CVAL_EL0], 62500 - 500 + 100, "virtual count");
    cr_assert_eq(sysreg_read(C, SR_CNTV_TVAL_EL0), 100);
    sysreg_write(C, SR_CNTHP_TVAL_EL2, 7, 0, 0);
    cr_assert_eq(C->sr[SR_CNTHP_CVAL_EL2], 62500 + 7);
}

/* CNTVCT_EL0: the offset applies at EL2 with E2H = 0, and not with E2H = 1 nor at EL0
 * in a host (Arm ARM D11.2.2). */
Test(timer, cntvct_offset_at_el2_by_e2h, .init = setup_n1, .fini = teardown)
{
    /* 2600 MHz: 2,600,000 cycles are 62,500 ticks */
    C->cycles = 2600000;
    C->sr[SR_CNTVOFF_EL2] = 2500;
    C->el = 2;
    C->sr[SR_HCR_EL2] = HCR_RW;
    cr_assert_eq(sysreg_read(C, SR_CNTVCT_EL0), 60000, "E2H = 0: offset applies at EL2");
    C->el = 1;
    cr_assert_eq(sysreg_read(C, SR_CNTVCT_EL0), 60000);
    C->el = 2;
    C->sr[SR_HCR_EL2] = HCR_RW | HCR_E2H;
    cr_assert_eq(sysreg_read(C, SR_CNTVCT_EL0), 62500, "E2H = 1: no offset at EL2");
    C->el = 0;
    cr_assert_eq(sysreg_read(C, SR_CNTVCT_EL0), 60000, "EL0 of a guest (TGE = 0)");
    C->sr[SR_HCR_EL2] = HCR_RW | HCR_E2H | HCR_TGE;
    cr_assert_eq(sysreg_read(C, SR_CNTVCT_EL0), 62500, "EL0 in the host");
}

/* With E2H = 1 the EL0 timer names reach the EL2 timers at EL2 and at EL0 in a host;
 * CNTHV_* exist only with FEAT_VHE. */
Test(timer, e2h_el0_timer_names_reach_el2_timers, .init = setup_n1, .fini = teardown)
{
    int res;
    C->el = 2;
    C->sr[SR_HCR_EL2] = HCR_RW | HCR_E2H;
    static const struct { int el0, el2; } pairs[] = {
        { SR_CNTP_CTL_EL0, SR_CNTHP_CTL_EL2 }, { SR_CNTP_CVAL_EL0, SR_CNTHP_CVAL_EL2 },
        { SR_CNTP_TVAL_EL0, SR_CNTHP_TVAL_EL2 }, { SR_CNTV_CTL_EL0, SR_CNTHV_CTL_EL2 },
        { SR_CNTV_CVAL_EL0, SR_CNTHV_CVAL_EL2 }, { SR_CNTV_TVAL_EL0, SR_CNTHV_TVAL_EL2 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(pairs); i++) {
        C->el = 2;
        C->sr[SR_HCR_EL2] = HCR_RW | HCR_E2H;
        cr_assert_eq(sysreg_check(C, pairs[i].el0, false, &res), SRA_OK);
        cr_assert_eq(res, pairs[i].el2, "%s at EL2", sysreg_table[pairs[i].el0].name);
        C->el = 0;
        C->sr[SR_HCR_EL2] = HCR_RW | HCR_E2H | HCR_TGE;
        C->sr[SR_CNTHCTL_EL2] = CNTKCTL_EL0PTEN | CNTKCTL_EL0VTEN;
        cr_assert_eq(sysreg_check(C, pairs[i].el0, true, &res), SRA_OK);
        cr_assert_eq(res, pairs[i].el2, "%s at EL0 in the host", sysreg_table[pairs[i].el0].name);
        C->sr[SR_HCR_EL2] = HCR_RW | HCR_E2H;          /* a guest's EL0: its own timers */
        C->sr[SR_CNTKCTL_EL1] = CNTKCTL_EL0PTEN | CNTKCTL_EL0VTEN;
        C->sr[SR_CNTHCTL_EL2] = CNTHCTL_E2H_EL1PTEN;
        cr_assert_eq(sysreg_check(C, pairs[i].el0, true, &res), SRA_OK);
        cr_assert_eq(res, pairs[i].el0);
    }
    /* CNTV_CVAL_EL02 still reaches the EL1 virtual timer */
    C->el = 2;
    cr_assert_eq(sysreg_check(C, SR_CNTV_TVAL_EL02, true, &res), SRA_OK);
    cr_assert_eq(res, SR_CNTV_TVAL_EL0);
}

Test(timer, cnthv_undefined_without_vhe, .init = setup_a57, .fini = teardown)
{
    int res;
    C->el = 2;
    cr_assert_eq(sysreg_check(C, SR_CNTHV_CTL_EL2, true, &res), SRA_UNDEF);
    cr_assert_eq(sysreg_check(C, SR_CNTHV_CVAL_EL2, false, &res), SRA_UNDEF);
    cr_assert_eq(sysreg_check(C, SR_CNTHV_TVAL_EL2, true, &res), SRA_UNDEF);
    cr_assert_eq(sysreg_check(C, SR_CNTHP_TVAL_EL2, true, &res), SRA_OK);
    cr_assert_eq(sysreg_check(C, SR_CNTP_TVAL_EL02, true, &res), SRA_UNDEF);
}

/* CNTPCT_EL0 at EL0 with E2H = 0: CNTKCTL_EL1.EL0PCTEN, then CNTHCTL_EL2.EL1PCTEN (bit 0),
 * not EL1PCEN (bit 1), which governs the timer (CNTPCT_EL0 accessibility pseudocode).
 * QEMU 7.2 checks bit 1 here (fixed in QEMU 8.2), so this case is not in the QEMU
 * differential (tests/images/timer_access.S). */
Test(timer, el0_counter_read_follows_el1pcten, .init = setup_a57, .fini = teardown)
{
    int res;
    C->el = 0;
    C->sr[SR_HCR_EL2] = HCR_RW;
    C->sr[SR_CNTKCTL_EL1] = 0x303;
    C->sr[SR_CNTHCTL_EL2] = CNTHCTL_EL1PCEN;
    cr_assert_eq(sysreg_check(C, SR_CNTPCT_EL0, true, &res), SRA_TRAP_EL2);
    cr_assert_eq(sysreg_check(C, SR_CNTP_CTL_EL0, true, &res), SRA_OK);
    C->sr[SR_CNTHCTL_EL2] = CNTHCTL_EL1PCTEN;
    cr_assert_eq(sysreg_check(C, SR_CNTPCT_EL0, true, &res), SRA_OK);
    cr_assert_eq(sysreg_check(C, SR_CNTP_CTL_EL0, true, &res), SRA_TRAP_EL2);
    C->sr[SR_CNTKCTL_EL1] = 0;
    cr_assert_eq(sysreg_check(C, SR_CNTPCT_EL0, true, &res), SRA_TRAP, "CNTKCTL_EL1 first: to EL1");
    cr_assert_eq(route_sync(C), 1);
}

/* EL1 with E2H = 1 (a guest under a VHE host): CNTHCTL_EL2's EL1PCTEN and EL1PTEN are
 * bits 10 and 11. */
Test(timer, el1_traps_move_with_e2h, .init = setup_n1, .fini = teardown)
{
    int res;
    C->el = 1;
    C->sr[SR_HCR_EL2] = HCR_RW | HCR_E2H;
    C->sr[SR_CNTHCTL_EL2] = CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN;  /* the E2H = 0 bits */
    cr_assert_eq(sysreg_check(C, SR_CNTPCT_EL0, true, &res), SRA_TRAP_EL2);
    cr_assert_eq(sysreg_check(C, SR_CNTP_CVAL_EL0, false, &res), SRA_TRAP_EL2);
    C->sr[SR_CNTHCTL_EL2] = CNTHCTL_E2H_EL1PCTEN | CNTHCTL_E2H_EL1PTEN;
    cr_assert_eq(sysreg_check(C, SR_CNTPCT_EL0, true, &res), SRA_OK);
    cr_assert_eq(sysreg_check(C, SR_CNTP_CVAL_EL0, false, &res), SRA_OK);
    cr_assert_eq(res, SR_CNTP_CVAL_EL0, "no redirection at EL1");
    cr_assert_eq(sysreg_check(C, SR_CNTV_CTL_EL0, true, &res), SRA_OK, "the virtual timer is not trapped");
}

/* ---- EL0 access controls and SYS traps ---- */

/* In a VHE host (E2H = TGE = 1) EL0 follows SCTLR_EL2, otherwise SCTLR_EL1: CTR_EL0
 * (UCT), DAIF (UMA), DC ZVA (DZE) and DCZID_EL0.DZP. */
Test(el0, host_follows_sctlr_el2, .init = setup_n1, .fini = teardown)
{
    int res;
    C->el = 0;
    C->sr[SR_HCR_EL2] = HCR_RW | HCR_E2H | HCR_TGE;
    C->sr[SR_SCTLR_EL1] = SCTLR_UCT | SCTLR_UMA | SCTLR_DZE;
    C->sr[SR_SCTLR_EL2] = 0;
    cr_assert_eq(sysreg_check(C, SR_CTR_EL0, true, &res), SRA_TRAP);
    cr_assert_eq(route_sync(C), 2);
    cr_assert_eq(sysreg_check(C, SR_DAIF, true, &res), SRA_TRAP);
    cr_assert_eq(sysinsn_sys_access(C, 3, 7, 4, 1), SRA_TRAP, "DC ZVA");
    cr_assert_eq(sysreg_read(C, SR_DCZID_EL0), 0x14, "DZP");
    C->sr[SR_SCTLR_EL2] = SCTLR_UCT | SCTLR_UMA | SCTLR_DZE;
    C->sr[SR_SCTLR_EL1] = 0;
    C->sr[SR_HCR_EL2] |= HCR_TID2 | HCR_TDZ;              /* no effect on the host's EL0 */
    cr_assert_eq(sysreg_check(C, SR_CTR_EL0, true, &res), SRA_OK);
    cr_assert_eq(sysreg_check(C, SR_DAIF, true, &res), SRA_NATIVE);
    cr_assert_eq(sysinsn_sys_access(C, 3, 7, 4, 1), SRA_OK);
    cr_assert_eq(sysreg_read(C, SR_DCZID_EL0), 0x4);
    /* a guest's EL0 (TGE = 0): SCTLR_EL1 (clear) and the HCR_EL2 traps */
    C->sr[SR_HCR_EL2] = HCR_RW | HCR_E2H | HCR_TID2;
    cr_assert_eq(sysreg_check(C, SR_CTR_EL0, true, &res), SRA_TRAP);
    cr_assert_eq(route_sync(C), 1);
    C->sr[SR_SCTLR_EL1] = SCTLR_UCT;
    cr_assert_eq(sysreg_check(C, SR_CTR_EL0, true, &res), SRA_TRAP_EL2, "then TID2");
}

/* The HCR_EL2 traps of SYS instructions, each with the instruction's ISS (EC 0x18, Op0
 * 1, direction 0), from EL1; SCTLR_EL1's EL0 enables first at EL0. */
Test(sysinsn, hcr_traps_of_sys_instructions, .init = setup_a57, .fini = teardown)
{
    static const struct { uint32_t insn; uint64_t hcr; bool el0; } cases[] = {
        { 0xd508871f, HCR_TTLB, false },      /* tlbi vmalle1 */
        { 0xd5088721, HCR_TTLB, false },      /* tlbi vae1, x1 */
        { 0xd5087641, HCR_TSW, false },       /* dc isw, x1 */
        { 0xd5087a41, HCR_TSW, false },       /* dc csw, x1 */
        { 0xd5087e41, HCR_TSW, false },       /* dc cisw, x1 */
        { 0xd5087621, HCR_TPCP, false },      /* dc ivac, x1 */
        { 0xd50b7a21, HCR_TPCP, true },       /* dc cvac, x1 */
        { 0xd50b7e21, HCR_TPCP, true },       /* dc civac, x1 */
        { 0xd508751f, HCR_TPU, false },       /* ic iallu */
        { 0xd508711f, HCR_TPU, false },       /* ic ialluis */
        { 0xd50b7521, HCR_TPU, true },        /* ic ivau, x1 */
        { 0xd50b7b21, HCR_TPU, true },        /* dc cvau, x1 */
        { 0xd50b7421, HCR_TDZ, true },        /* dc zva, x1 */
    };
    C->sr[SR_VBAR_EL2] = 0x40009000;
    C->sr[SR_VBAR_EL1] = 0x4000a000;
    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        uint32_t insn = cases[i].insn;
        unsigned op1 = (insn >> 16) & 7, crn = (insn >> 12) & 15, crm = (insn >> 8) & 15, op2 = (insn >> 5) & 7;
        C->sr[SR_HCR_EL2] = HCR_RW | cases[i].hcr;
        C->sr[SR_SCTLR_EL1] = SCTLR_UCI | SCTLR_DZE;
        at(1, true, 0x40000e00, insn);
        g_array_set_size(events, 0);
        cr_assert_not(sysinsn_exec(C, 0x40000e00, insn));
        cr_assert_eq(events->len, 1, "case %u", i);
        cr_assert_eq(ev(0)->exc, EXC_SYSREG_TRAP, "case %u", i);
        cr_assert_eq(ev(0)->to_el, 2, "case %u", i);
        cr_assert_eq(ev(0)->esr, syn_aa64_sysregtrap(1, op1, crn, crm, op2, insn & 31, false), "case %u", i);
        C->sr[SR_HCR_EL2] = HCR_RW;
        C->el = 1;
        cr_assert_eq(sysinsn_sys_access(C, op1, crn, crm, op2), SRA_OK, "case %u untrapped", i);
        C->el = 0;
        if (!cases[i].el0) {
            cr_assert_eq(sysinsn_sys_access(C, op1, crn, crm, op2), SRA_UNDEF, "case %u at EL0", i);
            continue;
        }
        cr_assert_eq(sysinsn_sys_access(C, op1, crn, crm, op2), SRA_OK, "case %u at EL0", i);
        C->sr[SR_HCR_EL2] = HCR_RW | cases[i].hcr;
        cr_assert_eq(sysinsn_sys_access(C, op1, crn, crm, op2), SRA_TRAP_EL2, "case %u at EL0", i);
        C->sr[SR_SCTLR_EL1] = 0;
        cr_assert_eq(sysinsn_sys_access(C, op1, crn, crm, op2), SRA_TRAP, "case %u: SCTLR_EL1 first", i);
    }
}

/* DCZID_EL0.DZP reads 1 where DC ZVA would not run: TDZ at EL1 and EL0, DZE at EL0 */
Test(sysinsn, dczid_dzp_follows_the_dc_zva_traps, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_HCR_EL2] = HCR_RW;
    C->sr[SR_SCTLR_EL1] = SCTLR_DZE;
    C->el = 1;
    cr_assert_eq(sysreg_read(C, SR_DCZID_EL0), 0x4);
    C->el = 0;
    cr_assert_eq(sysreg_read(C, SR_DCZID_EL0), 0x4);
    C->sr[SR_SCTLR_EL1] = 0;
    cr_assert_eq(sysreg_read(C, SR_DCZID_EL0), 0x14);
    C->el = 1;
    cr_assert_eq(sysreg_read(C, SR_DCZID_EL0), 0x4, "DZE is EL0's");
    C->sr[SR_HCR_EL2] = HCR_RW | HCR_TDZ;
    cr_assert_eq(sysreg_read(C, SR_DCZID_EL0), 0x14);
    C->el = 2;
    cr_assert_eq(sysreg_read(C, SR_DCZID_EL0), 0x4, "nothing traps EL2's DC ZVA");
}

/* MSR DAIFSet/DAIFClr, #imm at EL0 without UMA: EC 0x18 with Op0 0, Op2/Op1 of the
 * instruction (QEMU 7.2 reports them swapped), CRm = the immediate, Rt = 31 */
Test(sysinsn, msr_daifset_at_el0_needs_uma, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_VBAR_EL1] = 0x4000a000;
    C->sr[SR_SCTLR_EL1] = 0;
    cr_assert(sysinsn_imm_hooked(0xd50342df), "msr daifset, #2");
    cr_assert(sysinsn_imm_hooked(0xd50341ff), "msr daifclr, #1");
    cr_assert_not(sysinsn_imm_hooked(0xd503201f), "nop");
    cr_assert_not(sysinsn_imm_hooked(0xd50040bf), "msr spsel, #0");
    at(1, true, 0x40000e00, 0xd50342df);
    cr_assert_not(sysinsn_exec(C, 0x40000e00, 0xd50342df));
    cr_assert_eq(events->len, 0, "EL1: runs");
    at(0, false, 0x40000e00, 0xd50342df);
    cr_assert_not(sysinsn_exec(C, 0x40000e00, 0xd50342df));
    cr_assert_eq(events->len, 1);
    cr_assert_eq(ev(0)->exc, EXC_SYSREG_TRAP);
    cr_assert_eq(ev(0)->to_el, 1);
    cr_assert_eq(ev(0)->esr, 0x620cd3e4u);
    cr_assert_eq(ev(0)->esr, syn_aa64_sysregtrap(0, 3, 4, 2, 6, 31, false));
    C->sr[SR_SCTLR_EL1] = SCTLR_UMA;
    at(0, false, 0x40000e04, 0xd50341ff);
    cr_assert_not(sysinsn_exec(C, 0x40000e04, 0xd50341ff));
    cr_assert_eq(events->len, 1, "UMA = 1: runs");
}

/* HCR_EL2.RW is RAO/WI where EL1 cannot use AArch32 (Arm ARM, HCR_EL2.RW): neoverse-n1's
 * EL1 is AArch64 only (ID_AA64PFR0_EL1.EL1 = 1), cortex-a57's is not (2). */
Test(sysreg, hcr_rw_rao_wi_without_aarch32_el1, .init = setup_n1, .fini = teardown)
{
    C->el = 2;
    F->bits = 1;
    cr_assert_eq(sysreg_read(C, SR_HCR_EL2) & HCR_RW, HCR_RW, "at reset");
    cr_assert_eq(sysreg_write(C, SR_HCR_EL2, HCR_E2H, 0, 0), HCR_E2H | HCR_RW);
    cr_assert_eq(sysreg_read(C, SR_HCR_EL2), HCR_E2H | HCR_RW);
}

Test(sysreg, hcr_rw_writable_with_aarch32_el1, .init = setup_a57, .fini = teardown)
{
    C->el = 2;
    F->bits = 1;
    cr_assert_eq(sysreg_write(C, SR_HCR_EL2, HCR_TGE, 0, 0), HCR_TGE);
    cr_assert_eq(sysreg_read(C, SR_HCR_EL2) & HCR_RW, 0);
}

/* Issue 21: a Data Abort from AArch32 EL0 with HCR_EL2.TGE goes to the AArch64 EL2 as
 * AArch64.TakeException has it: EC 0x24, IL 1, ISV 0 (not a stage 2 fault), WnR, DFSC 0x10,
 * FAR_EL2 the 32-bit address, ELR_EL2 the instruction (found from the block start by the
 * A32 decode: the engine reports the block's PC), vector VBAR_EL2 + 0x600. Before, the run
 * stopped ("aborts from AArch32 are not modelled yet"). */
Test(aarch32, data_abort_from_el0_to_aarch64_el2, .init = setup_a57, .fini = teardown)
{
    uint32_t code[2] = { GUINT32_TO_LE(0xe3a01001), GUINT32_TO_LE(0xe5801004) };   /* mov r1, #1; str r1, [r0, #4] */
    f_write(F, 0x40000100, code, sizeof code);
    uint32_t nop = GUINT32_TO_LE(0xd503201f);
    f_write(F, 0x40001600, &nop, 4);
    C->el = 0;
    C->aarch32 = true;
    F->cpsr = 0x10;
    F->x[0] = 0x10000000;
    C->sr[SR_HCR_EL2] = HCR_TGE;
    C->sr[SR_VBAR_EL2] = 0x40001000;
    abort_note(C, ABORT_WRITE, 0x10000004, 4, 0x40000100);
    abort_take(C);
    cr_assert_eq(C->stop, STOP_NONE, "%s", C->stop_msg);
    cr_assert_eq(C->el, 2);
    cr_assert_eq(C->sr[SR_ESR_EL2], 0x92000050);
    cr_assert_eq(C->sr[SR_FAR_EL2], 0x10000004);
    cr_assert_eq(C->sr[SR_ELR_EL2], 0x40000104);
    cr_assert_eq(C->sr[SR_SPSR_EL2], 0x10);
    cr_assert_eq(F->pc, 0x40001600);
}

/* An access el2sim cannot place (no load/store of the block reaches the address) stops
 * the run: one line, STOP_FAULT (exit 125) */
Test(aarch32, abort_without_its_instruction_stops, .init = setup_a57, .fini = teardown)
{
    at(1, true, 0x40000100, 0xe3a01001);                   /* (mov r1, #1: no access) */
    C->aarch32 = true;
    F->cpsr = 0x1d3;
    abort_note(C, ABORT_READ, 0x10000000, 4, 0x40000100);
    abort_take(C);
    cr_assert_eq(C->stop, STOP_FAULT);
    cr_assert_str_eq(C->stop_msg, "EL1 (SVC mode) read of 4 bytes at unmapped address 0x10000000 (the accessing "
                     "instruction was not found)");
    cr_assert_eq(C->el, 1, "nothing taken");
}

/* ITSTATE arithmetic (it32.c): AArch32.ITAdvance, CurrentCond, the IT instruction, and
 * the CPSR's split IT field (IT<7:2> = CPSR<15:10>, IT<1:0> = CPSR<26:25>) */
Test(aarch32, itstate_arithmetic)
{
    /* ITETE NE (0xbf15): NE, EQ, NE, EQ, then out of the block */
    unsigned it = it32_after(0xbf15, 2, 0);
    cr_assert_eq(it, 0x15);
    unsigned want[] = { 0x15, 0x0a, 0x14, 0x08, 0x00 }, cond[] = { 1, 0, 1, 0, 0xe };
    for (unsigned i = 0; i < 5; i++, it = it32_after(0x3407, 2, it)) {
        cr_assert_eq(it, want[i], "instruction %u: IT 0x%x", i, it);
        cr_assert_eq(it32_cond(it), cond[i], "instruction %u", i);
        cr_assert_eq(it32_in_block(it), i < 4);
        cr_assert_eq(it32_last(it), i == 3);
    }
    cr_assert_eq(it32_advance(0xe8), 0, "IT AL: one instruction");
    cr_assert_eq(it32_advance(0x0c), 0x18, "ITE EQ: then NE, last");
    cr_assert_eq(it32_after(0xbf30, 2, 0x0c), 0x18, "WFI (a hint, mask 0) advances");
    cr_assert_eq(it32_after(0xee103f11, 4, 0), 0, "outside a block");
    cr_assert_eq(it32_cpsr_with(0x600001f3, 0x0b), 0x660009f3u);
    cr_assert_eq(it32_of_cpsr(0x660009f3), 0x0b);
    cr_assert_eq(it32_cpsr_with(0xffffffff, 0), ~CPSR_IT_MASK);
}

/* A T32 WFI in an IT block with HCR_EL2.TWI (aarch32_hooked with the CPSR whose IT is the
 * instruction's): trapped when ITSTATE's condition passes (EC 0x01, CV 1, COND =
 * ITSTATE<7:4>, SPSR the CPSR with its IT); a NOP, not trapped, when it fails */
Test(aarch32, t32_wfi_in_it_block, .init = setup_a57, .fini = teardown)
{
    at(1, true, 0x40000100, 0xbf30);                       /* (WFI, 16-bit T32) */
    C->aarch32 = true;
    C->sr[SR_HCR_EL2] = HCR_TWI;                           /* RW = 0: EL1 is AArch32 */
    C->sr[SR_VBAR_EL2] = 0x40008000;
    F->cpsr = it32_cpsr_with(0x800001f3, 0x08);            /* IT EQ, Z clear (N set) */
    cr_assert(aarch32_hooked(C, 0x40000100, true, F->cpsr), "EQ fails: the executor skips it");
    cr_assert_eq(events->len, 0);
    cr_assert_eq(C->el, 1);
    F->cpsr = it32_cpsr_with(0x400001f3, 0x08);            /* Z set: EQ passes */
    cr_assert_not(aarch32_hooked(C, 0x40000100, true, F->cpsr));
    cr_assert_eq(events->len, 1);
    const el2_event *e = &g_array_index(events, el2_event, 0);
    cr_assert_eq(e->exc, EXC_WFX_TRAP);
    cr_assert_eq(e->esr, 0x05000000u, "EC 0x01, IL 0, CV 1, COND 0x0: ESR 0x%x", e->esr);
    cr_assert_eq(e->spsr, 0x400009f3u, "SPSR.IT 0x08: 0x%x", e->spsr);
    cr_assert_eq(e->elr, 0x40000100u);
    cr_assert_eq(C->el, 2);
    cr_assert_eq(F->pc, 0x40008600u);
}

/* An abort whose AArch64 vector is unmapped stops rather than aborting forever */
Test(aarch32, abort_with_unmapped_vector_stops, .init = setup_a57, .fini = teardown)
{
    at(0, false, 0x40000100, 0xe5901000);                   /* ldr r1, [r0] */
    C->aarch32 = true;
    F->cpsr = 0x10;
    F->x[0] = 0x10000000;
    C->sr[SR_HCR_EL2] = HCR_TGE;
    C->sr[SR_VBAR_EL2] = 0x20000000;
    abort_note(C, ABORT_READ, 0x10000000, 4, 0x40000100);
    abort_take(C);
    cr_assert_eq(C->stop, STOP_FAULT);
    cr_assert_str_eq(C->stop_msg, "EL0 (USR mode) read of 4 bytes at unmapped address 0x10000000 by 0x40000100 "
                     "(vector of the abort itself is unmapped: VBAR_EL2 + 0x600 = 0x20000600)");
}

/* An AArch32 EL1's Abort-mode vector unmapped: the run stops, naming it (exit 125,
 * STOP_FAULT), rather than aborting at the vector forever */
Test(aarch32, abort_mode_vector_unmapped_stops, .init = setup_a57, .fini = teardown)
{
    at(1, true, 0x40000100, 0xe5901000);                   /* ldr r1, [r0] */
    C->aarch32 = true;
    F->cpsr = 0x1d3;
    F->x[0] = 0x10000000;
    C->sr[SR_HCR_EL2] = 0;                                  /* RW = 0: EL1 is AArch32 */
    C->sr[SR_VBAR_EL1] = 0x20000000;
    abort_note(C, ABORT_READ, 0x10000000, 4, 0x40000100);
    abort_take(C);
    cr_assert_eq(C->stop, STOP_FAULT);
    cr_assert_str_eq(C->stop_msg, "EL1 (SVC mode) read of 4 bytes at unmapped address 0x10000000 by 0x40000100 "
                     "(vector of the abort itself is unmapped: VBAR + 0x10 = 0x20000010)");
}

/* The same AArch32 access aborting again and again (a handler that returns to it): the
 * third time in a row stops the run */
Test(aarch32, abort_repeating_stops, .init = setup_a57, .fini = teardown)
{
    uint32_t nop = GUINT32_TO_LE(0xd503201f);
    f_write(F, 0x40001600, &nop, 4);
    C->sr[SR_HCR_EL2] = HCR_TGE;
    C->sr[SR_VBAR_EL2] = 0x40001000;
    for (int i = 0; i < 3; i++) {
        at(0, false, 0x40000100, 0xe5901000);               /* ldr r1, [r0] */
        C->aarch32 = true;
        F->cpsr = 0x10;
        F->x[0] = 0x10000000;
        abort_note(C, ABORT_READ, 0x10000000, 4, 0x40000100);
        abort_take(C);
        cr_assert_eq(C->stop, i < 2 ? STOP_NONE : STOP_FAULT, "%d", i);
    }
    cr_assert_str_eq(C->stop_msg, "EL0 (USR mode) read of 4 bytes at unmapped address 0x10000000 by 0x40000100 "
                     "(the abort repeats without progress: 3 times in a row)");
}

/* A fetch abort from AArch32 EL0 with HCR_EL2.TGE: to the AArch64 EL2 as
 * AArch64.TakeException has it, EC 0x20 (lower EL), IL 1, IFSC 0x10, FAR_EL2 = ELR_EL2 =
 * the address (its preferred return), vector VBAR_EL2 + 0x600 */
Test(aarch32, fetch_abort_from_el0_to_aarch64_el2, .init = setup_a57, .fini = teardown)
{
    uint32_t nop = GUINT32_TO_LE(0xd503201f);
    f_write(F, 0x40001600, &nop, 4);
    C->el = 0;
    C->aarch32 = true;
    F->cpsr = 0x10;
    C->sr[SR_HCR_EL2] = HCR_TGE;
    C->sr[SR_VBAR_EL2] = 0x40001000;
    abort_note(C, ABORT_FETCH, 0x10000000, 4, 0x10000000);
    abort_take(C);
    cr_assert_eq(C->stop, STOP_NONE, "%s", C->stop_msg);
    cr_assert_eq(C->el, 2);
    cr_assert_eq(C->sr[SR_ESR_EL2], 0x82000010);
    cr_assert_eq(C->sr[SR_FAR_EL2], 0x10000000);
    cr_assert_eq(C->sr[SR_ELR_EL2], 0x10000000);
    cr_assert_eq(F->pc, 0x40001600);
}

/* The PC alignment fault from AArch32 (AArch32.CheckPCAlignment; a32_pcalign.c), as the
 * executor notes it at a block start in A32 state with PC<1> set. From EL0 with HCR_EL2.TGE
 * (AArch32.GeneralExceptionsToAArch64): AArch64.PCAlignmentFault to the AArch64 EL2, EC
 * 0x22, IL 1, FAR_EL2 = ELR_EL2 = the PC, vector VBAR_EL2 + 0x600. Before, the fetch was
 * taken as an External abort (ESR 0x82000010). */
Test(aarch32, pc_alignment_from_el0_to_aarch64_el2, .init = setup_a57, .fini = teardown)
{
    uint32_t nop = GUINT32_TO_LE(0xd503201f);
    f_write(F, 0x40001600, &nop, 4);
    C->el = 0;
    C->aarch32 = true;
    F->cpsr = 0x10;
    C->sr[SR_HCR_EL2] = HCR_TGE;
    C->sr[SR_VBAR_EL2] = 0x40001000;
    abort_note(C, ABORT_FETCH, 0x40000102, 4, 0x40000102);
    abort_take(C);
    cr_assert_eq(C->stop, STOP_NONE, "%s", C->stop_msg);
    cr_assert_eq(C->el, 2);
    cr_assert_eq(C->sr[SR_ESR_EL2], 0x8a000000);
    cr_assert_eq(C->sr[SR_FAR_EL2], 0x40000102);
    cr_assert_eq(C->sr[SR_ELR_EL2], 0x40000102);
    cr_assert_eq(C->sr[SR_SPSR_EL2], 0x10);
    cr_assert_eq(F->pc, 0x40001600);
    cr_assert_eq(events->len, 1);
    cr_assert_eq(ev(0)->exc, EXC_PC_ALIGN);
}

/* Its vector not mapped: one stop line naming the misaligned fetch and the vector */
Test(aarch32, pc_alignment_vector_unmapped_stops, .init = setup_a57, .fini = teardown)
{
    C->el = 1;
    C->aarch32 = true;
    F->cpsr = 0x1d3;
    C->sr[SR_HCR_EL2] = 0;
    C->sr[SR_VBAR_EL1] = 0x20000000;
    abort_note(C, ABORT_FETCH, 0x40000102, 4, 0x40000102);
    abort_take(C);
    cr_assert_eq(C->stop, STOP_FAULT);
    cr_assert_str_eq(C->stop_msg, "EL1 (SVC mode) instruction fetch from misaligned address 0x40000102 (after 0x0) "
                     "(vector of the abort itself is unmapped: VBAR + 0xc = 0x2000000c)");
}

/* ---- several PEs (issue 20 item 4): what one PE's instruction does to another ---- */

static el2_cpu *C2;
static el2_smp S2;

static void setup_two(void)
{
    setup_a57();
    C2 = cpu_new(model, syms, &obs);
    memset(&S2, 0, sizeof S2);
    S2.n = 2;
    S2.pe[0] = (el2_pe){ .cpu = C, .power = PE_ON };
    S2.pe[1] = (el2_pe){ .cpu = C2, .power = PE_ON };
    C->smp = C2->smp = &S2;
    C2->index = 1;
}

static void teardown_two(void)
{
    cpu_free(C2);
    teardown();
}

/* An IS (Inner Shareable) TLBI drops every PE's TLB (el2_cpu.mmu_gen), a TLBI without IS
 * only its own, unless at EL1 with HCR_EL2.FB = 1 (force broadcast) */
Test(smp_arch, tlbi_broadcast, .init = setup_two, .fini = teardown_two)
{
    const struct { uint32_t insn; unsigned el; uint64_t hcr; bool all; } cases[] = {
        { 0xd508831f, 1, HCR_RW, true },            /* tlbi vmalle1is */
        { 0xd508871f, 1, HCR_RW, false },           /* tlbi vmalle1 */
        { 0xd508871f, 1, HCR_RW | HCR_FB, true },   /* the same with HCR_EL2.FB */
        { 0xd5088720, 1, HCR_RW | HCR_FB, true },   /* tlbi vae1, x0 with FB */
        { 0xd50c871f, 2, HCR_RW | HCR_FB, false },  /* tlbi alle2: FB is EL1's */
        { 0xd50c8320, 2, HCR_RW, true },            /* tlbi vae2is, x0 */
        { 0xd50c8020, 2, HCR_RW, true },            /* tlbi ipas2e1is, x0 */
    };
    for (unsigned k = 0; k < G_N_ELEMENTS(cases); k++) {
        C->sr[SR_HCR_EL2] = cases[k].hcr;
        at(cases[k].el, true, 0x40000100, cases[k].insn);
        uint64_t mine = C->mmu_gen, other = C2->mmu_gen;
        sysinsn_exec(C, 0x40000100, cases[k].insn);
        cr_assert_eq(C->stop, STOP_NONE, "case %u: %s", k, C->stop_msg);
        cr_assert_gt(C->mmu_gen, mine, "case %u", k);
        cr_assert_eq(C2->mmu_gen > other, cases[k].all, "case %u: 0x%08x at EL%u", k, cases[k].insn,
                     cases[k].el);
    }
}

/* SEV sets every PE's Event Register, SEVL only its own */
Test(smp_arch, sev_reaches_every_pe, .init = setup_two, .fini = teardown_two)
{
    at(2, true, 0x40000100, 0xd50320bf);
    C->event_reg = C2->event_reg = false;
    sysinsn_wfx(C, 0x40000100, 0xd50320bf);               /* sevl */
    cr_assert(C->event_reg);
    cr_assert_not(C2->event_reg);
    C->event_reg = false;
    sysinsn_wfx(C, 0x40000104, 0xd503209f);               /* sev */
    cr_assert(C->event_reg);
    cr_assert(C2->event_reg);
}

/* ---- the AArch32 view of the system registers (sysreg_a32.c): encodings and the
 * architectural mappings of Arm ARM G8 ("DFAR[31:0] is architecturally mapped to
 * FAR_EL1[31:0]", "IFAR ... FAR_EL1[63:32]", "HCR2 ... HCR_EL2[63:32]", ...) ---- */
static void expect_a32(const char *name, unsigned cp, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2,
                       int sr, a32_part part, unsigned pl)
{
    const sysreg_a32_def *d = sysreg_a32_find(cp, opc1, crn, crm, opc2);
    cr_assert_not_null(d, "%s", name);
    cr_assert_str_eq(d->name, name);
    cr_assert_eq(d->sr, sr, "%s", name);
    cr_assert_eq(d->part, part, "%s", name);
    cr_assert_eq(d->pl, pl, "%s", name);
}

Test(sysreg_a32, mappings_of_the_arm_arm)
{
    expect_a32("SCTLR", 15, 0, 1, 0, 0, SR_SCTLR_EL1, A32P_LO, 1);
    expect_a32("DACR", 15, 0, 3, 0, 0, SR_DACR32_EL2, A32P_LO, 1);
    expect_a32("DFSR", 15, 0, 5, 0, 0, SR_ESR_EL1, A32P_LO, 1);
    expect_a32("IFSR", 15, 0, 5, 0, 1, SR_IFSR32_EL2, A32P_LO, 1);
    expect_a32("DFAR", 15, 0, 6, 0, 0, SR_FAR_EL1, A32P_LO, 1);
    expect_a32("IFAR", 15, 0, 6, 0, 2, SR_FAR_EL1, A32P_HI, 1);
    expect_a32("VBAR", 15, 0, 12, 0, 0, SR_VBAR_EL1, A32P_LO, 1);
    expect_a32("TTBCR2", 15, 0, 2, 0, 3, SR_TCR_EL1, A32P_HI, 1);
    expect_a32("MAIR1", 15, 0, 10, 2, 1, SR_MAIR_EL1, A32P_HI, 1);
    expect_a32("HCR", 15, 4, 1, 1, 0, SR_HCR_EL2, A32P_LO, 2);
    expect_a32("HCR2", 15, 4, 1, 1, 4, SR_HCR_EL2, A32P_HI, 2);
    expect_a32("HSR", 15, 4, 5, 2, 0, SR_ESR_EL2, A32P_LO, 2);
    expect_a32("HVBAR", 15, 4, 12, 0, 0, SR_VBAR_EL2, A32P_LO, 2);
    expect_a32("HIFAR", 15, 4, 6, 0, 2, SR_FAR_EL2, A32P_HI, 2);
    expect_a32("HSTR", 15, 4, 1, 1, 3, SR_HSTR_EL2, A32P_LO, 2);
    expect_a32("TPIDRURO", 15, 0, 13, 0, 3, SR_TPIDRRO_EL0, A32P_LO, 0);
    expect_a32("ICH_LRC15", 15, 4, 12, 15, 7, SR_ICH_LR15_EL2, A32P_HI, 2);
    expect_a32("DBGOSLSR", 14, 0, 1, 1, 4, SR_OSLSR_EL1, A32P_LO, 1);
    const sysreg_a32_def *d = sysreg_a32_find64(15, 0, 2);
    cr_assert_str_eq(d->name, "TTBR0_64");
    cr_assert_eq(d->sr, SR_TTBR0_EL1);
    cr_assert_eq(d->part, A32P_ALL);
    cr_assert_str_eq(sysreg_a32_find64(15, 4, 2)->name, "HTTBR");
    cr_assert_str_eq(sysreg_a32_find64(15, 6, 2)->name, "VTTBR");
    cr_assert_eq(sysreg_a32_find_name("httbr"), sysreg_a32_find64(15, 4, 2));
    cr_assert_null(sysreg_a32_find(15, 0, 15, 0, 0), "an IMPLEMENTATION DEFINED c15 encoding");
    cr_assert_null(sysreg_a32_find64(15, 7, 2));
    cr_assert_null(sysreg_a32_find_name("nonesuch"));
}

/* Every encoding has one row, every name one row, and every register row an AArch64 row */
Test(sysreg_a32, rows_are_unique_and_mapped)
{
    for (int i = 0; i < sysreg_a32_count; i++) {
        const sysreg_a32_def *a = &sysreg_a32_table[i];
        cr_assert(a->cp == 14 || a->cp == 15, "%s", a->name);
        cr_assert(a->pl <= 2, "%s", a->name);
        cr_assert_eq(a->kind == A32K_REG, a->sr >= 0 && a->sr < SR_COUNT, "%s", a->name);
        cr_assert_eq(a->part == A32P_ALL, a->wide, "%s", a->name);
        for (int j = i + 1; j < sysreg_a32_count; j++) {
            const sysreg_a32_def *b = &sysreg_a32_table[j];
            cr_assert(g_ascii_strcasecmp(a->name, b->name) != 0, "%s twice", a->name);
            cr_assert(!(a->wide == b->wide && a->cp == b->cp && a->opc1 == b->opc1 && a->crn == b->crn &&
                        a->crm == b->crm && a->opc2 == b->opc2), "%s and %s share an encoding", a->name, b->name);
        }
    }
}

/* A 32-bit half writes only its half of the AArch64 register, through sysreg_write (the
 * write is recorded with its writer); the 64-bit ones the whole register */
Test(sysreg_a32, halves_read_and_write, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_FAR_EL1] = 0x1111111122222222ULL;
    const sysreg_a32_def *ifar = sysreg_a32_find_name("IFAR"), *dfar = sysreg_a32_find_name("DFAR");
    cr_assert_eq(sysreg_a32_read(C, ifar), 0x11111111u);
    cr_assert_eq(sysreg_a32_read(C, dfar), 0x22222222u);
    sysreg_a32_write(C, ifar, 0xaabbccdd, 0x40001000, 0xee060f50);
    cr_assert_eq(C->sr[SR_FAR_EL1], 0xaabbccdd22222222ULL);
    cr_assert_eq(C->sr_writer[SR_FAR_EL1], 0x40001000);
    sysreg_a32_write(C, dfar, 0x5, 0, 0);
    cr_assert_eq(C->sr[SR_FAR_EL1], 0xaabbccdd00000005ULL);
    const sysreg_a32_def *ttbr0 = sysreg_a32_find64(15, 0, 2);
    sysreg_a32_write(C, ttbr0, 0x0001000040004000ULL, 0, 0);
    cr_assert_eq(C->sr[SR_TTBR0_EL1], 0x0001000040004000ULL);
    cr_assert_eq(sysreg_a32_read(C, ttbr0), 0x0001000040004000ULL);
    /* MIDR at EL1 reads VPIDR_EL2 (the AArch64 row's resolution), at EL2 MIDR_EL1 */
    C->sr[SR_VPIDR_EL2] = 0x12345678;
    C->el = 1;
    cr_assert_eq(sysreg_a32_read(C, sysreg_a32_find_name("MIDR")), 0x12345678u);
    C->el = 2;
    cr_assert_eq(sysreg_a32_read(C, sysreg_a32_find_name("MIDR")), 0x411fd070u);
    cr_assert_eq(sysreg_a32_read(C, sysreg_a32_find_name("JIDR")), 0);
}

/* An exception AArch64.TakeException would take from AArch32 to an EL1 that uses AArch32
 * (an IRQ with HCR_EL2.IMO = 0 and RW = 0) stops the run instead of entering AArch64 EL1 vectors:
 * aarch32.c takes only SVC, UNDEFINED and BKPT to an AArch32 EL1 (issue 21) */
Test(sysreg_a32, interrupt_to_aarch32_el1_stops, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_HCR_EL2] = 0;                      /* RW = 0: EL1 uses AArch32 */
    C->sr[SR_VBAR_EL1] = 0x40002000;
    at(1, true, 0x40001000, 0xd503201f);
    C->aarch32 = true;                          /* EL1 executing AArch32 */
    el2_exc_record exc = { .kind = EXC_IRQ, .pc = 0x40001000 };
    AArch64_TakeException(C, 1, &exc, 0x40001000, 0x80);
    cr_assert_eq(C->stop, STOP_FAULT);
    cr_assert_str_eq(C->stop_msg, "IRQ at 0x40001000 is taken to EL1 in AArch32 state, which is not modelled yet");
    cr_assert_eq(F->pc, 0x40001000, "no vector entered");
    cr_assert_eq(events->len, 0);
}

/* The AArch32 coprocessor and BKPT syndromes: EC 0x05 has EC 0x03's ISS; EC 0x04/0x0C
 * CV[24] COND[23:20] Opc1[19:16] Rt2[14:10] Rt[9:5] CRm[4:1] Direction[0]; EC 0x38
 * Comment[15:0] with IL 0 for the 16-bit T32 BKPT */
Test(sysreg_a32, coprocessor_and_bkpt_syndromes)
{
    /* MRC p14, 0, r12, c1, c1, 4 */
    cr_assert_eq(syn_aa32_cp14_rt(0xe, 0, 1, 1, 4, 12, true), 0x17e80583u);
    /* MCR p14, 1, r0, c2, c3, 5, cond NE */
    cr_assert_eq(syn_aa32_cp14_rt(0x1, 1, 2, 3, 5, 0, false), 0x171a4806u);
    /* MRRC p15, 0, r10, r11, c7 */
    cr_assert_eq(syn_aa32_cp_rrt(false, 0xe, 0, 7, 10, 11, true), 0x13e02d4fu);
    /* MRRC p14, 3, r2, r3, c1, cond EQ: EC 0x0C */
    cr_assert_eq(syn_aa32_cp_rrt(true, 0x0, 3, 1, 2, 3, true), 0x33030c43u);
    cr_assert_eq(syn_aa32_bkpt(0x1234, false), 0xe2001234u);
    cr_assert_eq(syn_aa32_bkpt(0x12, true), 0xe0000012u);
}

/* ---- AArch32 FP/Advanced SIMD instructions (a32_fp.c; issue 21) ---- */

/* Encodings as arm-linux-gnueabihf-as assembles them (T32 as hw1:hw2) */
static const struct { uint32_t insn; bool thumb; a32_fp_class cls; unsigned cond, reg; const char *what; } fp_enc[] = {
    { 0xee300a81, false, A32FP_VFP,  0xe, 0, "vadd.f32 s0, s1, s2" },
    { 0x1e310b02, false, A32FP_VFP,  0x1, 0, "vaddne.f64 d0, d1, d2" },
    { 0xed900b02, false, A32FP_VFP,  0xe, 0, "vldr d0, [r0, #8]" },
    { 0xedcd1a00, false, A32FP_VFP,  0xe, 0, "vstr s3, [sp]" },
    { 0xecb10b08, false, A32FP_VFP,  0xe, 0, "vldmia r1!, {d0-d3}" },
    { 0xed2d8b10, false, A32FP_VFP,  0xe, 0, "vpush {d8-d15}" },
    { 0xecbd0a04, false, A32FP_VFP,  0xe, 0, "vpop {s0-s3}" },
    { 0xee001a10, false, A32FP_VFP,  0xe, 0, "vmov s0, r1" },
    { 0xee122a90, false, A32FP_VFP,  0xe, 0, "vmov r2, s5" },
    { 0xec410b10, false, A32FP_VFP,  0xe, 0, "vmov d0, r0, r1" },
    { 0xec510a11, false, A32FP_VFP,  0xe, 0, "vmov r0, r1, s2, s3" },
    { 0xee203b10, false, A32FP_VFP,  0xe, 0, "vmov.32 d0[1], r3" },
    { 0xeed13b50, false, A32FP_SIMD, 0xe, 0, "vmov.u8 r3, d1[2]" },
    { 0xee024b70, false, A32FP_SIMD, 0xe, 0, "vmov.16 d2[1], r4" },
    { 0xeea01b10, false, A32FP_SIMD, 0xe, 0, "vdup.32 q0, r1" },
    { 0xeef10a10, false, A32FP_VMRS, 0xe, FPREG_FPSCR, "vmrs r0, fpscr" },
    { 0xeef1fa10, false, A32FP_VMRS, 0xe, FPREG_FPSCR, "vmrs APSR_nzcv, fpscr" },
    { 0xeee11a10, false, A32FP_VMSR, 0xe, FPREG_FPSCR, "vmsr fpscr, r1" },
    { 0xeef82a10, false, A32FP_VMRS, 0xe, FPREG_FPEXC, "vmrs r2, fpexc" },
    { 0xeee83a10, false, A32FP_VMSR, 0xe, FPREG_FPEXC, "vmsr fpexc, r3" },
    { 0xeef04a10, false, A32FP_VMRS, 0xe, FPREG_FPSID, "vmrs r4, fpsid" },
    { 0xeef75a10, false, A32FP_VMRS, 0xe, FPREG_MVFR0, "vmrs r5, mvfr0" },
    { 0xeef66a10, false, A32FP_VMRS, 0xe, FPREG_MVFR1, "vmrs r6, mvfr1" },
    { 0xeef57a10, false, A32FP_VMRS, 0xe, FPREG_MVFR2, "vmrs r7, mvfr2" },
    { 0xf2220844, false, A32FP_SIMD, 0xe, 0, "vadd.i32 q0, q1, q2" },
    { 0xf3010d12, false, A32FP_SIMD, 0xe, 0, "vmul.f32 d0, d1, d2" },
    { 0xf4200a8f, false, A32FP_SIMD, 0xe, 0, "vld1.32 {d0-d1}, [r0]" },
    { 0xf401000d, false, A32FP_SIMD, 0xe, 0, "vst4.8 {d0-d3}, [r1]!" },
    { 0xf4a2088f, false, A32FP_SIMD, 0xe, 0, "vld1.32 {d0[1]}, [r2]" },
    { 0xfe000a81, false, A32FP_VFP,  0xe, 0, "vseleq.f32 s0, s1, s2" },
    { 0xfeb80b41, false, A32FP_VFP,  0xe, 0, "vrinta.f64 d0, d1" },
    { 0xf3b00302, false, A32FP_SIMD, 0xe, 0, "aese.8 q0, q1" },
    { 0xeebd0ac0, false, A32FP_VFP,  0xe, 0, "vcvt.s32.f32 s0, s0" },
    { 0xee010f50, false, A32FP_NONE, 0xe, 0, "mcr p15, 0, r0, c1, c0, 2" },
    { 0xee100e11, false, A32FP_NONE, 0xe, 0, "mrc p14, 0, r0, c0, c1, 0" },
    { 0xed901500, false, A32FP_NONE, 0xe, 0, "ldc p5, c1, [r0]" },
    { 0xec000a00, false, A32FP_NONE, 0xe, 0, "(unallocated 1100 0000 in cp10's space)" },
    { 0xf4d0f000, false, A32FP_NONE, 0xe, 0, "pli [r0]" },
    { 0xf5d1f000, false, A32FP_NONE, 0xe, 0, "pld [r1]" },
    { 0xef000000, false, A32FP_NONE, 0xe, 0, "svc #0" },
    { 0xe7f000f0, false, A32FP_NONE, 0xe, 0, "udf #0" },
    { 0xe0800001, false, A32FP_NONE, 0xe, 0, "add r0, r0, r1" },
    { 0xee300a81, true,  A32FP_VFP,  0xe, 0, "T32 vadd.f32 s0, s1, s2" },
    { 0xed900b02, true,  A32FP_VFP,  0xe, 0, "T32 vldr d0, [r0, #8]" },
    { 0xed2d8b02, true,  A32FP_VFP,  0xe, 0, "T32 vpush {d8}" },
    { 0xee001a10, true,  A32FP_VFP,  0xe, 0, "T32 vmov s0, r1" },
    { 0xeef82a10, true,  A32FP_VMRS, 0xe, FPREG_FPEXC, "T32 vmrs r2, fpexc" },
    { 0xeee11a10, true,  A32FP_VMSR, 0xe, FPREG_FPSCR, "T32 vmsr fpscr, r1" },
    { 0xef220844, true,  A32FP_SIMD, 0xe, 0, "T32 vadd.i32 q0, q1, q2" },
    { 0xf9200a8f, true,  A32FP_SIMD, 0xe, 0, "T32 vld1.32 {d0-d1}, [r0]" },
    { 0xfe000a81, true,  A32FP_VFP,  0xe, 0, "T32 vseleq.f32 s0, s1, s2" },
    { 0xeea01b10, true,  A32FP_SIMD, 0xe, 0, "T32 vdup.32 q0, r1" },
    { 0xee010f50, true,  A32FP_NONE, 0xe, 0, "T32 mcr p15, 0, r0, c1, c0, 2" },
    { 0xf990f000, true,  A32FP_NONE, 0xe, 0, "T32 pli [r0]" },
    { 0x4408,     true,  A32FP_NONE, 0xe, 0, "T32 add r0, r1 (16-bit)" },
    { 0xf8d10000, true,  A32FP_NONE, 0xe, 0, "T32 ldr.w r0, [r1]" },
};

Test(a32_fp, decodes_the_fp_and_simd_encodings)
{
    for (size_t i = 0; i < sizeof fp_enc / sizeof fp_enc[0]; i++) {
        a32_fp_insn d;
        a32_fp_class cls = a32_fp_decode(fp_enc[i].insn, fp_enc[i].thumb, &d);
        cr_assert_eq(cls, fp_enc[i].cls, "%s: class %d, expected %d", fp_enc[i].what, cls, fp_enc[i].cls);
        cr_assert_eq(d.cls, cls, "%s", fp_enc[i].what);
        if (cls == A32FP_NONE)
            continue;
        cr_assert_eq(d.cond, fp_enc[i].cond, "%s: cond 0x%x", fp_enc[i].what, d.cond);
        if (cls == A32FP_VMRS || cls == A32FP_VMSR)
            cr_assert_eq(d.reg, fp_enc[i].reg, "%s: reg %u", fp_enc[i].what, d.reg);
    }
    /* VMRS r2, fpexc: Rt */
    a32_fp_insn d;
    a32_fp_decode(0xeef82a10, false, &d);
    cr_assert_eq(d.rt, 2);
    /* hooked: every FP instruction while a control can stop one; else only VMRS/VMSR of
     * FPEXC and the ID registers */
    cr_assert(a32_fp_needs_hook(0xee300a81, false, true));
    cr_assert_not(a32_fp_needs_hook(0xee300a81, false, false));
    cr_assert_not(a32_fp_needs_hook(0xeef10a10, false, false), "VMRS FPSCR runs on the executor");
    cr_assert(a32_fp_needs_hook(0xeef82a10, false, false));
    cr_assert(a32_fp_needs_hook(0xeef75a10, true, false));
    cr_assert_not(a32_fp_needs_hook(0xee010f50, false, true));
}

Test(a32_fp, syndromes)
{
    /* EC 0x07 to an AArch64 EL2: CV 1, COND; HSR adds coproc 0xA or TA */
    cr_assert_eq(syn_aa32_fp_access(0xe), 0x1fe00000u);
    cr_assert_eq(syn_aa32_fp_access(0x1), 0x1f100000u);
    cr_assert_eq(syn_aa32_hcptr(0xe, false), 0x1fe0000au);
    cr_assert_eq(syn_aa32_hcptr(0xe, true), 0x1fe00020u);
    /* VMRS r5, mvfr0 trapped: EC 0x08, Opc1 7, CRn 7, Rt 5, read */
    cr_assert_eq(syn_aa32_vmrs(0xe, FPREG_MVFR0, 5), 0x23e1dca1u);
    cr_assert_eq(syn_aa64_fp_access(), 0x1fe00000u);
}

/* When may an AArch32 FP instruction trap or be UNDEFINED (the executor hooks them only
 * then)? At reset FPEXC.EN and CPACR.cp10 are 0; with both enabled, CPTR_EL2.TFP (or, on
 * the Hyp-mode machine, HCPTR.TCP10/TASE: the same register) and CPACR.ASEDIS still can. */
Test(a32_fp, traps_possible_follows_the_controls, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_SCR_EL3] |= SCR_NS;
    cr_assert_eq(C->sr[SR_FPEXC32_EL2], 0x700, "FPEXC32_EL2 resets with EN clear, VECITR RES1");
    cr_assert(a32_fp_traps_possible(C));
    sysreg_set(C, SR_CPACR_EL1, 0xf00000);
    cr_assert(a32_fp_traps_possible(C), "FPEXC.EN still 0");
    sysreg_set(C, SR_FPEXC32_EL2, 0xffffffff);
    cr_assert_eq(C->sr[SR_FPEXC32_EL2], 0x40000700, "only EN is writable");
    cr_assert_not(a32_fp_traps_possible(C));
    sysreg_set(C, SR_CPTR_EL2, C->sr[SR_CPTR_EL2] | (1u << 10));
    cr_assert(a32_fp_traps_possible(C), "CPTR_EL2.TFP");
    cr_assert(a64_fp_traps_possible(C), "CPTR_EL2.TFP, for AArch64 too");
    sysreg_set(C, SR_CPTR_EL2, C->sr[SR_CPTR_EL2] & ~(1u << 10));
    cr_assert_not(a64_fp_traps_possible(C));
    sysreg_set(C, SR_CPACR_EL1, 0x80f00000);
    cr_assert(a32_fp_traps_possible(C), "CPACR.ASEDIS");
    sysreg_set(C, SR_CPACR_EL1, 0x500000);
    cr_assert(a32_fp_traps_possible(C), "CPACR.cp10 = 0b01 (EL0)");
}

/* The A64 SIMD&FP instructions CPTR_EL2.TFP traps (a64_fp_insn) */
Test(a64_fp, instruction_classes)
{
    static const struct { uint32_t insn; bool fp; const char *what; } t[] = {
        { 0x9e670020, true,  "fmov d0, x1" },
        { 0x3dc00040, true,  "ldr q0, [x2]" },
        { 0x4ea28420, true,  "add v0.4s, v1.4s, v2.4s" },
        { 0xd51b441f, true,  "msr fpcr, xzr" },
        { 0xd53b4423, true,  "mrs x3, fpsr" },
        { 0xad000fe2, true,  "stp q2, q3, [sp]" },
        { 0x4c407820, true,  "ld1 {v0.4s}, [x1]" },
        { 0x1e202008, true,  "fcmp s0, #0.0" },
        { 0x8b020020, false, "add x0, x1, x2" },
        { 0xf9400040, false, "ldr x0, [x2]" },
        { 0xd5181000, false, "msr sctlr_el1, x0" },
        { 0xd503201f, false, "nop" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        cr_assert_eq(a64_fp_insn(t[i].insn), t[i].fp, "%s", t[i].what);
}

/* ---- a32_access: the accesses of A32/T32 loads and stores (issue 21, aborts from AArch32) ---- */

/* R<n> = 0x1000 + 0x100 * n (SP 0x1d00, LR 0x1e00); n = 16: the CPSR, C set */
static uint32_t a32_fake_reg(void *ctx, unsigned n)
{
    (void)ctx;
    return n == 16 ? 0x20000000u : 0x1000u + 0x100u * n;
}

typedef struct {
    uint32_t off, insn;              /* at 0x8000 + off (the assembler's listing) */
    bool thumb;
    uint32_t addr;
    unsigned size, esize, align;
    bool write, wback, excl, isv, sse, ar;
    unsigned rt;
} a32_acc_case;

Test(a32_access, decodes_loads_and_stores)
{
    static const a32_acc_case cases[] = {
        /* A32: LDR/STR/LDRB immediate, pre/post-indexed, register (LSL, RRX with C), literal */
        { 0x00, 0xe5921008, 0, 0x1208, 4, 4, 1, 0, 0, 0, 1, 0, 0, 1 },        /* ldr r1, [r2, #8] */
        { 0x04, 0xe5243004, 0, 0x13fc, 4, 4, 1, 1, 1, 0, 0, 0, 0, 3 },        /* str r3, [r4, #-4]! */
        { 0x08, 0xe4d65003, 0, 0x1600, 1, 1, 1, 0, 1, 0, 0, 0, 0, 5 },        /* ldrb r5, [r6], #3 */
        { 0x0c, 0xe7921103, 0, 0x5e00, 4, 4, 1, 0, 0, 0, 1, 0, 0, 1 },        /* ldr r1, [r2, r3, lsl #2] */
        { 0x10, 0xe7121063, 0, 0x80000880, 4, 4, 1, 0, 0, 0, 1, 0, 0, 1 },    /* ldr r1, [r2, -r3, rrx] */
        { 0x14, 0xe51f000c, 0, 0x8010, 4, 4, 1, 0, 0, 0, 0, 0, 0, 0 },        /* ldr r0, [pc, #-12] */
        /* extra loads/stores: LDRH, LDRSH (register, subtracted), LDRSB pre, STRH post, LDRD, STRD */
        { 0x18, 0xe1d210b6, 0, 0x1206, 2, 2, 1, 0, 0, 0, 1, 0, 0, 1 },
        { 0x1c, 0xe11210f3, 0, 0xffffff00, 2, 2, 1, 0, 0, 0, 1, 1, 0, 1 },
        { 0x20, 0xe1f870d1, 0, 0x1801, 1, 1, 1, 0, 1, 0, 0, 1, 0, 7 },
        { 0x24, 0xe0c210b2, 0, 0x1200, 2, 2, 1, 1, 1, 0, 0, 0, 0, 1 },
        { 0x28, 0xe1c641d0, 0, 0x1610, 8, 4, 4, 0, 0, 0, 0, 0, 0, 4 },        /* ldrd r4, r5, [r6, #16] */
        { 0x2c, 0xe14120f8, 0, 0x10f8, 8, 4, 4, 1, 0, 0, 0, 0, 0, 2 },        /* strd r2, r3, [r1, #-8] */
        /* exclusives, acquire/release */
        { 0x30, 0xe1921f9f, 0, 0x1200, 4, 4, 4, 0, 0, 1, 0, 0, 0, 1 },        /* ldrex */
        { 0x34, 0xe1830f91, 0, 0x1300, 4, 4, 4, 1, 0, 1, 0, 0, 0, 1 },        /* strex r0, r1, [r3] */
        { 0x38, 0xe1b64f9f, 0, 0x1600, 8, 8, 8, 0, 0, 1, 0, 0, 0, 4 },        /* ldrexd r4, r5, [r6] */
        { 0x3c, 0xe1f21f9f, 0, 0x1200, 2, 2, 2, 0, 0, 1, 0, 0, 0, 1 },        /* ldrexh */
        { 0x40, 0xe1c20f91, 0, 0x1200, 1, 1, 1, 1, 0, 1, 0, 0, 0, 1 },        /* strexb */
        { 0x44, 0xe1921c9f, 0, 0x1200, 4, 4, 4, 0, 0, 0, 1, 0, 1, 1 },        /* lda */
        { 0x48, 0xe1e2fc91, 0, 0x1200, 2, 2, 2, 1, 0, 0, 1, 0, 1, 1 },        /* stlh */
        { 0x4c, 0xe1921e9f, 0, 0x1200, 4, 4, 4, 0, 0, 1, 0, 0, 1, 1 },        /* ldaex */
        /* LDM/STM, PUSH/POP */
        { 0x50, 0xe8b1001c, 0, 0x1100, 12, 4, 4, 0, 1, 0, 0, 0, 0, 0 },       /* ldm r1!, {r2-r4} */
        { 0x54, 0xe92d4070, 0, 0x1cf0, 16, 4, 4, 1, 1, 0, 0, 0, 0, 0 },       /* push {r4-r6, lr} */
        { 0x58, 0xe991000c, 0, 0x1104, 8, 4, 4, 0, 0, 0, 0, 0, 0, 0 },        /* ldmib r1, {r2, r3} */
        { 0x5c, 0xe801000c, 0, 0x10fc, 8, 4, 4, 1, 0, 0, 0, 0, 0, 0 },        /* stmda r1, {r2, r3} */
        { 0x64, 0xe8bd8010, 0, 0x1d00, 8, 4, 4, 0, 1, 0, 0, 0, 0, 0 },        /* pop {r4, pc} */
        { 0x68, 0xe4b21004, 0, 0x1200, 4, 4, 1, 0, 1, 0, 0, 0, 0, 1 },        /* ldrt r1, [r2], #4 */
        /* VFP */
        { 0x6c, 0xed910b02, 0, 0x1108, 8, 4, 4, 0, 0, 0, 0, 0, 0, 0 },        /* vldr d0, [r1, #8] */
        { 0x70, 0xed020a01, 0, 0x11fc, 4, 4, 4, 1, 0, 0, 0, 0, 0, 0 },        /* vstr s0, [r2, #-4] */
        { 0x74, 0xed2d8b04, 0, 0x1cf0, 16, 4, 4, 1, 1, 0, 0, 0, 0, 0 },       /* vpush {d8-d9} */
        { 0x78, 0xecb10a03, 0, 0x1100, 12, 4, 4, 0, 1, 0, 0, 0, 0, 0 },       /* vldmia r1!, {s0-s2} */
        { 0x80, 0xe5910001, 0, 0x1101, 4, 4, 1, 0, 0, 0, 1, 0, 0, 0 },        /* ldr r0, [r1, #1] */
        /* T32, 16-bit */
        { 0x84, 0x4802, 1, 0x8090, 4, 4, 1, 0, 0, 0, 0, 0, 0, 0 },            /* ldr r0, [pc, #8] */
        { 0x86, 0x58d1, 1, 0x2500, 4, 4, 1, 0, 0, 0, 1, 0, 0, 1 },            /* ldr r1, [r2, r3] */
        { 0x88, 0x5ed1, 1, 0x2500, 2, 2, 1, 0, 0, 0, 1, 1, 0, 1 },            /* ldrsh r1, [r2, r3] */
        { 0x8a, 0x7151, 1, 0x1205, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1 },            /* strb r1, [r2, #5] */
        { 0x8c, 0x6891, 1, 0x1208, 4, 4, 1, 0, 0, 0, 1, 0, 0, 1 },            /* ldr r1, [r2, #8] */
        { 0x8e, 0x80d1, 1, 0x1206, 2, 2, 1, 1, 0, 0, 1, 0, 0, 1 },            /* strh r1, [r2, #6] */
        { 0x90, 0x9103, 1, 0x1d0c, 4, 4, 1, 1, 0, 0, 1, 0, 0, 1 },            /* str r1, [sp, #12] */
        { 0x92, 0xb570, 1, 0x1cf0, 16, 4, 4, 1, 1, 0, 0, 0, 0, 0 },           /* push {r4-r6, lr} */
        { 0x94, 0xbd10, 1, 0x1d00, 8, 4, 4, 0, 1, 0, 0, 0, 0, 0 },            /* pop {r4, pc} */
        { 0x96, 0xc90c, 1, 0x1100, 8, 4, 4, 0, 1, 0, 0, 0, 0, 0 },            /* ldmia r1!, {r2, r3} */
        { 0x98, 0xc90a, 1, 0x1100, 8, 4, 4, 0, 0, 0, 0, 0, 0, 0 },            /* ldmia r1, {r1, r3} */
        /* T32, 32-bit */
        { 0x9a, 0xf8d21fff, 1, 0x21ff, 4, 4, 1, 0, 0, 0, 1, 0, 0, 1 },        /* ldr.w r1, [r2, #4095] */
        { 0x9e, 0xf8521c04, 1, 0x11fc, 4, 4, 1, 0, 0, 0, 1, 0, 0, 1 },        /* ldr r1, [r2, #-4] */
        { 0xa2, 0xf8521b04, 1, 0x1200, 4, 4, 1, 0, 1, 0, 0, 0, 0, 1 },        /* ldr r1, [r2], #4 */
        { 0xa6, 0xf8521f04, 1, 0x1204, 4, 4, 1, 0, 1, 0, 0, 0, 0, 1 },        /* ldr r1, [r2, #4]! */
        { 0xaa, 0xf9121033, 1, 0xaa00, 1, 1, 1, 0, 0, 0, 1, 1, 0, 1 },        /* ldrsb.w r1, [r2, r3, lsl #3] */
        { 0xae, 0xf85f1010, 1, 0x80a0, 4, 4, 1, 0, 0, 0, 0, 0, 0, 1 },        /* ldr.w r1, [pc, #-16] */
        { 0xb2, 0xe9764502, 1, 0x15f8, 8, 4, 4, 0, 1, 0, 0, 0, 0, 4 },        /* ldrd r4, r5, [r6, #-8]! */
        { 0xb6, 0xe8e64502, 1, 0x1600, 8, 4, 4, 1, 1, 0, 0, 0, 0, 4 },        /* strd r4, r5, [r6], #8 */
        { 0xba, 0xe8521f02, 1, 0x1208, 4, 4, 4, 0, 0, 1, 0, 0, 0, 1 },        /* ldrex r1, [r2, #8] */
        { 0xbe, 0xe8421000, 1, 0x1200, 4, 4, 4, 1, 0, 1, 0, 0, 0, 1 },        /* strex r0, r1, [r2] */
        { 0xc2, 0xe8d6457f, 1, 0x1600, 8, 8, 8, 0, 0, 1, 0, 0, 0, 4 },        /* ldrexd r4, r5, [r6] */
        { 0xc6, 0xe8c21f50, 1, 0x1200, 2, 2, 2, 1, 0, 1, 0, 0, 0, 1 },        /* strexh r0, r1, [r2] */
        { 0xca, 0xe8d21f9f, 1, 0x1200, 2, 2, 2, 0, 0, 0, 1, 0, 1, 1 },        /* ldah r1, [r2] */
        { 0xce, 0xe8c21faf, 1, 0x1200, 4, 4, 4, 1, 0, 0, 1, 0, 1, 1 },        /* stl r1, [r2] */
        { 0xd2, 0xe8d1f002, 1, 0x2300, 1, 1, 1, 0, 0, 0, 0, 0, 0, 15 },       /* tbb [r1, r2] */
        { 0xd6, 0xe8d1f012, 1, 0x3500, 2, 2, 1, 0, 0, 0, 0, 0, 0, 15 },       /* tbh [r1, r2, lsl #1] */
        { 0xda, 0xe92d4ff0, 1, 0x1cdc, 36, 4, 4, 1, 1, 0, 0, 0, 0, 0 },       /* stmdb sp!, {r4-r11, lr} */
        { 0xde, 0xe8bd8ff0, 1, 0x1d00, 36, 4, 4, 0, 1, 0, 0, 0, 0, 0 },       /* ldmia.w sp!, {r4-r11, pc} */
        { 0xe2, 0xed910b02, 1, 0x1108, 8, 4, 4, 0, 0, 0, 0, 0, 0, 0 },        /* vldr d0, [r1, #8] */
        { 0xe6, 0xed210b04, 1, 0x10f0, 16, 4, 4, 1, 1, 0, 0, 0, 0, 0 },       /* vstmdb r1!, {d0-d1} */
        { 0xee, 0xf8521e04, 1, 0x1204, 4, 4, 1, 0, 0, 0, 1, 0, 0, 1 },        /* ldrt r1, [r2, #4] */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const a32_acc_case *k = &cases[i];
        a32_access a;
        cr_assert(a32_access_decode(k->insn, k->thumb, 0x8000 + k->off, a32_fake_reg, NULL, &a),
                  "+0x%x %08x not decoded", k->off, k->insn);
        cr_assert_eq(a.addr, k->addr, "+0x%x %08x: addr 0x%x", k->off, k->insn, a.addr);
        cr_assert_eq(a.size, k->size, "+0x%x %08x: size %u", k->off, k->insn, a.size);
        cr_assert_eq(a.esize, k->esize, "+0x%x %08x: esize %u", k->off, k->insn, a.esize);
        cr_assert_eq(a.align, k->align, "+0x%x %08x: align %u", k->off, k->insn, a.align);
        cr_assert_eq(a.write, k->write, "+0x%x %08x: write", k->off, k->insn);
        cr_assert_eq(a.wback, k->wback, "+0x%x %08x: wback", k->off, k->insn);
        cr_assert_eq(a.exclusive, k->excl, "+0x%x %08x: exclusive", k->off, k->insn);
        cr_assert_eq(a.isv, k->isv, "+0x%x %08x: isv", k->off, k->insn);
        cr_assert_eq(a.sse, k->sse, "+0x%x %08x: sse", k->off, k->insn);
        cr_assert_eq(a.ar, k->ar, "+0x%x %08x: ar", k->off, k->insn);
        if (k->isv || k->excl || k->size <= 4)
            cr_assert_eq(a.rt, k->rt, "+0x%x %08x: rt %u", k->off, k->insn, a.rt);
    }
}

Test(a32_access, not_loads_or_stores)
{
    static const struct { uint32_t insn; bool thumb; } none[] = {
        { 0xe0810002, 0 },            /* add r0, r1, r2 */
        { 0xf5d1f000, 0 },            /* pld [r1] */
        { 0xe12fff1e, 0 },            /* bx lr */
        { 0xee110f10, 0 },            /* mrc p15, 0, r0, c1, c0, 0 */
        { 0xec410b10, 0 },            /* vmov d0, r0, r1 */
        { 0xe1000090, 0 },            /* mul r0, r0, r0 */
        { 0x4408, 1 }, { 0x2001, 1 }, { 0xbf00, 1 },        /* add r0, r1; movs r0, #1; nop */
        { 0xf891f000, 1 },            /* pld [r1] */
        { 0xe9ad0003, 1 },            /* srsdb sp!, #3 */
        { 0xf3af8000, 1 },            /* nop.w */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(none); i++) {
        a32_access a;
        cr_assert_not(a32_access_decode(none[i].insn, none[i].thumb, 0x8000, a32_fake_reg, NULL, &a),
                      "%08x decoded as a load/store", none[i].insn);
        cr_assert_not(a32_access_alignable(none[i].insn, none[i].thumb), "%08x", none[i].insn);
    }
    cr_assert(a32_access_alignable(0xe5921008, false));          /* ldr */
    cr_assert_not(a32_access_alignable(0xe4d65003, false));      /* ldrb: no alignment */
    cr_assert_not(a32_access_alignable(0xe1c20f91, false));      /* strexb: bytes */
    cr_assert(a32_access_alignable(0xe1f21f9f, false));          /* ldrexh */
    cr_assert(a32_access_alignable(0xc90c, true));               /* ldmia */
}

/* LSInstructionSyndrome: ISV 1, SAS, SSE, SRT (the X register given), AR for a single
 * register without writeback; 0 otherwise */
Test(a32_access, ls_instruction_syndrome)
{
    a32_access a;
    cr_assert(a32_access_decode(0xe11210f3, false, 0x8000, a32_fake_reg, NULL, &a));     /* ldrsh r1, [r2, -r3] */
    cr_assert_eq(a32_access_ls_iss(&a, 1), 1u << 24 | 1u << 22 | 1u << 21 | 1u << 16);
    cr_assert(a32_access_decode(0xe1e2fc91, false, 0x8000, a32_fake_reg, NULL, &a));     /* stlh r1, [r2] */
    cr_assert_eq(a32_access_ls_iss(&a, 1), 1u << 24 | 1u << 22 | 1u << 16 | 1u << 14);
    cr_assert(a32_access_decode(0x9103, true, 0x8000, a32_fake_reg, NULL, &a));          /* str r1, [sp, #12] */
    cr_assert_eq(a32_access_ls_iss(&a, 1), 1u << 24 | 2u << 22 | 1u << 16);
    cr_assert(a32_access_decode(0xe5243004, false, 0x8000, a32_fake_reg, NULL, &a));     /* str r3, [r4, #-4]! */
    cr_assert_eq(a32_access_ls_iss(&a, 3), 0);
    cr_assert(a32_access_decode(0xe1c641d0, false, 0x8000, a32_fake_reg, NULL, &a));     /* ldrd */
    cr_assert_eq(a32_access_ls_iss(&a, 4), 0);
}

/* sysreg_a32_find/find64 through their index give, for every encoding in the table, its
 * first row (as the linear search they replace did), and NULL for encodings not there or
 * out of range */
Test(sysreg_a32, find_by_index_is_the_first_row)
{
    for (int i = 0; i < sysreg_a32_count; i++) {
        const sysreg_a32_def *d = &sysreg_a32_table[i], *f;
        f = d->wide ? sysreg_a32_find64(d->cp, d->opc1, d->crm) : sysreg_a32_find(d->cp, d->opc1, d->crn, d->crm, d->opc2);
        cr_assert_not_null(f, "%s", d->name);
        int first = -1;
        for (int j = 0; j < sysreg_a32_count && first < 0; j++) {
            const sysreg_a32_def *e = &sysreg_a32_table[j];
            if (e->wide == d->wide && e->cp == d->cp && e->opc1 == d->opc1 && e->crm == d->crm &&
                (d->wide || (e->crn == d->crn && e->opc2 == d->opc2)))
                first = j;
        }
        cr_assert_eq(f, &sysreg_a32_table[first], "%s: row %d, want %d", d->name, (int)(f - sysreg_a32_table), first);
    }
    cr_assert_null(sysreg_a32_find(15, 7, 15, 15, 7));
    cr_assert_null(sysreg_a32_find(13, 0, 0, 0, 0));
    cr_assert_null(sysreg_a32_find(15, 8, 0, 0, 0));
    cr_assert_null(sysreg_a32_find64(15, 16, 2));
    cr_assert_eq(sysreg_a32_find(15, 4, 5, 2, 0), sysreg_a32_find_name("HSR"));
}

/* AArch32.AT (a32_at.c) over hand-built short-descriptor tables of an AArch32 EL1 under an
 * AArch64 EL2 (TTBCR.EAE = 0: AArch32.EncodePARSD): a section (TEX 0 C B: Write-Back, which
 * mmu_a32.c's walker gives read and write allocation: Inner 0b101, Outer 0b01; Non-shareable:
 * SH 0, NOS 1; NS), a supersection (SS,
 * PA[31:24]), a small page PL1 may read and PL0 may not, a Domain fault and a level 1
 * Translation fault (FS[6:1] the short-descriptor fault status, F). Then TTBCR.EAE = 1:
 * the LPAE PAR (AArch32.EncodePARLD: ATTR MAIR Attr0 0xff, PA, LPAE, NS, SH Inner). */
Test(mmu_a32, ats_short_and_long_descriptor_par, .init = setup_a57, .fini = teardown)
{
    C->el = 1;
    C->aarch32 = true;
    C->sr[SR_HCR_EL2] = 0;
    C->sr[SR_TCR_EL1] = 0;                        /* TTBCR: EAE 0, N 0 */
    C->sr[SR_TTBR0_EL1] = 0x40080000;
    C->sr[SR_DACR32_EL2] = 0x11;                  /* D0 D2 client, D1 no access */
    C->sr[SR_SCTLR_EL1] = 0x00c5007d;             /* M, C; TRE = AFE = 0 */
    uint64_t l1 = 0x40080000;
    put32(l1 + 4 * 0x400, SD_SECT(0x40000000, 3, 0));           /* VA 0x40000000 */
    put32(l1 + 4 * 0x401, 0x40088000 | 1);                      /* VA 0x40100000: page table */
    put32(l1 + 4 * 0x402, SD_SECT(0x40000000, 3, 1));           /* domain 1: no access */
    put32(l1 + 4 * 0x403, SD_SECT(0x40300000, 3, 0) | 1 << 16 | 1 << 12);   /* S, TEX 001 C B */
    for (unsigned i = 0; i < 16; i++)                             /* VA 0x41000000: supersection */
        put32(l1 + 4 * (0x410 + i), 0x42000000 | 1 << 20 | 1 << 18 | 3 << 10 | 0xc | 2);
    put32(0x40088000, 0x40050000 | 1 << 4 | 0xc | 2);           /* small page, AP 001: PL1 only */
    uint32_t insn = 0xee070f18;                                   /* MCR p15, 0, r0, c7, c8, 0 */
    struct { unsigned opc2; uint32_t va; uint64_t par; } want[] = {
        { 0, 0x40012345, 0x40012654 },      /* ATS1CPR: section, Write-Back, Non-shareable */
        { 3, 0x40012345, 0x40012654 },      /* ATS1CUW: AP 011 */
        { 0, 0x41abcdef, 0x42000656 },      /* supersection: PA[31:24], SS */
        { 1, 0x40100abc, 0x40050654 },      /* ATS1CPW: the small page */
        { 2, 0x40100abc, 0x0000001f },      /* ATS1CUR: Permission fault, page: FS 0b01111 */
        { 0, 0x40200000, 0x00000013 },      /* Domain fault, section: FS 0b01001 */
        { 0, 0x00001000, 0x0000000b },      /* Translation fault, section: FS 0b00101 */
        { 0, 0x40300000, 0x403006d4 },      /* S (TEX 001 C B): SH, NOS 1 (Inner Shareable) */
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(want); i++) {
        C->sr[SR_PAR_EL1] = 0xdead;
        cr_assert(AArch32_AT(C, 0, want[i].opc2, want[i].va, 0x8000, insn));
        cr_assert_eq(C->sr[SR_PAR_EL1], want[i].par, "%u: PAR 0x%llx", i, (unsigned long long)C->sr[SR_PAR_EL1]);
    }
    /* SCTLR.M = 0: the VA, Strongly-ordered (Inner 0b001), Outer Shareable (SH 1, NOS 0) */
    C->sr[SR_SCTLR_EL1] = 0x00c50078;
    cr_assert(AArch32_AT(C, 0, 0, 0x40012345, 0x8000, insn));
    cr_assert_eq(C->sr[SR_PAR_EL1], 0x40012290u, "PAR 0x%llx", (unsigned long long)C->sr[SR_PAR_EL1]);
    /* TTBCR.EAE = 1: the LPAE format */
    C->sr[SR_SCTLR_EL1] = 0x00c5007d;
    C->sr[SR_TCR_EL1] = 1ULL << 31 | 1 | 1 << 16 | 0x3500;
    C->sr[SR_MAIR_EL1] = MAIR_TEST;
    put64(0x40080008, 0x40081000 | D_TABLE);
    put64(0x40081000, 0x40082000 | D_TABLE);
    put64(0x40082008, 0x40010000 | PAGE);                       /* VA 0x40001000: PL1 only */
    cr_assert(AArch32_AT(C, 0, 1, 0x40001234, 0x8000, insn));  /* ATS1CPW */
    cr_assert_eq(C->sr[SR_PAR_EL1], 0xff00000040010b80ULL, "PAR 0x%llx", (unsigned long long)C->sr[SR_PAR_EL1]);
    cr_assert(AArch32_AT(C, 0, 2, 0x40001234, 0x8000, insn));  /* ATS1CUR: Permission, level 3 */
    cr_assert_eq(C->sr[SR_PAR_EL1], 0x81fu, "PAR 0x%llx", (unsigned long long)C->sr[SR_PAR_EL1]);
}

/* The PAR format of AArch32.AT on the Hyp-mode machine: ATS1CPR from Hyp mode with the
 * PL1&0 stage 1 off and TTBCR.EAE = 0 is the LPAE format (PSTATE.EL == EL2), as is
 * ATS12NSOPR with HCR.VM (its stage 2: the PA); ATS12NSOPR without HCR.VM is stage 1 only
 * in the short format; ATS1HR with HSCTLR.M = 0 the VA, Device-nGnRnE (ATTR 0, SH 0b10). */
Test(mmu_a32, ats_par_format_on_the_hyp_machine, .fini = teardown)
{
    setup_model("cortex-a15");
    C->a32_machine = true;
    C->aarch32 = true;
    C->el = 2;
    C->sr[SR_SCTLR_EL1] = 0;
    C->sr[SR_TCR_EL1] = 0;
    uint32_t insn = 0xee070f18;
    cr_assert(AArch32_AT(C, 0, 0, 0x40012345, 0x8000, insn));
    cr_assert_eq(C->sr[SR_PAR_EL1], 0x40012b00u, "PAR 0x%llx", (unsigned long long)C->sr[SR_PAR_EL1]);
    cr_assert(AArch32_AT(C, 0, 4, 0x40012345, 0x8000, insn));  /* ATS12NSOPR, HCR.VM 0 */
    cr_assert_eq(C->sr[SR_PAR_EL1], 0x40012290u, "PAR 0x%llx", (unsigned long long)C->sr[SR_PAR_EL1]);
    cr_assert(AArch32_AT(C, 4, 0, 0x40012345, 0x8000, insn));  /* ATS1HR */
    cr_assert_eq(C->sr[SR_PAR_EL1], 0x40012b00u, "PAR 0x%llx", (unsigned long long)C->sr[SR_PAR_EL1]);
    setup_stage2();
    C->sr[SR_VTCR_EL2] = 0x80003558;
    C->sr[SR_HCR_EL2] = HCR_VM;
    cr_assert(AArch32_AT(C, 0, 4, 0x40010234, 0x8000, insn));  /* ATS12NSOPR: IPA 0x40010234, stage 1 off: Device-nGnRnE, SH 0b10 */
    cr_assert_eq(C->sr[SR_PAR_EL1], 0x40050b00u, "PAR 0x%llx", (unsigned long long)C->sr[SR_PAR_EL1]);
    cr_assert(AArch32_AT(C, 0, 5, 0x40100000, 0x8000, insn));  /* ATS12NSOPW: stage 2 Translation L3 */
    cr_assert_eq(C->sr[SR_PAR_EL1], 0xa0fu, "PAR 0x%llx", (unsigned long long)C->sr[SR_PAR_EL1]);
}

/* AArch32.AT takes the abort instead of writing PAR when, from PL1, stage 2 faults on a
 * stage 1 walk access: ATS1CPR with the short-descriptor TTBR0 at an IPA stage 2 does not
 * map goes to the AArch64 EL2 as a Data Abort from a lower EL (EC 0x24, IL, CM, S1PTW,
 * WnR, DFSC Translation fault level 3), FAR_EL2 = the VA, HPFAR_EL2 = the IPA's page, ELR
 * the MCR; PAR stays as it was. */
Test(mmu_a32, ats_stage2_fault_on_the_walk_is_taken, .init = setup_a57, .fini = teardown)
{
    C->el = 1;
    C->aarch32 = true;
    setup_stage2();
    C->sr[SR_HCR_EL2] = HCR_VM;                   /* RW = 0: EL1 uses AArch32 */
    C->sr[SR_TCR_EL1] = 0;
    C->sr[SR_TTBR0_EL1] = 0x40100000;             /* stage 2: not mapped */
    C->sr[SR_SCTLR_EL1] = 0x00c50079;
    C->sr[SR_VBAR_EL2] = 0x40006000;
    C->sr[SR_PAR_EL1] = 0x1234;
    cr_assert_not(AArch32_AT(C, 0, 0, 0x00012345, 0x40000800, 0xee070f18));   /* L1[0]: IPA 0x40100000 */
    cr_assert_eq(C->el, 2, "EL %u stop %s", C->el, C->stop_msg ? C->stop_msg : "-");
    cr_assert_eq(C->sr[SR_ESR_EL2], 0x920001c7u, "ESR 0x%llx", (unsigned long long)C->sr[SR_ESR_EL2]);
    cr_assert_eq(C->sr[SR_FAR_EL2], 0x00012345u);
    cr_assert_eq(C->sr[SR_HPFAR_EL2], 0x401000u, "HPFAR 0x%llx", (unsigned long long)C->sr[SR_HPFAR_EL2]);
    cr_assert_eq(C->sr[SR_ELR_EL2], 0x40000800u);
    cr_assert_eq(C->sr[SR_PAR_EL1], 0x1234u);
}

/* The accessibility of the ATS rows from an AArch32 EL1 under an AArch64 EL2 (through
 * aarch32.c's coprocessor access): ATS1CPR (PL1) writes PAR (stage 1 off: the VA, short
 * format 0x290: NS, SH, Strongly-ordered) and goes on to the next instruction; ATS1HR and
 * ATS12NSOPR need Hyp mode: UNDEFINED (AArch32_Undefined), PAR untouched. */
Test(mmu_a32, ats_accessibility_from_aarch32_el1, .init = setup_a57, .fini = teardown)
{
    C->aarch32 = true;
    C->sr[SR_HCR_EL2] = 0;                                 /* RW = 0: EL1 is AArch32 */
    C->sr[SR_SCTLR_EL1] = 0x00c50078;
    C->sr[SR_TCR_EL1] = 0;
    C->sr[SR_VBAR_EL1] = 0x40006000;
    F->x[0] = 0x40012345;
    at(1, true, 0x40000100, 0xee070f18);                   /* MCR p15, 0, r0, c7, c8, 0: ATS1CPR */
    F->cpsr = 0x600001d3;
    aarch32_hooked(C, 0x40000100, false, F->cpsr);
    cr_assert_eq(C->sr[SR_PAR_EL1], 0x40012290u, "PAR 0x%llx", (unsigned long long)C->sr[SR_PAR_EL1]);
    cr_assert_eq(F->pc, 0x40000104u);
    cr_assert_eq(events->len, 0);
    uint32_t hyp_only[] = { 0xee870f18, 0xee070f98 };     /* ATS1HR, ATS12NSOPR */
    for (unsigned i = 0; i < 2; i++) {
        C->sr[SR_PAR_EL1] = 0x1234;
        C->el = 1;
        at(1, true, 0x40000200, hyp_only[i]);
        aarch32_hooked(C, 0x40000200, false, F->cpsr);
        /* (the fake port has no AArch32 mode entry: the UNDEFINED instruction stops the CPU
         * there, naming itself) */
        cr_assert(C->stop_msg && g_str_has_prefix(C->stop_msg, "UNDEFINED instruction at 0x40000200 "), "%u: %s", i,
                  C->stop_msg ? C->stop_msg : "-");
        cr_assert_eq(F->pc, 0x40000200u, "%u", i);
        cpu_resume(C);
        cr_assert_eq(C->sr[SR_PAR_EL1], 0x1234u, "%u", i);
    }
}
