/*
 * cu_balance.c: what lb_balance() measures and how it balances
 * (rules.md §3), on the worked example of tests/data/example/ and on
 * hand-built fixtures.
 *
 * The expected values of the fixtures are independent of the code under
 * test: each rectangle's area comes from PROJ and geod_polygonarea
 * (cu_gpkg.c), and the indicators are computed here from rules.md §3
 * (net = TBDLMJ · area(piece) / area(parcel), or area(piece) · (1 − KCXS);
 * capacity = net × 0.0015 × kg_per_mu[grade]) with this suite's own yield
 * table. Tolerance 0.01 m² and 0.01 kg.
 */
#include "cu_tester.h"
#include "cu_gpkg.h"

#include <gdal.h>
#include <gdal_utils.h>
#include <json.h>
#include <stdlib.h>
#include <string.h>

#define TOL_M2 0.01
#define TOL_KG 0.01
#define EXAMPLE_DIR LB_TEST_DATA "/example"

static lb_context *ctx;
static char yield_path[600];
static char fx_path[600];
static lb_result *example; /* the worked example, computed once */

/* This suite's own table, kg per 亩 of grades 1..15 (index 0 unused). */
static const double kg_mu[16] = {0,   1450, 1340, 1230, 1120, 1010, 900, 800,
                                 700, 610,  520,  440,  360,  290,  220, 150};

/* rules.md §3: kg of grain on m2 of land of a grade (1 亩 = 1/0.0015 m²) */
static double kg(int grade, double m2)
{
    return m2 * 0.0015 * kg_mu[grade];
}

static int write_yield_table(const char *path)
{
    char text[512];
    size_t n = 0;
    int g;
    n += (size_t)snprintf(text, sizeof text, "grade,kg_per_mu\n");
    for (g = 1; g <= 15; g++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%d,%.0f\n", g,
                              kg_mu[g]);
    return lb_cu_write_file(path, text);
}

static int suite_init(void)
{
    ctx = lb_cu_context();
    snprintf(yield_path, sizeof yield_path, "%s",
             lb_cu_path(lb_cu_tmpdir(), "yield.csv"));
    if (!ctx || write_yield_table(yield_path) != 0 || cu_ref_init() != 0)
        return 1;
    return 0;
}

static int suite_clean(void)
{
    lb_result_destroy(example);
    example = NULL;
    cu_ref_done();
    lb_context_destroy(ctx);
    return 0;
}

/* ---- running --------------------------------------------------------- */

static void print_diags(const lb_result *res)
{
    const lb_diagnostics *d = lb_result_diagnostics(res);
    size_t i;
    for (i = 0; i < lb_diagnostics_count(d); i++)
        fprintf(stderr, "  diagnostic: %s %s\n",
                lb_diag_code_name(lb_diagnostic_code(lb_diagnostics_get(d, i))),
                lb_diagnostic_message(lb_diagnostics_get(d, i)));
}

/* The balance of a data set; NULL (and a failed assertion) on error. */
static lb_result *balance(const char *dataset, const char *yield)
{
    lb_input *in = NULL;
    lb_result *res = NULL;
    lb_status st;
    CU_ASSERT_EQUAL_FATAL(lb_input_create(ctx, &in), LB_OK);
    lb_input_set_dataset(in, dataset);
    lb_input_set_yield_table(in, yield);
    st = lb_balance(ctx, in, &res);
    lb_input_destroy(in);
    if (st != LB_OK) {
        fprintf(stderr, "\nlb_balance(%s): %s\n", dataset, lb_errmsg(ctx));
        if (res)
            print_diags(res);
        lb_result_destroy(res);
        res = NULL;
    }
    CU_ASSERT_EQUAL(st, LB_OK);
    return res;
}

static cu_gpkg *new_fixture(void)
{
    cu_gpkg *g;
    snprintf(fx_path, sizeof fx_path, "%s",
             lb_cu_path(lb_cu_tmpdir(), "fixture.gpkg"));
    g = cu_gpkg_create(fx_path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    return g;
}

static lb_result *run_fixture(cu_gpkg *g)
{
    lb_result *res;
    CU_ASSERT_EQUAL_FATAL(cu_gpkg_close(g), 0);
    res = balance(fx_path, yield_path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res);
    return res;
}

/* ---- fixtures -------------------------------------------------------- */

typedef struct ref_parcel {
    double area;   /* reference area, m² */
    double tbdlmj; /* registered land-class area, NaN when not given */
    double kcxs;
} ref_parcel;

/* A baseline rectangle registered as the survey registers it: TBMJ =
 * round2(area), TBDLMJ = TBMJ − round2(TBMJ · KCXS). */
static ref_parcel parcel(cu_gpkg *g, double x0, double y0, double x1, double y1,
                         const char *dlbm, int gddb, double kcxs)
{
    ref_parcel p;
    double tbmj;
    p.area = cu_ref_rect(x0, y0, x1, y1);
    p.kcxs = kcxs;
    tbmj = cu_round2(p.area);
    p.tbdlmj = tbmj - cu_round2(tbmj * kcxs);
    CU_ASSERT(cu_gpkg_parcel(g, cu_wkt_rect(x0, y0, x1, y1), dlbm, gddb, kcxs,
                             tbmj, p.tbdlmj) > 0);
    return p;
}

static void grass(cu_gpkg *g, double x0, double y0, double x1, double y1)
{
    parcel(g, x0, y0, x1, y1, "0404", 0, 0.0);
}

/* rules.md §3: the net cultivated area of a piece of @p a m² of @p p. */
static double net(const ref_parcel *p, double a)
{
    return isfinite(p->tbdlmj) ? p->tbdlmj * a / p->area : a * (1 - p->kcxs);
}

static void occupation(cu_gpkg *g, const char *code, const char *wkt)
{
    CU_ASSERT(cu_gpkg_occupation(g, wkt, code) > 0);
}

static void supplement(cu_gpkg *g, const char *code, const char *wkt,
                       const char *dlbm, int gddb, double kcxs,
                       const char *bclx)
{
    CU_ASSERT(cu_gpkg_supplement(g, wkt, code, dlbm, gddb, kcxs, bclx) > 0);
}

static void project(cu_gpkg *g, const char *code, const char *kind,
                    const char *town, const char *links)
{
    CU_ASSERT(cu_gpkg_project(g, code, code, kind, town, links) > 0);
}

/* ---- checking -------------------------------------------------------- */

static const lb_project *project_of(const lb_result *res, const char *code)
{
    const lb_project *p = lb_result_project_find(res, code);
    if (!p)
        fprintf(stderr, "\nno project %s in the result\n", code);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return p;
}

static void check_project(const lb_result *res, const char *code, double q,
                          double paddy, double cap)
{
    const lb_project *p = project_of(res, code);
    LB_ASSERT_NEAR(lb_project_indicator(p, LB_IND_QUANTITY), q, TOL_M2);
    LB_ASSERT_NEAR(lb_project_indicator(p, LB_IND_PADDY), paddy, TOL_M2);
    LB_ASSERT_NEAR(lb_project_indicator(p, LB_IND_CAPACITY), cap, TOL_KG);
}

static void check_side(const lb_group *g, lb_side side, double q, double paddy,
                       double cap)
{
    LB_ASSERT_NEAR(lb_group_indicator(g, side, LB_IND_QUANTITY), q, TOL_M2);
    LB_ASSERT_NEAR(lb_group_indicator(g, side, LB_IND_PADDY), paddy, TOL_M2);
    LB_ASSERT_NEAR(lb_group_indicator(g, side, LB_IND_CAPACITY), cap, TOL_KG);
}

/* occupied (o) and supplied (s) as {quantity, paddy, capacity}; the
 * surplus is s − o. */
static void check_account(const lb_group *g, const double o[3],
                          const double s[3])
{
    check_side(g, LB_OCCUPIED, o[0], o[1], o[2]);
    check_side(g, LB_SUPPLIED, s[0], s[1], s[2]);
    check_side(g, LB_SURPLUS, s[0] - o[0], s[1] - o[1], s[2] - o[2]);
}

static void check_codes(const lb_group *g, const char *const *codes, size_t n)
{
    size_t i;
    CU_ASSERT_EQUAL_FATAL(lb_group_project_count(g), n);
    for (i = 0; i < n; i++)
        LB_ASSERT_STR(lb_group_project_code(g, i), codes[i]);
}

/* The diagnostics with @p code (and feature id @p fid when >= 0). */
static size_t count_diags(const lb_result *res, lb_diag_code code,
                          long long fid)
{
    const lb_diagnostics *d = lb_result_diagnostics(res);
    size_t i, n = 0;
    for (i = 0; i < lb_diagnostics_count(d); i++) {
        const lb_diagnostic *g = lb_diagnostics_get(d, i);
        n += lb_diagnostic_code(g) == code &&
             (fid < 0 || lb_diagnostic_fid(g) == fid);
    }
    return n;
}

static const lb_diagnostic *find_diag(const lb_result *res, lb_diag_code code,
                                      long long fid)
{
    const lb_diagnostics *d = lb_result_diagnostics(res);
    size_t i;
    for (i = 0; i < lb_diagnostics_count(d); i++) {
        const lb_diagnostic *g = lb_diagnostics_get(d, i);
        if (lb_diagnostic_code(g) == code &&
            (fid < 0 || lb_diagnostic_fid(g) == fid))
            return g;
    }
    fprintf(stderr, "\nno %s diagnostic (fid %lld) among:\n",
            lb_diag_code_name(code), fid);
    print_diags(res);
    return NULL;
}

/* Exactly one diagnostic @p code on @p layer / @p fid / @p project with
 * the affected area @p area (NaN: not checked). */
static void check_diag(const lb_result *res, lb_diag_code code,
                       const char *layer, long long fid, const char *project,
                       double area)
{
    const lb_diagnostic *g = find_diag(res, code, fid);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_EQUAL(count_diags(res, code, fid), 1);
    LB_ASSERT_STR(lb_diagnostic_layer(g), layer);
    LB_ASSERT_STR(lb_diagnostic_project(g), project);
    CU_ASSERT_EQUAL(lb_diagnostic_severity(g), LB_SEV_WARNING);
    if (isfinite(area))
        LB_ASSERT_NEAR(lb_diagnostic_area(g), area, TOL_M2);
}

static void check_no_diags(const lb_result *res)
{
    size_t n = lb_diagnostics_count(lb_result_diagnostics(res));
    if (n)
        print_diags(res);
    CU_ASSERT_EQUAL(n, 0);
}

/* ---- the worked example (tests/data/example/) ------------------------ */

static json_object *load_expected(void)
{
    json_object *o = json_object_from_file(EXAMPLE_DIR "/expected.json");
    if (!o)
        fprintf(stderr, "\ncannot read %s/expected.json\n", EXAMPLE_DIR);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    return o;
}

static const lb_result *example_result(void)
{
    if (!example)
        example = balance(EXAMPLE_DIR "/example.gpkg",
                          EXAMPLE_DIR "/grade_yield.csv");
    CU_ASSERT_PTR_NOT_NULL_FATAL(example);
    return example;
}

static json_object *jget(json_object *o, const char *key)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(o, key, &v))
        return NULL;
    return v;
}

static double jnum(json_object *o, const char *key)
{
    json_object *v = jget(o, key);
    return v ? json_object_get_double(v) : NAN;
}

static const char *jstr(json_object *o, const char *key)
{
    json_object *v = jget(o, key);
    return v ? json_object_get_string(v) : NULL;
}

