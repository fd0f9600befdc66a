//! Server-rendered cost charts (server build only): the domain's cost model drawn with plotters
//! as SVG or PNG, each with a sentence that states what it shows in numbers.

mod compared;
mod draw;
mod look;
mod svg;
mod words;

use chrono::NaiveDate;
use plotters::prelude::*;

pub use self::compared::{ComparedLine, ComparisonChart};
use self::draw::Dashes;
pub use self::look::{Look, MAX_SIDE, MIN_SIDE, Theme};
use self::svg::{with_dash_arrays, with_title_and_description};
use self::words::{describe_assumptions, describe_requests, describe_rotation, describe_time, request_mix};
use advisor_core::advice::{Advice, Outlook};
pub use advisor_core::chart::{CURVE_POINTS, Chart, month_label, month_start};
use advisor_core::contract::HOURS_PER_MONTH;
use advisor_core::costs::{BreakEven, KeyOption, MonthCost, PerOption, Projection, RequestKind, equal_groups};
use advisor_core::{Inputs, RuleSet, format};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the embedded font could not be registered")]
    Font,
    #[error("drawing the chart failed: {0}")]
    Drawing(String),
    #[error("encoding the PNG failed: {0}")]
    Encoding(String),
}

/// One line of a chart: the options whose costs it shows (equal for every volume and month), and
/// its legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub options: Vec<KeyOption>,
    pub label: String,
    /// The legend on a phone-sized chart, where the full names would run out of the frame:
    /// the options' short names ("KMS = Imported = External key store").
    pub short: String,
}

impl Series {
    /// The legend for a plot `width` pixels wide.
    pub fn legend(&self, width: u32) -> &str {
        if width < NARROW_LEGEND { &self.short } else { &self.label }
    }
}

/// Below this width in pixels a chart's legend names options by their short names.
const NARROW_LEGEND: u32 = 600;

/// An option's name where room is short: a legend on a phone.
fn short_name(option: KeyOption) -> &'static str {
    match option {
        KeyOption::Kms => "KMS",
        KeyOption::KmsImported => "Imported",
        KeyOption::CustomKeyStore => "CloudHSM key store",
        KeyOption::ExternalKeyStore => "External key store",
        KeyOption::Cloudhsm => "CloudHSM",
        KeyOption::PaymentCryptography => "Payment Cryptography",
    }
}

/// What the evaluation of a state decided that its charts show: the cost model's results, the
/// options ruled out (marked in the legend) and where two options that apply cost the same.
#[derive(Debug, Clone, Copy)]
pub struct Decided<'a> {
    pub projection: &'a Projection,
    pub ruled_out: PerOption<bool>,
    pub break_even: Option<BreakEven>,
}

impl<'a> From<&'a Advice> for Decided<'a> {
    fn from(advice: &'a Advice) -> Self {
        Decided {
            projection: &advice.projection,
            ruled_out: advice.blocked.0.map(|_, blocks| !blocks.is_empty()),
            break_even: advice.break_even,
        }
    }
}

impl<'a> From<&'a Outlook> for Decided<'a> {
    fn from(outlook: &'a Outlook) -> Self {
        Decided { projection: &outlook.projection, ruled_out: outlook.ruled_out, break_even: outlook.break_even }
    }
}

/// Everything a chart shows: the cost model's results for a state, with the chart's words.
pub struct ChartData<'a> {
    pub title: String,
    /// The lines, options that cost the same sharing one.
    pub series: Vec<Series>,
    pub subtitle: String,
    pub description: String,
    pub projection: &'a Projection,
    /// Where two options that apply cost the same as the varied kind of request grows.
    pub break_even: Option<BreakEven>,
    /// The varied kind of request's name, plural and lower case: "symmetric KMS requests".
    pub varied: String,
    /// Index into `projection.months` of the first month where the break-even's two options
    /// swap places over time.
    pub crossing: Option<usize>,
    /// The first day of the first month on the time axis.
    pub first_month: NaiveDate,
    /// Months (1 for the first) within the horizon in which a rotation charge raises KMS's
    /// monthly cost; empty without rotation or keys.
    pub rotation_steps: Vec<u32>,
}

