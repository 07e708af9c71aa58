#!/usr/bin/env python3
"""Representative points for the economies that the 1:110m map cannot draw.

Reads the unpacked npm package world-atlas (countries-50m.json and
countries-10m.json), the classification (datasets/classification.csv) and
assets/maps/parts.csv, and writes assets/maps/points.csv: one row for every
economy of the classification without a feature of its own in
countries-110m.json, with the centroid of its largest polygon in the 1:50m
file (else the 1:10m file), or of the part of another feature that
parts.csv assigns to it, or no point and the reason.

Usage: python3 assets/maps/build_points.py PACKAGE_DIR > assets/maps/points.csv
Python standard library only; the output is sorted and byte-stable.
"""

import csv
import io
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def decode(path):
    """Features of a world-atlas file: (id, name, polygons), each polygon a
    list of rings of (lon, lat), arcs delta-decoded and dequantised."""
    with open(path, encoding="utf-8") as f:
        topo = json.load(f)
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indexes):
        out = []
        for i in indexes:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts[1:] if out else pts)
        return out

    features = []
    for g in topo["objects"]["countries"]["geometries"]:
        if g["type"] == "Polygon":
            polys = [[ring(r) for r in g["arcs"]]]
        elif g["type"] == "MultiPolygon":
            polys = [[ring(r) for r in p] for p in g["arcs"]]
        else:
            polys = []
        features.append((g.get("id"), g["properties"].get("name"), polys))
    return features


def unwrap(ring):
    """Longitudes made continuous across the antimeridian."""
    out = [ring[0]]
    for lon, lat in ring[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while lon - prev < -180:
            lon += 360
        out.append((lon, lat))
    return out


def centroid(ring):
    """Area and area-weighted centroid of a ring in the lon/lat plane
    (the shoelace formula; small polygons, so the plane is close enough)."""
    r = unwrap(ring)
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        xs = [p[0] for p in r]
        ys = [p[1] for p in r]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    a /= 2
    lon, lat = cx / (6 * a), cy / (6 * a)
    lon = (lon + 180) % 360 - 180
    return abs(a) * math.cos(math.radians(lat)), lon, lat


def main():
    package = sys.argv[1]
    files = {s: decode(os.path.join(package, f"countries-{s}.json")) for s in ("110m", "50m", "10m")}
    with open(os.path.join(ROOT, "datasets", "classification.csv"), encoding="utf-8") as f:
        economies = list(csv.DictReader(f))
    with open(os.path.join(HERE, "parts.csv"), encoding="utf-8") as f:
        parts = {r["iso3"]: r for r in csv.DictReader(f)}
    with open(os.path.join(HERE, "unnamed.csv"), encoding="utf-8") as f:
        unnamed = {r["name"]: r["iso3"] for r in csv.DictReader(f)}

    def own(scale, m49):
        return [polys for fid, _, polys in files[scale] if fid == m49]

    has_110m = {fid for fid, _, _ in files["110m"] if fid}
    has_110m |= {unnamed[n] for _, n, _ in files["110m"] if n in unnamed}
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["iso3", "lon", "lat", "source", "reason"])
    for e in sorted(economies, key=lambda e: e["iso3"]):
        iso3, m49 = e["iso3"], e["m49"]
        if m49 in has_110m or iso3 in has_110m:
            continue
        rule = parts.get(iso3)
        if rule and rule["scale"] == "110m":
            continue  # split from its parent's 1:110m feature at run time
        best = None
        for scale in ("50m", "10m"):
            rings = [p[0] for polys in own(scale, m49) for p in polys]
            if rings:
                best = (max(centroid(r) for r in rings), f"countries-{scale}.json: its own feature")
                break
        if best is None and rule:
            parent = rule["parent"]
            box = [float(rule[k]) for k in ("west", "south", "east", "north")]
            rings = [
                p[0]
                for fid, name, polys in files[rule["scale"]]
                if fid == parent or (fid is None and name == parent)
                for p in polys
            ]
            inside = [
                c for c in map(centroid, rings)
                if box[0] <= c[1] <= box[2] and box[1] <= c[2] <= box[3]
            ]
            if inside:
                best = (max(inside), f"countries-{rule['scale']}.json: a part of feature {parent} ({rule['note']})")
        if best is None:
            w.writerow([iso3, "", "", "", "no feature of its own in Natural Earth's countries at 1:110m, 1:50m or 1:10m"])
            continue
        (_, lon, lat), source = best
        w.writerow([iso3, f"{lon:.3f}", f"{lat:.3f}", source, ""])
    sys.stdout.write(out.getvalue())


if __name__ == "__main__":
    main()
