/*
 * input.c: lb_input, the description of a run: which sources to read
 * for each role, field names, encoding, assumed CRS, yield table and
 * area method (rules.md §1, §5).
 */
#include "internal.h"

#include <cpl_error.h>
#include <iconv.h>
#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[LB_ROLE_COUNT_] = {
    "baseline", "occupation", "supplement", "projects"};
static const char *const role_layers[LB_ROLE_COUNT_] = {"dltb", "zyfw", "bcgd",
                                                        "xmxx"};

/* Required fields are those without which a rule of §3 cannot be applied;
 * the others have documented defaults (BSM: the feature id; TBDLMJ: the
 * KCXS fallback; KCXS: 0; BCLX: 新增; names: empty). */
static const lb__field_spec baseline_fields[LB__BL_NFIELDS] = {
    {"BSM", 0},  {"DLBM", 1},   {"ZLDWDM", 0}, {"TBMJ", 0},
    {"KCXS", 0}, {"TBDLMJ", 0}, {"GDDB", 1},   {"GDPDJB", 0}};
static const lb__field_spec occupation_fields[LB__OC_NFIELDS] = {{"XMBH", 1},
                                                                 {"XMMC", 0}};
static const lb__field_spec supplement_fields[LB__SU_NFIELDS] = {
    {"XMBH", 1}, {"DLBM", 1}, {"GDDB", 1}, {"KCXS", 0}, {"BCLX", 0}};
static const lb__field_spec project_fields[LB__PR_NFIELDS] = {
    {"XMBH", 1},  {"XMMC", 0},  {"XMLX", 1},
    {"XZQDM", 0}, {"XZQMC", 1}, {"BCXMBH", 0}};

const lb__field_spec *lb__role_fields(lb_role role, int *n)
{
    switch (role) {
    case LB_ROLE_BASELINE:
        *n = LB__BL_NFIELDS;
        return baseline_fields;
    case LB_ROLE_OCCUPATION:
        *n = LB__OC_NFIELDS;
        return occupation_fields;
    case LB_ROLE_SUPPLEMENT:
        *n = LB__SU_NFIELDS;
        return supplement_fields;
    case LB_ROLE_PROJECTS:
        *n = LB__PR_NFIELDS;
        return project_fields;
    default:
        *n = 0;
        return NULL;
    }
}

const char *lb_role_name(lb_role role)
{
    if ((int)role < 0 || role >= LB_ROLE_COUNT_)
        return NULL;
    return role_names[role];
}

const char *lb__role_layer(lb_role role)
{
    if ((int)role < 0 || role >= LB_ROLE_COUNT_)
        return NULL;
    return role_layers[role];
}

lb_status lb_role_parse(const char *name, lb_role *out)
{
    int r;
    if (!name || !out)
        return LB_ERR_ARG;
    for (r = 0; r < LB_ROLE_COUNT_; r++)
        if (strcmp(name, role_names[r]) == 0) {
            *out = (lb_role)r;
            return LB_OK;
        }
    return LB_ERR_ARG;
}

lb_status lb_input_create(lb_context *ctx, lb_input **out)
{
    lb_input *in;
    if (!out)
        return lb__fail(ctx, LB_ERR_ARG, "lb_input_create: out is NULL");
    *out = NULL;
    if (!ctx)
        return LB_ERR_ARG;
    in = calloc(1, sizeof *in);
    if (!in)
        return lb__fail(ctx, LB_ERR_NOMEM, "out of memory");
    in->ctx = ctx;
    in->method = LB_AREA_SURVEY;
    in->densify_m = 10.0;
    *out = in;
    return LB_OK;
}

void lb_input_destroy(lb_input *in)
{
    int r, f;
    if (!in)
        return;
    free(in->dataset);
    for (r = 0; r < LB_ROLE_COUNT_; r++) {
        free(in->source[r]);
        for (f = 0; f < LB__MAX_FIELDS; f++)
            free(in->field[r][f]);
    }
    free(in->encoding);
    free(in->assume_crs);
    free(in->yield_path);
    free(in);
}

/* Replace *slot with a copy of value (NULL clears). */
static lb_status set_string(lb_input *in, char **slot, const char *value)
{
    char *copy = NULL;
    if (value && !(copy = lb__strdup(value)))
        return lb__fail(in->ctx, LB_ERR_NOMEM, "out of memory");
    free(*slot);
    *slot = copy;
    return LB_OK;
}

lb_status lb_input_set_dataset(lb_input *in, const char *path)
{
    if (!in)
        return LB_ERR_ARG;
    return set_string(in, &in->dataset, path);
}

lb_status lb_input_set_source(lb_input *in, lb_role role, const char *source)
{
    if (!in)
        return LB_ERR_ARG;
    if ((int)role < 0 || role >= LB_ROLE_COUNT_)
        return lb__fail(in->ctx, LB_ERR_ARG, "unknown role %d", (int)role);
    return set_string(in, &in->source[role], source);
}

