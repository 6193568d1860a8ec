/*
 * touch.c: do two polygons' interiors meet? (touch.h)
 *
 * Overlaying two neighbouring parcels that only share edges costs GEOS
 * 3.11 about 20 µs and gives nothing; its relate costs nearly as much.
 * The proof here reads the two boundaries once, with GEOS's robust
 * orientation predicate (GEOSOrientationIndex_r) and exact comparisons
 * of coordinates, and gives up (LB__TOUCH_UNKNOWN) on anything but
 * shared edges, shared vertices and clear separation.
 */
#include "touch.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Points per polygon for the proof: larger ones go to GEOS (the pairs of
 * edges near the other polygon are compared all against all). */
#define TOUCH_MAX_POINTS 256

/* One Polygon as the proof reads it, its rings one after another; the
 * arrays are a tbuf's (read for one test) or a prepared geometry's. */
typedef struct tpoly {
    double *x, *y;
    /* edge[i]: an edge of non-zero length runs from point i to i + 1
     * (within one ring) */
    unsigned char *edge;
    size_t n;      /* 0: a Polygon that the proof does not take */
    double box[4]; /* minx, miny, maxx, maxy */
} tpoly;

/* Room for a Polygon read for one test. */
typedef struct tbuf {
    tpoly p;
    double x[TOUCH_MAX_POINTS], y[TOUCH_MAX_POINTS];
    unsigned char edge[TOUCH_MAX_POINTS];
} tbuf;

/* What the scan of one pair finds on one of the two polygons. */
typedef struct tmark {
    unsigned char shared[TOUCH_MAX_POINTS]; /* point i is the other's */
    unsigned char same[TOUCH_MAX_POINTS];   /* edge i is the other's */
} tmark;

/* The edges of one polygon whose boxes meet the other polygon's box, with
 * their boxes: no other edge can meet an edge of the other. */
typedef struct tnear {
    double box[TOUCH_MAX_POINTS][4]; /* minx, miny, maxx, maxy */
    size_t k[TOUCH_MAX_POINTS];      /* the edge */
    size_t n;
} tnear;

/* A geometry read once for many tests (touch.h). */
struct lb__touch_prep {
    int nparts; /* 0: the proof takes none of it */
    tpoly part[];
};

/* A coordinate the proof takes: 0 or a magnitude within 1e-100..1e100.
 * Beyond, the products in the orientation test underflow or overflow,
 * and GEOS's validity misses spikes as thin as a subnormal number, which
 * the proof would take for a point outside. */
static int plain(double v)
{
    double a = fabs(v);
    return v == 0.0 || (a >= 1e-100 && a <= 1e100);
}

static int add_ring(GEOSContextHandle_t h, const GEOSGeometry *ring, tpoly *P)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned int size = 0, k;
    double xy[2 * TOUCH_MAX_POINTS];
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &size) || size < 4 ||
        size > TOUCH_MAX_POINTS - P->n ||
        !GEOSCoordSeq_copyToBuffer_r(h, cs, xy, 0, 0))
        return 0;
    for (k = 0; k < size; k++) {
        size_t i = P->n + k;
        if (!plain(xy[2 * k]) || !plain(xy[2 * k + 1]))
            return 0;
        P->x[i] = xy[2 * k];
        P->y[i] = xy[2 * k + 1];
        P->edge[i] = 0;
        if (k > 0)
            P->edge[i - 1] = P->x[i - 1] != P->x[i] || P->y[i - 1] != P->y[i];
        if (P->x[i] < P->box[0])
            P->box[0] = P->x[i];
        if (P->y[i] < P->box[1])
            P->box[1] = P->y[i];
        if (P->x[i] > P->box[2])
            P->box[2] = P->x[i];
        if (P->y[i] > P->box[3])
            P->box[3] = P->y[i];
    }
    P->n += size;
    return 1;
}

static int load_rings(GEOSContextHandle_t h, const GEOSGeometry *g, tpoly *P)
{
    const GEOSGeometry *ring;
    int k, holes;
    P->n = 0;
    P->box[0] = P->box[1] = HUGE_VAL;
    P->box[2] = P->box[3] = -HUGE_VAL;
    if (GEOSGeomTypeId_r(h, g) != GEOS_POLYGON || GEOSisEmpty_r(h, g) != 0)
        return 0;
    if (!(ring = GEOSGetExteriorRing_r(h, g)) || !add_ring(h, ring, P))
        return 0;
    holes = GEOSGetNumInteriorRings_r(h, g);
    for (k = 0; k < holes; k++)
        if (!(ring = GEOSGetInteriorRingN_r(h, g, k)) || !add_ring(h, ring, P))
            return 0;
    return holes >= 0;
}

