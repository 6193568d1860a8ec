/*
 * internal.h: declarations shared by the library's files; not installed.
 * Internal non-static symbols are prefixed lb__.
 */
#ifndef LB_INTERNAL_H
#define LB_INTERNAL_H

#ifndef GEOS_USE_ONLY_R_API
#define GEOS_USE_ONLY_R_API
#endif
#include <geos_c.h>
#include <proj.h>

#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>

#include "landbal.h"
#include "sum.h"

#if defined(__GNUC__)
#define LB__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define LB__PRINTF(f, a)
#endif

#define LB__MSG_MAX 1024

/* The CGCS2000 ellipsoid (rules.md §2): semi-major axis, m, and inverse
 * flattening. */
#define LB__CGCS2000_A 6378137.0
#define LB__CGCS2000_RF 298.257222101

struct lb_context {
    GEOSContextHandle_t geos;
    PJ_CONTEXT *proj;
    GEOSWKBReader *wkb_reader; /* one per context, created on first use */
    lb_status status;
    char msg[LB__MSG_MAX];
    char geos_msg[LB__MSG_MAX]; /* last GEOS error or notice */
    lb_log_fn log;
    void *log_ud;
    lb_progress_fn progress;
    void *progress_ud;
};

/* Record a failure in the context and return @p status (LB_OK clears). */
lb_status lb__fail(lb_context *ctx, lb_status status, const char *fmt, ...)
    LB__PRINTF(3, 4);
/* Log a line through the context's callback, if any. */
void lb__log(lb_context *ctx, lb_log_level level, const char *fmt, ...)
    LB__PRINTF(3, 4);
/* Report progress; returns 0 when the caller asked to cancel. */
int lb__progress(lb_context *ctx, double complete, const char *message);
/* The context's WKB reader, created on first use (NULL: out of memory). */
GEOSWKBReader *lb__wkb_reader(lb_context *ctx);

/* --- strings ------------------------------------------------------- */
/* strdup for C99; NULL for NULL. */
char *lb__strdup(const char *s);
/* snprintf into a fixed buffer, always terminated. */
void lb__strlcpy(char *dst, const char *src, size_t size);

/* --- memory -------------------------------------------------------- */
/* Room for @p n elements in each of the @p m arrays *v[i], of elem[i]
 * bytes each, which share the capacity *cap (doubled from @p first, or
 * from *cap, until it holds n). 0 when out of memory: the arrays grown so
 * far keep their new size and *cap its old value (they are only larger
 * than it says). */
int lb__grow(void **v[], size_t m, size_t *cap, size_t n, const size_t *elem,
             size_t first);

/* --- diagnostics --------------------------------------------------- */
struct lb_diagnostic {
    lb_diag_code code;
    lb_severity severity;
    char *layer;
    long long fid;
    char *project;
    double area;
    char *message;
};

struct lb_diagnostics {
    struct lb_diagnostic *v;
    size_t n, cap;
    int lost; /* one could not be recorded (out of memory): the run fails */
};

/* The default severity of a code (rules.md §4). */
lb_severity lb__diag_default_severity(lb_diag_code code);
/* Append a diagnostic; area NaN and fid -1 when none; layer/project may be
 * NULL. Returns LB_OK or LB_ERR_NOMEM. */
lb_status lb__diag_add(lb_diagnostics *d, lb_diag_code code,
                       lb_severity severity, const char *layer, long long fid,
                       const char *project, double area, const char *fmt, ...)
    LB__PRINTF(8, 9);
lb_status lb__diag_vadd(lb_diagnostics *d, lb_diag_code code,
                        lb_severity severity, const char *layer, long long fid,
                        const char *project, double area, const char *fmt,
                        va_list ap);
/* Append all of @p src to @p dst. */
lb_status lb__diag_extend(lb_diagnostics *dst, const lb_diagnostics *src);
/* Free the entries, keep the list usable (empty, nothing lost). */
void lb__diag_clear(lb_diagnostics *d);
lb_diagnostics *lb__diag_new(void);

