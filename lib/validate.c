/*
 * validate.c: checks across features and layers (rules.md §4):
 * duplicate ids, project codes that the project table does not know, and
 * baseline parcels that overlap each other.
 */
#include "internal.h"
#include "pipeline.h"
#include "touch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Overlaps under this area are noise of shared edges, not data errors:
 * the survey's reporting unit is 0.01 m² (domain.md §1.5). */
#define LB__OVERLAP_TOL_M2 0.01

static int cmp_proj(const void *a, const void *b)
{
    const lb__proj *const *x = a, *const *y = b;
    int c = strcmp((*x)->xmbh, (*y)->xmbh);
    if (c)
        return c;
    return (*x)->fid < (*y)->fid ? -1 : (*x)->fid > (*y)->fid;
}

static int cmp_key(const void *key, const void *elem)
{
    const lb__proj *const *p = elem;
    return strcmp(key, (*p)->xmbh);
}

/* The projects sorted by code (and fid), for look-ups; NULL: no memory. */
static lb__proj **sorted_projects(const lb__data *d)
{
    lb__proj **v = malloc((d->nproj ? d->nproj : 1) * sizeof *v);
    size_t i;
    if (!v)
        return NULL;
    for (i = 0; i < d->nproj; i++)
        v[i] = &d->proj[i];
    qsort(v, d->nproj, sizeof *v, cmp_proj);
    return v;
}

static const lb__proj *find(lb__proj **sorted, size_t n, const char *code)
{
    lb__proj **p = bsearch(code, sorted, n, sizeof *sorted, cmp_key);
    return p ? *p : NULL;
}

static lb_status duplicate_projects(const lb__data *d, lb__proj **v, size_t n,
                                    lb_diagnostics *diag)
{
    size_t i;
    lb_status st = LB_OK;
    for (i = 1; i < n && st == LB_OK; i++)
        if (strcmp(v[i]->xmbh, v[i - 1]->xmbh) == 0)
            st = lb__diag_add(diag, LB_DIAG_DUPLICATE_ID, LB_SEV_ERROR,
                              d->layer[LB_ROLE_PROJECTS], v[i]->fid, v[i]->xmbh,
                              NAN,
                              "project code %s appears again in the project "
                              "table (features %lld and %lld): codes must be "
                              "unique",
                              v[i]->xmbh, v[i - 1]->fid, v[i]->fid);
    return st;
}

static int cmp_parcel_bsm(const void *a, const void *b)
{
    const lb__parcel *const *x = a, *const *y = b;
    int c = strcmp((*x)->bsm, (*y)->bsm);
    if (c)
        return c;
    if ((*x)->bsm_hash != (*y)->bsm_hash)
        return (*x)->bsm_hash < (*y)->bsm_hash ? -1 : 1;
    return (*x)->fid < (*y)->fid ? -1 : (*x)->fid > (*y)->fid;
}

static lb_status duplicate_parcels(const lb__data *d, lb_diagnostics *diag)
{
    const lb__parcel **v = malloc((d->nparcels ? d->nparcels : 1) * sizeof *v);
    size_t i;
    lb_status st = LB_OK;
    if (!v)
        return LB_ERR_NOMEM;
    for (i = 0; i < d->nparcels; i++)
        v[i] = &d->parcels[i];
    qsort(v, d->nparcels, sizeof *v, cmp_parcel_bsm);
    for (i = 1; i < d->nparcels && st == LB_OK; i++)
        if (strcmp(v[i]->bsm, v[i - 1]->bsm) == 0 &&
            v[i]->bsm_hash == v[i - 1]->bsm_hash)
            st = lb__diag_add(diag, LB_DIAG_DUPLICATE_ID, LB_SEV_WARNING,
                              d->layer[LB_ROLE_BASELINE], v[i]->fid, NULL, NAN,
                              "BSM %s is used by features %lld and %lld of "
                              "the baseline",
                              v[i]->bsm, v[i - 1]->fid, v[i]->fid);
    free(v);
    return st;
}

