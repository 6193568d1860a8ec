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

/* A geometry read once for the proof above, for a caller that tests it
 * against many (check tests each parcel against all its neighbours). */
typedef struct lb__touch_prep lb__touch_prep;

/* @p g (any geometry; the proof takes only Polygons and MultiPolygons)
 * read for lb__touch_test_prepared: its coordinates are copied, @p g is
 * not kept. NULL when out of memory; free with lb__touch_prep_destroy. */
lb__touch_prep *lb__touch_prepare(GEOSContextHandle_t h, const GEOSGeometry *g);

/* Frees @p p; NULL is a no-op. */
void lb__touch_prep_destroy(lb__touch_prep *p);

/* lb__touch_test on the geometries @p a and @p b were prepared from: the
 * same answer, without reading them again. */
lb__touch lb__touch_test_prepared(GEOSContextHandle_t h,
                                  const lb__touch_prep *a,
                                  const lb__touch_prep *b);

/* lb__interiors_apart with @p a and @p b prepared as @p ta and @p tb
 * for the proof (when either is NULL, the proof reads @p a and @p b). */
int lb__interiors_apart_prepared(GEOSContextHandle_t h,
                                 const GEOSPreparedGeometry **prep,
                                 const lb__touch_prep *ta,
                                 const GEOSGeometry *a,
                                 const lb__touch_prep *tb,
                                 const GEOSGeometry *b);

#endif
