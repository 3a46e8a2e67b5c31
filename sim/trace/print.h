/* print.h - one text line per event (el2sim run output; el2trace dump). */
#ifndef EL2_PRINT_H
#define EL2_PRINT_H
#include <stdio.h>
#include "event.h"
#include "symbols.h"

/* Known SMCCC/PSCI function IDs; NULL when unknown. */
const char *smccc_fid_name(uint32_t fid);
void print_event(FILE *f, const el2_symtab *syms, const el2_event *ev);
void print_regs(FILE *f, const el2_event *ev);
#endif
