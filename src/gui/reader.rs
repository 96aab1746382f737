//! The catalog reader: one background thread per unlocked vault that runs every catalog read the
//! window needs (searches, the rows on screen, an item's detail, the filter lists).
//!
//! The catalog sits behind a mutex that intake and saves also take (a save encrypts the whole
//! catalog while holding it), so the UI thread never touches it: it sends requests here and picks
//! up replies once a frame. Requests that pile up are merged: only the newest search runs.

use std::sync::mpsc::{self, Receiver, Sender};

use eframe::egui;
use evidence_vault::catalog::ItemRef;
use evidence_vault::geo::layers::MapLayers;
use evidence_vault::incident::{Incident, IncidentFields, LinkRole, Vocabulary};
use evidence_vault::vault::{IncidentDetail, IncidentQuery, Suggest};
use evidence_vault::{Item, ItemDetail, Kind, ListQuery, Vault};

/// An item whose perceptual hash is close to the open item's (a near-duplicate).
#[derive(Clone, Debug)]
pub struct SimilarItem {
    pub id: String,
    pub label: String,
    /// Hamming distance of the brightness hashes (0: the same picture).
    pub distance: u32,
}

/// An incident an item is linked to: its ID, title to show, and the item's role.
pub type IncidentChip = (String, String, LinkRole);

pub enum ReadRequest {
    Query {
        generation: u64,
        query: ListQuery,
    },
    Rows(Vec<i64>),
    Detail {
        generation: u64,
        id: String,
    },
    Facets,
    /// The map's and timeline's layers for this search (points, times, incidents).
    Layers {
        generation: u64,
        query: ListQuery,
    },
    /// The incidents matching the Incidents view's filters, and the vocabulary to label them.
    Incidents {
        generation: u64,
        query: IncidentQuery,
    },
    /// Every incident (for "Link to incident…").
    IncidentChoices,
    Incident {
        generation: u64,
        id: String,
    },
    /// Fields proposed for an incident made from these items.
    Proposal(Vec<String>),
    /// Existing places or perpetrators like what is being typed.
    Suggest {
        what: Suggest,
        typed: String,
    },
}

pub enum ReadReply {
    Query {
        generation: u64,
        result: Result<Vec<ItemRef>, String>,
    },
    Rows(Result<Vec<(i64, Item)>, String>),
    Detail {
        generation: u64,
        result: Result<Box<ItemDetail>, String>,
        similar: Vec<SimilarItem>,
        /// The incidents it is linked to.
        incidents: Vec<IncidentChip>,
        /// Where its GPS or capture time disagrees with them (a failure: none shown).
        hints: Vec<evidence_vault::incident::consistency::ConsistencyHint>,
    },
    Layers {
        generation: u64,
        result: Result<std::sync::Arc<MapLayers>, String>,
    },
    Facets {
        cases: Vec<String>,
        tags: Vec<String>,
        total: u64,
    },
    Incidents {
        generation: u64,
        result: Result<(Vec<(Incident, usize)>, Vocabulary), String>,
    },
    IncidentChoices(Result<Vec<(Incident, usize)>, String>),
    Incident {
        generation: u64,
        result: Result<Box<IncidentDetail>, String>,
    },
    Proposal(Result<Box<IncidentFields>, String>),
    Suggest {
        what: Suggest,
        typed: String,
        values: Vec<String>,
    },
}

pub struct Reader {
    tx: Sender<ReadRequest>,
    rx: Receiver<ReadReply>,
}

impl Reader {
    /// Starts the thread. It ends (dropping its vault handle) when the `Reader` is dropped.
    pub fn spawn(vault: Vault, ctx: &egui::Context) -> Self {
        let (tx, requests) = mpsc::channel::<ReadRequest>();
        let (replies, rx) = mpsc::channel::<ReadReply>();
        let ctx = ctx.clone();
        let _ = std::thread::Builder::new()
            .name("ev-catalog-reader".into())
            .spawn(move || serve(&vault, &requests, &replies, &ctx));
        Self { tx, rx }
    }

    pub fn send(&self, request: ReadRequest) {
        let _ = self.tx.send(request);
    }

    pub fn try_recv(&self) -> Option<ReadReply> {
        self.rx.try_recv().ok()
    }
}

