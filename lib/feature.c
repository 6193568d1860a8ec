/*
 * feature.c: the part of reading a feature's geometry that needs no OGR:
 * WKB to GEOS, polygonal parts, validity (MakeValid), area, slivers and
 * the TBMJ check. It runs on any thread that has its own context, so the
 * geometries are built in parallel (pass.c, collect.c, settle.c).
 */
#include "internal.h"

#include <math.h>

/* Features under this area are reported as slivers: the survey's rule
 * 4601 "碎片多边形" (domain.md §5). */
#define LB__SLIVER_M2 10.0
/* AREA_MISMATCH: computed area and TBMJ differ by more than 0.1 %. */
#define LB__MISMATCH_REL 1e-3

/* Keep the polygonal parts; NOT_POLYGON when there are none or when
 * other parts had to be dropped. */
static GEOSGeometry *keep_polygonal(const lb__geomstage *L, GEOSGeometry *g,
                                    long long fid, const char *project)
{
    int type = GEOSGeomTypeId_r(L->ctx->geos, g);
    GEOSGeometry *p;
    char *tname;
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON)
        return g;
    p = lb__polygonal(L->ctx, g);
    tname = GEOSGeomType_r(L->ctx->geos, g);
    lb__diag_add(L->diag, LB_DIAG_NOT_POLYGON, LB_SEV_WARNING, L->layer, fid,
                 project, NAN,
                 p ? "feature %lld of %s is a %s: only its polygons are kept"
                   : "feature %lld of %s is a %s, not a polygon; it is skipped",
                 fid, L->layer, tname ? tname : "geometry");
    GEOSFree_r(L->ctx->geos, tname);
    GEOSGeom_destroy_r(L->ctx->geos, g);
    return p;
}

/* Repair an invalid geometry with MakeValid, saying why it was invalid
 * and where (GEOS's reason and location). */
static GEOSGeometry *make_valid(const lb__geomstage *L, GEOSGeometry *g,
                                long long fid, const char *project)
{
    GEOSContextHandle_t h = L->ctx->geos;
    char *reason = NULL;
    GEOSGeometry *where = NULL, *fixed, *poly;
    double x = NAN, y = NAN;
    char valid = GEOSisValidDetail_r(h, g, 0, &reason, &where);
    if (valid == 1)
        return g;
    if (where) {
        GEOSGeomGetX_r(h, where, &x);
        GEOSGeomGetY_r(h, where, &y);
    }
    fixed = GEOSMakeValid_r(h, g);
    poly = fixed ? lb__polygonal(L->ctx, fixed) : NULL;
    lb__diag_add(L->diag, LB_DIAG_INVALID_GEOMETRY, LB_SEV_WARNING, L->layer,
                 fid, project, NAN,
                 "feature %lld of %s is invalid (GEOS: %s at %.3f %.3f); %s",
                 fid, L->layer, reason ? reason : "unknown reason", x, y,
                 poly ? "repaired with MakeValid, polygonal parts kept"
                      : "nothing polygonal remains after MakeValid, skipped");
    GEOSFree_r(h, reason);
    if (where)
        GEOSGeom_destroy_r(h, where);
    if (fixed)
        GEOSGeom_destroy_r(h, fixed);
    GEOSGeom_destroy_r(h, g);
    return poly;
}

GEOSGeometry *lb__feature_read(const lb__geomstage *L, const unsigned char *wkb,
                               size_t n, long long fid, const char *project)
{
    GEOSWKBReader *rd = lb__wkb_reader(L->ctx);
    GEOSGeometry *g =
        rd ? GEOSWKBReader_read_r(L->ctx->geos, rd, wkb, n) : NULL;
    if (!g)
        lb__diag_add(L->diag, LB_DIAG_INVALID_GEOMETRY, LB_SEV_WARNING,
                     L->layer, fid, project, NAN,
                     "feature %lld of %s: GEOS cannot read its geometry "
                     "(%s); it is skipped",
                     fid, L->layer, L->ctx->geos_msg);
    if (g && (g = keep_polygonal(L, g, fid, project)) != NULL &&
        !lb__finite_coords(L->ctx, g)) {
        /* before any predicate: GEOS 3.11 can leak on such input */
        lb__diag_add(L->diag, LB_DIAG_INVALID_GEOMETRY, LB_SEV_WARNING,
                     L->layer, fid, project, NAN,
                     "feature %lld of %s has a coordinate that is not a "
                     "finite number (NaN or infinite); it is skipped",
                     fid, L->layer);
        GEOSGeom_destroy_r(L->ctx->geos, g);
        g = NULL;
    }
    return g;
}

