/*
 * gen_util.c: the generator's small tools: a seeded PRNG (splitmix64),
 * value noise, the rounding rules, land-use codes, the example yield
 * table, containers and GEOS helpers.
 */
#include "gen.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gen_quiet;

/* ---- failure and logging ------------------------------------------------- */

void gen_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen_data: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

void gen_log(const char *fmt, ...)
{
    va_list ap;
    if (gen_quiet)
        return;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

void *gen_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        gen_die("out of memory");
    return p;
}

void *gen_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        gen_die("out of memory");
    return p;
}

void *gen_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        gen_die("out of memory");
    return q;
}

/* ---- PRNG: splitmix64 (Steele, Lea, Flood 2014), small and good enough
 *      for placing parcels; its output never depends on the platform. -- */

uint64_t gen_mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return x;
}

void gen_rng_seed(gen_rng *r, uint64_t seed)
{
    r->s = gen_mix64(seed + UINT64_C(0x9e3779b97f4a7c15));
}

uint64_t gen_rng_next(gen_rng *r)
{
    r->s += UINT64_C(0x9e3779b97f4a7c15);
    return gen_mix64(r->s);
}

double gen_rng_uniform(gen_rng *r)
{
    return (double)(gen_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

double gen_rng_range(gen_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * gen_rng_uniform(r);
}

int gen_rng_int(gen_rng *r, int lo, int hi)
{
    return lo + (int)(gen_rng_uniform(r) * (double)(hi - lo + 1));
}

/* Value noise: uniform values on a lattice, blended with a smoothstep.
 * Land classes follow it so that they form patches, not salt and pepper. */
static double lattice(uint64_t seed, int64_t i, int64_t j)
{
    uint64_t k = gen_mix64(
        seed ^ gen_mix64((uint64_t)i * UINT64_C(0x9E3779B1) + (uint64_t)j));
    return (double)(k >> 11) * (1.0 / 9007199254740992.0);
}

static double smooth(double t)
{
    return t * t * (3.0 - 2.0 * t);
}

double gen_noise(uint64_t seed, double x, double y, double wavelength)
{
    double fx = x / wavelength, fy = y / wavelength;
    double x0 = floor(fx), y0 = floor(fy);
    double tx = smooth(fx - x0), ty = smooth(fy - y0);
    int64_t i = (int64_t)x0, j = (int64_t)y0;
    double a = lattice(seed, i, j), b = lattice(seed, i + 1, j);
    double c = lattice(seed, i, j + 1), d = lattice(seed, i + 1, j + 1);
    double top = a + (b - a) * tx, bottom = c + (d - c) * tx;
    return top + (bottom - top) * ty;
}

/* ---- rounding ------------------------------------------------------------ */

double gen_round_grid(double x)
{
    double v = floor(fabs(x) / GEN_GRID + 0.5) * GEN_GRID;
    return x < 0 ? -v : v;
}

/* Round half away from zero to 0.01, as TDDC3D's Round does for TBMJ,
 * KCMJ and TBDLMJ (domain.md §3.2). A product such as 1234.57 × 0.068 is
 * an exact decimal with 5 places that a double holds only approximately:
 * a binary value within 1e-6 cent of a half cent stands for that decimal
 * tie and goes away from zero, whichever side of it the double fell. */
double gen_round2(double x)
{
    double v = fabs(x) * 100.0;
    double f = floor(v);
    double r = (v - f >= 0.5 - 1e-6) ? f + 1.0 : f;
    return x < 0 ? -r / 100.0 : r / 100.0;
}

int gen_links_has(const char *links, const char *code)
{
    size_t n = strlen(code);
    const char *s = links;
    while (s && *s) {
        const char *end = strchr(s, ',');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        while (len > 0 && *s == ' ') {
            s++;
            len--;
        }
        while (len > 0 && s[len - 1] == ' ')
            len--;
        if (len == n && strncmp(s, code, n) == 0)
            return 1;
        s = end ? end + 1 : NULL;
    }
    return 0;
}

/* ---- land-use codes (GB/T 21010-2017 and the 三调 classes, domain.md
 *      §3.3); K marks 可调整地类 --------------------------------------- */

static const char *const class_names[][2] = {
    {"0101", "水田"},
    {"0102", "水浇地"},
    {"0103", "旱地"},
    {"0201", "果园"},
    {"0201K", "可调整果园"},
    {"0202", "茶园"},
    {"0204", "其他园地"},
    {"0301", "乔木林地"},
    {"0305", "灌木林地"},
    {"0307", "其他林地"},
    {"0307K", "可调整其他林地"},
    {"0404", "其他草地"},
    {"0702", "农村宅基地"},
    {"1003", "公路用地"},
    {"1004", "城镇村道路用地"},
    {"1006", "农村道路"},
    {"1101", "河流水面"},
    {"1104", "坑塘水面"},
    {"1107", "沟渠"},
    {"1206", "裸土地"},
};

const char *gen_dlmc(const char *dlbm)
{
    size_t i;
    for (i = 0; i < sizeof class_names / sizeof class_names[0]; i++)
        if (strcmp(class_names[i][0], dlbm) == 0)
            return class_names[i][1];
    gen_die("no name for land-use code %s", dlbm);
}

int gen_base_is(const char *dlbm, const char *base4)
{
    return strncmp(dlbm, base4, 4) == 0;
}

int gen_is_cultivated(const char *dlbm)
{
    return gen_base_is(dlbm, "0101") || gen_base_is(dlbm, "0102") ||
           gen_base_is(dlbm, "0103");
}

int gen_is_paddy(const char *dlbm)
{
    return gen_base_is(dlbm, "0101");
}

/* The example table of data/grade_yield.csv (kg of standard grain per 亩
 * by 等别); no official national table exists (domain.md §2), so the
 * province's own one replaces it in real use. */
static const double yield_kg_per_mu[15] = {1420, 1310, 1205, 1100, 1000,
                                           905,  815,  730,  650,  575,
                                           505,  440,  380,  325,  275};

double gen_yield(int grade)
{
    if (grade < 1 || grade > 15)
        gen_die("grade %d outside 1..15", grade);
    return yield_kg_per_mu[grade - 1];
}

double gen_capacity(double m2, int grade)
{
    return m2 * GEN_MU_PER_M2 * gen_yield(grade);
}

/* An 等别 (before jitter) for 耕地 of a class at a height above the
 * river (m) and slope (°): it worsens away from the valley floor and with
 * slope, from about 6 for valley paddy to 14 for steep dry land (the
 * national mean is near 10, domain.md §2). */
double gen_grade(const char *dlbm, double height, double slope)
{
    if (gen_is_paddy(dlbm))
        return 5.8 + height / 12.0 + slope / 6.0;
    if (gen_base_is(dlbm, "0102"))
        return 6.8 + height / 12.0 + slope / 6.0;
    return 8.0 + height / 35.0 + slope / 8.0;
}

/* GDPDJB from slope: 1 <=2°, 2 (2,6], 3 (6,15], 4 (15,25], 5 >25°
 * (the usual thresholds; domain.md §3.1 marks them unconfirmed). */
int gen_slope_grade(double slope)
{
    if (slope <= 2.0)
        return 1;
    if (slope <= 6.0)
        return 2;
    if (slope <= 15.0)
        return 3;
    if (slope <= 25.0)
        return 4;
    return 5;
}

/* 田坎系数 by 耕地类型 and slope grade. Real ones are measured per county
 * (domain.md §3.2); these are made up in that range, and 0.027, 0.068,
 * 0.137 are the values of the worked example. Grade 1 has none. */
double gen_kcxs(const char *gdlx, int gdpdjb)
{
    static const double tt[6] = {0, 0, 0.032, 0.068, 0.112, 0.158};
    static const double pd[6] = {0, 0, 0.027, 0.086, 0.137, 0.196};
    if (!gdlx || gdpdjb < 2 || gdpdjb > 5)
        return 0.0;
    return strcmp(gdlx, "TT") == 0 ? tt[gdpdjb] : pd[gdpdjb];
}

void gen_ind_add(gen_ind *acc, gen_ind x)
{
    acc->q += x.q;
    acc->p += x.p;
    acc->c += x.c;
}

/* ---- containers ---------------------------------------------------------- */

static size_t hash_slot(const gen_hash *h, int64_t a, int64_t b)
{
    uint64_t k = gen_mix64((uint64_t)a * UINT64_C(0x9E3779B97F4A7C15) ^
                           gen_mix64((uint64_t)b));
    return (size_t)(k & (h->cap - 1));
}

void gen_hash_init(gen_hash *h, size_t expected)
{
    size_t cap = 64;
    while (cap < 2 * expected)
        cap *= 2;
    h->cap = cap;
    h->n = 0;
    h->a = gen_xmalloc(cap * sizeof *h->a);
    h->b = gen_xmalloc(cap * sizeof *h->b);
    h->val = gen_xmalloc(cap * sizeof *h->val);
    memset(h->val, 0xff, cap * sizeof *h->val); /* -1: empty */
}

static void hash_grow(gen_hash *h)
{
    gen_hash bigger;
    size_t i;
    gen_hash_init(&bigger, h->cap);
    for (i = 0; i < h->cap; i++)
        if (h->val[i] >= 0)
            gen_hash_put(&bigger, h->a[i], h->b[i], h->val[i]);
    gen_hash_free(h);
    *h = bigger;
}

int gen_hash_put(gen_hash *h, int64_t a, int64_t b, int val)
{
    size_t i;
    if (2 * (h->n + 1) > h->cap)
        hash_grow(h);
    for (i = hash_slot(h, a, b);; i = (i + 1) & (h->cap - 1)) {
        if (h->val[i] < 0) {
            h->a[i] = a;
            h->b[i] = b;
            h->val[i] = val;
            h->n++;
            return val;
        }
        if (h->a[i] == a && h->b[i] == b)
            return h->val[i];
    }
}

void gen_hash_free(gen_hash *h)
{
    free(h->a);
    free(h->b);
    free(h->val);
    memset(h, 0, sizeof *h);
}

void gen_ints_push(gen_ints *l, int x)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = gen_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = x;
}

void gen_ints_free(gen_ints *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* ---- GEOS helpers -------------------------------------------------------- */

GEOSGeometry *gen_check(gen_world *w, GEOSGeometry *g, const char *what)
{
    if (!g)
        gen_die("GEOS failed in %s: %s", what, lb_errmsg(w->lb));
    return g;
}

/* Survey area of the polygonal part of g: overlays may return lines or
 * points where shapes only touch, and those have no area. */
double gen_area(gen_world *w, const GEOSGeometry *g)
{
    double a = 0.0;
    int type = GEOSGeomTypeId_r(w->h, g), i, n;
    if (GEOSisEmpty_r(w->h, g))
        return 0.0;
    if (type == GEOS_GEOMETRYCOLLECTION) {
        n = GEOSGetNumGeometries_r(w->h, g);
        for (i = 0; i < n; i++)
            a += gen_area(w, GEOSGetGeometryN_r(w->h, g, i));
        return a;
    }
    if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON)
        return 0.0;
    if (lb_area_geometry(w->lb, &w->survey, g, &a) != LB_OK)
        gen_die("area: %s", lb_errmsg(w->lb));
    return a;
}

double gen_planar(gen_world *w, const GEOSGeometry *g)
{
    double a = 0.0;
    if (!GEOSArea_r(w->h, g, &a))
        gen_die("GEOSArea failed");
    return a;
}

GEOSGeometry *gen_polygon(gen_world *w, const double *xy, size_t n)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(w->h, (unsigned)n, 2);
    GEOSGeometry *ring;
    size_t i;
    if (!cs)
        gen_die("GEOSCoordSeq_create failed");
    for (i = 0; i < n; i++)
        GEOSCoordSeq_setXY_r(w->h, cs, (unsigned)i, xy[2 * i], xy[2 * i + 1]);
    ring = gen_check(w, GEOSGeom_createLinearRing_r(w->h, cs), "ring");
    return gen_check(w, GEOSGeom_createPolygon_r(w->h, ring, NULL, 0),
                     "polygon");
}

