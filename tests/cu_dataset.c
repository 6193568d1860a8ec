/*
 * cu_dataset.c: invariants of the bundled synthetic data set
 * (data/chuxiong.gpkg and its GBK Shapefile copy data/shp/), as
 * data/README.md promises them: schema, CRS, a baseline without overlaps
 * whose TBMJ is the library's survey area, the 田坎 rounding rule, grades
 * on 耕地, and project links that resolve.
 */
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <stdlib.h>
#include <string.h>

#include "cu_tester.h"

#define DATASET "data/chuxiong.gpkg"
#define SHP_DIR "data/shp"

typedef struct parcel {
    GEOSGeometry *g;
    long long bsm;
    char dlbm[8];
    char zldwmc[32];
    double tbmj, kcxs, kcmj, tbdlmj;
    int gddb;   /* 0: NULL */
    int gdpdjb; /* 0: NULL */
} parcel;

static lb_context *ctx;
static GDALDatasetH ds;
static parcel *parcels;
static size_t nparcels;

/* ---- loading ------------------------------------------------------------- */

static GEOSGeometry *to_geos(GEOSContextHandle_t h, GEOSWKBReader *rd,
                             OGRGeometryH og)
{
    int size = OGR_G_WkbSize(og);
    unsigned char *buf = malloc((size_t)size);
    GEOSGeometry *g = NULL;
    if (buf && OGR_G_ExportToWkb(og, wkbNDR, buf) == OGRERR_NONE)
        g = GEOSWKBReader_read_r(h, rd, buf, (size_t)size);
    free(buf);
    return g;
}

static void copy_text(char *dst, size_t size, OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);
    snprintf(dst, size, "%s",
             i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i)
                 ? OGR_F_GetFieldAsString(f, i)
                 : "");
}

static int int_or_zero(OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);
    return i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i)
               ? OGR_F_GetFieldAsInteger(f, i)
               : 0;
}

static double real(OGRFeatureH f, const char *name)
{
    return OGR_F_GetFieldAsDouble(f, OGR_F_GetFieldIndex(f, name));
}

static void read_parcel(GEOSContextHandle_t h, GEOSWKBReader *rd, OGRFeatureH f,
                        parcel *p)
{
    OGRGeometryH og = OGR_F_GetGeometryRef(f);
    p->g = og ? to_geos(h, rd, og) : NULL;
    p->bsm = OGR_F_GetFieldAsInteger64(f, OGR_F_GetFieldIndex(f, "BSM"));
    copy_text(p->dlbm, sizeof p->dlbm, f, "DLBM");
    copy_text(p->zldwmc, sizeof p->zldwmc, f, "ZLDWMC");
    p->tbmj = real(f, "TBMJ");
    p->kcxs = real(f, "KCXS");
    p->kcmj = real(f, "KCMJ");
    p->tbdlmj = real(f, "TBDLMJ");
    p->gddb = int_or_zero(f, "GDDB");
    p->gdpdjb = int_or_zero(f, "GDPDJB");
}

static int load_parcels(void)
{
    OGRLayerH lyr = GDALDatasetGetLayerByName(ds, "dltb");
    GEOSContextHandle_t h = lb_context_geos(ctx);
    GEOSWKBReader *rd = GEOSWKBReader_create_r(h);
    OGRFeatureH f;
    size_t cap;
    if (!lyr || !rd)
        return -1;
    cap = (size_t)OGR_L_GetFeatureCount(lyr, 1) + 1;
    parcels = calloc(cap, sizeof *parcels);
    if (!parcels)
        return -1;
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL && nparcels < cap) {
        read_parcel(h, rd, f, &parcels[nparcels++]);
        OGR_F_Destroy(f);
    }
    GEOSWKBReader_destroy_r(h, rd);
    return 0;
}

static int suite_init(void)
{
    GDALAllRegister();
    ctx = lb_cu_context();
    ds = GDALOpenEx(DATASET, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL,
                    NULL);
    if (!ctx || !ds) {
        fprintf(stderr,
                "cannot open %s (run the tests from the repository "
                "root; `make data` makes it)\n",
                DATASET);
        return -1;
    }
    return load_parcels();
}

