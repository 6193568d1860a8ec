/*
 * cu_check.c: the program's `landbal check` (examples/landbal_run.c):
 * exit status (0 no errors, 1 errors or unreadable input, 2 usage), the
 * text and JSON it prints, on fixtures built here (cu_fixture.h).
 */
#include "cu_fixture.h"
#include "cu_tester.h"

#include <json.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int suite_init(void)
{
    return fx_init() == 0 ? 0 : 1;
}

static int suite_clean(void)
{
    fx_done();
    return 0;
}

/* Run `landbal check ARGS`; stdout in *out (free it), stderr with it when
 * @p with_stderr, else dropped. Returns the exit status. */
static int run_check(char **out, int with_stderr, const char *fmt, ...)
{
    char args[3000], cmd[3200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "%s check %s %s", LB_PROGRAM, args,
             with_stderr ? "2>&1" : "2>/dev/null");
    return lb_cu_run(cmd, out);
}

/* The "diagnostics" array of the program's JSON (NULL if it is not). */
static json_object *diagnostics(json_object *top)
{
    json_object *arr = NULL;
    if (!top || !json_object_object_get_ex(top, "diagnostics", &arr) ||
        !json_object_is_type(arr, json_type_array))
        return NULL;
    return arr;
}

static const char *str_member(json_object *o, const char *key)
{
    json_object *v = NULL;
    json_object_object_get_ex(o, key, &v);
    return v && json_object_is_type(v, json_type_string)
               ? json_object_get_string(v)
               : NULL;
}

/* The first entry with @p code on @p layer; NULL when none. */
static json_object *find_entry(json_object *top, const char *code,
                               const char *layer)
{
    json_object *arr = diagnostics(top);
    size_t i, n = arr ? json_object_array_length(arr) : 0;
    for (i = 0; i < n; i++) {
        json_object *o = json_object_array_get_idx(arr, i);
        const char *c = str_member(o, "code"), *l = str_member(o, "layer");
        if (c && l && strcmp(c, code) == 0 && strcmp(l, layer) == 0)
            return o;
    }
    return NULL;
}

static size_t entry_count(json_object *top)
{
    json_object *arr = diagnostics(top);
    return arr ? json_object_array_length(arr) : (size_t)-1;
}

/* Assert an entry's severity, fid (-1: null) and area (NaN: null). */
static void check_entry(json_object *o, const char *severity, long long fid,
                        double area, double tol)
{
    json_object *v = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    LB_ASSERT_STR(str_member(o, "severity"), severity);
    CU_ASSERT(json_object_object_get_ex(o, "fid", &v));
    /* CUnit's asserts are blocks: no if/else around them without braces. */
    if (fid < 0) {
        CU_ASSERT_PTR_NULL(v);
    } else {
        CU_ASSERT(v && json_object_get_int64(v) == fid);
    }
    v = NULL;
    CU_ASSERT(json_object_object_get_ex(o, "area_m2", &v));
    if (isnan(area)) {
        CU_ASSERT_PTR_NULL(v);
    } else if (v) {
        LB_ASSERT_NEAR(json_object_get_double(v), area, tol);
    } else {
        CU_FAIL("area_m2 is null");
    }
    CU_ASSERT_PTR_NOT_NULL(str_member(o, "message"));
}

/* ---- exit status and text ------------------------------------------------ */

static void test_check_clean(void)
{
    const char *gpkg = fx_dataset(lb_cu_tmpdir(), "d.gpkg", NULL);
    char *out = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(gpkg);
    CU_ASSERT_EQUAL(run_check(&out, 1, "%s", gpkg), 0);
    FX_ASSERT_HAS(out, "Diagnostics: 0 error(s), 0 warning(s)");
    free(out);
}

static void test_check_errors_text(void)
{
    const fx_layer bl = {"dltb", wkbPolygon, 4543, "BSM:s,DLBM:s,GDDB:r",
                         (const char *const[]){"R 0 0 100 100|B1|0101|~",
                                               "R 100 0 100 100|B2|0103|99",
                                               NULL}};
    const fx_layer *over[LB_ROLE_COUNT_] = {&bl};
    const char *gpkg = fx_dataset(lb_cu_tmpdir(), "d.gpkg", over);
    char *out = NULL;
    CU_ASSERT_EQUAL(run_check(&out, 0, "%s --format text", gpkg), 1);
    FX_ASSERT_HAS(out, "Diagnostics: 2 error(s), 0 warning(s)");
    FX_ASSERT_HAS(out, "MISSING_GRADE");
    FX_ASSERT_HAS(out, "BAD_VALUE");
    FX_ASSERT_HAS(out, "GDDB '99' is not a grade 1..15");
    free(out);
}

