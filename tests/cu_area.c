/*
 * cu_area.c: the area core (lib/area.c) and its polygon/CRS layer
 * (lib/area_geom.c). References are independent of the code under test:
 * the test vectors of rules.md §2, PROJ's own Transverse Mercator
 * (proj_trans) and geodesic polygon area (geod_polygonarea), and closed
 * forms evaluated here.
 */
#include "cu_tester.h"

#define GEOS_USE_ONLY_R_API
#include <geodesic.h>
#include <geos_c.h>
#include <proj.h>
#include <stdlib.h>
#include <string.h>

#define CGCS2000_A 6378137.0
#define CGCS2000_F (1 / 298.257222101)

static lb_context *ctx;
static PJ_CONTEXT *pj_ctx;
static PJ *gk_to_geo; /* EPSG:4543 -> EPSG:4490, (E, N) -> (lon, lat) */

static int suite_init(void)
{
    PJ *t;
    ctx = lb_cu_context();
    pj_ctx = proj_context_create();
    t = proj_create_crs_to_crs(pj_ctx, "EPSG:4543", "EPSG:4490", NULL);
    gk_to_geo = t ? proj_normalize_for_visualization(pj_ctx, t) : NULL;
    proj_destroy(t);
    return ctx && gk_to_geo ? 0 : 1;
}

static int suite_clean(void)
{
    proj_destroy(gk_to_geo);
    proj_context_destroy(pj_ctx);
    lb_context_destroy(ctx);
    return 0;
}

/* Parameters of a CRS for a method; the test fails if PROJ cannot. */
static lb_area_params crs_params(const char *crs, lb_area_method method)
{
    lb_area_params p;
    lb_status st = lb_area_params_from_crs(ctx, crs, method, &p);
    if (st != LB_OK)
        fprintf(stderr, "\n%s: %s\n", crs, lb_errmsg(ctx));
    CU_ASSERT_EQUAL_FATAL(st, LB_OK);
    return p;
}

/* Closed axis-parallel square, counter-clockwise, in r[10]. */
static void square(double *r, double x, double y, double side)
{
    double v[10] = {x, y, x + side, y, x + side, y + side, x, y + side, x, y};
    memcpy(r, v, sizeof v);
}

static double ring_area(const lb_area_params *p, const double *xy, size_t n)
{
    double area = NAN;
    const char *why = NULL;
    lb_status st = lb_ring_area(p, xy, n, &area, &why);
    if (st != LB_OK)
        fprintf(stderr, "\nlb_ring_area: %s\n", why ? why : "?");
    CU_ASSERT_EQUAL(st, LB_OK);
    return area;
}

static double wkt_area(const lb_area_params *p, const char *wkt)
{
    double area = NAN;
    lb_status st = lb_area_wkt(ctx, p, wkt, &area);
    if (st != LB_OK)
        fprintf(stderr, "\nlb_area_wkt: %s\n", lb_errmsg(ctx));
    CU_ASSERT_EQUAL(st, LB_OK);
    return area;
}

/* rules.md §2: the quadrilateral, E then N, CM 102 E, closed. */
static const double quad[10] = {357000,  2770100, 358000,  2770300, 357600,
                                2771100, 357100,  2770900, 357000,  2770100};

static void test_method_names(void)
{
    lb_area_method m = LB_AREA_PLANAR;
    LB_ASSERT_STR(lb_area_method_name(LB_AREA_SURVEY), "survey");
    LB_ASSERT_STR(lb_area_method_name(LB_AREA_GEODESIC), "geodesic");
    LB_ASSERT_STR(lb_area_method_name(LB_AREA_PLANAR), "planar");
    CU_ASSERT_PTR_NULL(lb_area_method_name((lb_area_method)7));
    CU_ASSERT_EQUAL(lb_area_method_parse("survey", &m), LB_OK);
    CU_ASSERT_EQUAL(m, LB_AREA_SURVEY);
    CU_ASSERT_EQUAL(lb_area_method_parse("geodesic", &m), LB_OK);
    CU_ASSERT_EQUAL(m, LB_AREA_GEODESIC);
    CU_ASSERT_EQUAL(lb_area_method_parse("planar", &m), LB_OK);
    CU_ASSERT_EQUAL(m, LB_AREA_PLANAR);
    CU_ASSERT_EQUAL(lb_area_method_parse("ellipsoid", &m), LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_area_method_parse("surveyx", &m), LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_area_method_parse(NULL, &m), LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_area_method_parse("survey", NULL), LB_ERR_ARG);
}

/* rules.md §2 test vectors, EPSG:4543 (coordinates without zone prefix). */
static void test_rules_vectors(void)
{
    lb_area_params p = crs_params("EPSG:4543", LB_AREA_SURVEY);
    double r[10];
    square(r, 454000, 2770100, 100);
    LB_ASSERT_NEAR(ring_area(&p, r, 5), 9999.4788, 0.0005);
    square(r, 357000, 2770100, 100);
    LB_ASSERT_NEAR(ring_area(&p, r, 5), 9994.9567, 0.0005);
    LB_ASSERT_NEAR(ring_area(&p, quad, 5), 629684.0183, 0.001);
}

