/* abi.h - calling conventions as data: models/abi/NAME-VERSION.abi (format in
 * models/abi/README.md). */
#ifndef EL2_ABI_H
#define EL2_ABI_H
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum { CONTRACT_RETURNS, CONTRACT_NEVER, CONTRACT_LANDS } abi_contract;

/* Caller state other than GPRs an ABI can require preserved */
enum {
    ST_SP_EL0 = 1 << 0, ST_SP_EL1 = 1 << 1, ST_ELR_EL1 = 1 << 2, ST_SPSR_EL1 = 1 << 3,
    ST_TPIDR_EL1 = 1 << 4, ST_VBAR_EL1 = 1 << 5, ST_DAIF = 1 << 6, ST_SPSEL = 1 << 7,
    ST_FPCR = 1 << 8, ST_FPSR = 1 << 9,
};

typedef struct abi_func {
    char *name;
    uint64_t id;
    bool id_other;           /* id=other: the function of every ID no other one has */
    abi_contract contract;
    bool result_any;
    GArray *results_ok;      /* uint64_t: allowed x0 values */
    uint32_t results_mask;   /* GPRs this function returns results in (beyond may-clobber) */
    int lands_reg;           /* CONTRACT_LANDS: caller register holding the landing address */
    int lands_el;
    int lands_from[31];      /* at landing, xN == caller's x[lands_from[N]] (-1: unchecked) */
    bool return_el_caller, return_el_2;
} abi_func;

typedef struct abi_model {
    char *name, *version, *description, *path;
    bool hvc, smc;           /* conduits */
    bool fid_w;              /* function ID is w0 or r0 (32 bits) rather than x0 */
    unsigned width;          /* 64, or 32: an AArch32 caller (r0-r12, banked sp_MODE/lr_MODE by
                              * their AArch64 numbers X0-X30; results and values 32 bits) */
    uint32_t may_clobber;    /* GPR mask */
    uint32_t preserve_gpr;   /* GPR mask */
    uint32_t may_clobber_v;  /* V0-V31 mask */
    uint32_t preserve_v;     /* V0-V31 mask */
    uint32_t results_gpr;    /* [abi] results=: GPRs every call returns results in (default x0) */
    char **travels;          /* [abi] travels=: SYMBOL:SIZE items that move with the vectors */
    unsigned preserve_state; /* ST_* */
    bool unknown_any;
    uint64_t unknown_result;
    bool smccc_rules;
    bool every_cpu;          /* [abi] per-cpu=every: the stub is installed on every PE */
    GPtrArray *funcs;        /* abi_func* */
} abi_model;

abi_model *abi_load(const char *name, const char *version, GError **err);
void abi_free(abi_model *a);
const abi_func *abi_lookup(const abi_model *a, uint64_t fid);
/* Function ID as the ABI reads it (w0 or x0). */
uint64_t abi_fid(const abi_model *a, uint64_t x0);
/* Does x0 satisfy the allowed results (32-bit compare for SMC32/HVC32 IDs)? */
bool abi_result_ok(const abi_model *a, const abi_func *f, uint64_t fid, uint64_t x0);
/* SMCCC function-ID rule check (DEN0028 2.5); NULL when fine, else a message. */
const char *abi_fid_problem(const abi_model *a, uint64_t fid);
/* An AArch32 register name (r0-r12, sp_svc, lr_usr, ...: models/abi/README.md) -> its
 * AArch64 number X0-X30, or -1. */
int abi_reg32(const char *name);
/* Register n (X0-X30 numbering) as the ABI names it: "x4", or width=32 "r4", "sp_svc". */
const char *abi_reg_name(const abi_model *a, int n, char *buf, size_t len);
/* --reserve: moves these GPRs from may-clobber to preserve (e.g. x18 for a shadow call stack). */
void abi_reserve(abi_model *a, uint32_t gprs);
#endif
