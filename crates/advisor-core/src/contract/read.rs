//! How a parameter's text becomes its value: each kind's reading, with a message saying what
//! was expected when the text is not what the contract allows.

use std::borrow::Cow;

use super::{Kind, Parameter, Value};
use crate::format;

/// A value that could not be read, and what was expected of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputError {
    pub parameter: &'static str,
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.parameter, self.message)
    }
}

impl std::error::Error for InputError {}

impl Parameter {
    /// Reads `text` (trimmed, not empty) as this parameter's value; `regions` are the codes
    /// `Kind::Region` accepts.
    pub fn read(&self, text: &str, regions: &[&str]) -> Result<Value, InputError> {
        let error = |expected: String| InputError {
            parameter: self.name,
            message: format!("expected {expected}, found {}", format::quoted(text)),
        };
        match self.kind {
            Kind::Choice(answers) => answers
                .iter()
                .find(|&&a| a == text)
                .map(|&a| Value::Answer(a))
                .ok_or_else(|| error(format!("one of {}", answers.join(", ")))),
            Kind::Set(members) => {
                let mut given = Vec::new();
                for piece in text.split(',').map(str::trim).filter(|piece| !piece.is_empty()) {
                    given.push(*members.iter().find(|&&m| m == piece).ok_or_else(|| error(set_expected(members)))?);
                }
                if given.is_empty() {
                    return Err(error(set_expected(members)));
                }
                Ok(Value::Set(Cow::Owned(members.iter().copied().filter(|m| given.contains(m)).collect())))
            }
            Kind::Integer { min, max, or } => {
                if let Some(word) = or
                    && word == text
                {
                    return Ok(Value::Answer(word));
                }
                let expanded = expanded(text);
                let text = expanded.as_deref().unwrap_or(text);
                text.parse::<u64>().ok().filter(|n| (min..=max).contains(n)).map(Value::Integer).ok_or_else(|| {
                    let range = format!("from {} to {}", format::count(min as f64), format::count(max as f64));
                    error(match or {
                        Some(word) => format!("a whole number {range}, or {word}"),
                        None => format!("a whole number {range}"),
                    })
                })
            }
            Kind::Number { min, max, above } => {
                let expanded = expanded(text);
                let parsed = expanded
                    .as_deref()
                    .unwrap_or(text)
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite() && (min..=max).contains(x));
                match (parsed, above) {
                    (None, _) => Err(error(format!("a number from {} to {}", format::count(min), format::count(max)))),
                    (Some(x), Some(above)) if x <= min => Err(error(above.to_string())),
                    // -0 would print as "-0" in the share link.
                    (Some(x), _) => Ok(Value::Number(x + 0.0)),
                }
            }
            Kind::Region => regions
                .iter()
                .find(|&&code| code == text)
                .map(|code| Value::Region(Cow::Owned(code.to_string())))
                .ok_or_else(|| error(format!("one of {}", regions.join(", ")))),
            Kind::Version => {
                let fits = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_';
                let named = text.bytes().any(|b| b.is_ascii_alphanumeric());
                (text.len() <= 40 && named && text.bytes().all(fits))
                    .then(|| Value::Text(Cow::Owned(text.to_string())))
                    .ok_or_else(|| {
                        error(
                            "a rules version like 2026.11.29: at most 40 letters, digits, dots, hyphens or underscores"
                                .into(),
                        )
                    })
            }
            Kind::Text { max_chars } => {
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                // Bidirectional overrides and isolates would let a link's words display other
                // than they read; like control characters, they are refused.
                let hidden = |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
                let (length, count) = (text.chars().count(), format::count(max_chars as f64));
                if length > max_chars {
                    // Said, not cut: a cut would end the reader's words mid-sentence unseen.
                    return Err(error(format!(
                        "text of at most {count} characters; found {}: shorten it",
                        format::count(length as f64)
                    )));
                }
                if text.chars().any(hidden) {
                    return Err(error(format!(
                        "text of at most {count} characters, without control or bidirectional override characters"
                    )));
                }
                Ok(Value::Text(Cow::Owned(text)))
            }
        }
    }
}

