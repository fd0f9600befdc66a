//! The constructors of the contract's rows: one for each common shape of parameter, so the table
//! reads as a list.

use super::{Implied, Kind, Parameter, Section, Value};

/// How many of `keys` are of one type (0 to 10^6). Not given, it is derived from `usage` and
/// `keys`, and a share link leaves it out; above zero, it implies that the keys do `usage`.
pub(super) const fn key_count(name: &'static str, usage: &'static str) -> Parameter {
    Parameter {
        name,
        kind: Kind::Integer { min: 0, max: 1_000_000, or: None },
        default: Value::Absent,
        section: Section::Workload,
        replaced_by: None,
        implies: Some(Implied { set: "usage", member: usage, alone: false }),
        applies: None,
    }
}

/// Requests a month of a kind other than symmetric, which imply that the keys do `usage`.
pub(super) const fn requests_of(name: &'static str, usage: &'static str) -> Parameter {
    requests(name, Implied { set: "usage", member: usage, alone: false })
}

/// Requests a month of a kind that makes the keys do `usage` and nothing else, unless `usage` is
/// given too.
pub(super) const fn requests_alone(name: &'static str, usage: &'static str) -> Parameter {
    requests(name, Implied { set: "usage", member: usage, alone: true })
}

/// Requests a month (0 to 10^13) of a kind whose count above zero `implies` a member.
const fn requests(name: &'static str, implies: Implied) -> Parameter {
    Parameter {
        name,
        kind: Kind::Number { min: 0.0, max: 1e13, above: None },
        default: Value::Number(0.0),
        section: Section::RequestMix,
        replaced_by: None,
        implies: Some(implies),
        applies: None,
    }
}

/// A multiple-choice parameter whose default is its first answer.
pub(super) const fn choice(name: &'static str, answers: &'static [&'static str], section: Section) -> Parameter {
    Parameter {
        name,
        kind: Kind::Choice(answers),
        default: Value::Answer(answers[0]),
        section,
        replaced_by: None,
        implies: None,
        applies: None,
    }
}

pub(super) const fn integer(name: &'static str, min: u64, max: u64, default: u64, section: Section) -> Parameter {
    let kind = Kind::Integer { min, max, or: None };
    Parameter { name, kind, default: Value::Integer(default), section, replaced_by: None, implies: None, applies: None }
}

pub(super) const fn number(
    name: &'static str,
    min: f64,
    max: f64,
    above: Option<&'static str>,
    default: f64,
    section: Section,
) -> Parameter {
    Parameter {
        name,
        kind: Kind::Number { min, max, above },
        default: Value::Number(default),
        section,
        replaced_by: None,
        implies: None,
        applies: None,
    }
}
