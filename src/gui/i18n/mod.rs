//! The interface's words, in English and Arabic: Fluent catalogs (`en/*.ftl`, `ar/*.ftl`, compiled
//! into the binary) with each language's plural rules — Arabic has six forms (zero, one, two, few,
//! many, other), which only a real plural engine gets right.
//!
//! Every string a view shows comes from here through [`t!`]: `t!("toolbar-new-note")`, or with
//! arguments `t!("items-added", count = n, title = name)`. The language is process-wide (one
//! window), chosen at start from the system locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) or the
//! user's setting, and switched at once by [`set`]. Numbers given as arguments are written with
//! the chosen digits (Latin `123` or Arabic-Indic `١٢٣`) and grouped (`12,345` / `١٢٬٣٤٥`).
//!
//! Fluent's own bidi isolation marks are off: egui draws them as nothing, but they would make
//! labels differ from the text tests look for. Where a sentence quotes the user's own text
//! (a title, a file name), the view wraps it with [`isolate`] so an Arabic title inside an
//! English sentence, or the other way round, keeps its order.

use std::cell::RefCell;
use std::sync::{Arc, RwLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// A language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    Ar,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ar];

    /// The language's own name, as a chooser lists it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ar => "العربية",
        }
    }

    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::Ar)
    }

    fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ar => "ar",
        }
    }

    /// The language of a POSIX locale value such as `ar_SY.UTF-8` (none: not one we have).
    pub fn from_locale(value: &str) -> Option<Lang> {
        let lang = value
            .split(['_', '.', '@', '-'])
            .next()?
            .to_ascii_lowercase();
        match lang.as_str() {
            "ar" => Some(Lang::Ar),
            "en" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The system's language: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not
    /// empty decides (as gettext reads them); `LANGUAGE`'s list is not consulted. English when
    /// that locale is a language we have no catalog for.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::from_locale(&v))
            .unwrap_or_default()
    }
}

/// How numbers are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Digits {
    /// Latin in English, Arabic-Indic in Arabic.
    #[default]
    Native,
    Latin,
    ArabicIndic,
}

impl Digits {
    fn arabic_indic(self, lang: Lang) -> bool {
        match self {
            Digits::Native => lang == Lang::Ar,
            Digits::Latin => false,
            Digits::ArabicIndic => true,
        }
    }
}

/// The catalog files, in order; the same names in both languages.
const FILES: [&str; 8] = [
    "app",
    "session",
    "start",
    "items",
    "incidents",
    "dialogs",
    "transfer",
    "map",
];

const EN: [&str; 8] = [
    include_str!("en/app.ftl"),
    include_str!("en/session.ftl"),
    include_str!("en/start.ftl"),
    include_str!("en/items.ftl"),
    include_str!("en/incidents.ftl"),
    include_str!("en/dialogs.ftl"),
    include_str!("en/transfer.ftl"),
    include_str!("en/map.ftl"),
];

const AR: [&str; 8] = [
    include_str!("ar/app.ftl"),
    include_str!("ar/session.ftl"),
    include_str!("ar/start.ftl"),
    include_str!("ar/items.ftl"),
    include_str!("ar/incidents.ftl"),
    include_str!("ar/dialogs.ftl"),
    include_str!("ar/transfer.ftl"),
    include_str!("ar/map.ftl"),
];

fn sources(lang: Lang) -> &'static [&'static str; 8] {
    match lang {
        Lang::En => &EN,
        Lang::Ar => &AR,
    }
}

/// One language's messages, with English behind them for a key a translation lacks (the
/// catalog test makes that never happen in a release).
struct Catalog {
    lang: Lang,
    arabic_digits: bool,
    bundle: FluentBundle<FluentResource>,
    fallback: Option<FluentBundle<FluentResource>>,
}

fn bundle(lang: Lang, arabic_digits: bool) -> FluentBundle<FluentResource> {
    let id = lang
        .tag()
        .parse()
        .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
    let mut b = FluentBundle::new_concurrent(vec![id]);
    b.set_use_isolating(false);
    b.set_formatter(Some(if arabic_digits {
        format_arabic_indic
    } else {
        format_latin
    }));
    for (name, src) in FILES.iter().zip(sources(lang)) {
        // A syntax error in a catalog keeps the messages around it (Fluent recovers per
        // message); the catalog test fails on any.
        let res = FluentResource::try_new((*src).to_owned()).unwrap_or_else(|(res, _)| res);
        if b.add_resource(res).is_err() {
            // Duplicate keys: the first stays. The catalog test names them.
            let _ = name;
        }
    }
    b
}

impl Catalog {
    fn new(lang: Lang, digits: Digits) -> Catalog {
        let arabic_digits = digits.arabic_indic(lang);
        Catalog {
            lang,
            arabic_digits,
            bundle: bundle(lang, arabic_digits),
            fallback: (lang != Lang::En).then(|| bundle(Lang::En, arabic_digits)),
        }
    }

