/*
 * gen_baseline.c: the baseline parcels (地类图斑, layer dltb) of one town.
 *
 * 1. Seeds: a jittered 30 m grid aligned with the valley, plus rows of
 *    seeds along each line (river, road, canal, tracks, streets): a centre
 *    row and two side rows at twice the half-width, so that the Voronoi
 *    cells of the centre row form a strip of the line's width.
 * 2. GEOS Voronoi diagram of the seeds. Every vertex of a Voronoi cell is
 *    the circumcentre of one Delaunay triangle, computed once and shared
 *    bit for bit by the cells that meet there; rounding each vertex to the
 *    1 mm grid therefore moves shared vertices identically, and the
 *    rounded cells still tile the plane with no overlap and no gap
 *    (gen_verify_baseline checks the parcels).
 * 3. The town's study area is the cells whose seed lies inside its
 *    outline (plus any cell they enclose), so its edge follows cell edges
 *    and nothing is clipped (clipping would create unshared vertices).
 * 4. Each cell gets a land class from the terrain; parcels grow from
 *    cells of one class to a size drawn for the class; parcels under
 *    0.06 ha join a neighbour; a parcel's polygon is the coverage union
 *    of its cells, which adds no vertex.
 */
#include "gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GRID_SPACING 30.0
#define LINE_STEP 8.0

typedef struct seed {
    double x, y;
    int line;   /* index of the line, -1 for grid seeds */
    int centre; /* on the line's centre row */
    double arc; /* position along the line, m */
} seed;

typedef struct cell {
    GEOSGeometry *g; /* rounded, NULL when the seed got no cell */
    double area;     /* planar, m² */
    int in_town;
    const char *cls;
    int key;    /* line segment id, -1 for area classes */
    int parcel; /* -1 until grown */
    int next;   /* next cell of the same parcel, -1 at the end */
    int adj0, nadj;
    double slope, height;
} cell;

typedef struct town_work {
    gen_world *w;
    gen_town *t;
    gen_rng rng;
    seed *seeds;
    size_t n, cap;
    cell *cells;
    int *adj;       /* CSR neighbours */
    double *adjlen; /* shared edge lengths, m */
    int nparcels;
    int *head;     /* first cell of each parcel */
    double *parea; /* planar area of each parcel */
} town_work;

/* ---- 1. seeds ------------------------------------------------------------ */

static int near_town(const gen_town *t, double x, double y, double margin)
{
    double u, v;
    gen_town_to_local(t, x, y, &u, &v);
    return hypot(u, v) <= gen_town_radius(t, atan2(v, u)) + margin;
}

static void add_seed(town_work *tw, double x, double y, int line, int centre,
                     double arc)
{
    seed *s;
    if (tw->n == tw->cap) {
        tw->cap = tw->cap ? 2 * tw->cap : 4096;
        tw->seeds = gen_xrealloc(tw->seeds, tw->cap * sizeof *tw->seeds);
    }
    s = &tw->seeds[tw->n++];
    s->x = x;
    s->y = y;
    s->line = line;
    s->centre = centre;
    s->arc = arc;
}

/* Seeds of line li give way to every earlier line where they cross. */
static int blocked_by_earlier(const gen_town *t, int li, double x, double y)
{
    int j;
    for (j = 0; j < li; j++) {
        double clear = 2.0 * t->lines[j].half_width + 4.0;
        if (gen_line_distance(&t->lines[j], x, y, clear) < clear)
            return 1;
    }
    return 0;
}

static void line_seeds(town_work *tw, int li)
{
    const gen_line *l = &tw->t->lines[li];
    double arc = 0.0, next = 0.0, off = 2.0 * l->half_width;
    size_t i;
    for (i = 0; i + 1 < l->n; i++) {
        double ax = l->xy[2 * i], ay = l->xy[2 * i + 1];
        double dx = l->xy[2 * i + 2] - ax, dy = l->xy[2 * i + 3] - ay;
        double len = hypot(dx, dy), nx, ny;
        if (len <= 0)
            continue;
        nx = -dy / len;
        ny = dx / len;
        while (next <= arc + len) {
            double f = (next - arc) / len, k;
            double px = ax + f * dx, py = ay + f * dy;
            for (k = -1; k <= 1; k += 1) {
                double sx = px + k * off * nx, sy = py + k * off * ny;
                if (near_town(tw->t, sx, sy, 150.0) &&
                    !blocked_by_earlier(tw->t, li, sx, sy))
                    add_seed(tw, sx, sy, li, k == 0, next);
            }
            next += LINE_STEP;
        }
        arc += len;
    }
}

