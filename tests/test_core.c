/* test_core.c - exception entry/return paths, asserted event by event. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include "harness.h"
#include "exception.h"
#include "sysreg.h"
#include "print.h"
#include "ucfast.h"
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

#define ESR(ec, iss) syn_make((ec), (iss))
#define ESR_UNDEF 0x02000000u

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

/* ---- returns to AArch32 (not executed by el2sim; legality per IllegalExceptionReturn) ---- */

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

Test(eret, legal_aarch32_el0_stops, .fini = teardown)
{
    h = run_image("aarch32_el0.elf", NULL);
    assert_seq("MSR:HCR_EL2 ERET ERET STOP:guest-fault");
    /* AArch64 EL1 -> AArch32 User: legal on a CPU with AArch32 at EL0 */
    assert_eret(2, 1, 0, 0x1d0, sym("a32_code"), false);
    cr_assert_eq(hev(h, 3)->stop, STOP_FAULT);
    cr_assert_eq(h->exit_code, EXIT_GUEST_FAULT);
    cr_assert(strstr(h->m->cpu->stop_msg, "AArch32 is not modelled"), "%s", h->m->cpu->stop_msg);
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
        "el0_sysregs.elf", "abort_paths.elf", "align_paths.elf", "aarch32_return.elf", "aarch32_el0.elf",
        "wfi_stop.elf", "smc_patch.elf", "abort_novector.elf", "abort_stuck.elf", "sp_align.elf", "simd_align.elf",
        "eret_interrupted.elf", "addr_faults.elf", "private_page.elf", "pc_align_far.elf",
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
        "el0_sysregs.elf", "abort_paths.elf", "align_paths.elf", "aarch32_return.elf", "aarch32_el0.elf",
        "wfi_stop.elf", "smc_patch.elf", "abort_novector.elf", "abort_stuck.elf", "sp_align.elf", "simd_align.elf",
        "addr_faults.elf", "private_page.elf", "pc_align_far.elf",
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
