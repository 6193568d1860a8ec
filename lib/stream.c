/*
 * stream.c: the baseline, streamed in chunks of parcels (attributes and
 * WKB) for report's pass and check's collection: read whole, or only
 * the parcels within boxes through the source's spatial index once it is
 * found to match the data; a GeoPackage's R-tree is asked a group of
 * boxes per SQL query (decisions.md, "report reads only the parcels near
 * a project").
 */
/* struct stat64, which GDAL's VSIStatBufL is with glibc */
#define _LARGEFILE64_SOURCE 1
#include "internal.h"
#include "source.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct lb__stream {
    layer L;
    long long done, total;
    int ended;
    double *boxes; /* read through the spatial index, a box or a group of
                      boxes at a time */
    size_t nboxes, box;
    int filtered, in_box;
    OGRLayerH base; /* a GeoPackage's layer: L.lyr is then the result of
                       the query for the current group of boxes */
    size_t group_at, group_n;    /* the current group's boxes */
    GIntBig fid_lo, fid_hi, fid; /* the layer's fids; the last one read */
    GIntBig *seen; /* fids read already (a box may repeat a neighbour's) */
    unsigned char *seen_used; /* which slots of seen hold one */
    size_t seen_n, seen_cap;
    int seen_shift;   /* 64 - log2(seen_cap) */
    lb__keep_fn keep; /* otherwise: which features to keep */
    void *keep_ud;
    int in_txn; /* a read transaction is open on the dataset */
};

const char *lb__stream_layer(const struct lb__stream *s)
{
    return s->L.name;
}

/* How far reading has come, 0..1: through the index, the share of its
 * boxes done. */
static double stream_progress(const struct lb__stream *s)
{
    if (s->ended)
        return 1.0;
    if (s->base && s->L.lyr != s->base) /* a group's fids come in order */
        return ((double)s->group_at +
                (double)s->group_n *
                    fmin(1.0, fmax(0.0, ((double)s->fid - (double)s->fid_lo) /
                                            ((double)s->fid_hi -
                                             (double)s->fid_lo + 1.0)))) /
               (double)s->nboxes;
    if (s->filtered)
        return s->nboxes ? (double)s->box / (double)s->nboxes : 1.0;
    return s->total > 0 ? fmin(1.0, (double)s->done / (double)s->total) : 0.0;
}

void lb__rawchunk_free(lb__rawchunk *c)
{
    free(c->p);
    free(c->off);
    free(c->wkb);
    lb__diag_clear(&c->diag);
    free(c->diag.v);
    memset(c, 0, sizeof *c);
}

static int rawchunk_reserve(lb__rawchunk *c, size_t max, size_t wkb)
{
    if (c->cap < max) {
        lb__parcel *p = realloc(c->p, max * sizeof *p);
        size_t *off = p ? realloc(c->off, (max + 1) * sizeof *off) : NULL;
        if (p)
            c->p = p;
        if (!off)
            return 0;
        c->off = off;
        c->cap = max;
    }
    if (c->wkb_len + wkb > c->wkb_cap) {
        size_t nc = 2 * (c->wkb_len + wkb);
        unsigned char *nb = realloc(c->wkb, nc);
        if (!nb)
            return 0;
        c->wkb = nb;
        c->wkb_cap = nc;
    }
    return 1;
}

/* Without a spatial index, a feature is read further only when its
 * envelope meets a footprint or supplement parcel. A feature without a
 * geometry is near nothing, as the index would have it: report names
 * the same problems whatever the source's format, and check names these
 * (decisions.md). One that cannot be reprojected goes on, to be
 * reported: it could lie anywhere. */
