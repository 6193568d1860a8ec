/*
 * cu_source.c: reading the four roles through OGR and validating them
 * (lib/source.c, lib/validate.c, lib/input.c, lib/grades.c): one fixture
 * per diagnostic code, built here in a temporary folder (cu_fixture.h),
 * asserting code, severity, layer, feature id and area. Areas are checked
 * against PROJ's geodesic area of the same corners (fx_ref_rect), never
 * against the library.
 *
 * Feature ids: GeoPackage counts from 1, shapefiles and GeoJSON from 0.
 */
#include "cu_fixture.h"
#include "cu_tester.h"
#include "internal.h"

#include <gdal.h>
#include <geodesic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static lb_context *ctx;

static int suite_init(void)
{
    ctx = lb_cu_context();
    return ctx && fx_init() == 0 ? 0 : 1;
}

static int suite_clean(void)
{
    fx_done();
    lb_context_destroy(ctx);
    return 0;
}

/* lb_check of a GeoPackage with the default roles, some replaced. */
static lb_diagnostics *check_roles(const fx_layer *bl, const fx_layer *oc,
                                   const fx_layer *su, const fx_layer *pr)
{
    const fx_layer *over[LB_ROLE_COUNT_] = {bl, oc, su, pr};
    const char *path = fx_dataset(lb_cu_tmpdir(), "d.gpkg", over);
    lb_input *in;
    lb_diagnostics *d;
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    in = fx_input(ctx, path);
    d = FX_CHECK(ctx, in);
    lb_input_destroy(in);
    return d;
}

/* ---- the well-formed data set and the API around lb_check ---------------- */

static void test_good_dataset(void)
{
    lb_diagnostics *d = check_roles(NULL, NULL, NULL, NULL);
    FX_EXPECT_COUNT(d, 0);
    CU_ASSERT_EQUAL(lb_diagnostics_count_by(d, -1, 0), 0);
    CU_ASSERT_PTR_NULL(lb_diagnostics_get(d, 0));
    lb_diagnostics_destroy(d);
}

static void test_check_arguments(void)
{
    lb_input *in = fx_input(ctx, NULL);
    lb_diagnostics *d = (lb_diagnostics *)1;
    CU_ASSERT_EQUAL(lb_check(ctx, in, NULL), LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_check(ctx, NULL, &d), LB_ERR_ARG);
    CU_ASSERT_PTR_NULL(d);
    CU_ASSERT_EQUAL(lb_check(NULL, in, &d), LB_ERR_ARG);
    /* Neither a dataset nor a source: nothing to read. */
    CU_ASSERT_EQUAL(lb_check(ctx, in, &d), LB_ERR_ARG);
    CU_ASSERT_PTR_NULL(d);
    FX_ASSERT_HAS(lb_errmsg(ctx), "no source for the baseline layer");
    lb_input_destroy(in);
    lb_diagnostics_destroy(NULL);
}

static void test_diagnostic_accessors(void)
{
    const fx_layer bl = {"dltb", wkbPolygon, 4543, "BSM:s,DLBM:s,GDDB:s",
                         (const char *const[]){"R 0 0 100 100|B1|0101|abc",
                                               "R 100 0 100 100|B2|0101|",
                                               NULL}};
    lb_diagnostics *d = check_roles(&bl, NULL, NULL, NULL);
    const lb_diagnostic *g;
    FX_EXPECT_COUNT(d, 2);
    CU_ASSERT_EQUAL(lb_diagnostics_count_by(d, LB_DIAG_BAD_VALUE, 0), 1);
    CU_ASSERT_EQUAL(lb_diagnostics_count_by(d, -1, LB_SEV_ERROR), 2);
    CU_ASSERT_EQUAL(lb_diagnostics_count_by(d, -1, LB_SEV_WARNING), 0);
    CU_ASSERT_EQUAL(
        lb_diagnostics_count_by(d, LB_DIAG_MISSING_GRADE, LB_SEV_ERROR), 1);
    CU_ASSERT_EQUAL(lb_diagnostics_count_by(d, LB_DIAG_SLIVER, 0), 0);
    CU_ASSERT_EQUAL(lb_diagnostics_count_by(NULL, -1, 0), 0);
    g = lb_diagnostics_get(d, 0); /* in the order found */
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_EQUAL(lb_diagnostic_code(g), LB_DIAG_BAD_VALUE);
    CU_ASSERT_EQUAL(lb_diagnostic_severity(g), LB_SEV_ERROR);
    LB_ASSERT_STR(lb_diagnostic_layer(g), "dltb");
    CU_ASSERT_EQUAL(lb_diagnostic_fid(g), 1);
    LB_ASSERT_STR(lb_diagnostic_project(g), "");
    CU_ASSERT(isnan(lb_diagnostic_area(g)));
    FX_ASSERT_HAS(lb_diagnostic_message(g), "GDDB 'abc'");
    g = lb_diagnostics_get(d, 1);
    CU_ASSERT_EQUAL(lb_diagnostic_code(g), LB_DIAG_MISSING_GRADE);
    CU_ASSERT_EQUAL(lb_diagnostic_fid(g), 2);
    CU_ASSERT_PTR_NULL(lb_diagnostics_get(d, 2));
    lb_diagnostics_destroy(d);
}

static void test_code_names(void)
{
    int a, b;
    for (a = 0; a < LB_DIAG_COUNT_; a++) { /* every code named, once */
        const char *name = lb_diag_code_name((lb_diag_code)a);
        CU_ASSERT_PTR_NOT_NULL_FATAL(name);
        for (b = 0; b < a; b++)
            CU_ASSERT_STRING_NOT_EQUAL(name,
                                       lb_diag_code_name((lb_diag_code)b));
    }
    LB_ASSERT_STR(lb_diag_code_name(LB_DIAG_BASELINE_OVERLAP),
                  "BASELINE_OVERLAP");
    LB_ASSERT_STR(lb_diag_code_name(LB_DIAG_BAD_ENCODING), "BAD_ENCODING");
    CU_ASSERT_PTR_NULL(lb_diag_code_name(LB_DIAG_COUNT_));
    LB_ASSERT_STR(lb_severity_name(LB_SEV_ERROR), "error");
    LB_ASSERT_STR(lb_severity_name(LB_SEV_WARNING), "warning");
}

/* ---- layers and fields --------------------------------------------------- */

static void test_missing_layer(void)
{
    lb_diagnostics *d = check_roles(NULL, NULL, &fx_omit, NULL);
    const lb_diagnostic *g;
    FX_EXPECT_COUNT(d, 1);
    g = FX_EXPECT(d, LB_DIAG_MISSING_LAYER, LB_SEV_ERROR, "bcgd", -1);
    if (g) {
        CU_ASSERT(isnan(lb_diagnostic_area(g)));
        FX_ASSERT_HAS(lb_diagnostic_message(g), "--supplement PATH:LAYER");
    }
    lb_diagnostics_destroy(d);
}

/* Without the project table, the features' projects are unknown: told
 * once, not once per feature. */
static void test_missing_project_table(void)
{
    lb_diagnostics *d = check_roles(NULL, NULL, NULL, &fx_omit);
    const lb_diagnostic *g;
    FX_EXPECT_COUNT(d, 2);
    FX_EXPECT(d, LB_DIAG_MISSING_LAYER, LB_SEV_ERROR, "xmxx", -1);
    g = FX_EXPECT(d, LB_DIAG_UNKNOWN_PROJECT, LB_SEV_ERROR, "xmxx", -1);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g),
                      "none of the 1 occupation and 1 supplement features");
    lb_diagnostics_destroy(d);
}

/* A missing required field is told once, not again on every feature
 * (no MISSING_GRADE for each cultivated parcel, no BAD_VALUE for each
 * empty XMBH). */
static void test_missing_field(void)
{
    const fx_layer bl = {
        "dltb", wkbPolygon, 4543, "BSM:s,DLBM:s,TBMJ:r",
        (const char *const[]){"R 0 0 100 100|B1|0101|9999.07",
                              "R 100 0 100 100|B2|0103|9999.07", NULL}};
    const fx_layer oc = {"zyfw", wkbPolygon, 4543, "XMMC:s",
                         (const char *const[]){"R 20 20 50 50|路", NULL}};
    const fx_layer pr = {"xmxx", wkbNone, 0, "XMBH:s,XMLX:s,XZQMC:s",
                         (const char *const[]){"|ZY-1|occupation|东华镇",
                                               "|BC-1|supplement|东华镇",
                                               NULL}};
    lb_diagnostics *d = check_roles(&bl, NULL, NULL, NULL);
    const lb_diagnostic *g;
    FX_EXPECT_COUNT(d, 1);
    g = FX_EXPECT(d, LB_DIAG_MISSING_FIELD, LB_SEV_ERROR, "dltb", -1);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g), "--field baseline.GDDB=");
    lb_diagnostics_destroy(d);

    d = check_roles(NULL, &oc, NULL, NULL);
    FX_EXPECT_COUNT(d, 1);
    g = FX_EXPECT(d, LB_DIAG_MISSING_FIELD, LB_SEV_ERROR, "zyfw", -1);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g), "XMBH");
    lb_diagnostics_destroy(d);

    /* Optional fields (XMMC, XZQDM, BCXMBH) may be absent. */
    d = check_roles(NULL, NULL, NULL, &pr);
    FX_EXPECT_COUNT(d, 0);
    lb_diagnostics_destroy(d);
}

static const fx_layer remapped_baseline = {
    "dltb", wkbPolygon, 4543, "BSM:s,地类编码:s,TBMJ:r,等别:r",
    (const char *const[]){"R 0 0 100 100|B1|0101|9999.07|7",
                          "R 100 0 100 100|B2|0103|9999.07|11", NULL}};

static void test_field_remap(void)
{
    const fx_layer *over[LB_ROLE_COUNT_] = {&remapped_baseline};
    const char *path = fx_dataset(lb_cu_tmpdir(), "d.gpkg", over);
    lb_input *in = fx_input(ctx, path);
    lb_diagnostics *d = FX_CHECK(ctx, in);
    /* Under the survey's names, DLBM and GDDB are not there. */
    FX_EXPECT_COUNT(d, 2);
    lb_diagnostics_destroy(d);
    CU_ASSERT_EQUAL(
        lb_input_set_field(in, LB_ROLE_BASELINE, "DLBM", "地类编码"), LB_OK);
    CU_ASSERT_EQUAL(lb_input_set_field_spec(in, "baseline.GDDB=等别"), LB_OK);
    d = FX_CHECK(ctx, in);
    FX_EXPECT_COUNT(d, 0);
    lb_diagnostics_destroy(d);
    /* A later mapping replaces an earlier one. */
    CU_ASSERT_EQUAL(lb_input_set_field_spec(in, "baseline.GDDB=GDDB"), LB_OK);
    d = FX_CHECK(ctx, in);
    FX_EXPECT_COUNT(d, 1);
    FX_EXPECT(d, LB_DIAG_MISSING_FIELD, LB_SEV_ERROR, "dltb", -1);
    lb_diagnostics_destroy(d);
    lb_input_destroy(in);
}

static void spec_error(lb_input *in, const char *spec, const char *words)
{
    CU_ASSERT_EQUAL(lb_input_set_field_spec(in, spec), LB_ERR_ARG);
    FX_ASSERT_HAS(lb_errmsg(ctx), words);
}