/* The same vectors in the zone-prefixed CRS EPSG:4522 (x_0 = 34500000). */
static void test_rules_vectors_zone_prefix(void)
{
    lb_area_params p = crs_params("EPSG:4522", LB_AREA_SURVEY);
    double r[10], q[10];
    int i;
    LB_ASSERT_NEAR(p.x0, 34500000, 0);
    LB_ASSERT_NEAR(p.lon0, 102, 1e-12);
    square(r, 34454000, 2770100, 100);
    LB_ASSERT_NEAR(ring_area(&p, r, 5), 9999.4788, 0.0005);
    square(r, 34357000, 2770100, 100);
    LB_ASSERT_NEAR(ring_area(&p, r, 5), 9994.9567, 0.0005);
    for (i = 0; i < 10; i++)
        q[i] = quad[i] + (i % 2 ? 0 : 34000000);
    LB_ASSERT_NEAR(ring_area(&p, q, 5), 629684.0183, 0.001);
}

/* The issue's example, through WKT and GEOS. */
static void test_issue_example(void)
{
    lb_area_params p = crs_params("EPSG:4543", LB_AREA_SURVEY);
    LB_ASSERT_NEAR(wkt_area(&p, "POLYGON((357000 2770100,358000 2770300,"
                                "357600 2771100,357100 2770900,"
                                "357000 2770100))"),
                   629684.0183, 0.001);
}

/* The notice's A..E are the Fourier coefficients of the zone-area
 * integrand cos B (1 - e² sin² B)^-2 = Σ F_j cos((2j+1)B), truncated after
 * e⁸: A = F0, B = -F1/3, C = F2/5, D = -F3/7, E = F4/9. Derived here from
 * (1-x)^-2 = Σ (k+1) x^k and the binomial expansion of sin^2k B. */
static long double binom(int n, int k)
{
    long double r = 1;
    int i;
    for (i = 1; i <= k; i++)
        r = r * (n - k + i) / i;
    return r;
}

static void fourier_coefficients(long double e2, long double F[5])
{
    int j, k, m;
    for (j = 0; j < 5; j++)
        F[j] = 0;
    for (k = 0; k <= 4; k++) {
        long double w = (k + 1) * powl(e2, k) / powl(4, k);
        /* sin^2k B = 4^-k [C(2k,k) + 2 Σ (-1)^m C(2k,k-m) cos 2mB];
         * cos B cos 2mB = (cos(2m+1)B + cos(2m-1)B) / 2 */
        F[0] += w * binom(2 * k, k);
        for (m = 1; m <= k; m++) {
            long double c = (m % 2 ? -1 : 1) * binom(2 * k, k - m) * w;
            F[m] += c;
            F[m - 1] += c;
        }
    }
}

static void test_survey_coefficients(void)
{
    double e2 = CGCS2000_F * (2 - CGCS2000_F), coef[5];
    long double F[5];
    lb_survey_coefficients(e2, coef);
    fourier_coefficients(e2, F);
    LB_ASSERT_NEAR(coef[0], (double)F[0], 1e-15);
    LB_ASSERT_NEAR(coef[1], (double)(-F[1] / 3), 1e-15);
    LB_ASSERT_NEAR(coef[2], (double)(F[2] / 5), 1e-15);
    LB_ASSERT_NEAR(coef[3], (double)(-F[3] / 7), 1e-15);
    LB_ASSERT_NEAR(coef[4], (double)(F[4] / 9), 1e-15);
    /* the values of the notice's CGCS2000 constants (domain.md §4.2) */
    LB_ASSERT_NEAR(coef[0], 1 + e2 / 2, 1e-4);
    LB_ASSERT_NEAR(coef[4], 5.0 / 2304 * e2 * e2 * e2 * e2, 1e-25);
}

/* Gauss-Krüger inverse against PROJ's tmerc within 3 degrees of the CM,
 * from the equator to 89° and south of it: the Krüger and conformal
 * latitude series hold everywhere, to a tenth of a micrometre. */
static void test_tm_inverse_vs_proj(void)
{
    static const double pts[][2] = {
        {500000, 2770100}, {357000, 2770100}, {454000, 2770100},
        {800000, 2770100}, {200000, 2770100}, {200000, 2000000},
        {780000, 1500000}, {650000, 4500000}, {330000, 4500000},
        {700000, 5500000}, {500000, 0},       {420000, 3900000.5},
        {560000, 8500000}, {502000, 9900000}, {500000, -6000000}};
    lb_area_params p = crs_params("EPSG:4543", LB_AREA_SURVEY);
    size_t i;
    for (i = 0; i < sizeof pts / sizeof pts[0]; i++) {
        PJ_COORD c = proj_trans(gk_to_geo, PJ_FWD,
                                proj_coord(pts[i][0], pts[i][1], 0, 0));
        double lat = NAN, lon = NAN;
        lb_tm_inverse(&p, pts[i][0], pts[i][1], &lat, &lon);
        CU_ASSERT(fabs(c.lp.lam - 102) <= 3.01);
        LB_ASSERT_NEAR(lat, c.lp.phi, 1e-12);
        LB_ASSERT_NEAR(lon, c.lp.lam, 1e-12);
    }
}

/* The inverse undoes PROJ's forward projection: PROJ goes from latitude
 * to the plane by the other series (geodetic to conformal, "cbg", and
 * Krüger's alpha), so this does not compare a series with itself. Every
 * 5° of latitude from -80° to 85°, at the central meridian and 1°, 2°
 * and 3° either side; the round trip closes to 1e-13° (10 µm would be
 * 1e-10°): a wrong coefficient of n⁵ in the latitude series shows. */