static int suite_clean(void)
{
    size_t i;
    for (i = 0; i < nparcels; i++)
        if (parcels[i].g)
            GEOSGeom_destroy_r(lb_context_geos(ctx), parcels[i].g);
    free(parcels);
    parcels = NULL;
    nparcels = 0;
    if (ds)
        GDALClose(ds);
    ds = NULL;
    lb_context_destroy(ctx);
    ctx = NULL;
    return 0;
}

/* ---- helpers ------------------------------------------------------------- */

static int cultivated(const char *dlbm)
{
    return strncmp(dlbm, "0101", 4) == 0 || strncmp(dlbm, "0102", 4) == 0 ||
           strncmp(dlbm, "0103", 4) == 0;
}

/* Half away from zero to 0.01, a binary value within 1e-6 cent of a half
 * cent counting as the decimal tie it stands for (the generator's rule,
 * data/README.md). */
static double round2(double x)
{
    double v = fabs(x) * 100.0, f = floor(v);
    double r = (v - f >= 0.5 - 1e-6) ? f + 1.0 : f;
    return x < 0 ? -r / 100.0 : r / 100.0;
}

typedef struct field_expect {
    const char *name;
    OGRFieldType type;
} field_expect;

static void check_layer(const char *name, OGRwkbGeometryType gtype,
                        const field_expect *fields, int n)
{
    OGRLayerH lyr = GDALDatasetGetLayerByName(ds, name);
    OGRFeatureDefnH defn;
    int k;
    CU_ASSERT_PTR_NOT_NULL_FATAL(lyr);
    defn = OGR_L_GetLayerDefn(lyr);
    CU_ASSERT_EQUAL(wkbFlatten(OGR_FD_GetGeomType(defn)), gtype);
    for (k = 0; k < n; k++) {
        int i = OGR_FD_GetFieldIndex(defn, fields[k].name);
        if (i < 0) {
            fprintf(stderr, "\n%s.%s is missing\n", name, fields[k].name);
            CU_FAIL("missing field");
            continue;
        }
        if (OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i)) != fields[k].type)
            fprintf(stderr, "\n%s.%s has type %s\n", name, fields[k].name,
                    OGR_GetFieldTypeName(
                        OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i))));
        CU_ASSERT_EQUAL(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i)),
                        fields[k].type);
    }
}

/* ---- tests --------------------------------------------------------------- */

static void test_layers_and_fields(void)
{
    static const field_expect dltb[] = {
        {"BSM", OFTInteger64}, {"DLBM", OFTString},   {"DLMC", OFTString},
        {"ZLDWDM", OFTString}, {"ZLDWMC", OFTString}, {"TBMJ", OFTReal},
        {"KCXS", OFTReal},     {"KCMJ", OFTReal},     {"TBDLMJ", OFTReal},
        {"GDDB", OFTInteger},  {"GDPDJB", OFTString}, {"GDLX", OFTString}};
    static const field_expect zyfw[] = {{"XMBH", OFTString},
                                        {"XMMC", OFTString}};
    static const field_expect bcgd[] = {{"XMBH", OFTString},
                                        {"DLBM", OFTString},
                                        {"GDDB", OFTInteger},
                                        {"KCXS", OFTReal},
                                        {"BCLX", OFTString}};
    static const field_expect xmxx[] = {
        {"XMBH", OFTString},  {"XMMC", OFTString},  {"XMLX", OFTString},
        {"XZQDM", OFTString}, {"XZQMC", OFTString}, {"BCXMBH", OFTString}};
    check_layer("dltb", wkbPolygon, dltb, 12);
    check_layer("zyfw", wkbPolygon, zyfw, 2);
    check_layer("bcgd", wkbPolygon, bcgd, 5);
    check_layer("xmxx", wkbNone, xmxx, 6);
}

