/* cli.c - options shared by the subcommands and building a machine from them. */
#include "setup.h"
#include "irq.h"
#include "irq_drive.h"
#include "engine.h"
#include "exception.h"
#include "sysreg.h"
#include "timing.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

GOptionEntry *cli_machine_entries(el2_cli_opts *o)
{
    GOptionEntry e[] = {
        { "cpu", 0, 0, G_OPTION_ARG_STRING, &o->cpu, "CPU model from models/cpu (default cortex-a57)", "NAME" },
        { "ram", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->ram, "RAM region (repeatable; default 0x40000000:128M)", "BASE:SIZE" },
        { "base", 0, 0, G_OPTION_ARG_STRING, &o->base, "place a relocatable object / rebase an executable here", "ADDR" },
        { "load", 0, 0, G_OPTION_ARG_STRING, &o->load, "the image is a raw binary loaded at ADDR", "ADDR" },
        { "define", 'D', 0, G_OPTION_ARG_STRING_ARRAY, &o->defines, "resolve undefined symbol SYM to ADDR (repeatable)", "SYM=ADDR" },
        { "arch", 0, 0, G_OPTION_ARG_STRING, &o->arch, "execution state of EL2: aarch64 (default) or aarch32 (Hyp mode)", "ARCH" },
        { "el", 0, 0, G_OPTION_ARG_STRING, &o->el, "exception level to boot at: 1 or 2 (default 2)", "N" },
        { "entry", 0, 0, G_OPTION_ARG_STRING, &o->entry, "entry point (default: the ELF entry, or _start)", "SYM|ADDR" },
        { "reg", 'r', 0, G_OPTION_ARG_STRING_ARRAY, &o->regs, "initial register value: x0-x30, sp, sp_el0-2 or a system register (repeatable)", "NAME=VALUE" },
        { "stop-at", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->stop_at, "stop before executing this address (repeatable)", "SYM|ADDR" },
        { "irq", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->irqs, "raise interrupt WHAT (an INTID 16-1019, fiq or serror) at modelled cycle CYCLE, after N instructions (+N) or when execution reaches SYMBOL (repeatable)", "WHAT@CYCLE|+N|SYMBOL" },
        { "max-insns", 0, 0, G_OPTION_ARG_STRING, &o->max_insns, "instruction budget (default 100000000)", "N" },
        { "cpus", 0, 0, G_OPTION_ARG_STRING, &o->cpus, "number of PEs sharing memory, 1-8 (default 1)", "N" },
        { "quantum", 0, 0, G_OPTION_ARG_STRING, &o->quantum, "with several PEs: instructions each runs per turn (default 1000)", "N" },
        { "regs", 0, 0, G_OPTION_ARG_NONE, &o->show_regs, "print the general-purpose registers with every event", NULL },
        { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, "print no event lines", NULL },
        { "gdb", 0, 0, G_OPTION_ARG_STRING, &o->gdb, "wait for gdb on [HOST:]PORT (default host 127.0.0.1; port 0: any free port) before the first instruction", "[HOST:]PORT" },
        { "gdb-catch", 0, 0, G_OPTION_ARG_STRING, &o->gdb_catch, "with --gdb: 'exc' stops after each exception entry", "exc" },
        { "no-timing", 0, 0, G_OPTION_ARG_NONE, &o->no_timing, "model no cycles (instructions are still counted)", NULL },
        { "no-alignment-faults", 0, 0, G_OPTION_ARG_NONE, &o->no_align_faults, "let misaligned loads/stores complete (as QEMU 7.2 does; faster)", NULL },
        { "trace", 0, 0, G_OPTION_ARG_FILENAME, &o->trace, "write a binary trace of every event (traces/FORMAT.md)", "FILE" },
        { "trace-full", 0, 0, G_OPTION_ARG_NONE, &o->trace_full, "with --trace: every event carries all registers", NULL },
        { "expect-trace", 0, 0, G_OPTION_ARG_FILENAME, &o->expect_trace, "compare the events with a golden trace; fail at the first divergence", "GOLDEN" },
        { "models", 0, 0, G_OPTION_ARG_FILENAME, &o->models, "read CPU models and ABIs from DIR/cpu and DIR/abi (default: $EL2SIM_MODELS, else the installed ones)", "DIR" },
        { NULL },
    };
    GOptionEntry *copy = g_new0(GOptionEntry, G_N_ELEMENTS(e));
    memcpy(copy, e, sizeof e);
    return copy;
}

