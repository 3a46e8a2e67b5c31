/* test_mmu.c - the MMU-on images (tests/images/mmu_*.S, issue 18): el2sim's exception
 * entries and returns for each, event by event, with ESR, ELR, FAR, the vector and (for
 * stage 2 faults) HPFAR_EL2 as the image's handler read it, and the exit status 0 the
 * image's own checks give. Each expected value comes from the Arm ARM (cited at the
 * image); the same lists are asserted on QEMU 7.2's -d int log of the image (suite
 * mmu_qemu, SKIP without QEMU), which is how they were cross-checked: the one QEMU 7.2
 * divergence allowed there is ISV (+ ISS[23:14]) on stage 1 Data Aborts taken to EL2
 * (sim/trace/trace_read.c, qemu_isv_at_el2). */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "exception.h"
#include "qemu_diff.h"
#include "symbols.h"
#include "trace.h"

/* One expected exception entry (EV_EXC) or return (EV_ERET). ELR (entries) or the target
 * (returns) is the symbol SYM + ADD, or ADD alone when SYM is NULL; an entry goes to the
 * vector VEC + VADD (VADD holds the vector offset and the VA the table is mapped at). */
typedef struct want {
    el2_event_kind kind;
    el2_exc_kind exc;
    unsigned from, to;
    uint32_t esr;
    const char *sym;
    uint64_t add;
    uint64_t far;           /* Data and Instruction Aborts */
    const char *vec;
    uint64_t vadd;
    uint64_t hpfar;         /* ERET: x26 (the handler's MRS HPFAR_EL2) when not 0 */
} want;

#define DABT(f, t, esr, sym, add, far, vec, vadd) { EV_EXC, EXC_DATA_ABORT, f, t, esr, sym, add, far, vec, vadd, 0 }
#define IABT(f, t, esr, sym, add, far, vec, vadd) { EV_EXC, EXC_INSN_ABORT, f, t, esr, sym, add, far, vec, vadd, 0 }
#define CALL(k, f, t, esr, sym, add, vec, vadd) { EV_EXC, k, f, t, esr, sym, add, 0, vec, vadd, 0 }
#define RET(f, t, sym, add) { EV_ERET, 0, f, t, 0, sym, add, 0, NULL, 0, 0 }
#define RET_HPFAR(f, t, sym, add, hpfar) { EV_ERET, 0, f, t, 0, sym, add, 0, NULL, 0, hpfar }
#define SEMIHOST(el) { EV_EXC, EXC_SEMIHOST, el, el, 0, NULL, 0, 0, NULL, 0, 0 }

/* ESR values (Arm ARM ESR_ELx): EC[31:26], IL[25] = 1 (32-bit instruction), then the ISS
 * of a Data Abort (ISV[24], SAS[23:22], SRT[20:16], SF[15], S1PTW[7], WnR[6], DFSC[5:0])
 * or an Instruction Abort (IFSC[5:0]). DFSC/IFSC: 0b0000LL Address size, 0b0001LL
 * Translation, 0b0010LL Access flag, 0b0011LL Permission fault at level LL. */
#define DABT_CUR 0x96000000u    /* EC 0x25: Data Abort, same EL */
#define DABT_LOW 0x92000000u    /* EC 0x24: Data Abort, lower EL */
#define IABT_CUR 0x86000000u    /* EC 0x21 */
#define IABT_LOW 0x82000000u    /* EC 0x20 */
#define WNR 0x40u
#define S1PTW 0x80u
#define ADDR(l) (0x00u + (l))
#define TRANS(l) (0x04u + (l))
#define AFLAG(l) (0x08u + (l))
#define PERM(l) (0x0cu + (l))
/* ISV = 1 with SAS 0b11 (doubleword), SF = 1 (64-bit register) and SRT = Rt: the
 * instruction syndrome of a stage 2 abort on LDR/STR Xt (Arm ARM: ISV is 1 for stage 2
 * aborts on single general-purpose register loads and stores without writeback). */
#define ISV_X(rt) (0x01000000u | 0x00c00000u | (uint32_t)(rt) << 16 | 0x8000u)

