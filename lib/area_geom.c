/*
 * area_geom.c: areas at the level of the context: Transverse Mercator
 * parameters read from a CRS with PROJ, and the area of GEOS polygons
 * (exterior rings minus holes) through the pure core in area.c.
 */
#include "area.h"
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* ------------------------------------------------------------------ */
/* CRS -> lb_area_params                                               */

/* The PROJ objects read from one CRS definition, released together. */
typedef struct crs_parts {
    PJ *crs;  /* the horizontal CRS (bound and compound CRSs unwrapped) */
    PJ *conv; /* its deriving conversion (projected CRSs only) */
} crs_parts;

static void crs_parts_free(crs_parts *c)
{
    proj_destroy(c->conv);
    proj_destroy(c->crs);
}

/* A BoundCRS (a PROJ string with +towgs84) wraps the CRS the coordinates
 * are in; a CompoundCRS has it as its first (horizontal) part. */
static PJ *crs_unwrap(lb_context *ctx, PJ *crs)
{
    int i;
    for (i = 0; crs && i < 2; i++) {
        PJ *inner = NULL;
        PJ_TYPE t = proj_get_type(crs);
        if (t == PJ_TYPE_BOUND_CRS)
            inner = proj_get_source_crs(ctx->proj, crs);
        else if (t == PJ_TYPE_COMPOUND_CRS)
            inner = proj_crs_get_sub_crs(ctx->proj, crs, 0);
        else
            break;
        proj_destroy(crs);
        crs = inner;
    }
    return crs;
}

static lb_status crs_open(lb_context *ctx, const char *def, crs_parts *c)
{
    PJ *obj = proj_create(ctx->proj, def);
    if (!obj) {
        int err = proj_context_errno(ctx->proj);
        return lb__fail(ctx, LB_ERR_CRS, "unknown CRS '%s' (PROJ: %s)", def,
                        err ? proj_context_errno_string(ctx->proj, err)
                            : "cannot parse it");
    }
    if (!proj_is_crs(obj)) {
        proj_destroy(obj);
        return lb__fail(ctx, LB_ERR_CRS,
                        "'%s' is not a coordinate reference system", def);
    }
    c->crs = crs_unwrap(ctx, obj);
    if (!c->crs)
        return lb__fail(ctx, LB_ERR_CRS, "cannot read the CRS '%s'", def);
    return LB_OK;
}

static lb_status crs_require_projected(lb_context *ctx, const char *def,
                                       const PJ *crs)
{
    const char *name = proj_get_name(crs);
    switch (proj_get_type(crs)) {
    case PJ_TYPE_PROJECTED_CRS:
        return LB_OK;
    case PJ_TYPE_GEOGRAPHIC_CRS:
    case PJ_TYPE_GEOGRAPHIC_2D_CRS:
    case PJ_TYPE_GEOGRAPHIC_3D_CRS:
        return lb__fail(ctx, LB_ERR_CRS,
                        "%s is a geographic CRS (%s): areas are measured in "
                        "a projected (Gauss-Krüger) CRS; project the data "
                        "first",
                        def, name ? name : "unnamed");
    default:
        return lb__fail(ctx, LB_ERR_CRS, "%s (%s) is not a projected CRS", def,
                        name ? name : "unnamed");
    }
}

/* The areas are m² and the core takes metres: a CRS in feet would give
 * areas in ft² silently. */
static lb_status crs_require_metres(lb_context *ctx, const char *def,
                                    const PJ *crs)
{
    PJ *cs = proj_crs_get_coordinate_system(ctx->proj, crs);
    int i, n = cs ? proj_cs_get_axis_count(ctx->proj, cs) : 0;
    lb_status st =
        cs ? LB_OK
           : lb__fail(ctx, LB_ERR_CRS, "cannot read the axes of %s", def);
    for (i = 0; i < n && st == LB_OK; i++) {
        double factor = 0;
        const char *unit = NULL;
        proj_cs_get_axis_info(ctx->proj, cs, i, NULL, NULL, NULL, &factor,
                              &unit, NULL, NULL);
        if (factor != 1.0)
            st = lb__fail(ctx, LB_ERR_CRS,
                          "%s has axes in %s, not metres: reproject the data "
                          "to a metre-based CRS",
                          def, unit ? unit : "an unknown unit");
    }
    proj_destroy(cs);
    return st;
}

static int ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        int ca = (*a >= 'A' && *a <= 'Z') ? *a - 'A' + 'a' : *a;
        int cb = (*b >= 'A' && *b <= 'Z') ? *b - 'A' + 'a' : *b;
        if (ca != cb)
            return 0;
    }
    return *a == *b;
}