GEOSGeometry *lb__feature_geometry(const lb__geomstage *L,
                                   const unsigned char *wkb, size_t n,
                                   long long fid, const char *project,
                                   double *area)
{
    GEOSGeometry *g = lb__feature_read(L, wkb, n, fid, project);
    double xmin;
    if (g)
        g = lb__feature_settle(L, g, fid, project, area);
    /* GEOS computes envelopes lazily; a geometry kept in lb__data is
     * read by several threads at once later on, so its envelope is
     * computed now, by the worker that built it, not on one core then */
    if (g)
        GEOSGeom_getXMin_r(L->ctx->geos, g, &xmin);
    return g;
}

GEOSGeometry *lb__feature_settle(const lb__geomstage *L, GEOSGeometry *g,
                                 long long fid, const char *project,
                                 double *area)
{
    g = make_valid(L, g, fid, project);
    return g ? lb__feature_measure(L, g, fid, project, area) : NULL;
}

GEOSGeometry *lb__feature_valid(const lb__geomstage *L, GEOSGeometry *g,
                                long long fid, const char *project)
{
    return make_valid(L, g, fid, project);
}

GEOSGeometry *lb__feature_measure(const lb__geomstage *L, GEOSGeometry *g,
                                  long long fid, const char *project,
                                  double *area)
{
    if (lb_area_geometry(L->ctx, L->area, g, area) != LB_OK) {
        lb__diag_add(L->diag, LB_DIAG_INVALID_GEOMETRY, LB_SEV_WARNING,
                     L->layer, fid, project, NAN,
                     "feature %lld of %s cannot be measured (%s); skipped", fid,
                     L->layer, lb_errmsg(L->ctx));
        GEOSGeom_destroy_r(L->ctx->geos, g);
        return NULL;
    }
    if (*area < LB__SLIVER_M2)
        lb__diag_add(L->diag, LB_DIAG_SLIVER, LB_SEV_WARNING, L->layer, fid,
                     project, *area,
                     "feature %lld of %s is a sliver of %.2f m² (under "
                     "10 m²): check the digitising",
                     fid, L->layer, *area);
    return g;
}

void lb__check_area(const lb__geomstage *L, const lb__parcel *p)
{
    double d;
    /* Without TBMJ, TBDLMJ is held against the measured area (with TBMJ
     * it was held against TBMJ when read). */
    if (!isfinite(p->tbmj) && isfinite(p->tbdlmj) &&
        p->tbdlmj > p->area * (1 + LB__MISMATCH_REL) + LB__REG_ROUNDING_M2)
        lb__diag_add(L->diag, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, L->layer, p->fid,
                     NULL, NAN,
                     "parcel %s (feature %lld): TBDLMJ %.2f m² is larger than "
                     "the parcel, %.2f m²",
                     p->bsm, p->fid, p->tbdlmj, p->area);
    if (!isfinite(p->tbmj))
        return;
    d = p->area - p->tbmj;
    if (fabs(d) > LB__MISMATCH_REL * fabs(p->tbmj))
        lb__diag_add(L->diag, LB_DIAG_AREA_MISMATCH, LB_SEV_WARNING, L->layer,
                     p->fid, NULL, d,
                     "parcel %s (feature %lld): computed area %.2f m² differs "
                     "from TBMJ %.2f m² by %.2f m² (over 0.1 %%)",
                     p->bsm, p->fid, p->area, p->tbmj, d);
}