static void example_project(const lb_result *res, json_object *want)
{
    const char *code = jstr(want, "code");
    const lb_project *p = project_of(res, code);
    int supp = strcmp(jstr(want, "kind"), "supplement") == 0;
    check_project(res, code, jnum(want, "quantity_m2"), jnum(want, "paddy_m2"),
                  jnum(want, "capacity_kg"));
    LB_ASSERT_NEAR(lb_project_mean_grade(p), jnum(want, "mean_grade"), 1e-4);
    LB_ASSERT_STR(lb_project_town(p), jstr(want, "town"));
    CU_ASSERT_EQUAL(lb_project_kind_of(p),
                    supp ? LB_PROJECT_SUPPLEMENT : LB_PROJECT_OCCUPATION);
}

static void test_example_projects(void)
{
    const lb_result *res = example_result();
    json_object *exp = load_expected(), *arr = jget(exp, "projects");
    size_t i, n = json_object_array_length(arr);
    CU_ASSERT_EQUAL(lb_result_project_count(res), n);
    for (i = 0; i < n; i++)
        example_project(res, json_object_array_get_idx(arr, i));
    LB_ASSERT_STR(lb_result_crs(res), "EPSG:4543");
    LB_ASSERT_STR(lb_result_dataset(res), EXAMPLE_DIR "/example.gpkg");
    CU_ASSERT_EQUAL(lb_result_area_method(res), LB_AREA_SURVEY);
    json_object_put(exp);
}

/* The worked example copied by GDAL into another format (ogr2ogr's
 * library form), @p opts NULL-terminated; 0 on success. */
static int translate_example(const char *to, char **opts)
{
    GDALDatasetH src = GDALOpenEx(EXAMPLE_DIR "/example.gpkg", GDAL_OF_VECTOR,
                                  NULL, NULL, NULL);
    GDALVectorTranslateOptions *o = GDALVectorTranslateOptionsNew(opts, NULL);
    GDALDatasetH out = NULL;
    int err = 0;
    if (src && o)
        out = GDALVectorTranslate(to, NULL, 1, &src, o, &err);
    if (out)
        GDALClose(out);
    if (o)
        GDALVectorTranslateOptionsFree(o);
    if (src)
        GDALClose(src);
    if (!out || err)
        fprintf(stderr, "\ncannot write %s: %s\n", to, CPLGetLastErrorMsg());
    return out && !err ? 0 : 1;
}

/* The example as an ArcGIS file geodatabase (how 三调 data is often
 * handed over; read through its spatial index) and as a folder of
 * shapefiles with .qix indexes: the same figures as expected.json. */
static void test_example_other_formats(void)
{
    static char *gdb[] = {"-f", "OpenFileGDB", "-mapFieldType",
                          "Integer64=Integer", NULL};
    static char *shp[] = {"-f",   "ESRI Shapefile", "-lco", "SPATIAL_INDEX=YES",
                          "-lco", "ENCODING=UTF-8", NULL};
    char *const *opts[2];
    const char *names[2] = {"example.gdb", "example_shp"};
    json_object *exp = load_expected(), *arr = jget(exp, "projects");
    size_t i, k, n = json_object_array_length(arr);
    opts[0] = gdb;
    opts[1] = shp;
    for (k = 0; k < 2; k++) {
        char path[600];
        lb_result *res;
        snprintf(path, sizeof path, "%s", lb_cu_path(lb_cu_tmpdir(), names[k]));
        CU_ASSERT_EQUAL_FATAL(translate_example(path, (char **)opts[k]), 0);
        res = balance(path, EXAMPLE_DIR "/grade_yield.csv");
        CU_ASSERT_PTR_NOT_NULL_FATAL(res);
        CU_ASSERT_EQUAL(lb_result_project_count(res), n);
        for (i = 0; i < n; i++)
            example_project(res, json_object_array_get_idx(arr, i));
        LB_ASSERT_STR(lb_result_crs(res), "EPSG:4543");
        lb_result_destroy(res);
    }
    json_object_put(exp);
}

static void example_side(const lb_group *g, lb_side side, json_object *want)
{
    check_side(g, side, jnum(want, "quantity_m2"), jnum(want, "paddy_m2"),
               jnum(want, "capacity_kg"));
}

static void example_group(const lb_group *g, json_object *want)
{
    json_object *codes = jget(want, "projects");
    size_t i, n = json_object_array_length(codes);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    if (jstr(want, "name"))
        LB_ASSERT_STR(lb_group_name(g), jstr(want, "name"));
    CU_ASSERT_EQUAL_FATAL(lb_group_project_count(g), n);
    for (i = 0; i < n; i++)
        LB_ASSERT_STR(
            lb_group_project_code(g, i),
            json_object_get_string(json_object_array_get_idx(codes, i)));
    example_side(g, LB_OCCUPIED, jget(want, "occupied"));
    example_side(g, LB_SUPPLIED, jget(want, "supplied"));
    example_side(g, LB_SURPLUS, jget(want, "surplus"));
    CU_ASSERT_EQUAL(lb_group_balanced(g),
                    json_object_get_boolean(jget(want, "balanced")));
}

static void test_example_groups(void)
{
    const lb_result *res = example_result();
    json_object *exp = load_expected();
    json_object *groups = jget(exp, "groups"), *towns = jget(exp, "towns");
    size_t i;
    CU_ASSERT_EQUAL(lb_result_group_count(res),
                    json_object_array_length(groups));
    for (i = 0; i < json_object_array_length(groups); i++)
        example_group(lb_result_group(res, i),
                      json_object_array_get_idx(groups, i));
    CU_ASSERT_EQUAL(lb_result_town_count(res), json_object_array_length(towns));
    for (i = 0; i < json_object_array_length(towns); i++)
        example_group(lb_result_town(res, i),
                      json_object_array_get_idx(towns, i));
    example_group(lb_result_total(res), jget(exp, "total"));
    json_object_put(exp);
}

/* A diagnostic of the result that is what @p want describes: code, and
 * layer, fid, one of the projects and the area within 2 % where given. */
static int diag_is(const lb_diagnostic *g, json_object *want)
{
    json_object *projects = jget(want, "projects");
    double area = jnum(want, "area_m2_approx");
    size_t i;
    int in = projects == NULL;
    if (strcmp(lb_diag_code_name(lb_diagnostic_code(g)), jstr(want, "code")) !=
        0)
        return 0;
    if (jget(want, "layer") &&
        strcmp(lb_diagnostic_layer(g), jstr(want, "layer")) != 0)
        return 0;
    if (jget(want, "fid") && lb_diagnostic_fid(g) != jnum(want, "fid"))
        return 0;
    for (i = 0; projects && i < json_object_array_length(projects); i++)
        in |= strcmp(lb_diagnostic_project(g),
                     json_object_get_string(
                         json_object_array_get_idx(projects, i))) == 0;
    return in && (!isfinite(area) ||
                  fabs(lb_diagnostic_area(g) - area) <= 0.02 * area);
}

static int has_diag(const lb_result *res, json_object *want)
{
    const lb_diagnostics *d = lb_result_diagnostics(res);
    size_t i;
    for (i = 0; i < lb_diagnostics_count(d); i++)
        if (diag_is(lb_diagnostics_get(d, i), want))
            return 1;
    fprintf(stderr, "\nexpected diagnostic %s not found among:\n",
            json_object_to_json_string(want));
    print_diags(res);
    return 0;
}

static void test_example_diagnostics(void)
{
    const lb_result *res = example_result();
    json_object *exp = load_expected(),
                *arr = jget(exp, "diagnostics_expected");
    size_t i;
    CU_ASSERT_PTR_NOT_NULL_FATAL(arr);
    for (i = 0; i < json_object_array_length(arr); i++)
        CU_ASSERT(has_diag(res, json_object_array_get_idx(arr, i)));
    CU_ASSERT_EQUAL(
        lb_diagnostics_count_by(lb_result_diagnostics(res), -1, LB_SEV_ERROR),
        0);
    json_object_put(exp);
}

/* ---- occupation ------------------------------------------------------ */

/* Over parcels 0101, 0102 and half of a 0103: every piece in proportion
 * of TBDLMJ, each at its own grade. */
static void test_footprint_two_and_a_half_parcels(void)
{
    cu_gpkg *g = new_fixture();
    ref_parcel p1 = parcel(g, 0, 0, 100, 100, "0101", 5, 0.0);
    ref_parcel p2 = parcel(g, 100, 0, 200, 100, "0102", 8, 0.03);
    ref_parcel p3 = parcel(g, 200, 0, 300, 100, "0103", 11, 0.1);
    double n1, n2, n3, q;
    const lb_project *p;
    lb_result *res;
    grass(g, 300, 0, 400, 100);
    occupation(g, "O-1", cu_wkt_rect(0, 0, 250, 100));
    project(g, "O-1", "occupation", "东华镇", NULL);
    res = run_fixture(g);
    n1 = net(&p1, p1.area);
    n2 = net(&p2, p2.area);
    n3 = net(&p3, cu_ref_rect(200, 0, 250, 100));
    q = n1 + n2 + n3;
    check_project(res, "O-1", q, n1, kg(5, n1) + kg(8, n2) + kg(11, n3));
    p = project_of(res, "O-1");
    LB_ASSERT_NEAR(lb_project_mean_grade(p), (5 * n1 + 8 * n2 + 11 * n3) / q,
                   1e-6);
    LB_ASSERT_NEAR(lb_project_by_class(p, "0101"), n1, TOL_M2);
    LB_ASSERT_NEAR(lb_project_by_class(p, "0102"), n2, TOL_M2);
    LB_ASSERT_NEAR(lb_project_by_class(p, "0103"), n3, TOL_M2);
    LB_ASSERT_NEAR(lb_project_by_grade(p, 11), n3, TOL_M2);
    LB_ASSERT_NEAR(lb_project_footprint(p), cu_ref_rect(0, 0, 250, 100),
                   TOL_M2);
    check_no_diags(res);
    lb_result_destroy(res);
}

/* TBDLMJ in proportion where it is given (here on a TBMJ registered
 * 0.05 % above the computed area, so the two rules differ by ~1.1 m²);
 * area × (1 − KCXS) where it is not. */
static void test_kcxs_and_tbdlmj(void)
{
    cu_gpkg *g = new_fixture();
    double a1 = cu_ref_rect(0, 0, 100, 100), tbmj = cu_round2(a1 * 1.0005);
    double tbdlmj = tbmj - cu_round2(tbmj * 0.05), n1, n2;
    lb_result *res;
    CU_ASSERT(cu_gpkg_parcel(g, cu_wkt_rect(0, 0, 100, 100), "0102", 6, 0.05,
                             tbmj, tbdlmj) > 0);
    CU_ASSERT(cu_gpkg_parcel(g, cu_wkt_rect(100, 0, 200, 100), "0103", 9, 0.137,
                             cu_round2(cu_ref_rect(100, 0, 200, 100)),
                             NAN) > 0);
    occupation(g, "O-1", cu_wkt_rect(40, 30, 160, 70));
    project(g, "O-1", "occupation", "东华镇", NULL);
    res = run_fixture(g);
    n1 = tbdlmj * cu_ref_rect(40, 30, 100, 70) / a1;
    n2 = cu_ref_rect(100, 30, 160, 70) * (1 - 0.137);
    check_project(res, "O-1", n1 + n2, 0, kg(6, n1) + kg(9, n2));
    LB_ASSERT_NEAR(lb_project_by_class(project_of(res, "O-1"), "0102"), n1,
                   TOL_M2);
    check_no_diags(res);
    lb_result_destroy(res);
}

