/* test_gdb.c - el2sim's GDB remote-protocol server (sim/gdbstub.c): gdb-multiarch
 * driven in batch mode against `el2sim run --gdb 127.0.0.1:0` on the hyp-stub-v5
 * self-test, and a raw socket client sending malformed packets. The gdb tests skip
 * (visibly) when gdb-multiarch is not on PATH. */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <glib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define GDB "gdb-multiarch"

typedef struct server {
    GPid pid;
    int out_fd, err_fd;
    int port;
    GString *err;      /* stderr so far */
} server;

static char *stub(const char *name)
{
    const char *dir = getenv("EL2_TEST_STUBS");
    cr_assert_not_null(dir, "EL2_TEST_STUBS not set (run through meson test)");
    return g_build_filename(dir, name, NULL);
}

/* Reads the server's stderr until it has a line containing `what` (10 s at most). */
static bool wait_err(server *s, const char *what)
{
    for (int i = 0; i < 100 && !strstr(s->err->str, what); i++) {
        struct pollfd pf = { .fd = s->err_fd, .events = POLLIN };
        if (poll(&pf, 1, 100) > 0) {
            char buf[512];
            ssize_t n = read(s->err_fd, buf, sizeof buf);
            if (n <= 0)
                break;
            g_string_append_len(s->err, buf, n);
        }
    }
    return strstr(s->err->str, what) != NULL;
}

static void start_server(server *s, const char *image, const char *extra)
{
    const char *el2sim = getenv("EL2SIM");
    cr_assert_not_null(el2sim, "EL2SIM not set");
    const char *argv[] = { el2sim, "run", image, "--gdb", "127.0.0.1:0", extra, NULL };
    GError *err = NULL;
    memset(s, 0, sizeof *s);
    s->err = g_string_new(NULL);
    cr_assert(g_spawn_async_with_pipes(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                       &s->pid, NULL, &s->out_fd, &s->err_fd, &err),
              "spawn: %s", err ? err->message : "");
    cr_assert(wait_err(s, "\n"), "no listening line; stderr: %s", s->err->str);
    cr_assert(sscanf(s->err->str, "el2sim: gdb server listening on 127.0.0.1:%d", &s->port) == 1,
              "unexpected first line: %s", s->err->str);
}

/* Waits for the server; returns its exit status, collects the rest of stdout/stderr. */
static int finish_server(server *s, GString *out)
{
    char buf[4096];
    ssize_t n;
    while ((n = read(s->out_fd, buf, sizeof buf)) > 0)
        if (out)
            g_string_append_len(out, buf, n);
    while ((n = read(s->err_fd, buf, sizeof buf)) > 0)
        g_string_append_len(s->err, buf, n);
    int st = 0;
    waitpid(s->pid, &st, 0);
    close(s->out_fd);
    close(s->err_fd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static char *run_gdb(server *s, const char *image, const char *const *cmds)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(a, g_strdup(GDB));
    g_ptr_array_add(a, g_strdup("-batch"));
    g_ptr_array_add(a, g_strdup("-nx"));
    g_ptr_array_add(a, g_strdup("-ex"));
    g_ptr_array_add(a, g_strdup_printf("file %s", image));
    g_ptr_array_add(a, g_strdup("-ex"));
    g_ptr_array_add(a, g_strdup_printf("target remote 127.0.0.1:%d", s->port));
    for (int i = 0; cmds[i]; i++) {
        g_ptr_array_add(a, g_strdup("-ex"));
        g_ptr_array_add(a, g_strdup(cmds[i]));
    }
    g_ptr_array_add(a, NULL);
    char *out = NULL, *err = NULL;
    GError *e = NULL;
    int st = 0;
    cr_assert(g_spawn_sync(NULL, (char **)a->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &st, &e),
              "gdb: %s", e ? e->message : "");
    g_ptr_array_free(a, TRUE);
    char *all = g_strconcat(out, err, NULL);
    g_free(out);
    g_free(err);
    return all;
}

static void need_gdb(void)
{
    g_autofree char *p = g_find_program_in_path(GDB);
    if (!p) {
        fprintf(stderr, "SKIP: " GDB " not found on PATH: the gdb server was not tested with gdb\n");
        cr_skip(GDB " not found on PATH");
    }
}

static void assert_has(const char *text, const char *want)
{
    cr_assert(strstr(text, want), "expected\n  %s\nin gdb's output:\n%s", want, text);
}

/* the reference trace: the same image without gdb */
static char *plain_trace(const char *image)
{
    const char *argv[] = { getenv("EL2SIM"), "run", image, NULL };
    char *out = NULL;
    int st = 0;
    cr_assert(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &st, NULL));
    return out;
}

