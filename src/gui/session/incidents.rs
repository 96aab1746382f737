//! The Incidents view's state: whether it is showing, its filters (the form the filter row edits),
//! the matching incidents with the vocabulary that labels them, every incident for "Link to
//! incident…", and the incident page that is open with its status form.
//!
//! Everything is read on the catalog reader's thread; replies that belong to an older request
//! (an older generation) are dropped.

use std::sync::Arc;

use evidence_vault::incident::{Incident, Status, VocabKind, Vocabulary};
use evidence_vault::vault::{IncidentDetail, IncidentQuery};

use super::super::format;
use super::super::i18n::t;
use super::super::reader::{ReadRequest, Reader};

/// The filter row of the Incidents view, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IncidentFilters {
    pub search: String,
    pub status: Option<Status>,
    pub violation: Option<String>,
    pub site: Option<String>,
    pub case: Option<String>,
    /// `YYYY-MM-DD` or empty; ignored until it is a valid date.
    pub from: String,
    pub to: String,
}

impl IncidentFilters {
    pub fn to_query(&self) -> IncidentQuery {
        let date = |s: &str| Some(s.trim().to_owned()).filter(|d| format::is_date(d));
        IncidentQuery {
            search: Some(self.search.trim().to_owned()).filter(|s| !s.is_empty()),
            status: self.status,
            violation: self.violation.clone(),
            site: self.site.clone(),
            from: date(&self.from),
            to: date(&self.to),
            case: self.case.clone(),
        }
    }

    pub fn is_filtered(&self) -> bool {
        self.to_query() != IncidentQuery::default()
    }
}

/// "Change status" on an incident page.
#[derive(Clone, Debug, Default)]
pub struct StatusForm {
    pub status: Status,
    pub reason: String,
}

/// The incident shown on the page, as last read.
pub struct IncidentPage {
    id: String,
    generation: u64,
    pub data: Option<Arc<IncidentDetail>>,
    pub error: Option<String>,
    pub status: StatusForm,
}

impl IncidentPage {
    pub fn id(&self) -> &str {
        &self.id
    }
}

#[derive(Default)]
pub struct Incidents {
    /// The Incidents view is in the window instead of the evidence grid.
    pub showing: bool,
    pub filters: IncidentFilters,
    sent: Option<IncidentQuery>,
    /// Of the last list request (a reply to an older one is dropped).
    generation: u64,
    /// Of the last page request.
    page_generation: u64,
    waiting: bool,
    list: Vec<(Incident, usize)>,
    error: Option<String>,
    vocab: Vocabulary,
    /// Every incident, for "Link to incident…" (read when that dialog opens).
    choices: Vec<(Incident, usize)>,
    /// The cases of the incidents read (for the filter), worked out when they arrive.
    cases: Vec<String>,
    page: Option<IncidentPage>,
}

impl Incidents {
    /// Sends the search when the filters changed (and once at the start: the vocabulary comes
    /// with it, for the incident form).
    pub fn send_if_changed(&mut self, reader: &Reader) {
        let query = self.filters.to_query();
        if self.sent.as_ref() != Some(&query) {
            self.send(reader, query);
        }
    }

    fn send(&mut self, reader: &Reader, query: IncidentQuery) {
        self.generation += 1;
        self.waiting = true;
        reader.send(ReadRequest::Incidents {
            generation: self.generation,
            query: query.clone(),
        });
        self.sent = Some(query);
    }

    /// After an incident was created or changed (here or by an import): the list, the choices
    /// and the open page are read again.
    pub fn changed(&mut self, reader: &Reader) {
        let query = self.filters.to_query();
        self.send(reader, query);
        reader.send(ReadRequest::IncidentChoices);
        self.reload_page(reader);
    }

    pub fn on_list(
        &mut self,
        generation: u64,
        result: Result<(Vec<(Incident, usize)>, Vocabulary), String>,
    ) {
        if generation != self.generation {
            return;
        }
        self.waiting = false;
        match result {
            Ok((list, vocab)) => {
                self.list = list;
                self.vocab = vocab;
                self.error = None;
                self.note_cases();
            }
            Err(e) => self.error = Some(t!("session-incidents-read-failed", error = e)),
        }
    }

    pub fn on_choices(&mut self, result: Result<Vec<(Incident, usize)>, String>) {
        match result {
            Ok(all) => {
                self.choices = all;
                self.note_cases();
            }
            Err(e) => self.error = Some(t!("session-incidents-read-failed", error = e)),
        }
    }

