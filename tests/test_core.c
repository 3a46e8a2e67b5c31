/* test_core.c - exception entry/return paths, asserted event by event. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include "harness.h"
#include "exception.h"
#include "sysreg.h"
#include "print.h"
#include "ucfast.h"
#include "timing.h"
#include <string.h>

static harness *h;
static void teardown(void) { harness_free(h); h = NULL; }

/* ERETs completed with no code hook (direct) or armed and dropped */
static uint64_t erets(harness *x, bool direct)
{
    el2_engine_info info;
    engine_info(x->m->eng, &info);
    return direct ? info.erets_direct : info.erets_dropped;
}

static bool direct_regs(harness *x)
{
    el2_engine_info info;
    engine_info(x->m->eng, &info);
    return info.direct_regs;
}

Test(core, smoke_hvc_round_trips, .fini = teardown)
{
    g_autofree char *img = image_path("smoke.elf");
    h = harness_run(img, NULL);
    cr_assert_null(h->error, "%s", h->error);
    harness_dump(h);
    /* MSR VBAR, MSR HCR, ERET to EL1, HVC #0, ERET, HVC #7, ERET, SVC (VBAR_EL1 = 0), STOP */
    cr_assert_eq(h->ev->len, 9);
    const el2_event *e = hev(h, 3);
    cr_assert_eq(e->kind, EV_EXC);
    cr_assert_eq(e->exc, EXC_HVC);
    cr_assert_eq(e->from_el, 1);
    cr_assert_eq(e->to_el, 2);
    cr_assert_eq(e->esr, 0x5a000000u);
    cr_assert_eq(e->spsr, 0x3c5u);
    cr_assert_eq(e->x[0], 0x1234u);
    cr_assert_eq(e->sp, 0x40200000u, "SP at EL1 is SP_EL1");
    e = hev(h, 4);
    cr_assert_eq(e->kind, EV_ERET);
    cr_assert_eq(e->x[0], 0x1235u);
    cr_assert_eq(e->x[1], 0x5a000000u, "handler read ESR_EL2");
    cr_assert_eq(e->sp, 0x40100000u, "SP at EL2 is SP_EL2");
    cr_assert_eq(hev(h, 5)->esr, 0x5a000007u);
    e = hev(h, 7);
    cr_assert_eq(e->exc, EXC_SVC);
    cr_assert_eq(e->to_el, 1);
    cr_assert_eq(e->esr, 0x56000003u);
    cr_assert_eq(e->target, 0x200u);
    cr_assert_eq(hev(h, 8)->stop, STOP_FAULT);
    cr_assert_eq(h->exit_code, EXIT_GUEST_FAULT);
}

/* ---- helpers for the exception-path images ---- */

static harness *run_image(const char *name, const char *const *opts)
{
    g_autofree char *img = image_path(name);
    harness *r = harness_run(img, opts);
    cr_assert_null(r->error, "%s: %s", name, r->error);
    return r;
}

static uint64_t sym(const char *name)
{
    uint64_t a = 0;
    cr_assert(symtab_lookup(h->m->syms, name, &a), "no symbol %s", name);
    return a;
}

/* One token per event: UNDEF/HVC/SVC/SMC/... for entries, ERET or ERET! (illegal),
 * MSR:NAME for traced writes, STOP:kind. */
static char *event_seq(harness *r)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < r->ev->len; i++) {
        const el2_event *e = hev(r, i);
        if (i)
            g_string_append_c(s, ' ');
        switch (e->kind) {
        case EV_EXC: g_string_append(s, exc_kind_name(e->exc)); break;
        case EV_ERET: g_string_append(s, e->illegal ? "ERET!" : "ERET"); break;
        case EV_SYSREG: g_string_append_printf(s, "MSR:%s", sysreg_table[e->sysreg].name); break;
        case EV_STOP: g_string_append_printf(s, "STOP:%s", stop_name(e->stop)); break;
        case EV_FINDING: g_string_append(s, "FINDING"); break;
        case EV_TLBI: g_string_append(s, "TLBI"); break;
        }
    }
    return g_string_free(s, FALSE);
}

static void assert_seq(const char *want)
{
    g_autofree char *got = event_seq(h);
    if (strcmp(got, want))
        harness_dump(h);
    cr_assert_str_eq(got, want);
}

/* Exception entry i: kind, ELs, syndrome, preferred return, saved PSTATE, vector. */
static const el2_event *assert_exc(guint i, el2_exc_kind exc, unsigned from, unsigned to,
                                   uint32_t esr, uint64_t elr, uint32_t spsr,
                                   const char *vectors, uint64_t off)
{
    cr_assert_lt(i, h->ev->len);
    const el2_event *e = hev(h, i);
    cr_assert_eq(e->kind, EV_EXC, "event %u: %s", i, hline(h, i));
    cr_assert_eq(e->exc, exc, "event %u: %s", i, hline(h, i));
    cr_assert_eq(e->from_el, from, "event %u: %s", i, hline(h, i));
    cr_assert_eq(e->to_el, to, "event %u: %s", i, hline(h, i));
    cr_assert_eq(e->esr, esr, "event %u: ESR 0x%x, want 0x%x", i, e->esr, esr);
    cr_assert_eq(e->elr, elr, "event %u: ELR 0x%lx, want 0x%lx", i, (unsigned long)e->elr,
                 (unsigned long)elr);
    cr_assert_eq(e->spsr, spsr, "event %u: SPSR 0x%x, want 0x%x", i, e->spsr, spsr);
    cr_assert_eq(e->vector_off, off, "event %u: vector offset 0x%lx", i, (unsigned long)e->vector_off);
    cr_assert_eq(e->target, sym(vectors) + off, "event %u: %s", i, hline(h, i));
    return e;
}

static const el2_event *assert_eret(guint i, unsigned from, unsigned to, uint32_t spsr,
                                    uint64_t target, bool illegal)
{
    cr_assert_lt(i, h->ev->len);
    const el2_event *e = hev(h, i);
    cr_assert_eq(e->kind, EV_ERET, "event %u: %s", i, hline(h, i));
    cr_assert_eq(e->from_el, from, "event %u: %s", i, hline(h, i));
    cr_assert_eq(e->to_el, to, "event %u: %s", i, hline(h, i));
    cr_assert_eq(e->spsr, spsr, "event %u: SPSR 0x%x", i, e->spsr);
    cr_assert_eq(e->target, target, "event %u: %s", i, hline(h, i));
    cr_assert_eq(e->elr, target, "event %u: %s", i, hline(h, i));
    cr_assert_eq(e->illegal, illegal, "event %u: %s", i, hline(h, i));
    return e;
}

static void assert_msr(guint i, const char *reg, uint64_t value)
{
    cr_assert_lt(i, h->ev->len);
    const el2_event *e = hev(h, i);
    cr_assert_eq(e->kind, EV_SYSREG, "event %u: %s", i, hline(h, i));
    cr_assert_str_eq(sysreg_table[e->sysreg].name, reg, "event %u: %s", i, hline(h, i));
    cr_assert_eq(e->value, value, "event %u: value 0x%lx", i, (unsigned long)e->value);
}

static const el2_event *assert_exit(int status)
{
    const el2_event *e = hev(h, h->ev->len - 1);
    cr_assert_eq(e->kind, EV_STOP);
    cr_assert_eq(e->stop, STOP_SEMIHOST_EXIT, "%s", hline(h, h->ev->len - 1));
    cr_assert_eq(e->status, status);
    cr_assert_eq(h->exit_code, status);
    return e;
}

/* A trapped access: event index, the instruction's label, target EL, syndrome */
typedef struct { guint i; const char *at; unsigned to; uint32_t esr; } trap_spec;

static void assert_traps(const trap_spec *t, unsigned n, unsigned from, uint32_t spsr, const char *el1_vectors,
                         const char *el2_vectors)
{
    for (unsigned k = 0; k < n; k++)
        assert_exc(t[k].i, EXC_SYSREG_TRAP, from, t[k].to, t[k].esr, sym(t[k].at), spsr,
                   t[k].to == 2 ? el2_vectors : el1_vectors, 0x400);
}

#define ESR(ec, iss) syn_make((ec), (iss))
#define ESR_UNDEF 0x02000000u
/* EC 0x18 ISS of an MRS/MSR/SYS: Op0 Op2 Op1 CRn Rt CRm Direction */
#define SYSREG_ISS(op0, op1, crn, crm, op2, rt, rd) \
    ESR(EC_SYSREG, (op0) << 20 | (op2) << 17 | (op1) << 14 | (crn) << 10 | (rt) << 5 | (crm) << 1 | (rd))


/* ---- HVC ---- */

Test(hvc, from_el2_el1_hcd_and_el0, .fini = teardown)
{
    h = run_image("hvc_paths.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 HVC ERET MSR:HCR_EL2 ERET HVC ERET HVC MSR:HCR_EL2 ERET "
               "UNDEF ERET ERET UNDEF ERET SVC SEMIHOST STOP:semihosting-exit");
    /* HVC at EL2: current EL with SP_EL2, vector 0x200; preferred return is the next insn */
    const el2_event *e = assert_exc(2, EXC_HVC, 2, 2, 0x5a000011, sym("hvc_el2") + 4, 0x3c9, "el2_vectors", 0x200);
    cr_assert_eq(e->pc, sym("hvc_el2"));
    cr_assert_eq(e->insn, 0xd4000222u);
    cr_assert_eq(hev(h, 3)->x[9], 0x5a000011u, "the handler read ESR_EL2");
    assert_eret(3, 2, 2, 0x3c9, sym("hvc_el2") + 4, false);
    assert_eret(5, 2, 1, 0x3c5, sym("el1_code"), false);
    /* HVC at EL1: lower EL, vector 0x400 */
    e = assert_exc(6, EXC_HVC, 1, 2, 0x5a000022, sym("hvc_el1") + 4, 0x3c5, "el2_vectors", 0x400);
    cr_assert_eq(e->x[0], 0x55u);
    cr_assert_eq(e->sp, 0x40300000u, "EL1h runs on SP_EL1");
    cr_assert_eq(hev(h, 7)->sp, 0x40400000u, "the EL2 handler runs on SP_EL2");
    assert_msr(9, "HCR_EL2", 0xa0000000u);
    cr_assert_eq(hev(h, 9)->old, 0x80000000u);
    /* HCR_EL2.HCD = 1: HVC at EL1 is UNDEFINED, taken to EL1, ELR = the HVC */
    e = assert_exc(11, EXC_UNDEF, 1, 1, ESR_UNDEF, sym("hvc_hcd"), 0x3c5, "el1_vectors", 0x200);
    cr_assert_eq(e->insn, 0xd4000662u);
    assert_eret(13, 1, 0, 0x3c0, sym("el0_code"), false);
    /* HVC at EL0 is always UNDEFINED, taken to EL1 (lower EL, 0x400) */
    assert_exc(14, EXC_UNDEF, 0, 1, ESR_UNDEF, sym("hvc_el0"), 0x3c0, "el1_vectors", 0x400);
    assert_exc(16, EXC_SVC, 0, 1, 0x560001e0, sym("hvc_el0") + 8, 0x3c0, "el1_vectors", 0x400);
    assert_exit(0);
}

/* ---- SMC ---- */

Test(smc, firmware_psci_and_system_off, .fini = teardown)
{
    h = run_image("smc_firmware.elf", NULL);
    assert_seq("MSR:VBAR_EL2 SMC ERET SMC ERET SMC STOP:psci-system-off");
    const el2_event *e = hev(h, 1);
    cr_assert_eq(e->exc, EXC_FIRMWARE);
    cr_assert_eq(e->from_el, 2);
    cr_assert_eq(e->to_el, 3);
    cr_assert_eq(e->esr, 0x5e000000u);
    cr_assert_eq(e->value, 0x84000000u);
    cr_assert_eq(e->pc, sym("smc_psci_version"));
    e = hev(h, 2);
    cr_assert_eq(e->from_el, 3);
    cr_assert_eq(e->to_el, 2);
    cr_assert_eq(e->value, 0x10001u, "PSCI 1.1");
    cr_assert_eq(e->x[0], 0x10001u);
    cr_assert_eq(e->target, sym("smc_psci_version") + 4);
    e = hev(h, 4);
    cr_assert_eq(e->value, 0u, "PSCI_FEATURES(PSCI_VERSION): supported");
    cr_assert_eq(e->x[1], 0x84000000u, "x1 preserved");
    cr_assert_eq(hev(h, 5)->value, 0x84000008u);
    cr_assert_eq(hev(h, 6)->stop, STOP_PSCI_OFF);
    cr_assert_eq(h->exit_code, 0);
}

Test(smc, firmware_smccc_version_and_unknown_id, .fini = teardown)
{
    h = run_image("smc_smccc.elf", NULL);
    assert_seq("MSR:VBAR_EL2 SMC ERET SMC ERET SEMIHOST STOP:semihosting-exit");
    cr_assert_eq(hev(h, 1)->value, 0x80000000u);
    cr_assert_eq(hev(h, 2)->x[0], 0x10001u, "SMCCC v1.1");
    cr_assert_eq(hev(h, 2)->x[1], 0x77u, "x1 preserved");
    cr_assert_eq(hev(h, 3)->value, 0x8400ff00u);
    cr_assert_eq(hev(h, 4)->x[0], UINT64_MAX, "NOT_SUPPORTED");
    assert_exit(0);
}

Test(smc, tsc_traps_el1_and_el0_undef, .fini = teardown)
{
    h = run_image("smc_trap.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:HCR_EL2 ERET SMC-TRAP ERET ERET UNDEF ERET SVC SEMIHOST "
               "STOP:semihosting-exit");
    assert_msr(2, "HCR_EL2", 0x80080000u);
    /* HCR_EL2.TSC: EC 0x17 to EL2, ELR = the SMC itself */
    const el2_event *e = assert_exc(4, EXC_SMC_TRAP, 1, 2, 0x5e000005, sym("smc_el1"), 0x3c5, "el2_vectors", 0x400);
    cr_assert_eq(e->pc, sym("smc_el1"));
    /* SMC at EL0: UNDEFINED, to EL1 */
    assert_exc(7, EXC_UNDEF, 0, 1, ESR_UNDEF, sym("smc_el0"), 0x3c0, "el1_vectors", 0x400);
    assert_exit(0);
}

/* ---- SVC ---- */

Test(svc, el1_el0_and_tge, .fini = teardown)
{
    h = run_image("svc_paths.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:HCR_EL2 ERET SVC ERET HVC MSR:HCR_EL2 ERET SVC ERET UNDEF ERET "
               "SVC MSR:HCR_EL2 ERET SVC ERET SVC SEMIHOST STOP:semihosting-exit");
    assert_exc(4, EXC_SVC, 1, 1, 0x56000011, sym("svc_el1") + 4, 0x3c5, "el1_vectors", 0x200);
    assert_msr(7, "HCR_EL2", 0x88000000u);
    assert_eret(8, 2, 0, 0x3c0, sym("el0_tge"), false);
    /* TGE=1: SVC and UNDEF from EL0 go to EL2 */
    assert_exc(9, EXC_SVC, 0, 2, 0x56000033, sym("svc_el0_tge") + 4, 0x3c0, "el2_vectors", 0x400);
    cr_assert_eq(hev(h, 10)->x[9], 0x56000033u, "ESR_EL2 holds the SVC syndrome");
    assert_exc(11, EXC_UNDEF, 0, 2, ESR_UNDEF, sym("hvc_el0_tge"), 0x3c0, "el2_vectors", 0x400);
    assert_msr(14, "HCR_EL2", 0x80000000u);
    /* TGE=0: SVC from EL0 goes to EL1 */
    const el2_event *e = assert_exc(16, EXC_SVC, 0, 1, 0x56000022, sym("svc_el0") + 4, 0x3c0, "el1_vectors", 0x400);
    cr_assert_eq(e->sp, 0x40200000u, "EL0 runs on SP_EL0");
    assert_exit(0);
}

/* ---- BRK and UNDEFINED ---- */

Test(brk_undef, brk_udf_el2_register_and_unmodelled, .fini = teardown)
{
    h = run_image("brk_undef.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:MDCR_EL2 MSR:HCR_EL2 ERET BRK ERET UNDEF ERET UNDEF ERET UNDEF ERET "
               "HVC MSR:MDCR_EL2 ERET BRK ERET SVC SEMIHOST STOP:semihosting-exit");
    /* BRK: EC 0x3c, imm16 in ISS, ELR = the BRK */
    assert_exc(5, EXC_BRK, 1, 1, 0xf2000012, sym("brk_el1"), 0x3c5, "el1_vectors", 0x200);
    assert_exc(7, EXC_UNDEF, 1, 1, ESR_UNDEF, sym("udf_el1"), 0x3c5, "el1_vectors", 0x200);
    const el2_event *e = assert_exc(9, EXC_UNDEF, 1, 1, ESR_UNDEF, sym("mrs_hcr_el1"), 0x3c5, "el1_vectors", 0x200);
    cr_assert_eq(e->insn, 0xd53c1100u, "mrs x0, hcr_el2");
    assert_exc(11, EXC_UNDEF, 1, 1, ESR_UNDEF, sym("mrs_unalloc_el1"), 0x3c5, "el1_vectors", 0x200);
    cr_assert_eq(GPOINTER_TO_INT(g_hash_table_lookup(h->m->cpu->unmodelled, "S3_0_C11_C0_0")), 1);
    cr_assert_eq(g_hash_table_size(h->m->cpu->unmodelled), 1);
    /* MDCR_EL2.TDE routes BRK from EL1 to EL2 */
    assert_msr(14, "MDCR_EL2", 0x100u);
    assert_exc(16, EXC_BRK, 1, 2, 0xf2000034, sym("brk_tde"), 0x3c5, "el2_vectors", 0x400);
    assert_exit(0);
}

/* ---- illegal exception returns ---- */

Test(eret, illegal_returns, .fini = teardown)
{
    h = run_image("illegal_return.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:HCR_EL2 ERET ERET! ILLEGAL ERET MSR:HCR_EL2 ERET! ILLEGAL ERET "
               "MSR:HCR_EL2 ERET! ILLEGAL ERET ERET! ILLEGAL ERET MSR:HCR_EL2 ERET! ILLEGAL ERET MSR:HCR_EL2 "
               "ERET ILLEGAL SEMIHOST STOP:semihosting-exit");
    assert_eret(3, 2, 2, 0x3c9, sym("eret_el3"), false);
    static const struct { guint eret; const char *target; uint32_t spsr; } cases[] = {
        { 4, "t_el3", 0x3cd },    /* EL3: above the current EL */
        { 8, "t_rw0", 0x3c5 },    /* EL1 with HCR_EL2.RW = 0 */
        { 12, "t_m1", 0x3c6 },    /* M[1] = 1: reserved */
        { 15, "t_el0h", 0x3c1 },  /* EL0 with SP_ELx: reserved */
        { 19, "t_tge", 0x3c5 },   /* EL1 with HCR_EL2.TGE = 1 */
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        guint n = cases[i].eret;
        uint64_t t = sym(cases[i].target);
        /* EL unchanged, PSTATE.IL set, PC = ELR ... */
        assert_eret(n, 2, 2, cases[i].spsr, t, true);
        /* ... and the next instruction takes the Illegal Execution state exception at EL2:
         * EC 0x0e, ELR = that instruction, SPSR with IL (bit 20) and EL2h */
        const el2_event *e = assert_exc(n + 1, EXC_ILLEGAL_STATE, 2, 2, 0x3a000000, t, 0x1003c9,
                                        "el2_vectors", 0x200);
        cr_assert_eq(e->pc, t);
        cr_assert_eq(hev(h, n + 2)->x[10], 0x1003c9u, "SPSR_EL2 as the handler read it");
    }
    assert_msr(7, "HCR_EL2", 0);
    assert_msr(18, "HCR_EL2", 0x88000000u);
    /* A legal return with SPSR.IL = 1: the exception is taken at the target EL1 */
    assert_msr(22, "HCR_EL2", 0x80000000u);
    assert_eret(23, 2, 1, 0x1003c5, sym("t_il"), false);
    assert_exc(24, EXC_ILLEGAL_STATE, 1, 1, 0x3a000000, sym("t_il"), 0x1003c5, "el1_vectors", 0x200);
    cr_assert_eq(hev(h, 25)->x[9], 0x3a000000u, "ESR_EL1 as the handler read it");
    cr_assert_eq(hev(h, 25)->x[10], 0x1003c5u, "SPSR_EL1 as the handler read it");
    assert_exit(0);
}

