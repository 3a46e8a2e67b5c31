/* timing.c - the "cycle-accurate-ish" cost model: each instruction is priced by class
 * from the CPU model's [timing] table; no caches, no out-of-order overlap. */
#include "timing.h"
#include "vmem.h"

/* Decode just enough of the A64 encoding to price it (Arm ARM C4.1 "A64 instruction
 * set encoding" top-level groups). */
el2_insn_class timing_classify(uint32_t insn)
{
    uint32_t op0 = (insn >> 25) & 0xf;
    if ((op0 & 0xe) == 0xa) {                      /* branches, exceptions, system */
        if ((insn & 0xfffff0ff) == 0xd50330df)     /* ISB */
            return IC_ISB;
        if ((insn & 0xfffff0ff) == 0xd503309f)     /* DSB */
            return IC_DSB;
        if ((insn & 0xfffff0ff) == 0xd50330bf)     /* DMB */
            return IC_DMB;
        if ((insn & 0xffe00000) == 0xd5200000)     /* MRS */
            return IC_SYSREG_READ;
        if ((insn & 0xffe00000) == 0xd5000000) {   /* MSR (register), SYS, MSR (imm), hints */
            uint32_t o0 = (insn >> 19) & 3;
            if (o0 == 0)
                return IC_ALU;                     /* hints, MSR immediate, barriers */
            if (o0 == 3 && ((insn >> 16) & 7) == 4) /* op1 == 4: EL2 registers */
                return IC_SYSREG_WRITE_SERIAL;
            return IC_SYSREG_WRITE;
        }
        if ((insn & 0xff000000) == 0xd4000000)     /* exception generation */
            return IC_BRANCH;
        return IC_BRANCH;
    }
    if ((op0 & 0x5) == 0x4) {                      /* loads and stores */
        if ((insn & 0x3b000000) == 0x18000000)     /* LDR/LDRSW/PRFM (literal): no L bit */
            return IC_LOAD;
        if ((insn & 0x3b200c00) == 0x38200000)     /* atomic memory operations: read first */
            return IC_LOAD;
        if ((insn & 0x3a000000) == 0x38000000 && !(insn & (1u << 26)) && (insn & (1u << 23)))
            return IC_LOAD;                        /* load/store register, opc 1x: LDRS*, PRFM */
        /* exclusives, pairs, SIMD structures, the rest of load/store register: L = bit 22
         * (opc x1 for registers) */
        return (insn >> 22) & 1 ? IC_LOAD : IC_STORE;
    }
    if ((op0 & 0x7) == 0x7)                        /* SIMD and FP */
        return IC_FP;
    if ((op0 & 0x7) == 0x5 && (insn & 0x1f000000) == 0x1b000000) /* DP 3-source: MADD.. */
        return IC_MUL;
    if ((insn & 0x5fe0f800) == 0x1ac00800)         /* UDIV/SDIV */
        return IC_DIV;
    return IC_ALU;
}

uint32_t timing_block_cost(const el2_cpu_model *c, const uint32_t *insns, uint32_t n)
{
    uint32_t sum = 0;
    for (uint32_t i = 0; i < n; i++)
        sum += c->cost[timing_classify(insns[i])];
    return sum;
}

static uint64_t remaining(const el2_cpu *c, uint64_t pc)
{
    uint64_t end = c->last_blk_addr + c->last_blk_size;
    if (pc >= c->last_blk_addr && pc < end)
        return (end - pc) / 4;
    return 0;
}

uint64_t cpu_insns_at(const el2_cpu *c, uint64_t pc)
{
    return c->insns - remaining(c, pc);
}

static G_GNUC_NO_INLINE uint64_t cost_decoded(const el2_cpu *c, uint64_t pc, uint64_t r)
{
    uint64_t sum = 0;
    for (uint64_t a = pc; r; r--, a += 4)
        sum += c->model->cost[timing_classify(cpu_vinsn_at((el2_cpu *)c, a))];
    return sum;
}

/* The cost of the current block's r instructions from pc on, priced as the block was. */
static inline uint64_t cost_from(const el2_cpu *c, uint64_t pc, uint64_t r)
{
    if (r == 1 && pc == c->tail_pc)          /* the block's last instruction, priced at learning */
        return c->tail_cost;
    return r ? cost_decoded(c, pc, r) : 0;
}

/* The cycle count before the instruction at pc: the current block was counted whole
 * when it started, so the cost of its instructions from pc on is taken back (a stop in
 * mid-block, as gdb's step, takes back the same). */
uint64_t cpu_cycles_at(const el2_cpu *c, uint64_t pc)
{
    return c->cycles - cost_from(c, pc, remaining(c, pc));
}

uint64_t cpu_cycles_now(const el2_cpu *c)
{
    return cpu_cycles_at(c, c->hook_pc) + c->cycle_bias;
}

void cpu_take_back(el2_cpu *c, uint64_t pc)
{
    uint64_t r = remaining(c, pc);
    if (!r || (pc - c->last_blk_addr) % 4)
        return;
    c->insns -= r;
    c->cycles -= cost_from(c, pc, r);
    c->last_blk_size = (uint32_t)(pc - c->last_blk_addr);
}

void cpu_stamp(const el2_cpu *c, el2_event *ev, uint64_t pc)
{
    uint64_t r = remaining(c, pc);
    ev->insns = c->insns - r;
    ev->cycles = c->cycles - cost_from(c, pc, r);
    /* in AArch32: the mode and instruction set of the event (el2_event.a32), marked when
     * EL2 is AArch64 */
    ev->a32 = c->aarch32 && c->port->cpsr ? (uint8_t)(0x80u | (c->a32_machine ? 0 : EV_A32_UNDER_A64) |
                                                      (c->port->cpsr(c->port_ctx) & 0x3fu))
                                          : 0;
}
