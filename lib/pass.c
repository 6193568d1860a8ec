/*
 * pass.c: the pass over the baseline parcels, in parallel.
 *
 * Footprints and supplement parcels (the small side) are shared
 * read-only; each worker has its own GEOS context, its own prepared
 * geometries and its own STRtrees (a prepared geometry's lazy index is not
 * thread-safe, architecture.md "Threads"). A worker turns a chunk of
 * parcels into a list of hits; the hits are applied in chunk order, so
 * sums and diagnostics are identical for any number of threads.
 */
#include "measure.h"
#include "piece.h"
#include "pipeline.h"
#include "touch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Parcels per chunk: large enough to amortise the hand-over, small
 * enough to keep every core busy on a town-sized baseline. The first
 * chunk has CHUNK_FIRST, and each next one twice as many up to that:
 * the other cores wait for the first. */
#define CHUNK_PARCELS 512
#define CHUNK_FIRST 32

typedef struct hit {
    size_t index; /* footprint or claim */
    int is_claim;
    int cls, grade; /* the baseline parcel's */
    double a;       /* piece area */
    double net;     /* occupied net, or upgraded net */
    double cap;     /* capacity gained by an upgrade, kg */
    double paddy;   /* paddy gained by an upgrade, m² */
} hit;

typedef struct chunk {
    lb__rawchunk raw; /* first: the parcels as read, what reading and
                         measuring them found, how far reading had come */
    hit *hits;
    size_t nhits, cap;
    int retried;
    char msg[LB__MSG_MAX]; /* why processing failed */
} chunk;

typedef struct near { /* a footprint or claim a parcel meets */
    size_t index;
    int is_claim;
    double a; /* the piece's area, m², or WHOLE */
} near;

typedef struct worker {
    measure *m;
    size_t nfp, ncl; /* m's, for worker_fini, which runs after the pass */
    near *near;
    size_t nnear, near_cap;
    lb_context *ctx; /* own GEOS handle */
    const GEOSPreparedGeometry **fp_prep, **cl_prep;
    lb__piece_poly **fp_piece, **cl_piece; /* read on first need */
    lb__piece_work *pw;
    GEOSSTRtree *fp_tree, *cl_tree;
    const lb__parcel *parcel;
    chunk *ch;
    lb_status st;
} worker;

static int add_hit(worker *w, const hit *h)
{
    chunk *c = w->ch;
    if (c->nhits == c->cap) {
        size_t nc = c->cap ? 2 * c->cap : 32;
        hit *nh = realloc(c->hits, nc * sizeof *nh);
        if (!nh)
            return 0;
        c->hits = nh;
        c->cap = nc;
    }
    c->hits[c->nhits++] = *h;
    return 1;
}

/* A piece that is the whole parcel: its area is the parcel's, measured
 * only when some piece has area. */
#define WHOLE (-1.0)

/* Footprint or claim @p i read for piece.c, on first need; NULL when
 * out of memory (GEOS's overlay then serves). */
static const lb__piece_poly *piece_poly(worker *w, const GEOSGeometry *g,
                                        lb__piece_poly **cache)
{
    if (!*cache)
        *cache = lb__piece_prepare(w->ctx->geos, g);
    return *cache;
}

/* Area of g ∩ parcel, for a valid parcel the probe found meeting g:
 * WHOLE when g holds it or is the very same polygon (a supplement parcel
 * copied from the baseline, the usual case of an upgrade), 0 when they
 * only touch (touch.c: a supplement parcel copied from the survey shares
 * its neighbours' edges), else the area of the piece: found from the
 * crossings of the two boundaries when they are in general position
 * (piece.c), else from GEOS's overlay. */