/* After an illegal return the next instruction is at ELR with PSTATE.IL set and the EL
 * kept; Arm ARM "Prioritization of Synchronous exceptions taken to AArch64 state": a PC
 * alignment fault (priority 2) and an Instruction Abort on the fetch (3) come before the
 * Illegal Execution state exception (6), and so they do after a legal return with
 * SPSR.IL = 1. Each is taken at EL2 with SPSR.IL = 1 (0x1003c9). */
Test(eret, fetch_faults_before_illegal_state, .fini = teardown)
{
    h = run_image("illegal_priority.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:HCR_EL2 ERET! PC-ALIGN ERET ERET! IABORT ERET ERET! ILLEGAL ERET ERET PC-ALIGN ERET "
               "SEMIHOST STOP:semihosting-exit");
    uint64_t mis = sym("t_misaligned") + 2, unmapped = 0x48000000;
    assert_eret(2, 2, 2, 0x3cd, mis, true);
    const el2_event *e = assert_exc(3, EXC_PC_ALIGN, 2, 2, 0x8a000000, mis, 0x1003c9, "el2_vectors", 0x200);
    cr_assert_eq(e->far, mis);
    cr_assert_eq(hev(h, 4)->x[9], 0x8a000000u, "ESR_EL2 as the handler read it");
    cr_assert_eq(hev(h, 4)->x[10], 0x1003c9u, "SPSR_EL2 as the handler read it: IL set");
    assert_eret(5, 2, 2, 0x3cd, unmapped, true);
    /* an Instruction Abort from the current EL: EC 0x21, IFSC 0x10 (external, MMU off) */
    e = assert_exc(6, EXC_INSN_ABORT, 2, 2, 0x86000010, unmapped, 0x1003c9, "el2_vectors", 0x200);
    cr_assert_eq(e->far, unmapped);
    cr_assert_eq(h->m->cpu->sr[SR_FAR_EL2], sym("t_il") + 1, "FAR_EL2 from the last fault");
    assert_eret(8, 2, 2, 0x3cd, sym("t_mapped"), true);
    assert_exc(9, EXC_ILLEGAL_STATE, 2, 2, 0x3a000000, sym("t_mapped"), 0x1003c9, "el2_vectors", 0x200);
    /* a legal return with SPSR.IL = 1 to a misaligned ELR: the PC alignment fault first */
    assert_eret(11, 2, 2, 0x1003c9, sym("t_il") + 1, false);
    e = assert_exc(12, EXC_PC_ALIGN, 2, 2, 0x8a000000, sym("t_il") + 1, 0x1003c9, "el2_vectors", 0x200);
    cr_assert_eq(e->far, sym("t_il") + 1);
    assert_exit(0);
}

/* ---- system register and WFI traps ---- */

Test(traps, tvm_trvm_tid3_twi, .fini = teardown)
{
    h = run_image("sysreg_traps.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:SCTLR_EL1 MSR:HCR_EL2 ERET SYSREG-TRAP ERET SYSREG-TRAP ERET "
               "SYSREG-TRAP ERET SYSREG-TRAP ERET WFX-TRAP ERET HVC MSR:HCR_EL2 ERET MSR:SCTLR_EL1 SVC SEMIHOST "
               "STOP:semihosting-exit");
    assert_msr(3, "HCR_EL2", 0xc4042000u);
    /* ISS: Op0[21:20] Op2[19:17] Op1[16:14] CRn[13:10] Rt[9:5] CRm[4:1] Direction[0] */
    /* TVM: msr sctlr_el1, x3 -> Op0 3, CRn 1, Rt 3, write */
    const el2_event *e = assert_exc(5, EXC_SYSREG_TRAP, 1, 2, ESR(EC_SYSREG, 3u << 20 | 1u << 10 | 3u << 5),
                                    sym("msr_sctlr_tvm"), 0x3c5, "el2_vectors", 0x400);
    cr_assert_eq(e->esr, 0x62300460u);
    cr_assert_eq(e->x[3], 0x30d00801u);
    /* TRVM: mrs x7, sctlr_el1 */
    e = assert_exc(7, EXC_SYSREG_TRAP, 1, 2, ESR(EC_SYSREG, 3u << 20 | 1u << 10 | 7u << 5 | 1),
                   sym("mrs_sctlr"), 0x3c5, "el2_vectors", 0x400);
    cr_assert_eq(e->esr, 0x623004e1u);
    /* TRVM: mrs x4, ttbr0_el1 -> CRn 2, Rt 4, read */
    e = assert_exc(9, EXC_SYSREG_TRAP, 1, 2, 0x62300881, sym("mrs_ttbr0_trvm"), 0x3c5, "el2_vectors", 0x400);
    /* TID3: mrs x5, id_aa64pfr0_el1 -> CRn 0, CRm 4, Rt 5, read */
    e = assert_exc(11, EXC_SYSREG_TRAP, 1, 2, 0x623000a9, sym("mrs_pfr0_tid3"), 0x3c5, "el2_vectors", 0x400);
    /* TWI: WFI, EC 0x01, ISS CV=1 COND=0xe TI=0 */
    e = assert_exc(13, EXC_WFX_TRAP, 1, 2, 0x07e00000, sym("wfi_twi"), 0x3c5, "el2_vectors", 0x400);
    cr_assert_eq(e->insn, 0xd503207fu);
    /* Without TVM the write is an ordinary traced MSR at EL1 */
    assert_msr(18, "SCTLR_EL1", 0x30d00800u);
    cr_assert_eq(hev(h, 18)->from_el, 1);
    assert_exit(0);
}

Test(traps, untrapped_wfi_stops, .fini = teardown)
{
    h = run_image("wfi_stop.elf", NULL);
    assert_seq("MSR:HCR_EL2 ERET STOP:wfi");
    const el2_event *e = hev(h, 2);
    cr_assert_eq(e->stop, STOP_WFI);
    cr_assert_eq(e->from_el, 1);
    cr_assert_eq(e->pc, sym("wfi_el1"));
    cr_assert_eq(h->exit_code, EXIT_WFI);
    cr_assert_eq(h->exit_code, 5);
}

/* AArch64.CheckForWFxTrap for WFI at EL0: SCTLR_EL1.nTWI = 0 traps to EL1 before
 * HCR_EL2.TWI is looked at; with HCR_EL2.TGE = 1 that trap goes to EL2 (AArch64.WFxTrap);
 * with TGE = 1 and E2H = 0 (no VHE host) HCR_EL2.TWI still traps EL0. */
Test(traps, wfi_at_el0_el1_trap_first_then_hcr, .fini = teardown)
{
    h = run_image("wfi_traps.elf", NULL);
    const char *step = "MSR:SCTLR_EL1 HVC MSR:HCR_EL2 ERET WFX-TRAP ERET";
    g_autofree char *want = g_strdup_printf(
        "MSR:VBAR_EL2 MSR:VBAR_EL1 %s SVC HVC MSR:HCR_EL2 ERET %s SVC HVC MSR:HCR_EL2 ERET %s SVC MSR:HCR_EL2 ERET "
        "%s SVC MSR:HCR_EL2 ERET SEMIHOST STOP:semihosting-exit", step, step, step, step);
    assert_seq(want);
    /* 1. nTWI = 0 and HCR_EL2.TWI = 1: EL0 -> EL1 (lower EL, 0x400), EC 0x01 TI 0 */
    assert_msr(4, "HCR_EL2", 0x80002000u);
    const el2_event *e = assert_exc(6, EXC_WFX_TRAP, 0, 1, 0x07e00000, sym("wfi_el0_sctlr"), 0x3c0,
                                    "el1_vectors", 0x400);
    cr_assert_eq(e->insn, 0xd503207fu);
    assert_eret(7, 1, 0, 0x3c0, sym("wfi_el0_sctlr") + 4, false);
    /* 2. nTWI = 1, HCR_EL2.TWI = 1: EL0 -> EL2 */
    assert_msr(12, "SCTLR_EL1", 0x30d10800u);
    assert_msr(14, "HCR_EL2", 0x80002000u);
    assert_exc(16, EXC_WFX_TRAP, 0, 2, 0x07e00000, sym("wfi_el0_hcr"), 0x3c0, "el2_vectors", 0x400);
    /* 3. nTWI = 0, TGE = 1, TWI = 0: the EL1 trap, routed to EL2 */
    assert_msr(24, "HCR_EL2", 0x88000000u);
    assert_exc(26, EXC_WFX_TRAP, 0, 2, 0x07e00000, sym("wfi_el0_tge"), 0x3c0, "el2_vectors", 0x400);
    /* 4. nTWI = 1, TGE = 1, TWI = 1, E2H = 0: HCR_EL2.TWI */
    assert_msr(33, "HCR_EL2", 0x88002000u);
    assert_exc(35, EXC_WFX_TRAP, 0, 2, 0x07e00000, sym("wfi_el0_tge_twi"), 0x3c0, "el2_vectors", 0x400);
    assert_exit(0);
}

/* WFE: the Event Register (set by every ERET, SEV, SEVL; cleared by the WFE that finds it
 * set, which is then not trapped), the EL1 trap at EL0 before HCR_EL2.TWE, HCR_EL2.TWE at
 * EL1. On a CPU without FEAT_VHE the image ends there. */
static void assert_wfe_common(void)
{
    assert_msr(4, "HCR_EL2", 0x80004000u);
    assert_eret(5, 2, 0, 0x3c0, sym("el0_1"), false);
    /* the first WFE consumed the ERET's event; the second is trapped, to EL1 (TI = 1) */
    const el2_event *e = assert_exc(6, EXC_WFX_TRAP, 0, 1, 0x07e00001, sym("wfe_el0_sctlr"), 0x3c0,
                                    "el1_vectors", 0x400);
    cr_assert_eq(e->insn, 0xd503205fu);
    assert_eret(14, 2, 1, 0x3c5, sym("el1_2"), false);
    assert_exc(15, EXC_WFX_TRAP, 1, 2, 0x07e00001, sym("wfe_el1_hcr"), 0x3c5, "el2_vectors", 0x400);
    /* after the trap's ERET: WFE (ERET's event), SEVL + WFE, SEV + WFE, then trapped */
    assert_eret(16, 2, 1, 0x3c5, sym("wfe_el1_after_trap"), false);
    assert_exc(17, EXC_WFX_TRAP, 1, 2, 0x07e00001, sym("wfe_el1_hcr_again"), 0x3c5, "el2_vectors", 0x400);
}

Test(traps, wfe_event_register_and_traps, .fini = teardown)
{
    h = run_image("wfe_traps.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:SCTLR_EL1 HVC MSR:HCR_EL2 ERET WFX-TRAP ERET SVC HVC MSR:HCR_EL2 "
               "ERET HVC MSR:HCR_EL2 ERET WFX-TRAP ERET WFX-TRAP ERET HVC MSR:HCR_EL2 ERET SEMIHOST "
               "STOP:semihosting-exit");
    assert_wfe_common();
    assert_exit(0);
}

/* In a VHE host (E2H = TGE = 1) HCR_EL2.TWE does not apply to EL0 (IsInHost), and the
 * EL0 trap is SCTLR_EL2.nTWE's (SCTLR[] of the EL2&0 regime), taken to EL2. */
Test(traps, wfe_in_a_vhe_host, .fini = teardown)
{
    h = run_image("wfe_traps.elf", (const char *[]){ "--cpu", "neoverse-n1", NULL });
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:SCTLR_EL1 HVC MSR:HCR_EL2 ERET WFX-TRAP ERET SVC HVC MSR:HCR_EL2 "
               "ERET HVC MSR:HCR_EL2 ERET WFX-TRAP ERET WFX-TRAP ERET HVC MSR:HCR_EL2 ERET "
               "MSR:SCTLR_EL2 HVC MSR:HCR_EL2 ERET SVC MSR:HCR_EL2 ERET "
               "MSR:SCTLR_EL2 HVC MSR:HCR_EL2 ERET WFX-TRAP ERET SVC MSR:HCR_EL2 ERET SEMIHOST STOP:semihosting-exit");
    assert_wfe_common();
    /* step 3: HCR_EL2 = RW|E2H|TGE|TWE, SCTLR_EL2.nTWE = 1: both WFEs complete */
    assert_msr(24, "HCR_EL2", 0x488004000ull);
    assert_eret(25, 2, 0, 0x3c0, sym("el0_3"), false);
    assert_exc(26, EXC_SVC, 0, 2, 0x56000102, sym("wfe_host_untrapped") + 0x14, 0x3c0, "el2_vectors", 0x400);
    /* step 4: SCTLR_EL2.nTWE = 0: the second WFE is trapped to EL2 */
    assert_msr(29, "SCTLR_EL2", 0x30c10830u);
    assert_exc(33, EXC_WFX_TRAP, 0, 2, 0x07e00001, sym("wfe_host_sctlr_el2"), 0x3c0, "el2_vectors", 0x400);
    assert_exit(0);
}

/* ---- VHE ---- */

Test(vhe, e2h_redirects_on_neoverse_n1, .fini = teardown)
{
    h = run_image("vhe.elf", (const char *[]){ "--cpu", "neoverse-n1", NULL });
    assert_seq("MSR:VBAR_EL2 MSR:SCTLR_EL1 MSR:HCR_EL2 MSR:VBAR_EL2 MSR:VBAR_EL1 HVC SEMIHOST "
               "STOP:semihosting-exit");
    assert_msr(2, "HCR_EL2", 0x480000000ull);
    /* msr vbar_el1 at EL2 with E2H=1 writes VBAR_EL2 */
    assert_msr(3, "VBAR_EL2", sym("el2_vectors"));
    cr_assert_eq(hev(h, 3)->pc, sym("msr_vbar_el1"));
    /* msr vbar_el12 reaches the real VBAR_EL1 */
    assert_msr(4, "VBAR_EL1", sym("el1_vectors"));
    cr_assert_eq(hev(h, 4)->old, 0);
    const el2_event *e = assert_exit(0);
    cr_assert_eq(e->x[20], 0x480000000ull, "E2H is writable with FEAT_VHE");
    cr_assert_eq(e->x[21], sym("el2_vectors"));
    cr_assert_eq(e->x[22], sym("el1_vectors"), "mrs vbar_el12");
    cr_assert_eq(e->x[23], e->x[24], "mrs sctlr_el1 at EL2 reads SCTLR_EL2");
    cr_assert_eq(e->x[24], h->m->cpu->sr[sysreg_find_name("SCTLR_EL2")]);
    cr_assert_eq(e->x[25], sym("el1_vectors"), "msr elr_el1 wrote ELR_EL2");
    cr_assert_eq(h->m->cpu->sr[SR_VBAR_EL1], sym("el1_vectors"));
    cr_assert_neq(e->x[26], sym("el1_vectors"), "ELR_EL1 itself was not written");
}

Test(vhe, no_e2h_on_cortex_a57, .fini = teardown)
{
    h = run_image("vhe.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:SCTLR_EL1 MSR:HCR_EL2 UNDEF ERET UNDEF ERET HVC SEMIHOST STOP:semihosting-exit");
    assert_msr(2, "HCR_EL2", 0x80000000u);   /* E2H is RES0 on ARMv8.0 */
    assert_exc(3, EXC_UNDEF, 2, 2, ESR_UNDEF, sym("msr_vbar_el12_undef"), 0x3c9, "el2_vectors", 0x200);
    assert_exc(5, EXC_UNDEF, 2, 2, ESR_UNDEF, sym("mrs_sctlr_el12_undef"), 0x3c9, "el2_vectors", 0x200);
    const el2_event *e = assert_exit(0);
    cr_assert_eq(e->x[20], 0x80000000u);
    cr_assert_eq(e->x[23], 0x30d00800u, "mrs sctlr_el1 at EL2 reads SCTLR_EL1 without E2H");
    cr_assert_eq(h->m->cpu->sr[SR_VBAR_EL1], 0, "the UNDEFINED write had no effect");
}

/* FEAT_VHE timers and a host's EL0 (tests/images/vhe_timers.S on neoverse-n1) */
Test(vhe, timers_and_host_el0_controls, .fini = teardown)
{
    h = run_image("vhe_timers.elf", (const char *[]){ "--cpu", "neoverse-n1", NULL });
    assert_seq("MSR:VBAR_EL2 MSR:CNTVOFF_EL2 MSR:HCR_EL2 MSR:CNTHP_CVAL_EL2 MSR:CNTHV_CVAL_EL2 "
               "MSR:CNTHP_CTL_EL2 MSR:CNTHV_CTL_EL2 MSR:CNTHV_TVAL_EL2 MSR:SCTLR_EL1 MSR:CNTKCTL_EL1 "
               "MSR:SCTLR_EL2 MSR:CNTHCTL_EL2 HVC MSR:HCR_EL2 ERET SVC MSR:SCTLR_EL2 ERET SYSREG-TRAP ERET "
               "SYSREG-TRAP ERET SYSREG-TRAP ERET SVC MSR:CNTHCTL_EL2 ERET SYSREG-TRAP ERET SYSREG-TRAP ERET "
               "SVC SEMIHOST STOP:semihosting-exit");
    /* at EL2 with E2H = 1 the EL0 timer names wrote the EL2 timers */
    assert_msr(3, "CNTHP_CVAL_EL2", 0x1234000);
    cr_assert_eq(hev(h, 3)->pc, sym("w_cntp_cval"));
    assert_msr(4, "CNTHV_CVAL_EL2", 0x5678000);
    assert_msr(5, "CNTHP_CTL_EL2", 1);
    assert_msr(6, "CNTHV_CTL_EL2", 3);
    assert_msr(7, "CNTHV_TVAL_EL2", 1000);
    cr_assert_eq(hev(h, 7)->pc, sym("w_cntv_tval"));
    const el2_event *e = hev(h, 12);
    cr_assert_eq(e->x[21], 0x1234000u);
    cr_assert_eq(e->x[22], 0x5678000u);
    cr_assert_eq(e->x[23], 3u);
    cr_assert_eq(e->x[24], 0xabc000u, "CNTP_CVAL_EL02 reaches the EL1 physical timer");
    cr_assert_eq(h->m->cpu->sr[SR_CNTP_CVAL_EL0], 0xabc000u);
    cr_assert_eq(e->x[25], 0x1234000u, "CNTP_CVAL_EL0 at EL2 is CNTHP_CVAL_EL2");
    cr_assert(e->x[26] <= 1000 && e->x[26] > 900, "TVAL counts down from 1000: %lu", (unsigned long)e->x[26]);
    cr_assert(e->x[28] < 16, "CNTVCT - CNTPCT at EL2 with E2H = 1: %ld (no CNTVOFF_EL2)", (long)e->x[28]);
    /* the host's EL0, SCTLR_EL2 and CNTHCTL_EL2 open, SCTLR_EL1 and CNTKCTL_EL1 closed */
    e = hev(h, 15);
    cr_assert_eq(e->x[12], 0x4u, "DCZID_EL0.DZP = 0 from SCTLR_EL2.DZE");
    cr_assert_eq(e->x[13], 1u, "CNTP_CTL_EL0 at the host's EL0 is CNTHP_CTL_EL2");
    cr_assert_eq(e->x[14], h->m->cpu->sr[SR_CNTHV_CVAL_EL2]);
    cr_assert(e->x[16] >= e->x[15] && e->x[16] - e->x[15] < 16, "no CNTVOFF_EL2 in the host's EL0");
    /* SCTLR_EL2's UCT and UMA clear: traps to EL2 although SCTLR_EL1 would allow */
    const trap_spec host[] = {
        { 18, "h_ctr", 2, SYSREG_ISS(3, 3, 0, 0, 1, 0, 1) },
        { 20, "h_daif", 2, SYSREG_ISS(3, 3, 4, 2, 1, 0, 1) },
        { 22, "h_daifclr", 2, SYSREG_ISS(0, 3, 4, 1, 7, 31, 0) },
        /* CNTHCTL_EL2.EL0PTEN and EL0VTEN clear: the timers trap to EL2 */
        { 27, "h_cntp_ctl", 2, SYSREG_ISS(3, 3, 14, 2, 1, 0, 1) },
        { 29, "h_cntv_tval", 2, SYSREG_ISS(3, 3, 14, 3, 0, 0, 1) },
    };
    assert_traps(host, G_N_ELEMENTS(host), 0, 0x3c0, "el1_vectors", "el2x_vectors");
    cr_assert_eq(hev(h, 24)->x[17], 0x14u, "DZP = 1 with SCTLR_EL2.DZE = 0");
    assert_exit(0);
}