/* The default dataset with a baseline of three parcels: the second
 * overlaps the first by 10 x 20 m, the third is a 2 x 3 m sliver. */
static const char *overlap_and_sliver(void)
{
    static const char *const rows[] = {"R 0 0 100 100|B1|1206|~",
                                       "R 90 0 20 20|B2|1206|~",
                                       "R 300 0 2 3|B3|1206|~", NULL};
    const fx_layer bl = {"dltb", wkbPolygon, 4543, "BSM:s,DLBM:s,GDDB:r", rows};
    const fx_layer *over[LB_ROLE_COUNT_] = {&bl};
    return fx_dataset(lb_cu_tmpdir(), "d.gpkg", over);
}

/* Warnings only: exit 0, and each entry with its layer, fid and area. */
static void test_check_json_warnings(void)
{
    const char *gpkg = overlap_and_sliver();
    char *out = NULL;
    json_object *top, *o;
    CU_ASSERT_EQUAL(run_check(&out, 0, "%s --format json", gpkg), 0);
    top = json_tokener_parse(out ? out : "");
    CU_ASSERT_PTR_NOT_NULL_FATAL(top);
    CU_ASSERT_EQUAL(entry_count(top), 2);
    o = find_entry(top, "BASELINE_OVERLAP", "dltb");
    check_entry(o, "warning", 2, fx_ref_rect(90, 0, 10, 20), 1e-4);
    if (o) { /* no project: null, as absent values are (decisions.md) */
        json_object *v = (json_object *)1;
        CU_ASSERT(json_object_object_get_ex(o, "project", &v));
        CU_ASSERT_PTR_NULL(v);
    }
    o = find_entry(top, "SLIVER", "dltb");
    check_entry(o, "warning", 3, fx_ref_rect(300, 0, 2, 3), 1e-6);
    json_object_put(top);
    free(out);
}

static void test_check_json_errors(void)
{
    const fx_layer oc = {"zyfw", wkbPolygon, 4543, "XMBH:s",
                         (const char *const[]){"R 20 20 50 50|ZY-1",
                                               "R 120 20 50 50|ZY-9", NULL}};
    const fx_layer *over[LB_ROLE_COUNT_] = {NULL, &oc};
    const char *gpkg = fx_dataset(lb_cu_tmpdir(), "d.gpkg", over);
    char *out = NULL;
    json_object *top, *o;
    CU_ASSERT_EQUAL(run_check(&out, 0, "%s --format json", gpkg), 1);
    top = json_tokener_parse(out ? out : "");
    CU_ASSERT_PTR_NOT_NULL_FATAL(top);
    CU_ASSERT_EQUAL(entry_count(top), 1);
    o = find_entry(top, "UNKNOWN_PROJECT", "zyfw");
    check_entry(o, "error", 2, NAN, 0);
    LB_ASSERT_STR(str_member(o, "project"), "ZY-9");
    json_object_put(top);
    free(out);
}

/* -o writes the file (atomically, by the library) and nothing to stdout. */
static void test_check_output_file(void)
{
    const char *dir = lb_cu_tmpdir();
    const char *gpkg = fx_dataset(dir, "d.gpkg", NULL);
    const char *file = lb_cu_path(dir, "check.json");
    char *out = NULL;
    json_object *top;
    CU_ASSERT_EQUAL(run_check(&out, 0, "%s --format json -o %s", gpkg, file),
                    0);
    LB_ASSERT_STR(out, "");
    top = json_object_from_file(file);
    CU_ASSERT_PTR_NOT_NULL_FATAL(top);
    CU_ASSERT_EQUAL(entry_count(top), 0);
    json_object_put(top);
    free(out);
}

/* ---- usage (exit 2) ------------------------------------------------------ */

static void usage_error(const char *gpkg, const char *args, const char *words)
{
    char *out = NULL;
    int rc = run_check(&out, 1, "%s %s", gpkg, args);
    if (rc != 2)
        fprintf(stderr, "\ncheck %s: exit %d\n", args, rc);
    CU_ASSERT_EQUAL(rc, 2);
    FX_ASSERT_HAS(out, words);
    free(out);
}

