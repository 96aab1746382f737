use super::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn random_points(n: usize, seed: u64) -> Vec<[f32; 2]> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n)
        .map(|i| {
            // Half spread over the world, half packed into a town, as real vaults are.
            if i % 2 == 0 {
                [rng.r#gen::<f32>(), rng.r#gen::<f32>()]
            } else {
                [
                    0.6 + rng.r#gen::<f32>() * 1e-3,
                    0.4 + rng.r#gen::<f32>() * 1e-3,
                ]
            }
        })
        .collect()
}

fn all_ids(index: &ClusterIndex, level: u8) -> Vec<(ClusterId, Cluster)> {
    index
        .visible(level, [-1.0, -1.0, 2.0, 2.0])
        .map(|(id, c)| (id, *c))
        .collect()
}

/// The cell of a coordinate at a level, straight from the definition.
fn cell_of(v: f32, level: u8) -> i64 {
    (v as f64 / ClusterIndex::cell_size(level)).floor() as i64
}

#[test]
fn every_point_is_in_exactly_one_cluster_at_every_level() {
    let points = random_points(5_000, 1);
    let index = ClusterIndex::build(&points);
    assert_eq!(index.len(), points.len());
    for level in 0..=ClusterIndex::MAX_LEVEL {
        let clusters = all_ids(&index, level);
        let total: u32 = clusters.iter().map(|(_, c)| c.count).sum();
        assert_eq!(total as usize, points.len(), "level {level}");
        let mut seen = vec![false; points.len()];
        for (id, c) in &clusters {
            let members = index.members(*id);
            assert_eq!(members.len(), c.count as usize);
            for &m in members {
                assert!(!seen[m as usize], "point {m} twice at level {level}");
                seen[m as usize] = true;
            }
        }
        assert!(seen.iter().all(|&s| s), "level {level}");
    }
}

#[test]
fn members_share_their_cluster_cell_and_clusters_have_distinct_cells() {
    let points = random_points(3_000, 2);
    let index = ClusterIndex::build(&points);
    for level in [0, 3, 8, 12, 16, 20] {
        let mut cells = std::collections::HashSet::new();
        for (id, c) in all_ids(&index, level) {
            let members = index.members(id);
            let p0 = points[members[0] as usize];
            let cell = (cell_of(p0[0], level), cell_of(p0[1], level));
            let (mut sx, mut sy) = (0.0f64, 0.0f64);
            for &m in members {
                let p = points[m as usize];
                assert_eq!(
                    (cell_of(p[0], level), cell_of(p[1], level)),
                    cell,
                    "level {level}"
                );
                sx += p[0] as f64;
                sy += p[1] as f64;
            }
            assert!(
                cells.insert(cell),
                "two clusters in cell {cell:?} at level {level}"
            );
            let n = members.len() as f64;
            assert!((c.x as f64 - sx / n).abs() < 1e-6 && (c.y as f64 - sy / n).abs() < 1e-6);
            let size = ClusterIndex::cell_size(level);
            let slack = 1e-6;
            assert!(c.x as f64 >= cell.0 as f64 * size - slack);
            assert!((c.x as f64) < (cell.0 + 1) as f64 * size + slack);
        }
    }
}

#[test]
fn visible_returns_exactly_the_clusters_centred_in_the_view() {
    let points = random_points(20_000, 3);
    let index = ClusterIndex::build(&points);
    let mut rng = StdRng::seed_from_u64(4);
    for _ in 0..300 {
        let level = rng.gen_range(0..=ClusterIndex::MAX_LEVEL + 2);
        let all = all_ids(&index, level);
        // Views from the whole world down to a few cells, some around the packed town.
        let size = ClusterIndex::cell_size(level) as f32 * rng.gen_range(0.5f32..60.0);
        let (cx, cy) = if rng.gen_bool(0.5) {
            (rng.gen_range(-0.1f32..1.1), rng.gen_range(-0.1f32..1.1))
        } else {
            (0.6005, 0.4005)
        };
        let view = [cx - size, cy - size * 0.6, cx + size, cy + size * 0.6];
        let mut expected: Vec<ClusterId> = all
            .iter()
            .filter(|(_, c)| c.x >= view[0] && c.x <= view[2] && c.y >= view[1] && c.y <= view[3])
            .map(|(id, _)| *id)
            .collect();
        let mut got: Vec<ClusterId> = index.visible(level, view).map(|(id, _)| id).collect();
        expected.sort();
        got.sort();
        assert_eq!(got, expected, "level {level} view {view:?}");
    }
    // A view that is empty or unreadable shows nothing.
    assert_eq!(index.visible(5, [0.5, 0.5, 0.4, 0.6]).count(), 0);
    assert_eq!(index.visible(5, [f32::NAN, 0.0, 1.0, 1.0]).count(), 0);
}

