#!/bin/sh
# scope-order.sh: the order in which a program should list the shared
# libraries it loads, so that the dynamic loader starts it sooner.
#
#   scope-order.sh order PROGRAM     the libraries, most bound-to first
#   scope-order.sh same PROGRAM1 PROGRAM2
#                                    exit 0 when every symbol of both
#                                    binds to the same library
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
# the order keeps that one ahead of the others; `same` then proves that
# no symbol changed library (docs/decisions.md). Needs glibc's LD_DEBUG
# and binutils' nm; where either is missing it fails, and the Makefile
# keeps the plain link.
set -eu

# "FILE SYMBOL TARGET" for every binding the loader makes at start-up,
# lazy ones included; the program's own name is written PROGRAM.
bindings() {
    LD_BIND_NOW=1 LD_DEBUG=bindings "$1" version 2>&1 >/dev/null |
        awk -v prog="$1" '
        /\tbinding file / {
            file = $4; target = $7; sym = $0
            sub(/^.*symbol `/, "", sym); sub(/'"'"'.*$/, "", sym)
            if (file == prog) file = "PROGRAM"
            if (target == prog) target = "PROGRAM"
            print file, sym, target
        }'
}

# The global scope, one library a line, in load order.
scope() {
    LD_DEBUG=scopes "$1" version 2>&1 >/dev/null |
        awk '/ scope 0: / { for (i = 4; i <= NF; i++) print $i; exit }'
}

case "${1:-}" in
order)
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    bindings "$2" >"$tmp/bindings"
    scope "$2" | awk 'NR > 1' >"$tmp/scope" # the program itself first
    # the symbols each library defines: "LIBRARY SYMBOL"
    while read -r lib; do
        case $lib in /*) ;; *) continue ;; esac
        nm -D --defined-only "$lib" |
            awk -v lib="$lib" 'NF >= 3 { s = $3; sub(/@.*/, "", s); print lib, s }'
    done <"$tmp/scope" >"$tmp/defs"
    # Greedy: the library with the most bindings to it that no library
    # still unplaced must precede, where A must precede B when both
    # define a symbol looked up and A comes first in the load order.
    # The loader, the vDSO and a malloc that the program links first
    # (jemalloc) keep their places; nothing placed is a failure.
    awk '
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
            for (i = 1; i <= k; i++)
                if (!((first[s], later[i]) in before)) {
                    before[first[s], later[i]] = 1
                    waits[later[i]]++
                }
        }
        for (i = 1; i <= npos; i++)
            if (lib[i] !~ /^\// || lib[i] ~ /ld-linux|linux-vdso|jemalloc/) {
                placed[lib[i]] = 1
                for (j = 1; j <= npos; j++)
                    if ((lib[i], lib[j]) in before) waits[lib[j]]--
            }
        for (;;) {
            best = ""
            for (i = 1; i <= npos; i++) {
                l = lib[i]
                if ((l in placed) || waits[l] > 0) continue
                if (best == "" || n[l] > n[best]) best = l
            }
            if (best == "") break
            print best
            placed[best] = 1
            for (i = 1; i <= npos; i++)
                if ((best, lib[i]) in before) waits[lib[i]]--
        }
    }' "$tmp/scope" "$tmp/bindings" "$tmp/defs" | grep .
    ;;
same)
    a=$(mktemp) b=$(mktemp)
    trap 'rm -f "$a" "$b"' EXIT
    bindings "$2" | sort -u >"$a"
    bindings "$3" | sort -u >"$b"
    [ -s "$a" ] && cmp -s "$a" "$b"
    ;;
*)
    echo "usage: $0 order PROGRAM | same PROGRAM1 PROGRAM2" >&2
    exit 2
    ;;
esac