/* The rings of a Polygon into @p B (B->p); 0, and B->p.n 0, when it is
 * anything else, empty or too big. */
static int load(GEOSContextHandle_t h, const GEOSGeometry *g, tbuf *B)
{
    B->p.x = B->x;
    B->p.y = B->y;
    B->p.edge = B->edge;
    if (load_rings(h, g, &B->p))
        return 1;
    B->p.n = 0;
    return 0;
}

static int boxes_meet(double ax0, double ay0, double ax1, double ay1,
                      double bx0, double by0, double bx1, double by1)
{
    return ax0 <= bx1 && bx0 <= ax1 && ay0 <= by1 && by0 <= ay1;
}

static int cmp(double a, double b)
{
    return (a > b) - (a < b);
}

/* GEOS's robust orientation of (px, py) against the line a -> b: 1 left,
 * -1 right, 0 on it; 2 when GEOS failed. */
static int orient(GEOSContextHandle_t h, double ax, double ay, double bx,
                  double by, double px, double py)
{
    return GEOSOrientationIndex_r(h, ax, ay, bx, by, px, py);
}

/* 1 when (px, py) and (qx, qy) lie strictly on one side of the line
 * a -> b, 0 when not, -1 when GEOS failed. */
static int one_side(GEOSContextHandle_t h, double ax, double ay, double bx,
                    double by, double px, double py, double qx, double qy)
{
    int o1 = orient(h, ax, ay, bx, by, px, py);
    int o2 = orient(h, ax, ay, bx, by, qx, qy);
    if (o1 == 2 || o2 == 2)
        return -1;
    return o1 == o2 && o1 != 0;
}

enum { APART_EDGES, SAME_EDGE, AT_VERTEX, UNCLEAR };

/* How edge i of A and edge j of B meet (their boxes meet). Shared
 * vertices and shared edges are marked on both sides (@p MA, @p MB). */
static int contact(GEOSContextHandle_t h, const tpoly *A, tmark *MA, size_t i,
                   const tpoly *B, tmark *MB, size_t j)
{
    double px = A->x[i], py = A->y[i], qx = A->x[i + 1], qy = A->y[i + 1];
    double rx = B->x[j], ry = B->y[j], sx = B->x[j + 1], sy = B->y[j + 1];
    int pr = px == rx && py == ry, ps = px == sx && py == sy;
    int qr = qx == rx && qy == ry, qs = qx == sx && qy == sy;
    int k;
    if ((pr && qs) || (ps && qr)) {
        MA->same[i] = MB->same[j] = 1;
        MA->shared[i] = MA->shared[i + 1] = 1;
        MB->shared[j] = MB->shared[j + 1] = 1;
        return SAME_EDGE;
    }
    if (pr || ps || qr || qs) {
        /* one shared end c; the edges meet only there unless they run
         * along one line the same way from c */
        double cx = pr || ps ? px : qx, cy = pr || ps ? py : qy;
        double ex = pr || ps ? qx : px, ey = pr || ps ? qy : py;
        double fx = pr || qr ? sx : rx, fy = pr || qr ? sy : ry;
        int o = orient(h, cx, cy, ex, ey, fx, fy);
        if (o == 2 || (o == 0 && cmp(ex, cx) == cmp(fx, cx) &&
                       cmp(ey, cy) == cmp(fy, cy)))
            return UNCLEAR;
        MA->shared[pr || ps ? i : i + 1] = 1;
        MB->shared[pr || qr ? j : j + 1] = 1;
        return AT_VERTEX;
    }
    if ((k = one_side(h, rx, ry, sx, sy, px, py, qx, qy)) != 0 ||
        (k = one_side(h, px, py, qx, qy, rx, ry, sx, sy)) != 0)
        return k > 0 ? APART_EDGES : UNCLEAR;
    /* a crossing, an end on the other edge, or collinear edges whose
     * boxes meet: they meet away from any shared vertex */
    return UNCLEAR;
}

/* Crossing count of the ray from (px, py) towards +x: 1 inside @p P, 0
 * outside, -1 when the point is on its boundary or GEOS failed (neither
 * may happen after a clear scan: the caller gives up). */
