//! The incident form's state: what is typed, for a new incident (possibly made from items, whose
//! dates, place and case are proposed) or for editing one, and how it becomes the fields the
//! library saves. Drawing is in `incident_form_view`.

use evidence_vault::incident::{
    CASUALTY_KINDS, Figure, Incident, IncidentFields, LinkRole, Place, PlaceSource, When,
    ascii_digits,
};
use evidence_vault::vault::{DraftFields, Suggest};
use zeroize::Zeroize;

use super::super::command::IncidentSave;
use super::super::i18n::t;
use super::super::incident_page::casualty_name;
use super::super::session::split_tags;

#[derive(Default)]
pub struct IncidentForm {
    /// The incident being edited; None for a new one.
    pub editing: Option<String>,
    /// Items a new incident links, and their role.
    pub items: Vec<String>,
    pub role: LinkRole,
    pub title: String,
    pub title_ar: String,
    pub summary: String,
    pub summary_ar: String,
    /// As typed: `2017-03-22`, `2017-03`, `2017-03-21/2017-03-22`, `2017-03-22T14:30`.
    pub when: String,
    pub place: String,
    pub lat: String,
    pub lon: String,
    pub place_source: PlaceSource,
    pub types: Vec<String>,
    pub sites: Vec<String>,
    pub weapons: Vec<String>,
    /// Killed, injured, missing, detained, as typed (`20, children=5, source=…`).
    pub figures: [String; 4],
    /// Separated by commas.
    pub perpetrators: String,
    /// One per line.
    pub sources: String,
    pub case: String,
    pub tags: String,
    pub error: Option<String>,
    /// Existing incidents it looks like; shown before it can be saved anyway.
    pub look_alikes: Vec<Incident>,
    /// Waiting for the fields proposed from the items.
    pub proposing: bool,
    /// Existing values like the place or perpetrator being typed, and what they were asked for.
    pub suggestions: Option<(Suggest, String, Vec<String>)>,
    /// What suggestions were last asked for (so each change is asked once).
    pub asked: Option<(Suggest, String)>,
    /// For an edit: the fields as the form opened (typed work is what differs from them).
    original: Option<DraftFields>,
}

impl IncidentForm {
    /// A new incident, linking `items` (their proposal is on its way when there are some).
    pub fn new(items: Vec<String>) -> Self {
        Self {
            proposing: !items.is_empty(),
            role: LinkRole::Primary,
            items,
            ..Default::default()
        }
    }

    /// The form of an existing incident.
    pub fn edit(incident: &Incident) -> Self {
        let f = &incident.fields;
        let coord = |c: Option<f64>| c.map(|v| v.to_string()).unwrap_or_default();
        let mut figures: [String; 4] = Default::default();
        for (slot, kind) in figures.iter_mut().zip(CASUALTY_KINDS) {
            *slot = f
                .casualties
                .get(kind)
                .map(Figure::to_text)
                .unwrap_or_default();
        }
        let mut form = Self {
            editing: Some(incident.id.clone()),
            title: f.title.clone(),
            title_ar: f.title_ar.clone(),
            summary: f.summary.clone(),
            summary_ar: f.summary_ar.clone(),
            when: f.when.as_ref().map(When::to_string).unwrap_or_default(),
            place: f.place.name.clone(),
            lat: coord(f.place.lat),
            lon: coord(f.place.lon),
            place_source: f.place.source,
            types: f.types.clone(),
            sites: f.sites.clone(),
            weapons: f.weapons.clone(),
            figures,
            perpetrators: f.perpetrators.join(", "),
            sources: f.sources.join("\n"),
            case: f.case.clone(),
            tags: f.tags.join(", "),
            ..Default::default()
        };
        form.original = Some(form.to_draft());
        form
    }

    /// The typed text fields by draft name (figures as `killed`, `injured`, …).
    fn texts(&mut self) -> Vec<(&'static str, &mut String)> {
        let [killed, injured, missing, detained] = &mut self.figures;
        vec![
            ("title", &mut self.title),
            ("title_ar", &mut self.title_ar),
            ("summary", &mut self.summary),
            ("summary_ar", &mut self.summary_ar),
            ("when", &mut self.when),
            ("place", &mut self.place),
            ("lat", &mut self.lat),
            ("lon", &mut self.lon),
            ("killed", killed),
            ("injured", injured),
            ("missing", missing),
            ("detained", detained),
            ("perpetrators", &mut self.perpetrators),
            ("sources", &mut self.sources),
            ("case", &mut self.case),
            ("tags", &mut self.tags),
        ]
    }

