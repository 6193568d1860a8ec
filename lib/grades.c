/*
 * grades.c: land-use codes (GB/T 21010-2017 and the 三调 work classes) and
 * the grade -> standard grain yield table (rules.md §1, domain.md §2-3).
 */
#include "internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The base codes of GB/T 21010-2017 (second level) and the merged classes
 * of the Third National Land Survey's work classification (05H1, 08H1,
 * 08H2, domain.md §3.3). "09" is the one first-level code used as is. */
static const char *const known_codes[] = {
    "0101", "0102", "0103", "0201", "0202", "0203", "0204", "0301", "0302",
    "0303", "0304", "0305", "0306", "0307", "0401", "0402", "0403", "0404",
    "0501", "0502", "0503", "0504", "0505", "0506", "0507", "0508", "05H1",
    "0601", "0602", "0603", "0604", "0701", "0702", "0801", "0802", "0803",
    "0804", "0805", "0806", "0807", "0808", "0809", "0810", "08H1", "08H2",
    "0901", "0902", "0903", "0904", "0905", "0906", "09",   "1001", "1002",
    "1003", "1004", "1005", "1006", "1007", "1008", "1009", "1101", "1102",
    "1103", "1104", "1105", "1106", "1107", "1108", "1109", "1110", "1201",
    "1202", "1203", "1204", "1205", "1206", "1207",
};

int lb__dlbm_known(const char *dlbm)
{
    size_t i;
    if (!dlbm)
        return 0;
    for (i = 0; i < sizeof known_codes / sizeof known_codes[0]; i++) {
        size_t n = strlen(known_codes[i]);
        if (strncmp(dlbm, known_codes[i], n) == 0) {
            /* "09" alone or with a suffix letter; 4-digit codes may carry
             * suffixes such as K or A (0201K, 1104A). */
            if (n == 4 || !isdigit((unsigned char)dlbm[n]))
                return 1;
        }
    }
    return 0;
}

int lb__cultivated_class(const char *dlbm)
{
    if (!dlbm || strncmp(dlbm, "010", 3) != 0)
        return 0;
    if (dlbm[3] >= '1' && dlbm[3] <= '3')
        return dlbm[3] - '0';
    return 0;
}

static void drop_zero_fraction(char *s)
{
    char *dot = strchr(s, '.'), *p;
    if (!dot || dot == s || !isdigit((unsigned char)dot[-1]))
        return;
    for (p = dot + 1; *p == '0'; p++)
        ;
    if (*p == '\0')
        *dot = '\0';
}

void lb__dlbm_normalise(const char *raw, char *out, size_t size)
{
    char buf[64];
    size_t n, ndig = 0;
    while (raw && isspace((unsigned char)*raw))
        raw++;
    lb__strlcpy(buf, raw ? raw : "", sizeof buf);
    n = strlen(buf);
    while (n && isspace((unsigned char)buf[n - 1]))
        buf[--n] = '\0';
    /* A real-valued column gives "101.0", or "101.00000000000" from a
     * shapefile's N(19,11): drop a fraction of zeros. */
    drop_zero_fraction(buf);
    n = strlen(buf);
    while (ndig < n && isdigit((unsigned char)buf[ndig]))
        ndig++;
    /* Codes kept as integers lose their leading zero: 101 -> 0101. */
    if (ndig == 3 || ndig == 1) {
        out[0] = '0';
        lb__strlcpy(out + 1, buf, size - 1);
        return;
    }
    lb__strlcpy(out, buf, size);
}

/* A yield table's lines are short ("7,815"); a longer one is not a yield
 * table (or is /dev/zero), and is refused rather than read in pieces. */
#define LB__YIELD_LINE_MAX 4096
/* No grain yields 100 t per 亩 (the best land gives about 1 t); beyond,
 * capacities in kg would lose all meaning and could overflow. */
#define LB__MAX_KG_PER_MU 100000.0