/* A feature's project must be in the table with the right kind. */
static lb_status check_code(lb__proj **v, size_t n, const char *layer,
                            long long fid, const char *code,
                            lb_project_kind kind, lb_diagnostics *diag)
{
    const lb__proj *p = find(v, n, code);
    const char *want =
        kind == LB_PROJECT_OCCUPATION ? "occupation" : "supplement";
    if (!p)
        return lb__diag_add(diag, LB_DIAG_UNKNOWN_PROJECT, LB_SEV_ERROR, layer,
                            fid, code, NAN,
                            "feature %lld of %s belongs to project %s, which "
                            "the project table xmxx does not list",
                            fid, layer, code);
    if (p->kind && p->kind != kind)
        return lb__diag_add(
            diag, LB_DIAG_UNKNOWN_PROJECT, LB_SEV_ERROR, layer, fid, code, NAN,
            "feature %lld of %s belongs to project %s, which "
            "the project table lists as %s, not %s",
            fid, layer, code,
            p->kind == LB_PROJECT_OCCUPATION ? "occupation" : "supplement",
            want);
    return LB_OK;
}

/* Split a BCXMBH list on ASCII or full-width commas, semicolons and
 * blanks; calls fn for each code. */
lb_status lb__links_each(const char *links,
                         lb_status (*fn)(const char *code, void *ud), void *ud)
{
    char *buf = lb__strdup(links ? links : ""), *p, *start;
    lb_status st = LB_OK;
    if (!buf)
        return LB_ERR_NOMEM;
    for (p = start = buf;; p++) {
        int sep =
            *p == ',' || *p == ';' || *p == ' ' || *p == '\t' || *p == '\0';
        int wide = strncmp(p, "\xEF\xBC\x8C", 3) == 0 || /* ， */
                   strncmp(p, "\xEF\xBC\x9B", 3) == 0 || /* ； */
                   strncmp(p, "\xE3\x80\x81", 3) == 0;   /* 、 */
        if (sep || wide) {
            char end = *p;
            *p = '\0';
            if ((*start && (st = fn(start, ud)) != LB_OK) || end == '\0')
                break;
            p += wide ? 2 : 0;
            start = p + 1;
        }
    }
    free(buf);
    return st;
}

typedef struct link_check {
    const lb__data *d;
    lb__proj **v;
    size_t n;
    const lb__proj *from;
    lb_diagnostics *diag;
} link_check;

static lb_status check_link(const char *code, void *ud)
{
    link_check *lc = ud;
    const lb__proj *p = find(lc->v, lc->n, code);
    if (p && p->kind == LB_PROJECT_SUPPLEMENT)
        return LB_OK;
    return lb__diag_add(lc->diag, LB_DIAG_UNKNOWN_PROJECT, LB_SEV_ERROR,
                        lc->d->layer[LB_ROLE_PROJECTS], lc->from->fid,
                        lc->from->xmbh, NAN,
                        p ? "project %s draws on %s (BCXMBH), which is not a "
                            "supplement project"
                          : "project %s draws on %s (BCXMBH), which the "
                            "project table does not list",
                        lc->from->xmbh, code);
}

/* No project table (MISSING_LAYER) or an empty one: one error for all
 * the features it leaves without a project, not one per feature. */
static lb_status no_projects(const lb__data *d, lb_diagnostics *diag)
{
    if (d->nocc + d->nsupp == 0)
        return LB_OK;
    return lb__diag_add(diag, LB_DIAG_UNKNOWN_PROJECT, LB_SEV_ERROR,
                        d->layer[LB_ROLE_PROJECTS], -1, NULL, NAN,
                        "the project table lists no projects: none of the "
                        "%zu occupation and %zu supplement features can be "
                        "put in a project",
                        d->nocc, d->nsupp);
}

