/*
 * cu_fixture.c: the data sets of the reading and checking tests, written
 * with the GDAL C API, with cu_gpkg.c's reference areas (cu_fixture.h).
 * No suite here: the Makefile links every tests/cu_*.c into the tester.
 */
#include "cu_fixture.h"
#include "cu_gpkg.h"
#include "cu_tester.h"

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_VALUES 16

/* ---- the well-formed roles ----------------------------------------------- */

static const char *const dltb_rows[] = {
    "R 0 0 100 100|B1|0101|5323011012010000000|9999.07|0|9999.07|7",
    "R 100 0 100 100|B2|0103|5323011012010000000|9999.07|0.068|9319.13|11",
    "R 0 100 100 100|B3|1206|5323011012010000000|9999.07|0|9999.07|~", NULL};
const fx_layer fx_dltb = {"dltb", wkbPolygon, 4543,
                          "BSM:s,DLBM:s,ZLDWDM:s,TBMJ:r,KCXS:r,TBDLMJ:r,GDDB:r",
                          dltb_rows};

static const char *const zyfw_rows[] = {"R 20 20 50 50|ZY-1|东华镇道路", NULL};
const fx_layer fx_zyfw = {"zyfw", wkbPolygon, 4543, "XMBH:s,XMMC:s", zyfw_rows};

static const char *const bcgd_rows[] = {
    "R 10 110 60 60|BC-1|0103|10|0.027|新增", NULL};
const fx_layer fx_bcgd = {"bcgd", wkbPolygon, 4543,
                          "XMBH:s,DLBM:s,GDDB:i,KCXS:r,BCLX:s", bcgd_rows};

static const char *const xmxx_rows[] = {
    "|ZY-1|东华镇道路|占用|532301101|东华镇|BC-1",
    "|BC-1|东华镇土地开发|补充|532301101|东华镇|~", NULL};
const fx_layer fx_xmxx = {"xmxx", wkbNone, 0,
                          "XMBH:s,XMMC:s,XMLX:s,XZQDM:s,XZQMC:s,BCXMBH:s",
                          xmxx_rows};

const fx_layer fx_omit = {NULL, wkbNone, 0, NULL, NULL};

/* ---- reference areas: cu_gpkg's ------------------------------------------ */

static int users;

int fx_init(void)
{
    if (users++)
        return 0;
    GDALAllRegister();
    /* Fixtures are thrown away: no fsync for each GeoPackage commit. */
    CPLSetConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF");
    return cu_ref_init();
}

void fx_done(void)
{
    if (users == 0 || --users > 0)
        return;
    cu_ref_done();
}

double fx_ref_rect(double x, double y, double w, double h)
{
    return cu_ref_rect(x, y, x + w, y + h);
}

const char *fx_wkt_rect(double x, double y, double w, double h)
{
    return cu_wkt_rect(x, y, x + w, y + h);
}

/* "R x y w h" in the layer's CRS: EPSG:4543, or its corners in EPSG:4490
 * (longitude first, as GeoPackage and GeoJSON store them). */
static int rect_wkt(const char *spec, int epsg, char *out, size_t size)
{
    double x, y, w, h, cx[5], cy[5];
    int i;
    size_t len;
    if (sscanf(spec, "R %lf %lf %lf %lf", &x, &y, &w, &h) != 4)
        return -1;
    if (epsg != 4490) {
        snprintf(out, size, "%s", fx_wkt_rect(x, y, w, h));
        return 0;
    }
    cx[0] = cx[3] = cx[4] = x;
    cx[1] = cx[2] = x + w;
    cy[0] = cy[1] = cy[4] = y;
    cy[2] = cy[3] = y + h;
    snprintf(out, size, "POLYGON((");
    for (i = 0; i < 5; i++) {
        double lon, lat;
        cu_ref_lonlat(cx[i], cy[i], &lon, &lat);
        len = strlen(out);
        snprintf(out + len, size - len, "%s%.12f %.12f", i ? "," : "", lon,
                 lat);
    }
    len = strlen(out);
    snprintf(out + len, size - len, "))");
    return 0;
}