static int near_any_line(const gen_town *t, double x, double y)
{
    int j;
    for (j = 0; j < t->nlines; j++) {
        double clear = 2.0 * t->lines[j].half_width + 10.0;
        if (gen_line_distance(&t->lines[j], x, y, clear) < clear)
            return 1;
    }
    return 0;
}

static void grid_seeds(town_work *tw)
{
    const gen_town *t = tw->t;
    double lim = 1.3 * t->radius + 150.0, u, v;
    for (v = -lim; v <= lim; v += GRID_SPACING)
        for (u = -lim; u <= lim; u += GRID_SPACING) {
            double su = u + gen_rng_range(&tw->rng, -0.35, 0.35) * GRID_SPACING;
            double sv = v + gen_rng_range(&tw->rng, -0.35, 0.35) * GRID_SPACING;
            double x, y;
            gen_town_from_local(t, su, sv, &x, &y);
            if (near_town(t, x, y, 150.0) && !near_any_line(t, x, y))
                add_seed(tw, x, y, -1, 0, 0);
        }
}

/* ---- 2. Voronoi cells, rounded ------------------------------------------- */

static GEOSGeometry *seed_points(town_work *tw)
{
    GEOSContextHandle_t h = tw->w->h;
    GEOSGeometry **pts = gen_xmalloc(tw->n * sizeof *pts), *mp;
    size_t i;
    for (i = 0; i < tw->n; i++)
        pts[i] = gen_check(
            tw->w,
            GEOSGeom_createPointFromXY_r(h, tw->seeds[i].x, tw->seeds[i].y),
            "point");
    mp = gen_check(
        tw->w,
        GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, pts, (unsigned)tw->n),
        "multipoint");
    free(pts);
    return mp;
}

/* The exterior ring of a Voronoi cell, every vertex on the 1 mm grid,
 * repeated points dropped. NULL if fewer than 3 distinct points remain. */
static GEOSGeometry *rounded_cell(gen_world *w, const GEOSGeometry *poly)
{
    const GEOSGeometry *ring = GEOSGetExteriorRing_r(w->h, poly);
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(w->h, ring);
    unsigned n = 0, i;
    size_t k = 0;
    double *xy, x, y;
    GEOSGeometry *g = NULL;
    GEOSCoordSeq_getSize_r(w->h, cs, &n);
    xy = gen_xmalloc(2 * (size_t)n * sizeof *xy);
    for (i = 0; i < n; i++) {
        GEOSCoordSeq_getXY_r(w->h, cs, i, &x, &y);
        x = gen_round_grid(x);
        y = gen_round_grid(y);
        if (k > 0 && xy[2 * k - 2] == x && xy[2 * k - 1] == y)
            continue;
        xy[2 * k] = x;
        xy[2 * k + 1] = y;
        k++;
    }
    if (k >= 4)
        g = gen_polygon(w, xy, k);
    free(xy);
    return g;
}

static void index_cb(void *item, void *ud)
{
    gen_ints_push(ud, (int)(intptr_t)item);
}

/* Give each seed its Voronoi cell: the cell that contains it. */
static void voronoi_cells(town_work *tw)
{
    gen_world *w = tw->w;
    GEOSGeometry *mp = seed_points(tw), *vd;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(w->h, 10);
    gen_ints hits = {0};
    int i, k, ncell;
    vd = gen_check(w, GEOSVoronoiDiagram_r(w->h, mp, NULL, 0.0, 0), "voronoi");
    ncell = GEOSGetNumGeometries_r(w->h, vd);
    for (k = 0; k < ncell; k++)
        GEOSSTRtree_insert_r(w->h, tree, GEOSGetGeometryN_r(w->h, vd, k),
                             (void *)(intptr_t)k);
    tw->cells = gen_xcalloc(tw->n, sizeof *tw->cells);
    for (i = 0; i < (int)tw->n; i++) {
        const GEOSGeometry *pt = GEOSGetGeometryN_r(w->h, mp, i);
        size_t j;
        hits.n = 0;
        GEOSSTRtree_query_r(w->h, tree, pt, index_cb, &hits);
        for (j = 0; j < hits.n; j++) {
            const GEOSGeometry *c = GEOSGetGeometryN_r(w->h, vd, hits.v[j]);
            if (GEOSContains_r(w->h, c, pt) == 1) {
                tw->cells[i].g = rounded_cell(w, c);
                break;
            }
        }
        if (tw->cells[i].g)
            tw->cells[i].area = gen_planar(w, tw->cells[i].g);
        tw->cells[i].parcel = -1;
        tw->cells[i].next = -1;
        tw->cells[i].key = -1;
    }
    gen_ints_free(&hits);
    GEOSSTRtree_destroy_r(w->h, tree);
    GEOSGeom_destroy_r(w->h, vd);
    GEOSGeom_destroy_r(w->h, mp);
}

