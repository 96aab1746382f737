//! The few XMP properties intake reads, from the packet's text: no XML library, no entity
//! expansion, no network. A property is found in either RDF form, as an attribute
//! (`exif:DateTimeOriginal="…"`) or as an element (`<exif:DateTimeOriginal>…</…>`); anything
//! else (and anything malformed) is simply not found.

/// The value of property `name` (a qualified name such as `photoshop:DateCreated`).
pub fn property(xmp: &[u8], name: &str) -> Option<String> {
    let text = std::str::from_utf8(xmp).ok()?;
    attribute(text, name)
        .or_else(|| element(text, name))
        .map(|v| unescape(v.trim()))
        .filter(|v| !v.is_empty() && v.len() <= 256)
}

fn attribute<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(at) = text[from..].find(name) {
        let start = from + at;
        from = start + name.len();
        // A whole name: preceded by whitespace.
        if !text[..start].ends_with(|c: char| c.is_whitespace()) {
            continue;
        }
        let rest = text[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let body = &rest[1..];
        let end = body.find(quote)?;
        return Some(&body[..end]);
    }
    None
}

fn element<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut from = 0;
    while let Some(at) = text[from..].find(&open) {
        let start = from + at + open.len();
        from = start;
        let rest = &text[start..];
        // `<name>` or `<name attr…>`, not `<nameLonger>`.
        let gt = rest.find('>')?;
        let head = &rest[..gt];
        if !(head.is_empty() || head.starts_with(char::is_whitespace)) || head.ends_with('/') {
            continue;
        }
        let body = &rest[gt + 1..];
        let end = body.find(&close)?;
        let value = &body[..end];
        // Structured values (<rdf:Seq>…) are not what we read.
        if value.contains('<') {
            // <rdf:Alt><rdf:li xml:lang="x-default">v</rdf:li></rdf:Alt>: take the first li.
            let li = value.find("<rdf:li")?;
            let v = &value[li..];
            let gt = v.find('>')?;
            let v = &v[gt + 1..];
            let end = v.find("</rdf:li>")?;
            return Some(&v[..end]);
        }
        return Some(value);
    }
    None
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// An XMP GPS coordinate, `DDD,MM,SSk` or `DDD,MM.mmk` (k = N, S, E or W), in signed degrees.
pub fn gps_coordinate(v: &str) -> Option<f64> {
    let v = v.trim();
    let (num, hemi) = v.split_at(v.len().checked_sub(1)?);
    let sign = match hemi {
        "N" | "E" => 1.0,
        "S" | "W" => -1.0,
        _ => return None,
    };
    let parts: Vec<f64> = num
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .ok()?;
    let deg = match parts.as_slice() {
        [d, m] => d + m / 60.0,
        [d, m, s] => d + m / 60.0 + s / 3600.0,
        _ => return None,
    };
    (deg.is_finite() && parts.iter().all(|p| *p >= 0.0)).then_some(sign * deg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_and_elements() {
        let x = br#"<x:xmpmeta><rdf:RDF><rdf:Description rdf:about=""
            xmp:CreateDate="2017-03-22T09:14:27+03:00" tiff:Orientation='6'>
            <photoshop:DateCreated>2017-03-21</photoshop:DateCreated>
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">A &amp; B</rdf:li></rdf:Alt></dc:title>
            </rdf:Description></rdf:RDF></x:xmpmeta>"#;
        assert_eq!(
            property(x, "xmp:CreateDate").as_deref(),
            Some("2017-03-22T09:14:27+03:00")
        );
        assert_eq!(property(x, "tiff:Orientation").as_deref(), Some("6"));
        assert_eq!(
            property(x, "photoshop:DateCreated").as_deref(),
            Some("2017-03-21")
        );
        assert_eq!(property(x, "dc:title").as_deref(), Some("A & B"));
        assert_eq!(property(x, "xmp:ModifyDate"), None);
        assert_eq!(property(b"\xff\xfe", "a:b"), None);
    }

    #[test]
    fn gps_forms() {
        assert_eq!(gps_coordinate("35,57.12N"), Some(35.952));
        let w = gps_coordinate("38,59,52.8W").unwrap();
        assert!((w + 38.998).abs() < 1e-9);
        assert_eq!(gps_coordinate("35,57.12"), None);
        assert_eq!(gps_coordinate("-35,57.12N"), None);
    }
}
