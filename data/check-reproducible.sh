#!/bin/sh
# data/check-reproducible.sh: regenerate the synthetic data set into a
# temporary folder and compare it byte for byte with the committed files
# (data/chuxiong.gpkg, data/grade_yield.csv, data/shp/*).
#
# Usage (from anywhere): data/check-reproducible.sh [GENERATOR]
#   GENERATOR defaults to build/gen_data, brought up to date with make.
# Exit status: 0 identical, 1 a file differs or is missing, 2 no generator.
set -eu

cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then
    gen=$1
else
    gen=build/gen_data
    make --no-print-directory "$gen" >/dev/null || exit 2
fi
if [ ! -x "$gen" ]; then
    echo "check-reproducible: no generator at $gen" >&2
    exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/landbal-data.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
"$gen" --quiet "$tmp"

status=0
# every generated file must equal the committed one ...
for f in $(cd "$tmp" && find . -type f | sed 's|^\./||' | sort); do
    if [ ! -f "data/$f" ]; then
        echo "check-reproducible: data/$f is not committed" >&2
        status=1
    elif ! cmp -s "$tmp/$f" "data/$f"; then
        echo "check-reproducible: data/$f differs from a fresh run" >&2
        status=1
    fi
done
# ... and every committed output must still be generated
for f in chuxiong.gpkg grade_yield.csv $(cd data && find shp -type f | sort); do
    if [ ! -f "$tmp/$f" ]; then
        echo "check-reproducible: data/$f is no longer generated" >&2
        status=1
    fi
done
if [ "$status" -eq 0 ]; then
    echo "check-reproducible: $(cd "$tmp" && find . -type f | wc -l) files identical"
fi
exit "$status"
