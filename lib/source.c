/*
 * source.c: reading a role's layer through OGR: source names, field
 * mapping (CRS resolution and reprojection: crs.c), text encodings, and the
 * conversion of each feature into a validated GEOS geometry
 * (rules.md §1, §2, §4).
 */
#include "internal.h"
#include "source.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void CPL_STDCALL lb__cpl_capture(CPLErr cls, CPLErrorNum num, const char *msg)
{
    cpl_capture *cap = CPLGetErrorHandlerUserData();
    (void)num;
    if (!cap)
        return;
    if (cls >= CE_Failure) {
        cap->failures++;
        lb__strlcpy(cap->msg, msg ? msg : "", sizeof cap->msg);
    } else if (cls == CE_Warning) {
        lb__log(cap->ctx, LB_LOG_WARNING, "GDAL: %s", msg ? msg : "");
    }
}

/* ---- source names --------------------------------------------------- */

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Copy @p n bytes of @p src and a NUL into @p dst of @p size; 0 when
 * they do not fit. */
static int copy_part(char *dst, size_t size, const char *src, size_t n)
{
    if (n >= size)
        return 0;
    memmove(dst, src, n);
    dst[n] = '\0';
    return 1;
}

/* The colon that ends the dataset's name: the last, unless an earlier
 * one ends the name of an existing file ("a.gpkg:zone:dltb" names the
 * layer "zone:dltb"); NULL when there is none. */
static const char *dataset_colon(const char *source)
{
    const char *last = strrchr(source, ':'), *c;
    char head[4096];
    size_t n;
    if (!last || (n = (size_t)(last - source)) >= sizeof head)
        return last;
    memcpy(head, source, n);
    head[n] = '\0';
    if (is_file(head))
        return last;
    for (c = last - 1; c > source; c--) {
        if (*c != ':')
            continue;
        head[c - source] = '\0';
        if (is_file(head))
            return c;
    }
    return last;
}

lb_status lb_source_split(const char *source, char *path, size_t path_size,
                          char *layer, size_t layer_size)
{
    const char *colon;
    size_t left;
    if (!source || !path || !layer || !path_size || !layer_size)
        return LB_ERR_ARG;
    colon = dataset_colon(source);
    left = colon ? (size_t)(colon - source) : 0;
    /* An existing file named with a colon is that file; "PG:dbname=x"
     * alone names no layer (GDAL takes "pg:" too); "C:" is a drive
     * letter. The layer is copied first: @p path may be @p source's own
     * buffer. */
    if (!colon || is_file(source) || left == 1 ||
        (left == 2 && EQUALN(source, "PG", 2))) {
        layer[0] = '\0';
        if (copy_part(path, path_size, source, strlen(source)))
            return LB_OK;
    } else if (copy_part(layer, layer_size, colon + 1, strlen(colon + 1)) &&
               copy_part(path, path_size, source, left)) {
        return LB_OK;
    }
    path[0] = layer[0] = '\0';
    return LB_ERR_ARG;
}

int lb__dataset_is(GDALDatasetH ds, const char *driver)
{
    GDALDriverH drv = ds ? GDALGetDatasetDriver(ds) : NULL;
    return drv && strcmp(GDALGetDriverShortName(drv), driver) == 0;
}

/* Open L->path, with the shapefile driver's ENCODING open option when
 * @p encoding is not NULL ("" reads the DBF's bytes as they are). */
static lb_status open_dataset(layer *L, const char *encoding)
{
    const char *opts[] = {NULL, NULL};
    char encopt[96];
    if (encoding) {
        snprintf(encopt, sizeof encopt, "ENCODING=%s", encoding);
        opts[0] = encopt;
    }
    L->cap.msg[0] = '\0';
    /* The other layers of the baseline's GeoPackage are read through its
     * handle: opening a GeoPackage reads its tables of contents again
     * (3 ms each), and they are then read in the stream's transaction,
     * the same snapshot. */
    if (!encoding && L->lend && strcmp(L->path, L->lend_path) == 0 &&
        lb__dataset_is(L->lend, "GPKG")) {
        L->ds = L->lend;
        L->borrowed = 1;
        return LB_OK;
    }
    /* VERBOSE_ERROR: GDAL then says why ("not recognized as a supported
     * file format", "No such file or directory", "malformed"). */
    L->ds = GDALOpenEx(
        L->path, GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
        NULL, encoding ? opts : NULL, NULL);
    if (!L->ds)
        return lb__fail(L->ctx, LB_ERR_IO,
                        "cannot open %s as a vector dataset%s%s%s", L->path,
                        L->cap.msg[0] ? " (" : "", L->cap.msg,
                        L->cap.msg[0] ? ")" : "");
    return LB_OK;
}

/* Close and open again with another ENCODING; the layer is found again
 * by the name it had. */
static lb_status reopen(layer *L, const char *encoding)
{
    lb_status st;
    if (!L->borrowed)
        GDALClose(L->ds);
    L->ds = NULL;
    L->lyr = NULL;
    L->borrowed = 0;
    L->lend = NULL; /* a handle of its own, with its ENCODING */
    if ((st = open_dataset(L, encoding)) != LB_OK)
        return st;
    L->lyr = GDALDatasetGetLayerByName(L->ds, L->name);
    if (!L->lyr)
        return lb__fail(L->ctx, LB_ERR_IO, "%s: layer %s vanished on reopening",
                        L->path, L->name);
    return LB_OK;
}

