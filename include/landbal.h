/*
 * landbal.h: the public API of landbal, a library that checks China's
 * cultivated-land occupation-compensation balance (耕地占补平衡).
 *
 * The rules it implements are in docs/rules.md (quantity, paddy and grain
 * capacity of occupied and supplemented cultivated land, measured on the
 * CGCS2000 ellipsoid as the Third National Land Survey measures TBMJ).
 *
 * Conventions:
 *  - every fallible call returns lb_status (LB_OK = 0); the message of the
 *    last failure is read with lb_errmsg(ctx);
 *  - objects are opaque and read through accessors; every *_destroy(NULL)
 *    is a no-op;
 *  - strings are UTF-8; a returned `const char *` is borrowed from the
 *    object it was read from and lives as long as that object;
 *  - areas are m², capacities kg, angles degrees unless said otherwise;
 *  - one lb_context per thread; the library never prints and never exits.
 */
#ifndef LANDBAL_H
#define LANDBAL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(LB_BUILDING_DLL)
#define LB_API __declspec(dllexport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#define LB_API __attribute__((visibility("default")))
#else
#define LB_API
#endif

/* GEOS's C API types, declared here so that the header does not need
 * geos_c.h; they are the same structs as GEOSGeometry and
 * GEOSContextHandle_t. */
struct GEOSGeom_t;
struct GEOSContextHandle_HS;

/** @name Version */
/**@{*/
#define LANDBAL_VERSION_MAJOR 0
#define LANDBAL_VERSION_MINOR 4
#define LANDBAL_VERSION_PATCH 0
/** The version as one number: major * 10000 + minor * 100 + patch. */
#define LANDBAL_VERSION_NUM                                                    \
    (LANDBAL_VERSION_MAJOR * 10000 + LANDBAL_VERSION_MINOR * 100 +             \
     LANDBAL_VERSION_PATCH)
/** The version of the library linked at run time, e.g. "0.1.0" (static). */
LB_API const char *lb_version(void);
/**@}*/

/** @name Status codes (appended, never renumbered) */
/**@{*/
typedef enum lb_status {
    LB_OK = 0,           /**< success */
    LB_ERR_ARG = 1,      /**< a bad argument (NULL, out of range) */
    LB_ERR_NOMEM = 2,    /**< out of memory */
    LB_ERR_GEOMETRY = 3, /**< unusable coordinates or geometry */
    LB_ERR_CRS = 4,      /**< the CRS is unknown or unusable here */
    LB_ERR_IO = 5,       /**< a file or data source cannot be read or written */
    LB_ERR_INPUT = 6,    /**< the input has error diagnostics */
    LB_ERR_GEOS = 7,     /**< GEOS failed */
    LB_ERR_PROJ = 8,     /**< PROJ failed */
    LB_ERR_CONFIG = 9,   /**< a configuration table (yield table) is bad */
    LB_ERR_INTERNAL = 10 /**< a bug: please report it */
} lb_status;

/** Static English text for a status. Never NULL. */
LB_API const char *lb_errstr(lb_status status);
/**@}*/

/** @name Context */
/**@{*/
typedef struct lb_context lb_context;

/** Log levels passed to the log callback. */
typedef enum lb_log_level {
    LB_LOG_DEBUG = 0,
    LB_LOG_INFO = 1,
    LB_LOG_WARNING = 2,
    LB_LOG_ERROR = 3
} lb_log_level;

/** A log callback. @p message is borrowed for the call only. */
typedef void (*lb_log_fn)(void *user_data, lb_log_level level,
                          const char *message);

/**
 * Progress callback with the signature of GDAL's GDALProgressFunc, so that
 * GDALTermProgress can be passed. Return 0 to cancel.
 */
typedef int (*lb_progress_fn)(double complete, const char *message,
                              void *user_data);

/**
 * Create a context: it owns a GEOS handle, a PROJ context and the message
 * of the last error. Use one per thread.
 * @param[out] out the new context; free with lb_context_destroy(). On
 *             failure *out may still hold a context whose lb_errmsg() says
 *             why (or NULL when even that could not be allocated).
 * @return LB_OK, or LB_ERR_NOMEM / LB_ERR_GEOS / LB_ERR_PROJ.
 */
LB_API lb_status lb_context_create(lb_context **out);
/** Free a context. NULL is a no-op. */
LB_API void lb_context_destroy(lb_context *ctx);
/** The message of the last failure, "" when none; borrowed from @p ctx
 *  until the next call on it. Never NULL. */