static int wanted(struct lb__stream *s, OGRFeatureH f)
{
    OGRGeometryH g = OGR_F_GetGeometryRef(f), h;
    OGREnvelope e;
    if (!s->keep)
        return 1;
    if (!g || OGR_G_IsEmpty(g))
        return 0;
    if (!s->L.ct) {
        OGR_G_GetEnvelope(g, &e);
        return s->keep(s->keep_ud, e.MinX, e.MinY, e.MaxX, e.MaxY);
    }
    h = OGR_G_Clone(g);
    if (!h || OGR_G_Transform(h, s->L.ct) != OGRERR_NONE) {
        OGR_G_DestroyGeometry(h);
        return 1; /* prepare_ogr() reports it */
    }
    OGR_G_GetEnvelope(h, &e);
    OGR_G_DestroyGeometry(h);
    return s->keep(s->keep_ud, e.MinX, e.MinY, e.MaxX, e.MaxY);
}

/* ---- reading through the spatial index ----------------------------- */

/* How much bigger than the boxes it joins one index query may be. On a
 * 300,000-parcel GeoPackage a query costs about as much as reading seven
 * more features; ratios from 2 to 8 all read in the same time. */
#define LB__CLUSTER_RATIO 3.0

/* Boxes per query on a GeoPackage: few enough that the first parcels
 * come at once (SQLite collects a query's fids before its first row), so
 * that the workers start; many enough that parsing a query costs little.
 * From 128 to 512 all read in the same time. The first query asks
 * LB__GPKG_FIRST boxes, and each next one twice as many up to the group:
 * a query of 256 boxes takes 4 ms, while the other cores wait for the
 * first parcels. */
#define LB__GPKG_GROUP 256
#define LB__GPKG_FIRST 16

/* Mark @p fid as read: 1 when it is new, 0 when it was read already, -1
 * out of memory. An open-addressing set that grows with the candidates,
 * not with the baseline. */
static int seen_add(struct lb__stream *s, GIntBig fid)
{
    size_t i, mask;
    if (2 * (s->seen_n + 1) > s->seen_cap) {
        size_t oc = s->seen_cap, nc = oc ? 2 * oc : 64, k;
        int shift = oc ? s->seen_shift - 1 : 58;
        GIntBig *ns = malloc(nc * sizeof *ns), *old = s->seen;
        unsigned char *nu = calloc(nc, 1), *old_used = s->seen_used;
        if (!ns || !nu) {
            free(ns);
            free(nu);
            return -1;
        }
        s->seen = ns;
        s->seen_used = nu;
        s->seen_cap = nc;
        s->seen_shift = shift;
        s->seen_n = 0;
        for (k = 0; k < oc; k++)
            if (old_used[k])
                seen_add(s, old[k]);
        free(old);
        free(old_used);
    }
    mask = s->seen_cap - 1;
    /* Fibonacci hashing: the high bits of the product, which every bit of
     * the fid reaches (fids a power of two apart share their low bits) */
    for (i = (size_t)(((unsigned long long)fid * 0x9E3779B97F4A7C15ULL) >>
                      s->seen_shift);
         s->seen_used[i]; i = (i + 1) & mask)
        if (s->seen[i] == fid)
            return 0;
    s->seen[i] = fid;
    s->seen_used[i] = 1;
    s->seen_n++;
    return 1;
}

/* The next feature of the current box or query not read before; NULL at
 * its end or on failure (*st). */
static OGRFeatureH next_unseen(struct lb__stream *s, lb_status *st)
{
    OGRFeatureH f;
    while ((f = lb__layer_next(&s->L, s->done, st)) != NULL) {
        int fresh = seen_add(s, s->fid = OGR_F_GetFID(f));
        if (fresh > 0)
            return f;
        OGR_F_Destroy(f);
        if (fresh < 0) {
            *st = lb__fail(s->L.ctx, LB_ERR_NOMEM, "out of memory");
            return NULL;
        }
    }
    return NULL;
}

/* ---- a GeoPackage: a group of boxes per query ---------------------- */

/* "name" with its double quotes doubled, for SQL; CPLFree() it. */
static char *sql_name(const char *name)
{
    char *e = CPLEscapeString(name, -1, CPLES_SQLI);
    char *q = e ? CPLStrdup(CPLSPrintf("\"%s\"", e)) : NULL;
    CPLFree(e);
    return q;
}

/* The query's columns are the layer's, in its order, so that the mapped
 * field indices hold for it too. */