/* ---- writing ------------------------------------------------------------- */

static int create_fields(OGRLayerH lyr, const char *schema)
{
    char buf[512], *p, *next;
    snprintf(buf, sizeof buf, "%s", schema ? schema : "");
    for (p = buf; p && *p; p = next) {
        char *colon;
        OGRFieldType type = OFTString;
        OGRFieldDefnH fd;
        int ok;
        if ((next = strchr(p, ',')) != NULL)
            *next++ = '\0';
        if ((colon = strchr(p, ':')) != NULL) {
            *colon = '\0';
            type = colon[1] == 'r'   ? OFTReal
                   : colon[1] == 'i' ? OFTInteger
                                     : OFTString;
        }
        fd = OGR_Fld_Create(p, type);
        ok = OGR_L_CreateField(lyr, fd, 1) == OGRERR_NONE;
        OGR_Fld_Destroy(fd);
        if (!ok)
            return -1;
    }
    return 0;
}

static int set_geometry(OGRFeatureH f, const char *spec, int epsg)
{
    char wkt[4096], *w = wkt;
    OGRGeometryH g = NULL;
    int ok;
    if (!*spec)
        return 0;
    if (spec[0] == 'R' && spec[1] == ' ') {
        if (rect_wkt(spec, epsg, wkt, sizeof wkt) != 0)
            return -1;
    } else {
        snprintf(wkt, sizeof wkt, "%s", spec);
    }
    if (OGR_G_CreateFromWkt(&w, NULL, &g) != OGRERR_NONE)
        return -1;
    ok = OGR_F_SetGeometryDirectly(f, g) == OGRERR_NONE;
    return ok ? 0 : -1;
}

static int add_row(OGRLayerH lyr, const fx_layer *l, const char *row)
{
    char buf[4096], *v[MAX_VALUES + 1], *p;
    int n = 0, i, rc;
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
    snprintf(buf, sizeof buf, "%s", row);
    for (v[n++] = p = buf; (p = strchr(p, '|')) != NULL && n <= MAX_VALUES;)
        *p++ = '\0', v[n++] = p;
    rc = set_geometry(f, v[0], l->epsg);
    for (i = 1; rc == 0 && i < n; i++)
        if (strcmp(v[i], "~") != 0)
            OGR_F_SetFieldString(f, i - 1, v[i]);
    if (rc == 0 && OGR_L_CreateFeature(lyr, f) != OGRERR_NONE)
        rc = -1;
    if (rc != 0)
        fprintf(stderr, "\nfixture: cannot write row '%s' of %s\n", row,
                l->name);
    OGR_F_Destroy(f);
    return rc;
}

static GDALDatasetH open_for_layer(const char *path, const char *driver)
{
    GDALDriverH drv = GDALGetDriverByName(driver);
    if (strcmp(driver, "GPKG") == 0 && fx_exists(path))
        return GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL,
                          NULL);
    return drv ? GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL) : NULL;
}

int fx_write(const char *path, const char *driver, const fx_layer *l,
             const char *const *lco)
{
    GDALDatasetH ds = open_for_layer(path, driver);
    OGRSpatialReferenceH srs = NULL;
    OGRLayerH lyr = NULL;
    int rc = -1, i;
    if (ds && l->epsg) {
        srs = OSRNewSpatialReference(NULL);
        OSRImportFromEPSG(srs, l->epsg);
    }
    if (ds)
        lyr = GDALDatasetCreateLayer(ds, l->name, srs, l->geom, (char **)lco);
    if (lyr && create_fields(lyr, l->schema) == 0) {
        rc = 0;
        for (i = 0; rc == 0 && l->rows && l->rows[i]; i++)
            rc = add_row(lyr, l, l->rows[i]);
    }
    if (srs)
        OSRDestroySpatialReference(srs);
    if (ds)
        GDALClose(ds);
    if (rc != 0)
        fprintf(stderr, "\nfixture: cannot write layer %s to %s (%s)\n",
                l->name, path, CPLGetLastErrorMsg());
    return rc;
}