static void test_crs(void)
{
    static const char *const names[] = {"dltb", "zyfw", "bcgd"};
    int k;
    for (k = 0; k < 3; k++) {
        OGRLayerH lyr = GDALDatasetGetLayerByName(ds, names[k]);
        OGRSpatialReferenceH srs = lyr ? OGR_L_GetSpatialRef(lyr) : NULL;
        const char *code;
        CU_ASSERT_PTR_NOT_NULL_FATAL(srs);
        code = OSRGetAuthorityCode(srs, NULL);
        LB_ASSERT_STR(OSRGetAuthorityName(srs, NULL), "EPSG");
        LB_ASSERT_STR(code, "4543");
    }
}

static void test_parcel_count(void)
{
    size_t i, valid = 0;
    CU_ASSERT(nparcels >= 3000);
    for (i = 0; i < nparcels; i++)
        valid += parcels[i].g &&
                 GEOSisValid_r(lb_context_geos(ctx), parcels[i].g) == 1;
    CU_ASSERT_EQUAL(valid, nparcels);
}

typedef struct hits {
    size_t *v, n, cap;
} hits;

static void collect(void *item, void *ud)
{
    hits *h = ud;
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 64;
        size_t *v = realloc(h->v, cap * sizeof *v);
        if (!v)
            return; /* the assertion on the pair count catches it */
        h->v = v;
        h->cap = cap;
    }
    h->v[h->n++] = (size_t)((parcel *)item - parcels);
}

/* Neighbours whose interiors could meet must share less than 0.01 m². */
static size_t overlaps_of(GEOSContextHandle_t h, GEOSSTRtree *tree, size_t i,
                          hits *near, double *worst)
{
    const GEOSPreparedGeometry *pg = GEOSPrepare_r(h, parcels[i].g);
    size_t k, bad = 0;
    near->n = 0;
    GEOSSTRtree_query_r(h, tree, parcels[i].g, collect, near);
    for (k = 0; k < near->n; k++) {
        const GEOSGeometry *o = parcels[near->v[k]].g;
        GEOSGeometry *x;
        double a = 0;
        if (near->v[k] <= i || (GEOSPreparedOverlaps_r(h, pg, o) != 1 &&
                                GEOSPreparedContains_r(h, pg, o) != 1 &&
                                GEOSPreparedWithin_r(h, pg, o) != 1))
            continue;
        x = GEOSIntersection_r(h, parcels[i].g, o);
        if (x)
            GEOSArea_r(h, x, &a);
        GEOSGeom_destroy_r(h, x);
        if (!x || a >= 0.01) {
            bad++;
            *worst = a > *worst ? a : *worst;
        }
    }
    GEOSPreparedGeom_destroy_r(h, pg);
    return bad;
}

static void test_no_overlaps(void)
{
    GEOSContextHandle_t h = lb_context_geos(ctx);
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    hits near = {NULL, 0, 0};
    size_t i, bad = 0;
    double worst = 0;
    for (i = 0; i < nparcels; i++)
        if (parcels[i].g)
            GEOSSTRtree_insert_r(h, tree, parcels[i].g, &parcels[i]);
    for (i = 0; i < nparcels; i++)
        if (parcels[i].g)
            bad += overlaps_of(h, tree, i, &near, &worst);
    free(near.v);
    if (bad)
        fprintf(stderr, "\n%zu overlapping pairs, largest %.4f m²\n", bad,
                worst);
    CU_ASSERT_EQUAL(bad, 0);
    GEOSSTRtree_destroy_r(h, tree);
}

static void test_tbmj_is_survey_area(void)
{
    lb_area_params p;
    size_t i, bad = 0;
    CU_ASSERT_EQUAL_FATAL(
        lb_area_params_from_crs(ctx, "EPSG:4543", LB_AREA_SURVEY, &p), LB_OK);
    for (i = 0; i < nparcels; i++) {
        double a = -1;
        if (!parcels[i].g ||
            lb_area_geometry(ctx, &p, parcels[i].g, &a) != LB_OK ||
            fabs(a - parcels[i].tbmj) > 0.01) {
            if (!bad)
                fprintf(stderr, "\nBSM %lld: TBMJ %.2f, survey area %.4f\n",
                        parcels[i].bsm, parcels[i].tbmj, a);
            bad++;
        }
    }
    CU_ASSERT_EQUAL(bad, 0);
}

