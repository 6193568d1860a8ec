#!/usr/bin/env bash
# bench/run.sh: landbal against the OGR read floor, PostGIS and GeoPandas
# on one generated county (BENCHMARKS.md says what the figures mean).
#
#   bench/run.sh [--parcels N] [--runs N] [--growth] [--smoke]
#                [--occupation N] [--supplement N] [--supp-parcels N]
#                [--seed S] [--workdir DIR] [--keep] [--no-peers]
#                [--no-install] [--pg-port P] [--landbal-root DIR]
#
#   --parcels N     baseline parcels (default 300000); passed to gen_county
#   --runs N        runs of every measurement; medians are shown (default 3)
#   --growth        also run landbal (and the OGR floor) on 2N parcels and
#                   report how its memory and time grow
#   --smoke         3,000 parcels, 1 run, peers only if already installed;
#                   exits 1 if landbal fails or a peer disagrees (for CI)
#   --workdir DIR   where data, the PostGIS cluster and logs go (default: a
#                   new directory under ${TMPDIR:-/tmp}, removed at the end
#                   unless --keep)
#   --no-peers      landbal and the OGR floor only
#   --no-install    do not apt-get the peers' Debian packages
#   --landbal-root DIR  build and measure the landbal source tree in DIR
#                   (default: this repository), e.g. a `git archive` of a
#                   commit, so that edits in progress do not get measured
#
# Needs: the Debian packages of landbal's build, gdal-bin, time; for the
# peers postgresql + postgresql-15-postgis-3 (any PostgreSQL with PostGIS
# 3 works) and python3-geopandas + python3-pyproj (installed with apt-get
# when run as root, unless --no-install or --smoke).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PARCELS=300000 OCC=500 SUPP=50 SUPP_PARCELS=5000 SEED=1 RUNS=3
SMOKE=0 GROWTH=0 PEERS=1 INSTALL=1 KEEP=0 WORK="" PGPORT_BENCH=5499 LBROOT=$ROOT
PY=/usr/bin/python3 # Debian's python3, where python3-geopandas lives

usage() { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
    --parcels) PARCELS=$2; shift ;;
    --occupation) OCC=$2; shift ;;
    --supplement) SUPP=$2; shift ;;
    --supp-parcels) SUPP_PARCELS=$2; shift ;;
    --seed) SEED=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --growth) GROWTH=1 ;;
    --smoke) SMOKE=1 ;;
    --workdir) WORK=$2; shift ;;
    --keep) KEEP=1 ;;
    --no-peers) PEERS=0 ;;
    --no-install) INSTALL=0 ;;
    --pg-port) PGPORT_BENCH=$2; shift ;;
    --landbal-root) LBROOT=$(cd "$2" && pwd); shift ;;
    -h|--help) usage ;;
    *) echo "run.sh: unknown option $1" >&2; usage ;;
    esac
    shift
done
if [ "$SMOKE" = 1 ]; then
    PARCELS=3000 OCC=20 SUPP=5 SUPP_PARCELS=200 RUNS=1 INSTALL=0 GROWTH=0
fi