/* ---- adjacency: cells sharing an edge of the rounded tiling -------------- */

typedef struct pair {
    int a, b;
    double len;
} pair;

static int64_t mm(double x)
{
    return (int64_t)floor(x / GEN_GRID + 0.5);
}

static void cell_edges(town_work *tw, int c, gen_hash *verts, gen_hash *edges,
                       pair **pairs, size_t *np, size_t *cap)
{
    GEOSContextHandle_t h = tw->w->h;
    const GEOSCoordSequence *cs =
        GEOSGeom_getCoordSeq_r(h, GEOSGetExteriorRing_r(h, tw->cells[c].g));
    unsigned n = 0, i;
    int prev = -1;
    double px = 0, py = 0, x, y;
    GEOSCoordSeq_getSize_r(h, cs, &n);
    for (i = 0; i < n; i++) {
        int v, other;
        GEOSCoordSeq_getXY_r(h, cs, i, &x, &y);
        v = gen_hash_put(verts, mm(x), mm(y), (int)verts->n);
        if (prev >= 0 && prev != v) {
            int lo = prev < v ? prev : v, hi = prev < v ? v : prev;
            other = gen_hash_put(edges, lo, hi, c);
            if (other != c) {
                if (*np == *cap) {
                    *cap = *cap ? 2 * *cap : 4096;
                    *pairs = gen_xrealloc(*pairs, *cap * sizeof **pairs);
                }
                (*pairs)[*np].a = other;
                (*pairs)[*np].b = c;
                (*pairs)[(*np)++].len = hypot(x - px, y - py);
            }
        }
        prev = v;
        px = x;
        py = y;
    }
}

static void build_adjacency(town_work *tw)
{
    gen_hash verts, edges;
    pair *pairs = NULL;
    size_t np = 0, cap = 0, k;
    int c, *fill;
    gen_hash_init(&verts, 2 * tw->n);
    gen_hash_init(&edges, 3 * tw->n);
    for (c = 0; c < (int)tw->n; c++)
        if (tw->cells[c].g)
            cell_edges(tw, c, &verts, &edges, &pairs, &np, &cap);
    for (k = 0; k < np; k++) {
        tw->cells[pairs[k].a].nadj++;
        tw->cells[pairs[k].b].nadj++;
    }
    tw->adj = gen_xmalloc((2 * np + 1) * sizeof *tw->adj);
    tw->adjlen = gen_xmalloc((2 * np + 1) * sizeof *tw->adjlen);
    fill = gen_xcalloc(tw->n, sizeof *fill);
    for (c = 0, k = 0; c < (int)tw->n; c++) {
        tw->cells[c].adj0 = (int)k;
        k += (size_t)tw->cells[c].nadj;
    }
    for (k = 0; k < np; k++) {
        int a = pairs[k].a, b = pairs[k].b;
        int ia = tw->cells[a].adj0 + fill[a]++,
            ib = tw->cells[b].adj0 + fill[b]++;
        tw->adj[ia] = b;
        tw->adjlen[ia] = pairs[k].len;
        tw->adj[ib] = a;
        tw->adjlen[ib] = pairs[k].len;
    }
    free(fill);
    free(pairs);
    gen_hash_free(&verts);
    gen_hash_free(&edges);
}

/* ---- 3. the study area --------------------------------------------------- */

/* In town: seed inside the outline; then every outside cell that cannot
 * be reached from far outside is taken in, so the area has no holes. */
