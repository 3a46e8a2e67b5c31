/* print.c - the event line format (README "Reading el2sim's output"). */
#include "print.h"
#include "disasm.h"
#include "sysreg.h"
#include <inttypes.h>

const char *smccc_fid_name(uint32_t fid)
{
    switch (fid) {
    case 0x80000000: return "SMCCC_VERSION";
    case 0x80000001: return "SMCCC_ARCH_FEATURES";
    case 0x80008000: return "SMCCC_ARCH_SOC_ID";
    case 0x80008000 | 0x3fff: return "SMCCC_ARCH_WORKAROUND_1";
    case 0x84000000: return "PSCI_VERSION";
    case 0x84000001: return "PSCI_CPU_SUSPEND";
    case 0xc4000001: return "PSCI_CPU_SUSPEND64";
    case 0x84000002: return "PSCI_CPU_OFF";
    case 0x84000003: return "PSCI_CPU_ON";
    case 0xc4000003: return "PSCI_CPU_ON64";
    case 0x84000004: return "PSCI_AFFINITY_INFO";
    case 0xc4000004: return "PSCI_AFFINITY_INFO64";
    case 0x84000006: return "PSCI_MIGRATE_INFO_TYPE";
    case 0x84000008: return "PSCI_SYSTEM_OFF";
    case 0x84000009: return "PSCI_SYSTEM_RESET";
    case 0x8400000a: return "PSCI_FEATURES";
    default: return NULL;
    }
}

static const char *semihost_name(uint64_t op)
{
    switch (op) {
    case 0x01: return "SYS_OPEN";
    case 0x02: return "SYS_CLOSE";
    case 0x03: return "SYS_WRITEC";
    case 0x04: return "SYS_WRITE0";
    case 0x05: return "SYS_WRITE";
    case 0x10: return "SYS_CLOCK";
    case 0x11: return "SYS_TIME";
    case 0x13: return "SYS_ERRNO";
    case 0x15: return "SYS_GETCMDLINE";
    case 0x16: return "SYS_HEAPINFO";
    case 0x18: return "SYS_EXIT";
    case 0x20: return "SYS_EXIT_EXTENDED";
    case 0x30: return "SYS_ELAPSED";
    case 0x31: return "SYS_TICKFREQ";
    default: return "SYS_?";
    }
}

void print_event(FILE *f, const el2_symtab *st, const el2_event *ev)
{
    char pcs[160], tgt[160], elr[160], dis[96];
    symtab_format(st, ev->pc, pcs, sizeof pcs);
    fprintf(f, "%9" PRIu64 " %10" PRIu64 "  ", ev->insns, ev->cycles);
    switch (ev->kind) {
    case EV_EXC:
        disasm(ev->pc, ev->insn, dis, sizeof dis);
        if (ev->exc == EXC_SEMIHOST) {
            fprintf(f, "%-11s EL%u       %-28s %-22s %s(0x%" PRIx64 ")\n", "SEMIHOST", ev->from_el, pcs,
                    "hlt #0xf000", semihost_name(ev->value), ev->value);
            return;
        }
        if (!ev->insn && ev->exc != EXC_UNDEF)
            dis[0] = 0;
        symtab_format(st, ev->elr, elr, sizeof elr);
        if (ev->exc == EXC_FIRMWARE) {
            const char *fn = smccc_fid_name((uint32_t)ev->value);
            fprintf(f, "%-11s EL%u->EL3  %-28s %-22s ESR 0x%08x %s  x0=0x%" PRIx64 "%s%s%s\n", "SMC", ev->from_el,
                    pcs, dis, ev->esr, ec_name(ev->esr >> 26), ev->value, fn ? " (" : "", fn ? fn : "",
                    fn ? ")" : "");
            return;
        }
        symtab_format(st, ev->target, tgt, sizeof tgt);
        fprintf(f, "%-11s EL%u->EL%u  %-28s %-22s ESR 0x%08x %s  ELR %s  SPSR 0x%x", exc_kind_name(ev->exc),
                ev->from_el, ev->to_el, pcs, dis, ev->esr, ec_name(ev->esr >> 26), elr, ev->spsr);
        if (ev->exc == EXC_PC_ALIGN || ev->exc == EXC_DATA_ABORT || ev->exc == EXC_INSN_ABORT)
            fprintf(f, "  FAR 0x%" PRIx64, ev->far);
        fprintf(f, "  -> %s\n", tgt);
        return;
    case EV_ERET:
        symtab_format(st, ev->target, tgt, sizeof tgt);
        if (ev->from_el == 3) {
            fprintf(f, "%-11s EL3->EL%u  %-28s %-22s x0=0x%" PRIx64 "  -> %s\n", "ERET", ev->to_el, "firmware",
                    "", ev->value, tgt);
            return;
        }
        disasm(ev->pc, ev->insn, dis, sizeof dis);
        fprintf(f, "%-11s EL%u->EL%u  %-28s %-22s SPSR 0x%x  -> %s%s\n", ev->illegal ? "ERET-ILLEGAL" : "ERET",
                ev->from_el, ev->to_el, pcs, dis, ev->spsr, tgt,
                ev->illegal ? "  (illegal return: PSTATE.IL set, EL unchanged)" : "");
        return;
    case EV_SYSREG: {
        disasm(ev->pc, ev->insn, dis, sizeof dis);
        symtab_format(st, ev->value, tgt, sizeof tgt);
        const char *name = ev->sysreg >= 0 && ev->sysreg < sysreg_count ? sysreg_table[ev->sysreg].name : "?";
        fprintf(f, "%-11s EL%u       %-28s %-22s %s = 0x%" PRIx64, "MSR", ev->from_el, pcs, dis, name, ev->value);
        if (tgt[0] != '0')
            fprintf(f, " (%s)", tgt);
        fprintf(f, "  [was 0x%" PRIx64 "]\n", ev->old);
        return;
    }
    case EV_STOP:
        fprintf(f, "%-11s EL%u       %-28s %s", "STOP", ev->from_el, pcs, stop_name(ev->stop));
        if (ev->stop == STOP_SEMIHOST_EXIT)
            fprintf(f, " status=%d", ev->status);
        fputc('\n', f);
        return;
    case EV_FINDING:
        fprintf(f, "%-11s EL%u       %-28s %s\n", "FINDING", ev->from_el, pcs, ev->note ? ev->note : "");
        return;
    }
}

void print_regs(FILE *f, const el2_event *ev)
{
    if (!ev->has_regs)
        return;
    for (int i = 0; i < 31; i++)
        fprintf(f, "%s x%-2d=%016" PRIx64 "%s", i % 4 == 0 ? "                     " : "", i, ev->x[i],
                i % 4 == 3 ? "\n" : "");
    fprintf(f, " sp =%016" PRIx64 "\n", ev->sp);
}
