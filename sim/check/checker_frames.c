/* checker_frames.c - call frames. Each call (an HVC, or an SMC trapped to EL2, from the
 * caller into the stub) opens a frame with a snapshot of the caller's state; exceptions
 * taken inside the stub nest on it; the exception return that ends it (or the landing
 * address, or the end of the run) closes it and compares. */
#include "checker_int.h"
#include "disasm.h"
#include "exception.h"
#include "print.h"
#include "sysreg.h"
#include "words.h"
#include <inttypes.h>
#include <string.h>

static bool is_call(const checker *c, const el2_event *ev)
{
    if (ev->to_el != 2)
        return false;
    if (ev->exc == EXC_HVC)
        return c->abi->hvc;
    if (ev->exc == EXC_SMC_TRAP)
        return c->abi->smc;
    return false;
}

static uint64_t random_value(checker *c)
{
    return (uint64_t)g_rand_int(c->rand) << 32 | g_rand_int(c->rand);
}

static void hook_land(uint64_t addr, void *user);

/* Whether the code at addr only goes round in a cycle of unconditional branches (b .,
 * or b elsewhere that comes back): an exception handler that never returns. *loop is
 * where the cycle closes. */
static bool handler_loops(checker *c, uint64_t addr, uint64_t *loop)
{
    uint64_t seen[8];
    for (unsigned k = 0; k < G_N_ELEMENTS(seen); k++) {
        uint32_t insn = machine_vinsn_at(c->m, addr);   /* the handler, at the EL it was taken to */
        uint64_t to;
        if ((insn & 0xfc000000) != 0x14000000 || !disasm_branch_target(addr, insn, &to))   /* B only */
            return false;
        seen[k] = addr;
        for (unsigned j = 0; j <= k; j++)
            if (seen[j] == to) {
                *loop = to;
                return true;
            }
        addr = to;
    }
    return false;
}

/* An exception inside the open call that leaves it nowhere to go (issue 16, 17): a
 * handler that loops, or more nested exceptions than the checker follows. Reported, and
 * the call is ended; true then. */
static bool nested_dead_end(checker *c, const el2_event *ev)
{
    const frame *call = &c->stack[0];
    char d[512], a[128];
    uint64_t loop;
    if (c->depth > CHECKER_MAX_NESTED) {
        snprintf(d, sizeof d, "%s taken at EL%u at %s with %u exceptions already nested inside the stub, none returned from: "
                 "a handler that faults again (el2sim follows %d)" CALL_ENDED, exc_kind_name(ev->exc), ev->from_el,
                 symtab_format(c->m->syms, ev->pc, a, sizeof a), c->depth - 1, CHECKER_MAX_NESTED);
        add(c, call, F_EXC_RECURSION, exc_kind_name(ev->exc), false, 0, ev->pc, NULL, ev->pc, ev->insn, d);
    } else if (handler_loops(c, ev->target, &loop)) {
        snprintf(d, sizeof d, "%s taken at EL%u inside the stub was never returned from (its handler loops at %s)"
                 CALL_ENDED, exc_kind_name(ev->exc), ev->from_el, symtab_format(c->m->syms, loop, a, sizeof a));
        add(c, call, F_EXC_IN_STUB, exc_kind_name(ev->exc), false, 0, ev->pc, NULL, ev->pc, ev->insn, d);
    } else {
        return false;
    }
    end_call(c);
    return true;
}

/* An exception taken at EL2 while frames are open: false when it is followed as a new
 * frame; true when it ended the call (nested_dead_end) or is one more of a recursion
 * outside any call, which is reported once and not followed (the frames would grow
 * without bound). Out of line: open_frame stays small for the calls themselves. */