/* A parcel wholly inside the footprint (taken whole), around it a parcel
 * with a hole. */
static void test_parcel_inside_footprint(void)
{
    static const double outer[4] = {0, 0, 300, 300},
                        hole[4] = {100, 100, 200, 200};
    cu_gpkg *g = new_fixture();
    double a1 = cu_ref_rect(0, 0, 300, 300) - cu_ref_rect(100, 100, 200, 200);
    double t1 = cu_round2(a1) - cu_round2(cu_round2(a1) * 0.1), n1;
    ref_parcel p2;
    lb_result *res;
    CU_ASSERT(cu_gpkg_parcel(g, cu_wkt_rect_hole(outer, hole), "0103", 10, 0.1,
                             cu_round2(a1), t1) > 0);
    p2 = parcel(g, 100, 100, 200, 200, "0101", 4, 0.0);
    occupation(g, "O-1", cu_wkt_rect(50, 50, 250, 250));
    project(g, "O-1", "occupation", "东华镇", NULL);
    res = run_fixture(g);
    n1 = t1 * (cu_ref_rect(50, 50, 250, 250) - p2.area) / a1;
    check_project(res, "O-1", n1 + p2.tbdlmj, p2.tbdlmj,
                  kg(10, n1) + kg(4, p2.tbdlmj));
    check_no_diags(res);
    lb_result_destroy(res);
}

/* The land in the footprint's hole is not occupied. */
static void test_footprint_with_hole(void)
{
    static const double outer[4] = {10, 10, 190, 90},
                        hole[4] = {40, 30, 160, 70};
    cu_gpkg *g = new_fixture();
    ref_parcel p1 = parcel(g, 0, 0, 100, 100, "0101", 3, 0.0);
    ref_parcel p2 = parcel(g, 100, 0, 200, 100, "0102", 7, 0.02);
    double n1, n2;
    lb_result *res;
    occupation(g, "O-1", cu_wkt_rect_hole(outer, hole));
    project(g, "O-1", "occupation", "东华镇", NULL);
    res = run_fixture(g);
    n1 = net(&p1, cu_ref_rect(10, 10, 100, 90) - cu_ref_rect(40, 30, 100, 70));
    n2 =
        net(&p2, cu_ref_rect(100, 10, 190, 90) - cu_ref_rect(100, 30, 160, 70));
    check_project(res, "O-1", n1 + n2, n1, kg(3, n1) + kg(7, n2));
    LB_ASSERT_NEAR(lb_project_footprint(project_of(res, "O-1")),
                   cu_ref_rect(10, 10, 190, 90) - cu_ref_rect(40, 30, 160, 70),
                   TOL_M2);
    check_no_diags(res);
    lb_result_destroy(res);
}

/* Two overlapping features of O-1 count once; O-2 overlapping O-1 is
 * OCCUPATION_OVERLAP and both projects count the shared land. */
static void test_footprint_overlapping_parts(void)
{
    cu_gpkg *g = new_fixture();
    ref_parcel p1 = parcel(g, 0, 0, 100, 100, "0101", 5, 0.0);
    ref_parcel p2 = parcel(g, 100, 0, 200, 100, "0103", 12, 0.08);
    double n1, n2, n3;
    lb_result *res;
    occupation(g, "O-1", cu_wkt_rect(0, 0, 60, 100));
    occupation(g, "O-1", cu_wkt_rect(40, 20, 150, 80));
    occupation(g, "O-2", cu_wkt_rect(140, 0, 200, 50));
    project(g, "O-1", "occupation", "东华镇", NULL);
    project(g, "O-2", "occupation", "东华镇", NULL);
    res = run_fixture(g);
    n1 = net(&p1, cu_ref_rect(0, 0, 60, 100) + cu_ref_rect(60, 20, 100, 80));
    n2 = net(&p2, cu_ref_rect(100, 20, 150, 80));
    n3 = net(&p2, cu_ref_rect(140, 0, 200, 50));
    check_project(res, "O-1", n1 + n2, n1, kg(5, n1) + kg(12, n2));
    check_project(res, "O-2", n3, 0, kg(12, n3));
    LB_ASSERT_NEAR(lb_project_footprint(project_of(res, "O-1")),
                   cu_ref_rect(0, 0, 60, 100) + cu_ref_rect(60, 20, 150, 80),
                   TOL_M2);
    check_diag(res, LB_DIAG_OCCUPATION_OVERLAP, "zyfw", -1, "O-1",
               cu_ref_rect(140, 20, 150, 50));
    CU_ASSERT_EQUAL(lb_diagnostics_count(lb_result_diagnostics(res)), 1);
    lb_result_destroy(res);
}

/* Three projects whose footprints overlap pairwise, listed out of code
 * order, and a fourth far from them: three OCCUPATION_OVERLAP, one per
 * pair, in the order of the codes, each with its own area. */
static void test_three_overlapping_projects(void)
{
    static const char *const pairs[3][2] = {
        {"O-1", "O-2"}, {"O-1", "O-3"}, {"O-2", "O-3"}};
    double want[3];
    const lb_diagnostics *d;
    cu_gpkg *g = new_fixture();
    lb_result *res;
    size_t i, k = 0;
    parcel(g, 0, 0, 300, 300, "1206", 0, 0.0);
    occupation(g, "O-3", cu_wkt_rect(100, 50, 200, 150));
    occupation(g, "O-1", cu_wkt_rect(0, 0, 150, 100));
    occupation(g, "O-4", cu_wkt_rect(250, 250, 290, 290));
    occupation(g, "O-2", cu_wkt_rect(50, 80, 130, 200));
    project(g, "O-1", "occupation", "东华镇", NULL);
    project(g, "O-2", "occupation", "东华镇", NULL);
    project(g, "O-3", "occupation", "东华镇", NULL);
    project(g, "O-4", "occupation", "东华镇", NULL);
    res = run_fixture(g);
    want[0] = cu_ref_rect(50, 80, 130, 100);
    want[1] = cu_ref_rect(100, 50, 150, 100);
    want[2] = cu_ref_rect(100, 80, 130, 150);
    d = lb_result_diagnostics(res);
    CU_ASSERT_EQUAL(lb_diagnostics_count(d), 3);
    for (i = 0; i < lb_diagnostics_count(d) && k < 3; i++) {
        const lb_diagnostic *x = lb_diagnostics_get(d, i);
        if (lb_diagnostic_code(x) != LB_DIAG_OCCUPATION_OVERLAP)
            continue;
        LB_ASSERT_STR(lb_diagnostic_project(x), pairs[k][0]);
        CU_ASSERT_PTR_NOT_NULL(strstr(lb_diagnostic_message(x), pairs[k][1]));
        LB_ASSERT_NEAR(lb_diagnostic_area(x), want[k], TOL_M2);
        k++;
    }
    CU_ASSERT_EQUAL(k, 3);
    lb_result_destroy(res);
}

/* A CSV baseline (WKT, no CRS) with a stray column "kcxs" after "KCXS"
 * and a stray "dlbm" before "DLBM": the mapped names are matched exactly
 * first (OGR alone would take the first match ignoring case), and the
 * stray columns are not ignored in a way that would switch off the
 * mapped ones. DLBM says 0103 (dlbm says 1206), KCXS 0.1 (kcxs 0); TBDLMJ
 * is empty, so net = piece x (1 - KCXS). */
static void test_column_named_like_a_mapped_one(void)
{
    char csv[600];
    FILE *f;
    cu_gpkg *g = new_fixture();
    lb_input *in = NULL;
    lb_result *res = NULL;
    double piece = cu_ref_rect(20, 20, 80, 80);
    snprintf(csv, sizeof csv, "%s", lb_cu_path(lb_cu_tmpdir(), "dltb.csv"));
    f = fopen(csv, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fprintf(f,
            "WKT,BSM,dlbm,DLBM,TBMJ,KCXS,TBDLMJ,GDDB,kcxs\n\"%s\",1,1206,"
            "0103,%.2f,0.1,,6,0\n",
            cu_wkt_rect(0, 0, 100, 100), cu_ref_rect(0, 0, 100, 100));
    CU_ASSERT_EQUAL_FATAL(fclose(f), 0);
    occupation(g, "O-1", cu_wkt_rect(20, 20, 80, 80));
    project(g, "O-1", "occupation", "东华镇", NULL);
    CU_ASSERT_EQUAL_FATAL(cu_gpkg_close(g), 0);
    CU_ASSERT_EQUAL_FATAL(lb_input_create(ctx, &in), LB_OK);
    lb_input_set_dataset(in, fx_path);
    lb_input_set_source(in, LB_ROLE_BASELINE, csv);
    lb_input_set_assume_crs(in, "EPSG:4543");
    lb_input_set_yield_table(in, yield_path);
    CU_ASSERT_EQUAL(lb_balance(ctx, in, &res), LB_OK);
    lb_input_destroy(in);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res);
    check_project(res, "O-1", piece * 0.9, 0, kg(6, piece * 0.9));
    lb_result_destroy(res);
}

/* A GeoPackage baseline with an extra column named OGR_GEOMETRY (which
 * OGR_L_SetIgnoredFields takes for the geometry): the parcels keep their
 * geometry and the figures are those without the column. */