    fn format(&self, key: &str, args: Option<&FluentArgs>) -> String {
        for b in std::iter::once(&self.bundle).chain(self.fallback.as_ref()) {
            if let Some(pattern) = b.get_message(key).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return b.format_pattern(pattern, args, &mut errors).into_owned();
            }
        }
        key.to_owned()
    }
}

/// The process's language, and the calling thread's when it chose one: one window runs on one
/// thread, so each headless test's window keeps the language it was opened in while other
/// tests run beside it. Threads that never chose (workers) follow the process.
static CURRENT: RwLock<Option<Arc<Catalog>>> = RwLock::new(None);
thread_local! {
    static THIS_THREAD: RefCell<Option<Arc<Catalog>>> = const { RefCell::new(None) };
}

fn current() -> Arc<Catalog> {
    if let Some(c) = THIS_THREAD.with(|t| t.borrow().clone()) {
        return c;
    }
    if let Some(c) = CURRENT.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
        return c.clone();
    }
    let c = Arc::new(Catalog::new(Lang::En, Digits::Native));
    *CURRENT.write().unwrap_or_else(|e| e.into_inner()) = Some(c.clone());
    c
}

/// Switches the interface to `lang` with `digits`, at once (the next frame draws in it).
pub fn set(lang: Lang, digits: Digits) {
    let c = Arc::new(Catalog::new(lang, digits));
    THIS_THREAD.with(|t| *t.borrow_mut() = Some(c.clone()));
    *CURRENT.write().unwrap_or_else(|e| e.into_inner()) = Some(c);
}

/// The interface's language now.
pub fn lang() -> Lang {
    current().lang
}

/// The interface reads right to left (Arabic): layouts are mirrored.
pub fn is_rtl() -> bool {
    lang().is_rtl()
}

/// The message `key` (see [`t!`]).
pub fn tr(key: &str) -> String {
    current().format(key, None)
}

/// The message `key` with its arguments (see [`t!`]).
pub fn tr_args(key: &str, args: &FluentArgs) -> String {
    current().format(key, Some(args))
}

/// `text` as a bidi isolate (FSI … PDI): quoted user text keeps its own direction inside a
/// sentence of the other direction.
pub fn isolate(text: &str) -> String {
    format!("\u{2068}{text}\u{2069}")
}

/// The user's own text (a title, a name) for a sentence: isolated so it keeps its direction,
/// except Latin text in the English interface, where isolating changes nothing on screen and
/// would only make accessible names differ from the text itself.
pub fn user_text(text: &str) -> String {
    if is_rtl() || evidence_vault::text::bidi::has_rtl(text) {
        isolate(text)
    } else {
        text.to_owned()
    }
}

/// `n` in the interface's digits, grouped by thousands: `12,345`, `١٢٬٣٤٥`.
pub fn number(n: u64) -> String {
    group(&n.to_string(), current().arabic_digits)
}

/// `v` with `places` decimals, grouped, in the interface's digits: `1.2`, `١٫٢`.
pub fn decimal(v: f64, places: usize) -> String {
    group(&format!("{v:.places$}"), current().arabic_digits)
}

/// Digits of `s` (ASCII) turned into the interface's digits, nothing else changed: for dates,
/// times and figures already formatted.
pub fn digits(s: &str) -> String {
    if current().arabic_digits {
        to_arabic_indic(s)
    } else {
        s.to_owned()
    }
}

fn to_arabic_indic(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(0x0660 + (c as u32 - '0' as u32)).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// `1234567.5` → `1,234,567.5` (Latin) or `١٬٢٣٤٬٥٦٧٫٥` (Arabic-Indic, with the Arabic
/// thousands and decimal separators).
fn group(plain: &str, arabic: bool) -> String {
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", plain),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let (sep, point) = if arabic {
        ('\u{066C}', '\u{066B}')
    } else {
        (',', '.')
    };
    let mut out = String::from(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(point);
        out.push_str(f);
    }
    if arabic { to_arabic_indic(&out) } else { out }
}

fn format_value(v: &FluentValue, arabic: bool) -> Option<String> {
    match v {
        FluentValue::Number(n) => Some(group(&n.as_string(), arabic)),
        _ => None,
    }
}

fn format_latin<M>(v: &FluentValue, _: &M) -> Option<String> {
    format_value(v, false)
}

fn format_arabic_indic<M>(v: &FluentValue, _: &M) -> Option<String> {
    format_value(v, true)
}

/// A message of the catalog: `t!("key")`, or `t!("key", name = value, …)` where each value is a
/// number (plural selection and localized digits) or text.
macro_rules! t {
    ($key:literal) => {
        $crate::gui::i18n::tr($key)
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = fluent_bundle::FluentArgs::new();
        $( args.set(stringify!($name), fluent_bundle::FluentValue::from($value)); )+
        $crate::gui::i18n::tr_args($key, &args)
    }};
}
pub(crate) use t;

#[cfg(test)]
mod tests;