/* EPSG method 9807 "Transverse Mercator"; Gauss-Krüger is the same map
 * (EPSG names the Chinese CRSs "Gauss-Kruger" but defines them with 9807).
 * 9808 (South Orientated) flips the axes and is not accepted. */
static int is_tm_method(const char *name, const char *auth, const char *code)
{
    if (auth && code && ascii_ieq(auth, "EPSG"))
        return strcmp(code, "9807") == 0;
    return name &&
           (ascii_ieq(name, "Transverse Mercator") ||
            ascii_ieq(name, "Gauss-Kruger") ||
            ascii_ieq(name, "Gauss Kruger") || ascii_ieq(name, "Gauss-Krüger"));
}

/* The conversion's parameters as EPSG codes 8801 (latitude of natural
 * origin), 8802 (its longitude), 8805 (scale), 8806/8807 (false easting
 * and northing), converted to degrees and metres by PROJ's unit factors. */
static const struct {
    const char *code, *name;
} tm_param[5] = {{"8801", "Latitude of natural origin"},
                 {"8802", "Longitude of natural origin"},
                 {"8805", "Scale factor at natural origin"},
                 {"8806", "False easting"},
                 {"8807", "False northing"}};

static int tm_param_slot(const char *code, const char *name)
{
    int k;
    for (k = 0; k < 5; k++)
        if ((code && strcmp(code, tm_param[k].code) == 0) ||
            (!code && name && ascii_ieq(name, tm_param[k].name)))
            return k;
    return -1;
}

/* v: lat0, lon0 (degrees), k0, x0, y0 (metres); defaults 0, -, 1, 0, 0. */
static lb_status read_tm_params(lb_context *ctx, const char *def,
                                const PJ *conv, double v[5])
{
    int i, n = proj_coordoperation_get_param_count(ctx->proj, conv);
    int seen_lon0 = 0;
    v[0] = v[1] = v[3] = v[4] = 0;
    v[2] = 1;
    for (i = 0; i < n; i++) {
        const char *name = NULL, *code = NULL;
        double value = NAN, factor = 1;
        int k;
        if (!proj_coordoperation_get_param(ctx->proj, conv, i, &name, NULL,
                                           &code, &value, NULL, &factor, NULL,
                                           NULL, NULL, NULL))
            continue;
        k = tm_param_slot(code, name);
        if (k < 0)
            continue;
        v[k] = value * factor;
        if (k <= 1) /* PROJ's factor takes angles to radians */
            v[k] *= 180.0 / M_PI;
        seen_lon0 |= k == 1;
    }
    if (!seen_lon0)
        return lb__fail(ctx, LB_ERR_CRS,
                        "%s has no longitude of natural origin (central "
                        "meridian)",
                        def);
    return LB_OK;
}

static lb_status read_ellipsoid(lb_context *ctx, const char *def, const PJ *crs,
                                double *a, double *f)
{
    PJ *ell = proj_get_ellipsoid(ctx->proj, crs);
    double b = 0, inv_f = 0;
    int b_computed = 0;
    int ok = ell && proj_ellipsoid_get_parameters(ctx->proj, ell, a, &b,
                                                  &b_computed, &inv_f);
    proj_destroy(ell);
    if (!ok || !(*a > 0))
        return lb__fail(ctx, LB_ERR_CRS, "cannot read the ellipsoid of %s",
                        def);
    /* keep the defining constant: 1/f = 298.257222101 for CGCS2000 */
    *f = b_computed && inv_f > 0 ? 1 / inv_f : (*a - b) / *a;
    return LB_OK;
}

/* The conversion of a projected CRS, checked to be Transverse Mercator.
 * *is_tm is 0 for another projection (an error unless planar). */
static lb_status crs_conversion(lb_context *ctx, const char *def,
                                lb_area_method method, crs_parts *c, int *is_tm)
{
    const char *name = NULL, *auth = NULL, *code = NULL;
    c->conv = proj_crs_get_coordoperation(ctx->proj, c->crs);
    if (!c->conv || !proj_coordoperation_get_method_info(ctx->proj, c->conv,
                                                         &name, &auth, &code))
        return lb__fail(ctx, LB_ERR_CRS, "cannot read the projection of %s",
                        def);
    *is_tm = is_tm_method(name, auth, code);
    if (*is_tm || method == LB_AREA_PLANAR)
        return LB_OK;
    return lb__fail(ctx, LB_ERR_CRS,
                    "%s is not a Transverse Mercator projection (it is %s): "
                    "the %s area method needs a Gauss-Krüger CRS; use "
                    "--area planar",
                    def, name ? name : "unknown", lb_area_method_name(method));
}

