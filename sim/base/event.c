/* event.c - names for exception classes, exception kinds and stop reasons. */
#include "event.h"
#include <inttypes.h>
#include <stdio.h>

/* ESR_ELx.EC names, Arm ARM D17.2.37 */
const char *ec_name(unsigned ec)
{
    switch (ec) {
    case 0x00: return "UNKNOWN";
    case 0x01: return "WFx";
    case 0x03: return "CP15_RT";
    case 0x04: return "CP15_RRT";
    case 0x05: return "CP14_RT";
    case 0x0c: return "CP14_RRT";
    case 0x07: return "FP_ACCESS";
    case 0x08: return "CP10_RT";
    case 0x0e: return "ILLEGAL_STATE";
    case 0x11: return "SVC32";
    case 0x12: return "HVC32";
    case 0x13: return "SMC32";
    case 0x15: return "SVC64";
    case 0x16: return "HVC64";
    case 0x17: return "SMC64";
    case 0x18: return "SYSREG";
    case 0x20: return "IABT_LOW";
    case 0x21: return "IABT_CUR";
    case 0x22: return "PC_ALIGN";
    case 0x24: return "DABT_LOW";
    case 0x25: return "DABT_CUR";
    case 0x26: return "SP_ALIGN";
    case 0x2f: return "SERROR";
    case 0x30: return "BKPT_LOW";
    case 0x31: return "BKPT_CUR";
    case 0x38: return "BKPT32";
    case 0x3c: return "BRK64";
    default:   return "EC?";
    }
}

const char *stop_name(el2_stop_kind k)
{
    switch (k) {
    case STOP_NONE: return "running";
    case STOP_SEMIHOST_EXIT: return "semihosting-exit";
    case STOP_PSCI_OFF: return "psci-system-off";
    case STOP_PSCI_RESET: return "psci-system-reset";
    case STOP_AT: return "stop-at";
    case STOP_BUDGET: return "budget";
    case STOP_FAULT: return "guest-fault";
    case STOP_WFI: return "wfi";
    case STOP_SIGNAL: return "signal";
    case STOP_INTERNAL: return "internal-error";
    }
    return "?";
}

const char *exc_kind_name(el2_exc_kind k)
{
    switch (k) {
    case EXC_UNDEF: return "UNDEF";
    case EXC_SVC: return "SVC";
    case EXC_HVC: return "HVC";
    case EXC_SMC: return "SMC";
    case EXC_SMC_TRAP: return "SMC-TRAP";
    case EXC_BRK: return "BRK";
    case EXC_ILLEGAL_STATE: return "ILLEGAL";
    case EXC_SYSREG_TRAP: return "SYSREG-TRAP";
    case EXC_WFX_TRAP: return "WFX-TRAP";
    case EXC_PC_ALIGN: return "PC-ALIGN";
    case EXC_SP_ALIGN: return "SP-ALIGN";
    case EXC_INSN_ABORT: return "IABORT";
    case EXC_DATA_ABORT: return "DABORT";
    case EXC_FIRMWARE: return "SMC";
    case EXC_SEMIHOST: return "SEMIHOST";
    case EXC_IRQ: return "IRQ";
    case EXC_FIQ: return "FIQ";
    case EXC_SERROR: return "SERROR";
    case EXC_VIRQ: return "VIRQ";
    case EXC_VFIQ: return "VFIQ";
    case EXC_VSERROR: return "VSERROR";
    }
    return "EXC?";
}

static const char *timer_name(uint64_t intid)
{
    switch (intid) {
    case 26: return "CNTHP";
    case 27: return "CNTV";
    case 28: return "CNTHV";
    case 30: return "CNTP";
    }
    return "?";
}

const char *irq_source_text(el2_exc_kind k, int source, uint64_t intid, char *buf, size_t n)
{
    switch (source) {
    case IRQSRC_TIMER:
        snprintf(buf, n, "INTID %" PRIu64 " (%s timer)", intid, timer_name(intid));
        break;
    case IRQSRC_INJECT:
        if (k == EXC_FIQ || k == EXC_SERROR)      /* the PE's own input: no INTID */
            snprintf(buf, n, "--irq");
        else
            snprintf(buf, n, "INTID %" PRIu64 " (--irq)", intid);
        break;
    case IRQSRC_HCR:
        snprintf(buf, n, "HCR_EL2.%s", k == EXC_VIRQ ? "VI" : k == EXC_VFIQ ? "VF" : "VSE");
        break;
    case IRQSRC_SGI:
        snprintf(buf, n, "INTID %" PRIu64 " (SGI)", intid);
        break;
    case IRQSRC_MAINT:
        snprintf(buf, n, "INTID %" PRIu64 " (GIC maintenance)", intid);
        break;
    case IRQSRC_LR:
        snprintf(buf, n, "vINTID %" PRIu64 " (list register)", intid);
        break;
    case IRQSRC_SPEND:
        snprintf(buf, n, "INTID %" PRIu64 " (set pending)", intid);
        break;
    default:
        snprintf(buf, n, "line");
        break;
    }
    return buf;
}
