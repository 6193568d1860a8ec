/*
 * cu_boxes.c: the boxes through which report reads the baseline's
 * R-tree (lb__cluster_boxes): every box kept inside one read, near boxes
 * read together, far ones apart.
 */
#include "cu_tester.h"

#include "internal.h"

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

void boxes_suite_setup(void)
{
    CU_pSuite s = lb_cu_add_suite("boxes", NULL, NULL);
    LB_ADD_TEST(s, test_two_clusters);
    LB_ADD_TEST(s, test_scattered_and_nested);
    LB_ADD_TEST(s, test_edge_cases);
}
