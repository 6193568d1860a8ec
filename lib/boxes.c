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
 */
#include "internal.h"

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
