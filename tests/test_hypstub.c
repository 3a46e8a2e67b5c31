/* test_hypstub.c - the hypervisor stubs of tests/stubs, run as relocatable objects
 * (el2sim's ET_REL loader, --entry _start) and as linked executables, asserted event by
 * event. Each stub checks its own results and exits 0 through semihosting; these tests
 * check what el2sim reports about the run: every exception entry and return, with ELs,
 * ESR, ELR and target symbols and the x0 values the stub hands back. */
#include <criterion/criterion.h>
#include <string.h>
#include "harness.h"
#include "sysreg.h"

#define HVC_STUB_ERR 0xbadca11u
#define ESR_HVC0     0x5a000000u      /* EC 0x16 (HVC64), IL, imm16 0 */
#define SPSR_EL1H    0x3c5u
#define SPSR_EL2H    0x3c9u
#define NZCV_MASK    0xf0000000u

static harness *h;
static void teardown(void) { harness_free(h); h = NULL; }

static char *stub_path(const char *name)
{
    const char *dir = g_getenv("EL2_TEST_STUBS");
    cr_assert_not_null(dir, "EL2_TEST_STUBS is not set");
    return g_build_filename(dir, name, NULL);
}

/* Runs tests/stubs/NAME (NAME.o gets --entry _start) on CPU (NULL: the default). */
static harness *run_stub(const char *name, const char *cpu)
{
    g_autofree char *path = stub_path(name);
    const char *opts[5] = { 0 };
    int n = 0;
    if (g_str_has_suffix(name, ".o")) {
        opts[n++] = "--entry";
        opts[n++] = "_start";
    }
    if (cpu) {
        opts[n++] = "--cpu";
        opts[n++] = cpu;
    }
    harness *r = harness_run(path, opts);
    cr_assert_null(r->error, "%s: %s", name, r->error);
    return r;
}

static uint64_t sym(const char *name)
{
    uint64_t a = 0;
    cr_assert(symtab_lookup(h->m->syms, name, &a), "no symbol %s", name);
    return a;
}

static const char *fmt(uint64_t addr, char *buf, size_t n)
{
    return symtab_format(h->m->syms, addr, buf, n);
}

/* Event cursor: the next event must be what the expect_* call says. */
static guint cur;

static const el2_event *next(el2_event_kind kind)
{
    cr_assert_lt(cur, h->ev->len, "event %u: ran out of events", cur);
    const el2_event *e = hev(h, cur);
    cr_assert_eq(e->kind, kind, "event %u: kind %d, want %d: %s", cur, e->kind, kind, hline(h, cur));
    cur++;
    return e;
}

static void expect_msr(const char *reg, uint64_t value)
{
    const el2_event *e = next(EV_SYSREG);
    int idx = sysreg_find_name(reg);
    cr_assert_geq(idx, 0, "unknown register %s", reg);
    cr_assert_eq(e->sysreg, idx, "event %u: wrote %s, want %s", cur - 1,
                 sysreg_table[e->sysreg].name, reg);
    cr_assert_eq(e->value, value, "event %u: %s = %#llx, want %#llx", cur - 1, reg,
                 (unsigned long long)e->value, (unsigned long long)value);
}

/* HVC #0 from EL1 (or from_el) to EL2: ELR = elr, target = vbar + 0x400 (or + 0x200
 * from EL2), x0 at entry = fn. Returns the event. */
