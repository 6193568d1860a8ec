/*
 * cu_report.c: the writers (rules.md §5) and the program around them:
 * the JSON schema, CSV rows, the text report, atomic -o, yield-table
 * errors, examples/minimal.c, and identical output run to run.
 *
 * Most tests run on the worked example of tests/data/example/, whose
 * values are known independently (expected.json).
 */
#include "cu_tester.h"
#include "cu_gpkg.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <dirent.h>
#include <fcntl.h>
#include <json.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXAMPLE_DIR LB_TEST_DATA "/example"
#define EXAMPLE_GPKG EXAMPLE_DIR "/example.gpkg"
#define EXAMPLE_YIELD EXAMPLE_DIR "/grade_yield.csv"
#define REPORT                                                                 \
    LB_PROGRAM " report " EXAMPLE_GPKG " --yield " EXAMPLE_YIELD " --quiet"

static lb_context *ctx;
static lb_result *example; /* the worked example, computed once */

static int suite_init(void)
{
    ctx = lb_cu_context();
    return ctx ? 0 : 1;
}

static int suite_clean(void)
{
    lb_result_destroy(example);
    example = NULL;
    lb_context_destroy(ctx);
    return 0;
}

/* The balance of a data set, or NULL with the status in *st. */
static lb_result *balance_st(const char *dataset, const char *yield,
                             lb_status *st)
{
    lb_input *in = NULL;
    lb_result *res = NULL;
    CU_ASSERT_EQUAL_FATAL(lb_input_create(ctx, &in), LB_OK);
    lb_input_set_dataset(in, dataset);
    if (yield)
        lb_input_set_yield_table(in, yield);
    *st = lb_balance(ctx, in, &res);
    lb_input_destroy(in);
    if (*st != LB_OK) {
        lb_result_destroy(res);
        res = NULL;
    }
    return res;
}

static lb_result *balance(const char *dataset, const char *yield)
{
    lb_status st;
    lb_result *res = balance_st(dataset, yield, &st);
    if (st != LB_OK)
        fprintf(stderr, "\nlb_balance(%s): %s\n", dataset, lb_errmsg(ctx));
    CU_ASSERT_PTR_NOT_NULL_FATAL(res);
    return res;
}

static const lb_result *example_result(void)
{
    if (!example)
        example = balance(EXAMPLE_GPKG, EXAMPLE_YIELD);
    return example;
}

