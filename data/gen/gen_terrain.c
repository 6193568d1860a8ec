/*
 * gen_terrain.c: the four towns and their synthetic landscape. Each study
 * area is a valley: a river along an axis, a flat floor, hillsides that
 * steepen away from it, plus smooth noise. Land use follows height above
 * the river and slope, as in the basins (坝子) of central Yunnan: paddy on
 * the floor, dry land on the lower slopes, forest uphill.
 *
 * Local coordinates of a town: u along the river axis, v across it (m),
 * origin at the town's centre.
 */
#include "gen.h"

#include <math.h>
#include <proj.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Study-area centres: plausible spots near the city seat (25.0359°N
 * 101.5446°E), not surveyed places. 子午镇 lies inside its published
 * extent 101°23′17″–101°36′17″E, 24°46′24″–24°58′04″N; 东华镇 west of it
 * (子午 "西接东华"); 紫溪镇 on the western edge of the city, so that
 * the city ring road of ZY-ZX-02 can run along it; 苍岭镇 north-east.
 * All lie in the 3° zone of CM 102°E (100.5–103.5°E). Codes 5323011xx
 * are made up in the pattern of the real ones. */
static const struct town_def {
    const char *name, *abbr, *code;
    double lon, lat, radius, axis_deg;
    int road_side;
} town_defs[GEN_NTOWNS] = {
    {"东华镇", "DH", "532301101", 101.3620, 24.9580, 1500.0, 35.0, 1},
    {"子午镇", "ZW", "532301102", 101.5050, 24.8950, 1550.0, -20.0, -1},
    {"紫溪镇", "ZX", "532301103", 101.4680, 25.0300, 1450.0, 15.0, 1},
    {"苍岭镇", "CL", "532301104", 101.6800, 25.1250, 1500.0, 10.0, -1},
};

/* ---- coordinates --------------------------------------------------------- */

void gen_town_to_local(const gen_town *t, double e, double n, double *u,
                       double *v)
{
    double c = cos(t->axis), s = sin(t->axis);
    double de = e - t->e0, dn = n - t->n0;
    *u = de * c + dn * s;
    *v = -de * s + dn * c;
}

void gen_town_from_local(const gen_town *t, double u, double v, double *e,
                         double *n)
{
    double c = cos(t->axis), s = sin(t->axis);
    *e = t->e0 + u * c - v * s;
    *n = t->n0 + u * s + v * c;
}

/* Project the town centres with PROJ (EPSG:4490 -> EPSG:4543, lon/lat and
 * E/N order through proj_normalize_for_visualization). */
static void project_centres(gen_world *w)
{
    PJ_CONTEXT *pc = proj_context_create();
    PJ *raw = proj_create_crs_to_crs(pc, "EPSG:4490", "EPSG:4543", NULL);
    PJ *pj = raw ? proj_normalize_for_visualization(pc, raw) : NULL;
    int i;
    if (!pj)
        gen_die("PROJ cannot transform EPSG:4490 to EPSG:4543");
    for (i = 0; i < GEN_NTOWNS; i++) {
        gen_town *t = &w->towns[i];
        PJ_COORD c = proj_coord(t->lon, t->lat, 0, 0);
        c = proj_trans(pj, PJ_FWD, c);
        /* whole metres: the centre is a design choice, not a measurement */
        t->e0 = floor(c.xy.x + 0.5);
        t->n0 = floor(c.xy.y + 0.5);
    }
    proj_destroy(pj);
    proj_destroy(raw);
    proj_context_destroy(pc);
}

/* ---- terrain ------------------------------------------------------------- */

double gen_town_radius(const gen_town *t, double a)
{
    const double *s = t->shape;
    return t->radius * (1.0 + s[0] * sin(2 * a + s[1]) +
                        s[2] * sin(3 * a + s[3]) + s[4] * sin(5 * a + s[5]));
}

double gen_river_v(const gen_town *t, double u)
{
    const double *r = t->river;
    return r[0] * sin(2 * M_PI * u / r[1] + r[4]) +
           r[2] * sin(2 * M_PI * u / r[3] + 2.0 * r[4]);
}

