/* abi.c - loads ABI models (GLib key files) from models/abi. */
#include "abi.h"
#include "cpu.h"
#include "readfile.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int gpr(const char *s)
{
    uint64_t n;
    if ((s[0] != 'x' && s[0] != 'w') || !model_parse_u64(s + 1, &n) || n > 30)
        return -1;
    return (int)n;
}

/* width=32: the AArch32 registers by their AArch64 numbers, as the Arm ARM maps them
 * (DDI 0487, "Mapping of the AArch32 general-purpose registers to AArch64 registers":
 * R0-R12 = X0-X12, SP_usr X13, LR_usr X14, SP_hyp X15, LR_irq X16, SP_irq X17, LR_svc X18,
 * SP_svc X19, LR_abt X20, SP_abt X21, LR_und X22, SP_und X23, R8_fiq-R12_fiq X24-X28,
 * SP_fiq X29, LR_fiq X30). A checker sees one register file whatever the caller's mode. */
static const char *const r32_names[31] = {
    "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12",
    "sp_usr", "lr_usr", "sp_hyp", "lr_irq", "sp_irq", "lr_svc", "sp_svc", "lr_abt", "sp_abt",
    "lr_und", "sp_und", "r8_fiq", "r9_fiq", "r10_fiq", "r11_fiq", "r12_fiq", "sp_fiq", "lr_fiq",
};

static int reg_of(const char *s, unsigned width)
{
    if (width != 32)
        return gpr(s);
    for (int i = 0; i < 31; i++)
        if (!g_ascii_strcasecmp(s, r32_names[i]))
            return i;
    return -1;
}

int abi_reg32(const char *name)
{
    return reg_of(name, 32);
}

const char *abi_reg_name(const abi_model *a, int n, char *buf, size_t len)
{
    if (a && a->width == 32 && n >= 0 && n < 31)
        return r32_names[n];
    snprintf(buf, len, "x%d", n);
    return buf;
}

static const struct { const char *name; unsigned bit; } state_names[] = {
    { "sp_el0", ST_SP_EL0 }, { "sp_el1", ST_SP_EL1 }, { "elr_el1", ST_ELR_EL1 },
    { "spsr_el1", ST_SPSR_EL1 }, { "tpidr_el1", ST_TPIDR_EL1 }, { "vbar_el1", ST_VBAR_EL1 },
    { "daif", ST_DAIF }, { "spsel", ST_SPSEL }, { "fpcr", ST_FPCR }, { "fpsr", ST_FPSR },
};

static int vreg(const char *s)
{
    uint64_t n;
    if ((s[0] != 'v' && s[0] != 'q') || !model_parse_u64(s + 1, &n) || n > 31)
        return -1;
    return (int)n;
}

/* "x0-x18;v0-v31;sp_el0;daif" -> masks (vregs NULL: no V registers allowed); width=32:
 * "r0-r3;r12", "sp_svc;lr_svc", no V registers or AArch64 state */
static bool reg_list(char **items, unsigned width, uint32_t *gprs, uint32_t *vregs, unsigned *state, char **bad)
{
    if (width == 32)
        vregs = NULL, state = NULL;
    for (char **p = items; p && *p; p++) {
        char *it = g_strstrip(*p);
        if (!*it)
            continue;
        char *dash = strchr(it, '-');
        if (dash && vregs && (it[0] == 'v' || it[0] == 'q')) {
            *dash = 0;
            int a = vreg(it), b = vreg(dash + 1);
            *dash = '-';
            if (a < 0 || b < a) {
                *bad = it;
                return false;
            }
            for (int r = a; r <= b; r++)
                *vregs |= 1u << r;
            continue;
        }
        if (dash) {
            *dash = 0;
            int a = reg_of(it, width), b = reg_of(dash + 1, width);
            *dash = '-';
            if (a < 0 || b < 0 || b < a) {
                *bad = it;
                return false;
            }
            for (int r = a; r <= b; r++)
                *gprs |= 1u << r;
            continue;
        }
        int r = reg_of(it, width);
        if (r >= 0) {
            *gprs |= 1u << r;
            continue;
        }
        if (vregs && (r = vreg(it)) >= 0) {
            *vregs |= 1u << r;
            continue;
        }
        bool found = false;
        for (unsigned i = 0; i < G_N_ELEMENTS(state_names); i++)
            if (!g_ascii_strcasecmp(it, state_names[i].name)) {
                if (!state) {
                    *bad = it;
                    return false;
                }
                *state |= state_names[i].bit;
                found = true;
            }
        if (!found) {
            *bad = it;
            return false;
        }
    }
    return true;
}