/* Run the program; its standard output (malloc'd) and exit status. */
static char *run(const char *command, int *status)
{
    char *out = NULL;
    *status = lb_cu_run(command, &out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    return out;
}

/* Run and expect exit status 0. */
static char *run_ok(const char *command)
{
    int status;
    char *out = run(command, &status);
    if (status != 0)
        fprintf(stderr, "\n%s: exit status %d\n", command, status);
    CU_ASSERT_EQUAL(status, 0);
    return out;
}

static char *read_text(const char *path)
{
    char *text = cu_slurp(path, NULL);
    if (!text)
        fprintf(stderr, "\ncannot read %s\n", path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    return text;
}

/* Write @p res to a file in a fresh folder; its content (malloc'd). */
static char *write_result(const lb_result *res, lb_format format)
{
    const char *path = lb_cu_path(lb_cu_tmpdir(), "out");
    lb_status st = lb_result_write(ctx, res, format, path);
    if (st != LB_OK)
        fprintf(stderr, "\nlb_result_write: %s\n", lb_errmsg(ctx));
    CU_ASSERT_EQUAL_FATAL(st, LB_OK);
    return read_text(path);
}

/* ---- JSON (rules.md §5) ---------------------------------------------- */

#define T_STR (1u << json_type_string)
#define T_NUM ((1u << json_type_double) | (1u << json_type_int))
#define T_INT (1u << json_type_int)
#define T_BOOL (1u << json_type_boolean)
#define T_NULL (1u << json_type_null)
#define T_OBJ (1u << json_type_object)
#define T_ARR (1u << json_type_array)

typedef struct key_type {
    const char *key;
    unsigned types; /* T_* allowed */
} key_type;

static const key_type top_keys[] = {
    {"landbal_version", T_STR}, {"area_method", T_STR}, {"crs", T_STR},
    {"projects", T_ARR},        {"groups", T_ARR},      {"towns", T_ARR},
    {"total", T_OBJ},           {"diagnostics", T_ARR}, {NULL, 0}};
/* A report of input with errors: no accounts, a null total. */
static const key_type error_top_keys[] = {
    {"landbal_version", T_STR}, {"area_method", T_STR}, {"crs", T_STR},
    {"projects", T_ARR},        {"groups", T_ARR},      {"towns", T_ARR},
    {"total", T_NULL},          {"diagnostics", T_ARR}, {NULL, 0}};
static const key_type project_keys[] = {{"code", T_STR},
                                        {"name", T_STR},
                                        {"kind", T_STR},
                                        {"town", T_STR},
                                        {"quantity_m2", T_NUM},
                                        {"paddy_m2", T_NUM},
                                        {"capacity_kg", T_NUM},
                                        {"mean_grade", T_NUM | T_NULL},
                                        {"footprint_m2", T_NUM},
                                        {"by_class", T_OBJ},
                                        {NULL, 0}};
static const key_type class_keys[] = {
    {"0101", T_NUM}, {"0102", T_NUM}, {"0103", T_NUM}, {NULL, 0}};
static const key_type group_keys[] = {{"name", T_STR},
                                      {"projects", T_ARR},
                                      {"occupied", T_OBJ},
                                      {"supplied", T_OBJ},
                                      {"surplus", T_OBJ},
                                      {"balanced", T_BOOL},
                                      {NULL, 0}};
static const key_type ind_keys[] = {{"quantity_m2", T_NUM},
                                    {"paddy_m2", T_NUM},
                                    {"capacity_kg", T_NUM},
                                    {NULL, 0}};
static const key_type diag_keys[] = {{"code", T_STR},
                                     {"severity", T_STR},
                                     {"layer", T_STR | T_NULL},
                                     {"fid", T_INT | T_NULL},
                                     {"project", T_STR | T_NULL},
                                     {"area_m2", T_NUM | T_NULL},
                                     {"message", T_STR},
                                     {NULL, 0}};

/* @p o is an object with exactly the keys of @p kt, each of its types. */
static int has_keys(json_object *o, const key_type *kt, const char *what)
{
    int n = 0, ok = json_object_is_type(o, json_type_object);
    for (; ok && kt->key; kt++, n++) {
        json_object *v = NULL;
        int found = json_object_object_get_ex(o, kt->key, &v);
        if (!found || !((1u << json_object_get_type(v)) & kt->types)) {
            fprintf(stderr, "\n%s: key \"%s\" %s\n", what, kt->key,
                    found ? "has the wrong type" : "is missing");
            ok = 0;
        }
    }
    if (ok && json_object_object_length(o) != n) {
        fprintf(stderr, "\n%s: %d keys, expected %d: %s\n", what,
                json_object_object_length(o), n, json_object_to_json_string(o));
        ok = 0;
    }
    return ok;
}

static json_object *jget(json_object *o, const char *key)
{
    json_object *v = NULL;
    json_object_object_get_ex(o, key, &v);
    return v;
}

static const char *jstr(json_object *o, const char *key)
{
    return json_object_get_string(jget(o, key));
}

static void schema_group(json_object *g)
{
    json_object *codes = jget(g, "projects");
    size_t i;
    CU_ASSERT_FATAL(has_keys(g, group_keys, "group"));
    CU_ASSERT(json_object_array_length(codes) > 0);
    for (i = 0; i < json_object_array_length(codes); i++)
        CU_ASSERT(json_object_is_type(json_object_array_get_idx(codes, i),
                                      json_type_string));
    CU_ASSERT(has_keys(jget(g, "occupied"), ind_keys, "occupied"));
    CU_ASSERT(has_keys(jget(g, "supplied"), ind_keys, "supplied"));
    CU_ASSERT(has_keys(jget(g, "surplus"), ind_keys, "surplus"));
}

static void schema_project(json_object *p)
{
    const char *kind;
    CU_ASSERT_FATAL(has_keys(p, project_keys, "project"));
    CU_ASSERT(has_keys(jget(p, "by_class"), class_keys, "by_class"));
    kind = jstr(p, "kind");
    CU_ASSERT(strcmp(kind, "occupation") == 0 ||
              strcmp(kind, "supplement") == 0);
}

static int is_code_name(const char *s)
{
    int c;
    for (c = 0; c < LB_DIAG_COUNT_; c++)
        if (strcmp(s, lb_diag_code_name((lb_diag_code)c)) == 0)
            return 1;
    return 0;
}

static void schema_diag(json_object *d)
{
    const char *sev;
    CU_ASSERT_FATAL(has_keys(d, diag_keys, "diagnostic"));
    CU_ASSERT(is_code_name(jstr(d, "code")));
    sev = jstr(d, "severity");
    CU_ASSERT(strcmp(sev, "warning") == 0 || strcmp(sev, "error") == 0);
    CU_ASSERT(strlen(jstr(d, "message")) > 0);
}

/* Each element of the array @p key of @p top through @p fn; the count. */
static size_t each(json_object *top, const char *key, void (*fn)(json_object *))
{
    json_object *arr = jget(top, key);
    size_t i, n = json_object_array_length(arr);
    for (i = 0; i < n; i++)
        fn(json_object_array_get_idx(arr, i));
    return n;
}

/* Every key and type of rules.md §5, on the program's --format json. */
static void test_json_schema(void)
{
    const lb_result *res = example_result();
    char *out = run_ok(REPORT " --format json");
    json_object *top = json_tokener_parse(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(top);
    CU_ASSERT_FATAL(has_keys(top, top_keys, "top level"));
    LB_ASSERT_STR(jstr(top, "landbal_version"), lb_version());
    LB_ASSERT_STR(jstr(top, "area_method"), "survey");
    LB_ASSERT_STR(jstr(top, "crs"), "EPSG:4543");
    CU_ASSERT_EQUAL(each(top, "projects", schema_project),
                    lb_result_project_count(res));
    CU_ASSERT_EQUAL(each(top, "groups", schema_group),
                    lb_result_group_count(res));
    CU_ASSERT_EQUAL(each(top, "towns", schema_group),
                    lb_result_town_count(res));
    schema_group(jget(top, "total"));
    CU_ASSERT_EQUAL(each(top, "diagnostics", schema_diag),
                    lb_diagnostics_count(lb_result_diagnostics(res)));
    json_object_put(top);
    free(out);
}

static double jnum(json_object *o, const char *key)
{
    return json_object_get_double(jget(o, key));
}

static void exact_project(json_object *jp, const lb_project *p)
{
    json_object *bc = jget(jp, "by_class");
    LB_ASSERT_STR(jstr(jp, "code"), lb_project_code(p));
    LB_ASSERT_STR(jstr(jp, "name"), lb_project_name(p));
    LB_ASSERT_STR(jstr(jp, "town"), lb_project_town(p));
    LB_ASSERT_NEAR(jnum(jp, "quantity_m2"),
                   lb_project_indicator(p, LB_IND_QUANTITY), 0);
    LB_ASSERT_NEAR(jnum(jp, "paddy_m2"), lb_project_indicator(p, LB_IND_PADDY),
                   0);
    LB_ASSERT_NEAR(jnum(jp, "capacity_kg"),
                   lb_project_indicator(p, LB_IND_CAPACITY), 0);
    LB_ASSERT_NEAR(jnum(jp, "mean_grade"), lb_project_mean_grade(p), 0);
    LB_ASSERT_NEAR(jnum(jp, "footprint_m2"), lb_project_footprint(p), 0);
    LB_ASSERT_NEAR(jnum(bc, "0101"), lb_project_by_class(p, "0101"), 0);
    LB_ASSERT_NEAR(jnum(bc, "0103"), lb_project_by_class(p, "0103"), 0);
}

static void exact_group(json_object *jg, const lb_group *g)
{
    static const char *const sides[] = {"occupied", "supplied", "surplus"};
    static const char *const inds[] = {"quantity_m2", "paddy_m2",
                                       "capacity_kg"};
    int s, i;
    LB_ASSERT_STR(jstr(jg, "name"), lb_group_name(g));
    for (s = 0; s < 3; s++)
        for (i = 0; i < 3; i++)
            LB_ASSERT_NEAR(jnum(jget(jg, sides[s]), inds[i]),
                           lb_group_indicator(g, (lb_side)s, (lb_indicator)i),
                           0);
    CU_ASSERT_EQUAL(json_object_get_boolean(jget(jg, "balanced")),
                    lb_group_balanced(g));
}

/* Numbers are unrounded: the JSON gives back the accessors' doubles. */
static void test_json_unrounded(void)
{
    const lb_result *res = example_result();
    char *out = write_result(res, LB_FORMAT_JSON);
    json_object *top = json_tokener_parse(out), *arr;
    size_t i;
    CU_ASSERT_PTR_NOT_NULL_FATAL(top);
    arr = jget(top, "projects");
    CU_ASSERT_EQUAL_FATAL(json_object_array_length(arr),
                          lb_result_project_count(res));
    for (i = 0; i < lb_result_project_count(res); i++)
        exact_project(json_object_array_get_idx(arr, i),
                      lb_result_project(res, i));
    arr = jget(top, "groups");
    CU_ASSERT_EQUAL_FATAL(json_object_array_length(arr),
                          lb_result_group_count(res));
    for (i = 0; i < lb_result_group_count(res); i++)
        exact_group(json_object_array_get_idx(arr, i), lb_result_group(res, i));
    exact_group(jget(top, "total"), lb_result_total(res));
    json_object_put(top);
    free(out);
}

/* ---- CSV ------------------------------------------------------------- */

#define CSV_FIELDS 24
#define CSV_WIDTH 256

typedef struct csv_row {
    int n;
    char f[CSV_FIELDS][CSV_WIDTH];
} csv_row;

static void csv_put(csv_row *r, size_t *k, char c)
{
    if (*k + 1 < CSV_WIDTH && r->n < CSV_FIELDS)
        r->f[r->n][(*k)++] = c;
}

static void csv_end_field(csv_row *r, size_t *k)
{
    if (r->n < CSV_FIELDS)
        r->f[r->n++][*k] = '\0';
    *k = 0;
}

/* One RFC 4180 record from *s (quotes doubled inside quoted fields);
 * 0 at the end of the text. */
static int csv_next(const char **s, csv_row *r)
{
    const char *p = *s;
    size_t k = 0;
    int quoted = 0;
    if (!*p)
        return 0;
    r->n = 0;
    for (; *p; p++) {
        if (quoted && *p == '"' && p[1] == '"')
            csv_put(r, &k, *p++);
        else if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == ',')
            csv_end_field(r, &k);
        else if (!quoted && *p == '\n')
            break;
        else if (quoted || *p != '\r')
            csv_put(r, &k, *p);
    }
    csv_end_field(r, &k);
    *s = *p ? p + 1 : p;
    return 1;
}

static const char *csv_get(const csv_row *header, const csv_row *r,
                           const char *col)
{
    int i;
    for (i = 0; i < header->n && i < r->n; i++)
        if (strcmp(header->f[i], col) == 0)
            return r->f[i];
    fprintf(stderr, "\nno CSV column %s\n", col);
    return NULL;
}

/* The column holds @p want to 4 decimals, or is empty for NaN. */
static void csv_num(const csv_row *h, const csv_row *r, const char *col,
                    double want)
{
    const char *v = csv_get(h, r, col);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    if (!isfinite(want)) {
        LB_ASSERT_STR(v, "");
        return;
    }
    CU_ASSERT(v[0] != '\0');
    LB_ASSERT_NEAR(strtod(v, NULL), want, 5.01e-5);
}

static void csv_side(const csv_row *h, const csv_row *r, const char *side,
                     const double v[3])
{
    static const char *const inds[] = {"quantity_m2", "paddy_m2",
                                       "capacity_kg"};
    char col[64];
    int i;
    for (i = 0; i < 3; i++) {
        snprintf(col, sizeof col, "%s_%s", side, inds[i]);
        csv_num(h, r, col, v[i]);
    }
}

static void csv_project(const csv_row *h, const csv_row *r, const lb_project *p)
{
    static const double none[3] = {NAN, NAN, NAN};
    int supp = lb_project_kind_of(p) == LB_PROJECT_SUPPLEMENT;
    double v[3];
    int i;
    for (i = 0; i < 3; i++)
        v[i] = lb_project_indicator(p, (lb_indicator)i);
    LB_ASSERT_STR(csv_get(h, r, "level"), "project");
    LB_ASSERT_STR(csv_get(h, r, "name"), lb_project_code(p));
    LB_ASSERT_STR(csv_get(h, r, "kind"), supp ? "supplement" : "occupation");
    LB_ASSERT_STR(csv_get(h, r, "town"), lb_project_town(p));
    LB_ASSERT_STR(csv_get(h, r, "project_name"), lb_project_name(p));
    csv_side(h, r, "occupied", supp ? none : v);
    csv_side(h, r, "supplied", supp ? v : none);
    csv_side(h, r, "surplus", none);
    LB_ASSERT_STR(csv_get(h, r, "balanced"), "");
    csv_num(h, r, "mean_grade", lb_project_mean_grade(p));
    csv_num(h, r, "footprint_m2", lb_project_footprint(p));
}

static void csv_group(const csv_row *h, const csv_row *r, const char *level,
                      const lb_group *g)
{
    static const char *const sides[] = {"occupied", "supplied", "surplus"};
    double v[3];
    int s, i;
    LB_ASSERT_STR(csv_get(h, r, "level"), level);
    LB_ASSERT_STR(csv_get(h, r, "name"), lb_group_name(g));
    for (s = 0; s < 3; s++) {
        for (i = 0; i < 3; i++)
            v[i] = lb_group_indicator(g, (lb_side)s, (lb_indicator)i);
        csv_side(h, r, sides[s], v);
    }
    LB_ASSERT_STR(csv_get(h, r, "balanced"),
                  lb_group_balanced(g) ? "true" : "false");
}

/* The next record, which must have as many fields as the header. */
static void csv_row_of(const char **s, const csv_row *h, csv_row *r)
{
    CU_ASSERT_FATAL(csv_next(s, r));
    CU_ASSERT_EQUAL_FATAL(r->n, h->n);
}

/* A row per project, per linked group, per town and for the total. */
static void check_csv(const char *text, const lb_result *res)
{
    csv_row *h = malloc(sizeof *h), *r = malloc(sizeof *r);
    size_t i;
    CU_ASSERT_FATAL(h && r && csv_next(&text, h));
    CU_ASSERT_EQUAL(h->n, 17);
    for (i = 0; i < lb_result_project_count(res); i++) {
        csv_row_of(&text, h, r);
        csv_project(h, r, lb_result_project(res, i));
    }
    for (i = 0; i < lb_result_group_count(res); i++) {
        csv_row_of(&text, h, r);
        csv_group(h, r, "group", lb_result_group(res, i));
    }
    for (i = 0; i < lb_result_town_count(res); i++) {
        csv_row_of(&text, h, r);
        csv_group(h, r, "town", lb_result_town(res, i));
    }
    csv_row_of(&text, h, r);
    csv_group(h, r, "total", lb_result_total(res));
    CU_ASSERT_FALSE(csv_next(&text, r));
    free(h);
    free(r);
}

static void test_csv_rows(void)
{
    char *out = run_ok(REPORT " --format csv");
    check_csv(out, example_result());
    /* independent of the accessors: expected.json's total, 4 decimals */
    CU_ASSERT(strstr(out, "\ntotal,total,,,,30434.2725,9599.1072,27708.9983,"
                          "19647.1714,16998.4238,19480.5254,-10787.1011,"
                          "7399.3166,-8228.4730,false,,\n") != NULL);
    CU_ASSERT(strstr(out, "\ngroup,\"BC-1,ZY-1,ZY-2\",") != NULL);
    free(out);
}

/* Names holding commas and quotes survive the round trip. */
static void test_csv_quoting(void)
{
    const char *dir = lb_cu_tmpdir(), *path = lb_cu_path(dir, "q.gpkg");
    cu_gpkg *g = cu_gpkg_create(path);
    lb_result *res;
    char *out;
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    cu_gpkg_parcel(g, cu_wkt_rect(0, 0, 100, 100), "0101", 5, 0.0, NAN, NAN);
    cu_gpkg_occupation(g, cu_wkt_rect(0, 0, 50, 100), "O,1");
    cu_gpkg_project(g, "O,1", "Road \"A\", phase 2", "occupation", "东华镇",
                    NULL);
    CU_ASSERT_EQUAL_FATAL(cu_gpkg_close(g), 0);
    res = balance(path, EXAMPLE_YIELD);
    out = write_result(res, LB_FORMAT_CSV);
    check_csv(out, res);
    CU_ASSERT(strstr(out, "\nproject,\"O,1\",occupation,东华镇,"
                          "\"Road \"\"A\"\", phase 2\",") != NULL);
    free(out);
    lb_result_destroy(res);
}

/* ---- text ------------------------------------------------------------ */

/* The line of @p text that starts with @p start ("" when none). */
static void line_of(const char *text, const char *start, char *out, size_t size)
{
    const char *s = text, *e;
    out[0] = '\0';
    while (s && strncmp(s, start, strlen(start)) != 0)
        if ((s = strchr(s, '\n')) != NULL)
            s++;
    if (!s)
        return;
    e = strchr(s, '\n');
    snprintf(out, size, "%.*s", (int)(e ? e - s : (long)strlen(s)), s);
}

/* The summary counts each diagnostic code of the result. */
static void check_summary(const char *text, const lb_diagnostics *d)
{
    char start[64], line[512];
    int code;
    for (code = 0; code < LB_DIAG_COUNT_; code++) {
        size_t n = lb_diagnostics_count_by(d, code, 0);
        unsigned long got = 0;
        snprintf(start, sizeof start, "  %s ",
                 lb_diag_code_name((lb_diag_code)code));
        line_of(text, start, line, sizeof line);
        if (n == 0) {
            LB_ASSERT_STR(line, "");
            continue;
        }
        CU_ASSERT(sscanf(line + strlen(start), "%lu", &got) == 1);
        CU_ASSERT_EQUAL(got, n);
    }
}

static void test_text_report(void)
{
    const lb_result *res = example_result();
    char *out = run_ok(REPORT), line[512];
    line_of(out, "  total: ", line, sizeof line);
    /* expected.json: surplus -10787.1011 m², 7399.3166 m², -8228.473 kg */
    LB_ASSERT_STR(line, "  total: NOT BALANCED (不平衡): short in quantity "
                        "by 1.0787 ha (16.18 mu), capacity by 8228 kg");
    line_of(out, "  ZY-3: ", line, sizeof line);
    CU_ASSERT(strstr(line, "NOT BALANCED") != NULL);
    CU_ASSERT(strstr(out, "balanced (平衡)") == NULL);
    /* occupied (14463.6568 × 7.6727 + 13813.3153 × 11.4873) / 28276.9722
     * = 9.536, supplied 9.6437: poorer land supplied (占优补优) */
    line_of(out, "    mean grade ", line, sizeof line);
    CU_ASSERT(strstr(line, " 9.54 ") && strstr(line, " 9.64 "));
    CU_ASSERT(strstr(line, "占优补优") != NULL);
    CU_ASSERT(strstr(out, "\nDiagnostics: 0 error(s), 6 warning(s)\n") != NULL);
    check_summary(out, lb_result_diagnostics(res));
    free(out);
}

/* ---- -o FILE --------------------------------------------------------- */

/* The names in @p dir other than "." and "..", joined by '/'. */
static void dir_names(const char *dir, char *out, size_t size)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    out[0] = '\0';
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            snprintf(out + strlen(out), size - strlen(out), "/%s", e->d_name);
    closedir(d);
}

static char *report_to(const char *path, const char *format)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, REPORT " --format %s -o '%s'", format, path);
    return run_ok(cmd);
}

