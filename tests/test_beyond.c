/* test_beyond.c - the checks beyond the stub (README "Bugs el2sim catches"): each known
 * bug, reproduced in miniature by tests/beyond/beyond.S or smcstub.S (one --defsym
 * BUG_xxx variant each), is reported exactly once with the exact text and culprit, only
 * under the option that looks for it; the correct variants are clean under every option. */
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

typedef struct { char *out, *err; int status; } result;

#define ALL_OPTS "--scramble-clobbers", "--vbar-timeline", "--relocate-vectors", "--unknown-reset", "--reserve", "x18"

/* el2sim check on an image (NULL-terminated extra arguments). */
static result run(const char *first, ...)
{
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(argv, g_strdup(g_getenv("EL2SIM")));
    g_ptr_array_add(argv, g_strdup("check"));
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a; a = va_arg(ap, const char *))
        g_ptr_array_add(argv, g_strdup(a));
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    result r = { 0 };
    GError *e = NULL;
    cr_assert(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &r.out, &r.err, &r.status, &e),
              "spawn: %s", e ? e->message : "");
    g_ptr_array_free(argv, TRUE);
    cr_log_info("%s%s", r.out, r.err);
    return r;
}

static char *image(const char *variant)
{
    const char *dir = g_getenv("EL2_TEST_BEYOND");
    cr_assert(dir, "EL2_TEST_BEYOND not set");
    return g_strdup_printf("%s/beyond-%s.elf", dir, variant);
}

/* A scenario driving tests/beyond/smcstub-VARIANT.o with an SMC64 and an SMC32 call. */
static char *smc_scenario(const char *variant)
{
    g_autofree char *text = g_strdup_printf(
        "[machine]\nimages = %s/smcstub-%s.o\n\n[setup]\nmode = install\nvbar_el2 = smc_vectors\n"
        "hcr_el2 = 0x80000000\nsp_el1 = 0x40300000\nsp_el2 = 0x40400000\n\n"
        "[call smc64]\nhvc = 0\nx0 = 0xc4000042\nx1 = 0x1111\nx4 = 0x123456789abcdef0\n\n"
        "[call smc32]\nhvc = 0\nx0 = 0x84000042\nx1 = 0x1111\n",
        g_getenv("EL2_TEST_BEYOND"), variant);
    char *scn = NULL;
    int fd = g_file_open_tmp("beyond-XXXXXX.scn", &scn, NULL);
    cr_assert(fd >= 0);
    close(fd);
    cr_assert(g_file_set_contents(scn, text, -1, NULL));
    return scn;
}

static int count_findings(const char *out)
{
    int n = 0;
    g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
    for (char **l = lines; *l; l++)
        if (g_regex_match_simple("^[a-z]+(-[a-z]+)*: ", *l, 0, 0) && !g_str_has_prefix(*l, "el2sim"))
            n++;
    return n;
}

static void has(const result *r, const char *text)
{
    cr_assert(strstr(r->out, text), "missing '%s' in:\n%s%s", text, r->out, r->err);
}

static void clean(result r, const char *abi_line)
{
    cr_assert_eq(count_findings(r.out), 0, "%s%s", r.out, r.err);
    has(&r, abi_line);
    cr_assert_eq(WEXITSTATUS(r.status), 0, "%s%s", r.out, r.err);
    g_free(r.out);
    g_free(r.err);
}

static void one(result r, const char *kind_line, const char *why_line, const char *culprit_line)
{
    cr_assert_eq(count_findings(r.out), 1, "exactly one finding expected:\n%s%s", r.out, r.err);
    has(&r, kind_line);
    if (why_line)
        has(&r, why_line);
    if (culprit_line)
        has(&r, culprit_line);
    has(&r, "\n1 violation of ");
    cr_assert_eq(WEXITSTATUS(r.status), 1);
    g_free(r.out);
    g_free(r.err);
}

#define V6 "--abi", "linux-hyp-stub", "--abi-version", "v6"

