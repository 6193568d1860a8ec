/*
 * measure.c: what each project occupies or supplies (rules.md §3), and
 * the overlay diagnostics of §4.
 *
 * The small side (occupation footprints, supplement parcels) is indexed
 * in GEOS STRtrees with prepared geometries; the baseline, the big side,
 * is passed over once. A parcel wholly inside a footprint or supplement
 * parcel is taken without an overlay.
 */
#include "measure.h"
#include "pipeline.h"
#include "touch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void lb__add_net(struct lb_project *p, const lb__yield *y, int cls, int grade,
                 double net)
{
    lb__sum_add(&p->ind[LB_IND_QUANTITY], net);
    if (cls == 1)
        lb__sum_add(&p->ind[LB_IND_PADDY], net);
    lb__sum_add(&p->ind[LB_IND_CAPACITY], lb__yield_kg(y, grade, net));
    lb__sum_add(&p->grade_w, net);
    lb__sum_add(&p->grade_ws, net * grade);
    if (cls >= 1 && cls <= 3)
        lb__sum_add(&p->by_class[cls], net);
    if (grade >= 1 && grade <= LB__GRADES)
        lb__sum_add(&p->by_grade[grade], net);
}

/* ---- footprints ------------------------------------------------------ */

static int cmp_occ(const void *a, const void *b)
{
    const lb__occ *const *x = a, *const *y = b;
    int c = strcmp((*x)->xmbh, (*y)->xmbh);
    if (c)
        return c;
    return (*x)->fid < (*y)->fid ? -1 : (*x)->fid > (*y)->fid;
}

/* Union of geoms[0..n) (clones), NULL on failure. The geometries are
 * valid and polygonal (feature.c), so one alone is its own union. */
static GEOSGeometry *union_of(lb_context *ctx, GEOSGeometry *const *geoms,
                              size_t n)
{
    GEOSGeometry **parts, *coll, *u;
    size_t i;
    if (n == 1)
        return GEOSGeom_clone_r(ctx->geos, geoms[0]);
    if (!(parts = malloc(n * sizeof *parts)))
        return NULL;
    for (i = 0; i < n; i++)
        parts[i] = GEOSGeom_clone_r(ctx->geos, geoms[i]);
    coll = GEOSGeom_createCollection_r(ctx->geos, GEOS_GEOMETRYCOLLECTION,
                                       parts, (unsigned)n);
    free(parts);
    if (!coll)
        return NULL;
    u = GEOSUnaryUnion_r(ctx->geos, coll);
    if (!u)
        u = GEOSUnaryUnionPrec_r(ctx->geos, coll, 1e-4);
    GEOSGeom_destroy_r(ctx->geos, coll);
    if (u && GEOSGeomTypeId_r(ctx->geos, u) == GEOS_GEOMETRYCOLLECTION) {
        GEOSGeometry *poly = lb__polygonal(ctx, u);
        GEOSGeom_destroy_r(ctx->geos, u);
        u = poly;
    }
    return u;
}

/* The footprint of one project: the union of its features v[0..n),
 * in @p ctx (any worker's); f->proj NULL when the project is unknown. */
static lb_status make_footprint(lb_context *ctx, const measure *m,
                                const lb__occ **v, size_t n, footprint *f)
{
    GEOSGeometry **geoms = malloc(n * sizeof *geoms);
    size_t i;
    double xmin;
    if (!geoms)
        return LB_ERR_NOMEM;
    for (i = 0; i < n; i++)
        geoms[i] = v[i]->geom;
    memset(f, 0, sizeof *f);
    f->proj = lb__result_find(m->res, v[0]->xmbh);
    f->geom = union_of(ctx, geoms, n);
    free(geoms);
    if (!f->geom)
        return LB_ERR_GEOS;
    if (n == 1) /* the feature itself, measured when it was read */
        f->area = v[0]->area;
    else if (lb_area_geometry(ctx, &m->d->area, f->geom, &f->area) != LB_OK)
        return ctx->status;
    /* GEOS computes envelopes lazily: now, before threads read it */
    GEOSGeom_getXMin_r(ctx->geos, f->geom, &xmin);
    return LB_OK;
}

/* The projects' features in (XMBH, fid) order, and where each project's
 * run starts (starts[k], k < ngroups; starts[ngroups] = nocc). */
