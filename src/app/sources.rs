//! The Sources part of the result: every price, quota and compliance fact the evaluation used,
//! with its value, its source (linked when it has an address) and the day it was true.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use leptos::prelude::*;
use quick_cache::Equivalent;
use quick_cache::sync::Cache;

use advisor_core::sources::SourcedFigure;

/// Lists of figures kept rendered: one per Region of the rules in force, and as many again for
/// links that enter the hourly price or the KMS quota (each list kept holds its figures twice,
/// as key and as HTML, so more of them held megabytes for lists rarely asked for again).
const TABLES_KEPT: usize = 32;
/// Figures kept rendered: those of every Region, and a few hundred entered in links.
const ITEMS_KEPT: usize = 1024;

/// The Sources part for `figures`.
#[component]
pub fn Sources(figures: Arc<[SourcedFigure]>) -> impl IntoView {
    view! { <section class="sources" aria-labelledby="sources-heading" inner_html=inside_html(figures)></section> }
}

/// The heading and table for `figures`, rendered once for each list: the same for every state
/// in a Region, and rendering its rows was a large share of a new page's time.
fn inside_html(figures: Arc<[SourcedFigure]>) -> Arc<str> {
    static KEPT: OnceLock<Cache<Figures, Arc<str>>> = OnceLock::new();
    let kept = KEPT.get_or_init(|| Cache::new(TABLES_KEPT));
    let key = Figures(figures);
    if let Some(html) = kept.get(&key) {
        return html;
    }
    let html: Arc<str> = view! { <SourcesTable figures=Arc::clone(&key.0) /> }.to_html().into();
    kept.insert(key, Arc::clone(&html));
    html
}

/// A list of figures as a cache key: equal when the figures are, and most often the very list
/// the rules share, which compares without reading it.
#[derive(Clone)]
struct Figures(Arc<[SourcedFigure]>);

impl PartialEq for Figures {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl Eq for Figures {}

impl Hash for Figures {
    /// What tells lists apart (the Region in each label, the values, the dates) without the
    /// long source texts: lists that differ only there are told apart by `eq`.
    fn hash<H: Hasher>(&self, state: &mut H) {
        for figure in self.0.iter() {
            hash_figure(figure, state);
        }
    }
}

/// The heading, then every figure the result used, folded away: a list whose items wrap at
/// any width, each with its figure, its value, where it comes from and the day it was true, and
/// what to know before relying on it.
#[component]
fn SourcesTable(figures: Arc<[SourcedFigure]>) -> impl IntoView {
    let article = figures.iter().filter(|figure| figure.is_source_article()).count();
    let summary = match article {
        0 => format!("The {} prices, quotas and compliance facts behind this result", figures.len()),
        n => format!(
            "The {} prices, quotas and compliance facts behind this result ({n} from the source article, not AWS)",
            figures.len()
        ),
    };
    view! {
        <h2 id="sources-heading">"Sources"</h2>
        <details>
            <summary>{summary}</summary>
            <ul class="source-list" inner_html=items_html(&figures)></ul>
        </details>
    }
}

/// The items of `figures`, each rendered once for what it says and kept: most are the same in
/// every state of a Region, and a link that enters a price or a quota changes one of them.
fn items_html(figures: &[SourcedFigure]) -> String {
    static KEPT: OnceLock<Cache<Figure, Arc<str>>> = OnceLock::new();
    let kept = KEPT.get_or_init(|| Cache::new(ITEMS_KEPT));
    let mut html = String::with_capacity(figures.len() * 512);
    for figure in figures {
        // Looked up by reference: the figure is copied only into the key of a new item.
        let item = kept.get(&FigureRef(figure)).unwrap_or_else(|| {
            let item: Arc<str> = view! { <SourceItem figure=figure.clone() /> }.to_html().into();
            kept.insert(Figure(figure.clone()), Arc::clone(&item));
            item
        });
        html.push_str(&item);
    }
    html
}

/// A figure as a cache key: hashed as [`Figures`] hashes each of its figures.
#[derive(Clone, PartialEq)]
struct Figure(SourcedFigure);

impl Eq for Figure {}

impl Hash for Figure {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_figure(&self.0, state);
    }
}

/// A figure to look up, hashed as its [`Figure`] key is.
struct FigureRef<'a>(&'a SourcedFigure);

impl Hash for FigureRef<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_figure(self.0, state);
    }
}

impl Equivalent<Figure> for FigureRef<'_> {
    fn equivalent(&self, key: &Figure) -> bool {
        *self.0 == key.0
    }
}

fn hash_figure<H: Hasher>(figure: &SourcedFigure, state: &mut H) {
    figure.label.hash(state);
    figure.value.to_bits().hash(state);
    figure.as_of.hash(state);
}

/// One figure: its name, its value, the day it was true, and its source with what to know
/// before relying on it.
#[component]
fn SourceItem(figure: SourcedFigure) -> impl IntoView {
    let value = figure.shown();
    let words = figure.source_words().to_string();
    let source = match figure.url.clone() {
        Some(url) => view! {
            <a href=url rel="noopener">
                {words}
            </a>
        }
        .into_any(),
        None => words.into_any(),
    };
    let as_of = figure.as_of.map_or_else(
        || "entered in the link".into_any(),
        |date| {
            let (datetime, text) = (date.to_string(), date.to_string());
            view! {
                "as of "
                <time datetime=datetime>{text}</time>
            }
            .into_any()
        },
    );
    view! {
        <li data-figure=figure.figure>
            <span class="figure">{figure.label}</span>
            <span class="value">{value}</span>
            <span class="as-of">{as_of}</span>
            <span class="source">
                "Source: " {source} {figure.note.map(|note| view! { <span class="note">{note}</span> })}
            </span>
        </li>
    }
}
