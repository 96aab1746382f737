//! The catalogs: both languages have the same keys, parse without error, use only variables the
//! code passes, and pick Arabic's plural forms; every key the code asks for exists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;

use super::*;

type Keys = BTreeMap<String, BTreeSet<String>>;

/// Message id → the variables its value and attributes refer to, for one language; panics naming
/// the file on a syntax error or a repeated id.
fn keys(lang: Lang) -> Keys {
    let mut out = Keys::new();
    for (name, src) in FILES.iter().zip(sources(lang)) {
        let res = fluent_syntax::parser::parse(*src).unwrap_or_else(|(_, errs)| {
            panic!("{}/{name}.ftl does not parse: {errs:?}", lang.tag())
        });
        for entry in res.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_vars(p, &mut vars);
                }
                for a in &m.attributes {
                    pattern_vars(&a.value, &mut vars);
                }
                let id = m.id.name.to_owned();
                assert!(
                    out.insert(id.clone(), vars).is_none(),
                    "{}: {id} is defined twice ({name}.ftl)",
                    lang.tag()
                );
            }
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, out),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}

/// Every `t!("key", a = …, b = …)` in the GUI's sources: key → the argument names of each call.
fn calls() -> BTreeMap<String, Vec<(String, BTreeSet<String>)>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/gui");
    let mut out: BTreeMap<String, Vec<(String, BTreeSet<String>)>> = BTreeMap::new();
    for e in walkdir::WalkDir::new(&root).into_iter().flatten() {
        // This module's own docs and tests write `t!(` as examples.
        if e.path().extension().is_none_or(|x| x != "rs") || e.path().starts_with(root.join("i18n"))
        {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        let file = e.path().strip_prefix(&root).unwrap().display().to_string();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("t!(") {
            // Not `…t!(` of another macro (`assert!(`, `print!(`).
            let before = rest[..at].chars().next_back();
            rest = &rest[at + 3..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            // rustfmt puts a long call's key on the next line.
            let Some(r) = rest.trim_start().strip_prefix('"') else {
                continue;
            };
            rest = r;
            let Some(end) = rest.find('"') else { break };
            let key = rest[..end].to_owned();
            rest = &rest[end + 1..];
            // The arguments, up to the call's closing parenthesis.
            let mut depth = 1;
            let mut args_text = String::new();
            for c in rest.chars() {
                match c {
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                args_text.push(c);
            }
            let mut names = BTreeSet::new();
            for part in args_text.split(',') {
                if let Some((name, _)) = part.split_once('=') {
                    let name = name.trim();
                    if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                        names.insert(name.to_owned());
                    }
                }
            }
            out.entry(key).or_default().push((file.clone(), names));
        }
    }
    out
}

#[test]
fn both_languages_have_the_same_keys_and_translations_use_only_known_variables() {
    let en = keys(Lang::En);
    let ar = keys(Lang::Ar);
    let only_en: Vec<&String> = en.keys().filter(|k| !ar.contains_key(*k)).collect();
    let only_ar: Vec<&String> = ar.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(
        only_en.is_empty(),
        "not translated into Arabic: {only_en:?}"
    );
    assert!(
        only_ar.is_empty(),
        "in Arabic but not in English: {only_ar:?}"
    );
    for (k, vars) in &ar {
        let extra: Vec<&String> = vars.difference(&en[k]).collect();
        assert!(
            extra.is_empty(),
            "ar {k} refers to {extra:?}, which the English message does not"
        );
    }
}

#[test]
fn every_key_the_code_asks_for_exists_with_the_variables_it_needs() {
    let en = keys(Lang::En);
    let ar = keys(Lang::Ar);
    let calls = calls();
    assert!(!calls.is_empty(), "no t!(…) call found under src/gui");
    let mut problems = Vec::new();
    for (key, sites) in &calls {
        let Some(needed) = en.get(key) else {
            problems.push(format!("{key} (used in {}) is in no catalog", sites[0].0));
            continue;
        };
        let needed: BTreeSet<&String> = needed.iter().chain(&ar[key]).collect();
        for (file, given) in sites {
            let missing: Vec<&&String> = needed.iter().filter(|v| !given.contains(**v)).collect();
            if !missing.is_empty() {
                problems.push(format!("{file}: {key} is not given {missing:?}"));
            }
        }
    }
    let unused: Vec<&String> = en.keys().filter(|k| !calls.contains_key(*k)).collect();
    // Keys built at run time (`tr(&format!(…))`) are listed in `DYNAMIC`.
    let unused: Vec<&&String> = unused
        .iter()
        .filter(|k| !DYNAMIC_PREFIXES.iter().any(|p| k.starts_with(p)))
        .collect();
    if !unused.is_empty() {
        problems.push(format!("never used: {unused:?}"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Prefixes of keys that the code composes (an enum's variant, say) rather than writes out.
const DYNAMIC_PREFIXES: &[&str] = &[];

/// `count-items` (a message the views use: "N items") in `lang`, formatted by a catalog of the
/// test's own: the process-wide language stays as other tests expect it.
fn items_in(lang: Lang, digits: Digits, n: u64) -> String {
    let mut args = FluentArgs::new();
    args.set("count", FluentValue::from(n));
    Catalog::new(lang, digits).format("count-items", Some(&args))
}

#[test]
fn arabic_plurals_take_all_six_forms_and_numbers_their_digits() {
    let forms: Vec<String> = [0u64, 1, 2, 3, 11, 100, 12345]
        .iter()
        .map(|&n| items_in(Lang::Ar, Digits::Native, n))
        .collect();
    // zero, one, two, few (3), many (11), other (100); 12,345 is "many" again but with digits.
    let distinct: BTreeSet<&String> = forms[..6].iter().collect();
    assert_eq!(distinct.len(), 6, "{forms:?}");
    assert!(forms[6].contains("١٢٬٣٤٥"), "{}", forms[6]);
    assert!(items_in(Lang::Ar, Digits::Latin, 12345).contains("12,345"));
    assert_eq!(items_in(Lang::En, Digits::Native, 1), "1 item");
    assert_eq!(items_in(Lang::En, Digits::Native, 12345), "12,345 items");
    assert_eq!(items_in(Lang::En, Digits::ArabicIndic, 12), "١٢ items");
    assert_eq!(group("1234567", false), "1,234,567");
}

#[test]
fn the_system_locale_chooses_the_language() {
    assert_eq!(Lang::from_locale("ar_SY.UTF-8"), Some(Lang::Ar));
    assert_eq!(Lang::from_locale("ar"), Some(Lang::Ar));
    assert_eq!(Lang::from_locale("en_GB.UTF-8"), Some(Lang::En));
    assert_eq!(Lang::from_locale("C.UTF-8"), Some(Lang::En));
    assert_eq!(Lang::from_locale("fr_FR.UTF-8"), None);
    assert_eq!(group("-1234.5", true), "-١٬٢٣٤٫٥");
    assert_eq!(group("999", false), "999");
}
