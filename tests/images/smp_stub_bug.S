// smp_stub_bug: smp_stub with the planted bug: PE 2 keeps the firmware's vectors (see smp_stub.S)
    .equ BUG_OLD_VECTORS, 1
    .include "smp_stub.S"