/* Runs the stub under the gdb server with gdb's commands; the run must exit 0 and its
 * trace (stamps included) must be the one of a run without gdb. Returns gdb's output. */
static char *gdb_run_same_trace(const char *img, const char *const *cmds)
{
    server s;
    start_server(&s, img, NULL);
    char *out = run_gdb(&s, img, cmds);
    GString *trace = g_string_new(NULL);
    int rc = finish_server(&s, trace);
    cr_assert_eq(rc, 0, "el2sim exit %d; stderr:\n%s\ngdb:\n%s", rc, s.err->str, out);
    g_autofree char *ref = plain_trace(img);
    cr_assert_str_eq(trace->str, ref);
    g_string_free(trace, TRUE);
    g_string_free(s.err, TRUE);
    return out;
}

Test(gdb, break_step_registers_and_exit)
{
    need_gdb();
    g_autofree char *img = stub("hyp-stub-v5.elf");
    const char *cmds[] = {
        "break el1_main", "continue", "p/x $pc", "info registers vbar_el2",
        "p/x $cpsr", "p ($cpsr >> 2) & 3",
        "break __hyp_set_vectors", "continue", "x/1i $pc", "stepi",
        "p $pc == (long)&__hyp_stub_vectors + 1024", "p ($cpsr >> 2) & 3", "info registers elr_el2",
        "x/4i $pc", "set $x20 = 0x1234", "p/x $x20", "delete", "continue", NULL,
    };
    /* breakpoints and steps leave the trace as it is without gdb */
    g_autofree char *out = gdb_run_same_trace(img, cmds);
    assert_has(out, "Breakpoint 1, 0x00000000400800b4 in el1_main ()\n");
    assert_has(out, "$1 = 0x400800b4\n");
    assert_has(out, "vbar_el2       0x40082000          0x40082000 <__hyp_stub_vectors>\n");
    assert_has(out, "$2 = 0x3c5\n");                       /* EL1h after the drop to EL1 */
    assert_has(out, "$3 = 1\n");
    assert_has(out, "Breakpoint 2, 0x0000000040080008 in __hyp_set_vectors ()\n");
    assert_has(out, "=> 0x40080008 <__hyp_set_vectors+8>:\thvc\t#0x0\n");
    assert_has(out, "0x0000000040082400 in __hyp_stub_vectors ()\n");  /* stepi over the HVC */
    assert_has(out, "$4 = 1\n");
    assert_has(out, "$5 = 2\n");                           /* now at EL2 */
    assert_has(out, "elr_el2        0x4008000c          0x4008000c <__hyp_set_vectors+12>\n");
    assert_has(out, "=> 0x40082400 <__hyp_stub_vectors+1024>:\tb\t0x40082800 <stub_el1_sync>\n");
    assert_has(out, "$6 = 0x1234\n");
    assert_has(out, "[Inferior 1 (Remote target) exited normally]\n");
}

/* A step in a block the engine translated during a continue stops after one
 * instruction (the engine's translations are dropped when stepping begins), and the
 * stamps of every event stay as without gdb. */
Test(gdb, step_in_a_translated_block)
{
    need_gdb();
    g_autofree char *img = stub("hyp-stub-v5.elf");
    const char *cmds[] = { "break *stub_el1_sync", "continue", "continue", "stepi", "p/x $pc", "stepi", "p/x $pc",
                           "delete", "continue", NULL };
    g_autofree char *out = gdb_run_same_trace(img, cmds);
    assert_has(out, "Breakpoint 1, 0x0000000040082800 in stub_el1_sync ()\n");
    assert_has(out, "$1 = 0x40082804\n");
    assert_has(out, "$2 = 0x40082810\n");               /* b.ne taken: not SET_VECTORS this time */
}

