/*
 * cu_gpkg.h: hand-built GeoPackages for the balance tests, and the
 * independent reference areas their expected values are computed from.
 *
 * Fixtures are written with the GDAL C API (never through the library
 * under test): layers dltb, zyfw, bcgd, xmxx with the fields of rules.md
 * §1, in EPSG:4543. Coordinates passed to these helpers are metres east
 * and north of CU_E0, CU_N0 (near 东华镇, like tests/data/example/).
 *
 * Reference areas: corners densified to at most 1 m along each edge,
 * EPSG:4543 -> EPSG:4490 with PROJ (proj_trans), area on the CGCS2000
 * ellipsoid with geod_polygonarea; nothing of the library is used.
 */
#ifndef LB_CU_GPKG_H
#define LB_CU_GPKG_H

#include <stddef.h>

#define CU_E0 438500.0  /* easting of the fixtures' origin, m */
#define CU_N0 2784000.0 /* northing of the fixtures' origin, m */

/* Ellipsoids of the references: CGCS2000 (domain.md), and IAG 1975 of
 * Xian 1980 (the 2008 notice's a and 1/f). */
#define CU_CGCS2000_A 6378137.0
#define CU_CGCS2000_F (1 / 298.257222101)
#define CU_IAG75_A 6378140.0
#define CU_IAG75_F (1 / 298.257)
/* An x of exactly this in a WKT is written as +inf (see cu_gpkg.c). */
#define CU_WKT_INF 9e99

typedef struct cu_gpkg cu_gpkg;

/* Create a GeoPackage at @p path (overwritten) with the four layers;
 * NULL on failure (a message on stderr). */
cu_gpkg *cu_gpkg_create(const char *path);
/* Commit and close; 0 on success. NULL is a no-op returning -1. */
int cu_gpkg_close(cu_gpkg *g);

/* A baseline parcel (dltb). NaN for tbmj, kcxs or tbdlmj and 0 for gddb
 * leave the field null. BSM is the feature id. @return the feature id,
 * or -1 on failure. */
long long cu_gpkg_parcel(cu_gpkg *g, const char *wkt, const char *dlbm,
                         int gddb, double kcxs, double tbmj, double tbdlmj);
/* A feature of an occupation footprint (zyfw). */
long long cu_gpkg_occupation(cu_gpkg *g, const char *wkt, const char *xmbh);
/* A supplement parcel (bcgd); NaN kcxs and NULL bclx leave them null. */
long long cu_gpkg_supplement(cu_gpkg *g, const char *wkt, const char *xmbh,
                             const char *dlbm, int gddb, double kcxs,
                             const char *bclx);
/* A row of the project table (xmxx). @p xmlx "occupation"|"supplement";
 * @p links (BCXMBH) may be NULL. The town code is derived from the name. */
long long cu_gpkg_project(cu_gpkg *g, const char *xmbh, const char *xmmc,
                          const char *xmlx, const char *town,
                          const char *links);

/* WKT of the rectangle [x0,x1] x [y0,y1] (relative metres), and of the
 * same with a rectangular hole; static rotating buffers (8 of them). */
const char *cu_wkt_rect(double x0, double y0, double x1, double y1);
const char *cu_wkt_rect_hole(const double outer[4], const double hole[4]);

/* Set up / release the PROJ objects of the reference (reference counted:
 * each suite calls both once). 0 on success. */
int cu_ref_init(void);
void cu_ref_done(void);
/* Reference ellipsoidal area of the rectangle [x0,x1] x [y0,y1], m². */
double cu_ref_rect(double x0, double y0, double x1, double y1);
/* The same for a rectangle in the projected CRS @p crs (relative to CU_E0,
 * CU_N0 there), placed through its geographic CRS @p geog on the
 * ellipsoid (a, f): the reference for other datums. */
double cu_ref_rect_crs(const char *crs, const char *geog, double a, double f,
                       double x0, double y0, double x1, double y1);
/* Longitude and latitude (EPSG:4490, degrees) of the relative point
 * (x, y); NaN before cu_ref_init(). */
void cu_ref_lonlat(double x, double y, double *lon, double *lat);

/* Round to 0.01 (the survey's registered areas, TBMJ and TBDLMJ). */
double cu_round2(double v);

/* The whole content of a file (malloc'd, NUL-terminated; free it), NULL
 * when it cannot be read. *size gets its length when size is not NULL. */
char *cu_slurp(const char *path, size_t *size);

#endif