/* -o writes the whole report and leaves nothing beside it. */
static void test_output_atomic(void)
{
    const char *dir = lb_cu_tmpdir(), *path = lb_cu_path(dir, "out.json");
    char *printed = run_ok(REPORT " --format json"), *out, *file, names[512];
    out = report_to(path, "json");
    LB_ASSERT_STR(out, "");
    file = read_text(path);
    LB_ASSERT_STR(file, printed);
    dir_names(dir, names, sizeof names);
    LB_ASSERT_STR(names, "/out.json");
    free(file);
    file = write_result(example_result(), LB_FORMAT_JSON);
    LB_ASSERT_STR(file, printed);
    free(file);
    free(out);
    free(printed);
}

/* An existing file is replaced whole. */
static void test_output_replaces(void)
{
    const char *dir = lb_cu_tmpdir(), *path = lb_cu_path(dir, "out.csv");
    char *printed = run_ok(REPORT " --format csv"), *out, *file, names[512];
    CU_ASSERT_EQUAL_FATAL(
        lb_cu_write_file(path, "an old report, longer than the new one "
                               "would be if it were not replaced whole\n"),
        0);
    out = report_to(path, "csv");
    file = read_text(path);
    LB_ASSERT_STR(file, printed);
    CU_ASSERT_EQUAL(
        lb_result_write(ctx, example_result(), LB_FORMAT_TEXT, path), LB_OK);
    free(file);
    file = read_text(path);
    CU_ASSERT(strncmp(file, "landbal ", 8) == 0);
    dir_names(dir, names, sizeof names);
    LB_ASSERT_STR(names, "/out.csv");
    free(file);
    free(out);
    free(printed);
}