static double piece_area(worker *w, const GEOSGeometry *g,
                         const GEOSPreparedGeometry *prep,
                         lb__piece_poly **cache, const lb__parcel *p)
{
    GEOSGeometry *x;
    double a = 0.0;
    int retried = 0;
    if (GEOSPreparedContainsProperly_r(w->ctx->geos, prep, p->geom) == 1 ||
        GEOSEqualsExact_r(w->ctx->geos, g, p->geom, 0.0) == 1)
        return WHOLE;
    if (lb__touch_test(w->ctx->geos, g, p->geom) == LB__TOUCH_APART)
        return 0.0;
    if (lb__piece_area(w->pw, &w->m->d->area, w->ctx->geos, p->geom,
                       piece_poly(w, g, cache), &a))
        return a;
    x = lb__intersection(w->ctx, g, p->geom, &retried);
    if (!x) {
        w->st = lb__fail(w->ctx, LB_ERR_GEOS,
                         "the overlay of baseline parcel %s failed: %s", p->bsm,
                         w->ctx->geos_msg);
        return 0.0;
    }
    w->ch->retried |= retried;
    if (lb_area_geometry(w->ctx, &w->m->d->area, x, &a) != LB_OK)
        w->st = w->ctx->status;
    GEOSGeom_destroy_r(w->ctx->geos, x);
    return a;
}

/* A piece of @p a m² of footprint i on the measured parcel. */
static void hit_footprint(worker *w, size_t i, double a)
{
    const lb__parcel *p = w->parcel;
    hit h;
    memset(&h, 0, sizeof h);
    h.a = a;
    h.index = i;
    h.cls = p->cls;
    h.grade = p->gddb;
    /* rules.md §3: the land-class area TBDLMJ in proportion, else the
     * piece less its ridges (KCXS). */
    if (p->cls && p->area > 0.0)
        h.net = isfinite(p->tbdlmj) ? p->tbdlmj * h.a / p->area
                                    : h.a * (1.0 - p->kcxs);
    if (!add_hit(w, &h))
        w->st = LB_ERR_NOMEM;
}

/* A piece of @p a m² of claim i on the measured (耕地) parcel. */
static void hit_claim(worker *w, size_t i, double a)
{
    const claim *c = &w->m->cl[i];
    const lb__parcel *p = w->parcel;
    const lb__yield *y = &w->m->d->yield;
    hit h;
    memset(&h, 0, sizeof h);
    h.a = a;
    h.index = i;
    h.is_claim = 1;
    if (c->s->kind != LB__BCLX_NEW) {
        h.net = h.a * (1.0 - c->s->kcxs);
        if (c->s->kind & LB__BCLX_UPGRADE)
            h.cap = fmax(0.0, lb__yield_kg(y, c->s->gddb, h.net) -
                                  lb__yield_kg(y, p->gddb, h.net));
        if ((c->s->kind & LB__BCLX_PADDY) && c->s->cls == 1 && p->cls != 1)
            h.paddy = h.net;
    }
    if (!add_hit(w, &h))
        w->st = LB_ERR_NOMEM;
}

/* The footprints and supplement parcels a parcel really meets, found
 * with the worker's prepared geometries. */
static void add_near(worker *w, size_t index, int is_claim)
{
    if (w->nnear == w->near_cap) {
        size_t nc = w->near_cap ? 2 * w->near_cap : 16;
        near *nn = realloc(w->near, nc * sizeof *nn);
        if (!nn) {
            w->st = LB_ERR_NOMEM;
            return;
        }
        w->near = nn;
        w->near_cap = nc;
    }
    w->near[w->nnear].index = index;
    w->near[w->nnear++].is_claim = is_claim;
}

static void probe_footprint(void *item, void *ud)
{
    worker *w = ud;
    size_t i = (size_t)((footprint *)item - w->m->fp);
    if (GEOSPreparedIntersects_r(w->ctx->geos, w->fp_prep[i],
                                 w->parcel->geom) == 1)
        add_near(w, i, 0);
}

/* Supplement parcels count only on baseline 耕地 (rules.md §3). */
static void probe_claim(void *item, void *ud)
{
    worker *w = ud;
    size_t i = (size_t)((claim *)item - w->m->cl);
    if (GEOSPreparedIntersects_r(w->ctx->geos, w->cl_prep[i],
                                 w->parcel->geom) == 1)
        add_near(w, i, 1);
}

/* The pieces of the valid parcel with what the probe found near it
 * (near[k].a); 1 when one of them has area. */
