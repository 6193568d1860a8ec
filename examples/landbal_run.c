/*
 * landbal report / landbal check: read the four roles, validate, and
 * either list the diagnostics or write the balance (rules.md §5).
 */
#include "landbal_cli.h"

#include <gdal.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_DATASET "data/chuxiong.gpkg"
#define DEFAULT_YIELD "data/grade_yield.csv"

typedef struct run_opts {
    const char *dataset;
    const char *yield;
    const char *output;
    lb_format format;
    int quiet;
} run_opts;

static int role_option(lb_input *in, const char *opt, const char *v)
{
    lb_role role;
    if (strncmp(opt, "--", 2) != 0 || lb_role_parse(opt + 2, &role) != LB_OK)
        return -1;
    return lb_input_set_source(in, role, v) == LB_OK;
}

/* Options taking a value; 1 handled, 0 failed (message said), -1 not
 * one of them. */
static int value_option(lb_context *ctx, lb_input *in, run_opts *o,
                        const char *opt, const char *v)
{
    lb_area_method m;
    int r = role_option(in, opt, v);
    if (r >= 0)
        return r;
    if (strcmp(opt, "--field") == 0)
        r = lb_input_set_field_spec(in, v) == LB_OK;
    else if (strcmp(opt, "--encoding") == 0)
        r = lb_input_set_encoding(in, v) == LB_OK;
    else if (strcmp(opt, "--assume-crs") == 0)
        r = lb_input_set_assume_crs(in, v) == LB_OK;
    else if (strcmp(opt, "--yield") == 0)
        o->yield = v, r = 1;
    else if (strcmp(opt, "-o") == 0 || strcmp(opt, "--output") == 0)
        o->output = v, r = 1;
    else if (strcmp(opt, "--threads") == 0) {
        char *end;
        long n;
        errno = 0;
        n = strtol(v, &end, 10);
        if (end == v || *end) {
            cli_error("--threads %s: use a whole number from 0 (all cores) "
                      "to %d",
                      v, LB_MAX_THREADS);
            return 0;
        }
        /* the range is the library's to check; out of int, still out */
        if (errno || n > LB_MAX_THREADS)
            n = LB_MAX_THREADS + 1;
        r = lb_input_set_threads(in, (int)n) == LB_OK;
    } else if (strcmp(opt, "--area") == 0) {
        if (lb_area_method_parse(v, &m) != LB_OK) {
            cli_error("--area %s: use survey, geodesic or planar", v);
            return 0;
        }
        r = lb_input_set_area(in, m, 10.0) == LB_OK;
    } else if (strcmp(opt, "--format") == 0) {
        if (lb_format_parse(v, &o->format) != LB_OK) {
            cli_error("--format %s: use text, json or csv", v);
            return 0;
        }
        r = 1;
    } else
        return -1;
    if (!r && lb_errmsg(ctx)[0])
        cli_error("%s", lb_errmsg(ctx));
    return r;
}

/* The options that take a value (value_option() handles each). */
static int takes_value(const char *opt)
{
    static const char *const names[] = {
        "--baseline", "--occupation", "--supplement", "--projects", "--field",
        "--encoding", "--assume-crs", "--yield",      "-o",         "--output",
        "--threads",  "--area",       "--format"};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(opt, names[i]) == 0)
            return 1;
    return 0;
}

static int parse_args(lb_context *ctx, lb_input *in, run_opts *o, int argc,
                      char **argv)
{
    int i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        int r;
        if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            o->quiet = 1;
            continue;
        }
        if (a[0] != '-') {
            if (o->dataset) {
                cli_error("one DATASET at a time ('%s' and '%s')", o->dataset,
                          a);
                return 0;
            }
            o->dataset = a;
            continue;
        }
        if (!takes_value(a)) {
            cli_error("unknown option %s (see landbal --help)", a);
            return 0;
        }
        if (!(v = cli_value(argc, argv, &i)))
            return 0;
        if ((r = value_option(ctx, in, o, a, v)) <= 0)
            return 0;
    }
    return 1;
}

/* lb_log_fn: warnings and errors to stderr, as "landbal: warning: ...". */
static void log_warnings(void *user_data, lb_log_level level,
                         const char *message)
{
    (void)user_data;
    if (level >= LB_LOG_WARNING)
        cli_error("%s: %s", level == LB_LOG_ERROR ? "error" : "warning",
                  message);
}

/* Context, input and options from the command line; 0 on usage error. */
static int setup(int argc, char **argv, lb_context **ctx, lb_input **in,
                 run_opts *o)
{
    memset(o, 0, sizeof *o);
    *in = NULL;
    if (lb_context_create(ctx) != LB_OK || lb_input_create(*ctx, in) != LB_OK) {
        cli_error("%s", lb_errmsg(*ctx));
        return 0;
    }
    if (!parse_args(*ctx, *in, o, argc, argv))
        return 0;
    if (!o->dataset)
        o->dataset = DEFAULT_DATASET;
    /* The bundled example table is the default only where it exists:
     * check needs no table, and report says plainly when it has none. */
    if (!o->yield && access(DEFAULT_YIELD, R_OK) == 0)
        o->yield = DEFAULT_YIELD;
    lb_input_set_dataset(*in, o->dataset);
    lb_input_set_yield_table(*in, o->yield);
    /* Progress in GDAL's terminal style, only where someone watches;
     * the library's warnings (GDAL's, an index not used) always, unless
     * --quiet. */
    if (!o->quiet && isatty(2))
        lb_context_set_progress(*ctx, GDALTermProgress, NULL);
    if (!o->quiet)
        lb_context_set_log(*ctx, log_warnings, NULL);
    return 1;
}