/* The report gets the permissions any new file gets (0666 less the
 * umask), as `> FILE` would give, not the 0600 of a temporary file. */
static void test_output_mode(void)
{
    const char *path = lb_cu_path(lb_cu_tmpdir(), "out.json");
    mode_t mask = umask(022);
    struct stat st;
    umask(mask);
    CU_ASSERT_EQUAL_FATAL(
        lb_result_write(ctx, example_result(), LB_FORMAT_JSON, path), LB_OK);
    CU_ASSERT_EQUAL_FATAL(stat(path, &st), 0);
    if ((st.st_mode & 0777) != (0666 & ~mask))
        fprintf(stderr, "\n%s: mode %o, expected %o\n", path,
                (unsigned)(st.st_mode & 0777), (unsigned)(0666 & ~mask));
    CU_ASSERT_EQUAL(st.st_mode & 0777, 0666 & ~mask);
}

/* The first bytes readable through @p fd, from its start. */
static void read_fd(int fd, char *out, size_t size)
{
    ssize_t n = pread(fd, out, size - 1, 0);
    out[n > 0 ? n : 0] = '\0';
}

/* Write the example's JSON to @p path over an old report in @p file
 * (the same, or the target of a link): a reader that opened the old file
 * before still reads it whole, and @p file then holds @p printed. */
static void replaced_whole(const char *path, const char *file,
                           const char *printed)
{
    char old[64], *now;
    int fd;
    CU_ASSERT_EQUAL_FATAL(lb_cu_write_file(file, "an old report\n"), 0);
    fd = open(file, O_RDONLY);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(
        lb_result_write(ctx, example_result(), LB_FORMAT_JSON, path), LB_OK);
    read_fd(fd, old, sizeof old);
    LB_ASSERT_STR(old, "an old report\n");
    close(fd);
    now = read_text(file);
    LB_ASSERT_STR(now, printed);
    free(now);
}

/* A report is replaced by a rename, never rewritten in place: a reader
 * holding the old file still reads the old report whole. So is a report
 * reached through a symbolic link, whose target is replaced while the
 * link stays. A FIFO (as /dev/null, which renaming over would replace,
 * as root) is written in place, and its reader gets the report. */
static void test_output_in_place(void)
{
    const char *dir = lb_cu_tmpdir();
    const char *plain = lb_cu_path(dir, "plain.json");
    const char *target = lb_cu_path(dir, "target.json");
    const char *link = lb_cu_path(dir, "link.json");
    const char *fifo = lb_cu_path(dir, "pipe");
    const char *got = lb_cu_path(dir, "got.json");
    char *printed = run_ok(REPORT " --format json"), *file, names[512],
         cmd[2400], *out;
    struct stat st;
    replaced_whole(plain, plain, printed);
    CU_ASSERT_EQUAL_FATAL(symlink("target.json", link), 0);
    replaced_whole(link, target, printed);
    CU_ASSERT_EQUAL(lstat(link, &st), 0);
    CU_ASSERT(S_ISLNK(st.st_mode));
    CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
    snprintf(cmd, sizeof cmd,
             "timeout 60 cat '%s' > '%s' & timeout 60 " REPORT
             " --format json -o '%s'; wait",
             fifo, got, fifo);
    out = run_ok(cmd);
    CU_ASSERT_EQUAL(lstat(fifo, &st), 0);
    CU_ASSERT(S_ISFIFO(st.st_mode));
    file = read_text(got);
    LB_ASSERT_STR(file, printed);
    dir_names(dir, names, sizeof names);
    CU_ASSERT(strstr(names, ".tmp") == NULL);
    free(file);
    free(out);
    free(printed);
}

