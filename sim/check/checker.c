/* checker.c - the ABI checker: attaching to a machine, options, freeing.
 * Each call (an HVC, or an SMC trapped to EL2, from the caller into the stub) opens a
 * frame with a snapshot of the caller's state; the exception return that ends it (or the
 * landing address, or the end of the run) closes it and compares. While a frame is open,
 * a block hook (or per instruction, a code hook) diffs the GPRs to remember which
 * instruction last wrote each register; MSR writers of system registers are kept by
 * sysreg.c. The parts are in checker_*.c (checker_int.h says which is where). */
#include "checker_int.h"
#include "sysreg.h"

/* One PE's checker; root: the attached checker whose findings it adds to (NULL: itself) */
static checker *checker_new(el2_machine *m, abi_model *abi, el2_cpu *cpu, checker *root)
{
    checker *c = g_new0(checker, 1);
    c->m = m;
    c->abi = abi;
    c->root = root;
    c->findings = root ? root->findings : g_array_new(FALSE, TRUE, sizeof(finding));
    c->vbar = g_array_new(FALSE, TRUE, sizeof(vbar_install));
    c->vbar_start = cpu->sr[SR_VBAR_EL2];
    c->track_v = abi->preserve_v != 0;
    cpu->capture_regs = true;
    return c;
}

checker *checker_attach(el2_machine *m, abi_model *abi)
{
    checker *c = checker_new(m, abi, m->cpu, NULL);
    if (m->smp) {                    /* several PEs: one checker each (checker_int.h) */
        c->root = c;
        c->npe = m->smp->n;
        c->pe[0] = c;
        for (unsigned i = 1; i < c->npe; i++) {
            c->pe[i] = checker_new(m, abi, m->smp->pe[i].cpu, c);
            c->pe[i]->index = i;
        }
    }
    /* the checker sees each event before the observers already there (the printer) */
    c->ob = (el2_observer){ .event = on_event, .block = on_block, .user = c };
    machine_observe_first(m, &c->ob);
    depth_changed(c);
    return c;
}

void checker_on_finding(checker *c, el2_event_fn fn, void *user)
{
    c->on_finding = fn;
    c->finding_user = user;
}

void checker_set_perturb(checker *c, guint32 seed)
{
    for (unsigned i = 0; i < MAX(c->npe, 1); i++) {   /* each PE from its own seed */
        checker *p = c->npe ? c->pe[i] : c;
        p->perturb = true;
        p->rand = g_rand_new_with_seed(seed + i);
    }
}

void checker_free(checker *c)
{
    if (!c)
        return;
    for (unsigned i = 1; i < c->npe; i++)
        checker_free(c->pe[i]);
    if (c->root && c->root != c) {   /* a PE's: the findings are the root's */
        g_free(c->stack);
        for (guint i = 0; i < c->vbar->len; i++)
            g_free(g_array_index(c->vbar, vbar_install, i).via);
        g_array_free(c->vbar, TRUE);
        g_free(c->unknown_marked);
        if (c->rand)
            g_rand_free(c->rand);
        g_free(c);
        return;
    }
    machine_unobserve(c->m, &c->ob);
    for (guint i = 0; i < c->findings->len; i++) {
        finding *f = &g_array_index(c->findings, finding, i);
        g_free(f->what); g_free(f->function); g_free(f->detail);
    }
    g_array_free(c->findings, TRUE);
    g_free(c->stack);
    for (guint i = 0; i < c->vbar->len; i++)
        g_free(g_array_index(c->vbar, vbar_install, i).via);
    g_array_free(c->vbar, TRUE);
    if (c->copy_ranges)
        g_array_free(c->copy_ranges, TRUE);
    g_free(c->unknown_marked);
    if (c->rand)
        g_rand_free(c->rand);
    g_free(c);
}