double gen_road_v(const gen_town *t, double u)
{
    int side = t->road_side > 0;
    return gen_river_v(t, u) +
           t->road_side * (0.8 * t->valley_w[side] + 12.0 * sin(u / 230.0));
}

/* Height above the river (m): a gentle floor (1 %) out to the valley
 * half-width, then a hillside whose gradient rises from 3 % towards
 * steep[] (about 25–33°) over a length of hill[] m; noise is faded in
 * away from the floor so that paddy land stays flat. */
double gen_height(const gen_town *t, double u, double v)
{
    double d = v - gen_river_v(t, u), a = fabs(d);
    int side = d > 0;
    double wv = t->valley_w[side], smax = t->steep[side], len = t->hill[side];
    double prof = 0.010 * a, fade, noise, h;
    if (a > wv) {
        double x = a - wv;
        prof += 0.03 * x + (smax - 0.03) * (x - len * (1.0 - exp(-x / len)));
    }
    fade = (a - 0.6 * wv) / (0.8 * wv);
    fade = fade < 0 ? 0 : fade > 1 ? 1 : fade;
    noise = (gen_noise(t->seed ^ 7, u, v, 520.0) - 0.5) * 22.0 +
            (gen_noise(t->seed ^ 8, u, v, 170.0) - 0.5) * 7.0;
    h = prof + fade * noise;
    return h < 0 ? 0 : h;
}

/* Slope in degrees, of the height plus a 0.4 % fall along the valley. */
double gen_slope(const gen_town *t, double u, double v)
{
    const double s = 4.0;
    double gu = (gen_height(t, u + s, v) - gen_height(t, u - s, v)) / (2 * s);
    double gv = (gen_height(t, u, v + s) - gen_height(t, u, v - s)) / (2 * s);
    gu += 0.004;
    return atan(sqrt(gu * gu + gv * gv)) * 180.0 / M_PI;
}

/* The land-use class of a point, from height, slope and three noise
 * fields that make patches of orchards, grass, bare land and the like. */
const char *gen_terrain_class(const gen_town *t, double u, double v)
{
    double h = gen_height(t, u, v), sl = gen_slope(t, u, v);
    double n1 = gen_noise(t->seed ^ 11, u, v, 380.0);
    double n2 = gen_noise(t->seed ^ 12, u, v, 260.0);
    double n3 = gen_noise(t->seed ^ 13, u, v, 150.0);
    if (h < 6.0 && sl < 3.0)
        return n2 < 0.14 ? "0102" : "0101";
    if (h < 20.0) {
        if (n1 < 0.30)
            return sl < 8.0 ? "0102" : "0103";
        return sl < 8.0 && n1 < 0.80 ? "0101" : "0103";
    }
    if (h < 70.0 && sl < 24.0) {
        if (n3 > 0.76)
            return "0404";
        if (n3 < 0.12)
            return "1206";
        if (n1 > 0.74)
            return "0201";
        if (n2 > 0.80)
            return "0202";
        return "0103";
    }
    if (h < 140.0 && sl < 30.0) {
        if (n1 < 0.28)
            return "0103";
        if (n3 > 0.74)
            return "0404";
        if (n2 > 0.62)
            return "0307";
        return n2 < 0.3 ? "0305" : "0301";
    }
    if (sl > 31.0 || n1 < 0.15)
        return "0305";
    if (n3 > 0.84)
        return "0404";
    return n2 > 0.78 ? "0307" : "0301";
}

/* ---- lines: river, main road, canal, tracks, village streets ------------- */

static void line_push(gen_line *l, double x, double y, size_t *cap)
{
    if (l->n == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        l->xy = gen_xrealloc(l->xy, 2 * *cap * sizeof *l->xy);
    }
    l->xy[2 * l->n] = x;
    l->xy[2 * l->n + 1] = y;
    l->n++;
}