static const el2_event *expect_hvc(unsigned from_el, uint64_t elr, uint64_t vbar, uint64_t fn)
{
    char b1[96], b2[96];
    const el2_event *e = next(EV_EXC);
    cr_assert_eq(e->exc, EXC_HVC, "event %u: %s", cur - 1, hline(h, cur - 1));
    cr_assert_eq(e->from_el, from_el);
    cr_assert_eq(e->to_el, 2);
    cr_assert_eq(e->esr, ESR_HVC0, "event %u: ESR %#x", cur - 1, e->esr);
    cr_assert_eq(e->elr, elr, "event %u: ELR %s, want %s", cur - 1, fmt(e->elr, b1, sizeof b1),
                 fmt(elr, b2, sizeof b2));
    cr_assert_eq(e->pc + 4, elr);
    uint64_t vec = vbar + (from_el == 2 ? 0x200 : 0x400);
    cr_assert_eq(e->target, vec, "event %u: target %s, want %s", cur - 1,
                 fmt(e->target, b1, sizeof b1), fmt(vec, b2, sizeof b2));
    cr_assert_eq(e->x[0], fn, "event %u: x0 %#llx, want %#llx", cur - 1,
                 (unsigned long long)e->x[0], (unsigned long long)fn);
    cr_assert(e->has_regs);
    return e;
}

/* ERET from EL2 to to_el landing at target with x0 = x0; SPSR mode bits = spsr_mode. */
static const el2_event *expect_eret(unsigned to_el, uint64_t target, uint64_t x0, uint32_t spsr)
{
    char b1[96], b2[96];
    const el2_event *e = next(EV_ERET);
    cr_assert_eq(e->from_el, 2, "event %u: %s", cur - 1, hline(h, cur - 1));
    cr_assert_eq(e->to_el, to_el, "event %u: %s", cur - 1, hline(h, cur - 1));
    cr_assert_not(e->illegal);
    cr_assert_eq(e->target, target, "event %u: target %s, want %s", cur - 1,
                 fmt(e->target, b1, sizeof b1), fmt(target, b2, sizeof b2));
    cr_assert_eq(e->spsr & ~NZCV_MASK, spsr, "event %u: SPSR %#x", cur - 1, e->spsr);
    cr_assert_eq(e->x[0], x0, "event %u: x0 at the ERET %#llx, want %#llx", cur - 1,
                 (unsigned long long)e->x[0], (unsigned long long)x0);
    return e;
}

/* One stub call that returns: HVC from EL1 then ERET back to the instruction after it. */
static const el2_event *expect_call(uint64_t elr, uint64_t vbar, uint64_t fn, uint64_t result)
{
    expect_hvc(1, elr, vbar, fn);
    return expect_eret(1, elr, result, SPSR_EL1H);
}

/* _start: MSR VBAR_EL2 = __hyp_stub_vectors, MSR VBAR_EL1 = el1_vectors, MSR HCR_EL2 =
 * RW, ERET to el1_main at EL1h. */
static void expect_boot(void)
{
    cur = 0;
    const el2_event *first = hev(h, 0);
    cr_assert_eq(first->from_el, 2, "boots at EL2");
    expect_msr("VBAR_EL2", sym("__hyp_stub_vectors"));
    expect_msr("VBAR_EL1", sym("el1_vectors"));
    expect_msr("HCR_EL2", 1ull << 31);
    expect_eret(1, sym("el1_main"), SPSR_EL1H, SPSR_EL1H); /* x0 = the SPSR drop_to_el1 wrote */
}

static void expect_exit(int status)
{
    const el2_event *e = next(EV_EXC);
    cr_assert_eq(e->exc, EXC_SEMIHOST, "event %u: %s", cur - 1, hline(h, cur - 1));
    e = next(EV_STOP);
    cr_assert_eq(e->stop, STOP_SEMIHOST_EXIT);
    cr_assert_eq(e->status, status);
    cr_assert_eq(cur, h->ev->len, "events after the stop");
    cr_assert_eq(h->exit_code, status);
}

/* ---- today's ABI (hyp-stub-v5), and v4 which differs only in what call 3 is called ---- */

