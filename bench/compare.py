#!/usr/bin/env python3
"""compare.py: do a peer's figures agree with landbal's?

    compare.py LANDBAL_JSON PEER_CSV [--name NAME] [--abs 0.1] [--rel 1e-6]

LANDBAL_JSON is `landbal report --format json`; PEER_CSV has the columns
kind,code,quantity_m2,paddy_m2,capacity_kg, one row per project (a project
missing from the CSV counts as 0). A project's indicator agrees when
|peer - landbal| <= max(ABS, REL * |landbal|) (m² or kg): landbal measures
the region bounded by straight Gauss-Kruger edges, the peers geodesic
edges, which differ by ~1e-9 relative on parcels of this size.

Prints one line per indicator and side: landbal's total, the peer's, the
largest per-project difference, and the number of projects that disagree;
the last line is `agree: yes|no`. Exit status 0 when all agree, 1 if not.
"""
import argparse
import csv
import json
import sys

IND = ("quantity_m2", "paddy_m2", "capacity_kg")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("landbal")
    ap.add_argument("peer")
    ap.add_argument("--name", default="peer")
    ap.add_argument("--abs", type=float, default=0.1)
    ap.add_argument("--rel", type=float, default=1e-6)
    a = ap.parse_args()
    with open(a.landbal, encoding="utf-8") as f:
        lb = json.load(f)
    peer = {}
    with open(a.peer, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            peer[row["code"]] = {k: float(row[k] or 0) for k in IND}
    ok = True
    for kind, side in (("occupation", "occupied"), ("supplement", "supplied")):
        projs = [p for p in lb["projects"] if p["kind"] == kind]
        for k in IND:
            tl = sum(p[k] for p in projs)
            tp = sum(peer.get(p["code"], {}).get(k, 0.0) for p in projs)
            worst, bad, worst_code = 0.0, 0, ""
            for p in projs:
                v = peer.get(p["code"], {}).get(k, 0.0)
                d = abs(v - p[k])
                if d > worst:
                    worst, worst_code = d, p["code"]
                if d > max(a.abs, a.rel * abs(p[k])):
                    bad += 1
            extra = [c for c in peer if c not in {p["code"] for p in lb["projects"]}]
            ok &= bad == 0 and not extra
            print("%-10s %-8s %-11s landbal %18.4f  %-8s %18.4f  max diff %.6f (%s)  "
                  "disagree %d/%d" % (a.name, side, k, tl, a.name, tp, worst,
                                      worst_code or "-", bad, len(projs)))
    print("agree: %s" % ("yes" if ok else "no"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
