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

/* lb_ring_area_signed(), and in *points the vertices the ring had once
 * densified (its own n for the planar method; 0 when refused early), so
 * that a geometry's rings can be held to the limit together. */
lb_status lb__ring_area_counted(const lb_area_params *p, const double *xy,
                                size_t n, double *area, const char **why,
                                double *points);

#endif
