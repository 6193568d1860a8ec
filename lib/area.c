/*
 * area.c: the pure numeric core of the area computation (rules.md §2,
 * domain.md §4): Gauss-Krüger inverse, densification in the plane, the
 * 2008 notice's ellipsoidal trapezoids, PROJ's geodesic polygon area and
 * the planar shoelace. No allocation, no context: plain doubles and the
 * caller's lb_area_params, NaN outside the domain.
 */
#include "area.h"

#include <geodesic.h>
#include <math.h>
#include <string.h>

#include "sum.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define DEG (M_PI / 180.0)
/* Arc-seconds per radian: the notice's rho'' = 206264.806247... */
#define ARCSEC_PER_RAD (180.0 * 3600.0 / M_PI)

/* ------------------------------------------------------------------ */
/* Method names                                                        */

const char *lb_area_method_name(lb_area_method method)
{
    switch (method) {
    case LB_AREA_SURVEY:
        return "survey";
    case LB_AREA_GEODESIC:
        return "geodesic";
    case LB_AREA_PLANAR:
        return "planar";
    }
    return NULL;
}

lb_status lb_area_method_parse(const char *name, lb_area_method *out)
{
    int m;
    if (!name || !out)
        return LB_ERR_ARG;
    for (m = LB_AREA_SURVEY; m <= LB_AREA_PLANAR; m++) {
        if (strcmp(name, lb_area_method_name((lb_area_method)m)) == 0) {
            *out = (lb_area_method)m;
            return LB_OK;
        }
    }
    return LB_ERR_ARG;
}

/* ------------------------------------------------------------------ */
/* Parameters                                                          */

/* The series coefficients of 国土调查办发〔2008〕32号 (domain.md §4.1): the
 * integrand cos B / (1 - e² sin² B)² of the zone area expanded in cosines
 * of odd multiples of B, truncated after e⁸. */
void lb_survey_coefficients(double e2, double coef[5])
{
    double e4 = e2 * e2, e6 = e4 * e2, e8 = e6 * e2;
    coef[0] =
        1 + 3.0 / 6 * e2 + 30.0 / 80 * e4 + 35.0 / 112 * e6 + 630.0 / 2304 * e8;
    coef[1] =
        1.0 / 6 * e2 + 15.0 / 80 * e4 + 21.0 / 112 * e6 + 420.0 / 2304 * e8;
    coef[2] = 3.0 / 80 * e4 + 7.0 / 112 * e6 + 180.0 / 2304 * e8;
    coef[3] = 1.0 / 112 * e6 + 45.0 / 2304 * e8;
    coef[4] = 5.0 / 2304 * e8;
}

/* Krüger's series for the inverse (rectifying -> conformal), 6th order in
 * the third flattening n: Karney 2011, "Transverse Mercator with an
 * accuracy of a few nanometers", eq. (36); the same as PROJ's tmerc. */
static void kruger_beta(double n, double beta[6])
{
    double n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
    beta[0] = n / 2 - 2.0 / 3 * n2 + 37.0 / 96 * n3 - 1.0 / 360 * n4 -
              81.0 / 512 * n5 + 96199.0 / 604800 * n6;
    beta[1] = 1.0 / 48 * n2 + 1.0 / 15 * n3 - 437.0 / 1440 * n4 +
              46.0 / 105 * n5 - 1118711.0 / 3870720 * n6;
    beta[2] = 17.0 / 480 * n3 - 37.0 / 840 * n4 - 209.0 / 4480 * n5 +
              5569.0 / 90720 * n6;
    beta[3] = 4397.0 / 161280 * n4 - 11.0 / 504 * n5 - 830251.0 / 7257600 * n6;
    beta[4] = 4583.0 / 161280 * n5 - 108847.0 / 3991680 * n6;
    beta[5] = 20648693.0 / 638668800 * n6;
}

/* Forward series (conformal -> rectifying), Karney 2011 eq. (35); only
 * needed once, for the meridian arc to a non-zero latitude of origin. */