static void select_town(town_work *tw)
{
    gen_ints queue = {0};
    char *seen = gen_xcalloc(tw->n, 1);
    size_t c, qi;
    for (c = 0; c < tw->n; c++) {
        cell *ce = &tw->cells[c];
        if (!ce->g)
            continue;
        ce->in_town = near_town(tw->t, tw->seeds[c].x, tw->seeds[c].y, 0.0);
        if (!ce->in_town &&
            !near_town(tw->t, tw->seeds[c].x, tw->seeds[c].y, 60.0)) {
            seen[c] = 1;
            gen_ints_push(&queue, (int)c);
        }
    }
    for (qi = 0; qi < queue.n; qi++) {
        const cell *ce = &tw->cells[queue.v[qi]];
        int k;
        for (k = 0; k < ce->nadj; k++) {
            int o = tw->adj[ce->adj0 + k];
            if (!tw->cells[o].in_town && !seen[o]) {
                seen[o] = 1;
                gen_ints_push(&queue, o);
            }
        }
    }
    for (c = 0; c < tw->n; c++)
        if (tw->cells[c].g && !tw->cells[c].in_town && !seen[c])
            tw->cells[c].in_town = 1;
    free(seen);
    gen_ints_free(&queue);
}

/* ---- 4. classes and parcels ---------------------------------------------- */

static const char *line_class(gen_line_kind k)
{
    switch (k) {
    case GEN_RIVER:
        return "1101";
    case GEN_ROAD:
        return "1003";
    case GEN_CANAL:
        return "1107";
    case GEN_TRACK:
        return "1006";
    case GEN_STREET:
        return "1004";
    }
    return "1006";
}

/* Line parcels are cut into segments of about this length, as the survey
 * splits long roads and rivers at junctions and village boundaries. */
static double segment_length(gen_line_kind k)
{
    return k == GEN_RIVER ? 650.0 : k == GEN_CANAL ? 900.0 : 800.0;
}

static int in_village(const gen_town *t, double u, double v)
{
    int i;
    for (i = 0; i < t->nvillages; i++)
        if (hypot(u - t->villages[i][0], v - t->villages[i][1]) <
            t->villages[i][2])
            return 1;
    return 0;
}

static void classify(town_work *tw)
{
    const gen_town *t = tw->t;
    size_t c;
    for (c = 0; c < tw->n; c++) {
        cell *ce = &tw->cells[c];
        const seed *s = &tw->seeds[c];
        double u, v;
        if (!ce->g || !ce->in_town)
            continue;
        gen_town_to_local(t, s->x, s->y, &u, &v);
        ce->height = gen_height(t, u, v);
        ce->slope = gen_slope(t, u, v);
        if (s->line >= 0 && s->centre) {
            gen_line_kind k = t->lines[s->line].kind;
            ce->cls = line_class(k);
            ce->key = s->line * 1000 + (int)(s->arc / segment_length(k));
        } else if (in_village(t, u, v)) {
            ce->cls = "0702";
        } else {
            ce->cls = gen_terrain_class(t, u, v);
        }
    }
}

/* A few ponds (坑塘) on the valley floor: a cell and its neighbours. */
static void add_ponds(town_work *tw)
{
    int made = 0, tries = 0;
    while (made < 6 && tries++ < 5000) {
        int c = gen_rng_int(&tw->rng, 0, (int)tw->n - 1), k;
        cell *ce = &tw->cells[c];
        if (!ce->g || !ce->in_town || !ce->cls || ce->key >= 0 ||
            !gen_base_is(ce->cls, "0101"))
            continue;
        ce->cls = "1104";
        for (k = 0; k < ce->nadj && k < 2; k++) {
            cell *o = &tw->cells[tw->adj[ce->adj0 + k]];
            if (o->in_town && o->key < 0 && gen_base_is(o->cls, "0101"))
                o->cls = "1104";
        }
        made++;
    }
}