lb_status lb_input_set_field(lb_input *in, lb_role role, const char *name,
                             const char *field)
{
    const lb__field_spec *spec;
    int n, i;
    if (!in)
        return LB_ERR_ARG;
    if (!lb_role_name(role))
        return lb__fail(in->ctx, LB_ERR_ARG, "unknown role %d", (int)role);
    if (!name || !field || !*field)
        return lb__fail(in->ctx, LB_ERR_ARG,
                        "a field mapping needs a name and a column (%s.%s)",
                        lb_role_name(role), name ? name : "?");
    spec = lb__role_fields(role, &n);
    for (i = 0; i < n; i++)
        if (strcmp(spec[i].name, name) == 0)
            return set_string(in, &in->field[role][i], field);
    return lb__fail(in->ctx, LB_ERR_ARG, "the %s layer has no field %s",
                    lb_role_name(role) ? lb_role_name(role) : "?", name);
}

lb_status lb_input_set_field_spec(lb_input *in, const char *spec)
{
    char buf[256];
    char *dot, *eq;
    lb_role role;
    if (!in || !spec)
        return LB_ERR_ARG;
    if (strlen(spec) >= sizeof buf) /* a cut column name would be wrong */
        return lb__fail(in->ctx, LB_ERR_ARG, "--field: '%.40s...' is too long",
                        spec);
    lb__strlcpy(buf, spec, sizeof buf);
    dot = strchr(buf, '.');
    eq = strchr(buf, '=');
    if (!dot || !eq || eq < dot)
        return lb__fail(in->ctx, LB_ERR_ARG,
                        "--field %s: expected ROLE.NAME=FIELD, e.g. "
                        "baseline.DLBM=地类编码",
                        spec);
    *dot = *eq = '\0';
    if (lb_role_parse(buf, &role) != LB_OK)
        return lb__fail(in->ctx, LB_ERR_ARG,
                        "--field %s: unknown role '%s' (baseline, occupation, "
                        "supplement or projects)",
                        spec, buf);
    return lb_input_set_field(in, role, dot + 1, eq + 1);
}

/* An encoding iconv does not know would be passed over by GDAL with a
 * warning and the text left as it is: say so when it is set instead. */
lb_status lb_input_set_encoding(lb_input *in, const char *encoding)
{
    iconv_t cd;
    if (!in)
        return LB_ERR_ARG;
    if (encoding && !*encoding)
        encoding = NULL; /* "" clears, like NULL */
    if (encoding) {
        cd = iconv_open("UTF-8", encoding);
        if (cd == (iconv_t)-1)
            return lb__fail(in->ctx, LB_ERR_ARG,
                            "unknown text encoding '%s' (e.g. GBK, GB18030, "
                            "UTF-8)",
                            encoding);
        iconv_close(cd);
    }
    return set_string(in, &in->encoding, encoding);
}

/* Checked now, so that a typo is a usage error rather than a failure
 * found only when a layer without a CRS turns up. */
lb_status lb_input_set_assume_crs(lb_input *in, const char *crs)
{
    OGRSpatialReferenceH srs;
    OGRErr err;
    if (!in)
        return LB_ERR_ARG;
    if (crs) {
        CPLPushErrorHandler(CPLQuietErrorHandler); /* we never print */
        srs = OSRNewSpatialReference(NULL);
        err = srs ? OSRSetFromUserInput(srs, crs) : OGRERR_FAILURE;
        OSRDestroySpatialReference(srs);
        CPLPopErrorHandler();
        if (err != OGRERR_NONE)
            return lb__fail(in->ctx, LB_ERR_CRS,
                            "--assume-crs %s: not a CRS GDAL knows (e.g. "
                            "EPSG:4543)",
                            crs);
    }
    return set_string(in, &in->assume_crs, crs);
}

lb_status lb_input_set_yield_table(lb_input *in, const char *path)
{
    if (!in)
        return LB_ERR_ARG;
    return set_string(in, &in->yield_path, path);
}

lb_status lb_input_set_area(lb_input *in, lb_area_method method,
                            double densify_m)
{
    if (!in)
        return LB_ERR_ARG;
    if (!lb_area_method_name(method))
        return lb__fail(in->ctx, LB_ERR_ARG, "unknown area method %d",
                        (int)method);
    if (!(densify_m >= 0.0))
        return lb__fail(in->ctx, LB_ERR_ARG,
                        "the densification step must be >= 0 m");
    in->method = method;
    in->densify_m = densify_m;
    return LB_OK;
}

lb_status lb_input_set_threads(lb_input *in, int threads)
{
    if (!in)
        return LB_ERR_ARG;
    if (threads < 0 || threads > LB_MAX_THREADS)
        return lb__fail(in->ctx, LB_ERR_ARG,
                        "--threads must be from 0 (all cores) to %d",
                        LB_MAX_THREADS);
    in->threads = threads;
    return LB_OK;
}

const char *lb__input_field(const lb_input *in, lb_role role, int id)
{
    int n;
    const lb__field_spec *spec = lb__role_fields(role, &n);
    if (id < 0 || id >= n)
        return NULL;
    return in->field[role][id] ? in->field[role][id] : spec[id].name;
}
