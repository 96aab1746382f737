//! The map and the timeline (issue 15): an area drawn on the map filters the grid and marks what
//! it holds; a range brushed on the timeline filters the map. Each count the window shows is
//! checked against the library's own answer for the same area or range.

use eframe::egui::{Event, Pos2, Rect, pos2};
use egui_kittest::kittest::{By, NodeT, Queryable};
use evidence_vault::ListQuery;
use evidence_vault::geo::GeoBox;

use evidence_vault::gui::AppOptions;
use evidence_vault::gui::clock::ManualClock;
use evidence_vault::gui::command::{Command, DialogKind};
use evidence_vault::gui::file_picker::ScriptedPicker;

use crate::support::gui::{
    H, KDF_LOG_N, click, demo, harness, has, has_part, steps, unisolated, wait_for,
};

const MAP: &str = "Map of the evidence";
const TIMELINE: &str = "Timeline of capture times";

fn open_map(h: &mut H) {
    h.get_by_label("Map").click();
    wait_for(h, "the map's layers", |h| has_part(h, " on the map · "));
}

fn rect_of(h: &H, label: &str) -> Rect {
    h.get_by_label(label).rect()
}

/// A left-button drag from `from` to `to` in a few moves, as a hand does.
fn drag(h: &mut H, from: Pos2, to: Pos2) {
    h.event(Event::PointerMoved(from));
    h.step();
    h.drag_at(from);
    h.step();
    for i in 1..=6 {
        h.event(Event::PointerMoved(from + (to - from) * (i as f32 / 6.0)));
        h.step();
    }
    h.drop_at(to);
    steps(h, 3);
}

/// The first node name starting with `prefix`, without it (and without isolation marks).
fn text_after(h: &H, prefix: &str) -> Option<String> {
    h.query_all(By::new()).find_map(|n| {
        let n = n.accesskit_node();
        let name = unisolated(&n.label().or_else(|| n.value())?);
        name.strip_prefix(prefix).map(str::to_owned)
    })
}

#[test]
fn an_area_drawn_on_the_map_filters_the_grid_and_marks_what_it_holds() {
    let mut h = demo();
    open_map(&mut h);
    assert!(
        has_part(&h, "6 on the map · 7 without GPS"),
        "the demo's six photos with GPS: {}",
        h.state().debug_summary()
    );
    click(&mut h, "Select area");
    // The left half of the fitted map: Tabqa's photos, not al-Mansura's (about 25 km east).
    let r = rect_of(&h, MAP);
    drag(
        &mut h,
        r.left_top() + eframe::egui::vec2(4.0, 4.0),
        pos2(r.center().x, r.bottom() - 4.0),
    );
    wait_for(&mut h, "the area to filter the grid", |h| {
        has_part(h, "of 13 items match")
    });
    let area = text_after(&h, "Area: ").expect("the area is shown above the map");
    let area = GeoBox::parse(&area).expect("the area reads as S,W,N,E");
    let vault = h.state().vault().expect("unlocked").clone();
    let inside = vault
        .list(&ListQuery {
            within: Some(area),
            ..Default::default()
        })
        .expect("listing the area");
    let n = inside.len();
    assert!(
        (1..6).contains(&n),
        "the left half holds some but not all of the six photos with GPS: {n}"
    );
    for item in &inside {
        let gps = item.gps.expect("an item in an area has GPS");
        assert!(area.contains(gps.lat, gps.lon));
    }
    assert!(
        has(&h, &format!("{n} of 13 items match")),
        "{}",
        h.state().debug_summary()
    );
    assert!(
        has_part(&h, &format!("· {n} marked")),
        "what the area holds is marked"
    );
    // The grid shows the same filter.
    h.get_by_label("Grid").click();
    steps(&mut h, 3);
    assert!(has(&h, &format!("{n} of 13 items match")));
    h.get_by_label("Map").click();
    steps(&mut h, 3);
    click(&mut h, "× Clear area");
    wait_for(&mut h, "every item again", |h| has(h, "13 items"));
}

#[test]
fn a_range_brushed_on_the_timeline_filters_the_map() {
    let mut h = demo();
    open_map(&mut h);
    assert!(has_part(&h, "6 on the map"));
    let t = rect_of(&h, TIMELINE);
    let y = t.center().y;
    let at = |f: f32| pos2(t.left() + t.width() * f, y);
    // The demo's span runs from an incident of mid-2016 to the photos of March 2017 at its
    // right end: a range over its first half holds no capture at all.
    drag(&mut h, at(0.1), at(0.5));
    wait_for(&mut h, "an empty range", |h| has_part(h, "0 on the map"));
    let range = text_after(&h, "Captured from ").expect("the range is shown");
    let (from, to) = range.split_once(" to ").expect("from … to …");
    let vault = h.state().vault().expect("unlocked").clone();
    let map_count = |from: &str, to: &str| {
        let points = vault
            .map_points(&ListQuery {
                captured_from: Some(from.to_owned()),
                captured_to: Some(to.to_owned()),
                ..Default::default()
            })
            .expect("reading the points");
        points.iter().filter(|p| p.gps.is_some()).count()
    };
    assert_eq!(map_count(from, to), 0);
    click(&mut h, "× Clear range");
    wait_for(&mut h, "the whole span", |h| has_part(h, "6 on the map"));
    // The second half holds the photos: the map shows exactly those the library finds there.
    drag(&mut h, at(0.5), at(0.999));
    wait_for(&mut h, "a range over the photos", |h| {
        text_after(h, "Captured from ").is_some() && !h.state().is_busy()
    });
    let range = text_after(&h, "Captured from ").expect("the range is shown");
    let (from, to) = range.split_once(" to ").expect("from … to …");
    let n = map_count(from, to);
    assert!(n > 0, "the photos are in the second half ({from} to {to})");
    wait_for(&mut h, "the map to follow the range", |h| {
        has_part(h, &format!("{n} on the map"))
    });
    // The grid applies the same range.
    assert!(has_part(&h, "of 13 items match"));
}

