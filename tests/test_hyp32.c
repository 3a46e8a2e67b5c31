/* test_hyp32.c - the AArch32 Hyp-mode machine (issue 21 item 2, --arch aarch32): boot in
 * Hyp mode, Hyp mode entry (HVBAR offsets, HSR, ELR_hyp, SPSR_hyp) and ERET, the
 * command line's bad combinations. Images: tests/images/hyp32_*.S (32-bit Arm ELF). */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include "harness.h"
#include "exception.h"
#include "hyp32.h"

static harness *h;

static void teardown(void)
{
    harness_free(h);
    h = NULL;
}

static const char *const a15[] = { "--arch", "aarch32", "--cpu", "cortex-a15", NULL };

static harness *run32(const char *name, const char *const *opts)
{
    g_autofree char *img = image_path(name);
    harness *r = harness_run(img, opts ? opts : a15);
    cr_assert_null(r->error, "%s: %s", name, r->error);
    return r;
}

static uint64_t sym(const char *name)
{
    uint64_t a = 0;
    cr_assert(symtab_lookup(h->m->syms, name, &a), "no symbol %s", name);
    return a;
}

/* One exception entry: kind, from and to EL, HSR, ELR_hyp, SPSR_hyp, vector offset */
static void assert_entry(guint i, el2_exc_kind kind, unsigned from, uint32_t hsr, uint64_t pc, uint64_t elr,
                         uint32_t spsr, uint32_t off)
{
    const el2_event *e = hev(h, i);
    cr_assert_eq(e->kind, EV_EXC, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->exc, kind, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->from_el, from, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->to_el, 2, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->esr, hsr, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->pc, pc, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->elr, elr, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->spsr, spsr, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->vector_off, off, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->target, sym("hyp_vectors") + off, "%u: %s", i, hline(h, i));
}

static void assert_eret(guint i, unsigned from, unsigned to, uint32_t spsr, uint64_t target)
{
    const el2_event *e = hev(h, i);
    cr_assert_eq(e->kind, EV_ERET, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->from_el, from, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->to_el, to, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->spsr, spsr, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->target, target, "%u: %s", i, hline(h, i));
    cr_assert_not(e->illegal, "%u: %s", i, hline(h, i));
}

/* Boot in Hyp mode; HVC, UDF and SVC in Hyp mode at HVBAR + 0x08, 0x04, 0x08; ERET to
 * Supervisor mode; HVC from Supervisor mode at the Hyp Trap entry HVBAR + 0x14 */
Test(hyp32, entry_and_return, .fini = teardown)
{
    h = run32("hyp32_basic.elf", NULL);
    cr_assert_eq(h->ev->len, 13, "events: %u", h->ev->len);
    cr_assert_eq(hev(h, 0)->kind, EV_SYSREG);                       /* MCR HVBAR */
    /* A32 timing classes: the LDR (literal) before the MCR costs a load (and the first block
       the taken-branch penalty), not an ALU instruction */
    const uint32_t *cost = h->m->model->cost;
    cr_assert_eq(hev(h, 0)->cycles, cost[IC_LOAD] + cost[IC_BRANCH_TAKEN], "%s", hline(h, 0));
    cr_assert_neq(cost[IC_LOAD], cost[IC_ALU]);
    assert_entry(1, EXC_HVC, 2, 0x4a000001, sym("hvc_in_hyp"), sym("undef_in_hyp"), 0x1da, 0x08);
    assert_eret(2, 2, 2, 0x1da, sym("undef_in_hyp"));
    assert_entry(3, EXC_UNDEF, 2, 0x02000000, sym("undef_in_hyp"), sym("undef_in_hyp"), 0x1da, 0x04);
    assert_eret(4, 2, 2, 0x1da, sym("svc_in_hyp"));
    assert_entry(5, EXC_SVC, 2, 0x46000055, sym("svc_in_hyp"), sym("svc_in_hyp") + 4, 0x1da, 0x08);
    assert_eret(6, 2, 2, 0x1da, sym("svc_in_hyp") + 4);
    assert_eret(7, 2, 1, 0x1d3, sym("svc_code"));
    assert_entry(8, EXC_HVC, 1, 0x4a000012, sym("hvc_from_svc"), sym("hvc_from_svc") + 4, 0x1d3, 0x14);
    assert_eret(9, 2, 1, 0x1d3, sym("hvc_from_svc") + 4);
    assert_entry(10, EXC_HVC, 1, 0x4a000034, sym("hvc_last"), sym("hvc_last") + 4, 0x1d3, 0x14);
    cr_assert_eq(hev(h, 11)->exc, EXC_SEMIHOST);
    const el2_event *stop = hev(h, 12);
    cr_assert_eq(stop->stop, STOP_SEMIHOST_EXIT);
    cr_assert_eq(stop->pc, sym("hyp_done") + 8);
    /* the handler's registers: HSR by MRC (r3), ELR_hyp by MRS (r4); R1 set in SVC mode */
    cr_assert_eq(stop->x[3], 0x4a000034u);
    cr_assert_eq(stop->x[4], sym("hvc_last") + 4);
    cr_assert_eq(hev(h, 10)->x[1], 7u, "R1 at the last HVC");
    cr_assert_eq(stop->x[2], 9u);
    cr_assert_eq(stop->x[1], 0x20026u, "SYS_EXIT's reason");
    cr_assert_eq(h->m->cpu->sr[SR_ESR_EL2], 0x4a000034u, "HSR");
    cr_assert_eq(h->m->cpu->sr[SR_ELR_EL2], sym("hvc_last") + 4, "ELR_hyp");
    cr_assert_eq(h->m->cpu->sr[SR_SPSR_EL2], 0x1d3u, "SPSR_hyp");
    cr_assert_eq(h->exit_code, 0);
}

/* --el 1 boots in Supervisor mode: the first HVC is a Hyp Trap from EL1 */
Test(hyp32, boot_in_svc_mode, .fini = teardown)
{
    h = run32("hyp32_basic.elf", (const char *const[]){ "--arch", "aarch32", "--cpu", "cortex-a15", "--el", "1",
                                                        "--entry", "svc_code", "--max-insns", "3", NULL });
    int k = hfind(h, EV_EXC, 0);
    cr_assert_geq(k, 0);
    cr_assert_eq(hev(h, (guint)k)->from_el, 1);
    cr_assert_eq(hev(h, (guint)k)->spsr, 0x1d3u, "%s", hline(h, (guint)k));
    cr_assert_eq(hev(h, (guint)k)->vector_off, 0x14u);
}

/* Bad combinations: one line, exit 2 */
static void assert_refused(const char *image, const char *const *opts, const char *msg)
{
    g_autofree char *img = image_path(image);
    h = harness_run(img, opts);
    cr_assert_not_null(h->error);
    cr_assert_str_eq(h->error, msg);
    cr_assert_eq(h->exit_code, 2);
}

Test(hyp32, aarch64_image_refused, .fini = teardown)
{
    g_autofree char *img = image_path("hvc_paths.elf");
    g_autofree char *msg = g_strdup_printf("%s: an AArch64 ELF cannot run with --arch aarch32 (it needs a 32-bit "
                                           "Arm ELF)", img);
    assert_refused("hvc_paths.elf", a15, msg);
}

Test(hyp32, arm32_image_needs_arch, .fini = teardown)
{
    g_autofree char *img = image_path("hyp32_basic.elf");
    g_autofree char *msg = g_strdup_printf("%s: a 32-bit Arm ELF (A32/T32 code) runs only with --arch aarch32", img);
    assert_refused("hyp32_basic.elf", (const char *const[]){ "--cpu", "cortex-a15", NULL }, msg);
}

Test(hyp32, aarch64_only_cpu_refused, .fini = teardown)
{
    assert_refused("hyp32_basic.elf", (const char *const[]){ "--arch", "aarch32", "--cpu", "neoverse-n1", NULL },
                   "--arch aarch32: CPU model neoverse-n1 has no AArch32 at EL2 (Hyp mode): its ID_AA64PFR0_EL1.EL2 is 0x1");
}

Test(hyp32, bad_arch_value, .fini = teardown)
{
    assert_refused("hyp32_basic.elf", (const char *const[]){ "--arch", "arm", NULL },
                   "--arch arm: expected aarch64 or aarch32");
}

/* PSCI over SMC from Hyp and Supervisor mode (SMC32: R0 the function ID, the result in
 * R0; an SMC64 ID is NOT_SUPPORTED from AArch32); semihosting by HLT 0xf000, SVC 0x123456
 * and T32 SVC 0xab, ending with SYS_EXIT_EXTENDED status 3 */
