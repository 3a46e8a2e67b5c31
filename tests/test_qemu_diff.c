/* test_qemu_diff.c - QEMU as an oracle: every image in EL2_DIFF_IMAGES (colon-separated
 * absolute paths, each with the CPU pair to run it on) is run by qemu-system-aarch64 with
 * -d int and by el2sim, and the two exception sequences must agree event by event, as must
 * the exit statuses. Also unit tests of the QEMU log parser (sim/qemulog.c) on small
 * literal logs. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "exception.h"
#include "qemu_diff.h"
#include "qemulog.h"

/* ---- the parser ---------------------------------------------------------------------- */

static GArray *ev;
static GError *perr;
static void setup_ev(void) { ev = g_array_new(FALSE, TRUE, sizeof(el2_event)); }
static void teardown_ev(void)
{
    g_array_free(ev, TRUE);
    g_clear_error(&perr);
}
static bool parse(const char *text) { return qemulog_parse(text, strlen(text), ev, &perr); }
static const el2_event *E(guint i)
{
    cr_assert_lt(i, ev->len, "event %u of %u", i, ev->len);
    return &g_array_index(ev, el2_event, i);
}
static void parse_fails(const char *text, const char *msg)
{
    g_clear_error(&perr);
    g_array_set_size(ev, 0);
    cr_assert_not(parse(text), "parsed but should fail with: %s", msg);
    cr_assert_not_null(perr);
    cr_assert_str_eq(perr->message, msg);
    cr_assert_null(strchr(perr->message, '\n'), "one line");
    cr_assert_eq(ev->len, 0, "no events on error");
}

/* A log from QEMU 7.2 running an image that drops to EL1, makes hyp calls, a PSCI call,
 * an illegal return and a semihosting exit. */
static const char log72[] =
    "Exception return from AArch64 EL2 to AArch64 EL1 PC 0x40080034\n"
    "Taking exception 11 [Hypervisor Call] on CPU 0\n"
    "...from EL1 to EL2\n"
    "...with ESR 0x16/0x5a000000\n"
    "...with ELR 0x4008003c\n"
    "...to EL2 PC 0x40080c00 PSTATE 0x3c9\n"
    "Exception return from AArch64 EL2 to AArch64 EL1 PC 0x4008003c\n"
    "Taking exception 2 [SVC] on CPU 0\n"
    "...from EL1 to EL1\n"
    "...with ESR 0x15/0x56000003\n"
    "...with ELR 0x4008004c\n"
    "...to EL1 PC 0x200 PSTATE 0x3c5\n"
    "Taking exception 13 [Secure Monitor Call] on CPU 0\n"
    "...from EL2 to EL3\n"
    "...with ESR 0x17/0x5e000000\n"
    "...handled as PSCI call\n"
    "Invalid read at addr 0x9000000, size 4, region '(null)', reason: rejected\n"
    "Illegal exception return at EL2: resuming execution at 0x40080044\n"
    "Taking exception 1 [Undefined Instruction] on CPU 0\n"
    "...from EL2 to EL2\n"
    "...with ESR 0xe/0x3a000000\n"
    "...with ELR 0x40080044\n"
    "...to EL2 PC 0x40080a00 PSTATE 0x3c9\n"
    "Taking exception 16 [Semihosting call] on CPU 0\n"
    "...from EL2 to EL3\n"
    "...handling as semihosting call 0x3\n"
    "Taking exception 16 [Semihosting call] on CPU 0\n"
    "...from EL2 to EL2\n"
    "...handling as semihosting call 0x18\n";

