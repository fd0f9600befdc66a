//! The sets of answers (what the keys do, how your code calls them): taking a member out with
//! what implies it, and the options a state's answers show.

use super::{Inputs, Value};
use crate::costs::{KeyOption, RequestKind};

impl Inputs {
    /// Whether the keys' `usage` makes requests of `kind`: symmetric for `encrypt` and `hmac`,
    /// the asymmetric kinds for `sign`, data key pairs for `keypair`, payment requests for
    /// `payment`.
    pub fn makes(&self, kind: RequestKind) -> bool {
        match kind {
            RequestKind::Symmetric => self.has("usage", "encrypt") || self.has("usage", "hmac"),
            RequestKind::Rsa2048 | RequestKind::Asymmetric => self.has("usage", "sign"),
            RequestKind::EccKeypair | RequestKind::RsaKeypair => self.has("usage", "keypair"),
            RequestKind::Payment => self.has("usage", crate::contract::PAYMENT),
        }
    }

    /// The kinds of request the keys' `usage` makes, in `RequestKind::ALL`'s order.
    pub fn request_kinds(&self) -> Vec<RequestKind> {
        RequestKind::ALL.into_iter().filter(|&kind| self.makes(kind)).collect()
    }

    /// The members of the set parameter `name`, in its list's order; none for another name.
    pub fn members(&self, name: &str) -> &[&'static str] {
        match self.get(name) {
            Some(Value::Set(members)) => members,
            _ => &[],
        }
    }

    /// The options a page, card, chart, CSV or decision record shows for these answers, in
    /// `KeyOption::ALL`'s order: every option but AWS Payment Cryptography, which is shown when
    /// the keys do payment functions (the one case in which it can be advised). The API prices
    /// every option whatever the answers.
    pub fn shown_options(&self) -> Vec<KeyOption> {
        let payment = self.has("usage", crate::contract::PAYMENT);
        KeyOption::ALL.into_iter().filter(|option| payment || !option.payment_only()).collect()
    }

    /// A copy with `member` taken out of the set `name` (its default when none would be left),
    /// and every number that implies it set to zero, so that it stays out: the advice for the
    /// other keys when the keys do payment functions too. `None` if `name` is not a set or lacks
    /// `member`.
    pub fn without_member(&self, name: &str, member: &str) -> Option<Inputs> {
        let index = self.contract.iter().position(|parameter| parameter.name == name)?;
        let Value::Set(members) = &self.values[index] else { return None };
        if !members.contains(&member) {
            return None;
        }
        let left: Vec<&'static str> = members.iter().copied().filter(|&m| m != member).collect();
        let mut changed = self.clone();
        changed.values[index] =
            if left.is_empty() { self.contract[index].default.clone() } else { Value::Set(left.into()) };
        for (at, parameter) in self.contract.iter().enumerate() {
            if parameter.implies.is_some_and(|implied| implied.set == name && implied.member == member) {
                // Each such number implies nothing at its default (0, or derived when absent).
                changed.values[at] = parameter.default.clone();
            }
        }
        changed.parts_of_keys_error().is_none().then_some(changed)
    }
}
