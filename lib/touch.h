/*
 * touch.h: do two polygons' interiors meet? A cheap proof for the usual
 * case of survey parcels, which share whole edges and vertices with their
 * neighbours; GEOS decides the rest.
 */
#ifndef LB_TOUCH_H
#define LB_TOUCH_H

#ifndef GEOS_USE_ONLY_R_API
#define GEOS_USE_ONLY_R_API
#endif
#include <geos_c.h>

typedef enum lb__touch {
    LB__TOUCH_UNKNOWN = -1, /* not proven either way: ask GEOS */
    LB__TOUCH_OVERLAP = 0,  /* the interiors meet */
    LB__TOUCH_APART = 1     /* they do not: the polygons at most touch */
} lb__touch;

/*
 * Whether the interiors of @p a and @p b meet, for two valid Polygons or
 * MultiPolygons (anything else is LB__TOUCH_UNKNOWN), part by part.
 *
 * Two valid polygons, each with a connected interior, have interiors
 * that do not meet exactly when neither boundary enters the other's
 * interior and they are not the same polygon. The proof reads both
 * boundaries with GEOS's robust orientation test: every edge of one is
 * an edge of the other, or meets the other's edges only at shared
 * vertices, and its vertices that are not shared lie outside the other
 * polygon (a crossing count); one such vertex rules out equality. Any
 * other contact (a crossing, a vertex on an edge, edges along one
 * another, an edge between two shared vertices) leaves the answer to
 * GEOS. A vertex of one inside the other proves an overlap.
 */
lb__touch lb__touch_test(GEOSContextHandle_t h, const GEOSGeometry *a,
                         const GEOSGeometry *b);

/* 1 when the interiors of @p a and @p b do not meet (they are disjoint
 * or only touch), 0 when they do. The proof above first; when it cannot
 * tell, GEOS's prepared intersects and touches on *prep, @p a prepared,
 * which is made on first need (a caller testing one geometry against
 * many starts with NULL and destroys it after, when not NULL). */
int lb__interiors_apart(GEOSContextHandle_t h,
                        const GEOSPreparedGeometry **prep,
                        const GEOSGeometry *a, const GEOSGeometry *b);

#endif
