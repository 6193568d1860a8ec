/*
 * gen.h: the synthetic Chuxiong data set generator (data/README.md says
 * what it makes and why). Shared types and the functions each file of
 * data/gen offers the others.
 *
 *   gen_util.c      PRNG, value noise, rounding, land-use codes, yields,
 *                   small containers, GEOS helpers
 *   gen_terrain.c   the four towns, their synthetic terrain and lines
 *   gen_baseline.c  the baseline parcels (dltb): Voronoi cells -> parcels
 *   gen_projects.c  occupation footprints (zyfw) and supplement parcels
 *                   (bcgd) designed against the balance
 *   gen_balance.c   rules.md §3 measured here, the summary on stderr
 *   gen_write.c     GeoPackage, Shapefile (GBK) and CSV output
 *   gen_main.c      command line and order of work
 */
#ifndef LB_GEN_H
#define LB_GEN_H

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include <stddef.h>
#include <stdint.h>

#include "landbal.h"

#define GEN_NTOWNS 4
#define GEN_MAX_LINES 12
#define GEN_MAX_VILLAGES 8
/* Every output coordinate sits on this grid (m): 1 mm, as survey data
 * keeps 3 decimals; areas are computed after rounding. */
#define GEN_GRID 0.001
/* 1 亩 = 10000/15 m² (domain.md §0). */
#define GEN_MU_PER_M2 0.0015
/* Parcels are kept under 5 ha (the brief: 0.05–5 ha). */
#define GEN_MAX_PARCEL_M2 49000.0
#define GEN_MIN_PARCEL_M2 600.0

/* ---- PRNG and noise (gen_util.c) ----------------------------------------- */
typedef struct gen_rng {
    uint64_t s;
} gen_rng;

uint64_t gen_mix64(uint64_t x);
void gen_rng_seed(gen_rng *r, uint64_t seed);
uint64_t gen_rng_next(gen_rng *r);
double gen_rng_uniform(gen_rng *r); /* [0, 1) */
double gen_rng_range(gen_rng *r, double lo, double hi);
int gen_rng_int(gen_rng *r, int lo, int hi); /* lo..hi inclusive */
/* Smooth value noise in [0, 1] with features about @p wavelength m. */
double gen_noise(uint64_t seed, double x, double y, double wavelength);

/* ---- rounding ------------------------------------------------------------ */
double gen_round_grid(double x); /* to GEN_GRID, half away from zero */
double gen_round2(double x);     /* to 0.01, half away from zero */

/* 1 when the comma-separated list @p links names @p code. */
int gen_links_has(const char *links, const char *code);

/* ---- land-use codes and yields ------------------------------------------- */
const char *gen_dlmc(const char *dlbm);  /* Chinese name; never NULL */
int gen_is_cultivated(const char *dlbm); /* base 0101/0102/0103 */
int gen_is_paddy(const char *dlbm);      /* base 0101 */
int gen_base_is(const char *dlbm, const char *base4);
double gen_yield(int grade); /* kg per 亩 of grade 1..15 (example table) */
double gen_capacity(double m2, int grade); /* kg */
int gen_slope_grade(double slope_deg);     /* GDPDJB 1..5 */
/* 等别 of 耕地 of class dlbm at a height above the river and a slope. */
double gen_grade(const char *dlbm, double height_m, double slope_deg);
/* 田坎 coefficient for a 耕地类型 ("TT"/"PD") and slope grade. */
double gen_kcxs(const char *gdlx, int gdpdjb);

/* ---- failure ------------------------------------------------------------- */
void gen_die(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2), noreturn))
#endif
    ;
