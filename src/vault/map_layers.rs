//! The map's and the timeline's layers of one search ([`crate::geo::layers`]): two passes of
//! [`Vault::map_points`], one without the search's area and one without its time range, and
//! the incidents. Reading only.

use super::Vault;
use super::incidents::IncidentQuery;
use crate::catalog::CatalogError;
use crate::geo::layers::MapLayers;
use crate::item::ListQuery;

impl Vault {
    /// What the map and the timeline draw for the search `q` (its sort, limit and offset
    /// ignored). The clusters are built here, off the window's thread.
    pub fn map_layers(&self, q: &ListQuery) -> Result<MapLayers, CatalogError> {
        let map_query = ListQuery {
            within: None,
            ..q.clone()
        };
        let timeline_query = ListQuery {
            captured_from: None,
            captured_to: None,
            ..q.clone()
        };
        let on_map = self.map_points(&map_query)?;
        // With neither an area nor a range the two sets are one: read it once.
        let on_timeline = if timeline_query == map_query {
            on_map.clone()
        } else {
            self.map_points(&timeline_query)?
        };
        let incidents: Vec<_> = self
            .incidents(&IncidentQuery::default())?
            .into_iter()
            .map(|(inc, _)| inc)
            .collect();
        Ok(MapLayers::build(on_map, &on_timeline, &incidents))
    }
}
