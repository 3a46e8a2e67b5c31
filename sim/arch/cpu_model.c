/* cpu_model.c - reads a CPU model (models/cpu/NAME.cpu, GLib key file). The format is
 * documented in models/cpu/README.md. */
#include "cpu_model.h"
#include "sysreg.h"
#include "readfile.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *models_override;   /* --models DIR */

void models_set_dir(const char *dir)
{
    g_free(models_override);
    models_override = dir && *dir ? g_strdup(dir) : NULL;
}

/* The installed copy: EL2_MODELS_FROM_BINDIR (meson.build) is DATADIR/el2sim/models
 * relative to BINDIR, joined to the directory the running executable is in, so an
 * installed tree still finds its models after it is moved. NULL when that directory
 * does not exist (a binary run from its build directory). */
static const char *installed_dir(void)
{
    static char *dir;
    static bool looked;
    if (looked)
        return dir;
    looked = true;
    g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
    g_autofree char *bindir = exe ? g_path_get_dirname(exe) : NULL;
    g_autofree char *path = NULL;
    if (g_path_is_absolute(EL2_MODELS_FROM_BINDIR))
        path = g_strdup(EL2_MODELS_FROM_BINDIR);
    else if (bindir)
        path = g_build_filename(bindir, EL2_MODELS_FROM_BINDIR, NULL);
    if (path && g_file_test(path, G_FILE_TEST_IS_DIR))
        dir = g_canonicalize_filename(path, NULL);
    return dir;
}

/* First that applies (README "Installing"): --models DIR, $EL2SIM_MODELS, $EL2_MODELS
 * (the older name), the installed copy, the source tree's models/ this binary was built
 * from. */
const char *models_dir(void)
{
    if (models_override)
        return models_override;
    const char *env = g_getenv("EL2SIM_MODELS");
    if (env && *env)
        return env;
    env = g_getenv("EL2_MODELS");
    if (env && *env)
        return env;
    const char *inst = installed_dir();
    return inst ? inst : EL2_MODELS_DIR;
}

static const char *class_key[IC_COUNT] = {
    [IC_ALU] = "alu", [IC_MUL] = "mul", [IC_DIV] = "div", [IC_LOAD] = "load",
    [IC_STORE] = "store", [IC_BRANCH] = "branch", [IC_BRANCH_TAKEN] = "branch-taken",
    [IC_SYSREG_READ] = "sysreg-read", [IC_SYSREG_WRITE] = "sysreg-write",
    [IC_SYSREG_WRITE_SERIAL] = "sysreg-write-serialising", [IC_ISB] = "isb", [IC_DSB] = "dsb",
    [IC_DMB] = "dmb", [IC_EXC_ENTRY] = "exception-entry", [IC_ERET] = "eret", [IC_FP] = "fp",
    [IC_FIRMWARE] = "firmware-smc",
};

bool model_parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s || *s == '-')
        return false;
    *out = strtoull(s, &end, 0);
    while (*end == ' ' || *end == '\t')
        end++;
    return errno == 0 && *end == 0;
}


static uint64_t *u64dup(uint64_t v)
{
    uint64_t *p = g_new(uint64_t, 1);
    *p = v;
    return p;
}

void cpu_model_free(el2_cpu_model *c)
{
    if (!c)
        return;
    g_free(c->name); g_free(c->path); g_free(c->description);
    if (c->values) g_hash_table_destroy(c->values);
    if (c->res0) g_hash_table_destroy(c->res0);
    if (c->absent) g_hash_table_destroy(c->absent);
    for (int i = 0; i < IC_COUNT; i++)
        g_free(c->cost_src[i]);
    g_free(c);
}

static uint64_t id_value(el2_cpu_model *c, const char *name)
{
    const uint64_t *v = g_hash_table_lookup(c->values, name);
    return v ? *v : 0;
}

/* ID_AA64MMFR0_EL1: PARange [3:0], TGran16 [23:20] (0 = absent), TGran64 [27:24] and
 * TGran4 [31:28] (0xf = absent), TGran16_2/64_2/4_2 [35:32]/[39:36]/[43:40] (0 = as at
 * stage 1, 1 = absent, 2 or more = present). ID_AA64MMFR1_EL1: HAFDBS [3:0], HPDS
 * [15:12], PAN [23:20], XNX [31:28]. */