    /// Everything typed or chosen, for the encrypted draft file (DraftSubject::Incident).
    pub fn to_draft(&self) -> DraftFields {
        let mut copy = IncidentForm {
            title: self.title.clone(),
            title_ar: self.title_ar.clone(),
            summary: self.summary.clone(),
            summary_ar: self.summary_ar.clone(),
            when: self.when.clone(),
            place: self.place.clone(),
            lat: self.lat.clone(),
            lon: self.lon.clone(),
            figures: self.figures.clone(),
            perpetrators: self.perpetrators.clone(),
            sources: self.sources.clone(),
            case: self.case.clone(),
            tags: self.tags.clone(),
            ..Default::default()
        };
        let mut out = DraftFields::new();
        for (name, value) in copy.texts() {
            if !value.is_empty() {
                out.set(name, value.as_str());
            }
        }
        let codes = |c: &[String]| c.join(",");
        for (name, value) in [
            ("types", codes(&self.types)),
            ("sites", codes(&self.sites)),
            ("weapons", codes(&self.weapons)),
            ("items", codes(&self.items)),
        ] {
            if !value.is_empty() {
                out.set(name, value);
            }
        }
        out.set("role", self.role.as_str());
        out.set("place_source", self.place_source.as_str());
        copy.wipe();
        out
    }

    /// A form taken back from its draft file (`editing`: the incident it edits, if any).
    pub fn from_draft(editing: Option<String>, fields: &DraftFields) -> Self {
        let mut form = IncidentForm {
            editing,
            ..Default::default()
        };
        for (name, value) in form.texts() {
            value.push_str(fields.get(name).unwrap_or(""));
        }
        let codes = |name: &str| -> Vec<String> {
            fields
                .get(name)
                .unwrap_or("")
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect()
        };
        form.types = codes("types");
        form.sites = codes("sites");
        form.weapons = codes("weapons");
        form.items = codes("items");
        form.role = fields
            .get("role")
            .and_then(LinkRole::parse)
            .unwrap_or(LinkRole::Primary);
        form.place_source = fields
            .get("place_source")
            .and_then(PlaceSource::parse)
            .unwrap_or_default();
        form
    }

    /// Whether it holds work that would be lost: for an edit, anything changed; for a new
    /// incident, any text written (a proposal alone is not work).
    pub fn has_typed_work(&self) -> bool {
        match &self.original {
            Some(original) => self.to_draft() != *original,
            None => {
                let texts = [
                    &self.title,
                    &self.title_ar,
                    &self.summary,
                    &self.summary_ar,
                    &self.perpetrators,
                    &self.sources,
                    &self.tags,
                ];
                texts
                    .into_iter()
                    .chain(self.figures.iter())
                    .any(|s| !s.trim().is_empty())
            }
        }
    }

    /// Overwrites what was typed (the form is being dropped: saved, discarded, or locked away;
    /// `Drafts` calls it, as it does for the note).
    pub fn wipe(&mut self) {
        for (_, value) in self.texts() {
            value.zeroize();
        }
    }

    /// The fields proposed from the items arrived: they fill what is still empty (nothing the
    /// documenter typed meanwhile is replaced).
    pub fn proposed(&mut self, result: Result<Box<IncidentFields>, String>) {
        self.proposing = false;
        let p = match result {
            Ok(p) => *p,
            Err(e) => {
                self.error = Some(t!("iform-proposal-failed", error = e));
                return;
            }
        };
        let fill = |slot: &mut String, value: String| {
            if slot.trim().is_empty() {
                *slot = value;
            }
        };
        fill(
            &mut self.when,
            p.when.as_ref().map(When::to_string).unwrap_or_default(),
        );
        fill(&mut self.place, p.place.name);
        if self.lat.trim().is_empty()
            && self.lon.trim().is_empty()
            && let (Some(lat), Some(lon)) = (p.place.lat, p.place.lon)
        {
            self.lat = lat.to_string();
            self.lon = lon.to_string();
            self.place_source = p.place.source;
        }
        fill(&mut self.case, p.case);
    }

    /// Suggestions for `typed` arrived; kept only while that is still what the field holds.
    pub fn suggested(&mut self, what: Suggest, typed: &str, values: Vec<String>) {
        let now = match what {
            Suggest::Place => self.place.trim(),
            Suggest::Perpetrator => last_entry(&self.perpetrators),
        };
        if now == typed {
            self.suggestions = Some((what, typed.to_owned(), values));
        }
    }