/* Where the images map themselves (tests/images/mmu_*.S) */
#define ALIAS_OFF 0x00003fffc0000000ull    /* mmu_el2_s1: VA 0x0000_4000_0000_0000 = PA 0x40000000 */
#define KOFF 0xffff7fffc0000000ull         /* mmu_el1_kernel: KVA 0xffff_8000_0000_0000 = PA 0x40000000 */
#define HOFF 0xffffff8000000000ull         /* mmu_vhe: HVA = PA + HOFF */
#define EL0OFF 0x40000000ull               /* mmu_vhe: EL0's VA = PA + EL0OFF */

static uint64_t addr_of(harness *h, const char *sym, uint64_t add)
{
    uint64_t a = 0;
    if (sym)
        cr_assert(symtab_lookup(h->m->syms, sym, &a), "no symbol %s in the image", sym);
    return a + add;
}

/* The events compared: exception entries and returns (as the QEMU differential does). */
static GPtrArray *flow_of(GArray *events)
{
    GPtrArray *f = g_ptr_array_new();
    for (guint i = 0; i < events->len; i++) {
        el2_event *e = &g_array_index(events, el2_event, i);
        if (e->kind == EV_EXC || e->kind == EV_ERET)
            g_ptr_array_add(f, e);
    }
    return f;
}

/* QEMU 7.2 adds the instruction syndrome to Data Aborts taken to EL2 where the Arm ARM
 * has ISV = 0 (stage 1 aborts): that alone is accepted from QEMU. */
static bool esr_matches(const el2_event *e, uint32_t want_esr, bool qemu)
{
    if (e->esr == want_esr)
        return true;
    unsigned ec = want_esr >> 26;
    return qemu && e->to_el == 2 && (ec == 0x24 || ec == 0x25) && !(want_esr & 0x01000000u) &&
           (e->esr & ~0x01ffc000u) == want_esr;
}

/* Why the entries and returns of EVENTS differ from W (N of them), or NULL. */
static char *flow_mismatch(harness *h, GArray *events, const want *w, size_t n, bool qemu)
{
    g_autoptr(GPtrArray) f = flow_of(events);
    for (size_t i = 0; i < MAX(n, f->len); i++) {
        if (i >= f->len)
            return g_strdup_printf("#%zu: no more events (%u), want %zu", i, f->len, n);
        const el2_event *e = f->pdata[i];
        g_autofree char *line = qemu_diff_format(h->m->syms, e);
        if (i >= n)
            return g_strdup_printf("#%zu: an event more than the %zu wanted: %s", i, n, line);
        if (e->kind != w[i].kind || e->from_el != w[i].from || e->to_el != w[i].to)
            return g_strdup_printf("#%zu: %s, want %s EL%u->EL%u", i, line, w[i].kind == EV_ERET ? "ERET" : "entry",
                                   w[i].from, w[i].to);
        if (e->kind == EV_ERET) {
            uint64_t t = addr_of(h, w[i].sym, w[i].add);
            if (e->illegal || e->target != t)
                return g_strdup_printf("#%zu: %s, want a legal return to 0x%" PRIx64, i, line, t);
            if (w[i].hpfar && !qemu && (!e->has_regs || e->x[26] != w[i].hpfar))
                return g_strdup_printf("#%zu: HPFAR_EL2 (x26) 0x%" PRIx64 ", want 0x%" PRIx64, i, e->x[26], w[i].hpfar);
            continue;
        }
        if (e->exc != w[i].exc)
            return g_strdup_printf("#%zu: %s, want %s", i, line, exc_kind_name(w[i].exc));
        if (e->exc == EXC_SEMIHOST)
            continue;
        if (!esr_matches(e, w[i].esr, qemu))
            return g_strdup_printf("#%zu: %s, want ESR 0x%08x", i, line, w[i].esr);
        uint64_t elr = addr_of(h, w[i].sym, w[i].add);
        if (e->elr != elr)
            return g_strdup_printf("#%zu: %s, want ELR 0x%" PRIx64, i, line, elr);
        bool far_known = qemu ? (e->old & TRACE_QEMU_LOGGED_FAR) : true;
        if ((e->exc == EXC_DATA_ABORT || e->exc == EXC_INSN_ABORT) && far_known && e->far != w[i].far)
            return g_strdup_printf("#%zu: %s, FAR 0x%" PRIx64 ", want 0x%" PRIx64, i, line, e->far, w[i].far);
        uint64_t t = addr_of(h, w[i].vec, w[i].vadd);
        if (e->target != t)
            return g_strdup_printf("#%zu: %s, want the vector 0x%" PRIx64, i, line, t);
    }
    return NULL;
}