/* --- land classes and grades (grades.c) --------------------------- */
#define LB__GRADES 15
/* 1 when the 4-character base of a DLBM code is a GB/T 21010-2017 or
 * 三调 class. */
int lb__dlbm_known(const char *dlbm);
/* Class of cultivated land (rules.md §3): 1 水田 0101, 2 水浇地 0102,
 * 3 旱地 0103, 0 otherwise. */
int lb__cultivated_class(const char *dlbm);
/* Normalise a DLBM read from a file into @p out (size >= 16): trims
 * blanks, restores the leading zero of codes stored as numbers (101 ->
 * "0101", 1206 stays), keeps suffixes. */
void lb__dlbm_normalise(const char *raw, char *out, size_t size);

/* Standard grain yield per 等别, kg per 亩 (index 1..15). */
typedef struct lb__yield {
    double kg_per_mu[LB__GRADES + 1];
} lb__yield;
lb_status lb__yield_load(lb_context *ctx, const char *path, lb__yield *out);
/* kg for @p m2 of land of @p grade (1 亩 = 10000/15 m²). */
double lb__yield_kg(const lb__yield *y, int grade, double m2);

/* --- inputs (input.c) ----------------------------------------------- */
/* The fields each role reads (rules.md §1); the index into the role's
 * table is the internal field id. */
typedef struct lb__field_spec {
    const char *name; /* the survey's abbreviation */
    int required;     /* MISSING_FIELD is an error when absent */
} lb__field_spec;

enum {
    LB__BL_BSM,
    LB__BL_DLBM,
    LB__BL_ZLDWDM,
    LB__BL_TBMJ,
    LB__BL_KCXS,
    LB__BL_TBDLMJ,
    LB__BL_GDDB,
    LB__BL_GDPDJB,
    LB__BL_NFIELDS
};
enum { LB__OC_XMBH, LB__OC_XMMC, LB__OC_NFIELDS };
enum {
    LB__SU_XMBH,
    LB__SU_DLBM,
    LB__SU_GDDB,
    LB__SU_KCXS,
    LB__SU_BCLX,
    LB__SU_NFIELDS
};
enum {
    LB__PR_XMBH,
    LB__PR_XMMC,
    LB__PR_XMLX,
    LB__PR_XZQDM,
    LB__PR_XZQMC,
    LB__PR_BCXMBH,
    LB__PR_NFIELDS
};
#define LB__MAX_FIELDS 8

/* The field table of a role, and its length. */
const lb__field_spec *lb__role_fields(lb_role role, int *n);
/* The default layer name of a role ("dltb", ...). */
const char *lb__role_layer(lb_role role);

struct lb_input {
    lb_context *ctx;
    char *dataset;
    char *source[LB_ROLE_COUNT_];
    char *field[LB_ROLE_COUNT_][LB__MAX_FIELDS]; /* remapped names or NULL */
    char *encoding;
    char *assume_crs;
    char *yield_path;
    lb_area_method method;
    double densify_m;
    int threads;
};

/* The column to read for field @p id of @p role. */
const char *lb__input_field(const lb_input *in, lb_role role, int id);

/* --- records read from the sources (source.c) ----------------------- */
/* Kinds of supplement parcel (BCLX): flags, so 提质改造 = both. */
#define LB__BCLX_NEW 0
#define LB__BCLX_UPGRADE 1
#define LB__BCLX_PADDY 2

/* The rounding of registered areas (TBMJ, TBDLMJ): 0.01 m². */
#define LB__REG_ROUNDING_M2 0.01

