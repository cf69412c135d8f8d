#!/usr/bin/env python3
"""Regenerate data/places.csv and data/boundaries.csv from ../shared/reference.

Run by hand when the reference data changes; the outputs are committed and the
build never runs this.  Polygons are simplified with Douglas-Peucker at
SIMPLIFY_M metres (the reference itself is a dashboard geometry, so the
simplification is well inside its own accuracy) and written as WKT
MULTIPOLYGONs in WGS84 lon,lat with 6 decimals (~0.1 m).

usage: tools/data/make_gazetteer.py [REFERENCE_DIR] [DATA_DIR]
"""
import csv
import json
import math
import sys

SIMPLIFY_M = 10.0
REF_FILE = "xiaoshan_townships_wgs84.geojson"
POINTS_FILE = "xiaoshan_township_points_wgs84.csv"
DISTRICT_FILE = "xiaoshan_district_boundary_wgs84.geojson"
METRO_FILE = "xiaoshan_metro_stations_hz.csv"

ZONES = {"萧山商业城", "萧山空港经济区", "萧山经济技术开发区"}
# Townships in the station list with no polygon in the reference data.
NO_POLYGON = [
    ("盈丰街道", "萧山区", "split off 宁围街道; its area lies inside the 宁围街道 polygon"),
    ("湘湖国家旅游度假区", "萧山区", "no polygon in the reference data"),
    ("义蓬街道", "钱塘区", "part of 钱塘区 since 2021; not covered by the reference data"),
]


def canon(number):
    """Shortest decimal text: the form yijia writes back (120.44931)."""
    return number.rstrip("0").rstrip(".") if "." in number else number


def short_name(name):
    for suffix in ("街道", "镇"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return ""


def perp_m(p, a, b):
    """Distance in metres from p to segment ab (local equirectangular)."""
    k = math.cos(math.radians(p[1])) * 111320.0
    ax, ay = (a[0] - p[0]) * k, (a[1] - p[1]) * 110574.0
    bx, by = (b[0] - p[0]) * k, (b[1] - p[1]) * 110574.0
    dx, dy = bx - ax, by - ay
    L = dx * dx + dy * dy
    t = 0.0 if L == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / L))
    return math.hypot(ax + t * dx, ay + t * dy)


def simplify(ring):
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = 0.0, -1
        for k in range(i + 1, j):
            d = perp_m(ring[k], ring[i], ring[j])
            if d > best:
                best, idx = d, k
        if idx >= 0 and best > SIMPLIFY_M:
            keep[idx] = True
            stack += [(i, idx), (idx, j)]
    out = [p for p, k in zip(ring, keep) if k]
    return out if len(out) >= 4 else ring


def wkt(polygons):
    parts = []
    for poly in polygons:
        rings = ",".join(
            "(" + ",".join("%.6f %.6f" % (x, y) for x, y in simplify(r)) + ")"
            for r in poly)
        parts.append("(" + rings + ")")
    return "MULTIPOLYGON(" + ",".join(parts) + ")"


def polygons_of(geom):
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    if geom["type"] == "MultiPolygon":
        return geom["coordinates"]
    raise SystemExit("unexpected geometry " + geom["type"])


def main():
    ref = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference"
    data = sys.argv[2] if len(sys.argv) > 2 else "data"
    points = {r["name"]: r for r in
              csv.DictReader(open(f"{ref}/{POINTS_FILE}", encoding="utf-8"))}
    towns = json.load(open(f"{ref}/{REF_FILE}", encoding="utf-8"))["features"]
    district = json.load(open(f"{ref}/{DISTRICT_FILE}", encoding="utf-8"))["features"]
    towns.sort(key=lambda f: f["properties"]["name"])

    with open(f"{data}/places.csv", "w", encoding="utf-8", newline="") as fp:
        w = csv.writer(fp, lineterminator="\n")
        w.writerow(["name", "short_name", "kind", "district", "lon", "lat",
                    "coord_source", "notes"])
        for f in towns:
            name = f["properties"]["name"]
            p = points[name]
            kind = "zone" if name in ZONES else "township"
            note = "includes 盈丰街道" if name == "宁围街道" else ""
            w.writerow([name, short_name(name), kind, "萧山区",
                        canon(p["src_center_lon"]), canon(p["src_center_lat"]),
                        f"reference/{POINTS_FILE}#{name}", note])
        for name, dist, note in NO_POLYGON:
            w.writerow([name, short_name(name), "township", dist, "", "",
                        "", note])
        # Metro stations as landmarks: the reference's WGS84 columns, which
        # it derived from the source's (probably GCJ-02) coordinates.
        for r in csv.DictReader(open(f"{ref}/{METRO_FILE}", encoding="utf-8")):
            name = r["name"] if r["name"].endswith("站") else r["name"] + "站"
            inside = r["inside_xiaoshan_outline"] == "1"
            note = "地铁 " + r["lines"].replace(";", "、")
            if not inside:
                note += "; %s m outside the 萧山区 outline" % r["dist_outside_m"]
            w.writerow([name, r["name"], "metro", "萧山区" if inside else "",
                        canon(r["lon_wgs84"]), canon(r["lat_wgs84"]),
                        f"reference/{METRO_FILE}#src_id={r['src_id']} "
                        "(lon_wgs84/lat_wgs84, derived from GCJ-02)", note])

    with open(f"{data}/boundaries.csv", "w", encoding="utf-8", newline="") as fp:
        w = csv.writer(fp, lineterminator="\n")
        w.writerow(["name", "level", "source", "wkt"])
        for f in district:
            w.writerow([f["properties"]["name"], "district",
                        f"reference/{DISTRICT_FILE}",
                        wkt(polygons_of(f["geometry"]))])
        for f in towns:
            name = f["properties"]["name"]
            w.writerow([name, "zone" if name in ZONES else "township",
                        f"reference/{REF_FILE}", wkt(polygons_of(f["geometry"]))])


if __name__ == "__main__":
    main()
