//! Incidents through the vault's one commit path: create, edit, review status, link and unlink,
//! each a signed event on the incident's chain; and reading them back (list with filters and
//! Arabic-normalised search, detail with linked items and custody, tables).

use std::collections::BTreeMap;

use super::{CommitError, Tx, Vault};
use crate::catalog::{CatalogError, IncidentRef};
use crate::custody::{Action, CustodyEvent};
use crate::details;
use crate::incident::{
    FieldError, FoldError, Incident, IncidentFields, IncidentProblem, Link, LinkRole, Status,
    TableFormat, Term, VocabKind, Vocabulary, check_incident, csv_table, fold, geojson_table,
};
use crate::item::Item;

#[derive(Debug, thiserror::Error)]
pub enum IncidentError {
    #[error("{0}; nothing was saved")]
    Fields(#[from] FieldError),
    #[error("no incident matches '{0}'")]
    NotFound(String),
    #[error("no item matches '{item}'; nothing was linked")]
    NoItem { item: String },
    #[error(
        "a status change needs a reason (who confirmed it, what is disputed); nothing was saved"
    )]
    NoReason,
    #[error("the incident is already '{0}'")]
    SameStatus(&'static str),
    #[error(
        "'{code}' cannot be a vocabulary code: use lower-case letters, digits and _ (e.g. grain_silo)"
    )]
    BadCode { code: String },
    #[error("a new term needs a label in English or Arabic")]
    NoLabel,
    #[error(transparent)]
    Fold(#[from] FoldError),
    #[error(transparent)]
    Catalog(CatalogError),
    #[error(transparent)]
    Commit(#[from] CommitError),
}

impl From<CatalogError> for IncidentError {
    fn from(e: CatalogError) -> Self {
        match e {
            CatalogError::NotFound(s) => IncidentError::NotFound(s),
            e => IncidentError::Catalog(e),
        }
    }
}

/// Incident IDs with what is wrong with each.
pub type ProblemsById = Vec<(String, Vec<IncidentProblem>)>;

/// Filters for [`Vault::incidents`]; every field narrows the result.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IncidentQuery {
    /// Arabic-normalised words, each the prefix of a word of the title, summary, place,
    /// perpetrators, sources, case or tags.
    pub search: Option<String>,
    pub status: Option<Status>,
    pub violation: Option<String>,
    pub site: Option<String>,
    /// Inclusive day bounds (`YYYY-MM-DD`) the incident's time must overlap.
    pub from: Option<String>,
    pub to: Option<String>,
    pub case: Option<String>,
}

/// An incident with everything a page about it shows.
#[derive(Clone, Debug)]
pub struct IncidentDetail {
    pub incident: Incident,
    /// Linked items here, with their role, in link order.
    pub items: Vec<(Item, LinkRole)>,
    /// Links to items this vault does not hold (the incident came in a bundle that did not
    /// carry them): the sender's item ID, the SHA-256 and the role.
    pub elsewhere: Vec<Link>,
    /// Its chains (one per recording vault), oldest event first.
    pub chains: Vec<Vec<CustodyEvent>>,
    /// Empty when every chain verifies and the stored state is their fold.
    pub problems: Vec<IncidentProblem>,
}

/// What the documenter is typing into, for suggestions of existing values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Suggest {
    Place,
    Perpetrator,
}

/// Re-folds incident `num` from its events and stores the result (row and links).
pub(crate) fn refold(tx: &mut Tx<'_>, num: i64, id: &str) -> Result<Incident, IncidentError> {
    let chains = tx.incident_chains(num)?;
    let mut state = fold(id, &chains)?.incident;
    let mut links = Vec::new();
    for l in &mut state.links {
        // An item that is not here (it stayed with the vault that sent the incident) keeps the
        // sender's ID and gets no stored link until it arrives.
        if let Some((n, local_id)) = tx.item_by_sha256(&l.sha256)? {
            l.item = local_id;
            links.push((n, l.role));
        }
    }
    tx.store_incident(num, &state, &links)?;
    Ok(state)
}

