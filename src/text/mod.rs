//! Text handling: search normalisation (Arabic and Latin), bidirectional display order, and
//! safe file names.

pub mod bidi;
pub mod normalize;

/// A file-name stem from free text: keeps letters (any script), digits, spaces, `-` and `_`,
/// collapses the rest to `_`, trims, and bounds the length. Never empty.
pub fn safe_file_stem(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else if c == ' ' || c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else if !out.ends_with('_') {
            out.push('_');
        }
        if out.chars().count() >= 80 {
            break;
        }
    }
    let trimmed = out
        .trim_matches(|c: char| c == ' ' || c == '_' || c == '.')
        .to_owned();
    if trimmed.is_empty() {
        "note".into()
    } else {
        trimmed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_safe() {
        assert_eq!(
            safe_file_stem("Witness: Ahmad / bakery"),
            "Witness_ Ahmad _ bakery"
        );
        assert_eq!(safe_file_stem("../../etc/passwd"), "etc_passwd");
        assert_eq!(safe_file_stem("شهادة عن المخبز"), "شهادة عن المخبز");
        assert_eq!(safe_file_stem("..."), "note");
    }
}