LB_API const char *lb_errmsg(const lb_context *ctx);
/** The status of the last failure (LB_OK when none). */
LB_API lb_status lb_errcode(const lb_context *ctx);
/** Route the library's log lines to @p fn (NULL to silence). */
LB_API void lb_context_set_log(lb_context *ctx, lb_log_fn fn, void *user_data);
/** Report progress of long computations to @p fn (NULL for none). */
LB_API void lb_context_set_progress(lb_context *ctx, lb_progress_fn fn,
                                    void *user_data);
/** The context's GEOS handle (a GEOSContextHandle_t), for building
 *  geometries to pass to lb_area_geometry(). Borrowed. */
LB_API struct GEOSContextHandle_HS *lb_context_geos(lb_context *ctx);
/**@}*/

/** @name Area: the pure numeric core (rules.md §2) */
/**@{*/

/** How an area is measured. */
typedef enum lb_area_method {
    /** The 2008 notice's ellipsoidal trapezoids, as the survey's TBMJ. */
    LB_AREA_SURVEY = 0,
    /** The same densified rings through PROJ's geod_polygonarea. */
    LB_AREA_GEODESIC = 1,
    /** Plain area in the projected plane (for comparison only). */
    LB_AREA_PLANAR = 2
} lb_area_method;

/** "survey", "geodesic" or "planar"; NULL for an unknown value. Static. */
LB_API const char *lb_area_method_name(lb_area_method method);
/** Parse a method name. @return LB_OK or LB_ERR_ARG. */
LB_API lb_status lb_area_method_parse(const char *name, lb_area_method *out);

/** Flags for lb_area_params.flags. */
#define LB_AREA_ROUND_ARCSEC                                                   \
    1u /**< round B, L to 1e-6 arc-second, as some                             \
            survey tools do (adds ±0.003 m² noise) */

/**
 * A Transverse Mercator (Gauss-Krüger) projection and how to measure areas
 * in it. A plain caller-owned struct: fill it with lb_area_params_init()
 * (or lb_area_params_from_crs()) and do not touch the derived fields.
 */
typedef struct lb_area_params {
    lb_area_method method; /**< how to measure */
    double densify_m;      /**< longest planar edge before measuring, m (10) */
    unsigned flags;        /**< LB_AREA_* flags */
    double a;              /**< ellipsoid semi-major axis, m */
    double f;              /**< ellipsoid flattening */
    double lon0;           /**< central meridian, degrees */
    double lat0;           /**< latitude of origin, degrees */
    double k0;             /**< scale factor on the central meridian */
    double x0;             /**< false easting, m (zone prefix included) */
    double y0;             /**< false northing, m */
    int is_tm;             /**< 1 when the parameters are a TM projection */
    /* derived by lb_area_params_init(); read-only */
    double b_, e2_, n_, rect_, m0_, cA_, cB_, cC_, cD_, cE_, beta_[6];
} lb_area_params;

/**
 * Set up Transverse Mercator parameters (no allocation, no context).
 * densify_m is set to 10 and flags to 0; change them afterwards if needed.
 * @param[out] p        the parameters
 * @param[in]  method   how to measure
 * @param[in]  a        semi-major axis, m (> 0)
 * @param[in]  f        flattening, in [0, 1)
 * @param[in]  lon0     central meridian, degrees
 * @param[in]  lat0     latitude of origin, degrees
 * @param[in]  k0       scale factor (> 0)
 * @param[in]  x0       false easting, m
 * @param[in]  y0       false northing, m
 * @return LB_OK, or LB_ERR_ARG for a NULL @p p or parameters out of range.
 *
 * @code
 * lb_area_params p;   // CGCS2000 3-degree zone, CM 102 E (EPSG:4543)
 * lb_area_params_init(&p, LB_AREA_SURVEY, 6378137.0, 1 / 298.257222101,
 *                     102.0, 0.0, 1.0, 500000.0, 0.0);
 * @endcode
 */
LB_API lb_status lb_area_params_init(lb_area_params *p, lb_area_method method,
                                     double a, double f, double lon0,
                                     double lat0, double k0, double x0,
                                     double y0);

/**
 * Planar-only parameters (any projected CRS): method LB_AREA_PLANAR.
 */