say() { printf '%s\n' "run.sh: $*" >&2; }
die() { say "$*"; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# ---- work directory, cleanup --------------------------------------------
if [ -z "$WORK" ]; then
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/landbal-bench.XXXXXX")
    OWN_WORK=1
else
    mkdir -p "$WORK"
    OWN_WORK=0
fi
WORK=$(cd "$WORK" && pwd)
chmod 755 "$WORK" # the PostgreSQL server (user postgres) works in it
PGDATA_B="$WORK/pg/data" PGSOCK="$WORK/pg/sock" PG_STARTED=0

as_pg() { # run a PostgreSQL server program as a non-root user
    if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
    if [ "$PG_STARTED" = 1 ]; then
        as_pg "$PGBIN/pg_ctl" -D "$PGDATA_B" -m fast stop >/dev/null 2>&1 || true
    fi
    if [ "$KEEP" = 0 ] && [ "$OWN_WORK" = 1 ]; then
        rm -rf "$WORK"
    else
        say "work directory kept: $WORK"
    fi
}
trap cleanup EXIT

# ---- packages -------------------------------------------------------------
have_postgis() {
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] &&
        ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1
}
have_geopandas() {
    [ -x "$PY" ] && "$PY" -c 'import geopandas, pyproj' >/dev/null 2>&1
}
apt_install() {
    if [ "$INSTALL" = 1 ] && is_root; then
        say "installing $*"
        { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"; } \
            >"$WORK/apt.log" 2>&1 || say "apt-get failed (see $WORK/apt.log)"
    fi
}
command -v ogr2ogr >/dev/null && [ -x /usr/bin/time ] || apt_install gdal-bin time
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
if [ "$PEERS" = 1 ]; then
    have_postgis || apt_install postgresql postgresql-15-postgis-3
    have_geopandas || apt_install python3-geopandas python3-pyproj python3-rtree
fi

# ---- build ----------------------------------------------------------------
say "building landbal and bench/"
make -C "$LBROOT" -s build/landbal build/liblandbal.a >"$WORK/build.log" 2>&1 ||
    { tail -20 "$WORK/build.log"; die "make failed"; }
make -C "$HERE" -s LBROOT="$LBROOT" >>"$WORK/build.log" 2>&1 &&
    make -C "$HERE" -s -B LBROOT="$LBROOT" bin/lb_stages >>"$WORK/build.log" 2>&1 ||
    { tail -20 "$WORK/build.log"; die "make -C bench failed"; }
# a copy, so that a rebuild of the tree by someone else during the run does
# not change what is measured
cp "$LBROOT/build/landbal" "$WORK/landbal"
LANDBAL="$WORK/landbal" BIN="$HERE/bin" YIELD="$HERE/grade_yield.csv"
LB_REV=$(git -C "$LBROOT" describe --always --dirty 2>/dev/null || cat "$LBROOT/REVISION" 2>/dev/null || echo "?")
NPROC=$(nproc)
LOAD_START=$(cut -d" " -f1-3 /proc/loadavg)

# ---- measuring --------------------------------------------------------------
# measure NAME CMD...: run CMD under /usr/bin/time -v; appends to
# $WORK/m/NAME "wall_s cpu_s maxrss_kb" (wall from the monotonic clock).
mkdir -p "$WORK/m" "$WORK/out"
now() { date +%s.%N; }
measure() {
    local name=$1 t0 t1 tv="$WORK/m/$1.time"
    shift
    t0=$(now)
    if ! /usr/bin/time -v -o "$tv" "$@" >"$WORK/m/$name.stdout" 2>"$WORK/m/$name.stderr"; then
        say "$name failed:"; tail -5 "$WORK/m/$name.stderr" >&2; return 1
    fi
    t1=$(now)
    awk -v w="$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')" '
        /User time/ {u=$NF} /System time/ {s=$NF}
        /Maximum resident set size/ {m=$NF}
        END {printf "%.3f %.3f %d\n", w, u+s, m}' "$tv" >>"$WORK/m/$name"
}
# median FILE COLUMN
median() {
    [ -s "$1" ] || { echo "n/a"; return; }
    awk -v c="$2" '{print $c}' "$1" | sort -g |
        awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else printf "%.3f\n", (v[NR/2]+v[NR/2+1])/2}'
}
calc() { awk "BEGIN {printf \"%.2f\", $*}"; }
# round_ratio FILE_A FILE_B: the median over rounds of A's wall time
# divided by B's, for runs made in turn in the same rounds (a slow spell of
# the host then weighs on both sides of each ratio)
round_ratio() {
    [ -s "$1" ] && [ -s "$2" ] || { echo "n/a"; return; }
    paste -d' ' <(awk '{print $1}' "$1") <(awk '{print $1}' "$2") |
        awk 'NF == 2 && $2 > 0 {print $1 / $2}' | sort -g |
        awk '{v[NR]=$1} END {if (!NR) print "n/a"; else if (NR%2) printf "%.2f\n", v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2}'
}
mb() { [ "$1" = n/a ] && echo n/a || awk -v k="$1" 'BEGIN{printf "%.0f", k/1024}'; }