Test(vhe, cnthv_undefined_on_cortex_a57, .fini = teardown)
{
    h = run_image("vhe_timers.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:CNTVOFF_EL2 MSR:HCR_EL2 UNDEF ERET UNDEF ERET HVC SEMIHOST STOP:semihosting-exit");
    assert_exc(3, EXC_UNDEF, 2, 2, ESR_UNDEF, sym("u_cnthv_ctl"), 0x3c9, "el2x_vectors", 0x200);
    assert_exc(5, EXC_UNDEF, 2, 2, ESR_UNDEF, sym("u_cnthv_cval"), 0x3c9, "el2x_vectors", 0x200);
    assert_exit(0);
}

/* ---- SP selection ---- */

Test(sp, spsel_banking, .fini = teardown)
{
    h = run_image("sp_banking.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 UNDEF ERET HVC ERET MSR:HCR_EL2 ERET HVC ERET SVC ERET SVC SEMIHOST "
               "STOP:semihosting-exit");
    /* EL2t: MRS SP_EL0 is UNDEFINED; exceptions use vector 0x000 and save SPSR 0x3c8 */
    const el2_event *e = assert_exc(2, EXC_UNDEF, 2, 2, ESR_UNDEF, sym("mrs_sp_el0_t"), 0x3c8, "el2_vectors", 0);
    cr_assert_eq(e->sp, 0x40200000u, "EL2t runs on SP_EL0");
    cr_assert_eq(e->x[19], 0x40200000u);
    cr_assert_eq(hev(h, 3)->sp, 0x40400000u, "the handler runs on SP_EL2");
    assert_eret(3, 2, 2, 0x3c8, sym("hvc_el2t"), false);
    e = assert_exc(4, EXC_HVC, 2, 2, 0x5a000001, sym("hvc_el2t") + 4, 0x3c8, "el2_vectors", 0);
    cr_assert_eq(e->sp, 0x40200000u);
    assert_eret(7, 2, 1, 0x3c4, sym("el1_code"), false);
    /* EL1t: HVC goes to 0x400 with SPSR 0x3c4, SVC to EL1's vector 0x000 */
    e = assert_exc(8, EXC_HVC, 1, 2, 0x5a000002, sym("svc_el1t"), 0x3c4, "el2_vectors", 0x400);
    cr_assert_eq(e->x[20], 0x40400000u, "SP_EL2 after SPSel=1");
    cr_assert_eq(e->x[21], 0x40200000u, "MRS SP_EL0 with SPSel=1");
    cr_assert_eq(e->x[22], 0x40200000u, "EL1t runs on SP_EL0");
    cr_assert_eq(e->sp, 0x40200000u);
    e = assert_exc(10, EXC_SVC, 1, 1, 0x56000003, sym("svc_el1t") + 4, 0x3c4, "el1_vectors", 0);
    cr_assert_eq(hev(h, 11)->sp, 0x40300000u, "the EL1 handler runs on SP_EL1");
    assert_exit(0);
}

/* MSR SPSel, #imm at EL0 is UNDEFINED ("MSR (immediate)": op1 '000' fields need EL1), so
 * EL0 stays on SP_EL0 (the image checks its SP: exit 0); at EL1 it switches stacks. */
Test(sp, msr_spsel_imm_undefined_at_el0, .fini = teardown)
{
    h = run_image("spsel_el0.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:HCR_EL2 ERET ERET UNDEF ERET SVC SEMIHOST STOP:semihosting-exit");
    const el2_event *e = assert_exc(5, EXC_UNDEF, 0, 1, ESR_UNDEF, sym("msr_spsel_el0"), 0x3c0, "el1_vectors", 0x400);
    cr_assert_eq(e->insn, 0xd50041bfu, "msr spsel, #1");
    cr_assert_eq(e->sp, 0x40200000u, "EL0 on SP_EL0");
    cr_assert_eq(hev(h, 4)->x[20], 0x40300000u, "EL1h on SP_EL1 after msr spsel, #1 at EL1");
    cr_assert_eq(hev(h, 7)->x[21], 0x40200000u, "EL0 still on SP_EL0 after the UNDEFINED msr");
    assert_exit(0);
}

/* ---- PSTATE.PAN, UAO, SSBS ---- */

/* Cortex-A57 has none of FEAT_PAN, FEAT_UAO, FEAT_SSBS: the MSR (immediate) forms and
 * MRS of PAN and SSBS are UNDEFINED. */
Test(pstate, pan_uao_ssbs_undefined_on_cortex_a57, .fini = teardown)
{
    h = run_image("pstate_ext.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 UNDEF ERET UNDEF ERET UNDEF ERET UNDEF ERET UNDEF ERET HVC SEMIHOST "
               "STOP:semihosting-exit");
    static const struct { const char *at; uint32_t insn; } undef[] = {
        { "undef_msr_pan", 0xd500419f }, { "undef_mrs_pan", 0xd5384260 }, { "undef_msr_uao", 0xd500417f },
        { "undef_msr_ssbs", 0xd503413f }, { "undef_mrs_ssbs", 0xd53b42c0 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(undef); i++) {
        const el2_event *e = assert_exc(2 + 2 * i, EXC_UNDEF, 2, 2, ESR_UNDEF, sym(undef[i].at), 0x3c9,
                                        "el2_vectors", 0x200);
        cr_assert_eq(e->insn, undef[i].insn, "%s", undef[i].at);
    }
    cr_assert_eq(g_hash_table_size(h->m->cpu->unmodelled), 0, "modelled, and absent on this CPU");
    assert_exit(0);
}

/* Neoverse N1 has them: MSR/MRS move them (bits 22, 23, 12); AArch64.TakeException saves
 * them in SPSR, keeps PAN (EL2, not a VHE host), clears UAO, sets SSBS = SCTLR_EL2.DSSBS (0),
 * and entering EL1 with SCTLR_EL1.SPAN = 0 sets PAN; the ERET restores them. At EL0 the
 * PAN forms are UNDEFINED, SSBS is accessible. */
Test(pstate, pan_uao_ssbs_on_neoverse_n1, .fini = teardown)
{
    h = run_image("pstate_ext.elf", (const char *[]){ "--cpu", "neoverse-n1", "--max-insns", "100000", NULL });
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 HVC ERET MSR:SCTLR_EL1 MSR:HCR_EL2 ERET SVC ERET MSR:SCTLR_EL1 SVC ERET "
               "ERET UNDEF ERET UNDEF ERET SVC SEMIHOST STOP:semihosting-exit");
    const el2_event *e = assert_exc(2, EXC_HVC, 2, 2, 0x5a000001, sym("hvc_el2") + 4, 0xc013c9, "el2_vectors", 0x200);
    cr_assert_eq(e->x[20], 0x400000u, "mrs pan after msr pan, #1");
    cr_assert_eq(e->x[21], 0x800000u, "mrs uao after msr uao, #1");
    cr_assert_eq(e->x[22], 0x1000u, "mrs ssbs after msr ssbs, #1");
    e = assert_eret(3, 2, 2, 0xc013c9, sym("hvc_el2") + 4, false);
    cr_assert_eq(e->x[23], 0x400000u, "PAN kept on entry to EL2");
    cr_assert_eq(e->x[24], 0, "UAO cleared on entry");
    cr_assert_eq(e->x[25], 0, "SSBS = SCTLR_EL2.DSSBS on entry");
    cr_assert_eq(e->x[26], 0xc013c9u, "SPSR_EL2 as the handler read it");
    e = hev(h, 4);
    cr_assert_eq(e->x[27], 0x400000u, "PAN restored by the ERET");
    cr_assert_eq(e->x[28], 0x800000u, "UAO restored");
    cr_assert_eq(e->x[29], 0x1000u, "SSBS restored");
    cr_assert_eq(e->x[20] | e->x[21] | e->x[22], 0, "msr pan/uao/ssbs, xzr cleared them");
    assert_msr(4, "SCTLR_EL1", 0x30500800u);
    e = assert_exc(7, EXC_SVC, 1, 1, 0x56000001, sym("svc_el1_span0") + 4, 0x3c5, "el1_vectors", 0x200);
    cr_assert_eq(e->x[20], 0, "PAN from SPSR_EL2 (0)");
    cr_assert_eq(hev(h, 8)->x[23], 0x400000u, "SCTLR_EL1.SPAN = 0: PAN set on entry to EL1");
    cr_assert_eq(hev(h, 9)->x[20], 0, "PAN from SPSR_EL1 after the ERET");
    assert_exc(10, EXC_SVC, 1, 1, 0x56000002, sym("svc_el1_span1") + 4, 0x3c5, "el1_vectors", 0x200);
    cr_assert_eq(hev(h, 11)->x[23], 0, "SCTLR_EL1.SPAN = 1: PAN left alone");
    assert_exc(13, EXC_UNDEF, 0, 1, ESR_UNDEF, sym("undef_msr_pan_el0"), 0x3c0, "el1_vectors", 0x400);
    assert_exc(15, EXC_UNDEF, 0, 1, ESR_UNDEF, sym("undef_mrs_pan_el0"), 0x3c0, "el1_vectors", 0x400);
    e = assert_exc(17, EXC_SVC, 0, 1, 0x560001e0, sym("undef_mrs_pan_el0") + 16, 0x13c0, "el1_vectors", 0x400);
    cr_assert_eq(e->x[22], 0x1000u, "msr ssbs, #1 and mrs ssbs at EL0");
    assert_exit(0);
}

/* ---- PC alignment ---- */

Test(eret, misaligned_elr_pc_alignment_fault, .fini = teardown)
{
    h = run_image("pc_align.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:HCR_EL2 ERET PC-ALIGN ERET ERET PC-ALIGN ERET SVC SEMIHOST "
               "STOP:semihosting-exit");
    uint64_t a2 = sym("t_el2") + 2, a1 = sym("t_el1") + 1;
    assert_eret(3, 2, 2, 0x3c9, a2, false);
    const el2_event *e = assert_exc(4, EXC_PC_ALIGN, 2, 2, 0x8a000000, a2, 0x3c9, "el2_vectors", 0x200);
    cr_assert_eq(e->far, a2);
    cr_assert_eq(h->m->cpu->sr[SR_FAR_EL2], a2);
    assert_eret(6, 2, 1, 0x3c5, a1, false);
    e = assert_exc(7, EXC_PC_ALIGN, 1, 1, 0x8a000000, a1, 0x3c5, "el1_vectors", 0x200);
    cr_assert_eq(e->far, a1);
    cr_assert_eq(h->m->cpu->sr[SR_FAR_EL1], a1);
    assert_exit(0);
}

/* ---- run control and bad input ---- */

Test(run, budget_stops_runaway_loop, .fini = teardown)
{
    h = run_image("spin.elf", (const char *[]){ "--max-insns", "1000", NULL });
    assert_seq("STOP:budget");
    cr_assert_eq(hev(h, 0)->stop, STOP_BUDGET);
    cr_assert_eq(hev(h, 0)->insns, 1000);
    cr_assert_eq(h->exit_code, EXIT_BUDGET);
    cr_assert_eq(h->exit_code, 124);
}

Test(run, stop_at_symbol, .fini = teardown)
{
    h = run_image("spin.elf", (const char *[]){ "--stop-at", "here", NULL });
    assert_seq("STOP:stop-at");
    cr_assert_eq(hev(h, 0)->stop, STOP_AT);
    cr_assert_eq(hev(h, 0)->pc, sym("here"));
    cr_assert_eq(hev(h, 0)->x[0], 1, "stopped before the add ran");
    cr_assert_eq(h->exit_code, EXIT_STOP_AT);
    cr_assert_eq(h->exit_code, 3);
}

/* A vector whose first instruction is UNDEFINED takes the UNDEF to itself, again and again
 * with no ERET between: the third identical exception (same vector, ESR and ELR) stops
 * the run (exit 125) with one line, instead of looping until the budget. */
Test(run, exception_repeating_without_progress_stops, .fini = teardown)
{
    h = run_image("undef_loop.elf", (const char *[]){ "--max-insns", "100000", NULL });
    assert_seq("MSR:VBAR_EL2 UNDEF UNDEF UNDEF STOP:guest-fault");
    assert_exc(1, EXC_UNDEF, 2, 2, ESR_UNDEF, sym("first_undef"), 0x3c9, "el2_vectors", 0x200);
    assert_exc(2, EXC_UNDEF, 2, 2, ESR_UNDEF, sym("vector_undef"), 0x3c9, "el2_vectors", 0x200);
    assert_exc(3, EXC_UNDEF, 2, 2, ESR_UNDEF, sym("vector_undef"), 0x3c9, "el2_vectors", 0x200);
    cr_assert_eq(hev(h, 4)->pc, sym("vector_undef"));
    cr_assert_eq(h->exit_code, EXIT_GUEST_FAULT);
    cr_assert_str_eq(h->m->cpu->stop_msg, "EL2 UNDEF at vector_undef repeats without progress: 3 times in a row, "
                                          "no ERET between (ESR 0x02000000, vector vector_undef)");
}

static void assert_bad_input(const char *image, const char *const *opts, const char *msg)
{
    g_autofree char *img = image_path(image);
    h = harness_run(img, opts);
    cr_assert_not_null(h->error);
    cr_assert_null(h->m);
    cr_assert_eq(h->ev->len, 0);
    cr_assert_eq(h->exit_code, EXIT_BAD_INPUT);
    cr_assert_str_eq(h->error, msg);
    cr_assert_null(strchr(h->error, '\n'), "one line");
}

Test(bad_input, nonexistent_image, .fini = teardown)
{
    g_autofree char *img = image_path("nosuch.elf");
    g_autofree char *msg = g_strdup_printf("%s: cannot open: No such file or directory", img);
    assert_bad_input("nosuch.elf", NULL, msg);
}

Test(bad_input, unknown_cpu, .fini = teardown)
{
    const char *models = g_getenv("EL2_MODELS");
    cr_assert_not_null(models);
    g_autofree char *msg = g_strdup_printf("unknown CPU model 'nosuch' (no %s/cpu/nosuch.cpu; models are in %s/cpu)",
                                           models, models);
    assert_bad_input("spin.elf", (const char *[]){ "--cpu", "nosuch", NULL }, msg);
}

Test(bad_input, el3, .fini = teardown)
{
    assert_bad_input("spin.elf", (const char *[]){ "--el", "3", NULL }, "--el 3: el2sim boots at EL1 or EL2");
}

/* --el 0 booted at EL2 without a word (0 was "not given") */
Test(bad_input, el0_boot_is_refused, .fini = teardown)
{
    assert_bad_input("spin.elf", (const char *[]){ "--el", "0", NULL },
                     "--el 0: EL0 boot is not supported (el2sim boots at EL1 or EL2)");
}

Test(bad_input, max_insns_zero, .fini = teardown)
{
    assert_bad_input("spin.elf", (const char *[]){ "--max-insns", "0", NULL },
                     "--max-insns 0: expected a positive number");
}

Test(bad_input, ram_syntax, .fini = teardown)
{
    assert_bad_input("spin.elf", (const char *[]){ "--ram", "bad", NULL },
                     "--ram bad: expected BASE:SIZE, e.g. 0x40000000:128M (sizes may end in K, M, G or T)");
    harness_free(h);
    /* a size in a unit el2sim does not know is not an alignment problem */
    assert_bad_input("spin.elf", (const char *[]){ "--ram", "0x40000000:1P", NULL },
                     "--ram 0x40000000:1P: expected BASE:SIZE, e.g. 0x40000000:128M (sizes may end in K, M, G or T)");
}

Test(bad_input, ram_messages, .fini = teardown)
{
    /* each said "expected BASE:SIZE, 4 KiB aligned" or "UC_ERR_MAP" */
    assert_bad_input("spin.elf", (const char *[]){ "--ram", "0x40000000:1T", NULL },
                     "--ram 0x40000000:1T: 0x40000000-0x10040000000 covers el2sim's reserved page "
                     "(0xffffff0000-0xffffff1000)");
    harness_free(h);
    assert_bad_input("spin.elf", (const char *[]){ "--ram", "0x40000000:1G", "--ram", "0x48000000:1G", NULL },
                     "--ram 0x48000000:1G: 0x48000000-0x88000000 overlaps --ram 0x40000000:1G (0x40000000-0x80000000)");
    harness_free(h);
    assert_bad_input("spin.elf", (const char *[]){ "--ram", "0x40000800:1M", NULL },
                     "--ram 0x40000800:1M: BASE and SIZE must be multiples of 4 KiB");
    harness_free(h);
    assert_bad_input("spin.elf", (const char *[]){ "--ram", "0x40000000:0", NULL },
                     "--ram 0x40000000:0: SIZE is 0");
    harness_free(h);
    assert_bad_input("spin.elf", (const char *[]){ "--ram", "0xfffffffffffff000:8K", NULL },
                     "--ram 0xfffffffffffff000:8K: the region wraps past 2^64");
}

/* --base 2^63 said "lies in el2sim's reserved page" */
Test(bad_input, image_beyond_the_address_range_or_on_el2sims_page, .fini = teardown)
{
    g_autofree char *img = image_path("spin.elf");
    g_autofree char *want = g_strdup_printf("cannot map %s:PT_LOAD#0 at 0x8000000000000000 size 0x11000: beyond the "
                                            "cortex-a57's 44-bit physical address range", img);
    assert_bad_input("spin.elf", (const char *[]){ "--base", "0x8000000000000000", NULL }, want);
    g_free(want);
    want = g_strdup_printf("%s: segment PT_LOAD#0 (0xfffffe8000-0xffffff8010) overlaps el2sim's reserved page "
                           "(0xffffff0000-0xffffff1000)", img);
    harness_free(h);
    assert_bad_input("spin.elf", (const char *[]){ "--base", "0xfffffe8000", NULL }, want);
}

/* SYS_EXIT with an unreadable parameter block returns -1 and the guest goes on, as under
 * QEMU (el2sim stopped with status 1) */
Test(semihost, exit_with_bad_pointer_returns_minus_one, .fini = teardown)
{
    h = run_image("semihost_badptr.elf", NULL);
    assert_seq("SEMIHOST SEMIHOST STOP:semihosting-exit");
    cr_assert_eq(hev(h, 0)->pc, sym("bad_exit"));
    assert_exit(0);            /* the image exits 1 unless x0 came back as -1 */
}

/* A stop point at the start of a block is reached even when the budget ends right there:
 * nothing of that block runs (the budget counted it whole and stopped first) */