/* stub_ok is `mov x0, #0; eret`, whose ERET runs with no code hook: a breakpoint on
 * its first instruction and single steps across the ERET stop at the instruction after
 * the HVC, at EL1, with x0 = 0 and the EL1 stack; the trace, stamps included, is the
 * same as without gdb (the ERET counted as the split block [eret], not as part of
 * [mov; eret]). */
Test(gdb, step_across_an_eret)
{
    need_gdb();
    g_autofree char *img = stub("hyp-stub-v5.elf");
    const char *cmds[] = {
        "break *stub_ok", "continue", "p ($cpsr >> 2) & 3", "stepi", "x/1i $pc", "stepi",
        "p/x $pc", "p ($cpsr >> 2) & 3", "p/x $x0", "p/x $sp", "delete", "continue", NULL,
    };
    g_autofree char *out = gdb_run_same_trace(img, cmds);
    assert_has(out, "Breakpoint 1, 0x0000000040082870 in stub_ok ()\n");
    assert_has(out, "$1 = 2\n");
    assert_has(out, "=> 0x40082874 <stub_ok+4>:\teret\n");
    assert_has(out, "$2 = 0x4008000c\n");                  /* __hyp_set_vectors + 12 */
    assert_has(out, "$3 = 1\n");                           /* back at EL1 */
    assert_has(out, "$4 = 0x0\n");
    assert_has(out, "$5 = 0x40300000\n");                  /* the EL1 stack again (STACK_EL1) */
    assert_has(out, "[Inferior 1 (Remote target) exited normally]\n");
}

Test(gdb, catch_exceptions_stops_at_the_vector)
{
    need_gdb();
    g_autofree char *img = stub("hyp-stub-v5.elf");
    server s;
    start_server(&s, img, "--gdb-catch=exc");
    const char *cmds[] = { "continue", "p/x $pc", "p ($cpsr >> 2) & 3", "monitor catch exceptions off",
                           "continue", NULL };
    g_autofree char *out = run_gdb(&s, img, cmds);
    int rc = finish_server(&s, NULL);
    assert_has(out, "el2sim: exception HVC64 (ESR 0x5a000000) from EL1 at __hyp_set_vectors+0x8 taken to EL2 "
                    "at __hyp_stub_vectors+0x400\n");
    assert_has(out, "Program received signal SIGTRAP, Trace/breakpoint trap.\n"
                    "0x0000000040082400 in __hyp_stub_vectors ()\n");
    assert_has(out, "$1 = 0x40082400\n");
    assert_has(out, "$2 = 2\n");
    assert_has(out, "el2sim: stopping after each exception entry: off\n");
    assert_has(out, "[Inferior 1 (Remote target) exited normally]\n");
    cr_assert_eq(rc, 0);
    g_string_free(s.err, TRUE);
}

/* ---- raw protocol --------------------------------------------------------------------- */