# ---- data ---------------------------------------------------------------------
gen() { # gen N FILE
    "$BIN/gen_county" --parcels "$1" --occupation "$OCC" --supplement "$SUPP" \
        --supp-parcels "$SUPP_PARCELS" --seed "$SEED" -o "$2" 2>>"$WORK/gen.log"
}
DATA="$WORK/county-$PARCELS.gpkg"
say "generating $PARCELS parcels, $OCC occupation and $SUPP supplement projects ($SUPP_PARCELS parcels)"
gen "$PARCELS" "$DATA"
tail -1 "$WORK/gen.log" >&2

# ---- landbal and the OGR floor ------------------------------------------------
run_landbal() { # run_landbal TAG DATA
    local i
    for i in $(seq "$RUNS"); do
        measure "floor_$1" "$BIN/ogr_floor" "$2"
        measure "lb1_$1" "$LANDBAL" report "$2" --yield "$YIELD" --format json \
            --quiet --threads 1 -o "$WORK/out/lb1_$1.json"
        measure "lbN_$1" "$LANDBAL" report "$2" --yield "$YIELD" --format json \
            --quiet --threads "$NPROC" -o "$WORK/out/lbN_$1.json"
    done
    # the whole-baseline checks (validity, areas, overlaps), all cores
    if [ "$1" = base ]; then
        for i in $(seq "$RUNS"); do
            measure "check_$1" "$LANDBAL" check "$2" --format json \
                --threads "$NPROC" -o "$WORK/out/check_$1.json"
        done
    fi
    # where the time goes (one run each, through the library's progress)
    "$BIN/lb_stages" "$2" "$YIELD" 1 >"$WORK/out/stages1_$1.tsv"
    "$BIN/lb_stages" "$2" "$YIELD" "$NPROC" >"$WORK/out/stagesN_$1.tsv"
}
say "landbal (--threads 1 and --threads $NPROC) and the OGR read floor, $RUNS run(s)"
run_landbal base "$DATA"
if ! cmp -s <(grep -v '"landbal_version"' "$WORK/out/lb1_base.json") \
            <(grep -v '"landbal_version"' "$WORK/out/lbN_base.json"); then
    say "warning: the report with 1 thread differs from the one with $NPROC"
    THREAD_SAME=no
else
    THREAD_SAME=yes
fi

# ---- PostGIS --------------------------------------------------------------------
PG_OK=0 GP_OK=0 PG_AGREE="n/a" GP_AGREE="n/a" FAIL=0
if [ "$PEERS" = 1 ] && have_postgis; then
    say "PostGIS: private cluster on port $PGPORT_BENCH in $WORK/pg"
    mkdir -p "$PGDATA_B" "$PGSOCK"
    is_root && chown -R postgres "$WORK/pg"
    as_pg "$PGBIN/initdb" -D "$PGDATA_B" -U postgres --auth=trust --no-locale \
        -E UTF8 >"$WORK/pg/initdb.log" 2>&1 || die "initdb failed (see $WORK/pg/initdb.log)"
    # A scratch copy of the data: no durability (fsync, WAL), memory as a
    # tuned server would have it, no JIT (it only adds compile time to
    # PostGIS queries). Parallel query as PostgreSQL's default (2 workers).
    # (pg_ctl hands -o to a shell: one line, or the rest is lost)
    PGOPTS="-p $PGPORT_BENCH -k $PGSOCK -c listen_addresses="
    PGOPTS+=" -c shared_buffers=1GB -c work_mem=256MB -c maintenance_work_mem=1GB"
    PGOPTS+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    PGOPTS+=" -c max_wal_size=8GB -c jit=off"
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA_B" -l "$WORK/pg/server.log" -w -o "$PGOPTS" \
        start >/dev/null || die "the PostgreSQL server did not start (see $WORK/pg/server.log)"
    PG_STARTED=1
    PSQL=(psql -X -q -h "$PGSOCK" -p "$PGPORT_BENCH" -U postgres)
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE bench" >/dev/null
    "${PSQL[@]}" -d bench -c "CREATE EXTENSION postgis" >/dev/null
    PGCONN="PG:host=$PGSOCK port=$PGPORT_BENCH user=postgres dbname=bench"
    cat >"$WORK/pg/index.sql" <<EOF