static void test_tm_round_trip(void)
{
    lb_area_params p = crs_params("EPSG:4543", LB_AREA_SURVEY);
    double worst = 0;
    int i, j;
    for (i = -16; i <= 17; i++)
        for (j = -3; j <= 3; j++) {
            double lat0 = 5.0 * i, lon0 = 102 + j, lat = NAN, lon = NAN;
            PJ_COORD c =
                proj_trans(gk_to_geo, PJ_INV, proj_coord(lon0, lat0, 0, 0));
            lb_tm_inverse(&p, c.xy.x, c.xy.y, &lat, &lon);
            worst = fmax(worst, fmax(fabs(lat - lat0), fabs(lon - lon0)));
            LB_ASSERT_NEAR(lat, lat0, 1e-13);
            LB_ASSERT_NEAR(lon, lon0, 1e-13);
        }
    CU_ASSERT(worst > 0); /* the comparison is not of a value with itself */
}

static void test_tm_inverse_edges(void)
{
    lb_area_params p = crs_params("EPSG:4522", LB_AREA_SURVEY);
    double lat = 0, lon = 0;
    lb_tm_inverse(&p, 34500000, 0, &lat, &lon);
    LB_ASSERT_NEAR(lat, 0, 1e-15);
    LB_ASSERT_NEAR(lon, 102, 1e-15);
    lb_tm_inverse(&p, NAN, 2770100, &lat, &lon);
    CU_ASSERT(isnan(lat) && isnan(lon));
    /* beyond the projection's reach: NaN, not a wrong point */
    lb_tm_inverse(&p, 34500000 + 5e6, 2770100, &lat, &lon);
    CU_ASSERT(isnan(lat) && isnan(lon));
    lb_tm_inverse(&p, 34500000, 2.1e7, &lat, &lon);
    CU_ASSERT(isnan(lat) && isnan(lon));
    lb_tm_inverse(&p, 34454000, INFINITY, &lat, &lon);
    CU_ASSERT(isnan(lat) && isnan(lon));
    lb_tm_inverse(NULL, 34454000, 2770100, &lat, &lon);
    CU_ASSERT(isnan(lat) && isnan(lon));
}

static void test_planar_exact(void)
{
    lb_area_params p;
    double r[10];
    CU_ASSERT_EQUAL(lb_area_params_init_planar(&p), LB_OK);
    square(r, 454000, 2770100, 100);
    LB_ASSERT_NEAR(ring_area(&p, r, 5), 10000, 1e-9);
    square(r, 34454000, 2770100, 100); /* zone prefix: 3.4e7 m */
    LB_ASSERT_NEAR(ring_area(&p, r, 5), 10000, 1e-9);
    p = crs_params("EPSG:4543", LB_AREA_PLANAR);
    CU_ASSERT_EQUAL(p.method, LB_AREA_PLANAR);
    CU_ASSERT_EQUAL(p.is_tm, 1);
    LB_ASSERT_NEAR(wkt_area(&p, "POLYGON((0 0,100 0,100 100,0 100,0 0))"),
                   10000, 1e-9);
    /* shoelace of the rules' quadrilateral, by hand: 630000 m² */
    LB_ASSERT_NEAR(ring_area(&p, quad, 5), 630000, 1e-9);
}

/* Holes are subtracted; exact in the plane, and in survey mode the hole
 * shrinks by the scale of the 100 m square of rules.md (0.99994788). */
static void test_holes(void)
{
    static const char *wkt =
        "POLYGON((454000 2770100,454100 2770100,454100 2770200,"
        "454000 2770200,454000 2770100),(454040 2770140,454040 2770160,"
        "454060 2770160,454060 2770140,454040 2770140))";
    lb_area_params p = crs_params("EPSG:4543", LB_AREA_PLANAR);
    LB_ASSERT_NEAR(wkt_area(&p, wkt), 9600, 1e-9);
    p = crs_params("EPSG:4543", LB_AREA_SURVEY);
    LB_ASSERT_NEAR(wkt_area(&p, wkt), 9999.4788 - 400 * 0.99994788, 0.001);
}

static void test_multipolygon(void)
{
    static const char *wkt =
        "MULTIPOLYGON(((454000 2770100,454100 2770100,454100 2770200,"
        "454000 2770200,454000 2770100)),((357000 2770100,357000 2770200,"
        "357100 2770200,357100 2770100,357000 2770100)))";
    lb_area_params p = crs_params("EPSG:4543", LB_AREA_SURVEY);
    LB_ASSERT_NEAR(wkt_area(&p, wkt), 9999.4788 + 9994.9567, 0.001);
    p = crs_params("EPSG:4543", LB_AREA_PLANAR);
    LB_ASSERT_NEAR(wkt_area(&p, wkt), 20000, 1e-9);
    LB_ASSERT_NEAR(wkt_area(&p, "MULTIPOLYGON EMPTY"), 0, 0);
    LB_ASSERT_NEAR(wkt_area(&p, "POLYGON EMPTY"), 0, 0);
}

/* Reverse a closed ring of n points into out. */
static void reverse_ring(const double *xy, size_t n, double *out)
{
    size_t i;
    for (i = 0; i < n; i++) {
        out[2 * i] = xy[2 * (n - 1 - i)];
        out[2 * i + 1] = xy[2 * (n - 1 - i) + 1];
    }
}

