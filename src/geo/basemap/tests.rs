use std::time::Instant;

use super::*;
use crate::geo::distance_km;

// --- a small encoder, the test's copy of scripts/make-basemap.py's ---------------------------

fn varint(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn zz(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, v: u64, width: u32) {
        for i in (0..width).rev() {
            self.acc = (self.acc << 1) | ((v >> i) & 1);
            self.n += 1;
            if self.n == 8 {
                self.out.push(self.acc as u8);
                self.acc = 0;
                self.n = 0;
            }
        }
    }
    fn exp_golomb(&mut self, v: u64, k: u32) {
        let w = v + (1 << k);
        let width = 64 - w.leading_zeros();
        self.put(0, width - 1 - k);
        self.put(w, width);
    }
    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push((self.acc << (8 - self.n)) as u8);
        }
        self.out
    }
}

struct SampleLayer {
    kind: u8,
    zooms: (u8, u8),
    bits: u8,
    lines: Vec<Vec<(i64, i64)>>,
}

struct SamplePlace {
    lat_e5: i64,
    lon_e5: i64,
    flags: u8,
    name: Vec<u8>,
    alts: Vec<&'static str>,
}

fn encode(layers: &[SampleLayer], places: &[SamplePlace]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend(FORMAT_VERSION.to_le_bytes());
    varint(&mut out, layers.len() as u64);
    for l in layers {
        out.extend([l.kind, l.zooms.0, l.zooms.1, l.bits]);
        varint(&mut out, l.lines.len() as u64);
        let mut prev = (0i64, 0i64);
        for line in &l.lines {
            varint(&mut out, line.len() as u64);
            varint(&mut out, zz(line[0].0 - prev.0));
            varint(&mut out, zz(line[0].1 - prev.1));
            let (kx, ky) = (2, 1);
            out.push((kx << 4 | ky) as u8);
            let mut bits = Bits::default();
            for w in line.windows(2) {
                bits.exp_golomb(zz(w[1].0 - w[0].0), kx);
                bits.exp_golomb(zz(w[1].1 - w[0].1), ky);
            }
            out.extend(bits.finish());
            prev = line[line.len() - 1];
        }
    }
    varint(&mut out, places.len() as u64);
    for p in places {
        varint(&mut out, zz(p.lat_e5));
        varint(&mut out, zz(p.lon_e5));
        out.extend([8, p.flags, 60]);
        varint(&mut out, 87_880);
        varint(&mut out, p.name.len() as u64);
        out.extend(&p.name);
        varint(&mut out, p.alts.len() as u64);
        for a in &p.alts {
            varint(&mut out, a.len() as u64);
            out.extend(a.as_bytes());
        }
    }
    out
}

fn sample_layers() -> Vec<SampleLayer> {
    vec![
        SampleLayer {
            kind: 0,
            zooms: (0, 50),
            bits: 8,
            lines: vec![
                vec![(10, 20), (12, 25), (200, 3), (256, 256)],
                vec![(256, 256), (0, 0)],
            ],
        },
        SampleLayer {
            kind: 3,
            zooms: (50, 255),
            bits: 16,
            lines: vec![vec![(40_000, 30_000), (40_001, 29_999), (39_000, 31_000)]],
        },
    ]
}

fn sample_places() -> Vec<SamplePlace> {
    vec![SamplePlace {
        lat_e5: 3_583_666,
        lon_e5: 3_854_807,
        flags: 0,
        name: "Madinat ath Thawrah".into(),
        alts: vec!["الثورة", "Tabqa"],
    }]
}

fn sample() -> Vec<u8> {
    encode(&sample_layers(), &sample_places())
}

/// The sample with its one place changed by `f`.
fn with_place(f: impl FnOnce(&mut SamplePlace)) -> Vec<u8> {
    let mut places = sample_places();
    f(&mut places[0]);
    encode(&sample_layers(), &places)
}

fn with_layer(f: impl FnOnce(&mut SampleLayer)) -> Vec<u8> {
    let mut layers = sample_layers();
    f(&mut layers[0]);
    encode(&layers, &sample_places())
}

// --- the format ---------------------------------------------------------------------------