static int pieces(worker *w, const lb__parcel *p)
{
    size_t k;
    int any = 0;
    for (k = 0; k < w->nnear && w->st == LB_OK; k++) {
        near *n = &w->near[k];
        n->a =
            n->is_claim
                ? piece_area(w, w->m->cl[n->index].fresh, w->cl_prep[n->index],
                             &w->cl_piece[n->index], p)
                : piece_area(w, w->m->fp[n->index].geom, w->fp_prep[n->index],
                             &w->fp_piece[n->index], p);
        any |= n->a != 0.0;
    }
    return any;
}

/* One parcel: its geometry from WKB; the footprints and supplement
 * parcels it meets (most parcels an envelope brings meet nothing); only
 * then validity and the pieces; and only when a piece has area, the
 * parcel's area and TBMJ check, and the hits. A parcel that only touches
 * a project (a neighbour of a supplement parcel copied from the survey)
 * is not measured, whether touch.c proved it or the overlay found no
 * area. */
static void process_parcel(worker *w, lb__parcel *p, const unsigned char *wkb,
                           size_t n)
{
    lb__geomstage gs;
    size_t k;
    gs.ctx = w->ctx;
    gs.layer = lb__stream_layer(w->m->d->stream);
    gs.area = &w->m->d->area;
    gs.diag = &w->ch->raw.diag;
    if (!(p->geom = lb__feature_read(&gs, wkb, n, p->fid, NULL)))
        return;
    w->parcel = p;
    w->nnear = 0;
    if (w->fp_tree)
        GEOSSTRtree_query_r(w->ctx->geos, w->fp_tree, p->geom, probe_footprint,
                            w);
    if (w->cl_tree && p->cls)
        GEOSSTRtree_query_r(w->ctx->geos, w->cl_tree, p->geom, probe_claim, w);
    if (w->nnear && (p->geom = lb__feature_valid(&gs, p->geom, p->fid, NULL)) &&
        pieces(w, p) && w->st == LB_OK &&
        (p->geom = lb__feature_measure(&gs, p->geom, p->fid, NULL, &p->area))) {
        lb__check_area(&gs, p);
        for (k = 0; k < w->nnear && w->st == LB_OK; k++) {
            double a = w->near[k].a == WHOLE ? p->area : w->near[k].a;
            if (a <= 0.0)
                continue;
            if (w->near[k].is_claim)
                hit_claim(w, w->near[k].index, a);
            else
                hit_footprint(w, w->near[k].index, a);
        }
    }
    if (p->geom)
        GEOSGeom_destroy_r(w->ctx->geos, p->geom);
    p->geom = NULL;
}

static lb_status process(void *state, void *chunk_)
{
    worker *w = state;
    chunk *c = chunk_;
    size_t i;
    w->ch = c;
    w->st = LB_OK;
    for (i = 0; i < c->raw.n && w->st == LB_OK; i++)
        process_parcel(w, &c->raw.p[i], c->raw.wkb + c->raw.off[i],
                       c->raw.off[i + 1] - c->raw.off[i]);
    /* The failure travels with the chunk so that merge() can put the
     * worker's message into the caller's context. */
    if (w->st != LB_OK)
        lb__strlcpy(c->msg,
                    w->st == LB_ERR_NOMEM ? "out of memory" : lb_errmsg(w->ctx),
                    sizeof c->msg);
    return LB_OK;
}

/* Apply a chunk's hits, in order, to the footprints and claims. */
static lb_status merge(void *shared, void *chunk_)
{
    measure *m = shared;
    chunk *c = chunk_;
    size_t i;
    if (c->msg[0])
        return lb__fail(m->ctx, LB_ERR_GEOS, "%s", c->msg);
    if (lb__diag_extend(m->res->diag, &c->raw.diag) != LB_OK)
        return LB_ERR_NOMEM;
    for (i = 0; i < c->nhits; i++) {
        const hit *h = &c->hits[i];
        if (!h->is_claim) {
            footprint *f = &m->fp[h->index];
            lb__sum_add(&f->covered, h->a);
            if (h->cls)
                lb__add_net(f->proj, &m->d->yield, h->cls, h->grade, h->net);
        } else {
            claim *cl = &m->cl[h->index];
            lb__sum_add(&cl->on_cult, h->a);
            lb__sum_add(&cl->up_net, h->net);
            lb__sum_add(&cl->up_cap, h->cap);
            lb__sum_add(&cl->up_paddy, h->paddy);
        }
    }
    m->retried |= c->retried;
    m->shown = c->raw.done;
    if (!lb__progress(m->ctx, c->raw.done, "measuring"))
        return lb__fail(m->ctx, LB_ERR_ARG, "cancelled");
    return LB_OK;
}