/// The replies to the incident requests of one round (only the newest of each kind runs).
fn incident_replies(
    vault: &Vault,
    list: Option<(u64, IncidentQuery)>,
    choices: bool,
    incident: Option<(u64, String)>,
    proposal: Option<Vec<String>>,
    suggest: Option<(Suggest, String)>,
) -> Vec<ReadReply> {
    let mut out = Vec::new();
    if let Some((generation, query)) = list {
        let result = vault
            .incidents(&query)
            .and_then(|list| Ok((list, vault.vocabulary()?)))
            .map_err(|e| e.to_string());
        out.push(ReadReply::Incidents { generation, result });
    }
    if choices {
        let all = vault.incidents(&IncidentQuery::default());
        out.push(ReadReply::IncidentChoices(all.map_err(|e| e.to_string())));
    }
    if let Some((generation, id)) = incident {
        let result = vault
            .incident_detail(&id)
            .map(Box::new)
            .map_err(|e| e.to_string());
        out.push(ReadReply::Incident { generation, result });
    }
    if let Some(items) = proposal {
        let result = vault
            .propose_incident(&items)
            .map(Box::new)
            .map_err(|e| e.to_string());
        out.push(ReadReply::Proposal(result));
    }
    if let Some((what, typed)) = suggest {
        let values = vault.suggest(what, &typed).unwrap_or_default();
        out.push(ReadReply::Suggest {
            what,
            typed,
            values,
        });
    }
    out
}

/// At most this many near-duplicates are listed with an item.
const SIMILAR_MAX: usize = 24;

/// Near-duplicates of item `id`, closest first. A failure only means none are listed.
fn similar(vault: &Vault, id: &str) -> Vec<SimilarItem> {
    let found = vault.similar(id, None).unwrap_or_default();
    found
        .into_iter()
        .take(SIMILAR_MAX)
        .filter_map(|s| {
            let item = vault.item(&s.id).ok()?;
            Some(SimilarItem {
                label: super::grid_view::item_label(&item),
                id: s.id,
                distance: s.distance,
            })
        })
        .collect()
}

fn serve(
    vault: &Vault,
    requests: &Receiver<ReadRequest>,
    replies: &Sender<ReadReply>,
    ctx: &egui::Context,
) {
    while let Ok(first) = requests.recv() {
        let mut query = None;
        let mut rows: Vec<i64> = Vec::new();
        let mut details = Vec::new();
        let mut facets = false;
        let mut incidents = None;
        let mut choices = false;
        let mut incident = None;
        let mut proposal = None;
        let mut suggest = None;
        let mut layers = None;
        for request in std::iter::once(first).chain(requests.try_iter()) {
            match request {
                ReadRequest::Incidents { generation, query } => {
                    incidents = Some((generation, query))
                }
                ReadRequest::IncidentChoices => choices = true,
                ReadRequest::Incident { generation, id } => incident = Some((generation, id)),
                ReadRequest::Proposal(items) => proposal = Some(items),
                ReadRequest::Suggest { what, typed } => suggest = Some((what, typed)),
                ReadRequest::Query {
                    generation,
                    query: q,
                } => query = Some((generation, q)),
                ReadRequest::Rows(nums) => rows.extend(nums),
                ReadRequest::Detail { generation, id } => details.push((generation, id)),
                ReadRequest::Facets => facets = true,
                ReadRequest::Layers { generation, query } => layers = Some((generation, query)),
            }
        }
        let mut out = Vec::new();
        if let Some((generation, q)) = query {
            out.push(ReadReply::Query {
                generation,
                result: vault.list_refs(&q).map_err(|e| e.to_string()),
            });
        }
        if !rows.is_empty() {
            rows.sort_unstable();
            rows.dedup();
            let result = vault
                .items_by_num(&rows)
                .map(|items| rows.iter().copied().zip(items).collect());
            out.push(ReadReply::Rows(result.map_err(|e| e.to_string())));
        }
        if let Some((generation, id)) = details.pop() {
            let result = vault.detail(&id).map(Box::new).map_err(|e| e.to_string());
            let similar = match &result {
                Ok(d) if matches!(d.item.kind, Kind::Photo | Kind::Video) => similar(vault, &id),
                _ => Vec::new(),
            };
            let incidents = vault.incidents_of_item(&id, false).unwrap_or_default();
            let hints = if incidents.is_empty() {
                Vec::new()
            } else {
                vault.consistency_hints(&id).unwrap_or_default()
            };
            out.push(ReadReply::Detail {
                generation,
                result,
                similar,
                incidents,
                hints,
            });
        }
        out.extend(incident_replies(
            vault, incidents, choices, incident, proposal, suggest,
        ));
        if let Some((generation, q)) = layers {
            let result = vault
                .map_layers(&q)
                .map(std::sync::Arc::new)
                .map_err(|e| e.to_string());
            out.push(ReadReply::Layers { generation, result });
        }
        if facets {
            out.push(ReadReply::Facets {
                cases: vault.cases().unwrap_or_default(),
                tags: vault.tags().unwrap_or_default(),
                total: vault.item_count().unwrap_or(0),
            });
        }
        for reply in out {
            if replies.send(reply).is_err() {
                return;
            }
        }
        ctx.request_repaint();
    }
}