static void kruger_alpha(double n, double alpha[6])
{
    double n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
    alpha[0] = n / 2 - 2.0 / 3 * n2 + 5.0 / 16 * n3 + 41.0 / 180 * n4 -
               127.0 / 288 * n5 + 7891.0 / 37800 * n6;
    alpha[1] = 13.0 / 48 * n2 - 3.0 / 5 * n3 + 557.0 / 1440 * n4 +
               281.0 / 630 * n5 - 1983433.0 / 1935360 * n6;
    alpha[2] = 61.0 / 240 * n3 - 103.0 / 140 * n4 + 15061.0 / 26880 * n5 +
               167603.0 / 181440 * n6;
    alpha[3] =
        49561.0 / 161280 * n4 - 179.0 / 168 * n5 + 6601661.0 / 7257600 * n6;
    alpha[4] = 34729.0 / 80640 * n5 - 3418889.0 / 1995840 * n6;
    alpha[5] = 212378941.0 / 319334400 * n6;
}

/* Conformal to geodetic latitude, phi = chi + Σ delta_j sin(2j·chi),
 * 6th order in n (Karney 2011 §4; the values of PROJ's tmerc "cgb", from
 * König and Weise (61)-(62) as corrected there). The neglected terms are
 * O(n⁷), below 1e-19 rad. Worked out per ring or per point from n_, so
 * that lb_area_params keeps its size. */
static void conformal_delta(double n, double d[6])
{
    double n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
    d[0] = 2 * n - 2.0 / 3 * n2 - 2 * n3 + 116.0 / 45 * n4 + 26.0 / 45 * n5 -
           2854.0 / 675 * n6;
    d[1] = 7.0 / 3 * n2 - 8.0 / 5 * n3 - 227.0 / 45 * n4 + 2704.0 / 315 * n5 +
           2323.0 / 945 * n6;
    d[2] = 56.0 / 15 * n3 - 136.0 / 35 * n4 - 1262.0 / 105 * n5 +
           73814.0 / 2835 * n6;
    d[3] = 4279.0 / 630 * n4 - 332.0 / 35 * n5 - 399572.0 / 14175 * n6;
    d[4] = 4174.0 / 315 * n5 - 144838.0 / 6237 * n6;
    d[5] = 601676.0 / 22275 * n6;
}

/* e·atanh(e·x): the term that turns geodetic into conformal latitude. */
static double eatanhe(double x, double e)
{
    return e > 0 ? e * atanh(e * x) : 0;
}

/* tan of the conformal latitude from tau = tan(phi) (Karney 2011 eq. 7-9,
 * in the overflow-free form of GeographicLib's Math::taupf). */
static double taupf(double tau, double e)
{
    double tau1 = hypot(1.0, tau);
    double sig = sinh(eatanhe(tau / tau1, e));
    return hypot(1.0, sig) * tau - sig * tau1;
}

/* The meridian arc from the equator to lat0 on the TM plane (without
 * k0·A): the rectifying latitude of lat0 through its conformal one. */
static double rectifying(double n, double e, double lat0)
{
    double alpha[6], chi, s = 0;
    int j;
    if (lat0 == 0)
        return 0;
    kruger_alpha(n, alpha);
    chi = atan(taupf(tan(lat0 * DEG), e));
    for (j = 0; j < 6; j++)
        s += alpha[j] * sin(2 * (j + 1) * chi);
    return chi + s;
}

static int params_ok(lb_area_method method, double a, double f, double lon0,
                     double lat0, double k0, double x0, double y0)
{
    if (!lb_area_method_name(method))
        return 0;
    if (!(a > 0) || !isfinite(a) || !(f >= 0 && f < 1))
        return 0;
    if (!(k0 > 0) || !isfinite(k0) || !(fabs(lat0) < 90))
        return 0;
    return isfinite(lon0) && isfinite(x0) && isfinite(y0);
}