static void check_v5_like(bool has_vhe)
{
    uint64_t stub = sym("__hyp_stub_vectors"), tv2 = sym("test_vectors2");
    expect_boot();
    /* HVC_SET_VECTORS (x1 = second table) through __hyp_set_vectors */
    const el2_event *e = expect_hvc(1, sym("__hyp_set_vectors") + 0xc, stub, 0);
    cr_assert_eq(e->x[1], tv2);
    expect_msr("VBAR_EL2", tv2);
    expect_eret(1, sym("__hyp_set_vectors") + 0xc, 0, SPSR_EL1H);
    /* the second table answers the probe */
    expect_call(sym("probe_ret1"), tv2, 0x7ab, HVC_STUB_ERR);
    cr_assert_eq(hev(h, cur - 1)->x[1], 0x7ab2, "the second table marks its answer in x1");
    /* HVC_RESET_VECTORS: taken by the second table, handed on to the stub */
    expect_hvc(1, sym("__hyp_reset_vectors") + 0x8, tv2, 2);
    expect_msr("VBAR_EL2", stub);
    expect_eret(1, sym("__hyp_reset_vectors") + 0x8, 0, SPSR_EL1H);
    /* the stub's table is back: the probe is an unknown call to it */
    expect_call(sym("probe_ret2"), stub, 0x7ab, HVC_STUB_ERR);
    expect_call(sym("unknown_ret"), stub, 42, HVC_STUB_ERR);
    if (!has_vhe)
        expect_call(sym("finalise_ret"), stub, 3, HVC_STUB_ERR);
    /* HVC_SOFT_RESTART: lands at restart_el2 at EL2h with x0..x2 = the caller's x2..x4 */
    e = expect_hvc(1, sym("restart_ret"), stub, 1);
    cr_assert_eq(e->x[1], sym("restart_el2"));
    uint64_t x2 = e->x[2], x3 = e->x[3], x4 = e->x[4];
    cr_assert_eq(x2, 0x5eed0000u);
    const el2_event *r = expect_eret(2, sym("restart_el2"), x2, SPSR_EL2H);
    cr_assert_eq(r->x[1], x3);
    cr_assert_eq(r->x[2], x4);
    expect_exit(0);
}

Test(hypstub, v5_object_events, .fini = teardown)
{
    h = run_stub("hyp-stub-v5.o", NULL);
    harness_dump(h);
    check_v5_like(false);
}

Test(hypstub, v5_object_events_neoverse_n1, .fini = teardown)
{
    /* with FEAT_VHE the self-test leaves FINALISE_EL2 to vhe-upgrade */
    h = run_stub("hyp-stub-v5.o", "neoverse-n1");
    check_v5_like(true);
}

Test(hypstub, v4_object_events, .fini = teardown)
{
    h = run_stub("hyp-stub-v4.o", NULL);
    check_v5_like(false);
}

Test(hypstub, v5_vector_table_shape, .fini = teardown)
{
    h = run_stub("hyp-stub-v5.o", NULL);
    uint64_t stub = sym("__hyp_stub_vectors");
    cr_assert_eq(stub & 0x7ff, 0, "2 KiB aligned");
    uint64_t a;
    cr_assert(symtab_lookup(h->m->syms, "__hyp_set_vectors", &a));
    cr_assert(symtab_lookup(h->m->syms, "__hyp_reset_vectors", &a));
    cr_assert(symtab_lookup(h->m->syms, "__hyp_finalise_el2", &a));
    /* the table lives in .hyp.text, apart from the helpers in .text */
    cr_assert(a < stub || a >= stub + 0x800);
}

/* ---- newest ABI: GET_ICH_VTR_EL2 ---- */

