/* json.c - see json.h (RFC 8259 section 7: escape '"', '\\' and control characters;
 * section 8.1: JSON text is UTF-8, so bytes that are not UTF-8 are replaced). */
#include "json.h"

void json_append_string(GString *s, const char *v)
{
    const char *p = v ? v : "";
    g_string_append_c(s, '"');
    while (*p) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\') {
            g_string_append_printf(s, "\\%c", c);
            p++;
        } else if (c < 0x20) {
            g_string_append_printf(s, "\\u%04x", c);
            p++;
        } else if (c < 0x80) {
            g_string_append_c(s, (char)c);
            p++;
        } else {
            /* a symbol name or a path may be any bytes: a byte that does not start a
             * valid UTF-8 sequence (overlong forms and surrogates included) becomes
             * U+FFFD, escaped so that the output stays ASCII there */
            gunichar u = g_utf8_get_char_validated(p, -1);
            if (u == (gunichar)-1 || u == (gunichar)-2) {
                g_string_append(s, "\\ufffd");
                p++;
            } else {
                const char *next = g_utf8_next_char(p);
                g_string_append_len(s, p, next - p);
                p = next;
            }
        }
    }
    g_string_append_c(s, '"');
}
