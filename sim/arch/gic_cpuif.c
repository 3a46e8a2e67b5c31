/* gic_cpuif.c - the GICv3 CPU interface as system registers (Arm IHI 0069 chapter 12.2
 * "AArch64 System register descriptions of the CPU interface", 12.3 the virtual
 * interface ICV_*, 12.4 the hypervisor control registers ICH_*): the sysreg_ops of the
 * ICC_* and ICH_* rows of sysreg_list.h, the virtual interface's list registers, its
 * virtual IRQ and the maintenance interrupt. Group 1 only (gic.h). */
#include "gic.h"
#include "irq.h"
#include "sysreg.h"

/* ---- the virtual interface's state: ICH_VMCR_EL2, ICH_LR<n>_EL2, ICH_AP1R0_EL2 ---- */

#define VMCR_VENG1     (1ULL << 1)
#define VMCR_VCBPR     (1ULL << 4)
#define VMCR_VEOIM     (1ULL << 9)
#define VMCR_VBPR1_SH  18
#define VMCR_VBPR0_SH  21
#define VMCR_VPMR_SH   24

#define LR_EOI         (1ULL << 41)    /* HW == 0: maintenance interrupt on deactivation */
#define LR_GROUP       (1ULL << 60)
#define LR_HW          (1ULL << 61)
#define LR_PENDING     (1ULL << 62)
#define LR_ACTIVE      (1ULL << 63)
#define LR_STATE       (LR_PENDING | LR_ACTIVE)

#define ICH_HCR_EN       (1ULL << 0)
#define ICH_HCR_UIE      (1ULL << 1)
#define ICH_HCR_LRENPIE  (1ULL << 2)
#define ICH_HCR_NPIE     (1ULL << 3)
#define ICH_HCR_VGRP1EIE (1ULL << 6)
#define ICH_HCR_VGRP1DIE (1ULL << 7)
#define ICH_HCR_EOICOUNT_SH 27

#define PRIO_MASK 0xf8u    /* 5 bits of priority (ICH_VTR_EL2.PRIbits, ICC_CTLR_EL1.PRIbits) */
#define BPR1_MIN  3u       /* the smallest Group 1 binary point with 5 bits of preemption */

static unsigned lr_prio(uint64_t lr) { return (unsigned)(lr >> 48) & 0xff; }
static unsigned lr_vintid(uint64_t lr) { return (uint32_t)lr; }
static unsigned lr_pintid(uint64_t lr) { return (unsigned)(lr >> 32) & 0x1fff; }

/* ICH_VTR_EL2.ListRegs + 1 list registers (the CPU model's: 4 on Neoverse N1) */
static unsigned num_lrs(const el2_cpu *c) { return (unsigned)(c->sr[SR_ICH_VTR_EL2] & 0x1f) + 1; }
static uint64_t *lr_reg(el2_cpu *c, unsigned n) { return &c->sr[SR_ICH_LR0_EL2 + n]; }

static uint64_t vmcr(const el2_cpu *c) { return c->sr[SR_ICH_VMCR_EL2]; }
static unsigned vpmr(const el2_cpu *c) { return (unsigned)(vmcr(c) >> VMCR_VPMR_SH) & 0xff; }
static unsigned vbpr1(const el2_cpu *c) { return (unsigned)(vmcr(c) >> VMCR_VBPR1_SH) & 7; }

/* The virtual running priority: the highest active priority in ICH_AP0R0_EL2 and
 * ICH_AP1R0_EL2 (bit n: group priority n << 3), idle 0xff */
static unsigned virt_running_priority(const el2_cpu *c)
{
    uint32_t ap = (uint32_t)(c->sr[SR_ICH_AP0R0_EL2] | c->sr[SR_ICH_AP1R0_EL2]);
    return ap ? (unsigned)__builtin_ctz(ap) << 3 : 0xff;
}

/* The highest priority pending virtual interrupt (IHI 0069 4.1.2, the pseudocode's
 * VirtualHighestPriorityPending): a list register in the pending state whose group is
 * enabled (ICH_VMCR_EL2.VENG1; Group 0 list registers are not modelled and never
 * chosen), lowest priority value first, ties to the lowest list register. -1: none. */
static int hppvi(el2_cpu *c)
{
    int best = -1;
    unsigned prio = 0xff;
    if (!(vmcr(c) & VMCR_VENG1))
        return -1;
    for (unsigned n = 0; n < num_lrs(c); n++) {
        uint64_t lr = *lr_reg(c, n);
        if ((lr & LR_STATE) != LR_PENDING || !(lr & LR_GROUP))
            continue;
        if (lr_prio(lr) < prio) {
            prio = lr_prio(lr);
            best = (int)n;
        }
    }
    return best;
}

