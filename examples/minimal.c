/*
 * minimal.c: the smallest complete use of landbal: read a data set,
 * compute the balance, print each linked group's account.
 *
 *   build/minimal [DATASET [YIELD.csv]]
 */
#include <landbal.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    const char *dataset = argc > 1 ? argv[1] : "data/chuxiong.gpkg";
    const char *yield = argc > 2 ? argv[2] : "data/grade_yield.csv";
    lb_context *ctx = NULL;
    lb_input *in = NULL;
    lb_result *res = NULL;
    lb_status st;
    size_t i;

    if (lb_context_create(&ctx) != LB_OK) {
        fprintf(stderr, "landbal: %s\n", lb_errmsg(ctx));
        lb_context_destroy(ctx);
        return 1;
    }
    lb_input_create(ctx, &in);
    lb_input_set_dataset(in, dataset);
    lb_input_set_yield_table(in, yield);

    st = lb_balance(ctx, in, &res);
    if (st != LB_OK) {
        /* On LB_ERR_INPUT the result still holds the diagnostics. */
        fprintf(stderr, "%s: %s\n", dataset, lb_errmsg(ctx));
        for (i = 0; res && i < lb_diagnostics_count(lb_result_diagnostics(res));
             i++) {
            const lb_diagnostic *d =
                lb_diagnostics_get(lb_result_diagnostics(res), i);
            if (lb_diagnostic_severity(d) == LB_SEV_ERROR)
                fprintf(stderr, "  %s\n", lb_diagnostic_message(d));
        }
    } else {
        for (i = 0; i < lb_result_group_count(res); i++) {
            const lb_group *g = lb_result_group(res, i);
            printf("%-40s %s: surplus %.4f ha, paddy %.4f ha, %.0f kg\n",
                   lb_group_name(g),
                   lb_group_balanced(g) ? "balanced" : "short",
                   lb_group_indicator(g, LB_SURPLUS, LB_IND_QUANTITY) / 1e4,
                   lb_group_indicator(g, LB_SURPLUS, LB_IND_PADDY) / 1e4,
                   lb_group_indicator(g, LB_SURPLUS, LB_IND_CAPACITY));
        }
    }
    lb_result_destroy(res);
    lb_input_destroy(in);
    lb_context_destroy(ctx);
    return st == LB_OK ? 0 : 1;
}