static void test_column_named_ogr_geometry(void)
{
    cu_gpkg *g = new_fixture();
    ref_parcel p = parcel(g, 0, 0, 100, 100, "0101", 5, 0.0);
    GDALDatasetH ds;
    lb_result *res;
    double n1 = net(&p, cu_ref_rect(20, 20, 80, 80));
    occupation(g, "O-1", cu_wkt_rect(20, 20, 80, 80));
    project(g, "O-1", "occupation", "东华镇", NULL);
    CU_ASSERT_EQUAL_FATAL(cu_gpkg_close(g), 0);
    ds = GDALOpenEx(fx_path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    GDALDatasetExecuteSQL(ds, "ALTER TABLE dltb ADD COLUMN OGR_GEOMETRY TEXT",
                          NULL, NULL);
    GDALClose(ds);
    res = balance(fx_path, yield_path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res);
    check_project(res, "O-1", n1, n1, kg(5, n1));
    check_no_diags(res);
    lb_result_destroy(res);
}

/* A footprint 5,000 km east of the zone's central meridian (a coordinate
 * typed wrong) cannot be measured: its feature is skipped with the reason,
 * and its project, left without a footprint, is named too; nothing is
 * measured as NaN. */
static void test_footprint_beyond_the_zone(void)
{
    cu_gpkg *g = new_fixture();
    const lb_diagnostic *x;
    lb_result *res;
    parcel(g, 0, 0, 100, 100, "0101", 5, 0.0);
    occupation(g, "O-1", cu_wkt_rect(5e6, 0, 5e6 + 100, 100));
    project(g, "O-1", "occupation", "东华镇", NULL);
    res = run_fixture(g);
    CU_ASSERT_EQUAL(lb_diagnostics_count(lb_result_diagnostics(res)), 2);
    check_diag(res, LB_DIAG_INVALID_GEOMETRY, "zyfw", 1, "O-1", NAN);
    x = find_diag(res, LB_DIAG_INVALID_GEOMETRY, 1);
    CU_ASSERT(x && strstr(lb_diagnostic_message(x), "beyond the reach"));
    check_diag(res, LB_DIAG_PROJECT_WITHOUT_FEATURES, "xmxx", 1, "O-1", NAN);
    check_project(res, "O-1", 0, 0, 0);
    LB_ASSERT_NEAR(lb_project_footprint(project_of(res, "O-1")), 0, 0);
    lb_result_destroy(res);
}

/* A parcel under a footprint with an infinite vertex is skipped with its
 * reason before GEOS tests it against anything (GEOS 3.11 leaks memory on
 * such input; the sanitizer run checks that it is not reached). */
static void test_parcel_with_infinite_vertex(void)
{
    cu_gpkg *g = new_fixture();
    const lb_diagnostic *x;
    ref_parcel p = parcel(g, 0, 0, 100, 100, "0103", 8, 0.0);
    lb_result *res;
    char wkt[256];
    snprintf(wkt, sizeof wkt,
             "POLYGON((%.3f %.3f,%.3f %.3f,%g %.3f,%.3f %.3f,%.3f %.3f))",
             CU_E0 + 100, CU_N0, CU_E0 + 200, CU_N0, CU_WKT_INF, CU_N0 + 100,
             CU_E0 + 100, CU_N0 + 100, CU_E0 + 100, CU_N0);
    CU_ASSERT(cu_gpkg_parcel(g, wkt, "0101", 5, 0.0, NAN, NAN) > 0);
    occupation(g, "O-1", cu_wkt_rect(50, 20, 150, 80));
    project(g, "O-1", "occupation", "东华镇", NULL);
    /* GDAL complains that the layer's extent cannot be stored */
    CPLPushErrorHandler(CPLQuietErrorHandler);
    res = run_fixture(g);
    CPLPopErrorHandler();
    x = find_diag(res, LB_DIAG_INVALID_GEOMETRY, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_PTR_NOT_NULL(strstr(lb_diagnostic_message(x), "not a finite"));
    check_project(res, "O-1", net(&p, cu_ref_rect(50, 20, 100, 80)), 0,
                  kg(8, net(&p, cu_ref_rect(50, 20, 100, 80))));
    lb_result_destroy(res);
}

static void test_footprint_outside_baseline(void)
{
    cu_gpkg *g = new_fixture();
    ref_parcel p1 = parcel(g, 0, 0, 100, 100, "0103", 9, 0.0);
    double n1;
    lb_result *res;
    occupation(g, "O-1", cu_wkt_rect(50, 0, 130, 100));
    project(g, "O-1", "occupation", "东华镇", NULL);
    res = run_fixture(g);
    n1 = net(&p1, cu_ref_rect(50, 0, 100, 100));
    check_project(res, "O-1", n1, 0, kg(9, n1));
    check_diag(res, LB_DIAG_OCCUPATION_OUTSIDE_BASELINE, "zyfw", -1, "O-1",
               cu_ref_rect(100, 0, 130, 100));
    CU_ASSERT_EQUAL(lb_diagnostics_count(lb_result_diagnostics(res)), 1);
    lb_result_destroy(res);
}

/* The baseline is streamed by report: two parcels overlapping under a
 * footprint are found there and counted as they are (each parcel's own
 * share), with the overlap told as BASELINE_OVERLAP on the project. */
static void test_baseline_overlap_under_footprint(void)
{
    cu_gpkg *g = new_fixture();
    ref_parcel p1 = parcel(g, 0, 0, 100, 100, "0103", 9, 0.0);
    ref_parcel p2 = parcel(g, 80, 0, 180, 100, "0103", 9, 0.0);
    double n;
    lb_result *res;
    occupation(g, "O-1", cu_wkt_rect(0, 0, 180, 100));
    project(g, "O-1", "occupation", "东华镇", NULL);
    res = run_fixture(g);
    n = net(&p1, cu_ref_rect(0, 0, 100, 100)) +
        net(&p2, cu_ref_rect(80, 0, 180, 100));
    check_project(res, "O-1", n, 0, kg(9, n));
    check_diag(res, LB_DIAG_BASELINE_OVERLAP, "zyfw", -1, "O-1",
               cu_ref_rect(80, 0, 100, 100));
    lb_result_destroy(res);
}

/* ---- supplement ------------------------------------------------------ */

/* 新增 counts only off baseline 耕地 (here on grass and beyond the
 * baseline), less its own KCXS; a 0101 parcel adds paddy. */
static void test_new_partly_on_cultivated(void)
{
    cu_gpkg *g = new_fixture();
    double n1, n2, q;
    const lb_project *p;
    lb_result *res;
    parcel(g, 0, 0, 100, 100, "0103", 10, 0.0);
    grass(g, 100, 0, 200, 100);
    parcel(g, 0, 100, 100, 200, "0301", 0, 0.0);
    supplement(g, "S-1", cu_wkt_rect(60, 10, 220, 90), "0102", 6, 0.04, "新增");
    supplement(g, "S-1", cu_wkt_rect(10, 110, 90, 190), "0101", 2, NAN, NULL);
    project(g, "S-1", "supplement", "东华镇", NULL);
    res = run_fixture(g);
    n1 = cu_ref_rect(100, 10, 220, 90) * (1 - 0.04);
    n2 = cu_ref_rect(10, 110, 90, 190);
    q = n1 + n2;
    check_project(res, "S-1", q, n2, kg(6, n1) + kg(2, n2));
    p = project_of(res, "S-1");
    LB_ASSERT_NEAR(lb_project_mean_grade(p), (6 * n1 + 2 * n2) / q, 1e-6);
    LB_ASSERT_NEAR(lb_project_by_class(p, "0101"), n2, TOL_M2);
    LB_ASSERT_NEAR(lb_project_by_class(p, "0102"), n1, TOL_M2);
    LB_ASSERT_NEAR(lb_project_footprint(p), cu_ref_rect(60, 10, 220, 90) + n2,
                   TOL_M2);
    check_diag(res, LB_DIAG_SUPPLEMENT_ON_CULTIVATED, "bcgd", 1, "S-1",
               cu_ref_rect(60, 10, 100, 90));
    CU_ASSERT_EQUAL(lb_diagnostics_count(lb_result_diagnostics(res)), 1);
    lb_result_destroy(res);
}

/* Parcels are taken in the order of (XMBH, feature id): BC-A's parcel 2
 * claims the overlap before BC-B's parcel 1. */
static void test_two_overlapping_supplements(void)
{
    cu_gpkg *g = new_fixture();
    double a, b;
    lb_result *res;
    grass(g, 0, 0, 200, 100);
    supplement(g, "BC-B", cu_wkt_rect(0, 0, 120, 100), "0103", 9, 0.0, "新增");
    supplement(g, "BC-A", cu_wkt_rect(80, 0, 200, 100), "0103", 7, 0.0, "新增");
    project(g, "BC-A", "supplement", "东华镇", NULL);
    project(g, "BC-B", "supplement", "东华镇", NULL);
    res = run_fixture(g);
    a = cu_ref_rect(80, 0, 200, 100);
    b = cu_ref_rect(0, 0, 80, 100);
    check_project(res, "BC-A", a, 0, kg(7, a));
    check_project(res, "BC-B", b, 0, kg(9, b));
    LB_ASSERT_NEAR(lb_project_footprint(project_of(res, "BC-B")),
                   cu_ref_rect(0, 0, 120, 100), TOL_M2);
    check_diag(res, LB_DIAG_SUPPLEMENT_OVERLAP, "bcgd", 1, "BC-B",
               cu_ref_rect(80, 0, 120, 100));
    CU_ASSERT_EQUAL(lb_diagnostics_count(lb_result_diagnostics(res)), 1);
    lb_result_destroy(res);
}

/* 提质: capacity gained piece by piece (a loss on one baseline parcel
 * does not cancel a gain on another), no quantity, no new land. */
static void test_upgrade_with_and_without_gain(void)
{
    cu_gpkg *g = new_fixture();
    double x, y;
    lb_result *res;
    parcel(g, 0, 0, 100, 100, "0103", 12, 0.1);
    parcel(g, 100, 0, 200, 100, "0103", 6, 0.0);
    grass(g, 200, 0, 300, 100);
    parcel(g, 0, 100, 100, 200, "0102", 9, 0.0);
    supplement(g, "S-1", cu_wkt_rect(0, 0, 150, 100), "0103", 8, 0.05, "提质");
    supplement(g, "S-1", cu_wkt_rect(150, 0, 250, 100), "0103", 6, NAN, "提质");
    supplement(g, "S-1", cu_wkt_rect(50, 50, 100, 150), "0102", 5, 0.0,
               "upgrade");
    project(g, "S-1", "supplement", "东华镇", NULL);
    res = run_fixture(g);
    x = cu_ref_rect(0, 0, 100, 100) * (1 - 0.05);
    y = cu_ref_rect(50, 100, 100, 150);
    check_project(res, "S-1", 0, 0, kg(8, x) - kg(12, x) + kg(5, y) - kg(9, y));
    CU_ASSERT(isnan(lb_project_mean_grade(project_of(res, "S-1"))));
    check_diag(res, LB_DIAG_UPGRADE_NOT_ON_CULTIVATED, "bcgd", 2, "S-1",
               cu_ref_rect(200, 0, 250, 100));
    check_diag(res, LB_DIAG_UPGRADE_NO_GAIN, "bcgd", 2, "S-1",
               cu_ref_rect(150, 0, 200, 100));
    check_diag(res, LB_DIAG_SUPPLEMENT_OVERLAP, "bcgd", 3, "S-1",
               cu_ref_rect(50, 50, 100, 100));
    CU_ASSERT_EQUAL(lb_diagnostics_count(lb_result_diagnostics(res)), 3);
    lb_result_destroy(res);
}

/* 改造 adds paddy where the land was not 0101 and no capacity; 提质改造
 * adds both; the mean grade of supplied land is that of 新增 alone. */
static void test_paddy_conversion(void)
{
    cu_gpkg *g = new_fixture();
    ref_parcel p3;
    double x, n4;
    const lb_project *p;
    lb_result *res;
    parcel(g, 0, 0, 100, 100, "0103", 9, 0.0);
    parcel(g, 100, 0, 200, 100, "0101", 7, 0.0);
    p3 = parcel(g, 200, 0, 300, 100, "0102", 8, 0.0);
    grass(g, 300, 0, 400, 100);
    supplement(g, "S-1", cu_wkt_rect(50, 0, 150, 100), "0101", 7, 0.02, "改造");
    supplement(g, "S-1", cu_wkt_rect(200, 0, 300, 100), "0101", 5, 0.0,
               "提质改造");
    supplement(g, "S-1", cu_wkt_rect(160, 10, 190, 90), "0101", 7, 0.0,
               "paddy");
    supplement(g, "S-1", cu_wkt_rect(300, 0, 350, 100), "0103", 4, 0.0, "新增");
    project(g, "S-1", "supplement", "东华镇", NULL);
    res = run_fixture(g);
    x = cu_ref_rect(50, 0, 100, 100) * (1 - 0.02);
    n4 = cu_ref_rect(300, 0, 350, 100);
    check_project(res, "S-1", n4, x + p3.area,
                  kg(5, p3.area) - kg(8, p3.area) + kg(4, n4));
    p = project_of(res, "S-1");
    LB_ASSERT_NEAR(lb_project_mean_grade(p), 4, 1e-9);
    LB_ASSERT_NEAR(lb_project_by_class(p, "0103"), n4, TOL_M2);
    LB_ASSERT_NEAR(lb_project_by_class(p, "0101"), 0, TOL_M2);
    check_diag(res, LB_DIAG_UPGRADE_NO_GAIN, "bcgd", 3, "S-1",
               cu_ref_rect(160, 10, 190, 90));
    CU_ASSERT_EQUAL(lb_diagnostics_count(lb_result_diagnostics(res)), 1);
    lb_result_destroy(res);
}

/* ---- groups and towns ------------------------------------------------ */

/* The line of the text report that starts with "  NAME: ". */
static char *verdict_line(const char *text, const char *name, char *out,
                          size_t size)
{
    char key[64];
    const char *s, *e;
    snprintf(key, sizeof key, "\n  %s: ", name);
    out[0] = '\0';
    if (!(s = strstr(text, key)))
        return out;
    s += strlen(key);
    e = strchr(s, '\n');
    snprintf(out, size, "%.*s", (int)(e ? e - s : (long)strlen(s)), s);
    return out;
}

static void check_verdicts(const lb_result *res)
{
    const char *path = lb_cu_path(lb_cu_tmpdir(), "report.txt");
    char line[512], *text;
    CU_ASSERT_EQUAL_FATAL(lb_result_write(ctx, res, LB_FORMAT_TEXT, path),
                          LB_OK);
    text = cu_slurp(path, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    verdict_line(text, "O-1,S-1", line, sizeof line);
    CU_ASSERT(strncmp(line, "NOT BALANCED", 12) == 0);
    CU_ASSERT(strstr(line, "short in paddy by") != NULL);
    CU_ASSERT(strstr(line, "quantity") == NULL);
    CU_ASSERT(strstr(line, "capacity") == NULL);
    verdict_line(text, "O-2,S-2", line, sizeof line);
    CU_ASSERT(strncmp(line, "balanced", 8) == 0);
    free(text);
}

/* {quantity, paddy, capacity} in @p v, returned. */
static const double *ind3(double v[3], double q, double paddy, double cap)
{
    v[0] = q, v[1] = paddy, v[2] = cap;
    return v;
}

/* The group's projects are @p list (codes separated by commas). */
static void check_group_codes(const lb_group *g, const char *list)
{
    char codes[8][16];
    const char *k[8], *c;
    size_t n = 0;
    for (; n < 8; list = c + 1) {
        c = strchr(list, ',');
        snprintf(codes[n], sizeof codes[n], "%.*s",
                 (int)(c ? c - list : (long)strlen(list)), list);
        k[n] = codes[n];
        n++;
        if (!c)
            break;
    }
    check_codes(g, k, n);
}

/* A linked group: its name (its codes), projects and account. */
static void check_group(const lb_group *g, const char *name, const double o[3],
                        const double s[3])
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    LB_ASSERT_STR(lb_group_name(g), name);
    check_group_codes(g, name);
    check_account(g, o, s);
}

/* O-1 takes paddy, S-1 gives more dry land of a better grade: short in
 * paddy only. O-2/S-2 balance. */
static void test_group_short_in_paddy_only(void)
{
    cu_gpkg *g = new_fixture();
    ref_parcel p1 = parcel(g, 0, 0, 100, 100, "0101", 6, 0.0);
    ref_parcel p3 = parcel(g, 0, 100, 100, 200, "0103", 10, 0.0);
    double o1, o2, s1, s2, o[3], s[3];
    lb_result *res;
    grass(g, 100, 0, 200, 100);
    grass(g, 100, 100, 200, 200);
    occupation(g, "O-1", cu_wkt_rect(0, 0, 50, 100));
    occupation(g, "O-2", cu_wkt_rect(0, 100, 100, 150));
    supplement(g, "S-1", cu_wkt_rect(100, 0, 200, 100), "0103", 3, 0.0, "新增");
    supplement(g, "S-2", cu_wkt_rect(100, 100, 200, 200), "0101", 4, 0.0,
               "新增");
    project(g, "O-1", "occupation", "东华镇", "S-1");
    project(g, "O-2", "occupation", "东华镇", "S-2");
    project(g, "S-1", "supplement", "东华镇", NULL);
    project(g, "S-2", "supplement", "东华镇", NULL);
    res = run_fixture(g);
    o1 = net(&p1, cu_ref_rect(0, 0, 50, 100));
    o2 = net(&p3, cu_ref_rect(0, 100, 100, 150));
    s1 = cu_ref_rect(100, 0, 200, 100);
    s2 = cu_ref_rect(100, 100, 200, 200);
    CU_ASSERT_EQUAL_FATAL(lb_result_group_count(res), 2);
    check_group(lb_result_group(res, 0), "O-1,S-1", ind3(o, o1, o1, kg(6, o1)),
                ind3(s, s1, 0, kg(3, s1)));
    CU_ASSERT_FALSE(lb_group_balanced(lb_result_group(res, 0)));
    LB_ASSERT_NEAR(lb_group_mean_grade(lb_result_group(res, 0), LB_OCCUPIED), 6,
                   1e-9);
    LB_ASSERT_NEAR(lb_group_mean_grade(lb_result_group(res, 0), LB_SUPPLIED), 3,
                   1e-9);
    check_group(lb_result_group(res, 1), "O-2,S-2", ind3(o, o2, 0, kg(10, o2)),
                ind3(s, s2, s2, kg(4, s2)));
    CU_ASSERT_TRUE(lb_group_balanced(lb_result_group(res, 1)));
    /* S-2's paddy covers O-1's in the total, not in O-1's group */
    CU_ASSERT_TRUE(lb_group_balanced(lb_result_total(res)));
    check_verdicts(res);
    lb_result_destroy(res);
}

/* A town: its name, its projects (comma-separated) and its account. */
static void check_town(const lb_group *g, const char *town, const char *codes,
                       const double o[3], const double s[3])
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    LB_ASSERT_STR(lb_group_name(g), town);
    check_group_codes(g, codes);
    check_account(g, o, s);
}

/* Towns follow XZQMC, linked groups the BCXMBH links across towns. */
static void test_two_towns(void)
{
    cu_gpkg *g = new_fixture();
    ref_parcel p1 = parcel(g, 0, 0, 100, 100, "0102", 8, 0.0);
    ref_parcel p2 = parcel(g, 100, 0, 200, 100, "0103", 11, 0.05);
    double a, b, c, s[3], o[3], zero[3] = {0, 0, 0};
    lb_result *res;
    grass(g, 0, 100, 200, 200);
    occupation(g, "O-A", cu_wkt_rect(0, 0, 100, 40));
    occupation(g, "O-B", cu_wkt_rect(100, 0, 200, 50));
    occupation(g, "O-C", cu_wkt_rect(0, 60, 100, 100));
    supplement(g, "S-A", cu_wkt_rect(0, 100, 150, 200), "0102", 7, 0.0, "新增");
    project(g, "O-A", "occupation", "甲镇", "S-A");
    project(g, "O-B", "occupation", "乙镇", "S-A");
    project(g, "O-C", "occupation", "乙镇", NULL);
    project(g, "S-A", "supplement", "甲镇", NULL);
    res = run_fixture(g);
    a = net(&p1, cu_ref_rect(0, 0, 100, 40));
    b = net(&p2, cu_ref_rect(100, 0, 200, 50));
    c = net(&p1, cu_ref_rect(0, 60, 100, 100));
    ind3(s, cu_ref_rect(0, 100, 150, 200), 0,
         kg(7, cu_ref_rect(0, 100, 150, 200)));
    CU_ASSERT_EQUAL_FATAL(lb_result_group_count(res), 2);
    check_group(lb_result_group(res, 0), "O-A,O-B,S-A",
                ind3(o, a + b, 0, kg(8, a) + kg(11, b)), s);
    check_group(lb_result_group(res, 1), "O-C", ind3(o, c, 0, kg(8, c)), zero);
    CU_ASSERT_EQUAL_FATAL(lb_result_town_count(res), 2);
    /* in the order of the names' bytes: 乙 (E4 B9 99) before 甲 (E7 94 B2) */
    check_town(lb_result_town(res, 0), "乙镇", "O-B,O-C",
               ind3(o, b + c, 0, kg(11, b) + kg(8, c)), zero);
    check_town(lb_result_town(res, 1), "甲镇", "O-A,S-A",
               ind3(o, a, 0, kg(8, a)), s);
    CU_ASSERT_TRUE(lb_group_balanced(lb_result_town(res, 1)));
    check_account(lb_result_total(res),
                  ind3(o, a + b + c, 0, kg(8, a + c) + kg(11, b)), s);
    check_no_diags(res);
    lb_result_destroy(res);
}

/* A row of test_balanced_in_reporting_units: O-i occupies the whole
 * 0103 parcel at (0, y); S-i adds 新增 0103 land beside it, its KCXS
 * chosen so that it supplies @p net m². */
static void balance_row(cu_gpkg *g, int i, int gs, double net)
{
    char o[8], s[8];
    double y = 100.0 * i, as = cu_ref_rect(100, y, 250, y + 100);
    snprintf(o, sizeof o, "O-%d", i + 1);
    snprintf(s, sizeof s, "S-%d", i + 1);
    grass(g, 100, y, 250, y + 100);
    occupation(g, o, cu_wkt_rect(0, y, 100, y + 100));
    supplement(g, s, cu_wkt_rect(100, y, 250, y + 100), "0103", gs,
               1 - net / as, "新增");
    project(g, o, "occupation", "东华镇", s);
    project(g, s, "supplement", "东华镇", NULL);
}

static void check_rounded_verdicts(const lb_result *res)
{
    const char *path = lb_cu_path(lb_cu_tmpdir(), "report.txt");
    char line[512], *text;
    CU_ASSERT_EQUAL_FATAL(lb_result_write(ctx, res, LB_FORMAT_TEXT, path),
                          LB_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text = cu_slurp(path, NULL));
    LB_ASSERT_STR(verdict_line(text, "O-1,S-1", line, sizeof line),
                  "balanced (平衡)");
    LB_ASSERT_STR(verdict_line(text, "O-2,S-2", line, sizeof line),
                  "NOT BALANCED (不平衡): short in quantity by 0.0001 ha "
                  "(0.00 mu)");
    LB_ASSERT_STR(verdict_line(text, "O-3,S-3", line, sizeof line),
                  "balanced (平衡)");
    LB_ASSERT_STR(verdict_line(text, "O-4,S-4", line, sizeof line),
                  "NOT BALANCED (不平衡): short in capacity by 1 kg");
    free(text);
}

/* rules.md §3: balanced when the surpluses are >= 0 in 公顷 to 4
 * decimals and whole kg: −0.3 m² and −0.4 kg are, −0.6 m² and −0.6 kg
 * are not. */
static void test_balanced_in_reporting_units(void)
{
    static const double dq[2] = {-0.3, -0.6}, dc[2] = {-0.4, -0.6};
    cu_gpkg *g = new_fixture();
    double t[4];
    int i;
    lb_result *res;
    for (i = 0; i < 4; i++)
        t[i] = parcel(g, 0, 100.0 * i, 100, 100.0 * i + 100, "0103",
                      i < 2 ? 10 : 5, 0.0)
                   .tbdlmj;
    for (i = 0; i < 2; i++)
        balance_row(g, i, 10, t[i] + dq[i]);
    for (i = 2; i < 4; i++)
        balance_row(g, i, 6, (kg(5, t[i]) + dc[i - 2]) / kg(6, 1));
    res = run_fixture(g);
    CU_ASSERT_EQUAL_FATAL(lb_result_group_count(res), 4);
    for (i = 0; i < 4; i++) {
        const lb_group *gr = lb_result_group(res, i);
        LB_ASSERT_NEAR(
            lb_group_indicator(gr, LB_SURPLUS,
                               i < 2 ? LB_IND_QUANTITY : LB_IND_CAPACITY),
            i < 2 ? dq[i] : dc[i - 2], 0.005);
        CU_ASSERT_EQUAL(lb_group_balanced(gr), i % 2 == 0);
    }
    check_no_diags(res);
    check_rounded_verdicts(res);
    lb_result_destroy(res);
}

/* BCXMBH lists with a full-width comma and 、; projects without
 * features; a supplement project no one draws on is a group of its own. */
static void test_linked_groups(void)
{
    static const char *const c1[] = {"O-1", "O-2", "S-1", "S-2"},
                             *const c2[] = {"O-3", "S-3", "S-5"};
    cu_gpkg *g = new_fixture();
    ref_parcel p = parcel(g, 0, 100, 300, 200, "0103", 9, 0.0);
    double o, s, occ[3], sup[3];
    lb_result *res;
    grass(g, 0, 0, 300, 100);
    occupation(g, "O-1", cu_wkt_rect(0, 100, 50, 200));
    occupation(g, "O-2", cu_wkt_rect(50, 100, 100, 200));
    occupation(g, "O-3", cu_wkt_rect(100, 100, 150, 200));
    supplement(g, "S-1", cu_wkt_rect(0, 0, 50, 100), "0103", 9, 0.0, NULL);
    supplement(g, "S-2", cu_wkt_rect(50, 0, 100, 100), "0103", 9, 0.0, NULL);
    supplement(g, "S-3", cu_wkt_rect(100, 0, 150, 100), "0103", 9, 0.0, NULL);
    project(g, "O-1", "occupation", "东华镇", "S-1，S-2");
    project(g, "O-2", "occupation", "东华镇", "S-2");
    project(g, "O-3", "occupation", "东华镇", "S-3、S-5");
    project(g, "S-1", "supplement", "东华镇", NULL);
    project(g, "S-2", "supplement", "东华镇", NULL);
    project(g, "S-3", "supplement", "东华镇", NULL);
    project(g, "S-4", "supplement", "东华镇", NULL);
    project(g, "S-5", "supplement", "东华镇", NULL);
    res = run_fixture(g);
    CU_ASSERT_EQUAL_FATAL(lb_result_group_count(res), 3);
    check_codes(lb_result_group(res, 0), c1, 4);
    LB_ASSERT_STR(lb_group_name(lb_result_group(res, 0)), "O-1,O-2,S-1,S-2");
    o = net(&p, cu_ref_rect(0, 100, 100, 200));
    s = cu_ref_rect(0, 0, 100, 100);
    occ[0] = o, occ[1] = 0, occ[2] = kg(9, o);
    sup[0] = s, sup[1] = 0, sup[2] = kg(9, s);
    check_account(lb_result_group(res, 0), occ, sup);
    check_codes(lb_result_group(res, 1), c2, 3);
    LB_ASSERT_STR(lb_group_name(lb_result_group(res, 2)), "S-4");
    CU_ASSERT_TRUE(lb_group_balanced(lb_result_group(res, 2)));
    check_project(res, "S-5", 0, 0, 0);
    LB_ASSERT_NEAR(lb_project_footprint(project_of(res, "S-5")), 0, 0);
    /* S-4 and S-5 have no parcels, and are told so */
    CU_ASSERT_EQUAL(lb_diagnostics_count(lb_result_diagnostics(res)), 2);
    check_diag(res, LB_DIAG_PROJECT_WITHOUT_FEATURES, "xmxx", 7, "S-4", NAN);
    check_diag(res, LB_DIAG_PROJECT_WITHOUT_FEATURES, "xmxx", 8, "S-5", NAN);
    lb_result_destroy(res);
}

/* ---- a baseline of several chunks, any number of threads ------------- */

/* 40 × 40 parcels of 20 m (1600, more than 3 chunks of the measuring
 * pass): 0101, 0102, 0103 and grass in turn, grades and KCXS varying,
 * TBDLMJ registered on even columns only. */
#define GRID 40
#define CELL 20.0

static const char *const grid_class[4] = {"0101", "0102", "0103", "0404"};

static int cell_class(int i, int j)
{
    return (i + j) % 4; /* index into grid_class; 3 is grass */
}

static int cell_grade(int i, int j)
{
    return cell_class(i, j) == 3 ? 0 : 1 + (i * 7 + j * 3) % 15;
}

static double cell_kcxs(int i, int j)
{
    return cell_class(i, j) == 3 ? 0.0 : 0.01 * ((i + 2 * j) % 9);
}

/* The cell's reference parcel (TBDLMJ NaN on odd columns). */
static ref_parcel cell_parcel(int i, int j)
{
    ref_parcel p;
    double tbmj;
    p.area = cu_ref_rect(i * CELL, j * CELL, (i + 1) * CELL, (j + 1) * CELL);
    p.kcxs = cell_kcxs(i, j);
    tbmj = cu_round2(p.area);
    p.tbdlmj = i % 2 ? NAN : tbmj - cu_round2(tbmj * p.kcxs);
    return p;
}

static void grid_parcels(cu_gpkg *g)
{
    int i, j;
    for (i = 0; i < GRID; i++)
        for (j = 0; j < GRID; j++) {
            ref_parcel p = cell_parcel(i, j);
            CU_ASSERT(
                cu_gpkg_parcel(g,
                               cu_wkt_rect(i * CELL, j * CELL, (i + 1) * CELL,
                                           (j + 1) * CELL),
                               grid_class[cell_class(i, j)], cell_grade(i, j),
                               p.kcxs, cu_round2(p.area), p.tbdlmj) > 0);
        }
}

/* The reference area of rectangle r ∩ cell (i, j), 0 when they do not
 * overlap. */
static double cell_piece(const double r[4], int i, int j)
{
    double x0 = fmax(r[0], i * CELL), y0 = fmax(r[1], j * CELL);
    double x1 = fmin(r[2], (i + 1) * CELL), y1 = fmin(r[3], (j + 1) * CELL);
    return x1 > x0 && y1 > y0 ? cu_ref_rect(x0, y0, x1, y1) : 0.0;
}

/* rules.md §3 for an occupation footprint r: {quantity, paddy, kg}. */
static void grid_occupied(const double r[4], double out[3])
{
    int i, j;
    out[0] = out[1] = out[2] = 0;
    for (i = 0; i < GRID; i++)
        for (j = 0; j < GRID; j++) {
            ref_parcel p = cell_parcel(i, j);
            double a = cell_piece(r, i, j), n;
            if (a <= 0 || cell_class(i, j) == 3)
                continue;
            n = net(&p, a);
            out[0] += n;
            out[1] += cell_class(i, j) == 0 ? n : 0;
            out[2] += kg(cell_grade(i, j), n);
        }
}

/* 新增 0101 of grade gs on r: {quantity, paddy, kg}; 提质 of grade gu
 * and KCXS ku on u: kg gained. */
static void grid_supplied(const double r[4], int gs, const double u[4], int gu,
                          double ku, double out[3])
{
    int i, j;
    out[0] = out[1] = out[2] = 0;
    for (i = 0; i < GRID; i++)
        for (j = 0; j < GRID; j++) {
            double a = cell_piece(r, i, j), n;
            if (cell_class(i, j) == 3) {
                out[0] += a, out[1] += a, out[2] += kg(gs, a);
                continue;
            }
            n = cell_piece(u, i, j) * (1 - ku);
            out[2] += fmax(0, kg(gu, n) - kg(cell_grade(i, j), n));
        }
}

/* The fixture's balance with @p threads, its baseline read from
 * @p baseline ("PATH:LAYER") unless that is NULL. */
static lb_result *balance_baseline_threads(const char *baseline, int threads)
{
    lb_input *in = NULL;
    lb_result *res = NULL;
    lb_status st;
    CU_ASSERT_EQUAL_FATAL(lb_input_create(ctx, &in), LB_OK);
    lb_input_set_dataset(in, fx_path);
    if (baseline)
        lb_input_set_source(in, LB_ROLE_BASELINE, baseline);
    lb_input_set_yield_table(in, yield_path);
    lb_input_set_threads(in, threads);
    st = lb_balance(ctx, in, &res);
    lb_input_destroy(in);
    if (st != LB_OK)
        fprintf(stderr, "\nlb_balance, %d threads: %s\n", threads,
                lb_errmsg(ctx));
    CU_ASSERT_EQUAL_FATAL(st, LB_OK);
    return res;
}

static lb_result *balance_threads(int threads)
{
    return balance_baseline_threads(NULL, threads);
}

static int same_json(const lb_result *a, const lb_result *b)
{
    char path[600], *ta, *tb;
    int same;
    snprintf(path, sizeof path, "%s", lb_cu_path(lb_cu_tmpdir(), "a.json"));
    CU_ASSERT_EQUAL_FATAL(lb_result_write(ctx, a, LB_FORMAT_JSON, path), LB_OK);
    ta = cu_slurp(path, NULL);
    CU_ASSERT_EQUAL_FATAL(lb_result_write(ctx, b, LB_FORMAT_JSON, path), LB_OK);
    tb = cu_slurp(path, NULL);
    same = ta && tb && strcmp(ta, tb) == 0;
    free(ta);
    free(tb);
    return same;
}

/* Values against the reference, and the same bytes for 1, 2 and 5
 * threads. */
static void test_many_parcels_any_threads(void)
{
    static const double o1[4] = {15, 15, 415, 305},
                        o2[4] = {305, 505, 790, 793};
    static const double s1[4] = {105, 405, 497, 702},
                        u1[4] = {503, 111, 780, 389};
    cu_gpkg *g = new_fixture();
    lb_result *r1, *r2, *r5;
    double want[3];
    grid_parcels(g);
    occupation(g, "O-1", cu_wkt_rect(o1[0], o1[1], o1[2], o1[3]));
    occupation(g, "O-2", cu_wkt_rect(o2[0], o2[1], o2[2], o2[3]));
    supplement(g, "S-1", cu_wkt_rect(s1[0], s1[1], s1[2], s1[3]), "0101", 3,
               0.0, "新增");
    supplement(g, "S-1", cu_wkt_rect(u1[0], u1[1], u1[2], u1[3]), "0102", 2,
               0.05, "提质");
    project(g, "O-1", "occupation", "东华镇", "S-1");
    project(g, "O-2", "occupation", "东华镇", "S-1");
    project(g, "S-1", "supplement", "东华镇", NULL);
    CU_ASSERT_EQUAL_FATAL(cu_gpkg_close(g), 0);
    r1 = balance_threads(1);
    r2 = balance_threads(2);
    r5 = balance_threads(5);
    grid_occupied(o1, want);
    check_project(r1, "O-1", want[0], want[1], want[2]);
    grid_occupied(o2, want);
    check_project(r1, "O-2", want[0], want[1], want[2]);
    grid_supplied(s1, 3, u1, 2, 0.05, want);
    check_project(r1, "S-1", want[0], want[1], want[2]);
    CU_ASSERT(same_json(r1, r2));
    CU_ASSERT(same_json(r1, r5));
    lb_result_destroy(r1);
    lb_result_destroy(r2);
    lb_result_destroy(r5);
}

/* 400 footprints of project O-1, 10 m squares 300 m apart, each on a
 * 20 m parcel of 旱地, except that those of row 0 all lie on one strip
 * 5.7 km long; returns the occupied net area. */
static double squares_on_a_strip(cu_gpkg *g)
{
    ref_parcel strip, p;
    double q = 0.0;
    int i, j;
    strip = parcel(g, 0, 0, 19 * 300 + 20, 20, "0103", 9, 0.02);
    for (j = 0; j < 20; j++)
        for (i = 0; i < 20; i++) {
            double x = 300.0 * i, y = 300.0 * j;
            double a = cu_ref_rect(x + 5, y + 5, x + 15, y + 15);
            p = j ? parcel(g, x, y, x + 20, y + 20, "0103", 9, 0.02) : strip;
            occupation(g, "O-1", cu_wkt_rect(x + 5, y + 5, x + 15, y + 15));
            q += net(&p, a);
        }
    return q;
}

/* A GeoPackage's baseline is read through its R-tree a group of boxes
 * per SQL query (stream.c): 400 footprints of 10 m, 300 m apart, stay
 * 400 boxes, which are two groups. Those of row 0 all lie on one strip
 * 5.7 km long that both groups bring in: it is measured once and each of
 * its pieces counted once. The same when the baseline's table has a name
 * that SQL must quote, and with any number of threads. */
static void test_boxes_in_groups(void)
{
    cu_gpkg *g = new_fixture();
    lb_result *r1, *r2, *rq;
    char src[700];
    double q = squares_on_a_strip(g);
    project(g, "O-1", "occupation", "东华镇", NULL);
    CU_ASSERT_EQUAL_FATAL(cu_gpkg_close(g), 0);
    lb_cu_log_reset();
    r1 = balance_threads(1);
    check_project(r1, "O-1", q, 0.0, kg(9, q));
    check_no_diags(r1);
    CU_ASSERT(lb_cu_log_has("dltb: 400 boxes, 16 to an SQL query at first, "
                            "doubling to 256"));
    r2 = balance_threads(2);
    CU_ASSERT(same_json(r1, r2));
    snprintf(
        src, sizeof src,
        "ogrinfo -q %s -sql 'ALTER TABLE dltb RENAME TO \"地类\"\"图斑\"\"\"' "
        ">/dev/null",
        fx_path);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(src, NULL), 0);
    snprintf(src, sizeof src, "%s:地类\"图斑\"", fx_path);
    lb_cu_log_reset();
    rq = balance_baseline_threads(src, 2);
    check_project(rq, "O-1", q, 0.0, kg(9, q));
    check_no_diags(rq);
    CU_ASSERT(
        lb_cu_log_has("地类\"图斑\": 400 boxes, 16 to an SQL query at first, "
                      "doubling to 256"));
    lb_result_destroy(r1);
    lb_result_destroy(r2);
    lb_result_destroy(rq);
}