/* el2sim runs IMAGE on CPU: the events of W and exit status 0 (every check of the image held). */
static void el2sim_run(const char *image, const char *cpu, const want *w, size_t n)
{
    g_autofree char *img = image_path(image);
    harness *h = harness_run(img, (const char *[]){ "--cpu", cpu, NULL });
    cr_assert_null(h->error, "%s: %s", image, h->error);
    g_autofree char *who = g_strdup_printf("el2sim --cpu %s %s", cpu, image);
    g_autofree char *why = flow_mismatch(h, h->ev, w, n, false);
    if (why)
        harness_dump(h);
    cr_assert_null(why, "%s: %s", who, why);
    cr_assert_eq(h->exit_code, 0, "%s: exit %d (100 + n: the image's check n failed)", who, h->exit_code);
    harness_free(h);
}

/* QEMU 7.2 runs IMAGE on its -cpu QCPU (machine as tests/test_qemu_diff.c's pairs): the same. */
static void qemu_check(const char *image, const char *qcpu, const want *w, size_t n)
{
    g_autofree char *qemu = g_find_program_in_path(QEMU_PROGRAM);
    if (!qemu)
        cr_skip(QEMU_PROGRAM " not found on PATH");
    g_autofree char *img = image_path(image);
    bool max = strcmp(qcpu, "max") == 0;
    GError *err = NULL;
    qemu_run *q = qemu_diff_run(qemu, max ? "virt,virtualization=on,gic-version=3" : "virt,virtualization=on", qcpu,
                                img, 20, 16u << 20, &err);
    cr_assert_not_null(q, "%s", err ? err->message : "");
    harness *h = harness_run(img, (const char *[]){ "--cpu", max ? "neoverse-n1" : "cortex-a57", NULL });
    cr_assert_null(h->error, "%s: %s", image, h->error);   /* for its symbols */
    g_autofree char *who = g_strdup_printf("QEMU -cpu %s %s", qcpu, image);
    g_autofree char *why = flow_mismatch(h, q->events, w, n, true);
    cr_assert_null(why, "%s: %s", who, why);
    cr_assert_null(q->stopped, "%s: %s", who, q->stopped);
    cr_assert_eq(q->status, 0, "%s: exit %d", who, q->status);
    qemu_run_free(q);
    harness_free(h);
}

