// The public header compiles and links as C++ (extern "C" linkage).
#include "landbal.h"

#include <cstdio>
#include <cstring>

int main()
{
    lb_context *ctx = nullptr;
    if (lb_context_create(&ctx) != LB_OK)
        return 1;
    lb_area_params p;
    lb_area_params_init(&p, LB_AREA_SURVEY, 6378137.0, 1 / 298.257222101,
                        102.0, 0.0, 1.0, 500000.0, 0.0);
    double area = 0;
    lb_status st = lb_area_wkt(ctx, &p,
        "POLYGON((454000 2770100,454100 2770100,454100 2770200,"
        "454000 2770200,454000 2770100))", &area);
    lb_context_destroy(ctx);
    if (st != LB_OK || area < 9999.47 || area > 9999.49) {
        std::fprintf(stderr, "C++: area %.4f (status %d)\n", area, (int)st);
        return 1;
    }
    std::printf("C++ header test: %s, area %.4f m2\n", lb_version(), area);
    /* the run-time version is the header's */
    char want[32];
    std::snprintf(want, sizeof want, "%d.%d.%d", LANDBAL_VERSION_MAJOR,
                  LANDBAL_VERSION_MINOR, LANDBAL_VERSION_PATCH);
    return std::strcmp(lb_version(), want) == 0 ? 0 : 1;
}