static void test_check_usage(void)
{
    const char *gpkg = fx_dataset(lb_cu_tmpdir(), "d.gpkg", NULL);
    char *out = NULL;
    usage_error(gpkg, "--format csv", "--format csv is for reports");
    usage_error(gpkg, "--format xml", "--format xml");
    usage_error(gpkg, "--bogus x", "unknown option --bogus");
    usage_error(gpkg, "--baseline", "needs a value");
    usage_error(gpkg, "other.gpkg", "one DATASET at a time");
    usage_error(gpkg, "--field DLBM=x", "expected ROLE.NAME=FIELD");
    usage_error(gpkg, "--field dltb.DLBM=x", "unknown role 'dltb'");
    usage_error(gpkg, "--field baseline.FOO=x", "has no field FOO");
    usage_error(gpkg, "--encoding no-such-encoding", "unknown text encoding");
    usage_error(gpkg, "--assume-crs EPSG:99999999",
                "--assume-crs EPSG:99999999");
    CU_ASSERT_EQUAL(run_check(&out, 1, "%s --help", gpkg), 0);
    FX_ASSERT_HAS(out, "usage: landbal check");
    free(out);
}

/* ---- input that cannot be read (exit 1, a message, no crash) ------------- */

static void unreadable(const char *path, const char *words)
{
    char *out = NULL;
    int rc = run_check(&out, 1, "%s", path);
    CU_ASSERT_EQUAL(rc, 1);
    FX_ASSERT_HAS(out, "landbal: cannot open");
    FX_ASSERT_HAS(out, path);
    FX_ASSERT_HAS(out, words);
    free(out);
}

static void test_check_unreadable(void)
{
    const char *dir = lb_cu_tmpdir();
    const char *gpkg = fx_dataset(dir, "d.gpkg", NULL);
    const char *trunc = lb_cu_path(dir, "truncated.gpkg");
    const char *bytes = lb_cu_path(dir, "random.gpkg");
    char junk[4096];
    unsigned x = 2024;
    size_t i;
    for (i = 0; i + 1 < sizeof junk; i++) { /* fixed bytes, no NUL */
        x = x * 1103515245u + 12345u;
        junk[i] = (char)(1 + ((x >> 16) % 255));
    }
    junk[sizeof junk - 1] = '\0';
    CU_ASSERT_EQUAL_FATAL(lb_cu_write_file(bytes, junk), 0);
    CU_ASSERT_EQUAL_FATAL(fx_copy(gpkg, trunc), 0);
    CU_ASSERT_EQUAL_FATAL(fx_truncate(trunc, 20000), 0);
    unreadable(bytes, "not recognized as a supported file format");
    unreadable(trunc, "malformed");
    unreadable(lb_cu_path(dir, "missing.gpkg"), "No such file");
}

/* ---- CRS and encodings --------------------------------------------------- */

static void test_check_crs_less_shapefile(void)
{
    const fx_layer bl = {"dltb", wkbPolygon, 0, "BSM:s,DLBM:s,GDDB:r",
                         (const char *const[]){"R 0 0 100 100|B1|0101|7",
                                               "R 0 100 100 100|B3|1206|~",
                                               NULL}};
    const char *dir = lb_cu_tmpdir();
    const char *gpkg = fx_dataset(dir, "d.gpkg", NULL);
    const char *shp = lb_cu_path(dir, "dltb.shp");
    char *out = NULL;
    CU_ASSERT_EQUAL_FATAL(fx_write(shp, "ESRI Shapefile", &bl, NULL), 0);
    CU_ASSERT_EQUAL(run_check(&out, 0, "%s --baseline %s", gpkg, shp), 1);
    FX_ASSERT_HAS(out, "CRS_MISSING");
    FX_ASSERT_HAS(out, "--assume-crs");
    free(out);
    CU_ASSERT_EQUAL(run_check(&out, 0,
                              "%s --baseline %s --assume-crs "
                              "EPSG:4543",
                              gpkg, shp),
                    0);
    FX_ASSERT_HAS(out, "Diagnostics: 0 error(s), 0 warning(s)");
    free(out);
}

/* GBK shapefiles without .cpg: read as GBK with a BAD_ENCODING warning
 * that says what to pass; with --encoding GBK, read without one. Either
 * way the unknown project's code comes out in UTF-8. */