static void chunk_free(void *shared, void *chunk_)
{
    chunk *c = chunk_;
    (void)shared;
    if (!c)
        return;
    lb__rawchunk_free(&c->raw);
    free(c->hits);
    free(c);
}

/* The calling thread reads the next parcels of the baseline. */
static lb_status produce(void *shared, void **out)
{
    measure *m = shared;
    m->chunk = m->chunk ? 2 * m->chunk : CHUNK_FIRST;
    if (m->chunk > CHUNK_PARCELS)
        m->chunk = CHUNK_PARCELS;
    return lb__stream_chunk(m->d->stream, sizeof(chunk), m->chunk, out);
}

static void worker_fini(void *state)
{
    worker *w = state;
    size_t i;
    for (i = 0; w->fp_prep && i < w->nfp; i++)
        if (w->fp_prep[i])
            GEOSPreparedGeom_destroy_r(w->ctx->geos, w->fp_prep[i]);
    for (i = 0; w->cl_prep && i < w->ncl; i++)
        if (w->cl_prep[i])
            GEOSPreparedGeom_destroy_r(w->ctx->geos, w->cl_prep[i]);
    for (i = 0; w->fp_piece && i < w->nfp; i++)
        lb__piece_poly_destroy(w->fp_piece[i]);
    for (i = 0; w->cl_piece && i < w->ncl; i++)
        lb__piece_poly_destroy(w->cl_piece[i]);
    lb__piece_work_destroy(w->pw);
    if (w->fp_tree)
        GEOSSTRtree_destroy_r(w->ctx->geos, w->fp_tree);
    if (w->cl_tree)
        GEOSSTRtree_destroy_r(w->ctx->geos, w->cl_tree);
    free(w->fp_prep);
    free(w->cl_prep);
    free(w->fp_piece);
    free(w->cl_piece);
    free(w->near);
    lb_context_destroy(w->ctx);
    free(w);
}

/* An STRtree over n items of size elem starting at base, each with its
 * geometry at *(GEOSGeometry **)(item + offset); prepared copies in prep. */
static GEOSSTRtree *index_items(worker *w, char *base, size_t n, size_t elem,
                                size_t offset,
                                const GEOSPreparedGeometry **prep)
{
    GEOSSTRtree *t;
    size_t i;
    if (!n || !(t = lb__tree_of(w->ctx, base, n, elem, offset)))
        return NULL;
    for (i = 0; i < n; i++) {
        GEOSGeometry *g = *(GEOSGeometry **)(base + i * elem + offset);
        if (g)
            prep[i] = GEOSPrepare_r(w->ctx->geos, g);
    }
    return t;
}

static void *worker_init(void *shared, int index)
{
    measure *m = shared;
    worker *w = calloc(1, sizeof *w);
    (void)index;
    if (!w)
        return NULL;
    w->m = m;
    w->nfp = m->nfp;
    w->ncl = m->ncl;
    w->fp_prep = calloc(m->nfp + 1, sizeof *w->fp_prep);
    w->cl_prep = calloc(m->ncl + 1, sizeof *w->cl_prep);
    w->fp_piece = calloc(m->nfp + 1, sizeof *w->fp_piece);
    w->cl_piece = calloc(m->ncl + 1, sizeof *w->cl_piece);
    w->pw = lb__piece_work_create();
    if (lb_context_create(&w->ctx) != LB_OK || !w->fp_prep || !w->cl_prep ||
        !w->fp_piece || !w->cl_piece || !w->pw) {
        worker_fini(w);
        return NULL;
    }
    w->fp_tree = index_items(w, (char *)m->fp, m->nfp, sizeof *m->fp,
                             offsetof(footprint, geom), w->fp_prep);
    w->cl_tree = index_items(w, (char *)m->cl, m->ncl, sizeof *m->cl,
                             offsetof(claim, fresh), w->cl_prep);
    return w;
}

