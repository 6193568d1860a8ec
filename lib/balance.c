/*
 * balance.c: groups of projects and their accounts (rules.md §3
 * "Balance"): linked groups (connected components of the BCXMBH links),
 * towns (XZQMC) and the whole data set.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- union-find over project indices ---------------------------------- */

static size_t find_root(size_t *parent, size_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

typedef struct linker {
    lb_result *res;
    size_t *parent;
    size_t from;
} linker;

static lb_status link_one(const char *code, void *ud)
{
    linker *k = ud;
    const struct lb_project *p = lb__result_find(k->res, code);
    size_t a, b;
    if (!p)
        return LB_OK; /* UNKNOWN_PROJECT was reported by validation */
    a = find_root(k->parent, k->from);
    b = find_root(k->parent, (size_t)(p - k->res->projects));
    /* The smaller index becomes the root: groups are named in code order. */
    if (a < b)
        k->parent[b] = a;
    else
        k->parent[a] = b;
    return LB_OK;
}

/* ---- accounts ------------------------------------------------------- */

/* Round half away from zero to @p decimals, for the balanced test only. */
static double round_to(double v, int decimals)
{
    double f = pow(10.0, decimals);
    return round(v * f) / f;
}

/* rules.md §3: balanced when the three surpluses are >= 0 in reporting
 * units: quantity and paddy in 公顷 to 4 decimals, capacity in whole kg. */
static int is_balanced(const struct lb_group *g)
{
    return round_to(g->ind[LB_SURPLUS][LB_IND_QUANTITY] / 1e4, 4) >= 0.0 &&
           round_to(g->ind[LB_SURPLUS][LB_IND_PADDY] / 1e4, 4) >= 0.0 &&
           round_to(g->ind[LB_SURPLUS][LB_IND_CAPACITY], 0) >= 0.0;
}

/* Fill a group's account from the projects whose flag is set in @p on. */
static lb_status fill_group(lb_result *res, struct lb_group *g,
                            const char *name, const unsigned char *on)
{
    lb__sum s[2][LB__NIND], w[2], ws[2];
    size_t i, k = 0;
    int side, ind;
    memset(s, 0, sizeof s);
    memset(w, 0, sizeof w);
    memset(ws, 0, sizeof ws);
    memset(g, 0, sizeof *g);
    for (i = 0; i < res->nprojects; i++)
        g->ncodes += on[i] != 0;
    g->name = lb__strdup(name);
    g->codes = calloc(g->ncodes ? g->ncodes : 1, sizeof *g->codes);
    if (!g->name || !g->codes)
        return LB_ERR_NOMEM;
    for (i = 0; i < res->nprojects; i++) {
        const struct lb_project *p = &res->projects[i];
        if (!on[i])
            continue;
        if (!(g->codes[k++] = lb__strdup(p->code)))
            return LB_ERR_NOMEM;
        side = p->kind == LB_PROJECT_SUPPLEMENT ? LB_SUPPLIED : LB_OCCUPIED;
        for (ind = 0; ind < LB__NIND; ind++)
            lb__sum_add(&s[side][ind], lb__sum_value(&p->ind[ind]));
        lb__sum_add(&w[side], lb__sum_value(&p->grade_w));
        lb__sum_add(&ws[side], lb__sum_value(&p->grade_ws));
    }
    for (side = 0; side < 2; side++) {
        for (ind = 0; ind < LB__NIND; ind++)
            g->ind[side][ind] = lb__sum_value(&s[side][ind]);
        g->grade_w[side] = lb__sum_value(&w[side]);
        g->grade_ws[side] = lb__sum_value(&ws[side]);
    }
    for (ind = 0; ind < LB__NIND; ind++)
        g->ind[LB_SURPLUS][ind] =
            g->ind[LB_SUPPLIED][ind] - g->ind[LB_OCCUPIED][ind];
    g->balanced = is_balanced(g);
    return LB_OK;
}

/* The name of a linked group: its codes in order, comma-separated. */
static char *join_codes(const lb_result *res, const unsigned char *on)
{
    size_t i, n = 1;
    char *name;
    for (i = 0; i < res->nprojects; i++)
        if (on[i])
            n += strlen(res->projects[i].code) + 1;
    if (!(name = calloc(n, 1)))
        return NULL;
    for (i = 0; i < res->nprojects; i++)
        if (on[i]) {
            if (name[0])
                strncat(name, ",", n - strlen(name) - 1);
            strncat(name, res->projects[i].code, n - strlen(name) - 1);
        }
    return name;
}

static lb_status linked_groups(lb_result *res, size_t *parent,
                               unsigned char *on)
{
    size_t i, j, n = res->nprojects;
    lb_status st = LB_OK;
    linker k;
    k.res = res;
    k.parent = parent;
    for (i = 0; i < n; i++)
        parent[i] = i;
    for (i = 0; i < n && st == LB_OK; i++)
        if (res->projects[i].kind == LB_PROJECT_OCCUPATION) {
            k.from = i;
            st = lb__links_each(res->projects[i].links, link_one, &k);
        }
    res->groups = calloc(n ? n : 1, sizeof *res->groups);
    if (!res->groups)
        return LB_ERR_NOMEM;
    /* Roots are the smallest index of their component, so walking the
     * roots in index order lists groups in the order of their names. */
    for (i = 0; i < n && st == LB_OK; i++) {
        char *name;
        if (find_root(parent, i) != i)
            continue;
        for (j = 0; j < n; j++)
            on[j] = find_root(parent, j) == i;
        if (!(name = join_codes(res, on)))
            return LB_ERR_NOMEM;
        st = fill_group(res, &res->groups[res->ngroups++], name, on);
        free(name);
    }
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static lb_status town_groups(lb_result *res, unsigned char *on)
{
    size_t i, j, n = res->nprojects, ntown = 0;
    const char **names = malloc((n ? n : 1) * sizeof *names);
    lb_status st = LB_OK;
    res->towns = calloc(n ? n : 1, sizeof *res->towns);
    if (!names || !res->towns) {
        free(names);
        return LB_ERR_NOMEM;
    }
    for (i = 0; i < n; i++)
        names[i] = res->projects[i].town;
    qsort(names, n, sizeof *names, cmp_str);
    for (i = 0; i < n; i++)
        if (i == 0 || strcmp(names[i], names[i - 1]) != 0)
            names[ntown++] = names[i];
    for (i = 0; i < ntown && st == LB_OK; i++) {
        for (j = 0; j < n; j++)
            on[j] = strcmp(res->projects[j].town, names[i]) == 0;
        st = fill_group(res, &res->towns[res->ntowns++], names[i], on);
    }
    free(names);
    return st;
}

lb_status lb__balance_groups(lb_context *ctx, lb_result *res)
{
    size_t n = res->nprojects;
    size_t *parent = malloc((n ? n : 1) * sizeof *parent);
    unsigned char *on = malloc(n ? n : 1);
    lb_status st = LB_ERR_NOMEM;
    if (parent && on) {
        st = linked_groups(res, parent, on);
        if (st == LB_OK)
            st = town_groups(res, on);
        if (st == LB_OK) {
            memset(on, 1, n);
            st = fill_group(res, &res->total, "total", on);
        }
    }
    free(parent);
    free(on);
    if (st == LB_ERR_NOMEM)
        lb__fail(ctx, st, "out of memory");
    return st;
}