/* Can it be signalled: ICH_HCR_EL2.En, priority above ICH_VMCR_EL2.VPMR, group
 * priority above the virtual running priority (CanSignalVirtualInterrupt) */
static bool virt_can_signal(el2_cpu *c, uint64_t lr)
{
    if (!(c->sr[SR_ICH_HCR_EL2] & ICH_HCR_EN) || lr_prio(lr) >= vpmr(c))
        return false;
    unsigned rpr = virt_running_priority(c);
    return rpr == 0xff || gic_group_priority((uint8_t)lr_prio(lr), vbpr1(c)) < rpr;
}

bool gic_virq_signalled(el2_cpu *c)
{
    if (!c->gic)
        return false;
    int n = hppvi(c);
    if (n < 0 || !virt_can_signal(c, *lr_reg(c, n)))
        return false;
    c->gic->virq_intid = lr_vintid(*lr_reg(c, n));
    return true;
}

/* ICH_EISR_EL2: list registers with an EOI maintenance request (State invalid, HW 0,
 * EOI 1); ICH_ELRSR_EL2: empty ones (State invalid and HW 1 or EOI 0) */
static uint64_t eisr(el2_cpu *c)
{
    uint64_t v = 0;
    for (unsigned n = 0; n < num_lrs(c); n++) {
        uint64_t lr = *lr_reg(c, n);
        if (!(lr & LR_STATE) && !(lr & LR_HW) && (lr & LR_EOI))
            v |= 1ULL << n;
    }
    return v;
}

static uint64_t elrsr(el2_cpu *c)
{
    uint64_t v = 0;
    for (unsigned n = 0; n < num_lrs(c); n++) {
        uint64_t lr = *lr_reg(c, n);
        if (!(lr & LR_STATE) && ((lr & LR_HW) || !(lr & LR_EOI)))
            v |= 1ULL << n;
    }
    return v;
}

/* ICH_MISR_EL2 (IHI 0069 12.4.9): EOI [0] (ICH_EISR_EL2 != 0), U [1] (UIE and at most
 * one valid list register), LRENP [2] (LRENPIE and EOIcount != 0), NP [3] (NPIE and no
 * list register pending), VGrp1E [6] / VGrp1D [7] (VGrp1EIE / VGrp1DIE and VENG1 set /
 * clear). The Group 0 conditions (VGrp0E/D) are not modelled (0). */
static uint64_t misr(el2_cpu *c)
{
    uint64_t hcr = c->sr[SR_ICH_HCR_EL2], v = eisr(c) ? 1 : 0;
    unsigned valid = 0;
    bool pending = false;
    for (unsigned n = 0; n < num_lrs(c); n++) {
        uint64_t lr = *lr_reg(c, n);
        valid += (lr & LR_STATE) != 0;
        pending |= (lr & LR_STATE) == LR_PENDING;
    }
    if ((hcr & ICH_HCR_UIE) && valid <= 1)
        v |= 1 << 1;
    if ((hcr & ICH_HCR_LRENPIE) && (hcr >> ICH_HCR_EOICOUNT_SH))
        v |= 1 << 2;
    if ((hcr & ICH_HCR_NPIE) && !pending)
        v |= 1 << 3;
    if ((hcr & ICH_HCR_VGRP1EIE) && (vmcr(c) & VMCR_VENG1))
        v |= 1 << 6;
    if ((hcr & ICH_HCR_VGRP1DIE) && !(vmcr(c) & VMCR_VENG1))
        v |= 1 << 7;
    return v;
}

bool gic_maint_asserted(el2_cpu *c)
{
    return c->gic && (c->sr[SR_ICH_HCR_EL2] & ICH_HCR_EN) && misr(c) != 0;
}

/* ---- the virtual CPU interface (ICV_*) ---- */

/* ICC_* at EL1 reach the virtual interface with HCR_EL2.IMO (the Group 1 registers) or
 * IMO/FMO (the common ones: PMR, CTLR, RPR, DIR) set (IHI 0069 12.2, each register's
 * "Accessing" pseudocode: "if EL2Enabled() && HCR_EL2.IMO == '1' then return ICV_...") */
static bool icv_view(el2_cpu *c, bool common)
{
    uint64_t hcr = c->sr[SR_HCR_EL2];
    return c->el == 1 && sysreg_el2_enabled(c) && (hcr & (common ? HCR_IMO | HCR_FMO : HCR_IMO));
}

