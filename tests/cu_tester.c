/*
 * cu_tester.c: the registry and main of the CUnit suites. Each
 * tests/cu_<area>.c defines `void <area>_suite_setup(void)`; the build
 * lists them in suites.h.
 *
 * Usage: cu_tester [SUITE | TEST]...   (no argument: every suite)
 * The exit status is the number of failed assertions (capped at 255).
 */
#include "cu_tester.h"

#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "suites.h"

CU_pSuite lb_cu_add_suite(const char *name, CU_InitializeFunc init,
                          CU_CleanupFunc clean)
{
    CU_pSuite s = CU_add_suite(name, init, clean);
    if (!s)
        fprintf(stderr, "cannot add suite %s: %s\n", name, CU_get_error_msg());
    return s;
}

void lb_cu_assert_near(double obtained, double expected, double tol,
                       const char *what, const char *file, int line)
{
    int ok = fabs(obtained - expected) <= tol;
    if (!ok)
        fprintf(stderr,
                "\n%s:%d: %s: expected %.10g, obtained %.10g (diff %.3g, tol "
                "%.3g)\n",
                file, line, what, expected, obtained, obtained - expected, tol);
    CU_assertImplementation(ok, line, what, file, "", CU_FALSE);
}

void lb_cu_assert_str(const char *obtained, const char *expected,
                      const char *what, const char *file, int line)
{
    int ok = obtained && expected && strcmp(obtained, expected) == 0;
    if (!ok)
        fprintf(stderr, "\n%s:%d: %s: expected \"%s\", obtained \"%s\"\n", file,
                line, what, expected ? expected : "(null)",
                obtained ? obtained : "(null)");
    CU_assertImplementation(ok, line, what, file, "", CU_FALSE);
}

static char tmproot[256];

static void remove_tmproot(void)
{
    char cmd[300];
    if (tmproot[0] && !getenv("LB_KEEP_TMP")) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmproot);
        if (system(cmd) != 0)
            fprintf(stderr, "cannot remove %s\n", tmproot);
    }
}

const char *lb_cu_tmpdir(void)
{
    static char dir[300];
    static int serial;
    if (!tmproot[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(tmproot, sizeof tmproot, "%s/landbal-cu-XXXXXX",
                 base ? base : "/tmp");
        if (!mkdtemp(tmproot)) {
            perror("mkdtemp");
            tmproot[0] = '\0';
            return "/tmp";
        }
        atexit(remove_tmproot);
    }
    snprintf(dir, sizeof dir, "%s/t%03d", tmproot, ++serial);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        perror(dir);
    return dir;
}

const char *lb_cu_path(const char *dir, const char *name)
{
    static char buf[8][512];
    static int k;
    char *p = buf[k++ % 8];
    snprintf(p, sizeof buf[0], "%s/%s", dir, name);
    return p;
}

int lb_cu_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

int lb_cu_run(const char *command, char **out)
{
    FILE *p = popen(command, "r");
    size_t n = 0, cap = 4096;
    char *buf;
    int st;
    if (out)
        *out = NULL;
    if (!p)
        return -1;
    buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n - 1, p);
        n += got;
        if (got == 0)
            break;
        if (cap - n < 2) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
        }
    }
    if (buf)
        buf[n] = '\0';
    st = pclose(p);
    if (out)
        *out = buf;
    else
        free(buf);
    if (st == -1 || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st);
}

#define KEPT_LINES 64

static char last_log[1024];
static int warnings;
static char kept[KEPT_LINES][512]; /* the last lines of any level */
static size_t nkept;

/* The last warning or error, how many there were, and the last lines. */
static void keep_log(void *ud, lb_log_level level, const char *message)
{
    (void)ud;
    snprintf(kept[nkept++ % KEPT_LINES], sizeof kept[0], "%s", message);
    if (level < LB_LOG_WARNING)
        return;
    warnings++;
    snprintf(last_log, sizeof last_log, "%s", message);
}

GEOSGeometry *lb_cu_wkt(lb_context *ctx, const char *text)
{
    GEOSWKTReader *r = GEOSWKTReader_create_r(ctx->geos);
    GEOSGeometry *g = GEOSWKTReader_read_r(ctx->geos, r, text);
    GEOSWKTReader_destroy_r(ctx->geos, r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    return g;
}

lb_context *lb_cu_context(void)
{
    lb_context *ctx = NULL;
    if (lb_context_create(&ctx) != LB_OK) {
        fprintf(stderr, "cannot create a context: %s\n", lb_errmsg(ctx));
        lb_context_destroy(ctx);
        return NULL;
    }
    last_log[0] = '\0';
    lb_context_set_log(ctx, keep_log, NULL);
    return ctx;
}

const char *lb_cu_last_log(void)
{
    return last_log;
}

int lb_cu_log_warnings(void)
{
    return warnings;
}

void lb_cu_log_reset(void)
{
    warnings = 0;
    last_log[0] = '\0';
    nkept = 0;
}

int lb_cu_log_has(const char *text)
{
    size_t i;
    for (i = 0; i < nkept && i < KEPT_LINES; i++)
        if (strstr(kept[i], text))
            return 1;
    return 0;
}

/* Keep only the suites or tests named on the command line. */
static int select_tests(int argc, char **argv)
{
    CU_pTestRegistry reg = CU_get_registry();
    CU_pSuite s;
    int found = 0;
    for (s = reg->pSuite; s; s = s->pNext) {
        int suite_named = 0, any = 0, i;
        CU_pTest t;
        for (i = 1; i < argc; i++)
            if (strcmp(argv[i], s->pName) == 0)
                suite_named = 1;
        for (t = s->pTest; t; t = t->pNext) {
            int on = suite_named;
            for (i = 1; i < argc; i++)
                if (strcmp(argv[i], t->pName) == 0)
                    on = 1;
            CU_set_test_active(t, on ? CU_TRUE : CU_FALSE);
            any |= on;
        }
        CU_set_suite_active(s, any ? CU_TRUE : CU_FALSE);
        found |= any;
    }
    return found;
}

int main(int argc, char **argv)
{
    unsigned failures;
    if (CU_initialize_registry() != CUE_SUCCESS) {
        fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
        return 255;
    }
#define X(fn) fn();
    LB_TEST_SUITES
#undef X
    if (argc > 1 && !select_tests(argc, argv)) {
        fprintf(stderr, "cu_tester: no suite or test named %s\n", argv[1]);
        CU_cleanup_registry();
        return 255;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failures = CU_get_number_of_failures();
    if (CU_get_number_of_suites_failed() > 0)
        failures += CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failures > 255 ? 255 : (int)failures;
}
