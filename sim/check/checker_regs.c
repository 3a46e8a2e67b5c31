/* checker_regs.c - which instruction last wrote each register while a call is open.
 * Per block (the default), a block hook diffs the GPRs (and V0-V31 when the ABI preserves
 * them) at every block start and keeps, per register, the block range where it changed;
 * when a finding needs the culprit, Capstone finds the last instruction of that range
 * that writes it. --scramble-clobbers and --relocate-vectors track per instruction. */
#include "checker_int.h"
#include "words.h"
#include <string.h>

G_GNUC_NO_INLINE void reread_fpcr(checker *c)
{
    el2_machine *m = c->m;
    c->fpc[0] = engine_fpcr(m->eng);
    c->fpc[1] = engine_fpsr(m->eng);
    /* mid-block, the rest of a block that touches them may still change them */
    c->fpc_gen = m->cpu->fp_gen - (m->cpu->cur_blk_fp ? 1 : 0);
}

/* Capstone with details, for the registers an instruction reads and writes. */
csh detail_cs;
static int detail_open;   /* 0 not yet, 1 ok, -1 failed */

cs_insn *decode_detail(uint64_t pc, uint32_t insn)
{
    if (!detail_open) {
        detail_open = cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &detail_cs) == CS_ERR_OK ? 1 : -1;
        if (detail_open == 1)
            cs_option(detail_cs, CS_OPT_DETAIL, CS_OPT_ON);
    }
    uint8_t b[4] = { insn & 0xff, insn >> 8 & 0xff, insn >> 16 & 0xff, insn >> 24 };
    cs_insn *ci = NULL;
    if (detail_open != 1 || cs_disasm(detail_cs, b, 4, pc, 1, &ci) != 1)
        return NULL;
    return ci;
}

/* Capstone register -> 0..30 for xN/wN, 32..63 for vN (any width), -1 otherwise. */
int cs_reg_num(uint16_t r)
{
    if (r >= ARM64_REG_X0 && r <= ARM64_REG_X28)
        return r - ARM64_REG_X0;
    if (r == ARM64_REG_X29)
        return 29;
    if (r == ARM64_REG_X30)
        return 30;
    if (r >= ARM64_REG_W0 && r <= ARM64_REG_W30)
        return r - ARM64_REG_W0;
    static const uint16_t banks[] = { ARM64_REG_V0, ARM64_REG_Q0, ARM64_REG_D0, ARM64_REG_S0, ARM64_REG_H0, ARM64_REG_B0 };
    for (unsigned i = 0; i < G_N_ELEMENTS(banks); i++)
        if (r >= banks[i] && r < banks[i] + 32)
            return 32 + r - banks[i];
    return -1;
}

/* A register changed: per instruction, by the last tracked one; per block, somewhere in
 * [blk_addr, end) (resolved by culprit_of). */
static void note_change(checker *c, int n, uint64_t end)
{
    uint64_t *wp = n < 32 ? &c->writer[n] : &c->writer_v[n - 32];
    uint32_t *wi = n < 32 ? &c->writer_insn[n] : &c->writer_v_insn[n - 32];
    if (c->per_insn) {
        if (c->last_pc) {
            *wp = c->last_pc;
            *wi = c->last_insn;
            c->wset |= 1ULL << n;
        }
    } else if (c->blk_addr && end > c->blk_addr) {
        *wp = 0;
        c->wlo[n] = c->blk_addr;
        c->whi[n] = end;
        c->wset |= 1ULL << n;
    }
}

/* Attributes register changes since the last sync: to the last tracked instruction, or
 * (per block) to the instructions of the current block before `end`. block_done as for
 * refresh_v. */
static void track_sync_blk(checker *c, uint64_t end, bool block_done)
{
    uint64_t buf[31];
    /* the engine's registers, when reachable; in AArch32 they are the executor's R
     * registers, which only the port's read (a32_sync_up) maps onto X0-X30 */
    const uint64_t *x = stub_isa(c) == ISA_A64 ? engine_live_gprs(c->m->eng) : NULL;
    if (!x) {
        read_x(c->m, buf);
        x = buf;
    }
    const uint64_t *last = c->last_x_is_call ? c->stack[0].x : c->last_x;
    uint32_t diff = words_differ(x, last, 31);
    if (diff) {
        for (; diff; diff &= diff - 1)
            note_change(c, __builtin_ctz(diff), end);
        memcpy(c->last_x, x, sizeof c->last_x);
        c->last_x_is_call = false;
    }
    if (c->track_v && (c->v_gen != c->m->cpu->fp_gen || c->per_insn)) {
        uint64_t was[32][2];
        memcpy(was, c->last_v, sizeof was);
        refresh_v(c, block_done);
        if (memcmp(was, c->last_v, sizeof was))
            for (int i = 0; i < 32; i++)
                if (c->last_v[i][0] != was[i][0] || c->last_v[i][1] != was[i][1])
                    note_change(c, 32 + i, end);
    }
}