Test(beyond, correct_images_clean_under_every_option)
{
    g_autofree char *ok = image("ok");
    clean(run(ok, V6, NULL), "0 violations of linux-hyp-stub v6\n");
    clean(run(ok, V6, ALL_OPTS, NULL), "0 violations of linux-hyp-stub v6\n");
    clean(run(ok, V6, "--stub-vectors", "__hyp_stub_vectors", NULL), "0 violations of linux-hyp-stub v6\n");
    g_autofree char *scn = smc_scenario("ok");
    clean(run(scn, "--abi", "smccc", "--abi-version", "1.1", NULL), "0 violations of smccc 1.1\n");
    clean(run(scn, "--abi", "smccc", "--abi-version", "1.0", "--scramble-clobbers", NULL), "0 violations of smccc 1.0\n");
    g_unlink(scn);
}

/* Each bug hides without the option that looks for it. */
Test(beyond, bugs_hide_without_their_option)
{
    static const char *const variants[] = { "caller", "x18", "kvm", "helper", "literal", "e2h" };
    for (unsigned i = 0; i < G_N_ELEMENTS(variants); i++) {
        g_autofree char *img = image(variants[i]);
        clean(run(img, V6, NULL), "0 violations of linux-hyp-stub v6\n");
    }
}

/* Jailhouse 5d84afa4/0abce56a (2020): a caller keeps x3 across hvc #0. */
Test(beyond, scramble_clobbers_finds_caller_reading_x3)
{
    g_autofree char *img = image("caller");
    one(run(img, V6, "--scramble-clobbers", NULL), "scrambled-read: x3 = 0x5c5c5c5c00000003\n",
        "    why      the caller reads x3 after HVC_SET_VECTORS returned, but linux-hyp-stub v6 lets the stub clobber it\n"
        "    call     HVC_SET_VECTORS (x0=0x0) by hvc #0 at caller_hvc, EL1  [linux-hyp-stub v6]\n",
        "    culprit  bug_site: add x4, x3, #1\n");
}

/* KVM with a shadow call stack (2019): x18 is the host's, the stub must keep it. */
Test(beyond, reserve_x18)
{
    g_autofree char *img = image("x18");
    one(run(img, V6, "--reserve", "x18", NULL), "clobbered-register: x18 = 0x0, expected 0x1818\n", NULL,
        "    culprit  bug_site: movz x18, #0\n");
    result r = run(img, V6, "--reserve", "y18", NULL);
    cr_assert_eq(WEXITSTATUS(r.status), 2);
    cr_assert_str_eq(r.err, "el2sim check: --reserve: 'y18' is not a register x0-x30\n");
    g_free(r.out);
    g_free(r.err);
}

/* pKVM a79f7b4aeb8e / kvm_call_hyp() after teardown (2016): a stub call after the stub's
 * vectors were replaced. */
Test(beyond, stub_gone)
{
    g_autofree char *img = image("kvm");
    const char *why = "    why      HVC_GET_ICH_VTR_EL2 (x0=4) sent while VBAR_EL2 = kvm_vectors (installed at "
                      "stub_set_vectors: msr vbar_el2, x1, by HVC_SET_VECTORS from kvm_init+0x8), not the stub's "
                      "__hyp_stub_vectors\n"
                      "    call     HVC_GET_ICH_VTR_EL2 (x0=0x4) by hvc #0 at kvm_stub_call, EL1  [linux-hyp-stub v6]\n";
    one(run(img, V6, "--stub-vectors", "__hyp_stub_vectors", NULL), "stub-gone: VBAR_EL2 = 0x40080800, expected 0x40081000\n",
        why, "    culprit  stub_set_vectors: msr vbar_el2, x1\n");
    result r = run(img, V6, "--vbar-timeline", NULL);
    has(&r, why);
    has(&r, "VBAR_EL2 timeline (cycles, table, installer):\n"
            "         start  0x0  at reset or set by el2sim\n"
            "            64  __hyp_stub_vectors  installed at el2_setup+0x1c: msr vbar_el2, x0\n"
            "           420  __hyp_stub_vectors  installed at stub_set_vectors: msr vbar_el2, x1, by HVC_SET_VECTORS from caller_hvc\n"
            "           791  kvm_vectors  installed at stub_set_vectors: msr vbar_el2, x1, by HVC_SET_VECTORS from kvm_init+0x8\n");
    g_free(r.out);
    g_free(r.err);
}

/* The hyp-stub must fit in its vectors (kexec/hibernate, 2021). */
Test(beyond, relocate_vectors_helper_in_text)
{
    g_autofree char *img = image("helper");
    one(run(img, V6, "--relocate-vectors", NULL), "outside-vectors: pc = 0x40080054\n",
        "    why      EL2 runs stub_helper, outside the relocated vectors at 0x47f00000: the stub must fit in what travels with its vectors; "
        "the call is ended: the caller resumes after it, its registers as they were\n",
        "    culprit  bug_site+0x4: br x2\n");
}

