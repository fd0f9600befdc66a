//! The page at `/rules/changes`: what changed in the rules, version by version, newest first,
//! so that a reader of an old link can see why the page now says something else.

use leptos::prelude::*;

use super::document::Document;
use advisor_core::costs::KeyOption;
use advisor_core::ruleset::{Change, RulesVersion};

/// Every version of the rules with its changes; `in_force` is the version being served, and
/// `titles` the options' names in `KeyOption::ALL`'s order.
#[component]
pub fn ChangesPage(
    options: LeptosOptions,
    versions: Vec<RulesVersion>,
    in_force: String,
    titles: Vec<String>,
) -> impl IntoView {
    let description = format!("What changed in the advisor's rules, up to version {in_force}.");
    view! {
        <Document options subject="What changed in the rules".to_string() description>
            <main class="page changes">
                <header class="masthead">
                    <h1>"What changed in the rules"</h1>
                    <p class="lede">
                        {format!(
                            "The advisor decides by rules that change as AWS does. A link made under an older version may now get another answer; this is why. In force: {in_force}.",
                        )}
                    </p>
                    <p>
                        <a href="/">"Open the advisor"</a>
                        " · "
                        <a href="/api/v1/rules/changes">"This list as JSON"</a>
                    </p>
                </header>
                {versions.into_iter().map(|version| view! { <Version version titles=titles.clone() /> }).collect_view()}
            </main>
        </Document>
    }
}

/// One version: its date, title and changes.
#[component]
fn Version(version: RulesVersion, titles: Vec<String>) -> impl IntoView {
    let id = format!("v{}", version.version);
    let (datetime, date) = (version.date.to_string(), version.date.to_string());
    view! {
        <section class="version" id=id.clone() aria-labelledby=format!("{id}-heading")>
            <h2 id=format!("{id}-heading")>{version.version} " · " <time datetime=datetime>{date}</time></h2>
            <p class="summary">{version.title}</p>
            <ul>
                {version
                    .changes
                    .into_iter()
                    .map(|change| view! { <ChangeItem change titles=titles.clone() /> })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// What changed, why, what it touches and where AWS says so.
#[component]
fn ChangeItem(change: Change, titles: Vec<String>) -> impl IntoView {
    let title = |option: &KeyOption| titles.get(option.index()).cloned().unwrap_or_else(|| option.id().to_string());
    let touches: Vec<String> = [
        ("parameters", change.parameters.join(", ")),
        ("rules", change.rules.join(", ")),
        ("options", change.options.iter().map(title).collect::<Vec<_>>().join(", ")),
        ("figures", change.figures.join(", ")),
    ]
    .into_iter()
    .filter(|(_, names)| !names.is_empty())
    .map(|(what, names)| format!("{what}: {names}"))
    .collect();
    let answers: Vec<String> =
        change.answers.iter().map(|answer| format!("{} before, for {}", title(&answer.was), answer.states)).collect();
    view! {
        <li class="change">
            <p class="what">{change.what}</p>
            <p class="why">{change.why}</p>
            {(!touches.is_empty())
                .then(|| view! { <p class="touches">{format!("Touches {}.", touches.join("; "))}</p> })}
            {(!answers.is_empty())
                .then(|| {
                    view! { <p class="answers">{format!("Changed answers: {}.", answers.join("; "))}</p> }
                })}
            {change
                .source
                .map(|source| {
                    view! {
                        <p class="source">
                            <a href=source.clone() rel="noopener">
                                "AWS's page on it"
                            </a>
                        </p>
                    }
                })}
        </li>
    }
}
