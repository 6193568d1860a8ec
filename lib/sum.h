/*
 * sum.h: Neumaier's variant of Kahan summation, header-only so that the
 * pure numeric core (area.c) can use it without linking anything else
 * (rules.md §3: "sum unrounded doubles (compensated summation)").
 */
#ifndef LB_SUM_H
#define LB_SUM_H

#include <math.h>

typedef struct lb__sum {
    double s, c;
} lb__sum;

static inline void lb__sum_add(lb__sum *acc, double x)
{
    double t = acc->s + x;
    if (fabs(acc->s) >= fabs(x))
        acc->c += (acc->s - t) + x;
    else
        acc->c += (x - t) + acc->s;
    acc->s = t;
}

static inline double lb__sum_value(const lb__sum *acc)
{
    return acc->s + acc->c;
}

#endif
