//! Bilingual vocabularies for what happened: violation types, site types and weapons.
//!
//! Codes are stored (stable, ASCII, snake case); labels are shown in the interface language.
//! The built-in terms follow the categories human-rights documentation of the Syrian conflict
//! uses (the field reports in the project's context are written with them); users add their own
//! terms, which are kept in the catalog and travel in bundles with their labels.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VocabKind {
    /// What was done (`types` of an incident).
    Violation,
    /// What was hit (`sites`).
    Site,
    /// With what (`weapons`).
    Weapon,
}

impl VocabKind {
    pub const ALL: [VocabKind; 3] = [VocabKind::Violation, VocabKind::Site, VocabKind::Weapon];

    pub fn as_str(self) -> &'static str {
        match self {
            VocabKind::Violation => "violation",
            VocabKind::Site => "site",
            VocabKind::Weapon => "weapon",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One term: its code and its labels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub kind: VocabKind,
    pub code: String,
    pub en: String,
    pub ar: String,
    /// False for a term a user added.
    #[serde(default)]
    pub builtin: bool,
}

const VIOLATIONS: &[(&str, &str, &str)] = &[
    ("airstrike", "Airstrike", "غارة جوية"),
    ("shelling", "Shelling", "قصف مدفعي"),
    ("rocket_attack", "Rocket attack", "قصف صاروخي"),
    (
        "cluster_munition",
        "Cluster munition attack",
        "هجوم بذخائر عنقودية",
    ),
    ("barrel_bomb", "Barrel bomb attack", "إلقاء براميل متفجرة"),
    ("chemical_attack", "Chemical attack", "هجوم كيميائي"),
    (
        "incendiary_attack",
        "Incendiary weapon attack",
        "هجوم بأسلحة حارقة",
    ),
    ("summary_execution", "Summary execution", "إعدام ميداني"),
    ("arbitrary_detention", "Arbitrary detention", "احتجاز تعسفي"),
    (
        "enforced_disappearance",
        "Enforced disappearance",
        "إخفاء قسري",
    ),
    ("torture", "Torture", "تعذيب"),
    ("forced_displacement", "Forced displacement", "تهجير قسري"),
    ("sniper_fire", "Sniper fire", "قنص"),
    (
        "landmine",
        "Landmine or explosive remnant",
        "لغم أو مخلفات متفجرة",
    ),
    ("siege", "Siege and starvation", "حصار وتجويع"),
    (
        "attack_on_medical",
        "Attack on medical care",
        "استهداف الرعاية الطبية",
    ),
    (
        "attack_on_aid",
        "Attack on humanitarian aid",
        "استهداف المساعدات الإنسانية",
    ),
    (
        "looting",
        "Looting or destruction of property",
        "نهب الممتلكات أو تدميرها",
    ),
];

const SITES: &[(&str, &str, &str)] = &[
    ("school", "School", "مدرسة"),
    ("bakery", "Bakery", "مخبز"),
    ("hospital", "Hospital", "مستشفى"),
    ("field_hospital", "Field hospital", "مستشفى ميداني"),
    (
        "medical_point",
        "Medical point or clinic",
        "نقطة طبية أو مستوصف",
    ),
    ("residential_building", "Residential building", "مبنى سكني"),
    ("market", "Market", "سوق"),
    ("mosque", "Mosque", "مسجد"),
    ("church", "Church", "كنيسة"),
    (
        "displacement_shelter",
        "Shelter for displaced people",
        "مركز إيواء للنازحين",
    ),
    ("camp", "Camp for displaced people", "مخيم للنازحين"),
    ("road", "Road or street", "طريق أو شارع"),
    ("bridge", "Bridge", "جسر"),
    ("water_facility", "Water facility", "منشأة مياه"),
    ("power_facility", "Power facility", "منشأة كهرباء"),
    (
        "civil_defence",
        "Civil defence centre",
        "مركز للدفاع المدني",
    ),
    ("public_building", "Public building", "مبنى عام"),
    ("farmland", "Farmland", "أراضٍ زراعية"),
    ("vehicle", "Vehicle", "مركبة"),
    ("detention_facility", "Detention facility", "مركز احتجاز"),
];

const WEAPONS: &[(&str, &str, &str)] = &[
    (
        "unguided_bomb",
        "Unguided aerial bomb",
        "قنبلة جوية غير موجهة",
    ),
    ("guided_missile", "Guided missile", "صاروخ موجه"),
    ("barrel_bomb", "Barrel bomb", "برميل متفجر"),
    ("cluster_munition", "Cluster munition", "ذخيرة عنقودية"),
    ("artillery_shell", "Artillery shell", "قذيفة مدفعية"),
    ("mortar", "Mortar", "قذيفة هاون"),
    ("rocket", "Surface-to-surface rocket", "صاروخ أرض-أرض"),
    ("ballistic_missile", "Ballistic missile", "صاروخ بالستي"),
    ("thermobaric", "Thermobaric weapon", "سلاح فراغي"),
    ("incendiary", "Incendiary weapon", "سلاح حارق"),
    ("chlorine", "Chlorine", "غاز الكلور"),
    ("nerve_agent", "Nerve agent", "غاز أعصاب"),
    ("drone", "Armed drone", "طائرة مسيّرة مسلحة"),
    ("small_arms", "Small arms", "أسلحة خفيفة"),
    ("landmine", "Landmine or IED", "لغم أو عبوة ناسفة"),
];

fn table(kind: VocabKind) -> &'static [(&'static str, &'static str, &'static str)] {
    match kind {
        VocabKind::Violation => VIOLATIONS,
        VocabKind::Site => SITES,
        VocabKind::Weapon => WEAPONS,
    }
}

