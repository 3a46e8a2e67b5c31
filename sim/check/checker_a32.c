/* checker_a32.c - the ABI checker for an AArch32 caller (models with width=32, such as
 * the 32-bit ARM hyp-stub's): registers compared as 32 bits, instructions shown as A32
 * or T32, and which register an A32 instruction of the stub writes (the culprit search). */
#include "checker_int.h"
#include "disasm.h"
#include "aarch32.h"
#include "hyp32.h"
#include "words.h"

uint32_t gprs_differ(const checker *c, const uint64_t *a, const uint64_t *b)
{
    if (c->abi->width != 32)
        return words_differ(a, b, 31);
    uint32_t d = 0;
    for (int i = 0; i < 31; i++)
        if ((uint32_t)a[i] != (uint32_t)b[i])
            d |= 1u << i;
    return d;
}

/* SPSR.M[4] is the execution state the exception came from (1: AArch32), SPSR.T (bit 5)
 * its instruction set (Arm ARM, SPSR_EL2 and SPSR_hyp). */
finding_isa caller_isa(const checker *c, uint32_t spsr)
{
    (void)c;
    if (!(spsr & 0x10))
        return ISA_A64;
    return spsr & 0x20 ? ISA_T32 : ISA_A32;
}

/* The stub runs at EL2: AArch64, or on the Hyp-mode machine in Hyp mode, whose exception
 * entries set PSTATE.T = HSCTLR.TE (AArch32.EnterHypMode; HSCTLR = SCTLR_EL2<31:0>). */
finding_isa stub_isa(const checker *c)
{
    const el2_cpu *cpu = c->m->cpu;
    if (!hyp32(cpu))
        return ISA_A64;
    return cpu->sr[SR_SCTLR_EL2] & (1u << 30) ? ISA_T32 : ISA_A32;
}

/* HVBAR<4:0> and VBAR<4:0> are RES0: an AArch32 vector table is 8 words, 32-byte aligned
 * (Arm ARM G8, HVBAR and VBAR); VBAR_EL2's and VBAR_EL1's 2 KiB rule does not apply to
 * them. On the Hyp-mode machine both are written from AArch32; VBAR also by an AArch32
 * EL1 under an AArch64 EL2. */
bool hvbar_checked(checker *c, const el2_event *ev)
{
    el2_machine *m = c->m;
    bool hyp = ev->sysreg == SR_VBAR_EL2;
    if (!(hyp ? hyp32(m->cpu) : ev->sysreg == SR_VBAR_EL1 && (hyp32(m->cpu) || m->cpu->aarch32)))
        return false;
    const char *name = hyp ? "HVBAR" : "VBAR";
    const frame *fr = c->depth && c->stack[0].is_call ? &c->stack[0] : NULL;
    uint32_t v = (uint32_t)ev->raw, probe;
    if (v & 0x1f)
        add(c, fr, F_VBAR_ALIGN, name, true, v & ~0x1fu, v, NULL, ev->pc, ev->insn,
            "AArch32 vector tables are 32-byte aligned: bits 4:0 are RES0 and the entries would not be where the "
            "code is");
    unsigned el = hyp ? 2 : 1;
    if (!machine_vread_el(m, el, v & ~0x1fu, &probe, 4) || !machine_vread_el(m, el, (v & ~0x1fu) + 0x1c, &probe, 4))
        add(c, fr, F_VBAR_UNMAPPED, name, false, 0, v, NULL, ev->pc, ev->insn, "the vector table is not in mapped memory");
    return true;
}

/* MSR (banked register), A1: cond 00010 R 10 M1 1111 001 M 0000 Rn (Arm ARM F5, "MSR
 * (Banked register)"); SYSm = M:M1 names the register written (R = 0; R = 1: an SPSR). */
#define A32_MSR_BANKED_MASK 0x0fb0fef0u
#define A32_MSR_BANKED      0x0120f200u

/* The banked register SYSm names, by its AArch64 number (-1: none of X0-X30) */
static int banked_reg(unsigned sysm)
{
    if (sysm <= 6)
        return 8 + (int)sysm;                     /* R8_usr-R12_usr, SP_usr 13, LR_usr 14 */
    if (sysm >= 8 && sysm <= 14)
        return 24 + (int)(sysm - 8);              /* R8_fiq-R12_fiq, SP_fiq 29, LR_fiq 30 */
    if (sysm >= 16 && sysm <= 23)
        return 16 + (int)(sysm - 16);             /* LR_irq 16, SP_irq, LR_svc, SP_svc, ... SP_und 23 */
    if (sysm == 31)
        return 15;                                /* SP_hyp */
    return -1;                                    /* LR_mon, SP_mon, ELR_hyp */
}

