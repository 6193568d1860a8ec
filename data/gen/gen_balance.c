/*
 * gen_balance.c: rules.md §3 measured on the generated data, so that the
 * projects can be designed against it and the summary on stderr shows
 * what `landbal report` should find. Areas come from the library's survey
 * area; sums are plain doubles (a few hundred terms: no compensation
 * needed at the 0.01 m² the summary prints).
 */
#include "gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

gen_project *gen_project_find(gen_world *w, const char *xmbh)
{
    size_t i;
    for (i = 0; i < w->nprojects; i++)
        if (strcmp(w->projects[i].xmbh, xmbh) == 0)
            return &w->projects[i];
    return NULL;
}

/* ---- occupation ---------------------------------------------------------- */

static GEOSGeometry *footprint(gen_world *w, const char *xmbh, int *nfeat)
{
    GEOSGeometry **parts = gen_xmalloc((w->nzyfw + 1) * sizeof *parts);
    size_t i, n = 0;
    GEOSGeometry *u;
    for (i = 0; i < w->nzyfw; i++)
        if (strcmp(w->zyfw[i].xmbh, xmbh) == 0)
            parts[n++] = GEOSGeom_clone_r(w->h, w->zyfw[i].g);
    *nfeat = (int)n;
    u = gen_union_list(w, parts, n);
    free(parts);
    return u;
}

static int class_index(const char *dlbm)
{
    return gen_base_is(dlbm, "0101") ? 0 : gen_base_is(dlbm, "0102") ? 1 : 2;
}

/* The part of footprint f on no baseline parcel (OCCUPATION_OUTSIDE_
 * BASELINE): f minus the union of the parcels near it. A difference, not
 * footprint − Σ pieces, whose survey areas add up only to about 1e-6 of
 * the whole because their edges are densified at other points. */
static double outside_area(gen_world *w, const GEOSGeometry *f,
                           const gen_ints *near)
{
    GEOSGeometry **parts = gen_xmalloc((near->n + 1) * sizeof *parts), *u, *d;
    size_t k;
    double a;
    for (k = 0; k < near->n; k++)
        parts[k] = GEOSGeom_clone_r(w->h, w->parcels[near->v[k]].g);
    u = gen_union_list(w, parts, near->n);
    d = gen_check(w, GEOSDifference_r(w->h, f, u), "outside");
    a = gen_area(w, d);
    GEOSGeom_destroy_r(w->h, d);
    GEOSGeom_destroy_r(w->h, u);
    free(parts);
    return a;
}

/* Occupied quantity, paddy and capacity of an occupation project: the
 * share area(piece)/area(p) of each 耕地 parcel's TBDLMJ. */
gen_ind gen_measure_occupation(gen_world *w, gen_project *pr)
{
    gen_ind ind = {0, 0, 0};
    gen_ints near = {0};
    GEOSGeometry *f = footprint(w, pr->xmbh, &pr->nfeatures);
    size_t k;
    pr->footprint = gen_area(w, f);
    memset(pr->by_class, 0, sizeof pr->by_class);
    pr->grade_area = pr->grade_sum = 0;
    gen_query(w, f, &near);
    for (k = 0; k < near.n; k++) {
        const gen_parcel *p = &w->parcels[near.v[k]];
        GEOSGeometry *piece;
        double net;
        if (!gen_is_cultivated(p->dlbm) || GEOSIntersects_r(w->h, f, p->g) != 1)
            continue;
        piece = gen_check(w, GEOSIntersection_r(w->h, f, p->g), "piece");
        net = p->tbdlmj * gen_area(w, piece) / p->area;
        GEOSGeom_destroy_r(w->h, piece);
        ind.q += net;
        ind.p += gen_is_paddy(p->dlbm) ? net : 0;
        ind.c += gen_capacity(net, p->gddb);
        pr->by_class[class_index(p->dlbm)] += net;
        pr->grade_area += net;
        pr->grade_sum += net * p->gddb;
    }
    pr->outside = outside_area(w, f, &near);
    gen_ints_free(&near);
    GEOSGeom_destroy_r(w->h, f);
    pr->ind = ind;
    return ind;
}

/* ---- supplement ---------------------------------------------------------- */