static void test_orientation(void)
{
    lb_area_params p = crs_params("EPSG:4543", LB_AREA_SURVEY);
    double cw[10], ccw, rev;
    int m;
    reverse_ring(quad, 5, cw);
    for (m = LB_AREA_SURVEY; m <= LB_AREA_PLANAR; m++) {
        p.method = (lb_area_method)m;
        CU_ASSERT_EQUAL(lb_ring_area_signed(&p, quad, 5, &ccw, NULL), LB_OK);
        CU_ASSERT_EQUAL(lb_ring_area_signed(&p, cw, 5, &rev, NULL), LB_OK);
        CU_ASSERT(ccw > 629000);
        LB_ASSERT_NEAR(rev, -ccw, 2e-4); /* geodesic: its own rounding */
        LB_ASSERT_NEAR(ring_area(&p, cw, 5), ring_area(&p, quad, 5), 2e-4);
    }
    LB_ASSERT_NEAR(wkt_area(&p, "POLYGON((0 0,0 100,100 100,100 0,0 0))"),
                   10000, 1e-9);
}

/* rules.md §2: raw vertices are off by ~0.6 m² on the 1 km slanted
 * quadrilateral; 10 m is within 0.001 of 1 m. */
static void test_densification(void)
{
    lb_area_params p = crs_params("EPSG:4543", LB_AREA_SURVEY);
    double d10, raw, d1;
    CU_ASSERT_EQUAL(p.densify_m, 10);
    d10 = ring_area(&p, quad, 5);
    p.densify_m = 0;
    raw = ring_area(&p, quad, 5);
    p.densify_m = 1;
    d1 = ring_area(&p, quad, 5);
    CU_ASSERT(fabs(raw - d10) > 0.3);
    CU_ASSERT(fabs(raw - d10) < 1.0);
    CU_ASSERT(fabs(d1 - d10) < 0.001);
    p.densify_m = -5; /* <= 0: no densification */
    LB_ASSERT_NEAR(ring_area(&p, quad, 5), raw, 0);
}

static void test_round_arcsec(void)
{
    lb_area_params p = crs_params("EPSG:4543", LB_AREA_SURVEY);
    double r[10], plain, rounded;
    plain = ring_area(&p, quad, 5);
    p.flags = LB_AREA_ROUND_ARCSEC;
    rounded = ring_area(&p, quad, 5);
    CU_ASSERT(fabs(rounded - plain) <= 0.01);
    square(r, 454000, 2770100, 100);
    LB_ASSERT_NEAR(ring_area(&p, r, 5), 9999.4788, 0.01);
}

/* The reference for the survey method: the same planar densification,
 * PROJ's own inverse (proj_trans EPSG:4543 -> 4490) and PROJ's
 * geod_polygonarea, none of it through the library. */
static double reference_area(const double *xy, size_t n, double densify_m)
{
    struct geod_geodesic g;
    struct geod_polygon poly;
    double area = NAN;
    size_t i;
    geod_init(&g, CGCS2000_A, CGCS2000_F);
    geod_polygon_init(&poly, 0);
    for (i = 0; i + 1 < n; i++) {
        double dx = xy[2 * i + 2] - xy[2 * i],
               dy = xy[2 * i + 3] - xy[2 * i + 1];
        double k = ceil(hypot(dx, dy) / densify_m), j;
        for (j = 0; j < (k < 1 ? 1 : k); j++) {
            PJ_COORD c =
                proj_trans(gk_to_geo, PJ_FWD,
                           proj_coord(xy[2 * i] + dx * j / k,
                                      xy[2 * i + 1] + dy * j / k, 0, 0));
            geod_polygon_addpoint(&g, &poly, c.lp.phi, c.lp.lam);
        }
    }
    geod_polygon_compute(&g, &poly, 0, 1, &area, NULL);
    return area;
}

/* Slanted test shapes around (0, 0), metres, closed; all under 1 km². */
#define MAX_SHAPE 11
static const struct shape {
    const char *name;
    size_t n;
    double xy[2 * MAX_SHAPE];
} shapes[] = {
    {"triangle", 4, {-700, -420, 760, -90, -60, 780, -700, -420}},
    {"thin triangle", 4, {-950, -200, 980, 170, -400, 260, -950, -200}},
    {"rules quadrilateral",
     5,
     {-500, -400, 500, -200, 100, 600, -400, 400, -500, -400}},
    {"slanted square", 5, {0, -700, 690, 0, 0, 690, -690, 0, 0, -700}},
    {"kite", 5, {-100, -800, 600, 100, 150, 560, -500, 300, -100, -800}},
    {"slanted star", 11, {876,  155,  218,  279,  155,  876,  -101, 262,
                          -723, 504,  -280, 48,   -557, -742, -12,  -366,
                          445,  -779, 324,  -140, 876,  155}},
};

/* 0.5 and 1.4 degrees either side of the CM (1 degree of longitude is
 * 100.9 km at 25 N: eastings 500000 -+ 50400 and -+ 141300). */
static const double shape_east[] = {449600, 550400, 358700, 641300};

static void place(const struct shape *s, double cx, double cy, double *out)
{
    size_t i;
    for (i = 0; i < s->n; i++) {
        out[2 * i] = s->xy[2 * i] + cx;
        out[2 * i + 1] = s->xy[2 * i + 1] + cy;
    }
}

