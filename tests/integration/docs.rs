//! The reference in `docs/` against the code it describes: the diagnostic codes, the URL
//! contract's parameters, and links that lead somewhere. Tests read `docs/`, never the README's
//! prose; the README is only checked for its size and links.

use std::path::Path;

use advisor_core::contract::PARAMETERS;
use advisor_core::diagnostics::Code;

/// The rows of the first table after `heading` in `text`, each row's cells trimmed.
fn table_after(text: &str, heading: &str) -> Vec<Vec<String>> {
    let section = text.split(heading).nth(1).unwrap_or_else(|| panic!("no {heading:?}"));
    section
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2)
        .map(|line| line.trim_matches('|').split(" | ").map(|cell| cell.trim().to_string()).collect())
        .collect()
}

/// `docs/rules.md`'s table of diagnostic codes, as the `Code` enum writes it.
fn codes_table() -> String {
    let rows: String =
        Code::ALL.iter().map(|code| format!("| `{}` | {} |\n", code.as_str(), code.description())).collect();
    format!("| code | meaning |\n|---|---|\n{rows}")
}

/// The codes table is the enum's, in its order, with its descriptions. `BLESS=1` writes it.
#[test]
fn the_diagnostic_codes_table_is_the_enum() {
    let path = Path::new("docs/rules.md");
    let text = std::fs::read_to_string(path).unwrap();
    let heading = "## Diagnostic codes\n";
    let section = text.split(heading).nth(1).expect("docs/rules.md has a Diagnostic codes section");
    let start = text.len() - section.len() + section.find("| code | meaning |").expect("a codes table");
    let end = start + text[start..].find("\n\n").unwrap_or(text.len() - start) + 1;
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(path, format!("{}{}{}", &text[..start], codes_table(), &text[end..])).unwrap();
        return;
    }
    assert_eq!(&text[start..end], codes_table(), "run the test with BLESS=1 to write the table");
}

#[test]
fn the_api_s_parameter_table_lists_the_contract_in_order() {
    let text = std::fs::read_to_string("docs/api.md").unwrap();
    let names: Vec<String> =
        table_after(&text, "## Parameters\n").into_iter().map(|row| row[0].trim_matches('`').to_string()).collect();
    let contract: Vec<&str> = PARAMETERS.iter().map(|parameter| parameter.name).collect();
    assert_eq!(names, contract);
}

/// Relative links in the README and in `docs/` lead to a file that exists.
#[test]
fn links_between_the_documents_lead_somewhere() {
    let mut documents = vec![Path::new("README.md").to_path_buf()];
    for entry in std::fs::read_dir("docs").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            documents.push(path);
        }
    }
    let mut broken = Vec::new();
    for document in &documents {
        let text = std::fs::read_to_string(document).unwrap();
        for target in text.split("](").skip(1).filter_map(|rest| rest.split(')').next()) {
            let file = target.split('#').next().unwrap_or("");
            if file.is_empty() || file.contains("://") || file.starts_with("mailto:") {
                continue;
            }
            if !document.parent().unwrap().join(file).exists() {
                broken.push(format!("{}: {target}", document.display()));
            }
        }
    }
    assert!(broken.is_empty(), "links to nothing:\n{}", broken.join("\n"));
}

#[test]
fn the_readme_is_read_in_five_minutes() {
    let size = std::fs::metadata("README.md").unwrap().len();
    assert!(size <= 10 * 1024, "the README is {size} bytes; reference belongs in docs/");
}