    /// What typed text to ask suggestions for now, if it changed since the last time.
    pub fn to_suggest(&mut self, what: Suggest) -> Option<String> {
        let typed = match what {
            Suggest::Place => self.place.trim(),
            Suggest::Perpetrator => last_entry(&self.perpetrators),
        }
        .to_owned();
        if typed.chars().count() < 2 || self.asked.as_ref() == Some(&(what, typed.clone())) {
            return None;
        }
        self.asked = Some((what, typed.clone()));
        Some(typed)
    }

    /// Puts a suggestion into its field (for perpetrators: in place of the entry being typed).
    pub fn take_suggestion(&mut self, what: Suggest, value: &str) {
        match what {
            Suggest::Place => self.place = value.to_owned(),
            Suggest::Perpetrator => {
                let mut parts: Vec<String> = split_tags(&self.perpetrators);
                parts.pop();
                parts.push(value.to_owned());
                self.perpetrators = parts.join(", ");
            }
        }
        self.asked = Some((what, value.to_owned()));
        self.suggestions = None;
    }

    /// The fields as typed, or what cannot be read (the library checks the rest when saving).
    pub fn fields(&self) -> Result<IncidentFields, String> {
        let when = match self.when.trim() {
            "" => None,
            w => Some(When::parse(w).map_err(|e| t!("iform-error-when", error = e.to_string()))?),
        };
        let lat = coordinate(&t!("iform-latitude"), &self.lat)?;
        let lon = coordinate(&t!("iform-longitude"), &self.lon)?;
        let mut f = IncidentFields {
            title: self.title.clone(),
            title_ar: self.title_ar.clone(),
            summary: self.summary.clone(),
            summary_ar: self.summary_ar.clone(),
            when,
            place: Place {
                name: self.place.clone(),
                lat,
                lon,
                source: self.place_source,
            },
            types: self.types.clone(),
            sites: self.sites.clone(),
            weapons: self.weapons.clone(),
            perpetrators: split_tags(&self.perpetrators),
            sources: self.sources.lines().map(str::to_owned).collect(),
            case: self.case.clone(),
            tags: split_tags(&self.tags),
            ..Default::default()
        };
        for (text, kind) in self.figures.iter().zip(CASUALTY_KINDS) {
            if text.trim().is_empty() {
                continue;
            }
            let figure = Figure::parse(text).map_err(|e| {
                let (field, error) = (casualty_name(kind), e.to_string());
                t!("iform-error-figure", field = field, error = error)
            })?;
            if let Some(slot) = f.casualties.slot(kind) {
                *slot = Some(figure);
            }
        }
        Ok(f)
    }

    /// What "Save incident" (or "Save anyway") sends.
    pub fn to_save(&self, allow_similar: bool) -> Result<IncidentSave, String> {
        Ok(IncidentSave {
            id: self.editing.clone(),
            fields: self.fields()?,
            items: self.items.iter().map(|i| (i.clone(), self.role)).collect(),
            allow_similar,
        })
    }
}

/// The entry being typed in a comma-separated list.
fn last_entry(list: &str) -> &str {
    list.rsplit([',', '،']).next().unwrap_or("").trim()
}

