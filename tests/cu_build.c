/*
 * cu_build.c: the foundation: version, status texts, contexts, and
 * `make install` with PREFIX and DESTDIR.
 */
#include "cu_tester.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LB_SANITIZE
#define LB_SANITIZE ""
#endif

static void test_version(void)
{
    char expect[32];
    snprintf(expect, sizeof expect, "%d.%d.%d", LANDBAL_VERSION_MAJOR,
             LANDBAL_VERSION_MINOR, LANDBAL_VERSION_PATCH);
    LB_ASSERT_STR(lb_version(), expect);
    CU_ASSERT_EQUAL(LANDBAL_VERSION_NUM, LANDBAL_VERSION_MAJOR * 10000 +
                                             LANDBAL_VERSION_MINOR * 100 +
                                             LANDBAL_VERSION_PATCH);
}

static void test_errstr(void)
{
    int s;
    LB_ASSERT_STR(lb_errstr(LB_OK), "no error");
    LB_ASSERT_STR(lb_errstr(LB_ERR_NOMEM), "out of memory");
    for (s = LB_OK; s <= LB_ERR_INTERNAL; s++) {
        CU_ASSERT_PTR_NOT_NULL(lb_errstr((lb_status)s));
        CU_ASSERT_STRING_NOT_EQUAL(lb_errstr((lb_status)s), "unknown status");
    }
    LB_ASSERT_STR(lb_errstr((lb_status)999), "unknown status");
}

static int logged;
static void count_log(void *ud, lb_log_level level, const char *message)
{
    (void)level;
    (void)message;
    *(int *)ud += 1;
}

static void test_context(void)
{
    lb_context *ctx = NULL;
    lb_area_params p;
    double area;
    CU_ASSERT_EQUAL(lb_context_create(NULL), LB_ERR_ARG);
    CU_ASSERT_EQUAL_FATAL(lb_context_create(&ctx), LB_OK);
    LB_ASSERT_STR(lb_errmsg(ctx), "");
    CU_ASSERT_EQUAL(lb_errcode(ctx), LB_OK);
    CU_ASSERT_PTR_NOT_NULL(lb_context_geos(ctx));
    lb_context_set_log(ctx, count_log, &logged);
    /* A failure leaves its message in the context. */
    lb_area_params_init_planar(&p);
    CU_ASSERT_EQUAL(lb_area_wkt(ctx, &p, "POINT(1 2)", &area), LB_ERR_GEOMETRY);
    CU_ASSERT_NOT_EQUAL(lb_errmsg(ctx)[0], '\0');
    CU_ASSERT_EQUAL(lb_errcode(ctx), LB_ERR_GEOMETRY);
    lb_context_destroy(ctx);
    lb_context_destroy(NULL); /* a no-op */
    LB_ASSERT_STR(lb_errmsg(NULL), "no context (out of memory?)");
}

static int exists(const char *dir, const char *name)
{
    return access(lb_cu_path(dir, name), F_OK) == 0;
}

static void test_install(void)
{
    const char *dir = lb_cu_tmpdir();
    char cmd[1024], *out = NULL;
    snprintf(cmd, sizeof cmd,
             "make -s install BUILD=%s SANITIZE=%s PREFIX=/opt/lb DESTDIR=%s "
             ">/dev/null 2>&1",
             LB_BUILD_DIR, LB_SANITIZE, dir);
    CU_ASSERT_EQUAL_FATAL(lb_cu_run(cmd, NULL), 0);
    CU_ASSERT(exists(dir, "opt/lb/include/landbal.h"));
    CU_ASSERT(exists(dir, "opt/lb/lib/liblandbal.a"));
    CU_ASSERT(exists(dir, "opt/lb/lib/liblandbal.so"));
    CU_ASSERT(exists(dir, "opt/lb/lib/liblandbal.so.0"));
    CU_ASSERT(exists(dir, "opt/lb/bin/landbal"));
    CU_ASSERT(exists(dir, "opt/lb/lib/pkgconfig/landbal.pc"));
    snprintf(cmd, sizeof cmd,
             "objdump -p %s/opt/lb/lib/liblandbal.so | grep SONAME", dir);
    CU_ASSERT_EQUAL(lb_cu_run(cmd, &out), 0);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "liblandbal.so.0") : NULL);
    free(out);
    /* Only the API is exported. */
    snprintf(cmd, sizeof cmd,
             "nm -D --defined-only %s/opt/lb/lib/liblandbal.so | "
             "awk '$2 == \"T\" && $3 !~ /^lb_/' | wc -l",
             dir);
    CU_ASSERT_EQUAL(lb_cu_run(cmd, &out), 0);
    CU_ASSERT_EQUAL(out ? atoi(out) : -1, 0);
    free(out);
    snprintf(cmd, sizeof cmd,
             "PKG_CONFIG_PATH=%s/opt/lb/lib/pkgconfig pkg-config --libs "
             "--cflags landbal",
             dir);
    CU_ASSERT_EQUAL(lb_cu_run(cmd, &out), 0);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "-llandbal") : NULL);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "-I/opt/lb/include") : NULL);
    free(out);
}

void build_suite_setup(void)
{
    CU_pSuite s = lb_cu_add_suite("build", NULL, NULL);
    LB_ADD_TEST(s, test_version);
    LB_ADD_TEST(s, test_errstr);
    LB_ADD_TEST(s, test_context);
    LB_ADD_TEST(s, test_install);
}
