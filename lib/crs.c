/*
 * crs.c: the CRS of a run (rules.md §2): the baseline's, or the 3-degree
 * Gauss-Krüger zone of a geographic baseline; the reprojection of the
 * other layers to it, with PROJ's ballpark named where no datum shift is
 * known; and the warning for a baseline on another ellipsoid than
 * CGCS2000's.
 */
#include "source.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void srs_label(OGRSpatialReferenceH srs, char *out, size_t size)
{
    const char *auth = OSRGetAuthorityName(srs, NULL);
    const char *code = OSRGetAuthorityCode(srs, NULL);
    if (auth && code)
        snprintf(out, size, "%s:%s", auth, code);
    else
        lb__strlcpy(out, OSRGetName(srs) ? OSRGetName(srs) : "unnamed CRS",
                    size);
}

/* The layer's CRS (a new reference, traditional axis order) in *out, or
 * the assumed one when it has none; *out is NULL with CRS_MISSING when
 * there is neither. LB_ERR_CRS when the assumed CRS is not one. */
static lb_status layer_srs(layer *L, lb_diagnostics *diag,
                           OGRSpatialReferenceH *out)
{
    OGRSpatialReferenceH s = OGR_L_GetSpatialRef(L->lyr), srs;
    /* A local (engineering) CRS places nothing on Earth: a GeoPackage's
     * "Undefined Cartesian SRS" (srs_id -1) and "Undefined geographic
     * SRS" (srs_id 0) are its ways of saying it has no CRS. */
    int local =
        s &&
        (OSRIsLocal(s) ||
         (OSRGetName(s) && EQUAL(OSRGetName(s), "Undefined geographic SRS")));
    *out = NULL;
    if (s && !local) {
        srs = OSRClone(s);
    } else if (L->in->assume_crs) {
        srs = OSRNewSpatialReference(NULL);
        if (OSRSetFromUserInput(srs, L->in->assume_crs) != OGRERR_NONE) {
            OSRDestroySpatialReference(srs);
            return lb__fail(L->ctx, LB_ERR_CRS, "--assume-crs %s is not a CRS",
                            L->in->assume_crs);
        }
    } else {
        return lb__diag_add(
            diag, LB_DIAG_CRS_MISSING, LB_SEV_ERROR, L->name, -1, NULL, NAN,
            "the %s layer %s (%s) has no CRS%s%s%s: name one "
            "with --assume-crs, e.g. --assume-crs EPSG:4543",
            lb_role_name(L->role), L->name, L->path,
            local ? " (only an undefined one, '" : "",
            local && OSRGetName(s) ? OSRGetName(s) : "", local ? "')" : "");
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    *out = srs;
    return LB_OK;
}

/* A transformation from @p from to @p to. PROJ is first asked for one
 * that shifts the datum by a known method; only when it has none is its
 * "ballpark" one taken (*ballpark = 1), which changes the ellipsoid and
 * keeps latitude and longitude: between Xian 1980 or Beijing 1954 and
 * CGCS2000 that leaves positions tens of metres off. NULL with
 * *ballpark -1 when out of memory. */
static OGRCoordinateTransformationH
new_transform(OGRSpatialReferenceH from, OGRSpatialReferenceH to, int *ballpark)
{
    OGRCoordinateTransformationOptionsH opt =
        OCTNewCoordinateTransformationOptions();
    OGRCoordinateTransformationH ct = NULL;
    *ballpark = 0;
    if (!opt) {
        *ballpark = -1; /* out of memory, not a missing transformation */
        return NULL;
    }
    if (OCTCoordinateTransformationOptionsSetBallparkAllowed(opt, 0)) {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        ct = OCTNewCoordinateTransformationEx(from, to, opt);
        CPLPopErrorHandler();
    }
    OCTDestroyCoordinateTransformationOptions(opt);
    if (!ct && (ct = OCTNewCoordinateTransformation(from, to)) != NULL)
        *ballpark = 1;
    return ct;
}

/* L->ct from @p from to @p to (new_transform), or the failure: out of
 * memory, or no way from @p flabel to @p tlabel for @p what. */
static lb_status transform_to(layer *L, OGRSpatialReferenceH from,
                              OGRSpatialReferenceH to, const char *what,
                              const char *flabel, const char *tlabel,
                              int *ballpark)
{
    if ((L->ct = new_transform(from, to, ballpark)) != NULL)
        return LB_OK;
    if (*ballpark < 0)
        return lb__fail(L->ctx, LB_ERR_NOMEM, "out of memory");
    return lb__fail(L->ctx, LB_ERR_CRS, "cannot transform %s from %s to %s",
                    what, flabel, tlabel);
}

#define LB__BALLPARK_NOTE 640

/* The end of a CRS_REPROJECTED message when the datum was not shifted. */
static void ballpark_note(int ballpark, const char *from, const char *to,
                          char *out, size_t size)
{
    if (!ballpark) {
        out[0] = '\0';
        return;
    }
    snprintf(out, size,
             ", without a datum shift: PROJ knows no transformation between "
             "the datums of %s and %s, so latitude and longitude were kept "
             "(a ballpark transformation). Positions may be metres off, tens "
             "of metres for Xian 1980 or Beijing 1954: bring the layer into "
             "the baseline's datum with the province's transformation "
             "parameters",
             from, to);
}

/* The CGCS2000 ellipsoid (domain.md: a = 6378137 m, 1/f =
 * 298.257222101), to the precision of its defining constants. GRS 80's
 * 1/f, 298.257222100882711, is within 1e-9 of it and passes: the two give
 * the same areas to 1e-12. */
static int on_cgcs2000_ellipsoid(OGRSpatialReferenceH srs)
{
    OGRErr ea = OGRERR_NONE, ef = OGRERR_NONE;
    double a = OSRGetSemiMajor(srs, &ea), rf = OSRGetInvFlattening(srs, &ef);
    return ea != OGRERR_NONE || ef != OGRERR_NONE ||
           (fabs(a - LB__CGCS2000_A) < 1e-6 &&
            fabs(rf - LB__CGCS2000_RF) < 1e-9);
}

/* The CGCS2000 datum itself (EPSG:4490), not merely its ellipsoid:
 * NAD83 or ETRS89 are on GRS 80 too. */
static int is_cgcs2000(OGRSpatialReferenceH geog)
{
    OGRSpatialReferenceH c = OSRNewSpatialReference(NULL);
    int same = c && OSRImportFromEPSG(c, 4490) == OGRERR_NONE &&
               OSRIsSameGeogCS(geog, c);
    if (c)
        OSRDestroySpatialReference(c);
    return same;
}

/* The 3-degree Gauss-Krüger zone holding the layer's centre, on the
 * datum of its geographic CRS @p geog: for CGCS2000 the EPSG zone without
 * prefix (EPSG:4534 is CM 75°E, each next code 3° further east), for
 * another datum (Xian 1980, WGS 84) the same projection on that datum, so
 * that nothing is moved by a ballpark transformation. Its label in
 * @p label. */
static OGRSpatialReferenceH zone_for_geographic(layer *L,
                                                OGRSpatialReferenceH geog,
                                                char *label, size_t size)
{
    OGREnvelope env;
    OGRSpatialReferenceH srs;
    double lon;
    int cm, ok;
    char name[160];
    if (OGR_L_GetExtent(L->lyr, &env, 1) != OGRERR_NONE)
        return NULL;
    lon = 0.5 * (env.MinX + env.MaxX);
    cm = 3 * (int)floor((lon + 1.5) / 3.0);
    if (cm < 75 || cm > 135)
        return NULL;
    srs = OSRNewSpatialReference(NULL);
    if (is_cgcs2000(geog)) {
        snprintf(label, size, "EPSG:%d", 4534 + (cm - 75) / 3);
        ok = OSRImportFromEPSG(srs, 4534 + (cm - 75) / 3) == OGRERR_NONE;
    } else {
        snprintf(name, sizeof name, "%s / 3-degree Gauss-Kruger CM %dE",
                 OSRGetName(geog) ? OSRGetName(geog) : "unnamed datum", cm);
        lb__strlcpy(label, name, size);
        ok = OSRCopyGeogCSFrom(srs, geog) == OGRERR_NONE &&
             OSRSetProjCS(srs, name) == OGRERR_NONE &&
             OSRSetTM(srs, 0.0, cm, 1.0, 500000.0, 0.0) == OGRERR_NONE &&
             OSRSetLinearUnits(srs, SRS_UL_METER, 1.0) == OGRERR_NONE;
    }
    if (!ok) {
        OSRDestroySpatialReference(srs);
        return NULL;
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

/* A geographic baseline is projected to the 3-degree zone holding its
 * centre (rules.md §2): *srs becomes that zone, L->ct the way there. */
static lb_status project_geographic(layer *L, lb_diagnostics *diag,
                                    OGRSpatialReferenceH *srs)
{
    int ballpark = 0;
    char label[128], zone[200], what[160], note[LB__BALLPARK_NOTE];
    OGRSpatialReferenceH proj;
    lb_status st;
    srs_label(*srs, label, sizeof label);
    proj = zone_for_geographic(L, *srs, zone, sizeof zone);
    if (!proj)
        return lb__fail(L->ctx, LB_ERR_CRS,
                        "the baseline %s is in %s and has no extent within "
                        "the 3-degree zones of 75-135°E",
                        L->name, label);
    /* the same datum: a conversion, not a ballpark (said if it were) */
    snprintf(what, sizeof what, "the baseline %s", L->name);
    if ((st = transform_to(L, *srs, proj, what, label, zone, &ballpark)) !=
        LB_OK) {
        OSRDestroySpatialReference(proj);
        return st;
    }
    OSRDestroySpatialReference(*srs);
    *srs = proj;
    ballpark_note(ballpark, label, zone, note, sizeof note);
    return lb__diag_add(diag, LB_DIAG_CRS_REPROJECTED, LB_SEV_WARNING, L->name,
                        -1, NULL, NAN,
                        "the baseline %s is geographic (%s); it is projected "
                        "to the 3-degree Gauss-Kruger zone holding its "
                        "centre, %s%s",
                        L->name, label, zone, note);
}

/* The survey measures on the CGCS2000 ellipsoid (rules.md §2). A
 * baseline on another one (Xian 1980's IAG 1975, Beijing 1954's
 * Krassowsky, WGS 84) is measured on its own, as the 2008 notice does for
 * such data, and the report says so: its areas are not the 三调's. */
static lb_status other_ellipsoid(layer *L, OGRSpatialReferenceH srs,
                                 const char *label, lb_diagnostics *diag)
{
    OGRErr e = OGRERR_NONE;
    const char *name = OSRGetAttrValue(srs, "SPHEROID", 0);
    const char *crs = OSRGetName(srs);
    int named = crs && strcmp(crs, label) != 0;
    if (on_cgcs2000_ellipsoid(srs))
        return LB_OK;
    return lb__diag_add(
        diag, LB_DIAG_CRS_NOT_CGCS2000, LB_SEV_WARNING, L->name, -1, NULL, NAN,
        "the baseline %s is in %s%s%s%s, on the %s ellipsoid (a = %.3f m, "
        "1/f = %.9g), not CGCS2000's: areas are measured on that ellipsoid "
        "and are not the 三调's; give the layers in a CGCS2000 CRS "
        "(EPSG:4513-4554) to measure survey areas",
        L->name, label, named ? " (" : "", named ? crs : "", named ? ")" : "",
        name ? name : "layer's", OSRGetSemiMajor(srs, &e),
        OSRGetInvFlattening(srs, &e));
}

/* The baseline fixes the CRS of the run. *target stays NULL when the
 * baseline has no CRS (CRS_MISSING said so). */
lb_status lb__layer_target_srs(layer *L, lb_diagnostics *diag,
                               OGRSpatialReferenceH *target, lb__data *data)
{
    char label[128], *wkt = NULL;
    OGRSpatialReferenceH srs;
    lb_status st = layer_srs(L, diag, &srs);
    *target = NULL;
    if (st != LB_OK || !srs)
        return st;
    if (OSRIsGeographic(srs) &&
        (st = project_geographic(L, diag, &srs)) != LB_OK) {
        OSRDestroySpatialReference(srs);
        return st;
    }
    srs_label(srs, label, sizeof label);
    lb__strlcpy(data->crs, label, sizeof data->crs);
    if ((st = other_ellipsoid(L, srs, label, diag)) != LB_OK) {
        OSRDestroySpatialReference(srs);
        return st;
    }
    if (strncmp(label, "EPSG:", 5) != 0)
        OSRExportToWkt(srs, &wkt);
    st = lb_area_params_from_crs(L->ctx, wkt ? wkt : label, L->in->method,
                                 &data->area);
    CPLFree(wkt);
    data->area.densify_m = L->in->densify_m;
    if (st != LB_OK) {
        OSRDestroySpatialReference(srs);
        return st;
    }
    *target = srs;
    return LB_OK;
}

/* Other layers are brought into the baseline's CRS. *placed is 0 when
 * that cannot be done: the baseline or the layer has no CRS (CRS_MISSING
 * said so), and reading its coordinates as the baseline's would only add
 * false diagnostics. */
lb_status lb__layer_follow_srs(layer *L, lb_diagnostics *diag,
                               OGRSpatialReferenceH target, int *placed)
{
    char from[128], to[128], what[160], note[LB__BALLPARK_NOTE];
    OGRSpatialReferenceH srs;
    lb_status st;
    int ballpark = 0;
    *placed = 0;
    if (!target)
        return LB_OK;
    if ((st = layer_srs(L, diag, &srs)) != LB_OK || !srs)
        return st;
    *placed = 1;
    if (!OSRIsSame(srs, target)) {
        srs_label(srs, from, sizeof from);
        srs_label(target, to, sizeof to);
        snprintf(what, sizeof what, "the %s layer", L->name);
        if ((st = transform_to(L, srs, target, what, from, to, &ballpark)) !=
            LB_OK) {
            OSRDestroySpatialReference(srs);
            return st;
        }
        ballpark_note(ballpark, from, to, note, sizeof note);
        st = lb__diag_add(diag, LB_DIAG_CRS_REPROJECTED, LB_SEV_WARNING,
                          L->name, -1, NULL, NAN,
                          "the %s layer %s is in %s; it was reprojected to "
                          "the baseline's %s%s",
                          lb_role_name(L->role), L->name, from, to, note);
    }
    OSRDestroySpatialReference(srs);
    return st;
}