static void test_field_spec_errors(void)
{
    lb_input *in = fx_input(ctx, NULL);
    char longspec[400];
    spec_error(in, "baselineDLBM=x", "expected ROLE.NAME=FIELD");
    spec_error(in, "baseline.DLBM", "expected ROLE.NAME=FIELD");
    spec_error(in, "a=b.c", "expected ROLE.NAME=FIELD");
    spec_error(in, "dltb.DLBM=x", "unknown role 'dltb'");
    spec_error(in, ".DLBM=x", "unknown role ''");
    spec_error(in, "baseline.FOO=x", "the baseline layer has no field FOO");
    spec_error(in, "occupation.DLBM=x", "has no field DLBM");
    spec_error(in, "baseline.DLBM=", "needs a name and a column");
    memset(longspec, 'x', sizeof longspec - 1);
    longspec[sizeof longspec - 1] = '\0';
    memcpy(longspec, "baseline.DLBM=", 14);
    spec_error(in, longspec, "too long");
    CU_ASSERT_EQUAL(lb_input_set_field_spec(in, NULL), LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_input_set_field_spec(NULL, "baseline.DLBM=x"),
                    LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_input_set_field(in, (lb_role)7, "DLBM", "x"),
                    LB_ERR_ARG);
    FX_ASSERT_HAS(lb_errmsg(ctx), "unknown role 7");
    CU_ASSERT_EQUAL(lb_input_set_field(in, LB_ROLE_BASELINE, NULL, "x"),
                    LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_input_set_field(in, LB_ROLE_BASELINE, "DLBM", NULL),
                    LB_ERR_ARG);
    /* Field names in dotted column names and '=' in a column are kept. */
    CU_ASSERT_EQUAL(lb_input_set_field_spec(in, "projects.XMMC=a.b=c"), LB_OK);
    LB_ASSERT_STR(lb__input_field(in, LB_ROLE_PROJECTS, LB__PR_XMMC), "a.b=c");
    CU_ASSERT_EQUAL(lb_input_set_field_spec(in, "supplement.BCLX=补充类型"),
                    LB_OK);
    LB_ASSERT_STR(lb__input_field(in, LB_ROLE_SUPPLEMENT, LB__SU_BCLX),
                  "补充类型");
    LB_ASSERT_STR(lb__input_field(in, LB_ROLE_SUPPLEMENT, LB__SU_DLBM), "DLBM");
    lb_input_destroy(in);
}

static void test_role_parse(void)
{
    static const char *const names[] = {"baseline", "occupation", "supplement",
                                        "projects"};
    lb_role r;
    int i;
    for (i = 0; i < LB_ROLE_COUNT_; i++) {
        CU_ASSERT_EQUAL(lb_role_parse(names[i], &r), LB_OK);
        CU_ASSERT_EQUAL(r, (lb_role)i);
        LB_ASSERT_STR(lb_role_name((lb_role)i), names[i]);
    }
    CU_ASSERT_EQUAL(lb_role_parse("Baseline", &r), LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_role_parse("dltb", &r), LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_role_parse("", &r), LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_role_parse(NULL, &r), LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_role_parse("baseline", NULL), LB_ERR_ARG);
    CU_ASSERT_PTR_NULL(lb_role_name(LB_ROLE_COUNT_));
    CU_ASSERT_PTR_NULL(lb_role_name((lb_role)-1));
}

static void test_input_setters(void)
{
    lb_input *in = fx_input(ctx, NULL);
    CU_ASSERT_EQUAL(lb_input_set_encoding(in, "GBK"), LB_OK);
    CU_ASSERT_EQUAL(lb_input_set_encoding(in, "CP936"), LB_OK);
    CU_ASSERT_EQUAL(lb_input_set_encoding(in, "no-such-encoding"), LB_ERR_ARG);
    FX_ASSERT_HAS(lb_errmsg(ctx), "unknown text encoding 'no-such-encoding'");
    CU_ASSERT_EQUAL(lb_input_set_encoding(in, ""), LB_OK);
    CU_ASSERT_EQUAL(lb_input_set_encoding(in, NULL), LB_OK);
    CU_ASSERT_EQUAL(lb_input_set_assume_crs(in, "EPSG:4543"), LB_OK);
    CU_ASSERT_EQUAL(lb_input_set_assume_crs(in, "EPSG:99999999"), LB_ERR_CRS);
    FX_ASSERT_HAS(lb_errmsg(ctx), "--assume-crs EPSG:99999999");
    CU_ASSERT_EQUAL(lb_input_set_assume_crs(in, NULL), LB_OK);
    CU_ASSERT_EQUAL(lb_input_set_source(in, (lb_role)4, "x"), LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_input_set_source(NULL, LB_ROLE_BASELINE, "x"),
                    LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_input_set_encoding(NULL, "GBK"), LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_input_set_assume_crs(NULL, "EPSG:4543"), LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_input_set_threads(in, -1), LB_ERR_ARG);
    CU_ASSERT_EQUAL(lb_input_set_threads(in, LB_MAX_THREADS + 1), LB_ERR_ARG);
    FX_ASSERT_HAS(lb_errmsg(ctx), "from 0 (all cores) to 256");
    CU_ASSERT_EQUAL(lb_input_set_threads(in, LB_MAX_THREADS), LB_OK);
    CU_ASSERT_EQUAL(lb_input_set_threads(in, 0), LB_OK);
    lb_input_destroy(in);
    lb_input_destroy(NULL);
}

/* ---- values -------------------------------------------------------------- */

static void test_dlbm_normalise(void)
{
    static const char *const cases[][2] = {{"101", "0101"},
                                           {"0101", "0101"},
                                           {" 102 ", "0102"},
                                           {"101.0", "0101"},
                                           {"101.00000000000", "0101"},
                                           {"1206", "1206"},
                                           {"0201K", "0201K"},
                                           {"201K", "0201K"},
                                           {"1104A", "1104A"},
                                           {"", ""},
                                           {"101.5", "0101.5"}};
    char out[16];
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lb__dlbm_normalise(cases[i][0], out, sizeof out);
        LB_ASSERT_STR(out, cases[i][1]);
    }
    CU_ASSERT(lb__dlbm_known("0201K"));
    CU_ASSERT(lb__dlbm_known("05H1"));
    CU_ASSERT(lb__dlbm_known("09"));
    CU_ASSERT(!lb__dlbm_known("0199"));
    CU_ASSERT(!lb__dlbm_known("9999"));
    CU_ASSERT(!lb__dlbm_known(""));
    CU_ASSERT_EQUAL(lb__cultivated_class("0101"), 1);
    CU_ASSERT_EQUAL(lb__cultivated_class("0103K"), 3);
    CU_ASSERT_EQUAL(lb__cultivated_class("0104"), 0);
    CU_ASSERT_EQUAL(lb__cultivated_class("0201K"), 0);
}

/* Codes kept as integers (101) or reals (101.0) are 0101, i.e.
 * cultivated: a missing grade tells it. 1206 stays bare land. */
static void test_dlbm_types(void)
{
    const fx_layer as_int = {"dltb", wkbPolygon, 4543, "BSM:s,DLBM:i,GDDB:r",
                             (const char *const[]){"R 0 0 100 100|B1|101|~",
                                                   "R 100 0 100 100|B2|1206|~",
                                                   "R 200 0 100 100|B3|103|9",
                                                   NULL}};
    const fx_layer as_text = {
        "dltb", wkbPolygon, 4543, "BSM:s,DLBM:s,GDDB:r",
        (const char *const[]){
            "R 0 0 100 100|B1|0201K|~", "R 100 0 100 100|B2|9999|~",
            "R 200 0 100 100|B3| 0102 |~", "R 300 0 100 100|B4||~", NULL}};
    const fx_layer as_real = {"dltb", wkbPolygon, 4543, "BSM:s,DLBM:r,GDDB:r",
                              (const char *const[]){"R 0 0 100 100|B1|101|~",
                                                    "R 100 0 100 100|B2|1206|~",
                                                    NULL}};
    lb_diagnostics *d = check_roles(&as_int, NULL, NULL, NULL);
    FX_EXPECT_COUNT(d, 1);
    FX_EXPECT(d, LB_DIAG_MISSING_GRADE, LB_SEV_ERROR, "dltb", 1);
    lb_diagnostics_destroy(d);

    d = check_roles(&as_text, NULL, NULL, NULL);
    FX_EXPECT_COUNT(d, 3);
    FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "dltb", 2);
    FX_EXPECT(d, LB_DIAG_MISSING_GRADE, LB_SEV_ERROR, "dltb", 3);
    FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "dltb", 4);
    lb_diagnostics_destroy(d);

    d = check_roles(&as_real, NULL, NULL, NULL);
    FX_EXPECT_COUNT(d, 1);
    FX_EXPECT(d, LB_DIAG_MISSING_GRADE, LB_SEV_ERROR, "dltb", 1);
    lb_diagnostics_destroy(d);
}

/* A shapefile's real column is N(24,15): "101.000000000000000". */
static void test_dlbm_real_shapefile(void)
{
    const fx_layer bl = {"dltb", wkbPolygon, 4543, "BSM:s,DLBM:r,GDDB:r",
                         (const char *const[]){"R 0 0 100 100|B1|101|7",
                                               "R 100 0 100 100|B2|1206|~",
                                               "R 200 0 100 100|B3|102|~",
                                               NULL}};
    const char *dir = lb_cu_tmpdir();
    const char *shp = lb_cu_path(dir, "dltb.shp");
    const char *gpkg = fx_dataset(dir, "d.gpkg", NULL);
    lb_input *in = fx_input(ctx, gpkg);
    lb_diagnostics *d;
    const lb_diagnostic *g;
    CU_ASSERT_EQUAL_FATAL(fx_write(shp, "ESRI Shapefile", &bl, NULL), 0);
    CU_ASSERT_EQUAL(lb_input_set_source(in, LB_ROLE_BASELINE, shp), LB_OK);
    d = FX_CHECK(ctx, in);
    FX_EXPECT_COUNT(d, 1);
    g = FX_EXPECT(d, LB_DIAG_MISSING_GRADE, LB_SEV_ERROR, "dltb", 2);
    if (g) /* the code as normalised, not "0102.000000000000" */
        FX_ASSERT_HAS(lb_diagnostic_message(g), "(feature 2, 0102)");
    lb_diagnostics_destroy(d);
    lb_input_destroy(in);
}

static void test_grades_text(void)
{
    const fx_layer bl = {
        "dltb", wkbPolygon, 4543, "BSM:s,DLBM:s,GDDB:s",
        (const char *const[]){
            "R 0 0 100 100|B1|0101|7", "R 100 0 100 100|B2|0101|7.5",
            "R 200 0 100 100|B3|0101|abc", "R 300 0 100 100|B4|0101|",
            "R 400 0 100 100|B5|0101|0", "R 500 0 100 100|B6|0101|16",
            "R 600 0 100 100|B7|0102| 12 ", "R 700 0 100 100|B8|0101|7.0",
            "R 800 0 100 100|B9|1206|abc", NULL}};
    lb_diagnostics *d = check_roles(&bl, NULL, NULL, NULL);
    const lb_diagnostic *g;
    FX_EXPECT_COUNT(d, 5);
    g = FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "dltb", 2);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g), "GDDB '7.5' is not a grade");
    FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "dltb", 3);
    FX_EXPECT(d, LB_DIAG_MISSING_GRADE, LB_SEV_ERROR, "dltb", 4);
    FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "dltb", 5);
    FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "dltb", 6);
    lb_diagnostics_destroy(d);
}