bool cli_use_models(const char *dir, GError **err)
{
    if (!dir)
        return true;
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        g_set_error(err, EL2_ERROR, 2, "--models %s: not a directory", dir);
        return false;
    }
    models_set_dir(dir);
    return true;
}

static void free_define(gpointer p) { g_free(p); }

bool cli_set_register(el2_machine *m, const char *spec, GError **err)
{
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec) {
        g_set_error(err, EL2_ERROR, 2, "--reg %s: expected NAME=VALUE", spec);
        return false;
    }
    g_autofree char *name = g_strndup(spec, eq - spec);
    uint64_t v;
    if (!symtab_resolve(m->syms, eq + 1, &v)) {
        g_set_error(err, EL2_ERROR, 2, "--reg %s: '%s' is neither a number nor a symbol", spec, eq + 1);
        return false;
    }
    if ((name[0] == 'x' || name[0] == 'X') && name[1]) {
        char *end;
        long n = strtol(name + 1, &end, 10);
        if (!*end && n >= 0 && n <= 30) {
            machine_set_x(m, (int)n, v);
            return true;
        }
    }
    if (!g_ascii_strcasecmp(name, "sp")) {
        machine_set_sp_el(m, m->cpu->el, v);
        return true;
    }
    int idx = sysreg_find_name(name);
    if (idx < 0) {
        g_set_error(err, EL2_ERROR, 2, "--reg %s: unknown register '%s'", spec, name);
        return false;
    }
    const sysreg_def *d = &sysreg_table[idx];
    if (d->kind == SRK_SPECIAL && !g_str_has_prefix(d->name, "SP_EL")) {
        g_set_error(err, EL2_ERROR, 2, "--reg %s: %s cannot be set", spec, d->name);
        return false;
    }
    if (d->kind == SRK_EL12 || d->kind == SRK_NATIVE) {
        g_set_error(err, EL2_ERROR, 2, "--reg %s: set %s through its own name", spec, d->name);
        return false;
    }
    if (g_str_has_prefix(d->name, "SP_EL"))
        machine_set_sp_el(m, d->name[5] - '0', v);
    else
        sysreg_set(m->cpu, idx, v);
    return true;
}

/* el2sim maps the part of a segment that lies outside RAM for the image, up to this
 * much (as much as a file may hold); a larger one is a broken image or needs --ram. */
#define OUTSIDE_RAM_LIMIT (UINT64_C(1) << 30)

/* Bytes of [addr, addr + size) that no region of the machine holds (regions do not
 * overlap: --ram regions are checked, regions made for images only take what is free). */
static uint64_t bytes_outside_ram(const el2_machine *m, uint64_t addr, uint64_t size)
{
    uint64_t inside = 0, end = addr + size;
    for (guint i = 0; i < m->ram->len; i++) {
        const el2_region *r = &g_array_index(m->ram, el2_region, i);
        uint64_t lo = MAX(addr, r->base), hi = MIN(end, r->base + r->size);
        if (lo < hi)
            inside += hi - lo;
    }
    return size - MIN(inside, size);
}

