/*
 * source.h: an opened layer of one role, shared by the reading code
 * (source.c) and the CRS code (crs.c); not installed.
 */
#ifndef LB_SOURCE_H
#define LB_SOURCE_H

#include "internal.h"

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

/* GDAL errors land here while a role is read, so that a failure can be
 * told with GDAL's own words and nothing reaches stderr (the library
 * never prints, style.md). */
typedef struct cpl_capture {
    lb_context *ctx;
    int failures; /* CE_Failure or worse since the last reset */
    char msg[LB__MSG_MAX];
} cpl_capture;

/* An opened layer of one role. */
typedef struct layer {
    lb_context *ctx;
    const lb_input *in;
    lb_role role;
    GDALDatasetH ds;
    OGRLayerH lyr;
    char path[512];
    char name[128];
    int col[LB__MAX_FIELDS];
    int is_string[LB__MAX_FIELDS];
    OGRCoordinateTransformationH ct;
    const char *recode_from; /* --encoding, for text that is not UTF-8 */
    char declared[64];       /* shapefile: a Western code page its DBF
                                names, read raw instead (decisions.md) */
    int names_decoded;       /* GDAL recodes the column names */
    long long bad_text;      /* text values that were not UTF-8 */
    long long long_bsm;      /* BSMs cut to fit lb__parcel's */
    long long long_bsm_fid;  /* the first of them */
    int nomem;               /* a value or a geometry could not be allocated */
    cpl_capture cap;
    unsigned char *wkb;
    size_t wkb_cap;
    GDALDatasetH lend;     /* the baseline's open GeoPackage, to share */
    const char *lend_path; /* the path it was opened by */
    OGRLayerH lend_lyr;    /* the baseline's layer in it */
    int borrowed;          /* ds is lend: closed with the stream */
} layer;

/* GDAL's error handler while a layer is read: CE_Failure and worse are
 * counted in the cpl_capture given as user data, warnings are logged. */
void CPL_STDCALL lb__cpl_capture(CPLErr cls, CPLErrorNum num, const char *msg);

/* The next feature; NULL at the end, or with LB_ERR_IO in *st when GDAL
 * failed (@p done features read before, for the message). */
OGRFeatureH lb__layer_next(layer *L, long long done, lb_status *st);

/* Reading the occupation, supplement or project layer feature by feature
 * into the records of lb__data (their geometries as WKB). */
typedef struct lb__reading {
    long long done, total;
    size_t cap; /* room in the role's records */
    int ended;  /* the last feature was read */
    char label[160];
} lb__reading;
void lb__reading_start(layer *L, lb__reading *r);
/* The next feature into its record (with its diagnostics in @p diag),
 * or at the layer's end r->ended and BAD_ENCODING when it is due; a
 * failure is in the context. */
lb_status lb__reading_next(layer *L, lb__data *d, lb_diagnostics *diag,
                           lb__reading *r);
/* The occupation or supplement layer, read by the calling thread while
 * workers build the geometries of what it has read (settle.c). The
 * diagnostics come as if reading came first: those of reading, in
 * feature order, then those of the geometries. Records left without a
 * geometry or a project code are dropped. */
lb_status lb__read_settled(layer *L, lb__data *d, int threads,
                           lb_diagnostics *diag);
/* LB_ERR_IO: reading the layer failed after @p done features, in GDAL's
 * words (L->cap). */
lb_status lb__layer_failed(layer *L, long long done);
/* Whether @p ds was opened by the driver named @p driver ("GPKG"). */
int lb__dataset_is(GDALDatasetH ds, const char *driver);
/* Tell the driver to skip the columns no field is mapped to. */
void lb__layer_ignore_others(layer *L, OGRFeatureDefnH defn);
/* A baseline parcel's attributes (rules.md §1) into @p p. */
void lb__layer_parcel(layer *L, OGRFeatureH f, lb__parcel *p,
                      lb_diagnostics *diag);
/* The feature's geometry as 2D WKB in the run's CRS, in L->wkb, taken
 * from the feature; its length, 0 when it is skipped (a diagnostic says
 * why). */
size_t lb__layer_wkb(layer *L, OGRFeatureH f, long long fid,
                     const char *project, lb_diagnostics *diag);
/* The once-per-layer warnings: BAD_ENCODING, and BAD_VALUE for long
 * BSMs. */
lb_status lb__layer_tell_encoding(layer *L, lb_diagnostics *diag);
lb_status lb__layer_tell_long_bsm(layer *L, lb_diagnostics *diag);
void lb__layer_close(layer *L);

/* The baseline's layer becomes the stream of data->stream (stream.c),
 * which owns it from then on; lb__stream_close() closes it. */
lb_status lb__stream_start(layer *L, lb__data *data);
void lb__stream_close(struct lb__stream *s);
/* The stream's dataset, the path it was opened by and its layer
 * (borrowed). */
GDALDatasetH lb__stream_dataset(const struct lb__stream *s, const char **path,
                                OGRLayerH *lyr);

/* The baseline fixes the CRS of the run (crs.c): *target is the CRS the
 * baseline is measured in, NULL when it has none (CRS_MISSING said so);
 * data->crs and data->area follow from it. */
lb_status lb__layer_target_srs(layer *L, lb_diagnostics *diag,
                               OGRSpatialReferenceH *target, lb__data *data);
/* Another layer is brought into @p target; *placed is 0 when it has no
 * CRS (CRS_MISSING said so). */
lb_status lb__layer_follow_srs(layer *L, lb_diagnostics *diag,
                               OGRSpatialReferenceH target, int *placed);

#endif
