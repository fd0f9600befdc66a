//! The compact result at `/embed`, made to sit in another site's iframe: the recommendation,
//! its reason, the monthly costs and the cost chart, with no form and no app scripts. The server
//! renders it whole; a small script reports its height to the host page.

use advisor_core::export::Export;
use leptos::prelude::*;

use super::components::{AnswerSummary, CostRows, InputErrors};
use super::cost_table::OptionLabel;
use super::document::{Document, Kind};
use super::model::{BlockedView, Verdict, chart_url};
use advisor_core::format;

/// The iframe's width when nothing tells it otherwise, CSS pixels; its height is the card's
/// for that state ([`card_height`]), so hosts that cannot run the resize listener show all of it.
pub const EMBED_WIDTH: u32 = 640;

/// The most characters of the reader's context, the summary and each reason the card shows: a
/// longer text is cut at a word, and the whole is one click away on the page.
const CONTEXT_CHARS: usize = 140;
const SUMMARY_CHARS: usize = 200;
const REASON_CHARS: usize = 110;

/// Characters a line of the card holds at [`EMBED_WIDTH`], counted low so that the height
/// worked out is never short: body text, the narrower cost table's option column, and the
/// smaller text of the reasons and the rules notice. A narrower frame holds proportionally fewer.
const TEXT_LINE: usize = 68;
const OPTION_LINE: usize = 38;
const SMALL_LINE: usize = 95;

/// The card's content width at [`EMBED_WIDTH`]: the frame less the card's padding and border.
const INNER_PX: u32 = EMBED_WIDTH - 34;

/// Heights in CSS pixels of the card's parts (16 px text, line height 1.5): what every card has
/// but the chart (frame, eyebrow, headline, caption, folded answers, links, the computed line and
/// the gaps between them) at [`EMBED_WIDTH`], the lines of those parts that wrap in a narrower
/// frame, then a line of each size.
const FIXED_PX: u32 = 251;
const FIXED_LINES: f64 = 6.0;
const TEXT_LINE_PX: u32 = 24;
const SMALL_LINE_PX: u32 = 20;
/// A cost table row's padding and rule, beside its lines.
const ROW_PX: u32 = 9;

/// The card's height in a frame `width` CSS pixels wide (at most [`EMBED_WIDTH`]): what it shows
/// of `verdict`, line by line, counted so that the card fits with room to spare rather than be
/// cut.
pub fn card_height(verdict: &Verdict, width: u32) -> u32 {
    let inner = width.clamp(240, EMBED_WIDTH) - 34;
    let narrower = f64::from(INNER_PX) / f64::from(inner);
    let per_line = |chars: usize| ((chars as f64 / narrower) as usize).max(8);
    let lines = |text: &str, chars: usize| text.chars().count().div_ceil(per_line(chars)).max(1) as u32;
    let context =
        verdict.context.as_deref().map_or(0, |text| lines(&format::clipped(text, CONTEXT_CHARS), TEXT_LINE) + 1);
    let summary = lines(&format::clipped(&verdict.summary, SUMMARY_CHARS), TEXT_LINE);
    let errors: u32 =
        verdict.errors.iter().map(|(parameter, message)| lines(&format!("{parameter}: {message}"), TEXT_LINE)).sum();
    let notice = verdict.notice_line.as_deref().map_or(0, |line| lines(line, SMALL_LINE) + 1);
    let rows: u32 = verdict
        .costs
        .iter()
        .map(|row| {
            // Each option of a row on its line, with " (recommended)" or " (ruled out)".
            let marked = |label: &OptionLabel| {
                label.title.chars().count() + if label.recommended || label.ruled_out { 14 } else { 0 }
            };
            let option_lines: u32 =
                row.titles.iter().map(|label| marked(label).div_ceil(per_line(OPTION_LINE)).max(1) as u32).sum();
            let notes: u32 = row
                .titles
                .iter()
                .filter_map(|label| label.note.as_deref())
                .map(|note| lines(note, SMALL_LINE / 2))
                .sum();
            option_lines * TEXT_LINE_PX + notes * SMALL_LINE_PX + ROW_PX
        })
        .sum();
    let ruled_out: u32 = verdict.blocked.iter().map(|option| lines(&ruled_out_line(option), SMALL_LINE)).sum();
    // The chart keeps its drawing's proportions; a frame as narrow as NARROW gets the taller one.
    let chart = if width <= NARROW_PX { CHART_NARROW } else { CHART_WIDE };
    let chart = (f64::from(inner) * f64::from(chart.1) / f64::from(chart.0)).ceil() as u32;
    let wrapped = ((narrower - 1.0).max(0.0) * FIXED_LINES * f64::from(TEXT_LINE_PX)).ceil() as u32;
    FIXED_PX
        + wrapped
        + chart
        + (context + summary + errors) * TEXT_LINE_PX
        + rows
        + (notice + ruled_out) * SMALL_LINE_PX
}

