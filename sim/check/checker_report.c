/* checker_report.c - findings: made (one per distinct violation, repeats counted and
 * passed to the finding observer), printed, written as JSON, merged across runs. */
#include "checker_int.h"
#include "disasm.h"
#include "json.h"
#include <inttypes.h>
#include <string.h>

const char *kind_names[F_KIND_COUNT] = {
    "clobbered-register", "clobbered-state", "wrong-result", "no-return", "returned",
    "wrong-return-address", "wrong-return-el", "pstate-leak", "wrong-landing",
    "misaligned-vbar", "unmapped-vbar", "exception-in-stub", "bad-function-id",
    "scrambled-read", "stub-gone", "outside-vectors", "unknown-read", "exception-recursion",
    "unmasked-return-state", "vbar-differs", "call-on-off-cpu",
};

const char *finding_kind_name(finding_kind k) { return kind_names[k]; }
guint checker_count(const checker *c) { return c->findings->len; }
const finding *checker_finding(const checker *c, guint i) { return &g_array_index(c->findings, finding, i); }

const char *func_label(const checker *c, const frame *fr, char *buf, size_t n)
{
    if (fr->f)
        return fr->f->name;
    snprintf(buf, n, "unknown function 0x%" PRIx64, fr->fid);
    return buf;
}

void add(checker *c, const frame *fr, finding_kind k, const char *what, bool has_values,
         uint64_t expected, uint64_t actual, const el2_event *ret, uint64_t culprit, uint32_t culprit_insn,
         const char *detail)
{
    char fb[64];
    finding fd = { .kind = k, .what = g_strdup(what), .has_values = has_values, .expected = expected,
                   .actual = actual, .count = 1, .detail = detail ? g_strdup(detail) : NULL,
                   .cpu = c->root ? (int)c->index : -1 };
    fd.width32 = c->abi->width == 32;
    fd.stub_isa = stub_isa(c);
    if (fr) {
        fd.call_isa = caller_isa(c, fr->spsr);
        fd.function = g_strdup(func_label(c, fr, fb, sizeof fb));
        fd.fid = fr->fid;
        fd.call_pc = fr->pc;
        fd.call_insn = fr->insn;
        fd.call_el = fr->from_el;
    }
    if (ret) {
        fd.has_ret = true;
        fd.ret_pc = copy_to_orig(c, ret->pc);
        fd.ret_insn = ret->insn;
        fd.ret_target = ret->target;
    }
    if (culprit) {
        fd.has_culprit = true;
        fd.culprit_pc = copy_to_orig(c, culprit);   /* code in the relocated copy: name it by its original */
        fd.culprit_insn = culprit_insn;
    }
    const checker *r = c->root ? c->root : c;   /* several PEs: the attached checker's observer */
    if (r->on_finding) {
        GString *note = g_string_new(NULL);
        g_string_append_printf(note, "%s: %s", kind_names[k], what);
        if (has_values)
            g_string_append_printf(note, " = 0x%" PRIx64 ", expected 0x%" PRIx64, actual, expected);
        if (fd.function)
            g_string_append_printf(note, " in %s", fd.function);
        if (detail)
            g_string_append_printf(note, " (%s)", detail);
        el2_event ev = { .kind = EV_FINDING, .insns = c->m->cpu->insns, .cycles = c->m->cpu->cycles,
                         .pc = fr ? fd.call_pc : culprit, .insn = fr ? fd.call_insn : culprit_insn,
                         .from_el = c->m->cpu->el, .to_el = c->m->cpu->el, .sysreg = k, .value = actual, .old = expected,
                         .far = fd.fid, .elr = culprit, .target = fd.ret_target, .note = note->str,
                         .cpu = (uint8_t)(fd.cpu + 1) };
        r->on_finding(&ev, r->finding_user);
        g_string_free(note, TRUE);
    }
    /* one report per distinct violation: same kind, register, call site, function, culprit */
    for (guint i = 0; i < c->findings->len; i++) {
        finding *o = &g_array_index(c->findings, finding, i);
        if (o->kind == fd.kind && !g_strcmp0(o->what, fd.what) && o->call_pc == fd.call_pc &&
            o->fid == fd.fid && o->culprit_pc == fd.culprit_pc && o->cpu == fd.cpu) {
            o->count++;
            g_free(fd.what); g_free(fd.function); g_free(fd.detail);
            return;
        }
    }
    g_array_append_val(c->findings, fd);
}

