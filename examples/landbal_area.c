/*
 * landbal area: the ellipsoidal area of a WKT polygon, or of every feature
 * of a layer beside its registered TBMJ, as a survey office re-checks
 * TBMJ (rules.md §2).
 */
#include "landbal_cli.h"

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <json.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct area_opts {
    lb_area_method method;
    const char *crs;
    double densify;
    int round_arcsec;
    lb_format format;
    const char *what;
} area_opts;

static int is_wkt(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    return strncasecmp(s, "POLYGON", 7) == 0 ||
           strncasecmp(s, "MULTIPOLYGON", 12) == 0;
}

static int parse_args(int argc, char **argv, area_opts *o)
{
    int i;
    memset(o, 0, sizeof *o);
    o->densify = 10.0;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (strcmp(a, "--round-arcsec") == 0) {
            o->round_arcsec = 1;
            continue;
        }
        if (a[0] != '-' || !a[1]) {
            if (o->what) {
                cli_error("area: one polygon or source at a time");
                return 0;
            }
            o->what = a;
            continue;
        }
        if (!(v = cli_value(argc, argv, &i)))
            return 0;
        if (strcmp(a, "--area") == 0) {
            if (lb_area_method_parse(v, &o->method) != LB_OK) {
                cli_error("--area %s: use survey, geodesic or planar", v);
                return 0;
            }
        } else if (strcmp(a, "--crs") == 0) {
            o->crs = v;
        } else if (strcmp(a, "--densify") == 0) {
            char *end;
            o->densify = strtod(v, &end);
            if (*end || !(o->densify >= 0)) {
                cli_error("--densify %s: a length in metres >= 0", v);
                return 0;
            }
        } else if (strcmp(a, "--format") == 0) {
            if (lb_format_parse(v, &o->format) != LB_OK) {
                cli_error("--format %s: use text, csv or json", v);
                return 0;
            }
        } else {
            cli_error("area: unknown option %s", a);
            return 0;
        }
    }
    if (!o->what) {
        cli_error("area: give a WKT polygon or a source (PATH or PATH:LAYER)");
        return 0;
    }
    return 1;
}

static int make_params(lb_context *ctx, const area_opts *o, const char *crs,
                       lb_area_params *p)
{
    if (lb_area_params_from_crs(ctx, crs, o->method, p) != LB_OK) {
        cli_error("%s", lb_errmsg(ctx));
        return 0;
    }
    p->densify_m = o->densify;
    if (o->round_arcsec)
        p->flags |= LB_AREA_ROUND_ARCSEC;
    return 1;
}

static int area_of_wkt(lb_context *ctx, const area_opts *o)
{
    lb_area_params p;
    double area;
    if (!o->crs) {
        cli_error("area: a WKT polygon needs --crs (e.g. --crs EPSG:4543)");
        return EXIT_USAGE;
    }
    if (!make_params(ctx, o, o->crs, &p))
        return EXIT_USAGE;
    if (lb_area_wkt(ctx, &p, o->what, &area) != LB_OK) {
        cli_error("%s", lb_errmsg(ctx));
        return EXIT_INPUT;
    }
    if (o->format == LB_FORMAT_JSON)
        printf("{\"area_m2\": %.17g, \"area_method\": \"%s\", \"crs\": "
               "\"%s\"}\n",
               area, lb_area_method_name(o->method), o->crs);
    else
        printf("%.4f\n", area);
    return 0;
}

/* ---- a layer ------------------------------------------------------- */

typedef struct row {
    long long fid;
    double area, tbmj;
    const char *error;
} row;

static void print_row(const area_opts *o, const row *r, json_object *arr)
{
    if (o->format == LB_FORMAT_JSON) {
        json_object *j = json_object_new_object();
        json_object_object_add(j, "fid", json_object_new_int64(r->fid));
        json_object_object_add(
            j, "area_m2", r->error ? NULL : json_object_new_double(r->area));
        json_object_object_add(
            j, "tbmj_m2",
            isnan(r->tbmj) ? NULL : json_object_new_double(r->tbmj));
        json_object_object_add(j, "diff_m2",
                               r->error || isnan(r->tbmj)
                                   ? NULL
                                   : json_object_new_double(r->area - r->tbmj));
        if (r->error)
            json_object_object_add(j, "error",
                                   json_object_new_string(r->error));
        json_object_array_add(arr, j);
    } else if (r->error) {
        printf(o->format == LB_FORMAT_CSV ? "%lld,,,\n" : "%lld\t-\t-\t-\t%s\n",
               r->fid, r->error);
    } else if (isnan(r->tbmj)) {
        printf(o->format == LB_FORMAT_CSV ? "%lld,%.4f,,\n"
                                          : "%lld\t%.4f\t-\t-\n",
               r->fid, r->area);
    } else {
        printf(o->format == LB_FORMAT_CSV ? "%lld,%.4f,%.2f,%.4f\n"
                                          : "%lld\t%.4f\t%.2f\t%+.4f\n",
               r->fid, r->area, r->tbmj, r->area - r->tbmj);
    }
}