static void line_bounds(gen_line *l)
{
    size_t i;
    l->minx = l->maxx = l->xy[0];
    l->miny = l->maxy = l->xy[1];
    for (i = 1; i < l->n; i++) {
        double x = l->xy[2 * i], y = l->xy[2 * i + 1];
        l->minx = x < l->minx ? x : l->minx;
        l->maxx = x > l->maxx ? x : l->maxx;
        l->miny = y < l->miny ? y : l->miny;
        l->maxy = y > l->maxy ? y : l->maxy;
    }
}

static gen_line *line_new(gen_town *t, gen_line_kind kind, double half_w)
{
    gen_line *l;
    if (t->nlines == GEN_MAX_LINES)
        gen_die("too many lines in %s", t->name);
    l = &t->lines[t->nlines++];
    memset(l, 0, sizeof *l);
    l->kind = kind;
    l->half_width = half_w;
    return l;
}

/* A line along the valley: v = f(u) for u across the whole study area. */
static void along_valley(gen_town *t, gen_line_kind kind, double half_w,
                         double offset_side, double offset_frac)
{
    gen_line *l = line_new(t, kind, half_w);
    size_t cap = 0;
    double u, lim = 1.8 * t->radius;
    for (u = -lim; u <= lim; u += 10.0) {
        double v, e, n;
        if (kind == GEN_ROAD)
            v = gen_road_v(t, u);
        else
            v = gen_river_v(t, u) +
                offset_side * offset_frac * t->valley_w[offset_side > 0];
        gen_town_from_local(t, u, v, &e, &n);
        line_push(l, e, n, &cap);
    }
    line_bounds(l);
}

/* A line across the valley from v0 to v1 at about u0, wiggling a little. */
static void across_valley(gen_town *t, gen_line_kind kind, double half_w,
                          double u0, double v0, double v1, double wiggle)
{
    gen_line *l = line_new(t, kind, half_w);
    size_t cap = 0, i, k = (size_t)(fabs(v1 - v0) / 10.0) + 1;
    for (i = 0; i <= k; i++) {
        double v = v0 + (v1 - v0) * (double)i / (double)k, e, n;
        double u = u0 + wiggle * sin((v - v0) / 140.0);
        gen_town_from_local(t, u, v, &e, &n);
        line_push(l, e, n, &cap);
    }
    line_bounds(l);
}

double gen_line_distance(const gen_line *l, double x, double y, double cutoff)
{
    double best = cutoff * cutoff;
    size_t i;
    if (x < l->minx - cutoff || x > l->maxx + cutoff || y < l->miny - cutoff ||
        y > l->maxy + cutoff)
        return cutoff;
    for (i = 0; i + 1 < l->n; i++) {
        double ax = l->xy[2 * i], ay = l->xy[2 * i + 1];
        double dx = l->xy[2 * i + 2] - ax, dy = l->xy[2 * i + 3] - ay;
        double len2 = dx * dx + dy * dy, s, px, py, d2;
        s = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0;
        s = s < 0 ? 0 : s > 1 ? 1 : s;
        px = ax + s * dx - x;
        py = ay + s * dy - y;
        d2 = px * px + py * py;
        if (d2 < best)
            best = d2;
    }
    return sqrt(best);
}

/* Villages (0702) sit on the road side just beyond the main road; two
 * hamlets are up on the hills; streets (1004) run through the villages. */
static void place_villages(gen_town *t, gen_rng *r)
{
    static const double at[3] = {-0.55, -0.02, 0.5};
    int i, side = t->road_side;
    for (i = 0; i < 3; i++) {
        double u = at[i] * t->radius + gen_rng_range(r, -80, 80);
        double rad = gen_rng_range(r, 100, 140);
        double v = gen_road_v(t, u) + side * (rad + 25.0);
        t->villages[t->nvillages][0] = u;
        t->villages[t->nvillages][1] = v;
        t->villages[t->nvillages][2] = rad;
        t->nvillages++;
        across_valley(t, GEN_STREET, 3.0, u + 20.0, gen_road_v(t, u),
                      v + side * 0.8 * rad, 8.0);
    }
    for (i = 0; i < 2; i++) {
        double u = gen_rng_range(r, -0.7, 0.7) * t->radius;
        int s = gen_rng_uniform(r) < 0.5 ? -1 : 1;
        double v = gen_river_v(t, u) +
                   s * (t->valley_w[s > 0] + gen_rng_range(r, 280, 420));
        t->villages[t->nvillages][0] = u;
        t->villages[t->nvillages][1] = v;
        t->villages[t->nvillages][2] = gen_rng_range(r, 35, 55);
        t->nvillages++;
    }
}