void cpu_model_decode_mmu(el2_cpu_model *c)
{
    static const unsigned parange_bits[16] = { 32, 36, 40, 42, 44, 48, 48 };
    uint64_t mmfr0 = id_value(c, "ID_AA64MMFR0_EL1"), mmfr1 = id_value(c, "ID_AA64MMFR1_EL1");
    el2_mmu_features *f = &c->mmu;
    unsigned pa = mmfr0 & 0xf;
    /* reserved PARange values: the largest el2sim walks (FEAT_LPA is not modelled) */
    f->pa_bits = pa < 7 ? parange_bits[pa] : 48;
    f->tgran16 = ((mmfr0 >> 20) & 0xf) != 0;
    f->tgran64 = ((mmfr0 >> 24) & 0xf) != 0xf;
    f->tgran4 = ((mmfr0 >> 28) & 0xf) != 0xf;
    unsigned s2_16 = (mmfr0 >> 32) & 0xf, s2_64 = (mmfr0 >> 36) & 0xf, s2_4 = (mmfr0 >> 40) & 0xf;
    f->tgran16_s2 = s2_16 == 0 ? f->tgran16 : s2_16 >= 2;
    f->tgran64_s2 = s2_64 == 0 ? f->tgran64 : s2_64 >= 2;
    f->tgran4_s2 = s2_4 == 0 ? f->tgran4 : s2_4 >= 2;
    f->hafdbs = mmfr1 & 0xf;
    f->hpds = ((mmfr1 >> 12) & 0xf) != 0;
    f->pan = (mmfr1 >> 20) & 0xf;
    f->xnx = ((mmfr1 >> 28) & 0xf) != 0;
}

#define FAIL(...) do { g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, __VA_ARGS__); goto fail; } while (0)

/* Register groups: name = value, checked against the sysreg table. */
static bool load_reg_group(GKeyFile *kf, const char *path, const char *group, GHashTable *into,
                           GError **err)
{
    gsize n = 0;
    g_auto(GStrv) keys = g_key_file_get_keys(kf, group, &n, NULL);
    for (gsize i = 0; keys && i < n; i++) {
        if (sysreg_find_name(keys[i]) < 0) {
            g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "%s: [%s] %s: unknown system register", path, group, keys[i]);
            return false;
        }
        g_autofree char *v = g_key_file_get_value(kf, group, keys[i], NULL);
        uint64_t x;
        if (!v || !model_parse_u64(v, &x)) {
            g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "%s: [%s] %s: '%s' is not a number", path, group, keys[i], v ? v : "");
            return false;
        }
        char *up = g_ascii_strup(keys[i], -1);
        if (g_hash_table_contains(into, up)) {     /* the same register in another case */
            g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "%s: [%s] %s: %s is given twice", path, group, keys[i], up);
            g_free(up);
            return false;
        }
        g_hash_table_insert(into, up, u64dup(x));
    }
    return true;
}

/* A clock in MHz: a finite number in [1, 100000] (nan, inf or 1e-7 would make every
 * time and the semihosting clock nonsense). */
static bool parse_mhz(const char *s, double *out)
{
    char *end;
    while (*s == ' ' || *s == '\t')
        s++;
    double v = g_ascii_strtod(s, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == s || *end || !isfinite(v) || v < 1 || v > 100000)
        return false;
    *out = v;
    return true;
}

/* Every group and every key of [cpu], [timing] and [timing-source] is one el2sim reads:
 * a misspelt optional key would otherwise be ignored. */
static bool known_keys(GKeyFile *kf, const char *path, GError **err)
{
    static const char *const cpu_keys[] = { "name", "description", "engine", "vhe", "gicv3", "freq-mhz", "absent" };
    g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
    for (char **g = groups; *g; g++) {
        bool cpu = !strcmp(*g, "cpu"), timing = !strcmp(*g, "timing") || !strcmp(*g, "timing-source");
        if (!cpu && !timing && strcmp(*g, "registers") && strcmp(*g, "res0")) {
            g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "%s: [%s]: unknown group (known: [cpu], [registers], [res0], [timing], [timing-source])",
                        path, *g);
            return false;
        }
        g_auto(GStrv) keys = g_key_file_get_keys(kf, *g, NULL, NULL);
        for (char **k = keys; k && *k && (cpu || timing); k++) {
            bool known = false;
            for (unsigned i = 0; cpu && i < G_N_ELEMENTS(cpu_keys); i++)
                known |= !strcmp(*k, cpu_keys[i]);
            for (unsigned i = 0; timing && i < IC_COUNT; i++)
                known |= !strcmp(*k, class_key[i]);
            if (!known) {
                g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: [%s] %s: unknown key%s", path, *g, *k,
                            cpu ? " (known: name, description, engine, vhe, gicv3, freq-mhz, absent)"
                                : " (the instruction classes of models/cpu/README.md)");
                return false;
            }
        }
    }
    return true;
}

