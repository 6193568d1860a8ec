#!/usr/bin/python3
"""peer_geopandas.py: rules.md §3 in GeoPandas, as a GeoPandas user would
write it: read the layers with geopandas.read_file, overlay with the
spatial index (gpd.overlay, sindex.query_bulk), areas on the ellipsoid
with pyproj.Geod(ellps='GRS80') (the CGCS2000 ellipsoid) after
transforming to EPSG:4490.

    peer_geopandas.py DATASET YIELD_CSV OUT_CSV

Writes one row per project (kind, code, quantity_m2, paddy_m2,
capacity_kg) and prints `load_s` and `compute_s` on stdout.
"""
import sys
import time
import warnings

import numpy as np
import pandas as pd
import geopandas as gpd
from pyproj import Geod
from shapely.geometry.polygon import orient

warnings.filterwarnings("ignore")  # overlay's "keep_geom_type dropped ..."

CULT = ["0101", "0102", "0103"]
GEOD = Geod(ellps="GRS80")
BCLX = {"": "新增", "new": "新增", "upgrade": "提质", "paddy": "改造",
        "upgrade+paddy": "提质改造"}


def engine():
    try:
        import pyogrio  # noqa: F401
        return "pyogrio"
    except ImportError:
        return "fiona"


def read(path, layer):
    return gpd.read_file(path, layer=layer, engine=engine())


def polygon_area(geom):
    """Geodesic area (m²) of a lon/lat (Multi)Polygon: exterior
    counter-clockwise and holes clockwise, so that the holes subtract."""
    if geom is None or geom.is_empty:
        return 0.0
    parts = [geom] if geom.geom_type == "Polygon" else \
        [g for g in getattr(geom, "geoms", []) if g.geom_type == "Polygon"]
    return sum(GEOD.geometry_area_perimeter(orient(p, 1.0))[0] for p in parts)


def geod_area(gs):
    """Ellipsoidal areas of a GeoSeries in its projected CRS."""
    return np.array([polygon_area(g) for g in gs.to_crs(4490)])


def near(cult, geoms):
    """The cultivated parcels that meet @geoms, through cult's spatial index
    (built once, then cached on the frame): gpd.overlay() would otherwise
    index and validate all of them on every call."""
    _, j = cult.sindex.query_bulk(geoms, predicate="intersects")
    return cult.iloc[np.unique(j)]


def occupied(zyfw, cult, kg):
    fp = zyfw[["XMBH", "geometry"]].dissolve(by="XMBH").reset_index()
    pieces = gpd.overlay(fp, near(cult, fp.geometry), how="intersection",
                         keep_geom_type=True)
    pieces["a_x"] = geod_area(pieces.geometry)
    ids = pieces["pid"].unique()
    a_p = pd.Series(geod_area(cult.loc[ids].geometry), index=ids)
    pieces["a_p"] = pieces["pid"].map(a_p)
    net = np.where(pieces["TBDLMJ"].notna(),
                   pieces["TBDLMJ"] * pieces["a_x"] / pieces["a_p"],
                   pieces["a_x"] * (1 - pieces["KCXS"].fillna(0)))
    out = pd.DataFrame({
        "code": pieces["XMBH"],
        "quantity_m2": net,
        "paddy_m2": np.where(pieces["pcls"] == "0101", net, 0.0),
        "capacity_kg": net * 0.0015 * pieces["GDDB"].map(kg).fillna(0),
    })
    return out.groupby("code", as_index=False).sum()


def supplied(bcgd, cult, kg):
    s = bcgd.copy()
    s["sfid"] = np.arange(1, len(s) + 1)  # GeoPackage order = fid order
    s = s.sort_values(["XMBH", "sfid"], kind="stable").reset_index(drop=True)
    s["cls"] = s["DLBM"].str[:4]
    s["KCXS"] = s["KCXS"].fillna(0)
    s["BCLX"] = s["BCLX"].fillna("").map(lambda v: BCLX.get(v, v))
    # fresh = parcel - union of every earlier parcel it meets
    i, j = s.sindex.query_bulk(s.geometry, predicate="intersects")
    keep = j < i
    earlier = (gpd.GeoSeries(s.geometry.values[j[keep]], index=i[keep])
               .groupby(level=0).agg(lambda g: g.unary_union))
    fresh = s.geometry.copy()
    fresh.loc[earlier.index] = s.geometry.loc[earlier.index].difference(
        gpd.GeoSeries(earlier, crs=s.crs))
    s = s.set_geometry(fresh)
    s = s[~s.geometry.is_empty]
    s["fresh_m2"] = geod_area(s.geometry)
    on = gpd.overlay(s[["sfid", "geometry"]],
                     near(cult, s.geometry)[["pcls", "GDDB", "geometry"]],
                     how="intersection", keep_geom_type=True)
    on["a"] = geod_area(on.geometry)
    on = on.merge(s[["sfid", "XMBH", "cls", "GDDB", "KCXS", "BCLX"]],
                  on="sfid", suffixes=("_p", ""))
    # 新增: the fresh part off baseline 耕地
    new = s[s["BCLX"] == "新增"].copy()
    on_sum = on.groupby("sfid")["a"].sum()
    off = (new["fresh_m2"] - new["sfid"].map(on_sum).fillna(0)).clip(lower=0)
    net = off * (1 - new["KCXS"])
    rows = [pd.DataFrame({
        "code": new["XMBH"], "quantity_m2": net,
        "paddy_m2": np.where(new["cls"] == "0101", net, 0.0),
        "capacity_kg": net * 0.0015 * new["GDDB"].map(kg).fillna(0)})]
    # 提质 / 改造 / 提质改造: the fresh part on baseline 耕地
    up = on[on["BCLX"] != "新增"]
    net = up["a"] * (1 - up["KCXS"])
    gain = net * 0.0015 * (up["GDDB"].map(kg).fillna(0) -
                           up["GDDB_p"].map(kg).fillna(0))
    rows.append(pd.DataFrame({
        "code": up["XMBH"], "quantity_m2": 0.0,
        "paddy_m2": np.where(up["BCLX"].isin(["改造", "提质改造"]) &
                             (up["cls"] == "0101") & (up["pcls"] != "0101"),
                             net, 0.0),
        "capacity_kg": np.where(up["BCLX"].isin(["提质", "提质改造"]),
                                gain.clip(lower=0), 0.0)}))
    return pd.concat(rows).groupby("code", as_index=False).sum()


def main():
    path, yield_csv, out_csv = sys.argv[1:4]
    t0 = time.perf_counter()
    dltb = read(path, "dltb")
    zyfw = read(path, "zyfw")
    bcgd = read(path, "bcgd")
    kg = pd.read_csv(yield_csv).set_index("grade")["kg_per_mu"]
    t1 = time.perf_counter()
    dltb["pcls"] = dltb["DLBM"].str[:4]
    cult = dltb.loc[dltb["pcls"].isin(CULT),
                    ["pcls", "GDDB", "KCXS", "TBDLMJ", "geometry"]].copy()
    cult["pid"] = cult.index
    occ = occupied(zyfw, cult, kg)
    occ.insert(0, "kind", "occupation")
    sup = supplied(bcgd, cult, kg)
    sup.insert(0, "kind", "supplement")
    res = pd.concat([occ, sup]).sort_values("code")
    t2 = time.perf_counter()
    res.to_csv(out_csv, index=False, float_format="%.10f")
    print("engine %s" % engine())
    print("load_s %.3f" % (t1 - t0))
    print("compute_s %.3f" % (t2 - t1))


if __name__ == "__main__":
    main()
