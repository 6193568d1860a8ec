/*
 * gen_projects.c: the projects. Occupation footprints (zyfw) are placed
 * first and measured; each supplement project (bcgd) is then designed
 * against what the occupation projects linked to it take:
 *
 *   新增   reclaim baseline grass (0404), bare land (1206) and orchards or
 *         tea gardens (园地) near the project's zone, nearest first, until
 *         the quantity target is met; low ones up to 15° become terraced
 *         paddy while paddy is wanted; a few reach some metres onto
 *         neighbouring 耕地, as real project boundaries do
 *         (SUPPLEMENT_ON_CULTIVATED);
 *   改造 / 提质改造   turn 旱地/水浇地 up to 15° into paddy while paddy
 *         is short;
 *   提质   raise the grade of 旱地 by 2–3 等 until capacity is met.
 *
 * Targets carry a margin per project; 子午镇's project deliberately makes
 * only about half the paddy its occupations take, so its group is short
 * in paddy alone. Project codes: ZY-<town>-NN occupation, BC-<town>-N
 * supplement (N = the project's phase, 二期 = 2).
 */
#include "gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DH = 0, ZW = 1, ZX = 2, CL = 3 };

/* ---- shapes -------------------------------------------------------------- */

/* A block of lu × lv m centred at local (u, v), corners jittered by a few
 * metres and one corner cut, as a site boundary drawn on a plan. */
static GEOSGeometry *block(gen_world *w, const gen_town *t, gen_rng *r,
                           double u, double v, double lu, double lv)
{
    double loc[5][2], xy[12], cut = gen_rng_range(r, 0.1, 0.25);
    GEOSGeometry *raw, *g;
    int k;
    loc[0][0] = u - lu / 2;
    loc[0][1] = v - lv / 2;
    loc[1][0] = u + lu / 2;
    loc[1][1] = v - lv / 2;
    loc[2][0] = u + lu / 2;
    loc[2][1] = v + lv / 2 - cut * lv;
    loc[3][0] = u + lu / 2 - cut * lu;
    loc[3][1] = v + lv / 2;
    loc[4][0] = u - lu / 2;
    loc[4][1] = v + lv / 2;
    for (k = 0; k < 5; k++) {
        double du = gen_rng_range(r, -6, 6), dv = gen_rng_range(r, -6, 6);
        gen_town_from_local(t, loc[k][0] + du, loc[k][1] + dv, &xy[2 * k],
                            &xy[2 * k + 1]);
    }
    xy[10] = xy[0];
    xy[11] = xy[1];
    raw = gen_polygon(w, xy, 6);
    g = gen_snap(w, raw);
    GEOSGeom_destroy_r(w->h, raw);
    return g;
}

/* A road footprint: local polyline (u, v) pairs buffered with flat ends. */
static GEOSGeometry *road(gen_world *w, const gen_town *t, const double *uv,
                          int n, double width)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(w->h, (unsigned)n, 2);
    GEOSGeometry *line, *buf, *g;
    int k;
    for (k = 0; k < n; k++) {
        double e, no;
        gen_town_from_local(t, uv[2 * k], uv[2 * k + 1], &e, &no);
        GEOSCoordSeq_setXY_r(w->h, cs, (unsigned)k, e, no);
    }
    line = gen_check(w, GEOSGeom_createLineString_r(w->h, cs), "line");
    buf = gen_check(w,
                    GEOSBufferWithStyle_r(w->h, line, width / 2, 4,
                                          GEOSBUF_CAP_FLAT, GEOSBUF_JOIN_MITRE,
                                          5.0),
                    "buffer");
    g = gen_snap(w, buf);
    GEOSGeom_destroy_r(w->h, buf);
    GEOSGeom_destroy_r(w->h, line);
    return g;
}

/* ---- projects and features ----------------------------------------------- */

static gen_project *add_project(gen_world *w, const char *xmbh,
                                const char *xmmc, int supplement, int town,
                                const char *links)
{
    gen_project *p;
    if (w->nprojects == sizeof w->projects / sizeof w->projects[0])
        gen_die("too many projects");
    p = &w->projects[w->nprojects++];
    memset(p, 0, sizeof *p);
    snprintf(p->xmbh, sizeof p->xmbh, "%s", xmbh);
    p->xmmc = xmmc;
    p->supplement = supplement;
    p->town = town;
    snprintf(p->bcxmbh, sizeof p->bcxmbh, "%s", links ? links : "");
    return p;
}

