/* json.h - the one JSON string escaper (ABI reports, el2trace json/export). */
#ifndef EL2_JSON_H
#define EL2_JSON_H
#include <glib.h>
/* Appends v (NULL as "") as a JSON string literal, quotes included. The result is
 * valid JSON for any bytes: each byte that is not part of a valid UTF-8 sequence is
 * written as \ufffd (the replacement character). */
void json_append_string(GString *s, const char *v);
#endif