impl<'a> ChartData<'a> {
    /// The words of `chart` for `inputs`, whose cost model says `projection`; the time axis
    /// starts in `today`'s month.
    pub fn new(chart: Chart, rules: &RuleSet, inputs: &Inputs, decided: Decided<'a>, today: NaiveDate) -> Self {
        let projection = decided.projection;
        let series = series(rules, inputs, &decided);
        let ChartWords { title, description, .. } = ChartWords::of(chart, rules, inputs, &decided, today, &series);
        ChartData {
            title,
            subtitle: subtitle(chart, rules, inputs, projection, today),
            description,
            series,
            projection,
            break_even: decided.break_even,
            varied: varied_name(rules, projection.varied),
            crossing: crossing(&projection.months, decided.break_even),
            first_month: month_start(today, 0),
            rotation_steps: rotation_steps(inputs, projection),
        }
    }
}

/// What a chart says in words: its title and the sentence that states its numbers, which the
/// page shows beside the image and the SVG carries as its `<desc>`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartWords {
    pub chart: Chart,
    pub title: String,
    pub description: String,
}

impl ChartWords {
    /// Both charts' words, in `Chart::ALL`'s order; their lines are worked out once.
    pub fn both(rules: &RuleSet, inputs: &Inputs, decided: Decided, today: NaiveDate) -> [ChartWords; 2] {
        let lines = series(rules, inputs, &decided);
        Chart::ALL.map(|chart| ChartWords::of(chart, rules, inputs, &decided, today, &lines))
    }

    fn of(
        chart: Chart,
        rules: &RuleSet,
        inputs: &Inputs,
        decided: &Decided,
        today: NaiveDate,
        series: &[Series],
    ) -> ChartWords {
        let projection = decided.projection;
        let usage = &projection.usage;
        let mix = request_mix(usage, projection.varied);
        let varied = varied_name(rules, projection.varied);
        let (title, description) = match chart {
            Chart::CostVsRequests => (
                format!("Monthly cost against {varied}"),
                describe_requests(rules, projection, decided.break_even, &varied, series)
                    + &describe_assumptions(usage, &mix, &varied),
            ),
            Chart::CostOverTime => (
                format!("Cumulative cost over {} month{}", inputs.months(), plural(inputs.months())),
                describe_time(
                    rules,
                    &projection.months,
                    series,
                    decided.break_even,
                    crossing(&projection.months, decided.break_even),
                    month_start(today, 0),
                ) + &describe_rotation(&rotation_steps(inputs, projection))
                    + &describe_assumptions(usage, &mix, &varied),
            ),
        };
        ChartWords { chart, title, description }
    }
}

/// The line under a chart's title: the state's figures the chart assumes.
fn subtitle(chart: Chart, rules: &RuleSet, inputs: &Inputs, projection: &Projection, today: NaiveDate) -> String {
    let (prices, usage) = (&projection.prices, &projection.usage);
    let hsms = usage.hsms_priced();
    let hours = if usage.hsm_hours == HOURS_PER_MONTH { String::new() } else { format!(" × {} h", usage.hsm_hours) };
    let hourly = format!("{hsms} HSM{} at ${}/h{hours}", plural(hsms), prices.hsm_hourly_usd);
    let mix: String = request_mix(usage, RequestKind::Symmetric)
        .iter()
        .map(|(count, kind)| format!(" · {} {kind}", format::short_count(*count)))
        .collect();
    match chart {
        Chart::CostVsRequests => format!(
            "{} · {} KMS key{}{mix} · {hourly} · prices as of {}",
            inputs.region(),
            format::count(inputs.keys() as f64),
            plural(inputs.keys()),
            rules.oldest_as_of()
        ),
        Chart::CostOverTime => format!(
            "{} symmetric requests/month{mix} · all growing {}%/month · {} · {hourly} · from {}",
            format::short_count(inputs.requests()),
            inputs.growth(),
            inputs.region(),
            month_label(month_start(today, 0), 0)
        ),
    }
}

