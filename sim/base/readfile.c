/* readfile.c - see readfile.h. */
#include "readfile.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK(el2-readfile-error-quark, readfile_error)

bool read_regular_file(const char *path, char **data, gsize *len, GError **err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        int e = errno;
        g_set_error(err, READFILE_ERROR, READFILE_ERROR_OPEN, "%s: cannot open: %s", path, g_strerror(e));
        return false;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        g_set_error(err, READFILE_ERROR, READFILE_ERROR_READ, "%s: cannot stat: %s", path, g_strerror(e));
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        g_set_error(err, READFILE_ERROR, READFILE_ERROR_NOT_REGULAR, "%s: not a regular file", path);
        return false;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    /* the size is a hint: read to the end even if the file grew meanwhile */
    gsize cap = (gsize)st.st_size + 1, got = 0;
    char *buf = g_malloc(cap);
    for (;;) {
        if (got + 1 >= cap) {
            cap *= 2;
            buf = g_realloc(buf, cap);
        }
        ssize_t k = read(fd, buf + got, cap - 1 - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            int e = errno;
            close(fd);
            g_free(buf);
            g_set_error(err, READFILE_ERROR, READFILE_ERROR_READ, "%s: read error: %s", path, g_strerror(e));
            return false;
        }
        if (k == 0)
            break;
        got += (gsize)k;
    }
    close(fd);
    buf[got] = 0;
    *data = buf;
    *len = got;
    return true;
}