static void func_free(gpointer p)
{
    abi_func *f = p;
    g_free(f->name);
    if (f->results_ok)
        g_array_free(f->results_ok, TRUE);
    g_free(f);
}

void abi_free(abi_model *a)
{
    if (!a)
        return;
    g_free(a->name); g_free(a->version); g_free(a->description); g_free(a->path);
    g_strfreev(a->travels);
    if (a->funcs)
        g_ptr_array_free(a->funcs, TRUE);
    g_free(a);
}

#define FAIL(...) do { g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, __VA_ARGS__); goto fail; } while (0)

static const char *const abi_key_names[] = { "name", "version", "description", "conduit", "function-id", "may-clobber",
                                             "preserve", "results", "travels", "unknown-result", "id-rules",
                                             "default-version", "per-cpu", "width", NULL };
static const char *const func_key_names[] = { "id", "contract", "result.x0", "results", "return-el", NULL };
static const char *const func_key_names32[] = { "id", "contract", "result.r0", "results", "return-el", NULL };

static bool in_list(const char *k, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(k, *list))
            return true;
    return false;
}

/* "hvc", "smc" or "hvc|smc" (either order) */
static bool conduits(const char *s, bool *hvc, bool *smc)
{
    g_auto(GStrv) items = g_strsplit(s, "|", -1);
    for (char **p = items; *p; p++) {
        char *it = g_strstrip(*p);
        if (!strcmp(it, "hvc"))
            *hvc = true;
        else if (!strcmp(it, "smc"))
            *smc = true;
        else
            return false;
    }
    return *hvc || *smc;
}

static bool values(const char *s, bool *any, GArray *out)
{
    if (!strcmp(s, "any")) {
        *any = true;
        return true;
    }
    g_auto(GStrv) parts = g_strsplit(s, "|", -1);
    for (char **p = parts; *p; p++) {
        uint64_t v;
        if (!model_parse_u64(*p, &v))
            return false;
        g_array_append_val(out, v);
    }
    return true;
}

