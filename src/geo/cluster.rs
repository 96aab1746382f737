//! Grid clustering of map points, for every integer zoom at once, so that a map of 100,000 items
//! draws a few hundred markers per frame instead of 100,000.
//!
//! Points are in Web Mercator world units ([`super::project`]: the square `[0, 1]²`, y down). At
//! zoom `z` the world is `256·2^z` pixels wide; level `z` groups the points falling into the same
//! square of [`CELL_PX`] pixels at that zoom and draws the group at the mean of its members.
//!
//! Why one sorted permutation serves every level: the cell size halves exactly from one level to
//! the next, so each level's grid refines the one below it. Points sorted once by the Morton
//! (Z-order) code of their finest cell therefore keep every cell of every level contiguous: a
//! cluster's members are a slice of that one permutation, and a level's clusters, kept in the
//! same order, form a quadtree whose nodes are contiguous ranges. [`ClusterIndex::visible`]
//! descends that quadtree, so a frame costs what it shows, not what the vault holds.
//!
//! Memory: the permutation (`4·n` bytes) plus 24 bytes per cluster and level; a level whose
//! clusters are the same as the next finer one's (all points already apart) shares its storage.

use std::ops::Range;

/// The side of a cluster's cell on screen. Markers about this wide do not hide each other.
pub const CELL_PX: f64 = 48.0;

/// Finest-cell bits per axis: level [`ClusterIndex::MAX_LEVEL`] has `256·2^20 / 48` cells a side,
/// which is less than `2^23`.
const FINE_BITS: u32 = 23;
/// Cells per world unit at the finest level.
const FINE_SCALE: f64 = 256.0 * (1u64 << 20) as f64 / CELL_PX;
/// The quadtree depth of level 0 (its 6 cells a side need 3 bits).
const LEVEL0_DEPTH: u32 = FINE_BITS - ClusterIndex::MAX_LEVEL as u32;

/// A group of points drawn as one marker.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cluster {
    /// The mean of the members, in world units.
    pub x: f32,
    pub y: f32,
    /// How many points it stands for (its [`ClusterIndex::members`]).
    pub count: u32,
}

/// Which cluster: only meaningful for the index that handed it out. The same id comes back at
/// neighbouring levels when the cluster is the same there (its members did not split).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClusterId {
    storage: u8,
    index: u32,
}

/// The clusters of one or more levels (consecutive levels with the same partition share one).
#[derive(Debug)]
struct Level {
    /// Quadtree depth of `keys` (bits per axis): level `z` has `z + 3`.
    depth: u32,
    /// Morton code of each cluster's cell, ascending.
    keys: Vec<u64>,
    clusters: Vec<Cluster>,
    /// `starts[i]..starts[i + 1]` are cluster `i`'s members in `order`.
    starts: Vec<u32>,
}

/// Clusters of a set of points at every level `0..=MAX_LEVEL`.
#[derive(Debug)]
pub struct ClusterIndex {
    /// Point indices sorted by the Morton code of their finest cell.
    order: Vec<u32>,
    levels: Vec<Level>,
    /// Level `z` uses `levels[level_of[z]]`.
    level_of: [u8; ClusterIndex::MAX_LEVEL as usize + 1],
}

impl ClusterIndex {
    /// The finest level. Level `z` clusters for integer zoom `z`; above it the map draws single
    /// points (cells are then about a metre, so what remains together is the same place).
    pub const MAX_LEVEL: u8 = 20;

    /// Indexes `points[i] = [x, y]` in world units; `i` is the caller's index (the map keeps its
    /// own arrays). Points with a NaN or infinite coordinate are left out; coordinates outside
    /// the world square are clamped onto its edge ([`super::project`] never makes them).
    pub fn build(points: &[[f32; 2]]) -> ClusterIndex {
        let mut coded: Vec<(u64, u32)> = points
            .iter()
            .enumerate()
            .filter(|(_, p)| p[0].is_finite() && p[1].is_finite())
            .map(|(i, p)| (morton(fine(p[0]), fine(p[1])), i as u32))
            .collect();
        coded.sort_unstable();

        // The finest level: runs of equal codes. Sums stay f64 so coarser levels add them up.
        let mut keys = Vec::new();
        let mut sums: Vec<(f64, f64)> = Vec::new();
        let mut starts = vec![0u32];
        for (pos, &(code, i)) in coded.iter().enumerate() {
            let p = points.get(i as usize).copied().unwrap_or_default();
            let (x, y) = (clamp_world(p[0]), clamp_world(p[1]));
            if keys.last() == Some(&code) {
                if let Some(s) = sums.last_mut() {
                    s.0 += x;
                    s.1 += y;
                }
            } else {
                if pos > 0 {
                    starts.push(pos as u32);
                }
                keys.push(code);
                sums.push((x, y));
            }
        }
        starts.push(coded.len() as u32);
        if coded.is_empty() {
            starts.truncate(1);
        }
        let order: Vec<u32> = coded.into_iter().map(|(_, i)| i).collect();

        let mut levels = vec![make_level(FINE_BITS, keys, &sums, starts)];
        let mut level_of = [0u8; ClusterIndex::MAX_LEVEL as usize + 1];
        for z in (0..ClusterIndex::MAX_LEVEL).rev() {
            let depth = LEVEL0_DEPTH + z as u32;
            let last = levels.len() - 1;
            let (coarser, coarser_sums) = coarsen(&levels[last], &sums, depth);
            if coarser.keys.len() == levels[last].keys.len() {
                // Nothing merged: the same clusters, so the same storage (and ids).
                level_of[z as usize] = last as u8;
            } else {
                levels.push(coarser);
                sums = coarser_sums;
                level_of[z as usize] = (last + 1) as u8;
            }
        }
        ClusterIndex {
            order,
            levels,
            level_of,
        }
    }

