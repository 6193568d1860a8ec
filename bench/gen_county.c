/*
 * gen_county.c: a county-scale data set in the landbal schema
 * (docs/rules.md §1), for benchmarks. Deterministic from a seed.
 *
 *   gen_county [--parcels N] [--occupation N] [--supplement N]
 *              [--supp-parcels N] [--seed S] [-o FILE]
 *
 * Defaults: 300,000 baseline parcels, 500 occupation projects, 50
 * supplement projects with 5,000 parcels, seed 1, county.gpkg.
 *
 * One GeoPackage (EPSG:4543, CGCS2000 3-degree Gauss-Kruger CM 102E,
 * around 楚雄市) with the layers
 *   dltb  baseline parcels: a rectilinear grid with log-uniform column
 *         widths and row heights (32-210 m), every node jittered and every
 *         edge given intermediate vertices shared by both neighbours, so
 *         that the parcels tile the county without overlaps or gaps
 *         (0.05-5 ha, about 16 vertices each). Land use from smooth noise
 *         (valleys: paddy, hills: dry land and orchards, mountains:
 *         forest) with villages, ditches and farm roads; 耕地 gets GDDB
 *         1..15, GDPDJB 1..5, KCXS by slope grade, TBMJ (ellipsoidal area,
 *         round2) and TBDLMJ (TBMJ - round2(TBMJ*KCXS); 0.5 % left NULL to
 *         exercise the KCXS fallback of rules.md §3).
 *   zyfw  occupation footprints: 1-3 parts per project (rotated blocks,
 *         road corridors, irregular star-shaped outlines), over a few
 *         parcels each, sometimes overlapping each other.
 *   bcgd  supplement parcels: copies of baseline cells inside the
 *         project's area; 新增 on grass, shrub, bare land (about 80 %),
 *         提质 / 改造 / 提质改造 on 旱地; 15 % shifted by up to 3 m so
 *         that some land spills onto baseline 耕地 or onto a neighbouring
 *         supplement parcel (the SUPPLEMENT_ON_CULTIVATED and
 *         SUPPLEMENT_OVERLAP cases).
 *   xmxx  one row per project; occupation rows draw (BCXMBH) on one or
 *         two supplement projects.
 *
 * Every value is a pure function of (seed, what, indices), so the data do
 * not depend on the order in which they are written.
 *
 * Build: make -C bench   (or: cc -O2 -std=c99 $(pkg-config --cflags gdal
 * geos) bench/gen_county.c $(pkg-config --libs gdal geos) -lm)
 */
#define _POSIX_C_SOURCE 200809L
#define GEOS_USE_ONLY_R_API
#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal.h>
#include <geos_c.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- parameters -------------------------------------------------------- */

#define X_ORIGIN 440000.0  /* west edge, m (EPSG:4543: CM 102E, FE 500 km) */
#define Y_ORIGIN 2760000.0 /* south edge, about 24.9N */
#define W_MIN 32.0         /* column widths and row heights, log-uniform */
#define W_MAX 210.0
#define NODE_JITTER 0.12   /* of the smallest adjacent width or height */
#define EDGE_STEP 18.0     /* one intermediate vertex per this many m */
#define EDGE_MAX_PTS 8
#define EDGE_OFFSET 1.0    /* perpendicular wiggle of those vertices, m */
#define GRID 0.001         /* coordinates rounded to 1 mm */
#define GEN_PI 3.14159265358979323846
#define NTOWNS 15
#define MAX_RING 64

typedef struct opts {
    long parcels, occupation, supplement, supp_parcels;
    uint64_t seed;
    const char *out;
} opts;

/* The county grid: column/row boundaries before jitter. */
typedef struct grid {
    uint64_t seed;
    long ncols, nrows, n;  /* n parcels: the first n cells, row-major */
    long full_rows;        /* rows holding ncols parcels */
    double *X, *Y;         /* ncols+1 and nrows+1 boundaries */
} grid;

static const char *const town_name[NTOWNS] = {
    "鹿城镇", "东瓜镇", "吕合镇", "紫溪镇", "东华镇",
    "子午镇", "苍岭镇", "三街镇", "八角镇", "中山镇",
    "新村镇", "西舍路镇", "树苴乡", "大过口乡", "大地基乡"};
static const char *const town_code[NTOWNS] = {
    "532301100", "532301101", "532301102", "532301103", "532301104",
    "532301105", "532301106", "532301107", "532301108", "532301109",
    "532301110", "532301111", "532301200", "532301201", "532301202"};