/* A group of boxes that meets no parcel (footprints beyond the
 * baseline's edge, last in Morton order) is an empty group, not a
 * failure; and a baseline whose fids are negative (SQLite keys may be)
 * still has the strip that two groups bring in read once. */
static void test_boxes_in_groups_empty_and_negative_fids(void)
{
    cu_gpkg *g = new_fixture();
    lb_result *r1, *rn;
    char cmd[700];
    double q = squares_on_a_strip(g), out = 0.0;
    int i, j;
    for (j = 0; j < 15; j++) /* 300 boxes on no parcel: a group of them */
        for (i = 0; i < 20; i++) {
            double x = 20000.0 + 1000.0 * i, y = 20000.0 + 1000.0 * j;
            occupation(g, "O-1", cu_wkt_rect(x, y, x + 10, y + 10));
            out += cu_ref_rect(x, y, x + 10, y + 10);
        }
    project(g, "O-1", "occupation", "东华镇", NULL);
    CU_ASSERT_EQUAL_FATAL(cu_gpkg_close(g), 0);
    r1 = balance_threads(2);
    check_project(r1, "O-1", q, 0.0, kg(9, q));
    check_diag(r1, LB_DIAG_OCCUPATION_OUTSIDE_BASELINE, "zyfw", -1, "O-1", out);
    CU_ASSERT_EQUAL(lb_diagnostics_count(lb_result_diagnostics(r1)), 1);
    snprintf(cmd, sizeof cmd,
             "ogrinfo -q %s -sql 'UPDATE dltb SET fid = -fid' >/dev/null",
             fx_path);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, NULL), 0);
    rn = balance_threads(2);
    check_project(rn, "O-1", q, 0.0, kg(9, q));
    CU_ASSERT(same_json(r1, rn));
    lb_result_destroy(r1);
    lb_result_destroy(rn);
}