static int same_fields(OGRLayerH a, OGRLayerH b)
{
    OGRFeatureDefnH da = OGR_L_GetLayerDefn(a), db = OGR_L_GetLayerDefn(b);
    int i, n = OGR_FD_GetFieldCount(da);
    if (n != OGR_FD_GetFieldCount(db) || OGR_FD_GetGeomFieldCount(db) != 1 ||
        !EQUAL(OGR_L_GetFIDColumn(a), OGR_L_GetFIDColumn(b)))
        return 0;
    for (i = 0; i < n; i++) {
        OGRFieldDefnH fa = OGR_FD_GetFieldDefn(da, i);
        OGRFieldDefnH fb = OGR_FD_GetFieldDefn(db, i);
        if (strcmp(OGR_Fld_GetNameRef(fa), OGR_Fld_GetNameRef(fb)) != 0 ||
            OGR_Fld_GetType(fa) != OGR_Fld_GetType(fb))
            return 0;
    }
    return 1;
}

/* The SQL that reads, in fid order and each once, the features whose
 * R-tree entry (GeoPackage's gpkg_rtree_index: rtree_<table>_<column>,
 * boxes rounded outwards to float) meets one of the boxes; free() it,
 * NULL when out of memory. */
static char *gpkg_query(OGRLayerH lyr, const double *boxes, size_t n)
{
    const char *geom = OGR_L_GetGeometryColumn(lyr);
    char *t = sql_name(OGR_L_GetName(lyr)),
         *fid = sql_name(OGR_L_GetFIDColumn(lyr));
    char *rt = sql_name(CPLSPrintf("rtree_%s_%s", OGR_L_GetName(lyr), geom));
    size_t cap = 64 + 3 * strlen(t ? t : "") + 2 * strlen(fid ? fid : "") +
                 strlen(rt ? rt : "") + 256 + 112 * n,
           len, i;
    char *sql = t && fid && rt ? malloc(cap) : NULL;
    if (sql) {
        /* It starts with SELECT: for any other statement without a row
         * (a group that meets no entry), GDAL's ExecuteSQL gives NULL,
         * not an empty layer. VALUES names its columns column1..4. */
        len = (size_t)snprintf(sql, cap,
                               "SELECT d.* FROM %s d WHERE d.%s IN (SELECT "
                               "r.id FROM (VALUES ",
                               t, fid);
        for (i = 0; i < n && len < cap; i++)
            /* CPLsnprintf: a decimal point whatever LC_NUMERIC says */
            len += (size_t)CPLsnprintf(
                sql + len, cap - len, "%s(%.17g, %.17g, %.17g, %.17g)",
                i ? ", " : "", boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2],
                boxes[4 * i + 3]);
        if (len < cap)
            len += (size_t)snprintf(
                sql + len, cap - len,
                ") b JOIN %s r ON r.minx <= b.column3 AND r.maxx >= "
                "b.column1 AND r.miny <= b.column4 AND r.maxy >= b.column2) "
                "ORDER BY d.%s",
                rt, fid);
        if (len >= cap) {
            free(sql);
            sql = NULL;
        }
    }
    CPLFree(t);
    CPLFree(fid);
    CPLFree(rt);
    return sql;
}

static int is_gpkg(const struct lb__stream *s)
{
    return lb__dataset_is(s->L.ds, "GPKG");
}

/* The modification time of the layer's file with extension @p ext among
 * the dataset's files, -1 when there is none: to the nanosecond where
 * the file system keeps it, else through GDAL's virtual file systems (a
 * zipped shapefile's members keep theirs to two seconds, which keeps
 * their order). */
static double layer_file_time(char **files, const char *layer, const char *ext,
                              const char **path)
{
    int i;
    for (i = 0; files && files[i]; i++) {
        struct stat st;
        VSIStatBufL vst;
        if (!EQUAL(CPLGetBasename(files[i]), layer) ||
            !EQUAL(CPLGetExtension(files[i]), ext))
            continue;
        *path = files[i];
        if (stat(files[i], &st) == 0)
            return (double)st.st_mtim.tv_sec +
                   1e-9 * (double)st.st_mtim.tv_nsec;
        if (VSIStatExL(files[i], &vst, 0) == 0)
            return (double)vst.st_mtime;
    }
    return -1.0;
}

