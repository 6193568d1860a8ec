/*
 * collect.c: the whole baseline, as `check` needs it (overlaps and
 * duplicate BSMs are found among all parcels), read and built in
 * parallel. The calling thread reads chunks of parcels (attributes and
 * WKB) from the stream; workers, each with its own context, turn the WKB
 * into valid polygons with their areas and the TBMJ check; chunks are
 * appended in reading order, so the parcels and the diagnostics are the
 * same for any number of threads.
 */
#include "internal.h"
#include "pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLLECT_CHUNK 1024

typedef struct collect {
    lb_context *ctx;
    lb__data *d;
    lb_diagnostics *diag;
    size_t cap; /* of d->parcels */
    char label[160];
} collect;

static void chunk_free(void *shared, void *chunk_)
{
    const collect *c = shared;
    lb__rawchunk *k = chunk_;
    size_t i;
    if (!k)
        return;
    for (i = 0; i < k->n; i++)
        if (k->p[i].geom)
            GEOSGeom_destroy_r(c->ctx->geos, k->p[i].geom);
    lb__rawchunk_free(k);
    free(k);
}

static lb_status produce(void *shared, void **out)
{
    collect *c = shared;
    return lb__stream_chunk(c->d->stream, sizeof(lb__rawchunk), COLLECT_CHUNK,
                            out);
}

static lb_status process(void *state, void *chunk_)
{
    const lb__ctx_worker *w = state;
    const collect *c = w->shared;
    lb__rawchunk *k = chunk_;
    lb__geomstage gs;
    size_t i;
    gs.ctx = w->ctx;
    gs.layer = lb__stream_layer(c->d->stream);
    gs.area = &c->d->area;
    gs.diag = &k->diag;
    for (i = 0; i < k->n; i++) {
        lb__parcel *p = &k->p[i];
        p->geom = lb__feature_geometry(&gs, k->wkb + k->off[i],
                                       k->off[i + 1] - k->off[i], p->fid, NULL,
                                       &p->area);
        if (p->geom)
            lb__check_area(&gs, p);
    }
    return LB_OK;
}

/* Append a chunk's diagnostics and parcels, in order. */
static lb_status merge(void *shared, void *chunk_)
{
    collect *c = shared;
    lb__rawchunk *k = chunk_;
    lb__data *d = c->d;
    size_t i;
    if (lb__diag_extend(c->diag, &k->diag) != LB_OK)
        return LB_ERR_NOMEM;
    for (i = 0; i < k->n; i++) {
        if (!k->p[i].geom)
            continue;
        if (d->nparcels == c->cap) {
            size_t nc = c->cap ? 2 * c->cap : 1024;
            lb__parcel *np = realloc(d->parcels, nc * sizeof *np);
            if (!np)
                return LB_ERR_NOMEM;
            d->parcels = np;
            c->cap = nc;
        }
        d->parcels[d->nparcels++] = k->p[i];
        k->p[i].geom = NULL; /* the data owns it now */
    }
    if (!lb__progress(c->ctx, k->done, c->label))
        return lb__fail(c->ctx, LB_ERR_ARG, "cancelled");
    return LB_OK;
}

static const lb__pipeline_ops collect_ops = {produce,
                                             process,
                                             merge,
                                             chunk_free,
                                             lb__ctx_worker_init,
                                             lb__ctx_worker_fini};

lb_status lb__collect_baseline(lb_context *ctx, lb__data *d,
                               lb_diagnostics *diag)
{
    collect c;
    lb_status st;
    if (!d->stream)
        return LB_OK;
    memset(&c, 0, sizeof c);
    c.ctx = ctx;
    c.d = d;
    c.diag = diag;
    snprintf(c.label, sizeof c.label, "reading %s",
             lb__stream_layer(d->stream));
    st = lb__pipeline_run(&collect_ops, &c, d->threads);
    if (st == LB_ERR_NOMEM)
        return lb__fail(ctx, st, "out of memory reading %s",
                        lb__stream_layer(d->stream));
    if (st != LB_OK && ctx->status == LB_OK)
        return lb__fail(ctx, st, "reading %s failed",
                        lb__stream_layer(d->stream));
    return st;
}