CREATE INDEX ON dltb USING gist (geom);
CREATE INDEX ON zyfw USING gist (geom);
CREATE INDEX ON bcgd USING gist (geom);
DROP TABLE IF EXISTS grade_yield;
CREATE TABLE grade_yield (grade int PRIMARY KEY, kg_per_mu float8);
\copy grade_yield FROM '$YIELD' WITH (FORMAT csv, HEADER)
ANALYZE;
EOF
    # the load: ogr2ogr, then the GiST indexes and statistics
    cat >"$WORK/pg/load.sh" <<EOF
set -e
psql -X -q -h '$PGSOCK' -p $PGPORT_BENCH -U postgres -d bench \\
    -c 'DROP TABLE IF EXISTS dltb, zyfw, bcgd, xmxx, grade_yield' >/dev/null
ogr2ogr -f PostgreSQL '$PGCONN' '$DATA' -lco GEOMETRY_NAME=geom -lco FID=fid \\
    -lco SPATIAL_INDEX=NONE -preserve_fid
psql -X -q -h '$PGSOCK' -p $PGPORT_BENCH -U postgres -d bench -f '$WORK/pg/index.sql' >/dev/null
EOF
    PG_VERSION=$("${PSQL[@]}" -d bench -tAc "SELECT split_part(version(), ' ', 2) || ' / PostGIS ' || postgis_lib_version()")
    PG_SETTINGS=$("${PSQL[@]}" -d bench -tAc "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'fsync', 'synchronous_commit', 'jit', 'max_parallel_workers_per_gather')")
    ok=1
    for i in $(seq "$RUNS"); do
        # the load: ogr2ogr, then the GiST indexes and statistics
        measure pg_ogr2ogr bash "$WORK/pg/load.sh" || { ok=0; break; }
        measure pg_compute "${PSQL[@]}" -d bench -v out="$WORK/out/postgis.csv" \
            -v mem="$WORK/out/postgis.mem" -f "$HERE/peer_postgis.sql" || { ok=0; break; }
        # landbal again, in the same round, for a ratio of runs made side
        # by side
        measure lbN_pg "$LANDBAL" report "$DATA" --yield "$YIELD" --format json \
            --quiet --threads "$NPROC" -o "$WORK/out/lbN_pg.json" || { ok=0; break; }
        awk '{print $1}' "$WORK/out/postgis.mem" >>"$WORK/m/pg_backend_kb"
        # not part of the peer: what landbal's whole-baseline checks
        # (validity, every parcel's area against TBMJ) cost in PostGIS
        measure pg_checks "${PSQL[@]}" -d bench -c "SELECT count(*) FILTER (WHERE NOT ST_IsValid(geom)) AS invalid, count(*) FILTER (WHERE abs(ST_Area(geography(ST_Transform(geom, 4490))) - tbmj) > 1e-3 * tbmj) AS area_mismatch FROM dltb" || { ok=0; break; }
    done
    if [ "$ok" = 1 ]; then
        PG_OK=1
        if "$PY" "$HERE/compare.py" "$WORK/out/lb1_base.json" "$WORK/out/postgis.csv" \
            --name postgis >"$WORK/out/postgis.compare"; then PG_AGREE=yes; else PG_AGREE=no; FAIL=1; fi
    fi
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA_B" -m fast stop >/dev/null && PG_STARTED=0
elif [ "$PEERS" = 1 ]; then
    say "PostGIS skipped: PostgreSQL with PostGIS is not installed"
