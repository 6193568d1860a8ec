/*
 * cu_touch.c: the proof that two polygons' interiors do not meet
 * (lb__touch_test), on hand-made cases and against GEOS's relate on
 * thousands of pairs from a survey-like tiling; its prepared form
 * (lb__touch_test_prepared) must give the same answer on all of them.
 */
#include "cu_tester.h"

#include "touch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static GEOSContextHandle_t h;
static GEOSWKTReader *reader;

static int touch_init(void)
{
    h = GEOS_init_r();
    reader = h ? GEOSWKTReader_create_r(h) : NULL;
    return reader ? 0 : -1;
}

static int touch_clean(void)
{
    if (reader)
        GEOSWKTReader_destroy_r(h, reader);
    if (h)
        GEOS_finish_r(h);
    return 0;
}

/* GEOS's own answer: do the interiors meet? */
static int interiors_meet(const GEOSGeometry *a, const GEOSGeometry *b)
{
    return GEOSRelatePattern_r(h, a, b, "T********");
}

/* lb__touch_test_prepared on @p a and @p b, prepared here. */
static lb__touch touch_prepared(const GEOSGeometry *a, const GEOSGeometry *b)
{
    lb__touch_prep *pa = lb__touch_prepare(h, a);
    lb__touch_prep *pb = lb__touch_prepare(h, b);
    lb__touch t = LB__TOUCH_UNKNOWN;
    CU_ASSERT_PTR_NOT_NULL(pa);
    CU_ASSERT_PTR_NOT_NULL(pb);
    if (pa && pb)
        t = lb__touch_test_prepared(h, pa, pb);
    lb__touch_prep_destroy(pa);
    lb__touch_prep_destroy(pb);
    return t;
}

/* lb__touch_test on two WKTs, both ways round, checked against GEOS and
 * against the prepared form. */
static lb__touch touch_wkt(const char *wa, const char *wb)
{
    GEOSGeometry *a = GEOSWKTReader_read_r(h, reader, wa);
    GEOSGeometry *b = GEOSWKTReader_read_r(h, reader, wb);
    lb__touch t = LB__TOUCH_UNKNOWN, u;
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    t = lb__touch_test(h, a, b);
    u = lb__touch_test(h, b, a);
    CU_ASSERT_EQUAL(t, u);
    CU_ASSERT_EQUAL(touch_prepared(a, b), t);
    CU_ASSERT_EQUAL(touch_prepared(b, a), t);
    if (t != LB__TOUCH_UNKNOWN)
        CU_ASSERT_EQUAL(interiors_meet(a, b), t == LB__TOUCH_OVERLAP);
    GEOSGeom_destroy_r(h, a);
    GEOSGeom_destroy_r(h, b);
    return t;
}

#define SQ "POLYGON((0 0,2 0,2 2,0 2,0 0))"

static void test_shared_edges(void)
{
    /* neighbours along an edge, and at a corner */
    CU_ASSERT_EQUAL(touch_wkt(SQ, "POLYGON((2 0,4 0,4 2,2 2,2 0))"),
                    LB__TOUCH_APART);
    CU_ASSERT_EQUAL(touch_wkt(SQ, "POLYGON((2 2,4 2,4 4,2 4,2 2))"),
                    LB__TOUCH_APART);
    /* a shared chain of several edges, one polygon turning the other way */
    CU_ASSERT_EQUAL(touch_wkt("POLYGON((0 0,2 0,3 1,2 2,2 3,0 3,0 0))",
                              "POLYGON((2 0,5 0,5 3,2 3,2 2,3 1,2 0))"),
                    LB__TOUCH_APART);
    /* collinear edges that leave a shared vertex in opposite directions */
    CU_ASSERT_EQUAL(touch_wkt("POLYGON((0 0,2 0,2 1,0 1,0 0))",
                              "POLYGON((2 0,4 0,4 1,2 1,2 0))"),
                    LB__TOUCH_APART);
    /* far apart */
    CU_ASSERT_EQUAL(touch_wkt(SQ, "POLYGON((10 10,11 10,11 11,10 10))"),
                    LB__TOUCH_APART);
}

