/*
 * landbal: the command-line program over the landbal library.
 *
 *   landbal report [DATASET] [source options] [--format text|json|csv] ...
 *   landbal check  [DATASET] [source options] [--format text|json]
 *   landbal area   [--area M] [--crs CRS] (WKT | SRC)
 *
 * Exit status: 0 done, 1 the input has errors, 2 usage.
 */
#include "landbal_cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: landbal COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  report [DATASET]  the occupation-compensation balance of a data set\n"
    "  check  [DATASET]  validate the inputs and list the diagnostics\n"
    "  area   WKT|SRC    ellipsoidal area of a polygon or of each feature\n"
    "  version           print the library version\n"
    "\n"
    "source options (report, check):\n"
    "  --baseline SRC      地类图斑 layer (default DATASET:dltb)\n"
    "  --occupation SRC    占用范围 layer (default DATASET:zyfw)\n"
    "  --supplement SRC    补充耕地 layer (default DATASET:bcgd)\n"
    "  --projects SRC      项目信息 table (default DATASET:xmxx)\n"
    "  --field ROLE.NAME=FIELD   read NAME of ROLE from column FIELD\n"
    "  --encoding ENC      text encoding of the sources (e.g. GBK)\n"
    "  --assume-crs CRS    CRS of layers that have none (e.g. EPSG:4543)\n"
    "  --yield CSV         grade -> kg per mu table (grade,kg_per_mu)\n"
    "  --area METHOD       survey (default), geodesic or planar\n"
    "  --format FMT        text (default), json or csv (report only)\n"
    "  -o FILE             write the report to FILE (atomically)\n"
    "  --threads N         worker threads (0: all cores)\n"
    "  --quiet             no progress on stderr\n"
    "\n"
    "SRC is PATH or PATH:LAYER. DATASET defaults to data/chuxiong.gpkg.\n"
    "Run 'landbal COMMAND --help' for a command's own options.\n";

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("landbal: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

const char *cli_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        cli_error("option %s needs a value", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "report") == 0)
        return cmd_report(argc - 1, argv + 1);
    if (strcmp(argv[1], "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(argv[1], "area") == 0)
        return cmd_area(argc - 1, argv + 1);
    if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
        printf("landbal %s\n", lb_version());
        return 0;
    }
    if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    cli_error("unknown command '%s'", argv[1]);
    fputs(usage, stderr);
    return EXIT_USAGE;
}