/* Survey and the library's geodesic method against the reference, all
 * densified at densify_m. */
static void check_shape(const struct shape *s, double cx, double densify_m,
                        double tol)
{
    lb_area_params p = crs_params("EPSG:4543", LB_AREA_SURVEY);
    lb_area_params pg = crs_params("EPSG:4543", LB_AREA_GEODESIC);
    double r[2 * MAX_SHAPE], ref;
    p.densify_m = pg.densify_m = densify_m;
    place(s, cx, 2770600, r);
    ref = fabs(reference_area(r, s->n, densify_m));
    CU_ASSERT(ref > 3e5 && ref < 1e6);
    LB_ASSERT_NEAR(ring_area(&p, r, s->n), ref, tol);
    LB_ASSERT_NEAR(ring_area(&pg, r, s->n), ref, 0.001);
}

/* rules.md §2: survey and geodesic agree to 0.001 m² under 1 km², at the
 * default 10 m densification, on slanted edges far from the CM. */
static void test_survey_vs_geodesic(void)
{
    size_t i, k;
    for (k = 0; k < sizeof shape_east / sizeof shape_east[0]; k++)
        for (i = 1; i < sizeof shapes / sizeof shapes[0]; i++)
            check_shape(&shapes[i], shape_east[k], 10, 0.001);
}

/* Not everywhere: the notice's trapezoid takes each 10 m piece as straight
 * in (L, zone area), where a straight plane edge is curved (the anisotropy
 * of that equal-area plane changes with latitude, ~tan(B)/R per metre).
 * The error goes as densify² x perimeter, whatever the distance to the CM:
 * on this 0.77 km² triangle it is 0.0012-0.0013 m² at 10 m (measured
 * against survey at 0.5 m), a quarter of that at 5 m. geod_polygonarea
 * adds noise of its own (±3e-4 m² when a vertex moves by 1e-9 m). */
static void test_survey_vs_geodesic_triangle(void)
{
    size_t k;
    for (k = 0; k < sizeof shape_east / sizeof shape_east[0]; k++) {
        check_shape(&shapes[0], shape_east[k], 10, 0.002);
        check_shape(&shapes[0], shape_east[k], 5, 0.001);
    }
}

/* One bad call to lb_ring_area: the status, and a `why` that names the
 * problem (contains `word`). */
static void check_bad_ring(const lb_area_params *p, const double *xy, size_t n,
                           double *area, lb_status want, const char *word)
{
    const char *why = NULL;
    lb_status st = lb_ring_area(p, xy, n, area, &why);
    CU_ASSERT_EQUAL(st, want);
    CU_ASSERT_PTR_NOT_NULL(why);
    if (why && !strstr(why, word))
        fprintf(stderr, "\nwhy \"%s\" does not mention \"%s\"\n", why, word);
    CU_ASSERT(why && strstr(why, word));
    CU_ASSERT_EQUAL(lb_ring_area_signed(p, xy, n, area, NULL), want);
}

static void test_bad_rings(void)
{
    lb_area_params p = crs_params("EPSG:4543", LB_AREA_SURVEY), pl;
    double r[10], a = 0;
    square(r, 454000, 2770100, 100);
    check_bad_ring(NULL, r, 5, &a, LB_ERR_ARG, "NULL");
    check_bad_ring(&p, NULL, 5, &a, LB_ERR_ARG, "NULL");
    check_bad_ring(&p, r, 5, NULL, LB_ERR_ARG, "NULL");
    check_bad_ring(&p, r, 3, &a, LB_ERR_GEOMETRY, "at least 4 points");
    check_bad_ring(&p, r, 0, &a, LB_ERR_GEOMETRY, "at least 4 points");
    r[3] = NAN;
    check_bad_ring(&p, r, 5, &a, LB_ERR_GEOMETRY, "not finite");
    CU_ASSERT(isnan(a));
    r[3] = 2770100;
    r[4] = INFINITY;
    check_bad_ring(&p, r, 5, &a, LB_ERR_GEOMETRY, "not finite");
    square(r, 454000, 2770100, 100);
    r[9] += 0.001;
    check_bad_ring(&p, r, 5, &a, LB_ERR_GEOMETRY, "not closed");
    square(r, 454000, 2770100, 100);
    lb_area_params_init_planar(&pl);
    pl.method = LB_AREA_SURVEY;
    check_bad_ring(&pl, r, 5, &a, LB_ERR_CRS, "Transverse Mercator");
    pl.method = LB_AREA_GEODESIC;
    check_bad_ring(&pl, r, 5, &a, LB_ERR_CRS, "Transverse Mercator");
    pl.method = LB_AREA_PLANAR;
    LB_ASSERT_NEAR(ring_area(&pl, r, 5), 10000, 1e-9);
}

/* The area of a ring with EPSG:4543 and method @p m at the default 10 m. */
static double ring_area_at(lb_area_method m, const double *xy, size_t n)
{
    lb_area_params p = crs_params("EPSG:4543", m);
    return ring_area(&p, xy, n);
}

/* Rings the Gauss-Krüger inverse cannot measure are refused with a reason,
 * never measured as NaN or nonsense: 5,000 km east of the central
 * meridian (where EPSG:4543's series no longer holds), past the north
 * pole, an area that overflows, and a ring that would densify to more
 * than 10 million vertices (twenty 20 km edges at 1 mm). */