static void die(const char *fmt, ...)
{
    va_list ap;
    fputs("gen_county: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- hashing: every random value is h(seed, tag, a, b) ---------------- */

static uint64_t mix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

static uint64_t h4(uint64_t seed, uint64_t tag, uint64_t a, uint64_t b)
{
    return mix64(mix64(mix64(seed ^ mix64(tag)) ^ a) ^ (b * 0xD6E8FEB86659FD93ull));
}

/* Uniform in [0, 1). */
static double u4(uint64_t seed, uint64_t tag, uint64_t a, uint64_t b)
{
    return (double)(h4(seed, tag, a, b) >> 11) * (1.0 / 9007199254740992.0);
}

/* A small sequential generator for per-project choices. */
typedef struct rng {
    uint64_t s;
} rng;

static double rnd(rng *r)
{
    r->s = mix64(r->s);
    return (double)(r->s >> 11) * (1.0 / 9007199254740992.0);
}

static double rrange(rng *r, double lo, double hi)
{
    return lo + (hi - lo) * rnd(r);
}

static long rint_(rng *r, long lo, long hi) /* lo..hi inclusive */
{
    return lo + (long)(rnd(r) * (double)(hi - lo + 1));
}

/* Smooth value noise in [0, 1], features about @p wl m. */
static double noise1(uint64_t seed, uint64_t tag, double x, double y, double wl)
{
    double fx = x / wl, fy = y / wl;
    double ix = floor(fx), iy = floor(fy), tx = fx - ix, ty = fy - iy;
    uint64_t a = (uint64_t)(int64_t)ix, b = (uint64_t)(int64_t)iy;
    double v00 = u4(seed, tag, a, b), v10 = u4(seed, tag, a + 1, b);
    double v01 = u4(seed, tag, a, b + 1), v11 = u4(seed, tag, a + 1, b + 1);
    tx = tx * tx * (3 - 2 * tx);
    ty = ty * ty * (3 - 2 * ty);
    return (v00 * (1 - tx) + v10 * tx) * (1 - ty) +
           (v01 * (1 - tx) + v11 * tx) * ty;
}

static double noise(uint64_t seed, uint64_t tag, double x, double y, double wl)
{
    return (noise1(seed, tag, x, y, wl) * 0.65 +
            noise1(seed, tag + 101, x, y, wl / 3.1) * 0.35);
}

static double round_grid(double v)
{
    return round(v / GRID) * GRID;
}

static double round2(double v)
{
    return round(v * 100.0) / 100.0;
}

/* ---- the grid ------------------------------------------------------------ */

enum { T_COLW = 1, T_ROWH, T_NODEX, T_NODEY, T_EDGE, T_CELL, T_CLASS, T_GRADE,
       T_SLOPE, T_TBDL, T_ELEV, T_VILL, T_OCC, T_SUPP, T_SHIFT };

static double log_uniform(double u)
{
    return W_MIN * exp(u * log(W_MAX / W_MIN));
}

static void grid_init(grid *g, long n, uint64_t seed)
{
    long i;
    g->seed = seed;
    g->n = n;
    g->ncols = (long)ceil(sqrt((double)n));
    g->nrows = (n + g->ncols - 1) / g->ncols;
    g->full_rows = n / g->ncols;
    g->X = xmalloc((size_t)(g->ncols + 1) * sizeof *g->X);
    g->Y = xmalloc((size_t)(g->nrows + 1) * sizeof *g->Y);
    g->X[0] = X_ORIGIN;
    for (i = 0; i < g->ncols; i++)
        g->X[i + 1] = g->X[i] + round(log_uniform(u4(seed, T_COLW, i, 0)));
    g->Y[0] = Y_ORIGIN;
    for (i = 0; i < g->nrows; i++)
        g->Y[i + 1] = g->Y[i] + round(log_uniform(u4(seed, T_ROWH, i, 0)));
}

static double spacing_min(const grid *g, long i, long j)
{
    double m = 1e30;
    if (i > 0)
        m = fmin(m, g->X[i] - g->X[i - 1]);
    if (i < g->ncols)
        m = fmin(m, g->X[i + 1] - g->X[i]);
    if (j > 0)
        m = fmin(m, g->Y[j] - g->Y[j - 1]);
    if (j < g->nrows)
        m = fmin(m, g->Y[j + 1] - g->Y[j]);
    return m;
}

/* Node (i, j), 0 <= i <= ncols, 0 <= j <= nrows; the outer boundary stays
 * straight. */
static void node(const grid *g, long i, long j, double *x, double *y)
{
    double s = NODE_JITTER * spacing_min(g, i, j);
    double jx = (i == 0 || i == g->ncols) ? 0.0
                                           : (2 * u4(g->seed, T_NODEX, i, j) - 1) * s;
    double jy = (j == 0 || j == g->nrows) ? 0.0
                                           : (2 * u4(g->seed, T_NODEY, i, j) - 1) * s;
    *x = round_grid(g->X[i] + jx);
    *y = round_grid(g->Y[j] + jy);
}

/* Intermediate vertices of the edge p0 -> p1 (canonical direction), an
 * edge identified by (kind, i, j); returns their number. */
static int edge_points(const grid *g, int kind, long i, long j, double x0,
                       double y0, double x1, double y1, double *out)
{
    double dx = x1 - x0, dy = y1 - y0, len = hypot(dx, dy);
    uint64_t id = (uint64_t)i * 4 + (uint64_t)kind;
    int k = (int)(len / EDGE_STEP), m;
    double off = fmin(EDGE_OFFSET, 0.03 * len);
    if (k > EDGE_MAX_PTS)
        k = EDGE_MAX_PTS;
    /* some edges are dead straight (field boundaries along a ditch) */
    if (u4(g->seed, T_EDGE, id, (uint64_t)j * 64 + 63) < 0.2)
        k = 0;
    for (m = 0; m < k; m++) {
        double t = 0.15 + 0.7 * ((m + 0.5) / k) +
                   (u4(g->seed, T_EDGE, id, (uint64_t)j * 64 + m) - 0.5) *
                       (0.6 / (k + 1));
        double o = (2 * u4(g->seed, T_EDGE, id + 2, (uint64_t)j * 64 + m) - 1) *
                   off;
        if (t < 0.15)
            t = 0.15;
        if (t > 0.85)
            t = 0.85;
        out[2 * m] = round_grid(x0 + t * dx - o * dy / len);
        out[2 * m + 1] = round_grid(y0 + t * dy + o * dx / len);
    }
    return k;
}

/* The closed ring (counter-clockwise) of cell (r, c): xy pairs, returns
 * the number of points. */
static int cell_ring(const grid *g, long r, long c, double *xy)
{
    double sw[2], se[2], ne[2], nw[2], pts[2 * EDGE_MAX_PTS];
    int n = 0, k, m;
    node(g, c, r, &sw[0], &sw[1]);
    node(g, c + 1, r, &se[0], &se[1]);
    node(g, c + 1, r + 1, &ne[0], &ne[1]);
    node(g, c, r + 1, &nw[0], &nw[1]);
#define PUT(px, py) (xy[2 * n] = (px), xy[2 * n + 1] = (py), n++)
    PUT(sw[0], sw[1]);
    k = edge_points(g, 0, c, r, sw[0], sw[1], se[0], se[1], pts); /* bottom */
    for (m = 0; m < k; m++)
        PUT(pts[2 * m], pts[2 * m + 1]);
    PUT(se[0], se[1]);
    k = edge_points(g, 1, c + 1, r, se[0], se[1], ne[0], ne[1], pts); /* right */
    for (m = 0; m < k; m++)
        PUT(pts[2 * m], pts[2 * m + 1]);
    PUT(ne[0], ne[1]);
    k = edge_points(g, 0, c, r + 1, nw[0], nw[1], ne[0], ne[1], pts); /* top */
    for (m = k - 1; m >= 0; m--)
        PUT(pts[2 * m], pts[2 * m + 1]);
    PUT(nw[0], nw[1]);
    k = edge_points(g, 1, c, r, sw[0], sw[1], nw[0], nw[1], pts); /* left */
    for (m = k - 1; m >= 0; m--)
        PUT(pts[2 * m], pts[2 * m + 1]);
    PUT(sw[0], sw[1]);
#undef PUT
    return n;
}

static double ring_planar_area(const double *xy, int n)
{
    double s = 0.0;
    int i;
    for (i = 0; i + 1 < n; i++)
        s += (xy[2 * i] - xy[0]) * (xy[2 * i + 3] - xy[1]) -
             (xy[2 * i + 2] - xy[0]) * (xy[2 * i + 1] - xy[1]);
    return 0.5 * fabs(s);
}

/* Ellipsoidal area of a small polygon from its Gauss-Kruger area: the
 * areal scale of TM is k^2, k = 1 + x^2/(2 rho nu) + x^4/(24 rho^2 nu^2)
 * (x from the central meridian); across a parcel k varies by ~1e-9, far
 * inside the 0.1 % of AREA_MISMATCH. CGCS2000 ellipsoid. */
static double ellipsoidal_area(double planar, double cx, double cy)
{
    const double a = 6378137.0, f = 1 / 298.257222101, e2 = f * (2 - f);
    double phi = cy / 110750.0 * GEN_PI / 180.0, s = sin(phi);
    double w = 1 - e2 * s * s, nu = a / sqrt(w), rho = a * (1 - e2) / (w * sqrt(w));
    double x = cx - 500000.0, q = x * x / (rho * nu);
    double k = 1 + q / 2 + q * q / 24;
    return planar / (k * k);
}

/* ---- land use ------------------------------------------------------------ */

typedef struct cell_attr {
    const char *dlbm, *dlmc;
    int cult;   /* 1 paddy, 2 irrigated, 3 dry, 0 not 耕地 */
    int gddb;   /* 0 when not 耕地 */
    int gdpdjb; /* 1..5 */
    double kcxs;
    int town;
} cell_attr;

typedef struct lu {
    const char *dlbm, *dlmc;
    double w;
} lu;

static const lu valley[] = {
    {"0101", "水田", 45}, {"0102", "水浇地", 10}, {"0103", "旱地", 14},
    {"0702", "农村宅基地", 9}, {"1104", "坑塘水面", 4}, {"1107", "沟渠", 3},
    {"1006", "农村道路", 4}, {"0404", "其他草地", 4}, {"1206", "裸土地", 2},
    {"0201", "果园", 4}, {"1001", "铁路用地", 0.2}, {"1003", "公路用地", 0.8}};
static const lu hill[] = {
    {"0103", "旱地", 35}, {"0102", "水浇地", 5}, {"0101", "水田", 5},
    {"0201", "果园", 8}, {"0204", "其他园地", 2}, {"0301", "乔木林地", 23},
    {"0305", "灌木林地", 5}, {"0404", "其他草地", 8}, {"0702", "农村宅基地", 4},
    {"1006", "农村道路", 3}, {"1206", "裸土地", 2}};
static const lu mountain[] = {
    {"0301", "乔木林地", 50}, {"0305", "灌木林地", 15}, {"0307", "其他林地", 5},
    {"0404", "其他草地", 14}, {"0103", "旱地", 10}, {"1206", "裸土地", 3},
    {"1006", "农村道路", 2}, {"0702", "农村宅基地", 1}};

static const lu *pick(const lu *t, size_t n, double u)
{
    double tot = 0, acc = 0;
    size_t i;
    for (i = 0; i < n; i++)
        tot += t[i].w;
    u *= tot;
    for (i = 0; i < n; i++) {
        acc += t[i].w;
        if (u < acc)
            return &t[i];
    }
    return &t[n - 1];
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int town_of(const grid *g, double x, double y)
{
    double fx = (x - g->X[0]) / (g->X[g->ncols] - g->X[0]);
    double fy = (y - g->Y[0]) / (g->Y[g->full_rows > 0 ? g->full_rows : 1] - g->Y[0]);
    int tx = (int)(fx * 5), ty = (int)(fy * 3);
    if (tx < 0) tx = 0;
    if (tx > 4) tx = 4;
    if (ty < 0) ty = 0;
    if (ty > 2) ty = 2;
    return ty * 5 + tx;
}

static void cell_attributes(const grid *g, long r, long c, cell_attr *a)
{
    static const double kcxs_by_slope[6] = {0, 0, 0.027, 0.068, 0.137, 0.192};
    double cx = 0.5 * (g->X[c] + g->X[c + 1]), cy = 0.5 * (g->Y[r] + g->Y[r + 1]);
    double e = noise(g->seed, T_ELEV, cx, cy, 6000.0);
    double u = u4(g->seed, T_CLASS, (uint64_t)r, (uint64_t)c);
    double v = noise(g->seed, T_VILL, cx, cy, 900.0);
    const lu *l;
    int grade;
    if (e < 0.38)
        l = pick(valley, NELEM(valley), u);
    else if (e < 0.56)
        l = pick(hill, NELEM(hill), u);
    else
        l = pick(mountain, NELEM(mountain), u);
    if (v > 0.86 && u4(g->seed, T_VILL, r, c) < 0.6) /* village cores */
        l = &valley[3];
    a->dlbm = l->dlbm;
    a->dlmc = l->dlmc;
    a->cult = strcmp(l->dlbm, "0101") == 0   ? 1
              : strcmp(l->dlbm, "0102") == 0 ? 2
              : strcmp(l->dlbm, "0103") == 0 ? 3
                                             : 0;
    a->gdpdjb = 1 + (int)(e * 4.2 + u4(g->seed, T_SLOPE, r, c) * 1.6);
    if (a->gdpdjb > 5)
        a->gdpdjb = 5;
    if (a->cult == 1 && a->gdpdjb > 2)
        a->gdpdjb = 2; /* paddies are terraced flat */
    a->gddb = 0;
    a->kcxs = 0.0;
    if (a->cult) {
        grade = (int)floor(3.0 + e * 11.0 + (u4(g->seed, T_GRADE, r, c) - 0.5) * 5.0 +
                           (a->cult == 1 ? -2.0 : a->cult == 2 ? -1.0 : 0.5));
        a->gddb = grade < 1 ? 1 : grade > 15 ? 15 : grade;
        a->kcxs = a->cult == 1 ? (a->gdpdjb >= 2 ? 0.027 : 0.0)
                               : kcxs_by_slope[a->gdpdjb];
    }
    a->town = town_of(g, cx, cy);
}

/* ---- GDAL output --------------------------------------------------------- */

typedef struct out {
    GDALDatasetH ds;
    OGRSpatialReferenceH srs;
    GEOSContextHandle_t geos;
    long invalid;
} out;

static OGRLayerH make_layer(out *o, const char *name, OGRwkbGeometryType type,
                            const char *const *fields, const OGRFieldType *types)
{
    char **lco = NULL;
    OGRLayerH l;
    int i;
    lco = CSLSetNameValue(lco, "FID", "fid");
    if (type != wkbNone) {
        lco = CSLSetNameValue(lco, "GEOMETRY_NAME", "geom");
        lco = CSLSetNameValue(lco, "SPATIAL_INDEX", "YES");
    }
    l = GDALDatasetCreateLayer(o->ds, name, type != wkbNone ? o->srs : NULL,
                               type, lco);
    CSLDestroy(lco);
    if (!l)
        die("cannot create layer %s: %s", name, CPLGetLastErrorMsg());
    for (i = 0; fields[i]; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(fields[i], types[i]);
        if (OGR_L_CreateField(l, fd, 1) != OGRERR_NONE)
            die("cannot create field %s.%s", name, fields[i]);
        OGR_Fld_Destroy(fd);
    }
    return l;
}

static OGRGeometryH ring_polygon(out *o, const double *xy, int n)
{
    OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
    OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
    OGR_G_SetPoints(ring, n, xy, 2 * sizeof(double), xy + 1,
                    2 * sizeof(double), NULL, 0);
    OGR_G_AddGeometryDirectly(poly, ring);
    /* every polygon written is checked with GEOS: a generator bug must not
     * turn into a benchmark of MakeValid */
    {
        GEOSCoordSequence *cs = GEOSCoordSeq_copyFromBuffer_r(
            o->geos, xy, (unsigned)n, 0, 0);
        GEOSGeometry *lr = cs ? GEOSGeom_createLinearRing_r(o->geos, cs) : NULL;
        GEOSGeometry *pg = lr ? GEOSGeom_createPolygon_r(o->geos, lr, NULL, 0)
                              : NULL;
        if (!pg || GEOSisValid_r(o->geos, pg) != 1)
            o->invalid++;
        if (pg)
            GEOSGeom_destroy_r(o->geos, pg);
    }
    return poly;
}

static void put(OGRLayerH l, OGRFeatureH f)
{
    if (OGR_L_CreateFeature(l, f) != OGRERR_NONE)
        die("cannot write a feature: %s", CPLGetLastErrorMsg());
}

/* ---- dltb ---------------------------------------------------------------- */

static void write_baseline(out *o, const grid *g)
{
    static const char *const f[] = {"BSM", "DLBM", "DLMC", "ZLDWDM", "TBMJ",
                                    "KCXS", "TBDLMJ", "GDDB", "GDPDJB", NULL};
    static const OGRFieldType t[] = {OFTString, OFTString, OFTString, OFTString,
                                     OFTReal, OFTReal, OFTReal, OFTInteger,
                                     OFTInteger};
    OGRLayerH l = make_layer(o, "dltb", wkbPolygon, f, t);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    double xy[2 * MAX_RING], cx, cy;
    char buf[64];
    long idx;
    if (GDALDatasetStartTransaction(o->ds, 0) != OGRERR_NONE)
        die("cannot start a transaction");
    for (idx = 0; idx < g->n; idx++) {
        long r = idx / g->ncols, c = idx % g->ncols;
        cell_attr a;
        OGRFeatureH ft = OGR_F_Create(defn);
        int n = cell_ring(g, r, c, xy);
        double area, tbmj;
        cell_attributes(g, r, c, &a);
        cx = 0.5 * (g->X[c] + g->X[c + 1]);
        cy = 0.5 * (g->Y[r] + g->Y[r + 1]);
        area = ellipsoidal_area(ring_planar_area(xy, n), cx, cy);
        tbmj = round2(area);
        OGR_F_SetFID(ft, idx + 1);
        snprintf(buf, sizeof buf, "53230121%010ld", idx + 1);
        OGR_F_SetFieldString(ft, 0, buf);
        OGR_F_SetFieldString(ft, 1, a.dlbm);
        OGR_F_SetFieldString(ft, 2, a.dlmc);
        snprintf(buf, sizeof buf, "%s%03ld0000000", town_code[a.town],
                 1 + (long)(noise1(g->seed, 77, cx, cy, 2500.0) * 40));
        OGR_F_SetFieldString(ft, 3, buf);
        OGR_F_SetFieldDouble(ft, 4, tbmj);
        OGR_F_SetFieldDouble(ft, 5, a.kcxs);
        if (!(a.cult && u4(g->seed, T_TBDL, r, c) < 0.005))
            OGR_F_SetFieldDouble(ft, 6, tbmj - round2(tbmj * a.kcxs));
        if (a.cult)
            OGR_F_SetFieldInteger(ft, 7, a.gddb);
        OGR_F_SetFieldInteger(ft, 8, a.gdpdjb);
        OGR_F_SetGeometryDirectly(ft, ring_polygon(o, xy, n));
        put(l, ft);
        OGR_F_Destroy(ft);
    }
    if (GDALDatasetCommitTransaction(o->ds) != OGRERR_NONE)
        die("cannot commit dltb");
}

/* ---- zyfw ---------------------------------------------------------------- */

static const char *const occ_kind[] = {"道路工程", "工业园区", "安置小区",
                                       "水利设施", "光伏电站", "物流园区",
                                       "学校扩建", "乡村振兴产业园"};

/* A centre inside the full rows, away from the edge. */
static void pick_centre(const grid *g, rng *R, long *r, long *c)
{
    long margin = 6;
    long rows = g->full_rows - 2 * margin, cols = g->ncols - 2 * margin;
    if (rows < 1 || cols < 1)
        die("too few parcels for projects (need at least ~20 x 20 cells)");
    *r = margin + rint_(R, 0, rows - 1);
    *c = margin + rint_(R, 0, cols - 1);
}

static int footprint_part(rng *R, double cx, double cy, double *xy)
{
    int shape = (int)(rnd(R) * 10), n = 0, i, k;
    double th = rrange(R, 0, GEN_PI), ct = cos(th), st = sin(th);
    if (shape < 5) { /* a rotated block, sides densified every ~25 m */
        double a = rrange(R, 60, 260) / 2, b = rrange(R, 40, 180) / 2;
        double corner[4][2] = {{-a, -b}, {a, -b}, {a, b}, {-a, b}};
        for (i = 0; i < 4; i++) {
            double *p0 = corner[i], *p1 = corner[(i + 1) % 4];
            int m = 1 + (int)(hypot(p1[0] - p0[0], p1[1] - p0[1]) / 25.0), s;
            for (s = 0; s < m; s++) {
                double u = p0[0] + (p1[0] - p0[0]) * s / m;
                double v = p0[1] + (p1[1] - p0[1]) * s / m;
                xy[2 * n] = round_grid(cx + u * ct - v * st);
                xy[2 * n + 1] = round_grid(cy + u * st + v * ct);
                n++;
            }
        }
    } else if (shape < 7) { /* a road corridor */
        double a = rrange(R, 150, 450), b = rrange(R, 10, 15);
        double corner[4][2] = {{-a, -b}, {a, -b}, {a, b}, {-a, b}};
        for (i = 0; i < 4; i++) {
            xy[2 * n] = round_grid(cx + corner[i][0] * ct - corner[i][1] * st);
            xy[2 * n + 1] = round_grid(cy + corner[i][0] * st + corner[i][1] * ct);
            n++;
        }
    } else { /* an irregular outline, star-shaped about its centre */
        double rad = rrange(R, 50, 150);
        k = (int)rint_(R, 10, 24);
        for (i = 0; i < k; i++) {
            double ang = th + 2 * GEN_PI * (i + 0.3 * (rnd(R) - 0.5)) / k;
            double rr = rad * rrange(R, 0.8, 1.2);
            xy[2 * n] = round_grid(cx + rr * cos(ang));
            xy[2 * n + 1] = round_grid(cy + rr * sin(ang));
            n++;
        }
    }
    xy[2 * n] = xy[0];
    xy[2 * n + 1] = xy[1];
    return n + 1;
}

typedef struct project {
    char code[32], name[160];
    int town;
    long r, c;
} project;

static void write_occupation(out *o, const grid *g, long nproj, project *P)
{
    static const char *const f[] = {"XMBH", "XMMC", NULL};
    static const OGRFieldType t[] = {OFTString, OFTString};
    OGRLayerH l = make_layer(o, "zyfw", wkbPolygon, f, t);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    double xy[2 * MAX_RING];
    long k, fid = 1;
    if (GDALDatasetStartTransaction(o->ds, 0) != OGRERR_NONE)
        die("cannot start a transaction");
    for (k = 0; k < nproj; k++) {
        rng R = {h4(g->seed, T_OCC, (uint64_t)k, 0)};
        double cx, cy, u = rnd(&R);
        int parts = u < 0.6 ? 1 : u < 0.9 ? 2 : 3, i;
        pick_centre(g, &R, &P[k].r, &P[k].c);
        cx = 0.5 * (g->X[P[k].c] + g->X[P[k].c + 1]);
        cy = 0.5 * (g->Y[P[k].r] + g->Y[P[k].r + 1]);
        P[k].town = town_of(g, cx, cy);
        snprintf(P[k].code, sizeof P[k].code, "ZY2023-%04ld", k + 1);
        snprintf(P[k].name, sizeof P[k].name, "楚雄市%s%s（%ld）",
                 town_name[P[k].town], occ_kind[k % NELEM(occ_kind)], k + 1);
        for (i = 0; i < parts; i++) {
            OGRFeatureH ft = OGR_F_Create(defn);
            double px = cx + (i ? rrange(&R, -150, 150) : 0);
            double py = cy + (i ? rrange(&R, -150, 150) : 0);
            int n = footprint_part(&R, px, py, xy);
            OGR_F_SetFID(ft, fid++);
            OGR_F_SetFieldString(ft, 0, P[k].code);
            OGR_F_SetFieldString(ft, 1, P[k].name);
            OGR_F_SetGeometryDirectly(ft, ring_polygon(o, xy, n));
            put(l, ft);
            OGR_F_Destroy(ft);
        }
    }
    if (GDALDatasetCommitTransaction(o->ds) != OGRERR_NONE)
        die("cannot commit zyfw");
}

/* ---- bcgd ---------------------------------------------------------------- */

static int newable(const cell_attr *a)
{
    return strcmp(a->dlbm, "0404") == 0 || strcmp(a->dlbm, "1206") == 0 ||
           strcmp(a->dlbm, "0305") == 0 || strcmp(a->dlbm, "0307") == 0 ||
           strcmp(a->dlbm, "0204") == 0;
}

static void write_supplement(out *o, const grid *g, long nproj, long nparcels,
                             project *P)
{
    static const char *const f[] = {"XMBH", "DLBM", "GDDB", "KCXS", "BCLX",
                                    NULL};
    static const OGRFieldType t[] = {OFTString, OFTString, OFTInteger, OFTReal,
                                     OFTString};
    OGRLayerH l = make_layer(o, "bcgd", wkbPolygon, f, t);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    double xy[2 * MAX_RING];
    long k, fid = 1;
    /* cells already drawn, by any project */
    unsigned char *taken = calloc((size_t)g->n, 1);
    if (!taken)
        die("out of memory");
    if (GDALDatasetStartTransaction(o->ds, 0) != OGRERR_NONE)
        die("cannot start a transaction");
    for (k = 0; k < nproj; k++) {
        rng R = {h4(g->seed, T_SUPP, (uint64_t)k, 0)};
        long want = nparcels / nproj + (k < nparcels % nproj), got = 0;
        long half = 8, tries;
        double cx, cy;
        pick_centre(g, &R, &P[k].r, &P[k].c);
        cx = 0.5 * (g->X[P[k].c] + g->X[P[k].c + 1]);
        cy = 0.5 * (g->Y[P[k].r] + g->Y[P[k].r + 1]);
        P[k].town = town_of(g, cx, cy);
        snprintf(P[k].code, sizeof P[k].code, "BC2022-%03ld", k + 1);
        snprintf(P[k].name, sizeof P[k].name, "楚雄市%s土地开发整理项目（%ld）",
                 town_name[P[k].town], k + 1);
        /* cells drawn from a window around the centre that widens until
         * enough suitable ones were found; 1 % of the parcels are drawn on
         * a cell already drawn (by this or another project): double
         * claims, as real data have */
        for (tries = 0; got < want; tries++) {
            long r = P[k].r + rint_(&R, -half, half);
            long c = P[k].c + rint_(&R, -half, half);
            cell_attr a;
            const char *bclx = NULL, *dlbm = "0103";
            int gddb = 0, n, i;
            double kcxs = 0, dx = 0, dy = 0, u;
            OGRFeatureH ft;
            if (tries > 40 * (half * half)) {
                half += 4;
                tries = 0;
                /* the window is the whole county and still too few
                 * suitable cells are free: say so rather than loop */
                if (half > 2 * (g->full_rows + g->ncols))
                    die("cannot place the supplement parcels of project "
                        "%ld: too few free grass, shrub or 旱地 cells; use "
                        "fewer --supp-parcels or more --parcels",
                        k + 1);
            }
            if (r < 0 || c < 0 || r >= g->full_rows || c >= g->ncols)
                continue;
            /* 1 % of the parcels are drawn on a taken cell on purpose */
            if (taken[r * g->ncols + c] !=
                (u4(g->seed, T_SHIFT, (uint64_t)k, (uint64_t)got + 5000000) < 0.01))
                continue;
            cell_attributes(g, r, c, &a);
            /* about 80 % 新增, 20 % upgrades of 旱地 */
            u = u4(g->seed, T_SUPP, (uint64_t)k, (uint64_t)got + 1000000);
            if (newable(&a) && u < 0.8) {
                double v = rnd(&R);
                bclx = "新增";
                dlbm = v < 0.2 ? "0101" : v < 0.3 ? "0102" : "0103";
                gddb = (int)rint_(&R, 5, 12);
                kcxs = v < 0.2 ? 0.0 : (rnd(&R) < 0.5 ? 0.027 : 0.068);
            } else if (a.cult == 3 && u >= 0.8) {
                double v = rnd(&R);
                bclx = v < 0.55 ? "提质" : v < 0.8 ? "改造" : "提质改造";
                dlbm = strcmp(bclx, "提质") == 0 ? "0103" : "0101";
                gddb = strcmp(bclx, "改造") == 0
                           ? a.gddb
                           : (int)(a.gddb - rint_(&R, 0, 3));
                if (gddb < 1)
                    gddb = 1;
                kcxs = strcmp(dlbm, "0101") == 0 ? 0.0 : a.kcxs;
            }
            if (!bclx)
                continue;
            n = cell_ring(g, r, c, xy);
            if (u4(g->seed, T_SHIFT, (uint64_t)k, (uint64_t)got) < 0.15) {
                dx = round_grid(rrange(&R, -3, 3));
                dy = round_grid(rrange(&R, -3, 3));
            }
            for (i = 0; i < n; i++) {
                xy[2 * i] = round_grid(xy[2 * i] + dx);
                xy[2 * i + 1] = round_grid(xy[2 * i + 1] + dy);
            }
            ft = OGR_F_Create(defn);
            OGR_F_SetFID(ft, fid++);
            OGR_F_SetFieldString(ft, 0, P[k].code);
            OGR_F_SetFieldString(ft, 1, dlbm);
            OGR_F_SetFieldInteger(ft, 2, gddb);
            OGR_F_SetFieldDouble(ft, 3, kcxs);
            OGR_F_SetFieldString(ft, 4, bclx);
            OGR_F_SetGeometryDirectly(ft, ring_polygon(o, xy, n));
            put(l, ft);
            OGR_F_Destroy(ft);
            taken[r * g->ncols + c] = 1;
            got++;
        }
    }
    free(taken);
    if (GDALDatasetCommitTransaction(o->ds) != OGRERR_NONE)
        die("cannot commit bcgd");
}

/* ---- xmxx ---------------------------------------------------------------- */

static void write_projects(out *o, const grid *g, long nocc, const project *occ,
                           long nsupp, const project *supp)
{
    static const char *const f[] = {"XMBH", "XMMC", "XMLX", "XZQDM", "XZQMC",
                                    "BCXMBH", NULL};
    static const OGRFieldType t[] = {OFTString, OFTString, OFTString,
                                     OFTString, OFTString, OFTString};
    OGRLayerH l = make_layer(o, "xmxx", wkbNone, f, t);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    long k, fid = 1;
    char links[64];
    if (GDALDatasetStartTransaction(o->ds, 0) != OGRERR_NONE)
        die("cannot start a transaction");
    for (k = 0; k < nocc + nsupp; k++) {
        const project *p = k < nocc ? &occ[k] : &supp[k - nocc];
        OGRFeatureH ft = OGR_F_Create(defn);
        OGR_F_SetFID(ft, fid++);
        OGR_F_SetFieldString(ft, 0, p->code);
        OGR_F_SetFieldString(ft, 1, p->name);
        OGR_F_SetFieldString(ft, 2, k < nocc ? "占用" : "补充");
        OGR_F_SetFieldString(ft, 3, town_code[p->town]);
        OGR_F_SetFieldString(ft, 4, town_name[p->town]);
        if (k < nocc && nsupp > 0) {
            rng R = {h4(g->seed, T_OCC, (uint64_t)k, 99)};
            long a = rint_(&R, 0, nsupp - 1), b = rint_(&R, 0, nsupp - 1);
            if (rnd(&R) < 0.3 && a != b)
                snprintf(links, sizeof links, "%s,%s", supp[a].code,
                         supp[b].code);
            else
                snprintf(links, sizeof links, "%s", supp[a].code);
            OGR_F_SetFieldString(ft, 5, links);
        }
        put(l, ft);
        OGR_F_Destroy(ft);
    }
    if (GDALDatasetCommitTransaction(o->ds) != OGRERR_NONE)
        die("cannot commit xmxx");
}

/* ---- main ------------------------------------------------------------------ */

static long arg_long(const char *opt, const char *v)
{
    char *end;
    long n = strtol(v ? v : "", &end, 10);
    if (!v || *end || n < 0)
        die("%s needs a non-negative number", opt);
    return n;
}

static void geos_msg(const char *fmt, ...)
{
    (void)fmt;
}

int main(int argc, char **argv)
{
    opts O = {300000, 500, 50, 5000, 1, "county.gpkg"};
    grid g;
    out o;
    project *occ, *supp;
    GDALDriverH drv;
    double t0 = now();
    int i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--parcels") == 0)
            O.parcels = arg_long(a, v), i++;
        else if (strcmp(a, "--occupation") == 0)
            O.occupation = arg_long(a, v), i++;
        else if (strcmp(a, "--supplement") == 0)
            O.supplement = arg_long(a, v), i++;
        else if (strcmp(a, "--supp-parcels") == 0)
            O.supp_parcels = arg_long(a, v), i++;
        else if (strcmp(a, "--seed") == 0)
            O.seed = (uint64_t)arg_long(a, v), i++;
        else if (strcmp(a, "-o") == 0 && v)
            O.out = v, i++;
        else {
            fprintf(stderr,
                    "usage: gen_county [--parcels N] [--occupation N] "
                    "[--supplement N] [--supp-parcels N] [--seed S] [-o FILE]\n");
            return 2;
        }
    }
    if (O.parcels < 400)
        die("--parcels must be at least 400");
    if (O.supplement == 0 && O.supp_parcels > 0)
        die("--supp-parcels needs --supplement > 0");
    grid_init(&g, O.parcels, O.seed);

    /* SQLite settings for a bulk write of a new file: nothing to recover if
     * it fails, so no journal and no fsync. */
    CPLSetConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF");
    CPLSetConfigOption("OGR_SQLITE_JOURNAL", "OFF");
    CPLSetConfigOption("OGR_SQLITE_CACHE", "512");
    GDALAllRegister();
    drv = GDALGetDriverByName("GPKG");
    if (!drv)
        die("GDAL has no GPKG driver");
    remove(O.out);
    memset(&o, 0, sizeof o);
    o.ds = GDALCreate(drv, O.out, 0, 0, 0, GDT_Unknown, NULL);
    if (!o.ds)
        die("cannot create %s: %s", O.out, CPLGetLastErrorMsg());
    o.srs = OSRNewSpatialReference(NULL);
    if (OSRImportFromEPSG(o.srs, 4543) != OGRERR_NONE)
        die("PROJ does not know EPSG:4543");
    OSRSetAxisMappingStrategy(o.srs, OAMS_TRADITIONAL_GIS_ORDER);
    o.geos = GEOS_init_r();
    GEOSContext_setErrorHandler_r(o.geos, geos_msg);

    occ = calloc((size_t)(O.occupation ? O.occupation : 1), sizeof *occ);
    supp = calloc((size_t)(O.supplement ? O.supplement : 1), sizeof *supp);
    if (!occ || !supp)
        die("out of memory");
    write_baseline(&o, &g);
    fprintf(stderr, "gen_county: dltb %ld parcels (%ld x %ld grid, %.0f x %.0f m) in %.1f s\n",
            g.n, g.ncols, g.nrows, g.X[g.ncols] - g.X[0], g.Y[g.nrows] - g.Y[0],
            now() - t0);
    write_occupation(&o, &g, O.occupation, occ);
    write_supplement(&o, &g, O.supplement, O.supp_parcels, supp);
    write_projects(&o, &g, O.occupation, occ, O.supplement, supp);
    if (o.invalid)
        die("%ld generated polygons are invalid: a generator bug", o.invalid);
    OSRDestroySpatialReference(o.srs);
    GDALClose(o.ds);
    GEOS_finish_r(o.geos);
    fprintf(stderr,
            "gen_county: %s: %ld parcels, %ld occupation projects, %ld "
            "supplement projects with %ld parcels, seed %llu, %.1f s\n",
            O.out, O.parcels, O.occupation, O.supplement, O.supp_parcels,
            (unsigned long long)O.seed, now() - t0);
    free(occ);
    free(supp);
    free(g.X);
    free(g.Y);
    return 0;
}