static void test_grades_real(void)
{
    const fx_layer bl = {
        "dltb", wkbPolygon, 4543, "BSM:s,DLBM:s,GDDB:r",
        (const char *const[]){
            "R 0 0 100 100|B1|0101|7", "R 100 0 100 100|B2|0101|7.5",
            "R 200 0 100 100|B3|0101|0", "R 300 0 100 100|B4|0101|~",
            "R 400 0 100 100|B5|0103|15", NULL}};
    const fx_layer su = {"bcgd", wkbPolygon, 4543, "XMBH:s,DLBM:s,GDDB:r",
                         (const char *const[]){"R 10 110 20 20|BC-1|0103|10",
                                               "R 40 110 20 20|BC-1|0103|~",
                                               "R 70 110 20 20|BC-1|0101|10.5",
                                               NULL}};
    lb_diagnostics *d = check_roles(&bl, NULL, &su, NULL);
    const lb_diagnostic *g;
    FX_EXPECT_COUNT(d, 5);
    FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "dltb", 2);
    FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "dltb", 3);
    FX_EXPECT(d, LB_DIAG_MISSING_GRADE, LB_SEV_ERROR, "dltb", 4);
    g = FX_EXPECT(d, LB_DIAG_MISSING_GRADE, LB_SEV_ERROR, "bcgd", 2);
    if (g)
        LB_ASSERT_STR(lb_diagnostic_project(g), "BC-1");
    g = FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "bcgd", 3);
    if (g)
        LB_ASSERT_STR(lb_diagnostic_project(g), "BC-1");
    lb_diagnostics_destroy(d);
}

static void test_kcxs(void)
{
    const fx_layer bl = {
        "dltb", wkbPolygon, 4543, "BSM:s,DLBM:s,KCXS:r,GDDB:r",
        (const char *const[]){
            "R 0 0 100 100|B1|0101|0.5|7", "R 100 0 100 100|B2|0101|1|7",
            "R 200 0 100 100|B3|0101|-0.1|7", "R 300 0 100 100|B4|0101|0.999|7",
            "R 400 0 100 100|B5|0101|~|7", NULL}};
    const fx_layer bl_text = {
        "dltb", wkbPolygon, 4543, "BSM:s,DLBM:s,KCXS:s,GDDB:r",
        (const char *const[]){"R 0 0 100 100|B1|0101|0.068|7",
                              "R 100 0 100 100|B2|0101|x|7",
                              "R 200 0 100 100|B3|0101||7", NULL}};
    const fx_layer su = {
        "bcgd", wkbPolygon, 4543, "XMBH:s,DLBM:s,GDDB:i,KCXS:r",
        (const char *const[]){"R 10 110 60 60|BC-1|0103|10|1.5", NULL}};
    lb_diagnostics *d = check_roles(&bl, NULL, &su, NULL);
    const lb_diagnostic *g;
    FX_EXPECT_COUNT(d, 3);
    FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "dltb", 2);
    g = FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "dltb", 3);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g), "KCXS '-0.1'");
    g = FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "bcgd", 1);
    if (g)
        LB_ASSERT_STR(lb_diagnostic_project(g), "BC-1");
    lb_diagnostics_destroy(d);
    d = check_roles(&bl_text, NULL, NULL, NULL);
    FX_EXPECT_COUNT(d, 1);
    FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "dltb", 2);
    lb_diagnostics_destroy(d);
}

/* TBDLMJ is the parcel less its ridges: never negative, never more than
 * TBMJ (0.01 m² of rounding allowed) or, without TBMJ, than the measured
 * area (0.1 % allowed, as for AREA_MISMATCH). A 100 m square is about
 * 9,995 m² here. */
static void test_tbdlmj_range(void)
{
    const fx_layer bl = {
        "dltb", wkbPolygon, 4543, "BSM:s,DLBM:s,GDDB:r,TBMJ:r,TBDLMJ:r",
        (const char *const[]){"R 0 0 100 100|B1|0101|7|~|-5",
                              "R 100 0 100 100|B2|0101|7|~|99999",
                              "R 200 0 100 100|B3|0101|7|~|9990",
                              "R 300 0 100 100|B4|0101|7|9994.96|9994.96",
                              "R 400 0 100 100|B5|0101|7|9994.96|9995.01",
                              "R 500 0 100 100|B6|0103|7|9994.96|9000", NULL}};
    lb_diagnostics *d = check_roles(&bl, NULL, NULL, NULL);
    const lb_diagnostic *g;
    FX_EXPECT_COUNT(d, 3);
    g = FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "dltb", 1);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g), "TBDLMJ -5.00 m² is negative");
    g = FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "dltb", 2);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g), "larger than the parcel");
    g = FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "dltb", 5);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g), "larger than TBMJ");
    lb_diagnostics_destroy(d);
}

static void test_bclx_xmlx(void)
{
    const fx_layer su = {
        "bcgd", wkbPolygon, 4543, "XMBH:s,DLBM:s,GDDB:i,BCLX:s",
        (const char *const[]){"R 0 110 10 10|BC-1|0103|10|翻新",
                              "R 10 110 10 10|BC-1|0103|10|新增",
                              "R 20 110 10 10|BC-1|0103|10|提质",
                              "R 30 110 10 10|BC-1|0101|10|改造",
                              "R 40 110 10 10|BC-1|0101|10|提质改造",
                              "R 50 110 10 10|BC-1|0103|10|New",
                              "R 60 110 10 10|BC-1|0101|10|upgrade+paddy",
                              "R 70 110 10 10|BC-1|0103|10|",
                              "R 80 110 10 10|BC-1|0103|10|~", NULL}};
    const fx_layer pr = {"xmxx", wkbNone, 0, "XMBH:s,XMLX:s,XZQMC:s,BCXMBH:s",
                         (const char *const[]){"|ZY-1|Occupation|东华镇|BC-1",
                                               "|BC-1|补充|东华镇|~",
                                               "|ZY-2|其他|东华镇|~", NULL}};
    lb_diagnostics *d = check_roles(NULL, NULL, &su, &pr);
    const lb_diagnostic *g;
    FX_EXPECT_COUNT(d, 2);
    g = FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "bcgd", 1);
    if (g) {
        LB_ASSERT_STR(lb_diagnostic_project(g), "BC-1");
        FX_ASSERT_HAS(lb_diagnostic_message(g), "BCLX '翻新'");
    }
    g = FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "xmxx", 3);
    if (g) {
        LB_ASSERT_STR(lb_diagnostic_project(g), "ZY-2");
        FX_ASSERT_HAS(lb_diagnostic_message(g), "XMLX '其他'");
    }
    lb_diagnostics_destroy(d);
}

static void test_empty_xmbh(void)
{
    const fx_layer oc = {"zyfw", wkbPolygon, 4543, "XMBH:s",
                         (const char *const[]){"R 20 20 50 50|ZY-1",
                                               "R 120 20 50 50|",
                                               "R 120 80 10 10|  ", NULL}};
    const fx_layer su = {"bcgd", wkbPolygon, 4543, "XMBH:s,DLBM:s,GDDB:i",
                         (const char *const[]){"R 10 110 60 60|BC-1|0103|10",
                                               "R 80 110 10 10|~|0103|10",
                                               NULL}};
    const fx_layer pr = {"xmxx", wkbNone, 0, "XMBH:s,XMLX:s,XZQMC:s,BCXMBH:s",
                         (const char *const[]){"|ZY-1|occupation|东华镇|BC-1",
                                               "|BC-1|supplement|东华镇|~",
                                               "||occupation|东华镇|~", NULL}};
    lb_diagnostics *d = check_roles(NULL, &oc, &su, &pr);
    FX_EXPECT_COUNT(d, 4);
    FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "zyfw", 2);
    FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "zyfw", 3);
    FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "bcgd", 2);
    FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "xmxx", 3);
    lb_diagnostics_destroy(d);
}

/* ---- projects and ids ---------------------------------------------------- */

static void test_unknown_project(void)
{
    const fx_layer oc = {"zyfw", wkbPolygon, 4543, "XMBH:s",
                         (const char *const[]){"R 20 20 50 50|ZY-1",
                                               "R 120 20 50 50|ZY-9", NULL}};
    const fx_layer su = {"bcgd", wkbPolygon, 4543, "XMBH:s,DLBM:s,GDDB:i",
                         (const char *const[]){"R 10 110 60 60|BC-1|0103|10",
                                               "R 80 110 10 10|ZY-1|0103|10",
                                               NULL}};
    const fx_layer pr = {
        "xmxx", wkbNone, 0, "XMBH:s,XMLX:s,XZQMC:s,BCXMBH:s",
        (const char *const[]){"|ZY-1|occupation|东华镇|BC-1，BC-7",
                              "|BC-1|supplement|东华镇|~",
                              "|ZY-3|occupation|东华镇|ZY-1", NULL}};
    lb_diagnostics *d = check_roles(NULL, &oc, &su, &pr);
    const lb_diagnostic *g;
    FX_EXPECT_COUNT(d, 5);
    /* ZY-3 is in the table but has no footprint */
    g = FX_EXPECT(d, LB_DIAG_PROJECT_WITHOUT_FEATURES, LB_SEV_WARNING, "xmxx",
                  3);
    if (g)
        LB_ASSERT_STR(lb_diagnostic_project(g), "ZY-3");
    g = FX_EXPECT(d, LB_DIAG_UNKNOWN_PROJECT, LB_SEV_ERROR, "zyfw", 2);
    if (g) {
        LB_ASSERT_STR(lb_diagnostic_project(g), "ZY-9");
        FX_ASSERT_HAS(lb_diagnostic_message(g), "does not list");
    }
    g = FX_EXPECT(d, LB_DIAG_UNKNOWN_PROJECT, LB_SEV_ERROR, "bcgd", 2);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g),
                      "as occupation, not supplement");
    g = FX_EXPECT(d, LB_DIAG_UNKNOWN_PROJECT, LB_SEV_ERROR, "xmxx", 1);
    if (g) {
        LB_ASSERT_STR(lb_diagnostic_project(g), "ZY-1");
        FX_ASSERT_HAS(lb_diagnostic_message(g), "BC-7");
    }
    g = FX_EXPECT(d, LB_DIAG_UNKNOWN_PROJECT, LB_SEV_ERROR, "xmxx", 3);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g), "not a supplement project");
    lb_diagnostics_destroy(d);
}

/* PROJECT_WITHOUT_FEATURES: once for a code the table lists twice, still
 * said when another project's parcel has a bad value (BCLX 'bogus'), and
 * said for a supplement project whose only "parcel" is a footprint in
 * the occupation layer. */
