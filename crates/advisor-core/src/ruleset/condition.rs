//! The small condition language of the rules: `"<figure> <operator> <value or figure>"`, e.g.
//! `"peak_ops > kms_quota"` or `"team == hsm"`, and the figures it can name.

use crate::contract::{Kind, PARAMETERS, find};
use crate::costs::KeyOption;

mod figure;

pub use self::figure::{Figure, Unit};

/// A comparison between numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    Equal,
    NotEqual,
    Below,
    AtMost,
    Above,
    AtLeast,
}

impl Comparison {
    const ALL: [(&'static str, Comparison); 6] = [
        ("==", Comparison::Equal),
        ("!=", Comparison::NotEqual),
        ("<", Comparison::Below),
        ("<=", Comparison::AtMost),
        (">", Comparison::Above),
        (">=", Comparison::AtLeast),
    ];

    pub fn holds(self, left: f64, right: f64) -> bool {
        match self {
            Comparison::Equal => left == right,
            Comparison::NotEqual => left != right,
            Comparison::Below => left < right,
            Comparison::AtMost => left <= right,
            Comparison::Above => left > right,
            Comparison::AtLeast => left >= right,
        }
    }

    /// `is above`, or `is not above` when `holds` is false.
    pub fn words(self, holds: bool) -> &'static str {
        match (self, holds) {
            (Comparison::Equal, true) | (Comparison::NotEqual, false) => "is equal to",
            (Comparison::Equal, false) | (Comparison::NotEqual, true) => "is not equal to",
            (Comparison::Below, true) => "is below",
            (Comparison::Below, false) => "is not below",
            (Comparison::AtMost, true) => "is at most",
            (Comparison::AtMost, false) => "is above",
            (Comparison::Above, true) => "is above",
            (Comparison::Above, false) => "is not above",
            (Comparison::AtLeast, true) => "is at least",
            (Comparison::AtLeast, false) => "is below",
        }
    }
}

/// The right-hand side of a numeric comparison.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Operand {
    Figure(Figure),
    Number(f64),
}

/// One clause of a rule's `when` list; a rule matches when all of its clauses hold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Condition {
    /// A set parameter has (or lacks) a member, e.g. `usage has sign`.
    Member {
        parameter: &'static str,
        member: &'static str,
        has: bool,
    },
    /// An answer is (or is not) a given one.
    Answer {
        /// A multiple-choice parameter of the contract.
        parameter: &'static str,
        answer: &'static str,
        equal: bool,
    },
    /// The recommended option is (or is not) a given one; only notes, which come after the
    /// decision, may ask this.
    Recommended {
        option: KeyOption,
        equal: bool,
    },
    Compare {
        left: Figure,
        comparison: Comparison,
        right: Operand,
    },
}

/// Where a condition may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Decision,
    Note,
}

impl Condition {
    /// Parses one clause; the error says what was expected and what was found.
    pub fn parse(text: &str, context: Context) -> Result<Condition, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let [left, operator, right] = words[..] else {
            return Err(format!(
                "expected a condition of three words, \"<figure or question> <operator> <value>\", found \"{text}\""
            ));
        };
        if let Some(Kind::Set(members)) = find(PARAMETERS, left).map(|p| p.kind) {
            let has = match operator {
                "has" => true,
                "lacks" => false,
                _ => return Err(format!("expected has or lacks after \"{left}\", found \"{operator}\"")),
            };
            let member = members
                .iter()
                .find(|&&m| m == right)
                .ok_or_else(|| format!("expected a member of {left} ({}), found \"{right}\"", members.join(", ")))?;
            let parameter = find(PARAMETERS, left).map_or("", |p| p.name);
            return Ok(Condition::Member { parameter, member, has });
        }
        let Some(&(_, comparison)) = Comparison::ALL.iter().find(|(symbol, _)| *symbol == operator) else {
            return Err(format!("expected one of the operators == != < <= > >=, found \"{operator}\""));
        };
        let equality = match comparison {
            Comparison::Equal => Some(true),
            Comparison::NotEqual => Some(false),
            _ => None,
        };

