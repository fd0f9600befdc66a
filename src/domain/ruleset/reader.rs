//! Reads one TOML file key by key, so that one bad entry is reported without hiding the next:
//! every problem of the file is collected with its position.

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::domain::diagnostics::{Diagnostic, Locator};

/// The top-level table of one file, consumed key by key.
pub(crate) struct Reader<'a> {
    pub(crate) locator: Locator<'a>,
    entries: Vec<(Spanned<String>, Spanned<DeValue<'a>>)>,
    expected: Vec<&'static str>,
}

impl<'a> Reader<'a> {
    /// `None` (with the syntax error recorded) when the file is not TOML.
    pub(crate) fn parse(file: &'a str, text: &'a str, diagnostics: &mut Vec<Diagnostic>) -> Option<Reader<'a>> {
        let locator = Locator::new(file, text);
        match DeTable::parse(text) {
            Ok(table) => Some(Reader {
                locator,
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
                diagnostics.push(locator.at(offset, format!("invalid TOML: {}", error.message().trim())));
                None
            }
        }
    }

    fn take(&mut self, key: &'static str, diagnostics: &mut Vec<Diagnostic>) -> Option<Spanned<DeValue<'a>>> {
        self.expected.push(key);
        match self.entries.iter().position(|(k, _)| k.get_ref() == key) {
            Some(index) => Some(self.entries.remove(index).1),
            None => {
                diagnostics.push(self.locator.at(0, format!("missing key `{key}`")));
                None
            }
        }
    }

    /// The value of a required key.
    pub(crate) fn required<T: DeserializeOwned>(
        &mut self,
        key: &'static str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let value = self.take(key, diagnostics)?;
        self.deserialize(key, value, diagnostics)
    }

    /// Every element of a required array (or array of tables), each read on its own. The
    /// elements that could be read, and whether that was all of them: checks of the whole list
    /// (which one is last, which are missing) are only meaningful when it was.
    pub(crate) fn each<T: DeserializeOwned>(
        &mut self,
        key: &'static str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Vec<Spanned<T>>, bool) {
        let Some(value) = self.take(key, diagnostics) else {
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
                        self.deserialize(key, element, diagnostics).map(|value| Spanned::new(span, value))
                    })
                    .collect();
                let complete = items.len() == count;
                (items, complete)
            }
            other => {
                let found = other.type_str();
                diagnostics.push(self.locator.at(span.start, format!("`{key}`: expected an array, found {found}")));
                (Vec::new(), false)
            }
        }
    }

    fn deserialize<T: DeserializeOwned>(
        &self,
        key: &str,
        value: Spanned<DeValue<'a>>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let start = value.span().start;
        T::deserialize(ValueDeserializer::from(value))
            .map_err(|error| {
                let offset = error.span().map_or(start, |span| span.start);
                diagnostics.push(self.locator.at(offset, format!("`{key}`: {}", error.message().trim())));
            })
            .ok()
    }

    /// Reports every key no reader asked for.
    pub(crate) fn finish(self, diagnostics: &mut Vec<Diagnostic>) {
        for (key, _) in self.entries {
            let expected = self.expected.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
            diagnostics.push(
                self.locator
                    .at(key.span().start, format!("unknown key `{}`, expected one of {expected}", key.get_ref())),
            );
        }
    }
}