static G_GNUC_NO_INLINE bool nested_not_followed(checker *c, const el2_event *ev)
{
    if (c->stack[0].is_call)
        return nested_dead_end(c, ev);
    if (!c->overflow && c->depth < CHECKER_MAX_NESTED)
        return false;
    if (!c->overflow++) {
        char d[256], a[128];
        snprintf(d, sizeof d, "%s taken at EL%u at %s with %u exceptions to EL2 already taken, none returned "
                 "from: a handler that faults again (el2sim follows %d)", exc_kind_name(ev->exc), ev->from_el,
                 symtab_format(c->m->syms, ev->pc, a, sizeof a), c->depth, CHECKER_MAX_NESTED);
        add(c, NULL, F_EXC_RECURSION, exc_kind_name(ev->exc), false, 0, ev->pc, NULL, ev->pc, ev->insn, d);
    }
    return true;
}

/* An exception taken to EL2 inside a call writes ELR_EL2 and SPSR_EL2 (AArch64.TakeException).
 * An interrupt taken at EL2 was let in by the stub (taken to the current EL, it is masked
 * by PSTATE.{A,I,F}: D1 "Asynchronous exception masking"); if the registers still held the
 * caller's return state, it is lost unless the stub kept a copy and puts it back before
 * its ERET (unmasked_return decides there). */
static void return_state_written(checker *c, const el2_event *ev)
{
    frame *call = &c->stack[0];
    if (!call->is_call)
        return;
    bool held = call->cur_elr == call->ret_elr && call->cur_spsr == call->ret_spsr;
    if (held && exc_is_async(ev->exc) && ev->from_el == 2 && !call->lost) {
        call->lost = true;
        call->lost_exc = ev->exc;
        call->lost_source = ev->status;
        call->lost_intid = ev->value;
        call->lost_pc = ev->pc;
        call->unmask_pc = c->m->cpu->unmask_pc;
        call->unmask_insn = c->m->cpu->unmask_insn;
    }
    call->cur_elr = ev->elr;
    call->cur_spsr = ev->spsr;
}

/* An MSR to ELR_EL2 or SPSR_EL2 inside a call: the stub putting the caller's return state
 * back (from its stack) undoes a loss. */
static void return_state_msr(checker *c, const el2_event *ev)
{
    frame *call = &c->stack[0];
    if (!call->is_call)
        return;
    if (ev->sysreg == SR_ELR_EL2)
        call->cur_elr = ev->value;
    else
        call->cur_spsr = (uint32_t)ev->value;
    if (call->cur_elr == call->ret_elr && call->cur_spsr == call->ret_spsr)
        call->lost = false;
}

/* The ERET that closes a call whose return state an interrupt overwrote (lost) and that
 * does not go back to the caller: the root cause is the unmasking, reported with that
 * instruction as the culprit instead of the wrong return address and EL it leads to.
 * true then. (The ERET goes where the registers say; observers see it before it acts, so
 * the call cannot be ended here as a dead end is: the run goes on from there.) */
static bool unmasked_return(checker *c, frame *fr, const el2_event *ev)
{
    if (!fr->lost || (ev->target == fr->pc + 4 && ev->to_el == fr->from_el))
        return false;
    char d[640], a[128], u[128], t[128], r[128], src[64];
    irq_source_text(fr->lost_exc, fr->lost_source, fr->lost_intid, src, sizeof src);
    snprintf(d, sizeof d, "%s (%s) taken at EL2 at %s overwrote ELR_EL2 and SPSR_EL2 while they still held the "
             "caller's return state (ELR 0x%" PRIx64 ", SPSR 0x%x): interrupts were unmasked at %s, and the ERET at "
             "%s returns to %s at EL%u", exc_kind_name(fr->lost_exc), src,
             symtab_format(c->m->syms, fr->lost_pc, a, sizeof a), fr->ret_elr, fr->ret_spsr,
             fr->unmask_pc ? symtab_format(c->m->syms, fr->unmask_pc, u, sizeof u) : "an instruction el2sim did not see",
             symtab_format(c->m->syms, ev->pc, t, sizeof t), symtab_format(c->m->syms, ev->target, r, sizeof r),
             ev->to_el);
    add(c, fr, F_UNMASKED_RETURN, "ELR_EL2", true, fr->ret_elr, ev->target, ev, fr->unmask_pc, fr->unmask_insn, d);
    return true;
}