static GEOSGeometry *claimed_near(gen_world *w, const gen_feature *f,
                                  const gen_feature *claimed, size_t n)
{
    GEOSGeometry **parts = gen_xmalloc((n + 1) * sizeof *parts), *u;
    size_t i, k = 0;
    for (i = 0; i < n; i++)
        if (GEOSIntersects_r(w->h, f->g, claimed[i].g) == 1)
            parts[k++] = GEOSGeom_clone_r(w->h, claimed[i].g);
    u = k ? gen_union_list(w, parts, k) : NULL;
    free(parts);
    return u;
}

static GEOSGeometry *minus(gen_world *w, GEOSGeometry *a, const GEOSGeometry *b)
{
    GEOSGeometry *d;
    if (!b)
        return a;
    d = gen_check(w, GEOSDifference_r(w->h, a, b), "difference");
    GEOSGeom_destroy_r(w->h, a);
    return d;
}

/* 新增: parcel − baseline 耕地 − claimed, times (1 − KCXS). */
static gen_ind measure_new(gen_world *w, const gen_feature *f,
                           const GEOSGeometry *claimed, double *lost)
{
    gen_ind ind = {0, 0, 0};
    gen_ints near = {0};
    GEOSGeometry **parts, *cut, *elig;
    size_t k, n = 0;
    double net;
    gen_query(w, f->g, &near);
    parts = gen_xmalloc((near.n + 2) * sizeof *parts);
    for (k = 0; k < near.n; k++) {
        const gen_parcel *p = &w->parcels[near.v[k]];
        if (gen_is_cultivated(p->dlbm) &&
            GEOSIntersects_r(w->h, f->g, p->g) == 1)
            parts[n++] = GEOSGeom_clone_r(w->h, p->g);
    }
    if (claimed)
        parts[n++] = GEOSGeom_clone_r(w->h, claimed);
    cut = n ? gen_union_list(w, parts, n) : NULL;
    elig = minus(w, GEOSGeom_clone_r(w->h, f->g), cut);
    net = gen_area(w, elig) * (1.0 - f->kcxs);
    if (lost)
        *lost = gen_area(w, f->g) - gen_area(w, elig);
    ind.q = net;
    ind.p = gen_is_paddy(f->dlbm) ? net : 0;
    ind.c = gen_capacity(net, f->gddb);
    GEOSGeom_destroy_r(w->h, elig);
    if (cut)
        GEOSGeom_destroy_r(w->h, cut);
    free(parts);
    gen_ints_free(&near);
    return ind;
}

/* 提质 / 改造 / 提质改造: on each baseline 耕地 parcel under it. */
static gen_ind measure_upgrade(gen_world *w, const gen_feature *f,
                               const GEOSGeometry *claimed, double *lost)
{
    gen_ind ind = {0, 0, 0};
    gen_ints near = {0};
    int grade = strstr(f->bclx, "提质") != NULL;
    int paddy = strstr(f->bclx, "改造") != NULL && gen_is_paddy(f->dlbm);
    double counted = 0;
    size_t k;
    gen_query(w, f->g, &near);
    for (k = 0; k < near.n; k++) {
        const gen_parcel *p = &w->parcels[near.v[k]];
        GEOSGeometry *piece;
        double a, net, gain;
        if (!gen_is_cultivated(p->dlbm) ||
            GEOSIntersects_r(w->h, f->g, p->g) != 1)
            continue;
        piece = gen_check(w, GEOSIntersection_r(w->h, f->g, p->g), "piece");
        piece = minus(w, piece, claimed);
        a = gen_area(w, piece);
        GEOSGeom_destroy_r(w->h, piece);
        counted += a;
        net = a * (1.0 - f->kcxs);
        gain = gen_yield(f->gddb) - gen_yield(p->gddb);
        if (grade && gain > 0)
            ind.c += net * GEN_MU_PER_M2 * gain;
        if (paddy && !gen_is_paddy(p->dlbm))
            ind.p += net;
    }
    if (lost)
        *lost = gen_area(w, f->g) - counted;
    gen_ints_free(&near);
    return ind;
}

