/* json.c - see json.h (RFC 8259 section 7: escape '"', '\\' and control characters). */
#include "json.h"

void json_append_string(GString *s, const char *v)
{
    g_string_append_c(s, '"');
    for (const char *p = v ? v : ""; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_printf(s, "\\%c", *p);
        else if ((unsigned char)*p < 0x20)
            g_string_append_printf(s, "\\u%04x", (unsigned char)*p);
        else
            g_string_append_c(s, *p);
    }
    g_string_append_c(s, '"');
}
