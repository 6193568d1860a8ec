/*
 * report.h: the writers of results and diagnostics (report_*.c). They
 * read only the public result through its accessors.
 */
#ifndef LB_REPORT_H
#define LB_REPORT_H

#include <stdio.h>

#include "landbal.h"

/* Errors among the result's diagnostics: a result returned with
 * LB_ERR_INPUT, whose accounts no writer may print as if computed. */
size_t lb__result_errors(const lb_result *res);

lb_status lb__write_text(lb_context *ctx, const lb_result *res, FILE *f);
lb_status lb__write_csv(lb_context *ctx, const lb_result *res, FILE *f);
lb_status lb__write_json(lb_context *ctx, const lb_result *res, FILE *f);
lb_status lb__write_diagnostics_json(lb_context *ctx, const lb_diagnostics *d,
                                     FILE *f);
/* Grouped by code with counts and the first examples; @p summary prints
 * only the counts. */
lb_status lb__write_diagnostics_text(lb_context *ctx, const lb_diagnostics *d,
                                     FILE *f, int summary);

#endif