/// "AWS CloudHSM: why", the first reason cut at a word.
fn ruled_out_line(option: &BlockedView) -> String {
    let reason = option.reasons.first().map(|(because, _)| because.as_str()).unwrap_or_default();
    format!("{}: {}", option.title, format::clipped(reason, REASON_CHARS))
}

/// The chart's pixel size for wide and for narrow frames, so its text stays legible.
const CHART_WIDE: (u32, u32) = (720, 405);
const CHART_NARROW: (u32, u32) = (480, 400);
const NARROW: &str = "(max-width: 500px)";
/// The widest frame, CSS pixels, that [`NARROW`] holds for.
const NARROW_PX: u32 = 500;

/// The `<iframe>` a host pastes to show `embed_url`, escaped as HTML.
pub fn iframe_snippet(embed_url: &str, title: &str, width: u32, height: u32) -> String {
    view! {
        <iframe
            src=embed_url.to_string()
            title=format!("KMS vs CloudHSM Advisor: {title}")
            width=width
            height=height
            style="border:0;max-width:100%"
        ></iframe>
    }
    // Leptos knows no `loading` on iframes yet.
    .attr("loading", "lazy")
    .to_html()
}

/// The whole embed document, linking to the full page with the same state; `theme` is the
/// host's choice of colours (`light` or `dark`), the reader's system's when `None`.
#[component]
pub fn EmbedPage(verdict: Verdict, options: LeptosOptions, theme: Option<&'static str>) -> impl IntoView {
    let (query, chart_query) = (verdict.query.clone(), verdict.chart_query.clone());
    let chart = verdict.charts.first().cloned();
    let chart = chart.map(|chart| {
        let url = |theme: &str, (width, height): (u32, u32)| {
            chart_url(&chart.slug, "svg", &chart_query, theme, Some((width, height)))
        };
        // The host's theme, else the reader's system's.
        let (light, dark) = match theme {
            Some(fixed) => (fixed, fixed),
            None => ("light", "dark"),
        };
        view! {
            <figure class="chart">
                <picture>
                    <source media=format!("{NARROW} and (prefers-color-scheme: dark)") srcset=url(dark, CHART_NARROW) />
                    <source media="(prefers-color-scheme: dark)" srcset=url(dark, CHART_WIDE) />
                    <source media=NARROW srcset=url(light, CHART_NARROW) />
                    <img src=url(light, CHART_WIDE) alt=chart.description width=CHART_WIDE.0 height=CHART_WIDE.1 />
                </picture>
            </figure>
        }
    });
    // One line an option: its name and the first reason; the full page has every reason.
    let ruled_out = (!verdict.blocked.is_empty()).then(|| {
        let lines = verdict
            .blocked
            .iter()
            .map(|option| view! { <li data-option=option.option.clone()>{ruled_out_line(option)}</li> })
            .collect_view();
        view! { <ul class="embed-ruled-out">{lines}</ul> }
    });
    // A long context is cut at a word; the page, one click away, has the whole.
    let share_url = verdict.share_url.clone();
    let context = verdict.context.map(|context| {
        let shown = format::clipped(&context, CONTEXT_CHARS);
        let cut = shown != context;
        view! {
            <p class="context" title=cut.then(|| context.clone())>
                {shown}
                {cut
                    .then(|| {
                        view! {
                            " "
                            <a href=share_url.clone() target="_blank" rel="noopener">
                                "Read it all"
                            </a>
                        }
                    })}
            </p>
        }
    });
    let summary = format::clipped(&verdict.summary, SUMMARY_CHARS);
    let subject = verdict.title.clone();
    let oembed_href = verdict.oembed_href.clone();
    // One line: the card has no room for the changes, which the page lists.
    let notice = verdict.notice_line.clone().map(|line| {
        view! {
            <p class="embed-rules-notice">
                {line} " " <a href="/rules/changes" target="_blank" rel="noopener">
                    "What changed"
                </a>
            </p>
        }
    });
    view! {
        <Document options subject oembed_href kind=Kind::Card theme>
            <main class="embed-card" data-option=verdict.option.clone()>
                <p class="eyebrow">"KMS vs CloudHSM Advisor recommends"</p>
                {context}
                <h1 id="recommendation">{verdict.title}</h1>
                <p class="summary">{summary}</p>
                {notice}
                <InputErrors errors=verdict.errors />
                <table class="embed-costs">
                    <caption>"Cost per month"</caption>
                    <tbody>
                        <CostRows rows=verdict.costs monthly_only=true />
                    </tbody>
                </table>
                {ruled_out}
                <details class="embed-answers">
                    <summary>"The answers behind it"</summary>
                    <AnswerSummary lines=verdict.answers />
                </details>
                {chart}
                <p class="open">
                    <a href=verdict.share_url target="_blank" rel="noopener">
                        "Open in the advisor"
                    </a>
                    " · "
                    <a
                        href=format!("{}?{query}", Export::DecisionRecord.path())
                        target="_blank"
                        rel="noopener"
                        download
                    >
                        "Decision record (.md)"
                    </a>
                </p>
                <p class="computed">{format!("Computed {} under rules {}", verdict.computed, verdict.rules_version)}</p>
            </main>
        </Document>
    }
}
