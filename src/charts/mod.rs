//! Server-rendered cost charts (server build only): the domain's cost model drawn with plotters
//! as SVG or PNG, each with a sentence that states what it shows in numbers.

mod compared;
mod draw;
mod svg;
mod words;

use chrono::NaiveDate;
use plotters::prelude::*;

pub use self::compared::{ComparedLine, ComparisonChart};
use self::draw::Dashes;
use self::svg::{with_dash_arrays, with_title_and_description};
use self::words::{describe_assumptions, describe_requests, describe_rotation, describe_time, request_mix};
pub use advisor_core::chart::{CURVE_POINTS, Chart, month_label, month_start};
use advisor_core::contract::HOURS_PER_MONTH;
use advisor_core::costs::{KeyOption, MonthCost, Projection, equal_groups};
use advisor_core::{Inputs, RuleSet, format};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

/// Pixel size and colours of a rendering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Look {
    pub width: u32,
    pub height: u32,
    pub theme: Theme,
}

impl Default for Look {
    fn default() -> Self {
        Look { width: 960, height: 540, theme: Theme::Light }
    }
}

/// The smallest and largest width or height a chart can be asked for, in pixels.
pub const MIN_SIDE: u32 = 320;
pub const MAX_SIDE: u32 = 2000;

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
}