static void virt_deactivate(el2_cpu *c, unsigned n)
{
    uint64_t *lr = lr_reg(c, n);
    if (*lr & LR_HW)                      /* the physical interrupt goes with it */
        gic_deactivate(c, lr_pintid(*lr));
    *lr &= ~LR_ACTIVE;
}

/* The list register holding vINTID intid active (or active and pending), -1: none */
static int find_active(el2_cpu *c, unsigned intid)
{
    for (unsigned n = 0; n < num_lrs(c); n++) {
        uint64_t lr = *lr_reg(c, n);
        if ((lr & LR_ACTIVE) && lr_vintid(lr) == intid)
            return (int)n;
    }
    return -1;
}

static void eoicount_increment(el2_cpu *c)
{
    uint64_t hcr = c->sr[SR_ICH_HCR_EL2];
    uint64_t count = ((hcr >> ICH_HCR_EOICOUNT_SH) + 1) & 0x1f;
    c->sr[SR_ICH_HCR_EL2] = (hcr & ~(0x1fULL << ICH_HCR_EOICOUNT_SH)) | count << ICH_HCR_EOICOUNT_SH;
}

/* ICV_IAR1_EL1: the HPPVI, if it can be signalled, becomes active and its group
 * priority is set in ICH_AP1R0_EL2; 1023 otherwise */
static unsigned icv_iar1(el2_cpu *c, bool acknowledge)
{
    int n = hppvi(c);
    if (n < 0 || !virt_can_signal(c, *lr_reg(c, n)))
        return INTID_SPURIOUS;
    uint64_t *lr = lr_reg(c, n);
    unsigned id = lr_vintid(*lr);
    if (acknowledge) {
        *lr = (*lr & ~LR_STATE) | LR_ACTIVE;
        c->sr[SR_ICH_AP1R0_EL2] |= 1ULL << (gic_group_priority((uint8_t)lr_prio(*lr), vbpr1(c)) >> 3);
        irq_touch(c);
    }
    return id;
}

/* ICV_EOIR1_EL1: priority drop (the highest active bit of ICH_AP0R0/AP1R0_EL2; nothing
 * active: the write is ignored, a CONSTRAINED UNPREDICTABLE choice QEMU 7.2 makes too);
 * with ICH_VMCR_EL2.VEOIM == 0 also the deactivation of the list register holding the
 * vINTID, or EOIcount + 1 when none does */
static void icv_eoir1(el2_cpu *c, unsigned intid)
{
    uint64_t *ap0 = &c->sr[SR_ICH_AP0R0_EL2], *ap1 = &c->sr[SR_ICH_AP1R0_EL2];
    if (intid >= GIC_NINTID || !((*ap0 | *ap1) & 0xffffffff))
        return;
    unsigned b0 = *ap0 ? (unsigned)__builtin_ctzll(*ap0) : 64, b1 = *ap1 ? (unsigned)__builtin_ctzll(*ap1) : 64;
    if (b0 <= b1)
        *ap0 &= *ap0 - 1;
    else
        *ap1 &= *ap1 - 1;
    if (vmcr(c) & VMCR_VEOIM)
        return;
    int n = find_active(c, intid);
    if (n < 0)
        eoicount_increment(c);
    else
        virt_deactivate(c, (unsigned)n);
}

/* ICV_DIR_EL1: with VEOIM == 1 deactivates the vINTID's list register (EOIcount + 1
 * when none holds it); ignored with VEOIM == 0 */
static void icv_dir(el2_cpu *c, unsigned intid)
{
    if (intid >= GIC_NINTID || !(vmcr(c) & VMCR_VEOIM))
        return;
    int n = find_active(c, intid);
    if (n < 0)
        eoicount_increment(c);
    else
        virt_deactivate(c, (unsigned)n);
}

static void set_vmcr_field(el2_cpu *c, unsigned sh, uint64_t mask, uint64_t v)
{
    c->sr[SR_ICH_VMCR_EL2] = (vmcr(c) & ~(mask << sh)) | (v & mask) << sh;
}

/* ---- the physical CPU interface ---- */

#define ICC_CTLR_EOIMODE (1ULL << 1)

/* ICC_EOIR1_EL1: priority drop, and with ICC_CTLR_EL1.EOImode == 0 deactivation
 * (IHI 0069 4.1.1 "Interrupt lifecycle"); special INTIDs are ignored */