gen_ind gen_measure_supplement_feature(gen_world *w, const gen_feature *f,
                                       const gen_feature *claimed,
                                       size_t nclaimed, double *lost)
{
    GEOSGeometry *cl = claimed_near(w, f, claimed, nclaimed);
    gen_ind ind = strcmp(f->bclx, "新增") == 0
                      ? measure_new(w, f, cl, lost)
                      : measure_upgrade(w, f, cl, lost);
    if (cl)
        GEOSGeom_destroy_r(w->h, cl);
    return ind;
}

/* ---- everything, in the order of rules.md -------------------------------- */

static double lost_new, lost_upgrade;

void gen_measure_all(gen_world *w)
{
    size_t i;
    lost_new = lost_upgrade = 0;
    for (i = 0; i < w->nprojects; i++) {
        gen_project *p = &w->projects[i];
        if (!p->supplement) {
            gen_measure_occupation(w, p);
            continue;
        }
        memset(&p->ind, 0, sizeof p->ind);
        p->grade_area = p->grade_sum = 0;
        p->nfeatures = 0;
    }
    for (i = 0; i < w->nbcgd; i++) {
        const gen_feature *f = &w->bcgd[i];
        gen_project *p = gen_project_find(w, f->xmbh);
        double lost = 0;
        gen_ind x = gen_measure_supplement_feature(w, f, w->bcgd, i, &lost);
        gen_ind_add(&p->ind, x);
        p->nfeatures++;
        if (strcmp(f->bclx, "新增") == 0) {
            p->grade_area += x.q;
            p->grade_sum += x.q * f->gddb;
            lost_new += lost;
        } else {
            lost_upgrade += lost;
        }
    }
}

/* ---- the summary --------------------------------------------------------- */

typedef struct account {
    gen_ind occ, sup;
    double og_area, og_sum, sg_area, sg_sum;
} account;

static void account_add(account *a, const gen_project *p)
{
    if (p->supplement) {
        gen_ind_add(&a->sup, p->ind);
        a->sg_area += p->grade_area;
        a->sg_sum += p->grade_sum;
    } else {
        gen_ind_add(&a->occ, p->ind);
        a->og_area += p->grade_area;
        a->og_sum += p->grade_sum;
    }
}

static double round_to(double x, double unit)
{
    double v = floor(fabs(x) / unit + 0.5) * unit;
    return x < 0 ? -v : v;
}

/* rules.md §3: balanced when every surplus is >= 0 in reporting units
 * (公顷 to 4 decimals, whole kg). */
static void print_account(const char *name, const account *a)
{
    double oq = round_to(a->occ.q / 1e4, 1e-4),
           sq = round_to(a->sup.q / 1e4, 1e-4);
    double op = round_to(a->occ.p / 1e4, 1e-4),
           sp = round_to(a->sup.p / 1e4, 1e-4);
    double oc = round_to(a->occ.c, 1), sc = round_to(a->sup.c, 1);
    int okq = sq >= oq, okp = sp >= op, okc = sc >= oc;
    gen_log("  %-28s quantity %9.4f / %9.4f ha  paddy %9.4f / %9.4f ha  "
            "capacity %9.0f / %9.0f kg  %s%s%s%s\n",
            name, oq, sq, op, sp, oc, sc,
            okq && okp && okc ? "balanced" : "SHORT:", okq ? "" : " quantity",
            okp ? "" : " paddy", okc ? "" : " capacity");
    gen_log("  %-28s mean grade occupied %.2f, new land %.2f\n", "",
            a->og_area > 0 ? a->og_sum / a->og_area : NAN,
            a->sg_area > 0 ? a->sg_sum / a->sg_area : NAN);
}

static void print_towns(gen_world *w)
{
    int t;
    gen_log("\ntown     parcels   area_ha  cultivated_ha  paddy_ha\n");
    for (t = 0; t < GEN_NTOWNS; t++) {
        double area = 0, cult = 0, paddy = 0;
        int n = 0;
        size_t i;
        for (i = 0; i < w->nparcels; i++) {
            const gen_parcel *p = &w->parcels[i];
            if (p->town != t)
                continue;
            n++;
            area += p->tbmj;
            cult += gen_is_cultivated(p->dlbm) ? p->tbdlmj : 0;
            paddy += gen_is_paddy(p->dlbm) ? p->tbdlmj : 0;
        }
        gen_log("%s %7d %9.2f %14.2f %9.2f\n", w->towns[t].name, n, area / 1e4,
                cult / 1e4, paddy / 1e4);
    }
}