static int connect_to(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

static void put(int fd, const char *s) { cr_assert_eq(write(fd, s, strlen(s)), (ssize_t)strlen(s)); }

static void put_packet(int fd, const char *body)
{
    unsigned sum = 0;
    for (const char *p = body; *p; p++)
        sum += (unsigned char)*p;
    g_autofree char *pk = g_strdup_printf("$%s#%02x", body, sum & 0xff);
    put(fd, pk);
}

/* Reads exactly n bytes (5 s at most). */
static char *get(int fd, size_t n)
{
    char *b = g_malloc0(n + 1);
    size_t got = 0;
    while (got < n) {
        struct pollfd pf = { .fd = fd, .events = POLLIN };
        cr_assert_gt(poll(&pf, 1, 5000), 0, "timeout after '%s'", b);
        ssize_t r = read(fd, b + got, n - got);
        cr_assert_gt(r, 0, "connection closed after '%s'", b);
        got += (size_t)r;
    }
    return b;
}

static void expect(int fd, const char *want)
{
    g_autofree char *b = get(fd, strlen(want));
    cr_assert_str_eq(b, want);
}

Test(gdb, malformed_packets_and_dropped_connection)
{
    g_autofree char *img = stub("hyp-stub-v5.elf");
    server s;
    start_server(&s, img, NULL);
    int fd = connect_to(s.port);
    put(fd, "$qC#00");                      /* bad checksum: NAK */
    expect(fd, "-");
    put_packet(fd, "qC");                   /* the retransmission is answered */
    expect(fd, "+$QC1#c5");
    put(fd, "garbage");                     /* outside a packet: ignored */
    put_packet(fd, "jump");                 /* unknown command: empty reply */
    expect(fd, "+$#00");
    put_packet(fd, "vMustReplyEmpty");
    expect(fd, "+$#00");
    GString *big = g_string_new("m");
    for (int i = 0; i < 20000; i++)
        g_string_append_c(big, '0');
    put_packet(fd, big->str);               /* overlong: empty reply */
    expect(fd, "+$#00");
    g_string_free(big, TRUE);
    put_packet(fd, "m400800b4,4");          /* still serving */
    expect(fd, "+$607a0010#");  /* adr x0, test_vectors2 */
    close(fd);                              /* abrupt close: the run goes on to the end */
    GString *trace = g_string_new(NULL);
    int rc = finish_server(&s, trace);
    cr_assert_eq(rc, 0, "exit %d, stderr:\n%s", rc, s.err->str);
    cr_assert(strstr(s.err->str, "el2sim: gdb: connection closed by peer\n"), "stderr:\n%s", s.err->str);
    cr_assert(strstr(trace->str, "semihosting-exit status=0"), "trace:\n%s", trace->str);
    g_string_free(trace, TRUE);
    g_string_free(s.err, TRUE);
}

/* gdb cannot reach el2sim's private page (EL2_PRIVATE_PAGE): reads and writes there fail
 * as on unmapped memory (regression: gdb read el2sim's landing pad code and could
 * overwrite it). */
Test(gdb, private_page_is_unmapped)
{
    g_autofree char *img = stub("hyp-stub-v5.elf");
    server s;
    start_server(&s, img, NULL);
    int fd = connect_to(s.port);
    put_packet(fd, "m10000000,4");          /* unmapped memory, for comparison */
    expect(fd, "+$E14#aa");
    put_packet(fd, "mffffff0000,4");        /* el2sim's bootstrap ERET */
    expect(fd, "+$E14#aa");
    put_packet(fd, "mffffff0100,4");        /* the landing pad */
    expect(fd, "+$E14#aa");
    put_packet(fd, "mfffffefffc,8");        /* unmapped, then the page */
    expect(fd, "+$E14#aa");
    put_packet(fd, "Mffffff0100,4:00000000");
    expect(fd, "+$E14#aa");
    put_packet(fd, "m400800b4,4");          /* guest RAM still reads */
    expect(fd, "+$607a0010#");
    close(fd);
    GString *trace = g_string_new(NULL);
    int rc = finish_server(&s, trace);
    cr_assert_eq(rc, 0, "exit %d, stderr:\n%s", rc, s.err->str);
    cr_assert(strstr(trace->str, "semihosting-exit status=0"), "trace:\n%s", trace->str);
    g_string_free(trace, TRUE);
    g_string_free(s.err, TRUE);
}

Test(gdb, bad_listen_address_is_bad_input)
{
    const char *argv[] = { getenv("EL2SIM"), "run", "--gdb", "127.0.0.1:notaport", NULL, NULL };
    g_autofree char *img = stub("hyp-stub-v5.elf");
    argv[4] = img;
    char *err = NULL;
    int st = 0;
    cr_assert(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &st, NULL));
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 2, "status %d", st);
    cr_assert_str_eq(err, "el2sim run: --gdb 127.0.0.1:notaport: expected [HOST:]PORT\n");
    g_free(err);
}

