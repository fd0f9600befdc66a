//! Break-even between options that apply: the volume of one kind of request at which the
//! recommended option and another option not ruled out cost the same in the first month, the
//! other kinds held. Edition 2's `break_even_requests_per_month` (symmetric requests, KMS
//! against CloudHSM whatever rules them out) is kept beside it for old readers.

use serde::{Serialize, Serializer};

use super::{KeyOption, PriceSheet, RequestKind, Requests, Usage};

/// Where two options that apply cost the same as one kind of request grows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BreakEven {
    /// The kind of request whose volume is varied, as `rules/prices.toml` names it
    /// (`symmetric`, `rsa-2048`, `asymmetric`, …): the kind the workload makes most of.
    #[serde(serialize_with = "kind_name")]
    pub kind: RequestKind,
    /// The recommended option, then the option whose cost it meets.
    pub between: [KeyOption; 2],
    /// Requests of `kind` a month at which the two cost the same, rounded; at least 0.
    pub requests_per_month: f64,
}

fn kind_name<S: Serializer>(kind: &RequestKind, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(kind.rules_kind())
}

/// The largest volume searched: 10^15 requests a month, far past any KMS quota.
const MOST_REQUESTS: f64 = 1e15;

/// Enough steps of false position for cost lines with a kink or two (the free tier, AWS
/// services' share); each step halves what is left at worst.
const STEPS: usize = 80;

impl PriceSheet {
    /// The kind of request that matters to `usage`: the one with the most requests a month
    /// among `allowed` (the kinds the keys' usage makes), else the first of `allowed`.
    pub fn deciding_kind(usage: &Usage, allowed: &[RequestKind]) -> RequestKind {
        let volume = |kind: &&RequestKind| usage.requests[kind.index()];
        allowed
            .iter()
            .filter(|kind| volume(kind) > 0.0)
            .max_by(|a, b| volume(a).total_cmp(&volume(b)))
            .or(allowed.first())
            .copied()
            .unwrap_or(RequestKind::Symmetric)
    }

    /// Where `recommended` and one of `open` (options not ruled out) cost the same as requests
    /// of `kind` grow; of several, the one nearest the workload's own volume. `None` when no
    /// option's cost line crosses the recommendation's.
    pub fn break_even(
        &self,
        usage: &Usage,
        kind: RequestKind,
        recommended: KeyOption,
        open: &[KeyOption],
    ) -> Option<BreakEven> {
        let now = usage.requests[kind.index()].max(1.0);
        open.iter()
            .filter(|&&other| other != recommended)
            .filter_map(|&other| {
                let volume = self.crossing(usage, kind, recommended, other)?;
                Some(BreakEven { kind, between: [recommended, other], requests_per_month: volume })
            })
            .min_by(|a, b| distance(a.requests_per_month, now).total_cmp(&distance(b.requests_per_month, now)))
    }

    /// The volume of `kind` at which `a` and `b` cost the same in the first month, by false
    /// position between no requests and [`MOST_REQUESTS`] (the Illinois variant, which does
    /// not stall at a kink); `None` when their difference keeps its sign over the range.
    fn crossing(&self, usage: &Usage, kind: RequestKind, a: KeyOption, b: KeyOption) -> Option<f64> {
        let gap = |volume: f64| {
            let mut requests: Requests = usage.requests;
            requests[kind.index()] = volume;
            self.exact_usd(a, usage, &requests, 1) - self.exact_usd(b, usage, &requests, 1)
        };
        let (mut low, mut high) = (0.0, MOST_REQUESTS);
        let (mut gap_low, mut gap_high) = (gap(low), gap(high));
        // Equal at every volume (KMS and its imported key material) or never equal.
        if gap_low.abs() < 1e-9 && gap_high.abs() < 1e-9 || gap_low.signum() == gap_high.signum() {
            return None;
        }
        let mut side = 0;
        for _ in 0..STEPS {
            let volume = (low * gap_high - high * gap_low) / (gap_high - gap_low);
            let at = gap(volume);
            if at.abs() < 1e-7 || high - low < 0.5 {
                return Some(volume.round().max(0.0));
            }
            if at.signum() == gap_low.signum() {
                (low, gap_low) = (volume, at);
                if side == -1 {
                    gap_high /= 2.0;
                }
                side = -1;
            } else {
                (high, gap_high) = (volume, at);
                if side == 1 {
                    gap_low /= 2.0;
                }
                side = 1;
            }
        }
        Some(((low + high) / 2.0).round())
    }
}

/// How far apart two volumes are, as a ratio: a crossing at ten times the workload is as far as
/// one at a tenth of it.
fn distance(volume: f64, now: f64) -> f64 {
    (volume.max(1.0) / now).ln().abs()
}