static void print_classes(gen_world *w)
{
    static const char *const codes[] = {"0101", "0102", "0103", "0201", "0201K",
                                        "0202", "0301", "0305", "0307", "0307K",
                                        "0404", "0702", "1003", "1004", "1006",
                                        "1101", "1104", "1107", "1206"};
    size_t c, i;
    gen_log(
        "\nclass   name            DH    ZW    ZX    CL   total  area_ha\n");
    for (c = 0; c < sizeof codes / sizeof codes[0]; c++) {
        int n[GEN_NTOWNS] = {0, 0, 0, 0};
        double area = 0;
        for (i = 0; i < w->nparcels; i++)
            if (strcmp(w->parcels[i].dlbm, codes[c]) == 0) {
                n[w->parcels[i].town]++;
                area += w->parcels[i].tbmj;
            }
        gen_log("%-6s %-*s %5d %5d %5d %5d %7d %8.2f\n", codes[c],
                14 + (int)(strlen(gen_dlmc(codes[c])) / 3), gen_dlmc(codes[c]),
                n[0], n[1], n[2], n[3], n[0] + n[1] + n[2] + n[3], area / 1e4);
    }
}

static void print_projects(gen_world *w)
{
    size_t i;
    gen_log("\nproject   kind  town   features footprint_ha outside_m2 "
            "quantity_ha paddy_ha capacity_kg  links\n");
    for (i = 0; i < w->nprojects; i++) {
        const gen_project *p = &w->projects[i];
        gen_log("%-9s %-5s %s %5d %12.4f %10.2f %11.4f %8.4f %11.0f  %s\n",
                p->xmbh, p->supplement ? "supp" : "occ", w->towns[p->town].name,
                p->nfeatures, p->supplement ? 0 : p->footprint / 1e4,
                p->supplement ? 0 : p->outside, p->ind.q / 1e4, p->ind.p / 1e4,
                p->ind.c, p->bcxmbh);
    }
    gen_log("area not counted: 新增 on baseline 耕地 %.2f m², upgrades off "
            "耕地 %.2f m²\n",
            lost_new, lost_upgrade);
}

/* Linked groups: connected components of the occupation -> BCXMBH links. */
static int find(int *up, int i)
{
    while (up[i] != i)
        i = up[i] = up[up[i]];
    return i;
}

static void print_groups(gen_world *w)
{
    int up[16], n = (int)w->nprojects, i, j, g = 0;
    for (i = 0; i < n; i++)
        up[i] = i;
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            if (!w->projects[i].supplement && w->projects[j].supplement &&
                gen_links_has(w->projects[i].bcxmbh, w->projects[j].xmbh))
                up[find(up, i)] = find(up, j);
    gen_log("\nlinked groups (occupied / supplied):\n");
    for (i = 0; i < n; i++) {
        account a;
        char name[128] = "";
        size_t len = 0;
        if (find(up, i) != i)
            continue;
        memset(&a, 0, sizeof a);
        for (j = 0; j < n; j++)
            if (find(up, j) == i) {
                account_add(&a, &w->projects[j]);
                len += (size_t)snprintf(name + len, sizeof name - len, "%s%s",
                                        len ? " " : "", w->projects[j].xmbh);
                if (len >= sizeof name)
                    len = sizeof name - 1;
            }
        gen_log(" G%d: %s\n", ++g, name);
        print_account("", &a);
    }
}

static void print_town_accounts(gen_world *w)
{
    account total;
    int t;
    size_t i;
    memset(&total, 0, sizeof total);
    gen_log("\ntowns:\n");
    for (t = 0; t < GEN_NTOWNS; t++) {
        account a;
        memset(&a, 0, sizeof a);
        for (i = 0; i < w->nprojects; i++)
            if (w->projects[i].town == t)
                account_add(&a, &w->projects[i]);
        print_account(w->towns[t].name, &a);
    }
    for (i = 0; i < w->nprojects; i++)
        account_add(&total, &w->projects[i]);
    gen_log("total:\n");
    print_account("", &total);
}

void gen_summary(gen_world *w)
{
    print_towns(w);
    print_classes(w);
    print_projects(w);
    print_groups(w);
    print_town_accounts(w);
}