static void test_check_gbk(void)
{
    const char *dir = lb_cu_tmpdir();
    char gpkg[512]; /* lb_cu_path's buffers rotate: keep a copy */
    char *out = NULL;
    json_object *top, *o;
    int enc;
    snprintf(gpkg, sizeof gpkg, "%s", fx_dataset(dir, "d.gpkg", NULL));
    CU_ASSERT_EQUAL_FATAL(fx_gbk_shapefiles(dir, 0, 0, "XMLX"), 0);
    for (enc = 0; enc <= 1; enc++) {
        CU_ASSERT_EQUAL(
            run_check(&out, 0,
                      "%s --occupation %s --projects %s --format json %s", gpkg,
                      lb_cu_path(dir, "zyfw.shp"), lb_cu_path(dir, "xmxx.dbf"),
                      enc ? "--encoding GBK" : ""),
            1);
        top = json_tokener_parse(out ? out : "");
        CU_ASSERT_PTR_NOT_NULL_FATAL(top);
        CU_ASSERT_EQUAL(entry_count(top), enc ? 1 : 3);
        o = find_entry(top, "UNKNOWN_PROJECT", "zyfw");
        check_entry(o, "error", 1, NAN, 0);
        LB_ASSERT_STR(str_member(o, "project"), "东华镇-9");
        o = find_entry(top, "BAD_ENCODING", "xmxx");
        if (enc) {
            CU_ASSERT_PTR_NULL(o);
        } else {
            check_entry(o, "warning", -1, NAN, 0);
            FX_ASSERT_HAS(str_member(o, "message"), "--encoding GBK");
        }
        json_object_put(top);
        free(out);
    }
}

/* PATH:LAYER sources for every role (no DATASET) and --field remaps. */
static void test_check_sources_and_fields(void)
{
    const fx_layer bl = {
        "地类图斑", wkbPolygon, 4543, "BSM:s,地类编码:s,等别:r",
        (const char *const[]){"R 0 0 100 100|B1|0101|7",
                              "R 0 100 100 100|B3|1206|~", NULL}};
    const char *dir = lb_cu_tmpdir();
    const char *gpkg = fx_dataset(dir, "d.gpkg", NULL);
    const char *other = lb_cu_path(dir, "other.gpkg");
    char *out = NULL;
    CU_ASSERT_EQUAL_FATAL(fx_write(other, "GPKG", &bl, NULL), 0);
    CU_ASSERT_EQUAL(
        run_check(&out, 1,
                  "--baseline '%s:地类图斑' --occupation %s:zyfw "
                  "--supplement %s --projects %s:xmxx "
                  "--field baseline.DLBM=地类编码 --field 'baseline.GDDB=等别'",
                  other, gpkg, gpkg, gpkg),
        0);
    FX_ASSERT_HAS(out, "Diagnostics: 0 error(s), 0 warning(s)");
    free(out);
    /* Without the mapping, the survey's names are missing. */
    CU_ASSERT_EQUAL(
        run_check(&out, 1, "%s --baseline '%s:地类图斑'", gpkg, other), 1);
    FX_ASSERT_HAS(out, "MISSING_FIELD");
    FX_ASSERT_HAS(out, "--field baseline.DLBM=COLUMN");
    free(out);
}

/* The other layers of the baseline's GeoPackage are read through the
 * baseline's own handle; the baseline layer itself named for another role
 * is read through one of its own, so that check still reads every parcel
 * (here its overlap and its sliver) after that role has read it. */
static void test_check_baseline_named_twice(void)
{
    const char *gpkg = overlap_and_sliver();
    char *out = NULL;
    json_object *top;
    CU_ASSERT_EQUAL(
        run_check(&out, 0, "%s --occupation %s:dltb --format json", gpkg, gpkg),
        1);
    top = json_tokener_parse(out ? out : "");
    CU_ASSERT_PTR_NOT_NULL_FATAL(top);
    /* read as the occupation layer too, the sliver is named twice */
    CU_ASSERT_EQUAL(entry_count(top), 4);
    check_entry(find_entry(top, "MISSING_FIELD", "dltb"), "error", -1, NAN, 0);
    check_entry(find_entry(top, "BASELINE_OVERLAP", "dltb"), "warning", 2,
                fx_ref_rect(90, 0, 10, 20), 1e-4);
    check_entry(find_entry(top, "SLIVER", "dltb"), "warning", 3,
                fx_ref_rect(300, 0, 2, 3), 1e-6);
    json_object_put(top);
    free(out);
}

void check_suite_setup(void)
{
    CU_pSuite s = lb_cu_add_suite("check", suite_init, suite_clean);
    LB_ADD_TEST(s, test_check_clean);
    LB_ADD_TEST(s, test_check_errors_text);
    LB_ADD_TEST(s, test_check_json_warnings);
    LB_ADD_TEST(s, test_check_json_errors);
    LB_ADD_TEST(s, test_check_output_file);
    LB_ADD_TEST(s, test_check_usage);
    LB_ADD_TEST(s, test_check_unreadable);
    LB_ADD_TEST(s, test_check_crs_less_shapefile);
    LB_ADD_TEST(s, test_check_gbk);
    LB_ADD_TEST(s, test_check_sources_and_fields);
    LB_ADD_TEST(s, test_check_baseline_named_twice);
}