/* A folder that does not exist: LB_ERR_IO naming the path; exit 1. */
static void test_output_missing_dir(void)
{
    const char *dir = lb_cu_tmpdir();
    char path[600], cmd[1400], names[512], *out;
    int status;
    snprintf(path, sizeof path, "%s/no-such-folder/out.json", dir);
    CU_ASSERT_EQUAL(
        lb_result_write(ctx, example_result(), LB_FORMAT_JSON, path),
        LB_ERR_IO);
    CU_ASSERT_EQUAL(lb_errcode(ctx), LB_ERR_IO);
    CU_ASSERT(strstr(lb_errmsg(ctx), path) != NULL);
    snprintf(cmd, sizeof cmd, REPORT " --format json -o '%s' 2>&1", path);
    out = run(cmd, &status);
    CU_ASSERT_EQUAL(status, 1);
    CU_ASSERT(strstr(out, path) != NULL);
    dir_names(dir, names, sizeof names);
    LB_ASSERT_STR(names, "");
    free(out);
}

/* A result returned with LB_ERR_INPUT holds diagnostics only; it can be
 * written in every format and says that no balance was computed: the
 * text says so, the CSV is its header alone, and the JSON has empty
 * accounts, a null total and the diagnostics; the program writes the
 * same, in the format asked for, and exits 1. */
static void test_write_input_errors(void)
{
    const char *path = lb_cu_path(lb_cu_tmpdir(), "e.gpkg");
    cu_gpkg *g = cu_gpkg_create(path);
    lb_input *in = NULL;
    lb_result *res = NULL;
    json_object *top;
    char *out;
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    cu_gpkg_parcel(g, cu_wkt_rect(0, 0, 100, 100), "0101", 5, 0.0, NAN, NAN);
    cu_gpkg_occupation(g, cu_wkt_rect(0, 0, 50, 100), "O-9");
    cu_gpkg_project(g, "O-1", "road", "occupation", "东华镇", NULL);
    CU_ASSERT_EQUAL_FATAL(cu_gpkg_close(g), 0);
    CU_ASSERT_EQUAL_FATAL(lb_input_create(ctx, &in), LB_OK);
    lb_input_set_dataset(in, path);
    lb_input_set_yield_table(in, EXAMPLE_YIELD);
    CU_ASSERT_EQUAL(lb_balance(ctx, in, &res), LB_ERR_INPUT);
    lb_input_destroy(in);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res);
    out = write_result(res, LB_FORMAT_TEXT);
    CU_ASSERT(strstr(out, "No balance was computed") != NULL);
    CU_ASSERT(strstr(out, "UNKNOWN_PROJECT") != NULL);
    CU_ASSERT(strstr(out, "BALANCED") == NULL);
    free(out);
    out = write_result(res, LB_FORMAT_CSV);
    CU_ASSERT_EQUAL(strchr(out, '\n') - out + 1, (long)strlen(out));
    CU_ASSERT(strncmp(out, "level,name,kind", 15) == 0);
    free(out);
    out = write_result(res, LB_FORMAT_JSON);
    CU_ASSERT_PTR_NOT_NULL_FATAL(top = json_tokener_parse(out));
    CU_ASSERT(has_keys(top, error_top_keys, "top level"));
    CU_ASSERT_EQUAL(each(top, "projects", schema_project), 0);
    /* O-9 is not in the table; O-1 has no footprint */
    CU_ASSERT_EQUAL(each(top, "diagnostics", schema_diag), 2);
    CU_ASSERT(strstr(out, "PROJECT_WITHOUT_FEATURES") != NULL);
    json_object_put(top);
    free(out);
    lb_result_destroy(res);
    /* the program: JSON on stdout, the message on stderr, status 1 */
    {
        char cmd[900];
        int status = -1;
        snprintf(cmd, sizeof cmd,
                 LB_PROGRAM " report %s --yield %s --format json 2>/dev/null",
                 path, EXAMPLE_YIELD);
        out = run(cmd, &status);
        CU_ASSERT_EQUAL(status, 1);
        CU_ASSERT_PTR_NOT_NULL_FATAL(top = json_tokener_parse(out));
        CU_ASSERT(has_keys(top, error_top_keys, "program's top level"));
        json_object_put(top);
        free(out);
        /* CSV: the header on stdout, the errors named on stderr */
        snprintf(cmd, sizeof cmd,
                 LB_PROGRAM " report %s --yield %s --format csv 2>&1", path,
                 EXAMPLE_YIELD);
        out = run(cmd, &status);
        CU_ASSERT_EQUAL(status, 1);
        CU_ASSERT(strstr(out, "level,name,kind") != NULL);
        CU_ASSERT(strstr(out, "UNKNOWN_PROJECT: feature 1 of zyfw") != NULL);
        free(out);
    }
}

/* ---- the yield table ------------------------------------------------- */

/* lb_balance() with a yield table holding @p text: LB_ERR_CONFIG, no
 * result, and a message naming the file and holding @p says. */
static void bad_table(const char *text, const char *says)
{
    const char *path = lb_cu_path(lb_cu_tmpdir(), "yield.csv");
    lb_status st;
    if (text)
        CU_ASSERT_EQUAL_FATAL(lb_cu_write_file(path, text), 0);
    CU_ASSERT_PTR_NULL(balance_st(EXAMPLE_GPKG, path, &st));
    CU_ASSERT_EQUAL(st, LB_ERR_CONFIG);
    CU_ASSERT_EQUAL(lb_errcode(ctx), LB_ERR_CONFIG);
    if (!strstr(lb_errmsg(ctx), path) || !strstr(lb_errmsg(ctx), says))
        fprintf(stderr, "\nmessage \"%s\" should name %s and say \"%s\"\n",
                lb_errmsg(ctx), path, says);
    CU_ASSERT(strstr(lb_errmsg(ctx), path) != NULL);
    CU_ASSERT(strstr(lb_errmsg(ctx), says) != NULL);
}

/* grade,kg_per_mu rows 1..15 with row @p bad (1-based among the rows)
 * replaced by @p line; NULL drops it. */
static const char *table_with(int bad, const char *line)
{
    static char text[1024];
    size_t n = (size_t)snprintf(text, sizeof text, "grade,kg_per_mu\n");
    int g;
    for (g = 1; g <= 15; g++) {
        if (g == bad && line)
            n += (size_t)snprintf(text + n, sizeof text - n, "%s\n", line);
        else if (g != bad)
            n += (size_t)snprintf(text + n, sizeof text - n, "%d,%d\n", g,
                                  1500 - 90 * g);
    }
    return text;
}

static void test_yield_missing(void)
{
    lb_status st;
    bad_table(NULL, "cannot open");
    CU_ASSERT_PTR_NULL(balance_st(EXAMPLE_GPKG, NULL, &st));
    CU_ASSERT_EQUAL(st, LB_ERR_CONFIG);
    CU_ASSERT(strstr(lb_errmsg(ctx), "yield") != NULL);
}

static void test_yield_malformed(void)
{
    bad_table(table_with(4, "4,abc"), "line 5");
    bad_table(table_with(7, "7"), "line 8");
    bad_table(table_with(2, "16,100"), "line 3");
    bad_table(table_with(3, "3.5,100"), "line 4");
    bad_table(table_with(6, "6,-5"), "line 7");
    bad_table(table_with(9, "8,700"), "line 10");
    bad_table(table_with(15, NULL), "grade 15");
    bad_table("grade;kg_per_mu\n1;1\n", "'grade,kg_per_mu'");
    bad_table("", "empty");
}