Test(hyp32, psci_and_semihosting, .fini = teardown)
{
    h = run32("hyp32_services.elf", NULL);
    static const struct { el2_event_kind kind; el2_exc_kind exc; unsigned from, to; const char *at; } want[] = {
        { EV_EXC, EXC_FIRMWARE, 2, 3, "smc_version" }, { EV_ERET, 0, 3, 2, "smc_version" },
        { EV_EXC, EXC_FIRMWARE, 2, 3, "smc_64" }, { EV_ERET, 0, 3, 2, "smc_64" },
        { EV_EXC, EXC_SEMIHOST, 2, 2, "hlt_write0" }, { EV_ERET, 0, 2, 1, NULL },
        { EV_EXC, EXC_FIRMWARE, 1, 3, "smc_features" }, { EV_ERET, 0, 3, 1, "smc_features" },
        { EV_EXC, EXC_SEMIHOST, 1, 1, "svc_writec" }, { EV_EXC, EXC_SEMIHOST, 1, 1, "svc_exit" },
    };
    cr_assert_eq(h->ev->len, G_N_ELEMENTS(want) + 1, "events: %u", h->ev->len);
    for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
        const el2_event *e = hev(h, i);
        cr_assert_eq(e->kind, want[i].kind, "%u: %s", i, hline(h, i));
        if (want[i].kind == EV_EXC)
            cr_assert_eq(e->exc, want[i].exc, "%u: %s", i, hline(h, i));
        cr_assert_eq(e->from_el, want[i].from, "%u: %s", i, hline(h, i));
        cr_assert_eq(e->to_el, want[i].to, "%u: %s", i, hline(h, i));
        if (want[i].at)
            cr_assert_eq(e->pc, sym(want[i].at), "%u: %s", i, hline(h, i));
    }
    cr_assert_eq(hev(h, 0)->esr, 0x4fe00000u, "SMC32 syndrome (AL)");
    cr_assert_eq(hev(h, 1)->value, 0x10001u, "PSCI 1.1");
    cr_assert_eq(hev(h, 3)->value, 0xffffffffu, "SMC64 ID from AArch32: NOT_SUPPORTED, 32 bits");
    cr_assert_eq(hev(h, 7)->value, 0u, "PSCI_FEATURES(PSCI_VERSION)");
    cr_assert_eq(hev(h, 4)->value, 4u, "SYS_WRITE0");
    cr_assert_eq(hev(h, 8)->value, 3u, "SYS_WRITEC");
    cr_assert_eq(hev(h, 9)->value, 0x20u, "SYS_EXIT_EXTENDED");
    const el2_event *stop = hev(h, 10);
    cr_assert_eq(stop->stop, STOP_SEMIHOST_EXIT);
    cr_assert_eq(stop->status, 3);
    cr_assert_eq(stop->pc, sym("svc_exit"));
    cr_assert_eq(stop->x[6], 0x10001u);
    cr_assert_eq(stop->x[7], 0xffffffffu);
    cr_assert_eq(stop->x[8], 0u);
    cr_assert_eq(h->exit_code, 3);
}

/* SYS_EXIT from AArch32: R1 is the reason itself (ADP_Stopped_ApplicationExit: status 0) */
Test(hyp32, semihosting_sys_exit, .fini = teardown)
{
    h = run32("hyp32_services.elf", (const char *const[]){ "--arch", "aarch32", "--cpu", "cortex-a15",
                                                           "--entry", "exit_plain", NULL });
    cr_assert_eq(h->ev->len, 2);
    cr_assert_eq(hev(h, 0)->exc, EXC_SEMIHOST);
    cr_assert_eq(hev(h, 0)->value, 0x18u);
    cr_assert_eq(hev(h, 1)->stop, STOP_SEMIHOST_EXIT);
    cr_assert_eq(hev(h, 1)->pc, sym("hlt_exit"));
    cr_assert_eq(h->exit_code, 0);
}

/* The Hyp Trap entry (HVBAR + 0x14) for HCR.TVM, HSTR.T2, HCR.TSC and HCR.TWI from
 * Supervisor mode (ELR_hyp = the trapped instruction) and HCR.TGE from User mode; an
 * illegal ERET (SPSR.M = Monitor) keeps Hyp mode with PSTATE.IL set, and the next
 * instruction takes the Illegal Execution state exception at HVBAR + 0x04 */
Test(hyp32, traps_and_illegal_return, .fini = teardown)
{
    h = run32("hyp32_traps.elf", NULL);
    cr_assert_eq(h->ev->len, 20, "events: %u", h->ev->len);
    assert_entry(4, EXC_SYSREG_TRAP, 1, 0x0fe00400, sym("tvm_mcr"), sym("tvm_mcr"), 0x1d3, 0x14);
    assert_eret(5, 2, 1, 0x1d3, sym("hstr_mrc"));
    assert_entry(6, EXC_SYSREG_TRAP, 1, 0x0fe00821, sym("hstr_mrc"), sym("hstr_mrc"), 0x1d3, 0x14);
    assert_entry(8, EXC_SMC_TRAP, 1, 0x4fe00000, sym("tsc_smc"), sym("tsc_smc"), 0x1d3, 0x14);
    assert_entry(10, EXC_WFX_TRAP, 1, 0x07e00000, sym("twi_wfi"), sym("twi_wfi"), 0x1d3, 0x14);
    assert_entry(12, EXC_HVC, 1, 0x4a000001, sym("to_user"), sym("to_user") + 4, 0x1d3, 0x14);
    assert_eret(14, 2, 0, 0x1d0, sym("tge_svc"));
    assert_entry(15, EXC_SVC, 0, 0x46000042, sym("tge_svc"), sym("tge_svc") + 4, 0x1d0, 0x14);
    const el2_event *e = hev(h, 16);
    cr_assert_eq(e->kind, EV_ERET);
    cr_assert(e->illegal, "%s", hline(h, 16));
    cr_assert_eq(e->from_el, 2);
    cr_assert_eq(e->to_el, 2);
    cr_assert_eq(e->spsr, 0x1d6u);
    cr_assert_eq(e->pc, sym("illegal_eret"));
    assert_entry(17, EXC_ILLEGAL_STATE, 2, 0x3a000000, sym("tge_svc") + 4, sym("tge_svc") + 4, 0x1001da, 0x04);
    const el2_event *stop = hev(h, 19);
    cr_assert_eq(stop->stop, STOP_SEMIHOST_EXIT);
    cr_assert_eq(stop->x[3], 0x3a000000u, "HSR read in the Undefined handler");
    cr_assert_eq(stop->x[4], 0x1001dau, "SPSR_hyp: PSTATE.IL was set");
    cr_assert_eq(h->exit_code, 0);
}

/* Event lines on the Hyp-mode machine: the modes instead of the ELs, A32 disassembly of
 * the MCR, MRC, SMC, WFI and ERET, and the r-registers of the event's mode */
Test(hyp32, event_lines, .fini = teardown)
{
    h = run32("hyp32_traps.elf", NULL);
    static const struct { guint i; const char *text; } want[] = {
        { 0, "MSR         Hyp       _start+0x4                   mcr p15, #4, r0, c12, c0, #0 HVBAR = 0x40080060 "
             "(hyp_vectors)  [was 0x0]" },
        { 3, "ERET        Hyp->SVC  _start+0x28                  eret                   SPSR 0x1d3  -> svc_code" },
        { 4, "SYSREG-TRAP SVC->Hyp  svc_code                     mcr p15, #0, r0, c1, c0, #0 ESR 0x0fe00400 CP15_RT  "
             "ELR svc_code  SPSR 0x1d3  -> hyp_vectors+0x14" },
        { 10, "WFX-TRAP    SVC->Hyp  twi_wfi                      wfi                    ESR 0x07e00000 WFx  ELR twi_wfi  "
              "SPSR 0x1d3  -> hyp_vectors+0x14" },
        { 14, "ERET        Hyp->USR  trap_hvc+0x18                eret                   SPSR 0x1d0  -> tge_svc" },
        { 15, "SVC         USR->Hyp  tge_svc                      svc #0x42              ESR 0x46000042 SVC32  "
              "ELR tge_svc+0x4  SPSR 0x1d0  -> hyp_vectors+0x14" },
        { 16, "ERET-ILLEGAL Hyp->Hyp  illegal_eret                 eret                   SPSR 0x1d6  -> tge_svc+0x4  "
              "(illegal return: PSTATE.IL set, EL unchanged)" },
        { 18, "SEMIHOST    Hyp       hyp_undef+0x10               hlt #0xf000            SYS_EXIT(0x18)" },
        { 19, "STOP        Hyp       hyp_undef+0x10               semihosting-exit status=0" },
    };
    for (unsigned k = 0; k < G_N_ELEMENTS(want); k++)
        cr_assert(g_str_has_suffix(hline(h, want[k].i), want[k].text), "%u: %s", want[k].i, hline(h, want[k].i));
    const el2_event *e = hev(h, 4);
    cr_assert_eq(e->a32, 0x80 | 0x13, "mode SVC, A32");
    cr_assert_eq(hev(h, 0)->a32, 0x80 | 0x1a, "mode Hyp, A32");
}