/* Projects of the table without a single readable feature: each would
 * count as occupying or supplying nothing, which is almost never what the
 * table means (a footprint left out of the export, or one whose geometry
 * could not be read: its own diagnostic says why). */
static lb_status empty_projects(const lb__data *d, lb__proj **v,
                                lb_diagnostics *diag)
{
    unsigned char *used = calloc(d->nproj ? d->nproj : 1, 1);
    const lb__proj *p;
    size_t i;
    lb_status st = LB_OK;
    if (!used)
        return LB_ERR_NOMEM;
    /* a feature counts for the project of its code and its kind (a
     * footprint coded to a supplement project is UNKNOWN_PROJECT) */
    for (i = 0; i < d->nocc; i++)
        if ((p = find(v, d->nproj, d->occ[i].xmbh)) != NULL &&
            p->kind == LB_PROJECT_OCCUPATION)
            used[p - d->proj] = 1;
    for (i = 0; i < d->nsupp; i++)
        if ((p = find(v, d->nproj, d->supp[i].xmbh)) != NULL &&
            p->kind == LB_PROJECT_SUPPLEMENT)
            used[p - d->proj] = 1;
    for (i = 0; i < d->nproj && st == LB_OK; i++) {
        int occ = d->proj[i].kind == LB_PROJECT_OCCUPATION;
        lb_role role = occ ? LB_ROLE_OCCUPATION : LB_ROLE_SUPPLEMENT;
        /* by code: of rows with the same code (DUPLICATE_ID), only the
         * one the lookup finds is told */
        p = find(v, d->nproj, d->proj[i].xmbh);
        if (!d->proj[i].kind || !d->complete[role] || p != &d->proj[i] ||
            used[i])
            continue;
        st = lb__diag_add(
            diag, LB_DIAG_PROJECT_WITHOUT_FEATURES, LB_SEV_WARNING,
            d->layer[LB_ROLE_PROJECTS], d->proj[i].fid, d->proj[i].xmbh, NAN,
            "%s project %s has no %s in %s that could be read: it counts as "
            "%s nothing",
            occ ? "occupation" : "supplement", d->proj[i].xmbh,
            occ ? "footprint" : "parcel", d->layer[role],
            occ ? "occupying" : "supplying");
    }
    free(used);
    return st;
}

static lb_status check_projects(const lb__data *d, lb__proj **v,
                                lb_diagnostics *diag)
{
    size_t i;
    lb_status st = LB_OK;
    link_check lc;
    if (d->nproj == 0)
        return no_projects(d, diag);
    lc.d = d;
    lc.v = v;
    lc.n = d->nproj;
    lc.diag = diag;
    for (i = 0; i < d->nocc && st == LB_OK; i++)
        st =
            check_code(v, d->nproj, d->layer[LB_ROLE_OCCUPATION], d->occ[i].fid,
                       d->occ[i].xmbh, LB_PROJECT_OCCUPATION, diag);
    for (i = 0; i < d->nsupp && st == LB_OK; i++)
        st = check_code(v, d->nproj, d->layer[LB_ROLE_SUPPLEMENT],
                        d->supp[i].fid, d->supp[i].xmbh, LB_PROJECT_SUPPLEMENT,
                        diag);
    for (i = 0; i < d->nproj && st == LB_OK; i++) {
        if (d->proj[i].kind != LB_PROJECT_OCCUPATION)
            continue;
        lc.from = &d->proj[i];
        st = lb__links_each(d->proj[i].links, check_link, &lc);
    }
    return st == LB_OK ? empty_projects(d, v, diag) : st;
}

/* ---- overlaps between baseline parcels ------------------------------ */

/* The overlap test runs in parallel over ranges of parcels, each worker
 * with its own context and index; diagnostics are merged in parcel order,
 * so the list is the same for any number of threads. */
#define OVERLAP_CHUNK 1024

