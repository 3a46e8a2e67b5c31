/* test_arch.c - the architecture model (sim/arch) on its own, over a fake port: no engine,
 * no Unicorn (this program links only sim/arch and sim/base). Exception entry and return,
 * routing, syndromes and system-register access, each checked field by field against the
 * Arm ARM pseudocode they follow. */
#include <criterion/criterion.h>
#include <string.h>
#include "cpu.h"
#include "excgen.h"
#include "exception.h"
#include "sysinsn.h"
#include "sysreg.h"
#include "syndrome.h"

/* ---- the fake port: registers in an array, all SPs in the CPU's banks, 64 KiB of RAM ---- */

#define INSN_ERET_FOR_TEST 0xd69f03e0u
#define RAM_BASE 0x40000000ULL
#define RAM_SIZE 0x10000ULL

typedef struct fake {
    el2_cpu *c;
    uint64_t x[31], pc;
    uint32_t bits;                 /* NZCV, DAIF, SPSel */
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

static const el2_port fake_port = {
    .x = f_x, .set_x = f_set_x, .read_gprs = f_read_gprs, .pc = f_pc, .set_pc = f_set_pc, .sp = f_sp,
    .pstate_bits = f_bits, .sp_el = f_sp_el, .set_sp_el = f_set_sp_el, .sp_save = f_sp_save,
    .enter_state = f_enter_state, .native_eret = f_native_eret, .read = f_read, .write = f_write,
    .insn_at = f_insn_at, .halt = f_halt,
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

Test(exception_return, undefined_at_el0, .init = setup_a57, .fini = teardown)
{
    C->sr[SR_VBAR_EL1] = 0x40008000;
    at(0, false, 0x40000c00, INSN_ERET_FOR_TEST);
    AArch64_ExceptionReturn(C, 0x40000c00, 0xd69f03e0, true);
    cr_assert_eq(ev(0)->exc, EXC_UNDEF);
    cr_assert_eq(C->el, 1);
    cr_assert_eq(F->pc, 0x40008400);
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

/* A traced register write is an event with the old and new value and the raw write. */
Test(sysreg, traced_write_event, .init = setup_a57, .fini = teardown)
{
    C->el = 2;
    F->bits = 1;
    uint64_t v = sysreg_write(C, SR_VBAR_EL2, 0x40010fff, 0x40000e00, 0xd51cc000);
    cr_assert_eq(v, 0x40010800, "bits 10:0 are RES0");
    cr_assert_eq(events->len, 1);
    cr_assert_eq(ev(0)->kind, EV_SYSREG);
    cr_assert_eq(ev(0)->sysreg, SR_VBAR_EL2);
    cr_assert_eq(ev(0)->value, 0x40010800);
    cr_assert_eq(ev(0)->raw, 0x40010fff);
    cr_assert_eq(C->sr_writer[SR_VBAR_EL2], 0x40000e00);
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
