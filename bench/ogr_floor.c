/*
 * ogr_floor.c: the OGR read floor of a landbal data set. Opens the
 * dataset, and for each of its layers (or the layers named after it)
 * reads every feature through OGR, every attribute as landbal reads it
 * (as text or as a number) and the geometry, exported to WKB as landbal
 * does before handing it to GEOS. Nothing is kept. Whatever landbal does
 * beyond this (GEOS conversion, validation, areas, overlay) is its own
 * cost; this is what any OGR-based program pays to see the data.
 *
 *   ogr_floor DATASET [LAYER...]
 *
 * Prints one line per layer (features, vertices) and the time taken.
 */
#define _POSIX_C_SOURCE 200809L
#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static long long vertices(OGRGeometryH g)
{
    int i, n = OGR_G_GetGeometryCount(g);
    long long v = 0;
    if (n == 0)
        return OGR_G_GetPointCount(g);
    for (i = 0; i < n; i++)
        v += vertices(OGR_G_GetGeometryRef(g, i));
    return v;
}

static void read_layer(OGRLayerH l, double *checksum)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    int nf = OGR_FD_GetFieldCount(defn), i;
    OGRFeatureH f;
    long long n = 0, v = 0;
    unsigned char *wkb = NULL;
    size_t cap = 0;
    double t0 = now();
    OGR_L_ResetReading(l);
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        for (i = 0; i < nf; i++) {
            if (!OGR_F_IsFieldSetAndNotNull(f, i))
                continue;
            if (OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i)) == OFTString)
                *checksum += (double)strlen(OGR_F_GetFieldAsString(f, i));
            else
                *checksum += OGR_F_GetFieldAsDouble(f, i);
        }
        if (g) {
            size_t sz = (size_t)OGR_G_WkbSize(g);
            if (sz > cap) {
                cap = 2 * sz;
                wkb = realloc(wkb, cap);
                if (!wkb) {
                    fputs("ogr_floor: out of memory\n", stderr);
                    exit(1);
                }
            }
            OGR_G_ExportToWkb(g, wkbNDR, wkb);
            *checksum += wkb[sz - 1];
            v += vertices(g);
        }
        n++;
        OGR_F_Destroy(f);
    }
    free(wkb);
    printf("ogr_floor: %-6s %9lld features %11lld vertices %7.3f s\n",
           OGR_L_GetName(l), n, v, now() - t0);
}

int main(int argc, char **argv)
{
    GDALDatasetH ds;
    double t0 = now(), sum = 0.0;
    int i;
    if (argc < 2) {
        fputs("usage: ogr_floor DATASET [LAYER...]\n", stderr);
        return 2;
    }
    GDALAllRegister();
    ds = GDALOpenEx(argv[1], GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL,
                    NULL);
    if (!ds) {
        fprintf(stderr, "ogr_floor: cannot open %s\n", argv[1]);
        return 1;
    }
    if (argc > 2) {
        for (i = 2; i < argc; i++) {
            OGRLayerH l = GDALDatasetGetLayerByName(ds, argv[i]);
            if (!l) {
                fprintf(stderr, "ogr_floor: no layer %s\n", argv[i]);
                return 1;
            }
            read_layer(l, &sum);
        }
    } else {
        for (i = 0; i < GDALDatasetGetLayerCount(ds); i++)
            read_layer(GDALDatasetGetLayer(ds, i), &sum);
    }
    GDALClose(ds);
    printf("ogr_floor: total %.3f s (checksum %.6g)\n", now() - t0, sum);
    return 0;
}