typedef struct lb__parcel { /* a baseline parcel (地类图斑) */
    long long fid;
    GEOSGeometry *geom; /* valid, polygonal, in the run's CRS */
    double area;        /* m², the run's method */
    double tbmj;        /* registered area, NaN when absent */
    double kcxs;        /* ridge deduction coefficient, 0 when absent */
    double tbdlmj;      /* registered land-class area, NaN when absent */
    int gddb;           /* 等别 1..15, 0 when absent */
    int cls;            /* lb__cultivated_class() of DLBM */
    char bsm[32];       /* a longer BSM is cut (BAD_VALUE says so) */
    uint64_t bsm_hash;  /* of the whole BSM when it was cut, odd; else 0 */
    char dlbm[16];
} lb__parcel;

typedef struct lb__occ { /* one feature of an occupation footprint */
    long long fid;
    GEOSGeometry *geom;
    double area;
    char *xmbh;
    unsigned char *wkb; /* while reading: the geometry still to build */
    size_t wkb_len;
} lb__occ;

typedef struct lb__supp { /* a supplement parcel (补充耕地) */
    long long fid;
    GEOSGeometry *geom;
    double area;
    char *xmbh;
    char dlbm[16]; /* class after the works */
    int cls;
    int gddb;           /* grade after the works */
    double kcxs;        /* deduction after the works */
    int kind;           /* LB__BCLX_* flags */
    unsigned char *wkb; /* while reading: the geometry still to build */
    size_t wkb_len;
} lb__supp;

typedef struct lb__proj { /* a row of the project table */
    long long fid;
    char *xmbh, *xmmc, *xzqdm, *xzqmc, *links;
    lb_project_kind kind; /* 0 when XMLX is unknown */
} lb__proj;

typedef struct lb__data {
    lb__parcel *parcels;
    size_t nparcels;
    lb__occ *occ;
    size_t nocc;
    lb__supp *supp;
    size_t nsupp;
    lb__proj *proj;
    size_t nproj;
    lb_area_params area; /* projection and method of the run */
    char crs[128];       /* "EPSG:4543", or the CRS's name */
    lb__yield yield;
    int threads; /* workers of the measuring pass (0: one per core) */
    struct lb__stream *stream;       /* the baseline, when it is streamed */
    char layer[LB_ROLE_COUNT_][128]; /* the layers' real names */
    /* the role's layer was found, with its CRS and required columns, and
     * read to the end (for the baseline: opened to be streamed) */
    unsigned char complete[LB_ROLE_COUNT_];
} lb__data;

/* A batch of baseline parcels read from a stream: attributes in p[i]
 * (geom NULL) and the 2D WKB of parcel i in wkb[off[i] .. off[i+1]);
 * what reading them found, in order (the stages that follow add theirs);
 * how far reading had come after them, 0..1. */
typedef struct lb__rawchunk {
    lb__parcel *p;
    size_t n, cap;
    size_t *off; /* cap + 1 entries */
    unsigned char *wkb;
    size_t wkb_len, wkb_cap;
    lb_diagnostics diag;
    double done;
} lb__rawchunk;

/* Read every role into @p data (rules.md §1-2, §4's feature-level
 * diagnostics go to @p diag). Fails only when reading cannot go on
 * (unreadable dataset, bad yield table, no memory). */
lb_status lb__data_load(lb_context *ctx, const lb_input *in,
                        lb_diagnostics *diag, lb__data *data);
/* Read the whole streamed baseline into data->parcels, geometries built
 * on data->threads workers (collect.c): what check needs. */
lb_status lb__collect_baseline(lb_context *ctx, lb__data *d,
                               lb_diagnostics *diag);
/* Which baseline parcels the measuring pass needs: those whose
 * envelope (in the run's CRS) meets that of a footprint or supplement
 * parcel. */
typedef int (*lb__keep_fn)(void *ud, double minx, double miny, double maxx,
                           double maxy);
/* Restrict the stream to the parcels within @p n boxes (minx, miny, maxx,
 * maxy each) through the source's spatial index, when it has one, needs
 * no reprojection and can be trusted (a GeoPackage's R-tree with an entry
 * for every geometry, a shapefile's index not older than its .shp; a log
 * warning says when it is not); otherwise every feature is read. Either
 * way @p keep decides on each feature's envelope. The boxes are copied;
 * @p keep_ud must live until the stream's last chunk. Call before the
 * first lb__stream_chunk(). */