Test(beyond, relocate_vectors_literal_in_data)
{
    g_autofree char *img = image("literal");
    one(run(img, V6, "--relocate-vectors", NULL), "outside-vectors: data = 0x40091800\n",
        "    why      EL2 reads stub_err_value, outside the relocated vectors at 0x47f00000 and not through SP\n",
        "    culprit  bug_site: ldr x0, [x2]\n");
}

/* Linux b3320142f3db (2024): HCR_EL2.E2H tested before HCR_EL2 is initialised. */
Test(beyond, unknown_reset_hcr_e2h)
{
    g_autofree char *img = image("e2h");
    one(run(img, V6, "--unknown-reset", NULL), "unknown-read: HCR_EL2 = 0x1a5a5a5a5\n",
        "    why      HCR_EL2 read at el2_setup+0x4 before any write: its reset value is UNKNOWN\n",
        "    culprit  el2_setup+0x4: mrs x0, hcr_el2\n");
}

/* A recursive UNDEF at EL2 outside any call: the checker follows 64 exceptions, reports
 * the recursion once and keeps no more frames (it kept about 1.1 KB per exception without
 * bound: 130 MB for these 100 000 instructions, 11 GB for 10 M; issue 17). */
Test(beyond, recursive_undef_at_el2_is_bounded)
{
    g_autofree char *img = image("recurse");
    result r = run(img, V6, "--max-insns", "100000", NULL);
    has(&r, "exception-recursion: UNDEF\n"
            "    why      UNDEF taken at EL2 at bug_site with 64 exceptions to EL2 already taken, none returned from: "
            "a handler that faults again (el2sim follows 64)\n"
            "    culprit  bug_site: udf #1\n");
    /* the 64 followed are still open at the end of the run: the first, then the handler's
     * two UDFs in turn (one address three times in a row would stop the run) */
    has(&r, "exception-in-stub: UNDEF  (x32)\n    why      UNDEF taken at EL2 inside the stub was never returned from "
            "(instruction budget of 100000 exhausted at bug_site)\n    culprit  bug_site+0x4: udf #1\n");
    has(&r, "exception-in-stub: UNDEF  (x31)\n");
    has(&r, "\n4 violations of linux-hyp-stub v6\n");
    cr_assert_eq(count_findings(r.out), 4, "%s", r.out);
    struct rusage ru;
    cr_assert_eq(getrusage(RUSAGE_CHILDREN, &ru), 0);
    cr_assert_lt(ru.ru_maxrss, 64 * 1024, "el2sim peaked at %ld KiB", ru.ru_maxrss);
    g_free(r.out);
    g_free(r.err);
}

/* TF-A 15dd6f19d/18fa43f75 (2022): FP/SIMD registers are the caller's. */
Test(beyond, smccc_fp_scratch)
{
    g_autofree char *scn = smc_scenario("fp");
    result r = run(scn, "--abi", "smccc", NULL);
    g_unlink(scn);
    one(r, "clobbered-register: v8 = 0x1111, expected 0x0\n",
        "    why      v8 was 0x00000000000000000000000000000000, now 0x00000000000000000000000000001111\n",
        "    culprit  bug_site: fmov d8, x1\n");
}

/* The same across blocks: V is read again only after code that may change it runs. */
Test(beyond, smccc_fp_load_in_earlier_block)
{
    g_autofree char *scn = smc_scenario("fpload");
    result r = run(scn, "--abi", "smccc", NULL);
    g_unlink(scn);
    one(r, "clobbered-register: v9 = 0x2222, expected 0x0\n",
        "    why      v9 was 0x00000000000000000000000000000000, now 0x00000000000000000000000000002222\n",
        "    culprit  bug_site: ldur q9, [x3, #-0x10]\n");
}

Test(beyond, smccc_fpcr_changed)
{
    g_autofree char *scn = smc_scenario("fpcr");
    result r = run(scn, "--abi", "smccc", NULL);
    g_unlink(scn);
    one(r, "clobbered-state: FPCR = 0xc00000, expected 0x0\n", NULL, NULL);
}

/* travels=SECTION: a whole section of the image moves with the vectors; a name that is
 * neither SYMBOL:SIZE nor a loaded section is bad input, one line, exit 2. */