    /// How many points were indexed (those with finite coordinates).
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The level that suits a (fractional) map zoom: its integer part, within `0..=MAX_LEVEL`.
    pub fn level_for_zoom(zoom: f64) -> u8 {
        if zoom.is_nan() {
            return 0;
        }
        zoom.floor().clamp(0.0, ClusterIndex::MAX_LEVEL as f64) as u8
    }

    /// The side of a level's cells in world units: `CELL_PX / (256·2^level)`.
    pub fn cell_size(level: u8) -> f64 {
        let level = level.min(ClusterIndex::MAX_LEVEL);
        CELL_PX / (256.0 * (1u64 << level) as f64)
    }

    /// The clusters of `level` (clamped to `MAX_LEVEL`) whose centre lies in `view` =
    /// `[min_x, min_y, max_x, max_y]` (world units, bounds included; a margin for markers cut by
    /// the edge is the caller's business). Costs about the number of clusters in and along the
    /// view, whatever the total.
    pub fn visible(
        &self,
        level: u8,
        view: [f32; 4],
    ) -> impl Iterator<Item = (ClusterId, &Cluster)> + '_ {
        let storage = self.level_of[level.min(ClusterIndex::MAX_LEVEL) as usize];
        let lvl = &self.levels[storage as usize];
        // One finest cell of slack: a mean rounded to f32 may sit a hair outside its members.
        Candidates::new(lvl, view, 1)
            .filter(move |&i| {
                let c = &lvl.clusters[i];
                c.x >= view[0] && c.x <= view[2] && c.y >= view[1] && c.y <= view[3]
            })
            .map(move |i| {
                (
                    ClusterId {
                        storage,
                        index: i as u32,
                    },
                    &lvl.clusters[i],
                )
            })
    }

    /// The cluster an id names (`None` for an id of another index).
    pub fn cluster(&self, id: ClusterId) -> Option<&Cluster> {
        self.levels
            .get(id.storage as usize)?
            .clusters
            .get(id.index as usize)
    }

    /// The indices (into the `points` given to [`build`](Self::build)) a cluster stands for, in
    /// the index's spatial order. Empty for an id of another index.
    pub fn members(&self, id: ClusterId) -> &[u32] {
        let Some(lvl) = self.levels.get(id.storage as usize) else {
            return &[];
        };
        let i = id.index as usize;
        match (lvl.starts.get(i), lvl.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.order.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Every point inside the world rectangle `rect` = `[min_x, min_y, max_x, max_y]` (bounds
    /// included), ascending: the map's rubber-band selection. `points` must be the slice the index
    /// was built from. Looks only at the finest cells the rectangle touches.
    pub fn members_in(&self, points: &[[f32; 2]], rect: [f32; 4]) -> Vec<u32> {
        let lvl = &self.levels[self.level_of[ClusterIndex::MAX_LEVEL as usize] as usize];
        let inside = |i: u32| {
            points.get(i as usize).is_some_and(|p| {
                let (x, y) = (clamp_world(p[0]) as f32, clamp_world(p[1]) as f32);
                p[0].is_finite()
                    && p[1].is_finite()
                    && x >= rect[0]
                    && x <= rect[2]
                    && y >= rect[1]
                    && y <= rect[3]
            })
        };
        let mut out: Vec<u32> = Candidates::new(lvl, rect, 0)
            .flat_map(|c| {
                let (a, b) = (lvl.starts[c] as usize, lvl.starts[c + 1] as usize);
                self.order[a..b].iter().copied()
            })
            .filter(|&i| inside(i))
            .collect();
        out.sort_unstable();
        out
    }
}

/// The level at quadtree `depth` made from a finer one by merging clusters with the same parent.
fn coarsen(finer: &Level, sums: &[(f64, f64)], depth: u32) -> (Level, Vec<(f64, f64)>) {
    let shift = 2 * (finer.depth - depth);
    let mut keys: Vec<u64> = Vec::new();
    let mut new_sums: Vec<(f64, f64)> = Vec::new();
    let mut starts = Vec::new();
    for (i, (&key, &s)) in finer.keys.iter().zip(sums).enumerate() {
        let parent = key >> shift;
        if keys.last() == Some(&parent) {
            if let Some(t) = new_sums.last_mut() {
                t.0 += s.0;
                t.1 += s.1;
            }
        } else {
            keys.push(parent);
            new_sums.push(s);
            starts.push(finer.starts[i]);
        }
    }
    starts.push(finer.starts.last().copied().unwrap_or(0));
    let level = make_level(depth, keys, &new_sums, starts);
    (level, new_sums)
}

fn make_level(depth: u32, keys: Vec<u64>, sums: &[(f64, f64)], starts: Vec<u32>) -> Level {
    let clusters = sums
        .iter()
        .zip(starts.windows(2))
        .map(|(s, w)| {
            let count = w[1] - w[0];
            let n = count.max(1) as f64;
            Cluster {
                x: (s.0 / n) as f32,
                y: (s.1 / n) as f32,
                count,
            }
        })
        .collect();
    Level {
        depth,
        keys,
        clusters,
        starts,
    }
}

fn clamp_world(v: f32) -> f64 {
    (v as f64).clamp(0.0, 1.0)
}

/// The finest-level cell column (or row) of a coordinate. Every coarser level's cell is this
/// shifted right, so all levels agree on which cell a point is in.
fn fine(v: f32) -> u32 {
    let max = (1u32 << FINE_BITS) - 1;
    ((clamp_world(v) * FINE_SCALE).floor() as u32).min(max)
}

/// Interleaves x (even bits) and y (odd bits).
fn morton(x: u32, y: u32) -> u64 {
    spread(x) | (spread(y) << 1)
}

fn spread(v: u32) -> u64 {
    let mut v = v as u64 & 0xFFFF_FFFF;
    v = (v | (v << 16)) & 0x0000_FFFF_0000_FFFF;
    v = (v | (v << 8)) & 0x00FF_00FF_00FF_00FF;
    v = (v | (v << 4)) & 0x0F0F_0F0F_0F0F_0F0F;
    v = (v | (v << 2)) & 0x3333_3333_3333_3333;
    v = (v | (v << 1)) & 0x5555_5555_5555_5555;
    v
}

/// A quadtree node: cell `(cx, cy)` at depth `k`, Morton prefix `prefix`, clusters `lo..hi`.
struct Node {
    k: u32,
    cx: u32,
    cy: u32,
    prefix: u64,
    lo: usize,
    hi: usize,
}

/// The clusters of a level whose cell meets a world rectangle (grown by `slack` finest cells):
/// a depth-first walk over the non-empty quadtree nodes that meet it.
struct Candidates<'a> {
    keys: &'a [u64],
    depth: u32,
    /// `[x0, y0, x1, y1]`, inclusive, in cells at `depth`.
    range: [u32; 4],
    stack: Vec<Node>,
    run: Range<usize>,
}

impl<'a> Candidates<'a> {
    fn new(level: &'a Level, rect: [f32; 4], slack: u32) -> Candidates<'a> {
        let shift = FINE_BITS - level.depth;
        let lo = |v: f32| fine(v).saturating_sub(slack) >> shift;
        let hi = |v: f32| fine(v).saturating_add(slack).min((1 << FINE_BITS) - 1) >> shift;
        let usable = rect.iter().all(|v| !v.is_nan()) && rect[0] <= rect[2] && rect[1] <= rect[3];
        let mut stack = Vec::new();
        if usable && !level.keys.is_empty() {
            stack.push(Node {
                k: 0,
                cx: 0,
                cy: 0,
                prefix: 0,
                lo: 0,
                hi: level.keys.len(),
            });
        }
        Candidates {
            keys: &level.keys,
            depth: level.depth,
            range: [lo(rect[0]), lo(rect[1]), hi(rect[2]), hi(rect[3])],
            stack,
            run: 0..0,
        }
    }
}

impl Iterator for Candidates<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        loop {
            if let Some(i) = self.run.next() {
                return Some(i);
            }
            let node = self.stack.pop()?;
            let span = self.depth - node.k;
            let (x0, y0) = (node.cx << span, node.cy << span);
            let (x1, y1) = (x0 + ((1 << span) - 1), y0 + ((1 << span) - 1));
            let [vx0, vy0, vx1, vy1] = self.range;
            if x1 < vx0 || x0 > vx1 || y1 < vy0 || y0 > vy1 {
                continue;
            }
            if span == 0 || (x0 >= vx0 && x1 <= vx1 && y0 >= vy0 && y1 <= vy1) {
                self.run = node.lo..node.hi;
                continue;
            }
            // Split into the four children; pushed last-first so they come out in Morton order.
            let child_shift = 2 * (span - 1);
            let slice = &self.keys[node.lo..node.hi];
            let mut bounds = [node.lo, 0, 0, 0, node.hi];
            for (q, b) in bounds.iter_mut().enumerate().take(4).skip(1) {
                let first = ((node.prefix << 2) | q as u64) << child_shift;
                *b = node.lo + slice.partition_point(|&key| key < first);
            }
            for q in (0..4u32).rev() {
                let (lo, hi) = (bounds[q as usize], bounds[q as usize + 1]);
                if lo < hi {
                    self.stack.push(Node {
                        k: node.k + 1,
                        cx: (node.cx << 1) | (q & 1),
                        cy: (node.cy << 1) | (q >> 1),
                        prefix: (node.prefix << 2) | q as u64,
                        lo,
                        hi,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