static int inside(GEOSContextHandle_t h, const tpoly *P, double px, double py)
{
    size_t i;
    int odd = 0;
    if (!boxes_meet(px, py, px, py, P->box[0], P->box[1], P->box[2], P->box[3]))
        return 0;
    for (i = 0; i + 1 < P->n; i++) {
        double ay = P->y[i], by = P->y[i + 1];
        int o;
        if (!P->edge[i] || (ay > py) == (by > py))
            continue;
        o = orient(h, P->x[i], ay, P->x[i + 1], by, px, py);
        if (o == 0 || o == 2)
            return -1;
        if ((o > 0) == (by > ay))
            odd ^= 1;
    }
    return odd;
}

/* The vertices of @p P that are not @p Q's (as marked in @p M), against
 * @p Q: LB__TOUCH_OVERLAP when one is inside, else LB__TOUCH_UNKNOWN when
 * an edge that is not Q's has both ends shared (it may run inside or
 * outside), else LB__TOUCH_APART, with *outside set when a vertex lies
 * outside Q. */
static lb__touch classify(GEOSContextHandle_t h, const tpoly *P, const tmark *M,
                          const tpoly *Q, int *outside)
{
    size_t i;
    lb__touch t = LB__TOUCH_APART;
    *outside = 0;
    for (i = 0; i + 1 < P->n; i++) {
        int in;
        if (P->edge[i] && !M->same[i] && M->shared[i] && M->shared[i + 1])
            t = LB__TOUCH_UNKNOWN;
        if (M->shared[i] || (!P->edge[i] && (i == 0 || !P->edge[i - 1])))
            continue;
        if ((in = inside(h, Q, P->x[i], P->y[i])) < 0)
            t = LB__TOUCH_UNKNOWN;
        else if (in)
            return LB__TOUCH_OVERLAP;
        else
            *outside = 1;
    }
    return t;
}

/* The exponent of the lowest set bit of a finite non-zero @p v: v is a
 * multiple of 2 to that power. The significand, an integer below 2^53,
 * keeps only its lowest bit (m & -m), a power of two that frexp reads. */
static int low_bit(double v)
{
    int e, k;
    uint64_t m = (uint64_t)ldexp(frexp(fabs(v), &e), 53);
    (void)frexp((double)(m & (~m + 1)), &k);
    return e - 53 + k - 1;
}

/* 1 when every difference of two coordinates along one axis (@p c of
 * both polygons) is a double: the orientation test of GEOS, double-double
 * arithmetic, is then exact. All the values are multiples of 2^low, so
 * their differences are, and they fit in 53 bits while the spread stays
 * under 2^(52 + low). Survey coordinates pass (a pair of parcels spans
 * metres, with bits down to 2^-34 m); values of very different magnitudes
 * (1e10 and 0.1) do not. */
static int exact_axis(const double *ca, size_t na, const double *cb, size_t nb,
                      double lo, double hi)
{
    int low = 1 << 20;
    size_t i;
    /* Sterbenz: values of one sign within a factor of two, the usual case
     * (Gauss-Krüger metres), need no look at their bits */
    if ((lo > 0.0 && hi <= 2.0 * lo) || (hi < 0.0 && lo >= 2.0 * hi))
        return 1;
    for (i = 0; i < na + nb; i++) {
        double v = i < na ? ca[i] : cb[i - na];
        int k;
        if (v != 0.0 && (k = low_bit(v)) < low)
            low = k;
    }
    return low == 1 << 20 || hi - lo < ldexp(1.0, 52 + low);
}

/* Where (x, y) lies against the box (x0, y0)-(x1, y1): a bit for each
 * side it is beyond (Cohen-Sutherland). */
static unsigned outcode(double x, double y, double x0, double y0, double x1,
                        double y1)
{
    return (unsigned)(x < x0) | (unsigned)(x > x1) << 1 |
           (unsigned)(y < y0) << 2 | (unsigned)(y > y1) << 3;
}

/* The edges of @p P whose boxes meet @p box, into @p N. An edge's box
 * misses @p box exactly when both ends lie beyond one of its sides (the
 * ends' outcodes share a bit). An edge's box lies within its polygon's
 * box, so an edge left out meets no edge of the polygon whose box @p box
 * is. */