/* The code pages GDAL falls back on when a DBF names none that means
 * anything: ArcGIS writes language driver 0x57 ("ANSI", read as
 * ISO-8859-1) whatever the text is, and 0x01/0x03/0x58/0x59 are DOS and
 * Windows Latin. Read through them, GBK comes out as valid but wrong
 * UTF-8, and nothing could tell; so such files are read raw. */
static int western_default(const char *enc)
{
    static const char *const names[] = {"ISO-8859-1", "ISO8859-1",    "LATIN1",
                                        "CP1252",     "WINDOWS-1252", "CP437",
                                        "CP850"};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (EQUAL(enc, names[i]))
            return 1;
    return 0;
}

/* Who turns the layer's text into UTF-8 (decisions.md "Text encodings"):
 * the shapefile driver when the caller named an encoding or the DBF
 * names a meaningful one; else get_text(), from the raw bytes. */
static lb_status choose_decoding(layer *L)
{
    const char *declared;
    if (!lb__dataset_is(L->ds, "ESRI Shapefile")) {
        /* GeoPackage and GeoJSON are UTF-8 by their specifications: the
         * caller's encoding only applies to text that is not. */
        L->recode_from = L->in->encoding;
        L->names_decoded = 1;
        return LB_OK;
    }
    if (L->in->encoding) {
        L->names_decoded = 1;
        return reopen(L, L->in->encoding);
    }
    declared = GDALGetMetadataItem((GDALMajorObjectH)L->lyr, "SOURCE_ENCODING",
                                   "SHAPEFILE");
    if (!declared || !*declared)
        return LB_OK; /* GDAL already hands back the raw bytes */
    if (!western_default(declared)) {
        L->names_decoded = 1;
        return LB_OK; /* a .cpg or language driver that means it */
    }
    lb__strlcpy(L->declared, declared, sizeof L->declared);
    return reopen(L, "");
}

/* Open the role's layer. *found is 0 (with MISSING_LAYER) when the
 * dataset has no such layer. A source named without a layer that holds a
 * single layer (a shapefile) is that layer, whatever it is called. */
static lb_status open_layer(layer *L, lb_diagnostics *diag, int *found)
{
    const char *src = L->in->source[L->role];
    char lname[128];
    lb_status st;
    *found = 0;
    if (src) {
        if (lb_source_split(src, L->path, sizeof L->path, lname,
                            sizeof lname) != LB_OK)
            return lb__fail(L->ctx, LB_ERR_ARG,
                            "the %s source is too long for landbal (at most "
                            "%zu bytes of path and %zu of layer name): %s",
                            lb_role_name(L->role), sizeof L->path - 1,
                            sizeof lname - 1, src);
    } else if (L->in->dataset) {
        if (!copy_part(L->path, sizeof L->path, L->in->dataset,
                       strlen(L->in->dataset)))
            return lb__fail(L->ctx, LB_ERR_ARG,
                            "the dataset path is too long for landbal (at "
                            "most %zu bytes): %s",
                            sizeof L->path - 1, L->in->dataset);
        lname[0] = '\0';
    } else {
        return lb__fail(L->ctx, LB_ERR_ARG,
                        "no source for the %s layer: give a dataset or --%s",
                        lb_role_name(L->role), lb_role_name(L->role));
    }
    if ((st = open_dataset(L, NULL)) != LB_OK)
        return st;
    if (!lname[0] && src && GDALDatasetGetLayerCount(L->ds) == 1)
        L->lyr = GDALDatasetGetLayer(L->ds, 0);
    if (!lname[0])
        lb__strlcpy(lname, lb__role_layer(L->role), sizeof lname);
    if (!L->lyr)
        L->lyr = GDALDatasetGetLayerByName(L->ds, lname);
    /* The baseline's own layer, named for another role too, is read
     * through a handle of its own: the stream keeps its place, filter and
     * ignored columns. */
    if (L->borrowed && L->lyr && L->lyr == L->lend_lyr) {
        lb__strlcpy(lname, OGR_L_GetName(L->lyr), sizeof lname);
        L->lend = NULL;
        L->borrowed = 0;
        L->lyr = NULL;
        if ((st = open_dataset(L, NULL)) != LB_OK)
            return st;
        L->lyr = GDALDatasetGetLayerByName(L->ds, lname);
    }
    lb__strlcpy(L->name, L->lyr ? OGR_L_GetName(L->lyr) : lname,
                sizeof L->name);
    if (!L->lyr)
        return lb__diag_add(
            diag, LB_DIAG_MISSING_LAYER, LB_SEV_ERROR, lname, -1, NULL, NAN,
            "%s has no layer '%s' for the %s role: name it "
            "with --%s PATH:LAYER",
            L->path, lname, lb_role_name(L->role), lb_role_name(L->role));
    *found = 1;
    return choose_decoding(L);
}

static int is_ascii(const char *s)
{
    while (*s && (unsigned char)*s < 0x80)
        s++;
    return *s == '\0';
}

/* The column named exactly @p name, else OGR's match ignoring case (the
 * first one), -1 when none: a stray "kcxs" before "KCXS" is not taken
 * for it. */
static int column_index(OGRFeatureDefnH defn, const char *name)
{
    int i, n = OGR_FD_GetFieldCount(defn);
    for (i = 0; i < n; i++)
        if (strcmp(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)), name) == 0)
            return i;
    return OGR_FD_GetFieldIndex(defn, name);
}

