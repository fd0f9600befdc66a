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
    /// What kind of problem it is.
    pub code: Code,
    pub message: String,
    /// A second place in the same file that explains the first, such as where a duplicate id
    /// was defined first.
    pub related: Option<Related>,
}

/// A place a diagnostic points at besides its own, with what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset in the file.
    pub offset: usize,
    /// What is there: "defined here".
    pub label: &'static str,
}

/// Declares [`Code`] from one row per code: its variant, its name as diagnostics print it, and
/// what it means (the variant's doc, and the line docs/rules.md shows).
macro_rules! codes {
    ($($variant:ident => $name:literal, $description:literal;)*) => {
        /// What kind of problem a diagnostic is. Each code is stable across versions, so
        /// deployers' scripts and our tests can match on it; docs/rules.md lists them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $(#[doc = $description] $variant,)*
        }

        impl Code {
            /// Every code, in the order docs/rules.md lists them.
            pub const ALL: [Code; [$($name),*].len()] = [$(Code::$variant),*];

            /// The code as diagnostics print it, in kebab-case: `unknown-key`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// What the code means, in one line.
            pub fn description(self) -> &'static str {
                match self {
                    $(Code::$variant => $description,)*
                }
            }
        }
    };
}

codes! {
    MissingFile => "missing-file", "a rules file the directory must hold is not there";
    UnreadableFile => "unreadable-file", "the rules directory or one of its files cannot be read";
    InvalidToml => "invalid-toml", "a file is not valid TOML";
    UnknownKey => "unknown-key", "a key the schema does not have (often a misspelling)";
    MissingKey => "missing-key", "a key the schema requires is absent";
    InvalidValue => "invalid-value", "a value of the wrong type, or empty where words are expected";
    OutOfRange => "out-of-range", "a number outside its bounds, such as a price of 0 or a FIPS level of 5";
    InvalidDate => "invalid-date", "a date that is not a calendar day written as YYYY-MM-DD";
    MissingSource => "missing-source", "a figure or fact without the page it comes from";
    DuplicateId => "duplicate-id", "an id, Region or version given twice; the first is labelled";
    UnknownQuestion => "unknown-question", "a question id other than q1 to q5";
    MissingQuestion => "missing-question", "one of the five questions has no words";
    UnknownParameter => "unknown-parameter", "a name that is not a parameter of the URL contract";
    MissingParameter => "missing-parameter", "a parameter of the URL contract has no words";
    WrongQuestion => "wrong-question", "a parameter placed under another question than the contract's";
    UnknownAnswer => "unknown-answer", "an answer the parameter does not take";
    MissingAnswer => "missing-answer", "an answer of the parameter has no words";
    UnknownOption => "unknown-option", "an option id other than the advisor's options";
    MissingOption => "missing-option", "an option has no words (title, pros, cons)";
    InvalidCondition => "invalid-condition", "a `when` clause that does not parse or names what it cannot";
    InvalidTemplate => "invalid-template", "a `{placeholder}` in words that names no figure or fact";
    EmptyBlocks => "empty-blocks", "a requirement that rules out no option";
    MissingRule => "missing-rule", "no `[[rule]]` at all";
    RuleOrder => "rule-order", "the last rule or branch step lacks `when = []`, or one before the last has it";
    RuleOutcome => "rule-outcome", "a rule with both or neither of `option` and `branch`";
    UnknownBranch => "unknown-branch", "a rule hands over to a branch that does not exist";
    EmptyBranch => "empty-branch", "a branch without steps";
    MissingSummary => "missing-summary", "a rule that chooses an option has no summary";
    UnexpectedSummary => "unexpected-summary", "a rule that hands over to a branch has a summary";
    UnknownRule => "unknown-rule", "a rule, requirement, step or note id that does not exist";
    UnknownStep => "unknown-step", "a branch step id that does not exist";
    UnknownFigure => "unknown-figure", "a figure name the engine does not compute";
    UnknownRequestKind => "unknown-request-kind", "a KMS request price of a kind the cost model does not know";
    MissingRequestKind => "missing-request-kind", "a KMS request kind without a price";
    InvalidRegionCode => "invalid-region-code", "a Region code not shaped like us-east-1";
    MissingRegion => "missing-region", "the default Region, us-east-1, is not priced";
    CapacityPoints => "capacity-points", "CloudHSM's capacity curve has fewer than two points or is not rising";
    MissingVersion => "missing-version", "the changelog has no version, not even the rules in force";
    VersionOrder => "version-order", "changelog versions not newest first, or the newest not the rules in force";
}

impl Code {
    /// The code whose [`Code::as_str`] is `code`.
    pub fn from_str_code(code: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == code)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Diagnostic {
    /// A problem with a whole file (missing, unreadable): placed at its start.
    pub fn of_file(file: impl Into<String>, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic { file: file.into(), line: 1, column: 1, offset: 0, code, message: message.into(), related: None }
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
    pub(crate) fn at(&self, offset: usize, code: Code, message: impl Into<String>) -> Diagnostic {
        let (offset, line, column) = self.place(offset);
        Diagnostic { file: self.file.to_string(), line, column, offset, code, message: message.into(), related: None }
    }

    /// A diagnostic at byte `offset` that also points at `first`, labelled `label`.
    pub(crate) fn at_with(
        &self,
        offset: usize,
        code: Code,
        message: impl Into<String>,
        first: usize,
        label: &'static str,
    ) -> Diagnostic {
        let (first, line, column) = self.place(first);
        Diagnostic { related: Some(Related { line, column, offset: first, label }), ..self.at(offset, code, message) }
    }

    /// The byte offset (on a character boundary), line and column of `offset`.
    fn place(&self, offset: usize) -> (usize, usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (offset, line, before[line_start..].chars().count() + 1)
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
            let d = locator.at(offset, Code::InvalidValue, "x");
            assert_eq!((d.line, d.column), (line, column), "offset {offset}");
        }
        assert_eq!(locator.at(6, Code::InvalidValue, "bad").to_string(), "rules.toml:2:1: bad [invalid-value]");
    }

    #[test]
    fn codes_are_kebab_case_unique_and_described() {
        for (index, code) in Code::ALL.iter().enumerate() {
            let name = code.as_str();
            assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{name}");
            assert!(Code::ALL[..index].iter().all(|other| other.as_str() != name), "{name} twice");
            assert_eq!(Code::from_str_code(name), Some(*code));
            assert!(!code.description().is_empty() && !code.description().ends_with('.'), "{name}");
        }
    }
}