#[test]
fn a_sample_decodes_to_what_was_encoded() {
    let m = Basemap::decode(&sample()).unwrap();
    assert_eq!(m.layers.len(), 2);
    let coast = &m.layers[0];
    assert_eq!(coast.kind, LayerKind::Coast);
    assert_eq!((coast.min_zoom, coast.max_zoom), (0.0, 5.0));
    assert_eq!(
        coast.lines[0].points,
        vec![
            [10.0 / 256.0, 20.0 / 256.0],
            [12.0 / 256.0, 25.0 / 256.0],
            [200.0 / 256.0, 3.0 / 256.0],
            [1.0, 1.0]
        ]
    );
    assert_eq!(coast.lines[0].bbox, [10.0 / 256.0, 3.0 / 256.0, 1.0, 1.0]);
    assert_eq!(coast.lines[1].points, vec![[1.0, 1.0], [0.0, 0.0]]);
    let river = &m.layers[1];
    assert_eq!(river.kind, LayerKind::River);
    assert_eq!((river.min_zoom, river.max_zoom), (5.0, f32::INFINITY));
    assert_eq!(
        river.lines[0].points[2],
        [39_000.0 / 65_536.0, 31_000.0 / 65_536.0]
    );
    assert!(
        coast.shows_at(4.99) && !coast.shows_at(5.0) && river.shows_at(5.0) && river.shows_at(22.0)
    );
    assert_eq!(m.layers_at(5.0).count(), 1);

    let p = &m.places[0];
    assert_eq!(p.name, "Madinat ath Thawrah");
    assert_eq!(p.alt_names, ["الثورة", "Tabqa"]);
    assert_eq!((p.lat, p.lon), (35.83666, 38.54807));
    assert_eq!(
        (p.rank, p.population, p.min_zoom, p.capital),
        (8, 87_880, 6.0, false)
    );
    let (x, y) = project(p.lat, p.lon);
    assert_eq!((p.x, p.y), (x as f32, y as f32));
}

#[test]
fn every_cut_of_the_sample_is_a_typed_error() {
    let bytes = sample();
    for len in 0..bytes.len() {
        let e = Basemap::decode(&bytes[..len]).unwrap_err();
        assert!(matches!(e, BasemapError::Truncated { .. }), "{len}: {e:?}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(
        Basemap::decode(&longer).unwrap_err(),
        BasemapError::TrailingBytes {
            at: bytes.len(),
            extra: 1
        }
    );
}

#[test]
fn damaged_bytes_give_an_error_or_a_basemap_never_a_panic() {
    let bytes = sample();
    for i in 0..bytes.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut b = bytes.clone();
            b[i] ^= flip;
            let _ = Basemap::decode(&b);
        }
    }
}

#[test]
fn each_kind_of_damage_has_its_error() {
    let mut b = sample();
    b[0] = b'X';
    assert_eq!(Basemap::decode(&b).unwrap_err(), BasemapError::BadMagic);
    let mut b = sample();
    b[4] = 2;
    assert_eq!(
        Basemap::decode(&b).unwrap_err(),
        BasemapError::UnsupportedVersion(2)
    );
    let e = Basemap::decode(&with_layer(|l| l.kind = 9)).unwrap_err();
    assert_eq!(
        e,
        BasemapError::UnknownLayerKind {
            layer: 0,
            at: 9,
            kind: 9
        }
    );
    let e = Basemap::decode(&with_layer(|l| l.bits = 31)).unwrap_err();
    assert!(matches!(e, BasemapError::BadGrid { bits: 31, .. }), "{e:?}");
    let e = Basemap::decode(&with_layer(|l| l.zooms = (60, 50))).unwrap_err();
    assert!(matches!(e, BasemapError::BadZoomRange { .. }), "{e:?}");
    let e = Basemap::decode(&with_layer(|l| l.lines[1] = vec![(3, 3)])).unwrap_err();
    assert!(
        matches!(
            e,
            BasemapError::BadPointCount {
                layer: 0,
                line: 1,
                points: 1,
                ..
            }
        ),
        "{e:?}"
    );
    let long = (0..257).map(|i| (i % 2, 0)).collect();
    let e = Basemap::decode(&with_layer(|l| l.lines[0] = long)).unwrap_err();
    assert!(
        matches!(e, BasemapError::BadPointCount { points: 257, .. }),
        "{e:?}"
    );
    // 257 is past the 2^8 grid; so is -1.
    let e = Basemap::decode(&with_layer(|l| l.lines[0][2] = (257, 3))).unwrap_err();
    assert!(
        matches!(
            e,
            BasemapError::OffTheWorld {
                layer: 0,
                line: 0,
                ..
            }
        ),
        "{e:?}"
    );
    let e = Basemap::decode(&with_layer(|l| l.lines[0][0] = (-1, 3))).unwrap_err();
    assert!(matches!(e, BasemapError::OffTheWorld { .. }), "{e:?}");
    let e = Basemap::decode(&with_place(|p| p.lat_e5 = 9_000_001)).unwrap_err();
    assert!(
        matches!(e, BasemapError::PlaceOffTheWorld { place: 0, .. }),
        "{e:?}"
    );
    let e = Basemap::decode(&with_place(|p| p.flags = 2)).unwrap_err();
    assert!(
        matches!(e, BasemapError::BadPlaceFlags { flags: 2, .. }),
        "{e:?}"
    );
    let e = Basemap::decode(&with_place(|p| p.name = vec![b'A', 0xff])).unwrap_err();
    assert!(matches!(e, BasemapError::BadName { place: 0, .. }), "{e:?}");
}

