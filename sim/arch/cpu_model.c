/* cpu_model.c - reads a CPU model (models/cpu/NAME.cpu, GLib key file). The format is
 * documented in models/cpu/README.md. */
#include "cpu_model.h"
#include "sysreg.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *models_dir(void)
{
    const char *env = g_getenv("EL2_MODELS");
    return env && *env ? env : EL2_MODELS_DIR;
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
        g_hash_table_insert(into, g_ascii_strup(keys[i], -1), u64dup(x));
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

    if (strchr(name, '/'))
        c->path = g_strdup(name);
    else
        c->path = g_strdup_printf("%s/cpu/%s.cpu", models_dir(), name);
    if (!g_key_file_load_from_file(kf, c->path, G_KEY_FILE_NONE, &e)) {
        if (g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                        "unknown CPU model '%s' (no %s; models are in %s/cpu)", name, c->path, models_dir());
        else
            g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: %s", c->path, e->message);
        g_clear_error(&e);   /* fail: frees e again otherwise */
        goto fail;
    }
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
    c->freq_mhz = g_key_file_get_double(kf, "cpu", "freq-mhz", &e);
    if (e || c->freq_mhz <= 0) FAIL("%s: [cpu] freq-mhz: a positive number is required", c->path);

    c->values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    c->res0 = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    c->absent = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (!load_reg_group(kf, c->path, "registers", c->values, err) ||
        !load_reg_group(kf, c->path, "res0", c->res0, err))
        goto fail;

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