static void near_edges(const tpoly *P, const double *box, tnear *N)
{
    const double *x = P->x, *y = P->y;
    double x0 = box[0], y0 = box[1], x1 = box[2], y1 = box[3];
    size_t i, n = 0;
    unsigned c0, c1 = P->n ? outcode(x[0], y[0], x0, y0, x1, y1) : 0;
    for (i = 0; i + 1 < P->n; i++) {
        c0 = c1;
        c1 = outcode(x[i + 1], y[i + 1], x0, y0, x1, y1);
        if (!P->edge[i] || (c0 & c1))
            continue;
        N->box[n][0] = x[i] < x[i + 1] ? x[i] : x[i + 1];
        N->box[n][2] = x[i] < x[i + 1] ? x[i + 1] : x[i];
        N->box[n][1] = y[i] < y[i + 1] ? y[i] : y[i + 1];
        N->box[n][3] = y[i] < y[i + 1] ? y[i + 1] : y[i];
        N->k[n++] = i;
    }
    N->n = n;
}

/* The proof for two Polygons (LB__TOUCH_UNKNOWN when either was not
 * taken, n 0). Every pair of edges whose boxes meet is looked at, in any
 * order: each either leaves the answer to GEOS or only marks shared
 * vertices and edges, so the order does not change the answer. */
static lb__touch polygons(GEOSContextHandle_t h, const tpoly *A, const tpoly *B)
{
    tmark MA, MB;
    tnear NA, NB;
    size_t i, j;
    int out_a, out_b;
    lb__touch ta, tb;
    if (!A->n || !B->n ||
        !exact_axis(A->x, A->n, B->x, B->n, fmin(A->box[0], B->box[0]),
                    fmax(A->box[2], B->box[2])) ||
        !exact_axis(A->y, A->n, B->y, B->n, fmin(A->box[1], B->box[1]),
                    fmax(A->box[3], B->box[3])))
        return LB__TOUCH_UNKNOWN;
    memset(MA.shared, 0, A->n);
    memset(MA.same, 0, A->n);
    memset(MB.shared, 0, B->n);
    memset(MB.same, 0, B->n);
    near_edges(A, B->box, &NA);
    near_edges(B, A->box, &NB);
    for (i = 0; i < NA.n; i++) {
        const double *e = NA.box[i];
        for (j = 0; j < NB.n; j++) {
            const double *f = NB.box[j];
            if (boxes_meet(e[0], e[1], e[2], e[3], f[0], f[1], f[2], f[3]) &&
                contact(h, A, &MA, NA.k[i], B, &MB, NB.k[j]) == UNCLEAR)
                return LB__TOUCH_UNKNOWN;
        }
    }
    ta = classify(h, A, &MA, B, &out_a);
    tb = classify(h, B, &MB, A, &out_b);
    if (ta == LB__TOUCH_OVERLAP || tb == LB__TOUCH_OVERLAP)
        return LB__TOUCH_OVERLAP;
    if (ta == LB__TOUCH_UNKNOWN || tb == LB__TOUCH_UNKNOWN)
        return LB__TOUCH_UNKNOWN;
    /* A vertex of one outside the other: they are not the same polygon. */
    return out_a || out_b ? LB__TOUCH_APART : LB__TOUCH_UNKNOWN;
}

/* The parts of a Polygon (itself) or MultiPolygon: -1 for anything else. */
static int parts(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    int type = GEOSGeomTypeId_r(h, g);
    return type == GEOS_POLYGON        ? 1
           : type == GEOS_MULTIPOLYGON ? GEOSGetNumGeometries_r(h, g)
                                       : -1;
}

static const GEOSGeometry *part(GEOSContextHandle_t h, const GEOSGeometry *g,
                                int i)
{
    return GEOSGeomTypeId_r(h, g) == GEOS_POLYGON ? g
                                                  : GEOSGetGeometryN_r(h, g, i);
}

/* The interiors of two valid (multi)polygons meet when those of two of
 * their parts do; the parts of a valid MultiPolygon are valid Polygons.
 * Every pair is tried, so that the answer does not depend on the order. */