Test(beyond, relocate_vectors_travels_section)
{
    g_autofree char *scn = smc_scenario("ok");
    g_autofree char *abi = g_build_filename(g_getenv("EL2_SOURCE"), "tests", "beyond", "smccc-travels-section.abi", NULL);
    g_autofree char *bad = g_build_filename(g_getenv("EL2_SOURCE"), "tests", "beyond", "smccc-travels-bad.abi", NULL);
    clean(run(scn, "--abi", abi, "--relocate-vectors", "--stub-vectors", "smc_vectors", NULL),
          "0 violations of smccc 1.1-travels-section\n");
    result r = run(scn, "--abi", bad, "--relocate-vectors", "--stub-vectors", "smc_vectors", NULL);
    g_unlink(scn);
    cr_assert_eq(WEXITSTATUS(r.status), 2, "%s%s", r.out, r.err);
    cr_assert_str_eq(r.err, "el2sim: --relocate-vectors: travels item '.no-such-section' must be SYMBOL:SIZE or a "
                            "section name, within 960 KiB of the vectors\n");
    g_free(r.out);
    g_free(r.err);
}

/* TF-A 11578303f (2021): SMC64/HVC64 arguments and results keep their upper 32 bits. */
Test(beyond, smccc64_truncated_argument)
{
    g_autofree char *scn = smc_scenario("trunc");
    result r = run(scn, "--abi", "smccc", NULL);
    g_unlink(scn);
    one(r, "clobbered-register: x4 = 0x9abcdef0, expected 0x123456789abcdef0\n",
        "    call     unknown function 0xc4000042 (x0=0xc4000042) by hvc #0 at el2sim_caller, EL1  [smccc 1.1]\n",
        "    culprit  bug_site: mov w4, w4\n");
}

Test(beyond, smccc64_truncated_result)
{
    g_autofree char *scn = smc_scenario("res32");
    result r = run(scn, "--abi", "smccc", NULL);
    g_unlink(scn);
    one(r, "wrong-result: x0 = 0xffffffff, expected 0xffffffffffffffff\n", NULL, "    culprit  bug_site: movn w0, #0\n");
}

Test(beyond, json_names_new_kinds)
{
    g_autofree char *img = image("caller");
    g_autofree char *json = NULL;
    int fd = g_file_open_tmp("beyond-XXXXXX.json", &json, NULL);
    close(fd);
    result r = run(img, V6, "--scramble-clobbers", "--report", json, NULL);
    g_autofree char *text = NULL;
    cr_assert(g_file_get_contents(json, &text, NULL, NULL));
    g_unlink(json);
    cr_assert(strstr(text, "\"kind\": \"scrambled-read\", \"what\": \"x3\""), "%s", text);
    cr_assert(strstr(text, "\"culprit\": {\"pc\": \""), "%s", text);
    g_free(r.out);
    g_free(r.err);
}

/* travels=SYMBOL:SIZE: what moves with the vectors. smcstub's table branches (PC-relative)
 * to smc_sync in .text: outside the copy unless the ABI says smc_sync travels too. */
Test(beyond, relocate_vectors_travels)
{
    g_autofree char *scn = smc_scenario("ok");
    g_autofree char *abi = g_build_filename(g_getenv("EL2_SOURCE"), "tests", "beyond", "smccc-travels.abi", NULL);
    clean(run(scn, "--abi", abi, "--relocate-vectors", "--stub-vectors", "smc_vectors", NULL),
          "0 violations of smccc 1.1-travels\n");
    result r = run(scn, "--abi", "smccc", "--relocate-vectors", "--stub-vectors", "smc_vectors", NULL);
    g_unlink(scn);
    has(&r, "FAIL smc64 (hvc #0, x0=0xc4000042): 1 ABI violation(s):\noutside-vectors: pc = 0x47eff800\n");
    has(&r, "    culprit  smc_vectors+0x400: b 0x40080000 <smc_sync>\n");
    /* the first finding ends each call: no cascade of faults in what runs outside, and the
     * next call starts from the caller's state (issue 16) */
    has(&r, "FAIL smc32 (hvc #0, x0=0x84000042): 1 ABI violation(s):\noutside-vectors: pc = 0x47eff800\n");
    has(&r, "0 passed, 2 failed\n2 violations of smccc 1.1\n");
    cr_assert_eq(count_findings(r.out), 2, "%s", r.out);
    cr_assert_eq(WEXITSTATUS(r.status), 1);
    g_free(r.out);
    g_free(r.err);
}