#[test]
fn absurd_numbers_are_errors_not_allocations() {
    // A layer count of 2^63: refused before any Vec is sized by it.
    let mut b = MAGIC.to_vec();
    b.extend(FORMAT_VERSION.to_le_bytes());
    b.extend([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);
    assert!(matches!(
        Basemap::decode(&b).unwrap_err(),
        BasemapError::Truncated { .. }
    ));
    // A varint of eleven bytes.
    let mut b = MAGIC.to_vec();
    b.extend(FORMAT_VERSION.to_le_bytes());
    b.extend([0xff; 10]);
    b.push(0x01);
    assert_eq!(
        Basemap::decode(&b).unwrap_err(),
        BasemapError::NumberTooLarge { at: 8 }
    );
    // An Exp-Golomb code of 70 zero bits: longer than any coordinate.
    let mut b = MAGIC.to_vec();
    b.extend(FORMAT_VERSION.to_le_bytes());
    b.extend([1, 0, 0, 255, 8, 1, 2, 0, 0, 0]);
    b.extend([0u8; 9]);
    b.push(0xff);
    b.push(0);
    let e = Basemap::decode(&b).unwrap_err();
    assert_eq!(
        e,
        BasemapError::BadCode {
            layer: 0,
            line: 0,
            at: 14
        }
    );
}

// --- the built-in asset ---------------------------------------------------------------------

fn builtin() -> &'static Basemap {
    Basemap::builtin().unwrap()
}

fn place(name: &str) -> &'static PlaceName {
    builtin()
        .places
        .iter()
        .find(|p| p.name == name || p.alt_names.iter().any(|a| a == name))
        .unwrap_or_else(|| panic!("{name} is not in the basemap"))
}

/// The distance in km from `(lat, lon)` to the nearest line of `kind` shown at `zoom` (on a
/// plane tangent at the point: good to a few per cent over the distances tested).
fn nearest_km(kind: LayerKind, zoom: f32, lat: f64, lon: f64) -> f64 {
    let km = |p: &[f32; 2]| {
        let (plat, plon) = crate::geo::unproject(f64::from(p[0]), f64::from(p[1]));
        (
            (plon - lon) * 111.32 * lat.to_radians().cos(),
            (plat - lat) * 110.57,
        )
    };
    let mut best = f64::INFINITY;
    for layer in builtin().layers_at(zoom).filter(|l| l.kind == kind) {
        for line in &layer.lines {
            for w in line.points.windows(2) {
                let ((ax, ay), (bx, by)) = (km(&w[0]), km(&w[1]));
                let (dx, dy) = (bx - ax, by - ay);
                let l2 = dx * dx + dy * dy;
                let t = if l2 == 0.0 {
                    0.0
                } else {
                    (-(ax * dx + ay * dy) / l2).clamp(0.0, 1.0)
                };
                best = best.min((ax + t * dx).hypot(ay + t * dy));
            }
        }
    }
    best
}

// The package's budget for the basemap: a bigger asset fails the test build.
const _: () = assert!(BUILTIN_SIZE < 3_000_000, "the basemap asset is over 3 MB");

#[test]
fn the_builtin_asset_has_every_layer_at_both_levels() {
    let m = builtin();
    assert!(std::ptr::eq(m, builtin()), "decoded once");
    assert!(m.layers.iter().all(|l| !l.lines.is_empty()));
    let kinds = |zoom: f32| -> Vec<LayerKind> { m.layers_at(zoom).map(|l| l.kind).collect() };
    use LayerKind::*;
    for zoom in [0.0, 2.0, 4.9] {
        assert_eq!(kinds(zoom), [Coast, Country, River], "zoom {zoom}");
    }
    assert_eq!(kinds(5.0), [Coast, Country, Province, River]);
    assert_eq!(
        kinds(12.0),
        [Coast, Country, Province, Province, Province, River]
    );
    for l in &m.layers {
        let pts: usize = l.lines.iter().map(|l| l.points.len()).sum();
        println!(
            "{:?} zoom {}..{}: {} lines, {pts} points",
            l.kind,
            l.min_zoom,
            l.max_zoom,
            l.lines.len()
        );
    }
    println!("{} places; asset {BUILTIN_SIZE} bytes", m.places.len());
    assert!(m.places.len() > 7000);
}

