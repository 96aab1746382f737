#!/usr/bin/env python3
"""Build assets/basemap/basemap.bin, the map's built-in basemap, from Natural Earth.

Natural Earth is public domain. The shapefiles come from Debian's `libmagics++-data` package
(/usr/share/magics/10m and /50m); pyshp from Debian's `python3-pyshp`:

    apt-get install -y libmagics++-data python3-pyshp
    python3 scripts/make-basemap.py

The binary format is documented at the top of src/geo/basemap.rs, which decodes it; keep the
two in step (bump FORMAT_VERSION in both when the layout changes). The output is deterministic:
the same input files give the same bytes.
"""

import argparse
import math
import os
import struct
import sys

try:
    import shapefile  # pyshp
except ImportError:  # a pyenv/venv python does not see Debian's dist-packages
    sys.path.append("/usr/lib/python3/dist-packages")
    import shapefile

MAGIC = b"EVBM"
FORMAT_VERSION = 1
MAX_MERCATOR_LAT = 85.05112877980659
MAX_CHUNK_POINTS = 256

KIND = {"coast": 0, "country": 1, "province": 2, "river": 3}
NO_MAX_ZOOM = 255  # "no upper bound" in the tenths-of-a-zoom byte

# Zoom at which the world level hands over to the detail level.
DETAIL_FROM_ZOOM = 5.0


def px(zoom):
    """One screen pixel at `zoom`, in world units (the world is 256 * 2^zoom pixels wide)."""
    return 1.0 / (256.0 * 2.0**zoom)


# Level settings: Douglas-Peucker tolerance (world units) and the quantisation grid (the world
# square is 2^bits units wide). The world level is simplified to half a pixel at zoom 5, where
# it hands over; the detail level to half a pixel at zoom 8 (about 300 m at the equator):
# Natural Earth's 1:10m lines are no sharper than that, and above it an organisation's tile set
# is what shows detail. The grids are a quarter of the tolerance or finer (2^19: 76 m).
# One pixel at zoom 8 instead would save about 360 kB and show as angular coasts at zoom 10.
WORLD = {"tolerance": 0.5 * px(DETAIL_FROM_ZOOM), "bits": 16}
DETAIL = {"tolerance": 0.5 * px(8), "bits": 19}


def project(lat, lon):
    """Web Mercator to the world square, as crate::geo::project does."""
    lat = max(-MAX_MERCATOR_LAT, min(MAX_MERCATOR_LAT, lat))
    r = math.radians(lat)
    x = (lon + 180.0) / 360.0
    y = (1.0 - math.log(math.tan(r) + 1.0 / math.cos(r)) / math.pi) / 2.0
    return (x, y)


def on_frame(a, b):
    """An edge Natural Earth adds where land is cut at the antimeridian or the south pole.

    Drawn as a line it would be a false coast along the map's left, right or bottom edge."""
    (lon1, lat1), (lon2, lat2) = a, b
    if abs(lon1) >= 179.9999 and abs(lon2) >= 179.9999 and (lon1 > 0) == (lon2 > 0):
        return True
    return lat1 <= -MAX_MERCATOR_LAT and lat2 <= -MAX_MERCATOR_LAT


def runs_of(points, closed):
    """Split a ring or line (lon/lat) into runs without frame edges.

    Returns (runs, still_closed): a ring with no frame edge stays one closed run."""
    pts = list(points)
    if closed:
        if len(pts) > 1 and pts[0] == pts[-1]:
            pts = pts[:-1]
        n = len(pts)
        cut = [on_frame(pts[i], pts[(i + 1) % n]) for i in range(n)]
        if not any(cut):
            return [pts + [pts[0]]], True
        k = cut.index(True)
        # Start right after a frame edge so no run is split at the ring's arbitrary start.
        order = [(k + 1 + i) % n for i in range(n)]
        runs, cur = [], [pts[order[0]]]
        for j in range(n):
            i = order[j]
            if cut[i]:
                if len(cur) >= 2:
                    runs.append(cur)
                cur = [pts[(i + 1) % n]]
            else:
                cur.append(pts[(i + 1) % n])
        if len(cur) >= 2:
            runs.append(cur)
        return runs, False
    runs, cur = [], [pts[0]] if pts else []
    for i in range(len(pts) - 1):
        if on_frame(pts[i], pts[i + 1]):
            if len(cur) >= 2:
                runs.append(cur)
            cur = [pts[i + 1]]
        else:
            cur.append(pts[i + 1])
    if len(cur) >= 2:
        runs.append(cur)
    return runs, False


