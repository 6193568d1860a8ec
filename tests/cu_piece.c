/*
 * cu_piece.c: the area of two polygons' common piece from the crossings of
 * their boundaries (lb__piece_area), against the area of GEOS's overlay
 * measured the same way: on hand-made cases with known planar areas, on
 * degenerate contacts it must leave to GEOS, and on thousands of random
 * pairs with holes and several parts in Gauss-Krüger coordinates.
 */
#include "cu_tester.h"

#include "internal.h"
#include "piece.h"

#include <stdlib.h>
#include <string.h>

static lb_area_params survey, planar;

static int piece_init(void)
{
    if (lb_area_params_init(&survey, LB_AREA_SURVEY, 6378137.0,
                            1 / 298.257222101, 102.0, 0.0, 1.0, 500000.0,
                            0.0) != LB_OK ||
        lb_area_params_init_planar(&planar) != LB_OK)
        return -1;
    return 0;
}

/* The area of GEOS's overlay of @p a and @p b, measured with @p p. */
static double overlay_area(lb_context *ctx, const lb_area_params *p,
                           const GEOSGeometry *a, const GEOSGeometry *b)
{
    GEOSGeometry *x = GEOSIntersection_r(ctx->geos, a, b);
    double area = NAN;
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_EQUAL(lb_area_geometry(ctx, p, x, &area), LB_OK);
    GEOSGeom_destroy_r(ctx->geos, x);
    return area;
}

/* lb__piece_area of @p a with @p b prepared: 1 with *area, or 0. */
static int piece(lb_context *ctx, lb__piece_work *w, const lb_area_params *p,
                 const GEOSGeometry *a, const GEOSGeometry *b, double *area)
{
    lb__piece_poly *pb = lb__piece_prepare(ctx->geos, b);
    int taken;
    CU_ASSERT_PTR_NOT_NULL_FATAL(pb);
    *area = NAN;
    taken = lb__piece_area(w, p, ctx->geos, a, pb, area);
    lb__piece_poly_destroy(pb);
    return taken;
}

/* Both ways round: taken or not as @p taken says; when taken, the area
 * is GEOS's overlay's to within 1e-7 m² (survey) and @p planar_expect
 * (when not NAN) within 1e-6. */
static void check(const char *wa, const char *wb, int taken,
                  double planar_expect)
{
    lb_context *ctx = lb_cu_context();
    lb__piece_work *w = lb__piece_work_create();
    GEOSGeometry *a = lb_cu_wkt(ctx, wa), *b = lb_cu_wkt(ctx, wb);
    double area;
    int way;
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    CU_ASSERT_EQUAL(GEOSisValid_r(ctx->geos, a), 1);
    CU_ASSERT_EQUAL(GEOSisValid_r(ctx->geos, b), 1);
    for (way = 0; way < 2; way++) {
        const GEOSGeometry *x = way ? b : a, *y = way ? a : b;
        CU_ASSERT_EQUAL(piece(ctx, w, &survey, x, y, &area), taken);
        if (taken)
            LB_ASSERT_NEAR(area, overlay_area(ctx, &survey, x, y), 1e-7);
        CU_ASSERT_EQUAL(piece(ctx, w, &planar, x, y, &area), taken);
        if (taken && !isnan(planar_expect))
            LB_ASSERT_NEAR(area, planar_expect, 1e-6);
    }
    GEOSGeom_destroy_r(ctx->geos, a);
    GEOSGeom_destroy_r(ctx->geos, b);
    lb__piece_work_destroy(w);
    lb_context_destroy(ctx);
}

/* A 10 m square in the Gauss-Krüger plane, 145 km west of 102°E, and
 * shapes around it (E then N, no zone prefix). */
#define SQ                                                                     \
    "POLYGON((357000 2770100,357010 2770100,357010 2770110,357000 2770110,"    \
    "357000 2770100))"

static void test_crossings(void)
{
    /* a corner over a corner: crossings at the middle of two edges */
    check(SQ,
          "POLYGON((357005 2770105,357015 2770105,357015 2770115,"
          "357005 2770115,357005 2770105))",
          1, 25.0);
    /* a strip across: four crossings, two runs of each */
    check(SQ,
          "POLYGON((356995 2770102,357020 2770102,357020 2770104,"
          "356995 2770104,356995 2770102))",
          1, 20.0);
    /* a cross over the square: eight crossings, one ring */
    check(SQ,
          "POLYGON((357004 2770095,357006 2770095,357006 2770104,"
          "357015 2770104,357015 2770106,357006 2770106,357006 2770115,"
          "357004 2770115,357004 2770106,356995 2770106,356995 2770104,"
          "357004 2770104,357004 2770095))",
          1, 36.0);
    /* a saw-tooth whose two teeth cross the square's lower edge: each
     * tooth's part in the square is a trapezoid 1 and 2 m wide, 5 m high */
    check(SQ,
          "POLYGON((356995 2770105,357002 2770105,357003 2770095,"
          "357004 2770105,357006 2770105,357007 2770095,357008 2770105,"
          "357020 2770105,357020 2770120,356995 2770120,356995 2770105))",
          1, 50.0 + 2 * 7.5);
}