fi

# ---- GeoPandas --------------------------------------------------------------------
if [ "$PEERS" = 1 ] && have_geopandas; then
    say "GeoPandas, $RUNS run(s)"
    ok=1
    for i in $(seq "$RUNS"); do
        measure gp "$PY" "$HERE/peer_geopandas.py" "$DATA" "$YIELD" "$WORK/out/geopandas.csv" || { ok=0; break; }
        awk '/^load_s/ {l=$2} /^compute_s/ {c=$2} END {print l, c}' "$WORK/m/gp.stdout" >>"$WORK/m/gp_split"
    done
    if [ "$ok" = 1 ]; then
        GP_OK=1
        if "$PY" "$HERE/compare.py" "$WORK/out/lb1_base.json" "$WORK/out/geopandas.csv" \
            --name geopandas >"$WORK/out/geopandas.compare"; then GP_AGREE=yes; else GP_AGREE=no; FAIL=1; fi
    fi
elif [ "$PEERS" = 1 ]; then
    say "GeoPandas skipped: python3-geopandas is not installed"
fi

# ---- growth -------------------------------------------------------------------------
if [ "$GROWTH" = 1 ]; then
    P2=$((2 * PARCELS))
    say "growth: $P2 parcels"
    DATA2="$WORK/county-$P2.gpkg"
    gen "$P2" "$DATA2"
    run_landbal double "$DATA2"
    rm -f "$DATA2"
fi

# ---- report ---------------------------------------------------------------------------
stage() { # stage FILE NAME: seconds from the start of NAME to its end
    awk -F'\t' -v n="$2" '$1 == n {printf "%.2f", $3 - $2}' "$1"
}
before_pass() { # seconds before the baseline pass reported first
    awk -F'\t' '!/^reading/ && !/^total/ && !/_m2\t/ && !p {p=$2}
        END {printf "%.2f", p}' "$1"
}
F_WALL=$(median "$WORK/m/floor_base" 1) F_RSS=$(median "$WORK/m/floor_base" 3)
L1_WALL=$(median "$WORK/m/lb1_base" 1) L1_CPU=$(median "$WORK/m/lb1_base" 2) L1_RSS=$(median "$WORK/m/lb1_base" 3)
LN_WALL=$(median "$WORK/m/lbN_base" 1) LN_CPU=$(median "$WORK/m/lbN_base" 2) LN_RSS=$(median "$WORK/m/lbN_base" 3)
L1_READ=$(before_pass "$WORK/out/stages1_base.tsv") LN_READ=$(before_pass "$WORK/out/stagesN_base.tsv")
L1_T=$(stage "$WORK/out/stages1_base.tsv" total) LN_T=$(stage "$WORK/out/stagesN_base.tsv" total)