def seg_dist2(p, a, b):
    """Squared distance from p to the segment a-b."""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    l2 = dx * dx + dy * dy
    if l2 == 0.0:
        ex, ey = p[0] - ax, p[1] - ay
        return ex * ex + ey * ey
    t = ((p[0] - ax) * dx + (p[1] - ay) * dy) / l2
    t = 0.0 if t < 0.0 else (1.0 if t > 1.0 else t)
    ex, ey = p[0] - (ax + t * dx), p[1] - (ay + t * dy)
    return ex * ex + ey * ey


def douglas_peucker(pts, tol):
    """Douglas-Peucker on an open polyline (iterative, so long coasts do not recurse deep)."""
    n = len(pts)
    if n <= 2:
        return list(pts)
    keep = bytearray(n)
    keep[0] = keep[n - 1] = 1
    tol2 = tol * tol
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        a, b = pts[i], pts[j]
        best, best_d = -1, tol2
        for k in range(i + 1, j):
            d = seg_dist2(pts[k], a, b)
            if d > best_d:
                best, best_d = k, d
        if best >= 0:
            keep[best] = 1
            stack.append((i, best))
            stack.append((best, j))
    return [p for p, k in zip(pts, keep) if k]


def simplify(pts, closed, tol):
    """Douglas-Peucker; a closed ring is cut at its point farthest from the start first."""
    if not closed or len(pts) < 4:
        return douglas_peucker(pts, tol)
    p0 = pts[0]
    far = max(range(len(pts) - 1), key=lambda k: (pts[k][0] - p0[0]) ** 2 + (pts[k][1] - p0[1]) ** 2)
    if far == 0:
        return [p0]
    a = douglas_peucker(pts[: far + 1], tol)
    b = douglas_peucker(pts[far:], tol)
    return a + b[1:]


def quantise(pts, bits):
    """World units to the integer grid; consecutive equal grid points are merged."""
    scale = float(1 << bits)
    top = 1 << bits
    out = []
    for x, y in pts:
        q = (min(top, max(0, round(x * scale))), min(top, max(0, round(y * scale))))
        if not out or out[-1] != q:
            out.append(q)
    return out


def chunks(q):
    """Lines of at most MAX_CHUNK_POINTS points; consecutive chunks share their end point."""
    step = MAX_CHUNK_POINTS - 1
    return [q[i : i + MAX_CHUNK_POINTS] for i in range(0, len(q) - 1, step)]


def shape_parts(shape):
    bounds = list(shape.parts) + [len(shape.points)]
    for s, e in zip(bounds, bounds[1:]):
        yield shape.points[s:e]


def read_lines(path, closed, keep=None):
    """Every part of every shape in `path` as lon/lat lists, filtered by `keep(record)`.

    Consecutive parts of a line shape that meet end to start (the 10m boundary files cut
    their lines into many short parts) are joined, so they simplify and cull as one."""
    r = shapefile.Reader(path, encoding="utf-8", encodingErrors="replace")
    for i in range(r.numShapes):
        if keep is not None and not keep(r.record(i)):
            continue
        parts = [list(p) for p in shape_parts(r.shape(i))]
        if not closed:
            joined = []
            for part in parts:
                if joined and joined[-1][-1] == part[0]:
                    joined[-1].extend(part[1:])
                else:
                    joined.append(part)
            parts = joined
        for part in parts:
            yield part, closed


def build_layer(kind, min_zoom, max_zoom, sources, level):
    """Lines of one layer: cleaned, projected, simplified, quantised, chunked."""
    tol, bits = level["tolerance"], level["bits"]
    lines = []
    src_points = 0
    for part, closed in sources:
        src_points += len(part)
        runs, still_closed = runs_of([(p[0], p[1]) for p in part], closed)
        for run in runs:
            merc = [project(lat, lon) for lon, lat in run]
            simple = simplify(merc, still_closed, tol)
            xs = [p[0] for p in simple]
            ys = [p[1] for p in simple]
            if max(xs) - min(xs) < tol and max(ys) - min(ys) < tol:
                continue  # smaller than the tolerance: would draw as a dot
            q = quantise(simple, bits)
            if len(q) < 2:
                continue
            lines.extend(chunks(q))
    return {
        "kind": KIND[kind],
        "name": kind,
        "min_zoom": min_zoom,
        "max_zoom": max_zoom,
        "bits": bits,
        "lines": lines,
        "src_points": src_points,
    }


