/*
 * cu_gpkg.c: hand-built GeoPackages and reference areas for the balance
 * tests (see cu_gpkg.h). No suite here: helpers only.
 */
#include "cu_gpkg.h"

#include <gdal.h>
#include <geodesic.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <proj.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { L_DLTB, L_ZYFW, L_BCGD, L_XMXX, L_COUNT };

struct cu_gpkg {
    GDALDatasetH ds;
    OGRLayerH lyr[L_COUNT];
};

typedef struct field_def {
    const char *name;
    OGRFieldType type;
} field_def;

static const field_def dltb_fields[] = {
    {"BSM", OFTString},   {"DLBM", OFTString},   {"ZLDWDM", OFTString},
    {"TBMJ", OFTReal},    {"KCXS", OFTReal},     {"TBDLMJ", OFTReal},
    {"GDDB", OFTInteger}, {"GDPDJB", OFTString}, {NULL, OFTString}};
static const field_def zyfw_fields[] = {
    {"XMBH", OFTString}, {"XMMC", OFTString}, {NULL, OFTString}};
static const field_def bcgd_fields[] = {
    {"XMBH", OFTString}, {"DLBM", OFTString}, {"GDDB", OFTInteger},
    {"KCXS", OFTReal},   {"BCLX", OFTString}, {NULL, OFTString}};
static const field_def xmxx_fields[] = {
    {"XMBH", OFTString},  {"XMMC", OFTString},  {"XMLX", OFTString},
    {"XZQDM", OFTString}, {"XZQMC", OFTString}, {"BCXMBH", OFTString},
    {NULL, OFTString}};

static OGRLayerH make_layer(GDALDatasetH ds, const char *name,
                            OGRSpatialReferenceH srs, OGRwkbGeometryType type,
                            const field_def *fields)
{
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, name, srs, type, NULL);
    for (; lyr && fields->name; fields++) {
        OGRFieldDefnH fd = OGR_Fld_Create(fields->name, fields->type);
        OGRErr e = OGR_L_CreateField(lyr, fd, 1);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE)
            return NULL;
    }
    return lyr;
}

static int make_layers(cu_gpkg *g)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    int ok = OSRImportFromEPSG(srs, 4543) == OGRERR_NONE;
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    if (ok) {
        g->lyr[L_DLTB] =
            make_layer(g->ds, "dltb", srs, wkbPolygon, dltb_fields);
        g->lyr[L_ZYFW] =
            make_layer(g->ds, "zyfw", srs, wkbPolygon, zyfw_fields);
        g->lyr[L_BCGD] =
            make_layer(g->ds, "bcgd", srs, wkbPolygon, bcgd_fields);
        g->lyr[L_XMXX] = make_layer(g->ds, "xmxx", NULL, wkbNone, xmxx_fields);
    }
    OSRDestroySpatialReference(srs);
    return ok && g->lyr[L_DLTB] && g->lyr[L_ZYFW] && g->lyr[L_BCGD] &&
           g->lyr[L_XMXX];
}

cu_gpkg *cu_gpkg_create(const char *path)
{
    GDALDriverH drv;
    cu_gpkg *g = calloc(1, sizeof *g);
    GDALAllRegister();
    drv = GDALGetDriverByName("GPKG");
    if (!g || !drv) {
        free(g);
        return NULL;
    }
    remove(path);
    g->ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    if (!g->ds || !make_layers(g) ||
        GDALDatasetStartTransaction(g->ds, 0) != OGRERR_NONE) {
        fprintf(stderr, "\ncu_gpkg_create: cannot create %s: %s\n", path,
                CPLGetLastErrorMsg());
        if (g->ds)
            GDALClose(g->ds);
        free(g);
        return NULL;
    }
    return g;
}

int cu_gpkg_close(cu_gpkg *g)
{
    int bad;
    if (!g)
        return -1;
    bad = GDALDatasetCommitTransaction(g->ds) != OGRERR_NONE;
    GDALClose(g->ds);
    free(g);
    return bad ? -1 : 0;
}

/* ---- features ------------------------------------------------------- */

static void set_str(OGRFeatureH f, const char *name, const char *v)
{
    if (v)
        OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, name), v);
}

static void set_real(OGRFeatureH f, const char *name, double v)
{
    if (isfinite(v))
        OGR_F_SetFieldDouble(f, OGR_F_GetFieldIndex(f, name), v);
}

static void set_int(OGRFeatureH f, const char *name, int v)
{
    if (v)
        OGR_F_SetFieldInteger(f, OGR_F_GetFieldIndex(f, name), v);
}

/* WKT cannot say "infinite": an x of exactly CU_WKT_INF in a ring is
 * written as +inf, for the tests of non-finite coordinates. */