/* "512 GiB", "3 MiB", "12 bytes": the largest unit that divides n */
static char *human_size(uint64_t n)
{
    static const char *const unit[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
    unsigned u = 0;
    while (u + 1 < G_N_ELEMENTS(unit) && n && !(n & 1023))
        n >>= 10, u++;
    return g_strdup_printf("%llu %s", (unsigned long long)n, unit[u]);
}

/* Names in messages come from files: printable, on one line. */
static char *printable(const char *s)
{
    char *p = g_strndup(s ? s : "", 200);
    for (char *c = p; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    return p;
}

/* Before an image joins the machine: each segment fits (what lies outside RAM is
 * mapped for it, within OUTSIDE_RAM_LIMIT) and overlaps no segment of an earlier image
 * (it would overwrite it: one image per byte, as one image's own segments are). */
static bool image_fits(const el2_machine *m, const el2_image *img, GError **err)
{
    for (guint i = 0; i < img->segments->len; i++) {
        const el2_segment *s = &g_array_index(img->segments, el2_segment, i);
        if (!s->memsz)
            continue;
        g_autofree char *name = printable(s->name);
        uint64_t out = bytes_outside_ram(m, s->addr, s->memsz);
        if (out > OUTSIDE_RAM_LIMIT) {
            g_autofree char *hs = human_size(s->memsz);
            g_set_error(err, EL2_ERROR, 2, "%s: segment '%s' at 0x%llx size 0x%llx (%s) has 0x%llx bytes outside "
                        "RAM; el2sim maps at most 1 GiB outside RAM for a segment (give --ram BASE:SIZE covering it)",
                        img->path, name, (unsigned long long)s->addr, (unsigned long long)s->memsz, hs,
                        (unsigned long long)out);
            return false;
        }
        for (guint k = 0; k < m->images->len; k++) {
            const el2_image *old = &g_array_index(m->images, el2_image, k);
            for (guint j = 0; j < old->segments->len; j++) {
                const el2_segment *t = &g_array_index(old->segments, el2_segment, j);
                if (!t->memsz || s->addr >= t->addr + t->memsz || t->addr >= s->addr + s->memsz)
                    continue;
                g_autofree char *tname = printable(t->name);
                g_set_error(err, EL2_ERROR, 2, "%s: segment '%s' (0x%llx-0x%llx) overlaps segment '%s' "
                            "(0x%llx-0x%llx) of %s", img->path, name, (unsigned long long)s->addr,
                            (unsigned long long)(s->addr + s->memsz), tname, (unsigned long long)t->addr,
                            (unsigned long long)(t->addr + t->memsz), old->path);
                return false;
            }
        }
    }
    return true;
}

/* One --ram BASE:SIZE into reg, checked against the regions before it (ram) and
 * el2sim's reserved page. */
static bool parse_ram(char **specs, int i, const GArray *ram, el2_region *reg, GError **err)
{
    const char *spec = specs[i];
    char *colon = strchr(spec, ':');
    g_autofree char *b = colon ? g_strndup(spec, colon - spec) : NULL;
    if (!colon || !parse_u64(b, &reg->base) || !parse_u64(colon + 1, &reg->size)) {
        g_set_error(err, EL2_ERROR, 2, "--ram %s: expected BASE:SIZE, e.g. 0x40000000:128M (sizes may end in K, M, G "
                    "or T)", spec);
        return false;
    }
    const char *why = !reg->size ? "SIZE is 0"
                    : (reg->base | reg->size) & 0xfff ? "BASE and SIZE must be multiples of 4 KiB"
                    : reg->base + reg->size < reg->base ? "the region wraps past 2^64" : NULL;
    if (why) {
        g_set_error(err, EL2_ERROR, 2, "--ram %s: %s", spec, why);
        return false;
    }
    uint64_t end = reg->base + reg->size;
    if (reg->base < EL2_PRIVATE_PAGE + 0x1000 && end > EL2_PRIVATE_PAGE) {
        g_set_error(err, EL2_ERROR, 2, "--ram %s: 0x%llx-0x%llx covers el2sim's reserved page (0x%llx-0x%llx)", spec,
                    (unsigned long long)reg->base, (unsigned long long)end, (unsigned long long)EL2_PRIVATE_PAGE,
                    (unsigned long long)EL2_PRIVATE_PAGE + 0x1000);
        return false;
    }
    for (guint k = 0; k < ram->len; k++) {
        const el2_region *r = &g_array_index(ram, el2_region, k);
        if (reg->base < r->base + r->size && r->base < end) {
            g_set_error(err, EL2_ERROR, 2, "--ram %s: 0x%llx-0x%llx overlaps --ram %s (0x%llx-0x%llx)", spec,
                        (unsigned long long)reg->base, (unsigned long long)end, specs[k],
                        (unsigned long long)r->base, (unsigned long long)(r->base + r->size));
            return false;
        }
    }
    return true;
}

/* The entry (the ELF's e_entry, a symbol) is a virtual address. With the MMU off at the
 * boot EL (after --reg) the PE fetches physical addresses, so it starts where the entry
 * is loaded: through the PT_LOAD segment that holds it (README "The ELF reader"). */
static void boot_at_load_address(el2_machine *m, unsigned el, uint64_t entry)
{
    if (cpu_translating(m->cpu, el))
        return;
    for (guint i = 0; i < m->images->len; i++) {
        uint64_t pa;
        if (loader_load_address(&g_array_index(m->images, el2_image, i), entry, &pa)) {
            if (pa != entry)
                machine_set_pc(m, pa);
            return;
        }
    }
}

/* --irq WHAT@WHEN: an interrupt raised at a cycle, after N instructions or at a symbol
 * (irq_drive.h) */
static bool parse_irq(el2_machine *m, const char *arg, GError **err)
{
    irq_spec sp;
    char *why = NULL;
    uintptr_t hook;
    GError *e = NULL;
    if (!irq_spec_parse(arg, false, &sp, &why) || !irq_spec_arm(m, &sp, 0, 0, &hook, &e)) {
        g_set_error(err, EL2_ERROR, 2, "--irq %s: %s", arg, why ? why : e->message);
        g_free(why);
        g_clear_error(&e);
        irq_spec_clear(&sp);
        return false;
    }
    irq_spec_clear(&sp);
    return true;
}

el2_machine *cli_build_machine(el2_cli_opts *o, char **images, int nimages, GError **err)
{
    el2_machine_opts mo = { .cpu = o->cpu, .no_align_faults = o->no_align_faults };
    g_autoptr(GArray) ram = g_array_new(FALSE, TRUE, sizeof(el2_region));
    for (int i = 0; o->ram && o->ram[i]; i++) {
        el2_region reg = { 0 };
        if (!parse_ram(o->ram, i, ram, &reg, err))
            return NULL;
        reg.name = "ram";
        g_array_append_val(ram, reg);
    }
    mo.ram = ram;
    if (o->max_insns && (!parse_u64(o->max_insns, &mo.max_insns) || !mo.max_insns)) {
        g_set_error(err, EL2_ERROR, 2, "--max-insns %s: expected a positive number", o->max_insns);
        return NULL;
    }
    uint64_t n = 1;
    if (o->cpus && (!parse_u64(o->cpus, &n) || n < 1 || n > EL2_MAX_PES)) {
        g_set_error(err, EL2_ERROR, 2, "--cpus %s: expected a number of PEs from 1 to %d", o->cpus, EL2_MAX_PES);
        return NULL;
    }
    mo.cpus = (unsigned)n;
    if (o->quantum && (!parse_u64(o->quantum, &mo.quantum) || !mo.quantum)) {
        g_set_error(err, EL2_ERROR, 2, "--quantum %s: expected a positive number of instructions", o->quantum);
        return NULL;
    }
    if (o->arch && strcmp(o->arch, "aarch64") && strcmp(o->arch, "aarch32")) {
        g_set_error(err, EL2_ERROR, 2, "--arch %s: expected aarch64 or aarch32", o->arch);
        return NULL;
    }
    mo.aarch32 = o->arch && !strcmp(o->arch, "aarch32");
    uint64_t boot_el = 2;
    if (o->el && (!parse_u64(o->el, &boot_el) || boot_el < 1 || boot_el > 2)) {
        /* an EL0 boot would need an EL1 to take its exceptions: not modelled */
        g_set_error(err, EL2_ERROR, 2, boot_el == 0 ? "--el %s: EL0 boot is not supported (el2sim boots at EL1 or EL2)"
                                                    : "--el %s: el2sim boots at EL1 or EL2", o->el);
        return NULL;
    }
    if (nimages < 1) {
        g_set_error(err, EL2_ERROR, 2, "no image given");
        return NULL;
    }
    el2_machine *m = machine_new(&mo, err);
    if (!m)
        return NULL;

    g_autoptr(GHashTable) defs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_define);
    for (char **d = o->defines; d && *d; d++) {
        char *eq = strchr(*d, '=');
        uint64_t v;
        if (!eq || eq == *d || !parse_u64(eq + 1, &v)) {
            g_set_error(err, EL2_ERROR, 2, "--define %s: expected SYM=ADDR", *d);
            goto fail;
        }
        uint64_t *p = g_new(uint64_t, 1);
        *p = v;
        g_hash_table_replace(defs, g_strndup(*d, eq - *d), p);
    }
    el2_load_opts lo = { .defines = defs };
    if (o->base && !parse_u64(o->base, &lo.base)) {
        g_set_error(err, EL2_ERROR, 2, "--base %s: expected an address", o->base);
        goto fail;
    }
    lo.has_base = o->base != NULL;
    if (o->load && !parse_u64(o->load, &lo.load_addr)) {
        g_set_error(err, EL2_ERROR, 2, "--load %s: expected an address", o->load);
        goto fail;
    }
    /* the raw image's entry is its load address: A64 code there would start with a PC
     * alignment fault, which is never what a user means */
    if (o->load && (lo.load_addr & 3)) {
        g_set_error(err, EL2_ERROR, 2, "--load %s: not 4-byte aligned (A64 instructions are)", o->load);
        goto fail;
    }
    lo.raw = o->load != NULL;
    bool have_entry = false;
    uint64_t entry = 0;
    for (int i = 0; i < nimages; i++) {
        el2_image img = { 0 };
        lo.default_base = m->next_base;
        if (!loader_load(images[i], &lo, &img, m->syms, err))
            goto fail;
        if (img.undefined && img.undefined->len) {
            g_autofree char *list = NULL;
            g_ptr_array_add(img.undefined, NULL);
            list = g_strjoinv(", ", (char **)img.undefined->pdata);
            g_ptr_array_remove_index(img.undefined, img.undefined->len - 1);
            fprintf(stderr, "el2sim: warning: %s: undefined symbols bound to zero-filled scratch memory: %s\n",
                    images[i], list);
        }
        if (img.kind != IMG_RAW && img.aarch32 != mo.aarch32) {
            g_set_error(err, EL2_ERROR, 2, img.aarch32 ? "%s: a 32-bit Arm ELF (A32/T32 code) runs only with --arch aarch32"
                                                       : "%s: an AArch64 ELF cannot run with --arch aarch32 (it needs a 32-bit Arm ELF)",
                        images[i]);
            loader_image_clear(&img);
            goto fail;
        }
        if (img.has_entry && !have_entry) {
            have_entry = true;
            entry = img.entry;
        }
        uint64_t hi = img.hi;
        if (!image_fits(m, &img, err) || !machine_add_image(m, &img, err)) {
            loader_image_clear(&img);
            goto fail;
        }
        if (hi > m->next_base)
            m->next_base = (hi + 0xffff) & ~0xffffULL;
        lo.has_base = false;   /* --base and --load apply to the first image */
        lo.raw = false;
    }
    if (o->entry) {
        if (!symtab_resolve(m->syms, o->entry, &entry)) {
            g_set_error(err, EL2_ERROR, 2, "--entry %s: no such symbol", o->entry);
            goto fail;
        }
        have_entry = true;
    }
    if (!have_entry && o->allow_no_entry) {
        have_entry = true;
        entry = 0;
    }
    if (!have_entry) {
        g_set_error(err, EL2_ERROR, 2, "%s: no entry point (no ELF entry and no _start): give --entry SYMBOL",
                    images[0]);
        goto fail;
    }
    machine_boot(m, (unsigned)boot_el, entry);
    for (char **r = o->regs; r && *r; r++)
        if (!cli_set_register(m, *r, err))
            goto fail;
    boot_at_load_address(m, (unsigned)boot_el, entry);
    for (char **s = o->stop_at; s && *s; s++) {
        uint64_t a;
        if (!symtab_resolve(m->syms, *s, &a)) {
            g_set_error(err, EL2_ERROR, 2, "--stop-at %s: no such symbol", *s);
            goto fail;
        }
        machine_stop_at(m, a);
    }
    for (char **q = o->irqs; q && *q; q++)
        if (!parse_irq(m, *q, err))
            goto fail;
    m->cpu->capture_regs = o->show_regs;
    if (o->no_timing)
        memset(m->model->cost, 0, sizeof m->model->cost);
    return m;
fail:
    machine_free(m);
    return NULL;
}

void cli_report_stop(el2_machine *m)
{
    GHashTableIter it;
    gpointer k, v;
    GHashTable *un = m->cpu->unmodelled;
    if (m->smp) {                      /* every PE's accesses, counted together */
        un = g_hash_table_new(g_str_hash, g_str_equal);
        for (unsigned i = 0; i < m->smp->n; i++) {
            g_hash_table_iter_init(&it, m->smp->pe[i].cpu->unmodelled);
            while (g_hash_table_iter_next(&it, &k, &v))
                g_hash_table_insert(un, k, GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(un, k)) +
                                                           GPOINTER_TO_INT(v)));
        }
    }
    g_hash_table_iter_init(&it, un);
    while (g_hash_table_iter_next(&it, &k, &v))
        fprintf(stderr, "el2sim: note: guest accessed system register %s, which el2sim does not model, "
                        "%d time(s): taken as UNDEFINED\n", (char *)k, GPOINTER_TO_INT(v));
    if (un != m->cpu->unmodelled)
        g_hash_table_destroy(un);
    const char *msg = m->cpu->stop_msg ? m->cpu->stop_msg
                    : m->cpu->stop == STOP_SIGNAL ? "interrupted by a signal" : stop_name(m->cpu->stop);
    /* A stop point stops before its instruction: the rest of that block, counted when
     * it started, never ran (the STOP event says the same). */
    uint64_t pc = machine_pc(m);
    uint64_t insns = m->cpu->stop == STOP_AT ? cpu_insns_at(m->cpu, pc) : m->cpu->insns;
    uint64_t cycles = m->cpu->stop == STOP_AT ? cpu_cycles_at(m->cpu, pc) : m->cpu->cycles;
    fprintf(stderr, "el2sim: stopped: %s (%llu instructions, %llu cycles)\n", msg,
            (unsigned long long)insns, (unsigned long long)cycles);
}