/* MSR (banked register), T1: 11110011100 R Rn | 1000 M1 00 M 1 0000 */
#define T32_MSR_BANKED_HW1 0xf380u
#define T32_MSR_BANKED_HW2 0x8010u

/* Capstone (ARM and Thumb, details on) for the registers an instruction writes */
static csh a32_cs[2];
static int a32_open[2];

/* insn in the Arm ARM's notation (T32: a 16-bit one in bits 15:0, a 32-bit one hw1:hw2) */
static bool writes(uint64_t pc, uint32_t insn, bool thumb, int n)
{
    if (!thumb && (insn & A32_MSR_BANKED_MASK) == A32_MSR_BANKED && !(insn & (1u << 22))) {
        unsigned sysm = ((insn >> 8 & 1) << 4) | (insn >> 16 & 0xf);
        return banked_reg(sysm) == n;
    }
    if (thumb && (insn >> 16 & 0xfff0) == T32_MSR_BANKED_HW1 && (insn & 0xf0df) == T32_MSR_BANKED_HW2) {
        unsigned sysm = ((insn >> 5 & 1) << 4) | (insn >> 8 & 0xf);
        return banked_reg(sysm) == n;
    }
    int k = thumb;
    if (!a32_open[k]) {
        a32_open[k] = cs_open(CS_ARCH_ARM, thumb ? CS_MODE_THUMB : CS_MODE_ARM, &a32_cs[k]) == CS_ERR_OK ? 1 : -1;
        if (a32_open[k] == 1)
            cs_option(a32_cs[k], CS_OPT_DETAIL, CS_OPT_ON);
    }
    uint8_t b[4];
    size_t len = 4;
    if (thumb && !(insn >> 16)) {
        b[0] = insn & 0xff, b[1] = insn >> 8 & 0xff, len = 2;
    } else if (thumb) {
        b[0] = insn >> 16 & 0xff, b[1] = insn >> 24, b[2] = insn & 0xff, b[3] = insn >> 8 & 0xff;
    } else {
        b[0] = insn & 0xff, b[1] = insn >> 8 & 0xff, b[2] = insn >> 16 & 0xff, b[3] = insn >> 24;
    }
    cs_insn *ci = NULL;
    if (a32_open[k] != 1 || cs_disasm(a32_cs[k], b, len, pc, 1, &ci) != 1)
        return false;
    bool hit = false;
    cs_regs rd, wr;
    uint8_t nrd = 0, nwr = 0;
    if (cs_regs_access(a32_cs[k], ci, rd, &nrd, wr, &nwr) == CS_ERR_OK)
        for (unsigned k = 0; k < nwr && !hit; k++) {
            uint16_t r = wr[k];
            int x = r >= ARM_REG_R0 && r <= ARM_REG_R12 ? (int)(r - ARM_REG_R0)
                  : r == ARM_REG_SP ? 15                     /* in Hyp mode: SP_hyp */
                  : r == ARM_REG_LR ? 14 : -1;               /* in Hyp mode: LR_usr */
            hit = x == n;
        }
    cs_free(ci, 1);
    return hit;
}

bool a32_writes(const checker *c, uint64_t pc, uint32_t insn, int n)
{
    (void)c;
    return writes(pc, insn, false, n);
}

uint64_t a32_last_writer(checker *c, uint64_t lo, uint64_t hi, int n, uint32_t *insn)
{
    bool thumb = stub_isa(c) == ISA_T32;
    uint64_t found = 0, last = lo;
    uint32_t found_insn = 0, last_insn = 0;
    for (uint64_t a = lo; a < hi;) {
        uint32_t w = machine_vinsn_at_el(c->m, 2, a), i = w;
        unsigned size = 4;
        if (thumb) {          /* the halfword at a first; a 32-bit T32 one as hw1:hw2 */
            size = aarch32_t32_size((uint16_t)w);
            i = size == 4 ? (w & 0xffff) << 16 | w >> 16 : (w & 0xffff);
        }
        last = a, last_insn = i;
        if (writes(a, i, thumb, n))
            found = a, found_insn = i;
        a += size;
    }
    if (!found)               /* none decodes as writing it: the range's last instruction */
        found = last, found_insn = last_insn;
    *insn = found_insn;
    return found;
}

const char *finding_insn_text(const el2_symtab *st, finding_isa isa, uint64_t pc, uint32_t insn, char *buf, size_t n)
{
    if (isa == ISA_A64)
        return disasm_sym(st, pc, insn, buf, n);
    return disasm_a32(pc, insn, isa == ISA_T32, buf, n);
}