void finding_print(const checker *c, const finding *fd, FILE *f)
{
    const el2_symtab *st = c->m->syms;
    char a[160], b[160], dis[256];
    if (fd->cpu >= 0)                /* several PEs: which one, as event lines say it */
        fprintf(f, "cpu%d ", fd->cpu);
    fprintf(f, "%s: %s", kind_names[fd->kind], fd->what);
    if (fd->has_values)
        fprintf(f, " = 0x%" PRIx64 ", expected 0x%" PRIx64, fd->actual, fd->expected);
    else if (fd->kind == F_VBAR_UNMAPPED || fd->kind == F_BAD_FID || fd->kind == F_SCRAMBLED_READ ||
             fd->kind == F_OUTSIDE_VECTORS || fd->kind == F_UNKNOWN_READ)
        fprintf(f, " = 0x%" PRIx64, fd->actual);
    if (fd->count > 1)
        fprintf(f, "  (x%u)", fd->count);
    fprintf(f, "\n");
    if (fd->detail)
        fprintf(f, "    why      %s\n", fd->detail);
    if (fd->function)
        fprintf(f, "    call     %s (%s=0x%" PRIx64 ") by %s at %s, EL%u  [%s %s]\n", fd->function,
                fd->width32 ? "r0" : "x0", fd->fid,
                finding_insn_text(st, fd->call_isa, fd->call_pc, fd->call_insn, dis, sizeof dis),
                symtab_format(st, fd->call_pc, a, sizeof a),
                fd->call_el, c->abi->name, c->abi->version);
    if (fd->has_ret)
        fprintf(f, "    returned %s at %s -> %s\n",
                finding_insn_text(st, fd->stub_isa, fd->ret_pc, fd->ret_insn, dis, sizeof dis),
                symtab_format(st, fd->ret_pc, a, sizeof a), symtab_format(st, fd->ret_target, b, sizeof b));
    if (fd->has_culprit)
        fprintf(f, "    culprit  %s: %s\n", symtab_format(st, fd->culprit_pc, a, sizeof a),
                finding_insn_text(st, fd->stub_isa, fd->culprit_pc, fd->culprit_insn, dis, sizeof dis));
}

void checker_print(const checker *c, FILE *f)
{
    for (guint i = 0; i < c->findings->len; i++)
        finding_print(c, &g_array_index(c->findings, finding, i), f);
    fprintf(f, "%u violation%s of %s %s\n", c->findings->len, c->findings->len == 1 ? "" : "s", c->abi->name,
            c->abi->version);
}

static void json_addr(GString *s, const char *key, const el2_symtab *st, finding_isa isa, uint64_t pc,
                      uint32_t insn)
{
    char a[160], dis[256];
    g_string_append_printf(s, ", \"%s\": {\"pc\": \"0x%" PRIx64 "\", \"symbol\": ", key, pc);
    json_append_string(s, symtab_format(st, pc, a, sizeof a));
    g_string_append(s, ", \"insn\": ");
    json_append_string(s, finding_insn_text(st, isa, pc, insn, dis, sizeof dis));
    g_string_append(s, "}");
}