typedef struct seen_progress {
    int calls, backwards, out_of_range, between, cancel_at; /* 0: never */
    double last;
} seen_progress;

/* Static: the context keeps a pointer to it between the runs. */
static seen_progress seen;

static int on_progress(double complete, const char *message, void *ud)
{
    seen_progress *p = ud;
    if (strcmp(message, "measuring") != 0)
        return 1;
    p->calls++;
    p->backwards += complete < p->last;
    p->out_of_range += !(complete >= 0.0 && complete <= 1.0);
    p->between += complete > 0.0 && complete < 1.0;
    p->last = complete;
    return p->cancel_at == 0 || p->calls < p->cancel_at;
}

/* Run the fixture with @p threads, the progress seen in `seen`. */
static lb_status run_with_progress(int threads, int cancel_at, lb_result **r)
{
    lb_input *in = NULL;
    lb_status st;
    memset(&seen, 0, sizeof seen);
    seen.cancel_at = cancel_at;
    *r = NULL;
    lb_context_set_progress(ctx, on_progress, &seen);
    CU_ASSERT_EQUAL_FATAL(lb_input_create(ctx, &in), LB_OK);
    lb_input_set_dataset(in, fx_path);
    lb_input_set_yield_table(in, yield_path);
    lb_input_set_threads(in, threads);
    st = lb_balance(ctx, in, r);
    lb_input_destroy(in);
    lb_context_set_progress(ctx, NULL, NULL);
    return st;
}

