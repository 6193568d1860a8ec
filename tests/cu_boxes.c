/*
 * cu_boxes.c: the boxes through which report reads the baseline's
 * R-tree (lb__cluster_boxes): every box kept inside one read, near boxes
 * read together, far ones apart; and a thin polygon's bands
 * (lb__ring_bands): they hold all of it, and little else.
 */
#include "cu_tester.h"

#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void box(double *b, double x, double y, double w, double h)
{
    b[0] = x;
    b[1] = y;
    b[2] = x + w;
    b[3] = y + h;
}

static int inside(const double *in, const double *out)
{
    return in[0] >= out[0] && in[1] >= out[1] && in[2] <= out[2] &&
           in[3] <= out[3];
}

/* Every box of @p b (n) lies inside one of @p c (m). */
static int all_inside(const double *b, size_t n, const double *c, size_t m)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        for (j = 0; j < m && !inside(b + 4 * i, c + 4 * j); j++)
            ;
        if (j == m)
            return 0;
    }
    return 1;
}

/* Two towns 20 km apart, each with a block of 10 x 10 adjacent 100 m
 * parcels, listed interleaved: each town becomes a few reads, and no read
 * spans the gap. */
static void test_two_clusters(void)
{
    enum { N = 200 };
    double *b = malloc(N * 4 * sizeof *b), *c = malloc(N * 4 * sizeof *c);
    size_t i, m;
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    for (i = 0; i < N; i++) {
        double x0 = i % 2 ? 20000.0 : 0.0;
        size_t k = i / 2;
        box(b + 4 * i, x0 + 100.0 * (double)(k % 10),
            3000.0 + 100.0 * (double)(k / 10), 100.0, 100.0);
    }
    memcpy(c, b, N * 4 * sizeof *b);
    m = lb__cluster_boxes(c, N, 2.0);
    CU_ASSERT(m >= 2 && m <= 8);
    CU_ASSERT(all_inside(b, N, c, m));
    for (i = 0; i < m; i++) {
        CU_ASSERT(c[4 * i + 2] - c[4 * i] <= 1000.0 + 1e-9);
        CU_ASSERT(c[4 * i + 3] - c[4 * i + 1] <= 1000.0 + 1e-9);
    }
    free(b);
    free(c);
}

/* Scattered boxes far from each other stay apart; ratio 1 joins only
 * boxes whose union adds no area (here: a box and one inside it). */
static void test_scattered_and_nested(void)
{
    double b[6 * 4], c[6 * 4];
    size_t m;
    box(b, 0, 0, 10, 10);
    box(b + 4, 5000, 0, 10, 10);
    box(b + 8, 0, 5000, 10, 10);
    box(b + 12, 5000, 5000, 10, 10);
    box(b + 16, 2500, 2500, 40, 40);
    box(b + 20, 2510, 2510, 5, 5); /* inside the one before */
    memcpy(c, b, sizeof b);
    m = lb__cluster_boxes(c, 6, 2.0);
    CU_ASSERT_EQUAL(m, 5);
    CU_ASSERT(all_inside(b, 6, c, m));
    memcpy(c, b, sizeof b);
    m = lb__cluster_boxes(c, 6, 1.0);
    CU_ASSERT_EQUAL(m, 5);
    CU_ASSERT(all_inside(b, 6, c, m));
}

/* No box, one box, and degenerate boxes (a point, a line). */
static void test_edge_cases(void)
{
    double b[3 * 4], c[3 * 4];
    CU_ASSERT_EQUAL(lb__cluster_boxes(c, 0, 2.0), 0);
    box(b, 7, 8, 1, 1);
    memcpy(c, b, 4 * sizeof *b);
    CU_ASSERT_EQUAL(lb__cluster_boxes(c, 1, 2.0), 1);
    CU_ASSERT(memcmp(b, c, 4 * sizeof *b) == 0);
    box(b, 7, 8, 0, 0);
    box(b + 4, 7, 8, 0, 0);
    box(b + 8, 7, 8, 50, 0);
    memcpy(c, b, sizeof b);
    CU_ASSERT_EQUAL(lb__cluster_boxes(c, 3, 2.0), 1);
    CU_ASSERT(all_inside(b, 3, c, 1));
}

/* ---- bands ------------------------------------------------------------ */

static void envelope(const double *xy, size_t n, double *env)
{
    size_t i;
    env[0] = env[2] = xy[0];
    env[1] = env[3] = xy[1];
    for (i = 1; i < n; i++) {
        env[0] = fmin(env[0], xy[2 * i]);
        env[1] = fmin(env[1], xy[2 * i + 1]);
        env[2] = fmax(env[2], xy[2 * i]);
        env[3] = fmax(env[3], xy[2 * i + 1]);
    }
}

static int in_some_box(const double *b, size_t m, double x, double y)
{
    size_t j;
    for (j = 0; j < m; j++)
        if (x >= b[4 * j] && x <= b[4 * j + 2] && y >= b[4 * j + 1] &&
            y <= b[4 * j + 3])
            return 1;
    return 0;
}

/* Crossing count: 1 when (x, y) is inside the ring. */
static int in_ring(const double *xy, size_t n, double x, double y)
{
    size_t i;
    int odd = 0;
    for (i = 0; i + 1 < n; i++) {
        const double *p = xy + 2 * i, *q = p + 2;
        if ((p[1] > y) != (q[1] > y) &&
            x < p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]))
            odd ^= 1;
    }
    return odd;
}

/* Every vertex, 50 points along every edge and every point of a
 * 200 x 200 grid over the envelope that lies inside the ring are in a
 * band; returns the bands' total area. */