static void check_v6(bool gicv3)
{
    uint64_t stub = sym("__hyp_stub_vectors"), tv2 = sym("test_vectors2");
    expect_boot();
    expect_hvc(1, sym("__hyp_set_vectors") + 0xc, stub, 0);
    expect_msr("VBAR_EL2", tv2);
    expect_eret(1, sym("__hyp_set_vectors") + 0xc, 0, SPSR_EL1H);
    expect_call(sym("probe_ret1"), tv2, 0x7ab, HVC_STUB_ERR);
    cr_assert_eq(hev(h, cur - 1)->x[1], 0x7ab2, "the second table marks its answer in x1");
    expect_hvc(1, sym("__hyp_reset_vectors") + 0x8, tv2, 2);
    expect_msr("VBAR_EL2", stub);
    expect_eret(1, sym("__hyp_reset_vectors") + 0x8, 0, SPSR_EL1H);
    expect_call(sym("probe_ret2"), stub, 0x7ab, HVC_STUB_ERR);
    expect_call(sym("unknown_ret"), stub, 42, HVC_STUB_ERR);
    if (!gicv3)
        expect_call(sym("finalise_ret"), stub, 3, HVC_STUB_ERR);
    const el2_event *e = expect_call(sym("ich_ret"), stub, 4, gicv3 ? 0 : HVC_STUB_ERR);
    if (gicv3)
        cr_assert_eq(e->x[1], 0x90000003u, "x1 = ICH_VTR_EL2 of the neoverse-n1 model");
    else
        cr_assert_eq(e->x[1], 0x701u, "x1 untouched");
    e = expect_hvc(1, sym("restart_ret"), stub, 1);
    uint64_t x2 = e->x[2], x3 = e->x[3], x4 = e->x[4];
    const el2_event *r = expect_eret(2, sym("restart_el2"), x2, SPSR_EL2H);
    cr_assert_eq(r->x[1], x3);
    cr_assert_eq(r->x[2], x4);
    expect_exit(0);
}

Test(hypstub, v6_object_events_no_gicv3, .fini = teardown)
{
    h = run_stub("hyp-stub-v6.o", NULL);
    check_v6(false);
}

Test(hypstub, v6_object_events_gicv3, .fini = teardown)
{
    /* neoverse-n1: ID_AA64PFR0_EL1.GIC = 1 (and FEAT_VHE, so no FINALISE_EL2 call) */
    h = run_stub("hyp-stub-v6.o", "neoverse-n1");
    check_v6(true);
}

/* ---- the 2015 ABI: GET_VECTORS 0, SET_VECTORS 1 ---- */

Test(hypstub, v2015_object_events, .fini = teardown)
{
    h = run_stub("hyp-stub-2015.o", NULL);
    uint64_t stub = sym("__hyp_stub_vectors"), tv2 = sym("test_vectors2");
    expect_boot();
    expect_call(sym("get_ret1"), stub, 0, stub);
    const el2_event *e = expect_hvc(1, sym("__hyp_set_vectors") + 0xc, stub, 1);
    cr_assert_eq(e->x[1], tv2);
    expect_msr("VBAR_EL2", tv2);
    expect_eret(1, sym("__hyp_set_vectors") + 0xc, 0, SPSR_EL1H);
    expect_call(sym("get_ret2"), tv2, 0, tv2);       /* via the second table */
    e = expect_hvc(1, sym("__hyp_set_vectors") + 0xc, tv2, 1); /* __hyp_reset_vectors */
    cr_assert_eq(e->x[1], stub);
    expect_msr("VBAR_EL2", stub);
    expect_eret(1, sym("__hyp_set_vectors") + 0xc, 0, SPSR_EL1H);
    expect_call(sym("__hyp_get_vectors") + 0x8, stub, 0, stub);
    expect_call(sym("unknown_ret"), stub, 42, HVC_STUB_ERR);
    expect_exit(0);
}

/* ---- SMCCC / PSCI over HVC ---- */