/* MultiPolygons, part by part: a neighbour of one part and far from the
 * other; a part inside. */
static void test_multipolygons(void)
{
    CU_ASSERT_EQUAL(
        touch_wkt(SQ, "MULTIPOLYGON(((2 0,4 0,4 2,2 2,2 0)),((5 5,6 5,6 6,5 "
                      "5)))"),
        LB__TOUCH_APART);
    CU_ASSERT_EQUAL(touch_wkt("MULTIPOLYGON(((0 0,2 0,2 2,0 2,0 0)))",
                              "MULTIPOLYGON(((2 0,4 0,4 2,2 2,2 0)))"),
                    LB__TOUCH_APART);
    CU_ASSERT_EQUAL(
        touch_wkt(SQ, "MULTIPOLYGON(((2 0,4 0,4 2,2 2,2 0)),((0.5 0.5,1 0.5,1 "
                      "1,0.5 0.5)))"),
        LB__TOUCH_OVERLAP);
    CU_ASSERT_EQUAL(touch_wkt(SQ, "MULTIPOLYGON EMPTY"), LB__TOUCH_UNKNOWN);
}

static void test_holes(void)
{
    const char *donut = "POLYGON((0 0,6 0,6 6,0 6,0 0),(2 2,2 4,4 4,4 2,2 2))";
    /* the hole's filling, sharing the hole's edges; and an island in it */
    CU_ASSERT_EQUAL(touch_wkt(donut, "POLYGON((2 2,4 2,4 4,2 4,2 2))"),
                    LB__TOUCH_APART);
    CU_ASSERT_EQUAL(touch_wkt(donut, "POLYGON((2.5 2.5,3 2.5,3 3,2.5 2.5))"),
                    LB__TOUCH_APART);
    /* inside the solid part */
    CU_ASSERT_EQUAL(touch_wkt(donut, "POLYGON((0.5 0.5,1 0.5,1 1,0.5 0.5))"),
                    LB__TOUCH_OVERLAP);
}

static void test_overlaps(void)
{
    /* a square inside another; a triangle with its third vertex inside */
    CU_ASSERT_EQUAL(touch_wkt(SQ, "POLYGON((0.5 0.5,1 0.5,1 1,0.5 1,0.5 0.5))"),
                    LB__TOUCH_OVERLAP);
    CU_ASSERT_EQUAL(touch_wkt(SQ, "POLYGON((0 0,2 0,1 1,0 0))"),
                    LB__TOUCH_OVERLAP);
}

/* What is left to GEOS: the same polygon (whatever its first vertex or
 * direction), an edge between two shared vertices, a vertex on an edge,
 * crossings, edges along one another, other geometry types. */
static void test_left_to_geos(void)
{
    CU_ASSERT_EQUAL(touch_wkt(SQ, SQ), LB__TOUCH_UNKNOWN);
    CU_ASSERT_EQUAL(touch_wkt(SQ, "POLYGON((2 2,2 0,0 0,0 2,2 2))"),
                    LB__TOUCH_UNKNOWN);
    CU_ASSERT_EQUAL(touch_wkt(SQ, "POLYGON((0 0,2 0,2 2,0 0))"),
                    LB__TOUCH_UNKNOWN);
    CU_ASSERT_EQUAL(touch_wkt(SQ, "POLYGON((2 1,4 1,4 3,2 3,2 1))"),
                    LB__TOUCH_UNKNOWN);
    CU_ASSERT_EQUAL(touch_wkt(SQ, "POLYGON((1 1,3 1,3 3,1 3,1 1))"),
                    LB__TOUCH_UNKNOWN);
    CU_ASSERT_EQUAL(touch_wkt(SQ, "POLYGON((0 0,1 0,1 -1,0 -1,0 0))"),
                    LB__TOUCH_UNKNOWN);
    CU_ASSERT_EQUAL(touch_wkt(SQ, "LINESTRING(0 0,2 2)"), LB__TOUCH_UNKNOWN);
    CU_ASSERT_EQUAL(touch_wkt(SQ, "POLYGON EMPTY"), LB__TOUCH_UNKNOWN);
}