LB_API lb_status lb_area_params_init_planar(lb_area_params *p);

/**
 * Gauss-Krüger inverse: plane coordinates to geodetic ones.
 * @param[in]  p     TM parameters
 * @param[in]  x, y  easting and northing, m
 * @param[out] lat, lon  degrees (NaN when the input is not finite, or
 *             beyond the projection's reach: over 3,900 km from the
 *             central meridian, or past a pole)
 */
LB_API void lb_tm_inverse(const lb_area_params *p, double x, double y,
                          double *lat, double *lon);

/**
 * Area of one ring given in the projected plane, without sign.
 * @param[in]  p   parameters (method, projection, densification)
 * @param[in]  xy  n (easting, northing) pairs, 2n doubles; the ring must be
 *                 closed (first point = last point)
 * @param[in]  n   number of points, at least 4
 * @param[out] area  m², >= 0
 * @param[out] why   optional (may be NULL): static text naming the problem
 *                   when the status is not LB_OK
 * @return LB_OK; LB_ERR_ARG (NULL pointer); LB_ERR_GEOMETRY (fewer than 4
 *         points, NaN or infinite coordinates, unclosed ring); LB_ERR_CRS
 *         (survey/geodesic without Transverse Mercator parameters).
 */
LB_API lb_status lb_ring_area(const lb_area_params *p, const double *xy,
                              size_t n, double *area, const char **why);

/**
 * Signed area of one ring (positive when counter-clockwise in the plane).
 * Same arguments and errors as lb_ring_area().
 */
LB_API lb_status lb_ring_area_signed(const lb_area_params *p, const double *xy,
                                     size_t n, double *area, const char **why);

/**
 * The series coefficients A..E of the 2008 notice for eccentricity squared
 * @p e2 (国土调查办发〔2008〕32号).
 * @param[out] coef five doubles: A, B, C, D, E
 */
LB_API void lb_survey_coefficients(double e2, double coef[5]);
/**@}*/

/** @name Area of polygons (GEOS geometries, CRS definitions) */
/**@{*/

/**
 * Fill @p p from a CRS definition ("EPSG:4543", WKT, PROJ string) with
 * PROJ: ellipsoid, central meridian, scale, false easting and northing.
 * For LB_AREA_SURVEY and LB_AREA_GEODESIC the CRS must be a Transverse
 * Mercator projection (LB_ERR_CRS with a message otherwise); for
 * LB_AREA_PLANAR any projected CRS does.
 */
LB_API lb_status lb_area_params_from_crs(lb_context *ctx, const char *crs,
                                         lb_area_method method,
                                         lb_area_params *p);

/**
 * Area of a Polygon or MultiPolygon (exterior rings minus holes; rings in
 * either orientation), built with lb_context_geos(ctx).
 * @param[in] g a `GEOSGeometry *` (GEOS C API)
 * @param[out] area m²
 * @return LB_OK; LB_ERR_GEOMETRY for a non-polygonal or bad geometry.
 */
LB_API lb_status lb_area_geometry(lb_context *ctx, const lb_area_params *p,
                                  const struct GEOSGeom_t *g, double *area);

/** Area of a polygon given as WKT (Polygon or MultiPolygon). */
LB_API lb_status lb_area_wkt(lb_context *ctx, const lb_area_params *p,
                             const char *wkt, double *area);
/**@}*/

/** @name Diagnostics (rules.md §4) */
/**@{*/

/** Diagnostic codes; lb_diag_code_name() gives the stable text code. */
typedef enum lb_diag_code {
    LB_DIAG_MISSING_LAYER = 0,
    LB_DIAG_MISSING_FIELD,
    LB_DIAG_BAD_VALUE,
    LB_DIAG_MISSING_GRADE,
    LB_DIAG_NULL_GEOMETRY,
    LB_DIAG_EMPTY_GEOMETRY,
    LB_DIAG_NOT_POLYGON,
    LB_DIAG_INVALID_GEOMETRY,
    LB_DIAG_SLIVER,
    LB_DIAG_CRS_MISSING,
    LB_DIAG_CRS_REPROJECTED,
    LB_DIAG_DUPLICATE_ID,
    LB_DIAG_UNKNOWN_PROJECT,
    LB_DIAG_AREA_MISMATCH,
    LB_DIAG_BASELINE_OVERLAP,
    LB_DIAG_OCCUPATION_OVERLAP,
    LB_DIAG_OCCUPATION_OUTSIDE_BASELINE,
    LB_DIAG_SUPPLEMENT_ON_CULTIVATED,
    LB_DIAG_SUPPLEMENT_OVERLAP,
    LB_DIAG_UPGRADE_NOT_ON_CULTIVATED,
    LB_DIAG_UPGRADE_NO_GAIN,
    LB_DIAG_BAD_ENCODING,
    LB_DIAG_OVERLAY_RETRIED,
    LB_DIAG_PROJECT_WITHOUT_FEATURES,
    LB_DIAG_CRS_NOT_CGCS2000, /**< the baseline's ellipsoid is not CGCS2000's:
                                 areas are measured on it (since 0.3.0) */
    LB_DIAG_COUNT_ /**< number of codes; not a code. It grows with new
                      versions: a program sizing a table by it should also
                      expect codes beyond it from a newer library (for
                      which lb_diag_code_name() is not NULL). */
} lb_diag_code;