static void test_deduction_rounding(void)
{
    size_t i, bad = 0;
    for (i = 0; i < nparcels; i++) {
        const parcel *p = &parcels[i];
        double kcmj = round2(p->tbmj * p->kcxs);
        int ok = fabs(p->kcmj - kcmj) < 1e-6 &&
                 fabs(p->tbdlmj - round2(p->tbmj - p->kcmj)) < 1e-6 &&
                 p->kcxs >= 0 && p->kcxs < 1 &&
                 /* 田坎 only on sloping 耕地 (domain.md §3.1) */
                 (p->kcxs == 0 || (cultivated(p->dlbm) && p->gdpdjb > 1));
        if (!ok && !bad)
            fprintf(stderr,
                    "\nBSM %lld: TBMJ %.2f KCXS %.4f KCMJ %.2f "
                    "TBDLMJ %.2f\n",
                    p->bsm, p->tbmj, p->kcxs, p->kcmj, p->tbdlmj);
        bad += !ok;
    }
    CU_ASSERT_EQUAL(bad, 0);
}

static void test_grades(void)
{
    size_t i, bad = 0, ncult = 0;
    for (i = 0; i < nparcels; i++) {
        const parcel *p = &parcels[i];
        int ok;
        if (cultivated(p->dlbm)) {
            ncult++;
            ok = p->gddb >= 1 && p->gddb <= 15 && p->gdpdjb >= 1 &&
                 p->gdpdjb <= 5;
        } else {
            ok = p->gddb == 0 && p->gdpdjb == 0;
        }
        if (!ok && !bad)
            fprintf(stderr, "\nBSM %lld (%s): GDDB %d GDPDJB %d\n", p->bsm,
                    p->dlbm, p->gddb, p->gdpdjb);
        bad += !ok;
    }
    CU_ASSERT(ncult > 0);
    CU_ASSERT_EQUAL(bad, 0);
}

/* ---- projects ------------------------------------------------------------ */

typedef struct project {
    char code[32], kind[16], links[128];
} project;

static size_t read_projects(project *v, size_t cap)
{
    OGRLayerH lyr = GDALDatasetGetLayerByName(ds, "xmxx");
    OGRFeatureH f;
    size_t n = 0;
    if (!lyr)
        return 0;
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        if (n < cap) {
            copy_text(v[n].code, sizeof v[n].code, f, "XMBH");
            copy_text(v[n].kind, sizeof v[n].kind, f, "XMLX");
            copy_text(v[n].links, sizeof v[n].links, f, "BCXMBH");
            n++;
        }
        OGR_F_Destroy(f);
    }
    return n;
}

static const project *find_project(const project *v, size_t n, const char *code)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(v[i].code, code) == 0)
            return &v[i];
    return NULL;
}

/* Every feature's XMBH is a project of the expected kind. */
static void check_members(const char *layer, const char *kind, const project *v,
                          size_t n)
{
    OGRLayerH lyr = GDALDatasetGetLayerByName(ds, layer);
    OGRFeatureH f;
    size_t count = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(lyr);
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        char code[32];
        const project *p;
        copy_text(code, sizeof code, f, "XMBH");
        p = find_project(v, n, code);
        if (!p || strcmp(p->kind, kind) != 0)
            fprintf(stderr, "\n%s: project '%s' is not a %s project in xmxx\n",
                    layer, code, kind);
        CU_ASSERT(p && strcmp(p->kind, kind) == 0);
        OGR_F_Destroy(f);
        count++;
    }
    CU_ASSERT(count > 0);
}

static void check_links(const project *p, const project *v, size_t n)
{
    const char *s = p->links;
    while (*s) {
        char code[32];
        size_t len = strcspn(s, ",");
        const project *t;
        while (len > 0 && *s == ' ') {
            s++;
            len--;
        }
        snprintf(code, sizeof code, "%.*s", (int)len, s);
        t = find_project(v, n, code);
        if (!t || strcmp(t->kind, "supplement") != 0)
            fprintf(stderr, "\n%s links to '%s', no supplement project\n",
                    p->code, code);
        CU_ASSERT(t && strcmp(t->kind, "supplement") == 0);
        s += len;
        if (*s == ',')
            s++;
    }
}