/* --- the binaries: traces (1.4) and el2trace --- */

typedef struct { char *out, *err; int code; } result;

static result spawn(const char *prog, const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)g_getenv(prog));
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(argv, (char *)*a);
    g_ptr_array_add(argv, NULL);
    result r = { 0 };
    int st;
    cr_assert(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &r.out, &r.err, &st, NULL));
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    g_ptr_array_free(argv, TRUE);
    return r;
}

/* The trace of a Hyp-mode run is 1.4 with the aarch32 flag and every event's mode: el2trace
 * dump prints the run's own lines (modes, A32 disassembly, r-registers), json the mode */
Test(hyp32, trace_records_modes, .fini = teardown)
{
    g_autofree char *img = image_path("hyp32_traps.elf");
    g_autofree char *dir = g_dir_make_tmp("hyp32-XXXXXX", NULL);
    g_autofree char *tr = g_build_filename(dir, "t.trace", NULL);
    result run = spawn("EL2SIM", (const char *const[]){ "run", "--regs", "--arch", "aarch32", "--cpu", "cortex-a15",
                                                        "--trace", tr, img, NULL });
    cr_assert_eq(run.code, 0, "%s", run.err);
    result dump = spawn("EL2TRACE", (const char *const[]){ "dump", "--header", "--regs", tr, NULL });
    cr_assert_eq(dump.code, 0, "%s", dump.err);
    cr_assert(g_str_has_prefix(dump.out, "# el2sim trace 1.4 by el2sim "), "%s", dump.out);
    cr_assert(strstr(dump.out, ", CPU cortex-a15, flags regs stamps pc aarch32\n"), "%s", dump.out);
    const char *body = strstr(dump.out, " events\n");
    cr_assert_not_null(body);
    cr_assert_str_eq(body + strlen(" events\n"), run.out, "el2trace dump prints el2sim's lines");
    cr_assert(strstr(run.out, "  r0 =40080060 r1 =00000000"), "%s", run.out);
    result json = spawn("EL2TRACE", (const char *const[]){ "json", tr, NULL });
    cr_assert_eq(json.code, 0);
    cr_assert(strstr(json.out, "\"disasm\": \"svc #0x42\", \"mode\": \"0x10\", \"isa\": \"A32\""), "%s", json.out);
    g_unlink(tr);
    g_rmdir(dir);
    g_free(run.out); g_free(run.err); g_free(dump.out); g_free(dump.err); g_free(json.out); g_free(json.err);
}

/* [machine] arch = aarch32 in a scenario builds the Hyp-mode machine (its bad
 * combinations as --arch's: one line, exit 2) */
Test(hyp32, scenario_machine_arch, .fini = teardown)
{
    g_autofree char *img = image_path("hvc_paths.elf");
    g_autofree char *dir = g_dir_make_tmp("hyp32-XXXXXX", NULL);
    g_autofree char *scn = g_build_filename(dir, "a.scn", NULL);
    g_autofree char *text = g_strdup_printf("[machine]\nimages = %s\narch = aarch32\ncpu = cortex-a15\n\n[setup]\n"
                                            "mode = boot\nentry = _start\nstop-at = _start\n\n[call a]\ncall = _start\n", img);
    cr_assert(g_file_set_contents(scn, text, -1, NULL));
    result r = spawn("EL2SIM", (const char *const[]){ "scenario", scn, NULL });
    g_autofree char *want = g_strdup_printf("el2sim: %s: %s: an AArch64 ELF cannot run with --arch aarch32 (it needs a "
                                            "32-bit Arm ELF)\n", scn, img);
    cr_assert_str_eq(r.err, want);
    cr_assert_eq(r.code, 2);
    g_unlink(scn);
    g_rmdir(dir);
    g_free(r.out);
    g_free(r.err);
}

/* 32-bit ELFs the loader refuses: a relocatable object, another machine (one line, exit 2) */
Test(hyp32, elf32_refused, .fini = teardown)
{
    g_autofree char *obj = image_path("hyp32_basic.o");
    g_autofree char *msg = g_strdup_printf("%s: a 32-bit ELF must be an executable (e_type 1): link it first", obj);
    assert_refused("hyp32_basic.o", a15, msg);
    harness_free(h);
    g_autofree char *img = image_path("hyp32_basic.elf");
    gchar *bytes = NULL;
    gsize len = 0;
    cr_assert(g_file_get_contents(img, &bytes, &len, NULL));
    bytes[18] = 3;                                   /* e_machine EM_386 */
    g_autofree char *dir = g_dir_make_tmp("hyp32-XXXXXX", NULL);
    g_autofree char *x86 = g_build_filename(dir, "x86.elf", NULL);
    cr_assert(g_file_set_contents(x86, bytes, (gssize)len, NULL));
    g_free(bytes);
    h = harness_run(x86, a15);
    g_autofree char *want = g_strdup_printf("%s: not an Arm ELF (32-bit, e_machine 3)", x86);
    cr_assert_str_eq(h->error, want);
    cr_assert_eq(h->exit_code, 2);
    g_unlink(x86);
    g_rmdir(dir);
}

/* T32: a Thumb entry boots with CPSR.T; HVC.W in Hyp mode (HSR IL = 1); with HSCTLR.TE the
 * entry is in T32 (SPSR_hyp.T kept); the T32 ERET (F3DE 8F00) returns, to T32 Supervisor
 * mode at ELR_hyp with bit 0 cleared; a 16-bit SVC 0xab is semihosting (status 5) */
Test(hyp32, thumb, .fini = teardown)
{
    h = run32("hyp32_thumb.elf", NULL);
    cr_assert_eq(h->ev->len, 7, "events: %u", h->ev->len);
    const el2_event *e = hev(h, 2);
    cr_assert_eq(e->exc, EXC_HVC, "%s", hline(h, 2));
    cr_assert_eq(e->esr, 0x4a000077u);
    cr_assert_eq(e->spsr, 0x1fau, "Hyp mode, T");
    cr_assert_eq(e->elr, sym("t32_hvc") + 4);
    cr_assert_eq(e->target, sym("hyp_vectors") + 8);
    cr_assert_eq(e->a32, 0x80 | 0x20 | 0x1a, "T32 in Hyp mode");
    cr_assert(g_str_has_suffix(hline(h, 2), "HVC         Hyp->Hyp  t32_hvc                      hvc.w #0x77            "
                               "ESR 0x4a000077 HVC32  ELR t32_hvc+0x4  SPSR 0x1fa  -> hyp_vectors+0x8"), "%s", hline(h, 2));
    assert_eret(3, 2, 2, 0x1fa, sym("t32_hvc") + 4);
    cr_assert_eq(hev(h, 3)->insn, 0xf3de8f00u);
    assert_eret(4, 2, 1, 0x1f3, sym("svc_code"));
    cr_assert_eq(hev(h, 5)->exc, EXC_SEMIHOST);
    cr_assert_eq(hev(h, 5)->pc, sym("t32_svc"));
    cr_assert_eq(hev(h, 5)->a32, 0x80 | 0x20 | 0x13, "T32 in Supervisor mode");
    cr_assert_eq(hev(h, 6)->status, 5);
    cr_assert_eq(h->exit_code, 5);
}

/* MCR HSCTLR in Hyp mode writing 0x40000000 (TE only): HSCTLR's RES1 bits stay set and an
 * MRC reads them (Arm ARM G8 "HSCTLR"); before, SCTLR_EL2 became 0x40000000 */
Test(hyp32, hsctlr_res1_bits, .fini = teardown)
{
    h = run32("hyp32_sysregs.elf", NULL);
    int k = hfind(h, EV_SYSREG, 1);
    cr_assert_geq(k, 0);
    const el2_event *w = hev(h, (guint)k);
    cr_assert_eq(w->pc, sym("hsctlr_mcr"), "%s", hline(h, (guint)k));
    cr_assert_eq(w->sysreg, SR_SCTLR_EL2, "%s", hline(h, (guint)k));
    cr_assert_eq(w->value, 0x70c50818u, "%s", hline(h, (guint)k));
    /* the event names the AArch32 registers the MCRs wrote */
    cr_assert(g_str_has_suffix(hline(h, (guint)k), "mcr p15, #4, r0, c1, c0, #0 HSCTLR = 0x70c50818  [was 0x30c50830]"),
              "%s", hline(h, (guint)k));
    cr_assert(g_str_has_suffix(hline(h, 0), "mcr p15, #4, r0, c12, c0, #0 HVBAR = 0x40080020 (hyp_vectors)  [was 0x0]"),
              "%s", hline(h, 0));
    const el2_event *stop = hev(h, h->ev->len - 1);
    cr_assert_eq(stop->stop, STOP_SEMIHOST_EXIT);
    cr_assert_eq(stop->x[3], 0x70c50818u, "HSCTLR read back: 0x%llx", (unsigned long long)stop->x[3]);
    cr_assert_eq(h->m->cpu->sr[SR_SCTLR_EL2] & 0xffffffffu, 0x70c50818u);
    cr_assert_eq(h->exit_code, 0);
}