lb_status lb_area_params_init(lb_area_params *p, lb_area_method method,
                              double a, double f, double lon0, double lat0,
                              double k0, double x0, double y0)
{
    double c[5], n;
    if (!p)
        return LB_ERR_ARG;
    lb_area_params_init_planar(p);
    if (!params_ok(method, a, f, lon0, lat0, k0, x0, y0))
        return LB_ERR_ARG;
    p->method = method;
    p->a = a;
    p->f = f;
    p->lon0 = lon0;
    p->lat0 = lat0;
    p->k0 = k0;
    p->x0 = x0;
    p->y0 = y0;
    p->is_tm = 1;
    p->b_ = a * (1 - f);
    p->e2_ = f * (2 - f);
    p->n_ = n = f / (2 - f);
    /* Rectifying radius A = a/(1+n)·(1 + n²/4 + n⁴/64 + n⁶/256). */
    p->rect_ = a / (1 + n) *
               (1 + n * n * (1.0 / 4 + n * n * (1.0 / 64 + n * n / 256)));
    p->m0_ = k0 * p->rect_ * rectifying(n, sqrt(p->e2_), lat0);
    lb_survey_coefficients(p->e2_, c);
    p->cA_ = c[0];
    p->cB_ = c[1];
    p->cC_ = c[2];
    p->cD_ = c[3];
    p->cE_ = c[4];
    kruger_beta(n, p->beta_);
    return LB_OK;
}

lb_status lb_area_params_init_planar(lb_area_params *p)
{
    int j;
    if (!p)
        return LB_ERR_ARG;
    p->method = LB_AREA_PLANAR;
    p->densify_m = 10.0;
    p->flags = 0;
    p->a = p->f = p->lon0 = p->lat0 = p->x0 = p->y0 = 0;
    p->k0 = 1;
    p->is_tm = 0;
    p->b_ = p->e2_ = p->n_ = p->rect_ = p->m0_ = 0;
    p->cA_ = p->cB_ = p->cC_ = p->cD_ = p->cE_ = 0;
    for (j = 0; j < 6; j++)
        p->beta_[j] = 0;
    return LB_OK;
}

/* ------------------------------------------------------------------ */
/* Gauss-Krüger inverse                                                */

/* Below these magnitudes the sine, cosine, sinh and cosh of an angle
 * are their Taylor polynomials to the last bit: the first term left out
 * is under 1e-20 of the sum. The points of a 3° survey zone have
 * |2 eta| < 0.05 (a 6° zone's stay under 0.1 north of 18°); the
 * corrections the series make to a latitude are about 3e-3 rad, and an
 * edge densified to 10 m spans under 2e-6 rad. */
#define SMALL_HYP 0.1
#define SMALL_ANGLE 0.01

static double sinh_small(double x)
{
    double x2 = x * x;
    return x + x * x2 *
                   (1.0 / 6 +
                    x2 * (1.0 / 120 +
                          x2 * (1.0 / 5040 +
                                x2 * (1.0 / 362880 + x2 * (1.0 / 39916800)))));
}

static double sinh_any(double x)
{
    return fabs(x) < SMALL_HYP ? sinh_small(x) : sinh(x);
}

/* sinh and cosh of x: the polynomials when small, else from one expm1
 * (no cancellation near 0). */
static void sinhcosh(double x, double *sh, double *ch)
{
    double u, v, x2;
    if (fabs(x) < SMALL_HYP) {
        x2 = x * x;
        *sh = sinh_small(x);
        *ch = 1 + x2 * (1.0 / 2 +
                        x2 * (1.0 / 24 +
                              x2 * (1.0 / 720 +
                                    x2 * (1.0 / 40320 +
                                          x2 * (1.0 / 3628800 +
                                                x2 * (1.0 / 479001600))))));
        return;
    }
    u = expm1(x);
    v = u / (u + 1); /* e^x - 1, 1 - e^-x */
    *sh = (u + v) / 2;
    *ch = 1 + (u - v) / 2;
}