/* A spike one subnormal wide is missed by GEOS's validity and would look
 * like a vertex outside: coordinates so small (or huge) are left to GEOS.
 * So are coordinates of such different magnitudes that their differences
 * are not doubles, where GEOS's orientation test is not exact: here it
 * misses that two edges cross (found by fuzzing). */
static void test_extreme_coordinates(void)
{
    CU_ASSERT_EQUAL(
        touch_wkt("POLYGON((-10000000000 -7000000000,0.10000000000000001 "
                  "0.069999999999999993,0.0029958654200262337 "
                  "0.0020971057940183634,-10000000000 -7000000000))",
                  "POLYGON((-10000000000 -7000000000,1 0.69999999999999996,"
                  "0.97903607201210641 0.68532525040847447,-10000000000 "
                  "-7000000000))"),
        LB__TOUCH_UNKNOWN);
    CU_ASSERT_EQUAL(touch_wkt("POLYGON((0 0,1 0,1 1,0 1,0 0))",
                              "POLYGON((0 0,1 0,1 1,0 1,-1.4821969375237396e-"
                              "323 1,0 1,0 0))"),
                    LB__TOUCH_UNKNOWN);
    CU_ASSERT_EQUAL(touch_wkt("POLYGON((0 0,1e120 0,1e120 1e120,0 0))",
                              "POLYGON((0 0,0 1e120,1e120 1e120,0 0))"),
                    LB__TOUCH_UNKNOWN);
}

/* A valid polygon with a spike whose two edges end one ulp apart, and a
 * triangle on that spike's edge: GEOS's relate says the interiors meet,
 * its overlay finds a line, no area. Across zero, the difference of
 * -5.5000000000000009 and 8 is not a double, so the proof leaves the
 * pair to GEOS. */
static void test_spike_one_ulp_wide(void)
{
    GEOSGeometry *a = GEOSWKTReader_read_r(
        h, reader,
        "POLYGON((437992 -5,437998 -5.5,437997 -17.5,437998 "
        "-5.5000000000000009,438004 -6,438006 1,438002 8,437996 3,437992 -5))");
    GEOSGeometry *b = GEOSWKTReader_read_r(
        h, reader,
        "POLYGON((437997 -17.5,437998 -5.5000000000000009,437997.51199999999 "
        "-11.500999999999999,437997 -17.5))");
    GEOSGeometry *x;
    double area = -1.0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(GEOSisValid_r(h, a), 1);
    CU_ASSERT_EQUAL(lb__touch_test(h, a, b), LB__TOUCH_UNKNOWN);
    CU_ASSERT_EQUAL(touch_prepared(a, b), LB__TOUCH_UNKNOWN);
    x = GEOSIntersection_r(h, a, b);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_EQUAL(GEOSArea_r(h, x, &area), 1);
    CU_ASSERT_EQUAL(area, 0.0);
    GEOSGeom_destroy_r(h, x);
    GEOSGeom_destroy_r(h, a);
    GEOSGeom_destroy_r(h, b);
}

/* Over 256 points: GEOS's to answer. */
static void test_large_polygon(void)
{
    size_t size = 300 * 48 + 64, n;
    char *w = malloc(size);
    int k;
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    n = (size_t)snprintf(w, size, "POLYGON((2 0");
    for (k = 1; k < 300; k++)
        n += (size_t)snprintf(w + n, size - n, ",%.6f %.6f", 2.0 + k / 300.0,
                              (double)k / 300.0);
    snprintf(w + n, size - n, ",2 2,2 0))");
    CU_ASSERT_EQUAL(touch_wkt(SQ, w), LB__TOUCH_UNKNOWN);
    free(w);
}

/* ---- against GEOS on a survey-like tiling ------------------------------ */

#define G 14  /* cells a side */
#define SUB 3 /* intermediate vertices on each cell edge */

