/*
 * piece.h: the area of the piece two polygons have in common, without an
 * overlay, when the polygons are in general position; GEOS's overlay
 * decides the rest.
 */
#ifndef LB_PIECE_H
#define LB_PIECE_H

#include "landbal.h"

#ifndef GEOS_USE_ONLY_R_API
#define GEOS_USE_ONLY_R_API
#endif
#include <geos_c.h>

/* A Polygon or MultiPolygon read for lb__piece_area: its rings' points,
 * shells counter-clockwise and holes clockwise. */
typedef struct lb__piece_poly lb__piece_poly;

/* The buffers of one thread's calls, reused from one call to the next. */
typedef struct lb__piece_work lb__piece_work;

/* @p g read once, for a caller that measures it against many polygons;
 * NULL when out of memory. A geometry the method does not take (not
 * polygonal, empty, a ring whose orientation is not certain, coordinates
 * beyond 1e±100) is read as such, and every lb__piece_area with it
 * gives 0. Free with lb__piece_poly_destroy. */
lb__piece_poly *lb__piece_prepare(GEOSContextHandle_t h, const GEOSGeometry *g);

/* Frees @p p; NULL is a no-op. */
void lb__piece_poly_destroy(lb__piece_poly *p);

lb__piece_work *lb__piece_work_create(void);
void lb__piece_work_destroy(lb__piece_work *w);

/*
 * The area of the intersection of @p g and @p b, two valid polygonal
 * geometries, with @p p's method: 1 and *area, or 0 when GEOS must decide.
 *
 * The boundary of the intersection is the parts of each boundary that lie
 * in the other's interior. With exact signs of orientation (a floating
 * point filter with a proven error bound: an uncertain sign counts as a
 * degeneracy), the method finds every crossing of the two boundaries,
 * orders the crossings along each edge (their computed positions with
 * error bounds that do not overlap), tells whether each ring starts
 * inside the other polygon (a crossing count), and links the parts into
 * rings, which are measured like any ring (lb_ring_area_signed). It gives
 * up (0) on any contact but a proper crossing: a vertex on the other's
 * boundary, edges along one another, crossings too close to order, or
 * too close to a vertex; and on polygons too large to compare edge by
 * edge. The rings are the intersection's own, each crossing point rounded
 * once: the area is within a few ulps times the edges' lengths of the
 * exact one. GEOS's overlay is as close where its floating-point noding
 * succeeds; on nearly coincident edges (a copy shifted by 1e-9..1e-6 m) it
 * falls back to snapping and can be further off (1e-6 m² on a piece of
 * 1.4 m²), and the two then differ.
 */
int lb__piece_area(lb__piece_work *w, const lb_area_params *p,
                   GEOSContextHandle_t h, const GEOSGeometry *g,
                   const lb__piece_poly *b, double *area);

#endif