static lb_status params_from_parts(lb_context *ctx, const char *def,
                                   lb_area_method method, crs_parts *c,
                                   lb_area_params *p)
{
    double v[5], a = 0, f = 0;
    int is_tm = 0;
    lb_status st = crs_require_projected(ctx, def, c->crs);
    if (st == LB_OK)
        st = crs_require_metres(ctx, def, c->crs);
    if (st == LB_OK)
        st = crs_conversion(ctx, def, method, c, &is_tm);
    if (st != LB_OK)
        return st;
    if (!is_tm)
        return lb_area_params_init_planar(p);
    st = read_tm_params(ctx, def, c->conv, v);
    if (st == LB_OK)
        st = read_ellipsoid(ctx, def, c->crs, &a, &f);
    if (st == LB_OK &&
        lb_area_params_init(p, method, a, f, v[1], v[0], v[2], v[3], v[4]))
        st = lb__fail(ctx, LB_ERR_CRS,
                      "%s has unusable Transverse Mercator parameters "
                      "(a %g, f %g, lon0 %g, lat0 %g, k0 %g)",
                      def, a, f, v[1], v[0], v[2]);
    return st;
}

lb_status lb_area_params_from_crs(lb_context *ctx, const char *crs,
                                  lb_area_method method, lb_area_params *p)
{
    crs_parts c = {NULL, NULL};
    lb_status st;
    if (!ctx)
        return LB_ERR_ARG;
    if (!crs || !p)
        return lb__fail(ctx, LB_ERR_ARG, "lb_area_params_from_crs: %s is NULL",
                        crs ? "the parameter struct" : "the CRS");
    if (!lb_area_method_name(method))
        return lb__fail(ctx, LB_ERR_ARG, "unknown area method %d", (int)method);
    st = crs_open(ctx, crs, &c);
    if (st == LB_OK)
        st = params_from_parts(ctx, crs, method, &c, p);
    crs_parts_free(&c);
    return st;
}

/* ------------------------------------------------------------------ */
/* GEOS polygons                                                       */

static const char *geom_type_name(int id)
{
    switch (id) {
    case GEOS_POINT:
        return "Point";
    case GEOS_LINESTRING:
        return "LineString";
    case GEOS_LINEARRING:
        return "LinearRing";
    case GEOS_POLYGON:
        return "Polygon";
    case GEOS_MULTIPOINT:
        return "MultiPoint";
    case GEOS_MULTILINESTRING:
        return "MultiLineString";
    case GEOS_MULTIPOLYGON:
        return "MultiPolygon";
    case GEOS_GEOMETRYCOLLECTION:
        return "GeometryCollection";
    default:
        return "unknown geometry";
    }
}

/* A growing coordinate buffer, reused for every ring of a geometry, and
 * the densified vertices of the rings measured so far. */
typedef struct ring_buf {
    lb__coords c;
    double points;
} ring_buf;

static lb_status ring_coords(lb_context *ctx, const GEOSGeometry *ring,
                             ring_buf *buf, size_t *n)
{
    lb_status st = lb__ring_coords(ctx->geos, ring, &buf->c, n);
    if (st == LB_ERR_NOMEM)
        return lb__fail(ctx, st, "no memory for a ring of %zu points", *n);
    if (st != LB_OK)
        return lb__fail(ctx, st, "cannot read a ring: %s", ctx->geos_msg);
    return LB_OK;
}

/* |area| of ring `hole` of one polygon (-1: its exterior ring). */
static lb_status ring_area(lb_context *ctx, const lb_area_params *p,
                           const GEOSGeometry *ring, ring_buf *buf, int part,
                           int hole, double *area)
{
    const char *why = NULL;
    size_t n = 0;
    double points = 0;
    lb_status st = ring_coords(ctx, ring, buf, &n);
    *area = 0;
    if (st != LB_OK || n == 0)
        return st;
    st = lb__ring_area_counted(p, buf->c.v, n, area, &why, &points);
    *area = fabs(*area);
    if (st == LB_OK && p->method != LB_AREA_PLANAR) {
        /* each ring was held to the limit; the geometry is too */
        buf->points += points;
        if (buf->points > LB__MAX_DENSIFIED)
            return lb__fail(ctx, LB_ERR_GEOMETRY,
                            "the geometry is too long to measure: its rings "
                            "densified would have over 10 million vertices");
    }
    if (st == LB_OK)
        return st;
    if (hole < 0)
        return lb__fail(ctx, st, "polygon %d, exterior ring: %s", part + 1,
                        why);
    return lb__fail(ctx, st, "polygon %d, hole %d: %s", part + 1, hole + 1,
                    why);
}

/* Exterior minus holes, each taken without sign so that either
 * orientation of the rings gives the same area. */