static void test_rings_out_of_reach(void)
{
    lb_area_method m;
    double r[10], big[42], a = 0;
    lb_area_params pl;
    int k;
    for (m = LB_AREA_SURVEY; m <= LB_AREA_GEODESIC; m++) {
        lb_area_params p = crs_params("EPSG:4543", m);
        square(r, 500000 + 5e6, 2770100, 100);
        check_bad_ring(&p, r, 5, &a, LB_ERR_GEOMETRY, "beyond the reach");
        CU_ASSERT(isnan(a));
        square(r, 500000 + 3.8e6, 2770100, 100); /* still within reach */
        CU_ASSERT_EQUAL(lb_ring_area(&p, r, 5, &a, NULL), LB_OK);
        CU_ASSERT(a > 5000 && a < 10000);
        square(r, 500000, 2.1e7, 100);
        check_bad_ring(&p, r, 5, &a, LB_ERR_GEOMETRY, "past a pole");
        for (k = 0; k < 21; k++) { /* a 100 km square, 20 edges */
            int side = (int)(k / 5) % 4;
            double t = (double)(k % 5) / 5 * 1e5;
            big[2 * k] = 450000 + (side == 0   ? t
                                   : side == 1 ? 1e5
                                   : side == 2 ? 1e5 - t
                                               : 0);
            big[2 * k + 1] = 2700000 + (side == 0   ? 0
                                        : side == 1 ? t
                                        : side == 2 ? 1e5
                                                    : 1e5 - t);
        }
        big[40] = big[0];
        big[41] = big[1];
        p.densify_m = 0.001;
        check_bad_ring(&p, big, 21, &a, LB_ERR_GEOMETRY, "too long");
        square(r, 450000, 2700000, 10000);
        p.densify_m = 0.1; /* 400,000 vertices: measured */
        CU_ASSERT_EQUAL(lb_ring_area(&p, r, 5, &a, NULL), LB_OK);
        LB_ASSERT_NEAR(a, ring_area_at(m, r, 5), 1e-3);
    }
    lb_area_params_init_planar(&pl);
    square(r, 0, 0, 1e300);
    check_bad_ring(&pl, r, 5, &a, LB_ERR_GEOMETRY, "not finite");
    CU_ASSERT(isnan(a));
}

/* The 10-million-vertex limit holds for a whole geometry, not ring by
 * ring: three 10 km squares at 1 cm are 4 million vertices each (each
 * ring alone would be measured), 12 million together. */
static void test_geometry_too_long(void)
{
    static const char *wkt =
        "MULTIPOLYGON(((400000 2700000,410000 2700000,410000 2710000,"
        "400000 2710000,400000 2700000)),((420000 2700000,430000 2700000,"
        "430000 2710000,420000 2710000,420000 2700000)),((440000 2700000,"
        "450000 2700000,450000 2710000,440000 2710000,440000 2700000)))";
    lb_area_params p = crs_params("EPSG:4543", LB_AREA_SURVEY);
    double a = 0;
    p.densify_m = 0.01;
    CU_ASSERT_EQUAL(lb_area_wkt(ctx, &p, wkt, &a), LB_ERR_GEOMETRY);
    CU_ASSERT_PTR_NOT_NULL(strstr(lb_errmsg(ctx), "too long to measure"));
    CU_ASSERT(isnan(a));
    p.densify_m = 10;
    CU_ASSERT_EQUAL(lb_area_wkt(ctx, &p, wkt, &a), LB_OK);
    CU_ASSERT(a > 2.99e8 && a < 3.01e8);
}

static void test_params_init(void)
{
    lb_area_params p;
    const double a = CGCS2000_A, f = CGCS2000_F;
    CU_ASSERT_EQUAL(
        lb_area_params_init(&p, LB_AREA_SURVEY, a, f, 102, 0, 1, 500000, 0),
        LB_OK);
    CU_ASSERT_EQUAL(p.densify_m, 10);
    CU_ASSERT_EQUAL(p.flags, 0);
    CU_ASSERT_EQUAL(p.is_tm, 1);
    LB_ASSERT_NEAR(p.b_, 6356752.31414036, 1e-6); /* domain.md §4.2 */
    LB_ASSERT_NEAR(p.e2_, 0.0066943800229, 1e-13);
    CU_ASSERT_EQUAL(
        lb_area_params_init(NULL, LB_AREA_SURVEY, a, f, 102, 0, 1, 500000, 0),
        LB_ERR_ARG);
    CU_ASSERT_EQUAL(
        lb_area_params_init(&p, LB_AREA_SURVEY, 0, f, 102, 0, 1, 500000, 0),
        LB_ERR_ARG);
    CU_ASSERT_EQUAL(p.is_tm, 0);
    CU_ASSERT_EQUAL(
        lb_area_params_init(&p, LB_AREA_SURVEY, a, 1, 102, 0, 1, 500000, 0),
        LB_ERR_ARG);
    CU_ASSERT_EQUAL(
        lb_area_params_init(&p, LB_AREA_SURVEY, a, f, NAN, 0, 1, 500000, 0),
        LB_ERR_ARG);
    CU_ASSERT_EQUAL(
        lb_area_params_init(&p, LB_AREA_SURVEY, a, f, 102, 0, 0, 500000, 0),
        LB_ERR_ARG);
    CU_ASSERT_EQUAL(
        lb_area_params_init(&p, (lb_area_method)9, a, f, 102, 0, 1, 500000, 0),
        LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_area_params_init_planar(NULL), LB_ERR_ARG);
}

