/*
 * piece.c: the area of the piece two polygons have in common, without an
 * overlay (piece.h).
 *
 * A baseline parcel that a footprint or a supplement parcel cuts costs
 * GEOS 3.11's overlay about 27 µs, nearly all of it fixed costs (building
 * the graph, validating the noding) for two rings of some twenty points;
 * only the piece's area is wanted. Two polygons in general position, whose
 * boundaries meet only where they cross, have an intersection whose
 * boundary is made of the parts of each boundary inside the other, linked
 * at the crossings (the parts of A inside B run on into the parts of B
 * inside A, both in their own direction when shells run counter-clockwise
 * and holes clockwise). Everything that decides the rings is exact: the
 * signs of orientation come from a filter with a proven error bound
 * (Shewchuk's first stage, ccwerrboundA), and any sign it cannot certify
 * gives up. Only the crossing points are rounded.
 */
#include "piece.h"
#include "internal.h"
#include "area.h"
#include "sum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Edge pairs compared all against all: larger pairs go to GEOS, whose
 * overlay indexes its edges. */
#define PIECE_MAX_PAIRS 65536

/* Shewchuk's ccwerrboundA, (3 + 16 eps) eps with eps = 2^-53: the error
 * of the orientation determinant computed in doubles is below it times
 * |detleft| + |detright|. */
#define CCW_ERR 3.3306690738754716e-16

#define EPS 1.1102230246251565e-16 /* 2^-53 */

struct lb__piece_poly {
    double *x, *y;
    size_t n, cap; /* points */
    /* ring k is points ring[k] .. ring[k + 1] - 1, its first point
     * repeated at its end */
    size_t *ring;
    size_t nring, rcap;
    double box[4]; /* minx, miny, maxx, maxy */
    int taken;     /* 0: lb__piece_area leaves it to GEOS */
};

/* A crossing of edge ia of A (from point ia to ia + 1) and edge ib of B,
 * at ta along A's edge and tb along B's, each within ± its d. */
typedef struct cross {
    size_t ia, ib, ra, rb; /* the edges and their rings */
    double ta, da, tb, db;
    double x, y;
} cross;

struct lb__piece_work {
    lb__piece_poly a; /* the polygon of each call */
    size_t *ca, *cb;  /* edges of A and of B near the other */
    size_t cacap, cbcap;
    cross *c;
    size_t nc, ccap;
    size_t *by_a, *by_b;     /* crossings in ring order along A, along B */
    size_t *next_a, *next_b; /* the next crossing along each ring */
    unsigned char *after_a;  /* A runs inside B after crossing k */
    unsigned char *used;     /* crossing k started a run of A */
    size_t kcap;
    unsigned char *in_a, *in_b; /* ring k's first point inside the other */
    size_t *nc_a, *nc_b;        /* crossings on ring k */
    size_t racap, rbcap;
    double *xy; /* a ring of the piece */
    size_t xyn, xycap;
};

/* Room for @p need elements of @p elem bytes in *v, of capacity *cap. */
static int grow(void **v, size_t *cap, size_t need, size_t elem)
{
    void **one[] = {v};
    return lb__grow(one, 1, cap, need, &elem, 16);
}

/* ---- reading a polygon ------------------------------------------------ */

/* A coordinate the filter takes: 0 or a magnitude within 1e-100..1e100,
 * so that no product in a determinant underflows or overflows. */
static int plain(double v)
{
    double a = fabs(v);
    return v == 0.0 || (a >= 1e-100 && a <= 1e100);
}

static int add_point(lb__piece_poly *P, double x, double y)
{
    void **v[] = {(void **)&P->x, (void **)&P->y};
    const size_t elem[] = {sizeof *P->x, sizeof *P->y};
    if (!lb__grow(v, 2, &P->cap, P->n + 1, elem, 64))
        return 0;
    P->x[P->n] = x;
    P->y[P->n++] = y;
    return 1;
}

/* The sign of the ring's planar area (a sum of cross products from its
 * first point): 1 counter-clockwise, -1 clockwise, 0 when the sign is
 * not certain (the error of each product is below eps times it, of the
 * sum below n eps times the sum of their magnitudes). */
