/*
 * gen_main.c: build/gen_data [--seed N] [--quiet] OUTDIR
 *
 * Writes OUTDIR/chuxiong.gpkg, OUTDIR/grade_yield.csv and OUTDIR/shp/,
 * the synthetic data set described in data/README.md. The same seed gives
 * the same bytes (data/check-reproducible.sh checks it).
 */
#include "gen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 532301 is 楚雄市's administrative code; any seed makes a valid data
 * set, this one makes the committed one. */
#define GEN_DEFAULT_SEED 532301

static void usage(FILE *f)
{
    fputs("usage: gen_data [--seed N] [--quiet] OUTDIR\n"
          "Writes OUTDIR/chuxiong.gpkg, OUTDIR/grade_yield.csv and "
          "OUTDIR/shp/ (see data/README.md).\n",
          f);
}

static int parse_seed(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-')
        return 0;
    *out = (uint64_t)v;
    return 1;
}

static void world_init(gen_world *w, uint64_t seed)
{
    memset(w, 0, sizeof *w);
    w->seed = seed;
    if (lb_context_create(&w->lb) != LB_OK)
        gen_die("cannot create a landbal context: %s", lb_errmsg(w->lb));
    w->h = lb_context_geos(w->lb);
    /* TBMJ is the survey's ellipsoidal area (rules.md §2), measured by
     * the library itself so the data and the program agree */
    if (lb_area_params_from_crs(w->lb, "EPSG:4543", LB_AREA_SURVEY,
                                &w->survey) != LB_OK)
        gen_die("EPSG:4543: %s", lb_errmsg(w->lb));
}

static void world_free(gen_world *w)
{
    size_t i;
    if (w->tree)
        GEOSSTRtree_destroy_r(w->h, w->tree);
    for (i = 0; i < w->nparcels; i++)
        GEOSGeom_destroy_r(w->h, w->parcels[i].g);
    for (i = 0; i < w->nzyfw; i++)
        GEOSGeom_destroy_r(w->h, w->zyfw[i].g);
    for (i = 0; i < w->nbcgd; i++)
        GEOSGeom_destroy_r(w->h, w->bcgd[i].g);
    free(w->parcels);
    free(w->zyfw);
    free(w->bcgd);
    gen_towns_free(w);
    lb_context_destroy(w->lb);
}

/* BSM: the county code 532301 followed by a 7-digit serial, so that the
 * ids need 64 bits as real ones often do. */
static void number_parcels(gen_world *w)
{
    size_t i;
    for (i = 0; i < w->nparcels; i++)
        w->parcels[i].bsm = 5323010000000LL + (long long)i + 1;
}

/* Parse the command line: -1 to run, else the exit status. */
static int parse_args(int argc, char **argv, uint64_t *seed,
                      const char **outdir)
{
    int i;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            if (!parse_seed(argv[++i], seed)) {
                fprintf(stderr, "gen_data: bad seed '%s'\n", argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "--quiet") == 0) {
            gen_quiet = 1;
        } else if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] != '-' && !*outdir) {
            *outdir = argv[i];
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!*outdir) {
        usage(stderr);
        return 2;
    }
    return -1;
}

int main(int argc, char **argv)
{
    const char *outdir = NULL;
    uint64_t seed = GEN_DEFAULT_SEED;
    gen_world w;
    int i, bad, st = parse_args(argc, argv, &seed, &outdir);
    if (st >= 0)
        return st;
    world_init(&w, seed);
    gen_log("gen_data: seed %llu\n", (unsigned long long)seed);
    gen_towns_init(&w);
    for (i = 0; i < GEN_NTOWNS; i++)
        gen_baseline(&w, i);
    number_parcels(&w);
    gen_build_tree(&w);
    bad = gen_verify_baseline(&w);
    if (bad)
        gen_die("%d problems in the baseline (see above)", bad);
    gen_projects(&w);
    gen_measure_all(&w);
    gen_summary(&w);
    if (gen_write_all(&w, outdir) != 0)
        gen_die("cannot write the data set into %s", outdir);
    world_free(&w);
    return 0;
}