static void add_zyfw(gen_world *w, const char *xmbh, GEOSGeometry *g)
{
    gen_feature *f;
    if (w->nzyfw == w->capzyfw) {
        w->capzyfw = w->capzyfw ? 2 * w->capzyfw : 16;
        w->zyfw = gen_xrealloc(w->zyfw, w->capzyfw * sizeof *w->zyfw);
    }
    f = &w->zyfw[w->nzyfw++];
    memset(f, 0, sizeof *f);
    snprintf(f->xmbh, sizeof f->xmbh, "%s", xmbh);
    f->g = g;
    f->base = -1;
}

static gen_feature *add_bcgd(gen_world *w, const char *xmbh, GEOSGeometry *g,
                             const char *dlbm, int gddb, double kcxs,
                             const char *bclx, int base)
{
    gen_feature *f;
    if (w->nbcgd == w->capbcgd) {
        w->capbcgd = w->capbcgd ? 2 * w->capbcgd : 64;
        w->bcgd = gen_xrealloc(w->bcgd, w->capbcgd * sizeof *w->bcgd);
    }
    f = &w->bcgd[w->nbcgd++];
    memset(f, 0, sizeof *f);
    snprintf(f->xmbh, sizeof f->xmbh, "%s", xmbh);
    snprintf(f->dlbm, sizeof f->dlbm, "%s", dlbm);
    f->g = g;
    f->gddb = gddb;
    f->kcxs = kcxs;
    f->bclx = bclx;
    f->base = base;
    return f;
}

/* ---- occupation footprints ----------------------------------------------- */

static double vw(const gen_town *t, int side)
{
    return t->valley_w[side > 0];
}

/* 东华镇: an industrial-park road across the valley, and two plots of
 * village housing beside the villages. */
static void occupy_donghua(gen_world *w, gen_rng *r)
{
    const gen_town *t = &w->towns[DH];
    double u0 = 0.30 * t->radius, rv = gen_river_v(t, u0), uv[8];
    int k;
    add_project(w, "ZY-DH-01", "东华镇工业园区道路工程", 0, DH, "BC-DH-2");
    uv[0] = u0 - 30;
    uv[1] = rv - vw(t, -1) - 140;
    uv[2] = u0;
    uv[3] = rv - 60;
    uv[4] = u0 + 20;
    uv[5] = rv + 80;
    uv[6] = u0 + 60;
    uv[7] = rv + vw(t, 1) + 140;
    add_zyfw(w, "ZY-DH-01", road(w, t, uv, 4, 24.0));
    add_project(w, "ZY-DH-02", "东华镇农村村民住宅建设项目（2025年第一批）", 0,
                DH, "BC-DH-2");
    for (k = 0; k < 2; k++) {
        const double *vil = t->villages[k];
        add_zyfw(w, "ZY-DH-02",
                 block(w, t, r, vil[0] + vil[2] + 50, vil[1] - 0.4 * vil[2], 90,
                       70));
    }
}

/* 子午镇: a resettlement area on the paddy floor in two plots, and a
 * school extension beside a village. */
static void occupy_ziwu(gen_world *w, gen_rng *r)
{
    const gen_town *t = &w->towns[ZW];
    double u = t->villages[1][0] + t->villages[1][2] + 150;
    double v = gen_river_v(t, u) + t->road_side * 0.42 * vw(t, t->road_side);
    const double *vil = t->villages[2];
    add_project(w, "ZY-ZW-01", "子午镇集镇安置区建设项目", 0, ZW, "BC-ZW-2");
    add_zyfw(w, "ZY-ZW-01", block(w, t, r, u, v, 230, 140));
    add_zyfw(w, "ZY-ZW-01", block(w, t, r, u + 215, v + 10, 140, 110));
    add_project(w, "ZY-ZW-02", "子午镇中心小学扩建项目", 0, ZW, "BC-ZW-2");
    add_zyfw(w, "ZY-ZW-02",
             block(w, t, r, vil[0] - vil[2] - 70, vil[1], 110, 90));
}