static int ring_sign(const lb__piece_poly *P, size_t s, size_t e)
{
    double ox = P->x[s], oy = P->y[s], sum = 0.0, mag = 0.0;
    size_t i;
    for (i = s + 1; i + 1 < e; i++) {
        double l = (P->x[i] - ox) * (P->y[i + 1] - oy);
        double r = (P->y[i] - oy) * (P->x[i + 1] - ox);
        sum += l - r;
        mag += fabs(l) + fabs(r);
    }
    if (fabs(sum) <= 4.0 * (double)(e - s + 2) * EPS * mag)
        return 0;
    return sum > 0 ? 1 : -1;
}

/* One ring, without repeated points, turned to run counter-clockwise
 * (@p want 1: a shell) or clockwise (-1: a hole); 0 when not taken. */
static int add_ring(GEOSContextHandle_t h, const GEOSGeometry *ring,
                    lb__piece_poly *P, int want, double *buf, size_t bufn)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned int size = 0, k;
    size_t s = P->n, i, j;
    int sign;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &size) || size < 4 ||
        size > bufn || !GEOSCoordSeq_copyToBuffer_r(h, cs, buf, 0, 0))
        return 0;
    for (k = 0; k < size; k++) {
        double x = buf[2 * k], y = buf[2 * k + 1];
        if (!plain(x) || !plain(y))
            return 0;
        if (P->n > s && x == P->x[P->n - 1] && y == P->y[P->n - 1])
            continue;
        if (!add_point(P, x, y))
            return -1;
    }
    if (P->n - s < 4 || P->x[s] != P->x[P->n - 1] ||
        P->y[s] != P->y[P->n - 1] || !(sign = ring_sign(P, s, P->n)))
        return 0;
    if (sign != want)
        for (i = s, j = P->n - 1; i < j; i++, j--) {
            double t = P->x[i];
            P->x[i] = P->x[j];
            P->x[j] = t;
            t = P->y[i];
            P->y[i] = P->y[j];
            P->y[j] = t;
        }
    if (!grow((void **)&P->ring, &P->rcap, P->nring + 2, sizeof *P->ring))
        return -1;
    P->ring[P->nring++] = s;
    P->ring[P->nring] = P->n;
    return 1;
}

/* 1 read, 0 not taken, -1 out of memory. */
static int add_polygon(GEOSContextHandle_t h, const GEOSGeometry *g,
                       lb__piece_poly *P, double **buf, size_t *bufn)
{
    int k, holes = GEOSGetNumInteriorRings_r(h, g), r;
    const GEOSGeometry *ring = GEOSGetExteriorRing_r(h, g);
    for (k = -1; k < holes; k++) {
        int n;
        if (k >= 0)
            ring = GEOSGetInteriorRingN_r(h, g, k);
        if (!ring || (n = GEOSGetNumCoordinates_r(h, ring)) < 0)
            return 0;
        if (!grow((void **)buf, bufn, 2 * (size_t)n, sizeof **buf))
            return -1;
        if ((r = add_ring(h, ring, P, k < 0 ? 1 : -1, *buf, *bufn / 2)) <= 0)
            return r;
    }
    return holes >= 0;
}

/* @p g into @p P: 1, 0 when not taken (P->taken 0), -1 out of memory. */
static int load(GEOSContextHandle_t h, const GEOSGeometry *g, lb__piece_poly *P)
{
    double *buf = NULL;
    size_t bufn = 0, i;
    int type = GEOSGeomTypeId_r(h, g), parts, k, r = 1;
    P->n = P->nring = 0;
    P->taken = 0;
    if (!P->ring && !grow((void **)&P->ring, &P->rcap, 2, sizeof *P->ring))
        return -1;
    P->ring[0] = 0;
    if ((type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) ||
        GEOSisEmpty_r(h, g) != 0)
        return 0;
    parts = type == GEOS_POLYGON ? 1 : GEOSGetNumGeometries_r(h, g);
    for (k = 0; k < parts && r > 0; k++) {
        const GEOSGeometry *part =
            type == GEOS_POLYGON ? g : GEOSGetGeometryN_r(h, g, k);
        if (!part)
            r = 0;
        else if (GEOSisEmpty_r(h, part) == 0)
            r = add_polygon(h, part, P, &buf, &bufn);
    }
    free(buf);
    if (r <= 0 || P->nring == 0)
        return r < 0 ? -1 : 0;
    P->box[0] = P->box[2] = P->x[0];
    P->box[1] = P->box[3] = P->y[0];
    for (i = 1; i < P->n; i++) {
        P->box[0] = fmin(P->box[0], P->x[i]);
        P->box[1] = fmin(P->box[1], P->y[i]);
        P->box[2] = fmax(P->box[2], P->x[i]);
        P->box[3] = fmax(P->box[3], P->y[i]);
    }
    P->taken = 1;
    return 1;
}