/* Prefetch Aborts into Hyp mode (AArch32.TakePrefetchAbortException -> AArch32.EnterHypMode):
 * BKPT in Hyp mode at HVBAR + 0x0C (EC 0x21, IFSC 0x22 Debug, ELR_hyp the BKPT), a fetch
 * from no memory in Hyp mode at 0x0C (IFSC 0x10, HIFAR = ELR_hyp = the address), BKPT in
 * Supervisor mode with HDCR.TDE at the Hyp Trap entry 0x14 (EC 0x20); before, the BKPTs went
 * to AArch64 vectors and the fetch stopped the run ("aborts from AArch32 are not modelled") */
Test(hyp32, prefetch_aborts, .fini = teardown)
{
    h = run32("hyp32_aborts.elf", NULL);
    cr_assert_eq(h->ev->len, 10, "events: %u", h->ev->len);
    assert_entry(1, EXC_BRK, 2, 0x86000022, sym("bkpt_hyp"), sym("bkpt_hyp"), 0x1da, 0x0c);
    assert_eret(2, 2, 2, 0x1da, sym("bkpt_hyp") + 4);
    assert_entry(3, EXC_INSN_ABORT, 2, 0x86000010, 0x30000000, 0x30000000, 0x1da, 0x0c);
    cr_assert_eq(hev(h, 3)->far, 0x30000000u, "%s", hline(h, 3));
    cr_assert_eq(hev(h, 4)->x[4], 0x30000000u, "HIFAR read by MRC");
    cr_assert_eq(hev(h, 4)->x[3], 0x86000010u, "HSR read by MRC");
    assert_eret(4, 2, 2, 0x1da, sym("after_pabt"));
    assert_eret(6, 2, 1, 0x1d3, sym("bkpt_svc"));
    assert_entry(7, EXC_BRK, 1, 0x82000022, sym("bkpt_svc"), sym("bkpt_svc"), 0x1d3, 0x14);
    const el2_event *stop = hev(h, 9);
    cr_assert_eq(stop->stop, STOP_SEMIHOST_EXIT);
    cr_assert_eq(stop->x[3], 0x82000022u, "HSR");
    cr_assert_eq(stop->x[4], sym("bkpt_svc"), "ELR_hyp");
    cr_assert_eq(h->m->cpu->sr[SR_FAR_EL2] >> 32, 0x30000000u, "HIFAR = FAR_EL2<63:32>");
    cr_assert_eq(h->exit_code, 0);
}

/* Hyp mode with HSCTLR.M (tests/images/hyp32_mmu.S): the engine walks Hyp mode's
 * long-descriptor tables (HTCR, HTTBR, HMAIR0) itself; fetches from an invalid level 2
 * entry and an XN block are Prefetch Aborts at HVBAR + 0x0C with HSR EC 0x21, IL 1 and
 * the long-descriptor IFSC (Translation / Permission fault, level 2), HIFAR = ELR_hyp =
 * the VA (AArch32.Abort, AArch32.TakePrefetchAbortException); a post-indexed LDR from the
 * invalid entry is a Data Abort at 0x10 (EC 0x25, ISV 0, HDFAR); code runs at an alias VA
 * (ELR_hyp of its HVC is the alias; the event names the PA), and the SYS_EXIT_EXTENDED
 * block is read through the alias by el2sim's walker (status 0). Before, the MCR that
 * set HSCTLR.M stopped the run. */
Test(hyp32, hyp_mode_mmu_on, .fini = teardown)
{
    h = run32("hyp32_mmu.elf", NULL);
    cr_assert_eq(h->exit_code, 0, "exit %d (100 + n: the image's check n failed): %s", h->exit_code,
                 h->m->cpu->stop_msg);
    cr_assert_eq(h->ev->len, 14, "events: %u", h->ev->len);
    cr_assert_eq(hev(h, 4)->value & 1, 1, "HSCTLR.M: %s", hline(h, 4));
    assert_entry(5, EXC_INSN_ABORT, 2, 0x86000006, 0x40800000, 0x40800000, 0x600001da, 0x0c);
    cr_assert_eq(hev(h, 5)->far, 0x40800000u, "%s", hline(h, 5));
    assert_eret(6, 2, 2, 0x600001da, sym("after1"));
    assert_entry(7, EXC_INSN_ABORT, 2, 0x8600000e, 0x40a00000, 0x40a00000, 0x600001da, 0x0c);
    cr_assert_eq(hev(h, 7)->far, 0x40a00000u, "%s", hline(h, 7));
    assert_eret(8, 2, 2, 0x600001da, sym("after2"));
    /* LDR r1, [r0], #4 from the invalid entry: Data Abort at 0x10, EC 0x25, ISV 0, DFSC level 2 */
    assert_entry(9, EXC_DATA_ABORT, 2, 0x96000006, sym("dabt_load"), sym("dabt_load"), 0x600001da, 0x10);
    cr_assert_eq(hev(h, 9)->far, 0x40800000u, "%s", hline(h, 9));
    assert_eret(10, 2, 2, 0x600001da, sym("after3"));
    uint64_t alias = sym("alias_code") + 0x1000000;
    assert_entry(11, EXC_HVC, 2, 0x4a000077, alias, alias + 4, 0x600001da, 0x08);
    g_autofree char *pa = g_strdup_printf("PC-PA 0x%" PRIx64, sym("alias_code"));
    cr_assert(strstr(hline(h, 11), pa), "%s", hline(h, 11));
    cr_assert_eq(h->m->cpu->sr[SR_FAR_EL2] >> 32, 0x40a00000u, "HIFAR = FAR_EL2<63:32>");
    cr_assert_eq(h->m->cpu->sr[SR_FAR_EL2] & 0xffffffff, 0x40800000u, "HDFAR = FAR_EL2<31:0>");
    cr_assert_eq(hev(h, 13)->stop, STOP_SEMIHOST_EXIT);
}

/* Stage 2 for the PL1 modes (tests/images/hyp32_s2.S: VTCR T0SZ 0 SL0 1, VTTBR, HCR.VM):
 * Supervisor mode's fetch from a page stage 2 does not map is taken to Hyp mode at the
 * Hyp Trap entry (EC 0x20, Translation fault level 3), HIFAR = ELR_hyp = the VA, HPFAR =
 * IPA[39:12] << 4; after the remap the fetch runs (its HVC). Before, the MCR setting
 * HCR.VM stopped the run. */
Test(hyp32, pl1_stage2, .fini = teardown)
{
    h = run32("hyp32_s2.elf", NULL);
    cr_assert_eq(h->exit_code, 0, "exit %d (100 + n: the image's check n failed): %s", h->exit_code,
                 h->m->cpu->stop_msg);
    cr_assert_eq(h->ev->len, 10, "events: %u", h->ev->len);
    uint64_t hole = sym("hole_code");
    assert_eret(4, 2, 1, 0x1d3, sym("svc_code"));
    assert_entry(5, EXC_INSN_ABORT, 1, 0x82000007, hole, hole, 0x1d3, 0x14);
    cr_assert_eq(hev(h, 5)->far, hole, "%s", hline(h, 5));
    cr_assert_eq(hev(h, 6)->x[6], hole >> 12 << 4, "HPFAR read by MRC");
    assert_eret(6, 2, 1, 0x1d3, hole);
    assert_entry(7, EXC_HVC, 1, 0x4a000055, hole, hole + 4, 0x1d3, 0x14);
    cr_assert_eq(h->m->cpu->sr[SR_HPFAR_EL2], hole >> 12 << 4);
}

/* The PL1 modes of the Hyp-mode machine take their own SVC and UNDEFINED (HCR.TGE = 0:
 * AArch32.TakeSVCException, AArch32.TakeUndefInstrException) at VBAR + 0x08 and + 0x04,
 * VBAR keeping its bits 10:5 (a 32-byte aligned table; before, VBAR_EL1's AArch64 RES0
 * mask dropped them and the SVC ran the code at VBAR & ~0x7ff + 8) */