/* The column of a field. A DBF read raw keeps its column names in their
 * own bytes: a Chinese name given in UTF-8 is looked for in GBK too. */
static int find_column(layer *L, OGRFeatureDefnH defn, const char *col)
{
    int c = column_index(defn, col);
    char *gbk;
    if (c >= 0 || L->names_decoded || is_ascii(col))
        return c;
    gbk = CPLRecode(col, CPL_ENC_UTF8, "CP936");
    c = gbk ? column_index(defn, gbk) : -1;
    CPLFree(gbk);
    return c;
}

/* Tell the driver which columns landbal never reads: a survey layer has
 * thirty-odd, landbal reads at most eight, and drivers such as
 * GeoPackage and shapefile then fetch and decode only those. OGR finds
 * an ignored column by its name, ignoring case and taking the first
 * match, and gives some names other meanings (OGR_GEOMETRY, OGR_STYLE,
 * the geometry column's name), so such a column is read rather than
 * risk ignoring a mapped column or the geometry. Field indices do not
 * change. A driver that cannot ignore fields reads them all. */
static int can_ignore(OGRFeatureDefnH defn, const char *name, int i)
{
    return OGR_FD_GetFieldIndex(defn, name) == i &&
           OGR_FD_GetGeomFieldIndex(defn, name) < 0 &&
           !EQUAL(name, "OGR_GEOMETRY") && !EQUAL(name, "OGR_STYLE") &&
           !EQUAL(name, "OGR_GEOM_WKT") && !EQUAL(name, "OGR_GEOM_AREA");
}

void lb__layer_ignore_others(layer *L, OGRFeatureDefnH defn)
{
    int nf = OGR_FD_GetFieldCount(defn), i, k, n = 0;
    const char **names = calloc((size_t)nf + 1, sizeof *names);
    if (!names)
        return;
    for (i = 0; i < nf; i++) {
        const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
        for (k = 0; k < LB__MAX_FIELDS && L->col[k] != i; k++)
            ;
        if (k == LB__MAX_FIELDS && can_ignore(defn, name, i))
            names[n++] = name;
    }
    if (n > 0)
        OGR_L_SetIgnoredFields(L->lyr, names);
    free(names);
}

/* Map the role's fields to columns; a missing required field is an
 * error diagnostic. */
static lb_status map_fields(layer *L, lb_diagnostics *diag)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(L->lyr);
    const lb__field_spec *spec;
    int n, i;
    lb_status st = LB_OK;
    spec = lb__role_fields(L->role, &n);
    for (i = 0; i < LB__MAX_FIELDS; i++)
        L->col[i] = -1;
    for (i = 0; i < n && st == LB_OK; i++) {
        const char *col = lb__input_field(L->in, L->role, i);
        L->col[i] = find_column(L, defn, col);
        if (L->col[i] >= 0) {
            OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, L->col[i]);
            L->is_string[i] = OGR_Fld_GetType(fd) == OFTString;
        } else if (spec[i].required) {
            st = lb__diag_add(
                diag, LB_DIAG_MISSING_FIELD, LB_SEV_ERROR, L->name, -1, NULL,
                NAN,
                "the %s layer %s has no field %s (%s): add it, or map "
                "another column with --field %s.%s=COLUMN",
                lb_role_name(L->role), L->name, col, spec[i].name,
                lb_role_name(L->role), spec[i].name);
        }
    }
    if (st == LB_OK)
        lb__layer_ignore_others(L, defn);
    return st;
}

/* ---- attributes ----------------------------------------------------- */

static void trim(char *s)
{
    size_t n = strlen(s), k = 0;
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    while (isspace((unsigned char)s[k]))
        k++;
    if (k)
        memmove(s, s + k, n - k + 1);
}

/* The byte structure of GBK (CP936): ASCII, 0x80 (the euro sign), or a
 * lead byte 0x81-0xFE and a trail byte 0x40-0x7E or 0x80-0xFE. Text in a
 * Western code page rarely has it: an accented letter is mostly followed
 * by ASCII below 0x40 or by nothing. */
static int is_gbk(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p <= 0x80) {
            p++;
        } else if (*p <= 0xFE && p[1] >= 0x40 && p[1] <= 0xFE && p[1] != 0x7F) {
            p += 2;
        } else {
            return 0;
        }
    }
    return 1;
}

/* Drop a multi-byte character cut in two by a truncating copy. */
static void utf8_fit(char *s)
{
    size_t n = strlen(s);
    while (n && !CPLIsUTF8(s, (int)n))
        s[--n] = '\0';
}

static void recode(const char *raw, const char *from, char *out, size_t size)
{
    char *r = CPLRecode(raw, from, CPL_ENC_UTF8);
    lb__strlcpy(out, r ? r : "", size);
    CPLFree(r);
}

/* Text that is not UTF-8 and came with no encoding from the caller: GBK
 * when it has GBK's structure (the usual encoding of county data,
 * domain.md §5), else the code page the DBF names, else bytes >= 0x80
 * become '?'. All but the second are counted for BAD_ENCODING. */
static void decode_unknown(layer *L, const char *raw, char *out, size_t size)
{
    size_t i;
    if (is_gbk(raw)) {
        L->bad_text++;
        recode(raw, "CP936", out, size);
        return;
    }
    if (L->declared[0]) {
        recode(raw, L->declared, out, size);
        return;
    }
    L->bad_text++;
    lb__strlcpy(out, raw, size);
    for (i = 0; out[i]; i++)
        if ((unsigned char)out[i] >= 0x80)
            out[i] = '?';
}