/* ---- which parcels to read ------------------------------------------- */

typedef struct small_side {
    lb_context *ctx;
    GEOSSTRtree *tree;    /* of the polygons or their bands */
    GEOSGeometry **rects; /* the bands as rectangles; NULL for a polygon
                              that is its own box */
    double *boxes;        /* minx, miny, maxx, maxy of each box */
    size_t n, cap;
    lb__coords xy; /* a ring's coordinates */
} small_side;

/* At most this many bands for one polygon. */
#define LB__MAX_BANDS 256

static void box_of(lb_context *ctx, const GEOSGeometry *g, double *b)
{
    GEOSGeom_getXMin_r(ctx->geos, g, &b[0]);
    GEOSGeom_getYMin_r(ctx->geos, g, &b[1]);
    GEOSGeom_getXMax_r(ctx->geos, g, &b[2]);
    GEOSGeom_getYMax_r(ctx->geos, g, &b[3]);
}

/* How many bands polygon @p g of envelope @p b is read through: 1 when it
 * fills half its envelope or more, else about two per time its area goes
 * into the envelope's (a road or a canal filling 1 % of it: 200), at
 * most 256. */
static size_t bands_for(lb_context *ctx, const GEOSGeometry *g, const double *b)
{
    double env = (b[2] - b[0]) * (b[3] - b[1]), a = 0.0, k;
    if (!(env > 0) || GEOSArea_r(ctx->geos, g, &a) != 1 || !(a > 0) ||
        a >= 0.5 * env)
        return 1;
    k = ceil(2.0 * env / a);
    return k < LB__MAX_BANDS ? (size_t)k : LB__MAX_BANDS;
}

/* Room for @p more boxes. */
static int reserve(small_side *ss, size_t more)
{
    void **v[] = {(void **)&ss->boxes, (void **)&ss->rects};
    const size_t elem[] = {4 * sizeof *ss->boxes, sizeof *ss->rects};
    return lb__grow(v, 2, &ss->cap, ss->n + more, elem, 256);
}

/* Polygon @p g as one box, or as bands when it is thin (a road corridor:
 * its envelope would bring in every parcel beside it). */
static int add_polygon(small_side *ss, const GEOSGeometry *g)
{
    double env[4];
    size_t i, m = 1, k, n;
    box_of(ss->ctx, g, env);
    k = bands_for(ss->ctx, g, env);
    if (!reserve(ss, k))
        return 0;
    if (k > 1 &&
        lb__ring_coords(ss->ctx->geos, GEOSGetExteriorRing_r(ss->ctx->geos, g),
                        &ss->xy, &n) == LB_OK &&
        n >= 2)
        m = lb__ring_bands(ss->xy.v, n, env, k, ss->boxes + 4 * ss->n);
    if (m <= 1 || k == 1) { /* the polygon's own envelope */
        memcpy(ss->boxes + 4 * ss->n, env, sizeof env);
        ss->rects[ss->n++] = NULL;
        GEOSSTRtree_insert_r(ss->ctx->geos, ss->tree, g, (void *)g);
        return 1;
    }
    for (i = 0; i < m; i++) {
        const double *b = ss->boxes + 4 * ss->n;
        GEOSGeometry *r =
            GEOSGeom_createRectangle_r(ss->ctx->geos, b[0], b[1], b[2], b[3]);
        if (!r)
            return 0;
        ss->rects[ss->n++] = r;
        GEOSSTRtree_insert_r(ss->ctx->geos, ss->tree, r, r);
    }
    return 1;
}

/* Each polygon of a footprint or claim is read on its own: the parts
 * of a project (a batch of plots approved together) may lie kilometres
 * apart, and the envelope of them all would bring in every parcel
 * between. */
