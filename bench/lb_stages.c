/*
 * lb_stages.c: where landbal's time goes. Runs lb_balance() on a data set
 * as `landbal report` does and timestamps the library's progress messages
 * ("reading dltb", ..., the baseline pass), so that the benchmark can
 * split landbal's wall time into reading and measuring.
 *
 *   lb_stages DATASET YIELD_CSV [THREADS]
 *
 * Prints, tab-separated: the stage, the time it was first and last
 * reported (s since start), then "total" and the three totals.
 */
#define _POSIX_C_SOURCE 200809L
#include <landbal.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_STAGES 32

typedef struct stages {
    double t0;
    int n;
    char name[MAX_STAGES][64];
    double first[MAX_STAGES], last[MAX_STAGES];
} stages;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int progress(double complete, const char *message, void *ud)
{
    stages *s = ud;
    double t = now() - s->t0;
    (void)complete;
    if (!message)
        message = "";
    if (s->n == 0 || strcmp(s->name[s->n - 1], message) != 0) {
        if (s->n == MAX_STAGES)
            return 1;
        snprintf(s->name[s->n], sizeof s->name[0], "%s", message);
        s->first[s->n] = s->last[s->n] = t;
        s->n++;
    } else {
        s->last[s->n - 1] = t;
    }
    return 1;
}

int main(int argc, char **argv)
{
    lb_context *ctx;
    lb_input *in;
    lb_result *res = NULL;
    lb_status st;
    stages s;
    double t_end;
    int i;
    if (argc < 3) {
        fputs("usage: lb_stages DATASET YIELD_CSV [THREADS]\n", stderr);
        return 2;
    }
    memset(&s, 0, sizeof s);
    if (lb_context_create(&ctx) != LB_OK)
        return 1;
    lb_input_create(ctx, &in);
    lb_input_set_dataset(in, argv[1]);
    lb_input_set_yield_table(in, argv[2]);
    if (argc > 3)
        lb_input_set_threads(in, atoi(argv[3]));
    lb_context_set_progress(ctx, progress, &s);
    s.t0 = now();
    st = lb_balance(ctx, in, &res);
    t_end = now() - s.t0;
    if (st != LB_OK) {
        fprintf(stderr, "lb_stages: %s\n", lb_errmsg(ctx));
        return 1;
    }
    for (i = 0; i < s.n; i++)
        printf("%s\t%.3f\t%.3f\n", s.name[i], s.first[i], s.last[i]);
    printf("total\t0\t%.3f\n", t_end);
    printf("occupied_quantity_m2\t%.4f\n",
           lb_group_indicator(lb_result_total(res), LB_OCCUPIED,
                              LB_IND_QUANTITY));
    printf("supplied_quantity_m2\t%.4f\n",
           lb_group_indicator(lb_result_total(res), LB_SUPPLIED,
                              LB_IND_QUANTITY));
    lb_result_destroy(res);
    lb_input_destroy(in);
    lb_context_destroy(ctx);
    return 0;
}