Test(qemulog, every_line_kind_of_qemu_7_2, .init = setup_ev, .fini = teardown_ev)
{
    cr_assert(parse(log72), "%s", perr ? perr->message : "");
    cr_assert_eq(ev->len, 10);
    const el2_event *e = E(0);
    cr_assert_eq(e->kind, EV_ERET);
    cr_assert_eq(e->from_el, 2);
    cr_assert_eq(e->to_el, 1);
    cr_assert_eq(e->target, 0x40080034u);
    cr_assert_not(e->illegal);
    e = E(1);
    cr_assert_eq(e->kind, EV_EXC);
    cr_assert_eq(e->exc, EXC_HVC);
    cr_assert_eq(e->from_el, 1);
    cr_assert_eq(e->to_el, 2);
    cr_assert_eq(e->esr, 0x5a000000u);
    cr_assert_eq(e->elr, 0x4008003cu);
    cr_assert_eq(e->pc, 0x40080038u, "HVC returns after itself");
    cr_assert_eq(e->target, 0x40080c00u);
    cr_assert_eq(E(2)->kind, EV_ERET);
    e = E(3);
    cr_assert_eq(e->exc, EXC_SVC);
    cr_assert_eq(e->to_el, 1);
    cr_assert_eq(e->target, 0x200u);
    e = E(4);
    cr_assert_eq(e->kind, EV_EXC);
    cr_assert_eq(e->exc, EXC_FIRMWARE);
    cr_assert_eq(e->from_el, 2);
    cr_assert_eq(e->to_el, 3);
    cr_assert_eq(e->esr, 0x5e000000u);
    e = E(5);
    cr_assert_eq(e->kind, EV_ERET, "QEMU's PSCI firmware returns");
    cr_assert_eq(e->from_el, 3);
    cr_assert_eq(e->to_el, 2);
    e = E(6);
    cr_assert_eq(e->kind, EV_ERET);
    cr_assert(e->illegal);
    cr_assert_eq(e->from_el, 2);
    cr_assert_eq(e->to_el, 2);
    cr_assert_eq(e->target, 0x40080044u);
    e = E(7);
    cr_assert_eq(e->exc, EXC_ILLEGAL_STATE);
    cr_assert_eq(e->esr, 0x3a000000u);
    cr_assert_eq(e->pc, 0x40080044u);
    e = E(8);
    cr_assert_eq(e->kind, EV_EXC);
    cr_assert_eq(e->exc, EXC_SEMIHOST);
    cr_assert_eq(e->from_el, 2);
    cr_assert_eq(e->to_el, 2, "semihosting stays at the caller's EL (QEMU logs 'to EL3' for it)");
    cr_assert_eq(e->value, 0x3u);
    cr_assert_eq(E(9)->exc, EXC_SEMIHOST);
    cr_assert_eq(E(9)->value, 0x18u);
}

Test(qemulog, semihosting_record_without_operation_line, .init = setup_ev, .fini = teardown_ev)
{
    /* older QEMUs do not say which operation: the record ends at the next one */
    cr_assert(parse("Taking exception 16 [Semihosting call] on CPU 0\n...from EL1 to EL1\n"
                    "Taking exception 16 [Semihosting call] on CPU 0\n...from EL1 to EL3\n"));
    cr_assert_eq(ev->len, 2);
    cr_assert_eq(E(0)->exc, EXC_SEMIHOST);
    cr_assert_eq(E(0)->from_el, 1);
    cr_assert_eq(E(1)->to_el, 1);
}

Test(qemulog, newer_and_older_variants, .init = setup_ev, .fini = teardown_ev)
{
    const char *log =
        "Taking exception 4 [Data Abort] on CPU 0\r\n"
        "...from EL1 to EL2\r\n"
        "...with ESR 0x24/0x93c08006\r\n"
        "...with FAR 0x9000000\r\n"
        "...with ELR 0x40081000\r\n"
        "...with SPSR 0x3c5\r\n"
        "...with SOMETHING 0x1\r\n"
        "...to EL2 PC 0x40080c00 PSTATE 0x3c9\r\n"
        "Taking exception 12 [Hypervisor Trap] on CPU 0\n"
        "...from EL1 to EL2\n"
        "...with ESR 0x5e000000\n"         /* old: syndrome only */
        "...with ELR 0x40081004\n"
        "...to EL2 PC 0x40080c00\n"        /* no PSTATE */
        "Exception return from AArch64 EL2 to AArch32 EL1 PC 0x1000\n"
        "  Taking exception 7 [Breakpoint] on CPU 1\n"
        "...from EL2 to EL2\n"
        "...to EL2 PC 0x40080a00 PSTATE 0x3c9\n"
        "anything else at all\n";
    cr_assert(parse(log), "%s", perr ? perr->message : "");
    cr_assert_eq(ev->len, 4);
    const el2_event *e = E(0);
    cr_assert_eq(e->exc, EXC_DATA_ABORT);
    cr_assert_eq(e->far, 0x9000000u);
    cr_assert_eq(e->spsr, 0x3c5u);
    cr_assert_eq(e->elr, 0x40081000u);
    e = E(1);
    cr_assert_eq(e->exc, EXC_SMC_TRAP, "EC 0x17 taken to EL2 is a trapped SMC");
    cr_assert_eq(e->esr, 0x5e000000u);
    cr_assert_eq(e->pc, 0x40081004u, "a trapped SMC returns to itself");
    cr_assert_eq(E(2)->kind, EV_ERET);
    cr_assert_eq(E(2)->target, 0x1000u);
    cr_assert_eq(E(3)->exc, EXC_BRK, "no ESR: kind from QEMU's exception number");
}

