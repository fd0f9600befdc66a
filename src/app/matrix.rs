//! The decision at a glance on the page: a table with a row per requirement and a column per
//! option, each cell met or ruling the option out in words (not colour alone), its source one
//! link away, the recommended column marked. Narrow screens get each requirement as a card of
//! labelled cells, in the same reading order: requirement, option, verdict, reason.

use std::sync::{Arc, OnceLock};

use leptos::prelude::*;
use quick_cache::Weighter;
use quick_cache::sync::Cache;

use advisor_core::RuleSet;
use advisor_core::matrix::{CellVerdict, Matrix};

/// The matrix written for people.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixView {
    /// `(option id, title, recommended)` for each column.
    pub columns: Vec<(String, String, bool)>,
    pub rows: Vec<MatrixRowView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MatrixRowView {
    pub id: String,
    pub label: String,
    /// `(ruled out, reason, source)` for each column.
    pub cells: Vec<(bool, String, Option<String>)>,
}

impl MatrixView {
    pub fn new(rules: &RuleSet, matrix: &Matrix) -> MatrixView {
        MatrixView {
            columns: matrix
                .options
                .iter()
                .map(|&option| {
                    (option.id().to_string(), rules.title(option).to_string(), matrix.recommended == Some(option))
                })
                .collect(),
            rows: matrix
                .rows
                .iter()
                .map(|row| MatrixRowView {
                    id: row.id.clone(),
                    label: row.label.clone(),
                    cells: row
                        .cells
                        .iter()
                        .map(|cell| (cell.verdict == CellVerdict::RulesOut, cell.reason.clone(), cell.source.clone()))
                        .collect(),
                })
                .collect(),
        }
    }
}

/// The matrix as a table, folded open; nothing when it has no row.
#[component]
pub fn DecisionMatrix(matrix: MatrixView) -> impl IntoView {
    let MatrixView { columns, rows } = matrix;
    (!rows.is_empty()).then(|| {
        // A phone shows each cell under its option's name, the recommended one marked there too.
        let titles: Vec<String> = columns
            .iter()
            .map(|(_, title, recommended)| if *recommended { format!("{title} (recommended)") } else { title.clone() })
            .collect();
        view! {
            <section class="matrix" aria-labelledby="matrix-heading">
                <h2 id="matrix-heading">"The decision at a glance"</h2>
                <table class="decision-matrix">
                    <caption>"Each requirement against each option: met, or ruling the option out, and why"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Requirement"</th>
                            {columns
                                .into_iter()
                                .map(|(option, title, recommended)| {
                                    view! {
                                        <th scope="col" data-option=option class=recommended.then_some("recommended")>
                                            {title}
                                            {recommended.then(|| view! { <span class="mark">" (recommended)"</span> })}
                                        </th>
                                    }
                                })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody inner_html=rows_html(&rows, &titles)></tbody>
                </table>
            </section>
        }
    })
}

/// Rows kept rendered, in bytes of their HTML and their keys: most states share most of their
/// rows (the same custody, the same key usage), and rendering the cells was a large share of a
/// new page. Bounded by bytes, as a row's texts are long (docs/performance.md).
const ROWS_KEPT_BYTES: u64 = 1024 * 1024;
/// How many rows that is, about, as the cache sizes its tables.
const ROWS_KEPT_ESTIMATE: usize = 300;

/// A row and the titles of the columns it sits under.
type RowKey = (MatrixRowView, Vec<String>);

/// The bytes a kept row holds: its texts as a key, then its HTML.
#[derive(Clone)]
struct RowBytes;

impl Weighter<RowKey, Arc<str>> for RowBytes {
    fn weight(&self, (row, titles): &RowKey, html: &Arc<str>) -> u64 {
        let cells: usize =
            row.cells.iter().map(|(_, reason, source)| reason.len() + source.as_ref().map_or(0, String::len)).sum();
        let titles: usize = titles.iter().map(String::len).sum();
        (row.id.len() + row.label.len() + cells + titles + html.len()) as u64
    }
}

/// The rows' HTML, each rendered once for its cells and the columns' titles.
fn rows_html(rows: &[MatrixRowView], titles: &[String]) -> String {
    static KEPT: OnceLock<Cache<RowKey, Arc<str>, RowBytes>> = OnceLock::new();
    let kept = KEPT.get_or_init(|| Cache::with_weighter(ROWS_KEPT_ESTIMATE, ROWS_KEPT_BYTES, RowBytes));
    rows.iter()
        .map(|row| {
            let key = (row.clone(), titles.to_vec());
            if let Some(html) = kept.get(&key) {
                return html;
            }
            let html: Arc<str> = view! { <MatrixRow row=row.clone() titles=titles.to_vec() /> }.to_html().into();
            kept.insert(key, Arc::clone(&html));
            html
        })
        .collect::<Vec<_>>()
        .concat()
}

/// One requirement across the options: its label, then a cell under each column.
#[component]
fn MatrixRow(row: MatrixRowView, titles: Vec<String>) -> impl IntoView {
    let cells = row
        .cells
        .into_iter()
        .zip(titles)
        .map(|((ruled_out, reason, source), title)| {
            let (verdict, class) = if ruled_out { ("Rules it out", "rules-out") } else { ("Met", "met") };
            view! {
                <td class=class data-label=title>
                    <strong class="verdict-word">{verdict}</strong>
                    " "
                    {reason}
                    {source
                        .map(|href| {
                            view! {
                                " "
                                <a href=href rel="noopener">
                                    "Source"
                                </a>
                            }
                        })}
                </td>
            }
        })
        .collect_view();
    view! {
        <tr data-row=row.id>
            <th scope="row">{row.label}</th>
            {cells}
        </tr>
    }
}
