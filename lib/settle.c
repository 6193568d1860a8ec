/*
 * settle.c: building the geometries of the occupation and supplement
 * layers in parallel. Reading (OGR) is sequential and keeps each
 * feature's WKB; workers, each with its own context, turn the WKB into
 * valid polygonal geometries with their areas (feature.c); diagnostics
 * are merged in feature order, so the result does not depend on the
 * number of threads. Features left without a geometry or a project code
 * are then dropped (their diagnostics say why).
 */
#include "internal.h"
#include "pipeline.h"

#include <stdlib.h>
#include <string.h>

#define FEATURES_PER_CHUNK 64

/* One feature of either layer, seen through pointers into its record. */
typedef struct item {
    long long fid;
    const char *project;
    unsigned char **wkb;
    size_t len;
    GEOSGeometry **geom;
    double *area;
} item;

typedef struct settle_run {
    item *items;
    const char *layer;
    const lb_area_params *area;
} settle_run;

static lb_status process(void *state, lb_context *ctx, size_t first, size_t n,
                         lb_diagnostics *diag)
{
    settle_run *r = state;
    lb__geomstage gs;
    size_t i;
    gs.ctx = ctx;
    gs.layer = r->layer;
    gs.area = r->area;
    gs.diag = diag;
    for (i = first; i < first + n; i++) {
        item *it = &r->items[i];
        if (*it->wkb)
            *it->geom = lb__feature_geometry(&gs, *it->wkb, it->len, it->fid,
                                             it->project, it->area);
        free(*it->wkb);
        *it->wkb = NULL;
    }
    return LB_OK;
}

static const lb__range_ops settle_ops = {NULL, NULL, process};

static item *items_of(lb__data *d, lb_role role, size_t *n)
{
    size_t i;
    item *v;
    *n = role == LB_ROLE_OCCUPATION ? d->nocc : d->nsupp;
    if (!(v = calloc(*n ? *n : 1, sizeof *v)))
        return NULL;
    for (i = 0; i < *n; i++) {
        if (role == LB_ROLE_OCCUPATION) {
            lb__occ *o = &d->occ[i];
            item it = {o->fid,     o->xmbh,  &o->wkb,
                       o->wkb_len, &o->geom, &o->area};
            v[i] = it;
        } else {
            lb__supp *s = &d->supp[i];
            item it = {s->fid,     s->xmbh,  &s->wkb,
                       s->wkb_len, &s->geom, &s->area};
            v[i] = it;
        }
    }
    return v;
}

/* Drop the records left without a geometry or a project code. */
static void compact(lb_context *ctx, lb__data *d, lb_role role)
{
    size_t i, k = 0;
    if (role == LB_ROLE_OCCUPATION) {
        for (i = 0; i < d->nocc; i++) {
            if (d->occ[i].geom && d->occ[i].xmbh) {
                d->occ[k++] = d->occ[i];
                continue;
            }
            free(d->occ[i].xmbh);
            free(d->occ[i].wkb); /* not built: a worker failed */
            if (d->occ[i].geom)
                GEOSGeom_destroy_r(ctx->geos, d->occ[i].geom);
        }
        d->nocc = k;
        return;
    }
    for (i = 0; i < d->nsupp; i++) {
        if (d->supp[i].geom && d->supp[i].xmbh) {
            d->supp[k++] = d->supp[i];
            continue;
        }
        free(d->supp[i].xmbh);
        free(d->supp[i].wkb);
        if (d->supp[i].geom)
            GEOSGeom_destroy_r(ctx->geos, d->supp[i].geom);
    }
    d->nsupp = k;
}

lb_status lb__settle_geometries(lb_context *ctx, lb__data *d, lb_role role,
                                const char *layer, int threads,
                                lb_diagnostics *diag)
{
    settle_run r;
    size_t n;
    lb_status st;
    r.items = items_of(d, role, &n);
    if (!r.items)
        return lb__fail(ctx, LB_ERR_NOMEM, "out of memory");
    r.layer = layer;
    r.area = &d->area;
    st = lb__parallel_ranges(&settle_ops, &r, n, FEATURES_PER_CHUNK, threads,
                             diag);
    free(r.items);
    compact(ctx, d, role);
    if (st != LB_OK)
        lb__fail(ctx, st, "out of memory building the geometries of %s", layer);
    return st;
}