/* landbal report --yield BAD: exit 1, the file and line on stderr. */
static void test_yield_program(void)
{
    const char *path = lb_cu_path(lb_cu_tmpdir(), "yield.csv");
    char cmd[1400], *out;
    int status;
    CU_ASSERT_EQUAL_FATAL(lb_cu_write_file(path, table_with(4, "4,abc")), 0);
    snprintf(cmd, sizeof cmd,
             LB_PROGRAM " report " EXAMPLE_GPKG " --yield '%s' --quiet 2>&1",
             path);
    out = run(cmd, &status);
    CU_ASSERT_EQUAL(status, 1);
    CU_ASSERT(strstr(out, path) != NULL);
    CU_ASSERT(strstr(out, "line 5") != NULL);
    free(out);
    snprintf(cmd, sizeof cmd,
             LB_PROGRAM " report " EXAMPLE_GPKG " --yield '%s/none.csv' "
                        "--quiet 2>&1",
             lb_cu_tmpdir());
    out = run(cmd, &status);
    CU_ASSERT_EQUAL(status, 1);
    CU_ASSERT(strstr(out, "none.csv") != NULL);
    free(out);
}

/* ---- examples/minimal.c ---------------------------------------------- */

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* build/minimal prints one line per linked group. */
static void test_minimal_example(void)
{
    char *out = run_ok(LB_BUILD_DIR "/minimal " EXAMPLE_GPKG " " EXAMPLE_YIELD);
    char line[512];
    line_of(out, "BC-1,ZY-1,ZY-2 ", line, sizeof line);
    /* expected.json: surplus -8629.8008 m², 7399.3166 m², -6804.6547 kg */
    CU_ASSERT(strstr(line, " short: surplus -0.8630 ha, paddy 0.7399 ha, "
                           "-6805 kg") != NULL);
    line_of(out, "ZY-3 ", line, sizeof line);
    CU_ASSERT(strstr(line, " short: surplus -0.2157 ha, paddy 0.0000 ha, "
                           "-1424 kg") != NULL);
    CU_ASSERT_EQUAL(count_lines(out), lb_result_group_count(example_result()));
    free(out);
}

/* ---- determinism ----------------------------------------------------- */

/* The same bytes from two runs of the program and of the library. */
static void test_repeat_identical(void)
{
    char *a = run_ok(REPORT " --format json"),
         *b = run_ok(REPORT " --format json");
    char *c = run_ok(REPORT), *d = run_ok(REPORT);
    lb_result *again = balance(EXAMPLE_GPKG, EXAMPLE_YIELD);
    char *e = write_result(example_result(), LB_FORMAT_JSON);
    char *f = write_result(again, LB_FORMAT_JSON);
    CU_ASSERT(strlen(a) > 1000);
    CU_ASSERT(strcmp(a, b) == 0);
    CU_ASSERT(strcmp(c, d) == 0);
    CU_ASSERT(strcmp(e, f) == 0);
    CU_ASSERT(strcmp(a, e) == 0);
    free(a), free(b), free(c), free(d), free(e), free(f);
    lb_result_destroy(again);
}

/* The number of threads does not change a byte of the JSON. */
static void test_threads_identical(void)
{
    char *one = run_ok(REPORT " --format json --threads 1");
    char *two = run_ok(REPORT " --format json --threads 2");
    char *many = run_ok(REPORT " --format json --threads 7");
    CU_ASSERT(strlen(one) > 1000);
    CU_ASSERT(strcmp(one, two) == 0);
    CU_ASSERT(strcmp(one, many) == 0);
    free(one), free(two), free(many);
}

/* Diagnostics name the layer as the source has it, not the default. */
static void test_real_layer_names(void)
{
    const char *dir = lb_cu_tmpdir();
    const char *copy = lb_cu_path(dir, "renamed.gpkg");
    char cmd[1024], *out = NULL;
    json_object *top, *diags;
    size_t i, found = 0;
    snprintf(cmd, sizeof cmd,
             "cp %s %s && ogrinfo -q %s -sql 'ALTER TABLE zyfw RENAME TO "
             "占用范围' >/dev/null",
             EXAMPLE_GPKG, copy, copy);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, NULL), 0);
    snprintf(cmd, sizeof cmd,
             LB_PROGRAM " report %s --occupation %s:占用范围 --yield %s "
                        "--format json --quiet",
             copy, copy, EXAMPLE_YIELD);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, &out), 0);
    top = json_tokener_parse(out);
    free(out);
    CU_ASSERT_FATAL(json_object_object_get_ex(top, "diagnostics", &diags));
    for (i = 0; i < json_object_array_length(diags); i++) {
        json_object *d = json_object_array_get_idx(diags, i), *code, *layer;
        json_object_object_get_ex(d, "code", &code);
        json_object_object_get_ex(d, "layer", &layer);
        if (strcmp(json_object_get_string(code), "OCCUPATION_OVERLAP") == 0) {
            LB_ASSERT_STR(json_object_get_string(layer), "占用范围");
            found++;
        }
    }
    CU_ASSERT_EQUAL(found, 1);
    json_object_put(top);
}

/* The two files hold the same text. */
static void same_text(const char *path_a, const char *path_b)
{
    char *a = cu_slurp(path_a, NULL), *b = cu_slurp(path_b, NULL);
    CU_ASSERT_PTR_NOT_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(b);
    if (a && b)
        CU_ASSERT_STRING_EQUAL(a, b);
    free(a);
    free(b);
}

/* The program prints the library's warnings to stderr, unless --quiet:
 * here a GeoPackage whose R-tree lost a third of its entries, which
 * report then does not use, with the same report as from the intact
 * file. */
static void test_cli_warnings(void)
{
    const char *dir = lb_cu_tmpdir();
    const char *copy = lb_cu_path(dir, "broken.gpkg");
    char cmd[2048], *err = NULL;
    snprintf(cmd, sizeof cmd,
             "cp data/chuxiong.gpkg %s && ogrinfo -q %s -sql 'DELETE FROM "
             "rtree_dltb_geom WHERE id %% 3 = 0' >/dev/null",
             copy, copy);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, NULL), 0);
    snprintf(cmd, sizeof cmd,
             LB_PROGRAM " report %s --yield data/grade_yield.csv --format "
                        "json -o %s/broken.json 2>&1 && " LB_PROGRAM
                        " report --yield data/grade_yield.csv --format json "
                        "-o %s/good.json",
             copy, dir, dir);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, &err), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(err);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "landbal: warning: the spatial index "
                                       "of dltb"));
    free(err);
    same_text(lb_cu_path(dir, "broken.json"), lb_cu_path(dir, "good.json"));
    snprintf(cmd, sizeof cmd,
             LB_PROGRAM " report %s --yield data/grade_yield.csv --quiet "
                        "-o %s/broken.txt 2>&1",
             copy, dir);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, &err), 0);
    LB_ASSERT_STR(err ? err : "(null)", "");
    free(err);
}

/* Feature ids are whatever the source says, negative ones too (SQLite
 * keys may be): the JSON gives them as they are; null means no feature
 * (GDAL's OGRNullFID, -1). The worked example's supplement parcels,
 * renumbered from -99 in the same order, keep their diagnostics. */