/* Guest aborts under gdb are taken as without it (regression: the gdb server's run loop
 * once lacked the abort step machine_run has, so an unmapped access under gdb stopped the
 * run as an "engine error" instead of taking the data abort). */
Test(gdb, guest_aborts_behave_as_without_gdb)
{
    need_gdb();
    g_autofree char *img = g_build_filename(getenv("EL2_TEST_IMAGES"), "abort_paths.elf", NULL);
    g_autofree char *want = plain_trace(img);
    server s;
    start_server(&s, img, NULL);
    g_autofree char *out = run_gdb(&s, img, (const char *[]){ "continue", NULL });
    assert_has(out, "[Inferior 1 (Remote target) exited normally]");
    g_autoptr(GString) events = g_string_new(NULL);
    int code = finish_server(&s, events);
    cr_assert_eq(code, 0, "exit %d; stderr: %s", code, s.err->str);
    cr_assert_str_eq(events->str, want);
    cr_assert(strstr(want, "DABORT"), "the image takes data aborts");
    g_string_free(s.err, TRUE);
}

/* gdb writes PSTATE.PAN/UAO/SSBS through cpsr on a CPU that has them (neoverse-n1), and
 * reads them back; a CPU without them keeps them 0 (cortex-a57). */
Test(gdb, cpsr_write_sets_pan_where_modelled)
{
    need_gdb();
    g_autofree char *img = stub("hyp-stub-v5.elf");
    static const struct { const char *cpu, *want; } cases[] = {
        { "--cpu=neoverse-n1", "$1 = 0x4003c9" }, { "--cpu=cortex-a57", "$1 = 0x3c9" },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        server s;
        start_server(&s, img, cases[i].cpu);
        g_autofree char *out = run_gdb(&s, img, (const char *const[]){ "set $cpsr = 0x4003c9", "p/x $cpsr",
                                                                        "kill", NULL });
        assert_has(out, cases[i].want);
        finish_server(&s, NULL);
        g_string_free(s.err, TRUE);
    }
}

/* Memory goes through the current EL's translation regime; `monitor phys on` switches
 * to physical addresses. gdb builds EL2 tables (4 KiB granule, 39-bit VAs, TTBR0_EL2
 * 0x40700000: VA 0x1000 -> PA 0x40080000, VA 0x2000 -> PA 0x40090000) with physical
 * writes and turns SCTLR_EL2.M on; no guest instruction runs. */
Test(gdb, memory_through_the_translation_regime_and_monitor_phys)
{
    need_gdb();
    g_autofree char *img = stub("hyp-stub-v5.elf");
    server s;
    start_server(&s, img, NULL);
    const char *cmds[] = {
        "monitor phys", "monitor phys on",
        "set {unsigned long}0x40700000 = 0x40701003", "set {unsigned long}0x40701000 = 0x40702003",
        "set {unsigned long}0x40702008 = 0x40080703", "set {unsigned long}0x40702010 = 0x40090703",
        "set {unsigned int}0x40080ffc = 0x0badc0de", "set {unsigned int}0x40090000 = 0xcafef00d",
        "set $mair_el2 = 0xff", "set $tcr_el2 = 0x80820019", "set $ttbr0_el2 = 0x40700000",
        "set $sctlr_el2 = $sctlr_el2 | 1",
        "x/xw 0x40080000", "monitor phys off",
        "x/2xw 0x1ffc",                                   /* two pages, two PAs */
        "x/xw 0x40080000",                                /* no VA maps it */
        "set {unsigned int}0x1004 = 0x12345678",
        "monitor phys on", "x/xw 0x40080004", "kill", NULL,
    };
    g_autofree char *out = run_gdb(&s, img, cmds);
    assert_has(out, "el2sim: memory addresses are virtual (through the current EL's translation regime)\n");
    assert_has(out, "el2sim: memory addresses are physical\n");
    assert_has(out, "0x40080000 <__hyp_set_vectors>:\t0x");
    assert_has(out, "0x1ffc:\t0x0badc0de\t0xcafef00d\n");
    assert_has(out, "Cannot access memory at address 0x40080000\n");
    assert_has(out, "0x40080004 <__hyp_set_vectors+4>:\t0x12345678\n");
    finish_server(&s, NULL);
    g_string_free(s.err, TRUE);
}