/* Parcels a worker keeps read for the touch proof in one range: those of
 * the range and their neighbours; beyond, the proof reads them for each
 * test (the same answer, only slower). They are found by parcel index in
 * a table of twice as many slots (open addressing, a power of two), so
 * that a worker's memory does not grow with the baseline. */
#define OVERLAP_TOUCH_CACHE (4 * OVERLAP_CHUNK)
#define OVERLAP_TOUCH_BITS 13
#define OVERLAP_TOUCH_SLOTS ((size_t)1 << OVERLAP_TOUCH_BITS)

typedef struct touch_slot {
    size_t k;             /* the parcel */
    lb__touch_prep *prep; /* NULL: the slot is free */
} touch_slot;

typedef struct overlap_worker {
    const lb__data *d;
    GEOSSTRtree *tree; /* of every parcel, in the worker's context */
    /* the parcels read for the touch proof, made on first need and freed
     * at the end of the range; made[] lists the slots in use */
    touch_slot *slots;
    size_t *made, nmade;
} overlap_worker;

typedef struct overlap_scan {
    lb_context *ctx;
    overlap_worker *w;
    const lb__data *d;
    size_t i;
    const GEOSPreparedGeometry *prep;
    lb_diagnostics *diag;
    lb_status st;
} overlap_scan;

/* Parcel @p k read for the touch proof (kept until the end of the range),
 * or NULL when out of memory or the cache is full. At most half of the
 * slots are in use, so the search ends. */
static const lb__touch_prep *touch_of(overlap_scan *s, size_t k)
{
    overlap_worker *w = s->w;
    size_t i = (size_t)(((unsigned long long)k * 0x9E3779B97F4A7C15ULL) >>
                        (64 - OVERLAP_TOUCH_BITS));
    while (w->slots[i].prep && w->slots[i].k != k)
        i = (i + 1) & (OVERLAP_TOUCH_SLOTS - 1);
    if (!w->slots[i].prep && w->nmade < OVERLAP_TOUCH_CACHE &&
        (w->slots[i].prep =
             lb__touch_prepare(s->ctx->geos, s->d->parcels[k].geom))) {
        w->slots[i].k = k;
        w->made[w->nmade++] = i;
    }
    return w->slots[i].prep;
}

static void overlap_visit(void *item, void *ud)
{
    overlap_scan *s = ud;
    const lb__parcel *a = &s->d->parcels[s->i], *b = item;
    GEOSGeometry *x;
    double area = 0;
    if (s->st != LB_OK || b <= a)
        return; /* each pair once */
    if (lb__interiors_apart_prepared(
            s->ctx->geos, &s->prep, touch_of(s, s->i), a->geom,
            touch_of(s, (size_t)(b - s->d->parcels)), b->geom))
        return;
    x = lb__intersection(s->ctx, a->geom, b->geom, NULL);
    if (x && lb_area_geometry(s->ctx, &s->d->area, x, &area) == LB_OK &&
        area > LB__OVERLAP_TOL_M2)
        s->st = lb__diag_add(s->diag, LB_DIAG_BASELINE_OVERLAP, LB_SEV_WARNING,
                             s->d->layer[LB_ROLE_BASELINE], b->fid, NULL, area,
                             "baseline parcels %s (feature %lld) and %s "
                             "(feature %lld) overlap by %.2f m²: land there "
                             "would be counted twice",
                             a->bsm, a->fid, b->bsm, b->fid, area);
    if (x)
        GEOSGeom_destroy_r(s->ctx->geos, x);
}

static lb_status overlap_process(void *state, lb_context *ctx, size_t first,
                                 size_t n, lb_diagnostics *diag)
{
    overlap_worker *w = state;
    overlap_scan s;
    size_t i;
    s.ctx = ctx;
    s.w = w;
    s.d = w->d;
    s.diag = diag;
    s.st = LB_OK;
    for (i = first; i < first + n && s.st == LB_OK; i++) {
        s.i = i;
        s.prep = NULL; /* prepared only if the touch proof cannot tell */
        GEOSSTRtree_query_r(ctx->geos, w->tree, w->d->parcels[i].geom,
                            overlap_visit, &s);
        if (s.prep)
            GEOSPreparedGeom_destroy_r(ctx->geos, s.prep);
    }
    for (i = 0; i < w->nmade; i++) {
        lb__touch_prep_destroy(w->slots[w->made[i]].prep);
        w->slots[w->made[i]].prep = NULL;
    }
    w->nmade = 0;
    return s.st;
}