typedef enum lb_severity {
    LB_SEV_WARNING = 1, /**< reported and counted */
    LB_SEV_ERROR = 2    /**< stops the computation */
} lb_severity;

/** "MISSING_LAYER" etc.; NULL for an unknown code. Static. */
LB_API const char *lb_diag_code_name(lb_diag_code code);
/** "warning" or "error". Static. */
LB_API const char *lb_severity_name(lb_severity severity);

typedef struct lb_diagnostics lb_diagnostics;
typedef struct lb_diagnostic lb_diagnostic;

/** Number of diagnostics. */
LB_API size_t lb_diagnostics_count(const lb_diagnostics *d);
/** Number with a code (-1: any) and a severity (0: any). */
LB_API size_t lb_diagnostics_count_by(const lb_diagnostics *d, int code,
                                      int severity);
/** The i-th diagnostic (in the order found), NULL when out of range. */
LB_API const lb_diagnostic *lb_diagnostics_get(const lb_diagnostics *d,
                                               size_t i);
/** Free a list (only lists returned by lb_check()). NULL is a no-op. */
LB_API void lb_diagnostics_destroy(lb_diagnostics *d);

LB_API lb_diag_code lb_diagnostic_code(const lb_diagnostic *g);
LB_API lb_severity lb_diagnostic_severity(const lb_diagnostic *g);
/** Layer name ("dltb", ...), "" when none. */
LB_API const char *lb_diagnostic_layer(const lb_diagnostic *g);
/** Feature id, -1 when the diagnostic is not about one feature. */
LB_API long long lb_diagnostic_fid(const lb_diagnostic *g);
/** Project code, "" when unknown. */
LB_API const char *lb_diagnostic_project(const lb_diagnostic *g);
/** Affected area in m², NaN when none. */
LB_API double lb_diagnostic_area(const lb_diagnostic *g);
/** A message a person can act on. */
LB_API const char *lb_diagnostic_message(const lb_diagnostic *g);
/**@}*/

/** @name Inputs (rules.md §1) */
/**@{*/

/** The four input roles. */
typedef enum lb_role {
    LB_ROLE_BASELINE = 0,   /**< 地类图斑, default layer "dltb" */
    LB_ROLE_OCCUPATION = 1, /**< 占用范围, default layer "zyfw" */
    LB_ROLE_SUPPLEMENT = 2, /**< 补充耕地, default layer "bcgd" */
    LB_ROLE_PROJECTS = 3,   /**< 项目信息, default layer "xmxx" */
    LB_ROLE_COUNT_ = 4
} lb_role;

/** "baseline", "occupation", "supplement", "projects"; NULL otherwise. */
LB_API const char *lb_role_name(lb_role role);
/** Parse a role name. @return LB_OK or LB_ERR_ARG. */
LB_API lb_status lb_role_parse(const char *name, lb_role *out);

/** What to read and how to measure: sources, field names, options. */
typedef struct lb_input lb_input;

/** Create an empty input description; free with lb_input_destroy(). */
LB_API lb_status lb_input_create(lb_context *ctx, lb_input **out);
LB_API void lb_input_destroy(lb_input *in);
/** The dataset holding every role under its default layer name. */
LB_API lb_status lb_input_set_dataset(lb_input *in, const char *path);
/** One role's source: "PATH" or "PATH:LAYER" (or a GDAL connection
 *  string followed by ":LAYER"), as lb_source_split() reads it.
 *  Overrides the dataset for that role. */
