//! Every diagnostic code against a fixture: a small rules directory (the frozen base in
//! `tests/fixtures/rules/base` with one edit) that yields it. Positions are pinned in the
//! fixtures, never in the shipped rules, so editing `rules/` cannot break these tests.
//!
//! Each `tests/fixtures/rules/<code>/` holds `edit.toml` (the edit) and `expected` (every
//! diagnostic the directory yields, as `file:line:column: message [code]`). `BLESS=1` rewrites
//! `expected` from what the loader says; the fixture's code must be among them either way.

use std::path::Path;

use advisor_core::SourceFile;
use advisor_core::diagnostics::{Code, Diagnostic};
use advisor_core::ruleset::{CASES_FILE, load_cases};
use kms_hsm_advisor::server::rules_dir;
use serde::Deserialize;

const FIXTURES: &str = "tests/fixtures/rules";

/// How a fixture changes one file of the base rules.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    /// The rules file changed.
    file: String,
    /// Text put before the file's first line.
    #[serde(default)]
    prepend: String,
    /// Text put after its last line.
    #[serde(default)]
    append: String,
    /// Replacements, in order.
    #[serde(default)]
    replace: Vec<Replace>,
    /// The file is left out.
    #[serde(default)]
    remove: bool,
    /// A directory stands where the file should be.
    #[serde(default)]
    directory: bool,
}

/// `from` replaced by `to`, once or, with `every`, everywhere.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Replace {
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    every: bool,
}

/// The base rules with `edit` applied, in a new temporary directory.
fn edited(edit: &Edit) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(Path::new(FIXTURES).join("base")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if name == edit.file {
            if edit.remove {
                continue;
            }
            if edit.directory {
                std::fs::create_dir(dir.path().join(&name)).unwrap();
                continue;
            }
            for Replace { from, to, every } in &edit.replace {
                assert!(text.contains(from.as_str()), "{from:?} is not in the base {name}");
                text = if *every { text.replace(from.as_str(), to) } else { text.replacen(from.as_str(), to, 1) };
            }
            text = format!("{}{text}{}", edit.prepend, edit.append);
        }
        std::fs::write(dir.path().join(&name), text).unwrap();
    }
    dir
}

/// What loading `dir` reports: the rules' diagnostics, or else the example cases'.
fn diagnostics(dir: &Path) -> Vec<Diagnostic> {
    match rules_dir::load(dir) {
        Err(problems) => problems.to_vec(),
        Ok(rules) => {
            let path = dir.join(CASES_FILE);
            let file = SourceFile { path: path.display().to_string(), text: std::fs::read_to_string(&path).unwrap() };
            load_cases(&file, &rules).err().unwrap_or_default()
        }
    }
}

/// `file:line:column: message [code]`, the file by its name alone.
fn line(diagnostic: &Diagnostic) -> String {
    let name = Path::new(&diagnostic.file).file_name().unwrap().to_string_lossy().into_owned();
    format!("{name}:{}:{}: {} [{}]", diagnostic.line, diagnostic.column, diagnostic.message, diagnostic.code)
}

#[test]
fn the_base_of_the_fixtures_is_valid() {
    let base = Path::new(FIXTURES).join("base");
    assert_eq!(diagnostics(&base), [], "the fixtures' base rules must load");
}

#[test]
fn every_code_has_a_fixture_that_yields_it_where_it_is_expected() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for code in Code::ALL {
        let fixture = Path::new(FIXTURES).join(code.as_str());
        let edit: Edit = toml::from_str(&std::fs::read_to_string(fixture.join("edit.toml")).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", fixture.display()));
        let dir = edited(&edit);
        let found = diagnostics(dir.path());
        if !found.iter().any(|d| d.code == code) {
            failures.push(format!("{code}: the fixture yields no {code}: {:#?}", found));
            continue;
        }
        let lines: String = found.iter().map(|d| line(d) + "\n").collect();
        let expected_path = fixture.join("expected");
        if bless {
            std::fs::write(&expected_path, &lines).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if lines != expected {
            failures.push(format!("{code}: expected\n{expected}found\n{lines}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fixture_is_named_after_a_code() {
    for entry in std::fs::read_dir(FIXTURES).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(name == "base" || Code::from_str_code(&name).is_some(), "{name} is no diagnostic code");
    }
}

#[test]
fn a_duplicate_id_points_at_where_it_was_defined_first() {
    let fixture = Path::new(FIXTURES).join(Code::DuplicateId.as_str());
    let edit: Edit = toml::from_str(&std::fs::read_to_string(fixture.join("edit.toml")).unwrap()).unwrap();
    let dir = edited(&edit);
    let problems = rules_dir::load(dir.path()).unwrap_err();
    let duplicate = problems.iter().find(|d| d.code == Code::DuplicateId).unwrap();
    let first = duplicate.related.as_ref().expect("a second label");
    assert_eq!(first.label, "defined here");
    assert!(first.line < duplicate.line, "the first definition comes before the duplicate");
    let rendered = problems.rendered();
    assert!(rendered.contains("error[duplicate-id]: duplicate id \"fips-level\""), "{rendered}");
    assert!(rendered.contains("defined here"), "{rendered}");
}
