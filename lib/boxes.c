/*
 * boxes.c: the few large boxes through which the streamed baseline is
 * read (decisions.md, "report reads only the parcels near a project").
 *
 * An index query costs more than a feature it brings in, so neighbouring
 * footprints and supplement parcels share one query. The boxes are put in
 * Morton order of their centres, so that boxes near each other on the ground
 * come one after the other, and each run of them becomes one box while that box
 * stays within `ratio` times the area of the boxes it holds. What a joined box
 * brings in beyond them is read and dropped by the envelope test.
 *
 * A thin polygon, a road across a county, would bring in every parcel of
 * its envelope: it is cut into bands that each hold only its part.
 */
#include "internal.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct keyed {
    uint32_t key;
    size_t index;
} keyed;

static double area_of(const double *b)
{
    return (b[2] - b[0]) * (b[3] - b[1]);
}

/* 16 bits of x in the even bits of the result. */
static uint32_t spread(uint32_t x)
{
    x &= 0xffffu;
    x = (x | (x << 8)) & 0x00ff00ffu;
    x = (x | (x << 4)) & 0x0f0f0f0fu;
    x = (x | (x << 2)) & 0x33333333u;
    x = (x | (x << 1)) & 0x55555555u;
    return x;
}

/* v in [lo, lo + span] to 0..65535. */
static uint32_t cell(double v, double lo, double span)
{
    double t = span > 0 ? (v - lo) / span * 65535.0 : 0.0;
    if (!(t > 0))
        return 0;
    return t >= 65535.0 ? 65535u : (uint32_t)t;
}

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

size_t lb__cluster_boxes(double *b, size_t n, double ratio)
{
    double lo[2], hi[2], u[4], held = 0.0;
    keyed *k;
    double *out;
    size_t i, m = 0;
    if (n < 2)
        return n;
    k = malloc(n * sizeof *k);
    out = malloc(n * 4 * sizeof *out);
    if (!k || !out) { /* keep every box as it is: slower, still right */
        free(k);
        free(out);
        return n;
    }
    lo[0] = hi[0] = b[0];
    lo[1] = hi[1] = b[1];
    for (i = 0; i < n; i++) {
        const double *x = b + 4 * i;
        lo[0] = x[0] < lo[0] ? x[0] : lo[0];
        lo[1] = x[1] < lo[1] ? x[1] : lo[1];
        hi[0] = x[2] > hi[0] ? x[2] : hi[0];
        hi[1] = x[3] > hi[1] ? x[3] : hi[1];
    }
    for (i = 0; i < n; i++) {
        const double *x = b + 4 * i;
        uint32_t cx = cell((x[0] + x[2]) / 2, lo[0], hi[0] - lo[0]);
        uint32_t cy = cell((x[1] + x[3]) / 2, lo[1], hi[1] - lo[1]);
        k[i].key = spread(cx) | spread(cy) << 1;
        k[i].index = i;
    }
    qsort(k, n, sizeof *k, cmp_keyed);
    for (i = 0; i < n; i++) {
        const double *x = b + 4 * k[i].index;
        double v[4];
        if (i > 0) {
            v[0] = x[0] < u[0] ? x[0] : u[0];
            v[1] = x[1] < u[1] ? x[1] : u[1];
            v[2] = x[2] > u[2] ? x[2] : u[2];
            v[3] = x[3] > u[3] ? x[3] : u[3];
            if (area_of(v) <= ratio * (held + area_of(x))) {
                memcpy(u, v, sizeof v);
                held += area_of(x);
                continue;
            }
            memcpy(out + 4 * m++, u, sizeof u);
        }
        memcpy(u, x, sizeof u);
        held = area_of(x);
    }
    memcpy(out + 4 * m++, u, sizeof u);
    memcpy(b, out, m * 4 * sizeof *out);
    free(k);
    free(out);
    return m;
}

/* ---- a thin polygon as a row of boxes -------------------------------- */

/* Band j's bounds along the cut axis: its lower one is its lower
 * neighbour's upper one, computed alike, so that no value falls between
 * two bands. */
static double band_edge(double lo, double hi, size_t j, size_t k)
{
    return j == 0 ? lo : j == k ? hi : lo + (hi - lo) * ((double)j / (double)k);
}

/* The band of @p a, or the nearest one: 0..k-1. */
static size_t band_of(double a, double lo, double hi, size_t k)
{
    double t = hi > lo ? (a - lo) / (hi - lo) * (double)k : 0.0;
    if (!(t > 0))
        return 0;
    return t >= (double)(k - 1) ? k - 1 : (size_t)t;
}

static void widen(double *b, double v)
{
    b[0] = v < b[0] ? v : b[0];
    b[1] = v > b[1] ? v : b[1];
}

/* The other coordinate of the edge p-q where its cut coordinate is a
 * (between theirs). */
static double along(const double *p, const double *q, int ax, double a)
{
    double t = (a - p[ax]) / (q[ax] - p[ax]);
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return p[1 - ax] + (q[1 - ax] - p[1 - ax]) * t;
}

size_t lb__ring_bands(const double *xy, size_t n, const double env[4], size_t k,
                      double *out)
{
    int ax = env[2] - env[0] >= env[3] - env[1] ? 0 : 1, o = 1 - ax;
    double lo = env[ax], hi = env[ax + 2], pad;
    size_t i, j, m = 0;
    if (k < 1)
        k = 1;
    for (j = 0; j < k; j++) { /* the other axis' range: empty */
        out[4 * j] = HUGE_VAL;
        out[4 * j + 1] = -HUGE_VAL;
    }
    for (i = 0; i + 1 < n; i++) {
        const double *p = xy + 2 * i, *q = p + 2;
        double amin = p[ax] < q[ax] ? p[ax] : q[ax];
        double amax = p[ax] < q[ax] ? q[ax] : p[ax];
        size_t j0 = band_of(amin, lo, hi, k), j1 = band_of(amax, lo, hi, k);
        /* band_of() rounds; the bounds decide */
        j0 = j0 > 0 ? j0 - 1 : 0;
        j1 = j1 + 1 < k ? j1 + 1 : k - 1;
        for (j = j0; j <= j1; j++) {
            double blo = band_edge(lo, hi, j, k),
                   bhi = band_edge(lo, hi, j + 1, k);
            if (amax < blo || amin > bhi)
                continue;
            if (amax == amin) {
                widen(out + 4 * j, p[o]);
                widen(out + 4 * j, q[o]);
                continue;
            }
            widen(out + 4 * j, along(p, q, ax, amin > blo ? amin : blo));
            widen(out + 4 * j, along(p, q, ax, amax < bhi ? amax : bhi));
        }
    }
    /* along() rounds: a few ulps more on either side, within the
     * envelope */
    pad =
        1e-9 * (env[o + 2] - env[o]) +
        16 * DBL_EPSILON *
            (fabs(env[o]) > fabs(env[o + 2]) ? fabs(env[o]) : fabs(env[o + 2]));
    for (j = 0; j < k; j++) {
        double olo = out[4 * j] - pad, ohi = out[4 * j + 1] + pad, *b;
        if (!(out[4 * j] <= out[4 * j + 1]))
            continue; /* the ring does not reach this band */
        b = out + 4 * m++;
        b[ax] = band_edge(lo, hi, j, k);
        b[ax + 2] = band_edge(lo, hi, j + 1, k);
        b[o] = olo > env[o] ? olo : env[o];
        b[o + 2] = ohi < env[o + 2] ? ohi : env[o + 2];
    }
    return m;
}