static void open_frame(checker *c, const el2_event *ev)
{
    el2_machine *m = c->m;
    bool outer = c->depth == 0;
    if (!outer)
        return_state_written(c, ev);
    if (!outer && nested_not_followed(c, ev))
        return;
    /* built in place: a frame is large (V registers, --fuzz copies) */
    if (c->depth == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 4;
        c->stack = g_renew(frame, c->stack, c->cap);
    }
    frame *fr = &c->stack[c->depth++];
    depth_changed(c);
    memset(fr, 0, offsetof(frame, x));       /* x[] is filled now, saved[] and v[] before use */
    fr->pc = ev->pc;
    fr->insn = ev->insn;
    fr->from_el = ev->from_el;
    fr->spsr = ev->spsr;
    fr->exc = ev->exc;
    memcpy(fr->x, ev->x, sizeof fr->x);
    fr->is_call = outer && is_call(c, ev);
    if (fr->is_call) {
        fr->ret_elr = fr->cur_elr = ev->elr;
        fr->ret_spsr = fr->cur_spsr = ev->spsr;
        fr->fid = abi_fid(c->abi, ev->x[0]);
        fr->f = abi_lookup(c->abi, fr->fid);
        machine_sp_el01(m, &fr->sp_el0, &fr->sp_el1);
        fr->elr_el1 = m->cpu->sr[SR_ELR_EL1];
        fr->spsr_el1 = m->cpu->sr[SR_SPSR_EL1];
        fr->tpidr_el1 = m->cpu->sr[SR_TPIDR_EL1];
        fr->vbar_el1 = m->cpu->sr[SR_VBAR_EL1];
        if (c->track_v) {
            refresh_v(c, false);      /* last_v is V now (see on_block for fr->v) */
        }
        if (c->abi->preserve_state & ST_FPCR)
            fr->fpcr = read_fpcr(c, false);
        if (c->abi->preserve_state & ST_FPSR)
            fr->fpsr = read_fpcr(c, true);
        c->scr_mask = c->scr_vmask = 0;
        if (fr->f && ((c->o.stub_gone && stub_gone(c, fr)) || vbar_differs(c, fr))) {
            fr->is_call = false;   /* whoever answers now is not bound by the stub's ABI */
            return;
        }
        const char *bad = abi_fid_problem(c->abi, fr->fid);
        if (bad)
            add(c, fr, F_BAD_FID, c->abi->width == 32 ? "r0" : "x0", false, 0, fr->fid, NULL, 0, 0, bad);
        if (c->perturb) {
            /* data-dependent clobbers: preserved registers get random values for this call */
            uint32_t mask = c->abi->preserve_gpr & ~(1u << 30) & ~(1u << 29);
            for (int i = 0; i < 31; i++)
                if (mask & (1u << i)) {
                    fr->saved[i] = fr->x[i];
                    fr->x[i] = random_value(c);
                    machine_set_x(m, i, fr->x[i]);
                }
            fr->perturbed = mask;
        }
        if (fr->f && fr->f->contract == CONTRACT_LANDS) {
            /* a stub may land by ERET or by a branch at EL2: watch the address too */
            fr->lands = fr->x[fr->f->lands_reg];
            fr->land_hook = engine_hook_insns(m->eng, fr->lands, fr->lands, hook_land, c);
            fr->land_hooked = true;
        }
        c->last_x_is_call = true;           /* last_x is fr->x until a register changes */
        c->fresh = true;
        c->last_pc = 0;
        for (uint64_t s = c->wset; s; s &= s - 1) {   /* what the last call set */
            int n = __builtin_ctzll(s);
            c->wlo[n] = c->whi[n] = 0;
            if (n < 32)
                c->writer[n] = 0;
            else
                c->writer_v[n - 32] = 0;
        }
        c->wset = 0;
    }
}

/* A call that lands elsewhere: the landing address (the caller's register), EL and
 * the registers the landing receives. ev is the ERET, or a synthetic event for a
 * landing by branch. */
