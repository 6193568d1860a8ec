/*
 * gen_write.c: the outputs: chuxiong.gpkg (the data set), shp/ (the same
 * four layers as GBK Shapefiles, as county data often comes) and
 * grade_yield.csv (the example yield table).
 *
 * Reproducible bytes: GeoPackage stamps gpkg_contents.last_change with
 * the current time unless OGR_CURRENT_DATE is set, and a DBF header holds
 * the date of its last update unless DBF_DATE_LAST_UPDATE is given; both
 * are pinned here, so the same seed gives identical files.
 */
#include "gen.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GEN_FIXED_TIME "2026-01-01T00:00:00.000Z"
#define GEN_FIXED_DATE "2026-01-01"

typedef struct field_def {
    const char *name;
    OGRFieldType type;
    int width, precision; /* Shapefile only: bytes of GBK text */
} field_def;

/* rules.md §1 */
static const field_def dltb_fields[] = {
    {"BSM", OFTInteger64, 18, 0}, {"DLBM", OFTString, 8, 0},
    {"DLMC", OFTString, 40, 0},   {"ZLDWDM", OFTString, 19, 0},
    {"ZLDWMC", OFTString, 40, 0}, {"TBMJ", OFTReal, 15, 2},
    {"KCXS", OFTReal, 6, 4},      {"KCMJ", OFTReal, 15, 2},
    {"TBDLMJ", OFTReal, 15, 2},   {"GDDB", OFTInteger, 2, 0},
    {"GDPDJB", OFTString, 2, 0},  {"GDLX", OFTString, 2, 0},
};
static const field_def zyfw_fields[] = {
    {"XMBH", OFTString, 16, 0},
    {"XMMC", OFTString, 120, 0},
};
static const field_def bcgd_fields[] = {
    {"XMBH", OFTString, 16, 0}, {"DLBM", OFTString, 8, 0},
    {"GDDB", OFTInteger, 2, 0}, {"KCXS", OFTReal, 6, 4},
    {"BCLX", OFTString, 12, 0},
};
static const field_def xmxx_fields[] = {
    {"XMBH", OFTString, 16, 0},  {"XMMC", OFTString, 120, 0},
    {"XMLX", OFTString, 12, 0},  {"XZQDM", OFTString, 12, 0},
    {"XZQMC", OFTString, 40, 0}, {"BCXMBH", OFTString, 60, 0},
};

#define NFIELDS(a) ((int)(sizeof a / sizeof a[0]))

typedef struct writer {
    gen_world *w;
    GDALDatasetH ds;
    OGRSpatialReferenceH srs;
    GEOSWKBWriter *wkb;
    int shp; /* 1 for the Shapefile copy */
} writer;

/* ---- rows ---------------------------------------------------------------- */

static void set_text(OGRFeatureH f, int i, const char *s)
{
    if (s && *s)
        OGR_F_SetFieldString(f, i, s);
    else
        OGR_F_SetFieldNull(f, i);
}

static void dltb_row(writer *wr, size_t i, OGRFeatureH f)
{
    const gen_parcel *p = &wr->w->parcels[i];
    const gen_town *t = &wr->w->towns[p->town];
    char zldwdm[24], grade[4];
    /* 19 digits: town code, 3-digit village, 7 zeros (groups not kept) */
    snprintf(zldwdm, sizeof zldwdm, "%s%03d0000000", t->code, p->village + 1);
    OGR_F_SetFieldInteger64(f, 0, p->bsm);
    set_text(f, 1, p->dlbm);
    set_text(f, 2, gen_dlmc(p->dlbm));
    set_text(f, 3, zldwdm);
    set_text(f, 4, t->name);
    OGR_F_SetFieldDouble(f, 5, p->tbmj);
    OGR_F_SetFieldDouble(f, 6, p->kcxs);
    OGR_F_SetFieldDouble(f, 7, p->kcmj);
    OGR_F_SetFieldDouble(f, 8, p->tbdlmj);
    if (p->gddb > 0)
        OGR_F_SetFieldInteger(f, 9, p->gddb);
    else
        OGR_F_SetFieldNull(f, 9);
    snprintf(grade, sizeof grade, "%d", p->gdpdjb);
    set_text(f, 10, p->gdpdjb > 0 ? grade : NULL);
    set_text(f, 11, p->gdlx);
}

static void zyfw_row(writer *wr, size_t i, OGRFeatureH f)
{
    const gen_feature *z = &wr->w->zyfw[i];
    const gen_project *pr = gen_project_find(wr->w, z->xmbh);
    set_text(f, 0, z->xmbh);
    set_text(f, 1, pr ? pr->xmmc : NULL);
}