static void place_lines(gen_town *t, gen_rng *r)
{
    static const double track_u[3] = {-0.62, 0.02, 0.58};
    int i, side = t->road_side;
    /* order = priority where lines cross (gen_baseline.c) */
    along_valley(t, GEN_RIVER, 9.0, 0, 0);
    along_valley(t, GEN_ROAD, 6.0, 0, 0);
    along_valley(t, GEN_CANAL, 2.5, -side, 0.9);
    for (i = 0; i < 3; i++) {
        double u0 = track_u[i] * t->radius + gen_rng_range(r, -90, 90);
        double v0 = gen_road_v(t, u0), v1;
        int s = i == 1 ? -side : side;
        v1 = gen_river_v(t, u0) + s * (t->valley_w[s > 0] + 650.0);
        across_valley(t, GEN_TRACK, 3.0, u0, v0, v1, 40.0);
    }
}

static void town_shape(gen_town *t, gen_rng *r)
{
    int k;
    for (k = 0; k < 2; k++) {
        t->valley_w[k] = gen_rng_range(r, 190, 320);
        t->steep[k] = gen_rng_range(r, 0.47, 0.65);
        t->hill[k] = gen_rng_range(r, 250, 450);
    }
    t->shape[0] = gen_rng_range(r, 0.08, 0.14);
    t->shape[2] = gen_rng_range(r, 0.04, 0.09);
    t->shape[4] = gen_rng_range(r, 0.02, 0.04);
    for (k = 1; k < 6; k += 2)
        t->shape[k] = gen_rng_range(r, 0, 2 * M_PI);
    t->river[0] = gen_rng_range(r, 50, 80);
    t->river[1] = gen_rng_range(r, 1500, 2000);
    t->river[2] = gen_rng_range(r, 12, 22);
    t->river[3] = gen_rng_range(r, 450, 600);
    t->river[4] = gen_rng_range(r, 0, 2 * M_PI);
}

void gen_towns_init(gen_world *w)
{
    int i, k;
    memset(w->towns, 0, sizeof w->towns);
    for (i = 0; i < GEN_NTOWNS; i++) {
        gen_town *t = &w->towns[i];
        const struct town_def *d = &town_defs[i];
        t->name = d->name;
        t->abbr = d->abbr;
        t->code = d->code;
        t->lon = d->lon;
        t->lat = d->lat;
        t->radius = d->radius;
        t->axis = d->axis_deg * M_PI / 180.0;
        t->road_side = d->road_side;
    }
    project_centres(w);
    for (i = 0; i < GEN_NTOWNS; i++) {
        gen_town *t = &w->towns[i];
        gen_rng r;
        /* each town its own stream, so that tuning one leaves the others */
        t->seed = gen_mix64(w->seed ^ gen_mix64((uint64_t)i + 1));
        gen_rng_seed(&r, t->seed);
        town_shape(t, &r);
        place_lines(t, &r);
        place_villages(t, &r);
        t->nadmin = 4;
        for (k = 0; k < 4; k++) {
            t->admin[k][0] =
                (k & 1 ? 0.5 : -0.5) * t->radius + gen_rng_range(&r, -200, 200);
            t->admin[k][1] =
                (k & 2 ? 0.5 : -0.5) * t->radius + gen_rng_range(&r, -200, 200);
        }
    }
}

void gen_towns_free(gen_world *w)
{
    int i, k;
    for (i = 0; i < GEN_NTOWNS; i++)
        for (k = 0; k < w->towns[i].nlines; k++)
            free(w->towns[i].lines[k].xy);
}