void *gen_xmalloc(size_t n);
void *gen_xcalloc(size_t n, size_t size);
void *gen_xrealloc(void *p, size_t n);
void gen_log(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
extern int gen_quiet;

/* ---- an exact-key hash (pair of int64 -> int) ---------------------------- */
typedef struct gen_hash {
    int64_t *a, *b;
    int *val;
    size_t cap, n;
} gen_hash;
void gen_hash_init(gen_hash *h, size_t expected);
/* The value stored under (a, b); stores @p val and returns it when absent. */
int gen_hash_put(gen_hash *h, int64_t a, int64_t b, int val);
void gen_hash_free(gen_hash *h);

/* ---- a growable list of ints --------------------------------------------- */
typedef struct gen_ints {
    int *v;
    size_t n, cap;
} gen_ints;
void gen_ints_push(gen_ints *l, int x);
void gen_ints_free(gen_ints *l);

/* ---- indicators (rules.md §3) -------------------------------------------- */
typedef struct gen_ind {
    double q; /* 耕地数量, m² */
    double p; /* 水田规模, m² */
    double c; /* 粮食产能, kg */
} gen_ind;
void gen_ind_add(gen_ind *acc, gen_ind x);

/* ---- the data ------------------------------------------------------------ */
typedef enum gen_line_kind {
    GEN_RIVER = 0, /* 1101 */
    GEN_ROAD,      /* 1003 */
    GEN_CANAL,     /* 1107 */
    GEN_TRACK,     /* 1006 农村道路 */
    GEN_STREET     /* 1004 */
} gen_line_kind;

typedef struct gen_line {
    gen_line_kind kind;
    double half_width; /* m */
    double *xy;        /* absolute E, N pairs */
    size_t n;
    double minx, miny, maxx, maxy;
} gen_line;

typedef struct gen_town {
    const char *name, *abbr, *code; /* 东华镇, DH, 532301101 */
    double lon, lat;                /* centre of the study area, degrees */
    double e0, n0;                  /* the same in EPSG:4543, m */
    double radius;                  /* mean radius of the study area, m */
    double axis;                    /* river direction, radians from east */
    double valley_w[2];             /* flat floor half-width, v<0 / v>0 */
    double steep[2];                /* hillside gradient far up, v<0/v>0 */
    double hill[2];                 /* length over which it is reached, m */
    int road_side;                  /* +1 / -1: side of the main road */
    double shape[6];                /* outline harmonics */
    double river[5];                /* meander amplitudes, wavelengths, phase */
    uint64_t seed;
    gen_line lines[GEN_MAX_LINES];
    int nlines;
    double villages[GEN_MAX_VILLAGES][3]; /* local u, v, radius: 0702 */
    int nvillages;
    double admin[5][2]; /* local centres of the administrative villages */
    int nadmin;
    double area; /* survey area of the study area, m² */
    int nparcels;
} gen_town;

typedef struct gen_parcel {
    GEOSGeometry *g;
    int town, village;
    char dlbm[8];
    double area; /* survey area, unrounded, m² */
    double tbmj, kcxs, kcmj, tbdlmj;
    int gddb;         /* 0: NULL */
    int gdpdjb;       /* 0: NULL */
    const char *gdlx; /* NULL, "TT" or "PD" */
    double slope;     /* mean slope, degrees */
    double height;    /* mean height above the river, m */
    double x, y;      /* a point inside it (absolute) */
    long long bsm;
    int used; /* claimed by a project design */
} gen_parcel;

typedef struct gen_feature {
    char xmbh[16];
    GEOSGeometry *g;
    /* bcgd only */
    char dlbm[8];
    int gddb;
    double kcxs;
    const char *bclx; /* 新增 提质 改造 提质改造 */
    int base;         /* the baseline parcel it follows, -1 none */
} gen_feature;

typedef struct gen_project {
    char xmbh[16];
    const char *xmmc;
    int supplement; /* 0: occupation */
    int town;
    char bcxmbh[48];
    /* measured (gen_balance.c) */
    gen_ind ind;
    double footprint, outside;
    double by_class[3];           /* 0101 0102 0103, m² */
    double grade_area, grade_sum; /* for the mean grade */
    int nfeatures;
} gen_project;

typedef struct gen_world {
    lb_context *lb;
    GEOSContextHandle_t h;
    lb_area_params survey;
    uint64_t seed;
    gen_town towns[GEN_NTOWNS];
    gen_parcel *parcels;
    size_t nparcels, capparcels;
    GEOSSTRtree *tree; /* parcels; items are gen_parcel pointers */
    gen_feature *zyfw, *bcgd;
    size_t nzyfw, capzyfw, nbcgd, capbcgd;
    gen_project projects[16];
    size_t nprojects;
} gen_world;

/* ---- GEOS helpers (gen_util.c) ------------------------------------------- */
double gen_area(gen_world *w, const GEOSGeometry *g);   /* survey, m² */
double gen_planar(gen_world *w, const GEOSGeometry *g); /* plane, m² */
/* A polygon from a closed ring of n (E, N) pairs (copied). */
GEOSGeometry *gen_polygon(gen_world *w, const double *xy, size_t n);
/* g snapped to GEN_GRID (a new valid geometry). */
GEOSGeometry *gen_snap(gen_world *w, const GEOSGeometry *g);
/* Collect the parcels whose envelope meets g's. */
void gen_query(gen_world *w, const GEOSGeometry *g, gen_ints *out);
GEOSGeometry *gen_check(gen_world *w, GEOSGeometry *g, const char *what);
/* Union of a list of geometries (the list is consumed). */
GEOSGeometry *gen_union_list(gen_world *w, GEOSGeometry **v, size_t n);

/* ---- the steps ----------------------------------------------------------- */
void gen_towns_init(gen_world *w); /* gen_terrain.c */
void gen_town_to_local(const gen_town *t, double e, double n, double *u,
                       double *v);
void gen_town_from_local(const gen_town *t, double u, double v, double *e,
                         double *n);
double gen_river_v(const gen_town *t, double u);
double gen_road_v(const gen_town *t, double u);
double gen_height(const gen_town *t, double u, double v);
double gen_slope(const gen_town *t, double u, double v);
double gen_town_radius(const gen_town *t, double angle);
const char *gen_terrain_class(const gen_town *t, double u, double v);
/* Distance from (x, y) to the line; @p cutoff when farther than that. */
double gen_line_distance(const gen_line *l, double x, double y, double cutoff);
void gen_towns_free(gen_world *w);

void gen_baseline(gen_world *w, int town); /* gen_baseline.c */
void gen_build_tree(gen_world *w);
int gen_verify_baseline(gen_world *w);

void gen_projects(gen_world *w); /* gen_projects.c */

void gen_measure_all(gen_world *w); /* gen_balance.c */
gen_ind gen_measure_occupation(gen_world *w, gen_project *pr);
/* What supplement parcel f adds (rules.md §3) after the parcels
 * claimed[0..nclaimed); *lost (may be NULL) gets the area that does not
 * count: 新增 on baseline 耕地 or upgrades off it, and double claims. */
gen_ind gen_measure_supplement_feature(gen_world *w, const gen_feature *f,
                                       const gen_feature *claimed,
                                       size_t nclaimed, double *lost);
void gen_summary(gen_world *w);
gen_project *gen_project_find(gen_world *w, const char *xmbh);

int gen_write_all(gen_world *w, const char *dir); /* gen_write.c */

#endif
