/*
 * settle.c: reading the occupation and supplement layers and building
 * their geometries at once. The calling thread reads (OGR is sequential)
 * a chunk of features at a time, keeping each one's WKB; workers, each
 * with its own context, turn the WKB into valid polygonal geometries with
 * their areas (feature.c) while the next chunk is read. The geometries'
 * diagnostics are told after those of reading, in feature order, so the
 * result does not depend on the number of threads. Features left without
 * a geometry or a project code are then dropped (their diagnostics say
 * why).
 */
#include "internal.h"
#include "pipeline.h"
#include "source.h"

#include <stdlib.h>
#include <string.h>

/* Features per chunk: building the geometries of 64 supplement parcels
 * takes about 0.6 ms, reading them 0.1 ms. */
#define FEATURES_PER_CHUNK 64

/* One feature, as the worker sees it: the record it was read into may
 * move while the next chunk is read, its WKB and project code do not. */
typedef struct item {
    long long fid;
    const char *project;
    const unsigned char *wkb;
    size_t len;
    GEOSGeometry *geom; /* built by the worker */
    double area;
} item;

typedef struct chunk {
    size_t first, n; /* records first .. first + n - 1 */
    item it[FEATURES_PER_CHUNK];
    lb_diagnostics diag; /* the geometries' */
} chunk;

typedef struct settle_run {
    layer *L;
    lb__data *d;
    lb_diagnostics *diag; /* reading's, and at the end the geometries' */
    lb_diagnostics geo;   /* the geometries', until reading is done */
    lb__reading r;
} settle_run;

static size_t records(const settle_run *s)
{
    return s->L->role == LB_ROLE_OCCUPATION ? s->d->nocc : s->d->nsupp;
}

static void record_item(const settle_run *s, size_t i, item *it)
{
    memset(it, 0, sizeof *it);
    if (s->L->role == LB_ROLE_OCCUPATION) {
        const lb__occ *o = &s->d->occ[i];
        it->fid = o->fid;
        it->project = o->xmbh;
        it->wkb = o->wkb;
        it->len = o->wkb_len;
    } else {
        const lb__supp *p = &s->d->supp[i];
        it->fid = p->fid;
        it->project = p->xmbh;
        it->wkb = p->wkb;
        it->len = p->wkb_len;
    }
}

/* The calling thread reads up to a chunk of features. */
static lb_status produce(void *shared, void **out)
{
    settle_run *s = shared;
    size_t first = records(s), i;
    lb_status st = LB_OK;
    chunk *c;
    *out = NULL;
    while (st == LB_OK && !s->r.ended &&
           records(s) - first < FEATURES_PER_CHUNK)
        st = lb__reading_next(s->L, s->d, s->diag, &s->r);
    if (st != LB_OK || records(s) == first)
        return st;
    if (!(c = calloc(1, sizeof *c)))
        return lb__fail(s->L->ctx, LB_ERR_NOMEM, "out of memory reading %s",
                        s->L->name);
    c->first = first;
    c->n = records(s) - first;
    for (i = 0; i < c->n; i++)
        record_item(s, first + i, &c->it[i]);
    *out = c;
    return LB_OK;
}

static lb_status process(void *state, void *chunk_)
{
    const lb__ctx_worker *w = state;
    const settle_run *s = w->shared;
    chunk *c = chunk_;
    lb__geomstage gs;
    size_t i;
    gs.ctx = w->ctx;
    gs.layer = s->L->name;
    gs.area = &s->d->area;
    gs.diag = &c->diag;
    for (i = 0; i < c->n; i++) {
        item *it = &c->it[i];
        if (it->wkb)
            it->geom = lb__feature_geometry(&gs, it->wkb, it->len, it->fid,
                                            it->project, &it->area);
    }
    return LB_OK;
}

/* The chunk's geometries into their records, whose WKB is no longer
 * needed. */
static lb_status merge(void *shared, void *chunk_)
{
    settle_run *s = shared;
    chunk *c = chunk_;
    size_t i;
    for (i = 0; i < c->n; i++) {
        item *it = &c->it[i];
        if (s->L->role == LB_ROLE_OCCUPATION) {
            lb__occ *o = &s->d->occ[c->first + i];
            o->geom = it->geom;
            o->area = it->area;
            free(o->wkb);
            o->wkb = NULL;
        } else {
            lb__supp *p = &s->d->supp[c->first + i];
            p->geom = it->geom;
            p->area = it->area;
            free(p->wkb);
            p->wkb = NULL;
        }
        it->geom = NULL;
    }
    return lb__diag_extend(&s->geo, &c->diag);
}

static void chunk_free(void *shared, void *chunk_)
{
    settle_run *s = shared;
    chunk *c = chunk_;
    size_t i;
    if (!c)
        return;
    for (i = 0; i < c->n; i++) /* built, but not merged: a failure */
        if (c->it[i].geom)
            GEOSGeom_destroy_r(s->L->ctx->geos, c->it[i].geom);
    lb__diag_clear(&c->diag);
    free(c->diag.v);
    free(c);
}

static const lb__pipeline_ops settle_ops = {produce,
                                            process,
                                            merge,
                                            chunk_free,
                                            lb__ctx_worker_init,
                                            lb__ctx_worker_fini};

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
            free(d->occ[i].wkb); /* not built: reading failed */
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

lb_status lb__read_settled(layer *L, lb__data *d, int threads,
                           lb_diagnostics *diag)
{
    settle_run s;
    lb_status st;
    memset(&s, 0, sizeof s);
    s.L = L;
    s.d = d;
    s.diag = diag;
    lb__reading_start(L, &s.r);
    st = lb__pipeline_run(&settle_ops, &s, threads);
    if (st == LB_OK)
        st = lb__diag_extend(diag, &s.geo);
    lb__diag_clear(&s.geo);
    free(s.geo.v);
    compact(L->ctx, d, L->role);
    if (st == LB_ERR_NOMEM && L->ctx->status == LB_OK)
        lb__fail(L->ctx, st, "out of memory building the geometries of %s",
                 L->name);
    return st;
}