# --- places ---------------------------------------------------------------------------------

# Natural Earth's scalerank (0 = most important) to the zoom a label first shows at.
PLACE_MIN_ZOOM = {0: 2.0, 1: 2.0, 2: 3.0, 3: 3.5, 4: 4.0, 5: 4.5, 6: 5.0, 7: 5.5, 8: 6.0, 9: 6.5, 10: 7.0}


def read_places(path):
    # populated_places_simple 2.0.0's dbf is Windows-1252 (it has no .cpg): decoded strictly,
    # so a wrong guess fails the build instead of writing mojibake.
    r = shapefile.Reader(path, encoding="cp1252", encodingErrors="strict")
    fields = [f[0] for f in r.fields[1:]]
    places = []
    for i in range(r.numRecords):
        rec = dict(zip(fields, r.record(i)))
        lon, lat = r.shape(i).points[0]
        rank = int(rec["scalerank"])
        capital = int(rec["adm0cap"] or 0) == 1
        min_zoom = PLACE_MIN_ZOOM.get(rank, 7.0)
        if capital:
            min_zoom = min(min_zoom, 3.0)
        name = rec["name"].strip()
        alts = []
        for alt in [a.strip() for a in (rec["namealt"] or "").split("|")] + [rec["nameascii"].strip()]:
            if alt and alt != name and alt not in alts:
                alts.append(alt)
        places.append(
            {
                "name": name,
                "alts": alts,
                "lat": lat,
                "lon": lon,
                "rank": rank,
                "population": max(0, int(rec["pop_max"] or 0)),
                "min_zoom": min_zoom,
                "capital": capital,
            }
        )
    # Most important first: a label placer that goes in order keeps the big names.
    places.sort(key=lambda p: (p["rank"], -p["population"], p["name"]))
    return places


# --- encoding -------------------------------------------------------------------------------


def varint(n):
    if n < 0:
        raise ValueError(n)
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zigzag(n):
    return (n << 1) if n >= 0 else ((-n << 1) - 1)


def zoom_byte(z):
    if z is None:
        return NO_MAX_ZOOM
    t = round(z * 10)
    if not 0 <= t < NO_MAX_ZOOM:
        raise ValueError(z)
    return t


def text(s):
    b = s.encode("utf-8")
    return varint(len(b)) + b


class Bits:
    """MSB-first bit writer."""

    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, value, width):
        self.acc = (self.acc << width) | value
        self.n += width
        while self.n >= 8:
            self.n -= 8
            self.out.append((self.acc >> self.n) & 0xFF)
        self.acc &= (1 << self.n) - 1

    def exp_golomb(self, v, k):
        """Exp-Golomb of order k: (len(w) - 1 - k) zero bits, then w = v + 2^k in binary."""
        w = v + (1 << k)
        width = w.bit_length()
        self.put(0, width - 1 - k)
        self.put(w, width)

    def finish(self):
        if self.n:
            self.out.append((self.acc << (8 - self.n)) & 0xFF)
        return bytes(self.out)


def eg_len(v, k):
    return 2 * ((v >> k) + 1).bit_length() - 1 + k


def best_k(values):
    return min(range(16), key=lambda k: (sum(eg_len(v, k) for v in values), k))


def encode_line(line, prev):
    dx = [zigzag(x - px_) for (x, _), (px_, _) in zip(line, [prev] + line[:-1])]
    dy = [zigzag(y - py_) for (_, y), (_, py_) in zip(line, [prev] + line[:-1])]
    kx, ky = best_k(dx[1:]), best_k(dy[1:])
    bits = Bits()
    for vx, vy in zip(dx[1:], dy[1:]):
        bits.exp_golomb(vx, kx)
        bits.exp_golomb(vy, ky)
    return varint(len(line)) + varint(dx[0]) + varint(dy[0]) + bytes([(kx << 4) | ky]) + bits.finish()