/// An MBTiles file with one 256-px PNG tile at zoom 0, as an organisation would hand one out.
fn one_tile_mbtiles(path: &std::path::Path) {
    let mut png = Vec::new();
    image::RgbaImage::from_pixel(256, 256, image::Rgba([200, 180, 140, 255]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let db = rusqlite::Connection::open(path).unwrap();
    db.execute_batch(
        "CREATE TABLE metadata (name TEXT, value TEXT);
         CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
         INSERT INTO metadata VALUES ('name', 'Tabqa streets'), ('format', 'png'),
             ('minzoom', '0'), ('maxzoom', '2'), ('attribution', 'Our own survey');",
    )
    .unwrap();
    db.execute("INSERT INTO tiles VALUES (0, 0, 0, ?1)", [png])
        .unwrap();
}

#[test]
fn offline_tiles_chosen_in_settings_are_used_by_the_map_and_can_be_removed() {
    let dir = tempfile::tempdir().unwrap();
    let tiles = dir.path().join("tabqa streets.mbtiles");
    one_tile_mbtiles(&tiles);
    let before = std::fs::read(&tiles).unwrap();
    let picker = std::sync::Arc::new(ScriptedPicker::new());
    let mut h = harness(AppOptions {
        picker: picker.clone(),
        clock: std::sync::Arc::new(ManualClock::new()),
        kdf_log_n: KDF_LOG_N,
        demo: true,
        ..Default::default()
    });
    wait_for(&mut h, "the demo vault", |h| h.state().is_unlocked());
    h.state_mut().command(Command::Open(DialogKind::Settings));
    steps(&mut h, 3);
    picker.answer(vec![tiles.clone()]);
    click(&mut h, "Choose a tile file…");
    wait_for(&mut h, "the tiles to open", |h| {
        has(
            h,
            "The map now uses the offline tiles Tabqa streets (zoom 0 to 2).",
        )
    });
    assert!(
        has_part(&h, "tabqa streets.mbtiles"),
        "Settings names the file"
    );
    h.state_mut().command(Command::CloseDialog);
    steps(&mut h, 3);
    open_map(&mut h);
    steps(&mut h, 20);
    assert!(
        !has_part(&h, "Could not use"),
        "{}",
        h.state().debug_summary()
    );
    // A file that is not a tile set is refused with the reason, and the map keeps working.
    let bad = dir.path().join("notes.mbtiles");
    std::fs::write(&bad, "not a tile set").unwrap();
    h.state_mut().command(Command::SetMapTiles(Some(bad)));
    wait_for(&mut h, "the refusal", |h| has_part(h, "as map tiles:"));
    h.state_mut().command(Command::SetMapTiles(None));
    wait_for(&mut h, "the basemap alone", |h| {
        has(h, "The map uses the built-in basemap only.")
    });
    assert_eq!(
        std::fs::read(&tiles).unwrap(),
        before,
        "a tile set is only read"
    );
}

/// Draws an area over the whole map canvas and returns it, then clears it.
fn area_of_whole_canvas(h: &mut H) -> GeoBox {
    click(h, "Select area");
    let r = rect_of(h, MAP);
    drag(
        h,
        r.left_top() + eframe::egui::vec2(2.0, 2.0),
        r.right_bottom() - eframe::egui::vec2(2.0, 2.0),
    );
    wait_for(h, "the area", |h| text_after(h, "Area: ").is_some());
    let area = GeoBox::parse(&text_after(h, "Area: ").unwrap()).unwrap();
    click(h, "× Clear area");
    wait_for(h, "no area", |h| text_after(h, "Area: ").is_none());
    area
}

#[test]
fn the_keyboard_zooms_and_moves_the_map_without_moving_the_grid_cursor() {
    let mut h = demo();
    open_map(&mut h);
    let before = area_of_whole_canvas(&mut h);
    for _ in 0..2 {
        h.key_press(eframe::egui::Key::Plus);
        h.step();
    }
    steps(&mut h, 2);
    let zoomed = area_of_whole_canvas(&mut h);
    let width = |b: &GeoBox| b.east - b.west;
    let ratio = width(&zoomed) / width(&before);
    assert!(
        (0.2..0.3).contains(&ratio),
        "two zoom steps show a quarter: {ratio}"
    );
    h.key_press(eframe::egui::Key::ArrowRight);
    steps(&mut h, 2);
    let moved = area_of_whole_canvas(&mut h);
    assert!(
        moved.west > zoomed.west,
        "the map moved east: {moved:?} after {zoomed:?}"
    );
    assert!(
        h.state().debug_summary().contains("cursor None"),
        "the arrows moved the map, not the grid's cursor: {}",
        h.state().debug_summary()
    );
}