Test(hyp32, pl1_modes_take_svc_and_undefined, .fini = teardown)
{
    h = run32("hyp32_pl1.elf", NULL);
    uint64_t vec = sym("svc_vectors");
    cr_assert_eq(vec & 0x7ff, 0x40, "the table is not 2 KiB aligned");
    int k = hfind(h, EV_EXC, 0);
    cr_assert_geq(k, 0);
    const el2_event *svc = hev(h, (guint)k);
    cr_assert_eq(svc->exc, EXC_SVC, "%s", hline(h, (guint)k));
    cr_assert_eq(svc->pc, sym("svc_call"), "%s", hline(h, (guint)k));
    cr_assert_eq(svc->target, vec + 0x08, "%s", hline(h, (guint)k));
    k = hfind(h, EV_EXC, 1);
    cr_assert_geq(k, 0);
    const el2_event *und = hev(h, (guint)k);
    cr_assert_eq(und->exc, EXC_UNDEF, "%s", hline(h, (guint)k));
    cr_assert_eq(und->pc, sym("udf_call"), "%s", hline(h, (guint)k));
    cr_assert_eq(und->target, vec + 0x04, "%s", hline(h, (guint)k));
    cr_assert_eq(h->m->cpu->sr[SR_VBAR_EL1], vec);
    cr_assert_eq(h->exit_code, 0);
}

/* An interrupt taken to a PL1 mode of the Hyp-mode machine (to_el 1): kind, preferred
 * return, SPSR, vector offset from svc_vectors */
static void assert_pl1_irq(guint i, el2_exc_kind kind, const char *ret, uint32_t spsr, uint32_t off)
{
    const el2_event *e = hev(h, i);
    cr_assert_eq(e->kind, EV_EXC, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->exc, kind, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->from_el, 1, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->to_el, 1, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->esr, 0, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->pc, sym(ret), "%u: %s", i, hline(h, i));
    cr_assert_eq(e->elr, sym(ret), "%u: %s", i, hline(h, i));
    cr_assert_eq(e->spsr, spsr, "%u: %s", i, hline(h, i));
    cr_assert_eq(e->target, sym("svc_vectors") + off, "%u: %s", i, hline(h, i));
}

/* Interrupts on the Hyp-mode machine (hyp32_irq.S; irq32.c): in Hyp mode CNTHP is Hyp
 * mode's though HCR.IMO = 0, masked by CPSR.I until CPSIE I (HVBAR + 0x18, no HSR); a WFI
 * wakes on it while masked; from Supervisor mode with IMO = 1 CNTP comes to HVBAR + 0x18
 * (not the Hyp Trap entry), CPSR.I no mask; with IMO = 0 it goes to IRQ mode (VBAR + 0x18);
 * HCR.VI/VF/VA to IRQ, FIQ and Abort mode. The IRQ handler's HVC comes back to IRQ mode
 * with SPSR_irq intact (it was zeroed: the handler's SUBS PC, LR went nowhere). The image
 * checks LR_irq/fiq/abt, SPSR_irq and DFSR 0x406 in Hyp mode (exit 0). */
Test(hyp32, interrupts_to_hyp_and_pl1_modes, .fini = teardown)
{
    h = run32("hyp32_irq.elf", NULL);
    int k = hfind(h, EV_EXC, 0);
    cr_assert_eq(k, 5, "the first exception is the IRQ after CPSIE I: %d", k);
    assert_entry(5, EXC_IRQ, 2, 0, sym("t1_after"), sym("t1_after"), 0x6000015a, 0x18);
    cr_assert_eq(hev(h, 5)->value, 26);
    cr_assert_eq(hev(h, 5)->status, IRQSRC_TIMER);
    assert_entry(11, EXC_IRQ, 2, 0, sym("t3_after"), sym("t3_after"), 0x6000015a, 0x18);
    cr_assert_gt(hev(h, 11)->cycles, hev(h, 10)->cycles + 20000, "the WFI slept until CNTHP fired");
    assert_entry(15, EXC_IRQ, 1, 0, sym("t4_after"), sym("t4_after"), 0x1d3, 0x18);
    cr_assert_eq(hev(h, 15)->value, 30);
    assert_pl1_irq(21, EXC_IRQ, "t5_after", 0x153, 0x18);
    assert_eret(24, 2, 1, 0x1d2, sym("svc_irq") + 0x10);     /* back to IRQ mode after HVC #3 */
    assert_eret(25, 1, 1, 0x153, sym("t5_after"));           /* SUBS PC, LR, #4: SPSR_irq */
    assert_pl1_irq(29, EXC_VIRQ, "t6_at", 0x153, 0x18);
    assert_pl1_irq(37, EXC_VFIQ, "t7_after", 0x113, 0x1c);
    assert_pl1_irq(45, EXC_VSERROR, "t8_after", 0x13, 0x10);
    cr_assert_eq(h->m->cpu->sr[SR_HCR_EL2] & HCR_VSE, 0, "taking it cleared HCR.VA");
    cr_assert_str_eq(strstr(hline(h, 15), "IRQ "), "IRQ         SVC->Hyp  t4_after                                            "
                     "INTID 30 (CNTP timer)  ELR t4_after  SPSR 0x1d3  -> hyp_vectors+0x18");
    /* a PL1 entry names the mode it enters (it said "SVC->EL1") */
    cr_assert_str_eq(strstr(hline(h, 21), "IRQ "), "IRQ         SVC->IRQ  t5_after                                            "
                     "INTID 30 (CNTP timer)  ELR t5_after  SPSR 0x153  -> svc_vectors+0x18");
    /* the IRQ handler's SUBS PC, LR returns from IRQ mode (it said SVC->SVC: stamped after
     * the engine's mode switch) */
    cr_assert_eq(hev(h, 25)->a32, 0x80 | 0x12, "the event's mode is IRQ");
    cr_assert_str_eq(strstr(hline(h, 25), "ERET "), "ERET        IRQ->SVC  svc_irq+0x10                 subs pc, lr, #4 "
                     "       SPSR 0x153  -> t5_after");
    cr_assert(strstr(hline(h, 37), "VFIQ        SVC->FIQ  t7_after "), "%s", hline(h, 37));
    cr_assert(strstr(hline(h, 45), "VSERROR     SVC->ABT  t8_after "), "%s", hline(h, 45));
    cr_assert_eq(h->exit_code, 0);
}

/* --irq on the Hyp-mode machine (hyp32_irq.S): a physical SError raised at svc_code (HCR.AMO
 * = 0: for Abort mode, masked by CPSR.A) is taken when HVC #6 sets AMO — to Hyp mode, not
 * masked, at the Hyp Trap entry 0x14 as a Data Abort (AArch32.TakePhysicalSErrorException:
 * HSR EC 0x24, DFSC 0b010001), ELR_hyp the preferred return; a physical FIQ raised there is
 * taken when HVC #4 sets FMO, at HVBAR + 0x1C with no HSR. */
Test(hyp32, injected_fiq_and_serror, .fini = teardown)
{
    h = run32("hyp32_irq.elf", (const char *[]){ "--arch", "aarch32", "--cpu", "cortex-a15", "--irq",
                                                 "serror@svc_code", NULL });
    int k = -1;
    for (guint i = 0; i < h->ev->len && k < 0; i++)
        if (hev(h, i)->kind == EV_EXC && hev(h, i)->exc == EXC_SERROR)
            k = (int)i;
    cr_assert_geq(k, 0);
    assert_entry((guint)k, EXC_SERROR, 1, 0x92000011, sym("t7_after") + 4, sym("t7_after") + 4, 0x113, 0x14);
    cr_assert_eq(hev(h, (guint)k)->status, IRQSRC_INJECT);
    cr_assert_eq(h->exit_code, 0);
    harness_free(h);
    h = run32("hyp32_irq.elf", (const char *[]){ "--arch", "aarch32", "--cpu", "cortex-a15", "--irq", "fiq@svc_code",
                                                 "--max-insns", "1000", NULL });
    k = -1;
    for (guint i = 0; i < h->ev->len && k < 0; i++)
        if (hev(h, i)->kind == EV_EXC && hev(h, i)->exc == EXC_FIQ)
            k = (int)i;
    cr_assert_geq(k, 0);
    assert_entry((guint)k, EXC_FIQ, 1, 0, sym("t6_at") + 4, sym("t6_at") + 4, 0x153, 0x1c);
}

/* HCPTR's FP/Advanced SIMD traps (AArch32.CheckFPAdvSIMDTrap): with TCP10/TCP11 a VADD and
 * a VMRS FPEXC in Hyp mode are UNDEFINED into Hyp mode (HVBAR + 0x04, ELR_hyp the
 * instruction) and a VADD from Supervisor mode (A32 and T32) takes the Hyp Trap (0x14), all with HSR
 * 0x1fe0000a (EC 0x07, IL, CV 1, COND 0xE, coproc 0xA); with TASE alone the T32 VADD.F32
 * runs and VADD.I32 traps with HSR.TA (0x1fe00020). Before a32_fp.c nothing trapped: the engine's
 * FPEXC.EN (reset 0) made every FP instruction UNDEFINED, the enabling VMSR included. */
