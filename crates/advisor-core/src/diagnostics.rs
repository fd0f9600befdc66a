//! Problems found in the rules files, each with a stable code and its place in a file.

use std::fmt;

/// One problem in a rules file: where it is, what kind it is, what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// Byte offset in the file, for showing the offending line.
    pub offset: usize,
    /// What kind of problem it is, in kebab-case (`unknown-key`, `missing-source`, …); stable
    /// across versions, so deployers' scripts and our tests can match on it.
    pub code: &'static str,
    pub message: String,
}

impl Diagnostic {
    /// A problem with a whole file (missing, unreadable): placed at its start.
    pub fn of_file(file: impl Into<String>, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { file: file.into(), line: 1, column: 1, offset: 0, code, message: message.into() }
    }

    /// `file:line:column`.
    pub fn position(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.column)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} [{}]", self.position(), self.message, self.code)
    }
}

/// Turns byte offsets into 1-based line and column numbers for one file.
pub(crate) struct Locator<'a> {
    file: &'a str,
    text: &'a str,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(file: &'a str, text: &'a str) -> Self {
        Self { file, text }
    }

    /// A diagnostic at byte `offset` of the file.
    pub(crate) fn at(&self, offset: usize, code: &'static str, message: impl Into<String>) -> Diagnostic {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Diagnostic { file: self.file.to_string(), line, column, offset, code, message: message.into() }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let locator = Locator::new("rules.toml", "a = 1\nbé = 2\n");
        let cases = [(0, 1, 1), (4, 1, 5), (6, 2, 1), (9, 2, 3), (100, 3, 1)];
        for (offset, line, column) in cases {
            let d = locator.at(offset, "x", "x");
            assert_eq!((d.line, d.column), (line, column), "offset {offset}");
        }
        assert_eq!(locator.at(6, "invalid-value", "bad").to_string(), "rules.toml:2:1: bad [invalid-value]");
    }
}