const char *fx_dataset(const char *dir, const char *name,
                       const fx_layer *const over[LB_ROLE_COUNT_])
{
    static const fx_layer *const defaults[LB_ROLE_COUNT_] = {
        &fx_dltb, &fx_zyfw, &fx_bcgd, &fx_xmxx};
    static char buf[4][512];
    static int k;
    char *path = buf[k++ % 4];
    int r;
    snprintf(path, sizeof buf[0], "%s/%s", dir, name);
    for (r = 0; r < LB_ROLE_COUNT_; r++) {
        const fx_layer *l = over && over[r] ? over[r] : defaults[r];
        if (l != &fx_omit && fx_write(path, "GPKG", l, NULL) != 0)
            return NULL;
    }
    return path;
}

/* dir/name into @p out: lb_cu_path's few rotating buffers would evict
 * the caller's paths. */
static const char *join(char *out, size_t size, const char *dir,
                        const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
    return out;
}

int fx_gbk_shapefiles(const char *dir, int keep_cpg, int ldid,
                      const char *xmlx_col)
{
    static const char *const oc_rows[] = {
        "R 20 20 50 50|东华镇-1|东华镇道路",
        "R 20 120 10 10|东华镇-9|未登记的项目", NULL};
    static const char *const pr_rows[] = {
        "|东华镇-1|东华镇道路|占用|532301101|东华镇|BC-1",
        "|BC-1|东华镇土地开发|补充|532301101|东华镇|~", NULL};
    static const char *const gbk[] = {"ENCODING=CP936", NULL};
    const fx_layer oc = {"zyfw", wkbPolygon, 4543, "XMBH:s,XMMC:s", oc_rows};
    char schema[128], a[512], b[512];
    fx_layer pr = {"xmxx", wkbNone, 0, schema, pr_rows};
    int rc;
    snprintf(schema, sizeof schema,
             "XMBH:s,XMMC:s,%s:s,XZQDM:s,XZQMC:s,BCXMBH:s", xmlx_col);
    rc = fx_write(join(a, sizeof a, dir, "zyfw.shp"), "ESRI Shapefile", &oc,
                  gbk);
    if (rc == 0)
        rc = fx_write(join(a, sizeof a, dir, "xmxx.dbf"), "ESRI Shapefile", &pr,
                      gbk);
    if (rc == 0 && !keep_cpg)
        rc = remove(join(a, sizeof a, dir, "zyfw.cpg")) |
             remove(join(b, sizeof b, dir, "xmxx.cpg"));
    /* Byte 29 of a DBF header is its language driver. */
    if (rc == 0 && ldid)
        rc = fx_poke(join(a, sizeof a, dir, "zyfw.dbf"), 29, ldid, 1) |
             fx_poke(join(b, sizeof b, dir, "xmxx.dbf"), 29, ldid, 1);
    return rc;
}

/* ---- files --------------------------------------------------------------- */

int fx_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

int fx_copy(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = a ? fopen(to, "wb") : NULL;
    char buf[8192];
    size_t n;
    int rc = a && b ? 0 : -1;
    while (rc == 0 && (n = fread(buf, 1, sizeof buf, a)) > 0)
        if (fwrite(buf, 1, n, b) != n)
            rc = -1;
    if (a)
        fclose(a);
    if (b && fclose(b) != 0)
        rc = -1;
    return rc;
}

int fx_truncate(const char *path, long size)
{
    return truncate(path, (off_t)size);
}

int fx_poke(const char *path, long offset, int byte, long count)
{
    FILE *f = fopen(path, "r+b");
    long i;
    int rc = 0;
    if (!f || fseek(f, offset, SEEK_SET) != 0)
        rc = -1;
    for (i = 0; rc == 0 && i < count; i++)
        if (fputc(byte, f) == EOF)
            rc = -1;
    if (f && fclose(f) != 0)
        rc = -1;
    return rc;
}