/* One feature's area, through WKB into GEOS and the library. */
static void measure_feature(lb_context *ctx, GEOSWKBReader *rd,
                            const lb_area_params *p, OGRFeatureH f,
                            int tbmj_col, row *r)
{
    GEOSContextHandle_t h = lb_context_geos(ctx);
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    unsigned char *wkb;
    GEOSGeometry *gg = NULL;
    size_t n;
    r->fid = OGR_F_GetFID(f);
    r->tbmj = tbmj_col >= 0 && OGR_F_IsFieldSetAndNotNull(f, tbmj_col)
                  ? OGR_F_GetFieldAsDouble(f, tbmj_col)
                  : NAN;
    r->error = NULL;
    if (!g) {
        r->error = "no geometry";
        return;
    }
    n = (size_t)OGR_G_WkbSize(g);
    wkb = malloc(n ? n : 1);
    if (wkb && OGR_G_ExportToIsoWkb(g, wkbNDR, wkb) == OGRERR_NONE)
        gg = GEOSWKBReader_read_r(h, rd, wkb, n);
    free(wkb);
    if (!gg)
        r->error = "unreadable geometry";
    else if (lb_area_geometry(ctx, p, gg, &r->area) != LB_OK)
        r->error = lb_errmsg(ctx);
    if (gg)
        GEOSGeom_destroy_r(h, gg);
}

/* The CRS to measure in: --crs, else the layer's (as WKT). */
static char *layer_crs(const area_opts *o, OGRLayerH lyr)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(lyr);
    char *wkt = NULL, *copy;
    if (o->crs || !srs) {
        if (!o->crs)
            return NULL;
        copy = malloc(strlen(o->crs) + 1);
        if (copy)
            memcpy(copy, o->crs, strlen(o->crs) + 1);
        return copy;
    }
    if (OSRExportToWkt(srs, &wkt) != OGRERR_NONE)
        return NULL;
    copy = malloc(strlen(wkt) + 1);
    if (copy)
        memcpy(copy, wkt, strlen(wkt) + 1);
    CPLFree(wkt);
    return copy;
}

/* PATH:LAYER, or the first layer of PATH. */
static OGRLayerH open_source(const char *src, GDALDatasetH *ds)
{
    char path[1024], name[256];
    *ds = NULL;
    if (lb_source_split(src, path, sizeof path, name, sizeof name) != LB_OK)
        return NULL;
    *ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!*ds)
        return NULL;
    if (name[0])
        return GDALDatasetGetLayerByName(*ds, name);
    return GDALDatasetGetLayerCount(*ds) > 0 ? GDALDatasetGetLayer(*ds, 0)
                                             : NULL;
}

static int area_of_layer(lb_context *ctx, const area_opts *o)
{
    GDALDatasetH ds;
    OGRLayerH lyr;
    OGRFeatureH f;
    lb_area_params p;
    GEOSWKBReader *rd;
    json_object *arr = NULL;
    char *crs;
    int tbmj_col, failed = 0;
    GDALAllRegister();
    if (!(lyr = open_source(o->what, &ds))) {
        const char *why = CPLGetLastErrorMsg();
        cli_error("cannot open %s as a polygon layer (%s)", o->what,
                  !ds && !*why ? "the name is too long" : why);
        if (ds)
            GDALClose(ds);
        return EXIT_INPUT;
    }
    crs = layer_crs(o, lyr);
    if (!crs || !make_params(ctx, o, crs, &p)) {
        if (!crs)
            cli_error("%s has no CRS: name one with --crs", o->what);
        free(crs);
        GDALClose(ds);
        return EXIT_USAGE;
    }
    free(crs);
    tbmj_col = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), "TBMJ");
    rd = GEOSWKBReader_create_r(lb_context_geos(ctx));
    if (o->format == LB_FORMAT_JSON)
        arr = json_object_new_array();
    else
        puts(o->format == LB_FORMAT_CSV ? "fid,area_m2,tbmj_m2,diff_m2"
                                        : "fid\tarea_m2\tTBMJ\tdiff_m2");
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        row r;
        measure_feature(ctx, rd, &p, f, tbmj_col, &r);
        failed |= r.error != NULL;
        print_row(o, &r, arr);
        OGR_F_Destroy(f);
    }
    if (arr) {
        json_object *top = json_object_new_object();
        json_object_object_add(
            top, "area_method",
            json_object_new_string(lb_area_method_name(o->method)));
        json_object_object_add(top, "features", arr);
        puts(json_object_to_json_string_ext(top, JSON_C_TO_STRING_PRETTY));
        json_object_put(top);
    }
    GEOSWKBReader_destroy_r(lb_context_geos(ctx), rd);
    GDALClose(ds);
    return failed ? EXIT_INPUT : 0;
}

int cmd_area(int argc, char **argv)
{
    area_opts o;
    lb_context *ctx = NULL;
    int rc;
    if (argc > 1 && (strcmp(argv[1], "--help") == 0)) {
        puts("usage: landbal area [--area survey|geodesic|planar] [--crs CRS]\n"
             "                    [--densify M] [--round-arcsec]\n"
             "                    [--format text|csv|json] (WKT | SRC)\n"
             "With WKT: the polygon's area in m² (4 decimals).\n"
             "With SRC (PATH or PATH:LAYER): fid, area, TBMJ, difference.");
        return 0;
    }
    if (!parse_args(argc, argv, &o))
        return EXIT_USAGE;
    if (lb_context_create(&ctx) != LB_OK) {
        cli_error("%s", lb_errmsg(ctx));
        lb_context_destroy(ctx);
        return EXIT_INPUT;
    }
    rc = is_wkt(o.what) ? area_of_wkt(ctx, &o) : area_of_layer(ctx, &o);
    lb_context_destroy(ctx);
    return rc;
}
