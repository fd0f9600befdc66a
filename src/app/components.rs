//! Pieces the advisor page and the embed card both show.

use leptos::prelude::*;

/// The URL's malformed parameters, each with what was expected; they took their defaults.
#[component]
pub fn InputErrors(errors: Vec<(String, String)>) -> impl IntoView {
    view! {
        <ul class="input-errors">
            {errors
                .into_iter()
                .map(|(parameter, message)| {
                    view! { <li data-parameter=parameter.clone()>{format!("{parameter}: {message}")}</li> }
                })
                .collect_view()}
        </ul>
    }
}
