/* trace_codec.h - internal to trace_write.c / trace_read.c: record tags, field bits and
 * the predictor both sides keep (traces/FORMAT.md). */
#ifndef EL2_TRACE_CODEC_H
#define EL2_TRACE_CODEC_H
#include <glib.h>
#include "event.h"

#define TC_KINDS 6              /* EV_EXC .. EV_TLBI */
#define TAG_F_REGS 0x08u
#define TAG_F_KEY 0x10u
#define TAG_HEADER 0x48u        /* 'H' */
#define TAG_CHECK 0x4bu         /* 'K' */
#define TAG_END 0x45u           /* 'E' (first byte of the 16-byte end record) */
#define TC_FOOTER 16
/* the PA extension at the end of an event body (format 1.1) */
#define TC_PA_PC  0x1u
#define TC_PA_FAR 0x2u
#define TC_PA_CPU 0x4u          /* (1.3) the event's PE number follows: traces of several PEs */
#define TC_PA_A32 0x8u          /* (1.4) the event's AArch32 mode and T bit follow (el2_event.a32) */

enum {
    TF_PC, TF_INSN, TF_FROM_EL, TF_TO_EL, TF_EXC, TF_ESR, TF_ELR, TF_FAR, TF_SPSR, TF_TARGET,
    TF_VECTOR, TF_ILLEGAL, TF_SYSREG, TF_VALUE, TF_OLD, TF_RAW, TF_STOP, TF_STATUS, TF_NOTE,
    TF_COUNT
};

typedef struct tc_pred {
    uint64_t insns, cycles;         /* of the previous event (any kind) */
    el2_event last[TC_KINDS];       /* previous event of each kind (note and regs kept apart) */
    uint64_t regs[TC_KINDS][32];    /* x0-x30, sp of the previous event of that kind with registers */
    char *note[TC_KINDS];
} tc_pred;

void tc_put_varint(GByteArray *b, uint64_t v);
void tc_put_zigzag(GByteArray *b, int64_t v);
void tc_put_str(GByteArray *b, const char *s);
void tc_put_u32(GByteArray *b, uint32_t v);
void tc_pred_reset(tc_pred *p);
#endif
