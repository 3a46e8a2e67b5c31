/* test_core.c - exception entry/return paths, asserted event by event. */
#include <criterion/criterion.h>
#include "harness.h"
#include "exception.h"
#include "sysreg.h"

static harness *h;
static void teardown(void) { harness_free(h); h = NULL; }

Test(core, smoke_hvc_round_trips, .fini = teardown)
{
    g_autofree char *img = image_path("smoke.elf");
    h = harness_run(img, NULL);
    cr_assert_null(h->error, "%s", h->error);
    harness_dump(h);
    /* MSR VBAR, MSR HCR, ERET to EL1, HVC #0, ERET, HVC #7, ERET, SVC (VBAR_EL1 = 0), STOP */
    cr_assert_eq(h->ev->len, 9);
    const el2_event *e = hev(h, 3);
    cr_assert_eq(e->kind, EV_EXC);
    cr_assert_eq(e->exc, EXC_HVC);
    cr_assert_eq(e->from_el, 1);
    cr_assert_eq(e->to_el, 2);
    cr_assert_eq(e->esr, 0x5a000000u);
    cr_assert_eq(e->spsr, 0x3c5u);
    cr_assert_eq(e->x[0], 0x1234u);
    cr_assert_eq(e->sp, 0x40200000u, "SP at EL1 is SP_EL1");
    e = hev(h, 4);
    cr_assert_eq(e->kind, EV_ERET);
    cr_assert_eq(e->x[0], 0x1235u);
    cr_assert_eq(e->x[1], 0x5a000000u, "handler read ESR_EL2");
    cr_assert_eq(e->sp, 0x40100000u, "SP at EL2 is SP_EL2");
    cr_assert_eq(hev(h, 5)->esr, 0x5a000007u);
    e = hev(h, 7);
    cr_assert_eq(e->exc, EXC_SVC);
    cr_assert_eq(e->to_el, 1);
    cr_assert_eq(e->esr, 0x56000003u);
    cr_assert_eq(e->target, 0x200u);
    cr_assert_eq(hev(h, 8)->stop, STOP_FAULT);
    cr_assert_eq(h->exit_code, EXIT_GUEST_FAULT);
}