static double urand(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (double)((*s >> 8) & 0xFFFFFF) / 16777216.0;
}

/* A jittered grid whose cells share their corner and edge vertices, like
 * survey parcels: corner (i, j) and the intermediate points of each edge
 * are computed once and used by both cells. */
typedef struct tiling {
    double cx[G + 1][G + 1], cy[G + 1][G + 1];
    double hx[G + 1][G][SUB], hy[G + 1][G][SUB]; /* along x, row j */
    double vx[G + 1][G][SUB], vy[G + 1][G][SUB]; /* along y, column i */
} tiling;

static void make_tiling(tiling *t, unsigned seed, int straight)
{
    int i, j, k;
    for (i = 0; i <= G; i++)
        for (j = 0; j <= G; j++) {
            t->cx[i][j] = 438000.0 + 100.0 * i + 30.0 * (urand(&seed) - 0.5);
            t->cy[i][j] = 2784000.0 + 100.0 * j + 30.0 * (urand(&seed) - 0.5);
        }
    for (i = 0; i < G; i++)
        for (j = 0; j <= G; j++)
            for (k = 0; k < SUB; k++) {
                double f = (k + 1.0) / (SUB + 1.0);
                double jx = straight ? 0 : 6.0 * (urand(&seed) - 0.5);
                double jy = straight ? 0 : 6.0 * (urand(&seed) - 0.5);
                t->hx[j][i][k] =
                    t->cx[i][j] + f * (t->cx[i + 1][j] - t->cx[i][j]) + jx;
                t->hy[j][i][k] =
                    t->cy[i][j] + f * (t->cy[i + 1][j] - t->cy[i][j]) + jy;
                jx = straight ? 0 : 6.0 * (urand(&seed) - 0.5);
                jy = straight ? 0 : 6.0 * (urand(&seed) - 0.5);
                t->vx[j][i][k] =
                    t->cx[j][i] + f * (t->cx[j][i + 1] - t->cx[j][i]) + jx;
                t->vy[j][i][k] =
                    t->cy[j][i] + f * (t->cy[j][i + 1] - t->cy[j][i]) + jy;
            }
}

/* Cell (i, j) as a polygon, counter-clockwise, shifted by (dx, dy). */
static GEOSGeometry *cell(const tiling *t, int i, int j, double dx, double dy)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(h, 4 * (SUB + 1) + 1, 2);
    unsigned n = 0;
    int k;
#define PUT(x, y) GEOSCoordSeq_setXY_r(h, cs, n++, (x) + dx, (y) + dy)
    PUT(t->cx[i][j], t->cy[i][j]);
    for (k = 0; k < SUB; k++)
        PUT(t->hx[j][i][k], t->hy[j][i][k]);
    PUT(t->cx[i + 1][j], t->cy[i + 1][j]);
    for (k = 0; k < SUB; k++)
        PUT(t->vx[i + 1][j][k], t->vy[i + 1][j][k]);
    PUT(t->cx[i + 1][j + 1], t->cy[i + 1][j + 1]);
    for (k = SUB - 1; k >= 0; k--)
        PUT(t->hx[j + 1][i][k], t->hy[j + 1][i][k]);
    PUT(t->cx[i][j + 1], t->cy[i][j + 1]);
    for (k = SUB - 1; k >= 0; k--)
        PUT(t->vx[i][j][k], t->vy[i][j][k]);
    PUT(t->cx[i][j], t->cy[i][j]);
#undef PUT
    return GEOSGeom_createPolygon_r(h, GEOSGeom_createLinearRing_r(h, cs), NULL,
                                    0);
}

/* Every neighbour pair of cells (8-neighbourhood), each cell against a
 * shifted copy of its neighbours, against the union of itself with its
 * east neighbour, and against a copy of itself: the proof must agree with
 * GEOS whenever it answers, and answer for nearly all true neighbours. */