/* sin and cos of d. */
static void sincos_any(double d, double *s, double *c)
{
    double d2 = d * d;
    if (fabs(d) >= SMALL_ANGLE) {
        *s = sin(d);
        *c = cos(d);
        return;
    }
    *s = d - d * d2 * (1.0 / 6 - d2 * (1.0 / 120 - d2 * (1.0 / 5040)));
    *c = 1 - d2 * (1.0 / 2 - d2 * (1.0 / 24 - d2 * (1.0 / 720 - d2 / 40320)));
}

/* sin and cos of a + d from those of a and d: a small d costs no call */
static void sincos_sum(double sa, double ca, double d, double *s, double *c)
{
    double sd, cd;
    sincos_any(d, &sd, &cd);
    *s = sa * cd + ca * sd;
    *c = ca * cd - sa * sd;
}

/* atan(y / x) for x >= 0: atan is cheaper than atan2 */
static double atan_right(double y, double x)
{
    return x > 0 ? atan(y / x) : atan2(y, x);
}

/* One point inverted: latitude and longitude from the central meridian,
 * radians, and the sine and cosine of the latitude. */
typedef struct geo {
    double phi, lam, sphi, cphi;
} geo;

/* Points inverted together: each step of the series runs over all of
 * them, so that the steps of different points overlap in the processor
 * instead of each waiting on the one before. */
#define TM_BATCH 16

/* Plane (x[k], y[k]) to geodetic latitude and longitude from the central
 * meridian, for k < n <= TM_BATCH. zeta = xi + i·eta is undone to the
 * Gauss-Schreiber zeta' = zeta - Σ beta_j sin(2j·zeta) (Karney 2011
 * eq. 11, 36), the complex sine series summed by Clenshaw's recurrence;
 * the conformal latitude chi of zeta' (eq. 14-15) becomes geodetic by the
 * delta series, also by Clenshaw. The area of a county inverts millions
 * of points, so each costs one sine and cosine and two arctangents: the
 * corrections are small angles, added to the sines and cosines of the
 * angles they correct. */
static void tm_inverse(const lb_area_params *p, const double delta[6],
                       const double *x, const double *y, size_t n, geo *out)
{
    double ka = p->k0 * p->rect_;
    double s1[TM_BATCH], c1[TM_BATCH], eta[TM_BATCH], ar[TM_BATCH],
        ai[TM_BATCH], yr1[TM_BATCH], yi1[TM_BATCH], yr2[TM_BATCH],
        yi2[TM_BATCH], sr[TM_BATCH], si[TM_BATCH], s2[TM_BATCH];
    /* reused for the delta series: cos 2 chi and Clenshaw's sums */
    double *c2 = ar, *z1 = yr1, *z2 = yr2;
    size_t k;
    int j;
    for (k = 0; k < n; k++) {
        double xi = (y[k] - p->y0 + p->m0_) / ka, sh0, ch0, s0, c0;
        eta[k] = (x[k] - p->x0) / ka;
        s1[k] = sin(xi);
        c1[k] = cos(xi);
        s0 = 2 * s1[k] * c1[k]; /* sin and cos of 2 xi */
        c0 = (c1[k] - s1[k]) * (c1[k] + s1[k]);
        sinhcosh(2 * eta[k], &sh0, &ch0);
        ar[k] = 2 * c0 * ch0; /* 2 cos(2 zeta) = ar + i ai */
        ai[k] = -2 * s0 * sh0;
        sr[k] = s0 * ch0; /* sin(2 zeta) = sr + i si */
        si[k] = c0 * sh0;
        yr1[k] = yi1[k] = yr2[k] = yi2[k] = 0;
    }
    for (j = 5; j >= 0; j--)
        for (k = 0; k < n; k++) {
            double tr =
                ar[k] * yr1[k] - ai[k] * yi1[k] - (yr2[k] + p->beta_[j]);
            double ti = ai[k] * yr1[k] + ar[k] * yi1[k] - yi2[k];
            yr2[k] = yr1[k];
            yi2[k] = yi1[k];
            yr1[k] = tr;
            yi1[k] = ti;
        }
    for (k = 0; k < n; k++) {
        double sx, cx, etap, she, r, iq;
        /* xi' = xi + (sr yr1 - si yi1) */
        sincos_sum(s1[k], c1[k], sr[k] * yr1[k] - si[k] * yi1[k], &sx, &cx);
        etap = eta[k] + si[k] * yr1[k] + sr[k] * yi1[k];
        she = sinh_any(etap);
        /* tan(chi) = sin(xi') / hypot(sinh(eta'), cos(xi')); the sines
         * and cosines of chi and 2 chi follow from the same numbers. */
        r = sqrt(she * she + cx * cx);
        iq = 1 / sqrt(sx * sx + r * r); /* 1 / cosh eta' */
        out[k].phi = atan_right(sx, r); /* chi, for now */
        out[k].lam = atan_right(she, cx);
        s1[k] = sx * iq; /* sin and cos of chi */
        c1[k] = r * iq;
        s2[k] = 2 * s1[k] * c1[k];
        c2[k] = (c1[k] - s1[k]) * (c1[k] + s1[k]);
        z1[k] = z2[k] = 0;
    }
    for (j = 5; j >= 0; j--)
        for (k = 0; k < n; k++) {
            double t = 2 * c2[k] * z1[k] - (z2[k] - delta[j]);
            z2[k] = z1[k];
            z1[k] = t;
        }
    for (k = 0; k < n; k++) {
        double corr = s2[k] * z1[k];
        out[k].phi += corr;
        sincos_sum(s1[k], c1[k], corr, &out[k].sphi, &out[k].cphi);
    }
}