Test(hyp32, hcptr_fp_traps, .fini = teardown)
{
    h = run32("hyp32_fptrap.elf", NULL);
    cr_assert_eq(h->ev->len, 21, "events: %u", h->ev->len);
    cr_assert_eq(hev(h, 2)->kind, EV_SYSREG);                       /* VMSR FPEXC */
    cr_assert_eq(hev(h, 2)->value, 0x40000700);
    cr_assert_eq(hev(h, 3)->value, 0x3fff, "HCPTR with TCP10, TCP11: %s", hline(h, 3));
    assert_entry(4, EXC_SYSREG_TRAP, 2, 0x1fe0000a, sym("hyp_vadd"), sym("hyp_vadd"), 0x1da, 0x04);
    assert_eret(5, 2, 2, 0x1da, sym("hyp_fpexc"));
    assert_entry(6, EXC_SYSREG_TRAP, 2, 0x1fe0000a, sym("hyp_fpexc"), sym("hyp_fpexc"), 0x1da, 0x04);
    assert_eret(8, 2, 1, 0x1d3, sym("svc_vadd"));
    assert_entry(9, EXC_SYSREG_TRAP, 1, 0x1fe0000a, sym("svc_vadd"), sym("svc_vadd"), 0x1d3, 0x14);
    /* the T32 VADD: the same HSR (a 32-bit instruction, COND 0xE), SPSR with T */
    assert_entry(11, EXC_SYSREG_TRAP, 1, 0x1fe0000a, sym("t32_vadd"), sym("t32_vadd"), 0x1f3, 0x14);
    assert_eret(12, 2, 1, 0x1f3, sym("t32_vadd") + 4);
    assert_entry(13, EXC_HVC, 1, 0x4a000001, sym("t32_vadd") + 4, sym("svc_vadd2"), 0x1f3, 0x14);
    cr_assert_eq(hev(h, 14)->value, 0xb3ff, "HCPTR with TASE: %s", hline(h, 14));
    assert_entry(16, EXC_SYSREG_TRAP, 1, 0x1fe00020, sym("svc_simd"), sym("svc_simd"), 0x1f3, 0x14);
    assert_entry(18, EXC_HVC, 1, 0x4a000002, sym("svc_simd") + 4, sym("svc_simd") + 8, 0x1f3, 0x14);
    cr_assert_eq(h->exit_code, 0);
}

/* T32 instructions el2sim traps or completes itself inside IT blocks (hyp32_it.S,
 * uc_facts.h F23). In Hyp mode an MCR HTPIDR inside ITETE NE and a WFE inside ITE NE
 * complete with ITSTATE advanced (the MOVEQ/ADDNE/MOVEQ and ADDEQ after them run by their
 * conditions: the image checks R2, R4, R5, R6 and exits 1 otherwise). Exceptions the
 * executor raises inside ITETE EQ carry the IT of AArch32.EnterHypMode's CPSR: UDF its
 * own ITSTATE 0x0b (preferred return the UDF), SVC the advanced 0x18
 * (AArch32.TakeSVCException's ITAdvance; preferred return the next instruction), whose
 * handler returns by an ERETEQ last in an IT block (el2sim's Hyp-mode ERET). From
 * Supervisor mode the Hyp Trap entry (0x14) gets HSR COND = ITSTATE<7:4>
 * (AArch32.CurrentCond; CV 1) and SPSR_hyp.IT = the instruction's ITSTATE: IT AL 0xe8,
 * ITE EQ 0x0c, IT EQ 0x08 (WFIEQ with HCR.TWI, 16-bit: IL 0); the handler's ERET with the
 * ITSTATE advanced skips the else branch (MRCNE, not trapped). Before, the run stopped at
 * hyp_mcr (exit 125). */
Test(hyp32, t32_it_blocks, .fini = teardown)
{
    h = run32("hyp32_it.elf", NULL);
    cr_assert_eq(h->ev->len, 19, "events: %u", h->ev->len);
    cr_assert_eq(hev(h, 4)->pc, sym("hyp_mcr"), "%s", hline(h, 4));
    cr_assert_eq(hev(h, 4)->sysreg, SR_TPIDR_EL2, "%s", hline(h, 4));
    cr_assert_eq(hev(h, 4)->value, 0x66u, "%s", hline(h, 4));
    assert_entry(5, EXC_UNDEF, 2, 0x02000000, sym("hyp_udf"), sym("hyp_udf"), 0x660009fa, 0x04);
    assert_eret(6, 2, 2, 0x640015fa, sym("hyp_udf") + 4);
    assert_entry(7, EXC_SVC, 2, 0x44000011, sym("hyp_svc"), sym("hyp_svc") + 2, 0x600019fa, 0x08);
    assert_eret(8, 2, 2, 0x600019fa, sym("hyp_svc") + 2);
    cr_assert_eq(hev(h, 8)->pc, sym("hyp_eret_eq"), "the Hyp-mode ERETEQ, last in an ITT EQ block");
    assert_eret(9, 2, 1, 0x1f3, sym("svc_code"));
    assert_entry(10, EXC_SYSREG_TRAP, 1, 0x0fe00063, sym("svc_mrc_al"), sym("svc_mrc_al"), 0x6000e9f3, 0x14);
    assert_eret(11, 2, 1, 0x600001f3, sym("svc_mrc_al") + 4);
    assert_entry(12, EXC_SYSREG_TRAP, 1, 0x0f000063, sym("svc_mrceq"), sym("svc_mrceq"), 0x60000df3, 0x14);
    assert_eret(13, 2, 1, 0x600019f3, sym("svc_mrceq") + 4);
    assert_entry(14, EXC_WFX_TRAP, 1, 0x05000000, sym("svc_wfieq"), sym("svc_wfieq"), 0x600009f3, 0x14);
    assert_eret(15, 2, 1, 0x600001f3, sym("svc_hvc"));
    assert_entry(16, EXC_HVC, 1, 0x4a000005, sym("svc_hvc"), sym("svc_hvc") + 4, 0x600001f3, 0x14);
    cr_assert_eq(hev(h, 16)->x[4], 7u, "ADDNE after the MCRNE ran, ADDEQ after the WFENE did not");
    cr_assert_eq(hev(h, 16)->x[6], 0x66u, "HTPIDR read back");
    cr_assert_eq(hev(h, 18)->stop, STOP_SEMIHOST_EXIT);
    cr_assert_eq(h->exit_code, 0);
}

/* An instruction el2sim does not model, inside an IT block after one it completed there
 * (hyp32_it_r15.S: MCREQ HTPIDR, then MRCEQ with R15): the run stops at it with one line
 * on stderr, exit 125, and the trace keeps the MCR's event and the stop */
Test(hyp32, t32_it_block_unmodelled_stops, .fini = teardown)
{
    g_autofree char *img = image_path("hyp32_it_r15.elf");
    g_autofree char *dir = g_dir_make_tmp("hyp32-XXXXXX", NULL);
    g_autofree char *tr = g_build_filename(dir, "t.trace", NULL);
    result run = spawn("EL2SIM", (const char *const[]){ "run", "--arch", "aarch32", "--cpu", "cortex-a15", "--trace", tr,
                                                        img, NULL });
    cr_assert_eq(run.code, 125, "%s", run.err);
    cr_assert_str_eq(run.err, "el2sim: stopped: MCR at it_r15 (R15 as its register) in AArch32 state is not modelled "
                     "yet (5 instructions, 21 cycles)\n");
    result dump = spawn("EL2TRACE", (const char *const[]){ "dump", tr, NULL });
    cr_assert_eq(dump.code, 0, "%s", dump.err);
    cr_assert_str_eq(dump.out, run.out, "el2trace dump prints el2sim's lines");
    cr_assert(strstr(run.out, "HTPIDR = 0x77  [was 0x0]\n"), "%s", run.out);
    cr_assert(g_str_has_suffix(run.out, "STOP        Hyp       it_r15                       guest-fault\n"), "%s", run.out);
    g_unlink(tr);
    g_rmdir(dir);
    g_free(run.out); g_free(run.err); g_free(dump.out); g_free(dump.err);
}

/* --stop-at an instruction inside an IT block (hyp32_it.S: the ERETEQ last in its ITT EQ
 * block): the run stops before it, the PC on it and the CPSR with its ITSTATE (0x08);
 * before, the engine went on through the block and the stop came after the ERET had run
 * (at hyp_svc+0x2) */
