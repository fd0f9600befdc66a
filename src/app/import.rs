//! The import: a form that posts a Terraform plan or an AWS bill (on the advisor's page and on
//! `/import`), and the page that answers it, listing per state what was read, what was assumed
//! and the advisor's link. The links come from `advisor_core::import::imported`, as the API's
//! and the CLI's do.

use leptos::prelude::*;

use super::document::Document;
use advisor_core::import::{Imported, ImportedState};

/// A file that could not be read: its name and where, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportFailure {
    pub file: String,
    pub message: String,
}

/// The form: a plain `multipart/form-data` POST, so it works without JavaScript.
#[component]
pub fn ImportForm() -> impl IntoView {
    view! {
        <form class="import-form" method="post" action="/import" enctype="multipart/form-data">
            <label for="import-file">
                "A Terraform plan or state (terraform show -json) or an AWS Cost and Usage Report (CSV, plain or gzip)"
            </label>
            <input
                id="import-file"
                type="file"
                name="file"
                multiple
                required
                accept=".json,.csv,.gz,application/json,text/csv,application/gzip"
            />
            <button type="submit">"Read the file"</button>
            <p class="hint">
                "Nothing is kept: the file is read for this one answer and never stored or logged. Plans can hold secrets; the answer is links. Up to 10 MiB here; "
                <code>"kms-hsm-advisor import"</code> " reads files of any size."
            </p>
        </form>
    }
}

/// The section of the advisor's page that offers the import.
#[component]
pub fn ImportSection() -> impl IntoView {
    view! {
        <section class="import" aria-labelledby="import-heading">
            <h2 id="import-heading">"Start from your Terraform plan or AWS bill"</h2>
            <p>
                "The keys, their kinds and the month's requests may already be in a file you have. Each Region in it becomes a link to the advisor with those answers."
            </p>
            <ImportForm />
        </section>
    }
}

/// `/import`: the form, and what the files posted to it gave (or why they could not be read).
#[component]
pub fn ImportPage(options: LeptosOptions, files: Vec<Imported>, failures: Vec<ImportFailure>) -> impl IntoView {
    let description =
        "Read a Terraform plan or an AWS bill into the advisor's answers, one link per Region.".to_string();
    view! {
        <Document options subject="Start from your Terraform plan or AWS bill".to_string() description>
            <main class="page import-page">
                <header class="masthead">
                    <h1>"Start from your Terraform plan or AWS bill"</h1>
                    <p>
                        <a href="/">"Open the advisor"</a>
                    </p>
                </header>
                {(!failures.is_empty())
                    .then(|| {
                        view! {
                            <section class="import-errors" role="alert" aria-labelledby="import-errors-heading">
                                <h2 id="import-errors-heading">"Not read"</h2>
                                <ul>
                                    {failures
                                        .into_iter()
                                        .map(|failure| {
                                            view! {
                                                <li>
                                                    <code>{failure.file}</code>
                                                    ": "
                                                    {failure.message}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </section>
                        }
                    })}
                {files.into_iter().map(|file| view! { <FileView file /> }).collect_view()}
                <section class="import" aria-label="Read another file">
                    <ImportForm />
                </section>
            </main>
        </Document>
    }
}

/// One file: its kind and month, a part per state, the comparisons and the notes.
#[component]
fn FileView(file: Imported) -> impl IntoView {
    let month = file.period.map(|period| {
        let partial = if period.complete { "" } else { " (partial: the file stops before its end)" };
        format!("The month read: {} to {}{partial}.", period.start, period.end)
    });
    let deleted = (!file.deleted.is_empty())
        .then(|| format!("Deleted by the plan and not counted: {}.", file.deleted.join(", ")));
    view! {
        <section class="imported-file">
            <h2>{format!("{} ({})", file.file, file.format_label)}</h2>
            {month.map(|month| view! { <p>{month}</p> })}
            {file.states.into_iter().map(|state| view! { <StateView state /> }).collect_view()}
            {(!file.compare.is_empty())
                .then(|| {
                    view! {
                        <ul class="import-compare">
                            {file
                                .compare
                                .into_iter()
                                .map(|compare| {
                                    view! {
                                        <li>
                                            <a href=compare
                                                .link>{format!("Compare {} with {}", compare.a, compare.b)}</a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            <ul class="import-notes">
                {file.notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}
                {deleted.map(|deleted| view! { <li>{deleted}</li> })}
                <li>{format!("Skipped as of other kinds: {}.", file.skipped)}</li>
            </ul>
        </section>
    }
}

/// One state: its link and recommendation first, then what was read, assumed and found.
#[component]
fn StateView(state: ImportedState) -> impl IntoView {
    let heading = format!("{} · {}", state.region, state.workload);
    view! {
        <article class="imported-state" data-region=state.region.clone()>
            <h3>{heading}</h3>
            <p class="imported-link">
                <a href=state.link>{format!("Open the advice: {}", state.recommended_title)}</a>
            </p>
            <h4>"Read from the file"</h4>
            <ul class="import-read">{state.read.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            <h4>"Assumed: the file does not say"</h4>
            <ul class="import-assumed">
                {state
                    .assumed
                    .into_iter()
                    .map(|assumed| {
                        view! {
                            <li>
                                <code>{format!("{}={}", assumed.parameter, assumed.value)}</code>
                                ": "
                                {assumed.why}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {(!state.findings.is_empty())
                .then(|| {
                    view! {
                        <h4>"Found: these read like requirements; confirm them"</h4>
                        <ul class="import-findings">
                            {state
                                .findings
                                .into_iter()
                                .map(|finding| {
                                    view! {
                                        <li>
                                            {format!("{} in {}: ", finding.what, finding.found_in)}
                                            <a href=finding
                                                .link>
                                                {format!("the advice with {}={}", finding.parameter, finding.value)}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </article>
    }
}