/* Where the Gauss-Krüger inverse holds: within 3,900 km of the central
 * meridian (Karney 2011: the 6th-order series is good to 5 nm there) and
 * between the poles. A survey zone is 3° or 6° wide, a few hundred km. */
#define LB__TM_MAX_OFFSET_M 3.9e6
static int in_tm_domain(const lb_area_params *p, double x, double y)
{
    double ka = p->k0 * p->rect_;
    return fabs(x - p->x0) <= LB__TM_MAX_OFFSET_M &&
           fabs((y - p->y0 + p->m0_) / ka) <= M_PI / 2;
}

void lb_tm_inverse(const lb_area_params *p, double x, double y, double *lat,
                   double *lon)
{
    double phi = NAN, lam = NAN, delta[6];
    geo g;
    if (p && p->is_tm && isfinite(x) && isfinite(y) && in_tm_domain(p, x, y)) {
        conformal_delta(p->n_, delta);
        tm_inverse(p, delta, &x, &y, 1, &g);
        phi = g.phi;
        lam = g.lam;
    }
    if (lat)
        *lat = phi / DEG;
    if (lon)
        *lon = p && p->is_tm ? p->lon0 + lam / DEG : NAN;
}

/* ------------------------------------------------------------------ */
/* Walking a densified ring                                            */

/* The next @p n inverted vertices reached by walk_ring(), in ring order;
 * `last` is set when the closing vertex is the last of them. */
typedef void (*vertex_fn)(void *state, const geo *g, size_t n, int last);

/* The notice's tools keep B and L as arc-seconds to 6 decimals
 * (domain.md §4.2 step 4); L is rounded as an absolute longitude. */
static void round_arcsec(const lb_area_params *p, geo *g)
{
    double l0 = p->lon0 * 3600.0;
    g->phi = round(g->phi * ARCSEC_PER_RAD * 1e6) / 1e6 / ARCSEC_PER_RAD;
    g->lam = (round((l0 + g->lam * ARCSEC_PER_RAD) * 1e6) / 1e6 - l0) /
             ARCSEC_PER_RAD;
    g->sphi = sin(g->phi);
    g->cphi = cos(g->phi);
}

