/* error.h - el2sim's GError domain; the code of an error is the exit code it leads to
 * (README "Exit codes": 2 bad input, 70 internal). */
#ifndef EL2_ERROR_H
#define EL2_ERROR_H
#include <glib.h>
GQuark el2_error_quark(void);
#define EL2_ERROR el2_error_quark()
#endif