static void test_projects_without_features(void)
{
    const fx_layer oc = {"zyfw", wkbPolygon, 4543, "XMBH:s",
                         (const char *const[]){"R 20 20 50 50|ZY-1",
                                               "R 120 20 50 50|BC-3", NULL}};
    const fx_layer su = {
        "bcgd", wkbPolygon, 4543, "XMBH:s,DLBM:s,GDDB:i,BCLX:s",
        (const char *const[]){"R 10 110 60 60|BC-1|0103|10|bogus", NULL}};
    const fx_layer pr = {
        "xmxx", wkbNone, 0, "XMBH:s,XMLX:s,XZQMC:s,BCXMBH:s",
        (const char *const[]){
            "|ZY-1|occupation|东华镇|BC-1", "|BC-1|supplement|东华镇|~",
            "|BC-2|supplement|东华镇|~", "|BC-2|supplement|东华镇|~",
            "|BC-3|supplement|东华镇|~", NULL}};
    lb_diagnostics *d = check_roles(NULL, &oc, &su, &pr);
    FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_ERROR, "bcgd", 1);
    FX_EXPECT(d, LB_DIAG_DUPLICATE_ID, LB_SEV_ERROR, "xmxx", FX_ANY_FID);
    FX_EXPECT(d, LB_DIAG_UNKNOWN_PROJECT, LB_SEV_ERROR, "zyfw", 2);
    CU_ASSERT_EQUAL(
        lb_diagnostics_count_by(d, LB_DIAG_PROJECT_WITHOUT_FEATURES, 0), 2);
    FX_EXPECT(d, LB_DIAG_PROJECT_WITHOUT_FEATURES, LB_SEV_WARNING, "xmxx", 5);
    CU_ASSERT_PTR_NOT_NULL(
        fx_find(d, LB_DIAG_PROJECT_WITHOUT_FEATURES, "xmxx", 3)
            ? fx_find(d, LB_DIAG_PROJECT_WITHOUT_FEATURES, "xmxx", 3)
            : fx_find(d, LB_DIAG_PROJECT_WITHOUT_FEATURES, "xmxx", 4));
    lb_diagnostics_destroy(d);
}

/* Project codes and BCXMBH lists are compared whole, however long: two
 * 300-character codes that differ only at the end are two projects, and
 * a link past the 2,000th character of BCXMBH is followed (a known one
 * is found, an unknown one is told). */
static void test_long_codes(void)
{
    static char a[301], b[301], occ[400], sup[400], pa[3200], pb[400];
    const char *orow[2] = {occ, NULL}, *srow[2] = {sup, NULL},
               *prow[3] = {pa, pb, NULL};
    fx_layer oc = {"zyfw", wkbPolygon, 4543, "XMBH:s", NULL};
    fx_layer su = {"bcgd", wkbPolygon, 4543, "XMBH:s,DLBM:s,GDDB:i", NULL};
    fx_layer pr = {"xmxx", wkbNone, 0, "XMBH:s,XMLX:s,XZQMC:s,BCXMBH:s", NULL};
    char pad[2101];
    lb_diagnostics *d;
    const lb_diagnostic *g;
    memset(a, 'P', 300);
    memcpy(b, a, sizeof a);
    a[299] = '1';
    b[299] = '2';
    memset(pad, ',', 2100);
    pad[2100] = '\0';
    snprintf(occ, sizeof occ, "R 20 20 50 50|%s", a);
    snprintf(sup, sizeof sup, "R 10 110 60 60|%s|0103|10", b);
    snprintf(pa, sizeof pa, "|%s|occupation|东华镇|%s%s,NOPE", a, pad, b);
    snprintf(pb, sizeof pb, "|%s|supplement|东华镇|~", b);
    oc.rows = orow;
    su.rows = srow;
    pr.rows = prow;
    d = check_roles(NULL, &oc, &su, &pr);
    FX_EXPECT_COUNT(d, 1);
    g = FX_EXPECT(d, LB_DIAG_UNKNOWN_PROJECT, LB_SEV_ERROR, "xmxx", 1);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g), "draws on NOPE");
    lb_diagnostics_destroy(d);
}

static void test_duplicate_ids(void)
{
    const fx_layer bl = {
        "dltb", wkbPolygon, 4543, "BSM:s,DLBM:s,GDDB:r",
        (const char *const[]){
            "R 0 0 100 100|B1|0101|7", "R 100 0 100 100|B1|1206|~",
            "R 200 0 100 100|~|1206|~", "R 300 0 100 100|3|1206|~", NULL}};
    const fx_layer pr = {"xmxx", wkbNone, 0, "XMBH:s,XMLX:s,XZQMC:s,BCXMBH:s",
                         (const char *const[]){"|ZY-1|occupation|东华镇|BC-1",
                                               "|BC-1|supplement|东华镇|~",
                                               "|ZY-1|occupation|子午镇|~",
                                               NULL}};
    lb_diagnostics *d = check_roles(&bl, NULL, NULL, &pr);
    const lb_diagnostic *g;
    /* Feature 3 has no BSM: the feature id that stands in for it must not
     * clash with feature 4's BSM "3". */
    FX_EXPECT_COUNT(d, 2);
    g = FX_EXPECT(d, LB_DIAG_DUPLICATE_ID, LB_SEV_WARNING, "dltb", 2);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g), "BSM B1");
    g = FX_EXPECT(d, LB_DIAG_DUPLICATE_ID, LB_SEV_ERROR, "xmxx", 3);
    if (g)
        LB_ASSERT_STR(lb_diagnostic_project(g), "ZY-1");
    lb_diagnostics_destroy(d);
}

/* BSMs over 31 bytes are shown cut, and one BAD_VALUE for the layer
 * counts them and names the first; they are still told apart by the
 * whole value: two braced UUIDs that differ in their last character, or
 * two 60-byte BSMs that differ after byte 31, are no duplicates. The
 * true copy of the first long BSM, feature 5, is a DUPLICATE_ID, and so
 * is feature 6, the second with a blank after it (read trimmed). */
static void test_long_bsm(void)
{
#define LONG_BSM "53230100000000000000000000000000000000000000000000000000000"
    const fx_layer bl = {
        "dltb", wkbPolygon, 4543, "BSM:s,DLBM:s,GDDB:r",
        (const char *const[]){
            "R 0 0 100 100|{6F9619FF-8B86-D011-B42D-00C04FC964F1}|0101|7",
            "R 100 0 100 100|{6F9619FF-8B86-D011-B42D-00C04FC964F2}|1206|~",
            "R 200 0 100 100|" LONG_BSM "1|1206|~",
            "R 300 0 100 100|" LONG_BSM "2|1206|~",
            "R 400 0 100 100|" LONG_BSM "1|1206|~",
            "R 500 0 100 100|" LONG_BSM "2 |1206|~", NULL}};
    lb_diagnostics *d = check_roles(&bl, NULL, NULL, NULL);
    const lb_diagnostic *g;
    FX_EXPECT_COUNT(d, 3);
    FX_EXPECT(d, LB_DIAG_DUPLICATE_ID, LB_SEV_WARNING, "dltb", 6);
    g = FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_WARNING, "dltb", -1);
    if (g) {
        FX_ASSERT_HAS(lb_diagnostic_message(g), "6 BSMs of dltb");
        FX_ASSERT_HAS(lb_diagnostic_message(g), "the first in feature 1");
        FX_ASSERT_HAS(lb_diagnostic_message(g), "longer than 31 bytes");
    }
    g = FX_EXPECT(d, LB_DIAG_DUPLICATE_ID, LB_SEV_WARNING, "dltb", 5);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g),
                      "BSM 5323010000000000000000000000000 is used by "
                      "features 3 and 5");
    lb_diagnostics_destroy(d);
#undef LONG_BSM
}

/* ---- geometry ------------------------------------------------------------ */

#define BOWTIE                                                                 \
    "POLYGON((438500 2784000,438600 2784100,438600 2784000,438500 2784100,"    \
    "438500 2784000))"

static void test_geometry_kinds(void)
{
    const fx_layer bl = {
        "dltb", wkbUnknown, 4543, "BSM:s,DLBM:s,GDDB:r",
        (const char *const[]){
            "|B1|1206", "POLYGON EMPTY|B2|1206",
            "LINESTRING(438500 2784000,438600 2784100)|B3|1206",
            "GEOMETRYCOLLECTION(POLYGON((438600 2784000,438700 2784000,"
            "438700 2784100,438600 2784000)),LINESTRING(438600 2784000,"
            "438500 2784000))|B4|1206",
            "R 0 200 100 100|B5|1206", NULL}};
    lb_diagnostics *d = check_roles(&bl, NULL, NULL, NULL);
    const lb_diagnostic *g;
    FX_EXPECT_COUNT(d, 4);
    FX_EXPECT(d, LB_DIAG_NULL_GEOMETRY, LB_SEV_WARNING, "dltb", 1);
    FX_EXPECT(d, LB_DIAG_EMPTY_GEOMETRY, LB_SEV_WARNING, "dltb", 2);
    g = FX_EXPECT(d, LB_DIAG_NOT_POLYGON, LB_SEV_WARNING, "dltb", 3);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g), "skipped");
    g = FX_EXPECT(d, LB_DIAG_NOT_POLYGON, LB_SEV_WARNING, "dltb", 4);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g), "only its polygons are kept");
    lb_diagnostics_destroy(d);
}

/* A bow-tie: GEOS says where it crosses itself, MakeValid keeps both
 * triangles (half the square: TBMJ says so within 0.1 %, one triangle
 * alone would be an AREA_MISMATCH). */
static void test_invalid_geometry(void)
{
    char row[2][256];
    const char *rows[3];
    fx_layer bl = {"dltb", wkbPolygon, 4543, "BSM:s,DLBM:s,TBMJ:r,GDDB:r",
                   rows};
    lb_diagnostics *d;
    const lb_diagnostic *g;
    double half = fx_ref_rect(0, 0, 100, 100) / 2;
    snprintf(row[0], sizeof row[0], "%s|B1|1206|%.2f", BOWTIE, half);
    snprintf(row[1], sizeof row[1], "R 0 100 100 100|B2|1206|%.2f",
             fx_ref_rect(0, 100, 100, 100));
    rows[0] = row[0];
    rows[1] = row[1];
    rows[2] = NULL;
    d = check_roles(&bl, NULL, NULL, NULL);
    FX_EXPECT_COUNT(d, 1);
    g = FX_EXPECT(d, LB_DIAG_INVALID_GEOMETRY, LB_SEV_WARNING, "dltb", 1);
    if (g) {
        FX_ASSERT_HAS(lb_diagnostic_message(g), "Self-intersection");
        FX_ASSERT_HAS(lb_diagnostic_message(g), "438550.000 2784050.000");
        FX_ASSERT_HAS(lb_diagnostic_message(g), "repaired with MakeValid");
    }
    lb_diagnostics_destroy(d);
}

static void test_sliver(void)
{
    const fx_layer bl = {
        "dltb", wkbPolygon, 4543, "BSM:s,DLBM:s,GDDB:r",
        (const char *const[]){"R 300 0 2 3|B1|1206", "R 310 0 4 3|B2|1206",
                              "R 320 0 3.16 3.16|B3|1206", NULL}};
    const fx_layer oc = {
        "zyfw", wkbPolygon, 4543, "XMBH:s",
        (const char *const[]){"R 20 20 50 50|ZY-1", "R 80 80 1 2|ZY-1", NULL}};
    lb_diagnostics *d = check_roles(&bl, &oc, NULL, NULL);
    const lb_diagnostic *g;
    FX_EXPECT_COUNT(d, 3);
    g = FX_EXPECT(d, LB_DIAG_SLIVER, LB_SEV_WARNING, "dltb", 1);
    if (g)
        LB_ASSERT_NEAR(lb_diagnostic_area(g), fx_ref_rect(300, 0, 2, 3), 1e-6);
    g = FX_EXPECT(d, LB_DIAG_SLIVER, LB_SEV_WARNING, "dltb", 3);
    if (g)
        LB_ASSERT_NEAR(lb_diagnostic_area(g), fx_ref_rect(320, 0, 3.16, 3.16),
                       1e-6);
    g = FX_EXPECT(d, LB_DIAG_SLIVER, LB_SEV_WARNING, "zyfw", 2);
    if (g) {
        LB_ASSERT_NEAR(lb_diagnostic_area(g), fx_ref_rect(80, 80, 1, 2), 1e-6);
        LB_ASSERT_STR(lb_diagnostic_project(g), "ZY-1");
    }
    lb_diagnostics_destroy(d);
}