bool checker_write_json(const checker *c, const char *path, GError **err)
{
    const el2_symtab *st = c->m->syms;
    GString *s = g_string_new("{\"abi\": ");
    json_append_string(s, c->abi->name);
    g_string_append(s, ", \"version\": ");
    json_append_string(s, c->abi->version);
    g_string_append_printf(s, ", \"violations\": %u, \"findings\": [", c->findings->len);
    for (guint i = 0; i < c->findings->len; i++) {
        const finding *fd = &g_array_index(c->findings, finding, i);
        g_string_append(s, i ? ",\n  {" : "\n  {");
        g_string_append(s, "\"kind\": ");
        json_append_string(s, kind_names[fd->kind]);
        if (fd->cpu >= 0)
            g_string_append_printf(s, ", \"cpu\": %d", fd->cpu);
        g_string_append(s, ", \"what\": ");
        json_append_string(s, fd->what);
        if (fd->has_values)
            g_string_append_printf(s, ", \"expected\": \"0x%" PRIx64 "\", \"actual\": \"0x%" PRIx64 "\"", fd->expected,
                                   fd->actual);
        g_string_append_printf(s, ", \"count\": %u", fd->count);
        if (fd->detail) {
            g_string_append(s, ", \"detail\": ");
            json_append_string(s, fd->detail);
        }
        if (fd->function) {
            g_string_append(s, ", \"function\": ");
            json_append_string(s, fd->function);
            g_string_append_printf(s, ", \"fid\": \"0x%" PRIx64 "\", \"caller_el\": %u", fd->fid, fd->call_el);
            json_addr(s, "call", st, fd->call_isa, fd->call_pc, fd->call_insn);
        }
        if (fd->has_ret)
            json_addr(s, "return", st, fd->stub_isa, fd->ret_pc, fd->ret_insn);
        if (fd->has_culprit)
            json_addr(s, "culprit", st, fd->stub_isa, fd->culprit_pc, fd->culprit_insn);
        g_string_append(s, "}");
    }
    g_string_append(s, "\n]}\n");
    bool ok = g_file_set_contents(path, s->str, (gssize)s->len, err);
    g_string_free(s, TRUE);
    return ok;
}

void checker_merge(checker *dst, const checker *src)
{
    for (guint i = 0; i < src->findings->len; i++) {
        const finding *f = &g_array_index(src->findings, finding, i);
        bool dup = false;
        for (guint j = 0; j < dst->findings->len && !dup; j++) {
            finding *o = &g_array_index(dst->findings, finding, j);
            if (o->kind == f->kind && !g_strcmp0(o->what, f->what) && o->call_pc == f->call_pc && o->fid == f->fid &&
                o->culprit_pc == f->culprit_pc && o->cpu == f->cpu) {
                o->count += f->count;
                dup = true;
            }
        }
        if (!dup) {
            finding copy = *f;
            copy.what = g_strdup(f->what);
            copy.function = g_strdup(f->function);
            copy.detail = g_strdup(f->detail);
            g_array_append_val(dst->findings, copy);
        }
    }
}

static void pe_vbar_timeline(const checker *c, FILE *f);

void checker_print_vbar_timeline(const checker *c, FILE *f)
{
    if (!c->npe) {
        pe_vbar_timeline(c, f);
        return;
    }
    for (unsigned i = 0; i < c->npe; i++) {   /* several PEs: each PE's own VBAR_EL2 */
        fprintf(f, "cpu%u ", i);
        pe_vbar_timeline(c->pe[i], f);
    }
}

static void pe_vbar_timeline(const checker *c, FILE *f)
{
    const el2_symtab *st = c->m->syms;
    char a[128], b[128], dis[256];
    fprintf(f, "VBAR_EL2 timeline (cycles, table, installer):\n");
    fprintf(f, "    %10s  %s  at reset or set by el2sim\n", "start", symtab_format(st, c->vbar_start, a, sizeof a));
    for (guint i = 0; i < c->vbar->len; i++) {
        const vbar_install *vi = &g_array_index(c->vbar, vbar_install, i);
        fprintf(f, "    %10" PRIu64 "  %s  installed at %s: %s%s%s%s\n", vi->cycles, symtab_format(st, vi->value, a, sizeof a),
                symtab_format(st, vi->pc, b, sizeof b), disasm_sym(st, vi->pc, vi->insn, dis, sizeof dis), vi->via ? ", by " : "",
                vi->via ? vi->via : "", vi->relocated ? " (relocated: the copy is in force)" : "");
    }
}