/* The points a ring walk has gathered, inverted and handed on. */
typedef struct walk {
    const lb_area_params *p;
    double delta[6];
    double x[TM_BATCH], y[TM_BATCH];
    size_t n;
    vertex_fn fn;
    void *state;
} walk;

static void flush(walk *w, int last)
{
    geo g[TM_BATCH];
    size_t k;
    tm_inverse(w->p, w->delta, w->x, w->y, w->n, g);
    if (w->p->flags & LB_AREA_ROUND_ARCSEC)
        for (k = 0; k < w->n; k++)
            round_arcsec(w->p, &g[k]);
    w->fn(w->state, g, w->n, last);
    w->n = 0;
}

static void visit(walk *w, double x, double y)
{
    if (w->n == TM_BATCH) /* not at once: the last flush has the last */
        flush(w, 0);
    w->x[w->n] = x;
    w->y[w->n++] = y;
}

/* Segments for an edge of length len: ceil(len / densify_m), at least 1.
 * The cap only guards against an absurd densify_m (1e-9 m on a 100 km
 * edge); at 10 m it is a 10,000 km edge. */
static double edge_segments(double len, double densify_m)
{
    double k;
    if (!(densify_m > 0))
        return 1;
    k = ceil(len / densify_m);
    if (!(k >= 1))
        return 1;
    return k < 1e6 ? k : 1e6;
}

/* Densify each edge in the plane into equal segments no longer than
 * densify_m (generated on the fly: nothing is stored) and hand every
 * vertex, inverted to the ellipsoid, to fn in ring order. */
static void walk_ring(const lb_area_params *p, const double *xy, size_t n,
                      vertex_fn fn, void *state)
{
    walk w;
    size_t i;
    w.p = p;
    w.n = 0;
    w.fn = fn;
    w.state = state;
    conformal_delta(p->n_, w.delta);
    for (i = 0; i + 1 < n; i++) {
        double x1 = xy[2 * i], y1 = xy[2 * i + 1];
        double dx = xy[2 * i + 2] - x1, dy = xy[2 * i + 3] - y1;
        double k = edge_segments(sqrt(dx * dx + dy * dy), p->densify_m), j;
        for (j = 0; j < k; j++)
            visit(&w, x1 + dx * (j / k), y1 + dy * (j / k));
    }
    visit(&w, xy[2 * (n - 1)], xy[2 * (n - 1) + 1]);
    flush(&w, 1);
}

/* ------------------------------------------------------------------ */
/* survey: the ellipsoidal trapezoids of 国土调查办发〔2008〕32号           */

typedef struct survey_state {
    const lb_area_params *p;
    geo prev; /* the previous vertex */
    int started;
    lb__sum acc;
} survey_state;

/* The bracket of the notice's trapezoid S = 2b²ΔL·[A sin(ΔB/2) cos Bm −
 * B sin(3ΔB/2) cos 3Bm + C sin(5ΔB/2) cos 5Bm − D ... + E ...] of the
 * edge from latitude a to b. cos Bm is cos(Ba + ΔB/2). The odd multiples
 * come from the Chebyshev recurrences
 * sin((k+2)u) = 2 cos 2u · sin(ku) − sin((k−2)u), likewise for cos, which
 * keep the small sines accurate to the last bits. */
static double trapezoid(const lb_area_params *p, const geo *a, const geo *b)
{
    const double c[5] = {p->cA_, -p->cB_, p->cC_, -p->cD_, p->cE_};
    double u = (b->phi - a->phi) / 2, su, cu, cm;
    double c2u, c2m, s_prev, s, cc_prev, cc, t = 0;
    int k;
    sincos_any(u, &su, &cu);
    cm = a->cphi * cu - a->sphi * su;
    c2u = 1 - 2 * su * su;
    c2m = 2 * cm * cm - 1;
    s_prev = -su;
    s = su;
    cc_prev = cc = cm;
    for (k = 0; k < 5; k++) {
        double s_next = 2 * c2u * s - s_prev;
        double cc_next = 2 * c2m * cc - cc_prev;
        t += c[k] * s * cc;
        s_prev = s;
        s = s_next;
        cc_prev = cc;
        cc = cc_next;
    }
    return t;
}