Test(hypstub, psci_object_events, .fini = teardown)
{
    h = run_stub("psci-stub.o", NULL);
    uint64_t stub = sym("__hyp_stub_vectors");
    cur = 0;
    expect_msr("VBAR_EL2", stub);
    expect_msr("VBAR_EL1", sym("el1_vectors"));
    expect_msr("HCR_EL2", 1ull << 31);
    expect_eret(1, sym("el1_main"), SPSR_EL1H, SPSR_EL1H);
    static const struct { const char *ret; uint64_t fid, arg, result; } calls[] = {
        { "call_ret1",  0x80000000, 0x701, 0x10001 },          /* SMCCC_VERSION */
        { "call_ret3",  0x84000000, 0x701, 0x10001 },          /* PSCI_VERSION */
        { "call_ret5",  0x8400000a, 0x84000000, 0 },           /* PSCI_FEATURES(PSCI_VERSION) */
        { "call_ret7",  0x8400000a, 0xc4000003, UINT64_MAX },  /* PSCI_FEATURES(CPU_ON) */
        { "call_ret9",  0x80000001, 0x80000001, 0 },           /* ARCH_FEATURES(ARCH_FEATURES) */
        { "call_ret11", 0x80000001, 0x80008000, UINT64_MAX },  /* ARCH_FEATURES(unknown) */
        { "call_ret13", 0x86000000, 0x701, UINT64_MAX },       /* unknown */
        { "call_ret15", 0x82000000, 0x701, UINT64_MAX },       /* unknown SiP */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(calls); i++) {
        const el2_event *in = expect_hvc(1, sym(calls[i].ret), stub, calls[i].fid);
        cr_assert_eq(in->x[1], calls[i].arg);
        const el2_event *out = expect_eret(1, sym(calls[i].ret), calls[i].result, SPSR_EL1H);
        for (int r = 1; r <= 18; r++)   /* SMCCC 1.1: x1-x17 preserved (and x18) */
            cr_assert_eq(out->x[r], in->x[r], "call %zu: x%d changed", i, r);
    }
    expect_exit(0);
}

/* ---- the VHE upgrade (FINALISE_EL2) ---- */

Test(hypstub, vhe_upgrade_neoverse_n1, .fini = teardown)
{
    h = run_stub("vhe-upgrade.o", "neoverse-n1");
    harness_dump(h);
    uint64_t stub = sym("__hyp_stub_vectors"), el1v = sym("el1_vectors");
    cur = 0;
    expect_msr("VBAR_EL2", stub);
    expect_msr("HCR_EL2", 1ull << 31);
    expect_eret(1, sym("el1_main"), SPSR_EL1H, SPSR_EL1H);
    expect_msr("VBAR_EL1", el1v);
    expect_msr("TPIDR_EL1", 0x7e1d0001);
    const el2_event *in = expect_hvc(1, sym("finalise_ret"), stub, 3);
    /* the stub: HCR_EL2 = E2H | TGE | RW, then EL1 state into EL2 through *_EL12 */
    bool saw_vbar = false, saw_tpidr = false;
    const el2_event *e;
    int hcr = sysreg_find_name("HCR_EL2");
    e = next(EV_SYSREG);
    cr_assert_eq(e->sysreg, hcr, "%s", hline(h, cur - 1));
    cr_assert_eq(e->value, (1ull << 34) | (1ull << 31) | (1ull << 27), "E2H | RW | TGE");
    while (cur < h->ev->len && hev(h, cur)->kind == EV_SYSREG) {
        e = next(EV_SYSREG);
        const char *name = sysreg_table[e->sysreg].name;
        if (!strcmp(name, "VBAR_EL2")) {
            cr_assert_eq(e->value, el1v, "VBAR_EL1 written through E2H reaches VBAR_EL2");
            saw_vbar = true;
        } else if (!strcmp(name, "TPIDR_EL2")) {
            cr_assert_eq(e->value, 0x7e1d0001u);
            saw_tpidr = true;
        } else {
            cr_assert(g_str_has_suffix(name, "_EL2"), "EL2 register expected, got %s", name);
        }
    }
    cr_assert(saw_vbar, "no VBAR_EL2 write");
    cr_assert(saw_tpidr, "no TPIDR_EL2 write");
    /* the ERET returns to the caller, now at EL2h */
    const el2_event *out = expect_eret(2, sym("finalise_ret"), 0, SPSR_EL2H);
    for (int r = 1; r <= 18; r++)
        cr_assert_eq(out->x[r], in->x[r], "x%d changed", r);
    cr_assert_eq(out->sp, 0x40300000u - 0x40, "SP_EL1 copied to SP_EL2");
    expect_exit(0);
}