static void test_project_links(void)
{
    project v[64];
    size_t n = read_projects(v, 64), i, links = 0;
    CU_ASSERT_FATAL(n > 0);
    check_members("zyfw", "occupation", v, n);
    check_members("bcgd", "supplement", v, n);
    for (i = 0; i < n; i++) {
        CU_ASSERT(strcmp(v[i].kind, "occupation") == 0 ||
                  strcmp(v[i].kind, "supplement") == 0);
        if (strcmp(v[i].kind, "supplement") == 0) {
            CU_ASSERT_EQUAL(v[i].links[0], '\0');
        } else if (v[i].links[0]) {
            links++;
            check_links(&v[i], v, n);
        }
    }
    CU_ASSERT(links > 0);
}

/* ---- the GBK Shapefile copy ---------------------------------------------- */

static const parcel *parcel_by_bsm(long long bsm)
{
    size_t i;
    for (i = 0; i < nparcels; i++)
        if (parcels[i].bsm == bsm)
            return &parcels[i];
    return NULL;
}

static void test_shapefile_text(void)
{
    GDALDatasetH shp =
        GDALOpenEx(SHP_DIR "/dltb.shp", GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
                   NULL, NULL);
    OGRLayerH lyr;
    OGRFeatureH f;
    GIntBig fid, n;
    size_t compared = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(shp);
    lyr = GDALDatasetGetLayer(shp, 0);
    n = OGR_L_GetFeatureCount(lyr, 1);
    CU_ASSERT_EQUAL(n, (GIntBig)nparcels);
    for (fid = 0; fid < n; fid += 97) {
        const parcel *p;
        char dlbm[8], zldwmc[32];
        f = OGR_L_GetFeature(lyr, fid);
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        p = parcel_by_bsm(OGR_F_GetFieldAsInteger64(f, 0));
        copy_text(dlbm, sizeof dlbm, f, "DLBM");
        copy_text(zldwmc, sizeof zldwmc, f, "ZLDWMC");
        CU_ASSERT_PTR_NOT_NULL(p);
        if (p) {
            LB_ASSERT_STR(dlbm, p->dlbm);
            LB_ASSERT_STR(zldwmc, p->zldwmc); /* Chinese, decoded from GBK */
            compared++;
        }
        OGR_F_Destroy(f);
    }
    CU_ASSERT(compared > 10);
    GDALClose(shp);
}

static void test_shapefile_projects(void)
{
    GDALDatasetH shp =
        GDALOpenEx(SHP_DIR "/xmxx.dbf", GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
                   NULL, NULL);
    OGRLayerH a, b = GDALDatasetGetLayerByName(ds, "xmxx");
    OGRFeatureH fa, fb;
    size_t rows = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(shp);
    a = GDALDatasetGetLayer(shp, 0);
    OGR_L_ResetReading(a);
    OGR_L_ResetReading(b);
    while ((fa = OGR_L_GetNextFeature(a)) != NULL) {
        char na[128], nb[128];
        fb = OGR_L_GetNextFeature(b);
        CU_ASSERT_PTR_NOT_NULL_FATAL(fb);
        copy_text(na, sizeof na, fa, "XMMC");
        copy_text(nb, sizeof nb, fb, "XMMC");
        LB_ASSERT_STR(na, nb);
        OGR_F_Destroy(fa);
        OGR_F_Destroy(fb);
        rows++;
    }
    CU_ASSERT(rows > 0);
    GDALClose(shp);
}

void dataset_suite_setup(void)
{
    CU_pSuite s = lb_cu_add_suite("dataset", suite_init, suite_clean);
    LB_ADD_TEST(s, test_layers_and_fields);
    LB_ADD_TEST(s, test_crs);
    LB_ADD_TEST(s, test_parcel_count);
    LB_ADD_TEST(s, test_no_overlaps);
    LB_ADD_TEST(s, test_tbmj_is_survey_area);
    LB_ADD_TEST(s, test_deduction_rounding);
    LB_ADD_TEST(s, test_grades);
    LB_ADD_TEST(s, test_project_links);
    LB_ADD_TEST(s, test_shapefile_text);
    LB_ADD_TEST(s, test_shapefile_projects);
}
