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

/// One row per group of options that cost the same: their names, each marked when recommended
/// or ruled out, and the monthly cost, then the yearly and horizon costs unless `monthly_only`.
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
                    <th scope="row">
                        {row
                            .titles
                            .into_iter()
                            .map(|label| {
                                let mark = match (label.recommended, label.ruled_out) {
                                    (true, _) => " (recommended)",
                                    (false, true) => " (ruled out)",
                                    (false, false) => "",
                                };
                                let class = if label.ruled_out { "option ruled-out" } else { "option" };
                                view! { <span class=class>{format!("{}{mark}", label.title)}</span> }
                            })
                            .collect_view()}
                    </th>
                    <td>{row.monthly}</td>
                    {longer}
                </tr>
            }
        })
        .collect_view()
}