/* 紫溪镇: tourist services on the lower slope, and the city's western
 * ring road across the valley at the study area's east end, in two
 * sections, its ends running out of the study area. */
static void occupy_zixi(gen_world *w, gen_rng *r)
{
    const gen_town *t = &w->towns[ZX];
    int s = -t->road_side;
    double u = -0.30 * t->radius, uv[6];
    double v = gen_river_v(t, u) + s * (vw(t, s) + 150);
    double ur = 0.70 * t->radius, rv = gen_river_v(t, ur);
    add_project(w, "ZY-ZX-01", "紫溪镇旅游服务设施建设项目", 0, ZX, "BC-ZX-2");
    add_zyfw(w, "ZY-ZX-01", block(w, t, r, u, v, 200, 140));
    add_project(w, "ZY-ZX-02", "楚雄市西城外环路（紫溪段）工程", 0, ZX,
                "BC-ZX-2,BC-CL-1");
    uv[0] = ur - 40;
    uv[1] = rv - 1050;
    uv[2] = ur - 10;
    uv[3] = rv - 300;
    uv[4] = ur;
    uv[5] = rv - 20;
    add_zyfw(w, "ZY-ZX-02", road(w, t, uv, 3, 30.0));
    uv[0] = ur;
    uv[1] = rv - 20;
    uv[2] = ur + 15;
    uv[3] = rv + 300;
    uv[4] = ur + 50;
    uv[5] = rv + 1050;
    add_zyfw(w, "ZY-ZX-02", road(w, t, uv, 3, 30.0));
}

/* 苍岭镇: a logistics park on the valley floor astride the main road. */
static void occupy_cangling(gen_world *w, gen_rng *r)
{
    const gen_town *t = &w->towns[CL];
    double u = 0.12 * t->radius;
    double v = gen_road_v(t, u) - t->road_side * 60.0;
    add_project(w, "ZY-CL-01", "苍岭镇物流园建设项目", 0, CL, "BC-CL-1");
    add_zyfw(w, "ZY-CL-01", block(w, t, r, u, v, 330, 210));
}

static void check_footprints(gen_world *w)
{
    size_t i, j;
    for (i = 0; i < w->nzyfw; i++)
        for (j = i + 1; j < w->nzyfw; j++)
            if (strcmp(w->zyfw[i].xmbh, w->zyfw[j].xmbh) != 0 &&
                GEOSIntersects_r(w->h, w->zyfw[i].g, w->zyfw[j].g) == 1)
                gen_die("footprints of %s and %s meet: move one",
                        w->zyfw[i].xmbh, w->zyfw[j].xmbh);
}

/* ---- supplement design --------------------------------------------------- */

typedef struct supp_plan {
    const char *xmbh, *xmmc;
    int town;
    double zone_u;      /* zone centre: along the valley, share of radius */
    int zone_side;      /* +1 road side, -1 the other */
    double margin;      /* wanted surplus, share of the target */
    double paddy_share; /* share of the paddy target to make */
    int overreach;      /* 新增 parcels that reach onto 耕地 */
} supp_plan;

static const supp_plan plans[GEN_NTOWNS] = {
    {"BC-DH-2", "东华镇土地开发整理项目（二期）", DH, -0.45, -1, 0.12, 1.0, 1},
    {"BC-ZW-2", "子午镇土地开发整理项目（二期）", ZW, -0.40, 1, 0.10, 0.5, 0},
    {"BC-ZX-2", "紫溪镇土地开发整理项目（二期）", ZX, 0.20, 1, 0.08, 1.0, 1},
    {"BC-CL-1", "苍岭镇土地开发整理（占补平衡）项目", CL, -0.40, 1, 0.15, 1.0,
     2},
};

typedef struct design {
    gen_world *w;
    const supp_plan *plan;
    gen_rng rng;
    gen_ind target, got;
    double zx, zy;                        /* zone centre, absolute */
    const GEOSPreparedGeometry *keep_off; /* footprints + 10 m */
    int n_new, n_up, n_paddy, n_reach;
} design;

/* What the occupation projects linked to plan take, each shared equally
 * among the supplement projects it names. */
