//! How a request's query becomes the advisor's state, the one way every handler gets it: the
//! rules in force, read once per request, and the inputs read by them. [`Valid`] is for the API,
//! the charts and the exports, which refuse a malformed parameter; [`Lenient`] is for the page
//! and the card, which show the message beside the field and evaluate the rest. A comparison's
//! two states come the same two ways: [`LenientPair`] and [`ValidPair`].

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::{ApiError, AppState};
use advisor_core::compare::{StateError, StateQueries, read_states};
use advisor_core::{InputError, Inputs, RuleSet};

/// A query read leniently: each malformed parameter is in `errors` and took its default.
pub struct Lenient {
    pub rules: Arc<RuleSet>,
    pub inputs: Inputs,
    pub errors: Vec<InputError>,
}

/// A query whose every parameter is valid.
pub struct Valid {
    pub rules: Arc<RuleSet>,
    pub inputs: Inputs,
}

impl Lenient {
    /// Reads `query` (without the `?`) by `rules`.
    pub fn read(rules: Arc<RuleSet>, query: &str) -> Lenient {
        let (inputs, errors) = Inputs::from_query(query, &rules.region_codes());
        Lenient { rules, inputs, errors }
    }

    /// The state, or the first malformed parameter as a 400.
    pub fn valid(self) -> Result<Valid, ApiError> {
        match self.errors.into_iter().next() {
            Some(error) => Err(error.into()),
            None => Ok(Valid { rules: self.rules, inputs: self.inputs }),
        }
    }
}

impl FromRequestParts<AppState> for Lenient {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Lenient::read(state.rules(), parts.uri.query().unwrap_or("")))
    }
}

impl FromRequestParts<AppState> for Valid {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Lenient::read(state.rules(), parts.uri.query().unwrap_or("")).valid()
    }
}

/// A comparison's query read leniently: both states, each malformed parameter in `errors` with
/// its side (it took its default).
pub struct LenientPair {
    pub rules: Arc<RuleSet>,
    /// The states as the query gives them.
    pub queries: StateQueries,
    /// B as the form's fields state it, when they came beside `a` without `b`.
    pub form: Option<String>,
    /// A, then B.
    pub states: [Inputs; 2],
    pub errors: Vec<StateError>,
}

/// A comparison whose two states are valid: A, then B.
pub struct ValidPair {
    pub rules: Arc<RuleSet>,
    pub states: [Inputs; 2],
}

impl LenientPair {
    /// The state, or the first malformed state or parameter as a 400.
    pub fn valid(self) -> Result<ValidPair, ApiError> {
        match self.errors.into_iter().next() {
            Some(error) => Err(error.into()),
            None => Ok(ValidPair { rules: self.rules, states: self.states }),
        }
    }
}

impl FromRequestParts<AppState> for LenientPair {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let rules = state.rules();
        let (queries, form) = StateQueries::read(parts.uri.query().unwrap_or(""));
        let (states, errors) = read_states(&queries, &rules.region_codes());
        Ok(LenientPair { rules, queries, form, states, errors })
    }
}

impl FromRequestParts<AppState> for ValidPair {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        LenientPair::from_request_parts(parts, state).await.unwrap_or_else(|never| match never {}).valid()
    }
}