Test(qemulog, ec_decides_the_kind, .init = setup_ev, .fini = teardown_ev)
{
    static const struct { unsigned ec; el2_exc_kind k; } map[] = {
        { 0x00, EXC_UNDEF }, { 0x01, EXC_WFX_TRAP }, { 0x0e, EXC_ILLEGAL_STATE }, { 0x15, EXC_SVC },
        { 0x16, EXC_HVC }, { 0x17, EXC_SMC_TRAP }, { 0x18, EXC_SYSREG_TRAP }, { 0x20, EXC_INSN_ABORT },
        { 0x21, EXC_INSN_ABORT }, { 0x22, EXC_PC_ALIGN }, { 0x24, EXC_DATA_ABORT }, { 0x25, EXC_DATA_ABORT },
        { 0x26, EXC_SP_ALIGN }, { 0x3c, EXC_BRK },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(map); i++) {
        g_autofree char *log = g_strdup_printf("Taking exception 1 [x] on CPU 0\n...from EL1 to EL2\n"
                                               "...with ESR 0x%x/0x%x\n...with ELR 0x1000\n...to EL2 PC 0x2000\n",
                                               map[i].ec, map[i].ec << 26 | 1u << 25);
        g_array_set_size(ev, 0);
        cr_assert(parse(log), "%s", perr ? perr->message : "");
        cr_assert_eq(E(0)->exc, map[i].k, "EC 0x%x", map[i].ec);
    }
}

Test(qemulog, psci_call_ending_the_log_has_no_return, .init = setup_ev, .fini = teardown_ev)
{
    cr_assert(parse("Taking exception 13 [Secure Monitor Call] on CPU 0\n...from EL1 to EL3\n"
                    "...with ESR 0x17/0x5e000000\n...handled as PSCI call\n"));
    cr_assert_eq(ev->len, 1, "SYSTEM_OFF does not come back");
    cr_assert_eq(E(0)->exc, EXC_FIRMWARE);
    cr_assert_eq(E(0)->from_el, 1);
}

Test(qemulog, truncated_log, .init = setup_ev, .fini = teardown_ev)
{
    parse_fails("Exception return from AArch64 EL2 to AArch64 EL1 PC 0x40080034\n"
                "Taking exception 11 [Hypervisor Call] on CPU 0\n"
                "...from EL1 to EL2\n"
                "...with ESR 0x16/0x5a000000\n",
                "log:2: exception record 11 [Hypervisor Call] ends before its '...to EL' line (truncated log?)");
    parse_fails("Taking exception 2 [SVC] on CPU 0\n",
                "log:1: exception record 2 [SVC] ends before its '...from EL' line (truncated log?)");
    parse_fails("Taking exception 2 [SVC] on CPU 0\n...from EL0 to EL1\n"
                "Exception return from AArch64 EL2 to AArch64 EL1 PC 0x40080034\n",
                "log:1: exception record 2 [SVC] ends before its '...to EL' line (truncated log?)");
}

/* QEMU 7.2's log of an interrupt taken to an AArch32 EL1's mode (qemu_diff a32_irq@a57,
 * hyp32_irq@a15): "...from EL1 to EL1" and a stale ESR, no ELR or '...to EL' line; the
 * record ends at the next one, imported with its kind and ELs, ESR 0. A synchronous
 * exception to EL1 logged so stays an error (its record is not known to be complete), and
 * so does such a record at the log's end. */