static double target_area(town_work *tw, const char *cls)
{
    static const struct {
        const char *cls;
        double lo, hi;
    } sizes[] = {
        {"0101", 1200, 5000},   {"0102", 1800, 7000},  {"0103", 2000, 12000},
        {"0201", 3000, 15000},  {"0202", 3000, 15000}, {"0301", 15000, 45000},
        {"0305", 12000, 40000}, {"0307", 8000, 30000}, {"0404", 3000, 18000},
        {"1206", 1500, 6000},   {"0702", 6000, 25000}, {"1104", 700, 2500},
    };
    size_t i;
    double u = gen_rng_uniform(&tw->rng);
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        if (strcmp(sizes[i].cls, cls) == 0)
            return sizes[i].lo * pow(sizes[i].hi / sizes[i].lo, u);
    return GEN_MAX_PARCEL_M2; /* lines: a whole segment */
}

static int same_kind(const cell *a, const cell *b)
{
    return b->in_town && b->parcel < 0 && b->key == a->key &&
           strcmp(a->cls, b->cls) == 0;
}

/* Breadth-first growth from cell c over cells of the same class. */
static void grow(town_work *tw, int c, gen_ints *queue)
{
    int pid = tw->nparcels++, last = c;
    tw->head[pid] = c;
    double area = tw->cells[c].area, target = target_area(tw, tw->cells[c].cls);
    size_t qi;
    tw->cells[c].parcel = pid;
    queue->n = 0;
    gen_ints_push(queue, c);
    for (qi = 0; qi < queue->n && area < target; qi++) {
        const cell *x = &tw->cells[queue->v[qi]];
        int k;
        for (k = 0; k < x->nadj && area < target; k++) {
            int o = tw->adj[x->adj0 + k];
            cell *y = &tw->cells[o];
            if (!same_kind(x, y) || area + y->area > GEN_MAX_PARCEL_M2)
                continue;
            y->parcel = pid;
            tw->cells[last].next = o;
            last = o;
            area += y->area;
            gen_ints_push(queue, o);
        }
    }
}

static void grow_all(town_work *tw)
{
    gen_ints queue = {0};
    size_t c;
    /* at most one parcel per cell */
    tw->head = gen_xmalloc(tw->n * sizeof *tw->head);
    tw->parea = gen_xcalloc(tw->n, sizeof *tw->parea);
    for (c = 0; c < tw->n; c++)
        if (tw->cells[c].g && tw->cells[c].in_town && tw->cells[c].parcel < 0)
            grow(tw, (int)c, &queue);
    gen_ints_free(&queue);
    for (c = 0; c < tw->n; c++)
        if (tw->cells[c].g && tw->cells[c].in_town)
            tw->parea[tw->cells[c].parcel] += tw->cells[c].area;
}

/* The neighbour parcel a small parcel should join: the same class first,
 * else any area class (never a road or river strip), by longest shared
 * edge, keeping the result under 5 ha. -1 when there is none. */
static int merge_target(town_work *tw, int pid)
{
    const cell *h = &tw->cells[tw->head[pid]];
    int best = -1, c, pass;
    for (pass = 0; pass < 2 && best < 0; pass++) {
        double best_len = 0;
        for (c = tw->head[pid]; c >= 0; c = tw->cells[c].next) {
            const cell *x = &tw->cells[c];
            int k;
            for (k = 0; k < x->nadj; k++) {
                const cell *y = &tw->cells[tw->adj[x->adj0 + k]];
                const cell *yh;
                if (!y->in_town || y->parcel == pid)
                    continue;
                yh = &tw->cells[tw->head[y->parcel]];
                if (pass == 0 && (yh->key != h->key || strcmp(yh->cls, h->cls)))
                    continue;
                if (pass == 1 && yh->key >= 0)
                    continue;
                if (tw->parea[pid] + tw->parea[y->parcel] > GEN_MAX_PARCEL_M2)
                    continue;
                if (tw->adjlen[x->adj0 + k] > best_len) {
                    best_len = tw->adjlen[x->adj0 + k];
                    best = y->parcel;
                }
            }
        }
    }
    return best;
}

static void merge_into(town_work *tw, int from, int to)
{
    int c, last = tw->head[to];
    while (tw->cells[last].next >= 0)
        last = tw->cells[last].next;
    tw->cells[last].next = tw->head[from];
    for (c = tw->head[from]; c >= 0; c = tw->cells[c].next) {
        tw->cells[c].parcel = to;
        tw->cells[c].cls = tw->cells[tw->head[to]].cls;
        tw->cells[c].key = tw->cells[tw->head[to]].key;
    }
    tw->parea[to] += tw->parea[from];
    tw->parea[from] = 0;
    tw->head[from] = -1;
}