/* A run can print millions of event lines; with the C library's 4 KiB buffer the write
 * calls took about a third of the time of a run printing to a file. */
void cli_buffer_stdout(void)
{
    static char buf[1 << 16];
    if (!isatty(STDOUT_FILENO))
        setvbuf(stdout, buf, _IOFBF, sizeof buf);
}

int cli_exit_code(el2_machine *m)
{
    switch (m->cpu->stop) {
    case STOP_SEMIHOST_EXIT: return m->cpu->stop_status;
    case STOP_PSCI_OFF: return 0;
    case STOP_PSCI_RESET: return EXIT_PSCI_RESET;
    case STOP_AT: return EXIT_STOP_AT;
    case STOP_BUDGET: return EXIT_BUDGET;
    case STOP_WFI: return EXIT_WFI;
    case STOP_FAULT: return EXIT_GUEST_FAULT;
    case STOP_SIGNAL: return 128 + m->cpu->stop_status;
    case STOP_INTERNAL:
    case STOP_NONE: return EXIT_INTERNAL;
    }
    return EXIT_INTERNAL;
}

static el2_machine *sig_machine;
static volatile sig_atomic_t sig_seen;

static void on_signal(int sig)
{
    if (sig_machine && !sig_seen) {
        sig_seen = sig;
        sig_machine->cpu->stop = STOP_SIGNAL;
        sig_machine->cpu->stop_status = sig;
        engine_halt(sig_machine->eng);
    }
}

void cli_install_signals(el2_machine *m)
{
    sig_machine = m;
    struct sigaction sa = { 0 };
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* stdout closed under el2sim (`el2sim run ... | head -1`): stop as for SIGINT rather
     * than die with a trace that has only its header; the write that raised it fails
     * with EPIPE and the run ends at the next block */
    sigaction(SIGPIPE, &sa, NULL);
    /* the terminal went away; a SIGHUP ignored when el2sim started (nohup) stays ignored */
    struct sigaction old;
    if (sigaction(SIGHUP, NULL, &old) == 0 && old.sa_handler != SIG_IGN)
        sigaction(SIGHUP, &sa, NULL);
}
