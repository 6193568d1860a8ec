/*
 * geometry.c: GEOS helpers shared by reading and measuring: polygonal
 * extraction, and overlays that survive GEOS's TopologyException.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>

/* The grid of the retry after a TopologyException: 0.1 mm, well below
 * the 0.01 m² reporting unit on parcels of any size (style.md). */
#define LB__RETRY_GRID 1e-4

/* Append the polygons of g (recursively) to parts[*n]. */
static int collect_polygons(lb_context *ctx, const GEOSGeometry *g,
                            GEOSGeometry ***parts, size_t *n, size_t *cap)
{
    int type = GEOSGeomTypeId_r(ctx->geos, g);
    int i, k;
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(ctx->geos, g))
            return 1;
        if (*n == *cap) {
            size_t nc = *cap ? 2 * *cap : 8;
            GEOSGeometry **np = realloc(*parts, nc * sizeof *np);
            if (!np)
                return 0;
            *parts = np;
            *cap = nc;
        }
        (*parts)[*n] = GEOSGeom_clone_r(ctx->geos, g);
        return (*parts)[(*n)++] != NULL;
    }
    if (type != GEOS_MULTIPOLYGON && type != GEOS_GEOMETRYCOLLECTION)
        return 1;
    k = GEOSGetNumGeometries_r(ctx->geos, g);
    for (i = 0; i < k; i++)
        if (!collect_polygons(ctx, GEOSGetGeometryN_r(ctx->geos, g, i), parts,
                              n, cap))
            return 0;
    return 1;
}

GEOSGeometry *lb__polygonal(lb_context *ctx, const GEOSGeometry *g)
{
    GEOSGeometry **parts = NULL, *out = NULL;
    size_t n = 0, cap = 0, i;
    if (!g)
        return NULL;
    if (!collect_polygons(ctx, g, &parts, &n, &cap)) {
        for (i = 0; i < n; i++)
            GEOSGeom_destroy_r(ctx->geos, parts[i]);
        free(parts);
        return NULL;
    }
    if (n == 1)
        out = parts[0];
    else if (n > 1)
        out = GEOSGeom_createCollection_r(ctx->geos, GEOS_MULTIPOLYGON, parts,
                                          (unsigned)n);
    free(parts);
    return out;
}

GEOSSTRtree *lb__tree_of(lb_context *ctx, const void *base, size_t n,
                         size_t elem, size_t offset)
{
    GEOSSTRtree *t = GEOSSTRtree_create_r(ctx->geos, 10);
    size_t i;
    for (i = 0; t && i < n; i++) {
        char *item = (char *)base + i * elem;
        GEOSGeometry *g = *(GEOSGeometry **)(item + offset);
        if (g)
            GEOSSTRtree_insert_r(ctx->geos, t, g, item);
    }
    return t;
}

static int ring_finite(GEOSContextHandle_t h, const GEOSGeometry *ring)
{
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned i, n = 0;
    double x, y;
    if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n))
        return 0;
    for (i = 0; i < n; i++)
        if (!GEOSCoordSeq_getXY_r(h, seq, i, &x, &y) || !isfinite(x) ||
            !isfinite(y))
            return 0;
    return 1;
}

int lb__finite_coords(lb_context *ctx, const GEOSGeometry *g)
{
    GEOSContextHandle_t h = ctx->geos;
    int type = GEOSGeomTypeId_r(h, g), i, k;
    if (type == GEOS_MULTIPOLYGON) {
        k = GEOSGetNumGeometries_r(h, g);
        for (i = 0; i < k; i++)
            if (!lb__finite_coords(ctx, GEOSGetGeometryN_r(h, g, i)))
                return 0;
        return 1;
    }
    if (type != GEOS_POLYGON)
        return 0;
    if (GEOSisEmpty_r(h, g))
        return 1;
    if (!ring_finite(h, GEOSGetExteriorRing_r(h, g)))
        return 0;
    k = GEOSGetNumInteriorRings_r(h, g);
    for (i = 0; i < k; i++)
        if (!ring_finite(h, GEOSGetInteriorRingN_r(h, g, i)))
            return 0;
    return 1;
}

lb_status lb__ring_coords(GEOSContextHandle_t h, const GEOSGeometry *ring,
                          lb__coords *buf, size_t *n)
{
    const GEOSCoordSequence *seq =
        ring ? GEOSGeom_getCoordSeq_r(h, ring) : NULL;
    unsigned int size = 0;
    *n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &size))
        return LB_ERR_GEOS;
    *n = size; /* also on failure, for the message */
    if (2 * (size_t)size > buf->cap) {
        size_t cap = 2 * (size_t)size < 64 ? 64 : 2 * (size_t)size;
        double *v = realloc(buf->v, cap * sizeof *v);
        if (!v)
            return LB_ERR_NOMEM;
        buf->v = v;
        buf->cap = cap;
    }
    if (size && !GEOSCoordSeq_copyToBuffer_r(h, seq, buf->v, 0, 0))
        return LB_ERR_GEOS;
    return LB_OK;
}

typedef GEOSGeometry *(*overlay_fn)(GEOSContextHandle_t, const GEOSGeometry *,
                                    const GEOSGeometry *);
typedef GEOSGeometry *(*overlay_prec_fn)(GEOSContextHandle_t,
                                         const GEOSGeometry *,
                                         const GEOSGeometry *, double);

/* The overlay, its polygonal part, and on failure the same on a grid
 * (GEOS's OverlayNG snap-rounding cannot throw). */
static GEOSGeometry *overlay(lb_context *ctx, const GEOSGeometry *a,
                             const GEOSGeometry *b, overlay_fn fn,
                             overlay_prec_fn prec, int *retried)
{
    GEOSGeometry *r = fn(ctx->geos, a, b), *poly;
    if (!r) {
        if (retried)
            *retried = 1;
        r = prec(ctx->geos, a, b, LB__RETRY_GRID);
        if (!r)
            return NULL;
    }
    if (GEOSGeomTypeId_r(ctx->geos, r) == GEOS_POLYGON ||
        (GEOSGeomTypeId_r(ctx->geos, r) == GEOS_MULTIPOLYGON))
        return r;
    poly = lb__polygonal(ctx, r);
    GEOSGeom_destroy_r(ctx->geos, r);
    if (!poly)
        poly = GEOSGeom_createEmptyPolygon_r(ctx->geos);
    return poly;
}

GEOSGeometry *lb__intersection(lb_context *ctx, const GEOSGeometry *a,
                               const GEOSGeometry *b, int *retried)
{
    return overlay(ctx, a, b, GEOSIntersection_r, GEOSIntersectionPrec_r,
                   retried);
}

GEOSGeometry *lb__difference(lb_context *ctx, const GEOSGeometry *a,
                             const GEOSGeometry *b, int *retried)
{
    return overlay(ctx, a, b, GEOSDifference_r, GEOSDifferencePrec_r, retried);
}