static void check_landing(checker *c, frame *fr, const el2_event *ev)
{
    const abi_func *f = fr->f;
    char d[160], r1[8], r2[8];
    snprintf(d, sizeof d, "must land at the caller's %s at EL%d", abi_reg_name(c->abi, f->lands_reg, r1, sizeof r1),
             f->lands_el);
    if (gpr_value(c, ev->target) != gpr_value(c, fr->lands) || ev->to_el != (unsigned)f->lands_el) {
        add(c, fr, F_LANDING, "pc", true, gpr_value(c, fr->lands), gpr_value(c, ev->target), ev->pc ? ev : NULL, 0, 0, d);
        return;
    }
    for (int i = 0; i < 31; i++)
        if (f->lands_from[i] >= 0 && gpr_value(c, ev->x[i]) != gpr_value(c, fr->x[f->lands_from[i]])) {
            char d2[96];
            const char *w = abi_reg_name(c->abi, i, r1, sizeof r1);
            snprintf(d2, sizeof d2, "at the landing, %s must be the caller's %s", w,
                     abi_reg_name(c->abi, f->lands_from[i], r2, sizeof r2));
            uint64_t cp;
            uint32_t ci;
            culprit_of(c, i, &cp, &ci);
            add(c, fr, F_LANDING, w, true, gpr_value(c, fr->x[f->lands_from[i]]), gpr_value(c, ev->x[i]),
                ev->pc ? ev : NULL, cp, ci, d2);
        }
}

static void drop_land_hook(checker *c, frame *fr)
{
    if (fr->land_hooked) {
        engine_unhook(c->m->eng, fr->land_hook);
        fr->land_hooked = false;
    }
}

/* The call reached its landing address at addr without an exception return (a branch
 * at EL2): the landing gets the registers it has there. */
static void landed_by_branch(checker *c, frame *fr, uint64_t addr)
{
    track_sync_to(c, addr);
    el2_event ev = { .kind = EV_ERET, .target = addr, .to_el = c->m->cpu->el };
    read_x(c->m, ev.x);
    check_landing(c, fr, &ev);
    drop_land_hook(c, fr);
}

/* The landing address was reached without an exception return (a branch at EL2). */
static void hook_land(uint64_t addr, void *user)
{
    checker *c = user;
    if (c->depth != 1)
        return;
    frame *fr = &c->stack[0];
    if (!fr->is_call || !fr->land_hooked || fr->lands != addr)
        return;
    landed_by_branch(c, fr, addr);
    c->depth = 0;
    depth_changed(c);
}

/* Compares the caller's state with what the call hands back at an exception return. */
/* A caller register the ABI preserves (when `preserved`): named by its sysreg row. */
static inline void state_kept(checker *c, const frame *fr, const el2_event *ev, bool preserved, int sr,
                              uint64_t before, uint64_t after)
{
    if (preserved && before != after)
        add(c, fr, F_STATE, sysreg_table[sr].name, true, before, after, ev, c->m->cpu->sr_writer[sr],
            c->m->cpu->sr_writer_insn[sr], NULL);
}