/// The whole part of the number `text` writes, with or without a `k`, `M` or `B` suffix, as a
/// number parameter reads it (range apart); `None` for a negative number or other text. What
/// the form reads back in words as it is typed, without float parsing, which the browser's copy
/// of this code does without.
pub fn read_whole(text: &str) -> Option<u64> {
    let text = text.trim();
    let expanded = expanded(text);
    let plain = expanded.as_deref().unwrap_or(text);
    if plain.is_empty() || plain == "." {
        return None;
    }
    let whole = plain.split_once('.').map_or(plain, |(whole, _)| whole);
    let fraction_ok = plain.split_once('.').is_none_or(|(_, fraction)| fraction.bytes().all(|b| b.is_ascii_digit()));
    match whole {
        "" if fraction_ok => Some(0),
        digits if fraction_ok && digits.bytes().all(|b| b.is_ascii_digit()) => digits.parse().ok(),
        _ => None,
    }
}

/// A number written with a `k`, `M` or `B` suffix (either case: a thousand, a million, a
/// billion) as plain digits, the decimal point moved rather than multiplied so `1.1M` is exactly
/// `1100000`; `None` for any other text, which is read as it is.
fn expanded(text: &str) -> Option<String> {
    let shift = match text.as_bytes().last()? {
        b'k' | b'K' => 3,
        b'm' | b'M' => 6,
        b'b' | b'B' => 9,
        _ => return None,
    };
    let number = &text[..text.len() - 1];
    let (sign, digits) = number.strip_prefix('-').map_or(("", number), |digits| ("-", digits));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !plain(whole) || !plain(fraction) {
        return None;
    }
    let moved = fraction.len().min(shift);
    let (into_whole, rest) = fraction.split_at(moved);
    let integer = format!("{whole}{into_whole}{}", "0".repeat(shift - moved));
    let integer = match integer.trim_start_matches('0') {
        "" => "0",
        digits => digits,
    };
    let point = if rest.is_empty() { "" } else { "." };
    Some(format!("{sign}{integer}{point}{rest}"))
}

/// "one or more of a, b, c, separated by commas".
fn set_expected(members: &[&str]) -> String {
    format!("one or more of {}, separated by commas", members.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::PARAMETERS;

    #[test]
    fn numbers_take_a_thousand_million_or_billion_suffix() {
        let cases = [
            ("300M", Some("300000000")),
            ("1.5k", Some("1500")),
            ("1.1M", Some("1100000")),
            ("2b", Some("2000000000")),
            ("0.0000000001B", Some("0.1")),
            ("-2.5K", Some("-2500")),
            (".5k", Some("500")),
            ("k", None),
            ("1e3k", None),
            ("1.2.3M", None),
            ("12", None),
            ("none", None),
        ];
        for (text, expected) in cases {
            assert_eq!(expanded(text).as_deref(), expected, "{text}");
        }
        let find = |name: &str| PARAMETERS.iter().find(|p| p.name == name).unwrap();
        assert_eq!(find("requests").read("300M", &[]), Ok(Value::Number(3e8)));
        assert_eq!(find("keys").read("1.5k", &[]), Ok(Value::Integer(1500)));
        assert!(find("keys").read("1.2345k", &[]).is_err(), "a fraction of a key");
        assert_eq!(find("rotation").read("none", &[]), Ok(Value::Answer("none")));
        assert_eq!(
            find("keys").read("3X", &[]).unwrap_err().message,
            "expected a whole number from 0 to 1,000,000, found \"3X\""
        );
    }

    #[test]
    fn the_whole_part_is_read_for_the_words_under_a_field() {
        let cases =
            [("300M", Some(300_000_000)), ("1.5k", Some(1500)), ("12.9", Some(12)), (".5", Some(0)), ("-3", None)];
        for (text, expected) in cases.into_iter().chain([("abc", None), ("1.2.3", None), ("", None)]) {
            assert_eq!(read_whole(text), expected, "{text:?}");
        }
    }
}