/* The lines of PE cpu ("cpuN " first) in a run's output */
static char *cpu_lines(const char *out, unsigned cpu)
{
    g_autofree char *prefix = g_strdup_printf("cpu%u ", cpu);
    g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
    GString *s = g_string_new(NULL);
    for (char **l = lines; *l; l++)
        if (g_str_has_prefix(*l, prefix))
            g_string_append_printf(s, "%s\n", *l);
    return g_string_free(s, FALSE);
}

/* Several PEs (issue 20): gdb's threads are the CPUs. A breakpoint stops whichever PE
 * reaches it, gdb switches to that thread, registers are the selected PE's, a step runs
 * the selected PE only; `info threads` shows each CPU's EL or power state. The secondary
 * PEs' own events are as in a run without gdb (stops move only where turns end). */
Test(gdb, threads_are_cpus)
{
    need_gdb();
    g_autofree char *img = g_build_filename(getenv("EL2_TEST_IMAGES"), "smp_stub.elf", NULL);
    server s;
    start_server(&s, img, "--cpus=4");
    const char *cmds[] = {
        "info threads", "break stub_call_set", "continue", "p $x19", "info threads", "continue", "p $x19",
        "info registers vbar_el2", "stepi", "p $pc == (long)&__hyp_stub_vectors + 1024", "p ($cpsr >> 2) & 3",
        "thread 1", "p $x19", "p ($cpsr >> 2) & 3", "delete", "continue", NULL,
    };
    g_autofree char *out = run_gdb(&s, img, cmds);
    GString *events = g_string_new(NULL);
    int rc = finish_server(&s, events);
    cr_assert_eq(rc, 0, "el2sim exit %d; stderr:\n%s\ngdb:\n%s", rc, s.err->str, out);
    cr_assert_null(strstr(out, "without sending a thread-id"), "%s", out);
    assert_has(out, "* 1    Thread 1 (CPU 0, EL2) 0x0000000040080000 in _start ()\n");
    assert_has(out, "  4    Thread 4 (CPU 3, off) ");
    assert_has(out, "Thread 1 hit Breakpoint 1, 0x0000000040080090 in stub_call_set ()\n$1 = 0\n");
    assert_has(out, "  2    Thread 2 (CPU 1, powering up) ");
    assert_has(out, "[Switching to Thread 2]\n\nThread 2 hit Breakpoint 1, 0x0000000040080090 in stub_call_set ()\n"
                    "$2 = 1\n");
    assert_has(out, "vbar_el2       0x40080800          0x40080800 <__hyp_stub_vectors>\n");
    assert_has(out, "$3 = 1\n$4 = 2\n");                 /* thread 2 stepped into its vector, at EL2 */
    assert_has(out, "[Switching to thread 1 (Thread 1)]\n");
    assert_has(out, "$5 = 0\n$6 = 1\n");                 /* thread 1: PE 0, at EL1 */
    assert_has(out, "[Inferior 1 (Remote target) exited normally]\n");
    const char *argv[] = { getenv("EL2SIM"), "run", img, "--cpus", "4", NULL };
    g_autofree char *ref = NULL;
    int st = 0;
    cr_assert(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &ref, NULL, &st, NULL));
    for (unsigned c = 1; c < 4; c++) {
        g_autofree char *a = cpu_lines(events->str, c), *b = cpu_lines(ref, c);
        cr_assert(strlen(b) > 0);
        cr_assert_str_eq(a, b, "CPU %u", c);
    }
    g_string_free(events, TRUE);
    g_string_free(s.err, TRUE);
}

/* The AArch32-only PE (--arch aarch32, issue 21): the `arm` target description, 32-bit
 * registers with sp and lr the banked ones of the mode in CPSR.M, A32 code for gdb. */
