/* error.c - el2sim's GError domain. */
#include "error.h"
G_DEFINE_QUARK(el2-error-quark, el2_error)
