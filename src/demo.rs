//! The throwaway demo vault: a vault filled from the synthetic sample evidence in `assets/demo/`
//! (photos with EXIF and GPS, and notes in English and Arabic), so a new user can try every
//! screen without touching real evidence.
//!
//! The samples are embedded in the program, so an installed binary needs no asset folder. The
//! library takes in files from disk, so the sample photos are written to a temporary folder for
//! the intake and deleted straight after: they are public, synthetic demo pictures (each says
//! "SYNTHETIC DEMO IMAGE - not evidence"), never evidence. The vault itself is an ordinary vault.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::incident::{IncidentFields, LinkRole, Status, When};
use crate::vault::{CreateError, EditError, IncidentError, IntakeError, NoteError};
use crate::{
    CancelToken, CreateOptions, IntakeOptions, ListQuery, MetadataEdit, NoProgress, NoteInput,
    SecretString, Vault,
};

/// The passphrase the app uses for the demo vault (shown to the user; the vault is throwaway).
pub const DEMO_PASSPHRASE: &str = "demo vault";
/// The documenter recorded in the demo vault's custody events.
pub const DEMO_DOCUMENTER: &str = "Demo documenter";

const MANIFEST: &str = include_str!("../assets/demo/manifest.json");
/// The incidents of the two field reports, with the sample items that show them.
const INCIDENTS: &str = include_str!("../assets/demo/incidents.json");

const PHOTOS: [(&str, &[u8]); 7] = [
    (
        "tabqa-bakery-01.jpg",
        include_bytes!("../assets/demo/tabqa-bakery-01.jpg"),
    ),
    (
        "tabqa-bakery-02.jpg",
        include_bytes!("../assets/demo/tabqa-bakery-02.jpg"),
    ),
    (
        "tabqa-maysaloon-school-01.jpg",
        include_bytes!("../assets/demo/tabqa-maysaloon-school-01.jpg"),
    ),
    (
        "tabqa-field-hospital-01.jpg",
        include_bytes!("../assets/demo/tabqa-field-hospital-01.jpg"),
    ),
    (
        "tabqa-synaa-street-01.jpg",
        include_bytes!("../assets/demo/tabqa-synaa-street-01.jpg"),
    ),
    (
        "mansura-badya-school-01.jpg",
        include_bytes!("../assets/demo/mansura-badya-school-01.jpg"),
    ),
    (
        "mansura-badya-school-02.jpg",
        include_bytes!("../assets/demo/mansura-badya-school-02.jpg"),
    ),
];

