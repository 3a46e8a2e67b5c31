/* semihost.c - Arm semihosting (Arm "Semihosting for AArch32 and AArch64", v2.0) over
 * HLT #0xf000, the subset a self-checking test image needs: console output, exit with a
 * status (as QEMU does, el2sim then exits with it), clock and command line. Parameter
 * blocks and buffers are virtual addresses of the caller's EL, reached through its
 * translation regime (vmem.h). */
#include "exception.h"
#include "firmware.h"
#include "timing.h"
#include "vmem.h"
#include <stdio.h>
#include <string.h>

#define SYS_OPEN       0x01
#define SYS_CLOSE      0x02
#define SYS_WRITEC     0x03
#define SYS_WRITE0     0x04
#define SYS_WRITE      0x05
#define SYS_ERRNO      0x13
#define SYS_CLOCK      0x10
#define SYS_TIME       0x11
#define SYS_GETCMDLINE 0x15
#define SYS_HEAPINFO   0x16
#define SYS_EXIT       0x18
#define SYS_EXIT_EXT   0x20
#define SYS_ELAPSED    0x30
#define SYS_TICKFREQ   0x31
#define ADP_Stopped_ApplicationExit 0x20026

/* Console output goes out as it is produced and is not kept: a guest may write
 * gigabytes. Without console_echo (check, scenario without -v) it is dropped. */
static void out(el2_cpu *c, const char *s, size_t n)
{
    if (c->console_echo) {
        fwrite(s, 1, n, stdout);
        fflush(stdout);
    }
}

/* Guest [addr, addr + len) to the console, a piece at a time (a guest may write 1 MiB
 * per call, in a loop: nothing of that size is allocated). All of it must be readable,
 * else nothing is written, as under QEMU. */
static bool write_guest(el2_cpu *c, uint64_t addr, uint64_t len)
{
    static char piece[1 << 16];
    for (int pass = 0; pass < 2; pass++) {
        for (uint64_t done = 0; done < len; done += sizeof piece) {
            size_t n = (size_t)MIN(sizeof piece, len - done);
            if (!cpu_vread(c, addr + done, piece, n))
                return false;
            if (pass)
                out(c, piece, n);
        }
    }
    return true;
}

/* Field i of a parameter block: 8-byte fields from AArch64, 4-byte ones from AArch32
 * (the specification's "field size" is the caller's register width) */
static bool arg(el2_cpu *c, uint64_t block, int i, uint64_t *v)
{
    if (c->aarch32) {
        uint32_t w = 0;
        bool ok = cpu_vread(c, block + 4 * (uint64_t)i, &w, 4);
        *v = w;
        return ok;
    }
    return cpu_vread(c, block + 8 * (uint64_t)i, v, 8);
}

static void semihost(el2_cpu *c, uint64_t pc, uint32_t insn, unsigned size);

void semihost_call(el2_cpu *c, uint64_t pc) { semihost(c, pc, 0xd45e0000, 4); }

/* AArch32 (size: the instruction's, 2 or 4): R0 the operation, R1 the parameter (X0, X1
 * in every mode); SYS_EXIT's R1 is the reason itself, not a block (QEMU: status 0 for
 * ADP_Stopped_ApplicationExit, else 1); the result in R0 */
void semihost_call32(el2_cpu *c, uint64_t pc, uint32_t insn, unsigned size) { semihost(c, pc, insn, size); }