static void infinities(OGRGeometryH geom)
{
    int i, n = OGR_G_GetGeometryCount(geom);
    if (n > 0) {
        for (i = 0; i < n; i++)
            infinities(OGR_G_GetGeometryRef(geom, i));
        return;
    }
    for (i = 0; i < OGR_G_GetPointCount(geom); i++)
        if (OGR_G_GetX(geom, i) == CU_WKT_INF)
            OGR_G_SetPoint_2D(geom, i, HUGE_VAL, OGR_G_GetY(geom, i));
}

static OGRFeatureH new_feature(cu_gpkg *g, int layer, const char *wkt)
{
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(g->lyr[layer]));
    OGRGeometryH geom = NULL;
    char *w = (char *)wkt;
    if (wkt && OGR_G_CreateFromWkt(&w, NULL, &geom) != OGRERR_NONE) {
        fprintf(stderr, "\ncu_gpkg: bad WKT %s\n", wkt);
        OGR_F_Destroy(f);
        return NULL;
    }
    if (geom) {
        infinities(geom);
        OGR_F_SetGeometryDirectly(f, geom);
    }
    return f;
}

/* Write the feature, free it, return its id (-1 on failure). */
static long long commit(cu_gpkg *g, int layer, OGRFeatureH f)
{
    long long fid = -1;
    if (!f)
        return -1;
    if (OGR_L_CreateFeature(g->lyr[layer], f) == OGRERR_NONE)
        fid = OGR_F_GetFID(f);
    OGR_F_Destroy(f);
    return fid;
}

long long cu_gpkg_parcel(cu_gpkg *g, const char *wkt, const char *dlbm,
                         int gddb, double kcxs, double tbmj, double tbdlmj)
{
    OGRFeatureH f = new_feature(g, L_DLTB, wkt);
    char bsm[32];
    if (!f)
        return -1;
    snprintf(bsm, sizeof bsm, "5323%08lld",
             (long long)OGR_L_GetFeatureCount(g->lyr[L_DLTB], 1) + 1);
    set_str(f, "BSM", bsm);
    set_str(f, "DLBM", dlbm);
    set_str(f, "ZLDWDM", "5323011012010000000");
    set_real(f, "TBMJ", tbmj);
    set_real(f, "KCXS", kcxs);
    set_real(f, "TBDLMJ", tbdlmj);
    set_int(f, "GDDB", gddb);
    set_str(f, "GDPDJB", gddb ? "2" : NULL);
    return commit(g, L_DLTB, f);
}

long long cu_gpkg_occupation(cu_gpkg *g, const char *wkt, const char *xmbh)
{
    OGRFeatureH f = new_feature(g, L_ZYFW, wkt);
    if (!f)
        return -1;
    set_str(f, "XMBH", xmbh);
    return commit(g, L_ZYFW, f);
}

long long cu_gpkg_supplement(cu_gpkg *g, const char *wkt, const char *xmbh,
                             const char *dlbm, int gddb, double kcxs,
                             const char *bclx)
{
    OGRFeatureH f = new_feature(g, L_BCGD, wkt);
    if (!f)
        return -1;
    set_str(f, "XMBH", xmbh);
    set_str(f, "DLBM", dlbm);
    set_int(f, "GDDB", gddb);
    set_real(f, "KCXS", kcxs);
    set_str(f, "BCLX", bclx);
    return commit(g, L_BCGD, f);
}

long long cu_gpkg_project(cu_gpkg *g, const char *xmbh, const char *xmmc,
                          const char *xmlx, const char *town, const char *links)
{
    OGRFeatureH f = new_feature(g, L_XMXX, NULL);
    unsigned sum = 0;
    char code[16];
    const char *s;
    if (!f)
        return -1;
    for (s = town ? town : ""; *s; s++)
        sum += (unsigned char)*s;
    snprintf(code, sizeof code, "532301%03u", 100 + sum % 900);
    set_str(f, "XMBH", xmbh);
    set_str(f, "XMMC", xmmc);
    set_str(f, "XMLX", xmlx);
    set_str(f, "XZQDM", code);
    set_str(f, "XZQMC", town);
    set_str(f, "BCXMBH", links);
    return commit(g, L_XMXX, f);
}

/* ---- WKT ------------------------------------------------------------ */

static char *next_buf(void)
{
    static char buf[8][512];
    static int k;
    return buf[k++ % 8];
}

