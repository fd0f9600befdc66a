//! Reading one rules file in two steps, as each file's module does it: a [`Reader`] takes the
//! file's top-level keys one by one (so one bad entry is reported without hiding the next), and
//! [`Reader::finish`] reports the keys nobody asked for and hands over to a [`Check`], which
//! validates what was read. Every problem is collected with its code and position.

use crate::diagnostics::Code;
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::condition::{Condition, Context};
use super::text::Template;
use super::{SourceFile, Sourced};
use crate::costs::KeyOption;
use crate::diagnostics::{Diagnostic, Locator};

/// The ids a file has defined so far, each with the byte offset of its first definition.
pub(super) type Seen = HashMap<String, usize>;

/// The top-level table of one file, consumed key by key.
pub(super) struct Reader<'a, 'd> {
    locator: Locator<'a>,
    diagnostics: &'d mut Vec<Diagnostic>,
    entries: Vec<(Spanned<String>, Spanned<DeValue<'a>>)>,
    expected: Vec<&'static str>,
}

impl<'a, 'd> Reader<'a, 'd> {
    /// `None` (with the syntax error recorded) when the file is not TOML.
    pub(super) fn parse(file: &'a SourceFile, diagnostics: &'d mut Vec<Diagnostic>) -> Option<Reader<'a, 'd>> {
        let locator = Locator::new(&file.path, &file.text);
        match DeTable::parse(&file.text) {
            Ok(table) => Some(Reader {
                locator,
                diagnostics,
                entries: table
                    .into_inner()
                    .into_iter()
                    .map(|(key, value)| {
                        let span = key.span();
                        (Spanned::new(span, key.into_inner().into_owned()), value)
                    })
                    .collect(),
                expected: Vec::new(),
            }),
            Err(error) => {
                let offset = error.span().map_or(0, |span| span.start);
                let message = format!("invalid TOML: {}", error.message().trim());
                diagnostics.push(locator.at(offset, Code::InvalidToml, message));
                None
            }
        }
    }

    fn take(&mut self, key: &'static str) -> Option<Spanned<DeValue<'a>>> {
        self.expected.push(key);
        match self.entries.iter().position(|(k, _)| k.get_ref() == key) {
            Some(index) => Some(self.entries.remove(index).1),
            None => {
                self.diagnostics.push(self.locator.at(0, Code::MissingKey, format!("missing key `{key}`")));
                None
            }
        }
    }

    /// The value of a required key.
    pub(super) fn required<T: DeserializeOwned>(&mut self, key: &'static str) -> Option<T> {
        let value = self.take(key)?;
        self.deserialize(key, value)
    }

    /// Every element of a required array (or array of tables), each read on its own. The
    /// elements that could be read, and whether that was all of them: checks of the whole list
    /// (which one is last, which are missing) are only meaningful when it was.
    pub(super) fn each<T: DeserializeOwned>(&mut self, key: &'static str) -> (Vec<Spanned<T>>, bool) {
        let Some(value) = self.take(key) else {
            return (Vec::new(), false);
        };
        let span = value.span();
        match value.into_inner() {
            DeValue::Array(elements) => {
                let count = elements.len();
                let items: Vec<Spanned<T>> = elements
                    .into_iter()
                    .filter_map(|element| {
                        let span = element.span();
                        self.deserialize(key, element).map(|value| Spanned::new(span, value))
                    })
                    .collect();
                let complete = items.len() == count;
                (items, complete)
            }
            other => {
                let message = format!("`{key}`: expected an array, found {}", other.type_str());
                self.diagnostics.push(self.locator.at(span.start, Code::InvalidValue, message));
                (Vec::new(), false)
            }
        }
    }

    fn deserialize<T: DeserializeOwned>(&mut self, key: &str, value: Spanned<DeValue<'a>>) -> Option<T> {
        let start = value.span().start;
        T::deserialize(ValueDeserializer::from(value))
            .map_err(|error| {
                let offset = error.span().map_or(start, |span| span.start);
                let message = error.message().trim();
                let code = if message.starts_with("unknown field") {
                    Code::UnknownKey
                } else if message.starts_with("missing field") {
                    Code::MissingKey
                } else {
                    Code::InvalidValue
                };
                self.diagnostics.push(self.locator.at(offset, code, format!("`{key}`: {message}")));
            })
            .ok()
    }

    /// Reports every key no reader asked for, then hands the file over for validation.
    pub(super) fn finish(self) -> Check<'a, 'd> {
        let expected = self.expected.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        for (key, _) in self.entries {
            let message = format!("unknown key `{}`, expected one of {expected}", key.get_ref());
            self.diagnostics.push(self.locator.at(key.span().start, Code::UnknownKey, message));
        }
        Check { locator: self.locator, diagnostics: self.diagnostics }
    }
}

/// A figure as the files write it: the value, where it comes from and when that was true.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawFigure<T> {
    pub value: Spanned<T>,
    pub source: Spanned<String>,
    pub as_of: Spanned<String>,
}

/// Validates what a [`Reader`] read from one file, collecting its problems.
pub(super) struct Check<'a, 'd> {
    locator: Locator<'a>,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Check<'_, '_> {
    pub(super) fn error(&mut self, offset: usize, code: Code, message: impl Into<String>) {
        self.diagnostics.push(self.locator.at(offset, code, message));
    }

