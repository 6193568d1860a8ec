/*
 * cu_geometry.c: the GEOS helpers under the measuring code: polygonal
 * parts, and overlays with their fixed-precision retry.
 */
#include "cu_tester.h"

#include "internal.h"

#include <string.h>

static double plain_area(lb_context *ctx, const GEOSGeometry *g)
{
    double a = NAN;
    GEOSArea_r(ctx->geos, g, &a);
    return a;
}

static void test_polygonal(void)
{
    lb_context *ctx = lb_cu_context();
    GEOSGeometry *g =
        lb_cu_wkt(ctx, "GEOMETRYCOLLECTION(POINT(1 1),"
                       "LINESTRING(0 0,5 5),POLYGON((0 0,2 0,2 2,0 2,"
                       "0 0)),POLYGON((3 0,4 0,4 1,3 1,3 0)))");
    GEOSGeometry *p = lb__polygonal(ctx, g), *none;
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(GEOSGeomTypeId_r(ctx->geos, p), GEOS_MULTIPOLYGON);
    LB_ASSERT_NEAR(plain_area(ctx, p), 5.0, 1e-12);
    none = lb__polygonal(ctx, GEOSGetGeometryN_r(ctx->geos, g, 1));
    CU_ASSERT_PTR_NULL(none);
    GEOSGeom_destroy_r(ctx->geos, p);
    GEOSGeom_destroy_r(ctx->geos, g);
    lb_context_destroy(ctx);
}

/* Valid input: one overlay, no retry; the result is polygonal even where
 * the inputs also share an edge (the line part is dropped). */
static void test_overlay(void)
{
    lb_context *ctx = lb_cu_context();
    GEOSGeometry *a = lb_cu_wkt(ctx, "POLYGON((0 0,10 0,10 10,0 10,0 0))");
    GEOSGeometry *b = lb_cu_wkt(ctx, "MULTIPOLYGON(((5 5,15 5,15 15,5 15,5 5)),"
                                     "((10 0,12 0,12 2,10 2,10 0)))");
    int retried = 0;
    GEOSGeometry *x = lb__intersection(ctx, a, b, &retried);
    GEOSGeometry *d = lb__difference(ctx, a, b, &retried);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(retried, 0);
    LB_ASSERT_NEAR(plain_area(ctx, x), 25.0, 1e-9);
    LB_ASSERT_NEAR(plain_area(ctx, d), 75.0, 1e-9);
    CU_ASSERT_EQUAL(GEOSGeomTypeId_r(ctx->geos, x), GEOS_POLYGON);
    GEOSGeom_destroy_r(ctx->geos, x);
    GEOSGeom_destroy_r(ctx->geos, d);
    GEOSGeom_destroy_r(ctx->geos, a);
    GEOSGeom_destroy_r(ctx->geos, b);
    lb_context_destroy(ctx);
}

/* GEOS throws on a self-intersecting ring: the retry on a grid is made
 * (and flagged), and when it fails too the caller gets NULL with GEOS's
 * message in the context, not a crash. Readers repair such input with
 * MakeValid first, so the measuring code never sees it. */
static void test_overlay_retry(void)
{
    lb_context *ctx = lb_cu_context();
    GEOSGeometry *bow = lb_cu_wkt(ctx, "POLYGON((0 0,10 10,10 0,0 10,0 0))");
    GEOSGeometry *sq = lb_cu_wkt(ctx, "POLYGON((1 1,9 1,9 9,1 9,1 1))");
    int retried = 0;
    GEOSGeometry *x = lb__intersection(ctx, bow, sq, &retried);
    CU_ASSERT_EQUAL(retried, 1);
    CU_ASSERT_PTR_NULL(x);
    CU_ASSERT_PTR_NOT_NULL(strstr(ctx->geos_msg, "TopologyException"));
    if (x)
        GEOSGeom_destroy_r(ctx->geos, x);
    GEOSGeom_destroy_r(ctx->geos, bow);
    GEOSGeom_destroy_r(ctx->geos, sq);
    lb_context_destroy(ctx);
}

void geometry_suite_setup(void)
{
    CU_pSuite s = lb_cu_add_suite("geometry", NULL, NULL);
    LB_ADD_TEST(s, test_polygonal);
    LB_ADD_TEST(s, test_overlay);
    LB_ADD_TEST(s, test_overlay_retry);
}