lb_status lb__stream_filter(struct lb__stream *s, const double *boxes, size_t n,
                            lb__keep_fn keep, void *keep_ud);
/* Join @p n boxes (minx, miny, maxx, maxy each, in place) into fewer:
 * runs of neighbours become one box while it stays within @p ratio times
 * the area of the boxes it holds. Every input box lies inside an output
 * box; returns how many there are (boxes.c). */
size_t lb__cluster_boxes(double *b, size_t n, double ratio);
/* Boxes that together hold the closed ring @p xy (n points) and what it
 * encloses: its envelope @p env cut across its longer side into @p k
 * bands, each narrowed to the ring's extent within it. Up to k boxes go
 * to @p out (4k doubles; it is also the work space); returns how many.
 * A thin polygon (a road) is read through these rather than through its
 * envelope (boxes.c). */
size_t lb__ring_bands(const double *xy, size_t n, const double env[4], size_t k,
                      double *out);
/* The next chunk of up to @p max parcels of the streamed baseline, in a
 * new zeroed object of @p size bytes that begins with its lb__rawchunk
 * (a pipeline's chunk type); *out is NULL at the end of the stream. */
lb_status lb__stream_chunk(struct lb__stream *s, size_t size, size_t max,
                           void **out);
/* Name of the streamed layer. */
const char *lb__stream_layer(const struct lb__stream *s);
/* Free what the chunk holds (not the geometries of its parcels). */
void lb__rawchunk_free(lb__rawchunk *c);
void lb__data_free(lb_context *ctx, lb__data *data);

/* The geometry stage of reading a feature (feature.c): may run on any
 * thread that brings its own context and diagnostics list. */
typedef struct lb__geomstage {
    lb_context *ctx;
    const char *layer;          /* name for diagnostics */
    const lb_area_params *area; /* how to measure */
    lb_diagnostics *diag;
} lb__geomstage;

/* WKB (2D, in the run's CRS) to a valid polygonal geometry with its
 * area; NULL when the feature is skipped (a diagnostic says why). */
GEOSGeometry *lb__feature_geometry(const lb__geomstage *gs,
                                   const unsigned char *wkb, size_t n,
                                   long long fid, const char *project,
                                   double *area);
/* The two halves of lb__feature_geometry(): WKB to GEOS with only the
 * polygonal parts; then validity (MakeValid), area and the sliver test.
 * settle takes @p g and returns it or its repair (NULL: skipped); so do
 * its own two halves, valid (MakeValid) and measure (area, sliver). */
GEOSGeometry *lb__feature_read(const lb__geomstage *gs,
                               const unsigned char *wkb, size_t n,
                               long long fid, const char *project);
GEOSGeometry *lb__feature_settle(const lb__geomstage *gs, GEOSGeometry *g,
                                 long long fid, const char *project,
                                 double *area);
GEOSGeometry *lb__feature_valid(const lb__geomstage *gs, GEOSGeometry *g,
                                long long fid, const char *project);
GEOSGeometry *lb__feature_measure(const lb__geomstage *gs, GEOSGeometry *g,
                                  long long fid, const char *project,
                                  double *area);
/* AREA_MISMATCH when the parcel's area and TBMJ differ by over 0.1 %. */
void lb__check_area(const lb__geomstage *gs, const lb__parcel *p);

/* Dataset-level checks (validate.c): duplicate ids, unknown projects and
 * links; overlaps of baseline parcels when @p overlaps is set. */
lb_status lb__validate(lb_context *ctx, const lb__data *data,
                       lb_diagnostics *diag, int overlaps);

/* Call @p fn for each code of a BCXMBH list (separated by commas,
 * semicolons or blanks, ASCII or full-width). */