/* A shapefile's index (.qix, else ArcGIS's .sbn, as GDAL picks them) is
 * a file of its own, which a program that edits the .shp without knowing
 * it leaves as it was, and which then answers for other shapes. One
 * older than its .shp by a second or more is not used (decisions.md);
 * a copy that wrote the index first costs only the whole read. */
static int shp_index_current(struct lb__stream *s)
{
    char **files = GDALGetFileList(s->L.ds);
    const char *layer = OGR_L_GetName(s->L.lyr), *shp = "", *idx = "";
    double t_shp = layer_file_time(files, layer, "shp", &shp);
    double t_idx = layer_file_time(files, layer, "qix", &idx);
    int current = 1;
    if (t_idx < 0)
        t_idx = layer_file_time(files, layer, "sbn", &idx);
    if (t_shp >= 0 && t_idx >= 0 && t_shp - t_idx >= 1.0) {
        current = 0;
        lb__log(s->L.ctx, LB_LOG_WARNING,
                "the spatial index %s is older than %s: it may not match "
                "the shapes, so it is not used and the whole layer is read",
                idx, shp);
    }
    CSLDestroy(files);
    return current;
}

/* The @p n integers of the one row @p sql gives on the dataset; 0 when
 * GDAL could not run it. */
static int sql_row(struct lb__stream *s, const char *sql, GIntBig *v, int n)
{
    OGRLayerH q = GDALDatasetExecuteSQL(s->L.ds, sql, NULL, NULL);
    OGRFeatureH f = q ? OGR_L_GetNextFeature(q) : NULL;
    int i, ok = f && OGR_F_GetFieldCount(f) == n;
    for (i = 0; ok && i < n; i++)
        v[i] = OGR_F_GetFieldAsInteger64(f, i);
    OGR_F_Destroy(f);
    if (q)
        GDALDatasetReleaseResultSet(s->L.ds, q);
    return ok;
}

/* The features with a geometry that have no entry in the R-tree's rowid
 * table @p rt, looked up one by one (about 50 ms for 300,000); -1 when
 * that cannot be asked. */
static GIntBig lacking_entries(struct lb__stream *s, const char *t,
                               const char *fid, const char *g, const char *rt)
{
    GIntBig n = -1;
    if (!sql_row(s,
                 CPLSPrintf("SELECT COUNT(*) FROM %s WHERE %s NOT IN (SELECT "
                            "rowid FROM %s) AND %s IS NOT NULL AND NOT "
                            "ST_IsEmpty(%s)",
                            t, fid, rt, g, g),
                 &n, 1))
        n = -1;
    return n;
}

/* Whether a GeoPackage's R-tree has an entry for every feature with a
 * geometry, as its triggers keep it; rows written around them (plain
 * SQLite with the triggers dropped: inserted, or renumbered) can lack
 * one, and the index would leave those parcels out without a word
 * (decisions.md). First the cheap signs, from the indexes alone (the
 * layer's least and greatest fid are kept for progress): as many
 * entries as features, and the same least and greatest ids; only when
 * one differs (or the layer has features without a geometry, which have
 * no entry) is every feature looked up. An index that cannot be checked
 * is trusted, as OGR trusts it. */