/* A non-zero latitude of origin shifts the northing by the meridian arc:
 * PROJ's tmerc with lat_0 = 25 gives the reference point. */
static void test_lat0(void)
{
    lb_area_params p;
    double lat, lon;
    PJ *t = proj_create_crs_to_crs(
        pj_ctx,
        "+proj=tmerc +lat_0=25 +lon_0=102 +k=0.9996 +x_0=500000 "
        "+y_0=100000 +ellps=GRS80 +units=m +type=crs",
        "EPSG:4490", NULL);
    PJ *n = t ? proj_normalize_for_visualization(pj_ctx, t) : NULL;
    PJ_COORD c;
    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    c = proj_trans(n, PJ_FWD, proj_coord(560000, 150000, 0, 0));
    CU_ASSERT_EQUAL(lb_area_params_init(&p, LB_AREA_SURVEY, CGCS2000_A,
                                        CGCS2000_F, 102, 25, 0.9996, 500000,
                                        100000),
                    LB_OK);
    lb_tm_inverse(&p, 560000, 150000, &lat, &lon);
    LB_ASSERT_NEAR(lat, c.lp.phi, 1e-10);
    LB_ASSERT_NEAR(lon, c.lp.lam, 1e-10);
    proj_destroy(n);
    proj_destroy(t);
}

/* lb_area_params_from_crs on CRSs the survey and geodesic methods
 * refuse, with the message saying why. */
static void check_bad_crs(const char *crs, lb_area_method m, const char *word)
{
    lb_area_params p;
    CU_ASSERT_EQUAL(lb_area_params_from_crs(ctx, crs, m, &p), LB_ERR_CRS);
    CU_ASSERT_EQUAL(lb_errcode(ctx), LB_ERR_CRS);
    if (!strstr(lb_errmsg(ctx), word))
        fprintf(stderr, "\n%s: \"%s\" does not mention \"%s\"\n", crs,
                lb_errmsg(ctx), word);
    CU_ASSERT_PTR_NOT_NULL(strstr(lb_errmsg(ctx), word));
}

static void test_crs_errors(void)
{
    lb_area_params p;
    check_bad_crs("EPSG:3857", LB_AREA_SURVEY, "Transverse Mercator");
    check_bad_crs("EPSG:3857", LB_AREA_SURVEY, "Pseudo Mercator");
    check_bad_crs("EPSG:3857", LB_AREA_GEODESIC, "Transverse Mercator");
    check_bad_crs("EPSG:4490", LB_AREA_SURVEY, "geographic");
    check_bad_crs("EPSG:4490", LB_AREA_PLANAR, "geographic");
    check_bad_crs("not a crs", LB_AREA_SURVEY, "not a crs");
    check_bad_crs("EPSG:999999", LB_AREA_PLANAR, "EPSG:999999");
    check_bad_crs("EPSG:2227", LB_AREA_PLANAR, "metres"); /* US feet */
    CU_ASSERT_EQUAL(
        lb_area_params_from_crs(ctx, "EPSG:3857", LB_AREA_PLANAR, &p), LB_OK);
    CU_ASSERT_EQUAL(p.method, LB_AREA_PLANAR);
    CU_ASSERT_EQUAL(p.is_tm, 0);
    CU_ASSERT_EQUAL(lb_area_params_from_crs(ctx, NULL, LB_AREA_SURVEY, &p),
                    LB_ERR_ARG);
    CU_ASSERT_EQUAL(
        lb_area_params_from_crs(ctx, "EPSG:4543", LB_AREA_SURVEY, NULL),
        LB_ERR_ARG);
    CU_ASSERT_EQUAL(
        lb_area_params_from_crs(NULL, "EPSG:4543", LB_AREA_SURVEY, &p),
        LB_ERR_ARG);
}

/* Other Gauss-Krüger families take their ellipsoid and CM from the CRS:
 * Xian 1980 (IAU 1976: a 6378140, 1/f 298.257) and Beijing 1954
 * (Krassowsky: a 6378245, 1/f 298.3); a PROJ string works too. */
static void test_other_gk_crs(void)
{
    lb_area_params p = crs_params("EPSG:2383", LB_AREA_SURVEY);
    LB_ASSERT_NEAR(p.a, 6378140, 0);
    LB_ASSERT_NEAR(1 / p.f, 298.257, 1e-9);
    LB_ASSERT_NEAR(p.lon0, 114, 1e-12);
    LB_ASSERT_NEAR(p.x0, 500000, 0);
    p = crs_params("EPSG:2362", LB_AREA_SURVEY); /* zone 38 */
    LB_ASSERT_NEAR(p.a, 6378140, 0);
    LB_ASSERT_NEAR(p.lon0, 114, 1e-12);
    LB_ASSERT_NEAR(p.x0, 38500000, 0);
    p = crs_params("EPSG:2431", LB_AREA_SURVEY);
    LB_ASSERT_NEAR(p.a, 6378245, 0);
    LB_ASSERT_NEAR(1 / p.f, 298.3, 1e-9);
    LB_ASSERT_NEAR(p.lon0, 102, 1e-12);
    LB_ASSERT_NEAR(p.k0, 1, 0);
    p = crs_params("+proj=tmerc +lat_0=0 +lon_0=105 +k=1 +x_0=35500000 "
                   "+y_0=0 +ellps=GRS80 +units=m +type=crs",
                   LB_AREA_GEODESIC);
    LB_ASSERT_NEAR(p.lon0, 105, 1e-12);
    LB_ASSERT_NEAR(p.x0, 35500000, 0);
    LB_ASSERT_NEAR(1 / p.f, 298.257222101, 1e-9);
    p = crs_params("EPSG:4543", LB_AREA_SURVEY);
    LB_ASSERT_NEAR(p.a, CGCS2000_A, 0);
    LB_ASSERT_NEAR(p.f, CGCS2000_F, 1e-18);
}

