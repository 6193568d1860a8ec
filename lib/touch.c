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

/* Points per polygon for the proof: larger ones go to GEOS (the pairs of
 * edges are compared all against all). */
#define TOUCH_MAX_POINTS 256

typedef struct tpoly {
    double x[TOUCH_MAX_POINTS], y[TOUCH_MAX_POINTS];
    /* edge[i]: an edge of non-zero length runs from point i to i + 1
     * (within one ring) */
    unsigned char edge[TOUCH_MAX_POINTS];
    unsigned char shared[TOUCH_MAX_POINTS]; /* point i is the other's */
    unsigned char same[TOUCH_MAX_POINTS];   /* edge i is the other's */
    size_t n;
    double box[4]; /* minx, miny, maxx, maxy */
} tpoly;

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
        P->shared[i] = P->same[i] = 0;
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

/* The rings of a Polygon; 0 when it is anything else, empty or too big. */
static int load(GEOSContextHandle_t h, const GEOSGeometry *g, tpoly *P)
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
 * vertices and shared edges are marked on both sides. */
static int contact(GEOSContextHandle_t h, tpoly *A, size_t i, tpoly *B,
                   size_t j)
{
    double px = A->x[i], py = A->y[i], qx = A->x[i + 1], qy = A->y[i + 1];
    double rx = B->x[j], ry = B->y[j], sx = B->x[j + 1], sy = B->y[j + 1];
    int pr = px == rx && py == ry, ps = px == sx && py == sy;
    int qr = qx == rx && qy == ry, qs = qx == sx && qy == sy;
    int k;
    if ((pr && qs) || (ps && qr)) {
        A->same[i] = B->same[j] = 1;
        A->shared[i] = A->shared[i + 1] = B->shared[j] = B->shared[j + 1] = 1;
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
        A->shared[pr || ps ? i : i + 1] = 1;
        B->shared[pr || qr ? j : j + 1] = 1;
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

/* The vertices of @p P that are not @p Q's, against @p Q: LB__TOUCH_OVERLAP
 * when one is inside, else LB__TOUCH_UNKNOWN when an edge that is not
 * Q's has both ends shared (it may run inside or outside), else
 * LB__TOUCH_APART, with *outside set when a vertex lies outside Q. */
static lb__touch classify(GEOSContextHandle_t h, const tpoly *P, const tpoly *Q,
                          int *outside)
{
    size_t i;
    lb__touch t = LB__TOUCH_APART;
    *outside = 0;
    for (i = 0; i + 1 < P->n; i++) {
        int in;
        if (P->edge[i] && !P->same[i] && P->shared[i] && P->shared[i + 1])
            t = LB__TOUCH_UNKNOWN;
        if (P->shared[i] || (!P->edge[i] && (i == 0 || !P->edge[i - 1])))
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

/* The proof for two Polygons. */
static lb__touch polygons(GEOSContextHandle_t h, const GEOSGeometry *a,
                          const GEOSGeometry *b)
{
    tpoly A, B;
    size_t i, j;
    int out_a, out_b;
    lb__touch ta, tb;
    if (!load(h, a, &A) || !load(h, b, &B) ||
        !exact_axis(A.x, A.n, B.x, B.n, fmin(A.box[0], B.box[0]),
                    fmax(A.box[2], B.box[2])) ||
        !exact_axis(A.y, A.n, B.y, B.n, fmin(A.box[1], B.box[1]),
                    fmax(A.box[3], B.box[3])))
        return LB__TOUCH_UNKNOWN;
    for (i = 0; i + 1 < A.n; i++) {
        double ex0, ey0, ex1, ey1;
        if (!A.edge[i])
            continue;
        ex0 = A.x[i] < A.x[i + 1] ? A.x[i] : A.x[i + 1];
        ex1 = A.x[i] < A.x[i + 1] ? A.x[i + 1] : A.x[i];
        ey0 = A.y[i] < A.y[i + 1] ? A.y[i] : A.y[i + 1];
        ey1 = A.y[i] < A.y[i + 1] ? A.y[i + 1] : A.y[i];
        if (!boxes_meet(ex0, ey0, ex1, ey1, B.box[0], B.box[1], B.box[2],
                        B.box[3]))
            continue;
        for (j = 0; j + 1 < B.n; j++) {
            double fx0 = B.x[j] < B.x[j + 1] ? B.x[j] : B.x[j + 1];
            double fx1 = B.x[j] < B.x[j + 1] ? B.x[j + 1] : B.x[j];
            double fy0 = B.y[j] < B.y[j + 1] ? B.y[j] : B.y[j + 1];
            double fy1 = B.y[j] < B.y[j + 1] ? B.y[j + 1] : B.y[j];
            if (B.edge[j] &&
                boxes_meet(ex0, ey0, ex1, ey1, fx0, fy0, fx1, fy1) &&
                contact(h, &A, i, &B, j) == UNCLEAR)
                return LB__TOUCH_UNKNOWN;
        }
    }
    ta = classify(h, &A, &B, &out_a);
    tb = classify(h, &B, &A, &out_b);
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
            lb__touch u = pa && pb ? polygons(h, pa, pb) : LB__TOUCH_UNKNOWN;
            if (u == LB__TOUCH_OVERLAP)
                return u;
            if (u == LB__TOUCH_UNKNOWN)
                t = u;
        }
    return t;
}

int lb__interiors_apart(GEOSContextHandle_t h,
                        const GEOSPreparedGeometry **prep,
                        const GEOSGeometry *a, const GEOSGeometry *b)
{
    lb__touch t = lb__touch_test(h, a, b);
    if (t != LB__TOUCH_UNKNOWN)
        return t == LB__TOUCH_APART;
    /* GEOS: disjoint, or meeting only on their boundaries; an exception
     * (2), or no prepared geometry, counts as meeting: the overlay will
     * tell */
    if (!*prep && !(*prep = GEOSPrepare_r(h, a)))
        return 0;
    return GEOSPreparedIntersects_r(h, *prep, b) == 0 ||
           GEOSPreparedTouches_r(h, *prep, b) == 1;
}