    /// Offset of the first character inside a string's quotes.
    pub(super) fn inside(value: &Spanned<String>) -> usize {
        value.span().start + 1
    }

    /// `id`, reported when `seen` already has it, pointing at where it was defined first.
    pub(super) fn unique<'s>(&mut self, seen: &mut Seen, id: &'s Spanned<String>, what: &str) -> &'s str {
        match seen.get(id.get_ref()) {
            Some(&first) => {
                let message = format!("duplicate {what} \"{}\"", id.get_ref());
                let diagnostic =
                    self.locator.at_with(id.span().start, Code::DuplicateId, message, first, "defined here");
                self.diagnostics.push(diagnostic);
            }
            None => {
                seen.insert(id.get_ref().clone(), id.span().start);
            }
        }
        id.get_ref()
    }

    pub(super) fn date(&mut self, as_of: &Spanned<String>) -> Option<NaiveDate> {
        self.date_of("as-of", as_of)
    }

    /// The date `key` gives, `YYYY-MM-DD`.
    pub(super) fn date_of(&mut self, key: &str, value: &Spanned<String>) -> Option<NaiveDate> {
        // chrono also takes "2026-1-1" and "+2026-01-01"; the files write dates one way only.
        let text = value.get_ref();
        let shaped = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().filter(|_| shaped);
        if date.is_none() {
            let message = format!("`{key}`: expected a date like \"2026-11-01\", found \"{text}\"");
            self.error(value.span().start, Code::InvalidDate, message);
        }
        date
    }

    /// The source of a figure, which must say where it comes from.
    pub(super) fn source(&mut self, source: Spanned<String>) -> String {
        if source.get_ref().trim().is_empty() {
            let message = "`source`: expected where the figure comes from, found an empty string";
            self.error(source.span().start, Code::MissingSource, message);
        }
        source.into_inner()
    }

    /// `value` with its source, which must be given, and its date, which must be a date.
    pub(super) fn sourced<T>(
        &mut self,
        value: T,
        source: Spanned<String>,
        as_of: &Spanned<String>,
    ) -> Option<Sourced<T>> {
        let source = self.source(source);
        Some(Sourced { value, source, as_of: self.date(as_of)? })
    }

    /// A figure whose source is given and whose date is a date.
    pub(super) fn figure<T: Copy>(&mut self, figure: RawFigure<T>) -> Option<Sourced<T>> {
        self.sourced(*figure.value.get_ref(), figure.source, &figure.as_of)
    }

    /// A sourced number that must be positive and finite.
    pub(super) fn positive(&mut self, figure: RawFigure<f64>, what: &str) -> Option<Sourced<f64>> {
        let value = *figure.value.get_ref();
        if !(value.is_finite() && value > 0.0) {
            let message = format!("`{what}`: expected a number above 0, found {value}");
            self.error(figure.value.span().start, Code::OutOfRange, message);
        }
        self.figure(figure)
    }

    pub(super) fn template(&mut self, text: &Spanned<String>) -> Option<Template> {
        Template::parse(text.get_ref())
            .map_err(|(offset, message)| self.error(Self::inside(text) + offset, Code::InvalidTemplate, message))
            .ok()
    }

    pub(super) fn conditions(&mut self, when: &[Spanned<String>], context: Context) -> Option<Vec<Condition>> {
        let parsed: Vec<Option<Condition>> = when
            .iter()
            .map(|clause| {
                Condition::parse(clause.get_ref(), context)
                    .map_err(|message| self.error(Self::inside(clause), Code::InvalidCondition, message))
                    .ok()
            })
            .collect();
        parsed.into_iter().collect()
    }

    pub(super) fn option(&mut self, option: &Spanned<String>) -> Option<KeyOption> {
        let found = KeyOption::from_id(option.get_ref());
        if found.is_none() {
            let ids = KeyOption::ALL.map(KeyOption::id).join(", ");
            let message = format!("`option`: expected one of {ids}, found \"{}\"", option.get_ref());
            self.error(option.span().start, Code::UnknownOption, message);
        }
        found
    }
}