static int add_parts(small_side *ss, const GEOSGeometry *g)
{
    int i, n = GEOSGetNumGeometries_r(ss->ctx->geos, g);
    for (i = 0; i < n; i++) {
        const GEOSGeometry *part = GEOSGetGeometryN_r(ss->ctx->geos, g, i);
        if (!part || GEOSisEmpty_r(ss->ctx->geos, part) != 0)
            continue;
        if (!add_polygon(ss, part))
            return 0;
    }
    return 1;
}

static lb_status small_side_build(measure *m, small_side *ss)
{
    size_t i;
    memset(ss, 0, sizeof *ss);
    ss->ctx = m->ctx;
    if (!(ss->tree = GEOSSTRtree_create_r(m->ctx->geos, 10)))
        return LB_ERR_NOMEM;
    for (i = 0; i < m->nfp; i++)
        if (!add_parts(ss, m->fp[i].geom))
            return LB_ERR_NOMEM;
    for (i = 0; i < m->ncl; i++)
        if (m->cl[i].fresh && !add_parts(ss, m->cl[i].fresh))
            return LB_ERR_NOMEM;
    return LB_OK;
}

static void small_side_free(small_side *ss)
{
    size_t i;
    if (ss->tree)
        GEOSSTRtree_destroy_r(ss->ctx->geos, ss->tree);
    for (i = 0; i < ss->n; i++)
        if (ss->rects[i])
            GEOSGeom_destroy_r(ss->ctx->geos, ss->rects[i]);
    free(ss->rects);
    free(ss->boxes);
    free(ss->xy.v);
}

static void found_one(void *item, void *ud)
{
    (void)item;
    *(int *)ud = 1;
}

/* lb__keep_fn: does the envelope meet the small side at all? */
static int meets_small_side(void *ud, double minx, double miny, double maxx,
                            double maxy)
{
    small_side *ss = ud;
    GEOSGeometry *r;
    int found = 0;
    if (ss->n == 0)
        return 0;
    r = GEOSGeom_createRectangle_r(ss->ctx->geos, minx, miny, maxx, maxy);
    if (!r)
        return 1;
    GEOSSTRtree_query_r(ss->ctx->geos, ss->tree, r, found_one, &found);
    GEOSGeom_destroy_r(ss->ctx->geos, r);
    return found;
}

/* Only the parcels near a project are measured: a county's baseline is
 * mostly far from any (decisions.md). */
static const lb__pipeline_ops pass_ops = {produce,    process,     merge,
                                          chunk_free, worker_init, worker_fini};

lb_status lb__baseline_pass(measure *m)
{
    small_side ss;
    lb_status st;
    if (!m->d->stream)
        return LB_OK;
    /* the footprints' and claims' envelopes were computed by the workers
     * that made them (measure.c) */
    st = small_side_build(m, &ss);
    if (st == LB_OK)
        st = lb__stream_filter(m->d->stream, ss.boxes, ss.n, meets_small_side,
                               &ss);
    if (st != LB_OK) {
        small_side_free(&ss);
        return lb__fail(m->ctx, st, "out of memory while measuring");
    }
    m->shown = 0.0;
    /* The workers' states (prepared footprints and claims, their
     * coordinates, two trees) are freed while the run is settled and its
     * inputs freed (lb_balance joins them; decisions.md): worker_fini
     * uses nothing of m, and the footprints and claims themselves are
     * freed after it (measure.c). */
    st = lb__pipeline_run_tail(&pass_ops, m, m->threads, m->tail);
    small_side_free(&ss);
    /* The pass ends at 1 even when its last chunk was empty, or when no
     * parcel was near a project at all. */
    if (st == LB_OK && m->shown < 1.0 &&
        !lb__progress(m->ctx, 1.0, "measuring"))
        return lb__fail(m->ctx, LB_ERR_ARG, "cancelled");
    if (st == LB_ERR_NOMEM)
        return lb__fail(m->ctx, st, "out of memory while measuring");
    if (st != LB_OK && m->ctx->status == LB_OK)
        return lb__fail(m->ctx, st, "measuring the baseline failed");
    return st;
}
