//! SQL literals for journal segments.
//!
//! A journal segment is SQL text that both this program and stock `sqlite3` (3.40) replay, so
//! every value is written as a literal, never bound: the same text gives the same rows in both.
//! Text that `sqlite3`'s line reader could mangle (a NUL byte) goes in as a hex blob cast to text.

use std::fmt::Write;

/// A value as it appears in a statement.
pub enum Lit<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

impl Lit<'_> {
    pub fn write_to(&self, out: &mut String) {
        match self {
            Lit::Null => out.push_str("NULL"),
            Lit::Int(v) => {
                let _ = write!(out, "{v}");
            }
            // `{:?}` is Rust's shortest text that reads back as the same double; SQLite parses it
            // to that double. Non-finite values have no SQL literal and are never stored.
            Lit::Real(v) if v.is_finite() => {
                let _ = write!(out, "{v:?}");
            }
            Lit::Real(_) => out.push_str("NULL"),
            Lit::Text(s) if s.contains('\0') => {
                out.push_str("CAST(X'");
                out.push_str(&hex::encode(s.as_bytes()));
                out.push_str("' AS TEXT)");
            }
            Lit::Text(s) => {
                out.push('\'');
                for c in s.chars() {
                    if c == '\'' {
                        out.push('\'');
                    }
                    out.push(c);
                }
                out.push('\'');
            }
            Lit::Blob(b) => {
                out.push_str("X'");
                out.push_str(&hex::encode(b));
                out.push('\'');
            }
        }
    }
}

pub fn text(s: &str) -> Lit<'_> {
    Lit::Text(s)
}

pub fn opt_text(s: Option<&str>) -> Lit<'_> {
    s.map_or(Lit::Null, Lit::Text)
}

pub fn int(v: i64) -> Lit<'static> {
    Lit::Int(v)
}

pub fn opt_int(v: Option<i64>) -> Lit<'static> {
    v.map_or(Lit::Null, Lit::Int)
}

pub fn opt_real(v: Option<f64>) -> Lit<'static> {
    v.map_or(Lit::Null, Lit::Real)
}

pub fn blob(b: &[u8]) -> Lit<'_> {
    Lit::Blob(b)
}

/// `INSERT INTO table(c1, c2, …) VALUES (v1, v2, …)`.
pub fn insert(table: &str, columns: &[&str], values: &[Lit<'_>]) -> String {
    let mut s = format!("INSERT INTO {table}({}) VALUES (", columns.join(", "));
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        v.write_to(&mut s);
    }
    s.push(')');
    s
}

/// `UPDATE table SET col = v WHERE key = k`.
pub fn update(table: &str, col: &str, value: &Lit<'_>, key_col: &str, key: &Lit<'_>) -> String {
    let mut s = format!("UPDATE {table} SET {col} = ");
    value.write_to(&mut s);
    let _ = write!(s, " WHERE {key_col} = ");
    key.write_to(&mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn round_trip(l: Lit<'_>) -> rusqlite::types::Value {
        let c = Connection::open_in_memory().unwrap();
        let mut s = "SELECT ".to_owned();
        l.write_to(&mut s);
        c.query_row(&s, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn literals_read_back_as_the_same_values() {
        use rusqlite::types::Value;
        for t in [
            "",
            "it's",
            "قصف المخبز",
            "a\nb\r\n.c",
            "x\0y",
            "'; DROP TABLE items; --",
        ] {
            assert_eq!(round_trip(text(t)), Value::Text(t.into()), "{t:?}");
        }
        for v in [35.952_149_999_999_99, -0.000_001, 1e-7, 179.999_999, 36.0] {
            assert_eq!(round_trip(Lit::Real(v)), Value::Real(v));
        }
        assert_eq!(round_trip(Lit::Real(f64::NAN)), Value::Null);
        assert_eq!(round_trip(int(i64::MAX)), Value::Integer(i64::MAX));
        assert_eq!(round_trip(blob(&[0, 255, 7])), Value::Blob(vec![0, 255, 7]));
    }
}
