/* keyfile.c - a pre-scan of key files for what GLib would merge or cut silently. */
#include "keyfile.h"
#include <string.h>

/* Names in messages come from the file: printable, on one line, not too long. */
static char *printable(const char *s, gsize n)
{
    char *p = g_strndup(s, MIN(n, 200));
    for (char *c = p; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    return p;
}

bool keyfile_prescan(const char *path, const char *text, gsize len, GError **err)
{
    /* the lines as GLib reads them: leading blanks skipped, '#' a comment, "[G]" a
     * group, "KEY = VALUE" with blanks around KEY dropped */
    g_autoptr(GHashTable) groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GHashTable) keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autofree char *group = NULL;
    int line = 0;
    for (gsize at = 0; at < len;) {
        const char *s = text + at;
        const char *nl = memchr(s, '\n', len - at);
        gsize n = nl ? (gsize)(nl - s) : len - at;
        at += n + 1;
        line++;
        bool nul = memchr(s, 0, n) != NULL;
        while (n && g_ascii_isspace(*s))
            s++, n--;
        const char *eq = memchr(s, '=', n);
        if (n && *s == '[') {
            const char *close = memchr(s, ']', n);
            g_free(group);
            group = g_strndup(s + 1, close ? (gsize)(close - s - 1) : n - 1);
            g_hash_table_remove_all(keys);
            int first = GPOINTER_TO_INT(g_hash_table_lookup(groups, group));
            if (first) {
                g_autofree char *pg = printable(group, strlen(group));
                g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: duplicate group [%s] (first at line %d)",
                            path, line, pg, first);
                return false;
            }
            g_hash_table_insert(groups, g_strdup(group), GINT_TO_POINTER(line));
        } else if (n && *s != '#' && eq && group) {
            const char *ke = eq;
            while (ke > s && g_ascii_isspace(ke[-1]))
                ke--;
            g_autofree char *key = g_strndup(s, (gsize)(ke - s));
            int first = GPOINTER_TO_INT(g_hash_table_lookup(keys, key));
            if (nul || first) {
                g_autofree char *what = first ? g_strdup_printf("duplicate key (first at line %d)", first)
                                              : g_strdup("NUL byte in the value");
                g_autofree char *pg = printable(group, strlen(group)), *pk = printable(key, strlen(key));
                g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: [%s] %s: %s", path, line, pg, pk, what);
                return false;
            }
            g_hash_table_insert(keys, g_steal_pointer(&key), GINT_TO_POINTER(line));
            continue;
        }
        if (nul) {
            g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: NUL byte (a key file is text)", path, line);
            return false;
        }
    }
    return true;
}