static void test_against_geos(void)
{
    int straight, i, j, di, dj, wrong = 0, pairs = 0, apart = 0, touching = 0;
    unsigned seed = 7;
    tiling *t = malloc(sizeof *t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    for (straight = 0; straight < 2; straight++) {
        make_tiling(t, 1234u + (unsigned)straight, straight);
        for (i = 0; i < G; i++)
            for (j = 0; j < G; j++) {
                GEOSGeometry *a = cell(t, i, j, 0, 0);
                for (di = -1; di <= 1; di++)
                    for (dj = -1; dj <= 1; dj++) {
                        int ni = i + di, nj = j + dj, v;
                        GEOSGeometry *b[3];
                        if (ni < 0 || nj < 0 || ni >= G || nj >= G)
                            continue;
                        b[0] = cell(t, ni, nj, 0, 0);
                        b[1] = cell(t, ni, nj, 3.0 * (urand(&seed) - 0.5),
                                    3.0 * (urand(&seed) - 0.5));
                        b[2] = di == 1 && dj == 0 ? GEOSUnion_r(h, b[0], a)
                                                  : GEOSGeom_clone_r(h, b[0]);
                        for (v = 0; v < 3; v++) {
                            lb__touch r = lb__touch_test(h, a, b[v]);
                            int meet = interiors_meet(a, b[v]);
                            pairs++;
                            if (r != LB__TOUCH_UNKNOWN &&
                                meet != (r == LB__TOUCH_OVERLAP))
                                wrong++;
                            if (v == 0 && (di || dj)) {
                                touching++;
                                apart += r == LB__TOUCH_APART;
                            }
                            GEOSGeom_destroy_r(h, b[v]);
                        }
                    }
                GEOSGeom_destroy_r(h, a);
            }
    }
    free(t);
    CU_ASSERT_EQUAL(wrong, 0);
    CU_ASSERT(pairs > 6000);
    /* every true neighbour shares whole edges or a corner: all proven */
    CU_ASSERT_EQUAL(apart, touching);
}

/* The prepared form on the tiling, as check uses it: each cell prepared
 * once and tested against all its neighbours, shifted copies of them
 * (some by a few ulps), their unions with it and copies of it, in a
 * tiling far from the origin and one across it (where the exactness of
 * the coordinates' differences is looked at bit by bit). Every answer
 * must be the one-shot proof's, and lb__interiors_apart_prepared must
 * agree with lb__interiors_apart, prepared or not. */
static void test_prepared_against_one_shot(void)
{
    int pass, i, j, di, dj, differ = 0, pairs = 0, kinds[3] = {0, 0, 0};
    unsigned seed = 11;
    tiling *t = malloc(sizeof *t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    for (pass = 0; pass < 3; pass++) {
        /* pass 2 moves the tiling across the origin */
        double ox = pass == 2 ? -438700.0 : 0, oy = pass == 2 ? -2784700.0 : 0;
        make_tiling(t, 4321u + (unsigned)pass, pass == 1);
        for (i = 0; i < G; i++)
            for (j = 0; j < G; j++) {
                GEOSGeometry *a = cell(t, i, j, ox, oy);
                lb__touch_prep *pa = lb__touch_prepare(h, a);
                CU_ASSERT_PTR_NOT_NULL_FATAL(pa);
                for (di = -1; di <= 1; di++)
                    for (dj = -1; dj <= 1; dj++) {
                        int ni = i + di, nj = j + dj, v;
                        double ulp = urand(&seed) < 0.5 ? 1e-9 : 0.5;
                        GEOSGeometry *b[4];
                        if (ni < 0 || nj < 0 || ni >= G || nj >= G)
                            continue;
                        b[0] = cell(t, ni, nj, ox, oy);
                        b[1] = cell(t, ni, nj, ox + ulp * (urand(&seed) - 0.5),
                                    oy + ulp * (urand(&seed) - 0.5));
                        b[2] = GEOSUnion_r(h, b[0], a);
                        b[3] = GEOSUnion_r(h, b[1], b[0]);
                        for (v = 0; v < 4; v++) {
                            const GEOSPreparedGeometry *p1 = NULL, *p2 = NULL;
                            lb__touch_prep *pb = lb__touch_prepare(h, b[v]);
                            lb__touch r = lb__touch_test(h, a, b[v]);
                            CU_ASSERT_PTR_NOT_NULL_FATAL(pb);
                            pairs++;
                            kinds[r + 1]++;
                            differ += lb__touch_test_prepared(h, pa, pb) != r;
                            differ += lb__touch_test_prepared(h, pb, pa) !=
                                      lb__touch_test(h, b[v], a);
                            differ +=
                                lb__interiors_apart(h, &p1, a, b[v]) !=
                                lb__interiors_apart_prepared(
                                    h, &p2, pa, a, v & 1 ? pb : NULL, b[v]);
                            if (p1)
                                GEOSPreparedGeom_destroy_r(h, p1);
                            if (p2)
                                GEOSPreparedGeom_destroy_r(h, p2);
                            lb__touch_prep_destroy(pb);
                            GEOSGeom_destroy_r(h, b[v]);
                        }
                    }
                lb__touch_prep_destroy(pa);
                GEOSGeom_destroy_r(h, a);
            }
    }
    free(t);
    CU_ASSERT_EQUAL(differ, 0);
    CU_ASSERT(pairs > 8000);
    /* all three answers were given, many times */
    CU_ASSERT(kinds[0] > 100 && kinds[1] > 100 && kinds[2] > 100);
}

/* A prepared geometry that the proof does not take answers
 * LB__TOUCH_UNKNOWN, like the one-shot test; destroying NULL is a no-op. */
static void test_prepared_untaken(void)
{
    GEOSGeometry *sq = GEOSWKTReader_read_r(h, reader, SQ);
    GEOSGeometry *line = GEOSWKTReader_read_r(h, reader, "LINESTRING(0 0,2 2)");
    GEOSGeometry *empty = GEOSWKTReader_read_r(h, reader, "MULTIPOLYGON EMPTY");
    lb__touch_prep *ps, *pl, *pe;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sq);
    CU_ASSERT_PTR_NOT_NULL_FATAL(line);
    CU_ASSERT_PTR_NOT_NULL_FATAL(empty);
    ps = lb__touch_prepare(h, sq);
    pl = lb__touch_prepare(h, line);
    pe = lb__touch_prepare(h, empty);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ps);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pl);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pe);
    CU_ASSERT_EQUAL(lb__touch_test_prepared(h, ps, pl), LB__TOUCH_UNKNOWN);
    CU_ASSERT_EQUAL(lb__touch_test_prepared(h, pl, ps), LB__TOUCH_UNKNOWN);
    CU_ASSERT_EQUAL(lb__touch_test_prepared(h, ps, pe), LB__TOUCH_UNKNOWN);
    CU_ASSERT_EQUAL(lb__touch_test_prepared(h, pe, pe), LB__TOUCH_UNKNOWN);
    lb__touch_prep_destroy(ps);
    lb__touch_prep_destroy(pl);
    lb__touch_prep_destroy(pe);
    lb__touch_prep_destroy(NULL);
    GEOSGeom_destroy_r(h, sq);
    GEOSGeom_destroy_r(h, line);
    GEOSGeom_destroy_r(h, empty);
}

void touch_suite_setup(void)
{
    CU_pSuite s = lb_cu_add_suite("touch", touch_init, touch_clean);
    LB_ADD_TEST(s, test_shared_edges);
    LB_ADD_TEST(s, test_multipolygons);
    LB_ADD_TEST(s, test_holes);
    LB_ADD_TEST(s, test_overlaps);
    LB_ADD_TEST(s, test_left_to_geos);
    LB_ADD_TEST(s, test_large_polygon);
    LB_ADD_TEST(s, test_extreme_coordinates);
    LB_ADD_TEST(s, test_spike_one_ulp_wide);
    LB_ADD_TEST(s, test_against_geos);
    LB_ADD_TEST(s, test_prepared_against_one_shot);
    LB_ADD_TEST(s, test_prepared_untaken);
}
