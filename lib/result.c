/*
 * result.c: lb_balance() and the result's accessors.
 */
#include "internal.h"
#include "pipeline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_project(const void *a, const void *b)
{
    const struct lb_project *x = a, *y = b;
    return strcmp(x->code, y->code);
}

lb_status lb__result_projects(lb_context *ctx, const lb__data *d,
                              lb_result *res)
{
    size_t i;
    res->projects = calloc(d->nproj ? d->nproj : 1, sizeof *res->projects);
    if (!res->projects)
        return lb__fail(ctx, LB_ERR_NOMEM, "out of memory");
    for (i = 0; i < d->nproj; i++) {
        struct lb_project *p = &res->projects[res->nprojects];
        const lb__proj *r = &d->proj[i];
        const char *town = r->xzqmc[0] ? r->xzqmc : r->xzqdm;
        p->kind = r->kind;
        p->code = lb__strdup(r->xmbh);
        p->name = lb__strdup(r->xmmc);
        p->town = lb__strdup(town[0] ? town : "(no town)");
        p->town_code = lb__strdup(r->xzqdm);
        p->links = lb__strdup(r->links);
        res->nprojects++;
        if (!p->code || !p->name || !p->town || !p->town_code || !p->links)
            return lb__fail(ctx, LB_ERR_NOMEM, "out of memory");
    }
    qsort(res->projects, res->nprojects, sizeof *res->projects, cmp_project);
    return LB_OK;
}

static int cmp_code(const void *key, const void *elem)
{
    const struct lb_project *p = elem;
    return strcmp(key, p->code);
}

struct lb_project *lb__result_find(const lb_result *res, const char *code)
{
    if (!res || !code)
        return NULL;
    return bsearch(code, res->projects, res->nprojects, sizeof *res->projects,
                   cmp_code);
}

static void group_free(struct lb_group *g)
{
    size_t i;
    for (i = 0; g->codes && i < g->ncodes; i++)
        free(g->codes[i]);
    free(g->codes);
    free(g->name);
}

void lb_result_destroy(lb_result *res)
{
    size_t i;
    if (!res)
        return;
    for (i = 0; i < res->nprojects; i++) {
        struct lb_project *p = &res->projects[i];
        free(p->code);
        free(p->name);
        free(p->town);
        free(p->town_code);
        free(p->links);
    }
    for (i = 0; i < res->ngroups; i++)
        group_free(&res->groups[i]);
    for (i = 0; i < res->ntowns; i++)
        group_free(&res->towns[i]);
    group_free(&res->total);
    free(res->projects);
    free(res->groups);
    free(res->towns);
    lb_diagnostics_destroy(res->diag);
    free(res);
}

/* Error diagnostics stop the computation (rules.md §4). */
static lb_status stop_on_errors(lb_context *ctx, const lb_result *res)
{
    size_t n = lb_diagnostics_count_by(res->diag, -1, LB_SEV_ERROR);
    if (!n)
        return LB_OK;
    return lb__fail(ctx, LB_ERR_INPUT,
                    "the input has %zu error(s); no balance was computed", n);
}

static lb_status run(lb_context *ctx, const lb_input *in, lb_result *res)
{
    lb__data data;
    lb__tail tail = {NULL, 0, NULL, NULL};
    lb_status st = lb__data_load(ctx, in, res->diag, &data);
    if (st == LB_OK)
        st = lb__validate(ctx, &data, res->diag, 0);
    lb__strlcpy(res->crs, data.crs, sizeof res->crs);
    if (st == LB_OK)
        st = stop_on_errors(ctx, res);
    if (st == LB_OK && !in->yield_path)
        st = lb__fail(ctx, LB_ERR_CONFIG,
                      "no grade -> yield table: give one (--yield CSV)");
    data.threads = in->threads;
    if (st == LB_OK)
        st = lb__result_projects(ctx, &data, res);
    if (st == LB_OK)
        st = lb__measure(ctx, &data, res, &tail);
    /* The baseline is read while measuring: its errors stop the run
     * there. */
    if (st == LB_OK)
        st = stop_on_errors(ctx, res);
    if (st == LB_OK)
        st = lb__balance_groups(ctx, res);
    lb__data_free(ctx, &data);
    /* the pass's workers have been freeing their states meanwhile; the
     * footprints and claims they were prepared from go after them */
    lb__tail_join(&tail);
    return st;
}