void track_sync_to(checker *c, uint64_t end)
{
    track_sync_blk(c, end, false);
}

static void track_sync(checker *c)
{
    track_sync_to(c, c->blk_end);
}

/* The register sync up to the returning instruction that close_call left pending. */
void close_sync(checker *c)
{
    if (c->sync_pending) {
        c->sync_pending = false;
        track_sync_to(c, c->sync_end);
    }
}

/* The instruction that last wrote register n (0-30 GPRs, 32-63 V) before a finding. */
void culprit_of(checker *c, int n, uint64_t *pc, uint32_t *insn)
{
    close_sync(c);
    uint64_t *wp = n < 32 ? &c->writer[n] : &c->writer_v[n - 32];
    uint32_t *wi = n < 32 ? &c->writer_insn[n] : &c->writer_v_insn[n - 32];
    if (!*wp && c->whi[n] > c->wlo[n]) {
        /* the last instruction of the block range that writes it (else the range's last);
           the range is code the stub ran, at EL2: its addresses are EL2's VAs */
        if (stub_isa(c) != ISA_A64) {           /* an AArch32 (Hyp mode) stub: A32 or T32 */
            *wp = a32_last_writer(c, c->wlo[n], c->whi[n], n, wi);
            c->wset |= 1ULL << n;
            c->wlo[n] = c->whi[n] = 0;
            *pc = *wp;
            *insn = *wi;
            return;
        }
        uint64_t found = c->whi[n] - 4;
        for (uint64_t a = c->whi[n]; a > c->wlo[n];) {
            a -= 4;
            uint32_t w = machine_vinsn_at_el(c->m, 2, a);
            cs_insn *ci = decode_detail(a, w);
            bool hit = false;
            cs_regs rd, wr;
            uint8_t nrd = 0, nwr = 0;
            if (ci && cs_regs_access(detail_cs, ci, rd, &nrd, wr, &nwr) == CS_ERR_OK)
                for (unsigned k = 0; k < nwr && !hit; k++)
                    hit = cs_reg_num(wr[k]) == n;
            if (ci)
                cs_free(ci, 1);
            if (hit) {
                found = a;
                break;
            }
        }
        *wp = found;
        c->wset |= 1ULL << n;
        *wi = machine_vinsn_at_el(c->m, 2, found);
        c->wlo[n] = c->whi[n] = 0;
    }
    *pc = *wp;
    *insn = *wi;
}

void on_block(const el2_blockinfo *b, void *user)
{
    checker *c = pe_checker(user);
    if (!c->per_insn) {
        if (c->depth && !c->fresh)
            track_sync_blk(c, c->blk_end, true);   /* the previous block ran to its end */
        c->fresh = false;
        c->blk_addr = b->addr;
        c->blk_end = b->addr + b->size;
    }
    if (b->touches_fp && c->track_v && c->depth && c->stack[0].is_call && !c->stack[0].v_saved) {
        /* the call's first code that may change V0-V31: until now they are as the call
         * found them, which last_v holds (no such block ran since it was read) */
        refresh_v(c, true);
        memcpy(c->stack[0].v, c->last_v, sizeof c->stack[0].v);
        c->stack[0].v_saved = true;
    }
}

void hook_track(uint64_t addr, void *user)
{
    checker *c = user;
    if (c->scr_mask | c->scr_vmask)
        scramble_watch(c, addr);
    if (!c->depth)
        return;
    if (c->copy) {
        relocation_fetch(c, addr);
        if (!c->depth)
            return;               /* the call was ended there */
    }
    track_sync(c);
    c->last_pc = addr;
    c->last_insn = machine_vinsn_at(c->m, addr);
}