LB_API lb_status lb_input_set_source(lb_input *in, lb_role role,
                                     const char *source);
/**
 * Split a source into the dataset and the layer named after its last
 * colon, as the library does (since 0.4.0): "county.gpkg:dltb" is
 * "county.gpkg" and "dltb"; "PG:dbname=x:dltb" is "PG:dbname=x" and
 * "dltb". When an earlier colon ends the name of an existing file, the
 * layer's name has colons: "county.gpkg:zone:dltb" is "county.gpkg" and
 * "zone:dltb". No layer is named (@p layer is "") by an existing file
 * whose name has a colon, a connection string alone ("PG:dbname=x",
 * "pg:...") or a drive letter ("C:a.shp").
 * @param[in]  source     the source; @p path may be its own buffer
 * @param[out] path       the dataset, @p path_size bytes with the NUL
 * @param[out] layer      the layer or "", @p layer_size bytes with the NUL
 * @return LB_OK, or LB_ERR_ARG when an argument is NULL or a part does
 *         not fit its buffer (both are then "").
 */
LB_API lb_status lb_source_split(const char *source, char *path,
                                 size_t path_size, char *layer,
                                 size_t layer_size);
/** Read field @p name (the survey's name, e.g. "DLBM") of @p role from
 *  column @p field. */
LB_API lb_status lb_input_set_field(lb_input *in, lb_role role,
                                    const char *name, const char *field);
/** Parse "ROLE.NAME=FIELD" (the program's --field). */
LB_API lb_status lb_input_set_field_spec(lb_input *in, const char *spec);
/** Text encoding of the sources (e.g. "GBK") when they do not say. */
LB_API lb_status lb_input_set_encoding(lb_input *in, const char *encoding);
/** CRS to assume for layers that have none (e.g. "EPSG:4543"). */
LB_API lb_status lb_input_set_assume_crs(lb_input *in, const char *crs);
/** The grade -> yield CSV (header grade,kg_per_mu; grades 1..15). */
LB_API lb_status lb_input_set_yield_table(lb_input *in, const char *path);
/** Area method (default LB_AREA_SURVEY) and densification (default 10 m). */
LB_API lb_status lb_input_set_area(lb_input *in, lb_area_method method,
                                   double densify_m);
/** The most worker threads lb_input_set_threads() accepts. */
#define LB_MAX_THREADS 256
/** Worker threads, 0..LB_MAX_THREADS; 0 (the default) means all cores. */
LB_API lb_status lb_input_set_threads(lb_input *in, int threads);
/**@}*/

/** @name Checking and balancing */
/**@{*/

/**
 * Read and validate every input; no balance is computed.
 * @param[out] out the diagnostics found; free with lb_diagnostics_destroy().
 * @return LB_OK when the inputs could be read (even if they have error
 *         diagnostics: count them), or an error status for a failure that
 *         stopped the reading (unreadable file, bad yield table, no memory).
 */
LB_API lb_status lb_check(lb_context *ctx, const lb_input *in,
                          lb_diagnostics **out);

typedef struct lb_result lb_result;
typedef struct lb_project lb_project;
typedef struct lb_group lb_group;

/**
 * Compute the balance (rules.md §3).
 * @param[out] out the result; free with lb_result_destroy(). It is also
 *             returned with LB_ERR_INPUT, holding the diagnostics that say
 *             what is wrong; on other errors *out is NULL.
 *
 * @code
 * lb_context *ctx;  lb_input *in;  lb_result *res;
 * lb_context_create(&ctx);
 * lb_input_create(ctx, &in);
 * lb_input_set_dataset(in, "data/chuxiong.gpkg");
 * lb_input_set_yield_table(in, "data/grade_yield.csv");
 * if (lb_balance(ctx, in, &res) == LB_OK)
 *     printf("%s\n", lb_group_balanced(lb_result_total(res))
 *                        ? "balanced" : "short");
 * lb_result_destroy(res);
 * lb_input_destroy(in);
 * lb_context_destroy(ctx);
 * @endcode
 */
LB_API lb_status lb_balance(lb_context *ctx, const lb_input *in,
                            lb_result **out);
LB_API void lb_result_destroy(lb_result *res);

