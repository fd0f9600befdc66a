//! The decision core: the URL contract's inputs, the rule set loaded from TOML, the cost model
//! and the evaluation. Pure: no web framework, no plotting, no runtime, no I/O. Callers hand it
//! file contents and query pairs.

pub mod adr;
pub mod advice;
pub mod breakdown;
pub mod chart;
pub mod compare;
pub mod contract;
pub mod costs;
pub mod diagnostics;
pub mod export;
pub mod format;
pub mod import;
pub mod inputs;
pub mod matrix;
pub mod per_option;
pub mod ruleset;
pub mod sources;
pub mod summary;
pub mod throughput;

pub use advice::{Advice, evaluate};
pub use diagnostics::Diagnostic;
pub use inputs::{InputError, Inputs};
pub use ruleset::{RuleSet, SourceFile};