static void overlap_worker_fini(void *state, lb_context *ctx)
{
    overlap_worker *w = state;
    if (w->tree)
        GEOSSTRtree_destroy_r(ctx->geos, w->tree);
    free(w->slots);
    free(w->made);
    free(w);
}

static void *overlap_worker_init(void *shared, lb_context *ctx)
{
    const lb__data *d = shared;
    overlap_worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->d = d;
    w->slots = calloc(OVERLAP_TOUCH_SLOTS, sizeof *w->slots);
    w->made = malloc(OVERLAP_TOUCH_CACHE * sizeof *w->made);
    if (!w->slots || !w->made ||
        !(w->tree =
              lb__tree_of(ctx, d->parcels, d->nparcels, sizeof *d->parcels,
                          offsetof(lb__parcel, geom)))) {
        overlap_worker_fini(w, ctx);
        return NULL;
    }
    return w;
}

static const lb__range_ops overlap_ops = {overlap_worker_init,
                                          overlap_worker_fini, overlap_process};

static lb_status baseline_overlaps(lb_context *ctx, const lb__data *d,
                                   lb_diagnostics *diag, int threads)
{
    lb_status st;
    /* the parcels' envelopes were computed when they were read
     * (lb__feature_geometry), before the threads read them */
    st = lb__parallel_ranges(&overlap_ops, (void *)d, d->nparcels,
                             OVERLAP_CHUNK, threads, diag);
    if (st == LB_ERR_NOMEM)
        lb__fail(ctx, st, "out of memory checking overlaps");
    return st;
}

lb_status lb__validate(lb_context *ctx, const lb__data *data,
                       lb_diagnostics *diag, int overlaps)
{
    lb__proj **v = sorted_projects(data);
    lb_status st;
    if (!v)
        return lb__fail(ctx, LB_ERR_NOMEM, "out of memory");
    st = duplicate_projects(data, v, data->nproj, diag);
    if (st == LB_OK)
        st = check_projects(data, v, diag);
    if (st == LB_OK)
        st = duplicate_parcels(data, diag);
    free(v);
    if (st == LB_OK && overlaps)
        st = baseline_overlaps(ctx, data, diag, data->threads);
    if (st == LB_ERR_NOMEM)
        lb__fail(ctx, st, "out of memory");
    return st;
}

lb_status lb_check(lb_context *ctx, const lb_input *in, lb_diagnostics **out)
{
    lb__data data;
    lb_diagnostics *diag;
    lb_status st;
    if (!out)
        return lb__fail(ctx, LB_ERR_ARG, "lb_check: out is NULL");
    *out = NULL;
    if (!ctx || !in)
        return lb__fail(ctx, LB_ERR_ARG, "lb_check: NULL context or input");
    if (!(diag = lb__diag_new()))
        return lb__fail(ctx, LB_ERR_NOMEM, "out of memory");
    st = lb__data_load(ctx, in, diag, &data);
    data.threads = in->threads;
    if (st == LB_OK)
        st = lb__collect_baseline(ctx, &data, diag);
    if (st == LB_OK)
        st = lb__validate(ctx, &data, diag, 1);
    if (st == LB_OK && diag->lost)
        st = lb__fail(ctx, LB_ERR_NOMEM,
                      "out of memory: a diagnostic could not be recorded");
    lb__data_free(ctx, &data);
    if (st != LB_OK) {
        lb_diagnostics_destroy(diag);
        return st;
    }
    *out = diag;
    return LB_OK;
}