static void test_no_crossing(void)
{
    /* one inside the other: its own area */
    check(SQ,
          "POLYGON((357002 2770102,357004 2770102,357004 2770104,"
          "357002 2770104,357002 2770102))",
          1, 4.0);
    /* boxes that meet, shapes that do not */
    check("POLYGON((357000 2770100,357010 2770100,357000 2770110,"
          "357000 2770100))",
          "POLYGON((357009 2770109,357020 2770109,357020 2770120,"
          "357009 2770109))",
          1, 0.0);
    /* clockwise rings read the same */
    check("POLYGON((357000 2770100,357000 2770110,357010 2770110,"
          "357010 2770100,357000 2770100))",
          "POLYGON((357005 2770105,357005 2770115,357015 2770115,"
          "357015 2770105,357005 2770105))",
          1, 25.0);
}

static void test_holes_and_parts(void)
{
    const char *holed =
        "POLYGON((357000 2770100,357010 2770100,357010 2770110,357000 2770110,"
        "357000 2770100),(357003 2770103,357003 2770107,357007 2770107,"
        "357007 2770103,357003 2770103))";
    /* a strip through the hole: the strip less the hole's part */
    check(holed,
          "POLYGON((356995 2770104,357020 2770104,357020 2770106,"
          "356995 2770106,356995 2770104))",
          1, 20.0 - 8.0);
    /* a polygon inside the hole: nothing */
    check(holed,
          "POLYGON((357004 2770104,357006 2770104,357006 2770106,"
          "357004 2770106,357004 2770104))",
          1, 0.0);
    /* the hole inside the other polygon, no crossing: it is subtracted */
    check(holed,
          "POLYGON((357001 2770101,357009 2770101,357009 2770109,"
          "357001 2770109,357001 2770101))",
          1, 64.0 - 16.0);
    /* two parts, one crossing the square and one inside it */
    check(SQ,
          "MULTIPOLYGON(((357008 2770102,357012 2770102,357012 2770104,"
          "357008 2770104,357008 2770102)),((357002 2770106,357004 2770106,"
          "357004 2770108,357002 2770108,357002 2770106)),((357030 2770130,"
          "357031 2770130,357031 2770131,357030 2770131,357030 2770130)))",
          1, 4.0 + 4.0);
}

/* Contacts other than crossings are GEOS's to decide. */
static void test_left_to_geos(void)
{
    /* neighbours along an edge */
    check(SQ,
          "POLYGON((357010 2770100,357020 2770100,357020 2770110,"
          "357010 2770110,357010 2770100))",
          0, NAN);
    /* the same polygon */
    check(SQ, SQ, 0, NAN);
    /* a vertex on an edge */
    check(SQ,
          "POLYGON((357005 2770110,357008 2770115,357002 2770115,"
          "357005 2770110))",
          0, NAN);
    /* edges along one another, overlapping in part */
    check(SQ,
          "POLYGON((357005 2770105,357015 2770105,357015 2770110,"
          "357005 2770110,357005 2770105))",
          0, NAN);
    /* a shared vertex where the boundaries cross */
    check(SQ,
          "POLYGON((357010 2770110,357005 2770120,357015 2770105,"
          "357010 2770110))",
          0, NAN);
    /* a crossing a thousandth of a nanometre from a vertex */
    check(SQ,
          "POLYGON((357005 2770105,357010.000000000001 2770100.5,"
          "357020 2770105,357005 2770105))",
          0, NAN);
}

/* A polygon and a copy of it shifted by 2.4e-10 m, three parts each
 * (found by fuzzing): the planar area of their piece in exact rational
 * arithmetic is 1.4335691473480034 m². GEOS 3.11's overlay falls back to
 * snapping here and gives 1.4335701445 m², 1e-6 m² off; the crossings
 * give it to within their rounding. */