static void close_call(checker *c, frame *fr, const el2_event *ev)
{
    el2_machine *m = c->m;
    const abi_func *f = fr->f;
    abi_contract con = f ? f->contract : CONTRACT_RETURNS;
    uint64_t site = fr->exc == EXC_SMC_TRAP ? fr->pc + 4 : fr->pc + 4;
    bool to_site = ev->target == site;
    /* The sync up to the returning instruction only serves culprits: done when a finding
     * needs one (culprit_of), or before V0-V31 are compared (it reads them). */
    c->sync_pending = true;
    c->sync_end = ev->pc ? ev->pc : c->blk_end;

    if (con == CONTRACT_NEVER) {
        if (to_site)
            add(c, fr, F_RETURNED, "pc", false, 0, ev->target, ev, 0, 0, "returned to the caller, but this call never returns");
        return;
    }
    if (con == CONTRACT_LANDS) {
        check_landing(c, fr, ev);
        return;
    }
    if (!to_site)
        add(c, fr, F_RETURN_ADDR, "pc", true, site, ev->target, ev, m->cpu->sr_writer[SR_ELR_EL2],
            m->cpu->sr_writer_insn[SR_ELR_EL2], "a returning call comes back to the call site + 4");
    bool el_ok = ev->to_el == fr->from_el ? (!f || f->return_el_caller) : (f && f->return_el_2 && ev->to_el == 2);
    if (!el_ok)
        add(c, fr, F_RETURN_EL, "el", true, fr->from_el, ev->to_el, ev, m->cpu->sr_writer[SR_SPSR_EL2],
            m->cpu->sr_writer_insn[SR_SPSR_EL2], "returned to another exception level than the caller's");
    if (!abi_result_ok(c->abi, f, fr->fid, ev->x[0])) {
        uint64_t want = f ? (f->results_ok->len ? g_array_index(f->results_ok, uint64_t, 0) : 0) : c->abi->unknown_result;
        uint64_t cp;
        uint32_t ci;
        culprit_of(c, 0, &cp, &ci);
        add(c, fr, F_RESULT, c->abi->width == 32 ? "r0" : "x0", true, want, gpr_value(c, ev->x[0]), ev, cp, ci,
            f ? "result outside the values the ABI allows" : "an unknown function must return the ABI's error value");
    }
    uint32_t preserved = c->abi->preserve_gpr & ~(f ? f->results_mask : 0);
    for (uint32_t d = gprs_differ(c, ev->x, fr->x) & preserved; d; d &= d - 1) {
        int i = __builtin_ctz(d);
        char wb[8];
        const char *w = abi_reg_name(c->abi, i, wb, sizeof wb);
        uint64_t cp;
        uint32_t ci;
        culprit_of(c, i, &cp, &ci);
        add(c, fr, F_CLOBBER, w, true, gpr_value(c, fr->x[i]), gpr_value(c, ev->x[i]), ev, cp, ci, NULL);
    }
    if (c->track_v && fr->v_saved)
        close_sync(c);
    if (c->track_v && fr->v_saved && memcmp(c->last_v, fr->v, sizeof fr->v)) {
        uint64_t (*v)[2] = c->last_v;      /* read by close_sync */
        for (int i = 0; i < 32; i++)
            if ((c->abi->preserve_v & (1u << i)) && (v[i][0] != fr->v[i][0] || v[i][1] != fr->v[i][1])) {
                char w[8], d[96];
                snprintf(w, sizeof w, "v%d", i);
                snprintf(d, sizeof d, "%s was 0x%016" PRIx64 "%016" PRIx64 ", now 0x%016" PRIx64 "%016" PRIx64, w,
                         fr->v[i][1], fr->v[i][0], v[i][1], v[i][0]);
                uint64_t cp;
                uint32_t ci;
                culprit_of(c, 32 + i, &cp, &ci);
                add(c, fr, F_CLOBBER, w, true, fr->v[i][0], v[i][0], ev, cp, ci, d);
            }
    }
    for (int k = 0; k < 2; k++) {
        unsigned bit = k ? ST_FPSR : ST_FPCR;
        if (!(c->abi->preserve_state & bit))
            continue;
        uint64_t now = read_fpcr(c, k), was = k ? fr->fpsr : fr->fpcr;
        if (now != was)
            add(c, fr, F_STATE, k ? "FPSR" : "FPCR", true, was, now, ev, 0, 0, NULL);
    }
    if (c->o.scramble && to_site && ev->to_el == fr->from_el)
        scramble_returned(c, fr);   /* caller audit */
    /* caller state (EL1 registers): only meaningful when the call returns to the caller's EL */
    if (ev->to_el == fr->from_el) {
        unsigned ps = c->abi->preserve_state;
        uint64_t sp0 = 0, sp1 = 0;
        if (ps & (ST_SP_EL0 | ST_SP_EL1))
            machine_sp_el01(m, &sp0, &sp1);
        state_kept(c, fr, ev, ps & ST_SP_EL0, SR_SP_EL0, fr->sp_el0, sp0);
        state_kept(c, fr, ev, ps & ST_SP_EL1, SR_SP_EL1, fr->sp_el1, sp1);
        state_kept(c, fr, ev, ps & ST_ELR_EL1, SR_ELR_EL1, fr->elr_el1, m->cpu->sr[SR_ELR_EL1]);
        state_kept(c, fr, ev, ps & ST_SPSR_EL1, SR_SPSR_EL1, fr->spsr_el1, m->cpu->sr[SR_SPSR_EL1]);
        state_kept(c, fr, ev, ps & ST_TPIDR_EL1, SR_TPIDR_EL1, fr->tpidr_el1, m->cpu->sr[SR_TPIDR_EL1]);
        state_kept(c, fr, ev, ps & ST_VBAR_EL1, SR_VBAR_EL1, fr->vbar_el1, m->cpu->sr[SR_VBAR_EL1]);
        if ((c->abi->preserve_state & ST_DAIF) && (ev->spsr & PSR_DAIF) != (fr->spsr & PSR_DAIF))
            add(c, fr, F_PSTATE, "DAIF", true, fr->spsr & PSR_DAIF, ev->spsr & PSR_DAIF, ev,
                m->cpu->sr_writer[SR_SPSR_EL2], m->cpu->sr_writer_insn[SR_SPSR_EL2], "the returned SPSR changes the caller's interrupt masks");
        if ((c->abi->preserve_state & ST_SPSEL) && (ev->spsr & 1u) != (fr->spsr & 1u))
            add(c, fr, F_PSTATE, "SPSel", true, fr->spsr & 1u, ev->spsr & 1u, ev,
                m->cpu->sr_writer[SR_SPSR_EL2], m->cpu->sr_writer_insn[SR_SPSR_EL2], "the returned SPSR changes the caller's stack pointer selection");
    }
}