static void poly_free(lb__piece_poly *P)
{
    free(P->x);
    free(P->y);
    free(P->ring);
}

lb__piece_poly *lb__piece_prepare(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    lb__piece_poly *P = calloc(1, sizeof *P);
    if (P && load(h, g, P) < 0) {
        lb__piece_poly_destroy(P);
        return NULL;
    }
    return P;
}

void lb__piece_poly_destroy(lb__piece_poly *p)
{
    if (!p)
        return;
    poly_free(p);
    free(p);
}

lb__piece_work *lb__piece_work_create(void)
{
    return calloc(1, sizeof(lb__piece_work));
}

void lb__piece_work_destroy(lb__piece_work *w)
{
    if (!w)
        return;
    poly_free(&w->a);
    free(w->ca);
    free(w->cb);
    free(w->c);
    free(w->by_a);
    free(w->by_b);
    free(w->next_a);
    free(w->next_b);
    free(w->after_a);
    free(w->used);
    free(w->in_a);
    free(w->in_b);
    free(w->nc_a);
    free(w->nc_b);
    free(w->xy);
    free(w);
}

/* ---- exact signs -------------------------------------------------------- */

/* The orientation of c against the line a -> b: its determinant in *det
 * and that determinant's error bound in *err; 1 left, -1 right, 0 when
 * the sign is not certain (c on the line, or too near it to tell). */
static int orient(double ax, double ay, double bx, double by, double cx,
                  double cy, double *det, double *err)
{
    double l = (ax - cx) * (by - cy), r = (ay - cy) * (bx - cx);
    *det = l - r;
    *err = CCW_ERR * (fabs(l) + fabs(r));
    return *det > *err ? 1 : *det < -*err ? -1 : 0;
}

