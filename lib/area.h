/*
 * area.h: what the pure area core (area.c) shares with the geometry
 * layer above it (area_geom.c), beyond the public header.
 */
#ifndef LB_AREA_H
#define LB_AREA_H

#include "landbal.h"

#include <stddef.h>

/* The most vertices a densified ring, or all the rings of one geometry,
 * may have: 100,000 km of edges at 10 m. Beyond that it is not a parcel,
 * and measuring it would take minutes. */
#define LB__MAX_DENSIFIED 1e7

/* How many vertices the ring xy[0..n) has once densified for @p p's
 * method (its own n for the planar method). */
double lb__densified_points(const lb_area_params *p, const double *xy,
                            size_t n);

#endif