Test(hypstub, vhe_upgrade_refused_without_vhe, .fini = teardown)
{
    h = run_stub("vhe-upgrade.o", NULL);
    uint64_t stub = sym("__hyp_stub_vectors");
    cur = 0;
    expect_msr("VBAR_EL2", stub);
    expect_msr("HCR_EL2", 1ull << 31);
    expect_eret(1, sym("el1_main"), SPSR_EL1H, SPSR_EL1H);
    expect_msr("VBAR_EL1", sym("el1_vectors"));
    expect_msr("TPIDR_EL1", 0x7e1d0001);
    expect_call(sym("finalise_ret"), stub, 3, HVC_STUB_ERR);
    expect_exit(66);
}

/* ---- the linked executables behave like the objects ---- */

static void same_as_object(const char *stem, const char *cpu)
{
    g_autofree char *o = g_strconcat(stem, ".o", NULL);
    g_autofree char *elf = g_strconcat(stem, ".elf", NULL);
    harness *ho = run_stub(o, cpu);
    h = run_stub(elf, cpu);
    cr_assert_eq(h->exit_code, ho->exit_code, "%s: exit %d vs %d", stem, h->exit_code, ho->exit_code);
    cr_assert_eq(h->ev->len, ho->ev->len, "%s: %u vs %u events", stem, h->ev->len, ho->ev->len);
    for (guint i = 0; i < h->ev->len; i++) {
        const el2_event *a = hev(ho, i), *b = hev(h, i);
        cr_assert(a->kind == b->kind && a->exc == b->exc && a->from_el == b->from_el &&
                  a->to_el == b->to_el && a->esr == b->esr && a->elr == b->elr &&
                  a->target == b->target && a->pc == b->pc && a->spsr == b->spsr &&
                  a->sysreg == b->sysreg && a->value == b->value && a->status == b->status &&
                  a->insns == b->insns && !memcmp(a->x, b->x, sizeof a->x),
                  "%s event %u differs:\n  .o   %s\n  .elf %s", stem, i, hline(ho, i), hline(h, i));
    }
    harness_free(ho);
}

Test(hypstub, elf_same_as_object_v5, .fini = teardown) { same_as_object("hyp-stub-v5", NULL); }
Test(hypstub, elf_same_as_object_v4, .fini = teardown) { same_as_object("hyp-stub-v4", NULL); }
Test(hypstub, elf_same_as_object_v6, .fini = teardown) { same_as_object("hyp-stub-v6", "neoverse-n1"); }
Test(hypstub, elf_same_as_object_2015, .fini = teardown) { same_as_object("hyp-stub-2015", NULL); }
Test(hypstub, elf_same_as_object_psci, .fini = teardown) { same_as_object("psci-stub", NULL); }
Test(hypstub, elf_same_as_object_vhe, .fini = teardown) { same_as_object("vhe-upgrade", "neoverse-n1"); }

/* The printed lines of the .o and .elf runs match too. (Regression: the ET_REL loader used
 * to add SHN_ABS symbols (.equ constants such as HCR_RW = 0x80000000) to the address table,
 * so the object's run printed "HCR_EL2 = 0x80000000 (HCR_RW)".) */
Test(hypstub, elf_prints_like_object, .fini = teardown)
{
    harness *ho = run_stub("hyp-stub-v5.o", NULL);
    h = run_stub("hyp-stub-v5.elf", NULL);
    cr_assert_eq(h->lines->len, ho->lines->len);
    for (guint i = 0; i < h->lines->len; i++)
        cr_assert_str_eq(hline(h, i), hline(ho, i), "line %u", i);
    harness_free(ho);
}