Test(budget, stop_point_at_budget_end, .fini = teardown)
{
    h = run_image("hvc_paths.elf", (const char *[]){ "--stop-at", "el1_code", "--max-insns", "36", NULL });
    cr_assert_eq(h->exit_code, EXIT_STOP_AT, "%s", h->m->cpu->stop_msg);
    const el2_event *e = hev(h, h->ev->len - 1);
    cr_assert_eq(e->pc, sym("el1_code"));      /* where the ERET to EL1 lands: a block start */
    cr_assert_eq(e->insns, 36);
}

Test(bad_input, unknown_register, .fini = teardown)
{
    assert_bad_input("spin.elf", (const char *[]){ "--reg", "nosuchreg=1", NULL },
                     "--reg nosuchreg=1: unknown register 'nosuchreg'");
}

/* ---- EL0 access to EL0-visible state kept in the real CPU ---- */

Test(el0, tpidrro_and_daif_uma, .fini = teardown)
{
    h = run_image("el0_sysregs.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:SCTLR_EL1 MSR:HCR_EL2 ERET ERET UNDEF ERET SYSREG-TRAP ERET SVC "
               "SEMIHOST STOP:semihosting-exit");
    /* MRS TPIDRRO_EL0 at EL0 is allowed: no event, and it reads what EL1 wrote */
    const el2_event *e = assert_exc(6, EXC_UNDEF, 0, 1, ESR_UNDEF, sym("msr_tpidrro"), 0x3c0, "el1_vectors", 0x400);
    cr_assert_eq(e->x[3], 0x1234u);
    /* MRS DAIF at EL0 with SCTLR_EL1.UMA = 0: EC 0x18 to EL1, Op0 3 Op1 3 CRn 4 CRm 2 Op2 1 Rt 4 read */
    assert_exc(8, EXC_SYSREG_TRAP, 0, 1, ESR(EC_SYSREG, 3u << 20 | 1u << 17 | 3u << 14 | 4u << 10 | 4u << 5 | 2u << 1 | 1),
               sym("mrs_daif"), 0x3c0, "el1_vectors", 0x400);
    cr_assert_eq(hev(h, 8)->esr, 0x6232d085u);
    assert_exit(0);
}

/* ---- the ID register space, ID traps, VPIDR/VMPIDR (tests/images/id_regs.S) ---- */

/* The image checks the values it reads (exit status = the failed check) and is in the
 * QEMU differential; here: the exact traps and the two values QEMU's EL3-less virt
 * machine reports differently. */
Test(idregs, id_space_tid3_tid2_tacr_vpidr, .fini = teardown)
{
    h = run_image("id_regs.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:VPIDR_EL2 MSR:VMPIDR_EL2 MSR:SCTLR_EL1 MSR:HCR_EL2 ERET HVC "
               "MSR:HCR_EL2 ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET "
               "SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET "
               "SYSREG-TRAP ERET SYSREG-TRAP ERET ERET SYSREG-TRAP ERET SVC SEMIHOST STOP:semihosting-exit");
    /* VPIDR_EL2 and VMPIDR_EL2 were MIDR_EL1 and MPIDR_EL1 until EL2 wrote them */
    cr_assert_eq(hev(h, 2)->old, 0x411fd070u);
    cr_assert_eq(hev(h, 3)->old, 0x80000000u);
    assert_msr(8, "HCR_EL2", 0x80260000u);                /* RW, TACR, TID3, TID2 */
    const struct { const char *at; uint32_t esr; } traps[] = {
        { "mrs_pfr0_tid3", SYSREG_ISS(3, 0, 0, 1, 0, 5, 1) },      /* TID3: ID_PFR0_EL1 */
        { "mrs_mvfr2_tid3", SYSREG_ISS(3, 0, 0, 3, 2, 5, 1) },     /* MVFR2_EL1 */
        { "mrs_res_c3_3", SYSREG_ISS(3, 0, 0, 3, 3, 5, 1) },       /* reserved encodings */
        { "mrs_res_c7_7", SYSREG_ISS(3, 0, 0, 7, 7, 5, 1) },
        { "mrs_ctr_tid2", SYSREG_ISS(3, 3, 0, 0, 1, 5, 1) },       /* TID2 */
        { "mrs_ccsidr_tid2", SYSREG_ISS(3, 1, 0, 0, 0, 5, 1) },
        { "mrs_clidr_tid2", SYSREG_ISS(3, 1, 0, 0, 1, 5, 1) },
        { "mrs_csselr_tid2", SYSREG_ISS(3, 2, 0, 0, 0, 5, 1) },
        { "msr_csselr_tid2", SYSREG_ISS(3, 2, 0, 0, 0, 31, 0) },
        { "mrs_actlr_tacr", SYSREG_ISS(3, 0, 1, 0, 1, 5, 1) },     /* TACR */
        { "msr_actlr_tacr", SYSREG_ISS(3, 0, 1, 0, 1, 5, 0) },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(traps); i++)
        assert_exc(10 + 2 * i, EXC_SYSREG_TRAP, 1, 2, traps[i].esr, sym(traps[i].at), 0x600003c5, "el2_vectors",
                   0x400);
    cr_assert_eq(hev(h, 10)->esr, 0x623000a3u);
    /* EL0 with SCTLR_EL1.UCT = 1: TID2 traps CTR_EL0 to EL2 */
    assert_exc(33, EXC_SYSREG_TRAP, 0, 2, SYSREG_ISS(3, 3, 0, 0, 1, 5, 1), sym("mrs_ctr_el0_tid2"), 0x3c0,
               "el2_vectors", 0x400);
    const el2_event *e = assert_exit(0);
    cr_assert_eq(e->x[20], 0x00011011u, "ID_PFR1_EL1 of the Cortex-A57 (EL3 implemented)");
    cr_assert_eq(e->x[21], 0x03010066u, "ID_DFR0_EL1 of the Cortex-A57");
}

/* EL0's access controls in SCTLR_EL1 and CNTKCTL_EL1, then routed to EL2 by TGE
 * (tests/images/el0_controls.S, in the QEMU differential) */
Test(el0, sctlr_and_cntkctl_controls, .fini = teardown)
{
    h = run_image("el0_controls.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:SCTLR_EL1 MSR:CNTKCTL_EL1 MSR:HCR_EL2 ERET ERET "
               "SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET "
               "SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET "
               "SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SVC "
               "MSR:SCTLR_EL1 MSR:CNTKCTL_EL1 ERET SVC MSR:SCTLR_EL1 MSR:CNTKCTL_EL1 HVC MSR:HCR_EL2 ERET "
               "SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SVC "
               "SEMIHOST STOP:semihosting-exit");
    const trap_spec part_a[] = {
        { 7, "a_ctr", 1, SYSREG_ISS(3, 3, 0, 0, 1, 0, 1) },        /* SCTLR_EL1.UCT */
        { 9, "a_daif", 1, SYSREG_ISS(3, 3, 4, 2, 1, 0, 1) },       /* UMA */
        /* MSR DAIFSet, #2: Op0 0, Op1 3, CRn 4, CRm = #2, Op2 6, Rt 31 (QEMU 7.2 swaps
         * Op1 and Op2 in this ISS; the differential compares only the EC) */
        { 11, "a_daifset", 1, SYSREG_ISS(0, 3, 4, 2, 6, 31, 0) },
        { 13, "a_daifclr", 1, SYSREG_ISS(0, 3, 4, 4, 7, 31, 0) },
        { 15, "a_zva", 1, SYSREG_ISS(1, 3, 7, 4, 1, 1, 0) },       /* DZE */
        { 17, "a_cvau", 1, SYSREG_ISS(1, 3, 7, 11, 1, 1, 0) },     /* UCI */
        { 19, "a_civac", 1, SYSREG_ISS(1, 3, 7, 14, 1, 1, 0) },
        { 21, "a_ivau", 1, SYSREG_ISS(1, 3, 7, 5, 1, 1, 0) },
        { 23, "a_cntpct", 1, SYSREG_ISS(3, 3, 14, 0, 1, 0, 1) },   /* CNTKCTL_EL1.EL0PCTEN */
        { 25, "a_cntvct", 1, SYSREG_ISS(3, 3, 14, 0, 2, 0, 1) },   /* EL0VCTEN */
        { 27, "a_cntfrq", 1, SYSREG_ISS(3, 3, 14, 0, 0, 0, 1) },   /* both */
        { 29, "a_cntp_ctl", 1, SYSREG_ISS(3, 3, 14, 2, 1, 0, 1) }, /* EL0PTEN */
        { 31, "a_cntp_tval", 1, SYSREG_ISS(3, 3, 14, 2, 0, 0, 1) },
        { 33, "a_cntv_cval", 1, SYSREG_ISS(3, 3, 14, 3, 2, 1, 0) }, /* EL0VTEN */
    };
    assert_traps(part_a, G_N_ELEMENTS(part_a), 0, 0x3c0, "stage_vectors", "el2_vectors");
    cr_assert_eq(hev(h, 11)->esr, 0x620cd3e4u);
    cr_assert_eq(hev(h, 35)->x[20], 0x14u, "DCZID_EL0.DZP = 1 with SCTLR_EL1.DZE = 0");
    /* part B: every control set, nothing traps */
    cr_assert_eq(hev(h, 39)->x[21], 0x4u, "DZP = 0 with DZE = 1");
    /* part C: HCR_EL2.TGE = 1 routes the same traps to EL2 */
    const trap_spec part_c[] = {
        { 45, "c_ctr", 2, SYSREG_ISS(3, 3, 0, 0, 1, 0, 1) },
        { 47, "c_daifset", 2, SYSREG_ISS(0, 3, 4, 1, 6, 31, 0) },
        { 49, "c_zva", 2, SYSREG_ISS(1, 3, 7, 4, 1, 1, 0) },
        { 51, "c_ivau", 2, SYSREG_ISS(1, 3, 7, 5, 1, 1, 0) },
        { 53, "c_cntvct", 2, SYSREG_ISS(3, 3, 14, 0, 2, 0, 1) },
    };
    assert_traps(part_c, G_N_ELEMENTS(part_c), 0, 0x3c0, "stage_vectors", "el2_vectors");
    assert_exit(0);
}

/* CNTHCTL_EL2 for EL1 and EL0 with E2H = 0, CNTVOFF_EL2 at EL2 (timer_access.S) */
Test(timer, cnthctl_traps_el1_and_el0, .fini = teardown)
{
    h = run_image("timer_access.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:CNTVOFF_EL2 MSR:CNTHCTL_EL2 MSR:CNTKCTL_EL1 MSR:HCR_EL2 ERET "
               "SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET HVC MSR:CNTHCTL_EL2 ERET "
               "SYSREG-TRAP ERET HVC MSR:CNTHCTL_EL2 ERET ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SVC SEMIHOST "
               "STOP:semihosting-exit");
    cr_assert_eq(hev(h, 3)->old, 3u, "CNTHCTL_EL2 resets with EL1PCTEN and EL1PCEN set");
    const trap_spec el1[] = {
        { 7, "t_cntpct", 2, SYSREG_ISS(3, 3, 14, 0, 1, 0, 1) },     /* EL1PCTEN */
        { 9, "t_cntp_ctl", 2, SYSREG_ISS(3, 3, 14, 2, 1, 0, 1) },   /* EL1PCEN */
        { 11, "t_cntp_cval", 2, SYSREG_ISS(3, 3, 14, 2, 2, 31, 0) },
        { 13, "t_cntp_tval", 2, SYSREG_ISS(3, 3, 14, 2, 0, 0, 1) },
        { 18, "t_cntpct2", 2, SYSREG_ISS(3, 3, 14, 0, 1, 0, 1) },   /* EL1PCEN alone */
    };
    assert_traps(el1, G_N_ELEMENTS(el1), 1, 0x3c5, "el1_vectors", "el2x_vectors");
    const trap_spec el0[] = {
        { 24, "t_el0_cntpct", 2, SYSREG_ISS(3, 3, 14, 0, 1, 0, 1) },
        { 26, "t_el0_cntp_ctl", 2, SYSREG_ISS(3, 3, 14, 2, 1, 0, 1) },
    };
    assert_traps(el0, G_N_ELEMENTS(el0), 0, 0x3c0, "el1_vectors", "el2x_vectors");
    assert_exit(0);
}

/* HCR_EL2.TTLB/TSW/TPCP/TPU/TDZ with each instruction's ISS (hcr_sys_traps.S) */
Test(traps, hcr_traps_of_sys_instructions, .fini = teardown)
{
    h = run_image("hcr_sys_traps.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:SCTLR_EL1 MSR:HCR_EL2 ERET "
               "SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET "
               "SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET "
               "SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET UNDEF ERET "
               "HVC MSR:HCR_EL2 ERET TLBI HVC MSR:HCR_EL2 ERET ERET SYSREG-TRAP ERET SYSREG-TRAP ERET "
               "SYSREG-TRAP ERET SYSREG-TRAP ERET UNDEF ERET SVC SEMIHOST STOP:semihosting-exit");
    assert_msr(3, "HCR_EL2", 0x93c00000u);                /* RW TDZ TTLB TPU TPCP TSW */
    const trap_spec el1[] = {
        { 5, "t_tlbi_vmalle1", 2, SYSREG_ISS(1, 0, 8, 7, 0, 31, 0) },      /* TTLB */
        { 7, "t_tlbi_vae1", 2, SYSREG_ISS(1, 0, 8, 7, 1, 1, 0) },
        { 9, "t_tlbi_vmalle1is", 2, SYSREG_ISS(1, 0, 8, 3, 0, 31, 0) },
        { 11, "t_dc_isw", 2, SYSREG_ISS(1, 0, 7, 6, 2, 1, 0) },            /* TSW */
        { 13, "t_dc_csw", 2, SYSREG_ISS(1, 0, 7, 10, 2, 1, 0) },
        { 15, "t_dc_cisw", 2, SYSREG_ISS(1, 0, 7, 14, 2, 1, 0) },
        { 17, "t_dc_ivac", 2, SYSREG_ISS(1, 0, 7, 6, 1, 1, 0) },           /* TPCP */
        { 19, "t_dc_cvac", 2, SYSREG_ISS(1, 3, 7, 10, 1, 1, 0) },
        { 21, "t_dc_civac", 2, SYSREG_ISS(1, 3, 7, 14, 1, 1, 0) },
        { 23, "t_ic_iallu", 2, SYSREG_ISS(1, 0, 7, 5, 0, 31, 0) },         /* TPU */
        { 25, "t_ic_ialluis", 2, SYSREG_ISS(1, 0, 7, 1, 0, 31, 0) },
        { 27, "t_ic_ivau", 2, SYSREG_ISS(1, 3, 7, 5, 1, 1, 0) },
        { 29, "t_dc_cvau", 2, SYSREG_ISS(1, 3, 7, 11, 1, 1, 0) },
        { 31, "t_dc_zva", 2, SYSREG_ISS(1, 3, 7, 4, 1, 1, 0) },            /* TDZ */
    };
    assert_traps(el1, G_N_ELEMENTS(el1), 1, 0x3c5, "el1_vectors", "el2_vectors");
    cr_assert_eq(hev(h, 5)->esr, 0x621023eeu);
    /* TLBI ALLE2 at EL1: UNDEFINED, not trapped */
    assert_exc(33, EXC_UNDEF, 1, 1, ESR_UNDEF, sym("t_tlbi_alle2"), 0x600003c5, "el1_vectors", 0x200);
    /* without TTLB the TLBI runs, and traces record it (no operand: value 0) */
    const el2_event *t = hev(h, 38);
    cr_assert_eq(t->kind, EV_TLBI);
    cr_assert_eq(t->pc, sym("t_tlbi_untrapped"));
    cr_assert_eq(t->insn, 0xd508871fu);                  /* tlbi vmalle1 */
    cr_assert_eq(t->from_el, 1);
    cr_assert_eq(t->to_el, 1);
    cr_assert_eq(t->value, 0);
    /* EL0 with SCTLR_EL1.UCI and DZE set: TPU, TPCP, TDZ trap to EL2 */
    const trap_spec el0[] = {
        { 43, "t0_dc_cvau", 2, SYSREG_ISS(1, 3, 7, 11, 1, 1, 0) },
        { 45, "t0_ic_ivau", 2, SYSREG_ISS(1, 3, 7, 5, 1, 1, 0) },
        { 47, "t0_dc_civac", 2, SYSREG_ISS(1, 3, 7, 14, 1, 1, 0) },
        { 49, "t0_dc_zva", 2, SYSREG_ISS(1, 3, 7, 4, 1, 1, 0) },
    };
    assert_traps(el0, G_N_ELEMENTS(el0), 0, 0x3c0, "el1_vectors", "el2_vectors");
    assert_exc(51, EXC_UNDEF, 0, 1, ESR_UNDEF, sym("t0_dc_isw"), 0x3c0, "el1_vectors", 0x400);
    const el2_event *e = assert_exit(0);
    cr_assert_eq(e->x[20], 0x14u, "DCZID_EL0.DZP = 1 at EL0 with TDZ");
}

/* ---- returns to AArch32 (legality per IllegalExceptionReturn; AArch32 EL1/EL0 run: issue 21) ---- */

Test(eret, illegal_aarch32_targets, .fini = teardown)
{
    h = run_image("aarch32_return.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:HCR_EL2 ERET! ILLEGAL ERET MSR:HCR_EL2 ERET! ILLEGAL ERET ERET! ILLEGAL ERET SEMIHOST "
               "STOP:semihosting-exit");
    /* SVC mode with HCR_EL2.RW=1; Hyp mode with RW=0 (EL2 is AArch64); Monitor mode */
    assert_eret(2, 2, 2, 0x1d3, sym("t_svc"), true);
    assert_exc(3, EXC_ILLEGAL_STATE, 2, 2, 0x3a000000, sym("t_svc"), 0x1001c9, "el2_vectors", 0x200);
    assert_msr(5, "HCR_EL2", 0);
    assert_eret(6, 2, 2, 0x1da, sym("t_hyp"), true);
    assert_exc(7, EXC_ILLEGAL_STATE, 2, 2, 0x3a000000, sym("t_hyp"), 0x1001c9, "el2_vectors", 0x200);
    assert_eret(9, 2, 2, 0x1d6, sym("t_mon"), true);
    assert_exc(10, EXC_ILLEGAL_STATE, 2, 2, 0x3a000000, sym("t_mon"), 0x1001c9, "el2_vectors", 0x200);
    assert_exit(0);
}

/* AArch64 EL1 -> AArch32 User (legal on a CPU with AArch32 at EL0): the A32 WFI runs and,
 * SCTLR_EL1.nTWI being 0, traps to the AArch64 EL1 at VBAR_EL1 + 0x600 (AArch64.TakeException:
 * lower_32 = ELUsingAArch32(EL0)), EC 0x01 with CV = 1, COND = 0xE; the image has no EL1
 * vectors, so the fetch there faults and the run stops. el2sim used to stop at the ERET. */
Test(eret, legal_aarch32_el0_runs, .fini = teardown)
{
    h = run_image("aarch32_el0.elf", NULL);
    assert_seq("MSR:HCR_EL2 ERET ERET WFX-TRAP STOP:guest-fault");
    assert_eret(2, 1, 0, 0x1d0, sym("a32_code"), false);
    const el2_event *e = hev(h, 3);
    cr_assert_eq(e->exc, EXC_WFX_TRAP);
    cr_assert_eq(e->from_el, 0);
    cr_assert_eq(e->to_el, 1);
    cr_assert_eq(e->esr, 0x07e00000u);
    cr_assert_eq(e->elr, sym("a32_code"));
    cr_assert_eq(e->spsr, 0x1d0u);
    cr_assert_eq(e->target, 0x600u);
    cr_assert_eq(h->exit_code, EXIT_GUEST_FAULT);
}

/* With HCR_EL2.RW = 0 EL1 is AArch32 (Cortex-A57 implements it): an ERET from EL2 with
 * SPSR.M = System (0x1df) is a legal return to AArch32 EL1 (IllegalExceptionReturn,
 * ELFromM32), and the A32 WFI runs there: untrapped, with nothing to wake it, the run
 * stops (exit 5). el2sim used to take M[3:2] as an AArch64 EL, then stopped at the ERET. */