{
echo
echo "## landbal benchmark: $PARCELS parcels, $OCC occupation projects, $SUPP supplement projects ($SUPP_PARCELS parcels), seed $SEED"
echo
echo "landbal: $LB_REV, $LBROOT ($("$LANDBAL" version 2>/dev/null)); GDAL $(gdal-config --version 2>/dev/null || pkg-config --modversion gdal), GEOS $(pkg-config --modversion geos), PROJ $(pkg-config --modversion proj)"
echo "Machine: $NPROC cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM; load average at the start $LOAD_START, at the end $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Medians of $RUNS run(s). Wall and CPU (user+sys) in seconds, peak RSS in MiB. Data: $(du -m "$DATA" | cut -f1) MiB GeoPackage."
echo
echo "| run | load s | compute s | wall s | CPU s | peak RSS MiB | agrees with landbal |"
echo "|---|---:|---:|---:|---:|---:|---|"
echo "| OGR read floor (ogr_floor: every feature, attribute and geometry) | $F_WALL | – | $F_WALL | $(median "$WORK/m/floor_base" 2) | $(mb "$F_RSS") | – |"
echo "| landbal --threads 1 | ${L1_READ}¹ | $(calc "$L1_T - $L1_READ")¹ | $L1_WALL | $L1_CPU | $(mb "$L1_RSS") | (reference) |"
echo "| landbal --threads $NPROC | ${LN_READ}¹ | $(calc "$LN_T - $LN_READ")¹ | $LN_WALL | $LN_CPU | $(mb "$LN_RSS") | same report as 1 thread: $THREAD_SAME |"
if [ "$PG_OK" = 1 ]; then
    PG_LOAD=$(median "$WORK/m/pg_ogr2ogr" 1) PG_COMP=$(median "$WORK/m/pg_compute" 1)
    PG_MEM=$(median "$WORK/m/pg_backend_kb" 1)
    echo "| PostgreSQL $PG_VERSION (ogr2ogr + GiST + ANALYZE; SQL) | $PG_LOAD | $PG_COMP | $(calc "$PG_LOAD + $PG_COMP") | n/a² | $(mb "$PG_MEM")² | $PG_AGREE |"
fi
if [ "$GP_OK" = 1 ]; then
    GP_WALL=$(median "$WORK/m/gp" 1) GP_LOAD=$(median "$WORK/m/gp_split" 1) GP_COMP=$(median "$WORK/m/gp_split" 2)
    echo "| GeoPandas $("$PY" -c 'import geopandas; print(geopandas.__version__)') ($(awk '/^engine/ {print $2}' "$WORK/m/gp.stdout")) | $GP_LOAD | $GP_COMP | $GP_WALL | $(median "$WORK/m/gp" 2) | $(mb "$(median "$WORK/m/gp" 3)") | $GP_AGREE |"
fi
echo
echo "¹ landbal reads and measures in one process: the split is from one run of bench/bin/lb_stages (the library's progress messages), whose total was ${L1_T} s (1 thread) and ${LN_T} s ($NPROC threads). \"load\" is the time until the baseline pass first reports progress (reading the occupation, supplement and project layers, the footprints and the claims of the supplement parcels, finding the baseline parcels to read where the revision does that, and the pass's first chunk); \"compute\" is the rest: the pass over the baseline (reading the parcels it needs, validating and measuring them, the overlays) and the accounts."
[ "$PG_OK" = 1 ] && echo "² PostGIS: the peak RSS (VmHWM) of the backend that ran the SQL, shared buffers it touched included, parallel workers not counted; ogr2ogr's own peak was $(mb "$(median "$WORK/m/pg_ogr2ogr" 3)") MiB. CPU time is the server's and is not measured (psql's own is nil). Server settings: $PG_SETTINGS."
echo
echo "Targets:"
ok() { awk -v v="$1" -v t="$2" -v d="$3" 'BEGIN {if (v == "n/a") print "n/a"; else if ((d == ">=" && v >= t) || (d == "<=" && v <= t)) print "met"; else print "NOT met"}'; }
R_T=$(calc "$L1_WALL / $LN_WALL")
echo "- $NPROC threads vs 1: $R_T× faster (target ≥ 1.7×: $(ok "$R_T" 1.7 ">=")); the median of the rounds' ratios: $(round_ratio "$WORK/m/lb1_base" "$WORK/m/lbN_base")×"
R_F=$(calc "$LN_WALL / $F_WALL")
echo "- landbal ($NPROC threads) vs the OGR read floor: $R_F× the floor's wall time (target ≤ 2×: $(ok "$R_F" 2 "<="))"
if [ "$GP_OK" = 1 ]; then
    R_G=$(calc "$GP_WALL / $LN_WALL")
    echo "- GeoPandas wall ÷ landbal wall ($NPROC threads): $R_G× (target ≥ 10×: $(ok "$R_G" 10 ">=")); with 1 thread $(calc "$GP_WALL / $L1_WALL")×; GeoPandas compute alone ÷ landbal: $(calc "$GP_COMP / $LN_WALL")×"
fi
if [ "$PG_OK" = 1 ]; then
    R_P=$(calc "$PG_COMP / $LN_WALL")
    echo "- PostGIS SQL ÷ landbal wall ($NPROC threads), load not counted: $R_P× (target ≥ 5×: $(ok "$R_P" 5 ">=")); counting the load: $(calc "($PG_LOAD + $PG_COMP) / $LN_WALL")×"
    echo "  landbal run in the same rounds as PostGIS's SQL (median $(median "$WORK/m/lbN_pg" 1) s): $(calc "$PG_COMP / $(median "$WORK/m/lbN_pg" 1)")×, the median of the rounds' ratios $(round_ratio "$WORK/m/pg_compute" "$WORK/m/lbN_pg")×"
    echo "  (for scale: validating and measuring the whole baseline in PostGIS, ST_IsValid and the geography area of every parcel against TBMJ as \`landbal check\` does, takes $(median "$WORK/m/pg_checks" 1) s; the peer SQL above touches only the parcels near a project)"
fi
echo "- landbal check ($NPROC threads; every parcel read, validated and measured, TBMJ checks, overlaps between neighbouring parcels, duplicate BSMs): $(median "$WORK/m/check_base" 1) s wall, $(median "$WORK/m/check_base" 2) s CPU, $(mb "$(median "$WORK/m/check_base" 3)") MiB"
if [ "$GROWTH" = 1 ]; then
    M1=$(median "$WORK/m/lb1_base" 3) M2=$(median "$WORK/m/lb1_double" 3)
    N1=$(median "$WORK/m/lbN_base" 3) N2=$(median "$WORK/m/lbN_double" 3)
    W2=$(median "$WORK/m/lbN_double" 1) FW2=$(median "$WORK/m/floor_double" 1)
    R_M=$(calc "$M2 / $M1")
    echo "- baseline doubled ($PARCELS → $((2 * PARCELS))): landbal peak RSS $(mb "$M1") → $(mb "$M2") MiB with 1 thread ($R_M×; target ≤ 1.2×: $(ok "$R_M" 1.2 "<=")), $(mb "$N1") → $(mb "$N2") MiB with $NPROC ($(calc "$N2 / $N1")×); wall $LN_WALL → $W2 s ($(calc "$W2 / $LN_WALL")×); OGR floor $F_WALL → $FW2 s, RSS $(mb "$F_RSS") → $(mb "$(median "$WORK/m/floor_double" 3)") MiB"
fi
echo
echo "landbal stages (s from start: first and last progress report), 1 thread:"
grep -v _m2 "$WORK/out/stages1_base.tsv" | sed 's/^/    /'
echo "$NPROC threads:"
grep -v _m2 "$WORK/out/stagesN_base.tsv" | sed 's/^/    /'
for f in postgis geopandas; do
    [ -s "$WORK/out/$f.compare" ] && { echo "$f vs landbal (per project: |Δ| ≤ max(0.1, 1e-6·|value|)):"; sed 's/^/    /' "$WORK/out/$f.compare"; }
done
echo
echo "Raw measurements (wall_s cpu_s maxrss_kb per run): $WORK/m (kept with --keep)"
} | tee "$WORK/report.md"

if [ "$SMOKE" = 1 ] && [ "$FAIL" = 1 ]; then
    die "smoke: a peer disagrees with landbal"
fi
exit 0