static int boxes_meet(const double *a, const double *b)
{
    return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

static void edge_box(const lb__piece_poly *P, size_t i, double *b)
{
    b[0] = fmin(P->x[i], P->x[i + 1]);
    b[1] = fmin(P->y[i], P->y[i + 1]);
    b[2] = fmax(P->x[i], P->x[i + 1]);
    b[3] = fmax(P->y[i], P->y[i + 1]);
}

/* Whether point i of P lies inside Q (a crossing count over all of Q's
 * rings): 1 inside, 0 outside, -1 when it lies on Q's boundary or too
 * near it to tell. */
static int inside(const lb__piece_poly *P, size_t i, const lb__piece_poly *Q)
{
    double px = P->x[i], py = P->y[i], det, err;
    size_t k, j;
    int in = 0;
    if (px < Q->box[0] || px > Q->box[2] || py < Q->box[1] || py > Q->box[3])
        return 0;
    for (k = 0; k < Q->nring; k++)
        for (j = Q->ring[k]; j + 1 < Q->ring[k + 1]; j++) {
            double rx = Q->x[j], ry = Q->y[j], sx = Q->x[j + 1],
                   sy = Q->y[j + 1];
            int straddles = (ry > py) != (sy > py), o;
            int near = px >= fmin(rx, sx) && px <= fmax(rx, sx) &&
                       py >= fmin(ry, sy) && py <= fmax(ry, sy);
            if (!straddles && !near)
                continue;
            if (!(o = orient(rx, ry, sx, sy, px, py, &det, &err)))
                return -1;
            if (straddles && (o > 0) == (sy > ry))
                in ^= 1;
        }
    return in;
}

/* ---- crossings ---------------------------------------------------------- */

/* The edges of P whose boxes meet @p box into *v (n of them). */
static int near_edges(const lb__piece_poly *P, const double *box, size_t **v,
                      size_t *cap, size_t *n)
{
    size_t k, i;
    double b[4];
    *n = 0;
    for (k = 0; k < P->nring; k++)
        for (i = P->ring[k]; i + 1 < P->ring[k + 1]; i++) {
            edge_box(P, i, b);
            if (!boxes_meet(b, box))
                continue;
            if (!grow((void **)v, cap, *n + 1, sizeof **v))
                return 0;
            (*v)[(*n)++] = i;
        }
    return 1;
}

static size_t ring_of(const lb__piece_poly *P, size_t i)
{
    size_t lo = 0, hi = P->nring; /* ring[lo] <= i < ring[hi] */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (P->ring[mid] <= i)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Edge i of A against edge j of B: 1 a proper crossing (added), 0 apart,
 * -1 any other contact or doubt, -2 out of memory. */
static int crossing(lb__piece_work *w, const lb__piece_poly *A, size_t i,
                    const lb__piece_poly *B, size_t j)
{
    double px = A->x[i], py = A->y[i], qx = A->x[i + 1], qy = A->y[i + 1];
    double rx = B->x[j], ry = B->y[j], sx = B->x[j + 1], sy = B->y[j + 1];
    double d1, e1, d2, e2, d3, e3, d4, e4;
    int o1 = orient(rx, ry, sx, sy, px, py, &d1, &e1);
    int o2 = orient(rx, ry, sx, sy, qx, qy, &d2, &e2);
    int o3, o4;
    cross *c;
    if (o1 && o1 == o2)
        return 0;
    o3 = orient(px, py, qx, qy, rx, ry, &d3, &e3);
    o4 = orient(px, py, qx, qy, sx, sy, &d4, &e4);
    if (o3 && o3 == o4)
        return 0;
    if (!o1 || !o2 || !o3 || !o4)
        return -1;
    if (!grow((void **)&w->c, &w->ccap, w->nc + 1, sizeof *w->c))
        return -2;
    c = &w->c[w->nc++];
    c->ia = i;
    c->ib = j;
    /* the determinants are affine along each edge, of opposite signs at
     * its ends: the crossing is where they vanish, within the bound */
    c->ta = d1 / (d1 - d2);
    c->da = (e1 + e2) / (fabs(d1) + fabs(d2)) + 4 * EPS;
    c->tb = d3 / (d3 - d4);
    c->db = (e3 + e4) / (fabs(d3) + fabs(d4)) + 4 * EPS;
    if (c->ta - c->da <= 0.0 || c->ta + c->da >= 1.0 || c->tb - c->db <= 0.0 ||
        c->tb + c->db >= 1.0)
        return -1; /* too near a vertex to order against it */
    c->x = px + c->ta * (qx - px);
    c->y = py + c->ta * (qy - py);
    return 1;
}

/* Sorts the crossings' indices @p v by edge, then by position along it
 * (insertion: a ring's crossings come nearly in order, and are few);
 * 0 when two on one edge cannot be told apart. */
static int order(const cross *c, size_t *v, size_t n, int along_b)
{
    size_t i, j;
    for (i = 1; i < n; i++) {
        size_t k = v[i];
        size_t ek = along_b ? c[k].ib : c[k].ia;
        double tk = along_b ? c[k].tb : c[k].ta;
        for (j = i; j > 0; j--) {
            size_t m = v[j - 1];
            size_t em = along_b ? c[m].ib : c[m].ia;
            double tm = along_b ? c[m].tb : c[m].ta;
            if (em < ek || (em == ek && tm < tk))
                break;
            v[j] = m;
        }
        v[j] = k;
    }
    for (i = 1; i < n; i++) {
        const cross *a = &c[v[i - 1]], *b = &c[v[i]];
        if (along_b ? a->ib == b->ib && a->tb + a->db >= b->tb - b->db
                    : a->ia == b->ia && a->ta + a->da >= b->ta - b->da)
            return 0;
    }
    return 1;
}

/* next[k]: the crossing after k along its ring (the first of the ring
 * after the last); *count[r]: how many ring r has. @p v is in ring order. */
static void link_rings(const cross *c, const size_t *v, size_t n, size_t *next,
                       size_t *count, int along_b)
{
    size_t i = 0;
    while (i < n) {
        size_t r = along_b ? c[v[i]].rb : c[v[i]].ra, j = i;
        while (j + 1 < n && (along_b ? c[v[j + 1]].rb : c[v[j + 1]].ra) == r) {
            next[v[j]] = v[j + 1];
            j++;
        }
        next[v[j]] = v[i];
        count[r] = j - i + 1;
        i = j + 1;
    }
}

/* ---- the piece's rings -------------------------------------------------- */

static int emit(lb__piece_work *w, double x, double y)
{
    if (!grow((void **)&w->xy, &w->xycap, 2 * (w->xyn + 1), sizeof *w->xy))
        return 0;
    w->xy[2 * w->xyn] = x;
    w->xy[2 * w->xyn + 1] = y;
    w->xyn++;
    return 1;
}

/* The points of P between crossing @p from (on edge ef at tf) and the
 * next one along the ring (edge et at tt), then that crossing's point. */
static int run(lb__piece_work *w, const lb__piece_poly *P, size_t r, size_t ef,
               double tf, size_t et, double tt, const cross *to)
{
    size_t first = P->ring[r], last = P->ring[r + 1] - 2, e = ef;
    if (ef != et || tt <= tf)
        do {
            if (!emit(w, P->x[e + 1], P->y[e + 1]))
                return 0;
            e = e == last ? first : e + 1;
        } while (e != et);
    return emit(w, to->x, to->y);
}

/* Adds the signed area of the ring in w->xy to @p acc; 0 when it cannot
 * be measured (GEOS's path then says why). */
static int measure(lb__piece_work *w, const lb_area_params *p, lb__sum *acc,
                   double *points)
{
    double a, pts;
    if (lb__ring_area_counted(p, w->xy, w->xyn, &a, NULL, &pts) != LB_OK)
        return 0;
    *points += pts;
    lb__sum_add(acc, a);
    return *points <= LB__MAX_DENSIFIED;
}

/* A whole ring of P, which no crossing cuts. */
static int whole_ring(lb__piece_work *w, const lb_area_params *p,
                      const lb__piece_poly *P, size_t r, lb__sum *acc,
                      double *points)
{
    size_t i;
    w->xyn = 0;
    for (i = P->ring[r]; i < P->ring[r + 1]; i++)
        if (!emit(w, P->x[i], P->y[i]))
            return 0;
    return measure(w, p, acc, points);
}

/* Room for the crossings' lists and the rings' marks. */
static int reserve(lb__piece_work *w, const lb__piece_poly *A,
                   const lb__piece_poly *B)
{
    void **k[] = {(void **)&w->by_a,    (void **)&w->by_b,
                  (void **)&w->next_a,  (void **)&w->next_b,
                  (void **)&w->after_a, (void **)&w->used};
    const size_t ke[] = {
        sizeof(size_t), sizeof(size_t), sizeof(size_t), sizeof(size_t), 1, 1};
    void **ra[] = {(void **)&w->in_a, (void **)&w->nc_a};
    void **rb[] = {(void **)&w->in_b, (void **)&w->nc_b};
    const size_t re[] = {1, sizeof(size_t)};
    return lb__grow(k, 6, &w->kcap, w->nc ? w->nc : 1, ke, 16) &&
           lb__grow(ra, 2, &w->racap, A->nring, re, 16) &&
           lb__grow(rb, 2, &w->rbcap, B->nring, re, 16);
}

/* Every crossing of A's and B's boundaries into w->c, with the rings
 * they are on; 0 on any other contact, too many pairs, or no memory. */
static int find_crossings(lb__piece_work *w, const lb__piece_poly *A,
                          const lb__piece_poly *B)
{
    size_t na, nb, i, j;
    double ba[4], bb[4];
    w->nc = 0;
    if (!near_edges(A, B->box, &w->ca, &w->cacap, &na) ||
        !near_edges(B, A->box, &w->cb, &w->cbcap, &nb) ||
        (double)na * (double)nb > PIECE_MAX_PAIRS)
        return 0;
    for (i = 0; i < na; i++) {
        edge_box(A, w->ca[i], ba);
        for (j = 0; j < nb; j++) {
            edge_box(B, w->cb[j], bb);
            if (boxes_meet(ba, bb) && crossing(w, A, w->ca[i], B, w->cb[j]) < 0)
                return 0;
        }
    }
    for (i = 0; i < w->nc; i++) {
        w->c[i].ra = ring_of(A, w->c[i].ia);
        w->c[i].rb = ring_of(B, w->c[i].ib);
    }
    return 1;
}

/* Where each ring starts, inside the other polygon or not, and which
 * crossings start a run of A inside B; 0 when a start lies on the other
 * boundary, a ring is crossed an odd number of times, or A's and B's
 * accounts of a crossing disagree. */
static int classify(lb__piece_work *w, const lb__piece_poly *A,
                    const lb__piece_poly *B)
{
    size_t k, i;
    memset(w->nc_a, 0, A->nring * sizeof *w->nc_a);
    memset(w->nc_b, 0, B->nring * sizeof *w->nc_b);
    for (i = 0; i < w->nc; i++)
        w->by_a[i] = w->by_b[i] = i;
    if (!order(w->c, w->by_a, w->nc, 0) || !order(w->c, w->by_b, w->nc, 1))
        return 0;
    link_rings(w->c, w->by_a, w->nc, w->next_a, w->nc_a, 0);
    link_rings(w->c, w->by_b, w->nc, w->next_b, w->nc_b, 1);
    for (k = 0; k < A->nring; k++) {
        int in = inside(A, A->ring[k], B);
        if (in < 0 || w->nc_a[k] % 2)
            return 0;
        w->in_a[k] = (unsigned char)in;
    }
    for (k = 0; k < B->nring; k++) {
        int in = inside(B, B->ring[k], A);
        if (in < 0 || w->nc_b[k] % 2)
            return 0;
        w->in_b[k] = (unsigned char)in;
    }
    /* along each ring, the side changes at every crossing */
    for (i = 0; i < w->nc;) {
        size_t r = w->c[w->by_a[i]].ra, j;
        for (j = 0; j < w->nc_a[r]; j++)
            w->after_a[w->by_a[i + j]] = (unsigned char)(w->in_a[r] ^ !(j & 1));
        i += w->nc_a[r];
    }
    for (i = 0; i < w->nc;) {
        size_t r = w->c[w->by_b[i]].rb, j;
        for (j = 0; j < w->nc_b[r]; j++) {
            int after_b = w->in_b[r] ^ !(j & 1);
            /* where A enters B, B leaves A */
            if (after_b == w->after_a[w->by_b[i + j]])
                return 0;
        }
        i += w->nc_b[r];
    }
    return 1;
}

/* The ring that leaves crossing @p k along A, into w->xy. */
static int trace(lb__piece_work *w, const lb__piece_poly *A,
                 const lb__piece_poly *B, size_t k)
{
    size_t cur = k, steps = 0;
    w->xyn = 0;
    if (!emit(w, w->c[k].x, w->c[k].y))
        return 0;
    do {
        const cross *c = &w->c[cur], *n = &w->c[w->next_a[cur]], *m;
        w->used[cur] = 1;
        if (!run(w, A, c->ra, c->ia, c->ta, n->ia, n->ta, n))
            return 0;
        cur = w->next_a[cur];
        m = &w->c[w->next_b[cur]];
        if (!run(w, B, n->rb, n->ib, n->tb, m->ib, m->tb, m))
            return 0;
        cur = w->next_b[cur];
        if (++steps > w->nc || !w->after_a[cur])
            return 0;
    } while (cur != k);
    return 1;
}

int lb__piece_area(lb__piece_work *w, const lb_area_params *p,
                   GEOSContextHandle_t h, const GEOSGeometry *g,
                   const lb__piece_poly *b, double *area)
{
    lb__piece_poly *A = &w->a;
    lb__sum acc = {0, 0};
    double points = 0.0, sum;
    size_t k;
    if (!b || !b->taken || load(h, g, A) <= 0 || !find_crossings(w, A, b) ||
        !reserve(w, A, b) || !classify(w, A, b))
        return 0;
    memset(w->used, 0, w->nc * sizeof *w->used);
    for (k = 0; k < w->nc; k++)
        if (w->after_a[k] && !w->used[k] &&
            (!trace(w, A, b, k) || !measure(w, p, &acc, &points)))
            return 0;
    for (k = 0; k < A->nring; k++)
        if (!w->nc_a[k] && w->in_a[k] && !whole_ring(w, p, A, k, &acc, &points))
            return 0;
    for (k = 0; k < b->nring; k++)
        if (!w->nc_b[k] && w->in_b[k] && !whole_ring(w, p, b, k, &acc, &points))
            return 0;
    sum = lb__sum_value(&acc);
    if (!isfinite(sum) || sum < 0.0)
        return 0;
    *area = sum;
    return 1;
}