Test(eret, legal_aarch32_el1_runs, .fini = teardown)
{
    h = run_image("aarch32_el1.elf", NULL);
    assert_seq("MSR:HCR_EL2 ERET STOP:wfi");
    assert_eret(1, 2, 1, 0x1df, sym("a32_code"), false);
    cr_assert_eq(h->m->cpu->el, 1);
    cr_assert(h->m->cpu->aarch32);
    cr_assert_eq(h->exit_code, 5);
    cr_assert_str_eq(h->m->cpu->stop_msg, "EL1 executed WFI at a32_code with nothing to wake it (no interrupt "
                     "pending, no timer armed, no --irq to come): it would sleep forever");
}

/* Issue 21: an AArch32 EL1 and EL0 under the AArch64 EL2 (tests/images/a32_traps.inc).
 * Every exception comes to VBAR_EL2 + 0x600 with the CPSR as SPSR_EL2 and ELR_EL2 the
 * preferred return; the image checks R0, R9 and R2 in X0, X9 and X2 at EL2. */
static void assert_a32_traps(uint64_t el1, uint64_t el0, bool thumb)
{
    uint32_t t = thumb ? 0x20 : 0;
    unsigned wfi = thumb ? 2 : 4, svc = thumb ? 2 : 4;    /* (MOV R2 before the SVC: as long) */
    assert_seq("MSR:VBAR_EL2 MSR:HCR_EL2 ERET HVC ERET SYSREG-TRAP ERET SYSREG-TRAP ERET WFX-TRAP ERET HVC MSR:HCR_EL2 ERET SVC "
               "SEMIHOST STOP:semihosting-exit");
    assert_eret(2, 2, 1, 0x1d3 | t, el1, false);
    /* HVC #0x5a5: EC 0x12, ISS imm16; ELR the next instruction */
    assert_exc(3, EXC_HVC, 1, 2, 0x4a0005a5, el1 + 12, 0x1d3 | t, "el2_vectors", 0x600);
    /* MCR p15, 0, r0, c1, c0, 0 (SCTLR) with TVM: EC 0x03, CV 1, COND 0xE, CRn 1, write */
    assert_exc(5, EXC_SYSREG_TRAP, 1, 2, 0x0fe00400, el1 + 12, 0x1d3 | t, "el2_vectors", 0x600);
    /* MRC p15, 0, r1, c2, c0, 0 (TTBR0) with TRVM: CRn 2, Rt 1, read */
    assert_exc(7, EXC_SYSREG_TRAP, 1, 2, 0x0fe00821, el1 + 16, 0x1d3 | t, "el2_vectors", 0x600);
    /* WFI with TWI: EC 0x01, CV 1, COND 0xE, TI 0; IL 0 for the 16-bit T32 WFI */
    assert_exc(9, EXC_WFX_TRAP, 1, 2, thumb ? 0x05e00000 : 0x07e00000, el1 + 20, 0x1d3 | t, "el2_vectors", 0x600);
    assert_exc(11, EXC_HVC, 1, 2, 0x4a000001, el1 + 20 + wfi + 4, 0x1d3 | t, "el2_vectors", 0x600);
    assert_eret(13, 2, 0, 0x1d0 | t, el0, false);
    /* SVC at EL0 with HCR_EL2.TGE = 1: EC 0x11, ISS imm24<15:0> (A32) or imm8 (T32, IL 0) */
    assert_exc(14, EXC_SVC, 0, 2, thumb ? 0x44000042 : 0x46000042, el0 + 2 * svc, 0x1d0 | t, "el2_vectors",
               0x600);
    assert_exit(0);
}

Test(aarch32, a32_el1_el0_traps_to_el2, .fini = teardown)
{
    h = run_image("a32_traps.elf", NULL);
    assert_a32_traps(sym("guest"), sym("guest") + 0x100, false);
    cr_assert(strstr(hline(h, 5), "mcr p15, #0, r0, c1, c0, #0"), "%s", hline(h, 5));
    cr_assert(strstr(hline(h, 14), "svc #0x10042"), "%s", hline(h, 14));
}

Test(aarch32, t32_el1_el0_traps_to_el2, .fini = teardown)
{
    h = run_image("t32_traps.elf", NULL);
    assert_a32_traps(sym("guest") + 0x200, sym("guest") + 0x300, true);
    cr_assert(strstr(hline(h, 3), "hvc.w #0x5a5"), "%s", hline(h, 3));
    cr_assert(strstr(hline(h, 14), "svc #0x42"), "%s", hline(h, 14));
}

/* Issue 21: CP15/CP14 from an A32 EL1 (tests/images/a32_cp15.S, a32_cp15_guest.S).
 * Untrapped accesses reach the AArch64 registers they are mapped to (sysreg_a32.c: the
 * writes are events of the AArch64 register; the image checks the reads at EL2); the
 * traps carry the instruction's fields: EC 0x03 (TID3, HSTR_EL2.T9), 0x04 (HSTR_EL2.T7,
 * MRRC: Opc1, Rt2, Rt, CRm), 0x05 (MDCR_EL2.TDOSA, CP14), with CV 1 and the A32 cond
 * (0x0 for MRCEQ; the MRCNE that fails is not trapped), SMCEQ with TSC (0x13, COND 0),
 * WFE with TWE after the ERET's event is consumed (0x01, TI 1). */
Test(aarch32, a32_cp15_cp14_accesses_and_traps, .fini = teardown)
{
    h = run_image("a32_cp15.elf", NULL);
    uint64_t g = sym("guest");
    assert_seq("MSR:VBAR_EL2 MSR:HCR_EL2 MSR:HSTR_EL2 MSR:MDCR_EL2 MSR:VPIDR_EL2 MSR:FAR_EL1 ERET "
               "MSR:VBAR_EL1 MSR:TTBR0_EL1 MSR:DACR32_EL2 SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET "
               "SYSREG-TRAP ERET SYSREG-TRAP ERET SMC-TRAP ERET HVC ERET WFX-TRAP ERET MSR:TPIDR_EL1 HVC SEMIHOST "
               "STOP:semihosting-exit");
    cr_assert_eq(hev(h, 7)->value, 0x2000);
    cr_assert_eq(hev(h, 7)->pc, g + 0x8);
    /* events in AArch32 carry its mode and T (under the AArch64 EL2: marked, the line keeps
     * ELs) and disassemble as A32 (they showed ".inst 0xee0c1f10") */
    cr_assert_eq(hev(h, 7)->a32, 0x80 | EV_A32_UNDER_A64 | 0x13);
    cr_assert_eq(hev(h, 6)->a32, 0, "the ERET from the AArch64 EL2");
    cr_assert(strstr(hline(h, 7), "MSR         EL1       guest+0x8                    mcr p15, #0, r1, c12, c0, #0 "
                                  "VBAR_EL1 = 0x2000  [was 0x0]"), "%s", hline(h, 7));
    cr_assert_eq(hev(h, 8)->value, 0x0001000040004000ULL);
    cr_assert_eq(hev(h, 9)->value, 0x5555);
    /* MRC p15, 0, r3, c0, c1, 0 (ID_PFR0) with TID3: Opc2 0, Opc1 0, CRn 0, Rt 3, CRm 1, read */
    assert_exc(10, EXC_SYSREG_TRAP, 1, 2, 0x0fe00063, g + 0x30, 0x1d3, "el2_vectors", 0x600);
    /* MCR p15, 0, r0, c9, c12, 0 (PMCR) with HSTR_EL2.T9: CRn 9, CRm 12, write */
    assert_exc(12, EXC_SYSREG_TRAP, 1, 2, 0x0fe02418, g + 0x34, 0x1d3, "el2_vectors", 0x600);
    /* MRRC p15, 0, r10, r11, c7 (PAR) with HSTR_EL2.T7: EC 0x04, Rt2 11, Rt 10, CRm 7, read */
    assert_exc(14, EXC_SYSREG_TRAP, 1, 2, 0x13e02d4f, g + 0x38, 0x1d3, "el2_vectors", 0x600);
    /* MRC p14, 0, r12, c1, c1, 4 (DBGOSLSR) with MDCR_EL2.TDOSA: EC 0x05 */
    assert_exc(16, EXC_SYSREG_TRAP, 1, 2, 0x17e80583, g + 0x3c, 0x1d3, "el2_vectors", 0x600);
    /* MRCEQ p15, 0, r3, c0, c1, 1 (ID_PFR1): CV 1, COND 0x0; SPSR with Z, C */
    assert_exc(18, EXC_SYSREG_TRAP, 1, 2, 0x0f020063, g + 0x44, 0x600001d3, "el2_vectors", 0x600);
    /* SMCEQ #0 with TSC: EC 0x13, CV 1, COND 0x0; preferred return the SMC */
    assert_exc(20, EXC_SMC_TRAP, 1, 2, 0x4f000000, g + 0x4c, 0x600001d3, "el2_vectors", 0x600);
    assert_exc(22, EXC_HVC, 1, 2, 0x4a000002, g + 0x54, 0x600001d3, "el2_vectors", 0x600);
    /* the second WFE with TWE: EC 0x01, CV 1, COND 0xE, TI 1 */
    assert_exc(24, EXC_WFX_TRAP, 1, 2, 0x07e00001, g + 0x58, 0x600001d3, "el2_vectors", 0x600);
    /* MCR/MRC of TPIDRURW and TPIDRURO reach the engine's TPIDR_EL0/TPIDRRO_EL0 (the image
     * checks R5, R6 and MRS of both at EL2: exit 108/109 when the MRC read 0, as it did);
     * TPIDRPRW is TPIDR_EL1 */
    cr_assert_eq(hev(h, 26)->value, 0x1234567a);
    cr_assert_eq(cpu_x(h->m->cpu, 5), 0x12345678);
    cr_assert_eq(cpu_x(h->m->cpu, 6), 0x12345679);
    cr_assert_eq(cpu_x(h->m->cpu, 7), 0x1234567a);
    assert_exit(0);
}

/* Issue 21: exceptions taken to an AArch32 EL1 (HCR_EL2.TGE = 0; tests/images/a32_el1_exc.S,
 * a32_el1_exc_guest.S) per AArch32.TakeException / AArch32.EnterMode: SVC to Supervisor
 * mode at VBAR + 0x08 (LR the next instruction), UDF and an unmodelled MRC to Undefined
 * mode at VBAR + 0x04 (LR + 4), from EL1 and from EL0; SPSR the CPSR; the handlers'
 * MOVS PC, LR are ERET events (to EL0 when the SPSR says User mode). The image's EL2
 * checks R14_svc (X18), R14_und (X22), SPSR_und and the handlers' results. QEMU 7.2 runs
 * the image with the same exceptions and exit 0 (its log cannot be imported: see
 * qemu_diff_excluded). */
Test(aarch32, a32_el1_takes_svc_undefined_and_bkpt, .fini = teardown)
{
    h = run_image("a32_el1_exc.elf", NULL);
    uint64_t g = sym("guest");
    assert_seq("MSR:VBAR_EL2 MSR:HCR_EL2 MSR:VBAR_EL1 ERET SVC ERET UNDEF ERET UNDEF ERET BRK ERET ERET UNDEF ERET "
               "SVC HVC SEMIHOST STOP:semihosting-exit");
    assert_eret(3, 2, 1, 0x1d3, g + 0x20, false);
    const el2_event *svc = assert_exc(4, EXC_SVC, 1, 1, 0, g + 0x2c, 0x1d3, "guest", 0x08);
    cr_assert_eq(svc->sp, 0x8000, "the SP of Supervisor mode, R13_svc");
    /* no syndrome register at an AArch32 EL1: the line says the mode entered (it printed
     * "ESR 0x00000000 UNKNOWN"), in the same columns */
    cr_assert(strstr(hline(h, 4), "svc #0x21              SVC mode, no ESR        ELR guest+0x2c  SPSR 0x1d3  -> "
                                  "guest+0x8"), "%s", hline(h, 4));
    cr_assert(strstr(hline(h, 6), "UND mode, no ESR        ELR guest+0x2c"), "%s", hline(h, 6));
    assert_eret(5, 1, 1, 0x1d3, g + 0x2c, false);
    cr_assert(strstr(hline(h, 5), "ERET        EL1->EL1  guest+0x6c                   movs pc, lr            SPSR 0x1d3"),
              "%s", hline(h, 5));
    assert_exc(6, EXC_UNDEF, 1, 1, 0, g + 0x2c, 0x1d3, "guest", 0x04);
    assert_eret(7, 1, 1, 0x1d3, g + 0x30, false);
    /* MRC p15, 0, r1, c15, c0, 0: el2sim does not model it: UNDEFINED, and noted */
    assert_exc(8, EXC_UNDEF, 1, 1, 0, g + 0x30, 0x1d3, "guest", 0x04);
    cr_assert_eq(GPOINTER_TO_INT(g_hash_table_lookup(h->m->cpu->unmodelled, "p15, 0, c15, c0, 0 (AArch32)")), 1);
    assert_eret(9, 1, 1, 0x1d3, g + 0x34, false);
    /* BKPT #0x1234: a Prefetch Abort to Abort mode (+0x0c), IFSR (IFSR32_EL2) FS 0b00010 */
    assert_exc(10, EXC_BRK, 1, 1, 0, g + 0x34, 0x1d3, "guest", 0x0c);
    cr_assert_eq(h->m->cpu->sr[SR_IFSR32_EL2], 0x2);
    assert_eret(11, 1, 1, 0x1d3, g + 0x38, false);
    assert_eret(12, 1, 0, 0x10, g + 0x48, false);
    assert_exc(13, EXC_UNDEF, 0, 1, 0, g + 0x4c, 0x10, "guest", 0x04);
    assert_eret(14, 1, 0, 0x10, g + 0x50, false);
    assert_exc(15, EXC_SVC, 0, 1, 0, g + 0x54, 0x10, "guest", 0x08);
    /* the SVC handler's HVC, in Supervisor mode with I set (A, F as EL0 had them: clear);
     * the event's SP is R13_svc, not the EL2 SP */
    const el2_event *hvc = assert_exc(16, EXC_HVC, 1, 2, 0x4a000001, g + 0x6c, 0x60000093, "el2_vectors", 0x600);
    cr_assert_eq(hvc->sp, 0x8000);
    assert_exit(0);
}

/* CPTR_EL2.TFP traps AArch64 SIMD&FP (a64_fp.c; AArch64.CheckFPAdvSIMDTrap): FMOV (in a
 * block that ran untrapped before TFP was set: learned again), LDR Q, ADD (vector), MSR
 * FPCR and MRS FPSR from EL1 and an FMOV at EL2 itself take EC 0x07 to EL2, ESR 0x1fe00000
 * (CV 1, COND 0xE), ELR the instruction; with TFP clear they run. Before a64_fp.c none
 * trapped. QEMU 7.2 agrees (differential, both pairs). */
Test(fp, cptr_el2_tfp_traps_aarch64_simd_and_fp, .fini = teardown)
{
    h = run_image("a64_fptrap.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:HCR_EL2 MSR:CPACR_EL1 ERET HVC MSR:CPTR_EL2 ERET SYSREG-TRAP ERET SYSREG-TRAP ERET "
               "SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET HVC SYSREG-TRAP ERET MSR:CPTR_EL2 SEMIHOST "
               "STOP:semihosting-exit");
    static const char *const at[] = { "fp_sub", "el1_ldr", "el1_add", "el1_msr", "el1_mrs" };
    for (unsigned k = 0; k < 5; k++) {
        const el2_event *e = assert_exc(7 + 2 * k, EXC_SYSREG_TRAP, 1, 2, 0x1fe00000, sym(at[k]), 0x3c5,
                                        "el2_vectors", 0x400);
        cr_assert_eq(e->pc, sym(at[k]));
    }
    assert_exc(18, EXC_SYSREG_TRAP, 2, 2, 0x1fe00000, sym("el2_fmov"), 0x600003c9, "el2_vectors", 0x200);
    assert_exit(0);
}

/* FP/Advanced SIMD access controls of an A32 EL1/EL0 under the AArch64 EL2 (a32_fp.c;
 * AArch32.CheckAdvSIMDOrFPEnabled, AArch64.CheckFPAdvSIMDTrap): CPACR and FPEXC enabled,
 * VMSR/VMRS FPEXC and VMRS MVFR0 are el2sim's; HCR_EL2.TID3/TID0 trap VMRS MVFR1/FPSID
 * (EC 0x08); with CPTR_EL2.TFP VADD, VLDR, VMRS FPSCR,
 * VMRS FPEXC and VADD.I32 trap with EC 0x07 (CV 1, COND 0xE), VADDNE failing its condition
 * does not; at EL0 with CPACR.cp10 = 0b01 and TGE, VADD and VMRS FPEXC are UNDEFINED to EL2
 * (EC 0x00); a VADDEQ that passes reports COND 0x0. Before a32_fp.c the engine's own
 * FPEXC.EN (reset 0, uc_facts.h F28) made every one of them UNDEFINED, the enabling
 * VMSR FPEXC included, and no EC 0x07 trap was ever taken. */
Test(aarch32, a32_fp_traps, .fini = teardown)
{
    h = run_image("a32_fptrap.elf", NULL);
    uint64_t g = sym("guest");
    assert_seq("MSR:VBAR_EL2 MSR:HCR_EL2 ERET MSR:CPACR_EL1 MSR:FPEXC32_EL2 HVC MSR:HCR_EL2 ERET SYSREG-TRAP "
               "ERET SYSREG-TRAP ERET HVC MSR:HCR_EL2 MSR:CPTR_EL2 ERET SYSREG-TRAP ERET "
               "SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET SYSREG-TRAP ERET "
               "MSR:CPACR_EL1 HVC MSR:CPTR_EL2 MSR:HCR_EL2 ERET UNDEF ERET UNDEF ERET SVC MSR:CPTR_EL2 "
               "MSR:HCR_EL2 ERET SYSREG-TRAP ERET HVC SEMIHOST STOP:semihosting-exit");
    cr_assert_eq(hev(h, 4)->value, 0x40000700, "FPEXC32_EL2: EN written, VECITR RES1");
    /* VMRS r5, mvfr1 (TID3) and VMRS r4, fpsid (TID0): EC 0x08, the ISS of MRC p10, 7,
     * Rt, c<reg>, c0, 0 */
    assert_exc(8, EXC_SYSREG_TRAP, 1, 2, 0x23e1d8a1, g + 0x2c, 0x1d3, "el2_vectors", 0x600);
    assert_exc(10, EXC_SYSREG_TRAP, 1, 2, 0x23e1c081, g + 0x30, 0x1d3, "el2_vectors", 0x600);
    /* fp_sub's VADD ran untrapped at 0x24's call (no event); with TFP its block is learned
     * again with the hook and traps (a32_fp_sync at the ERET) */
    static const uint32_t at[] = { 0xf0, 0x3c, 0x40, 0x44, 0x48, 0x4c };
    for (unsigned k = 0; k < 6; k++) {
        const el2_event *e = assert_exc(16 + 2 * k, EXC_SYSREG_TRAP, 1, 2, 0x1fe00000, g + at[k], 0x1d3,
                                        "el2_vectors", 0x600);
        cr_assert_eq(e->pc, g + at[k]);
    }
    assert_eret(27, 2, 1, 0x1d3, g + 0x50, false);       /* past VADD.I32: then MOVS, VADDNE (a NOP) */
    assert_exc(29, EXC_HVC, 1, 2, 0x4a000002, g + 0x68, 0x400001d3, "el2_vectors", 0x600);
    assert_exc(33, EXC_UNDEF, 0, 2, 0x02000000, g + 0x100, 0x1d0, "el2_vectors", 0x600);
    assert_exc(35, EXC_UNDEF, 0, 2, 0x02000000, g + 0x104, 0x1d0, "el2_vectors", 0x600);
    assert_exc(41, EXC_SYSREG_TRAP, 1, 2, 0x1f000000, g + 0x180, 0x400001d3, "el2_vectors", 0x600);
    assert_exit(0);
    cr_assert_eq(h->m->cpu->sr[SR_FPEXC32_EL2], 0x40000700);
}