#[test]
fn far_apart_points_separate_at_high_levels_and_a_tight_group_is_one_at_level_0() {
    let group: Vec<[f32; 2]> = (0..50)
        .map(|i| [0.3 + i as f32 * 1e-5, 0.3 + (i % 7) as f32 * 1e-5])
        .collect();
    let mut points = group.clone();
    points.push([0.9, 0.9]);
    let index = ClusterIndex::build(&points);
    let level0 = all_ids(&index, 0);
    assert_eq!(level0.len(), 2);
    let big = level0
        .iter()
        .find(|(_, c)| c.count == 50)
        .expect("the group");
    assert!((big.1.x - 0.30025).abs() < 1e-5, "{:?}", big.1);
    let mut m = index.members(big.0).to_vec();
    m.sort();
    assert_eq!(m, (0..50).collect::<Vec<u32>>());
    // At level 20 the cells are ~0.18e-6 wide: every point of the group is its own cluster.
    assert_eq!(all_ids(&index, ClusterIndex::MAX_LEVEL).len(), 51);
    assert_eq!(all_ids(&index, 200).len(), 51, "levels are clamped");
}

#[test]
fn same_place_points_stay_together_and_bad_points_are_left_out() {
    let points = vec![
        [0.5, 0.5],
        [f32::NAN, 0.5],
        [0.5, 0.5],
        [0.2, f32::INFINITY],
        [1.5, -0.5], // outside the world: clamped onto its corner
    ];
    let index = ClusterIndex::build(&points);
    assert_eq!(index.len(), 3);
    let top = all_ids(&index, ClusterIndex::MAX_LEVEL);
    assert_eq!(top.len(), 2);
    let pair = top.iter().find(|(_, c)| c.count == 2).expect("the pair");
    assert_eq!((pair.1.x, pair.1.y), (0.5, 0.5));
    let corner = top.iter().find(|(_, c)| c.count == 1).expect("the corner");
    assert_eq!((corner.1.x, corner.1.y), (1.0, 0.0));
    assert_eq!(index.members(corner.0), &[4]);

    let empty = ClusterIndex::build(&[]);
    assert!(empty.is_empty());
    assert_eq!(all_ids(&empty, 7).len(), 0);
    assert!(empty.members(pair.0).is_empty(), "another index's id");
    assert!(empty.cluster(pair.0).is_none());
}

#[test]
fn shared_levels_give_the_same_ids() {
    let points = vec![[0.1, 0.1], [0.9, 0.9]];
    let index = ClusterIndex::build(&points);
    assert_eq!(all_ids(&index, 4), all_ids(&index, 19));
    assert!(index.levels.len() < 3, "{} storages", index.levels.len());
}

#[test]
fn members_in_selects_exactly_the_points_in_the_rectangle() {
    let points = random_points(20_000, 5);
    let index = ClusterIndex::build(&points);
    let mut rng = StdRng::seed_from_u64(6);
    for _ in 0..100 {
        let (cx, cy) = if rng.gen_bool(0.5) {
            (rng.gen_range(0.0f32..1.0), rng.gen_range(0.0f32..1.0))
        } else {
            (0.6005, 0.4005)
        };
        let r = rng.gen_range(1e-6f32..0.3);
        let rect = [cx - r, cy - r, cx + r * 0.5, cy + r * 2.0];
        let expected: Vec<u32> = (0..points.len() as u32)
            .filter(|&i| {
                let p = points[i as usize];
                p[0] >= rect[0] && p[0] <= rect[2] && p[1] >= rect[1] && p[1] <= rect[3]
            })
            .collect();
        assert_eq!(index.members_in(&points, rect), expected, "{rect:?}");
    }
}

#[test]
fn zoom_to_level() {
    assert_eq!(ClusterIndex::level_for_zoom(3.7), 3);
    assert_eq!(ClusterIndex::level_for_zoom(-2.0), 0);
    assert_eq!(ClusterIndex::level_for_zoom(25.0), ClusterIndex::MAX_LEVEL);
    assert_eq!(ClusterIndex::level_for_zoom(f64::NAN), 0);
    assert_eq!(ClusterIndex::cell_size(0), 48.0 / 256.0);
}

/// Prints build and query times for 100,000 points (no assertion on them).
#[test]
fn timing_for_100k_points() {
    let points = random_points(100_000, 7);
    let t = std::time::Instant::now();
    let index = ClusterIndex::build(&points);
    let build = t.elapsed();
    let storages: usize = index.levels.iter().map(|l| l.clusters.len()).sum();
    let t = std::time::Instant::now();
    let mut shown = 0;
    let frames = 100;
    for f in 0..frames {
        let level = (f % 21) as u8;
        // A 1600×1000 px window centred on the town.
        let w = 1600.0 / (256.0 * (1u64 << level) as f32);
        let h = 1000.0 / (256.0 * (1u64 << level) as f32);
        let view = [0.6 - w / 2.0, 0.4 - h / 2.0, 0.6 + w / 2.0, 0.4 + h / 2.0];
        shown += index.visible(level, view).count();
    }
    let query = t.elapsed() / frames;
    let t = std::time::Instant::now();
    let sel = index.members_in(&points, [0.5, 0.3, 0.7, 0.5]);
    let select = t.elapsed();
    println!(
        "100k points: build {build:?}, {storages} clusters in {} storages; visible per frame \
         {query:?} (avg {} clusters); members_in {select:?} ({} points)",
        index.levels.len(),
        shown / frames as usize,
        sel.len()
    );
}