/* "(x0 y0,x1 y0,x1 y1,x0 y1,x0 y0)" in absolute coordinates. */
static int ring_text(char *out, size_t size, const double r[4])
{
    double x0 = CU_E0 + r[0], y0 = CU_N0 + r[1];
    double x1 = CU_E0 + r[2], y1 = CU_N0 + r[3];
    return snprintf(out, size,
                    "(%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,"
                    "%.3f %.3f)",
                    x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
}

const char *cu_wkt_rect(double x0, double y0, double x1, double y1)
{
    double r[4];
    char *b = next_buf(), ring[240];
    r[0] = x0, r[1] = y0, r[2] = x1, r[3] = y1;
    ring_text(ring, sizeof ring, r);
    snprintf(b, 512, "POLYGON(%s)", ring);
    return b;
}

const char *cu_wkt_rect_hole(const double outer[4], const double hole[4])
{
    char *b = next_buf(), o[240], h[240];
    double rh[4];
    /* the hole clockwise, as OGC wants (GEOS does not mind either way) */
    rh[0] = hole[2], rh[1] = hole[1], rh[2] = hole[0], rh[3] = hole[3];
    ring_text(o, sizeof o, outer);
    ring_text(h, sizeof h, rh);
    snprintf(b, 512, "POLYGON(%s,%s)", o, h);
    return b;
}

/* ---- reference areas -------------------------------------------------- */

static PJ_CONTEXT *ref_ctx;
static PJ *ref_pj; /* EPSG:4543 -> EPSG:4490, (E, N) -> (lon, lat) */
static int ref_users;

int cu_ref_init(void)
{
    PJ *t;
    if (ref_users++ > 0)
        return ref_pj ? 0 : -1;
    ref_ctx = proj_context_create();
    t = proj_create_crs_to_crs(ref_ctx, "EPSG:4543", "EPSG:4490", NULL);
    ref_pj = t ? proj_normalize_for_visualization(ref_ctx, t) : NULL;
    proj_destroy(t);
    return ref_pj ? 0 : -1;
}

void cu_ref_done(void)
{
    if (ref_users == 0 || --ref_users > 0)
        return;
    proj_destroy(ref_pj);
    proj_context_destroy(ref_ctx);
    ref_pj = NULL;
    ref_ctx = NULL;
}

/* Add the points of the edge (x0,y0)-(x1,y1), end excluded, at most 1 m
 * apart (absolute coordinates), through @p pj to (lon, lat). */
static void add_edge(PJ *pj, const struct geod_geodesic *g,
                     struct geod_polygon *poly, double x0, double y0, double x1,
                     double y1)
{
    double dx = x1 - x0, dy = y1 - y0;
    int k = (int)ceil(hypot(dx, dy) / 1.0), j;
    if (k < 1)
        k = 1;
    for (j = 0; j < k; j++) {
        PJ_COORD c = proj_trans(
            pj, PJ_FWD, proj_coord(x0 + dx * j / k, y0 + dy * j / k, 0, 0));
        geod_polygon_addpoint(g, poly, c.lp.phi, c.lp.lam);
    }
}

/* Area on the ellipsoid (a, f) of the rectangle [x0,x1] x [y0,y1],
 * relative to CU_E0, CU_N0, with its points placed by @p pj. */
static double rect_area(PJ *pj, double a, double f, double x0, double y0,
                        double x1, double y1)
{
    struct geod_geodesic g;
    struct geod_polygon poly;
    double area = NAN;
    double ax = CU_E0 + x0, ay = CU_N0 + y0, bx = CU_E0 + x1, by = CU_N0 + y1;
    if (!pj)
        return NAN;
    geod_init(&g, a, f);
    geod_polygon_init(&poly, 0);
    add_edge(pj, &g, &poly, ax, ay, bx, ay);
    add_edge(pj, &g, &poly, bx, ay, bx, by);
    add_edge(pj, &g, &poly, bx, by, ax, by);
    add_edge(pj, &g, &poly, ax, by, ax, ay);
    geod_polygon_compute(&g, &poly, 0, 1, &area, NULL);
    return fabs(area);
}

double cu_ref_rect(double x0, double y0, double x1, double y1)
{
    return rect_area(ref_pj, CU_CGCS2000_A, CU_CGCS2000_F, x0, y0, x1, y1);
}

double cu_ref_rect_crs(const char *crs, const char *geog, double a, double f,
                       double x0, double y0, double x1, double y1)
{
    PJ *t, *pj;
    double area;
    if (!ref_ctx)
        return NAN;
    t = proj_create_crs_to_crs(ref_ctx, crs, geog, NULL);
    pj = t ? proj_normalize_for_visualization(ref_ctx, t) : NULL;
    area = rect_area(pj, a, f, x0, y0, x1, y1);
    proj_destroy(pj);
    proj_destroy(t);
    return area;
}

void cu_ref_lonlat(double x, double y, double *lon, double *lat)
{
    PJ_COORD c = proj_coord(NAN, NAN, 0, 0);
    if (ref_pj)
        c = proj_trans(ref_pj, PJ_FWD, proj_coord(CU_E0 + x, CU_N0 + y, 0, 0));
    *lon = c.lp.lam;
    *lat = c.lp.phi;
}

double cu_round2(double v)
{
    return round(v * 100.0) / 100.0;
}

char *cu_slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    size_t n = 0, cap = 4096, got;
    char *buf = f ? malloc(cap) : NULL;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        char *nb;
        n += got;
        if (cap - n > 1)
            continue;
        if (!(nb = realloc(buf, cap *= 2))) {
            free(buf);
            buf = NULL;
        } else {
            buf = nb;
        }
    }
    if (f)
        fclose(f);
    if (buf)
        buf[n] = '\0';
    if (size)
        *size = n;
    return buf;
}