lb_status lb_balance(lb_context *ctx, const lb_input *in, lb_result **out)
{
    lb_result *res;
    lb_status st;
    if (!out)
        return lb__fail(ctx, LB_ERR_ARG, "lb_balance: out is NULL");
    *out = NULL;
    if (!ctx || !in)
        return lb__fail(ctx, LB_ERR_ARG, "lb_balance: NULL context or input");
    res = calloc(1, sizeof *res);
    if (!res || !(res->diag = lb__diag_new())) {
        free(res);
        return lb__fail(ctx, LB_ERR_NOMEM, "out of memory");
    }
    res->method = in->method;
    lb__strlcpy(res->dataset, in->dataset ? in->dataset : "",
                sizeof res->dataset);
    st = run(ctx, in, res);
    if ((st == LB_OK || st == LB_ERR_INPUT) && res->diag->lost)
        st = lb__fail(ctx, LB_ERR_NOMEM,
                      "out of memory: a diagnostic could not be recorded");
    /* With LB_ERR_INPUT no group was computed; the total is still named so
     * that the result can be written (its diagnostics say what is wrong). */
    if (st == LB_ERR_INPUT && !res->total.name &&
        !(res->total.name = lb__strdup("total")))
        st = lb__fail(ctx, LB_ERR_NOMEM, "out of memory");
    if (st == LB_OK || st == LB_ERR_INPUT)
        *out = res;
    else
        lb_result_destroy(res);
    return st;
}

/* ---- accessors ------------------------------------------------------ */

const lb_diagnostics *lb_result_diagnostics(const lb_result *res)
{
    return res ? res->diag : NULL;
}

const char *lb_result_crs(const lb_result *res)
{
    return res ? res->crs : "";
}

const char *lb_result_dataset(const lb_result *res)
{
    return res ? res->dataset : "";
}

lb_area_method lb_result_area_method(const lb_result *res)
{
    return res ? res->method : LB_AREA_SURVEY;
}

size_t lb_result_project_count(const lb_result *res)
{
    return res ? res->nprojects : 0;
}

const lb_project *lb_result_project(const lb_result *res, size_t i)
{
    return res && i < res->nprojects ? &res->projects[i] : NULL;
}

const lb_project *lb_result_project_find(const lb_result *res, const char *code)
{
    return lb__result_find(res, code);
}

const char *lb_project_code(const lb_project *p)
{
    return p->code;
}

const char *lb_project_name(const lb_project *p)
{
    return p->name;
}

lb_project_kind lb_project_kind_of(const lb_project *p)
{
    return p->kind;
}

const char *lb_project_town(const lb_project *p)
{
    return p->town;
}

double lb_project_indicator(const lb_project *p, lb_indicator ind)
{
    if ((int)ind < 0 || ind >= LB__NIND)
        return NAN;
    return lb__sum_value(&p->ind[ind]);
}

double lb_project_mean_grade(const lb_project *p)
{
    double w = lb__sum_value(&p->grade_w);
    return w > 0.0 ? lb__sum_value(&p->grade_ws) / w : NAN;
}

double lb_project_footprint(const lb_project *p)
{
    return p->footprint;
}

double lb_project_by_class(const lb_project *p, const char *dlbm)
{
    int cls = lb__cultivated_class(dlbm);
    return cls ? lb__sum_value(&p->by_class[cls]) : 0.0;
}

double lb_project_by_grade(const lb_project *p, int grade)
{
    if (grade < 1 || grade > LB__GRADES)
        return 0.0;
    return lb__sum_value(&p->by_grade[grade]);
}

size_t lb_result_group_count(const lb_result *res)
{
    return res ? res->ngroups : 0;
}

const lb_group *lb_result_group(const lb_result *res, size_t i)
{
    return res && i < res->ngroups ? &res->groups[i] : NULL;
}

size_t lb_result_town_count(const lb_result *res)
{
    return res ? res->ntowns : 0;
}

const lb_group *lb_result_town(const lb_result *res, size_t i)
{
    return res && i < res->ntowns ? &res->towns[i] : NULL;
}

const lb_group *lb_result_total(const lb_result *res)
{
    return res ? &res->total : NULL;
}

const char *lb_group_name(const lb_group *g)
{
    return g->name ? g->name : "";
}

size_t lb_group_project_count(const lb_group *g)
{
    return g->ncodes;
}

const char *lb_group_project_code(const lb_group *g, size_t i)
{
    return i < g->ncodes ? g->codes[i] : NULL;
}

double lb_group_indicator(const lb_group *g, lb_side side, lb_indicator ind)
{
    if ((int)side < 0 || side > LB_SURPLUS || (int)ind < 0 || ind >= LB__NIND)
        return NAN;
    return g->ind[side][ind];
}

int lb_group_balanced(const lb_group *g)
{
    return g->balanced;
}

double lb_group_mean_grade(const lb_group *g, lb_side side)
{
    if (side != LB_OCCUPIED && side != LB_SUPPLIED)
        return NAN;
    return g->grade_w[side] > 0.0 ? g->grade_ws[side] / g->grade_w[side] : NAN;
}