static void test_json_negative_fids(void)
{
    const char *copy = lb_cu_path(lb_cu_tmpdir(), "negative.gpkg");
    static const long long want[] = {-1, -99, -98, -94, -93, -93};
    char cmd[1024], *out = NULL;
    json_object *top, *diags, *fid;
    size_t i;
    snprintf(cmd, sizeof cmd,
             "cp %s %s && ogrinfo -q %s -sql 'UPDATE bcgd SET fid = fid - 100' "
             ">/dev/null",
             EXAMPLE_GPKG, copy, copy);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, NULL), 0);
    snprintf(cmd, sizeof cmd,
             LB_PROGRAM " report %s --yield %s --format json --quiet", copy,
             EXAMPLE_YIELD);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, &out), 0);
    top = json_tokener_parse(out);
    free(out);
    CU_ASSERT_FATAL(json_object_object_get_ex(top, "diagnostics", &diags));
    CU_ASSERT_EQUAL_FATAL(json_object_array_length(diags), 6);
    for (i = 0; i < 6; i++) {
        fid = NULL;
        CU_ASSERT_FATAL(json_object_object_get_ex(
            json_object_array_get_idx(diags, i), "fid", &fid));
        if (want[i] == -1) {
            CU_ASSERT_PTR_NULL(fid);
        } else {
            CU_ASSERT_EQUAL(json_object_get_int64(fid), want[i]);
        }
    }
    json_object_put(top);
}

/* A balance over one GeoJSON file per role in @p dir (the baseline
 * from @p base_dir). */
static lb_result *balance_roles_yield(const char *base_dir, const char *dir,
                                      const char *yield)
{
    lb_input *in = NULL;
    lb_result *res = NULL;
    static const char *const names[] = {"dltb", "zyfw", "bcgd", "xmxx"};
    int r;
    CU_ASSERT_EQUAL_FATAL(lb_input_create(ctx, &in), LB_OK);
    for (r = 0; r < LB_ROLE_COUNT_; r++) {
        char src[600];
        snprintf(src, sizeof src, "%s/%s.geojson", r ? dir : base_dir,
                 names[r]);
        lb_input_set_source(in, (lb_role)r, src);
    }
    lb_input_set_yield_table(in, yield);
    if (lb_balance(ctx, in, &res) != LB_OK)
        fprintf(stderr, "\nlb_balance(%s): %s\n", dir, lb_errmsg(ctx));
    lb_input_destroy(in);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res);
    return res;
}

static lb_result *balance_sources(const char *dir)
{
    return balance_roles_yield(dir, dir, EXAMPLE_YIELD);
}

static lb_result *balance_geographic(const char *geo, const char *plain)
{
    return balance_roles_yield(geo, plain, EXAMPLE_YIELD);
}

/* The same data through the three ways report reads a baseline: a
 * GeoPackage's spatial index, GeoJSON without one (every feature read, an
 * envelope test), and a geographic GeoJSON (projected, then tested). */
static void compare_totals(const lb_result *a, const lb_result *b, double tol,
                           size_t extra_diags)
{
    int side, ind;
    size_t i;
    CU_ASSERT_EQUAL_FATAL(lb_result_project_count(a),
                          lb_result_project_count(b));
    for (i = 0; i < lb_result_project_count(a); i++)
        for (ind = 0; ind < 3; ind++)
            LB_ASSERT_NEAR(lb_project_indicator(lb_result_project(b, i),
                                                (lb_indicator)ind),
                           lb_project_indicator(lb_result_project(a, i),
                                                (lb_indicator)ind),
                           tol);
    for (side = 0; side < 3; side++)
        for (ind = 0; ind < 3; ind++)
            LB_ASSERT_NEAR(lb_group_indicator(lb_result_total(b), (lb_side)side,
                                              (lb_indicator)ind),
                           lb_group_indicator(lb_result_total(a), (lb_side)side,
                                              (lb_indicator)ind),
                           tol);
    CU_ASSERT_EQUAL(lb_diagnostics_count(lb_result_diagnostics(b)),
                    lb_diagnostics_count(lb_result_diagnostics(a)) +
                        extra_diags);
}

static void test_baseline_without_index(void)
{
    const char *dir = lb_cu_tmpdir();
    const char *plain = lb_cu_path(dir, "plain");
    const char *geo = lb_cu_path(dir, "geo");
    char cmd[2048];
    lb_result *ref = balance(EXAMPLE_GPKG, EXAMPLE_YIELD), *res;
    snprintf(cmd, sizeof cmd,
             "mkdir -p %s %s && for l in dltb zyfw bcgd xmxx; do "
             "ogr2ogr -f GeoJSON %s/$l.geojson %s $l && "
             "ogr2ogr -f GeoJSON -t_srs EPSG:4490 -lco COORDINATE_PRECISION=12 "
             "%s/$l.geojson %s $l || exit 1; done",
             plain, geo, plain, EXAMPLE_GPKG, geo, EXAMPLE_GPKG);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, NULL), 0);
    res = balance_sources(plain);
    compare_totals(ref, res, 1e-6, 0);
    lb_result_destroy(res);
    /* A geographic baseline fixes the run's CRS as EPSG:4543 again; the
     * other layers come from the projected copy. */
    res = balance_geographic(geo, plain);
    compare_totals(ref, res, 0.01, 1); /* and CRS_REPROJECTED */
    CU_ASSERT_EQUAL(lb_diagnostics_count_by(lb_result_diagnostics(res),
                                            LB_DIAG_CRS_REPROJECTED, 0),
                    1);
    lb_result_destroy(res);
    lb_result_destroy(ref);
}

/* The bundled data set (hundreds of parcels near projects, several
 * boxes' worth) through its spatial index and read whole as GeoJSON: the
 * same figures and the same diagnostics. */
static void test_bundled_index_vs_whole(void)
{
    const char *dir = lb_cu_tmpdir();
    char cmd[1024];
    lb_result *ref, *res;
    snprintf(cmd, sizeof cmd,
             "for l in dltb zyfw bcgd xmxx; do ogr2ogr -f GeoJSON "
             "%s/$l.geojson data/chuxiong.gpkg $l || exit 1; done",
             dir);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, NULL), 0);
    ref = balance("data/chuxiong.gpkg", "data/grade_yield.csv");
    res = balance_roles_yield(dir, dir, "data/grade_yield.csv");
    compare_totals(ref, res, 1e-6, 0);
    lb_result_destroy(res);
    lb_result_destroy(ref);
}

/* The files of @p folder into the zip @p zip with GDAL's zip writer
 * (which dates every member 1980), then redated: the member @p old 1
 * January 1990, the others 1 January 2020 (the DOS dates of the central
 * directory and of the local headers). 0 on success. */