fn text_of(inc: &Incident) -> String {
    let f = &inc.fields;
    let mut s = vec![
        f.title.as_str(),
        f.title_ar.as_str(),
        f.summary.as_str(),
        f.summary_ar.as_str(),
        f.place.name.as_str(),
        f.case.as_str(),
        inc.id.as_str(),
    ];
    s.extend(f.perpetrators.iter().map(String::as_str));
    s.extend(f.sources.iter().map(String::as_str));
    s.extend(f.tags.iter().map(String::as_str));
    s.join(" ")
}

/// The positions in `incidents` of those whose text (titles, summaries, place, perpetrators,
/// sources, case, tags, ID) matches `search` as the item search does (Arabic-normalised word
/// prefixes); every position for a blank search. For a list already read (the GUI's "Link to
/// incident…" filters it as the user types).
pub fn search_incidents(incidents: &[(Incident, usize)], search: &str) -> Vec<usize> {
    if search.trim().is_empty() {
        return (0..incidents.len()).collect();
    }
    let docs = incidents
        .iter()
        .enumerate()
        .map(|(i, (inc, _))| (i as i64, text_of(inc)))
        .collect();
    let mut hits: Vec<usize> = crate::search::SearchIndex::build(docs)
        .search(search)
        .unwrap_or_default()
        .into_iter()
        .map(|i| i as usize)
        .collect();
    hits.sort_unstable();
    hits
}

impl IncidentQuery {
    fn keeps(&self, inc: &Incident) -> bool {
        let f = &inc.fields;
        if self.status.is_some_and(|s| s != inc.status)
            || self
                .violation
                .as_ref()
                .is_some_and(|c| !f.types.contains(c))
            || self.site.as_ref().is_some_and(|c| !f.sites.contains(c))
            || self.case.as_ref().is_some_and(|c| &f.case != c)
        {
            return false;
        }
        if self.from.is_some() || self.to.is_some() {
            let Some(w) = &f.when else { return false };
            let (a, b) = w.day_range();
            if self.from.as_ref().is_some_and(|from| &b < from)
                || self.to.as_ref().is_some_and(|to| &a > to)
            {
                return false;
            }
        }
        true
    }
}

impl Vault {
    /// The built-in vocabularies and this vault's own terms.
    pub fn vocabulary(&self) -> Result<Vocabulary, CatalogError> {
        Ok(Vocabulary::new(self.catalog().user_terms()?))
    }

    /// Adds a term to the vault's vocabulary (kept in the catalog; bundles carry its labels).
    pub fn add_term(
        &self,
        kind: VocabKind,
        code: &str,
        en: &str,
        ar: &str,
    ) -> Result<Term, IncidentError> {
        let code = code.trim();
        if !Vocabulary::valid_code(code) {
            return Err(IncidentError::BadCode { code: code.into() });
        }
        if en.trim().is_empty() && ar.trim().is_empty() {
            return Err(IncidentError::NoLabel);
        }
        let t = Term {
            kind,
            code: code.into(),
            en: en.trim().into(),
            ar: ar.trim().into(),
            builtin: false,
        };
        if self
            .vocabulary()?
            .find(kind, code)
            .is_some_and(|x| x.builtin)
        {
            return Err(IncidentError::BadCode { code: code.into() });
        }
        self.commit(|tx| -> Result<(), IncidentError> { Ok(tx.add_term(&t)?) })?;
        Ok(t)
    }

    /// Creates an incident (one `incident_created` event), linking `items` with their roles.
    pub fn create_incident(
        &self,
        mut fields: IncidentFields,
        items: &[(String, LinkRole)],
    ) -> Result<Incident, IncidentError> {
        fields.tidy();
        fields.validate(&self.vocabulary()?)?;
        let id = crate::objects::new_id();
        self.commit(|tx| {
            let num = tx.ensure_incident(&id)?;
            tx.record_incident(
                num,
                &id,
                Action::IncidentCreated,
                details! {"fields" => fields, "status" => Status::Incoming.as_str()},
            )?;
            let mut links = Vec::new();
            for (item, role) in items {
                link_one(tx, num, &id, &mut links, item, *role)?;
            }
            refold(tx, num, &id)
        })
    }

