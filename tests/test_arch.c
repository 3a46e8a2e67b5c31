/* test_arch.c - the architecture model (sim/arch) on its own, over a fake port: no engine,
 * no Unicorn (this program links only sim/arch and sim/base). Exception entry and return,
 * routing, syndromes and system-register access, each checked field by field against the
 * Arm ARM pseudocode they follow. */
#include <criterion/criterion.h>
#include <string.h>
#include "abort.h"
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
            g_autofree char *msg = g_strdup_printf("ERET at 0x40000a00 to AArch32 state (SPSR 0x%x): "
                                                   "AArch32 is not modelled", spsr);
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