static int zip_folder(const char *folder, const char *zip, const char *old)
{
    char **names = VSIReadDir(folder), *data;
    void *z = CPLCreateZip(zip, NULL);
    size_t size, i, n = 0;
    int bad = !names || !z;
    for (i = 0; !bad && names[i]; i++) {
        if (names[i][0] == '.')
            continue;
        data = cu_slurp(lb_cu_path(folder, names[i]), &size);
        bad = !data || CPLCreateFileInZip(z, names[i], NULL) != CE_None ||
              CPLWriteFileInZip(z, data, (int)size) != CE_None ||
              CPLCloseFileInZip(z) != CE_None;
        free(data);
    }
    bad |= z && CPLCloseZip(z) != CE_None;
    CSLDestroy(names);
    data = bad ? NULL : cu_slurp(zip, &size);
    for (i = 0; data && i + 46 < size; i++) {
        /* "PK\1\2": date at 14, name length at 28, name at 46; "PK\3\4":
         * date at 12, name length at 26, name at 30 */
        int central = memcmp(data + i, "PK\1\2", 4) == 0;
        int local = memcmp(data + i, "PK\3\4", 4) == 0;
        size_t at = central ? 46 : 30, nl = central ? 28 : 26, len;
        if (!central && !local)
            continue;
        len = (unsigned char)data[i + nl] |
              (size_t)(unsigned char)data[i + nl + 1] << 8;
        /* DOS dates: (year - 1980) << 9 | month << 5 | day */
        if (i + at + len <= size && len == strlen(old) &&
            memcmp(data + i + at, old, len) == 0) {
            data[i + (central ? 14 : 12)] = 0x21; /* 1990-01-01 */
            data[i + (central ? 15 : 13)] = 0x14;
            n++;
        } else {
            data[i + (central ? 14 : 12)] = 0x21; /* 2020-01-01 */
            data[i + (central ? 15 : 13)] = 0x50;
        }
    }
    bad |= !data || n != 2;
    if (!bad) {
        FILE *f = fopen(zip, "wb");
        bad = !f || fwrite(data, 1, size, f) != size;
        bad |= f && fclose(f) != 0;
    }
    free(data);
    return bad ? -1 : 0;
}

/* @p dataset, whose baseline's .qix is older than its .shp, gives the
 * figures of @p ref and one warning that the index is not used. */
static void read_without_stale_index(const lb_result *ref, const char *dataset)
{
    lb_result *res;
    lb_cu_log_reset();
    res = balance(dataset, "data/grade_yield.csv");
    compare_totals(ref, res, 1e-6, 0);
    CU_ASSERT_EQUAL(lb_cu_log_warnings(), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(lb_cu_last_log(), "dltb.qix is older than"));
    lb_result_destroy(res);
}

/* The bundled data as shapefiles, the baseline with a .qix: the same
 * figures as from the GeoPackage. Then the .shp is rewritten in the
 * opposite order by a program that leaves the index alone (an hour
 * older): used, it would bring in the wrong shapes; it is not used, a
 * warning says why, and the figures stay. */
static void test_stale_shapefile_index(void)
{
    const char *dir = lb_cu_tmpdir();
    char cmd[2048], zip[1024];
    lb_result *ref, *res;
    snprintf(cmd, sizeof cmd,
             "mkdir -p %s/shp %s/rev && for l in dltb zyfw bcgd xmxx; do "
             "ogr2ogr -f 'ESRI Shapefile' -lco ENCODING=UTF-8 -lco "
             "SPATIAL_INDEX=YES %s/shp/$l.shp data/chuxiong.gpkg $l || exit "
             "1; done",
             dir, dir, dir);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, NULL), 0);
    ref = balance("data/chuxiong.gpkg", "data/grade_yield.csv");
    lb_cu_log_reset();
    snprintf(cmd, sizeof cmd, "%s/shp", dir);
    res = balance(cmd, "data/grade_yield.csv");
    compare_totals(ref, res, 1e-6, 0);
    CU_ASSERT_EQUAL(lb_cu_log_warnings(), 0);
    lb_result_destroy(res);
    snprintf(cmd, sizeof cmd,
             "ogr2ogr -f 'ESRI Shapefile' -lco ENCODING=UTF-8 -dialect sqlite "
             "-sql 'SELECT * FROM dltb ORDER BY fid DESC' -nln dltb "
             "%s/rev/dltb.shp data/chuxiong.gpkg && cp %s/rev/dltb.shp "
             "%s/rev/dltb.shx %s/rev/dltb.dbf %s/shp/ && touch -d '-1 hour' "
             "%s/shp/dltb.qix",
             dir, dir, dir, dir, dir, dir);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, NULL), 0);
    snprintf(cmd, sizeof cmd, "%s/shp", dir);
    read_without_stale_index(ref, cmd);
    /* The same files zipped, read through /vsizip/: the members keep
     * their dates, the index's set to 1990. */
    snprintf(cmd, sizeof cmd, "%s/shp", dir);
    snprintf(zip, sizeof zip, "%s", lb_cu_path(dir, "county.zip"));
    CU_ASSERT_EQUAL_FATAL(zip_folder(cmd, zip, "dltb.qix"), 0);
    snprintf(cmd, sizeof cmd, "/vsizip/%s", zip);
    read_without_stale_index(ref, cmd);
    lb_result_destroy(ref);
}

/* A corrupt .sbn (ArcGIS's index, which GDAL reads when there is no
 * .qix): GDAL says so when the index is looked at, and that goes to the
 * library's log, not raw to stderr; the report is the one without it. */
static void test_corrupt_sbn(void)
{
    const char *dir = lb_cu_tmpdir();
    char cmd[2048], *err = NULL;
    snprintf(cmd, sizeof cmd,
             "for l in dltb zyfw bcgd xmxx; do ogr2ogr -f 'ESRI Shapefile' "
             "-lco ENCODING=UTF-8 %s/$l.shp data/chuxiong.gpkg $l || exit 1; "
             "done && head -c 3000 %s > %s/dltb.sbn && cp %s/dltb.sbn "
             "%s/dltb.sbx",
             dir, "data/grade_yield.csv", dir, dir, dir);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, NULL), 0);
    snprintf(cmd, sizeof cmd,
             LB_PROGRAM
             " report %s --yield data/grade_yield.csv --format json "
             "-o %s/sbn.json 2>&1 && rm %s/dltb.sbn %s/dltb.sbx && " LB_PROGRAM
             " report %s --yield data/grade_yield.csv "
             "--format json -o %s/plain.json",
             dir, dir, dir, dir, dir, dir);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, &err), 0);
    CU_ASSERT_PTR_NULL(strstr(err ? err : "", "ERROR"));
    free(err);
    same_text(lb_cu_path(dir, "sbn.json"), lb_cu_path(dir, "plain.json"));
}

void report_suite_setup(void)
{
    CU_pSuite s = lb_cu_add_suite("report", suite_init, suite_clean);
    LB_ADD_TEST(s, test_json_schema);
    LB_ADD_TEST(s, test_json_unrounded);
    LB_ADD_TEST(s, test_csv_rows);
    LB_ADD_TEST(s, test_csv_quoting);
    LB_ADD_TEST(s, test_text_report);
    LB_ADD_TEST(s, test_output_atomic);
    LB_ADD_TEST(s, test_output_in_place);
    LB_ADD_TEST(s, test_output_replaces);
    LB_ADD_TEST(s, test_output_mode);
    LB_ADD_TEST(s, test_output_missing_dir);
    LB_ADD_TEST(s, test_write_input_errors);
    LB_ADD_TEST(s, test_yield_missing);
    LB_ADD_TEST(s, test_yield_malformed);
    LB_ADD_TEST(s, test_yield_program);
    LB_ADD_TEST(s, test_minimal_example);
    LB_ADD_TEST(s, test_real_layer_names);
    LB_ADD_TEST(s, test_json_negative_fids);
    LB_ADD_TEST(s, test_cli_warnings);
    LB_ADD_TEST(s, test_stale_shapefile_index);
    LB_ADD_TEST(s, test_corrupt_sbn);
    LB_ADD_TEST(s, test_baseline_without_index);
    LB_ADD_TEST(s, test_bundled_index_vs_whole);
    LB_ADD_TEST(s, test_repeat_identical);
    LB_ADD_TEST(s, test_threads_identical);
}