/// Months within the horizon in which a rotation charge raises KMS's monthly cost; none without
/// rotation or keys.
fn rotation_steps(inputs: &Inputs, projection: &Projection) -> Vec<u32> {
    match projection.usage.rotation_days {
        Some(days) if projection.usage.keys > 0 => {
            projection.prices.rotation_steps(days).into_iter().filter(|&month| month <= inputs.months()).collect()
        }
        _ => Vec::new(),
    }
}

/// What a rendering draws: one of a state's two charts, or a comparison's chart.
#[derive(Clone, Copy)]
pub(crate) enum Plot<'a> {
    State(Chart, &'a ChartData<'a>),
    Comparison(&'a ComparisonChart),
}

impl Plot<'_> {
    fn title(&self) -> &str {
        match self {
            Plot::State(_, data) => &data.title,
            Plot::Comparison(data) => &data.title,
        }
    }

    fn subtitle(&self) -> &str {
        match self {
            Plot::State(_, data) => &data.subtitle,
            Plot::Comparison(data) => &data.subtitle,
        }
    }

    fn description(&self) -> &str {
        match self {
            Plot::State(_, data) => &data.description,
            Plot::Comparison(data) => &data.description,
        }
    }
}

/// The chart as SVG text or PNG bytes.
pub fn render(chart: Chart, data: &ChartData, format: Format, look: Look) -> Result<Vec<u8>, ChartError> {
    rendered(Plot::State(chart, data), format, look)
}

/// The comparison's chart as SVG text or PNG bytes.
pub fn render_comparison(data: &ComparisonChart, format: Format, look: Look) -> Result<Vec<u8>, ChartError> {
    rendered(Plot::Comparison(data), format, look)
}

fn rendered(plot: Plot, format: Format, look: Look) -> Result<Vec<u8>, ChartError> {
    register_fonts()?;
    let size = (look.width, look.height);
    match format {
        Format::Svg => {
            let mut svg = String::new();
            {
                let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                draw::chart(plot, look.theme, Dashes::Solid, &area)?;
                area.present().map_err(|e| ChartError::Drawing(e.to_string()))?;
            }
            let svg = with_dash_arrays(&svg, &draw::svg_dash_arrays(look.theme));
            Ok(with_title_and_description(svg, plot.title(), plot.description()).into_bytes())
        }
        Format::Png => {
            let mut pixels = vec![0u8; look.width as usize * look.height as usize * 3];
            {
                let area = BitMapBackend::with_buffer(&mut pixels, size).into_drawing_area();
                draw::chart(plot, look.theme, Dashes::Segments, &area)?;
                area.present().map_err(|e| ChartError::Drawing(e.to_string()))?;
            }
            encode_png(&pixels, look.width, look.height)
        }
    }
}

/// Volumes at which options' monthly costs are compared to group them: the costs are straight
/// lines in the requests but for the free tier's kink, so a few points on the range tell equal
/// ones from unequal ones as surely as the whole curve.
const GROUPING_POINTS: usize = 8;

/// The options `inputs` show, in groups whose costs are equal at every volume and in every month,
/// each group one line labelled with its options' names.
fn series(rules: &RuleSet, inputs: &Inputs, decided: &Decided) -> Vec<Series> {
    let projection = decided.projection;
    let curve = projection.curve(decided.break_even.map(|even| even.requests_per_month), GROUPING_POINTS);
    let costs = |option: KeyOption| -> Vec<f64> {
        let volumes = curve.iter().map(|(_, costs)| costs.of(option));
        volumes.chain(projection.months.iter().map(|month| month.cumulative.of(option))).collect()
    };
    equal_groups(&inputs.shown_options(), costs)
        .into_iter()
        .map(|options| {
            // A line of an option ruled out says so where it is named, not by colour alone.
            let name = |option: KeyOption| match decided.ruled_out[option] {
                true => format!("{} (ruled out)", rules.title(option)),
                false => rules.title(option).to_string(),
            };
            let label = options.iter().map(|&option| name(option)).collect::<Vec<_>>().join(" = ");
            let short_of = |option: KeyOption| match decided.ruled_out[option] {
                true => format!("{} (out)", short_name(option)),
                false => short_name(option).to_string(),
            };
            let short = options.iter().map(|&option| short_of(option)).collect::<Vec<_>>().join(" = ");
            Series { options, label, short }
        })
        .collect()
}