Test(qemulog, interrupt_to_aarch32_el1, .init = setup_ev, .fini = teardown_ev)
{
    cr_assert(parse("Taking exception 5 [IRQ] on CPU 0\n...from EL1 to EL1\n...with ESR 0x12/0x4a000001\n"
                    "Taking exception 14 [Virtual IRQ] on CPU 0\n...from EL0 to EL1\n...with ESR 0x12/0x4a000001\n"
                    "Exception return from AArch32 irq to svc PC 0x40081048\n"), "%s", perr ? perr->message : "");
    cr_assert_eq(ev->len, 3);
    cr_assert_eq(E(0)->kind, EV_EXC);
    cr_assert_eq(E(0)->exc, EXC_IRQ);
    cr_assert_eq(E(0)->from_el, 1);
    cr_assert_eq(E(0)->to_el, 1);
    cr_assert_eq(E(0)->esr, 0, "the logged ESR is an earlier exception's");
    cr_assert_eq(E(1)->exc, EXC_VIRQ);
    cr_assert_eq(E(1)->from_el, 0);
    cr_assert_eq(E(2)->kind, EV_ERET);
    parse_fails("Taking exception 2 [SVC] on CPU 0\n...from EL1 to EL1\n...with ESR 0x11/0x46000000\n"
                "Exception return from AArch32 svc to usr PC 0x40081048\n",
                "log:1: exception record 2 [SVC] ends before its '...to EL' line (truncated log?)");
    parse_fails("Taking exception 5 [IRQ] on CPU 0\n...from EL1 to EL1\n...with ESR 0x0/0x0\n",
                "log:1: exception record 5 [IRQ] ends before its '...to EL' line (truncated log?)");
}

Test(qemulog, malformed_numbers, .init = setup_ev, .fini = teardown_ev)
{
    parse_fails("Taking exception 11 [Hypervisor Call] on CPU 0\n"
                "...from EL1 to EL2\n"
                "...with ESR 0x16/0x5a000000\n"
                "...with ELR 0x4008g03c\n"
                "...to EL2 PC 0x40080c00 PSTATE 0x3c9\n",
                "log:4: malformed hex number '0x4008g03c' in '...with ELR' line");
    parse_fails("Exception return from AArch64 EL2 to AArch64 EL1 PC 40080034\n",
                "log:1: malformed hex number '40080034' in 'Exception return' line");
    parse_fails("Exception return from AArch64 EL2 to AArch64 EL1 PC 0x\n",
                "log:1: malformed hex number '0x' in 'Exception return' line");
    parse_fails("Exception return from AArch64 EL2 to AArch64 EL1 PC 0x10000000000000000\n",
                "log:1: malformed hex number '0x10000000000000000' in 'Exception return' line");
    parse_fails("Illegal exception return at EL2: resuming execution at\n",
                "log:1: missing hex number in 'Illegal exception return' line");
    parse_fails("Taking exception 1 [x] on CPU 0\n...from EL4 to EL2\n",
                "log:2: expected EL0..EL3 in '...from' line");
    parse_fails("Taking exception 1 [x] on CPU 0\n...from EL1 to EL2\n...with ESR 0x16/0x56000000\n",
                "log:3: ESR 0x56000000 does not have EC 0x16");
    parse_fails("Taking exception 1 [x] on CPU 0\n...from EL1 to EL2\n...to EL1 PC 0x0\n",
                "log:3: record goes to EL1 but '...from' said EL2");
    /* (EC 0x07, FP_ACCESS, is a trap since the AArch32 FP traps: a32_fptrap; EC 0x2C,
     * a trapped floating-point exception, has no kind) */
    parse_fails("Taking exception 17 [v7M NOCP UsageFault] on CPU 0\n...from EL1 to EL2\n"
                "...with ESR 0x2c/0xb2000000\n...to EL2 PC 0x0\n",
                "log:1: exception 17 [v7M NOCP UsageFault] with EC 0x2c (EC?) has no el2sim exception kind");
}

Test(qemulog, file_errors_name_the_file, .init = setup_ev, .fini = teardown_ev)
{
    g_autofree char *path = NULL;
    int fd = g_file_open_tmp("qemulog-XXXXXX.log", &path, NULL);
    cr_assert_geq(fd, 0);
    const char *text = "\n\nException return from AArch64 EL2 to AArch64 EL1 PC 0xzz\n";
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    cr_assert_not(qemulog_parse_file(path, ev, &perr));
    g_autofree char *want = g_strdup_printf("%s:3: malformed hex number '0xzz' in 'Exception return' line", path);
    cr_assert_str_eq(perr->message, want);
    unlink(path);
}