const NOTES: [&str; 6] = [
    include_str!("../assets/demo/notes/en-01-rbss-source-assessment.json"),
    include_str!("../assets/demo/notes/en-02-synaa-street-witness.json"),
    include_str!("../assets/demo/notes/en-03-abu-hurayra-context.json"),
    include_str!("../assets/demo/notes/ar-01-tabqa-bakery-witness.json"),
    include_str!("../assets/demo/notes/ar-02-mansura-badya-school-witness.json"),
    include_str!("../assets/demo/notes/ar-03-tabqa-field-log.json"),
];

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("could not create the demo vault: {0}")]
    Create(#[from] CreateError),
    #[error("could not prepare the sample photos in a temporary folder: {0}")]
    Samples(std::io::Error),
    #[error("the embedded demo data is damaged ({0}); this is a bug in this build")]
    Data(#[from] serde_json::Error),
    #[error("could not add the sample photos: {0}")]
    Intake(#[from] IntakeError),
    #[error("the sample photo {file} was not taken in: {reason}")]
    Rejected { file: String, reason: String },
    #[error("could not describe the sample photos: {0}")]
    Edit(#[from] EditError),
    #[error("could not add a sample note: {0}")]
    Note(#[from] NoteError),
    #[error("could not record a sample incident: {0}")]
    Incident(#[from] IncidentError),
    #[error(
        "a sample incident links '{0}', which is not a sample item; this is a bug in this build"
    )]
    UnknownLink(String),
}

#[derive(Deserialize)]
struct Manifest {
    photos: Vec<PhotoMeta>,
}

#[derive(Deserialize)]
struct PhotoMeta {
    file: String,
    title: String,
    description: String,
    case: String,
    tags: Vec<String>,
    place: String,
    event_date: Option<String>,
}

#[derive(Deserialize)]
struct DemoIncidents {
    incidents: Vec<DemoIncident>,
}

#[derive(Deserialize)]
struct DemoIncident {
    /// As a documenter types it (`2017-03-21/2017-03-22`).
    when: String,
    fields: IncidentFields,
    links: Vec<DemoLink>,
    status: Option<DemoStatus>,
}

#[derive(Deserialize)]
struct DemoLink {
    /// The sample item's title.
    title: String,
    role: LinkRole,
}

#[derive(Deserialize)]
struct DemoStatus {
    to: Status,
    reason: String,
}

#[derive(Deserialize)]
struct NoteMeta {
    title: String,
    body: String,
    case: String,
    tags: Vec<String>,
    place: String,
    event_date: Option<String>,
}

/// Creates a vault in `dir` (new or empty) and fills it with the demo evidence: 7 photos, described
/// from the manifest (which records `metadata_edited` custody events, as a documenter would), and
/// 3 English and 3 Arabic notes, and the incidents of the two field reports linked to them (two
/// with a review status set). Returns the vault unlocked.
pub fn create_demo_vault(
    dir: &Path,
    passphrase: &SecretString,
    kdf_log_n: u8,
) -> Result<Vault, DemoError> {
    let manifest: Manifest = serde_json::from_str(MANIFEST)?;
    let notes: Vec<NoteMeta> = NOTES
        .iter()
        .map(|n| serde_json::from_str(n))
        .collect::<Result<_, _>>()?;
    let opts = CreateOptions {
        documenter: DEMO_DOCUMENTER.to_owned(),
        kdf_log_n,
    };
    let vault = Vault::create(dir, passphrase, &opts)?;

    let samples = tempfile::Builder::new()
        .prefix("evidence-vault-demo-samples")
        .tempdir()
        .map_err(DemoError::Samples)?;
    let mut by_case: Vec<(String, Vec<(PathBuf, &PhotoMeta)>)> = Vec::new();
    for meta in &manifest.photos {
        let Some((name, bytes)) = PHOTOS.iter().find(|(name, _)| *name == meta.file) else {
            continue;
        };
        let path = samples.path().join(name);
        std::fs::write(&path, bytes).map_err(DemoError::Samples)?;
        match by_case.iter_mut().find(|(case, _)| *case == meta.case) {
            Some((_, list)) => list.push((path, meta)),
            None => by_case.push((meta.case.clone(), vec![(path, meta)])),
        }
    }
    for (case, photos) in &by_case {
        let paths: Vec<PathBuf> = photos.iter().map(|(p, _)| p.clone()).collect();
        let intake = IntakeOptions {
            case: case.clone(),
            tags: Vec::new(),
            workers: 0,
            record_source_path: false,
        };
        let report = vault.add_paths(&paths, &intake, &NoProgress, &CancelToken::new())?;
        if let Some(f) = report.failures.first() {
            return Err(DemoError::Rejected {
                file: f.path.display().to_string(),
                reason: f.reason.clone(),
            });
        }
        for outcome in &report.items {
            let Some((_, meta)) = photos.iter().find(|(p, _)| *p == outcome.path) else {
                continue;
            };
            let edit = MetadataEdit {
                title: Some(meta.title.clone()),
                description: Some(meta.description.clone()),
                case: None,
                tags: Some(meta.tags.clone()),
                place: Some(meta.place.clone()),
                event_date: Some(meta.event_date.clone()),
            };
            vault.edit(&outcome.id, &edit)?;
        }
    }
    drop(samples);

    for note in notes {
        vault.add_note(&NoteInput {
            title: note.title,
            body: note.body,
            case: note.case,
            tags: note.tags,
            place: note.place,
            event_date: note.event_date,
        })?;
    }
    add_incidents(&vault)?;
    Ok(vault)
}

fn add_incidents(vault: &Vault) -> Result<(), DemoError> {
    let demo: DemoIncidents = serde_json::from_str(INCIDENTS)?;
    let items = vault
        .list(&ListQuery::default())
        .map_err(|e| DemoError::Incident(e.into()))?;
    for inc in demo.incidents {
        let mut fields = inc.fields;
        fields.when = Some(When::parse(&inc.when).map_err(|e| IncidentError::Fields(e.into()))?);
        let mut links = Vec::new();
        for l in &inc.links {
            let item = items
                .iter()
                .find(|i| i.title == l.title)
                .ok_or_else(|| DemoError::UnknownLink(l.title.clone()))?;
            links.push((item.id.clone(), l.role));
        }
        let created = vault.create_incident(fields, &links)?;
        if let Some(st) = inc.status {
            vault.set_incident_status(&created.id, st.to, &st.reason)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Kind, ListQuery};

    #[test]
    fn demo_vault_holds_photos_and_notes_in_both_languages() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("demo");
        let vault =
            create_demo_vault(&dir, &SecretString::from(DEMO_PASSPHRASE.to_owned()), 10).unwrap();
        let all = vault.list(&ListQuery::default()).unwrap();
        assert_eq!(all.iter().filter(|i| i.kind == Kind::Photo).count(), 7);
        assert_eq!(all.iter().filter(|i| i.kind == Kind::Text).count(), 6);
        let bakery = all
            .iter()
            .find(|i| i.title == "Tabqa bakery, oven hall interior")
            .unwrap();
        assert_eq!(bakery.orientation, Some(6));
        assert!(bakery.has_thumbnail);
        assert!(bakery.gps.is_some());
        let found = vault
            .list(&ListQuery {
                search: Some("المخبز".into()),
                ..Default::default()
            })
            .unwrap();
        assert!(!found.is_empty());
        let detail = vault.detail(&bakery.id).unwrap();
        assert!(detail.custody_problems.is_empty());
        assert!(detail.custody.len() >= 2, "acquired + metadata_edited");

        let incidents = vault.incidents(&Default::default()).unwrap();
        assert_eq!(incidents.len(), 4, "the incidents of the two reports");
        let linked: Vec<usize> = incidents.iter().map(|(_, n)| *n).collect();
        assert_eq!(linked.iter().sum::<usize>(), 15, "{linked:?}");
        let of_bakery = vault.incidents_of_item(&bakery.id, false).unwrap();
        assert_eq!(of_bakery.len(), 1);
        assert_eq!(of_bakery[0].2, LinkRole::Primary);
        let mansura = incidents
            .iter()
            .find(|(i, _)| i.fields.case == "MANSURA-2017-03")
            .unwrap();
        assert_eq!(mansura.0.status, Status::Verified);
        assert_eq!(
            mansura.0.fields.casualties.killed.as_ref().map(|f| f.total),
            Some(101)
        );
        let (checked, problems) = vault.check_incidents().unwrap();
        assert_eq!((checked, problems.len()), (4, 0));
    }
}