#define BOTH(suite_name, image, list)                                                                         \
    Test(mmu, suite_name##_cortex_a57) { el2sim_run(image, "cortex-a57", list, G_N_ELEMENTS(list)); }        \
    Test(mmu, suite_name##_neoverse_n1) { el2sim_run(image, "neoverse-n1", list, G_N_ELEMENTS(list)); }      \
    Test(mmu_qemu, suite_name##_cortex_a57) { qemu_check(image, "cortex-a57", list, G_N_ELEMENTS(list)); }     \
    Test(mmu_qemu, suite_name##_max) { qemu_check(image, "max", list, G_N_ELEMENTS(list)); }

/* ---- mmu_el2_s1: EL2 stage 1 faults taken at EL2 from the alias -------------------------- */

/* A Data Abort at EL2 from the alias (catch2 + 0x200: current EL with SP_EL2), then the
 * handler's ERET past it. */
#define EL2_S1(sym, esr, far) DABT(2, 2, esr, sym, ALIAS_OFF, far, "catch2", 0x200), RET(2, 2, sym, ALIAS_OFF + 4)

static const want el2_s1[] = {
    EL2_S1("f_ro", DABT_CUR | WNR | PERM(3), 0x40100008),     /* AP[2] = 1, STR */
    EL2_S1("f_t0", DABT_CUR | TRANS(0), 0x0001000000000000),  /* bit 48 set, T0SZ 16 */
    EL2_S1("f_l0", DABT_CUR | TRANS(0), 0x0000008000000000),  /* L0[1] invalid */
    EL2_S1("f_l1", DABT_CUR | TRANS(1), 0x80000000),          /* L1[2] invalid */
    EL2_S1("f_l2", DABT_CUR | TRANS(2), 0x48000010),          /* L2[64] invalid */
    EL2_S1("f_l3", DABT_CUR | TRANS(3), 0x40102018),          /* L3[0x102] invalid */
    EL2_S1("f_af", DABT_CUR | AFLAG(3), 0x40101020),          /* AF = 0 */
    EL2_S1("f_as", DABT_CUR | ADDR(1), 0xc0000040),           /* 1 GiB block at 2^40, PS 40 bits */
    EL2_S1("f_stp", DABT_CUR | WNR | PERM(3), 0x40100030),    /* STP to the read-only page */
    /* BLR to the XN page: FAR = ELR = the target (the fetch faults, AArch64.CheckPermission) */
    IABT(2, 2, IABT_CUR | PERM(3), "xn_func", 0, 0x40090000, "catch2", 0x200),
    RET(2, 2, "x_call", ALIAS_OFF + 4),
    SEMIHOST(2),
};
BOTH(el2_s1, "mmu_el2_s1.elf", el2_s1)

/* ---- mmu_el1_kernel: EL1 at TTBR1 KVAs, its stub at EL2 with the MMU off ------------------ */

#define EL1_S1(sym, esr, far) DABT(1, 1, esr, sym, KOFF, far, "catch1", KOFF + 0x200), RET(1, 1, sym, KOFF + 4)

static const want el1_kernel[] = {
    RET(2, 1, "el1_start", 0),
    /* HVC from a KVA: ELR_EL2 is the KVA after it (the stub uses x0/x1 as PAs) */
    CALL(EXC_HVC, 1, 2, 0x5a000001, "k_hvc", KOFF + 4, "stub_vectors", 0x400),
    RET(2, 1, "k_hvc", KOFF + 4),
    EL1_S1("f_hole", DABT_CUR | TRANS(2), 0xffff800040000008),   /* TTBR1 L1[1] -> empty L2 */
    EL1_S1("f_ro", DABT_CUR | WNR | PERM(3), 0xffff800080000010),
    EL1_S1("f_t0", DABT_CUR | TRANS(0), 0x0000008000000000),     /* beyond T0SZ 25 */
    EL1_S1("f_gap", DABT_CUR | TRANS(0), 0xfff0000000000000),    /* neither range */
    IABT(1, 1, IABT_CUR | TRANS(2), NULL, 0xffff800040001000, 0xffff800040001000, "catch1", KOFF + 0x200),
    RET(1, 1, "k_call", KOFF + 4),
    CALL(EXC_HVC, 1, 2, 0x5a0001e0, "k_exit", KOFF + 4, "stub_vectors", 0x400),
    SEMIHOST(2),
};
BOTH(el1_kernel, "mmu_el1_kernel.elf", el1_kernel)

/* ---- mmu_s2: stage 2 faults to EL2, mapped and retried ------------------------------------ */

/* HPFAR_EL2.FIPA (bits [43:4]) = IPA[51:12]: the faulting IPA >> 12 << 4 */
static const want s2[] = {
    RET(2, 1, "el1_start", 0),
    /* LDR x1 of IPA 0x40110008: stage 2 Translation fault, level 3 */
    DABT(1, 2, DABT_LOW | ISV_X(1) | TRANS(3), "s2_ld", 0, 0x40110008, "catch2", 0x400),
    RET_HPFAR(2, 1, "s2_ld", 0, 0x401100),
    /* the stage 1 walk reads its level 3 table at IPA 0x40120000: S1PTW, no ISV */
    DABT(1, 2, DABT_LOW | S1PTW | TRANS(3), "s1ptw_ld", 0, 0x40400010, "catch2", 0x400),
    RET_HPFAR(2, 1, "s1ptw_ld", 0, 0x401200),
    /* STR x2 to S2AP read-only */
    DABT(1, 2, DABT_LOW | ISV_X(2) | WNR | PERM(3), "s2_st", 0, 0x40140018, "catch2", 0x400),
    RET(2, 1, "s2_st", 0),      /* HPFAR_EL2 UNKNOWN for a stage 2 Permission fault (IPAValid) */
    /* fetch from a stage 2 XN page: Instruction Abort from EL1, retried after the remap */
    IABT(1, 2, IABT_LOW | PERM(3), NULL, 0x40150000, 0x40150000, "catch2", 0x400),
    RET(2, 1, NULL, 0x40150000),
    /* a stage 1 fault stays at EL1 (TGE = 0) */
    DABT(1, 1, DABT_CUR | TRANS(2), "s1_ld", 0, 0x7fe00008, "catch1", 0x200),
    CALL(EXC_HVC, 1, 2, 0x5a000000, "s2_exit", 4, "catch2", 0x400),
    SEMIHOST(2),
};
BOTH(s2, "mmu_s2.elf", s2)

/* ---- a32_mmu_s2: an A32 EL1 (stage 1 off) under stage 2, issue 21 ------------------------- */

/* The guest's pages are at guest + 0x1000 * n (0x40090000: tests/images/a32_mmu_s2.S). The
 * aborts come to VBAR_EL2 + 0x600 (lower EL using AArch32) with FAR_EL2 the 32-bit VA. */
static const want a32_s2[] = {
    RET(2, 1, "guest", 0),
    /* B to page 1, which stage 2 does not map: Instruction Abort, Translation fault level 3 */
    IABT(1, 2, IABT_LOW | TRANS(3), "guest", 0x1000, 0x40091000, "el2_vectors", 0x600),
    RET_HPFAR(2, 1, "guest", 0x1000, 0x400910),
    /* B to page 2, stage 2 execute-never: Permission fault level 3 */
    IABT(1, 2, IABT_LOW | PERM(3), "guest", 0x2000, 0x40092000, "el2_vectors", 0x600),
    RET(2, 1, "guest", 0x2000),
    CALL(EXC_HVC, 1, 2, 0x4a000033, "guest", 0x2008, "el2_vectors", 0x600),
    RET(2, 1, "guest", 0x2008),
    /* LDR r3, [r4] of an IPA stage 2 does not map: ISV 1, SAS 0b10 (word), SRT 3, IL 1 */
    DABT(1, 2, DABT_LOW | 0x01800000u | 3u << 16 | TRANS(3), "guest", 0x2008, 0x40110000, "el2_vectors", 0x600),
    RET_HPFAR(2, 1, "guest", 0x2008, 0x401100),
    CALL(EXC_HVC, 1, 2, 0x4a000044, "guest", 0x2010, "el2_vectors", 0x600),
    SEMIHOST(2),
};
/* el2sim: every entry and return of the list (the image checks ESR, ELR, FAR, SPSR and
 * HPFAR of each too); the LDR's Data Abort carries the AArch32 instruction syndrome (ISV,
 * SAS, SRT: a32_access.c's LSInstructionSyndrome). Before, the ERET into AArch32 with stage
 * 2 on was refused; then the LDR stopped the run. */
Test(mmu, a32_s2, .timeout = 60)
{
    g_autofree char *img = image_path("a32_mmu_s2.elf");
    harness *h = harness_run(img, (const char *[]){ "--cpu", "cortex-a57", NULL });
    cr_assert_null(h->error, "%s", h->error);
    g_autofree char *why = flow_mismatch(h, h->ev, a32_s2, G_N_ELEMENTS(a32_s2), false);
    if (why)
        harness_dump(h);
    cr_assert_null(why, "%s", why);
    cr_assert_eq(h->exit_code, 0, "exit %d (100 + n: the image's check n failed): %s", h->exit_code,
                 h->m->cpu->stop_msg);
    cr_assert_eq(h->m->cpu->sr[SR_HPFAR_EL2], 0x401100, "HPFAR_EL2 of the Data Abort");
    harness_free(h);
}
Test(mmu_qemu, a32_s2, .timeout = 60) { qemu_check("a32_mmu_s2.elf", "cortex-a57", a32_s2, G_N_ELEMENTS(a32_s2)); }

/* ---- a32_mmu_s1: an A32 EL1 turns its own stage 1 on, issue 21 ---------------------------- */

/* The guest (at 0x40090000 = guest) writes TTBR0, TTBCR, DACR and SCTLR.M by MCR, then runs
 * at the alias VA 0x80090000 + offset: its HVCs report ELR_EL2 as the alias VA; the load
 * through the alias reads 0x5a5a1234 (the image's check 4). A load from VA 0x90000000 (no
 * section) is a Data Abort taken to its Abort mode (VBAR = guest + 0x100, + 0x10; the
 * event has no syndrome, as every exception to an AArch32 EL1, and the DFAR as its FAR; the
 * image's EL2 checks DFSR 0x5 and DFAR at the handler's HVC #0x34), whose SUBS PC, LR, #4 returns;
 * then the same with the long-descriptor format (TTBCR.EAE = 1, TTBR0 by MCRR): HVC #0x23 at
 * the alias, and a fetch from VA 0xc0000000 is a Prefetch Abort to Abort mode (+ 0x0C;
 * IFSR 0x205 and IFAR checked at HVC #0x33), exit 0. QEMU 7.2 runs it to exit 0 too. Before,
 * the MCR setting SCTLR.M stopped the run. */
static const want a32_s1[] = {
    RET(2, 1, "guest", 0),
    CALL(EXC_HVC, 1, 2, 0x4a000011, NULL, 0x80090040, "el2_vectors", 0x600),
    RET(2, 1, NULL, 0x80090040),
    CALL(EXC_HVC, 1, 2, 0x4a000022, NULL, 0x8009004c, "el2_vectors", 0x600),
    RET(2, 1, NULL, 0x8009004c),
    DABT(1, 1, 0, NULL, 0x80090050, 0x90000000, "guest", 0x110),
    CALL(EXC_HVC, 1, 2, 0x4a000034, "guest", 0xe0, "el2_vectors", 0x600),
    RET(2, 1, "guest", 0xe0),
    RET(1, 1, NULL, 0x80090054),
    CALL(EXC_HVC, 1, 2, 0x4a000023, NULL, 0x800900bc, "el2_vectors", 0x600),
    RET(2, 1, NULL, 0x800900bc),
    IABT(1, 1, 0, NULL, 0xc0000000, 0xc0000000, "guest", 0x10c),
    CALL(EXC_HVC, 1, 2, 0x4a000033, "guest", 0x110, "el2_vectors", 0x600),
    SEMIHOST(2),
};
Test(mmu, a32_s1, .timeout = 60) { el2sim_run("a32_mmu_s1.elf", "cortex-a57", a32_s1, G_N_ELEMENTS(a32_s1)); }

/* ---- mmu_tlbi: no aborts; the values read after each TLBI are the image's checks ---------- */

static const want tlbi[] = {
    RET(2, 1, "el1_start", 0),
    CALL(EXC_HVC, 1, 2, 0x5a000001, "t_hvc", 4, "vectors", 0x400),
    RET(2, 1, "t_hvc", 4),
    CALL(EXC_HVC, 1, 2, 0x5a0001e0, "t_exit", 4, "vectors", 0x400),
    SEMIHOST(2),
};
BOTH(tlbi, "mmu_tlbi.elf", tlbi)

/* ---- mmu_granules: 64 KiB everywhere, 16 KiB where TGran16 says so ----------------------- */

#define GRAN(sym, esr, far) DABT(2, 2, esr, sym, 0, far, "catch2", 0x200), RET(2, 2, sym, 4)
#define GRANULES_64K                                                                                    \
    GRAN("g64_ro", DABT_CUR | WNR | PERM(3), 0x40100010), GRAN("g64_l3", DABT_CUR | TRANS(3), 0x48000000), \
        GRAN("g64_l2", DABT_CUR | TRANS(2), 0x80000008), GRAN("g64_as", DABT_CUR | ADDR(2), 0xa0000010)

static const want granules_a57[] = { GRANULES_64K, SEMIHOST(2) };   /* TGran16 = 0 */
static const want granules_16k[] = {
    GRANULES_64K,
    GRAN("g16_ro", DABT_CUR | WNR | PERM(3), 0x40100010),
    GRAN("g16_l3", DABT_CUR | TRANS(3), 0x40104000),
    GRAN("g16_l2", DABT_CUR | TRANS(2), 0x50000008),
    SEMIHOST(2),
};
Test(mmu, granules_cortex_a57) { el2sim_run("mmu_granules.elf", "cortex-a57", granules_a57, G_N_ELEMENTS(granules_a57)); }
Test(mmu, granules_neoverse_n1) { el2sim_run("mmu_granules.elf", "neoverse-n1", granules_16k, G_N_ELEMENTS(granules_16k)); }
Test(mmu_qemu, granules_cortex_a57) { qemu_check("mmu_granules.elf", "cortex-a57", granules_a57, G_N_ELEMENTS(granules_a57)); }
Test(mmu_qemu, granules_max) { qemu_check("mmu_granules.elf", "max", granules_16k, G_N_ELEMENTS(granules_16k)); }

/* ---- mmu_vhe: the EL2&0 regime, a host EL0 under TGE -------------------------------------- */

#define VHE_S1(sym, esr, far) DABT(2, 2, esr, sym, HOFF, far, "catch2", HOFF + 0x200), RET(2, 2, sym, HOFF + 4)

static const want vhe[] = {
    VHE_S1("f_l1", DABT_CUR | TRANS(1), 0xffffff8080000008),    /* TTBR1_EL2 L1[2] invalid */
    VHE_S1("f_t0", DABT_CUR | TRANS(0), 0x0000008000000000),    /* beyond T0SZ 25 */
    VHE_S1("f_gap", DABT_CUR | TRANS(0), 0xffff000000000000),   /* neither range */
    RET(2, 0, "el0_code", EL0OFF),
    /* EL0 reads the EL2-only 1 GiB block: Permission fault, level 1, to EL2 under TGE */
    DABT(0, 2, DABT_LOW | PERM(1), "el0_fault", EL0OFF, 0x40100000, "catch2", HOFF + 0x400),
    RET(2, 0, "el0_fault", EL0OFF + 4),
    CALL(EXC_SVC, 0, 2, 0x56000055, "el0_svc", EL0OFF + 4, "catch2", HOFF + 0x400),
    SEMIHOST(2),
};
Test(mmu, vhe_neoverse_n1) { el2sim_run("mmu_vhe.elf", "neoverse-n1", vhe, G_N_ELEMENTS(vhe)); }
Test(mmu_qemu, vhe_max) { qemu_check("mmu_vhe.elf", "max", vhe, G_N_ELEMENTS(vhe)); }

/* ---- mmu_pan: PSTATE.PAN with EL1's stage 1 on (FEAT_PAN: the vhe pair) -------------------- */

static const want pan[] = {
    RET(2, 1, "el1_start", 0),
    /* PAN set: a privileged read of a page EL0 can access is a Permission fault, level 3
     * (AArch64.CheckPermission); with PAN clear, through LDTR, and of an EL1-only page: none */
    DABT(1, 1, DABT_CUR | PERM(3), "p_on", 0, 0x40100000, "catch1", 0x200),
    RET(1, 1, "p_on", 4),
    CALL(EXC_HVC, 1, 2, 0x5a0001e0, "p_exit", 4, "stub_vectors", 0x400),
    SEMIHOST(2),
};
Test(mmu, pan_neoverse_n1) { el2sim_run("mmu_pan.elf", "neoverse-n1", pan, G_N_ELEMENTS(pan)); }
Test(mmu_qemu, pan_max) { qemu_check("mmu_pan.elf", "max", pan, G_N_ELEMENTS(pan)); }

/* ---- mmu_align: alignment by memory type with EL2's stage 1 on (el2sim only: QEMU 7.2 does
 * not fault misaligned Device accesses, README "Known QEMU 7.2 differences") -------------- */

static const want align_want[] = {
    /* Normal memory, SCTLR_EL2.A = 0: the misaligned load completes (no event);
     * Device-nGnRE: Alignment fault, DFSC 0b100001 (AArch64.CheckAlignment) */
    DABT(2, 2, DABT_CUR | 0x21, "a_dev", 0, 0x40103004, "catch2", 0x200),
    RET(2, 2, "a_dev", 4),
    /* SCTLR_EL2.A = 1: Normal memory faults too */
    DABT(2, 2, DABT_CUR | 0x21, "a_norm", 0, 0x40100002, "catch2", 0x200),
    RET(2, 2, "a_norm", 4),
    SEMIHOST(2),
};
Test(mmu, align_cortex_a57) { el2sim_run("mmu_align.elf", "cortex-a57", align_want, G_N_ELEMENTS(align_want)); }
Test(mmu, align_neoverse_n1) { el2sim_run("mmu_align.elf", "neoverse-n1", align_want, G_N_ELEMENTS(align_want)); }

/* ---- mmu_hafdbs: hardware Access flag and dirty state (TCR_EL2.HA/HD, the vhe pair) -------
 * No exception at all: eight Access flag updates by one load in a loop and a writable-clean
 * page made dirty by a store, each checked in the descriptors by the image. */
static const want hafdbs[] = {
    SEMIHOST(2),
};
Test(mmu, hafdbs_neoverse_n1) { el2sim_run("mmu_hafdbs.elf", "neoverse-n1", hafdbs, G_N_ELEMENTS(hafdbs)); }
Test(mmu_qemu, hafdbs_max) { qemu_check("mmu_hafdbs.elf", "max", hafdbs, G_N_ELEMENTS(hafdbs)); }

/* ---- mmu_asid: other code at the same EL1 virtual address after a TTBR0_EL1 switch --------
 * (el2sim learns blocks by virtual address: its block cache goes with every translation
 * change, or the MRS of the second space would run with no semantics; the image checks the
 * values, exit 0). */
static const want asid[] = {
    RET(2, 1, "el1_start", 0),
    CALL(EXC_HVC, 1, 2, 0x5a0001e0, "a_exit", 4, "stub_vectors", 0x400),
    SEMIHOST(2),
};
BOTH(asid, "mmu_asid.elf", asid)

/* mmu_vhe with EL1's stage 1 already on when the image sets HCR_EL2.E2H (el2sim is in mirror
 * mode before E2H comes): the engine's E2H is checked after the registers are mirrored (it
 * was checked before, and the run stopped with "needs an engine core with FEAT_VHE") */
Test(mmu, vhe_after_el1_translation_neoverse_n1)
{
    g_autofree char *img = image_path("mmu_vhe.elf");
    harness *h = harness_run(img, (const char *[]){ "--cpu", "neoverse-n1", "--reg", "sctlr_el1=0x30d00801", NULL });
    cr_assert_null(h->error, "%s", h->error);
    g_autofree char *why = flow_mismatch(h, h->ev, vhe, G_N_ELEMENTS(vhe), false);
    cr_assert_null(why, "%s", why);
    cr_assert_eq(h->exit_code, 0, "exit %d", h->exit_code);
    harness_free(h);
}

/* ---- mmu_gic: the GIC distributor (MMIO) through a non-identity EL2 translation ----------
 * (a translation to a modelled device is no External abort: it was one, before) */
static const want gic_va[] = {
    SEMIHOST(2),
};
Test(mmu, gic_through_translation_neoverse_n1) { el2sim_run("mmu_gic.elf", "neoverse-n1", gic_va, G_N_ELEMENTS(gic_va)); }
Test(mmu_qemu, gic_through_translation_max) { qemu_check("mmu_gic.elf", "max", gic_va, G_N_ELEMENTS(gic_va)); }