Test(hyp32, stop_at_inside_it_block, .fini = teardown)
{
    h = run32("hyp32_it.elf", (const char *const[]){ "--arch", "aarch32", "--cpu", "cortex-a15", "--stop-at",
                                                     "hyp_eret_eq", NULL });
    const el2_event *stop = hev(h, h->ev->len - 1);
    cr_assert_eq(stop->kind, EV_STOP, "%s", hline(h, h->ev->len - 1));
    cr_assert_eq(stop->stop, STOP_AT);
    cr_assert_eq(stop->pc, sym("hyp_eret_eq"), "%s", hline(h, h->ev->len - 1));
    cr_assert_eq(cpu_pc(h->m->cpu), sym("hyp_eret_eq"));
    cr_assert_eq(aarch32_cpsr(h->m->cpu) & 0x0600fc00u, 0x800u, "ITSTATE 0x08: CPSR 0x%x", aarch32_cpsr(h->m->cpu));
    cr_assert_eq(h->exit_code, 3);
}

/* An FP instruction HCPTR traps inside a T32 IT block (hyp32_fp_it.S; a32_fp.c through
 * a32_it.c): the VADDEQ of an ITE EQ block takes the Hyp Trap with HSR 0x1f00000a (EC 0x07,
 * IL, CV 1, COND 0x0 = ITSTATE<7:4>, coproc 0xA) and SPSR_hyp.IT = its ITSTATE 0x0c; the
 * handler's ERET with IT advanced to 0x18 skips the VADDNE (not executed, not trapped) and
 * the HVC #2 follows. Before, the FP check ran as a CP15 access in the IT block path. */
Test(hyp32, fp_trap_inside_it_block, .fini = teardown)
{
    h = run32("hyp32_fp_it.elf", NULL);
    cr_assert_eq(h->ev->len, 10, "events: %u", h->ev->len);
    assert_entry(5, EXC_SYSREG_TRAP, 1, 0x1f00000a, sym("it_vadd"), sym("it_vadd"), 0x60000df3, 0x14);
    cr_assert_eq(hev(h, 5)->spsr & 0x0600fc00u, 0xc00u, "SPSR_hyp.IT 0x0c: %s", hline(h, 5));
    assert_eret(6, 2, 1, 0x600019f3, sym("it_vaddne"));
    assert_entry(7, EXC_HVC, 1, 0x4a000002, sym("it_after"), sym("it_after") + 4, 0x600001f3, 0x14);
    cr_assert_eq(h->exit_code, 0);
}

/* Data Aborts in Hyp mode (AArch32.TakeDataAbortException -> AArch32.EnterHypMode at HVBAR
 * + 0x10): External aborts at 0x50000000 (HSR EC 0x25, IL 1, ISV 0, DFSC 0x10, WnR for the
 * store; HDFAR the address the access used: the base of the post-indexed load, base +
 * offset for the pre-indexed store, neither written back), the Alignment faults of a
 * misaligned LDREX (the engine's own check) and of a misaligned LDR with HSCTLR.A = 1 (DFSC
 * 0x21); ELR_hyp the instruction. Before, the run stopped at the first ("aborts from
 * AArch32 are not modelled yet"). QEMU 7.2 agrees (differential, pair a15). */
Test(hyp32, data_aborts_in_hyp_mode, .fini = teardown)
{
    h = run32("hyp32_dabort.elf", NULL);
    static const struct { guint ev; const char *at; uint32_t hsr, far; } want[] = {
        { 1, "da1", 0x96000010, 0x50000000 }, { 3, "da2", 0x96000050, 0x50000004 },
        { 5, "da3", 0x96000021, 0 }, { 8, "da4", 0x96000021, 0 },
    };
    uint64_t word = sym("word");
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        uint64_t at = sym(want[i].at);
        assert_entry(want[i].ev, EXC_DATA_ABORT, 2, want[i].hsr, at, at, 0x1da, 0x10);
        uint32_t far = want[i].far ? want[i].far : (uint32_t)word + (i == 2 ? 2 : 1);
        cr_assert_eq(hev(h, want[i].ev)->far, far, "%s", hline(h, want[i].ev));
        assert_eret(want[i].ev + 1, 2, 2, 0x1da, at + 4);
    }
    cr_assert_eq((uint32_t)h->m->cpu->sr[SR_FAR_EL2], (uint32_t)word + 1, "HDFAR = FAR_EL2<31:0>");
    cr_assert_eq(h->m->cpu->sr[SR_ESR_EL2], 0x96000021u);
    cr_assert_eq(h->exit_code, 0);
}

/* The PL1 and User modes' aborts on the Hyp-mode machine, and Hyp mode's plain LDR (HSR
 * 0x96000010: ISV 0, not a stage 2 fault). Supervisor mode with HCR.TGE = 0: a Data Abort
 * to Abort mode (VBAR + 0x10, LR_abt = the LDR + 8, DFSR 0x008, DFAR) and a Prefetch Abort
 * (VBAR + 0x0C, LR_abt = 0x50000004, IFSR 0x008, IFAR = FAR_EL1<63:32>); User mode with
 * HCR.TGE = 1: the Hyp Trap entry HVBAR + 0x14, HSR EC 0x24 (0x92000010), HDFAR. Before,
 * the Supervisor-mode fetch abort and every Data Abort stopped the run (exit 125). */
Test(hyp32, pl1_and_user_aborts, .fini = teardown)
{
    h = run32("hyp32_pl1_abort.elf", NULL);
    uint64_t vec = sym("svc_vectors");
    assert_entry(2, EXC_DATA_ABORT, 2, 0x96000010, sym("hyp_ldr"), sym("hyp_ldr"), 0x1da, 0x10);
    int k = hfind(h, EV_EXC, 1);
    cr_assert_geq(k, 0);
    const el2_event *d = hev(h, (guint)k);
    cr_assert_eq(d->exc, EXC_DATA_ABORT, "%s", hline(h, (guint)k));
    cr_assert_eq(d->pc, sym("svc_ldr"), "%s", hline(h, (guint)k));
    cr_assert_eq(d->target, vec + 0x10, "%s", hline(h, (guint)k));
    const el2_event *p = hev(h, (guint)k + 2);
    cr_assert_eq(p->exc, EXC_INSN_ABORT, "%s", hline(h, (guint)k + 2));
    cr_assert_eq(p->pc, 0x50000000u);
    cr_assert_eq(p->target, vec + 0x0c, "%s", hline(h, (guint)k + 2));
    cr_assert_eq(h->m->cpu->sr[SR_ESR_EL1], 0x008, "DFSR");
    cr_assert_eq(h->m->cpu->sr[SR_IFSR32_EL2], 0x008, "IFSR");
    cr_assert_eq(h->m->cpu->sr[SR_FAR_EL1], 0x5000000050000000ull, "IFAR:DFAR");
    cr_assert_eq(h->m->cpu->sr[SR_SPSR_ABT], 0x1d3);
    k = hfind(h, EV_EXC, 4);
    cr_assert_geq(k, 0);
    assert_entry((guint)k, EXC_DATA_ABORT, 0, 0x92000010, sym("usr_ldr"), sym("usr_ldr"), 0x10, 0x14);
    cr_assert_eq(hev(h, (guint)k)->far, 0x50000008u);
    cr_assert_eq(h->exit_code, 0);
}

/* T32 loads' Data Aborts in Hyp mode (the A32/T32 access decode in T32): a 16-bit LDR at
 * 0x50000000 (HSR 0x96000010: IL 1 with ISV 0 even for a 16-bit instruction), a misaligned
 * LDR.W and 16-bit LDRH to Device memory (0x96000021, HDFAR the address), an aligned LDRH
 * (no fault), a POP at SP_hyp = 0 (0x96000010, HDFAR 0); SPSR_hyp with T set */
Test(hyp32, t32_data_aborts, .fini = teardown)
{
    h = run32("hyp32_t32_abort.elf", NULL);
    static const struct { const char *at; uint32_t hsr, far; } want[] = {
        { "t1", 0x96000010, 0x50000000 }, { "t2", 0x96000021, 1 }, { "t4", 0x96000021, 1 }, { "t5", 0x96000010, 0 },
    };
    uint64_t word = sym("word");
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        int k = hfind(h, EV_EXC, (unsigned)i);
        cr_assert_geq(k, 0, "%zu", i);
        uint64_t at = sym(want[i].at);
        assert_entry((guint)k, EXC_DATA_ABORT, 2, want[i].hsr, at, at, 0x1fa, 0x10);
        uint32_t far = want[i].far == 1 ? (uint32_t)word + 1 : want[i].far;
        cr_assert_eq(hev(h, (guint)k)->far, far, "%s", hline(h, (guint)k));
    }
    for (guint i = 0; i < h->ev->len; i++)
        cr_assert(hev(h, i)->exc != EXC_DATA_ABORT || hev(h, i)->pc != sym("t3"), "the aligned LDRH faulted");
    cr_assert_eq(h->exit_code, 0);
}