static void bcgd_row(writer *wr, size_t i, OGRFeatureH f)
{
    const gen_feature *b = &wr->w->bcgd[i];
    set_text(f, 0, b->xmbh);
    set_text(f, 1, b->dlbm);
    OGR_F_SetFieldInteger(f, 2, b->gddb);
    OGR_F_SetFieldDouble(f, 3, b->kcxs);
    set_text(f, 4, b->bclx);
}

static void xmxx_row(writer *wr, size_t i, OGRFeatureH f)
{
    const gen_project *pr = &wr->w->projects[i];
    const gen_town *t = &wr->w->towns[pr->town];
    set_text(f, 0, pr->xmbh);
    set_text(f, 1, pr->xmmc);
    set_text(f, 2, pr->supplement ? "supplement" : "occupation");
    set_text(f, 3, t->code);
    set_text(f, 4, t->name);
    set_text(f, 5, pr->bcxmbh);
}

/* ---- layers -------------------------------------------------------------- */

static OGRGeometryH to_ogr(writer *wr, const GEOSGeometry *g)
{
    size_t size = 0;
    unsigned char *buf = GEOSWKBWriter_write_r(wr->w->h, wr->wkb, g, &size);
    OGRGeometryH og = NULL;
    if (!buf)
        gen_die("cannot write WKB");
    if (OGR_G_CreateFromWkb(buf, NULL, &og, (int)size) != OGRERR_NONE)
        gen_die("OGR cannot read GEOS's WKB");
    GEOSFree_r(wr->w->h, buf);
    return og;
}

typedef struct layer_def {
    const char *name, *description;
    const field_def *fields;
    int nfields;
    OGRwkbGeometryType type;
    void (*row)(writer *, size_t, OGRFeatureH);
    size_t count;
    const GEOSGeometry *(*geom)(writer *, size_t);
} layer_def;

static const GEOSGeometry *dltb_geom(writer *wr, size_t i)
{
    return wr->w->parcels[i].g;
}

static const GEOSGeometry *zyfw_geom(writer *wr, size_t i)
{
    return wr->w->zyfw[i].g;
}

static const GEOSGeometry *bcgd_geom(writer *wr, size_t i)
{
    return wr->w->bcgd[i].g;
}

static OGRLayerH create_layer(writer *wr, const layer_def *d)
{
    const char *gpkg_opts[] = {"FID=fid", "GEOMETRY_NAME=geom", NULL, NULL};
    const char *shp_opts[] = {"ENCODING=GBK",
                              "DBF_DATE_LAST_UPDATE=" GEN_FIXED_DATE,
                              "SPATIAL_INDEX=NO", NULL};
    char desc[128];
    OGRLayerH lyr;
    int k;
    snprintf(desc, sizeof desc, "DESCRIPTION=%s", d->description);
    gpkg_opts[2] = desc;
    lyr = GDALDatasetCreateLayer(wr->ds, d->name,
                                 d->type == wkbNone ? NULL : wr->srs, d->type,
                                 (char **)(wr->shp ? shp_opts : gpkg_opts));
    if (!lyr)
        gen_die("cannot create layer %s: %s", d->name, CPLGetLastErrorMsg());
    for (k = 0; k < d->nfields; k++) {
        OGRFieldDefnH fd = OGR_Fld_Create(d->fields[k].name, d->fields[k].type);
        if (wr->shp) {
            OGR_Fld_SetWidth(fd, d->fields[k].width);
            OGR_Fld_SetPrecision(fd, d->fields[k].precision);
        }
        if (OGR_L_CreateField(lyr, fd, 1) != OGRERR_NONE)
            gen_die("cannot create field %s.%s", d->name, d->fields[k].name);
        OGR_Fld_Destroy(fd);
    }
    return lyr;
}

static void write_layer(writer *wr, const layer_def *d)
{
    OGRLayerH lyr = create_layer(wr, d);
    size_t i;
    if (!wr->shp)
        GDALDatasetStartTransaction(wr->ds, 0);
    for (i = 0; i < d->count; i++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
        d->row(wr, i, f);
        if (d->geom)
            OGR_F_SetGeometryDirectly(f, to_ogr(wr, d->geom(wr, i)));
        if (OGR_L_CreateFeature(lyr, f) != OGRERR_NONE)
            gen_die("cannot write %s feature %zu: %s", d->name, i,
                    CPLGetLastErrorMsg());
        OGR_F_Destroy(f);
    }
    if (!wr->shp && GDALDatasetCommitTransaction(wr->ds) != OGRERR_NONE)
        gen_die("cannot commit layer %s", d->name);
}

