/*
 * report_json.c: the JSON of rules.md §5 through json-c (escaping and
 * full-precision doubles done by a maintained library). Numbers are
 * unrounded m² and kg; absent values are null.
 */
#include "internal.h"
#include "report.h"

#include <json.h>
#include <math.h>
#include <string.h>

static json_object *num(double v)
{
    return isfinite(v) ? json_object_new_double(v) : NULL;
}

static json_object *str(const char *s)
{
    return json_object_new_string(s ? s : "");
}

static json_object *indicators(const lb_group *g, lb_side side)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "quantity_m2",
                           num(lb_group_indicator(g, side, LB_IND_QUANTITY)));
    json_object_object_add(o, "paddy_m2",
                           num(lb_group_indicator(g, side, LB_IND_PADDY)));
    json_object_object_add(o, "capacity_kg",
                           num(lb_group_indicator(g, side, LB_IND_CAPACITY)));
    return o;
}

static json_object *group_json(const lb_group *g)
{
    json_object *o = json_object_new_object(), *codes = json_object_new_array();
    size_t i;
    for (i = 0; i < lb_group_project_count(g); i++)
        json_object_array_add(codes, str(lb_group_project_code(g, i)));
    json_object_object_add(o, "name", str(lb_group_name(g)));
    json_object_object_add(o, "projects", codes);
    json_object_object_add(o, "occupied", indicators(g, LB_OCCUPIED));
    json_object_object_add(o, "supplied", indicators(g, LB_SUPPLIED));
    json_object_object_add(o, "surplus", indicators(g, LB_SURPLUS));
    json_object_object_add(o, "balanced",
                           json_object_new_boolean(lb_group_balanced(g)));
    return o;
}

static json_object *project_json(const lb_project *p)
{
    static const char *const classes[] = {"0101", "0102", "0103"};
    json_object *o = json_object_new_object(), *bc = json_object_new_object();
    size_t i;
    json_object_object_add(o, "code", str(lb_project_code(p)));
    json_object_object_add(o, "name", str(lb_project_name(p)));
    json_object_object_add(o, "kind",
                           str(lb_project_kind_of(p) == LB_PROJECT_SUPPLEMENT
                                   ? "supplement"
                                   : "occupation"));
    json_object_object_add(o, "town", str(lb_project_town(p)));
    json_object_object_add(o, "quantity_m2",
                           num(lb_project_indicator(p, LB_IND_QUANTITY)));
    json_object_object_add(o, "paddy_m2",
                           num(lb_project_indicator(p, LB_IND_PADDY)));
    json_object_object_add(o, "capacity_kg",
                           num(lb_project_indicator(p, LB_IND_CAPACITY)));
    json_object_object_add(o, "mean_grade", num(lb_project_mean_grade(p)));
    json_object_object_add(o, "footprint_m2", num(lb_project_footprint(p)));
    for (i = 0; i < 3; i++)
        json_object_object_add(bc, classes[i],
                               num(lb_project_by_class(p, classes[i])));
    json_object_object_add(o, "by_class", bc);
    return o;
}

static json_object *diagnostics_json(const lb_diagnostics *d)
{
    json_object *arr = json_object_new_array();
    size_t i;
    for (i = 0; i < lb_diagnostics_count(d); i++) {
        const lb_diagnostic *g = lb_diagnostics_get(d, i);
        json_object *o = json_object_new_object();
        const char *layer = lb_diagnostic_layer(g);
        const char *proj = lb_diagnostic_project(g);
        json_object_object_add(o, "code",
                               str(lb_diag_code_name(lb_diagnostic_code(g))));
        json_object_object_add(
            o, "severity", str(lb_severity_name(lb_diagnostic_severity(g))));
        json_object_object_add(o, "layer", layer[0] ? str(layer) : NULL);
        /* -1 is no feature (GDAL's OGRNullFID); other negative fids are
         * real (SQLite keys may be negative). */
        json_object_object_add(o, "fid",
                               lb_diagnostic_fid(g) != -1
                                   ? json_object_new_int64(lb_diagnostic_fid(g))
                                   : NULL);
        json_object_object_add(o, "project", proj[0] ? str(proj) : NULL);
        json_object_object_add(o, "area_m2", num(lb_diagnostic_area(g)));
        json_object_object_add(o, "message", str(lb_diagnostic_message(g)));
        json_object_array_add(arr, o);
    }
    return arr;
}

static lb_status emit(lb_context *ctx, json_object *top, FILE *f)
{
    const char *text = json_object_to_json_string_ext(
        top, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
    lb_status st = LB_OK;
    if (!text || fputs(text, f) == EOF || fputc('\n', f) == EOF)
        st = lb__fail(ctx, LB_ERR_IO, "cannot write the JSON report");
    json_object_put(top);
    return st;
}

lb_status lb__write_json(lb_context *ctx, const lb_result *res, FILE *f)
{
    json_object *top = json_object_new_object(), *arr;
    /* A result with errors holds diagnostics only: no account is written
     * as if it had been computed (empty lists, a null total). */
    size_t i, n = lb__result_errors(res) ? 0 : (size_t)-1;
    json_object_object_add(top, "landbal_version", str(lb_version()));
    json_object_object_add(
        top, "area_method",
        str(lb_area_method_name(lb_result_area_method(res))));
    json_object_object_add(top, "crs", str(lb_result_crs(res)));
    arr = json_object_new_array();
    for (i = 0; i < lb_result_project_count(res) && i < n; i++)
        json_object_array_add(arr, project_json(lb_result_project(res, i)));
    json_object_object_add(top, "projects", arr);
    arr = json_object_new_array();
    for (i = 0; i < lb_result_group_count(res) && i < n; i++)
        json_object_array_add(arr, group_json(lb_result_group(res, i)));
    json_object_object_add(top, "groups", arr);
    arr = json_object_new_array();
    for (i = 0; i < lb_result_town_count(res) && i < n; i++)
        json_object_array_add(arr, group_json(lb_result_town(res, i)));
    json_object_object_add(top, "towns", arr);
    json_object_object_add(top, "total",
                           n ? group_json(lb_result_total(res)) : NULL);
    json_object_object_add(top, "diagnostics",
                           diagnostics_json(lb_result_diagnostics(res)));
    return emit(ctx, top, f);
}

lb_status lb__write_diagnostics_json(lb_context *ctx, const lb_diagnostics *d,
                                     FILE *f)
{
    json_object *top = json_object_new_object();
    json_object_object_add(top, "diagnostics", diagnostics_json(d));
    return emit(ctx, top, f);
}
