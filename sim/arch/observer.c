/* observer.c - the observer list (observer.h). */
#include "observer.h"
#include <glib.h>
#include <string.h>

static void count_block(el2_obslist *l)
{
    l->nblock = 0;
    for (unsigned i = 0; i < l->n; i++)
        l->nblock += l->v[i]->block && !l->v[i]->block_paused;
}

void obs_add_first(el2_obslist *l, el2_observer *ob)
{
    g_assert(l->n < EL2_MAX_OBSERVERS);
    memmove(&l->v[1], &l->v[0], l->n * sizeof l->v[0]);
    l->v[0] = ob;
    l->n++;
    count_block(l);
}

void obs_add_last(el2_obslist *l, el2_observer *ob)
{
    g_assert(l->n < EL2_MAX_OBSERVERS);
    l->v[l->n++] = ob;
    count_block(l);
}

void obs_remove(el2_obslist *l, el2_observer *ob)
{
    for (unsigned i = 0; i < l->n; i++)
        if (l->v[i] == ob) {
            memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof l->v[0]);
            l->n--;
            break;
        }
    count_block(l);
}

void obs_pause_block(el2_obslist *l, el2_observer *ob, bool paused)
{
    if (ob->block_paused == paused)
        return;
    ob->block_paused = paused;
    count_block(l);
}