/* ---- the differential test ------------------------------------------------------------ */

/* The CPU pairs an image runs on: QEMU's machine and -cpu, and el2sim's --cpu for the
 * same behaviour. QEMU 7.2 has no Neoverse N1; its `max` is the nearest VHE CPU, and
 * gic-version=3 gives it the GICv3 system-register interface N1 has (ID_AA64PFR0_EL1.GIC
 * = 1; with QEMU's default GICv2 it reads 0). The other ID register fields the two report
 * differently are listed in README "Tests"; an image whose result depends on one runs on
 * one pair only (tests/meson.build, qemu_diff_cpus). */
static const struct cpu_pair {
    const char *key;        /* the name in EL2_DIFF_IMAGES */
    const char *qemu_machine;
    const char *qemu_cpu;
    const char *el2sim_cpu;
    bool aarch32;           /* the Hyp-mode machine: qemu-system-arm, el2sim --arch aarch32 */
} cpu_pairs[] = {
    { "a57", "virt,virtualization=on", "cortex-a57", "cortex-a57", false },
    { "vhe", "virt,virtualization=on,gic-version=3", "max", "neoverse-n1", false },
    { "a15", "virt,virtualization=on", "cortex-a15", "cortex-a15", true },
};

static const struct cpu_pair *find_pair(const char *key)
{
    for (size_t i = 0; i < G_N_ELEMENTS(cpu_pairs); i++)
        if (strcmp(cpu_pairs[i].key, key) == 0)
            return &cpu_pairs[i];
    return NULL;
}

/* One run: an image on one CPU pair. EL2_DIFF_IMAGES is a colon-separated list of
 * PATH@PAIR (one entry per image and pair; tests/meson.build writes it). */
struct diff_image { char path[1024]; char pair[16]; };

ParameterizedTestParameters(qemu_diff, image)
{
    const char *list = getenv("EL2_DIFF_IMAGES");
    char **parts = g_strsplit(list ? list : "", ":", -1);
    size_t n = 0;
    for (char **p = parts; *p; p++)
        if (**p)
            n++;
    struct diff_image *imgs = cr_malloc(sizeof *imgs * (n ? n : 1));
    size_t i = 0;
    for (char **p = parts; *p; p++) {
        if (!**p)
            continue;
        char *at = strrchr(*p, '@');
        if (at)
            *at = 0;
        g_strlcpy(imgs[i].path, *p, sizeof imgs->path);
        g_strlcpy(imgs[i].pair, at ? at + 1 : "", sizeof imgs->pair);
        i++;
    }
    g_strfreev(parts);
    return cr_make_param_array(struct diff_image, imgs, n);
}

static char *find_qemu(void)
{
    return g_find_program_in_path(QEMU_PROGRAM);
}

#define QEMU_PROGRAM_ARM "qemu-system-arm"   /* the a15 pair (32-bit Hyp mode) */

/* The known QEMU 7.2 difference of image IMAGE on PAIR from EL2_DIFF_KNOWN (lines of
 * NAME@PAIR=#N: REASON, NAME the image's file name without .elf), or NULL. */
static char *known_difference(const char *image, const char *pair)
{
    g_autofree char *base = g_path_get_basename(image);
    char *dot = strrchr(base, '.');
    if (dot)
        *dot = 0;
    g_autofree char *key = g_strdup_printf("%s@%s=", base, pair);
    const char *list = getenv("EL2_DIFF_KNOWN");
    char **lines = g_strsplit(list ? list : "", "\n", -1);
    char *found = NULL;
    for (char **l = lines; *l && !found; l++)
        if (g_str_has_prefix(*l, key))
            found = g_strdup(*l + strlen(key));
    g_strfreev(lines);
    return found;
}

/* "#N: REASON" from the first line of a divergence report ("first divergence at event
 * #N (...): REASON"), or the whole first line when it is another kind of report. */
static char *divergence_summary(const char *diff)
{
    g_autofree char *first = g_strndup(diff, strcspn(diff, "\n"));
    const char *hash = strchr(first, '#');
    const char *why = strstr(first, "): ");
    if (!g_str_has_prefix(first, "first divergence at event #") || !hash || !why)
        return g_strdup(first);
    return g_strdup_printf("#%.*s: %s", (int)strcspn(hash + 1, " "), hash + 1, why + 3);
}