/* A block of n x n 20 m parcels of 旱地 with its south-west corner at
 * (x0, y0). */
static void block(cu_gpkg *g, double x0, double y0, int n)
{
    int i, j;
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            parcel(g, x0 + 20 * i, y0 + 20 * j, x0 + 20 * (i + 1),
                   y0 + 20 * (j + 1), "0103", 9, 0.0);
}

/* The baseline pass reports how far it has come (read through the
 * GeoPackage's R-tree, box by box): two blocks of 400 parcels 5 km apart,
 * each under a footprint, are two index queries and two chunks of 512,
 * so there is a report between 0 and 1, never one backwards, and the
 * last is 1. A callback that says stop stops it with "cancelled". */
static void test_measuring_progress_and_cancel(void)
{
    cu_gpkg *g = new_fixture();
    lb_result *r;
    int threads;
    block(g, 0, 0, 20);
    block(g, 5000, 0, 20);
    occupation(g, "O-1", cu_wkt_rect(5, 5, 395, 395));
    occupation(g, "O-2", cu_wkt_rect(5005, 5, 5395, 395));
    project(g, "O-1", "occupation", "东华镇", NULL);
    project(g, "O-2", "occupation", "东华镇", NULL);
    CU_ASSERT_EQUAL_FATAL(cu_gpkg_close(g), 0);
    for (threads = 1; threads <= 2; threads++) {
        CU_ASSERT_EQUAL(run_with_progress(threads, 0, &r), LB_OK);
        CU_ASSERT(seen.calls >= 2);
        CU_ASSERT(seen.between >= 1);
        CU_ASSERT_EQUAL(seen.backwards, 0);
        CU_ASSERT_EQUAL(seen.out_of_range, 0);
        CU_ASSERT_DOUBLE_EQUAL(seen.last, 1.0, 0.0);
        lb_result_destroy(r);
        CU_ASSERT_NOT_EQUAL(run_with_progress(threads, 1, &r), LB_OK);
        LB_ASSERT_STR(lb_errmsg(ctx), "cancelled");
        CU_ASSERT_PTR_NULL(r);
        CU_ASSERT_EQUAL(seen.calls, 1);
    }
}

/* With no parcel near any project, the pass still reports its end. */
static void test_measuring_progress_nothing_near(void)
{
    cu_gpkg *g = new_fixture();
    lb_result *r;
    grid_parcels(g);
    occupation(g, "O-1", cu_wkt_rect(5000, 5000, 5100, 5100));
    project(g, "O-1", "occupation", "东华镇", NULL);
    CU_ASSERT_EQUAL_FATAL(cu_gpkg_close(g), 0);
    CU_ASSERT_EQUAL(run_with_progress(1, 0, &r), LB_OK);
    CU_ASSERT_EQUAL(seen.calls, 1);
    CU_ASSERT_DOUBLE_EQUAL(seen.last, 1.0, 0.0);
    lb_result_destroy(r);
}

static lb_diagnostics *check_threads(int threads)
{
    lb_input *in = NULL;
    lb_diagnostics *d = NULL;
    CU_ASSERT_EQUAL_FATAL(lb_input_create(ctx, &in), LB_OK);
    lb_input_set_dataset(in, fx_path);
    lb_input_set_threads(in, threads);
    CU_ASSERT_EQUAL(lb_check(ctx, in, &d), LB_OK);
    lb_input_destroy(in);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    return d;
}

/* A baseline parcel without a geometry (NULL or empty) is near no
 * project: report says nothing of it, through the GeoPackage's index and
 * read whole from GeoJSON alike; check names both. */
static void test_parcels_without_geometry(void)
{
    cu_gpkg *g = new_fixture();
    lb_result *r, *rj;
    lb_diagnostics *d;
    char cmd[1400], src[700];
    ref_parcel p = parcel(g, 0, 0, 100, 100, "0103", 9, 0.0);
    double n = net(&p, cu_ref_rect(10, 10, 60, 60));
    CU_ASSERT(cu_gpkg_parcel(g, NULL, "0103", 9, 0.0, 100.0, 100.0) > 0);
    CU_ASSERT(cu_gpkg_parcel(g, "POLYGON EMPTY", "0103", 9, 0.0, 100.0, 100.0) >
              0);
    occupation(g, "O-1", cu_wkt_rect(10, 10, 60, 60));
    project(g, "O-1", "occupation", "东华镇", NULL);
    CU_ASSERT_EQUAL_FATAL(cu_gpkg_close(g), 0);
    r = balance_threads(1);
    check_project(r, "O-1", n, 0.0, kg(9, n));
    check_no_diags(r);
    snprintf(src, sizeof src, "%s", lb_cu_path(lb_cu_tmpdir(), "dltb.geojson"));
    snprintf(cmd, sizeof cmd, "ogr2ogr -f GeoJSON %s %s dltb", src, fx_path);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, NULL), 0);
    rj = balance_baseline_threads(src, 1);
    check_project(rj, "O-1", n, 0.0, kg(9, n));
    check_no_diags(rj);
    d = check_threads(1);
    CU_ASSERT_EQUAL(lb_diagnostics_count_by(d, LB_DIAG_NULL_GEOMETRY, 0), 1);
    CU_ASSERT_EQUAL(lb_diagnostics_count_by(d, LB_DIAG_EMPTY_GEOMETRY, 0), 1);
    lb_diagnostics_destroy(d);
    lb_result_destroy(r);
    lb_result_destroy(rj);
}

/* The strip fixture's figures, from a GeoPackage whose R-tree has lost
 * the entries of its 190 even parcels: the layer is read whole, and one
 * log warning says why. */
static void read_whole_without_index(double q)
{
    lb_result *r;
    lb_cu_log_reset();
    r = balance_threads(2);
    check_project(r, "O-1", q, 0.0, kg(9, q));
    CU_ASSERT_EQUAL(lb_cu_log_warnings(), 1);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(lb_cu_last_log(), "lacks 190 of its 381 geometries"));
    lb_result_destroy(r);
}

/* A GeoPackage whose R-tree lacks entries (rows written around its
 * triggers) would leave parcels out without a word through the index:
 * report finds fewer entries than features, looks each feature up, reads
 * the whole layer instead and says so in a log warning. A parcel without
 * a geometry has no entry and is no reason to. */