static int gpkg_index_whole(struct lb__stream *s)
{
    const char *name = OGR_L_GetName(s->L.lyr);
    const char *geom = OGR_L_GetGeometryColumn(s->L.lyr);
    char *t = sql_name(name), *g = sql_name(geom);
    char *fid = sql_name(OGR_L_GetFIDColumn(s->L.lyr));
    char *rt = sql_name(CPLSPrintf("rtree_%s_%s_rowid", name, geom));
    GIntBig v[5], lacking = -1, geoms = 0;
    int whole = 1;
    CPLPushErrorHandlerEx(lb__cpl_capture, &s->L.cap);
    if (t && g && fid && rt && OGR_L_GetFIDColumn(s->L.lyr)[0] &&
        sql_row(s,
                CPLSPrintf("SELECT (SELECT COUNT(*) FROM %s), (SELECT "
                           "MIN(rowid) FROM %s), (SELECT MAX(rowid) FROM %s), "
                           "(SELECT MIN(%s) FROM %s), (SELECT MAX(%s) FROM %s)",
                           rt, rt, rt, fid, t, fid, t),
                v, 5)) {
        s->fid_lo = v[3]; /* for progress within a group of boxes */
        s->fid_hi = v[4] < v[3] ? v[3] : v[4];
        if (!(v[0] == s->total && v[1] == v[3] && v[2] == v[4]))
            lacking = lacking_entries(s, t, fid, g, rt);
    }
    if (lacking > 0) {
        whole = 0;
        if (!sql_row(s,
                     CPLSPrintf("SELECT COUNT(*) FROM %s WHERE %s IS NOT NULL "
                                "AND NOT ST_IsEmpty(%s)",
                                t, g, g),
                     &geoms, 1))
            geoms = lacking;
        lb__log(s->L.ctx, LB_LOG_WARNING,
                "the spatial index of %s (%s) lacks %lld of its %lld "
                "geometries: it is not used, and the whole layer is read",
                s->L.name, s->L.path, (long long)lacking, (long long)geoms);
    }
    CPLPopErrorHandler();
    CPLFree(t);
    CPLFree(g);
    CPLFree(fid);
    CPLFree(rt);
    return whole;
}

/* The result of the query for the next group of boxes, standing in for
 * the layer; NULL when GDAL could not run it (cap says why). */
static OGRLayerH gpkg_next_query(struct lb__stream *s)
{
    size_t n = s->box ? 2 * s->group_n : LB__GPKG_FIRST;
    if (n > LB__GPKG_GROUP)
        n = LB__GPKG_GROUP;
    if (n > s->nboxes - s->box)
        n = s->nboxes - s->box;
    char *sql = gpkg_query(s->base, s->boxes + 4 * s->box, n);
    OGRLayerH q;
    if (!sql) {
        lb__strlcpy(s->L.cap.msg, "out of memory", sizeof s->L.cap.msg);
        return NULL;
    }
    q = GDALDatasetExecuteSQL(s->L.ds, sql, NULL, NULL);
    free(sql);
    if (q && !same_fields(s->base, q)) {
        GDALDatasetReleaseResultSet(s->L.ds, q);
        lb__strlcpy(s->L.cap.msg, "the query's columns are not the layer's",
                    sizeof s->L.cap.msg);
        return NULL;
    }
    if (q) {
        s->L.lyr = q;
        lb__layer_ignore_others(&s->L, OGR_L_GetLayerDefn(q));
        s->group_at = s->box;
        s->group_n = n;
        s->fid = s->fid_lo;
        s->box += n;
    }
    return q;
}

/* A GeoPackage reads its boxes a group at a time, one SQL query each
 * (decisions.md); 0 when the first query cannot run, and the boxes are
 * then read one spatial filter each. */
static int gpkg_start(struct lb__stream *s)
{
    OGRLayerH q;
    if (s->nboxes == 0 || !is_gpkg(s) || !OGR_L_GetFIDColumn(s->L.lyr)[0])
        return 0;
    s->base = s->L.lyr;
    CPLPushErrorHandlerEx(lb__cpl_capture, &s->L.cap);
    s->L.cap.msg[0] = '\0';
    q = gpkg_next_query(s);
    CPLPopErrorHandler();
    if (!q) {
        s->base = NULL;
        lb__log(s->L.ctx, LB_LOG_DEBUG,
                "%s: the SQL query of a group of boxes failed (%s); the "
                "R-tree is asked one box at a time",
                s->L.name, s->L.cap.msg);
        return 0;
    }
    lb__log(s->L.ctx, LB_LOG_DEBUG,
            "%s: %zu boxes, %zu to an SQL query at first, doubling to %zu",
            s->L.name, s->nboxes, (size_t)LB__GPKG_FIRST,
            (size_t)LB__GPKG_GROUP);
    return 1;
}

