/*
 * cu_area_cmd.c: `landbal area`, the survey office's re-check of TBMJ.
 * Expected areas are the rules' test vectors and the example's TBMJ.
 */
#include "cu_tester.h"

#include <json.h>
#include <stdlib.h>
#include <string.h>

#define QUAD                                                                   \
    "'POLYGON((357000 2770100,358000 2770300,357600 2771100,"                  \
    "357100 2770900,357000 2770100))'"
#define EXAMPLE LB_TEST_DATA "/example/example.gpkg"

static double run_number(const char *cmd, int *status)
{
    char *out = NULL;
    double v;
    *status = lb_cu_run(cmd, &out);
    v = out ? strtod(out, NULL) : NAN;
    free(out);
    return v;
}

/* Run a command, assert its exit status and (when @p needle is given)
 * that its output says so. */
static void expect(const char *cmd, int status, const char *needle)
{
    char *out = NULL;
    CU_ASSERT_EQUAL(lb_cu_run(cmd, &out), status);
    if (needle)
        CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, needle) : NULL);
    free(out);
}

/* The done criterion, and the zone-prefixed CRS. */
static void test_wkt(void)
{
    int st;
    double a = run_number(LB_PROGRAM " area --crs EPSG:4543 " QUAD, &st);
    CU_ASSERT_EQUAL(st, 0);
    LB_ASSERT_NEAR(a, 629684.0183, 0.001);
    a = run_number(LB_PROGRAM " area --crs EPSG:4522 'POLYGON((34454000 "
                              "2770100,34454100 2770100,34454100 2770200,"
                              "34454000 2770200,34454000 2770100))'",
                   &st);
    CU_ASSERT_EQUAL(st, 0);
    LB_ASSERT_NEAR(a, 9999.4788, 0.0005);
    a = run_number(LB_PROGRAM " area --area planar --crs EPSG:4543 " QUAD, &st);
    CU_ASSERT_EQUAL(st, 0);
    LB_ASSERT_NEAR(a, 630000.0, 1e-4);
    /* Raw vertices: the per-edge formula is off by ~0.6 m² (rules §2). */
    a = run_number(LB_PROGRAM " area --densify 0 --crs EPSG:4543 " QUAD, &st);
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT(fabs(a - 629684.0183) > 0.3);
}

static void test_wkt_errors(void)
{
    expect(LB_PROGRAM " area " QUAD " 2>&1", 2, "--crs");
    expect(LB_PROGRAM " area --crs EPSG:3857 " QUAD " 2>&1", 2,
           "Transverse Mercator");
    expect(LB_PROGRAM " area --crs EPSG:4543 'POLYGON((0 0,1 1))' 2>&1", 1,
           NULL);
    expect(LB_PROGRAM " area --area sphere --crs EPSG:4543 " QUAD " 2>&1", 2,
           NULL);
}

/* A layer: one row per feature with the TBMJ and the difference; the
 * example's TBMJ are 2-decimal survey areas, so every difference is
 * under 0.005 m². */
static void test_layer_csv(void)
{
    char *out = NULL, *line, *save = NULL;
    int rows = 0;
    CU_ASSERT_EQUAL_FATAL(
        lb_cu_run(LB_PROGRAM " area --format csv " EXAMPLE ":dltb", &out), 0);
    line = strtok_r(out, "\n", &save);
    LB_ASSERT_STR(line, "fid,area_m2,tbmj_m2,diff_m2");
    while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
        long long fid;
        double area, tbmj, diff;
        CU_ASSERT_EQUAL(
            sscanf(line, "%lld,%lf,%lf,%lf", &fid, &area, &tbmj, &diff), 4);
        LB_ASSERT_NEAR(area, tbmj, 0.005);
        LB_ASSERT_NEAR(diff, area - tbmj, 1e-4);
        rows++;
    }
    CU_ASSERT_EQUAL(rows, 8);
    free(out);
}

static void test_layer_json(void)
{
    char *out = NULL;
    json_object *top, *features, *f, *v;
    CU_ASSERT_EQUAL_FATAL(
        lb_cu_run(LB_PROGRAM " area --format json " EXAMPLE ":dltb", &out), 0);
    top = json_tokener_parse(out);
    free(out);
    CU_ASSERT_FATAL(json_object_object_get_ex(top, "features", &features));
    CU_ASSERT_EQUAL(json_object_array_length(features), 8);
    f = json_object_array_get_idx(features, 0);
    CU_ASSERT(json_object_object_get_ex(f, "tbmj_m2", &v));
    LB_ASSERT_NEAR(json_object_get_double(v), 9999.07, 1e-9);
    CU_ASSERT(json_object_object_get_ex(f, "area_m2", &v));
    LB_ASSERT_NEAR(json_object_get_double(v), 9999.07, 0.005);
    json_object_put(top);
}

static void test_layer_text_and_errors(void)
{
    /* No TBMJ on footprints: a dash, not a number. */
    expect(LB_PROGRAM " area " EXAMPLE ":zyfw", 0, "\t-\t-");
    expect(LB_PROGRAM " area /nonexistent.gpkg 2>&1", 1, "cannot open");
}

/* Usage errors of the program name the option and exit 2. */
static void test_usage_errors(void)
{
    expect(LB_PROGRAM " report --bogus 2>&1", 2, "unknown option --bogus");
    expect(LB_PROGRAM " report --format 2>&1", 2, "--format needs a value");
    expect(LB_PROGRAM " report --format xml 2>&1", 2, NULL);
    expect(LB_PROGRAM " frobnicate 2>&1", 2, "unknown command");
    /* --threads is a whole number 0..LB_MAX_THREADS, nothing else */
    expect(LB_PROGRAM " report --threads abc 2>&1", 2, "--threads abc: use");
    expect(LB_PROGRAM " report --threads 2x 2>&1", 2, "--threads 2x: use");
    expect(LB_PROGRAM " report --threads -1 2>&1", 2, "from 0 (all cores)");
    expect(LB_PROGRAM " report --threads 257 2>&1", 2, "from 0 (all cores)");
    expect(LB_PROGRAM " check --threads 99999999999 2>&1", 2, "to 256");
    expect(LB_PROGRAM " report --help", 0, "usage: landbal report");
    expect(LB_PROGRAM " version", 0, lb_version());
}

void area_cmd_suite_setup(void)
{
    CU_pSuite s = lb_cu_add_suite("area_cmd", NULL, NULL);
    LB_ADD_TEST(s, test_wkt);
    LB_ADD_TEST(s, test_wkt_errors);
    LB_ADD_TEST(s, test_layer_csv);
    LB_ADD_TEST(s, test_layer_json);
    LB_ADD_TEST(s, test_layer_text_and_errors);
    LB_ADD_TEST(s, test_usage_errors);
}