static void icc_eoir1(el2_cpu *c, unsigned intid)
{
    if (intid >= GIC_NINTID || !gic_priority_drop(c))
        return;
    if (!(c->sr[SR_ICC_CTLR_EL1] & ICC_CTLR_EOIMODE))
        gic_deactivate(c, intid);
}

/* ICC_SGI1R_EL1 (IHI 0069 12.2.22): INTID [27:24] to the PEs of TargetList [15:0]
 * (Aff0 = RS * 16 + bit) with Aff3.Aff2.Aff1 [55:48].[39:32].[23:16], or IRM [40] = 1
 * to every PE but this one; each PE of the machine (gic_smp.c) is looked at */
static void icc_sgi1r(el2_cpu *c, uint64_t v)
{
    unsigned intid = (unsigned)(v >> 24) & 0xf;
    for (unsigned i = 0; i < gic_pe_count(c); i++) {
        el2_cpu *t = gic_pe(c, i);
        uint64_t mpidr = t->sr[SR_MPIDR_EL1];
        unsigned aff0 = mpidr & 0xff;
        if (v & (1ULL << 40)) {
            if (t != c)
                gic_sgi_to(c, t, intid);
            continue;
        }
        if (((v >> 16) & 0xff) != ((mpidr >> 8) & 0xff) || ((v >> 32) & 0xff) != ((mpidr >> 16) & 0xff) ||
            ((v >> 48) & 0xff) != ((mpidr >> 32) & 0xff) || ((v >> 44) & 0xf) != aff0 >> 4)
            continue;
        if (v & (1ULL << (aff0 & 15)))
            gic_sgi_to(c, t, intid);
    }
}

/* ---- the ICC_* rows ---- */

/* ICC_SGI1R_EL1 at EL1 traps to EL2 with HCR_EL2.IMO or FMO (its "Accessing"
 * pseudocode: "elsif EL2Enabled() && (HCR_EL2.IMO == '1' || HCR_EL2.FMO == '1') then
 * AArch64.SystemAccessTrap(EL2, 0x18)"). ICH_HCR_EL2's TALL1, TC and TDIR traps and
 * ICC_SRE_EL2.Enable are not modelled. */
static sysreg_access icc_access(el2_cpu *c, int idx, bool is_read)
{
    if (idx == SR_ICC_SGI1R_EL1 && icv_view(c, true))
        return SRA_TRAP_EL2;
    return SRA_OK;
}

static uint64_t icc_read(el2_cpu *c, int idx)
{
    uint8_t prio;
    if (!c->gic)
        return 0;
    switch (idx) {
    case SR_ICC_PMR_EL1: return icv_view(c, true) ? vpmr(c) : c->sr[idx];
    case SR_ICC_BPR1_EL1: return icv_view(c, false) ? vbpr1(c) : c->sr[idx];
    case SR_ICC_IGRPEN1_EL1: return icv_view(c, false) ? (vmcr(c) & VMCR_VENG1) >> 1 : c->sr[idx];
    case SR_ICC_CTLR_EL1:
        /* ICV_CTLR_EL1: PRIbits [10:8] and IDbits [13:11] from ICH_VTR_EL2 ([31:29],
           [25:23]), EOImode = VEOIM, CBPR = VCBPR */
        if (icv_view(c, true)) {
            uint64_t vtr = c->sr[SR_ICH_VTR_EL2];
            return ((vtr >> 29) & 7) << 8 | ((vtr >> 23) & 7) << 11 | ((vmcr(c) & VMCR_VEOIM) ? ICC_CTLR_EOIMODE : 0) |
                   ((vmcr(c) & VMCR_VCBPR) ? 1 : 0);
        }
        return c->sr[idx];
    case SR_ICC_RPR_EL1: return icv_view(c, true) ? virt_running_priority(c) : gic_running_priority(c->gic);
    case SR_ICC_HPPIR1_EL1: {
        if (!icv_view(c, false))
            return gic_hppir1(c);
        int n = hppvi(c);
        return n < 0 ? INTID_SPURIOUS : lr_vintid(*lr_reg(c, n));
    }
    case SR_ICC_IAR1_EL1:          /* what an acknowledge would return (gdb, no effect) */
        return icv_view(c, false) ? icv_iar1(c, false) : gic_hppi_signalled(c, &prio);
    default:                       /* write-only: EOIR1, DIR, SGI1R */
        return 0;
    }
}