el2_cpu_model *cpu_model_load(const char *name, GError **err)
{
    sysreg_init();
    el2_cpu_model *c = g_new0(el2_cpu_model, 1);
    g_autoptr(GKeyFile) kf = g_key_file_new();
    GError *e = NULL;
    g_autofree char *engine = NULL;
    g_auto(GStrv) absent = NULL;
    g_autofree char *text = NULL, *freq = NULL;
    gsize len = 0;

    if (strchr(name, '/') || g_str_has_suffix(name, ".cpu"))   /* else a name in models/cpu */
        c->path = g_strdup(name);
    else
        c->path = g_strdup_printf("%s/cpu/%s.cpu", models_dir(), name);
    if (!g_file_test(c->path, G_FILE_TEST_EXISTS)) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                    "unknown CPU model '%s' (no %s; models are in %s/cpu)", name, c->path, models_dir());
        goto fail;
    }
    if (!read_regular_file(c->path, &text, &len, err))   /* "PATH: not a regular file", ... */
        goto fail;
    if (!g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE, &e)) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: %s", c->path, e->message);
        g_clear_error(&e);   /* fail: frees e again otherwise */
        goto fail;
    }
    if (!keyfile_prescan(c->path, text, len, err) || !known_keys(kf, c->path, err))
        goto fail;
    c->name = g_key_file_get_string(kf, "cpu", "name", NULL);
    if (!c->name)
        FAIL("%s: [cpu] name: missing", c->path);
    c->description = g_key_file_get_string(kf, "cpu", "description", NULL);
    engine = g_key_file_get_string(kf, "cpu", "engine", NULL);
    if (!engine)
        FAIL("%s: [cpu] engine: missing (cortex-a53, cortex-a57, cortex-a72 or max)", c->path);
    if (!strcmp(engine, "cortex-a57")) c->core = CORE_CORTEX_A57;
    else if (!strcmp(engine, "cortex-a53")) c->core = CORE_CORTEX_A53;
    else if (!strcmp(engine, "cortex-a72")) c->core = CORE_CORTEX_A72;
    else if (!strcmp(engine, "max")) c->core = CORE_MAX;
    else FAIL("%s: [cpu] engine: '%s' is not cortex-a53, cortex-a57, cortex-a72 or max", c->path, engine);
    c->vhe = g_key_file_get_boolean(kf, "cpu", "vhe", &e);
    if (e) FAIL("%s: [cpu] vhe: %s", c->path, e->message);
    c->gicv3 = g_key_file_get_boolean(kf, "cpu", "gicv3", &e);
    if (e) FAIL("%s: [cpu] gicv3: %s", c->path, e->message);
    freq = g_key_file_get_value(kf, "cpu", "freq-mhz", NULL);
    if (!freq)
        FAIL("%s: [cpu] freq-mhz: missing (the clock in MHz)", c->path);
    if (!parse_mhz(freq, &c->freq_mhz))
        FAIL("%s: [cpu] freq-mhz: '%s' is not a clock from 1 to 100000 MHz", c->path, freq);

    c->values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    c->res0 = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    c->absent = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (!load_reg_group(kf, c->path, "registers", c->values, err) ||
        !load_reg_group(kf, c->path, "res0", c->res0, err))
        goto fail;
    cpu_model_decode_mmu(c);

    /* registers this CPU does not have */
    for (int i = 0; i < sysreg_count; i++) {
        const sysreg_def *d = &sysreg_table[i];
        bool vhe_only = d->kind == SRK_EL12 || (d->flags & SRF_VHE);
        bool gic_only = g_str_has_prefix(d->name, "ICH_") || g_str_has_prefix(d->name, "ICC_");
        if ((vhe_only && !c->vhe) || (gic_only && !c->gicv3))
            g_hash_table_insert(c->absent, g_strdup(d->name), GINT_TO_POINTER(1));
    }
    gsize na = 0;
    absent = g_key_file_get_string_list(kf, "cpu", "absent", &na, NULL);
    for (gsize i = 0; absent && i < na; i++) {
        int idx = sysreg_find_name(g_strstrip(absent[i]));
        if (idx < 0)
            FAIL("%s: [cpu] absent: unknown system register '%s'", c->path, absent[i]);
        g_hash_table_insert(c->absent, g_strdup(sysreg_table[idx].name), GINT_TO_POINTER(1));
    }

    for (int k = 0; k < IC_COUNT; k++) {
        g_autofree char *v = g_key_file_get_value(kf, "timing", class_key[k], NULL);
        uint64_t x;
        if (!v)
            FAIL("%s: [timing] %s: missing", c->path, class_key[k]);
        if (!model_parse_u64(v, &x) || x > 100000)
            FAIL("%s: [timing] %s: '%s' is not a cycle count", c->path, class_key[k], v);
        c->cost[k] = (uint32_t)x;
        c->cost_src[k] = g_key_file_get_string(kf, "timing-source", class_key[k], NULL);
        if (!c->cost_src[k])
            FAIL("%s: [timing-source] %s: every cost names its source or says 'estimate'", c->path, class_key[k]);
    }
    return c;
fail:
    if (e) g_error_free(e);
    cpu_model_free(c);
    return NULL;
}