/* The next feature of a GeoPackage's groups, or NULL at the end. */
static OGRFeatureH gpkg_next(struct lb__stream *s, lb_status *st)
{
    OGRFeatureH f;
    for (;;) {
        if (s->L.lyr == s->base) {
            if (s->box == s->nboxes)
                return NULL;
            s->L.cap.failures = 0;
            if (!gpkg_next_query(s)) {
                *st = lb__layer_failed(&s->L, s->done);
                return NULL;
            }
        }
        if ((f = next_unseen(s, st)) != NULL || *st != LB_OK)
            return f;
        GDALDatasetReleaseResultSet(s->L.ds, s->L.lyr);
        s->L.lyr = s->base;
    }
}

static lb_status stream_filter(struct lb__stream *s, const double *boxes,
                               size_t n, lb__keep_fn keep, void *keep_ud)
{
    s->keep = keep;
    s->keep_ud = keep_ud;
    if (n == 0) { /* no footprint, no supplement parcel: nothing is near */
        s->filtered = 1;
        return LB_OK;
    }
    /* The index answers in the layer's own CRS: a GeoPackage's R-tree, a
     * shapefile's .qix, PostGIS's GiST. */
    if (s->L.ct || !OGR_L_TestCapability(s->L.lyr, OLCFastSpatialFilter) ||
        (is_gpkg(s) && !gpkg_index_whole(s)) ||
        (lb__dataset_is(s->L.ds, "ESRI Shapefile") && !shp_index_current(s)))
        return LB_OK;
    s->boxes = malloc(n * 4 * sizeof *s->boxes);
    if (!s->boxes)
        return lb__fail(s->L.ctx, LB_ERR_NOMEM, "out of memory");
    memcpy(s->boxes, boxes, n * 4 * sizeof *boxes);
    s->nboxes = lb__cluster_boxes(s->boxes, n, LB__CLUSTER_RATIO);
    s->filtered = 1;
    gpkg_start(s);
    return LB_OK;
}

/* GDAL's messages while the index is looked at (a corrupt .sbn says so
 * when the capability is tested) are the library's, not stderr's. */
lb_status lb__stream_filter(struct lb__stream *s, const double *boxes, size_t n,
                            lb__keep_fn keep, void *keep_ud)
{
    lb_status st;
    CPLPushErrorHandlerEx(lb__cpl_capture, &s->L.cap);
    st = stream_filter(s, boxes, n, keep, keep_ud);
    CPLPopErrorHandler();
    return st;
}

/* The next feature of the stream: the next new one within the boxes, or
 * the next in the layer. */
static OGRFeatureH stream_next(struct lb__stream *s, lb_status *st)
{
    OGRFeatureH f;
    if (s->base)
        return gpkg_next(s, st);
    if (!s->filtered)
        return lb__layer_next(&s->L, s->done, st);
    while (s->box < s->nboxes) {
        const double *b = s->boxes + 4 * s->box;
        if (!s->in_box) {
            OGR_L_SetSpatialFilterRect(s->L.lyr, b[0], b[1], b[2], b[3]);
            OGR_L_ResetReading(s->L.lyr);
            s->in_box = 1;
        }
        if ((f = next_unseen(s, st)) != NULL || *st != LB_OK)
            return f;
        s->in_box = 0;
        s->box++;
    }
    OGR_L_SetSpatialFilter(s->L.lyr, NULL);
    return NULL;
}

/* One feature into the chunk: its attributes and its WKB. */
static lb_status stream_feature(struct lb__stream *s, OGRFeatureH f,
                                lb__rawchunk *c, lb_diagnostics *diag)
{
    layer *L = &s->L;
    lb__parcel *p = &c->p[c->n];
    size_t n;
    if (!wanted(s, f))
        return LB_OK;
    memset(p, 0, sizeof *p);
    p->fid = OGR_F_GetFID(f);
    lb__layer_parcel(L, f, p, diag);
    n = lb__layer_wkb(L, f, p->fid, NULL, diag);
    if (!n)
        return LB_OK;
    if (!rawchunk_reserve(c, c->cap, n))
        return LB_ERR_NOMEM;
    memcpy(c->wkb + c->wkb_len, L->wkb, n);
    c->wkb_len += n;
    c->off[++c->n] = c->wkb_len;
    return LB_OK;
}