    /// Replaces the incident's fields; records one `incident_edited` event with the old and new
    /// value of each field that changed (none if nothing did).
    pub fn edit_incident(
        &self,
        id: &str,
        mut fields: IncidentFields,
    ) -> Result<Incident, IncidentError> {
        fields.tidy();
        fields.validate(&self.vocabulary()?)?;
        self.commit(|tx| {
            let r = tx.resolve_incident(id)?;
            let old = tx.incident_state(r.num)?;
            let changes = fields.changes_from(&old.fields);
            if changes.is_empty() {
                return Ok(old);
            }
            tx.record_incident(
                r.num,
                &r.id,
                Action::IncidentEdited,
                details! {"changes" => changes},
            )?;
            refold(tx, r.num, &r.id)
        })
    }

    /// Changes the review status, with the reason (who confirmed it, what is disputed).
    pub fn set_incident_status(
        &self,
        id: &str,
        status: Status,
        reason: &str,
    ) -> Result<Incident, IncidentError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(IncidentError::NoReason);
        }
        self.commit(|tx| {
            let r = tx.resolve_incident(id)?;
            let old = tx.incident_state(r.num)?;
            if old.status == status {
                return Err(IncidentError::SameStatus(status.as_str()));
            }
            tx.record_incident(
                r.num,
                &r.id,
                Action::StatusChanged,
                details! {"old" => old.status.as_str(), "new" => status.as_str(), "reason" => reason},
            )?;
            refold(tx, r.num, &r.id)
        })
    }

    /// Links items (IDs or unique prefixes) with `role`; an item already linked with that role is
    /// left alone, one linked with another role gets the new role. All or nothing.
    pub fn link_items(
        &self,
        id: &str,
        items: &[String],
        role: LinkRole,
    ) -> Result<(Incident, usize), IncidentError> {
        self.commit(|tx| {
            let r = tx.resolve_incident(id)?;
            let mut links = links_of(&tx.incident_state(r.num)?);
            let mut n = 0;
            for item in items {
                if link_one(tx, r.num, &r.id, &mut links, item, role)? {
                    n += 1;
                }
            }
            if n == 0 {
                // Nothing new: nothing is written (no event, no journal segment).
                return Ok((tx.incident_state(r.num)?, 0));
            }
            Ok((refold(tx, r.num, &r.id)?, n))
        })
    }

    /// Unlinks items; one that is not linked is left alone. All or nothing.
    pub fn unlink_items(
        &self,
        id: &str,
        items: &[String],
    ) -> Result<(Incident, usize), IncidentError> {
        self.commit(|tx| {
            let r = tx.resolve_incident(id)?;
            let mut links = links_of(&tx.incident_state(r.num)?);
            let mut n = 0;
            for item in items {
                let it = tx
                    .resolve(item)
                    .map_err(|_| IncidentError::NoItem { item: item.clone() })?;
                let sha = tx.item(it.num)?.sha256;
                if !links.iter().any(|(s, _)| *s == sha) {
                    continue;
                }
                links.retain(|(s, _)| *s != sha);
                tx.record_incident(
                    r.num,
                    &r.id,
                    Action::ItemUnlinked,
                    details! {"item" => it.id, "sha256" => sha},
                )?;
                n += 1;
            }
            if n == 0 {
                return Ok((tx.incident_state(r.num)?, 0));
            }
            Ok((refold(tx, r.num, &r.id)?, n))
        })
    }

    /// Incidents matching `q`, newest first, each with its number of linked items.
    pub fn incidents(&self, q: &IncidentQuery) -> Result<Vec<(Incident, usize)>, CatalogError> {
        let all = self.catalog().incidents()?;
        let hits = q.search.as_deref().map(|s| search_incidents(&all, s));
        Ok(all
            .into_iter()
            .enumerate()
            .filter(|(i, (inc, _))| {
                hits.as_ref().is_none_or(|h| h.binary_search(i).is_ok()) && q.keeps(inc)
            })
            .map(|(_, x)| x)
            .collect())
    }

    /// One incident (ID or unique prefix).
    pub fn incident(&self, id: &str) -> Result<Incident, IncidentError> {
        let cat = self.catalog();
        let r = cat.resolve_incident(id)?;
        Ok(cat.incident_state(r.num)?)
    }

    /// An incident with its linked items, chains and their check.
    pub fn incident_detail(&self, id: &str) -> Result<IncidentDetail, IncidentError> {
        let cat = self.catalog();
        let IncidentRef { num, .. } = cat.resolve_incident(id)?;
        let incident = cat.incident_state(num)?;
        let chains = cat.incident_chains(num)?;
        let stored = cat.incident_links(num)?;
        let mut items = Vec::new();
        let mut stored_links = Vec::new();
        for (n, _, role) in &stored {
            let it = cat.item(*n)?;
            stored_links.push((it.sha256.clone(), *role));
            items.push((it, *role));
        }
        // In link order, as the incident lists them.
        items.sort_by_key(|(it, _)| incident.links.iter().position(|l| l.sha256 == it.sha256));
        let mut here = std::collections::HashSet::new();
        let mut elsewhere = Vec::new();
        for l in &incident.links {
            if cat.item_by_sha256(&l.sha256)?.is_some() {
                here.insert(l.sha256.clone());
            } else {
                elsewhere.push(l.clone());
            }
        }
        let problems = check_incident(&incident, &stored_links, &chains, &here);
        Ok(IncidentDetail {
            incident,
            items,
            elsewhere,
            chains,
            problems,
        })
    }

    /// The incidents an item is linked to: ID, display title (Arabic if `arabic` and present),
    /// role.
    pub fn incidents_of_item(
        &self,
        item: &str,
        arabic: bool,
    ) -> Result<Vec<(String, String, LinkRole)>, CatalogError> {
        let cat = self.catalog();
        let r = cat.resolve(item)?;
        Ok(cat
            .incidents_of_item(r.num)?
            .into_iter()
            .map(|(id, en, ar, role)| {
                let t = if (arabic && !ar.is_empty()) || en.is_empty() {
                    ar
                } else {
                    en
                };
                (id, t, role)
            })
            .collect())
    }

    /// The matching incidents as CSV (UTF-8 with BOM) or GeoJSON text, and how many there are.
    pub fn incident_table(
        &self,
        q: &IncidentQuery,
        format: TableFormat,
    ) -> Result<(usize, String), CatalogError> {
        let rows = self.incidents(q)?;
        let vocab = self.vocabulary()?;
        let text = match format {
            TableFormat::Csv => csv_table(&rows, &vocab),
            TableFormat::GeoJson => {
                serde_json::to_string_pretty(&geojson_table(&rows, &vocab)).unwrap_or_default()
                    + "\n"
            }
        };
        Ok((rows.len(), text))
    }

    /// Every incident's check (for `verify`): how many were checked, and the ID and problems of
    /// each one with any. A row that no longer reads back is a problem of that incident, not a
    /// failure of the whole check.
    pub fn check_incidents(&self) -> Result<(u64, ProblemsById), CatalogError> {
        let ids = self.catalog().incident_ids()?;
        let mut out = Vec::new();
        for id in &ids {
            match self.incident_detail(id) {
                Ok(d) if d.problems.is_empty() => {}
                Ok(d) => out.push((id.clone(), d.problems)),
                Err(IncidentError::Catalog(CatalogError::Sql(e))) => return Err(e.into()),
                Err(e) => out.push((id.clone(), vec![IncidentProblem::Unreadable(e.to_string())])),
            }
        }
        Ok((ids.len() as u64, out))
    }
}