static void test_incomplete_rtree(void)
{
    cu_gpkg *g = new_fixture();
    lb_result *r;
    char cmd[800];
    double q = squares_on_a_strip(g);
    CU_ASSERT(cu_gpkg_parcel(g, NULL, "0103", 9, 0.0, 100.0, 100.0) > 0);
    project(g, "O-1", "occupation", "东华镇", NULL);
    CU_ASSERT_EQUAL_FATAL(cu_gpkg_close(g), 0);
    lb_cu_log_reset();
    r = balance_threads(2);
    check_project(r, "O-1", q, 0.0, kg(9, q));
    CU_ASSERT_EQUAL(lb_cu_log_warnings(), 0);
    lb_result_destroy(r);
    /* Of the 381 parcels with a geometry (fids 1..381), the even lose
     * their entries. */
    snprintf(cmd, sizeof cmd,
             "ogrinfo -q %s -sql 'DELETE FROM rtree_dltb_geom WHERE id %% 2 = "
             "0' >/dev/null",
             fx_path);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, NULL), 0);
    read_whole_without_index(q);
}

/* Rows renumbered around the R-tree's triggers keep as many entries as
 * features, under the fids they had: the count matches, the greatest id
 * does not, and the look-up of each feature finds the 190. */
static void test_renumbered_rtree(void)
{
    cu_gpkg *g = new_fixture();
    char cmd[1600];
    static const char *const trig[] = {"insert",  "update1", "update2",
                                       "update3", "update4", "update5",
                                       "update6", "update7", "delete"};
    size_t i, len = 0;
    double q = squares_on_a_strip(g);
    project(g, "O-1", "occupation", "东华镇", NULL);
    CU_ASSERT_EQUAL_FATAL(cu_gpkg_close(g), 0);
    for (i = 0; i < sizeof trig / sizeof *trig; i++)
        len += (size_t)snprintf(cmd + len, sizeof cmd - len,
                                "ogrinfo -q %s -sql 'DROP TRIGGER IF EXISTS "
                                "rtree_dltb_geom_%s' >/dev/null && ",
                                fx_path, trig[i]);
    CU_ASSERT_FATAL(len < sizeof cmd);
    snprintf(cmd + len, sizeof cmd - len,
             "ogrinfo -q %s -sql 'UPDATE dltb SET fid = fid + 100000 WHERE "
             "fid %% 2 = 0' >/dev/null",
             fx_path);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, NULL), 0);
    read_whole_without_index(q);
}

/* A 新增 parcel drawn on a grass parcel of the survey: its 耕地 neighbours
 * only share its edges, give no piece and are not measured, so report
 * names no AREA_MISMATCH for feature 3, registered with a TBMJ of 1 m²,
 * and no error for feature 2, whose TBDLMJ is larger than the parcel and
 * which has an extra vertex on the shared edge (the touch proof leaves
 * that to GEOS, whose overlay finds no area). Feature 4, wrongly
 * registered too, lies partly under the project's second parcel: it is
 * measured and named. check, which measures every parcel, names all
 * three. */
static void test_new_on_survey_parcel(void)
{
    cu_gpkg *g = new_fixture();
    double n;
    lb_diagnostics *d;
    lb_result *res;
    char t_junction[256];
    snprintf(t_junction, sizeof t_junction,
             "POLYGON((%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f "
             "%.1f))",
             CU_E0, CU_N0, CU_E0 + 100, CU_N0, CU_E0 + 100, CU_N0 + 50,
             CU_E0 + 100, CU_N0 + 100, CU_E0, CU_N0 + 100, CU_E0, CU_N0);
    grass(g, 100, 0, 200, 100);
    CU_ASSERT(cu_gpkg_parcel(g, t_junction, "0103", 10, 0.0, NAN, 50000.0) ==
              2);
    CU_ASSERT(cu_gpkg_parcel(g, cu_wkt_rect(200, 0, 300, 100), "0101", 5, 0.0,
                             1.0, NAN) == 3);
    CU_ASSERT(cu_gpkg_parcel(g, cu_wkt_rect(100, 100, 200, 200), "0103", 5, 0.0,
                             1.0, NAN) == 4);
    supplement(g, "S-1", cu_wkt_rect(100, 0, 200, 100), "0102", 6, 0.0, "新增");
    supplement(g, "S-1", cu_wkt_rect(100, 150, 200, 250), "0102", 6, 0.0,
               "新增");
    project(g, "S-1", "supplement", "东华镇", NULL);
    res = run_fixture(g);
    n = cu_ref_rect(100, 0, 200, 100) + cu_ref_rect(100, 200, 200, 250);
    check_project(res, "S-1", n, 0, kg(6, n));
    CU_ASSERT_EQUAL(lb_diagnostics_count(lb_result_diagnostics(res)), 2);
    check_diag(res, LB_DIAG_AREA_MISMATCH, "dltb", 4, "",
               cu_ref_rect(100, 100, 200, 200) - 1.0);
    check_diag(res, LB_DIAG_SUPPLEMENT_ON_CULTIVATED, "bcgd", 2, "S-1",
               cu_ref_rect(100, 150, 200, 200));
    lb_result_destroy(res);
    d = check_threads(1);
    CU_ASSERT_EQUAL(lb_diagnostics_count(d), 3);
    CU_ASSERT_EQUAL(lb_diagnostics_count_by(d, LB_DIAG_AREA_MISMATCH, 0), 2);
    CU_ASSERT_EQUAL(lb_diagnostics_count_by(d, LB_DIAG_BAD_VALUE, 0), 1);
    lb_diagnostics_destroy(d);
}

/* A self-intersecting 耕地 parcel (a bow tie) beside a 新增 parcel on
 * grass: it only touches the project and is not measured, but report
 * still names it, repaired, as INVALID_GEOMETRY. */
static void test_invalid_parcel_touching_project(void)
{
    cu_gpkg *g = new_fixture();
    char bowtie[256];
    double n;
    lb_result *res;
    snprintf(bowtie, sizeof bowtie,
             "POLYGON((%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f))",
             CU_E0 + 200, CU_N0, CU_E0 + 300, CU_N0 + 100, CU_E0 + 300, CU_N0,
             CU_E0 + 200, CU_N0 + 100, CU_E0 + 200, CU_N0);
    grass(g, 100, 0, 200, 100);
    CU_ASSERT(cu_gpkg_parcel(g, bowtie, "0103", 10, 0.0, NAN, NAN) == 2);
    supplement(g, "S-1", cu_wkt_rect(100, 0, 200, 100), "0102", 6, 0.0, "新增");
    project(g, "S-1", "supplement", "东华镇", NULL);
    res = run_fixture(g);
    n = cu_ref_rect(100, 0, 200, 100);
    check_project(res, "S-1", n, 0, kg(6, n));
    CU_ASSERT_EQUAL(lb_diagnostics_count(lb_result_diagnostics(res)), 1);
    check_diag(res, LB_DIAG_INVALID_GEOMETRY, "dltb", 2, "", NAN);
    lb_result_destroy(res);
}

/* check's overlap test runs in chunks of parcels on all cores: overlapping
 * parcels in different chunks give the same diagnostics, in the same
 * order, for any number of threads. */
static void test_check_overlaps_any_threads(void)
{
    cu_gpkg *g = new_fixture();
    lb_diagnostics *d1, *d2, *d3;
    size_t i, n;
    grid_parcels(g);
    /* three extra parcels over the grid: early, middle and last cells */
    cu_gpkg_parcel(g, cu_wkt_rect(5, 5, 25, 15), "0404", 0, 0.0, NAN, NAN);
    cu_gpkg_parcel(g, cu_wkt_rect(400, 400, 430, 410), "0404", 0, 0.0, NAN,
                   NAN);
    cu_gpkg_parcel(g, cu_wkt_rect(780, 780, 790, 800), "0404", 0, 0.0, NAN,
                   NAN);
    CU_ASSERT_EQUAL_FATAL(cu_gpkg_close(g), 0);
    d1 = check_threads(1);
    d2 = check_threads(2);
    d3 = check_threads(3);
    n = lb_diagnostics_count_by(d1, LB_DIAG_BASELINE_OVERLAP, 0);
    CU_ASSERT(n >= 3);
    CU_ASSERT_EQUAL(lb_diagnostics_count(d2), lb_diagnostics_count(d1));
    CU_ASSERT_EQUAL(lb_diagnostics_count(d3), lb_diagnostics_count(d1));
    for (i = 0; i < lb_diagnostics_count(d1); i++) {
        const lb_diagnostic *a = lb_diagnostics_get(d1, i);
        const lb_diagnostic *b = lb_diagnostics_get(d2, i);
        const lb_diagnostic *c = lb_diagnostics_get(d3, i);
        if (!b || !c)
            break;
        LB_ASSERT_STR(lb_diagnostic_message(b), lb_diagnostic_message(a));
        LB_ASSERT_STR(lb_diagnostic_message(c), lb_diagnostic_message(a));
    }
    lb_diagnostics_destroy(d1);
    lb_diagnostics_destroy(d2);
    lb_diagnostics_destroy(d3);
}

void balance_suite_setup(void)
{
    CU_pSuite s = lb_cu_add_suite("balance", suite_init, suite_clean);
    LB_ADD_TEST(s, test_example_projects);
    LB_ADD_TEST(s, test_example_other_formats);
    LB_ADD_TEST(s, test_measuring_progress_and_cancel);
    LB_ADD_TEST(s, test_measuring_progress_nothing_near);
    LB_ADD_TEST(s, test_example_groups);
    LB_ADD_TEST(s, test_example_diagnostics);
    LB_ADD_TEST(s, test_footprint_two_and_a_half_parcels);
    LB_ADD_TEST(s, test_kcxs_and_tbdlmj);
    LB_ADD_TEST(s, test_parcel_inside_footprint);
    LB_ADD_TEST(s, test_footprint_with_hole);
    LB_ADD_TEST(s, test_footprint_overlapping_parts);
    LB_ADD_TEST(s, test_three_overlapping_projects);
    LB_ADD_TEST(s, test_column_named_like_a_mapped_one);
    LB_ADD_TEST(s, test_column_named_ogr_geometry);
    LB_ADD_TEST(s, test_footprint_beyond_the_zone);
    LB_ADD_TEST(s, test_parcel_with_infinite_vertex);
    LB_ADD_TEST(s, test_footprint_outside_baseline);
    LB_ADD_TEST(s, test_baseline_overlap_under_footprint);
    LB_ADD_TEST(s, test_new_partly_on_cultivated);
    LB_ADD_TEST(s, test_two_overlapping_supplements);
    LB_ADD_TEST(s, test_upgrade_with_and_without_gain);
    LB_ADD_TEST(s, test_paddy_conversion);
    LB_ADD_TEST(s, test_group_short_in_paddy_only);
    LB_ADD_TEST(s, test_two_towns);
    LB_ADD_TEST(s, test_balanced_in_reporting_units);
    LB_ADD_TEST(s, test_linked_groups);
    LB_ADD_TEST(s, test_many_parcels_any_threads);
    LB_ADD_TEST(s, test_boxes_in_groups);
    LB_ADD_TEST(s, test_boxes_in_groups_empty_and_negative_fids);
    LB_ADD_TEST(s, test_parcels_without_geometry);
    LB_ADD_TEST(s, test_incomplete_rtree);
    LB_ADD_TEST(s, test_renumbered_rtree);
    LB_ADD_TEST(s, test_check_overlaps_any_threads);
    LB_ADD_TEST(s, test_new_on_survey_parcel);
    LB_ADD_TEST(s, test_invalid_parcel_touching_project);
}