static void test_near_coincident_edges(void)
{
    lb_context *ctx = lb_cu_context();
    lb__piece_work *w = lb__piece_work_create();
    GEOSGeometry *a = lb_cu_wkt(
        ctx, "MULTIPOLYGON(((34599432.501008563 2892335.3884857926,"
             "34599431.487780638 2892334.6340301116,34599431.673532315 "
             "2892334.5976242232,34599431.924193084 2892334.2940267362,"
             "34599432.245328814 2892334.2811752157,34599432.616526708 "
             "2892334.8862219085,34599432.612754062 2892335.0620049355,"
             "34599432.752511702 2892335.219880939,34599432.501008563 "
             "2892335.3884857926)),((34599436.665584311 2892334.9474423667,"
             "34599435.456154563 2892335.6957361214,34599436.964215033 "
             "2892335.237373706,34599436.665584311 2892334.9474423667)),"
             "((34599441.27274479 2892334.6059904345,34599439.567809097 "
             "2892335.3128999006,34599440.654538177 2892334.2302169986,"
             "34599441.27274479 2892334.6059904345)))");
    GEOSGeometry *b = lb_cu_wkt(
        ctx, "MULTIPOLYGON(((34599431.924193077 2892334.2940269802,"
             "34599432.647189707 2892334.7305519152,34599432.616526701 "
             "2892334.8862221525,34599432.612754054 2892335.0620051795,"
             "34599432.752511695 2892335.219881183,34599432.47929246 "
             "2892335.6050854395,34599431.487780631 2892334.6340303556,"
             "34599431.673532307 2892334.5976244672,34599431.924193077 "
             "2892334.2940269802)),((34599436.964215025 2892335.23737395,"
             "34599435.456154555 2892335.6957363654,34599436.665584303 "
             "2892334.9474426107,34599436.964215025 2892335.23737395)),"
             "((34599441.272744782 2892334.6059906785,34599440.65453817 "
             "2892334.2302172426,34599439.56780909 2892335.3129001446,"
             "34599441.272744782 2892334.6059906785)))");
    double area = NAN;
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    CU_ASSERT_EQUAL(GEOSisValid_r(ctx->geos, a), 1);
    CU_ASSERT_EQUAL(GEOSisValid_r(ctx->geos, b), 1);
    CU_ASSERT_EQUAL(piece(ctx, w, &planar, a, b, &area), 1);
    LB_ASSERT_NEAR(area, 1.4335691473480034, 1e-8);
    if (piece(ctx, w, &planar, b, a, &area))
        LB_ASSERT_NEAR(area, 1.4335691473480034, 1e-8);
    GEOSGeom_destroy_r(ctx->geos, a);
    GEOSGeom_destroy_r(ctx->geos, b);
    lb__piece_work_destroy(w);
    lb_context_destroy(ctx);
}

static void test_not_taken(void)
{
    lb_context *ctx = lb_cu_context();
    lb__piece_work *w = lb__piece_work_create();
    GEOSGeometry *sq = lb_cu_wkt(ctx, SQ);
    GEOSGeometry *line =
        lb_cu_wkt(ctx, "LINESTRING(357000 2770100,357010 2770110)");
    GEOSGeometry *empty = lb_cu_wkt(ctx, "POLYGON EMPTY");
    lb__piece_poly *pl = lb__piece_prepare(ctx->geos, line);
    lb__piece_poly *pe = lb__piece_prepare(ctx->geos, empty);
    lb__piece_poly *ps = lb__piece_prepare(ctx->geos, sq);
    double area = 1.0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pl);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pe);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ps);
    CU_ASSERT_EQUAL(lb__piece_area(w, &survey, ctx->geos, sq, pl, &area), 0);
    CU_ASSERT_EQUAL(lb__piece_area(w, &survey, ctx->geos, sq, pe, &area), 0);
    CU_ASSERT_EQUAL(lb__piece_area(w, &survey, ctx->geos, line, ps, &area), 0);
    CU_ASSERT_EQUAL(lb__piece_area(w, &survey, ctx->geos, sq, NULL, &area), 0);
    CU_ASSERT_EQUAL(area, 1.0);
    lb__piece_poly_destroy(pl);
    lb__piece_poly_destroy(pe);
    lb__piece_poly_destroy(ps);
    lb__piece_poly_destroy(NULL);
    lb__piece_work_destroy(w);
    lb__piece_work_destroy(NULL);
    GEOSGeom_destroy_r(ctx->geos, sq);
    GEOSGeom_destroy_r(ctx->geos, line);
    GEOSGeom_destroy_r(ctx->geos, empty);
    lb_context_destroy(ctx);
}

/* ---- random pairs ------------------------------------------------------- */

static unsigned long long rng = 88172645463325252ULL;

static double uniform(void) /* xorshift64, [0, 1) */
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

/* A star-shaped ring around (cx, cy): @p n points at growing angles and
 * radii in [r0, r1], counter-clockwise or not, as WKT into @p s. */