static void merge_small(town_work *tw)
{
    int pass, pid;
    for (pass = 0; pass < 3; pass++)
        for (pid = 0; pid < tw->nparcels; pid++) {
            int to;
            if (tw->head[pid] < 0 || tw->parea[pid] >= GEN_MIN_PARCEL_M2)
                continue;
            to = merge_target(tw, pid);
            if (to >= 0)
                merge_into(tw, pid, to);
        }
}

/* ---- parcels out --------------------------------------------------------- */

static int nearest_admin(const gen_town *t, double u, double v)
{
    int k, best = 0;
    double bd = 1e300;
    for (k = 0; k < t->nadmin; k++) {
        double d = hypot(u - t->admin[k][0], v - t->admin[k][1]);
        if (d < bd) {
            bd = d;
            best = k;
        }
    }
    return best;
}

static int clampi(int x, int lo, int hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* GDPDJB, GDLX, KCXS and GDDB of a cultivated parcel; nothing on others
 * (三调 keeps 耕地 attributes off other classes, domain.md §3.1). */
static void cultivated_attributes(gen_parcel *p, gen_rng *r)
{
    double jitter = gen_rng_range(r, -1.0, 1.0);
    double g;
    p->gdpdjb = gen_slope_grade(p->slope);
    if (p->gdpdjb > 1) {
        if (gen_is_paddy(p->dlbm))
            p->gdlx = "TT"; /* paddy on a slope is terraced */
        else
            p->gdlx = p->slope > 10.0 && gen_rng_uniform(r) < 0.4 ? "TT" : "PD";
    }
    p->kcxs = gen_kcxs(p->gdlx, p->gdpdjb);
    g = gen_grade(p->dlbm, p->height, p->slope) + jitter;
    p->gddb = clampi((int)floor(g + 0.5), 1, 15);
}

static void finish_parcel(gen_world *w, gen_parcel *p, gen_rng *r)
{
    if (gen_is_cultivated(p->dlbm))
        cultivated_attributes(p, r);
    p->area = gen_area(w, p->g);
    p->tbmj = gen_round2(p->area);
    p->kcmj = gen_round2(p->tbmj * p->kcxs);
    p->tbdlmj = gen_round2(p->tbmj - p->kcmj);
}

static gen_parcel *new_parcel(gen_world *w)
{
    gen_parcel *p;
    if (w->nparcels == w->capparcels) {
        w->capparcels = w->capparcels ? 2 * w->capparcels : 1024;
        w->parcels =
            gen_xrealloc(w->parcels, w->capparcels * sizeof *w->parcels);
    }
    p = &w->parcels[w->nparcels++];
    memset(p, 0, sizeof *p);
    return p;
}

static GEOSGeometry *parcel_geometry(town_work *tw, int pid)
{
    gen_world *w = tw->w;
    gen_ints members = {0};
    GEOSGeometry **parts, *coll, *u;
    size_t i;
    int c;
    for (c = tw->head[pid]; c >= 0; c = tw->cells[c].next)
        gen_ints_push(&members, c);
    parts = gen_xmalloc(members.n * sizeof *parts);
    for (i = 0; i < members.n; i++)
        parts[i] = GEOSGeom_clone_r(w->h, tw->cells[members.v[i]].g);
    coll = gen_check(w,
                     GEOSGeom_createCollection_r(w->h, GEOS_MULTIPOLYGON, parts,
                                                 (unsigned)members.n),
                     "collection");
    /* the cells share their edges exactly: a coverage union joins them
     * without noding, so no vertex is added or moved */
    u = gen_check(w, GEOSCoverageUnion_r(w->h, coll), "coverage union");
    GEOSGeom_destroy_r(w->h, coll);
    free(parts);
    gen_ints_free(&members);
    if (GEOSGeomTypeId_r(w->h, u) != GEOS_POLYGON)
        gen_die("%s: parcel of %s is not one polygon", tw->t->name,
                tw->cells[tw->head[pid]].cls);
    return u;
}

static void suffix_k(gen_parcel *p, gen_rng *r)
{
    /* some orchards and woods on former farmland: 可调整地类 (K) */
    if ((strcmp(p->dlbm, "0201") == 0 || strcmp(p->dlbm, "0307") == 0) &&
        p->height < 120.0 && gen_rng_uniform(r) < 0.25) {
        size_t n = strlen(p->dlbm);
        p->dlbm[n] = 'K';
        p->dlbm[n + 1] = '\0';
    }
}

static void emit_parcels(town_work *tw, int town)
{
    gen_town *t = tw->t;
    int pid;
    for (pid = 0; pid < tw->nparcels; pid++) {
        const cell *h;
        gen_parcel *p;
        double u, v, wsum = 0, c;
        int k;
        if (tw->head[pid] < 0)
            continue;
        h = &tw->cells[tw->head[pid]];
        p = new_parcel(tw->w);
        p->town = town;
        snprintf(p->dlbm, sizeof p->dlbm, "%s", h->cls);
        for (k = tw->head[pid]; k >= 0; k = tw->cells[k].next) {
            c = tw->cells[k].area;
            p->slope += c * tw->cells[k].slope;
            p->height += c * tw->cells[k].height;
            wsum += c;
        }
        p->slope /= wsum;
        p->height /= wsum;
        p->x = tw->seeds[tw->head[pid]].x;
        p->y = tw->seeds[tw->head[pid]].y;
        gen_town_to_local(t, p->x, p->y, &u, &v);
        p->village = nearest_admin(t, u, v);
        p->g = parcel_geometry(tw, pid);
        suffix_k(p, &tw->rng);
        finish_parcel(tw->w, p, &tw->rng);
        t->nparcels++;
    }
}

static void town_work_free(town_work *tw)
{
    size_t c;
    for (c = 0; c < tw->n; c++)
        if (tw->cells[c].g)
            GEOSGeom_destroy_r(tw->w->h, tw->cells[c].g);
    free(tw->cells);
    free(tw->seeds);
    free(tw->adj);
    free(tw->adjlen);
    free(tw->head);
    free(tw->parea);
}

void gen_baseline(gen_world *w, int town)
{
    town_work tw;
    int li;
    memset(&tw, 0, sizeof tw);
    tw.w = w;
    tw.t = &w->towns[town];
    gen_rng_seed(&tw.rng, tw.t->seed ^ UINT64_C(0xba5e11e));
    for (li = 0; li < tw.t->nlines; li++)
        line_seeds(&tw, li);
    grid_seeds(&tw);
    voronoi_cells(&tw);
    build_adjacency(&tw);
    select_town(&tw);
    classify(&tw);
    add_ponds(&tw);
    grow_all(&tw);
    merge_small(&tw);
    emit_parcels(&tw, town);
    gen_log("%s: %zu seeds, %d parcels\n", tw.t->name, tw.n, tw.t->nparcels);
    town_work_free(&tw);
}

/* ---- the parcel index and the overlap check ------------------------------ */

void gen_build_tree(gen_world *w)
{
    size_t i;
    w->tree = GEOSSTRtree_create_r(w->h, 10);
    for (i = 0; i < w->nparcels; i++)
        GEOSSTRtree_insert_r(w->h, w->tree, w->parcels[i].g, &w->parcels[i]);
}

/* Every parcel valid, no two overlapping (interiors meeting), and the
 * study area of each town one polygon without holes. */
int gen_verify_baseline(gen_world *w)
{
    gen_ints near = {0};
    size_t i, j;
    int bad = 0;
    for (i = 0; i < w->nparcels; i++) {
        const GEOSPreparedGeometry *pg;
        if (GEOSisValid_r(w->h, w->parcels[i].g) != 1) {
            gen_log("parcel %zu is not valid\n", i);
            bad++;
        }
        pg = GEOSPrepare_r(w->h, w->parcels[i].g);
        gen_query(w, w->parcels[i].g, &near);
        for (j = 0; j < near.n; j++) {
            const GEOSGeometry *o = w->parcels[near.v[j]].g;
            if ((size_t)near.v[j] <= i)
                continue;
            if (GEOSPreparedOverlaps_r(w->h, pg, o) == 1 ||
                GEOSPreparedContains_r(w->h, pg, o) == 1 ||
                GEOSPreparedWithin_r(w->h, pg, o) == 1) {
                gen_log("parcels %zu and %d overlap\n", i, near.v[j]);
                bad++;
            }
        }
        GEOSPreparedGeom_destroy_r(w->h, pg);
    }
    gen_ints_free(&near);
    return bad;
}