#[test]
fn every_line_is_a_short_chunk_inside_its_box_and_the_world() {
    for layer in &builtin().layers {
        for line in &layer.lines {
            assert!((2..=MAX_LINE_POINTS).contains(&line.points.len()));
            let [x0, y0, x1, y1] = line.bbox;
            assert!(0.0 <= x0 && x0 <= x1 && x1 <= 1.0 && 0.0 <= y0 && y0 <= y1 && y1 <= 1.0);
            for &[x, y] in &line.points {
                assert!(x0 <= x && x <= x1 && y0 <= y && y <= y1, "{:?}", line.bbox);
            }
            assert!(line.meets(line.bbox));
            assert!(!line.meets([x1 + 0.01, y0, x1 + 0.02, y1]) || x1 + 0.01 > 1.0);
        }
    }
}

#[test]
fn syrian_and_iraqi_towns_sit_where_they_are() {
    // (name in the data, lat, lon): positions from the towns' usual coordinates.
    let towns = [
        ("Damascus", 33.51, 36.29),
        ("Aleppo", 36.20, 37.16),
        ("Ar Raqqah", 35.95, 39.01),
        ("Madinat ath Thawrah", 35.84, 38.55),
        ("Dayr az Zawr", 35.33, 40.14),
        ("Hims", 34.73, 36.71),
        ("Mosul", 36.34, 43.13),
        ("Baghdad", 33.31, 44.37),
        ("Irbil", 36.19, 44.01),
    ];
    for (name, lat, lon) in towns {
        let p = place(name);
        let d = distance_km((p.lat, p.lon), (lat, lon));
        assert!(d < 10.0, "{name} is {d} km off");
        let (x, y) = project(p.lat, p.lon);
        assert!((f64::from(p.x) - x).abs() < 1e-7 && (f64::from(p.y) - y).abs() < 1e-7);
    }
    assert_eq!(place("Homs").name, "Hims");
    assert_eq!(place("Al-Mawsil").name, "Mosul");
    assert!(place("Damascus").capital && place("Baghdad").capital && !place("Aleppo").capital);
    assert!(place("Damascus").min_zoom <= 3.0 && place("Aleppo").population > 1_000_000);
    // Tabqa is small: not on the world map, but by the zoom that shows the governorate.
    assert!((5.0..=7.0).contains(&place("Madinat ath Thawrah").min_zoom));
    let ranks: Vec<u8> = builtin().places.iter().map(|p| p.rank).collect();
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "most important first"
    );
}

#[test]
fn the_lines_run_where_the_map_needs_them() {
    use LayerKind::*;
    // Latakia is on the coast; the Euphrates runs past Raqqa and Deir ez-Zor, the Tigris
    // through Mosul and Baghdad; the Turkish border is a few km north of Azaz.
    for zoom in [4.0, 8.0] {
        assert!(nearest_km(Coast, zoom, 35.52, 35.78) < 8.0, "zoom {zoom}");
        assert!(nearest_km(River, zoom, 35.95, 39.01) < 8.0, "zoom {zoom}");
        assert!(nearest_km(River, zoom, 36.34, 43.13) < 8.0, "zoom {zoom}");
        assert!(
            nearest_km(Country, zoom, 36.59, 37.04) < 12.0,
            "zoom {zoom}"
        );
    }
    assert!(nearest_km(River, 8.0, 35.33, 40.14) < 5.0);
    assert!(nearest_km(River, 8.0, 33.31, 44.37) < 5.0);
    // Palmyra is far from any shore (the nearest is Lake Assad's, 136 km); Tabqa is on it.
    assert!(nearest_km(Coast, 8.0, 34.55, 38.28) > 100.0);
    assert!(nearest_km(Coast, 8.0, 35.84, 38.55) < 10.0);
    // The Raqqa–Deir ez-Zor governorate line lies between the two towns.
    assert!(nearest_km(Province, 8.0, 35.6, 39.6) < 60.0);
}

#[test]
fn cuts_of_the_builtin_asset_are_errors() {
    for len in (0..BUILTIN.len())
        .step_by(BUILTIN.len() / 7 + 1)
        .chain([BUILTIN.len() - 1])
    {
        assert!(matches!(
            Basemap::decode(&BUILTIN[..len]),
            Err(BasemapError::Truncated { .. })
        ));
    }
}

#[test]
fn decoding_the_builtin_asset_is_timed() {
    let start = Instant::now();
    let m = Basemap::decode(BUILTIN).unwrap();
    let took = start.elapsed();
    let points: usize = m
        .layers
        .iter()
        .flat_map(|l| &l.lines)
        .map(|l| l.points.len())
        .sum();
    println!(
        "decoded {BUILTIN_SIZE} bytes, {points} points, {} places in {took:?}",
        m.places.len()
    );
    assert_eq!(&m, builtin());
}
