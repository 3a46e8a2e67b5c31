/* keyfile.h - what GLib's key-file parser accepts silently, found before it parses:
 * the model files (models/cpu, models/abi) and scenarios go through it. */
#ifndef EL2_KEYFILE_H
#define EL2_KEYFILE_H
#include <glib.h>
#include <stdbool.h>
/* GLib's key-file parser merges a repeated [group], lets a repeated key replace the
 * first and cuts a value at a NUL byte, all silently. Checks the text of a model or
 * scenario (that GLib has parsed) for these; the first found is one line in *err:
 * "PATH:LINE: duplicate group [G] (first at line N)",
 * "PATH:LINE: [G] KEY: duplicate key (first at line N)" or
 * "PATH:LINE: [G] KEY: NUL byte in the value". */
bool keyfile_prescan(const char *path, const char *text, gsize len, GError **err);
#endif
