/*
 * report_csv.c: a row per project, per linked group, per town and for
 * the total (RFC 4180 quoting; unrounded m² and kg with 4 decimals).
 */
#include "internal.h"
#include "report.h"

#include <math.h>
#include <string.h>

static void field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\n\r")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
}

static void number(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, ",%.4f", v);
    else
        fputc(',', f);
}

static void project_row(FILE *f, const lb_project *p)
{
    int supp = lb_project_kind_of(p) == LB_PROJECT_SUPPLEMENT, side, ind;
    fputs("project,", f);
    field(f, lb_project_code(p));
    fputs(supp ? ",supplement," : ",occupation,", f);
    field(f, lb_project_town(p));
    fputc(',', f);
    field(f, lb_project_name(p));
    for (side = 0; side < 3; side++)
        for (ind = 0; ind < 3; ind++)
            number(f, side == (supp ? LB_SUPPLIED : LB_OCCUPIED)
                          ? lb_project_indicator(p, (lb_indicator)ind)
                          : NAN);
    fputc(',', f);
    number(f, lb_project_mean_grade(p));
    number(f, lb_project_footprint(p));
    fputc('\n', f);
}

static void group_row(FILE *f, const char *level, const lb_group *g)
{
    int side, ind;
    fprintf(f, "%s,", level);
    field(f, lb_group_name(g));
    fputs(",,,", f);
    for (side = 0; side < 3; side++)
        for (ind = 0; ind < 3; ind++)
            number(f, lb_group_indicator(g, (lb_side)side, (lb_indicator)ind));
    fprintf(f, ",%s,,\n", lb_group_balanced(g) ? "true" : "false");
}

lb_status lb__write_csv(lb_context *ctx, const lb_result *res, FILE *f)
{
    size_t i;
    /* A result with errors holds diagnostics only: the header alone (the
     * program names the errors on stderr and exits 1). */
    int none = lb__result_errors(res) > 0;
    fputs("level,name,kind,town,project_name,"
          "occupied_quantity_m2,occupied_paddy_m2,occupied_capacity_kg,"
          "supplied_quantity_m2,supplied_paddy_m2,supplied_capacity_kg,"
          "surplus_quantity_m2,surplus_paddy_m2,surplus_capacity_kg,"
          "balanced,mean_grade,footprint_m2\n",
          f);
    if (none)
        return ferror(f) ? lb__fail(ctx, LB_ERR_IO,
                                    "cannot write the CSV "
                                    "report")
                         : LB_OK;
    for (i = 0; i < lb_result_project_count(res); i++)
        project_row(f, lb_result_project(res, i));
    for (i = 0; i < lb_result_group_count(res); i++)
        group_row(f, "group", lb_result_group(res, i));
    for (i = 0; i < lb_result_town_count(res); i++)
        group_row(f, "town", lb_result_town(res, i));
    group_row(f, "total", lb_result_total(res));
    return ferror(f) ? lb__fail(ctx, LB_ERR_IO, "cannot write the CSV report")
                     : LB_OK;
}