static void semihost(el2_cpu *c, uint64_t pc, uint32_t insn, unsigned size)
{
    uint32_t op = (uint32_t)cpu_x(c, 0);
    uint64_t p = cpu_x(c, 1);
    uint64_t ret = (uint64_t)-1;
    el2_event ev = { .kind = EV_EXC, .pc = pc, .insn = insn, .from_el = c->el, .to_el = c->el,
                     .exc = EXC_SEMIHOST, .value = op };
    cpu_stamp(c, &ev, pc);
    cpu_fill_regs(c, &ev);
    cpu_emit(c, &ev);

    switch (op) {
    case SYS_WRITEC: {
        char ch;
        if (cpu_vread(c, p, &ch, 1)) {
            out(c, &ch, 1);
            ret = 0;
        }
        break;
    }
    case SYS_WRITE0: {
        char buf[256];
        for (unsigned total = 0; total < 65536; total += sizeof buf) {
            size_t n = 0;
            while (n < sizeof buf && cpu_vread(c, p + total + n, &buf[n], 1) && buf[n])
                n++;
            out(c, buf, n);
            if (n < sizeof buf)
                break;
        }
        ret = 0;
        break;
    }
    case SYS_WRITE: {
        uint64_t fd, buf, len;
        if (arg(c, p, 0, &fd) && arg(c, p, 1, &buf) && arg(c, p, 2, &len) && len <= (1u << 20) &&
            write_guest(c, buf, len))
            ret = 0;                          /* bytes not written */
        break;
    }
    case SYS_OPEN: {
        uint64_t name;
        char s[4] = { 0 };
        if (arg(c, p, 0, &name) && cpu_vread(c, name, s, 3) && !strcmp(s, ":tt"))
            ret = 1;
        break;
    }
    case SYS_CLOSE:
    case SYS_ERRNO:
        ret = 0;
        break;
    case SYS_CLOCK:                          /* centiseconds of modelled time */
        ret = (uint64_t)((double)c->cycles / (c->model->freq_mhz * 1e4));
        break;
    case SYS_TIME:
        ret = 0;
        break;
    case SYS_ELAPSED: {
        uint64_t now = c->cycles;
        cpu_vwrite(c, p, &now, 8);
        ret = 0;
        break;
    }
    case SYS_TICKFREQ:
        ret = (uint64_t)(c->model->freq_mhz * 1e6);
        break;
    case SYS_GETCMDLINE: {
        uint64_t buf, len;
        if (arg(c, p, 0, &buf) && arg(c, p, 1, &len) && len > 0) {
            uint8_t z = 0, zero64[8] = { 0 };
            cpu_vwrite(c, buf, &z, 1);
            cpu_vwrite(c, p + (c->aarch32 ? 4 : 8), zero64, c->aarch32 ? 4 : 8);
            ret = 0;
        }
        break;
    }
    case SYS_HEAPINFO: {
        uint64_t blk, zero[4] = { 0 };
        if (arg(c, p, 0, &blk) && cpu_vwrite(c, blk, zero, c->aarch32 ? 16 : sizeof zero))
            ret = 0;
        break;
    }
    case SYS_EXIT:
        if (c->aarch32) {
            int status = p == ADP_Stopped_ApplicationExit ? 0 : 1;
            cpu_set_pc(c, pc);          /* (an SVC left R15 past it) the run ends on the call */
            cpu_stop(c, STOP_SEMIHOST_EXIT, status, "semihosting exit (reason 0x%llx, status %d) at %s",
                     (unsigned long long)p, status, cpu_sym(c, pc));
            return;
        }
        /* fall through */
    case SYS_EXIT_EXT: {
        uint64_t reason = 0, sub = 0;
        if (!arg(c, p, 0, &reason) || !arg(c, p, 1, &sub)) {
            /* as QEMU does: -1 to the guest, which goes on (it used to stop with status 1) */
            static bool warned;      /* once: a guest may retry in a loop */
            if (!warned)
                fprintf(stderr, "el2sim: warning: semihosting SYS_EXIT at %s: its parameter block at 0x%llx is not "
                                "readable; x0 = -1 and the guest goes on (as under QEMU)\n", cpu_sym(c, pc),
                        (unsigned long long)p);
            warned = true;
            break;
        }
        int status = reason == ADP_Stopped_ApplicationExit ? (int)(sub & 0xff) : 1;
        if (c->aarch32)
            cpu_set_pc(c, pc);
        cpu_stop(c, STOP_SEMIHOST_EXIT, status, "semihosting exit (reason 0x%llx, status %d) at %s",
                     (unsigned long long)reason, status, cpu_sym(c, pc));
        return;
    }
    default:
        break;
    }
    cpu_set_x(c, 0, c->aarch32 ? (uint32_t)ret : ret);
    cpu_set_pc(c, c->aarch32 ? (pc + size) & 0xffffffff : pc + 4);
}
