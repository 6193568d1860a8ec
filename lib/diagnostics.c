/*
 * diagnostics.c: the list of problems found in the input (rules.md §4).
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const code_names[LB_DIAG_COUNT_] = {
    "MISSING_LAYER",
    "MISSING_FIELD",
    "BAD_VALUE",
    "MISSING_GRADE",
    "NULL_GEOMETRY",
    "EMPTY_GEOMETRY",
    "NOT_POLYGON",
    "INVALID_GEOMETRY",
    "SLIVER",
    "CRS_MISSING",
    "CRS_REPROJECTED",
    "DUPLICATE_ID",
    "UNKNOWN_PROJECT",
    "AREA_MISMATCH",
    "BASELINE_OVERLAP",
    "OCCUPATION_OVERLAP",
    "OCCUPATION_OUTSIDE_BASELINE",
    "SUPPLEMENT_ON_CULTIVATED",
    "SUPPLEMENT_OVERLAP",
    "UPGRADE_NOT_ON_CULTIVATED",
    "UPGRADE_NO_GAIN",
    "BAD_ENCODING",
    "OVERLAY_RETRIED",
    "PROJECT_WITHOUT_FEATURES",
    "CRS_NOT_CGCS2000",
};

const char *lb_diag_code_name(lb_diag_code code)
{
    if ((int)code < 0 || code >= LB_DIAG_COUNT_)
        return NULL;
    return code_names[code];
}

const char *lb_severity_name(lb_severity severity)
{
    return severity == LB_SEV_ERROR ? "error" : "warning";
}

/* Errors are what makes a computation meaningless: a role that cannot be
 * read, a field that is not there, a layer whose coordinates cannot be
 * placed. Everything else is measured around and reported. */
lb_severity lb__diag_default_severity(lb_diag_code code)
{
    switch (code) {
    case LB_DIAG_MISSING_LAYER:
    case LB_DIAG_MISSING_FIELD:
    case LB_DIAG_CRS_MISSING:
        return LB_SEV_ERROR;
    default:
        return LB_SEV_WARNING;
    }
}

lb_diagnostics *lb__diag_new(void)
{
    return calloc(1, sizeof(lb_diagnostics));
}

lb_status lb__diag_vadd(lb_diagnostics *d, lb_diag_code code,
                        lb_severity severity, const char *layer, long long fid,
                        const char *project, double area, const char *fmt,
                        va_list ap)
{
    struct lb_diagnostic *g;
    char msg[LB__MSG_MAX];
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        struct lb_diagnostic *v = realloc(d->v, cap * sizeof *v);
        if (!v) {
            d->lost = 1;
            return LB_ERR_NOMEM;
        }
        d->v = v;
        d->cap = cap;
    }
    vsnprintf(msg, sizeof msg, fmt, ap);
    g = &d->v[d->n];
    g->code = code;
    g->severity = severity;
    g->fid = fid;
    g->area = area;
    g->layer = lb__strdup(layer ? layer : "");
    g->project = lb__strdup(project ? project : "");
    g->message = lb__strdup(msg);
    if (!g->layer || !g->project || !g->message) {
        free(g->layer);
        free(g->project);
        free(g->message);
        d->lost = 1;
        return LB_ERR_NOMEM;
    }
    d->n++;
    return LB_OK;
}

lb_status lb__diag_add(lb_diagnostics *d, lb_diag_code code,
                       lb_severity severity, const char *layer, long long fid,
                       const char *project, double area, const char *fmt, ...)
{
    va_list ap;
    lb_status st;
    va_start(ap, fmt);
    st = lb__diag_vadd(d, code, severity, layer, fid, project, area, fmt, ap);
    va_end(ap);
    return st;
}

lb_status lb__diag_extend(lb_diagnostics *dst, const lb_diagnostics *src)
{
    size_t i;
    dst->lost |= src->lost;
    for (i = 0; i < src->n; i++) {
        const struct lb_diagnostic *g = &src->v[i];
        lb_status st = lb__diag_add(dst, g->code, g->severity, g->layer, g->fid,
                                    g->project, g->area, "%s", g->message);
        if (st != LB_OK)
            return st;
    }
    return LB_OK;
}

void lb__diag_clear(lb_diagnostics *d)
{
    size_t i;
    for (i = 0; i < d->n; i++) {
        free(d->v[i].layer);
        free(d->v[i].project);
        free(d->v[i].message);
    }
    d->n = 0;
    d->lost = 0;
}

void lb_diagnostics_destroy(lb_diagnostics *d)
{
    if (!d)
        return;
    lb__diag_clear(d);
    free(d->v);
    free(d);
}

size_t lb_diagnostics_count(const lb_diagnostics *d)
{
    return d ? d->n : 0;
}

size_t lb_diagnostics_count_by(const lb_diagnostics *d, int code, int severity)
{
    size_t i, n = 0;
    if (!d)
        return 0;
    for (i = 0; i < d->n; i++)
        if ((code < 0 || (int)d->v[i].code == code) &&
            (severity == 0 || (int)d->v[i].severity == severity))
            n++;
    return n;
}

const lb_diagnostic *lb_diagnostics_get(const lb_diagnostics *d, size_t i)
{
    if (!d || i >= d->n)
        return NULL;
    return &d->v[i];
}

lb_diag_code lb_diagnostic_code(const lb_diagnostic *g)
{
    return g->code;
}

lb_severity lb_diagnostic_severity(const lb_diagnostic *g)
{
    return g->severity;
}

const char *lb_diagnostic_layer(const lb_diagnostic *g)
{
    return g->layer;
}

long long lb_diagnostic_fid(const lb_diagnostic *g)
{
    return g->fid;
}

const char *lb_diagnostic_project(const lb_diagnostic *g)
{
    return g->project;
}

double lb_diagnostic_area(const lb_diagnostic *g)
{
    return g->area;
}

const char *lb_diagnostic_message(const lb_diagnostic *g)
{
    return g->message;
}