/* AREA_MISMATCH carries computed - TBMJ; the threshold is 0.1 %. */
static void test_area_mismatch(void)
{
    char row[4][128];
    const char *rows[5];
    fx_layer bl = {"dltb", wkbPolygon, 4543, "BSM:s,DLBM:s,TBMJ:s,GDDB:r",
                   rows};
    double a[4], tbmj[4];
    lb_diagnostics *d;
    const lb_diagnostic *g;
    int i;
    for (i = 0; i < 4; i++)
        a[i] = fx_ref_rect(100 * i, 0, 100, 100);
    tbmj[0] = 9000;
    tbmj[1] = floor(a[1] * (1 + 0.0009) * 100) / 100; /* within 0.1 % */
    tbmj[2] = floor(a[2] * (1 - 0.0011) * 100) / 100; /* beyond */
    for (i = 0; i < 3; i++)
        snprintf(row[i], sizeof row[i], "R %d 0 100 100|B%d|1206|%.2f", 100 * i,
                 i + 1, tbmj[i]);
    snprintf(row[3], sizeof row[3], "R 300 0 100 100|B4|1206|n/a");
    for (i = 0; i < 4; i++)
        rows[i] = row[i];
    rows[4] = NULL;
    d = check_roles(&bl, NULL, NULL, NULL);
    FX_EXPECT_COUNT(d, 3);
    g = FX_EXPECT(d, LB_DIAG_AREA_MISMATCH, LB_SEV_WARNING, "dltb", 1);
    if (g) {
        LB_ASSERT_NEAR(lb_diagnostic_area(g), a[0] - tbmj[0], 1e-4);
        FX_ASSERT_HAS(lb_diagnostic_message(g), "TBMJ 9000.00");
    }
    g = FX_EXPECT(d, LB_DIAG_AREA_MISMATCH, LB_SEV_WARNING, "dltb", 3);
    if (g)
        LB_ASSERT_NEAR(lb_diagnostic_area(g), a[2] - tbmj[2], 1e-4);
    g = FX_EXPECT(d, LB_DIAG_BAD_VALUE, LB_SEV_WARNING, "dltb", 4);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g), "TBMJ is not a number");
    lb_diagnostics_destroy(d);
}

/* Parcels 1 and 2 overlap on a 10 m x 20 m rectangle; parcel 3 only
 * touches parcel 1 along an edge. */
static void test_baseline_overlap(void)
{
    const fx_layer bl = {"dltb", wkbPolygon, 4543, "BSM:s,DLBM:s,GDDB:r",
                         (const char *const[]){"R 0 0 100 100|B1|1206",
                                               "R 90 0 20 20|B2|1206",
                                               "R 100 50 50 50|B3|1206", NULL}};
    lb_diagnostics *d = check_roles(&bl, NULL, NULL, NULL);
    const lb_diagnostic *g;
    double ref = fx_ref_rect(90, 0, 10, 20);
    FX_EXPECT_COUNT(d, 1);
    g = FX_EXPECT(d, LB_DIAG_BASELINE_OVERLAP, LB_SEV_WARNING, "dltb", 2);
    if (g) {
        /* 200 m² in the plane; the scale factor at 61.5 km from the
         * central meridian makes it about 199.99 m² on the ellipsoid. */
        LB_ASSERT_NEAR(lb_diagnostic_area(g), ref, 1e-4);
        CU_ASSERT(lb_diagnostic_area(g) < 200.0 &&
                  lb_diagnostic_area(g) > 199.9);
        FX_ASSERT_HAS(lb_diagnostic_message(g), "B1 (feature 1)");
        FX_ASSERT_HAS(lb_diagnostic_message(g), "B2 (feature 2)");
    }
    lb_diagnostics_destroy(d);
}

/* ---- CRS ----------------------------------------------------------------- */

/* The occupation layer in EPSG:4490 (GeoJSON, longitude first) is brought
 * into the baseline's EPSG:4543; a 1 m x 2 m footprint comes back with
 * its area (wrong axes would put it nowhere near). */
static void test_crs_reprojected(void)
{
    const fx_layer oc = {"zyfw", wkbPolygon, 4490, "XMBH:s",
                         (const char *const[]){"R 20 20 1 2|ZY-1", NULL}};
    const char *dir = lb_cu_tmpdir();
    const char *json = lb_cu_path(dir, "zyfw.geojson");
    lb_input *in = fx_input(ctx, fx_dataset(dir, "d.gpkg", NULL));
    lb_diagnostics *d;
    const lb_diagnostic *g;
    CU_ASSERT_EQUAL_FATAL(fx_write(json, "GeoJSON", &oc, NULL), 0);
    CU_ASSERT_EQUAL(lb_input_set_source(in, LB_ROLE_OCCUPATION, json), LB_OK);
    d = FX_CHECK(ctx, in);
    FX_EXPECT_COUNT(d, 2);
    g = FX_EXPECT(d, LB_DIAG_CRS_REPROJECTED, LB_SEV_WARNING, "zyfw", -1);
    if (g) {
        FX_ASSERT_HAS(lb_diagnostic_message(g), "EPSG:4490");
        FX_ASSERT_HAS(lb_diagnostic_message(g), "EPSG:4543");
        /* the same datum: no ballpark */
        CU_ASSERT_PTR_NULL(strstr(lb_diagnostic_message(g), "ballpark"));
    }
    g = FX_EXPECT(d, LB_DIAG_SLIVER, LB_SEV_WARNING, "zyfw", 0);
    if (g)
        LB_ASSERT_NEAR(lb_diagnostic_area(g), fx_ref_rect(20, 20, 1, 2), 1e-5);
    lb_diagnostics_destroy(d);
    lb_input_destroy(in);
}

/* An occupation layer on Xian 1980 (EPSG:2379, the same zone as the
 * baseline's EPSG:4543): PROJ knows no datum transformation to CGCS2000,
 * only a ballpark one, and CRS_REPROJECTED says that positions were not
 * shifted. The 1 ha footprint keeps its latitudes and longitudes and is
 * measured on CGCS2000, 0.009 m² from what IAG 1975 would give. */
static void test_crs_ballpark(void)
{
    const fx_layer oc = {"zyfw", wkbPolygon, 2379, "XMBH:s",
                         (const char *const[]){"R 20 20 100 100|ZY-1", NULL}};
    const char *dir = lb_cu_tmpdir();
    lb_input *in =
        fx_input(ctx, fx_dataset(dir, "d.gpkg",
                                 (const fx_layer *[]){NULL, &oc, NULL, NULL}));
    double cgcs = cu_ref_rect_crs("EPSG:2379", "EPSG:4610", CU_CGCS2000_A,
                                  CU_CGCS2000_F, 20, 20, 120, 120),
           iag = cu_ref_rect_crs("EPSG:2379", "EPSG:4610", CU_IAG75_A,
                                 CU_IAG75_F, 20, 20, 120, 120);
    const lb_diagnostic *g;
    lb_result *res = NULL;
    size_t i;
    int found = 0;
    CU_ASSERT(fabs(cgcs - iag) > 0.005);
    lb_input_set_yield_table(in, LB_TEST_DATA "/example/grade_yield.csv");
    CU_ASSERT_EQUAL_FATAL(lb_balance(ctx, in, &res), LB_OK);
    g = FX_EXPECT(lb_result_diagnostics(res), LB_DIAG_CRS_REPROJECTED,
                  LB_SEV_WARNING, "zyfw", -1);
    if (g) {
        FX_ASSERT_HAS(lb_diagnostic_message(g), "is in EPSG:2379");
        FX_ASSERT_HAS(lb_diagnostic_message(g), "without a datum shift");
        FX_ASSERT_HAS(lb_diagnostic_message(g), "ballpark");
    }
    for (i = 0; i < lb_result_project_count(res); i++) {
        const lb_project *p = lb_result_project(res, i);
        if (strcmp(lb_project_code(p), "ZY-1") == 0) {
            LB_ASSERT_NEAR(lb_project_footprint(p), cgcs, 1e-4);
            found = 1;
        }
    }
    CU_ASSERT(found);
    lb_result_destroy(res);
    lb_input_destroy(in);
}

/* A baseline on Xian 1980 (IAG 1975 ellipsoid) is measured on its own
 * ellipsoid, as the 2008 notice does for such data, with
 * CRS_NOT_CGCS2000 saying that its areas are not the 三调's; the other
 * layers (EPSG:4543) come to it by the ballpark. The 1 ha parcel's area
 * (AREA_MISMATCH against a TBMJ of 1 m²) is the IAG 1975 one, 0.009 m²
 * from what CGCS2000 would give. */
static void test_baseline_other_ellipsoid(void)
{
    const fx_layer bl = {"dltb", wkbPolygon, 2379, "BSM:s,DLBM:s,GDDB:r,TBMJ:r",
                         (const char *const[]){"R 0 0 100 100|B1|0101|7|1",
                                               "R 0 100 100 100|B3|1206|~|~",
                                               NULL}};
    lb_diagnostics *d = check_roles(&bl, NULL, NULL, NULL);
    const lb_diagnostic *g;
    double iag = cu_ref_rect_crs("EPSG:2379", "EPSG:4610", CU_IAG75_A,
                                 CU_IAG75_F, 0, 0, 100, 100),
           cgcs = cu_ref_rect_crs("EPSG:2379", "EPSG:4610", CU_CGCS2000_A,
                                  CU_CGCS2000_F, 0, 0, 100, 100);
    FX_EXPECT_COUNT(d, 4);
    g = FX_EXPECT(d, LB_DIAG_CRS_NOT_CGCS2000, LB_SEV_WARNING, "dltb", -1);
    if (g) {
        FX_ASSERT_HAS(lb_diagnostic_message(g), "EPSG:2379");
        FX_ASSERT_HAS(lb_diagnostic_message(g), "IAG 1975");
        FX_ASSERT_HAS(lb_diagnostic_message(g), "a = 6378140.000 m");
    }
    FX_EXPECT(d, LB_DIAG_CRS_REPROJECTED, LB_SEV_WARNING, "zyfw", -1);
    FX_EXPECT(d, LB_DIAG_CRS_REPROJECTED, LB_SEV_WARNING, "bcgd", -1);
    g = FX_EXPECT(d, LB_DIAG_AREA_MISMATCH, LB_SEV_WARNING, "dltb", 1);
    CU_ASSERT(fabs(iag - cgcs) > 0.005);
    if (g)
        LB_ASSERT_NEAR(lb_diagnostic_area(g) + 1.0, iag, 1e-4);
    lb_diagnostics_destroy(d);
}

/* A geographic baseline goes to the 3-degree zone of its centre: 101.4°E
 * is in the zone of CM 102°E, EPSG:4543, where the other layers already
 * are (so they are not reprojected). */