/// A decimal coordinate as typed (Arabic-Indic digits and a decimal comma accepted); the range
/// is checked by the library.
fn coordinate(name: &str, text: &str) -> Result<Option<f64>, String> {
    let t = ascii_digits(text).replace(['٫', ','], ".");
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>().map(Some).map_err(|_| {
        let typed = text.trim();
        t!("iform-error-coordinate", name = name, text = typed)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident(id: &str, fields: IncidentFields) -> Incident {
        Incident {
            id: id.into(),
            fields,
            status: Default::default(),
            status_history: Vec::new(),
            links: Vec::new(),
            created_at: String::new(),
            created_by: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn typed_fields_are_read_and_bad_ones_named() {
        let mut f = IncidentForm::new(vec!["abc".into()]);
        f.title_ar = "قصف المخبز".into();
        f.when = "٢٠١٧-٠٣-٢٢".into();
        f.lat = "35٫8356".into();
        f.lon = "38.5481".into();
        f.figures[0] = "20، children=5, source=local council".into();
        f.perpetrators = "Coalition air force، unknown".into();
        f.sources = "RBSS\nWitness W-03\n".into();
        let save = f.to_save(false).expect("fields");
        assert_eq!(save.items, vec![("abc".to_owned(), LinkRole::Primary)]);
        let fields = save.fields;
        assert_eq!(
            fields.when.map(|w| w.to_string()).as_deref(),
            Some("2017-03-22")
        );
        assert_eq!(fields.place.lat, Some(35.8356));
        assert_eq!(
            fields.casualties.killed.map(|k| (k.total, k.children)),
            Some((20, Some(5)))
        );
        assert_eq!(fields.perpetrators, vec!["Coalition air force", "unknown"]);
        assert_eq!(fields.sources, vec!["RBSS", "Witness W-03"]);

        f.lat = "north".into();
        assert!(f.fields().unwrap_err().contains("Latitude 'north'"));
        f.lat.clear();
        f.lon.clear();
        f.figures[1] = "-3".into();
        assert!(f.fields().unwrap_err().starts_with("Injured:"));
        f.figures[1].clear();
        f.when = "2017-03-22/2017-03-20".into();
        assert!(f.fields().unwrap_err().starts_with("When:"));
    }

    #[test]
    fn a_proposal_fills_only_what_is_empty_and_an_edit_reads_back() {
        let mut f = IncidentForm::new(vec!["a".into(), "b".into()]);
        assert!(f.proposing);
        f.place = "typed by hand".into();
        f.proposed(Ok(Box::new(IncidentFields {
            when: When::parse("2017-03-21/2017-03-22").ok(),
            place: Place {
                name: "proposed".into(),
                lat: Some(35.8),
                lon: Some(38.5),
                source: PlaceSource::ItemGps,
            },
            case: "TABQA-2017-03".into(),
            ..Default::default()
        })));
        assert!(!f.proposing);
        assert_eq!(f.place, "typed by hand");
        assert_eq!(f.when, "2017-03-21/2017-03-22");
        assert_eq!(
            (f.lat.as_str(), f.place_source),
            ("35.8", PlaceSource::ItemGps)
        );
        assert_eq!(f.case, "TABQA-2017-03");

        let mut fields = f.fields().expect("fields");
        fields.title = "Strike".into();
        fields.casualties.killed = Some(Figure::parse("7, women=2").unwrap());
        let again = IncidentForm::edit(&incident("i1", fields.clone()));
        assert_eq!(again.editing.as_deref(), Some("i1"));
        assert_eq!(again.fields().expect("fields"), fields);
    }

    #[test]
    fn a_form_goes_to_its_draft_and_back_and_knows_when_it_holds_work() {
        let mut f = IncidentForm::new(vec!["i1".into(), "i2".into()]);
        assert!(!f.has_typed_work(), "a proposal alone is not work");
        f.when = "2017-03-21".into();
        assert!(!f.has_typed_work());
        f.summary_ar = "شهادة طويلة".into();
        f.figures[3] = "4".into();
        f.sites = vec!["school".into(), "camp".into()];
        f.place_source = PlaceSource::Map;
        f.role = LinkRole::Context;
        assert!(f.has_typed_work());
        let back = IncidentForm::from_draft(None, &f.to_draft());
        assert_eq!(back.to_draft(), f.to_draft());
        assert_eq!(back.items, vec!["i1", "i2"]);
        assert_eq!(
            (back.role, back.place_source),
            (LinkRole::Context, PlaceSource::Map)
        );
        assert_eq!(back.figures[3], "4");

        let strike = IncidentFields {
            title: "Strike".into(),
            ..Default::default()
        };
        let mut edit = IncidentForm::edit(&incident("inc", strike));
        assert!(!edit.has_typed_work(), "an edit opened is not work yet");
        edit.title.push_str(" on the school");
        assert!(edit.has_typed_work());
    }

    #[test]
    fn suggestions_are_asked_once_per_change_and_replace_the_entry_typed() {
        let mut f = IncidentForm::new(Vec::new());
        f.perpetrators = "Russian air force, coal".into();
        assert_eq!(f.to_suggest(Suggest::Perpetrator).as_deref(), Some("coal"));
        assert_eq!(f.to_suggest(Suggest::Perpetrator), None, "asked already");
        f.suggested(
            Suggest::Perpetrator,
            "coal",
            vec!["Coalition air force".into()],
        );
        assert!(f.suggestions.is_some());
        f.take_suggestion(Suggest::Perpetrator, "Coalition air force");
        assert_eq!(f.perpetrators, "Russian air force, Coalition air force");
        f.place = "ط".into();
        assert_eq!(
            f.to_suggest(Suggest::Place),
            None,
            "one letter is too little"
        );
    }
}
