//! Rules of the house that the compiler does not hold: the domain core stays pure (no web
//! framework, plotting, runtime or I/O), and modules stay small enough to read in one sitting.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests fail by panicking.

use std::path::{Path, PathBuf};

/// What `src/domain` must never name: the web and plotting layers, the runtime, and I/O.
const FORBIDDEN_IN_DOMAIN: [&str; 10] =
    ["leptos", "axum", "plotters", "tokio", "tower", "hyper", "std::fs", "std::net", "std::process", "std::env"];

/// Lines a module may have before its tests.
const MODULE_LINES: usize = 400;

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Whether `line` names `path` as a path of its own (`tokio::…`, `use tokio`), not as part of
/// a longer word (`tokio_util`, `my_tokio`).
fn names(line: &str, path: &str) -> bool {
    line.match_indices(path).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + path.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        boundary(before) && boundary(after) && before != Some(':')
    })
}

#[test]
fn the_domain_imports_no_framework_runtime_or_io() {
    let mut found = Vec::new();
    for file in rust_files(Path::new("src/domain")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for path in FORBIDDEN_IN_DOMAIN.iter().filter(|path| names(code, path)) {
                found.push(format!("{}:{}: {path}", file.display(), number + 1));
            }
        }
    }
    assert!(found.is_empty(), "the domain core must stay pure:\n{}", found.join("\n"));
}

#[test]
fn the_purity_check_sees_what_it_looks_for() {
    assert!(names("use tokio::sync::Mutex;", "tokio"));
    assert!(names("    let x = std::fs::read(p);", "std::fs"));
    assert!(!names("use tokio_util::codec;", "tokio"));
    assert!(!names("let leptosish = 1;", "leptos"));
    assert!(!names("use crate::axum_like;", "axum"));
}

#[test]
fn no_module_is_longer_than_one_sitting() {
    let mut long = Vec::new();
    for file in rust_files(Path::new("src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines = text.lines().take_while(|line| !line.starts_with("#[cfg(test)]")).count();
        if lines > MODULE_LINES {
            long.push(format!("{}: {lines} lines", file.display()));
        }
    }
    assert!(long.is_empty(), "modules over {MODULE_LINES} lines before their tests:\n{}", long.join("\n"));
}
