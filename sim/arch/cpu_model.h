/* cpu_model.h - CPU models: data files in models/cpu/NAME.cpu (GLib key files). */
#ifndef EL2_CPU_MODEL_H
#define EL2_CPU_MODEL_H
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "keyfile.h"

/* Instruction classes the timing model prices (timing.c). */
typedef enum {
    IC_ALU, IC_MUL, IC_DIV, IC_LOAD, IC_STORE, IC_BRANCH, IC_BRANCH_TAKEN,
    IC_SYSREG_READ, IC_SYSREG_WRITE, IC_SYSREG_WRITE_SERIAL, IC_ISB, IC_DSB, IC_DMB,
    IC_EXC_ENTRY, IC_ERET, IC_FP,
    IC_FIRMWARE,   /* one SMC handled by the EL3 firmware model: entry, dispatch, exit */
    IC_COUNT
} el2_insn_class;

/* The cores the engine can execute with ([cpu] engine = ...) */
typedef enum { CORE_CORTEX_A57, CORE_CORTEX_A53, CORE_CORTEX_A72, CORE_MAX } el2_core;

/* The memory-system features the translation table walker (mmu.c) depends on, decoded
 * once from ID_AA64MMFR0_EL1 and ID_AA64MMFR1_EL1 (Arm ARM D19 register descriptions). */
typedef struct el2_mmu_features {
    unsigned pa_bits;          /* PAMax(): MMFR0.PARange (32, 36, 40, 42, 44, 48; 52 read as 48) */
    bool tgran4, tgran16, tgran64;          /* stage 1 granules: MMFR0.TGran4/16/64 */
    bool tgran4_s2, tgran16_s2, tgran64_s2; /* stage 2: MMFR0.TGran*_2 (0 = as stage 1) */
    unsigned hafdbs;           /* MMFR1.HAFDBS: 1 hardware Access flag, 2 and dirty state */
    unsigned pan;              /* MMFR1.PAN: 1 FEAT_PAN, 2 FEAT_PAN2 (AT S1E1RP/WP), 3 PAN3 */
    bool hpds;                 /* MMFR1.HPDS: TCR_ELx.HPD hierarchical permission disables */
    bool xnx;                  /* MMFR1.XNX: stage 2 XN[0] (FEAT_XNX) */
} el2_mmu_features;

typedef struct el2_cpu_model {
    char *name;
    char *path;
    char *description;
    el2_core core;           /* the engine core that executes the instruction set */
    bool vhe;                /* FEAT_VHE */
    bool gicv3;              /* GICv3 CPU interface system registers exist */
    GHashTable *values;      /* register name (upper case) -> uint64_t*: ID values, resets */
    GHashTable *res0;        /* register name -> uint64_t*: extra RES0 (absent features) */
    GHashTable *absent;      /* register name -> 1: registers this CPU does not have */
    el2_mmu_features mmu;    /* from the ID register values above */
    double freq_mhz;         /* for ns figures */
    uint32_t cost[IC_COUNT]; /* cycles per class */
    char *cost_src[IC_COUNT];
} el2_cpu_model;

/* Loads NAME from the models directory (models_dir) or a path if NAME contains '/'.
 * Error: one line "FILE:LINE? key: what". */
el2_cpu_model *cpu_model_load(const char *name, GError **err);
void cpu_model_free(el2_cpu_model *c);
/* Decodes c->mmu from the ID_AA64MMFR0/1_EL1 values in c->values (cpu_model_load does). */
void cpu_model_decode_mmu(el2_cpu_model *c);

/* The directory holding cpu/ and abi/: --models (models_set_dir), else $EL2SIM_MODELS,
 * else $EL2_MODELS, else the installed DATADIR/el2sim/models found from the executable's
 * location, else the source tree's models/. */
const char *models_dir(void);
void models_set_dir(const char *dir);   /* NULL: back to the default order */
/* A number in a model file (CPU or ABI): decimal, 0x hex or 0 octal, blanks around it
 * allowed, no sign. */
bool model_parse_u64(const char *s, uint64_t *out);
#endif