/* CPACR.cp10 = 0b00 (VMRS FPEXC), FPEXC.EN = 0 (VADD) and CPACR.ASEDIS (VADD.I32) make FP
 * UNDEFINED at an AArch32 EL1: Undefined mode, VBAR + 0x04, LR the instruction + 4
 * (AArch32.TakeUndefInstrException); VMRS FPEXC is not affected by FPEXC.EN, VMOV with
 * ASEDIS is floating-point and runs. */
Test(aarch32, a32_fp_undefined_at_el1, .fini = teardown)
{
    h = run_image("a32_fpundef.elf", NULL);
    uint64_t g = sym("guest");
    assert_seq("MSR:VBAR_EL2 MSR:HCR_EL2 ERET MSR:VBAR_EL1 UNDEF ERET MSR:CPACR_EL1 UNDEF ERET MSR:CPACR_EL1 "
               "MSR:FPEXC32_EL2 UNDEF ERET HVC SEMIHOST STOP:semihosting-exit");
    static const struct { guint i; uint32_t at; } und[] = { { 4, 0x20c }, { 7, 0x21c }, { 11, 0x240 } };
    for (unsigned k = 0; k < 3; k++) {
        const el2_event *e = hev(h, und[k].i);
        cr_assert_eq(e->kind, EV_EXC, "%s", hline(h, und[k].i));
        cr_assert_eq(e->exc, EXC_UNDEF);
        cr_assert_eq(e->from_el, 1);
        cr_assert_eq(e->to_el, 1);
        cr_assert_eq(e->esr, 0);
        cr_assert_eq(e->elr, g + und[k].at, "%s", hline(h, und[k].i));
        cr_assert_eq(e->spsr, 0x1d3);
        cr_assert_eq(e->vector_off, 0x04);
        cr_assert_eq(e->target, g + 0x264, "VBAR (el1_vectors, guest + 0x260) + 0x04: %s", hline(h, und[k].i));
        assert_eret(und[k].i + 1, 1, 1, 0x1d3, g + und[k].at + 4, false);   /* MOVS PC, LR: LR = + 4 */
    }
    assert_exc(13, EXC_HVC, 1, 2, 0x4a000005, g + 0x248, 0x1d3, "el2_vectors", 0x600);
    assert_exit(0);
}

/* Issue 21: memory aborts from an AArch32 EL1 and EL0 (tests/images/a32_aborts.S,
 * a32_aborts_guest.S). HCR_EL2.TGE = 0: the EL1's Data Aborts go to its Abort mode
 * (AArch32.TakeDataAbortException: VBAR + 0x10, LR_abt = the instruction + 8, DFSR in the
 * short-descriptor format, DFAR), External aborts at 0x50000000 (FS 0b01000, WnR for the
 * store), Alignment faults (FS 0b00001) of a misaligned LDR to Device memory (MMU off),
 * LDREX and LDM; its fetch from 0x50000000 a Prefetch Abort (VBAR + 0x0C, LR_abt = 0x50000004,
 * IFSR/IFAR); with TTBCR.EAE the long-descriptor DFSR (LPAE, STATUS 0x10). At EL0 with TGE
 * = 1 they go to EL2 (VBAR_EL2 + 0x600): EC 0x24, IL 1, ISV 0, DFSC 0x10/0x21, WnR, FAR_EL2 =
 * the 32-bit address, ELR_EL2 the instruction. Before, the run stopped at the first one
 * ("aborts from AArch32 are not modelled yet", exit 125). The image checks the guest's
 * log of DFSR/DFAR/LR_abt and EL2's of ESR/FAR/ELR (exit 0). */
Test(aarch32, a32_aborts, .fini = teardown)
{
    h = run_image("a32_aborts.elf", NULL);
    uint64_t g = sym("guest");
    assert_seq("MSR:VBAR_EL2 MSR:HCR_EL2 MSR:VBAR_EL1 MSR:TPIDR_EL2 ERET DABORT ERET DABORT ERET DABORT ERET DABORT ERET "
               "DABORT ERET IABORT ERET MSR:TCR_EL1 DABORT ERET HVC MSR:HCR_EL2 ERET DABORT MSR:TPIDR_EL2 ERET DABORT "
               "MSR:TPIDR_EL2 ERET DABORT MSR:TPIDR_EL2 ERET SVC SEMIHOST STOP:semihosting-exit");
    static const struct { guint ev; unsigned off; } dabt[] = { { 5, 0x38 }, { 7, 0x3c }, { 9, 0x40 }, { 11, 0x44 },
                                                               { 13, 0x48 }, { 18, 0x60 } };
    for (size_t i = 0; i < G_N_ELEMENTS(dabt); i++) {
        assert_exc(dabt[i].ev, EXC_DATA_ABORT, 1, 1, 0, g + dabt[i].off, 0x1d3, "guest", 0x10);
        assert_eret(dabt[i].ev + 1, 1, 1, 0x1d3, g + dabt[i].off + 4, false);
    }
    assert_exc(15, EXC_INSN_ABORT, 1, 1, 0, 0x50000000, 0x1d3, "guest", 0x0c);
    assert_eret(16, 1, 1, 0x1d3, g + 0x54, false);
    /* the last Abort-mode entry's registers: DFSR (ESR_EL1) long-descriptor, DFAR
     * (FAR_EL1<31:0>), IFAR (FAR_EL1<63:32>) from the fetch, IFSR, LR_abt (X20) */
    cr_assert_eq(h->m->cpu->sr[SR_ESR_EL1], 0xa10);
    cr_assert_eq(h->m->cpu->sr[SR_FAR_EL1], 0x5000000050000008ull);
    cr_assert_eq(h->m->cpu->sr[SR_IFSR32_EL2], 0x8);
    cr_assert_eq(h->m->cpu->sr[SR_SPSR_ABT], 0x1d3);
    const el2_event *e = assert_exc(23, EXC_DATA_ABORT, 0, 2, 0x92000010, g + 0x6c, 0x10, "el2_vectors", 0x600);
    cr_assert_eq(e->far, 0x50000000u);
    e = assert_exc(26, EXC_DATA_ABORT, 0, 2, 0x92000021, g + 0x70, 0x10, "el2_vectors", 0x600);
    cr_assert_eq(e->far, g + 0xb1);
    e = assert_exc(29, EXC_DATA_ABORT, 0, 2, 0x92000050, g + 0x74, 0x10, "el2_vectors", 0x600);
    cr_assert_eq(e->far, 0x5000000cu);
    assert_exit(0);
}

/* T32 instructions el2sim traps or completes itself inside IT blocks (tests/images/a32_it.S,
 * a32_it_guest.S; uc_facts.h F23): a trap carries the instruction's own ITSTATE in SPSR.IT
 * (CPSR<15:10> = IT<7:2>, CPSR<26:25> = IT<1:0>) and its condition in COND (CV 1;
 * ITSTATE<7:4>, AArch32.CurrentCond), ELR the instruction; the EL2 handler's ERET with
 * the ITSTATE advanced goes on inside the IT block (the MRCNE of the ITE EQ block is not
 * executed, not trapped); an MCR and a WFE el2sim completes leave the advanced ITSTATE,
 * so that the conditional instructions after them run or not by their own conditions
 * (R2, R4, R5 at the HVC). Without F23's handling the run stopped at guest+0x6 (exit 125). */
Test(aarch32, t32_it_block_traps_and_completions, .fini = teardown)
{
    h = run_image("a32_it.elf", NULL);
    uint64_t g = sym("guest");
    assert_seq("MSR:VBAR_EL2 MSR:HCR_EL2 ERET SYSREG-TRAP ERET MSR:CONTEXTIDR_EL1 SYSREG-TRAP ERET WFX-TRAP ERET "
               "SMC-TRAP ERET HVC SEMIHOST STOP:semihosting-exit");
    /* IT AL; MRC p15, 0, r3, c0, c1, 0 (TID3): COND 0xE, ITSTATE 0xe8 (CPSR 0xe800) */
    assert_exc(3, EXC_SYSREG_TRAP, 1, 2, 0x0fe00063, g + 0x6, 0x6000e9f3, "el2_vectors", 0x600);
    assert_eret(4, 2, 1, 0x600001f3, g + 0xa, false);
    /* ITETE NE; MCRNE p15, 0, r1, c13, c0, 1: completed by el2sim (CONTEXTIDR) */
    cr_assert_eq(hev(h, 5)->pc, g + 0x16);
    cr_assert_eq(hev(h, 5)->value, 0x55);
    /* ITE EQ; MRCEQ: COND 0x0 (EQ), ITSTATE 0x0c (CPSR 0x0c00); the ERET with ITSTATE
     * 0x18 (NE, last) lands on the MRCNE, which is skipped */
    assert_exc(6, EXC_SYSREG_TRAP, 1, 2, 0x0f000063, g + 0x2e, 0x60000df3, "el2_vectors", 0x600);
    assert_eret(7, 2, 1, 0x600019f3, g + 0x32, false);
    /* IT EQ; WFIEQ with TWI: EC 0x01, 16-bit (IL 0), CV 1, COND 0x0, ITSTATE 0x08 */
    assert_exc(8, EXC_WFX_TRAP, 1, 2, 0x05000000, g + 0x38, 0x600009f3, "el2_vectors", 0x600);
    assert_eret(9, 2, 1, 0x600001f3, g + 0x3a, false);
    /* ITT EQ; MOVEQ; SMCEQ with TSC: EC 0x13, COND 0x0, the SMC's ITSTATE 0x08 (not advanced) */
    assert_exc(10, EXC_SMC_TRAP, 1, 2, 0x4f000000, g + 0x40, 0x600009f3, "el2_vectors", 0x600);
    assert_eret(11, 2, 1, 0x600001f3, g + 0x44, false);
    const el2_event *hvc = assert_exc(12, EXC_HVC, 1, 2, 0x4a000004, g + 0x48, 0x600001f3, "el2_vectors", 0x600);
    cr_assert_eq(hvc->x[2], 0, "MOVEQ after the MCRNE: skipped");
    cr_assert_eq(hvc->x[4], 7, "ADDNE after the MCRNE ran, ADDEQ after the WFENE did not");
    cr_assert_eq(hvc->x[5], 0, "MOVEQ last in the ITETE block: skipped");
    cr_assert_eq(hvc->x[6], 0x55, "MRC of CONTEXTIDR");
    cr_assert_eq(hvc->x[9], 3, "MOVEQ before the SMCEQ ran");
    assert_exit(0);
}

/* With the MMU off, misaligned LDR/STR/LDP take Alignment faults (DFSC 0x21) at the
 * right EL with FAR = the address and ELR = the access; byte and aligned accesses do
 * not (Arm ARM B2.5.2). QEMU 7.2 does not model this, so the image is not in the
 * differential test. */
