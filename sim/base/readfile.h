/* readfile.h - reads a whole input file (a trace, a scenario, a QEMU log) that must be a
 * regular file: a FIFO or a device like /dev/zero would be read until el2sim is killed,
 * so they are refused before anything is read, as the ELF loader refuses them. */
#ifndef EL2_READFILE_H
#define EL2_READFILE_H
#include <glib.h>
#include <stdbool.h>

#define READFILE_ERROR readfile_error_quark()
GQuark readfile_error_quark(void);
typedef enum {
    READFILE_ERROR_OPEN,          /* "PATH: cannot open: REASON" */
    READFILE_ERROR_NOT_REGULAR,   /* "PATH: not a regular file" */
    READFILE_ERROR_READ,          /* "PATH: read error: REASON" */
} readfile_error_code;

/* The whole of PATH in *data (NUL-terminated; g_free it) and *len. The file is opened
 * without blocking (a FIFO with no writer would block the open itself). */
bool read_regular_file(const char *path, char **data, gsize *len, GError **err);
#endif