/** Diagnostics of the run (borrowed from @p res). */
LB_API const lb_diagnostics *lb_result_diagnostics(const lb_result *res);
/** The CRS the overlay ran in, e.g. "EPSG:4543". */
LB_API const char *lb_result_crs(const lb_result *res);
/** The dataset the run was given (lb_input_set_dataset()), "" when none. */
LB_API const char *lb_result_dataset(const lb_result *res);
LB_API lb_area_method lb_result_area_method(const lb_result *res);

/** Projects in the order of their codes. */
LB_API size_t lb_result_project_count(const lb_result *res);
LB_API const lb_project *lb_result_project(const lb_result *res, size_t i);
/** The project with code @p code, NULL when none. */
LB_API const lb_project *lb_result_project_find(const lb_result *res,
                                                const char *code);

typedef enum lb_project_kind {
    LB_PROJECT_OCCUPATION = 1,
    LB_PROJECT_SUPPLEMENT = 2
} lb_project_kind;

/** Indicators. */
typedef enum lb_indicator {
    LB_IND_QUANTITY = 0, /**< 耕地数量, m² */
    LB_IND_PADDY = 1,    /**< 水田规模, m² */
    LB_IND_CAPACITY = 2  /**< 粮食产能, kg */
} lb_indicator;

LB_API const char *lb_project_code(const lb_project *p);
LB_API const char *lb_project_name(const lb_project *p);
LB_API lb_project_kind lb_project_kind_of(const lb_project *p);
LB_API const char *lb_project_town(const lb_project *p);
/** What an occupation project occupies or a supplement project supplies. */
LB_API double lb_project_indicator(const lb_project *p, lb_indicator ind);
/** Area-weighted mean grade (等别) of occupied or new land; NaN if none. */
LB_API double lb_project_mean_grade(const lb_project *p);
/** Footprint area (union of the features), m². */
LB_API double lb_project_footprint(const lb_project *p);
/** Occupied or supplied m² of class "0101", "0102" or "0103". */
LB_API double lb_project_by_class(const lb_project *p, const char *dlbm);
/** Occupied or new m² of grade 1..15 (0 for other grades). */
LB_API double lb_project_by_grade(const lb_project *p, int grade);

/** Linked groups (connected components of the BCXMBH links). */
LB_API size_t lb_result_group_count(const lb_result *res);
LB_API const lb_group *lb_result_group(const lb_result *res, size_t i);
/** Towns (XZQMC), in the order of their names. */
LB_API size_t lb_result_town_count(const lb_result *res);
LB_API const lb_group *lb_result_town(const lb_result *res, size_t i);
/** The whole dataset. */
LB_API const lb_group *lb_result_total(const lb_result *res);

/** Which side of a group's account. */
typedef enum lb_side {
    LB_OCCUPIED = 0,
    LB_SUPPLIED = 1,
    LB_SURPLUS = 2 /**< supplied - occupied */
} lb_side;

LB_API const char *lb_group_name(const lb_group *g);
LB_API size_t lb_group_project_count(const lb_group *g);
LB_API const char *lb_group_project_code(const lb_group *g, size_t i);
LB_API double lb_group_indicator(const lb_group *g, lb_side side,
                                 lb_indicator ind);
/** 1 when all three surpluses are >= 0 in reporting units. */
LB_API int lb_group_balanced(const lb_group *g);
/** Area-weighted mean grade of occupied (LB_OCCUPIED) or new (LB_SUPPLIED)
 *  land; NaN when there is none. */
LB_API double lb_group_mean_grade(const lb_group *g, lb_side side);
/**@}*/

/** @name Writing results (rules.md §5) */
/**@{*/
typedef enum lb_format {
    LB_FORMAT_TEXT = 0,
    LB_FORMAT_JSON = 1,
    LB_FORMAT_CSV = 2
} lb_format;

LB_API lb_status lb_format_parse(const char *name, lb_format *out);

/**
 * Write a result. @p path NULL or "-" writes to standard output; a file is
 * written atomically (a temporary file beside it, then renamed).
 */
LB_API lb_status lb_result_write(lb_context *ctx, const lb_result *res,
                                 lb_format format, const char *path);

/** Write diagnostics alone (text grouped by code, or JSON
 *  {"diagnostics": [...]}), as `landbal check` prints them. */
LB_API lb_status lb_diagnostics_write(lb_context *ctx, const lb_diagnostics *d,
                                      lb_format format, const char *path);
/**@}*/

#ifdef __cplusplus
}
#endif
#endif /* LANDBAL_H */