typedef struct fp_build {
    const measure *m;
    const lb__occ **v;
    size_t *starts, ngroups;
    footprint *fp; /* one per group, compacted afterwards */
    char **why;    /* why a group failed (its worker's message), or NULL */
} fp_build;

static lb_status footprints_process(void *state, lb_context *ctx, size_t first,
                                    size_t n, lb_diagnostics *diag)
{
    fp_build *b = state;
    size_t k;
    lb_status st = LB_OK;
    (void)diag;
    for (k = first; k < first + n && st == LB_OK; k++)
        if ((st = make_footprint(ctx, b->m, b->v + b->starts[k],
                                 b->starts[k + 1] - b->starts[k], &b->fp[k])) !=
            LB_OK)
            b->why[k] = lb__strdup(st == LB_ERR_NOMEM  ? "out of memory"
                                   : st == LB_ERR_GEOS ? ctx->geos_msg
                                                       : lb_errmsg(ctx));
    return st;
}

static const lb__range_ops footprint_ops = {NULL, NULL, footprints_process};

/* Projects' unions are worked out in parallel, a range of projects per
 * chunk, each worker in its own context. */
#define FOOTPRINT_GROUPS_PER_CHUNK 16

static lb_status build_footprints(measure *m)
{
    const lb__data *d = m->d;
    fp_build b;
    size_t i, k;
    lb_status st;
    memset(&b, 0, sizeof b);
    b.m = m;
    b.v = malloc((d->nocc ? d->nocc : 1) * sizeof *b.v);
    b.starts = malloc((d->nocc + 1) * sizeof *b.starts);
    b.why = calloc(d->nocc ? d->nocc : 1, sizeof *b.why);
    m->fp = calloc(d->nocc ? d->nocc : 1, sizeof *m->fp);
    if (!b.v || !b.starts || !b.why || !m->fp) {
        free(b.v);
        free(b.starts);
        free(b.why);
        return LB_ERR_NOMEM;
    }
    for (i = 0; i < d->nocc; i++)
        b.v[i] = &d->occ[i];
    qsort(b.v, d->nocc, sizeof *b.v, cmp_occ);
    for (i = 0; i < d->nocc; i++)
        if (i == 0 || strcmp(b.v[i]->xmbh, b.v[i - 1]->xmbh) != 0)
            b.starts[b.ngroups++] = i;
    b.starts[b.ngroups] = d->nocc;
    b.fp = m->fp;
    st = lb__parallel_ranges(&footprint_ops, &b, b.ngroups,
                             FOOTPRINT_GROUPS_PER_CHUNK, m->threads, NULL);
    /* the first failure in order names its project and reason */
    for (k = 0; k < b.ngroups && st != LB_OK; k++)
        if (b.why[k]) {
            lb__fail(m->ctx, st, "the footprint of occupation project %s: %s",
                     b.v[b.starts[k]]->xmbh, b.why[k]);
            break;
        }
    if (st != LB_OK && k == b.ngroups)
        lb__fail(m->ctx, st, "the footprints could not be worked out (%s)",
                 lb_errstr(st));
    /* keep the footprints of known projects, in order (UNKNOWN_PROJECT
     * has stopped the run before this; this only guards) */
    for (k = 0; k < b.ngroups; k++) {
        footprint *f = &m->fp[k];
        free(b.why[k]);
        if (st == LB_OK && f->geom && f->proj) {
            f->proj->footprint = f->area;
            m->fp[m->nfp++] = *f;
        } else if (f->geom) {
            GEOSGeom_destroy_r(m->ctx->geos, f->geom);
        }
    }
    free(b.v);
    free(b.starts);
    free(b.why);
    return st;
}

/* Footprints of different projects that overlap, each pair once, in the
 * order of the projects' codes. An STRtree finds the candidates, so a
 * province's thousands of projects are not compared pair by pair, and
 * ranges of footprints are worked on in parallel, each worker with its
 * own context, index and prepared geometries; the diagnostics are merged
 * in range order. */
#define FOOTPRINTS_PER_CHUNK 64

typedef struct fp_worker {
    const measure *m;
    GEOSSTRtree *tree;
    const footprint *self;
    size_t *later; /* indices after self whose envelopes meet it */
    size_t n;
} fp_worker;