static void write_layers(writer *wr)
{
    gen_world *w = wr->w;
    const layer_def defs[4] = {
        {"dltb", "地类图斑 (synthetic, landbal)", dltb_fields,
         NFIELDS(dltb_fields), wkbPolygon, dltb_row, w->nparcels, dltb_geom},
        {"zyfw", "占用范围 (synthetic, landbal)", zyfw_fields,
         NFIELDS(zyfw_fields), wkbPolygon, zyfw_row, w->nzyfw, zyfw_geom},
        {"bcgd", "补充耕地 (synthetic, landbal)", bcgd_fields,
         NFIELDS(bcgd_fields), wkbPolygon, bcgd_row, w->nbcgd, bcgd_geom},
        {"xmxx", "项目信息 (synthetic, landbal)", xmxx_fields,
         NFIELDS(xmxx_fields), wkbNone, xmxx_row, w->nprojects, NULL},
    };
    int k;
    for (k = 0; k < 4; k++)
        write_layer(wr, &defs[k]);
}

/* ---- files --------------------------------------------------------------- */

static void remove_file(const char *dir, const char *name, const char *ext)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s%s", dir, name, ext);
    if (unlink(path) != 0 && errno != ENOENT)
        gen_die("cannot remove %s: %s", path, strerror(errno));
}

static GDALDatasetH create_dataset(const char *driver, const char *path)
{
    GDALDriverH drv = GDALGetDriverByName(driver);
    GDALDatasetH ds;
    if (!drv)
        gen_die("GDAL has no %s driver", driver);
    ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    if (!ds)
        gen_die("cannot create %s: %s", path, CPLGetLastErrorMsg());
    return ds;
}

static void write_gpkg(writer *wr, const char *dir)
{
    char path[1024];
    remove_file(dir, "chuxiong.gpkg", "");
    remove_file(dir, "chuxiong.gpkg", "-journal");
    snprintf(path, sizeof path, "%s/chuxiong.gpkg", dir);
    wr->shp = 0;
    wr->ds = create_dataset("GPKG", path);
    write_layers(wr);
    GDALClose(wr->ds);
}

static void write_shp(writer *wr, const char *dir)
{
    static const char *const names[] = {"dltb", "zyfw", "bcgd", "xmxx"};
    static const char *const exts[] = {".shp", ".shx", ".dbf", ".prj", ".cpg"};
    char path[1024];
    size_t i, k;
    snprintf(path, sizeof path, "%s/shp", dir);
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        gen_die("cannot create %s: %s", path, strerror(errno));
    for (i = 0; i < 4; i++)
        for (k = 0; k < 5; k++)
            remove_file(path, names[i], exts[k]);
    wr->shp = 1;
    wr->ds = create_dataset("ESRI Shapefile", path);
    write_layers(wr);
    GDALClose(wr->ds);
}

static void write_yield(const char *dir)
{
    char path[1024];
    FILE *f;
    int g;
    snprintf(path, sizeof path, "%s/grade_yield.csv", dir);
    f = fopen(path, "wb");
    if (!f)
        gen_die("cannot write %s: %s", path, strerror(errno));
    fputs("grade,kg_per_mu\n", f);
    for (g = 1; g <= 15; g++)
        fprintf(f, "%d,%.0f\n", g, gen_yield(g));
    if (fclose(f) != 0)
        gen_die("cannot write %s", path);
}

int gen_write_all(gen_world *w, const char *dir)
{
    writer wr;
    memset(&wr, 0, sizeof wr);
    wr.w = w;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        gen_die("cannot create %s: %s", dir, strerror(errno));
    GDALAllRegister();
    CPLSetConfigOption("OGR_CURRENT_DATE", GEN_FIXED_TIME);
    wr.srs = OSRNewSpatialReference(NULL);
    if (OSRImportFromEPSG(wr.srs, 4543) != OGRERR_NONE)
        gen_die("PROJ does not know EPSG:4543");
    OSRSetAxisMappingStrategy(wr.srs, OAMS_TRADITIONAL_GIS_ORDER);
    wr.wkb = GEOSWKBWriter_create_r(w->h);
    write_gpkg(&wr, dir);
    write_shp(&wr, dir);
    write_yield(dir);
    GEOSWKBWriter_destroy_r(w->h, wr.wkb);
    OSRDestroySpatialReference(wr.srs);
    gen_log("wrote %s/chuxiong.gpkg, %s/shp/, %s/grade_yield.csv\n", dir, dir,
            dir);
    return 0;
}