static void test_wkt_errors(void)
{
    lb_area_params p = crs_params("EPSG:4543", LB_AREA_SURVEY);
    double a = 0;
    CU_ASSERT_EQUAL(lb_area_wkt(ctx, &p, "POINT(454000 2770100)", &a),
                    LB_ERR_GEOMETRY);
    CU_ASSERT_PTR_NOT_NULL(strstr(lb_errmsg(ctx), "Point"));
    CU_ASSERT_EQUAL(lb_area_wkt(ctx, &p, "LINESTRING(0 0,1 1)", &a),
                    LB_ERR_GEOMETRY);
    CU_ASSERT_PTR_NOT_NULL(strstr(lb_errmsg(ctx), "LineString"));
    CU_ASSERT_EQUAL(lb_area_wkt(ctx, &p, "POLYGON((0 0,1 1", &a),
                    LB_ERR_GEOMETRY);
    CU_ASSERT_PTR_NOT_NULL(strstr(lb_errmsg(ctx), "WKT"));
    CU_ASSERT_EQUAL(lb_area_wkt(ctx, &p, "garbage", &a), LB_ERR_GEOMETRY);
    CU_ASSERT(strlen(lb_errmsg(ctx)) > strlen("cannot read the WKT: "));
    CU_ASSERT_EQUAL(lb_area_wkt(ctx, &p, NULL, &a), LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_area_wkt(ctx, NULL, "POLYGON EMPTY", &a), LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_area_wkt(ctx, &p, "POLYGON EMPTY", NULL), LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_area_geometry(ctx, &p, NULL, &a), LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_area_wkt(NULL, &p, "POLYGON EMPTY", &a), LB_ERR_ARG);
}

/* A bad ring inside a polygon is reported with where it is. */
static void test_geometry_ring_errors(void)
{
    lb_area_params p;
    GEOSContextHandle_t h = lb_context_geos(ctx);
    GEOSCoordSequence *seq = GEOSCoordSeq_create_r(h, 4, 2);
    GEOSGeometry *shell, *poly;
    double a = 0;
    static const double xy[8] = {0, 0, 10, 0, 0, 10, 0, 0};
    unsigned i;
    for (i = 0; i < 4; i++)
        GEOSCoordSeq_setXY_r(h, seq, i, xy[2 * i], xy[2 * i + 1]);
    shell = GEOSGeom_createLinearRing_r(h, seq);
    poly = GEOSGeom_createPolygon_r(h, shell, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(poly);
    lb_area_params_init_planar(&p);
    CU_ASSERT_EQUAL(lb_area_geometry(ctx, &p, poly, &a), LB_OK);
    LB_ASSERT_NEAR(a, 50, 1e-12);
    p.method = LB_AREA_SURVEY; /* without TM parameters */
    CU_ASSERT_EQUAL(lb_area_geometry(ctx, &p, poly, &a), LB_ERR_CRS);
    CU_ASSERT_PTR_NOT_NULL(strstr(lb_errmsg(ctx), "exterior ring"));
    GEOSGeom_destroy_r(h, poly);
}

void area_suite_setup(void)
{
    CU_pSuite s = lb_cu_add_suite("area", suite_init, suite_clean);
    LB_ADD_TEST(s, test_method_names);
    LB_ADD_TEST(s, test_rules_vectors);
    LB_ADD_TEST(s, test_rules_vectors_zone_prefix);
    LB_ADD_TEST(s, test_issue_example);
    LB_ADD_TEST(s, test_survey_coefficients);
    LB_ADD_TEST(s, test_tm_inverse_vs_proj);
    LB_ADD_TEST(s, test_tm_inverse_edges);
    LB_ADD_TEST(s, test_tm_round_trip);
    LB_ADD_TEST(s, test_planar_exact);
    LB_ADD_TEST(s, test_holes);
    LB_ADD_TEST(s, test_multipolygon);
    LB_ADD_TEST(s, test_orientation);
    LB_ADD_TEST(s, test_densification);
    LB_ADD_TEST(s, test_round_arcsec);
    LB_ADD_TEST(s, test_survey_vs_geodesic);
    LB_ADD_TEST(s, test_survey_vs_geodesic_triangle);
    LB_ADD_TEST(s, test_bad_rings);
    LB_ADD_TEST(s, test_params_init);
    LB_ADD_TEST(s, test_lat0);
    LB_ADD_TEST(s, test_crs_errors);
    LB_ADD_TEST(s, test_other_gk_crs);
    LB_ADD_TEST(s, test_wkt_errors);
    LB_ADD_TEST(s, test_geometry_ring_errors);
    LB_ADD_TEST(s, test_rings_out_of_reach);
    LB_ADD_TEST(s, test_geometry_too_long);
}