    fn note_cases(&mut self) {
        let mut cases: Vec<String> = self
            .choices
            .iter()
            .chain(&self.list)
            .map(|(i, _)| i.fields.case.clone())
            .filter(|c| !c.is_empty())
            .chain(self.filters.case.clone())
            .collect();
        cases.sort();
        cases.dedup();
        self.cases = cases;
    }

    /// The filter row's form, with what its drop-downs list.
    pub fn filter_form(&mut self) -> (&mut IncidentFilters, &Vocabulary, &[String]) {
        (&mut self.filters, &self.vocab, &self.cases)
    }

    pub fn list(&self) -> &[(Incident, usize)] {
        &self.list
    }

    pub fn choices(&self) -> &[(Incident, usize)] {
        &self.choices
    }

    pub fn is_searching(&self) -> bool {
        self.waiting
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn vocab(&self) -> &Vocabulary {
        &self.vocab
    }

    /// The label of a vocabulary code in the interface language.
    pub fn label(&self, kind: VocabKind, code: &str) -> String {
        self.vocab.label(kind, code, false)
    }

    // ---- the open page ----

    pub fn open(&mut self, reader: &Reader, id: String) {
        self.page_generation += 1;
        reader.send(ReadRequest::Incident {
            generation: self.page_generation,
            id: id.clone(),
        });
        let status = StatusForm::default();
        self.page = Some(IncidentPage {
            id,
            generation: self.page_generation,
            data: None,
            error: None,
            status,
        });
    }

    fn reload_page(&mut self, reader: &Reader) {
        self.page_generation += 1;
        if let Some(p) = &mut self.page {
            p.generation = self.page_generation;
            reader.send(ReadRequest::Incident {
                generation: self.page_generation,
                id: p.id.clone(),
            });
        }
    }

    pub fn close_page(&mut self) {
        self.page = None;
    }

    pub fn page(&self) -> Option<&IncidentPage> {
        self.page.as_ref()
    }

    pub fn page_mut(&mut self) -> Option<&mut IncidentPage> {
        self.page.as_mut()
    }

    pub fn on_page(&mut self, generation: u64, result: Result<Box<IncidentDetail>, String>) {
        let Some(p) = self.page.as_mut().filter(|p| p.generation == generation) else {
            return;
        };
        match result {
            Ok(d) => {
                // The status form starts at the next step of review, never at the current one.
                if p.data
                    .as_ref()
                    .is_none_or(|old| old.incident.status != d.incident.status)
                {
                    p.status.status = next_status(d.incident.status);
                    p.status.reason.clear();
                }
                p.id = d.incident.id.clone();
                p.data = Some(Arc::from(d));
                p.error = None;
            }
            Err(e) => p.error = Some(t!("session-incident-read-failed", error = e)),
        }
    }
}

/// What a finished incident job did.
#[derive(Debug)]
pub enum IncidentDone {
    Created {
        incident: Incident,
        linked: usize,
    },
    Edited(Incident),
    /// Not saved: it looks like these existing incidents (same place, overlapping day).
    LookAlikes(Vec<Incident>),
    Linked {
        incident: Incident,
        n: usize,
    },
    Unlinked(Incident),
    Status(Incident),
}

/// The status a reviewer most likely moves to from `s`.
pub fn next_status(s: Status) -> Status {
    match s {
        Status::Incoming => Status::InReview,
        Status::InReview => Status::Verified,
        Status::Verified | Status::Disputed | Status::Discarded => Status::InReview,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_ignore_half_typed_dates_and_blank_search() {
        let mut f = IncidentFilters {
            search: "  ".into(),
            from: "2017-03".into(),
            ..Default::default()
        };
        assert!(!f.is_filtered());
        f.from = "2017-03-21".into();
        f.status = Some(Status::Verified);
        let q = f.to_query();
        assert_eq!(q.from.as_deref(), Some("2017-03-21"));
        assert_eq!(q.status, Some(Status::Verified));
        assert!(f.is_filtered());
    }

    #[test]
    fn review_moves_forward_and_a_settled_incident_goes_back_to_review() {
        assert_eq!(next_status(Status::Incoming), Status::InReview);
        assert_eq!(next_status(Status::InReview), Status::Verified);
        assert_eq!(next_status(Status::Disputed), Status::InReview);
    }
}