/// Everything a chart shows: the cost model's results for a state, with the chart's words.
pub struct ChartData<'a> {
    pub title: String,
    /// The lines, options that cost the same sharing one.
    pub series: Vec<Series>,
    pub subtitle: String,
    pub description: String,
    pub projection: &'a Projection,
    /// Index into `projection.months` of the first month where KMS and CloudHSM swap places.
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
    pub fn new(chart: Chart, rules: &RuleSet, inputs: &Inputs, projection: &'a Projection, today: NaiveDate) -> Self {
        let series = series(rules, inputs, projection);
        let ChartWords { title, description, .. } = ChartWords::of(chart, inputs, projection, today, &series);
        ChartData {
            title,
            subtitle: subtitle(chart, rules, inputs, projection, today),
            description,
            series,
            projection,
            crossing: crossing(&projection.months),
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
    pub fn both(rules: &RuleSet, inputs: &Inputs, projection: &Projection, today: NaiveDate) -> [ChartWords; 2] {
        let lines = series(rules, inputs, projection);
        Chart::ALL.map(|chart| ChartWords::of(chart, inputs, projection, today, &lines))
    }

    fn of(chart: Chart, inputs: &Inputs, projection: &Projection, today: NaiveDate, series: &[Series]) -> ChartWords {
        let usage = &projection.usage;
        let mix = request_mix(usage);
        let (title, description) = match chart {
            Chart::CostVsRequests => (
                "Monthly cost against symmetric KMS requests".to_string(),
                describe_requests(projection, series) + &describe_assumptions(usage, &mix),
            ),
            Chart::CostOverTime => (
                format!("Cumulative cost over {} month{}", inputs.months(), plural(inputs.months())),
                describe_time(&projection.months, series, crossing(&projection.months), month_start(today, 0))
                    + &describe_rotation(&rotation_steps(inputs, projection))
                    + &describe_assumptions(usage, &mix),
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
    let mix: String =
        request_mix(usage).iter().map(|(count, kind)| format!(" · {} {kind}", format::short_count(*count))).collect();
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
fn series(rules: &RuleSet, inputs: &Inputs, projection: &Projection) -> Vec<Series> {
    let curve = projection.curve(GROUPING_POINTS);
    let costs = |option: KeyOption| -> Vec<f64> {
        let volumes = curve.iter().map(|(_, costs)| costs.of(option));
        volumes.chain(projection.months.iter().map(|month| month.cumulative.of(option))).collect()
    };
    equal_groups(&inputs.shown_options(), costs)
        .into_iter()
        .map(|options| {
            let label = options.iter().map(|&option| rules.title(option)).collect::<Vec<_>>().join(" = ");
            Series { options, label }
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

/// The first month whose cumulative KMS cost is on the other side of CloudHSM's than at first.
fn crossing(months: &[MonthCost]) -> Option<usize> {
    let kms_cheaper = |m: &MonthCost| m.cumulative[KeyOption::Kms] < m.cumulative[KeyOption::Cloudhsm];
    let first = kms_cheaper(months.first()?);
    months.iter().position(|m| kms_cheaper(m) != first)
}

impl Look {
    /// Reads `width`, `height` and `theme` from a query string; other parameters are ignored.
    pub fn from_query(query: &str) -> Result<Look, advisor_core::InputError> {
        let mut look = Look::default();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.trim();
            match name.as_ref() {
                "width" if !value.is_empty() => look.width = side("width", value)?,
                "height" if !value.is_empty() => look.height = side("height", value)?,
                "theme" if !value.is_empty() => {
                    look.theme = match value {
                        "light" => Theme::Light,
                        "dark" => Theme::Dark,
                        _ => {
                            return Err(advisor_core::InputError {
                                parameter: "theme",
                                message: format!("expected one of light, dark, found \"{}\"", shown(value)),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(look)
    }

    /// The parameters that differ from the default, for links and cache keys.
    pub fn to_query(self) -> String {
        let theme = match self.theme {
            Theme::Light => "light",
            Theme::Dark => "dark",
        };
        format!("width={}&height={}&theme={theme}", self.width, self.height)
    }
}

fn side(parameter: &'static str, value: &str) -> Result<u32, advisor_core::InputError> {
    value.parse::<u32>().ok().filter(|n| (MIN_SIDE..=MAX_SIDE).contains(n)).ok_or_else(|| advisor_core::InputError {
        parameter,
        message: format!("expected a whole number of pixels from {MIN_SIDE} to {MAX_SIDE}, found \"{}\"", shown(value)),
    })
}

fn shown(value: &str) -> String {
    value.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_parameters_are_checked() {
        assert_eq!(
            Look::from_query("width=400&height=2000&theme=dark&keys=3").unwrap(),
            Look { width: 400, height: 2000, theme: Theme::Dark }
        );
        assert_eq!(Look::from_query("width=&theme=").unwrap(), Look::default());
        let cases = [
            ("width=319", "width", "expected a whole number of pixels from 320 to 2000, found \"319\""),
            ("height=1e3", "height", "expected a whole number of pixels from 320 to 2000, found \"1e3\""),
            ("theme=blue", "theme", "expected one of light, dark, found \"blue\""),
        ];
        for (query, parameter, message) in cases {
            let error = Look::from_query(query).unwrap_err();
            assert_eq!((error.parameter, error.message.as_str()), (parameter, message));
        }
    }

    #[test]
    fn crossings_are_found_where_the_order_changes() {
        let rules = advisor_core::ruleset::shipped();
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let (inputs, _) = Inputs::from_query("requests=500000000&keys=1&growth=5&months=36", &rules.region_codes());
        let projection = rules.projection(&inputs);
        let data = ChartData::new(Chart::CostOverTime, &rules, &inputs, &projection, today);
        let index = data.crossing.expect("KMS overtakes CloudHSM");
        let months = &data.projection.months;
        let (before, at) = (&months[index - 1].cumulative, &months[index].cumulative);
        let (kms, cloudhsm) = (KeyOption::Kms, KeyOption::Cloudhsm);
        assert!(before[kms] < before[cloudhsm] && at[kms] >= at[cloudhsm]);
        assert!(data.description.ends_with(&format!("cross in {}.", month_label(data.first_month, index))));
        assert_eq!(month_label(data.first_month, 0), "Nov 2026");
        let flat_projection = rules.projection(&Inputs::default());
        let flat = ChartData::new(Chart::CostOverTime, &rules, &Inputs::default(), &flat_projection, today);
        assert_eq!(flat.crossing, None);
        assert!(flat.description.ends_with("do not cross."));
    }
}
