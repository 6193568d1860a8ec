/*
 * cu_fixture.h: small data sets for the reading and checking tests
 * (cu_source.c, cu_check.c), built in a temporary folder with the GDAL C
 * API, never through the library under test: GeoPackages, shapefiles
 * (GBK with and without .cpg) and GeoJSON.
 *
 * Coordinates in rows are metres east and north of FX_E0, FX_N0 in
 * EPSG:4543 (CGCS2000 3-degree Gauss-Krüger CM 102E, near 东华镇 like
 * tests/data/example/).
 *
 * Reference areas are cu_gpkg.h's, computed without the library: corners
 * densified to at most 1 m along each edge, EPSG:4543 -> EPSG:4490 with
 * PROJ's proj_trans, area on the CGCS2000 ellipsoid with geod_polygonarea.
 * The origin and the reference are shared with cu_gpkg.h.
 */
#ifndef LB_CU_FIXTURE_H
#define LB_CU_FIXTURE_H

#include <ogr_core.h>
#include <stddef.h>

#include "cu_gpkg.h"
#include "landbal.h"

#define FX_E0 CU_E0 /* easting of the fixtures' origin, m (cu_gpkg.h) */
#define FX_N0 CU_N0 /* northing of the fixtures' origin, m */

/* Any feature id, for fx_find() and FX_EXPECT(). */
#define FX_ANY_FID (-2LL)

/*
 * One layer to write.
 * rows: NULL-terminated; each "GEOM|v1|v2|..." with the values in the
 * order of the schema. GEOM is "" (no geometry), "R x y w h" (a rectangle
 * of w x h m with its south-west corner at FX_E0 + x, FX_N0 + y, given in
 * the layer's CRS: corners transformed for EPSG:4490) or WKT in the
 * layer's own coordinates. A value "~" is left null; any other is set
 * as text (OGR converts it to the field's type).
 */
typedef struct fx_layer {
    const char *name;        /* layer name */
    OGRwkbGeometryType geom; /* wkbPolygon, wkbUnknown (any), wkbNone */
    int epsg;                /* 0: no CRS */
    const char *schema;      /* "BSM:s,TBMJ:r,GDDB:i" (String/Real/Integer) */
    const char *const *rows;
} fx_layer;

/* The well-formed layers of the four roles (dltb, zyfw, bcgd, xmxx):
 * three baseline parcels (0101 grade 7, 0103 grade 11, 1206), occupation
 * ZY-1 on the 0101 parcel, supplement BC-1 (新增) on the 1206 parcel, and
 * the two projects (占用 / 补充, town 东华镇). lb_check finds nothing. */
extern const fx_layer fx_dltb, fx_zyfw, fx_bcgd, fx_xmxx;
/* Pass in fx_dataset()'s @p over to leave a role's layer out. */
extern const fx_layer fx_omit;

/* GDALAllRegister and the PROJ objects of the reference; 0 on success.
 * Reference counted: each suite calls fx_init and fx_done once. */
int fx_init(void);
void fx_done(void);

/* Write @p layer with @p driver ("GPKG", "ESRI Shapefile", "GeoJSON") at
 * @p path; a GeoPackage that exists gets one layer more. @p lco: layer
 * creation options, NULL-terminated, or NULL. 0 on success (a message on
 * stderr otherwise). */
int fx_write(const char *path, const char *driver, const fx_layer *layer,
             const char *const *lco);

/* A GeoPackage @p name in @p dir with the four roles: over[r] replaces
 * the default layer of role r (NULL keeps it, &fx_omit leaves it out);
 * @p over may be NULL. Returns the path (rotating static storage), or
 * NULL when it could not be written. */
const char *fx_dataset(const char *dir, const char *name,
                       const fx_layer *const over[LB_ROLE_COUNT_]);

/* A county's export: the occupation layer dir/zyfw.shp and the project
 * table dir/xmxx.dbf written in GBK (ENCODING=CP936): ZY-1 is "东华镇-1"
 * (占用, drawing on BC-1), BC-1 补充, and a second footprint belongs to
 * "东华镇-9", which the table does not list. @p keep_cpg: leave the .cpg
 * files GDAL writes; @p ldid: a DBF language-driver byte to set (0: as
 * GDAL writes it); @p xmlx_col: the name of the XMLX column. 0 on
 * success. */
int fx_gbk_shapefiles(const char *dir, int keep_cpg, int ldid,
                      const char *xmlx_col);

/* WKT of the rectangle w x h at (x, y) relative metres, in EPSG:4543
 * (rotating static storage). */
const char *fx_wkt_rect(double x, double y, double w, double h);
/* Reference ellipsoidal area of that rectangle, m² (NaN on failure). */
double fx_ref_rect(double x, double y, double w, double h);

/* Files. 0 on success. */
int fx_copy(const char *from, const char *to);
int fx_truncate(const char *path, long size);
/* Overwrite @p count bytes at @p offset with @p byte. */
int fx_poke(const char *path, long offset, int byte, long count);
int fx_exists(const char *path);

/* An input on @p dataset (NULL: none), asserting success. */
lb_input *fx_input(lb_context *ctx, const char *dataset);

/* lb_check, asserting LB_OK (the message is printed when not). */
#define FX_CHECK(ctx, in) fx_check_((ctx), (in), __FILE__, __LINE__)
lb_diagnostics *fx_check_(lb_context *ctx, const lb_input *in, const char *file,
                          int line);

/* The first diagnostic with @p code on @p layer (NULL: any) about feature
 * @p fid (FX_ANY_FID: any), NULL when none. */
const lb_diagnostic *fx_find(const lb_diagnostics *d, lb_diag_code code,
                             const char *layer, long long fid);

/* Assert that such a diagnostic exists and has severity @p sev; returns
 * it (NULL when not found; the list is printed then). */
#define FX_EXPECT(d, code, sev, layer, fid)                                    \
    fx_expect_((d), (code), (sev), (layer), (fid), __FILE__, __LINE__)
const lb_diagnostic *fx_expect_(const lb_diagnostics *d, lb_diag_code code,
                                lb_severity sev, const char *layer,
                                long long fid, const char *file, int line);

/* Assert that the list holds exactly @p n diagnostics (printed if not). */
#define FX_EXPECT_COUNT(d, n) fx_expect_count_((d), (n), __FILE__, __LINE__)
void fx_expect_count_(const lb_diagnostics *d, size_t n, const char *file,
                      int line);

/* Assert that @p text contains @p needle (both printed if not). */
#define FX_ASSERT_HAS(text, needle)                                            \
    fx_assert_has_((text), (needle), __FILE__, __LINE__)
void fx_assert_has_(const char *text, const char *needle, const char *file,
                    int line);

/* Print a list of diagnostics on stderr (for failing tests). */
void fx_dump(const lb_diagnostics *d);

#endif