static void put_back(checker *c, frame *fr)
{
    /* --fuzz: the caller continues with its own values */
    for (int i = 0; fr->perturbed && i < 31; i++)
        if (fr->perturbed & (1u << i))
            machine_set_x(c->m, i, fr->saved[i]);
}

/* An exception return from EL2: closes the innermost frame (and the call, if it is one). */
static void close_frame(checker *c, const el2_event *ev)
{
    if (c->overflow) {            /* the return of an exception not followed */
        c->overflow--;
        return;
    }
    frame *fr = &c->stack[c->depth - 1];
    if (fr->is_call) {
        if (!unmasked_return(c, fr, ev))
            close_call(c, fr, ev);
        c->sync_pending = false;          /* no culprit needed it */
        drop_land_hook(c, fr);
        put_back(c, fr);
    }
    c->depth--;
    depth_changed(c);
}

void end_call(checker *c)
{
    el2_machine *m = c->m;
    frame *fr = &c->stack[0];
    for (guint i = 0; i < c->depth; i++)
        drop_land_hook(c, &c->stack[i]);
    engine_state_replaced(m->eng);   /* no ERET the engine planned for this block runs */
    for (int i = 0; i < 31; i++)
        machine_set_x(m, i, fr->perturbed & (1u << i) ? fr->saved[i] : fr->x[i]);
    if (fr->v_saved)
        for (int i = 0; i < 32; i++)
            machine_set_v(m, i, fr->v[i]);
    if (c->abi->preserve_state & (ST_FPCR | ST_FPSR)) {
        if (c->abi->preserve_state & ST_FPCR)
            engine_set_fpcr(m->eng, fr->fpcr);
        if (c->abi->preserve_state & ST_FPSR)
            engine_set_fpsr(m->eng, fr->fpsr);
    }
    sysreg_set(m->cpu, SR_ELR_EL1, fr->elr_el1);
    sysreg_set(m->cpu, SR_SPSR_EL1, fr->spsr_el1);
    sysreg_set(m->cpu, SR_TPIDR_EL1, fr->tpidr_el1);
    sysreg_set(m->cpu, SR_VBAR_EL1, fr->vbar_el1);
    machine_sp_save(m);
    m->cpu->sp_bank[0] = fr->sp_el0;
    m->cpu->sp_bank[1] = fr->sp_el1;
    m->cpu->il = false;
    machine_enter_state(m, fr->from_el, fr->spsr & (PSR_NZCV | PSR_DAIF | 1u));
    machine_set_pc(m, fr->pc + 4);
    c->sync_pending = false;
    c->depth = 0;
    c->overflow = 0;
    depth_changed(c);
}