static gen_ind plan_target(gen_world *w, const char *code)
{
    gen_ind t = {0, 0, 0};
    size_t i;
    for (i = 0; i < w->nprojects; i++) {
        const gen_project *p = &w->projects[i];
        int nlinks = 1, mine = 0;
        const char *c;
        double share;
        if (p->supplement)
            continue;
        for (c = p->bcxmbh; *c; c++)
            nlinks += *c == ',';
        mine = gen_links_has(p->bcxmbh, code);
        if (!mine)
            continue;
        share = 1.0 / nlinks;
        t.q += share * p->ind.q;
        t.p += share * p->ind.p;
        t.c += share * p->ind.c;
    }
    return t;
}

static int usable(design *d, const gen_parcel *p)
{
    return !p->used && p->town == d->plan->town &&
           GEOSPreparedIntersects_r(d->w->h, d->keep_off, p->g) != 1;
}

typedef struct cand {
    int i;
    double d;
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* Parcels accepted by @p ok, nearest the zone centre first. */
static cand *candidates(design *d, int (*ok)(const gen_parcel *), size_t *n)
{
    gen_world *w = d->w;
    cand *v = gen_xmalloc(w->nparcels * sizeof *v);
    size_t i;
    *n = 0;
    for (i = 0; i < w->nparcels; i++) {
        const gen_parcel *p = &w->parcels[i];
        if (!ok(p) || !usable(d, p))
            continue;
        v[*n].i = (int)i;
        v[*n].d = hypot(p->x - d->zx, p->y - d->zy);
        (*n)++;
    }
    qsort(v, *n, sizeof *v, cmp_cand);
    return v;
}

static int reclaimable(const gen_parcel *p)
{
    return (gen_base_is(p->dlbm, "0404") || gen_base_is(p->dlbm, "1206") ||
            gen_base_is(p->dlbm, "0201") || gen_base_is(p->dlbm, "0202")) &&
           p->slope <= 25.0;
}

/* 旱改水 on land up to 15° (grade 3): terraced paddy, as in Yunnan. */
static int flat_dry(const gen_parcel *p)
{
    return gen_is_cultivated(p->dlbm) && !gen_is_paddy(p->dlbm) &&
           p->gdpdjb <= 3;
}

static int dry_upgradable(const gen_parcel *p)
{
    return gen_base_is(p->dlbm, "0103") && p->gddb >= 4 && p->gdpdjb <= 4;
}

static void measure_add(design *d, gen_feature *f)
{
    gen_ind x = gen_measure_supplement_feature(d->w, f, d->w->bcgd,
                                               (size_t)(f - d->w->bcgd), NULL);
    gen_ind_add(&d->got, x);
}

/* The new parcel over baseline parcel p, reaching 6 m onto one
 * neighbouring 耕地 parcel when the plan wants such a case. */
static GEOSGeometry *new_geometry(design *d, gen_parcel *p)
{
    gen_world *w = d->w;
    gen_ints near = {0};
    GEOSGeometry *g = NULL, *buf;
    size_t k;
    if (d->n_reach >= d->plan->overreach)
        return GEOSGeom_clone_r(w->h, p->g);
    buf = gen_check(w, GEOSBuffer_r(w->h, p->g, 6.0, 2), "buffer");
    gen_query(w, buf, &near);
    for (k = 0; k < near.n && !g; k++) {
        gen_parcel *o = &w->parcels[near.v[k]];
        GEOSGeometry *ext, *u;
        if (!gen_is_cultivated(o->dlbm) || !usable(d, o) ||
            GEOSIntersects_r(w->h, buf, o->g) != 1)
            continue;
        ext = gen_check(w, GEOSIntersection_r(w->h, buf, o->g), "reach");
        u = gen_check(w, GEOSUnion_r(w->h, p->g, ext), "union");
        g = gen_snap(w, u);
        GEOSGeom_destroy_r(w->h, ext);
        GEOSGeom_destroy_r(w->h, u);
        if (GEOSGeomTypeId_r(w->h, g) != GEOS_POLYGON) {
            GEOSGeom_destroy_r(w->h, g);
            g = NULL;
            continue;
        }
        o->used = 1; /* no upgrade there: it would be claimed twice */
        d->n_reach++;
    }
    GEOSGeom_destroy_r(w->h, buf);
    gen_ints_free(&near);
    return g ? g : GEOSGeom_clone_r(w->h, p->g);
}

static int clampi(int x, int lo, int hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* Paddy only up to 15° (terraced, like 改造 below) and low on the slope,
 * while the plan still wants paddy; a plan that is short by design never
 * steps over its share. */
static int wants_paddy(const design *d, const gen_parcel *p, int sg)
{
    const supp_plan *pl = d->plan;
    double want = pl->paddy_share * d->target.p *
                  (pl->paddy_share < 1 ? 1.0 : 1.0 + pl->margin);
    double est = p->area * (1.0 - gen_kcxs("TT", sg));
    if (sg > 3 || p->height >= 80.0 || d->got.p >= want)
        return 0;
    return pl->paddy_share >= 1 || d->got.p + est <= want;
}

/* Class, grade and 田坎 coefficient of reclaimed land: the grade of
 * established land of the class at that height and slope, or up to one
 * grade worse (young soil). */
static void new_class(design *d, const gen_parcel *p, char *dlbm, int *gddb,
                      double *kcxs)
{
    int sg = gen_slope_grade(p->slope);
    double young = gen_rng_range(&d->rng, 0.0, 0.6);
    if (wants_paddy(d, p, sg)) {
        snprintf(dlbm, 8, "0101");
        *kcxs = gen_kcxs("TT", sg);
        d->n_paddy++;
    } else if (sg == 1) {
        snprintf(dlbm, 8, "0102");
        *kcxs = 0.0;
    } else {
        snprintf(dlbm, 8, "0103");
        *kcxs = gen_kcxs("PD", sg);
    }
    *gddb = clampi(
        (int)floor(gen_grade(dlbm, p->height, p->slope) + young + 0.5), 1, 15);
}

static void design_new(design *d)
{
    gen_world *w = d->w;
    size_t n, k;
    cand *c = candidates(d, reclaimable, &n);
    for (k = 0; k < n && d->got.q < d->target.q * (1 + d->plan->margin); k++) {
        gen_parcel *p = &w->parcels[c[k].i];
        char dlbm[8];
        int gddb;
        double kcxs;
        if (!usable(d, p))
            continue; /* taken as a neighbour reached onto */
        new_class(d, p, dlbm, &gddb, &kcxs);
        p->used = 1;
        measure_add(d, add_bcgd(w, d->plan->xmbh, new_geometry(d, p), dlbm,
                                gddb, kcxs, "新增", c[k].i));
        d->n_new++;
    }
    free(c);
    if (d->got.q < d->target.q * (1 + d->plan->margin))
        gen_die("%s: not enough land to reclaim", d->plan->xmbh);
}

/* 改造 (every third) or 提质改造 on flat dry land until the paddy the
 * plan wants is met; a plan short by design stops below its share. */
static void design_paddy(design *d)
{
    gen_world *w = d->w;
    const supp_plan *pl = d->plan;
    int short_by_design = pl->paddy_share < 1;
    double want = pl->paddy_share * d->target.p *
                  (short_by_design ? 1.0 : 1.0 + pl->margin);
    size_t n, k;
    cand *c;
    if (d->got.p >= want)
        return;
    c = candidates(d, flat_dry, &n);
    for (k = 0; k < n && d->got.p < want; k++) {
        gen_parcel *p = &w->parcels[c[k].i];
        int both = d->n_up % 3 != 0;
        double kcxs = gen_kcxs("TT", p->gdpdjb);
        if (short_by_design && d->got.p + p->area * (1 - kcxs) > want)
            continue;
        p->used = 1;
        measure_add(d,
                    add_bcgd(w, pl->xmbh, GEOSGeom_clone_r(w->h, p->g), "0101",
                             both ? clampi(p->gddb - 1, 1, 15) : p->gddb, kcxs,
                             both ? "提质改造" : "改造", c[k].i));
        d->n_up++;
    }
    free(c);
    if (!short_by_design && d->got.p < want)
        gen_die("%s: not enough flat dry land to make paddy", pl->xmbh);
}

/* 提质 on 旱地, 2–3 grades up, until capacity is met, and at least two
 * in any case. */
static void design_upgrade(design *d)
{
    gen_world *w = d->w;
    size_t n, k;
    cand *c = candidates(d, dry_upgradable, &n);
    double want = d->target.c * (1 + d->plan->margin);
    int made = 0;
    for (k = 0; k < n && (d->got.c < want || made < 2); k++) {
        gen_parcel *p = &w->parcels[c[k].i];
        int gain = gen_rng_int(&d->rng, 2, 3);
        p->used = 1;
        measure_add(d, add_bcgd(w, d->plan->xmbh, GEOSGeom_clone_r(w->h, p->g),
                                "0103", clampi(p->gddb - gain, 1, 15), p->kcxs,
                                "提质", c[k].i));
        d->n_up++;
        made++;
    }
    free(c);
    if (d->got.c < want)
        gen_die("%s: not enough dry land to upgrade", d->plan->xmbh);
}

static void design_supplement(gen_world *w, const supp_plan *plan,
                              const GEOSPreparedGeometry *keep_off)
{
    const gen_town *t = &w->towns[plan->town];
    design d;
    double u = plan->zone_u * t->radius;
    int s = plan->zone_side * t->road_side;
    memset(&d, 0, sizeof d);
    d.w = w;
    d.plan = plan;
    d.keep_off = keep_off;
    gen_rng_seed(&d.rng, t->seed ^ UINT64_C(0xbc9d));
    gen_town_from_local(t, u, gen_river_v(t, u) + s * (vw(t, s) + 220.0), &d.zx,
                        &d.zy);
    d.target = plan_target(w, plan->xmbh);
    gen_log("%s: target %.4f ha, paddy %.4f ha, %.0f kg\n", plan->xmbh,
            d.target.q / 1e4, d.target.p / 1e4, d.target.c);
    add_project(w, plan->xmbh, plan->xmmc, 1, plan->town, NULL);
    design_new(&d);
    design_paddy(&d);
    design_upgrade(&d);
    gen_log("%s: %d new (%d paddy, %d reaching onto 耕地), %d upgrades\n",
            plan->xmbh, d.n_new, d.n_paddy, d.n_reach, d.n_up);
}

/* ---- order of work ------------------------------------------------------- */

static const GEOSPreparedGeometry *footprint_zone(gen_world *w,
                                                  GEOSGeometry **keep)
{
    GEOSGeometry **parts = gen_xmalloc(w->nzyfw * sizeof *parts);
    size_t i;
    for (i = 0; i < w->nzyfw; i++)
        parts[i] =
            gen_check(w, GEOSBuffer_r(w->h, w->zyfw[i].g, 10.0, 2), "buffer");
    *keep = gen_union_list(w, parts, w->nzyfw);
    free(parts);
    return GEOSPrepare_r(w->h, *keep);
}

static int cmp_feature(const void *a, const void *b)
{
    const gen_feature *x = a, *y = b;
    int c = strcmp(x->xmbh, y->xmbh);
    if (c)
        return c;
    return (x->base > y->base) - (x->base < y->base);
}

static int cmp_project(const void *a, const void *b)
{
    return strcmp(((const gen_project *)a)->xmbh,
                  ((const gen_project *)b)->xmbh);
}

void gen_projects(gen_world *w)
{
    gen_rng r;
    GEOSGeometry *keep;
    const GEOSPreparedGeometry *pk;
    size_t i;
    int k;
    gen_rng_seed(&r, w->seed ^ UINT64_C(0x2f0e));
    occupy_donghua(w, &r);
    occupy_ziwu(w, &r);
    occupy_zixi(w, &r);
    occupy_cangling(w, &r);
    check_footprints(w);
    for (i = 0; i < w->nprojects; i++)
        gen_measure_occupation(w, &w->projects[i]);
    pk = footprint_zone(w, &keep);
    for (k = 0; k < GEN_NTOWNS; k++)
        design_supplement(w, &plans[k], pk);
    GEOSPreparedGeom_destroy_r(w->h, pk);
    GEOSGeom_destroy_r(w->h, keep);
    /* the layers' order: supplement parcels are measured in order of
     * (XMBH, feature id) (rules.md §3) */
    qsort(w->bcgd, w->nbcgd, sizeof *w->bcgd, cmp_feature);
    qsort(w->projects, w->nprojects, sizeof *w->projects, cmp_project);
}
