/*
 * report_text.c: the report a land bureau reads: per project, per linked
 * group, per town and in total, occupied, supplied and surplus in 公顷,
 * 亩 and kg, balanced or short by how much; then the diagnostics.
 *
 * Display rounding (rules.md §3): 公顷 to 4 decimals, 亩 (= m² × 0.0015)
 * to 2, kg to whole numbers. Chinese labels stand at the ends of lines so
 * that double-width characters do not break the columns.
 */
#include "internal.h"
#include "report.h"

#include <math.h>
#include <string.h>

#define M2_PER_HA 1e4
#define MU_PER_M2 0.0015

/* Round for display, without printing "-0". */
static double disp(double v, int decimals)
{
    double f = pow(10.0, decimals), r = round(v * f) / f;
    return r == 0.0 ? 0.0 : r;
}

static void project_line(FILE *f, const lb_project *p)
{
    double q = lb_project_indicator(p, LB_IND_QUANTITY);
    double mg = lb_project_mean_grade(p);
    fprintf(f, "  %-14s %11.4f %10.2f %11.4f %11.0f %6s %11.4f  %s (%s)\n",
            lb_project_code(p), disp(q / M2_PER_HA, 4), disp(q * MU_PER_M2, 2),
            disp(lb_project_indicator(p, LB_IND_PADDY) / M2_PER_HA, 4),
            disp(lb_project_indicator(p, LB_IND_CAPACITY), 0), "",
            disp(lb_project_footprint(p) / M2_PER_HA, 4), lb_project_name(p),
            lb_project_town(p));
    if (isfinite(mg))
        fprintf(f, "  %-14s mean grade %.2f\n", "", mg);
}

static void projects(FILE *f, const lb_result *res, lb_project_kind kind)
{
    size_t i;
    fprintf(f, "%s\n",
            kind == LB_PROJECT_OCCUPATION
                ? "Occupation projects: what each occupies (占用)"
                : "Supplement projects: what each supplies (补充)");
    fprintf(f, "  %-14s %11s %10s %11s %11s %6s %11s  %s\n", "code",
            "quantity ha", "mu", "paddy ha", "capacity kg", "", "footprint ha",
            "name (town)");
    for (i = 0; i < lb_result_project_count(res); i++)
        if (lb_project_kind_of(lb_result_project(res, i)) == kind)
            project_line(f, lb_result_project(res, i));
    fputc('\n', f);
}

static void account_row(FILE *f, const lb_group *g, const char *label,
                        lb_indicator ind, double scale, int decimals,
                        const char *zh)
{
    fprintf(f, "    %-14s %14.*f %14.*f %14.*f   %s\n", label, decimals,
            disp(lb_group_indicator(g, LB_OCCUPIED, ind) * scale, decimals),
            decimals,
            disp(lb_group_indicator(g, LB_SUPPLIED, ind) * scale, decimals),
            decimals,
            disp(lb_group_indicator(g, LB_SURPLUS, ind) * scale, decimals), zh);
}

/* "balanced", or what is short and by how much. */
static void verdict(FILE *f, const lb_group *g)
{
    double q = lb_group_indicator(g, LB_SURPLUS, LB_IND_QUANTITY);
    double p = lb_group_indicator(g, LB_SURPLUS, LB_IND_PADDY);
    double c = lb_group_indicator(g, LB_SURPLUS, LB_IND_CAPACITY);
    const char *sep = "";
    if (lb_group_balanced(g)) {
        fputs("balanced (平衡)\n", f);
        return;
    }
    fputs("NOT BALANCED (不平衡): short in ", f);
    if (disp(q / M2_PER_HA, 4) < 0) {
        fprintf(f, "quantity by %.4f ha (%.2f mu)", -q / M2_PER_HA,
                -q * MU_PER_M2);
        sep = ", ";
    }
    if (disp(p / M2_PER_HA, 4) < 0) {
        fprintf(f, "%spaddy by %.4f ha (%.2f mu)", sep, -p / M2_PER_HA,
                -p * MU_PER_M2);
        sep = ", ";
    }
    if (disp(c, 0) < 0)
        fprintf(f, "%scapacity by %.0f kg", sep, -c);
    fputc('\n', f);
}