static void start_server_a32(server *s, const char *image)
{
    const char *argv[] = { getenv("EL2SIM"), "run", "--arch", "aarch32", "--cpu", "cortex-a15", image,
                           "--gdb", "127.0.0.1:0", NULL };
    memset(s, 0, sizeof *s);
    s->err = g_string_new(NULL);
    GError *err = NULL;
    cr_assert(g_spawn_async_with_pipes(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                       &s->pid, NULL, &s->out_fd, &s->err_fd, &err),
              "spawn: %s", err ? err->message : "");
    cr_assert(wait_err(s, "\n"), "no listening line; stderr: %s", s->err->str);
    cr_assert(sscanf(s->err->str, "el2sim: gdb server listening on 127.0.0.1:%d", &s->port) == 1,
              "unexpected first line: %s", s->err->str);
}

Test(gdb, arm_target_for_the_hyp_mode_machine)
{
    need_gdb();
    g_autofree char *img = stub("arm-hyp-stub-v4.12.elf");
    server s;
    start_server_a32(&s, img);
    const char *cmds[] = {
        "p/x $pc", "p/x $cpsr", "break svc_main", "continue", "p/x $pc", "p/x $cpsr", "info registers sp",
        "stepi", "p/x $sp", "set $r5 = 0x55", "p/x $r5", "x/1i $pc", "kill", NULL,
    };
    g_autofree char *out = run_gdb(&s, img, cmds);
    finish_server(&s, NULL);
    assert_has(out, "0x4008002c in _start ()\n");
    assert_has(out, "$1 = 0x4008002c\n");
    assert_has(out, "$2 = 0x1da\n");                  /* Hyp mode, A/I/F masked */
    assert_has(out, "Breakpoint 1, 0x40080050 in svc_main ()\n");
    assert_has(out, "$4 = 0x1d3\n");                  /* SVC mode after the ERET */
    assert_has(out, "sp             0x0                 0x0\n");    /* SP_svc, not yet set */
    assert_has(out, "$5 = 0x40300000\n");             /* svc_main's first instruction set SP_svc */
    assert_has(out, "$6 = 0x55\n");
    assert_has(out, "=> 0x40080054 <svc_main+4>:\tldr\tr0, [pc, #");
    g_string_free(s.err, TRUE);
}

/* The raw protocol: the target description says arm, g carries 17 32-bit registers
 * (r0-r12, sp, lr, pc, cpsr), a CPSR write that changes the mode is refused. */
Test(gdb, arm_registers_are_32_bit)
{
    g_autofree char *img = stub("arm-hyp-stub-v4.12.elf");
    server s;
    start_server_a32(&s, img);
    int fd = connect_to(s.port);
    put_packet(fd, "qXfer:features:read:target.xml:0,fff");
    g_autofree char *x = get(fd, 200);
    cr_assert(strstr(x, "<architecture>arm</architecture>\n<feature name=\"org.gnu.gdb.arm.core\">"), "%s", x);
    close(fd);
    kill(s.pid, SIGTERM);
    finish_server(&s, NULL);
    start_server_a32(&s, img);
    fd = connect_to(s.port);
    put_packet(fd, "p10");                            /* cpsr: Hyp mode at reset */
    expect(fd, "+$da010000#");
    get(fd, 2);
    put_packet(fd, "pf");                             /* pc */
    expect(fd, "+$2c000840#");
    get(fd, 2);
    put_packet(fd, "P10=d3010000");                   /* to SVC mode: refused */
    expect(fd, "+$E01#a6");
    put_packet(fd, "P5=78563412");
    expect(fd, "+$OK#9a");
    put_packet(fd, "p5");
    expect(fd, "+$78563412#");
    get(fd, 2);
    put_packet(fd, "g");
    g_autofree char *g = get(fd, 2 + 17 * 8 + 3);
    cr_assert_eq(g[0], '+');
    cr_assert_eq(g[1], '$');
    cr_assert_eq(g[2 + 17 * 8], '#', "g is not 17 x 32 bits: %s", g);
    cr_assert(!strncmp(g + 2 + 5 * 8, "78563412", 8), "%s", g);
    close(fd);
    kill(s.pid, SIGTERM);
    finish_server(&s, NULL);
    g_string_free(s.err, TRUE);
}