abi_model *abi_load(const char *name, const char *version, GError **err)
{
    abi_model *a = g_new0(abi_model, 1);
    g_autoptr(GKeyFile) kf = g_key_file_new();
    GError *e = NULL;
    g_auto(GStrv) groups = NULL;
    g_auto(GStrv) clob = NULL;
    g_auto(GStrv) pres = NULL;
    g_auto(GStrv) res_all = NULL;
    g_auto(GStrv) abi_keys = NULL;
    g_autofree char *conduit = NULL, *fidreg = NULL, *unknown = NULL, *rules = NULL, *dflt = NULL,
                     *percpu = NULL, *width = NULL;
    char *bad = NULL;
    g_autofree char *text = NULL;
    gsize len = 0;

    bool is_file = strchr(name, '/') || g_str_has_suffix(name, ".abi");   /* else a name in models/abi */
    if (is_file)
        a->path = g_strdup(name);
    else if (version)
        a->path = g_strdup_printf("%s/abi/%s-%s.abi", models_dir(), name, version);
    else
        a->path = g_strdup_printf("%s/abi/%s.abi", models_dir(), name);
    if (version && !is_file && !g_file_test(a->path, G_FILE_TEST_EXISTS)) {
        /* a one-version ABI lives in NAME.abi: accept it when its version matches */
        g_autofree char *single = g_strdup_printf("%s/abi/%s.abi", models_dir(), name);
        g_autoptr(GKeyFile) probe = g_key_file_new();
        if (g_key_file_load_from_file(probe, single, G_KEY_FILE_NONE, NULL)) {
            g_autofree char *v = g_key_file_get_string(probe, "abi", "version", NULL);
            if (v && !strcmp(v, version)) {
                g_free(a->path);
                a->path = g_steal_pointer(&single);
            }
        }
    }
    if (!g_file_test(a->path, G_FILE_TEST_EXISTS)) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT, "unknown ABI '%s%s%s' (no %s)", name,
                    version ? "' version '" : "", version ? version : "", a->path);
        goto fail;
    }
    if (!read_regular_file(a->path, &text, &len, err))   /* "PATH: not a regular file", ... */
        goto fail;
    if (!g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE, &e)) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: %s", a->path, e->message);
        g_error_free(e);
        goto fail;
    }
    if (!keyfile_prescan(a->path, text, len, err))
        goto fail;
    dflt = g_key_file_get_string(kf, "abi", "default-version", NULL);
    if (dflt && !version && !is_file) {
        abi_model *r = abi_load(name, dflt, err);
        abi_free(a);
        return r;
    }
    a->name = g_key_file_get_string(kf, "abi", "name", NULL);
    a->version = g_key_file_get_string(kf, "abi", "version", NULL);
    a->description = g_key_file_get_string(kf, "abi", "description", NULL);
    if (!a->name || !a->version)
        FAIL("%s: [abi] name and version are required", a->path);
    abi_keys = g_key_file_get_keys(kf, "abi", NULL, NULL);
    for (char **k = abi_keys; k && *k; k++)
        if (!in_list(*k, abi_key_names))
            FAIL("%s: [abi] %s: unknown key (known: name, version, description, conduit, function-id, may-clobber, "
                 "preserve, results, travels, unknown-result, id-rules, default-version, per-cpu, width)", a->path, *k);
    width = g_key_file_get_string(kf, "abi", "width", NULL);
    a->width = 64;
    if (width && !strcmp(width, "32"))
        a->width = 32;
    else if (width && strcmp(width, "64"))
        FAIL("%s: [abi] width: '%s' is neither 32 (an AArch32 caller, registers r0-r12, sp_MODE, lr_MODE) nor 64",
             a->path, width);
    bool w32 = a->width == 32;
    conduit = g_key_file_get_string(kf, "abi", "conduit", NULL);
    if (!conduit)
        FAIL("%s: [abi] conduit: missing (hvc, smc or hvc|smc)", a->path);
    if (!conduits(conduit, &a->hvc, &a->smc))
        FAIL("%s: [abi] conduit: '%s' is not hvc, smc or hvc|smc", a->path, conduit);
    fidreg = g_key_file_get_string(kf, "abi", "function-id", NULL);
    if (w32 && (!fidreg || strcmp(fidreg, "r0")))
        FAIL("%s: [abi] function-id: r0 (width=32)", a->path);
    if (!w32 && (!fidreg || (strcmp(fidreg, "x0") && strcmp(fidreg, "w0"))))
        FAIL("%s: [abi] function-id: x0 or w0", a->path);
    a->fid_w = fidreg[0] != 'x';   /* w0 and r0: 32 bits */
    clob = g_key_file_get_string_list(kf, "abi", "may-clobber", NULL, NULL);
    pres = g_key_file_get_string_list(kf, "abi", "preserve", NULL, NULL);
    if (!clob || !pres)
        FAIL("%s: [abi] may-clobber and preserve are required", a->path);
    unsigned clob_state = 0;
    const char *r32 = w32 ? " (width=32: r0-r12, sp_MODE, lr_MODE, r8_fiq-r12_fiq)" : "";
    if (!reg_list(clob, a->width, &a->may_clobber, &a->may_clobber_v, &clob_state, &bad))
        FAIL("%s: [abi] may-clobber: '%s' is not a register or range%s", a->path, bad, r32);
    if (!reg_list(pres, a->width, &a->preserve_gpr, &a->preserve_v, &a->preserve_state, &bad))
        FAIL("%s: [abi] preserve: '%s' is not a register, range or known state%s", a->path, bad, r32);
    if ((a->may_clobber & a->preserve_gpr) || (a->may_clobber_v & a->preserve_v) || (clob_state & a->preserve_state))
        FAIL("%s: [abi] a register is both in may-clobber and preserve", a->path);
    res_all = g_key_file_get_string_list(kf, "abi", "results", NULL, NULL);
    a->results_gpr = res_all ? 0 : 1u;   /* default: x0 */
    if (res_all && !reg_list(res_all, a->width, &a->results_gpr, NULL, NULL, &bad))
        FAIL("%s: [abi] results: '%s' is not a register", a->path, bad);
    a->travels = g_key_file_get_string_list(kf, "abi", "travels", NULL, NULL);
    unknown = g_key_file_get_string(kf, "abi", "unknown-result", NULL);
    if (!unknown)
        FAIL("%s: [abi] unknown-result: missing (a value or 'any')", a->path);
    if (!strcmp(unknown, "any"))
        a->unknown_any = true;
    else if (!model_parse_u64(unknown, &a->unknown_result) || (w32 && a->unknown_result >> 32))
        FAIL("%s: [abi] unknown-result: '%s' is not a %snumber or 'any'", a->path, unknown, w32 ? "32-bit " : "");
    /* per-cpu = every: the stub is installed on every PE (vbar-differs); any: no claim */
    percpu = g_key_file_get_string(kf, "abi", "per-cpu", NULL);
    if (percpu && strcmp(percpu, "every") && strcmp(percpu, "any"))
        FAIL("%s: [abi] per-cpu: '%s' is neither every nor any", a->path, percpu);
    a->every_cpu = percpu && !strcmp(percpu, "every");
    rules = g_key_file_get_string(kf, "abi", "id-rules", NULL);
    a->smccc_rules = rules && !strcmp(rules, "smccc");
    if (rules && strcmp(rules, "smccc") && strcmp(rules, "none"))
        FAIL("%s: [abi] id-rules: '%s' is neither smccc nor none", a->path, rules);

    a->funcs = g_ptr_array_new_with_free_func(func_free);
    groups = g_key_file_get_groups(kf, NULL);
    for (char **g = groups; *g; g++) {
        if (!strcmp(*g, "abi"))
            continue;
        if (!g_str_has_prefix(*g, "function "))
            FAIL("%s: [%s]: unknown group (known: [abi], [function NAME])", a->path, *g);
        abi_func *f = g_new0(abi_func, 1);
        g_ptr_array_add(a->funcs, f);
        f->name = g_strstrip(g_strdup(*g + 9));
        f->results_ok = g_array_new(FALSE, FALSE, sizeof(uint64_t));
        for (int i = 0; i < 31; i++)
            f->lands_from[i] = -1;
        f->lands_reg = -1;
        g_autofree char *id = g_key_file_get_string(kf, *g, "id", NULL);
        g_autofree char *contract = g_key_file_get_string(kf, *g, "contract", NULL);
        f->id_other = id && !strcmp(id, "other");
        if (!id || (!f->id_other && !model_parse_u64(id, &f->id)))
            FAIL("%s: [%s] id: a function number (or 'other') is required", a->path, *g);
        if (w32 && f->id >> 32)
            FAIL("%s: [%s] id: '%s' does not fit r0 (32 bits)", a->path, *g, id);
        for (guint i = 0; i + 1 < a->funcs->len; i++) {
            const abi_func *o = g_ptr_array_index(a->funcs, i);
            if (f->id_other && o->id_other)
                FAIL("%s: [%s] id: 'other' is also the id of [function %s]", a->path, *g, o->name);
            if (!f->id_other && !o->id_other && o->id == f->id)   /* abi_lookup would never find this one */
                FAIL("%s: [%s] id: 0x%llx is also the id of [function %s]", a->path, *g,
                     (unsigned long long)f->id, o->name);
        }
        if (!contract || (strcmp(contract, "returns") && strcmp(contract, "never-returns") && strcmp(contract, "lands")))
            FAIL("%s: [%s] contract: returns, never-returns or lands", a->path, *g);
        f->contract = !strcmp(contract, "returns") ? CONTRACT_RETURNS
                    : !strcmp(contract, "lands") ? CONTRACT_LANDS : CONTRACT_NEVER;
        g_auto(GStrv) fkeys = g_key_file_get_keys(kf, *g, NULL, NULL);
        const char *r0 = w32 ? "r0" : "x0";
        for (char **k = fkeys; k && *k; k++) {
            bool lands_key = !strcmp(*k, "lands") || !strcmp(*k, "lands-el") || g_str_has_prefix(*k, "lands.");
            if (g_str_has_prefix(*k, "result.") && strcmp(*k + 7, r0))
                FAIL("%s: [%s] %s: unknown key: allowed values are given for %s only (result.%s)", a->path, *g, *k,
                     r0, r0);
            if (!w32 && g_str_has_prefix(*k, "lands.") && (gpr(*k + 6) < 0 || (*k)[6] != 'x'))
                FAIL("%s: [%s] %s: '%s' is not a register x0-x30", a->path, *g, *k, *k + 6);
            if (w32 && g_str_has_prefix(*k, "lands.") && reg_of(*k + 6, 32) < 0)
                FAIL("%s: [%s] %s: '%s' is not a register r0-r12, sp_MODE or lr_MODE", a->path, *g, *k, *k + 6);
            if (lands_key && f->contract != CONTRACT_LANDS)
                FAIL("%s: [%s] %s: only for contract=lands", a->path, *g, *k);
            if (!lands_key && !in_list(*k, w32 ? func_key_names32 : func_key_names))
                FAIL("%s: [%s] %s: unknown key (known: id, contract, result.%s, results, return-el, lands, lands-el, "
                     "lands.%sN)", a->path, *g, *k, r0, w32 ? "r" : "x");
        }
        g_autofree char *rkey = g_strdup_printf("result.%s", r0);
        g_autofree char *res = g_key_file_get_string(kf, *g, rkey, NULL);
        if (res && !values(res, &f->result_any, f->results_ok))
            FAIL("%s: [%s] %s: '%s' is not a value list (a|b) or 'any'", a->path, *g, rkey, res);
        if (!res)
            f->result_any = true;
        g_auto(GStrv) results = g_key_file_get_string_list(kf, *g, "results", NULL, NULL);
        if (results && !reg_list(results, a->width, &f->results_mask, NULL, NULL, &bad))
            FAIL("%s: [%s] results: '%s' is not a register", a->path, *g, bad);
        g_autofree char *rel = g_key_file_get_string(kf, *g, "return-el", NULL);
        f->return_el_caller = !rel;
        g_auto(GStrv) els = rel ? g_strsplit(rel, "|", -1) : NULL;
        for (char **p = els; p && *p; p++) {
            char *it = g_strstrip(*p);
            if (!strcmp(it, "caller"))
                f->return_el_caller = true;
            else if (!strcmp(it, "2"))
                f->return_el_2 = true;
            else
                FAIL("%s: [%s] return-el: '%s' is neither caller nor 2 (the ELs it may return to, |-separated)",
                     a->path, *g, it);
        }
        if (f->contract == CONTRACT_LANDS) {
            g_autofree char *lr = g_key_file_get_string(kf, *g, "lands", NULL);
            g_autofree char *le = g_key_file_get_string(kf, *g, "lands-el", NULL);
            uint64_t el;
            if (!lr || (f->lands_reg = reg_of(lr, a->width)) < 0)
                FAIL("%s: [%s] lands: the caller register holding the landing address (e.g. %s1)", a->path, *g,
                     w32 ? "r" : "x");
            if (!le || !model_parse_u64(le, &el) || el > 2)
                FAIL("%s: [%s] lands-el: 0, 1 or 2", a->path, *g);
            f->lands_el = (int)el;
            for (int i = 0; i < 31; i++) {
                char nb[8];
                g_autofree char *k = g_strdup_printf("lands.%s", abi_reg_name(a, i, nb, sizeof nb));
                g_autofree char *v = g_key_file_get_string(kf, *g, k, NULL);
                if (v && (f->lands_from[i] = reg_of(v, a->width)) < 0)
                    FAIL("%s: [%s] %s: '%s' is not a caller register", a->path, *g, k, v);
            }
        }
    }
    return a;