lb_status lb__links_each(const char *links,
                         lb_status (*fn)(const char *code, void *ud), void *ud);

/* --- geometry helpers (geometry.c) ------------------------------------- */
/* The polygonal parts of @p g as one (Multi)Polygon (new geometry), or
 * NULL when it has none. */
GEOSGeometry *lb__polygonal(lb_context *ctx, const GEOSGeometry *g);
/* An STRtree over the @p n items of @p elem bytes from @p base, each
 * indexed by the geometry at *(GEOSGeometry **)(item + @p offset), the
 * item itself as the entry (items without a geometry are left out); NULL
 * when GEOS cannot make one. Trees built on several threads from the
 * same geometries need their envelopes computed first. */
GEOSSTRtree *lb__tree_of(lb_context *ctx, const void *base, size_t n,
                         size_t elem, size_t offset);
/* 1 when every coordinate of the polygonal @p g is a finite number. */
int lb__finite_coords(lb_context *ctx, const GEOSGeometry *g);
/* A growing buffer for a ring's coordinates (x, y pairs), reused ring
 * after ring; free(v) when done. */
typedef struct lb__coords {
    double *v;
    size_t cap; /* doubles */
} lb__coords;
/* The coordinates of @p ring into @p buf, *n of them (on LB_ERR_NOMEM,
 * how many there were to hold): LB_ERR_GEOS when GEOS cannot give them;
 * the context is left as it was. */
lb_status lb__ring_coords(GEOSContextHandle_t h, const GEOSGeometry *ring,
                          lb__coords *buf, size_t *n);
/* Intersection with a retry on a fixed-precision grid when GEOS throws;
 * *retried is set when the retry was needed. NULL when both fail. */
GEOSGeometry *lb__intersection(lb_context *ctx, const GEOSGeometry *a,
                               const GEOSGeometry *b, int *retried);
GEOSGeometry *lb__difference(lb_context *ctx, const GEOSGeometry *a,
                             const GEOSGeometry *b, int *retried);

/* --- the result (result.c, measure.c, balance.c) ---------------------- */
#define LB__NIND 3

struct lb_project {
    char *code, *name, *town, *town_code, *links;
    lb_project_kind kind;
    lb__sum ind[LB__NIND];     /* occupied or supplied */
    lb__sum grade_w, grade_ws; /* Σ net and Σ net·grade */
    lb__sum by_class[4];       /* [1..3]: 0101, 0102, 0103 */
    lb__sum by_grade[LB__GRADES + 1];
    double footprint;
};

struct lb_group {
    char *name;
    char **codes;
    size_t ncodes;
    double ind[3][LB__NIND]; /* [lb_side][lb_indicator] */
    double grade_w[2], grade_ws[2];
    int balanced;
};

struct lb_result {
    struct lb_project *projects; /* sorted by code */
    size_t nprojects;
    struct lb_group *groups;
    size_t ngroups;
    struct lb_group *towns;
    size_t ntowns;
    struct lb_group total;
    lb_diagnostics *diag;
    char crs[128];
    lb_area_method method;
    char dataset[512];
};

/* Projects of the result from the project table, sorted by code. */
lb_status lb__result_projects(lb_context *ctx, const lb__data *d,
                              lb_result *res);
/* The project with @p code, NULL when none. */
struct lb_project *lb__result_find(const lb_result *res, const char *code);
/* Measure occupation and supplement (rules.md §3) into the projects.
 * The pass's workers may still be freeing their states when it returns:
 * lb__tail_join(@p tail) (pipeline.h) waits for them and then frees the
 * footprints and claims; it must be called whatever this returned. */
struct lb__tail;
lb_status lb__measure(lb_context *ctx, const lb__data *d, lb_result *res,
                      struct lb__tail *tail);
/* Linked groups, towns and the total (rules.md §3 "Balance"). */
lb_status lb__balance_groups(lb_context *ctx, lb_result *res);

#endif /* LB_INTERNAL_H */
