/*
 * cu_tester.h: helpers shared by the CUnit suites (after PostGIS's
 * liblwgeom/cunit/cu_tester.h).
 */
#ifndef LB_CU_TESTER_H
#define LB_CU_TESTER_H

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>

#include "landbal.h"

#ifndef LB_BUILD_DIR
#define LB_BUILD_DIR "build"
#endif
/* The program under test and the repository's test data. */
#define LB_PROGRAM LB_BUILD_DIR "/landbal"
#define LB_TEST_DATA "tests/data"

/* Register a suite of static tests: PG_ADD_TEST-style. */
#define LB_ADD_TEST(suite, fn)                                                 \
    do {                                                                       \
        if (!CU_add_test((suite), #fn, (fn)))                                  \
            fprintf(stderr, "cannot add test %s\n", #fn);                      \
    } while (0)

CU_pSuite lb_cu_add_suite(const char *name, CU_InitializeFunc init,
                          CU_CleanupFunc clean);

/* Assert |obtained - expected| <= tol, printing both when it fails. */
#define LB_ASSERT_NEAR(obtained, expected, tol)                                \
    lb_cu_assert_near((obtained), (expected), (tol), #obtained, __FILE__,      \
                      __LINE__)
void lb_cu_assert_near(double obtained, double expected, double tol,
                       const char *what, const char *file, int line);

/* Assert string equality, printing both when they differ. */
#define LB_ASSERT_STR(obtained, expected)                                      \
    lb_cu_assert_str((obtained), (expected), #obtained, __FILE__, __LINE__)
void lb_cu_assert_str(const char *obtained, const char *expected,
                      const char *what, const char *file, int line);

/* A fresh temporary folder for one test (removed at exit); the returned
 * path is static storage valid until the next call. */
const char *lb_cu_tmpdir(void);
/* path = dir "/" name, in a static rotating buffer. */
const char *lb_cu_path(const char *dir, const char *name);
/* Write text to a file; 0 on success. */
int lb_cu_write_file(const char *path, const char *text);

/* Run a shell command; its stdout goes into *out (malloc'd, free it),
 * returns the exit status (or -1). */
int lb_cu_run(const char *command, char **out);

/* A context whose log warnings (and errors) are kept, so tests can
 * assert on them: the last one, and how many since lb_cu_log_reset(). */
lb_context *lb_cu_context(void);
/* @p text read by GEOS with @p ctx's handle, asserting success (fatal). */
struct GEOSGeom_t *lb_cu_wkt(lb_context *ctx, const char *text);
const char *lb_cu_last_log(void);
int lb_cu_log_warnings(void);
void lb_cu_log_reset(void);
/* Whether one of the last 64 log lines of any level (since the reset)
 * holds @p text. */
int lb_cu_log_has(const char *text);

#endif
