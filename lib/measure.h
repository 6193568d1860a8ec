/*
 * measure.h: state shared by measure.c (footprints, claims, settling)
 * and pass.c (the pass over the baseline).
 */
#ifndef LB_MEASURE_H
#define LB_MEASURE_H

#include "internal.h"
#include "pipeline.h"

/* Areas under 0.01 m², the survey's reporting unit, are overlay noise
 * (shared edges), not findings. */
#define LB__NOISE_M2 0.01
/* Likewise for capacity: an edge that a reprojection moves by 1e-9 m
 * leaves a piece of a neighbour worth 1e-6 kg, which is no gain. */
#define LB__NOISE_KG 0.01

typedef struct footprint { /* the union of an occupation project's features */
    struct lb_project *proj;
    GEOSGeometry *geom;
    double area;
    lb__sum covered; /* Σ area(F ∩ p) over all baseline parcels */
} footprint;

typedef struct claim { /* a supplement parcel, in first-claim order */
    const lb__supp *s;
    struct lb_project *proj;
    GEOSGeometry *fresh; /* the parcel minus earlier parcels */
    double fresh_area;
    double own_area;  /* beyond the earlier parcels of its own project */
    int retried;      /* an overlay needed the fixed-precision retry */
    lb__sum on_cult;  /* area of fresh on baseline 耕地 */
    lb__sum up_cap;   /* capacity gained by 提质, kg */
    lb__sum up_paddy; /* paddy gained by 改造, m² */
    lb__sum up_net;   /* upgraded land, m² */
} claim;

typedef struct measure {
    lb_context *ctx;
    const lb__data *d;
    lb_result *res;
    footprint *fp;
    size_t nfp;
    claim *cl;
    size_t ncl;
    int threads;
    int retried;    /* an overlay needed the fixed-precision retry */
    double shown;   /* progress of the pass reported so far, 0..1 */
    size_t chunk;   /* parcels in the pass's last chunk */
    lb__tail *tail; /* the pass's workers, freeing their states */
} measure;

/* Add @p net m² of class @p cls and grade @p grade to a project. */
void lb__add_net(struct lb_project *p, const lb__yield *y, int cls, int grade,
                 double net);
/* The pass over the baseline parcels (pass.c). Its workers may still be
 * freeing their states when it returns: m->tail has them. */
lb_status lb__baseline_pass(measure *m);

#endif