/* The trapezoids of the edges up to each of the @p n vertices, worked
 * out apart and then added in ring order. */
static void survey_vertex(void *state, const geo *g, size_t n, int last)
{
    survey_state *st = state;
    double t[TM_BATCH];
    size_t k, first = st->started ? 0 : 1; /* the first vertex ends no edge */
    (void)last;
    for (k = first; k < n; k++) {
        const geo *a = k ? &g[k - 1] : &st->prev;
        /* ΔL: the edge's mean longitude from the central meridian, so the
         * large terms of a Greenwich reference never appear (rules.md §2) */
        t[k] = (a->lam + g[k].lam) / 2 * trapezoid(st->p, a, &g[k]);
    }
    for (k = first; k < n; k++)
        lb__sum_add(&st->acc, t[k]);
    if (n) {
        st->prev = g[n - 1];
        st->started = 1;
    }
}

static double survey_area(const lb_area_params *p, const double *xy, size_t n)
{
    survey_state st;
    st.p = p;
    st.started = 0;
    st.acc.s = st.acc.c = 0;
    walk_ring(p, xy, n, survey_vertex, &st);
    /* the trapezoids sum ∮ L dZ(B): positive for a ring that runs
     * counter-clockwise in (easting, northing) */
    return 2 * p->b_ * p->b_ * (st.acc.s + st.acc.c);
}

/* ------------------------------------------------------------------ */
/* geodesic: PROJ's geod_polygonarea on the same vertices               */

typedef struct geodesic_state {
    struct geod_geodesic g;
    struct geod_polygon poly;
    double lon0;
} geodesic_state;

static void geodesic_vertex(void *state, const geo *g, size_t n, int last)
{
    geodesic_state *st = state;
    size_t k;
    /* geod_polygon closes the ring itself */
    for (k = 0; k < (last && n ? n - 1 : n); k++)
        geod_polygon_addpoint(&st->g, &st->poly, g[k].phi / DEG,
                              st->lon0 + g[k].lam / DEG);
}

static double geodesic_area(const lb_area_params *p, const double *xy, size_t n)
{
    geodesic_state st;
    double area = 0;
    geod_init(&st.g, p->a, p->f);
    geod_polygon_init(&st.poly, 0);
    st.lon0 = p->lon0;
    walk_ring(p, xy, n, geodesic_vertex, &st);
    /* reverse = 0, sign = 1: counter-clockwise (seen from above, east
     * right, north up) counts positive, as in the plane */
    geod_polygon_compute(&st.g, &st.poly, 0, 1, &area, NULL);
    return area;
}

/* ------------------------------------------------------------------ */
/* planar                                                              */

/* The shoelace formula around the first vertex: coordinates with a zone
 * prefix (3.4e7 m) would otherwise cost eight digits to cancellation. */
static double planar_area(const double *xy, size_t n)
{
    double ox = xy[0], oy = xy[1];
    lb__sum acc = {0, 0};
    size_t i;
    for (i = 1; i + 2 < n; i++) {
        double x1 = xy[2 * i] - ox, y1 = xy[2 * i + 1] - oy;
        double x2 = xy[2 * i + 2] - ox, y2 = xy[2 * i + 3] - oy;
        lb__sum_add(&acc, x1 * y2);
        lb__sum_add(&acc, -x2 * y1);
    }
    return (acc.s + acc.c) / 2;
}

/* ------------------------------------------------------------------ */
/* Rings                                                               */

static lb_status fail(const char **why, lb_status status, const char *text)
{
    if (why)
        *why = text;
    return status;
}

/* How many vertices the ring xy[0..n) has once densified for @p p's
 * method (its own n for the planar method). */