static lb_status yield_line(lb_context *ctx, const char *path, int lineno,
                            char *line, lb__yield *y, int *seen)
{
    char *end, *comma = strchr(line, ',');
    long grade;
    double kg;
    if (!comma)
        return lb__fail(ctx, LB_ERR_CONFIG,
                        "%s line %d: expected 'grade,kg_per_mu', got '%s'",
                        path, lineno, line);
    errno = 0;
    grade = strtol(line, &end, 10);
    if (end == line || (*end != ',' && !isspace((unsigned char)*end)) ||
        grade < 1 || grade > LB__GRADES)
        return lb__fail(ctx, LB_ERR_CONFIG,
                        "%s line %d: grade must be an integer 1..15", path,
                        lineno);
    kg = strtod(comma + 1, &end);
    while (isspace((unsigned char)*end))
        end++;
    if (end == comma + 1 || *end || !isfinite(kg) || kg < 0 ||
        kg > LB__MAX_KG_PER_MU)
        return lb__fail(ctx, LB_ERR_CONFIG,
                        "%s line %d: kg_per_mu must be a number from 0 to "
                        "%.0f",
                        path, lineno, LB__MAX_KG_PER_MU);
    if (seen[grade])
        return lb__fail(ctx, LB_ERR_CONFIG, "%s line %d: grade %ld repeated",
                        path, lineno, grade);
    seen[grade] = 1;
    y->kg_per_mu[grade] = kg;
    return LB_OK;
}

static void chomp(char *line)
{
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
                 line[n - 1] == ' ' || line[n - 1] == '\t'))
        line[--n] = '\0';
}

lb_status lb__yield_load(lb_context *ctx, const char *path, lb__yield *out)
{
    char line[LB__YIELD_LINE_MAX];
    int seen[LB__GRADES + 1] = {0}, lineno = 0, header = 0, g;
    lb_status st = LB_OK;
    FILE *f;
    if (!path)
        return lb__fail(ctx, LB_ERR_CONFIG,
                        "no grade -> yield table given (--yield CSV)");
    f = fopen(path, "r");
    if (!f)
        return lb__fail(ctx, LB_ERR_CONFIG, "cannot open yield table %s: %s",
                        path, strerror(errno));
    memset(out, 0, sizeof *out);
    while (st == LB_OK && fgets(line, sizeof line, f)) {
        char *p = line;
        lineno++;
        if (!strchr(line, '\n') && !feof(f)) {
            st = lb__fail(ctx, LB_ERR_CONFIG,
                          "%s line %d is longer than %d bytes: not a yield "
                          "table",
                          path, lineno, LB__YIELD_LINE_MAX - 2);
            break;
        }
        chomp(line);
        if (lineno == 1 && strncmp(p, "\xEF\xBB\xBF", 3) == 0)
            p += 3; /* a UTF-8 byte-order mark, as spreadsheets write */
        if (!*p || *p == '#')
            continue;
        /* The header is the first line that is not blank or a comment. */
        if (!header && strcmp(p, "grade,kg_per_mu") != 0)
            st = lb__fail(ctx, LB_ERR_CONFIG,
                          "%s line %d: the header must be 'grade,kg_per_mu'",
                          path, lineno);
        else if (header++)
            st = yield_line(ctx, path, lineno, p, out, seen);
    }
    fclose(f);
    if (st == LB_OK && !header)
        st = lb__fail(ctx, LB_ERR_CONFIG, "%s is empty", path);
    for (g = 1; st == LB_OK && g <= LB__GRADES; g++)
        if (!seen[g])
            st = lb__fail(ctx, LB_ERR_CONFIG,
                          "%s: no row for grade %d (grades 1..15 are needed)",
                          path, g);
    return st;
}

double lb__yield_kg(const lb__yield *y, int grade, double m2)
{
    if (grade < 1 || grade > LB__GRADES)
        return 0.0;
    /* 1 亩 = 10000/15 m², so kg = m² × 0.0015 × kg/亩 (domain.md §1.5). */
    return m2 * 0.0015 * y->kg_per_mu[grade];
}
