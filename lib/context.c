/*
 * context.c: lb_context (error state, GEOS handle, PROJ context, log and
 * progress callbacks), status texts, version, and small shared helpers.
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LB__STR2(x) #x
#define LB__STR(x) LB__STR2(x)

const char *lb_version(void)
{
    return LB__STR(LANDBAL_VERSION_MAJOR) "." LB__STR(
        LANDBAL_VERSION_MINOR) "." LB__STR(LANDBAL_VERSION_PATCH);
}

const char *lb_errstr(lb_status status)
{
    switch (status) {
    case LB_OK:
        return "no error";
    case LB_ERR_ARG:
        return "bad argument";
    case LB_ERR_NOMEM:
        return "out of memory";
    case LB_ERR_GEOMETRY:
        return "unusable geometry";
    case LB_ERR_CRS:
        return "unusable coordinate reference system";
    case LB_ERR_IO:
        return "cannot read or write a data source";
    case LB_ERR_INPUT:
        return "the input has errors";
    case LB_ERR_GEOS:
        return "GEOS failed";
    case LB_ERR_PROJ:
        return "PROJ failed";
    case LB_ERR_CONFIG:
        return "bad configuration table";
    case LB_ERR_INTERNAL:
        return "internal error";
    }
    return "unknown status";
}

/* GEOS reports errors through a per-handle callback: keep the text so the
 * failing call can put it into the context message. */
static void geos_error(const char *message, void *ud)
{
    lb_context *ctx = ud;
    lb__strlcpy(ctx->geos_msg, message ? message : "", sizeof ctx->geos_msg);
}

static void geos_notice(const char *message, void *ud)
{
    lb_context *ctx = ud;
    lb__log(ctx, LB_LOG_DEBUG, "GEOS: %s", message ? message : "");
}

static void proj_log(void *ud, int level, const char *message)
{
    lb_context *ctx = ud;
    lb__log(ctx, level <= PJ_LOG_ERROR ? LB_LOG_WARNING : LB_LOG_DEBUG,
            "PROJ: %s", message ? message : "");
}

lb_status lb_context_create(lb_context **out)
{
    lb_context *ctx;
    if (!out)
        return LB_ERR_ARG;
    *out = ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return LB_ERR_NOMEM;
    ctx->geos = GEOS_init_r();
    if (!ctx->geos)
        return lb__fail(ctx, LB_ERR_GEOS, "cannot create a GEOS context");
    GEOSContext_setErrorMessageHandler_r(ctx->geos, geos_error, ctx);
    GEOSContext_setNoticeMessageHandler_r(ctx->geos, geos_notice, ctx);
    ctx->proj = proj_context_create();
    if (!ctx->proj)
        return lb__fail(ctx, LB_ERR_PROJ, "cannot create a PROJ context");
    proj_log_func(ctx->proj, ctx, proj_log);
    return LB_OK;
}

void lb_context_destroy(lb_context *ctx)
{
    if (!ctx)
        return;
    if (ctx->wkb_reader)
        GEOSWKBReader_destroy_r(ctx->geos, ctx->wkb_reader);
    if (ctx->geos)
        GEOS_finish_r(ctx->geos);
    if (ctx->proj)
        proj_context_destroy(ctx->proj);
    free(ctx);
}

const char *lb_errmsg(const lb_context *ctx)
{
    if (!ctx)
        return "no context (out of memory?)";
    return ctx->msg;
}

lb_status lb_errcode(const lb_context *ctx)
{
    return ctx ? ctx->status : LB_ERR_ARG;
}

void lb_context_set_log(lb_context *ctx, lb_log_fn fn, void *user_data)
{
    if (!ctx)
        return;
    ctx->log = fn;
    ctx->log_ud = user_data;
}

void lb_context_set_progress(lb_context *ctx, lb_progress_fn fn,
                             void *user_data)
{
    if (!ctx)
        return;
    ctx->progress = fn;
    ctx->progress_ud = user_data;
}

struct GEOSContextHandle_HS *lb_context_geos(lb_context *ctx)
{
    return ctx ? ctx->geos : NULL;
}

lb_status lb__fail(lb_context *ctx, lb_status status, const char *fmt, ...)
{
    va_list ap;
    if (!ctx)
        return status;
    ctx->status = status;
    if (status == LB_OK || !fmt) {
        ctx->msg[0] = '\0';
        return status;
    }
    va_start(ap, fmt);
    vsnprintf(ctx->msg, sizeof ctx->msg, fmt, ap);
    va_end(ap);
    return status;
}

void lb__log(lb_context *ctx, lb_log_level level, const char *fmt, ...)
{
    char line[LB__MSG_MAX];
    va_list ap;
    if (!ctx || !ctx->log)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    ctx->log(ctx->log_ud, level, line);
}

int lb__progress(lb_context *ctx, double complete, const char *message)
{
    if (!ctx || !ctx->progress)
        return 1;
    return ctx->progress(complete, message, ctx->progress_ud);
}

GEOSWKBReader *lb__wkb_reader(lb_context *ctx)
{
    if (!ctx->wkb_reader)
        ctx->wkb_reader = GEOSWKBReader_create_r(ctx->geos);
    return ctx->wkb_reader;
}

char *lb__strdup(const char *s)
{
    size_t n;
    char *d;
    if (!s)
        return NULL;
    n = strlen(s) + 1;
    d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

int lb__grow(void **v[], size_t m, size_t *cap, size_t n, const size_t *elem,
             size_t first)
{
    size_t nc = *cap ? *cap : first, i;
    if (n <= *cap)
        return 1;
    while (nc < n)
        nc *= 2;
    for (i = 0; i < m; i++) {
        void *nv = realloc(*v[i], nc * elem[i]);
        if (!nv)
            return 0;
        *v[i] = nv;
    }
    *cap = nc;
    return 1;
}

void lb__strlcpy(char *dst, const char *src, size_t size)
{
    size_t n;
    if (!size)
        return;
    n = src ? strlen(src) : 0;
    if (n >= size)
        n = size - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}