GEOSGeometry *gen_snap(gen_world *w, const GEOSGeometry *g)
{
    return gen_check(w, GEOSGeom_setPrecision_r(w->h, g, GEN_GRID, 0),
                     "setPrecision");
}

static void query_cb(void *item, void *ud)
{
    void **pair = ud;
    gen_world *w = pair[0];
    gen_ints_push(pair[1], (int)((gen_parcel *)item - w->parcels));
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

void gen_query(gen_world *w, const GEOSGeometry *g, gen_ints *out)
{
    void *pair[2];
    pair[0] = w;
    pair[1] = out;
    out->n = 0;
    GEOSSTRtree_query_r(w->h, w->tree, g, query_cb, pair);
    /* the tree's visiting order is an implementation detail: sort so the
     * design never depends on it */
    qsort(out->v, out->n, sizeof *out->v, cmp_int);
}

GEOSGeometry *gen_union_list(gen_world *w, GEOSGeometry **v, size_t n)
{
    GEOSGeometry *coll, *u;
    if (n == 0)
        return gen_check(w, GEOSGeom_createEmptyPolygon_r(w->h), "empty");
    coll = gen_check(w,
                     GEOSGeom_createCollection_r(w->h, GEOS_GEOMETRYCOLLECTION,
                                                 v, (unsigned)n),
                     "collection");
    u = gen_check(w, GEOSUnaryUnion_r(w->h, coll), "union");
    GEOSGeom_destroy_r(w->h, coll);
    return u;
}