/* Field @p id as UTF-8 text, trimmed; 0 when absent or empty. */
static int get_text(layer *L, OGRFeatureH f, int id, char *out, size_t size)
{
    const char *raw;
    int c = L->col[id];
    out[0] = '\0';
    if (c < 0 || !OGR_F_IsFieldSetAndNotNull(f, c))
        return 0;
    raw = OGR_F_GetFieldAsString(f, c);
    if (CPLIsUTF8(raw, -1))
        lb__strlcpy(out, raw, size);
    else if (L->recode_from)
        recode(raw, L->recode_from, out, size);
    else
        decode_unknown(L, raw, out, size);
    utf8_fit(out);
    trim(out);
    return out[0] != '\0';
}

/* Field @p id as text of any length (malloc'd; "" when absent), NULL
 * when out of memory: project codes and their lists are compared whole,
 * never cut. Recoding to UTF-8 at most triples the length. */
static char *get_text_dup(layer *L, OGRFeatureH f, int id)
{
    int c = L->col[id];
    size_t size = 1;
    char *out;
    if (c >= 0 && OGR_F_IsFieldSetAndNotNull(f, c))
        size = 3 * strlen(OGR_F_GetFieldAsString(f, c)) + 4;
    if ((out = malloc(size)) != NULL)
        get_text(L, f, id, out, size);
    else
        L->nomem = 1; /* read_features stops: nothing dropped silently */
    return out;
}

/* Field @p id as a number: 1 present, 0 absent, -1 not a number. */
static int get_number(layer *L, OGRFeatureH f, int id, double *v)
{
    char buf[64], *end;
    int c = L->col[id];
    *v = NAN;
    if (c < 0 || !OGR_F_IsFieldSetAndNotNull(f, c))
        return 0;
    if (!L->is_string[id]) {
        *v = OGR_F_GetFieldAsDouble(f, c);
        return isfinite(*v) ? 1 : -1;
    }
    if (!get_text(L, f, id, buf, sizeof buf))
        return 0;
    *v = strtod(buf, &end);
    while (isspace((unsigned char)*end))
        end++;
    if (end != buf && !*end && isfinite(*v))
        return 1;
    *v = NAN; /* "n/a" is no TBMJ, not a TBMJ of 0 */
    return -1;
}

/* A grade 1..15: 1 valid, 0 absent, -1 bad (BAD_VALUE said). */
static int get_grade(layer *L, OGRFeatureH f, int id, long long fid,
                     const char *project, lb_diagnostics *diag, int *grade)
{
    double v;
    int r = get_number(L, f, id, &v);
    *grade = 0;
    if (r == 0)
        return 0;
    if (r < 0 || v != floor(v) || v < 1 || v > LB__GRADES) {
        char raw[64];
        get_text(L, f, id, raw, sizeof raw);
        lb__diag_add(diag, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, L->name, fid,
                     project, NAN,
                     "feature %lld of %s: GDDB '%s' is not a grade 1..15", fid,
                     L->name, raw);
        return -1;
    }
    *grade = (int)v;
    return 1;
}

/* A coefficient in [0, 1) (KCXS); absent gives 0. */
static void get_kcxs(layer *L, OGRFeatureH f, int id, long long fid,
                     const char *project, lb_diagnostics *diag, double *kcxs)
{
    double v;
    int r = get_number(L, f, id, &v);
    *kcxs = 0.0;
    if (r == 0)
        return;
    if (r < 0 || v < 0.0 || v >= 1.0) {
        char raw[64];
        get_text(L, f, id, raw, sizeof raw);
        lb__diag_add(diag, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, L->name, fid,
                     project, NAN,
                     "feature %lld of %s: KCXS '%s' is not a coefficient in "
                     "[0, 1)",
                     fid, L->name, raw);
        return;
    }
    *kcxs = v;
}

/* ---- geometry ------------------------------------------------------- */

/* The feature's geometry, taken from it (it is destroyed right after),
 * as a 2D linear geometry in the run's CRS, or NULL with a diagnostic. */
static OGRGeometryH prepare_ogr(layer *L, OGRFeatureH f, long long fid,
                                const char *project, lb_diagnostics *diag)
{
    OGRGeometryH g = OGR_F_StealGeometry(f), h;
    if (!g) {
        lb__diag_add(diag, LB_DIAG_NULL_GEOMETRY, LB_SEV_WARNING, L->name, fid,
                     project, NAN,
                     "feature %lld of %s has no geometry; it is skipped", fid,
                     L->name);
        return NULL;
    }
    h = g;
    if (OGR_G_HasCurveGeometry(g, 1)) {
        h = OGR_G_GetLinearGeometry(g, 0, NULL);
        OGR_G_DestroyGeometry(g);
    }
    if (!h)
        return NULL;
    OGR_G_FlattenTo2D(h);
    if (OGR_G_IsEmpty(h)) {
        lb__diag_add(diag, LB_DIAG_EMPTY_GEOMETRY, LB_SEV_WARNING, L->name, fid,
                     project, NAN,
                     "feature %lld of %s has an empty geometry; it is skipped",
                     fid, L->name);
        OGR_G_DestroyGeometry(h);
        return NULL;
    }
    if (L->ct && OGR_G_Transform(h, L->ct) != OGRERR_NONE) {
        lb__diag_add(diag, LB_DIAG_INVALID_GEOMETRY, LB_SEV_WARNING, L->name,
                     fid, project, NAN,
                     "feature %lld of %s cannot be reprojected to the "
                     "baseline's CRS; it is skipped",
                     fid, L->name);
        OGR_G_DestroyGeometry(h);
        return NULL;
    }
    return h;
}