static double check_bands(const double *xy, size_t n, size_t k, size_t *m)
{
    double env[4], *b = malloc(4 * k * sizeof *b), total = 0.0;
    size_t i, j, missed = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    envelope(xy, n, env);
    *m = lb__ring_bands(xy, n, env, k, b);
    CU_ASSERT(*m >= 1 && *m <= k);
    for (i = 0; i + 1 < n; i++)
        for (j = 0; j <= 50; j++) {
            double t = (double)j / 50.0;
            double x = xy[2 * i] + (xy[2 * i + 2] - xy[2 * i]) * t;
            double y = xy[2 * i + 1] + (xy[2 * i + 3] - xy[2 * i + 1]) * t;
            missed += !in_some_box(b, *m, j == 50 ? xy[2 * i + 2] : x,
                                   j == 50 ? xy[2 * i + 3] : y);
        }
    for (i = 0; i < 200; i++)
        for (j = 0; j < 200; j++) {
            double x = env[0] + (env[2] - env[0]) * ((double)i + 0.5) / 200;
            double y = env[1] + (env[3] - env[1]) * ((double)j + 0.5) / 200;
            if (in_ring(xy, n, x, y))
                missed += !in_some_box(b, *m, x, y);
        }
    CU_ASSERT_EQUAL(missed, 0);
    for (i = 0; i < *m; i++) { /* inside the envelope */
        CU_ASSERT(b[4 * i] >= env[0] && b[4 * i + 1] >= env[1]);
        CU_ASSERT(b[4 * i + 2] <= env[2] && b[4 * i + 3] <= env[3]);
        total += (b[4 * i + 2] - b[4 * i]) * (b[4 * i + 3] - b[4 * i + 1]);
    }
    free(b);
    return total;
}

/* A road 2 km long and 30 m wide at 45 degrees, in zone coordinates
 * with the prefix: 32 bands hold it in under a tenth of its envelope
 * (which holds about 1.4 km x 1.4 km of parcels). */
static void test_bands_of_a_road(void)
{
    const double x0 = 35400000.0, y0 = 2770000.0, r = 1414.2, w = 21.2;
    /* the points as pairs */
    /* clang-format off */
    double xy[] = {x0,         y0 + w,     x0 + w,     y0,
                   x0 + r + w, y0 + r,     x0 + r,     y0 + r + w,
                   x0,         y0 + w};
    /* clang-format on */
    double env = (r + w) * (r + w);
    size_t m;
    double total = check_bands(xy, 5, 32, &m);
    CU_ASSERT_EQUAL(m, 32);
    CU_ASSERT(total < 0.1 * env);
    CU_ASSERT(total > 2 * r * w); /* at least the road */
}

/* An upright rectangle: each band spans its whole width, and together
 * they are the envelope; one band is the envelope. */
static void test_bands_of_a_rectangle(void)
{
    double xy[] = {500, 300, 900, 300, 900, 400, 500, 400, 500, 300};
    double b[4 * 4];
    const double env[4] = {500, 300, 900, 400};
    size_t m, i;
    CU_ASSERT_DOUBLE_EQUAL(check_bands(xy, 5, 4, &m), 400.0 * 100.0, 1e-6);
    CU_ASSERT_EQUAL(m, 4);
    m = lb__ring_bands(xy, 5, env, 4, b);
    for (i = 0; i < m; i++) { /* cut across x, the longer side */
        CU_ASSERT_DOUBLE_EQUAL(b[4 * i + 1], 300.0, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(b[4 * i + 3], 400.0, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(b[4 * i], 500.0 + 100.0 * (double)i, 1e-9);
    }
    CU_ASSERT_EQUAL(lb__ring_bands(xy, 5, env, 1, b), 1);
    CU_ASSERT(memcmp(b, env, sizeof env) == 0);
}

/* An L, a U (its bands hold both arms, not the gap) and stars
 * with random radii; vertices exactly on the bands' bounds. */
static void test_bands_of_other_shapes(void)
{
    double L[] = {0, 0, 100, 0, 100, 10, 10, 10, 10, 100, 0, 100, 0, 0};
    /* clang-format off */
    double U[] = {0, 0, 100, 0, 100, 90, 70, 90, 70, 30, 30, 30,
                  30, 90, 0, 90, 0, 0};
    /* clang-format on */
    double star[2 * 41];
    size_t m, i, s;
    CU_ASSERT(check_bands(L, 7, 10, &m) < 0.4 * 100 * 100);
    /* cut across x: the bands over the gap stop at its floor, but for
     * the two whose bound is the gap's side (bounds are closed) */
    CU_ASSERT_DOUBLE_EQUAL(check_bands(U, 9, 10, &m),
                           100 * 90 - 40 * 60 + 2 * 10 * 60, 1e-3);
    CU_ASSERT(check_bands(U, 9, 1000, &m) < 100 * 90 - 40 * 59);
    srand(7);
    for (s = 0; s < 50; s++) {
        for (i = 0; i < 40; i++) {
            double a = 2 * 3.14159265358979 * (double)i / 40;
            double r = 20 + 80 * (double)rand() / RAND_MAX;
            star[2 * i] = 412345.6 + r * cos(a);
            star[2 * i + 1] = 2765432.1 + r * sin(a);
        }
        star[80] = star[0];
        star[81] = star[1];
        check_bands(star, 41, 1 + (size_t)s % 17, &m);
    }
}

void boxes_suite_setup(void)
{
    CU_pSuite s = lb_cu_add_suite("boxes", NULL, NULL);
    LB_ADD_TEST(s, test_two_clusters);
    LB_ADD_TEST(s, test_scattered_and_nested);
    LB_ADD_TEST(s, test_edge_cases);
    LB_ADD_TEST(s, test_bands_of_a_road);
    LB_ADD_TEST(s, test_bands_of_a_rectangle);
    LB_ADD_TEST(s, test_bands_of_other_shapes);
}
