//! User-facing sentences of the rules with `{placeholders}` for figures and facts, checked when
//! the rules load so that rendering cannot fail.

use super::condition::Figure;

/// A fact that is words, not a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFact {
    KmsFips,
    KmsFipsCertificate,
    CloudhsmFips,
    CloudhsmFipsCertificate,
    KmsFipsRecord,
    CloudhsmFipsRecord,
    CloudhsmHardware,
    CloudhsmPreviousHardware,
    Region,
    RegionName,
    /// Each kind of request over its quota, with its load and quota.
    OverQuota,
    /// The quota increases that serve the load, by Service Quotas name.
    QuotaIncrease,
    /// The quota the load comes nearest to, by name.
    BusiestQuota,
    /// The interfaces other than the KMS API that your code calls keys through, by name.
    HsmInterfaces,
}

impl TextFact {
    pub const ALL: [TextFact; 14] = [
        TextFact::KmsFips,
        TextFact::KmsFipsCertificate,
        TextFact::CloudhsmFips,
        TextFact::CloudhsmFipsCertificate,
        TextFact::KmsFipsRecord,
        TextFact::CloudhsmFipsRecord,
        TextFact::CloudhsmHardware,
        TextFact::CloudhsmPreviousHardware,
        TextFact::Region,
        TextFact::RegionName,
        TextFact::OverQuota,
        TextFact::QuotaIncrease,
        TextFact::BusiestQuota,
        TextFact::HsmInterfaces,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TextFact::KmsFips => "kms_fips",
            TextFact::KmsFipsCertificate => "kms_fips_certificate",
            TextFact::CloudhsmFips => "cloudhsm_fips",
            TextFact::CloudhsmFipsCertificate => "cloudhsm_fips_certificate",
            TextFact::KmsFipsRecord => "kms_fips_record",
            TextFact::CloudhsmFipsRecord => "cloudhsm_fips_record",
            TextFact::CloudhsmHardware => "cloudhsm_hardware",
            TextFact::CloudhsmPreviousHardware => "cloudhsm_previous_hardware",
            TextFact::Region => "region",
            TextFact::RegionName => "region_name",
            TextFact::OverQuota => "over_quota",
            TextFact::QuotaIncrease => "quota_increase",
            TextFact::BusiestQuota => "busiest_quota",
            TextFact::HsmInterfaces => "hsm_interface_names",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Literal(String),
    Figure(Figure),
    Fact(TextFact),
}

/// A sentence whose placeholders all name known figures or facts.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    pieces: Vec<Piece>,
}

impl Template {
    /// Parses `text`; the error gives the byte offset in `text` of the bad placeholder.
    pub fn parse(text: &str) -> Result<Template, (usize, String)> {
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let offset = text.len() - rest.len() + open;
            let close =
                rest[open..].find('}').ok_or_else(|| (offset, "expected `}` to close the placeholder".to_string()))?;
            let name = &rest[open + 1..open + close];
            let piece = if let Some(figure) = Figure::from_name(name) {
                Piece::Figure(figure)
            } else if let Some(fact) = TextFact::ALL.into_iter().find(|fact| fact.name() == name) {
                Piece::Fact(fact)
            } else {
                let known: Vec<&str> =
                    Figure::ALL.map(Figure::name).into_iter().chain(TextFact::ALL.map(TextFact::name)).collect();
                return Err((
                    offset,
                    format!("unknown placeholder `{{{name}}}`, expected one of {}", known.join(", ")),
                ));
            };
            if open > 0 {
                pieces.push(Piece::Literal(rest[..open].to_string()));
            }
            pieces.push(piece);
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Literal(rest.to_string()));
        }
        Ok(Template { pieces })
    }

    /// The sentence with every placeholder filled in.
    pub fn render(&self, figure: impl Fn(Figure) -> String, fact: impl Fn(TextFact) -> String) -> String {
        self.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Literal(text) => text.clone(),
                Piece::Figure(f) => figure(*f),
                Piece::Fact(f) => fact(*f),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled() {
        let template = Template::parse("Peak {peak_ops} in {region}.").unwrap();
        let text = template.render(|f| Figure::show(f, 2000.0), |f| f.name().to_uppercase());
        assert_eq!(text, "Peak 2,000/s in REGION.");
    }

    /// A placeholder names one thing: a fact named like a figure would never be read.
    #[test]
    fn facts_and_figures_have_names_of_their_own() {
        for fact in TextFact::ALL {
            assert_eq!(Figure::from_name(fact.name()), None, "{}", fact.name());
            let template = Template::parse(&format!("{{{}}}", fact.name())).unwrap();
            assert_eq!(template.render(|_| "figure".into(), |_| "fact".into()), "fact", "{}", fact.name());
        }
    }

    #[test]
    fn bad_placeholders_are_located() {
        assert_eq!(Template::parse("ok {nope} x").unwrap_err().0, 3);
        assert!(
            Template::parse("ok {nope} x")
                .unwrap_err()
                .1
                .starts_with("unknown placeholder `{nope}`, expected one of peak_ops")
        );
        assert_eq!(
            Template::parse("a {peak_ops").unwrap_err(),
            (2, "expected `}` to close the placeholder".to_string())
        );
    }
}
