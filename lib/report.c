/*
 * report.c: writing results and diagnostics to a file atomically (a
 * link's target too; a device or FIFO in place), or to standard output;
 * the format dispatch.
 */
/* realpath(): XSI in glibc's eyes */
#define _XOPEN_SOURCE 700

#include "internal.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

lb_status lb_format_parse(const char *name, lb_format *out)
{
    if (!name || !out)
        return LB_ERR_ARG;
    if (strcmp(name, "text") == 0)
        *out = LB_FORMAT_TEXT;
    else if (strcmp(name, "json") == 0)
        *out = LB_FORMAT_JSON;
    else if (strcmp(name, "csv") == 0)
        *out = LB_FORMAT_CSV;
    else
        return LB_ERR_ARG;
    return LB_OK;
}

/* The mode of the report: an existing file's own, else what any new file
 * gets (0666 less the umask, applied by open()), as `> FILE` would give.
 * mkstemp() would leave 0600, unreadable to the colleagues the report is
 * for. */
static int temp_open(const char *path, char *tmp, size_t size, const void *salt)
{
    struct stat st;
    int fd = -1, i, have = stat(path, &st) == 0 && S_ISREG(st.st_mode);
    /* O_EXCL makes a clash harmless: try the next name. */
    for (i = 0; fd < 0 && i < 100; i++) {
        if ((size_t)snprintf(tmp, size, "%s.tmp%ld-%lx-%d", path,
                             (long)getpid(), (unsigned long)(uintptr_t)salt,
                             i) >= size) {
            errno = ENAMETOOLONG;
            break;
        }
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd >= 0 && have)
        fchmod(fd, st.st_mode & 07777);
    return fd;
}

/* Open the destination: stdout; a temporary file beside the report that
 * out_close() renames over it; or, for what renaming over would replace
 * (a device such as /dev/null, which root could replace, a FIFO), the
 * destination itself, written in place. A symbolic link to a report is
 * followed: the temporary file goes beside its target, and the link
 * stays. *dest is the file renamed over; *tmp stays empty unless there is
 * a temporary file. */
static lb_status out_open(lb_context *ctx, const char *path, FILE **f,
                          char *tmp, size_t size, char *dest, size_t dsize)
{
    struct stat ls, ts;
    int fd;
    tmp[0] = '\0';
    lb__strlcpy(dest, path ? path : "", dsize);
    if (!path || strcmp(path, "-") == 0) {
        *f = stdout;
        return LB_OK;
    }
    if (lstat(path, &ls) == 0 && S_ISLNK(ls.st_mode) && stat(path, &ts) == 0 &&
        S_ISREG(ts.st_mode)) {
        char *real = realpath(path, NULL);
        if (real && strlen(real) < dsize)
            lb__strlcpy(dest, real, dsize);
        free(real);
    }
    if (lstat(dest, &ls) == 0 && !S_ISREG(ls.st_mode)) {
        if (!(*f = fopen(path, "w")))
            return lb__fail(ctx, LB_ERR_IO, "cannot write %s: %s", path,
                            strerror(errno));
        return LB_OK;
    }
    fd = temp_open(dest, tmp, size, ctx);
    if (fd < 0 || !(*f = fdopen(fd, "w"))) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        tmp[0] = '\0';
        return lb__fail(ctx, LB_ERR_IO, "cannot write beside %s: %s", path,
                        strerror(e));
    }
    return LB_OK;
}

/* Flush the temporary file to disk and rename it over @p path; on any
 * failure remove it and leave @p path as it was. */
static lb_status out_close(lb_context *ctx, const char *path, FILE *f,
                           const char *tmp, const char *dest, lb_status st)
{
    int bad = ferror(f), e = 0;
    if (f == stdout) {
        bad |= fflush(f) != 0;
        return st == LB_OK && bad
                   ? lb__fail(ctx, LB_ERR_IO, "cannot write to standard output")
                   : st;
    }
    if (!tmp[0]) { /* written in place */
        if (fflush(f) != 0)
            e = errno;
        if (fclose(f) != 0 && !e)
            e = errno;
        bad |= e != 0;
        return st == LB_OK && bad
                   ? lb__fail(ctx, LB_ERR_IO, "cannot write %s: %s", path,
                              strerror(e ? e : EIO))
                   : st;
    }
    /* fsync before rename: else a crash can leave an empty file in place
     * of the old report on some file systems. */
    bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
    if (bad)
        e = errno;
    bad |= fclose(f) != 0;
    if (bad && !e)
        e = errno;
    if (st == LB_OK && !bad && rename(tmp, dest) == 0)
        return LB_OK;
    if (!e)
        e = errno;
    unlink(tmp);
    if (st != LB_OK)
        return st;
    return lb__fail(ctx, LB_ERR_IO, "cannot write %s: %s", path, strerror(e));
}

size_t lb__result_errors(const lb_result *res)
{
    return lb_diagnostics_count_by(lb_result_diagnostics(res), -1,
                                   LB_SEV_ERROR);
}

lb_status lb_result_write(lb_context *ctx, const lb_result *res,
                          lb_format format, const char *path)
{
    char tmp[1100], dest[1024];
    FILE *f;
    lb_status st;
    if (!ctx || !res)
        return lb__fail(ctx, LB_ERR_ARG, "lb_result_write: NULL argument");
    if ((st = out_open(ctx, path, &f, tmp, sizeof tmp, dest, sizeof dest)) !=
        LB_OK)
        return st;
    switch (format) {
    case LB_FORMAT_JSON:
        st = lb__write_json(ctx, res, f);
        break;
    case LB_FORMAT_CSV:
        st = lb__write_csv(ctx, res, f);
        break;
    case LB_FORMAT_TEXT:
        st = lb__write_text(ctx, res, f);
        break;
    default:
        st = lb__fail(ctx, LB_ERR_ARG, "unknown format %d", (int)format);
    }
    return out_close(ctx, path, f, tmp, dest, st);
}

lb_status lb_diagnostics_write(lb_context *ctx, const lb_diagnostics *d,
                               lb_format format, const char *path)
{
    char tmp[1100], dest[1024];
    FILE *f;
    lb_status st;
    if (!ctx || !d)
        return lb__fail(ctx, LB_ERR_ARG, "lb_diagnostics_write: NULL argument");
    if ((st = out_open(ctx, path, &f, tmp, sizeof tmp, dest, sizeof dest)) !=
        LB_OK)
        return st;
    if (format == LB_FORMAT_JSON)
        st = lb__write_diagnostics_json(ctx, d, f);
    else
        st = lb__write_diagnostics_text(ctx, d, f, 0);
    return out_close(ctx, path, f, tmp, dest, st);
}