        if let Some((parameter, answers)) = find(PARAMETERS, left).and_then(|p| match p.kind {
            Kind::Choice(answers) => Some((p.name, answers)),
            _ => None,
        }) {
            let equal = equality.ok_or_else(|| format!("expected == or != after \"{left}\", found \"{operator}\""))?;
            let answer = answers
                .iter()
                .find(|&&a| a == right)
                .ok_or_else(|| format!("expected an answer of {left} ({}), found \"{right}\"", answers.join(", ")))?;
            return Ok(Condition::Answer { parameter, answer, equal });
        }
        if left == "option" {
            if context == Context::Decision {
                return Err("expected a question or figure, found \"option\", which only notes can use".to_string());
            }
            let equal = equality.ok_or_else(|| format!("expected == or != after \"option\", found \"{operator}\""))?;
            let ids: Vec<&str> = KeyOption::ALL.map(KeyOption::id).to_vec();
            let option = KeyOption::from_id(right)
                .ok_or_else(|| format!("expected an option ({}), found \"{right}\"", ids.join(", ")))?;
            return Ok(Condition::Recommended { option, equal });
        }
        let left = Figure::from_name(left).ok_or_else(|| {
            format!("expected a question parameter, \"option\" or a figure ({}), found \"{left}\"", figure_names())
        })?;
        let right = match (Figure::from_name(right), right.parse::<f64>()) {
            (Some(figure), _) => Operand::Figure(figure),
            (None, Ok(number)) if number.is_finite() => Operand::Number(number),
            _ => {
                return Err(format!("expected a number or a figure ({}), found \"{right}\"", figure_names()));
            }
        };
        Ok(Condition::Compare { left, comparison, right })
    }
}

fn figure_names() -> String {
    Figure::ALL.map(Figure::name).join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_parse() {
        assert_eq!(
            Condition::parse("peak_ops > kms_quota", Context::Decision),
            Ok(Condition::Compare {
                left: Figure::PeakOps,
                comparison: Comparison::Above,
                right: Operand::Figure(Figure::KmsQuota)
            })
        );
        assert_eq!(
            Condition::parse("  team   !=  hsm ", Context::Decision),
            Ok(Condition::Answer { parameter: "team", answer: "hsm", equal: false })
        );
        assert_eq!(
            Condition::parse("peak_share_of_kms_quota >= 0.8", Context::Note),
            Ok(Condition::Compare {
                left: Figure::PeakShareOfKmsQuota,
                comparison: Comparison::AtLeast,
                right: Operand::Number(0.8)
            })
        );
        assert_eq!(
            Condition::parse("option != kms", Context::Note),
            Ok(Condition::Recommended { option: KeyOption::Kms, equal: false })
        );
    }

    #[test]
    fn bad_clauses_say_what_was_expected() {
        let cases = [
            (
                "team == ",
                "expected a condition of three words, \"<figure or question> <operator> <value>\", found \"team == \"",
            ),
            ("team = hsm", "expected one of the operators == != < <= > >=, found \"=\""),
            ("team > hsm", "expected == or != after \"team\", found \">\""),
            ("fips == 4", "expected an answer of fips (none, 2, 3), found \"4\""),
            ("option == kms", "expected a question or figure, found \"option\", which only notes can use"),
        ];
        for (text, message) in cases {
            assert_eq!(Condition::parse(text, Context::Decision), Err(message.to_string()), "{text}");
        }
        let unknown = Condition::parse("speed > 3", Context::Decision).unwrap_err();
        assert!(
            unknown.starts_with("expected a question parameter, \"option\" or a figure (peak_ops, keys,"),
            "{unknown}"
        );
        assert!(unknown.ends_with("found \"speed\""));
        let nan = Condition::parse("keys > NaN", Context::Decision).unwrap_err();
        assert!(nan.ends_with("found \"NaN\""), "{nan}");
    }

    #[test]
    fn figures_are_shown_in_their_units() {
        assert_eq!(Figure::KmsQuota.show(100_000.0), "100,000/s");
        assert_eq!(Figure::KmsFipsLevel.show(3.0), "Level 3");
        assert_eq!(Figure::RequiredFipsLevel.show(0.0), "none");
        assert_eq!(Figure::PeakShareOfKmsQuota.show(0.85), "85%");
        assert_eq!(Figure::CloudhsmMonthlyUsd.show(2131.6), "$2,131.60");
    }
}