lb__touch lb__touch_test(GEOSContextHandle_t h, const GEOSGeometry *a,
                         const GEOSGeometry *b)
{
    int na = parts(h, a), nb = parts(h, b), i, j;
    lb__touch t = LB__TOUCH_APART;
    if (na < 1 || nb < 1)
        return LB__TOUCH_UNKNOWN;
    for (i = 0; i < na; i++)
        for (j = 0; j < nb; j++) {
            const GEOSGeometry *pa = part(h, a, i), *pb = part(h, b, j);
            tbuf A, B;
            lb__touch u = pa && pb && load(h, pa, &A) && load(h, pb, &B)
                              ? polygons(h, &A.p, &B.p)
                              : LB__TOUCH_UNKNOWN;
            if (u == LB__TOUCH_OVERLAP)
                return u;
            if (u == LB__TOUCH_UNKNOWN)
                t = u;
        }
    return t;
}

/* Part @p k of @p g into @p T, its points in memory of their own (T->n 0
 * when the proof does not take it); 0 when out of memory. */
static int prepare_part(GEOSContextHandle_t h, const GEOSGeometry *g, int k,
                        tpoly *T)
{
    const GEOSGeometry *pg = part(h, g, k);
    tbuf B;
    size_t n;
    T->n = 0;
    if (!pg || !load(h, pg, &B))
        return 1;
    n = B.p.n;
    if (!(T->x = malloc(n * (2 * sizeof *T->x + sizeof *T->edge))))
        return 0;
    T->y = T->x + n;
    T->edge = (unsigned char *)(T->y + n);
    memcpy(T->x, B.x, n * sizeof *T->x);
    memcpy(T->y, B.y, n * sizeof *T->y);
    memcpy(T->edge, B.edge, n);
    memcpy(T->box, B.p.box, sizeof T->box);
    T->n = n;
    return 1;
}

lb__touch_prep *lb__touch_prepare(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    int n = parts(h, g), k;
    lb__touch_prep *p =
        malloc(sizeof *p + (size_t)(n > 0 ? n : 0) * sizeof *p->part);
    if (!p)
        return NULL;
    for (p->nparts = k = 0; k < n; p->nparts = ++k)
        if (!prepare_part(h, g, k, &p->part[k])) {
            lb__touch_prep_destroy(p);
            return NULL;
        }
    return p;
}

void lb__touch_prep_destroy(lb__touch_prep *p)
{
    int k;
    if (!p)
        return;
    for (k = 0; k < p->nparts; k++)
        if (p->part[k].n)
            free(p->part[k].x);
    free(p);
}

lb__touch lb__touch_test_prepared(GEOSContextHandle_t h,
                                  const lb__touch_prep *a,
                                  const lb__touch_prep *b)
{
    int i, j;
    lb__touch t = LB__TOUCH_APART;
    if (a->nparts < 1 || b->nparts < 1)
        return LB__TOUCH_UNKNOWN;
    for (i = 0; i < a->nparts; i++)
        for (j = 0; j < b->nparts; j++) {
            lb__touch u = polygons(h, &a->part[i], &b->part[j]);
            if (u == LB__TOUCH_OVERLAP)
                return u;
            if (u == LB__TOUCH_UNKNOWN)
                t = u;
        }
    return t;
}

/* GEOS: disjoint, or meeting only on their boundaries; an exception (2),
 * or no prepared geometry, counts as meeting: the overlay will tell */
static int geos_apart(GEOSContextHandle_t h, const GEOSPreparedGeometry **prep,
                      const GEOSGeometry *a, const GEOSGeometry *b)
{
    if (!*prep && !(*prep = GEOSPrepare_r(h, a)))
        return 0;
    return GEOSPreparedIntersects_r(h, *prep, b) == 0 ||
           GEOSPreparedTouches_r(h, *prep, b) == 1;
}

int lb__interiors_apart(GEOSContextHandle_t h,
                        const GEOSPreparedGeometry **prep,
                        const GEOSGeometry *a, const GEOSGeometry *b)
{
    lb__touch t = lb__touch_test(h, a, b);
    if (t != LB__TOUCH_UNKNOWN)
        return t == LB__TOUCH_APART;
    return geos_apart(h, prep, a, b);
}

int lb__interiors_apart_prepared(GEOSContextHandle_t h,
                                 const GEOSPreparedGeometry **prep,
                                 const lb__touch_prep *ta,
                                 const GEOSGeometry *a,
                                 const lb__touch_prep *tb,
                                 const GEOSGeometry *b)
{
    lb__touch t =
        ta && tb ? lb__touch_test_prepared(h, ta, tb) : lb__touch_test(h, a, b);
    if (t != LB__TOUCH_UNKNOWN)
        return t == LB__TOUCH_APART;
    return geos_apart(h, prep, a, b);
}