/* The feature's geometry as WKB in the run's CRS, in L->wkb; 0 when it is
 * skipped (a diagnostic says why). */
size_t lb__layer_wkb(layer *L, OGRFeatureH f, long long fid,
                     const char *project, lb_diagnostics *diag)
{
    OGRGeometryH h = prepare_ogr(L, f, fid, project, diag);
    size_t n;
    if (!h)
        return 0;
    n = (size_t)OGR_G_WkbSize(h);
    if (n > L->wkb_cap) {
        unsigned char *nb = realloc(L->wkb, n);
        if (!nb) {
            L->nomem = 1; /* reading stops: nothing dropped silently */
            OGR_G_DestroyGeometry(h);
            return 0;
        }
        L->wkb = nb;
        L->wkb_cap = n;
    }
    if (OGR_G_ExportToWkb(h, wkbNDR, L->wkb) != OGRERR_NONE) {
        lb__diag_add(diag, LB_DIAG_INVALID_GEOMETRY, LB_SEV_WARNING, L->name,
                     fid, project, NAN,
                     "feature %lld of %s: OGR cannot export its geometry; it "
                     "is skipped",
                     fid, L->name);
        n = 0;
    }
    OGR_G_DestroyGeometry(h);
    return n;
}

/* ---- roles -------------------------------------------------------- */

#define GROW(arr, n, cap)                                                      \
    ((n) < (cap) || grow((void **)&(arr), &(cap), sizeof *(arr)))

static int grow(void **arr, size_t *cap, size_t elem)
{
    size_t nc = *cap ? 2 * *cap : 64;
    void *p = realloc(*arr, nc * elem);
    if (!p)
        return 0;
    *arr = p;
    *cap = nc;
    return 1;
}

/* 1 when the layer has the column of field @p id. A required field that
 * is not there was told once (MISSING_FIELD): its values are not
 * reported again on every feature. */
static int has(const layer *L, int id)
{
    return L->col[id] >= 0;
}

