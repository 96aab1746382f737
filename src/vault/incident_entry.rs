//! Quick, duplicate-free entry of incidents: suggestions of places and perpetrators already in
//! the vault (Arabic-normalised, tolerant of a typo), a proposal of date and place from the
//! items an incident is made from, and the existing incidents a new one looks like.

use super::Vault;
use super::incidents::Suggest;
use crate::catalog::CatalogError;
use crate::incident::{Incident, IncidentFields, Place, PlaceSource, Precision, When};
use crate::text::normalize::{bare_words, normalize_for_search};

/// How far apart two places can be and still be "the same place" for look-alikes.
const SAME_PLACE_KM: f64 = 1.0;
/// Items whose GPS spreads over more than this give no proposed coordinates.
const GPS_SPREAD_KM: f64 = 5.0;

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// Levenshtein distance over characters, stopping early above `max`.
fn distance(a: &[char], b: &[char], max: usize) -> usize {
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        if cur.iter().min().is_some_and(|m| *m > max) {
            return max + 1;
        }
        prev = cur;
    }
    prev[b.len()]
}

/// How well `candidate` matches what was typed: lower is better, None for no match. Every typed
/// word must be the prefix of a candidate word, or within one edit of one (two for long words).
fn score(typed: &str, candidate: &str) -> Option<usize> {
    let t = normalize_for_search(typed);
    let c = normalize_for_search(candidate);
    let words: Vec<&str> = c.split_whitespace().collect();
    let mut total = 0;
    for w in t.split_whitespace() {
        let wc: Vec<char> = w.chars().collect();
        let allowed = if wc.len() >= 7 {
            2
        } else {
            usize::from(wc.len() >= 4)
        };
        let best = words
            .iter()
            .map(|cw| {
                if cw.starts_with(w) {
                    0
                } else {
                    let cwc: Vec<char> = cw.chars().take(wc.len()).collect();
                    distance(&wc, &cwc, allowed).max(1)
                }
            })
            .min()?;
        if best > allowed {
            return None;
        }
        total += best;
    }
    Some(total)
}

/// The first `n` values matching `typed`, best first, each once.
fn best_matches(typed: &str, values: Vec<String>, n: usize) -> Vec<String> {
    if normalize_for_search(typed).trim().is_empty() {
        return Vec::new();
    }
    let mut seen = std::collections::HashSet::new();
    let mut scored: Vec<(usize, String)> = values
        .into_iter()
        .filter(|v| !v.trim().is_empty() && seen.insert(normalize_for_search(v)))
        .filter_map(|v| score(typed, &v).map(|s| (s, v)))
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(n).map(|(_, v)| v).collect()
}

impl Vault {
    /// Existing places or perpetrators (from incidents, and places from items) matching what is
    /// being typed, best first: so the same place is not entered twice under two spellings.
    pub fn suggest(&self, what: Suggest, typed: &str) -> Result<Vec<String>, CatalogError> {
        let incidents = self.catalog().incidents()?;
        let mut values: Vec<String> = Vec::new();
        match what {
            Suggest::Place => {
                values.extend(incidents.iter().map(|(i, _)| i.fields.place.name.clone()));
                let cat = self.catalog();
                let mut stmt = cat
                    .connection()
                    .prepare("SELECT DISTINCT place FROM items WHERE place <> ''")?;
                let places: Vec<String> = stmt
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                values.extend(places);
            }
            Suggest::Perpetrator => {
                for (i, _) in &incidents {
                    values.extend(i.fields.perpetrators.iter().cloned());
                }
            }
        }
        Ok(best_matches(typed, values, 8))
    }

    /// Fields proposed for an incident made from these items: the span of their capture dates,
    /// their common place name, the centre of their GPS positions when they are close together,
    /// and their common case. Implausible capture dates are left out.
    pub fn propose_incident(&self, items: &[String]) -> Result<IncidentFields, CatalogError> {
        let mut list = Vec::new();
        for id in items {
            list.push(self.item(id)?);
        }
        let mut f = IncidentFields::default();
        let mut days: Vec<String> = list
            .iter()
            .filter(|i| i.captured_at_flag.is_none())
            .filter_map(|i| i.captured_at.as_ref()?.get(..10).map(str::to_owned))
            .collect();
        days.sort();
        if let (Some(a), Some(b)) = (days.first(), days.last()) {
            f.when = Some(When {
                start: a.clone(),
                end: (a != b).then(|| b.clone()),
                precision: Precision::Day,
            });
        }
        let gps: Vec<(f64, f64)> = list
            .iter()
            .filter_map(|i| i.gps.map(|g| (g.lat, g.lon)))
            .collect();
        let mut place = Place::default();
        if !gps.is_empty() {
            let n = gps.len() as f64;
            let c = (
                gps.iter().map(|g| g.0).sum::<f64>() / n,
                gps.iter().map(|g| g.1).sum::<f64>() / n,
            );
            if gps.iter().all(|g| km(*g, c) <= GPS_SPREAD_KM) {
                place.lat = Some((c.0 * 1e6).round() / 1e6);
                place.lon = Some((c.1 * 1e6).round() / 1e6);
                place.source = PlaceSource::ItemGps;
            }
        }
        place.name = most_common(list.iter().map(|i| i.place.clone()));
        f.place = place;
        let cases: Vec<&str> = list.iter().map(|i| i.case.as_str()).collect();
        if cases
            .first()
            .is_some_and(|c| !c.is_empty() && cases.iter().all(|x| x == c))
        {
            f.case = cases[0].to_owned();
        }
        Ok(f)
    }