/// Links one item inside a unit; false when it was linked already with that role. `links` is
/// the incident's links so far in this unit (the SHA-256 and role of each), kept up to date here,
/// so linking many items folds the incident once, not once per item.
fn link_one(
    tx: &mut Tx<'_>,
    num: i64,
    id: &str,
    links: &mut Vec<(String, LinkRole)>,
    item: &str,
    role: LinkRole,
) -> Result<bool, IncidentError> {
    let it = tx.resolve(item).map_err(|_| IncidentError::NoItem {
        item: item.to_owned(),
    })?;
    let sha = tx.item(it.num)?.sha256;
    if links.iter().any(|(s, r)| *s == sha && *r == role) {
        return Ok(false);
    }
    links.retain(|(s, _)| *s != sha);
    links.push((sha.clone(), role));
    let d: BTreeMap<String, serde_json::Value> =
        details! {"item" => it.id, "sha256" => sha, "role" => role.as_str()};
    tx.record_incident(num, id, Action::ItemLinked, d)?;
    Ok(true)
}

fn links_of(inc: &Incident) -> Vec<(String, LinkRole)> {
    inc.links
        .iter()
        .map(|l| (l.sha256.clone(), l.role))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::{Figure, When};
    use crate::vault::{NoteInput, journal, testing};

    fn note(v: &Vault, title: &str) -> String {
        v.add_note(&NoteInput {
            title: title.into(),
            body: format!("testimony: {title}"),
            ..NoteInput::default()
        })
        .unwrap()
        .id
    }

    fn bakery() -> IncidentFields {
        IncidentFields {
            title: "Airstrike on the bakery".into(),
            title_ar: "قصف المخبز في الطبقة".into(),
            when: Some(When::parse("2017-03-21").unwrap()),
            sites: vec!["bakery".into()],
            types: vec!["airstrike".into()],
            place: crate::incident::Place {
                name: "الطبقة، الحي الأول".into(),
                lat: Some(35.836),
                lon: Some(38.548),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn create_edit_link_review_each_one_signed_segment_and_verify_is_clean() {
        let (_t, v) = testing::vault();
        let a = note(&v, "witness one");
        let b = note(&v, "witness two");
        let before = journal::list(v.dir()).unwrap().len();
        let inc = v
            .create_incident(bakery(), &[(a.clone(), LinkRole::Primary)])
            .unwrap();
        assert_eq!(
            journal::list(v.dir()).unwrap().len(),
            before + 1,
            "one segment"
        );
        assert_eq!(inc.links.len(), 1);
        assert_eq!(inc.links[0].item, a);

        let mut f = inc.fields.clone();
        f.casualties.killed = Some(Figure {
            total: 20,
            children: Some(3),
            source: "local council".into(),
            ..Default::default()
        });
        let edited = v.edit_incident(&inc.id, f.clone()).unwrap();
        assert_eq!(edited.fields.casualties.killed.as_ref().unwrap().total, 20);
        // The same fields again: no event.
        let n = v.incident_detail(&inc.id).unwrap().chains[0].len();
        v.edit_incident(&inc.id, f).unwrap();
        assert_eq!(v.incident_detail(&inc.id).unwrap().chains[0].len(), n);

        let (_, linked) = v
            .link_items(&inc.id[..8], &[a.clone(), b.clone()], LinkRole::Supporting)
            .unwrap();
        assert_eq!(linked, 2, "a changed role counts as a link");
        let (_, again) = v
            .link_items(&inc.id, std::slice::from_ref(&b), LinkRole::Supporting)
            .unwrap();
        assert_eq!(again, 0);
        assert!(matches!(
            v.set_incident_status(&inc.id, Status::Verified, " "),
            Err(IncidentError::NoReason)
        ));
        let s = v
            .set_incident_status(&inc.id, Status::Verified, "two independent witnesses")
            .unwrap();
        assert_eq!(s.status, Status::Verified);
        assert_eq!(s.status_history[0].actor, "Tester");
        let (after, n) = v.unlink_items(&inc.id, std::slice::from_ref(&a)).unwrap();
        assert_eq!((n, after.links.len()), (1, 1));

        let d = v.incident_detail(&inc.id).unwrap();
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let actions: Vec<&str> = d.chains[0].iter().map(|e| e.body.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "incident_created",
                "item_linked",
                "incident_edited",
                "item_linked",
                "item_linked",
                "status_changed",
                "item_unlinked"
            ]
        );
        assert_eq!(d.items.len(), 1);
        assert_eq!(
            v.incidents_of_item(&b, true).unwrap()[0].1,
            "قصف المخبز في الطبقة"
        );
        let r = v
            .verify(&Default::default(), &crate::NoProgress, &Default::default())
            .unwrap();
        assert!(r.is_clean(), "{:?}", r.problems);
        assert_eq!(r.incidents_checked, 1);

        // It survives a lock and an unlock (journal replay), then compaction.
        let dir = v.dir().to_owned();
        drop(v);
        let v = Vault::unlock(&dir, &testing::passphrase()).unwrap();
        assert_eq!(v.incident(&inc.id).unwrap(), after);
        v.compact().unwrap();
        drop(v);
        let v = Vault::unlock(&dir, &testing::passphrase()).unwrap();
        assert_eq!(v.incident(&inc.id).unwrap(), after);
    }

    #[test]
    fn an_item_named_twice_in_one_call_is_linked_and_unlinked_once() {
        let (_t, v) = testing::vault();
        let a = note(&v, "w");
        let inc = v
            .create_incident(
                bakery(),
                &[
                    (a.clone(), LinkRole::Primary),
                    (a.clone(), LinkRole::Primary),
                ],
            )
            .unwrap();
        let (_, n) = v
            .link_items(&inc.id, &[a.clone(), a.clone()], LinkRole::Context)
            .unwrap();
        assert_eq!(n, 1);
        let (after, n) = v.unlink_items(&inc.id, &[a.clone(), a]).unwrap();
        assert_eq!((n, after.links.len()), (1, 0));
        let actions: Vec<Action> = v.incident_detail(&inc.id).unwrap().chains[0]
            .iter()
            .map(|e| e.body.action)
            .collect();
        assert_eq!(
            actions,
            [
                Action::IncidentCreated,
                Action::ItemLinked,
                Action::ItemLinked,
                Action::ItemUnlinked
            ]
        );
    }

    #[test]
    fn an_altered_incident_row_or_link_is_detected_by_verify() {
        let (_t, v) = testing::vault();
        let a = note(&v, "w");
        let inc = v
            .create_incident(bakery(), &[(a, LinkRole::Primary)])
            .unwrap();
        {
            let cat = v.catalog();
            let tampered = cat
                .incident_state(1)
                .map(|mut s| {
                    s.fields.casualties.killed = Some(Figure {
                        total: 2,
                        ..Default::default()
                    });
                    serde_json::to_string(&s).unwrap()
                })
                .unwrap();
            cat.connection()
                .execute("UPDATE incidents SET state = ?1", [tampered])
                .unwrap();
            cat.connection()
                .execute("DELETE FROM incident_items", [])
                .unwrap();
        }
        let d = v.incident_detail(&inc.id).unwrap();
        assert!(
            d.problems.contains(&IncidentProblem::StateAltered {
                field: "casualties".into()
            }),
            "{:?}",
            d.problems
        );
        assert!(d.problems.contains(&IncidentProblem::LinksAltered));
        let r = v
            .verify(&Default::default(), &crate::NoProgress, &Default::default())
            .unwrap();
        assert!(!r.is_clean());
        assert!(
            r.problems
                .iter()
                .any(|p| matches!(p, crate::vault::VerifyProblem::Incident { .. }))
        );
    }

    #[test]
    fn bad_input_is_refused_and_nothing_is_written() {
        let (_t, v) = testing::vault();
        let before = journal::list(v.dir()).unwrap().len();
        let mut f = bakery();
        f.place.lat = Some(123.0);
        assert!(matches!(
            v.create_incident(f, &[]),
            Err(IncidentError::Fields(FieldError::Latitude(_)))
        ));
        let mut f = bakery();
        f.sites.push("moonbase".into());
        assert!(matches!(
            v.create_incident(f, &[]),
            Err(IncidentError::Fields(FieldError::UnknownCode { .. }))
        ));
        assert!(matches!(
            v.create_incident(bakery(), &[("ffffffffffff".into(), LinkRole::Primary)]),
            Err(IncidentError::NoItem { .. })
        ));
        assert_eq!(
            journal::list(v.dir()).unwrap().len(),
            before,
            "nothing half-written"
        );
        assert!(v.incidents(&IncidentQuery::default()).unwrap().is_empty());
        assert!(matches!(
            v.incident("0123456789"),
            Err(IncidentError::NotFound(_))
        ));
        // A term the user adds becomes valid.
        v.add_term(VocabKind::Site, "grain_silo", "Grain silo", "صومعة حبوب")
            .unwrap();
        let mut f = bakery();
        f.sites.push("grain_silo".into());
        v.create_incident(f, &[]).unwrap();
        assert!(matches!(
            v.add_term(VocabKind::Site, "Bad Code", "x", ""),
            Err(IncidentError::BadCode { .. })
        ));
        assert!(matches!(
            v.add_term(VocabKind::Site, "bakery", "x", ""),
            Err(IncidentError::BadCode { .. })
        ));
    }

    #[test]
    fn search_filters_look_alikes_and_proposals() {
        let (_t, v) = testing::vault();
        let a = v.create_incident(bakery(), &[]).unwrap();
        let mut school = IncidentFields {
            title: "Al Badya School".into(),
            title_ar: "مدرسة البادية".into(),
            when: Some(When::parse("2017-03-20/2017-03-22").unwrap()),
            sites: vec!["school".into(), "displacement_shelter".into()],
            ..Default::default()
        };
        school.place.name = "المنصورة".into();
        let b = v.create_incident(school, &[]).unwrap();
        let q = |s: &str| IncidentQuery {
            search: Some(s.into()),
            ..Default::default()
        };
        let ids = |r: Vec<(Incident, usize)>| r.into_iter().map(|(i, _)| i.id).collect::<Vec<_>>();
        assert_eq!(ids(v.incidents(&q("المخبز")).unwrap()), vec![a.id.clone()]);
        assert_eq!(
            ids(v.incidents(&q("طبقه")).unwrap()),
            vec![a.id.clone()],
            "normalised"
        );
        assert_eq!(ids(v.incidents(&q("منصوره")).unwrap()), vec![b.id.clone()]);
        let site = IncidentQuery {
            site: Some("school".into()),
            ..Default::default()
        };
        assert_eq!(ids(v.incidents(&site).unwrap()), vec![b.id.clone()]);
        let range = IncidentQuery {
            from: Some("2017-03-22".into()),
            to: Some("2017-04-01".into()),
            ..Default::default()
        };
        assert_eq!(ids(v.incidents(&range).unwrap()), vec![b.id.clone()]);

        // The same place on the same day is pointed out, by name or by distance.
        let mut dup = bakery();
        dup.place.name = "Tabqa".into();
        dup.place.lat = Some(35.839);
        assert_eq!(v.look_alikes(&dup, None).unwrap()[0].id, a.id);
        assert!(v.look_alikes(&dup, Some(&a.id)).unwrap().is_empty());
        // By name alone, the article aside (as a documenter types it, with or without).
        let mut by_name = bakery();
        by_name.place.lat = None;
        by_name.place.lon = None;
        by_name.place.name = "حي أول، طبقة".into();
        assert_eq!(v.look_alikes(&by_name, None).unwrap()[0].id, a.id);
        dup.when = Some(When::parse("2018-01-01").unwrap());
        assert!(v.look_alikes(&dup, None).unwrap().is_empty());
        assert_eq!(
            v.suggest(Suggest::Place, "الطبقه").unwrap(),
            vec!["الطبقة، الحي الأول"]
        );
    }
}