static void teardown(lb_context *ctx, lb_input *in)
{
    lb_input_destroy(in);
    lb_context_destroy(ctx);
}

static const char check_usage[] =
    "usage: landbal check [DATASET] [--baseline SRC] [--occupation SRC]\n"
    "                     [--supplement SRC] [--projects SRC]\n"
    "                     [--field ROLE.NAME=FIELD]... [--encoding ENC]\n"
    "                     [--assume-crs CRS] [--yield CSV]\n"
    "                     [--format text|json] [-o FILE]\n"
    "Reads and validates the inputs and lists the diagnostics; computes no\n"
    "balance. SRC is PATH or PATH:LAYER. Exit status: 0 no errors, 1 the\n"
    "input has errors or cannot be read, 2 usage.\n";

/* --help or -h anywhere on the line: help wins over everything else. */
static int wants_help(int argc, char **argv)
{
    int i;
    for (i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
    return 0;
}

int cmd_check(int argc, char **argv)
{
    lb_context *ctx = NULL;
    lb_input *in = NULL;
    lb_diagnostics *d = NULL;
    run_opts o;
    int rc = EXIT_REPORTED;
    if (wants_help(argc, argv)) {
        fputs(check_usage, stdout);
        return EXIT_REPORTED;
    }
    if (!setup(argc, argv, &ctx, &in, &o)) {
        teardown(ctx, in);
        return EXIT_USAGE;
    }
    if (o.format == LB_FORMAT_CSV) {
        cli_error("check: --format csv is for reports; use text or json");
        rc = EXIT_USAGE;
    } else if (lb_check(ctx, in, &d) != LB_OK) {
        cli_error("%s", lb_errmsg(ctx));
        rc = EXIT_INPUT;
    } else {
        if (lb_diagnostics_write(ctx, d, o.format, o.output) != LB_OK) {
            cli_error("%s", lb_errmsg(ctx));
            rc = EXIT_INPUT;
        } else if (lb_diagnostics_count_by(d, -1, LB_SEV_ERROR) > 0) {
            rc = EXIT_INPUT;
        }
    }
    lb_diagnostics_destroy(d);
    teardown(ctx, in);
    return rc;
}

static const char report_usage[] =
    "usage: landbal report [DATASET] [--baseline SRC] [--occupation SRC]\n"
    "                      [--supplement SRC] [--projects SRC] [--yield CSV]\n"
    "                      [--area survey|geodesic|planar]\n"
    "                      [--field ROLE.NAME=FIELD]... [--encoding ENC]\n"
    "                      [--assume-crs CRS] [--format text|json|csv]\n"
    "                      [-o FILE] [--threads N] [--quiet]\n"
    "The occupation-compensation balance: per project, per linked group,\n"
    "per town and in total, occupied, supplied and surplus of 耕地数量,\n"
    "水田规模 and 粮食产能, then the diagnostics. DATASET defaults to\n"
    "data/chuxiong.gpkg, --yield to data/grade_yield.csv where it exists.\n"
    "Exit status: 0 report written, 1 the input has errors, 2 usage.\n";

int cmd_report(int argc, char **argv)
{
    lb_context *ctx = NULL;
    lb_input *in = NULL;
    lb_result *res = NULL;
    run_opts o;
    lb_status st;
    int rc = EXIT_REPORTED;
    if (wants_help(argc, argv)) {
        fputs(report_usage, stdout);
        return EXIT_REPORTED;
    }
    if (!setup(argc, argv, &ctx, &in, &o)) {
        teardown(ctx, in);
        return EXIT_USAGE;
    }
    st = lb_balance(ctx, in, &res);
    if (st == LB_ERR_INPUT && res) {
        /* The input has errors: the report, in the format asked for, says
         * that no balance was computed and lists the diagnostics (a JSON
         * reader gets JSON); the exit status says it too. */
        const lb_diagnostics *d = lb_result_diagnostics(res);
        size_t i;
        cli_error("the input has errors; no balance was computed");
        /* a CSV carries accounts only: the errors go to stderr */
        for (i = 0; o.format == LB_FORMAT_CSV && i < lb_diagnostics_count(d);
             i++) {
            const lb_diagnostic *g = lb_diagnostics_get(d, i);
            if (lb_diagnostic_severity(g) == LB_SEV_ERROR)
                cli_error("%s: %s", lb_diag_code_name(lb_diagnostic_code(g)),
                          lb_diagnostic_message(g));
        }
        if (lb_result_write(ctx, res, o.format, o.output) != LB_OK)
            cli_error("%s", lb_errmsg(ctx));
        rc = EXIT_INPUT;
    } else if (st != LB_OK) {
        cli_error("%s", lb_errmsg(ctx));
        rc = EXIT_INPUT;
    } else if (lb_result_write(ctx, res, o.format, o.output) != LB_OK) {
        cli_error("%s", lb_errmsg(ctx));
        rc = EXIT_INPUT;
    }
    lb_result_destroy(res);
    teardown(ctx, in);
    return rc;
}