static void test_geographic_baseline(void)
{
    const fx_layer bl = {"dltb", wkbPolygon, 4490, "BSM:s,DLBM:s,GDDB:r",
                         (const char *const[]){"R 0 0 100 100|B1|0101|7",
                                               "R 0 100 100 100|B3|1206|~",
                                               "R 300 0 2 3|B4|1206|~", NULL}};
    lb_diagnostics *d = check_roles(&bl, NULL, NULL, NULL);
    const lb_diagnostic *g;
    FX_EXPECT_COUNT(d, 2);
    g = FX_EXPECT(d, LB_DIAG_CRS_REPROJECTED, LB_SEV_WARNING, "dltb", -1);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g), "EPSG:4543");
    g = FX_EXPECT(d, LB_DIAG_SLIVER, LB_SEV_WARNING, "dltb", 3);
    if (g)
        LB_ASSERT_NEAR(lb_diagnostic_area(g), fx_ref_rect(300, 0, 2, 3), 1e-5);
    lb_diagnostics_destroy(d);
}

/* A geographic baseline on Xian 1980 (EPSG:4610) goes to the 3-degree
 * zone of its centre on its own datum, so that nothing is moved by a
 * ballpark, and is measured on IAG 1975 with CRS_NOT_CGCS2000; the other
 * layers (EPSG:4543) come to it by the ballpark. The 1 ha parcel's area
 * (AREA_MISMATCH against a TBMJ of 1 m²) is the IAG 1975 one of its
 * corners (geodesic edges, within 1e-6 m² of straight ones there), 0.009
 * m² from the CGCS2000 one. */
static void test_geographic_baseline_other_datum(void)
{
    static char row[512];
    const char *rows[2] = {row, NULL};
    const fx_layer bl = {"dltb", wkbPolygon, 4610, "BSM:s,DLBM:s,GDDB:r,TBMJ:r",
                         rows};
    struct geod_geodesic iag, cgcs;
    double lon[4], lat[4], a_iag, a_cgcs;
    lb_diagnostics *d;
    const lb_diagnostic *g;
    int k;
    cu_ref_lonlat(0, 0, &lon[0], &lat[0]);
    cu_ref_lonlat(100, 0, &lon[1], &lat[1]);
    cu_ref_lonlat(100, 100, &lon[2], &lat[2]);
    cu_ref_lonlat(0, 100, &lon[3], &lat[3]);
    snprintf(row, sizeof row,
             "POLYGON((%.12f %.12f,%.12f %.12f,%.12f %.12f,%.12f %.12f,%.12f "
             "%.12f))|B1|0101|7|1",
             lon[0], lat[0], lon[1], lat[1], lon[2], lat[2], lon[3], lat[3],
             lon[0], lat[0]);
    geod_init(&iag, CU_IAG75_A, CU_IAG75_F);
    geod_init(&cgcs, CU_CGCS2000_A, CU_CGCS2000_F);
    geod_polygonarea(&iag, lat, lon, 4, &a_iag, NULL);
    geod_polygonarea(&cgcs, lat, lon, 4, &a_cgcs, NULL);
    a_iag = fabs(a_iag);
    a_cgcs = fabs(a_cgcs);
    CU_ASSERT(fabs(a_iag - a_cgcs) > 0.005);
    d = check_roles(&bl, NULL, NULL, NULL);
    FX_EXPECT_COUNT(d, 5);
    g = FX_EXPECT(d, LB_DIAG_CRS_REPROJECTED, LB_SEV_WARNING, "dltb", -1);
    if (g) {
        FX_ASSERT_HAS(lb_diagnostic_message(g),
                      "Xian 1980 / 3-degree Gauss-Kruger CM 102E");
        CU_ASSERT_PTR_NULL(strstr(lb_diagnostic_message(g), "ballpark"));
    }
    g = FX_EXPECT(d, LB_DIAG_CRS_NOT_CGCS2000, LB_SEV_WARNING, "dltb", -1);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g), "IAG 1975");
    for (k = 0; k < 2; k++) {
        g = FX_EXPECT(d, LB_DIAG_CRS_REPROJECTED, LB_SEV_WARNING,
                      k ? "bcgd" : "zyfw", -1);
        if (g)
            FX_ASSERT_HAS(lb_diagnostic_message(g), "ballpark");
    }
    g = FX_EXPECT(d, LB_DIAG_AREA_MISMATCH, LB_SEV_WARNING, "dltb", 1);
    if (g)
        LB_ASSERT_NEAR(lb_diagnostic_area(g) + 1.0, a_iag, 1e-4);
    lb_diagnostics_destroy(d);
}

/* A GeoPackage layer on the "Undefined Cartesian SRS" (srs_id -1) or the
 * "Undefined geographic SRS" (srs_id 0), the format's ways of saying "no
 * CRS", has no CRS: CRS_MISSING, which --assume-crs answers, not a
 * refusal of a CRS that is not projected or has no zone. */