/* ---- the library's side -------------------------------------------------- */

lb_input *fx_input(lb_context *ctx, const char *dataset)
{
    lb_input *in = NULL;
    CU_ASSERT_EQUAL_FATAL(lb_input_create(ctx, &in), LB_OK);
    if (dataset)
        CU_ASSERT_EQUAL(lb_input_set_dataset(in, dataset), LB_OK);
    return in;
}

lb_diagnostics *fx_check_(lb_context *ctx, const lb_input *in, const char *file,
                          int line)
{
    lb_diagnostics *d = NULL;
    lb_status st = lb_check(ctx, in, &d);
    if (st != LB_OK)
        fprintf(stderr, "\n%s:%d: lb_check: %s: %s\n", file, line,
                lb_errstr(st), lb_errmsg(ctx));
    CU_assertImplementation(st == LB_OK && d != NULL, line, "lb_check", file,
                            "", CU_FALSE);
    return d;
}

const lb_diagnostic *fx_find(const lb_diagnostics *d, lb_diag_code code,
                             const char *layer, long long fid)
{
    size_t i;
    for (i = 0; i < lb_diagnostics_count(d); i++) {
        const lb_diagnostic *g = lb_diagnostics_get(d, i);
        if (lb_diagnostic_code(g) == code &&
            (!layer || strcmp(lb_diagnostic_layer(g), layer) == 0) &&
            (fid == FX_ANY_FID || lb_diagnostic_fid(g) == fid))
            return g;
    }
    return NULL;
}

void fx_dump(const lb_diagnostics *d)
{
    size_t i;
    fprintf(stderr, "  %zu diagnostic(s):\n", lb_diagnostics_count(d));
    for (i = 0; i < lb_diagnostics_count(d); i++) {
        const lb_diagnostic *g = lb_diagnostics_get(d, i);
        fprintf(stderr, "  %s %s layer=%s fid=%lld project=%s area=%.4f: %s\n",
                lb_diag_code_name(lb_diagnostic_code(g)),
                lb_severity_name(lb_diagnostic_severity(g)),
                lb_diagnostic_layer(g), lb_diagnostic_fid(g),
                lb_diagnostic_project(g), lb_diagnostic_area(g),
                lb_diagnostic_message(g));
    }
}

const lb_diagnostic *fx_expect_(const lb_diagnostics *d, lb_diag_code code,
                                lb_severity sev, const char *layer,
                                long long fid, const char *file, int line)
{
    const lb_diagnostic *g = fx_find(d, code, layer, fid);
    int ok = g && lb_diagnostic_severity(g) == sev;
    if (!ok) {
        fprintf(stderr, "\n%s:%d: expected %s (%s) on %s, feature %lld%s\n",
                file, line, lb_diag_code_name(code), lb_severity_name(sev),
                layer ? layer : "any layer", fid,
                g ? ": wrong severity" : ": not found");
        fx_dump(d);
    }
    CU_assertImplementation(ok, line, lb_diag_code_name(code), file, "",
                            CU_FALSE);
    return g;
}

void fx_expect_count_(const lb_diagnostics *d, size_t n, const char *file,
                      int line)
{
    int ok = lb_diagnostics_count(d) == n;
    if (!ok) {
        fprintf(stderr, "\n%s:%d: expected %zu diagnostic(s)\n", file, line, n);
        fx_dump(d);
    }
    CU_assertImplementation(ok, line, "diagnostic count", file, "", CU_FALSE);
}

void fx_assert_has_(const char *text, const char *needle, const char *file,
                    int line)
{
    int ok = text && needle && strstr(text, needle) != NULL;
    if (!ok)
        fprintf(stderr, "\n%s:%d: expected \"%s\" in:\n%s\n", file, line,
                needle ? needle : "(null)", text ? text : "(null)");
    CU_assertImplementation(ok, line, "text contains", file, "", CU_FALSE);
}