static lb_status polygon_area(lb_context *ctx, const lb_area_params *p,
                              const GEOSGeometry *poly, ring_buf *buf, int part,
                              lb__sum *acc)
{
    int i, holes = GEOSGetNumInteriorRings_r(ctx->geos, poly);
    const GEOSGeometry *ext = GEOSGetExteriorRing_r(ctx->geos, poly);
    double a = 0;
    lb_status st;
    if (!ext || holes < 0)
        return lb__fail(ctx, LB_ERR_GEOS, "cannot read polygon %d: %s",
                        part + 1, ctx->geos_msg);
    st = ring_area(ctx, p, ext, buf, part, -1, &a);
    lb__sum_add(acc, a);
    for (i = 0; i < holes && st == LB_OK; i++) {
        const GEOSGeometry *r = GEOSGetInteriorRingN_r(ctx->geos, poly, i);
        if (!r)
            return lb__fail(ctx, LB_ERR_GEOS, "cannot read polygon %d: %s",
                            part + 1, ctx->geos_msg);
        st = ring_area(ctx, p, r, buf, part, i, &a);
        lb__sum_add(acc, -a);
    }
    return st;
}

static lb_status polygonal_area(lb_context *ctx, const lb_area_params *p,
                                const GEOSGeometry *g, int type, double *area)
{
    ring_buf buf = {{NULL, 0}, 0};
    lb__sum acc = {0, 0};
    int i,
        parts = type == GEOS_POLYGON ? 1 : GEOSGetNumGeometries_r(ctx->geos, g);
    lb_status st =
        parts < 0 ? lb__fail(ctx, LB_ERR_GEOS, "cannot read a MultiPolygon: %s",
                             ctx->geos_msg)
                  : LB_OK;
    for (i = 0; i < parts && st == LB_OK; i++) {
        const GEOSGeometry *poly =
            type == GEOS_POLYGON ? g : GEOSGetGeometryN_r(ctx->geos, g, i);
        if (!poly)
            st = lb__fail(ctx, LB_ERR_GEOS, "cannot read polygon %d: %s", i + 1,
                          ctx->geos_msg);
        else if (GEOSisEmpty_r(ctx->geos, poly) != 1)
            st = polygon_area(ctx, p, poly, &buf, i, &acc);
    }
    free(buf.c.v);
    if (st == LB_OK)
        *area = lb__sum_value(&acc);
    return st;
}

lb_status lb_area_geometry(lb_context *ctx, const lb_area_params *p,
                           const struct GEOSGeom_t *g, double *area)
{
    int type;
    if (!ctx)
        return LB_ERR_ARG;
    if (!p || !g || !area)
        return lb__fail(ctx, LB_ERR_ARG, "lb_area_geometry: %s is NULL",
                        !p   ? "the parameter struct"
                        : !g ? "the geometry"
                             : "the area");
    *area = NAN;
    ctx->geos_msg[0] = '\0';
    type = GEOSGeomTypeId_r(ctx->geos, g);
    if (type < 0)
        return lb__fail(ctx, LB_ERR_GEOS, "cannot read the geometry: %s",
                        ctx->geos_msg);
    if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON)
        return lb__fail(ctx, LB_ERR_GEOMETRY,
                        "a %s is not polygonal: an area needs a Polygon or "
                        "a MultiPolygon",
                        geom_type_name(type));
    if (GEOSisEmpty_r(ctx->geos, g) == 1) {
        *area = 0;
        return LB_OK;
    }
    return polygonal_area(ctx, p, g, type, area);
}

lb_status lb_area_wkt(lb_context *ctx, const lb_area_params *p, const char *wkt,
                      double *area)
{
    GEOSWKTReader *reader;
    GEOSGeometry *g;
    lb_status st;
    if (!ctx)
        return LB_ERR_ARG;
    if (!wkt)
        return lb__fail(ctx, LB_ERR_ARG, "lb_area_wkt: the WKT is NULL");
    reader = GEOSWKTReader_create_r(ctx->geos);
    if (!reader)
        return lb__fail(ctx, LB_ERR_NOMEM, "cannot create a WKT reader");
    ctx->geos_msg[0] = '\0';
    g = GEOSWKTReader_read_r(ctx->geos, reader, wkt);
    GEOSWKTReader_destroy_r(ctx->geos, reader);
    if (!g)
        return lb__fail(ctx, LB_ERR_GEOMETRY, "cannot read the WKT: %s",
                        ctx->geos_msg[0] ? ctx->geos_msg : "parse error");
    st = lb_area_geometry(ctx, p, g, area);
    GEOSGeom_destroy_r(ctx->geos, g);
    return st;
}