/* Read up to @p max parcels into @p c (n = 0 at the end). */
static lb_status stream_read(struct lb__stream *s, lb__rawchunk *c, size_t max)
{
    lb_status st = LB_OK;
    OGRFeatureH f;
    c->n = 0;
    c->wkb_len = 0;
    if (!rawchunk_reserve(c, max, 0))
        return lb__fail(s->L.ctx, LB_ERR_NOMEM, "out of memory");
    c->off[0] = 0;
    CPLPushErrorHandlerEx(lb__cpl_capture, &s->L.cap);
    while (st == LB_OK && !s->ended && c->n < max) {
        if (!(f = stream_next(s, &st))) {
            s->ended = 1;
            if (st == LB_OK && s->L.bad_text)
                st = lb__layer_tell_encoding(&s->L, &c->diag);
            if (st == LB_OK && s->L.long_bsm)
                st = lb__layer_tell_long_bsm(&s->L, &c->diag);
            break;
        }
        s->done++;
        st = stream_feature(s, f, c, &c->diag);
        OGR_F_Destroy(f);
        /* a value or a geometry could not be copied: nothing is dropped
         * silently (as lb__reading_next) */
        if (st == LB_OK && s->L.nomem)
            st = LB_ERR_NOMEM;
    }
    CPLPopErrorHandler();
    if (st == LB_ERR_NOMEM)
        lb__fail(s->L.ctx, st, "out of memory reading %s", s->L.name);
    c->done = stream_progress(s);
    return st;
}

lb_status lb__stream_chunk(struct lb__stream *s, size_t size, size_t max,
                           void **out)
{
    lb__rawchunk *c = calloc(1, size);
    lb_status st;
    *out = NULL;
    if (!c)
        return LB_ERR_NOMEM;
    st = stream_read(s, c, max);
    if (st != LB_OK || (c->n == 0 && c->diag.n == 0)) {
        lb__rawchunk_free(c);
        free(c);
        return st;
    }
    *out = c;
    return LB_OK;
}

lb_status lb__stream_start(layer *L, lb__data *data)
{
    struct lb__stream *s = calloc(1, sizeof *s);
    if (!s)
        return lb__fail(L->ctx, LB_ERR_NOMEM, "out of memory");
    s->L = *L;
    s->total = (long long)OGR_L_GetFeatureCount(L->lyr, 0);
    OGR_L_ResetReading(L->lyr);
    /* One read transaction for the whole stream: a GeoPackage then takes
     * its file lock once, not once per index query (a fetch is three
     * times faster). Only where the driver has real transactions (not
     * the emulated ones of a file format: OpenFileGDB would complain). */
    s->in_txn = GDALDatasetTestCapability(L->ds, ODsCTransactions) &&
                GDALDatasetStartTransaction(L->ds, FALSE) == OGRERR_NONE;
    memset(L, 0, sizeof *L); /* the stream owns the layer now */
    data->stream = s;
    return LB_OK;
}

GDALDatasetH lb__stream_dataset(const struct lb__stream *s, const char **path,
                                OGRLayerH *lyr)
{
    *path = s->L.path;
    *lyr = s->base ? s->base : s->L.lyr;
    return s->L.ds;
}

void lb__stream_close(struct lb__stream *s)
{
    if (!s)
        return;
    if (s->base && s->L.lyr != s->base) {
        GDALDatasetReleaseResultSet(s->L.ds, s->L.lyr);
        s->L.lyr = s->base;
    }
    if (s->in_txn) { /* nothing was written: end the read transaction */
        CPLPushErrorHandlerEx(lb__cpl_capture, &s->L.cap);
        GDALDatasetRollbackTransaction(s->L.ds);
        CPLPopErrorHandler();
    }
    lb__layer_close(&s->L);
    free(s->boxes);
    free(s->seen);
    free(s->seen_used);
    free(s);
}
