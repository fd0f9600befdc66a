//! Rules of the house that the compiler does not hold: modules stay small enough to read in one
//! sitting. (The core's purity is the compiler's: its Cargo.toml, its clippy.toml and `make lint`.)

use std::path::{Path, PathBuf};

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

#[test]
fn no_module_is_longer_than_one_sitting() {
    let mut long = Vec::new();
    let files = rust_files(Path::new("src")).into_iter().chain(rust_files(Path::new("crates/advisor-core/src")));
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines = text.lines().take_while(|line| !line.starts_with("#[cfg(test)]")).count();
        if lines > MODULE_LINES {
            long.push(format!("{}: {lines} lines", file.display()));
        }
    }
    assert!(long.is_empty(), "modules over {MODULE_LINES} lines before their tests:\n{}", long.join("\n"));
}