static void group_block(FILE *f, const lb_group *g)
{
    double mo = lb_group_mean_grade(g, LB_OCCUPIED);
    double ms = lb_group_mean_grade(g, LB_SUPPLIED);
    fprintf(f, "  %s: ", lb_group_name(g));
    verdict(f, g);
    fprintf(f, "    %-14s %14s %14s %14s\n", "", "occupied", "supplied",
            "surplus");
    account_row(f, g, "quantity ha", LB_IND_QUANTITY, 1 / M2_PER_HA, 4,
                "耕地数量");
    account_row(f, g, "quantity mu", LB_IND_QUANTITY, MU_PER_M2, 2, "亩");
    account_row(f, g, "paddy ha", LB_IND_PADDY, 1 / M2_PER_HA, 4, "水田规模");
    account_row(f, g, "paddy mu", LB_IND_PADDY, MU_PER_M2, 2, "亩");
    account_row(f, g, "capacity kg", LB_IND_CAPACITY, 1.0, 0, "粮食产能");
    if (isfinite(mo) || isfinite(ms)) {
        char o[32] = "-", s[32] = "-";
        if (isfinite(mo))
            snprintf(o, sizeof o, "%.2f", mo);
        if (isfinite(ms))
            snprintf(s, sizeof s, "%.2f", ms);
        fprintf(f, "    %-14s %14s %14s %14s   等别, 1 best", "mean grade", o,
                s, "");
        if (isfinite(mo) && isfinite(ms) && ms > mo)
            fputs("; 占优补优: supplied land is poorer", f);
        fputc('\n', f);
    }
    fputc('\n', f);
}

lb_status lb__write_text(lb_context *ctx, const lb_result *res, FILE *f)
{
    size_t i, nerr = lb__result_errors(res);
    fprintf(f,
            "landbal %s: cultivated-land occupation-compensation balance "
            "(耕地占补平衡)\n",
            lb_version());
    fprintf(f, "data: %s   CRS: %s   areas: %s (CGCS2000 ellipsoid)\n\n",
            lb_result_dataset(res)[0] ? lb_result_dataset(res) : "-",
            lb_result_crs(res),
            lb_area_method_name(lb_result_area_method(res)));
    /* A result returned with LB_ERR_INPUT holds diagnostics only: no
     * account may be printed as if it had been computed. */
    if (nerr) {
        fprintf(f, "No balance was computed: the input has %zu error(s).\n\n",
                nerr);
        return lb__write_diagnostics_text(ctx, lb_result_diagnostics(res), f,
                                          0);
    }
    projects(f, res, LB_PROJECT_OCCUPATION);
    projects(f, res, LB_PROJECT_SUPPLEMENT);
    fputs("Linked groups (occupation projects and the supplement projects "
          "they draw on, BCXMBH)\n",
          f);
    for (i = 0; i < lb_result_group_count(res); i++)
        group_block(f, lb_result_group(res, i));
    fputs("Towns (XZQMC)\n", f);
    for (i = 0; i < lb_result_town_count(res); i++)
        group_block(f, lb_result_town(res, i));
    fputs("Total\n", f);
    group_block(f, lb_result_total(res));
    return lb__write_diagnostics_text(ctx, lb_result_diagnostics(res), f, 1);
}

/* ---- diagnostics -------------------------------------------------------- */

#define EXAMPLES 3

lb_status lb__write_diagnostics_text(lb_context *ctx, const lb_diagnostics *d,
                                     FILE *f, int summary)
{
    size_t n = lb_diagnostics_count(d), i;
    int code;
    (void)ctx;
    fprintf(f, "Diagnostics: %zu error(s), %zu warning(s)\n",
            lb_diagnostics_count_by(d, -1, LB_SEV_ERROR),
            lb_diagnostics_count_by(d, -1, LB_SEV_WARNING));
    for (code = 0; code < LB_DIAG_COUNT_; code++) {
        size_t count = lb_diagnostics_count_by(d, code, 0), shown = 0;
        size_t limit = summary ? EXAMPLES : (size_t)-1;
        if (!count)
            continue;
        fprintf(f, "  %-28s %6zu\n", lb_diag_code_name((lb_diag_code)code),
                count);
        for (i = 0; i < n && shown < limit; i++) {
            const lb_diagnostic *g = lb_diagnostics_get(d, i);
            if ((int)lb_diagnostic_code(g) != code)
                continue;
            fprintf(f, "    %-7s %s\n",
                    lb_severity_name(lb_diagnostic_severity(g)),
                    lb_diagnostic_message(g));
            shown++;
        }
        if (shown < count)
            fprintf(f, "    ... and %zu more (--format json lists all)\n",
                    count - shown);
    }
    return ferror(f) ? LB_ERR_IO : LB_OK;
}