def encode(layers, places):
    out = bytearray(MAGIC)
    out += struct.pack("<I", FORMAT_VERSION)
    out += varint(len(layers))
    for layer in layers:
        out += bytes([layer["kind"], zoom_byte(layer["min_zoom"]), zoom_byte(layer["max_zoom"]), layer["bits"]])
        out += varint(len(layer["lines"]))
        prev = (0, 0)
        for line in layer["lines"]:
            out += encode_line(line, prev)
            prev = line[-1]
    out += varint(len(places))
    for p in places:
        out += varint(zigzag(round(p["lat"] * 1e5))) + varint(zigzag(round(p["lon"] * 1e5)))
        out += bytes([p["rank"], 1 if p["capital"] else 0, zoom_byte(p["min_zoom"])])
        out += varint(p["population"])
        out += text(p["name"])
        out += varint(len(p["alts"]))
        for a in p["alts"]:
            out += text(a)
    return bytes(out)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", default="/usr/share/magics", help="folder holding 10m/ and 50m/")
    ap.add_argument("--out", default=os.path.join(here, "..", "assets", "basemap", "basemap.bin"))
    args = ap.parse_args()
    s10 = os.path.join(args.source, "10m")
    s50 = os.path.join(args.source, "50m")
    for d in (s10, s50):
        if not os.path.isdir(d):
            sys.exit(f"{d} not found: apt-get install -y libmagics++-data")

    # Province lines: Natural Earth's own min_zoom puts them in three bands, so zoom 5 shows
    # the provinces of most countries (Syria's are 7.0, Iraq's 6.7) and not the small units.
    # "Meta bounds" are Natural Earth's grouping frames, not boundaries on the ground.
    def province_band(lo, hi):
        return lambda rec: rec["featurecla"] != "Admin-1 statistical meta bounds" and lo < float(rec["min_zoom"] or 0) <= hi

    z = DETAIL_FROM_ZOOM
    layers = [
        build_layer("coast", 0.0, z, read_lines(os.path.join(s50, "ne_50m_land"), True), WORLD),
        build_layer("country", 0.0, z, read_lines(os.path.join(s50, "ne_50m_admin_0_boundary_lines_land"), False), WORLD),
        build_layer("river", 0.0, z, read_lines(os.path.join(s50, "ne_50m_rivers_lake_centerlines"), False), WORLD),
        build_layer("coast", z, None, read_lines(os.path.join(s10, "ne_10m_land"), True), DETAIL),
        build_layer("country", z, None, read_lines(os.path.join(s10, "ne_10m_admin_0_boundary_lines_land"), False), DETAIL),
        build_layer("province", z, None, read_lines(os.path.join(s10, "ne_10m_admin_1_states_provinces_lines"), False, province_band(-1, 7.0)), DETAIL),
        build_layer("province", 7.0, None, read_lines(os.path.join(s10, "ne_10m_admin_1_states_provinces_lines"), False, province_band(7.0, 9.0)), DETAIL),
        build_layer("province", 9.0, None, read_lines(os.path.join(s10, "ne_10m_admin_1_states_provinces_lines"), False, province_band(9.0, 99.0)), DETAIL),
        build_layer("river", z, None, read_lines(os.path.join(s10, "ne_10m_rivers_lake_centerlines"), False), DETAIL),
    ]
    places = read_places(os.path.join(s10, "ne_10m_populated_places_simple"))
    data = encode(layers, places)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "wb") as f:
        f.write(data)

    for layer in layers:
        pts = sum(len(l) for l in layer["lines"])
        hi = "-" if layer["max_zoom"] is None else layer["max_zoom"]
        size = len(encode([layer], [])) - len(encode([], []))
        print(f"{layer['name']:9} zoom {layer['min_zoom']}..{hi}: {len(layer['lines']):6} lines, {pts:7} points (from {layer['src_points']:6}), {size:8} bytes")
    print(f"places: {len(places)}, {len(encode([], places)) - len(encode([], []))} bytes")
    print(f"wrote {os.path.relpath(args.out)}: {len(data)} bytes")


if __name__ == "__main__":
    main()