static void test_crs_undefined_gpkg(void)
{
    static const char *const sql[2] = {
        "UPDATE gpkg_geometry_columns SET srs_id = -1 WHERE table_name = "
        "'dltb'",
        "UPDATE gpkg_geometry_columns SET srs_id = 0 WHERE table_name = "
        "'dltb'"};
    static const char *const name[2] = {"Undefined Cartesian SRS",
                                        "Undefined geographic SRS"};
    int k;
    for (k = 0; k < 2; k++) {
        const char *gpkg = fx_dataset(lb_cu_tmpdir(), "d.gpkg", NULL);
        GDALDatasetH ds =
            GDALOpenEx(gpkg, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
        lb_input *in;
        lb_diagnostics *d;
        const lb_diagnostic *g;
        CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
        GDALDatasetExecuteSQL(ds, sql[k], NULL, NULL);
        GDALClose(ds);
        in = fx_input(ctx, gpkg);
        d = FX_CHECK(ctx, in);
        FX_EXPECT_COUNT(d, 1);
        g = FX_EXPECT(d, LB_DIAG_CRS_MISSING, LB_SEV_ERROR, "dltb", -1);
        if (g) {
            FX_ASSERT_HAS(lb_diagnostic_message(g), "only an undefined one");
            FX_ASSERT_HAS(lb_diagnostic_message(g), name[k]);
        }
        lb_diagnostics_destroy(d);
        CU_ASSERT_EQUAL(lb_input_set_assume_crs(in, "EPSG:4543"), LB_OK);
        d = FX_CHECK(ctx, in);
        FX_EXPECT_COUNT(d, 0);
        lb_diagnostics_destroy(d);
        lb_input_destroy(in);
    }
}

static void test_crs_missing(void)
{
    const fx_layer bl = {"dltb", wkbPolygon, 0, "BSM:s,DLBM:s,GDDB:r",
                         (const char *const[]){"R 0 0 100 100|B1|0101|7",
                                               "R 0 100 100 100|B3|1206|~",
                                               "R 300 0 2 3|B4|1206|~", NULL}};
    const char *dir = lb_cu_tmpdir();
    const char *shp = lb_cu_path(dir, "dltb.shp");
    lb_input *in = fx_input(ctx, fx_dataset(dir, "d.gpkg", NULL));
    lb_diagnostics *d;
    const lb_diagnostic *g;
    CU_ASSERT_EQUAL_FATAL(fx_write(shp, "ESRI Shapefile", &bl, NULL), 0);
    CU_ASSERT_FALSE(fx_exists(lb_cu_path(dir, "dltb.prj")));
    CU_ASSERT_EQUAL(lb_input_set_source(in, LB_ROLE_BASELINE, shp), LB_OK);
    d = FX_CHECK(ctx, in);
    FX_EXPECT_COUNT(d, 1);
    g = FX_EXPECT(d, LB_DIAG_CRS_MISSING, LB_SEV_ERROR, "dltb", -1);
    if (g)
        FX_ASSERT_HAS(lb_diagnostic_message(g), "--assume-crs");
    lb_diagnostics_destroy(d);
    /* Named by the caller, the CRS is used: only the sliver remains. */
    CU_ASSERT_EQUAL(lb_input_set_assume_crs(in, "EPSG:4543"), LB_OK);
    d = FX_CHECK(ctx, in);
    FX_EXPECT_COUNT(d, 1);
    g = FX_EXPECT(d, LB_DIAG_SLIVER, LB_SEV_WARNING, "dltb", 2);
    if (g)
        LB_ASSERT_NEAR(lb_diagnostic_area(g), fx_ref_rect(300, 0, 2, 3), 1e-6);
    lb_diagnostics_destroy(d);
    lb_input_destroy(in);
}

static void test_crs_missing_occupation(void)
{
    const fx_layer oc = {"zyfw", wkbPolygon, 0, "XMBH:s",
                         (const char *const[]){"R 20 20 50 50|ZY-1", NULL}};
    const char *dir = lb_cu_tmpdir();
    const char *shp = lb_cu_path(dir, "zyfw.shp");
    lb_input *in = fx_input(ctx, fx_dataset(dir, "d.gpkg", NULL));
    lb_diagnostics *d;
    CU_ASSERT_EQUAL_FATAL(fx_write(shp, "ESRI Shapefile", &oc, NULL), 0);
    CU_ASSERT_EQUAL(lb_input_set_source(in, LB_ROLE_OCCUPATION, shp), LB_OK);
    d = FX_CHECK(ctx, in);
    FX_EXPECT_COUNT(d, 1);
    FX_EXPECT(d, LB_DIAG_CRS_MISSING, LB_SEV_ERROR, "zyfw", -1);
    lb_diagnostics_destroy(d);
    CU_ASSERT_EQUAL(lb_input_set_assume_crs(in, "EPSG:4543"), LB_OK);
    d = FX_CHECK(ctx, in);
    FX_EXPECT_COUNT(d, 0);
    lb_diagnostics_destroy(d);
    lb_input_destroy(in);
}

/* ---- sources ------------------------------------------------------------- */

static void test_source_path_layer(void)
{
    const fx_layer bl = {
        "地类图斑2023", wkbPolygon, 4543,
        "BSM:s,DLBM:s,ZLDWDM:s,TBMJ:r,KCXS:r,TBDLMJ:r,GDDB:r",
        (const char *const[]){
            "R 0 0 100 100|B1|0101|5323011012010000000|9999.07|0|9999.07|7",
            "R 0 100 100 100|B3|1206|5323011012010000000|9999.07|0|9999.07|~",
            NULL}};
    const char *dir = lb_cu_tmpdir();
    const char *gpkg = fx_dataset(dir, "d.gpkg", NULL);
    const char *other = lb_cu_path(dir, "other.gpkg");
    const char *json = lb_cu_path(dir, "bcgd.geojson");
    char src[600];
    lb_input *in = fx_input(ctx, gpkg);
    lb_diagnostics *d;
    CU_ASSERT_EQUAL_FATAL(fx_write(other, "GPKG", &bl, NULL), 0);
    CU_ASSERT_EQUAL_FATAL(fx_write(json, "GeoJSON", &fx_bcgd, NULL), 0);
    snprintf(src, sizeof src, "%s:地类图斑2023", other);
    CU_ASSERT_EQUAL(lb_input_set_source(in, LB_ROLE_BASELINE, src), LB_OK);
    CU_ASSERT_EQUAL(lb_input_set_source(in, LB_ROLE_SUPPLEMENT, json), LB_OK);
    snprintf(src, sizeof src, "%s:xmxx", gpkg);
    CU_ASSERT_EQUAL(lb_input_set_source(in, LB_ROLE_PROJECTS, src), LB_OK);
    d = FX_CHECK(ctx, in);
    FX_EXPECT_COUNT(d, 0);
    lb_diagnostics_destroy(d);
    /* A layer the dataset does not have. */
    snprintf(src, sizeof src, "%s:zyfw2", gpkg);
    CU_ASSERT_EQUAL(lb_input_set_source(in, LB_ROLE_OCCUPATION, src), LB_OK);
    d = FX_CHECK(ctx, in);
    FX_EXPECT_COUNT(d, 1);
    FX_EXPECT(d, LB_DIAG_MISSING_LAYER, LB_SEV_ERROR, "zyfw2", -1);
    lb_diagnostics_destroy(d);
    lb_input_destroy(in);
}

static void split_is(const char *src, const char *path, const char *layer)
{
    char p[64], l[32];
    CU_ASSERT_EQUAL(lb_source_split(src, p, sizeof p, l, sizeof l), LB_OK);
    LB_ASSERT_STR(p, path);
    LB_ASSERT_STR(l, layer);
}

/* Sources split at their last colon, except where that colon belongs to
 * the dataset's name; a part that does not fit is an error, never cut. */
static void test_source_split(void)
{
    const char *dir = lb_cu_tmpdir();
    char colon[600], p[8], l[8], src[700], *lng;
    lb_input *in;
    lb_diagnostics *d = NULL;
    split_is("county.gpkg:dltb", "county.gpkg", "dltb");
    split_is("county.gpkg", "county.gpkg", "");
    split_is("a:b:地类图斑", "a:b", "地类图斑");
    split_is("PG:dbname=x:dltb", "PG:dbname=x", "dltb");
    split_is("PG:host=h dbname=x", "PG:host=h dbname=x", "");
    split_is("C:d.shp", "C:d.shp", "");
    split_is("county.gpkg:", "county.gpkg", "");
    split_is("pg:dbname=x", "pg:dbname=x", "");
    /* A layer whose name has a colon, after an existing file. */
    CU_ASSERT_EQUAL_FATAL(lb_cu_write_file(lb_cu_path(dir, "zone.gpkg"), "x"),
                          0);
    snprintf(colon, sizeof colon, "%s:z:dltb", lb_cu_path(dir, "zone.gpkg"));
    CU_ASSERT_EQUAL(lb_source_split(colon, src, sizeof src, l, sizeof l),
                    LB_OK);
    LB_ASSERT_STR(src, lb_cu_path(dir, "zone.gpkg"));
    LB_ASSERT_STR(l, "z:dltb");
    /* An existing file with a colon in its name is that file. */
    snprintf(colon, sizeof colon, "%s", lb_cu_path(dir, "x:y"));
    CU_ASSERT_EQUAL_FATAL(lb_cu_write_file(colon, "x"), 0);
    CU_ASSERT_EQUAL(lb_source_split(colon, src, sizeof src, l, sizeof l),
                    LB_OK);
    LB_ASSERT_STR(src, colon);
    LB_ASSERT_STR(l, "");
    CU_ASSERT_EQUAL(lb_source_split("12345678:a", p, sizeof p, l, sizeof l),
                    LB_ERR_ARG);
    LB_ASSERT_STR(p, "");
    CU_ASSERT_EQUAL(lb_source_split("a:123456789", p, sizeof p, l, sizeof l),
                    LB_ERR_ARG);
    LB_ASSERT_STR(l, "");
    CU_ASSERT_EQUAL(lb_source_split("1234567", p, sizeof p, l, sizeof l),
                    LB_OK);
    CU_ASSERT_EQUAL(lb_source_split(NULL, p, sizeof p, l, sizeof l),
                    LB_ERR_ARG);
    /* in place: the path's buffer is the source's */
    snprintf(p, sizeof p, "a.db:t");
    CU_ASSERT_EQUAL(lb_source_split(p, p, sizeof p, l, sizeof l), LB_OK);
    LB_ASSERT_STR(p, "a.db");
    LB_ASSERT_STR(l, "t");
    CU_ASSERT_EQUAL(lb_source_split("a", p, 0, l, sizeof l), LB_ERR_ARG);
    /* A dataset or source longer than the library keeps fails, naming
     * it, instead of opening a truncated name. */
    lng = malloc(1200);
    CU_ASSERT_PTR_NOT_NULL_FATAL(lng);
    memset(lng, 'a', 1199);
    lng[1199] = '\0';
    in = fx_input(ctx, lng);
    CU_ASSERT_EQUAL(lb_check(ctx, in, &d), LB_ERR_ARG);
    FX_ASSERT_HAS(lb_errmsg(ctx), "the dataset path is too long");
    lb_diagnostics_destroy(d);
    lb_input_destroy(in);
    in = fx_input(ctx, NULL);
    lb_input_set_source(in, LB_ROLE_BASELINE, lng);
    d = NULL;
    CU_ASSERT_EQUAL(lb_check(ctx, in, &d), LB_ERR_ARG);
    FX_ASSERT_HAS(lb_errmsg(ctx), "the baseline source is too long");
    lb_diagnostics_destroy(d);
    lb_input_destroy(in);
    free(lng);
}

/* Files that are not data sets fail lb_check with LB_ERR_IO and a message
 * naming the file and GDAL's reason; nothing crashes, nothing leaks. */
static void not_a_dataset(const char *path, const char *words)
{
    lb_input *in = fx_input(ctx, path);
    lb_diagnostics *d = (lb_diagnostics *)1;
    CU_ASSERT_EQUAL(lb_check(ctx, in, &d), LB_ERR_IO);
    CU_ASSERT_PTR_NULL(d);
    CU_ASSERT_EQUAL(lb_errcode(ctx), LB_ERR_IO);
    FX_ASSERT_HAS(lb_errmsg(ctx), path);
    FX_ASSERT_HAS(lb_errmsg(ctx), words);
    lb_input_destroy(in);
}

static void test_not_a_dataset(void)
{
    const char *dir = lb_cu_tmpdir();
    const char *gpkg = fx_dataset(dir, "d.gpkg", NULL);
    const char *trunc = lb_cu_path(dir, "truncated.gpkg");
    const char *bytes = lb_cu_path(dir, "random.gpkg");
    FILE *f = fopen(bytes, "wb");
    unsigned x = 12345;
    int i;
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    for (i = 0; i < 8192; i++) { /* a fixed LCG: the same bytes each run */
        x = x * 1103515245u + 12345u;
        fputc((int)(x >> 16) & 0xFF, f);
    }
    fclose(f);
    CU_ASSERT_EQUAL_FATAL(fx_copy(gpkg, trunc), 0);
    CU_ASSERT_EQUAL_FATAL(fx_truncate(trunc, 20000), 0);
    not_a_dataset(bytes, "not recognized as a supported file format");
    not_a_dataset(trunc, "cannot open");
    not_a_dataset(lb_cu_path(dir, "missing.gpkg"), "No such file");
    not_a_dataset(dir, "cannot open");
}

/* A GeoPackage whose feature pages are damaged opens, then fails while
 * reading: that must stop the check, not drop the rest of the layer. */
static void test_corrupt_pages(void)
{
    enum { N = 600 };
    char **rows = malloc((N + 1) * sizeof *rows);
    fx_layer bl = {"dltb", wkbPolygon, 4543, "BSM:s,DLBM:s,XMMC:s", NULL};
    const char *dir = lb_cu_tmpdir();
    const char *path = lb_cu_path(dir, "d.gpkg");
    static const char *const no_index[] = {"SPATIAL_INDEX=NO", NULL};
    lb_input *in;
    lb_diagnostics *d = NULL;
    long size;
    FILE *f;
    int i;
    CU_ASSERT_PTR_NOT_NULL_FATAL(rows);
    for (i = 0; i < N; i++) {
        rows[i] = malloc(200);
        snprintf(rows[i], 200,
                 "R %d %d 10 10|B%d|1206|padding padding padding padding",
                 (i % 30) * 10, (i / 30) * 10, i);
    }
    rows[N] = NULL;
    bl.rows = (const char *const *)rows;
    /* Without an R-tree the middle of the file is the features' table. */
    CU_ASSERT_EQUAL_FATAL(fx_write(path, "GPKG", &bl, no_index), 0);
    f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fclose(f);
    /* Zeroed pages in the middle: b-tree pages of type 0 are corrupt. */
    CU_ASSERT_EQUAL(fx_poke(path, (size / 2) & ~4095L, 0, 16384), 0);
    in = fx_input(ctx, path);
    CU_ASSERT_EQUAL(lb_check(ctx, in, &d), LB_ERR_IO);
    FX_ASSERT_HAS(lb_errmsg(ctx), "reading layer dltb");
    lb_diagnostics_destroy(d);
    lb_input_destroy(in);
    for (i = 0; i < N; i++)
        free(rows[i]);
    free(rows);
}

/* The same in the supplement layer, which is read while workers build the
 * geometries of the features read before: the failure stops the run, and
 * what was read and built is freed, with any number of threads. */
static void test_corrupt_supplement_pages(void)
{
    enum { N = 2000 };
    char **rows = malloc((N + 1) * sizeof *rows);
    fx_layer sl = {"bcgd", wkbPolygon, 4543,
                   "XMBH:s,DLBM:s,GDDB:i,KCXS:r,BCLX:s,NOTE:s", NULL};
    const fx_layer *over[LB_ROLE_COUNT_] = {NULL, NULL, &sl, NULL};
    const char *dir = lb_cu_tmpdir(), *path;
    long size;
    FILE *f;
    int i, threads;
    CU_ASSERT_PTR_NOT_NULL_FATAL(rows);
    for (i = 0; i < N; i++) {
        rows[i] = malloc(200);
        snprintf(rows[i], 200,
                 "R %d %d 10 10|BC-1|0103|10|0.027|新增|padding padding "
                 "padding padding padding padding",
                 (i % 40) * 10, 300 + (i / 40) * 10);
    }
    rows[N] = NULL;
    sl.rows = (const char *const *)rows;
    path = fx_dataset(dir, "d.gpkg", over);
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    f = fopen(path, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fclose(f);
    /* the supplement parcels are most of the file */
    CU_ASSERT_EQUAL(fx_poke(path, (size / 2) & ~4095L, 0, 16384), 0);
    for (threads = 1; threads <= 3; threads++) {
        lb_input *in = fx_input(ctx, path);
        lb_diagnostics *d = (lb_diagnostics *)1;
        CU_ASSERT_EQUAL(lb_input_set_threads(in, threads), LB_OK);
        CU_ASSERT_EQUAL(lb_check(ctx, in, &d), LB_ERR_IO);
        CU_ASSERT_PTR_NULL(d);
        FX_ASSERT_HAS(lb_errmsg(ctx), "reading layer bcgd");
        lb_input_destroy(in);
    }
    for (i = 0; i < N; i++)
        free(rows[i]);
    free(rows);
}

/* ---- text encodings ------------------------------------------------------ */

/* Occupation and projects as GBK shapefiles (fx_gbk_shapefiles); the
 * baseline and supplement stay in the GeoPackage (UTF-8). */
static lb_input *gbk_input(int keep_cpg, int ldid, const char *xmlx_col)
{
    const char *dir = lb_cu_tmpdir();
    lb_input *in = fx_input(ctx, fx_dataset(dir, "d.gpkg", NULL));
    CU_ASSERT_EQUAL(fx_gbk_shapefiles(dir, keep_cpg, ldid, xmlx_col), 0);
    CU_ASSERT_EQUAL(fx_exists(lb_cu_path(dir, "xmxx.cpg")), keep_cpg);
    CU_ASSERT_EQUAL(lb_input_set_source(in, LB_ROLE_OCCUPATION,
                                        lb_cu_path(dir, "zyfw.shp")),
                    LB_OK);
    CU_ASSERT_EQUAL(
        lb_input_set_source(in, LB_ROLE_PROJECTS, lb_cu_path(dir, "xmxx.dbf")),
        LB_OK);
    return in;
}

/* The text was read right: the one diagnostic is ZY-9's, with its code in
 * UTF-8, and 占用/补充 were understood (no BAD_VALUE). */
static void expect_gbk_read(lb_input *in, int bad_encoding)
{
    lb_diagnostics *d = FX_CHECK(ctx, in);
    const lb_diagnostic *g;
    FX_EXPECT_COUNT(d, 1 + (bad_encoding ? 2 : 0));
    g = FX_EXPECT(d, LB_DIAG_UNKNOWN_PROJECT, LB_SEV_ERROR, "zyfw", 1);
    if (g)
        LB_ASSERT_STR(lb_diagnostic_project(g), "东华镇-9");
    if (bad_encoding) {
        g = FX_EXPECT(d, LB_DIAG_BAD_ENCODING, LB_SEV_WARNING, "zyfw", -1);
        if (g)
            FX_ASSERT_HAS(lb_diagnostic_message(g), "--encoding GBK");
        FX_EXPECT(d, LB_DIAG_BAD_ENCODING, LB_SEV_WARNING, "xmxx", -1);
    }
    lb_diagnostics_destroy(d);
}

static void test_gbk_with_cpg(void)
{
    lb_input *in = gbk_input(1, 0, "XMLX");
    expect_gbk_read(in, 0);
    CU_ASSERT_EQUAL(lb_input_set_encoding(in, "GBK"), LB_OK);
    expect_gbk_read(in, 0);
    lb_input_destroy(in);
}

static void test_gbk_without_cpg(void)
{
    lb_input *in = gbk_input(0, 0, "XMLX");
    expect_gbk_read(in, 1);
    CU_ASSERT_EQUAL(lb_input_set_encoding(in, "GBK"), LB_OK);
    expect_gbk_read(in, 0);
    lb_input_destroy(in);
}

/* ArcGIS writes language driver 0x57 ("ANSI") whatever the text; GDAL
 * reads that as ISO-8859-1 and GBK would come out as valid but wrong
 * UTF-8. */
static void test_gbk_ldid_ansi(void)
{
    lb_input *in = gbk_input(0, 0x57, "XMLX");
    expect_gbk_read(in, 1);
    CU_ASSERT_EQUAL(lb_input_set_encoding(in, "GBK"), LB_OK);
    expect_gbk_read(in, 0);
    lb_input_destroy(in);
}

/* A language driver that means GBK (0x4D, code page 936) is trusted. */
static void test_gbk_ldid_936(void)
{
    lb_input *in = gbk_input(0, 0x4D, "XMLX");
    expect_gbk_read(in, 0);
    lb_input_destroy(in);
}

/* A Chinese column name of a GBK DBF, mapped with --field in UTF-8. */
static void test_gbk_column_name(void)
{
    int keep;
    for (keep = 0; keep <= 1; keep++) {
        lb_input *in = gbk_input(keep, 0, "项目类型");
        CU_ASSERT_EQUAL(lb_input_set_field_spec(in, "projects.XMLX=项目类型"),
                        LB_OK);
        expect_gbk_read(in, !keep);
        lb_input_destroy(in);
    }
}

/* --encoding is for sources that do not say: a GeoPackage is UTF-8 and
 * its text (占用, 补充, 新增) is not recoded. */
static void test_encoding_leaves_utf8(void)
{
    const char *gpkg = fx_dataset(lb_cu_tmpdir(), "d.gpkg", NULL);
    lb_input *in = fx_input(ctx, gpkg);
    lb_diagnostics *d;
    CU_ASSERT_EQUAL(lb_input_set_encoding(in, "GBK"), LB_OK);
    d = FX_CHECK(ctx, in);
    FX_EXPECT_COUNT(d, 0);
    lb_diagnostics_destroy(d);
    lb_input_destroy(in);
}

/* ---- the yield table ----------------------------------------------------- */

static void test_yield_table(void)
{
    const char *dir = lb_cu_tmpdir();
    const char *gpkg = fx_dataset(dir, "d.gpkg", NULL);
    const char *csv = lb_cu_path(dir, "yield.csv");
    char text[1024];
    size_t n;
    int g;
    lb_input *in = fx_input(ctx, gpkg);
    lb_diagnostics *d = NULL;
    n = (size_t)snprintf(text, sizeof text,
                         "# an example table\n\ngrade,kg_per_mu\n");
    for (g = 1; g <= 15; g++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%d,%d\n", g,
                              1000 - 50 * g);
    CU_ASSERT_EQUAL(lb_cu_write_file(csv, text), 0);
    CU_ASSERT_EQUAL(lb_input_set_yield_table(in, csv), LB_OK);
    d = FX_CHECK(ctx, in);
    FX_EXPECT_COUNT(d, 0);
    lb_diagnostics_destroy(d);
    d = NULL;
    CU_ASSERT_EQUAL(lb_cu_write_file(csv, "grade,kg_per_mu\n1,900\n"), 0);
    CU_ASSERT_EQUAL(lb_check(ctx, in, &d), LB_ERR_CONFIG);
    CU_ASSERT_PTR_NULL(d);
    FX_ASSERT_HAS(lb_errmsg(ctx), "no row for grade 2");
    CU_ASSERT_EQUAL(lb_cu_write_file(csv, "grade,yield\n1,900\n"), 0);
    CU_ASSERT_EQUAL(lb_check(ctx, in, &d), LB_ERR_CONFIG);
    FX_ASSERT_HAS(lb_errmsg(ctx), "the header must be 'grade,kg_per_mu'");
    /* a yield that would overflow the capacities */
    CU_ASSERT_EQUAL(lb_cu_write_file(csv, "grade,kg_per_mu\n1,1e308\n"), 0);
    CU_ASSERT_EQUAL(lb_check(ctx, in, &d), LB_ERR_CONFIG);
    FX_ASSERT_HAS(lb_errmsg(ctx), "line 2: kg_per_mu must be a number from 0");
    lb_input_destroy(in);
}

/* A comment longer than a line buffer is refused, not read in pieces
 * (its tail '7,815' would otherwise define grade 7); so is a file of
 * NUL bytes with no line end (what /dev/zero gives). */
static void test_yield_long_lines(void)
{
    const char *dir = lb_cu_tmpdir();
    const char *csv = lb_cu_path(dir, "yield.csv");
    lb_input *in = fx_input(ctx, fx_dataset(dir, "d.gpkg", NULL));
    lb_diagnostics *d = NULL;
    char *text = malloc(20000);
    FILE *f;
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    memset(text, 'x', 19990);
    memcpy(text, "grade,kg_per_mu\n# ", 18);
    memcpy(text + 19990, " 7,815\n", 8);
    CU_ASSERT_EQUAL(lb_cu_write_file(csv, text), 0);
    CU_ASSERT_EQUAL(lb_input_set_yield_table(in, csv), LB_OK);
    CU_ASSERT_EQUAL(lb_check(ctx, in, &d), LB_ERR_CONFIG);
    FX_ASSERT_HAS(lb_errmsg(ctx), "line 2 is longer than");
    f = fopen(csv, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    memset(text, 0, 20000);
    CU_ASSERT_EQUAL(fwrite(text, 1, 20000, f), 20000);
    CU_ASSERT_EQUAL(fclose(f), 0);
    CU_ASSERT_EQUAL(lb_check(ctx, in, &d), LB_ERR_CONFIG);
    FX_ASSERT_HAS(lb_errmsg(ctx), "line 1 is longer than");
    CU_ASSERT_PTR_NULL(d);
    free(text);
    lb_input_destroy(in);
}

void source_suite_setup(void)
{
    CU_pSuite s = lb_cu_add_suite("source", suite_init, suite_clean);
    LB_ADD_TEST(s, test_good_dataset);
    LB_ADD_TEST(s, test_check_arguments);
    LB_ADD_TEST(s, test_diagnostic_accessors);
    LB_ADD_TEST(s, test_code_names);
    LB_ADD_TEST(s, test_missing_layer);
    LB_ADD_TEST(s, test_missing_project_table);
    LB_ADD_TEST(s, test_missing_field);
    LB_ADD_TEST(s, test_field_remap);
    LB_ADD_TEST(s, test_field_spec_errors);
    LB_ADD_TEST(s, test_role_parse);
    LB_ADD_TEST(s, test_input_setters);
    LB_ADD_TEST(s, test_dlbm_normalise);
    LB_ADD_TEST(s, test_dlbm_types);
    LB_ADD_TEST(s, test_dlbm_real_shapefile);
    LB_ADD_TEST(s, test_grades_text);
    LB_ADD_TEST(s, test_grades_real);
    LB_ADD_TEST(s, test_kcxs);
    LB_ADD_TEST(s, test_tbdlmj_range);
    LB_ADD_TEST(s, test_bclx_xmlx);
    LB_ADD_TEST(s, test_empty_xmbh);
    LB_ADD_TEST(s, test_unknown_project);
    LB_ADD_TEST(s, test_long_codes);
    LB_ADD_TEST(s, test_projects_without_features);
    LB_ADD_TEST(s, test_duplicate_ids);
    LB_ADD_TEST(s, test_long_bsm);
    LB_ADD_TEST(s, test_geometry_kinds);
    LB_ADD_TEST(s, test_invalid_geometry);
    LB_ADD_TEST(s, test_sliver);
    LB_ADD_TEST(s, test_area_mismatch);
    LB_ADD_TEST(s, test_baseline_overlap);
    LB_ADD_TEST(s, test_crs_reprojected);
    LB_ADD_TEST(s, test_geographic_baseline);
    LB_ADD_TEST(s, test_crs_ballpark);
    LB_ADD_TEST(s, test_baseline_other_ellipsoid);
    LB_ADD_TEST(s, test_geographic_baseline_other_datum);
    LB_ADD_TEST(s, test_crs_missing);
    LB_ADD_TEST(s, test_crs_undefined_gpkg);
    LB_ADD_TEST(s, test_crs_missing_occupation);
    LB_ADD_TEST(s, test_source_path_layer);
    LB_ADD_TEST(s, test_source_split);
    LB_ADD_TEST(s, test_not_a_dataset);
    LB_ADD_TEST(s, test_corrupt_pages);
    LB_ADD_TEST(s, test_corrupt_supplement_pages);
    LB_ADD_TEST(s, test_gbk_with_cpg);
    LB_ADD_TEST(s, test_gbk_without_cpg);
    LB_ADD_TEST(s, test_gbk_ldid_ansi);
    LB_ADD_TEST(s, test_gbk_ldid_936);
    LB_ADD_TEST(s, test_gbk_column_name);
    LB_ADD_TEST(s, test_encoding_leaves_utf8);
    LB_ADD_TEST(s, test_yield_table);
    LB_ADD_TEST(s, test_yield_long_lines);
}
