/* audit.c - options of the checker beyond the stub (--scramble-clobbers, --reserve,
 * --stub-vectors, --vbar-timeline, --relocate-vectors, --unknown-reset), shared by
 * `el2sim check` and `el2sim scenario`. */
#include "checker.h"
#include <string.h>

GOptionEntry *checker_arg_entries(checker_args *a)
{
    GOptionEntry e[] = {
        { "scramble-clobbers", 0, 0, G_OPTION_ARG_NONE, &a->scramble, "caller audit: at every return, fill the registers the callee may clobber with 0x5c5c5c5c000000NN and report the caller's reads of them", NULL },
        { "reserve", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a->reserve, "move a register from may-clobber to preserve (e.g. x18 for a shadow call stack, r12 for a 32-bit ABI; repeatable)", "xN" },
        { "stub-vectors", 0, 0, G_OPTION_ARG_STRING, &a->stub_vectors, "the stub's vector table (default: the symbol __hyp_stub_vectors)", "SYM|ADDR" },
        { "vbar-timeline", 0, 0, G_OPTION_ARG_NONE, &a->vbar_timeline, "print every VBAR_EL2 install: cycles, table, installer", NULL },
        { "relocate-vectors", 0, 0, G_OPTION_ARG_NONE, &a->relocate, "run the stub from a copy of its vectors (and the ABI's travels=) and report EL2 fetches or data references outside it", NULL },
        { "unknown-reset", 0, 0, G_OPTION_ARG_NONE, &a->unknown_reset, "registers UNKNOWN at reset start with 0xa5a5...; report reads before any write", NULL },
        { NULL },
    };
    return g_memdup2(e, sizeof e);
}

bool checker_args_apply_abi(const checker_args *a, abi_model *abi, GError **err)
{
    uint32_t mask = 0;
    for (char **r = a->reserve; r && *r; r++) {
        g_auto(GStrv) parts = g_strsplit(*r, ",", -1);
        for (char **p = parts; *p; p++) {
            const char *s = g_strstrip(*p);
            char *end = NULL;
            int r32 = abi->width == 32 ? abi_reg32(s) : -1;   /* a 32-bit ABI: r12, lr_usr, ... */
            if (r32 >= 0) {
                mask |= 1u << r32;
                continue;
            }
            guint64 n = (s[0] == 'x' || s[0] == 'w') && s[1] ? g_ascii_strtoull(s + 1, &end, 10) : 99;
            if (!end || *end || n > 30) {
                g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--reserve: '%s' is not a register x0-x30", s);
                return false;
            }
            mask |= 1u << n;
        }
    }
    if (mask)
        abi_reserve(abi, mask);
    return true;
}

bool checker_args_start(checker *c, el2_machine *m, const checker_args *a, GError **err)
{
    /* stub-gone needs to know the table is the stub's: an explicit --stub-vectors, or
     * --vbar-timeline (images may install stub-like test tables on purpose) */
    checker_opts o = { .scramble = a->scramble, .relocate = a->relocate, .unknown_reset = a->unknown_reset,
                       .stub_gone = a->stub_vectors || a->vbar_timeline };
    if (a->stub_vectors) {
        if (!symtab_resolve(m->syms, a->stub_vectors, &o.stub_vectors)) {
            g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--stub-vectors: '%s' is neither a number nor a symbol of the images", a->stub_vectors);
            return false;
        }
        o.have_stub_vectors = true;
    } else {
        o.have_stub_vectors = symtab_lookup(m->syms, "__hyp_stub_vectors", &o.stub_vectors);
    }
    return checker_configure(c, &o, err);
}

void checker_args_clear(checker_args *a)
{
    g_strfreev(a->reserve);
    g_free(a->stub_vectors);
    memset(a, 0, sizeof *a);
}