/* ---- interrupts inside a call (issue 19 item 6; tests/beyond/irqstub.S) ---- */

/* A scenario driving irqstub-VARIANT.o with one call (x0 = an unknown SMCCC function:
 * NOT_SUPPORTED), HCR_EL2.IMO set, and the call's irq = key when irq is not NULL. */
static char *irq_scenario(const char *variant, const char *irq)
{
    g_autofree char *text = g_strdup_printf(
        "[machine]\nimages = %s/irqstub-%s.o\nabi = smccc\nabi-version = 1.1\n\n[setup]\nmode = install\n"
        "vbar_el2 = irq_vectors\nhcr_el2 = 0x80000010\nsp_el1 = 0x40300000\nsp_el2 = 0x40400000\n\n"
        "[call unknown]\nhvc = 0\nx0 = 0x84000042\nmax-insns = 5000\n%s%s%s",
        g_getenv("EL2_TEST_BEYOND"), variant, irq ? "irq = " : "", irq ? irq : "", irq ? "\n" : "");
    char *scn = NULL;
    int fd = g_file_open_tmp("irq-XXXXXX.scn", &scn, NULL);
    cr_assert(fd >= 0);
    close(fd);
    cr_assert(g_file_set_contents(scn, text, -1, NULL));
    return scn;
}

static unsigned count_lines_with(const char *out, const char *text)
{
    unsigned n = 0;
    for (const char *p = out; (p = strstr(p, text)); p += strlen(text))
        n++;
    return n;
}

/* The stub keeps the caller's return state on its stack while interrupts are unmasked and
 * its handler saves what it uses: an interrupt in the middle of the call (at a symbol, or
 * 12 instructions in) is taken and leaves the contract intact. */
Test(irq, interrupt_in_call_keeps_contract)
{
    const char *when[] = { "33@irq_window", "33@+12" };
    for (int i = 0; i < 2; i++) {
        g_autofree char *scn = irq_scenario("ok", when[i]);
        result r = run(scn, "-v", NULL);
        g_unlink(scn);
        cr_assert_eq(count_lines_with(r.out, "IRQ         EL2->EL2  irq_window+0x4"), 1, "%s%s", r.out, r.err);
        cr_assert(strstr(r.out, "INTID 33 (--irq)"));
        cr_assert(strstr(r.out, "PASS unknown (hvc #0, x0=0x84000042): returned, x0=0xffffffffffffffff, EL1"));
        clean(r, "0 violations of smccc 1.1\n");
    }
}

/* The planted bug: msr daifclr while ELR_EL2/SPSR_EL2 hold the caller's return state and
 * nowhere else. The interrupt overwrites them, the ERET goes back into the stub: one
 * finding, the unmasking instruction as culprit (not the wrong return it leads to). */
Test(irq, unmasked_return_state)
{
    g_autofree char *scn = irq_scenario("unmask", "33@irq_window");
    result r = run(scn, NULL);
    g_unlink(scn);
    one(r, "unmasked-return-state: ELR_EL2 = 0x4008000c, expected 0x47fff004\n",
        "    why      IRQ (INTID 33 (--irq)) taken at EL2 at irq_window+0x4 overwrote ELR_EL2 and SPSR_EL2 while they "
        "still held the caller's return state (ELR 0x47fff004, SPSR 0x3c5): interrupts were unmasked at bug_site, and "
        "the ERET at irq_window+0x18 returns to irq_window+0x4 at EL2\n",
        "    culprit  bug_site: msr daifclr, #2\n");
    /* without an interrupt in the window the same stub returns correctly: nothing to report */
    g_autofree char *quiet = irq_scenario("unmask", NULL);
    clean(run(quiet, NULL), "0 violations of smccc 1.1\n");
    g_unlink(quiet);
}

/* An interrupt handler that does not restore what it uses breaks the interrupted call's
 * contract: reported as the clobber it is, the handler's instruction as culprit. */