ParameterizedTest(struct diff_image *img, qemu_diff, image, .timeout = 120)
{
    const struct cpu_pair *cp = find_pair(img->pair);
    cr_assert_not_null(cp, "EL2_DIFF_IMAGES: %s@%s: the CPU pair must be a57, vhe or a15", img->path, img->pair);
    g_autofree char *qemu = cp->aarch32 ? g_find_program_in_path(QEMU_PROGRAM_ARM) : find_qemu();
    if (!qemu)
        cr_skip("%s not found on PATH: cannot compare %s with QEMU", cp->aarch32 ? QEMU_PROGRAM_ARM : QEMU_PROGRAM,
                img->path);
    cr_assert(g_path_is_absolute(img->path) && g_file_test(img->path, G_FILE_TEST_IS_REGULAR),
              "EL2_DIFF_IMAGES names %s, which is not an existing absolute path", img->path);
    const char *t = getenv("EL2_DIFF_TIMEOUT");
    double timeout = t ? atof(t) : 20;
    GError *err = NULL;
    qemu_run *q = qemu_diff_run(qemu, cp->qemu_machine, cp->qemu_cpu, img->path, timeout, 16u << 20, &err);
    cr_assert_not_null(q, "%s: QEMU run failed: %s", img->path, err ? err->message : "?");
    harness *h = harness_run(img->path, cp->aarch32 ? (const char *[]){ "--cpu", cp->el2sim_cpu, "--arch", "aarch32", NULL }
                                                    : (const char *[]){ "--cpu", cp->el2sim_cpu, NULL });
    g_autofree char *diff = qemu_diff_compare(h, q);
    g_autofree char *known = known_difference(img->path, img->pair);
    g_autofree char *summary = diff ? divergence_summary(diff) : NULL;
    bool expected = known ? summary && strcmp(summary, known) == 0 : !diff;
    if (!expected) {
        fprintf(stderr, "%s (QEMU -cpu %s, el2sim --cpu %s): el2sim events:\n", img->path, cp->qemu_cpu,
                cp->el2sim_cpu);
        harness_dump(h);
    } else if (known) {
        fprintf(stderr, "%s (QEMU -cpu %s, el2sim --cpu %s): the known QEMU 7.2 difference: %s\n", img->path,
                cp->qemu_cpu, cp->el2sim_cpu, known);
    } else {
        fprintf(stderr, "%s (QEMU -cpu %s, el2sim --cpu %s): %u exception events and exit status %d agree\n",
                img->path, cp->qemu_cpu, cp->el2sim_cpu, q->events->len, q->status);
    }
    harness_free(h);
    qemu_run_free(q);
    if (known) {
        cr_assert(expected, "%s (QEMU -cpu %s, el2sim --cpu %s): the known QEMU 7.2 difference '%s' is not what "
                  "the run shows: %s", img->path, cp->qemu_cpu, cp->el2sim_cpu, known, diff ? diff : "they agree");
        return;
    }
    cr_assert_null(diff, "%s (QEMU -cpu %s, el2sim --cpu %s): el2sim and QEMU diverge\n%s", img->path,
                   cp->qemu_cpu, cp->el2sim_cpu, diff);
}

/* Never pass silently: an empty image list or a missing QEMU shows up here. */
Test(qemu_diff, configured)
{
    const char *list = getenv("EL2_DIFF_IMAGES");
    cr_assert(list && *list, "EL2_DIFF_IMAGES is not set: no image is compared with QEMU");
    g_autofree char *qemu = find_qemu();
    if (!qemu)
        cr_skip(QEMU_PROGRAM " not found on PATH: the QEMU differential test did not run");
}

/* Criterion's own main, plus: when QEMU is missing and nothing failed, exit 77 so meson
 * reports the test as SKIP (with the reason on stderr) rather than OK. */
int main(int argc, char *argv[])
{
    struct criterion_test_set *tests = criterion_initialize();
    int result = 0;
    if (criterion_handle_args(argc, argv, true))
        result = !criterion_run_all_tests(tests);
    criterion_finalize(tests);
    if (result == 0) {
        g_autofree char *qemu = find_qemu();
        if (!qemu) {
            fprintf(stderr, "SKIP: %s not found on PATH: el2sim was not compared with QEMU\n", QEMU_PROGRAM);
            return 77;
        }
    }
    return result;
}