fail:
    abi_free(a);
    return NULL;
}

uint64_t abi_fid(const abi_model *a, uint64_t x0)
{
    return a->fid_w ? (uint32_t)x0 : x0;
}

const abi_func *abi_lookup(const abi_model *a, uint64_t fid)
{
    const abi_func *other = NULL;
    for (guint i = 0; i < a->funcs->len; i++) {
        const abi_func *f = g_ptr_array_index(a->funcs, i);
        if (f->id_other)
            other = f;
        else if (f->id == fid)
            return f;
    }
    return other;   /* id=other: every ID no other function has (the 2012 arm hyp-stub's set) */
}

bool abi_result_ok(const abi_model *a, const abi_func *f, uint64_t fid, uint64_t x0)
{
    /* SMC32/HVC32: results are 32 bits; so is every result of an AArch32 caller's ABI */
    bool narrow = a->width == 32 || (a->smccc_rules && !(fid & (1u << 30)));
    uint64_t mask = narrow ? 0xffffffffULL : ~0ULL;
    if (!f) {
        if (a->unknown_any)
            return true;
        return (x0 & mask) == (a->unknown_result & mask);
    }
    if (f->result_any)
        return true;
    for (guint i = 0; i < f->results_ok->len; i++)
        if ((x0 & mask) == (g_array_index(f->results_ok, uint64_t, i) & mask))
            return true;
    return false;
}

const char *abi_fid_problem(const abi_model *a, uint64_t fid)
{
    if (!a->smccc_rules)
        return NULL;
    if ((fid & (1u << 31)) && (fid & 0x00fe0000u))
        return "bits 23:17 must be zero in a fast call's function ID (SMCCC 2.5)";
    return NULL;
}

void abi_reserve(abi_model *a, uint32_t gprs)
{
    a->may_clobber &= ~gprs;
    a->preserve_gpr |= gprs;
}
