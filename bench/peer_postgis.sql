-- peer_postgis.sql: rules.md §3 in PostGIS, as a PostGIS user would write
-- it: set-based SQL over GiST-indexed tables loaded by ogr2ogr, areas on the
-- ellipsoid with geography (geodesic edges, GRS80 = the CGCS2000
-- ellipsoid). Writes one row per project: kind, code, quantity_m2,
-- paddy_m2, capacity_kg (what an occupation project occupies, what a
-- supplement project supplies), then the backend's peak RSS.
--
--   psql -v out=FILE -v mem=FILE -f peer_postgis.sql
--
-- Tables (ogr2ogr lower-cases the names): dltb, zyfw, bcgd (geometry
-- geom, EPSG:4543, GiST-indexed) and grade_yield(grade, kg_per_mu).
\set ON_ERROR_STOP on
\timing on

-- The footprint of an occupation project: the union of its features.
CREATE TEMP TABLE fp AS
SELECT xmbh, ST_Union(geom) AS geom FROM zyfw GROUP BY xmbh;

-- Occupied: for each cultivated parcel p meeting footprint F,
-- net = TBDLMJ_p * area(F ∩ p) / area(p), or area(F ∩ p) * (1 - KCXS_p)
-- where TBDLMJ is missing. A parcel inside F is taken whole.
CREATE TEMP TABLE occ AS
WITH piece AS (
    SELECT f.xmbh, left(p.dlbm, 4) AS cls, p.gddb, p.kcxs, p.tbdlmj,
           ST_Area(geography(ST_Transform(p.geom, 4490))) AS a_p,
           ST_Area(geography(ST_Transform(
               CASE WHEN ST_CoveredBy(p.geom, f.geom) THEN p.geom
                    ELSE ST_Intersection(p.geom, f.geom) END, 4490))) AS a_x
    FROM fp f
    JOIN dltb p ON ST_Intersects(p.geom, f.geom)
    WHERE left(p.dlbm, 4) IN ('0101', '0102', '0103')
), net AS (
    SELECT xmbh, cls, gddb,
           CASE WHEN tbdlmj IS NOT NULL THEN tbdlmj * a_x / a_p
                ELSE a_x * (1 - coalesce(kcxs, 0)) END AS net
    FROM piece WHERE a_x > 0
)
SELECT n.xmbh,
       sum(n.net) AS quantity_m2,
       coalesce(sum(n.net) FILTER (WHERE n.cls = '0101'), 0) AS paddy_m2,
       sum(n.net * 0.0015 * coalesce(y.kg_per_mu, 0)) AS capacity_kg
FROM net n LEFT JOIN grade_yield y ON y.grade = n.gddb
GROUP BY n.xmbh;

-- Supplement parcels in order of (XMBH, fid): what is left of each once
-- every earlier parcel (of any project) has claimed its land.
CREATE TEMP TABLE fresh AS
SELECT s.fid, s.xmbh, left(s.dlbm, 4) AS cls, s.gddb,
       coalesce(s.kcxs, 0) AS kcxs,
       CASE coalesce(s.bclx, '')
            WHEN '' THEN '新增' WHEN 'new' THEN '新增'
            WHEN 'upgrade' THEN '提质' WHEN 'paddy' THEN '改造'
            WHEN 'upgrade+paddy' THEN '提质改造' ELSE s.bclx END AS bclx,
       CASE WHEN e.geom IS NULL THEN s.geom
            ELSE ST_Difference(s.geom, e.geom) END AS geom
FROM bcgd s
LEFT JOIN LATERAL (
    SELECT ST_Union(o.geom) AS geom
    FROM bcgd o
    WHERE ST_Intersects(o.geom, s.geom) AND (o.xmbh, o.fid) < (s.xmbh, s.fid)
) e ON true;

-- The part of each fresh parcel on baseline cultivated land, by parcel.
CREATE TEMP TABLE oncult AS
SELECT f.fid, left(p.dlbm, 4) AS pcls, p.gddb AS pgddb,
       ST_Area(geography(ST_Transform(
           CASE WHEN ST_CoveredBy(p.geom, f.geom) THEN p.geom
                ELSE ST_Intersection(p.geom, f.geom) END, 4490))) AS a
FROM fresh f
JOIN dltb p ON ST_Intersects(p.geom, f.geom)
WHERE left(p.dlbm, 4) IN ('0101', '0102', '0103');

CREATE TEMP TABLE sup AS
WITH on_sum AS (
    SELECT fid, sum(a) AS a FROM oncult GROUP BY fid
), new AS ( -- 新增: the fresh part off baseline 耕地
    SELECT f.xmbh, f.cls, f.gddb,
           greatest(ST_Area(geography(ST_Transform(f.geom, 4490)))
                    - coalesce(o.a, 0), 0) * (1 - f.kcxs) AS net
    FROM fresh f LEFT JOIN on_sum o USING (fid)
    WHERE f.bclx = '新增'
), up AS ( -- 提质 / 改造: the fresh part on baseline 耕地, parcel by parcel
    SELECT f.xmbh,
           CASE WHEN f.bclx IN ('提质', '提质改造')
                THEN greatest(0, o.a * (1 - f.kcxs) * 0.0015 *
                                 (coalesce(ys.kg_per_mu, 0) - coalesce(yp.kg_per_mu, 0)))
                ELSE 0 END AS capacity_kg,
           CASE WHEN f.bclx IN ('改造', '提质改造') AND f.cls = '0101'
                     AND o.pcls <> '0101'
                THEN o.a * (1 - f.kcxs) ELSE 0 END AS paddy_m2
    FROM fresh f
    JOIN oncult o USING (fid)
    LEFT JOIN grade_yield ys ON ys.grade = f.gddb
    LEFT JOIN grade_yield yp ON yp.grade = o.pgddb
    WHERE f.bclx <> '新增'
)
SELECT xmbh, sum(q) AS quantity_m2, sum(pd) AS paddy_m2, sum(cap) AS capacity_kg
FROM (
    SELECT n.xmbh, n.net AS q, CASE WHEN n.cls = '0101' THEN n.net ELSE 0 END AS pd,
           n.net * 0.0015 * coalesce(y.kg_per_mu, 0) AS cap
    FROM new n LEFT JOIN grade_yield y ON y.grade = n.gddb
    UNION ALL
    SELECT xmbh, 0, paddy_m2, capacity_kg FROM up
) t
GROUP BY xmbh;

\timing off
\o :out
COPY (SELECT 'occupation' AS kind, xmbh AS code, quantity_m2, paddy_m2, capacity_kg FROM occ
      UNION ALL
      SELECT 'supplement', xmbh, quantity_m2, paddy_m2, capacity_kg FROM sup
      ORDER BY 2) TO STDOUT WITH (FORMAT csv, HEADER);
-- Peak resident memory of this backend (parallel workers not counted;
-- shared buffers it touched are).
\o :mem
COPY (SELECT substring(pg_read_file('/proc/self/status') FROM 'VmHWM:\s*(\d+)')) TO STDOUT;
\o