fn builtin_term(kind: VocabKind, (code, en, ar): &(&str, &str, &str)) -> Term {
    Term {
        kind,
        code: (*code).to_owned(),
        en: (*en).to_owned(),
        ar: (*ar).to_owned(),
        builtin: true,
    }
}

/// The built-in terms of one kind, in their display order.
pub fn builtin_terms(kind: VocabKind) -> Vec<Term> {
    table(kind)
        .iter()
        .map(|row| builtin_term(kind, row))
        .collect()
}

/// The built-in terms and the vault's own.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    user: Vec<Term>,
}

impl Vocabulary {
    pub fn new(user: Vec<Term>) -> Self {
        Self { user }
    }

    /// Every term of `kind`: built-in first, then the user's by code.
    pub fn terms(&self, kind: VocabKind) -> Vec<Term> {
        let mut out = builtin_terms(kind);
        out.extend(self.user.iter().filter(|t| t.kind == kind).cloned());
        out
    }

    pub fn find(&self, kind: VocabKind, code: &str) -> Option<Term> {
        table(kind)
            .iter()
            .find(|t| t.0 == code)
            .map(|row| builtin_term(kind, row))
            .or_else(|| {
                self.user
                    .iter()
                    .find(|t| t.kind == kind && t.code == code)
                    .cloned()
            })
    }

    /// The label in Arabic (`arabic`) or English; the code itself when the term is unknown.
    pub fn label(&self, kind: VocabKind, code: &str, arabic: bool) -> String {
        match self.find(kind, code) {
            Some(t) if arabic && !t.ar.is_empty() => t.ar,
            Some(t) if !t.en.is_empty() => t.en,
            Some(t) => t.ar,
            None => code.to_owned(),
        }
    }

    /// True when `code` is a valid code for a new term: lower-case ASCII letters, digits and `_`,
    /// starting with a letter, at most 48 characters.
    pub fn valid_code(code: &str) -> bool {
        let b = code.as_bytes();
        !b.is_empty()
            && b.len() <= 48
            && b[0].is_ascii_lowercase()
            && b.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_valid_and_labelled_in_both_languages() {
        for kind in VocabKind::ALL {
            let terms = builtin_terms(kind);
            assert!(terms.len() >= 10, "{kind:?}");
            let mut codes: Vec<&str> = terms.iter().map(|t| t.code.as_str()).collect();
            codes.sort();
            codes.dedup();
            assert_eq!(codes.len(), terms.len(), "{kind:?} has a duplicate code");
            for t in &terms {
                assert!(Vocabulary::valid_code(&t.code), "{}", t.code);
                assert!(!t.en.is_empty() && !t.ar.is_empty(), "{}", t.code);
                assert!(t.ar.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c)));
            }
        }
        assert_eq!(VocabKind::parse("site"), Some(VocabKind::Site));
    }

    #[test]
    fn user_terms_extend_and_labels_follow_the_language() {
        let v = Vocabulary::new(vec![Term {
            kind: VocabKind::Site,
            code: "grain_silo".into(),
            en: "Grain silo".into(),
            ar: "صومعة حبوب".into(),
            builtin: false,
        }]);
        assert_eq!(v.label(VocabKind::Site, "bakery", true), "مخبز");
        assert_eq!(v.label(VocabKind::Site, "bakery", false), "Bakery");
        assert_eq!(v.label(VocabKind::Site, "grain_silo", true), "صومعة حبوب");
        assert_eq!(v.label(VocabKind::Site, "nope", false), "nope");
        assert!(
            v.terms(VocabKind::Site)
                .iter()
                .any(|t| t.code == "grain_silo")
        );
        assert!(!Vocabulary::valid_code("Bad Code"));
    }
}