static double densified_points(const lb_area_params *p, const double *xy,
                               size_t n)
{
    double total = 1;
    size_t i;
    if (p->method == LB_AREA_PLANAR)
        return (double)n;
    for (i = 0; i + 1 < n; i++) {
        double dx = xy[2 * i + 2] - xy[2 * i];
        double dy = xy[2 * i + 3] - xy[2 * i + 1];
        total += edge_segments(sqrt(dx * dx + dy * dy), p->densify_m);
    }
    return total;
}

static lb_status check_tm_ring(const lb_area_params *p, const double *xy,
                               size_t n, const char **why, double *points)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!in_tm_domain(p, xy[2 * i], xy[2 * i + 1]))
            return fail(why, LB_ERR_GEOMETRY,
                        "a vertex lies beyond the reach of the Gauss-Krüger "
                        "projection (over 3,900 km from its central "
                        "meridian, or past a pole): check the coordinates "
                        "and the CRS");
    if ((*points = densified_points(p, xy, n)) > LB__MAX_DENSIFIED)
        return fail(why, LB_ERR_GEOMETRY,
                    "the ring is too long to measure: densified it would have "
                    "over 10 million vertices");
    return LB_OK;
}

/* The ring's checks; *points gets its densified vertices. */
static lb_status check_ring(const lb_area_params *p, const double *xy, size_t n,
                            const char **why, double *points)
{
    size_t i;
    if (!lb_area_method_name(p->method))
        return fail(why, LB_ERR_ARG, "unknown area method");
    if (n < 4)
        return fail(why, LB_ERR_GEOMETRY, "a ring needs at least 4 points");
    for (i = 0; i < 2 * n; i++)
        if (!isfinite(xy[i]))
            return fail(why, LB_ERR_GEOMETRY,
                        "a coordinate is not finite (NaN or infinite)");
    if (xy[0] != xy[2 * n - 2] || xy[1] != xy[2 * n - 1])
        return fail(why, LB_ERR_GEOMETRY,
                    "the ring is not closed (first point != last point)");
    if (p->method != LB_AREA_PLANAR && !p->is_tm)
        return fail(why, LB_ERR_CRS,
                    "the survey and geodesic area methods need Transverse "
                    "Mercator (Gauss-Krüger) parameters");
    *points = (double)n;
    return p->method == LB_AREA_PLANAR ? LB_OK
                                       : check_tm_ring(p, xy, n, why, points);
}

lb_status lb__ring_area_counted(const lb_area_params *p, const double *xy,
                                size_t n, double *area, const char **why,
                                double *points)
{
    lb_status st;
    *points = 0;
    if (why)
        *why = NULL;
    if (!area)
        return fail(why, LB_ERR_ARG, "no place for the area (NULL)");
    *area = NAN;
    if (!p || !xy)
        return fail(why, LB_ERR_ARG,
                    p ? "no coordinates (NULL)" : "no area parameters (NULL)");
    st = check_ring(p, xy, n, why, points);
    if (st != LB_OK)
        return st;
    switch (p->method) {
    case LB_AREA_SURVEY:
        *area = survey_area(p, xy, n);
        break;
    case LB_AREA_GEODESIC:
        *area = geodesic_area(p, xy, n);
        break;
    case LB_AREA_PLANAR:
        *area = planar_area(xy, n);
        break;
    }
    if (!isfinite(*area)) {
        *area = NAN;
        return fail(why, LB_ERR_GEOMETRY,
                    "the area is not finite: the coordinates are too large");
    }
    return LB_OK;
}

lb_status lb_ring_area_signed(const lb_area_params *p, const double *xy,
                              size_t n, double *area, const char **why)
{
    double points;
    return lb__ring_area_counted(p, xy, n, area, why, &points);
}

lb_status lb_ring_area(const lb_area_params *p, const double *xy, size_t n,
                       double *area, const char **why)
{
    lb_status st = lb_ring_area_signed(p, xy, n, area, why);
    if (st == LB_OK)
        *area = fabs(*area);
    return st;
}
