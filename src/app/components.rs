//! Pieces the advisor page and the embed card both show.

use leptos::prelude::*;

use super::model::CostRow;

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

/// One row per option: its title and its monthly cost, then its yearly and horizon costs unless
/// `monthly_only`.
#[component]
pub fn CostRows(rows: Vec<CostRow>, #[prop(optional)] monthly_only: bool) -> impl IntoView {
    rows.into_iter()
        .map(|row| {
            let longer = (!monthly_only).then(|| {
                view! {
                    <td>{row.yearly}</td>
                    <td>{row.horizon}</td>
                }
            });
            view! {
                <tr data-option=row.option>
                    <th scope="row">{row.title}</th>
                    <td>{row.monthly}</td>
                    {longer}
                </tr>
            }
        })
        .collect_view()
}