Test(align, mmu_off_misaligned_accesses_fault, .fini = teardown)
{
    g_autofree char *img = image_path("align_paths.elf");
    h = harness_run(img, NULL);
    cr_assert_null(h->error, "%s", h->error);
    uint64_t buf;
    cr_assert(symtab_lookup(h->m->syms, "buffer", &buf));
    static const struct { const char *sym; uint32_t esr; unsigned off; unsigned el; } want[] = {
        { "misaligned_ldr", 0x96000021, 4, 2 },
        { "misaligned_str", 0x96000061, 2, 2 },   /* WnR: a store */
        { "misaligned_ldp", 0x96000021, 4, 2 },
        { "misaligned_ldrh_el1", 0x96000021, 1, 1 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(want); i++) {
        int k = hfind(h, EV_EXC, (int)i);
        cr_assert_geq(k, 0, "abort %u missing", i);
        const el2_event *e = hev(h, (guint)k);
        uint64_t pc;
        cr_assert(symtab_lookup(h->m->syms, want[i].sym, &pc));
        cr_assert_eq(e->exc, EXC_DATA_ABORT, "%s", hline(h, (guint)k));
        cr_assert_eq(e->esr, want[i].esr, "%s", hline(h, (guint)k));
        cr_assert_eq(e->pc, pc);
        cr_assert_eq(e->elr, pc);
        cr_assert_eq(e->far, buf + want[i].off);
        cr_assert_eq(e->from_el, want[i].el);
        cr_assert_eq(e->to_el, want[i].el);
    }
    unsigned aborts = 0;
    for (guint i = 0; i < h->ev->len; i++)
        aborts += hev(h, i)->kind == EV_EXC && hev(h, i)->exc == EXC_DATA_ABORT;
    cr_assert_eq(aborts, 4, "byte and aligned accesses do not fault");
    cr_assert_eq(h->exit_code, 0, "the image counted its faults itself");
}

/* Accesses whose addresses the engine predicts at the block's start (align_block.c) and
 * ones it cannot: each misaligned one faults at itself, after the instructions before it
 * in its block ran (x21), with the FAR of the address it would have accessed: a base
 * loaded in the block, a writeback chain (pre-index, post-index), ADD/SUB/MOV/MOVZ,
 * a register offset, a literal-loaded base, the same instruction aligned on one pass and
 * misaligned on the next (also after three aligned passes, by its index: the block hook's
 * memo of a plan that found every access aligned), an index written by code patched later
 * in the same block. Each
 * case's block starts with its registers aligned: a tracker that lost track of what the
 * block does to them would predict "aligned" and the fault would be missed. */
Test(align, predicted_accesses_fault_where_they_run, .fini = teardown)
{
    g_autofree char *img = image_path("align_predict.elf");
    h = harness_run(img, NULL);
    cr_assert_null(h->error, "%s", h->error);
    uint64_t buf;
    cr_assert(symtab_lookup(h->m->syms, "buffer", &buf));
    static const struct { const char *sym; unsigned off; } want[] = {
        { "loaded_base", 3 }, { "chain_post", 6 }, { "chain_pre", 6 }, { "add_chain", 2 },
        { "reg_offset", 6 }, { "literal_base", 5 }, { "loop_access", 4 }, { "memo_index", 2 },
        { "misaligned_final", 9 },
    };
    unsigned aborts = 0;
    for (guint i = 0; i < h->ev->len; i++) {
        const el2_event *e = hev(h, i);
        if (e->kind != EV_EXC || e->exc == EXC_SEMIHOST)
            continue;
        cr_assert_lt(aborts, G_N_ELEMENTS(want), "extra exception: %s", hline(h, i));
        uint64_t pc;
        cr_assert(symtab_lookup(h->m->syms, want[aborts].sym, &pc));
        cr_assert_eq(e->exc, EXC_DATA_ABORT, "%s", hline(h, i));
        cr_assert_eq(e->esr, 0x96000021u, "%s", hline(h, i));
        cr_assert_eq(e->pc, pc, "%s: %s", want[aborts].sym, hline(h, i));
        cr_assert_eq(e->far, buf + want[aborts].off, "%s", hline(h, i));
        aborts++;
    }
    cr_assert_eq(aborts, G_N_ELEMENTS(want));
    cr_assert_eq(h->exit_code, 0, "the image counted its faults and saw its registers");
}

/* --no-alignment-faults lets misaligned accesses complete, as QEMU 7.2 does: the image
 * then sees none of its faults and takes its failure exit. */
Test(align, no_alignment_faults_option, .fini = teardown)
{
    g_autofree char *img = image_path("align_paths.elf");
    h = harness_run(img, (const char *[]){ "--no-alignment-faults", NULL });
    cr_assert_null(h->error, "%s", h->error);
    for (guint i = 0; i < h->ev->len; i++)
        cr_assert_neq(hev(h, i)->exc == EXC_DATA_ABORT && hev(h, i)->kind == EV_EXC, true, "%s", hline(h, i));
    cr_assert_eq(h->exit_code, 1);
}

/* uc_facts.h F17: on Debian 12's Unicorn 2.0.1 the engine's TLB fill is wrapped, so
 * that guest stores leave its slow path; every store to a page with code still reaches
 * el2sim (smc_mixed: its loop stores its counter 1000 times on its own code page, and
 * it patches an instruction of its own block twice), every fill finds its entry, and the run is the same
 * with write hooks instead (EL2SIM_WRITE_HOOKS=1) and through the register API. */
Test(engine, tlb_fill_wrapped, .fini = teardown)
{
    g_unsetenv("EL2SIM_ENGINE_API");      /* the suite may run with it set */
    g_autofree char *img = image_path("smc_mixed.elf");
    harness *w[3];
    el2_engine_info info[3];
    for (int k = 0; k < 3; k++) {
        if (k == 1)
            g_setenv("EL2SIM_ENGINE_API", "1", TRUE);
        if (k == 2)
            g_setenv("EL2SIM_WRITE_HOOKS", "1", TRUE);
        w[k] = harness_run(img, NULL);
        g_unsetenv("EL2SIM_ENGINE_API");
        g_unsetenv("EL2SIM_WRITE_HOOKS");
        cr_assert_null(w[k]->error, "%s", w[k]->error);
        cr_assert_eq(w[k]->exit_code, 0);
        engine_info(w[k]->m->eng, &info[k]);
    }
    for (int k = 0; k < 2; k++) {
        cr_assert(info[k].tlb_wrapped, "the TLB fill was not wrapped: %s", info[k].tlb_why);
        cr_assert_null(info[k].tlb_why);
        /* 1000 + 2 patches, each seen twice: the engine stops its block at a store over
         * the block itself and runs the store again alone (notdirty_write) */
        cr_assert_eq(info[k].code_stores, 1004, "%llu", (unsigned long long)info[k].code_stores);
        cr_assert_gt(info[k].tlb_fills, 0);
        cr_assert_eq(info[k].tlb_lost, 0);
    }
    cr_assert_not(info[2].tlb_wrapped);
    cr_assert_str_eq(info[2].tlb_why, "EL2SIM_WRITE_HOOKS is set");
    cr_assert_eq(info[2].code_stores, 0);
    for (int k = 1; k < 3; k++) {
        cr_assert_eq(w[0]->lines->len, w[k]->lines->len);
        for (guint i = 0; i < w[0]->lines->len; i++)
            cr_assert_str_eq(hline(w[0], i), hline(w[k], i));
    }
    for (int k = 0; k < 3; k++)
        harness_free(w[k]);
}

/* ucfast: on Debian 12's Unicorn 2.0.1 el2sim reaches the engine's registers directly
 * (the speed of every HVC depends on it); EL2SIM_ENGINE_API=1 makes it use the API. */
Test(engine, direct_registers_attach, .fini = teardown)
{
    g_unsetenv("EL2SIM_ENGINE_API");      /* the suite may run with it set */
    g_autofree char *img = image_path("smoke.elf");
    h = harness_run(img, NULL);
    cr_assert_null(h->error, "%s", h->error);
    el2_engine_info info;
    engine_info(h->m->eng, &info);
    cr_assert(info.direct_regs, "ucfast declined: %s", info.direct_why);
    cr_assert_null(info.direct_why);
    cr_assert(info.pmu_hooks_dropped, "the engine's PMU hooks stayed on: %s", info.pmu_hooks_why);
    cr_assert_null(info.pmu_hooks_why);
    harness_free(h);
    g_setenv("EL2SIM_ENGINE_API", "1", TRUE);
    h = harness_run(img, NULL);
    g_unsetenv("EL2SIM_ENGINE_API");
    engine_info(h->m->eng, &info);
    cr_assert_not(info.direct_regs);
    cr_assert_str_eq(info.direct_why, "EL2SIM_ENGINE_API is set");
    cr_assert_not(info.pmu_hooks_dropped);
    cr_assert_eq(h->ev->len, 9);
}

/* An ERET closing a block with no other special instruction runs with no code hook
 * (exception_return_arm, _settle); every exception path gives the same events,
 * registers, cycles and stop as with a code hook on every ERET (EL2SIM_ERET_HOOKS=1),
 * through ucfast and through the API. */
Test(engine, unhooked_erets_agree_with_hooked, .fini = teardown)
{
    static const char *images[] = {
        "smoke.elf", "hvc_paths.elf", "svc_paths.elf", "smc_firmware.elf", "smc_smccc.elf", "smc_trap.elf",
        "brk_undef.elf", "illegal_return.elf", "sp_banking.elf", "pc_align.elf", "sysreg_traps.elf",
        "el0_sysregs.elf", "abort_paths.elf", "align_paths.elf", "align_predict.elf", "aarch32_return.elf", "aarch32_el0.elf",
        "wfi_stop.elf", "smc_patch.elf", "smc_mixed.elf", "abort_novector.elf", "abort_stuck.elf", "sp_align.elf", "simd_align.elf",
        "eret_interrupted.elf", "addr_faults.elf", "private_page.elf", "pc_align_far.elf",
        "illegal_priority.elf", "wfi_traps.elf", "wfe_traps.elf", "spsel_el0.elf",
        "pstate_ext.elf", "undef_loop.elf", "aarch32_el1.elf",
    };
    uint64_t direct_total = 0;
    for (int api = 0; api < 2; api++)
        for (unsigned i = 0; i < G_N_ELEMENTS(images); i++) {
            g_autofree char *img = image_path(images[i]);
            if (api)
                g_setenv("EL2SIM_ENGINE_API", "1", TRUE);
            else
                g_unsetenv("EL2SIM_ENGINE_API");
            harness *d = harness_run(img, NULL);
            g_setenv("EL2SIM_ERET_HOOKS", "1", TRUE);
            harness *k = harness_run(img, NULL);
            g_unsetenv("EL2SIM_ERET_HOOKS");
            g_unsetenv("EL2SIM_ENGINE_API");
            cr_assert_null(d->error, "%s: %s", images[i], d->error);
            cr_assert_eq(erets(k, true), 0, "%s", images[i]);
            direct_total += erets(d, true);
            cr_assert_eq(d->lines->len, k->lines->len, "%s: %u events unhooked, %u hooked", images[i],
                         d->lines->len, k->lines->len);
            for (guint n = 0; n < d->lines->len; n++) {
                cr_assert_str_eq(hline(d, n), hline(k, n), "%s event %u", images[i], n);
                const el2_event *a = hev(d, n), *b = hev(k, n);
                cr_assert(!memcmp(a->x, b->x, sizeof a->x) && a->sp == b->sp && a->cycles == b->cycles &&
                          a->insns == b->insns, "%s event %u: registers or counts differ", images[i], n);
            }
            cr_assert_eq(d->exit_code, k->exit_code);
            cr_assert_eq(d->m->cpu->insns, k->m->cpu->insns);
            cr_assert_eq(d->m->cpu->cycles, k->m->cpu->cycles);
            harness_free(d);
            harness_free(k);
        }
    cr_assert_gt(direct_total, 20, "only %llu ERETs went without a code hook", (unsigned long long)direct_total);
}

/* An armed ERET whose block takes a data abort first is dropped, the abort is taken at
 * the load, and the same ERET, reached again by a branch, completes without a code hook. */
Test(engine, armed_eret_dropped_by_an_abort, .fini = teardown)
{
    g_unsetenv("EL2SIM_ERET_HOOKS");
    g_autofree char *img = image_path("eret_interrupted.elf");
    h = harness_run(img, NULL);
    cr_assert_null(h->error, "%s", h->error);
    cr_assert_eq(h->exit_code, 0, "%s", h->error);
    cr_assert_eq(erets(h, false), 1);
    cr_assert_eq(erets(h, true), 2);             /* drop_to_el1's (after its ISB) and this one */
    guint n = h->ev->len;
    cr_assert_geq(n, 4);
    const el2_event *abt = hev(h, n - 4), *ret = hev(h, n - 3);
    cr_assert_eq(abt->kind, EV_EXC, "%s", hline(h, n - 4));
    cr_assert_eq(abt->exc, EXC_DATA_ABORT);
    cr_assert_eq(abt->from_el, 2);
    cr_assert_eq(abt->to_el, 2);
    cr_assert_eq(abt->far, 0x10000000);
    cr_assert_eq(ret->kind, EV_ERET, "%s", hline(h, n - 3));
    cr_assert_eq(ret->to_el, 1);
    cr_assert_eq(ret->pc, abt->pc + 4);             /* the ERET right after the load */
    cr_assert_eq(ret->x[0], 0);
}

/* hvc_paths' handlers end in blocks with no other special instruction: every one of its
 * ERETs goes without a code hook. */
Test(engine, unhooked_erets_counted, .fini = teardown)
{
    g_unsetenv("EL2SIM_ERET_HOOKS");
    g_autofree char *img = image_path("hvc_paths.elf");
    h = harness_run(img, NULL);
    cr_assert_null(h->error, "%s", h->error);
    uint64_t n = erets(h, true);
    guint erets = 0;
    for (guint i = 0; i < h->ev->len; i++)
        erets += hev(h, i)->kind == EV_ERET;
    cr_assert_gt(erets, 1);
    cr_assert_eq(n, erets, "%llu of %u ERETs unhooked", (unsigned long long)n, erets);
}

/* Every exception path gives the same events, registers and stop whether the engine's
 * registers are reached directly or through the API. */
Test(engine, direct_and_api_agree, .fini = teardown)
{
    g_unsetenv("EL2SIM_ENGINE_API");      /* the suite may run with it set */
    static const char *images[] = {
        "smoke.elf", "hvc_paths.elf", "svc_paths.elf", "smc_firmware.elf", "smc_smccc.elf", "smc_trap.elf",
        "brk_undef.elf", "illegal_return.elf", "sp_banking.elf", "pc_align.elf", "sysreg_traps.elf",
        "el0_sysregs.elf", "abort_paths.elf", "align_paths.elf", "align_predict.elf", "aarch32_return.elf", "aarch32_el0.elf",
        "wfi_stop.elf", "smc_patch.elf", "smc_mixed.elf", "abort_novector.elf", "abort_stuck.elf", "sp_align.elf", "simd_align.elf",
        "addr_faults.elf", "private_page.elf", "pc_align_far.elf",
        "illegal_priority.elf", "wfi_traps.elf", "wfe_traps.elf", "spsel_el0.elf", "pstate_ext.elf",
        "undef_loop.elf", "aarch32_el1.elf",
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(images); i++) {
        g_autofree char *img = image_path(images[i]);
        harness *direct = harness_run(img, NULL);
        g_setenv("EL2SIM_ENGINE_API", "1", TRUE);
        harness *api = harness_run(img, NULL);
        g_unsetenv("EL2SIM_ENGINE_API");
        cr_assert_null(direct->error, "%s: %s", images[i], direct->error);
        cr_assert(direct_regs(direct));
        cr_assert_not(direct_regs(api));
        cr_assert_eq(direct->lines->len, api->lines->len, "%s: %u events direct, %u through the API", images[i],
                     direct->lines->len, api->lines->len);
        for (guint k = 0; k < direct->lines->len; k++) {
            cr_assert_str_eq(hline(direct, k), hline(api, k), "%s event %u", images[i], k);
            const el2_event *a = hev(direct, k), *b = hev(api, k);
            cr_assert(!memcmp(a->x, b->x, sizeof a->x) && a->sp == b->sp && a->cycles == b->cycles,
                      "%s event %u: registers or cycles differ", images[i], k);
        }
        cr_assert_eq(direct->exit_code, api->exit_code);
        harness_free(direct);
        harness_free(api);
    }
}

/* ucfast declines, with its reason, on an engine whose handle does not hold the AArch64
 * register accessors (a 32-bit Arm engine): el2sim then uses the API. */
Test(engine, direct_registers_decline_on_other_engines)
{
    g_unsetenv("EL2SIM_ENGINE_API");      /* the suite may run with it set */
    uc_engine *uc;
    cr_assert_eq(uc_open(UC_ARCH_ARM, UC_MODE_ARM, &uc), UC_ERR_OK);
    el2_ucfast f;
    const char *why = NULL;
    cr_assert_not(ucfast_attach(uc, &f, &why));
    cr_assert_str_eq(why, "the engine handle does not hold its register accessors where expected");
    cr_assert_null(f.x);
    cr_assert_null(f.pc);
    uc_close(uc);
}

/* CheckSPAlignment: with SCTLR_ELx.SA, an SP-based access with SP not 16-byte aligned
 * takes an SP alignment fault at the current EL (EC 0x26, IL, ISS 0), before any access,
 * whatever its size; SA clear, an aligned SP or another base register: no fault. */
Test(align, sp_alignment_faults, .fini = teardown)
{
    h = run_image("sp_align.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:SCTLR_EL2 SP-ALIGN ERET SP-ALIGN ERET MSR:SCTLR_EL1 "
               "MSR:HCR_EL2 ERET SP-ALIGN ERET SVC SEMIHOST STOP:semihosting-exit");
    const el2_event *e = assert_exc(3, EXC_SP_ALIGN, 2, 2, 0x9a000000, sym("sp_ldr_el2"), 0x3c9, "el2_vectors", 0x200);
    cr_assert_eq(e->sp & 15, 8, "the faulting SP");
    cr_assert_eq(e->insn, 0xf94003e1u, "ldr x1, [sp]");
    assert_exc(5, EXC_SP_ALIGN, 2, 2, 0x9a000000, sym("sp_ldrb_el2"), 0x3c9, "el2_vectors", 0x200);
    e = assert_exc(10, EXC_SP_ALIGN, 1, 1, 0x9a000000, sym("sp_str_el1"), 0x3c5, "el1_vectors", 0x200);
    cr_assert_eq(e->sp & 15, 12);
    assert_exit(0);
}

/* --no-alignment-faults (QEMU 7.2 parity) leaves SP alignment unchecked too. */
Test(align, sp_alignment_unchecked_without_alignment_faults, .fini = teardown)
{
    h = run_image("sp_align.elf", (const char *[]){ "--no-alignment-faults", NULL });
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:SCTLR_EL2 MSR:SCTLR_EL1 MSR:HCR_EL2 ERET SVC SEMIHOST "
               "STOP:semihosting-exit");
    assert_exit(0);
}

/* SIMD structure loads and stores with the MMU off: each element aligned to its size. */
Test(align, simd_structure_accesses_fault, .fini = teardown)
{
    h = run_image("simd_align.elf", NULL);
    assert_seq("MSR:VBAR_EL2 DABORT ERET DABORT ERET DABORT ERET DABORT ERET SEMIHOST STOP:semihosting-exit");
    uint64_t buf = sym("buffer");
    static const struct { const char *at; uint32_t esr; unsigned off; } want[] = {
        { "misaligned_ld1", 0x96000021, 2 },        /* LD1 {v.4s}: 4-byte elements */
        { "misaligned_st1_lane", 0x96000061, 6 },   /* ST1 {v.s}[1]: a store, WnR */
        { "misaligned_ld1r", 0x96000021, 4 },       /* LD1R {v.2d}: an 8-byte element */
        { "misaligned_ld1_post", 0x96000021, 1 },   /* LD1 {v.8h}, post-index: 2-byte elements */
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(want); i++) {
        const el2_event *e = assert_exc(1 + 2 * i, EXC_DATA_ABORT, 2, 2, want[i].esr, sym(want[i].at), 0x3c9,
                                        "el2_vectors", 0x200);
        cr_assert_eq(e->far, buf + want[i].off, "%s", want[i].at);
    }
    assert_exit(0);
}

/* ---- the corner suite (tests/images/corner_*.S), el2sim alone ------------------------- */

/* One run: IMAGE on el2sim's CPU, and the exit status it must give. EL2_CORNER_RUNS is a
 * colon-separated list of NAME@CPU@STATUS (tests/images/meson.build): STATUS is 0 (every
 * check of the image held) except for the images listed in corner_pending there. */
struct corner_run { char name[64]; char cpu[32]; int status; };

ParameterizedTestParameters(corner, image)
{
    const char *list = getenv("EL2_CORNER_RUNS");
    char **parts = g_strsplit(list ? list : "", ":", -1);
    guint n = g_strv_length(parts);
    struct corner_run *runs = cr_malloc(sizeof *runs * (n ? n : 1));
    size_t k = 0;
    for (char **p = parts; *p; p++) {
        char **f = g_strsplit(*p, "@", 3);
        if (g_strv_length(f) == 3) {
            g_strlcpy(runs[k].name, f[0], sizeof runs->name);
            g_strlcpy(runs[k].cpu, f[1], sizeof runs->cpu);
            runs[k].status = atoi(f[2]);
            k++;
        }
        g_strfreev(f);
    }
    g_strfreev(parts);
    return cr_make_param_array(struct corner_run, runs, k);
}

/* The image's own checks passed on el2sim: exit status 0 from its semihosting SYS_EXIT
 * (100 + n names the failed check n; see the image's header). */
ParameterizedTest(struct corner_run *r, corner, image, .fini = teardown)
{
    g_autofree char *file = g_strdup_printf("%s.elf", r->name);
    h = run_image(file, (const char *[]){ "--cpu", r->cpu, NULL });
    const el2_event *last = hev(h, h->ev->len - 1);
    if (h->exit_code != r->status)
        harness_dump(h);
    cr_assert_eq(h->exit_code, r->status, "%s on %s: exit status %d, want %d", r->name, r->cpu, h->exit_code,
                 r->status);
    if (r->status == 0) {
        cr_assert_eq(last->kind, EV_STOP);
        cr_assert_eq(last->stop, STOP_SEMIHOST_EXIT, "%s on %s: stopped by %s", r->name, r->cpu,
                     stop_name(last->stop));
    }
}

/* Never pass silently: the corner suite is configured. */
Test(corner, configured)
{
    const char *list = getenv("EL2_CORNER_RUNS");
    cr_assert(list && strstr(list, "corner_"), "EL2_CORNER_RUNS is not set: the corner suite does not run");
}

/* ---- asynchronous exceptions (arch/irq.c; issue 19) ---- */

/* Interrupt entry i: kind, ELs, preferred return at a symbol, SPSR, vector, INTID, source;
 * IRQ and FIQ write no ESR (the event's is 0). */
static void assert_irq(guint i, el2_exc_kind exc, unsigned from, unsigned to, const char *ret, uint32_t spsr,
                       const char *vectors, uint64_t off, uint64_t intid, int source)
{
    const el2_event *e = assert_exc(i, exc, from, to, 0, sym(ret), spsr, vectors, off);
    cr_assert_eq(e->value, intid, "event %u: %s", i, hline(h, i));
    cr_assert_eq(e->status, source, "event %u: %s", i, hline(h, i));
    cr_assert_eq(e->pc, sym(ret), "event %u: the interrupted instruction", i);
}

/* Physical IRQ routing and masking, one row of the Arm ARM tables per IRQ (irq_routing.S):
 * not taken at EL2 with IMO = 0, taken after MSR HCR_EL2 sets IMO; masked at EL2 by
 * PSTATE.I, taken after MSR DAIFClr; EL1 with IMO = 0 to EL1; EL1 with IMO = 1 and
 * PSTATE.I = 1 to EL2; EL0 with TGE = 1 and PSTATE.I = 1 to EL2 at the ERET's target. */
Test(irq, physical_routing_and_masking, .fini = teardown)
{
    h = run_image("irq_routing.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:CNTHP_CVAL_EL2 MSR:HCR_EL2 MSR:CNTHP_CTL_EL2 MSR:HCR_EL2 IRQ "
               "MSR:CNTHP_CTL_EL2 ERET MSR:CNTHP_CTL_EL2 IRQ MSR:CNTHP_CTL_EL2 ERET MSR:HCR_EL2 ERET IRQ ERET "
               "HVC MSR:HCR_EL2 ERET IRQ MSR:CNTHP_CTL_EL2 ERET HVC MSR:HCR_EL2 MSR:CNTHP_CTL_EL2 ERET IRQ "
               "MSR:CNTHP_CTL_EL2 ERET SVC SEMIHOST STOP:semihosting-exit");
    cr_assert_eq(hev(h, 5)->pc, sym("t1_route"));
    assert_irq(6, EXC_IRQ, 2, 2, "t1_after", 0x60000349, "el2_irq_vectors", 0x280, 26, IRQSRC_TIMER);
    cr_assert_eq(hev(h, 7)->old, 5u, "CNTHP_CTL_EL2 read ENABLE | ISTATUS in the handler");
    assert_irq(10, EXC_IRQ, 2, 2, "t2_after", 0x60000349, "el2_irq_vectors", 0x280, 26, IRQSRC_TIMER);
    assert_irq(15, EXC_IRQ, 1, 1, "t3_after", 0x305, "el1_irq_vectors", 0x280, 30, IRQSRC_TIMER);
    assert_irq(20, EXC_IRQ, 1, 2, "t4_after", 0x60000385, "el2_irq_vectors", 0x480, 30, IRQSRC_TIMER);
    assert_irq(27, EXC_IRQ, 0, 2, "el0_code", 0x3c0, "el2_irq_vectors", 0x480, 26, IRQSRC_TIMER);
    cr_assert_str_eq(strstr(hline(h, 6), "IRQ "), "IRQ         EL2->EL2  t1_after                                            "
                                       "INTID 26 (CNTHP timer)  ELR t1_after  SPSR 0x60000349  -> el2_irq_vectors+0x280");
    assert_exit(0);
    harness_free(h);
    h = run_image("irq_routing.elf", (const char *[]){ "--cpu", "neoverse-n1", NULL });
    assert_exit(0);
}

/* Virtual IRQ, FIQ and SError by HCR_EL2.VI/VF/VSE (irq_virtual.S): not taken with
 * IMO = 0, masked by EL1's PSTATE.I, taken after MSR DAIFClr; VFIQ and the virtual SError
 * at the first instruction after an ERET that unmasks them; the SError's ESR_EL1 is
 * EC 0x2F with ISS 0 without FEAT_RAS (cortex-a57), VSESR_EL2's with it (neoverse-n1). */
Test(irq, virtual_interrupts_by_hcr, .fini = teardown)
{
    h = run_image("irq_virtual.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:HCR_EL2 ERET HVC MSR:HCR_EL2 ERET VIRQ HVC MSR:HCR_EL2 ERET ERET "
               "HVC MSR:HCR_EL2 ERET VFIQ HVC MSR:HCR_EL2 ERET ERET HVC MSR:HCR_EL2 ERET VSERROR ERET HVC SEMIHOST "
               "STOP:semihosting-exit");
    assert_irq(7, EXC_VIRQ, 1, 1, "t2_after", 0x305, "el1_irq_vectors", 0x280, 0, IRQSRC_HCR);
    assert_irq(15, EXC_VFIQ, 1, 1, "t3_at", 0x60000385, "el1_irq_vectors", 0x300, 0, IRQSRC_HCR);
    const el2_event *e = assert_exc(23, EXC_VSERROR, 1, 1, 0xbe000000, sym("t4_at"), 0x60000285, "el1_irq_vectors",
                                    0x380);
    cr_assert_eq(e->status, IRQSRC_HCR);
    cr_assert_eq(h->m->cpu->sr[SR_HCR_EL2] & HCR_VSE, 0, "taking it cleared VSE");
    assert_exit(0);
    harness_free(h);
    h = run_image("irq_virtual.elf", (const char *[]){ "--cpu", "neoverse-n1", NULL });
    assert_msr(2, "VSESR_EL2", 0x1234);
    assert_exc(24, EXC_VSERROR, 1, 1, 0xbe001234, sym("t4_at"), 0x60000285, "el1_irq_vectors", 0x380);
    assert_exit(0);
}

/* CNTHP on the modelled clock (irq_timer_wfi.S): armed with TVAL = 2000000 ticks, WFI waits
 * until the count reaches CVAL (the clock moves on to that cycle), the IRQ is taken after
 * MSR DAIFClr and the handler takes the condition away. */