/// plotters finds text glyphs only in registered fonts; DejaVu Sans is compiled in, so no
/// system font is ever read.
fn register_fonts() -> Result<(), ChartError> {
    static REGISTERED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let registered = REGISTERED.get_or_init(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular()).is_ok()
            && plotters::style::register_font("sans-serif", FontStyle::Bold, dejavu::sans::bold()).is_ok()
    });
    if *registered { Ok(()) } else { Err(ChartError::Font) }
}

fn encode_png(pixels: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| ChartError::Encoding(e.to_string()))?;
    writer.write_image_data(pixels).map_err(|e| ChartError::Encoding(e.to_string()))?;
    writer.finish().map_err(|e| ChartError::Encoding(e.to_string()))?;
    Ok(bytes)
}

/// Adds the accessible name and description plotters does not write, as the first children of
/// the root element.
fn plural(count: impl Into<u64>) -> &'static str {
    if count.into() == 1 { "" } else { "s" }
}

/// The first month whose cumulative cost of the break-even's first option is on the other side
/// of its second's than at first; none without a break-even, as only options that apply cross.
fn crossing(months: &[MonthCost], break_even: Option<BreakEven>) -> Option<usize> {
    let [a, b] = break_even?.between;
    let cheaper = |m: &MonthCost| m.cumulative[a] < m.cumulative[b];
    let first = cheaper(months.first()?);
    months.iter().position(|m| cheaper(m) != first)
}

/// A kind of request as the axis names it: "symmetric KMS requests", "other asymmetric KMS
/// requests (ECC, RSA 3072/4096, ML-DSA)", from the price list's label.
fn varied_name(rules: &RuleSet, kind: RequestKind) -> String {
    let label = rules.prices.requests.iter().find(|price| price.kind == kind).map(|price| price.label.as_str());
    match (kind, label) {
        (RequestKind::Symmetric, _) | (_, None) => "symmetric KMS requests".to_string(),
        (_, Some(label)) => format::lowercase_first(label),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossings_are_found_where_the_order_changes() {
        let rules = advisor_core::ruleset::shipped();
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let (inputs, _) = Inputs::from_query("requests=500000000&keys=1&growth=5&months=36", &rules.region_codes());
        let (inputs, _) =
            Inputs::from_query(&format!("{}&integration=custom", inputs.to_query()), &rules.region_codes());
        let outlook = advisor_core::advice::outlook(&rules, &inputs);
        let data = ChartData::new(Chart::CostOverTime, &rules, &inputs, Decided::from(&outlook), today);
        let index = data.crossing.expect("KMS overtakes CloudHSM");
        let months = &data.projection.months;
        let (before, at) = (&months[index - 1].cumulative, &months[index].cumulative);
        let (kms, cloudhsm) = (KeyOption::Kms, KeyOption::Cloudhsm);
        assert!(before[kms] < before[cloudhsm] && at[kms] >= at[cloudhsm]);
        assert!(data.description.ends_with(&format!("cross in {}.", month_label(data.first_month, index))));
        assert_eq!(month_label(data.first_month, 0), "Nov 2026");
        let flat_outlook = advisor_core::advice::outlook(&rules, &Inputs::default());
        let flat = ChartData::new(Chart::CostOverTime, &rules, &Inputs::default(), Decided::from(&flat_outlook), today);
        assert_eq!(flat.crossing, None);
        // S3 and RDS cannot use CloudHSM: its line is marked, and no crossing is claimed.
        assert!(flat.series.iter().any(|line| line.label == "AWS CloudHSM (ruled out)"), "{:?}", flat.series);
        assert!(!flat.description.contains("cross"), "{}", flat.description);
    }
}
