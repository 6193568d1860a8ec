#!/bin/sh
# scope-order.sh: the order in which a program should list the shared
# libraries it loads, so that the dynamic loader starts it sooner.
#
#   scope-order.sh order PROGRAM CACHE
#                   the libraries, most bound-to first; kept in CACHE,
#                   and worked out again when the libraries PROGRAM loads
#                   or this script change
#   scope-order.sh same PROGRAM1 PROGRAM2
#                   exit 0 when every symbol of both binds to the same
#                   library
#
# glibc's loader looks each symbol up through the loaded libraries in
# load order (the global scope) and stops at the first that defines it.
# Debian's libgdal brings in about 110 libraries and is linked with
# BIND_NOW, so every start looks up tens of thousands of symbols, most
# of them defined deep in that list. Listing the libraries that most
# symbols bind to first (as DT_NEEDED entries of the program) makes the
# lookups short.
#
# A symbol that several libraries define binds to the first of them, so
# the order keeps that one ahead of the others. `same` then compares the
# bindings of `PROGRAM version` (with LD_BIND_NOW, lazy ones included)
# of the two links: the Makefile keeps the ordered program only when
# they are the same (docs/decisions.md). Needs glibc's LD_DEBUG and
# binutils' nm; where either is missing it fails, and the Makefile keeps
# the plain link.
set -eu

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

# "FILE SYMBOL TARGET" for every binding the loader makes at start-up,
# lazy ones included; the program's own name is written PROGRAM. Fails
# when the program does.
bindings() {
    LD_BIND_NOW=1 LD_DEBUG=bindings "$1" version >/dev/null 2>"$tmp/ld" ||
        return 1
    awk -v prog="$1" '
        /\tbinding file / {
            file = $4; target = $7; sym = $0
            sub(/^.*symbol `/, "", sym); sub(/'"'"'.*$/, "", sym)
            if (file == prog) file = "PROGRAM"
            if (target == prog) target = "PROGRAM"
            print file, sym, target
        }' "$tmp/ld"
}

# The global scope, one library a line, in load order, the program first.
scope() {
    LD_DEBUG=scopes "$1" version >/dev/null 2>"$tmp/ld" || return 1
    awk '/ scope 0: / { for (i = 4; i <= NF; i++) print $i; exit }' "$tmp/ld"
}

# Work the order out from scratch.
order() {
    bindings "$1" >"$tmp/bindings"
    scope "$1" | awk 'NR > 1' >"$tmp/scope"
    [ -s "$tmp/bindings" ] && [ -s "$tmp/scope" ]
    command -v nm >/dev/null
    # the symbols each library defines: "LIBRARY SYMBOL"
    : >"$tmp/defs"
    while read -r lib; do
        case $lib in /*) ;; *) continue ;; esac
        nm -D --defined-only "$lib" >"$tmp/nm"
        awk -v lib="$lib" 'NF >= 3 { s = $3; sub(/@.*/, "", s); print lib, s }' \
            "$tmp/nm" >>"$tmp/defs"
    done <"$tmp/scope"
    # A must precede B when both define a symbol that is looked up and A
    # comes first in the load order. The library with the most bindings
    # to it that is not placed yet goes next, after the ones it must
    # follow (placed the same way). The loader, the vDSO and a malloc
    # that the program links first (jemalloc) are not listed.
    awk '
    function place(l,   i) {
        if (l in placed) return
        placed[l] = 1
        for (i = 1; i <= npos; i++)
            if ((lib[i], l) in before) place(lib[i])
        print l
    }
    FILENAME ~ /scope$/ { pos[$1] = ++npos; lib[npos] = $1; next }
    FILENAME ~ /bindings$/ { n[$3]++; wanted[$2] = 1; next }
    ($2 in wanted) && ($1 in pos) && !(($2 in first) && first[$2] == $1) {
        if (!($2 in first) || pos[$1] < pos[first[$2]]) {
            if ($2 in first) defs[$2] = defs[$2] " " first[$2]
            first[$2] = $1
        } else
            defs[$2] = defs[$2] " " $1
    }
    END {
        for (s in defs) {
            k = split(defs[s], later, " ")
            for (i = 1; i <= k; i++) before[first[s], later[i]] = 1
        }
        for (i = 1; i <= npos; i++)
            if (lib[i] !~ /^\// || lib[i] ~ /ld-linux|linux-vdso|jemalloc/)
                placed[lib[i]] = 1
        for (;;) {
            best = ""
            for (i = 1; i <= npos; i++)
                if (!(lib[i] in placed) && (best == "" || n[lib[i]] > n[best]))
                    best = lib[i]
            if (best == "") break
            place(best)
        }
    }' "$tmp/scope" "$tmp/bindings" "$tmp/defs" >"$tmp/order"
    [ -s "$tmp/order" ]
    cat "$tmp/order"
}

case "${1:-}" in
order)
    [ $# -eq 3 ]
    # the cache holds its key (this script and the libraries the program
    # loads), then the order
    key=$( (cat "$0" && scope "$2" | awk 'NR > 1' | sort) | cksum)
    if [ -s "$3" ] && [ "$(head -n 1 "$3")" = "$key" ]; then
        tail -n +2 "$3"
        exit 0
    fi
    order "$2" >"$tmp/new"
    { echo "$key" && cat "$tmp/new"; } >"$3"
    cat "$tmp/new"
    ;;
same)
    bindings "$2" | sort -u >"$tmp/a"
    bindings "$3" | sort -u >"$tmp/b"
    [ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b"
    ;;
*)
    echo "usage: $0 order PROGRAM CACHE | same PROGRAM1 PROGRAM2" >&2
    exit 2
    ;;
esac
