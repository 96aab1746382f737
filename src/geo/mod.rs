//! Places on the earth: the area filter ([`GeoBox`]), distances, the Web Mercator projection the
//! map draws in, the built-in basemap, offline tile sets an organisation supplies, and the
//! clustering that keeps 100,000 points drawable.
//!
//! Nothing here makes a network request: the basemap is compiled into the program and tile sets
//! are local files.

pub mod basemap;
pub mod cluster;

pub mod layers;
pub mod tiles;

use std::f64::consts::PI;

/// The latitude where Web Mercator's square world ends (the usual 85.0511°).
pub const MAX_MERCATOR_LAT: f64 = 85.051_128_779_806_59;

/// A latitude/longitude rectangle, in signed decimal degrees, bounds included. `west <= east`:
/// the map does not wrap around the antimeridian, so neither does an area drawn on it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GeoBox {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum GeoBoxError {
    #[error(
        "'{0}' is not an area: write it as SOUTH,WEST,NORTH,EAST in decimal degrees, e.g. 35.8,38.5,35.9,38.6"
    )]
    Unreadable(String),
    #[error(
        "'{0}' is not an area on the earth: latitudes run from -90 to 90, longitudes from -180 to 180, south below north and west before east"
    )]
    OutOfRange(String),
}

impl GeoBox {
    /// The box with corners `a` and `b` (`(lat, lon)`), in either order.
    pub fn from_corners(a: (f64, f64), b: (f64, f64)) -> GeoBox {
        GeoBox {
            south: a.0.min(b.0),
            west: a.1.min(b.1),
            north: a.0.max(b.0),
            east: a.1.max(b.1),
        }
    }

    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        lat >= self.south && lat <= self.north && lon >= self.west && lon <= self.east
    }

    /// `SOUTH,WEST,NORTH,EAST` (the order of `--within` and of GeoJSON's `bbox` turned to
    /// latitude first, as documenters read coordinates).
    pub fn parse(text: &str) -> Result<GeoBox, GeoBoxError> {
        let unreadable = || GeoBoxError::Unreadable(text.trim().to_owned());
        let parts: Vec<f64> = text
            .split(',')
            .map(|p| p.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| unreadable())?;
        let [south, west, north, east] = parts[..] else {
            return Err(unreadable());
        };
        let b = GeoBox {
            south,
            west,
            north,
            east,
        };
        b.check()
            .map_err(|()| GeoBoxError::OutOfRange(text.trim().to_owned()))?;
        Ok(b)
    }

    fn check(&self) -> Result<(), ()> {
        let lat_ok = |v: f64| v.is_finite() && (-90.0..=90.0).contains(&v);
        let lon_ok = |v: f64| v.is_finite() && (-180.0..=180.0).contains(&v);
        let ok = lat_ok(self.south)
            && lat_ok(self.north)
            && lon_ok(self.west)
            && lon_ok(self.east)
            && self.south <= self.north
            && self.west <= self.east;
        if ok { Ok(()) } else { Err(()) }
    }
}

impl std::fmt::Display for GeoBox {
    /// The form [`GeoBox::parse`] reads, to five decimals (about a metre).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:.5},{:.5},{:.5},{:.5}",
            self.south, self.west, self.north, self.east
        )
    }
}

/// Great-circle distance in kilometres between two `(lat, lon)` points (haversine, mean earth
/// radius): good to well under 1 % at the distances a consistency hint speaks of.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0088;
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// Web Mercator: `(lat, lon)` to the world square `[0, 1] × [0, 1]`, x eastwards from the
/// antimeridian, y southwards from the top (the tile scheme's orientation). Latitudes beyond
/// ±85.05° are clamped to the edge.
pub fn project(lat: f64, lon: f64) -> (f64, f64) {
    let lat = lat.clamp(-MAX_MERCATOR_LAT, MAX_MERCATOR_LAT).to_radians();
    let x = (lon + 180.0) / 360.0;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0;
    (x, y)
}

/// The inverse of [`project`]: a point of the world square to `(lat, lon)`.
pub fn unproject(x: f64, y: f64) -> (f64, f64) {
    let lon = x * 360.0 - 180.0;
    let lat = (PI * (1.0 - 2.0 * y)).sinh().atan().to_degrees();
    (lat, lon)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_area_is_read_in_either_corner_order_and_bad_text_is_refused() {
        let b = GeoBox::parse(" 35.8, 38.5 ,35.9,38.6").unwrap();
        assert!(b.contains(35.85, 38.55));
        assert!(!b.contains(35.95, 38.55));
        assert_eq!(GeoBox::parse(&b.to_string()).unwrap(), b);
        assert_eq!(
            GeoBox::from_corners((35.9, 38.6), (35.8, 38.5)),
            GeoBox::from_corners((35.8, 38.5), (35.9, 38.6))
        );
        assert!(matches!(
            GeoBox::parse("35.8,38.5"),
            Err(GeoBoxError::Unreadable(_))
        ));
        assert!(matches!(
            GeoBox::parse("a,b,c,d"),
            Err(GeoBoxError::Unreadable(_))
        ));
        assert!(matches!(
            GeoBox::parse("36,38.5,35,38.6"),
            Err(GeoBoxError::OutOfRange(_))
        ));
        assert!(matches!(
            GeoBox::parse("35,38.5,91,38.6"),
            Err(GeoBoxError::OutOfRange(_))
        ));
    }

    #[test]
    fn distances_match_known_ones() {
        // Raqqa to Tabqa (al-Thawrah), about 45 km along the Euphrates.
        let d = distance_km((35.9594, 39.0089), (35.8367, 38.5481));
        assert!((40.0..48.0).contains(&d), "{d}");
        assert_eq!(distance_km((35.0, 38.0), (35.0, 38.0)), 0.0);
        // A quarter of the equator.
        let q = distance_km((0.0, 0.0), (0.0, 90.0));
        assert!((q - 10_007.5).abs() < 1.0, "{q}");
    }

    #[test]
    fn projection_round_trips_and_keeps_the_tile_orientation() {
        assert_eq!(project(0.0, -180.0), (0.0, 0.5));
        let (x, y) = project(MAX_MERCATOR_LAT, 180.0);
        assert!((x - 1.0).abs() < 1e-12 && y.abs() < 1e-9);
        let (lat, lon) = unproject(project(35.8367, 38.5481).0, project(35.8367, 38.5481).1);
        assert!((lat - 35.8367).abs() < 1e-9 && (lon - 38.5481).abs() < 1e-9);
        assert!(project(36.0, 0.0).1 < project(35.0, 0.0).1, "north is up");
    }
}