static size_t star(char *s, size_t cap, double cx, double cy, int n, double r0,
                   double r1, int ccw)
{
    size_t len = 0;
    double a0 = uniform() * 6.283185307179586, x0 = 0, y0 = 0;
    int i;
    len += (size_t)snprintf(s + len, cap - len, "(");
    for (i = 0; i < n; i++) {
        double t = a0 + (ccw ? 1 : -1) * 6.283185307179586 *
                            ((double)i + 0.8 * uniform()) / n;
        double r = r0 + (r1 - r0) * uniform();
        double x = cx + r * cos(t), y = cy + r * sin(t);
        if (i == 0) {
            x0 = x;
            y0 = y;
        }
        len += (size_t)snprintf(s + len, cap - len, "%.17g %.17g,", x, y);
    }
    len += (size_t)snprintf(s + len, cap - len, "%.17g %.17g)", x0, y0);
    return len;
}

/* A random polygon near (cx, cy): one or two parts, each a star of 4..40
 * points and 5..150 m across, with a hole one time in three. */
static GEOSGeometry *random_polygon(lb_context *ctx, double cx, double cy,
                                    char *s, size_t cap)
{
    int parts = uniform() < 0.2 ? 2 : 1, k;
    size_t len = (size_t)snprintf(s, cap, "MULTIPOLYGON(");
    for (k = 0; k < parts; k++) {
        double r1 = 5 + 145 * uniform(), r0 = r1 * (0.4 + 0.5 * uniform());
        double px = cx + k * 3 * r1, py = cy;
        len += (size_t)snprintf(s + len, cap - len, "%s(", k ? "," : "");
        len += star(s + len, cap - len, px, py, 4 + (int)(37 * uniform()), r0,
                    r1, uniform() < 0.7);
        if (uniform() < 0.33) {
            len += (size_t)snprintf(s + len, cap - len, ",");
            len += star(s + len, cap - len, px, py, 3 + (int)(10 * uniform()),
                        0.1 * r0, 0.6 * r0, uniform() < 0.5);
        }
        len += (size_t)snprintf(s + len, cap - len, ")");
    }
    snprintf(s + len, cap - len, ")");
    return lb_cu_wkt(ctx, s);
}

static void test_against_geos(void)
{
    lb_context *ctx = lb_cu_context();
    lb__piece_work *w = lb__piece_work_create();
    static char s[16384];
    int i, pairs = 0, taken = 0, wrong = 0, pieces = 0;
    double worst = 0.0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    for (i = 0; i < 3000; i++) {
        /* east of the central meridian, then west, 5 to 180 km from it */
        double cx = (i % 2 ? 505000 : 320000) + 175000 * uniform();
        double cy = 2700000 + 200000 * uniform();
        GEOSGeometry *a = random_polygon(ctx, cx, cy, s, sizeof s);
        GEOSGeometry *b =
            random_polygon(ctx, cx + 200 * (uniform() - 0.5),
                           cy + 200 * (uniform() - 0.5), s, sizeof s);
        double area, ref;
        if (GEOSisValid_r(ctx->geos, a) == 1 &&
            GEOSisValid_r(ctx->geos, b) == 1) {
            pairs++;
            if (piece(ctx, w, &survey, a, b, &area)) {
                taken++;
                ref = overlay_area(ctx, &survey, a, b);
                pieces += ref > 0;
                if (fabs(area - ref) > fabs(worst))
                    worst = area - ref;
                if (!(fabs(area - ref) <= 1e-7 + 1e-12 * ref)) {
                    wrong++;
                    if (wrong < 4)
                        fprintf(stderr, "\n%.9f m² for GEOS's %.9f:\n%s\n",
                                area, ref, s);
                }
            }
        }
        GEOSGeom_destroy_r(ctx->geos, a);
        GEOSGeom_destroy_r(ctx->geos, b);
    }
    CU_ASSERT_EQUAL(wrong, 0);
    CU_ASSERT(pairs > 2500);
    /* general position is the rule for shapes drawn apart */
    CU_ASSERT(taken > pairs * 95 / 100);
    CU_ASSERT(pieces > pairs / 2);
    CU_ASSERT(fabs(worst) < 1e-7);
    lb__piece_work_destroy(w);
    lb_context_destroy(ctx);
}

void piece_suite_setup(void)
{
    CU_pSuite s = lb_cu_add_suite("piece", piece_init, NULL);
    LB_ADD_TEST(s, test_crossings);
    LB_ADD_TEST(s, test_no_crossing);
    LB_ADD_TEST(s, test_holes_and_parts);
    LB_ADD_TEST(s, test_left_to_geos);
    LB_ADD_TEST(s, test_near_coincident_edges);
    LB_ADD_TEST(s, test_not_taken);
    LB_ADD_TEST(s, test_against_geos);
}