Test(irq, handler_clobber_breaks_contract)
{
    g_autofree char *scn = irq_scenario("hclobber", "33@+12");
    result r = run(scn, NULL);
    g_unlink(scn);
    one(r, "clobbered-register: x19 = 0x33, expected 0x1919191919191919\n", NULL,
        "    culprit  bug_site: movz x19, #0x33\n");
    g_autofree char *quiet = irq_scenario("hclobber", NULL);
    clean(run(quiet, NULL), "0 violations of smccc 1.1\n");
    g_unlink(quiet);
}

/* --irq-storm N: each call N more times with IRQ 33 at a random instruction of the call,
 * deterministic for a seed; clean on the correct stub (and interrupts were taken), the
 * planted bug found without saying where to interrupt. */
Test(irq, storm)
{
    g_autofree char *scn = irq_scenario("ok", NULL);
    result a = run(scn, "-v", "--irq-storm", "20", "--seed", "7", NULL);
    result b = run(scn, "-v", "--irq-storm", "20", "--seed", "7", NULL);
    result d = run(scn, "-v", "--irq-storm", "20", "--seed", "8", NULL);
    g_unlink(scn);
    cr_assert_str_eq(a.out, b.out, "the same seed gives the same run");
    cr_assert_str_neq(a.out, d.out, "another seed gives other points");
    unsigned taken = count_lines_with(a.out, "INTID 33 (--irq)");
    cr_assert(taken >= 5 && taken <= 20, "%u of 20 storm interrupts taken inside the window", taken);
    cr_assert(strstr(a.out, "PASS unknown (hvc #0, x0=0x84000042) [21/21]"), "%s", a.out);
    g_free(b.out); g_free(b.err); g_free(d.out); g_free(d.err);
    clean(a, "0 violations of smccc 1.1\n");
    g_autofree char *bug = irq_scenario("unmask", NULL);
    result r = run(bug, "--irq-storm", "20", "--seed", "7", NULL);
    g_unlink(bug);
    cr_assert(strstr(r.out, "unmasked-return-state: ELR_EL2 = 0x"), "%s", r.out);
    cr_assert(strstr(r.out, "    culprit  bug_site: msr daifclr, #2\n"), "%s", r.out);
    cr_assert_eq(WEXITSTATUS(r.status), 1);
    g_free(r.out); g_free(r.err);
}

/* Bad interrupt keys and options: one line naming file, line and key, exit 2. */
Test(irq, bad_values)
{
    static const char *const cases[][2] = {
        { "33@1000", "[call unknown] irq: '33@1000': '1000': in a call, give +N (instructions into the call) or a SYMBOL" },
        { "5@+3", "[call unknown] irq: '5@+3': '5' is not a PPI (16-31), an SPI (32-1019), fiq or serror" },
        { "33", "[call unknown] irq: '33': expected WHAT@+N or WHAT@SYMBOL (WHAT: an INTID 16-1019, fiq or serror; "
                "e.g. 33@+5)" },
        { "fiq@+1; 33@+x", "[call unknown] irq: '33@+x': '+x': expected +N, a number of instructions" },
        { "33@nosuch", "[call unknown] irq: 'nosuch' is neither a number nor a symbol of the images" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *scn = irq_scenario("ok", cases[i][0]);
        result r = run(scn, NULL);
        g_autofree char *want = g_strdup_printf("%s:17: %s\n", scn, cases[i][1]);
        g_unlink(scn);
        cr_assert_eq(WEXITSTATUS(r.status), 2, "%s: %s", cases[i][0], r.err);
        cr_assert(g_str_has_suffix(r.err, want), "want ...%s got %s", want, r.err);
        cr_assert_eq(count_lines_with(r.err, "\n"), 1, "one line: %s", r.err);
        g_free(r.out); g_free(r.err);
    }
    g_autofree char *scn = irq_scenario("ok", NULL);
    result r = run(scn, "--irq-storm", "-1", NULL);
    g_unlink(scn);
    cr_assert_eq(WEXITSTATUS(r.status), 2);
    cr_assert_str_eq(r.err, "el2sim check: --fuzz, --irq-storm and --seed take non-negative numbers\n");
    g_free(r.out); g_free(r.err);
    g_autofree char *img = image("ok");
    r = run(img, "--abi", "linux-hyp-stub", "--irq-storm", "3", NULL);
    cr_assert_eq(WEXITSTATUS(r.status), 2);
    cr_assert_str_eq(r.err, "el2sim check: --irq-storm 3: drives a scenario's calls; for an image give --irq\n");
    g_free(r.out); g_free(r.err);
}