static void collect_later(void *item, void *ud)
{
    fp_worker *w = ud;
    const footprint *f = item;
    if (f > w->self)
        w->later[w->n++] = (size_t)(f - w->m->fp);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static lb_status overlap_pair(lb_context *ctx, const measure *m,
                              const GEOSPreparedGeometry *prep,
                              const footprint *f, const footprint *g,
                              lb_diagnostics *diag)
{
    GEOSGeometry *x;
    double a = 0.0;
    lb_status st = LB_OK;
    if (GEOSPreparedIntersects_r(ctx->geos, prep, g->geom) != 1)
        return LB_OK;
    x = lb__intersection(ctx, f->geom, g->geom, NULL);
    if (x && lb_area_geometry(ctx, &m->d->area, x, &a) == LB_OK &&
        a > LB__NOISE_M2)
        st = lb__diag_add(diag, LB_DIAG_OCCUPATION_OVERLAP, LB_SEV_WARNING,
                          m->d->layer[LB_ROLE_OCCUPATION], -1, f->proj->code, a,
                          "the footprints of %s and %s overlap by %.2f m²: "
                          "the land there is counted for both projects",
                          f->proj->code, g->proj->code, a);
    if (x)
        GEOSGeom_destroy_r(ctx->geos, x);
    return st;
}

static void fp_worker_fini(void *state, lb_context *ctx)
{
    fp_worker *w = state;
    if (w->tree)
        GEOSSTRtree_destroy_r(ctx->geos, w->tree);
    free(w->later);
    free(w);
}

static void *fp_worker_init(void *shared, lb_context *ctx)
{
    const measure *m = shared;
    fp_worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->m = m;
    w->tree = lb__tree_of(ctx, m->fp, m->nfp, sizeof *m->fp,
                          offsetof(footprint, geom));
    w->later = malloc(m->nfp * sizeof *w->later);
    if (!w->tree || !w->later) {
        fp_worker_fini(w, ctx);
        return NULL;
    }
    return w;
}

static lb_status fp_process(void *state, lb_context *ctx, size_t first,
                            size_t n, lb_diagnostics *diag)
{
    fp_worker *w = state;
    const footprint *fp = w->m->fp;
    size_t i, k;
    lb_status st = LB_OK;
    for (i = first; i < first + n && st == LB_OK; i++) {
        const GEOSPreparedGeometry *prep = GEOSPrepare_r(ctx->geos, fp[i].geom);
        if (!prep)
            return LB_ERR_GEOS;
        w->self = &fp[i];
        w->n = 0;
        GEOSSTRtree_query_r(ctx->geos, w->tree, fp[i].geom, collect_later, w);
        qsort(w->later, w->n, sizeof *w->later, cmp_size);
        for (k = 0; k < w->n && st == LB_OK; k++)
            st = overlap_pair(ctx, w->m, prep, &fp[i], &fp[w->later[k]], diag);
        GEOSPreparedGeom_destroy_r(ctx->geos, prep);
    }
    return st;
}

static const lb__range_ops fp_overlap_ops = {fp_worker_init, fp_worker_fini,
                                             fp_process};

static lb_status footprint_overlaps(measure *m)
{
    lb_status st;
    if (m->nfp < 2)
        return LB_OK;
    st = lb__parallel_ranges(&fp_overlap_ops, m, m->nfp, FOOTPRINTS_PER_CHUNK,
                             m->threads, m->res->diag);
    if (st == LB_ERR_GEOS)
        lb__fail(m->ctx, st, "comparing the footprints failed in GEOS");
    return st;
}

/* ---- supplement parcels ---------------------------------------------- */

static int cmp_supp(const void *a, const void *b)
{
    const claim *x = a, *y = b;
    int c = strcmp(x->s->xmbh, y->s->xmbh);
    if (c)
        return c;
    return x->s->fid < y->s->fid ? -1 : x->s->fid > y->s->fid;
}

typedef struct earlier {
    lb_context *ctx;
    const claim *self;
    const GEOSPreparedGeometry *prep; /* the parcel, prepared on need */
    const GEOSGeometry **geoms;       /* earlier parcels it overlaps */
    const GEOSGeometry **own;         /* those of its own project */
    size_t n, n_own, cap;
    int nomem;
} earlier;

/* Room for one more earlier parcel; the lists grow with the neighbours
 * of one parcel, not with all the supplement parcels. */
static int earlier_room(earlier *e)
{
    void **v[] = {(void **)&e->geoms, (void **)&e->own};
    const size_t elem[] = {sizeof *e->geoms, sizeof *e->own};
    return lb__grow(v, 2, &e->cap, e->n + 1, elem, 16);
}

/* Earlier parcels whose interiors meet this one's (neighbours that only
 * share an edge take nothing from it). */
static void collect_earlier(void *item, void *ud)
{
    earlier *e = ud;
    const claim *c = item;
    GEOSContextHandle_t h = e->ctx->geos;
    if (e->nomem || c >= e->self ||
        lb__interiors_apart(h, &e->prep, e->self->s->geom, c->s->geom))
        return;
    if (!earlier_room(e)) {
        e->nomem = 1;
        return;
    }
    e->geoms[e->n++] = c->s->geom;
    if (c->proj == e->self->proj)
        e->own[e->n_own++] = c->s->geom;
}

/* parcel − union(parts), or a copy of the parcel when there are none. */
static GEOSGeometry *minus(lb_context *ctx, const GEOSGeometry *parcel,
                           const GEOSGeometry **parts, size_t n, int *retried)
{
    GEOSGeometry *u, *d;
    if (n == 0)
        return GEOSGeom_clone_r(ctx->geos, parcel);
    u = union_of(ctx, (GEOSGeometry *const *)parts, n);
    d = u ? lb__difference(ctx, parcel, u, retried) : NULL;
    if (u)
        GEOSGeom_destroy_r(ctx->geos, u);
    return d;
}

/* The claims are worked out in parallel, a range of them per chunk, each
 * worker with its own context and index of all supplement parcels. */
#define CLAIMS_PER_CHUNK 64

typedef struct claim_worker {
    const measure *m;
    GEOSSTRtree *all; /* every supplement parcel, in the worker's context */
    earlier e;        /* its lists, kept from one parcel to the next */
} claim_worker;

/* fresh = parcel − every earlier parcel (first claim wins); own_area =
 * the parcel's area beyond the earlier parcels of its own project, whose
 * sum is the project's footprint. Runs on any worker with its own
 * context; it writes only to *c and to the worker's lists. */
static lb_status claim_fresh(lb_context *ctx, claim_worker *w, claim *c)
{
    earlier *e = &w->e;
    const measure *m = w->m;
    GEOSGeometry *own;
    double xmin;
    lb_status st = LB_OK;
    e->ctx = ctx;
    e->self = c;
    e->n = e->n_own = 0;
    e->prep = NULL; /* prepared only if the touch proof cannot tell */
    GEOSSTRtree_query_r(ctx->geos, w->all, c->s->geom, collect_earlier, e);
    if (e->prep)
        GEOSPreparedGeom_destroy_r(ctx->geos, e->prep);
    e->prep = NULL;
    if (e->nomem)
        return LB_ERR_NOMEM;
    c->fresh = minus(ctx, c->s->geom, e->geoms, e->n, &c->retried);
    if (!c->fresh)
        st = LB_ERR_GEOS;
    else if (e->n == 0) /* the parcel itself, measured when it was read */
        c->fresh_area = c->s->area;
    else
        st = lb_area_geometry(ctx, &m->d->area, c->fresh, &c->fresh_area);
    c->own_area = c->fresh_area;
    /* its envelope, before the pass's threads read it; GEOS computes
     * none for an empty geometry (GEOSGeom_getXMin_r returns 0 first),
     * and each pass worker would then compute it in GEOSSTRtree_insert_r
     * at once: a parcel wholly claimed before (a duplicate) has nothing
     * fresh, and is not indexed */
    if (c->fresh && GEOSisEmpty_r(ctx->geos, c->fresh) == 1) {
        GEOSGeom_destroy_r(ctx->geos, c->fresh);
        c->fresh = NULL;
        c->fresh_area = c->own_area = 0.0;
    } else if (c->fresh)
        GEOSGeom_getXMin_r(ctx->geos, c->fresh, &xmin);
    if (st == LB_OK && e->n_own < e->n) {
        own = minus(ctx, c->s->geom, e->own, e->n_own, &c->retried);
        st = own ? lb_area_geometry(ctx, &m->d->area, own, &c->own_area)
                 : LB_ERR_GEOS;
        if (own)
            GEOSGeom_destroy_r(ctx->geos, own);
    }
    return st;
}

static void claims_worker_fini(void *state, lb_context *ctx)
{
    claim_worker *w = state;
    if (w->all)
        GEOSSTRtree_destroy_r(ctx->geos, w->all);
    free(w->e.geoms);
    free(w->e.own);
    free(w);
}

static void *claims_worker_init(void *shared, lb_context *ctx)
{
    const measure *m = shared;
    claim_worker *w = calloc(1, sizeof *w);
    size_t i;
    if (!w)
        return NULL;
    w->m = m;
    if (!(w->all = GEOSSTRtree_create_r(ctx->geos, 10))) {
        free(w);
        return NULL;
    }
    for (i = 0; i < m->ncl; i++)
        GEOSSTRtree_insert_r(ctx->geos, w->all, m->cl[i].s->geom, &m->cl[i]);
    return w;
}

static lb_status claims_process(void *state, lb_context *ctx, size_t first,
                                size_t n, lb_diagnostics *diag)
{
    claim_worker *w = state;
    size_t i;
    lb_status st = LB_OK;
    (void)diag;
    for (i = first; i < first + n && st == LB_OK; i++)
        st = claim_fresh(ctx, w, &w->m->cl[i]);
    return st;
}

static const lb__range_ops claim_ops = {claims_worker_init, claims_worker_fini,
                                        claims_process};

static lb_status build_claims(measure *m)
{
    size_t i;
    lb_status st;
    m->cl = calloc(m->d->nsupp ? m->d->nsupp : 1, sizeof *m->cl);
    if (!m->cl)
        return LB_ERR_NOMEM;
    m->ncl = m->d->nsupp;
    /* the parcels' envelopes were computed when they were read */
    for (i = 0; i < m->ncl; i++) {
        m->cl[i].s = &m->d->supp[i];
        m->cl[i].proj = lb__result_find(m->res, m->d->supp[i].xmbh);
    }
    qsort(m->cl, m->ncl, sizeof *m->cl, cmp_supp);
    st = lb__parallel_ranges(&claim_ops, m, m->ncl, CLAIMS_PER_CHUNK,
                             m->threads, NULL);
    for (i = 0; i < m->ncl; i++)
        m->retried |= m->cl[i].retried;
    if (st == LB_ERR_GEOS)
        lb__fail(m->ctx, st, "the overlay of the supplement parcels failed");
    return st;
}

static void diag_claim(measure *m, const claim *c, lb_diag_code code,
                       double area, const char *what)
{
    lb__diag_add(m->res->diag, code, LB_SEV_WARNING,
                 m->d->layer[LB_ROLE_SUPPLEMENT], c->s->fid, c->s->xmbh, area,
                 "supplement parcel %lld of %s: %.2f m² %s", c->s->fid,
                 c->s->xmbh, area, what);
}

/* Turn a measured claim into the project's figures and diagnostics. */
static void settle_claim(measure *m, const claim *c)
{
    const lb__supp *s = c->s;
    double on = lb__sum_value(&c->on_cult), off = c->fresh_area - on;
    double overlap = s->area - c->fresh_area;
    if (overlap > LB__NOISE_M2)
        diag_claim(m, c, LB_DIAG_SUPPLEMENT_OVERLAP, overlap,
                   "were already claimed by an earlier supplement parcel and "
                   "do not count again");
    if (s->kind == LB__BCLX_NEW) {
        if (on > LB__NOISE_M2)
            diag_claim(m, c, LB_DIAG_SUPPLEMENT_ON_CULTIVATED, on,
                       "lie on land that is already 耕地 in the baseline and "
                       "are not new cultivated land");
        if (off > 0.0)
            lb__add_net(c->proj, &m->d->yield, s->cls, s->gddb,
                        off * (1.0 - s->kcxs));
        return;
    }
    if (off > LB__NOISE_M2)
        diag_claim(m, c, LB_DIAG_UPGRADE_NOT_ON_CULTIVATED, off,
                   "of this upgrade lie off baseline 耕地: an upgrade only "
                   "counts on existing cultivated land");
    lb__sum_add(&c->proj->ind[LB_IND_CAPACITY], lb__sum_value(&c->up_cap));
    lb__sum_add(&c->proj->ind[LB_IND_PADDY], lb__sum_value(&c->up_paddy));
    /* Nothing upgraded at all is said by the diagnostics above. */
    if (lb__sum_value(&c->up_net) > LB__NOISE_M2 &&
        lb__sum_value(&c->up_cap) < LB__NOISE_KG &&
        lb__sum_value(&c->up_paddy) < LB__NOISE_M2)
        diag_claim(m, c, LB_DIAG_UPGRADE_NO_GAIN, lb__sum_value(&c->up_net),
                   "upgraded with no gain: the grade or class after the works "
                   "is no better than the baseline's");
}

/* The footprint of a supplement project: the area of the union of its
 * parcels, as the sum of what each adds to those before it. */
static void supplement_footprints(measure *m)
{
    size_t i;
    for (i = 0; i < m->ncl; i++) {
        struct lb_project *p = m->cl[i].proj;
        if (!p)
            continue;
        if (i == 0 || p != m->cl[i - 1].proj)
            p->footprint = 0.0;
        p->footprint += m->cl[i].own_area;
    }
}

static void settle(measure *m)
{
    size_t i;
    for (i = 0; i < m->nfp; i++) {
        double out = m->fp[i].area - lb__sum_value(&m->fp[i].covered);
        /* The baseline is streamed, not checked for overlaps as a whole
         * (that is landbal check's work); where parcels overlap under a
         * footprint they cover more than all of it, and that is said. */
        if (-out > LB__NOISE_M2)
            lb__diag_add(m->res->diag, LB_DIAG_BASELINE_OVERLAP, LB_SEV_WARNING,
                         m->d->layer[LB_ROLE_OCCUPATION], -1,
                         m->fp[i].proj->code, -out,
                         "baseline parcels overlap under the footprint of %s: "
                         "%.2f m² are counted twice; landbal check names the "
                         "parcels",
                         m->fp[i].proj->code, -out);
        if (out > LB__NOISE_M2)
            lb__diag_add(m->res->diag, LB_DIAG_OCCUPATION_OUTSIDE_BASELINE,
                         LB_SEV_WARNING, m->d->layer[LB_ROLE_OCCUPATION], -1,
                         m->fp[i].proj->code, out,
                         "%.2f m² of the footprint of %s lie outside every "
                         "baseline parcel: check the footprint or the "
                         "baseline's extent",
                         out, m->fp[i].proj->code);
    }
    for (i = 0; i < m->ncl; i++)
        if (m->cl[i].proj)
            settle_claim(m, &m->cl[i]);
    if (m->retried)
        lb__diag_add(m->res->diag, LB_DIAG_OVERLAY_RETRIED, LB_SEV_WARNING, "",
                     -1, NULL, NAN,
                     "GEOS could not overlay some geometries exactly; they "
                     "were overlaid again on a 0.1 mm grid");
}

static void measure_free(measure *m)
{
    GEOSContextHandle_t h = m->ctx->geos;
    size_t i;
    for (i = 0; i < m->nfp; i++)
        GEOSGeom_destroy_r(h, m->fp[i].geom);
    for (i = 0; i < m->ncl; i++)
        if (m->cl[i].fresh)
            GEOSGeom_destroy_r(h, m->cl[i].fresh);
    free(m->fp);
    free(m->cl);
}

static void measure_free_later(void *arg)
{
    measure_free(arg);
    free(arg);
}

/* The footprints and claims are freed after the pass's workers, which may
 * still be freeing their prepared geometries of them (GEOS would have a
 * prepared geometry go before its base): by lb__tail_join, or now after
 * waiting for them when there is no memory to keep them. */
static void measure_end(measure *m)
{
    measure *left = m->tail->n > 0 ? malloc(sizeof *left) : NULL;
    if (left) {
        *left = *m;
        m->tail->then = measure_free_later;
        m->tail->then_arg = left;
        return;
    }
    lb__tail_join(m->tail);
    measure_free(m);
}

lb_status lb__measure(lb_context *ctx, const lb__data *d, lb_result *res,
                      lb__tail *tail)
{
    measure m;
    lb_status st;
    memset(&m, 0, sizeof m);
    memset(tail, 0, sizeof *tail);
    m.ctx = ctx;
    m.d = d;
    m.res = res;
    m.tail = tail;
    m.threads = d->threads;
    st = build_footprints(&m);
    if (st == LB_OK)
        st = build_claims(&m);
    if (st == LB_OK)
        supplement_footprints(&m);
    if (st == LB_OK)
        st = footprint_overlaps(&m);
    if (st == LB_OK)
        st = lb__baseline_pass(&m);
    if (st == LB_OK)
        settle(&m);
    measure_end(&m);
    if (st == LB_ERR_NOMEM)
        lb__fail(ctx, st, "out of memory while measuring");
    else if (st != LB_OK && ctx->status == LB_OK)
        lb__fail(ctx, st, "measuring failed: %s", ctx->geos_msg);
    return st;
}