Test(irq, timer_wakes_wfi_on_the_modelled_clock, .fini = teardown)
{
    h = run_image("irq_timer_wfi.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:HCR_EL2 MSR:CNTHP_TVAL_EL2 MSR:CNTHP_CTL_EL2 IRQ MSR:CNTHP_CVAL_EL2 "
               "MSR:CNTHP_CTL_EL2 ERET SEMIHOST STOP:semihosting-exit");
    const el2_event *tval = hev(h, 2);
    assert_irq(4, EXC_IRQ, 2, 2, "t_after", 0x60000349, "el2_irq_vectors", 0x280, 26, IRQSRC_TIMER);
    /* CVAL = the count at the TVAL write + 2000000; the IRQ comes at the first cycle whose
       count (cycles * CNTFRQ / clock) reaches it */
    uint64_t cval = hev(h, 5)->old;
    double hz = h->m->model->freq_mhz * 1e6, frq = (double)h->m->cpu->sr[SR_CNTFRQ_EL0];
#define COUNT_AT(cyc) ((uint64_t)((double)(cyc) * frq / hz))
    cr_assert_eq(cval, COUNT_AT(tval->cycles) + 2000000);
    uint64_t c = hev(h, 4)->cycles;
    cr_assert_geq(COUNT_AT(c), cval, "the count had reached CVAL");
    /* the WFI slept exactly until the first cycle whose count reaches CVAL: the
       instructions after it, up to the MSR DAIFClr, ran from then on */
    uint64_t wake = c;
    for (uint64_t a = sym("t_wfi") + 4; a < sym("t_after"); a += 4)
        wake -= h->m->model->cost[timing_classify(cpu_insn_at(h->m->cpu, a))];
    cr_assert_geq(COUNT_AT(wake), cval);
    cr_assert_lt(COUNT_AT(wake - 1), cval);
#undef COUNT_AT
    assert_exit(0);
}

/* --irq (irq_inject.S): two interrupts pending at once are taken lowest INTID first, each
 * once; WFI waits until the next one; a WFI nothing can wake stops the run (exit 5). */
Test(irq, injected_interrupts_and_wfi, .fini = teardown)
{
    h = run_image("irq_inject.elf", (const char *[]){ "--irq", "40@3000", "--irq", "33@3000", "--irq", "50@40000",
                                                      NULL });
    assert_seq("MSR:VBAR_EL2 MSR:HCR_EL2 ERET IRQ ERET IRQ ERET IRQ ERET STOP:wfi");
    assert_irq(3, EXC_IRQ, 1, 2, "t_spin", 0x800003c5, "el2_irq_vectors", 0x480, 33, IRQSRC_INJECT);
    cr_assert_geq(hev(h, 3)->cycles, 3000u);
    assert_irq(5, EXC_IRQ, 1, 2, "t_spin", 0x800003c5, "el2_irq_vectors", 0x480, 40, IRQSRC_INJECT);
    cr_assert_eq(sym("t_woken"), sym("t_wfi") + 4);
    assert_irq(7, EXC_IRQ, 1, 2, "t_woken", 0x600003c5, "el2_irq_vectors", 0x480, 50, IRQSRC_INJECT);
    cr_assert_eq(hev(h, 7)->cycles, 40000u, "the WFI slept until the interrupt came");
    cr_assert_eq(hev(h, 9)->pc, sym("t_wfi_forever"));
    cr_assert_eq(h->exit_code, EXIT_WFI);
    cr_assert_str_eq(h->m->cpu->stop_msg, "EL1 executed WFI at t_wfi_forever with nothing to wake it (no interrupt "
                                          "pending, no timer armed, no --irq to come): it would sleep forever");
}

/* --irq's other forms (irq_drive.S): FIQ after 20 instructions, taken at the first block
 * start after them; SError and IRQ 45 when execution reaches a symbol, taken at the next
 * block start; each acknowledged by being taken (the handlers count one each: exit 0). */
Test(irq, driven_by_count_and_symbol, .fini = teardown)
{
    h = run_image("irq_drive.elf", (const char *[]){ "--irq", "fiq@+20", "--irq", "serror@t_serr", "--irq",
                                                     "45@t_irq", NULL });
    assert_seq("MSR:VBAR_EL2 MSR:HCR_EL2 FIQ ERET SERROR ERET IRQ ERET SEMIHOST STOP:semihosting-exit");
    assert_irq(2, EXC_FIQ, 2, 2, "t_fiq_wait", 0x9, "el2_irq_vectors", 0x300, 0, IRQSRC_INJECT);
    cr_assert_eq(hev(h, 2)->insns, 20u, "raised once 20 instructions ran");
    const el2_event *e = assert_exc(4, EXC_SERROR, 2, 2, 0xbe000000, sym("t_serr_wait"), 0x9, "el2_irq_vectors",
                                    0x380);
    cr_assert_eq(e->status, IRQSRC_INJECT);
    assert_irq(6, EXC_IRQ, 2, 2, "t_irq_wait", 0x9, "el2_irq_vectors", 0x280, 45, IRQSRC_INJECT);
    cr_assert_str_eq(hline(h, 2), "       20        134  FIQ         EL2->EL2  t_fiq_wait                       "
                                  "                   --irq  ELR t_fiq_wait  SPSR 0x9  -> el2_irq_vectors+0x300");
    assert_exit(0);
    harness_free(h);
    /* without them the image waits forever: the interrupts are what ends each loop */
    h = run_image("irq_drive.elf", (const char *[]){ "--max-insns", "5000", NULL });
    cr_assert_eq(h->exit_code, EXIT_BUDGET);
}

/* The GICv3 physical CPU interface at EL2 (gic_sgi_pmr.S, neoverse-n1): SGIs to self by
 * ICC_SGI1R_EL1, masked by ICC_PMR_EL1 until it opens; the higher priority SGI 5 is
 * taken first and SGI 3 cannot preempt it, so it is taken right after the handler's ERET
 * at the same return address; with ICC_CTLR_EL1.EOImode = 1 ICC_DIR_EL1 deactivates
 * (the image checks RPR, HPPIR1, IAR1 and ISR_EL1 at each step). */
Test(irq, gic_sgis_priorities_and_pmr, .fini = teardown)
{
    h = run_image("gic_sgi_pmr.elf", (const char *[]){ "--cpu", "neoverse-n1", NULL });
    assert_seq("MSR:VBAR_EL2 MSR:ICC_SRE_EL2 MSR:HCR_EL2 IRQ ERET IRQ ERET IRQ ERET SEMIHOST "
               "STOP:semihosting-exit");
    assert_irq(3, EXC_IRQ, 2, 2, "t3_after", 0x60000349, "el2_irq_vectors", 0x280, 5, IRQSRC_SGI);
    assert_irq(5, EXC_IRQ, 2, 2, "t3_after", 0x60000349, "el2_irq_vectors", 0x280, 3, IRQSRC_SGI);
    cr_assert_eq(hev(h, 4)->target, sym("t3_after"), "SGI 3 is taken at the ERET's target");
    assert_irq(7, EXC_IRQ, 2, 2, "t4_after", 0x60000349, "el2_irq_vectors", 0x280, 3, IRQSRC_SGI);
    cr_assert_str_eq(strstr(hline(h, 3), "IRQ "), "IRQ         EL2->EL2  t3_after                                            "
                                       "INTID 5 (SGI)  ELR t3_after  SPSR 0x60000349  -> el2_irq_vectors+0x280");
    assert_exit(0);
    harness_free(h);
    h = run_image("gic_sgi_pmr.elf", NULL);
    cr_assert_eq(h->exit_code, 99, "cortex-a57 has no GICv3 CPU interface in el2sim");
}

/* Issue 19's hypervisor image (gic_vlr.S, neoverse-n1): CNTHP's PPI 26 wakes the EL1
 * guest's WFI and is taken to EL2, acknowledged and EOIed there; EL2 injects vINTID 40
 * through ICH_LR0_EL2, taken as a VIRQ at the ERET's target; the guest's ICV EOI asks for
 * the maintenance interrupt (PPI 25), taken to EL2 right after that MSR. */
Test(irq, gic_list_register_injection, .fini = teardown)
{
    h = run_image("gic_vlr.elf", (const char *[]){ "--cpu", "neoverse-n1", NULL });
    assert_seq("MSR:VBAR_EL2 MSR:VBAR_EL1 MSR:ICC_SRE_EL2 MSR:ICH_HCR_EL2 MSR:CNTHP_TVAL_EL2 MSR:CNTHP_CTL_EL2 "
               "MSR:HCR_EL2 ERET IRQ MSR:CNTHP_CTL_EL2 MSR:ICH_LR0_EL2 ERET VIRQ IRQ MSR:ICH_LR0_EL2 ERET ERET HVC "
               "SEMIHOST STOP:semihosting-exit");
    cr_assert_eq(sym("t_woken"), sym("t_wfi") + 4);
    assert_irq(8, EXC_IRQ, 1, 2, "t_woken", 0x60000305, "el2_irq_vectors", 0x480, 26, IRQSRC_TIMER);
    assert_msr(10, "ICH_LR0_EL2", 0x5080020000000028ULL);   /* pending, Group 1, 0x80, EOI, 40 */
    assert_irq(12, EXC_VIRQ, 1, 1, "t_woken", 0x60000305, "el1_irq_vectors", 0x280, 40, IRQSRC_LR);
    assert_irq(13, EXC_IRQ, 1, 2, "t_after_eoi", 0x600003c5, "el2_irq_vectors", 0x480, 25, IRQSRC_MAINT);
    cr_assert_eq(sym("t_after_eoi"), sym("t_eoi") + 4);
    cr_assert_eq(hev(h, 14)->old, 0x1080020000000028ULL, "the guest's EOI left LR0 invalid, its EOI request standing");
    assert_msr(14, "ICH_LR0_EL2", 0);
    cr_assert_str_eq(strstr(hline(h, 12), "VIRQ "), "VIRQ        EL1->EL1  t_woken                                             "
                                       "vINTID 40 (list register)  ELR t_woken  SPSR 0x60000305  -> el1_irq_vectors+0x280");
    assert_exit(0);
}

/* ---- asynchronous exceptions taken to AArch32 (arch/irq32.c; issue 21) ---- */

/* Interrupt entry i from the AArch32 guest at guest + at, to an AArch32 EL1's mode
 * (vector guest + off) or to the AArch64 EL2 (el2_vectors + off): INTID and source */
static void assert_irq32(guint i, el2_exc_kind exc, unsigned to, uint32_t esr, unsigned at, uint32_t spsr,
                         const char *vectors, uint64_t off, uint64_t intid, int source)
{
    const el2_event *e = assert_exc(i, exc, 1, to, esr, sym("guest") + at, spsr, vectors, off);
    cr_assert_eq(e->pc, sym("guest") + at, "event %u: the interrupted instruction", i);
    cr_assert_eq(e->value, intid, "event %u: %s", i, hline(h, i));
    cr_assert_eq(e->status, source, "event %u: %s", i, hline(h, i));
}

/* The same from EL `from` to the AArch32 EL1's vector guest + off, raised by --irq */
static void assert_irq32_from(guint i, el2_exc_kind exc, unsigned from, unsigned at, uint32_t spsr, uint64_t off)
{
    const el2_event *e = assert_exc(i, exc, from, 1, 0, sym("guest") + at, spsr, "guest", off);
    cr_assert_eq(e->pc, sym("guest") + at, "event %u: the interrupted instruction", i);
    cr_assert_eq(e->status, IRQSRC_INJECT, "event %u: %s", i, hline(h, i));
}

/* An AArch32 EL1 under the AArch64 EL2 (a32_irq.S, a32_irq_guest.S): CNTP with
 * HCR_EL2.IMO = 1 to EL2 at VBAR_EL2 + 0x680 right after the MCR that enables it (CPSR.I
 * set: no mask for EL2); with IMO = 0 to IRQ mode (VBAR + 0x18) after CPSIE I, SPSR_irq the
 * CPSR, LR_irq the preferred return + 4; WFI woken by a masked IRQ; virtual IRQ, FIQ (FIQ
 * mode, + 0x1C) and SError (Abort mode, + 0x10, LR + 8, DFSR 0x406) by HCR_EL2.VI/VF/VSE.
 * The image checks LR_irq/fiq/abt, SPSR_fiq/abt and DFSR from EL2 (exit 0). */
Test(irq, aarch32_el1_interrupts, .fini = teardown)
{
    h = run_image("a32_irq.elf", NULL);
    assert_seq("MSR:VBAR_EL2 MSR:HCR_EL2 MSR:VBAR_EL1 ERET IRQ MSR:HCR_EL2 ERET IRQ HVC MSR:HCR_EL2 ERET ERET "
               "IRQ HVC MSR:HCR_EL2 ERET ERET HVC MSR:HCR_EL2 ERET VIRQ HVC MSR:HCR_EL2 ERET ERET HVC MSR:HCR_EL2 "
               "ERET VFIQ HVC MSR:HCR_EL2 ERET ERET HVC MSR:HCR_EL2 ERET VSERROR ERET HVC SEMIHOST "
               "STOP:semihosting-exit");
    assert_irq32(4, EXC_IRQ, 2, 0, 0x38, 0x1d3, "el2_vectors", 0x680, 30, IRQSRC_TIMER);
    assert_irq32(7, EXC_IRQ, 1, 0, 0x48, 0x153, "guest", 0x18, 30, IRQSRC_TIMER);
    assert_eret(11, 1, 1, 0x153, sym("guest") + 0x48, false);      /* SUBS PC, LR, #4 */
    /* the WFI at guest + 0x64 slept until CNTP fired (1000 ticks), CPSIE I took it */
    const el2_event *w = assert_exc(12, EXC_IRQ, 1, 1, 0, sym("guest") + 0x74, 0x60000153, "guest", 0x18);
    cr_assert_gt(w->cycles, hev(h, 11)->cycles + 10000);
    assert_irq32(20, EXC_VIRQ, 1, 0, 0x80, 0x60000153, "guest", 0x18, 0, IRQSRC_HCR);
    assert_irq32(28, EXC_VFIQ, 1, 0, 0x98, 0x60000113, "guest", 0x1c, 0, IRQSRC_HCR);
    assert_irq32(36, EXC_VSERROR, 1, 0, 0xb0, 0x60000013, "guest", 0x10, 0, IRQSRC_HCR);
    assert_eret(37, 1, 1, 0x60000013, sym("guest") + 0xb0, false); /* SUBS PC, LR, #8 */
    cr_assert_eq(h->m->cpu->sr[SR_ESR_EL1], 0x406, "DFSR: asynchronous external abort, short-descriptor");
    cr_assert_str_eq(strstr(hline(h, 7), "IRQ "), "IRQ         EL1->EL1  guest+0x48                                          "
                     "INTID 30 (CNTP timer)  ELR guest+0x48  SPSR 0x153  -> guest+0x18");
    assert_exit(0);
}

/* --irq fiq / serror from the AArch32 EL1 (a32_irq.S): raised at the 110th instruction
 * (HCR_EL2.FMO/AMO = 0: for the EL1's FIQ/Abort mode, masked there by CPSR.F/A), each is
 * taken when the HVC that sets FMO (AMO) returns: to EL2 unmasked at VBAR_EL2 + 0x700
 * (0x780), lower EL using AArch32; the SError with ESR_EL2 EC 0x2F, ISS 0. (EL2's vectors
 * there are dead ends: the runs end at the budget.) */
Test(irq, aarch32_el1_fiq_serror_to_el2, .fini = teardown)
{
    h = run_image("a32_irq.elf", (const char *[]){ "--irq", "fiq@+110", "--max-insns", "2000", NULL });
    int k = -1;
    for (guint i = 0; i < h->ev->len; i++)
        if (hev(h, i)->kind == EV_EXC && hev(h, i)->exc == EXC_FIQ)
            k = (int)i;
    cr_assert_geq(k, 0);
    assert_irq32((guint)k, EXC_FIQ, 2, 0, 0x8c, 0x60000153, "el2_vectors", 0x700, 0, IRQSRC_INJECT);
    harness_free(h);
    h = run_image("a32_irq.elf", (const char *[]){ "--irq", "serror@+110", "--max-insns", "2000", NULL });
    k = -1;
    for (guint i = 0; i < h->ev->len; i++)
        if (hev(h, i)->kind == EV_EXC && hev(h, i)->exc == EXC_SERROR)
            k = (int)i;
    cr_assert_geq(k, 0);
    assert_irq32((guint)k, EXC_SERROR, 2, 0xbe000000, 0xa4, 0x60000113, "el2_vectors", 0x780, 0, IRQSRC_INJECT);
    cr_assert_eq(h->m->cpu->sr[SR_ESR_EL2], 0xbe000000);
}

/* Physical FIQ and SError (--irq) from the AArch32 EL0 of a32_el1_exc.S (User mode, A/I/F
 * clear, HCR_EL2 = 0) at its SVC (the 44th instruction): to the AArch32 EL1's FIQ mode
 * (VBAR + 0x1C, LR_fiq = the preferred return + 4, CPSR A, I, F set) and Abort mode (+ 0x10,
 * LR_abt + 8, DFSR 0x406: AArch32.TakePhysicalSErrorException -> AArch32.ReportDataAbort);
 * the image's vectors there are dead ends (budget). */
Test(irq, aarch32_el0_physical_fiq_serror_to_el1, .fini = teardown)
{
    h = run_image("a32_el1_exc.elf", (const char *[]){ "--irq", "fiq@+44", "--max-insns", "200", NULL });
    assert_irq32_from(15, EXC_FIQ, 0, 0x50, 0x10, 0x1c);
    cr_assert_eq(cpu_x(h->m->cpu, 30), sym("guest") + 0x54, "LR_fiq (X30)");
    cr_assert_eq(h->m->cpu->port->cpsr(h->m->cpu->port_ctx) & 0x1ff, 0x1d1, "FIQ mode, A, I, F set");
    harness_free(h);
    h = run_image("a32_el1_exc.elf", (const char *[]){ "--irq", "serror@+44", "--max-insns", "200", NULL });
    assert_irq32_from(15, EXC_SERROR, 0, 0x50, 0x10, 0x10);
    cr_assert_eq(cpu_x(h->m->cpu, 20), sym("guest") + 0x58, "LR_abt (X20)");
    cr_assert_eq(h->m->cpu->port->cpsr(h->m->cpu->port_ctx) & 0x1ff, 0x197, "Abort mode, A, I set");
    cr_assert_eq(h->m->cpu->sr[SR_ESR_EL1], 0x406, "DFSR");
}

Test(bad_input, irq_values, .fini = teardown)
{
    static const char *const cases[][2] = {
        { "33", "--irq 33: expected WHAT@CYCLE, WHAT@+N or WHAT@SYMBOL (WHAT: an INTID 16-1019, fiq or serror; "
                "e.g. 33@1000)" },
        { "fiq@", "--irq fiq@: expected WHAT@CYCLE, WHAT@+N or WHAT@SYMBOL (WHAT: an INTID 16-1019, fiq or serror; "
                  "e.g. 33@1000)" },
        { "33@soon", "--irq 33@soon: 'soon' is neither a number nor a symbol of the images" },
        { "5@100", "--irq 5@100: '5' is not a PPI (16-31), an SPI (32-1019), fiq or serror" },
        { "1020@100", "--irq 1020@100: '1020' is not a PPI (16-31), an SPI (32-1019), fiq or serror" },
        { "fiqq@100", "--irq fiqq@100: 'fiqq' is not a PPI (16-31), an SPI (32-1019), fiq or serror" },
        { "serror@+x", "--irq serror@+x: '+x': expected +N, a number of instructions" },
        { "33@12ab", "--irq 33@12ab: '12ab' is not a number" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        assert_bad_input("spin.elf", (const char *[]){ "--irq", cases[i][0], NULL }, cases[i][1]);
        harness_free(h);
        h = NULL;
    }
}