    /// Existing incidents that look like `fields` (the same place — names sharing most of their
    /// words once normalised, articles and word order aside ([`names_alike`]), or within 1 km —
    /// on an overlapping day), so a duplicate is pointed out before it is saved.
    /// `except` leaves out the incident being edited.
    pub fn look_alikes(
        &self,
        fields: &IncidentFields,
        except: Option<&str>,
    ) -> Result<Vec<Incident>, CatalogError> {
        let Some(when) = &fields.when else {
            return Ok(Vec::new());
        };
        let name = bare_words(&fields.place.name);
        let here = fields.place.lat.zip(fields.place.lon);
        Ok(self
            .catalog()
            .incidents()?
            .into_iter()
            .map(|(i, _)| i)
            .filter(|i| except != Some(i.id.as_str()))
            .filter(|i| i.fields.when.as_ref().is_some_and(|w| w.overlaps(when)))
            .filter(|i| {
                let p = &i.fields.place;
                let same_name = names_alike(&name, &bare_words(&p.name));
                let near = here
                    .zip(p.lat.zip(p.lon))
                    .is_some_and(|(a, b)| km(a, b) <= SAME_PLACE_KM);
                same_name || near
            })
            .collect())
    }
}

/// Whether two place names (their [`bare_words`]) name the same place as documenters write it:
/// they share at least half of the shorter name's words, and at least two when both have two
/// or more. So "Al Badya School, al-Mansura, western Raqqa countryside" is "Al Badya School,
/// al-Mansura / مدرسة البادية، المنصورة", and "طبقة" is "الطبقة"; a town and a street in it are
/// not. Pointing out one too many costs a click ("Save anyway"); a missed duplicate costs an
/// investigator a double count.
pub fn names_alike(a: &[String], b: &[String]) -> bool {
    let shorter = a.len().min(b.len());
    if shorter == 0 {
        return false;
    }
    let common = a.iter().filter(|w| b.contains(w)).count();
    common * 2 >= shorter && common >= shorter.min(2)
}

fn most_common(values: impl Iterator<Item = String>) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for v in values.filter(|v| !v.trim().is_empty()) {
        match counts.iter_mut().find(|(x, _)| *x == v) {
            Some(c) => c.1 += 1,
            None => counts.push((v, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.into_iter().next().map(|c| c.0).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_names_are_alike_when_they_share_most_words() {
        let alike = |a: &str, b: &str| names_alike(&bare_words(a), &bare_words(b));
        assert!(alike(
            "Al Badya School, al-Mansura, western Raqqa countryside",
            "Al Badya School, al-Mansura / مدرسة البادية، المنصورة"
        ));
        assert!(alike("طبقة", "الطبقة"));
        assert!(alike("حي أول، طبقة", "الحي الأول، الطبقة"));
        assert!(!alike(
            "Al Synaa Street, al-Tabaqa / شارع الصناعة، الطبقة",
            "al-Tabaqa (Tabqa), Raqqa governorate / الطبقة، محافظة الرقة"
        ));
        assert!(!alike("Tabqa", "Raqqa"));
        assert!(!alike("", "Tabqa"));
    }

    #[test]
    fn suggestions_tolerate_arabic_variants_and_a_typo() {
        let values = vec![
            "الطبقة، الحي الأول".to_owned(),
            "المنصورة".to_owned(),
            "Tabqa, first neighbourhood".to_owned(),
            "Raqqa".to_owned(),
        ];
        // Without the article and with alef/taa-marbuta variants.
        assert_eq!(
            best_matches("طبقه", values.clone(), 5),
            vec!["الطبقة، الحي الأول"]
        );
        assert_eq!(best_matches("منصوره", values.clone(), 5), vec!["المنصورة"]);
        assert_eq!(
            best_matches("Tabka", values.clone(), 5),
            vec!["Tabqa, first neighbourhood"]
        );
        assert!(best_matches("Damascus", values.clone(), 5).is_empty());
        assert!(best_matches("  ", values, 5).is_empty());
    }

    #[test]
    fn distance_is_levenshtein() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(distance(&c("tabqa"), &c("tabka"), 2), 1);
        assert_eq!(distance(&c("abc"), &c("abc"), 0), 0);
        assert!(distance(&c("abcdef"), &c("uvwxyz"), 2) > 2);
        assert!((km((35.84, 38.55), (35.85, 38.55)) - 1.11).abs() < 0.02);
    }
}