/* The machine's events: calls open and close frames; VBAR writes are checked. */
void on_event(const el2_event *ev, void *user)
{
    checker *c = user;
    if (c->npe)                      /* several PEs: the event's PE's checker */
        c = c->pe[ev->cpu ? ev->cpu - 1 : 0];
    if (ev->kind == EV_EXC && c->depth && !c->per_insn) {
        /* an exception inside the stub: its block ran only up to the instruction that took it */
        track_sync_to(c, ev->pc);
        c->blk_end = c->blk_addr;
    }
    if (ev->kind == EV_EXC && c->unknown_marked)
        unknown_exception_entry(c, ev);
    if (ev->kind == EV_SYSREG && ev->sysreg == SR_VBAR_EL2)
        vbar_installed(c, ev);
    if (ev->kind == EV_EXC && ev->to_el == 2 && ev->exc != EXC_SEMIHOST)
        open_frame(c, ev);
    else if (ev->kind == EV_ERET && ev->from_el == 2 && c->depth)
        close_frame(c, ev);
    else if (ev->kind == EV_SYSREG && (ev->sysreg == SR_VBAR_EL2 || ev->sysreg == SR_VBAR_EL1))
        vbar_checked(c, ev);
    else if (ev->kind == EV_SYSREG && (ev->sysreg == SR_ELR_EL2 || ev->sysreg == SR_SPSR_EL2) && c->depth)
        return_state_msr(c, ev);
}

static void pe_finish(checker *c);

void checker_finish(checker *c)
{
    if (!c->npe) {
        pe_finish(c);
        return;
    }
    /* several PEs: each PE's open calls, read through that PE (the run's end is the stop
     * of the PE that ended it) */
    el2_machine *m = c->m;
    el2_cpu *cur = m->cpu;
    for (unsigned i = 0; i < c->npe; i++) {
        machine_focus(m, i);
        c->pe[i]->end_cpu = cur;
        pe_finish(c->pe[i]);
        c->pe[i]->end_cpu = NULL;
    }
    machine_focus(m, cur->index);
}

static void pe_finish(checker *c)
{
    el2_machine *m = c->m;
    el2_cpu *end = c->end_cpu ? c->end_cpu : m->cpu;
    char d[256];
    /* an exception stuck inside the stub is the root cause: report it, not "no return" */
    bool nested = c->depth > 1;
    for (guint i = 0; i < c->depth; i++) {
        frame *fr = &c->stack[i];
        const char *why = end->stop_msg ? end->stop_msg : stop_name(end->stop);
        if (fr->is_call && nested) {
            drop_land_hook(c, fr);
        } else if (fr->is_call) {
            abi_contract con = fr->f ? fr->f->contract : CONTRACT_RETURNS;
            drop_land_hook(c, fr);
            if (con == CONTRACT_RETURNS) {
                snprintf(d, sizeof d, "the run ended inside the call: %s", why);
                add(c, fr, F_NO_RETURN, "pc", false, 0, machine_pc(m), NULL, 0, 0, d);
            } else if (con == CONTRACT_LANDS) {
                uint64_t pc = machine_pc(m);
                if (m->cpu->stop == STOP_AT && pc == fr->lands) {
                    /* stopped at the landing (a scenario's lands =, --stop-at) before its
                     * code hook ran: that is the landing, and it is checked */
                    landed_by_branch(c, fr, pc);
                } else {
                    snprintf(d, sizeof d, "never reached the landing address 0x%" PRIx64 ": %s", fr->lands, why);
                    add(c, fr, F_LANDING, "pc", true, fr->lands, pc, NULL, 0, 0, d);
                }
            }
        } else {
            const frame *call = &c->stack[0];
            snprintf(d, sizeof d, "%s taken at EL%u inside the stub was never returned from (%s)",
                     exc_kind_name(fr->exc), fr->from_el, why);
            add(c, call->is_call ? call : NULL, F_EXC_IN_STUB, exc_kind_name(fr->exc), false, 0, fr->pc, NULL,
                fr->pc, fr->insn, d);
        }
    }
    c->depth = 0;
    c->overflow = 0;
    depth_changed(c);
}