/* 64-bit FNV-1a of @p s. */
static uint64_t fnv1a(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

void lb__layer_parcel(layer *L, OGRFeatureH f, lb__parcel *p,
                      lb_diagnostics *diag)
{
    char raw[64], id[256];
    /* Without a BSM the feature id stands in, marked with '#' so that it
     * cannot pass for (and be a DUPLICATE_ID of) another parcel's BSM. */
    if (!get_text(L, f, LB__BL_BSM, id, sizeof id)) {
        snprintf(p->bsm, sizeof p->bsm, "#%lld", p->fid);
    } else {
        if (strlen(id) >= sizeof p->bsm) {
            /* the whole value, read as the shown one is (decoded,
             * trimmed), tells long BSMs apart */
            char *whole = get_text_dup(L, f, LB__BL_BSM);
            p->bsm_hash = (whole ? fnv1a(whole) : 0) | 1;
            free(whole);
            if (L->long_bsm++ == 0)
                L->long_bsm_fid = p->fid;
        }
        lb__strlcpy(p->bsm, id, sizeof p->bsm);
        utf8_fit(p->bsm);
        trim(p->bsm);
    }
    get_text(L, f, LB__BL_DLBM, raw, sizeof raw);
    lb__dlbm_normalise(raw, p->dlbm, sizeof p->dlbm);
    if (has(L, LB__BL_DLBM) && !lb__dlbm_known(p->dlbm))
        lb__diag_add(diag, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, L->name, p->fid,
                     NULL, NAN,
                     "parcel %s (feature %lld): DLBM '%s' is not a land-use "
                     "code of GB/T 21010-2017",
                     p->bsm, p->fid, raw);
    p->cls = lb__cultivated_class(p->dlbm);
    if (get_number(L, f, LB__BL_TBMJ, &p->tbmj) < 0)
        lb__diag_add(diag, LB_DIAG_BAD_VALUE, LB_SEV_WARNING, L->name, p->fid,
                     NULL, NAN, "parcel %s: TBMJ is not a number", p->bsm);
    if (get_number(L, f, LB__BL_TBDLMJ, &p->tbdlmj) < 0)
        lb__diag_add(diag, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, L->name, p->fid,
                     NULL, NAN, "parcel %s: TBDLMJ is not a number", p->bsm);
    else if (p->tbdlmj < 0 || p->tbdlmj > p->tbmj + LB__REG_ROUNDING_M2)
        lb__diag_add(
            diag, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, L->name, p->fid, NULL, NAN,
            "parcel %s: TBDLMJ %.2f m² is %s: the land-class area is "
            "the parcel less its ridges",
            p->bsm, p->tbdlmj, p->tbdlmj < 0 ? "negative" : "larger than TBMJ");
    get_kcxs(L, f, LB__BL_KCXS, p->fid, NULL, diag, &p->kcxs);
    if (!p->cls)
        return;
    if (get_grade(L, f, LB__BL_GDDB, p->fid, NULL, diag, &p->gddb) == 0 &&
        has(L, LB__BL_GDDB))
        lb__diag_add(diag, LB_DIAG_MISSING_GRADE, LB_SEV_ERROR, L->name, p->fid,
                     NULL, NAN,
                     "cultivated parcel %s (feature %lld, %s) has no grade "
                     "GDDB: its grain capacity cannot be measured",
                     p->bsm, p->fid, p->dlbm);
}

/* XMBH of a feature; an empty code is a BAD_VALUE error. */
static char *project_code(layer *L, OGRFeatureH f, int id, long long fid,
                          lb_diagnostics *diag)
{
    char *code = get_text_dup(L, f, id);
    if (code && !code[0]) {
        free(code);
        if (!has(L, id))
            return NULL;
        lb__diag_add(diag, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, L->name, fid, NULL,
                     NAN,
                     "feature %lld of %s has no project code XMBH: it cannot "
                     "be counted for any project",
                     fid, L->name);
        return NULL;
    }
    return code;
}

/* A copy of the feature's WKB, whose geometry is built later, in
 * parallel (settle_layer); NULL when it has none (a diagnostic says why)
 * or memory ran out (*st). */
static unsigned char *defer_wkb(layer *L, OGRFeatureH f, long long fid,
                                const char *project, lb_diagnostics *diag,
                                size_t *len, lb_status *st)
{
    unsigned char *copy;
    *len = lb__layer_wkb(L, f, fid, project, diag);
    if (!*len)
        return NULL;
    if (!(copy = malloc(*len)))
        *st = LB_ERR_NOMEM;
    else
        memcpy(copy, L->wkb, *len);
    return copy;
}

static lb_status read_occupation(layer *L, OGRFeatureH f, lb__data *d,
                                 lb_diagnostics *diag, size_t *cap)
{
    lb__occ o;
    lb_status st = LB_OK;
    memset(&o, 0, sizeof o);
    o.fid = OGR_F_GetFID(f);
    o.xmbh = project_code(L, f, LB__OC_XMBH, o.fid, diag);
    o.wkb = defer_wkb(L, f, o.fid, o.xmbh, diag, &o.wkb_len, &st);
    if (st == LB_OK && !GROW(d->occ, d->nocc, *cap))
        st = LB_ERR_NOMEM;
    if (st != LB_OK) {
        free(o.xmbh);
        free(o.wkb);
        return st;
    }
    d->occ[d->nocc++] = o;
    return LB_OK;
}

/* BCLX: 新增 / 提质 / 改造 / 提质改造 or their English aliases. */
static int parse_bclx(const char *s)
{
    static const struct {
        const char *name;
        int kind;
    } k[] = {{"新增", LB__BCLX_NEW},
             {"new", LB__BCLX_NEW},
             {"提质", LB__BCLX_UPGRADE},
             {"upgrade", LB__BCLX_UPGRADE},
             {"改造", LB__BCLX_PADDY},
             {"paddy", LB__BCLX_PADDY},
             {"提质改造", LB__BCLX_UPGRADE | LB__BCLX_PADDY},
             {"upgrade+paddy", LB__BCLX_UPGRADE | LB__BCLX_PADDY}};
    size_t i;
    if (!*s)
        return LB__BCLX_NEW;
    for (i = 0; i < sizeof k / sizeof k[0]; i++)
        if (EQUAL(s, k[i].name)) /* "New" as well as "new" */
            return k[i].kind;
    return -1;
}

static void supp_attributes(layer *L, OGRFeatureH f, lb__supp *s,
                            lb_diagnostics *diag)
{
    char raw[64];
    get_text(L, f, LB__SU_DLBM, raw, sizeof raw);
    lb__dlbm_normalise(raw, s->dlbm, sizeof s->dlbm);
    s->cls = lb__cultivated_class(s->dlbm);
    if (!s->cls && has(L, LB__SU_DLBM))
        lb__diag_add(diag, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, L->name, s->fid,
                     s->xmbh, NAN,
                     "supplement parcel %lld: DLBM '%s' after the works must "
                     "be 0101, 0102 or 0103",
                     s->fid, raw);
    if (get_grade(L, f, LB__SU_GDDB, s->fid, s->xmbh, diag, &s->gddb) == 0 &&
        has(L, LB__SU_GDDB))
        lb__diag_add(diag, LB_DIAG_MISSING_GRADE, LB_SEV_ERROR, L->name, s->fid,
                     s->xmbh, NAN,
                     "supplement parcel %lld has no grade GDDB after the "
                     "works",
                     s->fid);
    get_kcxs(L, f, LB__SU_KCXS, s->fid, s->xmbh, diag, &s->kcxs);
    get_text(L, f, LB__SU_BCLX, raw, sizeof raw);
    if ((s->kind = parse_bclx(raw)) < 0)
        lb__diag_add(diag, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, L->name, s->fid,
                     s->xmbh, NAN,
                     "supplement parcel %lld: BCLX '%s' is not 新增, 提质, "
                     "改造 or 提质改造 (new, upgrade, paddy, upgrade+paddy)",
                     s->fid, raw);
}

static lb_status read_supplement(layer *L, OGRFeatureH f, lb__data *d,
                                 lb_diagnostics *diag, size_t *cap)
{
    lb__supp s;
    lb_status st = LB_OK;
    memset(&s, 0, sizeof s);
    s.fid = OGR_F_GetFID(f);
    s.xmbh = project_code(L, f, LB__SU_XMBH, s.fid, diag);
    supp_attributes(L, f, &s, diag);
    s.wkb = defer_wkb(L, f, s.fid, s.xmbh, diag, &s.wkb_len, &st);
    if (st == LB_OK && !GROW(d->supp, d->nsupp, *cap))
        st = LB_ERR_NOMEM;
    if (st != LB_OK) {
        free(s.xmbh);
        free(s.wkb);
        return st;
    }
    d->supp[d->nsupp++] = s;
    return LB_OK;
}

static lb_project_kind parse_xmlx(const char *s)
{
    if (EQUAL(s, "occupation") || strcmp(s, "占用") == 0)
        return LB_PROJECT_OCCUPATION;
    if (EQUAL(s, "supplement") || strcmp(s, "补充") == 0)
        return LB_PROJECT_SUPPLEMENT;
    return (lb_project_kind)0;
}

static lb_status read_project(layer *L, OGRFeatureH f, lb__data *d,
                              lb_diagnostics *diag, size_t *cap)
{
    lb__proj p;
    char xmlx[64];
    memset(&p, 0, sizeof p);
    p.fid = OGR_F_GetFID(f);
    if (!(p.xmbh = project_code(L, f, LB__PR_XMBH, p.fid, diag)))
        return LB_OK;
    get_text(L, f, LB__PR_XMLX, xmlx, sizeof xmlx);
    if (!(p.kind = parse_xmlx(xmlx)) && has(L, LB__PR_XMLX))
        lb__diag_add(diag, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, L->name, p.fid,
                     p.xmbh, NAN,
                     "project %s: XMLX '%s' is not occupation/占用 or "
                     "supplement/补充",
                     p.xmbh, xmlx);
    p.xmmc = get_text_dup(L, f, LB__PR_XMMC);
    p.xzqdm = get_text_dup(L, f, LB__PR_XZQDM);
    p.xzqmc = get_text_dup(L, f, LB__PR_XZQMC);
    p.links = get_text_dup(L, f, LB__PR_BCXMBH);
    if (!p.xmmc || !p.xzqdm || !p.xzqmc || !p.links ||
        !GROW(d->proj, d->nproj, *cap)) {
        free(p.xmbh);
        free(p.xmmc);
        free(p.xzqdm);
        free(p.xzqmc);
        free(p.links);
        return LB_ERR_NOMEM;
    }
    d->proj[d->nproj++] = p;
    return LB_OK;
}

typedef lb_status (*read_fn)(layer *, OGRFeatureH, lb__data *, lb_diagnostics *,
                             size_t *);

/* The next feature; NULL at the end, or with LB_ERR_IO in *st when GDAL
 * failed (a corrupt GeoPackage page): stopping there would silently drop
 * the rest of the layer. */
OGRFeatureH lb__layer_next(layer *L, long long done, lb_status *st)
{
    OGRFeatureH f;
    L->cap.failures = 0;
    f = OGR_L_GetNextFeature(L->lyr);
    if (!f && L->cap.failures)
        *st = lb__layer_failed(L, done);
    return f;
}

lb_status lb__layer_failed(layer *L, long long done)
{
    return lb__fail(L->ctx, LB_ERR_IO,
                    "reading layer %s of %s failed after %lld features (%s)",
                    L->name, L->path, done, L->cap.msg);
}

/* BAD_ENCODING, once per layer, with the option to pass. */
lb_status lb__layer_tell_encoding(layer *L, lb_diagnostics *diag)
{
    char declared[128] = "";
    if (L->declared[0])
        snprintf(declared, sizeof declared,
                 " (its DBF says %s, a default that tells nothing)",
                 L->declared);
    return lb__diag_add(diag, LB_DIAG_BAD_ENCODING, LB_SEV_WARNING, L->name, -1,
                        NULL, NAN,
                        "%lld text values of %s (%s) are not UTF-8 and no "
                        "encoding was given%s; they were read as GBK where "
                        "they could be. Pass --encoding GBK (or the file's "
                        "real encoding) to read them for sure",
                        L->bad_text, L->name, L->path, declared);
}

/* BAD_VALUE, once per layer: BSMs longer than lb__parcel keeps. */
lb_status lb__layer_tell_long_bsm(layer *L, lb_diagnostics *diag)
{
    return lb__diag_add(
        diag, LB_DIAG_BAD_VALUE, LB_SEV_WARNING, L->name, -1, NULL, NAN,
        "%lld BSMs of %s (the first in feature %lld) are longer than %zu "
        "bytes, which is not a survey 标识码; messages show their first %zu "
        "bytes (check still tells apart two that begin alike)",
        L->long_bsm, L->name, L->long_bsm_fid,
        sizeof(((lb__parcel *)0)->bsm) - 1, sizeof(((lb__parcel *)0)->bsm) - 1);
}

void lb__reading_start(layer *L, lb__reading *r)
{
    memset(r, 0, sizeof *r);
    r->total = (long long)OGR_L_GetFeatureCount(L->lyr, 0);
    snprintf(r->label, sizeof r->label, "reading %s", L->name);
    OGR_L_ResetReading(L->lyr);
}

lb_status lb__reading_next(layer *L, lb__data *d, lb_diagnostics *diag,
                           lb__reading *r)
{
    /* the baseline is streamed (lb__stream_start), never read here */
    static const read_fn fns[LB_ROLE_COUNT_] = {NULL, read_occupation,
                                                read_supplement, read_project};
    lb_status st = LB_OK;
    OGRFeatureH f = lb__layer_next(L, r->done, &st);
    if (!f) {
        r->ended = 1;
        if (st == LB_OK && L->bad_text)
            st = lb__layer_tell_encoding(L, diag);
        return st;
    }
    st = fns[L->role](L, f, d, diag, &r->cap);
    OGR_F_Destroy(f);
    if (st == LB_OK && L->nomem)
        st = LB_ERR_NOMEM;
    if (st == LB_ERR_NOMEM)
        return lb__fail(L->ctx, st, "out of memory reading %s", L->name);
    if (st == LB_OK && (++r->done & 1023) == 0 && r->total > 0 &&
        !lb__progress(L->ctx, (double)r->done / (double)r->total, r->label))
        st = lb__fail(L->ctx, LB_ERR_ARG, "cancelled");
    return st;
}

static lb_status read_features(layer *L, lb__data *d, lb_diagnostics *diag)
{
    lb__reading r;
    lb_status st = LB_OK;
    lb__reading_start(L, &r);
    while (st == LB_OK && !r.ended)
        st = lb__reading_next(L, d, diag, &r);
    return st;
}

void lb__layer_close(layer *L)
{
    if (L->ct)
        OCTDestroyCoordinateTransformation(L->ct);
    if (L->ds && !L->borrowed)
        GDALClose(L->ds);
    free(L->wkb);
    memset(L, 0, sizeof *L);
}

/* ---- all roles ---------------------------------------------------- */

/* Errors that concern a whole layer (not one feature): it is missing,
 * has no CRS, or lacks a required column. */
static size_t layer_errors(const lb_diagnostics *diag)
{
    return lb_diagnostics_count_by(diag, LB_DIAG_MISSING_LAYER, 0) +
           lb_diagnostics_count_by(diag, LB_DIAG_MISSING_FIELD, 0) +
           lb_diagnostics_count_by(diag, LB_DIAG_CRS_MISSING, 0);
}

static lb_status load_role(lb_context *ctx, const lb_input *in, lb_role role,
                           lb_diagnostics *diag, lb__data *data,
                           OGRSpatialReferenceH *target)
{
    layer L;
    int found = 0, placed = 1;
    size_t errors = layer_errors(diag);
    lb_status st;
    memset(&L, 0, sizeof L);
    L.ctx = ctx;
    L.in = in;
    L.role = role;
    L.cap.ctx = ctx;
    if (data->stream)
        L.lend = lb__stream_dataset(data->stream, &L.lend_path, &L.lend_lyr);
    CPLPushErrorHandlerEx(lb__cpl_capture, &L.cap);
    st = open_layer(&L, diag, &found);
    lb__strlcpy(data->layer[role], L.name, sizeof data->layer[role]);
    if (st == LB_OK && found)
        st = map_fields(&L, diag);
    if (st == LB_OK && found && role == LB_ROLE_BASELINE) {
        st = lb__layer_target_srs(&L, diag, target, data);
        placed = *target != NULL; /* nothing to measure in without it */
    } else if (st == LB_OK && found && role != LB_ROLE_PROJECTS) {
        st = lb__layer_follow_srs(&L, diag, *target, &placed);
    }
    if (st == LB_OK && found && placed && role == LB_ROLE_BASELINE)
        st = lb__stream_start(&L, data); /* read later, by report or check */
    else if (st == LB_OK && found && placed &&
             (role == LB_ROLE_OCCUPATION || role == LB_ROLE_SUPPLEMENT))
        st = lb__read_settled(&L, data, in->threads, diag);
    else if (st == LB_OK && found && placed)
        st = read_features(&L, data, diag);
    data->complete[role] =
        st == LB_OK && found && placed && layer_errors(diag) == errors;
    lb__layer_close(&L);
    CPLPopErrorHandler();
    return st;
}

lb_status lb__data_load(lb_context *ctx, const lb_input *in,
                        lb_diagnostics *diag, lb__data *data)
{
    OGRSpatialReferenceH target = NULL;
    lb_status st = LB_OK;
    int r;
    memset(data, 0, sizeof *data);
    lb__fail(ctx, LB_OK, NULL);
    GDALAllRegister();
    if (in->yield_path &&
        (st = lb__yield_load(ctx, in->yield_path, &data->yield)) != LB_OK)
        return st;
    for (r = 0; r < LB_ROLE_COUNT_ && st == LB_OK; r++)
        st = load_role(ctx, in, (lb_role)r, diag, data, &target);
    if (target)
        OSRDestroySpatialReference(target);
    return st;
}

void lb__data_free(lb_context *ctx, lb__data *d)
{
    size_t i;
    lb__stream_close(d->stream);
    for (i = 0; i < d->nparcels; i++)
        GEOSGeom_destroy_r(ctx->geos, d->parcels[i].geom);
    for (i = 0; i < d->nocc; i++) {
        if (d->occ[i].geom)
            GEOSGeom_destroy_r(ctx->geos, d->occ[i].geom);
        free(d->occ[i].xmbh);
        free(d->occ[i].wkb);
    }
    for (i = 0; i < d->nsupp; i++) {
        if (d->supp[i].geom)
            GEOSGeom_destroy_r(ctx->geos, d->supp[i].geom);
        free(d->supp[i].xmbh);
        free(d->supp[i].wkb);
    }
    for (i = 0; i < d->nproj; i++) {
        free(d->proj[i].xmbh);
        free(d->proj[i].xmmc);
        free(d->proj[i].xzqdm);
        free(d->proj[i].xzqmc);
        free(d->proj[i].links);
    }
    free(d->parcels);
    free(d->occ);
    free(d->supp);
    free(d->proj);
    memset(d, 0, sizeof *d);
}