/* MRS ICC_IAR1_EL1: the acknowledge (IHI 0069 4.1.1; ICV_IAR1_EL1 with IMO) */
static uint64_t icc_mrs(el2_cpu *c, int idx)
{
    if (idx != SR_ICC_IAR1_EL1 || !c->gic)
        return icc_read(c, idx);
    if (icv_view(c, false))
        return icv_iar1(c, true);
    uint8_t prio;
    unsigned id = gic_hppi_signalled(c, &prio);
    if (id != INTID_SPURIOUS)
        gic_acknowledge(c, id, prio);
    return id;
}

static void icc_write(el2_cpu *c, int idx, uint64_t v)
{
    if (!c->gic)
        return;
    switch (idx) {
    case SR_ICC_PMR_EL1:
        if (icv_view(c, true))
            set_vmcr_field(c, VMCR_VPMR_SH, 0xff, v & PRIO_MASK);
        else
            c->sr[idx] = v & PRIO_MASK;
        break;
    case SR_ICC_BPR1_EL1:          /* below the minimum: the minimum (IHI 0069 ICC_BPR1_EL1) */
        if (icv_view(c, false))
            set_vmcr_field(c, VMCR_VBPR1_SH, 7, MAX(v & 7, BPR1_MIN));
        else
            c->sr[idx] = MAX(v & 7, BPR1_MIN);
        break;
    case SR_ICC_IGRPEN1_EL1:
        if (icv_view(c, false))
            set_vmcr_field(c, 1, 1, v & 1);
        else
            c->sr[idx] = v & 1;
        break;
    case SR_ICC_CTLR_EL1:          /* EOImode writable; CBPR RAZ/WI physically */
        if (icv_view(c, true)) {
            set_vmcr_field(c, 9, 1, (v >> 1) & 1);
            set_vmcr_field(c, 4, 1, v & 1);
        } else {
            c->sr[idx] = (c->sr[idx] & ~ICC_CTLR_EOIMODE) | (v & ICC_CTLR_EOIMODE);
        }
        break;
    case SR_ICC_EOIR1_EL1:
        if (icv_view(c, false))
            icv_eoir1(c, (unsigned)v & 0xffffff);
        else
            icc_eoir1(c, (unsigned)v & 0xffffff);
        break;
    case SR_ICC_DIR_EL1:
        if (icv_view(c, true))
            icv_dir(c, (unsigned)v & 0xffffff);
        else if (c->sr[SR_ICC_CTLR_EL1] & ICC_CTLR_EOIMODE)
            gic_deactivate(c, (unsigned)v & 0xffffff);
        break;
    case SR_ICC_SGI1R_EL1:
        icc_sgi1r(c, v);
        break;
    }
    irq_touch(c);
}

const sysreg_ops ops_icc = { .access = icc_access, .read = icc_read, .write = icc_write, .mrs = icc_mrs };

/* ---- the ICH_* rows ---- */

/* ICH_LR<n>_EL2 beyond ICH_VTR_EL2.ListRegs are UNDEFINED */
static sysreg_access ich_access(el2_cpu *c, int idx, bool is_read)
{
    if (idx >= SR_ICH_LR0_EL2 && idx <= SR_ICH_LR15_EL2 && (unsigned)(idx - SR_ICH_LR0_EL2) >= num_lrs(c))
        return SRA_UNDEF;
    return SRA_OK;
}

static uint64_t ich_read(el2_cpu *c, int idx)
{
    switch (idx) {
    case SR_ICH_MISR_EL2: return misr(c);
    case SR_ICH_EISR_EL2: return eisr(c);
    case SR_ICH_ELRSR_EL2: return elrsr(c);
    default: return c->sr[idx];
    }
}

static void ich_write(el2_cpu *c, int idx, uint64_t v)
{
    if (idx >= SR_ICH_LR0_EL2 && idx <= SR_ICH_LR15_EL2)
        v &= ~((uint64_t)(~PRIO_MASK & 0xff) << 48);   /* unimplemented priority bits RES0 */
    c->sr[idx] = v;
    if (idx == SR_ICH_VMCR_EL2) {                       /* binary points below the minimum */
        set_vmcr_field(c, VMCR_VBPR1_SH, 7, MAX((v >> VMCR_VBPR1_SH) & 7, BPR1_MIN));
        set_vmcr_field(c, VMCR_VBPR0_SH, 7, MAX((v >> VMCR_VBPR0_SH) & 7, BPR1_MIN - 1));
        set_vmcr_field(c, VMCR_VPMR_SH, 0xff, (v >> VMCR_VPMR_SH) & PRIO_MASK);
    }
    irq_touch(c);
}

const sysreg_ops ops_ich = { .access = ich_access, .read = ich_read, .write = ich_write };