/* A misaligned T32 load inside an IT block (hyp32_it_align.S): the LDREQ.W of an ITE EQ
 * block takes the Alignment fault into Hyp mode (HSR 0x96000021, HDFAR the odd address,
 * SPSR_hyp.IT = its ITSTATE 0x0c); the handler's ERET with IT 0x18 skips the LDRNE.W. Before,
 * a load/store inside an IT block was not checked (its condition was not known there) and
 * the engine read the odd address from Device memory. */
Test(hyp32, misaligned_load_inside_it_block, .fini = teardown)
{
    h = run32("hyp32_it_align.elf", NULL);
    cr_assert_eq(h->ev->len, 5, "events: %u", h->ev->len);
    assert_entry(1, EXC_DATA_ABORT, 2, 0x96000021, sym("it_ldr"), sym("it_ldr"), 0x60000dfa, 0x10);
    cr_assert_eq(hev(h, 1)->far, sym("word") + 1, "%s", hline(h, 1));
    cr_assert_eq(hev(h, 1)->spsr & 0x0600fc00u, 0xc00u, "SPSR_hyp.IT 0x0c: %s", hline(h, 1));
    assert_eret(2, 2, 2, 0x600019fa, sym("it_ldrne"));
    cr_assert_eq(h->exit_code, 0);
}
/* The PC alignment fault from AArch32 (AArch32.CheckPCAlignment -> AArch32.Abort ->
 * AArch32.TakePrefetchAbortException; a32_pcalign.c) on the Hyp-mode machine: Hyp mode's BX
 * to an A32 address with bit 1 set takes HVBAR + 0x0C with HSR 0x8a000000 (EC 0x22, IL 1),
 * HIFAR = ELR_hyp = the PC; Supervisor mode's BX and POP {pc} go to Abort mode (VBAR +
 * 0x0C, IFSR 0x001, then 0x221 with TTBCR.EAE; IFAR = the PC, LR_abt = the PC + 4: the
 * image checks them and LR_abt and exits 0); User mode's MOV pc with HCR.TGE comes to the
 * Hyp Trap entry with the same HSR. Before, the engine ran the halfwords at target + 2 as
 * an A32 instruction (an UNDEFINED one here). QEMU 7.2 agrees (hyp32_pcalign_hyp, pair a15). */
Test(hyp32, pc_alignment_faults, .fini = teardown)
{
    h = run32("hyp32_pcalign.elf", NULL);
    uint64_t t = sym("target") + 2;
    int k = hfind(h, EV_EXC, 0);
    cr_assert_geq(k, 0);
    assert_entry((guint)k, EXC_PC_ALIGN, 2, 0x8a000000, t, t, 0x1da, 0x0c);
    cr_assert_eq(hev(h, (guint)k)->far, (uint32_t)t, "%s", hline(h, (guint)k));
    for (unsigned i = 1; i <= 2; i++) {
        k = hfind(h, EV_EXC, i);
        cr_assert_geq(k, 0);
        const el2_event *p = hev(h, (guint)k);
        cr_assert_eq(p->exc, EXC_INSN_ABORT, "%s", hline(h, (guint)k));
        cr_assert_eq(p->from_el, 1, "%s", hline(h, (guint)k));
        cr_assert_eq(p->to_el, 1, "%s", hline(h, (guint)k));
        cr_assert_eq(p->pc, t, "%s", hline(h, (guint)k));
        cr_assert_eq(p->elr, t, "%s", hline(h, (guint)k));
        cr_assert_eq(p->target, sym("svc_vectors") + 0x0c, "%s", hline(h, (guint)k));
    }
    cr_assert_eq(h->m->cpu->sr[SR_IFSR32_EL2], 0x221, "IFSR (the last, LPAE)");
    cr_assert_eq(h->m->cpu->sr[SR_FAR_EL1] >> 32, (uint32_t)t, "IFAR");
    k = hfind(h, EV_EXC, 4);                                  /* (3 is the HVC) */
    cr_assert_geq(k, 0);
    assert_entry((guint)k, EXC_PC_ALIGN, 0, 0x8a000000, t, t, 0x10, 0x14);
    cr_assert_eq(h->m->cpu->sr[SR_FAR_EL2] >> 32, (uint32_t)t, "HIFAR = FAR_EL2<63:32>");
    cr_assert_eq(h->m->cpu->sr[SR_ESR_EL2], 0x8a000000u);
    cr_assert_eq(h->exit_code, 0);
}

/* MRC to APSR_nzcv (Rt = 15): PSTATE.<N,Z,C,V> = value<31:28> (the Arm ARM's MRC), the
 * other registers untouched: MIDR (0x412fc0f1: Z), HTPIDR 0xa0000000 (N, C) in A32 and
 * HTPIDR 0x50000000 (Z, V) in T32; the image checks each NZCV and exits 0, as on QEMU 7.2
 * (a15 differential). Before, each stopped the run ("MRC at nzcv_midr (R15 as its
 * register) in AArch32 state is not modelled yet", exit 125). */
Test(hyp32, mrc_to_apsr_nzcv, .fini = teardown)
{
    h = run32("hyp32_mrc_nzcv.elf", NULL);
    cr_assert_eq(h->exit_code, 0, "%s", h->m->cpu->stop_msg);
    cr_assert_eq(h->m->cpu->stop, STOP_SEMIHOST_EXIT);
    cr_assert_eq(h->m->cpu->sr[SR_TPIDR_EL2], 0x50000000u, "HTPIDR");
}

/* The address translation instructions (tests/images/hyp32_ats.S; AArch32.AT): ATS1CPR
 * from Supervisor mode with stage 1 off and TTBCR.EAE = 0 writes the short-descriptor PAR
 * (PA = VA, NOS 0, NS, SH, Inner 0b001 Strongly-ordered); in Hyp mode with HSCTLR.M,
 * ATS1HR of a mapped VA writes the long-descriptor PAR (ATTR 0xff, LPAE, NS, SH 0b11) and
 * ATS1HW of an invalid level 2 entry F, FST Translation level 2, LPAE; the image checks
 * them itself (exit 0) as on QEMU 7.2 (a15 differential). Before, ATS1CPR stopped the
 * run ("MCR at ats1cpr (ATS1CPR) in AArch32 state is not modelled yet", exit 125). */
Test(hyp32, address_translation_instructions, .fini = teardown)
{
    h = run32("hyp32_ats.elf", NULL);
    const el2_event *stop = hev(h, h->ev->len - 1);
    cr_assert_eq(h->exit_code, 0, "exit %d: %s r9 %#" PRIx64 " r6 %#" PRIx64 " r7 %#" PRIx64 " r10 %#" PRIx64
                 " r11 %#" PRIx64, h->exit_code, h->m->cpu->stop_msg, stop->x[9], stop->x[6], stop->x[7],
                 stop->x[10], stop->x[11]);
    cr_assert_eq(stop->x[9], 0x40001290u, "short-descriptor PAR: PA, NS, SH, Inner 0b001");
    cr_assert_eq(stop->x[6], 0x40a00b80u, "PAR[31:0]: PA, LPAE, NS, SH 0b11");
    cr_assert_eq(stop->x[7], 0xff000000u, "PAR[63:32]: ATTR 0xff");
    cr_assert_eq(stop->x[10], 0x80du, "PAR[31:0]: LPAE, FST 0b000110, F");
    cr_assert_eq(stop->x[11], 0u);
    cr_assert_eq(h->m->cpu->sr[SR_PAR_EL1], 0x80du);
    assert_entry(2, EXC_HVC, 1, 0x4a000001, sym("ats1cpr") + 12, sym("ats1cpr") + 16, 0x1d3, 0x14);
}

/* Hyp mode's vector table is 8 words at HVBAR: a store to HVBAR + 0x40 (data_store) is not
 * warned about (el2sim sized the range as AArch64's 2 KiB and warned there), the one to the
 * FIQ entry is, once, naming HVBAR */
Test(hyp32, vector_table_store_warns_by_aarch32_size, .fini = teardown)
{
    g_autofree char *img = image_path("hyp32_vecstore.elf");
    result r = spawn("EL2SIM", (const char *const[]){ "run", "-q", "--arch", "aarch32", "--cpu", "cortex-a15", img,
                                                      NULL });
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert_str_eq(r.err, "el2sim: warning: EL2 store at vector_store writes over the EL2 vector table "
                            "(0x4008005c, HVBAR + 0x1c)\n"
                            "el2sim: stopped: semihosting exit (reason 0x20026, status 0) at vector_store+0xc "
                            "(9 instructions, 24 cycles)\n");
    g_free(r.out);
    g_free(r.err);
}
